//! RGB pixels to the press's CMYK, through Little CMS: sRGB (what a logo file means) to
//! the output profile, relative colorimetric, the intent for graphics such as logos, whose
//! colours in the press's gamut should print as they are. Without black point
//! compensation: with it, every colour came out lighter (CIEDE2000 2.05 for a mid blue,
//! 1.05 for a mid grey, measured in `tests/pdfx.rs`); without, 0.24 and 0.11. What it
//! would keep, detail in shadows darker than the press's black, a flat logo does not have.
//! The logo's transparency is then flattened in CMYK onto the colour behind it, so the
//! paper around a transparent logo prints exactly the layout's CMYK value and the print copy
//! carries no soft mask; last, any pixel above the ink limit loses cyan, magenta and
//! yellow in proportion (black is kept, so text in the logo stays sharp).

use std::sync::Arc;

#[cfg(feature = "print")]
use lcms2::{DisallowCache, Flags, GlobalContext, Intent, PixelFormat, Profile};

/// An opaque CMYK image, 8 bits per ink, 0 for no ink and 255 for full.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub(crate) struct CmykImage {
    pub width: u32,
    pub height: u32,
    /// C, M, Y, K for each pixel, row by row.
    pub pixels: Arc<Vec<u8>>,
}

/// sRGB to one output profile's CMYK, shareable between threads.
#[cfg(feature = "print")]
pub(super) struct Transform(lcms2::Transform<[u8; 3], [u8; 4], GlobalContext, DisallowCache>);

#[cfg(feature = "print")]
impl std::fmt::Debug for Transform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Transform(sRGB to CMYK)")
    }
}

#[cfg(feature = "print")]
impl Transform {
    pub(super) fn new(profile: &[u8]) -> Result<Transform, String> {
        let output = Profile::new_icc(profile).map_err(|e| e.to_string())?;
        let transform = lcms2::Transform::new_flags_context(
            GlobalContext::new(),
            &Profile::new_srgb(),
            PixelFormat::RGB_8,
            &output,
            PixelFormat::CMYK_8,
            Intent::RelativeColorimetric,
            Flags::NO_CACHE,
        )
        .map_err(|e| e.to_string())?;
        Ok(Transform(transform))
    }

    /// `pixels` in CMYK, flattened onto `background` (ink fractions, 0 to 1) and held to
    /// `ink_limit` percent.
    pub(super) fn separate(&self, pixels: &image::RgbaImage, background: [f32; 4], ink_limit: u16) -> CmykImage {
        let rgb: Vec<[u8; 3]> = pixels.pixels().map(|p| [p.0[0], p.0[1], p.0[2]]).collect();
        let mut cmyk = vec![[0u8; 4]; rgb.len()];
        self.0.transform_pixels(&rgb, &mut cmyk);
        let under = background.map(|v| v.clamp(0.0, 1.0) * 255.0);
        // The most ink a pixel may carry, in the same units as the samples (255 = 100%).
        let most = u32::from(ink_limit) * 255 / 100;
        let mut out = Vec::with_capacity(cmyk.len() * 4);
        for (inks, pixel) in cmyk.iter().zip(pixels.pixels()) {
            let alpha = f32::from(pixel.0[3]) / 255.0;
            let mut flat = [0u8; 4];
            for channel in 0..4 {
                let value = f32::from(inks[channel]) * alpha + under[channel] * (1.0 - alpha);
                flat[channel] = value.round().clamp(0.0, 255.0) as u8;
            }
            out.extend_from_slice(&limit_ink(flat, most));
        }
        CmykImage { width: pixels.width(), height: pixels.height(), pixels: Arc::new(out) }
    }
}

#[cfg(feature = "print")]
/// One sRGB colour in FOGRA39 CMYK (percent), through the same transform as logos and held
/// to 300% total ink: how a colour the tool derives (a chart colour made to contrast with a
/// force's brand) gets its print value.
pub(crate) fn srgb_to_press_cmyk(rgb: [u8; 3]) -> crate::colour::Cmyk {
    srgb_to_press_cmyk_within(rgb, super::DEFAULT_INK_LIMIT)
}

/// [`srgb_to_press_cmyk`] held to `ink_limit` percent total ink (a release's `ink_limit`).
#[cfg(feature = "print")]
pub(crate) fn srgb_to_press_cmyk_within(rgb: [u8; 3], ink_limit: u16) -> crate::colour::Cmyk {
    static TRANSFORM: std::sync::OnceLock<Option<Transform>> = std::sync::OnceLock::new();
    let transform = TRANSFORM.get_or_init(|| Transform::new(super::FOGRA39.profile).ok());
    let Some(transform) = transform else {
        // The built-in profile always loads; a neutral grey-scale guess keeps this total.
        let k = 100.0 - f32::from(rgb.iter().copied().max().unwrap_or(0)) / 2.55;
        return crate::colour::Cmyk([0.0, 0.0, 0.0, k.round()]);
    };
    let mut out = [[0u8; 4]];
    transform.0.transform_pixels(&[rgb], &mut out);
    let inks = limit_ink(out[0], u32::from(ink_limit) * 255 / 100);
    crate::colour::Cmyk(inks.map(|v| (f32::from(v) / 2.55).round()))
}

