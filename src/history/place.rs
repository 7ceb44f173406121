//! Where the history lives, as `--history`, `CLOUDCENSUS_HISTORY` or
//! `[history] path` say: a file (the SQLite store), or a
//! `postgres://` / `postgresql://` URL (the shared PostgreSQL store).
//!
//! A URL is read as libpq reads one, less what this program does its own
//! way: `sslmode` is `disable`, `prefer` (the default, as libpq's),
//! `require` (encrypted, the certificate not checked) or `verify-full`
//! (the certificate checked against `sslrootcert=FILE`, else the web PKI
//! roots, and the host name against it), all with rustls; and a password
//! in the URL is refused, since a URL is a flag, a line of a process list
//! and a line of a log. The password comes from a file
//! (`--history-password-file`, `[history] password_file`), else
//! `PGPASSWORD`, else `.pgpass` (see [`pgpass`](super::pgpass)).

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use super::store::StoreError;

/// Whether `text` names a PostgreSQL database rather than a file.
pub fn is_postgres_url(text: &str) -> bool {
    text.starts_with("postgres://") || text.starts_with("postgresql://")
}

/// The history's place.
#[derive(Debug, Clone)]
pub enum Place {
    Sqlite(PathBuf),
    Postgres(Box<Target>),
}

impl Place {
    /// The place `--history` (or its config key) names; `password_file`
    /// is the PostgreSQL password's file, if one is set.
    pub fn new(path: &Path, password_file: Option<PathBuf>) -> Result<Place, StoreError> {
        match path.to_str().filter(|text| is_postgres_url(text)) {
            Some(url) => Ok(Place::Postgres(Box::new(Target::parse(
                url,
                password_file,
            )?))),
            None => Ok(Place::Sqlite(path.to_path_buf())),
        }
    }

    /// Whether a store may be there: a missing file is none, a database
    /// is asked.
    pub fn may_exist(&self) -> bool {
        match self {
            Place::Sqlite(path) => path.exists(),
            Place::Postgres(_) => true,
        }
    }
}

/// How the connection is encrypted (`sslmode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    /// Never TLS.
    Disable,
    /// TLS when the server offers it, the certificate not checked.
    Prefer,
    /// TLS or no connection, the certificate not checked.
    Require,
    /// TLS, the certificate chain and the host name checked.
    VerifyFull,
}

/// A PostgreSQL history: the connection settings and how to find the
/// password.
#[derive(Debug, Clone)]
pub struct Target {
    /// The URL as given (it holds no password): what messages name.
    pub url: String,
    /// Host, port, user, database and the other settings, no TLS mode.
    pub config: postgres::Config,
    pub ssl: SslMode,
    /// `sslrootcert=FILE`: the CAs `verify-full` trusts.
    pub root_cert: Option<PathBuf>,
    pub password_file: Option<PathBuf>,
}

impl Target {
    pub fn parse(url: &str, password_file: Option<PathBuf>) -> Result<Target, StoreError> {
        let bad = |reason: String| StoreError::BadUrl {
            url: without_password(url),
            reason,
        };
        let parsed = url::Url::parse(url).map_err(|e| bad(e.to_string()))?;
        if parsed.password().is_some() || parsed.query_pairs().any(|(key, _)| key == "password") {
            return Err(StoreError::PasswordInUrl {
                url: without_password(url),
            });
        }
        let mut ssl = SslMode::Prefer;
        let mut root_cert = None;
        let mut kept = parsed.clone();
        kept.set_query(None);
        {
            let mut query = kept.query_pairs_mut();
            for (key, value) in parsed.query_pairs() {
                match key.as_ref() {
                    "sslmode" => {
                        ssl = match value.as_ref() {
                            "disable" => SslMode::Disable,
                            "prefer" => SslMode::Prefer,
                            "require" => SslMode::Require,
                            "verify-full" => SslMode::VerifyFull,
                            other => {
                                return Err(bad(format!(
                                    "sslmode `{other}`: use disable, prefer, require or verify-full"
                                )));
                            }
                        }
                    }
                    "sslrootcert" => root_cert = Some(PathBuf::from(value.as_ref())),
                    _ => {
                        query.append_pair(&key, &value);
                    }
                }
            }
        }
        let mut text = kept.to_string();
        if text.ends_with('?') {
            text.pop();
        }
        let mut config = postgres::Config::from_str(&text).map_err(|e| bad(e.to_string()))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        if config.get_application_name().is_none() {
            // What an operator sees in pg_stat_activity.
            config.application_name("cloudcensus");
        }
        if config.get_dbname().is_none() {
            return Err(bad("no database named".into()));
        }
        Ok(Target {
            url: url.to_string(),
            config,
            ssl,
            root_cert,
            password_file,
        })
    }
}

/// `url` with any password in it shown as `***`: an error names the URL
/// and must not print what it was given to hide.
fn without_password(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => authority.to_string(),
        },
        None => authority.to_string(),
    };
    let path = match path.split_once('?') {
        Some((before, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some(("password", _)) => "password=***".to_string(),
                    _ => pair.to_string(),
                })
                .collect();
            format!("{before}?{}", query.join("&"))
        }
        None => path.to_string(),
    };
    if scheme.is_empty() {
        format!("{authority}{path}")
    } else {
        format!("{scheme}://{authority}{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_files_are_told_apart_and_passwords_refused() {
        let file = Place::new(Path::new("h.sqlite"), None).unwrap();
        assert!(matches!(file, Place::Sqlite(_)));
        let Place::Postgres(target) = Place::new(
            Path::new("postgresql://census@db.example:6543/history?sslmode=verify-full&sslrootcert=/etc/ca.pem&connect_timeout=3"),
            None,
        )
        .unwrap() else {
            panic!("a URL is PostgreSQL");
        };
        assert_eq!(target.ssl, SslMode::VerifyFull);
        assert_eq!(target.root_cert.as_deref(), Some(Path::new("/etc/ca.pem")));
        assert_eq!(target.config.get_user(), Some("census"));
        assert_eq!(target.config.get_ports(), [6543]);
        assert_eq!(target.config.get_dbname(), Some("history"));
        assert_eq!(
            target.config.get_connect_timeout(),
            Some(&Duration::from_secs(3))
        );
        for with_password in [
            "postgres://census:secret@db/history",
            "postgres://census@db/history?password=secret",
        ] {
            let error = Target::parse(with_password, None).unwrap_err();
            assert!(matches!(error, StoreError::PasswordInUrl { .. }));
            assert!(!error.to_string().contains("secret"), "{error}");
        }
        let error = Target::parse("postgres://db/history?sslmode=verify-ca", None).unwrap_err();
        assert!(error.to_string().contains("sslmode `verify-ca`"), "{error}");
        assert!(error.is_usage());
    }
}
