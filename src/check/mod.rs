//! Accessibility rules, checked by the tool on what it actually composed (sizes and
//! colours as placed, not as the TOML intends). Each rule has a name that reports and
//! `handout check --format json` use. `handout build` refuses to write a PDF that breaks one.

pub mod lines;
pub mod readability;
pub mod sources;
pub mod spoken;
pub mod structure;

use std::collections::HashSet;

use crate::compose::{Composed, Item, Role, TextKind};
use crate::error::{Diagnostic, Origin, Rule};
use crate::kinds::Profile;
use crate::resolve::{Alt, BlockContent, Document};
use crate::units::{Pt, Rect};

/// The numbers each profile is held to, with their sources.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Thresholds {
    /// Running text (paragraphs and list items).
    pub body_min: Pt,
    /// Any text at all, captions and footers included.
    pub text_min: Pt,
    /// Contrast for text below the WCAG "large" size.
    pub contrast_normal: f64,
    /// Contrast for large text (18 pt, or 14 pt bold).
    pub contrast_large: f64,
}

impl Thresholds {
    pub fn of(profile: Profile) -> Thresholds {
        match profile {
            // RNIB Clear Print: 12 pt minimum, and UKAAF asks for no small print (labels,
            // page numbers and notes at the size of the text). Nothing at all below 12 pt:
            // source lines, chart labels and notes included. WCAG 2.2 AA 1.4.3: 4.5:1,
            // large text 3:1.
            Profile::Standard => {
                Thresholds { body_min: Pt(12.0), text_min: Pt(12.0), contrast_normal: 4.5, contrast_large: 3.0 }
            }
            // UKAAF large print: nothing below 16 pt. Contrast at least 7:1 for all text.
            Profile::LargePrint => {
                Thresholds { body_min: Pt(16.0), text_min: Pt(16.0), contrast_normal: 7.0, contrast_large: 7.0 }
            }
            // Easy Read: body 16 pt (above the 14 pt documented minimum); WCAG AA contrast.
            Profile::EasyRead => {
                Thresholds { body_min: Pt(16.0), text_min: Pt(12.0), contrast_normal: 4.5, contrast_large: 3.0 }
            }
        }
    }
}

/// WCAG 2.2's "large text": at least 18 pt, or at least 14 pt and bold.
pub(crate) fn is_large_text(size: Pt, bold: bool) -> bool {
    size.0 >= 18.0 || (bold && size.0 >= 14.0)
}

