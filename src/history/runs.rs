//! `cloudcensus runs`: a line per recorded scan, oldest first.

use std::io::{self, Write};

use super::store::RunSummary;
use crate::fields::IsoDate;
use crate::report::Labels;

pub fn write(out: &mut impl Write, runs: &[RunSummary], labels: &Labels) -> io::Result<()> {
    if runs.is_empty() {
        writeln!(out, "{}", labels.get("runs-none"))?;
    }
    // The mode padded to the language's longer one, so the columns after
    // it line up.
    let modes = ["online", "offline"].map(|mode| labels.get(&format!("runs-mode-{mode}")));
    let width = modes.iter().map(|m| m.chars().count()).max().unwrap_or(0);
    for run in runs {
        let mode = match run.mode.as_str() {
            "online" => modes[0].clone(),
            "offline" => modes[1].clone(),
            other => other.to_string(),
        };
        let date =
            IsoDate::parse(&run.as_of).map_or_else(|_| run.as_of.clone(), |d| labels.date(d));
        let line = labels.with(
            "runs-line",
            &[
                ("date", date.into()),
                ("mode", format!("{mode:<width$}").into()),
                ("agencies", run.agencies.into()),
                ("systems", run.systems.into()),
                ("on_cloud", run.on_cloud.into()),
                ("failing", run.failing.into()),
                ("compliance", labels.percent_or_dash(run.compliance).into()),
            ],
        );
        writeln!(
            out,
            "{:>5}  {}  {line}{}",
            run.id,
            run.started_at,
            if run.scope.is_empty() {
                String::new()
            } else {
                format!("  [{}]", run.scope)
            }
        )?;
    }
    Ok(())
}
