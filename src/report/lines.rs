//! The sentences the reports for people share (terminal, summary, Markdown,
//! HTML): the header line, what probing did and the closing count of
//! checks. Each reporter cleans and escapes them for its format.

use fluent_bundle::FluentValue;

use super::cells::{severity_name, status_text};
use super::i18n::Labels;
use crate::probe::facts::ErrorClass;
use crate::scan::{Changes, Outcome, ScanMode, ScanResult, Severity};
use crate::text::clean_text;

/// "cloudcensus 0.1.0 — as of 2026-11-25 (online): 27 agencies, 115
/// systems (+4 retired, not counted) (4 being retired, left out of the
/// share on cloud)": the first line of every report for people.
pub fn header_line(scan: &ScanResult, labels: &Labels) -> String {
    let totals = &scan.totals;
    let mut header = labels.with("header", &header_args(scan, labels));
    let counts = &totals.counts;
    for (count, id, name) in [
        (counts.retired_systems, "header-retired", "retired"),
        (counts.retiring_systems, "header-retiring", "retiring"),
    ] {
        if count > 0 {
            header.push(' ');
            header.push_str(&labels.with(id, &[(name, count.into())]));
        }
    }
    header.push_str(&scope_suffix(scan, labels));
    header
}

/// " (agencies: so-yte)": what part of the inventory a scan (or a report
/// narrowed with `--agency`) covers; empty for the whole.
pub fn scope_suffix(scan: &ScanResult, labels: &Labels) -> String {
    let mut suffix = String::new();
    for (ids, id) in [
        (&scan.scope.agencies, "header-scope-agencies"),
        (&scan.scope.tags, "header-scope-tags"),
    ] {
        if !ids.is_empty() {
            suffix.push(' ');
            suffix.push_str(&labels.with(
                id,
                &[("list", clean_text(&ids.join(", "), EXAMPLE_CHARS).into())],
            ));
        }
    }
    suffix
}

/// What the first line of a report says, for the `header` message and the
/// summary's shorter `summary-header`.
pub fn header_args<'a>(
    scan: &'a ScanResult,
    labels: &Labels,
) -> [(&'static str, FluentValue<'a>); 5] {
    [
        ("version", scan.tool_version.as_str().into()),
        ("date", labels.date(scan.as_of).into()),
        ("mode", labels.get(mode_id(scan)).into()),
        ("agencies", scan.totals.agencies.into()),
        ("systems", scan.totals.counts.systems.into()),
    ]
}

/// The message id of the scan's mode.
fn mode_id(scan: &ScanResult) -> &'static str {
    match scan.mode {
        ScanMode::Online => "mode-online",
        ScanMode::Offline => "mode-offline",
    }
}

/// "Probed 94 endpoints in 4.1 s: 80 answered, 14 with errors (dns 12, timeout 2)".
pub fn probe_summary(scan: &ScanResult, labels: &Labels) -> Option<String> {
    if scan.probes.is_empty() {
        return None;
    }
    let answered = scan.probes.iter().filter(|p| p.reachable).count();
    let mut by_class: Vec<(ErrorClass, usize)> = ErrorClass::ALL
        .iter()
        .map(|class| {
            let count = scan
                .probes
                .iter()
                .filter(|p| p.error == Some(*class))
                .count();
            (*class, count)
        })
        .filter(|(_, count)| *count > 0)
        .collect();
    by_class.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    let failed: usize = by_class.iter().map(|(_, n)| n).sum();
    let seconds = format!("{:.1}", scan.timings.probe_ms / 1000.0);
    let mut line = labels.with(
        "probed",
        &[
            ("endpoints", scan.probes.len().into()),
            ("seconds", labels.decimal(&seconds).into()),
            ("answered", answered.into()),
        ],
    );
    if failed > 0 {
        let classes: Vec<String> = by_class
            .iter()
            .map(|(c, n)| format!("{} {n}", probe_error_name(*c, labels)))
            .collect();
        line.push_str(&labels.with(
            "probed-errors",
            &[
                ("failed", failed.into()),
                ("classes", classes.join(", ").into()),
            ],
        ));
    }
    Some(line)
}

/// Why a probe did not complete, in the reader's language ("timeout",
/// "quá thời gian chờ").
pub fn probe_error_name(class: ErrorClass, labels: &Labels) -> String {
    labels.get(&format!("probe-error-{}", class.as_str()))
}

/// "2961 checks: 2300 pass, 307 fail, ... Failing by severity: ...": the
/// closing line of the tables and the HTML page.
pub fn checks_line(scan: &ScanResult, labels: &Labels) -> String {
    let outcomes = &scan.totals.counts.outcomes;
    let failing = &scan.totals.counts.failing;
    let severities = Severity::DESCENDING
        .iter()
        .map(|s| format!("{} {}", failing.get(*s), severity_name(*s, labels)))
        .collect::<Vec<_>>()
        .join(", ");
    labels.with(
        "checks",
        &[
            ("total", outcomes.total().into()),
            ("pass", outcomes.pass.into()),
            ("fail", outcomes.fail.into()),
            ("waived", outcomes.waived.into()),
            ("unknown", outcomes.unknown.into()),
            ("error", outcomes.error.into()),
            ("severities", severities.into()),
        ],
    )
}

