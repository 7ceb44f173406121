//! SPF records (RFC 7208): which TXT records are SPF, the terms of one
//! parsed strictly (an unknown mechanism, a bad address or CIDR length, a
//! bad macro, a modifier given twice: a permerror, as a receiver sees it),
//! and the DNS lookups evaluating it costs, included records counted in.
//!
//! Written here rather than taken from `mail-auth`: its parser keeps the
//! terms as evaluation structures (macro trees, bit masks), so the text of
//! each mechanism would have to be rebuilt, and its DMARC side (which this
//! module's sibling needs) follows DMARCbis, dropping `pct` and folding an
//! absent `sp` into `p`. The grammar is small; the tests below feed it
//! hostile records.

use std::collections::VecDeque;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::facts::{SpfError, SpfFacts};
use super::records::{TxtAnswer, TxtSource, cleaned, version_records};
use crate::probe::facts::DnsError;

/// RFC 7208 4.6.4: evaluating a record may cost at most 10 lookups.
pub const LOOKUP_LIMIT: u32 = 10;

/// A record longer than this is not parsed (real ones are a few hundred
/// characters; a TXT answer can be 64 KiB).
pub const RECORD_CHARS: usize = 2048;

/// Whether a TXT record's text is an SPF record: `v=spf1` alone or
/// followed by a space (RFC 7208 4.5), in any case.
pub fn is_spf(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 6
        && bytes[..6].eq_ignore_ascii_case(b"v=spf1")
        && (bytes.len() == 6 || bytes[6] == b' ')
}

/// One record, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpfRecord {
    /// Each term as written, lower case.
    pub terms: Vec<String>,
    /// The qualifier of the `all` mechanism, when there is one.
    pub all: Option<char>,
    /// The domain-specs `include:` names, in order (before `all` only).
    pub includes: Vec<String>,
    /// `redirect=`'s domain-spec (ignored when there is an `all`).
    pub redirect: Option<String>,
    /// The mechanisms that cost a lookup: include, a, mx, ptr, exists
    /// (those before `all`: the ones after it are never evaluated).
    pub lookup_mechanisms: u32,
}

impl SpfRecord {
    /// Lookups this record costs by itself, redirect included.
    pub fn own_lookups(&self) -> u32 {
        self.lookup_mechanisms + u32::from(self.followed_redirect().is_some())
    }

    /// The redirect a receiver follows: none when the record has `all`
    /// (RFC 7208 6.1).
    pub fn followed_redirect(&self) -> Option<&str> {
        match self.all {
            Some(_) => None,
            None => self.redirect.as_deref(),
        }
    }
}

