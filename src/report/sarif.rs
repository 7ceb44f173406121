//! SARIF 2.1.0 for GitHub code scanning and SARIF viewers (VS Code): each
//! finding becomes an alert on the inventory line that declares the system.
//!
//! One run; `tool.driver` is cloudcensus at the record's `tool_version`,
//! with a rule per policy rule (`shortDescription` = title, `help` =
//! remediation and references, `helpUri` = the first http(s) reference,
//! `defaultConfiguration.level` from the severity, and the severity,
//! policy, basis and references as properties). Rules carry no `name`: the
//! id already is the short stable identifier GitHub filters by.
//!
//! Results, in record order (most severe first):
//!
//! - `fail` and `error` findings; `level` from the severity (critical and
//!   high → `error`, medium → `warning`, low and info → `note`). An error
//!   says so in its message: the rule could not be evaluated on the system.
//! - `waived` findings, with a `suppressions` entry (`external`, the
//!   waiver's text as justification): code scanning and viewers show them as
//!   suppressed, and the alert reopens by itself when the waiver expires.
//! - `unknown` findings are left out. A SARIF result claims a problem was
//!   found; an unknown one means the facts were missing (offline, probe
//!   failed), and offline every endpoint rule is unknown, which would flood
//!   code scanning with alerts nobody can fix in the repository. The
//!   record's outcome counts, unknowns included, are run properties; the
//!   JSON, JUnit and table reports list them.
//!
//! Each result's location is the system's inventory file (relative, forward
//! slashes, percent-encoded where a URI needs it, against `%SRCROOT%`: the
//! directory cloudcensus ran in) and its line (no region when the line is
//! unknown; no physical location when the file is). `partialFingerprints`
//! hash rule, system and endpoint, not the line, so an alert keeps its
//! identity when the inventory is edited.
//!
//! Text is plain text: messages become one line without control characters
//! or bidirectional overrides, `{`/`}` are doubled as SARIF requires of
//! message strings, and `](` is broken up so that text from an inventory or
//! a server cannot form an embedded link.

use std::collections::HashMap;
use std::io::{self, BufWriter, Write};

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};
use sha2::{Digest, Sha256};

use super::Reporter;
use super::i18n::Labels;
use crate::scan::{
    Finding, Outcome, OutcomeCounts, RuleSummary, ScanResult, Severity, SystemSummary,
};
use crate::text::{multi_line, plain};

/// The texts people read (rule titles, remediations, messages) are in the
/// labels' language; ids, keywords and properties stay as the record has them.
pub struct SarifReporter {
    pub labels: Labels,
}

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Names the base of relative inventory paths (the directory cloudcensus
/// ran in, normally the repository root), as GitHub and CodeQL do.
const SOURCE_ROOT: &str = "%SRCROOT%";

impl Reporter for SarifReporter {
    fn render(&self, scan: &ScanResult, out: &mut dyn Write) -> io::Result<()> {
        let log = SarifLog::new(scan, &self.labels);
        // serde_json writes token by token; see json.rs for the buffer.
        let mut buffered = BufWriter::with_capacity(1 << 16, out);
        serde_json::to_writer(&mut buffered, &log)?;
        writeln!(buffered)?;
        buffered.flush()
    }
}

#[derive(Serialize)]
struct SarifLog<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
struct Run<'a> {
    tool: Tool<'a>,
    invocations: [Invocation; 1],
    results: Results<'a>,
    properties: RunProperties<'a>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
struct Driver<'a> {
    name: &'static str,
    version: &'a str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    short_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: RuleProperties<'a>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties<'a> {
    severity: &'static str,
    policy: &'a str,
    basis: &'a str,
    each: &'a str,
    references: &'a [String],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(with = "time::serde::rfc3339")]
    start_time_utc: time::OffsetDateTime,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunProperties<'a> {
    as_of: String,
    mode: &'static str,
    /// Every result of the scan, passes and unknowns included.
    outcomes: &'a OutcomeCounts,
}

/// The results, written one by one as serde asks for them: a large scan
/// has hundreds of thousands, and none is built before it is written.
struct Results<'a> {
    findings: &'a [Finding],
    rules: &'a [RuleSummary],
    labels: &'a Labels,
    systems: HashMap<&'a str, SystemEntry<'a>>,
    rule_indices: HashMap<&'a str, usize>,
}

