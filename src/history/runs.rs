//! `cloudcensus runs`: a line per recorded scan, oldest first.

use std::io::{self, Write};

use super::store::RunSummary;
use crate::fields::format_percent;

pub fn write(out: &mut impl Write, runs: &[RunSummary]) -> io::Result<()> {
    if runs.is_empty() {
        writeln!(out, "No scans recorded yet.")?;
    }
    for run in runs {
        writeln!(
            out,
            "{:>5}  {}  as of {}  {:<7}  {} agencies, {} systems, {} on cloud, {} failing, compliance {}{}",
            run.id,
            run.started_at,
            run.as_of,
            run.mode,
            run.agencies,
            run.systems,
            run.on_cloud,
            run.failing,
            run.compliance
                .map_or_else(|| "–".to_string(), |c| format!("{}%", format_percent(c))),
            if run.scope.is_empty() {
                String::new()
            } else {
                format!("  [{}]", run.scope)
            }
        )?;
    }
    Ok(())
}
