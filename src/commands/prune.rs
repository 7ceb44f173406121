//! `cloudcensus prune`: drop recorded scans past a retention window.

use crate::cli::PruneArgs;
use crate::error::{Error, Exit};
use crate::fields::IsoDate;
use crate::history::store::{self, Store};
use crate::options::history_path;

pub fn run(args: &PruneArgs, today: IsoDate) -> Result<Exit, Error> {
    let path = history_path(&args.history)?;
    // Never while a scan writes: wait for its lock.
    let _lock = store::lock(&path, true)?;
    let count = Store::open(&path)
        .and_then(|mut store| store.prune(&today.to_string(), args.keep_days, args.keep_runs))?;
    println!("dropped {count} recorded scans");
    Ok(Exit::Compliant)
}
