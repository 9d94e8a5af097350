//! The standard leaflet, built with the built-in definitions and read back from its bytes.

mod common;

use std::sync::OnceLock;

use common::*;

fn leaflet() -> &'static [u8] {
    static PDF: OnceLock<Vec<u8>> = OnceLock::new();
    PDF.get_or_init(|| build("leaflet", "standard", "uk"))
}

fn pdf() -> Pdf {
    Pdf::load(leaflet())
}

fn close(actual: f32, expected: f32) -> bool {
    (actual - expected).abs() < 0.01
}

#[test]
fn two_pages_of_a4_landscape_with_bleed() {
    let pdf = pdf();
    assert_eq!(pdf.pages().len(), 2);
    for page in 0..2 {
        let (trim_w, trim_h) = pdf.box_mm(page, "TrimBox");
        assert!(close(trim_w, 297.0) && close(trim_h, 210.0), "TrimBox {trim_w} x {trim_h} mm");
        let (bleed_w, bleed_h) = pdf.box_mm(page, "BleedBox");
        assert!(close(bleed_w, 303.0) && close(bleed_h, 216.0), "BleedBox {bleed_w} x {bleed_h} mm");
        assert_eq!(pdf.page_box(page, "MediaBox"), pdf.page_box(page, "BleedBox"));
        // The trim sits 3 mm inside the bleed on every side.
        let [x0, y0, x1, y1] = pdf.page_box(page, "TrimBox");
        let [bx0, by0, bx1, by1] = pdf.page_box(page, "BleedBox");
        for gap in [x0 - bx0, y0 - by0, bx1 - x1, by1 - y1] {
            assert!(close(gap / MM, 3.0), "bleed is {} mm", gap / MM);
        }
        assert_eq!(pdf.page_box(page, "CropBox"), pdf.page_box(page, "TrimBox"), "a screen shows the finished sheet");
    }
}

#[test]
fn tagged_with_language_title_and_outline() {
    let pdf = pdf();
    let mark_info = pdf.resolve(pdf.catalog().get(b"MarkInfo").expect("MarkInfo")).as_dict().unwrap();
    assert!(mark_info.get(b"Marked").unwrap().as_bool().unwrap());
    assert_eq!(pdf.catalog_string("Lang").as_deref(), Some("en-GB"));
    assert_eq!(
        pdf.info_string("Title").as_deref(),
        Some("Modern slavery and human trafficking: spot the signs and report it")
    );
    let viewer = pdf.resolve(pdf.catalog().get(b"ViewerPreferences").expect("ViewerPreferences")).as_dict().unwrap();
    assert!(viewer.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
    assert!(pdf.catalog().has(b"Outlines"), "bookmarks of the headings");
}

#[test]
fn headings_read_cover_first_then_flap_inside_and_back() {
    let headings: Vec<(String, String)> = pdf()
        .structure()
        .into_iter()
        .filter(|e| e.tag.starts_with('H'))
        .map(|e| (e.tag, e.title.unwrap_or_default()))
        .collect();
    let titles: Vec<&str> = headings.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Modern slavery and human trafficking",
            "Spot the signs",
            "What is human trafficking?",
            "Modern slavery",
            "How traffickers trap people",
            "Kinds of exploitation",
            "What you can do",
            "Help for victims",
            "How to report it",
        ]
    );
    assert_eq!(headings[0].0, "H1", "the first heading is the cover title, an H1");
    assert!(headings[1..].iter().all(|(tag, _)| tag == "H2" || tag == "H3"));
}

#[test]
fn reading_order_differs_from_drawing_order() {
    let pdf = pdf();
    let structure = pdf.structure();
    let cover = structure.iter().find(|e| e.tag == "H1").unwrap();
    let flap = structure.iter().find(|e| e.title.as_deref() == Some("Spot the signs")).unwrap();
    // Both are on the outside page; the flap is drawn first (it is on the left), the cover
    // last, yet the tag tree reads the cover first.
    let (cover_page, cover_mcid) = cover.content[0];
    let (flap_page, flap_mcid) = flap.content[0];
    assert_eq!((cover_page, flap_page), (0, 0));
    assert!(flap_mcid < cover_mcid, "the flap is drawn before the cover");
    assert_eq!(cover.text, "Modern slavery and human trafficking");
}

