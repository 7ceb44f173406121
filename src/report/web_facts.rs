//! An endpoint's security headers, cookies and security.txt in words, one
//! (label id, value) pair per fact it has, for the probe table
//! ([`super::probes`]) and the HTML report's endpoint facts alike. Text
//! from servers is cleaned again and cut here.

use super::i18n::Labels;
use crate::fields::IsoDate;
use crate::probe::facts::{CookieFacts, Csp, ProbeFacts, SecurityHeaders, SecurityTxt};
use crate::text::clean_text;

/// Widest a header value drawn from a server may be shown.
const VALUE_CHARS: usize = 120;
/// Cookies named at most; the rest are counted.
const COOKIES_SHOWN: usize = 6;

/// The lines of `f`'s web facts: headers, cookies, security.txt.
pub fn web_lines(f: &ProbeFacts, labels: &Labels) -> Vec<(&'static str, String)> {
    let mut lines = Vec::new();
    if let Some(headers) = &f.headers {
        header_lines(headers, labels, &mut lines);
    }
    if let Some(cookies) = f.cookies.as_deref().filter(|c| c.count > 0) {
        lines.push(("probe-cookies", cookies_text(cookies, labels)));
    }
    if let Some(file) = &f.security_txt {
        lines.push(("probe-security-txt", security_txt_text(file, labels)));
    }
    lines
}

