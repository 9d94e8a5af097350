//! Regional customisation: built-in forces, region files from disk, logos, and one test
//! per validation rule, each with a bad file.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use handout::colour::Rgb;
use handout::jobs::{Job, RegionSource};
use handout::load::Definitions;
use handout::session::Session;

fn built_in(region: &str) -> Pdf {
    Pdf::load(&build("leaflet", "standard", region))
}

/// The text of each list item of the "How to report it" cards, e.g.
/// "Police, not an emergency0800 40 50 40".
fn cards(pdf: &Pdf) -> Vec<String> {
    pdf.structure().into_iter().filter(|e| e.tag == "LI").map(|e| e.text).collect()
}

#[test]
fn british_transport_police_prints_its_own_numbers() {
    let pdf = built_in("british-transport-police");
    let text = pdf.text();
    for needle in
        ["British Transport Police", "0800 40 50 40", "61016", "Text British Transport Police", "btp.police.uk"]
    {
        assert!(text.contains(needle), "`{needle}` missing");
    }
    let cards = cards(&pdf);
    assert!(cards.iter().any(|c| c == "Police, not an emergency0800 40 50 40"), "{cards:?}");
    assert!(!cards.iter().any(|c| c == "Police, not an emergency101"), "the default 101 is replaced");
    let links: Vec<String> = (0..2).flat_map(|p| pdf.links(p)).map(|(uri, _)| uri).collect();
    assert!(links.contains(&"tel:+44800405040".to_string()) && links.contains(&"sms:61016".to_string()), "{links:?}");
    // The masthead is the force's name, not the neutral default's.
    let first = pdf.structure().into_iter().find(|e| e.tag == "P").unwrap();
    assert_eq!(first.text, "British Transport Police");
}

#[test]
fn psni_and_kent_print_their_names_and_websites() {
    for (region, name, site) in [
        ("northern-ireland", "Police Service of Northern Ireland", "psni.police.uk"),
        ("kent", "Kent Police", "kent.police.uk"),
    ] {
        let pdf = built_in(region);
        let text = pdf.text();
        assert!(text.contains(name) && text.contains(site), "{region}");
        let first = pdf.structure().into_iter().find(|e| e.tag == "P").unwrap();
        assert_eq!(first.text, name);
        assert!(cards(&pdf).iter().any(|c| c == "Police, not an emergency101"), "{region} keeps 101 from the default");
    }
    // The default region prints no force website at all.
    assert!(!built_in("uk").text().contains("police.uk"));
}

#[test]
fn reused_paragraphs_give_the_same_pdf_as_a_fresh_engine() {
    // A text engine keeps the paragraphs it has set and hands them to later documents,
    // whose leaves are numbered differently (British Transport Police has its own cards).
    let session = handout::session::Session::new(Definitions::embedded()).unwrap();
    let build = |engine: &mut handout::compose::TextEngine, job: &Job| {
        session.build(job, engine, Some(DATE), Default::default()).unwrap_or_else(|e| panic!("{e}")).bytes
    };
    let btp = job("leaflet", "standard", "british-transport-police");
    let fresh = build(&mut session.text_engine(), &btp);
    let mut engine = session.text_engine();
    for region in ["uk", "kent"] {
        build(&mut engine, &job("leaflet", "standard", region));
    }
    let reused = build(&mut engine, &btp);
    assert!(fresh == reused, "the same job gave different bytes after other documents");
    // And the words are where they belong: the force's own card under its own list item.
    let cards = cards(&Pdf::load(&reused));
    assert!(cards.iter().any(|c| c == "Police, not an emergency0800 40 50 40"), "{cards:?}");
}

#[test]
fn every_built_in_region_builds_every_variant() {
    let dir = temp_dir("all-regions");
    let output = handout(&["check", "--region", "all", "--format", "json"], &dir);
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["errors"], 0, "{}", stdout(&output));
    // 46 forces, excluding the neutral default, and the four Welsh forces' own Welsh copies
    // of all six products (their region files' `languages`).
    assert_eq!(report["documents"].as_array().unwrap().len(), 6 * 46 + 4 * 6);
}

#[test]
fn build_region_all_writes_one_pdf_per_force() {
    let dir = temp_dir("build-all");
    let output = handout(&["build", "leaflet", "--variant", "standard", "--region", "all", "--quiet"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    let pdfs = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".pdf"))
        .count();
    // One a force, and a Welsh one for each of the four Welsh forces.
    assert_eq!(pdfs, 46 + 4);
    assert!(dir.join("out/leaflet-standard-british-transport-police-en-GB.pdf").is_file());
    assert!(dir.join("out/leaflet-standard-north-wales-cy.pdf").is_file());
}

/// A folder holding a region file (and whatever else a test puts there).
fn region_folder(name: &str, toml: &str) -> (TempDir, PathBuf) {
    let dir = temp_dir(name);
    let path = dir.join("test-force.toml");
    std::fs::write(&path, toml).unwrap();
    (dir, path)
}

const GOOD: &str = "[force]\nname = \"Test Constabulary\"\nshort_name = \"Test Constabulary\"\nwebsite = \"https://www.test.police.uk\"\njurisdictions = [\"england-wales\"]\n";

/// `handout check --region PATH`: exit status, and every error's text.
fn check_region(path: &Path) -> (Option<i32>, String) {
    let output = handout(
        &["check", "--region", path.to_str().unwrap(), "leaflet", "--variant", "standard"],
        path.parent().unwrap(),
    );
    (output.status.code(), stdout(&output))
}

fn assert_region_error(toml: &str, name: &str, needles: &[&str]) {
    let (_dir, path) = region_folder(name, toml);
    let (code, report) = check_region(&path);
    assert_eq!(code, Some(1), "{report}");
    for needle in needles {
        assert!(report.contains(needle), "`{needle}` missing from:\n{report}");
    }
    assert!(report.contains("hint:"), "{report}");
}

