//! Reading a server's first flight after a hand-built ClientHello: the
//! records up to the ServerHello (TLS 1.3, whose later messages are
//! encrypted) or up to the Certificate (TLS 1.2 and older, which send it in
//! clear), parsed with tls-parser.
//!
//! Every length comes from the server, so each is bounded before it is
//! used: a record at most [`tls_parser::MAX_RECORD_LEN`] bytes, the flight
//! at most [`MAX_FLIGHT`], the chain at most [`MAX_CHAIN`] certificates.
//! Anything else is [`Answer::Unreadable`], never a panic.

use std::ops::RangeInclusive;
use tls_parser::{
    ECParametersContent, TlsCipherKx, TlsMessage, TlsMessageHandshake, TlsRecordType,
    TlsServerHelloContents, parse_dh_params, parse_ecdh_params, parse_tls_message_handshake,
    parse_tls_record_header,
};

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::time::{Instant, timeout_at};

use super::hello::{legacy_version, version_of};
use crate::probe::facts::ProtocolVersion;
use crate::probe::tls::integer_bits;

/// Handshake bytes read at most: a long chain of large RSA certificates
/// is about 16 KiB.
pub const MAX_FLIGHT: usize = 64 * 1024;
/// Certificates kept from the chain at most.
pub const MAX_CHAIN: usize = 10;

/// What the server answered to a ClientHello offering one version.
#[derive(Debug, PartialEq, Eq)]
pub enum Answer {
    /// A ServerHello for a version asked for, with the version and suite
    /// chosen and, for TLS 1.2 and older, the certificates sent (leaf
    /// first; empty for an anonymous suite or a flight cut short) and the
    /// key-exchange parameters of an ephemeral suite.
    Accepted {
        version: ProtocolVersion,
        cipher: u16,
        chain: Vec<Vec<u8>>,
        key_exchange: Option<KeyExchange>,
    },
    /// No ServerHello for a version asked for.
    Refused(Refusal),
    /// Something that is not a well-formed TLS answer.
    Unreadable(&'static str),
}

/// How a server refused a ClientHello.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// An alert, with its description code (RFC 8446 section 6).
    Alert(u8),
    /// A ServerHello for a version not asked for.
    OtherVersion,
    /// The connection closed (or was reset) without a word.
    Closed,
}

impl Refusal {
    /// `protocol_version`: the server has none of the versions offered.
    pub fn of_the_version(self) -> bool {
        self == Refusal::Alert(70)
    }

    /// `handshake_failure` or `insufficient_security`: the server got past
    /// the version and found no suite it accepts among those offered.
    /// OpenSSL and rustls (checked against both) answer a version they
    /// lack with `protocol_version`; rustls does so only once the hello
    /// has its `signature_algorithms` extension, which every hello here
    /// carries. A server that answers a missing version this way costs the
    /// legacy versions' one-by-one hellos at quick depth (a refusal there
    /// is only a reason to ask), and reads as accepting TLS 1.2.
    pub fn of_the_suites(self) -> bool {
        matches!(self, Refusal::Alert(40 | 71))
    }
}

/// The ephemeral key exchange a TLS 1.2-or-older ServerKeyExchange names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyExchange {
    /// Finite-field Diffie-Hellman: the size of the prime, in bits.
    Dh { bits: u32 },
    /// Elliptic-curve Diffie-Hellman over a named group (IANA code).
    Ec { group: u16 },
}

/// What is known so far of a flight.
#[derive(Default)]
struct Flight {
    /// The version and suite of an accepting ServerHello, once one is read.
    accepted: Option<(ProtocolVersion, u16)>,
    chain: Vec<Vec<u8>>,
    key_exchange: Option<KeyExchange>,
}

impl Flight {
    /// What a flight ended early says: accepted, if the ServerHello was.
    fn ended(self, otherwise: Answer) -> Answer {
        match self.accepted {
            Some((version, cipher)) => Answer::Accepted {
                version,
                cipher,
                chain: self.chain,
                key_exchange: self.key_exchange,
            },
            None => otherwise,
        }
    }
}

