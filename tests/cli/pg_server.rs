//! A throwaway PostgreSQL server for the history tests, started once per
//! test binary: `initdb` into a temporary folder, a free port on
//! 127.0.0.1, run as an unprivileged user (`nobody` through `runuser`
//! when the tests run as root, since PostgreSQL refuses to run as root;
//! the tests' own user otherwise), password authentication (SCRAM). Each
//! test gets a database of its own, so tests run in parallel. A keeper
//! shell holds the server and stops it, and removes its folder, when the
//! test binary ends (its standard input, a pipe from this process,
//! closes). If the server cannot start, every test that needs it fails:
//! none is skipped.
//!
//! [`Store`] runs one test against either store: `Store::Postgres` writes
//! the project a `cloudcensus.toml` whose `[history]` names a fresh
//! database of this server and a password file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::common::Project;

/// The role the tests connect as (the cluster's superuser) and its password.
pub const USER: &str = "cloudcensus";
pub const PASSWORD: &str = "throwaway-test-password";

pub struct Server {
    pub port: u16,
    /// Keeps the keeper's stdin open for as long as this process lives.
    _keeper: std::sync::Mutex<std::process::ChildStdin>,
}

static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();
static DATABASES: AtomicUsize = AtomicUsize::new(0);

/// The server, started on first use.
pub fn server() -> &'static Server {
    match SERVER.get_or_init(start) {
        Ok(server) => server,
        Err(why) => panic!("the test PostgreSQL server did not start: {why}"),
    }
}

impl Server {
    /// A new, empty database; its name.
    pub fn database(&self) -> String {
        let name = format!("test_{}", DATABASES.fetch_add(1, Ordering::Relaxed));
        self.admin("postgres")
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        name
    }

    /// The URL cloudcensus is given for `database` (no password in it).
    pub fn url(&self, database: &str) -> String {
        format!("postgres://{USER}@127.0.0.1:{}/{database}", self.port)
    }

    /// A connection of the test's own to `database`.
    pub fn admin(&self, database: &str) -> postgres::Client {
        connect(self.port, database).unwrap()
    }
}

fn connect(port: u16, database: &str) -> Result<postgres::Client, postgres::Error> {
    postgres::Config::new()
        .host("127.0.0.1")
        .port(port)
        .user(USER)
        .password(PASSWORD)
        .dbname(database)
        .application_name("cloudcensus-tests")
        .connect(postgres::NoTls)
}

/// Where PostgreSQL's programs are: Debian's newest, else the PATH's.
fn bin_dir() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    if let Some((_, bin)) = found.pop() {
        return Some(bin);
    }
    let output = Command::new("sh")
        .args(["-c", "command -v initdb"])
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8(output.stdout).ok()?.trim());
    path.parent().map(Path::to_path_buf)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `program args` as the server's user.
fn as_server_user(root: bool, program: &Path) -> Command {
    if root {
        let mut command = Command::new("runuser");
        command.args(["-u", "nobody", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn start() -> Result<Server, String> {
    let bin = bin_dir().ok_or("no initdb: install Debian's postgresql (.ci/run does)")?;
    let root = is_root();
    let dir = tempfile::Builder::new()
        .prefix("cloudcensus-pg-")
        .tempdir()
        .map_err(|e| e.to_string())?
        .keep();
    let password_file = dir.join("password");
    std::fs::write(&password_file, PASSWORD).map_err(|e| e.to_string())?;
    if root {
        let chown = Command::new("chown")
            .args(["-R", "nobody"])
            .arg(&dir)
            .status()
            .map_err(|e| e.to_string())?;
        if !chown.success() {
            return Err(format!("chown nobody {} failed", dir.display()));
        }
    }
    let data = dir.join("data");
    let initdb = as_server_user(root, &bin.join("initdb"))
        .arg("-D")
        .arg(&data)
        .args([
            "-U",
            USER,
            "--auth=scram-sha-256",
            "-E",
            "UTF8",
            "--no-locale",
            "-N",
        ])
        .arg(format!("--pwfile={}", password_file.display()))
        .output()
        .map_err(|e| format!("initdb: {e}"))?;
    if !initdb.status.success() {
        return Err(format!(
            "initdb failed: {}",
            String::from_utf8_lossy(&initdb.stderr)
        ));
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    // The keeper: the server in the background, and when this process's
    // end closes the pipe, a fast shutdown and the folder removed.
    let script = format!(
        "'{postgres}' -D '{data}' -p {port} -c listen_addresses=127.0.0.1 \
         -c unix_socket_directories= -c max_connections=300 -c fsync=off \
         -c synchronous_commit=off -c full_page_writes=off >'{dir}/log' 2>&1 & pid=$!; \
         cat >/dev/null; kill -INT $pid; wait $pid; rm -rf '{dir}'",
        postgres = bin.join("postgres").display(),
        data = data.display(),
        dir = dir.display(),
    );
    let mut keeper = as_server_user(root, Path::new("/bin/sh"))
        .args(["-c", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("starting postgres: {e}"))?;
    let mut stdin = keeper.stdin.take().ok_or("no pipe to the keeper")?;
    let _ = stdin.flush();
    // Up to a minute on a busy machine; the server answers in about one
    // second here.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match connect(port, "postgres") {
            Ok(_) => break,
            Err(error) => {
                if let Ok(Some(status)) = keeper.try_wait() {
                    let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
                    return Err(format!("postgres exited ({status}): {log}"));
                }
                if Instant::now() > deadline {
                    let log = std::fs::read_to_string(dir.join("log")).unwrap_or_default();
                    return Err(format!("postgres did not answer: {error}; {log}"));
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
    Ok(Server {
        port,
        _keeper: std::sync::Mutex::new(stdin),
    })
}

/// The store a history test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    /// The default: the project's own SQLite file.
    Sqlite,
    /// A fresh database of the test server, named by the project's
    /// `cloudcensus.toml`.
    Postgres,
}

impl Store {
    /// `project` set up to keep its history in this store.
    pub fn project(self, project: Project) -> Project {
        match self {
            Store::Sqlite => project,
            Store::Postgres => {
                let server = server();
                let url = server.url(&server.database());
                project.file("pg-password", PASSWORD).file(
                    "cloudcensus.toml",
                    format!("[history]\npath = \"{url}\"\npassword_file = \"pg-password\"\n"),
                )
            }
        }
    }
}

/// Each history test, once on each store: `sqlite::NAME` and
/// `postgres::NAME` call `NAME(Store::Sqlite)` and `NAME(Store::Postgres)`.
macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $( #[test] fn $name() { super::$name($crate::pg_server::Store::Sqlite) } )*
        }
        mod postgres {
            $( #[test] fn $name() { super::$name($crate::pg_server::Store::Postgres) } )*
        }
    };
}
pub(crate) use on_both_stores;
