//! `cloudcensus init [DIR]`: the default policy pack, a small, valid
//! example inventory, ready for `validate` and `scan`, and a commented
//! config file.

use std::path::{Path, PathBuf};

use crate::cli::InitArgs;
use crate::error::{Error, Exit};
use crate::policy::pack;
use crate::report::{Labels, Lang};

/// What `init` writes besides the policy pack: a small, valid inventory
/// showing every part of the format, and every key of the config file,
/// explained, with the defaults commented out.
const INIT_FILES: &[(&str, &str)] = &[
    (
        "inventories/example-agency.yaml",
        include_str!("../../templates/init/inventories/example-agency.yaml"),
    ),
    (
        crate::config::FILE_NAME,
        include_str!("../../templates/init/cloudcensus.toml"),
    ),
];

pub fn run(args: &InitArgs, quiet: bool) -> Result<Exit, Error> {
    let mut files: Vec<(PathBuf, &str)> = INIT_FILES
        .iter()
        .map(|(path, text)| (args.dir.join(path), *text))
        .collect();
    files.extend(pack_files(&args.dir.join(pack::DEFAULT_FOLDER)));
    let exit = write_new_files(&files, args.force, quiet)?;
    if exit == Exit::Compliant && !quiet {
        let dir = args.dir.display().to_string();
        let labels = Labels::new(Lang::from_env());
        println!("{}", labels.with("init-next", &[("dir", dir.into())]));
    }
    Ok(exit)
}

/// The built-in pack's files, placed in `folder`.
pub(crate) fn pack_files(folder: &Path) -> Vec<(PathBuf, &'static str)> {
    pack::FILES
        .iter()
        .map(|(name, text)| (folder.join(name), *text))
        .collect()
}

/// Writes `files`, creating their folders. Unless `force`, none is written
/// when any already exists: each one in the way is named, and the exit is
/// 2.
pub(crate) fn write_new_files(
    files: &[(PathBuf, &str)],
    force: bool,
    quiet: bool,
) -> Result<Exit, Error> {
    // init and policies have no --lang: the locale says.
    let labels = Labels::new(Lang::from_env());
    if !force {
        let existing: Vec<_> = files.iter().filter(|(path, _)| path.exists()).collect();
        if !existing.is_empty() {
            // Every file in the way at once, not the first only.
            for (path, _) in existing {
                let path = path.display().to_string();
                eprintln!("{}", labels.with("init-exists", &[("path", path.into())]));
            }
            return Ok(Exit::BadInput);
        }
    }
    for (path, text) in files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
        if !quiet {
            let path = path.display().to_string();
            println!("{}", labels.with("init-created", &[("path", path.into())]));
        }
    }
    Ok(Exit::Compliant)
}
