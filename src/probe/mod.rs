//! Probing endpoints: scheduling (a global and a per-host concurrency
//! limit, one deadline per probe, retries of transient failures) and the
//! order of the protocol steps. Each protocol lives in its own file; what a
//! probe learned is [`facts::ProbeFacts`]; what is retried, and after what
//! wait, is [`retry`]'s to say.
//!
//! A probe's steps run against one deadline (`--timeout`) that also bounds
//! its retries, so a dead or hostile server costs at most that long.

pub mod dns;
mod error;
pub mod facts;
pub mod families;
pub mod headers;
pub mod http;
pub mod mail;
pub mod plan;
pub mod preload;
pub mod retry;
pub mod security_txt;
pub mod sweep_memory;
pub mod tcp;
pub mod tls;
pub mod tls_profile;
pub mod tls_scan;

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use reqwest::Url;
use tokio::net::TcpStream;
use tokio::sync::Semaphore;
use tokio::time::{Instant, sleep, timeout, timeout_at};

use dns::{ConnectResolver, Dns, ProviderSignature};
pub use error::ProbeError;
use facts::{ErrorClass, ProbeFacts, ProtocolVersion};
use plan::ProbePlan;
use tls::TlsSetup;

/// How deep the TLS facts go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TlsDepth {
    /// The versions accepted, and whether a weak suite is: a handful of
    /// extra first flights per endpoint (what `scan` does every night).
    Quick,
    /// Also every suite of every accepted version, classed: a first flight
    /// per suite accepted (what `probe` does for a person debugging a site).
    Full,
}

/// How probing behaves; the CLI's probe flags.
#[derive(Debug, Clone)]
pub struct ProbeConfig {
    /// Probes in flight at once.
    pub concurrency: usize,
    /// Probes in flight at once against one host name or address.
    pub per_host: usize,
    /// Deadline of one probe, retries included.
    pub timeout: Duration,
    /// Deadline of one TCP connection attempt.
    pub connect_timeout: Duration,
    /// Extra attempts after a transient failure.
    pub retries: u32,
    /// A DNS server to ask instead of the system's.
    pub resolver: Option<SocketAddr>,
    /// Extra trusted CA certificates (PEM).
    pub ca_file: Option<PathBuf>,
    /// How deep the TLS facts go.
    pub tls_depth: TlsDepth,
    /// Draw a progress bar with these words (only ever on a terminal).
    pub progress: Option<ProgressText>,
    /// A scan's: the previous run's version sweeps and when to ask again
    /// (see sweep_memory.rs); `None` for `probe`, which always asks.
    pub sweep_memory: Option<Arc<sweep_memory::SweepMemory>>,
    /// A scan's `--tls-resweep-days`: how often the memory asks again.
    pub tls_resweep_days: u32,
}

/// The progress bar's words, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressText {
    /// "probing {bar} 10/94 endpoints": the words before and after the count.
    pub probing: String,
    pub endpoints: String,
    /// "{count} failed", with [`ProgressText::COUNT`] where the count goes.
    pub failed: String,
}

impl ProgressText {
    /// Stands for the count in `failed`.
    pub const COUNT: &str = "\u{0}";
}

impl Default for ProbeConfig {
    fn default() -> Self {
        ProbeConfig {
            concurrency: 64,
            per_host: 4,
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            retries: 1,
            resolver: None,
            ca_file: None,
            tls_depth: TlsDepth::Quick,
            progress: None,
            sweep_memory: None,
            tls_resweep_days: sweep_memory::DEFAULT_RESWEEP_DAYS,
        }
    }
}

/// How probes introduce themselves to servers.
pub const USER_AGENT: &str = concat!(
    "cloudcensus/",
    env!("CARGO_PKG_VERSION"),
    " (compliance probe)"
);

/// Why a step failed.
#[derive(Debug, Clone)]
pub struct Failure {
    pub class: ErrorClass,
    pub message: String,
    /// The kind of the I/O error behind the failure, when one was: with
    /// the class, what [`retry`] decides on, and what tells a port the
    /// peer refused from one with no route.
    pub io: Option<std::io::ErrorKind>,
}

