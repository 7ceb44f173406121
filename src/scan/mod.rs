//! [`ScanResult`]: the one record of a run. Every reporter, the history
//! store and the mailer read it and nothing else, so a stored run renders
//! exactly as a fresh one. Its order is deterministic (sorted vectors, no
//! hash maps) and it is complete whatever the verbosity.
//!
//! JSON wire format: this struct serialised with serde, field names as
//! below; `schema_version` changes when a field changes meaning or goes
//! away (adding a field does not change it). `cloudcensus schema scan`
//! prints its JSON Schema.
//!
//! The record is the same whatever the report's language: a policy's texts
//! (rule and target titles, remediations) are kept in English, else in the
//! only language given, with the other languages' texts beside them
//! (`translations`), so a stored run renders in either language.

pub mod attention;
pub mod json;
pub mod narrow;

use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::fields::{IsoDate, Organisation};
use crate::inventory::Selection;
use crate::inventory::model::{AgencyKind, Criticality, HostingModel, Lifecycle};
use crate::keyword_enum;
use crate::probe::facts::ProbeFacts;
use crate::probe::mail::facts::MailFacts;
use crate::report::Lang;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ScanResult {
    /// Version of this record's layout.
    pub schema_version: u32,
    /// The cloudcensus version that made the record.
    pub tool_version: String,
    /// When the scan started, RFC 3339, UTC.
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub started_at: time::OffsetDateTime,
    /// The date rules, waivers and deadlines were judged against.
    #[schemars(with = "String")]
    pub as_of: IsoDate,
    pub mode: ScanMode,
    /// Filters the scan was limited to; empty means everything.
    pub scope: Selection,
    /// The organisation whose agencies are counted, as `[org]` of the
    /// config file names it; absent when it does not.
    #[serde(default, skip_serializing_if = "Organisation::is_empty")]
    pub organisation: Organisation,
    pub inputs: Inputs,
    pub timings: Timings,
    pub totals: Totals,
    /// Progress toward each target, in policy order.
    pub targets: Vec<TargetProgress>,
    /// One summary per agency, sorted by id.
    pub agencies: Vec<AgencySummary>,
    /// One summary per rule, in policy order.
    pub rules: Vec<RuleSummary>,
    /// Every system in scope, sorted by key.
    pub systems: Vec<SystemSummary>,
    /// Every result that is not a pass, most severe first, then by rule and system.
    pub findings: Vec<Finding>,
    /// Waivers that are expired or match nothing, and how often live ones applied.
    pub waivers: Vec<WaiverStatus>,
    /// What probing learned, one entry per endpoint URL, sorted by URL;
    /// empty offline.
    #[serde(default)]
    pub probes: Vec<ProbeFacts>,
    /// What probing learned about each domain the agencies in scope name
    /// (`domains:`), one entry per domain however many agencies name it,
    /// sorted by domain; empty offline.
    #[serde(default)]
    pub mail: Vec<MailFacts>,
    /// What changed since the previous recorded scan of the same scope;
    /// absent without history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<Changes>,
}

impl ScanResult {
    /// Whether a failing (or erroring) result has `threshold` severity or
    /// more, or a target is behind or missed: what exit code 1 means.
    /// The identities of the failing findings, in the record's order.
    pub fn failing_identities(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.findings
            .iter()
            .filter(|f| f.outcome == Outcome::Fail)
            .map(Finding::identity)
    }

    /// The `agency/domain` key of every domain the agencies name, sorted:
    /// what a domain rule's findings are keyed by.
    pub fn domain_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .agencies
            .iter()
            .flat_map(|a| a.domains.iter().map(move |d| format!("{}/{d}", a.id)))
            .collect();
        keys.sort_unstable();
        keys
    }

    /// Whether the scan fails (exit 1): a failing or erroring result at
    /// or above `threshold`, or a target in one of `targets`' states.
    pub fn has_failures(&self, threshold: Severity, targets: &FailingTargets) -> bool {
        let failing = self.findings.iter().any(|f| {
            matches!(f.outcome, Outcome::Fail | Outcome::Error) && f.severity >= threshold
        });
        failing || self.targets.iter().any(|t| targets.contains(t.status))
    }
}

