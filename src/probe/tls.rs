//! TLS facts: the protocol version and cipher suite a server negotiates and
//! the certificate chain it sends, judged against the web PKI roots (plus
//! `--ca-file`).
//!
//! A bad certificate is a fact, not a failed probe. The one rustls client
//! configuration accepts any certificate (it still checks the handshake's
//! signatures), so the probe's HTTP request still goes through; the real
//! verifier then judges the chain the handshake saw. The request goes over
//! this same connection (see `http::send_over`); reqwest, which shares the
//! configuration, takes over for redirects to other URLs.
//!
//! A leaf whose key the cryptography refuses (RSA under 2048 bits) makes
//! the handshake's own signature fail to verify. The handshake is then
//! made once more with a configuration that does not check it, so the site
//! is still fetched, and the certificate is named `weak-key`.

use std::borrow::Cow;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;
use x509_parser::prelude::{FromDer, GeneralName, X509Certificate};

use super::facts::{CertFacts, CertProblem, ErrorClass, TlsFacts, known_text};
use super::{Failure, ProbeError, connect};

/// A TLS connection and what its handshake showed.
pub struct Inspected {
    pub tls: TlsFacts,
    pub cert: CertFacts,
    /// Still open: the probe's first HTTP request goes over it, so an HTTPS
    /// endpoint costs one handshake, not two.
    pub stream: TlsStream<TcpStream>,
}

pub struct TlsSetup {
    /// Accepts any certificate: shared with reqwest.
    pub config: Arc<ClientConfig>,
    /// As `config`, and does not check the handshake's signatures either:
    /// for a server whose key is too weak to verify.
    lenient: Arc<ClientConfig>,
    /// As `config`, without ALPN: for a connection that another protocol
    /// upgrades to TLS (SMTP's STARTTLS), where h2 means nothing.
    upgrade: Arc<ClientConfig>,
    /// The cryptography's random source (the version sweep's hellos).
    pub provider: Arc<CryptoProvider>,
    /// The real judge of a chain.
    verifier: Arc<WebPkiServerVerifier>,
}

