//! Little CMS and moxcms side by side on the press profiles (issue 18): the measurement
//! behind the choice of one colour-management library for the CLI and the browser page.
//! For a 6x6x6 grid of sRGB colours and every colour the layouts and test forces write,
//! both separate sRGB into the press's CMYK (relative colorimetric, no black point
//! compensation) and read CMYK back to CIELAB; the CIEDE2000 differences between the two
//! are printed (`cargo test --test cms_agreement -- --nocapture`) and held to limits.

use std::time::Instant;

use handout::colour::ciede2000;
use handout::pdfx::{FOGRA29, FOGRA39, PrintCondition};

/// The colours measured: the grid, then every `#RRGGBB` in the layouts and test forces.
fn colours() -> Vec<[u8; 3]> {
    let steps = [0u8, 51, 102, 153, 204, 255];
    let mut colours = Vec::new();
    for r in steps {
        for g in steps {
            for b in steps {
                colours.push([r, g, b]);
            }
        }
    }
    let root = env!("CARGO_MANIFEST_DIR");
    for folder in ["layouts", "tests/forces"] {
        for entry in std::fs::read_dir(format!("{root}/{folder}")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                let text = std::fs::read_to_string(&path).unwrap();
                for (at, _) in text.match_indices('#') {
                    let Some(hex) = text.get(at + 1..at + 7) else { continue };
                    if hex.chars().all(|c| c.is_ascii_hexdigit())
                        && !text[at + 7..].starts_with(|c: char| c.is_ascii_hexdigit())
                    {
                        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
                        let colour = [channel(0), channel(2), channel(4)];
                        if !colours.contains(&colour) {
                            colours.push(colour);
                        }
                    }
                }
            }
        }
    }
    colours
}

mod little_cms {
    use lcms2::{Flags, Intent, PixelFormat, Profile, Transform};

    pub fn separate(profile: &[u8], colours: &[[u8; 3]]) -> Vec<[u8; 4]> {
        let press = Profile::new_icc(profile).unwrap();
        let t = Transform::new_flags(
            &Profile::new_srgb(),
            PixelFormat::RGB_8,
            &press,
            PixelFormat::CMYK_8,
            Intent::RelativeColorimetric,
            Flags::NO_CACHE,
        )
        .unwrap();
        let mut out = vec![[0u8; 4]; colours.len()];
        t.transform_pixels(colours, &mut out);
        out
    }

    pub fn cmyk_to_lab(profile: &[u8], inks: &[[u8; 4]]) -> Vec<[f64; 3]> {
        let press = Profile::new_icc(profile).unwrap();
        let lab = Profile::new_lab4_context(lcms2::GlobalContext::new(), lcms2::CIExyY::d50()).unwrap();
        let t = Transform::new_flags(
            &press,
            PixelFormat::CMYK_8,
            &lab,
            PixelFormat::Lab_DBL,
            Intent::RelativeColorimetric,
            Flags::NO_CACHE,
        )
        .unwrap();
        let mut out = vec![[0f64; 3]; inks.len()];
        t.transform_pixels(inks, &mut out);
        out
    }

    pub fn srgb_to_lab(colours: &[[u8; 3]]) -> Vec<[f64; 3]> {
        let lab = Profile::new_lab4_context(lcms2::GlobalContext::new(), lcms2::CIExyY::d50()).unwrap();
        let t = Transform::new_flags(
            &Profile::new_srgb(),
            PixelFormat::RGB_8,
            &lab,
            PixelFormat::Lab_DBL,
            Intent::RelativeColorimetric,
            Flags::NO_CACHE,
        )
        .unwrap();
        let mut out = vec![[0f64; 3]; colours.len()];
        t.transform_pixels(colours, &mut out);
        out
    }

    pub fn cmyk_to_srgb(profile: &[u8], inks: &[[u8; 4]]) -> Vec<[u8; 3]> {
        let press = Profile::new_icc(profile).unwrap();
        let t = Transform::new_flags(
            &press,
            PixelFormat::CMYK_8,
            &Profile::new_srgb(),
            PixelFormat::RGB_8,
            Intent::RelativeColorimetric,
            Flags::NO_CACHE,
        )
        .unwrap();
        let mut out = vec![[0u8; 3]; inks.len()];
        t.transform_pixels(inks, &mut out);
        out
    }
}

mod mox {
    use moxcms::{ColorProfile, DataColorSpace, InterpolationMethod, Layout, RenderingIntent, TransformOptions};

    pub fn options() -> TransformOptions {
        TransformOptions {
            rendering_intent: RenderingIntent::RelativeColorimetric,
            interpolation_method: InterpolationMethod::Tetrahedral,
            ..TransformOptions::default()
        }
    }

