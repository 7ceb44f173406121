//! `cloudcensus validate`: load and check inventories and policies, every
//! error at once, no network.

use crate::cli::ValidateArgs;
use crate::error::{Error, Exit};
use crate::options::{self, InputSettings, Layers};
use crate::pipeline;

pub fn run(args: &ValidateArgs, layers: &Layers<'_>, quiet: bool) -> Result<Exit, Error> {
    let mut input = InputSettings::resolve(&args.input, layers).paths();
    input.coverage.strict = args.strict;
    let loaded = pipeline::load(&input);
    if !quiet {
        super::say_policy_origin(&loaded.policy, options::lang(args.lang, layers).value);
    }
    super::print_diagnostics(&loaded.diagnostics);
    if loaded.diagnostics.has_errors() {
        return Ok(Exit::BadInput);
    }
    if !quiet {
        println!(
            "ok: {} agencies, {} systems in {} inventory files; {} rules, {} targets, {} waivers, {} providers",
            loaded.inventory.agencies.len(),
            loaded.inventory.system_count(),
            loaded.inventory.sources.len(),
            loaded.policy.rules.len(),
            loaded.policy.targets.len(),
            loaded.policy.waivers.len(),
            loaded.policy.providers.len(),
        );
    }
    Ok(Exit::Compliant)
}
