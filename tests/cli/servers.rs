//! Servers the probe tests talk to: plain HTTP/1.1, HTTPS (HTTP/1.1 or
//! HTTP/2 over rustls), bare TCP, DNS (with MX and TXT records) and SMTP
//! on port 25 (with or without STARTTLS), each on a loopback address and a
//! port the OS picks, with certificates made by rcgen; and OpenSSL's
//! `s_server` for the legacy TLS cases, with certificates made by
//! `openssl` (a missing binary fails those tests). Nothing here reaches
//! beyond 127.0.0.0/8.
//!
//! Every server runs on its own tokio runtime in a background thread and
//! stops when its value is dropped. Each connection is served by its own
//! task, so a client that holds one connection open (or a hostile reply
//! that never ends) does not stall the next connection.

use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use hickory_resolver::proto::op::{Edns, Message, Metadata, ResponseCode};
use hickory_resolver::proto::rr::rdata::{A, AAAA, CNAME, MX, PTR, TXT};
use hickory_resolver::proto::rr::{Name, RData, Record, RecordType};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ServerConfig, SupportedCipherSuite, SupportedProtocolVersion};
use time::OffsetDateTime;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream, UdpSocket};
use tokio::sync::oneshot;

pub const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

// ---------------------------------------------------------------------------
// Running a server in the background
// ---------------------------------------------------------------------------

/// The thread a server runs on; dropping it stops the server and closes
/// every connection it still holds.
struct Background {
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Background {
    fn run(server: impl Future<Output = ()> + Send + 'static) -> Self {
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("test server runtime");
            runtime.block_on(async {
                tokio::select! {
                    () = server => {}
                    _ = stopped => {}
                }
            });
            // Dropping the runtime drops every connection task.
        });
        Background {
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A listener on `ip` and a port the OS picks, bound before the server
/// starts so that a client may connect as soon as this returns.
fn listen(ip: IpAddr) -> std::net::TcpListener {
    let listener = std::net::TcpListener::bind((ip, 0)).expect("bind a test listener");
    listener
        .set_nonblocking(true)
        .expect("non-blocking listener");
    listener
}

/// Accepts connections until the server stops, each served by its own task.
async fn accept_each<F, Fut>(listener: std::net::TcpListener, serve: F)
where
    F: Fn(TcpStream) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::from_std(listener).expect("tokio listener");
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                tokio::spawn(serve(stream));
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
}

/// A TCP port on `ip` where nothing listens: bound, then released.
pub fn free_port(ip: IpAddr) -> u16 {
    let listener = std::net::TcpListener::bind((ip, 0)).expect("bind a probe port");
    listener.local_addr().expect("local address").port()
}

// ---------------------------------------------------------------------------
// HTTP: requests, responses and the hostile ways of (not) answering
// ---------------------------------------------------------------------------

/// What a server saw of a request.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The request target: path and query.
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// A complete response; `Content-Length` is added when sent.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// 200 with an HTML page whose `<title>` is `title`, written as given.
    pub fn html(title: &str) -> Self {
        Response::new(200)
            .header("Content-Type", "text/html; charset=utf-8")
            .body(format!(
                "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body><p>test page</p></body></html>\n"
            ))
    }

    /// A redirect with this status to `location`, written as given.
    pub fn redirect(status: u16, location: &str) -> Self {
        Response::new(status).header("Location", location)
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }
}

/// How a server answers one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A normal, complete response.
    Send(Response),
    /// Read the request, then say nothing until the client hangs up.
    Silence,
    /// Send a status line and then an endless header, one byte a second.
    TrickleHead,
    /// `200 OK` followed by a body that never ends (no length, never closed).
    EndlessBody,
    /// `200 OK` with one header line this many bytes long.
    HugeHeader(usize),
}

impl From<Response> for Reply {
    fn from(response: Response) -> Self {
        Reply::Send(response)
    }
}

/// Chooses the reply to each request.
pub type Routes = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

const MAX_REQUEST_HEAD: usize = 64 * 1024;

/// Reads one line of a request head, counting it against the head's limit.
async fn read_head_line<S: AsyncRead + Unpin>(
    stream: &mut BufReader<S>,
    head_size: &mut usize,
) -> Option<String> {
    let mut line = Vec::new();
    let read = stream.read_until(b'\n', &mut line).await.ok()?;
    *head_size += read;
    if read == 0 || *head_size > MAX_REQUEST_HEAD {
        return None;
    }
    Some(String::from_utf8_lossy(&line).trim_end().to_owned())
}

