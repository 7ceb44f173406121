//! Report labels in the reader's language, through Fluent (Mozilla's
//! localisation system): the English and Vietnamese messages live in
//! `locales/en.ftl` and `locales/vi.ftl`, compiled into the binary, so a
//! translator edits text files and never Rust. Numbers and dates follow the
//! language too: Vietnamese writes `96,3%` and `25/11/2026`.

use clap::ValueEnum;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

use crate::fields::{IsoDate, format_percent};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    #[default]
    En,
    Vi,
}

impl Lang {
    /// Every language, in the order a text falls back through them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Vi];

    /// The tags of [`Lang::ALL`], as policy files name the languages.
    pub const TAGS: &'static [&'static str] = &["en", "vi"];

    /// The language of a tag (`en`, `vi`).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.tag() == tag)
    }

    /// The language's place in [`Lang::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// From `LC_ALL`, `LC_MESSAGES` or `LANG`, the first one set, as the C
    /// library reads them: `vi*` gives Vietnamese, anything else English.
    pub fn from_env() -> Lang {
        Self::from_env_variable().0
    }

    /// [`Lang::from_env`], and the variable it was read from, if any.
    pub fn from_env_variable() -> (Lang, Option<&'static str>) {
        Self::from_locale_vars(|name| std::env::var(name).ok())
    }

    fn from_locale_vars(get: impl Fn(&str) -> Option<String>) -> (Lang, Option<&'static str>) {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|name| {
                get(name)
                    .filter(|value| !value.is_empty())
                    .map(|v| (*name, v))
            })
            .map_or((Lang::En, None), |(name, value)| {
                let lang = if value.starts_with("vi") {
                    Lang::Vi
                } else {
                    Lang::En
                };
                (lang, Some(name))
            })
    }

    /// The language's tag, as HTML's `lang` and the locale files name it.
    pub fn tag(self) -> &'static str {
        self.source().0
    }

    fn source(self) -> (&'static str, &'static str) {
        match self {
            Lang::En => ("en", include_str!("../../locales/en.ftl")),
            Lang::Vi => ("vi", include_str!("../../locales/vi.ftl")),
        }
    }
}

/// The messages of one language.
pub struct Labels {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
}

impl Labels {
    pub fn new(lang: Lang) -> Labels {
        let (tag, text) = lang.source();
        let language = tag.parse().unwrap_or_default();
        let mut bundle = FluentBundle::new(vec![language]);
        // No bidi isolation marks around arguments: they would show up as
        // stray characters in terminals, CSV cells and mail.
        bundle.set_use_isolating(false);
        // The files ship with the binary and a unit test parses them, so an
        // error here cannot come from a user; a broken message falls back
        // to its id rather than failing a report.
        let resource =
            FluentResource::try_new(text.to_string()).unwrap_or_else(|(partial, _)| partial);
        let _ = bundle.add_resource(resource);
        Labels { lang, bundle }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// A message without arguments.
    pub fn get(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// A message with arguments, e.g. `with("measured", &[("numerator", 3.into())])`.
    pub fn with(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        self.format(id, Some(&fluent_args))
    }

    fn format(&self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_string();
        };
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned()
    }

    /// Why a name lookup failed, in words.
    pub fn dns_error(&self, error: crate::probe::facts::DnsError) -> String {
        self.get(&format!("dns-error-{}", error.as_str()))
    }

    /// A date as readers of the language write it.
    pub fn date(&self, date: IsoDate) -> String {
        match self.lang {
            Lang::En => date.to_string(),
            Lang::Vi => {
                let d = date.0;
                format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
            }
        }
    }

    /// A percentage, `96.3%` or `96,3%`.
    pub fn percent(&self, value: f64) -> String {
        let text = format!("{}%", format_percent(value));
        match self.lang {
            Lang::En => text,
            Lang::Vi => text.replace('.', ","),
        }
    }

    /// A decimal number written with `.`, in the language's notation.
    pub fn decimal(&self, text: &str) -> String {
        match self.lang {
            Lang::En => text.to_string(),
            Lang::Vi => text.replace('.', ","),
        }
    }

    /// An optional percentage; a dash when there is nothing to measure.
    pub fn percent_or_dash(&self, value: Option<f64>) -> String {
        value.map_or_else(|| "–".to_string(), |v| self.percent(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<String> {
        let mut ids: Vec<String> = text
            .lines()
            .filter(|line| !line.starts_with(['#', ' ']) && line.contains(" = "))
            .filter_map(|line| line.split(" = ").next().map(str::to_string))
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn both_languages_parse_and_hold_the_same_messages() {
        for lang in [Lang::En, Lang::Vi] {
            let (_, text) = lang.source();
            assert!(
                FluentResource::try_new(text.to_string()).is_ok(),
                "{lang:?}"
            );
        }
        assert_eq!(ids(Lang::En.source().1), ids(Lang::Vi.source().1));
        let vi = Labels::new(Lang::Vi);
        for id in ids(Lang::En.source().1) {
            assert_ne!(vi.get(&id), id, "{id} has no Vietnamese text");
        }
    }

    #[test]
    fn arguments_numbers_and_dates_follow_the_language() {
        let en = Labels::new(Lang::En);
        let vi = Labels::new(Lang::Vi);
        let args = [("value", FluentValue::from("96.3%"))];
        assert_eq!(en.with("status-missed", &args), "missed (reached 96.3%)");
        assert_eq!(vi.get("status-met"), "đã đạt");
        assert_eq!(vi.percent(96.25), "96,3%");
        let date = IsoDate::parse("2026-11-05").unwrap();
        assert_eq!(vi.date(date), "05/11/2026");
        assert_eq!(en.date(date), "2026-11-05");
    }

    #[test]
    fn tags_name_every_language_in_order() {
        let tags: Vec<&str> = Lang::ALL.iter().map(|lang| lang.tag()).collect();
        assert_eq!(tags, Lang::TAGS);
        for (index, lang) in Lang::ALL.into_iter().enumerate() {
            assert_eq!(
                (lang.index(), Lang::from_tag(lang.tag())),
                (index, Some(lang))
            );
        }
        assert_eq!(Lang::from_tag("fr"), None);
    }

    #[test]
    fn language_comes_from_the_locale_variables() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(
            Lang::from_locale_vars(env(&[("LANG", "vi_VN.UTF-8")])),
            (Lang::Vi, Some("LANG"))
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "vi_VN")])).0,
            Lang::En
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[("LC_ALL", ""), ("LANG", "vi")])).0,
            Lang::Vi
        );
        assert_eq!(Lang::from_locale_vars(env(&[])), (Lang::En, None));
    }
}
