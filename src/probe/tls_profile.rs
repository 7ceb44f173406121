//! Which of Mozilla's server-side TLS profiles (guidelines 5.7: modern,
//! intermediate, old) an endpoint's configuration satisfies, and what
//! keeps it from the next one up: the check `sslyze --mozilla_config`
//! makes, from the facts the probe gathered.
//!
//! What is judged: the protocol versions; the cipher suites (every one at
//! full depth; at quick depth, whether TLS 1.2 accepts one outside the
//! intermediate list, and the weak suite found); the leaf certificate's
//! key type and size, signature and lifespan; the Diffie-Hellman prime.
//!
//! Decided where the guidelines leave room, and why:
//! - Signatures with SHA-384 and SHA-512 (RSA, RSA-PSS, ECDSA) pass where
//!   the guidelines list SHA-256: they are not weaker.
//! - `old` accepts an ECDSA certificate as well as RSA: the profile names
//!   RSA for the oldest clients, but an ECDSA certificate is no weakness.
//! - The key-exchange groups offered are not judged: the probe learns the
//!   one negotiated, not every group a server accepts, and the group a
//!   modern client gets (X25519, or X25519MLKEM768) is stronger than the
//!   profile's list, not weaker.
//! - At quick depth, TLS 1.3 suites other than the one negotiated are not
//!   asked (the CCM ones outside the profiles are only ever enabled on
//!   purpose), and the Diffie-Hellman prime is known only when a first
//!   flight chose a DHE suite; a requirement the facts cannot settle is
//!   listed in `unchecked`, never counted as met or failed.

use super::facts::{
    CertFacts, MozillaProfile, MozillaVerdict, ProfileCriterion, ProfileGap, ProtocolVersion,
    TlsFacts,
};
use super::tls_scan::suite_name;
use ProfileCriterion as C;

/// The TLS 1.3 suites every profile allows.
const TLS13_SUITES: &[u16] = &[0x1301, 0x1302, 0x1303];

/// TLS 1.0 to 1.2 suites of the `old` profile: intermediate's, then CBC
/// with ECDHE and DHE, static RSA, and 3DES.
#[rustfmt::skip]
const OLD_SUITES: &[u16] = &[
    0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0x009e, 0x009f, 0xccaa,
    0xc023, 0xc027, 0xc009, 0xc013, 0xc024, 0xc028, 0xc00a, 0xc014,
    0x0067, 0x006b, 0x009c, 0x009d, 0x003c, 0x003d, 0x002f, 0x0035, 0x000a,
];

/// Signatures allowed on the leaf: ECDSA only for `modern`.
const ECDSA_SIGNATURES: &[&str] = &[
    "ecdsa-with-SHA256",
    "ecdsa-with-SHA384",
    "ecdsa-with-SHA512",
];
const SHA2_SIGNATURES: &[&str] = &[
    "sha256WithRSAEncryption",
    "sha384WithRSAEncryption",
    "sha512WithRSAEncryption",
    "rsassaPss",
    "ecdsa-with-SHA256",
    "ecdsa-with-SHA384",
    "ecdsa-with-SHA512",
];

/// What one profile asks.
struct Profile {
    name: MozillaProfile,
    versions: &'static [ProtocolVersion],
    /// TLS 1.0-1.2 suites allowed (TLS 1.3's are [`TLS13_SUITES`]).
    suites: SuiteList,
    ecdsa_only: bool,
    signatures: &'static [&'static str],
    /// The smallest DH prime allowed, when DHE suites are.
    min_dh_bits: u32,
    max_lifetime_days: i64,
}

#[derive(Clone, Copy, PartialEq)]
enum SuiteList {
    None,
    Intermediate,
    Old,
}

impl SuiteList {
    fn allows(self, code: u16) -> bool {
        match self {
            SuiteList::None => false,
            SuiteList::Intermediate => super::tls_scan::INTERMEDIATE_TLS12.contains(&code),
            SuiteList::Old => OLD_SUITES.contains(&code),
        }
    }
}

