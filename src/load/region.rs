//! Region definitions (`regions/<id>.toml`): one police force's name, logo, numbers and
//! colours. Every value is checked here, and every problem in a file is reported at once,
//! so a communications officer can fix a file in one pass. `regions/uk.toml` is the
//! force-neutral default that fills whatever a force leaves out; it alone holds the
//! national services (the helpline and Crimestoppers), which no force may change.

use std::path::PathBuf;
use std::sync::Arc;

use crate::load::Spanned;
use serde::Deserialize;

use super::toml_file::{Tolerant, parse_toml_tolerant};
use crate::colour::{Brand, ChartColours, Colour, Rgb};
use crate::contacts::{LocalLine, National, RegionWords, Service, Website};
use crate::error::{Diagnostic, Errors, Origin, Result, Rule, SourceFile};
use crate::jurisdiction::{Jurisdiction, Jurisdictions};
use crate::phone::{PhoneKind, PhoneNumber};

/// The id of the default region every other region falls back to.
pub(crate) const DEFAULT_REGION: &str = "uk";

/// Schema limits every layout is made to hold (README "Region files", docs/design.md).
/// The longest force name, in characters ("Dyfed-Powys Police / Heddlu Dyfed-Powys" is 39).
pub(crate) const MAX_NAME_CHARS: usize = 60;
/// The longest `textphone_reaches`, in characters: British Transport Police's "the local
/// police force, not British Transport Police", 52, fits every layout; 54 characters took
/// the A3 poster's contact band a line further (3.5 mm past its panel).
pub(crate) const MAX_REACHES_CHARS: usize = 52;
/// The most local lines a force may list.
pub(crate) const MAX_LOCAL_LINES: usize = 4;
/// The widest and tallest logo shape accepted: 4:1 and 1:4.
pub(crate) const MAX_LOGO_ASPECT: f32 = 4.0;
/// The longest label of a local line ("Non-emergency line (Welsh language)" is 35).
pub(crate) const MAX_LABEL_CHARS: usize = 40;
/// The longest hours of a local line (British Transport Police's "Monitored 24 hours a
/// day; not for emergencies" is 45).
pub(crate) const MAX_HOURS_CHARS: usize = 50;
/// The longest email address, and the longest website as printed (without https:// and
/// www.). Each layout was measured holding all four at once (tests/forces/fullest-contacts.toml).
pub(crate) const MAX_EMAIL_CHARS: usize = 60;
pub(crate) const MAX_WEBSITE_CHARS: usize = 50;

/// `words` if `fits` holds for the text of every language in them, called with the text,
/// its key (`contact.local[0].label`, or `contact.local[0].label.cy` in a table of
/// languages) and where it is written; `None` otherwise, so that wrong words are left out of
/// what the documents are checked with.
fn each_text_fits(
    words: Option<Sourced<RegionWords>>,
    key: &str,
    mut fits: impl FnMut(&str, &str, &Origin) -> bool,
) -> Option<Sourced<RegionWords>> {
    let words = words?;
    let by_language = !words.value.translated.is_empty();
    let texts = std::iter::once((crate::jobs::DEFAULT_LANGUAGE, &words.value.english))
        .chain(words.value.translated.iter().map(|(lang, text)| (lang.as_str(), text)));
    let mut all = true;
    for (lang, text) in texts {
        let at = if by_language { format!("{key}.{lang}") } else { key.to_string() };
        all &= fits(text, &at, &words.origin);
    }
    all.then_some(words)
}

