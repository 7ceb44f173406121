//! HTTP(S) facts: the redirect chain followed by hand, the last response's
//! status, version, headers and title, HSTS, and whether plain HTTP ends on
//! HTTPS.

use std::time::Duration;

use hyper_util::rt::{TokioExecutor, TokioIo};
use reqwest::header::{
    ACCEPT, HOST, HeaderMap, LOCATION, SERVER, STRICT_TRANSPORT_SECURITY, USER_AGENT,
};
use reqwest::{Client, StatusCode, Url};
use tokio::net::TcpStream;
use tokio::time::{Instant, timeout_at};
use tokio_rustls::client::TlsStream;

use super::Failure;
use super::facts::{CookieFacts, ErrorClass, Hsts, Redirect, SecurityHeaders};
use crate::text::clean_text;

/// At most this many redirects are followed (the 11th is an error).
pub const MAX_REDIRECTS: usize = 10;
/// Body bytes read from the last response.
pub const BODY_CAP: u64 = 1024 * 1024;
/// Only the start of the body is kept, to find the `<title>`.
const TITLE_WINDOW: usize = 64 * 1024;

/// What following one URL's redirect chain learned.
#[derive(Debug, Default)]
pub struct Chain {
    pub redirects: Vec<Redirect>,
    /// Request to response headers, first hop.
    pub first_latency: Option<Duration>,
    pub last: Option<LastResponse>,
    /// HSTS of the first HTTPS response; `Some(None)` when it had none.
    pub hsts: Option<Option<Hsts>>,
    /// Why the chain stopped early, or the body was cut.
    pub failure: Option<Failure>,
    /// The first hop's connection, idle and kept open by the server once
    /// its answer was read whole: the endpoint's own origin, for one more
    /// request (its security.txt) without another handshake.
    pub reusable: Option<Sender>,
}

#[derive(Debug)]
pub struct LastResponse {
    pub url: Url,
    pub status: u16,
    pub version: &'static str,
    pub server: Option<String>,
    pub title: Option<String>,
    pub body_bytes: u64,
    pub security_headers: Box<SecurityHeaders>,
    pub cookies: Box<CookieFacts>,
    /// A `Retry-After` in seconds, on a 429 or 503.
    pub retry_after: Option<Duration>,
}

impl Chain {
    /// Whether the chain ended on an HTTPS response.
    pub fn ends_on_https(&self) -> Option<bool> {
        self.last.as_ref().map(|last| last.url.scheme() == "https")
    }
}

/// Follows `start` until a final answer, the redirect limit or the
/// deadline. With `connection`, the first request goes over it; later
/// hops use `client`.
pub async fn follow(
    client: &Client,
    start: Url,
    deadline: Instant,
    mut connection: Option<Connection>,
) -> Chain {
    let mut chain = Chain::default();
    let mut url = start;
    let mut visited: Vec<Url> = Vec::new();
    let mut first_hop: Option<Sender> = None;
    loop {
        let sent = Instant::now();
        let request = async {
            match connection.take() {
                Some(stream) => {
                    let (response, sender) = send_over(stream, &url, deadline).await?;
                    first_hop = Some(sender);
                    Ok(response)
                }
                None => client
                    .get(url.clone())
                    .send()
                    .await
                    .map_err(|e| classify(&e)),
            }
        };
        let response = match timeout_at(deadline, request).await {
            Err(_) => {
                chain.failure = Some(deadline_passed());
                return chain;
            }
            Ok(Err(failure)) => {
                chain.failure = Some(failure);
                return chain;
            }
            Ok(Ok(response)) => response,
        };
        if chain.first_latency.is_none() {
            chain.first_latency = Some(sent.elapsed());
        }
        if url.scheme() == "https" && chain.hsts.is_none() {
            chain.hsts = Some(hsts(response.headers()));
        }
        let status = response.status();
        if let Some(next) = redirect_target(&url, status, response.headers()) {
            if let Some(sender) = first_hop.take() {
                // A redirect's body is a few bytes; read whole, it leaves
                // the connection free for another request.
                let (_, _, failure) = read_body(response, deadline).await;
                chain.reusable = failure.is_none().then_some(sender);
            }
            chain.redirects.push(Redirect {
                url: url.to_string(),
                status: status.as_u16(),
                location: next.to_string(),
            });
            visited.push(url);
            if visited.contains(&next) {
                chain.failure = Some(Failure::new(
                    ErrorClass::TooManyRedirects,
                    format!("redirect loop back to {next}"),
                ));
                return chain;
            }
            if chain.redirects.len() > MAX_REDIRECTS {
                chain.failure = Some(Failure::new(
                    ErrorClass::TooManyRedirects,
                    format!("more than {MAX_REDIRECTS} redirects"),
                ));
                return chain;
            }
            url = next;
            continue;
        }
        let headers = response.headers();
        let mut last = LastResponse {
            url: url.clone(),
            status: status.as_u16(),
            version: version_name(response.version()),
            server: headers
                .get(SERVER)
                .map(|v| clean_text(&String::from_utf8_lossy(v.as_bytes()), 200)),
            title: None,
            body_bytes: 0,
            security_headers: Box::new(super::headers::security_headers(headers)),
            cookies: Box::new(super::headers::cookies(headers, url.scheme() == "https")),
            retry_after: super::retry::retry_after(status, headers),
        };
        let (window, read, failure) = read_body(response, deadline).await;
        last.title = title(&window);
        last.body_bytes = read;
        chain.last = Some(last);
        if failure.is_none() && chain.reusable.is_none() {
            chain.reusable = first_hop.take();
        }
        chain.failure = failure;
        return chain;
    }
}

