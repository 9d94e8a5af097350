//! Large print and Easy Read: all six PDFs build; large print holds nothing below 16 pt
//! (read back from the PDF), flows over pages with page numbers as artifacts and never
//! leaves a heading at the foot of a page; Easy Read passes its readability rules; and
//! `handout check` names each rule a bad definition breaks.

mod common;

use std::sync::OnceLock;

use common::*;
use handout::check::readability;
use handout::load::Definitions;
use handout::session::Session;

const PRODUCTS: [&str; 2] = ["leaflet", "infographic"];
const VARIANTS: [&str; 3] = ["standard", "large-print", "plain-language"];

fn pdf(product: &str, variant: &str) -> &'static Pdf {
    static PDFS: OnceLock<Vec<((String, String), Pdf)>> = OnceLock::new();
    let all = PDFS.get_or_init(|| {
        PRODUCTS
            .iter()
            .flat_map(|p| VARIANTS.iter().map(move |v| ((p.to_string(), v.to_string()), Pdf::load(&build(p, v, "uk")))))
            .collect()
    });
    &all.iter().find(|((p, v), _)| p == product && v == variant).expect("built").1
}

#[test]
fn all_six_pdfs_build_tagged_with_language_and_title() {
    for product in PRODUCTS {
        for variant in VARIANTS {
            let pdf = pdf(product, variant);
            assert_eq!(pdf.catalog_string("Lang").as_deref(), Some("en-GB"), "{product} {variant}");
            assert!(pdf.info_string("Title").is_some_and(|t| !t.is_empty()));
            let structure = pdf.structure();
            assert_eq!(
                structure.iter().find(|e| e.tag.starts_with('H')).map(|e| e.tag.as_str()),
                Some("H1"),
                "{product} {variant}"
            );
            for page in 0..pdf.pages().len() {
                assert!(pdf.untagged_paint_operations(page).is_empty(), "{product} {variant} page {page}");
            }
        }
    }
}

#[test]
fn large_print_is_a4_portrait_and_nothing_is_below_16_point() {
    for product in PRODUCTS {
        let pdf = pdf(product, "large-print");
        assert!(pdf.pages().len() >= 2, "{product}: the words flow over several pages");
        for page in 0..pdf.pages().len() {
            let (w, h) = pdf.box_mm(page, "TrimBox");
            assert!((w - 210.0).abs() < 0.01 && (h - 297.0).abs() < 0.01, "{product}: {w} x {h} mm");
            let runs = pdf.drawn_text(page);
            assert!(!runs.is_empty());
            for run in runs {
                assert!(run.size >= 16.0 - 0.01, "{product} page {page}: `{}` is {} pt", run.text, run.size);
            }
        }
    }
}

#[test]
fn large_print_body_is_18_point() {
    let pdf = pdf("leaflet", "large-print");
    let runs = pdf.drawn_text(0);
    let body = runs.iter().find(|r| r.text.starts_with("Someone may be a victim")).expect("the body text");
    assert!((body.size - 18.0).abs() < 0.01, "{}", body.size);
    let heading = runs.iter().find(|r| r.text.starts_with("Spot the signs")).expect("a heading");
    assert!(heading.size > body.size && heading.font.contains("Bold"), "{heading:?}");
}

#[test]
fn page_numbers_are_artifacts_in_the_footer() {
    for (product, variant) in
        [("leaflet", "large-print"), ("leaflet", "plain-language"), ("infographic", "large-print")]
    {
        let pdf = pdf(product, variant);
        let pages = pdf.pages().len();
        for page in 0..pages {
            let expected = format!("Page {} of {pages}", page + 1);
            let footer = pdf.drawn_text(page).into_iter().find(|r| r.text == expected);
            let footer = footer.unwrap_or_else(|| panic!("{product} {variant}: no `{expected}`"));
            assert!(
                footer.artifact && footer.mcid.is_none(),
                "{product} {variant}: the page number must be an artifact"
            );
        }
        let tagged: String = pdf.structure().iter().map(|e| e.text.clone()).collect();
        assert!(!tagged.contains("Page 1 of"), "page numbers are not in the tag tree");
    }
}

