//! Stage 4, **render**: draw the composed pages with krilla and write the tag tree in the
//! document's reading order, which may differ from drawing order (a roll-fold's outside
//! sheet is drawn flap, back, cover, but read cover first). Everything drawn is either
//! tagged content tied to a document leaf or an artifact; there is no third way to draw.
//! krilla's PDF/UA-1 validator is on, so a document it cannot vouch for is refused.
//! A print copy is written as PDF 1.6 without link annotations, its logo separated into
//! the press's CMYK, and is then made PDF/X-4 by [`crate::pdfx::finish`].

mod logos;
mod tags;

pub use logos::LogoImages;

use std::collections::HashMap;
use std::sync::Arc;

use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::{cmyk, rgb};
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder, PdfVersion, ValidationError};
use krilla::geom::{PathBuilder, Point, Quadrilateral, Rect as KRect, Size, Transform};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::{Location, Surface};
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Identifier, SpanTag};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document as PdfDocument, SerializeSettings};

use crate::colour::Colour;
use crate::compose::{Composed, FontKey, Glyph, Item, Role, TextItem};
use crate::error::{Diagnostic, Errors, Result};
use crate::fonts::FontFiles;
use crate::pdfx::{CmykImage, PrintSettings};
use crate::resolve::{Document, LeafId, LinkId, PictureSource, Place, PlaceId};
use crate::units::{Mm, Pt, Rect};

/// How the PDF is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// The print copy: PDF/X-4, colours as DeviceCMYK from the layout's CMYK values, crop
    /// and fold marks and a slug line outside the bleed, the sheet enlarged to hold them, no
    /// link annotations. The web copy (false) is sRGB, cropped to the trim.
    pub print: bool,
}

/// Crop marks start this far outside the trim: the bleed, so they never print in it.
const MARK_OFFSET: Mm = Mm(3.0);
/// Length of crop and fold marks.
const MARK_LENGTH: Mm = Mm(5.0);
/// Line weight of marks.
const MARK_WEIGHT: Pt = Pt(0.25);
/// The print copy's paper around the trim: marks, then the slug line.
pub(crate) const PRINT_MARGIN: Mm = Mm(15.0);

/// krilla fonts for the two faces, made once and shared by every render.
pub struct PdfFonts {
    fonts: Vec<(FontKey, Font)>,
}

impl PdfFonts {
    pub fn new(files: &FontFiles) -> Result<PdfFonts> {
        let font = |bytes: &Arc<Vec<u8>>, name: &str| -> Result<Font> {
            Font::new(bytes.clone().into(), 0)
                .ok_or_else(|| Diagnostic::error(format!("the font {name} cannot be read")).into())
        };
        let mut fonts = Vec::new();
        for face in &files.faces {
            fonts.push((FontKey { face: face.face, bold: false }, font(&face.regular, face.face.family())?));
            fonts.push((FontKey { face: face.face, bold: true }, font(&face.bold, face.face.family())?));
        }
        Ok(PdfFonts { fonts })
    }

    fn get(&self, key: FontKey) -> Font {
        // Every key names an embedded face (`PdfFonts::new` loads them all).
        self.fonts.iter().find(|(k, _)| *k == key).map_or_else(|| self.fonts[0].1.clone(), |(_, f)| f.clone())
    }
}

