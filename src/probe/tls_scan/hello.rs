//! ClientHello messages built by hand, one per protocol version: what a
//! client of that version would offer, so that a server's answer tells
//! whether it accepts the version. Nothing here is secret or checked
//! later: the probe reads the server's first flight and hangs up.

use std::net::IpAddr;

use crate::probe::facts::ProtocolVersion;

/// TLS 1.3's suites (RFC 8446 B.4, and the two CCM ones).
const TLS13_SUITES: &[u16] = &[0x1301, 0x1302, 0x1303, 0x1304, 0x1305];

/// Suites for SSL 3.0 to TLS 1.2: the modern ones first (a server that
/// follows the client's order then picks what a browser would get), then
/// every older class still seen on servers (CBC, static RSA, DHE-DSS,
/// Camellia, SEED, 3DES, RC4, DES, EXPORT, anonymous, NULL), so that a
/// server offering only those still shows that it accepts the version.
#[rustfmt::skip]
pub(super) const LEGACY_SUITES: &[u16] = &[
    0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, // ECDHE with AEAD
    0x009e, 0x009f, 0xccaa, 0x00a2, 0x00a3, // DHE with AEAD
    0xc023, 0xc027, 0xc024, 0xc028, 0xc009, 0xc013, 0xc00a, 0xc014, // ECDHE with CBC
    0x0067, 0x006b, 0x0033, 0x0039, 0x0040, 0x006a, 0x0032, 0x0038, // DHE with CBC
    0x009c, 0x009d, 0x003c, 0x003d, 0x002f, 0x0035, // static RSA
    0xc072, 0xc073, 0xc076, 0xc077, 0x0045, 0x0088, 0x0041, 0x0084, 0x0096, 0x0007, // Camellia, SEED, IDEA
    0xc02d, 0xc031, 0xc02e, 0xc032, 0xc004, 0xc00e, 0xc005, 0xc00f, // static ECDH
    0xc008, 0xc012, 0x0016, 0x0013, 0x000a, // 3DES
    0xc007, 0xc011, 0x0005, 0x0004, // RC4
    0x0015, 0x0012, 0x0009, 0x0014, 0x0011, 0x0008, 0x0006, 0x0003, // DES, EXPORT
    0xc018, 0xc019, 0x00a6, 0x00a7, 0x0034, 0x003a, 0x006c, 0x006d, 0x0018, // anonymous
    0xc010, 0xc006, 0xc015, 0xc00b, 0xc001, 0x003b, 0x0002, 0x0001, // NULL
];

/// Mozilla's intermediate profile (server-side TLS guidelines 5.7) for
/// TLS 1.2: ECDHE and DHE with AES-GCM or ChaCha20-Poly1305, the first
/// nine of [`LEGACY_SUITES`].
pub const INTERMEDIATE_TLS12: &[u16] = LEGACY_SUITES.split_at(9).0;

/// Every suite of [`LEGACY_SUITES`] outside the intermediate profile: a
/// server that answers a TLS 1.2 hello offering only these accepts one.
pub const OUTSIDE_INTERMEDIATE: &[u16] = LEGACY_SUITES.split_at(9).1;

/// The weak classes among [`LEGACY_SUITES`]: 3DES, RC4, DES, EXPORT,
/// anonymous, NULL (MD5 comes only with RC4 and EXPORT suites). A server
/// that answers a hello offering only these accepts a weak suite.
#[rustfmt::skip]
pub const WEAK_SUITES: &[u16] = &[
    0xc008, 0xc012, 0x0016, 0x0013, 0x000a, // 3DES
    0xc007, 0xc011, 0x0005, 0x0004, // RC4
    0x0015, 0x0012, 0x0009, 0x0014, 0x0011, 0x0008, 0x0006, 0x0003, // DES, EXPORT
    0xc018, 0xc019, 0x00a6, 0x00a7, 0x0034, 0x003a, 0x006c, 0x006d, 0x0018, // anonymous
    0xc010, 0xc006, 0xc015, 0xc00b, 0xc001, 0x003b, 0x0002, 0x0001, // NULL
];

/// The renegotiation SCSV (RFC 5746): SSL 3.0 carries no extensions.
const RENEGOTIATION_SCSV: u16 = 0x00ff;

/// Groups offered: X25519 (with a key share in TLS 1.3), the NIST curves,
/// X448, and the RFC 7919 finite-field groups for TLS 1.3.
const GROUPS_TLS12: &[u16] = &[0x001d, 0x0017, 0x0018, 0x0019, 0x001e];
const GROUPS_TLS13: &[u16] = &[0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x0100, 0x0101];
const X25519: u16 = 0x001d;

/// Signature schemes: modern first, SHA-1 last (still the only ones some
/// TLS 1.2 servers can use).
const SIGNATURE_SCHEMES: &[u16] = &[
    0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601, 0x0603, 0x0807, 0x0808, 0x0809,
    0x080a, 0x080b, 0x0303, 0x0301, 0x0203, 0x0201, 0x0202,
];