/// Best first.
const PROFILES: [Profile; 3] = [
    Profile {
        name: MozillaProfile::Modern,
        versions: &[ProtocolVersion::Tls13],
        suites: SuiteList::None,
        ecdsa_only: true,
        signatures: ECDSA_SIGNATURES,
        min_dh_bits: u32::MAX,
        max_lifetime_days: 90,
    },
    Profile {
        name: MozillaProfile::Intermediate,
        versions: &[ProtocolVersion::Tls12, ProtocolVersion::Tls13],
        suites: SuiteList::Intermediate,
        ecdsa_only: false,
        signatures: SHA2_SIGNATURES,
        min_dh_bits: 2048,
        max_lifetime_days: 366,
    },
    Profile {
        name: MozillaProfile::Old,
        versions: &[
            ProtocolVersion::Tls10,
            ProtocolVersion::Tls11,
            ProtocolVersion::Tls12,
            ProtocolVersion::Tls13,
        ],
        suites: SuiteList::Old,
        ecdsa_only: false,
        signatures: SHA2_SIGNATURES,
        min_dh_bits: 1024,
        max_lifetime_days: 366,
    },
];

/// What a quick sweep learned of the suites beyond the facts: the TLS 1.2
/// suite a server chose from an offer of every one outside the
/// intermediate list (`Some(None)`: it accepts none).
pub struct SuiteEvidence {
    pub outside_intermediate: Option<Option<u16>>,
    /// The weak suites chosen from offers of weak suites only (at TLS 1.2,
    /// and at the newest legacy version).
    pub weak: Vec<u16>,
}

/// How one profile fares.
#[derive(Default)]
struct Fit {
    gaps: Vec<ProfileGap>,
    unchecked: Vec<ProfileCriterion>,
}

impl Fit {
    /// Notes a gap once (a suite accepted at three versions is one gap).
    fn gap(&mut self, criterion: ProfileCriterion, found: impl Into<String>) {
        let gap = ProfileGap {
            criterion,
            found: found.into(),
        };
        if !self.gaps.contains(&gap) {
            self.gaps.push(gap);
        }
    }

    fn unchecked(&mut self, criterion: ProfileCriterion) {
        if !self.unchecked.contains(&criterion) {
            self.unchecked.push(criterion);
        }
    }
}

/// The profile above `profile`, the one its gaps keep it from.
pub fn next_up(profile: MozillaProfile) -> Option<MozillaProfile> {
    match profile {
        MozillaProfile::Modern => None,
        MozillaProfile::Intermediate => Some(MozillaProfile::Modern),
        MozillaProfile::Old => Some(MozillaProfile::Intermediate),
        MozillaProfile::Unfit => Some(MozillaProfile::Old),
    }
}

/// The verdict, or `None` when the versions accepted are not all known
/// (a version had no answer or an unreadable one) or no certificate was
/// read: a profile is about both.
pub fn judge(
    tls: &TlsFacts,
    cert: Option<&CertFacts>,
    evidence: &SuiteEvidence,
) -> Option<MozillaVerdict> {
    let unreadable = ProtocolVersion::ALL
        .iter()
        .any(|v| tls.version_checks.get(*v) == Some(super::facts::VersionVerdict::Unreadable));
    if !tls.version_checks.complete() || unreadable {
        return None;
    }
    let cert = cert?;
    let fits: Vec<Fit> = PROFILES
        .iter()
        .map(|profile| fit(profile, tls, cert, evidence))
        .collect();
    let met = fits.iter().position(|f| f.gaps.is_empty());
    let (profile, unchecked, gaps) = match met {
        Some(0) => (MozillaProfile::Modern, &fits[0].unchecked, Vec::new()),
        Some(index) => (
            PROFILES[index].name,
            &fits[index].unchecked,
            fits[index - 1].gaps.clone(),
        ),
        None => (MozillaProfile::Unfit, &Vec::new(), fits[2].gaps.clone()),
    };
    Some(MozillaVerdict {
        profile,
        gaps,
        unchecked: unchecked.clone(),
    })
}

