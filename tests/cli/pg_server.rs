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
//! [`tls_server`] is a second such server with `ssl = on`: its
//! certificate, for 127.0.0.1 and localhost, issued by a CA made for the
//! test binary (rcgen), and its test databases reachable over TLS only.
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
static TLS_SERVER: OnceLock<Result<TlsServer, String>> = OnceLock::new();
static DATABASES: AtomicUsize = AtomicUsize::new(0);

/// The server, started on first use.
pub fn server() -> &'static Server {
    match SERVER.get_or_init(|| start(None)) {
        Ok(server) => server,
        Err(why) => panic!("the test PostgreSQL server did not start: {why}"),
    }
}

/// The TLS server and the CA its certificate is issued by.
pub struct TlsServer {
    pub server: Server,
    /// The CA's certificate, PEM: what `sslrootcert=FILE` names.
    pub ca_pem: String,
}

/// The server with `ssl = on`, started on first use. Its `postgres`
/// database (where the tests create theirs) takes connections without
/// TLS; every other database over TLS only, so a run stored there went
/// over TLS.
pub fn tls_server() -> &'static TlsServer {
    let started = TLS_SERVER.get_or_init(|| {
        let ca = crate::servers::TestCa::root("cloudcensus test PostgreSQL CA");
        let (cert, key) = ca.leaf_pem(
            &["127.0.0.1", "localhost"],
            crate::servers::Validity::days_left(30),
        );
        let server = start(Some((cert, key)))?;
        Ok(TlsServer {
            server,
            ca_pem: ca.pem().to_string(),
        })
    });
    match started {
        Ok(server) => server,
        Err(why) => panic!("the test PostgreSQL server with TLS did not start: {why}"),
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

/// Starts a server; with `tls` (a certificate and its key, PEM), with
/// `ssl = on` and TLS required but for the `postgres` database.
fn start(tls: Option<(String, String)>) -> Result<Server, String> {
    let bin = bin_dir().ok_or("no initdb: install Debian's postgresql (.ci/run does)")?;
    let root = is_root();
    let dir = tempfile::Builder::new()
        .prefix("cloudcensus-pg-")
        .tempdir()
        .map_err(|e| e.to_string())?
        .keep();
    let password_file = dir.join("password");
    std::fs::write(&password_file, PASSWORD).map_err(|e| e.to_string())?;
    let mut ssl = String::new();
    if let Some((cert, key)) = &tls {
        use std::os::unix::fs::PermissionsExt;
        let (cert_file, key_file) = (dir.join("server.crt"), dir.join("server.key"));
        std::fs::write(&cert_file, cert).map_err(|e| e.to_string())?;
        std::fs::write(&key_file, key).map_err(|e| e.to_string())?;
        // PostgreSQL refuses a key others may read.
        std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| e.to_string())?;
        ssl = format!(
            "-c ssl=on -c ssl_cert_file='{}' -c ssl_key_file='{}' ",
            cert_file.display(),
            key_file.display()
        );
    }
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
    if tls.is_some() {
        // The first line that matches decides: the tests' own connections
        // to `postgres` as before, every other database over TLS only.
        let hba = data.join("pg_hba.conf");
        let rest = std::fs::read_to_string(&hba).map_err(|e| e.to_string())?;
        let rules = "hostnossl postgres all 127.0.0.1/32 scram-sha-256\n\
                     hostssl all all 127.0.0.1/32 scram-sha-256\n\
                     hostssl all all ::1/128 scram-sha-256\n\
                     hostnossl all all 0.0.0.0/0 reject\n";
        std::fs::write(&hba, format!("{rules}{rest}")).map_err(|e| e.to_string())?;
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    // The keeper: the server in the background, and when this process's
    // end closes the pipe, a fast shutdown and the folder removed.
    let script = format!(
        "'{postgres}' -D '{data}' -p {port} -c listen_addresses=127.0.0.1 {ssl}\
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
