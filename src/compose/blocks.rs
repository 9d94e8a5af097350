//! Blocks to strips. A strip is a horizontal slice of a panel that is placed as a unit:
//! one line of a paragraph, one list item, one contact card, one picture row. Placement
//! (in `mod.rs`) only stacks strips; everything about how a block looks is decided here.

use std::collections::HashMap;
use std::sync::Arc;

use super::text::{SetLine, SetParagraph, SetRun, Span, TextEngine, TextStyle};
use super::{GraphicContrast, Item, Role, TextItem, TextKind};
use crate::colour::Colour;
use crate::error::{Diagnostic, Errors, Origin, Rule};
use crate::fonts::{Face, is_right_to_left};
use crate::resolve::{
    Alt, Block, BlockContent, Document, Heading, Inline, LeafId, LinkId, Picture, Section, Style, StyleId,
};
use crate::resolve::{ContactCard, ContactStyles, PictureSource, Wrap};
use crate::units::{Mm, Pt, Rect};

/// A slice of a panel placed as a unit. Item positions are relative to its top-left.
#[derive(Debug)]
pub(super) struct Strip {
    pub height: Pt,
    pub items: Vec<Item>,
    pub space_before: Pt,
    pub space_after: Pt,
    /// For flowing layouts: do not break a page right after this strip.
    pub keep_with_next: bool,
    /// The block's name and place, for overflow messages.
    pub block: Arc<str>,
    pub origin: Origin,
    /// The region file's key, when a region's value (not the content) put this strip here.
    pub region_key: Option<String>,
}

impl Strip {
    /// A strip with no space around it that may end a page.
    pub fn new(height: Pt, items: Vec<Item>, block: &str, origin: &Origin) -> Strip {
        Strip {
            height,
            items,
            space_before: Pt::ZERO,
            space_after: Pt::ZERO,
            keep_with_next: false,
            block: block.into(),
            origin: origin.clone(),
            region_key: None,
        }
    }
}

/// Where a block is being set: its width, and the colours around it.
#[derive(Clone, Copy)]
pub(super) struct Frame {
    pub width: Pt,
    /// Replaces style colours (a dark panel's light text).
    pub ink: Option<Colour>,
    /// What the text sits on.
    pub background: Colour,
}

pub(super) struct BlockComposer<'a> {
    pub document: &'a Document,
    pub engine: &'a mut TextEngine,
    links: HashMap<LeafId, LinkId>,
    /// Colour pairs in graphics, for the checks.
    pub contrasts: Vec<GraphicContrast>,
    /// Findings that do not stop a build (a logo under 300 ppi).
    warnings: Vec<Diagnostic>,
    /// Errors found while composing (overflow, missing glyphs); all are reported.
    pub problems: Errors,
}

