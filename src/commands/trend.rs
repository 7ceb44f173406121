//! `cloudcensus trend`: each target over the recorded whole-inventory
//! scans.

use std::io::{self, BufWriter, Write};

use crate::cli::TrendArgs;
use crate::error::{Error, Exit};
use crate::history::store::Store;
use crate::options::{Layers, history_path, lang, org_key};
use crate::report::Labels;

pub fn run(args: &TrendArgs, layers: &Layers<'_>) -> Result<Exit, Error> {
    let labels = Labels::new(lang(args.lang, layers).value);
    let org = org_key(&args.history, layers);
    let Some(mut store) = Store::open_existing(&history_path(&args.history, layers)?)? else {
        println!("{}", labels.get("trend-none"));
        return Ok(Exit::Compliant);
    };
    if args.national {
        let mut out = BufWriter::new(io::stdout().lock());
        crate::history::national_trend::write(
            &mut out,
            &mut store,
            args.max_age,
            args.target.as_deref(),
            &labels,
        )?;
        out.flush()?;
        return Ok(Exit::Compliant);
    }
    // The latest run's targets give titles and goals.
    let targets = store
        .load(&org, None)?
        .map(|(_, scan)| scan.targets)
        .unwrap_or_default();
    let mut out = BufWriter::new(io::stdout().lock());
    crate::history::trend::write(
        &mut out,
        &mut store,
        &org,
        &targets,
        args.target.as_deref(),
        &labels,
    )?;
    out.flush()?;
    Ok(Exit::Compliant)
}
