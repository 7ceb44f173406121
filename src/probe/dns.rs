//! Name resolution: A, AAAA and CNAME answers, the reverse name of the
//! first address, and which provider those point to.
//!
//! One caching resolver (hickory) serves both the facts and the
//! connections that reqwest makes, so an endpoint's host is asked once per
//! run and `--resolver` applies to everything.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use hickory_resolver::TokioResolver;
use hickory_resolver::config::{NameServerConfig, ResolveHosts, ResolverConfig};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError as HickoryDnsError, NetError};
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::{RData, Record};
use ipnet::IpNet;

use super::ProbeError;
use super::facts::{DnsError, DnsFacts};

/// What identifies a hosting provider on the network (from `providers.yaml`).
#[derive(Debug, Clone, Default)]
pub struct ProviderSignature {
    pub id: String,
    pub ip_ranges: Vec<IpNet>,
    /// Lower case, without leading or trailing dots.
    pub cname_suffixes: Vec<String>,
    pub reverse_dns_suffixes: Vec<String>,
}

#[derive(Clone)]
pub struct Dns {
    resolver: TokioResolver,
}

impl Dns {
    /// The system's resolver (`/etc/resolv.conf` and the hosts file), or
    /// the one DNS server given.
    pub fn new(server: Option<SocketAddr>, timeout: Duration) -> Result<Self, ProbeError> {
        let mut builder = match server {
            Some(address) => {
                let mut name_server = NameServerConfig::udp_and_tcp(address.ip());
                for connection in &mut name_server.connections {
                    connection.port = address.port();
                }
                TokioResolver::builder_with_config(
                    ResolverConfig::from_parts(None, vec![], vec![name_server]),
                    TokioRuntimeProvider::default(),
                )
            }
            None => {
                TokioResolver::builder_tokio().map_err(|source| ProbeError::SystemDns { source })?
            }
        };
        let options = builder.options_mut();
        if server.is_some() {
            // The named server answers everything, /etc/hosts included:
            // facts must not depend on the machine that runs the scan.
            options.use_hosts_file = ResolveHosts::Never;
        }
        // Short tries, several of them: a lost UDP answer costs one try, not
        // the whole probe (seen with busy resolvers under a burst of queries).
        options.timeout = timeout.min(Duration::from_secs(2));
        options.attempts = 3;
        // Answers are facts about the name, not a choice among them.
        options.preserve_intermediates = true;
        let resolver = builder
            .build()
            .map_err(|source| ProbeError::Resolver { source })?;
        Ok(Dns { resolver })
    }

    /// A, AAAA and CNAME of `host`, and the reverse name of its first address.
    pub async fn lookup(&self, host: &str) -> DnsFacts {
        let name = fully_qualified(host);
        let (v4, v6) = tokio::join!(
            self.resolver.ipv4_lookup(name.as_str()),
            self.resolver.ipv6_lookup(name.as_str())
        );
        let mut facts = DnsFacts::default();
        let mut failures = Vec::new();
        let mut failed = [None, None];
        for (slot, answer) in failed.iter_mut().zip([v4, v6]) {
            match answer {
                Ok(lookup) => collect(lookup.answers(), &mut facts),
                Err(error) => {
                    let class = classify(&error);
                    failures.push(class);
                    // No record of the type, or no such name, is an answer.
                    if !matches!(class, DnsError::NoAddress | DnsError::Nxdomain) {
                        *slot = Some(class);
                    }
                }
            }
        }
        // Servers rotate their answers; sorted, the facts (and the address
        // connected to, the first) stay the same from one run to the next.
        facts.a.sort_by_key(|a| a.parse::<IpAddr>().ok());
        facts.aaaa.sort_by_key(|a| a.parse::<IpAddr>().ok());
        if facts.a.is_empty() && facts.aaaa.is_empty() {
            // The worst of the two failures names the problem: a timeout or
            // server failure says more than "no AAAA record".
            facts.error = failures
                .into_iter()
                .max_by_key(|e| error_rank(*e))
                .or(Some(DnsError::NoAddress));
            return facts;
        }
        [facts.a_error, facts.aaaa_error] = failed;
        let first = facts
            .a
            .first()
            .or(facts.aaaa.first())
            .and_then(|a| a.parse::<IpAddr>().ok());
        if let Some(address) = first
            && let Ok(lookup) = self.resolver.reverse_lookup(address).await
        {
            // Several PTR names are possible (a hosts file often lists
            // aliases); the smallest keeps the fact stable.
            facts.reverse = lookup
                .answers()
                .iter()
                .filter_map(|r| match &r.data {
                    RData::PTR(name) => Some(trim_dot(&name.0.to_ascii())),
                    _ => None,
                })
                .min();
        }
        facts
    }

    /// The resolver itself (its cache and `--resolver` included), for the
    /// record types only mail domains ask: MX and TXT.
    pub fn resolver(&self) -> &TokioResolver {
        &self.resolver
    }

    /// The addresses to connect to, for reqwest.
    pub async fn addresses(&self, host: &str) -> Result<Vec<IpAddr>, NetError> {
        let lookup = self.resolver.lookup_ip(fully_qualified(host)).await?;
        Ok(lookup.iter().collect())
    }
}

/// A name with a trailing dot is looked up as is, without the search list:
/// an endpoint's host is always a full name.
fn fully_qualified(host: &str) -> String {
    if host.ends_with('.') {
        host.to_string()
    } else {
        format!("{host}.")
    }
}

