//! The resolved document: a semantic tree of sections and blocks in reading order, with
//! every placeholder filled and every style and colour looked up. Each piece of text or
//! picture is a leaf with a [`LeafId`]; later stages tag what they draw with that id, so
//! the tag tree can follow this tree's order whatever order things are drawn in.

use std::sync::Arc;

use crate::colour::Colour;
use crate::date::Date;
use crate::error::Origin;
use crate::kinds::Align;
use crate::units::{Pt, Rect};

/// Identifies one leaf of the document tree (a run of text, a label, a picture).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LeafId(pub u32);

/// Identifies one link (its text runs and its clickable areas share it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LinkId(pub u32);

/// Everything compose and render need, with nothing left to look up.
#[derive(Debug)]
pub struct Document {
    pub meta: Meta,
    /// Sections in reading order.
    pub sections: Vec<Section>,
    pub links: Vec<Link>,
    pub page: PageGeometry,
    /// Fixed frames (panel layouts); empty for flowing layouts.
    pub panels: Vec<Panel>,
    /// How content flows over pages (flowing layouts).
    pub flow: Option<FlowFrame>,
    pub styles: StyleSheet,
    /// The blocks, headings and logo that leaves and links come from.
    pub places: Vec<Place>,
    /// The place of each leaf, by leaf id.
    pub leaf_places: Vec<PlaceId>,
    /// The words an Easy Read reader may not know, and how an explanation of one reads.
    pub glossary: Glossary,
    /// The print copy's slug words, in the document's language.
    pub slug_words: SlugWords,
    /// Region words (a local line's label, whom the textphone reaches) printed in English
    /// in a document in another language, because the region file does not give them in
    /// it: (key, the English words, where the file gives them). `check` warns of each.
    pub english_region_words: Vec<(String, String, crate::error::Origin)>,
}

/// From the content's `[words.print]`: the slug's words, and the content file they are in
/// (its start: `[words]` tables carry no positions), for a glyph its font does not have.
#[derive(Clone, Debug)]
pub struct SlugWords {
    pub words: crate::load::PrintWords,
    pub origin: Origin,
}

/// From the content's `[words]`: `explain` and `means`.
#[derive(Clone, Debug, Default)]
pub struct Glossary {
    /// Each must be explained where it first appears, or not used.
    pub words: Vec<String>,
    /// The word an explanation uses: "Kidnap means taking a person away by force".
    pub means: String,
}

/// A block, heading or logo of the definitions, as messages name it: what later stages
/// report about a leaf or a link (krilla's validation errors among them) points here.
#[derive(Clone, Debug)]
pub struct Place {
    /// How messages name it, e.g. `section "report", block 2 (contacts)`.
    pub block: Arc<str>,
    /// Its key in the file, e.g. `section[8].block[1]`.
    pub key: String,
    pub origin: Origin,
}

/// Identifies a [`Place`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PlaceId(pub u32);

#[derive(Clone, Debug)]
pub struct Meta {
    pub title: String,
    pub subject: Option<String>,
    pub keywords: Vec<String>,
    pub author: String,
    /// BCP 47 language tag, e.g. `en-GB`.
    pub lang: String,
    pub version: String,
    /// The date written into the PDF (SOURCE_DATE_EPOCH, else the content's edition date).
    pub date: Date,
    pub product: String,
    pub variant: String,
    pub region: String,
    /// The layout file and content file the document came from.
    pub layout_file: Arc<str>,
    pub content_file: Arc<str>,
    /// The region's brand colours, and where the region file sets them.
    pub brand: Option<(crate::colour::Brand, Origin)>,
    /// Chart colours the region file gives, and where it gives them.
    pub chart: Option<(crate::colour::ChartColours, Origin)>,
    /// A translated content file's status, where the file says it, and the language it
    /// was translated from; `None` for an original.
    pub translation: Option<(crate::load::TranslationStatus, Origin, String)>,
}

impl Meta {
    /// Whether the words are a translation no qualified translator has reviewed yet.
    pub fn is_draft_translation(&self) -> bool {
        matches!(self.translation, Some((crate::load::TranslationStatus::Draft, ..)))
    }

    /// Whether the document is in English, the language the English-only rules (reading
    /// ease, passive voice, long words) were made for.
    pub fn is_english(&self) -> bool {
        crate::fonts::primary_subtag(&self.lang) == "en"
    }
}

/// The physical sheet: trim size, bleed, and folds.
#[derive(Clone, Debug)]
pub struct PageGeometry {
    pub trim_width: Pt,
    pub trim_height: Pt,
    pub bleed: Pt,
    pub safe: Pt,
    pub pages: usize,
    /// Fold x positions (from the left trim) per page.
    pub folds: Vec<Vec<Pt>>,
    pub paper: Colour,
}

/// Where content flows on every page of a flowing layout.
#[derive(Clone, Debug)]
pub struct FlowFrame {
    /// The text area of each page (trim coordinates).
    pub content: Rect,
    pub footer: Option<Footer>,
    pub origin: Origin,
}

