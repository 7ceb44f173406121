use std::process::ExitCode;

use clap::Parser;

use cloudcensus::app::{self, Exit};
use cloudcensus::cli::Cli;
use cloudcensus::fields::IsoDate;

/// Worker threads evaluate CEL, whose interpreter recurses; give them room.
const WORKER_STACK_BYTES: usize = 16 * 1024 * 1024;

fn main() -> ExitCode {
    // Read the local date before any thread starts: `time` refuses to read
    // the local offset once the process is multi-threaded.
    let now = time::OffsetDateTime::now_local().unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    let today = IsoDate(now.date());

    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() {
                Exit::BadInput as u8
            } else {
                0
            });
        }
    };
    // The global pool may already exist in tests; then the default serves.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(WORKER_STACK_BYTES)
        .build_global();
    ExitCode::from(app::run(cli, today) as u8)
}