#[test]
fn a_heading_is_never_the_last_thing_on_a_page() {
    for product in PRODUCTS {
        for variant in ["large-print", "plain-language"] {
            let pdf = pdf(product, variant);
            let structure = pdf.structure();
            let mut headings = 0;
            for (i, element) in structure.iter().enumerate() {
                if !element.tag.starts_with('H') {
                    continue;
                }
                let title = element.title.as_deref().unwrap_or("");
                let h = element.content.last().map(|c| c.0).unwrap_or_else(|| {
                    panic!("{product} {variant}: heading `{title}` has no marked content on any page")
                });
                // The first content after the heading, in reading order: every heading has
                // something after it.
                let n = structure[i + 1..]
                    .iter()
                    .find_map(|e| e.content.first().map(|c| c.0))
                    .unwrap_or_else(|| panic!("{product} {variant}: nothing follows heading `{title}`"));
                assert_eq!(n, h, "{product} {variant}: heading `{title}` ends page {}", h + 1);
                headings += 1;
            }
            assert!(headings >= 3, "{product} {variant}: only {headings} headings were found");
        }
    }
}

#[test]
fn large_print_keeps_text_off_tints_and_contrast_at_7_to_1() {
    use handout::compose::Item;
    let session = Session::new(Definitions::embedded()).unwrap();
    let mut engine = session.text_engine();
    for product in PRODUCTS {
        let checked = session.check(&job(product, "large-print", "uk"), &mut engine, Some(DATE)).unwrap();
        for item in checked.composed.pages.iter().flat_map(|p| &p.items) {
            if let Item::Text(text) = item {
                assert_eq!(text.background.rgb, checked.document.page.paper.rgb, "{product}: text on a tint");
                let ratio = text.colour.rgb.contrast_ratio(text.background.rgb);
                assert!(ratio >= 7.0, "{product}: `{}` has {ratio:.2}:1", text.words());
            }
        }
    }
}

#[test]
fn large_print_text_on_a_tint_points_at_the_background_that_made_it() {
    let layout = "layouts/leaflet-large-print.toml";
    let (_dir, definitions) = overlay("tint", layout, |t| {
        replace_once(t, "[styles.body]\nsize_pt = 18\n", "[styles.body]\nsize_pt = 18\nbackground = \"paper-tint\"\n")
            .replacen("[colours]\n", "[colours]\npaper-tint = { rgb = \"#F2F2F2\", cmyk = [0, 0, 0, 5] }\n", 1)
    });
    let edited = std::fs::read_to_string(_dir.join(layout)).unwrap();
    let line = line_of(&edited, "background = \"paper-tint\"");
    let message = build_error(&definitions, &job("leaflet", "large-print", "uk"));
    let finding = message
        .lines()
        .skip_while(|l| !l.contains("text is set on a tint (#F2F2F2)"))
        .take(3)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!finding.is_empty(), "no text-on-tint finding in:\n{message}");
    assert!(
        finding.contains(&format!("leaflet-large-print.toml:{line}:")),
        "not at the background line {line}:\n{finding}"
    );
    assert!(finding.contains("styles.body.background"), "{finding}");
}

#[test]
fn easy_read_pictures_sit_left_of_their_words_and_are_not_read_out() {
    // Easy Read layouts: 18 mm margin, 26 mm pictures; the web copy's page starts at the bleed.
    let bleed = 3.0 * MM;
    let (left, right) = ((18.0 * MM) + bleed, (18.0 + 26.0) * MM + bleed);
    for (product, least) in [("leaflet", 50), ("infographic", 15)] {
        let pdf = pdf(product, "plain-language");
        let mut pictures = 0;
        for page in 0..pdf.pages().len() {
            // A picture is the run of fills in the picture column that starts a row.
            let mut tops: Vec<f32> = Vec::new();
            for fill in pdf.painted(page).iter().filter(|p| p.operator.starts_with('f')) {
                if fill.bbox[0] >= left - 1.0 && fill.bbox[2] <= right + 1.0 {
                    assert!(fill.artifact, "{product} page {page}: a picture is read out");
                    if !tops.iter().any(|top| (top - fill.bbox[3]).abs() < 26.0 * MM) {
                        tops.push(fill.bbox[3]);
                    }
                }
            }
            pictures += tops.len();
        }
        assert!(pictures >= least, "{product}: {pictures} pictures");
        // The pictures repeat their words, so a screen reader hears the words only.
        let structure = pdf.structure();
        assert!(structure.iter().all(|e| e.tag != "Figure"), "{product}: a picture has alt text");
        let heard = pdf.heard();
        assert!(heard.starts_with("PoliceModern slavery"), "{product}: {}", &heard[..60]);
    }
}

