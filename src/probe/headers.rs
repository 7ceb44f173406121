//! The security headers and cookies of a response, as facts: the
//! Content-Security-Policy taken apart (what it lets scripts do, whether it
//! stops framing), X-Frame-Options, X-Content-Type-Options,
//! Referrer-Policy, Permissions-Policy, and each cookie's name and flags
//! (never its value). The parsing is a few splits on `;` and whitespace,
//! as the specifications define it, so no crate is needed for it.

use reqwest::header::{
    CONTENT_SECURITY_POLICY, HeaderMap, HeaderName, REFERRER_POLICY, SET_COOKIE,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};

use super::facts::{Cookie, CookieFacts, Csp, SecurityHeaders};
use crate::text::clean_text;

/// Longest raw header value kept.
const VALUE_CHARS: usize = 500;
/// Cookies kept per response; the rest are counted.
pub const COOKIES_KEPT: usize = 20;
const COOKIE_NAME_CHARS: usize = 100;

/// The security headers of a response.
pub fn security_headers(headers: &HeaderMap) -> SecurityHeaders {
    // The whole policy is parsed; only the value kept is cut.
    let csp = joined(headers, &CONTENT_SECURITY_POLICY, usize::MAX).map(|value| csp(&value));
    let x_frame_options = joined(headers, &X_FRAME_OPTIONS, VALUE_CHARS);
    let x_content_type_options = joined(headers, &X_CONTENT_TYPE_OPTIONS, VALUE_CHARS);
    let framing_denied = x_frame_options.as_deref().is_some_and(|value| {
        value.eq_ignore_ascii_case("deny") || value.eq_ignore_ascii_case("sameorigin")
    });
    let frame_ancestors_set = csp
        .as_ref()
        .and_then(|csp| csp.frame_ancestors.as_deref())
        .is_some_and(|sources| !sources.split_whitespace().any(|s| s == "*"));
    SecurityHeaders {
        nosniff: x_content_type_options
            .as_deref()
            .is_some_and(|value| value.eq_ignore_ascii_case("nosniff")),
        frame_protection: framing_denied || frame_ancestors_set,
        csp,
        x_frame_options,
        x_content_type_options,
        referrer_policy: joined(headers, &REFERRER_POLICY, VALUE_CHARS),
        permissions_policy: joined(
            headers,
            &HeaderName::from_static("permissions-policy"),
            VALUE_CHARS,
        ),
    }
}

/// Every value of `name`, joined with `, ` (how HTTP combines a header
/// sent twice), cleaned and cut to `max_chars`; `None` when not sent.
fn joined(headers: &HeaderMap, name: &HeaderName, max_chars: usize) -> Option<String> {
    let values: Vec<String> = headers
        .get_all(name)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_string())
        .collect();
    if values.is_empty() {
        return None;
    }
    Some(clean_text(&values.join(", "), max_chars))
}

