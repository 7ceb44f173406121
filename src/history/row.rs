//! A run as both stores keep it: the columns made once from a
//! [`ScanResult`] (its key, totals and target values) and its
//! zstd-compressed JSON (the record, the failing keys and what the run was
//! judged by), and the way back from stored JSON to the values. The SQLite
//! and the PostgreSQL store write the same row, so a run reads the same
//! from either.

use rayon::prelude::*;

use crate::scan::{RunContext, ScanResult};

/// The columns of a [`RunSummary`](super::store::RunSummary), in its
/// order, as both stores name them.
pub const SUMMARY: &str = "id, org_id, org_name, org_kind, started_at, as_of, mode, scope, \
     agencies, systems, on_cloud, failing, compliance, policy_digest";

/// zstd's fastest level: it already makes a 100,000-system record 23
/// times smaller, in less time than writing the text took.
const COMPRESSION_LEVEL: i32 = 1;

/// One run's columns and compressed JSON.
pub struct RunRow {
    /// The organisation's part of the key: its id, or empty.
    pub org_id: String,
    pub org_name: Option<String>,
    pub org_kind: Option<String>,
    /// RFC 3339, UTC.
    pub started_at: String,
    pub as_of: String,
    pub mode: &'static str,
    /// The scope's part of the key (see `store::scope_text`).
    pub scope: String,
    pub agencies: i64,
    pub systems: i64,
    pub on_cloud: i64,
    pub failing: i64,
    pub compliance: Option<f64>,
    /// What the policies' files hash to: runs of different packs are not
    /// comparable.
    pub policy_digest: String,
    pub record: Vec<u8>,
    pub failing_keys: Vec<u8>,
    pub context: Vec<u8>,
    /// Each target's value, where it has one.
    pub targets: Vec<TargetValue>,
}

impl RunRow {
    /// The row of `scan`, kept under the organisation key `org_id`
    /// (the scan's own, except when an old run is copied into a shared
    /// history).
    pub fn of(scan: &ScanResult, org_id: &str) -> std::io::Result<RunRow> {
        let mut compressor = zstd::Encoder::new(Vec::new(), COMPRESSION_LEVEL)?;
        crate::scan::json::write_record(scan, &mut compressor)?;
        let record = compressor.finish()?;
        // Sorted, so the next scan walks them beside its own in order. The
        // previous run's failures that are undecided now are kept too (see
        // `Changes::still_failing_undecided`).
        let carried = scan
            .changes
            .iter()
            .flat_map(|changes| &changes.still_failing_undecided)
            .map(|(rule, system, endpoint)| (rule.as_str(), system.as_str(), endpoint.as_str()));
        let mut failing: Vec<_> = scan.failing_identities().chain(carried).collect();
        failing.par_sort_unstable();
        failing.dedup();
        let started_at = scan
            .started_at
            .format(&time::format_description::well_known::Rfc3339)
            .map_err(std::io::Error::other)?;
        Ok(RunRow {
            org_id: org_id.to_string(),
            org_name: scan.organisation.name.clone(),
            org_kind: scan.organisation.kind.map(|k| k.as_str().to_string()),
            started_at,
            as_of: scan.as_of.to_string(),
            mode: scan.mode.as_str(),
            scope: super::store::scope_text(&scan.scope),
            agencies: scan.totals.agencies as i64,
            systems: scan.totals.counts.systems as i64,
            on_cloud: scan.totals.counts.on_cloud as i64,
            failing: scan.totals.counts.failing.total() as i64,
            compliance: scan.totals.counts.outcomes.compliance_percent(),
            policy_digest: scan.inputs.policy_digest.clone(),
            record,
            failing_keys: compressed_json(&failing)?,
            context: compressed_json(&RunContext::of(scan))?,
            targets: scan
                .targets
                .iter()
                .filter_map(|t| {
                    Some(TargetValue {
                        id: t.id.clone(),
                        percent: t.percent?,
                        numerator: t.numerator,
                        denominator: t.denominator,
                    })
                })
                .collect(),
        })
    }
}

/// A target's value in one run: its percent, and the counts it is the
/// ratio of, so that values over many organisations are a ratio of sums
/// (the national view), not an average of percentages.
pub struct TargetValue {
    pub id: String,
    pub percent: f64,
    pub numerator: f64,
    pub denominator: f64,
}

/// `value` as zstd-compressed JSON.
fn compressed_json(value: &impl serde::Serialize) -> std::io::Result<Vec<u8>> {
    let json = serde_json::to_vec(value)?;
    zstd::encode_all(json.as_slice(), COMPRESSION_LEVEL)
}

/// JSON as a store holds it: text (SQLite records of store versions 1-3,
/// keys of version 3) or zstd-compressed (every later one, and every
/// PostgreSQL one).
pub enum StoredJson {
    Text(Vec<u8>),
    Compressed(Vec<u8>),
}

impl StoredJson {
    /// The JSON text.
    pub fn into_json(self) -> std::io::Result<Vec<u8>> {
        match self {
            StoredJson::Text(text) => Ok(text),
            StoredJson::Compressed(bytes) => zstd::decode_all(bytes.as_slice()),
        }
    }

    /// The value the JSON holds.
    pub fn parse<T: serde::de::DeserializeOwned>(
        self,
    ) -> Result<T, Box<dyn std::error::Error + Send + Sync>> {
        Ok(serde_json::from_slice(&self.into_json()?)?)
    }
}
