//! What probing learned about one mail domain: its MX hosts and whether
//! each offers STARTTLS (with the TLS facts of that handshake), its SPF,
//! DMARC, MTA-STS and TLS-RPT records. Printed by `cloudcensus probe
//! --mail-domain` and, under the name `mail`, what domain rules read: the
//! JSON names are the rule names (`mail.dmarc.compliant`, `mail.spf.all`).
//!
//! As in [`ProbeFacts`](crate::probe::facts::ProbeFacts), a fact not
//! learned is absent, never a made-up default: a part whose DNS lookup
//! failed (servfail, timeout, ...) is absent and the failure is listed in
//! `lookup_errors`; a name that does not exist, or has no such record, is
//! a fact ("none"), not a failure.

use std::borrow::Cow;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::keyword_enum;
use crate::probe::facts::{CertFacts, DnsError};

// (Plain comments here: `///` ones show in the JSON Schema.)
/// What probing learned about one mail domain.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MailFacts {
    /// The domain asked, lower case, without a trailing dot (an
    /// internationalised name in its ASCII form).
    pub domain: String,
    /// `nxdomain` when the domain does not exist (its MX query said so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<DnsError>,
    /// The MX records; absent when the MX lookup failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mx: Option<MxFacts>,
    /// The SPF record at the domain; absent when its TXT lookup failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spf: Option<SpfFacts>,
    /// The DMARC record at `_dmarc.DOMAIN`; absent when the lookup failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dmarc: Option<DmarcFacts>,
    /// The MTA-STS record at `_mta-sts.DOMAIN` (RFC 8461).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mta_sts: Option<TxtFacts>,
    /// The TLS-RPT record at `_smtp._tls.DOMAIN` (RFC 8460).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_rpt: Option<TxtFacts>,
    /// Each lookup that got no answer, and why (the part it served is
    /// absent, or for an SPF `include`, its count is a lower bound).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lookup_errors: Vec<LookupError>,
    /// Milliseconds the domain's probe took, all steps together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elapsed_ms: Option<f64>,
}

/// A DNS lookup that got no answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct LookupError {
    /// The name asked, e.g. `_dmarc.hue.gov.vn`.
    pub name: String,
    /// `MX`, `TXT`, or `A/AAAA` for an MX host's addresses (whose
    /// `smtp.error` is then `dns`; a host that has no address is not a
    /// failed lookup, and not listed here).
    pub record_type: Cow<'static, str>,
    pub error: DnsError,
}

/// The domain's MX records, most preferred first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MxFacts {
    /// Each MX host, by preference (lowest first), then name. Empty when
    /// the domain has no MX record (mail then goes to the domain's own
    /// address, RFC 5321 5.1, which is not probed) or only a null MX.
    #[serde(default)]
    pub hosts: Vec<MxHost>,
    /// A single MX of `.` (RFC 7505): the domain accepts no mail.
    #[serde(default)]
    pub null_mx: bool,
    /// Whether every host asked offered STARTTLS and its certificate is
    /// valid for the host's name; absent when no host was asked, or one
    /// gave no verdict (no connection, no banner).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all_starttls_valid: Option<bool>,
}

/// One MX host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MxHost {
    /// Lower case, without the trailing dot.
    pub host: String,
    pub preference: u16,
    /// The addresses tried, in order: IPv4 first, then IPv6, at most 3 of
    /// each (as for URLs); the next is tried when one refuses or does not
    /// answer. `smtp.address` is the one that answered.
    #[serde(default)]
    pub addresses: Vec<String>,
    /// Port 25's answer; absent for the hosts past the first few by
    /// preference, which are not asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub smtp: Option<SmtpFacts>,
}

/// What port 25 of one MX host said.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SmtpFacts {
    /// The address the dialogue went to: the first of the host's
    /// addresses that accepted a connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The first line of its greeting (code and text), cleaned and cut.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner: Option<String>,
    /// Whether its EHLO answer lists STARTTLS (`false` when EHLO is
    /// refused with a 5xx: no extensions); absent when the dialogue ended
    /// before that answer or EHLO was refused for now (a 4xx).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starttls: Option<bool>,
    /// After STARTTLS: the TLS version negotiated, `1.2` or `1.3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_version: Option<Cow<'static, str>>,
    /// The cipher suite, IANA name as in `probe.tls.cipher`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cipher: Option<Cow<'static, str>>,
    /// The key-exchange group, e.g. `X25519`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_exchange: Option<Cow<'static, str>>,
    /// The certificate, judged for the MX host's name, as `probe.cert`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert: Option<Box<CertFacts>>,
    /// Why the dialogue stopped short, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<SmtpError>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
}

