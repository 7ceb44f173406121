//! Every report table, built once from the record as typed cells (see
//! `cells.rs`): targets, agencies, findings, the rules to fix and the
//! waivers that need attention. The reporters choose the columns they show
//! and render the cells in their own format.

use std::collections::HashMap;

use super::cells::{Cell, Column, Measure, PolicyCell, Row, Table, whole_cell};
use crate::scan::{
    AgencySummary, Finding, Outcome, RuleSummary, ScanResult, Severity, SystemCounts,
    SystemSummary, WaiverState,
};

/// Widest a free-text column (a title, a remediation) grows in the
/// terminal before it wraps.
const TEXT_WIDTH: usize = 48;

/// Widest a target's status or measure grows: wider than any, they wrap
/// only when the table is fitted to a narrow terminal.
const STATUS_WIDTH: usize = 40;

/// Widest an agency name grows in the terminal: the agency table has ten
/// columns to fit.
const NAME_WIDTH: usize = 32;

/// Progress toward each target, in policy order.
pub fn targets(scan: &ScanResult) -> Table<'_> {
    let mut table = Table::new(vec![
        Column::text("title", "col-target").wrapped(TEXT_WIDTH),
        Column::number("percent", "col-current"),
        Column::number("goal", "col-goal"),
        Column::text("deadline", "col-deadline"),
        // Short: wrapped only to fit a narrow terminal.
        Column::text("status", "col-status").wrapped(STATUS_WIDTH),
        Column::text("measured", "col-measured").wrapped(STATUS_WIDTH),
    ]);
    for target in &scan.targets {
        table.rows.push(Row::new(vec![
            Cell::Policy(PolicyCell::TargetTitle(target)),
            Cell::Percent(target.percent),
            Cell::Percent(Some(target.goal)),
            Cell::Date(target.deadline),
            Cell::Status(target.status, target.percent),
            Cell::Measured(Measure(target)),
        ]));
    }
    table
}

/// The failing counts the people's agency table shows, most severe first;
/// `info` findings are advice and only the data formats count them.
const AGENCY_SEVERITIES: [(Severity, &str, &str); 5] = [
    (Severity::Critical, "failing_critical", "severity-critical"),
    (Severity::High, "failing_high", "severity-high"),
    (Severity::Medium, "failing_medium", "severity-medium"),
    (Severity::Low, "failing_low", "severity-low"),
    (Severity::Info, "failing_info", "severity-info"),
];

/// The cells an agency's row and the total row share, from systems to
/// compliance.
fn count_cells<'a>(counts: &SystemCounts) -> impl Iterator<Item = Cell<'a>> + use<'a> {
    [
        Cell::Count(counts.systems as u64),
        Cell::Count(counts.retired_systems as u64),
        Cell::Count(counts.retiring_systems as u64),
        Cell::Count(counts.on_cloud as u64),
        Cell::Percent(counts.on_cloud_percent()),
        Cell::Count(counts.services_total),
        Cell::Count(counts.services_fully_online),
        Cell::Percent(counts.services_percent()),
    ]
    .into_iter()
    .chain(AGENCY_SEVERITIES.map(|(severity, ..)| Cell::Count(counts.failing.get(severity) as u64)))
    .chain([Cell::Percent(counts.outcomes.compliance_percent())])
}

