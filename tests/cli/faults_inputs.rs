//! Inputs too big to be careless about: a 1 GB inventory file is refused
//! before it is read (the per-file limit, 256 MiB), with `file: error:`
//! and a hint, beside the other files' errors; a folder of 100,000 tiny
//! files loads, each file's mistake placed (BENCHMARKS.md has the time
//! and memory of the load).

use std::time::{Duration, Instant};

use crate::common::{GOOD_AGENCY, Project, assert_holds, code_and_stderr};

#[test]
fn a_1_gb_inventory_file_is_refused_before_it_is_read_with_the_others_errors() {
    let project = Project::good().file("inventories/so-b.yaml", "agency: {id: BAD}\n");
    // Sparse: 1 GiB long, no block written, whatever the disk's room.
    let big = std::fs::File::create(project.path("inventories/huge.yaml")).unwrap();
    big.set_len(1 << 30).unwrap();
    drop(big);
    let (code, stderr) = code_and_stderr(project.cmd(&["validate"]));
    std::fs::remove_file(project.path("inventories/huge.yaml")).unwrap();
    assert_eq!(code, 2, "{stderr}");
    assert_holds(
        &stderr,
        &[
            "inventories/huge.yaml: error: file is 1024 MiB, more than the 256 MiB limit",
            "hint: ",
            // The other file's mistakes are still reported.
            "inventories/so-b.yaml:1:",
        ],
    );
}

#[test]
fn a_folder_of_100000_tiny_files_loads_and_places_each_mistake() {
    let project = Project::good();
    let folder = project.path("inventories");
    std::fs::remove_file(folder.join("so-a.yaml")).unwrap();
    for n in 0..100_000 {
        let text = format!(
            "agency: {{ id: a{n}, name: A{n}, kind: commune }}\nsystems:\n  - id: s\n    name: S\n    criticality: low\n    hosting: {{ model: gov-cloud }}\n"
        );
        std::fs::write(folder.join(format!("a{n:06}.yaml")), text).unwrap();
    }
    // Two mistakes among them: a duplicate agency id and an unknown key.
    std::fs::write(
        folder.join("a099998.yaml"),
        "agency: { id: a5, name: Again, kind: commune }\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("z.yaml"),
        GOOD_AGENCY.replace("criticality", "critically"),
    )
    .unwrap();

    let started = Instant::now();
    let (code, stderr) = code_and_stderr(project.cmd(&["validate"]));
    // A hang guard, not a speed test (BENCHMARKS.md has the figures).
    assert!(
        started.elapsed() < Duration::from_secs(300),
        "validate hung"
    );
    assert_eq!(code, 2, "{stderr}");
    assert_holds(
        &stderr,
        &[
            "inventories/a099998.yaml:1:",
            "a5",
            "inventories/z.yaml:",
            "critically",
        ],
    );
    assert!(
        stderr.lines().count() < 40,
        "only the mistakes are said:\n{stderr}"
    );
}