impl<'a> BlockComposer<'a> {
    pub fn new(document: &'a Document, engine: &'a mut TextEngine) -> BlockComposer<'a> {
        let mut links = HashMap::new();
        for section in &document.sections {
            for_each_inline(section, &mut |inline: &Inline| {
                for run in &inline.runs {
                    if let Some(link) = run.link {
                        links.insert(run.leaf, link);
                    }
                }
            });
        }
        BlockComposer {
            document,
            engine,
            links,
            contrasts: Vec::new(),
            warnings: Vec::new(),
            problems: Errors::default(),
        }
    }

    pub(crate) fn into_findings(self) -> (Vec<GraphicContrast>, Vec<Diagnostic>, Errors) {
        (self.contrasts, self.warnings, self.problems)
    }

    /// A logo as it will print here: no wider than its frame, and its resolution checked at
    /// the printed size (warning under 300 ppi, error under 150 ppi). Render makes the image
    /// (scaled down when it has more pixels than print needs, flattened, separated for
    /// the press): see `render::logos`.
    fn print_logo(&mut self, picture: &Picture, frame: Frame, origin: &Origin) -> Picture {
        let PictureSource::Raster(pixels) = &picture.source else { return picture.clone() };
        let (mut width, mut height) = (picture.width, picture.height);
        if width.0 > frame.width.0 {
            height = height * (frame.width.0 / width.0);
            width = frame.width;
        }
        let ppi = pixels.width() as f32 / (width.0 / 72.0);
        let what = format!(
            "the logo prints at {ppi:.0} ppi ({:.0} x {:.0} mm from {} x {} pixels)",
            width.to_mm().0,
            height.to_mm().0,
            pixels.width(),
            pixels.height()
        );
        if ppi < 150.0 {
            self.problems.push(
                Diagnostic::error(format!("{what}; at least 150 ppi is needed, 300 for sharp print"))
                    .at(origin)
                    .key("logo.file")
                    .hint("supply a larger logo image, or the logo as SVG (drawn at 300 ppi for every size)")
                    .rule(Rule::ImageResolution),
            );
        } else if ppi < 300.0 {
            self.warnings.push(
                Diagnostic::warning(format!("{what}; print shops expect 300 ppi"))
                    .at(origin)
                    .key("logo.file")
                    .hint("a larger logo image will print sharper")
                    .rule(Rule::ImageResolution),
            );
        }
        Picture { width, height, ..picture.clone() }
    }

    /// Strips for the given sections (indices into the document's sections) in one panel.
    pub fn sections(&mut self, indices: &[usize], frame: Frame) -> Vec<Strip> {
        self.sections_within(indices, frame, None).0
    }

    /// The strips of these sections, stopping after the first block that takes the strips'
    /// heights past `budget` (when given): then also that block's strip, for its place.
    /// Heights alone, without the space between strips, never overstate what the pages
    /// need, so stopping is never wrong; text after it is never shaped.
    pub fn sections_within(
        &mut self,
        indices: &[usize],
        frame: Frame,
        budget: Option<Pt>,
    ) -> (Vec<Strip>, Option<usize>) {
        let mut strips = Vec::new();
        let mut height = Pt::ZERO;
        let mut add = |new: Vec<Strip>, strips: &mut Vec<Strip>| {
            let first = strips.len();
            height += new.iter().fold(Pt::ZERO, |sum, strip| sum + strip.height);
            strips.extend(new);
            budget.filter(|limit| height.0 > limit.0).map(|_| first)
        };
        for &index in indices {
            let section = &self.document.sections[index];
            if let Some(heading) = &section.heading {
                let name = format!("the heading of section \"{}\"", section.id);
                let new = self.heading(heading, &name, frame);
                if let Some(at) = add(new, &mut strips) {
                    return (strips, Some(at));
                }
            }
            for block in &section.blocks {
                let new = self.block(block, frame);
                if let Some(at) = add(new, &mut strips) {
                    return (strips, Some(at));
                }
            }
        }
        (strips, None)
    }

    /// Whether the document's language is written right to left (lists, cards and
    /// pictures are mirrored).
    pub(super) fn rtl(&self) -> bool {
        is_right_to_left(&self.document.meta.lang)
    }

    pub fn style(&self, id: StyleId) -> &'a Style {
        self.document.styles.get(id)
    }

    fn heading(&mut self, heading: &Heading, name: &str, frame: Frame) -> Vec<Strip> {
        let style = self.style(heading.style);
        let mut strips = self.paragraph_lines(&heading.text, style, TextKind::Heading, frame, name, &heading.origin);
        for strip in &mut strips {
            strip.keep_with_next = true;
        }
        strips
    }

    fn block(&mut self, block: &Block, frame: Frame) -> Vec<Strip> {
        let Some(picture) = &block.picture else {
            return self.block_with_citation(block, frame);
        };
        // A picture row: the pictogram on the left, the words and their source on the
        // right (Easy Read), so the source line is indented with the words it belongs to.
        let gap = self.document.styles.picture_gap;
        let inner = Frame { width: frame.width - picture.width - gap, ..frame };
        let strips = self.block_with_citation(block, inner);
        let mut row = merge(strips, &block.name, &block.origin);
        let text_height = row.height;
        let offset = if text_height.0 < picture.height.0 { (picture.height - text_height) / 2.0 } else { Pt::ZERO };
        // The picture is drawn first, then its words: the order they are read in, so a
        // reader that follows the page's drawing order meets them as the tag tree has them.
        // Right to left, the picture is on the right and the words on its left.
        let (words_x, picture_x) =
            if self.rtl() { (Pt::ZERO, frame.width - picture.width) } else { (picture.width + gap, Pt::ZERO) };
        let words = row.items.into_iter().map(|item| super::shift(item, words_x, offset));
        let drawn =
            picture_item(picture, Rect::new(picture_x, Pt::ZERO, picture.width, picture.height), frame.background);
        row.items = std::iter::once(drawn).chain(words).collect();
        row.height = text_height.max(picture.height);
        vec![row]
    }

    /// The block's own content, then its source line if it has one.
    fn block_with_citation(&mut self, block: &Block, frame: Frame) -> Vec<Strip> {
        let mut strips = self.block_content(block, frame);
        if let (Some(citation), Some(figures)) = (&block.citation, self.document.styles.figures) {
            // A figure's source line never starts a page on its own.
            if let Some(last) = strips.last_mut() {
                last.keep_with_next = true;
            }
            let style = self.style(figures.note);
            strips.extend(self.paragraph_lines(citation, style, TextKind::Label, frame, &block.name, &block.origin));
        }
        strips
    }

    fn block_content(&mut self, block: &Block, frame: Frame) -> Vec<Strip> {
        let style = self.style(block.style);
        let name = block.name.as_str();
        let origin = &block.origin;
        match &block.content {
            BlockContent::Heading(heading) => self.heading(heading, name, frame),
            BlockContent::Paragraph(inline) | BlockContent::ForceName(inline) => {
                let role =
                    if matches!(block.content, BlockContent::Paragraph(_)) { TextKind::Body } else { TextKind::Label };
                if style.background.is_some() {
                    vec![self.boxed(inline, style, role, frame, name, origin)]
                } else {
                    self.paragraph_lines(inline, style, role, frame, name, origin)
                }
            }
            // Lines of one point stand apart like list items: closer than paragraphs.
            BlockContent::Lines(lines) => {
                let gap = self.document.styles.list_item_space;
                let mut strips = Vec::new();
                for (index, line) in lines.iter().enumerate() {
                    let mut line_strips = self.paragraph_lines(line, style, TextKind::Body, frame, name, origin);
                    if index > 0
                        && let Some(first) = line_strips.first_mut()
                    {
                        first.space_before = gap;
                    }
                    if index + 1 < lines.len()
                        && let Some(last) = line_strips.last_mut()
                    {
                        last.space_after = gap;
                        // The lines of one point stay on one page.
                        last.keep_with_next = true;
                    }
                    strips.extend(line_strips);
                }
                strips
            }
            BlockContent::List(items) => {
                let indent = self.document.styles.list_indent;
                let item_space = self.document.styles.list_item_space;
                let body_frame = Frame { width: frame.width - indent, ..frame };
                let mut strips = Vec::new();
                for item in &items[..] {
                    let bullet = item.label.unbroken();
                    let bullet_strips = self.paragraph_lines(&bullet, style, TextKind::Body, frame, name, origin);
                    let body_strips = self.paragraph_lines(&item.body, style, TextKind::Body, body_frame, name, origin);
                    let mut strip = merge(bullet_strips, name, origin);
                    let body = merge(body_strips, name, origin);
                    // The bullet is set across the whole width, so it lands at the start
                    // of the line: the left, or the right in a right-to-left language,
                    // where the words then end short of it.
                    let body_x = if self.rtl() { Pt::ZERO } else { indent };
                    strip.items.extend(body.items.into_iter().map(|i| super::shift(i, body_x, Pt::ZERO)));
                    strip.height = strip.height.max(body.height);
                    strip.space_before = item_space;
                    strip.space_after = item_space;
                    strips.push(strip);
                }
                set_block_spacing(&mut strips, style);
                strips
            }
            BlockContent::Contacts(cards) => {
                let Some(contacts) = self.document.styles.contacts else { return Vec::new() };
                let mut strips = Vec::new();
                for group in contact_groups(cards, &contacts) {
                    strips.extend(self.contact_grid(group, &contacts, frame, name, origin));
                }
                set_block_spacing(&mut strips, style);
                strips
            }
            BlockContent::Statistic(statistic) => {
                let Some(figures) = self.document.styles.figures else { return Vec::new() };
                // The value and its label are read as one line, so a space in the text
                // ends the value: the label starts on the next line, but extraction and
                // speech join the two as written ("23,411 potential victims").
                let mut value = statistic.value.unbroken();
                for run in &mut value.runs {
                    run.text.push(' ');
                }
                let mut parts =
                    self.paragraph_lines(&value, self.style(figures.value), TextKind::Label, frame, name, origin);
                parts.extend(self.paragraph_lines(&statistic.label, style, TextKind::Body, frame, name, origin));
                vec![merge(parts, name, origin)]
            }
            BlockContent::Chart(chart) => self.chart(chart, frame, name, origin),
            BlockContent::SourceList(items) => {
                let mut strips = Vec::new();
                for item in items {
                    strips.push(merge(
                        self.paragraph_lines(item, style, TextKind::Label, frame, name, origin),
                        name,
                        origin,
                    ));
                }
                strips
            }
            BlockContent::Logo(picture, logo_origin, force_name) => {
                self.logo_masthead(picture, logo_origin, force_name, style, frame, name, origin)
            }
        }
    }

    /// One group of contact cards in rows of `columns`, each card in its own column's
    /// width: a strip per row.
    fn contact_grid(
        &mut self,
        group: ContactGroup,
        contacts: &ContactStyles,
        frame: Frame,
        name: &str,
        origin: &Origin,
    ) -> Vec<Strip> {
        let ContactGroup { cards, columns, styles: [label, number, note] } = group;
        let gap = contacts.gap;
        let column_gap = Mm(5.0).to_pt();
        let column_width = (frame.width - column_gap * (columns - 1) as f32) / columns as f32;
        let card_frame = Frame { width: column_width, ..frame };
        let mut strips = Vec::new();
        for row in cards.chunks(columns) {
            let mut items = Vec::new();
            let mut height = Pt::ZERO;
            for (column, card) in row.iter().enumerate() {
                let mut parts = Vec::new();
                for (text, style) in
                    [(Some(&card.label), label), (card.number.as_ref(), number), (card.note.as_ref(), note)]
                {
                    if let Some(text) = text {
                        let style = self.style(style);
                        parts.extend(self.paragraph_lines(text, style, TextKind::Label, card_frame, name, origin));
                    }
                }
                let card = merge(parts, name, origin);
                height = height.max(card.height);
                let mut x = (column_width + column_gap) * column as f32;
                if self.rtl() {
                    x = frame.width - column_width - x;
                }
                items.extend(card.items.into_iter().map(|i| super::shift(i, x, Pt::ZERO)));
            }
            // A row of cards only a region adds (local lines) is that region's doing.
            let (origin, region_key) = match row.iter().find_map(|card| card.region_value.as_ref()) {
                Some((at, key)) => (at, Some(key.clone())),
                None => (origin, None),
            };
            strips.push(Strip {
                space_before: gap,
                space_after: gap,
                region_key,
                ..Strip::new(height, items, name, origin)
            });
        }
        strips
    }

    /// The logo on its own white plate, with a clear-space margin of a quarter of the logo's
    /// height, so a logo in the force's own colour never vanishes on the brand fill; and
    /// the force's name set in type beside the plate, or below it where the frame is too
    /// narrow for both. One unbreakable strip.
    #[allow(clippy::too_many_arguments)]
    fn logo_masthead(
        &mut self,
        picture: &Picture,
        logo_origin: &Origin,
        force_name: &Inline,
        style: &Style,
        frame: Frame,
        name: &str,
        origin: &Origin,
    ) -> Vec<Strip> {
        let margin = Pt((picture.height.0 * 0.25).max(Mm(1.5).to_pt().0));
        let inner = Frame { width: Pt(frame.width.0 - 2.0 * margin.0), ..frame };
        let picture = self.print_logo(picture, inner, logo_origin);
        let plate =
            Rect::new(Pt::ZERO, Pt::ZERO, Pt(picture.width.0 + 2.0 * margin.0), Pt(picture.height.0 + 2.0 * margin.0));
        let plate_colour = Colour { rgb: crate::colour::Rgb([255, 255, 255]), cmyk: crate::colour::Cmyk([0.0; 4]) };
        let mut items = vec![
            Item::Fill { rect: plate, colour: plate_colour, role: Role::Decoration },
            picture_item(&picture, Rect::new(margin, margin, picture.width, picture.height), plate_colour),
        ];
        let gap = Mm(4.0).to_pt();
        let beside = Pt(frame.width.0 - plate.width.0 - gap.0);
        let name_style = Style { space_before: Pt::ZERO, space_after: Pt::ZERO, ..style.clone() };
        let height = if beside.0 >= Mm(40.0).to_pt().0 {
            let lines = self.paragraph_lines(
                force_name,
                &name_style,
                TextKind::Label,
                Frame { width: beside, ..frame },
                name,
                origin,
            );
            let text = merge(lines, name, origin);
            // The name is centred on the plate's height when it is shorter.
            let dy = Pt(((plate.height.0 - text.height.0) / 2.0).max(0.0));
            items.extend(text.items.into_iter().map(|item| super::shift(item, Pt(plate.width.0 + gap.0), dy)));
            Pt(plate.height.0.max(text.height.0))
        } else {
            let lines = self.paragraph_lines(force_name, &name_style, TextKind::Label, frame, name, origin);
            let text = merge(lines, name, origin);
            let dy = Pt(plate.height.0 + Mm(2.0).to_pt().0);
            items.extend(text.items.into_iter().map(|item| super::shift(item, Pt::ZERO, dy)));
            Pt(dy.0 + text.height.0)
        };
        vec![Strip {
            space_before: style.space_before,
            space_after: style.space_after,
            keep_with_next: true,
            ..Strip::new(height, items, name, origin)
        }]
    }

    /// A paragraph in a tinted box: one unbreakable strip.
    fn boxed(
        &mut self,
        inline: &Inline,
        style: &Style,
        role: TextKind,
        frame: Frame,
        name: &str,
        origin: &Origin,
    ) -> Strip {
        let padding = style.padding;
        let fill = style.background.unwrap_or(frame.background);
        let inner = Frame { width: frame.width - padding * 2.0, ink: None, background: fill };
        let lines = self.paragraph_lines(inline, style, role, inner, name, origin);
        let mut strip = merge(lines, name, origin);
        let height = strip.height + padding * 2.0;
        let mut items = vec![Item::Fill {
            rect: Rect::new(Pt::ZERO, Pt::ZERO, frame.width, height),
            colour: fill,
            role: Role::Decoration,
        }];
        items.extend(strip.items.drain(..).map(|i| super::shift(i, padding, padding)));
        Strip { height, items, ..strip }
    }

    /// A paragraph as one strip per line, so a flowing layout may break between lines.
    pub(crate) fn paragraph_lines(
        &mut self,
        inline: &Inline,
        style: &Style,
        role: TextKind,
        frame: Frame,
        name: &str,
        origin: &Origin,
    ) -> Vec<Strip> {
        let spans: Vec<Span> = inline
            .runs
            .iter()
            .map(|run| Span {
                text: &run.text,
                bold: run.strong,
                wrap: run.wrap,
                latin: run.link.is_some() && run.wrap != Wrap::Words,
            })
            .collect();
        let set = self.engine.set(&spans, text_style(style, self.document), frame.width);
        let region_value = |span: usize| inline.runs.get(span).and_then(|run| run.region_value.as_ref());
        check_set(&set, frame.width, name, origin, &region_value, &mut self.problems);
        let colour = if style.background.is_some() { style.colour } else { frame.ink.unwrap_or(style.colour) };
        let look = RunLook::new(&set, colour, frame, name, role, style);
        let count = set.lines.len();
        let mut strips = Vec::with_capacity(count);
        for (index, line) in set.lines.iter().enumerate() {
            let mut items = Vec::new();
            for run in &line.runs {
                let words = &inline.runs[run.span];
                let bold = words.strong || style.bold;
                items.push(look.item(run, Role::Content(words.leaf), line, Pt::ZERO, line.baseline - line.top, bold));
                // Links whose words are not their address (a source's title,
                // `[label](https://...)`) are underlined, so a reader on screen can see
                // they are links; an address or a phone number shows what it is.
                if words.link.is_some() && words.wrap == Wrap::Words {
                    items.push(underline(run, line.baseline - line.top, colour));
                }
                if let Some(&link) = self.links.get(&words.leaf) {
                    items.push(Item::LinkArea { link, rect: Rect::new(run.x, Pt::ZERO, run.width, line.height) });
                }
            }
            strips.push(Strip {
                height: line.height,
                items,
                space_before: if index == 0 { style.space_before } else { Pt::ZERO },
                space_after: if index + 1 == count { style.space_after } else { Pt::ZERO },
                // Widow and orphan control: keep the first two and the last two lines together.
                keep_with_next: (index == 0 && count > 1) || index + 2 == count,
                block: look.block.clone(),
                origin: origin.clone(),
                region_key: None,
            });
        }
        strips
    }
}

