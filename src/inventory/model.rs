//! The inventory file format: one agency and its information systems per
//! YAML document (a file may hold several documents separated by `---`).
//!
//! These types are the format: serde reads them strictly (unknown keys are
//! errors), schemars turns them into the JSON Schema `cloudcensus schema`
//! prints, and the doc comments become the schema's descriptions.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::fields::{Id, IsoDate};
use crate::keyword_enum;

/// One YAML document of an inventory file.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InventoryDocument {
    pub agency: Agency,
    /// The agency's information systems.
    #[serde(default)]
    pub systems: Vec<System>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    /// Unique across all inventories, e.g. `so-tttt`.
    pub id: Id,
    pub name: String,
    pub kind: AgencyKind,
    /// Who answers for this inventory, and gets the agency's own report
    /// (`scan --email-agencies`): a mail address, several separated by
    /// commas, or a list of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contacts>,
    /// The id of the agency this one reports to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Id>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The agency's domain names, web and mail, e.g. `hue.gov.vn`. A scan
    /// probes each as a mail domain (MX, SPF, DMARC, STARTTLS) and judges
    /// it by the `each: domain` rules, a domain that sends no mail too:
    /// spoofers use those.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<DomainName>,
}

/// An agency's `contact`: one mail address or several, each checked while
/// reading. Written as one string (`it@so.gov.vn`, or `a@so.gov.vn,
/// b@so.gov.vn`, as a spreadsheet cell holds them) or as a list; kept as
/// written for rules (`agency.contact` is that text, a list's addresses
/// joined with ", ").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contacts {
    text: String,
    addresses: Vec<String>,
    listed: bool,
}

impl Contacts {
    /// The addresses, in the order written.
    pub fn addresses(&self) -> &[String] {
        &self.addresses
    }

    /// The contact as written (a list's addresses joined with ", ").
    pub fn as_text(&self) -> &str {
        &self.text
    }

    /// Each address of `parts`, checked; the first that is not an address
    /// is the error (its text, for the message).
    fn parse<'a>(parts: impl IntoIterator<Item = &'a str>, listed: bool) -> Result<Self, String> {
        let mut addresses = Vec::new();
        // An empty part (`a@x.vn;`, as a spreadsheet cell often ends) is
        // no address and no mistake; none at all is caught below.
        for address in parts.into_iter().map(str::trim).filter(|p| !p.is_empty()) {
            if address.parse::<lettre::Address>().is_err() {
                return Err(address.to_string());
            }
            addresses.push(address.to_string());
        }
        if addresses.is_empty() {
            return Err(String::new());
        }
        Ok(Contacts {
            text: addresses.join(", "),
            addresses,
            listed,
        })
    }
}

impl Serialize for Contacts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.listed {
            self.addresses.serialize(serializer)
        } else {
            serializer.serialize_str(&self.text)
        }
    }
}

impl<'de> Deserialize<'de> for Contacts {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Contacts;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a mail address or a list of them")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Contacts, E> {
                Contacts::parse(text.split([',', ';']), false).map_err(bad_address)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Contacts, A::Error> {
                let mut items: Vec<String> = Vec::new();
                while let Some(item) = seq.next_element::<String>()? {
                    items.push(item);
                }
                Contacts::parse(items.iter().map(String::as_str), true).map_err(bad_address)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// The message `diag-field-contact` is read back from.
fn bad_address<E: serde::de::Error>(text: String) -> E {
    E::custom(format!(
        "invalid mail address `{text}` in `contact`: write an address such as \
         it@example.gov.vn, several separated by commas or as a list"
    ))
}

impl JsonSchema for Contacts {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Contacts".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A mail address, several separated by commas, or a list of them",
            "oneOf": [
                { "type": "string", "minLength": 3 },
                { "type": "array", "items": { "type": "string", "format": "email" }, "minItems": 1 }
            ]
        })
    }
}

/// A domain name, checked while reading: lower case, without a trailing
/// dot, an internationalised name in its ASCII form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct DomainName(String);

impl DomainName {
    /// `None` when `text` is not a domain name (a URL, an address, an IP).
    pub fn parse(text: &str) -> Option<Self> {
        crate::probe::mail::domain_name(text).map(DomainName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DomainName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for DomainName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        DomainName::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid domain `{text}`: write a domain name such as hue.gov.vn, \
                 without scheme, path, port or `@`"
            ))
        })
    }
}

