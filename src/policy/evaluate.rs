//! Running every compiled rule on every system in scope, in parallel
//! (rayon), and classifying each result as pass, fail, waived, unknown or
//! error.
//!
//! Each system's CEL values are built once and borrowed by every rule; a
//! rule's context costs one `Arc` clone. Absent facts (`UndeclaredReference`,
//! `NoSuchKey`) make a result `unknown`; any other failure of an expression
//! is an `error` result naming rule and system, never a crash.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, OnceLock};

use cel::common::types::CelString;
use cel::common::value::CowVal;
use cel::context::VariableResolver;
use cel::{Context, ExecutionError, Program, Value};
use rayon::prelude::*;

use super::compile::ENV;
use super::load::{CompiledRule, Measure, PolicySet, RatioPrograms, WaiverEntry};
use super::model::{Each, Waiver};
use super::variables::{
    CelVal, agency_value, endpoint_value, probe_value, provider_value, system_value,
};
use crate::fields::IsoDate;
use crate::inventory::{Inventory, Selection};
use crate::probe::facts::ProbeFacts;
use crate::scan::Outcome;

/// The results of one system: its rule outcomes and its non-pass findings.
pub struct SystemEvaluation {
    pub agency_index: usize,
    pub system_index: usize,
    /// Per rule (in policy order): the system's overall outcome, or `None`
    /// when the rule does not apply. For endpoint rules, the worst outcome
    /// over the endpoints.
    pub per_rule: Vec<Option<Outcome>>,
    /// Per rule (in policy order), how many of its results passed
    /// (endpoint rules count once per endpoint). Every other result is in
    /// `findings`, so together they count every result.
    pub passes: Vec<u32>,
    /// Results that are not a pass, in the small form kept while the scan
    /// runs; the record's findings are made from them by `summarize`.
    pub findings: Vec<RawFinding>,
    /// Indices of waivers that excused a failure here, and of expired ones that matched.
    pub waivers_used: Vec<usize>,
    /// Per ratio target (in policy order, rule targets left out): this
    /// system's part, computed here while the system's CEL values exist.
    pub ratio_parts: Vec<RatioPart>,
}

/// A result that is not a pass, as evaluation keeps it: 32 bytes of
/// indices instead of the record's [`Finding`] (104 bytes), so a probing
/// scan that holds every evaluated system until the slowest endpoint
/// answers stays small.
#[derive(Debug, Clone, PartialEq)]
pub struct RawFinding {
    /// Index of the rule in the policy.
    pub rule: u32,
    /// Index of the endpoint in the system, for `each: endpoint` rules.
    pub endpoint: Option<u32>,
    pub outcome: Outcome,
    /// Why the result is unknown or an error, or which waiver applied.
    pub detail: Option<Arc<str>>,
}

/// One system's contribution to a ratio target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RatioPart {
    /// The target's `when` left the system out.
    Excluded,
    /// A part was unknown or failed: counted as undecided.
    Undecided,
    Counted {
        numerator: f64,
        denominator: f64,
    },
}

/// Probe facts by endpoint URL (as written in the inventory), filled in
/// as probes finish. Each system turns its endpoints' facts into CEL values
/// when it is evaluated and drops them after, so they never all exist as
/// CEL values at once.
#[derive(Default)]
pub struct ProbeSlots<'a> {
    slot_of: HashMap<&'a str, usize>,
    slots: Vec<OnceLock<ProbeFacts>>,
}