/// A row per agency, sorted by id as the record is, and the province's
/// totals. The failing counts are headed by the severity names.
pub fn agencies(scan: &ScanResult) -> Table<'_> {
    let mut columns = vec![
        Column::text("id", "col-agency"),
        Column::text("name", "col-name").wrapped(NAME_WIDTH),
        Column::text("kind", "csv-kind").data_only(),
        Column::number("systems", "col-systems"),
        Column::number("retired_systems", "csv-retired_systems").data_only(),
        Column::number("retiring_systems", "csv-retiring_systems").data_only(),
        Column::number("on_cloud", "csv-on_cloud").data_only(),
        Column::number("on_cloud_percent", "col-on-cloud"),
        Column::number("services_total", "csv-services_total").data_only(),
        Column::number("services_fully_online", "csv-services_fully_online").data_only(),
        Column::number("services_online_percent", "col-services-online"),
    ];
    for (severity, name, heading) in AGENCY_SEVERITIES {
        let column = Column::number(name, heading);
        columns.push(if severity == Severity::Info {
            column.data_only()
        } else {
            column
        });
    }
    columns.push(Column::number("compliance_percent", "col-compliance"));
    // The mail column only where some agency names its domains.
    let mail = scan
        .agencies
        .iter()
        .any(|a| !a.domains.is_empty())
        .then(|| MailPostures::new(scan));
    if mail.is_some() {
        columns.push(Column::text("mail_dmarc_reject", "col-mail"));
    }
    columns.push(Column::text("file", "csv-file").data_only());
    let mut table = Table::new(columns);

    for agency in &scan.agencies {
        let mut cells = vec![
            Cell::Key(&agency.id),
            Cell::Text(&agency.name),
            Cell::Kind(agency.kind),
        ];
        cells.extend(count_cells(&agency.counts));
        if let Some(mail) = &mail {
            cells.push(mail.cell(std::iter::once(agency)));
        }
        cells.push(Cell::Text(&agency.file));
        table.rows.push(Row::new(cells));
    }

    let mut total = vec![whole_cell(scan), Cell::Empty, Cell::Empty];
    total.extend(count_cells(&scan.totals.counts));
    if let Some(mail) = &mail {
        total.push(mail.cell(scan.agencies.iter()));
    }
    total.push(Cell::Empty);
    table.total = Some(total);
    table
}

/// Whether each probed domain is at DMARC p=reject, for the agency table.
struct MailPostures<'a> {
    compliant: HashMap<&'a str, Option<bool>>,
}

impl<'a> MailPostures<'a> {
    fn new(scan: &'a ScanResult) -> Self {
        MailPostures {
            compliant: scan
                .mail
                .iter()
                .map(|facts| {
                    let compliant = facts.dmarc.as_ref().map(|dmarc| dmarc.compliant);
                    (facts.domain.as_str(), compliant)
                })
                .collect(),
        }
    }

    /// The posture of the domains `agencies` name; empty when they name none.
    fn cell<'s>(&self, agencies: impl Iterator<Item = &'s AgencySummary>) -> Cell<'static> {
        let (mut reject, mut domains, mut unknown) = (0, 0, 0);
        for domain in agencies.flat_map(|a| &a.domains) {
            domains += 1;
            match self.compliant.get(domain.as_str()).copied().flatten() {
                Some(true) => reject += 1,
                Some(false) => {}
                None => unknown += 1,
            }
        }
        if domains == 0 {
            return Cell::Empty;
        }
        Cell::MailPosture {
            reject,
            domains,
            unknown,
        }
    }
}

/// Rows of findings, with the names of their system, agency and rule
/// looked up once: a large record holds hundreds of thousands of findings
/// over a few thousand systems and a few dozen rules.
pub struct Findings<'a> {
    systems: HashMap<&'a str, &'a SystemSummary>,
    agency_names: HashMap<&'a str, &'a str>,
    rules: HashMap<&'a str, &'a RuleSummary>,
}

