//! The nightly mail: a multipart message with the plain summary, the HTML
//! report as its HTML part, and the reports chosen with `--email-attach`
//! attached (by default the per-agency CSV a manager opens in a
//! spreadsheet: a few KiB, where the JSON record is a quarter of a MB for
//! a province and means nothing to a reader), sent over SMTP
//! with lettre. The password comes only from the environment or a file
//! ([`read_password`]), and is held as a [`SecretString`], which no
//! `Debug` or `Display` prints; a failed send is an error the caller
//! reports after every report has already been written.
//!
//! A [`MailError`]'s message is the whole sentence a user reads, the
//! cause's text included ([`MailError::message`] in any language, `Display`
//! in English); `source()` gives the cause to a program.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::ValueEnum;
use lettre::address::Envelope;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use lettre::{Address, Message};
use secrecy::zeroize::Zeroizing;
use secrecy::{ExposeSecret, SecretString};

use crate::report::{self, Labels, ReportFormat, ReportOptions};
use crate::scan::{ScanResult, Severity};

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SmtpTls {
    /// Plain text: only for a relay on the same machine or network.
    None,
    /// Plain connection upgraded with STARTTLS (port 587); required.
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

impl SmtpTls {
    fn default_port(self) -> u16 {
        match self {
            SmtpTls::None => 25,
            SmtpTls::Starttls => 587,
            SmtpTls::Tls => 465,
        }
    }
}

/// Why the mail was not sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// `--smtp-password-file` cannot be read.
    #[error("cannot read the SMTP password file {}: {source}", .path.display())]
    PasswordFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A report for the message could not be rendered.
    #[error("cannot render the {format:?} report for the mail: {source}")]
    Render {
        format: ReportFormat,
        #[source]
        source: std::io::Error,
    },
    /// `--email-from` or an `--email-to` (`flag`) is not a mail address.
    #[error("{flag} `{address}` is not a mail address: {source}")]
    Address {
        flag: &'static str,
        address: String,
        #[source]
        source: lettre::address::AddressError,
    },
    /// The attachment's content type did not parse (a bug, not the input).
    #[error("internal error: {source}")]
    AttachmentType {
        #[source]
        source: lettre::message::header::ContentTypeErr,
    },
    /// lettre refused to assemble the message.
    #[error("cannot build the mail: {source}")]
    Build {
        #[source]
        source: lettre::error::Error,
    },
    /// The runtime the SMTP client runs on did not start.
    #[error("cannot start the mail runtime: {source}")]
    Runtime {
        #[source]
        source: std::io::Error,
    },
    /// TLS towards the SMTP server could not be set up.
    #[error("cannot set up TLS for {host}: {source}")]
    Tls {
        host: String,
        #[source]
        source: lettre::transport::smtp::Error,
    },
    /// The SMTP server could not be reached, or refused the message.
    #[error("sending mail through {host}:{port} failed: {source}")]
    Send {
        host: String,
        port: u16,
        #[source]
        source: lettre::transport::smtp::Error,
    },
    /// The SMTP server refused some recipients (the mail went to the
    /// others, if any).
    #[error("the SMTP server refused {addresses}: {source}")]
    Refused {
        addresses: String,
        #[source]
        source: lettre::transport::smtp::Error,
    },
    /// Not tried: the server could not be reached or logged in to for an
    /// earlier mail of the run.
    #[error("not sent: reaching {host}:{port} failed earlier in this run")]
    NotConnected { host: String, port: u16 },
    /// An agency's own mail (`--email-agencies`) was not sent whole.
    #[error("the mail to agency `{agency}` failed: {source}")]
    Agency {
        agency: String,
        #[source]
        source: Box<MailError>,
    },
}

impl MailError {
    /// Whether the connection itself failed (closed, reset, unreadable),
    /// not the server's answer to a command.
    fn is_connection_lost(&self) -> bool {
        matches!(self, MailError::Send { source, .. }
            if !source.is_permanent() && !source.is_transient())
    }

