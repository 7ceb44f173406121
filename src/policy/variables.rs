//! The CEL variables a rule sees (`system`, `agency`, `provider`,
//! `endpoint`, `probe`, `today`; `domain` and `mail` in domain rules): how each is built from the inventory, and
//! which fields each has, so that a misspelt field is caught when the policy
//! is loaded rather than turning into `unknown` on every system.
//!
//! Values borrow the inventory's strings (no copies), and each system's
//! value is built once and shared by every rule evaluated on it.
//! An optional field that the inventory leaves out is an absent key, so
//! `has(system.migration)` is false and reading it makes the result
//! `unknown`.

use std::collections::HashMap;

use cel::common::types::{CelBool, CelInt, CelList, CelMap, CelMapKey, CelString};
use cel::common::value::Val;

use crate::inventory::model::{Agency, Endpoint, System};
use crate::policy::compile::Scope;
use crate::policy::model::Provider;
use crate::probe::facts::{CookieFacts, ProbeFacts, SecurityHeaders, SecurityTxt};
use crate::probe::mail::facts::MailFacts;

pub type CelVal<'a> = Box<dyn Val + 'a>;

/// Builds a CEL map from `(key, value)` pairs, skipping absent values.
struct MapBuilder<'a>(HashMap<CelMapKey<'a>, CelVal<'a>>);

impl<'a> MapBuilder<'a> {
    /// `keys`: how many keys the map can have, so its table is allocated
    /// once and no larger than needed (thousands of these are built per
    /// second).
    fn with_capacity(keys: usize) -> Self {
        MapBuilder(HashMap::with_capacity(keys))
    }
    fn put(&mut self, key: &'static str, value: CelVal<'a>) -> &mut Self {
        self.0.insert(CelMapKey::from(key), value);
        self
    }
    fn put_opt(&mut self, key: &'static str, value: Option<CelVal<'a>>) -> &mut Self {
        if let Some(value) = value {
            self.put(key, value);
        }
        self
    }
    fn build(&mut self) -> CelVal<'a> {
        Box::new(CelMap::from(std::mem::take(&mut self.0)))
    }
}

fn text(value: &str) -> CelVal<'_> {
    Box::new(CelString::from(value))
}

fn int(value: i64) -> CelVal<'static> {
    Box::new(CelInt::from(value))
}

fn boolean(value: bool) -> CelVal<'static> {
    Box::new(CelBool::from(value))
}

fn list<'a>(items: impl Iterator<Item = CelVal<'a>>) -> CelVal<'a> {
    Box::new(CelList::from(items.collect::<Vec<_>>()))
}

fn texts<'a>(items: &'a [String]) -> CelVal<'a> {
    list(items.iter().map(|s| text(s)))
}

/// `system`: every field of the inventory entry, plus `key`
/// (`agency/system`) and `agency` (the agency id).
pub fn system_value<'a>(agency: &'a Agency, system: &'a System) -> CelVal<'a> {
    let mut map = MapBuilder::with_capacity(22);
    map.put("id", text(system.id.as_str()))
        .put(
            "key",
            Box::new(CelString::from(format!("{}/{}", agency.id, system.id))),
        )
        .put("agency", text(agency.id.as_str()))
        .put("name", text(&system.name))
        .put_opt("description", system.description.as_deref().map(text))
        .put("criticality", text(system.criticality.as_str()))
        .put_opt(
            "security_level",
            system.security_level.map(|l| int(i64::from(l.0))),
        )
        .put_opt(
            "security_approval",
            system.security_approval.as_ref().map(|approval| {
                MapBuilder::with_capacity(2)
                    .put("decision", text(&approval.decision))
                    .put("date", date(approval.date))
                    .build()
            }),
        )
        .put_opt(
            "last_security_assessment",
            system.last_security_assessment.map(date),
        )
        .put_opt(
            "data_classification",
            system.data_classification.map(|c| text(c.as_str())),
        )
        .put_opt(
            "personal_data_users",
            system
                .personal_data_users
                .map(|n| int(i64::try_from(n).unwrap_or(i64::MAX))),
        )
        .put("lifecycle", text(system.lifecycle.as_str()))
        .put_opt("commissioned", system.commissioned.map(date))
        .put_opt("last_reviewed", system.last_reviewed.map(date));

    let hosting = &system.hosting;
    map.put(
        "hosting",
        MapBuilder::with_capacity(3)
            .put("model", text(hosting.model.as_str()))
            .put_opt(
                "provider",
                hosting.provider.as_ref().map(|p| text(p.as_str())),
            )
            .put_opt("region", hosting.region.as_deref().map(text))
            .build(),
    );

    map.put_opt(
        "migration",
        system.migration.as_ref().map(|m| {
            MapBuilder::with_capacity(5)
                .put("strategy", text(m.strategy.as_str()))
                .put("status", text(m.status.as_str()))
                .put_opt("wave", m.wave.map(|w| int(i64::from(w))))
                .put_opt("target_date", m.target_date.map(date))
                .put_opt("note", m.note.as_deref().map(text))
                .build()
        }),
    );

    map.put_opt(
        "public_services",
        system.public_services.as_ref().map(|ps| {
            let services = ps.services.iter().map(|s| {
                MapBuilder::with_capacity(6)
                    .put("code", text(&s.code))
                    .put("name", text(&s.name))
                    .put("level", text(s.level.as_str()))
                    .put_opt("online_payment", s.online_payment.map(boolean))
                    .put(
                        "result_delivery",
                        list(s.result_delivery.iter().map(|r| text(r.as_str()))),
                    )
                    .put_opt(
                        "national_portal_id",
                        s.national_portal_id.as_deref().map(text),
                    )
                    .build()
            });
            MapBuilder::with_capacity(4)
                .put("total", int(i64::from(ps.total)))
                .put("fully_online", int(i64::from(ps.fully_online)))
                .put_opt("mobile_ready", ps.mobile_ready.map(|n| int(i64::from(n))))
                .put("services", list(services))
                .build()
        }),
    );

    map.put(
        "endpoints",
        list(system.endpoints.iter().map(endpoint_value)),
    )
    .put("tags", texts(&system.tags))
    .build()
}