/// A system and its inventory file as a SARIF location, worked out once.
struct SystemEntry<'a> {
    summary: &'a SystemSummary,
    artifact: Option<ArtifactLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location<'a>; 1],
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressions: Option<[Suppression; 1]>,
    properties: ResultProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    physical_location: Option<PhysicalLocation<'a>>,
    logical_locations: [LogicalLocation<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: &'a ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation<'a> {
    fully_qualified_name: &'a str,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "cloudcensusFinding/v1")]
    finding: String,
}

#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    status: &'static str,
    justification: String,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    outcome: &'static str,
    severity: &'static str,
    system: &'a str,
    agency: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    endpoint: Option<String>,
}

impl<'a> SarifLog<'a> {
    fn new(scan: &'a ScanResult, labels: &'a Labels) -> Self {
        let mut rule_indices = HashMap::with_capacity(scan.rules.len());
        for (index, rule) in scan.rules.iter().enumerate() {
            // The first of a duplicated id wins, as in any lookup by id.
            rule_indices.entry(rule.id.as_str()).or_insert(index);
        }
        let systems = scan
            .systems
            .iter()
            .map(|system| {
                let artifact = system.file.as_deref().map(artifact_location);
                (
                    system.key.as_str(),
                    SystemEntry {
                        summary: system,
                        artifact,
                    },
                )
            })
            .collect();
        SarifLog {
            schema: SCHEMA,
            version: "2.1.0",
            runs: [Run {
                tool: Tool {
                    driver: Driver {
                        name: "cloudcensus",
                        version: &scan.tool_version,
                        rules: scan.rules.iter().map(|r| rule(r, labels)).collect(),
                    },
                },
                invocations: [Invocation {
                    execution_successful: true,
                    start_time_utc: scan.started_at,
                }],
                results: Results {
                    findings: &scan.findings,
                    rules: &scan.rules,
                    labels,
                    systems,
                    rule_indices,
                },
                properties: RunProperties {
                    as_of: scan.as_of.to_string(),
                    mode: scan.mode.as_str(),
                    outcomes: &scan.totals.counts.outcomes,
                },
            }],
        }
    }
}

fn rule<'a>(rule: &'a RuleSummary, labels: &Labels) -> Rule<'a> {
    let lang = labels.lang();
    let references = rule.references_in(lang);
    let mut help = Vec::new();
    if let Some(remediation) = rule.remediation_in(lang) {
        help.push(multi_line(remediation));
    }
    if !references.is_empty() {
        help.push(labels.with(
            "ci-references",
            &[("list", plain(&references.join("; ")).into())],
        ));
    }
    // Written as the URL parser normalises it: a valid URI, whatever the
    // spacing or characters of the policy text.
    let help_uri = references.iter().find_map(|reference| {
        url::Url::parse(reference)
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https"))
            .map(String::from)
    });
    Rule {
        id: &rule.id,
        short_description: Text {
            text: plain(rule.title_in(lang)),
        },
        full_description: rule.description_in(lang).map(|text| Text {
            text: multi_line(text),
        }),
        help: (!help.is_empty()).then(|| Text {
            text: help.join("\n\n"),
        }),
        help_uri,
        default_configuration: Configuration {
            level: level(rule.severity),
        },
        properties: RuleProperties {
            severity: rule.severity.as_str(),
            policy: &rule.policy,
            basis: rule.basis.as_str(),
            each: rule.each.as_str(),
            references,
        },
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// Whether a finding becomes a result (see the module doc for `unknown`).
fn is_reported(outcome: Outcome) -> bool {
    match outcome {
        Outcome::Fail | Outcome::Error | Outcome::Waived => true,
        Outcome::Pass | Outcome::Unknown => false,
    }
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut results = serializer.serialize_seq(None)?;
        for finding in self.findings.iter().filter(|f| is_reported(f.outcome)) {
            results.serialize_element(&self.result(finding))?;
        }
        results.end()
    }
}

