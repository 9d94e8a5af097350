//! How to reach the police and the national services: a force's own local lines, the
//! national services every leaflet prints, and checked web addresses. Region files give
//! them (`load`), and documents print them (`resolve` on).

use crate::error::Origin;
use crate::phone::PhoneNumber;

/// One of a force's own lines, with where its region file gives it.
#[derive(Clone, Debug)]
pub struct LocalLine {
    pub label: String,
    pub number: PhoneNumber,
    pub hours: Option<String>,
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
    fn websites_must_be_https_and_well_formed() {
        let site = Website::parse("https://www.kent.police.uk/").unwrap();
        assert_eq!(site.display, "kent.police.uk");
        assert!(Website::parse("http://www.kent.police.uk").unwrap_err().contains("https://"));
        assert!(Website::parse("https://www.kent police.uk").is_err());
        assert!(Website::parse("https://kent").is_err());
        assert!(Website::parse("https://www..police.uk").is_err());
    }
}
