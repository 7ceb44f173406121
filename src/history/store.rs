//! The history: every scan's [`ScanResult`] recorded, in one of two
//! stores behind one interface, [`Store`]: a SQLite file of one
//! organisation's own ([`sqlite`](super::sqlite), the default), or a
//! PostgreSQL database shared by many organisations
//! ([`postgres`](super::postgres)). Both keep the same logical schema (the
//! same columns, the same zstd-compressed JSON, the same store version and
//! migrations applied in one transaction, a newer layout refused) and
//! answer every history command alike.
//!
//! A run's key is its organisation's id ([`Organisation::key`]: empty for
//! the single organisation of a history, which every run recorded before
//! organisations had ids is) and its scope ([`scope_text`]): runs of
//! different organisations never mix, and every command reads only the
//! runs of the organisation in force (`--org`, `[org] id`).
//!
//! A scan writes through a [`Writer`]: the run lock first (SQLite: a lock
//! file beside the store; PostgreSQL: a session advisory lock per
//! organisation and scope, so different organisations write at once and a
//! dead process's lock goes with its connection), then the store, whose
//! error waits until the reports are written.
//!
//! Every failure is a [`StoreError`]: its message is the whole sentence a
//! user reads (what failed, on which file or server, and what to do), the
//! cause's own text included; `source()` gives that cause to a program.
//! [`StoreError::message`] is that sentence in any language, `Display` its
//! English.
//!
//! [`Organisation::key`]: crate::fields::Organisation::key

use std::fmt;
use std::path::{Path, PathBuf};

use super::place::Place;
use super::postgres::Postgres;
use super::sqlite::{self, Sqlite};
use crate::diagnostics::Message;
use crate::fields::IsoDate;
use crate::inventory::Selection;
use crate::scan::{PreviousRun, ScanResult};

pub use super::sqlite::STORE_VERSION;

