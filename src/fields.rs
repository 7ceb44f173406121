//! Small value types shared by inventory and policy files: identifiers,
//! calendar dates and percentages.
//!
//! Each one validates itself while serde reads it, so a bad value is
//! reported by the YAML loader with its exact line and column; a
//! [`FieldError`] says what is wrong and how to write it.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Month};

/// A value that does not parse as its type; it carries the text as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error(
        "invalid id `{0}`: use 1 to {max} letters, digits, `-`, `_` or `.`, starting with a letter or digit",
        max = Id::MAX_LEN
    )]
    Id(String),
    /// Not `YYYY-MM-DD`.
    #[error("invalid date `{0}`: write it as YYYY-MM-DD (ISO 8601), e.g. 2025-12-31")]
    DateFormat(String),
    /// `YYYY-MM-DD`, but no such day (`2025-02-30`).
    #[error("invalid date `{0}`: that day does not exist")]
    NoSuchDay(String),
    #[error("invalid percentage `{0}`: write a number from 0 to 100 followed by %, e.g. 90%")]
    Percent(String),
}

/// An identifier for agencies, systems, rules, targets and providers:
/// 1 to 64 characters of `a-z`, `0-9`, `-`, `_` and `.`, starting with a letter
/// or digit. Rule ids may also use upper case (`CLOUD-001`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Id(String);

impl Id {
    pub const MAX_LEN: usize = 64;

    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let first_ok = text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        let rest_ok = text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if text.is_empty() || text.len() > Self::MAX_LEN || !first_ok || !rest_ok {
            return Err(FieldError::Id(text.to_owned()));
        }
        Ok(Id(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        Id::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        "Id".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$",
            "description": "Identifier: letters, digits, '-', '_' or '.'"
        })
    }
}

/// A calendar date written as ISO 8601 `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoDate(pub Date);

impl IsoDate {
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let bad = || FieldError::DateFormat(text.to_owned());
        let mut parts = text.trim().splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u8 = m.parse().map_err(|_| bad())?;
        let day: u8 = d.parse().map_err(|_| bad())?;
        let month = Month::try_from(month).map_err(|_| bad())?;
        Date::from_calendar_date(year, month, day)
            .map(IsoDate)
            .map_err(|_| FieldError::NoSuchDay(text.to_owned()))
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    pub fn days_until(self, other: IsoDate) -> i64 {
        (other.0 - self.0).whole_days()
    }

    /// The day `days` after this one (the same day when out of range).
    pub fn plus_days(self, days: i64) -> IsoDate {
        IsoDate(
            self.0
                .checked_add(time::Duration::days(days))
                .unwrap_or(self.0),
        )
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}",
            d.year(),
            u8::from(d.month()),
            d.day()
        )
    }
}

impl Serialize for IsoDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IsoDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        IsoDate::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for IsoDate {
    fn schema_name() -> Cow<'static, str> {
        "IsoDate".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date", "description": "ISO 8601 date, YYYY-MM-DD" })
    }
}

/// A percentage between 0 and 100, written `90%` (or a bare number).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Percent(pub f64);

impl Percent {
    pub fn parse(text: &str) -> Result<Self, FieldError> {
        let number = text.trim().trim_end_matches('%').trim();
        match number.parse::<f64>() {
            Ok(value) if (0.0..=100.0).contains(&value) => Ok(Percent(value)),
            _ => Err(FieldError::Percent(text.to_owned())),
        }
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", format_percent(self.0))
    }
}

/// Formats a percentage with at most one decimal, dropping a trailing `.0`.
pub fn format_percent(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.0)
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw<'a> {
            Number(f64),
            #[serde(borrow)]
            Text(Cow<'a, str>),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Number(n) => Percent::parse(&n.to_string()),
            Raw::Text(t) => Percent::parse(&t),
        }
        .map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Percent {
    fn schema_name() -> Cow<'static, str> {
        "Percent".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "oneOf": [
                { "type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?%$" },
                { "type": "number", "minimum": 0, "maximum": 100 }
            ],
            "description": "Percentage, e.g. 90%"
        })
    }
}

