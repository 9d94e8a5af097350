//! Setting text with parley: shaping, Unicode line breaking, bold spans, unbreakable runs
//! (phone numbers), addresses that break only at their dots and slashes. The result is lines of positioned glyph runs, each run tied to the
//! document leaf it came from. No hyphenation: parley has none, which is what Clear Print
//! and UKAAF ask for.

use std::collections::HashMap;
use std::sync::Arc;

use parley::fontique::Blob;
use parley::{
    Alignment, AlignmentOptions, BaseDirection, FontContext, FontFamily, FontWeight, LayoutContext, LineHeight,
    StyleProperty, TextWrapMode,
};

use crate::fonts::{Face, FontFiles};
use crate::kinds::Align;
use crate::resolve::Wrap;
use crate::units::Pt;

/// Which embedded font a run uses: a face and its weight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontKey {
    pub face: Face,
    pub bold: bool,
}

/// One positioned glyph. Advances and offsets are in points at the run's size.
#[derive(Clone, Debug)]
pub struct Glyph {
    pub id: u32,
    pub advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
    /// The bytes of the paragraph text this glyph's cluster stands for.
    pub text_range: std::ops::Range<usize>,
}

/// A span of text to set: the words and how they look.
#[derive(Clone, Debug)]
pub struct Span<'a> {
    pub text: &'a str,
    pub bold: bool,
    pub wrap: Wrap,
    /// A phone number or an address: set in Atkinson when the language's face has no
    /// Latin letters, so its digits and dots do not come from one face and its letters
    /// from another.
    pub latin: bool,
}

/// Size, leading and alignment for a whole paragraph.
#[derive(Clone, Copy, Debug)]
pub struct TextStyle {
    pub size: Pt,
    pub line_height: f32,
    pub bold: bool,
    pub align: Align,
    /// The language's face (see [`Face::for_language`]).
    pub face: Face,
    /// The language is written right to left: every paragraph is a right-to-left one
    /// (aligned right even when it starts with a name in Latin letters), and numbers and
    /// addresses inside it are isolated left-to-right runs.
    pub rtl: bool,
}

/// A set paragraph; positions are relative to its top-left corner.
#[derive(Clone, Debug)]
pub struct SetParagraph {
    pub text: Arc<str>,
    pub lines: Vec<SetLine>,
    pub height: Pt,
}

#[derive(Clone, Debug)]
pub struct SetLine {
    pub top: Pt,
    pub height: Pt,
    pub baseline: Pt,
    /// The inked width, without hanging spaces at the end.
    pub width: Pt,
    pub runs: Vec<SetRun>,
}

/// Glyphs of one span on one line, in one font.
#[derive(Clone, Debug)]
pub struct SetRun {
    /// Which of the spans asked for it came from: the caller knows whose words they are.
    pub span: usize,
    pub font: FontKey,
    pub size: Pt,
    pub x: Pt,
    /// The inked width: spaces hanging at the end of a line are not counted.
    pub width: Pt,
    /// Glyphs left to right, as they are seen.
    pub glyphs: Vec<Glyph>,
    /// A right-to-left run (Arabic letters): its reading order is the reverse of `glyphs`.
    pub rtl: bool,
}

/// The parley contexts and the registered faces. One per thread: parley's contexts
/// are caches and are not shared.
pub struct TextEngine {
    fonts: FontContext,
    layouts: LayoutContext<usize>,
    faces: Vec<(u64, FontKey)>,
    /// Paragraphs already set, by what was asked. A release sets the same paragraphs for
    /// every region, so each is shaped once per engine rather than once per PDF.
    set_before: HashMap<ParagraphKey, SetParagraph>,
}

/// Everything a set paragraph depends on.
#[derive(PartialEq, Eq, Hash)]
struct ParagraphKey {
    spans: Vec<(String, bool, Wrap, bool)>,
    size: u32,
    line_height: u32,
    bold: bool,
    align: Align,
    face: Face,
    rtl: bool,
    width: u32,
}

impl ParagraphKey {
    fn new(spans: &[Span], style: TextStyle, width: Pt) -> ParagraphKey {
        // Taken apart field by field, so a field added to either type cannot be left out.
        let spans =
            spans.iter().map(|&Span { text, bold, wrap, latin }| (text.to_string(), bold, wrap, latin)).collect();
        let TextStyle { size, line_height, bold, align, face, rtl } = style;
        ParagraphKey {
            spans,
            size: size.0.to_bits(),
            line_height: line_height.to_bits(),
            bold,
            align,
            face,
            rtl,
            width: width.0.to_bits(),
        }
    }
}

/// Past this many paragraphs the cache starts again, so a long release's region-only
/// paragraphs (each used once) cannot grow it without bound: a few megabytes at most.
const CACHE_LIMIT: usize = 1024;