#[test]
fn phone_numbers_with_a_digit_missing_or_too_many() {
    assert_region_error(
        &format!("{GOOD}[contact]\nnon_emergency = \"0800 40 50 4\"\n"),
        "phone-short",
        &["test-force.toml:7:17: contact.non_emergency:", "`0800 40 50 4` has 9 digits", "a digit is missing"],
    );
    assert_region_error(
        &format!("{GOOD}[[contact.local]]\nlabel = \"Team\"\nnumber = \"01632 9600000\"\n"),
        "phone-long",
        &["contact.local[0].number", "has 12 digits", "a digit too many"],
    );
}

#[test]
fn phone_numbers_with_letters_or_of_the_wrong_kind() {
    assert_region_error(
        &format!("{GOOD}[contact]\nnon_emergency = \"0800 CALL US\"\n"),
        "phone-letters",
        &["has a `C`: a phone number may only hold digits, spaces and a leading +"],
    );
    assert_region_error(
        &format!("{GOOD}[contact]\nemergency = \"101\"\n"),
        "phone-kind",
        &["`101` is not the kind of number `contact.emergency` takes", "999"],
    );
}

#[test]
fn a_national_number_with_a_digit_missing_is_caught() {
    // The helpline is 08000 121 700; one stored page printed it without a digit.
    assert_region_error(
        &format!("{GOOD}[[contact.local]]\nlabel = \"Slavery helpline\"\nnumber = \"0800 121 700\"\n"),
        "near-miss",
        &[
            "`0800 121 700` looks like the Modern Slavery & Exploitation Helpline number (08000 121 700) with a digit missing",
        ],
    );
}

#[test]
fn a_force_cannot_list_a_national_number_as_its_own() {
    assert_region_error(
        &format!("{GOOD}[[contact.local]]\nlabel = \"Our helpline\"\nnumber = \"0800 555 111\"\n"),
        "exact-national",
        &["contact.local[0].number", "`0800 555 111` is the Crimestoppers number"],
    );
}

#[test]
fn premium_rate_numbers_are_refused() {
    assert_region_error(
        &format!("{GOOD}[[contact.local]]\nlabel = \"Team\"\nnumber = \"0906 123 4567\"\n"),
        "premium",
        &["contact.local[0].number", "is a premium-rate number"],
    );
}

#[test]
fn a_region_file_called_uk_toml_is_still_a_force() {
    // It must not be able to replace the national services or leave out the force name.
    let dir = temp_dir("named-uk");
    let path = dir.join("uk.toml");
    std::fs::write(
        &path,
        "[national.helpline]\nname = \"H\"\nnumber = \"0800 111 2222\"\n[national.crimestoppers]\nname = \"C\"\nnumber = \"0800 333 4444\"\n",
    )
    .unwrap();
    let (code, report) = check_region(&path);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("a force's region file must give the force's name"), "{report}");
    assert!(report.contains("cannot set national services"), "{report}");
}

#[test]
fn two_region_files_with_the_same_name_are_refused_before_anything_is_written() {
    let dir = temp_dir("same-name");
    for folder in ["north", "south"] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        std::fs::write(dir.join(folder).join("force.toml"), GOOD).unwrap();
    }
    let output = handout(
        &[
            "build",
            "leaflet",
            "--variant",
            "standard",
            "--region-file",
            "north/force.toml",
            "--region-file",
            "south/force.toml",
        ],
        &dir,
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("region file north/force.toml and region file south/force.toml would both write leaflet-standard-force-en-GB.pdf"),
        "{message}"
    );
    assert!(!dir.join("out").exists(), "nothing written");
}

