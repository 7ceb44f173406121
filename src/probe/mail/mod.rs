//! Probing mail domains, as trustymail does: MX hosts, SPF, DMARC,
//! MTA-STS and TLS-RPT records, and STARTTLS on port 25 of the first MX
//! hosts. What one domain's probe learned is [`facts::MailFacts`].
//!
//! The parts:
//! - [`records`]: MX and TXT lookups through the prober's resolver.
//! - [`spf`] and [`dmarc`]: the records parsed, the SPF lookups counted.
//! - [`smtp`]: the dialogue with one MX host, TLS by [`TlsSetup`].
//!
//! Scheduling: at most `concurrency` domains at once, each within its own
//! deadline (`--timeout`), every connection and reply within the connect
//! timeout. An MX host many domains share (one provincial mail server for
//! every agency) is asked once per run, its answer shared: one connection
//! per host, well inside the per-host limit. Each domain waits for that
//! answer no longer than its own deadline, and a timeout is not shared.

pub mod dmarc;
pub mod facts;
pub mod records;
pub mod smtp;
pub mod spf;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};

use futures_util::StreamExt;
use tokio::sync::OnceCell;
use tokio::time::{Instant, timeout_at};

use super::dns::{Dns, classify};
use super::facts::{DnsError, DnsFacts};
use super::families;
use super::tls::TlsSetup;
use super::{ProbeConfig, ProbeError};
use facts::{LookupError, MailFacts, MxFacts, MxHost, SmtpError, SmtpFacts, TxtFacts};
use records::{MailDns, MxAnswer, TxtAnswer, TxtSource, starts_with_tag, version_records};

/// MX hosts asked on port 25, the most preferred first: trustymail asks
/// every one, but a domain with twenty backup MX hosts should not cost
/// twenty dialogues; the first five are where mail goes.
pub const MX_HOSTS_ASKED: usize = 5;

/// The SMTP port mail between servers uses (RFC 5321).
pub const SMTP_PORT: u16 = 25;

/// A mail domain as the user wrote it, checked: lower case, without a
/// trailing dot, an internationalised name in its ASCII form. `None` when
/// it is not a domain name (an address, a URL, a stray character).
pub fn domain_name(text: &str) -> Option<String> {
    let trimmed = text.trim().trim_end_matches('.');
    if trimmed.is_empty() || trimmed.contains(['/', ':', '@']) {
        return None;
    }
    let url::Host::Domain(ascii) = url::Host::parse(trimmed).ok()? else {
        return None; // an IP address
    };
    let ascii = ascii.to_ascii_lowercase();
    let labels_ok = ascii.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    (labels_ok && ascii.len() <= 253).then_some(ascii)
}

/// Probes every domain (each once) and returns their facts in the order
/// given; each domain as [`domain_name`] gives it (a scan checks its
/// inventory's domains with it when it loads them). Builds its own tokio
/// runtime: the rest of the program is not async.
pub fn probe_mail_domains(
    domains: &[String],
    config: &ProbeConfig,
) -> Result<Vec<MailFacts>, ProbeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("probe-mail")
        .build()
        .map_err(|source| ProbeError::Runtime { source })?;
    let outcome = runtime.block_on(async {
        let prober = MailProber::new(config)?;
        tokio::select! {
            facts = prober.probe_all(domains) => Ok(facts),
            // Stopped by a signal (see crate::interrupt): the caller stops.
            () = crate::interrupt::stopped() => Ok(Vec::new()),
        }
    });
    // A stopped run does not wait for the runtime's threads to wind down.
    if crate::interrupt::requested().is_some() {
        runtime.shutdown_background();
    }
    outcome
}

/// Probes mail domains; one per run (its SMTP answers are shared).
pub struct MailProber {
    config: ProbeConfig,
    dns: Arc<Dns>,
    mail_dns: MailDns,
    tls: TlsSetup,
    /// The name given in EHLO: this machine's (RFC 5321 4.1.4).
    ehlo_name: String,
    /// Each MX host's answer, once asked.
    smtp: Mutex<HashMap<String, Arc<OnceCell<SmtpFacts>>>>,
}

impl MailProber {
    /// Must run inside a tokio runtime (the resolver starts tasks on it).
    pub fn new(config: &ProbeConfig) -> Result<Self, ProbeError> {
        let dns = Arc::new(Dns::new(config.resolver, config.connect_timeout)?);
        Ok(MailProber {
            config: config.clone(),
            mail_dns: MailDns {
                resolver: dns.resolver().clone(),
            },
            dns,
            tls: TlsSetup::new(config.ca_file.as_deref())?,
            ehlo_name: lettre::transport::smtp::extension::ClientId::default().to_string(),
            smtp: Mutex::new(HashMap::new()),
        })
    }

