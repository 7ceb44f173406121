//! `cloudcensus report [RUN]`: a recorded scan rendered as a fresh scan
//! would be.

use std::io::{self, BufWriter, Write};

use crate::cli::{ColorChoice, ReportArgs};
use crate::error::{Error, Exit};
use crate::history::store::Store;
use crate::options::{
    Layers, history_path, org_key, report_command_options, terminal_width, use_color,
};
use crate::report::outputs::{file_format, refuse_binary_on_terminal, write_file};
use crate::report::per_agency::AgencyFolder;
use crate::report::{ReportFormat, ReportOptions, reporter};

pub fn run(args: &ReportArgs, layers: &Layers<'_>, color: ColorChoice) -> Result<Exit, Error> {
    let (format, options) = report_command_options(args, layers);
    // As `scan --output`: the file's format is settled before any work.
    let output = match &args.output {
        Some(spec) => Some((file_format(spec.format, &spec.path, format)?, &spec.path)),
        None => {
            refuse_binary_on_terminal(format)?;
            None
        }
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
        scan = crate::scan::narrow::to_agencies(&scan, &args.agency, id)?;
    }
    let options = ReportOptions {
        details: args.details,
        ..options
    };
    // `--per-agency-dir`: each agency's own report, as `scan` writes it;
    // alone, it is the whole of the command's output.
    if let Some(dir) = &args.per_agency_dir {
        let folder = AgencyFolder::prepare(dir)?;
        let files = folder.write(&scan, &options)?;
        let labels = crate::report::Labels::new(options.lang);
        // Beside a report for a program on stdout, the line goes to stderr.
        let on_stdout = output.is_some()
            || matches!(
                format.unwrap_or(ReportFormat::Table),
                ReportFormat::Table | ReportFormat::Summary
            );
        super::say(&folder.written_line(files, &labels), on_stdout);
        if output.is_none() && format.is_none() {
            return Ok(Exit::Compliant);
        }
    }
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