/// `agency`: the agency the system belongs to.
pub fn agency_value(agency: &Agency) -> CelVal<'_> {
    MapBuilder::with_capacity(6)
        .put("id", text(agency.id.as_str()))
        .put("name", text(&agency.name))
        .put("kind", text(agency.kind.as_str()))
        .put_opt(
            "contact",
            agency.contact.as_ref().map(|c| text(c.as_text())),
        )
        .put_opt("parent", agency.parent.as_ref().map(|p| text(p.as_str())))
        .put("tags", texts(&agency.tags))
        .build()
}

/// `provider`: the registry entry of the system's declared provider, or an
/// empty map when it names none (so `has(provider.domestic)` is false).
pub fn provider_value(provider: Option<&Provider>) -> CelVal<'_> {
    let mut map = MapBuilder::with_capacity(5);
    if let Some(p) = provider {
        map.put("id", text(p.id.as_str()))
            .put("name", text(&p.name))
            .put("domestic", boolean(p.domestic))
            .put("assessed", boolean(p.assessed))
            .put_opt("website", p.website.as_deref().map(text));
    }
    map.build()
}

/// `endpoint`: one endpoint of the system, with its URL taken apart.
pub fn endpoint_value(endpoint: &Endpoint) -> CelVal<'_> {
    MapBuilder::with_capacity(5)
        .put("url", text(endpoint.url.as_str()))
        .put("scheme", text(endpoint.url.scheme()))
        .put("host", text(endpoint.url.host()))
        .put_opt("port", endpoint.url.port().map(|p| int(i64::from(p))))
        .put("expect", text(endpoint.expect.as_str()))
        .build()
}