impl Failure {
    pub fn new(class: ErrorClass, message: impl Into<String>) -> Self {
        Failure {
            class,
            message: message.into(),
            io: None,
        }
    }

    pub fn from_io(
        class: ErrorClass,
        kind: std::io::ErrorKind,
        message: impl Into<String>,
    ) -> Self {
        Failure {
            io: Some(kind),
            ..Failure::new(class, message)
        }
    }

    /// The peer itself refused (a closed port), as opposed to no route.
    pub fn refused_by_peer(&self) -> bool {
        self.class == ErrorClass::Refused && self.io == Some(std::io::ErrorKind::ConnectionRefused)
    }
}

/// Opens a TCP connection within `limit`.
pub async fn connect(address: SocketAddr, limit: Duration) -> Result<TcpStream, Failure> {
    match timeout(limit, TcpStream::connect(address)).await {
        Err(_) => Err(Failure::new(
            ErrorClass::Timeout,
            format!("no answer from {address} within {} s", limit.as_secs_f64()),
        )),
        Ok(Err(error)) => {
            let kind = error.kind();
            Err(match kind {
                std::io::ErrorKind::ConnectionRefused => Failure::from_io(
                    ErrorClass::Refused,
                    kind,
                    format!("{address} refused the connection"),
                ),
                std::io::ErrorKind::TimedOut => {
                    Failure::from_io(ErrorClass::Timeout, kind, format!("{address}: {error}"))
                }
                _ => Failure::from_io(
                    ErrorClass::Refused,
                    kind,
                    format!("cannot connect to {address}: {error}"),
                ),
            })
        }
        Ok(Ok(stream)) => {
            // Requests are small; waiting to batch them only adds latency.
            let _ = stream.set_nodelay(true);
            Ok(stream)
        }
    }
}

/// Probes every URL (a URL given twice once) and returns their facts in
/// the order given.
pub fn probe_all(
    urls: &[Url],
    config: &ProbeConfig,
    providers: Vec<ProviderSignature>,
) -> Result<Vec<ProbeFacts>, ProbeError> {
    let (plan, places) = ProbePlan::of(urls);
    let mut results: Vec<Option<ProbeFacts>> = vec![None; plan.urls().len()];
    probe_all_into(&plan, config, providers, |slot, facts| {
        results[slot] = Some(facts);
    })?;
    // A URL given twice is reported at both places: its facts are moved to
    // its last mention and copied only for the earlier ones.
    let mut last_mention = vec![0; results.len()];
    for (mention, &place) in places.iter().enumerate() {
        last_mention[place] = mention;
    }
    Ok(places
        .iter()
        .enumerate()
        .filter_map(|(mention, &place)| {
            if last_mention[place] == mention {
                results[place].take()
            } else {
                results[place].clone()
            }
        })
        .collect())
}

/// Probes every URL of the plan and hands each URL's facts to `deliver`
/// (with its index in the plan) as soon as they are in, so the caller can
/// work while slow endpoints are still being waited for. Builds its own
/// tokio runtime: the rest of the program is not async.
pub fn probe_all_into(
    plan: &ProbePlan<'_>,
    config: &ProbeConfig,
    providers: Vec<ProviderSignature>,
    deliver: impl FnMut(usize, ProbeFacts),
) -> Result<(), ProbeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("probe")
        .build()
        .map_err(|source| ProbeError::Runtime { source })?;
    let outcome = runtime.block_on(async {
        let prober = Arc::new(Prober::new(config, providers)?);
        tokio::select! {
            () = prober.run(plan, deliver) => {}
            // SIGINT or SIGTERM (see crate::interrupt): the probes in
            // flight are dropped with their connections; the caller stops.
            () = crate::interrupt::stopped() => {}
        }
        Ok(())
    });
    // A stopped run does not wait for the runtime's threads to wind down.
    if crate::interrupt::requested().is_some() {
        runtime.shutdown_background();
    }
    outcome
}

pub struct Prober {
    config: ProbeConfig,
    client: reqwest::Client,
    dns: Arc<Dns>,
    tls: TlsSetup,
    providers: Vec<ProviderSignature>,
    security_txt: security_txt::Cache,
}

