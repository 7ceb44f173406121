//! JUnit XML for CI systems (Jenkins, GitLab, GitHub test-report actions),
//! so a scan in a pipeline shows up in the CI's test view.
//!
//! Layout:
//!
//! - One `<testsuite>` per agency, named by its id: the agency is who has to
//!   act on a finding, and with `classname` = system key a CI's tree reads
//!   agency → system → rule, every check of a system under that system.
//!   (A suite per rule would scatter each system over many suites.) The
//!   agency's name and inventory file are suite `<properties>`.
//! - One `<testcase>` per finding: `classname` = system key, `name` = rule
//!   id and title, plus the endpoint for endpoint rules so the names stay
//!   unique; `file` and `line` point at the system's inventory entry (GitLab
//!   and the GitHub test-report actions show them).
//!   - `fail` → `<failure>`, `error` → `<error>`: the headline in `message`,
//!     the system, endpoint, remediation and references in the body.
//!   - `unknown` → `<skipped message="unknown: reason">`: no verdict.
//!   - `waived` → `<skipped message="waived until …: reason">`. Not passed:
//!     the check failed and a waiver excuses it until a date; showing it as
//!     passed would hide a known gap and the waiver's reason, and it would
//!     turn into a failure out of nowhere when the waiver expires. Skipped
//!     keeps it visible, with its reason, without breaking the build.
//! - Passes: the record lists only results that are not a pass and counts
//!   passes per system (`SystemSummary.outcomes.pass`), not per rule, so a
//!   passing test case per (system, rule) cannot be rebuilt without
//!   inventing rule names. Each system with passes gets one passing test
//!   case, `passing checks`, whose `assertions` attribute and
//!   `<system-out>` give the count. Its name stays the same from run to run
//!   so CI history follows it.
//!
//! `tests`, `failures`, `errors` and `skipped` count the test cases written,
//! so they add up in every suite and in `<testsuites>`; the number of
//! individual checks is the suite property `checks`.
//!
//! The document is built with quick-junit and written by it (through
//! quick-xml, which escapes every text and attribute). Text from
//! inventories and remote servers is cleaned first: attributes and names
//! become one line without control characters or bidirectional overrides
//! ([`crate::text::plain`]), bodies keep their line breaks
//! ([`crate::text::multi_line`]; a tab becomes a space, as quick-junit
//! drops tabs), and characters XML 1.0 forbids (ESC and other controls,
//! U+FFFE, U+FFFF) are dropped everywhere.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufWriter, Write};

use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use super::Reporter;
use super::cells::severity_name;
use super::i18n::Labels;
use crate::scan::{Finding, Outcome, OutcomeCounts, RuleSummary, ScanResult, SystemSummary};
use crate::text::{is_xml_char, multi_line, plain};

/// Names, messages and bodies are in the labels' language; the failure
/// `type` stays the severity's keyword.
pub struct JunitReporter {
    pub labels: Labels,
}

impl Reporter for JunitReporter {
    fn render(&self, scan: &ScanResult, out: &mut dyn Write) -> io::Result<()> {
        let report = build_report(scan, &self.labels);
        // quick-xml writes many small pieces; a buffer of a concrete type
        // keeps them out of the `dyn Write` calls (as in json.rs).
        let mut out = KeepError {
            inner: BufWriter::with_capacity(1 << 16, out),
            error: None,
        };
        if let Err(error) = report.serialize(&mut out) {
            // The writer's own error, so that a closed pipe is still seen as one.
            return Err(out.error.take().unwrap_or_else(|| io::Error::other(error)));
        }
        out.inner.flush()
    }
}

/// A writer that keeps the first error of its output: quick-junit wraps
/// write errors in its own error type, whose cause cannot be taken back out.
struct KeepError<W> {
    inner: W,
    error: Option<io::Error>,
}

impl<W: Write> KeepError<W> {
    fn keep<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        result.map_err(|error| {
            let kind = error.kind();
            self.error.get_or_insert(error);
            io::Error::from(kind)
        })
    }
}

impl<W: Write> Write for KeepError<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let result = self.inner.write(buf);
        self.keep(result)
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.inner.flush();
        self.keep(result)
    }
}

/// One agency's test cases, grouped by system key.
#[derive(Default)]
struct Suite<'a> {
    systems: BTreeMap<&'a str, SystemCases<'a>>,
}

#[derive(Default)]
struct SystemCases<'a> {
    /// Absent only if a finding names a system the record does not list.
    summary: Option<&'a SystemSummary>,
    /// In record order: most severe first, then by rule.
    findings: Vec<&'a Finding>,
}