fn header_lines(
    headers: &SecurityHeaders,
    labels: &Labels,
    lines: &mut Vec<(&'static str, String)>,
) {
    let none = || labels.get("html-none");
    lines.push((
        "probe-csp",
        headers
            .csp
            .as_ref()
            .map_or_else(none, |csp| csp_text(csp, labels)),
    ));
    let framing = if headers.frame_protection {
        let how = match (
            headers
                .csp
                .as_ref()
                .and_then(|c| c.frame_ancestors.as_deref()),
            headers.x_frame_options.as_deref(),
        ) {
            (Some(sources), _) => format!("frame-ancestors {sources}"),
            (None, Some(option)) => format!("X-Frame-Options {option}"),
            (None, None) => String::new(),
        };
        labels.with(
            "probe-framing-blocked",
            &[("how", clean_text(&how, VALUE_CHARS).into())],
        )
    } else {
        labels.get("probe-framing-allowed")
    };
    lines.push(("probe-framing", framing));
    lines.push((
        "probe-nosniff",
        headers
            .x_content_type_options
            .as_deref()
            .map_or_else(none, |value| clean_text(value, VALUE_CHARS)),
    ));
    for (id, value) in [
        ("probe-referrer-policy", &headers.referrer_policy),
        ("probe-permissions-policy", &headers.permissions_policy),
    ] {
        if let Some(value) = value {
            lines.push((id, clean_text(value, VALUE_CHARS)));
        }
    }
}

/// "default-src 'self'; script-src * (scripts allowed: inline, from any
/// source)".
fn csp_text(csp: &Csp, labels: &Labels) -> String {
    let mut text = clean_text(&csp.value, VALUE_CHARS);
    let mut unsafe_parts = Vec::new();
    if !csp.script_restricted {
        unsafe_parts.push(labels.get("probe-csp-unrestricted"));
    } else {
        for (flag, id) in [
            (csp.script_unsafe_inline, "probe-csp-unsafe-inline"),
            (csp.script_unsafe_eval, "probe-csp-unsafe-eval"),
            (csp.script_wildcard, "probe-csp-wildcard"),
        ] {
            if flag {
                unsafe_parts.push(labels.get(id));
            }
        }
        if !unsafe_parts.is_empty() {
            let what = unsafe_parts.join(", ");
            unsafe_parts = vec![labels.with("probe-csp-unsafe", &[("what", what.into())])];
        }
    }
    if let Some(part) = unsafe_parts.first() {
        text.push_str(&format!(" ({part})"));
    }
    text
}

/// "session (Secure, HttpOnly, SameSite=Strict), lang (no flags); some
/// without Secure over HTTPS".
fn cookies_text(cookies: &CookieFacts, labels: &Labels) -> String {
    let mut names: Vec<String> = cookies
        .set
        .iter()
        .take(COOKIES_SHOWN)
        .map(|cookie| {
            let mut flags = Vec::new();
            if cookie.secure {
                flags.push("Secure".to_string());
            }
            if cookie.http_only {
                flags.push("HttpOnly".to_string());
            }
            if let Some(same_site) = &cookie.same_site {
                flags.push(format!("SameSite={same_site}"));
            }
            let flags = if flags.is_empty() {
                labels.get("probe-cookie-no-flags")
            } else {
                flags.join(", ")
            };
            format!("{} ({flags})", clean_text(&cookie.name, VALUE_CHARS))
        })
        .collect();
    let hidden = cookies.count as usize - names.len().min(cookies.count as usize);
    if hidden > 0 {
        names.push(labels.with("probe-cookies-more", &[("count", hidden.into())]));
    }
    let mut text = names.join(", ");
    if cookies.insecure_over_https {
        text.push_str(&format!("; {}", labels.get("probe-cookies-insecure")));
    }
    text
}

/// "found; expires 2027-01-01 (213 days left); contact mailto:...", or
/// "not found (HTTP 404)".
fn security_txt_text(file: &SecurityTxt, labels: &Labels) -> String {
    if !file.present {
        return match file.status {
            Some(status) => labels.with("probe-security-txt-missing", &[("status", status.into())]),
            None => labels.get("probe-security-txt-no-https"),
        };
    }
    let date = file.expires.as_deref().map(|expires| {
        let day = expires.get(..10).unwrap_or(expires);
        IsoDate::parse(day).map_or_else(|_| clean_text(expires, 40), |d| labels.date(d))
    });
    let mut text = match (file.expired, file.days_left, date) {
        (Some(true), _, Some(date)) => {
            labels.with("probe-security-txt-expired", &[("date", date.into())])
        }
        (Some(false), Some(days), Some(date)) => labels.with(
            "probe-security-txt-found",
            &[("date", date.into()), ("days", days.into())],
        ),
        _ => labels.get("probe-security-txt-no-expiry"),
    };
    if !file.https {
        text.push_str(&format!(
            "; {}",
            labels.get("probe-security-txt-plain-http")
        ));
    }
    if !file.contacts.is_empty() {
        let contacts: Vec<String> = file
            .contacts
            .iter()
            .take(3)
            .map(|c| clean_text(c, VALUE_CHARS))
            .collect();
        text.push_str(&format!(
            "; {}",
            labels.with(
                "probe-security-txt-contact",
                &[("contacts", contacts.join(", ").into())]
            )
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::facts::Cookie;
    use crate::report::Lang;

    fn site() -> ProbeFacts {
        ProbeFacts {
            headers: Some(Box::new(SecurityHeaders {
                csp: Some(crate::probe::headers::csp(
                    "script-src * 'unsafe-inline' \u{1b}[31m",
                )),
                x_frame_options: Some("DENY".into()),
                x_content_type_options: None,
                nosniff: false,
                referrer_policy: Some("no-referrer".into()),
                permissions_policy: None,
                frame_protection: true,
            })),
            cookies: Some(Box::new(CookieFacts {
                set: vec![
                    Cookie {
                        name: "session".into(),
                        secure: true,
                        http_only: true,
                        same_site: Some("Strict".into()),
                    },
                    Cookie {
                        name: "lang".into(),
                        ..Cookie::default()
                    },
                ],
                count: 3,
                insecure_over_https: true,
            })),
            security_txt: Some(Box::new(SecurityTxt {
                url: "https://x.vn/.well-known/security.txt".into(),
                status: Some(200),
                present: true,
                https: true,
                contacts: vec!["mailto:a@x.vn".into()],
                expires: Some("2026-01-31T00:00:00Z".into()),
                expired: Some(true),
                days_left: Some(-3),
            })),
            ..ProbeFacts::default()
        }
    }

    fn text_of(lang: Lang) -> String {
        web_lines(&site(), &Labels::new(lang))
            .into_iter()
            .map(|(id, value)| format!("{id}: {value}\n"))
            .collect()
    }

    #[test]
    fn each_web_fact_reads_in_the_readers_language() {
        let text = text_of(Lang::En);
        for expected in [
            "probe-csp: script-src * 'unsafe-inline' [31m (scripts allowed: inline, from any source)\n",
            "probe-framing: blocked (X-Frame-Options DENY)\n",
            "probe-nosniff: none\n",
            "probe-referrer-policy: no-referrer\n",
            "probe-cookies: session (Secure, HttpOnly, SameSite=Strict), lang (no flags), 1 more; some set over HTTPS without Secure\n",
            "probe-security-txt: expired on 2026-01-31; contact: mailto:a@x.vn\n",
        ] {
            assert!(text.contains(expected), "{expected:?} in\n{text}");
        }
        assert!(!text.contains('\u{1b}'));
        let text = text_of(Lang::Vi);
        assert!(text.contains("đã hết hạn từ ngày 31/01/2026"), "{text}");
        assert!(text.contains("và 1 cookie khác"), "{text}");
    }
}
