//! The national view as one self-contained HTML page
//! (`templates/report/national.html`): the sentences of who was counted
//! and left out, then its three tables, as the scan's page draws its
//! tables (and escapes every value the same way).

use std::io::{BufWriter, Write};

use askama::Template;

use super::html::HtmlTable;
use super::i18n::Labels;
use super::national::{lines, organisations, targets, worst_table, worst_texts};
use crate::policy::national::National;

#[derive(Template)]
#[template(path = "report/national.html")]
struct NationalPage<'a> {
    labels: &'a Labels,
    lang: &'static str,
    date: String,
    lines: Vec<String>,
    targets: HtmlTable,
    organisations: HtmlTable,
    worst: HtmlTable,
    footer: String,
}

pub fn write(view: &National, labels: &Labels, out: &mut dyn Write) -> std::io::Result<()> {
    let worst = worst_texts(view, labels);
    let page = NationalPage {
        labels,
        lang: labels.lang().tag(),
        date: labels.date(view.as_of),
        lines: lines(view, labels),
        targets: HtmlTable::new(&targets(view), labels),
        organisations: HtmlTable::new(&organisations(view).for_people(), labels),
        worst: HtmlTable::new(&worst_table(view, &worst), labels),
        footer: labels.with(
            "html-footer",
            &[
                ("version", env!("CARGO_PKG_VERSION").into()),
                ("date", labels.date(view.as_of).into()),
            ],
        ),
    };
    let mut out = BufWriter::with_capacity(1 << 16, out);
    page.write_into(&mut out)?;
    out.flush()
}
