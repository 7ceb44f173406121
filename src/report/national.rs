//! The national view (`cloudcensus national`) in every format: its tables
//! built once as typed cells (the national targets, the organisations,
//! the worst organisations per target), drawn by the same code as a
//! scan's tables in the terminal and the CSV, and its sentences (who was
//! counted, who was left out and why) shared by the table, the summary
//! and the HTML page; the workbook's sheets are the same tables. The
//! JSON is the view itself.

use std::io::Write;

use clap::ValueEnum;

use super::cells::{Cell, Column, Measure, PolicyCell, Row, Table, status_name};
use super::i18n::Labels;
use crate::policy::national::{Freshness, National};
use crate::text::plain;

/// The formats of the national view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NationalFormat {
    /// The tables, for people.
    Table,
    /// A short plain summary, for mail.
    Summary,
    /// The whole view, for scripts and dashboards.
    Json,
    /// A row per organisation, for spreadsheets.
    Csv,
    /// One self-contained HTML page.
    Html,
    /// A workbook: a sheet per table (refused on a terminal's stdout).
    Xlsx,
}

impl NationalFormat {
    /// The format a file's extension names, if one of these.
    pub fn of_extension(path: &std::path::Path) -> Option<NationalFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "txt" => NationalFormat::Table,
            "json" => NationalFormat::Json,
            "csv" => NationalFormat::Csv,
            "html" | "htm" => NationalFormat::Html,
            "xlsx" => NationalFormat::Xlsx,
            _ => return None,
        })
    }
}

/// How the view is written.
pub struct NationalOptions {
    pub labels: Labels,
    pub color: bool,
    pub width: Option<usize>,
    pub csv_bom: bool,
}

/// The view in `format`.
pub fn render(
    view: &National,
    format: NationalFormat,
    options: &NationalOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let labels = &options.labels;
    match format {
        NationalFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, view)?;
            writeln!(out)
        }
        NationalFormat::Table => {
            let draw =
                |table: &Table| super::table::draw(table, labels, options.color, options.width);
            for line in lines(view, labels) {
                writeln!(out, "{line}")?;
            }
            if view.organisations.is_empty() {
                return Ok(());
            }
            let worst = worst_texts(view, labels);
            writeln!(out, "\n{}", labels.get("section-national-targets"))?;
            writeln!(out, "{}", draw(&targets(view)))?;
            writeln!(out, "\n{}", labels.get("section-national-orgs"))?;
            writeln!(out, "{}", draw(&organisations(view).for_people()))?;
            writeln!(out, "\n{}", labels.get("section-national-worst"))?;
            writeln!(out, "{}", draw(&worst_table(view, &worst)))
        }
        NationalFormat::Summary => {
            for line in lines(view, labels) {
                writeln!(out, "{line}")?;
            }
            for line in target_lines(view, labels) {
                writeln!(out, "  {line}")?;
            }
            Ok(())
        }
        NationalFormat::Csv => {
            if options.csv_bom {
                out.write_all(b"\xEF\xBB\xBF")?;
            }
            let table = organisations(view);
            let mut writer = csv::Writer::from_writer(out);
            super::csv::write_header(&table.columns, labels, &mut writer)?;
            for row in &table.rows {
                super::csv::write_cells(&row.cells, labels, &mut writer)?;
            }
            writer.flush()
        }
        NationalFormat::Html => super::national_html::write(view, labels, out),
        NationalFormat::Xlsx => super::national_xlsx::write(view, labels, out),
    }
}

/// The sentences before the tables: the day, who was counted, who was
/// left out and why, and the organisations of another policy pack.
pub fn lines(view: &National, labels: &Labels) -> Vec<String> {
    if view.organisations.is_empty() {
        return vec![labels.get("national-none")];
    }
    let mut lines = vec![labels.with(
        "national-header",
        &[
            ("date", labels.date(view.as_of).into()),
            ("counted", view.counted.into()),
            ("total", view.organisations.len().into()),
        ],
    )];
    if view.stale + view.missing + view.other_pack > 0 {
        lines.push(labels.with(
            "national-left-out",
            &[
                ("stale", view.stale.into()),
                ("missing", view.missing.into()),
                ("other", view.other_pack.into()),
                ("days", view.max_age_days.into()),
            ],
        ));
    }
    if let Some(digest) = &view.policy_digest {
        lines.push(labels.with("national-pack", &[("digest", short_digest(digest).into())]));
    }
    for row in view.organisations.iter().filter(|row| row.other_pack) {
        let digest = row.policy_digest.as_deref().map_or_else(
            || labels.get("national-pack-unknown"),
            |d| short_digest(d).to_string(),
        );
        lines.push(labels.with(
            "national-other-pack",
            &[("org", plain(&row.id).into()), ("digest", digest.into())],
        ));
    }
    lines
}

