//! What a probe learned about one endpoint: the record kept in
//! [`ScanResult`](crate::scan::ScanResult), printed by `cloudcensus probe`,
//! and handed to CEL rules as `probe`. JSON field names and CEL field names
//! are the same, so a rule author can read a fact's name off
//! `cloudcensus probe URL --format json`.
//!
//! A fact the probe could not learn is absent (`None`, skipped in JSON and
//! missing from the CEL map), never a made-up default: a rule reading it is
//! `unknown`, not `fail`.

use std::borrow::Cow;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::keyword_enum;

// (Plain comments here: `///` ones show in the JSON Schema.) A scan keeps
// one record per endpoint, so they are kept small: the parts only some
// probes have (DNS, TLS, certificate) are boxed, and the texts drawn from
// a short fixed list (scheme, HTTP and TLS versions, cipher suite, ALPN)
// borrow the program's own where they can (`Cow`; same JSON either way).
/// What probing learned about one endpoint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProbeFacts {
    /// The endpoint as written in the inventory, user information redacted.
    pub url: String,
    pub scheme: Cow<'static, str>,
    pub host: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// Whether the endpoint answered: an HTTP response (any status) or,
    /// for `tcp://`, an accepted connection.
    pub reachable: bool,
    /// Why the probe did not complete, when it did not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorClass>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// Attempts made (1 without retries).
    pub attempts: u32,
    /// Milliseconds from sending the request to the response headers of the
    /// endpoint's own URL (first hop), or to the accepted TCP connection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<f64>,
    /// Name resolution; absent when the host is an IP address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dns: Option<Box<DnsFacts>>,
    /// Whether the endpoint answered over IPv4: an address of it took a
    /// connection and, for HTTPS, completed a TLS handshake (the same test
    /// for both families); absent when the name has no IPv4 address or
    /// this machine has no route to IPv4.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv4: Option<bool>,
    /// The same over IPv6 (AAAA): what "reachable over IPv6" is judged on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6: Option<bool>,
    /// The provider from `providers.yaml` whose IP ranges, CNAME suffixes or
    /// reverse-DNS suffixes match what DNS showed; absent when none matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed_provider: Option<String>,

    // ---- HTTP(S) ----
    /// Status code of the last response in the redirect chain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// URL of the last response in the redirect chain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub final_url: Option<String>,
    /// `HTTP/1.0`, `HTTP/1.1` or `HTTP/2` of the last response.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_version: Option<Cow<'static, str>>,
    /// Each redirect followed: the URL asked, the status it answered with
    /// and where it pointed. Empty when the first answer was final.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redirects: Vec<Redirect>,
    /// Whether plain HTTP ends on HTTPS: for an `http://` endpoint, its own
    /// redirect chain; for an `https://` endpoint, the chain of the same
    /// host asked over `http://` (pshtt's "enforces HTTPS"). A plain-HTTP
    /// port that does not answer at all counts as enforcing, as pshtt does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub https_redirect: Option<bool>,
    /// Strict-Transport-Security of the first HTTPS response in the chain;
    /// absent when that response had no valid header.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hsts: Option<Hsts>,
    /// The host's place on Chromium's HSTS preload list (the snapshot the
    /// tool ships, `data/hsts-preload.json`); absent for a host outside the
    /// snapshot's suffixes (`.vn`) or an address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hsts_preload: Option<Box<PreloadFacts>>,
    /// The `Server` header of the last response, control characters removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// The HTML `<title>` of the last response's body, whitespace collapsed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Bytes of the last response's body read (at most the cap).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_bytes: Option<u64>,
    /// The security headers of the last response (Content-Security-Policy,
    /// X-Frame-Options, ...); absent when no response was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Box<SecurityHeaders>>,
    /// The cookies the last response set (names and flags, never values);
    /// absent when no response was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cookies: Option<Box<CookieFacts>>,
    /// `/.well-known/security.txt` of the endpoint's origin (RFC 9116);
    /// absent when it could not be asked (no answer in time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_txt: Option<Box<SecurityTxt>>,

    // ---- TLS ----
    /// For `https://` endpoints only (an `http://` endpoint that redirects
    /// to HTTPS gets the HTTPS response's `hsts`, not its TLS facts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<Box<TlsFacts>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cert: Option<Box<CertFacts>>,

    // ---- TCP ----
    /// For `tcp://`: whether the port accepted a connection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open: Option<bool>,
    /// For `tcp://`: open, closed (refused) or filtered (no answer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port_state: Option<PortState>,
}