impl<'a> ProbeSlots<'a> {
    /// One empty slot per URL (offline: none).
    pub fn new(urls: &[&'a str]) -> Self {
        ProbeSlots {
            slot_of: urls.iter().enumerate().map(|(i, url)| (*url, i)).collect(),
            slots: urls.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    fn get(&self, url: &str) -> Option<&ProbeFacts> {
        self.slots[*self.slot_of.get(url)?].get()
    }

    /// The facts, in the order of the URLs given to [`ProbeSlots::new`];
    /// a slot never filled is left out.
    pub fn into_facts(self) -> Vec<ProbeFacts> {
        self.slots
            .into_iter()
            .filter_map(OnceLock::into_inner)
            .collect()
    }
}

/// Evaluates the policy on every selected, non-retired system. Endpoints
/// without facts in `probes` (all of them offline) have no `probe` variable.
pub fn evaluate(
    inventory: &Inventory,
    policy: &PolicySet,
    selection: &Selection,
    as_of: IsoDate,
    probes: &ProbeSlots<'_>,
) -> Vec<SystemEvaluation> {
    let today = today_value(as_of);
    let run = Run::new(inventory, policy, &today, as_of, probes);
    selection
        .systems_in_scope(inventory)
        .par_iter()
        .map(|&(a, s)| evaluate_system(&run, a, s))
        .collect()
}

/// Evaluates each system as soon as the facts of all its endpoints have
/// arrived (`(slot, facts)` pairs, slots as in `probes`), on the rayon pool
/// while probing goes on: a scan's evaluation hides behind its slowest
/// endpoints instead of following them. Systems come back in the same
/// order as from [`evaluate`], so the result does not depend on timing.
pub fn evaluate_as_probed(
    inventory: &Inventory,
    policy: &PolicySet,
    selection: &Selection,
    as_of: IsoDate,
    probes: &ProbeSlots<'_>,
    arrivals: impl Iterator<Item = (usize, ProbeFacts)>,
) -> Vec<SystemEvaluation> {
    let today = today_value(as_of);
    let run = Run::new(inventory, policy, &today, as_of, probes);
    let systems = selection.systems_in_scope(inventory);
    // For each slot, the systems waiting for it; for each system, how many
    // of its endpoints' facts are still to come.
    let mut waiting: Vec<Vec<usize>> = vec![Vec::new(); probes.slots.len()];
    let mut pending: Vec<usize> = vec![0; systems.len()];
    for (position, &(a, s)) in systems.iter().enumerate() {
        let mut slots: Vec<usize> = inventory.agencies[a].systems[s]
            .endpoints
            .iter()
            .filter_map(|e| probes.slot_of.get(e.url.as_str()).copied())
            .collect();
        slots.sort_unstable();
        slots.dedup();
        pending[position] = slots.len();
        for slot in slots {
            waiting[slot].push(position);
        }
    }
    let done: Vec<OnceLock<SystemEvaluation>> = systems.iter().map(|_| OnceLock::new()).collect();
    rayon::in_place_scope(|scope| {
        let (run, done, systems) = (&run, &done, &systems);
        let start = |position: usize| {
            let (a, s) = systems[position];
            scope.spawn(move |_| {
                let _ = done[position].set(evaluate_system(run, a, s));
            });
        };
        for (position, count) in pending.iter().enumerate() {
            if *count == 0 {
                start(position);
            }
        }
        for (slot, facts) in arrivals {
            if slot >= probes.slots.len() || probes.slots[slot].set(facts).is_err() {
                continue; // a slot is filled once
            }
            for position in std::mem::take(&mut waiting[slot]) {
                pending[position] -= 1;
                if pending[position] == 0 {
                    start(position);
                }
            }
        }
        // Facts that never came (probing failed to start): evaluate anyway;
        // rules reading them are `unknown`.
        for (position, count) in pending.iter().enumerate() {
            if *count > 0 {
                start(position);
            }
        }
    });
    done.into_iter().filter_map(OnceLock::into_inner).collect()
}

fn today_value(as_of: IsoDate) -> CelVal<'static> {
    Box::new(CelString::from(as_of.to_string()))
}

impl<'r> Run<'r> {
    fn new(
        inventory: &'r Inventory,
        policy: &'r PolicySet,
        today: &'r CelVal<'static>,
        as_of: IsoDate,
        probes: &'r ProbeSlots<'r>,
    ) -> Self {
        // The same text in a system rule and an endpoint rule is two
        // selectors: they see different variables.
        let mut distinct: Vec<(&str, Each)> = Vec::new();
        let selector_of_rule = policy
            .rules
            .iter()
            .map(|compiled| {
                let text = compiled.rule.when.as_deref()?.trim();
                let key = (text, compiled.rule.each);
                Some(distinct.iter().position(|d| *d == key).unwrap_or_else(|| {
                    distinct.push(key);
                    distinct.len() - 1
                }))
            })
            .collect();
        Run {
            inventory,
            policy,
            today,
            as_of,
            probes,
            agency_values: inventory
                .agencies
                .iter()
                .map(|a| agency_value(&a.agency))
                .collect(),
            provider_values: policy
                .providers
                .iter()
                .map(|p| provider_value(Some(p)))
                .collect(),
            no_provider: provider_value(None),
            selector_of_rule,
            selectors: distinct.len(),
        }
    }
}

/// What every system's evaluation shares.
struct Run<'r> {
    inventory: &'r Inventory,
    policy: &'r PolicySet,
    today: &'r CelVal<'static>,
    as_of: IsoDate,
    probes: &'r ProbeSlots<'r>,
    /// Per agency, its CEL value; per provider (policy order), its CEL
    /// value; and the value of "no provider".
    agency_values: Vec<CelVal<'r>>,
    provider_values: Vec<CelVal<'r>>,
    no_provider: CelVal<'r>,
    /// Per rule, which distinct `when` text it has (`None`: no `when`).
    /// Rules with the same selector share its verdict on a system or
    /// endpoint instead of running it again.
    selector_of_rule: Vec<Option<usize>>,
    selectors: usize,
}

/// The variables of one evaluation, handed to CEL by reference.
struct Bindings<'v> {
    system: &'v CelVal<'v>,
    agency: &'v CelVal<'v>,
    provider: &'v CelVal<'v>,
    today: &'v CelVal<'v>,
    endpoint: Option<&'v CelVal<'v>>,
    probe: Option<&'v CelVal<'v>>,
}