impl Results<'_> {
    fn result<'f>(&'f self, finding: &'f Finding) -> SarifResult<'f> {
        let system = self.systems.get(&*finding.system);
        let physical_location = system.and_then(|entry| {
            entry
                .artifact
                .as_ref()
                .map(|artifact_location| PhysicalLocation {
                    artifact_location,
                    region: entry.summary.line.map(|start_line| Region { start_line }),
                })
        });
        let suppressions = (finding.outcome == Outcome::Waived).then(|| {
            [Suppression {
                kind: "external",
                status: "accepted",
                justification: finding
                    .detail
                    .as_deref()
                    .map_or_else(|| self.labels.get("ci-waived"), multi_line),
            }]
        });
        SarifResult {
            rule_id: &finding.rule,
            rule_index: self.rule_indices.get(&*finding.rule).copied(),
            level: level(finding.severity),
            message: Text {
                text: message_text(finding, self.title(finding), self.labels),
            },
            locations: [Location {
                physical_location,
                logical_locations: [LogicalLocation {
                    fully_qualified_name: &finding.system,
                }],
            }],
            partial_fingerprints: Fingerprints {
                finding: fingerprint(finding),
            },
            suppressions,
            properties: ResultProperties {
                outcome: finding.outcome.as_str(),
                severity: finding.severity.as_str(),
                system: &finding.system,
                agency: &finding.agency,
                endpoint: finding.endpoint.as_deref().map(plain),
            },
        }
    }
}

impl Results<'_> {
    /// The finding's rule title in the reader's language.
    fn title<'f>(&'f self, finding: &'f Finding) -> &'f str {
        self.rule_indices
            .get(&*finding.rule)
            .and_then(|&index| self.rules.get(index))
            .map_or(&finding.title, |rule| rule.title_in(self.labels.lang()))
    }
}

/// "Title (agency/system, endpoint): detail", as one line of SARIF plain
/// text.
fn message_text(finding: &Finding, title: &str, labels: &Labels) -> String {
    let mut text = format!("{title} ({}", finding.system);
    if let Some(endpoint) = &finding.endpoint {
        text.push_str(", ");
        text.push_str(endpoint);
    }
    text.push(')');
    match (finding.outcome, finding.detail.as_deref()) {
        (Outcome::Error, detail) => {
            let reason = detail.map_or_else(|| labels.get("ci-no-reason"), str::to_string);
            text.push_str(": ");
            text.push_str(&labels.with("ci-could-not-evaluate", &[("reason", reason.into())]));
        }
        (_, Some(detail)) => {
            text.push_str(": ");
            text.push_str(detail);
        }
        (_, None) => {}
    }
    plain(&text)
        // SARIF message strings may hold placeholders like {0}; literal
        // braces are written doubled.
        .replace('{', "{{")
        .replace('}', "}}")
        // "[text](target)" is an embedded link in a SARIF message; keep
        // foreign text from forming one.
        .replace("](", "] (")
}

/// Stable across runs: rule, system and endpoint, each ended by a byte
/// UTF-8 never contains so that no two triples hash the same input.
fn fingerprint(finding: &Finding) -> String {
    let mut hasher = Sha256::new();
    for part in [
        &*finding.rule,
        &*finding.system,
        finding.endpoint.as_deref().unwrap_or(""),
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0xFF]);
    }
    // 128 bits are plenty to tell findings apart and keep the file smaller.
    crate::digest::hex(&hasher.finalize()[..16])
}

