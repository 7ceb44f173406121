//! Checks that need more than one file or more than one field: unique ids,
//! references between agencies and to providers, counts that must add up.

use std::collections::HashMap;

use super::load::Inventory;
use crate::diagnostics::{Diagnostic, Diagnostics, Level, Location, Message, did_you_mean};

/// What the inventory files read cover, which decides how a reference to
/// an agency or a provider not among them is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    /// The whole inventory was read (no PATH given): a `parent` not among
    /// the files is wrong.
    pub whole: bool,
    /// `validate --strict`: files given are judged as if they were the
    /// whole, so a reference outside them is an error.
    pub strict: bool,
}

impl Coverage {
    /// The level of a reference to something not among the files read.
    fn outside(self) -> Level {
        if self.strict {
            Level::Error
        } else {
            Level::Warning
        }
    }
}

/// The provider ids references are checked against.
#[derive(Debug, Clone, Copy)]
pub struct Providers<'a> {
    pub ids: &'a [&'a str],
    /// The registry is the built-in pack's, not the organisation's own.
    pub built_in: bool,
}

/// Checks the inventory as a whole. `providers` lists the known provider
/// ids, or is `None` when no registry was loaded (then any id is accepted).
/// With only a part of the inventory read (`coverage`), a `parent` not
/// among the files, and a provider the built-in registry does not know,
/// are warnings that say so (errors with `--strict`).
pub fn validate(
    inventory: &Inventory,
    providers: Option<Providers<'_>>,
    coverage: Coverage,
    diagnostics: &mut Diagnostics,
) {
    let mut agency_ids: HashMap<&str, usize> = HashMap::new();
    for (index, entry) in inventory.agencies.iter().enumerate() {
        let id = entry.agency.id.as_str();
        if let Some(&first) = agency_ids.get(id) {
            diagnostics.push(
                Diagnostic::error(
                    locate_id(inventory, index, None),
                    Message::new("diag-duplicate-agency").arg("id", id),
                )
                .with_hint(Some(
                    Message::new("diag-hint-agency-defined-at")
                        .arg("at", locate_id(inventory, first, None).to_string()),
                )),
            );
        } else {
            agency_ids.insert(id, index);
        }
    }

    check_domains(inventory, diagnostics);

    for (agency_index, entry) in inventory.agencies.iter().enumerate() {
        if let Some(parent) = &entry.agency.parent
            && !agency_ids.contains_key(parent.as_str())
        {
            let (line, column) = entry.source.find_key(
                "parent",
                Some(parent.as_str()),
                locate_id(inventory, agency_index, None).line,
            );
            let location = Location::new(&entry.source.path, line, column);
            let hint = suggest(parent.as_str(), agency_ids.keys().copied());
            diagnostics.push(if coverage.whole {
                Diagnostic::error(
                    location,
                    Message::new("diag-unknown-parent").arg("id", parent.as_str()),
                )
                .with_hint(hint)
            } else {
                Diagnostic::new(
                    coverage.outside(),
                    location,
                    Message::new("diag-parent-outside").arg("id", parent.as_str()),
                )
                .with_hint(hint)
            });
        }
        if entry.systems.is_empty() && !entry.partial {
            diagnostics.push(Diagnostic::warning(
                locate_id(inventory, agency_index, None),
                Message::new("diag-no-systems").arg("id", entry.agency.id.as_str()),
            ));
        }

        let mut system_ids: HashMap<&str, usize> = HashMap::new();
        for (system_index, system) in entry.systems.iter().enumerate() {
            let here = || locate_id(inventory, agency_index, Some(system_index));
            let field = |key: &str| {
                let (line, column) = entry.source.find_key(key, None, here().line);
                Location::new(&entry.source.path, line, column)
            };
            if let Some(&first) = system_ids.get(system.id.as_str()) {
                diagnostics.push(
                    Diagnostic::error(
                        here(),
                        Message::new("diag-duplicate-system")
                            .arg("id", system.id.as_str())
                            .arg("agency", entry.agency.id.as_str()),
                    )
                    .with_hint(Some(defined_at(&locate_id(
                        inventory,
                        agency_index,
                        Some(first),
                    )))),
                );
            } else {
                system_ids.insert(system.id.as_str(), system_index);
            }

            if let Some(services) = &system.public_services {
                if services.fully_online > services.total {
                    diagnostics.error(
                        field("fully_online"),
                        Message::new("diag-online-over-total")
                            .arg("online", services.fully_online)
                            .arg("total", services.total),
                    );
                }
                if let Some(mobile) = services.mobile_ready
                    && mobile > services.fully_online
                {
                    diagnostics.error(
                        field("mobile_ready"),
                        Message::new("diag-mobile-over-online")
                            .arg("mobile", mobile)
                            .arg("online", services.fully_online),
                    );
                }
                let listed = services.services.len();
                if listed > services.total as usize {
                    diagnostics.error(
                        field("services"),
                        Message::new("diag-services-over-total")
                            .arg("listed", listed)
                            .arg("total", services.total),
                    );
                }
            }

            if let (Some(known), Some(provider)) = (providers, &system.hosting.provider)
                && !known.ids.contains(&provider.as_str())
            {
                let hint = suggest(provider.as_str(), known.ids.iter().copied());
                diagnostics.push(if coverage.whole || !known.built_in {
                    Diagnostic::error(
                        field("provider"),
                        Message::new("diag-unknown-provider").arg("id", provider.as_str()),
                    )
                    .with_hint(hint.or_else(|| Some(Message::new("diag-hint-add-provider"))))
                } else {
                    Diagnostic::new(
                        coverage.outside(),
                        field("provider"),
                        Message::new("diag-provider-outside").arg("id", provider.as_str()),
                    )
                    .with_hint(hint)
                });
            }

            let mut urls: Vec<&str> = system.endpoints.iter().map(|e| e.url.as_str()).collect();
            urls.sort_unstable();
            if let Some(pair) = urls.windows(2).find(|pair| pair[0] == pair[1]) {
                diagnostics.push(Diagnostic::warning(
                    field("endpoints"),
                    Message::new("diag-endpoint-twice")
                        .arg("url", pair[0])
                        .arg("system", system.id.as_str()),
                ));
            }
        }
    }
}

