//! What can stop a command, and the exit code each case gives. Stages
//! return their own error types (the history store's, the mailer's, the
//! prober's); a command turns them into [`Error`] with `?`, and the
//! dispatcher (`app.rs`) prints it once and exits with [`Error::exit`].
//!
//! Bad inventories and policies are not errors in this sense: they are
//! diagnostics, printed all at once by the command that loaded them,
//! which then exits with [`Exit::BadInput`].

use std::io;

use crate::diagnostics::Message;
use crate::history::store::StoreError;
use crate::history::trend::TrendError;
use crate::interrupt::Signal;
use crate::notify::mail::MailError;
use crate::probe::ProbeError;
use crate::report::outputs::{BinaryOnTerminal, OutputError, UnknownFormat, WriteError};

/// What the process tells cron and CI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The scan ran; nothing at or above `--fail-on` failed and no target is behind or missed.
    Compliant = 0,
    /// The scan ran and found compliance failures.
    Failures = 1,
    /// Bad input or usage: an inventory or policy error, an unknown option.
    BadInput = 2,
    /// The run itself failed: an output file could not be written, and the like.
    Runtime = 3,
    /// SIGINT stopped the run (the shell's 128 + 2); see `crate::interrupt`.
    Interrupted = 130,
    /// SIGTERM stopped the run (128 + 15).
    Terminated = 143,
}

/// What a stopped scan had done when its signal was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoppedAt {
    /// Nothing written: no report, no run recorded.
    BeforeWriting,
    /// The reports written and the run recorded; no mail sent.
    AfterWriting,
}

impl StoppedAt {
    /// The sentence in English (`locales/en.ftl` holds the same).
    fn english(self, signal: Signal) -> String {
        let signal = signal.name();
        match self {
            StoppedAt::BeforeWriting => format!(
                "stopped by {signal} before writing anything: no report written and no run recorded; the previous reports and the history are as they were"
            ),
            StoppedAt::AfterWriting => format!(
                "stopped by {signal} once the reports were written and the run recorded; no mail was sent"
            ),
        }
    }
}

