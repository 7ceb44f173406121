//! The shape every report table has: columns, and rows of typed cells.
//!
//! The builders in `tables.rs` make each table once from the record; the
//! terminal, Markdown, HTML and CSV reporters render the same cells, each
//! with its own escaping and number format. Cells stay typed (a count is a
//! number, a percentage an `f64`, a date a date) so that a format can write
//! them natively: the CSV writes `66.7` where people read `66.7%`, and a
//! spreadsheet format can write real numbers.
//!
//! Cells borrow their texts from the record and are not cleaned: cleaning
//! and escaping belong to the format that writes them.

use std::borrow::Cow;

use super::i18n::Labels;
use crate::fields::IsoDate;
use crate::inventory::model::AgencyKind;
use crate::report::Lang;
use crate::scan::{
    Outcome, RuleSummary, ScanResult, Severity, TargetProgress, TargetStatus, TargetUnit,
    WaiverState,
};

/// How a column's cells line up: numbers right, texts left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The stable machine name: the JSON record's field name where there is
    /// one, and the CSV header in English (message `csv-<name>`).
    pub name: &'static str,
    /// The message id of the heading people read.
    pub heading: &'static str,
    pub align: Align,
    /// Widest the column may grow in a fixed-width layout (the terminal)
    /// before its text wraps; `None` for short values that never wrap.
    pub width: Option<usize>,
    /// In a fixed-width layout, a text past `width` is cut (ending in `…`)
    /// rather than wrapped, so that each row keeps to one line.
    pub one_line: bool,
    /// Shown only by the data formats (CSV): the people's tables stay
    /// narrow enough to read.
    pub data_only: bool,
}

impl Column {
    /// A text column that people read.
    pub const fn text(name: &'static str, heading: &'static str) -> Column {
        Column {
            name,
            heading,
            align: Align::Left,
            width: None,
            one_line: false,
            data_only: false,
        }
    }

    /// A number column that people read.
    pub const fn number(name: &'static str, heading: &'static str) -> Column {
        Column {
            align: Align::Right,
            ..Column::text(name, heading)
        }
    }

    /// The column wraps past `width` characters in the terminal.
    pub const fn wrapped(self, width: usize) -> Column {
        Column {
            width: Some(width),
            ..self
        }
    }

    /// Only the data formats show the column.
    pub const fn data_only(self) -> Column {
        Column {
            data_only: true,
            ..self
        }
    }
}

/// One value of a table, as the record holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Nothing: an absent value, or the blank under a total's label.
    Empty,
    /// Text from an inventory, a policy, a server or a stored record.
    Text(&'a str),
    /// An identifier the record defines (agency id, system key, rule id):
    /// text that should not break across lines.
    Key(&'a str),
    /// A message of ours, by id, e.g. `row-all`.
    Label(&'static str),
    Count(u64),
    /// A percentage from 0 to 100; `None` when there was nothing to measure.
    Percent(Option<f64>),
    Date(IsoDate),
    Severity(Severity),
    Outcome(Outcome),
    /// A target's status; the percentage reached goes with a missed one.
    Status(TargetStatus, Option<f64>),
    /// What a target's percentage was computed from, "26 of 27 agencies":
    /// its numerator, denominator, unit and undecided count.
    Measured(Measure<'a>),
    Waiver(WaiverState),
    /// A text of the policy's, shown in the reader's language.
    Policy(PolicyCell<'a>),
    /// What kind of agency a row is.
    Kind(AgencyKind),
    /// How many systems fail a rule, and how many of them newly: "38 (2 new)".
    Systems {
        count: u64,
        new: u64,
    },
    /// An agency's mail domains (or all agencies'): how many are at DMARC
    /// p=reject (trustymail's compliant) of how many, and how many have no
    /// DMARC facts (offline, a failed lookup).
    MailPosture {
        reject: u32,
        domains: u32,
        unknown: u32,
    },
    /// The agencies with the most failing systems for a rule, most first:
    /// "so-yte (5), so-gd (3), so-tc (3), +4 more" (see [`WORST_AGENCIES`]).
    Agencies(&'a [(&'a str, u64)]),
}

/// A text the policy may give per language: the record holds each
/// language's, and the cell picks the reader's when it is shown. Borrowed;
/// two are equal when they are the same text of the same rule or target.
#[derive(Debug, Clone, Copy)]
pub enum PolicyCell<'a> {
    RuleTitle(&'a RuleSummary),
    Remediation(&'a RuleSummary),
    TargetTitle(&'a TargetProgress),
}

impl PartialEq for PolicyCell<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (PolicyCell::RuleTitle(a), PolicyCell::RuleTitle(b))
            | (PolicyCell::Remediation(a), PolicyCell::Remediation(b)) => std::ptr::eq(*a, *b),
            (PolicyCell::TargetTitle(a), PolicyCell::TargetTitle(b)) => std::ptr::eq(*a, *b),
            _ => false,
        }
    }
}

impl<'a> PolicyCell<'a> {
    /// The text for readers of `lang`; empty for a rule without a remediation.
    pub fn text(self, lang: Lang) -> &'a str {
        match self {
            PolicyCell::RuleTitle(rule) => rule.title_in(lang),
            PolicyCell::Remediation(rule) => rule.remediation_in(lang).unwrap_or_default(),
            PolicyCell::TargetTitle(target) => target.title_in(lang),
        }
    }
}

