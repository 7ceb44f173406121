//! `/.well-known/security.txt` (RFC 9116): one small extra request per
//! origin, made inside the probe that first needs it (so within its
//! deadline and under its host's limit), its answer shared with the other
//! endpoints of the same origin. Redirects are followed (RFC 9116, 3); the
//! body is read up to [`BODY_CAP`] and its `Contact` and `Expires` fields
//! kept.
//!
//! The file is asked over HTTPS only, where RFC 9116 (3) says it must be:
//! an `https://` endpoint's own origin, and for an `http://` endpoint its
//! host's HTTPS origin (`https://host/`, port 443), the answer shared with
//! an `https://` endpoint of that host. A file served over plain HTTP only
//! would fail the rule all the same, and asking it there cost a second
//! connection and request beside every plain-HTTP page (issue 14, item 10).
//! For an `https://` endpoint the request goes over the page's connection
//! once the page is read, when the server keeps it open: a TLS handshake
//! costs the server (and the scanner) far more than the wait. Otherwise
//! over a connection of its own to the address the endpoint resolved to
//! (as the page's: no DNS, no client pool), beside the page. Later hops
//! use the client.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::{Client, Url};
use rustls::ClientConfig;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::sync::OnceCell;
use tokio::time::{Instant, timeout_at};
use tokio_rustls::TlsConnector;

use super::facts::SecurityTxt;
use super::http::{Connection, Sender};
use crate::text::clean_text;

/// The part of a security.txt that is read; a real one is a few hundred
/// bytes.
pub const BODY_CAP: usize = 32 * 1024;
/// Redirects followed at most.
const MAX_REDIRECTS: usize = 5;
const CONTACTS_KEPT: usize = 10;
const VALUE_CHARS: usize = 200;
/// Where the file lives under an origin.
const PATH: &str = "/.well-known/security.txt";

/// Each origin's answer, asked once per run: the first probe of an origin
/// asks, the others wait for its answer (each within its own deadline).
#[derive(Default)]
pub struct Cache {
    origins: Mutex<HashMap<String, Arc<OnceCell<Option<SecurityTxt>>>>>,
}

impl Cache {
    /// The security.txt of `endpoint`'s HTTPS origin (see [`location`]),
    /// asked by `way` unless another probe already did; `None` when
    /// `deadline` passed first.
    pub async fn get(
        &self,
        way: Way<'_>,
        endpoint: &Url,
        deadline: Instant,
    ) -> Option<SecurityTxt> {
        let start = location(endpoint)?;
        let origin = start.origin().ascii_serialization();
        let cell = {
            // A poisoned lock only means another probe panicked holding it;
            // the map itself is still whole.
            let mut origins = self
                .origins
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            Arc::clone(origins.entry(origin.clone()).or_default())
        };
        // Cancelled at the deadline, the fetch leaves the cell empty for
        // the next probe of the origin to try.
        let answer = timeout_at(deadline, cell.get_or_init(|| fetch(way, start, deadline))).await;
        answer.ok().cloned().flatten()
    }
}

/// Where the file of `endpoint` is asked: `/.well-known/security.txt` at
/// its origin over HTTPS (an `http://` endpoint's port is the page's, not
/// the file's: the file's is HTTPS's own).
fn location(endpoint: &Url) -> Option<Url> {
    let mut origin = endpoint.clone();
    if origin.scheme() == "http" {
        origin.set_scheme("https").ok()?;
        origin.set_port(None).ok()?;
    }
    Url::parse(&origin.origin().ascii_serialization())
        .ok()?
        .join(PATH)
        .ok()
}

/// How to reach an endpoint's HTTPS origin: the page's connection if it
/// can take another request, else the address the endpoint resolved to
/// and the TLS configuration of the probe; and the client for redirects.
pub struct Way<'a> {
    pub client: &'a Client,
    pub tls: &'a Arc<ClientConfig>,
    /// The endpoint's address; the port is the file's URL's.
    pub ip: IpAddr,
    pub connect_limit: Duration,
    pub page_connection: Option<Sender>,
}

impl Way<'_> {
    /// The first request: over the page's connection, or one of its own to
    /// the address when there is none or the server has closed it.
    async fn first(&mut self, url: &Url, deadline: Instant) -> Option<reqwest::Response> {
        // The connection is kept in `self` while the answer's body is read:
        // it closes when its `Sender` is dropped.
        if let Some(sender) = &mut self.page_connection
            && let Ok(response) = sender.get(url).await
        {
            return Some(response);
        }
        self.page_connection = None;
        let port = url.port_or_known_default()?;
        let stream = super::connect(SocketAddr::new(self.ip, port), self.connect_limit)
            .await
            .ok()?;
        let connection = if url.scheme() == "https" {
            let name = super::tls::server_name(url.host_str()?).ok()?;
            let connector = TlsConnector::from(Arc::clone(self.tls));
            Connection::Tls(Box::new(connector.connect(name, stream).await.ok()?))
        } else {
            Connection::Plain(stream)
        };
        let (response, sender) = super::http::send_over(connection, url, deadline)
            .await
            .ok()?;
        self.page_connection = Some(sender);
        Some(response)
    }
}

