//! PNG proofs of a written PDF, one per page, rendered from the PDF itself with hayro
//! (a pure-Rust renderer), so the proof shows what the file really contains. Only in
//! builds with the `preview` feature.

use std::path::{Path, PathBuf};

/// Proof resolution, dots per inch.
const DPI: f32 = 100.0;

/// Render `dir/file` to `dir/<file stem>-page-<n>.png`; returns the PNGs written.
pub(crate) fn write_pngs(dir: &Path, file: &str) -> Result<Vec<PathBuf>, String> {
    let bytes = std::fs::read(dir.join(file)).map_err(|e| e.to_string())?;
    let pdf = hayro::hayro_syntax::Pdf::new(std::sync::Arc::new(bytes)).map_err(|e| format!("{e:?}"))?;
    let cache = hayro::RenderCache::new();
    let interpreter = hayro::hayro_interpret::InterpreterSettings::default();
    let render = hayro::RenderSettings::default();
    let stem = file.trim_end_matches(".pdf");
    let mut written = Vec::new();
    for (index, page) in pdf.pages().iter().enumerate() {
        let pixmap = hayro::render(
            page,
            &cache,
            &interpreter,
            &render,
            &hayro::PixmapSettings {
                x_scale: DPI / 72.0,
                y_scale: DPI / 72.0,
                bg_color: hayro::vello_cpu::color::palette::css::WHITE,
            },
        );
        let png = pixmap.into_png().map_err(|e| format!("{e:?}"))?;
        let name = format!("{stem}-page-{}.png", index + 1);
        crate::output::write_atomic(dir, &name, &png).map_err(|e| e.to_string())?;
        written.push(dir.join(name));
    }
    Ok(written)
}