/// The bytes a client of `version` would send first: one handshake record
/// holding the ClientHello. `server_name` is sent as SNI unless it is an
/// address; `random` fills the client random and, for TLS 1.3, the X25519
/// key share (any 32 bytes are a valid X25519 public key). `suites`
/// replaces the version's usual offer.
pub fn client_hello(
    version: ProtocolVersion,
    server_name: &str,
    random: &[u8; 64],
    suites: Option<&[u16]>,
) -> Vec<u8> {
    let (client_random, key_share) = random.split_at(32);
    let mut body = Vec::with_capacity(512);
    put_u16(&mut body, legacy_version(version));
    body.extend_from_slice(client_random);
    body.push(0); // no session id
    let mut suites: Vec<u16> = suites.unwrap_or(offered_suites(version)).to_vec();
    if version == ProtocolVersion::Ssl3 {
        suites.push(RENEGOTIATION_SCSV);
    }
    put_u16(&mut body, (suites.len() * 2) as u16);
    for suite in suites {
        put_u16(&mut body, suite);
    }
    body.extend_from_slice(&[1, 0]); // the null compression method only
    if version != ProtocolVersion::Ssl3 {
        let extensions = extensions(version, server_name, key_share, body.len());
        put_u16(&mut body, extensions.len() as u16);
        body.extend_from_slice(&extensions);
    }
    let mut handshake = Vec::with_capacity(body.len() + 4);
    handshake.push(1); // client_hello
    put_u24(&mut handshake, body.len());
    handshake.extend_from_slice(&body);
    let mut record = Vec::with_capacity(handshake.len() + 5);
    record.push(0x16); // handshake
    // The record layer says TLS 1.0 for every later version, as clients
    // do: some old servers drop a record that names a version they lack.
    put_u16(
        &mut record,
        if version == ProtocolVersion::Ssl3 {
            0x0300
        } else {
            0x0301
        },
    );
    put_u16(&mut record, handshake.len() as u16);
    record.extend_from_slice(&handshake);
    record
}

/// The suites a version's usual hello offers.
pub fn offered_suites(version: ProtocolVersion) -> &'static [u16] {
    match version {
        ProtocolVersion::Tls13 => TLS13_SUITES,
        _ => LEGACY_SUITES,
    }
}

/// The version a ClientHello names in its `client_version` field; TLS 1.3
/// names 1.2 there and itself in `supported_versions`.
pub fn legacy_version(version: ProtocolVersion) -> u16 {
    match version {
        ProtocolVersion::Ssl3 => 0x0300,
        ProtocolVersion::Tls10 => 0x0301,
        ProtocolVersion::Tls11 => 0x0302,
        ProtocolVersion::Tls12 | ProtocolVersion::Tls13 => 0x0303,
    }
}

/// The version a server's answer names, if it is one of ours.
pub fn version_of(code: u16) -> Option<ProtocolVersion> {
    match code {
        0x0300 => Some(ProtocolVersion::Ssl3),
        0x0301 => Some(ProtocolVersion::Tls10),
        0x0302 => Some(ProtocolVersion::Tls11),
        0x0303 => Some(ProtocolVersion::Tls12),
        0x0304 => Some(ProtocolVersion::Tls13),
        _ => None,
    }
}

fn extensions(
    version: ProtocolVersion,
    server_name: &str,
    key_share: &[u8],
    hello_so_far: usize,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    let name = server_name
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim_end_matches('.');
    if name.parse::<IpAddr>().is_err() && !name.is_empty() && name.len() < 256 {
        let mut list = Vec::with_capacity(name.len() + 3);
        list.push(0); // host_name
        put_u16(&mut list, name.len() as u16);
        list.extend_from_slice(name.as_bytes());
        let mut data = Vec::with_capacity(list.len() + 2);
        put_u16(&mut data, list.len() as u16);
        data.extend_from_slice(&list);
        extension(&mut out, 0x0000, &data);
    }
    let groups = if version == ProtocolVersion::Tls13 {
        GROUPS_TLS13
    } else {
        GROUPS_TLS12
    };
    extension(&mut out, 0x000a, &u16_list(groups));
    extension(&mut out, 0x000b, &[1, 0]); // ec_point_formats: uncompressed
    // Sent at every version, as browsers do (they offer 1.2 and older in
    // one hello): rustls refuses a hello without it with
    // `handshake_failure` before it looks at the version, which would read
    // as "a legacy version with none of these suites" (see `Refusal`).
    extension(&mut out, 0x000d, &u16_list(SIGNATURE_SCHEMES));
    extension(&mut out, 0x0017, &[]); // extended_master_secret
    if version == ProtocolVersion::Tls13 {
        extension(&mut out, 0x002b, &[2, 0x03, 0x04]); // supported_versions
        extension(&mut out, 0x002d, &[1, 1]); // psk_key_exchange_modes: psk_dhe_ke
        let mut share = Vec::with_capacity(key_share.len() + 6);
        put_u16(&mut share, (key_share.len() + 4) as u16);
        put_u16(&mut share, X25519);
        put_u16(&mut share, key_share.len() as u16);
        share.extend_from_slice(key_share);
        extension(&mut out, 0x0033, &share);
    } else {
        extension(&mut out, 0xff01, &[0]); // renegotiation_info, empty
    }
    // Some load balancers hang on a ClientHello of 256 to 511 bytes; the
    // padding extension (RFC 7685) takes it past 512, as browsers do.
    let handshake = 4 + hello_so_far + 2 + out.len();
    if (256..512).contains(&handshake) {
        let pad = (512 - handshake).saturating_sub(4);
        extension(&mut out, 0x0015, &vec![0; pad]);
    }
    out
}