/// `text` as one of the `known` static texts when it is one (no
/// allocation), else as its own copy.
pub fn known_text(text: &str, known: &[&'static str]) -> Cow<'static, str> {
    match known.iter().find(|k| **k == text) {
        Some(k) => Cow::Borrowed(k),
        None => Cow::Owned(text.to_string()),
    }
}

keyword_enum! {
    /// Why a probe did not complete.
    pub enum ErrorClass {
        /// The host name did not resolve (see `dns.error`).
        Dns = "dns",
        /// The connection was refused.
        Refused = "refused",
        /// No answer within the deadline (connect or whole probe).
        Timeout = "timeout",
        /// The TLS handshake failed (not a bad certificate: that is a fact).
        Tls = "tls",
        /// The HTTP exchange failed: reset, malformed or oversized head.
        Http = "http",
        /// More than 10 redirects, or a redirect loop.
        TooManyRedirects = "too_many_redirects",
        /// The body was longer than the cap; status and headers are kept.
        BodyTooLarge = "body_too_large",
    }
}

keyword_enum! {
    /// The state of a `tcp://` port.
    pub enum PortState {
        Open = "open",
        /// Refused: something answered that nothing listens there.
        Closed = "closed",
        /// No answer before the deadline (dropped by a firewall, or no host).
        Filtered = "filtered",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Redirect {
    pub url: String,
    pub status: u16,
    pub location: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Hsts {
    /// Seconds.
    pub max_age: u64,
    pub include_subdomains: bool,
    pub preload: bool,
}

/// HSTS preload status, judged as pshtt does: on the host and on its base
/// domain (one label below its public suffix: `hue.gov.vn` for
/// `dichvucong.hue.gov.vn`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PreloadFacts {
    /// The registrable domain the host belongs to.
    pub base_domain: String,
    /// Browsers never reach the host over plain HTTP: it is on the list,
    /// itself or under a parent preloaded with its subdomains.
    pub preloaded: bool,
    /// The base domain is on the list (pshtt's "HSTS preloaded").
    pub base_preloaded: bool,
    /// For the base domain's own endpoint only: its HSTS header meets the
    /// list's requirements (max-age of a year or more, includeSubDomains,
    /// preload), so it can be submitted (pshtt's "preload ready").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preload_ready: Option<bool>,
    /// The date of the list snapshot judged against, e.g. `2025-01-01`.
    pub list_date: Cow<'static, str>,
}

/// The security headers of a response. A header sent more than once is
/// read as its values joined with `, `; raw values are cleaned of control
/// characters and cut to 500 characters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SecurityHeaders {
    /// Content-Security-Policy (the enforced one; `-Report-Only` is not
    /// read); absent when not sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csp: Option<Csp>,
    /// X-Frame-Options as sent, e.g. `DENY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x_frame_options: Option<String>,
    /// X-Content-Type-Options as sent, e.g. `nosniff`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x_content_type_options: Option<String>,
    /// X-Content-Type-Options is `nosniff`.
    pub nosniff: bool,
    /// Referrer-Policy as sent, e.g. `strict-origin-when-cross-origin`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer_policy: Option<String>,
    /// Permissions-Policy as sent, e.g. `geolocation=(), camera=()`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_policy: Option<String>,
    /// Other sites cannot frame the page: the CSP has `frame-ancestors`
    /// without `*`, or X-Frame-Options is `DENY` or `SAMEORIGIN`.
    pub frame_protection: bool,
}

/// A Content-Security-Policy taken apart. With several policies (several
/// headers, or one with commas), a script is allowed only when every
/// policy allows it, as browsers enforce them all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Csp {
    /// The header as sent, cleaned and cut.
    pub value: String,
    /// The directive names, lower case, in order, each once
    /// (`default-src`, `script-src`, ...).
    pub directives: Vec<String>,
    /// The policy restricts scripts: it has `script-src`, or `default-src`
    /// (which stands in for an absent `script-src`).
    pub script_restricted: bool,
    /// Inline scripts run: no `script-src` or `default-src`, or
    /// `'unsafe-inline'` without a nonce, a hash or `'strict-dynamic'`
    /// (which make browsers ignore it).
    pub script_unsafe_inline: bool,
    /// `'unsafe-eval'` in the script sources (or no script restriction).
    pub script_unsafe_eval: bool,
    /// Scripts from anywhere: `*`, or a bare `http:` or `https:` scheme, in
    /// the script sources without `'strict-dynamic'` (or no script
    /// restriction).
    pub script_wildcard: bool,
    /// The sources of `frame-ancestors`, e.g. `'none'`; absent without the
    /// directive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame_ancestors: Option<String>,
}

/// What the last response's `Set-Cookie` headers set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CookieFacts {
    /// Cookies set, at most 20 (in the order sent).
    pub set: Vec<Cookie>,
    /// Cookies set in all, kept or not.
    pub count: u32,
    /// A cookie without `Secure` was set over HTTPS (among all, not only
    /// those kept).
    pub insecure_over_https: bool,
}

/// One cookie: its name and flags, never its value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Cookie {
    /// Cleaned and cut to 100 characters.
    pub name: String,
    pub secure: bool,
    pub http_only: bool,
    /// `Strict`, `Lax` or `None` as sent (other values as sent, cut);
    /// absent without the attribute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_site: Option<String>,
}

