//! Benchmark server for the prober: many slow HTTP or HTTPS endpoints, each
//! on its own loopback address, so that a scan of them has a known lower
//! bound on wall time.
//!
//! `serve` writes into `DIR`:
//!
//! * `inventory/agency-NNNN.yaml` — N systems with one endpoint each
//!   (`http://127.x.y.z:PORT/` or `https://...`), 100 per agency file as a
//!   province keeps them (`--systems-per-file`), for `cloudcensus scan`;
//! * `urls.txt` — the same URLs, one a line, for other link checkers;
//! * `ca.pem` — with `--tls`, the CA that signed every endpoint's
//!   certificate, for `--ca-file`;
//! * `server-stats.json` — counters rewritten every half second: connections,
//!   requests, distinct endpoints asked, TLS handshakes (and how many
//!   resumed), errors. They show whether a client asked every endpoint;
//!
//! then prints `ready` on stdout and serves until killed. Every request is
//! answered after `--latency-ms` with 200 and a small HTML page with a
//! `<title>`; HTTPS answers carry `Strict-Transport-Security`.
//!
//! Endpoint `i` (from 0) lives on `127.(1 + i / 65024).(i / 254 % 256).(1 + i % 254)`
//! so that a client's per-host limits never put two endpoints in one queue.
//! Linux routes all of 127.0.0.0/8 to `lo` without configuration.
//!
//! `--per-address K` puts K endpoints on each address (`/e/N` paths), so
//! that a client's per-host limit is what holds them back; the server
//! counts the page requests in progress on each address and keeps the
//! most it saw (`peak_in_flight_per_address`). `--silent`, `--trickle`
//! and `--reset` make that percent of the endpoints hostile: they read
//! the request, then never answer, answer a byte every
//! `--trickle-interval-ms`, or reset the connection (spread so that no
//! address is all hostile). `/.well-known/security.txt` gets a 404. The
//! soak test (`tests/cli/load.rs`) starts the server in its own process
//! through [`start_with`].
//!
//! `--bind per-address` opens one listener per address; that needs N file
//! descriptors before the first connection, and the hard open-file limit
//! cannot be raised without privileges. `--bind wildcard` opens a single
//! listener on 0.0.0.0 (loopback peers only) that takes connections for every
//! address; clients see the same thing. `auto` (the default) picks
//! per-address when N plus room for connections fits in the open-file limit.
//!
//! The server is meant to cost little CPU, since it shares the machine with
//! the client being measured: a hand-written HTTP/1.1 responder (keep-alive,
//! pipelining; a connection is closed when no new request starts within
//! `--idle-timeout-ms` of an answer), one certificate per address all
//! sharing one ECDSA P-256 key, and a session ticketer so that clients can
//! resume TLS sessions.
//!
//! ```text
//! cargo build --release --example probe_bench
//! target/release/examples/probe_bench serve --count 10000 --latency-ms 50 --tls --out bench-data/probe/tls
//! target/release/cloudcensus scan bench-data/probe/tls/inventory --policies policies \
//!     --concurrency 256 --per-host 1 --ca-file bench-data/probe/tls/ca.pem --format json --output /dev/null
//! ```
//!
//! `benches/probe.sh` runs the whole comparison.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::os::fd::{AsRawFd, RawFd};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use rustls::ServerConfig;
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::sign::{CertifiedKey, SingleCertAndKey};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio_rustls::TlsAcceptor;

#[derive(Debug, Parser)]
#[command(about = "Slow HTTP(S) endpoints on loopback addresses, for benchmarking the prober")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write inventory, URL list and CA into DIR, then serve until killed.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Number of endpoints (distinct loopback addresses).
    #[arg(long)]
    count: usize,

    /// Delay before answering each request, in milliseconds.
    #[arg(long, default_value_t = 50)]
    latency_ms: u64,

    /// Systems per inventory file (one agency each); 0 puts all in one file.
    #[arg(long, default_value_t = 100)]
    systems_per_file: usize,

    /// Serve HTTPS instead of plain HTTP.
    #[arg(long)]
    tls: bool,

    /// Folder for the inventory, urls.txt, ca.pem and server-stats.json.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,

    /// One listener per address, or one wildcard listener for all.
    #[arg(long, value_enum, default_value_t = Bind::Auto)]
    bind: Bind,

    /// Port on every address; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,

    /// Close a connection when no new request starts this long after an answer.
    #[arg(long, default_value_t = 1000, value_name = "MS")]
    idle_timeout_ms: u64,

    /// Runtime worker threads.
    #[arg(long, default_value_t = 2)]
    threads: usize,

    /// Listen backlog of each listener (the kernel caps it at somaxconn).
    #[arg(long, default_value_t = 4096)]
    backlog: u32,

    /// Endpoints per address (`/e/N` paths on one host), so that a
    /// client's per-host limit is what holds them back.
    #[arg(long, default_value_t = 1, value_name = "K")]
    per_address: usize,

    /// Percent of endpoints that read the request and never answer.
    #[arg(long, default_value_t = 0, value_name = "PCT")]
    silent: usize,

    /// Percent of endpoints that answer a byte at a time, one every
    /// `--trickle-interval-ms` (the answer takes over a minute).
    #[arg(long, default_value_t = 0, value_name = "PCT")]
    trickle: usize,

    /// Percent of endpoints that read the request and reset the connection.
    #[arg(long, default_value_t = 0, value_name = "PCT")]
    reset: usize,

    #[arg(long, default_value_t = 250, value_name = "MS")]
    trickle_interval_ms: u64,
}

