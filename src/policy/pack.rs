//! The default policy pack, compiled into the binary: the files of the
//! repository's `policies/` folder, byte for byte (a test compares them),
//! so that someone who installs only the binary has the pack too. `scan`
//! and `validate` use it when there is no `policies/` folder and no
//! `--policies`; `init` and `cloudcensus policies` write it out.
//!
//! Diagnostics name its files `<built-in>/NAME` (no such file exists: the
//! angle brackets say so, as compilers name their built-in sources), and
//! the record's policy digest is the same as for the same files on disk
//! ([`digest`] names each file relative to the folder it was found in).

use std::path::{Path, PathBuf};

use crate::yaml::SourceText;

/// The folder `scan` and `validate` read when no `--policies` is given.
pub const DEFAULT_FOLDER: &str = "policies";

/// How diagnostics and reports name the built-in pack's folder.
pub const BUILT_IN_FOLDER: &str = "<built-in>";

/// Every file of the pack, by name, in file-name order: the policy files,
/// the provider registry, and the README that documents each rule.
pub const FILES: &[(&str, &str)] = &[
    ("README.md", include_str!("../../policies/README.md")),
    (
        "cloud-adoption.yaml",
        include_str!("../../policies/cloud-adoption.yaml"),
    ),
    ("mail.yaml", include_str!("../../policies/mail.yaml")),
    (
        "providers.yaml",
        include_str!("../../policies/providers.yaml"),
    ),
    (
        "public-services.yaml",
        include_str!("../../policies/public-services.yaml"),
    ),
    (
        "security.yaml",
        include_str!("../../policies/security.yaml"),
    ),
    ("web.yaml", include_str!("../../policies/web.yaml")),
];

/// The pack's YAML files as sources, named `<built-in>/NAME`.
pub fn sources() -> Vec<SourceText> {
    FILES
        .iter()
        .filter(|(name, _)| is_yaml(Path::new(name)))
        .map(|(name, text)| SourceText {
            path: Path::new(BUILT_IN_FOLDER).join(name),
            text: (*text).to_string(),
        })
        .collect()
}

pub fn is_yaml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext == "yaml" || ext == "yml")
}

/// SHA-256 over each policy file's name and text, the files sorted by
/// name. A file's name is its path below the folder it was found in (its
/// file name when it was given itself), so `policies`, `./policies`,
/// `/srv/x/policies` and the built-in pack give one digest for the same
/// files (see [`crate::digest`]).
pub fn digest(files: &[(PathBuf, &str)]) -> String {
    crate::digest::of_files(files.iter().map(|(name, text)| (name.clone(), *text)))
}

pub use crate::digest::name_below;

#[cfg(test)]
mod tests {
    use super::*;

    fn folder() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_FOLDER)
    }

    /// The pack never drifts from `policies/`: the same files, byte for
    /// byte, and no file of the folder left out.
    #[test]
    fn the_built_in_pack_is_the_policies_folder() {
        let mut on_disk: Vec<String> = std::fs::read_dir(folder())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let built_in: Vec<&str> = FILES.iter().map(|(name, _)| *name).collect();
        assert_eq!(built_in, on_disk, "add the file to policy::pack::FILES");
        for (name, text) in FILES {
            let disk = std::fs::read(folder().join(name)).unwrap();
            assert!(
                disk == text.as_bytes(),
                "{name} differs from policies/{name}"
            );
        }
    }

    #[test]
    fn names_are_relative_to_the_folder_given() {
        let roots = [PathBuf::from("./policies"), PathBuf::from("extra.yaml")];
        assert_eq!(
            name_below(Path::new("./policies/web/tls.yaml"), &roots),
            PathBuf::from("web/tls.yaml")
        );
        assert_eq!(
            name_below(Path::new("extra.yaml"), &roots),
            PathBuf::from("extra.yaml")
        );
        assert_eq!(
            name_below(Path::new("/elsewhere/p.yaml"), &roots),
            PathBuf::from("p.yaml")
        );
        // The order files come in does not matter.
        let a = (PathBuf::from("a.yaml"), "x");
        let b = (PathBuf::from("b.yaml"), "y");
        assert_eq!(
            digest(&[a.clone(), b.clone()]),
            digest(&[b.clone(), a.clone()])
        );
        assert_ne!(digest(&[a]), digest(&[b]));
    }
}