impl Prober {
    /// Must run inside a tokio runtime (the resolver starts tasks on it).
    pub fn new(
        config: &ProbeConfig,
        providers: Vec<ProviderSignature>,
    ) -> Result<Self, ProbeError> {
        let dns = Arc::new(Dns::new(config.resolver, config.connect_timeout)?);
        let tls = TlsSetup::new(config.ca_file.as_deref())?;
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured((*tls.config).clone())
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(config.connect_timeout)
            // Each probe asks once; idle connections would only hold sockets.
            .pool_max_idle_per_host(0)
            .no_proxy()
            .dns_resolver(Arc::new(ConnectResolver(Arc::clone(&dns))))
            .user_agent(USER_AGENT)
            .build()
            .map_err(|source| ProbeError::HttpClient { source })?;
        Ok(Prober {
            config: config.clone(),
            client,
            dns,
            tls,
            providers,
            security_txt: security_txt::Cache::default(),
        })
    }

    /// Probes the plan's URLs (each once: the plan saw to that) under the
    /// concurrency limits, handing each URL's facts to `deliver`, with its
    /// index in the plan, as they come in.
    pub async fn run(
        self: &Arc<Self>,
        plan: &ProbePlan<'_>,
        mut deliver: impl FnMut(usize, ProbeFacts),
    ) {
        let unique = plan.urls();
        let mut delivered = vec![false; unique.len()];

        let global = Arc::new(Semaphore::new(self.config.concurrency.max(1)));
        let schedule = interleave_hosts(unique);
        // Per host, its limit while it has URLs left to start; the probes
        // in flight keep it alive through their permits after that.
        let mut per_host: Vec<Option<Arc<Semaphore>>> = vec![None; schedule.host_sizes.len()];
        let mut left_to_start = schedule.host_sizes;
        let progress = progress_bar(unique.len(), self.config.progress.as_ref());
        let failed_text = self
            .config
            .progress
            .as_ref()
            .map(|text| text.failed.clone())
            .unwrap_or_default();
        let failures = Arc::new(AtomicUsize::new(0));
        let mut tasks = tokio::task::JoinSet::new();
        // A probe is spawned only once it holds its permits, so only the
        // probes in flight take memory. The host's permit comes first, so a
        // probe waiting for a busy host holds no global permit idle, and
        // hosts take turns so that one host's queue does not hold up the
        // others behind it.
        for (slot_index, host) in schedule.order {
            let url = unique[slot_index];
            let host_limit = Arc::clone(
                per_host[host]
                    .get_or_insert_with(|| Arc::new(Semaphore::new(self.config.per_host.max(1)))),
            );
            left_to_start[host] -= 1;
            if left_to_start[host] == 0 {
                per_host[host] = None;
            }
            let (Ok(host_permit), Ok(slot)) = (
                host_limit.acquire_owned().await,
                Arc::clone(&global).acquire_owned().await,
            ) else {
                continue; // only a closed semaphore fails, and none is closed
            };
            let prober = Arc::clone(self);
            let url = url.clone();
            let progress = progress.clone();
            let failures = Arc::clone(&failures);
            let failed_text = failed_text.clone();
            tasks.spawn(async move {
                let _permits = (host_permit, slot);
                let facts = prober.probe(&url).await;
                if facts.error.is_some() {
                    let failed = failures.fetch_add(1, Ordering::Relaxed) + 1;
                    progress
                        .set_message(failed_text.replace(ProgressText::COUNT, &failed.to_string()));
                }
                progress.inc(1);
                (slot_index, facts)
            });
            while let Some(joined) = tasks.try_join_next() {
                if let Some((slot, facts)) = finished(joined) {
                    delivered[slot] = true;
                    deliver(slot, facts);
                }
            }
        }
        while let Some(joined) = tasks.join_next().await {
            if let Some((slot, facts)) = finished(joined) {
                delivered[slot] = true;
                deliver(slot, facts);
            }
        }
        progress.finish_and_clear();
        // A probe task cannot panic by design; if one ever did, its
        // endpoint is still reported, with the reason, rather than lost.
        for slot in 0..unique.len() {
            if !delivered[slot] {
                let mut facts = base_facts(unique[slot]);
                facts.error = Some(ErrorClass::Http);
                facts.error_message = Some("internal error: the probe did not finish".into());
                deliver(slot, facts);
            }
        }
    }