impl<'a> Findings<'a> {
    pub fn new(scan: &'a ScanResult) -> Findings<'a> {
        Findings {
            systems: scan
                .systems
                .iter()
                .map(|system| (system.key.as_str(), system))
                .collect(),
            agency_names: scan
                .agencies
                .iter()
                .map(|agency| (agency.id.as_str(), agency.name.as_str()))
                .collect(),
            rules: scan
                .rules
                .iter()
                .map(|rule| (rule.id.as_str(), rule))
                .collect(),
        }
    }

    /// The columns of [`Findings::row`].
    pub fn columns() -> Vec<Column> {
        vec![
            Column::text("severity", "col-severity"),
            Column::text("outcome", "csv-outcome").data_only(),
            Column::text("rule", "col-rule"),
            // People read it as what was found.
            Column::text("rule_title", "col-finding").wrapped(TEXT_WIDTH),
            Column::text("agency", "csv-agency").data_only(),
            Column::text("agency_name", "csv-agency_name").data_only(),
            Column::text("system", "col-system"),
            Column::text("system_name", "col-name"),
            Column::text("endpoint", "col-endpoint"),
            Column::text("detail", "csv-detail").data_only(),
            Column::text("remediation", "col-remediation").data_only(),
            Column::text("file", "csv-file").data_only(),
            Column::number("line", "csv-line").data_only(),
        ]
    }

    /// One finding's row. A system, agency or rule the record does not
    /// list leaves its cells empty.
    pub fn row(&self, finding: &'a Finding) -> Row<'a> {
        let system = self.systems.get(&*finding.system);
        let rule = self.rules.get(&*finding.rule);
        Row {
            cells: vec![
                Cell::Severity(finding.severity),
                Cell::Outcome(finding.outcome),
                Cell::Key(&finding.rule),
                // `Finding::title` is its rule's title, in one language.
                rule.map_or(Cell::Text(&finding.title), |rule| {
                    Cell::Policy(PolicyCell::RuleTitle(rule))
                }),
                Cell::Key(&finding.agency),
                Cell::text_or_empty(self.agency_names.get(&*finding.agency).copied()),
                Cell::Key(&finding.system),
                Cell::text_or_empty(system.map(|s| s.name.as_str())),
                Cell::text_or_empty(finding.endpoint.as_deref()),
                Cell::text_or_empty(finding.detail.as_deref()),
                remediation_cell(rule.copied()),
                Cell::text_or_empty(system.and_then(|s| s.file.as_deref())),
                match system.and_then(|s| s.line) {
                    Some(line) => Cell::Count(line as u64),
                    None => Cell::Empty,
                },
            ],
            new: finding.new,
        }
    }

    /// A table of `findings`, in the order given.
    pub fn table(&self, findings: impl IntoIterator<Item = &'a Finding>) -> Table<'a> {
        let mut table = Table::new(Self::columns());
        table.rows = findings.into_iter().map(|f| self.row(f)).collect();
        table
    }
}

/// The rule's remediation in the reader's language; empty when the rule
/// has none in any language.
fn remediation_cell(rule: Option<&RuleSummary>) -> Cell<'_> {
    match rule {
        Some(rule) if rule.remediation.is_some() => Cell::Policy(PolicyCell::Remediation(rule)),
        _ => Cell::Empty,
    }
}

/// The failing findings, in record order (most severe first).
pub fn failing(scan: &ScanResult) -> Table<'_> {
    Findings::new(scan).table(scan.findings.iter().filter(|f| f.outcome == Outcome::Fail))
}

/// Findings grouped by severity, most severe first; each group keeps the
/// rows' order.
pub fn by_severity(findings: Table<'_>) -> Vec<(Severity, Table<'_>)> {
    let mut groups: Vec<_> = findings
        .group_by("severity")
        .into_iter()
        .filter_map(|(key, group)| match key {
            Cell::Severity(severity) => Some((severity, group)),
            _ => None,
        })
        .collect();
    groups.sort_by_key(|(severity, _)| std::cmp::Reverse(*severity));
    groups
}

/// The failing findings of one rule, counted the way a reader asks about
/// them: how many systems, how many of those are new, and where.
#[derive(Debug, Clone)]
pub struct RuleGroup<'a> {
    pub rule: &'a str,
    pub severity: Severity,
    /// The rule's summary, for its title and remediation in the reader's
    /// language; `None` only for a record whose rules list lacks it.
    pub summary: Option<&'a RuleSummary>,
    /// The title the findings carry, when there is no summary.
    pub title: &'a str,
    /// Failing findings (an endpoint rule can fail more than once per system).
    pub findings: usize,
    /// Systems with at least one failing finding.
    pub systems: usize,
    /// Of those, systems failing since the previous recorded scan.
    pub new_systems: usize,
    /// Agencies and how many of their systems fail, most first, then by id.
    pub agencies: Vec<(&'a str, u64)>,
}

impl<'a> RuleGroup<'a> {
    /// The rule's title, in the reader's language.
    pub fn title_cell(&self) -> Cell<'a> {
        match self.summary {
            Some(rule) => Cell::Policy(PolicyCell::RuleTitle(rule)),
            None => Cell::Text(self.title),
        }
    }
}