/// Reads the answer to a ClientHello naming the newest of `offered`: a
/// ServerHello choosing a version in that range accepts; one choosing
/// another version refuses. Reads until `until`; `None` when nothing was
/// said by then (a flight cut short by it after its ServerHello still
/// accepts).
pub async fn read_answer<S: AsyncRead + Unpin>(
    stream: &mut S,
    offered: RangeInclusive<ProtocolVersion>,
    until: Instant,
) -> Option<Answer> {
    let mut flight = Flight::default();
    let mut handshake: Vec<u8> = Vec::new();
    let mut parsed = 0;
    // Bytes of warning alerts read, bounded with the handshake's.
    let mut alerts = 0;
    loop {
        let mut header = [0u8; 5];
        match timeout_at(until, stream.read_exact(&mut header)).await {
            Err(_) => {
                return flight
                    .accepted
                    .is_some()
                    .then(|| flight.ended(Answer::Refused(Refusal::Closed)));
            }
            // Closed (or reset) between records: a refusal without words.
            Ok(Err(_)) => return Some(flight.ended(Answer::Refused(Refusal::Closed))),
            Ok(Ok(_)) => {}
        }
        let Ok((_, header)) = parse_tls_record_header(&header) else {
            return Some(flight.ended(Answer::Unreadable("not a TLS record")));
        };
        if header.version.0 >> 8 != 3 {
            return Some(flight.ended(Answer::Unreadable("not a TLS record")));
        }
        if header.len > tls_parser::MAX_RECORD_LEN || header.len == 0 {
            return Some(flight.ended(Answer::Unreadable("a record length out of bounds")));
        }
        let mut body = vec![0u8; usize::from(header.len)];
        match timeout_at(until, stream.read_exact(&mut body)).await {
            Err(_) => {
                return flight
                    .accepted
                    .is_some()
                    .then(|| flight.ended(Answer::Refused(Refusal::Closed)));
            }
            Ok(Err(_)) => return Some(flight.ended(Answer::Unreadable("a record cut short"))),
            Ok(Ok(_)) => {}
        }
        match header.record_type {
            TlsRecordType::Alert => {
                // level, description; a lone byte still says "no".
                let level = body.first().copied().unwrap_or(2);
                let description = body.get(1).copied().unwrap_or(0);
                // A warning (e.g. `unrecognized_name`, which OpenSSL-based
                // servers send before carrying on) is not an answer; it
                // counts against the flight's bound like any record.
                if level == 1 && description != 0 {
                    alerts += body.len() + 5;
                    if handshake.len() + alerts > MAX_FLIGHT {
                        return Some(flight.ended(Answer::Unreadable("a first flight too long")));
                    }
                    continue;
                }
                return Some(flight.ended(Answer::Refused(Refusal::Alert(description))));
            }
            TlsRecordType::Handshake => {
                if handshake.len() + body.len() > MAX_FLIGHT {
                    return Some(flight.ended(Answer::Unreadable("a first flight too long")));
                }
                handshake.extend_from_slice(&body);
            }
            // What follows a TLS 1.3 ServerHello (never before it).
            TlsRecordType::ChangeCipherSpec | TlsRecordType::ApplicationData => {
                return Some(
                    flight.ended(Answer::Unreadable("encrypted data before a ServerHello")),
                );
            }
            _ => return Some(flight.ended(Answer::Unreadable("not a TLS record"))),
        }
        // Every whole handshake message read so far; a message split over
        // records waits for the next one.
        loop {
            let rest = &handshake[parsed..];
            if rest.is_empty() {
                break;
            }
            let message = match parse_tls_message_handshake(rest) {
                Ok((after, TlsMessage::Handshake(message))) => {
                    parsed = handshake.len() - after.len();
                    message
                }
                Ok(_) => {
                    return Some(flight.ended(Answer::Unreadable("not a handshake message")));
                }
                Err(tls_parser::Err::Incomplete(_)) => break,
                Err(_) => {
                    return Some(flight.ended(Answer::Unreadable("a malformed handshake message")));
                }
            };
            if let Some(answer) = take(&mut flight, message, &offered) {
                return Some(answer);
            }
        }
    }
}