/// The target states that make a scan fail (`--fail-on-targets`). By
/// default a target behind its pace or without progress, while its
/// deadline is still ahead: something can still be done. A missed
/// deadline stays missed for ever, so it fails the run only when the
/// operator asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailingTargets(Vec<TargetStatus>);

impl Default for FailingTargets {
    fn default() -> Self {
        FailingTargets(vec![TargetStatus::Behind, TargetStatus::NoProgress])
    }
}

impl FailingTargets {
    /// The states one may name: those that say a target is not on its way.
    pub const CHOICES: [TargetStatus; 5] = [
        TargetStatus::Behind,
        TargetStatus::NoProgress,
        TargetStatus::Missed,
        TargetStatus::NoTrend,
        TargetStatus::NoData,
    ];

    /// `behind,no-progress`, or `none` for no target state at all.
    pub fn parse(text: &str) -> Result<Self, crate::diagnostics::Message> {
        crate::fields::word_list(
            text,
            &Self::CHOICES,
            |state| state.as_str().to_string(),
            "err-flag-unknown-target-state",
        )
        .map(FailingTargets)
    }

    pub fn contains(&self, status: TargetStatus) -> bool {
        self.0.contains(&status)
    }

    /// As the flag takes it: `behind,no-progress`, or `none`.
    pub fn as_text(&self) -> String {
        crate::fields::word_list_text(&self.0, |state| state.as_str().to_string())
    }
}

/// A finding's identity across runs: rule, system key (`agency/domain`
/// for a domain rule), endpoint (empty for a system or domain rule).
pub type FindingKey = (String, String, String);

/// A [`FindingKey`] made from a borrowed one.
pub fn owned_key((rule, system, endpoint): (&str, &str, &str)) -> FindingKey {
    (rule.to_string(), system.to_string(), endpoint.to_string())
}

impl Finding {
    /// The finding's [`FindingKey`], borrowed.
    pub fn identity(&self) -> (&str, &str, &str) {
        (
            &self.rule,
            &self.system,
            self.endpoint.as_deref().unwrap_or_default(),
        )
    }
}

/// What the history holds before a run, handed to the one function that
/// builds the record: the previous recorded run of the same scope and
/// each target's recorded values. Empty without history.
#[derive(Debug, Clone, Default)]
pub struct Baseline {
    pub previous: Option<PreviousRun>,
    /// Per target id, its values in the recorded runs of the same scope,
    /// oldest first.
    pub target_points: std::collections::BTreeMap<String, Vec<(IsoDate, f64)>>,
    /// The previous online run's TLS version sweeps, which tonight's
    /// probes may carry (probe::sweep_memory).
    pub sweeps: crate::probe::sweep_memory::RememberedSweeps,
}

/// The previous recorded run of a scan's scope.
#[derive(Debug, Clone)]
pub struct PreviousRun {
    /// Its id in the history.
    pub id: i64,
    pub as_of: IsoDate,
    /// The identities of its failing findings, in any order.
    pub failing: Vec<FindingKey>,
    /// What it was judged by and what it concluded; `None` for runs
    /// recorded before the history kept it.
    pub context: Option<RunContext>,
}

/// What a run was judged by (the digests of its inventory, its policy and
/// each rule) and what it concluded beyond its failures (each target's
/// status, the rules that failed to evaluate). Kept beside the failing
/// keys, so the next scan tells a changed rule from a real fix and a
/// target that got worse from one that stayed where it was, without
/// reading the whole record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunContext {
    pub inventory_digest: String,
    pub policy_digest: String,
    /// Rule id → [`RuleSummary::digest`].
    pub rules: std::collections::BTreeMap<String, String>,
    /// Target id → status.
    pub targets: std::collections::BTreeMap<String, TargetStatus>,
    /// Rules with at least one result that is an error.
    pub erroring_rules: Vec<String>,
}