/// Draw `composed` and return the PDF bytes. `press` says what a print copy is printed
/// for (its output intent, its logo's CMYK, its ink limit); the web copy does not use it.
pub fn render(
    document: &Document,
    composed: &Composed,
    fonts: &PdfFonts,
    logos: &LogoImages,
    options: RenderOptions,
    press: &PrintSettings,
) -> Result<Vec<u8>> {
    // The web copy is PDF/UA-1 and PDF/A-2a; the print copy is PDF/UA-1 and, once
    // `pdfx::finish` has added what krilla does not write, PDF/X-4, which is PDF 1.6.
    let mut configuration = ConfigurationBuilder::new().with_accessibility_validator(Accessibility::UA1);
    configuration = if options.print {
        configuration.with_version(PdfVersion::Pdf16)
    } else {
        configuration.with_archival_validator(Archival::A2_A)
    };
    let configuration =
        configuration.finish().map_err(|e| Diagnostic::error(format!("PDF configuration refused: {e:?}")))?;
    let settings = SerializeSettings { configuration, ..SerializeSettings::default() };
    let mut pdf = PdfDocument::new_with(settings);

    let geometry = &document.page;
    let bleed = geometry.bleed;
    // Where the trimmed sheet's top-left corner sits on the PDF page.
    let offset = if options.print { PRINT_MARGIN.to_pt() } else { bleed };
    let media = Rect::new(Pt::ZERO, Pt::ZERO, geometry.trim_width + offset * 2.0, geometry.trim_height + offset * 2.0);
    let trim = Rect::new(offset, offset, geometry.trim_width, geometry.trim_height);
    let bleed_box = trim.outset(bleed);
    let mut painter = Painter { document, fonts, logos, options, press, offset, leaves: HashMap::new() };
    let mut annotations: HashMap<LinkId, Vec<Identifier>> = HashMap::new();

    for (page_index, page) in composed.pages.iter().enumerate() {
        let mut settings = PageSettings::from_wh(media.width.0, media.height.0)
            .ok_or_else(|| Diagnostic::error("the page size is not positive"))?
            .with_bleed_box(Some(krect(bleed_box)?))
            .with_trim_box(Some(krect(trim)?));
        // The web copy shows the finished sheet; the print copy shows everything.
        if !options.print {
            settings = settings.with_crop_box(Some(krect(trim)?));
        }
        let mut pdf_page = pdf.start_page_with(settings);
        let mut surface = pdf_page.surface();
        if options.print {
            print_marks(&mut surface, document, trim, page_index);
        }
        // Trim coordinates: (0, 0) is the top-left corner of the finished sheet. The items
        // are drawn by a function so that whatever happens, the transform is popped and
        // the surface finished before an error is returned.
        surface.push_transform(&Transform::from_translate(offset.0, offset.0));
        let mut links: Vec<(LinkId, Rect)> = Vec::new();
        let mut drawn = painter.draw_items(&mut surface, &page.items, &mut links);
        if options.print && drawn.is_ok() {
            drawn = painter.draw_items(&mut surface, &page.slug, &mut links);
        }
        surface.pop();
        surface.finish();
        drawn?;

        // Links: one annotation per link per page, with one quadrilateral per line it spans.
        // The print copy has none (PDF/X allows no annotation inside the bleed box): its
        // link text is plain text.
        let mut order: Vec<LinkId> = Vec::new();
        for (link, _) in &links {
            if !order.contains(link) {
                order.push(*link);
            }
        }
        for link in order {
            let rects: Vec<Rect> = links.iter().filter(|(l, _)| *l == link).map(|(_, r)| *r).collect();
            let info = &document.links[link.0 as usize];
            let target = Target::Action(Action::Link(LinkAction::new(info.uri.clone())));
            let annotation = if rects.len() == 1 {
                LinkAnnotation::new(krect(rects[0])?, target)
            } else {
                let quads = rects.iter().map(|r| krect(*r).map(Quadrilateral::from)).collect::<Result<Vec<_>>>()?;
                LinkAnnotation::new_with_quad_points(quads, target)
            };
            let annotation =
                Annotation::new_link(annotation, Some(info.alt.clone())).with_location(Some(location(info.place)));
            let id = pdf_page.add_tagged_annotation(annotation);
            annotations.entry(link).or_default().push(id);
        }
        pdf_page.finish();
    }

    let tree = tags::tag_tree(document, &painter.leaves, &annotations, composed, offset, !options.print);
    pdf.set_tag_tree(tree.tree);
    pdf.set_outline(tree.outline);
    pdf.set_metadata(metadata(document));
    let bytes = pdf.finish().map_err(|e| refused(e, document))?;
    if options.print { crate::pdfx::finish(&bytes, press) } else { Ok(bytes) }
}

