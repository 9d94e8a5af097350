//! A force's logo as the PDF image a copy draws, made once per session and reused by every
//! document that draws it the same way. All twelve products and copies of a force draw
//! one logo at a few sizes, and making its image (scaling it down, flattening it or
//! separating it into the press's CMYK, then compressing it) was most of what a logo adds
//! to a document's build. krilla compresses an image once and keeps the result inside it,
//! so a kept image goes into each further document at the cost of a copy.

use std::sync::{Arc, Mutex, PoisonError, Weak};

use image::RgbaImage;
use krilla::image::Image;

use crate::colour::{Colour, Rgb, flatten_onto};
use crate::error::{Diagnostic, Result};
use crate::pdfx::PrintSettings;
use crate::units::Pt;

/// Logo images made so far. An image is kept only while its logo's pixels are: the browser
/// page reads a new region (new pixels) at every edit, and the images of the ones it has
/// dropped go at the next lookup.
#[derive(Default)]
pub struct LogoImages {
    made: Mutex<Vec<Made>>,
}

struct Made {
    /// The logo's pixels as the region holds them. A `Weak` keeps the allocation's address
    /// from being reused, so the same address is the same logo.
    pixels: Weak<RgbaImage>,
    how: How,
    image: Image,
}

/// What makes two drawings of one logo the same image.
#[derive(Clone, Copy, Debug, PartialEq)]
struct How {
    /// The image's width in pixels: the logo's own, or fewer where it has more than print needs.
    width: u32,
    /// The colour behind the logo, onto which its transparency is flattened.
    background: Colour,
    /// The print copy's press condition and ink limit; `None` for the web copy (sRGB).
    press: Option<(&'static str, u16)>,
}

/// Over this resolution at the drawn size, a logo adds bytes, not sharpness...
const MOST_PPI: f32 = 600.0;
/// ...and is scaled down to this.
const SCALED_PPI: f32 = 450.0;

impl LogoImages {
    /// The image of `pixels` drawn `drawn_width` wide on `background`: separated for `press`
    /// in a print copy, sRGB in the web copy (`press` is `None`).
    pub(super) fn image(
        &self,
        pixels: &Arc<RgbaImage>,
        drawn_width: Pt,
        background: Colour,
        press: Option<&PrintSettings>,
    ) -> Result<Image> {
        let inches = drawn_width.0 / 72.0;
        let width = if pixels.width() as f32 / inches > MOST_PPI {
            (inches * SCALED_PPI).round().max(1.0) as u32
        } else {
            pixels.width()
        };
        let how = How { width, background, press: press.map(|p| (p.condition.identifier, p.ink_limit)) };
        let find = |made: &mut Vec<Made>| {
            made.retain(|m| m.pixels.strong_count() > 0);
            made.iter()
                .find(|m| m.how == how && std::ptr::eq(m.pixels.as_ptr(), Arc::as_ptr(pixels)))
                .map(|m| m.image.clone())
        };
        // A poisoned lock only means another thread panicked; the list itself is whole.
        let lock = || self.made.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(image) = find(&mut lock()) {
            return Ok(image);
        }
        // Made without holding the lock; two threads making the same image keep the first.
        let image = make(pixels, how, press)?;
        let mut made = lock();
        if let Some(first) = find(&mut made) {
            return Ok(first);
        }
        made.push(Made { pixels: Arc::downgrade(pixels), how, image: image.clone() });
        Ok(image)
    }
}

fn make(pixels: &RgbaImage, how: How, press: Option<&PrintSettings>) -> Result<Image> {
    let scaled;
    let pixels = if how.width == pixels.width() {
        pixels
    } else {
        let height = ((how.width as f32) * pixels.height() as f32 / pixels.width() as f32).round().max(1.0) as u32;
        scaled = image::imageops::resize(pixels, how.width, height, image::imageops::FilterType::Triangle);
        &scaled
    };
    if let Some(press) = press {
        // The print copy: separated into the press's CMYK and flattened onto the CMYK colour
        // behind it.
        let cmyk = press.separate(pixels, how.background.cmyk.to_f32())?;
        return Image::from_custom(cmyk, false)
            .map_err(|e| Diagnostic::error(format!("the logo cannot be drawn in CMYK: {e}")).into());
    }
    // The web copy flattens transparency onto the colour behind it.
    let flat = flatten(pixels, how.background);
    let (width, height) = flat.dimensions();
    Ok(Image::from_rgba8(flat.into_raw(), width, height))
}

/// RGBA pixels composited onto an opaque colour.
fn flatten(pixels: &RgbaImage, background: Colour) -> RgbaImage {
    let mut flat = pixels.clone();
    for pixel in flat.pixels_mut() {
        let Rgb([r, g, b]) = flatten_onto(pixel.0, background.rgb);
        pixel.0 = [r, g, b, 255];
    }
    flat
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::colour::Cmyk;

    fn white() -> Colour {
        Colour { rgb: Rgb([255, 255, 255]), cmyk: Cmyk([0.0; 4]) }
    }

    fn logo(width: u32, height: u32) -> Arc<RgbaImage> {
        Arc::new(RgbaImage::from_fn(width, height, |x, _| image::Rgba([(x % 256) as u8, 40, 120, 200])))
    }

    #[test]
    fn a_logo_drawn_again_the_same_way_is_made_once() {
        let images = LogoImages::default();
        let press = PrintSettings::default();
        let pixels = logo(300, 100);
        let (web, print) = (None, Some(&press));
        let made = || images.made.lock().unwrap().len();
        images.image(&pixels, Pt(72.0), white(), web).unwrap();
        images.image(&pixels, Pt(72.0), white(), web).unwrap();
        assert_eq!(made(), 1, "drawn again the same way, the image is found, not made");
        // The print copy, another background, or other pixels that look the same (another
        // region's logo) are made anew.
        images.image(&pixels, Pt(72.0), white(), print).unwrap();
        let tinted = Colour { rgb: Rgb([230, 230, 240]), cmyk: Cmyk([8.0, 6.0, 0.0, 0.0]) };
        images.image(&pixels, Pt(72.0), tinted, web).unwrap();
        let twin = Arc::new(pixels.as_ref().clone());
        images.image(&twin, Pt(72.0), white(), web).unwrap();
        assert_eq!(made(), 4);
        // Drawn smaller, still over 600 ppi at both sizes: scaled to each size, two images.
        images.image(&pixels, Pt(18.0), white(), web).unwrap();
        images.image(&pixels, Pt(24.0), white(), web).unwrap();
        assert_eq!(made(), 6);
    }

    #[test]
    fn a_logo_with_more_pixels_than_print_needs_is_scaled_to_450_ppi() {
        let images = LogoImages::default();
        let press = PrintSettings::default();
        // 2,400 pixels drawn one inch wide is 2,400 ppi: scaled to 450 x 150.
        let large = logo(2400, 800);
        let image = images.image(&large, Pt(72.0), white(), Some(&press)).unwrap();
        assert_eq!(image.size(), (450, 150));
        // 500 pixels an inch is under 600 ppi: kept as it is.
        let fine = logo(500, 100);
        assert_eq!(images.image(&fine, Pt(72.0), white(), None).unwrap().size(), (500, 100));
    }

    #[test]
    fn images_of_a_dropped_logo_are_let_go() {
        let images = LogoImages::default();
        for _ in 0..5 {
            // Each edit in the browser page reads the logo anew.
            let pixels = logo(200, 100);
            images.image(&pixels, Pt(36.0), white(), None).unwrap();
        }
        let kept = logo(200, 100);
        images.image(&kept, Pt(36.0), white(), None).unwrap();
        assert_eq!(images.made.lock().unwrap().len(), 1, "only the live logo's image is kept");
    }
}