    /// The sentence a user reads, in any language; `Display` is its English.
    pub fn message(&self) -> crate::diagnostics::Message {
        use crate::diagnostics::Message;
        match self {
            MailError::PasswordFile { path, source } => Message::new("err-mail-password-file")
                .path("path", path)
                .reason(source),
            MailError::Render { format, source } => Message::new("err-mail-render")
                .arg("format", format!("{format:?}"))
                .reason(source),
            MailError::Address {
                flag,
                address,
                source,
            } => Message::new("err-mail-address")
                .arg("flag", *flag)
                .arg("address", address)
                .reason(source),
            MailError::AttachmentType { source } => {
                Message::new("err-mail-attachment-type").reason(source)
            }
            MailError::Build { source } => Message::new("err-mail-build").reason(source),
            MailError::Runtime { source } => Message::new("err-mail-runtime").reason(source),
            MailError::Tls { host, source } => Message::new("err-mail-tls")
                .arg("host", host)
                .reason(source),
            MailError::Send { host, port, source } => Message::new("err-mail-send")
                .arg("host", host)
                .arg("port", port.to_string())
                .reason(source),
            MailError::Refused { addresses, source } => Message::new("err-mail-refused")
                .arg("addresses", addresses)
                .reason(source),
            MailError::NotConnected { host, port } => Message::new("err-mail-not-connected")
                .arg("host", host)
                .arg("port", port.to_string()),
            MailError::Agency { agency, source } => Message::new("err-mail-agency")
                .arg("agency", agency)
                .arg("reason", source.message()),
        }
    }
}

/// Where and how to send. `Debug` shows the password as `[REDACTED]`.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub to: Vec<String>,
    pub from: String,
    pub host: String,
    pub port: Option<u16>,
    pub tls: SmtpTls,
    pub user: Option<String>,
    /// Never printed, never taken from a flag (see [`read_password`]).
    pub password: Option<SecretString>,
    pub timeout: Duration,
    /// The reports attached.
    pub attach: Attachments,
}

/// The reports attached to the mail (`--email-attach`), or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachments(Vec<ReportFormat>);

impl Default for Attachments {
    /// The per-agency CSV: what a manager opens, a few KiB.
    fn default() -> Self {
        Attachments(vec![ReportFormat::CsvAgencies])
    }
}

impl Attachments {
    /// `csv-agencies,json`, or `none`. The tables and the summary are no
    /// attachments: the summary is the mail's text already.
    pub fn parse(text: &str) -> Result<Self, crate::diagnostics::Message> {
        let choices: Vec<ReportFormat> = ReportFormat::value_variants()
            .iter()
            .copied()
            .filter(|format| !matches!(format, ReportFormat::Table | ReportFormat::Summary))
            .collect();
        crate::fields::word_list(text, &choices, format_name, "err-flag-not-an-attachment")
            .map(Attachments)
    }

    pub fn formats(&self) -> &[ReportFormat] {
        &self.0
    }

    /// As the flag takes it.
    pub fn as_text(&self) -> String {
        crate::fields::word_list_text(&self.0, format_name)
    }
}

/// A format's name as the flags write it, e.g. `csv-agencies`.
fn format_name(format: &ReportFormat) -> String {
    format
        .to_possible_value()
        .map(|value| value.get_name().to_string())
        .unwrap_or_default()
}

/// An attached report's file name ending and content type.
fn attachment_kind(format: ReportFormat) -> (&'static str, &'static str) {
    match format {
        ReportFormat::Json => ("json", "application/json"),
        ReportFormat::Csv => ("findings.csv", "text/csv; charset=utf-8"),
        ReportFormat::CsvAgencies => ("agencies.csv", "text/csv; charset=utf-8"),
        ReportFormat::Markdown => ("md", "text/markdown; charset=utf-8"),
        ReportFormat::Junit => ("junit.xml", "application/xml"),
        ReportFormat::Sarif => ("sarif", "application/sarif+json"),
        ReportFormat::Html => ("html", "text/html; charset=utf-8"),
        ReportFormat::OpenMetrics => (
            "prom",
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        ),
        ReportFormat::Xlsx => (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ReportFormat::Table | ReportFormat::Summary => ("txt", "text/plain; charset=utf-8"),
    }
}

/// The environment variable that holds the SMTP password.
pub const PASSWORD_VARIABLE: &str = "CLOUDCENSUS_SMTP_PASSWORD";

/// The SMTP password: `CLOUDCENSUS_SMTP_PASSWORD` when set and not empty,
/// else the first line of `file` (`--smtp-password-file`), else none. A
/// flag would show it in `ps` and the shell's history, so there is none.
pub fn read_password(file: Option<&Path>) -> Result<Option<SecretString>, MailError> {
    choose_password(std::env::var(PASSWORD_VARIABLE).ok(), file)
}

fn choose_password(
    from_env: Option<String>,
    file: Option<&Path>,
) -> Result<Option<SecretString>, MailError> {
    if let Some(password) = from_env.filter(|p| !p.is_empty()) {
        return Ok(Some(password.into()));
    }
    let Some(path) = file else {
        return Ok(None);
    };
    // The whole file is wiped from memory once its first line is copied.
    let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|source| {
        MailError::PasswordFile {
            path: path.to_path_buf(),
            source,
        }
    })?);
    Ok(Some(text.lines().next().unwrap_or_default().into()))
}

