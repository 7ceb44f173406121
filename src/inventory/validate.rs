//! Checks that need more than one file or more than one field: unique ids,
//! references between agencies and to providers, counts that must add up.

use std::collections::HashMap;

use super::load::Inventory;
use crate::diagnostics::{Diagnostic, Diagnostics, Level, Location, did_you_mean};

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
                    format!("duplicate agency id `{id}`"),
                )
                .with_hint(Some(format!(
                    "also defined at {}; agency ids must be unique across all inventories",
                    locate_id(inventory, first, None)
                ))),
            );
        } else {
            agency_ids.insert(id, index);
        }
    }

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
                Diagnostic::error(location, format!("unknown parent agency `{parent}`"))
                    .with_hint(hint)
            } else {
                Diagnostic::new(
                    coverage.outside(),
                    location,
                    format!(
                        "parent agency `{parent}` is not among the files given; it is checked when the whole inventory is validated"
                    ),
                )
                .with_hint(hint)
            });
        }
        if entry.systems.is_empty() && !entry.partial {
            diagnostics.push(Diagnostic::warning(
                locate_id(inventory, agency_index, None),
                format!("agency `{}` lists no systems", entry.agency.id),
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
                        format!(
                            "duplicate system id `{}` in agency `{}`",
                            system.id, entry.agency.id
                        ),
                    )
                    .with_hint(Some(format!(
                        "also defined at {}",
                        locate_id(inventory, agency_index, Some(first))
                    ))),
                );
            } else {
                system_ids.insert(system.id.as_str(), system_index);
            }

            if let Some(services) = &system.public_services {
                if services.fully_online > services.total {
                    diagnostics.error(
                        field("fully_online"),
                        format!(
                            "fully_online ({}) is more than total ({})",
                            services.fully_online, services.total
                        ),
                    );
                }
                if let Some(mobile) = services.mobile_ready
                    && mobile > services.fully_online
                {
                    diagnostics.error(
                        field("mobile_ready"),
                        format!(
                            "mobile_ready ({mobile}) is more than fully_online ({})",
                            services.fully_online
                        ),
                    );
                }
                let listed = services.services.len();
                if listed > services.total as usize {
                    diagnostics.error(
                        field("services"),
                        format!("{listed} services listed but total is {}", services.total),
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
                        format!("unknown hosting provider `{provider}`"),
                    )
                    .with_hint(
                        hint.or_else(|| Some("add it to policies/providers.yaml".to_string())),
                    )
                } else {
                    Diagnostic::new(
                        coverage.outside(),
                        field("provider"),
                        format!(
                            "hosting provider `{provider}` is not among the files given (the built-in registry lacks it); it is checked when the whole inventory is validated with its policies/providers.yaml"
                        ),
                    )
                    .with_hint(hint)
                });
            }

            let mut urls: Vec<&str> = system.endpoints.iter().map(|e| e.url.as_str()).collect();
            urls.sort_unstable();
            if let Some(pair) = urls.windows(2).find(|pair| pair[0] == pair[1]) {
                diagnostics.push(Diagnostic::warning(
                    field("endpoints"),
                    format!(
                        "endpoint `{}` is listed twice in system `{}`",
                        pair[0], system.id
                    ),
                ));
            }
        }
    }
}

fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    did_you_mean(word, candidates).map(|best| format!("did you mean `{best}`?"))
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
