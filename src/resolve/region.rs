//! The region overlay: a force's values over the `uk` defaults, with a record of where
//! each value came from (for `--explain`).

use std::path::PathBuf;
use std::sync::Arc;

use crate::colour::Brand;
use crate::contacts::{LocalLine, National, RegionWords, Website};
use crate::error::{Diagnostic, Errors, Origin, Result};
use crate::jurisdiction::Jurisdictions;
use crate::load::{LoadedRegion, LogoRef, Sourced};
use crate::phone::PhoneNumber;

/// A complete region: every value a document may need.
#[derive(Clone, Debug)]
pub struct Region {
    pub id: String,
    pub name: String,
    /// How the words call the force ("Call Kent Police on ..."); English, and other
    /// languages where the file gives them.
    pub short_name: RegionWords,
    pub website: Option<Website>,
    pub email: Option<String>,
    /// Where the force works; content blocks are chosen by it.
    pub jurisdictions: Jurisdictions,
    pub logo: Option<Logo>,
    pub emergency: PhoneNumber,
    pub non_emergency: PhoneNumber,
    pub textphone_emergency: PhoneNumber,
    pub textphone_non_emergency: PhoneNumber,
    /// Whom the non-emergency textphone number reaches, in words: "your local police".
    pub textphone_reaches: RegionWords,
    pub local: Vec<LocalLine>,
    pub brand: Option<Brand>,
    /// Where the brand colours were set, for contrast errors.
    pub brand_origin: Option<Origin>,
    /// Chart colours the force gives itself, and where.
    pub chart: Option<(crate::colour::ChartColours, Origin)>,
    pub national: National,
    /// The languages the force publishes in by default (its own file's, not inherited).
    pub languages: Option<Vec<String>>,
    /// Which file each value came from, in a stable order: (key, printed value, file).
    pub explanation: Vec<(String, String, Arc<str>)>,
    /// Where the force's own file writes each text value that differs from the default
    /// (`contact.textphone_reaches`, ...): an overflow of content that prints one names
    /// the region file's line and key.
    pub own_values: Vec<(String, Origin)>,
}

/// A force's logo, decoded.
#[derive(Clone, Debug)]
pub struct Logo {
    /// The path as the region file writes it, for messages.
    pub file: String,
    pub alt: String,
    pub pixels: Arc<image::RgbaImage>,
    /// Where the logo is on disk and its bytes, for the manifest.
    pub path: PathBuf,
    pub bytes: Arc<Vec<u8>>,
    /// The region file's `logo.file` line.
    pub origin: Origin,
}