/// Whether words set inside a sentence ("Call {short name} on 101.") have a mark of their
/// own that would end it there: a full stop, `!` or `?` at their end or before a space
/// ("St. Albans"). Such words split the sentence for every check and every screen reader,
/// so the error is pushed, with the words written without the marks as the hint.
fn ends_a_sentence(words: &str, key: &str, origin: &Origin, problems: &mut Errors) -> bool {
    let mut chars = words.chars().peekable();
    let mut found = None;
    while let Some(c) = chars.next() {
        if matches!(c, '.' | '!' | '?') && chars.peek().is_none_or(|next| next.is_whitespace()) {
            found = Some(c);
            break;
        }
    }
    let Some(mark) = found else { return false };
    let mended: String = words
        .split_whitespace()
        .map(|word| word.trim_end_matches(['.', '!', '?']))
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    problems.push(
        Diagnostic::error(format!(
            "`{words}` has a `{mark}` in it; these words are set inside sentences, and it would end one there"
        ))
        .at(origin)
        .key(key)
        .hint(format!("write it without the mark, as UK style writes \"St\" and \"Dr\": \"{mended}\"")),
    );
    true
}

/// Whether `value` is within `limit` characters; if not, the error is pushed.
fn check_length(value: &str, origin: &Origin, key: &str, limit: usize, hint: &str, problems: &mut Errors) -> bool {
    let count = value.chars().count();
    let fits = count <= limit;
    if !fits {
        problems.push(
            Diagnostic::error(format!("this is {count} characters long; at most {limit} fit every layout"))
                .at(origin)
                .key(key)
                .hint(hint),
        );
    }
    fits
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RegionFile {
    force: Option<ForceFile>,
    logo: Option<LogoFile>,
    contact: Option<ContactFile>,
    brand: Option<BrandFile>,
    chart: Option<ChartFile>,
    national: Option<NationalFile>,
}

/// Chart colours a force gives itself; each left out is derived from the brand.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct ChartFile {
    bar: Option<Spanned<BrandColourFile>>,
    parts: Option<Spanned<Vec<Spanned<BrandColourFile>>>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct ForceFile {
    name: Option<Spanned<String>>,
    short_name: Option<Spanned<WordsFile>>,
    website: Option<Spanned<String>>,
    email: Option<Spanned<String>>,
    /// Where the force works: `["england-wales"]`, `["scotland"]`, `["northern-ireland"]`,
    /// or several (British Transport Police: England, Wales and Scotland).
    jurisdictions: Option<Spanned<Vec<Spanned<Jurisdiction>>>>,
    /// The languages the force publishes in by default (`["en-GB", "cy"]` for the Welsh
    /// forces): what a build without `--lang` makes for it.
    languages: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct LogoFile {
    file: Spanned<String>,
    alt: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct ContactFile {
    emergency: Option<Spanned<String>>,
    non_emergency: Option<Spanned<String>>,
    textphone_emergency: Option<Spanned<String>>,
    textphone_non_emergency: Option<Spanned<String>>,
    /// Whom the non-emergency textphone number reaches, in words that follow "Textphone
    /// (Relay UK) to": "your local police".
    textphone_reaches: Option<Spanned<WordsFile>>,
    #[serde(default)]
    local: Vec<LocalFile>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct LocalFile {
    label: Spanned<WordsFile>,
    number: Spanned<String>,
    hours: Option<Spanned<WordsFile>>,
    /// True for a text (SMS) number rather than a voice line.
    #[serde(default)]
    text: bool,
}

/// Region words as written: a string (English), or a table of them by language tag,
/// English (`en-GB`) included: `{ en-GB = "Text us", cy = "Anfonwch neges destun" }`.
#[derive(Debug)]
enum WordsFile {
    English(String),
    ByLanguage(Vec<(String, String)>),
}

/// How editors see region words: a string, or a table of strings by language tag.
impl schemars::JsonSchema for WordsFile {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RegionWords".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "oneOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "required": ["en-GB"],
                    "additionalProperties": { "type": "string" },
                    "description": "The words by language tag, English (en-GB) included, e.g. { en-GB = \"Text us\", cy = \"Anfonwch neges destun\" }."
                }
            ],
            "description": "Words, or words by language."
        })
    }
}