#[test]
fn easy_read_sources_are_indented_with_the_words_beside_the_picture() {
    let pdf = pdf("infographic", "plain-language");
    let drawn = pdf.drawn_text(0);
    let x_of = |start: &str| drawn.iter().find(|t| t.text.starts_with(start)).map(|t| t.x).expect(start);
    let words = x_of("more than 23,000");
    let source = x_of("Source: Home Office, February 2026");
    assert!((source - words).abs() < 0.5, "source at {source} pt, its words at {words} pt");
    assert!(words > x_of("The numbers") + 30.0, "the words sit right of the picture");
}

#[test]
fn easy_read_text_passes_the_readability_rules() {
    let session = Session::new(Definitions::embedded()).unwrap();
    for product in PRODUCTS {
        let document = session.resolve(&job(product, "plain-language", "uk"), Some(DATE)).unwrap();
        let (measures, findings) = readability::easy_read(&document);
        let errors: Vec<_> = findings.iter().filter(|f| f.is_error()).map(|f| f.to_string()).collect();
        assert!(errors.is_empty(), "{product}: {errors:?}");
        assert!(measures.reading_ease >= 70.0, "{product}: {}", measures.reading_ease);
        assert!(measures.sentences >= 10);
    }
    // And on the PDF's own text: no paragraph of the Easy Read leaflet holds a sentence
    // of more than 15 words.
    for element in pdf("leaflet", "plain-language").structure().iter().filter(|e| e.tag == "P") {
        for sentence in readability::split_sentences(&element.text) {
            assert!(readability::count_words(&sentence) <= 15, "`{sentence}`");
        }
    }
}

#[test]
fn easy_read_has_the_same_contact_numbers_as_the_standard_leaflet() {
    let easy = pdf("leaflet", "plain-language").text();
    for number in ["999", "101", "18001 101", "18000", "08000 121 700", "0800 555 111"] {
        assert!(easy.contains(number), "{number}");
    }
}

