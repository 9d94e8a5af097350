//! Checking a force's logo before anything decodes it: the path must stay inside the
//! region file's folder, the file must be PNG or JPEG, at most 20 MB and at most 40
//! megapixels (read from its header, so a decompression bomb is refused unopened).

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Largest logo file accepted.
pub(crate) const MAX_BYTES: u64 = 20 * 1024 * 1024;
/// Largest logo accepted, in pixels.
pub(crate) const MAX_PIXELS: u64 = 40_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogoFormat {
    Png,
    Jpeg,
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
    } else {
        return Err(problem(
            format!("`{relative}` is not a PNG or JPEG image"),
            "save the logo as PNG (best for logos) or JPEG",
        ));
    };
    let reader = image::ImageReader::with_format(
        std::io::Cursor::new(&bytes),
        match format {
            LogoFormat::Png => image::ImageFormat::Png,
            LogoFormat::Jpeg => image::ImageFormat::Jpeg,
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
    Ok(LogoFile { path, format, width, height, bytes: Arc::new(bytes) })
}

/// Decode a checked logo to RGBA pixels, with a memory limit as a second guard.
pub fn decode(logo: &LogoFile) -> Result<image::RgbaImage, String> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(logo.bytes.as_slice()));
    reader.set_format(match logo.format {
        LogoFormat::Png => image::ImageFormat::Png,
        LogoFormat::Jpeg => image::ImageFormat::Jpeg,
    });
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(logo.width);
    limits.max_image_height = Some(logo.height);
    // Room for the decoded image in its own colour type (a 16-bit RGBA PNG takes 8 bytes a
    // pixel) and the 8-bit copy made from it; the pixel count is already bounded.
    limits.max_alloc = Some(u64::from(logo.width) * u64::from(logo.height) * 12 + 1024 * 1024);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| e.to_string())?;
    let pixels = decoded.to_rgba8();
    drop(decoded);
    // Print needs no more: a logo prints at most about 36 mm wide in the built-in layouts
    // (18 mm high, a 4:1 logo twice as wide by area), 425 pixels at 300 ppi; 2,000 pixels
    // keep 300 ppi up to 169 mm, far past any logo frame, and the image-resolution check
    // still warns if a layout prints one larger. The region keeps only this copy.
    let longest = pixels.width().max(pixels.height());
    if longest <= MAX_DECODED_SIDE {
        return Ok(pixels);
    }
    let scale = MAX_DECODED_SIDE as f32 / longest as f32;
    let width = ((pixels.width() as f32 * scale).round() as u32).max(1);
    let height = ((pixels.height() as f32 * scale).round() as u32).max(1);
    Ok(image::imageops::resize(&pixels, width, height, image::imageops::FilterType::Triangle))
}

/// The longest side of a logo once decoded, in pixels.
pub const MAX_DECODED_SIDE: u32 = 2000;

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