/// How an endpoint treats a request for its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    Answer,
    Silent,
    Trickle,
    Reset,
}

/// Endpoint `index`'s behaviour: hostile kinds take the first percents of
/// every hundred endpoints, so each kind is spread over the addresses.
fn behaviour(args: &ServeArgs, index: usize) -> Behaviour {
    // 37 is prime to 100: neighbours (one address's endpoints) fall in
    // buckets far apart, so no address is all hostile.
    let bucket = index * 37 % 100;
    if bucket < args.silent {
        Behaviour::Silent
    } else if bucket < args.silent + args.trickle {
        Behaviour::Trickle
    } else if bucket < args.silent + args.trickle + args.reset {
        Behaviour::Reset
    } else {
        Behaviour::Answer
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Bind {
    Auto,
    PerAddress,
    Wildcard,
}

/// Addresses per value of the second octet: third octet 0..=255, last 1..=254.
const ADDRESSES_PER_BLOCK: usize = 256 * 254;
/// Second octet 1..=254, leaving 127.0.x.x and 127.255.x.x alone.
const MAX_ENDPOINTS: usize = 254 * ADDRESSES_PER_BLOCK;
/// File descriptors to keep free for connections when choosing per-address
/// listeners (connections live at most an idle timeout after their answer).
const CONNECTION_HEADROOM: u64 = 8192;
/// Longest request head accepted.
const MAX_HEAD: usize = 16 * 1024;
/// Longest request body skipped over.
const MAX_BODY: usize = 1024 * 1024;
/// Time allowed for a TLS handshake or for the rest of a started request.
const EXCHANGE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a silent endpoint holds a connection the client keeps open.
const SILENT_HOLD: Duration = Duration::from_secs(600);

fn endpoint_ip(index: usize) -> Ipv4Addr {
    Ipv4Addr::new(
        127,
        (1 + index / ADDRESSES_PER_BLOCK) as u8,
        (index / 254 % 256) as u8,
        (1 + index % 254) as u8,
    )
}

/// The inverse of [`endpoint_ip`], for addresses among the first `count`.
fn endpoint_index(ip: Ipv4Addr, count: usize) -> Option<usize> {
    let [first, block, third, last] = ip.octets();
    if first != 127 || block == 0 || last == 0 || last == 255 {
        return None;
    }
    let index = (usize::from(block) - 1) * ADDRESSES_PER_BLOCK
        + usize::from(third) * 254
        + usize::from(last)
        - 1;
    (index < count).then_some(index)
}

fn main() -> Result<()> {
    let Command::Serve(args) = Cli::parse().command;
    let out = args.out.clone();
    let running = start(args)?;
    let stats_path = out.join("server-stats.json");
    std::thread::spawn(move || {
        loop {
            if let Err(e) = running.server.stats.write(&stats_path) {
                eprintln!("probe_bench: writing {}: {e}", stats_path.display());
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    });
    println!("ready");
    io::stdout().flush()?;
    loop {
        std::thread::park();
    }
}

/// A server serving on its own runtime's threads until dropped.
pub struct Running {
    /// Serves the connections; dropping it stops the server.
    _runtime: tokio::runtime::Runtime,
    pub server: Arc<Server>,
    /// The endpoints' URLs, in order.
    pub urls: Vec<String>,
}

/// `probe_bench serve ARGS` (without the program name and `serve`),
/// started in the background: what the soak test in `tests/cli/load.rs`
/// calls.
pub fn start_with(args: &[&str]) -> Result<Running> {
    let cli = Cli::try_parse_from(["probe_bench", "serve"].iter().chain(args))?;
    let Command::Serve(args) = cli.command;
    start(args)
}

/// Writes the files, binds every listener and starts serving.
fn start(args: ServeArgs) -> Result<Running> {
    if args.count == 0 || args.count > MAX_ENDPOINTS * args.per_address.max(1) {
        bail!("--count must be between 1 and {MAX_ENDPOINTS} times --per-address");
    }
    if args.silent + args.trickle + args.reset > 100 {
        bail!("--silent, --trickle and --reset add up to more than 100 percent");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.threads.max(1))
        .enable_all()
        .build()?;
    let (server, urls) = runtime.block_on(serve(args))?;
    Ok(Running {
        _runtime: runtime,
        server,
        urls,
    })
}

async fn serve(args: ServeArgs) -> Result<(Arc<Server>, Vec<String>)> {
    fs::create_dir_all(args.out.join("inventory"))
        .with_context(|| format!("creating {}", args.out.display()))?;
    let per_address = args.per_address.max(1);
    let addresses = args.count.div_ceil(per_address);
    let listener_per_address = match args.bind {
        Bind::PerAddress => true,
        Bind::Wildcard => false,
        Bind::Auto => {
            open_file_limit().is_none_or(|limit| addresses as u64 + CONNECTION_HEADROOM <= limit)
        }
    };

    // Bind before writing anything, so that the files name the real port.
    let mut listeners = Vec::new();
    let mut port = args.port;
    if listener_per_address {
        listeners.reserve(addresses);
        for index in 0..addresses {
            let address = SocketAddr::new(IpAddr::V4(endpoint_ip(index)), port);
            let listener = listen(address, args.backlog).with_context(|| {
                format!(
                    "binding {address} (address {} of {addresses}); try --bind wildcard",
                    index + 1,
                )
            })?;
            port = listener.local_addr()?.port();
            listeners.push((listener, Some(index)));
        }
    } else {
        let address = SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), port);
        let listener =
            listen(address, args.backlog).with_context(|| format!("binding {address}"))?;
        port = listener.local_addr()?.port();
        listeners.push((listener, None));
    }

    let tls = if args.tls {
        Some(tls_configs(addresses, &args.out.join("ca.pem"))?)
    } else {
        None
    };
    let scheme = if args.tls { "https" } else { "http" };
    let urls: Vec<String> = (0..args.count)
        .map(|index| {
            let ip = endpoint_ip(index / per_address);
            if per_address == 1 {
                format!("{scheme}://{ip}:{port}/")
            } else {
                format!("{scheme}://{ip}:{port}/e/{index}")
            }
        })
        .collect();
    write_inventory(&args.out.join("inventory"), &urls, args.systems_per_file)?;
    write_lines(&args.out.join("urls.txt"), &urls)?;

    let server = Arc::new(Server {
        addresses,
        per_address,
        latency: Duration::from_millis(args.latency_ms),
        idle_timeout: Duration::from_millis(args.idle_timeout_ms),
        trickle_interval: Duration::from_millis(args.trickle_interval_ms.max(1)),
        tls,
        keep_alive_response: Response::new(args.tls, true),
        closing_response: Response::new(args.tls, false),
        stats: Stats::default(),
        asked: (0..args.count).map(|_| AtomicBool::new(false)).collect(),
        behaviours: (0..args.count).map(|i| behaviour(&args, i)).collect(),
        in_flight: (0..addresses).map(|_| Default::default()).collect(),
    });
    for (listener, index) in listeners {
        tokio::spawn(accept_loop(Arc::clone(&server), listener, index));
    }
    eprintln!(
        "probe_bench: {} {scheme} endpoints on {addresses} addresses, {} ms latency, {} on port \
         {port}; files in {}",
        args.count,
        args.latency_ms,
        if listener_per_address {
            "one listener per address"
        } else {
            "one wildcard listener"
        },
        args.out.display()
    );
    Ok((server, urls))
}

/// The soft limit on open files, from `/proc/self/limits` (Linux only).
fn open_file_limit() -> Option<u64> {
    let limits = fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

fn listen(address: SocketAddr, backlog: u32) -> io::Result<TcpListener> {
    let socket = TcpSocket::new_v4()?;
    socket.set_reuseaddr(true)?;
    socket.bind(address)?;
    socket.listen(backlog)
}

/// Writes the endpoints as agencies of `per_file` systems, one file each,
/// the way a province keeps its inventories (0: one agency, one file).
fn write_inventory(dir: &Path, urls: &[String], per_file: usize) -> Result<()> {
    fs::create_dir_all(dir)?;
    let per_file = if per_file == 0 {
        urls.len().max(1)
    } else {
        per_file
    };
    for (file_index, chunk) in urls.chunks(per_file).enumerate() {
        let number = file_index + 1;
        let path = dir.join(format!("agency-{number:04}.yaml"));
        let mut out = BufWriter::new(fs::File::create(&path)?);
        writeln!(
            out,
            "# Written by `probe_bench serve`: {} of {} endpoints on loopback addresses.",
            chunk.len(),
            urls.len()
        )?;
        writeln!(
            out,
            "agency:\n  id: bench-{number:04}\n  name: Probe benchmark {number}\n  kind: unit\nsystems:"
        )?;
        for (offset, url) in chunk.iter().enumerate() {
            let system = file_index * per_file + offset + 1;
            writeln!(
                out,
                "  - id: endpoint-{system:06}\n    name: Benchmark endpoint {system}\n    \
                 criticality: low\n    hosting:\n      model: on-premises\n    endpoints:\n      \
                 - url: {url}"
            )?;
        }
        out.flush()?;
    }
    Ok(())
}

fn write_lines(path: &Path, lines: &[String]) -> Result<()> {
    let mut out = BufWriter::new(fs::File::create(path)?);
    for line in lines {
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(())
}

/// One server configuration per endpoint, each with a certificate for that
/// endpoint's address only. A single certificate naming every address would
/// be tens of kilobytes sent and parsed on every handshake, which is not what
/// real servers look like. Clients send no SNI for an IP address, so the
/// configuration is chosen by the address the connection arrived on.
fn tls_configs(count: usize, ca_path: &Path) -> Result<Vec<Arc<ServerConfig>>> {
    use rcgen::{
        BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose,
        IsCa, Issuer, KeyPair, KeyUsagePurpose, SerialNumber,
    };

    let now = time::OffsetDateTime::now_utc();
    let ca_key = KeyPair::generate()?;
    let mut ca_params = CertificateParams::default();
    ca_params.distinguished_name = DistinguishedName::new();
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "cloudcensus probe benchmark CA");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    ca_params.not_before = now - time::Duration::days(1);
    ca_params.not_after = now + time::Duration::days(3650);
    let ca_cert = ca_params.self_signed(&ca_key)?;
    fs::write(ca_path, ca_cert.pem()).with_context(|| format!("writing {}", ca_path.display()))?;
    let issuer = Issuer::new(ca_params, ca_key);

    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    // Generating a key per endpoint would only slow start-up: clients do not
    // compare keys across hosts.
    let leaf_key = KeyPair::generate()?;
    let signing_key = provider
        .key_provider
        .load_private_key(PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
            leaf_key.serialize_der(),
        )))?;
    let ticketer = rustls::crypto::aws_lc_rs::Ticketer::new()?;
    // Shared so that N configurations do not each allocate their own cache.
    let session_cache = rustls::server::ServerSessionMemoryCache::new(4096);

    (0..count)
        .map(|index| {
            let ip = endpoint_ip(index).to_string();
            let mut params = CertificateParams::new(vec![ip.clone()])?;
            params.distinguished_name = DistinguishedName::new();
            params.distinguished_name.push(DnType::CommonName, ip);
            params.serial_number =
                Some(SerialNumber::from_slice(&(index as u64 + 1).to_be_bytes()));
            params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
            params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
            params.use_authority_key_identifier_extension = true;
            params.not_before = now - time::Duration::days(1);
            params.not_after = now + time::Duration::days(397);
            let cert = params.signed_by(&leaf_key, &issuer)?;
            let certified = CertifiedKey::new(vec![cert.der().clone()], Arc::clone(&signing_key));
            let mut config = ServerConfig::builder_with_provider(Arc::clone(&provider))
                .with_safe_default_protocol_versions()?
                .with_no_client_auth()
                .with_cert_resolver(Arc::new(SingleCertAndKey::from(certified)));
            config.alpn_protocols = vec![b"http/1.1".to_vec()];
            config.ticketer = Arc::clone(&ticketer);
            config.session_storage = session_cache.clone();
            Ok(Arc::new(config))
        })
        .collect()
}

pub struct Server {
    /// Loopback addresses served.
    addresses: usize,
    /// Endpoints per address.
    per_address: usize,
    latency: Duration,
    idle_timeout: Duration,
    trickle_interval: Duration,
    /// Per address, with `--tls`.
    tls: Option<Vec<Arc<ServerConfig>>>,
    keep_alive_response: Response,
    closing_response: Response,
    pub stats: Stats,
    /// Which endpoints have answered a request.
    asked: Vec<AtomicBool>,
    /// Per endpoint, how it treats a request for its page.
    behaviours: Vec<Behaviour>,
    /// Per address, the connections with a page request in progress: from
    /// the head read to just before the answer's last byte is written, or
    /// to the reset, or to the server seeing the client close a connection
    /// left unanswered. A client keeping its per-host limit never has more
    /// than that many here, since it sends the next request only after its
    /// previous one is done with (see `page_request`).
    in_flight: Vec<std::sync::Mutex<Vec<InProgress>>>,
}

impl Server {
    /// Counts a page request of the endpoint at `address`, read from the
    /// connection whose socket is `fd`, as in progress for as long as the
    /// guard lives; the guard must be dropped before that socket is closed.
    ///
    /// The requests counted with it are those whose client has not closed
    /// its connection yet, as the kernel knows: a client that gave up on a
    /// request sent its FIN (or RST) before its next request, but this
    /// server's task for the old connection may see it a moment after the
    /// new request is read, and would count one too many.
    fn page_request(&self, address: usize, fd: RawFd) -> InFlight<'_> {
        static NEXT_ID: AtomicU64 = AtomicU64::new(0);
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let mut in_progress = self.in_flight[address]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        in_progress.push(InProgress { id, fd });
        let open = 1 + in_progress
            .iter()
            .filter(|other| other.id != id && !peer_has_closed(other.fd))
            .count();
        drop(in_progress);
        self.stats
            .peak_in_flight_per_address
            .fetch_max(open as u64, Ordering::Relaxed);
        InFlight {
            list: &self.in_flight[address],
            id,
        }
    }

    /// The endpoint a request for `target` on `address` is for.
    fn endpoint(&self, address: usize, target: &Target) -> Option<usize> {
        match target {
            Target::Page(None) if self.per_address == 1 => Some(address),
            Target::Page(Some(index)) if index / self.per_address == address => {
                (*index < self.asked.len()).then_some(*index)
            }
            _ => None,
        }
    }
}