/// Page numbers at the foot of every page, drawn as artifacts.
#[derive(Clone, Debug)]
pub struct Footer {
    pub style: StyleId,
    pub area: Rect,
    /// "Page {page} of {pages}", from the content's `[words]`.
    pub template: String,
}

/// A fixed frame on a page, holding sections.
#[derive(Clone, Debug)]
pub struct Panel {
    pub id: String,
    /// 0-based page index.
    pub page: usize,
    /// The panel on the trimmed sheet (trim coordinates, top-left origin).
    pub frame: Rect,
    /// Where text may go: the frame inside the safe area and padding.
    pub content: Rect,
    pub background: Option<Colour>,
    /// The `background` line, for findings about text on it.
    pub background_origin: Option<Origin>,
    pub ink: Option<Colour>,
    /// Indices into [`Document::sections`].
    pub sections: Vec<usize>,
    pub bottom_sections: Vec<usize>,
    pub origin: Origin,
}

#[derive(Clone, Debug)]
pub struct StyleSheet {
    pub styles: Vec<Style>,
    pub list_bullet: String,
    pub list_indent: Pt,
    pub list_item_space: Pt,
    /// How contact cards are set; `None` where the layout lacks their styles.
    pub contacts: Option<ContactStyles>,
    /// Space between a pictogram and the words beside it.
    pub picture_gap: Pt,
    /// Styles of statistics; `None` where the layout lacks one of them.
    pub figures: Option<FigureStyles>,
    /// How charts are drawn; `None` where the layout has no `[charts]`.
    pub charts: Option<ChartStyles>,
}

#[derive(Clone, Copy, Debug)]
pub struct ContactStyles {
    pub label: StyleId,
    pub number: StyleId,
    pub note: StyleId,
    pub gap: Pt,
    /// Cards side by side in a row.
    pub columns: usize,
    /// A force's own lines, when there are two or more: side by side in a grid of their
    /// own, in the `local` styles (label, number, note). Equal to `columns` and the card
    /// styles when the layout does not set them apart.
    pub local_columns: usize,
    pub local: [StyleId; 3],
}

#[derive(Clone, Copy, Debug)]
pub struct FigureStyles {
    pub value: StyleId,
    pub label: StyleId,
    pub note: StyleId,
}

