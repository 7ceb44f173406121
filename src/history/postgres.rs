//! The PostgreSQL store: the history many organisations share, each
//! province's and ministry's nightly scan writing its runs to one
//! database, read together by the national view. The same logical schema
//! as the SQLite store (its columns, its zstd-compressed JSON, its store
//! version), so a run reads the same from either; the client is the
//! `postgres` crate (tokio-postgres underneath) with rustls.
//!
//! - Migrations run in one transaction under a transaction advisory lock,
//!   so the first scans of a night, arriving at once on an empty
//!   database, create the tables once; a newer layout is refused.
//! - Two scans of one organisation and scope never write at once: each
//!   holds a session advisory lock on that key from its start until the
//!   store is dropped (given back then, before the process exits), which
//!   goes with its connection if the process dies; other
//!   organisations' keys are other locks, so they write concurrently.
//! - A run is one transaction: visible whole or not at all, whatever
//!   moment the writer is killed at.
//! - A connection lost while the run is written is made again once (the
//!   lock taken again with it) and the run written again; a second
//!   failure is the scan's exit 3, its reports already on disk.

use postgres::{Client, GenericClient, NoTls, Row};

use super::national::CountRow;
use super::place::{SslMode, Target};
use super::row::{RunRow, SUMMARY, StoredJson};
use super::sqlite::{STORE_VERSION, damaged, previous_run};
use super::store::{Doing, RunSummary, StoreError};
use super::{pgpass, pgtls};
use crate::scan::PreviousRun;

/// Migrations by the store version they bring the database to, applied
/// in order inside one transaction. A PostgreSQL store begins at the
/// SQLite store's version 6, the first with organisations, in one step;
/// later versions add a step to both.
const MIGRATIONS: &[(i64, &str)] = &[(
    6,
    "
    CREATE TABLE cloudcensus_version (version bigint NOT NULL);
    CREATE TABLE runs (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        org_id        text NOT NULL DEFAULT '',
        org_name      text,
        org_kind      text,
        started_at    text NOT NULL,
        as_of         text NOT NULL,
        mode          text NOT NULL,
        scope         text NOT NULL,
        agencies      bigint NOT NULL,
        systems       bigint NOT NULL,
        on_cloud      bigint NOT NULL,
        failing       bigint NOT NULL,
        compliance    double precision,
        policy_digest text,
        record        bytea NOT NULL
    );
    CREATE INDEX runs_by_start ON runs (started_at);
    CREATE INDEX runs_by_org ON runs (org_id, scope, mode, id);
    CREATE TABLE target_values (
        run_id    bigint NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        org_id    text NOT NULL DEFAULT '',
        target_id text NOT NULL,
        scope     text NOT NULL,
        as_of     text NOT NULL,
        percent   double precision NOT NULL,
        numerator   double precision,
        denominator double precision
    );
    CREATE INDEX target_values_by_target ON target_values (org_id, target_id, scope, as_of);
    CREATE INDEX target_values_by_run ON target_values (run_id);
    CREATE TABLE failing_keys (
        run_id  bigint PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
        keys    bytea NOT NULL,
        context bytea
    );
",
)];

/// The transaction advisory lock migrations take (any number: it only
/// has to be the same for every cloudcensus).
const MIGRATION_LOCK: i64 = 0x636c_6f75_6463_656e;

pub struct Postgres {
    client: Client,
    target: Target,
    /// The run lock this session holds (its key, and whether to wait for
    /// it), taken again after a reconnection.
    locked: Option<Lock>,
}

struct Lock {
    key: String,
    org: String,
    scope: String,
    wait: bool,
}

/// The run lock goes with the store: given back when the store is
/// dropped (the run written, or the scan stopped early by bad input or a
/// signal), not when the server notices the connection closed. The server
/// does that a moment after this process exits, and a scan of the same
/// organisation started in that moment (a retry by a script, the next of
/// a batch) would find the lock still held and exit 3. An error means the
/// connection is gone, and the lock with it.
impl Drop for Postgres {
    fn drop(&mut self) {
        if let Some(lock) = self.locked.take() {
            let _ = self.client.execute(
                "SELECT pg_advisory_unlock(hashtextextended($1, 0))",
                &[&lock.key],
            );
        }
    }
}