/// A domain listed twice by one agency is an error; listed by two
/// agencies, a warning: each agency's rules judge it (and a failure counts
/// against both), which is right for a domain they share and wrong for one
/// only one of them runs.
fn check_domains(inventory: &Inventory, diagnostics: &mut Diagnostics) {
    let mut listed_by: HashMap<&str, usize> = HashMap::new();
    for (agency_index, entry) in inventory.agencies.iter().enumerate() {
        let mut here: HashMap<&str, usize> = HashMap::new();
        for domain in &entry.agency.domains {
            let name = domain.as_str();
            let seen = here.entry(name).or_default();
            *seen += 1;
            if *seen > 1 {
                diagnostics.push(
                    Diagnostic::error(
                        locate_domain(inventory, agency_index, name, *seen - 1),
                        Message::new("diag-domain-twice")
                            .arg("domain", name)
                            .arg("agency", entry.agency.id.as_str()),
                    )
                    .with_hint(Some(defined_at(&locate_domain(
                        inventory,
                        agency_index,
                        name,
                        0,
                    )))),
                );
                continue;
            }
            match listed_by.get(name) {
                Some(&first) if first != agency_index => diagnostics.push(
                    Diagnostic::warning(
                        locate_domain(inventory, agency_index, name, 0),
                        Message::new("diag-domain-other-agency")
                            .arg("domain", name)
                            .arg("other", inventory.agencies[first].agency.id.as_str()),
                    )
                    .with_hint(Some(
                        Message::new("diag-hint-domain-one-agency")
                            .arg("at", locate_domain(inventory, first, name, 0).to_string()),
                    )),
                ),
                Some(_) => {}
                None => {
                    listed_by.insert(name, agency_index);
                }
            }
        }
    }
}

