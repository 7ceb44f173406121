//! [`PolicyText`]: a text of a policy that people read (a title, a
//! remediation, a description, a reference), written once for every
//! language or once per language:
//!
//! ```yaml
//! title: System runs on cloud infrastructure
//! title:
//!   vi: Hệ thống được triển khai trên nền tảng điện toán đám mây
//!   en: System runs on cloud infrastructure
//! ```
//!
//! A language the text is not given in falls back to the other one, so a
//! policy may be translated a rule at a time. A key that is not a language
//! of the reports is an error with its place and a did-you-mean, as any
//! unknown key is.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::report::Lang;
use crate::scan::{Translation, Translations};

/// A policy text: one for every language, or one per language (at least one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyText {
    /// Written once: the same text in every language.
    Plain(String),
    /// Written per language; [`PolicyText::get`] falls back to another
    /// language when one is missing. Indexed by [`Lang::index`].
    PerLang([Option<String>; Lang::ALL.len()]),
}

impl PolicyText {
    pub fn plain(text: impl Into<String>) -> PolicyText {
        PolicyText::Plain(text.into())
    }

    /// The text as given in `lang`, without falling back.
    pub fn given(&self, lang: Lang) -> Option<&str> {
        match self {
            PolicyText::Plain(text) => Some(text),
            PolicyText::PerLang(texts) => texts[lang.index()].as_deref(),
        }
    }

    /// The text for readers of `lang`: as given in it, else in the first
    /// language it is given in (English before Vietnamese).
    pub fn get(&self, lang: Lang) -> &str {
        self.given(lang).unwrap_or_else(|| self.default_text())
    }

    /// The text for every language it is not given in: English when given,
    /// else the first language given. What the scan record's plain fields
    /// (`title`, `remediation`) hold.
    pub fn default_text(&self) -> &str {
        Lang::ALL
            .iter()
            .find_map(|lang| self.given(*lang))
            .unwrap_or_default()
    }

    /// The text in `lang` when it differs from [`PolicyText::default_text`]:
    /// what the scan record keeps beside the default, by language.
    pub fn translation(&self, lang: Lang) -> Option<&str> {
        self.given(lang).filter(|text| *text != self.default_text())
    }
}

impl fmt::Display for PolicyText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.default_text())
    }
}

impl<'de> Deserialize<'de> for PolicyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PolicyTextVisitor)
    }
}

struct PolicyTextVisitor;

impl<'de> Visitor<'de> for PolicyTextVisitor {
    type Value = PolicyText;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a text, or a text per language such as `{{vi: ..., en: ...}}`"
        )
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<PolicyText, E> {
        Ok(PolicyText::plain(text))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<PolicyText, E> {
        Ok(PolicyText::Plain(text))
    }

    // A plain YAML scalar such as `2030` or `true` is text here, as it was
    // when these fields were plain strings.
    fn visit_bool<E: de::Error>(self, value: bool) -> Result<PolicyText, E> {
        Ok(PolicyText::Plain(value.to_string()))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<PolicyText, E> {
        Ok(PolicyText::Plain(value.to_string()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<PolicyText, E> {
        Ok(PolicyText::Plain(value.to_string()))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<PolicyText, E> {
        Ok(PolicyText::Plain(value.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PolicyText, A::Error> {
        let mut texts: [Option<String>; Lang::ALL.len()] = Default::default();
        while let Some(LangKey(lang)) = map.next_key::<LangKey>()? {
            let slot = &mut texts[lang.index()];
            if slot.is_some() {
                return Err(de::Error::custom(format_args!(
                    "the text is given twice in `{}`",
                    lang.tag()
                )));
            }
            *slot = Some(map.next_value::<String>()?);
        }
        if texts.iter().all(Option::is_none) {
            return Err(de::Error::custom(format_args!(
                "the text is given in no language: write it as plain text or per language ({})",
                Lang::TAGS.join(", ")
            )));
        }
        Ok(PolicyText::PerLang(texts))
    }
}

/// A key of a per-language text. Refused while the key is read, so that
/// the YAML loader places the error on the key itself.
struct LangKey(Lang);

impl<'de> Deserialize<'de> for LangKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(LangKeyVisitor)
    }
}

struct LangKeyVisitor;

impl Visitor<'_> for LangKeyVisitor {
    type Value = LangKey;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a language: {}", Lang::TAGS.join(", "))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<LangKey, E> {
        Lang::from_tag(key).map(LangKey).ok_or_else(|| {
            // serde's wording for an unknown field (its "one of" form, also
            // for two choices), which the loaders turn into a did-you-mean.
            // Vietnamese first: `vn` and `vie` are the likely slips, and a
            // tie goes to the first choice.
            let mut choices: Vec<String> = Lang::TAGS.iter().map(|t| format!("`{t}`")).collect();
            choices.reverse();
            E::custom(format_args!(
                "unknown field `{key}`, expected one of {}",
                choices.join(", ")
            ))
        })
    }
}

impl Serialize for PolicyText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            PolicyText::Plain(text) => serializer.serialize_str(text),
            PolicyText::PerLang(texts) => {
                let given = texts.iter().filter(|t| t.is_some()).count();
                let mut map = serializer.serialize_map(Some(given))?;
                for lang in Lang::ALL {
                    if let Some(text) = &texts[lang.index()] {
                        map.serialize_entry(lang.tag(), text)?;
                    }
                }
                map.end()
            }
        }
    }
}

impl JsonSchema for PolicyText {
    fn schema_name() -> Cow<'static, str> {
        "PolicyText".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A text people read: one for every language, or one per language (`en`, `vi`); a language not given falls back to the other.",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "properties": {
                        "en": { "type": "string", "description": "English" },
                        "vi": { "type": "string", "description": "Vietnamese (tiếng Việt)" }
                    },
                    "additionalProperties": false,
                    "minProperties": 1
                }
            ]
        })
    }
}