/// Why the history could not be opened, read, written or locked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Neither `--history` nor a home folder says where the store lives.
    #[error("no place for the history: set --history PATH (or HOME / XDG_DATA_HOME)")]
    NoPlace,
    /// The folder of the store or of its lock cannot be made.
    #[error("cannot create {}: {source}", .path.display())]
    CreateFolder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// SQLite cannot open the file at all.
    #[error("cannot open the history {}: {source}", .path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// The file opens but is not a store this program can bring up to date.
    #[error(
        "the history {} is not a cloudcensus store or is damaged ({source}); move it aside to start a new one",
        .path.display()
    )]
    NotAStore {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// A newer cloudcensus wrote a layout this one would misread.
    #[error(
        "the history {} was written by a newer cloudcensus (store version {version}, this one reads up to {STORE_VERSION}); upgrade, or use --history to choose another file",
        .path.display()
    )]
    TooNew { path: PathBuf, version: i64 },
    /// The run's record could not be compressed.
    #[error("cannot encode the run for the history: {source}")]
    Encode {
        #[source]
        source: std::io::Error,
    },
    /// A statement failed while the store was `doing` something.
    #[error("cannot {doing} {}: {source}", .path.display())]
    Sql {
        doing: Doing,
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// A stored run's record or keys do not decompress or parse.
    #[error("run {id} in {} cannot be read: {source}", .path.display())]
    Damaged {
        id: i64,
        path: PathBuf,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// Another scan holds the run lock (and `--wait` was not given).
    #[error(
        "another scan is writing to the history {} (lock {}); wait for it, or pass --wait",
        .store.display(),
        .lock.display()
    )]
    Locked { store: PathBuf, lock: PathBuf },
    /// Another scan of the same organisation and scope holds the shared
    /// history's lock (and `--wait` was not given).
    #[error(
        "another scan of {} is writing to the history {url}; wait for it, or pass --wait",
        org_scope(.org, .scope)
    )]
    HeldByAnother {
        url: String,
        org: String,
        scope: String,
    },
    /// A `postgres://` URL that does not parse.
    #[error(
        "the history URL {url} cannot be read ({reason}); write it as postgres://USER@HOST:PORT/DATABASE"
    )]
    BadUrl { url: String, reason: String },
    /// A password written in the URL (a flag, a process list, a log).
    #[error(
        "the history URL {url} holds a password; take it out, and put it in PGPASSWORD, ~/.pgpass or a file named by --history-password-file ([history] password_file)"
    )]
    PasswordInUrl { url: String },
    /// The password file cannot be read.
    #[error("cannot read the history's password file {}: {source}", .path.display())]
    PasswordFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A `.pgpass` that others may read: libpq ignores it, and so do we,
    /// loudly.
    #[error(
        "the password file {} can be read by other users; make it yours alone (chmod 600)",
        .path.display()
    )]
    PgpassOpenToOthers { path: PathBuf },
    /// `sslrootcert=FILE` that gives no usable certificate.
    #[error("cannot use the history's CA certificates {}: {reason}", .path.display())]
    RootCert { path: PathBuf, reason: String },
    /// The server cannot be reached or refused us.
    #[error("cannot connect to the history {url}: {source}")]
    Connect {
        url: String,
        #[source]
        source: postgres::Error,
    },
    /// A PostgreSQL statement failed while the store was `doing` something.
    #[error("cannot {doing} {url}: {source}")]
    Postgres {
        doing: Doing,
        url: String,
        #[source]
        source: postgres::Error,
    },
    /// The lock file cannot be created or opened.
    #[error("cannot open the run lock {}: {source}", .path.display())]
    LockFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The operating system refused the lock itself.
    #[error("cannot take the run lock {}: {source}", .path.display())]
    Lock {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl StoreError {
    /// Whether the history's place is at fault, not the machine or the
    /// server: bad usage (exit 2).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            StoreError::BadUrl { .. } | StoreError::PasswordInUrl { .. }
        )
    }

    /// The sentence a user reads, in any language; [`Display`](fmt::Display)
    /// is its English.
    pub fn message(&self) -> Message {
        match self {
            StoreError::NoPlace => Message::new("err-history-no-place"),
            StoreError::CreateFolder { path, source } => Message::new("err-history-create-folder")
                .path("path", path)
                .reason(source),
            StoreError::Open { path, source } => Message::new("err-history-open")
                .path("path", path)
                .reason(source),
            StoreError::NotAStore { path, source } => Message::new("err-history-not-a-store")
                .path("path", path)
                .reason(source),
            StoreError::TooNew { path, version } => Message::new("err-history-too-new")
                .path("path", path)
                .arg("version", *version)
                .arg("supported", STORE_VERSION),
            StoreError::Encode { source } => Message::new("err-history-encode").reason(source),
            StoreError::Sql {
                doing: doing @ Doing::Recording,
                path,
                source,
            } if out_of_room(source) => doing
                .message()
                .path("path", path)
                .arg("reason", Message::new("err-history-no-room").reason(source)),
            StoreError::Sql {
                doing,
                path,
                source,
            } => doing.message().path("path", path).reason(source),
            StoreError::Damaged { id, path, source } => Message::new("err-history-damaged")
                .arg("id", *id)
                .path("path", path)
                .reason(source),
            StoreError::Locked { store, lock } => Message::new("err-history-locked")
                .path("store", store)
                .path("lock", lock),
            StoreError::HeldByAnother { url, org, scope } => {
                let who = if org.is_empty() {
                    Message::new("history-who-none")
                } else {
                    Message::new("history-who-org").arg("org", org)
                };
                Message::new(if scope.is_empty() {
                    "err-history-held"
                } else {
                    "err-history-held-scope"
                })
                .arg("url", url)
                .arg("who", who)
                .arg("scope", scope)
            }
            StoreError::BadUrl { url, reason } => Message::new("err-history-bad-url")
                .arg("url", url)
                .arg("reason", reason),
            StoreError::PasswordInUrl { url } => {
                Message::new("err-history-password-in-url").arg("url", url)
            }
            StoreError::PasswordFile { path, source } => Message::new("err-history-password-file")
                .path("path", path)
                .reason(source),
            StoreError::PgpassOpenToOthers { path } => {
                Message::new("err-history-pgpass-open").path("path", path)
            }
            StoreError::RootCert { path, reason } => Message::new("err-history-root-cert")
                .path("path", path)
                .arg("reason", reason),
            StoreError::Connect { url, source } => Message::new("err-history-connect")
                .arg("url", url)
                .reason(source),
            StoreError::Postgres { doing, url, source } => {
                doing.message().arg("path", url).reason(source)
            }
            StoreError::LockFile { path, source } => Message::new("err-history-lock-file")
                .path("path", path)
                .reason(source),
            StoreError::Lock { path, source } => Message::new("err-history-lock")
                .path("path", path)
                .reason(source),
        }
    }
}