/// Takes one handshake message into the flight; the answer once it is
/// known.
fn take(
    flight: &mut Flight,
    message: TlsMessageHandshake<'_>,
    offered: &RangeInclusive<ProtocolVersion>,
) -> Option<Answer> {
    match message {
        TlsMessageHandshake::ServerHello(hello) if flight.accepted.is_none() => {
            let chosen = match chosen_version(&hello) {
                Err(why) => return Some(Answer::Unreadable(why)),
                Ok(Some(chosen)) if offered.contains(&chosen) => chosen,
                Ok(_) => return Some(Answer::Refused(Refusal::OtherVersion)),
            };
            flight.accepted = Some((chosen, hello.cipher.0));
            // TLS 1.3 encrypts the rest: the ServerHello is all there is.
            (chosen == ProtocolVersion::Tls13).then(|| finish(flight))
        }
        TlsMessageHandshake::ServerHello(_) => Some(Answer::Unreadable("two ServerHello messages")),
        // A draft of TLS 1.3, or the old HelloRetryRequest: not what was offered.
        TlsMessageHandshake::ServerHelloV13Draft18(_)
        | TlsMessageHandshake::HelloRetryRequest(_) => Some(Answer::Refused(Refusal::OtherVersion)),
        _ if flight.accepted.is_none() => Some(Answer::Unreadable(
            "a handshake message before the ServerHello",
        )),
        TlsMessageHandshake::Certificate(certificates) => {
            flight.chain = certificates
                .cert_chain
                .iter()
                .take(MAX_CHAIN)
                .map(|c| c.data.to_vec())
                .collect();
            // The ServerKeyExchange of an ephemeral suite follows.
            None
        }
        TlsMessageHandshake::ServerKeyExchange(exchange) => {
            let cipher = flight.accepted.map_or(0, |(_, cipher)| cipher);
            flight.key_exchange = key_exchange(cipher, exchange.parameters);
            Some(finish(flight))
        }
        // Whatever else comes (a certificate request, the end of the
        // flight) comes after the ServerKeyExchange, if there is one.
        TlsMessageHandshake::ServerDone(_) | TlsMessageHandshake::CertificateRequest(_) => {
            Some(finish(flight))
        }
        _ => None,
    }
}

/// The group or prime size a ServerKeyExchange names, read by the suite's
/// key exchange; `None` for one that does not parse.
fn key_exchange(cipher: u16, parameters: &[u8]) -> Option<KeyExchange> {
    let kx = tls_parser::TlsCipherSuite::from_id(cipher)?.kx;
    match kx {
        TlsCipherKx::Dhe => {
            let (_, dh) = parse_dh_params(parameters).ok()?;
            Some(KeyExchange::Dh {
                bits: integer_bits(dh.dh_p),
            })
        }
        TlsCipherKx::Ecdhe | TlsCipherKx::Aecdh => {
            let (_, ec) = parse_ecdh_params(parameters).ok()?;
            match ec.curve_params.params_content {
                ECParametersContent::NamedGroup(group) => Some(KeyExchange::Ec { group: group.0 }),
                ECParametersContent::ExplicitPrime(_) => None,
            }
        }
        _ => None,
    }
}

/// The answer of a flight whose ServerHello accepted.
fn finish(flight: &mut Flight) -> Answer {
    std::mem::take(flight).ended(Answer::Unreadable("no ServerHello"))
}

