//! OpenMetrics text (`--format openmetrics`, `--output metrics.prom`): the
//! scan as gauges for the Prometheus node_exporter textfile collector, so
//! that an operations centre's Grafana draws the trend of every target,
//! agency and probe without another tool.
//!
//! The wire format is OpenMetrics 1.0 text, kept to what the Prometheus
//! text format 0.0.4 reads the same way (the textfile collector parses
//! that one): every family is a `gauge` (a scan is a snapshot: a count of
//! failing findings goes down as well as up, so nothing is a counter), the
//! `# UNIT` line is a comment there, and no sample has a timestamp (the
//! collector refuses files with one; the scan's time is a metric of its
//! own). The text ends with `# EOF` and has no blank line.
//!
//! Names follow the Prometheus conventions: the `cloudcensus_` prefix,
//! base units (`_seconds`, times as Unix seconds), `_ratio` for values
//! from 0 to 1 (a percentage of the other reports divided by 100), labels
//! `agency`, `target`, `severity`, `status`, `class`, `state`, `outcome`,
//! `stage` for what a value is of. An enumeration (a target's status) is
//! a state set: one sample per state, 1 for the one it is in and 0 for
//! the others, so that a series never vanishes when the state changes.
//! Every severity, probe error class and waiver state is written, zeros
//! included, for the same reason. A ratio with nothing to measure (an
//! agency without decided results) has no sample rather than a NaN.
//!
//! `cloudcensus_agency_info{agency, name, kind}` is 1 per agency and
//! carries its name, for dashboards to join on `agency`. Label values are
//! escaped as OpenMetrics says (`\\`, `\"`, `\n`), after the cleaning
//! every report gives inventory texts (no control characters or bidi
//! overrides).
//!
//! The `# HELP` texts are English whatever `--lang`: they are metadata of
//! the metric names, which are English too, and Prometheus keeps one HELP
//! per name; two provinces' (or two hosts') exporters of the same metric
//! would otherwise disagree on it, and the alert rules and dashboards that
//! operators share across offices name the same series. Label values are
//! the record's keywords (`met`, `high`, `dns`) for the same reason; the
//! agencies' names stay as their inventories write them.

use std::io::{self, Write};

use super::Reporter;
use crate::probe::facts::ErrorClass;
use crate::scan::{Outcome, ScanResult, Severity, SystemCounts, TargetStatus, WaiverState};
use crate::text::plain;

pub struct OpenMetricsReporter;

/// The name every metric starts with.
const PREFIX: &str = "cloudcensus_";

/// One metric family: its name without [`PREFIX`] and its HELP text. The
/// unit is read from the name's suffix (see [`unit`]).
struct Family {
    name: &'static str,
    help: &'static str,
}

const fn family(name: &'static str, help: &'static str) -> Family {
    Family { name, help }
}