/// `probe`: what the prober learned about one endpoint, field for field as
/// in `cloudcensus probe --format json`, except `latency_ms`, which is a
/// whole number here so that `probe.latency_ms < 2000` compares as written.
pub fn probe_value(facts: &ProbeFacts) -> CelVal<'_> {
    let mut map = MapBuilder::with_capacity(33);
    map.put("url", text(&facts.url))
        .put("scheme", text(&facts.scheme))
        .put("host", text(&facts.host))
        .put_opt("port", facts.port.map(|p| int(i64::from(p))))
        .put("reachable", boolean(facts.reachable))
        .put_opt("error", facts.error.map(|e| text(e.as_str())))
        .put_opt("error_message", facts.error_message.as_deref().map(text))
        .put("attempts", int(i64::from(facts.attempts)))
        .put_opt(
            "latency_ms",
            facts.latency_ms.map(|ms| int(ms.round() as i64)),
        )
        .put_opt(
            "dns",
            facts.dns.as_ref().map(|dns| {
                // A list whose lookup failed is left out, so a rule that
                // reads it is `unknown`, not judged on an empty list.
                MapBuilder::with_capacity(7)
                    .put_opt("a", dns.a_error.is_none().then(|| texts(&dns.a)))
                    .put_opt("aaaa", dns.aaaa_error.is_none().then(|| texts(&dns.aaaa)))
                    .put("cname", texts(&dns.cname))
                    .put_opt("reverse", dns.reverse.as_deref().map(text))
                    .put_opt("error", dns.error.map(|e| text(e.as_str())))
                    .put_opt("a_error", dns.a_error.map(|e| text(e.as_str())))
                    .put_opt("aaaa_error", dns.aaaa_error.map(|e| text(e.as_str())))
                    .build()
            }),
        )
        .put_opt("ipv4", facts.ipv4.map(boolean))
        .put_opt("ipv6", facts.ipv6.map(boolean))
        .put_opt(
            "observed_provider",
            facts.observed_provider.as_deref().map(text),
        )
        .put_opt("status", facts.status.map(|s| int(i64::from(s))))
        .put_opt("final_url", facts.final_url.as_deref().map(text))
        .put_opt("http_version", facts.http_version.as_deref().map(text))
        .put(
            "redirects",
            list(facts.redirects.iter().map(|r| {
                MapBuilder::with_capacity(3)
                    .put("url", text(&r.url))
                    .put("status", int(i64::from(r.status)))
                    .put("location", text(&r.location))
                    .build()
            })),
        )
        .put_opt("https_redirect", facts.https_redirect.map(boolean))
        .put_opt(
            "hsts",
            facts.hsts.map(|h| {
                MapBuilder::with_capacity(3)
                    .put("max_age", int(i64::try_from(h.max_age).unwrap_or(i64::MAX)))
                    .put("include_subdomains", boolean(h.include_subdomains))
                    .put("preload", boolean(h.preload))
                    .build()
            }),
        )
        .put_opt(
            "hsts_preload",
            facts.hsts_preload.as_ref().map(|p| {
                MapBuilder::with_capacity(5)
                    .put("base_domain", text(&p.base_domain))
                    .put("preloaded", boolean(p.preloaded))
                    .put("base_preloaded", boolean(p.base_preloaded))
                    .put_opt("preload_ready", p.preload_ready.map(boolean))
                    .put("list_date", text(&p.list_date))
                    .build()
            }),
        )
        .put_opt("server", facts.server.as_deref().map(text))
        .put_opt("title", facts.title.as_deref().map(text))
        .put_opt(
            "body_bytes",
            facts
                .body_bytes
                .map(|b| int(i64::try_from(b).unwrap_or(i64::MAX))),
        )
        .put_opt("headers", facts.headers.as_deref().map(headers_value))
        .put_opt("cookies", facts.cookies.as_deref().map(cookies_value))
        .put_opt(
            "security_txt",
            facts.security_txt.as_deref().map(security_txt_value),
        )
        .put_opt(
            "tls",
            facts.tls.as_ref().map(|tls| {
                let checks = &tls.version_checks;
                let mut verdicts = MapBuilder::with_capacity(5);
                for version in crate::probe::facts::ProtocolVersion::ALL {
                    verdicts.put_opt(
                        version.as_str(),
                        checks.get(*version).map(|v| text(v.as_str())),
                    );
                }
                MapBuilder::with_capacity(16)
                    .put("version", text(&tls.version))
                    .put("cipher", text(&tls.cipher))
                    .put_opt("alpn", tls.alpn.as_deref().map(text))
                    .put_opt("key_exchange", tls.key_exchange.as_deref().map(text))
                    .put(
                        "versions",
                        list(tls.versions.iter().map(|v| text(v.as_str()))),
                    )
                    .put("version_checks", verdicts.build())
                    .put_opt("accepts_legacy", tls.accepts_legacy.map(boolean))
                    .put_opt("accepts_weak_suites", tls.accepts_weak_suites.map(boolean))
                    .put_opt("weak_suite", tls.weak_suite.as_deref().map(text))
                    .put_opt(
                        "tls12_forward_secrecy_aead",
                        tls.tls12_forward_secrecy_aead.map(boolean),
                    )
                    .put_opt("dh_bits", tls.dh_bits.map(|b| int(i64::from(b))))
                    .put_opt(
                        "mozilla",
                        tls.mozilla.as_ref().map(|verdict| {
                            MapBuilder::with_capacity(3)
                                .put("profile", text(verdict.profile.as_str()))
                                .put(
                                    "gaps",
                                    list(verdict.gaps.iter().map(|gap| {
                                        MapBuilder::with_capacity(2)
                                            .put("criterion", text(gap.criterion.as_str()))
                                            .put("found", text(&gap.found))
                                            .build()
                                    })),
                                )
                                .put(
                                    "unchecked",
                                    list(verdict.unchecked.iter().map(|c| text(c.as_str()))),
                                )
                                .build()
                        }),
                    )
                    .put_opt(
                        "suites",
                        tls.suites.as_ref().map(|suites| {
                            list(suites.iter().map(|suite| {
                                MapBuilder::with_capacity(7)
                                    .put("version", text(suite.version.as_str()))
                                    .put("name", text(&suite.name))
                                    .put("forward_secrecy", boolean(suite.forward_secrecy))
                                    .put("aead", boolean(suite.aead))
                                    .put("weak", boolean(suite.weak))
                                    .put_opt("group", suite.group.as_deref().map(text))
                                    .put_opt("dh_bits", suite.dh_bits.map(|b| int(i64::from(b))))
                                    .build()
                            }))
                        }),
                    )
                    .put_opt("suites_complete", tls.suites_complete.map(boolean))
                    .put("legacy_only", boolean(tls.legacy_only))
                    .build()
            }),
        )
        .put_opt("cert", facts.cert.as_deref().map(cert_value))
        .put_opt("open", facts.open.map(boolean))
        .put_opt("port_state", facts.port_state.map(|p| text(p.as_str())));
    map.build()
}