/// `/.well-known/security.txt` (RFC 9116) of an endpoint's origin, asked
/// once per origin, redirects followed (at most 5).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SecurityTxt {
    /// The URL the file was found at (after redirects), or asked for.
    pub url: String,
    /// Status of the last answer; absent when nothing answered there (an
    /// `http://` endpoint's host with no HTTPS, say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Answered 200 with `text/plain`.
    pub present: bool,
    /// The last answer came over HTTPS, as RFC 9116 requires.
    pub https: bool,
    /// `Contact:` values in order, at most 10, each cut to 200 characters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<String>,
    /// `Expires:` as written (cleaned, cut); absent without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// `Expires` is in the past at probe time; absent when there is no
    /// `Expires` or it is not an RFC 3339 date-time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired: Option<bool>,
    /// Whole days from the probe to `Expires`; negative once past.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_left: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DnsFacts {
    /// IPv4 addresses (A records, after following CNAMEs).
    #[serde(default)]
    pub a: Vec<String>,
    /// IPv6 addresses (AAAA records).
    #[serde(default)]
    pub aaaa: Vec<String>,
    /// The CNAME chain, in order, without trailing dots.
    #[serde(default)]
    pub cname: Vec<String>,
    /// The reverse (PTR) name of the first address, without trailing dot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reverse: Option<String>,
    /// Why the name did not resolve, when it did not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<DnsError>,
    /// Why the A lookup failed while the AAAA one answered: `a` is then
    /// not a fact (an empty list would say "no IPv4 address").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub a_error: Option<DnsError>,
    /// Why the AAAA lookup failed (a timeout, a server failure) while the
    /// A one answered: `aaaa` is then not a fact, and the IPv6 rule is
    /// `unknown` rather than failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aaaa_error: Option<DnsError>,
}