impl TextEngine {
    pub fn new(files: &FontFiles) -> TextEngine {
        let mut fonts = FontContext::new();
        let mut faces = Vec::new();
        for face in &files.faces {
            for (bytes, bold) in [(&face.regular, false), (&face.bold, true)] {
                let blob = Blob::new(bytes.clone());
                faces.push((blob.id(), FontKey { face: face.face, bold }));
                fonts.collection.register_fonts(blob, None);
            }
        }
        TextEngine { fonts, layouts: LayoutContext::new(), faces, set_before: HashMap::new() }
    }

    /// Set `spans` as one paragraph, broken to `width`.
    pub fn set(&mut self, spans: &[Span], style: TextStyle, width: Pt) -> SetParagraph {
        let key = ParagraphKey::new(spans, style, width);
        if let Some(set) = self.set_before.get(&key) {
            return set.clone();
        }
        let set = self.shape_and_break(spans, style, width);
        if self.set_before.len() >= CACHE_LIMIT {
            self.set_before.clear();
        }
        self.set_before.insert(key, set.clone());
        set
    }

    fn shape_and_break(&mut self, spans: &[Span], style: TextStyle, width: Pt) -> SetParagraph {
        let mut text = String::new();
        let mut ranges = Vec::with_capacity(spans.len());
        for span in spans {
            let start = text.len();
            // In right-to-left text a number or address is a left-to-right isolate, so
            // the bidi algorithm cannot reorder its parts: without it "08000 121 700"
            // would be shown as "700 121 08000".
            let isolate = style.rtl && span.latin;
            if isolate {
                text.push(LEFT_TO_RIGHT_ISOLATE);
            }
            if span.wrap == Wrap::Address {
                push_address(&mut text, span.text);
            } else {
                text.push_str(span.text);
            }
            if isolate {
                text.push(POP_DIRECTIONAL_ISOLATE);
            }
            ranges.push(start..text.len());
        }
        let mut builder = self.layouts.ranged_builder(&mut self.fonts, &text, 1.0, false);
        if style.rtl {
            builder.set_base_direction(BaseDirection::Rtl);
        }
        // The language's face first; Atkinson after it for what the face lacks (the Latin
        // names inside Ethiopic or Arabic text).
        let stack = family_stack(style.face);
        builder.push_default(StyleProperty::FontFamily(FontFamily::Source(stack.into())));
        builder.push_default(StyleProperty::FontSize(style.size.0));
        builder.push_default(StyleProperty::LineHeight(LineHeight::FontSizeRelative(style.line_height)));
        builder.push_default(StyleProperty::Brush(0usize));
        if style.bold {
            builder.push_default(StyleProperty::FontWeight(FontWeight::BOLD));
        }
        for (index, (span, range)) in spans.iter().zip(&ranges).enumerate() {
            builder.push(StyleProperty::Brush(index), range.clone());
            if span.bold {
                builder.push(StyleProperty::FontWeight(FontWeight::BOLD), range.clone());
            }
            if span.wrap == Wrap::Never {
                builder.push(StyleProperty::TextWrapMode(TextWrapMode::NoWrap), range.clone());
            }
            if span.latin && !style.face.has_latin() {
                builder.push(StyleProperty::FontFamily(FontFamily::named(Face::Atkinson.family())), range.clone());
            }
        }
        let mut layout = builder.build(&text);
        // A single unbroken line (page numbers, chart labels) is set in an unbounded width:
        // then it is as wide as its words, so aligning it to the start of a right-to-left
        // line cannot push it to the far end of that width.
        let unbounded = width.0 >= UNBOUNDED.0;
        layout.break_all_lines(if unbounded { None } else { Some(width.0) });
        let alignment = match style.align {
            Align::Start => Alignment::Start,
            Align::Center => Alignment::Center,
        };
        layout.align(alignment, AlignmentOptions::default());

        let mut lines = Vec::new();
        for line in layout.lines() {
            let metrics = line.metrics();
            let mut x = metrics.offset;
            let mut runs: Vec<SetRun> = Vec::new();
            // Whether ink has started on this line, left to right.
            let mut inked = false;
            let mut pending_ligature: Option<std::ops::Range<usize>> = None;
            for run in line.runs() {
                let font = self.face(run.font().data.id());
                let size = run.font_size();
                for cluster in run.visual_clusters() {
                    // A space before any ink is the space that ends a right-to-left line,
                    // hanging past its left edge: it keeps its place in the text but takes
                    // no room, so nothing is drawn outside the column.
                    let hanging = !inked && cluster.is_space_or_nbsp();
                    if hanging {
                        x += cluster.advance();
                    }
                    let span = layout.styles()[cluster.style_index() as usize].brush;
                    let rtl = run.is_rtl();
                    let continues = runs.last().is_some_and(|r| r.span == span && r.font == font && r.rtl == rtl);
                    if !continues {
                        runs.push(SetRun {
                            span,
                            font,
                            size: Pt(size),
                            x: Pt(x),
                            width: Pt::ZERO,
                            glyphs: Vec::new(),
                            rtl,
                        });
                    }
                    let Some(current) = runs.last_mut() else { continue };
                    // The break points of an address: no ink, no width, and no text in the PDF,
                    // so a copied or spoken address has nothing in it that was not written.
                    // Isolates likewise: they order the text, they are not part of it.
                    if text.get(cluster.text_range()).is_some_and(is_invisible_mark) {
                        continue;
                    }
                    // A ligature's later characters (the alef of lam-alef) belong to its
                    // glyph. Left to right they come after it; right to left, seen from the
                    // left, before it, so they wait for it.
                    if cluster.is_ligature_continuation() {
                        let range = cluster.text_range();
                        match current.glyphs.last_mut() {
                            Some(last) if last.text_range.end == range.start => last.text_range.end = range.end,
                            _ => pending_ligature = Some(range),
                        }
                        continue;
                    }
                    let mut range = cluster.text_range();
                    if let Some(rest) = pending_ligature.take_if(|rest| rest.start == range.end) {
                        range.end = rest.end;
                    }
                    // A letter and its marks (Arabic harakat) are one cluster of as many
                    // glyphs as characters: each glyph then stands for its own character, so
                    // a glyph always means the same text wherever it is used. Right to left,
                    // the shaped glyphs are in visual order, the last character first.
                    let characters: Vec<std::ops::Range<usize>> = text
                        .get(range.clone())
                        .unwrap_or("")
                        .char_indices()
                        .map(|(i, c)| range.start + i..range.start + i + c.len_utf8())
                        .collect();
                    let one_each = characters.len() > 1 && characters.len() == cluster.glyphs().count();
                    for (index, glyph) in cluster.glyphs().enumerate() {
                        current.glyphs.push(Glyph {
                            id: glyph.id,
                            advance: if hanging { 0.0 } else { glyph.advance },
                            x_offset: glyph.x,
                            y_offset: glyph.y,
                            text_range: match (one_each, rtl) {
                                (false, _) => range.clone(),
                                (true, false) => characters[index].clone(),
                                (true, true) => characters[characters.len() - 1 - index].clone(),
                            },
                        });
                    }
                    if hanging {
                        continue;
                    }
                    x += cluster.advance();
                    if !cluster.is_space_or_nbsp() {
                        inked = true;
                        current.width = Pt(x) - current.x;
                    }
                }
            }
            // A hard line break cluster has no ink; drop runs left empty.
            runs.retain(|r| !r.glyphs.is_empty());
            lines.push(SetLine {
                top: Pt(metrics.block_min_coord),
                height: Pt(metrics.line_height),
                baseline: Pt(metrics.baseline),
                width: Pt(metrics.advance - metrics.hanging_advance),
                runs,
            });
        }
        SetParagraph { text: text.into(), height: Pt(layout.height()), lines }
    }