/// A connection the prober opened itself for a probe's first request:
/// its own connect (timed, classified) and, for HTTPS, the handshake whose
/// TLS facts were just read. Later hops go through reqwest.
pub enum Connection {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

/// Sends a GET over an open connection, in HTTP/2 when ALPN agreed on it,
/// and hands the answer back as a reqwest response so that the rest of the
/// chain reads it like any other.
pub async fn send_over(
    connection: Connection,
    url: &Url,
    deadline: Instant,
) -> Result<(reqwest::Response, Sender), Failure> {
    // Each exchange is boxed: inline, the largest of the three (a few KiB)
    // would sit in every probe task for the whole probe, 256 at a time.
    let response = match connection {
        Connection::Plain(stream) => {
            let socket = second_handle(&stream);
            Box::pin(exchange(
                TokioIo::new(stream),
                socket,
                url,
                deadline,
                Protocol::Http1,
            ))
            .await?
        }
        Connection::Tls(stream) => {
            let protocol = if stream.get_ref().1.alpn_protocol() == Some(b"h2".as_slice()) {
                Protocol::Http2
            } else {
                Protocol::Http1
            };
            let socket = second_handle(stream.get_ref().0);
            Box::pin(exchange(
                TokioIo::new(*stream),
                socket,
                url,
                deadline,
                protocol,
            ))
            .await?
        }
    };
    Ok(response)
}

/// The sending half of a connection [`send_over`] opened, for another
/// request over it once the first answer was read. The connection lasts as
/// long as this does, and no longer.
#[derive(Debug)]
pub struct Sender {
    requests: Requests,
    _connection: ConnectionGuard,
}

#[derive(Debug)]
enum Requests {
    Http1(hyper::client::conn::http1::SendRequest<String>),
    Http2(hyper::client::conn::http2::SendRequest<String>),
}

impl Sender {
    /// A GET for `url` (on the connection's origin) over this connection,
    /// once it is free; an error when the server closed it. The answer's
    /// body is read while this `Sender` is kept.
    pub async fn get(&mut self, url: &Url) -> Result<reqwest::Response, Failure> {
        let response = match &mut self.requests {
            Requests::Http1(sender) => {
                sender.ready().await.map_err(request_failed)?;
                sender
                    .send_request(request_for(url, Protocol::Http1)?)
                    .await
            }
            Requests::Http2(sender) => {
                sender.ready().await.map_err(request_failed)?;
                sender
                    .send_request(request_for(url, Protocol::Http2)?)
                    .await
            }
        }
        .map_err(request_failed)?;
        Ok(as_reqwest(response))
    }
}

fn as_reqwest(response: hyper::Response<hyper::body::Incoming>) -> reqwest::Response {
    reqwest::Response::from(response.map(reqwest::Body::wrap))
}

/// Runs a connection's I/O in its own task until it closes, or a moment
/// after the probe's deadline: the probe itself gives up at the deadline and
/// says why (a timeout), rather than learning that the connection vanished.
/// The guard returned ends it sooner, when the probe is done with it.
fn drive<F>(connection: F, socket: Option<socket2::Socket>, deadline: Instant) -> ConnectionGuard
where
    F: std::future::Future + Send + 'static,
    F::Output: Send,
{
    const GRACE: Duration = Duration::from_millis(500);
    ConnectionGuard {
        task: tokio::spawn(timeout_at(deadline + GRACE, connection)).abort_handle(),
        socket,
    }
}

/// A second handle on a connection's socket (a duplicated descriptor), so
/// that the socket can be shut down from outside the task that owns it.
/// Without a descriptor to spare, none: the task's abort alone then ends
/// the connection, a moment later.
fn second_handle(stream: &TcpStream) -> Option<socket2::Socket> {
    socket2::SockRef::from(stream).try_clone().ok()
}

/// Ends a connection the prober opened when the probe lets go of it: at
/// the end of the probe, or when the probe gives up waiting for an answer.
/// The socket is shut down at once (the FIN goes out before the probe's
/// per-host permit is handed on), then the task that drove it is aborted.
/// Left to itself the task would linger until hyper noticed, or up to its
/// grace after the deadline, and a hostile server would see the next
/// probe of the host arrive while this one's connection is still open:
/// more requests in progress than `--per-host` allows.
#[derive(Debug)]
struct ConnectionGuard {
    task: tokio::task::AbortHandle,
    socket: Option<socket2::Socket>,
}

impl Drop for ConnectionGuard {
    fn drop(&mut self) {
        if let Some(socket) = &self.socket {
            let _ = socket.shutdown(std::net::Shutdown::Both);
        }
        self.task.abort();
    }
}

fn get(target: &str) -> hyper::http::request::Builder {
    hyper::Request::get(target)
        .header(USER_AGENT, super::USER_AGENT)
        .header(ACCEPT, "*/*")
}

fn request_failed(error: hyper::Error) -> Failure {
    classify_cause(&error, false)
}

/// The protocol of a connection's one exchange, as ALPN agreed.
#[derive(Clone, Copy)]
enum Protocol {
    Http1,
    Http2,
}

/// Shakes hands in `protocol` over `io` and sends the GET for `url`: in
/// HTTP/1.1 with the path and a `Host` header, in HTTP/2 with the whole
/// URL (its `:authority`).
async fn exchange<T>(
    io: T,
    socket: Option<socket2::Socket>,
    url: &Url,
    deadline: Instant,
    protocol: Protocol,
) -> Result<(reqwest::Response, Sender), Failure>
where
    T: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    // The handshake's future is boxed: it is freed once it is done, where
    // inline it would take room (2 KiB) for the whole wait for the answer.
    // The request is made after it, so it does not wait in the probe's
    // future through the handshake.
    match protocol {
        Protocol::Http1 => {
            let (mut sender, connection) = Box::pin(hyper::client::conn::http1::handshake(io))
                .await
                .map_err(request_failed)?;
            let guard = drive(connection, socket, deadline);
            let response = sender
                .send_request(request_for(url, protocol)?)
                .await
                .map_err(request_failed)?;
            let sender = Sender {
                requests: Requests::Http1(sender),
                _connection: guard,
            };
            Ok((as_reqwest(response), sender))
        }
        Protocol::Http2 => {
            let (mut sender, connection) = Box::pin(hyper::client::conn::http2::handshake(
                TokioExecutor::new(),
                io,
            ))
            .await
            .map_err(request_failed)?;
            let guard = drive(connection, socket, deadline);
            let response = sender
                .send_request(request_for(url, protocol)?)
                .await
                .map_err(request_failed)?;
            let sender = Sender {
                requests: Requests::Http2(sender),
                _connection: guard,
            };
            Ok((as_reqwest(response), sender))
        }
    }
}