/// Parses an SPF record (`v=spf1 ...`); the error is a sentence naming the
/// term at fault.
pub fn parse(record: &str) -> Result<SpfRecord, String> {
    if record.chars().count() > RECORD_CHARS {
        return Err(format!(
            "the record is longer than {RECORD_CHARS} characters"
        ));
    }
    if !is_spf(record) {
        return Err("the record does not start with v=spf1".into());
    }
    let mut parsed = SpfRecord {
        terms: Vec::new(),
        all: None,
        includes: Vec::new(),
        redirect: None,
        lookup_mechanisms: 0,
    };
    let mut explanation = false;
    // Terms are separated by spaces only (RFC 7208 4.6.1): a tab or a
    // line break inside the record is part of a term, and makes it bad.
    for term in record[6..].split(' ').filter(|t| !t.is_empty()) {
        let lower = term.to_ascii_lowercase();
        let bad = |why: &str| format!("`{}`: {why}", shown(term));
        if let Some((name, value)) = modifier(&lower) {
            match name {
                "redirect" => {
                    if parsed.redirect.is_some() {
                        return Err(bad("redirect= given twice"));
                    }
                    domain_spec(value).map_err(|why| bad(&why))?;
                    parsed.redirect = Some(value.to_string());
                }
                "exp" => {
                    if explanation {
                        return Err(bad("exp= given twice"));
                    }
                    domain_spec(value).map_err(|why| bad(&why))?;
                    explanation = true;
                }
                // Unknown modifiers are ignored (RFC 7208 6), but their
                // value must still be a macro string.
                _ => {
                    macro_string(value, false).map_err(|why| bad(&why))?;
                }
            }
            parsed.terms.push(lower);
            continue;
        }
        // Mechanisms after `all` are never evaluated (RFC 7208 5.1): their
        // syntax is checked, their lookups neither counted nor made.
        let evaluated = parsed.all.is_none();
        let (qualifier, body) = match lower.chars().next() {
            Some(q @ ('+' | '-' | '~' | '?')) => (q, &lower[1..]),
            _ => ('+', lower.as_str()),
        };
        let (name, argument) = match body.find([':', '/']) {
            Some(at) => (&body[..at], Some(&body[at..])),
            None => (body, None),
        };
        match (name, argument) {
            ("all", None) => {
                if parsed.all.is_none() {
                    parsed.all = Some(qualifier);
                }
            }
            ("include" | "exists", Some(argument)) if argument.starts_with(':') => {
                domain_spec(&argument[1..]).map_err(|why| bad(&why))?;
                if evaluated {
                    if name == "include" {
                        parsed.includes.push(argument[1..].to_string());
                    }
                    parsed.lookup_mechanisms += 1;
                }
            }
            ("a" | "mx", argument) => {
                let rest = argument.unwrap_or("");
                let (spec, cidr) = match rest.find('/') {
                    Some(at) => (&rest[..at], &rest[at..]),
                    None => (rest, ""),
                };
                if let Some(spec) = spec.strip_prefix(':') {
                    domain_spec(spec).map_err(|why| bad(&why))?;
                } else if !spec.is_empty() {
                    return Err(bad("a domain must follow a colon"));
                }
                dual_cidr(cidr).map_err(|why| bad(&why))?;
                parsed.lookup_mechanisms += u32::from(evaluated);
            }
            ("ptr", argument) => {
                match argument {
                    None => {}
                    Some(spec) if spec.starts_with(':') => {
                        domain_spec(&spec[1..]).map_err(|why| bad(&why))?;
                    }
                    Some(_) => return Err(bad("ptr takes no CIDR length")),
                }
                parsed.lookup_mechanisms += u32::from(evaluated);
            }
            ("ip4", Some(argument)) if argument.starts_with(':') => {
                network::<Ipv4Addr>(&argument[1..], 32).map_err(|why| bad(&why))?;
            }
            ("ip6", Some(argument)) if argument.starts_with(':') => {
                network::<Ipv6Addr>(&argument[1..], 128).map_err(|why| bad(&why))?;
            }
            ("all" | "include" | "exists" | "ip4" | "ip6", _) => {
                return Err(bad("malformed argument"));
            }
            _ => return Err(bad("unknown mechanism")),
        }
        parsed.terms.push(lower);
    }
    Ok(parsed)
}

/// A term, cut for a message.
fn shown(term: &str) -> String {
    crate::text::clean_text(term, 60)
}

/// `name=value` with a modifier's name (ALPHA *(ALPHA / DIGIT / - _ .)).
fn modifier(term: &str) -> Option<(&str, &str)> {
    let (name, value) = term.split_once('=')?;
    let mut chars = name.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    valid.then_some((name, value))
}

/// `ADDRESS[/LENGTH]` with LENGTH at most `max`.
fn network<A: std::str::FromStr>(text: &str, max: u32) -> Result<(), String> {
    let (address, length) = match text.split_once('/') {
        Some((address, length)) => (address, Some(length)),
        None => (text, None),
    };
    if address.parse::<A>().is_err() {
        return Err(format!("`{}` is not an address", shown(address)));
    }
    match length {
        Some(length) => cidr_length(length, max),
        None => Ok(()),
    }
}