/// The texts of a rule or a target, for the scan record.
#[derive(Default)]
pub struct TextsOf<'a> {
    pub title: Option<&'a PolicyText>,
    pub description: Option<&'a PolicyText>,
    pub remediation: Option<&'a PolicyText>,
    pub source: Option<&'a PolicyText>,
    pub references: &'a [PolicyText],
}

impl TextsOf<'_> {
    /// The record's `translations`: per language, the texts that differ
    /// from the defaults the record's plain fields hold.
    pub fn translations(&self) -> Translations {
        let mut translations = Translations::new();
        for lang in Lang::ALL {
            let pick = |text: Option<&PolicyText>| {
                text.and_then(|t| t.translation(lang)).map(str::to_string)
            };
            let references = if self
                .references
                .iter()
                .any(|r| r.translation(lang).is_some())
            {
                self.references
                    .iter()
                    .map(|r| r.get(lang).to_string())
                    .collect()
            } else {
                Vec::new()
            };
            let translation = Translation {
                title: pick(self.title),
                description: pick(self.description),
                remediation: pick(self.remediation),
                source: pick(self.source),
                references,
            };
            if !translation.is_empty() {
                translations.insert(lang.tag().to_string(), translation);
            }
        }
        translations
    }
}

/// The default texts of `texts`, for the record's plain fields.
pub fn defaults(texts: &[PolicyText]) -> Vec<String> {
    texts.iter().map(|t| t.default_text().to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(yaml: &str) -> Result<PolicyText, String> {
        serde_yaml::from_str(yaml).map_err(|e| e.to_string())
    }

    #[test]
    fn a_plain_text_serves_every_language() {
        let text = read("On cloud").unwrap();
        assert_eq!(text.get(Lang::Vi), "On cloud");
        assert_eq!(text.get(Lang::En), "On cloud");
        assert_eq!(text.translation(Lang::Vi), None);
        assert_eq!(read("2030").unwrap().get(Lang::En), "2030");
    }

    #[test]
    fn a_text_per_language_falls_back_to_the_other() {
        let both = read("{vi: Trên nền tảng, en: On cloud}").unwrap();
        assert_eq!(both.get(Lang::Vi), "Trên nền tảng");
        assert_eq!(both.get(Lang::En), "On cloud");
        assert_eq!(both.default_text(), "On cloud");
        assert_eq!(both.translation(Lang::Vi), Some("Trên nền tảng"));
        assert_eq!(both.translation(Lang::En), None);

        let only_vi = read("vi: Trên nền tảng").unwrap();
        assert_eq!(only_vi.get(Lang::En), "Trên nền tảng");
        assert_eq!(only_vi.default_text(), "Trên nền tảng");
        assert_eq!(only_vi.translation(Lang::Vi), None);

        let only_en = read("en: On cloud").unwrap();
        assert_eq!(only_en.get(Lang::Vi), "On cloud");
    }

    #[test]
    fn unknown_languages_and_empty_maps_are_refused() {
        let error = read("{vi: a, fr: b}").unwrap_err();
        assert!(
            error.starts_with("unknown field `fr`, expected one of `vi`, `en`"),
            "{error}"
        );
        assert!(read("{}").unwrap_err().contains("no language"));
        assert!(read("{vi: a, vi: b}").is_err());
        assert!(read("[a, b]").is_err());
    }

    #[test]
    fn the_record_keeps_only_what_differs_from_the_defaults() {
        let title = read("{en: On cloud, vi: Trên nền tảng}").unwrap();
        let remediation = read("Move it").unwrap();
        let references = [
            read("Decree 85").unwrap(),
            read("{en: D 42, vi: NĐ 42}").unwrap(),
        ];
        let translations = TextsOf {
            title: Some(&title),
            remediation: Some(&remediation),
            references: &references,
            ..TextsOf::default()
        }
        .translations();
        assert_eq!(translations.len(), 1);
        let vi = &translations["vi"];
        assert_eq!(vi.title.as_deref(), Some("Trên nền tảng"));
        assert_eq!(vi.remediation, None);
        assert_eq!(vi.references, ["Decree 85", "NĐ 42"]);
        let plain = TextsOf {
            title: Some(&remediation),
            ..TextsOf::default()
        };
        assert!(plain.translations().is_empty());
    }

    #[test]
    fn it_writes_back_as_it_was_read() {
        for yaml in [
            "On cloud",
            "{en: On cloud, vi: Trên nền tảng}",
            "{vi: Trên}",
        ] {
            let text = read(yaml).unwrap();
            let json = serde_json::to_string(&text).unwrap();
            let again: PolicyText = serde_json::from_str(&json).unwrap();
            assert_eq!(again, text, "{yaml}");
        }
    }
}
