//! The history store: every scan's [`ScanResult`] in one SQLite file
//! (rusqlite, SQLite compiled in: nothing to install), as zstd-compressed
//! JSON beside the run's totals and failing keys, written in one
//! transaction per run, in WAL mode so readers never block the nightly
//! write. The schema is versioned; a store from a newer cloudcensus is
//! refused rather than misread.
//!
//! A run lock (a `.lock` file beside the store, locked with the operating
//! system's file lock) keeps two scans from writing at once: the second
//! exits with a clear message, or waits with `--wait`. The lock dies with
//! the process that holds it, so a killed scan never leaves it stuck.
//!
//! Every failure is a [`StoreError`]: its message is the whole sentence a
//! user reads (what failed, on which file, and what to do), the cause's own
//! text included; `source()` gives that cause to a program.
//! [`StoreError::message`] is that sentence in any language, `Display` its
//! English.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rusqlite::{Connection, OptionalExtension, params};

use crate::diagnostics::Message;
use crate::fields::IsoDate;
use crate::inventory::Selection;
use crate::scan::{PreviousRun, RunContext, ScanResult, owned_key};

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
                doing,
                path,
                source,
            } => match doing {
                Doing::Recording => Message::new("err-history-record"),
                Doing::Reading => Message::new("err-history-read"),
                Doing::Pruning => Message::new("err-history-prune"),
            }
            .path("path", path)
            .reason(source),
            StoreError::Damaged { id, path, source } => Message::new("err-history-damaged")
                .arg("id", *id)
                .path("path", path)
                .reason(source),
            StoreError::Locked { store, lock } => Message::new("err-history-locked")
                .path("store", store)
                .path("lock", lock),
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

/// The layout this build reads and writes.
pub const STORE_VERSION: i64 = 5;

/// Migrations from version N-1 to N, applied in order inside one
/// transaction; index 0 creates version 1.
const MIGRATIONS: &[&str] = &[
    "
    CREATE TABLE runs (
        id            INTEGER PRIMARY KEY,
        started_at    TEXT NOT NULL,
        as_of         TEXT NOT NULL,
        mode          TEXT NOT NULL,
        scope         TEXT NOT NULL,
        agencies      INTEGER NOT NULL,
        systems       INTEGER NOT NULL,
        on_cloud      INTEGER NOT NULL,
        failing       INTEGER NOT NULL,
        compliance    REAL,
        record        TEXT NOT NULL
    );
    CREATE INDEX runs_by_start ON runs (started_at);
",
    "
    CREATE TABLE target_values (
        run_id    INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        target_id TEXT NOT NULL,
        scope     TEXT NOT NULL,
        as_of     TEXT NOT NULL,
        percent   REAL NOT NULL
    );
    CREATE INDEX target_values_by_target ON target_values (target_id, scope, as_of);
    INSERT INTO target_values (run_id, target_id, scope, as_of, percent)
        SELECT runs.id, json_extract(t.value, '$.id'), runs.scope, runs.as_of,
               json_extract(t.value, '$.percent')
        FROM runs, json_each(runs.record, '$.targets') AS t
        WHERE json_extract(t.value, '$.percent') IS NOT NULL;
",
    // The failing findings' identities apart from the record, so the next
    // scan compares against them without reading the whole record (at
    // 100,000 systems, 18 MB instead of 160). A table of its own: SQLite
    // reaches a column behind a large one only by walking its pages.
    // Runs recorded before have no row here; their records are read.
    "
    CREATE TABLE failing_keys (
        run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
        keys   TEXT NOT NULL
    );
",
    // From here on a run's record and failing keys are zstd-compressed
    // JSON (BLOBs; a record is about a twentieth of its text, and quicker
    // to write than the text itself).
    // Runs recorded before keep their text and are read as they are. No
    // table changes: the version only keeps older builds from misreading.
    "
    SELECT 1;
",
    // What each run was judged by and concluded (scan::RunContext, zstd
    // JSON), beside its failing keys: the next scan reads both at once.
    // Runs recorded before have none and are compared on their keys alone.
    "
    ALTER TABLE failing_keys ADD COLUMN context BLOB;
",
];

/// zstd's fastest level: it already makes a 100,000-system record 23
/// times smaller, in less time than writing the text took.
const COMPRESSION_LEVEL: i32 = 1;

/// JSON as the store holds it: text (records of store versions 1-3, keys
/// of version 3) or zstd-compressed.
enum StoredJson {
    Text(Vec<u8>),
    Compressed(Vec<u8>),
}