/// A line under a run, in its colour: an eighth of the size below the baseline and a
/// fifteenth of it thick (about where and how a typeface's own underline sits), so it
/// clears the descenders' loops and reads as a link underline, not a rule.
fn underline(run: &SetRun, baseline: Pt, colour: Colour) -> Item {
    let y = baseline + run.size * 0.125;
    Item::Line {
        from: (run.x, y),
        to: (run.x + run.width, y),
        width: (run.size / 15.0).max(Pt(0.5)),
        colour,
        role: Role::Decoration,
    }
}

/// What every run of one set paragraph shares as a text item.
struct RunLook<'s> {
    text: Arc<str>,
    colour: Colour,
    background: Colour,
    block: Arc<str>,
    kind: TextKind,
    style: &'s Style,
}

impl<'s> RunLook<'s> {
    fn new(set: &SetParagraph, colour: Colour, frame: Frame, block: &str, kind: TextKind, style: &'s Style) -> Self {
        RunLook { text: set.text.clone(), colour, background: frame.background, block: block.into(), kind, style }
    }

    /// One run as a text item, its line box starting at `line_top`.
    fn item(&self, run: &SetRun, role: Role, line: &SetLine, line_top: Pt, baseline: Pt, bold: bool) -> Item {
        Item::Text(TextItem {
            role,
            font: run.font,
            size: run.size,
            x: run.x,
            baseline,
            width: run.width,
            line_top,
            line_height: line.height,
            glyphs: run.glyphs.clone(),
            rtl: run.rtl,
            text: self.text.clone(),
            colour: self.colour,
            background: self.background,
            block: self.block.clone(),
            bold,
            kind: self.kind,
            style: self.style.name.as_str().into(),
        })
    }
}