/// What the store was doing when a statement failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doing {
    Recording,
    Reading,
    Pruning,
}

impl Doing {
    /// "cannot … {path}: {reason}", its arguments to be given.
    fn message(self) -> Message {
        Message::new(match self {
            Doing::Recording => "err-history-record",
            Doing::Reading => "err-history-read",
            Doing::Pruning => "err-history-prune",
        })
    }
}

impl fmt::Display for Doing {
    /// The verb and object of "cannot … {path}".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Doing::Recording => "record the run in",
            Doing::Reading => "read the history",
            Doing::Pruning => "prune the history",
        })
    }
}

/// "organisation X" or "the organisation", with the scope when there is one.
fn org_scope(org: &str, scope: &str) -> String {
    let org = if org.is_empty() {
        "the organisation".to_string()
    } else {
        format!("organisation {org}")
    };
    if scope.is_empty() {
        org
    } else {
        format!("{org} [{scope}]")
    }
}

/// A stored run, as `cloudcensus runs` lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct RunSummary {
    pub id: i64,
    /// The organisation's id (empty: the single organisation of the history).
    pub org_id: String,
    pub org_name: Option<String>,
    /// `province`, `city` or `ministry`, when the run named it.
    pub org_kind: Option<String>,
    pub started_at: String,
    pub as_of: String,
    pub mode: String,
    /// Agencies and tags the scan was limited to, e.g. `agency=so-yte`.
    pub scope: String,
    pub agencies: i64,
    pub systems: i64,
    pub on_cloud: i64,
    pub failing: i64,
    pub compliance: Option<f64>,
    /// The policies' digest (`inputs.policy_digest`); `None` for runs
    /// recorded before it was kept apart (read it from the record).
    pub policy_digest: Option<String>,
}

/// Whether SQLite failed for want of room: the disk full, or a write
/// refused by the file size limit (SQLite then says only "disk I/O
/// error", extended code 778, SQLITE_IOERR_WRITE).
fn out_of_room(error: &rusqlite::Error) -> bool {
    const SQLITE_IOERR_WRITE: std::ffi::c_int = 778;
    matches!(
        error,
        rusqlite::Error::SqliteFailure(failure, _)
            if failure.code == rusqlite::ErrorCode::DiskFull
                || failure.extended_code == SQLITE_IOERR_WRITE
    )
}

/// Where the SQLite store lives by default: `$XDG_DATA_HOME/cloudcensus/`,
/// else `~/.local/share/cloudcensus/`.
pub fn default_path() -> Option<PathBuf> {
    // The XDG spec: a relative XDG_DATA_HOME is invalid and to be ignored
    // (a cron job's working folder would otherwise decide where it goes).
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|v| v.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".local/share")))?;
    Some(base.join("cloudcensus").join("history.sqlite"))
}

