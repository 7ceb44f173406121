//! Which protocol versions a server accepts: one hand-built ClientHello per
//! version over its own TCP connection, the server's first flight read
//! back and the connection closed. No key exchange and no cryptography:
//! the ServerHello (or the alert) is the answer. rustls speaks only TLS 1.2
//! and 1.3, so this is also how a server that speaks nothing newer is
//! seen: TLS 1.2 and older send the certificate in clear in that flight.
//!
//! | file        | job                                                     |
//! |-------------|---------------------------------------------------------|
//! | `hello.rs`  | the ClientHello bytes for each version                  |
//! | `flight.rs` | reading and bounding the server's answer (tls-parser)   |
//! | `suites.rs` | `--tls-depth full`: every suite of a version, classed   |
//! | `mod.rs`    | the sweep: which versions to ask, at once, under limits |
//!
//! Then the suites, as deep as `--tls-depth` says. At full depth, every
//! suite of every accepted version (`suites.rs`). At quick depth, three
//! classes: whether a weak suite is accepted (3DES, RC4, DES, EXPORT,
//! anonymous, NULL), whether TLS 1.2 accepts a suite outside Mozilla's
//! intermediate list, and whether it accepts one with forward secrecy and
//! AEAD; each is a hello offering only that class.
//!
//! Cost at quick depth, for an endpoint a modern handshake reached: two
//! extra connections, asked at once. One hello names TLS 1.1 and offers
//! only weak suites: a server without legacy versions refuses it with
//! `protocol_version`; one with them either accepts (a weak suite) or
//! refuses the suites, and is then asked version by version. The other
//! names TLS 1.2 and offers every suite outside the intermediate list:
//! `protocol_version` says the server has no TLS 1.2; a refusal of the
//! suites says it has TLS 1.2 with none of them (so no weak one, and only
//! forward-secret AEAD ones); a ServerHello names one (then weak and
//! forward-secret AEAD suites are asked about at 1.2, one hello each).
//! Every extra connection costs a TCP handshake on both sides
//! (BENCHMARKS.md measures it). Each is bounded by the connect timeout for
//! the connection and again for the answer, and all by the probe's
//! deadline, so a dead or hostile server costs at most that. They run
//! inside the probe, so under its global and per-host permits; the extra
//! connections are the probe's own, as its plain-HTTP one is.

pub(crate) mod flight;
mod hello;
mod suites;

use std::borrow::Cow;
use std::net::SocketAddr;
use std::ops::RangeInclusive;
use std::time::Duration;

use rustls::crypto::SecureRandom;
use rustls::pki_types::CertificateDer;
use tokio::io::AsyncWriteExt;
use tokio::time::{Instant, timeout_at};

use super::TlsDepth;
use super::connect;
use super::facts::{AcceptedSuite, ProtocolVersion, TlsFacts, VersionChecks, VersionVerdict};
pub use flight::Refusal;
use flight::{Answer, KeyExchange};
pub use hello::{INTERMEDIATE_TLS12, OUTSIDE_INTERMEDIATE};

use ProtocolVersion::{Ssl3, Tls10, Tls11, Tls12, Tls13};

/// What the sweep learned.
#[derive(Debug, Default, Clone)]
pub struct Sweep {
    pub checks: VersionChecks,
    /// The newest version accepted, with the suite its flight chose.
    pub newest: Option<(ProtocolVersion, u16)>,
    /// The certificates sent in clear by the newest TLS 1.2-or-older flight
    /// accepted, leaf first.
    pub chain: Vec<CertificateDer<'static>>,
    /// The version of the flight `chain` came from.
    chain_from: Option<ProtocolVersion>,
    /// Each class of suites: the suite the server chose from a hello
    /// offering only that class (`Some(Some(code))`), none (`Some(None)`,
    /// also when the versions it is asked at are refused), or not known.
    /// Weak suites at SSL 3.0 to TLS 1.1, and at TLS 1.2.
    weak_legacy: Option<Option<u16>>,
    weak_tls12: Option<Option<u16>>,
    /// A TLS 1.2 suite outside Mozilla's intermediate list.
    outside_intermediate: Option<Option<u16>>,
    /// Whether TLS 1.2 accepts a suite with forward secrecy and AEAD.
    modern_tls12: Option<bool>,
    /// The smallest Diffie-Hellman prime a flight used, in bits.
    dh_bits: Option<u32>,
    /// `--tls-depth full`: every suite accepted, and whether every list
    /// ended on a refusal.
    pub suites: Option<(Vec<AcceptedSuite>, bool)>,
}