/// Reads one request head (and skips a body with a `Content-Length`);
/// `None` once the client hung up or sent something unreadable.
async fn read_request<S: AsyncRead + Unpin>(stream: &mut BufReader<S>) -> Option<Request> {
    let mut head_size = 0;
    let request_line = read_head_line(stream, &mut head_size).await?;
    let mut parts = request_line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let header = read_head_line(stream, &mut head_size).await?;
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let request = Request {
        method,
        path,
        headers,
    };
    let body_length = request
        .header("content-length")
        .and_then(|length| length.parse::<u64>().ok())
        .unwrap_or(0);
    if body_length > 0 {
        let mut body = (&mut *stream).take(body_length);
        tokio::io::copy(&mut body, &mut tokio::io::sink())
            .await
            .ok()?;
    }
    Some(request)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

async fn write_response<S: AsyncWrite + Unpin>(
    stream: &mut S,
    request: &Request,
    response: &Response,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", response.body.len()));
    stream.write_all(head.as_bytes()).await?;
    if request.method != "HEAD" {
        stream.write_all(&response.body).await?;
    }
    stream.flush().await
}

/// Serves HTTP/1.1 on one connection, request after request (keep-alive),
/// until the client hangs up or a hostile reply ends the conversation.
async fn serve_http1<S: AsyncRead + AsyncWrite + Unpin>(stream: S, routes: Routes) {
    let mut stream = BufReader::new(stream);
    while let Some(request) = read_request(&mut stream).await {
        match routes(&request) {
            Reply::Send(response) => {
                if write_response(&mut stream, &request, &response)
                    .await
                    .is_err()
                {
                    return;
                }
                let closing = request
                    .header("connection")
                    .is_some_and(|value| value.eq_ignore_ascii_case("close"));
                if closing {
                    return;
                }
            }
            Reply::Silence => {
                // Wait for the client to give up, reading whatever it sends.
                let mut ignored = [0u8; 1024];
                while stream.read(&mut ignored).await.is_ok_and(|read| read > 0) {}
                return;
            }
            Reply::TrickleHead => {
                let mut head = b"HTTP/1.1 200 OK\r\nX-Trickle: ".to_vec();
                head.extend(std::iter::repeat_n(b'a', 100_000));
                for byte in head.chunks(1) {
                    if stream.write_all(byte).await.is_err() || stream.flush().await.is_err() {
                        return;
                    }
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                return;
            }
            Reply::EndlessBody => {
                let head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n";
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = vec![b'x'; 16 * 1024];
                while stream.write_all(&chunk).await.is_ok() {}
                return;
            }
            Reply::HugeHeader(size) => {
                let mut head = b"HTTP/1.1 200 OK\r\nX-Huge: ".to_vec();
                head.extend(std::iter::repeat_n(b'h', size));
                head.extend_from_slice(b"\r\nContent-Length: 0\r\n\r\n");
                let _ = stream.write_all(&head).await;
                let _ = stream.flush().await;
                return;
            }
        }
    }
}

/// Serves HTTP/2 on one connection. Hostile replies are HTTP/1.1 tricks:
/// here they reset the stream.
async fn serve_http2<S: AsyncRead + AsyncWrite + Unpin>(stream: S, routes: Routes) {
    let Ok(mut connection) = h2::server::handshake(stream).await else {
        return;
    };
    while let Some(Ok((request, mut respond))) = connection.accept().await {
        let mut headers: Vec<(String, String)> = request
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        if let Some(authority) = request.uri().authority() {
            headers.push(("host".to_owned(), authority.as_str().to_owned()));
        }
        let seen = Request {
            method: request.method().as_str().to_owned(),
            path: request
                .uri()
                .path_and_query()
                .map_or("/", |path| path.as_str())
                .to_owned(),
            headers,
        };
        let Reply::Send(response) = routes(&seen) else {
            respond.send_reset(h2::Reason::INTERNAL_ERROR);
            continue;
        };
        let mut head = http::Response::builder().status(response.status);
        for (name, value) in &response.headers {
            head = head.header(name.to_ascii_lowercase(), value);
        }
        head = head.header("content-length", response.body.len());
        let Ok(head) = head.body(()) else {
            respond.send_reset(h2::Reason::INTERNAL_ERROR);
            continue;
        };
        let no_body = response.body.is_empty() || seen.method == "HEAD";
        let Ok(mut body) = respond.send_response(head, no_body) else {
            continue;
        };
        if !no_body {
            let _ = body.send_data(bytes::Bytes::from(response.body), true);
        }
    }
}

fn routes(routes: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Routes {
    Arc::new(routes)
}

/// A plain-HTTP server answering by its routes.
pub struct HttpServer {
    addr: SocketAddr,
    _background: Background,
}

impl HttpServer {
    /// On 127.0.0.1.
    pub fn start(routes_fn: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Self {
        HttpServer::start_on(LOOPBACK, routes_fn)
    }

    pub fn start_on(
        ip: IpAddr,
        routes_fn: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = listen(ip);
        let addr = listener.local_addr().expect("local address");
        let routes = routes(routes_fn);
        let background = Background::run(accept_each(listener, move |stream| {
            serve_http1(stream, routes.clone())
        }));
        HttpServer {
            addr,
            _background: background,
        }
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `http://IP:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

/// An HTTPS server: TLS by the given rustls configuration, then HTTP/2 when
/// ALPN agreed on `h2`, HTTP/1.1 otherwise.
pub struct HttpsServer {
    addr: SocketAddr,
    /// TCP connections accepted so far.
    connections: Arc<std::sync::atomic::AtomicUsize>,
    _background: Background,
}

impl HttpsServer {
    /// On 127.0.0.1.
    pub fn start(
        tls: Arc<ServerConfig>,
        routes_fn: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    ) -> Self {
        HttpsServer::serve(listen(LOOPBACK), tls, routes_fn)
    }

    /// On a given address and port: 443 for what a prober asks at a host's
    /// HTTPS origin (the tests run as root).
    pub fn start_at(
        addr: SocketAddr,
        tls: Arc<ServerConfig>,
        routes_fn: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = std::net::TcpListener::bind(addr)
            .unwrap_or_else(|e| panic!("bind {addr} (port 443 needs root): {e}"));
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        HttpsServer::serve(listener, tls, routes_fn)
    }

    fn serve(
        listener: std::net::TcpListener,
        tls: Arc<ServerConfig>,
        routes_fn: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let addr = listener.local_addr().expect("local address");
        let routes = routes(routes_fn);
        let acceptor = tokio_rustls::TlsAcceptor::from(tls);
        let connections = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = Arc::clone(&connections);
        let background = Background::run(accept_each(listener, move |stream| {
            let acceptor = acceptor.clone();
            let routes = routes.clone();
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            async move {
                // A client that rejects the certificate ends here.
                let Ok(stream) = acceptor.accept(stream).await else {
                    return;
                };
                let http2 = stream.get_ref().1.alpn_protocol() == Some(b"h2");
                if http2 {
                    serve_http2(stream, routes).await;
                } else {
                    serve_http1(stream, routes).await;
                }
            }
        }));
        HttpsServer {
            addr,
            connections,
            _background: background,
        }
    }

    /// TCP connections accepted so far (the probe's handshake, and each
    /// hand-built hello of its version sweep).
    pub fn connections(&self) -> usize {
        self.connections.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// `https://{host}:PORT{path}`: `host` is what the client asks for
    /// (SNI and certificate name check), the server is on 127.0.0.1.
    pub fn url(&self, host: &str, path: &str) -> String {
        format!("https://{host}:{}{path}", self.addr.port())
    }
}

/// A TCP port that accepts connections and holds each one until the client
/// leaves, saying nothing.
pub struct TcpServer {
    addr: SocketAddr,
    _background: Background,
}

impl TcpServer {
    pub fn start_on(ip: IpAddr) -> Self {
        let listener = listen(ip);
        let addr = listener.local_addr().expect("local address");
        let background = Background::run(accept_each(listener, |mut stream| async move {
            let mut ignored = [0u8; 1024];
            while stream.read(&mut ignored).await.is_ok_and(|read| read > 0) {}
        }));
        TcpServer {
            addr,
            _background: background,
        }
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }
}

/// A TCP port that never answers a connection attempt, as one behind a
/// firewall's DROP rule: a listener with the smallest accept queue, filled
/// by a connection nobody accepts. Linux then drops every further SYN
/// rather than refusing it, so the prober's connect runs into its deadline.
pub struct SilentPort {
    addr: SocketAddr,
    _listener: socket2::Socket,
    _queued: Vec<std::net::TcpStream>,
}

impl SilentPort {
    pub fn start_on(ip: IpAddr) -> Self {
        use socket2::{Domain, Socket, Type};
        let listener = Socket::new(
            Domain::for_address(SocketAddr::new(ip, 0)),
            Type::STREAM,
            None,
        )
        .expect("a TCP socket");
        listener
            .bind(&SocketAddr::new(ip, 0).into())
            .expect("bind a silent port");
        listener.listen(0).expect("listen with no queue");
        let addr = listener
            .local_addr()
            .expect("local address")
            .as_socket()
            .expect("an IP address");
        let mut queued = Vec::new();
        let attempt = Duration::from_millis(300);
        while let Ok(stream) = std::net::TcpStream::connect_timeout(&addr, attempt) {
            queued.push(stream);
            assert!(
                queued.len() < 16,
                "the accept queue of {addr} does not fill"
            );
        }
        assert!(!queued.is_empty(), "nothing could connect to {addr}");
        SilentPort {
            addr,
            _listener: listener,
            _queued: queued,
        }
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }
}

// ---------------------------------------------------------------------------
// SMTP: a sink that accepts every message and keeps it
// ---------------------------------------------------------------------------

/// A minimal SMTP server (RFC 5321 without extensions) that accepts every
/// message and keeps what arrived: envelope recipients and raw data.
pub struct SmtpSink {
    addr: SocketAddr,
    received: std::sync::Arc<std::sync::Mutex<Vec<SmtpMessage>>>,
    connections: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    _background: Background,
}

#[derive(Debug, Clone, Default)]
pub struct SmtpMessage {
    pub from: String,
    pub to: Vec<String>,
    pub data: Vec<u8>,
}

impl SmtpSink {
    pub fn start() -> Self {
        SmtpSink::refusing(&[])
    }

    /// A sink that answers `550` to a `RCPT TO` of any of `refused`
    /// (addresses without the angle brackets), and takes the rest.
    pub fn refusing(refused: &[&str]) -> Self {
        SmtpSink::with(SinkRules {
            refused: refused.iter().map(|a| a.to_string()).collect(),
            ..SinkRules::default()
        })
    }

    /// A sink that misbehaves as `rules` say.
    pub fn with(rules: SinkRules) -> Self {
        let listener = listen(LOOPBACK);
        let addr = listener.local_addr().expect("local address");
        let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let store = std::sync::Arc::clone(&received);
        let counter = std::sync::Arc::clone(&connections);
        let rules = std::sync::Arc::new(rules);
        let background = Background::run(accept_each(listener, move |stream| {
            let store = std::sync::Arc::clone(&store);
            let rules = std::sync::Arc::clone(&rules);
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            async move {
                let _ = smtp_session(stream, store, &rules).await;
            }
        }));
        SmtpSink {
            addr,
            received,
            connections,
            _background: background,
        }
    }

    /// How many connections the sink took.
    pub fn connections(&self) -> usize {
        self.connections.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    pub fn messages(&self) -> Vec<SmtpMessage> {
        self.received.lock().map(|m| m.clone()).unwrap_or_default()
    }
}

/// How a test SMTP sink misbehaves; by default it takes everything.
#[derive(Debug, Default)]
pub struct SinkRules {
    /// `RCPT TO` of these addresses gets `550`.
    pub refused: Vec<String>,
    /// `DATA` of a mail to one of these gets `554` (the transaction stays
    /// open: the client must reset it).
    pub data_refused: Vec<String>,
    /// The sink hangs up after each message it takes, as a server does
    /// after so many mails or an idle while.
    pub hang_up_after_message: bool,
    /// The sink offers `AUTH PLAIN` and refuses every login with `535`.
    pub refuse_login: bool,
}

async fn smtp_session(
    stream: TcpStream,
    store: std::sync::Arc<std::sync::Mutex<Vec<SmtpMessage>>>,
    rules: &SinkRules,
) -> std::io::Result<()> {
    let refused = rules.refused.as_slice();
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sink.test ESMTP\r\n").await?;
    let mut message = SmtpMessage::default();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_ascii_uppercase();
        if command.starts_with("EHLO") && rules.refuse_login {
            write
                .write_all(b"250-sink.test\r\n250 AUTH PLAIN LOGIN\r\n")
                .await?;
        } else if command.starts_with("EHLO") || command.starts_with("HELO") {
            write.write_all(b"250 sink.test\r\n").await?;
        } else if command.starts_with("AUTH") {
            write
                .write_all(b"535 5.7.8 authentication failed\r\n")
                .await?;
        } else if command.starts_with("MAIL FROM:") {
            if !message.from.is_empty() {
                write
                    .write_all(b"503 5.5.1 nested MAIL command\r\n")
                    .await?;
                continue;
            }
            message = SmtpMessage {
                from: line.trim_end()[10..].trim().to_string(),
                ..SmtpMessage::default()
            };
            write.write_all(b"250 OK\r\n").await?;
        } else if command.starts_with("RCPT TO:") {
            let to = line.trim_end()[8..].trim().to_string();
            if refused.iter().any(|r| to.trim_matches(['<', '>']) == r) {
                write.write_all(b"550 5.1.1 no such mailbox\r\n").await?;
            } else {
                message.to.push(to);
                write.write_all(b"250 OK\r\n").await?;
            }
        } else if command == "DATA"
            && message.to.iter().any(|to| {
                rules
                    .data_refused
                    .iter()
                    .any(|r| to.trim_matches(['<', '>']) == r)
            })
        {
            write.write_all(b"554 5.7.1 message refused\r\n").await?;
        } else if command == "DATA" {
            write.write_all(b"354 go on\r\n").await?;
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                // Undo dot-stuffing.
                let text = line.strip_prefix('.').unwrap_or(&line);
                message.data.extend_from_slice(text.as_bytes());
            }
            if let Ok(mut all) = store.lock() {
                all.push(message.clone());
            }
            write.write_all(b"250 queued\r\n").await?;
            message = SmtpMessage::default();
            if rules.hang_up_after_message {
                return Ok(());
            }
        } else if command == "RSET" {
            message = SmtpMessage::default();
            write.write_all(b"250 OK\r\n").await?;
        } else if command == "QUIT" {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            write.write_all(b"250 OK\r\n").await?;
        }
    }
}

// ---------------------------------------------------------------------------
// SMTP: a mail exchanger on port 25, with or without STARTTLS
// ---------------------------------------------------------------------------

/// An MX host's SMTP server on port 25 of a loopback address (the prober
/// always asks port 25; the tests run as root). It greets, answers EHLO
/// (listing STARTTLS when it has a TLS configuration), starts TLS when
/// asked, and says goodbye to QUIT; it takes no mail.
pub struct MxServer {
    _background: Background,
}

impl MxServer {
    pub fn start_on(ip: IpAddr, tls: Option<Arc<ServerConfig>>) -> Self {
        let listener = std::net::TcpListener::bind((ip, 25)).expect("bind port 25 (root needed)");
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let acceptor = tls.map(tokio_rustls::TlsAcceptor::from);
        let background = Background::run(accept_each(listener, move |stream| {
            mx_session(stream, acceptor.clone())
        }));
        MxServer {
            _background: background,
        }
    }
}

async fn mx_session(stream: TcpStream, tls: Option<tokio_rustls::TlsAcceptor>) {
    let mut plain = BufReader::new(stream);
    if plain
        .get_mut()
        .write_all(b"220 mx.test ESMTP\r\n")
        .await
        .is_err()
    {
        return;
    }
    if !mx_commands(&mut plain, tls.is_some()).await {
        return;
    }
    let Some(acceptor) = tls else {
        return;
    };
    let Ok(secure) = acceptor.accept(plain.into_inner()).await else {
        return;
    };
    mx_commands(&mut BufReader::new(secure), false).await;
}

/// Answers commands until QUIT or a close (false), or STARTTLS (true).
async fn mx_commands<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut BufReader<S>,
    offer_starttls: bool,
) -> bool {
    let mut line = String::new();
    loop {
        line.clear();
        if stream.read_line(&mut line).await.unwrap_or(0) == 0 {
            return false;
        }
        let command = line.trim_end().to_ascii_uppercase();
        let starttls = offer_starttls && command == "STARTTLS";
        let reply: &[u8] = if command.starts_with("EHLO") && offer_starttls {
            b"250-mx.test\r\n250-STARTTLS\r\n250 8BITMIME\r\n"
        } else if command.starts_with("EHLO") {
            b"250-mx.test\r\n250 8BITMIME\r\n"
        } else if starttls {
            b"220 ready to start TLS\r\n"
        } else if command == "QUIT" {
            b"221 bye\r\n"
        } else {
            b"502 not implemented\r\n"
        };
        if stream.get_mut().write_all(reply).await.is_err() {
            return false;
        }
        if starttls {
            return true;
        }
        if command == "QUIT" {
            return false;
        }
    }
}

// ---------------------------------------------------------------------------
// Certificates (rcgen) and TLS configurations (rustls, aws-lc-rs)
// ---------------------------------------------------------------------------

/// When a certificate is valid. Times are whole seconds, as X.509 keeps them.
#[derive(Debug, Clone, Copy)]
pub struct Validity {
    pub not_before: OffsetDateTime,
    pub not_after: OffsetDateTime,
}

impl Validity {
    /// Valid since yesterday, for `days` more days from now.
    pub fn days_left(days: i64) -> Self {
        let now = now_seconds();
        Validity {
            not_before: now - time::Duration::days(1),
            not_after: now + time::Duration::days(days),
        }
    }

    /// Valid during 2020 only.
    pub fn expired() -> Self {
        Validity {
            not_before: rcgen::date_time_ymd(2020, 1, 1),
            not_after: rcgen::date_time_ymd(2021, 1, 1),
        }
    }

    /// Valid from 30 days from now.
    pub fn not_yet() -> Self {
        let now = now_seconds();
        Validity {
            not_before: now + time::Duration::days(30),
            not_after: now + time::Duration::days(400),
        }
    }
}

fn now_seconds() -> OffsetDateTime {
    OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .expect("zero nanoseconds")
}

fn subject(common_name: &str) -> DistinguishedName {
    let mut name = DistinguishedName::new();
    name.push(DnType::OrganizationName, "CloudCensus tests");
    name.push(DnType::CommonName, common_name);
    name
}

/// A certificate authority made for one test: a root whose PEM goes into
/// the file given to `--ca-file`, or an intermediate below such a root.
pub struct TestCa {
    issuer: Issuer<'static, KeyPair>,
    /// This CA's own certificate, PEM.
    pem: String,
    /// What a server sends after its leaf: the intermediates, not the root.
    chain: Vec<CertificateDer<'static>>,
}

impl TestCa {
    pub fn root(common_name: &str) -> Self {
        let key = KeyPair::generate().expect("CA key");
        let params = ca_params(common_name, Validity::days_left(3650));
        let certificate = params.self_signed(&key).expect("self-signed root");
        TestCa {
            pem: certificate.pem(),
            issuer: Issuer::new(params, key),
            chain: Vec::new(),
        }
    }

    /// An intermediate CA issued by this one.
    pub fn intermediate(&self, common_name: &str, validity: Validity) -> Self {
        let key = KeyPair::generate().expect("intermediate key");
        let params = ca_params(common_name, validity);
        let certificate = params
            .signed_by(&key, &self.issuer)
            .expect("signed intermediate");
        let mut chain = vec![certificate.der().clone()];
        chain.extend(self.chain.iter().cloned());
        TestCa {
            pem: certificate.pem(),
            issuer: Issuer::new(params, key),
            chain,
        }
    }

    /// A server certificate issued by this CA for `names` (DNS names or IP
    /// addresses; the first is also the common name).
    pub fn leaf(&self, names: &[&str], validity: Validity) -> Leaf {
        let key = KeyPair::generate().expect("leaf key");
        let certificate = leaf_params(names, validity)
            .signed_by(&key, &self.issuer)
            .expect("signed leaf");
        let mut chain = vec![certificate.der().clone()];
        chain.extend(self.chain.iter().cloned());
        Leaf {
            chain,
            key: key.serialize_der(),
        }
    }

    /// As [`TestCa::leaf`], in PEM: the certificate and its private key
    /// (PKCS#8), for a server that reads files (PostgreSQL).
    pub fn leaf_pem(&self, names: &[&str], validity: Validity) -> (String, String) {
        let key = KeyPair::generate().expect("leaf key");
        let certificate = leaf_params(names, validity)
            .signed_by(&key, &self.issuer)
            .expect("signed leaf");
        (certificate.pem(), key.serialize_pem())
    }

    /// As [`TestCa::leaf`], but for client authentication only (extended
    /// key usage clientAuth): trusted, and still no server's certificate.
    pub fn client_only_leaf(&self, names: &[&str], validity: Validity) -> Leaf {
        let key = KeyPair::generate().expect("leaf key");
        let mut params = leaf_params(names, validity);
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        let certificate = params.signed_by(&key, &self.issuer).expect("signed leaf");
        let mut chain = vec![certificate.der().clone()];
        chain.extend(self.chain.iter().cloned());
        Leaf {
            chain,
            key: key.serialize_der(),
        }
    }

    /// This CA's certificate in PEM, for `--ca-file`.
    pub fn pem(&self) -> &str {
        &self.pem
    }
}

fn ca_params(common_name: &str, validity: Validity) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name = subject(common_name);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    params.not_before = validity.not_before;
    params.not_after = validity.not_after;
    params
}

fn leaf_params(names: &[&str], validity: Validity) -> CertificateParams {
    let sans: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
    let mut params = CertificateParams::new(sans).expect("subject alternative names");
    params.distinguished_name = subject(names.first().copied().unwrap_or("test"));
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.use_authority_key_identifier_extension = true;
    params.not_before = validity.not_before;
    params.not_after = validity.not_after;
    params
}

/// A server's certificate chain (leaf first) and private key.
pub struct Leaf {
    pub chain: Vec<CertificateDer<'static>>,
    key: Vec<u8>,
}

impl Leaf {
    /// A certificate that names itself as issuer, trusted by nobody.
    pub fn self_signed(names: &[&str], validity: Validity) -> Self {
        let key = KeyPair::generate().expect("self-signed key");
        let certificate = leaf_params(names, validity)
            .self_signed(&key)
            .expect("self-signed leaf");
        Leaf {
            chain: vec![certificate.der().clone()],
            key: key.serialize_der(),
        }
    }

    /// A self-signed certificate as `openssl req -x509` makes one: marked
    /// a CA (basicConstraints CA:TRUE), no key usage or extended key usage.
    pub fn self_signed_openssl_style(names: &[&str], validity: Validity) -> Self {
        let key = KeyPair::generate().expect("self-signed key");
        let sans: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
        let mut params = CertificateParams::new(sans).expect("subject alternative names");
        params.distinguished_name = subject(names.first().copied().unwrap_or("test"));
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.not_before = validity.not_before;
        params.not_after = validity.not_after;
        let certificate = params.self_signed(&key).expect("self-signed CA leaf");
        Leaf {
            chain: vec![certificate.der().clone()],
            key: key.serialize_der(),
        }
    }

    fn key(&self) -> PrivateKeyDer<'static> {
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.key.clone()))
    }
}