/// The version a ServerHello chose: its `supported_versions` extension
/// (TLS 1.3, and a HelloRetryRequest, which is a ServerHello), else its
/// version field.
fn chosen_version(
    hello: &TlsServerHelloContents<'_>,
) -> Result<Option<ProtocolVersion>, &'static str> {
    let listed = match hello.ext {
        Some(extensions) => supported_version(extensions)?,
        None => None,
    };
    Ok(match listed {
        Some(code) => version_of(code),
        None if hello.version.0 <= legacy_version(ProtocolVersion::Tls12) => {
            version_of(hello.version.0)
        }
        None => None,
    })
}

/// The one version in a ServerHello's `supported_versions` extension.
/// Walked by hand: tls-parser reads the whole extension list or nothing,
/// and a HelloRetryRequest's key share is not the form it expects.
fn supported_version(mut extensions: &[u8]) -> Result<Option<u16>, &'static str> {
    const MALFORMED: &str = "malformed ServerHello extensions";
    while !extensions.is_empty() {
        let [k0, k1, l0, l1, ..] = *extensions else {
            return Err(MALFORMED);
        };
        let len = usize::from(u16::from_be_bytes([l0, l1]));
        let data = extensions.get(4..4 + len).ok_or(MALFORMED)?;
        if u16::from_be_bytes([k0, k1]) == 0x002b {
            let [v0, v1] = *data else {
                return Err(MALFORMED);
            };
            return Ok(Some(u16::from_be_bytes([v0, v1])));
        }
        extensions = &extensions[4 + len..];
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u8, body: &[u8]) -> Vec<u8> {
        let mut out = vec![kind, 3, 3];
        out.extend_from_slice(&(body.len() as u16).to_be_bytes());
        out.extend_from_slice(body);
        out
    }

    fn handshake(kind: u8, body: &[u8]) -> Vec<u8> {
        let mut out = vec![kind];
        out.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
        out.extend_from_slice(body);
        out
    }

    fn server_hello(version: u16, cipher: u16, extensions: &[u8]) -> Vec<u8> {
        let mut body = version.to_be_bytes().to_vec();
        body.extend_from_slice(&[9; 32]);
        body.push(0);
        body.extend_from_slice(&cipher.to_be_bytes());
        body.push(0);
        if !extensions.is_empty() {
            body.extend_from_slice(&(extensions.len() as u16).to_be_bytes());
            body.extend_from_slice(extensions);
        }
        handshake(2, &body)
    }

    fn certificate(certificates: &[&[u8]]) -> Vec<u8> {
        let mut list = Vec::new();
        for c in certificates {
            list.extend_from_slice(&(c.len() as u32).to_be_bytes()[1..]);
            list.extend_from_slice(c);
        }
        let mut body = (list.len() as u32).to_be_bytes()[1..].to_vec();
        body.extend_from_slice(&list);
        handshake(11, &body)
    }

    fn read(bytes: &[u8], offered: RangeInclusive<ProtocolVersion>) -> Answer {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let until = Instant::now() + std::time::Duration::from_secs(5);
        runtime
            .block_on(read_answer(&mut &bytes[..], offered, until))
            .unwrap()
    }

    fn answer(bytes: &[u8], offered: ProtocolVersion) -> Answer {
        read(bytes, offered..=offered)
    }

    const REFUSED: Answer = Answer::Refused(Refusal::Closed);

    #[test]
    fn a_tls12_flight_gives_the_suite_and_the_chain_even_split_over_records() {
        let mut messages = server_hello(0x0303, 0x002f, &[]);
        messages.extend(certificate(&[b"leaf", b"intermediate"]));
        messages.extend(handshake(14, &[]));
        let (first, second) = messages.split_at(50);
        let mut bytes = record(0x16, first);
        bytes.extend(record(0x16, second));
        assert_eq!(
            answer(&bytes, ProtocolVersion::Tls12),
            Answer::Accepted {
                version: ProtocolVersion::Tls12,
                cipher: 0x002f,
                chain: vec![b"leaf".to_vec(), b"intermediate".to_vec()],
                key_exchange: None,
            }
        );
    }

    #[test]
    fn a_tls13_server_hello_names_its_version_in_an_extension() {
        let hello = server_hello(0x0303, 0x1301, &[0x00, 0x2b, 0x00, 0x02, 0x03, 0x04]);
        let bytes = record(0x16, &hello);
        assert_eq!(
            answer(&bytes, ProtocolVersion::Tls13),
            Answer::Accepted {
                version: ProtocolVersion::Tls13,
                cipher: 0x1301,
                chain: vec![],
                key_exchange: None,
            }
        );
        // Offered 1.2, answered 1.3: not the version offered.
        let other = Answer::Refused(Refusal::OtherVersion);
        assert_eq!(answer(&bytes, ProtocolVersion::Tls12), other);
        // Offered 1.3, answered 1.2 (no extension): refused.
        let bytes = record(0x16, &server_hello(0x0303, 0xc02f, &[]));
        assert_eq!(answer(&bytes, ProtocolVersion::Tls13), other);
    }

    #[test]
    fn an_alert_a_lower_version_or_silence_is_a_refusal() {
        let version_alert = answer(&record(0x15, &[2, 70]), ProtocolVersion::Tls10);
        assert_eq!(version_alert, Answer::Refused(Refusal::Alert(70)));
        let Answer::Refused(refusal) = version_alert else {
            unreachable!()
        };
        assert!(refusal.of_the_version() && !refusal.of_the_suites());
        assert!(Refusal::Alert(40).of_the_suites() && Refusal::Alert(71).of_the_suites());
        assert!(!Refusal::Closed.of_the_suites() && !Refusal::Closed.of_the_version());
        let bytes = record(0x16, &server_hello(0x0301, 0x002f, &[]));
        assert_eq!(
            answer(&bytes, ProtocolVersion::Tls11),
            Answer::Refused(Refusal::OtherVersion)
        );
        assert_eq!(answer(&[], ProtocolVersion::Tls11), REFUSED);
        // Asked for anything up to 1.1, answered 1.0: accepted, as 1.0.
        let range = ProtocolVersion::Ssl3..=ProtocolVersion::Tls11;
        assert!(matches!(
            read(&bytes, range),
            Answer::Accepted {
                version: ProtocolVersion::Tls10,
                ..
            }
        ));
    }

    #[test]
    fn hostile_answers_are_unreadable_not_panics() {
        let cases: Vec<Vec<u8>> = vec![
            b"HTTP/1.1 400 Bad Request\r\n\r\n".to_vec(),
            // a record longer than TLS allows
            vec![0x16, 3, 3, 0xff, 0xff],
            // a record cut short
            vec![0x16, 3, 3, 0, 10, 2, 0],
            // a handshake message claiming 16 MiB, then more and more records
            [
                record(0x16, &[2, 0xff, 0xff, 0xff]),
                record(0x16, &vec![0; 16000]).repeat(5),
            ]
            .concat(),
            // a ServerHello too short to parse
            record(0x16, &handshake(2, &[3, 3, 1])),
            // extensions whose length lies
            record(
                0x16,
                &server_hello(0x0303, 0x1301, &[0x00, 0x2b, 0xff, 0xff]),
            ),
        ];
        for (index, bytes) in cases.iter().enumerate() {
            let got = answer(bytes, ProtocolVersion::Tls12);
            assert!(
                matches!(got, Answer::Unreadable(_) | Answer::Refused(_)),
                "case {index}: {got:?}"
            );
        }
        assert!(matches!(
            answer(&cases[0], ProtocolVersion::Tls12),
            Answer::Unreadable(_)
        ));
        assert!(matches!(
            answer(&cases[1], ProtocolVersion::Tls12),
            Answer::Unreadable(_)
        ));
        assert!(matches!(
            answer(&cases[3], ProtocolVersion::Tls12),
            Answer::Unreadable(_)
        ));
        assert!(matches!(
            answer(&cases[5], ProtocolVersion::Tls12),
            Answer::Unreadable(_)
        ));
        // A good ServerHello, then a certificate list whose length lies:
        // the version was accepted; the certificate is not kept.
        let bytes = [
            record(0x16, &server_hello(0x0303, 0x002f, &[])),
            record(0x16, &handshake(11, &[0, 0, 9, 0, 0, 1, 1])),
        ]
        .concat();
        assert_eq!(
            answer(&bytes, ProtocolVersion::Tls12),
            Answer::Accepted {
                version: ProtocolVersion::Tls12,
                cipher: 0x002f,
                chain: vec![],
                key_exchange: None,
            }
        );
    }

    /// The ServerKeyExchange of a DHE suite gives the prime's size; of an
    /// ECDHE suite, the named group.
    #[test]
    fn a_server_key_exchange_names_the_prime_size_or_the_group() {
        let mut prime = vec![0x80];
        prime.extend_from_slice(&[0xff; 127]); // 1024 bits
        let mut dh = (prime.len() as u16).to_be_bytes().to_vec();
        dh.extend_from_slice(&prime);
        dh.extend_from_slice(&[0, 1, 2, 0, 1, 7]); // g = 2, Ys = 7
        let ecdh = [3, 0x00, 0x17, 1, 4]; // named_curve secp256r1, a point
        for (cipher, parameters, expected) in [
            (0x009e, dh.as_slice(), KeyExchange::Dh { bits: 1024 }),
            (0xc02f, &ecdh[..], KeyExchange::Ec { group: 0x17 }),
        ] {
            let bytes = [
                record(0x16, &server_hello(0x0303, cipher, &[])),
                record(0x16, &certificate(&[b"leaf"])),
                record(0x16, &handshake(12, parameters)),
                record(0x16, &handshake(14, &[])),
            ]
            .concat();
            assert_eq!(
                answer(&bytes, ProtocolVersion::Tls12),
                Answer::Accepted {
                    version: ProtocolVersion::Tls12,
                    cipher,
                    chain: vec![b"leaf".to_vec()],
                    key_exchange: Some(expected),
                }
            );
        }
    }

    /// A warning alert (OpenSSL's `unrecognized_name` when no virtual host
    /// has the name) is not a refusal: the ServerHello after it is read;
    /// endless warnings are bounded like a flight.
    #[test]
    fn a_warning_alert_before_the_server_hello_is_not_a_refusal() {
        let bytes = [
            record(0x15, &[1, 112]),
            record(0x16, &server_hello(0x0301, 0x002f, &[])),
        ]
        .concat();
        assert!(matches!(
            answer(&bytes, ProtocolVersion::Tls10),
            Answer::Accepted {
                version: ProtocolVersion::Tls10,
                ..
            }
        ));
        let endless = record(0x15, &[1, 112]).repeat(MAX_FLIGHT / 7 + 2);
        assert_eq!(
            answer(&endless, ProtocolVersion::Tls10),
            Answer::Unreadable("a first flight too long")
        );
        // A fatal alert, and close_notify even as a warning, still refuse.
        assert_eq!(
            answer(&record(0x15, &[1, 0]), ProtocolVersion::Tls10),
            Answer::Refused(Refusal::Alert(0))
        );
    }

    /// Silence before a ServerHello is no answer; after one, the flight
    /// read so far still accepts.
    #[tokio::test]
    async fn silence_is_no_answer_unless_a_server_hello_came_first() {
        let until = Instant::now() + std::time::Duration::from_millis(100);
        let (mut client, _server) = tokio::io::duplex(64);
        let range = ProtocolVersion::Tls12..=ProtocolVersion::Tls12;
        assert_eq!(read_answer(&mut client, range.clone(), until).await, None);
        let (mut client, mut server) = tokio::io::duplex(4096);
        let hello = record(0x16, &server_hello(0x0303, 0x002f, &[]));
        tokio::io::AsyncWriteExt::write_all(&mut server, &hello)
            .await
            .unwrap();
        let until = Instant::now() + std::time::Duration::from_millis(100);
        assert!(matches!(
            read_answer(&mut client, range, until).await,
            Some(Answer::Accepted { cipher: 0x002f, .. })
        ));
    }
}