#[derive(Clone, Debug)]
pub struct ChartStyles {
    pub caption: StyleId,
    pub label: StyleId,
    pub value: StyleId,
    pub horizontal: bool,
    pub height: Pt,
    pub part_height: Pt,
    pub bar: Colour,
    pub axis: Colour,
    pub grid: Colour,
    pub palette: Vec<Colour>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StyleId(pub usize);

impl StyleSheet {
    pub fn get(&self, id: StyleId) -> &Style {
        &self.styles[id.0]
    }
}

#[derive(Clone, Debug)]
pub struct Style {
    pub name: String,
    pub size: Pt,
    pub line_height: f32,
    pub bold: bool,
    pub colour: Colour,
    pub space_before: Pt,
    pub space_after: Pt,
    pub align: Align,
    pub background: Option<Colour>,
    pub padding: Pt,
    /// The style's table in the layout, for findings about it.
    pub origin: Origin,
    /// Its `size_pt`, `colour` and `background` lines, for findings about each.
    pub size_origin: Origin,
    pub colour_origin: Origin,
    pub background_origin: Option<Origin>,
}

#[derive(Clone, Debug)]
pub struct Section {
    pub id: String,
    pub heading: Option<Heading>,
    pub blocks: Vec<Block>,
    pub origin: Origin,
}

#[derive(Clone, Debug)]
pub struct Heading {
    pub level: u8,
    pub text: Inline,
    pub style: StyleId,
    pub origin: Origin,
}

#[derive(Clone, Debug)]
pub struct Block {
    pub content: BlockContent,
    pub style: StyleId,
    /// A pictogram set to the left of the block.
    pub picture: Option<Picture>,
    /// The line naming where the block's figures come from.
    pub citation: Option<Inline>,
    pub origin: Origin,
    /// How errors name this block, e.g. `section "report", block 2 (contacts)`.
    pub name: String,
}

#[derive(Clone, Debug)]
pub enum BlockContent {
    Heading(Heading),
    Paragraph(Inline),
    /// Paragraphs of one point, one sentence each, read one after another.
    Lines(Vec<Inline>),
    List(Vec<ListItem>),
    Contacts(Vec<ContactCard>),
    /// The force's logo on its plate, where the region file names it, and the force's
    /// name, which is always also set in type beside or below it.
    Logo(Picture, Origin, Inline),
    /// The force's name set in type, where there is no logo.
    ForceName(Inline),
    Statistic(Statistic),
    Chart(Chart),
    /// Every publication the document's figures cite.
    SourceList(Vec<Inline>),
}

/// A headline figure: the number, big, then the words that say what it counts.
#[derive(Clone, Debug)]
pub struct Statistic {
    pub value: Leaf,
    pub label: Inline,
}

#[derive(Clone, Debug)]
pub struct Chart {
    pub kind: crate::kinds::ChartKind,
    pub caption: Inline,
    /// Generated from the data: what the chart shows, its range, extremes and trend.
    pub alt: String,
    /// The drawing (bars, grid, axis ticks), tagged as one Figure.
    pub figure: LeafId,
    /// The data, also tagged as a table: headers (the axis titles of a bar chart), then one
    /// row per label.
    pub label_header: Option<Leaf>,
    pub value_header: Option<Leaf>,
    pub rows: Vec<ChartRow>,
}

#[derive(Clone, Debug)]
pub struct ChartRow {
    pub label: Leaf,
    pub value: f64,
    /// The value as printed, e.g. "23,411" or "12,903 (76%)".
    pub value_text: Leaf,
}

#[derive(Clone, Debug)]
pub struct ListItem {
    /// The bullet, tagged `Lbl`.
    pub label: Leaf,
    pub body: Inline,
}

#[derive(Clone, Debug)]
pub struct ContactCard {
    pub label: Inline,
    /// Printed large; a card may have a note alone (an email address).
    pub number: Option<Inline>,
    pub note: Option<Inline>,
    /// Where a card that only a region adds (a local line) is written, and its key: an
    /// overflow it causes names the region file, not the content file.
    pub region_value: Option<(Origin, String)>,
}

impl ContactCard {
    /// One of the force's own lines (`{ local = true }`), not a card of the content's.
    pub fn is_local_line(&self) -> bool {
        self.region_value.as_ref().is_some_and(|(_, key)| key.starts_with("contact.local"))
    }
}

/// A single run of text that is not part of running prose (a bullet, a chart label).
#[derive(Clone, Debug)]
pub struct Leaf {
    pub id: LeafId,
    pub text: String,
}

impl Leaf {
    /// The leaf as text to set on one line (a bullet, a statistic's value).
    pub(crate) fn unbroken(&self) -> Inline {
        Inline {
            runs: vec![Run {
                leaf: self.id,
                text: self.text.clone(),
                strong: false,
                link: None,
                wrap: Wrap::Never,
                spoken: None,
                lang: None,
                region_value: None,
            }],
        }
    }
}

/// Text with inline styling: a sequence of runs.
#[derive(Clone, Debug, Default)]
pub struct Inline {
    pub runs: Vec<Run>,
}

impl Inline {
    /// The words alone, as a screen reader would say them.
    pub(crate) fn plain_text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

#[derive(Clone, Debug)]
pub struct Run {
    pub leaf: LeafId,
    pub text: String,
    pub strong: bool,
    pub link: Option<LinkId>,
    pub wrap: Wrap,
    /// What a screen reader says instead of the printed words: a phone number or text
    /// code digit by digit ("9 9 9"), written into the tag tree as `/ActualText`. `None`
    /// for ordinary words.
    pub spoken: Option<String>,
    /// The language of these words when it is not the document's: a region's names and
    /// words (written in English) inside a translated document, tagged as a `Span` with
    /// its own `/Lang` so a screen reader says them as English.
    pub lang: Option<String>,
    /// Where the force's own region file writes these words, and their key, when they come
    /// from it: a character no font has or a word too long to break is then that file's
    /// doing, and the message names its line and key rather than the content's.
    pub region_value: Option<(Origin, String)>,
}

/// Where a run may be broken across lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Wrap {
    /// Between words, like any text.
    Words,
    /// Never: phone numbers and short codes are read and dialled group by group.
    Never,
    /// Email and web addresses: only where they do not fit, and then only before an `@`,
    /// a `.` or a `/`, so the next line visibly continues the address (Chicago Manual of
    /// Style 7.47). They have no spaces, so a long one would otherwise overflow its panel.
    Address,
}

#[derive(Clone, Debug)]
pub struct Link {
    pub id: LinkId,
    pub uri: String,
    /// What the link does, for the annotation's /Contents.
    pub alt: String,
    /// The block the link is in.
    pub place: PlaceId,
}

#[derive(Clone, Debug)]
pub struct Picture {
    pub leaf: LeafId,
    pub alt: Alt,
    pub source: PictureSource,
    /// Drawn size.
    pub width: Pt,
    pub height: Pt,
}

#[derive(Clone, Debug)]
pub enum PictureSource {
    /// A pictogram: filled paths, drawn in one layout colour (RGB or CMYK per copy).
    Svg { tree: Arc<usvg::Tree>, colour: Colour },
    /// Decoded pixels (a force's logo); compose flattens any transparency onto the
    /// colour behind it.
    Raster(Arc<image::RgbaImage>),
}

/// What a picture says to someone who cannot see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Alt {
    /// The picture carries meaning: a Figure with this alt text.
    Text(String),
    /// The picture only decorates (the words beside it say it all): an artifact, not read.
    Decorative,
}
