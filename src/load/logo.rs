//! A force's logo: checked before anything decodes it, then decoded straight into the
//! pixels print needs. The path must stay inside the region file's folder; the file must
//! be PNG (at most 40 megapixels), JPEG (at most 6) or SVG (at most 2 MB, checked by
//! [`check_svg`]), at most 20 MB, its size read from its header so that a decompression
//! bomb is refused unopened. `docs/limits.md` gives the reasons and the measured memory.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::units::{Mm, Pt};

/// Largest logo file accepted.
pub(crate) const MAX_BYTES: u64 = 20 * 1024 * 1024;
/// Largest SVG logo accepted: a logo's outlines take tens of kilobytes, and every byte of
/// an SVG is parsed into a tree that stays in memory while it is drawn.
pub(crate) const MAX_SVG_BYTES: u64 = 2 * 1024 * 1024;
/// Largest logo accepted, in pixels.
pub(crate) const MAX_PIXELS: u64 = 40_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogoFormat {
    Png,
    Jpeg,
    /// Vector: checked ([`check_svg`]) and drawn into pixels at the size print needs.
    Svg,
}

/// A logo file that passed every check, not yet decoded.
#[derive(Clone, Debug)]
pub struct LogoFile {
    pub path: PathBuf,
    pub format: LogoFormat,
    pub width: u32,
    pub height: u32,
    pub bytes: Arc<Vec<u8>>,
}

/// Why a logo was refused, and how to fix it.
#[derive(Debug, PartialEq, Eq)]
pub struct LogoProblem {
    pub message: String,
    pub hint: &'static str,
}

fn problem(message: impl Into<String>, hint: &'static str) -> LogoProblem {
    LogoProblem { message: message.into(), hint }
}

/// Check `relative` (as written in the region file) against the folder `base`.
pub fn check(base: &Path, relative: &str) -> Result<LogoFile, LogoProblem> {
    let written = Path::new(relative);
    let escapes =
        written.components().any(|c| matches!(c, Component::ParentDir | Component::RootDir | Component::Prefix(_)));
    if relative.trim().is_empty() || written.is_absolute() || escapes {
        return Err(problem(
            format!("the logo path `{relative}` leaves the region file's folder"),
            "put the logo in the same folder as the region file (or below it) and give its name, e.g. file = \"logo.png\"",
        ));
    }
    let path = base.join(written);
    let inside = match (path.canonicalize(), base.canonicalize()) {
        (Ok(real), Ok(folder)) => real.starts_with(folder),
        (Err(e), _) => {
            return Err(problem(
                format!("the logo `{}` cannot be opened: {e}", path.display()),
                "check the file name and that the file exists",
            ));
        }
        (_, Err(e)) => {
            return Err(problem(
                format!("the region file's folder cannot be read: {e}"),
                "check the folder's permissions",
            ));
        }
    };
    if !inside {
        return Err(problem(
            format!("the logo `{relative}` is a link to a file outside the region file's folder"),
            "copy the logo itself into the region file's folder",
        ));
    }
    let size =
        std::fs::metadata(&path).map_err(|e| problem(format!("the logo cannot be read: {e}"), "check the file"))?.len();
    if size > MAX_BYTES {
        return Err(problem(
            format!("the logo is {:.1} MB; at most 20 MB is accepted", size as f64 / 1_048_576.0),
            "export a smaller PNG or JPEG: 300 ppi at the printed size is enough",
        ));
    }
    let bytes = super::read_input(&path, MAX_BYTES)
        .map_err(|why| problem(format!("the logo cannot be read: {why}"), "give the image file itself"))?;
    check_bytes(relative, path, bytes)
}

