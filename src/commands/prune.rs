//! `cloudcensus prune`: drop recorded scans past a retention window.

use std::io::{self, BufWriter, Write};

use crate::cli::PruneArgs;
use crate::error::{Error, Exit};
use crate::fields::IsoDate;
use crate::history::store::{self, Store};
use crate::options::{Layers, history_path, lang, org_key};
use crate::report::Labels;

pub fn run(args: &PruneArgs, layers: &Layers<'_>, today: IsoDate) -> Result<Exit, Error> {
    let labels = Labels::new(lang(args.lang, layers).value);
    let dropped = |count: usize| labels.with("prune-dropped", &[("count", count.into())]);
    let place = history_path(&args.history, layers)?;
    let org = org_key(&args.history, layers);
    // A history that is not there is not made (nor its lock file): a
    // mistyped --history drops nothing and leaves nothing behind.
    if !place.may_exist() {
        println!("{}", dropped(0));
        return Ok(Exit::Compliant);
    }
    // Never while a scan writes to a SQLite store: wait for its lock.
    let _lock = store::prune_lock(&place)?;
    let Some(mut store) = Store::open_existing(&place)? else {
        println!("{}", dropped(0));
        return Ok(Exit::Compliant);
    };
    let doomed =
        store.runs_past_retention(&org, &today.to_string(), args.keep_days, args.keep_runs)?;
    if args.dry_run {
        let runs: Vec<_> = store
            .runs(&org)?
            .into_iter()
            .filter(|run| doomed.binary_search(&run.id).is_ok())
            .collect();
        let mut out = BufWriter::new(io::stdout().lock());
        let would = labels.with("prune-would-drop", &[("count", runs.len().into())]);
        if runs.is_empty() {
            writeln!(out, "{would}")?;
        } else {
            writeln!(out, "{would}:")?;
            crate::history::runs::write(&mut out, &runs, &labels)?;
        }
        out.flush()?;
        return Ok(Exit::Compliant);
    }
    store.drop_runs(&doomed)?;
    println!("{}", dropped(doomed.len()));
    Ok(Exit::Compliant)
}
