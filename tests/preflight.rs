//! `handout preflight` on broken PDFs: a good print copy, edited with lopdf to break one
//! thing at a time, must fail (or warn) on exactly that check, saying what and where.

mod common;

use std::sync::OnceLock;

use common::*;
use handout::jobs::{Job, RegionSource};
use handout::load::Definitions;
use handout::preflight::{self, Check, Limits, Outcome, Report};
use handout::render::RenderOptions;
use handout::session::Session;
use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

fn print_copy(job: &Job) -> Vec<u8> {
    let session = Session::new(Definitions::embedded()).unwrap();
    let mut engine = session.text_engine();
    session.build(job, &mut engine, Some(DATE), RenderOptions { print: true }).unwrap_or_else(|e| panic!("{e}")).bytes
}

/// The standard leaflet's print copy, which passes every check.
fn good() -> &'static [u8] {
    static PDF: OnceLock<Vec<u8>> = OnceLock::new();
    PDF.get_or_init(|| print_copy(&job("leaflet", "standard", "uk")))
}

/// A copy of `bytes` with `edit` applied.
fn edited(bytes: &[u8], edit: impl FnOnce(&mut Document)) -> Vec<u8> {
    let mut document = Document::load_mem(bytes).unwrap();
    edit(&mut document);
    let mut out = Vec::new();
    document.save_to(&mut out).unwrap();
    out
}

fn inspect(bytes: &[u8]) -> Report {
    preflight::inspect(bytes, &Limits::default())
}

/// The report fails `check` with a problem containing `needle`, and only that check fails.
fn assert_fails(report: &Report, check: Check, needle: &str) {
    assert!(!report.passed());
    let verdict = report.result(check).unwrap();
    assert_eq!(verdict.outcome, Outcome::Fail, "{verdict:?}");
    assert!(verdict.problems.iter().any(|p| p.contains(needle)), "`{needle}` not among {:?}", verdict.problems);
    let failing: Vec<Check> = report.results.iter().filter(|r| r.outcome == Outcome::Fail).map(|r| r.check).collect();
    assert_eq!(failing, [check], "{:?}", report.failures());
}

fn pages(document: &Document) -> Vec<ObjectId> {
    document.page_iter().collect()
}

fn page_mut(document: &mut Document, index: usize) -> &mut Dictionary {
    let id = pages(document)[index];
    document.get_dictionary_mut(id).unwrap()
}

/// Rewrite page `index`'s content operations.
fn edit_content(document: &mut Document, index: usize, edit: impl FnOnce(&mut Vec<Operation>)) {
    let page = pages(document)[index];
    let id = document.get_page_contents(page)[0];
    let stream = document.get_object_mut(id).unwrap().as_stream_mut().unwrap();
    let mut content = Content::decode(&stream.decompressed_content().unwrap()).unwrap();
    edit(&mut content.operations);
    stream.set_plain_content(content.encode().unwrap());
}

/// A page's resource dictionary, to change.
fn resources_mut(document: &mut Document, index: usize) -> &mut Dictionary {
    let page = pages(document)[index];
    match document.get_dictionary(page).unwrap().get(b"Resources").unwrap().clone() {
        Object::Reference(id) => document.get_dictionary_mut(id).unwrap(),
        _ => page_mut(document, index).get_mut(b"Resources").unwrap().as_dict_mut().unwrap(),
    }
}

fn xmp_mut(document: &mut Document) -> &mut Stream {
    let id = document.catalog().unwrap().get(b"Metadata").unwrap().as_reference().unwrap();
    document.get_object_mut(id).unwrap().as_stream_mut().unwrap()
}

fn info_mut(document: &mut Document) -> &mut Dictionary {
    let id = document.trailer.get(b"Info").unwrap().as_reference().unwrap();
    document.get_dictionary_mut(id).unwrap()
}

#[test]
fn a_good_print_copy_passes_every_check() {
    let report = inspect(good());
    assert!(report.passed());
    let checks: Vec<Check> = report.results.iter().map(|r| r.check).collect();
    assert_eq!(
        checks,
        [
            Check::File,
            Check::Identification,
            Check::OutputIntent,
            Check::PageBoxes,
            Check::Fonts,
            Check::Colour,
            Check::Ink,
            Check::Images,
            Check::Annotations,
            Check::Transparency
        ]
    );
    assert!(report.results.iter().all(|r| r.outcome == Outcome::Pass), "{:?}", report.results);
    let summary = |check| report.result(check).unwrap().summary.clone();
    assert!(summary(Check::File).starts_with("PDF 1.6, 2 pages, "), "{}", summary(Check::File));
    assert!(summary(Check::File).ends_with(" KB, not encrypted, file identifier present"));
    assert_eq!(summary(Check::Identification), "PDF/X-4 in XMP and Info, /Trapped /False");
    assert!(summary(Check::OutputIntent).starts_with("GTS_PDFX FOGRA39 (registry http://www.color.org), embedded CMYK output (prtr) profile, ICC 2.2, \"Coated FOGRA39\""));
    assert_eq!(
        summary(Check::PageBoxes),
        "2 pages, each trim 297 x 210 mm inside bleed 303 x 216 mm (3.0 mm) inside sheet 327 x 240 mm"
    );
    assert_eq!(summary(Check::Colour), "DeviceCMYK (stroke, text, fill)");
    assert!(summary(Check::Ink).starts_with("at most 240% (limit 300%)"), "{}", summary(Check::Ink));
}