/// One line of text set at the origin, ready to be moved into place.
pub(super) struct Line {
    pub items: Vec<Item>,
    pub width: Pt,
    pub height: Pt,
}

impl Line {
    pub fn at(self, x: Pt, y: Pt) -> Vec<Item> {
        self.items.into_iter().map(|i| super::shift(i, x, y)).collect()
    }
}

impl BlockComposer<'_> {
    /// A single unbroken line of text (chart labels, page numbers), set at the origin.
    pub fn line(&mut self, text: &str, role: Role, style: &Style, frame: Frame, name: &str, origin: &Origin) -> Line {
        self.line_of(&[(text, false)], role, style, frame, name, origin)
    }

    /// A single unbroken line of pieces, each `(text, latin)`: a latin piece (an id, a
    /// number) stays a left-to-right run inside right-to-left text.
    pub fn line_of(
        &mut self,
        pieces: &[(&str, bool)],
        role: Role,
        style: &Style,
        frame: Frame,
        name: &str,
        origin: &Origin,
    ) -> Line {
        let spans: Vec<Span> =
            pieces.iter().map(|&(text, latin)| Span { text, bold: style.bold, wrap: Wrap::Never, latin }).collect();
        let text_style = TextStyle { align: crate::kinds::Align::Start, ..text_style(style, self.document) };
        let set = self.engine.set(&spans, text_style, super::text::UNBOUNDED);
        check_set(&set, Pt(f32::MAX), name, origin, &|_| None, &mut self.problems);
        let look = RunLook::new(&set, frame.ink.unwrap_or(style.colour), frame, name, TextKind::Label, style);
        let mut items = Vec::new();
        let mut width = Pt::ZERO;
        let mut height = Pt::ZERO;
        for line in &set.lines {
            width = width.max(line.width);
            height = line.top + line.height;
            items.extend(line.runs.iter().map(|run| look.item(run, role, line, line.top, line.baseline, style.bold)));
        }
        Line { items, width, height }
    }
}

