//! Targets over time: each target's recorded values give the scan its
//! projected status (on track, behind, no progress) and the day the goal is
//! reached at the current pace; `cloudcensus trend` prints them with a
//! sparkline.

use std::io::{self, Write};

use super::store::{Store, StoreError};
use crate::fields::{IsoDate, format_percent};
use crate::policy::targets::projection;
use crate::scan::{ScanResult, ScanScope, TargetProgress, TargetStatus, TrendPoint};
use crate::text::plain;

/// Fills each target's history (recorded values of the same scope and
/// today's); targets not yet met and before their deadline get their
/// status and the day they are reached from the line through it.
pub fn apply(store: &Store, result: &mut ScanResult) {
    for target in &mut result.targets {
        let Some(today_value) = target.percent else {
            continue;
        };
        let Ok(recorded) = store.target_points(&target.id, &result.scope) else {
            continue;
        };
        let mut points: Vec<(IsoDate, f64)> = recorded
            .into_iter()
            .filter(|(day, _)| *day < result.as_of)
            .collect();
        points.push((result.as_of, today_value));
        if target.status == TargetStatus::NoTrend {
            let projected = projection(&points, target.goal, target.deadline);
            target.status = projected.status;
            target.reached_by = projected.reached;
        }
        target.history = points
            .iter()
            .map(|(as_of, percent)| TrendPoint {
                as_of: *as_of,
                percent: *percent,
            })
            .collect();
    }
}

/// Why `cloudcensus trend` stopped.
#[derive(Debug, thiserror::Error)]
pub enum TrendError {
    /// The recorded values could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The output could not be written.
    #[error("cannot write the trend: {0}")]
    Write(#[source] io::Error),
}

fn is_open(status: TargetStatus) -> bool {
    matches!(
        status,
        TargetStatus::NoTrend
            | TargetStatus::OnTrack
            | TargetStatus::Behind
            | TargetStatus::NoProgress
    )
}

/// `cloudcensus trend`: for each target of whole-inventory scans (or only
/// `only`), its values as a sparkline, the first and last, and where the
/// pace leads. `targets` are the latest run's, for titles and goals.
pub fn write(
    out: &mut impl Write,
    store: &Store,
    targets: &[TargetProgress],
    only: Option<&str>,
) -> Result<(), TrendError> {
    let scope = ScanScope::default();
    let ids = store.target_ids(&scope)?;
    if ids.is_empty() {
        writeln!(
            out,
            "No target values recorded yet: run `cloudcensus scan`."
        )
        .map_err(TrendError::Write)?;
    }
    for id in ids
        .iter()
        .filter(|id| only.is_none_or(|t| t == id.as_str()))
    {
        let points = store.target_points(id, &scope)?;
        let Some(target) = targets.iter().find(|t| &t.id == id) else {
            continue;
        };
        let projected = projection(&points, target.goal, target.deadline);
        let open = is_open(target.status);
        let status = if open {
            projected.status
        } else {
            target.status
        };
        let pace = match (open, projected.reached) {
            (true, Some(day)) => format!(" (at this pace the goal is reached around {day})"),
            _ => String::new(),
        };
        let value = |point: Option<&(IsoDate, f64)>| {
            point.map_or_else(String::new, |(d, v)| format!("{d} {}%", format_percent(*v)))
        };
        writeln!(
            out,
            "{id}: {}\n  {}  {} -> {}  goal {}% by {}: {status}{pace}",
            plain(&target.title),
            sparkline(&points),
            value(points.first()),
            value(points.last()),
            format_percent(target.goal),
            target.deadline,
        )
        .map_err(TrendError::Write)?;
    }
    Ok(())
}

/// Values as a line of block characters, lowest to highest: ▁▂▃▄▅▆▇█.
fn sparkline(points: &[(IsoDate, f64)]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    points
        .iter()
        .map(|(_, value)| BARS[((value.clamp(0.0, 100.0) / 100.0) * 7.0).round() as usize])
        .collect()
}
