//! The DNS side of a mail domain: MX and TXT answers from the prober's
//! resolver (so `--resolver` applies), each failure named as `DnsFacts`
//! names it. A name that does not exist, or has no record of the type, is
//! an answer ("none"), not a failure.

use std::future::Future;

use hickory_resolver::TokioResolver;
use hickory_resolver::proto::rr::RData;

use crate::probe::dns::classify;
use crate::probe::facts::DnsError;
use crate::text::clean_text;

/// What a TXT query gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TxtAnswer {
    /// The records' texts, each one's strings joined (RFC 7208 3.3).
    Records(Vec<String>),
    /// The name does not exist or has no TXT record.
    None,
    Failed(DnsError),
}

/// Where TXT records come from: DNS, or a table in the tests.
pub trait TxtSource {
    fn txt(&self, name: &str) -> impl Future<Output = TxtAnswer> + Send;
}

/// What an MX query gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MxAnswer {
    /// (preference, exchange: lower case, no trailing dot, `""` for `.`).
    Records(Vec<(u16, String)>),
    /// The name exists without an MX record.
    None,
    /// The name does not exist.
    NoDomain,
    Failed(DnsError),
}

/// The mail side of the prober's resolver.
pub struct MailDns {
    pub resolver: TokioResolver,
}

impl MailDns {
    pub async fn mx(&self, domain: &str) -> MxAnswer {
        match self.resolver.mx_lookup(fully_qualified(domain)).await {
            Ok(lookup) => MxAnswer::Records(
                lookup
                    .answers()
                    .iter()
                    .filter_map(|record| match &record.data {
                        RData::MX(mx) => Some((mx.preference, bare_name(&mx.exchange.to_ascii()))),
                        _ => None,
                    })
                    .collect(),
            ),
            Err(error) => match classify(&error) {
                DnsError::Nxdomain => MxAnswer::NoDomain,
                DnsError::NoAddress => MxAnswer::None,
                other => MxAnswer::Failed(other),
            },
        }
    }
}

impl TxtSource for MailDns {
    async fn txt(&self, name: &str) -> TxtAnswer {
        match self.resolver.txt_lookup(fully_qualified(name)).await {
            Ok(lookup) => TxtAnswer::Records(
                lookup
                    .answers()
                    .iter()
                    .filter_map(|record| match &record.data {
                        RData::TXT(txt) => Some(
                            txt.txt_data
                                .iter()
                                .map(|part| String::from_utf8_lossy(part))
                                .collect(),
                        ),
                        _ => None,
                    })
                    .collect(),
            ),
            Err(error) => match classify(&error) {
                DnsError::Nxdomain | DnsError::NoAddress => TxtAnswer::None,
                other => TxtAnswer::Failed(other),
            },
        }
    }
}

/// A domain is always a full name: no search list.
fn fully_qualified(name: &str) -> String {
    format!("{}.", name.trim_end_matches('.'))
}

/// Lower case, without the trailing dot (the root is `""`).
pub fn bare_name(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// Widest a record kept in the facts may be; a longer one is cut (and an
/// SPF record that long does not parse).
pub const RECORD_CHARS: usize = super::spf::RECORD_CHARS + 1;

/// The records among `texts` that `is_version` recognises by their
/// version tag, as received: a record is selected and parsed on its raw
/// text (RFC 7208 4.5 discards ` v=spf1` and `v=spf1<TAB>`, and a control
/// character is a syntax error, not something to clean away); only what is
/// kept and printed is cleaned, by [`cleaned`].
pub fn version_records(texts: &[String], is_version: impl Fn(&str) -> bool) -> Vec<String> {
    texts
        .iter()
        .filter(|text| is_version(text))
        .cloned()
        .collect()
}

/// Records as kept in the facts: cleaned of control characters, cut.
pub fn cleaned(records: &[String]) -> Vec<String> {
    records
        .iter()
        .map(|text| clean_text(text, RECORD_CHARS))
        .collect()
}

/// `v=STSv1` (RFC 8461 3.1) or `v=TLSRPTv1` (RFC 8460 3): the tag, then
/// `;`, a space or the end. Case-sensitive: both grammars write it `%s"..."`.
pub fn starts_with_tag(text: &str, tag: &str) -> bool {
    let bytes = text.as_bytes();
    let tag = tag.as_bytes();
    bytes.len() >= tag.len()
        && bytes[..tag.len()] == *tag
        && matches!(bytes.get(tag.len()), None | Some(b';' | b' '))
}

#[cfg(test)]
pub mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// TXT records from a table; any other name has none. Counts queries.
    #[derive(Default)]
    pub struct Zone {
        records: Vec<(String, String)>,
        failing: Vec<(String, DnsError)>,
        asked: AtomicUsize,
    }

    impl Zone {
        pub fn txt(mut self, name: &str, text: &str) -> Self {
            self.records.push((name.into(), text.into()));
            self
        }

        pub fn failing(mut self, name: &str, error: DnsError) -> Self {
            self.failing.push((name.into(), error));
            self
        }

        pub fn asked(&self) -> usize {
            self.asked.load(Ordering::SeqCst)
        }
    }

    impl TxtSource for Zone {
        async fn txt(&self, name: &str) -> TxtAnswer {
            self.asked.fetch_add(1, Ordering::SeqCst);
            if let Some((_, error)) = self.failing.iter().find(|(n, _)| n == name) {
                return TxtAnswer::Failed(*error);
            }
            let texts: Vec<String> = self
                .records
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, text)| text.clone())
                .collect();
            if texts.is_empty() {
                TxtAnswer::None
            } else {
                TxtAnswer::Records(texts)
            }
        }
    }

    #[test]
    fn version_tags_end_at_a_separator() {
        assert!(starts_with_tag("v=STSv1; id=20260101", "v=STSv1"));
        assert!(starts_with_tag("v=STSv1", "v=STSv1"));
        assert!(!starts_with_tag("v=stsv1", "v=STSv1"), "case-sensitive");
        assert!(!starts_with_tag("v=STSv10; id=1", "v=STSv1"));
        assert!(starts_with_tag(
            "v=TLSRPTv1; rua=mailto:x@y.vn",
            "v=TLSRPTv1"
        ));
        assert!(!starts_with_tag("v=TLS", "v=TLSRPTv1"));
    }

    #[test]
    fn records_are_selected_raw_and_kept_cleaned_and_cut() {
        let texts = vec![
            "v=spf1 \u{1b}[31m-all".to_string(),
            "google-site-verification=abc".to_string(),
            format!("v=spf1 {}", "a".repeat(5000)),
            " v=spf1 -all".to_string(),
            "v=spf1\t~all".to_string(),
            "\u{0}v=spf1 -all".to_string(),
        ];
        let found = version_records(&texts, crate::probe::mail::spf::is_spf);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0], texts[0], "selected as received");
        let kept = cleaned(&found);
        assert_eq!(kept[0], "v=spf1 [31m-all");
        assert!(kept[1].chars().count() <= RECORD_CHARS + 1);
    }
}