#[cfg(feature = "print")]
/// A colour as the press prints it (FOGRA39, the default condition), seen on screen again:
/// its CMYK (percent) through the press profile back to sRGB, so contrasts can be measured
/// in the print copy's inks.
pub(crate) fn press_cmyk_to_srgb(cmyk: crate::colour::Cmyk) -> crate::colour::Rgb {
    // Made once: building a transform from the FOGRA39 profile took about 40 ms, and every
    // region file with brand colours asked for it again (3 times slower `build`s).
    type Back = lcms2::Transform<[u8; 4], [u8; 3], GlobalContext, DisallowCache>;
    static BACK: std::sync::OnceLock<Option<Back>> = std::sync::OnceLock::new();
    let transform = BACK.get_or_init(|| {
        let press = Profile::new_icc(super::FOGRA39.profile).ok()?;
        lcms2::Transform::new_flags_context(
            GlobalContext::new(),
            &press,
            PixelFormat::CMYK_8,
            &Profile::new_srgb(),
            PixelFormat::RGB_8,
            Intent::RelativeColorimetric,
            Flags::NO_CACHE,
        )
        .ok()
    });
    let inks = cmyk.0.map(|v| (v.clamp(0.0, 100.0) * 2.55).round() as u8);
    let mut out = [[0u8; 3]];
    if let Some(t) = transform {
        t.transform_pixels(&[inks], &mut out);
    }
    crate::colour::Rgb(out[0])
}

#[cfg(feature = "print")]
/// CIEDE2000 between an sRGB colour and what the press prints for a CMYK value: how far a
/// force's written CMYK is from its own sRGB (white written for navy is about 80).
pub(crate) fn cmyk_difference(rgb: crate::colour::Rgb, cmyk: crate::colour::Cmyk) -> f64 {
    type ToLab<T> = lcms2::Transform<T, [f64; 3], GlobalContext, DisallowCache>;
    let lab_profile = || Profile::new_lab4_context(GlobalContext::new(), lcms2::CIExyY::d50()).ok();
    // Made once, as in `press_cmyk_to_srgb`.
    static SCREEN: std::sync::OnceLock<Option<ToLab<[u8; 3]>>> = std::sync::OnceLock::new();
    static PRESS: std::sync::OnceLock<Option<ToLab<[u8; 4]>>> = std::sync::OnceLock::new();
    let screen = SCREEN.get_or_init(|| {
        let lab = lab_profile()?;
        let flags = Flags::NO_CACHE;
        let (srgb, intent) = (Profile::new_srgb(), Intent::RelativeColorimetric);
        lcms2::Transform::new_flags_context(
            GlobalContext::new(),
            &srgb,
            PixelFormat::RGB_8,
            &lab,
            PixelFormat::Lab_DBL,
            intent,
            flags,
        )
        .ok()
    });
    let press = PRESS.get_or_init(|| {
        let lab = lab_profile()?;
        let flags = Flags::NO_CACHE;
        let (press, intent) = (Profile::new_icc(super::FOGRA39.profile).ok()?, Intent::RelativeColorimetric);
        lcms2::Transform::new_flags_context(
            GlobalContext::new(),
            &press,
            PixelFormat::CMYK_8,
            &lab,
            PixelFormat::Lab_DBL,
            intent,
            flags,
        )
        .ok()
    });
    let lab = |out: [f64; 3]| lcms2::CIELab { L: out[0], a: out[1], b: out[2] };
    let inks = cmyk.0.map(|v| (v.clamp(0.0, 100.0) * 2.55).round() as u8);
    match (screen, press) {
        (Some(screen), Some(press)) => {
            let (mut a, mut b) = ([[0f64; 3]], [[0f64; 3]]);
            screen.transform_pixels(&[rgb.0], &mut a);
            press.transform_pixels(&[inks], &mut b);
            lcms2::CIELabExt::cie2000_delta_e(&lab(a[0]), &lab(b[0]), 1.0, 1.0, 1.0)
        }
        _ => 0.0,
    }
}

#[cfg(feature = "print")]
/// Take cyan, magenta and yellow down in proportion until the four inks total at most
/// `most` (in sample units); black is kept.
fn limit_ink([c, m, y, k]: [u8; 4], most: u32) -> [u8; 4] {
    let colour = u32::from(c) + u32::from(m) + u32::from(y);
    if colour + u32::from(k) <= most {
        return [c, m, y, k];
    }
    let room = most.saturating_sub(u32::from(k));
    // Rounded down, so the total never comes out above the limit.
    let scale = |v: u8| (u32::from(v) * room / colour) as u8;
    [scale(c), scale(m), scale(y), k]
}

