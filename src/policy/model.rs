//! The policy file format (rules, targets, waivers) and the provider
//! registry (`providers.yaml`), read strictly like inventories.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::fields::{Id, IsoDate, Percent};
pub use crate::policy::texts::PolicyText;

// The keywords the record repeats live with it, so that it needs no policy type.
pub use crate::scan::Severity;
pub use crate::scan::{Basis, Each, TargetUnit};

/// A policy file: rules with CEL conditions, the targets they feed, and
/// waivers that excuse known exceptions for a while.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    pub policy: PolicyMeta,
    #[serde(default)]
    pub rules: Vec<Rule>,
    #[serde(default)]
    pub targets: Vec<Target>,
    #[serde(default)]
    pub waivers: Vec<Waiver>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyMeta {
    pub id: Id,
    pub title: PolicyText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<PolicyText>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Unique across all policy files, e.g. `CLOUD-001`.
    pub id: Id,
    /// What a compliant system is, in a line: plain text, or per language
    /// (`{vi: ..., en: ...}`), as every text of a policy.
    pub title: PolicyText,
    /// Why the rule matters, at more length than the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<PolicyText>,
    pub severity: Severity,
    /// Evaluate once per system (default) or once per endpoint.
    #[serde(default)]
    pub each: Each,
    /// CEL selector: the rule applies only where this is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// CEL condition that a compliant system (or endpoint) satisfies.
    pub check: String,
    /// What the agency should do about a failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<PolicyText>,
    /// Legal texts or standards the rule rests on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<PolicyText>,
    /// Whether the rule enforces law or recommended practice.
    #[serde(default)]
    pub basis: Basis,
}

/// A goal that the organisation tracks over time.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub id: Id,
    /// The goal in a line, plain or per language.
    pub title: PolicyText,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<PolicyText>,
    /// Measure the share of systems (or agencies) that pass this rule.
    /// Give either `rule` or `ratio`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Id>,
    /// Measure a sum over systems: numerator and denominator are CEL
    /// expressions giving numbers per system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratio: Option<Ratio>,
    /// Count systems (default) or agencies.
    #[serde(default)]
    pub unit: TargetUnit,
    /// For `unit: agency`: how many of its systems must pass for the agency
    /// to count: `all`, `any` or a percentage such as `80%`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency_counts_when: Option<AgencyQuorum>,
    /// The share to reach, e.g. `90%`.
    pub goal: Percent,
    pub deadline: IsoDate,
    /// Where the target comes from: decision, plan or programme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<PolicyText>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ratio {
    pub numerator: String,
    pub denominator: String,
    /// CEL selector: systems outside it are left out of both sums.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
}

/// `all`, `any` or a percentage of an agency's systems.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, JsonSchema)]
#[serde(into = "String")]
#[schemars(with = "String")]
pub enum AgencyQuorum {
    All,
    Any,
    AtLeast(Percent),
}

impl From<AgencyQuorum> for String {
    fn from(value: AgencyQuorum) -> Self {
        match value {
            AgencyQuorum::All => "all".into(),
            AgencyQuorum::Any => "any".into(),
            AgencyQuorum::AtLeast(p) => p.to_string(),
        }
    }
}

impl<'de> Deserialize<'de> for AgencyQuorum {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        match text.trim() {
            "all" => Ok(AgencyQuorum::All),
            "any" => Ok(AgencyQuorum::Any),
            other => Percent::parse(other).map(AgencyQuorum::AtLeast).map_err(|_| {
                serde::de::Error::custom(format!(
                    "invalid agency_counts_when `{other}`: use all, any or a percentage such as 80%"
                ))
            }),
        }
    }
}

/// An accepted exception: the rule's failures on the system count as
/// `waived` until the waiver expires.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    pub rule: Id,
    /// `agency/system`, or `agency/*` for every system of the agency.
    pub system: String,
    pub reason: String,
    pub expires: IsoDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
}

/// `providers.yaml`: reference data about hosting providers.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProvidersFile {
    pub providers: Vec<Provider>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    pub id: Id,
    pub name: String,
    /// Whether the provider is a domestic (Vietnamese) company.
    pub domestic: bool,
    /// Whether its platform was assessed against the government cloud
    /// criteria (Official letter 1145/BTTTT-CATTT).
    #[serde(default)]
    pub assessed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// What identifies the provider on the network.
    #[serde(default)]
    pub network: ProviderNetwork,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProviderNetwork {
    /// IP ranges in CIDR notation, e.g. `203.0.113.0/24`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub ip_ranges: Vec<ipnet::IpNet>,
    /// Suffixes of CNAME targets, e.g. `.cloudfront.net`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cname_suffixes: Vec<String>,
    /// Suffixes of reverse-DNS names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reverse_dns_suffixes: Vec<String>,
}