impl TlsSetup {
    pub fn new(ca_file: Option<&Path>) -> Result<Self, ProbeError> {
        let provider = Arc::new(browser_like_provider());
        let mut roots = RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        if let Some(path) = ca_file {
            let certificates = CertificateDer::pem_file_iter(path)
                .map_err(|source| ProbeError::CaFileUnreadable {
                    path: path.to_path_buf(),
                    source,
                })?
                .collect::<Result<Vec<_>, _>>()
                .map_err(|source| ProbeError::CaFileNotPem {
                    path: path.to_path_buf(),
                    source,
                })?;
            if certificates.is_empty() {
                return Err(ProbeError::CaFileEmpty {
                    path: path.to_path_buf(),
                });
            }
            for certificate in certificates {
                roots
                    .add(certificate)
                    .map_err(|source| ProbeError::CaCertificate {
                        path: path.to_path_buf(),
                        source,
                    })?;
            }
        }
        let verifier =
            WebPkiServerVerifier::builder_with_provider(Arc::new(roots), Arc::clone(&provider))
                .build()
                .map_err(|source| ProbeError::Verifier { source })?;
        let client_config = |check_signatures: bool| {
            let mut config = ClientConfig::builder_with_provider(Arc::clone(&provider))
                .with_safe_default_protocol_versions()
                .map_err(|source| ProbeError::Tls { source })?
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate {
                    provider: Arc::clone(&provider),
                    check_signatures,
                }))
                .with_no_client_auth();
            config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
            // Each endpoint is asked once per run: a session kept for
            // resuming would never be used, and keeping every one (with its
            // certificate chain) cost memory and time on each handshake.
            config.resumption = rustls::client::Resumption::disabled();
            Ok(Arc::new(config))
        };
        let config = client_config(true)?;
        let mut upgrade = (*config).clone();
        upgrade.alpn_protocols.clear();
        Ok(TlsSetup {
            config,
            upgrade: Arc::new(upgrade),
            lenient: client_config(false)?,
            verifier,
            provider,
        })
    }

    /// Connects to `address`, shakes hands as `host`, and reports what the
    /// server negotiated and sent, with the connection for the request.
    pub async fn inspect(
        &self,
        address: SocketAddr,
        host: &str,
        connect_timeout: Duration,
    ) -> Result<Inspected, Failure> {
        let server_name = server_name(host)?;
        let stream = match self
            .handshake(&self.config, address, &server_name, connect_timeout)
            .await
        {
            // Only a handshake signature can fail a certificate check here
            // (any certificate is accepted): a key too weak to verify.
            Err(error) if signature_refused(&error) => {
                self.handshake(&self.lenient, address, &server_name, connect_timeout)
                    .await
            }
            other => other,
        }
        .map_err(|error| match error {
            Handshake::Connect(failure) => failure,
            Handshake::Tls(e) => handshake_failed(&e),
        })?;
        self.inspected(stream, &server_name, host)
    }

    /// Shakes hands as `host` over a connection already open, which a
    /// protocol upgrades to TLS (SMTP's STARTTLS), and reports as
    /// [`TlsSetup::inspect`] does. No ALPN, and no second try for a key
    /// too weak to verify: the dialogue before it cannot be replayed.
    pub async fn inspect_stream(&self, tcp: TcpStream, host: &str) -> Result<Inspected, Failure> {
        let server_name = server_name(host)?;
        let stream = TlsConnector::from(Arc::clone(&self.upgrade))
            .connect(server_name.clone(), tcp)
            .await
            .map_err(|e| handshake_failed(&e))?;
        self.inspected(stream, &server_name, host)
    }

    /// The facts of a finished handshake, with its connection.
    fn inspected(
        &self,
        stream: TlsStream<TcpStream>,
        server_name: &ServerName<'static>,
        host: &str,
    ) -> Result<Inspected, Failure> {
        let connection = stream.get_ref().1;
        let tls = TlsFacts {
            version: match connection.protocol_version() {
                Some(rustls::ProtocolVersion::TLSv1_3) => Cow::Borrowed("1.3"),
                Some(rustls::ProtocolVersion::TLSv1_2) => Cow::Borrowed("1.2"),
                Some(other) => Cow::Owned(format!("{other:?}")),
                None => Cow::Borrowed(""),
            },
            cipher: match connection.negotiated_cipher_suite().map(|s| s.suite()) {
                Some(suite) => suite
                    .as_str()
                    .map_or_else(|| Cow::Owned(format!("{suite:?}")), Cow::Borrowed),
                None => Cow::Borrowed(""),
            },
            alpn: connection
                .alpn_protocol()
                .map(|p| known_text(&String::from_utf8_lossy(p), &["h2", "http/1.1"])),
            key_exchange: connection.negotiated_key_exchange_group().map(|group| {
                let name = group.name();
                name.as_str()
                    .map_or_else(|| Cow::Owned(format!("{name:?}")), Cow::Borrowed)
            }),
            ..TlsFacts::default()
        };
        let chain: Vec<CertificateDer<'static>> = connection
            .peer_certificates()
            .unwrap_or_default()
            .iter()
            .map(|c| c.clone().into_owned())
            .collect();
        let cert = self.judge(&chain, server_name, host)?;
        Ok(Inspected { tls, cert, stream })
    }

    async fn handshake(
        &self,
        config: &Arc<ClientConfig>,
        address: SocketAddr,
        server_name: &ServerName<'static>,
        connect_timeout: Duration,
    ) -> Result<TlsStream<TcpStream>, Handshake> {
        let tcp: TcpStream = connect(address, connect_timeout)
            .await
            .map_err(Handshake::Connect)?;
        TlsConnector::from(Arc::clone(config))
            .connect(server_name.clone(), tcp)
            .await
            .map_err(Handshake::Tls)
    }

    /// Judges a chain the server sent (leaf first) for `host`.
    pub fn judge(
        &self,
        chain: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        host: &str,
    ) -> Result<CertFacts, Failure> {
        let Some((leaf_der, intermediates)) = chain.split_first() else {
            return Err(Failure::new(
                ErrorClass::Tls,
                "the server sent no certificate",
            ));
        };
        let now = UnixTime::now();
        let now_secs = now.as_secs() as i64;
        let leaf = X509Certificate::from_der(leaf_der)
            .map_err(|e| Failure::new(ErrorClass::Tls, format!("unreadable certificate: {e}")))?
            .1;
        let leaf_not_after = leaf.validity().not_after.timestamp();
        let mut chain_days_left = days_between(now_secs, leaf_not_after);
        for der in intermediates {
            if let Ok((_, certificate)) = X509Certificate::from_der(der) {
                let not_after = certificate.validity().not_after.timestamp();
                chain_days_left = chain_days_left.min(days_between(now_secs, not_after));
            }
        }
        let sans = subject_alternative_names(&leaf);
        let hostname_match = covers(&sans, host);
        let self_signed = leaf.subject().as_raw() == leaf.issuer().as_raw();
        let verdict =
            self.verifier
                .verify_server_cert(leaf_der, intermediates, server_name, &[], now);
        let (chain_valid, problem) = match &verdict {
            Ok(_) if hostname_match => (true, None),
            Ok(_) => (true, Some(CertProblem::HostnameMismatch)),
            Err(rustls::Error::InvalidCertificate(error)) => match error {
                CertificateError::NotValidForName
                | CertificateError::NotValidForNameContext { .. } => {
                    (true, Some(CertProblem::HostnameMismatch))
                }
                CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                    (false, Some(CertProblem::Expired))
                }
                CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                    (false, Some(CertProblem::NotYetValid))
                }
                // A certificate that names itself as issuer is trusted by
                // nobody. `openssl req -x509` also marks it a CA, which
                // webpki refuses as a server's certificate before it looks
                // for an issuer; rustls passes that on as `Other`. A bad
                // signature or a wrong purpose stays `invalid`.
                CertificateError::UnknownIssuer | CertificateError::Other(_) if self_signed => {
                    (false, Some(CertProblem::SelfSigned))
                }
                CertificateError::UnknownIssuer => (false, Some(CertProblem::UnknownIssuer)),
                _ => (false, Some(CertProblem::Invalid)),
            },
            Err(_) => (false, Some(CertProblem::Invalid)),
        };
        let key = key_strength(&leaf);
        let weak_signature = chain
            .iter()
            .filter_map(|der| X509Certificate::from_der(der).ok())
            // A root's signature on itself is never checked by anyone.
            .filter(|(_, c)| c.subject().as_raw() != c.issuer().as_raw() || chain.len() == 1)
            .find_map(|(_, c)| weak_signature(&c));
        // A weak signature or key is named when the verifier found nothing
        // more telling than `invalid` (which a SHA-1 signature gives).
        let weakness = match (&weak_signature, key.weak) {
            (Some(algorithm), _) => Some((
                CertProblem::WeakSignature,
                format!(
                    "a certificate in the chain is signed with {algorithm}, which browsers refuse"
                ),
            )),
            (None, true) => Some((
                CertProblem::WeakKey,
                format!(
                    "the key is {} {} bits, too small to resist attack (at least RSA 2048 or EC 256)",
                    key.kind.as_deref().unwrap_or("?").to_uppercase(),
                    key.bits.unwrap_or(0)
                ),
            )),
            (None, false) => None,
        };
        let (problem, weak_reason) = match (problem, weakness) {
            (None | Some(CertProblem::Invalid), Some((weak, reason))) => (Some(weak), Some(reason)),
            (problem, _) => (problem, None),
        };
        let problem_reason = match (&verdict, problem) {
            (_, Some(_)) if weak_reason.is_some() => weak_reason,
            (_, None) => None,
            (Ok(_), Some(_)) => Some(format!(
                "the certificate names {}, not {host}",
                if sans.is_empty() {
                    "no host".to_string()
                } else {
                    sans.join(", ")
                }
            )),
            (Err(rustls::Error::InvalidCertificate(error)), Some(_)) => {
                Some(certificate_error_reason(error))
            }
            (Err(error), Some(_)) => Some(error.to_string()),
        };
        let validity = leaf.validity();
        Ok(CertFacts {
            subject: leaf.subject().to_string(),
            issuer: leaf.issuer().to_string(),
            sans,
            not_before: rfc3339(validity.not_before.timestamp()),
            not_after: rfc3339(validity.not_after.timestamp()),
            days_left: days_between(now_secs, validity.not_after.timestamp()),
            chain_days_left,
            chain_length: chain.len(),
            self_signed,
            chain_valid,
            hostname_match,
            valid: chain_valid && hostname_match && problem.is_none(),
            problem,
            problem_reason,
            key_type: key.kind,
            key_bits: key.bits,
            signature_algorithm: Some(signature_name(&leaf)),
            weak_key: key.weak,
            weak_signature,
            chain_signatures: chain
                .iter()
                .map(|der| match X509Certificate::from_der(der) {
                    Ok((_, certificate)) => signature_name(&certificate),
                    Err(_) => Cow::Borrowed("unreadable"),
                })
                .collect(),
            lifetime_days: Some(days_between(
                validity.not_before.timestamp(),
                validity.not_after.timestamp(),
            )),
            sha256: Some(crate::digest::of_bytes(leaf_der)),
        })
    }
}

