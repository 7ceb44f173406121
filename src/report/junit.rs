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
//! quick-xml escapes every text and attribute. Text from inventories and
//! remote servers is cleaned first: attributes and names become one line
//! without control characters or bidirectional overrides
//! ([`crate::text::plain`]), bodies keep their line breaks, and characters
//! XML 1.0 forbids (ESC and other controls, U+FFFE, U+FFFF) are dropped
//! everywhere.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufWriter, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::writer::ElementWriter;

use super::Reporter;
use crate::scan::{Finding, Outcome, OutcomeCounts, RuleSummary, ScanResult, SystemSummary};
use crate::text::plain;

pub struct JunitReporter;

/// Name of the one passing test case per system (see the module doc).
const PASSING_CASE: &str = "passing checks";

impl Reporter for JunitReporter {
    fn render(&self, scan: &ScanResult, out: &mut dyn Write) -> io::Result<()> {
        let suites = plan_suites(scan);
        let rules: HashMap<&str, &RuleSummary> =
            scan.rules.iter().map(|r| (r.id.as_str(), r)).collect();
        let mut total = CaseCounts::default();
        for suite in suites.values() {
            total.merge(suite.counts);
        }

        // quick-xml writes many small pieces; a buffer of a concrete type
        // keeps them out of the `dyn Write` calls (as in json.rs).
        let mut buffered = BufWriter::with_capacity(1 << 16, out);
        let mut xml = Writer::new_with_indent(&mut buffered, b' ', 2);
        xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let root = xml
            .create_element("testsuites")
            .with_attribute(("name", "cloudcensus"));
        total.attributes(root).write_inner_content(|xml| {
            for (agency, suite) in &suites {
                write_suite(xml, scan, &rules, agency, suite)?;
            }
            Ok(())
        })?;
        writeln!(buffered)?;
        buffered.flush()
    }
}

/// Test cases by kind, for a suite's or the document's attributes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct CaseCounts {
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
}

impl CaseCounts {
    fn add(&mut self, outcome: Outcome) {
        self.tests += 1;
        match outcome {
            Outcome::Pass => {}
            Outcome::Fail => self.failures += 1,
            Outcome::Error => self.errors += 1,
            Outcome::Waived | Outcome::Unknown => self.skipped += 1,
        }
    }

    fn merge(&mut self, other: CaseCounts) {
        self.tests += other.tests;
        self.failures += other.failures;
        self.errors += other.errors;
        self.skipped += other.skipped;
    }

    fn attributes<'a, W>(&self, element: ElementWriter<'a, W>) -> ElementWriter<'a, W> {
        element
            .with_attribute(("tests", self.tests.to_string().as_str()))
            .with_attribute(("failures", self.failures.to_string().as_str()))
            .with_attribute(("errors", self.errors.to_string().as_str()))
            .with_attribute(("skipped", self.skipped.to_string().as_str()))
    }
}

/// One agency's test cases, grouped by system key.
#[derive(Default)]
struct Suite<'a> {
    systems: BTreeMap<&'a str, SystemCases<'a>>,
    counts: CaseCounts,
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

/// Groups systems and findings by agency and system, in one pass over
/// each; the counts are those of the test cases [`write_suite`] writes.
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
        suite.counts.add(finding.outcome);
    }
    for suite in suites.values_mut() {
        // One passing test case per system with passes.
        suite.counts.tests += suite.systems.values().filter(|s| s.passed() > 0).count();
    }
    suites
}

fn write_suite<W: Write>(
    xml: &mut Writer<W>,
    scan: &ScanResult,
    rules: &HashMap<&str, &RuleSummary>,
    agency_id: &str,
    suite: &Suite,
) -> io::Result<()> {
    let element = xml
        .create_element("testsuite")
        .with_attribute(("name", one_line(agency_id).as_str()));
    suite
        .counts
        .attributes(element)
        .write_inner_content(|xml| {
            write_suite_properties(xml, scan, agency_id, suite)?;
            for (key, system) in &suite.systems {
                for finding in &system.findings {
                    let rule = rules.get(&*finding.rule).copied();
                    write_finding(xml, key, system.summary, finding, rule)?;
                }
                let passed = system.passed();
                if passed > 0 {
                    let checks = if passed == 1 { "check" } else { "checks" };
                    let note = format!(
                        "{passed} {checks} passed on this system. The scan record counts \
                         passing checks per system without naming their rules, so they \
                         share this test case."
                    );
                    with_location(test_case(xml, PASSING_CASE, key), system.summary)
                        .with_attribute(("assertions", passed.to_string().as_str()))
                        .write_inner_content(|xml| {
                            xml.create_element("system-out")
                                .write_text_content(BytesText::new(&note))?;
                            Ok(())
                        })?;
                }
            }
            Ok(())
        })?;
    Ok(())
}

fn write_suite_properties<W: Write>(
    xml: &mut Writer<W>,
    scan: &ScanResult,
    agency_id: &str,
    suite: &Suite,
) -> io::Result<()> {
    let agency = scan.agencies.iter().find(|a| a.id == agency_id);
    let mut checks = OutcomeCounts::default();
    for system in suite.systems.values().filter_map(|s| s.summary) {
        checks.merge(&system.outcomes);
    }
    let total = checks.pass + checks.fail + checks.waived + checks.unknown + checks.error;
    let mut properties: Vec<(&str, String)> = Vec::new();
    if let Some(agency) = agency {
        properties.push(("agency.name", one_line(&agency.name)));
        properties.push(("agency.file", one_line(&agency.file)));
    }
    properties.push(("as_of", scan.as_of.to_string()));
    properties.push(("mode", scan.mode.to_string()));
    properties.push(("checks", total.to_string()));
    properties.push(("checks.pass", checks.pass.to_string()));
    xml.create_element("properties")
        .write_inner_content(|xml| {
            for (name, value) in &properties {
                xml.create_element("property")
                    .with_attribute(("name", *name))
                    .with_attribute(("value", value.as_str()))
                    .write_empty()?;
            }
            Ok(())
        })?;
    Ok(())
}

