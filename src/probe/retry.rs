//! When a probe tries again, and how long it waits first: the one place
//! that decides. An attempt is worth repeating when what stopped it may
//! pass (the server was slow, busy or cut the connection), never when the
//! answer would be the same (a refused port, a bad handshake, a 404).
//!
//! | what ended the attempt                  | retried |
//! |-----------------------------------------|---------|
//! | a timeout (connect, handshake, answer)  | yes     |
//! | an HTTP exchange cut: the connection reset or aborted, a broken pipe, an early end of stream | yes |
//! | any other HTTP failure, DNS, refused, TLS, too many redirects, a body too large | no |
//! | status 429, 502, 503 or 504             | yes     |
//! | any other status                        | no      |
//!
//! The wait before attempt N+1 is the server's `Retry-After` (seconds, on
//! a 429 or 503), else [`FIRST_BACKOFF`] doubled for each attempt made
//! after the first. The probe's deadline bounds it all: a wait that would
//! end past it is not started (see `Prober::probe`).

use std::io::ErrorKind;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

use super::Failure;
use super::facts::ErrorClass;

/// First wait before a retry; doubled for each further one.
pub const FIRST_BACKOFF: Duration = Duration::from_millis(250);

/// Whether what ended an attempt may pass on another try.
pub trait ShouldRetry {
    fn should_retry(&self) -> bool;
}

impl ShouldRetry for StatusCode {
    /// Too many requests, and a gateway or server that is briefly down.
    /// Other server errors (500, 501) are the application's answer and
    /// come back the same.
    fn should_retry(&self) -> bool {
        matches!(
            *self,
            StatusCode::TOO_MANY_REQUESTS
                | StatusCode::BAD_GATEWAY
                | StatusCode::SERVICE_UNAVAILABLE
                | StatusCode::GATEWAY_TIMEOUT
        )
    }
}

impl ShouldRetry for ErrorKind {
    /// A connection that stood and was then cut, or went quiet.
    fn should_retry(&self) -> bool {
        matches!(
            self,
            ErrorKind::TimedOut
                | ErrorKind::ConnectionReset
                | ErrorKind::ConnectionAborted
                | ErrorKind::BrokenPipe
                | ErrorKind::UnexpectedEof
        )
    }
}

impl ShouldRetry for Failure {
    /// Every timeout; an HTTP failure only when an I/O error cut the
    /// exchange. The class comes first: a reset while connecting is a
    /// refusal (`Refused`) and stays one.
    fn should_retry(&self) -> bool {
        match self.class {
            ErrorClass::Timeout => true,
            ErrorClass::Http => self.io.is_some_and(|kind| kind.should_retry()),
            ErrorClass::Dns
            | ErrorClass::Refused
            | ErrorClass::Tls
            | ErrorClass::TooManyRedirects
            | ErrorClass::BodyTooLarge => false,
        }
    }
}

/// Whether an attempt that ended with `failure` and, when an answer came,
/// `status`, is worth another. Either is enough: a 503 whose body was cut
/// is retried for the status.
pub fn should_retry(failure: Option<&Failure>, status: Option<u16>) -> bool {
    failure.is_some_and(ShouldRetry::should_retry)
        || status
            .and_then(|s| StatusCode::from_u16(s).ok())
            .is_some_and(|s| s.should_retry())
}

/// The wait a 429 or 503 asks for in `Retry-After`, in whole seconds. The
/// HTTP-date form is not read: the backoff serves instead.
pub fn retry_after(status: StatusCode, headers: &HeaderMap) -> Option<Duration> {
    if !matches!(
        status,
        StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
    ) {
        return None;
    }
    let seconds: u64 = headers
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds))
}

