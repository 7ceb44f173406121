//! `cloudcensus runs`: the scans recorded in the history.

use std::io::{self, BufWriter, Write};

use crate::cli::RunsArgs;
use crate::error::{Error, Exit};
use crate::history::store::Store;
use crate::options::{Layers, history_path, lang, org_key};
use crate::report::Labels;

pub fn run(args: &RunsArgs, layers: &Layers<'_>) -> Result<Exit, Error> {
    // No store yet is no run yet; looking creates nothing.
    let org = org_key(&args.history, layers);
    let runs = match Store::open_existing(&history_path(&args.history, layers)?)? {
        Some(mut store) => store.runs(&org)?,
        None => Vec::new(),
    };
    let mut out = BufWriter::new(io::stdout().lock());
    crate::history::runs::write(&mut out, &runs, &Labels::new(lang(args.lang, layers).value))?;
    out.flush()?;
    Ok(Exit::Compliant)
}