/// What to send.
pub struct MailContent {
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// The attached reports: file name, content type, bytes.
    pub attachments: Vec<(String, &'static str, Vec<u8>)>,
}

/// The nightly mail of a scan: the summary as text, the HTML report, the
/// `attach` reports attached, and the headline as the subject ("64.9% of
/// systems on cloud, 27 agencies with failures" at or above `fail_on`,
/// then the organisation's name when the config file gives it).
pub fn scan_mail(
    result: &ScanResult,
    options: &ReportOptions,
    fail_on: Severity,
    attach: &Attachments,
) -> Result<MailContent, MailError> {
    let labels = Labels::new(options.lang);
    let with_failures = result
        .agencies
        .iter()
        .filter(|a| a.counts.failing.at_or_above(fail_on) > 0)
        .count();
    let subject = labels.with(
        "mail-subject",
        &[
            ("cloud", on_cloud(result, &labels).into()),
            ("agencies", with_failures.into()),
        ],
    );
    let stem = format!("cloudcensus-{}", result.as_of);
    mail_content(result, options, attach, subject, &stem)
}

/// An agency's own mail (`--email-agencies`): `own` is the record narrowed
/// to the agency (`scan::narrow::view`), rendered as the nightly mail is;
/// the subject names the agency and its failing findings at or above
/// `fail_on`.
pub fn agency_mail(
    own: &ScanResult,
    options: &ReportOptions,
    fail_on: Severity,
    attach: &Attachments,
) -> Result<MailContent, MailError> {
    let labels = Labels::new(options.lang);
    let name = own
        .agencies
        .iter()
        .map(|a| crate::text::plain(&a.name))
        .collect::<Vec<_>>()
        .join(", ");
    let subject = labels.with(
        "mail-subject-agency",
        &[
            ("agency", name.into()),
            ("cloud", on_cloud(own, &labels).into()),
            (
                "failing",
                own.totals.counts.failing.at_or_above(fail_on).into(),
            ),
        ],
    );
    let ids: Vec<&str> = own.agencies.iter().map(|a| a.id.as_str()).collect();
    let stem = format!("cloudcensus-{}-{}", ids.join("-"), own.as_of);
    mail_content(own, options, attach, subject, &stem)
}

/// The share of systems on cloud as the subject writes it.
fn on_cloud(result: &ScanResult, labels: &Labels) -> String {
    labels.percent_or_dash(result.totals.counts.on_cloud_percent())
}

/// The mail of `result` with the subject `headline` (then the
/// organisation's name, when the config file gives it), its attachments
/// named `stem.ENDING`.
fn mail_content(
    result: &ScanResult,
    options: &ReportOptions,
    attach: &Attachments,
    headline: String,
    stem: &str,
) -> Result<MailContent, MailError> {
    // The text and HTML parts are the mail's own (a compact page, never
    // coloured); the attachments are the reports as files have them.
    let (body, attached) = (options.for_mail(), options.for_file());
    let render = |format: ReportFormat, options: &ReportOptions| -> Result<Vec<u8>, MailError> {
        let mut bytes = Vec::new();
        report::reporter(format, options)
            .render(result, &mut bytes)
            .map_err(|source| MailError::Render { format, source })?;
        Ok(bytes)
    };
    // The organisation's name (`[org] name`) tells apart the mails of
    // several provinces or ministries in one mailbox.
    let subject = match &options.org.name {
        Some(name) => format!("{headline} — {}", crate::text::plain(name)),
        None => headline,
    };
    Ok(MailContent {
        subject,
        text: String::from_utf8_lossy(&render(ReportFormat::Summary, &body)?).into_owned(),
        html: Some(String::from_utf8_lossy(&render(ReportFormat::Html, &body)?).into_owned()),
        attachments: attach
            .formats()
            .iter()
            .map(|format| {
                let (ending, content_type) = attachment_kind(*format);
                Ok((
                    format!("{stem}.{ending}"),
                    content_type,
                    render(*format, &attached)?,
                ))
            })
            .collect::<Result<_, MailError>>()?,
    })
}

/// The size in bytes `content` would have as a mail to `to`, for a dry
/// run; the addresses are checked as for a send.
pub fn size_of(
    settings: &MailSettings,
    to: &[String],
    content: MailContent,
) -> Result<usize, MailError> {
    Ok(build(settings, to, content)?.formatted().len())
}

/// One SMTP session for every mail of a run: the organisation's and each
/// agency's go through one connection, opened at the first mail (and
/// again only if the server drops it). lettre's transport would open a
/// connection per mail, or drop a pooled one at the first refused
/// recipient; this speaks the envelope itself, so a refused recipient is
/// one failed mail (RSET), and the session goes on to the next.
pub struct Session<'a> {
    settings: &'a MailSettings,
    runtime: tokio::runtime::Runtime,
    connection: Option<AsyncSmtpConnection>,
    /// The server could not be reached or logged in to: the mails after
    /// are not tried (one failed login per run, not one per agency, which
    /// would lock an account; one connect timeout, not one per mail).
    unreachable: bool,
}