    fn face(&self, blob_id: u64) -> FontKey {
        // Only the embedded fonts are registered (parley's system fonts are not built in),
        // so every run's font is one of them.
        self.faces
            .iter()
            .find(|(id, _)| *id == blob_id)
            .map_or(FontKey { face: Face::Atkinson, bold: false }, |(_, key)| *key)
    }
}

/// The CSS-style family list for a language's face.
fn family_stack(face: Face) -> String {
    if face == Face::Atkinson {
        format!("\"{}\"", face.family())
    } else {
        format!("\"{}\", \"{}\"", face.family(), Face::Atkinson.family())
    }
}

/// Widths from here up mean "do not break": see `BlockComposer::line`.
pub(crate) const UNBOUNDED: Pt = Pt(1.0e6);

/// A zero-width space: a place where the line may break, invisible when it does not.
const BREAK_POINT: &str = "\u{200B}";
/// Around a number or address in right-to-left text (Unicode bidi isolates, UAX #9).
const LEFT_TO_RIGHT_ISOLATE: char = '\u{2066}';
const POP_DIRECTIONAL_ISOLATE: char = '\u{2069}';

/// The marks the engine adds to set text (break points, isolates): never drawn, never
/// in the PDF's text. User text cannot hold them (issue 13's text rule refuses bidi
/// controls in what users write), so these are always the engine's own.
fn is_invisible_mark(cluster: &str) -> bool {
    cluster == BREAK_POINT
        || !cluster.is_empty() && cluster.chars().all(|c| c == LEFT_TO_RIGHT_ISOLATE || c == POP_DIRECTIONAL_ISOLATE)
}

/// Append an email or web address with a break point before each `@`, `.` and `/` after
/// its first character (see [`Wrap::Address`]).
fn push_address(text: &mut String, address: &str) {
    for (i, c) in address.char_indices() {
        if i > 0 && matches!(c, '@' | '.' | '/') {
            text.push_str(BREAK_POINT);
        }
        text.push(c);
    }
}
