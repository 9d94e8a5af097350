//! Region definitions (`regions/<id>.toml`): one police force's name, logo, numbers and
//! colours. Every value is checked here, and every problem in a file is reported at once,
//! so a communications officer can fix a file in one pass. `regions/uk.toml` is the
//! force-neutral default that fills whatever a force leaves out; it alone holds the
//! national services (the helpline and Crimestoppers), which no force may change.

use std::path::PathBuf;
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use super::toml_file::parse_toml;
use crate::colour::{Brand, Colour};
use crate::contacts::{LocalLine, National, Service, Website};
use crate::error::{Diagnostic, Errors, Origin, Result, Rule, SourceFile};
use crate::jurisdiction::{Jurisdiction, Jurisdictions};
use crate::phone::{PhoneKind, PhoneNumber};

/// The id of the default region every other region falls back to.
pub(crate) const DEFAULT_REGION: &str = "uk";

/// Schema limits every layout is made to hold (README "Region files", docs/design.md).
/// The longest force name, in characters ("Dyfed-Powys Police / Heddlu Dyfed-Powys" is 39).
pub(crate) const MAX_NAME_CHARS: usize = 60;
/// The most local lines a force may list.
pub(crate) const MAX_LOCAL_LINES: usize = 4;
/// The widest and tallest logo shape accepted: 4:1 and 1:4.
pub(crate) const MAX_LOGO_ASPECT: f32 = 4.0;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionFile {
    force: Option<ForceFile>,
    logo: Option<LogoFile>,
    contact: Option<ContactFile>,
    brand: Option<BrandFile>,
    national: Option<NationalFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ForceFile {
    name: Option<Spanned<String>>,
    short_name: Option<Spanned<String>>,
    website: Option<Spanned<String>>,
    email: Option<Spanned<String>>,
    /// Where the force works: `["england-wales"]`, `["scotland"]`, `["northern-ireland"]`,
    /// or several (British Transport Police: England, Wales and Scotland).
    jurisdictions: Option<Spanned<Vec<Spanned<Jurisdiction>>>>,
    /// The languages the force publishes in by default (`["en-GB", "cy"]` for the Welsh
    /// forces): what a build without `--lang` makes for it.
    languages: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LogoFile {
    file: Spanned<String>,
    alt: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactFile {
    emergency: Option<Spanned<String>>,
    non_emergency: Option<Spanned<String>>,
    textphone_emergency: Option<Spanned<String>>,
    textphone_non_emergency: Option<Spanned<String>>,
    /// Whom the non-emergency textphone number reaches, in words that follow "Textphone
    /// (Relay UK) to": "your local police".
    textphone_reaches: Option<Spanned<String>>,
    #[serde(default)]
    local: Vec<LocalFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LocalFile {
    label: Spanned<String>,
    number: Spanned<String>,
    hours: Option<Spanned<String>>,
    /// True for a text (SMS) number rather than a voice line.
    #[serde(default)]
    text: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BrandFile {
    primary: Spanned<BrandColourFile>,
    on_primary: Spanned<BrandColourFile>,
}

/// A brand colour as written: sRGB, and CMYK if the force has its own print value.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BrandColourFile {
    rgb: crate::colour::Rgb,
    cmyk: Option<crate::colour::Cmyk>,
}

/// How far a written CMYK may print from its sRGB (CIEDE2000 through the FOGRA39 profile).
/// A faithful conversion is under 5; 15 still allows a force's own, slightly different
/// print swatch, while white written for navy (about 80) is refused.
pub(crate) const MAX_CMYK_DIFFERENCE: f64 = 15.0;
/// The default total ink limit, percent (a release file's `ink_limit` is checked on print).
pub(crate) const DEFAULT_INK_LIMIT: f32 = 300.0;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NationalFile {
    helpline: ServiceFile,
    crimestoppers: ServiceFile,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceFile {
    name: Spanned<String>,
    number: Spanned<String>,
    note: Option<Spanned<String>>,
    website: Option<Spanned<String>>,
}

/// A value from a region file, with where it was written.
#[derive(Clone, Debug)]
pub struct Sourced<T> {
    pub value: T,
    pub origin: Origin,
}

/// A checked region file. Every field is optional; resolve fills gaps from `uk`.
#[derive(Debug)]
pub struct LoadedRegion {
    pub id: String,
    pub file: Arc<SourceFile>,
    /// The folder logo paths are relative to (none for built-in regions).
    pub base_dir: Option<PathBuf>,
    pub name: Option<Sourced<String>>,
    pub short_name: Option<Sourced<String>>,
    pub website: Option<Sourced<Website>>,
    pub email: Option<Sourced<String>>,
    pub jurisdictions: Option<Sourced<Jurisdictions>>,
    pub logo: Option<Sourced<LogoRef>>,
    pub emergency: Option<Sourced<PhoneNumber>>,
    pub non_emergency: Option<Sourced<PhoneNumber>>,
    pub textphone_emergency: Option<Sourced<PhoneNumber>>,
    pub textphone_non_emergency: Option<Sourced<PhoneNumber>>,
    pub textphone_reaches: Option<Sourced<String>>,
    pub local: Vec<LocalLine>,
    pub brand: Option<Sourced<Brand>>,
    pub national: Option<National>,
    /// The languages the force publishes in by default, as language tags.
    pub languages: Option<Sourced<Vec<String>>>,
}

/// A logo image chosen in the browser page: its file name (what `[logo] file` names) and
/// its bytes, checked as a logo file beside a region file is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AttachedLogo {
    pub name: String,
    pub bytes: Arc<Vec<u8>>,
}

#[derive(Clone, Debug)]
pub struct LogoRef {
    /// As written: a path relative to the region file.
    pub file: String,
    pub alt: String,
    /// The checked file (inside the folder, PNG or JPEG, not too big).
    pub image: super::logo::LogoFile,
    /// Its pixels, decoded once when the region is loaded.
    pub pixels: Arc<image::RgbaImage>,
}

impl LoadedRegion {
    /// Parse and check one region file, collecting every problem in it. `default` is true
    /// only for the built-in neutral region (`regions/uk.toml` of the definitions), never
    /// for a file given with `--region-file`, whatever it is called.
    pub fn parse(source: SourceFile, id: &str, base_dir: Option<PathBuf>, default: bool) -> Result<LoadedRegion> {
        LoadedRegion::parse_with_logo(source, id, base_dir, None, default)
    }

    /// Parse a region file that is not on disk (the browser page), its logo given as the
    /// file chosen with it.
    pub fn parse_attached(source: SourceFile, id: &str, logo: Option<&AttachedLogo>) -> Result<LoadedRegion> {
        LoadedRegion::parse_with_logo(source, id, None, Some(logo), false)
    }

    /// `attached` is `Some` for a region given in memory: its logo is the file chosen with
    /// it (or none), never one read from disk.
    fn parse_with_logo(
        source: SourceFile,
        id: &str,
        base_dir: Option<PathBuf>,
        attached: Option<Option<&AttachedLogo>>,
        default: bool,
    ) -> Result<LoadedRegion> {
        let loaded = parse_toml::<RegionFile>(source)?;
        let file = loaded.file;
        let raw = loaded.value;
        let mut problems = Errors::default();
        let origin = |span: &std::ops::Range<usize>| file.origin(span);

        let text = |value: Option<&Spanned<String>>, key: &str, problems: &mut Errors| {
            let value = value?;
            let trimmed = value.get_ref().trim();
            if trimmed.is_empty() {
                // A force's name has no default: say what to write rather than to remove it.
                let hint = if key == "force.name" && !default {
                    "write the force's official name, e.g. name = \"Testshire Constabulary\""
                } else {
                    "write it, or remove the line to use the default"
                };
                problems.push(file.error_at(&value.span(), "this value is empty").key(key).hint(hint));
                return None;
            }
            Some(Sourced { value: trimmed.to_string(), origin: file.origin(&value.span()) })
        };

        let force = raw.force.as_ref();
        let name = text(force.and_then(|f| f.name.as_ref()), "force.name", &mut problems);
        if !default && force.and_then(|f| f.name.as_ref()).is_none() {
            problems.push(
                Diagnostic::error("a force's region file must give the force's name")
                    .at(&file.start())
                    .key("force.name")
                    .hint("add [force] with name = \"<the official name>\""),
            );
        }
        for (value, key) in [(&name, "force.name")] {
            if let Some(value) = value
                && value.value.chars().count() > MAX_NAME_CHARS
            {
                problems.push(
                    Diagnostic::error(format!(
                        "the name is {} characters long; at most {MAX_NAME_CHARS} fit every layout",
                        value.value.chars().count()
                    ))
                    .at(&value.origin)
                    .key(key)
                    .hint("use the force's name as the public knows it, without a strapline"),
                );
            }
        }
        let short_name = text(force.and_then(|f| f.short_name.as_ref()), "force.short_name", &mut problems);
        let languages = force.and_then(|f| f.languages.as_ref()).map(|list| {
            for lang in list.get_ref() {
                if !crate::check::is_language_tag(lang.get_ref()) {
                    problems.push(
                        file.error_at(&lang.span(), format!("`{}` is not a language tag", lang.get_ref()))
                            .key("force.languages")
                            .hint("write language tags as the content files name them, e.g. \"en-GB\" or \"cy\""),
                    );
                }
            }
            Sourced {
                value: list.get_ref().iter().map(|l| l.get_ref().clone()).collect(),
                origin: file.origin(&list.span()),
            }
        });
        let email = text(force.and_then(|f| f.email.as_ref()), "force.email", &mut problems);
        if let Some(email) = &email {
            let ok = email.value.split_once('@').is_some_and(|(user, domain)| {
                !user.is_empty() && domain.contains('.') && !email.value.contains(char::is_whitespace)
            });
            if !ok {
                problems.push(
                    Diagnostic::error(format!("`{}` is not an email address", email.value))
                        .at(&email.origin)
                        .key("force.email")
                        .hint("write it like name@force.police.uk"),
                );
            }
        }
        let jurisdictions = force.and_then(|f| f.jurisdictions.as_ref()).and_then(|list| {
            let set = jurisdiction_set(&file, list, "force.jurisdictions", &mut problems)?;
            Some(Sourced { value: set, origin: origin(&list.span()) })
        });
        if force.and_then(|f| f.jurisdictions.as_ref()).is_none() {
            let whose = if default { "the default region" } else { "a force's region file" };
            problems.push(
                Diagnostic::error(format!("{whose} must say which jurisdictions it covers"))
                    .at(&file.start())
                    .key("force.jurisdictions")
                    .hint("add to [force]: jurisdictions = [\"england-wales\"], [\"scotland\"] or [\"northern-ireland\"]; a force working in several lists each (British Transport Police: [\"england-wales\", \"scotland\"])"),
            );
        }
        let website = force.and_then(|f| f.website.as_ref()).and_then(|w| {
            let site = parse_website(&file, w, "force.website", &mut problems)?;
            Some(Sourced { value: site, origin: origin(&w.span()) })
        });

        let logo = raw.logo.as_ref().and_then(|logo| {
            let alt = text(logo.alt.as_ref(), "logo.alt", &mut problems);
            let written = logo.file.get_ref().trim();
            let checked = match (&base_dir, attached) {
                (Some(base), _) => Some(super::logo::check(base, written)),
                (None, Some(Some(chosen))) if chosen.name == written => {
                    Some(super::logo::check_bytes(written, PathBuf::from(written), chosen.bytes.to_vec()))
                }
                (None, Some(_)) => {
                    problems.push(
                        file.error_at(&logo.file.span(), format!("the logo `{written}` has not been chosen"))
                            .key("logo.file")
                            .hint("choose the logo's image file (PNG or JPEG) beside the region file"),
                    );
                    None
                }
                (None, None) => {
                    problems.push(
                        file.error_at(&logo.file.span(), "a built-in region cannot carry a logo file")
                            .key("logo.file")
                            .hint("use the region from a folder: --region-file PATH, or --defs DIR with DIR/regions/"),
                    );
                    None
                }
            };
            let image = match checked {
                Some(Ok(image)) => Some(image),
                Some(Err(p)) => {
                    problems.push(file.error_at(&logo.file.span(), p.message).key("logo.file").hint(p.hint));
                    None
                }
                None => None,
            };
            let image = image.filter(|image| {
                let aspect = image.width.max(1) as f32 / image.height.max(1) as f32;
                let fits = (1.0 / MAX_LOGO_ASPECT..=MAX_LOGO_ASPECT).contains(&aspect);
                if !fits {
                    problems.push(
                        file.error_at(
                            &logo.file.span(),
                            format!(
                                "the logo is {} x {} pixels, {aspect:.2}:1; logos from 1:4 to 4:1 fit every layout",
                                image.width, image.height
                            ),
                        )
                        .key("logo.file")
                        .hint("use the version of the logo with the crest and name stacked, or crop the empty margin"),
                    );
                }
                fits
            });
            let pixels = image.as_ref().and_then(|image| match super::logo::decode(image) {
                Ok(pixels) => Some(Arc::new(pixels)),
                Err(e) => {
                    problems.push(
                        file.error_at(&logo.file.span(), format!("the logo `{written}` cannot be decoded: {e}"))
                            .key("logo.file")
                            .hint("export it again as PNG or JPEG from the original artwork"),
                    );
                    None
                }
            });
            match alt {
                Some(alt) => Some(Sourced {
                    value: LogoRef { file: written.to_string(), alt: alt.value, image: image?, pixels: pixels? },
                    origin: origin(&logo.file.span()),
                }),
                None => {
                    if logo.alt.is_none() {
                        problems.push(
                            file.error_at(&logo.file.span(), "the logo has no alt text").key("logo.alt").hint(
                                "add `alt = \"<force name> logo\"`: a screen reader reads it instead of the picture",
                            ),
                        );
                    }
                    None
                }
            }
        });

        let contact = raw.contact.as_ref();
        let number = |value: Option<&Spanned<String>>, key: &str, kinds: &[PhoneKind], problems: &mut Errors| {
            let value = value?;
            match PhoneNumber::parse(value.get_ref()) {
                Ok(number) if kinds.is_empty() || kinds.contains(&number.kind) => {
                    Some(Sourced { value: number, origin: origin(&value.span()) })
                }
                Ok(number) => {
                    problems.push(
                        file.error_at(
                            &value.span(),
                            format!("`{}` is not the kind of number `{key}` takes", number.display),
                        )
                        .key(key)
                        .hint(kind_hint(key)),
                    );
                    None
                }
                Err(why) => {
                    problems.push(
                        file.error_at(&value.span(), why)
                            .key(key)
                            .hint("check it against the force's published number"),
                    );
                    None
                }
            }
        };
        let emergency = number(
            contact.and_then(|c| c.emergency.as_ref()),
            "contact.emergency",
            &[PhoneKind::Emergency],
            &mut problems,
        );
        let non_emergency = number(
            contact.and_then(|c| c.non_emergency.as_ref()),
            "contact.non_emergency",
            &[PhoneKind::NonEmergency, PhoneKind::Freephone, PhoneKind::National],
            &mut problems,
        );
        let textphone_emergency = number(
            contact.and_then(|c| c.textphone_emergency.as_ref()),
            "contact.textphone_emergency",
            &[PhoneKind::Relay],
            &mut problems,
        );
        let textphone_non_emergency = number(
            contact.and_then(|c| c.textphone_non_emergency.as_ref()),
            "contact.textphone_non_emergency",
            &[PhoneKind::Relay],
            &mut problems,
        );
        let textphone_reaches =
            text(contact.and_then(|c| c.textphone_reaches.as_ref()), "contact.textphone_reaches", &mut problems);
        let mut local = Vec::new();
        if let Some(extra) = contact.and_then(|c| c.local.get(MAX_LOCAL_LINES)) {
            problems.push(
                file.error_at(
                    &extra.label.span(),
                    format!(
                        "{} local lines are listed; at most {MAX_LOCAL_LINES} fit every layout",
                        contact.map_or(0, |c| c.local.len())
                    ),
                )
                .key(format!("contact.local[{MAX_LOCAL_LINES}]"))
                .hint("keep the lines a victim or witness needs most; the website can list the rest"),
            );
        }
        for (i, line) in contact.map(|c| c.local.as_slice()).unwrap_or_default().iter().enumerate() {
            let key = format!("contact.local[{i}]");
            let label = text(Some(&line.label), &format!("{key}.label"), &mut problems);
            let hours = text(line.hours.as_ref(), &format!("{key}.hours"), &mut problems);
            let kinds: &[PhoneKind] = if line.text {
                &[PhoneKind::TextShortCode, PhoneKind::National]
            } else {
                &[PhoneKind::NonEmergency, PhoneKind::Freephone, PhoneKind::National, PhoneKind::Relay]
            };
            let number = number(Some(&line.number), &format!("{key}.number"), kinds, &mut problems);
            if let (Some(label), Some(number)) = (label, number) {
                local.push(LocalLine {
                    label: label.value,
                    number: number.value,
                    hours: hours.map(|h| h.value),
                    text: line.text,
                    origin: number.origin,
                });
            }
        }

        // A brand colour's CMYK: derived from its sRGB through the press profile when left
        // out; when written, checked against the sRGB and the total ink limit.
        let brand_colour = |written: &Spanned<BrandColourFile>, key: &str, problems: &mut Errors| -> Colour {
            let value = written.get_ref();
            let derived = crate::pdfx::srgb_to_press_cmyk(value.rgb.0);
            let Some(cmyk) = value.cmyk else { return Colour { rgb: value.rgb, cmyk: derived } };
            let show = |c: crate::colour::Cmyk| format!("[{}, {}, {}, {}]", c.0[0], c.0[1], c.0[2], c.0[3]);
            let total = cmyk.0.iter().sum::<f32>();
            if total > DEFAULT_INK_LIMIT {
                problems.push(
                    file.error_at(
                        &written.span(),
                        format!(
                            "the CMYK {} is {total:.0}% total ink; presses take at most {DEFAULT_INK_LIMIT:.0}%",
                            show(cmyk)
                        ),
                    )
                    .key(format!("{key}.cmyk"))
                    .hint(format!(
                        "use {} (derived from {} for FOGRA39), or leave cmyk out to derive it",
                        show(derived),
                        value.rgb
                    )),
                );
            } else {
                let difference = crate::pdfx::cmyk_difference(value.rgb, cmyk);
                if difference > MAX_CMYK_DIFFERENCE {
                    problems.push(
                        file.error_at(&written.span(), format!(
                            "the CMYK {} prints far from {} (CIEDE2000 {difference:.0}; at most {MAX_CMYK_DIFFERENCE:.0})",
                            show(cmyk),
                            value.rgb
                        ))
                        .key(format!("{key}.cmyk"))
                        .hint(format!("use {} (derived from {} for FOGRA39), or leave cmyk out to derive it", show(derived), value.rgb)),
                    );
                }
            }
            Colour { rgb: value.rgb, cmyk }
        };
        let brand = raw.brand.as_ref().map(|b| Sourced {
            value: Brand {
                primary: brand_colour(&b.primary, "brand.primary", &mut problems),
                on_primary: brand_colour(&b.on_primary, "brand.on_primary", &mut problems),
            },
            origin: origin(&b.primary.span()),
        });
        // `on_primary` is text on `primary` wherever a layout uses them: it must be readable
        // as normal text (WCAG AA). Each layout's own pairs (7:1 in large print, text on
        // other colours, chart parts) are checked again when the documents are composed.
        if let Some(b) = &brand {
            let ratio = b.value.on_primary.rgb.contrast_ratio(b.value.primary.rgb);
            if ratio < 4.5 {
                problems.push(
                    Diagnostic::error(format!(
                        "on_primary {} on primary {} has a contrast of {ratio:.2}:1; text needs at least 4.5:1",
                        b.value.on_primary.rgb, b.value.primary.rgb
                    ))
                    .at(&b.origin)
                    .key("brand.on_primary")
                    .hint(match b.value.on_primary.rgb.nearest_contrasting(&[b.value.primary.rgb], 4.5) {
                        Some(nearest) => {
                            format!("the nearest on_primary that passes is {nearest}; or a darker primary")
                        }
                        None => "white text on a dark primary colour usually works".to_string(),
                    })
                    .rule(Rule::Contrast),
                );
            } else if cfg!(feature = "print") {
                // The same pair as the press prints it: both CMYK values back through the
                // profile (a build without Little CMS, the browser's, makes no print copy).
                let (text, fill) = (
                    crate::pdfx::press_cmyk_to_srgb(b.value.on_primary.cmyk),
                    crate::pdfx::press_cmyk_to_srgb(b.value.primary.cmyk),
                );
                let printed = text.contrast_ratio(fill);
                if printed < 4.5 {
                    problems.push(
                        Diagnostic::error(format!(
                            "in print, on_primary CMYK on primary CMYK has a contrast of {printed:.2}:1 (measured through FOGRA39 as {text} on {fill}); text needs at least 4.5:1"
                        ))
                        .at(&b.origin)
                        .key("brand.primary.cmyk")
                        .hint("make the primary's CMYK darker (more black), or leave cmyk out to derive it")
                        .rule(Rule::Contrast),
                    );
                }
            }
        }

        let national = match (&raw.national, default) {
            (Some(n), true) => {
                let service = |s: &ServiceFile, key: &str, problems: &mut Errors| {
                    let number = number(
                        Some(&s.number),
                        &format!("{key}.number"),
                        &[PhoneKind::Freephone, PhoneKind::National],
                        problems,
                    )?;
                    let website =
                        s.website.as_ref().and_then(|w| parse_website(&file, w, &format!("{key}.website"), problems));
                    Some(Service {
                        name: s.name.get_ref().trim().to_string(),
                        number: number.value,
                        note: s.note.as_ref().map(|n| n.get_ref().trim().to_string()),
                        website,
                    })
                };
                let helpline = service(&n.helpline, "national.helpline", &mut problems);
                let crimestoppers = service(&n.crimestoppers, "national.crimestoppers", &mut problems);
                helpline.zip(crimestoppers).map(|(helpline, crimestoppers)| National { helpline, crimestoppers })
            }
            (Some(_), _) => {
                problems.push(
                    Diagnostic::error("a force's region file cannot set national services")
                        .at(&file.start())
                        .key("national")
                        .hint("the helpline and Crimestoppers numbers are the same for every force and live in regions/uk.toml; remove the [national] table"),
                );
                None
            }
            (None, _) => None,
        };
        if default && national.is_none() && problems.is_empty() {
            problems.push(
                Diagnostic::error("the default region must set the national services")
                    .at(&file.start())
                    .key("national")
                    .hint("add [national.helpline] and [national.crimestoppers]"),
            );
        }

        problems.into_result()?;
        Ok(LoadedRegion {
            id: id.to_string(),
            file,
            base_dir,
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
            national,
            languages,
        })
    }
}

/// A list of jurisdictions as written at `key`: not empty, none twice.
pub(super) fn jurisdiction_set(
    file: &SourceFile,
    list: &Spanned<Vec<Spanned<Jurisdiction>>>,
    key: &str,
    problems: &mut Errors,
) -> Option<Jurisdictions> {
    if list.get_ref().is_empty() {
        problems.push(
            file.error_at(&list.span(), "the list of jurisdictions is empty")
                .key(key)
                .hint("name one or more of \"england-wales\", \"scotland\", \"northern-ireland\""),
        );
        return None;
    }
    let mut seen = Vec::new();
    for item in list.get_ref() {
        let jurisdiction = *item.get_ref();
        if seen.contains(&jurisdiction) {
            problems.push(
                file.error_at(&item.span(), format!("`{}` is listed twice", jurisdiction.id()))
                    .key(key)
                    .hint("name each jurisdiction once"),
            );
            return None;
        }
        seen.push(jurisdiction);
    }
    Some(seen.into_iter().collect())
}

/// A website as written at `key`, or an error at its line.
fn parse_website(file: &SourceFile, written: &Spanned<String>, key: &str, problems: &mut Errors) -> Option<Website> {
    match Website::parse(written.get_ref().trim()) {
        Ok(site) => Some(site),
        Err(why) => {
            problems.push(
                file.error_at(&written.span(), why)
                    .key(key)
                    .hint("write the whole address, like https://www.example.police.uk"),
            );
            None
        }
    }
}

fn kind_hint(key: &str) -> &'static str {
    match key {
        "contact.emergency" => "the emergency number is 999 (or 112)",
        "contact.non_emergency" => "the police non-emergency number is 101 (British Transport Police: 0800 40 50 40)",
        "contact.textphone_emergency" => "the Relay UK emergency number is 18000",
        "contact.textphone_non_emergency" => "Relay UK for non-emergencies is 18001 then the number, e.g. 18001 101",
        _ => "a text line takes a 5-digit short code or a mobile number; a voice line a full UK number",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, id: &str) -> Result<LoadedRegion> {
        LoadedRegion::parse(SourceFile::new("regions/test.toml", text.to_string()), id, None, id == DEFAULT_REGION)
    }

    #[test]
    fn every_problem_in_a_file_is_reported_at_once() {
        let errors = parse(
            "[force]\nname = \"Test Police\"\njurisdictions = [\"england-wales\"]\nwebsite = \"http://test.police.uk\"\n[contact]\nnon_emergency = \"0800 12 34\"\nemergency = \"101\"\n",
            "test",
        )
        .unwrap_err();
        let keys: Vec<_> = errors.0.iter().map(|d| d.key.clone().unwrap_or_default()).collect();
        assert_eq!(keys, ["force.website", "contact.emergency", "contact.non_emergency"], "{errors}");
        assert_eq!(errors.0[0].line, Some(4));
    }

    #[test]
    fn jurisdictions_are_required_known_and_listed_once() {
        let errors = parse("[force]\nname = \"Kent Police\"\n", "kent").unwrap_err();
        assert_eq!(errors.0[0].key.as_deref(), Some("force.jurisdictions"), "{errors}");
        assert!(errors.0[0].hint.as_deref().unwrap().contains("[\"england-wales\"]"));
        let errors = parse("[force]\nname = \"K\"\njurisdictions = [\"scotland\", \"scotland\"]\n", "k").unwrap_err();
        assert_eq!((errors.0[0].line, errors.0[0].column), (Some(3), Some(30)), "{errors}");
        assert!(errors.0[0].message.contains("`scotland` is listed twice"));
        let errors = parse("[force]\nname = \"K\"\njurisdictions = []\n", "k").unwrap_err();
        assert!(errors.0[0].message.contains("empty"), "{errors}");
        let errors = parse("[force]\nname = \"K\"\njurisdictions = [\"wales\"]\n", "k").unwrap_err();
        assert_eq!(errors.0[0].line, Some(3), "{errors}");
        assert!(errors.0[0].message.contains("unknown variant `wales`"), "{errors}");
        assert!(errors.0[0].hint.as_deref().unwrap().contains("england-wales"), "{errors}");
        let btp = parse("[force]\nname = \"B\"\njurisdictions = [\"england-wales\", \"scotland\"]\n", "b").unwrap();
        assert_eq!(btp.jurisdictions.unwrap().value.to_string(), "england-wales, scotland");
    }

    #[test]
    fn only_the_default_region_sets_national_services() {
        let text = "[national.helpline]\nname = \"H\"\nnumber = \"08000 121 700\"\n[national.crimestoppers]\nname = \"C\"\nnumber = \"0800 555 111\"\n";
        let uk = format!("[force]\njurisdictions = [\"england-wales\", \"scotland\", \"northern-ireland\"]\n{text}");
        assert!(parse(&uk, DEFAULT_REGION).unwrap().national.is_some());
        let errors =
            parse(&format!("[force]\nname = \"Kent Police\"\njurisdictions = [\"england-wales\"]\n{text}"), "kent")
                .unwrap_err();
        assert_eq!(errors.0.len(), 1, "{errors}");
        assert_eq!(errors.0[0].key.as_deref(), Some("national"));
    }
}