const SCAN_TIMESTAMP: Family = family(
    "scan_timestamp_seconds",
    "When the scan started, as a Unix time.",
);
const SCAN_DURATION: Family = family(
    "scan_duration_seconds",
    "How long the scan took, from loading the inventories to the record.",
);
const STAGE_DURATION: Family = family(
    "scan_stage_duration_seconds",
    "How long each stage of the scan took; evaluation overlaps probing when online.",
);
const SCAN_ONLINE: Family = family(
    "scan_online",
    "1 when the scan probed endpoints, 0 when it ran offline.",
);
const TARGET_VALUE: Family = family(
    "target_value_ratio",
    "How far each target has got, from 0 to 1; absent when there was nothing to measure.",
);
const TARGET_GOAL: Family = family("target_goal_ratio", "Each target's goal, from 0 to 1.");
const TARGET_DEADLINE: Family = family(
    "target_deadline_timestamp_seconds",
    "Each target's deadline (the start of that day, UTC), as a Unix time.",
);
const TARGET_STATUS: Family = family(
    "target_status",
    "Each target's status: 1 for the status it is in, 0 for the others.",
);
const AGENCIES: Family = family("agencies", "Agencies in the scan.");
const SYSTEMS: Family = family(
    "systems",
    "Systems evaluated, retired ones left out, in all agencies.",
);
const COMPLIANCE: Family = family(
    "compliance_ratio",
    "Share of decided results that comply (pass or waived), in all agencies.",
);
const ON_CLOUD: Family = family(
    "on_cloud_ratio",
    "Share of systems on cloud, of those not being retired, in all agencies.",
);
const SERVICES_ONLINE: Family = family(
    "services_online_ratio",
    "Share of public services fully online, in all agencies.",
);
const RESULTS: Family = family(
    "results",
    "Results of every rule on every system, endpoint and domain, by outcome.",
);
const FAILING: Family = family(
    "failing_findings",
    "Failing findings by the severity of their rule, in all agencies.",
);
const AGENCY_INFO: Family = family(
    "agency_info",
    "1 for each agency, with its name and kind as labels.",
);
const AGENCY_SYSTEMS: Family = family(
    "agency_systems",
    "Systems evaluated in each agency, retired ones left out.",
);
const AGENCY_COMPLIANCE: Family = family(
    "agency_compliance_ratio",
    "Share of each agency's decided results that comply (pass or waived).",
);
const AGENCY_ON_CLOUD: Family = family(
    "agency_on_cloud_ratio",
    "Share of each agency's systems on cloud, of those not being retired.",
);
const AGENCY_SERVICES_ONLINE: Family = family(
    "agency_services_online_ratio",
    "Share of each agency's public services fully online.",
);
const AGENCY_FAILING: Family = family(
    "agency_failing_findings",
    "Each agency's failing findings by the severity of their rule.",
);
const PROBED: Family = family("probed_endpoints", "Endpoints probed; 0 offline.");
const REACHABLE: Family = family(
    "reachable_endpoints",
    "Endpoints that answered: an HTTP response of any status, or an accepted connection.",
);
const PROBE_ERRORS: Family = family(
    "probe_errors",
    "Endpoints whose probe did not complete, by the class of error.",
);
const WAIVERS: Family = family(
    "waivers",
    "Waivers by state: active, expired, or matching nothing.",
);

/// The OpenMetrics unit a family's name ends in, if any.
fn unit(name: &str) -> Option<&'static str> {
    ["seconds", "ratio"]
        .into_iter()
        .find(|unit| name.ends_with(&format!("_{unit}")))
}

/// A label value escaped for the text format, after the cleaning every
/// report gives texts of the record.
fn escaped(value: &str) -> String {
    let mut text = String::with_capacity(value.len());
    for c in plain(value).chars() {
        match c {
            '\\' => text.push_str("\\\\"),
            '"' => text.push_str("\\\""),
            '\n' => text.push_str("\\n"),
            c => text.push(c),
        }
    }
    text
}

/// Writes families and their samples.
struct Exposition<'w> {
    out: &'w mut dyn Write,
    /// The family whose samples are being written.
    name: &'static str,
}

impl Exposition<'_> {
    /// Starts a family: its HELP, TYPE and, where the name has one, UNIT.
    fn family(&mut self, family: &Family) -> io::Result<()> {
        self.name = family.name;
        writeln!(self.out, "# HELP {PREFIX}{} {}", family.name, family.help)?;
        writeln!(self.out, "# TYPE {PREFIX}{} gauge", family.name)?;
        if let Some(unit) = unit(family.name) {
            writeln!(self.out, "# UNIT {PREFIX}{} {unit}", family.name)?;
        }
        Ok(())
    }

    /// One sample of the current family. Rust writes a whole `f64`
    /// without a fraction (`3`, not `3.0`), as the format allows.
    fn sample(&mut self, labels: &[(&str, &str)], value: f64) -> io::Result<()> {
        write!(self.out, "{PREFIX}{}", self.name)?;
        if !labels.is_empty() {
            let pairs: Vec<String> = labels
                .iter()
                .map(|(name, value)| format!("{name}=\"{}\"", escaped(value)))
                .collect();
            write!(self.out, "{{{}}}", pairs.join(","))?;
        }
        writeln!(self.out, " {value}")
    }

    /// A family with one sample and no labels.
    fn single(&mut self, family: &Family, value: f64) -> io::Result<()> {
        self.family(family)?;
        self.sample(&[], value)
    }
}