/// A line per national target: its value, goal, deadline, status, what it
/// was summed from, and the worst organisations.
pub fn target_lines(view: &National, labels: &Labels) -> Vec<String> {
    let worst = worst_texts(view, labels);
    view.targets
        .iter()
        .zip(&worst)
        .map(|(target, worst)| {
            let progress = &target.progress;
            labels.with(
                "national-target-line",
                &[
                    ("title", plain(progress.title_in(labels.lang())).into()),
                    ("value", labels.percent_or_dash(progress.percent).into()),
                    ("goal", labels.percent(progress.goal).into()),
                    ("deadline", labels.date(progress.deadline).into()),
                    ("status", status_name(progress.status, labels).into()),
                    (
                        "measured",
                        Cell::Measured(Measure(progress))
                            .text(labels)
                            .into_owned()
                            .into(),
                    ),
                    ("worst", worst.as_str().into()),
                ],
            )
        })
        .collect()
}

/// The first twelve characters of a digest: enough to tell packs apart.
fn short_digest(digest: &str) -> &str {
    digest.get(..12).unwrap_or(digest)
}

/// Each target's worst organisations as the reader reads them:
/// "tinh-a (12.5%), bo-b (30%)"; "–" when none measured it.
pub(super) fn worst_texts(view: &National, labels: &Labels) -> Vec<String> {
    view.targets
        .iter()
        .map(|target| {
            if target.worst.is_empty() {
                return labels.percent_or_dash(None);
            }
            target
                .worst
                .iter()
                .map(|w| format!("{} ({})", plain(&w.id), labels.percent(w.percent)))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect()
}

/// The national targets, in the pack's order.
pub fn targets(view: &National) -> Table<'_> {
    let mut table = Table::new(vec![
        Column::text("title", "col-target").wrapped(48),
        Column::number("percent", "col-current"),
        Column::number("goal", "col-goal"),
        Column::text("deadline", "col-deadline"),
        Column::text("status", "col-status").wrapped(40),
        Column::text("measured", "col-measured").wrapped(40),
        Column::number("organisations", "col-orgs-measured"),
    ]);
    for target in &view.targets {
        let progress = &target.progress;
        table.rows.push(Row::new(vec![
            Cell::Policy(PolicyCell::TargetTitle(progress)),
            Cell::Percent(progress.percent),
            Cell::Percent(Some(progress.goal)),
            Cell::Date(progress.deadline),
            Cell::Status(progress.status, progress.percent),
            Cell::Measured(Measure(progress)),
            Cell::Count(target.organisations as u64),
        ]));
    }
    table
}

/// Each target's worst organisations (`worst`: their texts, from
/// [`worst_texts`]).
pub(super) fn worst_table<'a>(view: &'a National, worst: &'a [String]) -> Table<'a> {
    let mut table = Table::new(vec![
        Column::text("title", "col-target").wrapped(48),
        Column::text("worst", "col-worst-orgs").wrapped(60),
    ]);
    for (target, worst) in view.targets.iter().zip(worst) {
        table.rows.push(Row::new(vec![
            Cell::Policy(PolicyCell::TargetTitle(&target.progress)),
            Cell::Text(worst),
        ]));
    }
    table
}

/// A row per organisation, by id.
pub fn organisations(view: &National) -> Table<'_> {
    let mut table = Table::new(vec![
        Column::text("id", "col-org"),
        Column::text("name", "col-name").wrapped(32),
        Column::text("kind", "col-org-kind"),
        Column::number("systems", "col-systems"),
        Column::number("on_cloud_percent", "col-on-cloud"),
        Column::number("services_online_percent", "col-services-online"),
        Column::number("compliance_percent", "col-compliance"),
        Column::text("last_run", "col-last-run"),
        Column::text("status", "col-status"),
        Column::text("policy_pack", "col-pack"),
        Column::text("policy_digest", "csv-policy_digest").data_only(),
    ]);
    for row in &view.organisations {
        let last_run = row
            .as_of
            .as_deref()
            .and_then(|day| crate::fields::IsoDate::parse(day).ok())
            .map_or(Cell::Empty, Cell::Date);
        let pack = match (row.status, row.other_pack) {
            (Freshness::Missing, _) => Cell::Empty,
            (_, true) => Cell::Label("national-pack-other"),
            (_, false) => Cell::Label("national-pack-same"),
        };
        table.rows.push(Row::new(vec![
            Cell::Key(&row.id),
            Cell::text_or_empty(row.name.as_deref()),
            org_kind_cell(row.kind.as_deref()),
            row.systems.map_or(Cell::Empty, Cell::Count),
            Cell::Percent(row.on_cloud_percent),
            Cell::Percent(row.services_online_percent),
            Cell::Percent(row.compliance_percent),
            last_run,
            Cell::Label(match row.status {
                Freshness::Fresh => "national-status-fresh",
                Freshness::Stale => "national-status-stale",
                Freshness::Missing => "national-status-missing",
            }),
            pack,
            Cell::text_or_empty(row.policy_digest.as_deref()),
        ]));
    }
    table
}

/// An organisation's kind in the reader's words; as recorded if unknown.
fn org_kind_cell(kind: Option<&str>) -> Cell<'_> {
    match kind {
        Some("province") => Cell::Label("org-kind-province"),
        Some("city") => Cell::Label("org-kind-city"),
        Some("ministry") => Cell::Label("org-kind-ministry"),
        other => Cell::text_or_empty(other),
    }
}
