//! One SMTP dialogue with an MX host on port 25, as far as STARTTLS (RFC
//! 3207): the greeting, EHLO, whether STARTTLS is listed, the command and
//! the TLS handshake over the same connection (the TLS facts from
//! [`TlsSetup::inspect_stream`]), then QUIT. No mail is sent.
//!
//! Every read waits at most the connect timeout (the greeting up to
//! [`GREETING_WAIT`]) and never past the domain's deadline; a reply line is cut off at [`LINE_BYTES`] and a reply
//! at [`REPLY_LINES`] lines, so a server that says nothing, drips, or
//! sends an endless line costs at most the deadline and a few KiB.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{Instant, timeout_at};

use super::facts::{SmtpError, SmtpFacts};
use crate::probe::facts::ErrorClass;
use crate::probe::families::first_that_connects;
use crate::probe::tls::TlsSetup;
use crate::probe::{Failure, connect};
use crate::text::clean_text;

/// Longest reply line read (RFC 5321 4.5.3.1.5 allows 512 octets; some
/// servers send longer greetings).
pub const LINE_BYTES: usize = 1000;

/// Most lines one reply may have (an EHLO answer has a dozen).
pub const REPLY_LINES: usize = 64;

/// Longest wait for the whole greeting, when the connect timeout is
/// shorter: Postfix's postscreen sends a `220-` line then pauses about 6 s
/// (`postscreen_greet_wait`) to catch clients that talk too early, so one
/// ordinary step would cut it off. Never past the domain's deadline.
pub const GREETING_WAIT: Duration = Duration::from_secs(15);

/// Widest the greeting kept in the facts may be.
const BANNER_CHARS: usize = 200;

/// What the dialogue needs besides the address.
pub struct Dialogue<'a> {
    pub tls: &'a TlsSetup,
    /// The name given in EHLO.
    pub ehlo_name: &'a str,
    /// Longest wait for a connection or one reply.
    pub step_timeout: Duration,
    /// Longest wait for the greeting ([`GREETING_WAIT`] in a run).
    pub greeting_timeout: Duration,
    /// No step goes past it.
    pub deadline: Instant,
}

/// A server's reply: its code and the text of each line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub code: u16,
    pub lines: Vec<String>,
}

/// Why a dialogue stopped.
#[derive(Debug)]
struct Stop {
    error: SmtpError,
    message: String,
}

impl Stop {
    fn protocol(message: impl Into<String>) -> Self {
        Stop {
            error: SmtpError::Protocol,
            message: message.into(),
        }
    }
}

impl From<Failure> for Stop {
    fn from(failure: Failure) -> Self {
        Stop {
            error: match failure.class {
                ErrorClass::Timeout => SmtpError::Timeout,
                ErrorClass::Tls => SmtpError::Tls,
                ErrorClass::Dns => SmtpError::Dns,
                ErrorClass::Refused => SmtpError::Refused,
                _ => SmtpError::Protocol,
            },
            message: failure.message,
        }
    }
}

/// Reads replies and sends commands over one stream; keeps the bytes read
/// past a reply (which, before TLS starts, must be none).
struct Conversation<S> {
    stream: S,
    buffer: Vec<u8>,
}

impl<S: AsyncRead + AsyncWrite + Unpin> Conversation<S> {
    fn new(stream: S) -> Self {
        Conversation {
            stream,
            buffer: Vec::with_capacity(1024),
        }
    }

    async fn send(&mut self, command: &str, dialogue: &Dialogue<'_>) -> Result<(), Stop> {
        let step = step_deadline(dialogue);
        match timeout_at(
            step,
            self.stream.write_all(format!("{command}\r\n").as_bytes()),
        )
        .await
        {
            Ok(Ok(())) => Ok(()),
            Ok(Err(error)) => Err(Stop::protocol(format!(
                "the connection broke while sending {command}: {error}"
            ))),
            Err(_) => Err(timed_out(command)),
        }
    }

    /// One reply, every line of it, within one step's time.
    async fn reply(&mut self, dialogue: &Dialogue<'_>, after: &str) -> Result<Reply, Stop> {
        self.reply_within(step_deadline(dialogue), after).await
    }