impl StoredJson {
    /// The JSON text.
    fn into_json(self) -> std::io::Result<Vec<u8>> {
        match self {
            StoredJson::Text(text) => Ok(text),
            StoredJson::Compressed(bytes) => zstd::decode_all(bytes.as_slice()),
        }
    }
}

impl rusqlite::types::FromSql for StoredJson {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        match value {
            rusqlite::types::ValueRef::Text(text) => Ok(StoredJson::Text(text.to_vec())),
            rusqlite::types::ValueRef::Blob(bytes) => Ok(StoredJson::Compressed(bytes.to_vec())),
            _ => Err(rusqlite::types::FromSqlError::InvalidType),
        }
    }
}

/// A stored run, as `cloudcensus runs` lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct RunSummary {
    pub id: i64,
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
}

pub struct Store {
    connection: Connection,
    path: PathBuf,
}

/// Where the store lives by default: `$XDG_DATA_HOME/cloudcensus/`, else
/// `~/.local/share/cloudcensus/`.
pub fn default_path() -> Option<PathBuf> {
    // The XDG spec: a relative XDG_DATA_HOME is invalid and to be ignored
    // (a cron job's working folder would otherwise decide where it goes).
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|v| v.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".local/share")))?;
    Some(base.join("cloudcensus").join("history.sqlite"))
}

