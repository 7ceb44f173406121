//! cloudcensus: a census of government information systems. It reads YAML
//! inventories, checks every system against cloud-adoption and security
//! policy written in YAML with CEL conditions, and reports progress toward
//! targets. Modules follow the pipeline, ground floor first; each imports
//! only those above it in this list.

pub mod app;
pub mod cli;
pub mod diagnostics;
pub mod fields;
pub mod history;
pub mod inventory;
pub mod memory;
pub mod notify;
pub mod policy;
pub mod probe;
pub mod report;
pub mod scan;
pub mod text;
pub mod yaml;
pub mod yaml_layout;