/// Where the `n`th (from 0) mention of `domain` after the agency's
/// `domains:` key is; the key itself when the text does not tell (the
/// name written in capitals or in Unicode).
fn locate_domain(inventory: &Inventory, agency_index: usize, domain: &str, n: usize) -> Location {
    let entry = &inventory.agencies[agency_index];
    let from = locate_id(inventory, agency_index, None).line;
    let (key_line, key_column) = entry.source.find_key("domains", None, from);
    // A YAML scalar on its own: in a block list, a flow list or quotes
    // (not the tail of a longer name or of a URL).
    let opens =
        |c: Option<char>| c.is_none_or(|c| matches!(c, ' ' | '\t' | '[' | ',' | '"' | '\''));
    let closes =
        |c: Option<char>| c.is_none_or(|c| matches!(c, ' ' | '\t' | ']' | ',' | '"' | '\'' | '#'));
    let mut seen = 0;
    for (index, line) in entry.source.text.lines().enumerate().skip(key_line - 1) {
        for (at, _) in line.match_indices(domain) {
            let before = line[..at].chars().next_back();
            let after = line[at + domain.len()..].chars().next();
            if !opens(before) || !closes(after) {
                continue;
            }
            if seen == n {
                return Location::new(&entry.source.path, index + 1, at + 1);
            }
            seen += 1;
        }
    }
    Location::new(&entry.source.path, key_line, key_column)
}

fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<Message> {
    did_you_mean(word, candidates).map(Message::did_you_mean)
}

/// "also defined at FILE:LINE:COL"
pub fn defined_at(location: &Location) -> Message {
    Message::new("diag-hint-defined-at").arg("at", location.to_string())
}

/// `scan --email-agencies`: every agency in scope needs a `contact` to get
/// its own report. One without is an error with `--strict`, else a
/// warning (and a line of the summary), at the agency's id.
pub fn require_contacts(
    inventory: &Inventory,
    selection: &crate::inventory::Selection,
    strict: bool,
    diagnostics: &mut Diagnostics,
) {
    for (index, entry) in inventory.agencies.iter().enumerate() {
        let id = entry.agency.id.as_str();
        if entry.agency.contact.is_some() || !selection.includes_agency(id) {
            continue;
        }
        let message = Message::new("diag-agency-no-contact").arg("id", id);
        let location = locate_id(inventory, index, None);
        let diagnostic = if strict {
            Diagnostic::error(location, message)
        } else {
            Diagnostic::warning(location, message)
        };
        diagnostics.push(diagnostic.with_hint(Some(Message::new("diag-hint-agency-contact"))));
    }
}

/// Where the `id:` line of an agency (or of one of its systems) is, found by
/// counting the same id's earlier occurrences in the same file.
pub fn locate_id(
    inventory: &Inventory,
    agency_index: usize,
    system_index: Option<usize>,
) -> Location {
    let entry = &inventory.agencies[agency_index];
    let id = match system_index {
        Some(s) => entry.systems[s].id.as_str(),
        None => entry.agency.id.as_str(),
    };
    let mut earlier = 0;
    for (index, other) in inventory.agencies.iter().enumerate().take(agency_index + 1) {
        if !std::sync::Arc::ptr_eq(&other.source, &entry.source) {
            continue;
        }
        let systems_before = if index == agency_index {
            system_index.unwrap_or(0)
        } else {
            other.systems.len()
        };
        let agency_counts = index < agency_index || system_index.is_some();
        earlier += usize::from(agency_counts && other.agency.id.as_str() == id);
        earlier += other.systems[..systems_before]
            .iter()
            .filter(|s| s.id.as_str() == id)
            .count();
    }
    entry.source.locate_nth("id", id, earlier)
}