#[test]
fn a_long_force_email_breaks_before_a_dot_and_stays_whole_in_the_text() {
    let address = "modernslavery.team@avonandsomerset.police.uk";
    let (dir, path) = region_folder("email", &GOOD.replace("[force]\n", &format!("[force]\nemail = \"{address}\"\n")));
    let output = handout(&["build", "leaflet", "--variant", "standard", "--region-file", path.to_str().unwrap()], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    let pdf = Pdf::load(&std::fs::read(dir.join("out/leaflet-standard-test-force-en-GB.pdf")).unwrap());
    // Too long for the column: it is broken, at a dot, with nothing added to its text.
    let lines: Vec<String> = pdf.drawn_text(0).into_iter().map(|t| t.text).collect();
    assert!(lines.iter().any(|l| l == "modernslavery.team@avonandsomerset"), "{lines:?}");
    assert!(lines.iter().any(|l| l == ".police.uk"), "{lines:?}");
    assert!(cards(&pdf).iter().any(|c| c == &format!("Email{address}")), "{:?}", cards(&pdf));
    let links: Vec<_> = (0..pdf.pages().len()).flat_map(|i| pdf.links(i)).collect();
    assert!(links.contains(&(format!("mailto:{address}"), format!("Email: {address}"))), "{links:?}");
    // Without an address there is no Email card.
    assert!(!cards(&built_in("uk")).iter().any(|c| c.starts_with("Email")));
}

#[test]
fn websites_must_be_https_without_spaces() {
    assert_region_error(
        "[force]\nname = \"T\"\nwebsite = \"http://www.test.police.uk\"\njurisdictions = [\"scotland\"]\n",
        "http",
        &["test-force.toml:3:11: force.website:", "must start with https://"],
    );
    assert_region_error(
        "[force]\nname = \"T\"\nwebsite = \"https://www.test police.uk\"\n",
        "space",
        &["has spaces in it"],
    );
}

#[test]
fn every_problem_in_a_region_file_is_reported_at_once() {
    let (_dir, path) = region_folder(
        "many",
        "[force]\nname = \"T\"\nwebsite = \"http://x.police.uk\"\njurisdictions = [\"england-wales\"]\n[contact]\nemergency = \"998\"\nnon_emergency = \"0800 40 50 4\"\n[brand]\nprimary = { rgb = \"#FFFF00\", cmyk = [0, 0, 100, 0] }\non_primary = { rgb = \"#FFFFFF\", cmyk = [0, 0, 0, 0] }\n",
    );
    let (code, report) = check_region(&path);
    assert_eq!(code, Some(1));
    for key in ["force.website", "contact.emergency", "contact.non_emergency", "brand.on_primary"] {
        assert!(report.contains(&format!(": {key}:")), "{key} missing from:\n{report}");
    }
    assert!(report.contains("on_primary #FFFFFF on primary #FFFF00 has a contrast of 1.07:1"), "{report}");
    assert_eq!(report.matches("\n  error").count(), 4, "four problems, all reported at once:\n{report}");
    // No document was built: the report speaks of the file, with no empty "()" of facts.
    assert!(report.starts_with(&format!("{}: 4 errors, 0 warnings\n", path.display())), "{report}");
    assert!(report.ends_with("checked 1 region file: 4 errors, 0 warnings\n"), "{report}");
}

#[test]
fn brand_colours_that_do_not_contrast_are_refused_with_the_ratio() {
    assert_region_error(
        &format!(
            "{GOOD}[brand]\nprimary = {{ rgb = \"#FFD700\", cmyk = [0, 15, 100, 0] }}\non_primary = {{ rgb = \"#FFFFFF\", cmyk = [0, 0, 0, 0] }}\n"
        ),
        "brand",
        &[
            "test-force.toml:7:11: brand.on_primary:",
            "on_primary #FFFFFF on primary #FFD700 has a contrast of 1.40:1",
            "at least 4.5:1",
        ],
    );
    // A light brand with black text passes: the leaflet's red alert box has its own white
    // text (`on-alert`), so black is never set on that red (it was 2.2:1 before issue 12).
    let (_dir, path) = region_folder(
        "brand-alert",
        &format!(
            "{GOOD}[brand]\nprimary = {{ rgb = \"#FFD700\", cmyk = [0, 15, 100, 0] }}\non_primary = {{ rgb = \"#000000\", cmyk = [0, 0, 0, 100] }}\n"
        ),
    );
    let (code, report) = check_region(&path);
    assert_eq!(code, Some(0), "{report}");
    // A dark brand colour passes, and is used on the cover.
    let (_dir, path) = region_folder(
        "brand-ok",
        &format!(
            "{GOOD}[brand]\nprimary = {{ rgb = \"#5B0A6B\", cmyk = [60, 100, 0, 30] }}\non_primary = {{ rgb = \"#FFFFFF\", cmyk = [0, 0, 0, 0] }}\n"
        ),
    );
    let (code, report) = check_region(&path);
    assert_eq!(code, Some(0), "{report}");
}

#[test]
fn a_force_name_too_long_for_any_layout_is_found_before_any_pdf_is_written() {
    let long = "The Very Long Name Constabulary of the Combined Northern and Southern Districts and All the Islands Around Them";
    let (dir, path) =
        region_folder("long-name", &format!("[force]\nname = \"{long}\"\njurisdictions = [\"england-wales\"]\n"));
    let output = handout(&["check", "--region", path.to_str().unwrap()], &dir);
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        report.contains("test-force.toml:2:8: force.name: the name is 111 characters long; at most 60"),
        "{report}"
    );
    assert!(!dir.join("out").exists(), "check writes no PDF");
}

#[test]
fn region_schema_limits_are_errors_at_the_region_files_line_and_key() {
    let five: String =
        (0..5).map(|i| format!("[[contact.local]]\nlabel = \"Line {i}\"\nnumber = \"01632 960 00{i}\"\n")).collect();
    assert_region_error(
        &format!("{GOOD}{five}"),
        "five-lines",
        &["test-force.toml:19:9: contact.local[4]: 5 local lines are listed; at most 4 fit every layout"],
    );
    // A logo wider than 4:1.
    let (dir, path) = logo_region("wide-logo", "crest.png", Some("Crest"));
    png(&dir.join("crest.png"), 1000, 200, |_, _| [0, 0, 0, 255]);
    let (code, report) = check_region(&path);
    assert_eq!(code, Some(1), "{report}");
    assert!(
        report.contains("test-force.toml:7:8: logo.file: the logo is 1000 x 200 pixels, 5.00:1; logos from 1:4 to 4:1"),
        "{report}"
    );
    // An empty name in a fresh file says what to write, not to remove the line.
    assert_region_error(
        "[force]\nname = \"\"\njurisdictions = [\"england-wales\"]\n",
        "empty-name",
        &["force.name: this value is empty", "write the force's official name"],
    );
}

#[test]
fn an_overflow_caused_by_a_regions_local_lines_names_the_region_file() {
    // Four lines within the schema's limits (40 and 50 characters) fit every layout in
    // words (tests/forces/fullest-contacts.toml); in capitals they are wider than even the
    // roomy layouts hold, and the error names the variant's own layout.
    let four: String = (0..4)
        .map(|i| {
            format!(
                "[[contact.local]]\nlabel = \"MODERN SLAVERY AND EXPLOITATION UNIT {i}\"\nnumber = \"01632 960 00{i}\"\nhours = \"MONDAY TO FRIDAY, 8AM TO 8PM; SATURDAY, 9AM TO 1PM\"\n"
            )
        })
        .collect();
    let (_dir, path) = region_folder("four-lines", &format!("{GOOD}{four}"));
    let (code, report) = check_region(&path);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("test-force.toml:") && report.contains(": contact.local["), "{report}");
    assert!(report.contains("this region's values do not fit this layout (layouts/leaflet-dl.toml"), "{report}");
    assert!(!report.contains("content/leaflet"), "the content file is not blamed: {report}");
}