    /// One endpoint: attempts until success, a lasting failure, the retry
    /// budget or the deadline.
    pub async fn probe(&self, url: &Url) -> ProbeFacts {
        // Credentials in an inventory URL are never sent (nor printed).
        let url = &without_credentials(url);
        let deadline = Instant::now() + self.config.timeout;
        let mut attempt = 1;
        // The versions an earlier attempt learned in full are not asked
        // again: a retry is for what may pass (a 503, a timeout).
        let mut versions_known = None;
        loop {
            let (mut facts, failure, retry_after) =
                self.attempt(url, deadline, &mut versions_known).await;
            facts.attempts = attempt;
            let retryable = retry::should_retry(failure.as_ref(), facts.status);
            if let Some(failure) = failure {
                facts.error = Some(failure.class);
                facts.error_message = Some(failure.message);
            }
            if !retryable || attempt > self.config.retries {
                return facts;
            }
            let backoff = retry::wait(attempt, retry_after);
            if Instant::now() + backoff >= deadline {
                return facts;
            }
            sleep(backoff).await;
            attempt += 1;
        }
    }

    async fn attempt(
        &self,
        url: &Url,
        deadline: Instant,
        versions_known: &mut Option<tls_scan::Sweep>,
    ) -> (ProbeFacts, Option<Failure>, Option<Duration>) {
        let mut facts = base_facts(url);
        let addresses = match self.resolve(url, deadline, &mut facts).await {
            Ok(addresses) => addresses,
            Err(failure) => return (facts, Some(failure), None),
        };
        let remaining = deadline.saturating_duration_since(Instant::now());
        let connect_limit = self.config.connect_timeout.min(remaining);
        if url.scheme() == "tcp" {
            let failure = self
                .tcp_over_families(&addresses, connect_limit, deadline, &mut facts)
                .await;
            return (facts, failure, None);
        }
        let https = url.scheme() == "https";
        let host = url.host_str().unwrap_or_default();
        // For HTTPS, what the modern handshake already told of the versions.
        let mut known = Vec::new();
        // The first address that takes a connection; those refused before it.
        let (address, opened, failed) = if https {
            families::first_that_connects(&addresses, deadline, |address| async move {
                let connect_limit = self.connect_limit(deadline);
                match timeout_at(deadline, self.tls.inspect(address, host, connect_limit)).await {
                    Ok(result) => result.map(|inspected| Opened::Tls(Box::new(inspected))),
                    Err(_) => Err(Failure::new(
                        ErrorClass::Timeout,
                        "TLS handshake did not finish before the deadline",
                    )),
                }
            })
            .await
        } else {
            families::first_that_connects(&addresses, deadline, |address| async move {
                connect(address, self.connect_limit(deadline))
                    .await
                    .map(Opened::Plain)
            })
            .await
        };
        let connection = if https {
            match opened {
                Err(failure) if failure.class == ErrorClass::Tls => {
                    families::record(&mut facts, address, false, &failed, None);
                    let (mut facts, failure, retry) = self
                        .legacy(url, address, connect_limit, deadline, facts, failure)
                        .await;
                    if facts.reachable {
                        families::record(&mut facts, address, true, &[], None);
                    }
                    return (facts, failure, retry);
                }
                Err(failure) => {
                    families::record(&mut facts, address, false, &failed, None);
                    return (facts, Some(failure), None);
                }
                Ok(Opened::Tls(inspected)) => {
                    if let Some(version) = ProtocolVersion::ALL
                        .iter()
                        .find(|v| v.as_str() == inspected.tls.version)
                    {
                        known = tls_scan::known_from(*version);
                    }
                    let inspected = *inspected;
                    facts.tls = Some(Box::new(inspected.tls));
                    facts.cert = Some(Box::new(inspected.cert));
                    http::Connection::Tls(Box::new(inspected.stream))
                }
                Ok(Opened::Plain(stream)) => http::Connection::Plain(stream),
            }
        } else {
            match opened {
                Ok(Opened::Plain(stream)) => http::Connection::Plain(stream),
                Ok(Opened::Tls(inspected)) => http::Connection::Tls(Box::new(inspected.stream)),
                Err(failure) => {
                    families::record(&mut facts, address, false, &failed, None);
                    return (facts, Some(failure), None);
                }
            }
        };
        // The other family, unless an address of it was refused already.
        let other = families::other_family(&addresses, address)
            .filter(|other| !failed.iter().any(|f| f.is_ipv4() == other.is_ipv4()));
        // The plain-HTTP check and the version sweep are boxed so that a
        // task for an http:// URL, which never runs them, does not carry
        // their room (8 KiB) all along.
        let way = |page_connection| security_txt::Way {
            client: &self.client,
            tls: &self.tls.config,
            ip: address.ip(),
            connect_limit,
            page_connection,
        };
        // Last night's sweep, when it stands for tonight's handshake.
        let carried = match (&self.config.sweep_memory, facts.tls.as_deref()) {
            (Some(memory), Some(tls)) => memory.carried(
                url.as_str(),
                tls,
                facts.cert.as_deref(),
                self.config.tls_depth,
            ),
            _ => None,
        };
        let sweep_wanted = https && carried.is_none();
        let (mut chain, plain, sweep, other_answered, plain_security_txt) = tokio::join!(
            http::follow(&self.client, url.clone(), deadline, Some(connection)),
            async {
                if https {
                    Some(Box::pin(self.plain_http(url, address, connect_limit, deadline)).await)
                } else {
                    None
                }
            },
            async {
                if sweep_wanted {
                    Some(match versions_known.clone() {
                        Some(known) => known,
                        None => {
                            Box::pin(self.sweep(address, host, &known, connect_limit, deadline))
                                .await
                        }
                    })
                } else {
                    None
                }
            },
            async {
                match other {
                    Some(other) => {
                        let answered = Box::pin(self.answers_over(
                            other,
                            host,
                            https,
                            connect_limit,
                            deadline,
                        ))
                        .await;
                        Some((other, answered))
                    }
                    None => None,
                }
            },
            // For plain HTTP, the host's HTTPS origin, beside the page on a
            // connection of its own.
            async {
                if https {
                    None
                } else {
                    Box::pin(self.security_txt.get(way(None), url, deadline)).await
                }
            },
        );
        // Over HTTPS, after the page, on its connection when the server
        // kept it open (see security_txt.rs).
        let security_txt = if https {
            let page_connection = chain.reusable.take();
            Box::pin(self.security_txt.get(way(page_connection), url, deadline)).await
        } else {
            plain_security_txt
        };
        facts.security_txt = security_txt.map(Box::new);
        if let (Some(tls), Some(sweep)) = (facts.tls.as_mut(), sweep) {
            sweep.record_into(tls);
            tls.mozilla = sweep.profile(tls, facts.cert.as_deref());
            tls.swept_on = self.config.sweep_memory.as_ref().map(|memory| memory.today);
            if sweep.settled() {
                *versions_known = Some(sweep);
            }
        }
        if let (Some(tls), Some(then)) = (facts.tls.as_mut(), carried) {
            sweep_memory::carry_into(then, tls);
        }
        facts.reachable = chain.first_latency.is_some();
        // The family used answered: it took the connection (and the TLS
        // handshake), the same test the other family is put to.
        families::record(&mut facts, address, true, &failed, other_answered);
        facts.latency_ms = chain.first_latency.map(millis);
        let header = chain.hsts.as_ref().map(Option::as_ref);
        facts.hsts_preload = preload::judge(host, header).map(Box::new);
        facts.hsts = chain.hsts.flatten();
        facts.https_redirect = match &plain {
            None => chain.ends_on_https(),
            Some(plain) => enforces_https(plain),
        };
        let retry_after = chain.last.as_ref().and_then(|l| l.retry_after);
        if let Some(last) = chain.last {
            facts.status = Some(last.status);
            facts.final_url = Some(redacted(&last.url));
            facts.http_version = Some(Cow::Borrowed(last.version));
            facts.server = last.server;
            facts.title = last.title;
            facts.body_bytes = Some(last.body_bytes);
            facts.headers = Some(last.security_headers);
            facts.cookies = Some(last.cookies);
        }
        facts.redirects = chain.redirects;
        (facts, chain.failure, retry_after)
    }