fn metadata(document: &Document) -> Metadata {
    let meta = &document.meta;
    let d = meta.date;
    let date = DateTime::new(d.year)
        .month(d.month)
        .day(d.day)
        .hour(d.hour)
        .minute(d.minute)
        .second(d.second)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    let mut metadata = Metadata::new()
        .title(meta.title.clone())
        .language(meta.lang.clone())
        .authors(vec![meta.author.clone()])
        .creator(format!("handout {}", env!("CARGO_PKG_VERSION")))
        .creation_date(date)
        .keywords(meta.keywords.clone());
    if let Some(subject) = &meta.subject {
        metadata = metadata.description(subject.clone());
    }
    metadata
}

/// What drawing one document's pages shares: the document, how it is written, and what
/// has been drawn for each leaf (its marked-content ids, for the tag tree).
struct Painter<'a> {
    document: &'a Document,
    fonts: &'a PdfFonts,
    logos: &'a LogoImages,
    options: RenderOptions,
    press: &'a PrintSettings,
    /// Where the trimmed sheet's top-left corner sits on the PDF page.
    offset: Pt,
    leaves: HashMap<LeafId, Vec<Identifier>>,
}

impl Painter<'_> {
    /// Draw one page's items, each tagged under its leaf or marked as an artifact; link
    /// areas are collected into `links` (the print copy has none).
    fn draw_items(&mut self, surface: &mut Surface, items: &[Item], links: &mut Vec<(LinkId, Rect)>) -> Result<()> {
        let options = self.options;
        for item in items {
            match item {
                Item::Fill { rect, colour, role } => {
                    self.tagged(surface, *role, Marked::Graphic, Some(*rect), |s| {
                        fill_rect(s, *rect, *colour, options)
                    })?;
                }
                Item::Line { from, to, width, colour, role } => {
                    self.tagged(surface, *role, Marked::Graphic, None, |s| {
                        draw_line(s, *from, *to, *width, *colour, options)
                    })?;
                }
                Item::Text(text) => {
                    let fonts = self.fonts;
                    self.tagged(surface, text.role, Marked::Text, None, |s| draw_text(s, text, fonts, options))?;
                }
                Item::Picture { rect, source, role, background } => {
                    let size = Size::from_wh(rect.width.0, rect.height.0)
                        .ok_or_else(|| Diagnostic::error("a picture has no size"))?;
                    // A logo's image is made (or found made) before anything is drawn.
                    let draw: Box<dyn FnOnce(&mut Surface<'_>) + '_> = match source {
                        PictureSource::Raster(pixels) => {
                            let press = options.print.then_some(self.press);
                            let image = self.logos.image(pixels, rect.width, *background, press)?;
                            Box::new(move |s| s.draw_image(image, size))
                        }
                        PictureSource::Svg { tree, colour } => {
                            Box::new(move |s| draw_pictogram(s, tree, size, *colour, options))
                        }
                    };
                    self.tagged(surface, *role, Marked::Graphic, Some(*rect), |s| {
                        s.push_transform(&Transform::from_translate(rect.x.0, rect.y.0));
                        draw(s);
                        s.pop();
                    })?;
                }
                Item::LinkArea { .. } if options.print => {}
                Item::LinkArea { link, rect } => links.push((*link, rect.translate(self.offset, self.offset))),
            }
        }
        Ok(())
    }

    /// Draw with the marked content a role asks for: an artifact, or tagged content
    /// recorded under its leaf, with the leaf's place as krilla's location, so that a
    /// validation error about it can name the block it came from.
    fn tagged(
        &mut self,
        surface: &mut Surface,
        role: Role,
        marked: Marked,
        bbox: Option<Rect>,
        draw: impl FnOnce(&mut Surface),
    ) -> Result<()> {
        let tag = match role {
            Role::Background => {
                // krilla (PDF 1.7) requires a background artifact's box; it is in page space.
                let page_box = bbox.map(|r| krect(r.translate(self.offset, self.offset))).transpose()?;
                ContentTag::Artifact(Artifact::new(ArtifactType::Background, page_box))
            }
            Role::Decoration => ContentTag::Artifact(Artifact::new(ArtifactType::Layout, None)),
            // A footer artifact subtype is PDF 1.7; PDF 1.6 (the print copy) has only
            // pagination artifacts.
            Role::Footer if self.options.print => {
                ContentTag::Artifact(Artifact::new(ArtifactType::PaginationOther, None))
            }
            Role::Footer => ContentTag::Artifact(Artifact::new(ArtifactType::Footer, None)),
            Role::Content(_) => match marked {
                Marked::Text => ContentTag::Span(SpanTag::empty()),
                Marked::Graphic => ContentTag::Other,
            },
        };
        let location = match role {
            Role::Content(leaf) => self.document.leaf_places.get(leaf.0 as usize).map(|place| location(*place)),
            _ => None,
        };
        if let Some(location) = location {
            surface.set_location(location);
        }
        let id = surface.start_tagged(tag);
        draw(surface);
        surface.end_tagged();
        if location.is_some() {
            surface.reset_location();
        }
        if let Role::Content(leaf) = role {
            self.leaves.entry(leaf).or_default().push(id);
        }
        Ok(())
    }
}