/// The filters a scan was limited to, as stored: `agency=a tag=t`.
pub fn scope_text(scope: &Selection) -> String {
    scope
        .agencies
        .iter()
        .map(|a| format!("agency={a}"))
        .chain(scope.tags.iter().map(|t| format!("tag={t}")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The history, in whichever store it lives. Every method reads or
/// writes the runs of one organisation (`org`, its key) only, but for a
/// run named by its id, which is the history's own (and still must be
/// the organisation's), and the national view's (`history::national`),
/// which read across organisations.
pub enum Store {
    Sqlite(Sqlite),
    Postgres(Box<Postgres>),
}

/// The same call on either store.
macro_rules! each {
    ($store:expr, $s:ident => $call:expr) => {
        match $store {
            Store::Sqlite($s) => $call,
            Store::Postgres($s) => $call,
        }
    };
}

impl Store {
    /// Opens the store at `place` if there is one: the commands that only
    /// read the history (`runs`, `report`, `trend`, `diff`) never create
    /// one, so a mistyped `--history` leaves no empty store behind (and no
    /// tables in a database that has none).
    pub fn open_existing(place: &Place) -> Result<Option<Store>, StoreError> {
        Ok(match place {
            Place::Sqlite(path) => Sqlite::open_existing(path)?.map(Store::Sqlite),
            Place::Postgres(target) => {
                Postgres::open_existing(target)?.map(|store| Store::Postgres(Box::new(store)))
            }
        })
    }

    /// Opens (creating if needed) the store at `place` and brings its
    /// schema up to date.
    pub fn open(place: &Place) -> Result<Store, StoreError> {
        Ok(match place {
            Place::Sqlite(path) => Store::Sqlite(Sqlite::open(path)?),
            Place::Postgres(target) => Store::Postgres(Box::new(Postgres::open(target)?)),
        })
    }

    /// Records a run in one transaction under its own organisation's key;
    /// returns its id.
    pub fn record(&mut self, scan: &ScanResult) -> Result<i64, StoreError> {
        self.record_as(scan, scan.organisation.key())
    }

    /// Records a run under the organisation key `org` (an old run copied
    /// into a shared history takes the organisation it is copied for).
    pub fn record_as(&mut self, scan: &ScanResult, org: &str) -> Result<i64, StoreError> {
        let row =
            super::row::RunRow::of(scan, org).map_err(|source| StoreError::Encode { source })?;
        each!(self, s => s.record(&row))
    }

    /// Every stored run of `org`, oldest first.
    pub fn runs(&mut self, org: &str) -> Result<Vec<RunSummary>, StoreError> {
        each!(self, s => s.runs(org))
    }

    /// The whole record of `org`'s run `id`, or of its latest run.
    pub fn load(
        &mut self,
        org: &str,
        id: Option<i64>,
    ) -> Result<Option<(i64, ScanResult)>, StoreError> {
        each!(self, s => s.load(org, id))
    }

    /// Part of run `id`'s record: `T` names the fields to read and skips
    /// the rest, so a reader that needs little does not decode it all.
    pub fn load_part<T: serde::de::DeserializeOwned>(
        &mut self,
        org: &str,
        id: i64,
    ) -> Result<Option<T>, StoreError> {
        Ok(each!(self, s => s.load::<T>(org, Some(id)))?.map(|(_, part)| part))
    }

    /// Run `id`'s date, the identities of its failing findings and what
    /// it was judged by, read without the rest of the record when the run
    /// has them apart.
    pub fn baseline_of(&mut self, org: &str, id: i64) -> Result<Option<PreviousRun>, StoreError> {
        each!(self, s => s.baseline_of(org, id))
    }

    /// A target's recorded values for `org`'s scans of the same scope,
    /// oldest first: the points its trend is drawn through.
    pub fn target_points(
        &mut self,
        org: &str,
        target: &str,
        scope: &Selection,
    ) -> Result<Vec<(IsoDate, f64)>, StoreError> {
        let rows = each!(self, s => s.target_points(org, target, &scope_text(scope)))?;
        // Dates were written by this program; one that does not parse is skipped.
        Ok(rows
            .into_iter()
            .filter_map(|(day, value)| IsoDate::parse(&day).ok().map(|d| (d, value)))
            .collect())
    }

    /// Every target id with recorded values for `org`'s scans of `scope`.
    pub fn target_ids(&mut self, org: &str, scope: &Selection) -> Result<Vec<String>, StoreError> {
        each!(self, s => s.target_ids(org, &scope_text(scope)))
    }

    /// `org`'s runs that retention drops: those that ran more than
    /// `keep_days` days before `today` (by the day they ran, not the day
    /// they were judged as of: a scan of an old `--as-of` recorded today
    /// is kept) and all but the newest `keep_runs`. Ids, oldest first.
    pub fn runs_past_retention(
        &mut self,
        org: &str,
        today: &str,
        keep_days: Option<u32>,
        keep_runs: Option<u32>,
    ) -> Result<Vec<i64>, StoreError> {
        let mut doomed = each!(self, s => s.runs_past_retention(org, today, keep_days, keep_runs))?;
        doomed.sort_unstable();
        doomed.dedup();
        Ok(doomed)
    }

    /// Drops the runs `ids` in one transaction.
    pub fn drop_runs(&mut self, ids: &[i64]) -> Result<(), StoreError> {
        each!(self, s => s.drop_runs(ids))
    }
}

/// A scan's hold on the history: the run lock, taken before any work,
/// and the store, whose failure to open waits until the reports are
/// written (a damaged store or a server down must not cost the night's
/// reports).
pub struct Writer {
    _lock: Option<sqlite::RunLock>,
    store: Result<Store, StoreError>,
    /// A PostgreSQL history that could not be reached at the start: tried
    /// once more when the run is recorded.
    retry: Option<(Place, String, String, bool)>,
}

impl Writer {
    /// Takes the run lock of `org`'s scans of `scope` in the history at
    /// `place` (waiting for it with `wait`) and opens the store. Only a
    /// lock held by another scan (or a lock that cannot be taken) fails
    /// here.
    pub fn start(
        place: &Place,
        org: &str,
        scope: &Selection,
        wait: bool,
    ) -> Result<Writer, StoreError> {
        match place {
            Place::Sqlite(path) => {
                let lock = sqlite::lock(path, wait)?;
                Ok(Writer {
                    _lock: Some(lock),
                    store: Store::open(place),
                    retry: None,
                })
            }
            Place::Postgres(target) => {
                let scope = scope_text(scope);
                let opened = Postgres::open(target).and_then(|mut store| {
                    store.lock(org, &scope, wait)?;
                    Ok(store)
                });
                match opened {
                    Err(error @ StoreError::HeldByAnother { .. }) => Err(error),
                    Ok(store) => Ok(Writer {
                        _lock: None,
                        store: Ok(Store::Postgres(Box::new(store))),
                        retry: None,
                    }),
                    Err(error) => Ok(Writer {
                        _lock: None,
                        store: Err(error),
                        retry: Some((place.clone(), org.to_string(), scope, wait)),
                    }),
                }
            }
        }
    }

    /// The store, when it opened: the scan's baseline is read from it.
    pub fn store(&mut self) -> Option<&mut Store> {
        self.store.as_mut().ok()
    }

    /// Records the run; a store that would not open fails now (a
    /// PostgreSQL server that could not be reached is tried once more).
    pub fn record(self, scan: &ScanResult) -> Result<i64, StoreError> {
        let mut store = match (self.store, self.retry) {
            (Ok(store), _) => store,
            (Err(_), Some((Place::Postgres(target), org, scope, wait))) => {
                let mut store = Postgres::open(&target)?;
                store.lock(&org, &scope, wait)?;
                Store::Postgres(Box::new(store))
            }
            (Err(error), _) => return Err(error),
        };
        // Dropped on return, which gives a PostgreSQL run lock back.
        store.record(scan)
    }
}

/// The lock `prune` takes: the SQLite store's run lock, waited for (never
/// while a scan writes). A PostgreSQL history needs none: its deletions
/// are one transaction, and a scan's insert meanwhile is no run they
/// drop.
pub fn prune_lock(place: &Place) -> Result<Option<sqlite::RunLock>, StoreError> {
    match place {
        Place::Sqlite(path) => sqlite::lock(path, true).map(Some),
        Place::Postgres(_) => Ok(None),
    }
}