    /// An HTTPS endpoint no modern handshake reached (`failure`): reachable
    /// all the same when a first flight of the version sweep accepted (an
    /// old version, or suites rustls lacks), with the versions, the suite
    /// and the certificate sent in clear; the facts that need a finished
    /// handshake stay absent.
    async fn legacy(
        &self,
        url: &Url,
        address: SocketAddr,
        connect_limit: Duration,
        deadline: Instant,
        mut facts: ProbeFacts,
        failure: Failure,
    ) -> (ProbeFacts, Option<Failure>, Option<Duration>) {
        let host = url.host_str().unwrap_or_default();
        let (sweep, plain) = tokio::join!(
            Box::pin(self.sweep(address, host, &[], connect_limit, deadline)),
            Box::pin(self.plain_http(url, address, connect_limit, deadline)),
        );
        let Some(mut tls) = sweep.legacy_facts() else {
            return (facts, Some(failure), None);
        };
        facts.reachable = true;
        if let Ok(name) = tls::server_name(host) {
            facts.cert = self.tls.judge(&sweep.chain, &name, host).ok().map(Box::new);
        }
        tls.mozilla = sweep.profile(&tls, facts.cert.as_deref());
        tls.swept_on = self.config.sweep_memory.as_ref().map(|memory| memory.today);
        facts.tls = Some(Box::new(tls));
        facts.hsts_preload = preload::judge(host, None).map(Box::new);
        facts.https_redirect = enforces_https(&plain);
        (facts, None, None)
    }