/// Run every rule on a composed document. Returns all findings (errors and warnings).
pub fn check(document: &Document, composed: &Composed, profile: Profile) -> Vec<Diagnostic> {
    let mut findings = composed.warnings.clone();
    let thresholds = Thresholds::of(profile);
    let content = Origin { file: document.meta.content_file.clone(), line: 1, column: 1 };
    let layout = Origin { file: document.meta.layout_file.clone(), line: 1, column: 1 };
    // Findings about a style point at the style's line in the layout (its table for
    // findings about the whole style).
    let style_origin = |name: &str, line: fn(&crate::resolve::Style) -> &Origin| {
        document.styles.styles.iter().find(|s| s.name == name).map_or_else(|| layout.clone(), |s| line(s).clone())
    };

    if document.meta.title.trim().is_empty() {
        findings
            .push(Diagnostic::error("the document has no title").at(&content).key("document.title").rule(Rule::Title));
    }
    if !is_language_tag(&document.meta.lang) {
        findings.push(
            Diagnostic::error(format!("`{}` is not a language tag such as en-GB", document.meta.lang))
                .at(&content)
                .hint("content files are named <set>.<language>.toml, e.g. leaflet.standard.en-GB.toml")
                .rule(Rule::Language),
        );
    }
    if let Some((crate::load::TranslationStatus::Draft, origin, from)) = &document.meta.translation {
        findings.push(
            Diagnostic::warning(format!(
                "this is a draft translation from {from}: no qualified translator has reviewed it"
            ))
            .at(origin)
            .key("translation.status")
            .hint("have it reviewed, then set status = \"reviewed\" with reviewer and reviewed; its print copy's slug says it is a draft (`words.print.draft`)")
            .rule(Rule::Translation),
        );
    }
    if !document.meta.is_english() {
        findings.extend(readability::untranslated(document));
    }
    for (key, english, origin) in &document.english_region_words {
        let lang = &document.meta.lang;
        findings.push(
            Diagnostic::warning(format!(
                "English only in the region file, so this `{lang}` document prints it in English: \"{english}\""
            ))
            .at(origin)
            .key(key.clone())
            .hint(format!("give it per language: {{ en-GB = \"{english}\", {lang} = \"...\" }}"))
            .rule(Rule::Untranslated),
        );
    }
    findings.extend(heading_levels(document));
    findings.extend(structure::heading_nesting(document));
    findings.extend(alt_texts(document));
    findings.extend(spoken::spoken_numbers(document));
    findings.extend(spoken::run_together(document, composed));

    // Type size and contrast, per style and block, reported once each.
    let mut reported = HashSet::new();
    for page in &composed.pages {
        for item in &page.items {
            let Item::Text(text) = item else { continue };
            let minimum = match text.kind {
                TextKind::Body => thresholds.body_min,
                TextKind::Heading | TextKind::Label => thresholds.text_min,
            };
            if text.size.0 + 0.001 < minimum.0 && reported.insert(("size", text.block.clone(), text.style.clone())) {
                let what = if text.kind == TextKind::Body { "body text" } else { "text" };
                findings.push(
                    Diagnostic::error(format!(
                        "{}: style `{}` sets {what} at {} pt; the {} minimum is {} pt",
                        text.block,
                        text.style,
                        text.size.0,
                        profile_name(profile),
                        minimum.0
                    ))
                    .at(&style_origin(&text.style, |s| &s.size_origin))
                    .key(format!("styles.{}.size_pt", text.style))
                    .hint("raise the style's size_pt; if the text then does not fit, shorten it")
                    .rule(Rule::MinTypeSize),
                );
            }
            let ratio = text.colour.rgb.contrast_ratio(text.background.rgb);
            let required = if is_large_text(text.size, text.bold) {
                thresholds.contrast_large
            } else {
                thresholds.contrast_normal
            };
            if ratio < required && reported.insert(("contrast", text.block.clone(), text.style.clone())) {
                let message = format!(
                    "{}: text {} on {} has a contrast of {:.2}:1; at least {required}:1 is needed",
                    text.block, text.colour.rgb, text.background.rgb, ratio
                );
                // A force's brand colour is the force's to fix, in its region file.
                findings.push(
                    match brand_involved(document, text.colour, text.background) {
                        Some((origin, key)) => Diagnostic::error(format!(
                            "brand colours: {message} (layout {})",
                            document.meta.layout_file
                        ))
                        .at(&origin)
                        .key(key)
                        .hint(match text.colour.rgb.nearest_passing(&[text.background.rgb], required) {
                            Some(nearest) => format!(
                                "the nearest text colour that passes {required}:1 on {} is {nearest} (the same hue, lighter or darker); or change the fill",
                                text.background.rgb
                            ),
                            None => "choose brand colours that contrast more: white text on a dark primary usually works".to_string(),
                        }),
                        None => Diagnostic::error(message)
                            .at(&style_origin(&text.style, |s| &s.colour_origin))
                            .key(format!("styles.{}.colour", text.style))
                            .hint("use a darker text colour or a lighter background (WCAG 2.2 contrast)"),
                    }
                    .rule(Rule::Contrast),
                );
            }
            if text.role != Role::Footer
                && !inside_safe_area(document, text)
                && reported.insert(("safe", text.block.clone(), text.style.clone()))
            {
                findings.push(
                    Diagnostic::error(format!(
                        "{}: text reaches within {:.0} mm of the trim (\"{}\")",
                        text.block,
                        document.page.safe.to_mm().0,
                        text.words().trim()
                    ))
                    .at(&style_origin(&text.style, |s| &s.origin))
                    .hint("check the layout's lengths: a negative space, padding or gap moves text off its panel")
                    .rule(Rule::SafeArea),
                );
            }
        }
    }
    findings.extend(dial_sizes(document, composed));
    findings.extend(graphic_contrast(document, composed));
    if profile == Profile::LargePrint {
        findings.extend(text_on_tints(document, composed));
    }
    if profile == Profile::EasyRead {
        findings.extend(readability::easy_read(document).1);
        findings.extend(readability::easy_read_lines(document));
    }
    findings
}

