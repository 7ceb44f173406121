//! Last night's version sweeps, so that a nightly scan does not ask every
//! server its odd hellos every night.
//!
//! The sweep (tls_scan) costs two extra TCP connections per HTTPS endpoint
//! at quick depth, on both sides: the largest part of a scan's cost after
//! the page itself (BENCHMARKS.md), and a load the agencies' servers carry
//! every night for an answer that changes when someone reconfigures the
//! server, not from one night to the next. So a scan with history reuses
//! the previous run's answers for an endpoint when nothing it can see has
//! changed: the modern handshake chose the same version, suite and group,
//! and the leaf certificate is the same (its SHA-256). It asks again
//!
//! - on the endpoint's own day, one night in `resweep_days` (each endpoint
//!   has its day, from a digest of its URL, so a scan of many endpoints
//!   asks about one in `resweep_days` of them every night rather than all
//!   of them on one night);
//! - whenever last night's answers are `resweep_days` old or more, or
//!   dated after today (a clock or `--as-of` moved back);
//! - whenever the handshake or the certificate changed, or last night had
//!   no complete answer, or was at a shallower `--tls-depth`.
//!
//! `resweep_days = 1` asks every night. The facts say when they were asked
//! (`tls.swept_on`). The trade-off, written down: a server reconfigured to
//! accept TLS 1.0 without any change to its modern handshake or its
//! certificate is seen on its next day, at most `resweep_days` later.

use std::collections::HashMap;
use std::sync::Arc;

use super::TlsDepth;
use serde::Deserialize;

use super::facts::{CertFacts, TlsFacts};
use crate::fields::IsoDate;

/// How often a scan asks again, when no configuration says.
pub const DEFAULT_RESWEEP_DAYS: u32 = 7;

/// The previous run's sweeps that can be carried, by endpoint URL
/// (history::baseline reads them).
#[derive(Debug, Clone, Default)]
pub struct RememberedSweeps(Arc<HashMap<String, Remembered>>);

/// The part of a stored record the memory reads: each probe's URL, TLS
/// facts and leaf fingerprint, nothing else (a record of 10,000 endpoints
/// is read in a fraction of the time and memory of the whole).
#[derive(Debug, Default, Deserialize)]
pub struct SweptProbes {
    #[serde(default)]
    probes: Vec<SweptProbe>,
}

#[derive(Debug, Deserialize)]
struct SweptProbe {
    url: String,
    #[serde(default)]
    tls: Option<TlsFacts>,
    #[serde(default)]
    cert: Option<Fingerprint>,
}

#[derive(Debug, Deserialize)]
struct Fingerprint {
    #[serde(default)]
    sha256: Option<String>,
}

impl From<SweptProbes> for RememberedSweeps {
    /// The sweeps that can be carried: a modern handshake with a
    /// certificate, every version's answer known, and the date they were
    /// asked.
    fn from(record: SweptProbes) -> Self {
        let remembered = record
            .probes
            .into_iter()
            .filter_map(|probe| {
                let tls = probe.tls?;
                let cert_sha256 = probe.cert?.sha256?;
                let carried =
                    !tls.legacy_only && tls.swept_on.is_some() && tls.version_checks.complete();
                carried.then_some((probe.url, Remembered { tls, cert_sha256 }))
            })
            .collect();
        RememberedSweeps(Arc::new(remembered))
    }
}

impl RememberedSweeps {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What a sweep answered, and what it was answered for.
#[derive(Debug)]
struct Remembered {
    /// The TLS facts of that night: the handshake it matched, and the
    /// answers to carry.
    tls: TlsFacts,
    /// The leaf's fingerprint that night.
    cert_sha256: String,
}

/// Tonight's scan: its date, how often it asks again, and what it
/// remembers.
#[derive(Debug, Clone)]
pub struct SweepMemory {
    /// The scan's date (`--as-of`, or today): what `tls.swept_on` says of
    /// a fresh sweep, and what ages a carried one.
    pub today: IsoDate,
    /// Ask every endpoint again at least this often, in days (1 = every
    /// night).
    resweep_days: u32,
    remembered: RememberedSweeps,
}

impl SweepMemory {
    pub fn new(today: IsoDate, resweep_days: u32, remembered: RememberedSweeps) -> Self {
        SweepMemory {
            today,
            resweep_days: resweep_days.max(1),
            remembered,
        }
    }