impl<'a> Session<'a> {
    /// The session; nothing is connected until the first mail.
    pub fn new(settings: &'a MailSettings) -> Result<Self, MailError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|source| MailError::Runtime { source })?;
        Ok(Session {
            settings,
            runtime,
            connection: None,
            unreachable: false,
        })
    }

    /// Sends `content` to `to`; returns its size in bytes. Some recipients
    /// refused is [`MailError::Refused`], naming them (the others got it).
    pub fn send(&mut self, to: &[String], content: MailContent) -> Result<usize, MailError> {
        let message = build(self.settings, to, content)?;
        let bytes = message.formatted();
        let envelope = message.envelope().clone();
        let settings = self.settings;
        if self.unreachable {
            return Err(MailError::NotConnected {
                host: settings.host.clone(),
                port: port(settings),
            });
        }
        let connection = &mut self.connection;
        let unreachable = &mut self.unreachable;
        self.runtime.block_on(async {
            if connection
                .as_ref()
                .is_some_and(AsyncSmtpConnection::has_broken)
            {
                *connection = None;
            }
            let reused = connection.is_some();
            let open = match connection {
                Some(open) => open,
                None => match connect(settings).await {
                    Ok(open) => connection.insert(open),
                    Err(error) => {
                        *unreachable = true;
                        return Err(error);
                    }
                },
            };
            let mut sent = deliver(open, &envelope, &bytes, settings).await;
            // A connection kept from the previous mail that the server has
            // closed since (after so many mails, or an idle while) fails
            // on its first command: connect again, once, for this mail.
            if reused && sent.as_ref().is_err_and(MailError::is_connection_lost) {
                open.abort().await;
                *open = match connect(settings).await {
                    Ok(fresh) => fresh,
                    Err(error) => {
                        *connection = None;
                        *unreachable = true;
                        return Err(error);
                    }
                };
                sent = deliver(open, &envelope, &bytes, settings).await;
            }
            // After any failure the transaction is reset, so the next mail
            // starts clean (a refused DATA leaves it open); a connection
            // that does not answer the reset (the server hung up: lettre
            // marks a connection broken only for its own commands) is
            // dropped, and the next mail connects again.
            if sent.is_err() && (open.has_broken() || open.command(Rset).await.is_err()) {
                open.abort().await;
                *connection = None;
            } else if open.has_broken() {
                *connection = None;
            }
            sent.map(|()| bytes.len())
        })
    }

    /// Says goodbye to the server (QUIT), if a mail went.
    pub fn close(mut self) {
        if let Some(mut connection) = self.connection.take() {
            self.runtime.block_on(async {
                let _ = connection.quit().await;
            });
        }
    }
}

/// The server's port: `--smtp-port`, else the TLS mode's.
fn port(settings: &MailSettings) -> u16 {
    settings.port.unwrap_or(settings.tls.default_port())
}

/// A failure to reach or talk to the server.
fn send_error(settings: &MailSettings) -> impl FnOnce(lettre::transport::smtp::Error) -> MailError {
    |source| MailError::Send {
        host: settings.host.clone(),
        port: port(settings),
        source,
    }
}

