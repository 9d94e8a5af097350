//! Stage 3, **compose**: set every block's text with parley and place the blocks in the
//! layout's panels. The output is pages of positioned items (glyph runs, pictures, fills,
//! link areas), each still carrying the document leaf it belongs to, so render can tag it.
//! Text that does not fit its panel is an error naming the block and by how many
//! millimetres it overflows; nothing is clipped and no type is shrunk.

mod blocks;
mod charts;
mod flow;
mod slug;
pub mod text;

use std::collections::HashMap;
use std::sync::Arc;

use crate::colour::Colour;
use crate::error::{Diagnostic, Errors, Result, Rule};
use crate::resolve::{Document, LeafId, LinkId, Panel, PictureSource};
use crate::units::{Pt, Rect};
use blocks::{BlockComposer, Frame, Strip};
pub use text::{FontKey, Glyph, TextEngine};

/// The composed document: what to draw on each page, in trim coordinates (0,0 is the
/// top-left corner of the trimmed sheet; bleed lies at negative coordinates and beyond).
#[derive(Debug)]
pub struct Composed {
    pub pages: Vec<Page>,
    /// Where each leaf ended up: page index and the union of its rectangles.
    pub leaf_boxes: HashMap<LeafId, (usize, Rect)>,
    /// Colour pairs in graphics that must contrast, for the checks.
    pub graphic_contrasts: Vec<GraphicContrast>,
    /// How full each panel is: (panel id, height used, height available), for `--explain`.
    pub panel_usage: Vec<(String, Pt, Pt)>,
    /// Findings that do not stop a build, such as a logo under 300 ppi.
    pub warnings: Vec<crate::error::Diagnostic>,
}

#[derive(Debug, Default)]
pub struct Page {
    pub items: Vec<Item>,
    /// The print copy's slug line, below the trim (drawn in print copies only).
    pub slug: Vec<Item>,
}

#[derive(Clone, Debug)]
pub enum Item {
    /// A flat area of colour.
    Fill {
        rect: Rect,
        colour: Colour,
        role: Role,
    },
    /// A straight line (chart grid lines and axes).
    Line {
        from: (Pt, Pt),
        to: (Pt, Pt),
        width: Pt,
        colour: Colour,
        role: Role,
    },
    Text(TextItem),
    Picture {
        rect: Rect,
        source: PictureSource,
        role: Role,
        /// The colour behind it (what the web copy flattens a logo onto).
        background: Colour,
    },
    /// A clickable area of a link; render turns these into annotations.
    LinkArea {
        link: LinkId,
        rect: Rect,
    },
}

/// What a drawn item is to the reader: part of the content (tagged under its document
/// leaf) or not (an artifact of one kind or another).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Content: text (tagged as a Span of its leaf) and meaningful graphics (a pictogram
    /// with alt text, a chart's bars, tagged under the leaf of their Figure).
    Content(LeafId),
    /// A panel background, running into the bleed where the panel meets the trim.
    Background,
    /// Pure decoration: a box behind a call-out, a decorative pictogram.
    Decoration,
    /// Page furniture (page numbers): an artifact, not read out.
    Footer,
}

/// Two colours a reader must tell apart in a graphic (WCAG 1.4.11: 3:1).
#[derive(Clone, Debug)]
pub struct GraphicContrast {
    pub block: Arc<str>,
    pub origin: crate::error::Origin,
    /// What is compared, e.g. "bar against the background".
    pub what: String,
    pub foreground: Colour,
    pub background: Colour,
}

