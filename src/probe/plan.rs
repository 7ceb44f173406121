//! The probe plan: every endpoint URL a scan probes, each once however
//! many systems list it, in inventory order. The one place endpoints are
//! deduplicated; the prober and the evaluation's fact slots both take the
//! plan's list as it is.

use reqwest::Url;

use crate::inventory::{Inventory, Selection};

#[derive(Debug, Default)]
pub struct ProbePlan<'a> {
    urls: Vec<&'a Url>,
}

impl<'a> ProbePlan<'a> {
    /// The endpoints of the systems `selection` covers.
    pub fn for_scan(inventory: &'a Inventory, selection: &Selection) -> Self {
        let endpoints = selection
            .systems_in_scope(inventory)
            .into_iter()
            .flat_map(|(a, s)| &inventory.agencies[a].systems[s].endpoints)
            .map(|endpoint| &endpoint.url.url);
        let mut plan = ProbePlan::default();
        plan.add_all(endpoints).for_each(drop);
        plan
    }

    /// `urls` each once, and for each URL given its place in the plan.
    pub fn of(urls: impl IntoIterator<Item = &'a Url>) -> (Self, Vec<usize>) {
        let mut plan = ProbePlan::default();
        let places = plan.add_all(urls).collect();
        (plan, places)
    }

    /// Adds the URLs not yet planned, yielding each one's place.
    fn add_all<'p>(
        &'p mut self,
        urls: impl IntoIterator<Item = &'a Url> + 'p,
    ) -> impl Iterator<Item = usize> + 'p {
        let mut place_of: std::collections::HashMap<&'a str, usize> = Default::default();
        urls.into_iter().map(move |url| {
            *place_of.entry(url.as_str()).or_insert_with(|| {
                self.urls.push(url);
                self.urls.len() - 1
            })
        })
    }

    pub fn urls(&self) -> &[&'a Url] {
        &self.urls
    }

    pub fn is_empty(&self) -> bool {
        self.urls.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_url_once_in_first_mention_order() {
        let parsed: Vec<Url> = [
            "https://b.vn/",
            "https://a.vn/",
            "https://b.vn/",
            "tcp://a.vn:22",
        ]
        .iter()
        .map(|u| Url::parse(u).unwrap())
        .collect();
        let (plan, places) = ProbePlan::of(&parsed);
        let urls: Vec<&str> = plan.urls().iter().map(|u| u.as_str()).collect();
        assert_eq!(urls, ["https://b.vn/", "https://a.vn/", "tcp://a.vn:22"]);
        assert_eq!(places, [0, 1, 0, 2]);
    }
}
