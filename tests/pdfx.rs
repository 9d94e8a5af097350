//! Print copies as PDF/X-4: the press profiles, the output intent and identification read
//! back from the bytes, no annotations, the logo separated into the press's CMYK, and the
//! release file's choice of press condition and ink limit.

mod common;

use std::path::Path;

use common::*;
use handout::jobs::{Job, RegionSource};
use handout::load::Definitions;
use handout::pdfx::icc::IccHeader;
use handout::preflight::{self, Check, Outcome};
use handout::render::RenderOptions;
use handout::session::Session;
use lopdf::Object;

fn print_bytes(definitions: &Definitions, job: &Job) -> Vec<u8> {
    let session = Session::new(definitions.clone()).unwrap_or_else(|e| panic!("{e}"));
    let mut engine = session.text_engine();
    match session.build(job, &mut engine, Some(DATE), RenderOptions { print: true }) {
        Ok(built) => built.bytes,
        Err(e) => panic!("build failed:\n{e}"),
    }
}

fn leaflet_print() -> Vec<u8> {
    print_bytes(&Definitions::embedded(), &job("leaflet", "standard", "uk"))
}

#[test]
fn the_press_profiles_are_cmyk_output_profiles() {
    for (path, description, embedded) in [
        ("profiles/FOGRA39L-coated.icc", "Coated FOGRA39", handout::pdfx::FOGRA39.profile),
        ("profiles/FOGRA29L-uncoated.icc", "Uncoated FOGRA29", handout::pdfx::FOGRA29.profile),
    ] {
        let bytes = std::fs::read(root().join(path)).unwrap();
        assert_eq!(bytes.len(), 120_124, "{path}: the size profiles/README.md states");
        assert!(bytes == embedded, "{path}: the binary embeds the committed file");
        let header = IccHeader::parse(&bytes).unwrap();
        assert_eq!(
            (header.class.as_str(), header.colour_space.as_str(), header.connection_space.as_str()),
            ("prtr", "CMYK", "Lab "),
            "{path}"
        );
        assert_eq!(header.version, (2, 2), "{path}");
        assert_eq!(header.description.as_deref(), Some(description), "{path}");
        assert!(header.is_cmyk_output());
        // The colour-management library reads it the same way.
        let profile = moxcms::ColorProfile::new_from_slice(&bytes).unwrap();
        assert_eq!(profile.profile_class, moxcms::ProfileClass::OutputDevice);
        assert_eq!(profile.color_space, moxcms::DataColorSpace::Cmyk);
        assert_eq!(profile.pcs, moxcms::DataColorSpace::Lab);
    }
}

#[test]
fn the_print_copy_is_identified_as_pdf_x_4_with_a_fogra39_output_intent() {
    let bytes = leaflet_print();
    assert!(bytes.starts_with(b"%PDF-1.6\n"), "PDF/X-4 is PDF 1.6");
    let pdf = Pdf::load(&bytes);
    assert_eq!(pdf.info_string("GTS_PDFXVersion").as_deref(), Some("PDF/X-4"));
    let info = pdf.doc.trailer.get_deref(b"Info", &pdf.doc).unwrap().as_dict().unwrap();
    assert_eq!(info.get(b"Trapped").unwrap().as_name().unwrap(), b"False");
    assert!(pdf.info_string("Title").unwrap().starts_with("Modern slavery"));

    let xmp = pdf.catalog().get_deref(b"Metadata", &pdf.doc).unwrap().as_stream().unwrap().content.clone();
    let xmp = String::from_utf8(xmp).unwrap();
    for property in [
        "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>",
        "<pdf:Trapped>False</pdf:Trapped>",
        "<pdfuaid:part>1</pdfuaid:part>",
        "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>",
        "<xmpMM:VersionID>1</xmpMM:VersionID>",
        "<pdf:PDFVersion>1.6</pdf:PDFVersion>",
    ] {
        assert!(xmp.contains(property), "{property} missing from the XMP");
    }

    let intents = pdf.catalog().get_deref(b"OutputIntents", &pdf.doc).unwrap().as_array().unwrap();
    assert_eq!(intents.len(), 1);
    let intent = pdf.resolve(&intents[0]).as_dict().unwrap();
    let string = |key: &[u8]| String::from_utf8(intent.get(key).unwrap().as_str().unwrap().to_vec()).unwrap();
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
    assert_eq!(string(b"OutputConditionIdentifier"), "FOGRA39");
    assert_eq!(string(b"RegistryName"), "http://www.color.org");
    assert!(string(b"OutputCondition").contains("coated paper"));
    let profile = intent.get_deref(b"DestOutputProfile", &pdf.doc).unwrap().as_stream().unwrap();
    assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 4);
    assert!(
        profile.decompressed_content().unwrap() == std::fs::read(root().join("profiles/FOGRA39L-coated.icc")).unwrap(),
        "the output intent embeds the committed profile"
    );
    // Web copies are untouched: PDF/A's sRGB intent only.
    let web = Pdf::load(&build("leaflet", "standard", "uk"));
    let web_intents = web.catalog().get_deref(b"OutputIntents", &web.doc).unwrap().as_array().unwrap();
    assert!(
        web_intents
            .iter()
            .all(|i| web.resolve(i).as_dict().unwrap().get(b"S").unwrap().as_name().unwrap() == b"GTS_PDFA1")
    );
}