impl Postgres {
    /// Opens the history if the database has one; a database without
    /// cloudcensus's tables gets none from a command that only reads.
    pub fn open_existing(target: &Target) -> Result<Option<Postgres>, StoreError> {
        let mut client = connect(target)?;
        let version = version(&mut client).map_err(reading(target))?;
        if version.is_none() {
            return Ok(None);
        }
        migrate(&mut client, target)?;
        Ok(Some(Postgres {
            client,
            target: target.clone(),
            locked: None,
        }))
    }

    /// Opens the history, creating its tables or bringing them up to date.
    pub fn open(target: &Target) -> Result<Postgres, StoreError> {
        let mut client = connect(target)?;
        migrate(&mut client, target)?;
        Ok(Postgres {
            client,
            target: target.clone(),
            locked: None,
        })
    }

    /// Takes the run lock of `org`'s scans of `scope` for this session:
    /// at once, or waiting for the scan that holds it with `wait`.
    pub fn lock(&mut self, org: &str, scope: &str, wait: bool) -> Result<(), StoreError> {
        let lock = Lock {
            key: format!("cloudcensus run\n{org}\n{scope}"),
            org: org.to_string(),
            scope: scope.to_string(),
            wait,
        };
        take(&mut self.client, &lock, &self.target)?;
        self.locked = Some(lock);
        Ok(())
    }

    /// Records a run in one transaction; returns its id. A connection
    /// lost meanwhile is made again once and the run written again.
    pub fn record(&mut self, row: &RunRow) -> Result<i64, StoreError> {
        let failed = |source| StoreError::Postgres {
            doing: Doing::Recording,
            url: self.target.url.clone(),
            source,
        };
        match write(&mut self.client, row) {
            Err(error) if connection_lost(&error) => {
                self.client = connect(&self.target)?;
                if let Some(lock) = &self.locked {
                    take(&mut self.client, lock, &self.target)?;
                }
                write(&mut self.client, row).map_err(failed)
            }
            written => written.map_err(failed),
        }
    }

    /// Every stored run of `org`, oldest first.
    pub fn runs(&mut self, org: &str) -> Result<Vec<RunSummary>, StoreError> {
        self.summaries(
            &format!("SELECT {SUMMARY} FROM runs WHERE org_id = $1 ORDER BY id"),
            &[&org],
        )
    }