/// krilla's location for a place of the document: its index, counted from 1.
fn location(place: PlaceId) -> Location {
    Location::MIN.saturating_add(u64::from(place.0))
}

/// The place a krilla location stands for.
fn place_of(document: &Document, location: Option<Location>) -> Option<&Place> {
    document.places.get(usize::try_from(location?.get() - 1).ok()?)
}

/// A pictogram: its filled paths, in the layout's colour (so CMYK in the print copy).
/// Pictograms are single-colour filled paths; resolve refuses anything else.
fn draw_pictogram(surface: &mut Surface, tree: &usvg::Tree, size: Size, colour: Colour, options: RenderOptions) {
    let scale = Transform::from_scale(size.width() / tree.size().width(), size.height() / tree.size().height());
    surface.push_transform(&scale);
    draw_group(surface, tree.root(), colour, options);
    surface.pop();
}

fn draw_group(surface: &mut Surface, group: &usvg::Group, colour: Colour, options: RenderOptions) {
    for node in group.children() {
        match node {
            usvg::Node::Group(inner) => draw_group(surface, inner, colour, options),
            usvg::Node::Path(path) if path.is_visible() => {
                let Some(svg_fill) = path.fill() else { continue };
                let mut builder = PathBuilder::new();
                for segment in path.data().segments() {
                    use usvg::tiny_skia_path::PathSegment;
                    match segment {
                        PathSegment::MoveTo(p) => builder.move_to(p.x, p.y),
                        PathSegment::LineTo(p) => builder.line_to(p.x, p.y),
                        PathSegment::QuadTo(c, p) => builder.quad_to(c.x, c.y, p.x, p.y),
                        PathSegment::CubicTo(c1, c2, p) => builder.cubic_to(c1.x, c1.y, c2.x, c2.y, p.x, p.y),
                        PathSegment::Close => builder.close(),
                    }
                }
                let Some(krilla_path) = builder.finish() else { continue };
                let t = path.abs_transform();
                surface.push_transform(&Transform::from_row(t.sx, t.ky, t.kx, t.sy, t.tx, t.ty));
                let rule = match svg_fill.rule() {
                    usvg::FillRule::EvenOdd => FillRule::EvenOdd,
                    usvg::FillRule::NonZero => FillRule::NonZero,
                };
                surface.set_stroke(None);
                surface.set_fill(Some(Fill { rule, ..fill(colour, options) }));
                surface.draw_path(&krilla_path);
                surface.pop();
            }
            _ => {}
        }
    }
}