impl DnsFacts {
    /// The A and AAAA addresses with the error of each lookup, as the
    /// reports show them.
    pub fn families(&self) -> [(&'static str, &[String], Option<DnsError>); 2] {
        [
            ("A", &self.a, self.a_error),
            ("AAAA", &self.aaaa, self.aaaa_error),
        ]
    }
}

keyword_enum! {
    pub enum DnsError {
        /// The name does not exist.
        Nxdomain = "nxdomain",
        /// The name exists but has no A or AAAA record.
        NoAddress = "no-address",
        /// The resolver reported a server failure.
        Servfail = "servfail",
        /// The resolver refused the query.
        Refused = "refused",
        /// No answer from the resolver in time.
        Timeout = "timeout",
        /// Any other failure (network unreachable, malformed answer).
        Other = "other",
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TlsFacts {
    /// The version negotiated: `1.2` or `1.3` when a modern handshake
    /// finished; for a `legacy_only` server, the newest version its first
    /// flight accepted (`ssl3`, `1.0`, `1.1` or `1.2`).
    pub version: Cow<'static, str>,
    /// IANA name, e.g. `TLS13_AES_128_GCM_SHA256` (rustls's name for a
    /// TLS 1.3 suite) or `TLS_RSA_WITH_AES_128_CBC_SHA`.
    pub cipher: Cow<'static, str>,
    /// The ALPN protocol agreed, e.g. `h2`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alpn: Option<Cow<'static, str>>,
    /// The key-exchange group of the modern handshake, e.g. `X25519`,
    /// `secp256r1`, `X25519MLKEM768`; absent for a `legacy_only` server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_exchange: Option<Cow<'static, str>>,
    /// Every protocol version the server accepted, oldest first, from
    /// `ssl3`, `1.0`, `1.1`, `1.2` and `1.3`: one hand-built ClientHello
    /// per version, the server's answer read back (no key exchange). A
    /// version whose check had no verdict (see `version_checks`) is not
    /// listed.
    #[serde(default)]
    pub versions: Vec<ProtocolVersion>,
    /// The answer to each version's ClientHello, e.g.
    /// `{"ssl3": "refused", "1.0": "accepted", ...}`.
    #[serde(default)]
    pub version_checks: VersionChecks,
    /// Whether the server accepts a retired protocol: SSL 3.0, TLS 1.0 or
    /// TLS 1.1 (RFC 8996). `false` only when all three were refused;
    /// absent when a check had no verdict and none was accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepts_legacy: Option<bool>,
    /// Whether the server accepts a weak cipher suite (3DES, RC4, DES,
    /// EXPORT, anonymous, NULL; MD5 comes only with those) at any version:
    /// at quick depth, ClientHellos offering only them (at TLS 1.2, and at
    /// the newest legacy version accepted); at full depth, from `suites`.
    /// `false` for a server of TLS 1.3 alone. Absent when a hello had no
    /// verdict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepts_weak_suites: Option<bool>,
    /// The weak suite the server chose, when it accepted one, e.g.
    /// `TLS_RSA_WITH_3DES_EDE_CBC_SHA`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weak_suite: Option<Cow<'static, str>>,
    /// Whether TLS 1.2 accepts a suite with forward secrecy (ECDHE, DHE)
    /// and AEAD (GCM, ChaCha20-Poly1305), what every client of TLS 1.2
    /// should get; absent when TLS 1.2 is not accepted or a hello had no
    /// verdict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls12_forward_secrecy_aead: Option<bool>,
    /// The smallest Diffie-Hellman prime a DHE suite's flight used, in
    /// bits (e.g. 1024, 2048): asked at full depth (every DHE suite), and at
    /// quick depth only when a first flight chose a DHE suite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dh_bits: Option<u32>,
    /// Which of Mozilla's server-side TLS profiles the configuration
    /// satisfies, and what keeps it from the next one up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mozilla: Option<MozillaVerdict>,
    /// With `--tls-depth full` only: every suite accepted, version by
    /// version (oldest first), each in the order the server chose it
    /// (its preference when it enforces one), classed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suites: Option<Vec<AcceptedSuite>>,
    /// With `--tls-depth full`: false when a version's list was cut short
    /// (no answer in time, or an unreadable one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suites_complete: Option<bool>,
    /// The date the versions and suites above were asked. A nightly
    /// `scan` with history asks them again only about once every
    /// `tls_resweep_days` (7 by default, on a day of its own for each
    /// endpoint): on the other nights, when the modern handshake and the
    /// certificate are what they were, they are last night's answers, and
    /// this date says how old they are. Absent from `probe`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub swept_on: Option<crate::fields::IsoDate>,
    /// No modern handshake (rustls: TLS 1.2 or 1.3 with forward-secret
    /// AEAD or CBC suites) succeeded, but the server accepted a legacy
    /// first flight: an old version, or suites rustls lacks (static RSA).
    /// The facts that need a finished handshake (status, headers, title,
    /// HSTS) are then absent; the certificate comes from the flight's
    /// Certificate message, which TLS 1.2 and older send in clear.
    #[serde(default)]
    pub legacy_only: bool,
}

/// A cipher suite a server accepted (`--tls-depth full`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AcceptedSuite {
    pub version: ProtocolVersion,
    /// IANA name, e.g. `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`.
    pub name: Cow<'static, str>,
    /// An ephemeral key exchange (ECDHE, DHE, or any TLS 1.3 suite).
    pub forward_secrecy: bool,
    /// Authenticated encryption (GCM, CCM, ChaCha20-Poly1305), not CBC.
    pub aead: bool,
    /// NULL, anonymous, EXPORT, RC4, DES, 3DES or MD5.
    pub weak: bool,
    /// The ECDHE group the server's key exchange used, e.g. `secp256r1`
    /// (TLS 1.2 and older; TLS 1.3 suites were asked with X25519).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Cow<'static, str>>,
    /// A DHE suite's prime, in bits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dh_bits: Option<u32>,
}

keyword_enum! {
    /// Mozilla's server-side TLS profiles (guidelines 5.7), best first,
    /// and `none` for a configuration that meets not even `old`.
    pub enum MozillaProfile {
        /// TLS 1.3 only, ECDSA certificates: for clients of the last few years.
        Modern = "modern",
        /// TLS 1.2 and 1.3 with forward-secret AEAD suites: the
        /// recommended default for a general-purpose server.
        Intermediate = "intermediate",
        /// Back to TLS 1.0 and 3DES: only for very old clients.
        Old = "old",
        /// Accepts what not even `old` allows (SSL 3.0, RC4, EXPORT, ...).
        Unfit = "none",
    }
}

keyword_enum! {
    /// What a profile's requirement is about.
    pub enum ProfileCriterion {
        /// A protocol version the profile does not allow is accepted (or,
        /// for `modern`, TLS 1.2 still is).
        Version = "version",
        /// A cipher suite outside the profile's list is accepted.
        Suite = "suite",
        /// The certificate's key type (`modern` asks for ECDSA).
        CertificateType = "certificate-type",
        /// The certificate's key size or curve (RSA under 2048 bits, an EC
        /// curve other than P-256 and P-384).
        KeySize = "key-size",
        /// The certificate's signature algorithm.
        Signature = "signature",
        /// The Diffie-Hellman prime is smaller than the profile's minimum.
        DhSize = "dh-size",
        /// The certificate's validity is longer than the profile allows.
        CertificateLifespan = "certificate-lifespan",
    }
}

/// One thing that keeps a configuration from a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ProfileGap {
    pub criterion: ProfileCriterion,
    /// What was found, e.g. `1.0`, `TLS_RSA_WITH_AES_128_CBC_SHA`,
    /// `rsa 1024`, `sha1WithRSAEncryption`, `1024`, `398 days`.
    pub found: String,
}

/// The profile verdict: the best profile the facts satisfy, the gaps to
/// the next one up, and what this depth could not check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MozillaVerdict {
    pub profile: MozillaProfile,
    /// What keeps the configuration from the next profile up (empty for
    /// `modern`).
    #[serde(default)]
    pub gaps: Vec<ProfileGap>,
    /// Requirements the probe could not check and left out of the verdict,
    /// e.g. `dh-size` at quick depth, or `suite` when a hello had no answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unchecked: Vec<ProfileCriterion>,
}

