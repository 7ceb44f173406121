//! `cloudcensus trend --national`: each national target's value over the
//! recorded nights, drawn as `trend` draws one organisation's. A night's
//! value is the national view of that day (`national --as-of DAY`): the
//! ratio of sums over every organisation's latest run measured on or
//! before it, fresh within the maximum age and of the majority's pack,
//! summed from the stored target counts (no record read but the last
//! night's, for the targets' titles, goals and statuses).

use std::io::Write;

use super::national::{every_run_counts, inputs};
use super::store::Store;
use super::trend::{TrendError, write_target};
use crate::diagnostics::did_you_mean;
use crate::policy::national::{compute, over_time};
use crate::report::Labels;

pub fn write(
    out: &mut impl Write,
    store: &mut Store,
    max_age_days: u32,
    only: Option<&str>,
    labels: &Labels,
) -> Result<(), TrendError> {
    let (last, points) = over_time(&every_run_counts(store)?, max_age_days);
    // The titles, goals and statuses are the last night's national view,
    // the only records read.
    let targets = match last {
        Some(day) => compute(&inputs(store, day)?, day, max_age_days).targets,
        None => Vec::new(),
    };
    if let Some(target) = only
        && !targets.is_empty()
        && !targets.iter().any(|t| t.progress.id == target)
    {
        return Err(TrendError::UnknownTarget {
            target: target.to_string(),
            hint: did_you_mean(target, targets.iter().map(|t| t.progress.id.as_str()))
                .map(str::to_string),
        });
    }
    if points.is_empty() {
        writeln!(out, "{}", labels.get("trend-none")).map_err(TrendError::Write)?;
        return Ok(());
    }
    writeln!(
        out,
        "{}",
        labels.with("trend-national", &[("days", max_age_days.into())])
    )
    .map_err(TrendError::Write)?;
    for target in targets
        .iter()
        .filter(|t| only.is_none_or(|id| id == t.progress.id))
    {
        let Some((_, line)) = points.iter().find(|(id, _)| *id == target.progress.id) else {
            continue;
        };
        write_target(out, &target.progress, line, labels)?;
    }
    Ok(())
}