/// Lay `region` over `base` (the `uk` default). `region` is `None` when building `uk` itself.
pub(crate) fn merge(base: &LoadedRegion, region: Option<&LoadedRegion>) -> Result<Region> {
    let mut explanation = Vec::new();
    let top = region.unwrap_or(base);

    fn pick<T: Clone>(
        key: &str,
        top: &Option<Sourced<T>>,
        base: &Option<Sourced<T>>,
        show: impl Fn(&T) -> String,
        explanation: &mut Vec<(String, String, Arc<str>)>,
    ) -> Option<T> {
        let chosen = top.as_ref().or(base.as_ref())?;
        explanation.push((key.to_string(), show(&chosen.value), chosen.origin.file.clone()));
        Some(chosen.value.clone())
    }
    let text = |s: &String| s.clone();
    let phone = |p: &PhoneNumber| p.display.clone();

    let missing = |key: &str| -> Diagnostic {
        Diagnostic::error(format!("no value for `{key}` in the region or in the default region"))
            .at(&base.file.start())
            .key(key.to_string())
            .hint("regions/uk.toml must set every value a force may leave out")
    };

    let name =
        pick("force.name", &top.name, &base.name, text, &mut explanation).ok_or_else(|| missing("force.name"))?;
    let words = |w: &RegionWords| w.english.clone();
    // Without a short name the force is called by its name, in every language.
    let short_name = pick("force.short_name", &top.short_name, &base.short_name, words, &mut explanation)
        .unwrap_or_else(|| RegionWords {
            english: name.clone(),
            translated: Default::default(),
            origin: top.name.as_ref().map_or_else(|| top.file.start(), |n| n.origin.clone()),
        });
    let website = pick("force.website", &top.website, &base.website, |w| w.display.clone(), &mut explanation);
    let email = pick("force.email", &top.email, &base.email, text, &mut explanation);
    let jurisdictions =
        pick("force.jurisdictions", &top.jurisdictions, &base.jurisdictions, |j| j.to_string(), &mut explanation)
            .ok_or_else(|| missing("force.jurisdictions"))?;
    let emergency = pick("contact.emergency", &top.emergency, &base.emergency, phone, &mut explanation)
        .ok_or_else(|| missing("contact.emergency"))?;
    let non_emergency = pick("contact.non_emergency", &top.non_emergency, &base.non_emergency, phone, &mut explanation)
        .ok_or_else(|| missing("contact.non_emergency"))?;
    let textphone_emergency = pick(
        "contact.textphone_emergency",
        &top.textphone_emergency,
        &base.textphone_emergency,
        phone,
        &mut explanation,
    )
    .ok_or_else(|| missing("contact.textphone_emergency"))?;
    let textphone_non_emergency = pick(
        "contact.textphone_non_emergency",
        &top.textphone_non_emergency,
        &base.textphone_non_emergency,
        phone,
        &mut explanation,
    )
    .ok_or_else(|| missing("contact.textphone_non_emergency"))?;
    let textphone_reaches =
        pick("contact.textphone_reaches", &top.textphone_reaches, &base.textphone_reaches, words, &mut explanation)
            .ok_or_else(|| missing("contact.textphone_reaches"))?;
    // A logo belongs to one force: the default region's logo (if any) is never inherited.
    let logo = top.logo.as_ref().map(|logo| {
        explanation.push(("logo.file".to_string(), logo.value.file.clone(), logo.origin.file.clone()));
        let LogoRef { file, alt, image, pixels } = logo.value.clone();
        Logo { file, alt, pixels, path: image.path, bytes: image.bytes, origin: logo.origin.clone() }
    });
    let brand = pick(
        "brand",
        &top.brand,
        &base.brand,
        |b| format!("{} on {}", b.on_primary.rgb, b.primary.rgb),
        &mut explanation,
    );
    let local = if top.local.is_empty() { base.local.clone() } else { top.local.clone() };
    for line in &local {
        explanation.push((
            format!("contact.local \"{}\"", line.label.english),
            line.number.display.clone(),
            line.origin.file.clone(),
        ));
    }
    let national = base.national.clone().ok_or_else(|| missing("national"))?;
    let brand_origin = top.brand.as_ref().or(base.brand.as_ref()).map(|b| b.origin.clone());
    let chart = top.chart.as_ref().or(base.chart.as_ref()).map(|c| (c.value.clone(), c.origin.clone()));

    let mut own_values = Vec::new();
    if let Some(own) = region {
        // (key, the force's own text if it writes one and where, the default's text)
        let english = |words: &Option<Sourced<crate::contacts::RegionWords>>| {
            words.as_ref().map(|w| (w.value.english.clone(), w.value.translated.clone(), w.origin.clone()))
        };
        let plain = |text: &Option<Sourced<String>>| {
            text.as_ref().map(|t| (t.value.clone(), Default::default(), t.origin.clone()))
        };
        let texts = [
            ("force.name", plain(&own.name), plain(&base.name)),
            ("force.short_name", english(&own.short_name), english(&base.short_name)),
            ("force.email", plain(&own.email), plain(&base.email)),
            ("contact.textphone_reaches", english(&own.textphone_reaches), english(&base.textphone_reaches)),
        ];
        for (key, value, default) in texts {
            if let Some((text, translated, origin)) = value
                && default.is_none_or(|(d, dt, _)| (d, dt) != (text, translated))
            {
                own_values.push((key.to_string(), origin));
            }
        }
        if let Some(site) = &own.website {
            own_values.push(("force.website".to_string(), site.origin.clone()));
        }
    }

    Ok(Region {
        id: top.id.clone(),
        name,
        short_name,
        website,
        email,
        jurisdictions,
        logo,
        emergency,
        non_emergency,
        textphone_emergency,
        textphone_non_emergency,
        textphone_reaches,
        local,
        brand,
        brand_origin,
        chart,
        national,
        languages: top.languages.as_ref().map(|l| l.value.clone()),
        explanation,
        own_values,
    })
}

/// A force's own number equal to, or one digit away from, a national service's is almost
/// certainly that number listed again or mistyped: a leaflet must not send a victim to a
/// wrong number, and the national numbers are printed anyway. Checked on whatever numbers
/// of the file are right, so it is reported with the file's other mistakes, not after them.
pub(crate) fn near_national(region: &LoadedRegion, national: &National) -> Errors {
    let mut problems = Errors::default();
    let own: Vec<(String, &crate::phone::PhoneNumber, &Origin)> = region
        .non_emergency
        .iter()
        .map(|n| ("contact.non_emergency".to_string(), &n.value, &n.origin))
        .chain(
            region
                .local
                .iter()
                .zip(&region.local_index)
                .map(|(l, i)| (format!("contact.local[{i}].number"), &l.number, &l.origin)),
        )
        .collect();
    for (key, number, origin) in own {
        for service in [&national.helpline, &national.crimestoppers] {
            let distance = crate::load::edit_distance(&number.digits, &service.number.digits);
            let message = match distance {
                0 => format!("`{}` is the {} number", number.display, service.name),
                1 => {
                    let how = match number.digits.len().cmp(&service.number.digits.len()) {
                        std::cmp::Ordering::Less => "with a digit missing",
                        std::cmp::Ordering::Greater => "with a digit too many",
                        std::cmp::Ordering::Equal => "with one digit different",
                    };
                    format!(
                        "`{}` looks like the {} number ({}) {how}",
                        number.display, service.name, service.number.display
                    )
                }
                _ => continue,
            };
            problems.push(Diagnostic::error(message).at(origin).key(key.clone()).hint(
                "national services are printed from regions/uk.toml on every leaflet; a force does not list them again",
            ));
        }
    }
    problems
}
