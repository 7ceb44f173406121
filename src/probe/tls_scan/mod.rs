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
//! Then, at quick depth, one more hello offering only the weak suites
//! (3DES, RC4, DES, EXPORT, anonymous, NULL); at full depth, every suite of
//! every accepted version (`suites.rs`).
//!
//! Cost at quick depth, for an endpoint a modern handshake reached: two or
//! three extra connections (TLS 1.2 unless known, the legacy versions in
//! one hello, the weak suites), asked at once: one round trip. Measured on
//! 10,000 HTTPS endpoints, five connections each cost 2x the time of none
//! (BENCHMARKS.md), hence the legacy versions in one hello there. Each is
//! bounded by the connect timeout for the connection and again for the
//! answer, and all by the probe's deadline, so a dead or hostile server
//! costs at most that. They run inside the probe, so under its global and
//! per-host permits; the extra connections are the probe's own, as its
//! plain-HTTP one is.

mod flight;
mod hello;
mod suites;

use std::net::SocketAddr;
use std::ops::RangeInclusive;
use std::time::Duration;

use rustls::crypto::SecureRandom;
use rustls::pki_types::CertificateDer;
use tokio::io::AsyncWriteExt;
use tokio::time::{Instant, timeout, timeout_at};

use super::TlsDepth;
use super::connect;
use super::facts::{AcceptedSuite, ProtocolVersion, TlsFacts, VersionChecks, VersionVerdict};
use flight::Answer;

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
    /// The answer to a hello offering only weak suites: the suite chosen
    /// (`Some(Some(code))`), none (`Some(None)`), or no verdict (`None`).
    pub weak: Option<Option<u16>>,
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
        tls.accepts_weak_suites = self.weak.map(|weak| weak.is_some());
        tls.weak_suite = self.weak.flatten().map(suite_name);
        if let Some((suites, complete)) = &self.suites {
            let weak = suites.iter().find(|s| s.weak);
            tls.accepts_weak_suites = match weak {
                Some(_) => Some(true),
                None => complete.then_some(false),
            };
            tls.weak_suite = weak.map(|s| s.name.clone());
            tls.suites = Some(suites.clone());
            tls.suites_complete = Some(*complete);
        }
    }

    /// The TLS facts of a server no modern handshake reached, from the
    /// newest first flight it accepted; `None` when it accepted none.
    pub fn legacy_facts(&self) -> Option<TlsFacts> {
        let (version, cipher) = self.newest?;
        let mut tls = TlsFacts {
            version: std::borrow::Cow::Borrowed(version.as_str()),
            cipher: suite_name(cipher),
            alpn: None,
            key_exchange: None,
            versions: Vec::new(),
            version_checks: VersionChecks::default(),
            accepts_legacy: None,
            accepts_weak_suites: None,
            weak_suite: None,
            suites: None,
            suites_complete: None,
            legacy_only: true,
        };
        self.record_into(&mut tls);
        Some(tls)
    }
}