    /// Whether the endpoint answers at `address` (the other family's): it
    /// takes a connection and, for HTTPS, completes a TLS handshake (any
    /// certificate). No request is sent: answering is what the family is
    /// judged on, the page is the first family's.
    async fn answers_over(
        &self,
        address: SocketAddr,
        host: &str,
        https: bool,
        connect_limit: Duration,
        deadline: Instant,
    ) -> Option<bool> {
        let check = async {
            let result = if https {
                self.tls
                    .inspect(address, host, connect_limit)
                    .await
                    .map(drop)
            } else {
                connect(address, connect_limit).await.map(drop)
            };
            match result {
                Err(failure) if families::no_route_here(&failure) => None,
                result => Some(result.is_ok()),
            }
        };
        timeout_at(deadline, check).await.unwrap_or(Some(false))
    }

    /// The connect timeout, or what is left of the deadline if less.
    fn connect_limit(&self, deadline: Instant) -> Duration {
        let remaining = deadline.saturating_duration_since(Instant::now());
        self.config.connect_timeout.min(remaining)
    }

    /// A `tcp://` port over every address family the name has: each
    /// address in turn until one takes the connection (a port closed over
    /// IPv4 and open over IPv6 is open), then the other family's first
    /// address if none of it was tried.
    async fn tcp_over_families(
        &self,
        addresses: &[SocketAddr],
        connect_limit: Duration,
        deadline: Instant,
        facts: &mut ProbeFacts,
    ) -> Option<Failure> {
        let mut failed = Vec::new();
        let mut last = (addresses[0], None);
        for (index, address) in addresses.iter().enumerate() {
            let connect_limit = if index == 0 {
                connect_limit
            } else {
                self.connect_limit(deadline)
            };
            let failure = tcp::check(*address, connect_limit, facts).await.err();
            let more = index + 1 < addresses.len() && Instant::now() < deadline;
            let open = failure.is_none();
            last = (*address, failure);
            if open || !more {
                break;
            }
            failed.push(*address);
        }
        let (address, failure) = last;
        let other = match families::other_family(addresses, address) {
            Some(other)
                if !failed.iter().any(|a| a.is_ipv4() == other.is_ipv4())
                    && Instant::now() < deadline =>
            {
                let answered = match connect(other, self.connect_limit(deadline)).await {
                    Err(failure) if families::no_route_here(&failure) => None,
                    result => Some(result.is_ok()),
                };
                Some((other, answered))
            }
            _ => None,
        };
        let open = facts.reachable;
        families::record(facts, address, open, &failed, other);
        failure
    }