impl VariableResolver for Bindings<'_> {
    fn resolve<'b>(&'b self, variable: &str) -> Option<CowVal<'b, 'b>> {
        let value: &CelVal<'_> = match variable {
            "system" => self.system,
            "agency" => self.agency,
            "provider" => self.provider,
            "today" => self.today,
            "endpoint" => self.endpoint?,
            // Without facts (offline) `probe` stays undeclared, so every
            // rule reading it is `unknown`, even inside `has()`.
            "probe" => self.probe?,
            _ => return None,
        };
        Some(CowVal::Borrowed(&**value))
    }
}

/// What one expression said.
#[derive(Clone)]
pub(crate) enum Verdict {
    True,
    False,
    Unknown(Arc<str>),
    Error(Arc<str>),
}

/// The reason given for every probe rule offline: one shared text, not a
/// copy per finding.
static NO_PROBE_FACTS: LazyLock<Arc<str>> =
    LazyLock::new(|| Arc::from("no probe facts (offline, or the endpoint was not probed)"));

/// Likewise for every domain rule offline.
static NO_MAIL_FACTS: LazyLock<Arc<str>> =
    LazyLock::new(|| Arc::from("no mail facts (offline, or the domain was not probed)"));

/// A CEL context that resolves variables through `bindings`. One is made
/// per system and per endpoint, not per expression: each holds a reference
/// to the shared environment, whose count every thread would otherwise
/// update for every rule.
pub(crate) fn context_for<'v, R: VariableResolver>(bindings: &'v R) -> Context<'v, 'v> {
    let mut context = Context::with_env(Arc::clone(&ENV));
    context.set_variable_resolver(bindings);
    context
}

pub(crate) fn run(program: &Program, context: &Context<'_, '_>) -> Verdict {
    match program.execute(context) {
        Ok(Value::Bool(true)) => Verdict::True,
        Ok(Value::Bool(false)) => Verdict::False,
        Ok(other) => Verdict::Error(
            format!("the expression gave {}, not true or false", other.type_of()).into(),
        ),
        Err(error) => classify(error),
    }
}