/// How a style sets a paragraph.
fn text_style(style: &Style, document: &Document) -> TextStyle {
    TextStyle {
        size: style.size,
        line_height: style.line_height,
        bold: style.bold,
        align: style.align,
        face: Face::for_language(&document.meta.lang),
        rtl: is_right_to_left(&document.meta.lang),
    }
}

/// Report glyphs the font does not have and lines wider than their frame. Either is
/// blamed on the region file when the words at fault are a value the force's own file
/// writes (`region_value` of a span: where and its key), and on the content otherwise.
pub(super) fn check_set<'a>(
    set: &SetParagraph,
    width: Pt,
    name: &str,
    origin: &Origin,
    region_value: &dyn Fn(usize) -> Option<&'a (Origin, String)>,
    problems: &mut Errors,
) {
    let mut missing: Vec<char> = Vec::new();
    let mut missing_from = None;
    for run in set.lines.iter().flat_map(|line| &line.runs) {
        for glyph in run.glyphs.iter().filter(|g| g.id == 0) {
            let text = set.text.get(glyph.text_range.clone()).unwrap_or("");
            for c in text.chars().filter(|c| !c.is_whitespace()) {
                if !missing.contains(&c) {
                    missing.push(c);
                }
                missing_from = missing_from.or(region_value(run.span));
            }
        }
    }
    // One error per paragraph: a long unbreakable word usually pushes every later line
    // too, and the first one is what the writer has to fix.
    if let Some(line) = set.lines.iter().find(|line| line.width.0 > width.0 + 0.5) {
        let words = line.runs.iter().flat_map(|r| r.glyphs.iter()).map(|g| g.text_range.clone());
        let (start, end) = words.fold((usize::MAX, 0), |(s, e), r| (s.min(r.start), e.max(r.end)));
        let text = set.text.get(start.min(end)..end).unwrap_or("").trim();
        // The widest run holds the word that cannot break.
        let widest = line.runs.iter().max_by(|a, b| a.width.0.total_cmp(&b.width.0));
        let message = format!(
            "text does not fit: in {name}, the line \"{text}\" is {:.1} mm wider than its space and cannot be broken",
            (line.width - width).to_mm().0
        );
        let diagnostic = match widest.and_then(|run| region_value(run.span)) {
            Some(value) => blame_region(message, value, origin)
                .hint("shorten the word in the region file, or put a space or hyphen where it may break"),
            None => Diagnostic::error(message)
                .at(origin)
                .hint("shorten the long word or number, or give it a place to break"),
        };
        problems.push(diagnostic.rule(Rule::Overflow));
    }
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().map(|c| format!("`{c}` (U+{:04X})", u32::from(*c))).collect();
        let message = format!("the font cannot draw {} in {name}", list.join(", "));
        let hint = "Atkinson Hyperlegible Next covers Latin text; replace the character with words or a picture";
        let diagnostic = match missing_from {
            Some(value) => blame_region(message, value, origin),
            None => Diagnostic::error(message).at(origin),
        };
        problems.push(diagnostic.hint(hint).rule(Rule::MissingGlyph));
    }
}