/// How many agencies a list of the worst ([`Cell::Agencies`]) names before
/// it counts the rest: three fit beside a rule's title in the terminal.
/// Past three, only agencies with more than one failing system are named.
pub const WORST_AGENCIES: usize = 3;

/// The target a [`Cell::Measured`] reads its counts from. Borrowed, so
/// that a cell stays three words long however much a target holds; two are
/// equal when they are the same target.
#[derive(Debug, Clone, Copy)]
pub struct Measure<'a>(pub &'a TargetProgress);

impl PartialEq for Measure<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl<'a> Cell<'a> {
    /// Text, or [`Cell::Empty`] when the record has none.
    pub fn text_or_empty(text: Option<&'a str>) -> Cell<'a> {
        text.map_or(Cell::Empty, Cell::Text)
    }

    /// The cell as people read it, in the report's language, before the
    /// format cleans and escapes it.
    pub fn text(&self, labels: &Labels) -> Cow<'a, str> {
        match *self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(text) | Cell::Key(text) => Cow::Borrowed(text),
            Cell::Label(id) => labels.get(id).into(),
            Cell::Count(n) => n.to_string().into(),
            Cell::Percent(value) => labels.percent_or_dash(value).into(),
            Cell::Date(date) => labels.date(date).into(),
            Cell::Severity(severity) => severity_name(severity, labels).into(),
            Cell::Outcome(outcome) => outcome_name(outcome, labels).into(),
            Cell::Status(status, percent) => status_text(status, percent, labels).into(),
            Cell::Measured(Measure(target)) => {
                let unit = if target.rule.is_none() {
                    "unit-services"
                } else if target.unit == TargetUnit::Agency {
                    "unit-agencies"
                } else {
                    "unit-systems"
                };
                let mut text = labels.with(
                    "measured",
                    &[
                        ("numerator", target.numerator.into()),
                        ("denominator", target.denominator.into()),
                        ("unit", labels.get(unit).into()),
                    ],
                );
                if target.undecided > 0 {
                    text.push_str(
                        &labels.with("measured-unknown", &[("count", target.undecided.into())]),
                    );
                }
                text.into()
            }
            Cell::Waiver(state) => waiver_state_name(state, labels).into(),
            Cell::Policy(text) => Cow::Borrowed(text.text(labels.lang())),
            Cell::Kind(kind) => agency_kind_name(kind, labels).into(),
            Cell::MailPosture {
                domains, unknown, ..
            } if unknown == domains => labels
                .with("mail-posture-unknown", &[("domains", domains.into())])
                .into(),
            Cell::MailPosture {
                reject,
                domains,
                unknown,
            } => {
                let mut text = labels.with(
                    "mail-posture",
                    &[("reject", reject.into()), ("domains", domains.into())],
                );
                if unknown > 0 {
                    text.push_str(&labels.with("measured-unknown", &[("count", unknown.into())]));
                }
                text.into()
            }
            Cell::Systems { count, new: 0 } => count.to_string().into(),
            Cell::Systems { count, new } => labels
                .with("count-new", &[("count", count.into()), ("new", new.into())])
                .into(),
            Cell::Agencies(agencies) => {
                let named = |agencies: &[(&str, u64)]| -> Vec<String> {
                    agencies
                        .iter()
                        .map(|(agency, count)| format!("{agency} ({count})"))
                        .collect()
                };
                // A short list in full; a long one names the agencies with
                // more than one failing system (ties at one would be picked
                // by their id, which says nothing).
                if agencies.len() <= WORST_AGENCIES {
                    return named(agencies).join(", ").into();
                }
                let shown = agencies
                    .iter()
                    .take(WORST_AGENCIES)
                    .take_while(|(_, count)| *count > 1)
                    .count();
                if shown == 0 {
                    return labels
                        .with("worst-spread", &[("count", agencies.len().into())])
                        .into();
                }
                let mut parts = named(&agencies[..shown]);
                let more = agencies.len() - shown;
                parts.push(labels.with("worst-more", &[("count", more.into())]));
                parts.join(", ").into()
            }
        }
    }
}