/// Absent facts are `unknown`; every other failure is a real `error`.
fn classify(error: ExecutionError) -> Verdict {
    match error {
        ExecutionError::UndeclaredReference(name) if name.as_str() == "probe" => {
            Verdict::Unknown(Arc::clone(&NO_PROBE_FACTS))
        }
        ExecutionError::UndeclaredReference(name) if name.as_str() == "mail" => {
            Verdict::Unknown(Arc::clone(&NO_MAIL_FACTS))
        }
        ExecutionError::UndeclaredReference(name) => {
            Verdict::Unknown(format!("`{name}` is not available").into())
        }
        ExecutionError::NoSuchKey(key) => Verdict::Unknown(format!("no `{key}` fact").into()),
        other => Verdict::Error(other.to_string().into()),
    }
}

/// Evaluates a number-valued expression (a target's ratio parts).
fn run_number(program: &Program, context: &Context<'_, '_>) -> Result<f64, Outcome> {
    match program.execute(context) {
        Ok(Value::Int(n)) => Ok(n as f64),
        Ok(Value::UInt(n)) => Ok(n as f64),
        Ok(Value::Float(n)) if n.is_finite() => Ok(n),
        Ok(_) => Err(Outcome::Error),
        Err(error) => match classify(error) {
            Verdict::Unknown(_) => Err(Outcome::Unknown),
            _ => Err(Outcome::Error),
        },
    }
}

/// Evaluates a selector for a whole system: `Some(true)` when it applies.
fn run_selector(program: &Program, context: &Context<'_, '_>) -> Option<bool> {
    match run(program, context) {
        Verdict::True => Some(true),
        Verdict::False => Some(false),
        _ => None,
    }
}

/// A system's CEL values, built once.
struct SystemValues<'a> {
    system: CelVal<'a>,
    /// Built once per agency and per provider, shared by their systems.
    agency: &'a CelVal<'a>,
    provider: &'a CelVal<'a>,
    endpoints: Vec<CelVal<'a>>,
    /// Per endpoint, its probe facts when it was probed.
    probes: Vec<Option<CelVal<'a>>>,
    today: &'a CelVal<'a>,
}

impl<'a> SystemValues<'a> {
    fn new(run: &'a Run<'a>, a: usize, s: usize) -> Self {
        let entry = &run.inventory.agencies[a];
        let system = &entry.systems[s];
        let provider = system
            .hosting
            .provider
            .as_ref()
            .and_then(|id| run.policy.providers.iter().position(|p| p.id == *id))
            .map_or(&run.no_provider, |p| &run.provider_values[p]);
        SystemValues {
            system: system_value(&entry.agency, system),
            agency: &run.agency_values[a],
            provider,
            endpoints: system.endpoints.iter().map(endpoint_value).collect(),
            probes: system
                .endpoints
                .iter()
                .map(|e| run.probes.get(e.url.as_str()).map(probe_value))
                .collect(),
            today: run.today,
        }
    }

    fn bindings(&self, endpoint: Option<usize>) -> Bindings<'_> {
        Bindings {
            system: &self.system,
            agency: self.agency,
            provider: self.provider,
            today: self.today,
            endpoint: endpoint.map(|e| &self.endpoints[e]),
            probe: endpoint.and_then(|e| self.probes[e].as_ref()),
        }
    }
}