impl Sweep {
    /// Adds the verdicts to the facts of a modern handshake.
    pub fn record_into(&self, tls: &mut TlsFacts) {
        tls.versions = self.checks.accepted();
        tls.version_checks = self.checks;
        tls.accepts_legacy = self.checks.accepts_legacy();
        let weak = [self.weak_legacy, self.weak_tls12];
        tls.weak_suite = weak
            .iter()
            .flatten()
            .flatten()
            .next()
            .map(|c| suite_name(*c));
        tls.accepts_weak_suites = if tls.weak_suite.is_some() {
            Some(true)
        } else {
            weak.iter().all(Option::is_some).then_some(false)
        };
        if self.checks.get(Tls12) == Some(VersionVerdict::Accepted) {
            tls.tls12_forward_secrecy_aead = self.modern_tls12;
        }
        tls.dh_bits = self.dh_bits;
        if let Some((suites, complete)) = &self.suites {
            tls.suites = Some(suites.clone());
            tls.suites_complete = Some(*complete);
        }
    }

    /// The TLS facts of a server no modern handshake reached, from the
    /// newest first flight it accepted; `None` when it accepted none.
    pub fn legacy_facts(&self) -> Option<TlsFacts> {
        let (version, cipher) = self.newest?;
        let mut tls = TlsFacts {
            version: Cow::Borrowed(version.as_str()),
            cipher: suite_name(cipher),
            legacy_only: true,
            ..TlsFacts::default()
        };
        self.record_into(&mut tls);
        Some(tls)
    }

    /// Mozilla's profile verdict on these facts (`tls`, which
    /// [`Sweep::record_into`] filled) and the certificate's.
    pub fn profile(
        &self,
        tls: &TlsFacts,
        cert: Option<&super::facts::CertFacts>,
    ) -> Option<super::facts::MozillaVerdict> {
        let evidence = super::tls_profile::SuiteEvidence {
            outside_intermediate: self.outside_intermediate,
            weak: [self.weak_legacy, self.weak_tls12]
                .into_iter()
                .flatten()
                .flatten()
                .collect(),
        };
        super::tls_profile::judge(tls, cert, &evidence)
    }

    /// Whether every question had its answer, so that a retry need not
    /// ask again.
    pub fn settled(&self) -> bool {
        self.checks.complete()
            && match &self.suites {
                Some((_, complete)) => *complete,
                None => {
                    self.weak_legacy.is_some()
                        && self.weak_tls12.is_some()
                        && self.outside_intermediate.is_some()
                        && (self.checks.get(Tls12) != Some(VersionVerdict::Accepted)
                            || self.modern_tls12.is_some())
                }
            }
    }
}

/// What a modern (rustls) handshake already showed: the version it
/// negotiated was accepted, and a server that chose 1.2 when 1.3 was
/// offered does not accept 1.3.
pub fn known_from(negotiated: ProtocolVersion) -> Vec<(ProtocolVersion, VersionVerdict)> {
    match negotiated {
        Tls12 => vec![
            (Tls12, VersionVerdict::Accepted),
            (Tls13, VersionVerdict::Refused),
        ],
        other => vec![(other, VersionVerdict::Accepted)],
    }
}

/// The server a sweep asks, and the limits of each question.
#[derive(Clone, Copy)]
pub struct Peer<'a> {
    pub address: SocketAddr,
    /// The name sent as SNI (unless it is an address).
    pub host: &'a str,
    pub random: &'a dyn SecureRandom,
    /// Bounds the connection, and again the wait for the answer.
    pub connect_limit: Duration,
    /// The probe's deadline: bounds everything.
    pub deadline: Instant,
}

/// A class of suites a quick sweep asks about, one hello each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Weak,
    OutsideIntermediate,
    ModernTls12,
}

impl Class {
    fn suites(self) -> &'static [u16] {
        match self {
            Class::Weak => hello::WEAK_SUITES,
            Class::OutsideIntermediate => hello::OUTSIDE_INTERMEDIATE,
            Class::ModernTls12 => hello::INTERMEDIATE_TLS12,
        }
    }
}

