//! Targets over time: `cloudcensus trend` prints each target's recorded
//! values with a sparkline and where the current pace leads. (A scan's
//! own projected statuses are decided when its record is built, by
//! `policy::targets::progress`.)

use std::io::{self, Write};

use super::store::{Store, StoreError};
use crate::diagnostics::{Message, did_you_mean};
use crate::fields::IsoDate;
use crate::inventory::Selection;
use crate::policy::targets::projection;
use crate::report::{Labels, status_name};
use crate::scan::{TargetProgress, TargetStatus};
use crate::text::plain;

/// Why `cloudcensus trend` stopped.
#[derive(Debug, thiserror::Error)]
pub enum TrendError {
    /// The recorded values could not be read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The output could not be written.
    #[error("cannot write the trend: {0}")]
    Write(#[source] io::Error),
    /// `--target` names a target with no recorded values.
    #[error("no target `{target}` in the history{}", hint.as_ref().map(|h| format!("; did you mean `{h}`?")).unwrap_or_default())]
    UnknownTarget {
        target: String,
        hint: Option<String>,
    },
}

impl TrendError {
    /// The sentence a user reads, in any language; `Display` is its English.
    pub fn message(&self) -> Message {
        match self {
            TrendError::Store(error) => error.message(),
            TrendError::Write(source) => Message::new("err-trend-write").reason(source),
            TrendError::UnknownTarget { target, hint } => match hint {
                Some(hint) => Message::new("err-trend-unknown-target-hint").arg("hint", hint),
                None => Message::new("err-trend-unknown-target"),
            }
            .arg("target", target),
        }
    }
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

/// `cloudcensus trend`: for each target of organisation `org`'s
/// whole-inventory scans (or only `only`), its values as a sparkline, the
/// first and last, and where the pace leads. `targets` are the latest
/// run's, for titles and goals.
pub fn write(
    out: &mut impl Write,
    store: &mut Store,
    org: &str,
    targets: &[TargetProgress],
    only: Option<&str>,
    labels: &Labels,
) -> Result<(), TrendError> {
    let scope = Selection::default();
    let ids = store.target_ids(org, &scope)?;
    if let Some(target) = only
        && !ids.is_empty()
        && !ids.iter().any(|id| id == target)
    {
        return Err(TrendError::UnknownTarget {
            target: target.to_string(),
            hint: did_you_mean(target, ids.iter().map(String::as_str)).map(str::to_string),
        });
    }
    if ids.is_empty() {
        writeln!(out, "{}", labels.get("trend-none")).map_err(TrendError::Write)?;
    }
    for id in ids
        .iter()
        .filter(|id| only.is_none_or(|t| t == id.as_str()))
    {
        let points = store.target_points(org, id, &scope)?;
        let Some(target) = targets.iter().find(|t| &t.id == id) else {
            continue;
        };
        write_target(out, target, &points, labels)?;
    }
    Ok(())
}

/// One target's lines: its id and title, then its `points` as a
/// sparkline, the first and last, its goal and status (projected through
/// the points while it is open) and where the pace leads.
pub fn write_target(
    out: &mut impl Write,
    target: &TargetProgress,
    points: &[(IsoDate, f64)],
    labels: &Labels,
) -> Result<(), TrendError> {
    let projected = projection(points, target.goal, target.deadline);
    let open = is_open(target.status);
    let status = if open {
        projected.status
    } else {
        target.status
    };
    let pace = match (open, projected.reached) {
        (true, Some(day)) => format!(
            " {}",
            labels.with("trend-pace", &[("date", labels.date(day).into())])
        ),
        _ => String::new(),
    };
    let value = |point: Option<&(IsoDate, f64)>| {
        point.map_or_else(String::new, |(d, v)| {
            format!("{} {}", labels.date(*d), labels.percent(*v))
        })
    };
    let line = labels.with(
        "trend-line",
        &[
            ("first", value(points.first()).into()),
            ("last", value(points.last()).into()),
            ("goal", labels.percent(target.goal).into()),
            ("deadline", labels.date(target.deadline).into()),
            ("status", status_name(status, labels).into()),
        ],
    );
    writeln!(
        out,
        "{}: {}\n  {}  {line}{pace}",
        target.id,
        plain(target.title_in(labels.lang())),
        sparkline(points),
    )
    .map_err(TrendError::Write)
}

/// Values as a line of block characters, lowest to highest: ▁▂▃▄▅▆▇█.
fn sparkline(points: &[(IsoDate, f64)]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    points
        .iter()
        .map(|(_, value)| BARS[((value.clamp(0.0, 100.0) / 100.0) * 7.0).round() as usize])
        .collect()
}
