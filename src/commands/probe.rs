//! `cloudcensus probe URL...`: the facts of ad-hoc URLs, for debugging one
//! site.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use crate::cli::{ProbeCommandArgs, ProbeFormat};
use crate::diagnostics::Diagnostics;
use crate::error::{Error, Exit};
use crate::inventory::model::EndpointUrl;
use crate::options::{language, probe_config};
use crate::{policy, probe, report};

pub fn run(args: &ProbeCommandArgs, quiet: bool) -> Result<Exit, Error> {
    let mut urls = Vec::new();
    let mut bad = false;
    for text in &args.urls {
        match EndpointUrl::parse(text) {
            Ok(url) => urls.push(url.url),
            Err(message) => {
                eprintln!("error: {message}");
                bad = true;
            }
        }
    }
    // The providers registry is optional here: without it nothing is
    // matched, and a missing default folder is not an error.
    let folders: Vec<PathBuf> = args
        .policies
        .iter()
        .filter(|p| p.exists())
        .cloned()
        .collect();
    let mut diagnostics = Diagnostics::default();
    let providers = if folders.is_empty() {
        Vec::new()
    } else {
        policy::load(&folders, &mut diagnostics).provider_signatures()
    };
    super::print_diagnostics(&diagnostics);
    if bad || diagnostics.has_errors() {
        return Ok(Exit::BadInput);
    }
    let facts = probe::probe_all(&urls, &probe_config(&args.probe, !quiet), providers)?;
    let mut stdout = BufWriter::new(io::stdout().lock());
    match args.format {
        ProbeFormat::Json => {
            serde_json::to_writer_pretty(&mut stdout, &facts).map_err(io::Error::from)?;
            writeln!(stdout)?;
        }
        ProbeFormat::Table => {
            let labels = report::Labels::new(language(args.lang));
            report::render_probes(&facts, &labels, &mut stdout)?;
        }
    }
    stdout.flush()?;
    Ok(Exit::Compliant)
}