/// Asks `peer` which versions it accepts (those not in `known`, which a
/// modern handshake showed), then about the suites as deep as `depth`
/// says.
///
/// Each version gets its own ClientHello, as sslyze asks, except at quick
/// depth once a modern handshake has stood: then the first round is two
/// hellos that each ask about a version and a class of suites at once (see
/// the module's documentation), and the versions they leave open are
/// asked one by one after.
pub async fn sweep(
    peer: Peer<'_>,
    known: &[(ProtocolVersion, VersionVerdict)],
    depth: TlsDepth,
) -> Sweep {
    let mut sweep = Sweep::default();
    for (version, verdict) in known {
        sweep.checks.set(*version, *verdict);
    }
    // rustls offers TLS 1.2 only with forward-secret AEAD suites.
    if known.contains(&(Tls12, VersionVerdict::Accepted)) {
        sweep.modern_tls12 = Some(true);
    }
    if depth == TlsDepth::Quick && !known.is_empty() {
        sweep.quick_first_round(&peer).await;
    }
    sweep.ask_unknown_versions(&peer).await;
    match depth {
        TlsDepth::Quick => sweep.ask_suite_classes(&peer).await,
        TlsDepth::Full => {
            let (suites, complete) = all_suites(&sweep.checks, &peer).await;
            sweep.take_suites(suites, complete);
        }
    }
    sweep
}

impl Sweep {
    fn unknown(&self, version: ProtocolVersion) -> bool {
        self.checks.get(version).is_none()
    }

    /// Sets a version's verdict unless it has one.
    fn settle(&mut self, version: ProtocolVersion, verdict: VersionVerdict) {
        if self.unknown(version) {
            self.checks.set(version, verdict);
        }
    }

    /// The two hellos of a quick sweep's first round: the legacy versions
    /// with weak suites only, and TLS 1.2 with the suites outside the
    /// intermediate profile.
    async fn quick_first_round(&mut self, peer: &Peer<'_>) {
        let legacy = [Tls11, Tls10, Ssl3];
        let ask_legacy = legacy.iter().all(|v| self.unknown(*v));
        let ask_tls12 = self.checks.get(Tls12) != Some(VersionVerdict::Refused);
        let legacy_question = async {
            match ask_legacy {
                true => Some(ask(peer, Ssl3..=Tls11, Some(hello::WEAK_SUITES)).await),
                false => None,
            }
        };
        let tls12_question = async {
            match ask_tls12 {
                true => Some(ask(peer, Tls12..=Tls12, Some(hello::OUTSIDE_INTERMEDIATE)).await),
                false => None,
            }
        };
        let (legacy_answer, tls12_answer) =
            futures_util::future::join(Box::pin(legacy_question), Box::pin(tls12_question)).await;
        if let Some(answer) = legacy_answer {
            match answer {
                Some(Answer::Refused(refusal)) if refusal.of_the_version() => {
                    legacy
                        .iter()
                        .for_each(|v| self.settle(*v, VersionVerdict::Refused));
                    self.weak_legacy = Some(None);
                }
                // A legacy version is accepted, but which one is asked
                // one by one; it has no weak suite.
                Some(Answer::Refused(refusal)) if refusal.of_the_suites() => {
                    self.weak_legacy = Some(None);
                }
                Some(Answer::Refused(_)) => {}
                answer => {
                    let weak = self.take_class(Class::Weak, Ssl3..=Tls11, answer);
                    if weak.is_some() {
                        self.weak_legacy = weak;
                    }
                }
            }
        }
        if let Some(answer) = tls12_answer {
            match answer {
                Some(Answer::Refused(refusal)) if refusal.of_the_version() => {
                    self.settle(Tls12, VersionVerdict::Refused);
                }
                // TLS 1.2 is accepted with the intermediate suites only:
                // no weak suite, and forward-secret AEAD ones.
                Some(Answer::Refused(refusal)) if refusal.of_the_suites() => {
                    self.settle(Tls12, VersionVerdict::Accepted);
                    self.outside_intermediate = Some(None);
                    self.weak_tls12 = Some(None);
                    self.modern_tls12 = Some(true);
                }
                Some(Answer::Refused(_)) => {}
                answer => {
                    self.outside_intermediate =
                        self.take_class(Class::OutsideIntermediate, Tls12..=Tls12, answer);
                    if let Some(Some(code)) = self.outside_intermediate
                        && suites::classed(Tls12, code, None).weak
                    {
                        self.weak_tls12 = Some(Some(code));
                    }
                }
            }
        }
    }

