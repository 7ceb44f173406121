//! End-to-end tests of the `cloudcensus` binary, one module per theme.
//! Each test works in its own temporary folder.

// Test code: a failed setup step should stop the test where it happened.
#![allow(clippy::unwrap_used)]

mod common;
mod config;
mod faults_clock;
mod faults_disk;
mod faults_inputs;
mod faults_network;
mod faults_signals;
mod fuzz_corpus;
mod history;
mod inventory_errors;
mod lang;
mod lang_errors;
mod load;
mod mail;
mod mail_domains;
mod mail_scan;
mod national;
mod national_workbook;
mod nightly;
mod openmetrics;
mod per_agency;
mod pg_server;
mod pg_tls;
mod policy_errors;
mod policy_pack;
mod probe;
mod robustness;
mod scan;
mod scan_online;
mod schema_init;
mod secrets;
mod servers;
mod shared_history;
mod tls_versions;
mod view;
mod web_hygiene;
mod workbook;
mod workbook_report;