    /// One reply, every line of it, by `step`.
    async fn reply_within(&mut self, step: Instant, after: &str) -> Result<Reply, Stop> {
        let mut reply = Reply {
            code: 0,
            lines: Vec::new(),
        };
        loop {
            let line = match timeout_at(step, self.line()).await {
                Ok(line) => line?,
                Err(_) => return Err(timed_out(after)),
            };
            let (code, last, text) = parse_line(&line)?;
            if reply.lines.is_empty() {
                reply.code = code;
            } else if code != reply.code {
                return Err(Stop::protocol(format!(
                    "a reply's lines changed code from {} to {code}",
                    reply.code
                )));
            }
            reply.lines.push(text);
            if last {
                return Ok(reply);
            }
            if reply.lines.len() >= REPLY_LINES {
                return Err(Stop::protocol(format!(
                    "a reply of more than {REPLY_LINES} lines"
                )));
            }
        }
    }

    /// One line, without its CRLF (a bare LF is taken too).
    async fn line(&mut self) -> Result<Vec<u8>, Stop> {
        loop {
            if let Some(end) = self.buffer.iter().position(|b| *b == b'\n') {
                if end > LINE_BYTES {
                    return Err(too_long());
                }
                let mut line: Vec<u8> = self.buffer.drain(..=end).collect();
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(line);
            }
            if self.buffer.len() > LINE_BYTES {
                return Err(too_long());
            }
            let mut chunk = [0u8; 1024];
            match self.stream.read(&mut chunk).await {
                Ok(0) => return Err(Stop::protocol("the server closed the connection")),
                Ok(n) => self.buffer.extend_from_slice(&chunk[..n]),
                Err(error) => {
                    return Err(Stop::protocol(format!("the connection broke: {error}")));
                }
            }
        }
    }
}

fn too_long() -> Stop {
    Stop::protocol(format!("a reply line longer than {LINE_BYTES} bytes"))
}

fn timed_out(waiting_for: &str) -> Stop {
    Stop {
        error: SmtpError::Timeout,
        message: format!("no answer in time after {waiting_for}"),
    }
}

/// The end of one step: the step timeout from now, but not past the deadline.
fn step_deadline(dialogue: &Dialogue<'_>) -> Instant {
    (Instant::now() + dialogue.step_timeout).min(dialogue.deadline)
}

/// `250-text` / `250 text` / `250`: the code, whether it is the last
/// line, and the text.
fn parse_line(line: &[u8]) -> Result<(u16, bool, String), Stop> {
    let text = String::from_utf8_lossy(line);
    let bytes = text.as_bytes();
    let code = match bytes.get(..3) {
        Some(digits)
            if digits.iter().all(u8::is_ascii_digit) && (b'2'..=b'5').contains(&digits[0]) =>
        {
            u16::from(digits[0] - b'0') * 100
                + u16::from(digits[1] - b'0') * 10
                + u16::from(digits[2] - b'0')
        }
        _ => {
            return Err(Stop::protocol(format!(
                "not an SMTP reply: `{}`",
                clean_text(&text, 80)
            )));
        }
    };
    let last = match bytes.get(3) {
        None | Some(b' ') => true,
        Some(b'-') => false,
        Some(_) => {
            return Err(Stop::protocol(format!(
                "not an SMTP reply: `{}`",
                clean_text(&text, 80)
            )));
        }
    };
    let rest = text.get(4..).unwrap_or("").to_string();
    Ok((code, last, rest))
}

/// Whether an EHLO reply lists STARTTLS (its first line is the greeting).
pub fn offers_starttls(reply: &Reply) -> bool {
    reply.lines.iter().skip(1).any(|line| {
        line.split_ascii_whitespace()
            .next()
            .is_some_and(|keyword| keyword.eq_ignore_ascii_case("STARTTLS"))
    })
}

/// The dialogue with the MX host `host`, over the first of `addresses`
/// that accepts a connection (each tried in turn when one is refused or
/// does not answer, within the deadline).
pub async fn probe(addresses: &[SocketAddr], host: &str, dialogue: &Dialogue<'_>) -> SmtpFacts {
    let mut facts = SmtpFacts::default();
    if addresses.is_empty() {
        facts.error = Some(SmtpError::Dns);
        facts.error_message = Some(format!("{} has no address", clean_text(host, 80)));
        return facts;
    }
    if let Err(stop) = converse(addresses, host, dialogue, &mut facts).await {
        facts.error = Some(stop.error);
        facts.error_message = Some(stop.message);
    }
    facts
}