    pub fn separate(profile: &[u8], colours: &[[u8; 3]]) -> Vec<[u8; 4]> {
        let press = ColorProfile::new_from_slice(profile).unwrap();
        let t = ColorProfile::new_srgb().create_transform_8bit(Layout::Rgb, &press, Layout::Rgba, options()).unwrap();
        let flat: Vec<u8> = colours.iter().flatten().copied().collect();
        let mut out = vec![0u8; colours.len() * 4];
        t.transform(&flat, &mut out).unwrap();
        out.chunks_exact(4).map(|c| [c[0], c[1], c[2], c[3]]).collect()
    }

    /// CIELAB (D50, the profile connection space) of each CMYK, through a Lab profile whose
    /// connection space is Lab itself.
    pub fn cmyk_to_lab(profile: &[u8], inks: &[[u8; 4]]) -> Vec<[f64; 3]> {
        let press = ColorProfile::new_from_slice(profile).unwrap();
        let mut lab = ColorProfile::new_lab();
        lab.pcs = DataColorSpace::Lab;
        let t = press.create_transform_f64(Layout::Rgba, &lab, Layout::Rgb, options()).unwrap();
        let flat: Vec<f64> = inks.iter().flatten().map(|&v| f64::from(v) / 255.0).collect();
        let mut out = vec![0f64; inks.len() * 3];
        t.transform(&flat, &mut out).unwrap();
        out.chunks_exact(3).map(|c| [c[0] * 100.0, c[1] * 255.0 - 128.0, c[2] * 255.0 - 128.0]).collect()
    }

    /// CIELAB (D50) of sRGB colours, through the same Lab profile.
    pub fn srgb_to_lab(colours: &[[u8; 3]]) -> Vec<[f64; 3]> {
        let mut lab = ColorProfile::new_lab();
        lab.pcs = DataColorSpace::Lab;
        let t = ColorProfile::new_srgb().create_transform_f64(Layout::Rgb, &lab, Layout::Rgb, options()).unwrap();
        let flat: Vec<f64> = colours.iter().flatten().map(|&v| f64::from(v) / 255.0).collect();
        let mut out = vec![0f64; colours.len() * 3];
        t.transform(&flat, &mut out).unwrap();
        out.chunks_exact(3).map(|c| [c[0] * 100.0, c[1] * 255.0 - 128.0, c[2] * 255.0 - 128.0]).collect()
    }

    pub fn cmyk_to_srgb(profile: &[u8], inks: &[[u8; 4]]) -> Vec<[u8; 3]> {
        let press = ColorProfile::new_from_slice(profile).unwrap();
        let t = press.create_transform_8bit(Layout::Rgba, &ColorProfile::new_srgb(), Layout::Rgb, options()).unwrap();
        let flat: Vec<u8> = inks.iter().flatten().copied().collect();
        let mut out = vec![0u8; inks.len() * 3];
        t.transform(&flat, &mut out).unwrap();
        out.chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect()
    }
}

/// Median, 95th percentile and largest of some differences.
fn summary(mut values: Vec<f64>) -> [f64; 3] {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    [at(0.5), at(0.95), at(1.0)]
}

fn measure(condition: &PrintCondition) {
    let profile = condition.profile;
    let colours = colours();
    let screen = little_cms::srgb_to_lab(&colours);
    let (lc, mx) = (little_cms::separate(profile, &colours), mox::separate(profile, &colours));
    // The separations compared as printed: each CMYK read back by Little CMS.
    let (lc_printed, mx_printed) = (little_cms::cmyk_to_lab(profile, &lc), little_cms::cmyk_to_lab(profile, &mx));
    let separation: Vec<f64> = lc_printed.iter().zip(&mx_printed).map(|(a, b)| ciede2000(*a, *b)).collect();
    // "In gamut": Little CMS prints the colour within CIEDE2000 3 of the screen's.
    let in_gamut: Vec<bool> = screen.iter().zip(&lc_printed).map(|(s, p)| ciede2000(*s, *p) < 3.0).collect();
    let separation_in: Vec<f64> = separation.iter().zip(&in_gamut).filter(|(_, g)| **g).map(|(d, _)| *d).collect();
    let ink_step = lc.iter().zip(&mx).flat_map(|(a, b)| (0..4).map(|i| a[i].abs_diff(b[i]))).max().unwrap();
    // CMYK back to CIELAB: the same inks (Little CMS's separation) read by each.
    let back: Vec<f64> = little_cms::cmyk_to_lab(profile, &lc)
        .iter()
        .zip(&mox::cmyk_to_lab(profile, &lc))
        .map(|(a, b)| ciede2000(*a, *b))
        .collect();
    // And to sRGB, as the contrast check in print uses it.
    let lc_rgb = little_cms::cmyk_to_srgb(profile, &lc);
    let mx_rgb = mox::cmyk_to_srgb(profile, &lc);
    let to_screen: Vec<f64> = little_cms::srgb_to_lab(&lc_rgb)
        .iter()
        .zip(&little_cms::srgb_to_lab(&mx_rgb))
        .map(|(a, b)| ciede2000(*a, *b))
        .collect();
    let rgb_step = lc_rgb.iter().zip(&mx_rgb).flat_map(|(a, b)| (0..3).map(|i| a[i].abs_diff(b[i]))).max().unwrap();

    let screen_mx = mox::srgb_to_lab(&colours);
    let screen_lab: Vec<f64> = screen.iter().zip(&screen_mx).map(|(a, b)| ciede2000(*a, *b)).collect();
    let show = |name: &str, [median, p95, max]: [f64; 3], n: usize| {
        println!("{:8} {name:44} n={n:3}  median {median:.3}  p95 {p95:.3}  max {max:.3}", condition.identifier)
    };
    show("sRGB->CMYK, printed (dE2000), all", summary(separation.clone()), separation.len());
    show("sRGB->CMYK, printed (dE2000), in gamut", summary(separation_in.clone()), separation_in.len());
    println!("{:8} sRGB->CMYK largest ink difference: {ink_step}/255", condition.identifier);
    show("sRGB->Lab (dE2000)", summary(screen_lab.clone()), screen_lab.len());
    show("CMYK->Lab (dE2000)", summary(back.clone()), back.len());
    show("CMYK->sRGB (dE2000)", summary(to_screen.clone()), to_screen.len());
    println!("{:8} CMYK->sRGB largest channel difference: {rgb_step}/255", condition.identifier);
    let worst = separation.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).unwrap().0;
    println!(
        "{:8} worst separation: sRGB {:?} -> lcms2 {:?} moxcms {:?}",
        condition.identifier, colours[worst], lc[worst], mx[worst]
    );
}