/// Asks for the file at `url`, following redirects: `None` when the
/// deadline passed; a file not `present`, without a `status`, when a hop
/// took no connection or request (a host without HTTPS, say).
async fn fetch(mut way: Way<'_>, mut url: Url, deadline: Instant) -> Option<SecurityTxt> {
    for hop in 0..=MAX_REDIRECTS {
        let request = async {
            if hop == 0 {
                way.first(&url, deadline).await
            } else {
                way.client.get(url.clone()).send().await.ok()
            }
        };
        let Some(mut response) = timeout_at(deadline, request).await.ok()? else {
            return Some(SecurityTxt {
                url: crate::probe::redacted(&url),
                https: url.scheme() == "https",
                ..SecurityTxt::default()
            });
        };
        let status = response.status().as_u16();
        let next = matches!(status, 301 | 302 | 303 | 307 | 308)
            .then(|| response.headers().get(LOCATION))
            .flatten()
            .and_then(|location| location.to_str().ok())
            .and_then(|location| url.join(location.trim()).ok())
            .filter(|next| matches!(next.scheme(), "http" | "https"));
        if let Some(next) = next {
            url = next;
            continue;
        }
        let plain_text = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("text/plain"));
        let mut facts = SecurityTxt {
            url: crate::probe::redacted(&url),
            status: Some(status),
            present: status == 200 && plain_text,
            https: url.scheme() == "https",
            ..SecurityTxt::default()
        };
        if facts.present {
            let mut body = Vec::new();
            while body.len() < BODY_CAP {
                match timeout_at(deadline, response.chunk()).await.ok()?.ok()? {
                    Some(chunk) => body.extend_from_slice(&chunk),
                    None => break,
                }
            }
            body.truncate(BODY_CAP);
            let now = OffsetDateTime::now_utc();
            read_fields(&String::from_utf8_lossy(&body), now, &mut facts);
        }
        return Some(facts);
    }
    None
}

/// The `Contact` and `Expires` fields of a security.txt's text (RFC 9116,
/// 2.5 and 4): `Name: value` lines, names in any case, `#` comments; an
/// OpenPGP-signed file is read inside its signature.
pub fn read_fields(text: &str, now: OffsetDateTime, facts: &mut SecurityTxt) {
    for line in text.lines() {
        if line.starts_with("-----BEGIN PGP SIGNATURE") {
            break;
        }
        // Dash-escaped lines of a signed message (RFC 4880, 7.1).
        let line = line.strip_prefix("- ").unwrap_or(line).trim();
        if line.starts_with('#') {
            continue;
        }
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("contact") {
            if facts.contacts.len() < CONTACTS_KEPT {
                facts.contacts.push(clean_text(value, VALUE_CHARS));
            }
        } else if name.eq_ignore_ascii_case("expires") && facts.expires.is_none() {
            facts.expires = Some(clean_text(value, VALUE_CHARS));
            if let Ok(expires) = OffsetDateTime::parse(value, &Rfc3339) {
                let seconds = (expires - now).whole_seconds();
                facts.expired = Some(expires < now);
                facts.days_left = Some(seconds.div_euclid(86_400));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn read(text: &str) -> SecurityTxt {
        let mut facts = SecurityTxt::default();
        read_fields(text, datetime!(2026-06-01 00:00 UTC), &mut facts);
        facts
    }

    #[test]
    fn contacts_and_expiry_are_read() {
        let facts = read(
            "# Our policy\nContact: mailto:security@hue.gov.vn\r\ncontact: https://hue.gov.vn/bao-mat\nExpires: 2026-12-31T23:59:59+07:00\nPreferred-Languages: vi, en\n",
        );
        assert_eq!(
            facts.contacts,
            ["mailto:security@hue.gov.vn", "https://hue.gov.vn/bao-mat"]
        );
        assert_eq!(facts.expires.as_deref(), Some("2026-12-31T23:59:59+07:00"));
        assert_eq!((facts.expired, facts.days_left), (Some(false), Some(213)));
    }

    #[test]
    fn a_past_or_unreadable_expiry() {
        let past = read("Expires: 2026-05-31T00:00:00Z");
        assert_eq!((past.expired, past.days_left), (Some(true), Some(-1)));
        let bad = read("Expires: next year");
        assert_eq!(
            (bad.expires.as_deref(), bad.expired),
            (Some("next year"), None)
        );
        let first = read("Expires: 2020-01-01T00:00:00Z\nExpires: 2030-01-01T00:00:00Z");
        assert_eq!(first.expired, Some(true), "the first Expires counts");
    }

    #[test]
    fn a_signed_file_is_read_inside_its_signature() {
        let facts = read(
            "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nContact: mailto:a@b.vn\n- Expires: 2027-01-01T00:00:00Z\n-----BEGIN PGP SIGNATURE-----\nContact: mailto:evil@x\n",
        );
        assert_eq!(facts.contacts, ["mailto:a@b.vn"]);
        assert_eq!(facts.expired, Some(false));
    }
}
