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

/// The force with the fullest contacts the region schema allows.
fn fullest() -> PathBuf {
    root().join("tests/forces/fullest-contacts.toml")
}

const FULLEST_EMAIL: &str = "modern.slavery.unit@testshire-and-example-valley.police.uk";
const FULLEST_LABELS: [&str; 4] = [
    "Non-emergency line (Welsh language)",
    "Modern slavery, human trafficking team",
    "Text us if you cannot talk on the phone",
    "Out of hours safeguarding, all districts",
];

#[test]
fn the_fullest_contacts_build_every_product_web_and_print_with_every_contact_in_the_pdf() {
    let session = Session::new(Definitions::embedded()).unwrap();
    let mut engine = session.text_engine();
    for product in PRODUCTS {
        for variant in VARIANTS {
            let job = force_job(product, variant, &fullest());
            let what = format!("{product} {variant}");
            let print = session.build(&job, &mut engine, Some(DATE), RenderOptions { print: true });
            assert!(print.is_ok(), "{what} print: {}", print.err().unwrap());
            let web = session.build(&job, &mut engine, Some(DATE), RenderOptions::default());
            let pdf = Pdf::load(&web.unwrap_or_else(|e| panic!("{what}: {e}")).bytes);
            // Read back from the page: the email (broken across lines only at invisible
            // break points), the website and every local line's label and number.
            let text = pdf.text();
            for needle in [FULLEST_EMAIL, "testshire-and-greater-example-valley.police.uk"]
                .into_iter()
                .chain(FULLEST_LABELS)
                .chain(["01632 960 001", "01632 960 002", "07700 900 123", "01632 960 003"])
            {
                assert!(text.contains(needle), "{what}: `{needle}` is not printed:\n{text}");
            }
            // Heard in this order: 999 and the national helpline, then the force's lines.
            let heard = pdf.heard();
            let at = |needle: &str| heard.find(needle).unwrap_or_else(|| panic!("{what}: `{needle}` not heard"));
            let first_local = at(FULLEST_LABELS[0]);
            assert!(at("9 9 9") < first_local, "{what}: 999 after the force's own lines");
            assert!(at("0 8 0 0 0, 1 2 1, 7 0 0") < first_local, "{what}: the helpline after the force's own lines");
            // The website and email last, even where the roomy leaflet draws them on the
            // cover (`read_last`).
            assert!(at(FULLEST_EMAIL) > at(FULLEST_LABELS[3]), "{what}: the email before the force's lines");
        }
    }
}

#[test]
fn the_email_is_on_every_product_and_linked_with_a_description() {
    // Every product of a force that gives an email prints it, as a link that says what it
    // does (the leaflet's `[words.links] email`), and is heard as written.
    let session = Session::new(Definitions::embedded()).unwrap();
    let mut engine = session.text_engine();
    let file = root().join("tests/forces/contacts.toml");
    for product in PRODUCTS {
        for variant in VARIANTS {
            let what = format!("{product} {variant}");
            let built =
                session.build(&force_job(product, variant, &file), &mut engine, Some(DATE), RenderOptions::default());
            let pdf = Pdf::load(&built.unwrap_or_else(|e| panic!("{what}: {e}")).bytes);
            assert!(pdf.text().contains("contact@testshire.police.uk"), "{what}: the email is not printed");
            assert!(pdf.heard().contains("contact@testshire.police.uk"), "{what}: the email is not heard");
            let links: Vec<(String, String)> = (0..pdf.pages().len()).flat_map(|i| pdf.links(i)).collect();
            assert!(
                links.iter().any(|(uri, description)| uri == "mailto:contact@testshire.police.uk"
                    && description.contains("contact@testshire.police.uk")),
                "{what}: no mailto link with a description: {links:?}"
            );
        }
    }
}