#[test]
fn national_services_cannot_be_set_by_a_force() {
    assert_region_error(
        &format!(
            "{GOOD}[national.helpline]\nname = \"H\"\nnumber = \"08000 121 700\"\n[national.crimestoppers]\nname = \"C\"\nnumber = \"0800 555 111\"\n"
        ),
        "national",
        &["national: a force's region file cannot set national services"],
    );
}

/// A PNG of the given size, drawn by `pixel`.
fn png(path: &Path, width: u32, height: u32, pixel: impl Fn(u32, u32) -> [u8; 4]) {
    let image = image::RgbaImage::from_fn(width, height, |x, y| image::Rgba(pixel(x, y)));
    image.save(path).unwrap();
}

fn logo_region(name: &str, file: &str, alt: Option<&str>) -> (TempDir, PathBuf) {
    let alt = alt.map(|a| format!("alt = \"{a}\"\n")).unwrap_or_default();
    region_folder(name, &format!("{GOOD}[logo]\nfile = \"{file}\"\n{alt}"))
}

#[test]
fn the_manifest_records_the_region_file_and_its_logo_as_inputs() {
    use sha2::{Digest, Sha256};
    let (dir, path) = logo_region("logo-manifest", "crest.png", Some("Test Constabulary crest"));
    png(&dir.join("crest.png"), 600, 200, |_, _| [20, 40, 75, 255]);
    let output = handout(
        &["build", "leaflet", "--variant", "standard", "--region-file", path.to_str().unwrap(), "--quiet"],
        &dir,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/manifest.json")).unwrap()).unwrap();
    let inputs = manifest["inputs"].as_array().unwrap();
    for file in [path.clone(), dir.join("crest.png")] {
        let entry = inputs
            .iter()
            .find(|i| i["path"] == file.display().to_string())
            .unwrap_or_else(|| panic!("{} not among the inputs: {inputs:?}", file.display()));
        let bytes = std::fs::read(&file).unwrap();
        assert_eq!(entry["sha256"].as_str().unwrap(), format!("{:x}", Sha256::digest(&bytes)));
    }
    // Each output says the date written into it (here the content's edition date).
    let outputs = manifest["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 1);
    assert!(outputs[0]["date"].as_str().is_some_and(|d| d.len() == 20 && d.ends_with('Z')), "{}", outputs[0]);
    assert_eq!(outputs[0]["region"], "test-force");
}

#[test]
fn a_logo_is_a_figure_with_its_alt_text_flattened_onto_its_background() {
    let (dir, path) = logo_region("logo", "crest.png", Some("Test Constabulary crest"));
    // Transparent everywhere but a solid yellow block in the middle; 900 x 300 pixels
    // prints at about 420 ppi at 18 mm high.
    png(
        &dir.join("crest.png"),
        900,
        300,
        |x, _| if (300..600).contains(&x) { [255, 204, 0, 255] } else { [0, 0, 0, 0] },
    );
    let definitions = Definitions::embedded();
    let job = Job {
        product: "leaflet".into(),
        variant: "standard".into(),
        region: RegionSource::File(path),
        lang: "en-GB".into(),
    };
    let pdf = Pdf::load(&build_with(&definitions, &job));
    let figures: Vec<_> = pdf.structure().into_iter().filter(|e| e.tag == "Figure").collect();
    assert_eq!(figures.len(), 1);
    assert_eq!(figures[0].alt.as_deref(), Some("Test Constabulary crest"));
    // The name is always also set in type, beside the logo's plate.
    let masthead = pdf.structure().into_iter().find(|e| e.tag == "Sect").unwrap();
    assert!(masthead.text.contains("Test Constabulary"), "the name is set in type: {}", masthead.text);

    // One image, opaque (no soft mask): transparency was flattened onto the cover colour.
    let images = pdf.images();
    assert_eq!(images.len(), 1);
    assert!(!images[0].dict.has(b"SMask"), "an opaque image needs no soft mask");
    let pixels = images[0].decompressed_content().unwrap();
    assert_eq!(&pixels[0..3], &[255, 255, 255], "a transparent pixel shows the white plate behind it");
    // Over 600 ppi the logo is scaled down: find the middle of its first row by its width.
    let width = images[0].dict.get(b"Width").unwrap().as_i64().unwrap() as usize;
    let middle = 3 * (width / 2);
    assert_eq!(&pixels[middle..middle + 3], &[255, 204, 0]);
}

#[test]
fn a_logo_without_alt_text_is_refused() {
    let (dir, path) = logo_region("logo-no-alt", "crest.png", None);
    png(&dir.join("crest.png"), 900, 300, |_, _| [0, 0, 0, 255]);
    let (code, report) = check_region(&path);
    assert_eq!(code, Some(1));
    assert!(report.contains("logo.alt: the logo has no alt text"), "{report}");
}

#[test]
fn logo_paths_must_stay_inside_the_region_folder() {
    for (name, file) in [("escape", "../crest.png"), ("absolute", "/etc/hostname")] {
        assert_region_error(
            &format!("{GOOD}[logo]\nfile = \"{file}\"\nalt = \"Crest\"\n"),
            name,
            &["logo.file:", "leaves the region file's folder"],
        );
    }
    let (dir, path) = logo_region("symlink", "crest.png", Some("Crest"));
    let outside_dir = temp_dir("outside");
    let outside = outside_dir.join("crest.png");
    png(&outside, 900, 300, |_, _| [0, 0, 0, 255]);
    std::os::unix::fs::symlink(&outside, dir.join("crest.png")).unwrap();
    let (code, report) = check_region(&path);
    assert_eq!(code, Some(1));
    assert!(report.contains("is a link to a file outside the region file's folder"), "{report}");
}

#[test]
fn logos_must_be_png_jpeg_or_svg() {
    let (dir, path) = logo_region("format", "crest.gif", Some("Crest"));
    std::fs::write(dir.join("crest.gif"), b"GIF89a\x01\x00\x01\x00\x00\x00\x00;").unwrap();
    let (code, report) = check_region(&path);
    assert_eq!(code, Some(1));
    assert!(report.contains("`crest.gif` is not a PNG, JPEG or SVG image"), "{report}");
}

#[test]
fn oversized_logos_are_refused_before_decoding() {
    // Over 20 MB: a sparse file, never read as an image.
    let (dir, path) = logo_region("big-file", "crest.png", Some("Crest"));
    let file = std::fs::File::create(dir.join("crest.png")).unwrap();
    file.set_len(21 * 1024 * 1024).unwrap();
    let (_, report) = check_region(&path);
    assert!(report.contains("the logo is 21.0 MB; at most 20 MB is accepted"), "{report}");

    // Over 40 megapixels: a PNG whose header says 8000 x 6000, with no pixel data at all.
    let (dir, path) = logo_region("big-image", "crest.png", Some("Crest"));
    std::fs::write(dir.join("crest.png"), png_header(8000, 6000)).unwrap();
    let (_, report) = check_region(&path);
    assert!(
        report.contains("the logo is 8000 x 6000 pixels (48 megapixels); at most 40 megapixels is accepted"),
        "{report}"
    );
}

#[test]
fn a_white_logo_that_would_vanish_on_its_white_plate_is_refused() {
    // A reversed logo, made for dark backgrounds: a white oval on transparency.
    let (dir, path) = logo_region("white-logo", "crest.png", Some("Crest"));
    let oval = |x: u32, y: u32| {
        (f64::from(x) - 300.0).powi(2) / 280.0f64.powi(2) + (f64::from(y) - 100.0).powi(2) / 90.0f64.powi(2) < 1.0
    };
    png(&dir.join("crest.png"), 600, 200, |x, y| if oval(x, y) { [255, 255, 255, 255] } else { [255, 255, 255, 0] });
    let (code, report) = check_region(&path);
    assert_eq!(code, Some(1), "{report}");
    assert!(
        report.contains(
            "test-force.toml:7:8: logo.file: the logo `crest.png` is white or nearly white (0.0% of it shows on white)"
        ) && report.contains("not the reversed one made for dark backgrounds"),
        "{report}"
    );
    // The same oval in the force's navy shows, and so does the white oval with a navy rim
    // four pixels wide (about 2% of the logo's area).
    let navy = [20, 40, 75, 255];
    let inside = |x: u32, y: u32| {
        (300.0 - f64::from(x)).powi(2) / 276.0f64.powi(2) + (100.0 - f64::from(y)).powi(2) / 86.0f64.powi(2) < 1.0
    };
    for (name, rimmed) in [("navy-logo", false), ("rimmed-logo", true)] {
        let (dir, path) = logo_region(name, "crest.png", Some("Crest"));
        png(&dir.join("crest.png"), 600, 200, |x, y| match (oval(x, y), rimmed && inside(x, y)) {
            (true, true) => [255, 255, 255, 255],
            (true, false) => navy,
            _ => [0, 0, 0, 0],
        });
        let (code, report) = check_region(&path);
        assert_eq!(code, Some(0), "{name}: {report}");
    }
}

#[test]
fn logo_resolution_at_its_printed_size() {
    // A 3:1 logo prints at 18 mm / sqrt(3) = 10.4 mm high (the area of an 18 mm square):
    // 60 pixels high is 147 ppi, refused.
    let (dir, path) = logo_region("low-ppi", "crest.png", Some("Crest"));
    png(&dir.join("crest.png"), 180, 60, |_, _| [0, 0, 0, 255]);
    let (code, report) = check_region(&path);
    assert_eq!(code, Some(1));
    assert!(report.contains("error[image-resolution]") && report.contains("the logo prints at 147 ppi"), "{report}");

    // 120 pixels high is 293 ppi: built, with a warning.
    let (dir, path) = logo_region("mid-ppi", "crest.png", Some("Crest"));
    png(&dir.join("crest.png"), 360, 120, |_, _| [0, 0, 0, 255]);
    let (code, report) = check_region(&path);
    assert_eq!(code, Some(0), "{report}");
    assert!(
        report.contains("warning[image-resolution]")
            && report.contains("the logo prints at 293 ppi")
            && report.contains("print shops expect 300 ppi"),
        "{report}"
    );
}

/// A PNG signature, header chunk and end chunk: enough to state a size, with no pixels.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn region_new_writes_a_commented_template_prefilled_where_known() {
    let dir = temp_dir("region-new");
    let output = handout(&["region", "new", "avon-and-somerset"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    let path = dir.join("regions/avon-and-somerset.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("name = \"Avon and Somerset Police\""), "{text}");
    assert!(text.contains("jurisdictions = [\"england-wales\"]"), "{text}");
    assert!(text.contains("website = \"https://www.avonandsomerset.police.uk\""));
    assert!(
        text.contains("# [logo]") && text.contains("# [brand]") && text.contains("# [[contact.local]]"),
        "every field is explained"
    );
    // As written, it is a valid region file.
    let (code, report) = check_region(&path);
    assert_eq!(code, Some(0), "{report}");
    // It is not overwritten by accident.
    let again = handout(&["region", "new", "avon-and-somerset"], &dir);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists"));

    // A force the tool does not know: the name is left for the user to fill in.
    let output = handout(&["region", "new", "example-force"], &dir);
    assert!(output.status.success());
    let (code, report) = check_region(&dir.join("regions/example-force.toml"));
    assert_eq!(code, Some(1));
    assert!(report.contains("force.name: this value is empty"), "{report}");
    assert!(report.contains("force.jurisdictions: the list of jurisdictions is empty"), "{report}");
    assert_eq!(handout(&["region", "new", "Bad Id"], &dir).status.code(), Some(2));
}

#[test]
fn region_files_from_anywhere_build_and_explain_their_values() {
    let (dir, path) = region_folder(
        "explain",
        &format!(
            "{GOOD}[[contact.local]]\nlabel = \"Modern slavery team\"\nnumber = \"01632960000\"\nhours = \"Weekdays, 9am to 5pm\"\n"
        ),
    );
    let output = handout(
        &["build", "leaflet", "--variant", "standard", "--region-file", path.to_str().unwrap(), "--explain"],
        &dir,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let explained = stdout(&output);
    assert!(explained.contains(&format!("force.name = Test Constabulary  (from {})", path.display())), "{explained}");
    assert!(explained.contains("contact.non_emergency = 101  (from regions/uk.toml)"), "{explained}");
    let pdf = Pdf::load(&std::fs::read(dir.join("out/leaflet-standard-test-force-en-GB.pdf")).unwrap());
    assert!(pdf.text().contains("01632 960000"), "grouped the UK way");
}

#[test]
fn a_written_cmyk_is_checked_against_its_srgb_and_the_ink_limit() {
    assert_region_error(
        &format!(
            "{GOOD}[brand]\nprimary = {{ rgb = \"#14284B\", cmyk = [0, 0, 0, 0] }}\non_primary = {{ rgb = \"#FFFFFF\", cmyk = [100, 100, 100, 100] }}\n"
        ),
        "cmyk",
        &[
            "test-force.toml:7:11: brand.primary.cmyk: the CMYK [0, 0, 0, 0] prints far from #14284B (CIEDE2000 78",
            "use [96, 65, 0, 70] (derived from #14284B for FOGRA39)",
            "test-force.toml:8:14: brand.on_primary.cmyk: the CMYK [100, 100, 100, 100] is 400% total ink",
        ],
    );
}

#[test]
fn contact_texts_past_the_schema_limits_name_the_line_and_key() {
    let label = "L".repeat(41);
    let hours = "H".repeat(51);
    let email = format!("{}@test.police.uk", "e".repeat(46));
    let toml = format!(
        "[force]\nname = \"Test Constabulary\"\njurisdictions = [\"england-wales\"]\nwebsite = \"https://www.{}.police.uk\"\nemail = \"{email}\"\n[[contact.local]]\nlabel = \"{label}\"\nnumber = \"01632 960 001\"\nhours = \"{hours}\"\n",
        "w".repeat(41)
    );
    assert_region_error(
        &toml,
        "contact-limits",
        &[
            "test-force.toml:4:11: force.website: this is 51 characters long; at most 50 fit every layout",
            "test-force.toml:5:9: force.email: this is 61 characters long; at most 60",
            "test-force.toml:7:9: contact.local[0].label: this is 41 characters long; at most 40",
            "test-force.toml:9:9: contact.local[0].hours: this is 51 characters long; at most 50",
        ],
    );
}

/// Issue 12: one run reports every problem of a region file, whatever stage finds it:
/// schema (an unknown key, a wrong type, an unknown name in a list), meaning (an email,
/// a missing logo, a CMYK far from its sRGB) and the one-digit-off helpline number, each
/// at its line and key.
#[test]
fn a_region_file_with_mistakes_of_every_stage_reports_them_all_in_one_run() {
    let toml = "[force]\nname = \"Test Constabulary\"\njurisdictions = [\"england-wales\", \"wales\"]\nwebsit = \"https://www.test.police.uk\"\nemail = \"not an address\"\n\n[logo]\nfile = \"missing.png\"\nalt = \"Test Constabulary logo\"\n\n[contact]\nnon_emergency = 101\n\n[[contact.local]]\nlabel = \"Modern slavery team\"\nnumber = \"08000 121 701\"\n\n[brand]\nprimary = { rgb = \"#14284B\", cmyk = [0, 0, 0, 0] }\non_primary = { rgb = \"#FFFFFF\" }\n";
    let (_dir, path) = region_folder("all-at-once", toml);
    let (code, report) = check_region(&path);
    assert_eq!(code, Some(1), "{report}");
    for needle in [
        "test-force.toml:3:35: force.jurisdictions[1]: unknown variant `wales`",
        "test-force.toml:4:1: force.websit: unknown field `websit`",
        "test-force.toml:5:9: force.email: `not an address` is not an email address",
        "test-force.toml:8:8: logo.file:",
        "test-force.toml:12:17: contact.non_emergency: invalid type: whole number `101`, expected a string",
        "test-force.toml:16:10: contact.local[0].number: `08000 121 701` looks like the Modern Slavery & Exploitation Helpline number (08000 121 700) with one digit different",
        "test-force.toml:19:11: brand.primary.cmyk: the CMYK [0, 0, 0, 0] prints far from #14284B",
    ] {
        assert!(report.contains(needle), "`{needle}` missing from:\n{report}");
    }
    // In the file's order, so the force can work down it.
    let lines: Vec<usize> = report
        .lines()
        .filter_map(|l| l.trim().strip_prefix("error"))
        .filter_map(|l| l.split("test-force.toml:").nth(1)?.split(':').next()?.parse().ok())
        .collect();
    assert!(lines.is_sorted(), "{lines:?}\n{report}");
}

/// A list item taken out for its mistake does not renumber the items after it: the
/// second local line's mistake is still `contact.local[2]` after `[1]` was refused.
#[test]
fn mistakes_in_later_list_items_keep_their_own_number() {
    let toml = format!(
        "{GOOD}[[contact.local]]\nlabel = \"A\"\nnumber = \"01632 960000\"\n[[contact.local]]\nlabel = \"B\"\nnumber = 5\n[[contact.local]]\nlabel = \"C\"\nnumber = \"01632 960001\"\ntext = \"yes\"\n"
    );
    let (_dir, path) = region_folder("list-items", &toml);
    let (code, report) = check_region(&path);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("test-force.toml:11:10: contact.local[1].number: invalid type"), "{report}");
    assert!(report.contains("test-force.toml:15:8: contact.local[2].text: invalid type"), "{report}");
    // The table left without its number is not reported a second time as missing one.
    assert!(!report.contains("missing field"), "{report}");
}

/// Syntax errors: every one the parser can recover past, in one run.
#[test]
fn every_syntax_error_of_a_region_file_is_reported() {
    let toml = "[force]\nname = \"Test Constabulary\njurisdictions = [\"england-wales\"]\n[contact]\nnon_emergency = = \"101\"\n";
    let (_dir, path) = region_folder("syntax", toml);
    let (code, report) = check_region(&path);
    assert_eq!(code, Some(1), "{report}");
    let syntax = report.matches("TOML syntax error").count();
    assert!(syntax >= 2, "{report}");
    assert!(report.contains("test-force.toml:2:"), "{report}");
    assert!(report.contains("test-force.toml:5:"), "{report}");
}

/// What the rest of a region file with mistakes does to the documents is reported in the
/// same run, blamed on the region file's line and key where its words are at fault: here a
/// short name with a character no font has, while the email is wrong.
#[test]
fn a_broken_region_file_is_also_checked_through_its_documents() {
    let toml = "[force]\nname = \"Test Constabulary\"\nshort_name = \"Test Police \u{1F693}\"\njurisdictions = [\"england-wales\"]\nemail = \"not an address\"\n";
    let (_dir, path) = region_folder("rest", toml);
    let output = handout(
        &["check", "--region", path.to_str().unwrap(), "leaflet", "--variant", "plain-language"],
        path.parent().unwrap(),
    );
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert!(report.contains("test-force.toml:5:9: force.email: `not an address` is not an email address"), "{report}");
    assert!(report.contains("leaflet-plain-language-test-force-en-GB.pdf (with the rest of"), "{report}");
    assert!(
        report.contains("test-force.toml:3:14: force.short_name: the font cannot draw `\u{1F693}` (U+1F693) in section \"who-to-call\""),
        "{report}"
    );
    assert!(report.contains("(printed by content/leaflet.plain-language.en-GB.toml:"), "{report}");
    assert!(report.contains("checked 1 region file and 1 document: 2 errors"), "{report}");
    // `build` fails the document with both.
    let output = handout(
        &["build", "--region", path.to_str().unwrap(), "leaflet", "--variant", "plain-language", "--out", "out"],
        path.parent().unwrap(),
    );
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{said}");
    assert!(said.contains("force.email") && said.contains("force.short_name: the font cannot draw"), "{said}");
}

/// A word of the force's own that no line can hold is the region file's doing: the
/// overflow names its line and key, and says which content prints it.
#[test]
fn an_unbreakable_word_of_the_region_is_blamed_on_the_region_file() {
    let word = "W".repeat(49);
    let toml = format!(
        "[force]\nname = \"Test Constabulary\"\nshort_name = \"{word} Police\"\njurisdictions = [\"england-wales\"]\n"
    );
    let (_dir, path) = region_folder("long-word", &toml);
    // The Easy Read leaflet sets the short name on a line of its own.
    let output = handout(
        &["check", "--region", path.to_str().unwrap(), "leaflet", "--variant", "plain-language"],
        path.parent().unwrap(),
    );
    let (code, report) = (output.status.code(), stdout(&output));
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("(printed by content/leaflet.plain-language.en-GB.toml:"), "{report}");
    assert!(report.contains(&format!("test-force.toml:3:14: force.short_name: text does not fit: in section \"who-to-call\", block 2 (lines), the line \"{word}\" is")), "{report}");
    assert!(report.contains("shorten the word in the region file"), "{report}");
    assert!(!report.contains("error[overflow]: content/"), "the content is not at fault:\n{report}");
}

/// Words set inside sentences may not carry a mark that ends one: "St. Testshire Police"
/// would split "Call St. Testshire Police on 101." in two for every check and screen
/// reader. The hint gives the words without it.
#[test]
fn words_set_inside_sentences_have_no_full_stop() {
    let toml = "[force]\nname = \"Test Constabulary\"\nshort_name = \"St. Testshire Police\"\njurisdictions = [\"england-wales\"]\n[contact]\ntextphone_reaches = \"your local police! Or us\"\n";
    let (_dir, path) = region_folder("sentence-marks", toml);
    let (code, report) = check_region(&path);
    assert_eq!(code, Some(1), "{report}");
    assert!(
        report.contains("test-force.toml:3:14: force.short_name: `St. Testshire Police` has a `.` in it"),
        "{report}"
    );
    assert!(report.contains("\"St Testshire Police\""), "{report}");
    assert!(
        report.contains("test-force.toml:6:21: contact.textphone_reaches: `your local police! Or us` has a `!` in it"),
        "{report}"
    );
    // Stopped at the region file: no document is checked with the words.
    assert!(!report.contains("share one line"), "{report}");
}

/// Free texts set inside the documents have limits that every layout holds: the short
/// name (60 characters, no full stop of its own) and whom the textphone reaches (52).
#[test]
fn the_short_name_and_textphone_reaches_have_limits() {
    let toml = "[force]\nname = \"Test Constabulary\"\nshort_name = \"Test Police.\"\njurisdictions = [\"england-wales\"]\n[contact]\ntextphone_reaches = \"the police force of the area where you are at the time\"\n";
    let (_dir, path) = region_folder("text-limits", toml);
    let (code, report) = check_region(&path);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("test-force.toml:3:14: force.short_name: `Test Police.` has a `.` in it"), "{report}");
    assert!(
        report.contains(
            "test-force.toml:6:21: contact.textphone_reaches: this is 54 characters long; at most 52 fit every layout"
        ),
        "{report}"
    );
}