/// A percentage of the record as a ratio from 0 to 1.
fn ratio(percent: f64) -> f64 {
    percent / 100.0
}

impl Reporter for OpenMetricsReporter {
    fn render(&self, scan: &ScanResult, out: &mut dyn Write) -> io::Result<()> {
        let mut om = Exposition { out, name: "" };
        scan_metrics(scan, &mut om)?;
        target_metrics(scan, &mut om)?;
        total_metrics(scan, &mut om)?;
        agency_metrics(scan, &mut om)?;
        probe_metrics(scan, &mut om)?;
        writeln!(om.out, "# EOF")
    }
}

fn scan_metrics(scan: &ScanResult, om: &mut Exposition) -> io::Result<()> {
    // Whole seconds: the record keeps no finer start.
    om.single(&SCAN_TIMESTAMP, scan.started_at.unix_timestamp() as f64)?;
    let timings = &scan.timings;
    om.single(&SCAN_DURATION, timings.total_ms / 1000.0)?;
    om.family(&STAGE_DURATION)?;
    for (stage, ms) in [
        ("load", timings.load_ms),
        ("probe", timings.probe_ms),
        ("evaluate", timings.evaluate_ms),
    ] {
        om.sample(&[("stage", stage)], ms / 1000.0)?;
    }
    let online = scan.mode == crate::scan::ScanMode::Online;
    om.single(&SCAN_ONLINE, f64::from(u8::from(online)))
}

fn target_metrics(scan: &ScanResult, om: &mut Exposition) -> io::Result<()> {
    om.family(&TARGET_VALUE)?;
    for target in &scan.targets {
        if let Some(percent) = target.percent {
            om.sample(&[("target", &target.id)], ratio(percent))?;
        }
    }
    om.family(&TARGET_GOAL)?;
    for target in &scan.targets {
        om.sample(&[("target", &target.id)], ratio(target.goal))?;
    }
    om.family(&TARGET_DEADLINE)?;
    for target in &scan.targets {
        let midnight = target.deadline.0.midnight().assume_utc().unix_timestamp();
        om.sample(&[("target", &target.id)], midnight as f64)?;
    }
    om.family(&TARGET_STATUS)?;
    for target in &scan.targets {
        for status in TargetStatus::ALL {
            let value = f64::from(u8::from(target.status == *status));
            om.sample(
                &[("target", &target.id), ("status", status.as_str())],
                value,
            )?;
        }
    }
    Ok(())
}

fn total_metrics(scan: &ScanResult, om: &mut Exposition) -> io::Result<()> {
    let counts = &scan.totals.counts;
    om.single(&AGENCIES, scan.agencies.len() as f64)?;
    om.single(&SYSTEMS, counts.systems as f64)?;
    for (family, percent) in shares(counts) {
        om.family(family)?;
        if let Some(percent) = percent {
            om.sample(&[], ratio(percent))?;
        }
    }
    om.family(&RESULTS)?;
    let outcomes = &counts.outcomes;
    for (outcome, count) in [
        (Outcome::Pass, outcomes.pass),
        (Outcome::Fail, outcomes.fail),
        (Outcome::Waived, outcomes.waived),
        (Outcome::Unknown, outcomes.unknown),
        (Outcome::Error, outcomes.error),
    ] {
        om.sample(&[("outcome", outcome.as_str())], count as f64)?;
    }
    om.family(&FAILING)?;
    for severity in Severity::DESCENDING {
        let count = counts.failing.get(severity) as f64;
        om.sample(&[("severity", severity.as_str())], count)?;
    }
    om.family(&WAIVERS)?;
    for state in WaiverState::ALL {
        let count = scan.waivers.iter().filter(|w| w.state == *state).count();
        om.sample(&[("state", state.as_str())], count as f64)?;
    }
    Ok(())
}

