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

use std::net::SocketAddr;
use std::time::Duration;

use rustls::crypto::SecureRandom;
use rustls::pki_types::CertificateDer;
use tokio::io::AsyncWriteExt;
use tokio::time::{Instant, timeout, timeout_at};

use super::connect;
use super::facts::{ProtocolVersion, TlsFacts, VersionChecks, VersionVerdict};
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
}

impl Sweep {
    /// Adds the verdicts to the facts of a modern handshake.
    pub fn record_into(&self, tls: &mut TlsFacts) {
        tls.versions = self.checks.accepted();
        tls.version_checks = self.checks;
        tls.accepts_legacy = self.checks.accepts_legacy();
        tls.accepts_weak_suites = self.weak.map(|weak| weak.is_some());
        tls.weak_suite = self.weak.flatten().map(suite_name);
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

/// Asks `address` (as `host`) about every version not in `known`, all at
/// once.
pub async fn sweep(
    address: SocketAddr,
    host: &str,
    known: &[(ProtocolVersion, VersionVerdict)],
    random: &dyn SecureRandom,
    connect_limit: Duration,
    deadline: Instant,
) -> Sweep {
    let mut checks = VersionChecks::default();
    for (version, verdict) in known {
        checks.set(*version, *verdict);
    }
    let asking = |version: ProtocolVersion| {
        let mut bytes = [0u8; 64];
        // Without randomness the hello still works; it is only less unique.
        let _ = random.fill(&mut bytes);
        let asked = checks.get(version).is_none();
        // Boxed: five of these inline would sit in every probe's future.
        Box::pin(async move {
            if asked {
                Some(
                    ask(
                        address,
                        host,
                        version,
                        None,
                        &bytes,
                        connect_limit,
                        deadline,
                    )
                    .await,
                )
            } else {
                None
            }
        })
    };
    let answers = tokio::join!(
        asking(ProtocolVersion::Ssl3),
        asking(ProtocolVersion::Tls10),
        asking(ProtocolVersion::Tls11),
        asking(ProtocolVersion::Tls12),
        asking(ProtocolVersion::Tls13),
    );
    let answers = [answers.0, answers.1, answers.2, answers.3, answers.4];
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
    sweep.weak = weak_suites(
        &sweep.checks,
        address,
        host,
        random,
        connect_limit,
        deadline,
    )
    .await;
    sweep
}

/// Whether the server accepts a weak suite (3DES, RC4, DES, EXPORT,
/// anonymous, NULL): one more hello, offering only those, at the newest
/// version up to 1.2 it accepts. TLS 1.3 has no weak suites, so a server
/// of TLS 1.3 alone accepts none.
async fn weak_suites(
    checks: &VersionChecks,
    address: SocketAddr,
    host: &str,
    random: &dyn SecureRandom,
    connect_limit: Duration,
    deadline: Instant,
) -> Option<Option<u16>> {
    let accepted = checks.accepted();
    let Some(version) = accepted.iter().rev().find(|v| **v < ProtocolVersion::Tls13) else {
        let only_13 = accepted == [ProtocolVersion::Tls13] && checks.complete();
        return only_13.then_some(None);
    };
    let mut bytes = [0u8; 64];
    let _ = random.fill(&mut bytes);
    let suites = Some(hello::WEAK_SUITES);
    match ask(
        address,
        host,
        *version,
        suites,
        &bytes,
        connect_limit,
        deadline,
    )
    .await?
    {
        Answer::Accepted { cipher, .. } => Some(Some(cipher)),
        Answer::Refused => Some(None),
        Answer::Unreadable(_) => None,
    }
}

/// One version's ClientHello and the server's answer; `None` when there
/// was no connection or no answer in time.
async fn ask(
    address: SocketAddr,
    host: &str,
    version: ProtocolVersion,
    suites: Option<&[u16]>,
    random: &[u8; 64],
    connect_limit: Duration,
    deadline: Instant,
) -> Option<Answer> {
    let exchange = async {
        let mut stream = connect(address, connect_limit).await.ok()?;
        let hello = hello::client_hello(version, host, random, suites);
        if stream.write_all(&hello).await.is_err() {
            return Some(Answer::Refused);
        }
        timeout(connect_limit, flight::read_answer(&mut stream, version))
            .await
            .ok()
    };
    timeout_at(deadline, exchange).await.ok().flatten()
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
