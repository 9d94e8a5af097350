//! The **HTML twin**: one self-contained HTML5 page made from the resolved [`Document`]
//! (never from the PDF), for a force's website. It walks the same tree in the same order
//! as the PDF's tag tree (`render/tags.rs`), so a page and its PDF say the same words in
//! the same order: sections, headings at the document's levels, lists as `ul`, contact
//! cards as a list, charts as a `figure` holding its caption, the generated description
//! and the data as a table, pictures with the same alt texts, and phone and text numbers
//! as `tel:`/`sms:` links described digit by digit with the PDF's own spoken words.
//!
//! Everything is inline: the style sheet (one per profile, with a print sheet and a dark
//! scheme whose contrast is fixed here, not taken from the layout), the pictograms as SVG
//! paths, a logo as a PNG `data:` URI. No script, no font file, no request: the page uses
//! the reader's system sans-serif. Every text and attribute is escaped, so region and
//! content text cannot inject markup.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use crate::colour::Rgb;
use crate::error::{Diagnostic, Result};
use crate::kinds::Profile;
use crate::resolve::{
    Alt, Block, BlockContent, Chart, ContactCard, Document, Heading, Inline, LinkId, Picture, PictureSource, Run,
    Section,
};

/// Languages written right to left, by primary subtag (the `dir` of the page).
const RIGHT_TO_LEFT: &[&str] = &["ar", "fa", "he", "ur", "ps", "yi", "ckb", "sd", "ug"];

/// The page's `dir`: `rtl` for a language written right to left.
pub fn direction(lang: &str) -> &'static str {
    let primary = lang.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    if RIGHT_TO_LEFT.contains(&primary.as_str()) { "rtl" } else { "ltr" }
}

/// The HTML twin of `document`, as the profile's variant sets it.
pub fn html(document: &Document, profile: Profile) -> Result<String> {
    let mut page =
        Page { document, out: String::with_capacity(32 * 1024), pictograms: HashMap::new(), descriptions: 0 };
    page.write(profile)?;
    Ok(page.out)
}

struct Page<'a> {
    document: &'a Document,
    out: String,
    /// Pictograms already written, by tree: a repeat uses the first one's `symbol`.
    pictograms: HashMap<*const usvg::Tree, usize>,
    /// Spoken forms of numbers written so far, for their ids.
    descriptions: usize,
}

/// `&`, `<`, `>`, `"` and `'` as character references: safe in text and in a quoted
/// attribute alike.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