/// A rustls server configuration speaking exactly one protocol version
/// with exactly one cipher suite, so tests know what must be reported.
fn server_config(
    leaf: &Leaf,
    version: &'static SupportedProtocolVersion,
    suite: SupportedCipherSuite,
    alpn: &[&[u8]],
) -> Arc<ServerConfig> {
    let mut provider = rustls::crypto::aws_lc_rs::default_provider();
    provider.cipher_suites = vec![suite];
    let mut config = ServerConfig::builder_with_provider(Arc::new(provider))
        .with_protocol_versions(&[version])
        .expect("protocol version")
        .with_no_client_auth()
        .with_single_cert(leaf.chain.clone(), leaf.key())
        .expect("certificate and key");
    config.alpn_protocols = alpn.iter().map(|protocol| protocol.to_vec()).collect();
    Arc::new(config)
}

/// The cipher suite [`tls13`] servers use.
pub const TLS13_CIPHER: &str = "TLS13_AES_128_GCM_SHA256";
/// The cipher suite [`tls12`] servers use.
pub const TLS12_CIPHER: &str = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";

/// TLS 1.3 only, HTTP/1.1 only.
pub fn tls13(leaf: &Leaf) -> Arc<ServerConfig> {
    server_config(
        leaf,
        &rustls::version::TLS13,
        rustls::crypto::aws_lc_rs::cipher_suite::TLS13_AES_128_GCM_SHA256,
        &[b"http/1.1"],
    )
}