keyword_enum! {
    /// Why an SMTP dialogue stopped short.
    pub enum SmtpError {
        /// The host name has no address, or its address lookup failed.
        Dns = "dns",
        /// Port 25 refused the connection (or there was no route).
        Refused = "refused",
        /// No connection, or no answer, in time.
        Timeout = "timeout",
        /// The server broke the dialogue: no greeting, a refusal, an
        /// unreadable or over-long reply, data sent out of turn.
        Protocol = "protocol",
        /// The TLS handshake after STARTTLS failed.
        Tls = "tls",
    }
}

/// The domain's SPF record (RFC 7208).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SpfFacts {
    /// Every TXT record at the domain that starts `v=spf1`, cleaned (more
    /// than one is an error).
    #[serde(default)]
    pub records: Vec<String>,
    /// The record's terms in order, as written (lower case): mechanisms
    /// with their qualifier (`-all`, `include:_spf.example.vn`) and
    /// modifiers (`redirect=...`). Only for a single record that parses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mechanisms: Vec<String>,
    /// How the record ends: `-all`, `~all`, `?all`, `+all`, or `none`
    /// (no `all`: mail from anyone else is `neutral`). A record with a
    /// `redirect=` and no `all` ends as its target does (absent when a
    /// lookup on that redirect chain failed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Cow<'static, str>>,
    /// DNS lookups evaluating the record costs (include, a, mx, ptr,
    /// exists, redirect), included records counted in; more than 10 is an
    /// error (RFC 7208 4.6.4). Counting stops once past 10: the count is
    /// exact up to 10, and past it, what was counted when it stopped (the
    /// last record read adds all of its own). Absent when an include's or
    /// redirect's lookup failed (the count is unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_lookups: Option<u32>,
    /// A single record that parses, stays within 10 lookups and whose
    /// includes and redirect each have a single valid record. Absent when
    /// that is unknown: an include's or redirect's lookup failed (listed in
    /// `lookup_errors`) and no other error was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid: Option<bool>,
    /// Why it is not valid, when a record exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<SpfError>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
}

keyword_enum! {
    /// Why an SPF record is not valid.
    pub enum SpfError {
        /// More than one `v=spf1` record (RFC 7208 4.5: permerror).
        MultipleRecords = "multiple-records",
        /// A term that does not parse (RFC 7208 4.6: permerror).
        Malformed = "malformed",
        /// More than 10 DNS lookups (RFC 7208 4.6.4: permerror).
        TooManyLookups = "too-many-lookups",
        /// An `include:` or `redirect=` names a domain without a single
        /// valid SPF record (RFC 7208 5.2, 6.1: permerror).
        BadInclude = "bad-include",
    }
}

/// The domain's DMARC record (RFC 7489).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DmarcFacts {
    /// Every TXT record at `_dmarc.DOMAIN` that starts `v=DMARC1`, cleaned.
    #[serde(default)]
    pub records: Vec<String>,
    /// The policy for the domain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p: Option<DmarcPolicy>,
    /// The policy for subdomains, when the record sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sp: Option<DmarcPolicy>,
    /// The percentage of failing mail the policy applies to, when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pct: Option<u8>,
    /// Where aggregate reports go (`mailto:` URIs), as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rua: Vec<String>,
    /// trustymail's verdict (BOD 18-01): a single valid record with
    /// p=reject, and sp=reject and pct=100 where they are set.
    pub compliant: bool,
    /// Why the record is not valid, when a record exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<DmarcError>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
}

keyword_enum! {
    /// A DMARC policy.
    pub enum DmarcPolicy {
        None = "none",
        Quarantine = "quarantine",
        Reject = "reject",
    }
}

keyword_enum! {
    /// Why a DMARC record is not valid.
    pub enum DmarcError {
        /// More than one `v=DMARC1` record (RFC 7489 6.6.3: no policy).
        MultipleRecords = "multiple-records",
        /// A tag that does not parse, a missing `p=`, a bad value.
        Malformed = "malformed",
    }
}

/// A record whose presence is the fact (MTA-STS, TLS-RPT).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TxtFacts {
    /// Exactly one record with the right version tag (RFC 8461 3.1, RFC
    /// 8460 3: with none or several, the domain has no policy).
    pub present: bool,
    /// The records with that tag, cleaned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<String>,
}