async fn converse(
    addresses: &[SocketAddr],
    host: &str,
    dialogue: &Dialogue<'_>,
    facts: &mut SmtpFacts,
) -> Result<(), Stop> {
    let (used, connected, _) = first_that_connects(addresses, dialogue.deadline, |address| {
        let limit = dialogue
            .step_timeout
            .min(dialogue.deadline.saturating_duration_since(Instant::now()));
        connect(address, limit)
    })
    .await;
    let tcp: TcpStream = connected?;
    facts.address = Some(used.ip().to_string());
    let mut plain = Conversation::new(tcp);
    let greeting_wait = dialogue.greeting_timeout.max(dialogue.step_timeout);
    let greeting_by = (Instant::now() + greeting_wait).min(dialogue.deadline);
    let greeting = plain.reply_within(greeting_by, "connecting").await?;
    facts.banner = Some(clean_text(
        &format!(
            "{} {}",
            greeting.code,
            greeting.lines.first().map_or("", String::as_str)
        ),
        BANNER_CHARS,
    ));
    if greeting.code != 220 {
        return Err(Stop::protocol(format!(
            "the server greeted with {} instead of 220",
            greeting.code
        )));
    }
    plain
        .send(&format!("EHLO {}", dialogue.ehlo_name), dialogue)
        .await?;
    let ehlo = plain.reply(dialogue, "EHLO").await?;
    if ehlo.code != 250 {
        // A permanent refusal (5xx) says the server has no extensions,
        // STARTTLS included; a temporary one (4xx: too many connections,
        // greylisting) says nothing about them.
        if ehlo.code >= 500 {
            facts.starttls = Some(false);
        }
        quit(&mut plain, dialogue).await;
        return Err(Stop::protocol(format!(
            "EHLO was refused with {}",
            ehlo.code
        )));
    }
    let offered = offers_starttls(&ehlo);
    facts.starttls = Some(offered);
    if !offered {
        quit(&mut plain, dialogue).await;
        return Ok(());
    }
    // Bytes past the EHLO answer would be read as the answer to STARTTLS:
    // a server that sends them is not in step with the dialogue.
    if !plain.buffer.is_empty() {
        quit(&mut plain, dialogue).await;
        return Err(Stop::protocol(
            "the server sent more after its EHLO answer, before STARTTLS",
        ));
    }
    plain.send("STARTTLS", dialogue).await?;
    let ready = plain.reply(dialogue, "STARTTLS").await?;
    if ready.code != 220 {
        quit(&mut plain, dialogue).await;
        return Err(Stop::protocol(format!(
            "STARTTLS was answered with {} instead of 220",
            ready.code
        )));
    }
    // Bytes sent before the handshake would be read as if they came over
    // TLS (the STARTTLS command-injection flaw): refuse them.
    if !plain.buffer.is_empty() {
        return Err(Stop::protocol(
            "the server sent more after its STARTTLS answer, before TLS began",
        ));
    }
    let handshake = dialogue.tls.inspect_stream(plain.stream, host);
    let inspected = match timeout_at(step_deadline(dialogue), handshake).await {
        Ok(inspected) => inspected?,
        Err(_) => return Err(timed_out("STARTTLS, during the TLS handshake")),
    };
    facts.tls_version = Some(inspected.tls.version);
    facts.cipher = Some(inspected.tls.cipher);
    facts.key_exchange = inspected.tls.key_exchange;
    facts.cert = Some(Box::new(inspected.cert));
    let mut secure = Conversation::new(inspected.stream);
    quit(&mut secure, dialogue).await;
    Ok(())
}