/// TLS 1.2 only, HTTP/1.1 only.
pub fn tls12(leaf: &Leaf) -> Arc<ServerConfig> {
    server_config(
        leaf,
        &rustls::version::TLS12,
        rustls::crypto::aws_lc_rs::cipher_suite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        &[b"http/1.1"],
    )
}

/// TLS 1.3 with every cipher suite of rustls, in rustls's order (AES-256
/// first), choosing by the client's order like most servers.
pub fn tls13_all_suites(leaf: &Leaf) -> Arc<ServerConfig> {
    let provider = rustls::crypto::aws_lc_rs::default_provider();
    let mut config = ServerConfig::builder_with_provider(Arc::new(provider))
        .with_protocol_versions(&[&rustls::version::TLS13])
        .expect("protocol version")
        .with_no_client_auth()
        .with_single_cert(leaf.chain.clone(), leaf.key())
        .expect("certificate and key");
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Arc::new(config)
}

/// TLS 1.2 and 1.3 with rustls's default suites (forward-secret AEAD
/// only), as the probe benchmark's server.
pub fn tls12_and_13(leaf: &Leaf) -> Arc<ServerConfig> {
    let provider = rustls::crypto::aws_lc_rs::default_provider();
    let mut config = ServerConfig::builder_with_provider(Arc::new(provider))
        .with_protocol_versions(&[&rustls::version::TLS12, &rustls::version::TLS13])
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(leaf.chain.clone(), leaf.key())
        .expect("certificate and key");
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Arc::new(config)
}