/// `[/N][//M]` after `a` or `mx`.
fn dual_cidr(text: &str) -> Result<(), String> {
    if text.is_empty() {
        return Ok(());
    }
    let (v4, v6) = match text.split_once("//") {
        Some((v4, v6)) => (v4, Some(v6)),
        None => (text, None),
    };
    if !v4.is_empty() {
        match v4.strip_prefix('/') {
            Some(length) => cidr_length(length, 32)?,
            None => return Err("malformed CIDR length".into()),
        }
    }
    match v6 {
        Some(length) => cidr_length(length, 128),
        None => Ok(()),
    }
}

/// A CIDR length: digits, no leading zero, at most `max`.
fn cidr_length(text: &str, max: u32) -> Result<(), String> {
    let digits = !text.is_empty()
        && text.len() <= 3
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    match text.parse::<u32>() {
        Ok(length) if digits && length <= max => Ok(()),
        _ => Err(format!(
            "`/{}` is not a CIDR length up to {max}",
            shown(text)
        )),
    }
}

/// A domain-spec: a macro string that, where it has no macro, is a domain
/// name with a dot (RFC 7208 7.1's `domain-end`).
fn domain_spec(text: &str) -> Result<(), String> {
    if text.is_empty() {
        return Err("no domain".into());
    }
    let has_macro = macro_string(text, false)?;
    if has_macro {
        return Ok(());
    }
    let name = text.strip_suffix('.').unwrap_or(text);
    let labels: Vec<&str> = name.split('.').collect();
    let well_formed = name.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.len() <= 63);
    if well_formed {
        Ok(())
    } else {
        Err(format!("`{}` is not a domain name", shown(text)))
    }
}

/// Checks a macro string (RFC 7208 7.1); whether it holds a `%{...}`.
/// `explanation` allows the letters only `exp` text may use (c, r, t).
fn macro_string(text: &str, explanation: bool) -> Result<bool, String> {
    let mut chars = text.chars();
    let mut has_macro = false;
    while let Some(c) = chars.next() {
        match c {
            '%' => match chars.next() {
                Some('%' | '_' | '-') => {}
                Some('{') => {
                    has_macro = true;
                    let letter = chars.next().map(|l| l.to_ascii_lowercase());
                    let allowed = match letter {
                        Some('s' | 'l' | 'o' | 'd' | 'i' | 'p' | 'h' | 'v') => true,
                        Some('c' | 'r' | 't') => explanation,
                        _ => false,
                    };
                    if !allowed {
                        return Err("unknown macro letter".into());
                    }
                    // transformers: *DIGIT ["r"], then delimiters, then "}".
                    let mut closed = false;
                    let mut digits = 0;
                    let mut stage = 0; // 0 digits, 1 after r, 2 delimiters
                    for c in chars.by_ref() {
                        match c {
                            '}' => {
                                closed = true;
                                break;
                            }
                            '0'..='9' if stage == 0 => {
                                digits += 1;
                                if digits > 3 {
                                    return Err("macro transformer too long".into());
                                }
                            }
                            'r' | 'R' if stage == 0 => stage = 1,
                            '.' | '-' | '+' | ',' | '/' | '_' | '=' => stage = 2,
                            _ => return Err("malformed macro".into()),
                        }
                    }
                    if !closed {
                        return Err("unclosed macro".into());
                    }
                }
                _ => return Err("a lone % (write %% for a percent sign)".into()),
            },
            '!'..='~' => {}
            _ => return Err("a character not allowed in SPF".into()),
        }
    }
    Ok(has_macro)
}