/// A command that could not do its work.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    History(#[from] StoreError),
    #[error(transparent)]
    Trend(#[from] TrendError),
    #[error(transparent)]
    Mail(#[from] MailError),
    #[error(transparent)]
    Probe(#[from] ProbeError),
    /// `--output FILE` (or `report --output`) could not be created or written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// `--output FILE` whose format neither its name nor `--format` tells.
    #[error(transparent)]
    UnknownFormat(#[from] UnknownFormat),
    /// A binary report (`--format xlsx`) for stdout, and stdout is a terminal.
    #[error(transparent)]
    BinaryOnTerminal(#[from] BinaryOnTerminal),
    /// `report --agency ID` with an agency the run does not have.
    #[error(transparent)]
    UnknownAgency(#[from] crate::scan::narrow::UnknownAgency),
    /// A run id that is not in the history.
    #[error("no run {0} in the history (see `cloudcensus runs`)")]
    NoSuchRun(i64),
    #[error("no scans recorded yet")]
    NoRuns,
    #[error("a diff needs two recorded scans (see `cloudcensus runs`)")]
    DiffNeedsTwoRuns,
    /// `history migrate --from` that is not `sqlite:PATH`.
    #[error("--from {0}: name the SQLite history to copy as sqlite:PATH")]
    MigrateFrom(String),
    /// `history migrate --to` that is not a PostgreSQL URL.
    #[error("--to {0}: name the PostgreSQL history as postgres://USER@HOST:PORT/DATABASE")]
    MigrateTo(String),
    /// `history migrate --from` a file that is not there.
    #[error("no history at {}: nothing to copy", .0.display())]
    NoHistoryAt(std::path::PathBuf),
    /// `national --output FILE` whose format neither `--format` nor its
    /// extension tells.
    #[error(
        "--output {}: cannot tell the national view's format from the file's name; add --format table, summary, json, csv, html or xlsx",
        .0.display()
    )]
    NationalFormat(std::path::PathBuf),
    /// SIGINT or SIGTERM stopped the scan (see `crate::interrupt`).
    #[error("{}", .at.english(*.signal))]
    Stopped { signal: Signal, at: StoppedAt },
    /// The probing thread ended without an answer (a bug, never expected).
    #[error("probing stopped unexpectedly")]
    ProbingStopped,
    #[error("cannot write the JSON Schema: {0}")]
    Schema(#[source] serde_json::Error),
    /// Writing to stdout or stderr failed (a closed pipe exits 0).
    #[error(transparent)]
    Io(#[from] io::Error),
}

impl Error {
    pub fn exit(&self) -> Exit {
        match self {
            Error::NoSuchRun(_)
            | Error::NoRuns
            | Error::DiffNeedsTwoRuns
            | Error::MigrateFrom(_)
            | Error::MigrateTo(_)
            | Error::NoHistoryAt(_)
            | Error::NationalFormat(_)
            | Error::UnknownAgency(_)
            | Error::UnknownFormat(_)
            | Error::BinaryOnTerminal(_) => Exit::BadInput,
            // A mistyped address or target is bad usage.
            Error::Mail(MailError::Address { .. })
            | Error::Trend(TrendError::UnknownTarget { .. }) => Exit::BadInput,
            Error::History(error) if error.is_usage() => Exit::BadInput,
            Error::Io(error) if error.kind() == io::ErrorKind::BrokenPipe => Exit::Compliant,
            Error::Stopped {
                signal: Signal::Interrupt,
                ..
            } => Exit::Interrupted,
            Error::Stopped {
                signal: Signal::Terminate,
                ..
            } => Exit::Terminated,
            _ => Exit::Runtime,
        }
    }
}

impl Error {
    /// The sentence a user reads, in the language it is rendered in
    /// (`app.rs` renders it in the command's `--lang`); `Display` is its
    /// English, for logs and `source()` chains. Another program's words
    /// (the system's, SQLite's, the mail and TLS libraries') stay as they
    /// are, inside the sentence.
    pub fn message(&self) -> Message {
        match self {
            Error::History(error) => error.message(),
            Error::Trend(error) => error.message(),
            Error::Mail(error) => error.message(),
            Error::Probe(error) => probe_message(error),
            Error::Output(error) => error.message(),
            Error::UnknownFormat(error) => error.message(),
            Error::BinaryOnTerminal(error) => error.message(),
            Error::UnknownAgency(error) => error.message(),
            Error::NoSuchRun(id) => Message::new("err-no-such-run").arg("id", *id),
            Error::NoRuns => Message::new("err-no-runs"),
            Error::DiffNeedsTwoRuns => Message::new("err-diff-needs-two-runs"),
            Error::MigrateFrom(value) => Message::new("err-migrate-from").arg("value", value),
            Error::MigrateTo(value) => Message::new("err-migrate-to").arg("value", value),
            Error::NoHistoryAt(path) => Message::new("err-no-history-at").path("path", path),
            Error::NationalFormat(path) => Message::new("err-national-format").path("path", path),
            Error::Stopped { signal, at } => {
                let id = match at {
                    StoppedAt::BeforeWriting => "err-stopped-before-writing",
                    StoppedAt::AfterWriting => "err-stopped-after-writing",
                };
                Message::new(id).arg("signal", signal.name())
            }
            Error::ProbingStopped => Message::new("err-probing-stopped"),
            Error::Schema(source) => Message::new("err-schema").reason(source),
            Error::Io(source) => Message::new("err-io").reason(source),
        }
    }
}

impl Error {
    /// `Err(Stopped)` once SIGINT or SIGTERM asked the scan to stop.
    pub fn unless_stopped(at: StoppedAt) -> Result<(), Error> {
        match crate::interrupt::requested() {
            Some(signal) => Err(Error::Stopped { signal, at }),
            None => Ok(()),
        }
    }
}

/// A [`ProbeError`]'s sentence (kept here, out of the prober's files).
fn probe_message(error: &ProbeError) -> Message {
    match error {
        ProbeError::SystemDns { source } => Message::new("err-probe-system-dns").reason(source),
        ProbeError::Resolver { source } => Message::new("err-probe-resolver").reason(source),
        ProbeError::CaFileUnreadable { path, source } => Message::new("err-probe-ca-unreadable")
            .path("path", path)
            .reason(source),
        ProbeError::CaFileNotPem { path, source } => Message::new("err-probe-ca-not-pem")
            .path("path", path)
            .reason(source),
        ProbeError::CaFileEmpty { path } => Message::new("err-probe-ca-empty").path("path", path),
        ProbeError::CaCertificate { path, source } => Message::new("err-probe-ca-certificate")
            .path("path", path)
            .reason(source),
        ProbeError::Verifier { source } => Message::new("err-probe-verifier").reason(source),
        ProbeError::Tls { source } => Message::new("err-probe-tls").reason(source),
        ProbeError::HttpClient { source } => Message::new("err-probe-http-client").reason(source),
        ProbeError::Runtime { source } => Message::new("err-probe-runtime").reason(source),
    }
}

impl From<WriteError> for Error {
    fn from(error: WriteError) -> Self {
        match error {
            WriteError::File(error) => Error::Output(error),
            WriteError::Stdout(error) => Error::Io(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::history::store::Doing;
    use crate::report::Lang;

    fn os_error() -> io::Error {
        io::Error::from_raw_os_error(13)
    }

    /// One of every error that can be built without a server, each
    /// variant of ours at least once where its cause can be made.
    fn samples() -> Vec<Error> {
        let path = || PathBuf::from("out/h.sqlite");
        let sql = || rusqlite::Error::QueryReturnedNoRows;
        let store = [
            StoreError::NoPlace,
            StoreError::CreateFolder {
                path: path(),
                source: os_error(),
            },
            StoreError::Open {
                path: path(),
                source: sql(),
            },
            StoreError::NotAStore {
                path: path(),
                source: sql(),
            },
            StoreError::TooNew {
                path: path(),
                version: 99,
            },
            StoreError::Encode { source: os_error() },
            StoreError::Sql {
                doing: Doing::Recording,
                path: path(),
                source: sql(),
            },
            StoreError::Sql {
                doing: Doing::Reading,
                path: path(),
                source: sql(),
            },
            StoreError::Sql {
                doing: Doing::Pruning,
                path: path(),
                source: sql(),
            },
            StoreError::Damaged {
                id: 7,
                path: path(),
                source: Box::new(os_error()),
            },
            StoreError::Locked {
                store: path(),
                lock: PathBuf::from("out/h.sqlite.lock"),
            },
            StoreError::LockFile {
                path: path(),
                source: os_error(),
            },
            StoreError::Lock {
                path: path(),
                source: os_error(),
            },
            StoreError::HeldByAnother {
                url: "postgres://census@db/history".into(),
                org: "hue".into(),
                scope: String::new(),
            },
            StoreError::HeldByAnother {
                url: "postgres://census@db/history".into(),
                org: String::new(),
                scope: "agency=so-a".into(),
            },
            StoreError::BadUrl {
                url: "postgres://[db/history".into(),
                reason: "invalid IPv6 address".into(),
            },
            StoreError::PasswordInUrl {
                url: "postgres://census:***@db/history".into(),
            },
            StoreError::PasswordFile {
                path: path(),
                source: os_error(),
            },
            StoreError::PgpassOpenToOthers { path: path() },
            StoreError::RootCert {
                path: path(),
                reason: "no certificate in it".into(),
            },
        ];
        let address = "not an address"
            .parse::<lettre::Address>()
            .expect_err("not an address");
        let mail = [
            MailError::PasswordFile {
                path: path(),
                source: os_error(),
            },
            MailError::Render {
                format: crate::report::ReportFormat::CsvAgencies,
                source: os_error(),
            },
            MailError::Address {
                flag: "--email-to",
                address: "not an address".into(),
                source: address,
            },
            MailError::Runtime { source: os_error() },
        ];
        let pem = || rustls::pki_types::pem::Error::Base64Decode("bad".into());
        let probe = [
            ProbeError::SystemDns {
                source: "no resolv.conf".into(),
            },
            ProbeError::Resolver {
                source: "no socket".into(),
            },
            ProbeError::CaFileUnreadable {
                path: path(),
                source: pem(),
            },
            ProbeError::CaFileNotPem {
                path: path(),
                source: pem(),
            },
            ProbeError::CaFileEmpty { path: path() },
            ProbeError::CaCertificate {
                path: path(),
                source: rustls::Error::General("bad".into()),
            },
            ProbeError::Tls {
                source: rustls::Error::General("bad".into()),
            },
            ProbeError::Runtime { source: os_error() },
        ];
        let mut errors: Vec<Error> = Vec::new();
        errors.extend(store.into_iter().map(Error::from));
        errors.extend(mail.into_iter().map(Error::from));
        errors.extend(probe.into_iter().map(Error::from));
        errors.extend([
            Error::Trend(TrendError::Write(os_error())),
            Error::Trend(TrendError::UnknownTarget {
                target: "clod".into(),
                hint: Some("cloud".into()),
            }),
            Error::Trend(TrendError::UnknownTarget {
                target: "x".into(),
                hint: None,
            }),
            Error::Trend(TrendError::Store(StoreError::NoPlace)),
            Error::UnknownFormat(UnknownFormat {
                path: PathBuf::from("a.weird"),
            }),
            Error::BinaryOnTerminal(BinaryOnTerminal {
                format: "xlsx".into(),
            }),
            Error::Output(OutputError {
                path: path(),
                source: os_error(),
            }),
            Error::UnknownAgency(crate::scan::narrow::UnknownAgency {
                run: 3,
                id: "so-x".into(),
                hint: Some("so-a".into()),
            }),
            Error::UnknownAgency(crate::scan::narrow::UnknownAgency {
                run: 3,
                id: "so-x".into(),
                hint: None,
            }),
            Error::MigrateFrom("h.sqlite".into()),
            Error::MigrateTo("h.sqlite".into()),
            Error::NoHistoryAt(path()),
            Error::NationalFormat(path()),
            Error::NoSuchRun(12345),
            Error::NoRuns,
            Error::DiffNeedsTwoRuns,
            Error::ProbingStopped,
            Error::Stopped {
                signal: Signal::Interrupt,
                at: StoppedAt::BeforeWriting,
            },
            Error::Stopped {
                signal: Signal::Terminate,
                at: StoppedAt::AfterWriting,
            },
            Error::Schema(serde_json::from_str::<u8>("x").expect_err("not JSON")),
            Error::Io(os_error()),
        ]);
        errors
    }

    /// The English of every message is the error's `Display`, byte for
    /// byte: logs, `source()` chains and the English output stay as they
    /// were.
    #[test]
    fn messages_in_english_are_the_display_texts() {
        for error in samples() {
            assert_eq!(error.message().english(), error.to_string(), "{error:?}");
        }
    }

    /// Every message reads differently in Vietnamese, and keeps the
    /// system's words as the system wrote them.
    #[test]
    fn messages_in_vietnamese_keep_the_system_words() {
        let system = os_error().to_string();
        for error in samples() {
            let english = error.message().english();
            let vietnamese = error.message().in_lang(Lang::Vi);
            assert_ne!(vietnamese, english, "{error:?}");
            assert_eq!(
                vietnamese.contains(&system),
                english.contains(&system),
                "{vietnamese}"
            );
        }
    }

    /// Report files the writer refuses itself give their reason in the
    /// reader's language.
    #[test]
    fn our_own_reasons_for_a_report_file_are_translated() {
        let folder = std::env::temp_dir();
        let Err(error) = crate::report::outputs::PendingFile::create(&folder) else {
            panic!("a folder is no report file");
        };
        assert_eq!(
            error.message().english(),
            format!(
                "cannot write the report to {}: it is a folder",
                folder.display()
            )
        );
        assert!(
            error
                .message()
                .in_lang(Lang::Vi)
                .ends_with(": đường dẫn này là một thư mục")
        );
    }
}
