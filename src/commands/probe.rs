//! `cloudcensus probe URL...`: the facts of ad-hoc URLs, for debugging one
//! site.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use crate::cli::{ProbeCommandArgs, ProbeFormat};
use crate::diagnostics::Diagnostics;
use crate::error::{Error, Exit};
use crate::inventory::model::EndpointUrl;
use crate::options::{Layers, ProbeSettings, policies, progress_text};
use crate::{policy, probe, report};

pub fn run(args: &ProbeCommandArgs, layers: &Layers<'_>, quiet: bool) -> Result<Exit, Error> {
    let lang = crate::options::lang(args.lang, layers).value;
    let labels = report::Labels::new(lang);
    if !args.mail_domains.is_empty() {
        return run_mail(args, layers, &labels);
    }
    let mut urls = Vec::new();
    let mut bad = false;
    for text in &args.urls {
        match EndpointUrl::parse(text) {
            Ok(url) => urls.push(url.url),
            Err(error) => {
                // The URL checks' texts are ids the YAML loader reads back.
                let message = crate::yaml::serde_message(&error.to_string());
                let level = labels.get("diag-level-error");
                eprintln!("{level}: {}", message.render(&labels));
                bad = true;
            }
        }
    }
    // The providers registry is optional here: without it nothing is
    // matched, and a missing folder given is not an error. Without
    // `--policies` (or `[inputs] policies`), `policies/` or the built-in
    // pack's registry.
    let chosen = policies(&args.policies, layers).value;
    let folders: Vec<PathBuf> = chosen.iter().filter(|p| p.exists()).cloned().collect();
    let mut diagnostics = Diagnostics::default();
    let providers = if folders.is_empty() && !chosen.is_empty() {
        Vec::new()
    } else {
        policy::load(&folders, &mut diagnostics).provider_signatures()
    };
    super::print_diagnostics(&diagnostics, lang);
    if bad || diagnostics.has_errors() {
        return Ok(Exit::BadInput);
    }
    let progress = (!quiet).then(|| progress_text(lang));
    let facts = probe::probe_all(
        &urls,
        &ProbeSettings::resolve(&args.probe, layers, probe::TlsDepth::Full).config(progress),
        providers,
    )?;
    let mut stdout = BufWriter::new(io::stdout().lock());
    match args.format {
        ProbeFormat::Json => {
            serde_json::to_writer_pretty(&mut stdout, &facts).map_err(io::Error::from)?;
            writeln!(stdout)?;
        }
        ProbeFormat::Table => {
            report::render_probes(&facts, &labels, &mut stdout)?;
        }
    }
    stdout.flush()?;
    Ok(Exit::Compliant)
}

/// `probe --mail-domain DOMAIN...`: the facts of mail domains. Not mixed
/// with URLs, so that `--format json` is one array of one kind of record.
fn run_mail(
    args: &ProbeCommandArgs,
    layers: &Layers<'_>,
    labels: &report::Labels,
) -> Result<Exit, Error> {
    let mut domains = Vec::new();
    let mut bad = false;
    for text in &args.mail_domains {
        match probe::mail::domain_name(text) {
            Some(domain) => domains.push(domain),
            None => {
                eprintln!(
                    "{}: {}\n  {}: {}",
                    labels.get("diag-level-error"),
                    labels.with("mail-bad-domain", &[("domain", text.as_str().into())]),
                    labels.get("diag-hint"),
                    labels.get("mail-bad-domain-hint"),
                );
                bad = true;
            }
        }
    }
    if bad {
        return Ok(Exit::BadInput);
    }
    let config = ProbeSettings::resolve(&args.probe, layers, probe::TlsDepth::Quick).config(None);
    let facts = probe::mail::probe_mail_domains(&domains, &config)?;
    let mut stdout = BufWriter::new(io::stdout().lock());
    match args.format {
        ProbeFormat::Json => {
            serde_json::to_writer_pretty(&mut stdout, &facts).map_err(io::Error::from)?;
            writeln!(stdout)?;
        }
        ProbeFormat::Table => report::render_mail(&facts, labels, &mut stdout)?,
    }
    stdout.flush()?;
    Ok(Exit::Compliant)
}