#[test]
fn pdf_x_identification_is_read_from_xmp_and_info() {
    let wrong_version = edited(good(), |d| {
        let xmp = xmp_mut(d);
        let text =
            String::from_utf8(xmp.content.clone()).unwrap().replace(">PDF/X-4</pdfxid", ">PDF/X-1a:2003</pdfxid");
        xmp.set_content(text.into_bytes());
    });
    assert_fails(&inspect(&wrong_version), Check::Identification, "the XMP metadata says PDF/X-1a:2003, not PDF/X-4");

    let untrapped = edited(good(), |d| info_mut(d).set("Trapped", Object::Name(b"Unknown".to_vec())));
    assert_fails(
        &inspect(&untrapped),
        Check::Identification,
        "Info says /Trapped /Unknown; PDF/X needs /True or /False",
    );

    let untitled = edited(good(), |d| {
        info_mut(d).remove(b"Title");
    });
    assert_fails(&inspect(&untitled), Check::Identification, "Info has no title (/Title), which PDF/X requires");

    // Identified in XMP alone: allowed, with a warning.
    let xmp_only = edited(good(), |d| {
        info_mut(d).remove(b"GTS_PDFXVersion");
    });
    let report = inspect(&xmp_only);
    assert!(report.passed());
    assert_eq!(report.result(Check::Identification).unwrap().outcome, Outcome::Warn);

    let newer = edited(good(), |d| d.version = "1.7".into());
    assert_fails(&inspect(&newer), Check::File, "it is PDF 1.7; PDF/X-4 is a subset of PDF 1.6");
}

#[test]
fn the_output_intent_must_embed_a_cmyk_output_profile() {
    let none = edited(good(), |d| {
        d.catalog_mut().unwrap().remove(b"OutputIntents");
    });
    let report = inspect(&none);
    assert!(!report.passed());
    assert_eq!(report.result(Check::OutputIntent).unwrap().outcome, Outcome::Fail);
    assert!(report.failures().contains(&"output intent: no GTS_PDFX output intent: PDF/X needs one".to_string()));
    // With no output intent, DeviceCMYK means nothing either.
    assert!(
        report
            .failures()
            .iter()
            .any(|f| f.contains("DeviceCMYK (stroke) with no output intent profile to describe it"))
    );

    let display_profile = edited(good(), |d| {
        let srgb = moxcms::ColorProfile::new_srgb().encode().unwrap();
        let intent = d.catalog().unwrap().get(b"OutputIntents").unwrap().as_array().unwrap()[0].as_reference().unwrap();
        let profile = d.get_dictionary(intent).unwrap().get(b"DestOutputProfile").unwrap().as_reference().unwrap();
        let stream = d.get_object_mut(profile).unwrap().as_stream_mut().unwrap();
        stream.set_plain_content(srgb);
    });
    let report = inspect(&display_profile);
    let verdict = report.result(Check::OutputIntent).unwrap();
    assert_eq!(verdict.outcome, Outcome::Fail);
    assert!(
        verdict.problems.iter().any(|p| p.contains("the embedded profile is a mntr profile, not an output (prtr) one"))
    );
    assert!(verdict.problems.iter().any(|p| p.contains("the profile stream says /N 4 but the profile is RGB")));
    // DeviceCMYK is not described by an RGB profile.
    assert!(
        report
            .failures()
            .iter()
            .any(|f| f.contains("DeviceCMYK (stroke) is not described by the output intent, whose profile is RGB"))
    );

    let not_icc = edited(good(), |d| {
        let intent = d.catalog().unwrap().get(b"OutputIntents").unwrap().as_array().unwrap()[0].as_reference().unwrap();
        let profile = d.get_dictionary(intent).unwrap().get(b"DestOutputProfile").unwrap().as_reference().unwrap();
        d.get_object_mut(profile).unwrap().as_stream_mut().unwrap().set_plain_content(vec![0; 300]);
    });
    let report = inspect(&not_icc);
    assert!(report.failures().contains(&"output intent: the embedded profile is not an ICC profile: it does not carry the ICC signature `acsp` at byte 36".to_string()));
    assert!(report.failures().iter().any(|f| f.contains("DeviceCMYK (stroke) with no output intent profile")));
}

