//! Why probing could not start: the resolver, the TLS set-up, the CA file
//! or the runtime. Once probing runs nothing is an `Err`: a probe that
//! fails is a fact in its [`ProbeFacts`](super::facts::ProbeFacts).
//!
//! A [`ProbeError`]'s message is the whole sentence a user reads, the
//! cause's text included; `source()` gives the cause to a program.

use std::path::PathBuf;

/// Why probing could not start.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    /// The system's resolver configuration (`/etc/resolv.conf`) is unusable.
    #[error(
        "cannot read the system's DNS configuration ({source}); name a resolver with --resolver IP:PORT"
    )]
    SystemDns {
        #[source]
        source: hickory_resolver::net::NetError,
    },
    /// The resolver was configured but would not start.
    #[error("cannot start the DNS resolver: {source}")]
    Resolver {
        #[source]
        source: hickory_resolver::net::NetError,
    },
    /// `--ca-file` cannot be opened or read.
    #[error("{}: cannot read the CA file: {source}", .path.display())]
    CaFileUnreadable {
        path: PathBuf,
        #[source]
        source: rustls::pki_types::pem::Error,
    },
    /// `--ca-file` holds something other than PEM certificates.
    #[error("{}: not a PEM certificate file: {source}", .path.display())]
    CaFileNotPem {
        path: PathBuf,
        #[source]
        source: rustls::pki_types::pem::Error,
    },
    /// `--ca-file` holds no certificate at all.
    #[error("{}: no PEM certificate in the CA file", .path.display())]
    CaFileEmpty { path: PathBuf },
    /// A certificate of `--ca-file` cannot serve as a trust anchor.
    #[error("{}: unusable CA certificate: {source}", .path.display())]
    CaCertificate {
        path: PathBuf,
        #[source]
        source: rustls::Error,
    },
    /// The certificate verifier could not be built from the roots.
    #[error("cannot set up certificate verification: {source}")]
    Verifier {
        #[source]
        source: rustls::client::VerifierBuilderError,
    },
    /// rustls refused the protocol versions asked for.
    #[error("cannot set up TLS: {source}")]
    Tls {
        #[source]
        source: rustls::Error,
    },
    /// reqwest could not build its client (used for redirects).
    #[error("cannot set up the HTTP client: {source}")]
    HttpClient {
        #[source]
        source: reqwest::Error,
    },
    /// The tokio runtime the probes run on did not start.
    #[error("cannot start the probe runtime: {source}")]
    Runtime {
        #[source]
        source: std::io::Error,
    },
}
