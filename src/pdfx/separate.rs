//! RGB pixels to the press's CMYK, through moxcms (a colour-management library written in
//! Rust, so the command line and the browser page run the same code: docs/design.md, "One
//! colour-management library"). sRGB (what a logo file means) to the output profile,
//! relative colorimetric, the intent for graphics such as logos, whose colours in the
//! press's gamut should print as they are. Without black point compensation: with it,
//! every colour came out lighter (CIEDE2000 2.05 for a mid blue, 1.05 for a mid grey,
//! measured with Little CMS, which the tool used before); without, the logo's colours print
//! within the differences `tests/pdfx.rs` states. What it would keep, detail in shadows
//! darker than the press's black, a flat logo does not have. The logo's transparency is then
//! flattened in CMYK onto the colour behind it, so the paper around a transparent logo
//! prints exactly the layout's CMYK value and the print copy carries no soft mask; last, any
//! pixel above the ink limit loses cyan, magenta and yellow in proportion (black is kept, so
//! text in the logo stays sharp).

use std::sync::{Arc, OnceLock};

use moxcms::{
    Chromaticity, ColorProfile, DataColorSpace, InterpolationMethod, Layout, Matrix3d, RenderingIntent,
    ToneCurveEvaluator, ToneReprCurve, Transform8BitExecutor, TransformF64Executor, TransformOptions,
};

use crate::colour::{Cmyk, Rgb};

/// An opaque CMYK image, 8 bits per ink, 0 for no ink and 255 for full.
#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub(crate) struct CmykImage {
    pub width: u32,
    pub height: u32,
    /// C, M, Y, K for each pixel, row by row.
    pub pixels: Arc<Vec<u8>>,
}

/// Relative colorimetric; tetrahedral interpolation in the three-input tables, as Little CMS
/// and ArgyllCMS use (moxcms's default, trilinear, measured further from them).
fn options() -> TransformOptions {
    TransformOptions {
        rendering_intent: RenderingIntent::RelativeColorimetric,
        interpolation_method: InterpolationMethod::Tetrahedral,
        ..TransformOptions::default()
    }
}

fn press_profile(profile: &[u8]) -> Result<ColorProfile, String> {
    ColorProfile::new_from_slice(profile).map_err(|e| e.to_string())
}

/// CIELAB (D50, the profiles' connection space) as a colour space moxcms converts into: its
/// generic Lab profile, told that it connects in Lab (it says XYZ, and the CMYK profiles'
/// tables hand over Lab).
fn lab_profile() -> ColorProfile {
    let mut lab = ColorProfile::new_lab();
    lab.pcs = DataColorSpace::Lab;
    lab
}

/// sRGB to one output profile's CMYK, shareable between threads.
pub(super) struct Transform(Arc<Transform8BitExecutor>);

impl std::fmt::Debug for Transform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Transform(sRGB to CMYK)")
    }
}

impl Transform {
    pub(super) fn new(profile: &[u8]) -> Result<Transform, String> {
        let press = press_profile(profile)?;
        // moxcms lays CMYK out as four channels, as it does RGBA.
        let transform = ColorProfile::new_srgb()
            .create_transform_8bit(Layout::Rgb, &press, Layout::Rgba, options())
            .map_err(|e| e.to_string())?;
        Ok(Transform(transform))
    }

    /// Packed RGB samples to packed CMYK samples.
    fn inks(&self, rgb: &[u8]) -> Result<Vec<u8>, String> {
        let mut cmyk = vec![0u8; rgb.len() / 3 * 4];
        self.0.transform(rgb, &mut cmyk).map_err(|e| e.to_string())?;
        Ok(cmyk)
    }