/// A page request in progress, on the connection whose socket is `fd`.
struct InProgress {
    id: u64,
    fd: RawFd,
}

struct InFlight<'a> {
    list: &'a std::sync::Mutex<Vec<InProgress>>,
    id: u64,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.list
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .retain(|request| request.id != self.id);
    }
}

/// Whether the peer of the socket `fd` has closed or reset the connection:
/// a peek that does not wait finds the end of the stream, or an error
/// other than "nothing to read yet".
#[allow(
    unsafe_code,
    reason = "a descriptor kept open by the caller's lock, see below"
)]
fn peer_has_closed(fd: RawFd) -> bool {
    // SAFETY: `fd` belongs to a connection whose request is in progress
    // (listed in `Server::in_flight`); its stream is closed only after the
    // request's guard has taken it off the list, which needs the same lock
    // the caller holds.
    let borrowed = unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) };
    let socket = socket2::SockRef::from(&borrowed);
    let mut byte = [std::mem::MaybeUninit::<u8>::uninit()];
    match socket.peek(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != io::ErrorKind::WouldBlock,
    }
}

/// The one answer, built once.
struct Response {
    bytes: Vec<u8>,
    /// Length of the status line and headers: the whole answer to `HEAD`.
    head_len: usize,
}

impl Response {
    fn new(tls: bool, keep_alive: bool) -> Self {
        const BODY: &str = "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\
            <title>Cổng thông tin điện tử (probe benchmark)</title></head>\
            <body><p>OK</p></body></html>\n";
        let mut head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
             Content-Length: {}\r\nServer: probe-bench\r\n",
            BODY.len()
        );
        if tls {
            head.push_str("Strict-Transport-Security: max-age=31536000\r\n");
        }
        if !keep_alive {
            head.push_str("Connection: close\r\n");
        }
        head.push_str("\r\n");
        let head_len = head.len();
        Response {
            bytes: [head.as_bytes(), BODY.as_bytes()].concat(),
            head_len,
        }
    }
}

