//! What probing learned, per endpoint: the table `cloudcensus probe`
//! prints for a person debugging a site. One block per endpoint, a line
//! per fact it has (a fact the probe did not learn has no line), labels in
//! the reader's language, so that everything fits however many facts a
//! site has: status, redirects, page title and Server header, TLS and the
//! certificate with the reason it is not valid. Text from servers is
//! cleaned again here (no control or bidi characters, cut to a width).

use std::io::Write;

use super::i18n::Labels;
use super::lines::probe_error_name;
use crate::probe::facts::{
    CertFacts, MozillaProfile, MozillaVerdict, ProbeFacts, ProfileCriterion, ProfileGap,
};
use crate::probe::tls_profile::next_up;
use crate::text::clean_text;

/// Widest a value drawn from a server (title, Server header, URL) may be.
const VALUE_CHARS: usize = 120;

/// The versions a server accepted, oldest first: `1.0, 1.2, 1.3`.
pub fn versions_text(tls: &crate::probe::facts::TlsFacts) -> String {
    let names: Vec<&str> = tls.versions.iter().map(|v| v.as_str()).collect();
    names.join(", ")
}

/// "preloaded (base domain hue.gov.vn, list of 2025-01-01)".
pub fn preload_text(preload: &crate::probe::facts::PreloadFacts, labels: &Labels) -> String {
    let state = match (preload.preloaded, preload.base_preloaded) {
        (true, _) => "probe-preload-yes",
        (false, true) => "probe-preload-base-only",
        (false, false) => "probe-preload-no",
    };
    let mut text = labels.with(
        state,
        &[
            ("base", clean_text(&preload.base_domain, VALUE_CHARS).into()),
            ("date", preload.list_date.to_string().into()),
        ],
    );
    if let Some(ready) = preload.preload_ready {
        text.push_str("; ");
        text.push_str(&labels.get(if ready {
            "probe-preload-ready"
        } else {
            "probe-preload-not-ready"
        }));
    }
    text
}

