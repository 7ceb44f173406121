//! Every mail of a run, in order: the organisation's own (`--email-to`),
//! then, with `--email-agencies`, each agency's own report at the
//! `contact` of its inventory entry, all through one SMTP session
//! ([`Session`]). A mail that fails is kept with its error and the next
//! one goes on: one agency's refused address never costs another agency
//! its report. With `--dry-run` nothing is sent: each mail is built and
//! described (who, addresses, subject, attachments, size).
//!
//! Nothing here prints: the command prints the [`Delivery`].

use std::collections::{BTreeMap, BTreeSet};

use super::mail::{self, MailContent, MailError, MailSettings, Session};
use crate::report::ReportOptions;
use crate::scan::{ScanResult, Severity, narrow};

/// Which mails a run sends.
pub struct MailPlan<'a> {
    pub settings: &'a MailSettings,
    pub report: &'a ReportOptions,
    pub fail_on: Severity,
    /// Each agency's addresses, by id, from its inventory entry's
    /// `contact`; `None`: no agency mail (no `--email-agencies`).
    pub agencies: Option<&'a BTreeMap<String, Vec<String>>>,
    pub dry_run: bool,
}

/// One mail of the run: for the organisation (`agency` none) or an agency.
#[derive(Debug)]
pub struct Mailed {
    pub agency: Option<String>,
    pub to: Vec<String>,
    pub subject: String,
    /// The attached files' names.
    pub attachments: Vec<String>,
    /// Its size in bytes, as sent (or as it would be).
    pub size: usize,
}

/// What the run's mail did.
#[derive(Debug, Default)]
pub struct Delivery {
    /// Sent (or, on a dry run, described), in order.
    pub mailed: Vec<Mailed>,
    /// Mails not sent whole, each with its error (an agency's wrapped in
    /// [`MailError::Agency`]).
    pub failed: Vec<MailError>,
    /// The agencies of the record without a contact: `(id, file)`.
    pub no_contact: Vec<(String, String)>,
}

/// Builds and sends (or describes) every mail of the plan. Only a
/// session that cannot start is an error; each mail's failure is in the
/// [`Delivery`].
pub fn deliver(result: &ScanResult, plan: &MailPlan<'_>) -> Result<Delivery, MailError> {
    let settings = plan.settings;
    let mut run = Run {
        settings,
        session: if plan.dry_run {
            None
        } else {
            Some(Session::new(settings)?)
        },
        delivery: Delivery::default(),
    };
    if !settings.to.is_empty() {
        let content = mail::scan_mail(result, plan.report, plan.fail_on, &settings.attach);
        run.post(None, &settings.to, content);
    }
    if let Some(contacts) = plan.agencies {
        for agency in &result.agencies {
            let Some(to) = contacts.get(&agency.id).filter(|to| !to.is_empty()) else {
                let missing = (agency.id.clone(), agency.file.clone());
                run.delivery.no_contact.push(missing);
                continue;
            };
            let own = narrow::view(result, &BTreeSet::from([agency.id.as_str()]));
            let content = mail::agency_mail(&own, plan.report, plan.fail_on, &settings.attach);
            run.post(Some(&agency.id), to, content);
        }
    }
    if let Some(session) = run.session {
        session.close();
    }
    Ok(run.delivery)
}

/// The session (none on a dry run) and what it did so far.
struct Run<'a> {
    settings: &'a MailSettings,
    session: Option<Session<'a>>,
    delivery: Delivery,
}

impl Run<'_> {
    /// Sends (or sizes, on a dry run) one mail and notes how it went.
    fn post(
        &mut self,
        agency: Option<&str>,
        to: &[String],
        content: Result<MailContent, MailError>,
    ) {
        let sent = content.and_then(|content| {
            let subject = content.subject.clone();
            let attachments = content.attachments.iter().map(|a| a.0.clone()).collect();
            let size = match self.session.as_mut() {
                Some(session) => session.send(to, content),
                None => mail::size_of(self.settings, to, content),
            }?;
            Ok(Mailed {
                agency: agency.map(str::to_string),
                to: to.to_vec(),
                subject,
                attachments,
                size,
            })
        });
        match sent {
            Ok(mailed) => self.delivery.mailed.push(mailed),
            Err(error) => self.delivery.failed.push(wrap(agency, error)),
        }
    }
}

/// An agency's failure names the agency.
fn wrap(agency: Option<&str>, error: MailError) -> MailError {
    match agency {
        Some(agency) => MailError::Agency {
            agency: agency.to_string(),
            source: Box::new(error),
        },
        None => error,
    }
}