/// The wait after attempt `attempt` (1 for the first): the server's
/// `Retry-After` when it gave one, else the doubling backoff.
pub fn wait(attempt: u32, retry_after: Option<Duration>) -> Duration {
    retry_after.unwrap_or_else(|| {
        FIRST_BACKOFF.saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn failures_are_retried_by_class_and_io_error() {
        use ErrorClass::*;
        let cases: &[(ErrorClass, Option<ErrorKind>, bool)] = &[
            (Timeout, None, true),
            (Timeout, Some(ErrorKind::TimedOut), true),
            (Http, Some(ErrorKind::ConnectionReset), true),
            (Http, Some(ErrorKind::ConnectionAborted), true),
            (Http, Some(ErrorKind::BrokenPipe), true),
            (Http, Some(ErrorKind::UnexpectedEof), true),
            (Http, None, false),
            (Http, Some(ErrorKind::InvalidData), false),
            (Refused, Some(ErrorKind::ConnectionRefused), false),
            (Refused, Some(ErrorKind::ConnectionReset), false),
            (Refused, Some(ErrorKind::HostUnreachable), false),
            (Refused, None, false),
            (Dns, None, false),
            (Tls, None, false),
            (TooManyRedirects, None, false),
            (BodyTooLarge, None, false),
        ];
        for &(class, io, expected) in cases {
            let failure = Failure {
                io,
                ..Failure::new(class, "why")
            };
            assert_eq!(failure.should_retry(), expected, "{class:?} {io:?}");
        }
    }

    #[test]
    fn statuses_are_retried_when_the_server_is_busy_or_briefly_down() {
        let cases: &[(u16, bool)] = &[
            (200, false),
            (301, false),
            (404, false),
            (408, false),
            (429, true),
            (500, false),
            (501, false),
            (502, true),
            (503, true),
            (504, true),
            (505, false),
        ];
        for &(status, expected) in cases {
            assert_eq!(should_retry(None, Some(status)), expected, "{status}");
        }
    }

    #[test]
    fn either_the_failure_or_the_status_is_enough() {
        let cut = Failure {
            io: Some(ErrorKind::ConnectionReset),
            ..Failure::new(ErrorClass::Http, "reset")
        };
        let too_large = Failure::new(ErrorClass::BodyTooLarge, "long");
        let cases: &[(Option<&Failure>, Option<u16>, bool)] = &[
            (None, None, false),
            (Some(&cut), None, true),
            (Some(&cut), Some(200), true),
            (Some(&too_large), Some(503), true),
            (Some(&too_large), Some(200), false),
        ];
        for &(failure, status, expected) in cases {
            assert_eq!(
                should_retry(failure, status),
                expected,
                "{failure:?} {status:?}"
            );
        }
    }

    #[test]
    fn retry_after_is_read_in_seconds_on_429_and_503_only() {
        let cases: &[(u16, &str, Option<u64>)] = &[
            (429, "1", Some(1)),
            (503, " 120 ", Some(120)),
            (502, "1", None),
            (200, "1", None),
            (429, "soon", None),
            (429, "Wed, 21 Oct 2026 07:28:00 GMT", None),
            (429, "-1", None),
        ];
        for &(status, header, expected) in cases {
            let mut headers = HeaderMap::new();
            headers.insert(RETRY_AFTER, HeaderValue::from_static(header));
            let status = StatusCode::from_u16(status).unwrap();
            assert_eq!(
                retry_after(status, &headers),
                expected.map(Duration::from_secs),
                "{status} {header:?}"
            );
        }
        assert_eq!(
            retry_after(StatusCode::TOO_MANY_REQUESTS, &HeaderMap::new()),
            None
        );
    }

    #[test]
    fn the_wait_doubles_unless_the_server_names_one() {
        let cases: &[(u32, Option<u64>, u64)] = &[
            (1, None, 250),
            (2, None, 500),
            (3, None, 1000),
            (11, None, 256_000),
            (1, Some(3), 3000),
            (4, Some(0), 0),
        ];
        for &(attempt, asked, expected_ms) in cases {
            assert_eq!(
                wait(attempt, asked.map(Duration::from_secs)),
                Duration::from_millis(expected_ms),
                "attempt {attempt}, Retry-After {asked:?}"
            );
        }
    }
}
