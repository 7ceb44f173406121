//! One file per command: each turns its arguments into options, calls the
//! stages in order and says how the run ended. Stage logic lives in the
//! stages; printing an error and choosing its exit code lives in `app.rs`.

pub mod config;
pub mod diff;
pub mod generate;
pub mod init;
pub mod probe;
pub mod prune;
pub mod report;
pub mod runs;
pub mod scan;
pub mod schema;
pub mod trend;
pub mod validate;

use std::io::{self, Write};

use crate::diagnostics::Diagnostics;

/// Every diagnostic on stderr, and a count line when any is an error.
pub(crate) fn print_diagnostics(diagnostics: &Diagnostics) {
    let mut stderr = io::stderr().lock();
    for diagnostic in diagnostics.iter() {
        let _ = writeln!(stderr, "{}", diagnostic);
    }
    if diagnostics.has_errors() {
        let _ = writeln!(
            stderr,
            "{} error(s), {} warning(s)",
            diagnostics.error_count(),
            diagnostics.warning_count()
        );
    }
}
