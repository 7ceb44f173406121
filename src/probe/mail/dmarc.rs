//! DMARC records (RFC 7489): which TXT records at `_dmarc.DOMAIN` are
//! DMARC, the tags of one (p, sp, pct, rua), and trustymail's verdict:
//! compliant (BOD 18-01) only with p=reject, and sp=reject and pct=100
//! where the record sets them.
//!
//! Hand-written, like the SPF parser (see `spf.rs` for why): RFC 7489's
//! tag list is small, and unknown tags are ignored as it asks.

use super::facts::{DmarcError, DmarcFacts, DmarcPolicy};

/// Spaces and tabs, the only white space RFC 7489's grammar allows
/// around `=` and `;`.
const WSP: [char; 2] = [' ', '\t'];

/// Whether a TXT record at `_dmarc` is a DMARC record: it starts with the
/// tag `v=DMARC1` (RFC 7489 6.6.3; others are discarded), read on the text
/// as received (a leading space or control character is not cleaned away).
/// `DMARC1` is case-sensitive (the grammar spells it `%x44 %x4d ...`);
/// the tag name `v`, a quoted ABNF string, is not.
pub fn is_dmarc(text: &str) -> bool {
    let first = text.split(';').next().unwrap_or("");
    match first.split_once('=') {
        Some((name, value)) => {
            name.trim_end_matches(WSP).eq_ignore_ascii_case("v")
                && value.trim_matches(WSP) == "DMARC1"
        }
        None => false,
    }
}

/// One record's tags, parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DmarcRecord {
    pub p: Option<DmarcPolicy>,
    pub sp: Option<DmarcPolicy>,
    pub pct: Option<u8>,
    pub rua: Vec<String>,
}

/// Parses a DMARC record; the error is a sentence naming the tag at fault.
pub fn parse(record: &str) -> Result<DmarcRecord, String> {
    if !is_dmarc(record) {
        return Err("the record does not start with v=DMARC1".into());
    }
    let mut parsed = DmarcRecord::default();
    let mut seen: Vec<String> = Vec::new();
    for tag in record.split(';').skip(1) {
        let tag = tag.trim();
        if tag.is_empty() {
            continue; // a trailing `;` is common and harmless
        }
        let shown = crate::text::clean_text(tag, 60);
        let Some((name, value)) = tag.split_once('=') else {
            return Err(format!("`{shown}`: a tag is NAME=VALUE"));
        };
        let name = name.trim().to_ascii_lowercase();
        let value = value.trim();
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(format!("`{shown}`: not a tag name"));
        }
        if seen.contains(&name) {
            return Err(format!("`{shown}`: {name}= given twice"));
        }
        seen.push(name.clone());
        match name.as_str() {
            "p" => parsed.p = Some(policy(value).ok_or(format!("`{shown}`: not a policy"))?),
            "sp" => parsed.sp = Some(policy(value).ok_or(format!("`{shown}`: not a policy"))?),
            "pct" => {
                let pct = value
                    .parse::<u8>()
                    .ok()
                    .filter(|pct| *pct <= 100 && value.bytes().all(|b| b.is_ascii_digit()));
                parsed.pct = Some(pct.ok_or(format!("`{shown}`: not a percentage"))?);
            }
            "rua" => {
                for uri in value.split(',').map(str::trim) {
                    let scheme = uri.split_once(':').map(|(scheme, _)| scheme);
                    let valid = scheme.is_some_and(|s| {
                        !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric())
                    }) && uri.len() > 7;
                    if !valid {
                        return Err(format!("`{shown}`: not a list of URIs"));
                    }
                    parsed.rua.push(crate::text::clean_text(uri, 200));
                }
            }
            "v" => return Err(format!("`{shown}`: v= must come first, once")),
            _ => {} // RFC 7489 6.3: unknown tags are ignored
        }
    }
    if parsed.p.is_none() {
        return Err("the record has no p= tag".into());
    }
    Ok(parsed)
}

fn policy(value: &str) -> Option<DmarcPolicy> {
    DmarcPolicy::ALL
        .iter()
        .copied()
        .find(|p| p.as_str().eq_ignore_ascii_case(value))
}