/// A Content-Security-Policy header's value (one policy or several,
/// separated by commas) taken apart.
pub fn csp(value: &str) -> Csp {
    let value = &crate::text::plain(value);
    let mut directives: Vec<String> = Vec::new();
    let mut frame_ancestors = None;
    let mut script_restricted = false;
    // Each policy is enforced: a script runs only if every one allows it.
    let mut unsafe_inline = true;
    let mut unsafe_eval = true;
    let mut wildcard = true;
    for policy in value.split(',') {
        let mut script_src = None;
        let mut default_src = None;
        for directive in policy.split(';') {
            let mut tokens = directive.split_whitespace();
            let Some(name) = tokens.next() else {
                continue;
            };
            let name = name.to_ascii_lowercase();
            let sources: Vec<&str> = tokens.collect();
            if !directives.contains(&name) {
                directives.push(name.clone());
            }
            // The first occurrence of a directive counts (CSP 3, 2.2.1).
            match name.as_str() {
                "script-src" if script_src.is_none() => script_src = Some(sources),
                "default-src" if default_src.is_none() => default_src = Some(sources),
                "frame-ancestors" if frame_ancestors.is_none() => {
                    frame_ancestors = Some(sources.join(" "));
                }
                _ => {}
            }
        }
        let Some(sources) = script_src.or(default_src) else {
            continue;
        };
        script_restricted = true;
        let has = |keyword: &str| sources.iter().any(|s| s.eq_ignore_ascii_case(keyword));
        let strict_dynamic = has("'strict-dynamic'");
        let nonce_or_hash = sources.iter().any(|s| {
            let s = s.to_ascii_lowercase();
            ["'nonce-", "'sha256-", "'sha384-", "'sha512-"]
                .iter()
                .any(|prefix| s.starts_with(prefix))
        });
        let allows_inline = has("'unsafe-inline'") && !nonce_or_hash && !strict_dynamic;
        let allows_anywhere = !strict_dynamic
            && sources.iter().any(|s| {
                *s == "*" || s.eq_ignore_ascii_case("https:") || s.eq_ignore_ascii_case("http:")
            });
        unsafe_inline &= allows_inline;
        unsafe_eval &= has("'unsafe-eval'");
        wildcard &= allows_anywhere;
    }
    Csp {
        value: clean_text(value, VALUE_CHARS),
        directives,
        script_restricted,
        script_unsafe_inline: unsafe_inline,
        script_unsafe_eval: unsafe_eval,
        script_wildcard: wildcard,
        frame_ancestors: frame_ancestors.map(|s| clean_text(&s, VALUE_CHARS)),
    }
}

/// The cookies a response set; `https`: it came over HTTPS.
pub fn cookies(headers: &HeaderMap, https: bool) -> CookieFacts {
    let mut facts = CookieFacts::default();
    for value in headers.get_all(SET_COOKIE) {
        let Some(cookie) = cookie(&String::from_utf8_lossy(value.as_bytes())) else {
            continue;
        };
        facts.count = facts.count.saturating_add(1);
        facts.insecure_over_https |= https && !cookie.secure;
        if facts.set.len() < COOKIES_KEPT {
            facts.set.push(cookie);
        }
    }
    facts
}

