//! The default policy pack built into the binary (issue 12, item 6), and
//! an agency checking its own file alone (issue 12, item 4).

use predicates::prelude::*;
use serde_json::Value;

use crate::common::{GOOD_AGENCY, Project, repo_root};

/// The names and bytes of the files in `folder`, sorted.
fn files_of(folder: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            (
                entry.file_name().to_string_lossy().into_owned(),
                std::fs::read(entry.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// A folder with no `inventories/` and no `policies/`.
fn bare() -> Project {
    let project = Project::new();
    std::fs::remove_dir_all(project.path("inventories")).unwrap();
    std::fs::remove_dir_all(project.path("policies")).unwrap();
    project
}

fn policy_digest(project: &Project, args: &[&str]) -> String {
    let mut all = vec!["scan", "--offline", "--no-history", "--format", "json"];
    all.extend(args);
    let output = project.cmd(&all).output().unwrap();
    assert!(output.status.code().is_some_and(|c| c <= 1), "{output:?}");
    let record: Value = serde_json::from_slice(&output.stdout).unwrap();
    record["inputs"]["policy_digest"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn init_in_an_empty_folder_writes_the_whole_pack_and_a_working_example() {
    let project = bare();
    project
        .cmd(&["init"])
        .assert()
        .success()
        .stdout(predicate::str::contains("created"));
    assert_eq!(
        files_of(&project.path("policies")),
        files_of(&repo_root().join("policies"))
    );
    // The new folder has its own policies/: no word of the built-in pack.
    project
        .cmd(&["validate"])
        .assert()
        .code(0)
        .stderr(predicate::str::is_empty());
    let output = project
        .cmd(&[
            "scan",
            "--offline",
            "--no-history",
            "--as-of",
            "2026-11-25",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(output.status.code().is_some_and(|c| c <= 1), "{output:?}");
    let scan: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(scan["totals"]["systems"], 2);
    assert_eq!(scan["rules"].as_array().unwrap().len(), 42);
    // The example's hospital system is the one the shipped waiver names.
    assert_eq!(scan["waivers"][0]["state"], "active");
    assert_eq!(scan["waivers"][0]["matched"], 1);
}

#[test]
fn without_a_policies_folder_the_built_in_pack_is_used_and_said_once() {
    let project = bare().file("inventories/so-a.yaml", GOOD_AGENCY);
    let output = project.cmd(&["validate"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("using the policy pack built into cloudcensus"));
    assert!(String::from_utf8_lossy(&output.stdout).contains("42 rules"));
    // In Vietnamese with the locale, and not at all with --quiet.
    project
        .cmd(&["validate"])
        .env("LANG", "vi_VN.UTF-8")
        .assert()
        .code(0)
        .stderr(predicate::str::contains("bộ chính sách có sẵn"));
    project
        .cmd(&[
            "scan",
            "--offline",
            "--no-history",
            "--quiet",
            "--lang",
            "vi",
        ])
        .assert()
        .stderr(predicate::str::is_empty());
    // The same digest as the same files on disk, however they are named.
    let built_in = policy_digest(&project, &[]);
    let shipped = repo_root().join("policies");
    assert_eq!(
        built_in,
        policy_digest(&project, &["--policies", shipped.to_str().unwrap()])
    );
    project.cmd(&["policies", "written"]).assert().success();
    assert_eq!(
        built_in,
        policy_digest(&project, &["--policies", "written"])
    );
    assert_eq!(
        built_in,
        policy_digest(&project, &["--policies", "./written/"])
    );
}

#[test]
fn a_missing_policies_path_given_is_still_an_error() {
    let project = bare().file("inventories/so-a.yaml", GOOD_AGENCY);
    project
        .cmd(&["validate", "--policies", "policy"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "policy: error: no such file or folder",
        ));
}

#[test]
fn policies_writes_the_pack_out_and_overwrites_only_with_force() {
    let project = bare();
    project
        .cmd(&["policies"])
        .assert()
        .success()
        .stdout(predicate::str::contains("created policies/security.yaml"));
    assert_eq!(
        files_of(&project.path("policies")),
        files_of(&repo_root().join("policies"))
    );
    std::fs::write(project.path("policies/web.yaml"), "# mine\n").unwrap();
    project
        .cmd(&["policies"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "policies/web.yaml already exists (use --force to overwrite)",
        ));
    assert_eq!(
        std::fs::read_to_string(project.path("policies/web.yaml")).unwrap(),
        "# mine\n"
    );
    project.cmd(&["policies", "--force"]).assert().success();
    assert_eq!(
        files_of(&project.path("policies")),
        files_of(&repo_root().join("policies"))
    );
}

/// An agency's own file, in a folder of its own, naming a parent that is
/// in another agency's file and a provider the built-in registry lacks.
fn agency_alone() -> Project {
    let text = GOOD_AGENCY
        .replace(
            "kind: department\n",
            "kind: department\n  parent: vp-ubnd\n",
        )
        .replace(
            "      model: on-premises\n",
            "      model: private-cloud\n      provider: so-a-dc\n",
        );
    bare().file("myagency.yaml", text)
}

#[test]
fn an_agency_validates_its_one_file_alone() {
    let project = agency_alone();
    let output = project
        .cmd(&["validate", "myagency.yaml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    for needle in [
        "myagency.yaml:5:3: warning: parent agency `vp-ubnd` is not among the files given; it is checked when the whole inventory is validated",
        "myagency.yaml:25:7: warning: hosting provider `so-a-dc` is not among the files given",
    ] {
        assert!(stderr.contains(needle), "missing {needle:?} in:\n{stderr}");
    }
    assert!(!stderr.contains("error"), "{stderr}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("ok: 1 agencies"));

    // --strict makes them errors.
    let output = project
        .cmd(&["validate", "--strict", "myagency.yaml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("myagency.yaml:5:3: error: parent agency `vp-ubnd`"));
    assert!(stderr.contains("2 error(s), 0 warning(s)"), "{stderr}");
}

#[test]
fn an_agency_file_of_the_shipped_province_validates_from_anywhere() {
    // `parent: so-khcn` is in another agency's file.
    let file = repo_root().join("inventories/hueioc.yaml");
    bare()
        .cmd(&["validate", file.to_str().unwrap()])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "hueioc.yaml:7:3: warning: parent agency `so-khcn` is not among the files given",
        ));
    // From the repository root too, with its policies/.
    let mut command =
        crate::common::english(assert_cmd::Command::cargo_bin("cloudcensus").unwrap());
    command
        .current_dir(repo_root())
        .args(["validate", "inventories/hueioc.yaml"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("warning: parent agency `so-khcn`"));
}

#[test]
fn the_whole_inventory_stays_strict_about_references() {
    let project = agency_alone();
    std::fs::create_dir_all(project.path("inventories")).unwrap();
    std::fs::rename(
        project.path("myagency.yaml"),
        project.path("inventories/myagency.yaml"),
    )
    .unwrap();
    let (code, stderr) = project.validate();
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("error: unknown parent agency `vp-ubnd`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: unknown hosting provider `so-a-dc`"),
        "{stderr}"
    );
}
