//! SIGINT (Ctrl-C) and SIGTERM (systemd's stop, `kill`) during a scan.
//! Left to their default, they would end the process wherever it was;
//! the reports and the history would still be whole (each report is
//! renamed into place only once written, a run is recorded in one
//! transaction), but nothing would say why the night's run is missing
//! and the temporary report files would stay behind.
//!
//! [`watch`] makes them set a flag instead. Probing races the flag
//! ([`stopped`]) and ends its connections at once; the scan reads it
//! ([`requested`]) between its stages and stops before it writes
//! anything, with a line saying so and the shell's exit code for the
//! signal (130, 143). A second signal ends the process at once, as the
//! signal's default would.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use signal_hook::consts::{SIGINT, SIGTERM};

/// A signal that stops a scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    Interrupt,
    Terminate,
}

impl Signal {
    /// Its usual name, the same in every language.
    pub fn name(self) -> &'static str {
        match self {
            Signal::Interrupt => "SIGINT",
            Signal::Terminate => "SIGTERM",
        }
    }

    /// The shell's convention for a process ended by it: 128 + its number.
    pub fn exit_code(self) -> u8 {
        match self {
            Signal::Interrupt => 130,
            Signal::Terminate => 143,
        }
    }
}

struct Flags {
    /// Set by either signal; a second one then ends the process.
    raised: Arc<AtomicBool>,
    /// Which signal came first (its number), 0 for none.
    which: Arc<AtomicUsize>,
}

static FLAGS: OnceLock<Flags> = OnceLock::new();

/// From now on, SIGINT and SIGTERM set the flag (the first of them) and
/// a second one ends the process by its default. Called once by the
/// commands that can be stopped cleanly; a failure to install leaves the
/// defaults, which lose nothing stored either.
pub fn watch() {
    let flags = FLAGS.get_or_init(|| Flags {
        raised: Arc::new(AtomicBool::new(false)),
        which: Arc::new(AtomicUsize::new(0)),
    });
    for signal in [SIGINT, SIGTERM] {
        // The order matters: the conditional default is checked before
        // this signal sets the flag, so only a second signal takes it.
        let _ = signal_hook::flag::register_conditional_default(signal, Arc::clone(&flags.raised));
        let _ = signal_hook::flag::register(signal, Arc::clone(&flags.raised));
        let _ = signal_hook::flag::register_usize(
            signal,
            Arc::clone(&flags.which),
            usize::try_from(signal).unwrap_or(0),
        );
    }
}

/// The signal that asked the scan to stop, if one did.
pub fn requested() -> Option<Signal> {
    let flags = FLAGS.get()?;
    if !flags.raised.load(Ordering::SeqCst) {
        return None;
    }
    // Both signals may have come before this is read; the number is then
    // the later one's, and either stops the run.
    match i32::try_from(flags.which.load(Ordering::SeqCst)) {
        Ok(SIGTERM) => Some(Signal::Terminate),
        _ => Some(Signal::Interrupt),
    }
}

/// Completes once a signal asked the scan to stop (never without
/// [`watch`]); probing races it. Looks at the flag ten times a second:
/// a signal handler may do no more than set it.
pub async fn stopped() {
    while requested().is_none() {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