    /// Last night's answers for `url`, when they stand for tonight's
    /// modern handshake (`tls`) and certificate at `depth`, and tonight is
    /// not a night to ask again.
    pub fn carried(
        &self,
        url: &str,
        tls: &TlsFacts,
        cert: Option<&CertFacts>,
        depth: TlsDepth,
    ) -> Option<&TlsFacts> {
        let remembered = self.remembered.0.get(url)?;
        let then = &remembered.tls;
        let swept_on = then.swept_on?;
        let age = swept_on.days_until(self.today);
        let same_server = then.version == tls.version
            && then.cipher == tls.cipher
            && then.key_exchange == tls.key_exchange
            && cert.and_then(|c| c.sha256.as_deref()) == Some(remembered.cert_sha256.as_str());
        let deep_enough = depth == TlsDepth::Quick || then.suites.is_some();
        let fresh = (0..i64::from(self.resweep_days)).contains(&age);
        (same_server && deep_enough && fresh && !self.own_day(url)).then_some(then)
    }

    /// Whether tonight is `url`'s night to be asked again: one night in
    /// `resweep_days`, the same nights every week for a weekly memory.
    fn own_day(&self, url: &str) -> bool {
        if self.resweep_days <= 1 {
            return true;
        }
        let digest = crate::digest::of_parts(&[url]);
        // The first 8 hex digits: 32 bits, evenly spread.
        let spread = u64::from_str_radix(&digest[..8], 16).unwrap_or(0);
        let day = self.today.0.to_julian_day().unsigned_abs() as u64;
        (day + spread).is_multiple_of(u64::from(self.resweep_days))
    }
}

/// Copies the answers of a carried sweep (`then`) into tonight's facts of
/// the same modern handshake.
pub fn carry_into(then: &TlsFacts, tonight: &mut TlsFacts) {
    tonight.versions = then.versions.clone();
    tonight.version_checks = then.version_checks;
    tonight.accepts_legacy = then.accepts_legacy;
    tonight.accepts_weak_suites = then.accepts_weak_suites;
    tonight.weak_suite = then.weak_suite.clone();
    tonight.tls12_forward_secrecy_aead = then.tls12_forward_secrecy_aead;
    tonight.dh_bits = then.dh_bits;
    tonight.mozilla = then.mozilla.clone();
    tonight.suites = then.suites.clone();
    tonight.suites_complete = then.suites_complete;
    tonight.swept_on = then.swept_on;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::facts::{ProbeFacts, ProtocolVersion, VersionVerdict};

    fn date(text: &str) -> IsoDate {
        IsoDate::parse(text).unwrap()
    }

    /// A modern handshake's facts after a complete quick sweep on `swept_on`.
    fn swept(swept_on: &str) -> TlsFacts {
        let mut tls = TlsFacts {
            version: "1.3".into(),
            cipher: "TLS13_AES_128_GCM_SHA256".into(),
            key_exchange: Some("X25519".into()),
            swept_on: Some(date(swept_on)),
            accepts_legacy: Some(true),
            ..TlsFacts::default()
        };
        for (version, verdict) in [
            (ProtocolVersion::Ssl3, VersionVerdict::Refused),
            (ProtocolVersion::Tls10, VersionVerdict::Accepted),
            (ProtocolVersion::Tls11, VersionVerdict::Refused),
            (ProtocolVersion::Tls12, VersionVerdict::Accepted),
            (ProtocolVersion::Tls13, VersionVerdict::Accepted),
        ] {
            tls.version_checks.set(version, verdict);
        }
        tls.versions = tls.version_checks.accepted();
        tls
    }

    fn cert(sha256: &str) -> CertFacts {
        CertFacts {
            sha256: Some(sha256.into()),
            ..CertFacts::valid_for_test(90)
        }
    }

    fn probe(url: &str, tls: TlsFacts, cert: CertFacts) -> ProbeFacts {
        ProbeFacts {
            url: url.into(),
            tls: Some(Box::new(tls)),
            cert: Some(Box::new(cert)),
            ..ProbeFacts::default()
        }
    }

    /// Tonight's handshake, which found what last night's did.
    fn tonight() -> TlsFacts {
        let then = swept("2026-01-01");
        TlsFacts {
            version: then.version,
            cipher: then.cipher,
            key_exchange: then.key_exchange,
            ..TlsFacts::default()
        }
    }

    /// What the memory reads of a stored record holding `probes`.
    fn remembered(probes: &[ProbeFacts]) -> RememberedSweeps {
        let record = serde_json::json!({ "probes": probes, "findings": [] });
        RememberedSweeps::from(serde_json::from_value::<SweptProbes>(record).unwrap())
    }

    /// A weekly memory on `today` of a.example, swept on 2026-03-01.
    fn a_memory(today: &str) -> SweepMemory {
        let probes = [probe("https://a.example/", swept("2026-03-01"), cert("aa"))];
        SweepMemory::new(date(today), 7, remembered(&probes))
    }

    /// The URLs of `count` endpoints that are not asked again on `today`
    /// with a memory of `days`.
    fn carried_count(today: &str, days: u32, count: usize) -> usize {
        let urls: Vec<String> = (0..count)
            .map(|i| format!("https://s{i}.example/"))
            .collect();
        let probes: Vec<_> = urls
            .iter()
            .map(|url| probe(url, swept(today), cert("aa")))
            .collect();
        let memory = SweepMemory::new(date(today), days, remembered(&probes));
        urls.iter()
            .filter(|url| {
                memory
                    .carried(url, &tonight(), Some(&cert("aa")), TlsDepth::Quick)
                    .is_some()
            })
            .count()
    }

    #[test]
    fn one_endpoint_in_resweep_days_is_asked_each_night_and_each_within_the_period() {
        // 700 endpoints remembered from the same night: about 100 asked
        // again each night of a weekly memory, never none, never all.
        for today in ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-08"] {
            let asked = 700 - carried_count(today, 7, 700);
            assert!((50..=150).contains(&asked), "{today}: {asked} asked of 700");
        }
        // Every night, when told so.
        assert_eq!(carried_count("2026-03-02", 1, 50), 0);
        // One endpoint over a week: carried on six nights, asked on one.
        let memory_on = |today: &str| {
            let memory = a_memory(today);
            memory
                .carried(
                    "https://a.example/",
                    &tonight(),
                    Some(&cert("aa")),
                    TlsDepth::Quick,
                )
                .is_some()
        };
        let nights = [
            "2026-03-01",
            "2026-03-02",
            "2026-03-03",
            "2026-03-04",
            "2026-03-05",
            "2026-03-06",
            "2026-03-07",
        ];
        let carried = nights.iter().filter(|night| memory_on(night)).count();
        assert_eq!(carried, 6, "asked on exactly one night of the seven");
        // A week old or more, or from the future: asked.
        assert!(!memory_on("2026-03-08"));
        assert!(!memory_on("2026-02-28"));
    }