/// A number a reader must dial is never smaller than the other words of its block (a
/// Relay UK number in a card's note is as large as the card's label): small print is
/// where a reader stops, and these are the digits that matter most.
fn dial_sizes(document: &Document, composed: &Composed) -> Vec<Diagnostic> {
    let numbers: HashSet<_> = lines::text_lines(document)
        .into_iter()
        .flat_map(|line| line.pieces)
        .filter(|piece| piece.spoken.is_some())
        .map(|piece| piece.leaf)
        .collect();
    // Words that are read (not page furniture) and are not headings, with their leaf.
    let texts = || {
        composed.pages.iter().flat_map(|page| &page.items).filter_map(|item| match item {
            Item::Text(text) if text.kind != TextKind::Heading => match text.role {
                Role::Content(leaf) => Some((leaf, text)),
                _ => None,
            },
            _ => None,
        })
    };
    let mut largest_words: std::collections::HashMap<&str, crate::units::Pt> = std::collections::HashMap::new();
    for (_, text) in texts().filter(|(leaf, t)| !numbers.contains(leaf) && !t.words().trim().is_empty()) {
        let largest = largest_words.entry(&text.block).or_insert(text.size);
        *largest = largest.max(text.size);
    }
    let mut reported = HashSet::new();
    let mut findings = Vec::new();
    for (_, number) in texts().filter(|(leaf, _)| numbers.contains(leaf)) {
        let Some(words) = largest_words.get(&*number.block) else { continue };
        if number.size.0 + 0.001 < words.0 && reported.insert((number.block.clone(), number.style.clone())) {
            let origin = document.styles.styles.iter().find(|s| s.name == *number.style).map(|s| s.size_origin.clone());
            let layout = Origin { file: document.meta.layout_file.clone(), line: 1, column: 1 };
            findings.push(
                Diagnostic::error(format!(
                    "{}: the number `{}` is set at {} pt, smaller than the {} pt words around it",
                    number.block,
                    number.words().trim(),
                    number.size.0,
                    words.0
                ))
                .at(&origin.unwrap_or(layout))
                .key(format!("styles.{}.size_pt", number.style))
                .hint("a number to dial is never smaller than the words beside it: raise this style's size_pt")
                .rule(Rule::DialSize),
            );
        }
    }
    findings
}

/// Large print: no text over pictures or tints, only on the plain paper (UKAAF, RNIB).
/// Each finding points at the `background` that put the tint there (the text's style's,
/// or else the panel's), once per background.
fn text_on_tints(document: &Document, composed: &Composed) -> Vec<Diagnostic> {
    let paper = document.page.paper.rgb;
    let layout = Origin { file: document.meta.layout_file.clone(), line: 1, column: 1 };
    let mut seen = HashSet::new();
    let mut findings = Vec::new();
    for (page, items) in composed.pages.iter().enumerate().map(|(index, page)| (index, &page.items)) {
        for item in items {
            let Item::Text(text) = item else { continue };
            if text.background.rgb == paper {
                continue;
            }
            let style = document.styles.styles.iter().find(|s| s.name == *text.style);
            let line = Rect::new(text.x, text.line_top, text.width, text.line_height);
            let panel = document.panels.iter().find(|p| p.page == page && p.frame.contains(&line));
            let (origin, key) = match (style.and_then(|s| s.background_origin.as_ref()), panel) {
                (Some(origin), _) => (origin, format!("styles.{}.background", text.style)),
                (None, Some(panel)) => match &panel.background_origin {
                    Some(origin) => (origin, format!("panels.{}.background", panel.id)),
                    None => (&layout, format!("styles.{}", text.style)),
                },
                (None, None) => (&layout, format!("styles.{}", text.style)),
            };
            // One finding per background: it names the first block on it.
            if !seen.insert(key.clone()) {
                continue;
            }
            findings.push(
                Diagnostic::error(format!(
                    "{}: text is set on a tint ({}), not on the paper",
                    text.block, text.background.rgb
                ))
                .at(origin)
                .key(key)
                .hint("large print keeps text on plain paper: remove this background")
                .rule(Rule::TextOnTint),
            );
        }
    }
    findings
}

