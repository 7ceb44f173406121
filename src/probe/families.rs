//! IPv4 and IPv6 for real: the addresses a name has, tried in turn when a
//! connection fails (sequentially within the deadline, as RFC 8305 allows
//! instead of racing), and whether the endpoint answers over each family
//! (`probe.ipv4`, `probe.ipv6`), so that "reachable over IPv6" is
//! measured, not read off an AAAA record.
//!
//! The order is IPv4 first, then IPv6, as before this module: a scanner
//! on a network whose IPv6 path is broken would otherwise wait on every
//! dual-stack site. Every family is asked either way (one more connection
//! to the first address of the family the probe did not use), so the
//! order changes the facts of no endpoint.

use std::future::Future;
use std::net::{IpAddr, SocketAddr};

use tokio::time::Instant;

use super::Failure;
use super::facts::{DnsFacts, ErrorClass, ProbeFacts};

/// Addresses tried at most per family: a name with more is not more
/// reachable for it, and each costs up to the connect timeout.
const PER_FAMILY: usize = 3;

/// The addresses of a resolved name, to try in order: IPv4 (A) first, then
/// IPv6 (AAAA).
pub fn candidates(dns: &DnsFacts, port: u16) -> Vec<SocketAddr> {
    let parse = |list: &[String]| -> Vec<SocketAddr> {
        list.iter()
            .filter_map(|a| a.parse::<IpAddr>().ok())
            .take(PER_FAMILY)
            .map(|ip| SocketAddr::new(ip, port))
            .collect()
    };
    let mut all = parse(&dns.a);
    all.extend(parse(&dns.aaaa));
    all
}

/// Whether a failure is the connection's own (refused, no answer, reset
/// or closed before the TLS handshake finished: a load balancer in front
/// of a dead server), the kind another address may not have; a TLS
/// refusal or an HTTP failure is the server's, the same over any address.
pub fn is_connect_failure(failure: &Failure) -> bool {
    use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset, UnexpectedEof};
    match failure.class {
        ErrorClass::Refused | ErrorClass::Timeout => true,
        ErrorClass::Tls => matches!(
            failure.io,
            Some(ConnectionReset | ConnectionAborted | UnexpectedEof | BrokenPipe)
        ),
        _ => false,
    }
}

/// Whether a failure says nothing of the endpoint: this machine has no
/// route to the family (no IPv6 on the scanner's network). The family is
/// then not judged, rather than judged silent.
pub fn no_route_here(failure: &Failure) -> bool {
    matches!(
        failure.io,
        Some(std::io::ErrorKind::NetworkUnreachable | std::io::ErrorKind::AddrNotAvailable)
    )
}

/// Tries `open` on each address in turn until one connects (or fails in a
/// way another address would not change), before `deadline`. Gives the
/// address and result of the last try, and the addresses that failed to
/// connect before it.
pub async fn first_that_connects<T, F, Fut>(
    addresses: &[SocketAddr],
    deadline: Instant,
    mut open: F,
) -> (SocketAddr, Result<T, Failure>, Vec<SocketAddr>)
where
    F: FnMut(SocketAddr) -> Fut,
    Fut: Future<Output = Result<T, Failure>>,
{
    let mut failed = Vec::new();
    let mut index = 0;
    loop {
        let address = addresses[index];
        let result = open(address).await;
        let more = index + 1 < addresses.len() && Instant::now() < deadline;
        match result {
            Err(failure) if more && is_connect_failure(&failure) => {
                if !no_route_here(&failure) {
                    failed.push(address);
                }
                index += 1;
            }
            result => return (address, result, failed),
        }
    }
}

/// The first address of the family `used` is not, if the name has one.
pub fn other_family(addresses: &[SocketAddr], used: SocketAddr) -> Option<SocketAddr> {
    addresses
        .iter()
        .copied()
        .find(|a| a.is_ipv4() != used.is_ipv4())
}

/// Sets `probe.ipv4` / `probe.ipv6`: the family of `used` answered as
/// `answered`; each address in `failed` did not; `other` (an address of
/// the other family and whether it answered) as asked. A family the name
/// has no address of, or this machine no route to, stays absent.
pub fn record(
    facts: &mut ProbeFacts,
    used: SocketAddr,
    answered: bool,
    failed: &[SocketAddr],
    other: Option<(SocketAddr, Option<bool>)>,
) {
    let mut set = |address: SocketAddr, value: bool| {
        let slot = if address.is_ipv4() {
            &mut facts.ipv4
        } else {
            &mut facts.ipv6
        };
        // Answered over any address of the family is answered.
        *slot = Some(slot.unwrap_or(false) || value);
    };
    for address in failed {
        set(*address, false);
    }
    set(used, answered);
    if let Some((address, Some(answered))) = other {
        set(address, answered);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dns(a: &[&str], aaaa: &[&str]) -> DnsFacts {
        DnsFacts {
            a: a.iter().map(|s| s.to_string()).collect(),
            aaaa: aaaa.iter().map(|s| s.to_string()).collect(),
            ..DnsFacts::default()
        }
    }

    #[test]
    fn ipv4_comes_first_then_ipv6_each_capped() {
        let found = candidates(
            &dns(
                &["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"],
                &["2001:db8::1"],
            ),
            443,
        );
        let ips: Vec<String> = found.iter().map(|a| a.ip().to_string()).collect();
        assert_eq!(ips, ["192.0.2.1", "192.0.2.2", "192.0.2.3", "2001:db8::1"]);
        assert_eq!(
            other_family(&found, found[0]).map(|a| a.ip().to_string()),
            Some("2001:db8::1".into())
        );
    }

    #[tokio::test]
    async fn a_refused_address_falls_back_and_a_tls_failure_does_not() {
        let addresses = candidates(&dns(&["192.0.2.1"], &["2001:db8::1"]), 443);
        let deadline = Instant::now() + std::time::Duration::from_secs(5);
        let (used, result, failed) = first_that_connects(&addresses, deadline, |a| async move {
            if a.is_ipv4() {
                Err(Failure::new(ErrorClass::Refused, "refused"))
            } else {
                Ok(a)
            }
        })
        .await;
        assert!(used.is_ipv6() && result.is_ok());
        assert_eq!(failed, [addresses[0]]);
        let mut facts = ProbeFacts::default();
        record(&mut facts, used, true, &failed, None);
        assert_eq!((facts.ipv4, facts.ipv6), (Some(false), Some(true)));
        let (used, result, failed) = first_that_connects(&addresses, deadline, |_| async {
            Err::<(), _>(Failure::new(ErrorClass::Tls, "handshake"))
        })
        .await;
        assert!(used.is_ipv4() && result.is_err() && failed.is_empty());
        // A reset mid-handshake falls back; no route on this machine is
        // not held against the family.
        let reset = Failure::from_io(
            ErrorClass::Tls,
            std::io::ErrorKind::ConnectionReset,
            "reset",
        );
        assert!(is_connect_failure(&reset));
        let (used, _, failed) = first_that_connects(&addresses, deadline, |a| async move {
            if a.is_ipv4() {
                Err(Failure::from_io(
                    ErrorClass::Refused,
                    std::io::ErrorKind::NetworkUnreachable,
                    "no route",
                ))
            } else {
                Ok(a)
            }
        })
        .await;
        assert!(used.is_ipv6() && failed.is_empty());
    }
}
