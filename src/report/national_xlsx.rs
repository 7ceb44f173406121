//! The national view as a workbook (`cloudcensus national --format
//! xlsx`): the national targets, the organisations (every column of the
//! national CSV) and the lowest organisations per target, a sheet each,
//! written by the scan's workbook's sheet builder from the same typed
//! tables as the terminal, the CSV and the page: counts and percentages
//! numbers, days dates, statuses coloured, in the reader's language.

use std::io::{self, Write};

use super::i18n::Labels;
use super::national::{lines, organisations, targets, worst_table, worst_texts};
use super::xlsx::tables_workbook;
use crate::policy::national::National;

/// Writes the workbook of `view` to `out`; it is made whole first (a zip
/// is written with seeks, which stdout cannot).
pub fn write(view: &National, labels: &Labels, out: &mut dyn Write) -> io::Result<()> {
    let worst = worst_texts(view, labels);
    let title = lines(view, labels).into_iter().next().unwrap_or_default();
    let bytes = tables_workbook(
        labels,
        &title,
        view.as_of,
        &[
            ("xlsx-sheet-national-targets", targets(view), 0),
            // The organisation's id stays in sight when scrolling right.
            ("xlsx-sheet-national-orgs", organisations(view), 1),
            ("xlsx-sheet-national-worst", worst_table(view, &worst), 0),
        ],
    )
    .map_err(io::Error::other)?;
    out.write_all(&bytes)
}
