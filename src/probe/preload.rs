//! HSTS preload status, from the snapshot of Chromium's preload list
//! shipped in `data/hsts-preload.json` (rebuilt by
//! `scripts/hsts-preload-snapshot.py`), filtered to the suffixes the
//! tool's users live under, with the public-suffix rules under them.
//!
//! pshtt's reading: a host is judged by its base domain (the registrable
//! domain: one label below its public suffix, e.g. `hue.gov.vn` for
//! `dichvucong.hue.gov.vn`, `gov.vn` being a public suffix). A host
//! outside the snapshot's suffixes gets no preload facts: the snapshot
//! does not know about it, which is not the same as "not preloaded".

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;

use super::facts::{Hsts, PreloadFacts};

/// What the preload list asks of a base domain's header (hstspreload.org's
/// submission requirements): a year, subdomains, and the `preload` token.
pub const PRELOAD_MIN_MAX_AGE: u64 = 31_536_000;

#[derive(Deserialize)]
struct Snapshot {
    suffixes: Vec<String>,
    preload_list: Source,
    preloaded: Vec<Entry>,
    public_suffixes: Vec<String>,
}

#[derive(Deserialize)]
struct Source {
    date: Option<String>,
}

#[derive(Deserialize)]
struct Entry {
    name: String,
    include_subdomains: bool,
}

/// The snapshot, indexed.
struct List {
    suffixes: Vec<String>,
    date: &'static str,
    /// Name -> includes subdomains.
    preloaded: HashMap<String, bool>,
    /// Public-suffix rules as the PSL writes them (`gov.vn`, `*.x.vn`,
    /// `!y.x.vn`).
    public_suffixes: std::collections::HashSet<String>,
}

static LIST: LazyLock<Option<List>> = LazyLock::new(|| {
    let text = include_str!("../../data/hsts-preload.json");
    let snapshot: Snapshot = serde_json::from_str(text).ok()?;
    let date: &'static str = Box::leak(
        snapshot
            .preload_list
            .date
            .unwrap_or_else(|| "?".into())
            .into_boxed_str(),
    );
    Some(List {
        suffixes: snapshot.suffixes,
        date,
        preloaded: snapshot
            .preloaded
            .into_iter()
            .map(|e| (e.name.to_ascii_lowercase(), e.include_subdomains))
            .collect(),
        public_suffixes: snapshot.public_suffixes.into_iter().collect(),
    })
});

/// The preload facts of `host`, with `hsts` what its first HTTPS response
/// said (`Some(None)`: no valid header; `None`: no HTTPS response, so
/// `preload_ready` is not known); `None` for a host outside the snapshot's
/// suffixes, an address, or a public suffix itself.
pub fn judge(host: &str, hsts: Option<Option<&Hsts>>) -> Option<PreloadFacts> {
    let list = LIST.as_ref()?;
    judge_in(list, host, hsts)
}

fn judge_in(list: &List, host: &str, hsts: Option<Option<&Hsts>>) -> Option<PreloadFacts> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        return None;
    }
    if !list
        .suffixes
        .iter()
        .any(|s| host.ends_with(&format!(".{s}")))
    {
        return None;
    }
    let base = base_domain(list, &host)?;
    let covered = |name: &str| -> bool {
        // The name itself, or a parent preloaded with its subdomains.
        list.preloaded.contains_key(name)
            || parents(name).any(|parent| list.preloaded.get(parent) == Some(&true))
    };
    let preload_ready = match hsts {
        Some(header) if host == base => Some(header.is_some_and(|h| {
            h.max_age >= PRELOAD_MIN_MAX_AGE && h.include_subdomains && h.preload
        })),
        _ => None,
    };
    Some(PreloadFacts {
        preloaded: covered(&host),
        base_preloaded: covered(&base),
        base_domain: base,
        preload_ready,
        list_date: Cow::Borrowed(list.date),
    })
}

/// `a.b.c` -> `b.c`, `c`.
fn parents(name: &str) -> impl Iterator<Item = &str> {
    name.match_indices('.').map(move |(i, _)| &name[i + 1..])
}