#[test]
fn the_roomy_layouts_are_used_only_where_a_forces_contacts_need_them_and_keep_the_national_sizes() {
    let session = Session::new(Definitions::embedded()).unwrap();
    let mut engine = session.text_engine();
    let layout_of = |product: &str, variant: &str, region: RegionSource, engine: &mut _| {
        let job = Job { product: product.into(), variant: variant.into(), region, lang: "en-GB".into() };
        session.check(&job, engine, Some(DATE)).unwrap().document.meta.layout_file.to_string()
    };
    let id = |r: &str| RegionSource::Id(r.into());
    // The default and a force with a website alone keep the layouts they always had.
    assert_eq!(layout_of("leaflet", "standard", id("uk"), &mut engine), "layouts/leaflet-dl.toml");
    assert_eq!(layout_of("infographic", "standard", id("uk"), &mut engine), "layouts/infographic-a3.toml");
    assert_eq!(layout_of("leaflet", "standard", id("kent"), &mut engine), "layouts/leaflet-dl.toml");
    assert_eq!(layout_of("infographic", "standard", id("kent"), &mut engine), "layouts/infographic-a3.toml");
    let full = || RegionSource::File(fullest());
    assert_eq!(layout_of("leaflet", "standard", full(), &mut engine), "layouts/leaflet-dl-roomy.toml");
    assert_eq!(layout_of("infographic", "standard", full(), &mut engine), "layouts/infographic-a3-roomy.toml");

    // In the roomy leaflet the national numbers keep 18 pt; the force's own, two to a
    // row, are 16 pt, and never below the 12 pt floor.
    let built =
        session.build(&force_job("leaflet", "standard", &fullest()), &mut engine, Some(DATE), RenderOptions::default());
    let pdf = Pdf::load(&built.unwrap().bytes);
    let size_of = |pdf: &Pdf, word: &str| {
        (0..pdf.pages().len())
            .flat_map(|i| pdf.drawn_text(i))
            .find(|t| t.text.starts_with(word))
            .unwrap_or_else(|| panic!("`{word}` is not drawn"))
            .size
    };
    for national in ["999", "08000", "0800"] {
        assert!((size_of(&pdf, national) - 18.0).abs() < 0.01, "{national} is not 18 pt");
    }
    assert!((size_of(&pdf, "01632") - 16.0).abs() < 0.01);
    let smallest = (0..pdf.pages().len()).flat_map(|i| pdf.drawn_text(i)).map(|t| t.size).fold(f32::MAX, f32::min);
    assert!(smallest >= 12.0, "text at {smallest} pt");
    // Two local lines side by side: the second is right of the first, in the same row
    // (cards are top-aligned, so a number sits lower under a label of more lines).
    let starts: Vec<(f32, f32)> = ["01632 960 001", "01632 960 002"]
        .iter()
        .map(|n| {
            let t = pdf.drawn_text(0).into_iter().find(|t| t.text.starts_with(n)).unwrap();
            (t.x, t.y)
        })
        .collect();
    assert!((starts[0].1 - starts[1].1).abs() < 8.0 * MM && starts[1].0 > starts[0].0 + 30.0 * MM, "{starts:?}");

    let built = session.build(
        &force_job("infographic", "standard", &fullest()),
        &mut engine,
        Some(DATE),
        RenderOptions::default(),
    );
    let pdf = Pdf::load(&built.unwrap().bytes);
    for national in ["999", "08000", "0800", "01632"] {
        assert!((size_of(&pdf, national) - 18.0).abs() < 0.01, "{national} is not 18 pt on the poster");
    }
}

#[test]
fn read_last_must_name_a_placed_section() {
    let (_dir, definitions) = overlay("read-last", "layouts/leaflet-dl-roomy.toml", |text| {
        replace_once(text, "read_last = [\"about\"]", "read_last = [\"abuot\"]")
    });
    let job = Job {
        product: "leaflet".into(),
        variant: "standard".into(),
        region: RegionSource::File(fullest()),
        lang: "en-GB".into(),
    };
    let message = build_error(&definitions, &job);
    assert!(
        message.contains("layouts/leaflet-dl-roomy.toml:")
            && message.contains("read_last: read_last names section `abuot`, which no panel places"),
        "{message}"
    );
}