fn extension(out: &mut Vec<u8>, kind: u16, data: &[u8]) {
    put_u16(out, kind);
    put_u16(out, data.len() as u16);
    out.extend_from_slice(data);
}

fn u16_list(items: &[u16]) -> Vec<u8> {
    let mut out = Vec::with_capacity(items.len() * 2 + 2);
    put_u16(&mut out, (items.len() * 2) as u16);
    for item in items {
        put_u16(&mut out, *item);
    }
    out
}

fn put_u16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_be_bytes());
}

fn put_u24(out: &mut Vec<u8>, value: usize) {
    out.extend_from_slice(&(value as u32).to_be_bytes()[1..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tls_parser::{TlsMessage, TlsMessageHandshake, parse_tls_plaintext};

    /// Each hello parses back (with tls-parser) as the version it offers.
    #[test]
    fn each_hello_parses_back_with_its_version_and_name() {
        for version in ProtocolVersion::ALL {
            let bytes = client_hello(*version, "dichvucong.hue.gov.vn", &[7; 64], None);
            let (rest, record) = parse_tls_plaintext(&bytes).unwrap();
            assert!(rest.is_empty(), "{version}");
            let [TlsMessage::Handshake(TlsMessageHandshake::ClientHello(hello))] =
                record.msg.as_slice()
            else {
                panic!("{version}: {:?}", record.msg);
            };
            assert_eq!(hello.version.0, legacy_version(*version), "{version}");
            let extensions = hello.ext.unwrap_or_default();
            let named = extensions
                .windows(b"dichvucong.hue.gov.vn".len())
                .any(|w| w == b"dichvucong.hue.gov.vn");
            assert_eq!(named, *version != ProtocolVersion::Ssl3, "{version}");
            if *version != ProtocolVersion::Ssl3 {
                let (_, parsed) = tls_parser::parse_tls_extensions(extensions).unwrap();
                let offers_13 = parsed.iter().any(|e| {
                    matches!(e, tls_parser::TlsExtension::SupportedVersions(v)
                        if v.iter().any(|v| v.0 == 0x0304))
                });
                assert_eq!(offers_13, *version == ProtocolVersion::Tls13);
                let handshake_len = bytes.len() - 5;
                assert!(
                    !(256..512).contains(&handshake_len),
                    "{version}: {handshake_len}"
                );
            }
        }
    }

    #[test]
    fn the_weak_suites_are_all_offered_in_the_usual_hello_too() {
        assert!(WEAK_SUITES.iter().all(|s| LEGACY_SUITES.contains(s)));
        let bytes = client_hello(ProtocolVersion::Tls12, "a.vn", &[0; 64], Some(WEAK_SUITES));
        let (_, record) = parse_tls_plaintext(&bytes).unwrap();
        let [TlsMessage::Handshake(TlsMessageHandshake::ClientHello(hello))] =
            record.msg.as_slice()
        else {
            panic!("{:?}", record.msg);
        };
        let offered: Vec<u16> = hello.ciphers.iter().map(|c| c.0).collect();
        assert_eq!(offered, WEAK_SUITES);
    }

    #[test]
    fn the_intermediate_list_is_mozillas_and_the_rest_is_outside_it() {
        let mut intermediate = INTERMEDIATE_TLS12.to_vec();
        intermediate.sort();
        // ECDHE-ECDSA/RSA with AES-128/256-GCM and ChaCha20, DHE-RSA likewise.
        assert_eq!(
            intermediate,
            [
                0x009e, 0x009f, 0xc02b, 0xc02c, 0xc02f, 0xc030, 0xcca8, 0xcca9, 0xccaa
            ]
        );
        assert!(
            OUTSIDE_INTERMEDIATE
                .iter()
                .all(|s| !INTERMEDIATE_TLS12.contains(s))
        );
        assert_eq!(
            INTERMEDIATE_TLS12.len() + OUTSIDE_INTERMEDIATE.len(),
            LEGACY_SUITES.len()
        );
        assert!(WEAK_SUITES.iter().all(|s| OUTSIDE_INTERMEDIATE.contains(s)));
    }

    #[test]
    fn an_address_is_not_sent_as_a_server_name() {
        let bytes = client_hello(ProtocolVersion::Tls12, "[::1]", &[0; 64], None);
        assert!(!bytes.windows(3).any(|w| w == b"::1"));
    }
}