impl RunContext {
    pub fn of(scan: &ScanResult) -> Self {
        RunContext {
            inventory_digest: scan.inputs.inventory_digest.clone(),
            policy_digest: scan.inputs.policy_digest.clone(),
            rules: scan
                .rules
                .iter()
                .map(|rule| (rule.id.clone(), rule.digest.clone()))
                .collect(),
            targets: scan
                .targets
                .iter()
                .map(|target| (target.id.clone(), target.status))
                .collect(),
            erroring_rules: scan
                .rules
                .iter()
                .filter(|rule| rule.outcomes.error > 0)
                .map(|rule| rule.id.clone())
                .collect(),
        }
    }
}

/// What changed since the previous recorded scan of the same scope. A
/// failure that appeared or went away because a rule was added, removed
/// or changed, or because its system left the inventory, is counted apart
/// from real regressions and fixes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Changes {
    /// The previous scan's id in the history and its date.
    pub previous_run: i64,
    #[schemars(with = "String")]
    pub previous_as_of: IsoDate,
    /// Failing now, not in the previous scan, under a rule that did not
    /// change: regressions (a new system's failures among them).
    pub new_failing: usize,
    /// Failing in the previous scan and passing now, or no longer
    /// applying to the system.
    pub fixed: usize,
    /// Failing in the previous scan and waived now: excused, not fixed.
    #[serde(default)]
    pub newly_waived: usize,
    /// Failing in the previous scan and unknown or an error now (offline,
    /// say): neither fixed nor failing.
    #[serde(default)]
    pub now_undecided: usize,
    /// Whether the policy files, and the inventory files, differ from the
    /// previous scan's; absent when the previous scan did not record it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_changed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inventory_changed: Option<bool>,
    /// Rules added, removed or whose condition changed, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules_changed: Vec<String>,
    /// Failures that appeared, and went away, with those rules.
    #[serde(default)]
    pub came_with_policy: usize,
    #[serde(default)]
    pub went_with_policy: usize,
    /// The previous scan's failures of systems no longer in the inventory
    /// (or the scope).
    #[serde(default)]
    pub went_with_inventory: usize,
    /// Targets whose status is worse than in the previous scan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets_worse: Vec<TargetChange>,
    /// Rules with results that are errors now and were not before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub new_rule_errors: Vec<String>,
    /// The previous scan's failures that are unknown or an error now (a
    /// site down, a resolver out): still failing as far as anyone knows,
    /// so the history keeps them among this run's failing keys, and the
    /// night the site is back they are not new. Not in the record.
    #[serde(skip)]
    pub still_failing_undecided: Vec<FindingKey>,
    /// The previous scan's failures counted in `fixed`, for `diff` to
    /// name. Not in the record.
    #[serde(skip)]
    pub fixed_keys: Vec<FindingKey>,
}

impl Changes {
    /// Nothing changed yet since run `previous_run` of `previous_as_of`.
    pub fn since(previous_run: i64, previous_as_of: IsoDate) -> Self {
        Changes {
            previous_run,
            previous_as_of,
            new_failing: 0,
            fixed: 0,
            newly_waived: 0,
            now_undecided: 0,
            policy_changed: None,
            inventory_changed: None,
            rules_changed: Vec::new(),
            came_with_policy: 0,
            went_with_policy: 0,
            went_with_inventory: 0,
            targets_worse: Vec::new(),
            new_rule_errors: Vec::new(),
            still_failing_undecided: Vec::new(),
            fixed_keys: Vec::new(),
        }
    }
}

/// A target's status in the previous scan and now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TargetChange {
    pub id: String,
    pub from: TargetStatus,
    pub to: TargetStatus,
}

keyword_enum! {
    /// How much a failing rule matters.
    pub enum Severity {
        Info = "info",
        Low = "low",
        Medium = "medium",
        High = "high",
        Critical = "critical",
    }
}

impl Severity {
    /// Most severe first, the order of every report.
    pub const DESCENDING: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];
}

keyword_enum! {
    #[derive(Default)]
    pub enum Each {
        #[default]
        System = "system",
        Endpoint = "endpoint",
        /// Once per domain an agency names (`domains:`), with `agency`,
        /// `domain` and `mail` (the domain's mail facts).
        Domain = "domain",
    }
}

keyword_enum! {
    #[derive(Default)]
    pub enum Basis {
        /// Required by a law, decree, circular or decision.
        Law = "law",
        /// Recommended practice, not a legal requirement.
        #[default]
        BestPractice = "best-practice",
    }
}

