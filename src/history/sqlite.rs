//! The SQLite store: every scan's [`ScanResult`](crate::scan::ScanResult)
//! in one file (rusqlite, SQLite compiled in: nothing to install), as
//! zstd-compressed JSON beside the run's totals and failing keys, written
//! in one transaction per run, in WAL mode so readers never block the
//! nightly write. The schema is versioned; a store from a newer
//! cloudcensus is refused rather than misread.
//!
//! A run lock (a `.lock` file beside the store, locked with the operating
//! system's file lock) keeps two scans from writing at once: the second
//! exits with a clear message, or waits with `--wait`. The lock dies with
//! the process that holds it, so a killed scan never leaves it stuck.
//!
//! A store (and its lock) this tool creates is readable by its owner only
//! (mode 0600): it holds every system's findings, addresses and contacts.
//! SQLite gives the `-wal` and `-shm` files the database file's mode. A
//! store that already exists keeps the mode its owner gave it.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use super::national::CountRow;
use super::row::{RunRow, SUMMARY, StoredJson};
use super::store::{Doing, RunSummary, StoreError};
use crate::scan::{PreviousRun, owned_key};

/// The layout this build reads and writes.
pub const STORE_VERSION: i64 = 6;

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
    // Runs keyed by their organisation too (issue 16): its id (empty for
    // the one organisation of a history of its own, as every run recorded
    // before is), name and kind, and the policies' digest, so the
    // national view reads who ran what pack without the records; and each
    // target value's counts, so that its national value is a ratio of sums.
    "
    ALTER TABLE runs ADD COLUMN org_id TEXT NOT NULL DEFAULT '';
    ALTER TABLE runs ADD COLUMN org_name TEXT;
    ALTER TABLE runs ADD COLUMN org_kind TEXT;
    ALTER TABLE runs ADD COLUMN policy_digest TEXT;
    CREATE INDEX runs_by_org ON runs (org_id, scope, mode, id);
    ALTER TABLE target_values ADD COLUMN org_id TEXT NOT NULL DEFAULT '';
    ALTER TABLE target_values ADD COLUMN numerator REAL;
    ALTER TABLE target_values ADD COLUMN denominator REAL;
    DROP INDEX target_values_by_target;
    CREATE INDEX target_values_by_target ON target_values (org_id, target_id, scope, as_of);
",
];

impl rusqlite::types::FromSql for StoredJson {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        match value {
            rusqlite::types::ValueRef::Text(text) => Ok(StoredJson::Text(text.to_vec())),
            rusqlite::types::ValueRef::Blob(bytes) => Ok(StoredJson::Compressed(bytes.to_vec())),
            _ => Err(rusqlite::types::FromSqlError::InvalidType),
        }
    }
}

fn summary(row: &rusqlite::Row<'_>) -> rusqlite::Result<RunSummary> {
    Ok(RunSummary {
        id: row.get(0)?,
        org_id: row.get(1)?,
        org_name: row.get(2)?,
        org_kind: row.get(3)?,
        started_at: row.get(4)?,
        as_of: row.get(5)?,
        mode: row.get(6)?,
        scope: row.get(7)?,
        agencies: row.get(8)?,
        systems: row.get(9)?,
        on_cloud: row.get(10)?,
        failing: row.get(11)?,
        compliance: row.get(12)?,
        policy_digest: row.get(13)?,
    })
}

pub struct Sqlite {
    connection: Connection,
    path: PathBuf,
}

impl Sqlite {
    /// Opens the store at `path` if there is one.
    pub fn open_existing(path: &Path) -> Result<Option<Sqlite>, StoreError> {
        if path.exists() {
            Sqlite::open(path).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Opens (creating if needed) the store at `path` and brings its
    /// schema up to date.
    pub fn open(path: &Path) -> Result<Sqlite, StoreError> {
        create_parent(path)?;
        // A file that cannot be made here cannot be made by SQLite either,
        // which then says so (StoreError::Open).
        let _ = create_owner_only(path);
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
        Ok(Sqlite {
            connection,
            path: path.to_path_buf(),
        })
    }

    /// Records a run in one transaction; returns its id.
    pub fn record(&mut self, row: &RunRow) -> Result<i64, StoreError> {
        let failed = sql_failed(Doing::Recording, &self.path);
        let transaction = self.connection.transaction().map_err(failed)?;
        transaction
            .execute(
                "INSERT INTO runs (org_id, org_name, org_kind, started_at, as_of, mode, scope,
                     agencies, systems, on_cloud, failing, compliance, policy_digest, record)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                params![
                    row.org_id,
                    row.org_name,
                    row.org_kind,
                    row.started_at,
                    row.as_of,
                    row.mode,
                    row.scope,
                    row.agencies,
                    row.systems,
                    row.on_cloud,
                    row.failing,
                    row.compliance,
                    row.policy_digest,
                    row.record,
                ],
            )
            .map_err(failed)?;
        let id = transaction.last_insert_rowid();
        transaction
            .execute(
                "INSERT INTO failing_keys (run_id, keys, context) VALUES (?1, ?2, ?3)",
                params![id, row.failing_keys, row.context],
            )
            .map_err(failed)?;
        for target in &row.targets {
            transaction
                .execute(
                    "INSERT INTO target_values
                         (run_id, org_id, target_id, scope, as_of, percent, numerator, denominator)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        id,
                        row.org_id,
                        target.id,
                        row.scope,
                        row.as_of,
                        target.percent,
                        target.numerator,
                        target.denominator
                    ],
                )
                .map_err(failed)?;
        }
        transaction.commit().map_err(failed)?;
        Ok(id)
    }

