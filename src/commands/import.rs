//! `cloudcensus import FILE.xlsx|FILE.csv... [--out DIR]`: filled
//! workbooks into one YAML inventory per agency. Nothing is written when
//! any error is found (with `--partial`, the agencies without one are),
//! nor over a file whose text differs unless `--force`.

use std::io::Write;

use crate::cli::ImportArgs;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Message};
use crate::error::{Error, Exit};
use crate::options::{self, Layers};
use crate::report::Labels;
use crate::report::outputs::OutputError;
use crate::workbook::import::{AgencyFile, import};

pub fn run(args: &ImportArgs, layers: &Layers<'_>, quiet: bool) -> Result<Exit, Error> {
    let lang = options::lang(args.lang, layers).value;
    let labels = Labels::new(lang);
    let mut diagnostics = Diagnostics::default();
    let mut files = import(&args.files, &args.out, &mut diagnostics);
    let mut unchanged = 0;
    for file in &mut files {
        match std::fs::read_to_string(&file.path) {
            Ok(text) if text == file.text => {
                unchanged += usize::from(file.ok);
                file.ok = false;
                file.text.clear();
            }
            Ok(_) if !args.force && file.ok => {
                diagnostics.push(
                    Diagnostic::error(
                        Location::file(&file.path),
                        Message::new("wb-err-would-overwrite").arg("id", file.id.as_str()),
                    )
                    .with_hint(Some(Message::new("wb-hint-force"))),
                );
                file.ok = false;
            }
            _ => {}
        }
    }
    diagnostics.sort();
    super::print_diagnostics(&diagnostics, lang);
    let errors = diagnostics.has_errors();
    if errors && !args.partial {
        if !quiet {
            eprintln!("{}", labels.get("wb-import-nothing-written"));
        }
        return Ok(Exit::BadInput);
    }
    let written = write_files(&files, args)?;
    if !quiet {
        let dir = args.out.display().to_string();
        println!(
            "{}",
            labels.with(
                "wb-import-written",
                &[
                    ("written", written.into()),
                    ("unchanged", unchanged.into()),
                    ("dir", dir.into()),
                ]
            )
        );
    }
    let left_out: Vec<&str> = files
        .iter()
        .filter(|f| !f.ok && !f.text.is_empty())
        .map(|f| f.id.as_str())
        .collect();
    if !left_out.is_empty() {
        let ids = left_out.join(", ");
        let _ = writeln!(
            std::io::stderr().lock(),
            "{}",
            labels.with(
                "wb-import-left-out",
                &[("count", left_out.len().into()), ("ids", ids.into())]
            )
        );
    }
    Ok(if errors {
        Exit::BadInput
    } else {
        Exit::Compliant
    })
}

fn write_files(files: &[AgencyFile], args: &ImportArgs) -> Result<usize, Error> {
    let failed = |path: &std::path::Path, source: std::io::Error| {
        Error::Output(OutputError {
            path: path.to_path_buf(),
            source,
        })
    };
    let mut written = 0;
    for file in files.iter().filter(|f| f.ok) {
        std::fs::create_dir_all(&args.out).map_err(|e| failed(&args.out, e))?;
        std::fs::write(&file.path, &file.text).map_err(|e| failed(&file.path, e))?;
        written += 1;
    }
    Ok(written)
}