#[test]
fn lists_links_and_sections_are_tagged() {
    let structure = pdf().structure();
    let count = |tag: &str| structure.iter().filter(|e| e.tag == tag).count();
    assert!(count("Sect") >= 8, "a Sect per section");
    assert!(count("L") >= 5);
    assert_eq!(count("LI"), count("LBody"), "every list item has a body");
    assert!(count("Lbl") >= 20, "bullets are labels");
    assert!(count("Strong") >= 4, "bold runs are Strong");
    let phone_links: Vec<_> = structure.iter().filter(|e| e.tag == "Link").map(|e| e.text.clone()).collect();
    for number in ["999", "101", "08000 121 700", "0800 555 111", "18001 101"] {
        assert!(phone_links.iter().any(|t| t == number), "no Link for {number}: {phone_links:?}");
    }
}

#[test]
fn phone_links_have_tel_targets_and_descriptions() {
    let pdf = pdf();
    let links: Vec<(String, String)> = (0..2).flat_map(|p| pdf.links(p)).collect();
    let find =
        |uri: &str| links.iter().find(|(u, _)| u == uri).unwrap_or_else(|| panic!("no link to {uri}: {links:?}"));
    // Descriptions are read aloud, so they say the number digit by digit.
    assert!(find("tel:999").1.ends_with("on 9 9 9"));
    assert!(find("tel:101").1.ends_with("on 1 0 1"));
    assert!(find("tel:+448000121700").1.contains("Modern Slavery & Exploitation Helpline"));
    assert!(find("tel:+44800555111").1.contains("Crimestoppers"));
    assert!(find("https://www.modernslaveryhelpline.org").1.contains("modernslaveryhelpline.org"));
    assert!(links.iter().all(|(_, alt)| !alt.is_empty()), "every link has /Contents");
}

#[test]
fn every_font_is_embedded_and_the_text_is_real_unicode() {
    let pdf = pdf();
    let fonts = pdf.fonts();
    assert!(!fonts.is_empty());
    for (name, embedded) in &fonts {
        assert!(embedded, "{name} is not embedded");
        assert!(name.contains("AtkinsonHyperlegibleNext"), "{name}");
    }
    let text = pdf.text();
    for expected in [
        "999",
        "101",
        "18001 101",
        "18000",
        "08000 121 700",
        "0800 555 111",
        "Trafficking is a crime against a person.",
        "It is not an immigration crime",
        "This leaflet is available in standard print, large print and Easy Read.",
        "Version 1.0, November 2026.",
    ] {
        assert!(text.contains(expected), "`{expected}` is not in the extracted text");
    }
    assert!(!text.contains('\u{FFFD}'), "every glyph maps to Unicode");
}

#[test]
fn body_text_is_at_least_12_point() {
    let pdf = pdf();
    let mut runs = 0;
    for page in 0..2 {
        for run in pdf.drawn_text(page) {
            assert!(run.size >= 12.0 - 0.01, "`{}` is set at {} pt", run.text, run.size);
            runs += 1;
        }
    }
    // The text was really read: hundreds of runs on the two sides.
    assert!(runs > 100, "only {runs} pieces of text were found");
}

#[test]
fn text_stays_5mm_inside_trim_and_folds() {
    // Composed positions, in trim coordinates: every text line box lies inside a panel's
    // safe area, so nothing prints within 5 mm of a trim edge or a fold.
    use handout::compose::Item;
    use handout::session::Session;
    let session = Session::new(handout::load::Definitions::embedded()).unwrap();
    let mut engine = session.text_engine();
    let checked = session.check(&job("leaflet", "standard", "uk"), &mut engine, Some(DATE)).unwrap();
    let safe = 5.0 * MM;
    for (page_index, page) in checked.composed.pages.iter().enumerate() {
        let panels: Vec<_> = checked.document.panels.iter().filter(|p| p.page == page_index).collect();
        for item in &page.items {
            let Item::Text(text) = item else { continue };
            let inside = panels.iter().any(|p| {
                let f = p.frame;
                text.x.0 >= f.x.0 + safe - 0.01
                    && text.x.0 + text.width.0 <= f.right().0 - safe + 0.5
                    && text.line_top.0 >= f.y.0 + safe - 0.01
                    && text.line_top.0 + text.line_height.0 <= f.bottom().0 - safe + 0.01
            });
            assert!(inside, "`{}` on page {page_index} is outside every panel's safe area", text.words());
        }
    }
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let again = build("leaflet", "standard", "uk");
    assert!(again == leaflet(), "two builds differ");
}

#[test]
fn everything_drawn_is_tagged_or_an_artifact() {
    let pdf = pdf();
    for page in 0..2 {
        assert_eq!(pdf.untagged_paint_operations(page), Vec::<String>::new(), "page {page}");
    }
}