impl Page<'_> {
    fn write(&mut self, profile: Profile) -> Result<()> {
        let meta = &self.document.meta;
        let lang = escape(&meta.lang);
        let class = match profile {
            Profile::Standard => "standard",
            Profile::LargePrint => "large-print",
            Profile::EasyRead => "easy-read",
        };
        let _ = write!(
            self.out,
            "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"color-scheme\" content=\"light dark\">\n<title>{}</title>\n",
            direction(&meta.lang),
            escape(&meta.title)
        );
        if let Some(subject) = &meta.subject {
            let _ = writeln!(self.out, "<meta name=\"description\" content=\"{}\">", escape(subject));
        }
        let _ = writeln!(self.out, "<meta name=\"author\" content=\"{}\">", escape(&meta.author));
        if !meta.keywords.is_empty() {
            let _ = writeln!(self.out, "<meta name=\"keywords\" content=\"{}\">", escape(&meta.keywords.join(", ")));
        }
        let _ = write!(
            self.out,
            "<style>\n{}</style>\n</head>\n<body class=\"{class}\">\n<main>\n",
            style(self.document, profile)
        );
        for section in &self.document.sections {
            self.section(section)?;
        }
        self.out.push_str("</main>\n</body>\n</html>\n");
        Ok(())
    }

    /// A section with a heading is a `section`; one without (the masthead, a line under
    /// the cover) is a `div`, as HTML asks: a `section` is named by its heading.
    fn section(&mut self, section: &Section) -> Result<()> {
        let headed =
            section.heading.is_some() || section.blocks.iter().any(|b| matches!(b.content, BlockContent::Heading(_)));
        let element = if headed { "section" } else { "div" };
        let _ = writeln!(self.out, "<{element} id=\"{}\">", escape(&format!("s-{}", section.id)));
        if let Some(heading) = &section.heading {
            self.heading(heading);
        }
        for block in &section.blocks {
            self.block(block)?;
        }
        let _ = writeln!(self.out, "</{element}>");
        Ok(())
    }

    /// `h1` to `h6` at the document's level (the PDF's `H1`...`H6`).
    fn heading(&mut self, heading: &Heading) {
        let level = heading.level.clamp(1, 6);
        let _ = write!(self.out, "<h{level}>");
        self.inline(&heading.text);
        let _ = writeln!(self.out, "</h{level}>");
    }

    fn block(&mut self, block: &Block) -> Result<()> {
        // A block with a picture is a point: the picture beside the words (Easy Read).
        let point = block.picture.is_some();
        if let Some(picture) = &block.picture {
            self.out.push_str("<div class=\"point\">");
            self.picture(picture)?;
            self.out.push_str("<div>\n");
        }
        match &block.content {
            BlockContent::Heading(heading) => self.heading(heading),
            BlockContent::Paragraph(inline) => self.paragraph("", inline),
            BlockContent::ForceName(inline) => self.paragraph(" class=\"force\"", inline),
            BlockContent::Lines(lines) => lines.iter().for_each(|line| self.paragraph("", line)),
            BlockContent::List(items) => {
                self.out.push_str("<ul>\n");
                for item in items {
                    self.out.push_str("<li>");
                    self.inline(&item.body);
                    self.out.push_str("</li>\n");
                }
                self.out.push_str("</ul>\n");
            }
            BlockContent::Contacts(cards) => {
                self.out.push_str("<ul class=\"contacts\">\n");
                cards.iter().for_each(|card| self.card(card));
                self.out.push_str("</ul>\n");
            }
            BlockContent::Logo(picture, _, name) => {
                // The logo, then the force's name in type, as the PDF tags them.
                self.out.push_str("<p class=\"logo\">");
                self.picture(picture)?;
                self.out.push_str("</p>\n");
                self.paragraph(" class=\"force-name\"", name);
            }
            BlockContent::Statistic(statistic) => {
                // The value and its words are one paragraph, as in the PDF.
                let _ = write!(self.out, "<p class=\"statistic\"><strong>{}</strong> ", escape(&statistic.value.text));
                self.inline(&statistic.label);
                self.out.push_str("</p>\n");
            }
            BlockContent::Chart(chart) => self.chart(chart, block.citation.as_ref()),
            BlockContent::SourceList(items) => {
                self.out.push_str("<ol class=\"sources\">\n");
                for item in items {
                    self.out.push_str("<li>");
                    self.inline(item);
                    self.out.push_str("</li>\n");
                }
                self.out.push_str("</ol>\n");
            }
        }
        if let (Some(citation), false) = (&block.citation, matches!(block.content, BlockContent::Chart(_))) {
            self.paragraph(" class=\"citation\"", citation);
        }
        if point {
            self.out.push_str("</div></div>\n");
        }
        Ok(())
    }

    fn paragraph(&mut self, attributes: &str, inline: &Inline) {
        let _ = write!(self.out, "<p{attributes}>");
        self.inline(inline);
        self.out.push_str("</p>\n");
    }

    /// A contact card: its label, its number (large) and its note, each a paragraph.
    fn card(&mut self, card: &ContactCard) {
        self.out.push_str("<li>");
        self.paragraph(" class=\"label\"", &card.label);
        if let Some(number) = &card.number {
            self.paragraph(" class=\"number\"", number);
        }
        if let Some(note) = &card.note {
            self.paragraph(" class=\"note\"", note);
        }
        self.out.push_str("</li>\n");
    }

    /// Runs of text. Consecutive runs of one link are one `a`; a link holding a number
    /// is named by the words the PDF speaks for it (`/ActualText`, digit by digit).
    fn inline(&mut self, inline: &Inline) {
        let runs = &inline.runs;
        let mut index = 0;
        while index < runs.len() {
            let Some(link) = runs[index].link else {
                self.run(&runs[index]);
                index += 1;
                continue;
            };
            let end = runs[index..].iter().position(|r| r.link != Some(link)).map_or(runs.len(), |n| index + n);
            self.link(link, &runs[index..end]);
            index = end;
        }
    }

    /// A link. One holding a phone or text number is named by the number as printed (WCAG
    /// 2.5.3, label in name: a speech-input user says what they see) and described by the
    /// words the PDF speaks for it (`/ActualText`, digit by digit), which a screen reader
    /// says after the name; the description is `hidden`, so it is not shown even without
    /// the style sheet.
    fn link(&mut self, link: LinkId, runs: &[Run]) {
        let uri = self.document.links.get(link.0 as usize).map_or("", |l| l.uri.as_str());
        let _ = write!(self.out, "<a href=\"{}\"", escape(uri));
        let spoken = runs.iter().any(|r| r.spoken.is_some()).then(|| {
            self.descriptions += 1;
            let said: String = runs.iter().map(|r| r.spoken.as_deref().unwrap_or(&r.text)).collect();
            (format!("said{}", self.descriptions), said)
        });
        if let Some((id, _)) = &spoken {
            let _ = write!(self.out, " aria-describedby=\"{id}\"");
        }
        self.out.push('>');
        runs.iter().for_each(|run| self.run(run));
        self.out.push_str("</a>");
        if let Some((id, said)) = spoken {
            let _ = write!(self.out, "<span id=\"{id}\" hidden>{}</span>", escape(&said));
        }
    }

    fn run(&mut self, run: &Run) {
        // Numbers and addresses read left to right even in a right-to-left page (the PDF
        // wraps them in bidi isolates for the same reason); words from the region file in a
        // translated page carry their own language, as the PDF's `Span /Lang` does.
        let mut attributes = match run.wrap {
            crate::resolve::Wrap::Never => " class=\"nowrap\" dir=\"ltr\"".to_string(),
            crate::resolve::Wrap::Address => " dir=\"ltr\"".to_string(),
            crate::resolve::Wrap::Words => String::new(),
        };
        if let Some(lang) = &run.lang {
            let _ = write!(attributes, " lang=\"{}\"", escape(lang));
        }
        let text = escape(&run.text);
        match (run.strong, attributes.is_empty()) {
            (true, _) => {
                let _ = write!(self.out, "<strong{attributes}>{text}</strong>");
            }
            (false, false) => {
                let _ = write!(self.out, "<span{attributes}>{text}</span>");
            }
            (false, true) => self.out.push_str(&text),
        }
    }

    /// A chart as the PDF tags it: caption, description (the Figure's alt text), then
    /// every label and value in a table with row and column headers.
    fn chart(&mut self, chart: &Chart, citation: Option<&Inline>) {
        self.out.push_str("<figure>\n<figcaption>");
        self.inline(&chart.caption);
        let _ = write!(self.out, "</figcaption>\n<p class=\"description\">{}</p>\n<table>\n", escape(&chart.alt));
        if let (Some(label), Some(value)) = (&chart.label_header, &chart.value_header) {
            let _ = writeln!(
                self.out,
                "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>",
                escape(&label.text),
                escape(&value.text)
            );
        }
        self.out.push_str("<tbody>\n");
        let largest = chart.rows.iter().map(|r| r.value).fold(0.0_f64, f64::max);
        for row in &chart.rows {
            // A bar beside each value shows the chart's shape; it is drawn by CSS from the
            // cell's custom property, so it is not read and is not there without CSS.
            let share = if largest > 0.0 { (row.value / largest * 100.0).clamp(0.0, 100.0) } else { 0.0 };
            let _ = writeln!(
                self.out,
                "<tr><th scope=\"row\">{}</th><td style=\"--share:{share:.0}%\">{}</td></tr>",
                escape(&row.label.text),
                escape(&row.value_text.text)
            );
        }
        self.out.push_str("</tbody>\n</table>\n");
        if let Some(citation) = citation {
            self.paragraph(" class=\"citation\"", citation);
        }
        self.out.push_str("</figure>\n");
    }

    /// A picture: meaningful ones are `role="img"` named by their alt text, decorative
    /// ones hidden from assistive technology.
    fn picture(&mut self, picture: &Picture) -> Result<()> {
        let (name, hidden) = match &picture.alt {
            Alt::Text(alt) => (escape(alt), false),
            Alt::Decorative => (String::new(), true),
        };
        match &picture.source {
            PictureSource::Svg { tree, .. } => {
                let size = tree.size();
                // Its drawn size in CSS px (a point is 4/3 px), so that it keeps that size
                // without the style sheet; the style sheet sizes it to the text.
                let _ = write!(
                    self.out,
                    "<svg class=\"pictogram\" width=\"{:.0}\" height=\"{:.0}\" viewBox=\"0 0 {} {}\" focusable=\"false\" ",
                    picture.width.0 * 4.0 / 3.0,
                    picture.height.0 * 4.0 / 3.0,
                    number(size.width()),
                    number(size.height())
                );
                if hidden {
                    self.out.push_str("aria-hidden=\"true\">");
                } else {
                    let _ = write!(self.out, "role=\"img\" aria-label=\"{name}\">");
                }
                self.pictogram(tree);
                self.out.push_str("</svg>");
            }
            PictureSource::Raster(pixels) => {
                let mut png = Vec::new();
                use image::ImageEncoder as _;
                image::codecs::png::PngEncoder::new(&mut png)
                    .write_image(pixels.as_raw(), pixels.width(), pixels.height(), image::ExtendedColorType::Rgba8)
                    .map_err(|e| {
                        Diagnostic::error(format!("the logo cannot be written as PNG for the web page: {e}"))
                    })?;
                let _ = write!(
                    self.out,
                    "<img class=\"logo\" alt=\"{name}\" width=\"{}\" height=\"{}\" src=\"data:image/png;base64,{}\">",
                    pixels.width(),
                    pixels.height(),
                    base64(&png)
                );
            }
        }
        Ok(())
    }

    /// The pictogram's paths, once per page: the first use defines a `symbol`, a repeat
    /// refers to it (Easy Read uses the same picture wherever an idea comes back).
    fn pictogram(&mut self, tree: &Arc<usvg::Tree>) {
        let key = Arc::as_ptr(tree);
        if let Some(id) = self.pictograms.get(&key) {
            let _ = write!(self.out, "<use href=\"#p{id}\"/>");
            return;
        }
        let id = self.pictograms.len();
        self.pictograms.insert(key, id);
        let size = tree.size();
        let _ = write!(
            self.out,
            "<symbol id=\"p{id}\" viewBox=\"0 0 {} {}\">",
            number(size.width()),
            number(size.height())
        );
        paths(&mut self.out, tree.root());
        let _ = write!(self.out, "</symbol><use href=\"#p{id}\"/>");
    }
}