/// `domain`: a domain an agency names, judged by `each: domain` rules.
pub fn domain_value(name: &str) -> CelVal<'_> {
    MapBuilder::with_capacity(1).put("name", text(name)).build()
}

/// `mail`: what probing learned about the domain, field for field as in
/// `cloudcensus probe --mail-domain D --format json` (without
/// `elapsed_ms`, a time, not a fact about the domain).
pub fn mail_value(facts: &MailFacts) -> CelVal<'_> {
    MapBuilder::with_capacity(8)
        .put("domain", text(&facts.domain))
        .put_opt("error", facts.error.map(|e| text(e.as_str())))
        .put_opt(
            "mx",
            facts.mx.as_ref().map(|mx| {
                let hosts = mx.hosts.iter().map(|host| {
                    MapBuilder::with_capacity(4)
                        .put("host", text(&host.host))
                        .put("preference", int(i64::from(host.preference)))
                        .put("addresses", texts(&host.addresses))
                        .put_opt("smtp", host.smtp.as_ref().map(smtp_value))
                        .build()
                });
                MapBuilder::with_capacity(3)
                    .put("hosts", list(hosts))
                    .put("null_mx", boolean(mx.null_mx))
                    .put_opt("all_starttls_valid", mx.all_starttls_valid.map(boolean))
                    .build()
            }),
        )
        .put_opt(
            "spf",
            facts.spf.as_ref().map(|spf| {
                MapBuilder::with_capacity(7)
                    .put("records", texts(&spf.records))
                    .put("mechanisms", texts(&spf.mechanisms))
                    .put_opt("all", spf.all.as_deref().map(text))
                    .put_opt("dns_lookups", spf.dns_lookups.map(|n| int(i64::from(n))))
                    .put_opt("valid", spf.valid.map(boolean))
                    .put_opt("error", spf.error.map(|e| text(e.as_str())))
                    .put_opt("error_message", spf.error_message.as_deref().map(text))
                    .build()
            }),
        )
        .put_opt(
            "dmarc",
            facts.dmarc.as_ref().map(|dmarc| {
                MapBuilder::with_capacity(8)
                    .put("records", texts(&dmarc.records))
                    .put_opt("p", dmarc.p.map(|p| text(p.as_str())))
                    .put_opt("sp", dmarc.sp.map(|p| text(p.as_str())))
                    .put_opt("pct", dmarc.pct.map(|n| int(i64::from(n))))
                    .put("rua", texts(&dmarc.rua))
                    .put("compliant", boolean(dmarc.compliant))
                    .put_opt("error", dmarc.error.map(|e| text(e.as_str())))
                    .put_opt("error_message", dmarc.error_message.as_deref().map(text))
                    .build()
            }),
        )
        .put_opt("mta_sts", facts.mta_sts.as_ref().map(txt_value))
        .put_opt("tls_rpt", facts.tls_rpt.as_ref().map(txt_value))
        .put(
            "lookup_errors",
            list(facts.lookup_errors.iter().map(|e| {
                MapBuilder::with_capacity(3)
                    .put("name", text(&e.name))
                    .put("record_type", text(&e.record_type))
                    .put("error", text(e.error.as_str()))
                    .build()
            })),
        )
        .build()
}

fn smtp_value(smtp: &crate::probe::mail::facts::SmtpFacts) -> CelVal<'_> {
    MapBuilder::with_capacity(8)
        .put_opt("banner", smtp.banner.as_deref().map(text))
        .put_opt("starttls", smtp.starttls.map(boolean))
        .put_opt("tls_version", smtp.tls_version.as_deref().map(text))
        .put_opt("cipher", smtp.cipher.as_deref().map(text))
        .put_opt("key_exchange", smtp.key_exchange.as_deref().map(text))
        .put_opt("cert", smtp.cert.as_deref().map(cert_value))
        .put_opt("error", smtp.error.map(|e| text(e.as_str())))
        .put_opt("error_message", smtp.error_message.as_deref().map(text))
        .build()
}
fn txt_value(txt: &crate::probe::mail::facts::TxtFacts) -> CelVal<'_> {
    MapBuilder::with_capacity(2)
        .put("present", boolean(txt.present))
        .put("records", texts(&txt.records))
        .build()
}