/// A row of cells, one per column.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    pub cells: Vec<Cell<'a>>,
    /// A failing finding the previous recorded scan did not have: the
    /// people's formats mark it, as the reader looks for those first.
    pub new: bool,
}

impl<'a> Row<'a> {
    pub fn new(cells: Vec<Cell<'a>>) -> Row<'a> {
        Row { cells, new: false }
    }
}

/// A report table: columns, rows and, for the people's tables, a row of
/// totals.
#[derive(Debug, Clone, PartialEq)]
pub struct Table<'a> {
    pub columns: Vec<Column>,
    pub rows: Vec<Row<'a>>,
    /// The closing "all" row. Data formats leave it out: a script or a
    /// spreadsheet would count it as one more row of data.
    pub total: Option<Vec<Cell<'a>>>,
}

impl<'a> Table<'a> {
    pub fn new(columns: Vec<Column>) -> Table<'a> {
        Table {
            columns,
            rows: Vec::new(),
            total: None,
        }
    }

    /// The position of the column named `name`.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|column| column.name == name)
    }

    /// The column named `name` wraps past `width` characters in the
    /// terminal (a table shown in another layout than its builder's).
    pub fn wrap(&mut self, name: &str, width: usize) {
        if let Some(column) = self.columns.iter_mut().find(|c| c.name == name) {
            column.width = Some(width);
            column.one_line = false;
        }
    }

    /// The column named `name` is cut past `width` characters in the
    /// terminal, each row on one line.
    pub fn truncate(&mut self, name: &str, width: usize) {
        if let Some(column) = self.columns.iter_mut().find(|c| c.name == name) {
            column.width = Some(width);
            column.one_line = true;
        }
    }

    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|column| column.name == name)
    }

    /// The cell of `row` in the column named `name`; empty if there is no
    /// such column.
    pub fn cell(&self, row: &Row<'a>, name: &str) -> Cell<'a> {
        self.position(name)
            .and_then(|at| row.cells.get(at).copied())
            .unwrap_or(Cell::Empty)
    }

    /// The table without its data-only columns: what people read.
    pub fn for_people(self) -> Table<'a> {
        let names: Vec<&'static str> = self
            .columns
            .iter()
            .filter(|column| !column.data_only)
            .map(|column| column.name)
            .collect();
        self.select(&names)
    }

    /// The columns named in `names`, in that order (names the table does
    /// not have are left out). Takes the table: a large record's findings
    /// are not held twice.
    pub fn select(self, names: &[&str]) -> Table<'a> {
        let picked: Vec<usize> = names.iter().filter_map(|n| self.position(n)).collect();
        debug_assert_eq!(picked.len(), names.len(), "unknown column in {names:?}");
        let pick = |cells: Vec<Cell<'a>>| -> Vec<Cell<'a>> {
            picked
                .iter()
                .map(|&at| cells.get(at).copied().unwrap_or(Cell::Empty))
                .collect()
        };
        Table {
            columns: picked
                .iter()
                .filter_map(|&at| self.columns.get(at).cloned())
                .collect(),
            rows: self
                .rows
                .into_iter()
                .map(|row| Row {
                    cells: pick(row.cells),
                    new: row.new,
                })
                .collect(),
            total: self.total.map(pick),
        }
    }

    /// The rows split by their cell in the column named `name`, each group a
    /// table of its own with the same columns, in the order the values first
    /// appear.
    pub fn group_by(self, name: &str) -> Vec<(Cell<'a>, Table<'a>)> {
        let at = self.position(name);
        let mut groups: Vec<(Cell<'a>, Table<'a>)> = Vec::new();
        for row in self.rows {
            let key = at
                .and_then(|at| row.cells.get(at).copied())
                .unwrap_or(Cell::Empty);
            // A linear search: tables are grouped by severity or by rule,
            // a handful of groups, however many rows.
            let group = match groups.iter().position(|(k, _)| *k == key) {
                Some(group) => group,
                None => {
                    groups.push((key, Table::new(self.columns.clone())));
                    groups.len() - 1
                }
            };
            groups[group].1.rows.push(row);
        }
        groups
    }
}