/// Crop marks at the trim corners and fold marks at the folds, in registration colour
/// (every ink at 100%, so they show on every plate), as artifacts outside the bleed. Drawn
/// in page space, `trim` being the trim box. (The slug line under them is set in compose,
/// in the document's language: `Page::slug`.)
fn print_marks(surface: &mut Surface, document: &Document, trim: Rect, page: usize) {
    let offset = MARK_OFFSET.to_pt();
    let length = MARK_LENGTH.to_pt();
    let registration: krilla::paint::Paint = cmyk::Color::new(255, 255, 255, 255).into();
    let stroke = |dash: bool| Stroke {
        paint: registration.clone(),
        width: MARK_WEIGHT.0,
        dash: dash.then(|| krilla::paint::StrokeDash { array: vec![2.0, 1.5], offset: 0.0 }),
        ..Stroke::default()
    };
    /// One mark: a line from (x, y) to (x, y), dashed for folds.
    struct Mark {
        from: (Pt, Pt),
        to: (Pt, Pt),
        dashed: bool,
    }
    let mut marks = Vec::new();
    for x in [trim.x, trim.right()] {
        for y in [trim.y, trim.bottom()] {
            // Horizontal mark beside the corner, vertical mark above or below it.
            let h = if x == trim.x { -1.0 } else { 1.0 };
            let v = if y == trim.y { -1.0 } else { 1.0 };
            marks.push(Mark { from: (x + offset * h, y), to: (x + (offset + length) * h, y), dashed: false });
            marks.push(Mark { from: (x, y + offset * v), to: (x, y + (offset + length) * v), dashed: false });
        }
    }
    for fold in document.page.folds.get(page).map(Vec::as_slice).unwrap_or_default() {
        let x = trim.x + *fold;
        marks.push(Mark { from: (x, trim.y - offset), to: (x, trim.y - offset - length), dashed: true });
        marks.push(Mark { from: (x, trim.bottom() + offset), to: (x, trim.bottom() + offset + length), dashed: true });
    }
    surface.start_tagged(ContentTag::Artifact(Artifact::new(ArtifactType::Page, None)));
    surface.set_fill(None);
    for Mark { from, to, dashed } in marks {
        let mut path = PathBuilder::new();
        path.move_to(from.0.0, from.1.0);
        path.line_to(to.0.0, to.1.0);
        if let Some(path) = path.finish() {
            surface.set_stroke(Some(stroke(dashed)));
            surface.draw_path(&path);
        }
    }
    surface.set_stroke(None);
    surface.end_tagged();
}

/// What kind of marked content an item's content is.
#[derive(Clone, Copy)]
enum Marked {
    /// Text: a Span, whose words are read out.
    Text,
    /// Part of a picture or chart: read through its Figure's alt text.
    Graphic,
}

fn draw_line(surface: &mut Surface, from: (Pt, Pt), to: (Pt, Pt), width: Pt, colour: Colour, options: RenderOptions) {
    let mut path = PathBuilder::new();
    path.move_to(from.0.0, from.1.0);
    path.line_to(to.0.0, to.1.0);
    if let Some(path) = path.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke { paint: fill(colour, options).paint, width: width.0, ..Stroke::default() }));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
}

fn draw_text(surface: &mut Surface, text: &TextItem, fonts: &PdfFonts, options: RenderOptions) {
    let size = text.size.0;
    let glyph = |g: &Glyph, advance: f32, x_offset: f32| {
        KrillaGlyph::new(
            GlyphId::new(g.id),
            advance / size,
            x_offset / size,
            g.y_offset / size,
            0.0,
            g.text_range.clone(),
            None,
        )
    };
    // A right-to-left run is written in reading order, from its right end leftwards (each
    // glyph drawn one advance back), so the PDF's text, which follows the order glyphs
    // are written in, reads as the words do, not letter by letter backwards.
    let (start, glyphs): (Pt, Vec<KrillaGlyph>) = if text.rtl {
        let total: f32 = text.glyphs.iter().map(|g| g.advance).sum();
        // Glyph by glyph from the right end: each is drawn one advance back, so a letter
        // comes before the marks on it, as they are read.
        let glyphs = text.glyphs.iter().rev().map(|g| glyph(g, -g.advance, g.x_offset - g.advance)).collect();
        (text.x + Pt(total), glyphs)
    } else {
        (text.x, text.glyphs.iter().map(|g| glyph(g, g.advance, g.x_offset)).collect())
    };
    surface.set_fill(Some(fill(text.colour, options)));
    surface.draw_glyphs(
        Point::from_xy(start.0, text.baseline.0),
        &glyphs,
        fonts.get(text.font),
        &text.text,
        size,
        false,
    );
}

