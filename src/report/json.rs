//! JSON: the [`ScanResult`] exactly as serde writes it, on one line with a
//! trailing newline (compact: a large scan's record is 40% smaller and
//! quicker to write; `jq .` pretty-prints it). The layout is documented on `ScanResult` and carries
//! `schema_version`; `cloudcensus schema scan` prints its JSON Schema.

use std::io::Write;

use super::Reporter;
use crate::scan::ScanResult;

pub struct JsonReporter;

impl Reporter for JsonReporter {
    fn render(&self, scan: &ScanResult, out: &mut dyn Write) -> std::io::Result<()> {
        serde_json::to_writer(&mut *out, scan)?;
        writeln!(out)
    }
}