/// "IPv4: answers; IPv6: does not answer", for the families the name has.
pub fn families_text(f: &ProbeFacts, labels: &Labels) -> Option<String> {
    let parts: Vec<String> = [("IPv4", f.ipv4), ("IPv6", f.ipv6)]
        .into_iter()
        .filter_map(|(family, answered)| {
            let id = if answered? {
                "probe-family-answers"
            } else {
                "probe-family-silent"
            };
            Some(format!("{family}: {}", labels.get(id)))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// Gaps shown at most; the rest are counted.
const GAPS_SHOWN: usize = 6;

/// The Mozilla profile verdict in words: "intermediate; short of modern:
/// accepts TLS 1.2, RSA certificate; not checked: DH prime size".
pub fn profile_text(verdict: &MozillaVerdict, labels: &Labels) -> String {
    let name = |profile: MozillaProfile| labels.get(&format!("profile-{}", profile.as_str()));
    let mut text = name(verdict.profile);
    if let (Some(next), false) = (next_up(verdict.profile), verdict.gaps.is_empty()) {
        let mut gaps: Vec<String> = verdict
            .gaps
            .iter()
            .take(GAPS_SHOWN)
            .map(|gap| gap_text(gap, labels))
            .collect();
        if verdict.gaps.len() > GAPS_SHOWN {
            gaps.push(format!("+{}", verdict.gaps.len() - GAPS_SHOWN));
        }
        text.push_str("; ");
        text.push_str(&labels.with(
            "profile-short-of",
            &[
                ("profile", name(next).into()),
                ("gaps", gaps.join(", ").into()),
            ],
        ));
    }
    if !verdict.unchecked.is_empty() {
        let criteria: Vec<String> = verdict
            .unchecked
            .iter()
            .map(|c| labels.get(&format!("profile-criterion-{}", c.as_str())))
            .collect();
        text.push_str("; ");
        text.push_str(&labels.with(
            "profile-unchecked",
            &[("criteria", criteria.join(", ").into())],
        ));
    }
    text
}

/// One gap in words, e.g. "accepts TLS 1.0", "RSA 1024-bit key".
fn gap_text(gap: &ProfileGap, labels: &Labels) -> String {
    let found = clean_text(&gap.found, VALUE_CHARS);
    let found = match gap.criterion {
        ProfileCriterion::Version if found == "ssl3" => "SSL 3.0".to_string(),
        ProfileCriterion::Version => format!("TLS {found}"),
        ProfileCriterion::CertificateType | ProfileCriterion::KeySize => found.to_uppercase(),
        _ => found,
    };
    labels.with(
        &format!("profile-gap-{}", gap.criterion.as_str()),
        &[("found", found.into())],
    )
}

/// The lines of one endpoint's block: (label, value).
fn fact_lines(f: &ProbeFacts, labels: &Labels) -> Vec<(String, String)> {
    let mut lines = Vec::new();
    let mut line = |id: &str, value: String| {
        if !value.is_empty() {
            lines.push((labels.get(id), value));
        }
    };
    line("probe-result", result(f, labels));
    if f.attempts > 1 {
        line("probe-attempts", f.attempts.to_string());
    }
    if let Some(status) = f.status {
        let mut text = status.to_string();
        if let Some(version) = &f.http_version {
            text.push_str(&format!(" ({version})"));
        }
        line("probe-status", text);
    }
    if let Some(url) = f.final_url.as_deref().filter(|url| *url != f.url) {
        let url = clean_text(url, VALUE_CHARS);
        line(
            "probe-final-url",
            if f.redirects.is_empty() {
                url
            } else {
                labels.with(
                    "probe-after-redirects",
                    &[("url", url.into()), ("count", f.redirects.len().into())],
                )
            },
        );
    }
    if let Some(title) = &f.title {
        line("probe-title", clean_text(title, VALUE_CHARS));
    }
    if let Some(server) = &f.server {
        line("probe-server", clean_text(server, VALUE_CHARS));
    }
    if let Some(tls) = &f.tls {
        let mut text = format!("TLS {}, {}", tls.version, tls.cipher);
        if let Some(group) = &tls.key_exchange {
            text.push_str(&format!(", {group}"));
        }
        if let Some(alpn) = &tls.alpn {
            text.push_str(&format!(", ALPN {alpn}"));
        }
        line("probe-tls", text);
        let mut versions = versions_text(tls);
        if tls.legacy_only {
            versions.push_str(&format!("; {}", labels.get("probe-tls-legacy-only")));
        }
        line("probe-tls-versions", versions);
        if let Some(weak) = &tls.weak_suite {
            line("probe-tls-weak", weak.to_string());
        }
        if let Some(verdict) = &tls.mozilla {
            line("probe-tls-profile", profile_text(verdict, labels));
        }
    }
    if let Some(cert) = &f.cert {
        line("probe-certificate", cert_text(cert, labels));
        if let (Some(kind), Some(bits)) = (&cert.key_type, cert.key_bits) {
            let mut text = format!("{} {bits}", kind.to_uppercase());
            if let Some(signature) = &cert.signature_algorithm {
                text.push_str(&format!(", {signature}"));
            }
            line("probe-cert-key", text);
        }
        line("probe-issuer", clean_text(&cert.issuer, VALUE_CHARS));
    }
    if f.scheme == "https" && f.reachable {
        line(
            "probe-hsts",
            match &f.hsts {
                Some(hsts) => {
                    let mut text = format!("max-age={}", hsts.max_age);
                    if hsts.include_subdomains {
                        text.push_str("; includeSubDomains");
                    }
                    if hsts.preload {
                        text.push_str("; preload");
                    }
                    text
                }
                None => labels.get("html-none"),
            },
        );
    }
    if let Some(preload) = &f.hsts_preload {
        line("probe-hsts-preload", preload_text(preload, labels));
    }
    for (id, value) in super::web_facts::web_lines(f, labels) {
        line(id, value);
    }
    if let Some(redirects) = f.https_redirect {
        line(
            "probe-https-redirect",
            labels.get(if redirects { "html-yes" } else { "html-no" }),
        );
    }
    if let Some(dns) = &f.dns {
        let mut parts: Vec<String> = Vec::new();
        if !dns.cname.is_empty() {
            parts.push(format!("CNAME {}", dns.cname.join(" → ")));
        }
        for (kind, addresses, error) in dns.families() {
            if !addresses.is_empty() {
                parts.push(format!("{kind} {}", addresses.join(", ")));
            }
            if let Some(error) = error {
                parts.push(format!("{kind}: {}", labels.dns_error(error)));
            }
        }
        if let Some(error) = dns.error {
            parts.push(labels.dns_error(error));
        }
        line("probe-dns", clean_text(&parts.join("; "), VALUE_CHARS));
    }
    if let Some(text) = families_text(f, labels) {
        line("probe-families", text);
    }
    if let Some(ms) = f.latency_ms {
        line(
            "probe-time",
            labels.with("probe-ms", &[("ms", format!("{ms:.0}").into())]),
        );
    }
    if let Some(provider) = &f.observed_provider {
        line("probe-provider", provider.clone());
    }
    lines
}

/// "valid; 30 days left", or "expired: the certificate has expired; -3
/// days left".
pub(super) fn cert_text(cert: &CertFacts, labels: &Labels) -> String {
    let days = [("days", cert.days_left.into())];
    match cert.problem {
        None => labels.with("probe-cert-valid", &days),
        Some(problem) => labels.with(
            "probe-cert-problem",
            &[
                (
                    "problem",
                    labels
                        .get(&format!("html-cert-{}", problem.as_str()))
                        .into(),
                ),
                (
                    "reason",
                    clean_text(cert.problem_reason.as_deref().unwrap_or(""), VALUE_CHARS).into(),
                ),
                ("days", cert.days_left.into()),
            ],
        ),
    }
}

/// "reachable", "open", or "unreachable: tls (received fatal alert ...)".
fn result(f: &ProbeFacts, labels: &Labels) -> String {
    let state = match (f.port_state, f.reachable) {
        (Some(state), _) => labels.get(&format!("port-{}", state.as_str())),
        (None, true) => labels.get("html-reachable"),
        (None, false) => labels.get("html-unreachable"),
    };
    let class = f.error.map(|class| probe_error_name(class, labels));
    match (class, &f.error_message) {
        (Some(class), Some(message)) => {
            format!("{state}: {class} ({})", clean_text(message, VALUE_CHARS))
        }
        (Some(class), None) => format!("{state}: {class}"),
        _ => state,
    }
}

/// Prints each endpoint's block: its URL, then its facts under it with the
/// labels padded to one width.
pub fn render_probes(
    facts: &[ProbeFacts],
    labels: &Labels,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    write_blocks(
        facts
            .iter()
            .map(|f| (f.url.as_str(), fact_lines(f, labels))),
        out,
    )
}

/// Blocks of (title, lines), a blank line between them: one per endpoint
/// here, one per mail domain in `mail.rs`.
pub(super) fn write_blocks<'a>(
    blocks: impl Iterator<Item = (&'a str, Vec<(String, String)>)>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for (index, (title, lines)) in blocks.enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        write_block(title, &lines, out)?;
    }
    Ok(())
}

/// One block: its title, then each (label, value) under it, the labels
/// padded to one width.
pub(super) fn write_block(
    title: &str,
    lines: &[(String, String)],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(out, "{}", clean_text(title, VALUE_CHARS))?;
    let width = lines
        .iter()
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0);
    for (label, value) in lines {
        let pad = width - label.chars().count();
        writeln!(out, "  {label}{:pad$}  {value}", "")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::facts::{CertProblem, Hsts, ProtocolVersion, TlsFacts};
    use crate::report::Lang;

    fn site() -> ProbeFacts {
        ProbeFacts {
            url: "https://dichvucong.example.vn/".into(),
            scheme: "https".into(),
            host: "dichvucong.example.vn".into(),
            reachable: true,
            attempts: 1,
            status: Some(200),
            http_version: Some("HTTP/2".into()),
            final_url: Some("https://dichvucong.example.vn/home".into()),
            title: Some("Cổng dịch vụ công\u{1b}[31m".into()),
            server: Some("nginx/1.18".into()),
            tls: Some(Box::new(TlsFacts {
                version: "1.3".into(),
                cipher: "TLS13_AES_128_GCM_SHA256".into(),
                alpn: Some("h2".into()),
                key_exchange: Some("X25519".into()),
                versions: vec![ProtocolVersion::Tls10, ProtocolVersion::Tls13],
                version_checks: Default::default(),
                accepts_legacy: Some(true),
                accepts_weak_suites: Some(false),
                weak_suite: None,
                suites: None,
                ..TlsFacts::default()
            })),
            cert: Some(Box::new(CertFacts {
                subject: "CN=dichvucong.example.vn".into(),
                issuer: "CN=Test CA".into(),
                sans: vec!["dichvucong.example.vn".into()],
                not_before: "2026-01-01T00:00:00Z".into(),
                not_after: "2027-01-01T00:00:00Z".into(),
                days_left: 30,
                chain_days_left: 30,
                chain_length: 2,
                self_signed: false,
                chain_valid: false,
                hostname_match: true,
                valid: false,
                problem: Some(CertProblem::Invalid),
                problem_reason: Some("the certificate is revoked".into()),
                key_type: Some("rsa".into()),
                key_bits: Some(2048),
                signature_algorithm: Some("sha256WithRSAEncryption".into()),
                weak_key: false,
                weak_signature: None,
                chain_signatures: vec!["sha256WithRSAEncryption".into()],
                lifetime_days: Some(365),
                sha256: None,
            })),
            hsts: Some(Hsts {
                max_age: 31_536_000,
                include_subdomains: true,
                preload: false,
            }),
            latency_ms: Some(12.4),
            redirects: vec![crate::probe::facts::Redirect {
                url: "https://dichvucong.example.vn/".into(),
                status: 302,
                location: "/home".into(),
            }],
            ..ProbeFacts::default()
        }
    }

    /// Every fact a person debugging a site looks for has its line, in the
    /// reader's language, with the server's text cleaned.
    #[test]
    fn each_fact_has_its_line_in_the_readers_language() {
        let mut out = Vec::new();
        render_probes(&[site()], &Labels::new(Lang::En), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        for expected in [
            "https://dichvucong.example.vn/\n",
            "  Result         reachable\n",
            "200 (HTTP/2)",
            "https://dichvucong.example.vn/home (after 1 redirect)",
            "  Page title     Cổng dịch vụ công",
            "  Server         nginx/1.18\n",
            "TLS 1.3, TLS13_AES_128_GCM_SHA256, X25519, ALPN h2",
            "  TLS versions   1.0, 1.3\n",
            "  Key            RSA 2048, sha256WithRSAEncryption\n",
            "invalid: the certificate is revoked; 30 days left",
            "max-age=31536000; includeSubDomains",
            "12 ms",
        ] {
            assert!(text.contains(expected), "{expected:?} in\n{text}");
        }
        assert!(!text.contains('\u{1b}'), "no escape from the server");

        let mut out = Vec::new();
        render_probes(&[site()], &Labels::new(Lang::Vi), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("Tiêu đề trang"), "{text}");
        assert!(text.contains("còn 30 ngày"), "{text}");
    }
}