/// Where the region set a brand colour that is one of these two, if it did.
/// With the region file's key to change: `chart` for its own chart colours, else `brand`.
fn brand_involved(
    document: &Document,
    a: crate::colour::Colour,
    b: crate::colour::Colour,
) -> Option<(Origin, &'static str)> {
    let involved = |colours: &[crate::colour::Rgb]| colours.contains(&a.rgb) || colours.contains(&b.rgb);
    if let Some((chart, origin)) = &document.meta.chart {
        let own: Vec<crate::colour::Rgb> = chart.bar.iter().chain(&chart.parts).map(|c| c.rgb).collect();
        if involved(&own) {
            return Some((origin.clone(), "chart"));
        }
    }
    let (brand, origin) = document.meta.brand.as_ref()?;
    involved(&[brand.primary.rgb, brand.on_primary.rgb]).then(|| (origin.clone(), "brand"))
}

/// Text stays inside the trim by at least the safe distance (5 mm on the leaflet).
fn inside_safe_area(document: &Document, text: &crate::compose::TextItem) -> bool {
    const TOLERANCE: f32 = 0.5;
    let page = &document.page;
    let safe = page.safe.0 - TOLERANCE;
    text.x.0 >= safe
        && text.line_top.0 >= safe
        && text.x.0 + text.width.0 <= page.trim_width.0 - safe
        && text.line_top.0 + text.line_height.0 <= page.trim_height.0 - safe
}

/// Parts of graphics a reader must tell apart: at least 3:1 (WCAG 2.2, 1.4.11).
fn graphic_contrast(document: &Document, composed: &Composed) -> Vec<Diagnostic> {
    const REQUIRED: f64 = 3.0;
    composed
        .graphic_contrasts
        .iter()
        .filter_map(|pair| {
            let ratio = pair.foreground.rgb.contrast_ratio(pair.background.rgb);
            (ratio < REQUIRED).then(|| {
                let message = format!(
                    "{}: {} ({} on {}) has a contrast of {ratio:.2}:1; charts need at least {REQUIRED}:1",
                    pair.block, pair.what, pair.foreground.rgb, pair.background.rgb
                );
                match brand_involved(document, pair.foreground, pair.background) {
                    Some((origin, "chart")) => Diagnostic::error(format!("chart colours: {message}"))
                        .at(&origin)
                        .key("chart")
                        .hint(match pair.foreground.rgb.nearest_passing(&[pair.background.rgb], REQUIRED) {
                            Some(nearest) => format!("the nearest colour that passes against {} is {nearest}", pair.background.rgb),
                            None => "choose a chart colour that differs more from its neighbours and the paper".to_string(),
                        }),
                    Some((origin, key)) => Diagnostic::error(format!("brand colours: {message}")).at(&origin).key(key).hint(
                        "the brand's primary colour also draws the charts: it must differ from the paper and the other chart colours by 3:1; or give chart colours of the force's own in the region file's [chart]",
                    ),
                    None => Diagnostic::error(message).at(&pair.origin).hint(
                        "choose chart colours (the layout's [charts] palette and bar) that differ more from each other and from the background",
                    ),
                }
                .rule(Rule::Contrast)
            })
        })
        .collect()
}

fn profile_name(profile: Profile) -> &'static str {
    match profile {
        Profile::Standard => "standard (Clear Print)",
        Profile::LargePrint => "large print",
        Profile::EasyRead => "Easy Read",
    }
}