/// An inventory path as a SARIF artifact location: backslashes become
/// slashes and everything but unreserved characters and `/` is
/// percent-encoded (SARIF wants a URI reference: spaces, `%`, `#` and
/// Vietnamese letters may not appear raw). A relative path stays relative
/// to `%SRCROOT%`; an absolute one becomes a `file://` URI.
fn artifact_location(path: &str) -> ArtifactLocation {
    let path = path.replace('\\', "/");
    let path = path.trim_start_matches("./");
    let bytes = path.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    let absolute = drive || path.starts_with('/');
    let mut uri = String::with_capacity(path.len() + 8);
    if absolute {
        uri.push_str(if drive { "file:///" } else { "file://" });
    }
    for (index, &byte) in bytes.iter().enumerate() {
        let unreserved = byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~');
        if unreserved || byte == b'/' || (drive && index == 1) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    ArtifactLocation {
        uri,
        uri_base_id: (!absolute).then_some(SOURCE_ROOT),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    use crate::report::hostile_scan;

    fn render(scan: &ScanResult) -> String {
        let mut out = Vec::new();
        SarifReporter {
            labels: Labels::new(crate::report::Lang::En),
        }
        .render(scan, &mut out)
        .expect("renders");
        String::from_utf8(out).expect("UTF-8")
    }

    fn parse(sarif: &str) -> Value {
        serde_json::from_str(sarif).expect("the output is JSON")
    }

    fn results(log: &Value) -> &Vec<Value> {
        log["runs"][0]["results"].as_array().expect("results")
    }

    fn result_for<'v>(log: &'v Value, rule: &str, system: &str) -> &'v Value {
        results(log)
            .iter()
            .find(|r| r["ruleId"] == rule && r["properties"]["system"] == system)
            .unwrap_or_else(|| panic!("a result for {rule} on {system}"))
    }

    #[test]
    fn hostile_scan_snapshot() {
        let log = parse(&render(&hostile_scan()));
        let pretty = serde_json::to_string_pretty(&log).expect("pretty");
        insta::assert_snapshot!(pretty);
    }

    #[test]
    fn shape_follows_sarif_2_1_0() {
        let scan = hostile_scan();
        let sarif = render(&scan);
        assert!(sarif.ends_with("}\n"));
        let log = parse(&sarif);
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(log["$schema"], SCHEMA);
        let runs = log["runs"].as_array().expect("runs");
        assert_eq!(runs.len(), 1);
        let driver = &runs[0]["tool"]["driver"];
        assert_eq!(driver["name"], "cloudcensus");
        assert_eq!(driver["version"], scan.tool_version.as_str());

        let rule_ids: Vec<&str> = driver["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .map(|r| r["id"].as_str().expect("rule id"))
            .collect();
        assert_eq!(rule_ids, ["CLOUD-1", "WEB-1", "SVC-1"]);
        for result in results(&log) {
            let id = result["ruleId"].as_str().expect("ruleId");
            let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
            assert_eq!(rule_ids.get(index), Some(&id), "ruleIndex points at ruleId");
            assert!(
                result["message"]["text"]
                    .as_str()
                    .is_some_and(|t| !t.is_empty())
            );
            assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap_or("")));
        }
    }

    #[test]
    fn outcomes_map_to_results() {
        let log = parse(&render(&hostile_scan()));
        // fail and waived; the unknown WEB-1 result is left out.
        assert_eq!(results(&log).len(), 2);
        assert!(results(&log).iter().all(|r| r["ruleId"] != "WEB-1"));

        let failing = result_for(&log, "CLOUD-1", "so-x/formula");
        assert_eq!(failing["level"], "error", "high → error");
        assert!(failing.get("suppressions").is_none());

        let waived = result_for(&log, "SVC-1", "so-x/escape");
        assert_eq!(waived["level"], "note", "low → note");
        assert_eq!(waived["suppressions"][0]["kind"], "external");
        assert_eq!(
            waived["suppressions"][0]["justification"],
            "waived until 2027-06-30: Vendor <contract> until 2027"
        );
        assert_eq!(log["runs"][0]["properties"]["outcomes"]["unknown"], 1);
    }

    #[test]
    fn locations_come_from_the_systems() {
        let scan = hostile_scan();
        let log = parse(&render(&scan));
        let formula = scan
            .systems
            .iter()
            .find(|s| s.key == "so-x/formula")
            .expect("so-x/formula in the fixture");
        assert_eq!(formula.line, Some(9));
        // The record's line is where the system's entry starts.
        let inventory = include_str!("../../tests/fixtures/hostile/inventories/hostile.yaml");
        assert_eq!(inventory.lines().nth(8), Some("  - id: formula"));

        let location = &result_for(&log, "CLOUD-1", "so-x/formula")["locations"][0];
        let physical = &location["physicalLocation"];
        assert_eq!(
            physical["artifactLocation"]["uri"].as_str(),
            formula.file.as_deref()
        );
        assert_eq!(physical["artifactLocation"]["uriBaseId"], SOURCE_ROOT);
        assert_eq!(physical["region"]["startLine"], 9);
        assert_eq!(
            location["logicalLocations"][0]["fullyQualifiedName"],
            "so-x/formula"
        );

        // No line: no region. No file: no physical location.
        let mut scan = scan;
        for system in &mut scan.systems {
            if system.key == "so-x/formula" {
                system.line = None;
            } else {
                system.file = None;
            }
        }
        let log = parse(&render(&scan));
        let physical =
            &result_for(&log, "CLOUD-1", "so-x/formula")["locations"][0]["physicalLocation"];
        assert!(physical["artifactLocation"]["uri"].is_string());
        assert!(physical.get("region").is_none());
        let escape = &result_for(&log, "SVC-1", "so-x/escape")["locations"][0];
        assert!(escape.get("physicalLocation").is_none());
    }

    #[test]
    fn fingerprints_are_stable() {
        let scan = hostile_scan();
        let first = render(&scan);
        assert_eq!(first, render(&scan));

        let fingerprints = |log: &Value| -> Vec<String> {
            results(log)
                .iter()
                .map(|r| {
                    r["partialFingerprints"]["cloudcensusFinding/v1"]
                        .as_str()
                        .expect("fingerprint")
                        .to_string()
                })
                .collect()
        };
        let before = fingerprints(&parse(&first));
        assert_eq!(before.len(), 2);
        assert_ne!(before[0], before[1]);
        // Pinned: a new hash would reopen every alert as a new one.
        assert_eq!(before[0], "aebfc0255ad93ea161ea73794af9c1bb");

        // Editing the inventory moves the line; the alert keeps its identity.
        let mut moved = scan;
        for system in &mut moved.systems {
            system.line = system.line.map(|line| line + 40);
        }
        assert_eq!(fingerprints(&parse(&render(&moved))), before);
    }

    #[test]
    fn hostile_text_stays_plain() {
        let mut scan = hostile_scan();
        let mut finding = scan.findings[0].clone();
        finding.outcome = Outcome::Error;
        finding.endpoint = Some("https://x.example/\u{202E}gnp".into());
        finding.detail =
            Some("\u{1b}[31mno key {0}\u{1b}[0m, see [here](https://evil.example)\nok".into());
        scan.findings.push(finding);
        let sarif = render(&scan);
        assert!(
            !sarif.contains('\u{1b}') && !sarif.contains("\\u001b"),
            "ESC in the output"
        );
        assert!(
            !sarif.contains('\u{202E}') && !sarif.contains("\\u202e"),
            "RLO in the output"
        );

        let log = parse(&sarif);
        let error = results(&log)
            .iter()
            .find(|r| r["properties"]["outcome"] == "error")
            .expect("the error result");
        assert_eq!(
            error["message"]["text"],
            "Runs on cloud <i>(really)</i> (so-x/formula, https://x.example/gnp): could not \
             evaluate the rule: [31mno key {{0}}[0m, see [here] (https://evil.example) ok"
        );
        assert_eq!(error["level"], "error");
    }

    #[test]
    fn help_uri_is_the_first_web_reference() {
        let mut summary = hostile_scan().rules[0].clone();
        summary.references = vec![
            "Decision 942/QĐ-TTg".into(),
            "javascript:alert(1)".into(),
            " https://example.gov.vn/a b".into(),
            "https://example.gov.vn/second".into(),
        ];
        let described = rule(&summary, &Labels::new(crate::report::Lang::En));
        assert_eq!(
            described.help_uri.as_deref(),
            Some("https://example.gov.vn/a%20b")
        );
        let help = described.help.map(|h| h.text).unwrap_or_default();
        assert!(help.starts_with("Move it: see"), "{help}");
        assert!(help.contains("\n\nReferences: Decision 942/QĐ-TTg; javascript:alert(1);"));
    }

    #[test]
    fn artifact_uris() {
        let uri = |path: &str| {
            let location = artifact_location(path);
            (location.uri, location.uri_base_id)
        };
        assert_eq!(
            uri("inventories/sở x#1.yaml"),
            (
                "inventories/s%E1%BB%9F%20x%231.yaml".into(),
                Some(SOURCE_ROOT)
            )
        );
        assert_eq!(uri("./a\\b.yaml"), ("a/b.yaml".into(), Some(SOURCE_ROOT)));
        assert_eq!(
            uri("/srv/inv/a.yaml"),
            ("file:///srv/inv/a.yaml".into(), None)
        );
        assert_eq!(
            uri("C:\\inv\\a.yaml"),
            ("file:///C:/inv/a.yaml".into(), None)
        );
    }
}
