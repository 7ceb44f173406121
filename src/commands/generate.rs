//! `cloudcensus generate`: shell completions and the man page, from the
//! clap definition itself.

use std::io;

use clap::CommandFactory;

use crate::cli::{Cli, Generate};
use crate::error::{Error, Exit};

pub fn run(what: &Generate) -> Result<Exit, Error> {
    let mut command = Cli::command();
    let mut stdout = io::stdout().lock();
    match what {
        Generate::Completions { shell } => {
            clap_complete::generate(*shell, &mut command, "cloudcensus", &mut stdout);
        }
        Generate::Man => clap_mangen::Man::new(command).render(&mut stdout)?,
    }
    Ok(Exit::Compliant)
}
