//! The dispatcher: each command is one call; an error is printed once,
//! with its causes, and gives the exit code.

use std::error::Error as _;
use std::io::{self, Write};

use crate::cli::{Cli, Command, Given};
use crate::commands;
use crate::config;
use crate::error::{Error, Exit};
use crate::fields::IsoDate;
use crate::options::{self, Layers};
use crate::report::{Labels, Lang};

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
        Command::National(args) => commands::national::run(args, &layers, today, cli.color),
        Command::Prune(args) => commands::prune::run(args, &layers, today),
        Command::Config(args) => commands::config::run(args, &layers),
        Command::Schema(args) => commands::schema::run(args.kind),
        Command::Init(args) => commands::init::run(args, quiet),
        Command::Policies(args) => commands::policies::run(args, quiet),
        Command::Generate(args) => commands::generate::run(&args.what),
        Command::Template(args) => commands::template::run(args, &layers, quiet),
        Command::Import(args) => commands::import::run(args, &layers, quiet),
        Command::Export(args) => commands::export::run(args, &layers, quiet),
        Command::History(args) => commands::history::run(args, &layers),
    };
    match result {
        Ok(exit) => exit,
        Err(error) => {
            let exit = error.exit();
            if exit != Exit::Compliant {
                // The language of the command's messages: `--lang`, the
                // config file's `[report] lang`, the locale.
                let lang = options::lang(cli.command.lang(), &layers).value;
                print_error(&error, &Labels::new(lang));
            }
            exit
        }
    }
}

/// `error: what went wrong` in the language of `labels`, then each cause
/// the message does not already name (another program's words, as it
/// wrote them).
pub(crate) fn print_error(error: &Error, labels: &Labels) {
    let mut stderr = io::stderr().lock();
    let message = error.message();
    let _ = write!(
        stderr,
        "{}: {}",
        labels.get("diag-level-error"),
        message.render(labels)
    );
    // Which causes the message names is read from its English, which
    // holds them as the Vietnamese does.
    let english = error.to_string();
    let mut cause = error.source();
    while let Some(source) = cause {
        let text = source.to_string();
        if !english.contains(&text) {
            let _ = write!(stderr, ": {text}");
        }
        cause = source.source();
    }
    let _ = writeln!(stderr);
}