/// The checks on a logo's bytes (kind, size, shape in pixels), wherever they came from:
/// a file beside the region file, or one chosen in the browser page.
pub fn check_bytes(relative: &str, path: PathBuf, bytes: Vec<u8>) -> Result<LogoFile, LogoProblem> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(problem(
            format!("the logo is {:.1} MB; at most 20 MB is accepted", bytes.len() as f64 / 1_048_576.0),
            "export a smaller PNG or JPEG: 300 ppi at the printed size is enough",
        ));
    }
    let format = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        LogoFormat::Png
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        LogoFormat::Jpeg
    } else if looks_like_svg(&bytes) {
        LogoFormat::Svg
    } else {
        return Err(problem(
            format!("`{relative}` is not a PNG, JPEG or SVG image"),
            "save the logo as SVG or PNG (best for logos) or JPEG",
        ));
    };
    if format == LogoFormat::Svg {
        let size = bytes.len() as u64;
        if size > MAX_SVG_BYTES {
            return Err(problem(
                format!("the SVG logo is {:.1} MB; at most 2 MB is accepted", size as f64 / 1_048_576.0),
                "export it again without embedded pictures, fonts or editor data (\"plain SVG\", \"minify\")",
            ));
        }
        let (width, height) = check_svg(&bytes).map_err(|why| {
            problem(
                format!("the SVG logo `{relative}` {why}"),
                "export it again as plain SVG with text converted to outlines (paths)",
            )
        })?;
        return Ok(LogoFile { path, format, width, height, bytes: Arc::new(bytes) });
    }
    let reader = image::ImageReader::with_format(
        std::io::Cursor::new(&bytes),
        match format {
            LogoFormat::Png => image::ImageFormat::Png,
            LogoFormat::Jpeg | LogoFormat::Svg => image::ImageFormat::Jpeg,
        },
    );
    let (width, height) = reader.into_dimensions().map_err(|e| {
        problem(format!("the logo `{relative}` is damaged: {e}"), "export it again from the original artwork")
    })?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(problem(
            format!(
                "the logo is {width} x {height} pixels ({:.0} megapixels); at most 40 megapixels is accepted",
                f64::from(width) * f64::from(height) / 1e6
            ),
            "scale it down: 300 ppi at the printed size is enough",
        ));
    }
    if format == LogoFormat::Jpeg && u64::from(width) * u64::from(height) > MAX_JPEG_PIXELS {
        return Err(problem(
            format!(
                "the logo is a JPEG of {width} x {height} pixels ({:.1} megapixels); a JPEG logo may have at most 6 megapixels",
                f64::from(width) * f64::from(height) / 1e6
            ),
            "scale it down (300 ppi at the printed size is enough), or save it as PNG, which may have up to 40 megapixels",
        ));
    }
    Ok(LogoFile { path, format, width, height, bytes: Arc::new(bytes) })
}

/// What print asks of a logo: the height of the largest logo frame among the layouts in
/// use (`pictures.logo_height_mm`), from which each logo's largest printed size follows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PrintNeed {
    pub largest_logo_height: Mm,
}

/// The widest and tallest logo shape accepted (4:1 and 1:4); the region file's check
/// says so with its line, and decoding refuses anything else before it reserves a row.
const MAX_ASPECT: f32 = 4.0;

/// Print resolution a logo is kept at: what print shops ask for.
pub const PRINT_PPI: f32 = 300.0;

/// The longest side of a decoded logo is never more than this, whatever a layout asks
/// (300 ppi up to 169 mm; a `--defs` layout with a larger logo frame gets the
/// under-300-ppi warning rather than a logo that costs more memory than a document).
pub const MAX_DECODED_SIDE: u32 = 2000;

/// ... and never less than this where the file has it, so that the web page's copy stays
/// sharp on a screen even where print needs fewer (and the averaging sums below stay
/// small: see [`Shrink`]).
pub const MIN_DECODED_SIDE: u32 = 256;

/// JPEG cannot be decoded a few rows at a time here (the decoder builds the whole image,
/// and a progressive JPEG keeps every coefficient besides), so a JPEG logo is accepted
/// up to fewer pixels than a PNG: at most 6 megapixels decode within the 100 MB a document
/// may take (measured in `tests/hardening.rs`), and a 6-megapixel logo still prints at
/// 300 ppi more than 200 mm wide.
pub(crate) const MAX_JPEG_PIXELS: u64 = 6_000_000;

/// A logo's printed size, by area rather than by height, so that logos of every shape from
/// 1:4 to 4:1 look equally heavy and none breaks its band: a square logo is `limit` high,
/// a 4:1 logo is twice as wide and half as high (the same area), a tall one is never more
/// than `limit` high.
pub(crate) fn printed_size(limit: Pt, pixel_width: u32, pixel_height: u32) -> (Pt, Pt) {
    let aspect = (pixel_width.max(1) as f32 / pixel_height.max(1) as f32).clamp(0.25, 4.0);
    let height = (limit.0 / aspect.sqrt()).min(limit.0);
    (Pt(height * aspect), Pt(height))
}

