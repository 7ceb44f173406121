//! `cloudcensus runs`: the scans recorded in the history.

use std::io::{self, BufWriter, Write};

use crate::cli::RunsArgs;
use crate::error::{Error, Exit};
use crate::history::store::Store;
use crate::options::history_path;

pub fn run(args: &RunsArgs) -> Result<Exit, Error> {
    let store = Store::open(&history_path(&args.history)?)?;
    let runs = store.runs()?;
    let mut out = BufWriter::new(io::stdout().lock());
    crate::history::runs::write(&mut out, &runs)?;
    out.flush()?;
    Ok(Exit::Compliant)
}