/// What a modern (rustls) handshake already showed: the version it
/// negotiated was accepted, and a server that chose 1.2 when 1.3 was
/// offered does not accept 1.3.
pub fn known_from(negotiated: ProtocolVersion) -> Vec<(ProtocolVersion, VersionVerdict)> {
    match negotiated {
        ProtocolVersion::Tls12 => vec![
            (ProtocolVersion::Tls12, VersionVerdict::Accepted),
            (ProtocolVersion::Tls13, VersionVerdict::Refused),
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

/// One ClientHello: naming the newest of `versions` (a server that
/// supports an older one of them answers with it, by the rules of version
/// negotiation), offering `suites`, else the usual ones of that version.
#[derive(Debug, Clone)]
struct Question {
    versions: RangeInclusive<ProtocolVersion>,
    suites: Option<&'static [u16]>,
}

impl Question {
    fn version(version: ProtocolVersion) -> Self {
        Question {
            versions: version..=version,
            suites: None,
        }
    }

    fn weak_suites(version: ProtocolVersion) -> Self {
        Question {
            suites: Some(hello::WEAK_SUITES),
            ..Question::version(version)
        }
    }
}

/// Asks `peer` which versions it accepts (those not in `known`), then
/// about the suites as deep as `depth` says.
///
/// Each version gets its own ClientHello, as sslyze asks, except at quick
/// depth once a modern handshake has stood: then one hello naming TLS 1.1
/// asks for the three legacy versions at once (a server answers it with the
/// newest of them it supports), and the weak-suite hello goes out with the
/// first round. That is two or three extra connections per modern endpoint
/// instead of five, in one round trip; a server that answers the legacy
/// hello with 1.1 or 1.0 is then asked about the older versions one by one.
pub async fn sweep(
    peer: Peer<'_>,
    known: &[(ProtocolVersion, VersionVerdict)],
    depth: TlsDepth,
) -> Sweep {
    use ProtocolVersion::{Ssl3, Tls10, Tls11, Tls12, Tls13};
    let mut sweep = Sweep::default();
    for (version, verdict) in known {
        sweep.checks.set(*version, *verdict);
    }
    let unknown = |checks: &VersionChecks, v: &ProtocolVersion| checks.get(*v).is_none();
    let quick = depth == TlsDepth::Quick && !known.is_empty();
    let mut first: Vec<Question> = [Tls13, Tls12]
        .into_iter()
        .filter(|v| unknown(&sweep.checks, v))
        .map(Question::version)
        .collect();
    let legacy: Vec<ProtocolVersion> = [Tls11, Tls10, Ssl3]
        .into_iter()
        .filter(|v| unknown(&sweep.checks, v))
        .collect();
    if quick && legacy.len() == 3 {
        first.push(Question {
            versions: Ssl3..=Tls11,
            suites: None,
        });
    } else {
        first.extend(legacy.into_iter().map(Question::version));
    }
    let weak_first = quick && sweep.checks.get(Tls12) != Some(VersionVerdict::Refused);
    if weak_first {
        first.push(Question::weak_suites(Tls12));
    }
    let mut weak_asked_at = None;
    for (question, answer) in ask_all(&peer, &first).await {
        if question.suites.is_some() {
            weak_asked_at = Some(*question.versions.end());
            sweep.weak = weak_answer(answer);
        } else {
            sweep.record(question, answer);
        }
    }
    // The versions below the one a legacy hello was answered with, one by
    // one; and the weak-suite hello where the first round did not settle it.
    let mut second: Vec<Question> = ProtocolVersion::ALL
        .iter()
        .filter(|v| unknown(&sweep.checks, v))
        .copied()
        .map(Question::version)
        .collect();
    let newest_legacy = sweep
        .checks
        .accepted()
        .into_iter()
        .rev()
        .find(|v| *v < Tls13);
    let weak_settled = matches!(sweep.weak, Some(Some(_))) || weak_asked_at == newest_legacy;
    if depth == TlsDepth::Quick && !weak_settled {
        match newest_legacy {
            Some(version) => second.push(Question::weak_suites(version)),
            // TLS 1.3 has no weak suites.
            None => sweep.weak = None,
        }
    }
    for (question, answer) in ask_all(&peer, &second).await {
        if question.suites.is_some() {
            sweep.weak = weak_answer(answer);
        } else {
            sweep.record(question, answer);
        }
    }
    if depth == TlsDepth::Quick && newest_legacy.is_none() {
        // Nothing up to 1.2 accepted: no weak suite, once that is certain.
        sweep.weak = sweep.checks.complete().then_some(None);
    }
    if depth == TlsDepth::Full {
        sweep.suites = Some(all_suites(&sweep.checks, &peer).await);
    }
    sweep
}

impl Sweep {
    /// What one answer says of the versions its question named: the one
    /// chosen accepted, the newer ones refused (the server would have
    /// chosen them), the older ones not known yet.
    fn record(&mut self, question: &Question, answer: Option<Answer>) {
        let named = ProtocolVersion::ALL
            .iter()
            .copied()
            .filter(|v| question.versions.contains(v));
        let (chosen, otherwise) = match answer {
            None => (None, VersionVerdict::NoAnswer),
            Some(Answer::Unreadable(_)) => (None, VersionVerdict::Unreadable),
            Some(Answer::Refused) => (None, VersionVerdict::Refused),
            Some(Answer::Accepted {
                version,
                cipher,
                chain,
            }) => {
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
                _ if self.checks.get(version).is_none() => self.checks.set(version, otherwise),
                _ => {}
            }
        }
    }
}

/// A weak-suite hello's answer: the suite chosen, none, or no verdict.
fn weak_answer(answer: Option<Answer>) -> Option<Option<u16>> {
    match answer? {
        Answer::Accepted { cipher, .. } => Some(Some(cipher)),
        Answer::Refused => Some(None),
        Answer::Unreadable(_) => None,
    }
}

/// Every question at once, each with its answer, in order.
async fn ask_all<'q>(
    peer: &Peer<'_>,
    questions: &'q [Question],
) -> Vec<(&'q Question, Option<Answer>)> {
    // Boxed: inline, each would sit in every probe's future.
    let asked = questions
        .iter()
        .map(|q| Box::pin(ask(peer, q.versions.clone(), q.suites)));
    let answers = futures_util::future::join_all(asked).await;
    questions.iter().zip(answers).collect()
}

/// Every suite of every accepted version, the versions at once.
async fn all_suites(checks: &VersionChecks, peer: &Peer<'_>) -> (Vec<AcceptedSuite>, bool) {
    let accepted = checks.accepted();
    let lists = accepted
        .iter()
        .map(|version| Box::pin(suites::enumerate(peer, *version)));
    let lists = futures_util::future::join_all(lists).await;
    let mut complete = checks.complete();
    let mut suites = Vec::new();
    for (version, (codes, whole)) in accepted.iter().zip(lists) {
        complete &= whole;
        suites.extend(
            codes
                .into_iter()
                .map(|code| suites::classed(*version, code)),
        );
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
            return Some(Answer::Refused);
        }
        timeout(
            peer.connect_limit,
            flight::read_answer(&mut stream, versions),
        )
        .await
        .ok()
    };
    timeout_at(peer.deadline, exchange).await.ok().flatten()
}

/// The IANA name of a cipher suite code, as rustls spells it.
pub fn suite_name(code: u16) -> std::borrow::Cow<'static, str> {
    match rustls::CipherSuite::from(code).as_str() {
        Some(name) => std::borrow::Cow::Borrowed(name),
        None => match tls_parser::TlsCipherSuiteID(code).get_ciphersuite() {
            Some(suite) => std::borrow::Cow::Borrowed(suite.name),
            None => std::borrow::Cow::Owned(format!("0x{code:04X}")),
        },
    }
}
