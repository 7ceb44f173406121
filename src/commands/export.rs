//! `cloudcensus export [PATH...] --format xlsx --output FILE`: the
//! inventory as a filled template, for an agency to review and send back.

use crate::cli::ExportArgs;
use crate::diagnostics::Diagnostics;
use crate::error::{Error, Exit};
use crate::inventory;
use crate::options::{self, InputSettings, Layers};
use crate::report::Labels;
use crate::workbook::write::{self, AgencyRows};

pub fn run(args: &ExportArgs, layers: &Layers<'_>, quiet: bool) -> Result<Exit, Error> {
    let lang = options::lang(args.lang, layers).value;
    let paths = InputSettings::inventories_only(&args.paths, layers);
    let mut diagnostics = Diagnostics::default();
    let inventory = inventory::load(&paths, &mut diagnostics);
    diagnostics.sort();
    super::print_diagnostics(&diagnostics, lang);
    if diagnostics.has_errors() {
        return Ok(Exit::BadInput);
    }
    let rows: Vec<AgencyRows<'_>> = inventory
        .agencies
        .iter()
        .map(|entry| AgencyRows {
            agency: &entry.agency,
            systems: &entry.systems,
        })
        .collect();
    let labels = Labels::new(lang);
    write::save(&args.output, &labels, &rows)
        .map_err(|error| super::template::not_written(&args.output, &error))?;
    if !quiet {
        let path = args.output.display().to_string();
        println!(
            "{}",
            labels.with(
                "wb-export-written",
                &[
                    ("agencies", rows.len().into()),
                    ("systems", inventory.system_count().into()),
                    ("path", path.into()),
                ]
            )
        );
    }
    Ok(Exit::Compliant)
}
