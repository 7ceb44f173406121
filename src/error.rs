//! What can stop a command, and the exit code each case gives. Stages
//! return their own error types (the history store's, the mailer's, the
//! prober's); a command turns them into [`Error`] with `?`, and the
//! dispatcher (`app.rs`) prints it once and exits with [`Error::exit`].
//!
//! Bad inventories and policies are not errors in this sense: they are
//! diagnostics, printed all at once by the command that loaded them,
//! which then exits with [`Exit::BadInput`].

use std::io;

use crate::history::store::StoreError;
use crate::history::trend::TrendError;
use crate::notify::mail::MailError;
use crate::probe::ProbeError;
use crate::report::outputs::{OutputError, UnknownFormat, WriteError};

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
            | Error::UnknownAgency(_)
            | Error::UnknownFormat(_) => Exit::BadInput,
            // A mistyped address or target is bad usage.
            Error::Mail(MailError::Address { .. })
            | Error::Trend(TrendError::UnknownTarget { .. }) => Exit::BadInput,
            Error::Io(error) if error.kind() == io::ErrorKind::BrokenPipe => Exit::Compliant,
            _ => Exit::Runtime,
        }
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