/// Connects, upgrades with STARTTLS (required for `starttls`) and logs
/// in when a user is set.
async fn connect(settings: &MailSettings) -> Result<AsyncSmtpConnection, MailError> {
    let tls = || {
        TlsParameters::new(settings.host.clone()).map_err(|source| MailError::Tls {
            host: settings.host.clone(),
            source,
        })
    };
    let hello = ClientId::default();
    let wrapper = match settings.tls {
        SmtpTls::Tls => Some(tls()?),
        SmtpTls::None | SmtpTls::Starttls => None,
    };
    let mut connection = AsyncSmtpConnection::connect_tokio1(
        (settings.host.as_str(), port(settings)),
        Some(settings.timeout),
        &hello,
        wrapper,
        None,
    )
    .await
    .map_err(send_error(settings))?;
    if settings.tls == SmtpTls::Starttls {
        connection
            .starttls(tls()?, &hello)
            .await
            .map_err(send_error(settings))?;
    }
    if let Some(user) = &settings.user {
        // lettre keeps its credentials as plain strings: the one place the
        // password leaves its SecretString.
        let password = settings
            .password
            .as_ref()
            .map(|p| p.expose_secret().to_string())
            .unwrap_or_default();
        connection
            .auth(
                DEFAULT_MECHANISMS,
                &Credentials::new(user.clone(), password),
            )
            .await
            .map_err(send_error(settings))?;
    }
    Ok(connection)
}