/// The shares of all agencies, each with its family.
fn shares(counts: &SystemCounts) -> [(&'static Family, Option<f64>); 3] {
    [
        (&COMPLIANCE, counts.outcomes.compliance_percent()),
        (&ON_CLOUD, counts.on_cloud_percent()),
        (&SERVICES_ONLINE, counts.services_percent()),
    ]
}

fn agency_metrics(scan: &ScanResult, om: &mut Exposition) -> io::Result<()> {
    om.family(&AGENCY_INFO)?;
    for agency in &scan.agencies {
        let labels = [
            ("agency", agency.id.as_str()),
            ("name", agency.name.as_str()),
            ("kind", agency.kind.as_str()),
        ];
        om.sample(&labels, 1.0)?;
    }
    om.family(&AGENCY_SYSTEMS)?;
    for agency in &scan.agencies {
        om.sample(&[("agency", &agency.id)], agency.counts.systems as f64)?;
    }
    let per_agency = [
        &AGENCY_COMPLIANCE,
        &AGENCY_ON_CLOUD,
        &AGENCY_SERVICES_ONLINE,
    ];
    for (at, family) in per_agency.into_iter().enumerate() {
        om.family(family)?;
        for agency in &scan.agencies {
            if let Some(percent) = shares(&agency.counts)[at].1 {
                om.sample(&[("agency", &agency.id)], ratio(percent))?;
            }
        }
    }
    om.family(&AGENCY_FAILING)?;
    for agency in &scan.agencies {
        for severity in Severity::DESCENDING {
            let count = agency.counts.failing.get(severity) as f64;
            om.sample(
                &[("agency", &agency.id), ("severity", severity.as_str())],
                count,
            )?;
        }
    }
    Ok(())
}

fn probe_metrics(scan: &ScanResult, om: &mut Exposition) -> io::Result<()> {
    om.single(&PROBED, scan.probes.len() as f64)?;
    let reachable = scan.probes.iter().filter(|p| p.reachable).count();
    om.single(&REACHABLE, reachable as f64)?;
    om.family(&PROBE_ERRORS)?;
    for class in ErrorClass::ALL {
        let count = scan
            .probes
            .iter()
            .filter(|p| p.error == Some(*class))
            .count();
        om.sample(&[("class", class.as_str())], count as f64)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::report::hostile_scan;

    fn render(scan: &ScanResult) -> String {
        let mut out = Vec::new();
        OpenMetricsReporter
            .render(scan, &mut out)
            .expect("rendering to memory succeeds");
        String::from_utf8(out).expect("the text is UTF-8")
    }

    #[test]
    fn openmetrics_of_the_hostile_record() {
        insta::assert_snapshot!(render(&hostile_scan()));
    }

    #[test]
    fn label_values_are_escaped_and_cleaned() {
        assert_eq!(escaped(r#"a\b"c"#), r#"a\\b\"c"#);
        // `plain` makes one line of a name; a newline left would be escaped.
        assert!(!escaped("a\nb\u{202e}c").contains(['\n', '\u{202e}']));
    }

    /// Every family has HELP and TYPE before its samples, a unit where its
    /// name ends in one, no blank line, and `# EOF` last.
    #[test]
    fn the_exposition_is_well_formed() {
        let text = render(&hostile_scan());
        assert!(text.ends_with("\n# EOF\n"), "{text}");
        assert!(!text.contains("\n\n"));
        for line in text.lines().filter(|line| line.starts_with("# UNIT ")) {
            let mut words = line.split(' ').skip(2);
            let (name, unit) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
            assert!(name.ends_with(&format!("_{unit}")), "{line}");
        }
        let mut declared = std::collections::HashSet::new();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                let name = rest.split(' ').next().unwrap_or("");
                assert!(declared.insert(name.to_string()), "{name} twice");
            } else if !line.starts_with('#') {
                let name = line.split(['{', ' ']).next().unwrap_or("");
                assert!(declared.contains(name), "{line} before its TYPE");
            }
        }
    }

    #[test]
    fn a_target_with_nothing_to_measure_has_no_value_but_a_status() {
        let mut scan = hostile_scan();
        scan.targets[0].percent = None;
        scan.targets[0].status = TargetStatus::NoData;
        let id = scan.targets[0].id.clone();
        let text = render(&scan);
        let value = format!("cloudcensus_target_value_ratio{{target=\"{id}\"}}");
        assert!(!text.contains(&value), "{text}");
        let status = format!("cloudcensus_target_status{{target=\"{id}\",status=\"no-data\"}} 1");
        assert!(text.contains(&status), "{text}");
    }
}
