//! Print copies: boxes, crop and fold marks, slug, CMYK; and the release matrix: manifest,
//! determinism across thread counts, atomic writes under a killed build, exit codes.

mod common;

use std::process::Command;
use std::sync::OnceLock;

use common::*;
use handout::load::Definitions;
use handout::render::RenderOptions;
use handout::session::Session;

fn print_copy(product: &str, variant: &str) -> Pdf {
    let session = Session::new(Definitions::embedded()).unwrap();
    let mut engine = session.text_engine();
    let built =
        session.build(&job(product, variant, "uk"), &mut engine, Some(DATE), RenderOptions { print: true }).unwrap();
    assert!(built.file_name.ends_with("-print.pdf"));
    Pdf::load(&built.bytes)
}

fn leaflet_print() -> &'static Pdf {
    static PDF: OnceLock<Pdf> = OnceLock::new();
    PDF.get_or_init(|| print_copy("leaflet", "standard"))
}

fn mm(points: f32) -> f32 {
    points / MM
}

#[test]
fn print_boxes_hold_the_marks_outside_the_bleed() {
    let pdf = leaflet_print();
    for page in 0..2 {
        let (trim_w, trim_h) = pdf.box_mm(page, "TrimBox");
        assert!((trim_w - 297.0).abs() < 0.01 && (trim_h - 210.0).abs() < 0.01);
        let (bleed_w, bleed_h) = pdf.box_mm(page, "BleedBox");
        assert!((bleed_w - 303.0).abs() < 0.01 && (bleed_h - 216.0).abs() < 0.01);
        let (media_w, media_h) = pdf.box_mm(page, "MediaBox");
        assert!((media_w - 327.0).abs() < 0.01 && (media_h - 240.0).abs() < 0.01, "{media_w} x {media_h}");
        let trim = pdf.page_box(page, "TrimBox");
        let bleed = pdf.page_box(page, "BleedBox");
        assert!((mm(trim[0] - bleed[0]) - 3.0).abs() < 0.01);
    }
}

#[test]
fn nothing_but_artifacts_outside_the_trim_and_marks_never_enter_the_bleed() {
    let pdf = leaflet_print();
    for page in 0..2 {
        let trim = pdf.page_box(page, "TrimBox");
        let bleed = pdf.page_box(page, "BleedBox");
        let painted = pdf.painted(page);
        for item in &painted {
            if !item.inside(trim) {
                assert!(item.artifact, "page {page}: {item:?} is outside the trim but not an artifact");
            }
        }
        // Crop marks: 0.25 pt lines in every ink at 100% (registration), none in the bleed.
        let marks: Vec<_> = painted
            .iter()
            .filter(|p| p.operator == "S" && p.colour == ("K".to_string(), vec![1.0, 1.0, 1.0, 1.0]))
            .collect();
        // Both sides of a roll fold have two folds.
        let folds = 2;
        assert_eq!(marks.len(), 8 + 2 * folds, "8 crop marks and 2 per fold on page {page}");
        for mark in &marks {
            assert!((mark.line_width - 0.25).abs() < 0.001);
            assert!(mark.artifact);
            assert!(mark.outside(bleed), "page {page}: a mark enters the bleed: {mark:?}");
            let length = (mark.bbox[2] - mark.bbox[0]).max(mark.bbox[3] - mark.bbox[1]);
            assert!((mm(length) - 5.0).abs() < 0.05, "marks are 5 mm long: {}", mm(length));
        }
        // The fold marks stand on the folds: 97 and 197 mm outside, 100 and 200 inside.
        let expected: [f32; 2] = if page == 0 { [97.0, 197.0] } else { [100.0, 200.0] };
        for fold in expected {
            let x = trim[0] + fold * MM;
            assert_eq!(
                marks.iter().filter(|m| (m.bbox[0] - x).abs() < 0.05 && (m.bbox[2] - x).abs() < 0.05).count(),
                2,
                "fold at {fold} mm"
            );
        }
    }
}

