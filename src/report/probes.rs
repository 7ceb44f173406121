//! What probing learned, per endpoint: the table of `cloudcensus probe` and
//! the "Endpoints" section of the scan table. Text from servers (titles,
//! Server headers) is already stripped of control characters by the prober.

use std::io::Write;

use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Modify, Style, Width};

use super::i18n::Labels;
use super::lines::probe_error_name;
use crate::probe::facts::ProbeFacts;

/// Widest a URL or reason column may grow before it wraps.
const TEXT_WIDTH: usize = 40;

fn probes_table(facts: &[ProbeFacts], labels: &Labels) -> String {
    let mut builder = Builder::default();
    builder.push_record(
        [
            "endpoint", "result", "status", "tls", "cert", "hsts", "redirect", "ms", "provider",
        ]
        .map(|column| labels.get(&format!("probe-col-{column}"))),
    );
    for f in facts {
        builder.push_record([
            f.url.clone(),
            result(f, labels),
            f.status.map(|s| s.to_string()).unwrap_or_default(),
            f.tls
                .as_ref()
                .map(|t| format!("TLS {}", t.version))
                .unwrap_or_default(),
            certificate(f, labels),
            match (&f.hsts, &*f.scheme) {
                (Some(h), _) => format!("max-age {}", h.max_age),
                (None, "https") if f.reachable => labels.get("html-none"),
                _ => String::new(),
            },
            match f.https_redirect {
                Some(true) => labels.get("html-yes"),
                Some(false) => labels.get("html-no"),
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

fn result(f: &ProbeFacts, labels: &Labels) -> String {
    let state = match (f.port_state, f.reachable) {
        (Some(state), _) => labels.get(&format!("port-{}", state.as_str())),
        (None, true) => labels.get("html-reachable"),
        (None, false) => labels.get("html-unreachable"),
    };
    let class = f.error.map(|class| probe_error_name(class, labels));
    match (class, &f.error_message) {
        (Some(class), Some(message)) => format!("{state}: {class} ({message})"),
        (Some(class), None) => format!("{state}: {class}"),
        _ => state,
    }
}

fn certificate(f: &ProbeFacts, labels: &Labels) -> String {
    match &f.cert {
        None => String::new(),
        Some(cert) => {
            let state = match cert.problem {
                None => labels.get("probe-cert-valid"),
                Some(problem) => labels.get(&format!("html-cert-{}", problem.as_str())),
            };
            labels.with(
                "probe-cert-days",
                &[("cert", state.into()), ("days", cert.days_left.into())],
            )
        }
    }
}

/// Prints [`probes_table`], labelled in the reader's language.
pub fn render_probes(
    facts: &[ProbeFacts],
    labels: &Labels,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(out, "{}", probes_table(facts, labels))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::probe::facts::{ErrorClass, PortState};
    use crate::report::Lang;

    /// Headings, states and error classes in the reader's language; what
    /// a server or a protocol names (max-age, TLS 1.3) as it is.
    #[test]
    fn the_probe_table_speaks_the_readers_language() {
        let facts = [
            ProbeFacts {
                url: "https://a.example".into(),
                scheme: "https".into(),
                error: Some(ErrorClass::Timeout),
                ..ProbeFacts::default()
            },
            ProbeFacts {
                url: "tcp://a.example:22".into(),
                scheme: "tcp".into(),
                port_state: Some(PortState::Filtered),
                ..ProbeFacts::default()
            },
        ];
        let vi = probes_table(&facts, &Labels::new(Lang::Vi));
        for text in [
            "Địa chỉ",
            "Kết quả",
            "không truy cập được: quá thời gian chờ",
            "bị chặn",
        ] {
            assert!(vi.contains(text), "{text:?} not in:\n{vi}");
        }
        for word in ["Endpoint", "unreachable", "timeout", "filtered"] {
            assert!(!vi.contains(word), "{word:?} in:\n{vi}");
        }
        let en = probes_table(&facts, &Labels::new(Lang::En));
        assert!(
            en.contains("unreachable: timeout") && en.contains("filtered"),
            "{en}"
        );
    }
}
