//! The nightly mail: a multipart message with the plain summary, the HTML
//! report as its HTML part, and the JSON record attached, sent over SMTP
//! with lettre. The password comes only from the environment or a file and
//! is never printed; a failed send is an error the caller reports after
//! every report has already been written.

use std::time::Duration;

use clap::ValueEnum;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::report::{self, Labels, ReportFormat, ReportOptions};
use crate::scan::{ScanResult, Severity, percent};

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

/// Where and how to send.
#[derive(Debug, Clone)]
pub struct MailSettings {
    pub to: Vec<String>,
    pub from: String,
    pub host: String,
    pub port: Option<u16>,
    pub tls: SmtpTls,
    pub user: Option<String>,
    /// Never printed, never taken from a flag.
    pub password: Option<String>,
    pub timeout: Duration,
}

/// What to send.
pub struct MailContent {
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// File name and bytes of the attached JSON record.
    pub attachment: Option<(String, Vec<u8>)>,
}

/// The nightly mail of a scan: the summary as text, the HTML report, the
/// JSON record attached, and the headline as the subject ("64.9% of
/// systems on cloud, 27 agencies with failures" at or above `fail_on`).
pub fn scan_mail(
    result: &ScanResult,
    options: &ReportOptions,
    fail_on: Severity,
) -> Result<MailContent, String> {
    let render = |format: ReportFormat| -> Result<Vec<u8>, String> {
        let mut bytes = Vec::new();
        report::reporter(format, options)
            .render(result, &mut bytes)
            .map_err(|e| format!("cannot render the {format:?} report for the mail: {e}"))?;
        Ok(bytes)
    };
    let labels = Labels::new(options.lang);
    let on_cloud = percent(result.totals.on_cloud as f64, result.totals.systems as f64);
    let with_failures = result
        .agencies
        .iter()
        .filter(|a| a.failing.at_or_above(fail_on) > 0)
        .count();
    Ok(MailContent {
        subject: labels.with(
            "mail-subject",
            &[
                ("cloud", labels.percent_or_dash(on_cloud).into()),
                ("agencies", with_failures.into()),
            ],
        ),
        text: String::from_utf8_lossy(&render(ReportFormat::Summary)?).into_owned(),
        html: Some(String::from_utf8_lossy(&render(ReportFormat::Html)?).into_owned()),
        attachment: Some((
            format!("cloudcensus-{}.json", result.as_of),
            render(ReportFormat::Json)?,
        )),
    })
}

/// Builds the message and sends it; the error says what failed, without
/// the password.
pub fn send(settings: &MailSettings, content: MailContent) -> Result<(), String> {
    let message = build(settings, content)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the mail runtime: {e}"))?;
    runtime.block_on(async {
        let transport = transport(settings)?;
        transport.send(message).await.map(drop).map_err(|e| {
            format!(
                "sending mail through {}:{} failed: {e}",
                settings.host,
                settings.port.unwrap_or(settings.tls.default_port())
            )
        })
    })
}

fn mailbox(address: &str, what: &str) -> Result<Mailbox, String> {
    address
        .parse()
        .map_err(|e| format!("{what} `{address}` is not a mail address: {e}"))
}

fn build(settings: &MailSettings, content: MailContent) -> Result<Message, String> {
    let mut builder = Message::builder()
        .from(mailbox(&settings.from, "--email-from")?)
        .subject(content.subject);
    for to in &settings.to {
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
    let body = match content.attachment {
        Some((name, bytes)) => {
            let json = ContentType::parse("application/json")
                .map_err(|e| format!("internal error: {e}"))?;
            MultiPart::mixed()
                .multipart(body)
                .singlepart(Attachment::new(name).body(bytes, json))
        }
        None => body,
    };
    builder
        .multipart(body)
        .map_err(|e| format!("cannot build the mail: {e}"))
}

fn transport(settings: &MailSettings) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let tls = match settings.tls {
        SmtpTls::None => Tls::None,
        SmtpTls::Starttls | SmtpTls::Tls => {
            let parameters = TlsParameters::new(settings.host.clone())
                .map_err(|e| format!("cannot set up TLS for {}: {e}", settings.host))?;
            if settings.tls == SmtpTls::Starttls {
                Tls::Required(parameters)
            } else {
                Tls::Wrapper(parameters)
            }
        }
    };
    let mut builder =
        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(settings.host.clone())
            .port(settings.port.unwrap_or(settings.tls.default_port()))
            .tls(tls)
            .timeout(Some(settings.timeout));
    if let Some(user) = &settings.user {
        let password = settings.password.clone().unwrap_or_default();
        builder = builder.credentials(Credentials::new(user.clone(), password));
    }
    Ok(builder.build())
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
            attachment: None,
        };
        let error = build(&bad, content).unwrap_err();
        assert!(error.contains("--email-to `not an address`"), "{error}");
    }

    #[test]
    fn message_has_both_parts_and_the_attachment() {
        let content = MailContent {
            subject: "[cloudcensus] 87% trên điện toán đám mây".into(),
            text: "plain".into(),
            html: Some("<p>html</p>".into()),
            attachment: Some(("scan.json".into(), b"{}".to_vec())),
        };
        let raw = String::from_utf8(build(&settings(), content).unwrap().formatted()).unwrap();
        assert!(raw.contains("multipart/mixed"), "{raw}");
        assert!(raw.contains("multipart/alternative"), "{raw}");
        assert!(raw.contains("text/html"), "{raw}");
        assert!(raw.contains("filename=\"scan.json\""), "{raw}");
        // The UTF-8 subject is encoded (RFC 2047), not sent raw.
        assert!(raw.contains("=?utf-8?b?"), "{raw}");
        assert!(!raw.contains("trên"), "{raw}");
    }
}