    /// `pixels` in CMYK, flattened onto `background` (ink fractions, 0 to 1) and held to
    /// `ink_limit` percent.
    pub(super) fn separate(
        &self,
        pixels: &image::RgbaImage,
        background: [f32; 4],
        ink_limit: u16,
    ) -> Result<CmykImage, String> {
        let rgb: Vec<u8> = pixels.pixels().flat_map(|p| [p.0[0], p.0[1], p.0[2]]).collect();
        let cmyk = self.inks(&rgb)?;
        let under = background.map(|v| v.clamp(0.0, 1.0) * 255.0);
        let under_samples = under.map(|v| v.round() as u8);
        // The most ink a pixel may carry, in the same units as the samples (255 = 100%).
        let most = u32::from(ink_limit) * 255 / 100;
        let mut out = Vec::with_capacity(cmyk.len());
        for (inks, pixel) in cmyk.chunks_exact(4).zip(pixels.pixels()) {
            // Most of a logo is opaque or clear: those pixels need no blending.
            let flat = match pixel.0[3] {
                255 => [inks[0], inks[1], inks[2], inks[3]],
                0 => under_samples,
                alpha => {
                    let alpha = f32::from(alpha) / 255.0;
                    std::array::from_fn(|channel| {
                        let value = f32::from(inks[channel]) * alpha + under[channel] * (1.0 - alpha);
                        value.round().clamp(0.0, 255.0) as u8
                    })
                }
            };
            out.extend_from_slice(&limit_ink(flat, most));
        }
        Ok(CmykImage { width: pixels.width(), height: pixels.height(), pixels: Arc::new(out) })
    }
}

/// One sRGB colour in FOGRA39 CMYK (percent), through the same transform as logos and held
/// to 300% total ink: how a colour the tool derives (a chart colour made to contrast with a
/// force's brand) gets its print value.
pub(crate) fn srgb_to_press_cmyk(rgb: [u8; 3]) -> Cmyk {
    srgb_to_press_cmyk_within(rgb, super::DEFAULT_INK_LIMIT)
}

/// [`srgb_to_press_cmyk`] held to `ink_limit` percent total ink (a release's `ink_limit`).
pub(crate) fn srgb_to_press_cmyk_within(rgb: [u8; 3], ink_limit: u16) -> Cmyk {
    // The condition's own transform, made once (building it is the slow part).
    let Ok(Ok(inks)) = super::FOGRA39.transform().map(|t| t.inks(&rgb)) else {
        // The built-in profile always loads; a neutral grey-scale guess keeps this total.
        let k = 100.0 - f32::from(rgb.iter().copied().max().unwrap_or(0)) / 2.55;
        return Cmyk([0.0, 0.0, 0.0, k.round()]);
    };
    let inks = limit_ink([inks[0], inks[1], inks[2], inks[3]], u32::from(ink_limit) * 255 / 100);
    Cmyk(inks.map(|v| (f32::from(v) / 2.55).round()))
}

/// CMYK percentages as the 8-bit samples the transforms read.
fn samples(cmyk: Cmyk) -> [u8; 4] {
    cmyk.0.map(|v| (v.clamp(0.0, 100.0) * 2.55).round() as u8)
}

/// A colour as the press prints it (FOGRA39, the default condition), seen on screen again:
/// its CMYK (percent) through the press profile back to sRGB, so contrasts can be measured
/// in the print copy's inks.
pub(crate) fn press_cmyk_to_srgb(cmyk: Cmyk) -> Rgb {
    // Made once: every region file with brand colours asks for it.
    static BACK: OnceLock<Option<Arc<Transform8BitExecutor>>> = OnceLock::new();
    let transform = BACK.get_or_init(|| {
        let press = press_profile(super::FOGRA39.profile).ok()?;
        press.create_transform_8bit(Layout::Rgba, &ColorProfile::new_srgb(), Layout::Rgb, options()).ok()
    });
    let mut out = [0u8; 3];
    if let Some(t) = transform {
        // Only a wrong length fails, and these are right; black is the safe answer for a check.
        let _ = t.transform(&samples(cmyk), &mut out);
    }
    Rgb(out)
}

/// CIEDE2000 between an sRGB colour and what the press prints for a CMYK value: how far a
/// force's written CMYK is from its own sRGB (white written for navy is about 80).
pub(crate) fn cmyk_difference(rgb: Rgb, cmyk: Cmyk) -> f64 {
    // Made once, as in `press_cmyk_to_srgb`.
    static PRESS: OnceLock<Option<Arc<TransformF64Executor>>> = OnceLock::new();
    let press = PRESS.get_or_init(|| {
        let press = press_profile(super::FOGRA39.profile).ok()?;
        press.create_transform_f64(Layout::Rgba, &lab_profile(), Layout::Rgb, options()).ok()
    });
    let (Some(seen), Some(press)) = (srgb_to_lab(rgb), press) else { return 0.0 };
    let mut printed = [0f64; 3];
    let press_in = samples(cmyk).map(|v| f64::from(v) / 255.0);
    if press.transform(&press_in, &mut printed).is_err() {
        return 0.0;
    }
    crate::colour::ciede2000(seen, lab_of(printed))
}

