//! The PostgreSQL history's password, never from a flag nor the URL:
//! the first line of the password file (`--history-password-file`,
//! `[history] password_file`), else `PGPASSWORD`, else the line of the
//! `.pgpass` file (`PGPASSFILE`, else `~/.pgpass`) that matches the host,
//! port, database and user, as libpq reads it: `host:port:db:user:password`,
//! `*` matching anything, `\:` and `\\` escaping, `#` starting a comment.
//! A `.pgpass` that other users may read is refused, as libpq refuses it.
//! No password at all is no error: the server may not ask for one.

use std::path::{Path, PathBuf};

use super::place::Target;
use super::store::StoreError;

/// The password for `target`, if one is set anywhere.
pub fn password(target: &Target) -> Result<Option<String>, StoreError> {
    if let Some(path) = &target.password_file {
        return first_line(path).map(Some);
    }
    if let Some(password) = std::env::var_os("PGPASSWORD").filter(|p| !p.is_empty()) {
        return Ok(Some(password.to_string_lossy().into_owned()));
    }
    let Some(path) = pgpass_path() else {
        return Ok(None);
    };
    let Ok(text) = std::fs::read_to_string(&path) else {
        // No such file (or none we may read): no password from it.
        return Ok(None);
    };
    if open_to_others(&path) {
        return Err(StoreError::PgpassOpenToOthers { path });
    }
    let config = &target.config;
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(host)) => host.clone(),
        // A Unix socket folder: libpq matches it as `localhost`.
        _ => "localhost".to_string(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let user = config
        .get_user()
        .map(str::to_string)
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_default();
    let wanted = [
        host.as_str(),
        port.as_str(),
        config.get_dbname().unwrap_or_default(),
        user.as_str(),
    ];
    Ok(matching(&text, wanted))
}

/// The password of the first line of `text` whose fields match `wanted`
/// (host, port, database, user).
fn matching(text: &str, wanted: [&str; 4]) -> Option<String> {
    text.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .filter_map(|line| {
            let fields = fields(line);
            (fields.len() == 5).then_some(fields)
        })
        .find(|fields| {
            fields[..4]
                .iter()
                .zip(wanted)
                .all(|(field, want)| field == "*" || field == want)
        })
        .map(|mut fields| fields.swap_remove(4))
}

/// The `:`-separated fields of a `.pgpass` line, escapes undone. The
/// password takes the rest of the line.
fn fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => field.extend(chars.next()),
            ':' if fields.len() < 4 => fields.push(std::mem::take(&mut field)),
            _ => field.push(c),
        }
    }
    fields.push(field);
    fields
}

fn pgpass_path() -> Option<PathBuf> {
    match std::env::var_os("PGPASSFILE").filter(|p| !p.is_empty()) {
        Some(path) => Some(PathBuf::from(path)),
        None => std::env::var_os("HOME").map(|home| Path::new(&home).join(".pgpass")),
    }
}

#[cfg(unix)]
fn open_to_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
}

#[cfg(not(unix))]
fn open_to_others(_: &Path) -> bool {
    false
}

/// The first line of the password file.
fn first_line(path: &Path) -> Result<String, StoreError> {
    let text = std::fs::read_to_string(path).map_err(|source| StoreError::PasswordFile {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(text.lines().next().unwrap_or_default().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgpass_lines_match_as_libpq_matches_them() {
        let text = "\
# a comment
other:5432:history:census:wrong
db.example:*:history:census:right\\:with\\\\escapes
*:*:*:*:fallback
";
        assert_eq!(
            matching(text, ["db.example", "6543", "history", "census"]),
            Some("right:with\\escapes".into())
        );
        assert_eq!(
            matching(text, ["elsewhere", "5432", "x", "y"]),
            Some("fallback".into())
        );
        assert_eq!(matching("a:b:c\n", ["a", "b", "c", "d"]), None);
        // The password keeps its own colons.
        assert_eq!(fields("h:1:d:u:pa:ss")[4], "pa:ss");
    }
}
