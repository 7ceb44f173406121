//! `cloudcensus validate`: load and check inventories and policies, every
//! error at once, no network.

use crate::cli::ValidateArgs;
use crate::error::{Error, Exit};
use crate::options::{self, InputSettings, Layers};
use crate::pipeline;
use crate::report::Labels;
use fluent_bundle::FluentValue;

pub fn run(args: &ValidateArgs, layers: &Layers<'_>, quiet: bool) -> Result<Exit, Error> {
    let mut input = InputSettings::resolve(&args.input, layers).paths();
    input.coverage.strict = args.strict;
    let loaded = pipeline::load(&input);
    let lang = options::lang(args.lang, layers).value;
    if !quiet {
        super::say_policy_origin(&loaded.policy, lang);
    }
    super::print_diagnostics(&loaded.diagnostics, lang);
    if loaded.diagnostics.has_errors() {
        return Ok(Exit::BadInput);
    }
    if !quiet {
        let counts: [(&str, usize); 7] = [
            ("agencies", loaded.inventory.agencies.len()),
            ("systems", loaded.inventory.system_count()),
            ("files", loaded.inventory.sources.len()),
            ("rules", loaded.policy.rules.len()),
            ("targets", loaded.policy.targets.len()),
            ("waivers", loaded.policy.waivers.len()),
            ("providers", loaded.policy.providers.len()),
        ];
        let args: Vec<(&str, FluentValue<'_>)> = counts
            .iter()
            .map(|(name, n)| (*name, (*n).into()))
            .collect();
        println!("{}", Labels::new(lang).with("validate-ok", &args));
    }
    Ok(Exit::Compliant)
}
