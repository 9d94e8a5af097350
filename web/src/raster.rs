//! The preview: each page of the PDF the engine wrote, rasterised from those bytes with
//! hayro, so what the page shows is what the file contains.

use std::sync::Arc;

/// One page's pixels: straight RGBA, row by row, opaque (drawn on white).
pub struct Page {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

pub fn pages(pdf: &[u8], ppi: f32) -> Result<Vec<Page>, String> {
    let pdf = hayro::hayro_syntax::Pdf::new(Arc::new(pdf.to_vec()))
        .map_err(|e| format!("the preview cannot read the PDF: {e:?}"))?;
    let cache = hayro::RenderCache::new();
    let interpreter = hayro::hayro_interpret::InterpreterSettings::default();
    let settings = hayro::RenderSettings::default();
    let scale = ppi / 72.0;
    Ok(pdf
        .pages()
        .iter()
        .map(|page| {
            let pixmap = hayro::render(
                page,
                &cache,
                &interpreter,
                &settings,
                &hayro::PixmapSettings {
                    x_scale: scale,
                    y_scale: scale,
                    bg_color: hayro::vello_cpu::color::palette::css::WHITE,
                },
            );
            let (width, height) = (u32::from(pixmap.width()), u32::from(pixmap.height()));
            // On an opaque white background premultiplied and straight alpha are the same.
            Page { width, height, rgba: pixmap.data_as_u8_slice().to_vec() }
        })
        .collect())
}