    /// A target's (day, percent) values for `org`'s scans of `scope`,
    /// oldest first.
    pub fn target_points(
        &mut self,
        org: &str,
        target: &str,
        scope: &str,
    ) -> Result<Vec<(String, f64)>, StoreError> {
        let failed = sql_failed(Doing::Reading, &self.path);
        let mut statement = self
            .connection
            .prepare(
                "SELECT as_of, percent FROM target_values
                 WHERE org_id = ?1 AND target_id = ?2 AND scope = ?3 ORDER BY as_of, run_id",
            )
            .map_err(failed)?;
        let rows = statement
            .query_map(params![org, target, scope], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .map_err(failed)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(failed)
    }

    /// Every target id with recorded values for `org`'s scans of `scope`.
    pub fn target_ids(&mut self, org: &str, scope: &str) -> Result<Vec<String>, StoreError> {
        let failed = sql_failed(Doing::Reading, &self.path);
        let mut statement = self
            .connection
            .prepare(
                "SELECT DISTINCT target_id FROM target_values
                 WHERE org_id = ?1 AND scope = ?2 ORDER BY target_id",
            )
            .map_err(failed)?;
        let rows = statement
            .query_map([org, scope], |row| row.get(0))
            .map_err(failed)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(failed)
    }

    /// See [`Store::runs_past_retention`](super::store::Store::runs_past_retention).
    pub fn runs_past_retention(
        &mut self,
        org: &str,
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
                "SELECT id FROM runs WHERE org_id = ?1
                   AND julianday(substr(started_at, 1, 10)) < julianday(?2) - ?3",
                &[&org, &today, &days],
            )?;
        }
        if let Some(runs) = keep_runs {
            collect(
                "SELECT id FROM runs WHERE org_id = ?1 ORDER BY id DESC LIMIT -1 OFFSET ?2",
                &[&org, &runs],
            )?;
        }
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

    /// Every stored run of `org`, oldest first.
    pub fn runs(&mut self, org: &str) -> Result<Vec<RunSummary>, StoreError> {
        self.summaries(
            &format!("SELECT {SUMMARY} FROM runs WHERE org_id = ?1 ORDER BY id"),
            &[&org],
        )
    }

    /// Every stored run of every organisation, oldest first (what
    /// `history migrate` copies).
    pub fn all_runs(&mut self) -> Result<Vec<RunSummary>, StoreError> {
        self.summaries(&format!("SELECT {SUMMARY} FROM runs ORDER BY id"), &[])
    }

    /// The runs `sql` selects (its columns [`SUMMARY`]), its `$1` bound
    /// to `day` when there is one: the national view's queries.
    pub fn summaries_on(
        &mut self,
        sql: &str,
        day: Option<&str>,
    ) -> Result<Vec<RunSummary>, StoreError> {
        match day {
            Some(day) => self.summaries(sql, &[&day]),
            None => self.summaries(sql, &[]),
        }
    }