/// CIELAB (D50, the profiles' connection space) of an sRGB colour by the ICC matrix-shaper
/// model, from moxcms's sRGB profile: its tone curves, then its colorant matrix, then Lab
/// against the connection space's white. moxcms's f64 transform to the Lab profile computes
/// the same through tables of 65,536 entries a curve that it builds first: about 40 ms of
/// every process that checks a region's written CMYK (perf, 1 December 2026), for the few
/// colours a region file writes. The test below holds the two together.
fn srgb_to_lab(rgb: Rgb) -> Option<[f64; 3]> {
    struct Shaper {
        curves: [Box<dyn ToneCurveEvaluator + Send + Sync>; 3],
        matrix: Matrix3d,
    }
    static SRGB: OnceLock<Option<Shaper>> = OnceLock::new();
    let shaper = SRGB
        .get_or_init(|| {
            let profile = ColorProfile::new_srgb();
            let curve = |trc: &Option<ToneReprCurve>| trc.as_ref()?.make_linear_evaluator().ok();
            let curves = [curve(&profile.red_trc)?, curve(&profile.green_trc)?, curve(&profile.blue_trc)?];
            Some(Shaper { curves, matrix: profile.rgb_to_xyz_matrix() })
        })
        .as_ref()?;
    let linear: [f64; 3] =
        std::array::from_fn(|i| f64::from(shaper.curves[i].evaluate_value(f32::from(rgb.0[i]) / 255.0)));
    let xyz = shaper.matrix.v.map(|row| row[0] * linear[0] + row[1] * linear[1] + row[2] * linear[2]);
    let white = Chromaticity::D50.to_xyzd();
    Some(crate::colour::lab_of_xyz(xyz, [white.x, white.y, white.z]))
}

/// CIELAB from the Lab profile's encoding: L* 0 to 1, a* and b* 0 to 1 for -128 to 127.
fn lab_of([l, a, b]: [f64; 3]) -> [f64; 3] {
    [l * 100.0, a * 255.0 - 128.0, b * 255.0 - 128.0]
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_matrix_shaper_lab_of_srgb_is_the_f64_transform_s() {
        let transform =
            ColorProfile::new_srgb().create_transform_f64(Layout::Rgb, &lab_profile(), Layout::Rgb, options()).unwrap();
        // Furthest apart in the darks (L* under 20), where the transform's tables are
        // coarsest (measured up to 0.17 there, 0.07 elsewhere): its error, not the model's.
        let (mut dark, mut rest): (f64, f64) = (0.0, 0.0);
        let steps = [0u8, 1, 10, 40, 64, 100, 128, 160, 200, 230, 250, 255];
        for r in steps {
            for g in steps {
                for b in steps {
                    let mut out = [0f64; 3];
                    transform.transform(&[r, g, b].map(|v| f64::from(v) / 255.0), &mut out).unwrap();
                    let shaped = srgb_to_lab(Rgb([r, g, b])).unwrap();
                    let difference = crate::colour::ciede2000(shaped, lab_of(out));
                    let worst = if shaped[0] < 20.0 { &mut dark } else { &mut rest };
                    *worst = worst.max(difference);
                }
            }
        }
        assert!(rest < 0.1 && dark < 0.2, "CIEDE2000 up to {rest:.3}, and {dark:.3} in the darks");
    }

    fn fogra39() -> Transform {
        Transform::new(super::super::FOGRA39.profile).unwrap()
    }

    fn one(transform: &Transform, rgba: [u8; 4], background: [f32; 4], limit: u16) -> [u8; 4] {
        let image = image::RgbaImage::from_pixel(1, 1, image::Rgba(rgba));
        let cmyk = transform.separate(&image, background, limit).unwrap();
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