fn fill_rect(surface: &mut Surface, rect: Rect, colour: Colour, options: RenderOptions) {
    let mut path = PathBuilder::new();
    if let Ok(r) = krect(rect) {
        path.push_rect(r);
    }
    if let Some(path) = path.finish() {
        surface.set_fill(Some(fill(colour, options)));
        surface.draw_path(&path);
    }
}

fn fill(colour: Colour, options: RenderOptions) -> Fill {
    let paint = if options.print {
        let [c, m, y, k] = colour.cmyk.to_f32().map(|v| (v * 255.0).round() as u8);
        cmyk::Color::new(c, m, y, k).into()
    } else {
        let [r, g, b] = colour.rgb.0;
        rgb::Color::new(r, g, b).into()
    };
    Fill { paint, opacity: NormalizedF32::ONE, rule: FillRule::NonZero }
}

pub(crate) fn krect(rect: Rect) -> Result<KRect> {
    KRect::from_xywh(rect.x.0, rect.y.0, rect.width.0, rect.height.0)
        .ok_or_else(|| Diagnostic::error(format!("an empty rectangle cannot be drawn: {rect:?}")).into())
}

/// krilla refused the document: say why in words a user can act on, each reason at the
/// block it is about where krilla knows (the location drawing gave it), as a normal
/// diagnostic with file, line and key.
fn refused(error: krilla::error::KrillaError, document: &Document) -> Errors {
    use krilla::error::KrillaError;
    let located = |diagnostic: Diagnostic, location: Option<Location>| match place_of(document, location) {
        Some(place) => Diagnostic { message: format!("{}: {}", place.block, diagnostic.message), ..diagnostic }
            .at(&place.origin)
            .key(place.key.clone()),
        None => diagnostic,
    };
    match error {
        KrillaError::Validation(errors) => Errors(
            errors
                .iter()
                .map(|(error, _)| {
                    let diagnostic =
                        Diagnostic::error(format!("the PDF failed validation (PDF/UA-1): {}", describe(error)))
                            .hint("this is a bug in the layout or the tool; the message names what is missing");
                    located(diagnostic, validation_location(error))
                })
                .collect(),
        ),
        KrillaError::Image(_, location, why) => Errors::one(located(
            Diagnostic::error(format!("an image cannot be written: {why}"))
                .hint("export the image again as PNG or JPEG from the original artwork"),
            location,
        )),
        other => Errors::one(Diagnostic::error(format!("the PDF could not be written: {other:?}"))),
    }
}

/// Where krilla found a validation error, when it knows.
fn validation_location(error: &ValidationError) -> Option<Location> {
    match error {
        ValidationError::ContainsNotDefGlyph(_, location, _)
        | ValidationError::NoCodepointMapping(_, _, location)
        | ValidationError::InvalidCodepointMapping(_, _, _, location)
        | ValidationError::UnicodePrivateArea(_, _, _, location)
        | ValidationError::MissingAltText(location)
        | ValidationError::MissingAnnotationAltText(location)
        | ValidationError::Transparency(location)
        | ValidationError::ImageInterpolation(location)
        | ValidationError::ContainsPostScript(location)
        | ValidationError::EmbeddedPDF(location)
        | ValidationError::RequiresNewerPdfVersion(_, location) => *location,
        _ => None,
    }
}