/// A certificate's facts, as `probe.cert` and `mail.mx.hosts[i].smtp.cert`.
fn cert_value(cert: &crate::probe::facts::CertFacts) -> CelVal<'_> {
    MapBuilder::with_capacity(20)
        .put("subject", text(&cert.subject))
        .put("issuer", text(&cert.issuer))
        .put("sans", texts(&cert.sans))
        .put("not_before", text(&cert.not_before))
        .put("not_after", text(&cert.not_after))
        .put("days_left", int(cert.days_left))
        .put("chain_days_left", int(cert.chain_days_left))
        .put(
            "chain_length",
            int(i64::try_from(cert.chain_length).unwrap_or(i64::MAX)),
        )
        .put("self_signed", boolean(cert.self_signed))
        .put("chain_valid", boolean(cert.chain_valid))
        .put("hostname_match", boolean(cert.hostname_match))
        .put("valid", boolean(cert.valid))
        .put_opt("problem", cert.problem.map(|p| text(p.as_str())))
        .put_opt("key_type", cert.key_type.as_deref().map(text))
        .put_opt("key_bits", cert.key_bits.map(|b| int(i64::from(b))))
        .put_opt(
            "signature_algorithm",
            cert.signature_algorithm.as_deref().map(text),
        )
        .put("weak_key", boolean(cert.weak_key))
        .put_opt("weak_signature", cert.weak_signature.as_deref().map(text))
        .put(
            "chain_signatures",
            list(cert.chain_signatures.iter().map(|s| text(s))),
        )
        .put_opt("lifetime_days", cert.lifetime_days.map(int))
        .build()
}

/// `probe.headers`: the security headers of the last response.
fn headers_value(headers: &SecurityHeaders) -> CelVal<'_> {
    MapBuilder::with_capacity(7)
        .put_opt(
            "csp",
            headers.csp.as_ref().map(|csp| {
                MapBuilder::with_capacity(7)
                    .put("value", text(&csp.value))
                    .put("directives", texts(&csp.directives))
                    .put("script_restricted", boolean(csp.script_restricted))
                    .put("script_unsafe_inline", boolean(csp.script_unsafe_inline))
                    .put("script_unsafe_eval", boolean(csp.script_unsafe_eval))
                    .put("script_wildcard", boolean(csp.script_wildcard))
                    .put_opt("frame_ancestors", csp.frame_ancestors.as_deref().map(text))
                    .build()
            }),
        )
        .put_opt(
            "x_frame_options",
            headers.x_frame_options.as_deref().map(text),
        )
        .put_opt(
            "x_content_type_options",
            headers.x_content_type_options.as_deref().map(text),
        )
        .put("nosniff", boolean(headers.nosniff))
        .put_opt(
            "referrer_policy",
            headers.referrer_policy.as_deref().map(text),
        )
        .put_opt(
            "permissions_policy",
            headers.permissions_policy.as_deref().map(text),
        )
        .put("frame_protection", boolean(headers.frame_protection))
        .build()
}

/// `probe.cookies`: names and flags of the cookies the last response set.
fn cookies_value(cookies: &CookieFacts) -> CelVal<'_> {
    MapBuilder::with_capacity(3)
        .put(
            "set",
            list(cookies.set.iter().map(|cookie| {
                MapBuilder::with_capacity(4)
                    .put("name", text(&cookie.name))
                    .put("secure", boolean(cookie.secure))
                    .put("http_only", boolean(cookie.http_only))
                    .put_opt("same_site", cookie.same_site.as_deref().map(text))
                    .build()
            })),
        )
        .put("count", int(i64::from(cookies.count)))
        .put("insecure_over_https", boolean(cookies.insecure_over_https))
        .build()
}

/// `probe.security_txt`: the origin's `/.well-known/security.txt`.
fn security_txt_value(file: &SecurityTxt) -> CelVal<'_> {
    MapBuilder::with_capacity(8)
        .put("url", text(&file.url))
        .put_opt("status", file.status.map(|status| int(i64::from(status))))
        .put("present", boolean(file.present))
        .put("https", boolean(file.https))
        .put("contacts", texts(&file.contacts))
        .put_opt("expires", file.expires.as_deref().map(text))
        .put_opt("expired", file.expired.map(boolean))
        .put_opt("days_left", file.days_left.map(int))
        .build()
}

fn date(value: crate::fields::IsoDate) -> CelVal<'static> {
    Box::new(CelString::from(value.to_string()))
}