fn evaluate_system(run_of: &Run<'_>, agency_index: usize, system_index: usize) -> SystemEvaluation {
    let (policy, as_of) = (run_of.policy, run_of.as_of);
    let entry = &run_of.inventory.agencies[agency_index];
    let system = &entry.systems[system_index];
    // Waivers name systems by key; without waivers it is not needed.
    let key = if policy.waivers.is_empty() {
        String::new()
    } else {
        format!("{}/{}", entry.agency.id, system.id)
    };
    let values = SystemValues::new(run_of, agency_index, system_index);
    let mut evaluation = SystemEvaluation {
        agency_index,
        system_index,
        per_rule: Vec::with_capacity(policy.rules.len()),
        passes: vec![0; policy.rules.len()],
        findings: Vec::new(),
        waivers_used: Vec::new(),
        ratio_parts: Vec::new(),
    };
    let system_bindings = values.bindings(None);
    let endpoint_bindings: Vec<Bindings<'_>> = (0..system.endpoints.len())
        .map(|e| values.bindings(Some(e)))
        .collect();
    let system_context = context_for(&system_bindings);
    let endpoint_contexts: Vec<Context<'_, '_>> =
        endpoint_bindings.iter().map(context_for).collect();
    for target in &policy.targets {
        if let Measure::Ratio(ratio) = &target.measure {
            let part = ratio_part(ratio, &system_context);
            evaluation.ratio_parts.push(part);
        }
    }

    // Selector verdicts already known: the system's, then each endpoint's.
    let mut selector_verdicts: Vec<Option<Verdict>> =
        vec![None; run_of.selectors * (1 + system.endpoints.len())];
    for (rule_index, compiled) in policy.rules.iter().enumerate() {
        if compiled.rule.each == Each::Domain {
            evaluation.per_rule.push(None);
            continue;
        }
        let per_endpoint = compiled.rule.each == Each::Endpoint;
        let runs = if per_endpoint {
            system.endpoints.len()
        } else {
            1
        };
        let mut overall: Option<Outcome> = None;
        for run_index in 0..runs {
            let endpoint = per_endpoint.then_some(run_index);
            let context = match endpoint {
                Some(e) => &endpoint_contexts[e],
                None => &system_context,
            };
            let selector = compiled
                .when
                .as_ref()
                .zip(run_of.selector_of_rule[rule_index]);
            let verdict = selector.map(|(when, slot)| {
                let known = &mut selector_verdicts
                    [slot * (1 + system.endpoints.len()) + endpoint.map_or(0, |e| e + 1)];
                known.get_or_insert_with(|| run(when, context)).clone()
            });
            let Some((outcome, detail)) = judge(
                compiled,
                verdict,
                context,
                &Waivers {
                    entries: &policy.waivers,
                    key: &key,
                    as_of,
                },
                &mut evaluation.waivers_used,
            ) else {
                continue;
            };
            if outcome == Outcome::Pass {
                evaluation.passes[rule_index] += 1;
            }
            overall = Some(match overall {
                None => outcome,
                Some(previous) => worse(previous, outcome),
            });
            if outcome != Outcome::Pass {
                evaluation.findings.push(RawFinding {
                    rule: rule_index as u32,
                    endpoint: endpoint.map(|e| e as u32),
                    outcome,
                    detail,
                });
            }
        }
        evaluation.per_rule.push(overall);
    }
    // Kept until the summary, while probing goes on: no spare room.
    evaluation.findings.shrink_to_fit();
    evaluation
}

/// The waivers a result is checked against, and the key they name it by
/// (`agency/system`, or `agency/domain` for a domain rule).
pub(super) struct Waivers<'w> {
    pub entries: &'w [WaiverEntry],
    pub key: &'w str,
    pub as_of: IsoDate,
}

