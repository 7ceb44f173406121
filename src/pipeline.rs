//! The scan's stages, in order: load the inventories and policies, plan
//! the probes (each endpoint once), probe and evaluate (each system as
//! soon as its endpoints' facts are in; the agencies' mail domains beside
//! them, judged once all are probed), and build the record. The
//! commands call these; nothing here prints or picks an exit code.

use std::time::Instant;

use crate::diagnostics::Diagnostics;
use crate::error::Error;
use crate::inventory::validate::Providers;
use crate::inventory::{self, Inventory};
use crate::options::{InputPaths, RunOptions};
use crate::policy::evaluate::{ProbeSlots, SystemEvaluation};
use crate::policy::summary::{SummaryInput, summarize};
use crate::policy::{self, PolicyOrigin, PolicySet};
use crate::probe::plan::ProbePlan;
use crate::probe::sweep_memory::{RememberedSweeps, SweepMemory};
use crate::probe::{self, ProbeConfig};
use crate::scan::{Baseline, ScanMode, ScanResult, Timings};

/// Inventory and policy, loaded and checked together.
pub struct Loaded {
    pub inventory: Inventory,
    pub policy: PolicySet,
    /// Every error and warning of both, sorted by place.
    pub diagnostics: Diagnostics,
}

/// Reads the inventories and the policies (without `--policies` and a
/// `policies/` folder, the built-in pack) side by side, then checks the
/// inventory against the provider registry.
pub fn load(input: &InputPaths) -> Loaded {
    let ((inventory, inventory_diagnostics), (policy, policy_diagnostics)) = rayon::join(
        || {
            let mut own = Diagnostics::default();
            let inventory = inventory::load(&input.inventories, &mut own);
            (inventory, own)
        },
        || {
            let mut own = Diagnostics::default();
            let policy = policy::load(&input.policies, &mut own);
            (policy, own)
        },
    );
    let mut diagnostics = inventory_diagnostics;
    diagnostics.extend(policy_diagnostics);
    let provider_ids: Vec<&str> = policy.providers.iter().map(|p| p.id.as_str()).collect();
    let known_providers = policy.has_provider_registry.then_some(Providers {
        ids: &provider_ids,
        built_in: policy.origin == PolicyOrigin::BuiltIn,
    });
    inventory::validate::validate(
        &inventory,
        known_providers,
        input.coverage,
        &mut diagnostics,
    );
    diagnostics.sort();
    Loaded {
        inventory,
        policy,
        diagnostics,
    }
}

/// Plans, probes (online), evaluates and builds the record. `baseline`
/// is what the history held before this run; `started` is when the run
/// began; `load_ms` how long loading took.
pub fn run(
    loaded: &Loaded,
    options: &RunOptions,
    baseline: &Baseline,
    started: Instant,
    started_at: time::OffsetDateTime,
    load_ms: f64,
) -> Result<ScanResult, Error> {
    let plan = match options.mode {
        ScanMode::Offline => ProbePlan::default(),
        ScanMode::Online => ProbePlan::for_scan(&loaded.inventory, &options.selection),
    };
    let url_texts: Vec<&str> = plan.urls().iter().map(|u| u.as_str()).collect();
    let slots = ProbeSlots::new(&url_texts);
    let domains = match options.mode {
        ScanMode::Offline => Vec::new(),
        ScanMode::Online => mail_domains(loaded, options),
    };
    let evaluate_started = Instant::now();
    // The mail domains are probed beside the endpoints, on a thread (and a
    // runtime) of their own: a few dozen domains, each a handful of DNS
    // queries and SMTP dialogues with hosts the endpoints do not use.
    let (endpoints, mail) = std::thread::scope(|threads| {
        let mail = threads.spawn(|| {
            if domains.is_empty() {
                return Ok((Vec::new(), 0.0));
            }
            let started = Instant::now();
            probe::mail::probe_mail_domains(&domains, &options.probe)
                .map(|facts| (facts, elapsed_ms(started)))
        });
        (
            probe_and_evaluate(loaded, options, &plan, &slots, &baseline.sweeps),
            mail.join(),
        )
    });
    let (mut evaluations, endpoints_ms) = endpoints?;
    let (mail, mail_ms) = mail.map_err(|_| Error::ProbingStopped)??;
    let mut domain_evaluations = policy::domains::evaluate_domains(
        &loaded.inventory,
        &loaded.policy,
        &options.selection,
        options.as_of,
        &mail,
    );
    let probe_ms = endpoints_ms.max(mail_ms);
    let evaluate_ms = elapsed_ms(evaluate_started);
    if !plan.is_empty() {
        crate::memory::return_freed_pages_from_now_on();
    }
    Ok(summarize(SummaryInput {
        inventory: &loaded.inventory,
        policy: &loaded.policy,
        selection: &options.selection,
        organisation: &options.organisation,
        evaluations: &mut evaluations,
        domains: &mut domain_evaluations,
        as_of: options.as_of,
        mode: options.mode,
        started_at,
        baseline,
        probes: slots.into_facts(),
        mail,
        timings: Timings {
            load_ms,
            probe_ms,
            evaluate_ms,
            total_ms: 0.0,
        },
        started,
    }))
}

/// The domains in scope, each once however many agencies name it, in
/// inventory order.
fn mail_domains(loaded: &Loaded, options: &RunOptions) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    options
        .selection
        .domains_in_scope(&loaded.inventory)
        .into_iter()
        .map(|(a, d)| loaded.inventory.agencies[a].agency.domains[d].as_str())
        .filter(|domain| seen.insert(*domain))
        .map(str::to_string)
        .collect()
}

/// Online, probes every planned endpoint and evaluates each system as
/// soon as its endpoints' facts are in (policy::evaluate_as_probed);
/// offline, just evaluates. Returns the evaluations and the probing time
/// in ms. `sweeps`: the previous run's TLS version sweeps, which probes
/// may carry.
fn probe_and_evaluate(
    loaded: &Loaded,
    options: &RunOptions,
    plan: &ProbePlan<'_>,
    slots: &ProbeSlots<'_>,
    sweeps: &RememberedSweeps,
) -> Result<(Vec<SystemEvaluation>, f64), Error> {
    let (inventory, policy, selection) = (&loaded.inventory, &loaded.policy, &options.selection);
    if plan.is_empty() {
        let evaluations = policy::evaluate(inventory, policy, selection, options.as_of, slots);
        return Ok((evaluations, 0.0));
    }
    let providers = policy.provider_signatures();
    let mut config: ProbeConfig = options.probe.clone();
    config.sweep_memory = Some(std::sync::Arc::new(SweepMemory::new(
        options.as_of,
        config.tls_resweep_days,
        sweeps.clone(),
    )));
    let config = &config;
    let (sender, arrivals) = std::sync::mpsc::channel();
    let (evaluations, probed) = std::thread::scope(|threads| {
        let prober = threads.spawn(|| {
            let started = Instant::now();
            let outcome = probe::probe_all_into(plan, config, providers, |slot, facts| {
                // The receiver lives until probing ends; nothing is lost.
                let _ = sender.send((slot, facts));
            });
            drop(sender);
            (outcome, elapsed_ms(started))
        });
        let evaluations = policy::evaluate::evaluate_as_probed(
            inventory,
            policy,
            selection,
            options.as_of,
            slots,
            arrivals.iter(),
        );
        (evaluations, prober.join())
    });
    match probed {
        Ok((Ok(()), elapsed)) => Ok((evaluations, elapsed)),
        Ok((Err(error), _)) => Err(Error::Probe(error)),
        Err(_) => Err(Error::ProbingStopped),
    }
}

pub fn elapsed_ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}