fn fit(profile: &Profile, tls: &TlsFacts, cert: &CertFacts, evidence: &SuiteEvidence) -> Fit {
    let mut fit = Fit::default();
    for version in &tls.versions {
        if !profile.versions.contains(version) {
            fit.gap(C::Version, version.as_str());
        }
    }
    suites(profile, tls, evidence, &mut fit);
    certificate(profile, cert, &mut fit);
    let dhe_possible = tls.versions.iter().any(|v| *v < ProtocolVersion::Tls13);
    match (tls.dh_bits, &tls.suites) {
        (Some(bits), _) if bits < profile.min_dh_bits && profile.suites != SuiteList::None => {
            fit.gap(C::DhSize, bits.to_string());
        }
        (Some(_), _) => {}
        // Every suite is known: no DHE one was accepted.
        (None, Some(_)) => {}
        (None, None) if dhe_possible && profile.suites != SuiteList::None => {
            fit.unchecked(C::DhSize);
        }
        (None, None) => {}
    }
    fit
}

/// The suites accepted against the profile's lists.
fn suites(profile: &Profile, tls: &TlsFacts, evidence: &SuiteEvidence, fit: &mut Fit) {
    let allowed_name = |version: ProtocolVersion, name: &str| {
        let list: Vec<u16> = match version {
            ProtocolVersion::Tls13 => TLS13_SUITES.to_vec(),
            _ => all_codes()
                .filter(|code| profile.suites.allows(*code))
                .collect(),
        };
        list.iter().any(|code| suite_name(*code) == name)
    };
    if let Some(suites) = &tls.suites {
        for suite in suites {
            // A version the profile refuses is a gap already.
            if profile.versions.contains(&suite.version)
                && !allowed_name(suite.version, &suite.name)
            {
                fit.gap(C::Suite, suite.name.as_ref());
            }
        }
        if tls.suites_complete == Some(false) {
            fit.unchecked(C::Suite);
        }
        return;
    }
    // Quick depth: the suite negotiated, the weak one, and whether TLS 1.2
    // accepts one outside the intermediate list.
    if tls.version == "1.3" && !allowed_name(ProtocolVersion::Tls13, &tls.cipher) {
        fit.gap(C::Suite, tls.cipher.as_ref());
    }
    if profile.suites == SuiteList::None {
        // TLS 1.2 and older are gaps of the version already.
        return;
    }
    for code in &evidence.weak {
        if !profile.suites.allows(*code) {
            fit.gap(C::Suite, suite_name(*code));
        }
    }
    let older = tls.versions.iter().any(|v| *v < ProtocolVersion::Tls13);
    match evidence.outside_intermediate {
        Some(Some(code)) if !profile.suites.allows(code) => fit.gap(C::Suite, suite_name(code)),
        // Outside intermediate but allowed here (`old`): other suites
        // outside this list may still be accepted.
        Some(Some(_)) => fit.unchecked(C::Suite),
        // Only intermediate suites at TLS 1.2; the legacy versions' own
        // are not asked at quick depth.
        Some(None) if tls.versions.iter().any(|v| v.is_legacy()) => fit.unchecked(C::Suite),
        Some(None) => {}
        None if older => fit.unchecked(C::Suite),
        None => {}
    }
}

/// Every suite code the probe knows how to offer.
fn all_codes() -> impl Iterator<Item = u16> {
    super::tls_scan::INTERMEDIATE_TLS12
        .iter()
        .chain(super::tls_scan::OUTSIDE_INTERMEDIATE)
        .copied()
}

