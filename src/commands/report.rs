//! `cloudcensus report [RUN]`: a recorded scan rendered as a fresh scan
//! would be.

use std::io::{self, BufWriter, Write};

use crate::cli::ReportArgs;
use crate::error::{Error, Exit};
use crate::history::store::Store;
use crate::options::{Layers, history_path, report_command_options};
use crate::report::outputs::{OutputError, PendingFile};
use crate::report::reporter;

pub fn run(args: &ReportArgs, layers: &Layers<'_>) -> Result<Exit, Error> {
    let missing = || match args.run {
        Some(id) => Error::NoSuchRun(id),
        None => Error::NoRuns,
    };
    let store = Store::open_existing(&history_path(&args.history, layers)?)?.ok_or_else(missing)?;
    let (_, scan) = store.load(args.run)?.ok_or_else(missing)?;
    let (format, options) = report_command_options(args, layers);
    let render = reporter(format, &options);
    match &args.output {
        Some(path) => {
            // As `scan --output` does: the old file stays until this one is whole.
            let mut file = PendingFile::create(path)?;
            render
                .render(&scan, file.writer())
                .and_then(|()| file.finish())
                .map_err(|source| OutputError {
                    path: path.clone(),
                    source,
                })?;
        }
        None => {
            let mut out = BufWriter::new(io::stdout().lock());
            render.render(&scan, &mut out)?;
            out.flush()?;
        }
    }
    Ok(Exit::Compliant)
}
