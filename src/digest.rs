//! The SHA-256 digests the record keeps of its inputs, so that the next
//! scan tells a changed rule or inventory from a real fix: of a set of
//! files (named by their path below the folder they were found in, so
//! `inventories`, `./inventories/` and an absolute path give the same
//! digest, and the built-in policy pack the same as its files on disk),
//! and of a few texts (what decides a rule's outcomes). Lowercase hex.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The digest of `files` (name, text), in any order: sorted by name, each
/// name and text ended by a zero byte.
pub fn of_files<'a>(files: impl IntoIterator<Item = (PathBuf, &'a str)>) -> String {
    let mut named: Vec<(String, &str)> = files
        .into_iter()
        .map(|(name, text)| (name.to_string_lossy().replace('\\', "/"), text))
        .collect();
    named.sort();
    let mut hasher = Sha256::new();
    for (name, text) in named {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        hasher.update([0]);
    }
    hex(&hasher.finalize())
}

/// The digest of `parts`, in order.
pub fn of_parts(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hex(&hasher.finalize())
}

/// The digest of `bytes`, e.g. a certificate's DER (its fingerprint).
pub fn of_bytes(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// `bytes` as lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut text, byte| {
            let _ = write!(text, "{byte:02x}"); // writing to a String cannot fail
            text
        })
}

/// The name [`of_files`] gives `file`: its path below the first of `roots`
/// that holds it (a root given as `./x` holds `x/...` too), else its file
/// name.
pub fn name_below(file: &Path, roots: &[PathBuf]) -> PathBuf {
    // `./x/` and `x` are one folder.
    let plain = |path: &Path| -> PathBuf {
        path.components()
            .filter(|part| *part != std::path::Component::CurDir)
            .collect()
    };
    let file = plain(file);
    roots
        .iter()
        .find_map(|root| file.strip_prefix(plain(root)).ok())
        .filter(|below| !below.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .or_else(|| file.file_name().map(PathBuf::from))
        .unwrap_or(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// However the folder is written, a file has the same name; the order
    /// of the files does not matter, their names and texts do.
    #[test]
    fn names_and_order() {
        let roots = [PathBuf::from("./inventories/")];
        assert_eq!(
            name_below(Path::new("inventories/so-yte.yaml"), &roots),
            PathBuf::from("so-yte.yaml")
        );
        assert_eq!(
            name_below(Path::new("./inventories/x/so-yte.yaml"), &roots),
            PathBuf::from("x/so-yte.yaml")
        );
        assert_eq!(
            name_below(Path::new("/elsewhere/p.yaml"), &roots),
            PathBuf::from("p.yaml")
        );
        let a = (PathBuf::from("a.yaml"), "one");
        let b = (PathBuf::from("b.yaml"), "two");
        assert_eq!(
            of_files([a.clone(), b.clone()]),
            of_files([b.clone(), a.clone()])
        );
        assert_ne!(
            of_files([a.clone()]),
            of_files([(PathBuf::from("c.yaml"), "one")])
        );
        assert_ne!(of_parts(&["ab", "c"]), of_parts(&["a", "bc"]));
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}