/// The GET for `url`: in HTTP/1.1 the path and a `Host` header, in HTTP/2
/// the whole URL (its `:authority`).
fn request_for(url: &Url, protocol: Protocol) -> Result<hyper::Request<String>, Failure> {
    match protocol {
        Protocol::Http1 => get(&url[url::Position::BeforePath..url::Position::AfterQuery]).header(
            HOST,
            &url[url::Position::BeforeHost..url::Position::AfterPort],
        ),
        Protocol::Http2 => get(url.as_str()),
    }
    .body(String::new())
    .map_err(|e| Failure::new(ErrorClass::Http, format!("{url}: {e}")))
}

/// Reads up to [`BODY_CAP`] bytes, keeping the first [`TITLE_WINDOW`].
async fn read_body(
    mut response: reqwest::Response,
    deadline: Instant,
) -> (Vec<u8>, u64, Option<Failure>) {
    let mut window = Vec::new();
    let mut read: u64 = 0;
    loop {
        let chunk = match timeout_at(deadline, response.chunk()).await {
            Err(_) => return (window, read, Some(deadline_passed())),
            Ok(Err(error)) => return (window, read, Some(classify(&error))),
            Ok(Ok(None)) => return (window, read, None),
            Ok(Ok(Some(chunk))) => chunk,
        };
        let room = TITLE_WINDOW.saturating_sub(window.len());
        window.extend_from_slice(&chunk[..room.min(chunk.len())]);
        read += chunk.len() as u64;
        if read > BODY_CAP {
            let failure = Failure::new(
                ErrorClass::BodyTooLarge,
                format!("body longer than {BODY_CAP} bytes; stopped reading"),
            );
            return (window, BODY_CAP, Some(failure));
        }
    }
}