impl Store {
    /// Opens the store at `path` if there is one: the commands that only
    /// read the history (`runs`, `report`, `trend`, `diff`) never create
    /// one, so a mistyped `--history` leaves no empty store behind.
    pub fn open_existing(path: &Path) -> Result<Option<Store>, StoreError> {
        if path.exists() {
            Store::open(path).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Opens (creating if needed) the store at `path` and brings its
    /// schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        create_parent(path)?;
        let mut connection = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        let not_a_store = |source| StoreError::NotAStore {
            path: path.to_path_buf(),
            source,
        };
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(not_a_store)?;
        connection
            .busy_timeout(std::time::Duration::from_secs(10))
            .map_err(not_a_store)?;
        let version: i64 = connection
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(not_a_store)?;
        if version > STORE_VERSION {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                version,
            });
        }
        if version < STORE_VERSION {
            // A damaged file can say any version, a negative one too.
            let applied = usize::try_from(version)
                .map_err(|_| not_a_store(rusqlite::Error::IntegralValueOutOfRange(0, version)))?;
            let transaction = connection.transaction().map_err(not_a_store)?;
            for migration in &MIGRATIONS[applied..] {
                transaction.execute_batch(migration).map_err(not_a_store)?;
            }
            transaction
                .pragma_update(None, "user_version", STORE_VERSION)
                .map_err(not_a_store)?;
            transaction.commit().map_err(not_a_store)?;
        }
        Ok(Store {
            connection,
            path: path.to_path_buf(),
        })
    }

    /// Records a run in one transaction; returns its id.
    pub fn record(&mut self, scan: &ScanResult) -> Result<i64, StoreError> {
        let encode_failed = |source| StoreError::Encode { source };
        let mut compressor =
            zstd::Encoder::new(Vec::new(), COMPRESSION_LEVEL).map_err(encode_failed)?;
        crate::scan::json::write_record(scan, &mut compressor).map_err(encode_failed)?;
        let record = compressor.finish().map_err(encode_failed)?;
        // Sorted, so the next scan walks them beside its own in order. The
        // previous run's failures that are undecided now are kept too (see
        // `Changes::still_failing_undecided`).
        let carried = scan
            .changes
            .iter()
            .flat_map(|changes| &changes.still_failing_undecided)
            .map(|(rule, system, endpoint)| (rule.as_str(), system.as_str(), endpoint.as_str()));
        let mut failing: Vec<_> = scan.failing_identities().chain(carried).collect();
        failing.par_sort_unstable();
        failing.dedup();
        let failing_keys = compressed_json(&failing).map_err(encode_failed)?;
        let context = compressed_json(&RunContext::of(scan)).map_err(encode_failed)?;
        let scope_text = scope_text(&scan.scope);
        let started_at = scan
            .started_at
            .format(&time::format_description::well_known::Rfc3339)
            .map_err(|error| StoreError::Encode {
                source: std::io::Error::other(error),
            })?;
        let failed = sql_failed(Doing::Recording, &self.path);
        let transaction = self.connection.transaction().map_err(failed)?;
        transaction
            .execute(
                "INSERT INTO runs (started_at, as_of, mode, scope, agencies, systems, on_cloud, failing, compliance, record)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    started_at,
                    scan.as_of.to_string(),
                    scan.mode.as_str(),
                    scope_text,
                    scan.totals.agencies as i64,
                    scan.totals.counts.systems as i64,
                    scan.totals.counts.on_cloud as i64,
                    scan.totals.counts.failing.total() as i64,
                    scan.totals.counts.outcomes.compliance_percent(),
                    record,
                ],
            )
            .map_err(failed)?;
        let id = transaction.last_insert_rowid();
        transaction
            .execute(
                "INSERT INTO failing_keys (run_id, keys, context) VALUES (?1, ?2, ?3)",
                params![id, failing_keys, context],
            )
            .map_err(failed)?;
        for target in &scan.targets {
            if let Some(percent) = target.percent {
                transaction
                    .execute(
                        "INSERT INTO target_values (run_id, target_id, scope, as_of, percent)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![id, target.id, scope_text, scan.as_of.to_string(), percent],
                    )
                    .map_err(failed)?;
            }
        }
        transaction.commit().map_err(failed)?;
        Ok(id)
    }

    /// A target's recorded values for scans of the same scope, oldest
    /// first: the points its trend is drawn through.
    pub fn target_points(
        &self,
        target: &str,
        scope: &Selection,
    ) -> Result<Vec<(IsoDate, f64)>, StoreError> {
        let failed = sql_failed(Doing::Reading, &self.path);
        let mut statement = self
            .connection
            .prepare(
                "SELECT as_of, percent FROM target_values
                 WHERE target_id = ?1 AND scope = ?2 ORDER BY as_of, run_id",
            )
            .map_err(failed)?;
        let rows = statement
            .query_map(params![target, scope_text(scope)], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .map_err(failed)?;
        let rows: Vec<(String, f64)> = rows.collect::<Result<Vec<_>, _>>().map_err(failed)?;
        // Dates were written by this program; one that does not parse is skipped.
        Ok(rows
            .into_iter()
            .filter_map(|(day, value)| IsoDate::parse(&day).ok().map(|d| (d, value)))
            .collect())
    }

    /// Every target id with recorded values for scans of `scope`.
    pub fn target_ids(&self, scope: &Selection) -> Result<Vec<String>, StoreError> {
        let failed = sql_failed(Doing::Reading, &self.path);
        let mut statement = self
            .connection
            .prepare(
                "SELECT DISTINCT target_id FROM target_values WHERE scope = ?1 ORDER BY target_id",
            )
            .map_err(failed)?;
        let rows = statement
            .query_map([scope_text(scope)], |row| row.get(0))
            .map_err(failed)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(failed)
    }

    /// The runs that retention drops: those that ran more than
    /// `keep_days` days before `today` (by the day they ran, not the day
    /// they were judged as of: a scan of an old `--as-of` recorded today
    /// is kept) and all but the newest `keep_runs`. Ids, oldest first.
    pub fn runs_past_retention(
        &self,
        today: &str,
        keep_days: Option<u32>,
        keep_runs: Option<u32>,
    ) -> Result<Vec<i64>, StoreError> {
        let failed = sql_failed(Doing::Pruning, &self.path);
        let mut doomed: Vec<i64> = Vec::new();
        let mut collect = |sql: &str, args: &[&dyn rusqlite::ToSql]| -> Result<(), StoreError> {
            let mut statement = self.connection.prepare(sql).map_err(failed)?;
            let ids = statement
                .query_map(args, |row| row.get(0))
                .map_err(failed)?;
            for id in ids {
                doomed.push(id.map_err(failed)?);
            }
            Ok(())
        };
        if let Some(days) = keep_days {
            // started_at is RFC 3339; its first ten characters are the day.
            collect(
                "SELECT id FROM runs WHERE julianday(substr(started_at, 1, 10)) < julianday(?1) - ?2",
                &[&today, &days],
            )?;
        }
        if let Some(runs) = keep_runs {
            collect(
                "SELECT id FROM runs ORDER BY id DESC LIMIT -1 OFFSET ?1",
                &[&runs],
            )?;
        }
        doomed.sort_unstable();
        doomed.dedup();
        Ok(doomed)
    }

    /// Drops the runs `ids` in one transaction, then gives the space back.
    pub fn drop_runs(&mut self, ids: &[i64]) -> Result<(), StoreError> {
        let failed = sql_failed(Doing::Pruning, &self.path);
        let transaction = self.connection.transaction().map_err(failed)?;
        for id in ids {
            for table in ["target_values", "failing_keys"] {
                transaction
                    .execute(&format!("DELETE FROM {table} WHERE run_id = ?1"), [id])
                    .map_err(failed)?;
            }
            transaction
                .execute("DELETE FROM runs WHERE id = ?1", [id])
                .map_err(failed)?;
        }
        transaction.commit().map_err(failed)?;
        if !ids.is_empty() {
            self.connection.execute_batch("VACUUM").map_err(failed)?;
        }
        Ok(())
    }

    /// Every stored run, oldest first.
    pub fn runs(&self) -> Result<Vec<RunSummary>, StoreError> {
        let failed = sql_failed(Doing::Reading, &self.path);
        let mut statement = self
            .connection
            .prepare(
                "SELECT id, started_at, as_of, mode, scope, agencies, systems, on_cloud, failing, compliance
                 FROM runs ORDER BY id",
            )
            .map_err(failed)?;
        let rows = statement
            .query_map([], |row| {
                Ok(RunSummary {
                    id: row.get(0)?,
                    started_at: row.get(1)?,
                    as_of: row.get(2)?,
                    mode: row.get(3)?,
                    scope: row.get(4)?,
                    agencies: row.get(5)?,
                    systems: row.get(6)?,
                    on_cloud: row.get(7)?,
                    failing: row.get(8)?,
                    compliance: row.get(9)?,
                })
            })
            .map_err(failed)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(failed)
    }

    /// The whole record of run `id`, or of the latest run.
    pub fn load(&self, id: Option<i64>) -> Result<Option<(i64, ScanResult)>, StoreError> {
        let failed = sql_failed(Doing::Reading, &self.path);
        let row: Option<(i64, StoredJson)> = match id {
            Some(id) => self
                .connection
                .query_row("SELECT id, record FROM runs WHERE id = ?1", [id], |row| {
                    Ok((row.get(0)?, row.get(1)?))
                })
                .optional(),
            None => self
                .connection
                .query_row(
                    "SELECT id, record FROM runs ORDER BY id DESC LIMIT 1",
                    [],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional(),
        }
        .map_err(failed)?;
        row.map(|(id, record)| {
            let json = record.into_json().map_err(|e| damaged(id, &self.path, e))?;
            serde_json::from_slice(&json)
                .map(|scan| (id, scan))
                .map_err(|e| damaged(id, &self.path, e))
        })
        .transpose()
    }
}

impl Store {
    /// Run `id`'s date, the identities of its failing findings and what
    /// it was judged by, read without the rest of the record when the run
    /// has them apart.
    pub fn baseline_of(&self, id: i64) -> Result<Option<PreviousRun>, StoreError> {
        let failed = sql_failed(Doing::Reading, &self.path);
        let row: Option<(String, Option<StoredJson>, Option<StoredJson>)> = self
            .connection
            .query_row(
                "SELECT as_of, keys, context FROM runs LEFT JOIN failing_keys ON run_id = id WHERE id = ?1",
                [id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()
            .map_err(failed)?;
        let Some((as_of, keys, context)) = row else {
            return Ok(None);
        };
        let Some(keys) = keys else {
            // Recorded before the keys were kept apart.
            return Ok(self.load(Some(id))?.map(|(_, scan)| PreviousRun {
                id,
                as_of: scan.as_of,
                failing: scan.failing_identities().map(owned_key).collect(),
                context: None,
            }));
        };
        let read_json = |stored: StoredJson| -> Result<Vec<u8>, StoreError> {
            stored.into_json().map_err(|e| damaged(id, &self.path, e))
        };
        let as_of = IsoDate::parse(&as_of).map_err(|e| damaged(id, &self.path, e))?;
        let failing =
            serde_json::from_slice(&read_json(keys)?).map_err(|e| damaged(id, &self.path, e))?;
        let context = match context {
            Some(context) => Some(
                serde_json::from_slice(&read_json(context)?)
                    .map_err(|e| damaged(id, &self.path, e))?,
            ),
            None => None,
        };
        Ok(Some(PreviousRun {
            id,
            as_of,
            failing,
            context,
        }))
    }
}

/// `value` as zstd-compressed JSON.
fn compressed_json(value: &impl serde::Serialize) -> std::io::Result<Vec<u8>> {
    let json = serde_json::to_vec(value)?;
    zstd::encode_all(json.as_slice(), COMPRESSION_LEVEL)
}

/// The error of a statement that failed while `doing` it on the store at `path`.
fn sql_failed(doing: Doing, path: &Path) -> impl Fn(rusqlite::Error) -> StoreError + Copy + '_ {
    move |source| StoreError::Sql {
        doing,
        path: path.to_path_buf(),
        source,
    }
}

/// The error of run `id`, whose stored JSON does not decompress or parse.
fn damaged(
    id: i64,
    path: &Path,
    source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> StoreError {
    StoreError::Damaged {
        id,
        path: path.to_path_buf(),
        source: source.into(),
    }
}

/// Creates the folder `path` is to go in.
fn create_parent(path: &Path) -> Result<(), StoreError> {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateFolder {
                path: parent.to_path_buf(),
                source,
            })
        }
        None => Ok(()),
    }
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

/// The run lock, held until dropped.
pub struct RunLock {
    _file: File,
}

/// Takes the run lock beside `store`: at once, or waiting for the running
/// scan to finish when `wait` is set.
pub fn lock(store: &Path, wait: bool) -> Result<RunLock, StoreError> {
    let mut name = store.as_os_str().to_owned();
    name.push(".lock");
    let path = PathBuf::from(name);
    create_parent(&path)?;
    let file = match OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
    {
        Ok(file) => file,
        Err(source) => return Err(StoreError::LockFile { path, source }),
    };
    let locked = if wait {
        file.lock()
    } else {
        match file.try_lock() {
            Ok(()) => Ok(()),
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(StoreError::Locked {
                    store: store.to_path_buf(),
                    lock: path,
                });
            }
            Err(std::fs::TryLockError::Error(error)) => Err(error),
        }
    };
    match locked {
        Ok(()) => Ok(RunLock { _file: file }),
        Err(source) => Err(StoreError::Lock { path, source }),
    }
}

