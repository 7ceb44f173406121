//! cloudcensus: a census of government information systems. It reads YAML
//! inventories, checks every system against cloud-adoption and security
//! policy written in YAML with CEL conditions, and reports progress toward
//! targets. Modules are listed from the ground floor up; each imports only
//! those above it in this list.

// Ground floor: texts, places in files, field types, YAML, the allocator.
pub mod diagnostics;
pub mod fields;
pub mod memory;
pub mod text;
pub mod yaml;
pub mod yaml_layout;
// The stages, in the order a scan runs them, and the one record.
pub mod history;
pub mod inventory;
pub mod notify;
pub mod policy;
pub mod probe;
pub mod report;
pub mod scan;
// The command line: raw arguments, options made from them, the pipeline
// that runs the stages, one file per command, and the dispatcher.
pub mod app;
pub mod cli;
pub mod commands;
pub mod error;
pub mod options;
pub mod pipeline;
