//! The fuzz targets without nightly (FUZZING.md): every file of each
//! target's corpus in `fuzz/corpus/TARGET/` is run through the same
//! function the libFuzzer target calls, then a bounded number of seeded
//! mutations of them (byte flips, insertions, deletions, repeats,
//! splices of two inputs, words of the target's dictionary). A crash
//! found once stays fixed; an input that panics is saved under
//! `fuzz/artifacts/TARGET/` and named in the failure.
//!
//! `CLOUDCENSUS_FUZZ_SEED` changes the mutations (default a fixed seed,
//! so a run is repeatable) and `CLOUDCENSUS_FUZZ_MUTATIONS` their number
//! per target.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use cloudcensus::fuzzing;

use crate::common::repo_root;

/// Mutated inputs run per target by default.
const MUTATIONS: usize = 500;

fn corpus_of(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let folder = repo_root().join("fuzz/corpus").join(target);
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}: every target needs a corpus", folder.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: an empty corpus", folder.display());
    files
}

/// The words of `fuzz/dict/TARGET.dict` (libFuzzer's format: one
/// `"word"` a line, `\"`, `\\` and `\xNN` escaped).
fn dictionary_of(target: &str) -> Vec<Vec<u8>> {
    let path = repo_root().join("fuzz/dict").join(format!("{target}.dict"));
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|line| {
            let quoted = line.trim().strip_prefix('"')?.strip_suffix('"')?;
            let mut word = Vec::new();
            let mut bytes = quoted.bytes();
            while let Some(b) = bytes.next() {
                match (b, bytes.clone().next()) {
                    (b'\\', Some(b'x')) => {
                        bytes.next();
                        let hex: String = bytes.by_ref().take(2).map(char::from).collect();
                        word.push(u8::from_str_radix(&hex, 16).ok()?);
                    }
                    (b'\\', Some(escaped)) => {
                        bytes.next();
                        word.push(escaped);
                    }
                    _ => word.push(b),
                }
            }
            Some(word)
        })
        .collect()
}

/// One to four random edits of `input`.
fn mutate(rng: &mut fastrand::Rng, input: &[u8], other: &[u8], words: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..rng.usize(1..=4) {
        let at = rng.usize(..=out.len());
        match rng.u8(..7) {
            0 if !out.is_empty() => {
                let i = rng.usize(..out.len());
                out[i] ^= 1 << rng.u8(..8);
            }
            1 => out.insert(at, rng.u8(..)),
            2 if at < out.len() => {
                let end = (at + rng.usize(1..=16)).min(out.len());
                out.drain(at..end);
            }
            3 if at < out.len() => {
                let end = (at + rng.usize(1..=64)).min(out.len());
                let piece = out[at..end].to_vec();
                for _ in 0..rng.usize(1..=8) {
                    out.splice(at..at, piece.iter().copied());
                }
            }
            4 if !other.is_empty() => {
                let from = rng.usize(..other.len());
                let end = (from + rng.usize(1..=256)).min(other.len());
                out.splice(at..at, other[from..end].iter().copied());
            }
            5 if !words.is_empty() => {
                let word = &words[rng.usize(..words.len())];
                out.splice(at..at, word.iter().copied());
            }
            _ if !out.is_empty() => {
                let i = rng.usize(..out.len());
                out[i] = *b"\0\n\r \"':-[]{}<>&;=,\xff"
                    .get(rng.usize(..17))
                    .unwrap_or(&0);
            }
            _ => out.push(rng.u8(..)),
        }
    }
    out
}

/// Runs `target` on `input`; a panic saves the input and fails, naming it.
fn run_one(name: &str, target: fn(&[u8]), input: &[u8], what: &str) {
    if catch_unwind(AssertUnwindSafe(|| target(input))).is_err() {
        let folder = repo_root().join("fuzz/artifacts").join(name);
        std::fs::create_dir_all(&folder).unwrap();
        let digest: u64 = input.iter().fold(0xcbf29ce484222325, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
        });
        let saved = folder.join(format!("crash-replay-{digest:016x}"));
        std::fs::write(&saved, input).unwrap();
        panic!(
            "fuzz target {name} panicked on {what}; the input is in {}",
            saved.display()
        );
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn replay(name: &str) {
    let target = fuzzing::target(name).unwrap();
    let corpus = corpus_of(name);
    for (path, bytes) in &corpus {
        run_one(name, target, bytes, &path.display().to_string());
    }
    let words = dictionary_of(name);
    let seed = env_number("CLOUDCENSUS_FUZZ_SEED", 17);
    let count = env_number("CLOUDCENSUS_FUZZ_MUTATIONS", MUTATIONS as u64);
    let mut rng = fastrand::Rng::with_seed(seed ^ name.len() as u64);
    for n in 0..count {
        let (_, input) = &corpus[rng.usize(..corpus.len())];
        let (_, other) = &corpus[rng.usize(..corpus.len())];
        let mutated = mutate(&mut rng, input, other, &words);
        let what = format!("mutation {n} of seed {seed}");
        run_one(name, target, &mutated, &what);
    }
    fuzzing::clean_up_thread();
}

#[test]
fn every_target_has_a_corpus_and_a_replay() {
    let targets: Vec<&str> = fuzzing::TARGETS.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        targets, REPLAYED,
        "each target in src/fuzzing.rs is replayed here"
    );
    for name in targets {
        let file = repo_root()
            .join("fuzz/fuzz_targets")
            .join(format!("{name}.rs"));
        // The libFuzzer target runs the same function (stable CI cannot
        // build it: it needs nightly).
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let call = format!("cloudcensus::fuzzing::{name}(data)");
        assert!(
            text.contains(&call),
            "{} does not call {call}",
            file.display()
        );
        corpus_of(name);
    }
}

macro_rules! replays {
    ($($name:ident),* $(,)?) => {
        const REPLAYED: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                replay(stringify!($name));
            }
        )*
    };
}

replays! {
    inventory,
    policy,
    cel_eval,
    http_response,
    tls_flight,
    spf,
    dmarc,
    security_txt,
    workbook_xlsx,
    workbook_csv,
    history,
    config,
}