fn describe(error: &ValidationError) -> String {
    match error {
        ValidationError::ContainsNotDefGlyph(_, _, text) => format!("the font cannot draw `{text}`"),
        ValidationError::MissingAltText(_) => "a picture has no alt text".to_string(),
        ValidationError::NoDocumentTitle => "the document has no title".to_string(),
        ValidationError::NoDocumentLanguage => "the document has no language".to_string(),
        ValidationError::MissingAnnotationAltText(_) => "a link has no description".to_string(),
        other => format!("{other:?}"),
    }
}

/// A separated logo, as krilla draws it: DeviceCMYK samples, no alpha (the print copy
/// flattens), no ICC profile (the output intent describes DeviceCMYK).
impl krilla::image::CustomImage for CmykImage {
    fn color_channel(&self) -> &[u8] {
        &self.pixels
    }

    fn alpha_channel(&self) -> Option<&[u8]> {
        None
    }

    fn bits_per_component(&self) -> krilla::image::BitsPerComponent {
        krilla::image::BitsPerComponent::Eight
    }

    fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    fn icc_profile(&self) -> Option<&[u8]> {
        None
    }

    fn color_space(&self) -> krilla::image::ImageColorspace {
        krilla::image::ImageColorspace::Cmyk
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::{Job, RegionSource};
    use crate::load::Definitions;
    use crate::resolve::BlockContent;
    use crate::session::Session;
    use krilla::configure::Validators;

    fn document(product: &str, variant: &str) -> Document {
        let session = Session::new(Definitions::embedded()).unwrap();
        let job = Job {
            product: product.to_string(),
            variant: variant.to_string(),
            region: RegionSource::Id("uk".to_string()),
            lang: "en-GB".to_string(),
        };
        session.resolve(&job, None).unwrap()
    }

    #[test]
    fn a_validation_error_names_the_block_its_leaf_came_from() {
        let document = document("infographic", "standard");
        let (chart_leaf, block) = document
            .sections
            .iter()
            .flat_map(|s| &s.blocks)
            .find_map(|b| match &b.content {
                BlockContent::Chart(chart) => Some((chart.figure, b)),
                _ => None,
            })
            .expect("the infographic has a chart");
        let place = document.leaf_places[chart_leaf.0 as usize];
        let error = krilla::error::KrillaError::Validation(vec![(
            ValidationError::MissingAltText(Some(location(place))),
            Validators::default(),
        )]);
        let errors = refused(error, &document);
        assert_eq!(errors.0.len(), 1);
        let diagnostic = &errors.0[0];
        assert_eq!(diagnostic.file.as_deref(), Some("content/infographic.standard.en-GB.toml"));
        assert_eq!(diagnostic.line, Some(block.origin.line), "{diagnostic}");
        assert!(diagnostic.key.as_deref().is_some_and(|k| k.starts_with("section[")), "{diagnostic}");
        assert!(diagnostic.message.starts_with(&format!("{}: ", block.name)), "{diagnostic}");
        assert!(diagnostic.message.contains("a picture has no alt text"), "{diagnostic}");
    }

    #[test]
    fn a_validation_error_krilla_cannot_place_is_still_reported() {
        let document = document("leaflet", "standard");
        let error =
            krilla::error::KrillaError::Validation(vec![(ValidationError::NoDocumentTitle, Validators::default())]);
        let errors = refused(error, &document);
        assert_eq!(errors.0.len(), 1);
        assert!(errors.0[0].message.contains("the document has no title"), "{}", errors.0[0]);
        assert_eq!(errors.0[0].file, None);
    }

    #[test]
    fn every_leaf_and_link_has_a_place() {
        for (product, variant) in [("leaflet", "standard"), ("leaflet", "plain-language"), ("infographic", "standard")]
        {
            let document = document(product, variant);
            let places = document.places.len() as u32;
            assert!(document.leaf_places.iter().all(|p| p.0 < places), "{product} {variant}");
            assert!(document.links.iter().all(|l| l.place.0 < places), "{product} {variant}");
            // Location and place go back and forth.
            for (index, place) in document.places.iter().enumerate() {
                let found = place_of(&document, Some(location(PlaceId(index as u32)))).unwrap();
                assert_eq!(found.key, place.key);
            }
        }
    }
}
