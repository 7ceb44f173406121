//! `cloudcensus scan`: the nightly job. Everything that can fail before
//! the work (options and mail addresses, the history's lock, the output
//! files) is settled first;
//! then the pipeline runs; then the reports are written, the run is
//! recorded, and the mail goes out, in that order, so that a later step's
//! failure never costs an earlier step's output.

use std::collections::BTreeMap;
use std::time::Instant;

use crate::cli::{ColorChoice, ScanArgs};
use crate::error::{Error, Exit, StoppedAt};
use crate::fields::IsoDate;
use crate::history::baseline;

use crate::history::store::Writer;
use crate::notify::agencies::{self, Delivery, MailPlan};
use crate::options::{Layers, ScanOptions};
use crate::pipeline::{self, elapsed_ms};
use crate::report::Labels;
use crate::report::outputs::Outputs;
use crate::report::per_agency::AgencyFolder;
use crate::scan::{Baseline, ScanMode, ScanResult, attention};

pub fn run(
    args: &ScanArgs,
    layers: &Layers<'_>,
    today: IsoDate,
    quiet: bool,
    color: ColorChoice,
) -> Result<Exit, Error> {
    let started = Instant::now();
    let started_at = time::OffsetDateTime::now_utc();
    // SIGINT and SIGTERM from here on stop the run between its stages
    // (probing at once) and say what was kept; see crate::interrupt.
    crate::interrupt::watch();
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
    let agency_folder = match &options.per_agency.dir {
        Some(dir) => Some(AgencyFolder::prepare(dir)?),
        None => None,
    };

    let mut loaded = pipeline::load(&options.input);
    if !options.quiet {
        super::say_policy_origin(&loaded.policy, options.report.lang);
    }
    options
        .run
        .selection
        .check(&loaded.inventory, &mut loaded.diagnostics);
    // `--email-agencies`: an agency without a contact is said where it is
    // written (an error with `--strict`).
    if options.per_agency.email {
        crate::inventory::validate::require_contacts(
            &loaded.inventory,
            &options.run.selection,
            options.per_agency.strict,
            &mut loaded.diagnostics,
        );
        loaded.diagnostics.sort();
    }
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
    if options.run.mode == ScanMode::Online && !options.quiet {
        super::warn_if_few_open_files(options.run.probe.concurrency, options.report.lang);
    }
    let contacts = options.per_agency.email.then(|| contacts(&loaded));
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

    // A signal during loading, probing or evaluation: nothing is written,
    // and the temporary report files and the run lock go with `outputs`
    // and `writer`.
    Error::unless_stopped(StoppedAt::BeforeWriting)?;
    let exit = verdict(&result, &options);
    // `--quiet`: nothing on stdout and no mail on a night that needs no
    // one (see scan::attention); the files are written every night.
    let speak = !options.quiet || !attention::reasons(&result, options.fail_on).is_empty();
    if warnings_wait && speak {
        super::print_diagnostics(&loaded.diagnostics, options.report.lang);
    }
    outputs.write(&result, &options.report, speak)?;
    let on_stdout = options.outputs.stdout_for_people();
    if let Some(folder) = &agency_folder {
        let files = folder.write(&result, &options.report)?;
        if speak {
            let labels = Labels::new(options.report.lang);
            super::say(&folder.written_line(files, &labels), on_stdout);
        }
    }
    // The history after the reports; a store that would not open fails
    // the run only now (a PostgreSQL server, or a connection lost while
    // the run is written, is tried once more first).
    if let Some(writer) = writer {
        writer.record(&result)?;
    }
    // Mail last: every report is already written, so a failed send loses
    // nothing. One agency's failed mail does not stop the next; any
    // failure exits 3 once all are tried.
    // A signal while they were written let them finish; it stops the run
    // now, before any mail.
    Error::unless_stopped(StoppedAt::AfterWriting)?;
    let mut exit = exit;
    if let Some(settings) = options.mail.as_ref().filter(|_| speak) {
        let plan = MailPlan {
            settings,
            report: &options.report,
            fail_on: options.fail_on,
            agencies: contacts.as_ref(),
            dry_run: options.per_agency.dry_run,
        };
        let delivery = agencies::deliver(&result, &plan)?;
        if !delivery.failed.is_empty() {
            exit = Exit::Runtime;
        }
        print_delivery(
            delivery,
            plan.dry_run,
            &Labels::new(options.report.lang),
            on_stdout,
        );
    }
    // The process ends right after: freeing a large scan's records one
    // allocation at a time would only delay the exit (0.1 s at 30,000
    // systems). The operating system takes the memory back at once.
    std::mem::forget(result);
    std::mem::forget(loaded);
    Ok(exit)
}

/// What the run's mail did: a line per mail sent (said whenever a mail
/// went, `--quiet` or not: a quiet night sends none), or would be sent on
/// a dry run; each failure on stderr, naming the agency; the agencies
/// without a contact, loudly. Beside a report for a program on stdout,
/// the lines go to stderr (see [`super::say`]).
fn print_delivery(delivery: Delivery, dry_run: bool, labels: &Labels, on_stdout: bool) {
    if dry_run {
        super::say(&labels.get("mail-dry-run"), on_stdout);
    }
    for mailed in &delivery.mailed {
        let who = match &mailed.agency {
            Some(agency) => labels.with("mail-for-agency", &[("agency", agency.as_str().into())]),
            None => labels.get("mail-for-whole"),
        };
        let to = mailed.to.join(", ");
        let kib = mailed.size.div_ceil(1024);
        let line = if dry_run {
            let attached = if mailed.attachments.is_empty() {
                labels.get("mail-no-attachment")
            } else {
                mailed.attachments.join(", ")
            };
            labels.with(
                "mail-would-send",
                &[
                    ("who", who.into()),
                    ("to", to.into()),
                    ("subject", mailed.subject.as_str().into()),
                    ("attachments", attached.into()),
                    ("size", kib.into()),
                ],
            )
        } else if mailed.agency.is_some() {
            labels.with(
                "mail-sent-agency",
                &[("who", who.into()), ("to", to.into()), ("size", kib.into())],
            )
        } else {
            labels.with("mail-sent", &[("to", to.into()), ("size", kib.into())])
        };
        super::say(&line, on_stdout);
    }
    if !delivery.no_contact.is_empty() {
        let list: Vec<String> = delivery
            .no_contact
            .iter()
            .map(|(id, file)| format!("{id} ({file})"))
            .collect();
        let line = labels.with(
            "mail-no-contact",
            &[
                ("count", delivery.no_contact.len().into()),
                ("list", list.join(", ").into()),
            ],
        );
        super::say(&line, on_stdout);
    }
    for error in delivery.failed {
        crate::app::print_error(&Error::Mail(error), labels);
    }
}

/// Each agency's `contact` addresses, by id.
fn contacts(loaded: &pipeline::Loaded) -> BTreeMap<String, Vec<String>> {
    loaded
        .inventory
        .agencies
        .iter()
        .filter_map(|entry| {
            let contact = entry.agency.contact.as_ref()?;
            Some((entry.agency.id.to_string(), contact.addresses().to_vec()))
        })
        .collect()
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