/// One mail's envelope and data on an open connection. A recipient the
/// server refuses is left out; when it refuses them all the transaction
/// is reset, and the connection serves the next mail either way.
async fn deliver(
    connection: &mut AsyncSmtpConnection,
    envelope: &Envelope,
    bytes: &[u8],
    settings: &MailSettings,
) -> Result<(), MailError> {
    let info = connection.server_info();
    let mut parameters = Vec::new();
    let non_ascii = envelope
        .from()
        .into_iter()
        .chain(envelope.to())
        .any(|address| !AsRef::<str>::as_ref(address).is_ascii());
    if non_ascii && info.supports_feature(Extension::SmtpUtfEight) {
        parameters.push(MailParameter::SmtpUtfEight);
    }
    if !bytes.is_ascii() && info.supports_feature(Extension::EightBitMime) {
        parameters.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    connection
        .command(Mail::new(envelope.from().cloned(), parameters))
        .await
        .map_err(send_error(settings))?;
    let mut refused: Vec<(&Address, lettre::transport::smtp::Error)> = Vec::new();
    for to in envelope.to() {
        match connection.command(Rcpt::new(to.clone(), Vec::new())).await {
            Ok(_) => {}
            Err(error) if error.is_permanent() || error.is_transient() => refused.push((to, error)),
            Err(error) => return Err(send_error(settings)(error)),
        }
    }
    let everyone = refused.len() == envelope.to().len();
    let addresses: Vec<String> = refused.iter().map(|(a, _)| a.to_string()).collect();
    let refusal = refused
        .into_iter()
        .map(|(_, source)| source)
        .next()
        .map(|source| MailError::Refused {
            addresses: addresses.join(", "),
            source,
        });
    if everyone && let Some(error) = refusal {
        let _ = connection.command(Rset).await;
        return Err(error);
    }
    connection
        .command(Data)
        .await
        .map_err(send_error(settings))?;
    connection
        .message(bytes)
        .await
        .map_err(send_error(settings))?;
    refusal.map_or(Ok(()), Err)
}

/// `address` as a mailbox; `flag` names where it came from.
impl MailSettings {
    /// Whether every address parses: checked before the scan does any
    /// work, so a typo in `--email-to` costs no night.
    pub fn check_addresses(&self) -> Result<(), MailError> {
        mailbox(&self.from, "--email-from")?;
        for to in &self.to {
            mailbox(to, "--email-to")?;
        }
        Ok(())
    }
}

fn mailbox(address: &str, flag: &'static str) -> Result<Mailbox, MailError> {
    address.parse().map_err(|source| MailError::Address {
        flag,
        address: address.to_string(),
        source,
    })
}

fn build(
    settings: &MailSettings,
    to: &[String],
    content: MailContent,
) -> Result<Message, MailError> {
    // A Message-ID (from this host's name) and a Date: mail clients and
    // spam filters expect both, and they tell one night's mail from the next.
    let mut builder = Message::builder()
        .message_id(None)
        .date_now()
        .from(mailbox(&settings.from, "--email-from")?)
        .subject(content.subject);
    for to in to {
        builder = builder.to(mailbox(to, "--email-to")?);
    }
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(content.text);
    let body = match content.html {
        Some(html) => MultiPart::alternative().singlepart(text).singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_HTML)
                .body(html),
        ),
        None => MultiPart::alternative().singlepart(text),
    };
    let body = if content.attachments.is_empty() {
        body
    } else {
        let mut mixed = MultiPart::mixed().multipart(body);
        for (name, content_type, bytes) in content.attachments {
            let content_type = ContentType::parse(content_type)
                .map_err(|source| MailError::AttachmentType { source })?;
            mixed = mixed.singlepart(Attachment::new(name).body(bytes, content_type));
        }
        mixed
    };
    builder
        .multipart(body)
        .map_err(|source| MailError::Build { source })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> MailSettings {
        MailSettings {
            to: vec!["it@example.gov.vn".into()],
            from: "cloudcensus@example.gov.vn".into(),
            host: "127.0.0.1".into(),
            port: None,
            tls: SmtpTls::None,
            user: None,
            password: None,
            timeout: Duration::from_secs(5),
            attach: Attachments::default(),
        }
    }

    #[test]
    fn bad_addresses_are_named() {
        let mut bad = settings();
        bad.to = vec!["not an address".into()];
        let content = MailContent {
            subject: "s".into(),
            text: "t".into(),
            html: None,
            attachments: Vec::new(),
        };
        let error = build(&bad, &bad.to, content).unwrap_err();
        assert!(
            matches!(&error, MailError::Address { flag: "--email-to", address, .. } if address == "not an address"),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .starts_with("--email-to `not an address` is not a mail address: "),
            "{error}"
        );
    }

    #[test]
    fn the_password_is_never_shown() {
        let mut with_password = settings();
        with_password.password = Some("s3cret-Hue-2026".into());
        let shown = format!("{with_password:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("REDACTED"), "{shown}");
    }

    #[test]
    fn the_password_comes_from_the_environment_else_the_file_first_line() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("password");
        std::fs::write(&file, "from-file\nsecond line\n").unwrap();
        let empty = dir.path().join("empty");
        std::fs::write(&empty, "").unwrap();
        let missing = dir.path().join("missing");
        let cases: &[(Option<&str>, Option<&Path>, Option<&str>)] = &[
            (Some("from-env"), Some(&file), Some("from-env")),
            (Some(""), Some(&file), Some("from-file")),
            (None, Some(&file), Some("from-file")),
            (None, Some(&empty), Some("")),
            (Some("from-env"), None, Some("from-env")),
            (None, None, None),
            (Some(""), None, None),
            (Some("from-env"), Some(&missing), Some("from-env")),
        ];
        for &(env, path, expected) in cases {
            let password = choose_password(env.map(String::from), path).unwrap();
            assert_eq!(
                password.as_ref().map(|p| p.expose_secret()),
                expected,
                "{env:?} {path:?}"
            );
        }
        let error = choose_password(None, Some(&missing)).unwrap_err();
        assert!(matches!(error, MailError::PasswordFile { .. }), "{error:?}");
        assert!(
            error.to_string().starts_with(&format!(
                "cannot read the SMTP password file {}: ",
                missing.display()
            )),
            "{error}"
        );
    }

    #[test]
    fn message_has_both_parts_and_the_attachment() {
        let content = MailContent {
            subject: "[cloudcensus] 87% trên điện toán đám mây".into(),
            text: "plain".into(),
            html: Some("<p>html</p>".into()),
            attachments: vec![("scan.json".into(), "application/json", b"{}".to_vec())],
        };
        let raw = String::from_utf8(
            build(&settings(), &settings().to, content)
                .unwrap()
                .formatted(),
        )
        .unwrap();
        assert!(raw.contains("multipart/mixed"), "{raw}");
        assert!(raw.contains("multipart/alternative"), "{raw}");
        assert!(raw.contains("text/html"), "{raw}");
        assert!(raw.contains("filename=\"scan.json\""), "{raw}");
        // The UTF-8 subject is encoded (RFC 2047), not sent raw.
        assert!(raw.contains("=?utf-8?b?"), "{raw}");
        assert!(!raw.contains("trên"), "{raw}");
    }
}