#[test]
fn links_are_plain_text_in_the_print_copy_and_links_in_the_web_copy() {
    let print = Pdf::load(&leaflet_print());
    let web = Pdf::load(&build("leaflet", "standard", "uk"));
    for page in 0..2 {
        assert!(print.page_dict(page).get(b"Annots").is_err(), "page {page} of the print copy has annotations");
    }
    assert!(!web.links(0).is_empty(), "the web copy keeps its links");
    let tags = |p: &Pdf| p.structure().into_iter().map(|e| e.tag).collect::<Vec<_>>();
    assert!(!tags(&print).contains(&"Link".to_string()), "no Link element without an annotation");
    assert!(tags(&web).contains(&"Link".to_string()));
    // The words of the links are still there, in the paragraph that holds them.
    let address = "modernslaveryhelpline.org";
    assert!(web.text().contains(address) && print.text().contains(address));
    let holder = print.structure().into_iter().find(|e| e.tag == "P" && e.text.contains(address));
    assert!(holder.is_some(), "the address is text in a paragraph of the print copy");
    // The rest of the tree is the web copy's.
    let without_links = |p: &Pdf| tags(p).into_iter().filter(|t| t != "Link").collect::<Vec<_>>();
    assert_eq!(without_links(&print), without_links(&web));
}

/// A region with a logo: a dark red disc, a mid blue block, a grey block and a
/// transparent band, 540 x 180 pixels.
fn logo_job(dir: &Path) -> Job {
    // 3:1, printed 31 mm wide on the leaflet: kept at 370 x 123 pixels (300 ppi).
    let logo = image::RgbaImage::from_fn(540, 180, |x, _| match x {
        0..180 => image::Rgba([160, 30, 40, 255]),
        180..300 => image::Rgba([60, 100, 160, 255]),
        300..420 => image::Rgba([128, 128, 128, 255]),
        _ => image::Rgba([0, 0, 0, 0]),
    });
    logo.save(dir.join("crest.png")).unwrap();
    std::fs::write(
        dir.join("test-force.toml"),
        "[force]\nname = \"Test Constabulary\"\nshort_name = \"Test Constabulary\"\njurisdictions = [\"england-wales\"]\nwebsite = \"https://www.test.police.uk\"\n[logo]\nfile = \"crest.png\"\nalt = \"Test Constabulary crest\"\n",
    )
    .unwrap();
    Job {
        product: "leaflet".into(),
        variant: "standard".into(),
        region: RegionSource::File(dir.join("test-force.toml")),
        lang: "en-GB".into(),
    }
}

/// The CMYK of the pixel of the only image in a PDF that was at (x, y) in `logo_job`'s
/// 540 x 180 file (the PDF holds it at the size print needs).
fn image_pixel(pdf: &Pdf, x: usize, y: usize) -> [u8; 4] {
    let images = pdf.images();
    assert_eq!(images.len(), 1);
    let image = images[0];
    assert_eq!(image.dict.get(b"ColorSpace").unwrap().as_name().unwrap(), b"DeviceCMYK");
    assert_eq!(image.dict.get(b"BitsPerComponent").unwrap().as_i64().unwrap(), 8);
    assert!(!image.dict.has(b"SMask"), "the print copy's logo has no soft mask");
    let width = image.dict.get(b"Width").unwrap().as_i64().unwrap() as usize;
    let (x, y) = (x * width / 540, y * width / 540);
    let samples = image.decompressed_content().unwrap();
    let at = (y * width + x) * 4;
    [samples[at], samples[at + 1], samples[at + 2], samples[at + 3]]
}

