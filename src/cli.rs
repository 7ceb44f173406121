//! The command line as clap sees it: raw arguments only. `app.rs` turns
//! them into options once; no clap type travels further.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::fields::IsoDate;
use crate::report::ReportFormat;
use crate::scan::Severity;

#[derive(Debug, Parser)]
#[command(
    name = "cloudcensus",
    version,
    about = "Census of government information systems: cloud adoption and security compliance against policy targets",
    long_about = "cloudcensus reads YAML inventories of agencies' information systems, checks every \
system against cloud-adoption and security policy (YAML rules with CEL conditions), and prints how \
far each agency and the whole organisation stand from their targets.",
    after_help = "Exit codes: 0 compliant, 1 compliance failures, 2 bad input or usage, 3 runtime failure."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Print nothing on success; problems still go to stderr.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse and check inventories and policies; report every error at once (no network).
    Validate(ValidateArgs),
    /// Load, evaluate and report: the nightly job.
    Scan(ScanArgs),
    /// Print the JSON Schema of inventory, policy, provider or scan-result files.
    Schema(SchemaArgs),
    /// Create inventories/ and policies/ with a small working example.
    Init(InitArgs),
    /// Generate shell completions or the man page.
    #[command(hide = true)]
    Generate(GenerateArgs),
}

#[derive(Debug, Args)]
pub struct InputArgs {
    /// Inventory files or folders (searched recursively for *.yaml and *.yml).
    #[arg(default_value = "inventories")]
    pub paths: Vec<PathBuf>,

    /// Policy files or folders.
    #[arg(long, default_value = "policies", value_name = "PATH")]
    pub policies: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub input: InputArgs,

    /// Do not probe endpoints: rules that need probe facts are `unknown`.
    #[arg(long)]
    pub offline: bool,

    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,

    /// Write the report to FILE instead of stdout (`-` is stdout).
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Exit 1 when a failing finding has this severity or higher.
    #[arg(long, value_name = "SEVERITY", default_value = "high", value_parser = parse_severity)]
    pub fail_on: Severity,

    /// Scan only this agency (repeatable).
    #[arg(long, value_name = "ID")]
    pub agency: Vec<String>,

    /// Scan only systems with this tag (repeatable: any of them).
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,

    /// Judge dates (waiver expiry, deadlines, overdue migrations) as of this
    /// day instead of today, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<IsoDate>,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file format.
    #[arg(value_enum, default_value_t = SchemaKind::Inventory)]
    pub kind: SchemaKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// An inventory file (one agency and its systems).
    Inventory,
    /// A policy file (rules, targets, waivers).
    Policy,
    /// The provider registry, policies/providers.yaml.
    Providers,
    /// The JSON scan result (`scan --format json`).
    Scan,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create inventories/ and policies/ in.
    #[arg(default_value = ".")]
    pub dir: PathBuf,

    /// Overwrite example files that already exist.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(subcommand)]
    pub what: Generate,
}

#[derive(Debug, Subcommand)]
pub enum Generate {
    /// Shell completion script, e.g. `cloudcensus generate completions bash`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The man page, in roff.
    Man,
}

fn parse_severity(text: &str) -> Result<Severity, String> {
    Severity::ALL
        .iter()
        .copied()
        .find(|s| s.as_str() == text)
        .ok_or_else(|| {
            let names: Vec<_> = Severity::ALL.iter().map(|s| s.as_str()).collect();
            format!("use one of: {}", names.join(", "))
        })
}

fn parse_date(text: &str) -> Result<IsoDate, String> {
    IsoDate::parse(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
