//! The `{placeholders}` content may use, in one table: the force's and the national
//! services' values from the region, and the document's own edition and date. Each
//! value that is a link comes with the words a screen reader says for it, from the
//! content's `[words.links]`.

use super::region::Region;
use crate::contacts::Website;
use crate::date::PartialDate;
use crate::load::{DocumentInfo, Words};
use crate::phone::PhoneNumber;
use crate::template::fill;

/// What a placeholder stands for.
#[derive(Clone, Debug)]
pub enum Value {
    Text(String),
    /// Region words that may be given per language: the resolver prints the document's
    /// language's words, or the English ones tagged as English.
    Words(crate::contacts::RegionWords),
    /// A number to call: printed unbroken and linked; `alt` says what the link does.
    Phone {
        number: PhoneNumber,
        alt: String,
    },
    /// A web address, linked.
    Web {
        site: Website,
        alt: String,
    },
    /// An email address: printed unbroken and linked with mailto:.
    Email {
        address: String,
        alt: String,
    },
}

/// What the values are looked up in.
pub struct Sources<'a> {
    pub region: &'a Region,
    pub words: &'a Words,
    pub document: &'a DocumentInfo,
    /// The document's language, for region words given per language.
    pub lang: &'a str,
}

/// Who provides a placeholder's value.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Provider {
    /// The region file (or `regions/uk.toml`).
    Region,
    /// The content file's `[document]`.
    Document,
}

struct Placeholder {
    name: &'static str,
    provider: Provider,
    /// The value, or `None` where the region has none (a force without a website).
    value: fn(&Sources) -> Option<Value>,
}

const PLACEHOLDERS: &[Placeholder] = &[
    Placeholder { name: "force.name", provider: Provider::Region, value: |s| Some(Value::Text(s.region.name.clone())) },
    Placeholder {
        name: "force.short_name",
        provider: Provider::Region,
        value: |s| Some(Value::Words(s.region.short_name.clone())),
    },
    Placeholder { name: "force.website", provider: Provider::Region, value: |s| web(s, s.region.website.as_ref()) },
    Placeholder {
        name: "force.email",
        provider: Provider::Region,
        value: |s| {
            let address = s.region.email.clone()?;
            Some(Value::Email { alt: fill(&s.words.links.email, &[("address", &address)]), address })
        },
    },
    Placeholder {
        name: "contact.emergency",
        provider: Provider::Region,
        value: |s| call(s, &s.region.emergency, &s.words.links.emergency_services),
    },
    Placeholder {
        name: "contact.non_emergency",
        provider: Provider::Region,
        value: |s| {
            let force = s.region.short_name.for_language(s.lang).text;
            let service = fill(&s.words.links.non_emergency, &[("force", force)]);
            call(s, &s.region.non_emergency, &service)
        },
    },
    Placeholder {
        name: "contact.textphone_emergency",
        provider: Provider::Region,
        value: |s| call(s, &s.region.textphone_emergency, &s.words.links.relay_emergency),
    },
    Placeholder {
        name: "contact.textphone_non_emergency",
        provider: Provider::Region,
        value: |s| call(s, &s.region.textphone_non_emergency, &s.words.links.relay_non_emergency),
    },
    Placeholder {
        name: "contact.textphone_reaches",
        provider: Provider::Region,
        value: |s| Some(Value::Words(s.region.textphone_reaches.clone())),
    },
    Placeholder {
        name: "national.helpline",
        provider: Provider::Region,
        value: |s| call(s, &s.region.national.helpline.number, &s.region.national.helpline.name),
    },
    Placeholder {
        name: "national.helpline.name",
        provider: Provider::Region,
        value: |s| Some(Value::Text(s.region.national.helpline.name.clone())),
    },
    Placeholder {
        name: "national.crimestoppers",
        provider: Provider::Region,
        value: |s| call(s, &s.region.national.crimestoppers.number, &s.region.national.crimestoppers.name),
    },
    Placeholder {
        name: "national.crimestoppers.name",
        provider: Provider::Region,
        value: |s| Some(Value::Text(s.region.national.crimestoppers.name.clone())),
    },
    Placeholder {
        name: "national.helpline.website",
        provider: Provider::Region,
        value: |s| web(s, s.region.national.helpline.website.as_ref()),
    },
    Placeholder {
        name: "national.crimestoppers.website",
        provider: Provider::Region,
        value: |s| web(s, s.region.national.crimestoppers.website.as_ref()),
    },
    Placeholder {
        name: "document.version",
        provider: Provider::Document,
        value: |s| Some(Value::Text(s.document.version.clone())),
    },
    Placeholder {
        name: "document.date",
        provider: Provider::Document,
        // The edition's month and year, "November 2026", in the content's words.
        value: |s| {
            let date = s.document.date.get_ref().date?;
            let edition = PartialDate { year: date.year, month: Some(date.month), day: None };
            Some(Value::Text(s.words.date(edition)))
        },
    },
];