    /// Every domain, `concurrency` at a time, in the order given (a domain
    /// given twice is probed once and reported twice).
    pub async fn probe_all(&self, domains: &[String]) -> Vec<MailFacts> {
        let mut unique: Vec<&str> = Vec::new();
        for domain in domains {
            if !unique.contains(&domain.as_str()) {
                unique.push(domain);
            }
        }
        let facts: Vec<MailFacts> = futures_util::stream::iter(unique.iter().copied())
            .map(|domain| self.probe(domain))
            .buffered(self.config.concurrency.max(1))
            .collect()
            .await;
        domains
            .iter()
            .filter_map(|domain| facts.iter().find(|f| f.domain == *domain).cloned())
            .collect()
    }

    /// One domain, within the deadline.
    pub async fn probe(&self, domain: &str) -> MailFacts {
        let started = Instant::now();
        let deadline = started + self.config.timeout;
        let dmarc_name = format!("_dmarc.{domain}");
        let mta_sts_name = format!("_mta-sts.{domain}");
        let tls_rpt_name = format!("_smtp._tls.{domain}");
        let (mx, spf, dmarc, mta_sts, tls_rpt) = tokio::join!(
            bounded(
                deadline,
                self.mail_dns.mx(domain),
                MxAnswer::Failed(DnsError::Timeout)
            ),
            self.txt(domain, deadline),
            self.txt(&dmarc_name, deadline),
            self.txt(&mta_sts_name, deadline),
            self.txt(&tls_rpt_name, deadline),
        );
        let mut facts = MailFacts {
            domain: domain.to_string(),
            ..MailFacts::default()
        };
        let mut failed = |name: &str, record_type: &'static str, error: DnsError| {
            facts.lookup_errors.push(LookupError {
                name: name.to_string(),
                record_type: record_type.into(),
                error,
            });
        };
        let mx = match mx {
            MxAnswer::Records(records) => Some(records),
            MxAnswer::None => Some(Vec::new()),
            MxAnswer::NoDomain => {
                facts.error = Some(DnsError::Nxdomain);
                Some(Vec::new())
            }
            MxAnswer::Failed(error) => {
                failed(domain, "MX", error);
                None
            }
        };
        let mut records_of =
            |answer: TxtAnswer, name: &str, is_version: &dyn Fn(&str) -> bool| match answer {
                TxtAnswer::Records(texts) => Some(version_records(&texts, is_version)),
                TxtAnswer::None => Some(Vec::new()),
                TxtAnswer::Failed(error) => {
                    failed(name, "TXT", error);
                    None
                }
            };
        let spf = records_of(spf, domain, &spf::is_spf);
        let dmarc = records_of(dmarc, &dmarc_name, &dmarc::is_dmarc);
        let mta_sts = records_of(mta_sts, &mta_sts_name, &|t| starts_with_tag(t, "v=STSv1"));
        let tls_rpt = records_of(tls_rpt, &tls_rpt_name, &|t| {
            starts_with_tag(t, "v=TLSRPTv1")
        });
        facts.dmarc = dmarc.map(dmarc::facts);
        facts.mta_sts = mta_sts.map(present);
        facts.tls_rpt = tls_rpt.map(present);