fn collect(records: &[Record], facts: &mut DnsFacts) {
    for record in records {
        match &record.data {
            RData::A(a) => push_unique(&mut facts.a, a.0.to_string()),
            RData::AAAA(aaaa) => push_unique(&mut facts.aaaa, aaaa.0.to_string()),
            RData::CNAME(target) => push_unique(&mut facts.cname, trim_dot(&target.0.to_ascii())),
            _ => {}
        }
    }
}

fn push_unique(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

fn trim_dot(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

fn error_rank(error: DnsError) -> u8 {
    match error {
        DnsError::NoAddress => 0,
        DnsError::Nxdomain => 1,
        DnsError::Other => 2,
        DnsError::Refused => 3,
        DnsError::Servfail => 4,
        DnsError::Timeout => 5,
    }
}

/// One class per failure.
pub fn classify(error: &NetError) -> DnsError {
    if error.is_nx_domain() {
        return DnsError::Nxdomain;
    }
    if error.is_no_records_found() {
        return DnsError::NoAddress;
    }
    match error {
        NetError::Timeout => DnsError::Timeout,
        NetError::Dns(HickoryDnsError::ResponseCode(ResponseCode::ServFail)) => DnsError::Servfail,
        NetError::Dns(HickoryDnsError::ResponseCode(ResponseCode::Refused)) => DnsError::Refused,
        NetError::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => DnsError::Timeout,
        _ => DnsError::Other,
    }
}

/// The provider whose signature matches the answers: CNAME suffixes first
/// (the most specific sign, e.g. a CDN edge name), then IP ranges, then
/// reverse-DNS suffixes.
pub fn observed_provider<'p>(
    facts: &DnsFacts,
    literal: Option<IpAddr>,
    providers: &'p [ProviderSignature],
) -> Option<&'p str> {
    let by_cname = providers.iter().find(|p| {
        facts
            .cname
            .iter()
            .any(|name| p.cname_suffixes.iter().any(|s| has_suffix(name, s)))
    });
    let addresses: Vec<IpAddr> = facts
        .a
        .iter()
        .chain(&facts.aaaa)
        .filter_map(|a| a.parse().ok())
        .chain(literal)
        .collect();
    let by_range = || {
        providers.iter().find(|p| {
            addresses
                .iter()
                .any(|ip| p.ip_ranges.iter().any(|range| range.contains(ip)))
        })
    };
    let by_reverse = || {
        let reverse = facts.reverse.as_deref()?;
        providers.iter().find(|p| {
            p.reverse_dns_suffixes
                .iter()
                .any(|s| has_suffix(reverse, s))
        })
    };
    by_cname
        .or_else(by_range)
        .or_else(by_reverse)
        .map(|p| p.id.as_str())
}

/// `name` is `suffix` or ends with `.suffix` (label boundary, any case).
fn has_suffix(name: &str, suffix: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let suffix = suffix.trim_matches('.').to_ascii_lowercase();
    name == suffix
        || (name.len() > suffix.len()
            && name.ends_with(&suffix)
            && name.as_bytes()[name.len() - suffix.len() - 1] == b'.')
}

/// reqwest's view of the resolver: connections use the same cache.
pub struct ConnectResolver(pub Arc<Dns>);

impl reqwest::dns::Resolve for ConnectResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let dns = Arc::clone(&self.0);
        Box::pin(async move {
            let addresses = dns.addresses(name.as_str()).await?;
            let addrs: reqwest::dns::Addrs =
                Box::new(addresses.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signature(id: &str, range: &str, cname: &str, reverse: &str) -> ProviderSignature {
        ProviderSignature {
            id: id.into(),
            ip_ranges: vec![range.parse().unwrap()],
            cname_suffixes: vec![cname.into()],
            reverse_dns_suffixes: vec![reverse.into()],
        }
    }

    #[test]
    fn suffixes_match_on_label_boundaries_only() {
        assert!(has_suffix("edge.vnptcloud.vn", "vnptcloud.vn"));
        assert!(has_suffix("EDGE.VNPTCLOUD.VN.", ".vnptcloud.vn"));
        assert!(has_suffix("vnptcloud.vn", "vnptcloud.vn"));
        assert!(!has_suffix("notvnptcloud.vn", "vnptcloud.vn"));
    }

    #[test]
    fn providers_are_told_by_cname_then_range_then_reverse() {
        let providers = [
            signature("a", "10.0.0.0/8", "a-cdn.test", "a-rev.test"),
            signature("b", "192.0.2.0/24", "b-cdn.test", "b-rev.test"),
        ];
        let mut facts = DnsFacts {
            a: vec!["192.0.2.7".into()],
            cname: vec!["x.a-cdn.test".into()],
            ..DnsFacts::default()
        };
        assert_eq!(observed_provider(&facts, None, &providers), Some("a"));
        facts.cname.clear();
        assert_eq!(observed_provider(&facts, None, &providers), Some("b"));
        facts.a = vec!["203.0.113.1".into()];
        facts.reverse = Some("host.a-rev.test".into());
        assert_eq!(observed_provider(&facts, None, &providers), Some("a"));
        facts.reverse = None;
        assert_eq!(observed_provider(&facts, None, &providers), None);
        let literal = "10.1.2.3".parse().ok();
        assert_eq!(
            observed_provider(&DnsFacts::default(), literal, &providers),
            Some("a")
        );
    }
}