fn time(condition: &PrintCondition) {
    // A 1000 x 1000 logo's worth of pixels, every colour different.
    let pixels: Vec<[u8; 3]> =
        (0..1_000_000u32).map(|i| [(i % 256) as u8, (i / 256 % 256) as u8, (i / 65536 * 17) as u8]).collect();
    let start = Instant::now();
    let lc = little_cms::separate(condition.profile, &pixels);
    let lc_time = start.elapsed();
    let start = Instant::now();
    let mx = mox::separate(condition.profile, &pixels);
    let mx_time = start.elapsed();
    let start = Instant::now();
    little_cms::separate(condition.profile, &pixels[..1]);
    let lc_setup = start.elapsed();
    let start = Instant::now();
    mox::separate(condition.profile, &pixels[..1]);
    let mx_setup = start.elapsed();
    assert_eq!(lc.len(), mx.len());
    println!(
        "{:8} 1,000,000 pixels sRGB->CMYK: lcms2 {:.0} ms, moxcms {:.0} ms; transform set-up: lcms2 {:.1} ms, moxcms {:.1} ms",
        condition.identifier,
        lc_time.as_secs_f64() * 1e3,
        mx_time.as_secs_f64() * 1e3,
        lc_setup.as_secs_f64() * 1e3,
        mx_setup.as_secs_f64() * 1e3
    );
}

/// What Little CMS made of every colour, kept so the comparison can be made again once it
/// has gone: for each profile and sRGB colour, its CMYK, the CIELAB of that CMYK, and that
/// CMYK back in sRGB. Written with `HANDOUT_WRITE_LITTLE_CMS=1`.
fn write_table() {
    let mut table = String::from(
        "# Little CMS 2.19 (lcms2-sys 4.0.7), relative colorimetric, no black point compensation.\n\
         # profile\tsRGB\tCMYK (0-255)\tL* a* b* of that CMYK (D50)\tthat CMYK in sRGB\n",
    );
    for condition in [&FOGRA39, &FOGRA29] {
        let colours = colours();
        let inks = little_cms::separate(condition.profile, &colours);
        let lab = little_cms::cmyk_to_lab(condition.profile, &inks);
        let back = little_cms::cmyk_to_srgb(condition.profile, &inks);
        for i in 0..colours.len() {
            let [r, g, b] = colours[i];
            let [c, m, y, k] = inks[i];
            let [l, a, bb] = lab[i];
            let [r2, g2, b2] = back[i];
            table.push_str(&format!(
                "{}\t{r} {g} {b}\t{c} {m} {y} {k}\t{l:.3} {a:.3} {bb:.3}\t{r2} {g2} {b2}\n",
                condition.identifier
            ));
        }
    }
    std::fs::write(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cms/little-cms.tsv"), table).unwrap();
}

#[test]
fn little_cms_and_moxcms_side_by_side() {
    if std::env::var_os("HANDOUT_WRITE_LITTLE_CMS").is_some() {
        write_table();
    }
    for condition in [&FOGRA39, &FOGRA29] {
        measure(condition);
        time(condition);
    }
}