/// The relative-colorimetric Lab of one colour (see `common::lab_of`).
fn to_lab(source: &moxcms::ColorProfile, layout: moxcms::Layout, samples: &[u8]) -> [f64; 3] {
    let options = moxcms::TransformOptions {
        rendering_intent: moxcms::RenderingIntent::RelativeColorimetric,
        ..moxcms::TransformOptions::default()
    };
    lab_of(source, layout, samples, options)[0]
}

fn lab_of_rgb(rgb: [u8; 3]) -> [f64; 3] {
    to_lab(&moxcms::ColorProfile::new_srgb(), moxcms::Layout::Rgb, &rgb)
}

fn lab_of_cmyk(cmyk: [u8; 4]) -> [f64; 3] {
    let press = moxcms::ColorProfile::new_from_slice(handout::pdfx::FOGRA39.profile).unwrap();
    to_lab(&press, moxcms::Layout::Rgba, &cmyk)
}

#[test]
fn the_logo_is_separated_into_the_press_s_cmyk_and_keeps_its_colours() {
    let dir = temp_dir("pdfx-logo");
    let job = logo_job(&dir);
    let print = Pdf::load(&print_bytes(&Definitions::embedded(), &job));
    // Where the logo is transparent, the exact CMYK of its white plate (no ink), so no edge
    // shows between logo and plate.
    assert_eq!(image_pixel(&print, 480, 90), [0, 0, 0, 0]);
    // Before and after: each colour of the logo file, and what the press prints for the
    // CMYK it became, as CIELAB; CIEDE2000 differences a reader would not see side by side.
    for (x, rgb, most) in [(90, [160, 30, 40], 2.0), (240, [60, 100, 160], 0.5), (360, [128, 128, 128], 0.5)] {
        let cmyk = image_pixel(&print, x, 90);
        let (before, after) = (lab_of_rgb(rgb), lab_of_cmyk(cmyk));
        let difference = handout::colour::ciede2000(before, after);
        println!(
            "sRGB {rgb:?} L*a*b* {:.1} {:.1} {:.1} -> CMYK {:?} -> L*a*b* {:.1} {:.1} {:.1}: dE2000 {difference:.2}",
            before[0],
            before[1],
            before[2],
            cmyk.map(|v| (f32::from(v) / 2.55).round()),
            after[0],
            after[1],
            after[2]
        );
        assert!(difference < most, "{rgb:?} became {cmyk:?}: dE2000 {difference:.2}");
        let ink: u32 = cmyk.iter().map(|&v| u32::from(v)).sum();
        assert!(ink <= 765, "{rgb:?}: {cmyk:?} is over 300% ink");
    }
    // The web copy still shows the file's own RGB.
    let web = Pdf::load(&build_with(&Definitions::embedded(), &job));
    let image = web.images()[0];
    assert_eq!(&image.decompressed_content().unwrap()[100 * 3..100 * 3 + 3], &[160, 30, 40]);
    // And the print copy passes the preflight, the logo's resolution included.
    let report = preflight::inspect(&print_bytes(&Definitions::embedded(), &job), &preflight::Limits::default());
    assert!(report.passed(), "{:#?}", report.failures());
    assert!(report.result(Check::Images).unwrap().summary.contains("lowest resolution 301 ppi"), "{report:?}");
}

