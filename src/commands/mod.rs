//! One file per command: each turns its arguments into options, calls the
//! stages in order and says how the run ended. Stage logic lives in the
//! stages; printing an error and choosing its exit code lives in `app.rs`.

pub mod config;
pub mod diff;
pub mod export;
pub mod generate;
pub mod history;
pub mod import;
pub mod init;
pub mod national;
pub mod policies;
pub mod probe;
pub mod prune;
pub mod report;
pub mod runs;
pub mod scan;
pub mod schema;
pub mod template;
pub mod trend;
pub mod validate;

use std::io::{self, Write};

use crate::diagnostics::Diagnostics;
use crate::policy::{PolicyOrigin, PolicySet};
use crate::report::{Labels, Lang};

/// A line saying what the run did (a mail sent, files written): on stdout
/// beside a report for people, on stderr beside one for a program, so
/// that `--format json | jq` and a workbook on stdout stay whole.
pub(crate) fn say(line: &str, on_stdout: bool) {
    if on_stdout {
        println!("{line}");
    } else {
        let _ = writeln!(io::stderr().lock(), "{line}");
    }
}

/// One line on stderr when the policies are the built-in pack, so nobody
/// mistakes them for their own.
pub(crate) fn say_policy_origin(policy: &PolicySet, lang: Lang) {
    if policy.origin == PolicyOrigin::BuiltIn {
        let line = Labels::new(lang).with(
            "policies-built-in",
            &[("version", env!("CARGO_PKG_VERSION").into())],
        );
        let _ = writeln!(io::stderr().lock(), "{line}");
    }
}

/// A warning on stderr when the open-file limit, raised to the hard one
/// at start-up (crate::open_files), is too low for `concurrency` probes:
/// without it, probes past the limit fail one by one with "too many open
/// files" and read as findings.
pub(crate) fn warn_if_few_open_files(concurrency: usize, lang: Lang) {
    let Some(limits) = crate::open_files::shortfall(concurrency) else {
        return;
    };
    let labels = Labels::new(lang);
    let needed = crate::open_files::needed(concurrency);
    let line = labels.with(
        "open-files-short",
        &[
            ("limit", limits.soft.into()),
            ("hard", limits.hard.into()),
            ("concurrency", concurrency.into()),
            ("needed", needed.into()),
        ],
    );
    let _ = writeln!(
        io::stderr().lock(),
        "{}: {line}\n  {}: {}",
        labels.get("diag-level-warning"),
        labels.get("diag-hint"),
        labels.get("open-files-short-hint"),
    );
}

/// Every diagnostic on stderr in `lang`, and a count line when any is an
/// error.
pub(crate) fn print_diagnostics(diagnostics: &Diagnostics, lang: Lang) {
    let text = diagnostics.render(&Labels::new(lang));
    let _ = io::stderr().lock().write_all(text.as_bytes());
}