impl SystemCases<'_> {
    fn passed(&self) -> usize {
        self.summary.map_or(0, |s| s.outcomes.pass)
    }
}

/// Groups systems and findings by agency and system, in one pass over each.
fn plan_suites(scan: &ScanResult) -> BTreeMap<&str, Suite<'_>> {
    let mut suites: BTreeMap<&str, Suite> = BTreeMap::new();
    for system in &scan.systems {
        let suite = suites.entry(&*system.agency).or_default();
        suite
            .systems
            .entry(system.key.as_str())
            .or_default()
            .summary = Some(system);
    }
    for finding in &scan.findings {
        let suite = suites.entry(&finding.agency).or_default();
        suite
            .systems
            .entry(&finding.system)
            .or_default()
            .findings
            .push(finding);
    }
    suites
}

/// The whole document. quick-junit counts the test cases of each suite
/// and of the document as they are added, so the counts always add up.
fn build_report(scan: &ScanResult, labels: &Labels) -> Report {
    let rules: HashMap<&str, &RuleSummary> =
        scan.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut report = Report::new("cloudcensus");
    for (agency, suite) in &plan_suites(scan) {
        report.add_test_suite(test_suite(scan, &rules, agency, suite, labels));
    }
    report
}

fn test_suite(
    scan: &ScanResult,
    rules: &HashMap<&str, &RuleSummary>,
    agency_id: &str,
    suite: &Suite,
    labels: &Labels,
) -> TestSuite {
    let mut test_suite = TestSuite::new(one_line(agency_id));
    test_suite.add_properties(suite_properties(scan, agency_id, suite));
    for (key, system) in &suite.systems {
        for finding in &system.findings {
            let rule = rules.get(&*finding.rule).copied();
            test_suite.add_test_case(finding_case(key, system.summary, finding, rule, labels));
        }
        let passed = system.passed();
        if passed > 0 {
            // The one passing test case per system (see the module doc).
            let name = labels.get("ci-passing-case");
            let mut case = test_case(&name, key, system.summary, TestCaseStatus::success());
            case.set_assertions(passed)
                .set_system_out(labels.with("ci-passing-body", &[("count", passed.into())]));
            test_suite.add_test_case(case);
        }
    }
    test_suite
}

fn suite_properties(scan: &ScanResult, agency_id: &str, suite: &Suite) -> Vec<Property> {
    let agency = scan.agencies.iter().find(|a| a.id == agency_id);
    let mut checks = OutcomeCounts::default();
    for system in suite.systems.values().filter_map(|s| s.summary) {
        checks.merge(&system.outcomes);
    }
    let mut properties = Vec::new();
    if let Some(agency) = agency {
        properties.push(Property::new("agency.name", one_line(&agency.name)));
        properties.push(Property::new("agency.file", one_line(&agency.file)));
    }
    properties.push(Property::new("as_of", scan.as_of.to_string()));
    properties.push(Property::new("mode", scan.mode.to_string()));
    properties.push(Property::new("checks", checks.total().to_string()));
    properties.push(Property::new("checks.pass", checks.pass.to_string()));
    properties
}

/// A test case named `name` under the system `key`, with the `file` and
/// `line` of the system's inventory entry when they are known.
fn test_case(
    name: &str,
    key: &str,
    system: Option<&SystemSummary>,
    status: TestCaseStatus,
) -> TestCase {
    let mut case = TestCase::new(one_line(name), status);
    case.set_classname(one_line(key));
    if let Some(file) = system.and_then(|s| s.file.as_deref()) {
        case.extra.insert("file".into(), one_line(file).into());
        if let Some(line) = system.and_then(|s| s.line) {
            case.extra.insert("line".into(), line.to_string().into());
        }
    }
    case
}

