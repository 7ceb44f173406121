//! What probing learned, per endpoint: the table of `cloudcensus probe` and
//! the "Endpoints" section of the scan table. Text from servers (titles,
//! Server headers) is already stripped of control characters by the prober.

use std::io::Write;

use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Modify, Style, Width};

use crate::probe::facts::ProbeFacts;

/// Widest a URL or reason column may grow before it wraps.
const TEXT_WIDTH: usize = 40;

fn probes_table(facts: &[ProbeFacts]) -> String {
    let mut builder = Builder::default();
    builder.push_record([
        "Endpoint",
        "Result",
        "Status",
        "TLS",
        "Certificate",
        "HSTS",
        "HTTP→HTTPS",
        "ms",
        "Provider",
    ]);
    for f in facts {
        builder.push_record([
            f.url.clone(),
            result(f),
            f.status.map(|s| s.to_string()).unwrap_or_default(),
            f.tls
                .as_ref()
                .map(|t| format!("TLS {}", t.version))
                .unwrap_or_default(),
            certificate(f),
            match (&f.hsts, &*f.scheme) {
                (Some(h), _) => format!("max-age {}", h.max_age),
                (None, "https") if f.reachable => "none".into(),
                _ => String::new(),
            },
            match f.https_redirect {
                Some(true) => "yes".into(),
                Some(false) => "no".into(),
                None => String::new(),
            },
            f.latency_ms
                .map(|ms| format!("{ms:.0}"))
                .unwrap_or_default(),
            f.observed_provider.clone().unwrap_or_default(),
        ]);
    }
    let mut table = builder.build();
    table
        .with(Style::rounded())
        .with(Modify::new(Columns::new(0..1)).with(Width::wrap(TEXT_WIDTH)))
        .with(Modify::new(Columns::new(1..2)).with(Width::wrap(2 * TEXT_WIDTH).keep_words(true)));
    table.to_string()
}

fn result(f: &ProbeFacts) -> String {
    let state = match (f.port_state, f.reachable) {
        (Some(state), _) => state.as_str().to_string(),
        (None, true) => "reachable".into(),
        (None, false) => "unreachable".into(),
    };
    match (&f.error, &f.error_message) {
        (Some(class), Some(message)) => format!("{state}: {class} ({message})"),
        (Some(class), None) => format!("{state}: {class}"),
        _ => state,
    }
}

fn certificate(f: &ProbeFacts) -> String {
    match &f.cert {
        None => String::new(),
        Some(cert) => match cert.problem {
            None => format!("valid, {} days left", cert.days_left),
            Some(problem) => format!("{problem}, {} days left", cert.days_left),
        },
    }
}

/// Prints [`probes_table`].
pub fn render_probes(facts: &[ProbeFacts], out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}", probes_table(facts))
}