/// How many `v=spf1` records a TXT answer holds, and the facts of the
/// domain's SPF: the records (cleaned), and for a single one (parsed as
/// received) its terms, how it ends and what evaluating it costs (the
/// includes and redirects fetched from `source`, until the count passes
/// the limit).
pub async fn facts(
    records: Vec<String>,
    source: &impl TxtSource,
    lookup_errors: &mut Vec<(String, DnsError)>,
) -> SpfFacts {
    let mut facts = SpfFacts {
        records: cleaned(&records),
        valid: Some(false),
        ..SpfFacts::default()
    };
    match records.len() {
        0 => return facts,
        1 => {}
        n => {
            facts.error = Some(SpfError::MultipleRecords);
            facts.error_message = Some(format!(
                "{n} SPF records: a receiver ignores them all (RFC 7208 4.5)"
            ));
            return facts;
        }
    }
    let record = match parse(&records[0]) {
        Ok(record) => record,
        Err(why) => {
            facts.error = Some(SpfError::Malformed);
            facts.error_message = Some(why);
            return facts;
        }
    };
    facts.mechanisms = record.terms.clone();
    let count = count_lookups(&record, source, lookup_errors).await;
    // A redirect chain cut by a failed lookup ends as its unread target
    // does: unknown.
    if !count.chain_cut {
        facts.all = Some(all_text(count.all.or(record.all)).into());
    }
    // A failed lookup hides what its record would have cost: the count is
    // a lower bound then, not the number.
    if !count.incomplete {
        facts.dns_lookups = Some(count.lookups);
    }
    if count.lookups > LOOKUP_LIMIT {
        facts.error = Some(SpfError::TooManyLookups);
        facts.error_message = Some(format!(
            "evaluating the record costs {} DNS lookups or more; at most {LOOKUP_LIMIT} are allowed (RFC 7208 4.6.4)",
            count.lookups
        ));
    } else if let Some(why) = count.bad_include {
        facts.error = Some(SpfError::BadInclude);
        facts.error_message = Some(why);
    }
    // Past the limit or with a bad include it is invalid whatever the
    // unread records say; otherwise a failed lookup leaves it unknown.
    facts.valid = match (facts.error, count.incomplete) {
        (Some(_), _) => Some(false),
        (None, true) => None,
        (None, false) => Some(true),
    };
    facts
}

fn all_text(qualifier: Option<char>) -> &'static str {
    match qualifier {
        Some('-') => "-all",
        Some('~') => "~all",
        Some('?') => "?all",
        Some(_) => "+all",
        None => "none",
    }
}

/// What following a record's includes and redirects found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LookupCount {
    pub lookups: u32,
    /// The `all` that ends the record's redirect chain, when the record
    /// itself has none.
    pub all: Option<char>,
    /// The first include or redirect whose target has no single valid record.
    pub bad_include: Option<String>,
    /// An include's or redirect's lookup failed: `lookups` is a lower bound
    /// and whether the record is valid is unknown.
    pub incomplete: bool,
    /// The failed lookup was on the redirect chain: how the record ends is
    /// unknown too.
    pub chain_cut: bool,
}