/// The pixels a `width` x `height` logo is kept at: enough for [`PRINT_PPI`] at its
/// largest printed size (one pixel more, so rounding never drops it under), within
/// [`MIN_DECODED_SIDE`] and [`MAX_DECODED_SIDE`], never more than the file has.
pub fn kept_size(need: PrintNeed, width: u32, height: u32) -> (u32, u32) {
    let (printed_width, printed_height) = printed_size(need.largest_logo_height.to_pt(), width, height);
    let printed_longest = printed_width.max(printed_height);
    let wanted = (printed_longest.0 / 72.0 * PRINT_PPI).ceil() as u32 + 1;
    let longest = width.max(height).max(1);
    let side = wanted.clamp(MIN_DECODED_SIDE, MAX_DECODED_SIDE);
    if side >= longest {
        return (width, height);
    }
    let scale = side as f64 / longest as f64;
    let kept = |n: u32| ((n as f64 * scale).round() as u32).clamp(1, side);
    (kept(width), kept(height))
}

/// Decode a checked logo straight into the pixels print needs ([`kept_size`]), so that
/// memory follows the kept size, not the file's: a PNG is read a row at a time (each row
/// added to an area average), a JPEG (at most [`MAX_JPEG_PIXELS`]) decoded whole and
/// averaged down.
pub fn decode(logo: &LogoFile, need: PrintNeed) -> Result<image::RgbaImage, String> {
    let aspect = logo.width.max(1) as f32 / logo.height.max(1) as f32;
    if !(1.0 / MAX_ASPECT..=MAX_ASPECT).contains(&aspect) {
        return Err(format!("it is {} x {} pixels, outside the 1:4 to 4:1 shapes accepted", logo.width, logo.height));
    }
    let (width, height) = match logo.format {
        // A drawing has no pixels of its own: as if it had more than any layout needs.
        LogoFormat::Svg => {
            let scale = f64::from(MAX_DECODED_SIDE) / f64::from(logo.width.max(logo.height).max(1));
            let side = |n: u32| ((f64::from(n) * scale).round() as u32).max(1);
            kept_size(need, side(logo.width), side(logo.height))
        }
        LogoFormat::Png | LogoFormat::Jpeg => kept_size(need, logo.width, logo.height),
    };
    let mut shrink = Shrink::new(logo.width, logo.height, width, height);
    match logo.format {
        LogoFormat::Png => decode_png_rows(logo, &mut shrink)?,
        LogoFormat::Jpeg => decode_jpeg(logo, &mut shrink)?,
        LogoFormat::Svg => return draw_svg(logo, width, height),
    }
    Ok(shrink.finish())
}

/// Below this share of its area showing on white, a logo would vanish on the white plate
/// every layout prints it on (compose, `logo_masthead`).
pub(crate) const MIN_SHARE_SEEN_ON_WHITE: f32 = 0.01;

/// The share of a decoded logo's area, 0 to 1, that shows on white: pixels that, flattened
/// onto white, contrast with it by at least 1.5:1. A reversed logo (white, made for dark
/// backgrounds) shows nowhere; a logo in any dark or strong colour shows wherever it is.
pub fn share_seen_on_white(pixels: &image::RgbaImage) -> f32 {
    let white = crate::colour::Rgb([255, 255, 255]);
    // A logo has few colours but many pixels: each colour's contrast is worked out once.
    let mut shows = std::collections::HashMap::new();
    let seen = pixels
        .pixels()
        .filter(|pixel| {
            let colour = crate::colour::flatten_onto(pixel.0, white);
            *shows.entry(colour).or_insert_with(|| colour.contrast_ratio(white) >= 1.5)
        })
        .count();
    seen as f32 / (pixels.width() as f32 * pixels.height() as f32).max(1.0)
}

/// An SVG file starts, after an optional byte order mark, XML declaration, comments and
/// white space, with `<svg` or `<!DOCTYPE svg`; only the first kilobyte is looked at.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let start = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_string();
    start.contains("<svg") && (start.trim_start_matches('\u{feff}').trim_start().starts_with('<'))
}