pub(crate) fn redirect_target(
    current: &Url,
    status: StatusCode,
    headers: &HeaderMap,
) -> Option<Url> {
    if !matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let location = headers.get(LOCATION)?.to_str().ok()?;
    let next = current.join(location.trim()).ok()?;
    matches!(next.scheme(), "http" | "https").then_some(next)
}

fn version_name(version: reqwest::Version) -> &'static str {
    match version {
        reqwest::Version::HTTP_09 => "HTTP/0.9",
        reqwest::Version::HTTP_10 => "HTTP/1.0",
        reqwest::Version::HTTP_11 => "HTTP/1.1",
        reqwest::Version::HTTP_2 => "HTTP/2",
        reqwest::Version::HTTP_3 => "HTTP/3",
        _ => "HTTP/?",
    }
}

fn deadline_passed() -> Failure {
    Failure::new(
        ErrorClass::Timeout,
        "no complete answer before the deadline",
    )
}

/// One error class per reqwest failure, found by walking its causes.
pub fn classify(error: &reqwest::Error) -> Failure {
    if error.is_timeout() {
        return Failure::new(ErrorClass::Timeout, error_chain(error));
    }
    classify_cause(error, error.is_connect())
}

/// The class of an error from its causes; `connecting` when it happened
/// before the connection stood.
fn classify_cause(error: &(dyn std::error::Error + 'static), connecting: bool) -> Failure {
    let message = error_chain(error);
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::*;
            let kind = io.kind();
            let class = match kind {
                ConnectionRefused | HostUnreachable | NetworkUnreachable => {
                    Some(ErrorClass::Refused)
                }
                TimedOut => Some(ErrorClass::Timeout),
                ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof => {
                    Some(ErrorClass::Http)
                }
                _ => None,
            };
            if let Some(class) = class {
                return Failure::from_io(class, kind, message);
            }
        }
        if cause.downcast_ref::<rustls::Error>().is_some() {
            return Failure::new(ErrorClass::Tls, message);
        }
        if cause
            .downcast_ref::<hickory_resolver::net::NetError>()
            .is_some()
        {
            return Failure::new(ErrorClass::Dns, message);
        }
        source = cause.source();
    }
    if connecting {
        return Failure::new(ErrorClass::Refused, message);
    }
    Failure::new(ErrorClass::Http, message)
}

/// "outer: inner: innermost", without repeating a cause's own text.
fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let part = cause.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = cause.source();
    }
    clean_text(&text, 500)
}

