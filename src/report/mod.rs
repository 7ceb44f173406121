//! Reporters: one file per output format behind the [`Reporter`] trait.
//! Each reads only the [`ScanResult`], so a stored run renders exactly as a
//! fresh one. Options such as the language live in each reporter's struct.

mod json;
mod probes;
mod table;

use std::io::Write;

use clap::ValueEnum;

use crate::scan::ScanResult;

pub use json::JsonReporter;
pub use probes::{probes_table, render_probes};
pub use table::TableReporter;

/// Renders a scan to a writer: stdout, a file, a mail body or a test buffer.
pub trait Reporter {
    fn render(&self, scan: &ScanResult, out: &mut dyn Write) -> std::io::Result<()>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Compliance tables for people.
    Table,
    /// The whole ScanResult, for jq and dashboards.
    Json,
}

/// The one place a format becomes a reporter.
pub fn reporter(format: ReportFormat) -> Box<dyn Reporter> {
    match format {
        ReportFormat::Table => Box::new(TableReporter),
        ReportFormat::Json => Box::new(JsonReporter),
    }
}
