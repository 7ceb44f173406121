//! The invariants every run keeps, as properties over generated
//! inventories (proptest; issue 17, item 3). Each file holds one family:
//! `split.rs` (a target's value however the inventory is split into
//! files and in whatever order they are read), `waivers.rs` (a waiver
//! only ever turns a fail into waived), `record.rs` (the record against
//! its JSON Schema, `diff` of a run with itself, `report` of a stored run
//! against the fresh output), `workbook.rs` (export then import gives the
//! inventory back). This file generates the inventories and scans them.
//!
//! Scans are offline, through the pipeline the `scan` command runs, with
//! the shipped policy pack (`policies/`): no process per case. The cases
//! per property are few ([`CASES`]) so the whole family stays within
//! seconds in a debug build; proptest keeps every failing case under
//! `proptest-regressions/` and replays it first on the next run.

mod record;
mod split;
mod waivers;
mod workbook;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use proptest::prelude::*;

use crate::fields::IsoDate;
use crate::inventory::validate::Coverage;
use crate::options::{InputPaths, RunOptions};
use crate::pipeline;
use crate::probe::ProbeConfig;
use crate::scan::{Baseline, ScanMode, ScanResult};

/// Cases per property: each is one or two offline scans against the
/// whole shipped pack (tens of milliseconds in a debug build).
pub const CASES: u32 = 16;
/// Cases of the properties that also write a history store (SQLite syncs
/// each run to disk) or render every format.
pub const STORE_CASES: u32 = 6;

pub fn config() -> ProptestConfig {
    cases(CASES)
}

pub fn cases(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// A generated system: what the shipped pack's rules and targets read.
#[derive(Debug, Clone)]
pub struct GenSystem {
    pub criticality: &'static str,
    pub security_level: Option<u8>,
    pub model: &'static str,
    pub provider: Option<&'static str>,
    pub lifecycle: &'static str,
    pub migration: Option<(&'static str, &'static str)>,
    /// Total and fully online.
    pub services: Option<(u32, u32)>,
    pub personal_data_users: Option<u64>,
    pub endpoint: bool,
    pub portal: bool,
}

#[derive(Debug, Clone)]
pub struct GenAgency {
    pub kind: &'static str,
    pub systems: Vec<GenSystem>,
}

fn system() -> impl Strategy<Value = GenSystem> {
    (
        (
            prop::sample::select(vec!["low", "medium", "high", "critical"]),
            prop::option::of(1u8..=5),
            prop::sample::select(vec![
                "on-premises",
                "data-center",
                "private-cloud",
                "gov-cloud",
                "public-cloud",
                "saas",
            ]),
            prop::option::of(prop::sample::select(vec!["vnpt", "viettel", "fpt"])),
            prop::sample::select(vec![
                "production",
                "production",
                "development",
                "planned",
                "retired",
            ]),
        ),
        (
            prop::option::of((
                prop::sample::select(vec![
                    "rehost",
                    "replatform",
                    "refactor",
                    "repurchase",
                    "retire",
                    "retain",
                ]),
                prop::sample::select(vec!["planned", "in-progress", "done", "blocked"]),
            )),
            prop::option::of((0u32..40).prop_flat_map(|total| (Just(total), 0..=total))),
            prop::option::of(0u64..50_000),
            any::<bool>(),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (criticality, security_level, model, provider, lifecycle),
                (migration, services, personal_data_users, endpoint, portal),
            )| GenSystem {
                criticality,
                security_level,
                model,
                // A provider runs a cloud; on premises names none.
                provider: provider.filter(|_| model.contains("cloud") || model == "saas"),
                lifecycle,
                migration,
                services,
                personal_data_users,
                endpoint,
                portal,
            },
        )
}

fn agency() -> impl Strategy<Value = GenAgency> {
    (
        prop::sample::select(vec![
            "department",
            "district",
            "commune",
            "unit",
            "enterprise",
        ]),
        prop::collection::vec(system(), 0..6),
    )
        .prop_map(|(kind, systems)| GenAgency { kind, systems })
}

/// One to eight agencies, `ag-0`, `ag-1`...
pub fn inventory() -> impl Strategy<Value = Vec<GenAgency>> {
    prop::collection::vec(agency(), 1..8)
}

/// Agency `index` as an inventory document (without the `---`).
pub fn agency_yaml(index: usize, agency: &GenAgency) -> String {
    let mut text = format!(
        "agency:\n  id: ag-{index}\n  name: Cơ quan {index}\n  kind: {}\nsystems:",
        agency.kind
    );
    if agency.systems.is_empty() {
        text.push_str(" []");
    }
    text.push('\n');
    for (s, system) in agency.systems.iter().enumerate() {
        let _ = write!(
            text,
            "  - id: s{s}\n    name: Hệ thống {s}\n    criticality: {}\n    lifecycle: {}\n    \
             hosting:\n      model: {}\n",
            system.criticality, system.lifecycle, system.model
        );
        if let Some(provider) = system.provider {
            let _ = writeln!(text, "      provider: {provider}");
        }
        if let Some(level) = system.security_level {
            let _ = writeln!(text, "    security_level: {level}");
        }
        if let Some(users) = system.personal_data_users {
            let _ = writeln!(text, "    personal_data_users: {users}");
        }
        if let Some((strategy, status)) = system.migration {
            let _ = writeln!(
                text,
                "    migration:\n      strategy: {strategy}\n      status: {status}"
            );
        }
        if let Some((total, online)) = system.services {
            let _ = writeln!(
                text,
                "    public_services:\n      total: {total}\n      fully_online: {online}"
            );
        }
        if system.endpoint {
            let _ = writeln!(
                text,
                "    endpoints:\n      - url: https://s{s}.ag-{index}.example.gov.vn/"
            );
        }
        if system.portal {
            text.push_str("    tags: [public-portal]\n");
        }
    }
    text
}

/// Writes each agency to its own file `ag-N.yaml` in `dir`.
pub fn write_one_per_file(dir: &Path, agencies: &[GenAgency]) {
    std::fs::create_dir_all(dir).expect("inventory folder");
    for (index, agency) in agencies.iter().enumerate() {
        std::fs::write(
            dir.join(format!("ag-{index}.yaml")),
            agency_yaml(index, agency),
        )
        .expect("inventory file");
    }
}

/// The day every generated run is judged on.
pub fn as_of() -> IsoDate {
    IsoDate(time::macros::date!(2026 - 11 - 25))
}

/// The shipped policy pack's folder.
pub fn shipped_policies() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("policies")
}

/// An offline scan of the inventory under `inventories` against the
/// policy folders, as `scan --offline --as-of 2026-11-25` makes it.
pub fn scan(inventories: &Path, policies: &[PathBuf]) -> ScanResult {
    let input = InputPaths {
        inventories: vec![inventories.to_path_buf()],
        policies: policies.to_vec(),
        coverage: Coverage {
            whole: true,
            strict: false,
        },
    };
    let loaded = pipeline::load(&input);
    assert!(
        !loaded.diagnostics.has_errors(),
        "the generated inventory is valid: {}",
        loaded
            .diagnostics
            .render(&crate::report::Labels::new(crate::report::Lang::En))
    );
    let options = RunOptions {
        selection: Default::default(),
        organisation: Default::default(),
        as_of: as_of(),
        mode: ScanMode::Offline,
        probe: ProbeConfig::default(),
    };
    let started_at = time::macros::datetime!(2026-11-25 02:00 UTC);
    pipeline::run(
        &loaded,
        &options,
        &Baseline::default(),
        Instant::now(),
        started_at,
        0.0,
    )
    .expect("an offline scan runs")
}