    async fn sweep(
        &self,
        address: SocketAddr,
        host: &str,
        known: &[(ProtocolVersion, facts::VersionVerdict)],
        connect_limit: Duration,
        deadline: Instant,
    ) -> tls_scan::Sweep {
        let peer = tls_scan::Peer {
            address,
            host,
            random: self.tls.provider.secure_random,
            connect_limit,
            deadline,
        };
        tls_scan::sweep(peer, known, self.config.tls_depth).await
    }

    /// The chain of `http://host/` for an HTTPS endpoint, on port 80 of the
    /// address the endpoint resolved to.
    async fn plain_http(
        &self,
        url: &Url,
        address: SocketAddr,
        connect_limit: Duration,
        deadline: Instant,
    ) -> http::Chain {
        let plain = plain_http_url(url);
        let port = plain.port_or_known_default().unwrap_or(80);
        match connect(SocketAddr::new(address.ip(), port), connect_limit).await {
            Ok(stream) => {
                let connection = Some(http::Connection::Plain(stream));
                http::follow(&self.client, plain, deadline, connection).await
            }
            Err(failure) => http::Chain {
                failure: Some(failure),
                ..http::Chain::default()
            },
        }
    }

    /// The addresses to connect to, in order: the literal, or the DNS
    /// answers (see [`families::candidates`]); never empty.
    async fn resolve(
        &self,
        url: &Url,
        deadline: Instant,
        facts: &mut ProbeFacts,
    ) -> Result<Vec<SocketAddr>, Failure> {
        let port = url
            .port_or_known_default()
            .ok_or_else(|| Failure::new(ErrorClass::Dns, "the URL has no port"))?;
        let Some(host) = url.host_str() else {
            return Err(Failure::new(ErrorClass::Dns, "the URL has no host"));
        };
        // `tcp://` is not a scheme the URL parser knows, so it leaves an
        // address literal as a name: recognise literals from the text.
        let ip = match literal_address(host) {
            Some(ip) => ip,
            None => {
                let dns = match timeout_at(deadline, self.dns.lookup(host)).await {
                    Ok(dns) => dns,
                    Err(_) => facts::DnsFacts {
                        error: Some(facts::DnsError::Timeout),
                        ..Default::default()
                    },
                };
                facts.observed_provider =
                    dns::observed_provider(&dns, None, &self.providers).map(str::to_string);
                let addresses = families::candidates(&dns, port);
                let error = dns.error;
                facts.dns = Some(Box::new(dns));
                if addresses.is_empty() {
                    let why = error.unwrap_or(facts::DnsError::NoAddress);
                    return Err(Failure::new(
                        ErrorClass::Dns,
                        format!("cannot resolve {host}: {why}"),
                    ));
                }
                return Ok(addresses);
            }
        };
        facts.observed_provider =
            dns::observed_provider(&facts::DnsFacts::default(), Some(ip), &self.providers)
                .map(str::to_string);
        Ok(vec![SocketAddr::new(ip, port)])
    }
}

/// What the first connection of an attempt opened.
enum Opened {
    Tls(Box<tls::Inspected>),
    Plain(TcpStream),
}

/// Milliseconds, to the hundredth: finer is noise.
pub fn millis(duration: Duration) -> f64 {
    (duration.as_secs_f64() * 100_000.0).round() / 100.0
}

fn literal_address(host: &str) -> Option<IpAddr> {
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .ok()
}

fn finished(
    joined: Result<(usize, ProbeFacts), tokio::task::JoinError>,
) -> Option<(usize, ProbeFacts)> {
    match joined {
        Ok(done) => Some(done),
        Err(error) => {
            eprintln!("warning: a probe task failed: {error}");
            None
        }
    }
}

fn host_key(url: &Url) -> String {
    url.host_str().unwrap_or_default().to_ascii_lowercase()
}

/// The order to probe `urls` in, hosts taking turns: the first URL of each
/// host, then the second of each, and so on (first-seen order within a
/// round). Each index comes with its host's number; `host_sizes` says how
/// many URLs each host has.
struct Schedule {
    order: Vec<(usize, usize)>,
    host_sizes: Vec<usize>,
}

