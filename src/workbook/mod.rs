//! Spreadsheets in and out (issue 15): the template agencies fill in
//! (`cloudcensus template`), the inventory exported to it (`export`), and
//! filled workbooks read back into inventory YAML (`import`).
//!
//! One sheet per part of the inventory: agencies, systems, endpoints,
//! public services; a row per object, a column per field ([`columns`],
//! whose facts come from the inventory's JSON Schema). Written with
//! rust_xlsxwriter ([`write`]), read with calamine or as CSV ([`read`]),
//! turned into YAML in the house style ([`yaml_out`]) and checked as an
//! inventory file is ([`import`]).

pub mod columns;
pub mod import;
pub mod read;
pub mod write;
pub mod yaml_out;