/// A severity's name in the reader's language ("high", "cao").
pub fn severity_name(severity: Severity, labels: &Labels) -> String {
    labels.get(&format!("severity-{}", severity.as_str()))
}

/// An outcome's name in the reader's language ("fail", "chưa đạt").
pub fn outcome_name(outcome: Outcome, labels: &Labels) -> String {
    labels.get(&format!("outcome-{}", outcome.as_str()))
}

/// A waiver state's name in the reader's language ("expired", "đã hết hạn").
pub fn waiver_state_name(state: WaiverState, labels: &Labels) -> String {
    labels.get(&format!("waiver-{}", state.as_str()))
}

/// An agency kind's name in the reader's language ("department", "sở, ngành").
pub fn agency_kind_name(kind: AgencyKind, labels: &Labels) -> String {
    labels.get(&format!("kind-{}", kind.as_str()))
}

/// The first cell of the total row: the name of the whole the agencies
/// make up, from the organisation's kind in the record (`[org] kind` of
/// the config file): "toàn tỉnh", "toàn thành phố", "toàn Bộ". Without it
/// the inventory says nothing of the whole (its agencies without a parent
/// are departments and districts), so the label is the neutral "all
/// agencies", "toàn bộ". A record narrowed to some agencies (one agency's
/// own report) is no whole: its row is their "total", "tổng cộng", lest an
/// agency read its own figures as the province's.
pub fn whole_cell(scan: &ScanResult) -> Cell<'_> {
    if !scan.scope.agencies.is_empty() {
        return Cell::Label("row-total");
    }
    Cell::Label(whole_label(
        scan.organisation.kind.map(|kind| kind.as_str()),
    ))
}

/// The message naming a whole of the given kind (`province`, `city`,
/// `ministry`), "toàn tỉnh", "toàn thành phố", "toàn Bộ"; the neutral
/// "toàn bộ" for any other or none.
pub fn whole_label(kind: Option<&str>) -> &'static str {
    match kind {
        Some("province") => "whole-province",
        Some("city") => "whole-city",
        Some("ministry") => "whole-ministry",
        _ => "row-all",
    }
}