/// One line's worth of glyphs of one leaf, in one font and colour.
#[derive(Clone, Debug)]
pub struct TextItem {
    pub role: Role,
    pub font: FontKey,
    pub size: Pt,
    /// Left end of the baseline.
    pub x: Pt,
    pub baseline: Pt,
    pub width: Pt,
    /// The line box this run sits in (for bounding boxes and checks).
    pub line_top: Pt,
    pub line_height: Pt,
    /// Left to right, as seen.
    pub glyphs: Vec<Glyph>,
    /// Read right to left: drawn in reading order, from the right end (see render).
    pub rtl: bool,
    /// The paragraph text the glyphs' ranges index into.
    pub text: Arc<str>,
    pub colour: Colour,
    /// What is actually behind the text (paper, panel or box colour), for contrast checks.
    pub background: Colour,
    /// The block this text belongs to, for messages.
    pub block: Arc<str>,
    pub bold: bool,
    pub kind: TextKind,
    /// The layout style it was set in.
    pub style: Arc<str>,
}

/// What a piece of text is for: the accessibility rules differ (body text has a higher
/// minimum size than labels in some variants).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextKind {
    Heading,
    /// Running text: paragraphs and list items.
    Body,
    /// Contact details, the force name, chart labels, footers.
    Label,
}

impl TextItem {
    /// The words this item draws.
    pub fn words(&self) -> String {
        let start = self.glyphs.iter().map(|g| g.text_range.start).min().unwrap_or(0);
        let end = self.glyphs.iter().map(|g| g.text_range.end).max().unwrap_or(0);
        self.text.get(start..end).unwrap_or("").to_string()
    }
}

/// Compose `document` with `engine`.
pub fn compose(document: &Document, engine: &mut TextEngine) -> Result<Composed> {
    compose_within(document, engine, None)
}

/// Compose `document`, stopping as soon as a flowing document's text is known to need
/// more than `max_pages` pages (an overflow error at the block where it was passed), so
/// that runaway text costs the pages allowed, not the thousands it would fill.
pub fn compose_within(document: &Document, engine: &mut TextEngine, max_pages: Option<usize>) -> Result<Composed> {
    let (composed, problems) = compose_all(document, engine, max_pages);
    problems.into_result()?;
    Ok(composed)
}

/// How full each panel is, even when some overflow: (panel id, used, available).
pub fn measure(document: &Document, engine: &mut TextEngine) -> Vec<(String, Pt, Pt)> {
    compose_all(document, engine, None).0.panel_usage
}