#[test]
fn the_slug_names_product_variant_region_language_version_and_date() {
    let pdf = leaflet_print();
    let trim = pdf.page_box(0, "TrimBox");
    let bleed = pdf.page_box(0, "BleedBox");
    let drawn = pdf.drawn_text(0);
    let slug = drawn.iter().find(|t| t.text.starts_with("leaflet | standard")).expect("a slug line").clone();
    assert!(slug.artifact && slug.mcid.is_none());
    // The line is set in runs (its numbers are runs of their own): read them left to right.
    let mut line: Vec<_> = drawn.iter().filter(|t| (t.y - slug.y).abs() < 0.1).collect();
    line.sort_by(|a, b| a.x.total_cmp(&b.x));
    assert!(line.iter().all(|t| t.artifact && t.mcid.is_none()));
    let text: String = line.iter().map(|t| t.text.as_str()).collect();
    for part in ["uk", "en-GB", "version 1.0", "2026-11-25", "page 1 of 2", "trim 297 x 210 mm, bleed 3 mm", "handout "]
    {
        assert!(text.contains(part), "`{part}` missing from `{text}`");
    }
    // In the slug area: below the bleed (with its cap height), inside the sheet, level with
    // the left trim edge so the print shop reads it by the crop marks.
    let media = pdf.page_box(0, "MediaBox");
    assert!(slug.y + slug.size < bleed[1], "the slug ({} pt) is below the bleed ({} pt)", slug.y, bleed[1]);
    assert!(slug.y > media[1], "the slug ({} pt) is on the sheet", slug.y);
    assert!((slug.x - trim[0]).abs() < 1.0, "the slug starts at {} pt, the trim at {} pt", slug.x, trim[0]);
}

#[test]
fn print_colours_are_cmyk_with_body_text_in_black_only() {
    let pdf = leaflet_print();
    for page in 0..2 {
        let painted = pdf.painted(page);
        assert!(painted.iter().all(|p| p.colour.0 != "rg" && p.colour.0 != "RG"), "no RGB colour in the print copy");
        let text: Vec<_> = pdf.drawn_text(page).into_iter().filter(|t| !t.artifact).collect();
        assert!(text.iter().all(|t| t.fill_operator == "k"), "all text is DeviceCMYK");
        let body = text
            .iter()
            .find(|t| t.text.starts_with("Someone may be a victim") || t.text.starts_with("Human trafficking means"))
            .unwrap();
        assert_eq!(body.fill, vec![0.0, 0.0, 0.0, 1.0], "body text is 100% K, not rich black");
    }
}

#[test]
fn no_rgb_anywhere_in_any_print_copy_pictograms_and_charts_included() {
    for (product, variant) in
        [("leaflet", "plain-language"), ("infographic", "standard"), ("infographic", "plain-language")]
    {
        let pdf = print_copy(product, variant);
        let mut fills = 0;
        for page in 0..pdf.pages().len() {
            let painted = pdf.painted(page);
            let rgb: Vec<_> = painted
                .iter()
                .filter(|p| matches!(p.colour.0.as_str(), "rg" | "RG" | "sc" | "scn" | "SC" | "SCN"))
                .collect();
            assert!(rgb.is_empty(), "{product} {variant} page {page}: {:?}", rgb.first());
            fills += painted.iter().filter(|p| p.operator == "f" || p.operator == "f*").count();
        }
        // A page may hold words alone (the Easy Read sources); the document draws pictures.
        assert!(fills > 0, "{product} {variant}: pictograms and charts are drawn as filled paths");
    }
}

#[test]
fn the_print_copy_keeps_the_tags_language_and_title() {
    let pdf = leaflet_print();
    assert_eq!(pdf.catalog_string("Lang").as_deref(), Some("en-GB"));
    assert!(pdf.info_string("Title").unwrap().starts_with("Modern slavery"));
    let web = Pdf::load(&build("leaflet", "standard", "uk"));
    let headings =
        |p: &Pdf| p.structure().into_iter().filter(|e| e.tag.starts_with('H')).map(|e| e.title).collect::<Vec<_>>();
    assert_eq!(headings(pdf), headings(&web));
    assert!(pdf.untagged_paint_operations(0).is_empty());
    // The web copy stays RGB (in PDF/A's ICC-based sRGB colour space), with no CMYK.
    assert!(web.painted(0).iter().any(|p| p.colour.0 == "scn" && p.colour.1.len() == 3));
    assert!(web.painted(0).iter().all(|p| p.colour.0 != "k" && p.colour.0 != "K"));
}

#[test]
fn flowing_variants_get_print_copies_too() {
    let pdf = print_copy("infographic", "large-print");
    let (w, h) = pdf.box_mm(0, "TrimBox");
    assert!((w - 210.0).abs() < 0.01 && (h - 297.0).abs() < 0.01);
    assert_eq!(
        pdf.painted(0).iter().filter(|p| p.operator == "S" && p.colour.1 == [1.0, 1.0, 1.0, 1.0]).count(),
        8,
        "crop marks, no folds"
    );
}

/// Build a small matrix with the binary into `out`.
fn build_matrix(dir: &std::path::Path, out: &str, jobs: &str) -> std::process::Output {
    handout(
        &["build", "leaflet", "--region", "uk", "--region", "kent", "--print", "--jobs", jobs, "--out", out, "--quiet"],
        dir,
    )
}