#[test]
fn page_boxes_must_nest_and_match_on_every_page() {
    let loose_trim = edited(good(), |d| {
        let media = page_mut(d, 1).get(b"MediaBox").unwrap().clone();
        page_mut(d, 1).set("TrimBox", media);
    });
    assert_fails(
        &inspect(&loose_trim),
        Check::PageBoxes,
        "page 2: the TrimBox [0.0 0.0 327.0 240.0] mm is not inside the BleedBox",
    );

    let no_trim = edited(good(), |d| {
        page_mut(d, 0).remove(b"TrimBox");
    });
    assert_fails(&inspect(&no_trim), Check::PageBoxes, "page 1 has no TrimBox (or ArtBox), which PDF/X requires");

    let bigger_sheet = edited(good(), |d| {
        let media = vec![0.into(), 0.into(), Object::Real(1000.0), Object::Real(700.0)];
        page_mut(d, 1).set("MediaBox", Object::Array(media));
    });
    assert_fails(&inspect(&bigger_sheet), Check::PageBoxes, "page 2's MediaBox is 353 x 247 mm, page 1's 327 x 240 mm");
}

#[test]
fn every_font_must_be_embedded() {
    let unembedded = edited(good(), |d| {
        for object in d.objects.values_mut() {
            if let Ok(dict) = object.as_dict_mut()
                && dict.has_type(b"FontDescriptor")
                && dict.get(b"FontName").and_then(Object::as_name).is_ok_and(|n| n.ends_with(b"Regular"))
            {
                dict.remove(b"FontFile2");
            }
        }
    });
    assert_fails(&inspect(&unembedded), Check::Fonts, "AtkinsonHyperlegibleNext-Regular (page 1) is not embedded");
}

#[test]
fn device_rgb_is_refused_and_the_ink_limit_is_kept() {
    let rgb = edited(good(), |d| {
        edit_content(d, 0, |ops| {
            let first = ops.iter_mut().find(|op| op.operator == "k").unwrap();
            *first = Operation::new("rg", vec![0.into(), 0.into(), 0.into()]);
        })
    });
    assert_fails(
        &inspect(&rgb),
        Check::Colour,
        "page 1: DeviceRGB (text) is not described by the output intent, whose profile is CMYK",
    );

    // The navy cover as four full inks.
    let heavy = edited(good(), |d| {
        edit_content(d, 0, |ops| {
            let navy = ops
                .iter_mut()
                .find(|op| op.operator == "k" && op.operands[1].as_float().is_ok_and(|m| (m - 0.8).abs() < 0.01))
                .unwrap();
            navy.operands = vec![1.into(), 1.into(), 1.into(), 1.into()];
        })
    });
    assert_fails(&inspect(&heavy), Check::Ink, "in DeviceCMYK 100 100 100 100: 400% of ink, over the limit of 300%");

    // The same file against a shop's lower limit.
    let report = preflight::inspect(good(), &Limits { ink_limit: 220, ..Limits::default() });
    assert_fails(&report, Check::Ink, "DeviceCMYK 100 80 25 35: 240% of ink, over the limit of 220%");
    // Crop marks are in every ink at 100% (400%) but outside the bleed, so they do not count.
    assert!(report.result(Check::Ink).unwrap().problems.iter().all(|p| !p.contains("400%")));
}

#[test]
fn image_resolution_is_measured_at_the_placed_size() {
    let dir = temp_dir("preflight-logo");
    image::RgbaImage::from_pixel(900, 300, image::Rgba([20, 60, 140, 255])).save(dir.join("crest.png")).unwrap();
    std::fs::write(
        dir.join("test-force.toml"),
        "[force]\nname = \"Test Constabulary\"\njurisdictions = [\"england-wales\"]\nshort_name = \"Test Constabulary\"\nwebsite = \"https://www.test.police.uk\"\n[logo]\nfile = \"crest.png\"\nalt = \"Crest\"\n",
    )
    .unwrap();
    let logo = print_copy(&Job {
        product: "leaflet".into(),
        variant: "standard".into(),
        region: RegionSource::File(dir.join("test-force.toml")),
        lang: "en-GB".into(),
    });
    let report = inspect(&logo);
    assert!(report.passed(), "{:?}", report.failures());
    // Kept at 370 x 123 pixels: 300 ppi where the largest logo frame prints it, one more.
    assert_eq!(report.result(Check::Images).unwrap().summary, "1 image placed, lowest resolution 301 ppi");
    assert!(report.result(Check::Ink).unwrap().summary.contains("and 1 image inside the bleed"));

    // A 3:1 logo prints 31.2 x 10.4 mm (the area of an 18 mm square).
    // The same image said to be 90 x 30 pixels: 73 ppi where it is placed.
    let shrunk = |width: i64, height: i64| {
        edited(&logo, |d| {
            for object in d.objects.values_mut() {
                if let Ok(stream) = object.as_stream_mut()
                    && stream.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|s| s == b"Image")
                {
                    stream.dict.set("Width", width);
                    stream.dict.set("Height", height);
                }
            }
        })
    };
    assert_fails(
        &inspect(&shrunk(90, 30)),
        Check::Images,
        "a 90 x 30 pixel image placed at 31.2 x 10.4 mm is 73 ppi, under 150",
    );
    let report = inspect(&shrunk(225, 75));
    assert!(report.passed());
    let verdict = report.result(Check::Images).unwrap();
    assert_eq!(verdict.outcome, Outcome::Warn);
    assert!(verdict.problems[0].ends_with("is 183 ppi, under the 300 print shops ask for"), "{verdict:?}");
}

