//! `--tls-depth full`: every cipher suite a server accepts for one
//! protocol version, as sslyze finds them: offer the whole list, note the
//! server's choice, offer the rest without it, until the server refuses.
//! The order found is the server's order of preference when it enforces
//! one, else the order the client offered them in. Each suite is classed
//! from its IANA description (tls-parser's table): forward secrecy, AEAD,
//! weak.

use super::flight::Answer;
use super::{Peer, ask, hello, suite_name};
use crate::probe::facts::{AcceptedSuite, ProtocolVersion};
use tls_parser::{TlsCipherAu, TlsCipherEnc, TlsCipherEncMode, TlsCipherKx, TlsCipherMac};

/// The suites `version` accepts, in the order the server chose them, and
/// whether the list is complete (it ended on a refusal, not on silence).
pub async fn enumerate(peer: &Peer<'_>, version: ProtocolVersion) -> (Vec<u16>, bool) {
    let mut left: Vec<u16> = hello::offered_suites(version).to_vec();
    let mut accepted = Vec::new();
    // Each round removes one suite, so this ends after at most one round
    // more than there are suites.
    while !left.is_empty() {
        match ask(peer, version..=version, Some(&left)).await {
            Some(Answer::Accepted { cipher, .. }) if left.contains(&cipher) => {
                left.retain(|s| *s != cipher);
                accepted.push(cipher);
            }
            Some(Answer::Refused) => return (accepted, true),
            // A suite not offered, an unreadable answer or none.
            _ => return (accepted, false),
        }
    }
    (accepted, true)
}

/// A suite as the record keeps it, classed.
pub fn classed(version: ProtocolVersion, code: u16) -> AcceptedSuite {
    let mut suite = AcceptedSuite {
        version,
        name: suite_name(code),
        forward_secrecy: false,
        aead: false,
        weak: false,
    };
    if let Some(info) = tls_parser::TlsCipherSuite::from_id(code) {
        suite.forward_secrecy = matches!(
            info.kx,
            TlsCipherKx::Dhe | TlsCipherKx::Ecdhe | TlsCipherKx::Tls13
        ) && info.au != TlsCipherAu::Null;
        suite.aead = matches!(info.enc_mode, TlsCipherEncMode::Gcm | TlsCipherEncMode::Ccm)
            || matches!(info.enc, TlsCipherEnc::Chacha20_Poly1305)
            || info.mac == TlsCipherMac::Aead;
        suite.weak = matches!(
            info.enc,
            TlsCipherEnc::Null
                | TlsCipherEnc::Des
                | TlsCipherEnc::TripleDes
                | TlsCipherEnc::Rc2
                | TlsCipherEnc::Rc4
        ) || matches!(info.kx, TlsCipherKx::Null | TlsCipherKx::Aecdh)
            || info.au == TlsCipherAu::Null
            || info.mac == TlsCipherMac::HmacMd5
            // EXPORT suites: 40- and 56-bit keys.
            || info.enc_size < 112;
    }
    suite
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suites_are_classed_by_their_description() {
        let class = |code| {
            let s = classed(ProtocolVersion::Tls12, code);
            (s.forward_secrecy, s.aead, s.weak)
        };
        assert_eq!(class(0xc02f), (true, true, false)); // ECDHE-RSA-AES128-GCM
        assert_eq!(class(0x002f), (false, false, false)); // RSA-AES128-CBC
        assert_eq!(class(0xc013), (true, false, false)); // ECDHE-RSA-AES128-CBC
        assert!(class(0x000a).2); // 3DES
        assert!(class(0x0005).2); // RC4
        assert!(class(0x0034).2); // anonymous DH
        assert!(class(0x003b).2); // NULL
        assert!(class(0x0003).2); // EXPORT RC4-40 MD5
        assert_eq!(class(0x1301), (true, true, false));
        assert_eq!(classed(ProtocolVersion::Tls12, 0x5a5a).name, "0x5A5A");
    }
}
