//! `cloudcensus history migrate --from sqlite:PATH --to postgres://...`:
//! a SQLite history copied into a shared PostgreSQL one.

use std::path::PathBuf;

use crate::cli::{HistoryCommand, HistoryCommandArgs, MigrateArgs};
use crate::error::{Error, Exit};
use crate::history::migrate;
use crate::history::place::{Place, is_postgres_url};
use crate::options::{Layers, lang, org_id_of, password_file};
use crate::report::Labels;

pub fn run(args: &HistoryCommandArgs, layers: &Layers<'_>) -> Result<Exit, Error> {
    match &args.what {
        HistoryCommand::Migrate(args) => run_migrate(args, layers),
    }
}

fn run_migrate(args: &MigrateArgs, layers: &Layers<'_>) -> Result<Exit, Error> {
    let labels = Labels::new(lang(args.lang, layers).value);
    let from = args
        .from
        .strip_prefix("sqlite:")
        .filter(|path| !path.is_empty())
        .map(PathBuf::from)
        .ok_or_else(|| Error::MigrateFrom(args.from.clone()))?;
    if !is_postgres_url(&args.to) {
        return Err(Error::MigrateTo(args.to.clone()));
    }
    let Place::Postgres(target) = Place::new(
        std::path::Path::new(&args.to),
        password_file(&args.history_password_file, layers).value,
    )?
    else {
        return Err(Error::MigrateTo(args.to.clone()));
    };
    let org = org_id_of(&args.org, layers)
        .value
        .map(|id| id.as_str().to_string())
        .unwrap_or_default();
    let done = migrate::copy(&from, &target, &org)?.ok_or(Error::NoHistoryAt(from))?;
    println!(
        "{}",
        labels.with(
            "migrate-done",
            &[
                ("copied", done.copied.into()),
                ("skipped", done.skipped.into()),
            ],
        )
    );
    Ok(Exit::Compliant)
}