fn handshake_failed(error: &std::io::Error) -> Failure {
    // The kind tells a reset or a close mid-handshake (which another
    // address of the name may not do) from the server's refusal.
    Failure::from_io(
        ErrorClass::Tls,
        error.kind(),
        format!("TLS handshake failed: {error}"),
    )
}

/// Why a handshake did not stand.
enum Handshake {
    Connect(Failure),
    Tls(std::io::Error),
}

/// Whether the handshake failed on a signature the cryptography refused.
fn signature_refused(error: &Handshake) -> bool {
    let Handshake::Tls(error) = error else {
        return false;
    };
    matches!(
        error
            .get_ref()
            .and_then(|e| e.downcast_ref::<rustls::Error>()),
        Some(rustls::Error::InvalidCertificate(_))
    )
}

/// The leaf's key: its kind, size, and whether it is too small.
struct KeyStrength {
    kind: Option<Cow<'static, str>>,
    bits: Option<u32>,
    weak: bool,
}

/// RSA and DSA under 2048 bits and EC under 256 are weak (NIST SP 800-57,
/// CA/Browser Forum Baseline Requirements 6.1.5).
fn key_strength(leaf: &X509Certificate<'_>) -> KeyStrength {
    use x509_parser::public_key::PublicKey;
    let spki = leaf.public_key();
    let algorithm = spki.algorithm.algorithm.to_id_string();
    let (kind, bits): (&'static str, Option<u32>) = match spki.parsed() {
        Ok(PublicKey::RSA(rsa)) => ("rsa", Some(integer_bits(rsa.modulus))),
        // The public value is as long as the prime, give or take a byte.
        Ok(PublicKey::DSA(y)) => ("dsa", Some(integer_bits(y).div_ceil(8) * 8)),
        Ok(PublicKey::EC(point)) => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.as_oid().ok())
                .map(|oid| oid.to_id_string());
            let bits = match curve.as_deref() {
                Some("1.2.840.10045.3.1.7") => 256,
                Some("1.3.132.0.34") => 384,
                Some("1.3.132.0.35") => 521,
                Some("1.3.132.0.33") => 224,
                Some("1.2.840.10045.3.1.1") => 192,
                _ => point.key_size() as u32,
            };
            ("ec", Some(bits))
        }
        _ => match algorithm.as_str() {
            "1.3.101.112" => ("ed25519", Some(256)),
            "1.3.101.113" => ("ed448", Some(456)),
            _ => ("other", None),
        },
    };
    let weak = match (kind, bits) {
        ("rsa" | "dsa", Some(bits)) => bits < 2048,
        ("ec", Some(bits)) => bits < 256,
        _ => false,
    };
    KeyStrength {
        kind: Some(Cow::Borrowed(kind)),
        bits,
        weak,
    }
}