/// Counts the lookups evaluating `record` costs. Each fetched record
/// was itself counted as one lookup, so at most `LOOKUP_LIMIT + 1` TXT
/// queries are made, whatever loops the records make.
pub async fn count_lookups(
    record: &SpfRecord,
    source: &impl TxtSource,
    lookup_errors: &mut Vec<(String, DnsError)>,
) -> LookupCount {
    let mut count = LookupCount {
        lookups: record.own_lookups(),
        ..LookupCount::default()
    };
    // (domain-spec, whether it is on the top record's redirect chain)
    let mut queue: VecDeque<(String, bool)> = record
        .includes
        .iter()
        .map(|spec| (spec.clone(), false))
        .chain(
            record
                .followed_redirect()
                .map(|spec| (spec.to_string(), true)),
        )
        .collect();
    while let Some((spec, on_redirect_chain)) = queue.pop_front() {
        if count.lookups > LOOKUP_LIMIT {
            break;
        }
        // A macro needs the sender and its address to expand: counted
        // already, not followed.
        if spec.contains('%') {
            continue;
        }
        let name = spec.trim_end_matches('.').to_string();
        let texts = match source.txt(&name).await {
            TxtAnswer::Records(texts) => texts,
            TxtAnswer::None => Vec::new(),
            TxtAnswer::Failed(error) => {
                lookup_errors.push((name, error));
                count.incomplete = true;
                count.chain_cut |= on_redirect_chain;
                continue;
            }
        };
        let found = version_records(&texts, is_spf);
        let target = match found.as_slice() {
            [one] => parse(one).map_err(|why| format!("{name}: {why}")),
            [] => Err(format!("{name} has no SPF record")),
            more => Err(format!("{name} has {} SPF records", more.len())),
        };
        let target = match target {
            Ok(target) => target,
            Err(why) => {
                count.bad_include.get_or_insert(why);
                continue;
            }
        };
        count.lookups += target.own_lookups();
        if on_redirect_chain && count.all.is_none() {
            count.all = target.all;
        }
        queue.extend(target.includes.iter().map(|spec| (spec.clone(), false)));
        if let Some(next) = target.followed_redirect() {
            queue.push_back((next.to_string(), on_redirect_chain));
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::mail::records::tests::Zone;

    fn terms(record: &str) -> Vec<String> {
        parse(record).unwrap().terms
    }

    #[test]
    fn spf_records_are_told_by_their_version_tag() {
        assert!(is_spf("v=spf1 -all"));
        assert!(is_spf("V=SPF1"));
        assert!(!is_spf("v=spf10 -all"));
        assert!(!is_spf("v=spf1-all"));
        assert!(!is_spf("spf2.0/pra"));
        assert!(!is_spf(""));
    }

    #[test]
    fn a_good_record_gives_its_terms_and_its_end() {
        let record =
            parse("v=spf1 ip4:203.0.113.0/24 ip6:2001:db8::/32 a mx:mail.example.vn/24//64 include:_spf.example.vn ~all")
                .unwrap();
        assert_eq!(
            record.terms,
            [
                "ip4:203.0.113.0/24",
                "ip6:2001:db8::/32",
                "a",
                "mx:mail.example.vn/24//64",
                "include:_spf.example.vn",
                "~all"
            ]
        );
        assert_eq!(record.all, Some('~'));
        assert_eq!(record.includes, ["_spf.example.vn"]);
        assert_eq!(record.own_lookups(), 3);
        assert_eq!(terms("v=spf1"), Vec::<String>::new());
        assert_eq!(
            terms("v=spf1 a/24 a//64 mx ptr exists:%{i}.bl.example.vn -ALL"),
            [
                "a/24",
                "a//64",
                "mx",
                "ptr",
                "exists:%{i}.bl.example.vn",
                "-all"
            ]
        );
        assert_eq!(
            terms("v=spf1 redirect=_spf.example.vn exp=explain.%{d} foo=bar"),
            ["redirect=_spf.example.vn", "exp=explain.%{d}", "foo=bar"]
        );
    }

    #[test]
    fn a_redirect_is_ignored_beside_all() {
        let record = parse("v=spf1 redirect=_spf.example.vn -all").unwrap();
        assert_eq!(record.followed_redirect(), None);
        assert_eq!(record.own_lookups(), 0);
        let record = parse("v=spf1 redirect=_spf.example.vn").unwrap();
        assert_eq!(record.own_lookups(), 1);
    }

    /// Each of these is a permerror for a receiver, and an error here with
    /// the term named, never a panic.
    #[test]
    fn hostile_records_are_malformed_not_panics() {
        let long = format!("v=spf1 {}", "a ".repeat(RECORD_CHARS));
        let cases = [
            "v=spf1 foo",
            "v=spf1 include",
            "v=spf1 include:",
            "v=spf1 include:localhost",
            "v=spf1 include:a..b",
            "v=spf1 ip4:300.1.1.1",
            "v=spf1 ip4:10.0.0.0/33",
            "v=spf1 ip4:10.0.0.0/024",
            "v=spf1 ip4:10.0.0.0/",
            "v=spf1 ip6:::1/129",
            "v=spf1 ip6:10.0.0.1x",
            "v=spf1 a/99",
            "v=spf1 a//200",
            "v=spf1 a:",
            "v=spf1 mx/24/64",
            "v=spf1 all:x",
            "v=spf1 ptr/24",
            "v=spf1 exists:%{z}.example.vn",
            "v=spf1 exists:%{i",
            "v=spf1 exists:%{ir?}.example.vn",
            "v=spf1 exists:%x.example.vn",
            "v=spf1 exists:%{i1234}.example.vn",
            "v=spf1 redirect=a.vn redirect=b.vn",
            "v=spf1 exp=a.vn exp=b.vn",
            "v=spf1 redirect=",
            "v=spf1 =x",
            "v=spf1 include:ví-dụ.vn",
            "v=spf1 -",
            "v=spf1 ~~all",
            "v=spf1 \u{0}",
            "v=spf1 -all\u{0}",
            "v=spf1 a\t-all",
            "v=spf1\t~all",
            " v=spf1 -all",
            "spf1 -all",
            &long,
        ];
        for record in cases {
            assert!(parse(record).is_err(), "{record:?} was accepted");
        }
        let message = parse("v=spf1 mx foo:bar -all").unwrap_err();
        assert_eq!(message, "`foo:bar`: unknown mechanism");
    }

    #[tokio::test]
    async fn lookups_are_counted_through_includes_and_redirects() {
        let zone = Zone::default()
            .txt("a.vn", "v=spf1 a mx include:b.vn include:c.vn -all")
            .txt("b.vn", "v=spf1 ip4:192.0.2.1 include:c.vn ?all")
            .txt("c.vn", "v=spf1 a ptr exists:%{i}.x.vn -all")
            .txt("r.vn", "v=spf1 redirect=a.vn");
        let mut errors = Vec::new();
        let record = parse("v=spf1 include:a.vn").unwrap();
        let count = count_lookups(&record, &zone, &mut errors).await;
        // 1 + (2 + 2) + (1) + 3 + 3
        assert_eq!(count.lookups, 12);
        assert!(errors.is_empty());

        let record = parse("v=spf1 mx redirect=r.vn").unwrap();
        let count = count_lookups(&record, &zone, &mut errors).await;
        assert_eq!(count.all, Some('-'), "the redirect chain ends in -all");
        assert_eq!(count.bad_include, None);
    }

    /// RFC 7208 5.1: what follows `all` is never evaluated, so it costs
    /// nothing and its includes are not fetched; its syntax still counts.
    #[tokio::test]
    async fn terms_after_all_cost_nothing() {
        let many: Vec<String> = (0..11).map(|i| format!("a:h{i}.vn")).collect();
        let record = parse(&format!("v=spf1 mx -all {} include:x.vn", many.join(" "))).unwrap();
        assert_eq!(record.own_lookups(), 1);
        assert!(record.includes.is_empty());
        assert_eq!(record.terms.len(), 14, "the terms are all listed");
        let zone = Zone::default().txt("x.vn", "v=spf1 -all");
        let mut errors = Vec::new();
        let facts = facts(vec![record_text(&many)], &zone, &mut errors).await;
        assert_eq!((facts.valid, facts.dns_lookups), (Some(true), Some(0)));
        assert_eq!(zone.asked(), 0, "an include after all is not fetched");
        assert!(parse("v=spf1 -all include:").is_err());
    }

    fn record_text(after_all: &[String]) -> String {
        format!("v=spf1 -all {} include:x.vn", after_all.join(" "))
    }

    #[tokio::test]
    async fn include_loops_stop_past_the_limit() {
        let zone = Zone::default()
            .txt("loop.vn", "v=spf1 include:loop.vn include:loop.vn -all")
            .txt("self.vn", "v=spf1 redirect=self.vn");
        let mut errors = Vec::new();
        for name in ["loop.vn", "self.vn"] {
            let record = parse(&format!("v=spf1 include:{name} -all")).unwrap();
            let count = count_lookups(&record, &zone, &mut errors).await;
            assert!(count.lookups > LOOKUP_LIMIT, "{name}: {count:?}");
            assert!(count.lookups <= 2 * LOOKUP_LIMIT + 2, "{name}: {count:?}");
            assert!(zone.asked() <= (LOOKUP_LIMIT as usize + 1) * 2, "{name}");
        }
    }

    #[tokio::test]
    async fn the_facts_name_each_error() {
        let zone = Zone::default()
            .txt("two.vn", "v=spf1 -all")
            .txt("two.vn", "v=spf1 ~all")
            .failing("down.vn", DnsError::Servfail);
        let mut errors = Vec::new();
        let many: Vec<String> = (0..11).map(|i| format!("a:h{i}.vn")).collect();
        let cases = [
            (vec!["v=spf1 -all".to_string()], None, Some("-all"), Some(0)),
            (
                vec!["v=spf1 -all".to_string(), "v=spf1 ~all".to_string()],
                Some(SpfError::MultipleRecords),
                None,
                None,
            ),
            (
                vec!["v=spf1 bogus -all".to_string()],
                Some(SpfError::Malformed),
                None,
                None,
            ),
            (
                vec![format!("v=spf1 {} -all", many.join(" "))],
                Some(SpfError::TooManyLookups),
                Some("-all"),
                Some(11),
            ),
            (
                vec!["v=spf1 include:two.vn ~all".to_string()],
                Some(SpfError::BadInclude),
                Some("~all"),
                Some(1),
            ),
            (
                vec!["v=spf1 include:none.vn mx".to_string()],
                Some(SpfError::BadInclude),
                Some("none"),
                Some(2),
            ),
        ];
        for (records, error, all, lookups) in cases {
            let facts = facts(records.clone(), &zone, &mut errors).await;
            assert_eq!(facts.error, error, "{records:?}: {facts:?}");
            assert_eq!(facts.all.as_deref(), all, "{records:?}");
            assert_eq!(facts.dns_lookups, lookups, "{records:?}");
            assert_eq!(facts.valid, Some(error.is_none()), "{records:?}");
        }
        assert!(errors.is_empty(), "{errors:?}");
    }

    /// An include or redirect whose lookup failed leaves the verdict
    /// unknown, not valid: the record it names might not exist, or cost
    /// lookups past the limit.
    #[tokio::test]
    async fn a_failed_lookup_leaves_validity_unknown() {
        let zone = Zone::default()
            .failing("down.vn", DnsError::Servfail)
            .txt("two.vn", "v=spf1 -all")
            .txt("two.vn", "v=spf1 ~all");
        // (record, all, valid, error)
        let cases = [
            ("v=spf1 redirect=down.vn", None, None, None),
            ("v=spf1 include:down.vn -all", Some("-all"), None, None),
            (
                "v=spf1 include:down.vn include:two.vn -all",
                Some("-all"),
                Some(false),
                Some(SpfError::BadInclude),
            ),
        ];
        for (record, all, valid, error) in cases {
            let mut errors = Vec::new();
            let facts = facts(vec![record.to_string()], &zone, &mut errors).await;
            assert_eq!(facts.all.as_deref(), all, "{record}: {facts:?}");
            assert_eq!(facts.valid, valid, "{record}: {facts:?}");
            assert_eq!(facts.error, error, "{record}: {facts:?}");
            assert_eq!(facts.dns_lookups, None, "{record}: a lower bound only");
            assert_eq!(errors, [("down.vn".to_string(), DnsError::Servfail)]);
        }
    }
}
