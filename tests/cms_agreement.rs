//! moxcms against Little CMS on the press profiles (issue 18): the measurement behind one
//! colour-management library for the CLI and the browser page, kept as a test. Little CMS
//! is no longer a dependency; what it made of every colour is in `tests/cms/little-cms.tsv`
//! (written by this file's earlier version, which ran both side by side; docs/design.md has
//! the numbers of that run). For a 6x6x6 grid of sRGB colours and every colour the layouts
//! and test forces write, moxcms, set up as `src/pdfx/separate.rs` sets it up, separates
//! sRGB into the press's CMYK (relative colorimetric, no black point compensation) and reads
//! CMYK back; the CIEDE2000 differences from Little CMS's results are printed
//! (`cargo test --test cms_agreement -- --nocapture`) and held to limits.

mod common;

use std::collections::HashMap;
use std::time::Instant;

use common::lab_of;
use handout::colour::ciede2000;
use handout::pdfx::{FOGRA29, FOGRA39, PrintCondition};
use moxcms::{ColorProfile, InterpolationMethod, Layout, RenderingIntent, TransformOptions};

/// What Little CMS made of one sRGB colour for one profile.
struct LittleCms {
    cmyk: [u8; 4],
    /// CIELAB (D50) of that CMYK as the press prints it.
    printed: [f64; 3],
    /// That CMYK back in sRGB.
    back: [u8; 3],
}

fn little_cms(identifier: &str) -> Vec<([u8; 3], LittleCms)> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cms/little-cms.tsv")).unwrap();
    let numbers = |field: &str| -> Vec<f64> { field.split(' ').map(|n| n.parse().unwrap()).collect() };
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| line.split('\t').collect::<Vec<_>>())
        .filter(|fields| fields[0] == identifier)
        .map(|fields| {
            let (rgb, cmyk, lab, back) =
                (numbers(fields[1]), numbers(fields[2]), numbers(fields[3]), numbers(fields[4]));
            let bytes = |v: &[f64]| v.iter().map(|&x| x as u8).collect::<Vec<u8>>();
            (
                bytes(&rgb).try_into().unwrap(),
                LittleCms {
                    cmyk: bytes(&cmyk).try_into().unwrap(),
                    printed: [lab[0], lab[1], lab[2]],
                    back: bytes(&back).try_into().unwrap(),
                },
            )
        })
        .collect()
}

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

/// The options `src/pdfx/separate.rs` uses.
fn options() -> TransformOptions {
    TransformOptions {
        rendering_intent: RenderingIntent::RelativeColorimetric,
        interpolation_method: InterpolationMethod::Tetrahedral,
        ..TransformOptions::default()
    }
}

fn separate(profile: &[u8], colours: &[[u8; 3]]) -> Vec<[u8; 4]> {
    let press = ColorProfile::new_from_slice(profile).unwrap();
    let t = ColorProfile::new_srgb().create_transform_8bit(Layout::Rgb, &press, Layout::Rgba, options()).unwrap();
    let flat: Vec<u8> = colours.iter().flatten().copied().collect();
    let mut out = vec![0u8; colours.len() * 4];
    t.transform(&flat, &mut out).unwrap();
    out.chunks_exact(4).map(|c| [c[0], c[1], c[2], c[3]]).collect()
}

fn cmyk_to_lab(profile: &[u8], inks: &[[u8; 4]]) -> Vec<[f64; 3]> {
    let flat: Vec<u8> = inks.iter().flatten().copied().collect();
    lab_of(&ColorProfile::new_from_slice(profile).unwrap(), Layout::Rgba, &flat, options())
}

fn srgb_to_lab(colours: &[[u8; 3]]) -> Vec<[f64; 3]> {
    let flat: Vec<u8> = colours.iter().flatten().copied().collect();
    lab_of(&ColorProfile::new_srgb(), Layout::Rgb, &flat, options())
}

fn cmyk_to_srgb(profile: &[u8], inks: &[[u8; 4]]) -> Vec<[u8; 3]> {
    let press = ColorProfile::new_from_slice(profile).unwrap();
    let t = press.create_transform_8bit(Layout::Rgba, &ColorProfile::new_srgb(), Layout::Rgb, options()).unwrap();
    let flat: Vec<u8> = inks.iter().flatten().copied().collect();
    let mut out = vec![0u8; inks.len() * 3];
    t.transform(&flat, &mut out).unwrap();
    out.chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect()
}

/// Median, 95th percentile and largest of some differences.
fn summary(mut values: Vec<f64>) -> [f64; 3] {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    [at(0.5), at(0.95), at(1.0)]
}

