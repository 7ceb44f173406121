//! `cloudcensus diff [A] [B]`: what changed between two recorded scans.

use std::io::{self, BufWriter, Write};

use crate::cli::DiffArgs;
use crate::error::{Error, Exit};
use crate::history::diff::{runs_to_compare, write};
use crate::history::store::Store;
use crate::options::{Layers, history_path, lang, org_key};
use crate::report::Labels;
use crate::scan::ScanResult;

pub fn run(args: &DiffArgs, layers: &Layers<'_>) -> Result<Exit, Error> {
    let org = org_key(&args.history, layers);
    let mut store = Store::open_existing(&history_path(&args.history, layers)?)?
        .ok_or(Error::DiffNeedsTwoRuns)?;
    let ids: Vec<i64> = store.runs(&org)?.iter().map(|r| r.id).collect();
    let (before, after) =
        runs_to_compare(&ids, args.before, args.after).ok_or(Error::DiffNeedsTwoRuns)?;
    let mut load = |id: i64| -> Result<ScanResult, Error> {
        match store.load(&org, Some(id))? {
            Some((_, scan)) => Ok(scan),
            None => Err(Error::NoSuchRun(id)),
        }
    };
    let (old, new) = (load(before)?, load(after)?);
    let mut out = BufWriter::new(io::stdout().lock());
    let labels = Labels::new(lang(args.lang, layers).value);
    write(&mut out, (before, &old), (after, &new), &labels)?;
    out.flush()?;
    Ok(Exit::Compliant)
}