/// TLS 1.3 offering HTTP/2 (preferred) and HTTP/1.1.
pub fn tls13_h2(leaf: &Leaf) -> Arc<ServerConfig> {
    server_config(
        leaf,
        &rustls::version::TLS13,
        rustls::crypto::aws_lc_rs::cipher_suite::TLS13_AES_128_GCM_SHA256,
        &[b"h2", b"http/1.1"],
    )
}

// ---------------------------------------------------------------------------
// OpenSSL's s_server: the legacy peers rustls cannot be
// ---------------------------------------------------------------------------

/// The `openssl` binary, or a failed test saying how to get it: the legacy
/// TLS tests must run, never be skipped (`.ci/run` installs it).
fn openssl() -> std::process::Command {
    let found = std::process::Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "the `openssl` binary is missing: `apt-get install openssl` (.ci/run installs it)"
    );
    std::process::Command::new("openssl")
}

/// Runs `openssl WORDS EXTRA` in `dir` (`words` split at spaces), failing
/// the test with its output if it fails.
fn run_openssl(dir: &std::path::Path, words: &str, extra: &[&str]) {
    let output = openssl()
        .args(words.split_whitespace())
        .args(extra)
        .current_dir(dir)
        .output()
        .expect("run openssl");
    assert!(
        output.status.success(),
        "openssl {words} {extra:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `openssl req -x509`: a self-signed RSA 2048 certificate `NAME.pem` and
/// its key `NAME.key`, marked a CA as that command does.
fn self_signed_rsa(dir: &std::path::Path, name: &str, subject: &str, extra: &[&str]) {
    let words =
        format!("req -x509 -newkey rsa:2048 -nodes -keyout {name}.key -out {name}.pem -days 30");
    run_openssl(dir, &words, &[&["-subj", subject], extra].concat());
}

/// Certificates made by `openssl` itself, in a temporary folder: a root CA
/// (RSA 2048, SHA-256) and leaves it issues for 127.0.0.1 with the key
/// size and digest asked for, which rcgen cannot make (RSA 1024, SHA-1).
pub struct OpensslPki {
    dir: tempfile::TempDir,
}

impl OpensslPki {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        std::fs::write(
            dir.path().join("leaf.cnf"),
            "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n\
             keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
        )
        .expect("write the leaf extensions");
        self_signed_rsa(
            dir.path(),
            "ca",
            "/O=CloudCensus tests/CN=OpenSSL Test CA",
            &[],
        );
        OpensslPki { dir }
    }

    /// The CA certificate's file, for `--ca-file`.
    pub fn ca_file(&self) -> String {
        self.path("ca.pem")
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    /// A leaf named `name` for 127.0.0.1: an RSA key of `bits`, signed by the
    /// CA with `digest` (`sha256`, `sha1`). Returns (certificate, key) files.
    pub fn leaf(&self, name: &str, bits: u32, digest: &str) -> (String, String) {
        let dir = self.dir.path();
        let request = format!("req -newkey rsa:{bits} -nodes -keyout {name}.key -out {name}.csr");
        run_openssl(
            dir,
            &request,
            &["-subj", "/O=CloudCensus tests/CN=127.0.0.1"],
        );
        let sign = format!(
            "x509 -req -in {name}.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 \
             -{digest} -extfile leaf.cnf -out {name}.pem"
        );
        run_openssl(dir, &sign, &[]);
        (
            self.path(&format!("{name}.pem")),
            self.path(&format!("{name}.key")),
        )
    }

    /// Diffie-Hellman parameters of 1,024 bits (RFC 5114's group, so
    /// nothing is generated), for `s_server -dhparam`.
    pub fn dh_1024(&self) -> String {
        let out = "genpkey -genparam -algorithm DH -pkeyopt dh_rfc5114:1 -out dh1024.pem";
        run_openssl(self.dir.path(), out, &[]);
        self.path("dh1024.pem")
    }

    /// A self-signed certificate as administrators make one
    /// (`openssl req -x509`, which marks it a CA). Returns (certificate, key).
    pub fn self_signed(&self) -> (String, String) {
        let names = ["-addext", "subjectAltName=IP:127.0.0.1"];
        self_signed_rsa(self.dir.path(), "self", "/CN=127.0.0.1", &names);
        (self.path("self.pem"), self.path("self.key"))
    }
}

/// `openssl s_server -www` on 127.0.0.1 (it answers `GET /` with a status
/// page), serving `certificate` and `key` with the extra `args` (e.g.
/// `-tls1`, `-cipher ...`). Returned once the port accepts connections;
/// killed when dropped.
///
/// Debian's OpenSSL 3 refuses TLS 1.0 and 1.1 at its default security
/// level (they sign with SHA-1): legacy cases add `-cipher
/// DEFAULT:@SECLEVEL=0`, which is enough on this machine's 3.0.
pub struct OpensslServer {
    child: std::process::Child,
    port: u16,
}

impl OpensslServer {
    pub fn start(certificate: &str, key: &str, args: &[&str]) -> Self {
        let port = free_port(LOOPBACK);
        let mut child = openssl()
            .args(["s_server", "-quiet", "-www", "-accept"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-cert", certificate, "-key", key])
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            // Unread, a pipe would fill with its log of refused handshakes
            // and stall it.
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start openssl s_server");
        let started = std::time::Instant::now();
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                panic!("openssl s_server {args:?} exited ({status}) before listening");
            }
            if std::net::TcpStream::connect((LOOPBACK, port)).is_ok() {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "openssl s_server {args:?} did not listen on port {port}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        OpensslServer { child, port }
    }

    pub fn url(&self) -> String {
        format!("https://127.0.0.1:{}/", self.port)
    }
}

impl Drop for OpensslServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------
// DNS
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Data {
    A(Ipv4Addr),
    Aaaa(Ipv6Addr),
    Cname(String),
    Ptr(String),
    /// (preference, exchange; `""` is the root, a null MX)
    Mx(u16, String),
    /// The character strings of one TXT record.
    Txt(Vec<String>),
}

impl Data {
    fn record_type(&self) -> RecordType {
        match self {
            Data::A(_) => RecordType::A,
            Data::Aaaa(_) => RecordType::AAAA,
            Data::Cname(_) => RecordType::CNAME,
            Data::Ptr(_) => RecordType::PTR,
            Data::Mx(..) => RecordType::MX,
            Data::Txt(_) => RecordType::TXT,
        }
    }

    fn rdata(&self) -> RData {
        match self {
            Data::A(ip) => RData::A(A(*ip)),
            Data::Aaaa(ip) => RData::AAAA(AAAA(*ip)),
            Data::Cname(target) => RData::CNAME(CNAME(fqdn(target))),
            Data::Ptr(target) => RData::PTR(PTR(fqdn(target))),
            Data::Mx(preference, exchange) if exchange.is_empty() => {
                RData::MX(MX::new(*preference, Name::root()))
            }
            Data::Mx(preference, exchange) => RData::MX(MX::new(*preference, fqdn(exchange))),
            Data::Txt(parts) => RData::TXT(TXT::new(parts.clone())),
        }
    }
}

/// `name.` as a DNS name.
fn fqdn(name: &str) -> Name {
    Name::from_ascii(format!("{}.", name.trim_end_matches('.'))).expect("a valid DNS name")
}

/// Lower case, no trailing dot: how the zone keys its names.
fn key(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// The reverse-lookup name of an address, e.g. `1.0.0.127.in-addr.arpa`.
fn reverse_name(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(ip) => {
            let [a, b, c, d] = ip.octets();
            format!("{d}.{c}.{b}.{a}.in-addr.arpa")
        }
        IpAddr::V6(ip) => {
            let mut labels: Vec<String> = ip
                .octets()
                .iter()
                .flat_map(|byte| [byte >> 4, byte & 0xf])
                .map(|nibble| format!("{nibble:x}"))
                .collect();
            labels.reverse();
            format!("{}.ip6.arpa", labels.join("."))
        }
    }
}

/// Everything the test DNS server knows; any other name is NXDOMAIN.
#[derive(Debug, Clone, Default)]
pub struct Zone {
    records: Vec<(String, Data)>,
    /// Names whose queries get SERVFAIL: of every type, or of one.
    servfail: Vec<(String, Option<RecordType>)>,
}

impl Zone {
    pub fn new() -> Self {
        Zone::default()
    }

    pub fn a(mut self, name: &str, ip: Ipv4Addr) -> Self {
        self.records.push((key(name), Data::A(ip)));
        self
    }

    pub fn aaaa(mut self, name: &str, ip: Ipv6Addr) -> Self {
        self.records.push((key(name), Data::Aaaa(ip)));
        self
    }

    pub fn cname(mut self, name: &str, target: &str) -> Self {
        self.records.push((key(name), Data::Cname(key(target))));
        self
    }

    pub fn ptr(mut self, ip: IpAddr, name: &str) -> Self {
        self.records.push((reverse_name(ip), Data::Ptr(key(name))));
        self
    }

    /// An MX record; `exchange` `.` is a null MX (RFC 7505).
    pub fn mx(mut self, name: &str, preference: u16, exchange: &str) -> Self {
        self.records
            .push((key(name), Data::Mx(preference, key(exchange))));
        self
    }

    /// A TXT record of one or more character strings (each at most 255
    /// bytes; a reader joins them).
    pub fn txt(mut self, name: &str, parts: &[&str]) -> Self {
        let parts = parts.iter().map(|p| p.to_string()).collect();
        self.records.push((key(name), Data::Txt(parts)));
        self
    }

    /// Queries for this name get SERVFAIL.
    pub fn servfail(mut self, name: &str) -> Self {
        self.servfail.push((key(name), None));
        self
    }

    /// AAAA queries for this name get SERVFAIL; the other types answer.
    pub fn servfail_aaaa(mut self, name: &str) -> Self {
        self.servfail.push((key(name), Some(RecordType::AAAA)));
        self
    }

    /// The answer to one query message, following CNAMEs within the zone.
    fn answer(&self, request: &Message) -> Message {
        let mut response = Message::response(request.metadata.id, request.metadata.op_code);
        response.metadata = Metadata::response_from_request(&request.metadata);
        response.metadata.authoritative = true;
        response.metadata.recursion_available = true;
        response.queries = request.queries.clone();
        if request.edns.is_some() {
            let mut edns = Edns::new();
            edns.set_max_payload(1232);
            response.edns = Some(edns);
        }
        let Some(query) = request.queries.first() else {
            response.metadata.response_code = ResponseCode::FormErr;
            return response;
        };
        let asked = key(&query.name().to_ascii());
        if self
            .servfail
            .iter()
            .any(|(name, only)| *name == asked && only.is_none_or(|t| t == query.query_type()))
        {
            response.metadata.response_code = ResponseCode::ServFail;
            return response;
        }
        let mut owner = query.name().clone();
        let mut name = asked.clone();
        for _ in 0..8 {
            let found: Vec<&Data> = self
                .records
                .iter()
                .filter(|(record_name, _)| *record_name == name)
                .map(|(_, data)| data)
                .collect();
            if found.is_empty() {
                if name == asked {
                    response.metadata.response_code = ResponseCode::NXDomain;
                }
                break;
            }
            let wanted: Vec<&Data> = found
                .iter()
                .copied()
                .filter(|data| data.record_type() == query.query_type())
                .collect();
            if !wanted.is_empty() {
                for data in wanted {
                    response.add_answer(Record::from_rdata(owner.clone(), 60, data.rdata()));
                }
                break;
            }
            let Some(Data::Cname(target)) =
                found.iter().find(|data| matches!(data, Data::Cname(_)))
            else {
                break; // the name exists, without records of this type
            };
            let alias = Data::Cname(target.clone());
            response.add_answer(Record::from_rdata(owner.clone(), 60, alias.rdata()));
            owner = fqdn(target);
            name = target.clone();
        }
        response
    }

    fn answer_bytes(&self, query: &[u8]) -> Option<Vec<u8>> {
        let request = Message::from_vec(query).ok()?;
        self.answer(&request).to_vec().ok()
    }
}

async fn serve_dns_udp(socket: std::net::UdpSocket, zone: Arc<Zone>) {
    let socket = UdpSocket::from_std(socket).expect("tokio UDP socket");
    let mut buffer = vec![0u8; 65_535];
    loop {
        let Ok((length, peer)) = socket.recv_from(&mut buffer).await else {
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        if let Some(reply) = zone.answer_bytes(&buffer[..length]) {
            let _ = socket.send_to(&reply, peer).await;
        }
    }
}

/// DNS over TCP: each message is preceded by its length on two bytes.
async fn serve_dns_tcp(mut stream: TcpStream, zone: Arc<Zone>) {
    loop {
        let Ok(length) = stream.read_u16().await else {
            return;
        };
        let mut query = vec![0u8; usize::from(length)];
        if stream.read_exact(&mut query).await.is_err() {
            return;
        }
        let Some(reply) = zone.answer_bytes(&query) else {
            return;
        };
        let Ok(reply_length) = u16::try_from(reply.len()) else {
            return;
        };
        let mut framed = reply_length.to_be_bytes().to_vec();
        framed.extend_from_slice(&reply);
        if stream.write_all(&framed).await.is_err() {
            return;
        }
    }
}

/// A DNS server answering from a [`Zone`] over UDP and TCP on the same
/// 127.0.0.1 port; give [`DnsServer::resolver`] to `--resolver`.
pub struct DnsServer {
    addr: SocketAddr,
    _background: Background,
}

impl DnsServer {
    pub fn start(zone: Zone) -> Self {
        let (udp, tcp) = udp_and_tcp_on_one_port();
        let addr = udp.local_addr().expect("local address");
        let zone = Arc::new(zone);
        let udp_zone = zone.clone();
        let background = Background::run(async move {
            let tcp_server = accept_each(tcp, move |stream| serve_dns_tcp(stream, zone.clone()));
            tokio::join!(serve_dns_udp(udp, udp_zone), tcp_server);
        });
        DnsServer {
            addr,
            _background: background,
        }
    }

    /// `127.0.0.1:PORT`.
    pub fn resolver(&self) -> String {
        self.addr.to_string()
    }
}

fn udp_and_tcp_on_one_port() -> (std::net::UdpSocket, std::net::TcpListener) {
    for _ in 0..50 {
        let udp = std::net::UdpSocket::bind((LOOPBACK, 0)).expect("bind a UDP socket");
        let port = udp.local_addr().expect("local address").port();
        if let Ok(tcp) = std::net::TcpListener::bind((LOOPBACK, port)) {
            udp.set_nonblocking(true).expect("non-blocking UDP socket");
            tcp.set_nonblocking(true).expect("non-blocking listener");
            return (udp, tcp);
        }
    }
    panic!("no port free for both UDP and TCP on 127.0.0.1");
}