/// Elements an SVG logo may not have, and why.
const REFUSED_ELEMENTS: [(&str, &str); 8] = [
    ("script", "has a script"),
    ("foreignObject", "embeds HTML (foreignObject)"),
    ("image", "embeds or links a picture (image); a logo must be drawn in outlines"),
    ("text", "has text that needs fonts; convert the text to outlines (paths)"),
    ("font", "carries a font; convert the text to outlines (paths)"),
    ("font-face", "carries a font; convert the text to outlines (paths)"),
    ("iframe", "embeds another document"),
    ("animate", "is animated"),
];

/// The checks an SVG logo passes before it is drawn: well-formed XML without a DOCTYPE
/// (entities are how an SVG grows a thousandfold when read), no script or event
/// attribute, no text (no fonts are at hand to draw it), nothing fetched from outside the
/// file (every link and `url(...)` points inside it, `#id`), and a size: a `viewBox` or
/// `width` and `height`, each finite, positive and under a million units. Returns its size
/// in whole units (at least 1), whose shape the region's 1:4 to 4:1 rule then checks.
pub fn check_svg(bytes: &[u8]) -> Result<(u32, u32), String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "is not UTF-8 text".to_string())?;
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..Default::default() };
    let document = roxmltree::Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => "has a DOCTYPE (entities are not accepted in a logo)".to_string(),
        e => format!("is not well-formed XML: {e}"),
    })?;
    let root = document.root_element();
    if root.tag_name().name() != "svg" {
        return Err(format!("is XML but not SVG (its first element is <{}>)", root.tag_name().name()));
    }
    for node in document.descendants().filter(roxmltree::Node::is_element) {
        let name = node.tag_name().name();
        if let Some((_, why)) = REFUSED_ELEMENTS.iter().find(|(refused, _)| refused.eq_ignore_ascii_case(name)) {
            return Err(format!("{why} (line {})", document.text_pos_at(node.range().start).row));
        }
        if name.starts_with("animate") || name == "set" {
            return Err(format!("is animated (line {})", document.text_pos_at(node.range().start).row));
        }
        for attribute in node.attributes() {
            let line = document.text_pos_at(attribute.range().start).row;
            let key = attribute.name();
            if key.len() > 2 && key[..2].eq_ignore_ascii_case("on") {
                return Err(format!("has a script (the event attribute `{key}`, line {line})"));
            }
            if key == "href" && !attribute.value().trim_start().starts_with('#') {
                return Err(format!("links to something outside the file (`{key}`, line {line})"));
            }
            if let Some(outside) = outside_reference(attribute.value()) {
                return Err(format!("fetches something from outside the file (`{outside}` in `{key}`, line {line})"));
            }
        }
        if name == "style"
            && let Some(outside) = node
                .text()
                .and_then(outside_reference)
                .or_else(|| node.text().filter(|css| css.contains("@import")).map(|_| "@import".to_string()))
        {
            let line = document.text_pos_at(node.range().start).row;
            return Err(format!("fetches something from outside the file (`{outside}` in a style sheet, line {line})"));
        }
    }
    let number = |key: &str| root.attribute(key).map(|v| v.trim().trim_end_matches("px").parse::<f64>());
    let size = match root.attribute("viewBox") {
        Some(view_box) => {
            let parts: Vec<f64> = view_box
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|p| !p.is_empty())
                .map(str::parse)
                .collect::<Result<_, _>>()
                .map_err(|_| format!("has a viewBox that is not four numbers: `{view_box}`"))?;
            match parts[..] {
                [x, y, w, h] if [x, y].iter().all(|v| v.is_finite()) => (w, h),
                _ => return Err(format!("has a viewBox that is not four numbers: `{view_box}`")),
            }
        }
        None => match (number("width"), number("height")) {
            (Some(Ok(w)), Some(Ok(h))) => (w, h),
            _ => return Err("has no viewBox (and no width and height in plain numbers) to say its size".to_string()),
        },
    };
    let sane = |v: f64| v.is_finite() && v > 0.0 && v < 1e6;
    if !sane(size.0) || !sane(size.1) {
        return Err(format!("says it is {} x {} units; its size must be positive and under a million", size.0, size.1));
    }
    // Drawn once here, so that what usvg refuses is refused at `check` too.
    usvg::Tree::from_str(text, &usvg::Options::default()).map_err(|e| format!("cannot be read as SVG: {e}"))?;
    let whole = |v: f64| (v.round() as u32).max(1);
    // Keep the shape when one side is under a unit (a viewBox of 0.5 x 0.125).
    let scale = if size.0.min(size.1) < 100.0 { 100.0 / size.0.min(size.1) } else { 1.0 };
    Ok((whole(size.0 * scale), whole(size.1 * scale)))
}