/// The size of a big-endian unsigned integer in bits, leading zeros aside.
pub(in crate::probe) fn integer_bits(bytes: &[u8]) -> u32 {
    let significant: &[u8] = match bytes.iter().position(|b| *b != 0) {
        Some(first) => &bytes[first..],
        None => &[],
    };
    match significant.first() {
        Some(first) => (significant.len() as u32 - 1) * 8 + (8 - first.leading_zeros()),
        None => 0,
    }
}

/// Signatures browsers no longer accept: MD2, MD5, SHA-1.
fn weak_signature(certificate: &X509Certificate<'_>) -> Option<Cow<'static, str>> {
    let oid = certificate.signature_algorithm.algorithm.to_id_string();
    matches!(
        oid.as_str(),
        "1.2.840.113549.1.1.2"
            | "1.2.840.113549.1.1.4"
            | "1.2.840.113549.1.1.5"
            | "1.3.14.3.2.29"
            | "1.2.840.10045.4.1"
            | "1.2.840.10040.4.3"
    )
    .then(|| signature_name(certificate))
}

/// Signature algorithms by their usual short names; others by OID.
const SIGNATURE_NAMES: &[&str] = &[
    "sha256WithRSAEncryption",
    "sha384WithRSAEncryption",
    "sha512WithRSAEncryption",
    "sha1WithRSAEncryption",
    "md5WithRSAEncryption",
    "md2WithRSAEncryption",
    "rsassaPss",
    "ecdsa-with-SHA256",
    "ecdsa-with-SHA384",
    "ecdsa-with-SHA512",
    "ecdsa-with-SHA1",
    "dsa-with-sha1",
    "ed25519",
];

fn signature_name(certificate: &X509Certificate<'_>) -> Cow<'static, str> {
    let oid = &certificate.signature_algorithm.algorithm;
    match x509_parser::objects::oid2sn(oid, x509_parser::objects::oid_registry()) {
        Ok(name) => known_text(name, SIGNATURE_NAMES),
        Err(_) => Cow::Owned(oid.to_id_string()),
    }
}

/// Why the verifier refused a certificate, in words: the reason behind
/// `problem`, so that an `invalid` is never left unexplained.
fn certificate_error_reason(error: &CertificateError) -> String {
    match error {
        CertificateError::BadSignature => "a signature in the chain does not verify, or uses an algorithm or key too weak to accept (SHA-1, RSA under 2048 bits)".into(),
        CertificateError::UnsupportedSignatureAlgorithmContext { .. }
        | CertificateError::UnsupportedSignatureAlgorithmForPublicKeyContext { .. } => {
            "signed with an algorithm the verifier does not accept (e.g. SHA-1)".into()
        }
        CertificateError::BadEncoding => "the certificate is malformed".into(),
        CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => {
            "the certificate is not for server authentication (extended key usage)".into()
        }
        CertificateError::UnhandledCriticalExtension => {
            "the certificate has a critical extension the verifier does not know".into()
        }
        CertificateError::Revoked => "the certificate is revoked".into(),
        CertificateError::UnknownIssuer => {
            "no trusted root issued the chain (a private CA? add it with --ca-file)".into()
        }
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            "the certificate has expired".into()
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            "the certificate is not valid yet".into()
        }
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            "the certificate does not cover this host name".into()
        }
        // webpki's other refusals, e.g. a CA certificate used as a server's.
        CertificateError::Other(other) => other.to_string(),
        other => format!("{other:?}"),
    }
}