const NOT_FOUND: &[u8] = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";

const BAD_REQUEST: &[u8] =
    b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

#[derive(Default)]
pub struct Stats {
    connections: AtomicU64,
    open_connections: AtomicU64,
    peak_open_connections: AtomicU64,
    requests: AtomicU64,
    endpoints_asked: AtomicU64,
    tls_handshakes: AtomicU64,
    tls_resumed: AtomicU64,
    tls_failures: AtomicU64,
    idle_closes: AtomicU64,
    bad_requests: AtomicU64,
    accept_errors: AtomicU64,
    /// The most page requests in progress at once on one address.
    pub peak_in_flight_per_address: AtomicU64,
    /// Requests of each hostile kind, and for security.txt (answered 404).
    silent_requests: AtomicU64,
    trickled_requests: AtomicU64,
    reset_requests: AtomicU64,
    security_txt_requests: AtomicU64,
}

impl Stats {
    fn write(&self, path: &Path) -> io::Result<()> {
        let json = self.json();
        // Write then rename, so that a reader never sees half a file.
        let partial = path.with_extension("json.partial");
        fs::write(&partial, format!("{json:#}\n"))?;
        fs::rename(&partial, path)
    }

    /// Every counter, by name.
    pub fn json(&self) -> serde_json::Value {
        let get = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        serde_json::json!({
            "connections": get(&self.connections),
            "open_connections": get(&self.open_connections),
            "peak_open_connections": get(&self.peak_open_connections),
            "requests": get(&self.requests),
            "endpoints_asked": get(&self.endpoints_asked),
            "tls_handshakes": get(&self.tls_handshakes),
            "tls_resumed": get(&self.tls_resumed),
            "tls_failures": get(&self.tls_failures),
            "idle_closes": get(&self.idle_closes),
            "bad_requests": get(&self.bad_requests),
            "accept_errors": get(&self.accept_errors),
            "peak_in_flight_per_address": get(&self.peak_in_flight_per_address),
            "silent_requests": get(&self.silent_requests),
            "trickled_requests": get(&self.trickled_requests),
            "reset_requests": get(&self.reset_requests),
            "security_txt_requests": get(&self.security_txt_requests),
        })
    }
}