#[test]
fn check_names_every_broken_rule() {
    let dir = temp_dir("check-bad");
    // A 30-word sentence in Easy Read.
    write_overlay(&dir, "content/leaflet.plain-language.en-GB.toml", |t| {
        replace_once(
            t,
            "text = \"Modern slavery happens in **everyday places**.\"",
            "text = \"Modern slavery happens in everyday places such as farms and factories and car washes and nail bars and homes and hotels and building sites and shops and many other places too.\"",
        )
    });
    // A picture with no alt text.
    write_overlay(&dir, "content/infographic.plain-language.en-GB.toml", |t| {
        replace_once(t, "icon = \"question\"\ndecorative = true\n", "icon = \"question\"\n")
    });
    // Grey text on grey.
    write_overlay(&dir, "layouts/leaflet-large-print.toml", |t| {
        replace_once(
            t,
            "ink = { rgb = \"#1A1A1A\", cmyk = [0, 0, 0, 100] }",
            "ink = { rgb = \"#8A8A8A\", cmyk = [0, 0, 0, 55] }",
        )
    });
    // A 10 pt caption (the sources under figures) in large print.
    write_overlay(&dir, "layouts/infographic-large-print.toml", |t| {
        replace_once(t, "[styles.source-note]\nsize_pt = 16", "[styles.source-note]\nsize_pt = 10")
    });
    let output = handout(&["check", "--defs", dir.to_str().unwrap(), "--format", "json"], &dir);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    let rules = |document: &str| -> Vec<String> {
        let doc = report["documents"].as_array().unwrap().iter().find(|d| d["document"] == document).unwrap();
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == "error")
            .map(|f| f["rule"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert!(rules("leaflet-plain-language-uk-en-GB.pdf").contains(&"sentence-length".to_string()));
    assert!(rules("infographic-plain-language-uk-en-GB.pdf").contains(&"alt-text".to_string()));
    assert!(rules("leaflet-large-print-uk-en-GB.pdf").contains(&"contrast".to_string()));
    assert!(rules("infographic-large-print-uk-en-GB.pdf").contains(&"min-type-size".to_string()));
    assert_eq!(report["documents"][0]["ok"], true, "the untouched standard leaflet passes");
    // Each finding names its file and line.
    for document in report["documents"].as_array().unwrap() {
        for finding in document["findings"].as_array().unwrap() {
            assert!(finding["file"].is_string() && finding["line"].is_number(), "{finding}");
        }
    }
    // ... and the file and line are where each mistake was made.
    let first = |rule: &str| -> serde_json::Value {
        let findings = report["documents"].as_array().unwrap().iter().flat_map(|d| d["findings"].as_array().unwrap());
        findings.clone().find(|f| f["rule"] == rule).cloned().unwrap_or_else(|| panic!("no {rule} finding"))
    };
    // (rule, file, the table the mistake is in or "", the line's text)
    for (rule, file, table, needle) in [
        ("sentence-length", "content/leaflet.plain-language.en-GB.toml", "", "farms and factories"),
        ("alt-text", "content/infographic.plain-language.en-GB.toml", "", "icon = \"question\""),
        // The colour line of the first style set in the greyed ink.
        ("contrast", "layouts/leaflet-large-print.toml", "[styles.strapline]", "colour = "),
        ("min-type-size", "layouts/infographic-large-print.toml", "[styles.source-note]", "size_pt = 10"),
    ] {
        let finding = first(rule);
        let edited = std::fs::read_to_string(dir.join(file)).unwrap();
        let from = if table.is_empty() { 0 } else { line_of(&edited, table) };
        let line = edited.lines().enumerate().skip(from).find(|(_, l)| l.contains(needle)).map(|(i, _)| i + 1);
        assert!(finding["file"].as_str().unwrap().ends_with(file), "{rule}: {finding}");
        assert_eq!(finding["line"].as_u64(), line.map(|l| l as u64), "{rule}: {finding}");
    }
    let sentence = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["findings"].as_array().unwrap())
        .find(|f| f["rule"] == "sentence-length")
        .unwrap();
    assert!(sentence["message"].as_str().unwrap().contains("has 31 words"), "{sentence}");

    // The text report says the same, and `handout build` refuses these PDFs.
    let output = handout(&["check", "--defs", dir.to_str().unwrap()], &dir);
    let text = stdout(&output);
    for rule in ["error[sentence-length]", "error[alt-text]", "error[contrast]", "error[min-type-size]"] {
        assert!(text.contains(rule), "{rule} missing from:\n{text}");
    }
    let output = handout(&["build", "--defs", dir.to_str().unwrap(), "--out", dir.join("out").to_str().unwrap()], &dir);
    assert_eq!(output.status.code(), Some(1));
    assert!(!dir.join("out/leaflet-large-print-uk-en-GB.pdf").exists());
    assert!(dir.join("out/leaflet-standard-uk-en-GB.pdf").exists());
}

#[test]
fn check_passes_on_the_built_in_definitions() {
    let dir = temp_dir("check-good");
    let output = handout(&["check"], &dir);
    assert!(output.status.success(), "{}", stdout(&output));
    assert!(stdout(&output).contains("checked 6 documents: 0 errors"), "{}", stdout(&output));
}

#[test]
fn bookmarks_nest_as_the_headings_do() {
    for product in PRODUCTS {
        for variant in VARIANTS {
            let pdf = pdf(product, variant);
            let headings: Vec<(usize, String)> = pdf
                .structure()
                .into_iter()
                .filter_map(|e| {
                    let level: usize = e.tag.strip_prefix('H')?.parse().ok()?;
                    Some((level - 1, e.title.unwrap_or_default()))
                })
                .collect();
            assert!(headings.iter().any(|(depth, _)| *depth >= 1), "{product} {variant}: sections under the title");
            assert_eq!(pdf.outline(), headings, "{product} {variant}");
        }
    }
}

#[test]
fn titles_say_which_copy_a_reader_has() {
    for product in PRODUCTS {
        let title = |variant| pdf(product, variant).info_string("Title").unwrap();
        assert!(title("large-print").ends_with(". Large print"), "{}", title("large-print"));
        assert!(title("plain-language").ends_with(". Easy Read"), "{}", title("plain-language"));
        assert!(!title("standard").contains("Large print") && !title("standard").contains("Easy Read"));
        assert_eq!(title("large-print"), format!("{}. Large print", title("standard")));
    }
}

#[test]
fn large_print_page_numbers_are_at_the_body_size() {
    for product in PRODUCTS {
        let pdf = pdf(product, "large-print");
        for page in 0..pdf.pages().len() {
            let runs = pdf.drawn_text(page);
            let number = runs.iter().find(|r| r.text.starts_with("Page ")).expect("a page number");
            assert!((number.size - 18.0).abs() < 0.01, "{product} page {page}: {} pt", number.size);
        }
    }
}

#[test]
fn easy_read_pictures_are_drawn_before_their_words() {
    for product in PRODUCTS {
        let pdf = pdf(product, "plain-language");
        // Easy Read layouts: 18 mm margin, 26 mm pictures, an 8 mm gap before the words.
        let (picture_left, picture_right) = (18.0 * MM, (18.0 + 26.0) * MM);
        let words_left = (18.0 + 26.0 + 8.0) * MM - 1.0;
        let mut rows = 0;
        for page in 0..pdf.pages().len() {
            let painted = pdf.painted(page);
            let bleed = 3.0 * MM;
            let pictures: Vec<(usize, [f32; 4])> = painted
                .iter()
                .enumerate()
                .filter(|(_, p)| p.operator.starts_with('f') && p.bbox[0] >= picture_left + bleed - 1.0)
                .filter(|(_, p)| p.bbox[2] <= picture_right + bleed + 1.0)
                .map(|(i, p)| (i, p.bbox))
                .collect();
            for (index, text) in painted.iter().enumerate().filter(|(_, p)| p.operator.starts_with("T")) {
                if text.bbox[0] < words_left + bleed {
                    continue;
                }
                let baseline = text.bbox[1];
                // The picture beside this line of words, if any: it must come earlier.
                let beside: Vec<usize> = pictures
                    .iter()
                    .filter(|(_, b)| b[1] - 2.0 <= baseline && baseline <= b[3] + 2.0)
                    .map(|(i, _)| *i)
                    .collect();
                if let Some(last) = beside.iter().max() {
                    assert!(*last < index, "{product} page {page}: a picture is drawn after the words beside it");
                    rows += 1;
                }
            }
        }
        assert!(rows >= 10, "{product}: {rows} lines beside pictures");
    }
}

#[test]
fn check_names_a_sub_heading_nested_under_another_panel() {
    let file = "content/infographic.standard.en-GB.toml";
    let (dir, definitions) = overlay("nesting", file, |t| {
        replace_once(
            t,
            "id = \"sources\"\nheading = \"Sources\"\n",
            "id = \"sources\"\nheading = \"Sources\"\nlevel = 3\n",
        )
    });
    let edited = std::fs::read_to_string(dir.join(file)).unwrap();
    let message = build_error(&definitions, &job("infographic", "standard", "uk"));
    assert!(message.contains("error[heading-nesting]"), "{message}");
    assert!(
        message.contains("heading \"Sources\" (level 3) nests under \"Worried about someone? Report it\", which is in panel `report`, not in its own panel `sources`"),
        "{message}"
    );
    assert!(message.contains(&format!("{file}:{}:", line_of(&edited, "heading = \"Sources\""))), "{message}");
}