/// rustls's default cryptography with the cipher suites in the order
/// browsers offer them: AES-128-GCM first. A server that follows the
/// client's order then negotiates what a citizen's browser would get, and
/// the handshake hashes with SHA-256 (in hardware on most machines) rather
/// than SHA-384 (10,000 HTTPS endpoints: 0.9x the CPU; BENCHMARKS.md).
/// The same suites stay on offer, so no server that worked stops working.
fn browser_like_provider() -> CryptoProvider {
    let mut provider = rustls::crypto::aws_lc_rs::default_provider();
    // A stable sort: among the rest, rustls's order stands.
    provider.cipher_suites.sort_by_key(
        |suite| !matches!(suite.suite().as_str(), Some(name) if name.contains("AES_128_GCM")),
    );
    provider
}

/// SNI and verification name: a DNS name, or an IP address (no SNI).
pub fn server_name(host: &str) -> Result<ServerName<'static>, Failure> {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Ok(ServerName::IpAddress(ip.into()));
    }
    ServerName::try_from(bare.to_string()).map_err(|_| {
        Failure::new(
            ErrorClass::Tls,
            format!("`{host}` is not a valid TLS server name"),
        )
    })
}

/// Whole days from `now` to `then`, rounded down (so negative once past).
fn days_between(now: i64, then: i64) -> i64 {
    (then - now).div_euclid(86_400)
}

fn rfc3339(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| unix.to_string())
}