/// One label below the longest public suffix that matches (the PSL's
/// algorithm: exception rules win, wildcards match one label); `None` when
/// the host is a public suffix itself.
fn base_domain(list: &List, host: &str) -> Option<String> {
    let labels: Vec<&str> = host.split('.').collect();
    let mut suffix_len = 1; // the implicit `*` rule: the last label
    for start in 0..labels.len() {
        let candidate = labels[start..].join(".");
        let wildcard = if start + 1 < labels.len() {
            Some(format!("*.{}", labels[start + 1..].join(".")))
        } else {
            None
        };
        if list.public_suffixes.contains(&format!("!{candidate}")) {
            // An exception: the candidate is itself registrable.
            suffix_len = labels.len() - start - 1;
            break;
        }
        if list.public_suffixes.contains(&candidate)
            || wildcard.is_some_and(|w| list.public_suffixes.contains(&w))
        {
            suffix_len = suffix_len.max(labels.len() - start);
        }
    }
    (labels.len() > suffix_len).then(|| labels[labels.len() - suffix_len - 1..].join("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> List {
        List {
            suffixes: vec!["vn".into()],
            date: "2025-01-01",
            preloaded: [("kiengiang.gov.vn", true), ("only.vn", false)]
                .into_iter()
                .map(|(n, s)| (n.to_string(), s))
                .collect(),
            public_suffixes: ["vn", "gov.vn", "com.vn", "*.wild.vn", "!keep.wild.vn"]
                .into_iter()
                .map(String::from)
                .collect(),
        }
    }

    #[test]
    fn the_base_domain_is_one_label_below_the_public_suffix() {
        let list = list();
        assert_eq!(
            base_domain(&list, "dichvucong.hue.gov.vn").as_deref(),
            Some("hue.gov.vn")
        );
        assert_eq!(
            base_domain(&list, "hue.gov.vn").as_deref(),
            Some("hue.gov.vn")
        );
        assert_eq!(base_domain(&list, "gov.vn"), None);
        assert_eq!(
            base_domain(&list, "a.b.wild.vn").as_deref(),
            Some("a.b.wild.vn")
        );
        assert_eq!(
            base_domain(&list, "x.keep.wild.vn").as_deref(),
            Some("keep.wild.vn")
        );
    }

    #[test]
    fn a_host_is_preloaded_itself_or_under_a_parent_with_subdomains() {
        let list = list();
        let facts = judge_in(&list, "www.kiengiang.gov.vn", None).unwrap();
        assert!(facts.preloaded && facts.base_preloaded);
        assert_eq!(facts.base_domain, "kiengiang.gov.vn");
        assert_eq!(facts.preload_ready, None);
        // Preloaded without subdomains: the name only.
        assert!(judge_in(&list, "only.vn", None).unwrap().preloaded);
        assert!(!judge_in(&list, "www.only.vn", None).unwrap().preloaded);
        let hue = judge_in(&list, "dichvucong.hue.gov.vn", None).unwrap();
        assert!(!hue.preloaded && !hue.base_preloaded);
        // Outside the snapshot, an address: nothing known.
        assert!(judge_in(&list, "example.com", None).is_none());
        assert!(judge_in(&list, "127.0.0.1", None).is_none());
    }

    #[test]
    fn the_base_domain_is_ready_with_a_year_subdomains_and_preload() {
        let list = list();
        let hsts = |max_age, include_subdomains, preload| Hsts {
            max_age,
            include_subdomains,
            preload,
        };
        let ready = |h: Option<Hsts>| {
            judge_in(&list, "hue.gov.vn", Some(h.as_ref()))
                .unwrap()
                .preload_ready
        };
        assert_eq!(ready(Some(hsts(31_536_000, true, true))), Some(true));
        assert_eq!(ready(Some(hsts(31_536_000, true, false))), Some(false));
        assert_eq!(ready(Some(hsts(86_400, true, true))), Some(false));
        assert_eq!(ready(None), Some(false));
        // No HTTPS response at all: not known.
        let unseen = judge_in(&list, "hue.gov.vn", None).unwrap();
        assert_eq!(unseen.preload_ready, None);
    }

    #[test]
    fn the_shipped_snapshot_parses_and_covers_vietnam() {
        let list = LIST.as_ref().expect("data/hsts-preload.json parses");
        assert!(list.suffixes.contains(&"vn".to_string()));
        assert!(list.public_suffixes.contains("gov.vn"));
        assert!(list.date.len() == 10, "{}", list.date);
        assert!(judge("dichvucong.hue.gov.vn", None).is_some());
    }
}