/// The shape of a variable, for checking the field paths a rule uses.
pub enum Shape {
    /// A string, number, boolean or list: nothing to select below it.
    Leaf,
    /// A map with these fields.
    Map(&'static [(&'static str, Shape)]),
}

use Shape::{Leaf, Map};

const PROBE_FIELDS: &[(&str, Shape)] = &[
    ("url", Leaf),
    ("scheme", Leaf),
    ("host", Leaf),
    ("port", Leaf),
    ("reachable", Leaf),
    ("error", Leaf),
    ("error_message", Leaf),
    ("attempts", Leaf),
    ("latency_ms", Leaf),
    (
        "dns",
        Map(&[
            ("a", Leaf),
            ("aaaa", Leaf),
            ("cname", Leaf),
            ("reverse", Leaf),
            ("error", Leaf),
        ]),
    ),
    ("ipv4", Leaf),
    ("ipv6", Leaf),
    ("observed_provider", Leaf),
    ("status", Leaf),
    ("final_url", Leaf),
    ("http_version", Leaf),
    ("redirects", Leaf),
    ("https_redirect", Leaf),
    (
        "hsts",
        Map(&[
            ("max_age", Leaf),
            ("include_subdomains", Leaf),
            ("preload", Leaf),
        ]),
    ),
    (
        "hsts_preload",
        Map(&[
            ("base_domain", Leaf),
            ("preloaded", Leaf),
            ("base_preloaded", Leaf),
            ("preload_ready", Leaf),
            ("list_date", Leaf),
        ]),
    ),
    ("server", Leaf),
    ("title", Leaf),
    ("body_bytes", Leaf),
    (
        "headers",
        Map(&[
            (
                "csp",
                Map(&[
                    ("value", Leaf),
                    ("directives", Leaf),
                    ("script_restricted", Leaf),
                    ("script_unsafe_inline", Leaf),
                    ("script_unsafe_eval", Leaf),
                    ("script_wildcard", Leaf),
                    ("frame_ancestors", Leaf),
                ]),
            ),
            ("x_frame_options", Leaf),
            ("x_content_type_options", Leaf),
            ("nosniff", Leaf),
            ("referrer_policy", Leaf),
            ("permissions_policy", Leaf),
            ("frame_protection", Leaf),
        ]),
    ),
    (
        "cookies",
        Map(&[
            ("set", Leaf),
            ("count", Leaf),
            ("insecure_over_https", Leaf),
        ]),
    ),
    (
        "security_txt",
        Map(&[
            ("url", Leaf),
            ("status", Leaf),
            ("present", Leaf),
            ("https", Leaf),
            ("contacts", Leaf),
            ("expires", Leaf),
            ("expired", Leaf),
            ("days_left", Leaf),
        ]),
    ),
    (
        "tls",
        Map(&[
            ("version", Leaf),
            ("cipher", Leaf),
            ("alpn", Leaf),
            ("key_exchange", Leaf),
            ("versions", Leaf),
            (
                "version_checks",
                Map(&[
                    ("ssl3", Leaf),
                    ("1.0", Leaf),
                    ("1.1", Leaf),
                    ("1.2", Leaf),
                    ("1.3", Leaf),
                ]),
            ),
            ("accepts_legacy", Leaf),
            ("accepts_weak_suites", Leaf),
            ("weak_suite", Leaf),
            ("tls12_forward_secrecy_aead", Leaf),
            ("dh_bits", Leaf),
            (
                "mozilla",
                Map(&[("profile", Leaf), ("gaps", Leaf), ("unchecked", Leaf)]),
            ),
            ("suites", Leaf),
            ("suites_complete", Leaf),
            ("legacy_only", Leaf),
        ]),
    ),
    ("cert", Map(CERT_FIELDS)),
    ("open", Leaf),
    ("port_state", Leaf),
];

const CERT_FIELDS: &[(&str, Shape)] = &[
    ("subject", Leaf),
    ("issuer", Leaf),
    ("sans", Leaf),
    ("not_before", Leaf),
    ("not_after", Leaf),
    ("days_left", Leaf),
    ("chain_days_left", Leaf),
    ("chain_length", Leaf),
    ("self_signed", Leaf),
    ("chain_valid", Leaf),
    ("hostname_match", Leaf),
    ("valid", Leaf),
    ("problem", Leaf),
    ("key_type", Leaf),
    ("key_bits", Leaf),
    ("signature_algorithm", Leaf),
    ("weak_key", Leaf),
    ("weak_signature", Leaf),
    ("chain_signatures", Leaf),
    ("lifetime_days", Leaf),
];

const ENDPOINT_FIELDS: &[(&str, Shape)] = &[
    ("url", Leaf),
    ("scheme", Leaf),
    ("host", Leaf),
    ("port", Leaf),
    ("expect", Leaf),
];

