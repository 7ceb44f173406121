//! What probing learned, per mail domain: the table `cloudcensus probe
//! --mail-domain` prints. One block per domain, as for endpoints
//! (`probes.rs`): a line per MX host (its STARTTLS answer and certificate),
//! then SPF, DMARC, MTA-STS and TLS-RPT, and the lookups that failed.
//! Record texts come from DNS and are cleaned again here.

use std::io::Write;

use super::i18n::Labels;
use super::probes::{cert_text, write_blocks};
use crate::probe::mail::facts::{MailFacts, MxFacts, MxHost, TxtFacts};
use crate::text::clean_text;

/// Widest a record's text may be in the table.
const RECORD_CHARS: usize = 160;

/// Prints each domain's block.
pub fn render_mail(
    facts: &[MailFacts],
    labels: &Labels,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    write_blocks(
        facts.iter().map(|f| (f.domain.as_str(), lines(f, labels))),
        out,
    )
}

/// A domain's facts as label and value, a line each: the table's block,
/// and the HTML page's.
pub(super) fn lines(f: &MailFacts, labels: &Labels) -> Vec<(String, String)> {
    let mut lines: Vec<(String, String)> = Vec::new();
    let failed = labels.get("mail-lookup-failed");
    if let Some(error) = f.error {
        lines.push((labels.get("mail-domain"), labels.dns_error(error)));
    }
    match &f.mx {
        Some(mx) => {
            for (index, value) in mx_lines(mx, labels).into_iter().enumerate() {
                let label = if index == 0 {
                    labels.get("mail-mx")
                } else {
                    String::new()
                };
                lines.push((label, value));
            }
        }
        None => lines.push((labels.get("mail-mx"), failed.clone())),
    }
    let spf = match &f.spf {
        None => failed.clone(),
        Some(spf) if spf.records.is_empty() => labels.get("html-none"),
        Some(spf) => {
            let mut text = records_text(&spf.records);
            match (spf.error, &spf.all, spf.dns_lookups) {
                (Some(error), _, _) => text.push_str(&format!(
                    " — {}",
                    error_text(
                        labels.get(&format!("mail-spf-error-{}", error.as_str())),
                        spf.error_message.as_deref()
                    )
                )),
                (None, Some(all), Some(lookups)) => text.push_str(&format!(
                    " — {}",
                    labels.with(
                        "mail-spf-summary",
                        &[("all", all.to_string().into()), ("lookups", lookups.into())]
                    )
                )),
                _ => {}
            }
            text
        }
    };
    lines.push((labels.get("mail-spf"), spf));
    let dmarc = match &f.dmarc {
        None => failed.clone(),
        Some(dmarc) if dmarc.records.is_empty() => labels.get("html-none"),
        Some(dmarc) => {
            let mut text = records_text(&dmarc.records);
            let verdict = match dmarc.error {
                Some(error) => error_text(
                    labels.get(&format!("mail-dmarc-error-{}", error.as_str())),
                    dmarc.error_message.as_deref(),
                ),
                None if dmarc.compliant => labels.get("mail-dmarc-compliant"),
                None => labels.get("mail-dmarc-not-compliant"),
            };
            text.push_str(&format!(" — {verdict}"));
            text
        }
    };
    lines.push((labels.get("mail-dmarc"), dmarc));
    for (id, part) in [("mail-mta-sts", &f.mta_sts), ("mail-tls-rpt", &f.tls_rpt)] {
        lines.push((labels.get(id), txt_text(part.as_ref(), labels, &failed)));
    }
    if !f.lookup_errors.is_empty() {
        let errors: Vec<String> = f
            .lookup_errors
            .iter()
            .map(|e| {
                format!(
                    "{} {}: {}",
                    e.name,
                    e.record_type,
                    labels.dns_error(e.error)
                )
            })
            .collect();
        lines.push((
            labels.get("mail-lookup-errors"),
            clean_text(&errors.join("; "), RECORD_CHARS * 2),
        ));
    }
    lines
}

/// One line per MX host, or why there is none.
fn mx_lines(mx: &MxFacts, labels: &Labels) -> Vec<String> {
    if mx.null_mx {
        return vec![labels.get("mail-mx-null")];
    }
    if mx.hosts.is_empty() {
        return vec![labels.get("mail-mx-none")];
    }
    mx.hosts
        .iter()
        .map(|host| host_text(host, labels))
        .collect()
}

/// "mx.hue.gov.vn (10, 127.0.0.2): STARTTLS, TLS 1.3, ...; valid; 89 days left".
fn host_text(host: &MxHost, labels: &Labels) -> String {
    let mut text = clean_text(&host.host, RECORD_CHARS);
    let mut inside = vec![host.preference.to_string()];
    inside.extend(host.addresses.first().cloned());
    text.push_str(&format!(" ({})", inside.join(", ")));
    let Some(smtp) = &host.smtp else {
        text.push_str(&format!(": {}", labels.get("mail-smtp-not-asked")));
        return text;
    };
    let mut parts = Vec::new();
    match smtp.starttls {
        Some(true) => parts.push("STARTTLS".to_string()),
        Some(false) => parts.push(labels.get("mail-smtp-no-starttls")),
        None => {}
    }
    if let (Some(version), Some(cipher)) = (&smtp.tls_version, &smtp.cipher) {
        parts.push(format!("TLS {version}, {cipher}"));
    }
    if let Some(cert) = &smtp.cert {
        parts.push(cert_text(cert, labels));
    }
    if let Some(error) = smtp.error {
        parts.push(error_text(
            labels.get(&format!("mail-smtp-error-{}", error.as_str())),
            smtp.error_message.as_deref(),
        ));
    }
    text.push_str(&format!(": {}", parts.join("; ")));
    text
}

fn records_text(records: &[String]) -> String {
    let shown: Vec<String> = records
        .iter()
        .map(|r| clean_text(r, RECORD_CHARS))
        .collect();
    shown.join(" | ")
}

fn txt_text(part: Option<&TxtFacts>, labels: &Labels, failed: &str) -> String {
    match part {
        None => failed.to_string(),
        Some(txt) if !txt.present => labels.get("html-none"),
        Some(txt) => records_text(&txt.records),
    }
}

/// "too many DNS lookups (evaluating the record costs ...)".
fn error_text(name: String, message: Option<&str>) -> String {
    match message {
        Some(message) => format!("{name} ({})", clean_text(message, RECORD_CHARS)),
        None => name,
    }
}
