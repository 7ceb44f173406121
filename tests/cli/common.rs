use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// A temporary project folder with `inventories/` and `policies/`.
pub struct Project {
    pub dir: TempDir,
}

/// A minimal valid agency; tests change one thing at a time.
pub const GOOD_AGENCY: &str = "\
agency:
  id: so-a
  name: Agency A
  kind: department
systems:
  - id: portal
    name: Portal
    criticality: high
    security_level: 3
    hosting:
      model: gov-cloud
      provider: vnpt
    public_services:
      total: 10
      fully_online: 9
    endpoints:
      - url: https://portal.a.gov.vn
    tags: [public-portal]
  - id: records
    name: Records
    criticality: medium
    hosting:
      model: on-premises
";

/// One agency, `so-a`, with ten low-criticality systems `s0`..`s9`, the
/// first `on_cloud` of them on cloud: the history and the nightly tests
/// move systems to cloud night by night with it.
pub fn ten_systems(on_cloud: usize) -> String {
    systems(10, on_cloud)
}

/// One agency, `so-a`, with `count` low-criticality systems `s0`...,
/// the first `on_cloud` of them on cloud.
pub fn systems(count: usize, on_cloud: usize) -> String {
    let mut text = String::from("agency: { id: so-a, name: A, kind: department }\nsystems:\n");
    for i in 0..count {
        let model = if i < on_cloud {
            "gov-cloud"
        } else {
            "on-premises"
        };
        text.push_str(&format!(
            "  - id: s{i}\n    name: S{i}\n    criticality: low\n    hosting: {{ model: {model} }}\n"
        ));
    }
    text
}

/// A small policy: one system rule, one endpoint rule, one target each way.
pub const GOOD_POLICY: &str = "\
policy:
  id: test
  title: Test policy
rules:
  - id: CLOUD-001
    title: On cloud
    severity: high
    check: system.hosting.model in ['private-cloud', 'gov-cloud', 'public-cloud', 'saas']
  - id: TLS-003
    title: Certificate valid 30 days
    severity: medium
    each: endpoint
    when: endpoint.scheme == 'https'
    check: probe.cert.days_left >= 30
targets:
  - id: cloud
    title: Systems on cloud
    rule: CLOUD-001
    goal: 50%
    deadline: 2030-12-31
  - id: online
    title: Services fully online
    ratio:
      numerator: system.public_services.fully_online
      denominator: system.public_services.total
      when: has(system.public_services)
    goal: 90%
    deadline: 2030-12-31
";

pub const PROVIDERS: &str = "\
providers:
  - id: vnpt
    name: VNPT
    domestic: true
    assessed: true
";