fn call(sources: &Sources, number: &PhoneNumber, service: &str) -> Option<Value> {
    // The link's description is read aloud, so the number in it is spoken, digit by digit.
    let alt = fill(&sources.words.links.call, &[("service", service), ("number", &number.spoken())]);
    Some(Value::Phone { number: number.clone(), alt })
}

fn web(sources: &Sources, site: Option<&Website>) -> Option<Value> {
    let site = site?.clone();
    Some(Value::Web { alt: fill(&sources.words.links.website, &[("address", &site.display)]), site })
}

/// How a placeholder name fared.
pub(crate) enum Lookup {
    Found(Value),
    /// A placeholder there is, with no value here (a force without a website).
    Empty,
    Unknown,
}

/// The value of `{name}`.
pub(crate) fn lookup(name: &str, sources: &Sources) -> Lookup {
    match PLACEHOLDERS.iter().find(|p| p.name == name) {
        Some(placeholder) => match (placeholder.value)(sources) {
            Some(value) => Lookup::Found(value),
            None => Lookup::Empty,
        },
        None => Lookup::Unknown,
    }
}

/// The names one provider fills, in table order (for hints and templates).
pub fn names(provider: Provider) -> impl Iterator<Item = &'static str> {
    PLACEHOLDERS.iter().filter(move |p| p.provider == provider).map(|p| p.name)
}

/// Who fills `{name}`: names beginning `document.` are the content's own.
pub(crate) fn provider_of(name: &str) -> Provider {
    if name.starts_with("document.") { Provider::Document } else { Provider::Region }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::RegionSource;
    use crate::load::Definitions;
    use crate::session::Session;

    fn with_sources(region: &str, test: impl FnOnce(&Sources)) {
        let definitions = Definitions::embedded();
        let session = Session::new(definitions.clone()).unwrap();
        let region = session.region(&RegionSource::Id(region.to_string())).unwrap();
        let content = definitions.content("leaflet.standard", "en-GB").unwrap();
        test(&Sources {
            region: &region,
            words: &content.value.words,
            document: &content.value.document,
            lang: "en-GB",
        });
    }

    #[test]
    fn a_phone_number_comes_with_what_its_link_does_spoken_digit_by_digit() {
        with_sources("uk", |sources| {
            let Lookup::Found(Value::Phone { number, alt }) = lookup("contact.emergency", sources) else {
                panic!("999 is a phone number")
            };
            assert_eq!(number.display, "999");
            assert_eq!(alt, "Call the emergency services on 9 9 9");
        });
        with_sources("kent", |sources| {
            let Lookup::Found(Value::Phone { alt, .. }) = lookup("contact.non_emergency", sources) else {
                panic!("101 is a phone number")
            };
            assert_eq!(alt, "Call Kent Police (non-emergency) on 1 0 1");
        });
    }

    #[test]
    fn a_known_placeholder_without_a_value_is_empty_and_a_misspelt_one_unknown() {
        with_sources("south-yorkshire", |sources| {
            // South Yorkshire's website is left out until it is confirmed.
            assert!(matches!(lookup("force.website", sources), Lookup::Empty));
            assert!(matches!(lookup("force.websight", sources), Lookup::Unknown));
            assert!(matches!(lookup("document.version", sources), Lookup::Found(Value::Text(v)) if v == "1.0"));
        });
    }

    #[test]
    fn names_are_listed_by_who_fills_them() {
        let region: Vec<&str> = names(Provider::Region).collect();
        assert!(region.contains(&"contact.non_emergency") && !region.contains(&"document.date"));
        assert_eq!(names(Provider::Document).collect::<Vec<_>>(), ["document.version", "document.date"]);
        assert!(provider_of("document.anything") == Provider::Document);
    }
}