#[cfg(test)]
mod tests {
    /// A file whose layout version is negative is not a store: an error,
    /// never a panic (it used to index the migrations with it).
    #[test]
    fn a_negative_layout_version_is_not_a_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.sqlite");
        let connection = Connection::open(&path).unwrap();
        connection.pragma_update(None, "user_version", -1).unwrap();
        drop(connection);
        assert!(matches!(
            Store::open(&path),
            Err(StoreError::NotAStore { .. })
        ));
    }

    use std::error::Error;

    use super::*;
    use crate::report::hostile_scan;

    /// The messages users have always read, cause included, and the cause
    /// kept as the error's source.
    #[test]
    fn errors_say_which_file_and_what_to_do() {
        let dir = tempfile::tempdir().unwrap();

        let newer = dir.path().join("newer.sqlite");
        Connection::open(&newer)
            .unwrap()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        let error = Store::open(&newer).err().unwrap();
        assert!(matches!(error, StoreError::TooNew { version: 99, .. }));
        assert_eq!(
            error.to_string(),
            format!(
                "the history {} was written by a newer cloudcensus (store version 99, this one reads up to {STORE_VERSION}); upgrade, or use --history to choose another file",
                newer.display()
            )
        );

        let garbage = dir.path().join("garbage.sqlite");
        std::fs::write(&garbage, [0xA5; 4096]).unwrap();
        let error = Store::open(&garbage).err().unwrap();
        let cause = error.source().unwrap().to_string();
        assert!(matches!(error, StoreError::NotAStore { .. }), "{error:?}");
        assert_eq!(
            error.to_string(),
            format!(
                "the history {} is not a cloudcensus store or is damaged ({cause}); move it aside to start a new one",
                garbage.display()
            )
        );

        let store = dir.path().join("h.sqlite");
        let _held = lock(&store, false).unwrap();
        let error = lock(&store, false).err().unwrap();
        assert_eq!(
            error.to_string(),
            format!(
                "another scan is writing to the history {} (lock {}.lock); wait for it, or pass --wait",
                store.display(),
                store.display()
            )
        );
    }

    #[test]
    fn a_damaged_record_names_its_run() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.sqlite");
        let mut store = Store::open(&path).unwrap();
        let id = store.record(&hostile_scan()).unwrap();
        store
            .connection
            .execute("UPDATE runs SET record = x'00' WHERE id = ?1", [id])
            .unwrap();
        let error = store.load(Some(id)).err().unwrap();
        assert!(
            matches!(error, StoreError::Damaged { id: 1, .. }),
            "{error:?}"
        );
        let cause = error.source().unwrap().to_string();
        assert_eq!(
            error.to_string(),
            format!("run 1 in {} cannot be read: {cause}", path.display())
        );
    }
}