/// The first `url(...)` in a value that points outside the file (anything but `#id`).
fn outside_reference(value: &str) -> Option<String> {
    let mut rest = value;
    while let Some(at) = rest.find("url(") {
        let inside = rest[at + 4..].trim_start().trim_start_matches(['"', '\'']);
        if !inside.starts_with('#') {
            let end = inside.find(')').unwrap_or(inside.len()).min(60);
            return Some(format!("url({}", &inside[..end]));
        }
        rest = &rest[at + 4..];
    }
    None
}

/// Draw a checked SVG logo at `width` x `height` pixels (its shape kept, centred), as
/// straight (not premultiplied) RGBA like a decoded PNG.
fn draw_svg(logo: &LogoFile, width: u32, height: u32) -> Result<image::RgbaImage, String> {
    let text = std::str::from_utf8(&logo.bytes).map_err(|_| "it is not UTF-8 text".to_string())?;
    let tree = usvg::Tree::from_str(text, &usvg::Options::default()).map_err(|e| e.to_string())?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height).ok_or("it has no area")?;
    let size = tree.size();
    let scale = (width as f32 / size.width()).min(height as f32 / size.height());
    let offset = ((width as f32 - size.width() * scale) / 2.0, (height as f32 - size.height() * scale) / 2.0);
    let transform = resvg::tiny_skia::Transform::from_row(scale, 0.0, 0.0, scale, offset.0, offset.1);
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    let straight = pixmap.pixels().iter().flat_map(|p| {
        let c = p.demultiply();
        [c.red(), c.green(), c.blue(), c.alpha()]
    });
    image::RgbaImage::from_raw(width, height, straight.collect())
        .ok_or_else(|| "the drawing has the wrong size".to_string())
}

/// The pixel positions of each of the seven passes of an interlaced (Adam7) PNG: first
/// column, column step, first row, row step (PNG specification, section 8.2).
const ADAM7: [(u32, u32, u32, u32); 7] =
    [(0, 8, 0, 8), (4, 8, 0, 8), (0, 4, 4, 8), (2, 4, 0, 4), (0, 2, 2, 4), (1, 2, 0, 2), (0, 1, 1, 2)];

fn decode_png_rows(logo: &LogoFile, shrink: &mut Shrink) -> Result<(), String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(logo.bytes.as_slice()));
    // Palettes and transparency chunks become RGB(A), 1- to 4-bit grey becomes 8-bit, and
    // 16-bit samples keep their high byte: every row arrives as 8-bit samples.
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    // The decoder holds two rows and its inflate window: far below this.
    decoder.set_limits(png::Limits { bytes: 16 * 1024 * 1024 });
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let (width, height) = (reader.info().width, reader.info().height);
    if (width, height) != (logo.width, logo.height) {
        return Err(format!("its header says {width} x {height} pixels, then {} x {}", logo.width, logo.height));
    }
    let channels = match reader.output_color_type().0 {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => return Err("its palette could not be expanded".to_string()),
    };
    // Rows of a plain PNG come top to bottom; an interlaced one sends seven passes, each
    // a grid of every few pixels, in the order of the specification.
    let passes: Vec<(u32, u32, u32, u32)> = if reader.info().interlaced { ADAM7.to_vec() } else { vec![(0, 1, 0, 1)] };
    for (x0, dx, y0, dy) in passes {
        let columns = width.saturating_sub(x0).div_ceil(dx);
        let lines = height.saturating_sub(y0).div_ceil(dy);
        if columns == 0 || lines == 0 {
            continue;
        }
        for line in 0..lines {
            let row = reader.next_row().map_err(|e| e.to_string())?.ok_or("the image data ends early")?;
            let data = row.data();
            if data.len() < columns as usize * channels {
                return Err("a row of the image is short".to_string());
            }
            let y = y0 + line * dy;
            for (i, sample) in data.chunks_exact(channels).take(columns as usize).enumerate() {
                let rgba = match *sample {
                    [grey] => [grey, grey, grey, 255],
                    [grey, alpha] => [grey, grey, grey, alpha],
                    [r, g, b] => [r, g, b, 255],
                    [r, g, b, a] => [r, g, b, a],
                    _ => unreachable!("chunks of 1 to 4 samples"),
                };
                shrink.add(x0 + i as u32 * dx, y, rgba);
            }
        }
    }
    Ok(())
}