/// One result of a rule: `selector` is its `when`'s verdict (`None`
/// without a `when`), then its check, then the waivers that excuse a
/// failure (noted in `waivers_used`). `None` when the rule does not apply.
pub(super) fn judge(
    compiled: &CompiledRule,
    selector: Option<Verdict>,
    context: &Context<'_, '_>,
    waivers: &Waivers<'_>,
    waivers_used: &mut Vec<usize>,
) -> Option<(Outcome, Option<Arc<str>>)> {
    let applies = match selector {
        None | Some(Verdict::True) => Ok(()),
        Some(Verdict::False) => return None,
        Some(Verdict::Unknown(why)) => Err((Outcome::Unknown, why)),
        Some(Verdict::Error(why)) => Err((Outcome::Error, format!("in `when`: {why}").into())),
    };
    let (mut outcome, mut detail) = match applies {
        Err((outcome, why)) => (outcome, Some(why)),
        Ok(()) => match run(&compiled.check, context) {
            Verdict::True => (Outcome::Pass, None),
            Verdict::False => (Outcome::Fail, None),
            Verdict::Unknown(why) => (Outcome::Unknown, Some(why)),
            Verdict::Error(why) => (Outcome::Error, Some(why)),
        },
    };
    if outcome == Outcome::Fail {
        for (waiver_index, entry) in waivers.entries.iter().enumerate() {
            if !waiver_matches(&entry.waiver, compiled.rule.id.as_str(), waivers.key) {
                continue;
            }
            waivers_used.push(waiver_index);
            if entry.waiver.expires >= waivers.as_of {
                outcome = Outcome::Waived;
                detail = Some(
                    format!(
                        "waived until {}: {}",
                        entry.waiver.expires, entry.waiver.reason
                    )
                    .into(),
                );
                break;
            }
            detail = Some(format!("waiver expired on {}", entry.waiver.expires).into());
        }
    }
    Some((outcome, detail))
}

fn ratio_part(ratio: &RatioPrograms, context: &Context<'_, '_>) -> RatioPart {
    if let Some(when) = &ratio.when {
        match run_selector(when, context) {
            Some(true) => {}
            Some(false) => return RatioPart::Excluded,
            None => return RatioPart::Undecided,
        }
    }
    match (
        run_number(&ratio.numerator, context),
        run_number(&ratio.denominator, context),
    ) {
        (Ok(numerator), Ok(denominator)) => RatioPart::Counted {
            numerator,
            denominator,
        },
        _ => RatioPart::Undecided,
    }
}

/// A waiver names `agency/system` or `agency/*`.
pub fn waiver_matches(waiver: &Waiver, rule: &str, system_key: &str) -> bool {
    if waiver.rule.as_str() != rule {
        return false;
    }
    match waiver.system.strip_suffix("/*") {
        Some(agency) => system_key.split_once('/').is_some_and(|(a, _)| a == agency),
        None => waiver.system == system_key,
    }
}