    #[test]
    fn a_changed_handshake_certificate_or_depth_is_asked_again() {
        // A day on which a.example is not asked by its own turn.
        let today = (1..=7)
            .map(|d| format!("2026-03-0{d}"))
            .find(|d| !a_memory(d).own_day("https://a.example/") && d.as_str() != "2026-03-01")
            .unwrap();
        let memory = a_memory(&today);
        let url = "https://a.example/";
        let carried = memory.carried(url, &tonight(), Some(&cert("aa")), TlsDepth::Quick);
        assert_eq!(
            carried.map(|t| t.versions.clone()),
            Some(swept("2026-03-01").versions)
        );

        let renewed = memory.carried(url, &tonight(), Some(&cert("bb")), TlsDepth::Quick);
        assert!(renewed.is_none(), "a new certificate");
        let mut other_suite = tonight();
        other_suite.cipher = "TLS13_AES_256_GCM_SHA384".into();
        assert!(
            memory
                .carried(url, &other_suite, Some(&cert("aa")), TlsDepth::Quick)
                .is_none()
        );
        let mut other_group = tonight();
        other_group.key_exchange = Some("secp256r1".into());
        assert!(
            memory
                .carried(url, &other_group, Some(&cert("aa")), TlsDepth::Quick)
                .is_none()
        );
        assert!(
            memory
                .carried(url, &tonight(), None, TlsDepth::Quick)
                .is_none()
        );
        assert!(
            memory
                .carried(url, &tonight(), Some(&cert("aa")), TlsDepth::Full)
                .is_none(),
            "a quick sweep does not stand for a full one"
        );
        assert!(
            memory
                .carried(
                    "https://b.example/",
                    &tonight(),
                    Some(&cert("aa")),
                    TlsDepth::Quick
                )
                .is_none()
        );
    }

    #[test]
    fn only_complete_dated_modern_sweeps_are_remembered_and_carrying_copies_the_answers() {
        let mut incomplete = swept("2026-03-01");
        incomplete.version_checks = Default::default();
        let mut legacy = swept("2026-03-01");
        legacy.legacy_only = true;
        let mut undated = swept("2026-03-01");
        undated.swept_on = None;
        let remembered = remembered(&[
            probe("https://a.example/", incomplete, cert("aa")),
            probe("https://b.example/", legacy, cert("aa")),
            probe("https://c.example/", undated, cert("aa")),
        ]);
        assert!(remembered.is_empty());

        let then = swept("2026-03-01");
        let mut now = tonight();
        carry_into(&then, &mut now);
        assert_eq!(now.versions, then.versions);
        assert_eq!(now.version_checks, then.version_checks);
        assert_eq!(now.accepts_legacy, Some(true));
        assert_eq!(
            now.swept_on, then.swept_on,
            "the date says how old they are"
        );
    }
}