/// An error at a region file's value (`value`: where and its key) about words the content
/// at `printed_at` prints: the message says where they are printed.
fn blame_region(message: String, value: &(Origin, String), printed_at: &Origin) -> Diagnostic {
    let (at, key) = value;
    let printed = format!("{}:{}:{}", printed_at.file, printed_at.line, printed_at.column);
    Diagnostic::error(format!("{message} (printed by {printed})")).at(at).key(key.clone())
}

/// Stack several strips into one (for things that must stay together).
pub(super) fn merge(strips: Vec<Strip>, name: &str, origin: &Origin) -> Strip {
    let space_before = strips.first().map_or(Pt::ZERO, |s| s.space_before);
    let space_after = strips.last().map_or(Pt::ZERO, |s| s.space_after);
    let mut items = Vec::new();
    let height = super::stack(strips, Pt::ZERO, Pt::ZERO, &mut items);
    Strip { space_before, space_after, ..Strip::new(height, items, name, origin) }
}

/// The block style's space goes before its first strip and after its last.
fn set_block_spacing(strips: &mut [Strip], style: &Style) {
    if let Some(first) = strips.first_mut() {
        first.space_before = first.space_before.max(style.space_before);
    }
    if let Some(last) = strips.last_mut() {
        last.space_after = last.space_after.max(style.space_after);
    }
}

