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
//! | `suites.rs` | `--tls-depth full`: every suite of a version, classed    |
//! | `mod.rs`    | the sweep: which versions to ask, at once, under limits |
//!
//! Then one more hello, offering only the weak suites (3DES, RC4, DES,
//! EXPORT, anonymous, NULL), at the newest version up to 1.2 accepted.
//!
//! Cost: at most five extra connections per endpoint for the versions,
//! asked at once (one round trip, not five), fewer when the modern
//! handshake already answered for a version, and one for the weak suites. Each is bounded by the connect timeout for the
//! connection and again for the answer, and all by the probe's deadline,
//! so a dead or hostile server costs at most that. They run inside the
//! probe, so under its global and per-host permits.

mod flight;
mod hello;
mod suites;

use std::net::SocketAddr;
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

/// Asks `peer` about every version not in `known`, all at once, then about
/// the suites as deep as `depth` says.
pub async fn sweep(
    peer: Peer<'_>,
    known: &[(ProtocolVersion, VersionVerdict)],
    depth: TlsDepth,
) -> Sweep {
    let mut checks = VersionChecks::default();
    for (version, verdict) in known {
        checks.set(*version, *verdict);
    }
    let asking = |version: ProtocolVersion| {
        let asked = checks.get(version).is_none();
        async move {
            if asked {
                Some(ask(&peer, version, None).await)
            } else {
                None
            }
        }
    };
    let answers = each_version(asking).await;
    let mut sweep = Sweep {
        checks,
        ..Sweep::default()
    };
    for (version, answer) in ProtocolVersion::ALL.iter().copied().zip(answers) {
        let Some(answer) = answer else { continue };
        let verdict = match answer {
            None => VersionVerdict::NoAnswer,
            Some(Answer::Refused) => VersionVerdict::Refused,
            Some(Answer::Unreadable(_)) => VersionVerdict::Unreadable,
            Some(Answer::Accepted { cipher, chain }) => {
                sweep.newest = Some((version, cipher));
                if !chain.is_empty() {
                    sweep.chain = chain.into_iter().map(CertificateDer::from).collect();
                }
                VersionVerdict::Accepted
            }
        };
        sweep.checks.set(version, verdict);
    }
    match depth {
        TlsDepth::Quick => sweep.weak = weak_suites(&sweep.checks, &peer).await,
        TlsDepth::Full => sweep.suites = Some(all_suites(&sweep.checks, &peer).await),
    }
    sweep
}

/// Every suite of every accepted version, the versions at once.
async fn all_suites(checks: &VersionChecks, peer: &Peer<'_>) -> (Vec<AcceptedSuite>, bool) {
    let accepted = checks.accepted();
    let list = |version: ProtocolVersion| {
        let asked = accepted.contains(&version);
        async move {
            if asked {
                Some(suites::enumerate(peer, version).await)
            } else {
                None
            }
        }
    };
    let lists = each_version(list).await;
    let mut complete = checks.complete();
    let mut suites = Vec::new();
    for (version, list) in ProtocolVersion::ALL.iter().zip(lists) {
        let Some((codes, whole)) = list else { continue };
        complete &= whole;
        suites.extend(
            codes
                .into_iter()
                .map(|code| suites::classed(*version, code)),
        );
    }
    (suites, complete)
}

/// Whether the server accepts a weak suite (3DES, RC4, DES, EXPORT,
/// anonymous, NULL): one more hello, offering only those, at the newest
/// version up to 1.2 it accepts. TLS 1.3 has no weak suites, so a server
/// of TLS 1.3 alone accepts none.
async fn weak_suites(checks: &VersionChecks, peer: &Peer<'_>) -> Option<Option<u16>> {
    let accepted = checks.accepted();
    let Some(version) = accepted.iter().rev().find(|v| **v < ProtocolVersion::Tls13) else {
        let only_13 = accepted == [ProtocolVersion::Tls13] && checks.complete();
        return only_13.then_some(None);
    };
    match ask(peer, *version, Some(hello::WEAK_SUITES)).await? {
        Answer::Accepted { cipher, .. } => Some(Some(cipher)),
        Answer::Refused => Some(None),
        Answer::Unreadable(_) => None,
    }
}

/// `job` for every version at once; the results in version order. Each
/// job is boxed: five of them inline would sit in every probe's future.
async fn each_version<T, F>(job: impl Fn(ProtocolVersion) -> F) -> [Option<T>; 5]
where
    F: std::future::Future<Output = Option<T>>,
{
    use ProtocolVersion::{Ssl3, Tls10, Tls11, Tls12, Tls13};
    let [a, b, c, d, e] = [Ssl3, Tls10, Tls11, Tls12, Tls13].map(|v| Box::pin(job(v)));
    let (a, b, c, d, e) = tokio::join!(a, b, c, d, e);
    [a, b, c, d, e]
}

/// One ClientHello offering `version` (and `suites`, else the version's
/// usual ones) and the server's answer; `None` when there was no
/// connection or no answer in time.
async fn ask(peer: &Peer<'_>, version: ProtocolVersion, suites: Option<&[u16]>) -> Option<Answer> {
    let mut random = [0u8; 64];
    // Without randomness the hello still works; it is only less unique.
    let _ = peer.random.fill(&mut random);
    let hello = hello::client_hello(version, peer.host, &random, suites);
    let exchange = async {
        let mut stream = connect(peer.address, peer.connect_limit).await.ok()?;
        if stream.write_all(&hello).await.is_err() {
            return Some(Answer::Refused);
        }
        timeout(
            peer.connect_limit,
            flight::read_answer(&mut stream, version),
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