    /// Whether `org` has a run that started at `started_at` with this
    /// scope and mode (what `history migrate` skips).
    pub fn has_run(
        &mut self,
        org: &str,
        started_at: &str,
        scope: &str,
        mode: &str,
    ) -> Result<bool, StoreError> {
        self.client
            .query_opt(
                "SELECT 1 FROM runs
                 WHERE org_id = $1 AND started_at = $2 AND scope = $3 AND mode = $4 LIMIT 1",
                &[&org, &started_at, &scope, &mode],
            )
            .map(|row| row.is_some())
            .map_err(reading(&self.target))
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

    /// The target values `sql` selects (see the SQLite store's).
    pub fn counts_on(&mut self, sql: &str) -> Result<Vec<CountRow>, StoreError> {
        let rows = self.client.query(sql, &[]).map_err(reading(&self.target))?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get(0)?,
                    row.try_get(1)?,
                    row.try_get(2)?,
                    row.try_get(3)?,
                ))
            })
            .collect::<Result<_, _>>()
            .map_err(reading(&self.target))
    }

    /// The fields `T` names of run `id`'s record (see the SQLite store's).
    pub fn record_part<T: serde::de::DeserializeOwned>(
        &mut self,
        id: i64,
    ) -> Result<Option<T>, StoreError> {
        let row = self
            .client
            .query_opt("SELECT record FROM runs WHERE id = $1", &[&id])
            .map_err(reading(&self.target))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let record: Vec<u8> = row.try_get(0).map_err(reading(&self.target))?;
        StoredJson::Compressed(record)
            .parse()
            .map(Some)
            .map_err(|e| damaged(id, std::path::Path::new(&self.target.url), e))
    }

    fn summaries(
        &mut self,
        sql: &str,
        args: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Vec<RunSummary>, StoreError> {
        let rows = self
            .client
            .query(sql, args)
            .map_err(reading(&self.target))?;
        rows.iter()
            .map(summary)
            .collect::<Result<_, _>>()
            .map_err(reading(&self.target))
    }

    /// The whole record of `org`'s run `id`, or of its latest run.
    pub fn load<T: serde::de::DeserializeOwned>(
        &mut self,
        org: &str,
        id: Option<i64>,
    ) -> Result<Option<(i64, T)>, StoreError> {
        let row = match id {
            Some(id) => self.client.query_opt(
                "SELECT id, record FROM runs WHERE id = $1 AND org_id = $2",
                &[&id, &org],
            ),
            None => self.client.query_opt(
                "SELECT id, record FROM runs WHERE org_id = $1 ORDER BY id DESC LIMIT 1",
                &[&org],
            ),
        }
        .map_err(reading(&self.target))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let (id, record): (i64, Vec<u8>) =
            (|| Ok((row.try_get(0)?, row.try_get(1)?)))().map_err(reading(&self.target))?;
        StoredJson::Compressed(record)
            .parse()
            .map(|scan| Some((id, scan)))
            .map_err(|e| damaged(id, std::path::Path::new(&self.target.url), e))
    }

    /// See [`Store::baseline_of`](super::store::Store::baseline_of).
    pub fn baseline_of(&mut self, org: &str, id: i64) -> Result<Option<PreviousRun>, StoreError> {
        let row = self
            .client
            .query_opt(
                "SELECT as_of, keys, context FROM runs JOIN failing_keys ON run_id = id
                 WHERE id = $1 AND org_id = $2",
                &[&id, &org],
            )
            .map_err(reading(&self.target))?;
        let Some(row) = row else {
            return Ok(None);
        };
        let (as_of, keys, context): (String, Vec<u8>, Option<Vec<u8>>) =
            (|| Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?)))()
                .map_err(reading(&self.target))?;
        previous_run(
            id,
            &as_of,
            StoredJson::Compressed(keys),
            context.map(StoredJson::Compressed),
        )
        .map_err(|e| damaged(id, std::path::Path::new(&self.target.url), e))
    }

    /// A target's (day, percent) values for `org`'s scans of `scope`.
    pub fn target_points(
        &mut self,
        org: &str,
        target: &str,
        scope: &str,
    ) -> Result<Vec<(String, f64)>, StoreError> {
        let rows = self
            .client
            .query(
                "SELECT as_of, percent FROM target_values
                 WHERE org_id = $1 AND target_id = $2 AND scope = $3 ORDER BY as_of, run_id",
                &[&org, &target, &scope],
            )
            .map_err(reading(&self.target))?;
        rows.iter()
            .map(|row| Ok((row.try_get(0)?, row.try_get(1)?)))
            .collect::<Result<_, _>>()
            .map_err(reading(&self.target))
    }

    /// Every target id with recorded values for `org`'s scans of `scope`.
    pub fn target_ids(&mut self, org: &str, scope: &str) -> Result<Vec<String>, StoreError> {
        let rows = self
            .client
            .query(
                "SELECT DISTINCT target_id FROM target_values
                 WHERE org_id = $1 AND scope = $2 ORDER BY target_id",
                &[&org, &scope],
            )
            .map_err(reading(&self.target))?;
        rows.iter()
            .map(|row| row.try_get(0))
            .collect::<Result<_, _>>()
            .map_err(reading(&self.target))
    }

    /// See [`Store::runs_past_retention`](super::store::Store::runs_past_retention).
    pub fn runs_past_retention(
        &mut self,
        org: &str,
        today: &str,
        keep_days: Option<u32>,
        keep_runs: Option<u32>,
    ) -> Result<Vec<i64>, StoreError> {
        let pruning = |source| StoreError::Postgres {
            doing: Doing::Pruning,
            url: self.target.url.clone(),
            source,
        };
        let mut rows = Vec::new();
        if let Some(days) = keep_days {
            // started_at is RFC 3339; its first ten characters are the day.
            let days = i32::try_from(days).unwrap_or(i32::MAX);
            rows.extend(
                self.client
                    .query(
                        "SELECT id FROM runs WHERE org_id = $1
                           AND CAST(substr(started_at, 1, 10) AS date)
                               < CAST($2::text AS date) - $3::integer",
                        &[&org, &today, &days],
                    )
                    .map_err(pruning)?,
            );
        }
        if let Some(runs) = keep_runs {
            rows.extend(
                self.client
                    .query(
                        "SELECT id FROM runs WHERE org_id = $1 ORDER BY id DESC OFFSET $2",
                        &[&org, &i64::from(runs)],
                    )
                    .map_err(pruning)?,
            );
        }
        rows.iter()
            .map(|row| row.try_get(0))
            .collect::<Result<_, _>>()
            .map_err(pruning)
    }

    /// Drops the runs `ids` in one transaction (their target values and
    /// keys go with them); autovacuum gives the space back.
    pub fn drop_runs(&mut self, ids: &[i64]) -> Result<(), StoreError> {
        let pruning = |source| StoreError::Postgres {
            doing: Doing::Pruning,
            url: self.target.url.clone(),
            source,
        };
        let mut transaction = self.client.transaction().map_err(pruning)?;
        transaction
            .execute("DELETE FROM runs WHERE id = ANY($1)", &[&ids])
            .map_err(pruning)?;
        transaction.commit().map_err(pruning)
    }
}

