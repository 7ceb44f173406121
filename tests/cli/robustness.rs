//! No input makes the loaders or the rule compiler panic: the shipped files
//! and expressions, mutated byte by byte with a fixed seed, must always
//! come back as a value or a diagnostic.

use cloudcensus::diagnostics::Diagnostics;
use cloudcensus::policy::compile::{Scope, compile};

use crate::common::{GOOD_AGENCY, GOOD_POLICY, Project};

/// splitmix64: a tiny deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const INTERESTING: &[&[u8]] = &[
    b"\n",
    b"\t",
    b": ",
    b"- ",
    b"&a ",
    b"*a",
    b"[",
    b"{",
    b"'",
    b"\"",
    b"#",
    b"---\n",
    b"!!binary ",
    b"\xff",
    b"\xc3",
    b"<<: *a",
    b"999999999999999999999",
    b"-1",
    b"~",
    b"%YAML 1.1\n",
    b"? ",
];

fn mutate(rng: &mut Rng, text: &[u8]) -> Vec<u8> {
    let mut bytes = text.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(4) {
            0 if !bytes.is_empty() => {
                let end = (at + rng.below(20)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            1 => {
                let piece = INTERESTING[rng.below(INTERESTING.len())];
                bytes.splice(at..at, piece.iter().copied());
            }
            2 if at < bytes.len() => bytes[at] = rng.next() as u8,
            _ => bytes.truncate(at),
        }
    }
    bytes
}

#[test]
fn mutated_inventories_never_panic() {
    let project = Project::new();
    let path = project.path("inventories/fuzz.yaml");
    let mut rng = Rng(7);
    for _ in 0..400 {
        std::fs::write(&path, mutate(&mut rng, GOOD_AGENCY.as_bytes())).unwrap();
        let mut diagnostics = Diagnostics::default();
        let inventory = cloudcensus::inventory::load(std::slice::from_ref(&path), &mut diagnostics);
        let providers = cloudcensus::inventory::validate::Providers {
            ids: &["vnpt"],
            built_in: false,
        };
        let coverage = cloudcensus::inventory::validate::Coverage {
            whole: true,
            strict: false,
        };
        cloudcensus::inventory::validate::validate(
            &inventory,
            Some(providers),
            coverage,
            &mut diagnostics,
        );
        for diagnostic in diagnostics.iter() {
            assert!(
                diagnostic.location.file.ends_with("fuzz.yaml"),
                "{diagnostic}"
            );
        }
    }
}

#[test]
fn mutated_policies_never_panic() {
    let project = Project::new();
    let path = project.path("policies/fuzz.yaml");
    let mut rng = Rng(11);
    for _ in 0..300 {
        std::fs::write(&path, mutate(&mut rng, GOOD_POLICY.as_bytes())).unwrap();
        let mut diagnostics = Diagnostics::default();
        let _ = cloudcensus::policy::load(std::slice::from_ref(&path), &mut diagnostics);
    }
}

#[test]
fn mutated_expressions_never_panic_the_compiler() {
    let seeds = [
        "system.hosting.model in ['gov-cloud', 'saas'] && has(system.migration)",
        "system.endpoints.all(e, e.scheme == 'https') || size(system.tags) > 2",
        "probe.cert.days_left >= 30 ? true : probe.?tls.orValue({}).version == '1.3'",
    ];
    let mut rng = Rng(3);
    for _ in 0..2000 {
        let seed = seeds[rng.below(seeds.len())];
        let mutated = mutate(&mut rng, seed.as_bytes());
        let text = String::from_utf8_lossy(&mutated);
        let _ = compile(&text, Scope::Endpoint);
    }
}