impl Project {
    pub fn new() -> Self {
        let project = Project {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        std::fs::create_dir_all(project.path("inventories")).unwrap();
        std::fs::create_dir_all(project.path("policies")).unwrap();
        project
    }

    /// A project with one good agency, the small policy and a provider registry.
    pub fn good() -> Self {
        Project::new()
            .file("inventories/so-a.yaml", GOOD_AGENCY)
            .file("policies/test.yaml", GOOD_POLICY)
            .file("policies/providers.yaml", PROVIDERS)
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn file(self, relative: &str, content: impl AsRef<[u8]>) -> Self {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
        self
    }

    /// `cloudcensus ARGS` run inside the project folder, in an English
    /// locale whatever the machine's (reports follow LC_ALL / LANG).
    pub fn cmd(&self, args: &[&str]) -> Command {
        Command::from(self.process(args))
    }

    /// The same command as [`Project::cmd`], to be spawned and waited for
    /// (signalled, killed) by the test.
    pub fn process(&self, args: &[&str]) -> std::process::Command {
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("cloudcensus"));
        command
            .current_dir(self.dir.path())
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            // The scan history goes into the project, never the user's data,
            // and no config file of the user's is read.
            .env("XDG_DATA_HOME", self.dir.path().join(".data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join(".config"))
            .env_remove("CLOUDCENSUS_HISTORY")
            .env_remove("CLOUDCENSUS_CONFIG")
            .args(args);
        command
    }

    /// Runs `validate` and returns (exit code, stderr).
    pub fn validate(&self) -> (i32, String) {
        let output = self.cmd(&["validate"]).output().unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}

/// `command` with the locale variables set to English.
pub fn english(mut command: Command) -> Command {
    command
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    command
}

/// The repository root, where the shipped inventories and policies live.
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Asserts that `text` holds every one of `needles`, naming the first
/// missing one with the whole text.
pub fn assert_holds(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

/// Runs `command` and returns (exit code, stderr).
pub fn code_and_stderr(mut command: Command) -> (i32, String) {
    let output = command.output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `project` with the shipped web rules and provider registry as its only
/// policies (the probe rules without the inventory-only ones).
pub fn with_shipped_web_rules(project: Project) -> Project {
    let shipped = |name: &str| {
        std::fs::read(repo_root().join("policies").join(name)).expect("shipped policy")
    };
    project
        .file("policies/web.yaml", shipped("web.yaml"))
        .file("policies/providers.yaml", shipped("providers.yaml"))
}

/// Scans `project` online (`scan --format json` and `args`) and gives each
/// rule's outcome on the one place it applied: `pass`, `fail` or `unknown`.
pub fn scan_outcomes(project: &Project, args: &[&str]) -> impl Fn(&str) -> &'static str + use<> {
    let output = project
        .cmd(&[&["scan", "--format", "json"], args].concat())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let scan: serde_json::Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", String::from_utf8_lossy(&output.stderr)));
    move |rule: &str| {
        let rules = scan["rules"].as_array().expect("rules");
        let rule = rules
            .iter()
            .find(|r| r["id"] == rule)
            .unwrap_or_else(|| panic!("no {rule} in {stdout}"));
        let outcomes = &rule["outcomes"];
        ["pass", "fail", "unknown"]
            .into_iter()
            .find(|o| outcomes[o] == 1)
            .unwrap_or_else(|| panic!("{rule} in {stdout}"))
    }
}

/// LibreOffice's filter that writes every sheet of a workbook to a CSV of
/// its own: comma, double quote, UTF-8 (76), from line 1, then the
/// defaults; the last token, -1, means every sheet.
pub const ALL_SHEETS_CSV: &str =
    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";

/// `soffice --headless ARGS` run in `dir`, with a LibreOffice profile of
/// its own at `profile` (two runs sharing one wait on each other's lock).
/// Fails, never skips, without LibreOffice (.ci/run installs it), and when
/// LibreOffice reports an error.
pub fn soffice<S: AsRef<std::ffi::OsStr>>(dir: &Path, profile: &Path, args: &[S]) {
    let output = std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .arg("--headless")
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("LibreOffice (soffice) must be installed: .ci/run installs libreoffice-calc-nogui");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "soffice failed: {stderr}");
    assert!(!stderr.contains("Error"), "soffice: {stderr}");
}

/// Every sheet of `workbook` to a CSV of its own in `out`, by headless
/// LibreOffice with a profile of its own at `profile`; the CSVs' names,
/// sorted.
pub fn sheets_to_csv(workbook: &Path, out: &Path, profile: &Path) -> Vec<String> {
    let args = [
        "--convert-to".as_ref(),
        ALL_SHEETS_CSV.as_ref(),
        "--outdir".as_ref(),
        out.as_os_str(),
        workbook.as_os_str(),
    ];
    let dir = workbook.parent().unwrap_or(Path::new("."));
    soffice::<&std::ffi::OsStr>(dir, profile, &args);
    let mut files: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    files
}

/// `command` started through `launcher` (a shell that sets a limit first,
/// `runuser` for another user): the launcher's words, then `program` (the
/// command's own when `None`) and the command's arguments, with the
/// command's folder and environment.
pub fn through(
    launcher: &[&str],
    command: &std::process::Command,
    program: Option<&Path>,
) -> std::process::Command {
    let (first, rest) = launcher.split_first().expect("a launcher");
    let mut outer = std::process::Command::new(first);
    outer
        .args(rest)
        .arg(program.map_or(command.get_program(), Path::as_os_str))
        .args(command.get_args());
    if let Some(dir) = command.get_current_dir() {
        outer.current_dir(dir);
    }
    for (name, value) in command.get_envs() {
        match value {
            Some(value) => outer.env(name, value),
            None => outer.env_remove(name),
        };
    }
    outer
}
