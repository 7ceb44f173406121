//! Reporters: one file per output format behind the [`Reporter`] trait.
//! Each reads only the [`ScanResult`], so a stored run renders exactly as a
//! fresh one. Options such as the language live in each reporter's struct.
//!
//! The tables several formats show (targets, agencies, findings, rules to
//! fix, waivers) are built once, as typed cells, in `tables.rs` (their
//! shape is `cells.rs`); each format renders the cells its own way. The
//! sentences the reports for people share are in `lines.rs`.

mod cells;
mod csv;
mod html;
pub mod i18n;
mod json;
mod junit;
pub(crate) mod lines;
mod mail;
mod markdown;
pub mod national;
mod national_html;
mod national_xlsx;
mod openmetrics;
pub mod outputs;
pub mod per_agency;
mod probes;
mod sarif;
mod summary;
mod table;
mod tables;
mod web_facts;
mod xlsx;

use std::io::Write;

use clap::ValueEnum;

use crate::scan::ScanResult;

pub use cells::status_name;
pub use i18n::{Labels, Lang};
use json::JsonReporter;
pub use mail::render_mail;
pub use probes::render_probes;
pub use table::TableReporter;

/// Renders a scan to a writer: stdout, a file, a mail body or a test buffer.
pub trait Reporter {
    fn render(&self, scan: &ScanResult, out: &mut dyn Write) -> std::io::Result<()>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Compliance tables for people.
    Table,
    /// A short plain summary, for cron mail (the default when stdout is not
    /// a terminal).
    Summary,
    /// The whole ScanResult, for jq and dashboards.
    Json,
    /// A row per finding, for spreadsheets.
    Csv,
    /// A row per agency, for spreadsheets.
    CsvAgencies,
    /// Tables for wiki and Git-hosting pages.
    Markdown,
    /// JUnit XML: a test case per system and rule, for CI systems.
    Junit,
    /// SARIF 2.1.0: results pointing at the inventory file and line.
    Sarif,
    /// One self-contained HTML page for managers and mail.
    Html,
    /// OpenMetrics text for the Prometheus node_exporter textfile
    /// collector: targets, agencies, findings and probes as gauges.
    #[value(name = "openmetrics")]
    OpenMetrics,
    /// An Excel workbook: targets, agencies, failing findings, rules and
    /// waivers, one sheet each, with real numbers and dates.
    Xlsx,
}

impl ReportFormat {
    /// Whether the format is bytes rather than text: refused on a
    /// terminal's stdout (see `outputs::refuse_binary_on_terminal`).
    pub fn is_binary(self) -> bool {
        self == ReportFormat::Xlsx
    }
}

/// Choices that change how a report is written, shared by all reporters.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// The language of labels, dates and numbers.
    pub lang: Lang,
    /// Start CSV files with a UTF-8 byte-order mark, so that Excel reads
    /// Vietnamese text correctly.
    pub csv_bom: bool,
    /// The organisation the scan covers, as the config file names it.
    pub org: crate::fields::Organisation,
    /// A row per failing finding in the terminal tables and the Markdown
    /// page, besides the findings grouped by rule (`--details`). The HTML
    /// page always has every finding, behind a `<details>` per rule.
    pub details: bool,
    /// Colour statuses and severities in the terminal tables. Set only for
    /// stdout (see [`ReportOptions::for_file`]).
    pub color: bool,
    /// The width of the terminal the tables go to, which they then fit;
    /// `None` for a pipe, a file or a mail.
    pub width: Option<usize>,
    /// The HTML page without each rule's list of systems and the probe
    /// facts, as the mail's HTML part has it ([`ReportOptions::for_mail`]).
    pub compact_html: bool,
}

impl ReportOptions {
    /// The options for a report that goes to a file or a mail: never
    /// coloured or fitted to a terminal, whatever stdout gets.
    pub fn for_file(&self) -> ReportOptions {
        ReportOptions {
            color: false,
            width: None,
            ..self.clone()
        }
    }

    /// The options of the mail's text and HTML parts: as for a file, and
    /// the HTML page compact. Attached reports are whole ([`for_file`]).
    ///
    /// [`for_file`]: ReportOptions::for_file
    pub fn for_mail(&self) -> ReportOptions {
        ReportOptions {
            compact_html: true,
            ..self.for_file()
        }
    }
}

/// The one place a format becomes a reporter.
pub fn reporter(format: ReportFormat, options: &ReportOptions) -> Box<dyn Reporter> {
    match format {
        ReportFormat::Table => Box::new(TableReporter {
            labels: Labels::new(options.lang),
            details: options.details,
            color: options.color,
            width: options.width,
        }),
        ReportFormat::Summary => Box::new(summary::SummaryReporter {
            labels: Labels::new(options.lang),
        }),
        ReportFormat::Json => Box::new(JsonReporter),
        ReportFormat::Csv => Box::new(csv::CsvReporter {
            table: csv::CsvTable::Findings,
            labels: Labels::new(options.lang),
            bom: options.csv_bom,
        }),
        ReportFormat::CsvAgencies => Box::new(csv::CsvReporter {
            table: csv::CsvTable::Agencies,
            labels: Labels::new(options.lang),
            bom: options.csv_bom,
        }),
        ReportFormat::Markdown => Box::new(markdown::MarkdownReporter {
            labels: Labels::new(options.lang),
            details: options.details,
        }),
        ReportFormat::Junit => Box::new(junit::JunitReporter {
            labels: Labels::new(options.lang),
        }),
        ReportFormat::Sarif => Box::new(sarif::SarifReporter {
            labels: Labels::new(options.lang),
        }),
        ReportFormat::Html => Box::new(html::HtmlReporter {
            labels: Labels::new(options.lang),
            compact: options.compact_html,
        }),
        ReportFormat::OpenMetrics => Box::new(openmetrics::OpenMetricsReporter),
        ReportFormat::Xlsx => Box::new(xlsx::XlsxReporter {
            labels: Labels::new(options.lang),
        }),
    }
}

/// The fixed record with hostile names that every reporter's golden test
/// renders (tests/fixtures/scan-hostile.json).
#[cfg(test)]
pub(crate) fn hostile_scan() -> ScanResult {
    serde_json::from_str(include_str!("../../tests/fixtures/scan-hostile.json"))
        .expect("the fixture is a ScanResult")
}

/// The hostile record with every finding failing, plus one on the system
/// whose name holds a tab and a newline, so that every hostile system name
/// reaches a report's findings.
#[cfg(test)]
pub(crate) fn hostile_scan_all_failing() -> ScanResult {
    let mut scan = hostile_scan();
    let mut extra = scan.findings[0].clone();
    extra.system = "so-x/plain".into();
    scan.findings.push(extra);
    for finding in &mut scan.findings {
        finding.outcome = crate::scan::Outcome::Fail;
    }
    scan
}