fn interleave_hosts(urls: &[&Url]) -> Schedule {
    let mut groups: Vec<std::collections::VecDeque<usize>> = Vec::new();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    for (index, url) in urls.iter().enumerate() {
        let group = *group_of.entry(host_key(url)).or_insert_with(|| {
            groups.push(Default::default());
            groups.len() - 1
        });
        groups[group].push_back(index);
    }
    let host_sizes = groups.iter().map(std::collections::VecDeque::len).collect();
    let mut order = Vec::with_capacity(urls.len());
    let mut round: Vec<(usize, std::collections::VecDeque<usize>)> =
        groups.into_iter().enumerate().collect();
    while !round.is_empty() {
        for (host, group) in &mut round {
            order.extend(group.pop_front().map(|index| (index, *host)));
        }
        round.retain(|(_, group)| !group.is_empty());
    }
    Schedule { order, host_sizes }
}

/// pshtt's "enforces HTTPS": plain HTTP ends on HTTPS, or is not served at
/// all. A plain-HTTP answer that stays on HTTP does not enforce it; a chain
/// that breaks for another reason leaves the fact unknown.
fn enforces_https(plain: &http::Chain) -> Option<bool> {
    if let Some(ends_on_https) = plain.ends_on_https() {
        return Some(ends_on_https);
    }
    match plain.failure.as_ref().map(|f| f.class) {
        Some(ErrorClass::Refused | ErrorClass::Timeout) if plain.first_latency.is_none() => {
            Some(true)
        }
        _ => None,
    }
}

/// `http://host/` for an HTTPS endpoint: the plain-HTTP face of the site,
/// on the default port whatever the endpoint's own port.
fn plain_http_url(url: &Url) -> Url {
    let host = url.host_str().unwrap_or_default();
    Url::parse(&format!("http://{host}/")).unwrap_or_else(|_| url.clone())
}

fn base_facts(url: &Url) -> ProbeFacts {
    ProbeFacts {
        url: redacted(url),
        scheme: facts::known_text(url.scheme(), &["https", "http", "tcp"]),
        host: url.host_str().unwrap_or_default().to_string(),
        port: url.port_or_known_default(),
        ..ProbeFacts::default()
    }
}

/// The URL without its password or user name, which may be secrets.
pub fn redacted(url: &Url) -> String {
    without_credentials(url).to_string()
}

fn without_credentials(url: &Url) -> Url {
    let mut clean = url.clone();
    if !url.username().is_empty() || url.password().is_some() {
        let _ = clean.set_password(None);
        let _ = clean.set_username("");
    }
    clean
}

fn progress_bar(total: usize, text: Option<&ProgressText>) -> ProgressBar {
    let Some(text) = text.filter(|_| std::io::stderr().is_terminal()) else {
        return ProgressBar::hidden();
    };
    let bar = ProgressBar::new(total as u64);
    // Braces in the words would be read as template keys.
    let word = |w: &str| w.replace(['{', '}'], "");
    let template = format!(
        "{} {{bar:30}} {{pos}}/{{len}} {}  {{rate}}  eta {{eta}}  {{msg}}",
        word(&text.probing),
        word(&text.endpoints)
    );
    if let Ok(style) = ProgressStyle::with_template(&template) {
        // Whole endpoints a second: indicatif's own `per_sec` prints
        // "187.8234/s".
        bar.set_style(style.with_key(
            "rate",
            |state: &indicatif::ProgressState, out: &mut dyn std::fmt::Write| {
                let _ = write!(out, "{:.0}/s", state.per_sec());
            },
        ));
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_take_turns() {
        let urls: Vec<Url> = [
            "https://a.vn/1",
            "https://a.vn/2",
            "https://a.vn/3",
            "https://b.vn/",
            "tcp://C.vn:22",
            "https://c.vn/",
        ]
        .iter()
        .map(|u| Url::parse(u).unwrap())
        .collect();
        let refs: Vec<&Url> = urls.iter().collect();
        let schedule = interleave_hosts(&refs);
        assert_eq!(
            schedule.order,
            vec![(0, 0), (3, 1), (4, 2), (1, 0), (5, 2), (2, 0)]
        );
        assert_eq!(schedule.host_sizes, vec![3, 1, 2]);
    }
}