/// The three summaries for one profile: separations as printed (all colours, and those in
/// the press's gamut), and CMYK read back to CIELAB.
fn measure(condition: &PrintCondition) -> [[f64; 3]; 4] {
    let profile = condition.profile;
    let reference: HashMap<[u8; 3], LittleCms> = little_cms(condition.identifier).into_iter().collect();
    let colours = colours();
    assert!(colours.iter().all(|c| reference.contains_key(c)), "tests/cms/little-cms.tsv has every colour measured");
    let theirs = |c: &[u8; 3]| &reference[c];
    let screen = srgb_to_lab(&colours);
    let ours = separate(profile, &colours);
    let printed = cmyk_to_lab(profile, &ours);
    // The separations compared as the press prints them.
    let separation: Vec<f64> = colours.iter().zip(&printed).map(|(c, p)| ciede2000(theirs(c).printed, *p)).collect();
    // "In gamut": Little CMS printed the colour within CIEDE2000 3 of the screen's.
    let in_gamut: Vec<f64> = colours
        .iter()
        .zip(&screen)
        .zip(&separation)
        .filter(|((c, s), _)| ciede2000(**s, theirs(c).printed) < 3.0)
        .map(|(_, d)| *d)
        .collect();
    let ink_step =
        colours.iter().zip(&ours).flat_map(|(c, o)| (0..4).map(|i| theirs(c).cmyk[i].abs_diff(o[i]))).max().unwrap();
    // Little CMS's CMYK read back by moxcms, to CIELAB and to sRGB.
    let their_inks: Vec<[u8; 4]> = colours.iter().map(|c| theirs(c).cmyk).collect();
    let back: Vec<f64> = colours
        .iter()
        .zip(&cmyk_to_lab(profile, &their_inks))
        .map(|(c, lab)| ciede2000(theirs(c).printed, *lab))
        .collect();
    let our_rgb = cmyk_to_srgb(profile, &their_inks);
    let their_rgb: Vec<[u8; 3]> = colours.iter().map(|c| theirs(c).back).collect();
    let to_screen: Vec<f64> =
        srgb_to_lab(&their_rgb).iter().zip(&srgb_to_lab(&our_rgb)).map(|(a, b)| ciede2000(*a, *b)).collect();

    let id = condition.identifier;
    let show = |name: &str, [median, p95, max]: [f64; 3], n: usize| {
        println!("{id:8} {name:38} n={n:3}  median {median:.3}  p95 {p95:.3}  max {max:.3}")
    };
    let results = [summary(separation), summary(in_gamut.clone()), summary(back), summary(to_screen)];
    show("sRGB->CMYK as printed, all", results[0], colours.len());
    show("sRGB->CMYK as printed, in gamut", results[1], in_gamut.len());
    show("CMYK->Lab", results[2], colours.len());
    show("CMYK->sRGB", results[3], colours.len());
    println!("{id:8} sRGB->CMYK largest ink difference: {ink_step}/255");
    results
}

#[test]
fn moxcms_separates_and_reads_back_as_little_cms_did() {
    for condition in [&FOGRA39, &FOGRA29] {
        let [all, in_gamut, back, to_screen] = measure(condition);
        let id = condition.identifier;
        // Measured with both side by side: 0.44 (FOGRA39) and 0.37 (FOGRA29) at most.
        assert!(all[2] < 1.0 && in_gamut[2] < 1.0, "{id}: separations differ by up to {:.2}", all[2]);
        assert!(all[0] < 0.3, "{id}: median separation difference {:.2}", all[0]);
        // Measured 0.32 and 0.45 at most.
        assert!(back[2] < 1.0, "{id}: CMYK to CIELAB differs by up to {:.2}", back[2]);
        // Both round to 8-bit sRGB: up to 3/255 apart, 1.31 and 1.93 in dark colours.
        assert!(to_screen[2] < 2.5, "{id}: CMYK to sRGB differs by up to {:.2}", to_screen[2]);
    }
}

/// How long a logo's worth of pixels takes (printed, not asserted: the machine is shared).
#[test]
fn separating_a_megapixel_is_quick() {
    let pixels: Vec<[u8; 3]> =
        (0..1_000_000u32).map(|i| [(i % 256) as u8, (i / 256 % 256) as u8, (i / 65536 * 17) as u8]).collect();
    for condition in [&FOGRA39, &FOGRA29] {
        let start = Instant::now();
        separate(condition.profile, &pixels[..1]);
        let setup = start.elapsed();
        let start = Instant::now();
        let inks = separate(condition.profile, &pixels);
        let all = start.elapsed();
        assert_eq!(inks.len(), pixels.len());
        println!(
            "{:8} transform set-up {:.1} ms; 1,000,000 pixels sRGB->CMYK {:.0} ms",
            condition.identifier,
            setup.as_secs_f64() * 1e3,
            all.as_secs_f64() * 1e3
        );
    }
}
