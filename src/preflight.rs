//! The facts of a print copy that a print shop's preflight looks at first (pages, trim,
//! bleed, sheet, fonts, image resolution, colour), taken from the composed document and
//! printed beside each print copy a build writes.

use crate::compose::{Composed, FontKey, Item};
use crate::resolve::{Document, PictureSource};

/// The facts a print shop's preflight looks at, from the composed document.
#[derive(Clone, Debug, PartialEq)]
pub struct Preflight {
    pub pages: usize,
    pub trim_mm: (f32, f32),
    pub bleed_mm: f32,
    pub media_mm: (f32, f32),
    /// The font faces used; krilla embeds every one as a subset.
    pub fonts: Vec<&'static str>,
    /// The lowest effective resolution of any raster image at its printed size.
    pub lowest_image_ppi: Option<f32>,
    /// Raster images left in RGB (logos; there is no colour-managed conversion to CMYK).
    pub rgb_images: usize,
}

impl std::fmt::Display for Preflight {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} page{}, trim {:.0} x {:.0} mm, bleed {:.0} mm, sheet {:.0} x {:.0} mm with marks; fonts embedded: {}; ",
            self.pages,
            if self.pages == 1 { "" } else { "s" },
            self.trim_mm.0,
            self.trim_mm.1,
            self.bleed_mm,
            self.media_mm.0,
            self.media_mm.1,
            self.fonts.join(", ")
        )?;
        match self.lowest_image_ppi {
            Some(ppi) => write!(f, "lowest image resolution {ppi:.0} ppi; ")?,
            None => write!(f, "no raster images (all artwork is vector); ")?,
        }
        match self.rgb_images {
            0 => write!(f, "colour: all CMYK"),
            n => write!(
                f,
                "colour: CMYK, with {n} RGB image{} left for the print shop to convert",
                if n == 1 { "" } else { "s" }
            ),
        }
    }
}

/// The print facts of a composed document.
pub fn facts(document: &Document, composed: &Composed) -> Preflight {
    let page = &document.page;
    let margin = crate::render::PRINT_MARGIN.to_pt();
    let mut fonts = Vec::new();
    let mut lowest: Option<f32> = None;
    let mut rgb_images = 0;
    for item in composed.pages.iter().flat_map(|p| &p.items) {
        match item {
            Item::Text(text) => {
                let face = match text.font {
                    FontKey::Regular => "Atkinson Hyperlegible Next Regular",
                    FontKey::Bold => "Atkinson Hyperlegible Next Bold",
                };
                if !fonts.contains(&face) {
                    fonts.push(face);
                }
            }
            Item::Picture { rect, source: PictureSource::Raster(pixels), .. } => {
                let ppi = pixels.width() as f32 / (rect.width.0 / 72.0);
                lowest = Some(lowest.map_or(ppi, |l: f32| l.min(ppi)));
                rgb_images += 1;
            }
            _ => {}
        }
    }
    fonts.sort_unstable();
    Preflight {
        pages: composed.pages.len(),
        trim_mm: (page.trim_width.to_mm().0, page.trim_height.to_mm().0),
        bleed_mm: page.bleed.to_mm().0,
        media_mm: ((page.trim_width + margin * 2.0).to_mm().0, (page.trim_height + margin * 2.0).to_mm().0),
        fonts,
        lowest_image_ppi: lowest,
        rgb_images,
    }
}
