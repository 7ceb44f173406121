//! `cloudcensus trend --national`: each national target's value over the
//! recorded nights, drawn as `trend` draws one organisation's. A night's
//! value is the national view of that day (`national --as-of DAY`): the
//! ratio of sums over every organisation's latest run measured on or
//! before it, fresh within the maximum age and of the majority's pack.

use std::io::Write;

use super::national::every_run;
use super::store::Store;
use super::trend::{TrendError, write_target};
use crate::diagnostics::did_you_mean;
use crate::policy::national::over_time;
use crate::report::Labels;

pub fn write(
    out: &mut impl Write,
    store: &mut Store,
    max_age_days: u32,
    only: Option<&str>,
    labels: &Labels,
) -> Result<(), TrendError> {
    let (targets, points) = over_time(&every_run(store)?, max_age_days);
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
