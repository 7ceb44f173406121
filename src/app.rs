//! The dispatcher: each command is one call; an error is printed once,
//! with its causes, and gives the exit code.

use std::error::Error as _;
use std::io::{self, Write};

use crate::cli::{Cli, Command};
use crate::commands;
use crate::error::{Error, Exit};
use crate::fields::IsoDate;

/// Runs one command. `today` is the local date, read before any thread starts.
pub fn run(cli: Cli, today: IsoDate) -> Exit {
    let quiet = cli.quiet;
    let color = cli.color;
    let result = match &cli.command {
        Command::Validate(args) => commands::validate::run(args, quiet),
        Command::Scan(args) => commands::scan::run(args, today, quiet, color),
        Command::Probe(args) => commands::probe::run(args, quiet),
        Command::Runs(args) => commands::runs::run(args),
        Command::Report(args) => commands::report::run(args, color),
        Command::Trend(args) => commands::trend::run(args),
        Command::Diff(args) => commands::diff::run(args),
        Command::Prune(args) => commands::prune::run(args, today),
        Command::Schema(args) => commands::schema::run(args.kind),
        Command::Init(args) => commands::init::run(args, quiet),
        Command::Generate(args) => commands::generate::run(&args.what),
    };
    match result {
        Ok(exit) => exit,
        Err(error) => {
            let exit = error.exit();
            if exit != Exit::Compliant {
                print_error(&error);
            }
            exit
        }
    }
}

/// `error: what went wrong`, then each cause the message does not already
/// name.
fn print_error(error: &Error) {
    let mut stderr = io::stderr().lock();
    let message = error.to_string();
    let _ = write!(stderr, "error: {message}");
    let mut cause = error.source();
    while let Some(source) = cause {
        let text = source.to_string();
        if !message.contains(&text) {
            let _ = write!(stderr, ": {text}");
        }
        cause = source.source();
    }
    let _ = writeln!(stderr);
}
