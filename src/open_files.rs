//! The open-file limit. Each probe in flight holds a few sockets (the
//! page, plain HTTP beside HTTPS, the TLS version sweep's first flights,
//! asked at once, security.txt), so `--concurrency 1024` needs some 8,000
//! descriptors, and most systems
//! start a process with a soft limit of 1,024. The soft limit may be
//! raised up to the hard one without privileges: [`raise_to_hard`] does
//! so at start-up (as lychee, ripgrep's tests and nginx do), and
//! [`shortfall`] says when even the hard limit is too low for the
//! concurrency asked, so the user is told before probes fail with "too
//! many open files".

#![allow(
    unsafe_code,
    reason = "getrlimit and setrlimit are C; each call says why it is sound"
)]

/// Descriptors one probe in flight may hold at once: an HTTPS page and
/// its plain-HTTP face, and up to four version flights beside them, with
/// room for the other address family and security.txt.
const PER_PROBE: u64 = 8;
/// Descriptors for everything else: standard streams, the history store,
/// report files, the DNS resolver's sockets, the runtime's own.
const BASE: u64 = 64;

/// The soft and hard open-file limits of the process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub soft: u64,
    pub hard: u64,
}

/// What probing at `concurrency` needs at most.
pub fn needed(concurrency: usize) -> u64 {
    BASE + PER_PROBE * concurrency as u64
}

/// Raises the soft open-file limit to the hard one; call it before any
/// thread starts. A refusal leaves the limit as it was.
pub fn raise_to_hard() {
    #[cfg(unix)]
    if let Some(limits) = current()
        && limits.soft < limits.hard
    {
        // macOS refuses a soft limit above OPEN_MAX, whatever the hard
        // limit says; elsewhere the hard limit is the ceiling.
        #[cfg(target_os = "macos")]
        let target = limits.hard.min(libc::OPEN_MAX as u64);
        #[cfg(not(target_os = "macos"))]
        let target = limits.hard;
        let wanted = libc::rlimit {
            rlim_cur: target,
            rlim_max: limits.hard,
        };
        // SAFETY: setrlimit reads the struct we pass and changes only
        // this process's limit; a failure returns -1 and changes nothing.
        unsafe {
            libc::setrlimit(libc::RLIMIT_NOFILE, &wanted);
        }
    }
}

/// The limits in force, where the system has them.
pub fn current() -> Option<Limits> {
    #[cfg(unix)]
    {
        let mut limits = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes into the struct we own and nothing else.
        let status = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limits) };
        (status == 0).then_some(Limits {
            soft: limits.rlim_cur,
            hard: limits.rlim_max,
        })
    }
    #[cfg(not(unix))]
    None
}

/// The limits, when the soft one (already raised) is below what
/// `concurrency` needs.
pub fn shortfall(concurrency: usize) -> Option<Limits> {
    current().filter(|limits| limits.soft < needed(concurrency))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_soft_limit_is_raised_to_the_hard_one() {
        let Some(before) = current() else { return };
        raise_to_hard();
        let after = current().expect("still readable");
        assert_eq!(after.hard, before.hard);
        assert!(after.soft >= before.soft);
        #[cfg(target_os = "linux")]
        assert_eq!(after.soft, after.hard);
    }

    #[test]
    fn a_thousand_probes_need_eight_thousand_descriptors() {
        assert_eq!(needed(1024), 8256);
        assert!(needed(1) < 1024);
    }
}