/// Declares an enum of YAML keywords: each variant with the exact text
/// written in files, `as_str()` giving it back without allocation (CEL
/// values and tables borrow it) and `ALL` listing the variants.
#[macro_export]
macro_rules! keyword_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
                 serde::Deserialize, serde::Serialize, schemars::JsonSchema)]
        pub enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $text)] $variant, )+
        }

        impl $name {
            #[allow(dead_code, reason = "not every keyword list is walked in full")]
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The keywords as written in the files, in declaration order
            /// (the workbook template's dropdowns list them).
            #[allow(dead_code, reason = "not every keyword list is offered")]
            pub const KEYWORDS: &'static [&'static str] = &[$($text),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

keyword_enum! {
    /// What the whole organisation is: the province, city or ministry
    /// whose agencies are counted (`[org] kind` in the config file).
    pub enum OrgKind {
        /// A province (tỉnh).
        Province = "province",
        /// A centrally governed city (thành phố trực thuộc trung ương).
        City = "city",
        /// A ministry or a ministry-level body (bộ, ngành).
        Ministry = "ministry",
    }
}

/// The organisation a scan covers, as `--org`, `--org-name`,
/// `--org-kind` or the config file's `[org]` name it; any part may be
/// unset. Part of the record, so a stored run names its whole as it did
/// ("toàn thành phố" in the total row); its id is part of the history's
/// key, so runs of different organisations in one shared history never
/// mix.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct Organisation {
    /// The organisation's id in a shared history, e.g. `hue`; absent for
    /// the one organisation of a history of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<OrgKind>,
}

impl Organisation {
    pub fn is_empty(&self) -> bool {
        self.id.is_none() && self.name.is_none() && self.kind.is_none()
    }

    /// The organisation's part of the history's key: its id, or the
    /// empty text for the single organisation of a history (as every run
    /// recorded before organisations had ids).
    pub fn key(&self) -> &str {
        self.id.as_ref().map_or("", Id::as_str)
    }
}

/// A flag's list of words, as `--fail-on-targets` and `--email-attach`
/// take them: `none`, or a comma-separated list of `choices` (each named
/// by `name`), each kept once, in the order given. A word that is not a
/// choice is the message `unknown` with the word and the choices.
pub fn word_list<T: Copy + PartialEq>(
    text: &str,
    choices: &[T],
    name: impl Fn(&T) -> String,
    unknown: &'static str,
) -> Result<Vec<T>, crate::diagnostics::Message> {
    let text = text.trim();
    if text == "none" {
        return Ok(Vec::new());
    }
    let mut chosen = Vec::new();
    for word in text.split(',').map(str::trim) {
        let choice = choices
            .iter()
            .find(|choice| name(choice) == word)
            .ok_or_else(|| {
                let names: Vec<String> = choices.iter().map(&name).collect();
                crate::diagnostics::Message::new(unknown)
                    .arg("word", word)
                    .arg("choices", names.join(", "))
            })?;
        if !chosen.contains(choice) {
            chosen.push(*choice);
        }
    }
    Ok(chosen)
}

/// A list of [`word_list`] written back: `none`, or the names joined by commas.
pub fn word_list_text<T>(items: &[T], name: impl Fn(&T) -> String) -> String {
    if items.is_empty() {
        return "none".into();
    }
    items.iter().map(name).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_the_documented_alphabet_only() {
        assert!(Id::parse("so-tttt").is_ok());
        assert!(Id::parse("CLOUD-001").is_ok());
        let long = "a".repeat(65);
        for bad in ["", "-lead", "has space", &long] {
            assert_eq!(Id::parse(bad), Err(FieldError::Id(bad.into())));
        }
        assert_eq!(
            FieldError::Id("-lead".into()).to_string(),
            "invalid id `-lead`: use 1 to 64 letters, digits, `-`, `_` or `.`, starting with a letter or digit"
        );
    }

    #[test]
    fn dates_are_strict_iso() {
        assert_eq!(
            IsoDate::parse("2025-06-30").unwrap().to_string(),
            "2025-06-30"
        );
        let cases = [
            ("2025-13-01", FieldError::DateFormat("2025-13-01".into())),
            ("30/06/2025", FieldError::DateFormat("30/06/2025".into())),
            ("2025-6-30", FieldError::DateFormat("2025-6-30".into())),
            ("2025-02-30", FieldError::NoSuchDay("2025-02-30".into())),
        ];
        for (text, expected) in cases {
            assert_eq!(IsoDate::parse(text), Err(expected), "{text}");
        }
        assert_eq!(
            IsoDate::parse("2025-02-30").unwrap_err().to_string(),
            "invalid date `2025-02-30`: that day does not exist"
        );
        assert_eq!(
            IsoDate::parse("2025-6-30").unwrap_err().to_string(),
            "invalid date `2025-6-30`: write it as YYYY-MM-DD (ISO 8601), e.g. 2025-12-31"
        );
    }

    #[test]
    fn percentages_parse_and_print() {
        assert_eq!(Percent::parse("90%").unwrap().0, 90.0);
        assert_eq!(Percent::parse("87.5").unwrap().to_string(), "87.5%");
        assert_eq!(
            Percent::parse("120%"),
            Err(FieldError::Percent("120%".into()))
        );
        assert_eq!(
            Percent::parse("lots").unwrap_err().to_string(),
            "invalid percentage `lots`: write a number from 0 to 100 followed by %, e.g. 90%"
        );
        assert_eq!(format_percent(66.666), "66.7");
        assert_eq!(format_percent(100.0), "100");
    }
}