keyword_enum! {
    /// An SSL/TLS protocol version, oldest first.
    pub enum ProtocolVersion {
        /// SSL 3.0 (prohibited by RFC 7568).
        Ssl3 = "ssl3",
        /// TLS 1.0 (deprecated by RFC 8996).
        Tls10 = "1.0",
        /// TLS 1.1 (deprecated by RFC 8996).
        Tls11 = "1.1",
        Tls12 = "1.2",
        Tls13 = "1.3",
    }
}

impl ProtocolVersion {
    /// Retired: SSL 3.0, TLS 1.0 and TLS 1.1.
    pub fn is_legacy(self) -> bool {
        self < ProtocolVersion::Tls12
    }
}

keyword_enum! {
    /// How a server answered a ClientHello offering one protocol version.
    pub enum VersionVerdict {
        /// A ServerHello for that version.
        Accepted = "accepted",
        /// An alert, a ServerHello for another version, or the connection
        /// closed.
        Refused = "refused",
        /// An answer that is not TLS, or malformed (a length out of bounds,
        /// a message that does not parse).
        Unreadable = "unreadable",
        /// No connection, or no answer before the deadline.
        NoAnswer = "no-answer",
    }
}

/// The verdict for each protocol version; a version not asked is absent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct VersionChecks {
    #[serde(rename = "ssl3", default, skip_serializing_if = "Option::is_none")]
    pub ssl3: Option<VersionVerdict>,
    #[serde(rename = "1.0", default, skip_serializing_if = "Option::is_none")]
    pub tls1_0: Option<VersionVerdict>,
    #[serde(rename = "1.1", default, skip_serializing_if = "Option::is_none")]
    pub tls1_1: Option<VersionVerdict>,
    #[serde(rename = "1.2", default, skip_serializing_if = "Option::is_none")]
    pub tls1_2: Option<VersionVerdict>,
    #[serde(rename = "1.3", default, skip_serializing_if = "Option::is_none")]
    pub tls1_3: Option<VersionVerdict>,
}

