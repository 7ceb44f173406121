//! TCP facts for `tcp://host:port`: open, closed (refused) or filtered (no
//! answer before the connect deadline), and the connect latency.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::time::Instant;

use super::facts::{PortState, ProbeFacts};
use super::{Failure, connect};

/// Connects once and records the port's state; the failure (refused,
/// timeout) is returned for the caller's retry decision.
pub async fn check(
    address: SocketAddr,
    connect_timeout: Duration,
    facts: &mut ProbeFacts,
) -> Result<(), Failure> {
    let started = Instant::now();
    let result = connect(address, connect_timeout).await;
    let state = match &result {
        Ok(_) => PortState::Open,
        Err(failure) if failure.refused_by_peer() => PortState::Closed,
        Err(_) => PortState::Filtered,
    };
    facts.port_state = Some(state);
    facts.open = Some(state == PortState::Open);
    facts.reachable = state == PortState::Open;
    if state == PortState::Open {
        facts.latency_ms = Some(super::millis(started.elapsed()));
    }
    result.map(drop)
}