impl JsonSchema for DomainName {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DomainName".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[^/:@\\s]+$",
            "description": "A domain name such as hue.gov.vn (no scheme, path, port or @)"
        })
    }
}

keyword_enum! {
    pub enum AgencyKind {
        /// A provincial department (sở) or equivalent body.
        Department = "department",
        /// A district-level people's committee.
        District = "district",
        /// A commune-level people's committee.
        Commune = "commune",
        /// A public service unit (đơn vị sự nghiệp), e.g. an operations centre.
        Unit = "unit",
        /// A state-owned enterprise.
        Enterprise = "enterprise",
    }
}

// The optional blocks that many systems leave out (approval, migration,
// public services) are boxed, so a system without them does not carry
// their room: the inventory is kept for the whole run. (A `///` comment
// here would show in the JSON Schema.)
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct System {
    /// Unique within the agency; the global key is `agency/system`.
    pub id: Id,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub criticality: Criticality,
    /// Information-security grade 1 (lowest) to 5, Decree 85/2016/NĐ-CP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_level: Option<SecurityLevel>,
    /// The decision that approved the security grade.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_approval: Option<Box<SecurityApproval>>,
    /// Date of the last security assessment (kiểm tra, đánh giá an toàn thông tin).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_security_assessment: Option<IsoDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_classification: Option<DataClassification>,
    /// How many people's personal data the system holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_data_users: Option<u64>,
    /// Where the system is in its life; retired systems leave every denominator.
    #[serde(default)]
    pub lifecycle: Lifecycle,
    /// When the system went (or goes) into service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commissioned: Option<IsoDate>,
    /// When the agency last checked this entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_reviewed: Option<IsoDate>,
    pub hosting: Hosting,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub migration: Option<Box<Migration>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_services: Option<Box<PublicServices>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub endpoints: Vec<Endpoint>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

keyword_enum! {
    pub enum Criticality {
        Low = "low",
        Medium = "medium",
        High = "high",
        Critical = "critical",
    }
}

/// Information-security grade, 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct SecurityLevel(#[schemars(range(min = 1, max = 5))] pub u8);

impl<'de> Deserialize<'de> for SecurityLevel {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let level = u64::deserialize(deserializer)?;
        match u8::try_from(level) {
            Ok(level @ 1..=5) => Ok(SecurityLevel(level)),
            _ => Err(serde::de::Error::custom(format!(
                "invalid security_level `{level}`: grades run from 1 to 5 (Decree 85/2016/NĐ-CP)"
            ))),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SecurityApproval {
    /// Number of the approving decision, e.g. `123/QĐ-UBND`.
    pub decision: String,
    pub date: IsoDate,
}

keyword_enum! {
    pub enum DataClassification {
        Public = "public",
        Internal = "internal",
        Confidential = "confidential",
        Secret = "secret",
    }
}

keyword_enum! {
    #[derive(Default)]
    pub enum Lifecycle {
        Planned = "planned",
        Development = "development",
        #[default]
        Production = "production",
        Retired = "retired",
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hosting {
    pub model: HostingModel,
    /// A provider id from `policies/providers.yaml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

keyword_enum! {
    pub enum HostingModel {
        /// Servers in the agency's own server room.
        OnPremises = "on-premises",
        /// A conventional (non-cloud) data centre, e.g. colocation.
        DataCenter = "data-center",
        /// A cloud platform run by or for one organisation.
        PrivateCloud = "private-cloud",
        /// A government cloud platform.
        GovCloud = "gov-cloud",
        PublicCloud = "public-cloud",
        /// Software bought as a service.
        Saas = "saas",
    }
}

impl System {
    /// Whether the system is being retired (migration strategy `retire`):
    /// on its way out rather than moving, so not counted in the share on
    /// cloud. The default policy's cloud rules leave out the same systems.
    pub fn is_retiring(&self) -> bool {
        self.migration
            .as_ref()
            .is_some_and(|m| m.strategy == MigrationStrategy::Retire)
    }
}

impl HostingModel {
    /// The models that count as "on cloud" in the agency summary; the default
    /// policy's CLOUD-001 rule uses the same list.
    pub fn is_cloud(self) -> bool {
        matches!(
            self,
            HostingModel::PrivateCloud
                | HostingModel::GovCloud
                | HostingModel::PublicCloud
                | HostingModel::Saas
        )
    }
}

/// The system's place in the cloud migration programme (the "6 Rs").
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Migration {
    pub strategy: MigrationStrategy,
    pub status: MigrationStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wave: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_date: Option<IsoDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

keyword_enum! {
    pub enum MigrationStrategy {
        Rehost = "rehost",
        Replatform = "replatform",
        Refactor = "refactor",
        Repurchase = "repurchase",
        Retire = "retire",
        Retain = "retain",
    }
}

keyword_enum! {
    pub enum MigrationStatus {
        Planned = "planned",
        InProgress = "in-progress",
        Done = "done",
        Blocked = "blocked",
    }
}

/// Online public services the system delivers (Decree 42/2022/NĐ-CP).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicServices {
    /// Administrative procedures the system serves.
    pub total: u32,
    /// Of those, how many run fully online (toàn trình; formerly "level 4").
    pub fully_online: u32,
    /// Of the fully online ones, how many work on a mobile device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_ready: Option<u32>,
    /// Optional detail per service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<PublicService>,
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicService {
    /// National procedure code, e.g. `1.001612`.
    pub code: String,
    pub name: String,
    pub level: ServiceLevel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_payment: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub result_delivery: Vec<ResultDelivery>,
    /// Id of the service on the National Public Service Portal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_portal_id: Option<String>,
}

keyword_enum! {
    pub enum ServiceLevel {
        /// Toàn trình: done and settled online.
        Full = "full",
        /// Một phần: partly online.
        Partial = "partial",
    }
}

keyword_enum! {
    pub enum ResultDelivery {
        Online = "online",
        Post = "post",
        InPerson = "in-person",
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// `https://host/path`, `http://host` or `tcp://host:port`.
    pub url: EndpointUrl,
    /// Whether the endpoint must answer (`open`, the default) or must not (`closed`).
    #[serde(default)]
    pub expect: Expectation,
}

keyword_enum! {
    #[derive(Default)]
    pub enum Expectation {
        #[default]
        Open = "open",
        Closed = "closed",
    }
}

/// Why a text is not an endpoint address; each carries the text as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("invalid URL `{text}`: {source}")]
    Invalid {
        text: String,
        #[source]
        source: url::ParseError,
    },
    #[error("`{0}` has no port: write tcp://host:port")]
    NoPort(String),
    #[error("`{text}`: unsupported scheme `{scheme}`; use http, https or tcp")]
    Scheme { text: String, scheme: String },
    #[error("`{0}` has no host")]
    NoHost(String),
}

/// An address as a message may show it: the user name and password of
/// `scheme://user:pass@host/` are secrets, shown as `***@host` even when
/// the rest of the address is wrong.
fn without_credentials(text: &str) -> String {
    let Some(start) = text.find("://").map(|i| i + 3) else {
        return text.to_owned();
    };
    let rest = &text[start..];
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    match authority.rfind('@') {
        Some(at) => format!("{}***{}", &text[..start], &rest[at..]),
        None => text.to_owned(),
    }
}

/// An endpoint address, checked while reading: scheme http, https or tcp,
/// a host, and for tcp a port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub struct EndpointUrl {
    pub url: url::Url,
}

impl EndpointUrl {
    pub fn parse(text: &str) -> Result<Self, UrlError> {
        let url = url::Url::parse(text.trim()).map_err(|source| UrlError::Invalid {
            text: without_credentials(text),
            source,
        })?;
        match url.scheme() {
            "http" | "https" => {}
            "tcp" => {
                if url.port().is_none() {
                    return Err(UrlError::NoPort(without_credentials(text)));
                }
            }
            other => {
                return Err(UrlError::Scheme {
                    text: without_credentials(text),
                    scheme: other.to_owned(),
                });
            }
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(UrlError::NoHost(without_credentials(text)));
        }
        // A user name or password in the address (`https://user:pass@host/`)
        // is a secret: dropped as it is read, so that no probe sends it and
        // no rule, record, report or message ever holds it.
        let mut url = url;
        if !url.username().is_empty() || url.password().is_some() {
            let _ = url.set_password(None);
            let _ = url.set_username("");
        }
        Ok(EndpointUrl { url })
    }

    pub fn scheme(&self) -> &str {
        self.url.scheme()
    }

    pub fn host(&self) -> &str {
        self.url.host_str().unwrap_or_default()
    }

    pub fn port(&self) -> Option<u16> {
        self.url.port_or_known_default()
    }

    pub fn as_str(&self) -> &str {
        self.url.as_str()
    }
}

impl From<EndpointUrl> for String {
    fn from(value: EndpointUrl) -> Self {
        value.url.into()
    }
}

impl<'de> Deserialize<'de> for EndpointUrl {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        EndpointUrl::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for EndpointUrl {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "EndpointUrl".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^(https?|tcp)://",
            "description": "http(s)://host[/path] or tcp://host:port"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A trailing or doubled separator, as spreadsheet cells often have,
    /// is no mistake; a part that is not an address is, and nothing at
    /// all is too.
    #[test]
    fn contacts_skip_empty_parts() {
        let contacts = Contacts::parse("a@x.vn; b@x.vn;".split([',', ';']), false).unwrap();
        assert_eq!(contacts.addresses(), ["a@x.vn", "b@x.vn"]);
        assert_eq!(contacts.as_text(), "a@x.vn, b@x.vn");
        assert_eq!(
            Contacts::parse("a@x.vn, nope".split([',', ';']), false).unwrap_err(),
            "nope"
        );
        assert!(Contacts::parse(" ; ".split([',', ';']), false).is_err());
    }

    #[test]
    fn an_endpoint_url_drops_its_user_name_and_password() {
        let url = EndpointUrl::parse("https://admin:s3cret@portal.hue.gov.vn:8443/login").unwrap();
        assert_eq!(url.as_str(), "https://portal.hue.gov.vn:8443/login");
        let url = EndpointUrl::parse("tcp://only-user@db.hue.gov.vn:5432").unwrap();
        assert_eq!(url.as_str(), "tcp://db.hue.gov.vn:5432");
    }

    #[test]
    fn a_wrong_address_is_shown_without_its_user_name_and_password() {
        for (text, shown) in [
            (
                "ftp://admin:s3cret@files.hue.gov.vn/",
                "`ftp://***@files.hue.gov.vn/`",
            ),
            (
                "tcp://admin:s3cret@db.hue.gov.vn",
                "`tcp://***@db.hue.gov.vn`",
            ),
            ("https://admin:s3cr@et@:443/x", "`https://***@:443/x`"),
            ("http://admin:s3cret@", "`http://***@`"),
        ] {
            let message = EndpointUrl::parse(text).unwrap_err().to_string();
            assert!(!message.contains("s3cr"), "{message}");
            assert!(!message.contains("admin"), "{message}");
            assert!(message.contains(shown), "{message}");
        }
        assert_eq!(without_credentials("hue.gov.vn/a@b"), "hue.gov.vn/a@b");
        assert_eq!(
            without_credentials("https://hue.gov.vn/?mail=a@b"),
            "https://hue.gov.vn/?mail=a@b"
        );
    }

    #[test]
    fn endpoint_urls_need_a_known_scheme_a_host_and_for_tcp_a_port() {
        assert_eq!(
            EndpointUrl::parse(" tcp://db.hue.gov.vn:5432 ")
                .unwrap()
                .port(),
            Some(5432)
        );
        let cases: &[(&str, &str)] = &[
            (
                "tcp://db.hue.gov.vn",
                "`tcp://db.hue.gov.vn` has no port: write tcp://host:port",
            ),
            (
                "ftp://files.hue.gov.vn/",
                "`ftp://files.hue.gov.vn/`: unsupported scheme `ftp`; use http, https or tcp",
            ),
            ("tcp://:22", "invalid URL `tcp://:22`: empty host"),
            (
                "hue.gov.vn",
                "invalid URL `hue.gov.vn`: relative URL without a base",
            ),
            ("http://", "invalid URL `http://`: empty host"),
        ];
        for (text, message) in cases {
            let error = EndpointUrl::parse(text).unwrap_err();
            assert_eq!(error.to_string(), *message, "{error:?}");
        }
        assert!(matches!(
            EndpointUrl::parse("hue.gov.vn"),
            Err(UrlError::Invalid {
                source: url::ParseError::RelativeUrlWithoutBase,
                ..
            })
        ));
    }
}