/// Widest an example error message may be in a line of its own.
const EXAMPLE_CHARS: usize = 160;

/// A line per rule whose expression failed to evaluate: "CLOUD-001 on 2
/// systems, e.g. division by zero", in the record's order (most severe
/// first). The tables and the summary print them, so an operator sees
/// which rule to fix without opening the JSON record.
pub fn rule_error_lines(scan: &ScanResult, labels: &Labels) -> Vec<String> {
    // (rule, systems with an error, last system counted, first message).
    // The record's findings are sorted by severity, rule and system, so a
    // rule's errors come together, and an endpoint rule's errors on one
    // system's endpoints come together and count that system once.
    let mut rules: Vec<(&str, usize, &str, &str)> = Vec::new();
    for finding in scan.findings.iter().filter(|f| f.outcome == Outcome::Error) {
        if rules
            .last()
            .is_none_or(|(rule, ..)| *rule != &*finding.rule)
        {
            let example = finding.detail.as_deref().unwrap_or_default();
            rules.push((&finding.rule, 0, "", example));
        }
        if let Some(entry) = rules.last_mut()
            && entry.2 != &*finding.system
        {
            entry.1 += 1;
            entry.2 = &finding.system;
        }
    }
    rules
        .into_iter()
        .map(|(rule, systems, _, example)| {
            labels.with(
                "rule-error-line",
                &[
                    ("rule", clean_text(rule, EXAMPLE_CHARS).into()),
                    ("systems", systems.into()),
                    ("example", clean_text(example, EXAMPLE_CHARS).into()),
                ],
            )
        })
        .collect()
}

/// Rule ids named in a line at most; past that, their count.
const RULES_NAMED: usize = 5;

/// What changed since the previous scan, a sentence a line: new failing
/// and fixed first, then what is neither (waived or unknown now), what
/// came or went with a change of the rules or the inventory, the targets
/// that got worse and the rules newly in error. Empty without a previous
/// scan.
pub fn change_lines(scan: &ScanResult, labels: &Labels) -> Vec<String> {
    match &scan.changes {
        Some(changes) => changes_lines(changes, scan, labels),
        None => Vec::new(),
    }
}

/// [`change_lines`] for `changes` counted against `scan` (`diff` counts
/// them between two stored runs).
pub fn changes_lines(changes: &Changes, scan: &ScanResult, labels: &Labels) -> Vec<String> {
    let mut lines = vec![labels.with(
        "summary-changes",
        &[
            ("date", labels.date(changes.previous_as_of).into()),
            ("new", changes.new_failing.into()),
            ("fixed", changes.fixed.into()),
        ],
    )];
    let count_line =
        |id: &str, count: usize| (count > 0).then(|| labels.with(id, &[("count", count.into())]));
    lines.extend(count_line("changes-waived", changes.newly_waived));
    lines.extend(count_line("changes-undecided", changes.now_undecided));
    if changes.policy_changed == Some(true) || !changes.rules_changed.is_empty() {
        let rules = if changes.rules_changed.len() <= RULES_NAMED {
            changes.rules_changed.join(", ")
        } else {
            labels.with(
                "changes-rules-count",
                &[("count", changes.rules_changed.len().into())],
            )
        };
        let id = if changes.rules_changed.is_empty() {
            "changes-policy-texts"
        } else {
            "changes-policy"
        };
        lines.push(labels.with(
            id,
            &[
                ("rules", clean_text(&rules, EXAMPLE_CHARS).into()),
                ("came", changes.came_with_policy.into()),
                ("went", changes.went_with_policy.into()),
            ],
        ));
    }
    if changes.inventory_changed == Some(true) || changes.went_with_inventory > 0 {
        lines.push(labels.with(
            "changes-inventory",
            &[("went", changes.went_with_inventory.into())],
        ));
    }
    for change in &changes.targets_worse {
        let Some(target) = scan.targets.iter().find(|t| t.id == change.id) else {
            continue;
        };
        // The value before is the last recorded point before today's.
        let before = target
            .history
            .iter()
            .rev()
            .nth(1)
            .map(|point| point.percent);
        lines.push(labels.with(
            "changes-target-worse",
            &[
                (
                    "title",
                    clean_text(target.title_in(labels.lang()), EXAMPLE_CHARS).into(),
                ),
                ("from", status_text(change.from, before, labels).into()),
                ("to", status_text(change.to, target.percent, labels).into()),
            ],
        ));
    }
    if !changes.new_rule_errors.is_empty() {
        let rules = changes.new_rule_errors.join(", ");
        lines.push(labels.with(
            "changes-rule-errors",
            &[("rules", clean_text(&rules, EXAMPLE_CHARS).into())],
        ));
    }
    lines
}
