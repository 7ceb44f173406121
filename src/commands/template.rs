//! `cloudcensus template FILE.xlsx`: the workbook agencies fill in.

use std::path::Path;

use crate::cli::TemplateArgs;
use crate::error::{Error, Exit};
use crate::options::{self, Layers};
use crate::report::Labels;
use crate::report::outputs::OutputError;
use crate::workbook::write;

pub fn run(args: &TemplateArgs, layers: &Layers<'_>, quiet: bool) -> Result<Exit, Error> {
    let labels = Labels::new(options::lang(args.lang, layers).value);
    write::save(&args.file, &labels, &[]).map_err(|error| not_written(&args.file, &error))?;
    if !quiet {
        let path = args.file.display().to_string();
        println!(
            "{}",
            labels.with("wb-template-written", &[("path", path.into())])
        );
    }
    Ok(Exit::Compliant)
}

/// A workbook that could not be written: the system's words, or
/// rust_xlsxwriter's.
pub(crate) fn not_written(path: &Path, error: &rust_xlsxwriter::XlsxError) -> Error {
    let source = match error {
        rust_xlsxwriter::XlsxError::IoError(io) => std::io::Error::new(io.kind(), io.to_string()),
        other => std::io::Error::other(other.to_string()),
    };
    Error::Output(OutputError {
        path: path.to_path_buf(),
        source,
    })
}