impl VersionChecks {
    pub fn set(&mut self, version: ProtocolVersion, verdict: VersionVerdict) {
        let slot = match version {
            ProtocolVersion::Ssl3 => &mut self.ssl3,
            ProtocolVersion::Tls10 => &mut self.tls1_0,
            ProtocolVersion::Tls11 => &mut self.tls1_1,
            ProtocolVersion::Tls12 => &mut self.tls1_2,
            ProtocolVersion::Tls13 => &mut self.tls1_3,
        };
        *slot = Some(verdict);
    }

    pub fn get(&self, version: ProtocolVersion) -> Option<VersionVerdict> {
        match version {
            ProtocolVersion::Ssl3 => self.ssl3,
            ProtocolVersion::Tls10 => self.tls1_0,
            ProtocolVersion::Tls11 => self.tls1_1,
            ProtocolVersion::Tls12 => self.tls1_2,
            ProtocolVersion::Tls13 => self.tls1_3,
        }
    }

    /// Whether every version has a verdict from the server.
    pub fn complete(&self) -> bool {
        ProtocolVersion::ALL
            .iter()
            .all(|v| !matches!(self.get(*v), None | Some(VersionVerdict::NoAnswer)))
    }

    /// The versions accepted, oldest first.
    pub fn accepted(&self) -> Vec<ProtocolVersion> {
        ProtocolVersion::ALL
            .iter()
            .copied()
            .filter(|v| self.get(*v) == Some(VersionVerdict::Accepted))
            .collect()
    }