impl<'de> Deserialize<'de> for WordsFile {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = WordsFile;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "words, or words by language such as { en-GB = \"Text us\", cy = \"Anfonwch neges destun\" }",
                )
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> std::result::Result<WordsFile, E> {
                Ok(WordsFile::English(text.to_string()))
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> std::result::Result<WordsFile, M::Error> {
                let mut entries = Vec::new();
                while let Some((lang, text)) = map.next_entry::<String, String>()? {
                    entries.push((lang, text));
                }
                Ok(WordsFile::ByLanguage(entries))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct BrandFile {
    primary: Spanned<BrandColourFile>,
    on_primary: Spanned<BrandColourFile>,
}

/// A brand colour as written: sRGB, and CMYK if the force has its own print value.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct BrandColourFile {
    rgb: crate::colour::Rgb,
    cmyk: Option<crate::colour::Cmyk>,
}

/// Chart parts must differ by 3:1 from the paper and from their neighbours (WCAG 2.2,
/// 1.4.11 non-text contrast); charts are drawn on the paper, white in every layout.
pub(crate) const CHART_CONTRAST: f64 = 3.0;
pub(crate) const CHART_PAPER: Rgb = Rgb([255, 255, 255]);
/// The most part colours a force may give (the longest built-in chart has 5 parts).
pub(crate) const MAX_CHART_PARTS: usize = 8;

/// How far a written CMYK may print from its sRGB (CIEDE2000 through the FOGRA39 profile).
/// A faithful conversion is under 5; 15 still allows a force's own, slightly different
/// print swatch, while white written for navy (about 80) is refused.
pub(crate) const MAX_CMYK_DIFFERENCE: f64 = 15.0;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct NationalFile {
    helpline: ServiceFile,
    crimestoppers: ServiceFile,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
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
    pub short_name: Option<Sourced<RegionWords>>,
    pub website: Option<Sourced<Website>>,
    pub email: Option<Sourced<String>>,
    pub jurisdictions: Option<Sourced<Jurisdictions>>,
    pub logo: Option<Sourced<LogoRef>>,
    pub emergency: Option<Sourced<PhoneNumber>>,
    pub non_emergency: Option<Sourced<PhoneNumber>>,
    pub textphone_emergency: Option<Sourced<PhoneNumber>>,
    pub textphone_non_emergency: Option<Sourced<PhoneNumber>>,
    pub textphone_reaches: Option<Sourced<RegionWords>>,
    pub local: Vec<LocalLine>,
    /// Each of `local`'s place in the file's list (`contact.local[i]`): a line with a
    /// mistake is left out of `local`, the others keep their number for messages.
    pub local_index: Vec<usize>,
    pub brand: Option<Sourced<Brand>>,
    /// Chart colours the force gives itself, checked for 3:1 against the paper and each other.
    pub chart: Option<Sourced<ChartColours>>,
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
    pub fn parse(
        source: SourceFile,
        id: &str,
        base_dir: Option<PathBuf>,
        default: bool,
        logo_need: super::logo::PrintNeed,
    ) -> Result<LoadedRegion> {
        LoadedRegion::read(source, id, base_dir, None, default, crate::pdfx::DEFAULT_INK_LIMIT, logo_need).into_result()
    }

    /// Read a region file that is not on disk (the browser page), its logo given as the
    /// file chosen with it.
    pub fn read_attached(
        source: SourceFile,
        id: &str,
        logo: Option<&AttachedLogo>,
        ink_limit: u16,
        logo_need: super::logo::PrintNeed,
    ) -> RegionRead {
        LoadedRegion::read(source, id, None, Some(logo), false, ink_limit, logo_need)
    }

    /// Parse and check one region file as far as it can be read: every problem in it (all
    /// syntax errors; or every schema mistake and every mistake of meaning together), and
    /// the region without its wrong values, so that what the rest does to each document
    /// can be checked in the same run.
    /// `attached` is `Some` for a region given in memory: its logo is the file chosen with
    /// it (or none), never one read from disk.
    /// A written CMYK may total at most `ink_limit` percent: the release's, for the shop's
    /// paper (300 by default). A logo is decoded at what `logo_need` says print asks.
    pub fn read(
        source: SourceFile,
        id: &str,
        base_dir: Option<PathBuf>,
        attached: Option<Option<&AttachedLogo>>,
        default: bool,
        ink_limit: u16,
        logo_need: super::logo::PrintNeed,
    ) -> RegionRead {
        let Tolerant { file, value, mut problems } = parse_toml_tolerant::<RegionFile>(source);
        let Some(raw) = value else { return RegionRead { region: None, problems, file } };
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

        // Region words: English, and other languages where given. Each is checked as
        // `text` checks a string; a table must give English, which stands in for any
        // language it does not give.
        let words = |value: Option<&Spanned<WordsFile>>, key: &str, problems: &mut Errors| {
            let value = value?;
            let origin = file.origin(&value.span());
            let entries = match value.get_ref() {
                WordsFile::English(english) => vec![(crate::jobs::DEFAULT_LANGUAGE.to_string(), english.clone())],
                WordsFile::ByLanguage(entries) => entries.clone(),
            };
            let mut english = None;
            let mut translated = std::collections::BTreeMap::new();
            let mut ok = true;
            for (lang, text) in entries {
                let (text, at) = (text.trim().to_string(), format!("{key}.{lang}"));
                let at = if matches!(value.get_ref(), WordsFile::English(_)) { key.to_string() } else { at };
                if text.is_empty() {
                    problems.push(
                        file.error_at(&value.span(), "this value is empty")
                            .key(at)
                            .hint("write it, or remove the line to use the default"),
                    );
                    ok = false;
                } else if lang == crate::jobs::DEFAULT_LANGUAGE {
                    english = Some(text);
                } else if !crate::check::is_language_tag(&lang) || crate::fonts::primary_subtag(&lang) == "en" {
                    problems.push(
                        file.error_at(&value.span(), format!("`{lang}` is not a language tag of a translation"))
                            .key(at)
                            .hint("give English as en-GB and each other language by its tag as the content files name it, e.g. cy"),
                    );
                    ok = false;
                } else {
                    translated.insert(lang, text);
                }
            }
            let Some(english) = english else {
                if ok {
                    problems.push(
                        file.error_at(&value.span(), "these words are given in other languages but not in English")
                            .key(key)
                            .hint("add en-GB = \"...\": the English words stand in for every language not given"),
                    );
                }
                return None;
            };
            ok.then(|| Sourced { value: RegionWords { english, translated, origin: origin.clone() }, origin })
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
        let short_name = words(force.and_then(|f| f.short_name.as_ref()), "force.short_name", &mut problems);
        // The short name is set inside sentences ("Call {short name} on 101."): it fits
        // where the name does, and a full stop of its own would end the sentence early.
        let short_name = each_text_fits(short_name, "force.short_name", |short, at, origin| {
            let hint = "write the name as it reads in \"Call Kent Police on 101\"";
            let fits = check_length(short, origin, at, MAX_NAME_CHARS, hint, &mut problems);
            let ends_sentence = ends_a_sentence(short, at, origin, &mut problems);
            fits && !ends_sentence
        });
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
        // A wrong or over-long address is reported and left out of what the documents are
        // checked with.
        let email = email.filter(|email| {
            let fits = check_length(
                &email.value,
                &email.origin,
                "force.email",
                MAX_EMAIL_CHARS,
                "give a shorter address for the public, such as a team's",
                &mut problems,
            );
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
            fits && ok
        });
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
            let fits = check_length(
                &site.display,
                &origin(&w.span()),
                "force.website",
                MAX_WEBSITE_CHARS,
                "the address is printed without https:// and www.; give the force's home page or a shorter page",
                &mut problems,
            );
            fits.then_some(())?;
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
                            .hint("choose the logo's image file (SVG, PNG or JPEG) beside the region file"),
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
            let pixels = image.as_ref().and_then(|image| match super::logo::decode(image, logo_need) {
                Ok(pixels) => {
                    let seen = super::logo::share_seen_on_white(&pixels);
                    if seen < super::logo::MIN_SHARE_SEEN_ON_WHITE {
                        problems.push(
                            file.error_at(
                                &logo.file.span(),
                                format!(
                                    "the logo `{written}` is white or nearly white ({:.1}% of it shows on white), so it would vanish on the white plate every layout prints a logo on",
                                    seen * 100.0
                                ),
                            )
                            .key("logo.file")
                            .hint("use the force's logo for light backgrounds (in colour or dark), not the reversed one made for dark backgrounds"),
                        );
                        return None;
                    }
                    Some(Arc::new(pixels))
                }
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
            words(contact.and_then(|c| c.textphone_reaches.as_ref()), "contact.textphone_reaches", &mut problems);
        let textphone_reaches =
            each_text_fits(textphone_reaches, "contact.textphone_reaches", |reaches, at, origin| {
                let hint = "say whom the number reaches in a few words, e.g. \"your local police\"";
                let fits = check_length(reaches, origin, at, MAX_REACHES_CHARS, hint, &mut problems);
                let ends_sentence = ends_a_sentence(reaches, at, origin, &mut problems);
                fits && !ends_sentence
            });
        let mut local = Vec::new();
        let mut local_index = Vec::new();
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
            let label = words(Some(&line.label), &format!("{key}.label"), &mut problems);
            let hours = words(line.hours.as_ref(), &format!("{key}.hours"), &mut problems);
            // Over-long words are reported and left out of what the documents are checked with.
            let label = each_text_fits(label, &format!("{key}.label"), |label, at, origin| {
                let hint = "say who the line reaches in a few words, e.g. \"Modern slavery team\"";
                check_length(label, origin, at, MAX_LABEL_CHARS, hint, &mut problems)
            });
            let hours = each_text_fits(hours, &format!("{key}.hours"), |hours, at, origin| {
                let hint = "give the hours briefly, e.g. \"Monday to Friday, 9am to 5pm\"";
                check_length(hours, origin, at, MAX_HOURS_CHARS, hint, &mut problems)
            });
            let kinds: &[PhoneKind] = if line.text {
                &[PhoneKind::TextShortCode, PhoneKind::National]
            } else {
                &[PhoneKind::NonEmergency, PhoneKind::Freephone, PhoneKind::National, PhoneKind::Relay]
            };
            let number = number(Some(&line.number), &format!("{key}.number"), kinds, &mut problems);
            if let (Some(label), Some(number)) = (label, number) {
                local_index.push(i);
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
            let derived = crate::pdfx::srgb_to_press_cmyk_within(value.rgb.0, ink_limit);
            let Some(cmyk) = value.cmyk else { return Colour { rgb: value.rgb, cmyk: derived } };
            let show = |c: crate::colour::Cmyk| format!("[{}, {}, {}, {}]", c.0[0], c.0[1], c.0[2], c.0[3]);
            let total = cmyk.0.iter().sum::<f32>();
            if total > f32::from(ink_limit) {
                problems.push(
                    file.error_at(
                        &written.span(),
                        format!(
                            "the CMYK {} is {total:.0}% total ink; the release's ink limit is {ink_limit}%",
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
                    .hint(match b.value.on_primary.rgb.nearest_passing(&[b.value.primary.rgb], 4.5) {
                        Some(nearest) => {
                            format!("the nearest on_primary that passes is {nearest}; or a darker primary")
                        }
                        None => "white text on a dark primary colour usually works".to_string(),
                    })
                    .rule(Rule::Contrast),
                );
            } else {
                // The same pair as the press prints it: both CMYK values back through the
                // profile.
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

        let chart = raw.chart.as_ref().map(|chart| {
            let mut given = ChartColours::default();
            let too_low = |colour: Rgb, against: &[(Rgb, &str)], key: &str, at: &std::ops::Range<usize>| {
                let failing: Vec<String> = against
                    .iter()
                    .filter(|(other, _)| colour.contrast_ratio(*other) < CHART_CONTRAST)
                    .map(|(other, what)| format!("{:.2}:1 against {what} {other}", colour.contrast_ratio(*other)))
                    .collect();
                if failing.is_empty() {
                    return None;
                }
                let others: Vec<Rgb> = against.iter().map(|(other, _)| *other).collect();
                let hint = match colour.nearest_passing(&others, CHART_CONTRAST) {
                    Some(nearest) => format!(
                        "the nearest colour that passes is {nearest} (the same hue, lighter or darker, CIELAB); write rgb = \"{nearest}\" and leave cmyk out to derive it"
                    ),
                    None => "no colour of this hue passes against all of them: choose another hue, or leave it out to derive it".to_string(),
                };
                Some(
                    file.error_at(
                        at,
                        format!(
                            "the chart colour {colour} has {}; chart parts need at least {CHART_CONTRAST}:1",
                            failing.join(" and ")
                        ),
                    )
                    .key(key.to_string())
                    .hint(hint)
                    .rule(Rule::Contrast),
                )
            };
            if let Some(bar) = &chart.bar {
                let colour = brand_colour(bar, "chart.bar", &mut problems);
                match too_low(colour.rgb, &[(CHART_PAPER, "the paper")], "chart.bar", &bar.span()) {
                    Some(problem) => problems.push(problem),
                    None => given.bar = Some(colour),
                }
            }
            if let Some(parts) = &chart.parts {
                let list = parts.get_ref();
                if list.is_empty() || list.len() > MAX_CHART_PARTS {
                    problems.push(
                        file.error_at(&parts.span(), format!("{} part colours are given; a chart takes 1 to {MAX_CHART_PARTS}", list.len()))
                            .key("chart.parts")
                            .hint("give a colour for each part in order, or leave `parts` out to derive them"),
                    );
                } else {
                    let colours: Vec<Colour> = list
                        .iter()
                        .enumerate()
                        .map(|(i, part)| brand_colour(part, &format!("chart.parts[{i}]"), &mut problems))
                        .collect();
                    let mut sound = true;
                    for (i, part) in list.iter().enumerate() {
                        let mut against = vec![(CHART_PAPER, "the paper".to_string())];
                        if i > 0 {
                            against.push((colours[i - 1].rgb, format!("parts[{}]", i - 1)));
                        }
                        let against: Vec<(Rgb, &str)> = against.iter().map(|(c, w)| (*c, w.as_str())).collect();
                        if let Some(problem) = too_low(colours[i].rgb, &against, &format!("chart.parts[{i}]"), &part.span()) {
                            problems.push(problem);
                            sound = false;
                        }
                    }
                    if sound {
                        given.parts = colours;
                    }
                }
            }
            Sourced { value: given, origin: origin(&chart.bar.as_ref().map_or_else(|| chart.parts.as_ref().map_or(0..0, Spanned::span), Spanned::span)) }
        });

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

        // What is left for the documents: no more local lines than fit, and no brand
        // colours that were refused (each document would only report them again).
        local.truncate(MAX_LOCAL_LINES);
        local_index.truncate(MAX_LOCAL_LINES);
        let brand =
            brand.filter(|_| !problems.0.iter().any(|p| p.key.as_deref().is_some_and(|k| k.starts_with("brand"))));
        let region = LoadedRegion {
            id: id.to_string(),
            file: file.clone(),
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
            local_index,
            brand,
            chart,
            national,
            languages,
        };
        RegionRead { region: Some(region), problems, file }
    }
}

/// A region file as far as it could be read ([`LoadedRegion::read`]).
pub struct RegionRead {
    /// The region without its wrong values; `None` when the file could not be parsed.
    pub region: Option<LoadedRegion>,
    pub problems: Errors,
    pub file: Arc<SourceFile>,
}

impl RegionRead {
    /// The region if nothing in its file is an error.
    pub fn into_result(self) -> Result<LoadedRegion> {
        self.problems.into_result()?;
        self.region.ok_or_else(|| Errors::one(Diagnostic::error("the region file could not be read")))
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
        let need = super::super::logo::PrintNeed { largest_logo_height: crate::units::Mm(18.0) };
        LoadedRegion::parse(
            SourceFile::new("regions/test.toml", text.to_string()),
            id,
            None,
            id == DEFAULT_REGION,
            need,
        )
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