fn certificate(profile: &Profile, cert: &CertFacts, fit: &mut Fit) {
    let kind = cert.key_type.as_deref();
    match (kind, cert.key_bits) {
        (Some("ec"), Some(256 | 384)) => {}
        (Some("ec"), Some(bits)) => fit.gap(C::KeySize, format!("ec {bits}")),
        (Some("rsa"), _) if profile.ecdsa_only => fit.gap(C::CertificateType, "rsa"),
        (Some("rsa"), Some(bits)) if bits >= 2048 => {}
        (Some("rsa"), Some(bits)) => fit.gap(C::KeySize, format!("rsa {bits}")),
        (Some(other), _) => fit.gap(C::CertificateType, other),
        (None, _) => fit.unchecked(C::CertificateType),
    }
    match cert.signature_algorithm.as_deref() {
        Some(signature) if profile.signatures.contains(&signature) => {}
        Some(signature) => fit.gap(C::Signature, signature),
        None => fit.unchecked(C::Signature),
    }
    if let Some(days) = cert.lifetime_days
        && days > profile.max_lifetime_days
    {
        fit.gap(C::CertificateLifespan, days.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::facts::{AcceptedSuite, VersionChecks, VersionVerdict};
    use std::borrow::Cow;

    fn tls(versions: &[ProtocolVersion]) -> TlsFacts {
        let mut checks = VersionChecks::default();
        for version in ProtocolVersion::ALL {
            let verdict = if versions.contains(version) {
                VersionVerdict::Accepted
            } else {
                VersionVerdict::Refused
            };
            checks.set(*version, verdict);
        }
        TlsFacts {
            version: Cow::Borrowed("1.3"),
            cipher: Cow::Borrowed("TLS13_AES_128_GCM_SHA256"),
            versions: checks.accepted(),
            version_checks: checks,
            ..TlsFacts::default()
        }
    }

    fn cert(kind: &'static str, bits: u32, signature: &'static str, days: i64) -> CertFacts {
        CertFacts {
            chain_length: 2,
            key_type: Some(Cow::Borrowed(kind)),
            key_bits: Some(bits),
            signature_algorithm: Some(Cow::Borrowed(signature)),
            lifetime_days: Some(days),
            ..CertFacts::valid_for_test(days)
        }
    }

    const NONE_OUTSIDE: SuiteEvidence = SuiteEvidence {
        outside_intermediate: Some(None),
        weak: Vec::new(),
    };

    fn gaps(verdict: &MozillaVerdict) -> Vec<(ProfileCriterion, &str)> {
        verdict
            .gaps
            .iter()
            .map(|g| (g.criterion, g.found.as_str()))
            .collect()
    }

    use ProtocolVersion::{Ssl3, Tls10, Tls11, Tls12, Tls13};

    #[test]
    fn tls13_alone_with_an_ecdsa_leaf_is_modern() {
        let ecdsa = cert("ec", 256, "ecdsa-with-SHA256", 90);
        let verdict = judge(&tls(&[Tls13]), Some(&ecdsa), &NONE_OUTSIDE).unwrap();
        assert_eq!(verdict.profile, MozillaProfile::Modern);
        assert!(verdict.gaps.is_empty() && verdict.unchecked.is_empty());
    }

    #[test]
    fn tls12_with_intermediate_suites_is_intermediate_and_says_why_not_modern() {
        let rsa = cert("rsa", 2048, "sha256WithRSAEncryption", 365);
        let verdict = judge(&tls(&[Tls12, Tls13]), Some(&rsa), &NONE_OUTSIDE).unwrap();
        assert_eq!(verdict.profile, MozillaProfile::Intermediate);
        assert_eq!(
            gaps(&verdict),
            [
                (C::Version, "1.2"),
                (C::CertificateType, "rsa"),
                (C::Signature, "sha256WithRSAEncryption"),
                (C::CertificateLifespan, "365"),
            ]
        );
        // At quick depth nobody asked for a DHE suite's prime.
        assert_eq!(verdict.unchecked, [C::DhSize]);
    }

    #[test]
    fn cbc_at_tls12_and_tls10_is_old_and_a_cbc_suite_keeps_it_from_intermediate() {
        let rsa = cert("rsa", 2048, "sha256WithRSAEncryption", 365);
        let mut facts = tls(&[Tls10, Tls12, Tls13]);
        facts.suites = Some(
            [
                (Tls10, 0x002f),
                (Tls12, 0xc02f),
                (Tls12, 0x002f),
                (Tls13, 0x1301),
            ]
            .iter()
            .map(|(version, code)| AcceptedSuite {
                version: *version,
                name: suite_name(*code),
                forward_secrecy: false,
                aead: false,
                weak: false,
                group: None,
                dh_bits: None,
            })
            .collect(),
        );
        facts.suites_complete = Some(true);
        let verdict = judge(&facts, Some(&rsa), &NONE_OUTSIDE).unwrap();
        assert_eq!(verdict.profile, MozillaProfile::Old);
        assert_eq!(
            gaps(&verdict),
            [
                (C::Version, "1.0"),
                (C::Suite, "TLS_RSA_WITH_AES_128_CBC_SHA"),
            ]
        );
        assert!(verdict.unchecked.is_empty());
    }

    #[test]
    fn ssl3_a_small_key_or_a_sha1_signature_meet_no_profile() {
        let rsa = cert("rsa", 2048, "sha256WithRSAEncryption", 365);
        let verdict = judge(&tls(&[Ssl3, Tls12]), Some(&rsa), &NONE_OUTSIDE).unwrap();
        assert_eq!(verdict.profile, MozillaProfile::Unfit);
        assert_eq!(gaps(&verdict), [(C::Version, "ssl3")]);
        let small = cert("rsa", 1024, "sha1WithRSAEncryption", 365);
        let verdict = judge(&tls(&[Tls12]), Some(&small), &NONE_OUTSIDE).unwrap();
        assert_eq!(verdict.profile, MozillaProfile::Unfit);
        assert_eq!(
            gaps(&verdict),
            [
                (C::KeySize, "rsa 1024"),
                (C::Signature, "sha1WithRSAEncryption")
            ]
        );
    }

    #[test]
    fn quick_evidence_of_a_cbc_suite_or_a_small_prime_is_a_gap() {
        let rsa = cert("rsa", 2048, "sha256WithRSAEncryption", 200);
        let cbc = SuiteEvidence {
            outside_intermediate: Some(Some(0xc013)),
            weak: Vec::new(),
        };
        let verdict = judge(&tls(&[Tls11, Tls12]), Some(&rsa), &cbc).unwrap();
        assert_eq!(verdict.profile, MozillaProfile::Old);
        assert_eq!(
            gaps(&verdict),
            [
                (C::Version, "1.1"),
                (C::Suite, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA")
            ]
        );
        assert_eq!(verdict.unchecked, [C::Suite, C::DhSize]);
        let mut small_prime = tls(&[Tls12]);
        small_prime.dh_bits = Some(1024);
        let verdict = judge(&small_prime, Some(&rsa), &NONE_OUTSIDE).unwrap();
        assert_eq!(verdict.profile, MozillaProfile::Old);
        assert_eq!(gaps(&verdict), [(C::DhSize, "1024")]);
    }

    #[test]
    fn no_verdict_while_a_version_is_unknown_or_without_a_certificate() {
        let rsa = cert("rsa", 2048, "sha256WithRSAEncryption", 365);
        for verdict in [VersionVerdict::NoAnswer, VersionVerdict::Unreadable] {
            let mut facts = tls(&[Tls12]);
            facts.version_checks.tls1_0 = Some(verdict);
            assert!(judge(&facts, Some(&rsa), &NONE_OUTSIDE).is_none());
        }
        assert!(judge(&tls(&[Tls13]), None, &NONE_OUTSIDE).is_none());
    }

    /// Each weak suite found at quick depth is judged: 3DES is in `old`,
    /// RC4 in no profile.
    #[test]
    fn every_weak_suite_found_counts() {
        let rsa = cert("rsa", 2048, "sha256WithRSAEncryption", 200);
        let three_des = SuiteEvidence {
            outside_intermediate: Some(Some(0x000a)),
            weak: vec![0x000a],
        };
        let verdict = judge(&tls(&[Tls10, Tls12]), Some(&rsa), &three_des).unwrap();
        assert_eq!(verdict.profile, MozillaProfile::Old);
        let rc4_too = SuiteEvidence {
            outside_intermediate: Some(Some(0x000a)),
            weak: vec![0x000a, 0x0005],
        };
        let verdict = judge(&tls(&[Tls10, Tls12]), Some(&rsa), &rc4_too).unwrap();
        assert_eq!(verdict.profile, MozillaProfile::Unfit);
        assert_eq!(gaps(&verdict), [(C::Suite, "TLS_RSA_WITH_RC4_128_SHA")]);
    }
}