    /// See [`TlsFacts::accepts_legacy`].
    pub fn accepts_legacy(&self) -> Option<bool> {
        let legacy = ProtocolVersion::ALL.iter().filter(|v| v.is_legacy());
        let verdicts: Vec<_> = legacy.map(|v| self.get(*v)).collect();
        if verdicts.contains(&Some(VersionVerdict::Accepted)) {
            Some(true)
        } else if verdicts.iter().all(|v| *v == Some(VersionVerdict::Refused)) {
            Some(false)
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CertFacts {
    /// Subject of the server's (leaf) certificate, RFC 4514 form.
    pub subject: String,
    pub issuer: String,
    /// DNS names and IP addresses the certificate covers.
    pub sans: Vec<String>,
    /// RFC 3339, UTC.
    pub not_before: String,
    pub not_after: String,
    /// Whole days from the probe to `not_after`; negative once expired.
    pub days_left: i64,
    /// Days left of the certificate that expires first in the chain sent.
    pub chain_days_left: i64,
    /// Certificates the server sent.
    pub chain_length: usize,
    /// The leaf names itself as issuer.
    pub self_signed: bool,
    /// The chain leads to a trusted root (web PKI, plus `--ca-file`) and
    /// every certificate in it is within its validity period.
    pub chain_valid: bool,
    /// The certificate covers the host name (or IP address) asked.
    pub hostname_match: bool,
    /// `chain_valid && hostname_match`: what a browser would accept.
    pub valid: bool,
    /// Why it is not valid, when it is not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<CertProblem>,
    /// The leaf's public key: `rsa`, `ec`, `dsa`, `ed25519`, `ed448`, or
    /// `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_type: Option<Cow<'static, str>>,
    /// The leaf key's size in bits (the modulus for RSA and DSA, the
    /// curve for EC: 256 for P-256).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_bits: Option<u32>,
    /// The algorithm the leaf is signed with, e.g.
    /// `sha256WithRSAEncryption`, `ecdsa-with-SHA256`, `sha1WithRSAEncryption`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_algorithm: Option<Cow<'static, str>>,
    /// The signature algorithm of every certificate sent, leaf first (a
    /// certificate that does not parse is `unreadable`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chain_signatures: Vec<Cow<'static, str>>,
    /// The leaf's key is too small: RSA or DSA under 2048 bits, EC under
    /// 256 (whatever `problem` says first).
    #[serde(default)]
    pub weak_key: bool,
    /// The weak algorithm (SHA-1, MD5, MD2) a certificate sent is signed
    /// with, leaf or intermediate (a root's signature on itself is never
    /// checked, so it does not count); absent when none is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weak_signature: Option<Cow<'static, str>>,
    /// Whole days from the leaf's `not_before` to its `not_after`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifetime_days: Option<i64>,
    /// The SHA-256 fingerprint of the leaf certificate, lowercase hex:
    /// what tells a renewed or replaced certificate from last night's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// The reason behind `problem` in words, e.g. "the certificate is not
    /// for server authentication (extended key usage)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem_reason: Option<String>,
}

#[cfg(test)]
impl CertFacts {
    /// A valid leaf with `days_left` days to run and nothing else known,
    /// for unit tests to adjust with `..`.
    pub(crate) fn valid_for_test(days_left: i64) -> Self {
        CertFacts {
            subject: String::new(),
            issuer: String::new(),
            sans: Vec::new(),
            not_before: String::new(),
            not_after: String::new(),
            days_left,
            chain_days_left: days_left,
            chain_length: 1,
            self_signed: false,
            chain_valid: true,
            hostname_match: true,
            valid: true,
            problem: None,
            key_type: None,
            key_bits: None,
            signature_algorithm: None,
            chain_signatures: Vec::new(),
            weak_key: false,
            weak_signature: None,
            lifetime_days: None,
            problem_reason: None,
            sha256: None,
        }
    }
}

keyword_enum! {
    /// The first reason a certificate is not valid.
    pub enum CertProblem {
        Expired = "expired",
        NotYetValid = "not-yet-valid",
        SelfSigned = "self-signed",
        UnknownIssuer = "unknown-issuer",
        HostnameMismatch = "hostname-mismatch",
        /// The leaf's key is too small: RSA or DSA under 2048 bits, EC under
        /// 256 (the chain may otherwise be valid).
        WeakKey = "weak-key",
        /// A certificate sent (leaf or intermediate) is signed with SHA-1,
        /// MD5 or MD2.
        WeakSignature = "weak-signature",
        /// Any other verification failure (bad signature, wrong usage, revoked).
        Invalid = "invalid",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_texts_are_borrowed_and_others_copied() {
        assert!(matches!(
            known_text("h2", &["h2", "http/1.1"]),
            Cow::Borrowed("h2")
        ));
        assert!(matches!(known_text("spdy/3", &["h2"]), Cow::Owned(ref s) if s == "spdy/3"));
    }
}
