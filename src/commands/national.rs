//! `cloudcensus national`: every organisation's latest run in the history
//! read together (see `policy::national`), in the format asked for.

use std::io::{self, BufWriter, Write};

use crate::cli::{ColorChoice, NationalArgs};
use crate::error::{Error, Exit};
use crate::fields::IsoDate;
use crate::history::store::Store;
use crate::options::{Layers, history_path, lang, terminal_width, use_color};
use crate::policy::national::compute;
use crate::report::Labels;
use crate::report::national::{NationalFormat, NationalOptions, render};
use crate::report::outputs::{refuse_on_terminal, write_file};

pub fn run(
    args: &NationalArgs,
    layers: &Layers<'_>,
    today: IsoDate,
    color: ColorChoice,
) -> Result<Exit, Error> {
    let labels = Labels::new(lang(args.lang, layers).value);
    // The file's format is settled before any work, as for `report`.
    let format = args.format.or_else(|| {
        args.output
            .as_deref()
            .and_then(NationalFormat::of_extension)
    });
    if let Some(path) = &args.output
        && format.is_none()
    {
        return Err(Error::NationalFormat(path.clone()));
    }
    // A workbook for a terminal is refused before any work, as `report`'s.
    if args.output.is_none() && format == Some(NationalFormat::Xlsx) {
        refuse_on_terminal("xlsx")?;
    }
    let day = args.as_of.unwrap_or(today);
    // No store yet is no organisation yet; looking creates nothing.
    let inputs = match Store::open_existing(&history_path(&args.history, layers)?)? {
        Some(mut store) => crate::history::national::inputs(&mut store, day)?,
        None => Vec::new(),
    };
    let view = compute(&inputs, day, args.max_age);
    let format = format.unwrap_or(NationalFormat::Table);
    match &args.output {
        Some(path) => {
            let options = NationalOptions {
                labels,
                color: false,
                width: None,
                csv_bom: args.csv_bom,
            };
            write_file(path, |out| render(&view, format, &options, out))?;
        }
        None => {
            let options = NationalOptions {
                labels,
                color: use_color(color),
                width: terminal_width(),
                csv_bom: args.csv_bom,
            };
            let mut out = BufWriter::new(io::stdout().lock());
            render(&view, format, &options, &mut out)?;
            out.flush()?;
        }
    }
    Ok(Exit::Compliant)
}
