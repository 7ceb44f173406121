//! `--tls-depth full`: every cipher suite a server accepts for one
//! protocol version, as sslyze finds them: offer the whole list, note the
//! server's choice, offer the rest without it, until the server refuses.
//! The order found is the server's order of preference when it enforces
//! one, else the order the client offered them in. Each suite is classed
//! from its IANA description (tls-parser's table): forward secrecy, AEAD,
//! weak.

use super::flight::{Answer, KeyExchange};
use super::{Peer, ask, hello, suite_name};
use crate::probe::facts::{AcceptedSuite, ProtocolVersion};
use tls_parser::{TlsCipherAu, TlsCipherEnc, TlsCipherEncMode, TlsCipherKx, TlsCipherMac};

/// The suites `version` accepts, in the order the server chose them, each
/// with the key exchange its flight showed, and whether the list is
/// complete (it ended on a refusal, not on silence).
pub async fn enumerate(
    peer: &Peer<'_>,
    version: ProtocolVersion,
) -> (Vec<(u16, Option<KeyExchange>)>, bool) {
    let mut left: Vec<u16> = hello::offered_suites(version).to_vec();
    let mut accepted = Vec::new();
    // Each round removes one suite, so this ends after at most one round
    // more than there are suites.
    while !left.is_empty() {
        match ask(peer, version..=version, Some(&left)).await {
            Some(Answer::Accepted {
                cipher,
                key_exchange,
                ..
            }) if left.contains(&cipher) => {
                left.retain(|s| *s != cipher);
                accepted.push((cipher, key_exchange));
            }
            Some(Answer::Refused(_)) => return (accepted, true),
            // A suite not offered, an unreadable answer or none.
            _ => return (accepted, false),
        }
    }
    (accepted, true)
}

/// A suite as the record keeps it, classed, with the key exchange its
/// flight showed (if any).
pub fn classed(
    version: ProtocolVersion,
    code: u16,
    key_exchange: Option<KeyExchange>,
) -> AcceptedSuite {
    let mut suite = AcceptedSuite {
        version,
        name: suite_name(code),
        forward_secrecy: false,
        aead: false,
        weak: false,
        group: None,
        dh_bits: None,
    };
    match key_exchange {
        Some(KeyExchange::Dh { bits }) => suite.dh_bits = Some(bits),
        Some(KeyExchange::Ec { group }) => suite.group = Some(group_name(group)),
        None => {}
    }
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

/// A named group's name as rustls spells it (`X25519`, `secp256r1`).
pub fn group_name(group: u16) -> std::borrow::Cow<'static, str> {
    let named = rustls::NamedGroup::from(group);
    match named.as_str() {
        Some(name) => std::borrow::Cow::Borrowed(name),
        None => std::borrow::Cow::Owned(format!("0x{group:04X}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suites_are_classed_by_their_description() {
        let class = |code| {
            let s = classed(ProtocolVersion::Tls12, code, None);
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
        assert_eq!(classed(ProtocolVersion::Tls12, 0x5a5a, None).name, "0x5A5A");
        // Quick depth's weak list is full depth's weak class, one meaning.
        let weak: Vec<u16> = crate::probe::tls_scan::hello::LEGACY_SUITES
            .iter()
            .copied()
            .filter(|code| classed(ProtocolVersion::Tls12, *code, None).weak)
            .collect();
        assert_eq!(weak, crate::probe::tls_scan::hello::WEAK_SUITES);
        let dhe = classed(
            ProtocolVersion::Tls12,
            0x009e,
            Some(KeyExchange::Dh { bits: 1024 }),
        );
        assert_eq!(dhe.dh_bits, Some(1024));
        let ecdhe = classed(
            ProtocolVersion::Tls12,
            0xc02f,
            Some(KeyExchange::Ec { group: 0x17 }),
        );
        assert_eq!(ecdhe.group.as_deref(), Some("secp256r1"));
    }
}