/// The failing findings grouped by rule, most severe first, then by rule
/// id: what the terminal, the Markdown page and the HTML page show before
/// (or instead of) a row per finding.
pub fn rule_groups(scan: &ScanResult) -> Vec<RuleGroup<'_>> {
    let rules: HashMap<&str, &RuleSummary> = scan
        .rules
        .iter()
        .map(|rule| (rule.id.as_str(), rule))
        .collect();
    // Per rule: its group, the systems counted and which were new.
    let mut at: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<RuleGroup> = Vec::new();
    let mut systems: Vec<HashMap<&str, bool>> = Vec::new();
    let mut agencies: Vec<HashMap<&str, u64>> = Vec::new();
    for finding in scan.findings.iter().filter(|f| f.outcome == Outcome::Fail) {
        let index = *at.entry(&finding.rule).or_insert_with(|| {
            let rule = rules.get(&*finding.rule);
            groups.push(RuleGroup {
                rule: &finding.rule,
                severity: finding.severity,
                summary: rule.copied(),
                // `Finding::title` is its rule's title.
                title: &finding.title,
                findings: 0,
                systems: 0,
                new_systems: 0,
                agencies: Vec::new(),
            });
            systems.push(HashMap::new());
            agencies.push(HashMap::new());
            groups.len() - 1
        });
        groups[index].findings += 1;
        match systems[index].get_mut(&*finding.system) {
            Some(new) => *new |= finding.new,
            None => {
                systems[index].insert(&finding.system, finding.new);
                *agencies[index].entry(&finding.agency).or_default() += 1;
            }
        }
    }
    for ((group, systems), agencies) in groups.iter_mut().zip(systems).zip(agencies) {
        group.systems = systems.len();
        group.new_systems = systems.values().filter(|new| **new).count();
        group.agencies = agencies.into_iter().collect();
        group
            .agencies
            .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    }
    groups.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.rule.cmp(b.rule)));
    groups
}

/// A row per failing rule (see [`rule_groups`]): its severity, how many
/// systems fail it (and how many of them newly), its title, the agencies
/// with the most failing systems and the remediation.
pub fn failing_rules<'a>(groups: &'a [RuleGroup<'a>]) -> Table<'a> {
    let mut table = Table::new(vec![
        Column::text("severity", "col-severity"),
        Column::text("rule", "col-rule"),
        Column::number("systems", "col-systems"),
        // People read it as what was found.
        Column::text("title", "col-finding").wrapped(RULE_TITLE_WIDTH),
        Column::text("agencies", "col-worst-agencies").wrapped(AGENCIES_WIDTH),
        Column::text("remediation", "col-remediation").wrapped(TEXT_WIDTH),
    ]);
    for group in groups {
        table.rows.push(Row {
            cells: vec![
                Cell::Severity(group.severity),
                Cell::Key(group.rule),
                Cell::Systems {
                    count: group.systems as u64,
                    new: group.new_systems as u64,
                },
                group.title_cell(),
                Cell::Agencies(&group.agencies),
                remediation_cell(group.summary),
            ],
            new: group.new_systems > 0,
        });
    }
    table
}

/// Widest a rule's title grows in the terminal's table of failing rules,
/// which has the agencies beside it.
const RULE_TITLE_WIDTH: usize = 44;

/// Widest the list of agencies with the most failing systems grows.
const AGENCIES_WIDTH: usize = 48;

/// The waivers that expired or match nothing, in policy order.
pub fn waivers_needing_attention(scan: &ScanResult) -> Table<'_> {
    let mut table = Table::new(vec![
        Column::text("state", "col-state"),
        Column::text("rule", "col-rule"),
        Column::text("system", "col-system"),
        Column::text("expires", "col-expires"),
        Column::text("location", "col-where"),
    ]);
    for waiver in scan
        .waivers
        .iter()
        .filter(|w| w.state != WaiverState::Active)
    {
        // As the policy wrote them: an orphan's names match nothing.
        table.rows.push(Row::new(vec![
            Cell::Waiver(waiver.state),
            Cell::Text(&waiver.rule),
            Cell::Text(&waiver.system),
            Cell::Date(waiver.expires),
            Cell::Text(&waiver.location),
        ]));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::report::hostile_scan;

    #[test]
    fn agency_rows_and_total_have_a_cell_per_column() {
        let scan = hostile_scan();
        let table = agencies(&scan);
        assert_eq!(table.columns.len(), 18);
        for row in &table.rows {
            assert_eq!(row.cells.len(), table.columns.len());
        }
        assert_eq!(table.total.as_ref().map(Vec::len), Some(18));
        // What people read: id, name, three numbers, four severities, compliance.
        assert_eq!(table.for_people().columns.len(), 10);
    }

    #[test]
    fn findings_keep_numbers_as_numbers() {
        let scan = hostile_scan();
        let table = Findings::new(&scan).table(&scan.findings);
        assert_eq!(table.rows.len(), scan.findings.len());
        let first = &table.rows[0];
        assert_eq!(table.cell(first, "line"), Cell::Count(9));
        assert_eq!(
            table.cell(first, "severity"),
            Cell::Severity(Severity::High)
        );
        assert_eq!(table.cell(first, "system"), Cell::Key("so-x/formula"));
        assert_eq!(failing(&scan).rows.len(), 1);
    }
}