const SYSTEM_FIELDS: &[(&str, Shape)] = &[
    ("id", Leaf),
    ("key", Leaf),
    ("agency", Leaf),
    ("name", Leaf),
    ("description", Leaf),
    ("criticality", Leaf),
    ("security_level", Leaf),
    (
        "security_approval",
        Map(&[("decision", Leaf), ("date", Leaf)]),
    ),
    ("last_security_assessment", Leaf),
    ("data_classification", Leaf),
    ("personal_data_users", Leaf),
    ("lifecycle", Leaf),
    ("commissioned", Leaf),
    ("last_reviewed", Leaf),
    (
        "hosting",
        Map(&[("model", Leaf), ("provider", Leaf), ("region", Leaf)]),
    ),
    (
        "migration",
        Map(&[
            ("strategy", Leaf),
            ("status", Leaf),
            ("wave", Leaf),
            ("target_date", Leaf),
            ("note", Leaf),
        ]),
    ),
    (
        "public_services",
        Map(&[
            ("total", Leaf),
            ("fully_online", Leaf),
            ("mobile_ready", Leaf),
            ("services", Leaf),
        ]),
    ),
    ("endpoints", Leaf),
    ("tags", Leaf),
];

const AGENCY_FIELDS: &[(&str, Shape)] = &[
    ("id", Leaf),
    ("name", Leaf),
    ("kind", Leaf),
    ("contact", Leaf),
    ("parent", Leaf),
    ("tags", Leaf),
];

const DOMAIN_FIELDS: &[(&str, Shape)] = &[("name", Leaf)];

const TXT_FIELDS: &[(&str, Shape)] = &[("present", Leaf), ("records", Leaf)];

const MAIL_FIELDS: &[(&str, Shape)] = &[
    ("domain", Leaf),
    ("error", Leaf),
    (
        "mx",
        Map(&[
            ("hosts", Leaf),
            ("null_mx", Leaf),
            ("all_starttls_valid", Leaf),
        ]),
    ),
    (
        "spf",
        Map(&[
            ("records", Leaf),
            ("mechanisms", Leaf),
            ("all", Leaf),
            ("dns_lookups", Leaf),
            ("valid", Leaf),
            ("error", Leaf),
            ("error_message", Leaf),
        ]),
    ),
    (
        "dmarc",
        Map(&[
            ("records", Leaf),
            ("p", Leaf),
            ("sp", Leaf),
            ("pct", Leaf),
            ("rua", Leaf),
            ("compliant", Leaf),
            ("error", Leaf),
            ("error_message", Leaf),
        ]),
    ),
    ("mta_sts", Map(TXT_FIELDS)),
    ("tls_rpt", Map(TXT_FIELDS)),
    ("lookup_errors", Leaf),
];

const PROVIDER_FIELDS: &[(&str, Shape)] = &[
    ("id", Leaf),
    ("name", Leaf),
    ("domestic", Leaf),
    ("assessed", Leaf),
    ("website", Leaf),
];

const SYSTEMS: &[Scope] = &[Scope::System, Scope::Endpoint];
const EVERY_SCOPE: &[Scope] = &[Scope::System, Scope::Endpoint, Scope::Domain];

/// The variables of a rule: name, shape, and the kinds of rule (`each:`)
/// that may use it. A domain rule sees its agency, not a system.
pub const VARIABLES: &[(&str, Shape, &[Scope])] = &[
    ("system", Map(SYSTEM_FIELDS), SYSTEMS),
    ("agency", Map(AGENCY_FIELDS), EVERY_SCOPE),
    ("provider", Map(PROVIDER_FIELDS), SYSTEMS),
    ("today", Leaf, EVERY_SCOPE),
    ("endpoint", Map(ENDPOINT_FIELDS), &[Scope::Endpoint]),
    ("probe", Map(PROBE_FIELDS), &[Scope::Endpoint]),
    ("domain", Map(DOMAIN_FIELDS), &[Scope::Domain]),
    ("mail", Map(MAIL_FIELDS), &[Scope::Domain]),
];

#[cfg(test)]
mod tests {
    use super::*;
    use cel::{Context, Env, Value};
    use std::sync::Arc;

    const FULL_SYSTEM: &str = r#"
agency: { id: a, name: A, kind: unit, contact: x@y.vn, parent: b, tags: [t] }
systems:
  - id: s
    name: S
    description: d
    criticality: high
    security_level: 3
    security_approval: { decision: 1/QĐ, date: 2024-01-01 }
    last_security_assessment: 2025-01-01
    data_classification: internal
    personal_data_users: 20000
    lifecycle: production
    commissioned: 2020-01-01
    last_reviewed: 2026-01-01
    hosting: { model: gov-cloud, provider: vnpt, region: vn-north }
    migration: { strategy: rehost, status: done, wave: 1, target_date: 2025-01-01, note: n }
    public_services: { total: 2, fully_online: 1, mobile_ready: 1, services: [] }
    endpoints: [ { url: "https://x.vn" } ]
    tags: [p]
"#;