/// The facts of the DMARC records found.
/// `records` as received; they are kept cleaned.
pub fn facts(records: Vec<String>) -> DmarcFacts {
    let mut facts = DmarcFacts {
        records: super::records::cleaned(&records),
        ..DmarcFacts::default()
    };
    match records.len() {
        0 => return facts,
        1 => {}
        n => {
            facts.error = Some(DmarcError::MultipleRecords);
            facts.error_message = Some(format!(
                "{n} DMARC records: a receiver applies none of them (RFC 7489 6.6.3)"
            ));
            return facts;
        }
    }
    match parse(&records[0]) {
        Ok(record) => {
            facts.compliant = record.p == Some(DmarcPolicy::Reject)
                && matches!(record.sp, None | Some(DmarcPolicy::Reject))
                && matches!(record.pct, None | Some(100));
            facts.p = record.p;
            facts.sp = record.sp;
            facts.pct = record.pct;
            facts.rua = record.rua;
        }
        Err(why) => {
            facts.error = Some(DmarcError::Malformed);
            facts.error_message = Some(why);
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dmarc_records_are_told_by_their_first_tag() {
        assert!(is_dmarc("v=DMARC1; p=reject"));
        assert!(is_dmarc("V = DMARC1 ;p=none"));
        assert!(!is_dmarc("v=dmarc1; p=reject"), "DMARC1 is case-sensitive");
        assert!(!is_dmarc(" v=DMARC1; p=none"), "selected on the raw text");
        assert!(!is_dmarc("\u{0}v=DMARC1; p=none"));
        assert!(is_dmarc("v=DMARC1"));
        assert!(!is_dmarc("p=reject; v=DMARC1"));
        assert!(!is_dmarc("v=DMARC10; p=reject"));
        assert!(!is_dmarc("v=spf1 -all"));
    }

    #[test]
    fn the_tags_are_read() {
        let record =
            parse("v=DMARC1; p=Reject; sp=quarantine; pct=50; rua=mailto:a@hue.gov.vn, mailto:b@x.vn!10m; fo=1;")
                .unwrap();
        assert_eq!(record.p, Some(DmarcPolicy::Reject));
        assert_eq!(record.sp, Some(DmarcPolicy::Quarantine));
        assert_eq!(record.pct, Some(50));
        assert_eq!(record.rua, ["mailto:a@hue.gov.vn", "mailto:b@x.vn!10m"]);
    }

    #[test]
    fn hostile_records_are_malformed_not_panics() {
        for record in [
            "v=DMARC1",
            "v=DMARC1; sp=reject",
            "v=DMARC1; p=rejected",
            "v=DMARC1; p=reject; p=none",
            "v=DMARC1; p=reject; pct=101",
            "v=DMARC1; p=reject; pct=-1",
            "v=DMARC1; p=reject; pct=+50",
            "v=DMARC1; p=reject; pct=99999999999",
            "v=DMARC1; p=reject; rua=",
            "v=DMARC1; p=reject; rua=a@b.vn",
            "v=DMARC1; p=reject; garbage",
            "v=DMARC1; p=reject; =x",
            "v=DMARC1; p=reject; v=DMARC1",
            "v=DMARC1; p=réject",
            "v=DMARC1; p=reject; pct=5\u{0}",
        ] {
            assert!(parse(record).is_err(), "{record:?} was accepted");
        }
    }

    /// trustymail's rule: p=reject, and sp=reject and pct=100 where set.
    #[test]
    fn compliance_is_trustymails() {
        let cases = [
            ("v=DMARC1; p=reject", true),
            ("v=DMARC1; p=reject; sp=reject; pct=100", true),
            ("v=DMARC1; p=reject; sp=none", false),
            ("v=DMARC1; p=reject; pct=99", false),
            ("v=DMARC1; p=quarantine", false),
            ("v=DMARC1; p=none; rua=mailto:d@hue.gov.vn", false),
            ("v=DMARC1; sp=reject", false),
        ];
        for (record, compliant) in cases {
            let facts = facts(vec![record.to_string()]);
            assert_eq!(facts.compliant, compliant, "{record}: {facts:?}");
        }
        let two = facts(vec![
            "v=DMARC1; p=reject".into(),
            "v=DMARC1; p=reject".into(),
        ]);
        assert_eq!(two.error, Some(DmarcError::MultipleRecords));
        assert!(!two.compliant);
        let none = facts(Vec::new());
        assert_eq!((none.error, none.compliant), (None, false));
        let bad = facts(vec!["v=DMARC1; p=maybe".into()]);
        assert_eq!(bad.error, Some(DmarcError::Malformed));
        assert_eq!(
            bad.error_message.as_deref(),
            Some("`p=maybe`: not a policy")
        );
    }
}
