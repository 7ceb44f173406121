//! TLS to the PostgreSQL history, with rustls (no OpenSSL): for
//! `sslmode=require` and `prefer` the connection is encrypted and the
//! certificate taken as it is, as libpq does (the handshake's signatures
//! still checked, by the prober's verifier); for `verify-full` the chain
//! is checked against `sslrootcert=FILE` (else the web PKI roots) and the
//! host name against the certificate.

use std::path::Path;
use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use rustls::{ClientConfig, RootCertStore};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::store::StoreError;
use crate::probe::tls::AcceptAnyCertificate;

/// The connector: `verify` checks the certificate, with `roots` (a PEM
/// file) or the web PKI's.
pub fn connector(verify: bool, roots: Option<&Path>) -> Result<MakeRustlsConnect, StoreError> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let tls_failed = |reason: String| StoreError::RootCert {
        path: roots.unwrap_or(Path::new("-")).to_path_buf(),
        reason,
    };
    let builder = ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_failed(e.to_string()))?;
    let config = if verify {
        let mut store = RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        if let Some(path) = roots {
            store = RootCertStore::empty();
            let certificates = CertificateDer::pem_file_iter(path)
                .and_then(Iterator::collect::<Result<Vec<_>, _>>)
                .map_err(|e| tls_failed(e.to_string()))?;
            if certificates.is_empty() {
                return Err(tls_failed("no certificate in it".into()));
            }
            for certificate in certificates {
                store
                    .add(certificate)
                    .map_err(|e| tls_failed(e.to_string()))?;
            }
        }
        let verifier = WebPkiServerVerifier::builder_with_provider(Arc::new(store), provider)
            .build()
            .map_err(|e| tls_failed(e.to_string()))?;
        builder.with_webpki_verifier(verifier).with_no_client_auth()
    } else {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate::new(provider)))
            .with_no_client_auth()
    };
    Ok(MakeRustlsConnect::new(config))
}
