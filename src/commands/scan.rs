//! `cloudcensus scan`: the nightly job. Everything that can fail before
//! the work (options and mail addresses, the history's lock, the output
//! files) is settled first;
//! then the pipeline runs; then the reports are written, the run is
//! recorded, and the mail goes out, in that order, so that a later step's
//! failure never costs an earlier step's output.

use std::time::Instant;

use crate::cli::{ColorChoice, ScanArgs};
use crate::error::{Error, Exit};
use crate::fields::IsoDate;
use crate::history::baseline;
use crate::history::store::Writer;
use crate::notify::mail;
use crate::options::{Layers, ScanOptions};
use crate::pipeline::{self, elapsed_ms};
use crate::report::outputs::Outputs;
use crate::scan::{Baseline, ScanResult, attention};

pub fn run(
    args: &ScanArgs,
    layers: &Layers<'_>,
    today: IsoDate,
    quiet: bool,
    color: ColorChoice,
) -> Result<Exit, Error> {
    let started = Instant::now();
    let started_at = time::OffsetDateTime::now_utc();
    let options = ScanOptions::from_args(args, layers, today, quiet, color)?;

    // The history's run lock, held to the end of the scan: two scans of
    // one organisation and scope never write at once. Taken first: a
    // folder that cannot be made or a lock held by another scan stops the
    // run before it touches anything. The store is opened with it: it
    // gives the trends and what changed now, and records the run after
    // the reports. Its error waits until then: a damaged store or a
    // server down must not cost the night's reports.
    let mut writer = match &options.history {
        Some(place) => Some(Writer::start(
            place,
            options.run.organisation.key(),
            &options.run.selection,
            options.wait_for_lock,
        )?),
        None => None,
    };
    // Then the output files (temporary ones beside each; see
    // report::outputs): a bad path fails before any work is done.
    let mut outputs = Outputs::open(&options.outputs)?;

    let mut loaded = pipeline::load(&options.input);
    if !options.quiet {
        super::say_policy_origin(&loaded.policy, options.report.lang);
    }
    options
        .run
        .selection
        .check(&loaded.inventory, &mut loaded.diagnostics);
    // Errors stop the run and are printed at once. Under `--quiet` the
    // warnings wait for a night that speaks: a warning known for weeks
    // (an endpoint listed twice) must not make cron mail every night.
    let warnings_wait = options.quiet && !loaded.diagnostics.has_errors();
    if !warnings_wait {
        super::print_diagnostics(&loaded.diagnostics, options.report.lang);
    }
    if loaded.diagnostics.has_errors() {
        return Ok(Exit::BadInput);
    }
    loaded.inventory.release_texts();
    let load_ms = elapsed_ms(started);

    let baseline = match writer.as_mut().and_then(Writer::store) {
        Some(store) => baseline::read(
            store,
            options.run.organisation.key(),
            &options.run.selection,
            options.run.mode,
            loaded.policy.targets.iter().map(|t| t.target.id.as_str()),
        ),
        _ => Baseline::default(),
    };
    let result = pipeline::run(
        &loaded,
        &options.run,
        &baseline,
        started,
        started_at,
        load_ms,
    )?;

    let exit = verdict(&result, &options);
    // `--quiet`: nothing on stdout and no mail on a night that needs no
    // one (see scan::attention); the files are written every night.
    let speak = !options.quiet || !attention::reasons(&result, options.fail_on).is_empty();
    if warnings_wait && speak {
        super::print_diagnostics(&loaded.diagnostics, options.report.lang);
    }
    outputs.write(&result, &options.report, speak)?;
    // The history after the reports; a store that would not open fails
    // the run only now (a PostgreSQL server, or a connection lost while
    // the run is written, is tried once more first).
    if let Some(writer) = writer {
        writer.record(&result)?;
    }
    // Mail last: every report is already written, so a failed send loses
    // nothing.
    if let Some(settings) = options.mail.as_ref().filter(|_| speak) {
        let content = mail::scan_mail(&result, &options.report, options.fail_on, &settings.attach)?;
        let size = mail::send(settings, content)?;
        // Said whenever a mail went, `--quiet` or not: a quiet night sends none.
        let labels = crate::report::Labels::new(options.report.lang);
        let to = settings.to.join(", ");
        let kib = size.div_ceil(1024);
        println!(
            "{}",
            labels.with("mail-sent", &[("to", to.into()), ("size", kib.into())])
        );
    }
    // The process ends right after: freeing a large scan's records one
    // allocation at a time would only delay the exit (0.1 s at 30,000
    // systems). The operating system takes the memory back at once.
    std::mem::forget(result);
    std::mem::forget(loaded);
    Ok(exit)
}

/// 1 when a failing (or erroring) result reaches `--fail-on` or a target
/// is in a state of `--fail-on-targets`; 0 otherwise.
fn verdict(result: &ScanResult, options: &ScanOptions) -> Exit {
    if result.has_failures(options.fail_on, &options.fail_on_targets) {
        Exit::Failures
    } else {
        Exit::Compliant
    }
}
