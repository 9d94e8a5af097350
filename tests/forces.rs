//! Issue 12: a force's own region file builds every product. `tests/forces/` holds test
//! forces with the awkward inputs real forces have (logos of every shape from 1:4 to 4:1,
//! transparent and in the brand colour; the longest and a bilingual name; a light brand
//! colour with dark text; dark greens and blues; a text number and an email). Each must
//! pass every check in all six products, and what is drawn must neither overlap nor leave
//! its panel, measured on the composed boxes.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use handout::compose::{Item, Role};
use handout::error::Severity;
use handout::jobs::{Job, RegionSource};
use handout::load::Definitions;
use handout::render::RenderOptions;
use handout::session::Session;
use handout::units::Rect;

const PRODUCTS: [&str; 2] = ["leaflet", "infographic"];
const VARIANTS: [&str; 3] = ["standard", "large-print", "plain-language"];

fn force_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/forces"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn force_job(product: &str, variant: &str, file: &Path) -> Job {
    Job {
        product: product.into(),
        variant: variant.into(),
        region: RegionSource::File(file.to_path_buf()),
        lang: "en-GB".into(),
    }
}

/// Whether two boxes share any area (touching edges do not count).
fn overlap(a: Rect, b: Rect) -> bool {
    const SLACK: f32 = 0.05;
    a.x.0 + a.width.0 > b.x.0 + SLACK
        && b.x.0 + b.width.0 > a.x.0 + SLACK
        && a.y.0 + a.height.0 > b.y.0 + SLACK
        && b.y.0 + b.height.0 > a.y.0 + SLACK
}

fn inside(inner: Rect, outer: Rect) -> bool {
    const SLACK: f32 = 0.5;
    inner.x.0 >= outer.x.0 - SLACK
        && inner.y.0 >= outer.y.0 - SLACK
        && inner.x.0 + inner.width.0 <= outer.x.0 + outer.width.0 + SLACK
        && inner.y.0 + inner.height.0 <= outer.y.0 + outer.height.0 + SLACK
}

#[test]
fn there_are_at_least_twelve_test_forces() {
    assert!(force_files().len() >= 12, "{:?}", force_files());
}

#[test]
fn every_test_force_passes_every_check_and_nothing_overlaps_or_leaves_its_panel() {
    let session = Session::new(Definitions::embedded()).unwrap();
    let mut engine = session.text_engine();
    let mut problems = Vec::new();
    for file in force_files() {
        for product in PRODUCTS {
            for variant in VARIANTS {
                let job = force_job(product, variant, &file);
                let what = format!("{} {product} {variant}", file.file_name().unwrap().to_string_lossy());
                let checked = match session.check(&job, &mut engine, Some(DATE)) {
                    Ok(checked) => checked,
                    Err(e) => {
                        problems.push(format!("{what}: {e}"));
                        continue;
                    }
                };
                for finding in checked.findings.iter().filter(|f| f.severity == Severity::Error) {
                    problems.push(format!("{what}: {finding}"));
                }
                // The boxes of everything a reader sees: text line boxes and pictures.
                for (index, page) in checked.composed.pages.iter().enumerate() {
                    let boxes: Vec<(Rect, String, bool)> = page
                        .items
                        .iter()
                        .filter_map(|item| match item {
                            Item::Text(t) => Some((
                                Rect::new(t.x, t.line_top, t.width, t.line_height),
                                format!("text `{}`", t.words()),
                                t.role == Role::Footer,
                            )),
                            Item::Picture { rect, .. } => Some((*rect, "a picture".to_string(), false)),
                            _ => None,
                        })
                        .collect();
                    for (i, (a, name_a, _)) in boxes.iter().enumerate() {
                        for (b, name_b, _) in &boxes[i + 1..] {
                            if overlap(*a, *b) {
                                problems.push(format!("{what} page {}: {name_a} overlaps {name_b}", index + 1));
                            }
                        }
                    }
                    let document = &checked.document;
                    let areas: Vec<Rect> = match &document.flow {
                        Some(flow) => vec![flow.content],
                        None => document.panels.iter().filter(|p| p.page == index).map(|p| p.content).collect(),
                    };
                    for (rect, name, footer) in &boxes {
                        // Page numbers sit below the text area by design.
                        if !footer && !areas.iter().any(|area| inside(*rect, *area)) {
                            problems.push(format!("{what} page {}: {name} leaves its panel", index + 1));
                        }
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_test_force_builds_web_and_print_copies() {
    let session = Session::new(Definitions::embedded()).unwrap();
    let mut engine = session.text_engine();
    let files = force_files();
    for (n, file) in files.iter().enumerate() {
        for product in PRODUCTS {
            for variant in VARIANTS {
                let job = force_job(product, variant, file);
                let web = session.build(&job, &mut engine, Some(DATE), RenderOptions::default());
                assert!(web.is_ok(), "{file:?} {product} {variant}: {}", web.err().unwrap());
                // Print copies for every force's standard products and for a third of the
                // forces in every variant: the separation is the same code for all.
                if variant == "standard" || n % 3 == 0 {
                    let print = session.build(&job, &mut engine, Some(DATE), RenderOptions { print: true });
                    assert!(print.is_ok(), "{file:?} {product} {variant} print: {}", print.err().unwrap());
                }
            }
        }
    }
}

#[test]
fn a_logo_sits_on_a_white_plate_and_the_name_is_set_beside_it() {
    let file = root().join("tests/forces/logo-in-brand-colour.toml");
    let session = Session::new(Definitions::embedded()).unwrap();
    let mut engine = session.text_engine();
    let checked = session.check(&force_job("leaflet", "standard", &file), &mut engine, Some(DATE)).unwrap();
    let items = &checked.composed.pages[0].items;
    let picture = items
        .iter()
        .find_map(|i| match i {
            Item::Picture { rect, role: Role::Content(_), .. } => Some(*rect),
            _ => None,
        })
        .expect("the logo is drawn");
    let plate = items
        .iter()
        .find_map(|i| match i {
            Item::Fill { rect, colour, role: Role::Decoration } if colour.rgb.0 == [255, 255, 255] => Some(*rect),
            _ => None,
        })
        .expect("a white plate is drawn");
    // The plate holds the logo with clear space all round: a quarter of its height.
    let margin = picture.height.0 * 0.25;
    assert!((picture.x.0 - plate.x.0 - margin).abs() < 0.1 && (picture.y.0 - plate.y.0 - margin).abs() < 0.1);
    assert!((plate.width.0 - picture.width.0 - 2.0 * margin).abs() < 0.1);
    // A square logo on the leaflet is 18 mm a side.
    assert!((picture.height.to_mm().0 - 18.0).abs() < 0.1, "{:?}", picture.height.to_mm());
    // The name is set in type to the right of the plate.
    let name = items
        .iter()
        .find_map(|i| match i {
            Item::Text(t) if t.words().contains("Testshire") => Some(t.clone()),
            _ => None,
        })
        .expect("the force name is set in type");
    assert!(name.x.0 >= plate.x.0 + plate.width.0, "{} starts left of the plate's edge", name.x.0);
}