/// Counts a connection as open for as long as it lives.
struct OpenConnection<'a>(&'a Stats);

impl<'a> OpenConnection<'a> {
    fn new(stats: &'a Stats) -> Self {
        stats.connections.fetch_add(1, Ordering::Relaxed);
        let open = stats.open_connections.fetch_add(1, Ordering::Relaxed) + 1;
        stats
            .peak_open_connections
            .fetch_max(open, Ordering::Relaxed);
        OpenConnection(stats)
    }
}

impl Drop for OpenConnection<'_> {
    fn drop(&mut self) {
        self.0.open_connections.fetch_sub(1, Ordering::Relaxed);
    }
}

/// `index` is the endpoint of a per-address listener; a wildcard listener
/// passes `None` and each connection's local address tells the endpoint.
async fn accept_loop(server: Arc<Server>, listener: TcpListener, index: Option<usize>) {
    static REPORTED: AtomicBool = AtomicBool::new(false);
    loop {
        match listener.accept().await {
            Ok((tcp, peer)) => {
                if !peer.ip().is_loopback() {
                    continue;
                }
                let index = index.or_else(|| match tcp.local_addr() {
                    Ok(SocketAddr::V4(local)) => endpoint_index(*local.ip(), server.addresses),
                    _ => None,
                });
                tokio::spawn(handle_connection(Arc::clone(&server), tcp, index));
            }
            Err(e) => {
                server.stats.accept_errors.fetch_add(1, Ordering::Relaxed);
                if !REPORTED.swap(true, Ordering::Relaxed) {
                    eprintln!("probe_bench: accept failed (counted, not repeated): {e}");
                }
                // Out of file descriptors: wait for connections to close
                // rather than spin.
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
}

async fn handle_connection(server: Arc<Server>, mut tcp: TcpStream, address: Option<usize>) {
    let stats = &server.stats;
    let _open = OpenConnection::new(stats);
    let _ = tcp.set_nodelay(true);
    let fd = tcp.as_raw_fd();
    let Some(configs) = &server.tls else {
        if serve_http(&server, &mut tcp, fd, address).await == Ending::Reset {
            reset(&tcp);
        }
        return;
    };
    // Without a known address there is no certificate to offer.
    let Some(address) = address else { return };
    let acceptor = TlsAcceptor::from(Arc::clone(&configs[address]));
    match tokio::time::timeout(EXCHANGE_TIMEOUT, acceptor.accept(tcp)).await {
        Ok(Ok(mut stream)) => {
            stats.tls_handshakes.fetch_add(1, Ordering::Relaxed);
            if stream.get_ref().1.handshake_kind() == Some(rustls::HandshakeKind::Resumed) {
                stats.tls_resumed.fetch_add(1, Ordering::Relaxed);
            }
            if serve_http(&server, &mut stream, fd, Some(address)).await == Ending::Reset {
                reset(stream.get_ref().0);
            }
        }
        _ => {
            stats.tls_failures.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Closes with a reset (RST) rather than a FIN once the stream is dropped.
fn reset(tcp: &TcpStream) {
    let _ = socket2::SockRef::from(tcp).set_linger(Some(Duration::ZERO));
}

/// What a request asks for.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// An endpoint's page: `/`, or `/e/N` with `--per-address` above 1.
    Page(Option<usize>),
    /// `/.well-known/security.txt` (answered 404) or anything else.
    Other,
}

/// What the responder needs from a request head.
struct Request {
    /// Head plus body length: bytes to drop from the buffer once answered.
    len: usize,
    head_only: bool,
    keep_alive: bool,
    target: Target,
}

/// How a connection ended on the server's side.
#[derive(Debug, PartialEq, Eq)]
enum Ending {
    Closed,
    /// To be reset once the caller drops the stream.
    Reset,
}

/// `fd` is the socket under `stream`.
async fn serve_http<S>(server: &Server, stream: &mut S, fd: RawFd, address: Option<usize>) -> Ending
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let stats = &server.stats;
    let mut buffer = Vec::with_capacity(1024);
    // A client under load may take a while between connecting and sending
    // its first request; only a connection that has been used is idle.
    let mut wait = EXCHANGE_TIMEOUT;
    loop {
        let request = match read_request(stream, &mut buffer, wait).await {
            Ok(Some(request)) => request,
            Ok(None) => {
                stats.idle_closes.fetch_add(1, Ordering::Relaxed);
                break;
            }
            Err(ReadError::Closed) => break,
            Err(ReadError::Bad) => {
                stats.bad_requests.fetch_add(1, Ordering::Relaxed);
                let _ = stream.write_all(BAD_REQUEST).await;
                let _ = stream.flush().await;
                break;
            }
        };
        let endpoint = address.and_then(|address| server.endpoint(address, &request.target));
        let mut in_flight = match (address, endpoint) {
            (Some(address), Some(_)) => Some(server.page_request(address, fd)),
            _ => None,
        };
        if let Some(index) = endpoint
            && !server.asked[index].swap(true, Ordering::Relaxed)
        {
            stats.endpoints_asked.fetch_add(1, Ordering::Relaxed);
        }
        let behaviour = endpoint.map_or(Behaviour::Answer, |index| server.behaviours[index]);
        match behaviour {
            Behaviour::Silent => {
                stats.silent_requests.fetch_add(1, Ordering::Relaxed);
                // Holds the connection, reading nothing of use, until the
                // client gives up.
                let mut sink = [0u8; 512];
                while let Ok(Ok(n)) =
                    tokio::time::timeout(SILENT_HOLD, stream.read(&mut sink)).await
                {
                    if n == 0 {
                        break;
                    }
                }
                return Ending::Closed;
            }
            Behaviour::Reset => {
                stats.reset_requests.fetch_add(1, Ordering::Relaxed);
                return Ending::Reset;
            }
            Behaviour::Trickle | Behaviour::Answer => {}
        }
        if !server.latency.is_zero() {
            tokio::time::sleep(server.latency).await;
        }
        let response = if request.keep_alive {
            &server.keep_alive_response
        } else {
            &server.closing_response
        };
        let bytes = match (&request.target, endpoint) {
            (_, Some(_)) if request.head_only => &response.bytes[..response.head_len],
            (_, Some(_)) => &response.bytes[..],
            (_, None) => {
                stats.security_txt_requests.fetch_add(1, Ordering::Relaxed);
                NOT_FOUND
            }
        };
        // A request stops counting as in progress just before its last
        // byte is written: the client cannot be done with it sooner, so a
        // busy server never counts one it has in fact finished.
        if behaviour == Behaviour::Trickle {
            stats.trickled_requests.fetch_add(1, Ordering::Relaxed);
            let (all_but_last, last) = bytes.split_at(bytes.len().saturating_sub(1));
            for byte in all_but_last.chunks(1) {
                if stream.write_all(byte).await.is_err() || stream.flush().await.is_err() {
                    return Ending::Closed;
                }
                tokio::time::sleep(server.trickle_interval).await;
            }
            drop(in_flight.take());
            if stream.write_all(last).await.is_err() || stream.flush().await.is_err() {
                return Ending::Closed;
            }
        } else {
            drop(in_flight.take());
            if stream.write_all(bytes).await.is_err() || stream.flush().await.is_err() {
                return Ending::Closed;
            }
        }
        stats.requests.fetch_add(1, Ordering::Relaxed);
        buffer.drain(..request.len);
        if !request.keep_alive {
            break;
        }
        wait = server.idle_timeout;
    }
    // Sends TLS close_notify, then FIN.
    let _ = stream.shutdown().await;
    Ending::Closed
}

enum ReadError {
    /// The peer closed or reset the connection, or stalled mid-request.
    Closed,
    /// Not a request this responder understands.
    Bad,
}

/// Reads until `buffer` holds a whole request (head and body); `Ok(None)`
/// when no request starts within `wait`.
async fn read_request<S>(
    stream: &mut S,
    buffer: &mut Vec<u8>,
    wait: Duration,
) -> Result<Option<Request>, ReadError>
where
    S: AsyncRead + Unpin,
{
    let mut searched = 0;
    let mut parsed: Option<Request> = None;
    loop {
        if parsed.is_none()
            && let Some(end) = find_head_end(buffer, searched)
        {
            parsed = Some(parse_head(&buffer[..end], end)?);
        }
        match &parsed {
            Some(request) if buffer.len() >= request.len => return Ok(parsed),
            Some(_) => {}
            None if buffer.len() > MAX_HEAD => return Err(ReadError::Bad),
            // "\r\n\r\n" may straddle the next read.
            None => searched = buffer.len().saturating_sub(3),
        }
        let timeout = if buffer.is_empty() {
            wait
        } else {
            EXCHANGE_TIMEOUT
        };
        buffer.reserve(1024);
        match tokio::time::timeout(timeout, stream.read_buf(buffer)).await {
            Err(_) if buffer.is_empty() => return Ok(None),
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => return Err(ReadError::Closed),
            Ok(Ok(_)) => {}
        }
    }
}

/// The length of the head (up to and including the blank line), if complete.
fn find_head_end(buffer: &[u8], from: usize) -> Option<usize> {
    buffer[from..]
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|at| from + at + 4)
}

fn parse_head(head: &[u8], head_len: usize) -> Result<Request, ReadError> {
    let text = std::str::from_utf8(head).map_err(|_| ReadError::Bad)?;
    let mut lines = text.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default();
    let path = request_line.next().unwrap_or_default();
    let version = request_line.next().ok_or(ReadError::Bad)?;
    let target = match path {
        "/" => Target::Page(None),
        _ => match path.strip_prefix("/e/").map(str::parse) {
            Some(Ok(index)) => Target::Page(Some(index)),
            _ => Target::Other,
        },
    };
    let mut keep_alive = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => return Err(ReadError::Bad),
    };
    let mut body_len = 0;
    for line in lines.filter(|line| !line.is_empty()) {
        let (name, value) = line.split_once(':').ok_or(ReadError::Bad)?;
        let value = value.trim();
        if name.eq_ignore_ascii_case("connection") {
            for option in value.split(',').map(str::trim) {
                if option.eq_ignore_ascii_case("close") {
                    keep_alive = false;
                } else if option.eq_ignore_ascii_case("keep-alive") {
                    keep_alive = true;
                }
            }
        } else if name.eq_ignore_ascii_case("content-length") {
            body_len = value.parse().map_err(|_| ReadError::Bad)?;
            if body_len > MAX_BODY {
                return Err(ReadError::Bad);
            }
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            // Chunked request bodies: no client of this benchmark sends one.
            return Err(ReadError::Bad);
        }
    }
    Ok(Request {
        len: head_len + body_len,
        head_only: method == "HEAD",
        keep_alive,
        target,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_round_trip() {
        let count = 3 * ADDRESSES_PER_BLOCK;
        for index in [0, 1, 253, 254, 255, 65023, 65024, count - 1] {
            assert_eq!(endpoint_index(endpoint_ip(index), count), Some(index));
        }
        assert_eq!(endpoint_ip(0), Ipv4Addr::new(127, 1, 0, 1));
        assert_eq!(endpoint_ip(254), Ipv4Addr::new(127, 1, 1, 1));
        assert_eq!(endpoint_index(Ipv4Addr::new(127, 0, 0, 1), count), None);
        assert_eq!(endpoint_index(endpoint_ip(10), 10), None);
    }

    #[test]
    fn heads_parse() {
        let head = b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        let end = find_head_end(head, 0).unwrap();
        assert_eq!(end, head.len());
        let request = parse_head(&head[..end], end).ok().unwrap();
        assert!(!request.keep_alive && !request.head_only);
        let head = b"HEAD / HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 3\r\n\r\n";
        let request = parse_head(head, head.len()).ok().unwrap();
        assert!(request.keep_alive && request.head_only);
        assert_eq!(request.len, head.len() + 3);
        assert!(parse_head(b"GET /\r\n\r\n", 9).is_err());
        let head = b"GET /e/42 HTTP/1.1\r\n\r\n";
        let request = parse_head(head, head.len()).ok().unwrap();
        assert_eq!(request.target, Target::Page(Some(42)));
        let head = b"GET /.well-known/security.txt HTTP/1.1\r\n\r\n";
        let request = parse_head(head, head.len()).ok().unwrap();
        assert_eq!(request.target, Target::Other);
    }
}