fn finding_case(
    key: &str,
    system: Option<&SystemSummary>,
    finding: &Finding,
    rule: Option<&RuleSummary>,
    labels: &Labels,
) -> TestCase {
    let title = rule.map_or(&*finding.title, |rule| rule.title_in(labels.lang()));
    let mut name = format!("{}: {title}", finding.rule);
    if let Some(endpoint) = &finding.endpoint {
        name.push_str(" @ ");
        name.push_str(endpoint);
    }
    let detail = finding.detail.as_deref();
    // Failures and errors carry a type and a body; skipped has a message only.
    let non_success = |kind, message: &str, failure_type: &str| {
        let mut status = TestCaseStatus::non_success(kind);
        status
            .set_message(one_line(message))
            .set_type(failure_type)
            .set_description(failure_body(key, system, finding, rule, labels));
        status
    };
    let status = match finding.outcome {
        Outcome::Pass => TestCaseStatus::success(),
        Outcome::Fail => {
            let severity = severity_name(finding.severity, labels);
            let mut message = format!("{severity}: {title}");
            if let Some(detail) = detail {
                // e.g. "waiver expired on 2026-01-01"
                message.push_str(" (");
                message.push_str(detail);
                message.push(')');
            }
            non_success(NonSuccessKind::Failure, &message, finding.severity.as_str())
        }
        Outcome::Error => {
            let reason = detail.map_or_else(|| labels.get("ci-no-reason"), str::to_string);
            non_success(
                NonSuccessKind::Error,
                &labels.with("ci-could-not-evaluate", &[("reason", reason.into())]),
                "evaluation",
            )
        }
        Outcome::Unknown => {
            let reason = detail.map_or_else(|| labels.get("ci-facts-missing"), str::to_string);
            skipped(&labels.with("ci-unknown", &[("reason", reason.into())]))
        }
        // The engine's detail names the waiver: "waived until …: reason".
        Outcome::Waived => skipped(&detail.map_or_else(|| labels.get("ci-waived"), str::to_string)),
    };
    test_case(&name, key, system, status)
}

fn skipped(message: &str) -> TestCaseStatus {
    let mut status = TestCaseStatus::skipped();
    status.set_message(one_line(message));
    status
}

/// What a CI shows under a failure or error: enough to act on it without
/// opening the JSON report.
fn failure_body(
    key: &str,
    system: Option<&SystemSummary>,
    finding: &Finding,
    rule: Option<&RuleSummary>,
    labels: &Labels,
) -> String {
    let lang = labels.lang();
    let title = rule.map_or(&*finding.title, |rule| rule.title_in(lang));
    let mut lines = vec![format!(
        "{} ({}): {title}",
        finding.rule,
        severity_name(finding.severity, labels)
    )];
    let line = |id: &str, name: &str, value: String| labels.with(id, &[(name, value.into())]);
    lines.push(line(
        "ci-system",
        "system",
        match system {
            Some(system) => format!("{key}, {}", plain(&system.name)),
            None => key.to_string(),
        },
    ));
    if let Some(endpoint) = &finding.endpoint {
        lines.push(line("ci-endpoint", "endpoint", endpoint.to_string()));
    }
    if let Some(file) = system.and_then(|s| s.file.as_deref()) {
        let place = match system.and_then(|s| s.line) {
            Some(line) => format!("{file}:{line}"),
            None => file.to_string(),
        };
        lines.push(line("ci-inventory", "place", place));
    }
    if let Some(detail) = &finding.detail {
        lines.push(line("ci-detail", "detail", detail.to_string()));
    }
    if let Some(rule) = rule {
        if let Some(description) = rule.description_in(lang) {
            lines.push(line("ci-description", "text", description.to_string()));
        }
        if let Some(remediation) = rule.remediation_in(lang) {
            lines.push(line("ci-remediation", "text", remediation.to_string()));
        }
        let references = rule.references_in(lang);
        if !references.is_empty() {
            lines.push(line("ci-references", "list", references.join("; ")));
        }
    }
    // quick-junit drops tabs from every text (with terminal escapes): a
    // space keeps the words apart.
    multi_line(&lines.join("\n")).replace('\t', " ")
}

/// Text for an attribute or a name: one line, no control characters or
/// bidirectional overrides, nothing XML 1.0 forbids.
fn one_line(text: &str) -> String {
    let mut line = plain(text);
    line.retain(is_xml_char);
    line
}

#[cfg(test)]
mod tests {
    use quick_xml::XmlVersion;
    use quick_xml::events::{BytesStart, Event};
    use quick_xml::reader::Reader;

    use super::*;

    use crate::report::hostile_scan;

    fn render(scan: &ScanResult) -> String {
        let mut out = Vec::new();
        JunitReporter {
            labels: Labels::new(crate::report::Lang::En),
        }
        .render(scan, &mut out)
        .expect("renders");
        String::from_utf8(out).expect("UTF-8")
    }

    fn attribute(element: &BytesStart, name: &str) -> Option<String> {
        element
            .try_get_attribute(name)
            .expect("attribute parses")
            .map(|a| {
                a.normalized_value(XmlVersion::Explicit1_0)
                    .expect("attribute unescapes")
                    .into_owned()
            })
    }

    fn count(element: &BytesStart, name: &str) -> usize {
        attribute(element, name)
            .unwrap_or_else(|| panic!("{name} is present"))
            .parse()
            .expect("a count")
    }

    /// Test cases by kind, as a suite or the document counts them.
    #[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
    struct CaseCounts {
        tests: usize,
        failures: usize,
        errors: usize,
        skipped: usize,
    }