/// A BCP 47 tag as this tool writes them: a 2-3 letter lower-case language, then
/// optional subtags, a two-letter region in capitals (`en-GB`, not `en-gb`).
pub(crate) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or("");
    let language_ok = (2..=3).contains(&language.len()) && language.chars().all(|c| c.is_ascii_lowercase());
    let rest_ok = parts.all(|p| {
        let well_formed = (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric());
        let region_in_capitals = p.len() != 2 || p.chars().all(|c| c.is_ascii_uppercase());
        well_formed && region_in_capitals
    });
    language_ok && rest_ok
}

/// The first heading is level 1 and no level is skipped on the way down (PDF/UA 7.4.2).
fn heading_levels(document: &Document) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    let mut previous: Option<u8> = None;
    for section in &document.sections {
        let headings = section.heading.iter().chain(section.blocks.iter().filter_map(|b| match &b.content {
            BlockContent::Heading(h) => Some(h),
            _ => None,
        }));
        for heading in headings {
            let allowed = previous.map_or(1, |p| p + 1);
            if heading.level > allowed {
                let why = match previous {
                    None => format!(
                        "the first heading (\"{}\") is level {}; it must be level 1",
                        heading.text.plain_text(),
                        heading.level
                    ),
                    Some(p) => format!(
                        "heading \"{}\" is level {} right after a level {p}: a level is skipped",
                        heading.text.plain_text(),
                        heading.level
                    ),
                };
                findings.push(
                    Diagnostic::error(why)
                        .at(&heading.origin)
                        .hint("use the next level down, or reorder the sections")
                        .rule(Rule::HeadingLevels),
                );
            }
            previous = Some(heading.level);
        }
    }
    findings
}

/// Every picture has alt text that says something (not empty, not a file name).
fn alt_texts(document: &Document) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for block in document.sections.iter().flat_map(|s| &s.blocks) {
        // Decorative pictograms are artifacts and have no alt text by design.
        let pictures = block.picture.iter().chain(match &block.content {
            BlockContent::Logo(p, _, _) => Some(p),
            _ => None,
        });
        for picture in pictures {
            let Alt::Text(alt) = &picture.alt else { continue };
            let alt = alt.trim();
            let lower = alt.to_ascii_lowercase();
            let looks_like_file = [".svg", ".png", ".jpg", ".jpeg"].iter().any(|ext| lower.ends_with(ext));
            if alt.is_empty() || looks_like_file {
                findings.push(
                    Diagnostic::error(format!(
                        "{}: the picture's alt text {}",
                        block.name,
                        if alt.is_empty() { "is empty".to_string() } else { format!("`{alt}` is a file name") }
                    ))
                    .at(&block.origin)
                    .key("alt")
                    .hint("say in a few words what the picture shows")
                    .rule(Rule::AltText),
                );
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en-GB"));
        assert!(is_language_tag("cy"));
        assert!(!is_language_tag(""));
        assert!(!is_language_tag("English"));
        assert!(!is_language_tag("en_GB"));
        assert!(!is_language_tag("en-gb"), "a region is written in capitals");
    }

    #[test]
    fn large_text_is_18pt_or_14pt_bold() {
        assert!(is_large_text(Pt(18.0), false));
        assert!(is_large_text(Pt(14.0), true));
        assert!(!is_large_text(Pt(17.9), false));
        assert!(!is_large_text(Pt(13.9), true));
    }

    #[test]
    fn large_print_is_stricter_than_standard() {
        let standard = Thresholds::of(Profile::Standard);
        let large = Thresholds::of(Profile::LargePrint);
        assert_eq!((standard.body_min, large.body_min), (Pt(12.0), Pt(16.0)));
        assert!(large.text_min.0 > standard.text_min.0, "{large:?} {standard:?}");
        assert!(large.contrast_normal > standard.contrast_normal, "{large:?} {standard:?}");
        assert!(large.contrast_large > standard.contrast_large, "{large:?} {standard:?}");
        assert_eq!((large.text_min, large.contrast_normal, large.contrast_large), (Pt(16.0), 7.0, 7.0));
    }
}