/// Contact cards cut into groups that are set as one grid each. Where the layout sets a
/// force's own lines apart (`local_columns`, `local_number_style`), a run of two or more
/// of them is its own grid; everything else, and everything in a layout that does not
/// set them apart, is one grid of `columns`, as written.
struct ContactGroup<'c> {
    cards: &'c [ContactCard],
    columns: usize,
    /// Label, number and note.
    styles: [StyleId; 3],
}

fn contact_groups<'c>(cards: &'c [ContactCard], contacts: &ContactStyles) -> Vec<ContactGroup<'c>> {
    let card_styles = [contacts.label, contacts.number, contacts.note];
    let apart = contacts.local_columns != contacts.columns || contacts.local != card_styles;
    let whole = |cards| ContactGroup { cards, columns: contacts.columns, styles: card_styles };
    if !apart {
        return vec![whole(cards)];
    }
    let mut groups = Vec::new();
    let mut rest = cards;
    while let Some(first) = rest.first() {
        let local = first.is_local_line();
        let run = rest.iter().take_while(|c| c.is_local_line() == local).count();
        let (group, after) = rest.split_at(run);
        groups.push(if local && run > 1 {
            ContactGroup { cards: group, columns: contacts.local_columns.min(run), styles: contacts.local }
        } else {
            whole(group)
        });
        rest = after;
    }
    groups
}

