//! `cloudcensus report [RUN]`: a recorded scan rendered as a fresh scan
//! would be.

use std::io::{self, BufWriter, Write};

use crate::cli::{ColorChoice, ReportArgs};
use crate::error::{Error, Exit};
use crate::history::store::Store;
use crate::options::{
    Layers, history_path, org_key, report_command_options, terminal_width, use_color,
};
use crate::report::outputs::{file_format, write_file};
use crate::report::{ReportFormat, ReportOptions, reporter};

pub fn run(args: &ReportArgs, layers: &Layers<'_>, color: ColorChoice) -> Result<Exit, Error> {
    let (format, options) = report_command_options(args, layers);
    // As `scan --output`: the file's format is settled before any work.
    let output = match &args.output {
        Some(spec) => Some((file_format(spec.format, &spec.path, format)?, &spec.path)),
        None => None,
    };
    let missing = || match args.run {
        Some(id) => Error::NoSuchRun(id),
        None => Error::NoRuns,
    };
    let mut store =
        Store::open_existing(&history_path(&args.history, layers)?)?.ok_or_else(missing)?;
    let (id, mut scan) = store
        .load(&org_key(&args.history, layers), args.run)?
        .ok_or_else(missing)?;
    if !args.agency.is_empty() {
        scan = crate::scan::narrow::to_agencies(scan, &args.agency, id)?;
    }
    let options = ReportOptions {
        details: args.details,
        ..options
    };
    match output {
        Some((format, path)) => {
            // As `scan --output` does: the old file stays until this one is
            // whole. Never coloured.
            write_file(path, |out| reporter(format, &options).render(&scan, out))?;
        }
        None => {
            let options = ReportOptions {
                color: use_color(color),
                width: terminal_width(),
                ..options
            };
            let format = format.unwrap_or(ReportFormat::Table);
            let mut out = BufWriter::new(io::stdout().lock());
            reporter(format, &options).render(&scan, &mut out)?;
            out.flush()?;
        }
    }
    Ok(Exit::Compliant)
}