/// Connects to the history, with the password from where
/// [`pgpass`] finds it and TLS as `sslmode` says.
fn connect(target: &Target) -> Result<Client, StoreError> {
    let mut config = target.config.clone();
    if let Some(password) = pgpass::password(target)? {
        config.password(password);
    }
    let connected = match target.ssl {
        SslMode::Disable => {
            config.ssl_mode(postgres::config::SslMode::Disable);
            config.connect(NoTls)
        }
        mode => {
            config.ssl_mode(if mode == SslMode::Prefer {
                postgres::config::SslMode::Prefer
            } else {
                postgres::config::SslMode::Require
            });
            let verify = mode == SslMode::VerifyFull;
            config.connect(pgtls::connector(verify, target.root_cert.as_deref())?)
        }
    };
    connected.map_err(|source| StoreError::Connect {
        url: target.url.clone(),
        source,
    })
}

/// The store version of the database; `None` when it has no cloudcensus
/// tables.
fn version(client: &mut impl GenericClient) -> Result<Option<i64>, postgres::Error> {
    let exists: bool = client
        .query_one("SELECT to_regclass('cloudcensus_version') IS NOT NULL", &[])?
        .try_get(0)?;
    if !exists {
        return Ok(None);
    }
    let row = client.query_opt("SELECT max(version) FROM cloudcensus_version", &[])?;
    Ok(Some(
        row.map(|row| row.try_get::<_, Option<i64>>(0))
            .transpose()?
            .flatten()
            .unwrap_or(0),
    ))
}

/// Brings the tables to [`STORE_VERSION`] in one transaction; a newer
/// layout is refused.
fn migrate(client: &mut Client, target: &Target) -> Result<(), StoreError> {
    let not_a_store = |source| StoreError::Postgres {
        doing: Doing::Reading,
        url: target.url.clone(),
        source,
    };
    let too_new = |version| StoreError::TooNew {
        path: target.url.clone().into(),
        version,
    };
    let current = version(client).map_err(not_a_store)?.unwrap_or(0);
    if current > STORE_VERSION {
        return Err(too_new(current));
    }
    if current == STORE_VERSION {
        return Ok(());
    }
    let mut transaction = client.transaction().map_err(not_a_store)?;
    // Another cloudcensus may be migrating this very moment: one at a
    // time, and the version read again once it is ours.
    transaction
        .execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .map_err(not_a_store)?;
    let current = version(&mut transaction).map_err(not_a_store)?.unwrap_or(0);
    if current > STORE_VERSION {
        return Err(too_new(current));
    }
    for (_, migration) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        transaction.batch_execute(migration).map_err(not_a_store)?;
    }
    transaction
        .execute("DELETE FROM cloudcensus_version", &[])
        .and_then(|_| {
            transaction.execute(
                "INSERT INTO cloudcensus_version (version) VALUES ($1)",
                &[&STORE_VERSION],
            )
        })
        .map_err(not_a_store)?;
    transaction.commit().map_err(not_a_store)
}