fn picture_item(picture: &Picture, rect: Rect, background: Colour) -> Item {
    let role = match picture.alt {
        Alt::Decorative => Role::Decoration,
        Alt::Text(_) => Role::Content(picture.leaf),
    };
    Item::Picture { rect, source: picture.source.clone(), role, background }
}

/// Call `f` on every inline text of a section (headings, paragraphs, list items, cards).
pub(crate) fn for_each_inline(section: &Section, f: &mut impl FnMut(&Inline)) {
    if let Some(h) = &section.heading {
        f(&h.text);
    }
    for block in &section.blocks {
        match &block.content {
            BlockContent::Heading(h) => f(&h.text),
            BlockContent::Paragraph(i) | BlockContent::ForceName(i) => f(i),
            BlockContent::Lines(lines) => lines.iter().for_each(&mut *f),
            BlockContent::List(items) => items.iter().for_each(|item| f(&item.body)),
            BlockContent::Contacts(cards) => {
                for card in cards {
                    f(&card.label);
                    card.number.iter().chain(&card.note).for_each(&mut *f);
                }
            }
            BlockContent::Statistic(statistic) => f(&statistic.label),
            BlockContent::Chart(chart) => f(&chart.caption),
            BlockContent::SourceList(items) => items.iter().for_each(&mut *f),
            BlockContent::Logo(_, _, name) => f(name),
        }
        if let Some(citation) = &block.citation {
            f(citation);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Origin;

    fn card(local: Option<usize>) -> ContactCard {
        let origin = Origin { file: "regions/test.toml".into(), line: 1, column: 1 };
        ContactCard {
            label: Inline { runs: Vec::new() },
            number: None,
            note: None,
            region_value: local.map(|i| (origin, format!("contact.local[{i}]"))),
        }
    }

    fn styles(local_columns: usize, local: [usize; 3]) -> ContactStyles {
        ContactStyles {
            label: StyleId(0),
            number: StyleId(1),
            note: StyleId(2),
            gap: Pt(2.0),
            columns: 1,
            local_columns,
            local: local.map(StyleId),
        }
    }

    fn shape(groups: &[ContactGroup]) -> Vec<(usize, usize, usize)> {
        groups.iter().map(|g| (g.cards.len(), g.columns, g.styles[1].0)).collect()
    }

    #[test]
    fn a_forces_own_lines_get_their_own_grid_only_where_the_layout_sets_them_apart() {
        let cards = [card(None), card(None), card(Some(0)), card(Some(1)), card(Some(2))];
        // Not set apart: one grid of everything, as written.
        assert_eq!(shape(&contact_groups(&cards, &styles(1, [0, 1, 2]))), [(5, 1, 1)]);
        // Set apart: the national cards, then the three local lines two to a row in their
        // own number style.
        assert_eq!(shape(&contact_groups(&cards, &styles(2, [3, 4, 5]))), [(2, 1, 1), (3, 2, 4)]);
        // One local line alone keeps the full width and the card styles.
        let one = [card(None), card(Some(0)), card(None)];
        assert_eq!(shape(&contact_groups(&one, &styles(2, [3, 4, 5]))), [(1, 1, 1), (1, 1, 1), (1, 1, 1)]);
        // A website card carries the region's line too, but is not a local line.
        let mut website = card(None);
        website.region_value = Some((Origin { file: "r".into(), line: 2, column: 1 }, "force.website".into()));
        let with_site = [card(Some(0)), card(Some(1)), website];
        assert_eq!(shape(&contact_groups(&with_site, &styles(2, [3, 4, 5]))), [(2, 2, 4), (1, 1, 1)]);
    }
}