    /// What the answer to a hello offering one class of suites at
    /// `versions` says: a version and a suite of that class accepted, or
    /// no verdict (`None`) for either. Refusals are read by the caller.
    fn take_class(
        &mut self,
        class: Class,
        versions: RangeInclusive<ProtocolVersion>,
        answer: Option<Answer>,
    ) -> Option<Option<u16>> {
        let cipher = match &answer {
            Some(Answer::Accepted { cipher, .. }) => *cipher,
            Some(Answer::Refused(_)) => return Some(None),
            Some(Answer::Unreadable(_)) | None => {
                let verdict = match answer {
                    None => VersionVerdict::NoAnswer,
                    _ => VersionVerdict::Unreadable,
                };
                // Only a version the whole question is about.
                if versions.start() == versions.end() {
                    self.settle(*versions.start(), verdict);
                }
                return None;
            }
        };
        self.record(&versions, answer);
        // A suite not offered: a server not worth believing on this.
        class.suites().contains(&cipher).then_some(Some(cipher))
    }

    /// Every version without a verdict, each with its own hello, at once;
    /// again for those below a version a range was answered with.
    async fn ask_unknown_versions(&mut self, peer: &Peer<'_>) {
        let questions: Vec<ProtocolVersion> = ProtocolVersion::ALL
            .iter()
            .rev()
            .copied()
            .filter(|v| self.unknown(*v))
            .collect();
        let asked = questions.iter().map(|v| Box::pin(ask(peer, *v..=*v, None)));
        let answers = futures_util::future::join_all(asked).await;
        for (version, answer) in questions.into_iter().zip(answers) {
            self.record(&(version..=version), answer);
        }
    }

    /// The quick sweep's classes still without an answer, at the versions
    /// accepted, one hello each, at once.
    async fn ask_suite_classes(&mut self, peer: &Peer<'_>) {
        let newest_legacy = self
            .checks
            .accepted()
            .into_iter()
            .rev()
            .find(|v| v.is_legacy());
        let legacy = [Ssl3, Tls10, Tls11];
        if newest_legacy.is_none() && legacy.iter().all(|v| self.refused(*v)) {
            self.weak_legacy = Some(None);
        }
        let tls12 = self.checks.get(Tls12);
        if tls12 == Some(VersionVerdict::Refused) {
            self.weak_tls12 = Some(None);
            self.outside_intermediate = Some(None);
        }
        let mut questions: Vec<(Class, ProtocolVersion)> = Vec::new();
        if let (None, Some(version)) = (self.weak_legacy, newest_legacy) {
            questions.push((Class::Weak, version));
        }
        if tls12 == Some(VersionVerdict::Accepted) {
            if self.outside_intermediate.is_none() {
                questions.push((Class::OutsideIntermediate, Tls12));
            }
            if self.weak_tls12.is_none() {
                questions.push((Class::Weak, Tls12));
            }
            if self.modern_tls12.is_none() {
                questions.push((Class::ModernTls12, Tls12));
            }
        }
        let asked = questions
            .iter()
            .map(|(class, v)| Box::pin(ask(peer, *v..=*v, Some(class.suites()))));
        let answers = futures_util::future::join_all(asked).await;
        for ((class, version), answer) in questions.into_iter().zip(answers) {
            // The version is known accepted: any refusal is of the suites.
            let verdict = self.take_class(class, version..=version, answer);
            match (class, version) {
                (Class::Weak, Tls12) => self.weak_tls12 = verdict,
                (Class::Weak, _) => self.weak_legacy = verdict,
                (Class::OutsideIntermediate, _) => self.outside_intermediate = verdict,
                (Class::ModernTls12, _) => self.modern_tls12 = verdict.map(|s| s.is_some()),
            }
        }
    }

    fn refused(&self, version: ProtocolVersion) -> bool {
        self.checks.get(version) == Some(VersionVerdict::Refused)
    }

    /// The classes, read off the full list of suites.
    fn take_suites(&mut self, suites: Vec<FoundSuite>, complete: bool) {
        // The first suite found that `is`, none once the lists are whole.
        let first = |is: &dyn Fn(&FoundSuite) -> bool| -> Option<Option<u16>> {
            match suites.iter().find(|s| is(s)) {
                Some(found) => Some(Some(found.code)),
                None => complete.then_some(None),
            }
        };
        let tls12 = |s: &FoundSuite| s.suite.version == Tls12;
        self.weak_tls12 = first(&|s| tls12(s) && s.suite.weak);
        self.weak_legacy = first(&|s| s.suite.version.is_legacy() && s.suite.weak);
        self.outside_intermediate =
            first(&|s| tls12(s) && !hello::INTERMEDIATE_TLS12.contains(&s.code));
        let modern = first(&|s| tls12(s) && s.suite.forward_secrecy && s.suite.aead)
            .map(|found| found.is_some());
        // What the modern handshake proved stays, however short the list.
        if self.modern_tls12 != Some(true) {
            self.modern_tls12 = modern;
        }
        for found in &suites {
            self.saw(found.key_exchange);
        }
        self.suites = Some((suites.into_iter().map(|s| s.suite).collect(), complete));
    }