/// Compose everything, collecting problems instead of stopping at them.
fn compose_all(document: &Document, engine: &mut TextEngine, max_pages: Option<usize>) -> (Composed, Errors) {
    let panel_pages = if document.flow.is_some() { 0 } else { document.page.pages };
    let mut pages: Vec<Page> = (0..panel_pages).map(|_| Page::default()).collect();
    let mut problems = Errors::default();
    let mut composer = BlockComposer::new(document, engine);
    let mut panel_usage = Vec::new();

    // Panels are drawn as they lie on the sheet, left to right; the tag tree, not the
    // drawing order, gives the reading order.
    let mut physical: Vec<&Panel> = document.panels.iter().collect();
    physical.sort_by(|a, b| {
        (a.page, a.frame.y.0, a.frame.x.0)
            .partial_cmp(&(b.page, b.frame.y.0, b.frame.x.0))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    for panel in physical {
        let Some(page) = pages.get_mut(panel.page) else { continue };
        if let Some(colour) = panel.background {
            page.items.push(Item::Fill { rect: bleed_extended(panel.frame, document), colour, role: Role::Background });
        }
        let frame = Frame {
            width: panel.content.width,
            ink: panel.ink,
            background: panel.background.unwrap_or(document.page.paper),
        };
        let top = composer.sections(&panel.sections, frame);
        let bottom = composer.sections(&panel.bottom_sections, frame);
        panel_usage.push((panel.id.clone(), stack_height(&top) + stack_height(&bottom), panel.content.height));
        place(panel, top, bottom, page, &mut problems);
    }
    if let Some(flow) = &document.flow {
        let frame = Frame { width: flow.content.width, ink: None, background: document.page.paper };
        let all: Vec<usize> = (0..document.sections.len()).collect();
        let budget = max_pages.map(|pages| flow.content.height * pages as f32);
        let (strips, stopped) = composer.sections_within(&all, frame, budget);
        if let (Some(at), Some(max_pages)) = (stopped, max_pages) {
            let strip = &strips[at];
            problems.push(
                Diagnostic::error(format!(
                    "the text needs more than {max_pages} pages, the most this variant may have (max_pages in products.toml); {} passes page {max_pages}, and nothing after it was set",
                    strip.block
                ))
                .at(&strip.origin)
                .rule(Rule::Overflow)
                .hint("shorten the text, or raise max_pages for this variant in products.toml"),
            );
            return (
                Composed {
                    pages: Vec::new(),
                    leaf_boxes: HashMap::new(),
                    graphic_contrasts: Vec::new(),
                    panel_usage,
                    warnings: Vec::new(),
                },
                problems,
            );
        }
        pages = flow::place(strips, flow, &mut problems);
        if let Some(footer) = &flow.footer {
            flow::page_numbers(&mut pages, footer, &flow.origin, frame, &mut composer);
        }
    }
    slug::set(&mut pages, &mut composer, document);
    let (graphic_contrasts, warnings, composing) = composer.into_findings();
    problems.0.extend(composing.0);

    let mut leaf_boxes: HashMap<LeafId, (usize, Rect)> = HashMap::new();
    for (index, page) in pages.iter().enumerate() {
        for item in &page.items {
            let (leaf, rect) = match item {
                Item::Text(TextItem { role: Role::Content(leaf), x, line_top, width, line_height, .. }) => {
                    (*leaf, Rect::new(*x, *line_top, *width, *line_height))
                }
                Item::Picture { rect, role: Role::Content(leaf), .. }
                | Item::Fill { rect, role: Role::Content(leaf), .. } => (*leaf, *rect),
                Item::Line { from, to, role: Role::Content(leaf), .. } => {
                    let (left, top) = (from.0.min(to.0), from.1.min(to.1));
                    (*leaf, Rect::new(left, top, from.0.max(to.0) - left, from.1.max(to.1) - top))
                }
                _ => continue,
            };
            leaf_boxes.entry(leaf).and_modify(|(_, r)| *r = union(*r, rect)).or_insert((index, rect));
        }
    }
    (Composed { pages, leaf_boxes, graphic_contrasts, panel_usage, warnings }, problems)
}

/// Stack the top strips down from the panel's top and the bottom strips up from its
/// bottom; report the first block that crosses into the other stack or off the panel.
fn place(panel: &Panel, top: Vec<Strip>, bottom: Vec<Strip>, page: &mut Page, problems: &mut Errors) {
    let area = panel.content;
    let limit = area.bottom() - stack_height(&bottom);
    if let Some(index) = strip_ends(&top, area.y).position(|end| end.0 > limit.0 + 0.01) {
        let overflow = stack_end(&top, area.y) - limit;
        problems.push(overflow_error(panel, &top[index], overflow, !bottom.is_empty()));
        return;
    }
    stack(top, area.x, area.y, &mut page.items);
    stack(bottom, area.x, limit, &mut page.items);
}

/// Put strips one under another from (`x`, `y`) into `items`; returns where they end.
fn stack(strips: Vec<Strip>, x: Pt, mut y: Pt, items: &mut Vec<Item>) -> Pt {
    let mut previous_space = None;
    for strip in strips {
        y += spacing(previous_space, strip.space_before);
        items.extend(strip.items.into_iter().map(|item| shift(item, x, y)));
        previous_space = Some(strip.space_after);
        y += strip.height;
    }
    y
}

/// The gap between two strips: the larger of the space after one and before the next;
/// nothing at the top of a panel.
fn spacing(previous_after: Option<Pt>, before: Pt) -> Pt {
    previous_after.map_or(Pt::ZERO, |after| after.max(before))
}

fn stack_height(strips: &[Strip]) -> Pt {
    stack_end(strips, Pt::ZERO)
}

fn stack_end(strips: &[Strip], start: Pt) -> Pt {
    strip_ends(strips, start).last().unwrap_or(start)
}

/// Where each strip ends when they are stacked from `start`.
fn strip_ends(strips: &[Strip], start: Pt) -> impl Iterator<Item = Pt> + '_ {
    let mut previous_space = None;
    strips.iter().scan(start, move |y, strip| {
        *y += spacing(previous_space, strip.space_before) + strip.height;
        previous_space = Some(strip.space_after);
        Some(*y)
    })
}

fn overflow_error(panel: &Panel, strip: &Strip, overflow: Pt, has_bottom: bool) -> Diagnostic {
    let place = if has_bottom { "into the bottom sections of" } else { "past the bottom of" };
    let error = Diagnostic::error(format!(
        "text does not fit: {} runs {:.1} mm {place} panel `{}`",
        strip.block,
        overflow.to_mm().0.max(0.1),
        panel.id
    ))
    .at(&strip.origin)
    .rule(Rule::Overflow);
    match &strip.region_key {
        // The region's value made it overflow: the region file is where to act.
        Some(key) => error.key(key.clone()).hint(format!(
            "this region's values do not fit this layout ({}); list fewer or shorter local lines, within the region schema's limits",
            panel.origin
        )),
        None => error.hint(format!(
            "shorten the words, or move a section to another panel in the layout ({}); type is never shrunk to fit",
            panel.origin
        )),
    }
}

pub(super) fn shift(item: Item, dx: Pt, dy: Pt) -> Item {
    match item {
        Item::Fill { rect, colour, role } => Item::Fill { rect: rect.translate(dx, dy), colour, role },
        Item::Line { from, to, width, colour, role } => {
            Item::Line { from: (from.0 + dx, from.1 + dy), to: (to.0 + dx, to.1 + dy), width, colour, role }
        }
        Item::Text(mut t) => {
            t.x += dx;
            t.baseline += dy;
            t.line_top += dy;
            Item::Text(t)
        }
        Item::Picture { rect, source, role, background } => {
            Item::Picture { rect: rect.translate(dx, dy), source, role, background }
        }
        Item::LinkArea { link, rect } => Item::LinkArea { link, rect: rect.translate(dx, dy) },
    }
}

/// A panel's frame grown into the bleed on every side where it touches the trim.
fn bleed_extended(frame: Rect, document: &Document) -> Rect {
    let page = &document.page;
    let bleed = page.bleed;
    let near = |a: Pt, b: Pt| (a.0 - b.0).abs() < 0.01;
    let left = if near(frame.x, Pt::ZERO) { frame.x - bleed } else { frame.x };
    let top = if near(frame.y, Pt::ZERO) { frame.y - bleed } else { frame.y };
    let right = if near(frame.right(), page.trim_width) { frame.right() + bleed } else { frame.right() };
    let bottom = if near(frame.bottom(), page.trim_height) { frame.bottom() + bleed } else { frame.bottom() };
    Rect::new(left, top, right - left, bottom - top)
}

fn union(a: Rect, b: Rect) -> Rect {
    let left = a.x.min(b.x);
    let top = a.y.min(b.y);
    let right = a.right().max(b.right());
    let bottom = a.bottom().max(b.bottom());
    Rect::new(left, top, right - left, bottom - top)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::colour::{Cmyk, Rgb};
    use crate::error::Origin;

    const INK: Colour = Colour { rgb: Rgb([0, 0, 0]), cmyk: Cmyk([0.0, 0.0, 0.0, 100.0]) };

    fn origin() -> Origin {
        Origin { file: "content/test.toml".into(), line: 7, column: 3 }
    }

    /// A strip holding one fill, so where it was placed can be read back.
    fn strip(height: f32, before: f32, after: f32) -> Strip {
        let fill = Item::Fill {
            rect: Rect::new(Pt::ZERO, Pt::ZERO, Pt(10.0), Pt(height)),
            colour: INK,
            role: Role::Decoration,
        };
        Strip {
            space_before: Pt(before),
            space_after: Pt(after),
            ..Strip::new(Pt(height), vec![fill], "section \"s\", block 1 (text)", &origin())
        }
    }

    fn tops(items: &[Item]) -> Vec<f32> {
        items
            .iter()
            .map(|item| match item {
                Item::Fill { rect, .. } => rect.y.0,
                _ => f32::NAN,
            })
            .collect()
    }

    fn panel(height: f32) -> Panel {
        let area = Rect::new(Pt(20.0), Pt(30.0), Pt(100.0), Pt(height));
        Panel {
            id: "back".to_string(),
            page: 0,
            frame: area,
            content: area,
            background: None,
            background_origin: None,
            ink: None,
            sections: Vec::new(),
            bottom_sections: Vec::new(),
            origin: Origin { file: "layouts/test.toml".into(), line: 40, column: 1 },
        }
    }

    #[test]
    fn strips_stack_with_the_larger_space_between_them_and_none_at_the_top() {
        let strips = || vec![strip(10.0, 5.0, 2.0), strip(20.0, 4.0, 3.0), strip(5.0, 1.0, 0.0)];
        let mut items = Vec::new();
        let end = stack(strips(), Pt(0.0), Pt(100.0), &mut items);
        // 100 (no space at the top), 110 + max(2, 4), 134 + max(3, 1).
        assert_eq!(tops(&items), [100.0, 114.0, 137.0]);
        assert_eq!(end, Pt(142.0));
        assert_eq!(stack_height(&strips()), Pt(42.0));
    }

    #[test]
    fn bottom_sections_sit_against_the_foot_of_the_panel() {
        let mut page = Page::default();
        let mut problems = Errors::default();
        place(&panel(100.0), vec![strip(30.0, 0.0, 0.0)], vec![strip(20.0, 0.0, 0.0)], &mut page, &mut problems);
        assert!(problems.is_empty(), "{problems}");
        // The top strip at the panel's top (y 30), the bottom one ending at its foot (130).
        assert_eq!(tops(&page.items), [30.0, 110.0]);
    }

    #[test]
    fn text_that_runs_into_the_bottom_sections_is_an_overflow_naming_block_panel_and_millimetres() {
        let mut page = Page::default();
        let mut problems = Errors::default();
        let top = vec![strip(40.0, 0.0, 0.0), strip(45.0, 0.0, 0.0)];
        place(&panel(100.0), top, vec![strip(20.0, 0.0, 0.0)], &mut page, &mut problems);
        assert_eq!(problems.0.len(), 1);
        let error = &problems.0[0];
        // 85 pt of text over 80 pt of room: 5 pt is 1.8 mm.
        assert!(error.message.contains("runs 1.8 mm into the bottom sections of panel `back`"), "{error}");
        assert!(error.message.contains("section \"s\", block 1 (text)"), "{error}");
        assert_eq!((error.line, error.rule), (Some(7), Some(crate::error::Rule::Overflow)));
        assert!(error.hint.as_deref().unwrap().contains("layouts/test.toml:40:1"), "{error}");
        assert!(page.items.is_empty(), "nothing is drawn from a panel that overflows");
    }

    #[test]
    fn a_panel_exactly_full_does_not_overflow() {
        let mut page = Page::default();
        let mut problems = Errors::default();
        place(&panel(50.0), vec![strip(30.0, 0.0, 4.0), strip(16.0, 2.0, 0.0)], Vec::new(), &mut page, &mut problems);
        assert!(problems.is_empty(), "{problems}");
        assert_eq!(tops(&page.items), [30.0, 64.0]);
    }
}