    /// Every field of the mail shape exists on fully filled facts.
    #[test]
    fn every_declared_mail_field_is_built() {
        let cert = serde_json::json!({
            "subject": "s", "issuer": "i", "sans": ["mx"], "not_before": "a",
            "not_after": "b", "days_left": 1, "chain_days_left": 1, "chain_length": 1,
            "self_signed": false, "chain_valid": true, "hostname_match": true,
            "valid": true, "problem": "expired", "key_type": "RSA", "key_bits": 2048,
            "signature_algorithm": "x", "weak_key": false, "weak_signature": "y",
            "chain_signatures": ["x"], "lifetime_days": 90
        });
        let facts: MailFacts = serde_json::from_value(serde_json::json!({
            "domain": "d.vn", "error": "nxdomain",
            "mx": {"hosts": [{"host": "mx", "preference": 1, "addresses": [],
                   "smtp": {"starttls": true, "cert": cert}}],
                   "null_mx": false, "all_starttls_valid": true},
            "spf": {"records": ["v=spf1 -all"], "mechanisms": ["-all"], "all": "-all",
                    "dns_lookups": 0, "valid": false, "error": "malformed", "error_message": "m"},
            "dmarc": {"records": [], "p": "reject", "sp": "reject", "pct": 100, "rua": [],
                      "compliant": true, "error": "malformed", "error_message": "m"},
            "mta_sts": {"present": true}, "tls_rpt": {"present": false},
            "lookup_errors": []
        }))
        .unwrap();
        let env = Arc::new(Env::stdlib());
        let mail = mail_value(&facts);
        let domain = domain_value("d.vn");
        let mut all = Vec::new();
        paths("mail", MAIL_FIELDS, &mut all);
        paths("domain", DOMAIN_FIELDS, &mut all);
        for path in all {
            let mut context = Context::with_env(Arc::clone(&env));
            context.add_variable_as_val("mail", mail.clone());
            context.add_variable_as_val("domain", domain.clone());
            let program = env.compile(&format!("has({path})")).unwrap();
            assert_eq!(program.execute(&context), Ok(Value::Bool(true)), "{path}");
        }
        let program = env
            .compile("mail.mx.hosts[0].smtp.cert.valid && mail.mx.hosts[0].smtp.starttls")
            .unwrap();
        let mut context = Context::with_env(Arc::clone(&env));
        context.add_variable_as_val("mail", mail.clone());
        assert_eq!(program.execute(&context), Ok(Value::Bool(true)));
    }

    fn paths(prefix: &str, fields: &[(&str, Shape)], out: &mut Vec<String>) {
        for (name, shape) in fields {
            let path = format!("{prefix}.{name}");
            if let Map(inner) = shape {
                paths(&path, inner, out);
            }
            out.push(path);
        }
    }

    /// Every field the checker accepts must exist on a fully filled system,
    /// so a rule the checker lets through can read what it names.
    #[test]
    fn every_declared_field_is_built() {
        let doc: crate::inventory::model::InventoryDocument =
            serde_yaml::from_str(FULL_SYSTEM).unwrap();
        let provider: Provider = serde_yaml::from_str(
            "{ id: vnpt, name: VNPT, domestic: true, assessed: true, website: https://x }",
        )
        .unwrap();
        let env = Arc::new(Env::stdlib());
        let system = system_value(&doc.agency, &doc.systems[0]);
        let agency = agency_value(&doc.agency);
        let provider = provider_value(Some(&provider));
        let endpoint = endpoint_value(&doc.systems[0].endpoints[0]);
        let mut all = Vec::new();
        paths("system", SYSTEM_FIELDS, &mut all);
        paths("agency", AGENCY_FIELDS, &mut all);
        paths("provider", PROVIDER_FIELDS, &mut all);
        paths("endpoint", ENDPOINT_FIELDS, &mut all);
        for path in all {
            let mut context = Context::with_env(Arc::clone(&env));
            context.add_variable_as_val("system", system.clone());
            context.add_variable_as_val("agency", agency.clone());
            context.add_variable_as_val("provider", provider.clone());
            context.add_variable_as_val("endpoint", endpoint.clone());
            let program = env.compile(&format!("has({path})")).unwrap();
            assert_eq!(program.execute(&context), Ok(Value::Bool(true)), "{path}");
        }
    }
}