/// Issue 12: a written CMYK is held to the release's `ink_limit` (the shop's paper), not a
/// fixed 300%: 280% passes `check` (300%) and is refused by a release of 260%, at the
/// region file's line and key.
#[test]
fn a_written_cmyk_is_held_to_the_releases_ink_limit() {
    let toml = format!(
        "{GOOD}[brand]\nprimary = {{ rgb = \"#14284B\", cmyk = [100, 80, 25, 75] }}\non_primary = {{ rgb = \"#FFFFFF\", cmyk = [0, 0, 0, 0] }}\n"
    );
    let (dir, path) = region_folder("ink-limit", &toml);
    let (code, report) = check_region(&path);
    assert_eq!(code, Some(0), "300% by default:\n{report}");
    std::fs::write(dir.join("release.toml"), "products = [\"leaflet\"]\nvariants = [\"standard\"]\nink_limit = 260\n")
        .unwrap();
    let output = handout(&["build", "--release", "release.toml", "--region", "test-force.toml", "--out", "out"], &dir);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(
        said.contains("test-force.toml:7:11: brand.primary.cmyk: the CMYK [100, 80, 25, 75] is 280% total ink; the release's ink limit is 260%"),
        "{said}"
    );
    assert!(!dir.join("out/leaflet-standard-test-force-en-GB.pdf").exists());
    std::fs::write(dir.join("release.toml"), "products = [\"leaflet\"]\nvariants = [\"standard\"]\nink_limit = 300\n")
        .unwrap();
    let output = handout(&["build", "--release", "release.toml", "--region", "test-force.toml", "--out", "out"], &dir);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// Issue 12: a force may give its own chart colours (`[chart]`); they draw the charts in
/// place of the derived ones.
#[test]
fn a_forces_own_chart_colours_draw_its_charts() {
    let session = Session::new(Definitions::embedded()).unwrap();
    let path = root().join("tests/forces/own-chart-colours.toml");
    let job = Job {
        product: "infographic".into(),
        variant: "standard".into(),
        region: RegionSource::File(path),
        lang: "en-GB".into(),
    };
    let document = session.resolve(&job, Some(DATE)).unwrap();
    let charts = document.styles.charts.as_ref().unwrap();
    assert_eq!(charts.bar.rgb, Rgb::parse("#00576B").unwrap());
    let parts: Vec<String> = charts.palette.iter().map(|c| c.rgb.to_string()).collect();
    assert_eq!(parts, ["#C25E00", "#0B1F4D"]);
    // A written CMYK is kept; one left out is derived.
    assert_eq!(charts.palette[0].cmyk.0, [0.0, 60.0, 100.0, 20.0]);
    assert!(charts.palette[1].cmyk.0[0] > 50.0, "{:?}", charts.palette[1].cmyk);
}

/// A given chart colour that fails 3:1 is an error at its line and key whose hint names
/// the nearest colour that passes; that colour does pass.
#[test]
fn a_chart_colour_that_fails_names_the_nearest_that_passes() {
    let toml = format!(
        "{GOOD}[brand]\nprimary = {{ rgb = \"#006E3C\" }}\non_primary = {{ rgb = \"#FFFFFF\" }}\n[chart]\nbar = {{ rgb = \"#7FC8A0\" }}\nparts = [{{ rgb = \"#006E3C\" }}, {{ rgb = \"#00A0E0\" }}]\n"
    );
    let (_dir, path) = region_folder("chart-colours", &toml);
    let (code, report) = check_region(&path);
    assert_eq!(code, Some(1), "{report}");
    let white = Rgb([255, 255, 255]);
    let green = Rgb::parse("#006E3C").unwrap();
    let hinted = |key: &str| -> Rgb {
        let at = report.find(key).unwrap_or_else(|| panic!("{key} missing from:\n{report}"));
        let hint = &report[at..][report[at..].find("the nearest colour that passes is ").unwrap() + 34..];
        Rgb::parse(&hint[..7]).unwrap()
    };
    assert!(
        report
            .contains("test-force.toml:10:7: chart.bar: the chart colour #7FC8A0 has 1.97:1 against the paper #FFFFFF"),
        "{report}"
    );
    let bar = hinted("chart.bar:");
    assert!(bar.contrast_ratio(white) >= 3.0, "{bar}");
    assert!(report.contains("test-force.toml:11:31: chart.parts[1]: the chart colour #00A0E0 has 2.96:1 against the paper #FFFFFF and 2.16:1 against parts[0] #006E3C"), "{report}");
    let part = hinted("chart.parts[1]:");
    assert!(part.contrast_ratio(white) >= 3.0 && part.contrast_ratio(green) >= 3.0, "{part}");
}

/// A chart takes 1 to 8 part colours.
#[test]
fn an_empty_or_overlong_list_of_chart_parts_is_refused() {
    let parts = ["{ rgb = \"#14284B\" }"; 9].join(", ");
    for (list, count) in [("[]".to_string(), 0), (format!("[{parts}]"), 9)] {
        let (_dir, path) = region_folder("chart-parts", &format!("{GOOD}[chart]\nparts = {list}\n"));
        let (code, report) = check_region(&path);
        assert_eq!(code, Some(1), "{report}");
        assert!(
            report.contains(&format!(
                "test-force.toml:7:9: chart.parts: {count} part colours are given; a chart takes 1 to 8"
            )),
            "{report}"
        );
    }
}