fn test_case<'a, W: Write>(xml: &'a mut Writer<W>, name: &str, key: &str) -> ElementWriter<'a, W> {
    xml.create_element("testcase")
        .with_attribute(("name", one_line(name).as_str()))
        .with_attribute(("classname", one_line(key).as_str()))
}

/// `file` and `line` of the system's inventory entry, when known.
fn with_location<'a, W>(
    element: ElementWriter<'a, W>,
    system: Option<&SystemSummary>,
) -> ElementWriter<'a, W> {
    let Some(system) = system.filter(|s| !s.file.is_empty()) else {
        return element;
    };
    let element = element.with_attribute(("file", one_line(&system.file).as_str()));
    if system.line > 0 {
        element.with_attribute(("line", system.line.to_string().as_str()))
    } else {
        element
    }
}

fn write_finding<W: Write>(
    xml: &mut Writer<W>,
    key: &str,
    system: Option<&SystemSummary>,
    finding: &Finding,
    rule: Option<&RuleSummary>,
) -> io::Result<()> {
    let mut name = format!("{}: {}", finding.rule, finding.title);
    if let Some(endpoint) = &finding.endpoint {
        name.push_str(" @ ");
        name.push_str(endpoint);
    }
    let case = with_location(test_case(xml, &name, key), system);
    let detail = finding.detail.as_deref();
    // Failures and errors carry a type and a body; skipped has a message only.
    let (element, message, failure_type) = match finding.outcome {
        Outcome::Pass => {
            case.write_empty()?;
            return Ok(());
        }
        Outcome::Fail => {
            let mut message = format!("{}: {}", finding.severity, finding.title);
            if let Some(detail) = detail {
                // e.g. "waiver expired on 2026-01-01"
                message.push_str(" (");
                message.push_str(detail);
                message.push(')');
            }
            ("failure", message, Some(finding.severity.as_str()))
        }
        Outcome::Error => {
            let reason = detail.unwrap_or("no reason given");
            (
                "error",
                format!("could not evaluate: {reason}"),
                Some("evaluation"),
            )
        }
        Outcome::Unknown => {
            let reason = detail.unwrap_or("facts missing");
            ("skipped", format!("unknown: {reason}"), None)
        }
        // The engine's detail names the waiver: "waived until …: reason".
        Outcome::Waived => ("skipped", detail.unwrap_or("waived").to_string(), None),
    };
    case.write_inner_content(|xml| {
        let child = xml
            .create_element(element)
            .with_attribute(("message", one_line(&message).as_str()));
        match failure_type {
            Some(failure_type) => {
                let body = failure_body(key, system, finding, rule);
                child
                    .with_attribute(("type", failure_type))
                    .write_text_content(BytesText::new(&body))?;
            }
            None => {
                child.write_empty()?;
            }
        }
        Ok(())
    })?;
    Ok(())
}

/// What a CI shows under a failure or error: enough to act on it without
/// opening the JSON report.
fn failure_body(
    key: &str,
    system: Option<&SystemSummary>,
    finding: &Finding,
    rule: Option<&RuleSummary>,
) -> String {
    let mut lines = vec![format!(
        "{} ({}): {}",
        finding.rule, finding.severity, finding.title
    )];
    match system {
        Some(system) => lines.push(format!("System: {key}, {}", plain(&system.name))),
        None => lines.push(format!("System: {key}")),
    }
    if let Some(endpoint) = &finding.endpoint {
        lines.push(format!("Endpoint: {endpoint}"));
    }
    if let Some(system) = system.filter(|s| !s.file.is_empty()) {
        if system.line > 0 {
            lines.push(format!("Inventory: {}:{}", system.file, system.line));
        } else {
            lines.push(format!("Inventory: {}", system.file));
        }
    }
    if let Some(detail) = &finding.detail {
        lines.push(format!("Detail: {detail}"));
    }
    if let Some(rule) = rule {
        if let Some(remediation) = &rule.remediation {
            lines.push(format!("Remediation: {remediation}"));
        }
        if !rule.references.is_empty() {
            lines.push(format!("References: {}", rule.references.join("; ")));
        }
    }
    multi_line(&lines.join("\n"))
}

/// Text for an attribute or a name: one line, no control characters or
/// bidirectional overrides, nothing XML 1.0 forbids.
fn one_line(text: &str) -> String {
    let mut line = plain(text);
    line.retain(is_xml_char);
    line
}

/// Text for a body: line breaks and tabs kept (a lone CR becomes a line
/// break), other control characters and bidirectional overrides dropped,
/// nothing XML 1.0 forbids. Also used for SARIF help texts.
pub(super) fn multi_line(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|&c| c == '\n' || c == '\t' || !(c.is_control() || crate::text::is_bidi_control(c)))
        .filter(|&c| is_xml_char(c))
        .collect()
}

/// The `Char` production of XML 1.0: what may appear in a document at all,
/// even escaped.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use quick_xml::XmlVersion;
    use quick_xml::events::BytesStart;
    use quick_xml::reader::Reader;

    use super::*;

    use crate::report::hostile_scan;

    fn render(scan: &ScanResult) -> String {
        let mut out = Vec::new();
        JunitReporter.render(scan, &mut out).expect("renders");
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
        assert!(
            xml.contains(
                r#"<error message="could not evaluate: no such key: x" type="evaluation">"#
            )
        );
    }
}