    /// What one `<testsuite>` or `<testsuites>` claims, and what its test
    /// cases are.
    #[derive(Debug, Default)]
    struct Tally {
        claimed: CaseCounts,
        found: CaseCounts,
    }

    fn claimed(element: &BytesStart) -> CaseCounts {
        CaseCounts {
            tests: count(element, "tests"),
            failures: count(element, "failures"),
            errors: count(element, "errors"),
            skipped: count(element, "skipped"),
        }
    }

    /// Reads the whole document with quick-xml (which fails on mismatched
    /// tags and malformed attributes or references) and tallies the counts.
    fn parse(xml: &str) -> (Tally, Vec<Tally>, Vec<(String, String)>) {
        let mut reader = Reader::from_str(xml);
        let mut document = Tally::default();
        let mut suites: Vec<Tally> = Vec::new();
        let mut properties = Vec::new();
        loop {
            let event = reader.read_event().expect("well-formed XML");
            let element = match &event {
                Event::Eof => break,
                Event::Start(e) | Event::Empty(e) => e,
                _ => continue,
            };
            match element.name().as_ref() {
                "testsuites" => document.claimed = claimed(element),
                "testsuite" => suites.push(Tally {
                    claimed: claimed(element),
                    ..Tally::default()
                }),
                "property" => properties.push((
                    attribute(element, "name").expect("property name"),
                    attribute(element, "value").expect("property value"),
                )),
                "testcase" => {
                    let suite = suites.last_mut().expect("test case inside a suite");
                    suite.found.tests += 1;
                    document.found.tests += 1;
                }
                kind @ ("failure" | "error" | "skipped") => {
                    let suite = suites.last_mut().expect("inside a suite");
                    for tally in [&mut suite.found, &mut document.found] {
                        match kind {
                            "failure" => tally.failures += 1,
                            "error" => tally.errors += 1,
                            _ => tally.skipped += 1,
                        }
                    }
                }
                _ => {}
            }
        }
        (document, suites, properties)
    }

    #[test]
    fn hostile_scan_snapshot() {
        insta::assert_snapshot!(render(&hostile_scan()));
    }

    #[test]
    fn hostile_text_is_escaped_and_cleaned() {
        let scan = hostile_scan();
        let xml = render(&scan);
        assert!(!xml.contains("<script>"), "raw <script> in:\n{xml}");
        assert!(!xml.contains("<i>"), "raw <i> in:\n{xml}");
        assert!(!xml.contains('\u{1b}'), "ESC in the output");
        assert!(
            !xml.contains('\u{202E}'),
            "right-to-left override in the output"
        );
        assert!(xml.contains("&lt;script&gt;"));

        // The escaped name reads back as the (cleaned) original.
        let (_, _, properties) = parse(&xml);
        let name = properties
            .iter()
            .find(|(name, _)| name == "agency.name")
            .map(|(_, value)| value.as_str());
        assert_eq!(name, Some(plain(&scan.agencies[0].name).as_str()));
        assert_eq!(
            name,
            Some("<script>alert('x')</script> Sở Thử nghiệm & \"Kiểm tra\"")
        );
    }

    #[test]
    fn counts_add_up() {
        let scan = hostile_scan();
        let (document, suites, _) = parse(&render(&scan));
        assert_eq!(suites.len(), 1, "one suite per agency");
        for suite in &suites {
            assert_eq!(suite.claimed, suite.found);
        }
        assert_eq!(document.claimed, document.found);
        // 3 findings, and a passing case for each of the 2 systems with passes.
        assert_eq!(
            document.claimed,
            CaseCounts {
                tests: 5,
                failures: 1,
                errors: 0,
                skipped: 2,
            }
        );
    }

    #[test]
    fn text_cleaning() {
        assert_eq!(
            one_line("a\u{1b}[31mb\tc\nd\u{202E}e\u{FFFE}"),
            "a[31mb c de"
        );
        assert_eq!(
            multi_line("a\u{1b}b\r\nc\rd\te\u{202E}\u{FFFF}"),
            "ab\nc\nd\te"
        );
    }

    #[test]
    fn error_outcome_and_missing_system() {
        let mut scan = hostile_scan();
        let mut finding = scan.findings[0].clone();
        finding.outcome = Outcome::Error;
        finding.system = "so-x/gone".into();
        finding.detail = Some("no such key: x".into());
        scan.findings.push(finding);
        let xml = render(&scan);
        let (document, suites, _) = parse(&xml);
        assert_eq!(document.claimed, document.found);
        assert_eq!(suites[0].claimed.errors, 1);
        assert!(xml.contains(
            r#"<error message="could not evaluate the rule: no such key: x" type="evaluation">"#
        ));
    }
}