#[test]
fn a_release_chooses_the_press_condition_and_the_ink_limit() {
    let dir = temp_dir("pdfx-release");
    std::fs::write(
        dir.join("release.toml"),
        "products = [\"leaflet\"]\nvariants = [\"standard\"]\nprint = true\nprint_condition = \"FOGRA29\"\nink_limit = 280\nout = \"out\"\n",
    )
    .unwrap();
    let output = handout(&["build", "--release", "release.toml"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("FOGRA29 (CMYK)") && stdout(&output).contains("(limit 280%)"),
        "{}",
        stdout(&output)
    );
    let pdf = Pdf::load(&std::fs::read(dir.join("out/leaflet-standard-uk-en-GB-print.pdf")).unwrap());
    let intents = pdf.catalog().get_deref(b"OutputIntents", &pdf.doc).unwrap().as_array().unwrap();
    let intent = pdf.resolve(&intents[0]).as_dict().unwrap();
    assert_eq!(intent.get(b"OutputConditionIdentifier").unwrap().as_str().unwrap(), b"FOGRA29");
    let profile = intent.get_deref(b"DestOutputProfile", &pdf.doc).unwrap().as_stream().unwrap();
    assert!(profile.decompressed_content().unwrap() == handout::pdfx::FOGRA29.profile);
    // The manifest records the preflight of each print copy and the profile it embeds.
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/manifest.json")).unwrap()).unwrap();
    let print = manifest["outputs"].as_array().unwrap().iter().find(|o| o["copy"] == "print").unwrap();
    assert_eq!(print["preflight"]["passed"], true);
    assert!(print["preflight"]["summary"].as_str().unwrap().contains("ink at most 240% (limit 280%)"));
    let checks = print["preflight"]["checks"].as_array().unwrap();
    assert_eq!(checks.len(), 10);
    assert!(checks.iter().all(|c| c["outcome"] == "pass"), "{checks:?}");
    let web = manifest["outputs"].as_array().unwrap().iter().find(|o| o["copy"] == "web").unwrap();
    assert!(web["preflight"].is_null());
    let inputs = manifest["inputs"].as_array().unwrap();
    assert!(inputs.iter().any(|i| i["path"] == "profiles/FOGRA29L-uncoated.icc"), "{inputs:?}");

    // An ink limit below the layout's darkest colour fails the print copy, naming it.
    std::fs::write(
        dir.join("release.toml"),
        "products = [\"leaflet\"]\nvariants = [\"standard\"]\nprint = true\nink_limit = 230\nout = \"low\"\n",
    )
    .unwrap();
    let output = handout(&["build", "--release", "release.toml"], &dir);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("leaflet-standard-uk-en-GB-print.pdf: preflight: total ink: page 1:"), "{err}");
    assert!(err.contains("DeviceCMYK 100 80 25 35: 240% of ink, over the limit of 230%"), "{err}");
    assert!(!dir.join("low/leaflet-standard-uk-en-GB-print.pdf").exists(), "a print copy that fails is not written");
}

#[test]
fn a_release_with_an_unknown_condition_or_a_wild_ink_limit_is_refused_with_file_line_and_key() {
    let dir = temp_dir("pdfx-release-bad");
    std::fs::write(dir.join("release.toml"), "print = true\nprint_condition = \"FOGRA93\"\nink_limit = 500\n").unwrap();
    let output = handout(&["build", "--release", "release.toml"], &dir);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("release.toml:2:19: print_condition: unknown print condition `FOGRA93`"), "{err}");
    assert!(err.contains("did you mean `FOGRA39`?"), "{err}");
    assert!(err.contains("release.toml:3:13: ink_limit: an ink limit of 500% is outside 200% to 400%"), "{err}");
    assert!(!dir.join("out").exists(), "nothing is built");
}

#[test]
fn every_force_s_print_copies_pass_the_preflight() {
    // The build runs the preflight on each print copy and does not write one that fails;
    // the manifest says each one passed. Every product and variant for the default region,
    // and every force for the standard leaflet (forces differ in words, not in colour or
    // layout); `build --all --print`, all 276 print copies, was run by hand (docs/design.md).
    let dir = temp_dir("pdfx-all");
    for args in [
        ["build", "--print", "--quiet", "--out", "uk"].as_slice(),
        &["build", "leaflet", "--variant", "standard", "--region", "all", "--print", "--quiet", "--out", "forces"],
    ] {
        let output = handout(args, &dir);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let mut checked = 0;
    for out in ["uk", "forces"] {
        let manifest: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(out).join("manifest.json")).unwrap()).unwrap();
        for print in manifest["outputs"].as_array().unwrap().iter().filter(|o| o["copy"] == "print") {
            assert_eq!(print["preflight"]["passed"], true, "{}", print["file"]);
            // And read again here, from the file on disk.
            let bytes = std::fs::read(dir.join(out).join(print["file"].as_str().unwrap())).unwrap();
            let report = preflight::inspect(&bytes, &preflight::Limits::default());
            assert!(
                report.results.iter().all(|r| r.outcome == Outcome::Pass),
                "{}: {:?}",
                print["file"],
                report.results
            );
            checked += 1;
        }
    }
    // The four Welsh forces publish in Welsh too (their region files' `languages`).
    assert_eq!(checked, 6 + 46 + 4);
}

#[test]
fn print_copies_are_the_same_bytes_every_time() {
    let first = leaflet_print();
    let second = leaflet_print();
    assert!(first == second);
    // The output intent's profile is the one object the pass adds that krilla did not write
    // beside the intent itself: the file keeps krilla's identifier.
    let pdf = Pdf::load(&first);
    assert!(matches!(pdf.doc.trailer.get(b"ID"), Ok(Object::Array(ids)) if ids.len() == 2));
}