    /// Keeps the smallest Diffie-Hellman prime seen.
    fn saw(&mut self, exchange: Option<KeyExchange>) {
        if let Some(KeyExchange::Dh { bits }) = exchange {
            self.dh_bits = Some(self.dh_bits.map_or(bits, |seen| seen.min(bits)));
        }
    }

    /// What one answer says of the versions its question named: the one
    /// chosen accepted, the newer ones refused (the server would have
    /// chosen them), the older ones not known yet.
    fn record(&mut self, versions: &RangeInclusive<ProtocolVersion>, answer: Option<Answer>) {
        let named = ProtocolVersion::ALL
            .iter()
            .copied()
            .filter(|v| versions.contains(v));
        let (chosen, otherwise) = match answer {
            None => (None, VersionVerdict::NoAnswer),
            Some(Answer::Unreadable(_)) => (None, VersionVerdict::Unreadable),
            Some(Answer::Refused(_)) => (None, VersionVerdict::Refused),
            Some(Answer::Accepted {
                version,
                cipher,
                chain,
                key_exchange,
            }) => {
                self.saw(key_exchange);
                if self.newest.is_none_or(|(newest, _)| version > newest) {
                    self.newest = Some((version, cipher));
                }
                if !chain.is_empty() && self.chain_from.is_none_or(|from| version > from) {
                    self.chain = chain.into_iter().map(CertificateDer::from).collect();
                    self.chain_from = Some(version);
                }
                (Some(version), VersionVerdict::Refused)
            }
        };
        for version in named {
            match chosen {
                Some(chosen) if version == chosen => {
                    self.checks.set(version, VersionVerdict::Accepted);
                }
                Some(chosen) if version < chosen => {}
                _ => self.settle(version, otherwise),
            }
        }
    }
}

/// A suite found at full depth: its code, as the record keeps it, and
/// the key exchange its flight showed.
struct FoundSuite {
    code: u16,
    suite: AcceptedSuite,
    key_exchange: Option<KeyExchange>,
}

/// Every suite of every accepted version, the versions at once.
async fn all_suites(checks: &VersionChecks, peer: &Peer<'_>) -> (Vec<FoundSuite>, bool) {
    let accepted = checks.accepted();
    let lists = accepted
        .iter()
        .map(|version| Box::pin(suites::enumerate(peer, *version)));
    let lists = futures_util::future::join_all(lists).await;
    let mut complete = checks.complete();
    let mut suites = Vec::new();
    for (version, (found, whole)) in accepted.iter().zip(lists) {
        complete &= whole;
        suites.extend(found.into_iter().map(|(code, key_exchange)| FoundSuite {
            code,
            suite: suites::classed(*version, code, key_exchange),
            key_exchange,
        }));
    }
    (suites, complete)
}

/// One ClientHello naming the newest of `versions` (and offering
/// `suites`, else that version's usual ones) and the server's answer;
/// `None` when there was no connection or no answer in time.
async fn ask(
    peer: &Peer<'_>,
    versions: RangeInclusive<ProtocolVersion>,
    suites: Option<&[u16]>,
) -> Option<Answer> {
    let mut random = [0u8; 64];
    // Without randomness the hello still works; it is only less unique.
    let _ = peer.random.fill(&mut random);
    let hello = hello::client_hello(*versions.end(), peer.host, &random, suites);
    let exchange = async {
        let mut stream = connect(peer.address, peer.connect_limit).await.ok()?;
        if stream.write_all(&hello).await.is_err() {
            return Some(Answer::Refused(Refusal::Closed));
        }
        let until = (Instant::now() + peer.connect_limit).min(peer.deadline);
        let answer = flight::read_answer(&mut stream, versions, until).await;
        // Hang up with a reset: the answer is all the hello was for, and
        // neither side then keeps the connection in TIME_WAIT.
        let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
        answer
    };
    timeout_at(peer.deadline, exchange).await.ok().flatten()
}

/// The IANA name of a cipher suite code, as rustls spells it.
pub fn suite_name(code: u16) -> Cow<'static, str> {
    match rustls::CipherSuite::from(code).as_str() {
        Some(name) => Cow::Borrowed(name),
        None => match tls_parser::TlsCipherSuiteID(code).get_ciphersuite() {
            Some(suite) => Cow::Borrowed(suite.name),
            None => Cow::Owned(format!("0x{code:04X}")),
        },
    }
}