#[test]
fn the_manifest_lists_inputs_and_outputs_with_matching_hashes() {
    use sha2::{Digest, Sha256};
    let dir = temp_dir("manifest");
    let output = build_matrix(&dir, "out", "2");
    assert!(output.status.success(), "{}", stderr(&output));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["tool"]["name"], "handout");
    assert_eq!(manifest["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest["date"], "2026-11-25T12:00:00Z (SOURCE_DATE_EPOCH)");
    let outputs = manifest["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 3 * 2 * 2, "3 variants x 2 regions x web and print");
    for entry in outputs {
        let bytes = std::fs::read(dir.join("out").join(entry["file"].as_str().unwrap())).unwrap();
        assert_eq!(entry["size"], bytes.len());
        assert_eq!(entry["sha256"].as_str().unwrap(), format!("{:x}", Sha256::digest(&bytes)));
        assert_eq!(entry["date"], "2026-11-25T12:00:00Z", "the date written into the PDF");
    }
    assert!(outputs.iter().any(|o| o["file"] == "leaflet-large-print-kent-en-GB-print.pdf"
        && o["copy"] == "print"
        && o["region"] == "kent"));
    let inputs = manifest["inputs"].as_array().unwrap();
    for path in [
        "products.toml",
        "layouts/leaflet-dl.toml",
        "content/leaflet.standard.en-GB.toml",
        "regions/kent.toml",
        "fonts/AtkinsonHyperlegibleNext-Regular.ttf",
        "assets/icons/phone.svg",
    ] {
        let entry = inputs.iter().find(|i| i["path"] == path).unwrap_or_else(|| panic!("{path} not in the manifest"));
        let bytes = std::fs::read(root().join(path)).unwrap();
        assert_eq!(entry["sha256"].as_str().unwrap(), format!("{:x}", Sha256::digest(&bytes)), "{path}");
    }
    assert_eq!(manifest["failures"].as_array().unwrap().len(), 0);
}

#[test]
fn the_manifest_lists_a_definitions_folder_s_own_files_with_their_hashes() {
    use sha2::{Digest, Sha256};
    // A --defs folder with a changed layout and an icon of its own, one folder down.
    let (defs, _) = overlay("manifest-defs", "layouts/leaflet-dl.toml", |t| t + "\n# a local copy\n");
    let icon =
        std::fs::read_to_string(root().join("assets/icons/phone.svg")).unwrap().replace("<svg", "<svg id=\"own\"");
    std::fs::create_dir_all(defs.join("assets/icons")).unwrap();
    std::fs::write(defs.join("assets/icons/own-phone.svg"), &icon).unwrap();
    let out = defs.join("out");
    let output = handout(
        &[
            "build",
            "leaflet",
            "--variant",
            "standard",
            "--defs",
            defs.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &defs,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let inputs = manifest["inputs"].as_array().unwrap();
    for path in ["layouts/leaflet-dl.toml", "assets/icons/own-phone.svg"] {
        let entry = inputs.iter().find(|i| i["path"] == path).unwrap_or_else(|| panic!("{path} not in the manifest"));
        let bytes = std::fs::read(defs.join(path)).unwrap();
        assert_eq!(entry["sha256"].as_str().unwrap(), format!("{:x}", Sha256::digest(&bytes)), "{path}");
        assert_eq!(entry["size"], bytes.len(), "{path}");
    }
}

#[test]
fn one_thread_or_several_give_the_same_bytes() {
    let dir = temp_dir("jobs");
    assert!(build_matrix(&dir, "one", "1").status.success());
    assert!(build_matrix(&dir, "many", "4").status.success());
    let mut names: Vec<_> = std::fs::read_dir(dir.join("one")).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names.len(), 13, "12 PDFs and the manifest");
    for name in names {
        let one = std::fs::read(dir.join("one").join(&name)).unwrap();
        let many = std::fs::read(dir.join("many").join(&name)).unwrap();
        assert!(one == many, "{name:?} differs between --jobs 1 and --jobs 4");
    }
}

#[test]
fn a_killed_build_leaves_only_complete_pdfs_and_no_manifest() {
    let dir = temp_dir("killed");
    let out = dir.join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_handout"))
        .args(["build", "--all", "--print", "--jobs", "2", "--quiet", "--out", out.to_str().unwrap()])
        .current_dir(&dir)
        .spawn()
        .unwrap();
    // Wait until some PDFs exist, then kill it mid-build.
    let start = std::time::Instant::now();
    loop {
        let pdfs = std::fs::read_dir(&out)
            .map(|d| d.flatten().filter(|e| e.file_name().to_string_lossy().ends_with(".pdf")).count())
            .unwrap_or(0);
        if pdfs >= 6 || start.elapsed().as_secs() > 60 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.len() < 2 * 276, "the build was killed before the end");
    assert!(!names.contains(&"manifest.json".to_string()), "no manifest for an unfinished build");
    for name in names.iter().filter(|n| n.ends_with(".pdf")) {
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert!(bytes.starts_with(b"%PDF") && bytes.trim_ascii_end().ends_with(b"%%EOF"), "{name} is incomplete");
        lopdf::Document::load_mem(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    // Any temporary file is hidden and never named .pdf, and the next build clears it away.
    assert!(
        names.iter().filter(|n| !n.ends_with(".pdf")).all(|n| n.starts_with('.') && n.ends_with(".tmp")),
        "{names:?}"
    );
    let output =
        handout(&["build", "leaflet", "--variant", "standard", "--quiet", "--out", out.to_str().unwrap()], &dir);
    assert!(output.status.success());
    let leftovers = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count();
    assert_eq!(leftovers, 0);
}

#[test]
fn exit_status_is_0_built_1_failed_2_usage() {
    let dir = temp_dir("exit");
    assert_eq!(handout(&["build", "infographic", "--variant", "standard", "--quiet"], &dir).status.code(), Some(0));
    let (defs, _) = overlay("exit-bad", "content/infographic.standard.en-GB.toml", |t| {
        replace_once(t, "statistic = 7130", "statistic = -7130")
    });
    let output = handout(&["build", "--defs", defs.to_str().unwrap(), "--out", "bad", "--quiet"], &dir);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("built 4 PDFs from 6 documents; 2 failed"), "{err}");
    assert!(
        err.contains("infographic-standard-uk-en-GB.pdf was not built")
            && err.contains("infographic-large-print-uk-en-GB.pdf was not built"),
        "{err}"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("bad/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["failures"].as_array().unwrap().len(), 2);
    assert_eq!(manifest["outputs"].as_array().unwrap().len(), 4);
    assert_eq!(handout(&["build", "--jobs", "many"], &dir).status.code(), Some(2));
    assert_eq!(handout(&["build", "--preview-please"], &dir).status.code(), Some(2));
}

#[test]
fn a_release_file_names_what_a_release_builds() {
    let dir = temp_dir("release");
    std::fs::write(
        dir.join("release.toml"),
        "products = [\"infographic\"]\nvariants = [\"standard\"]\nregions = [\"kent\", \"british-transport-police\"]\nprint = true\nout = \"release\"\n",
    )
    .unwrap();
    let output = handout(&["build", "--release", "release.toml", "--quiet"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut names: Vec<String> = std::fs::read_dir(dir.join("release"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "infographic-standard-british-transport-police-en-GB-print.pdf",
            "infographic-standard-british-transport-police-en-GB.pdf",
            "infographic-standard-kent-en-GB-print.pdf",
            "infographic-standard-kent-en-GB.pdf",
            "manifest.json",
        ]
    );
    // The project's own release file is valid and builds everything with print copies.
    let release = handout::release::ReleaseFile::load(&root().join("release.toml")).unwrap().value;
    assert!(release.print && release.regions == ["all"]);
}

#[test]
fn a_release_file_with_a_mistake_is_bad_input_and_a_missing_one_a_wrong_command() {
    let dir = temp_dir("release-bad");
    std::fs::write(dir.join("release.toml"), "products = [\"leaflet\"]\nprint = \"yes\"\n").unwrap();
    let output = handout(&["build", "--release", "release.toml"], &dir);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("release.toml:2:9: print:"), "{}", stderr(&output));
    assert!(!dir.join("out").exists());
    let output = handout(&["build", "--release", "no-such-release.toml"], &dir);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("cannot read the release file"), "{}", stderr(&output));
}

#[test]
fn preflight_summary_is_printed_for_print_copies() {
    let dir = temp_dir("preflight");
    let output = handout(&["build", "leaflet", "--variant", "standard", "--print"], &dir);
    let text = stdout(&output);
    assert!(text.contains("wrote out/leaflet-standard-uk-en-GB-print.pdf"), "{text}");
    // Read back from the PDF by the preflight, not taken from the tool's model.
    assert!(text.contains("preflight: passed: PDF/X-4; FOGRA39 (CMYK); "), "{text}");
    assert!(text.contains("2 pages, trim 297 x 210 mm, bleed 3 mm, sheet 327 x 240 mm"), "{text}");
    assert!(text.contains("fonts embedded: AtkinsonHyperlegibleNext-Bold, AtkinsonHyperlegibleNext-Regular"), "{text}");
    assert!(
        text.contains("colour: DeviceCMYK; ink at most 240% (limit 300%); no raster images; no annotations in the bleed; no transparency"),
        "{text}"
    );
}