/// QUIT, politely; whatever the server answers (or not) changes nothing.
async fn quit<S: AsyncRead + AsyncWrite + Unpin>(
    conversation: &mut Conversation<S>,
    dialogue: &Dialogue<'_>,
) {
    if conversation.send("QUIT", dialogue).await.is_ok() {
        let _ = conversation.reply(dialogue, "QUIT").await;
    }
    let _ = conversation.stream.shutdown().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    use tokio::net::TcpListener;

    /// A server that plays `script` to the first client: each item is
    /// written after one line is read (the first before anything).
    async fn server(script: Vec<Vec<u8>>) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let mut buffer = [0u8; 512];
            for (index, part) in script.into_iter().enumerate() {
                if index > 0 && stream.read(&mut buffer).await.unwrap_or(0) == 0 {
                    return;
                }
                if stream.write_all(&part).await.is_err() {
                    return;
                }
            }
            // Then hold the connection open, saying nothing more.
            let _ = stream.read(&mut buffer).await;
            tokio::time::sleep(Duration::from_secs(60)).await;
        });
        address
    }

    async fn run(script: Vec<Vec<u8>>) -> SmtpFacts {
        let address = server(script).await;
        run_at(&[address]).await
    }

    async fn run_at(addresses: &[SocketAddr]) -> SmtpFacts {
        let tls = TlsSetup::new(None).unwrap();
        let dialogue = Dialogue {
            tls: &tls,
            ehlo_name: "probe.test",
            step_timeout: Duration::from_millis(300),
            greeting_timeout: Duration::from_millis(1500),
            deadline: Instant::now() + Duration::from_secs(2),
        };
        probe(addresses, "mx.test", &dialogue).await
    }

    /// An address that refuses the connection is passed over for the next.
    #[tokio::test]
    async fn a_refused_address_falls_back_to_the_next() {
        let closed = {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            listener.local_addr().unwrap()
        };
        let open = server(vec![
            b"220 mx.test ESMTP\r\n".to_vec(),
            b"250-mx.test\r\n250 8BITMIME\r\n".to_vec(),
            b"221 bye\r\n".to_vec(),
        ])
        .await;
        let facts = run_at(&[closed, open]).await;
        assert_eq!(facts.error, None, "{facts:?}");
        assert_eq!(facts.address.as_deref(), Some("127.0.0.1"));
        assert_eq!(facts.starttls, Some(false));
        let none = run_at(&[]).await;
        assert_eq!(none.error, Some(SmtpError::Dns));
    }

    /// postscreen's teaser: `220-` then a pause longer than one step, then
    /// the rest of the greeting. The greeting has its own, longer wait.
    #[tokio::test]
    async fn a_greeting_that_pauses_is_waited_for() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let _ = stream.write_all(b"220-mx.test hold on\r\n").await;
            tokio::time::sleep(Duration::from_millis(500)).await;
            let _ = stream.write_all(b"220 mx.test ESMTP\r\n").await;
            let mut buffer = [0u8; 512];
            if stream.read(&mut buffer).await.unwrap_or(0) > 0 {
                let _ = stream.write_all(b"250-mx.test\r\n250 8BITMIME\r\n").await;
            }
            let _ = stream.read(&mut buffer).await;
            let _ = stream.write_all(b"221 bye\r\n").await;
        });
        let facts = run_at(&[address]).await;
        assert_eq!(facts.error, None, "{facts:?}");
        assert_eq!(facts.banner.as_deref(), Some("220 mx.test hold on"));
        assert_eq!(facts.starttls, Some(false));
    }

    #[test]
    fn starttls_is_an_extension_line_not_the_greeting() {
        let reply = |lines: &[&str]| Reply {
            code: 250,
            lines: lines.iter().map(|l| l.to_string()).collect(),
        };
        assert!(offers_starttls(&reply(&[
            "mx.test",
            "PIPELINING",
            "starttls"
        ])));
        assert!(!offers_starttls(&reply(&["STARTTLS"])));
        assert!(!offers_starttls(&reply(&[
            "mx.test",
            "STARTTLSX",
            "8BITMIME"
        ])));
    }

    #[test]
    fn reply_lines_are_parsed_strictly() {
        assert_eq!(parse_line(b"250-SIZE 1000").unwrap().0, 250);
        assert!(!parse_line(b"250-SIZE 1000").unwrap().1);
        assert!(parse_line(b"250").unwrap().1);
        for bad in [&b"25"[..], b"abc def", b"250x", b"999 no", b"\xff\xfe\xfd"] {
            assert!(parse_line(bad).is_err(), "{bad:?}");
        }
    }

    #[tokio::test]
    async fn a_server_without_starttls_says_so() {
        let facts = run(vec![
            b"220 mx.test ESMTP\r\n".to_vec(),
            b"250-mx.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n".to_vec(),
            b"221 bye\r\n".to_vec(),
        ])
        .await;
        assert_eq!(facts.banner.as_deref(), Some("220 mx.test ESMTP"));
        assert_eq!(facts.starttls, Some(false));
        assert_eq!(facts.error, None, "{facts:?}");
    }

    /// What a test server writes: each part after reading one line.
    type Script = Vec<Vec<u8>>;

    /// Silence, an endless line, a huge reply, garbage, a refusal, a close,
    /// bytes smuggled after the STARTTLS answer: each ends the dialogue
    /// with its reason, within the deadline, never a panic.
    #[tokio::test]
    async fn hostile_servers_cost_a_step_and_name_the_fault() {
        let endless = vec![b'x'; 64 * 1024];
        let many_lines = b"250-x\r\n".repeat(REPLY_LINES + 5);
        let cases: Vec<(Script, SmtpError, &str, Option<bool>)> = vec![
            (
                vec![],
                SmtpError::Timeout,
                "no answer in time after connecting",
                None,
            ),
            (
                vec![endless.clone()],
                SmtpError::Protocol,
                "longer than",
                None,
            ),
            (
                vec![b"220 mx.test\r\n".to_vec(), endless],
                SmtpError::Protocol,
                "longer than",
                None,
            ),
            (
                vec![b"220 mx.test\r\n".to_vec(), many_lines],
                SmtpError::Protocol,
                "more than 64 lines",
                None,
            ),
            (
                vec![b"HTTP/1.1 400 Bad\r\n".to_vec()],
                SmtpError::Protocol,
                "not an SMTP reply",
                None,
            ),
            (
                vec![b"554 go away\r\n".to_vec()],
                SmtpError::Protocol,
                "greeted with 554",
                None,
            ),
            (
                vec![b"220-a\r\n230 b\r\n".to_vec()],
                SmtpError::Protocol,
                "changed code",
                None,
            ),
            (
                vec![b"220 mx.test\r\n".to_vec(), b"".to_vec()],
                SmtpError::Timeout,
                "after EHLO",
                None,
            ),
            (
                vec![b"220 mx.test\r\n".to_vec(), b"500 what\r\n".to_vec()],
                SmtpError::Protocol,
                "EHLO was refused",
                Some(false),
            ),
            (
                vec![
                    b"220 mx.test\r\n".to_vec(),
                    b"421 4.7.0 too many connections\r\n".to_vec(),
                ],
                SmtpError::Protocol,
                "EHLO was refused with 421",
                None,
            ),
            (
                vec![
                    b"220 mx.test\r\n".to_vec(),
                    b"250-mx.test\r\n250 STARTTLS\r\n".to_vec(),
                    b"454 not now\r\n".to_vec(),
                ],
                SmtpError::Protocol,
                "answered with 454",
                Some(true),
            ),
            (
                vec![
                    b"220 mx.test\r\n".to_vec(),
                    b"250-mx.test\r\n250 STARTTLS\r\n220 go ahead\r\n".to_vec(),
                ],
                SmtpError::Protocol,
                "after its EHLO answer",
                Some(true),
            ),
            (
                vec![
                    b"220 mx.test\r\n".to_vec(),
                    b"250-mx.test\r\n250 STARTTLS\r\n".to_vec(),
                    b"220 go ahead\r\n250 injected\r\n".to_vec(),
                ],
                SmtpError::Protocol,
                "before TLS began",
                Some(true),
            ),
            (
                vec![
                    b"220 mx.test\r\n".to_vec(),
                    b"250-mx.test\r\n250 STARTTLS\r\n".to_vec(),
                    b"220 go ahead\r\n".to_vec(),
                    b"this is not TLS\r\n".to_vec(),
                ],
                SmtpError::Tls,
                "TLS handshake failed",
                Some(true),
            ),
        ];
        for (script, error, text, starttls) in cases {
            let facts = run(script.clone()).await;
            assert_eq!(facts.error, Some(error), "{script:?}: {facts:?}");
            let message = facts.error_message.clone().unwrap_or_default();
            assert!(message.contains(text), "{message:?} should say {text:?}");
            assert_eq!(facts.starttls, starttls, "{message}");
            assert!(facts.tls_version.is_none());
        }
    }
}