    /// The target values `sql` selects: run id, target id, numerator
    /// and denominator (the national trend's query).
    pub fn counts_on(&mut self, sql: &str) -> Result<Vec<CountRow>, StoreError> {
        let failed = sql_failed(Doing::Reading, &self.path);
        let mut statement = self.connection.prepare(sql).map_err(failed)?;
        let rows = statement
            .query_map([], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .map_err(failed)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(failed)
    }

    /// The fields `T` names of run `id`'s record, the rest skipped
    /// unread into memory (the national view reads totals and targets).
    pub fn record_part<T: serde::de::DeserializeOwned>(
        &mut self,
        id: i64,
    ) -> Result<Option<T>, StoreError> {
        let failed = sql_failed(Doing::Reading, &self.path);
        let record: Option<StoredJson> = self
            .connection
            .query_row("SELECT record FROM runs WHERE id = ?1", [id], |row| {
                row.get(0)
            })
            .optional()
            .map_err(failed)?;
        record
            .map(|record| record.parse().map_err(|e| damaged(id, &self.path, e)))
            .transpose()
    }

    fn summaries(
        &mut self,
        sql: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<RunSummary>, StoreError> {
        let failed = sql_failed(Doing::Reading, &self.path);
        let mut statement = self.connection.prepare(sql).map_err(failed)?;
        let rows = statement.query_map(args, summary).map_err(failed)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(failed)
    }

    /// The whole record of `org`'s run `id`, or of its latest run.
    pub fn load<T: serde::de::DeserializeOwned>(
        &mut self,
        org: &str,
        id: Option<i64>,
    ) -> Result<Option<(i64, T)>, StoreError> {
        let failed = sql_failed(Doing::Reading, &self.path);
        let read = |row: &rusqlite::Row<'_>| Ok((row.get(0)?, row.get(1)?));
        let row: Option<(i64, StoredJson)> = match id {
            Some(id) => self
                .connection
                .query_row(
                    "SELECT id, record FROM runs WHERE id = ?1 AND org_id = ?2",
                    params![id, org],
                    read,
                )
                .optional(),
            None => self
                .connection
                .query_row(
                    "SELECT id, record FROM runs WHERE org_id = ?1 ORDER BY id DESC LIMIT 1",
                    [org],
                    read,
                )
                .optional(),
        }
        .map_err(failed)?;
        row.map(|(id, record)| {
            record
                .parse()
                .map(|scan| (id, scan))
                .map_err(|e| damaged(id, &self.path, e))
        })
        .transpose()
    }

    /// See [`Store::baseline_of`](super::store::Store::baseline_of).
    pub fn baseline_of(&mut self, org: &str, id: i64) -> Result<Option<PreviousRun>, StoreError> {
        let failed = sql_failed(Doing::Reading, &self.path);
        let row: Option<(String, Option<StoredJson>, Option<StoredJson>)> = self
            .connection
            .query_row(
                "SELECT as_of, keys, context FROM runs LEFT JOIN failing_keys ON run_id = id
                 WHERE id = ?1 AND org_id = ?2",
                params![id, org],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()
            .map_err(failed)?;
        let Some((as_of, keys, context)) = row else {
            return Ok(None);
        };
        let Some(keys) = keys else {
            // Recorded before the keys were kept apart.
            return Ok(self
                .load::<crate::scan::ScanResult>(org, Some(id))?
                .map(|(_, scan)| PreviousRun {
                    id,
                    as_of: scan.as_of,
                    failing: scan.failing_identities().map(owned_key).collect(),
                    context: None,
                }));
        };
        previous_run(id, &as_of, keys, context).map_err(|e| damaged(id, &self.path, e))
    }
}

#[cfg(test)]
impl Sqlite {
    /// Run `id`'s target values as a store before version 6 kept them:
    /// without their counts.
    pub fn forget_counts(&mut self, id: i64) {
        self.connection
            .execute(
                "UPDATE target_values SET numerator = NULL, denominator = NULL WHERE run_id = ?1",
                [id],
            )
            .unwrap();
    }
}

/// A [`PreviousRun`] from its stored parts.
pub(super) fn previous_run(
    id: i64,
    as_of: &str,
    keys: StoredJson,
    context: Option<StoredJson>,
) -> Result<Option<PreviousRun>, Box<dyn std::error::Error + Send + Sync>> {
    Ok(Some(PreviousRun {
        id,
        as_of: crate::fields::IsoDate::parse(as_of)?,
        failing: keys.parse()?,
        context: context.map(StoredJson::parse).transpose()?,
    }))
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
pub(super) fn damaged(
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

/// Creates `path` empty, readable and writable by its owner only, unless
/// something is there already (SQLite then opens the empty file as a new
/// database, and gives its `-wal` and `-shm` files the same mode).
fn create_owner_only(path: &Path) -> std::io::Result<()> {
    match owner_only().create_new(true).open(path) {
        Ok(_) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(error),
    }
}

/// Options that create a file with mode 0600 (before the umask) on Unix.
fn owner_only() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
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
    let file = match owner_only().create(true).truncate(false).open(&path) {
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
            Sqlite::open(&path),
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
        let error = Sqlite::open(&newer).err().unwrap();
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
        let error = Sqlite::open(&garbage).err().unwrap();
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
        let mut store = Sqlite::open(&path).unwrap();
        let id = store
            .record(&RunRow::of(&hostile_scan(), "").unwrap())
            .unwrap();
        store
            .connection
            .execute("UPDATE runs SET record = x'00' WHERE id = ?1", [id])
            .unwrap();
        let error = store
            .load::<crate::scan::ScanResult>("", Some(id))
            .err()
            .unwrap();
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