/// Takes `lock` on this session, or says who holds it.
fn take(client: &mut Client, lock: &Lock, target: &Target) -> Result<(), StoreError> {
    let failed = |source| StoreError::Postgres {
        doing: Doing::Recording,
        url: target.url.clone(),
        source,
    };
    if lock.wait {
        client
            .execute(
                "SELECT pg_advisory_lock(hashtextextended($1, 0))",
                &[&lock.key],
            )
            .map_err(failed)?;
        return Ok(());
    }
    let taken: bool = client
        .query_one(
            "SELECT pg_try_advisory_lock(hashtextextended($1, 0))",
            &[&lock.key],
        )
        .and_then(|row| row.try_get(0))
        .map_err(failed)?;
    if taken {
        Ok(())
    } else {
        Err(StoreError::HeldByAnother {
            url: target.url.clone(),
            org: lock.org.clone(),
            scope: lock.scope.clone(),
        })
    }
}

/// Writes `row` in one transaction.
fn write(client: &mut Client, row: &RunRow) -> Result<i64, postgres::Error> {
    let mut transaction = client.transaction()?;
    let id: i64 = transaction
        .query_one(
            "INSERT INTO runs (org_id, org_name, org_kind, started_at, as_of, mode, scope,
                 agencies, systems, on_cloud, failing, compliance, policy_digest, record)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
             RETURNING id",
            &[
                &row.org_id,
                &row.org_name,
                &row.org_kind,
                &row.started_at,
                &row.as_of,
                &row.mode,
                &row.scope,
                &row.agencies,
                &row.systems,
                &row.on_cloud,
                &row.failing,
                &row.compliance,
                &row.policy_digest,
                &row.record,
            ],
        )?
        .try_get(0)?;
    transaction.execute(
        "INSERT INTO failing_keys (run_id, keys, context) VALUES ($1, $2, $3)",
        &[&id, &row.failing_keys, &row.context],
    )?;
    let column = |value: fn(&super::row::TargetValue) -> f64| -> Vec<f64> {
        row.targets.iter().map(value).collect()
    };
    let targets: Vec<&str> = row.targets.iter().map(|t| t.id.as_str()).collect();
    transaction.execute(
        "INSERT INTO target_values
             (run_id, org_id, target_id, scope, as_of, percent, numerator, denominator)
         SELECT $1, $2, target, $3, $4, percent, numerator, denominator
         FROM unnest($5::text[], $6::double precision[], $7::double precision[],
                     $8::double precision[]) AS t (target, percent, numerator, denominator)",
        &[
            &id,
            &row.org_id,
            &row.scope,
            &row.as_of,
            &targets,
            &column(|t| t.percent),
            &column(|t| t.numerator),
            &column(|t| t.denominator),
        ],
    )?;
    transaction.commit()?;
    Ok(id)
}

/// Whether `error` says the connection is gone (closed, reset, the
/// backend terminated or the server shutting down), so that a new one
/// may do what this one could not.
fn connection_lost(error: &postgres::Error) -> bool {
    if error.is_closed() {
        return true;
    }
    match error.code() {
        Some(state) => {
            let code = state.code();
            code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03")
        }
        // No answer from the server at all: the socket failed.
        None => error.as_db_error().is_none(),
    }
}

fn reading(target: &Target) -> impl Fn(postgres::Error) -> StoreError + '_ {
    move |source| StoreError::Postgres {
        doing: Doing::Reading,
        url: target.url.clone(),
        source,
    }
}

fn summary(row: &Row) -> Result<RunSummary, postgres::Error> {
    Ok(RunSummary {
        id: row.try_get(0)?,
        org_id: row.try_get(1)?,
        org_name: row.try_get(2)?,
        org_kind: row.try_get(3)?,
        started_at: row.try_get(4)?,
        as_of: row.try_get(5)?,
        mode: row.try_get(6)?,
        scope: row.try_get(7)?,
        agencies: row.try_get(8)?,
        systems: row.try_get(9)?,
        on_cloud: row.try_get(10)?,
        failing: row.try_get(11)?,
        compliance: row.try_get(12)?,
        policy_digest: row.try_get(13)?,
    })
}