fn subject_alternative_names(certificate: &X509Certificate<'_>) -> Vec<String> {
    let Ok(Some(extension)) = certificate.subject_alternative_name() else {
        return Vec::new();
    };
    extension
        .value
        .general_names
        .iter()
        .filter_map(|name| match name {
            GeneralName::DNSName(dns) => Some(dns.to_ascii_lowercase()),
            GeneralName::IPAddress(bytes) => match bytes.len() {
                4 => <[u8; 4]>::try_from(*bytes)
                    .ok()
                    .map(|b| IpAddr::from(b).to_string()),
                16 => <[u8; 16]>::try_from(*bytes)
                    .ok()
                    .map(|b| IpAddr::from(b).to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// Whether a SAN list covers `host`: an exact name or address, or a
/// wildcard standing for exactly one leftmost label (RFC 6125). The
/// subject's common name is ignored, as browsers do.
fn covers(sans: &[String], host: &str) -> bool {
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim_end_matches('.')
        .to_ascii_lowercase();
    if let Ok(ip) = host.parse::<IpAddr>() {
        return sans.iter().any(|san| san.parse::<IpAddr>() == Ok(ip));
    }
    sans.iter().any(|san| {
        if let Some(parent) = san.strip_prefix("*.") {
            host.split_once('.')
                .is_some_and(|(label, rest)| !label.is_empty() && rest == parent)
        } else {
            san.trim_end_matches('.') == host
        }
    })
}

/// Accepts every certificate so that a bad one can still be inspected and
/// the site still fetched; the handshake's own signatures are checked.
/// (The PostgreSQL history's `sslmode=require` takes it too.)
#[derive(Debug)]
pub(crate) struct AcceptAnyCertificate {
    provider: Arc<CryptoProvider>,
    /// Off only for the retry after a signature the cryptography refused.
    check_signatures: bool,
}

impl AcceptAnyCertificate {
    /// Any certificate, the handshake's signatures checked.
    pub(crate) fn new(provider: Arc<CryptoProvider>) -> Self {
        AcceptAnyCertificate {
            provider,
            check_signatures: true,
        }
    }
}

impl ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        if !self.check_signatures {
            return Ok(HandshakeSignatureValid::assertion());
        }
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        if !self.check_signatures {
            return Ok(HandshakeSignatureValid::assertion());
        }
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bad `--ca-file` names the file and what is wrong with it.
    #[test]
    fn a_bad_ca_file_is_named_with_its_problem() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.pem");
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "no certificate here\n").unwrap();
        let cut = dir.path().join("cut.pem");
        std::fs::write(&cut, "-----BEGIN CERTIFICATE-----\nMIIB\n").unwrap();
        let cases: [(&Path, &str, &str); 3] = [
            (&missing, "unreadable", "cannot read the CA file: "),
            (&empty, "empty", "no PEM certificate in the CA file"),
            (&cut, "not PEM", "not a PEM certificate file: "),
        ];
        for (path, expected, text) in cases {
            let Err(error) = TlsSetup::new(Some(path)) else {
                panic!("{} was accepted", path.display());
            };
            let kind = match &error {
                ProbeError::CaFileUnreadable { .. } => "unreadable",
                ProbeError::CaFileEmpty { .. } => "empty",
                ProbeError::CaFileNotPem { .. } => "not PEM",
                other => panic!("{other:?}"),
            };
            assert_eq!(kind, expected, "{}", path.display());
            let message = error.to_string();
            assert!(
                message.starts_with(&format!("{}: {text}", path.display())),
                "{message}"
            );
        }
    }

    #[test]
    fn wildcards_cover_one_label_only() {
        let sans = vec!["*.hue.gov.vn".to_string(), "hue.gov.vn".to_string()];
        assert!(covers(&sans, "dichvucong.hue.gov.vn"));
        assert!(covers(&sans, "HUE.GOV.VN."));
        assert!(!covers(&sans, "a.b.hue.gov.vn"));
        assert!(!covers(&sans, "xhue.gov.vn"));
        assert!(covers(&["127.0.0.1".to_string()], "127.0.0.1"));
        assert!(covers(&["::1".to_string()], "[::1]"));
        assert!(!covers(&["127.0.0.1".to_string()], "127.0.0.2"));
    }

    #[test]
    fn key_sizes_count_significant_bits() {
        assert_eq!(integer_bits(&[0x00, 0x80, 0, 0]), 24);
        assert_eq!(integer_bits(&[0x01, 0xff]), 9);
        assert_eq!(integer_bits(&[0, 0]), 0);
        assert_eq!(integer_bits(&[]), 0);
    }

    #[test]
    fn days_left_rounds_down_past_expiry() {
        assert_eq!(days_between(0, 86_400 * 30), 30);
        assert_eq!(days_between(0, 86_400 * 30 - 1), 29);
        assert_eq!(days_between(0, -1), -1);
    }
}