/// Without Little CMS (a build without the `print` feature: the browser page, where the C
/// library does not compile for wasm32-unknown-unknown) no print copy can be made, and
/// the checks that measure colours through the press profile are left out; a brand
/// colour's CMYK, when not written, is a plain conversion that only a print copy would use.
#[cfg(not(feature = "print"))]
mod without_cms {
    use super::CmykImage;

    /// Uninhabited: a build without colour management never has a transform.
    #[derive(Debug)]
    pub(in crate::pdfx) enum Transform {}

    impl Transform {
        pub(in crate::pdfx) fn new(_profile: &[u8]) -> Result<Transform, String> {
            Err("this build has no colour management (Little CMS, the `print` feature), so it makes no print copies"
                .into())
        }

        pub(in crate::pdfx) fn separate(&self, _: &image::RgbaImage, _: [f32; 4], _: u16) -> CmykImage {
            match *self {}
        }
    }

    /// The naive conversion (no profile): only a print copy would print it.
    pub(crate) fn srgb_to_press_cmyk(rgb: [u8; 3]) -> crate::colour::Cmyk {
        let [r, g, b] = rgb.map(|v| f32::from(v) / 255.0);
        let k = 1.0 - r.max(g).max(b);
        let ink = |v: f32| if k >= 1.0 { 0.0 } else { ((1.0 - v - k) / (1.0 - k) * 100.0).round() };
        crate::colour::Cmyk([ink(r), ink(g), ink(b), (k * 100.0).round()])
    }

    /// The naive conversion, whose total ink never passes 300%.
    pub(crate) fn srgb_to_press_cmyk_within(rgb: [u8; 3], _ink_limit: u16) -> crate::colour::Cmyk {
        srgb_to_press_cmyk(rgb)
    }

    /// The naive conversion back; the region checks do not ask for it in this build.
    pub(crate) fn press_cmyk_to_srgb(cmyk: crate::colour::Cmyk) -> crate::colour::Rgb {
        let [c, m, y, k] = cmyk.0.map(|v| v.clamp(0.0, 100.0) / 100.0);
        let channel = |v: f32| (255.0 * (1.0 - v) * (1.0 - k)).round() as u8;
        crate::colour::Rgb([channel(c), channel(m), channel(y)])
    }

    /// No measure without a profile: no finding.
    pub(crate) fn cmyk_difference(_: crate::colour::Rgb, _: crate::colour::Cmyk) -> f64 {
        0.0
    }
}
#[cfg(not(feature = "print"))]
pub(crate) use without_cms::*;

#[cfg(all(test, feature = "print"))]
mod tests {
    use super::*;

    fn fogra39() -> Transform {
        Transform::new(super::super::FOGRA39.profile).unwrap()
    }

    fn one(transform: &Transform, rgba: [u8; 4], background: [f32; 4], limit: u16) -> [u8; 4] {
        let image = image::RgbaImage::from_pixel(1, 1, image::Rgba(rgba));
        let cmyk = transform.separate(&image, background, limit);
        [cmyk.pixels[0], cmyk.pixels[1], cmyk.pixels[2], cmyk.pixels[3]]
    }

    #[test]
    fn white_is_no_ink_and_black_is_mostly_black_ink_within_the_limit() {
        let t = fogra39();
        assert_eq!(one(&t, [255, 255, 255, 255], [0.0; 4], 300), [0, 0, 0, 0]);
        let black = one(&t, [0, 0, 0, 255], [0.0; 4], 300);
        let total: u32 = black.iter().map(|&v| u32::from(v)).sum();
        assert!(black[3] > 200, "black ink carries the black: {black:?}");
        assert!(total <= 765, "{black:?} is over 300%");
    }

    #[test]
    fn transparent_pixels_take_the_cmyk_behind_them_exactly() {
        let navy = [1.0, 0.8, 0.25, 0.35];
        assert_eq!(one(&fogra39(), [255, 0, 0, 0], navy, 300), [255, 204, 64, 89]);
    }

    #[test]
    fn a_lower_limit_takes_colour_inks_down_and_keeps_black() {
        assert_eq!(limit_ink([255, 255, 255, 255], 765), [170, 170, 170, 255]);
        assert_eq!(limit_ink([10, 20, 30, 40], 765), [10, 20, 30, 40]);
        let limited = limit_ink([240, 230, 220, 250], 714);
        assert_eq!(limited[3], 250);
        assert!(limited.iter().map(|&v| u32::from(v)).sum::<u32>() <= 714);
    }

    #[test]
    fn a_red_logo_separates_into_magenta_and_yellow() {
        let red = one(&fogra39(), [204, 0, 0, 255], [0.0; 4], 300);
        assert!(red[1] > 200 && red[2] > 200 && red[0] < 40, "{red:?}");
    }
}