fn decode_jpeg(logo: &LogoFile, shrink: &mut Shrink) -> Result<(), String> {
    let mut reader =
        image::ImageReader::with_format(std::io::Cursor::new(logo.bytes.as_slice()), image::ImageFormat::Jpeg);
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(logo.width);
    limits.max_image_height = Some(logo.height);
    // The decoded image (at most 4 bytes a pixel for CMYK) and the decoder's own planes.
    limits.max_alloc = Some(u64::from(logo.width) * u64::from(logo.height) * 8 + 1024 * 1024);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| e.to_string())?;
    let rgb = match decoded {
        image::DynamicImage::ImageRgb8(rgb) => rgb,
        other => other.to_rgb8(),
    };
    for (x, y, pixel) in rgb.enumerate_pixels() {
        let [r, g, b] = pixel.0;
        shrink.add(x, y, [r, g, b, 255]);
    }
    Ok(())
}

/// An area-averaging downscale fed one pixel at a time in any order: each kept pixel is
/// the mean of the file's pixels that fall in its cell, colour weighted by opacity (so a
/// transparent pixel's colour never darkens an edge). It holds four sums a kept pixel and
/// a row and column of the file's size. With at most 40 megapixels in (12,650 pixels
/// on the long side at 4:1) and at least [`MIN_DECODED_SIDE`] pixels kept on the long side
/// (64 on the short), a cell gathers at most 50 x 50 pixels, and 2,500 x 255 x 255 fits
/// a `u32` 26 times over.
struct Shrink {
    /// The cell each column and each row of the file falls in.
    column_cell: Vec<u32>,
    row_cell: Vec<u32>,
    /// How many of the file's columns (rows) fall in each cell's column (row).
    columns_in: Vec<u32>,
    rows_in: Vec<u32>,
    width: u32,
    /// Sum of red x alpha, green x alpha, blue x alpha, and alpha, per kept pixel.
    sums: Vec<[u32; 4]>,
}

impl Shrink {
    fn new(from_width: u32, from_height: u32, width: u32, height: u32) -> Shrink {
        let cells = |from: u32, to: u32| -> (Vec<u32>, Vec<u32>) {
            let cell: Vec<u32> = (0..from).map(|i| (u64::from(i) * u64::from(to) / u64::from(from)) as u32).collect();
            let mut count = vec![0u32; to as usize];
            for &c in &cell {
                count[c as usize] += 1;
            }
            (cell, count)
        };
        let (column_cell, columns_in) = cells(from_width, width);
        let (row_cell, rows_in) = cells(from_height, height);
        Shrink {
            column_cell,
            row_cell,
            columns_in,
            rows_in,
            width,
            sums: vec![[0; 4]; width as usize * height as usize],
        }
    }

    fn add(&mut self, x: u32, y: u32, [r, g, b, a]: [u8; 4]) {
        let cell = self.row_cell[y as usize] as usize * self.width as usize + self.column_cell[x as usize] as usize;
        let alpha = u32::from(a);
        let sum = &mut self.sums[cell];
        sum[0] += u32::from(r) * alpha;
        sum[1] += u32::from(g) * alpha;
        sum[2] += u32::from(b) * alpha;
        sum[3] += alpha;
    }

    fn finish(self) -> image::RgbaImage {
        let height = self.rows_in.len() as u32;
        image::RgbaImage::from_fn(self.width, height, |x, y| {
            let [r, g, b, a] = self.sums[(y * self.width + x) as usize];
            let count = self.columns_in[x as usize] * self.rows_in[y as usize];
            let mean = |sum: u32, of: u32| (sum + of / 2).checked_div(of).map_or(0, |m| m as u8);
            image::Rgba([mean(r, a), mean(g, a), mean(b, a), mean(a, count)])
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_folder_are_refused_before_any_file_access() {
        let base = Path::new("/nonexistent-folder");
        for bad in ["../logo.png", "/etc/passwd", "a/../../b.png", ""] {
            let e = check(base, bad).unwrap_err();
            assert!(e.message.contains("leaves the region file's folder"), "{bad}: {}", e.message);
        }
    }
}
