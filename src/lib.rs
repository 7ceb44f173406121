//! cloudcensus: a census of government information systems. It reads YAML
//! inventories, checks every system against cloud-adoption and security
//! policy written in YAML with CEL conditions, and reports progress toward
//! targets.
//!
//! The modules, ground floor first; each imports only those before it:
//! the ground floor (`text`, `diagnostics`, `fields`, `yaml`,
//! `yaml_layout`, `memory`, `open_files`, `interrupt`, `panics`), then the stages in the order a scan runs them
//! (`inventory`, `probe`, `scan` — the one record —, `policy`, `report`,
//! `history`, `notify`, and `workbook`: spreadsheets in and out), then the command line (`cli`, `config`, `error`, `options`,
//! `pipeline`, `commands`, `app`). Below, each group is in rustfmt's
//! alphabetical order. Only what the binary and the integration tests use
//! is public; the rest is the crate's own.

// The ground floor: texts, places in files, field types, YAML, the
// allocator, the signals that stop a scan.
pub mod diagnostics;
pub(crate) mod digest;
pub mod fields;
pub(crate) mod interrupt;
pub(crate) mod memory;
pub mod open_files;
pub(crate) mod panics;
pub(crate) mod text;
pub(crate) mod yaml;
pub(crate) mod yaml_layout;

// The stages and the one record.
pub(crate) mod history;
pub mod inventory;
pub(crate) mod notify;
pub mod policy;
pub(crate) mod probe;
pub(crate) mod report;
pub(crate) mod scan;
pub(crate) mod workbook;

// The command line: raw arguments, options made from them, the pipeline
// that runs the stages, one file per command, and the dispatcher.
pub mod app;
pub mod cli;
pub(crate) mod commands;
pub(crate) mod config;
pub mod error;
// The fuzz targets (fuzz/ and tests/cli/fuzz_corpus.rs call them); not
// part of the tool's interface.
#[doc(hidden)]
pub mod fuzzing;
pub(crate) mod options;
pub(crate) mod pipeline;

// The invariants, as properties over generated inventories (tests only).
#[cfg(test)]
mod properties;
