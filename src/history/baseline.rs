//! What the history says before a scan is built: the previous recorded
//! run of the same scope (its failing findings) and each target's
//! recorded values. Read once, before the record, and handed to the one
//! function that builds it, so that nothing patches the record afterwards.

use super::store::Store;
use crate::inventory::Selection;
use crate::probe::sweep_memory::{RememberedSweeps, SweptProbes};
use crate::scan::{Baseline, ScanMode};

/// The baseline of organisation `org`'s scan of `scope` in `mode` with
/// these targets. The previous run is the organisation's last of the
/// same scope and mode: an offline run
/// made by hand between two nightly online ones would otherwise turn every
/// probe failure into a new one the night after. A part that cannot be
/// read is left empty: the scan then shows no trend or no changes, and
/// recording the run reports what is wrong with the store.
pub fn read<'t>(
    store: &mut Store,
    org: &str,
    scope: &Selection,
    mode: ScanMode,
    targets: impl Iterator<Item = &'t str>,
) -> Baseline {
    let scope_key = super::store::scope_text(scope);
    let previous_id = store.runs(org).ok().and_then(|runs| {
        runs.into_iter()
            .rev()
            .find(|run| run.scope == scope_key && run.mode == mode.as_str())
            .map(|run| run.id)
    });
    let previous = previous_id.and_then(|id| store.baseline_of(org, id).ok()?);
    // Only an online run probed; of its record only each probe's URL, TLS
    // facts and certificate fingerprint are read (sweep_memory.rs).
    let sweeps = match (mode, previous_id) {
        (ScanMode::Online, Some(id)) => store
            .load_part::<SweptProbes>(org, id)
            .ok()
            .flatten()
            .map(RememberedSweeps::from)
            .unwrap_or_default(),
        _ => RememberedSweeps::default(),
    };
    let target_points = targets
        .filter_map(|id| Some((id.to_string(), store.target_points(org, id, scope).ok()?)))
        .collect();
    Baseline {
        previous,
        target_points,
        sweeps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::hostile_scan;

    /// The previous run of the same scope gives its failing keys and the
    /// targets their points; a scan of another scope sees neither.
    #[test]
    fn the_previous_run_of_the_same_scope_and_the_target_points() {
        let dir = tempfile::tempdir().unwrap();
        let place = crate::history::place::Place::Sqlite(dir.path().join("h.sqlite"));
        let mut store = Store::open(&place).unwrap();
        let scan = hostile_scan();
        let id = store.record(&scan).unwrap();
        let targets: Vec<&str> = scan.targets.iter().map(|t| t.id.as_str()).collect();

        let baseline = read(
            &mut store,
            "",
            &scan.scope,
            scan.mode,
            targets.iter().copied(),
        );
        let previous = baseline.previous.expect("the recorded run");
        assert_eq!((previous.id, previous.as_of), (id, scan.as_of));
        let mut failing: Vec<_> = scan
            .failing_identities()
            .map(crate::scan::owned_key)
            .collect();
        failing.sort();
        failing.dedup();
        let mut stored = previous.failing.clone();
        stored.sort();
        assert_eq!(stored, failing);
        assert_eq!(
            previous.context,
            Some(crate::scan::RunContext::of(&scan)),
            "what the run was judged by comes back with it"
        );
        for target in &scan.targets {
            let points = &baseline.target_points[&target.id];
            match target.percent {
                Some(percent) => assert_eq!(points, &[(scan.as_of, percent)]),
                None => assert!(points.is_empty()),
            }
        }

        let other = Selection {
            agencies: vec!["elsewhere".into()],
            tags: Vec::new(),
        };
        let baseline = read(&mut store, "", &other, scan.mode, targets.iter().copied());
        assert!(baseline.previous.is_none());
        assert!(baseline.target_points.values().all(Vec::is_empty));
        // Nor does another organisation's scan of the same scope.
        let baseline = read(
            &mut store,
            "hue",
            &scan.scope,
            scan.mode,
            targets.iter().copied(),
        );
        assert!(baseline.previous.is_none());
        assert!(baseline.target_points.values().all(Vec::is_empty));
    }
}