/// The status in a word or two, e.g. "missed", for a line that gives the
/// value beside it (the summary, `trend`).
pub fn status_name(status: TargetStatus, labels: &Labels) -> String {
    labels.get(&format!("status-name-{}", status.as_str()))
}

/// The status as a manager reads it, e.g. "missed (reached 76%)".
pub fn status_text(status: TargetStatus, percent: Option<f64>, labels: &Labels) -> String {
    match status {
        TargetStatus::Met => labels.get("status-met"),
        TargetStatus::OnTrack => labels.get("status-on-track"),
        TargetStatus::Behind => labels.get("status-behind"),
        TargetStatus::NoProgress => labels.get("status-no-progress"),
        TargetStatus::Missed => labels.with(
            "status-missed",
            &[("value", labels.percent_or_dash(percent).into())],
        ),
        TargetStatus::NoTrend => labels.get("status-no-trend"),
        TargetStatus::NoData => labels.get("status-no-data"),
    }
}

/// `text` with its first letter upper case, for a heading: the severity
/// names are written lower case for use inside sentences.
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::report::Lang;

    fn table() -> Table<'static> {
        let mut table = Table::new(vec![
            Column::text("key", "col-system"),
            Column::number("count", "col-failing"),
            Column::text("note", "col-finding").data_only(),
        ]);
        for (key, count) in [("b", 1), ("a", 2), ("b", 3)] {
            table.rows.push(Row::new(vec![
                Cell::Key(key),
                Cell::Count(count),
                Cell::Text("n"),
            ]));
        }
        table.total = Some(vec![Cell::Label("row-all"), Cell::Count(6), Cell::Empty]);
        table
    }

    #[test]
    fn selecting_columns_keeps_rows_and_total_in_step() {
        let people = table().for_people();
        assert_eq!(people.columns.len(), 2);
        let picked = table().select(&["count", "key"]);
        assert_eq!(picked.columns[0].name, "count");
        assert_eq!(picked.rows[1].cells, [Cell::Count(2), Cell::Key("a")]);
        assert_eq!(
            picked.total,
            Some(vec![Cell::Count(6), Cell::Label("row-all")])
        );
    }

    #[test]
    fn groups_keep_first_appearance_order() {
        let groups = table().group_by("key");
        let keys: Vec<Cell> = groups.iter().map(|(key, _)| *key).collect();
        assert_eq!(keys, [Cell::Key("b"), Cell::Key("a")]);
        assert_eq!(groups[0].1.rows.len(), 2);
        assert_eq!(groups[0].1.total, None);
    }

    #[test]
    fn cells_read_in_the_reports_language() {
        let vi = Labels::new(Lang::Vi);
        assert_eq!(Cell::Percent(Some(66.666)).text(&vi), "66,7%");
        assert_eq!(Cell::Percent(None).text(&vi), "–");
        assert_eq!(Cell::Severity(Severity::High).text(&vi), "cao");
        assert_eq!(Cell::Severity(Severity::Critical).text(&vi), "nghiêm trọng");
        assert_eq!(Cell::Outcome(Outcome::Fail).text(&vi), "chưa đạt");
        assert_eq!(Cell::Waiver(WaiverState::Expired).text(&vi), "đã hết hạn");
        assert_eq!(
            Cell::Kind(AgencyKind::Unit).text(&vi),
            "đơn vị sự nghiệp công lập"
        );
        let en = Labels::new(Lang::En);
        let mut scan = crate::report::hostile_scan();
        let target = &mut scan.targets[0];
        (target.numerator, target.denominator, target.undecided) = (26.0, 27.0, 2);
        target.unit = TargetUnit::Agency;
        let measured = Cell::Measured(Measure(&scan.targets[0]));
        assert_eq!(measured.text(&en), "26 of 27 agencies, 2 unknown");
        assert_eq!(capitalized("đặc biệt"), "Đặc biệt");
        // Three words: a large record's tables hold millions of cells.
        assert!(std::mem::size_of::<Cell>() <= 24);
    }
}
