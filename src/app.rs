//! The dispatcher: each command is one call; an error is printed once,
//! with its causes, and gives the exit code.

use std::error::Error as _;
use std::io::{self, Write};

use crate::cli::{Cli, Command, Given};
use crate::commands;
use crate::config;
use crate::error::{Error, Exit};
use crate::fields::IsoDate;
use crate::options::Layers;
use crate::report::Lang;

/// Runs one command. `given` says which arguments were given (see
/// `cli::parse_from`); `today` is the local date, read before any thread
/// starts.
pub fn run(cli: Cli, given: Given, today: IsoDate) -> Exit {
    let quiet = cli.quiet;
    // The config file, for the commands that take settings from it; a
    // broken one stops them with every mistake listed.
    let reads_config = !matches!(
        cli.command,
        Command::Schema(_) | Command::Init(_) | Command::Generate(_)
    );
    let file = if reads_config {
        match config::load(cli.config.as_deref()) {
            Ok(file) => file,
            Err(diagnostics) => {
                // The config file's `[report] lang` is not to be had:
                // the flag, else the locale.
                let lang = cli.command.lang().unwrap_or_else(Lang::from_env);
                commands::print_diagnostics(&diagnostics, lang);
                return Exit::BadInput;
            }
        }
    } else {
        None
    };
    let layers = Layers {
        given: &given,
        file: file.as_ref(),
    };
    let result = match &cli.command {
        Command::Validate(args) => commands::validate::run(args, &layers, quiet),
        Command::Scan(args) => commands::scan::run(args, &layers, today, quiet, cli.color),
        Command::Probe(args) => commands::probe::run(args, &layers, quiet),
        Command::Runs(args) => commands::runs::run(args, &layers),
        Command::Report(args) => commands::report::run(args, &layers, cli.color),
        Command::Trend(args) => commands::trend::run(args, &layers),
        Command::Diff(args) => commands::diff::run(args, &layers),
        Command::Prune(args) => commands::prune::run(args, &layers, today),
        Command::Config(args) => commands::config::run(args, &layers),
        Command::Schema(args) => commands::schema::run(args.kind),
        Command::Init(args) => commands::init::run(args, quiet),
        Command::Policies(args) => commands::policies::run(args, quiet),
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