/// One `Set-Cookie` value (RFC 6265, 5.2): the name before the first `=`,
/// then the attributes after each `;`; `None` for one without a name-value
/// pair, which browsers ignore.
fn cookie(value: &str) -> Option<Cookie> {
    let mut parts = value.split(';');
    let (name, _value) = parts.next()?.split_once('=')?;
    let mut cookie = Cookie {
        name: clean_text(name.trim(), COOKIE_NAME_CHARS),
        ..Cookie::default()
    };
    for attribute in parts {
        let (key, argument) = match attribute.split_once('=') {
            Some((key, argument)) => (key.trim(), Some(argument.trim())),
            None => (attribute.trim(), None),
        };
        if key.eq_ignore_ascii_case("secure") {
            cookie.secure = true;
        } else if key.eq_ignore_ascii_case("httponly") {
            cookie.http_only = true;
        } else if key.eq_ignore_ascii_case("samesite") {
            let argument = argument.unwrap_or_default();
            let known = ["Strict", "Lax", "None"]
                .into_iter()
                .find(|k| k.eq_ignore_ascii_case(argument));
            cookie.same_site = Some(match known {
                Some(known) => known.to_string(),
                None => clean_text(argument, COOKIE_NAME_CHARS),
            });
        }
    }
    Some(cookie)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        map
    }

    #[test]
    fn a_strict_policy_allows_no_unsafe_script() {
        let policy = csp(
            "default-src 'self'; script-src 'self' 'nonce-abc' 'unsafe-inline'; frame-ancestors 'none'",
        );
        assert_eq!(
            policy.directives,
            ["default-src", "script-src", "frame-ancestors"]
        );
        assert!(policy.script_restricted);
        assert!(
            !policy.script_unsafe_inline,
            "a nonce makes 'unsafe-inline' ignored"
        );
        assert!(!policy.script_unsafe_eval);
        assert!(!policy.script_wildcard);
        assert_eq!(policy.frame_ancestors.as_deref(), Some("'none'"));
    }

    #[test]
    fn unsafe_sources_and_the_default_src_fallback() {
        let policy = csp("DEFAULT-SRC * 'UNSAFE-INLINE' 'unsafe-eval'");
        assert!(policy.script_unsafe_inline && policy.script_unsafe_eval && policy.script_wildcard);
        let policy = csp("default-src 'self'; script-src https:");
        assert!(policy.script_wildcard && !policy.script_unsafe_inline);
        // No script restriction at all: scripts run as without a policy.
        let policy = csp("frame-ancestors 'self'");
        assert!(!policy.script_restricted && policy.script_unsafe_inline);
        // 'strict-dynamic' makes host sources and 'unsafe-inline' ignored.
        let policy = csp("script-src 'strict-dynamic' 'unsafe-inline' https:");
        assert!(!policy.script_unsafe_inline && !policy.script_wildcard);
        // Two policies: what the stricter one forbids is forbidden.
        let policy = csp("script-src * 'unsafe-inline', script-src 'self'");
        assert!(!policy.script_unsafe_inline && !policy.script_wildcard);
    }

    #[test]
    fn framing_is_stopped_by_either_header() {
        let deny = security_headers(&headers(&[("X-Frame-Options", "deny")]));
        assert!(deny.frame_protection);
        let allow_from = security_headers(&headers(&[("X-Frame-Options", "ALLOW-FROM x")]));
        assert!(!allow_from.frame_protection);
        let ancestors = security_headers(&headers(&[(
            "Content-Security-Policy",
            "frame-ancestors 'self'",
        )]));
        assert!(ancestors.frame_protection);
        let anyone = security_headers(&headers(&[(
            "Content-Security-Policy",
            "frame-ancestors *",
        )]));
        assert!(!anyone.frame_protection);
        let none = security_headers(&HeaderMap::new());
        assert_eq!(none, SecurityHeaders::default());
    }

    #[test]
    fn raw_values_are_joined_cleaned_and_cut() {
        let sent = headers(&[
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
            ("Permissions-Policy", &format!("camera=(){}", " ".repeat(3))),
        ]);
        let facts = security_headers(&sent);
        assert!(facts.nosniff);
        assert_eq!(
            facts.referrer_policy.as_deref(),
            Some("no-referrer, strict-origin-when-cross-origin")
        );
        assert_eq!(facts.permissions_policy.as_deref(), Some("camera=()"));
        let long = csp(&format!("script-src {}", "a".repeat(2000)));
        assert_eq!(long.value.chars().count(), VALUE_CHARS + 1);
    }

    #[test]
    fn cookies_keep_names_and_flags_never_values() {
        let sent = headers(&[
            (
                "Set-Cookie",
                "session=secret; Path=/; Secure; HttpOnly; SameSite=strict",
            ),
            ("Set-Cookie", "lang=vi; samesite=LAX"),
            ("Set-Cookie", "no-pair-here; Secure"),
        ]);
        let facts = cookies(&sent, true);
        assert_eq!(facts.count, 2);
        assert!(facts.insecure_over_https);
        assert_eq!(
            facts.set[0],
            Cookie {
                name: "session".into(),
                secure: true,
                http_only: true,
                same_site: Some("Strict".into())
            }
        );
        assert_eq!(facts.set[1].same_site.as_deref(), Some("Lax"));
        assert!(!format!("{facts:?}").contains("secret"));
        assert!(!cookies(&sent, false).insecure_over_https);
    }

    #[test]
    fn cookies_past_the_bound_are_counted_and_judged() {
        let mut sent = HeaderMap::new();
        for i in 0..COOKIES_KEPT {
            let value = HeaderValue::from_str(&format!("c{i}=1; Secure")).unwrap();
            sent.append(SET_COOKIE, value);
        }
        sent.append(SET_COOKIE, HeaderValue::from_static("late=1"));
        let facts = cookies(&sent, true);
        assert_eq!((facts.set.len(), facts.count), (COOKIES_KEPT, 21));
        assert!(
            facts.insecure_over_https,
            "the cookie past the bound counts"
        );
    }
}
