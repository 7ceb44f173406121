//! `cloudcensus init [DIR]`: a small, valid example of every file kind,
//! and a commented config file.

use std::path::PathBuf;

use crate::cli::InitArgs;
use crate::error::{Error, Exit};

/// The example `init` writes: small, valid, and showing every part of the format.
const INIT_FILES: &[(&str, &str)] = &[
    (
        "inventories/example-agency.yaml",
        include_str!("../../templates/init/inventories/example-agency.yaml"),
    ),
    (
        "policies/example-policy.yaml",
        include_str!("../../templates/init/policies/example-policy.yaml"),
    ),
    (
        "policies/providers.yaml",
        include_str!("../../templates/init/policies/providers.yaml"),
    ),
    // Every key of the config file, explained; the defaults commented out.
    (
        crate::config::FILE_NAME,
        include_str!("../../templates/init/cloudcensus.toml"),
    ),
];

pub fn run(args: &InitArgs, quiet: bool) -> Result<Exit, Error> {
    let targets: Vec<(PathBuf, &str)> = INIT_FILES
        .iter()
        .map(|(path, text)| (args.dir.join(path), *text))
        .collect();
    if !args.force {
        let existing: Vec<_> = targets.iter().filter(|(path, _)| path.exists()).collect();
        if !existing.is_empty() {
            // Every file in the way at once, not the first only.
            for (path, _) in existing {
                eprintln!(
                    "error: {} already exists (use --force to overwrite)",
                    path.display()
                );
            }
            return Ok(Exit::BadInput);
        }
    }
    for (path, text) in &targets {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
        if !quiet {
            println!("created {}", path.display());
        }
    }
    if !quiet {
        println!(
            "next: cd {} && cloudcensus validate && cloudcensus scan --offline",
            args.dir.display()
        );
    }
    Ok(Exit::Compliant)
}