        // The SPF includes and the SMTP dialogues at once.
        let bounded_source = Bounded {
            inner: &self.mail_dns,
            deadline,
        };
        let ((spf, include_errors), mx) = tokio::join!(
            async {
                let mut include_errors = Vec::new();
                let spf = match spf {
                    Some(records) => {
                        Some(spf::facts(records, &bounded_source, &mut include_errors).await)
                    }
                    None => None,
                };
                (spf, include_errors)
            },
            async {
                match mx {
                    Some(records) => Some(self.mx_facts(records, deadline).await),
                    None => None,
                }
            }
        );
        facts.spf = spf;
        for (name, error) in include_errors {
            facts.lookup_errors.push(LookupError {
                name,
                record_type: "TXT".into(),
                error,
            });
        }
        if let Some((mx, address_errors)) = mx {
            facts.mx = Some(mx);
            facts.lookup_errors.extend(address_errors);
        }
        facts.elapsed_ms = Some(started.elapsed().as_secs_f64() * 1000.0);
        facts
    }

    async fn txt(&self, name: &str, deadline: Instant) -> TxtAnswer {
        bounded(
            deadline,
            self.mail_dns.txt(name),
            TxtAnswer::Failed(DnsError::Timeout),
        )
        .await
    }

    /// The MX hosts by preference, the first few asked on port 25, and
    /// the address lookups of those that failed (a host with no address
    /// is not one: that is the host's fact, `smtp.error` `dns`).
    async fn mx_facts(
        &self,
        mut records: Vec<(u16, String)>,
        deadline: Instant,
    ) -> (MxFacts, Vec<LookupError>) {
        records.sort();
        records.dedup();
        // RFC 7505: a single MX of `.` says the domain takes no mail. A `.`
        // among real hosts means nothing and is dropped.
        let null_mx = matches!(records.as_slice(), [(_, name)] if name.is_empty());
        records.retain(|(_, name)| !name.is_empty());
        let asked = records
            .iter()
            .take(MX_HOSTS_ASKED)
            .map(|(preference, host)| async move {
                let (addresses, lookup_error, smtp) = self.smtp(host, deadline).await;
                let host_facts = MxHost {
                    host: host.clone(),
                    preference: *preference,
                    addresses,
                    smtp: Some(smtp),
                };
                let lookup_error = lookup_error.map(|error| LookupError {
                    name: host.clone(),
                    record_type: "A/AAAA".into(),
                    error,
                });
                (host_facts, lookup_error)
            });
        let (mut hosts, lookup_errors): (Vec<MxHost>, Vec<Option<LookupError>>) =
            futures_util::future::join_all(asked)
                .await
                .into_iter()
                .unzip();
        let asked_count = hosts.len();
        hosts.extend(
            records
                .iter()
                .skip(asked_count)
                .map(|(preference, host)| MxHost {
                    host: host.clone(),
                    preference: *preference,
                    addresses: Vec::new(),
                    smtp: None,
                }),
        );
        let verdicts: Option<Vec<bool>> = hosts
            .iter()
            .filter_map(|host| host.smtp.as_ref())
            .map(|smtp| match smtp.starttls {
                Some(false) => Some(false),
                Some(true) => smtp
                    .cert
                    .as_ref()
                    .map(|cert| cert.valid)
                    .or(match smtp.error {
                        // Offered but the handshake failed: no protection.
                        Some(SmtpError::Tls) => Some(false),
                        _ => None,
                    }),
                None => None,
            })
            .collect();
        let mx = MxFacts {
            all_starttls_valid: verdicts
                .filter(|v| !v.is_empty())
                .map(|v| v.iter().all(|ok| *ok)),
            hosts,
            null_mx,
        };
        (mx, lookup_errors.into_iter().flatten().collect())
    }

    /// One MX host's addresses, why their lookup failed if it did, and
    /// its SMTP answer, asked once per run.
    async fn smtp(
        &self,
        host: &str,
        deadline: Instant,
    ) -> (Vec<String>, Option<DnsError>, SmtpFacts) {
        let cell = {
            let mut cache = match self.smtp.lock() {
                Ok(cache) => cache,
                Err(poisoned) => poisoned.into_inner(),
            };
            Arc::clone(cache.entry(host.to_string()).or_default())
        };
        let (addresses, lookup_error) = self.addresses(host, deadline).await;
        let facts = shared_answer(&cell, deadline, || async {
            let dialogue = smtp::Dialogue {
                tls: &self.tls,
                ehlo_name: &self.ehlo_name,
                step_timeout: self.config.connect_timeout,
                greeting_timeout: smtp::GREETING_WAIT,
                deadline,
            };
            smtp::probe(&addresses, host, &dialogue).await
        })
        .await;
        (
            addresses.iter().map(|a| a.ip().to_string()).collect(),
            lookup_error,
            facts,
        )
    }

    /// The addresses to try on port 25, in the order URLs' are tried
    /// ([`families::candidates`]); each family sorted, so the order is the
    /// same from one run to the next. With them, why the lookup failed,
    /// unless it found the host has no address (an answer, not a failure).
    async fn addresses(
        &self,
        host: &str,
        deadline: Instant,
    ) -> (Vec<SocketAddr>, Option<DnsError>) {
        let (found, error) = match timeout_at(deadline, self.dns.addresses(host)).await {
            Ok(Ok(addresses)) => (addresses, None),
            Ok(Err(error)) => (
                Vec::new(),
                Some(classify(&error))
                    .filter(|e| !matches!(e, DnsError::NoAddress | DnsError::Nxdomain)),
            ),
            Err(_) => (Vec::new(), Some(DnsError::Timeout)),
        };
        let (mut v4, mut v6): (Vec<IpAddr>, Vec<IpAddr>) =
            found.into_iter().partition(IpAddr::is_ipv4);
        for family in [&mut v4, &mut v6] {
            family.sort();
            family.dedup();
        }
        let strings = |ips: Vec<IpAddr>| ips.iter().map(IpAddr::to_string).collect();
        let dns = DnsFacts {
            a: strings(v4),
            aaaa: strings(v6),
            ..DnsFacts::default()
        };
        (families::candidates(&dns, SMTP_PORT), error)
    }
}

/// RFC 8461 3.1 and RFC 8460 3: anything but exactly one record means the
/// domain has no policy.
fn present(records: Vec<String>) -> TxtFacts {
    TxtFacts {
        present: records.len() == 1,
        records: records::cleaned(&records),
    }
}