/// Strict-Transport-Security (RFC 6797 §6.1): `max-age` is required, each
/// directive at most once, names in any case; anything else makes the
/// header invalid, as browsers treat it.
pub fn hsts(headers: &HeaderMap) -> Option<Hsts> {
    let value = headers.get(STRICT_TRANSPORT_SECURITY)?.to_str().ok()?;
    let mut max_age = None;
    let mut include_subdomains = false;
    let mut preload = false;
    for directive in value.split(';') {
        let directive = directive.trim();
        if directive.is_empty() {
            continue;
        }
        let (name, argument) = match directive.split_once('=') {
            Some((name, argument)) => (name.trim(), Some(argument.trim().trim_matches('"'))),
            None => (directive, None),
        };
        if name.eq_ignore_ascii_case("max-age") {
            let seconds: u64 = argument?.parse().ok()?;
            if max_age.replace(seconds).is_some() {
                return None;
            }
        } else if name.eq_ignore_ascii_case("includesubdomains") {
            if include_subdomains || argument.is_some() {
                return None;
            }
            include_subdomains = true;
        } else if name.eq_ignore_ascii_case("preload") {
            preload = true;
        }
    }
    Some(Hsts {
        max_age: max_age?,
        include_subdomains,
        preload,
    })
}

/// The text of the first `<title>` element, whitespace collapsed.
pub fn title(body: &[u8]) -> Option<String> {
    let lower: Vec<u8> = body.iter().map(u8::to_ascii_lowercase).collect();
    let open = find(&lower, b"<title")?;
    let after_name = lower.get(open + 6)?;
    if !(*after_name == b'>' || after_name.is_ascii_whitespace()) {
        return None;
    }
    let start = open + find(&lower[open..], b">")? + 1;
    let end = start + find(&lower[start..], b"</title")?;
    let text = String::from_utf8_lossy(&body[start..end]);
    let text = decode_entities(&text);
    let text = clean_text(&text, 300);
    (!text.is_empty()).then_some(text)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn sts(value: &str) -> Option<Hsts> {
        let mut headers = HeaderMap::new();
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_str(value).unwrap(),
        );
        hsts(&headers)
    }

    #[test]
    fn hsts_follows_rfc_6797() {
        assert_eq!(
            sts("max-age=31536000; includeSubDomains; preload"),
            Some(Hsts {
                max_age: 31_536_000,
                include_subdomains: true,
                preload: true
            })
        );
        assert_eq!(sts("MAX-AGE=\"600\"").map(|h| h.max_age), Some(600));
        assert_eq!(sts("includeSubDomains"), None);
        assert_eq!(sts("max-age=abc"), None);
        assert_eq!(sts("max-age=1; max-age=2"), None);
        assert_eq!(sts("max-age=0").map(|h| h.max_age), Some(0));
    }

    /// A probe that gives up waiting for an answer closes its connection
    /// before it hands its per-host permit on: the server sees the FIN at
    /// once, not when the connection's task next runs. The runtime has one
    /// thread and the test does not yield after giving up, so that task
    /// cannot have run: only the guard's shutdown can have sent the FIN.
    #[tokio::test(flavor = "current_thread")]
    async fn a_probe_that_gives_up_closes_its_connection_at_once() {
        use std::io::Read;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = Url::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
        let stream = TcpStream::connect(listener.local_addr().unwrap())
            .await
            .unwrap();
        let (mut server_side, _) = listener.accept().unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        // A silent server: the request is read, no answer comes.
        let exchange = send_over(Connection::Plain(stream), &url, deadline);
        let gave_up = tokio::time::timeout(Duration::from_millis(200), exchange).await;
        assert!(gave_up.is_err(), "no answer was sent");
        server_side
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut request = Vec::new();
        let read = server_side.read_to_end(&mut request);
        assert!(read.is_ok(), "the client closed its end: {read:?}");
        assert!(request.starts_with(b"GET / HTTP/1.1"), "{request:?}");
    }

    #[test]
    fn titles_are_found_cleaned_and_capped() {
        assert_eq!(
            title(b"<html><head><TITLE lang=vi>\n  C\xe1\xbb\x95ng  &amp; D\xe1\xbb\x8bch v\xe1\xbb\xa5\n</title>"),
            Some("Cổng & Dịch vụ".to_string())
        );
        assert_eq!(title(b"<titles>no</titles>"), None);
        assert_eq!(
            title(b"<title>\x1b[31mred\x1b[0m</title>"),
            Some("[31mred[0m".into())
        );
        assert_eq!(title(b"<title>unterminated"), None);
    }
}
