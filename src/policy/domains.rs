//! Running the `each: domain` rules on every domain the agencies in scope
//! name, once per agency and domain, with the variables `agency`,
//! `domain`, `mail` (the domain's facts; absent offline, so every rule
//! reading it is `unknown`) and `today`. The verdicts, waivers and
//! outcomes are as for system rules (`evaluate::judge`); a domain's
//! waiver names it `agency/domain`.

use cel::common::value::CowVal;
use cel::context::VariableResolver;
use rayon::prelude::*;

use super::evaluate::{RawFinding, Waivers, context_for, judge, run};
use super::load::PolicySet;
use super::model::Each;
use super::variables::{CelVal, agency_value, domain_value, mail_value};
use crate::fields::IsoDate;
use crate::inventory::{Inventory, Selection};
use crate::probe::mail::facts::MailFacts;
use crate::scan::Outcome;

/// The results of one domain of one agency.
pub struct DomainEvaluation {
    pub agency_index: usize,
    /// Index of the domain in the agency's `domains`.
    pub domain_index: usize,
    /// Per rule (in policy order): the outcome, or `None` when the rule
    /// does not apply (every rule that is not a domain rule).
    pub per_rule: Vec<Option<Outcome>>,
    /// Per rule, 1 when it passed here; every other result is in `findings`.
    pub passes: Vec<u32>,
    /// Results that are not a pass (`endpoint` is always `None`).
    pub findings: Vec<RawFinding>,
    /// Indices of waivers that excused a failure here, and of expired ones that matched.
    pub waivers_used: Vec<usize>,
}

/// The variables of one domain's evaluation.
struct DomainBindings<'v> {
    agency: CelVal<'v>,
    domain: CelVal<'v>,
    mail: Option<CelVal<'v>>,
    today: &'v CelVal<'v>,
}

impl VariableResolver for DomainBindings<'_> {
    fn resolve<'b>(&'b self, variable: &str) -> Option<CowVal<'b, 'b>> {
        let value: &CelVal<'_> = match variable {
            "agency" => &self.agency,
            "domain" => &self.domain,
            "mail" => self.mail.as_ref()?,
            "today" => self.today,
            _ => return None,
        };
        Some(CowVal::Borrowed(&**value))
    }
}

/// Evaluates the domain rules on every domain in scope, in inventory
/// order; `mail` holds the probed domains' facts (none offline), in any
/// order. Empty when the policy has no domain rule.
pub fn evaluate_domains(
    inventory: &Inventory,
    policy: &PolicySet,
    selection: &Selection,
    as_of: IsoDate,
    mail: &[MailFacts],
) -> Vec<DomainEvaluation> {
    if !policy.rules.iter().any(|r| r.rule.each == Each::Domain) {
        return Vec::new();
    }
    let today: CelVal<'static> = Box::new(cel::common::types::CelString::from(as_of.to_string()));
    selection
        .domains_in_scope(inventory)
        .par_iter()
        .map(|&(agency_index, domain_index)| {
            let agency = &inventory.agencies[agency_index].agency;
            let domain = agency.domains[domain_index].as_str();
            let facts = mail.iter().find(|facts| facts.domain == domain);
            let bindings = DomainBindings {
                agency: agency_value(agency),
                domain: domain_value(domain),
                mail: facts.map(mail_value),
                today: &today,
            };
            let context = context_for(&bindings);
            let key = format!("{}/{domain}", agency.id);
            let waivers = Waivers {
                entries: &policy.waivers,
                key: &key,
                as_of,
            };
            let mut evaluation = DomainEvaluation {
                agency_index,
                domain_index,
                per_rule: Vec::with_capacity(policy.rules.len()),
                passes: vec![0; policy.rules.len()],
                findings: Vec::new(),
                waivers_used: Vec::new(),
            };
            for (rule_index, compiled) in policy.rules.iter().enumerate() {
                let judged = (compiled.rule.each == Each::Domain)
                    .then(|| {
                        let selector = compiled.when.as_ref().map(|when| run(when, &context));
                        judge(
                            compiled,
                            selector,
                            &context,
                            &waivers,
                            &mut evaluation.waivers_used,
                        )
                    })
                    .flatten();
                evaluation.per_rule.push(judged.as_ref().map(|(o, _)| *o));
                match judged {
                    Some((Outcome::Pass, _)) => evaluation.passes[rule_index] += 1,
                    Some((outcome, detail)) => evaluation.findings.push(RawFinding {
                        rule: rule_index as u32,
                        endpoint: None,
                        outcome,
                        detail,
                    }),
                    None => {}
                }
            }
            evaluation
        })
        .collect()
}