/// Every filled path of a pictogram, in `currentColor` (resolve refuses anything else).
fn paths(out: &mut String, group: &usvg::Group) {
    use usvg::tiny_skia_path::PathSegment;
    for node in group.children() {
        match node {
            usvg::Node::Group(inner) => paths(out, inner),
            usvg::Node::Path(path) if path.is_visible() && path.fill().is_some() => {
                let t = path.abs_transform();
                let rule = match path.fill().map(usvg::Fill::rule) {
                    Some(usvg::FillRule::EvenOdd) => " fill-rule=\"evenodd\"",
                    _ => "",
                };
                let _ = write!(out, "<path{rule} d=\"");
                // Written straight into the page, point by point: no string per point.
                let point = |out: &mut String, command: &str, points: &[usvg::tiny_skia_path::Point]| {
                    out.push_str(command);
                    for (index, p) in points.iter().enumerate() {
                        let mut p = *p;
                        t.map_point(&mut p);
                        if index > 0 {
                            out.push(' ');
                        }
                        push_number(out, p.x);
                        out.push(' ');
                        push_number(out, p.y);
                    }
                };
                for segment in path.data().segments() {
                    match segment {
                        PathSegment::MoveTo(p) => point(out, "M", &[p]),
                        PathSegment::LineTo(p) => point(out, "L", &[p]),
                        PathSegment::QuadTo(c, p) => point(out, "Q", &[c, p]),
                        PathSegment::CubicTo(c1, c2, p) => point(out, "C", &[c1, c2, p]),
                        PathSegment::Close => out.push('Z'),
                    }
                }
                out.push_str("\"/>");
            }
            _ => {}
        }
    }
}