/// Add an annotation of `subtype` at `rect` (points) to page 1.
fn with_annotation(subtype: &str, rect: [f32; 4]) -> Vec<u8> {
    edited(good(), |d| {
        let annotation = d.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Annot".to_vec())),
            ("Subtype", Object::Name(subtype.as_bytes().to_vec())),
            ("Rect", Object::Array(rect.iter().map(|&v| Object::Real(v)).collect())),
        ]));
        page_mut(d, 0).set("Annots", Object::Array(vec![Object::Reference(annotation)]));
    })
}

#[test]
fn no_annotation_but_printer_s_marks_may_sit_in_the_bleed() {
    assert_fails(
        &inspect(&with_annotation("Link", [100.0, 100.0, 200.0, 120.0])),
        Check::Annotations,
        "page 1: a Link annotation at [35.3 35.3 70.6 42.3] mm is inside the bleed",
    );
    let marks = inspect(&with_annotation("PrinterMark", [100.0, 100.0, 200.0, 120.0]));
    assert!(marks.passed() && marks.result(Check::Annotations).unwrap().summary == "none");
    // In the slug, below the bleed: allowed.
    let slug = inspect(&with_annotation("Link", [50.0, 5.0, 150.0, 20.0]));
    assert!(slug.passed());
    assert_eq!(slug.result(Check::Annotations).unwrap().summary, "none in the bleed (1 outside it)");
}

#[test]
fn transparency_is_reported_and_allowed() {
    let translucent = edited(good(), |d| {
        let state = Dictionary::from_iter([("Type", Object::Name(b"ExtGState".to_vec())), ("ca", Object::Real(0.5))]);
        let state = d.add_object(state);
        let resources = resources_mut(d, 0);
        let states = Dictionary::from_iter([("Faded", Object::Reference(state))]);
        resources.set("ExtGState", Object::Dictionary(states));
        edit_content(d, 0, |ops| ops.insert(0, Operation::new("gs", vec![Object::Name(b"Faded".to_vec())])));
    });
    let report = inspect(&translucent);
    assert!(report.passed(), "PDF/X-4 allows transparency");
    let verdict = report.result(Check::Transparency).unwrap();
    assert_eq!(verdict.outcome, Outcome::Warn);
    assert_eq!(verdict.problems, ["page 1: graphics state Faded sets opacity ca"]);
    assert!(report.to_string().contains("; transparency"), "{report}");
}

#[test]
fn the_command_reports_each_file_and_fails_if_any_fails() {
    let dir = temp_dir("preflight-cli");
    std::fs::write(dir.join("good.pdf"), good()).unwrap();
    std::fs::write(dir.join("linked.pdf"), with_annotation("Link", [100.0, 100.0, 200.0, 120.0])).unwrap();
    std::fs::write(dir.join("notes.txt"), "not a PDF").unwrap();

    let output = handout(&["preflight", "good.pdf"], &dir);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("good.pdf: passed\n"), "{text}");
    assert!(text.contains("  ok    output intent  GTS_PDFX FOGRA39"), "{text}");

    let output = handout(&["preflight", "good.pdf", "linked.pdf", "notes.txt"], &dir);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("linked.pdf: FAILED"), "{text}");
    assert!(text.contains("  FAIL  annotations    1 inside the bleed"), "{text}");
    assert!(text.contains("notes.txt: FAILED") && text.contains("it cannot be read as a PDF"), "{text}");
    assert!(stderr(&output).contains("error: linked.pdf failed the preflight"), "{}", stderr(&output));

    // A lower ink limit on the command line.
    let output = handout(&["preflight", "--ink-limit", "220", "good.pdf"], &dir);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("240% of ink, over the limit of 220%"));

    let output = handout(&["preflight", "missing.pdf"], &dir);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot read missing.pdf"), "{}", stderr(&output));
}
