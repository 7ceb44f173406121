//! [`Selection`]: which systems a scan covers (`--agency`, `--tag`). The
//! same value is the record's `scope` and keys the history, so a scan of
//! one agency is compared with earlier scans of that agency only.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::load::Inventory;
use super::model::{Lifecycle, System};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, Message, did_you_mean};

/// Filters a scan was limited to; empty means everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Selection {
    /// Agency ids; empty means all.
    pub agencies: Vec<String>,
    /// System tags; a system is in scope when it has any of them. Empty means all.
    pub tags: Vec<String>,
}

impl Selection {
    pub fn includes(&self, agency: &str, system: &System) -> bool {
        self.includes_agency(agency)
            && (self.tags.is_empty() || system.tags.iter().any(|t| self.tags.contains(t)))
    }

    pub fn includes_agency(&self, agency: &str) -> bool {
        self.agencies.is_empty() || self.agencies.iter().any(|a| a == agency)
    }

    /// The domains a scan probes and judges, as `(agency index, domain
    /// index)`, in inventory order: those of the agencies selected. A tag
    /// filter selects systems, and a domain has no tags: with one, no
    /// domain is in scope.
    pub fn domains_in_scope(&self, inventory: &Inventory) -> Vec<(usize, usize)> {
        if !self.tags.is_empty() {
            return Vec::new();
        }
        inventory
            .agencies
            .iter()
            .enumerate()
            .filter(|(_, entry)| self.includes_agency(entry.agency.id.as_str()))
            .flat_map(|(a, entry)| (0..entry.agency.domains.len()).map(move |d| (a, d)))
            .collect()
    }

    /// The systems a scan evaluates: selected and not retired, as
    /// `(agency index, system index)`, in inventory order.
    pub fn systems_in_scope(&self, inventory: &Inventory) -> Vec<(usize, usize)> {
        inventory
            .agencies
            .iter()
            .enumerate()
            .flat_map(|(a, entry)| {
                entry
                    .systems
                    .iter()
                    .enumerate()
                    .filter(|(_, system)| {
                        system.lifecycle != Lifecycle::Retired
                            && self.includes(entry.agency.id.as_str(), system)
                    })
                    .map(move |(s, _)| (a, s))
            })
            .collect()
    }

    /// `--agency` must name agencies that exist; a typo would otherwise
    /// scan nothing.
    pub fn check(&self, inventory: &Inventory, diagnostics: &mut Diagnostics) {
        let ids: Vec<&str> = inventory
            .agencies
            .iter()
            .map(|a| a.agency.id.as_str())
            .collect();
        for agency in &self.agencies {
            if !ids.contains(&agency.as_str()) {
                diagnostics.push(
                    Diagnostic::error(
                        Location::file("--agency"),
                        Message::new("diag-no-such-agency").arg("id", agency.as_str()),
                    )
                    .with_hint(
                        did_you_mean(agency, ids.iter().copied()).map(Message::did_you_mean),
                    ),
                );
            }
        }
    }
}