/// One MX host's answer, shared by the domains that name it. The dialogue
/// runs under the deadline of the domain that starts it; a domain waiting
/// on another's dialogue waits no longer than its own deadline; and a
/// timeout is not kept, since it says how much time that domain had left,
/// not what the host does: the next domain asks again.
async fn shared_answer<F, Fut>(
    cell: &OnceCell<SmtpFacts>,
    deadline: Instant,
    dialogue: F,
) -> SmtpFacts
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = SmtpFacts>,
{
    let answer = cell.get_or_try_init(|| async {
        let facts = dialogue().await;
        match facts.error {
            Some(SmtpError::Timeout) => Err(facts),
            _ => Ok(facts),
        }
    });
    match timeout_at(deadline, answer).await {
        Ok(Ok(facts)) => facts.clone(),
        Ok(Err(timed_out)) => timed_out,
        Err(_) => SmtpFacts {
            error: Some(SmtpError::Timeout),
            error_message: Some(
                "no answer in time: the dialogue with this host, shared with another domain, had not ended by this domain's deadline".into(),
            ),
            ..SmtpFacts::default()
        },
    }
}

/// `work`, or `late` once the deadline passes.
async fn bounded<T>(deadline: Instant, work: impl Future<Output = T>, late: T) -> T {
    timeout_at(deadline, work).await.unwrap_or(late)
}

/// The resolver's TXT records, each lookup within the domain's deadline.
struct Bounded<'a> {
    inner: &'a MailDns,
    deadline: Instant,
}

impl TxtSource for Bounded<'_> {
    async fn txt(&self, name: &str) -> TxtAnswer {
        bounded(
            self.deadline,
            self.inner.txt(name),
            TxtAnswer::Failed(DnsError::Timeout),
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(error: Option<SmtpError>, banner: &str) -> SmtpFacts {
        SmtpFacts {
            banner: Some(banner.into()),
            error,
            ..SmtpFacts::default()
        }
    }

    /// A domain with little time left gets its own timeout, which is not
    /// handed to the next domain; a domain waiting on another's dialogue is
    /// bounded by its own deadline.
    #[tokio::test]
    async fn shared_answers_keep_each_domains_deadline() {
        let cell = OnceCell::new();
        let soon = Instant::now() + std::time::Duration::from_millis(50);
        let later = Instant::now() + std::time::Duration::from_secs(30);
        let first = shared_answer(&cell, soon, || async {
            answer(Some(SmtpError::Timeout), "first")
        })
        .await;
        assert_eq!(first.error, Some(SmtpError::Timeout));
        assert!(!cell.initialized(), "a timeout is not kept");
        let second = shared_answer(&cell, later, || async { answer(None, "second") }).await;
        assert_eq!(second.banner.as_deref(), Some("second"));
        let third = shared_answer(&cell, later, || async { answer(None, "third") }).await;
        assert_eq!(third.banner.as_deref(), Some("second"), "an answer is kept");

        // A slow dialogue started by a domain with time to spare; another
        // domain, nearly out of time, stops waiting at its own deadline.
        let cell = OnceCell::new();
        let slow = shared_answer(&cell, later, || async {
            tokio::time::sleep(std::time::Duration::from_secs(20)).await;
            answer(None, "slow")
        });
        let hurried = async {
            tokio::task::yield_now().await;
            let soon = Instant::now() + std::time::Duration::from_millis(50);
            shared_answer(&cell, soon, || async { answer(None, "never") }).await
        };
        let waited = tokio::select! {
            _ = slow => None,
            waited = hurried => Some(waited),
        };
        let waited = waited.expect("the hurried domain stops first");
        assert_eq!(waited.error, Some(SmtpError::Timeout), "{waited:?}");
        assert!(waited.error_message.unwrap_or_default().contains("shared"));
    }

    #[test]
    fn only_a_single_mta_sts_or_tls_rpt_record_is_present() {
        let one = vec!["v=STSv1; id=1".to_string()];
        assert!(present(one.clone()).present);
        assert!(!present(Vec::new()).present);
        let two = present([one.clone(), one].concat());
        assert!(!two.present);
        assert_eq!(two.records.len(), 2, "both kept, to show why");
    }

    #[test]
    fn domains_are_checked_and_normalised() {
        assert_eq!(domain_name("Hue.Gov.VN.").as_deref(), Some("hue.gov.vn"));
        assert_eq!(domain_name(" huế.vn ").as_deref(), Some("xn--hu-07s.vn"));
        for bad in [
            "",
            ".",
            "https://hue.gov.vn",
            "it@hue.gov.vn",
            "127.0.0.1",
            "[::1]",
            "a..b",
            "-a.vn",
            "a_b.vn",
            "a b.vn",
            &"a".repeat(64),
        ] {
            assert_eq!(domain_name(bad), None, "{bad:?}");
        }
    }
}
