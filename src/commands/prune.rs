//! `cloudcensus prune`: drop recorded scans past a retention window.

use std::io::{self, BufWriter, Write};

use crate::cli::PruneArgs;
use crate::error::{Error, Exit};
use crate::fields::IsoDate;
use crate::history::store::{self, Store};
use crate::options::{Layers, history_path};

pub fn run(args: &PruneArgs, layers: &Layers<'_>, today: IsoDate) -> Result<Exit, Error> {
    let path = history_path(&args.history, layers)?;
    // Never while a scan writes: wait for its lock.
    let _lock = store::lock(&path, true)?;
    let Some(mut store) = Store::open_existing(&path)? else {
        println!("dropped 0 recorded scans");
        return Ok(Exit::Compliant);
    };
    let doomed = store.runs_past_retention(&today.to_string(), args.keep_days, args.keep_runs)?;
    if args.dry_run {
        let runs: Vec<_> = store
            .runs()?
            .into_iter()
            .filter(|run| doomed.binary_search(&run.id).is_ok())
            .collect();
        let mut out = BufWriter::new(io::stdout().lock());
        if runs.is_empty() {
            writeln!(out, "would drop 0 recorded scans")?;
        } else {
            writeln!(out, "would drop {} recorded scans:", runs.len())?;
            crate::history::runs::write(&mut out, &runs)?;
        }
        out.flush()?;
        return Ok(Exit::Compliant);
    }
    store.drop_runs(&doomed)?;
    println!("dropped {} recorded scans", doomed.len());
    Ok(Exit::Compliant)
}
