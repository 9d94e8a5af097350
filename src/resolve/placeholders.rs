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
        value: |s| Some(Value::Text(s.region.short_name.clone())),
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
            let service = fill(&s.words.links.non_emergency, &[("force", &s.region.short_name)]);
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
        value: |s| Some(Value::Text(s.region.textphone_reaches.clone())),
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
