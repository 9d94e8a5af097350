//! The print copy's slug: one line under the crop marks that names the file for the print
//! shop and the force (its ids, version, date, page, sizes). Its words come from the
//! content's `[words.print]`, so a translated copy says them in its own language, and it
//! is set by the same text engine as the page (the language's face, right to left where
//! the language is), not drawn as a bare string. The render stage draws it in print
//! copies only, as an artifact outside the bleed.

use super::blocks::{BlockComposer, Frame};
use super::{Page, Role};
use crate::colour::{Cmyk, Colour, Rgb};
use crate::kinds::Align;
use crate::resolve::{Document, Style};
use crate::template;
use crate::units::{Mm, Pt};

/// The slug's type size: for the print shop, outside the sheet the reader gets.
const SLUG_SIZE: Pt = Pt(6.0);

/// How far below the trim the slug's line starts: under the crop marks (3 mm off the
/// trim, 5 mm long) with 2 mm clear, within the print copy's 15 mm margin.
const SLUG_BELOW_TRIM: Mm = Mm(10.0);

/// Set each page's slug line, in trim coordinates (below the trim).
pub(super) fn set(pages: &mut [Page], composer: &mut BlockComposer, document: &Document) {
    let meta = &document.meta;
    let slug = &document.slug_words;
    let geometry = &document.page;
    let black = Colour { rgb: Rgb([0, 0, 0]), cmyk: Cmyk([0.0, 0.0, 0.0, 100.0]) };
    let style = Style {
        name: "slug".to_string(),
        size: SLUG_SIZE,
        line_height: 1.2,
        bold: false,
        colour: black,
        space_before: Pt::ZERO,
        space_after: Pt::ZERO,
        align: Align::Start,
        background: None,
        padding: Pt::ZERO,
        origin: slug.origin.clone(),
        size_origin: slug.origin.clone(),
        colour_origin: slug.origin.clone(),
        background_origin: None,
    };
    let frame = Frame { width: geometry.trim_width, ink: None, background: geometry.paper };
    let mm = |length: Pt| format!("{:.0}", length.to_mm().0);
    let (width, height, bleed) = (mm(geometry.trim_width), mm(geometry.trim_height), mm(geometry.bleed));
    let date = meta.date.day_stamp();
    let total = pages.len().to_string();
    let ids = format!("{} | {} | {} | {}", meta.product, meta.variant, meta.region, meta.lang);
    let tool = format!("handout {}", env!("CARGO_PKG_VERSION"));
    for (index, page) in pages.iter_mut().enumerate() {
        let number = (index + 1).to_string();
        let values = [
            ("version", meta.version.as_str()),
            ("date", &date),
            ("page", &number),
            ("pages", &total),
            ("width", &width),
            ("height", &height),
            ("bleed", &bleed),
        ];
        // Ids, numbers and the tool's name are left-to-right pieces, so that in a
        // right-to-left language "2026-11-25" and "leaflet | standard" keep their order.
        let mut pieces: Vec<(&str, bool)> = Vec::new();
        if meta.is_draft_translation() {
            pieces.extend([(slug.words.draft.as_str(), false), (" | ", false)]);
        }
        pieces.extend([(ids.as_str(), true), (" | ", false)]);
        for piece in template::pieces(&slug.words.slug) {
            match piece {
                template::Piece::Text(text) => pieces.push((text, false)),
                template::Piece::Name(name) => {
                    let value = values.iter().find(|(key, _)| *key == name).map_or(name, |(_, value)| value);
                    pieces.push((value, true));
                }
            }
        }
        pieces.extend([(" | ", false), (tool.as_str(), true)]);
        let line = composer.line_of(&pieces, Role::Footer, &style, frame, "the print slug", &slug.origin);
        // At the start of the line: the left, or the right in a right-to-left language.
        let x = if composer.rtl() { geometry.trim_width - line.width } else { Pt::ZERO };
        page.slug = line.at(x, geometry.trim_height + SLUG_BELOW_TRIM.to_pt());
    }
}
