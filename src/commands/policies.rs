//! `cloudcensus policies [DIR]`: the policy pack built into the binary,
//! written out for review or as the start of an organisation's own.

use crate::cli::PoliciesArgs;
use crate::error::{Error, Exit};

pub fn run(args: &PoliciesArgs, quiet: bool) -> Result<Exit, Error> {
    super::init::write_new_files(&super::init::pack_files(&args.dir), args.force, quiet)
}