keyword_enum! {
    #[derive(Default)]
    pub enum TargetUnit {
        #[default]
        System = "system",
        Agency = "agency",
    }
}

keyword_enum! {
    /// Whether endpoints were probed.
    pub enum ScanMode {
        /// No network: probe facts are absent and rules that need them are `unknown`.
        Offline = "offline",
        Online = "online",
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct Inputs {
    pub inventory_files: usize,
    /// SHA-256 over the inventory files' paths and contents.
    pub inventory_digest: String,
    pub policy_files: usize,
    pub policy_digest: String,
    /// Ids of the policies applied.
    pub policies: Vec<String>,
}

/// Wall-clock time per stage, in milliseconds.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct Timings {
    pub load_ms: f64,
    /// Probing endpoints; 0 offline.
    #[serde(default)]
    pub probe_ms: f64,
    /// Evaluating the rules, from the start of probing when online: systems
    /// are evaluated as their endpoints' facts arrive.
    pub evaluate_ms: f64,
    pub total_ms: f64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct Totals {
    pub agencies: usize,
    #[serde(flatten)]
    pub counts: SystemCounts,
}

/// What a group of systems comes to: one agency's, or the whole scan's.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct SystemCounts {
    /// Systems evaluated (retired ones excluded).
    pub systems: usize,
    /// Retired systems: listed, never evaluated or counted.
    pub retired_systems: usize,
    /// Evaluated systems whose migration strategy is `retire`: on their
    /// way out rather than moving, so the share on cloud leaves them out,
    /// as the cloud targets do.
    #[serde(default)]
    pub retiring_systems: usize,
    /// Systems on a cloud hosting model, of those not being retired.
    pub on_cloud: usize,
    pub services_total: u64,
    pub services_fully_online: u64,
    pub outcomes: OutcomeCounts,
    /// Failing findings by severity.
    pub failing: SeverityCounts,
}

impl SystemCounts {
    /// The share of systems on cloud: of the systems evaluated and not
    /// being retired. The one definition every report, the mail and the
    /// cloud targets of the shipped policy use.
    pub fn on_cloud_percent(&self) -> Option<f64> {
        percent(
            self.on_cloud as f64,
            self.systems.saturating_sub(self.retiring_systems) as f64,
        )
    }

    pub fn services_percent(&self) -> Option<f64> {
        percent(
            self.services_fully_online as f64,
            self.services_total as f64,
        )
    }

    pub fn add(&mut self, other: &SystemCounts) {
        self.systems += other.systems;
        self.retired_systems += other.retired_systems;
        self.retiring_systems += other.retiring_systems;
        self.on_cloud += other.on_cloud;
        self.services_total += other.services_total;
        self.services_fully_online += other.services_fully_online;
        self.outcomes.merge(&other.outcomes);
        self.failing.add_all(&other.failing);
    }
}

keyword_enum! {
    /// The result of one rule on one system or endpoint.
    pub enum Outcome {
        Pass = "pass",
        Fail = "fail",
        /// Failed, but a live waiver excuses it.
        Waived = "waived",
        /// The facts the rule needs are missing (offline, probe failed, field absent).
        Unknown = "unknown",
        /// The expression failed on this system.
        Error = "error",
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OutcomeCounts {
    pub pass: usize,
    pub fail: usize,
    pub waived: usize,
    pub unknown: usize,
    pub error: usize,
}

impl OutcomeCounts {
    pub fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Pass => self.pass += 1,
            Outcome::Fail => self.fail += 1,
            Outcome::Waived => self.waived += 1,
            Outcome::Unknown => self.unknown += 1,
            Outcome::Error => self.error += 1,
        }
    }

    pub fn merge(&mut self, other: &OutcomeCounts) {
        self.pass += other.pass;
        self.fail += other.fail;
        self.waived += other.waived;
        self.unknown += other.unknown;
        self.error += other.error;
    }

    /// Every result counted.
    pub fn total(&self) -> usize {
        self.pass + self.fail + self.waived + self.unknown + self.error
    }

    /// Share of decided results that comply (pass or waived), in percent;
    /// `None` when nothing was decided.
    pub fn compliance_percent(&self) -> Option<f64> {
        let decided = self.pass + self.fail + self.waived;
        (decided > 0).then(|| (self.pass + self.waived) as f64 * 100.0 / decided as f64)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SeverityCounts {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub info: usize,
}

impl SeverityCounts {
    pub fn add(&mut self, severity: Severity) {
        *self.get_mut(severity) += 1;
    }

    pub fn get(&self, severity: Severity) -> usize {
        match severity {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }

    fn get_mut(&mut self, severity: Severity) -> &mut usize {
        match severity {
            Severity::Critical => &mut self.critical,
            Severity::High => &mut self.high,
            Severity::Medium => &mut self.medium,
            Severity::Low => &mut self.low,
            Severity::Info => &mut self.info,
        }
    }

    pub fn total(&self) -> usize {
        Severity::DESCENDING.iter().map(|s| self.get(*s)).sum()
    }

    pub fn add_all(&mut self, other: &SeverityCounts) {
        for severity in Severity::DESCENDING {
            *self.get_mut(severity) += other.get(severity);
        }
    }

    /// Failing findings at `threshold` or above.
    pub fn at_or_above(&self, threshold: Severity) -> usize {
        Severity::DESCENDING
            .iter()
            .filter(|s| **s >= threshold)
            .map(|s| self.get(*s))
            .sum()
    }
}

/// A rule's or a target's texts in one more language: those its policy
/// gives per language and that differ from the record's plain fields
/// (`title`, `remediation`...), which hold the English text, else the only
/// one given. A text missing here is the plain field's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Translation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Every reference in this language, when one of them is translated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
}

impl Translation {
    pub fn is_empty(&self) -> bool {
        *self == Translation::default()
    }
}

/// Translations by language tag (`vi`); empty when the policy writes its
/// texts once for every language.
pub type Translations = std::collections::BTreeMap<String, Translation>;

/// The text `field` picks from the translation into `lang`, if there is one.
fn translated<'a>(
    translations: &'a Translations,
    lang: Lang,
    field: impl Fn(&'a Translation) -> Option<&'a String>,
) -> Option<&'a str> {
    translations
        .get(lang.tag())
        .and_then(field)
        .map(String::as_str)
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct TargetProgress {
    pub id: String,
    /// The title in English, else in the only language the policy gives.
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub unit: TargetUnit,
    /// The rule counted, for rule targets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Units that count toward the goal (or the ratio's summed numerator).
    pub numerator: f64,
    /// Units measured (or the ratio's summed denominator).
    pub denominator: f64,
    /// numerator / denominator in percent; absent when nothing was measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent: Option<f64>,
    /// Goal in percent.
    pub goal: f64,
    #[schemars(with = "String")]
    pub deadline: IsoDate,
    /// Days from `as_of` to the deadline; negative once it has passed.
    pub days_left: i64,
    pub status: TargetStatus,
    /// Systems left out because their result was unknown or an error.
    pub undecided: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The target's value in the recorded scans of the same scope, today's
    /// last; empty without history.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<TrendPoint>,
    /// When the line through `history` reaches the goal at the current
    /// pace, for targets still open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub reached_by: Option<IsoDate>,
    /// The texts in other languages, by language tag.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub translations: Translations,
}

impl TargetProgress {
    /// The title for readers of `lang`.
    pub fn title_in(&self, lang: Lang) -> &str {
        translated(&self.translations, lang, |t| t.title.as_ref()).unwrap_or(&self.title)
    }

    pub fn description_in(&self, lang: Lang) -> Option<&str> {
        translated(&self.translations, lang, |t| t.description.as_ref())
            .or(self.description.as_deref())
    }

    pub fn source_in(&self, lang: Lang) -> Option<&str> {
        translated(&self.translations, lang, |t| t.source.as_ref()).or(self.source.as_deref())
    }
}

/// One recorded value of a target.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TrendPoint {
    #[schemars(with = "String")]
    pub as_of: IsoDate,
    pub percent: f64,
}

keyword_enum! {
    pub enum TargetStatus {
        /// The goal is reached.
        Met = "met",
        /// Projected to reach the goal by the deadline.
        OnTrack = "on-track",
        /// Projected to miss the deadline at the current pace.
        Behind = "behind",
        /// Not rising at all over the recorded scans: at this pace never met.
        NoProgress = "no-progress",
        /// The deadline passed without reaching the goal.
        Missed = "missed",
        /// Before the deadline, not yet met, and no history to project from.
        NoTrend = "no-trend",
        /// Nothing to measure: no system in scope had a decided result.
        NoData = "no-data",
    }
}

impl TargetStatus {
    /// The status of `value` against `goal` and `deadline` on `as_of`,
    /// without history: met, missed once the deadline has passed, else no
    /// trend to judge the pace by yet; no data without a value.
    pub fn without_history(
        value: Option<f64>,
        goal: f64,
        as_of: IsoDate,
        deadline: IsoDate,
    ) -> TargetStatus {
        match value {
            None => TargetStatus::NoData,
            // Compare at the precision reports show, so 89.96% reads as 90% and met.
            Some(value) if (value * 10.0).round() >= (goal * 10.0).round() => TargetStatus::Met,
            Some(_) if as_of > deadline => TargetStatus::Missed,
            Some(_) => TargetStatus::NoTrend,
        }
    }

    /// How bad the status is, for telling a target that got worse: met,
    /// then the open states that say nothing bad, then behind, no
    /// progress and missed.
    pub fn badness(self) -> u8 {
        match self {
            TargetStatus::Met => 0,
            TargetStatus::OnTrack | TargetStatus::NoTrend | TargetStatus::NoData => 1,
            TargetStatus::Behind => 2,
            TargetStatus::NoProgress => 3,
            TargetStatus::Missed => 4,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct AgencySummary {
    pub id: String,
    pub name: String,
    pub kind: AgencyKind,
    #[serde(flatten)]
    pub counts: SystemCounts,
    /// The inventory file the agency was read from.
    pub file: String,
    /// The domains the agency names (`domains:`), as in the inventory;
    /// their facts are in `mail`, their rules' results in `findings`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<String>,
    /// Each target as it stands for this agency alone, in policy order:
    /// what its own report (`report --agency`, `scan --per-agency-dir`,
    /// `--email-agencies`) shows. Absent in records made before it was kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<AgencyTarget>,
}

/// A target counted over one agency's systems (or domains): the counts
/// of [`TargetProgress`], which the agency's report turns into a value
/// and a status against the target's goal and deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AgencyTarget {
    pub id: String,
    pub numerator: f64,
    pub denominator: f64,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub undecided: usize,
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

/// `part / whole` in percent, or `None` for an empty whole.
pub fn percent(part: f64, whole: f64) -> Option<f64> {
    (whole > 0.0).then(|| part * 100.0 / whole)
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct RuleSummary {
    pub id: String,
    /// The title in English, else in the only language the policy gives;
    /// likewise `description`, `remediation` and `references`.
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub severity: Severity,
    pub policy: String,
    pub each: Each,
    pub basis: Basis,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remediation: Option<String>,
    pub references: Vec<String>,
    pub outcomes: OutcomeCounts,
    /// SHA-256 of what decides the rule's outcomes (`each`, `when`,
    /// `check`), not of its texts: the next scan tells a changed rule from
    /// real fixes by it. Empty in records made before it was kept.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub digest: String,
    /// The texts in other languages, by language tag.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub translations: Translations,
}

impl RuleSummary {
    /// The title for readers of `lang`.
    pub fn title_in(&self, lang: Lang) -> &str {
        translated(&self.translations, lang, |t| t.title.as_ref()).unwrap_or(&self.title)
    }

    pub fn description_in(&self, lang: Lang) -> Option<&str> {
        translated(&self.translations, lang, |t| t.description.as_ref())
            .or(self.description.as_deref())
    }

    pub fn remediation_in(&self, lang: Lang) -> Option<&str> {
        translated(&self.translations, lang, |t| t.remediation.as_ref())
            .or(self.remediation.as_deref())
    }

    pub fn references_in(&self, lang: Lang) -> &[String] {
        match self.translations.get(lang.tag()) {
            Some(t) if !t.references.is_empty() => &t.references,
            _ => &self.references,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct SystemSummary {
    /// `agency/system`.
    pub key: String,
    // Shared by the agency's systems, like `file`: a large scan's rows
    // allocate little. (Not a `///` comment: those show in the JSON Schema.)
    pub agency: Arc<str>,
    pub name: String,
    pub criticality: Criticality,
    pub lifecycle: Lifecycle,
    pub hosting_model: HostingModel,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    pub on_cloud: bool,
    pub outcomes: OutcomeCounts,
    /// The inventory file that declares the system, and the line its entry
    /// starts on; absent when not known.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "blank_as_none"
    )]
    pub file: Option<Arc<str>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "zero_as_none"
    )]
    pub line: Option<usize>,
}

/// Records written before `file` could be absent said `""` for unknown.
fn blank_as_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Arc<str>>, D::Error> {
    let text = Option::<Arc<str>>::deserialize(d)?;
    Ok(text.filter(|t| !t.is_empty()))
}

/// Records written before `line` could be absent said `0` for unknown.
fn zero_as_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<usize>, D::Error> {
    Ok(Option::<usize>::deserialize(d)?.filter(|&line| line > 0))
}

/// One result that is not a pass. The texts are shared (`Arc<str>`): a
/// rule's id and title, a system's key and its agency's id appear in
/// thousands of findings, and sharing them keeps a large scan's record
/// small and quick to build.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    pub rule: Arc<str>,
    pub severity: Severity,
    pub outcome: Outcome,
    /// `agency/system`.
    pub system: Arc<str>,
    pub agency: Arc<str>,
    /// The endpoint, for `each: endpoint` rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<Arc<str>>,
    /// The domain, for `each: domain` rules; `system` is then
    /// `agency/domain` (the key a waiver names it by).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<Arc<str>>,
    /// The rule's title, as the rule's `title` in `rules` (in English,
    /// else the only language given); the reports read the rule's texts
    /// in the reader's language from `rules`.
    pub title: Arc<str>,
    /// Why the result is unknown or an error, or which waiver applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<Arc<str>>,
    /// A failure that the previous recorded scan of the same scope did not
    /// have.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub new: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct WaiverStatus {
    pub rule: String,
    pub system: String,
    pub reason: String,
    #[schemars(with = "String")]
    pub expires: IsoDate,
    pub state: WaiverState,
    /// Failing results the waiver matched in this run.
    pub matched: usize,
    /// Where the waiver is written.
    pub location: String,
}

keyword_enum! {
    pub enum WaiverState {
        /// In force: matching failures count as `waived`.
        Active = "active",
        /// Past its expiry date: matching failures count as `fail` again.
        Expired = "expired",
        /// Names a system or rule that does not exist in this scan.
        Orphan = "orphan",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A system's place: kept when known, absent when not, and the `""`
    /// and `0` that older records wrote for "unknown" read as absent.
    #[test]
    fn unknown_file_and_line_are_absent_and_old_records_read_so() {
        let mut system = crate::report::hostile_scan().systems[0].clone();
        let known = serde_json::to_value(&system).unwrap();
        assert!(known["file"].is_string() && known["line"].is_u64());
        system.file = None;
        system.line = None;
        let unknown = serde_json::to_value(&system).unwrap();
        assert!(unknown.get("file").is_none() && unknown.get("line").is_none());

        let mut old = known.clone();
        old["file"] = "".into();
        old["line"] = 0.into();
        let read: SystemSummary = serde_json::from_value(old).unwrap();
        assert_eq!((read.file, read.line), (None, None));
        let read: SystemSummary = serde_json::from_value(unknown).unwrap();
        assert_eq!((read.file, read.line), (None, None));
        let read: SystemSummary = serde_json::from_value(known).unwrap();
        assert!(read.file.is_some() && read.line.is_some());
    }

    /// The start time is written as RFC 3339, as the text it replaced was.
    #[test]
    fn started_at_is_rfc3339() {
        let scan = crate::report::hostile_scan();
        let json = serde_json::to_value(&scan).unwrap();
        assert_eq!(json["started_at"], "2026-11-25T01:30:00Z");
    }
}
