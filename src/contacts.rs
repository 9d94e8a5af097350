//! How to reach the police and the national services: a force's own local lines, the
//! national services every leaflet prints, and checked web addresses. Region files give
//! them (`load`), and documents print them (`resolve` on).

use std::collections::BTreeMap;

use crate::error::Origin;
use crate::phone::PhoneNumber;

/// Words a region file gives (a local line's label and hours, whom the textphone number
/// reaches, the force's short name): English, and in other languages where the file gives
/// them (`label = { en-GB = "Text us", cy = "Anfonwch neges destun" }`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionWords {
    /// The English words: the plain string, or the table's `en-GB`.
    pub english: String,
    /// The words in other languages, by language tag as written (`cy`).
    pub translated: BTreeMap<String, String>,
    /// Where the region file gives them.
    pub origin: Origin,
}

/// Region words chosen for one document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chosen<'a> {
    pub text: &'a str,
    /// True when the document is in another language and the file gives these words in
    /// English only: they are printed in English (and tagged so).
    pub english_stands_in: bool,
}

impl RegionWords {
    /// The words for a document in `lang`: its own tag (`cy-GB`), then its language
    /// (`cy`), else the English.
    pub fn for_language(&self, lang: &str) -> Chosen<'_> {
        let primary = crate::fonts::primary_subtag(lang);
        if primary == "en" {
            return Chosen { text: &self.english, english_stands_in: false };
        }
        let own = self.translated.get(lang).or_else(|| {
            self.translated.iter().find(|(tag, _)| crate::fonts::primary_subtag(tag) == primary).map(|(_, t)| t)
        });
        match own {
            Some(text) => Chosen { text, english_stands_in: false },
            None => Chosen { text: &self.english, english_stands_in: true },
        }
    }
}

/// One of a force's own lines, with where its region file gives it.
#[derive(Clone, Debug)]
pub struct LocalLine {
    pub label: RegionWords,
    pub number: PhoneNumber,
    pub hours: Option<RegionWords>,
    /// A text (SMS) line: linked with `sms:` and announced as "Text ...".
    pub text: bool,
    pub origin: Origin,
}

/// The services that are the same for every force, set once in `regions/uk.toml`.
#[derive(Clone, Debug)]
pub struct National {
    pub helpline: Service,
    pub crimestoppers: Service,
}

#[derive(Clone, Debug)]
pub struct Service {
    pub name: String,
    pub number: PhoneNumber,
    pub note: Option<String>,
    pub website: Option<Website>,
}

/// A checked https address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Website {
    /// The full URL, for the link.
    pub url: String,
    /// How it is printed: no scheme, no `www.`, no trailing slash (shorter, and what
    /// people type).
    pub display: String,
}

impl Website {
    pub fn parse(text: &str) -> std::result::Result<Website, String> {
        if text.chars().any(char::is_whitespace) || text.is_empty() {
            return Err(format!("`{text}` is not a web address: it is empty or has spaces in it"));
        }
        let Some(rest) = text.strip_prefix("https://") else {
            return Err(format!("`{text}` must start with https:// (secure web addresses only)"));
        };
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let labels: Vec<&str> = host.split('.').collect();
        let host_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if !host_ok {
            return Err(format!("`{text}` does not have a well-formed domain name after https://"));
        }
        let trimmed = rest.trim_end_matches('/');
        let display = trimmed.strip_prefix("www.").unwrap_or(trimmed).to_string();
        Ok(Website { url: text.to_string(), display })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_words_are_chosen_by_language_with_english_standing_in() {
        let origin = Origin { file: "regions/x.toml".into(), line: 3, column: 9 };
        let words = RegionWords {
            english: "your local police".into(),
            translated: BTreeMap::from([("cy".to_string(), "eich heddlu lleol".to_string())]),
            origin,
        };
        let chosen = |lang| words.for_language(lang);
        assert_eq!(chosen("en-GB"), Chosen { text: "your local police", english_stands_in: false });
        assert_eq!(chosen("cy"), Chosen { text: "eich heddlu lleol", english_stands_in: false });
        // A regional tag finds its language's words.
        assert_eq!(chosen("cy-GB").text, "eich heddlu lleol");
        assert_eq!(chosen("ar"), Chosen { text: "your local police", english_stands_in: true });
    }

    #[test]
    fn websites_must_be_https_and_well_formed() {
        let site = Website::parse("https://www.kent.police.uk/").unwrap();
        assert_eq!(site.display, "kent.police.uk");
        assert!(Website::parse("http://www.kent.police.uk").unwrap_err().contains("https://"));
        assert!(Website::parse("https://www.kent police.uk").is_err());
        assert!(Website::parse("https://kent").is_err());
        assert!(Website::parse("https://www..police.uk").is_err());
    }
}