/// A coordinate to one decimal, without trailing zeros: a pictogram is 48 units wide and
/// shown at most 72 CSS px wide, so a tenth of a unit is under a sixth of a pixel. (Two
/// decimals made the Easy Read leaflet's page 9 KB larger, for nothing a reader sees.)
fn number(value: f32) -> String {
    let mut out = String::new();
    push_number(&mut out, value);
    out
}

/// [`number`], appended to `out`.
fn push_number(out: &mut String, value: f32) {
    let start = out.len();
    let _ = write!(out, "{value:.1}");
    if out.ends_with(".0") {
        out.truncate(out.len() - 2);
    }
    if &out[start..] == "-0" {
        out.truncate(start);
        out.push('0');
    }
}

/// Standard base64 (RFC 4648), for a logo's `data:` URI.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Ink and paper of the page: near-black on white, as the GOV.UK design system sets text.
const INK: Rgb = Rgb([0x0b, 0x0c, 0x0c]);
const PAPER: Rgb = Rgb([0xff, 0xff, 0xff]);

/// The style sheet. Headings take the layout's heading colour only where it keeps the
/// profile's contrast on white (4.5:1, large print 7:1); else they are the ink. The dark
/// scheme and the link colours are fixed here, measured: ink #F3F2F1 on #0B0C0C is 17.5:1,
/// links #9BC6F2 on it 10.8:1, and links #003078 on white 12.6:1.
fn style(document: &Document, profile: Profile) -> String {
    let least = if profile == Profile::LargePrint { 7.0 } else { 4.5 };
    let heading = first_heading(document)
        .map(|h| document.styles.get(h.style).colour.rgb)
        .filter(|c| c.contrast_ratio(PAPER) >= least)
        .unwrap_or(INK);
    let (body, picture) = match profile {
        Profile::Standard => ("1.0625rem", "3rem"),
        // UKAAF: at least 16 pt in print; 1.25rem (20 CSS px) on screen is above 18 px.
        Profile::LargePrint => ("1.25rem", "3.5rem"),
        Profile::EasyRead => ("1.1875rem", "4.5rem"),
    };
    format!(
        ":root{{--ink:{INK};--paper:{PAPER};--heading:{heading};--link:#003078;--rule:#505a5f}}\n\
@media (prefers-color-scheme:dark){{:root{{--ink:#F3F2F1;--paper:#0B0C0C;--heading:#F3F2F1;--link:#9BC6F2;--rule:#B1B4B6}}}}\n\
html{{background:var(--paper);color:var(--ink)}}\n\
body{{margin:0 auto;max-width:40em;padding:1rem;font:{body}/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,\"Noto Sans\",sans-serif;overflow-wrap:break-word}}\n\
h1,h2,h3,h4,h5,h6{{color:var(--heading);line-height:1.25;margin:1.5em 0 .5em}}\n\
h1{{font-size:2em;margin-top:.5em}}h2{{font-size:1.5em}}h3{{font-size:1.25em}}\n\
main>section,main>div{{margin-bottom:2rem}}\n\
a{{color:var(--link);text-decoration-thickness:.08em;text-underline-offset:.15em}}\n\
a:focus-visible{{outline:3px solid var(--ink);outline-offset:2px}}\n\
.nowrap{{white-space:nowrap}}\n\
ul.contacts{{list-style:none;padding:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(min(100%,14em),1fr))}}\n\
ul.contacts li{{border-left:4px solid var(--heading);padding-left:.75rem}}\n\
ul.contacts p{{margin:.2em 0}}\n\
.number{{font-size:1.5em;font-weight:700}}\n\
.statistic strong{{display:block;font-size:2.5em;line-height:1.1}}\n\
.force{{font-weight:700;font-size:1.25em}}\n\
.citation,.sources{{font-size:.9em}}\n\
.point{{display:flex;gap:1rem;align-items:flex-start}}\n\
.point>div{{flex:1;min-width:0}}\n\
.pictogram{{flex:none;width:{picture};height:{picture};color:var(--heading);fill:currentColor}}\n\
img.logo{{max-width:100%;height:auto}}\n\
figure{{margin:1.5rem 0}}\n\
figcaption{{font-weight:700}}\n\
table{{border-collapse:collapse;width:100%}}\n\
th,td{{text-align:start;padding:.3em .5em .3em 0;border-bottom:1px solid var(--rule);vertical-align:top}}\n\
td{{text-align:end;white-space:nowrap;background:linear-gradient(to left,var(--rule) var(--share),transparent 0) no-repeat bottom/100% 3px}}\n\
@media print{{:root{{--ink:#000;--paper:#fff;--link:#000}}body{{max-width:none;padding:0;font-size:12pt}}\
a[href^=\"http\"]::after{{content:\" (\" attr(href) \")\"}}figure,li,.point{{break-inside:avoid}}h1,h2,h3{{break-after:avoid}}}}\n"
    )
}

fn first_heading(document: &Document) -> Option<&Heading> {
    document
        .sections
        .iter()
        .flat_map(|s| {
            s.heading.iter().chain(s.blocks.iter().filter_map(|b| match &b.content {
                BlockContent::Heading(h) => Some(h),
                _ => None,
            }))
        })
        .find(|h| h.level == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup() {
        assert_eq!(
            escape("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn right_to_left_languages_are_marked() {
        assert_eq!(direction("ar"), "rtl");
        assert_eq!(direction("fa-IR"), "rtl");
        assert_eq!(direction("en-GB"), "ltr");
        assert_eq!(direction("pl"), "ltr");
    }

    #[test]
    fn base64_matches_rfc_4648_examples() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(number(12.0), "12");
        assert_eq!(number(12.345), "12.3");
        assert_eq!(number(-0.001), "0");
        assert_eq!(number(0.5), "0.5");
    }
}