/// The outcome that speaks for a system when its endpoints disagree:
/// a failure anywhere fails the system.
fn worse(a: Outcome, b: Outcome) -> Outcome {
    fn rank(o: Outcome) -> u8 {
        match o {
            Outcome::Fail => 4,
            Outcome::Error => 3,
            Outcome::Unknown => 2,
            Outcome::Waived => 1,
            Outcome::Pass => 0,
        }
    }
    if rank(b) > rank(a) { b } else { a }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    const INVENTORY: &str = "\
agency: { id: a, name: A, kind: unit }
systems:
  - id: one
    name: One
    criticality: high
    hosting: { model: gov-cloud }
    endpoints: [ { url: 'https://x.vn' }, { url: 'https://shared.vn' } ]
  - id: two
    name: Two
    criticality: low
    hosting: { model: on-premises }
    endpoints: [ { url: 'https://shared.vn' } ]
  - id: three
    name: Three
    criticality: low
    hosting: { model: saas }
";

    const POLICY: &str = "\
policy: { id: p, title: P }
rules:
  - id: UP
    title: Up
    severity: high
    each: endpoint
    check: probe.reachable
  - id: CLOUD
    title: Cloud
    severity: low
    check: system.hosting.model != 'on-premises'
";

    /// An inventory and a policy, written to files and loaded as the CLI
    /// loads them.
    fn load_texts(inventory: &str, policy: &str) -> (Inventory, PolicySet) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.yaml"), inventory).unwrap();
        std::fs::write(dir.path().join("p.yaml"), policy).unwrap();
        let mut diagnostics = Diagnostics::default();
        let inventory = crate::inventory::load(&[dir.path().join("a.yaml")], &mut diagnostics);
        let policy = crate::policy::load(&[dir.path().join("p.yaml")], &mut diagnostics);
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        (inventory, policy)
    }

    /// Rules with the same `when` share its verdict per system and per
    /// endpoint, never across endpoints or between system and endpoint rules.
    #[test]
    fn shared_selectors_keep_each_endpoint_and_scope_apart() {
        const SHARED: &str = "\
policy: { id: p, title: P }
rules:
  - { id: E1, title: E1, severity: low, each: endpoint, when: \"endpoint.url.startsWith('https://x')\", check: 'false' }
  - { id: E2, title: E2, severity: low, each: endpoint, when: \"endpoint.url.startsWith('https://x')\", check: 'true' }
  - { id: S1, title: S1, severity: low, when: \"system.hosting.model == 'gov-cloud'\", check: 'false' }
  - { id: S2, title: S2, severity: low, when: \" system.hosting.model == 'gov-cloud' \", check: 'false' }
";
        let (inventory, policy) = load_texts(INVENTORY, SHARED);
        let as_of = IsoDate::parse("2026-01-01").unwrap();
        let results = evaluate(
            &inventory,
            &policy,
            &Selection::default(),
            as_of,
            &ProbeSlots::default(),
        );
        let outcomes = |system: usize| {
            let result = &results[system];
            let mut counts: Vec<(u32, Outcome)> = result
                .findings
                .iter()
                .map(|f| (f.rule, f.outcome))
                .collect();
            for (rule, &passed) in result.passes.iter().enumerate() {
                counts.extend((0..passed).map(|_| (rule as u32, Outcome::Pass)));
            }
            counts.sort_by_key(|(rule, _)| *rule);
            counts
        };
        // System one: only its first endpoint (x.vn) is selected.
        assert_eq!(
            outcomes(0),
            [
                (0, Outcome::Fail),
                (1, Outcome::Pass),
                (2, Outcome::Fail),
                (3, Outcome::Fail)
            ]
        );
        // System two: on premises, its endpoint is not x.vn: nothing applies.
        assert_eq!(outcomes(1), []);
    }

    /// Evaluating as facts arrive, in any order, gives what evaluating
    /// after probing gives.
    #[test]
    fn evaluating_as_probed_matches_evaluating_afterwards() {
        let (inventory, policy) = load_texts(INVENTORY, POLICY);
        let urls = ["https://x.vn/", "https://shared.vn/"];
        let facts = |i: usize| ProbeFacts {
            url: urls[i].to_string(),
            reachable: i == 0,
            ..ProbeFacts::default()
        };
        let as_of = IsoDate::parse("2026-01-01").unwrap();
        let selection = Selection::default();

        let filled = ProbeSlots::new(&urls);
        for i in 0..urls.len() {
            filled.slots[i].set(facts(i)).unwrap();
        }
        let afterwards = evaluate(&inventory, &policy, &selection, as_of, &filled);

        let streamed = ProbeSlots::new(&urls);
        let arrivals = (0..urls.len()).rev().map(|i| (i, facts(i)));
        let as_probed =
            evaluate_as_probed(&inventory, &policy, &selection, as_of, &streamed, arrivals);

        assert_eq!(afterwards.len(), 3);
        assert_eq!(as_probed.len(), afterwards.len());
        for (a, b) in afterwards.iter().zip(&as_probed) {
            assert_eq!(
                (a.agency_index, a.system_index),
                (b.agency_index, b.system_index)
            );
            assert_eq!(a.per_rule, b.per_rule);
            assert_eq!(a.findings, b.findings);
        }
        // The shared endpoint is down: both systems listing it fail UP.
        assert_eq!(afterwards[0].per_rule[0], Some(Outcome::Fail));
        assert_eq!(afterwards[1].per_rule[0], Some(Outcome::Fail));
        assert_eq!(afterwards[2].per_rule[0], None);
        assert_eq!(streamed.into_facts().len(), 2);
    }
}
