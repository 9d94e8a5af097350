//! Documents in other languages: which languages a force gets by default, the PDF's
//! language and title, no English word from the engine in a translated PDF, and how a
//! draft translation is marked and kept out of a release.

mod common;

use std::collections::BTreeSet;

use common::*;
use handout::jobs::{Job, RegionSource};
use handout::load::{Definitions, Words};

fn job_in(product: &str, variant: &str, region: &str, lang: &str) -> Job {
    Job {
        product: product.to_string(),
        variant: variant.to_string(),
        region: RegionSource::Id(region.to_string()),
        lang: lang.to_string(),
    }
}

/// Every word of three letters or more in the English words the engine adds itself
/// (`[words]` defaults: link descriptions, page numbers, sources, months, chart alt text).
fn engine_english_words() -> BTreeSet<String> {
    let w = Words::default();
    let l = &w.links;
    let c = &w.charts;
    let mut texts: Vec<&str> = vec![
        &w.source,
        &w.sources,
        &w.about,
        &w.estimate,
        &w.published,
        &w.page_number,
        &w.large_print,
        &w.more_than,
        &w.nearly,
        &w.means,
        &l.call,
        &l.text,
        &l.emergency_services,
        &l.non_emergency,
        &l.relay_emergency,
        &l.relay_non_emergency,
        &l.email,
        &l.website,
        &c.bar,
        &c.rises,
        &c.falls,
        &c.proportional,
    ];
    texts.extend(w.months.iter().map(String::as_str));
    // Names printed as they are in every language: the services and the force.
    let names = ["police", "relay"];
    texts
        .iter()
        .flat_map(|t| t.split(|c: char| !c.is_alphabetic()))
        .filter(|w| w.len() >= 3)
        .map(str::to_lowercase)
        .filter(|w| !names.contains(&w.as_str()))
        .collect()
}

/// Words of a text, lower-cased, without the names kept in English (the helpline's).
fn words_of(text: &str) -> BTreeSet<String> {
    let text = text.replace("Modern Slavery & Exploitation Helpline", "").replace("Relay UK", "");
    text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// The string values of a TOML value, joined, without their `{placeholders}`.
fn string_values(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => {
            let mut out = String::new();
            let mut depth = 0;
            for c in s.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ if depth == 0 => out.push(c),
                    _ => {}
                }
            }
            out + " "
        }
        toml::Value::Array(items) => items.iter().map(string_values).collect(),
        toml::Value::Table(table) => table.values().map(string_values).collect(),
        _ => String::new(),
    }
}

#[test]
fn no_english_word_from_the_engine_reaches_a_welsh_pdf() {
    // Words the translation itself chose are Welsh too ("print" in "Print bras").
    let welsh: toml::Value =
        toml::from_str(&std::fs::read_to_string(root().join("content/leaflet.standard.cy.toml")).unwrap()).unwrap();
    let own = words_of(&string_values(&welsh["words"]));
    let english: BTreeSet<String> = engine_english_words().difference(&own).cloned().collect();
    assert!(english.contains("call") && english.contains("page") && english.contains("november"), "{english:?}");
    for (variant, region) in [("standard", "gwent"), ("large-print", "uk"), ("standard", "north-wales")] {
        let bytes = build_with(&Definitions::embedded(), &job_in("leaflet", variant, region, "cy"));
        let pdf = Pdf::load(&bytes);
        let mut said = pdf.heard();
        for page in 0..pdf.pages().len() {
            for (_, contents) in pdf.links(page) {
                said.push(' ');
                said.push_str(&contents);
            }
            for text in pdf.drawn_text(page).into_iter().filter(|t| !t.artifact) {
                said.push(' ');
                said.push_str(&text.text);
            }
        }
        for (_, title) in pdf.outline() {
            said.push(' ');
            said.push_str(&title);
        }
        said.push_str(&pdf.info_string("Title").unwrap_or_default());
        let leaked: Vec<String> = words_of(&said).into_iter().filter(|w| english.contains(w)).collect();
        assert!(leaked.is_empty(), "leaflet {variant} {region} cy: English words {leaked:?} in\n{said}");
    }
}

#[test]
fn a_welsh_pdf_says_it_is_welsh_and_has_a_welsh_title() {
    let bytes = build_with(&Definitions::embedded(), &job_in("leaflet", "standard", "gwent", "cy"));
    let pdf = Pdf::load(&bytes);
    assert_eq!(pdf.catalog_string("Lang").as_deref(), Some("cy"));
    let title = pdf.info_string("Title").unwrap();
    assert!(title.starts_with("Caethwasiaeth fodern a masnachu pobl"), "{title}");
    let outline = pdf.outline();
    assert!(outline.iter().any(|(_, t)| t == "Adnabod yr arwyddion"), "{outline:?}");
    // Names from the region file, which is written in English, are tagged as English.
    let english: Vec<String> = pdf
        .structure()
        .into_iter()
        .filter(|e| e.tag == "Span" && e.lang.as_deref() == Some("en-GB"))
        .map(|e| e.text)
        .collect();
    for name in ["Gwent Police", "Modern Slavery & Exploitation Helpline", "Crimestoppers"] {
        assert!(english.iter().any(|t| t == name), "{name} not tagged en-GB: {english:?}");
    }
    // The date in the words of the language: "25 Tachwedd 2026".
    assert!(pdf.text().contains("Tachwedd 2026"), "{}", pdf.text());
}

#[test]
fn welsh_forces_get_english_and_welsh_by_default_others_english() {
    let dir = temp_dir("lang-defaults");
    let output = handout(&["build", "leaflet", "--variant", "standard", "--region", "gwent", "--region", "kent"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut built: Vec<String> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    built.sort();
    assert_eq!(
        built,
        ["leaflet-standard-gwent-cy.pdf", "leaflet-standard-gwent-en-GB.pdf", "leaflet-standard-kent-en-GB.pdf"]
    );
    // `--lang all` is every language the content exists in; a named one is only that.
    let output = handout(
        &["build", "leaflet", "--variant", "standard", "--region", "kent", "--lang", "all", "--out", "all"],
        &dir,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(dir.join("all/leaflet-standard-kent-cy.pdf").is_file());
    assert!(dir.join("all/leaflet-standard-kent-en-GB.pdf").is_file());
    let output = handout(&["build", "leaflet", "--variant", "standard", "--lang", "cy", "--out", "cy"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!dir.join("cy/leaflet-standard-uk-en-GB.pdf").exists());
    assert!(dir.join("cy/leaflet-standard-uk-cy.pdf").is_file());
}

/// The print copy's slug, for the print shop, is in the copy's language too: its words
/// come from the content's `[words.print]`, and none of the English ones is left. The ids
/// (`leaflet | standard`), numbers and the tool's name stay as they are.
#[test]
fn the_print_slug_is_in_the_language_of_its_copy() {
    let english = handout::load::PrintWords::default();
    let english_words: BTreeSet<String> = words_of(&format!("{} {}", english.slug, english.draft))
        .into_iter()
        .filter(|w| {
            w.len() >= 3 && !["version", "date", "page", "pages", "width", "height", "bleed"].contains(&w.as_str())
        })
        .chain(["version", "page", "trim", "bleed"].map(str::to_string))
        .collect();
    assert!(english_words.contains("draft") && english_words.contains("trim"), "{english_words:?}");
    let dir = temp_dir("lang-slug");
    for lang in ["cy", "sq", "vi", "ti", "ar", "so", "ro", "pl", "fa"] {
        let output = handout(&["build", "leaflet", "--variant", "standard", "--lang", lang, "--print"], &dir);
        assert!(output.status.success(), "{lang}: {}", stderr(&output));
        let content: toml::Value = toml::from_str(
            &std::fs::read_to_string(root().join(format!("content/leaflet.standard.{lang}.toml"))).unwrap(),
        )
        .unwrap();
        let draft = content["words"]["print"]["draft"].as_str().unwrap().to_string();
        let print = Pdf::load(&std::fs::read(dir.join(format!("out/leaflet-standard-uk-{lang}-print.pdf"))).unwrap());
        for page in 0..print.pages().len() {
            let slug: String =
                print.drawn_text(page).into_iter().filter(|t| t.artifact).map(|t| t.text + " ").collect();
            // Text drawn right to left comes back in the order it is drawn, and a word
            // with a vowel mark in pieces: the draft's plain words must each be there.
            let said = words_of(&slug);
            let combining = |c: char| matches!(c, '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}');
            let plain = words_of(&draft).into_iter().filter(|w| !w.chars().any(combining)).collect::<Vec<_>>();
            assert!(plain.len() >= 2, "{lang}: {plain:?}");
            for word in plain {
                assert!(said.contains(&word), "{lang} page {}: `{word}` of `{draft}` missing from {slug}", page + 1);
            }
            assert!(slug.contains("2026-11-25") && slug.contains("297"), "{lang}: {slug}");
            let leaked: Vec<String> = words_of(&slug).intersection(&english_words).cloned().collect();
            assert!(leaked.is_empty(), "{lang} page {}: English {leaked:?} in the slug {slug}", page + 1);
        }
    }
}

#[test]
fn a_draft_translation_warns_is_marked_in_print_and_is_refused_by_a_release() {
    let dir = temp_dir("lang-draft");
    let output = handout(&["build", "leaflet", "--variant", "standard", "--lang", "cy", "--print"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("warning[translation]"), "{err}");
    assert!(err.contains("content/leaflet.standard.cy.toml:"), "{err}");
    assert!(err.contains("draft translation from en-GB"), "{err}");
    let print = Pdf::load(&std::fs::read(dir.join("out/leaflet-standard-uk-cy-print.pdf")).unwrap());
    let slug: String = print.drawn_text(0).into_iter().filter(|t| t.artifact).map(|t| t.text).collect();
    // In the copy's own words (`[words.print]` of the Welsh content).
    assert!(slug.starts_with("Cyfieithiad drafft - nid i'w argraffu | leaflet | standard | uk | cy"), "{slug}");
    let web = Pdf::load(&std::fs::read(dir.join("out/leaflet-standard-uk-cy.pdf")).unwrap());
    assert!(!web.text().contains("Cyfieithiad drafft"), "the web copy carries no slug");

    std::fs::write(dir.join("release.toml"), "languages = [\"cy\"]\nproducts = [\"leaflet\"]\nout = \"rel\"\n")
        .unwrap();
    let output = handout(&["build", "--release", "release.toml"], &dir);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains(
            "content/leaflet.standard.cy.toml:12:10: translation.status: a release cannot include a draft translation"
        ),
        "{err}"
    );
    assert!(!dir.join("rel").exists(), "nothing is built");

    std::fs::write(
        dir.join("release.toml"),
        "languages = [\"cy\"]\nproducts = [\"leaflet\"]\nvariants = [\"standard\"]\nout = \"rel\"\nallow_draft_translations = true\n",
    )
    .unwrap();
    let output = handout(&["build", "--release", "release.toml"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(dir.join("rel/leaflet-standard-uk-cy.pdf").is_file());
}

/// The phone numbers a force's standard leaflet prints, as written.
const NUMBERS: [&str; 6] = ["999", "101", "18001 101", "18000", "08000 121 700", "0800 555 111"];

#[test]
fn numbers_keep_their_order_in_right_to_left_text() {
    // Glyphs are drawn along the baseline from left to right, so the text of a drawn run,
    // in drawing order, is what the eye sees from left to right. Each number must be seen
    // as written: "08000 121 700", never "700 121 08000" (what the bidi algorithm makes of
    // digit groups between spaces in right-to-left text unless they are isolated).
    for lang in ["ar", "fa"] {
        for region in ["uk", "british-transport-police"] {
            let bytes = build_with(&Definitions::embedded(), &job_in("leaflet", "standard", region, lang));
            let pdf = Pdf::load(&bytes);
            let drawn: Vec<_> =
                (0..pdf.pages().len()).flat_map(|p| pdf.drawn_text(p)).filter(|t| !t.artifact).collect();
            let mut numbers: Vec<&str> = NUMBERS.to_vec();
            if region == "british-transport-police" {
                // Its non-emergency number and its text line.
                numbers.retain(|n| *n != "101");
                numbers.extend(["0800 40 50 40", "61016"]);
            }
            for number in numbers {
                assert!(
                    drawn.iter().any(|t| t.text.trim() == number),
                    "{lang} {region}: \"{number}\" is not drawn left to right as one run: {:?}",
                    drawn
                        .iter()
                        .map(|t| t.text.as_str())
                        .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
                        .collect::<Vec<_>>()
                );
                let reversed: String = number.split(' ').rev().collect::<Vec<_>>().join(" ");
                if reversed != number {
                    assert!(!drawn.iter().any(|t| t.text.contains(&reversed)), "{lang} {region}: \"{reversed}\" drawn");
                }
            }
            // The isolates that keep them in order are not in the text.
            let text = pdf.text();
            assert!(!text.contains('\u{2066}') && !text.contains('\u{2069}'), "{lang} {region}: isolates in the text");
            assert_eq!(pdf.catalog_string("Lang").as_deref(), Some(lang));
        }
    }
}

#[test]
fn a_right_to_left_leaflet_is_mirrored_and_read_in_the_same_order() {
    let english = Pdf::load(&build("leaflet", "standard", "kent"));
    let arabic = Pdf::load(&build_with(&Definitions::embedded(), &job_in("leaflet", "standard", "kent", "ar")));
    let width = arabic.page_box(0, "TrimBox")[2] - arabic.page_box(0, "TrimBox")[0];
    // The cover: the outside's right panel in English, its left panel in Arabic.
    let cover_x = |pdf: &Pdf, title: &str| {
        pdf.drawn_text(0).into_iter().find(|t| t.text.contains(title)).map(|t| t.x).unwrap_or_else(|| panic!("{title}"))
    };
    assert!(cover_x(&english, "Modern slavery") > width * 2.0 / 3.0);
    assert!(cover_x(&arabic, "الحديثة") < width / 3.0, "the Arabic cover is on the left");
    // Inside, the first panel read (the definition) is on the right in Arabic.
    let definition_x = arabic.drawn_text(1).into_iter().find(|t| t.text.contains("ما هو")).unwrap().x;
    assert!(definition_x > width * 2.0 / 3.0, "{definition_x}");
    // The tag tree keeps the reading order: the same headings in the same order.
    let headings = |pdf: &Pdf| pdf.structure().into_iter().filter(|e| e.tag.starts_with('H')).count();
    assert_eq!(headings(&arabic), headings(&english));
    let outline: Vec<String> = arabic.outline().into_iter().map(|(_, t)| t).collect();
    assert_eq!(outline.first().map(String::as_str), Some("العبودية الحديثة والاتجار بالبشر"), "{outline:?}");
    assert_eq!(outline.get(1).map(String::as_str), Some("تعرّف على العلامات"), "{outline:?}");
    // The page's text, in the order the glyphs are written, is the words as they are read
    // (letters, and the marks on them, in reading order), not their letters backwards.
    let text = arabic.text();
    for words in ["تعرّف على العلامات", "يبدو خائفًا أو منطويًا أو قلقًا"] {
        assert!(text.contains(words), "{words} not in {text}");
    }
}

#[test]
fn tigrinya_is_set_in_an_ethiopic_face_and_its_lines_break() {
    for region in ["uk", "scotland", "british-transport-police"] {
        let bytes = build_with(&Definitions::embedded(), &job_in("leaflet", "standard", region, "ti"));
        let pdf = Pdf::load(&bytes);
        let fonts: Vec<String> = pdf.fonts().into_keys().collect();
        assert!(fonts.iter().any(|f| f.contains("NotoSansEthiopic-Regular")), "{fonts:?}");
        // Numbers and addresses in Atkinson, whose digits the Ethiopic face does not have.
        assert!(fonts.iter().any(|f| f.contains("AtkinsonHyperlegibleNext")), "{fonts:?}");
        let drawn = pdf.drawn_text(0);
        let ethiopic = |t: &&DrawnText| t.text.chars().any(|c| ('\u{1200}'..='\u{139F}').contains(&c));
        assert!(drawn.iter().filter(ethiopic).any(|t| t.text.contains('።')), "Ethiopic full stops");
        // The signs list (10 items) takes more lines than it has items: lines break
        // inside items, at the spaces between words.
        let mut lines: Vec<i32> = drawn.iter().filter(ethiopic).filter(|t| t.x < 100.0).map(|t| t.y as i32).collect();
        lines.dedup();
        assert!(lines.len() > 14, "{region}: {} lines in the first panel", lines.len());
        let number = drawn.iter().find(|t| t.text.trim() == "08000 121 700").expect("the helpline number");
        assert!(number.font.contains("Atkinson"), "{}", number.font);
    }
}

#[test]
fn list_shows_each_language_with_its_status_and_products() {
    let dir = temp_dir("lang-list");
    let output = handout(&["list"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.contains("\n  en-GB  original: leaflet standard, leaflet large-print, leaflet plain-language"),
        "{out}"
    );
    for lang in ["cy", "sq", "vi", "ti", "ar", "so", "ro", "pl", "fa"] {
        let line =
            out.lines().find(|l| l.starts_with(&format!("  {lang} "))).unwrap_or_else(|| panic!("{lang}: {out}"));
        assert!(
            line.contains("draft translation from en-GB (not reviewed): leaflet standard, leaflet large-print"),
            "{line}"
        );
    }
    assert!(out.contains("Gwent Police  (languages: en-GB, cy)"), "{out}");
}

#[test]
fn an_english_sentence_left_in_a_translation_is_warned_about() {
    let dir = temp_dir("lang-untranslated");
    write_overlay(&dir.join("defs"), "content/leaflet.standard.cy.toml", |text| {
        replace_once(
            text,
            "Mae'r daflen hon ar gael mewn print safonol, print bras a fersiwn Hawdd ei Deall.",
            "This leaflet is available in standard print, large print and Easy Read.",
        )
    });
    let output = handout(&["check", "leaflet", "--variant", "standard", "--lang", "cy", "--defs", "defs"], &dir);
    let err = format!("{}{}", stdout(&output), stderr(&output));
    assert!(err.contains("warning[untranslated]"), "{err}");
    assert!(err.contains("\"This leaflet is available in standard print, large print and Easy Read.\""), "{err}");
    assert!(err.contains("leaflet.standard.cy.toml:"), "{err}");
    // The built-in translations have none (BTP's text line, English only in its region
    // file outside Welsh, is warned about as region words, not as a sentence).
    let output = handout(&["check", "leaflet", "--lang", "all", "--region", "british-transport-police"], &dir);
    let all = format!("{}{}", stdout(&output), stderr(&output));
    assert!(all.contains("leaflet-standard-british-transport-police-fa.pdf"), "{all}");
    assert!(!all.contains("looks untranslated"), "{all}");
}

#[test]
fn a_right_to_left_page_number_is_on_the_page() {
    // A page number is one unbroken line; aligned to the start of a right-to-left line in
    // an unbounded width, it once landed far off the page.
    let pdf = Pdf::load(&build_with(&Definitions::embedded(), &job_in("leaflet", "large-print", "kent", "ar")));
    let pages = pdf.pages().len();
    for page in 0..pages {
        let trim = pdf.page_box(page, "TrimBox");
        let footer = pdf
            .drawn_text(page)
            .into_iter()
            .find(|t| t.text.contains("الصفحة"))
            .unwrap_or_else(|| panic!("page {}: no page number", page + 1));
        assert!(footer.x > trim[0] && footer.x < trim[2], "page {}: page number at x {}", page + 1, footer.x);
        // At the start of a right-to-left line: on the right.
        assert!(footer.x > (trim[0] + trim[2]) / 2.0, "page {}: page number at x {}", page + 1, footer.x);
        let number = format!("{}", page + 1);
        assert!(pdf.drawn_text(page).iter().any(|t| t.text.trim() == number && t.x > trim[0] && t.x < trim[2]));
    }
}

#[test]
fn words_marked_as_another_language_are_tagged_with_it_in_the_pdf_and_the_html_twin() {
    // The Welsh leaflet for Police Scotland keeps two service names in English, marked
    // `[Migrant Help]{lang=en-GB}` and `[TARA]{lang=en-GB}`, and the card label
    // "Ffôn testun ([Relay UK]{lang=en-GB}) i'r heddlu lleol".
    let job = job_in("leaflet", "standard", "scotland", "cy");
    let pdf = Pdf::load(&build_with(&Definitions::embedded(), &job));
    let structure = pdf.structure();
    let english: Vec<&str> = structure
        .iter()
        .filter(|e| e.tag == "Span" && e.lang.as_deref() == Some("en-GB"))
        .map(|e| e.text.as_str())
        .collect();
    for name in ["Migrant Help", "TARA", "Relay UK"] {
        assert!(english.contains(&name), "{name} not a Span /Lang en-GB: {english:?}");
    }
    // The Welsh around them is not tagged: the paragraph reads on in the document's Welsh.
    let paragraph = structure.iter().find(|e| e.tag == "P" && e.text.contains("90 diwrnod")).expect("the support line");
    assert!(paragraph.text.contains("gan Migrant Help neu TARA."), "{}", paragraph.text);
    assert_eq!(paragraph.lang, None, "the paragraph itself is in the document's language");

    let session = handout::session::Session::new(Definitions::embedded()).unwrap();
    let checked = session.check(&job, &mut session.text_engine(), Some(DATE)).unwrap_or_else(|e| panic!("{e}"));
    let page = handout::html::html(&checked.document, checked.profile).unwrap();
    assert!(page.contains("<span lang=\"en-GB\">Migrant Help</span>"), "no lang= span in the HTML twin");
    assert!(page.contains("(<span lang=\"en-GB\">Relay UK</span>)"), "no lang= span in the HTML twin");
}

#[test]
fn a_language_span_with_a_malformed_tag_is_an_error_at_its_place() {
    let (_dir, definitions) = overlay("bad-span", "content/leaflet.standard.cy.toml", |t| {
        t.replace("[TARA]{lang=en-GB}", "[TARA]{lang=english}")
    });
    let session = handout::session::Session::new(definitions).unwrap();
    let error = session
        .check(&job_in("leaflet", "standard", "scotland", "cy"), &mut session.text_engine(), Some(DATE))
        .err()
        .expect("a malformed language tag is refused")
        .to_string();
    assert!(error.contains("`english` is not a language tag"), "{error}");
    assert!(error.contains("content/leaflet.standard.cy.toml:"), "{error}");
    assert!(error.contains("[Relay UK]{lang=en-GB}"), "the hint shows the form: {error}");
}

/// A force's region file in a folder of its own, with a local line whose label and hours
/// are given in English and Welsh.
const BILINGUAL_FORCE: &str = "[force]\nname = \"Test Constabulary\"\njurisdictions = [\"england-wales\"]\n\
    [[contact.local]]\nlabel = { en-GB = \"Modern slavery team\", cy = \"Tîm caethwasiaeth fodern\" }\n\
    number = \"01632 960000\"\nhours = { en-GB = \"Weekdays, 9am to 5pm\", cy = \"Yn ystod yr wythnos, 9 tan 5\" }\n";

#[test]
fn region_words_given_per_language_are_printed_in_that_language_and_english_elsewhere() {
    let dir = temp_dir("region-words");
    let path = dir.join("test-force.toml");
    std::fs::write(&path, BILINGUAL_FORCE).unwrap();
    let region = path.to_str().unwrap();
    for lang in ["en-GB", "cy", "pl"] {
        let output =
            handout(&["build", "leaflet", "--variant", "standard", "--region-file", region, "--lang", lang], &dir);
        assert!(output.status.success(), "{lang}: {}", stderr(&output));
    }
    let load = |lang: &str| {
        Pdf::load(&std::fs::read(dir.join(format!("out/leaflet-standard-test-force-{lang}.pdf"))).unwrap())
    };
    let spans = |pdf: &Pdf| -> Vec<(String, Option<String>)> {
        pdf.structure().into_iter().filter(|e| e.tag == "Span").map(|e| (e.text, e.lang)).collect()
    };

    let english = load("en-GB");
    assert!(english.text().contains("Modern slavery team") && english.text().contains("Weekdays, 9am to 5pm"));

    // Welsh: the Welsh words, in the document's language (no English span around them);
    // the default region's words ("your local police") in Welsh too.
    let welsh = load("cy");
    let text = welsh.text();
    assert!(text.contains("Tîm caethwasiaeth fodern") && text.contains("Yn ystod yr wythnos, 9 tan 5"), "{text}");
    assert!(!text.contains("Modern slavery team") && !text.contains("Weekdays"), "{text}");
    assert!(!spans(&welsh).iter().any(|(t, _)| t.contains("Tîm")), "the Welsh label is not a Span of its own");
    // The force's name has no Welsh form in its file: English, tagged as English.
    assert!(
        spans(&welsh).contains(&("Test Constabulary".to_string(), Some("en-GB".to_string()))),
        "{:?}",
        spans(&welsh)
    );

    // Polish: not given, so English stands in, tagged as English.
    let polish = load("pl");
    let english_spans = spans(&polish);
    for words in ["Modern slavery team", "Weekdays, 9am to 5pm"] {
        assert!(english_spans.contains(&(words.to_string(), Some("en-GB".to_string()))), "{words}: {english_spans:?}");
    }

    // ... and a check says so, as a warning naming the file, line and key.
    let output = handout(&["check", "--region", region, "leaflet", "--variant", "standard", "--lang", "pl"], &dir);
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "a warning, not an error: {report}");
    assert!(
        report.contains("test-force.toml:5:9: contact.local[0].label: English only in the region file, so this `pl` document prints it in English: \"Modern slavery team\""),
        "{report}"
    );
    assert!(report.contains("contact.local[0].hours: English only"), "{report}");
    assert!(report.contains("{ en-GB = \"Modern slavery team\", pl = \"...\" }"), "the hint shows the form: {report}");
    // Welsh is given: no such warning.
    let output = handout(&["check", "--region", region, "leaflet", "--variant", "standard", "--lang", "cy"], &dir);
    assert!(!stdout(&output).contains("English only"), "{}", stdout(&output));
}

#[test]
fn the_welsh_forces_leaflets_call_the_police_in_welsh() {
    // The four Welsh forces inherit the default region's words, which it gives in Welsh.
    let job = job_in("leaflet", "plain-language", "north-wales", "cy");
    let pdf = Pdf::load(&build_with(&Definitions::embedded(), &job));
    let text = pdf.text();
    assert!(text.contains("ar gyfer eich heddlu lleol"), "{text}");
    assert!(!text.contains("your local police"), "{text}");
    let job = job_in("leaflet", "standard", "uk", "cy");
    let pdf = Pdf::load(&build_with(&Definitions::embedded(), &job));
    let calls: Vec<String> = (0..pdf.pages().len()).flat_map(|i| pdf.links(i)).map(|(_, c)| c).collect();
    assert!(calls.iter().any(|c| c == "Ffoniwch eich heddlu lleol (nid mewn argyfwng) ar 1 0 1"), "{calls:?}");
}

#[test]
fn region_words_by_language_must_give_english_and_real_language_tags() {
    let dir = temp_dir("region-words-bad");
    let path = dir.join("test-force.toml");
    let cases = [
        (
            "label = { cy = \"Tîm\" }",
            "contact.local[0].label: these words are given in other languages but not in English",
        ),
        (
            "label = { en-GB = \"Team\", welsh = \"Tîm\" }",
            "contact.local[0].label.welsh: `welsh` is not a language tag",
        ),
        ("label = { en-GB = \"Team\", cy = \" \" }", "contact.local[0].label.cy: this value is empty"),
        ("label = 7", "words, or words by language"),
    ];
    for (line, needle) in cases {
        let toml = format!(
            "[force]\nname = \"Test Constabulary\"\njurisdictions = [\"england-wales\"]\n[[contact.local]]\n{line}\nnumber = \"01632 960000\"\n"
        );
        std::fs::write(&path, toml).unwrap();
        let output = handout(&["check", "--region", path.to_str().unwrap(), "leaflet", "--variant", "standard"], &dir);
        let report = format!("{}{}", stdout(&output), stderr(&output));
        assert_eq!(output.status.code(), Some(1), "{line}: {report}");
        assert!(report.contains(needle), "{line}: `{needle}` missing from\n{report}");
        assert!(report.contains("test-force.toml:5:"), "{line}: the line is named: {report}");
    }
}

#[test]
fn a_longer_welsh_chart_header_keeps_clear_of_the_values_header() {
    // The large-print chart's name column once took the width of its names ("2018") only,
    // so "Blwyddyn" ran into "Atgyfeiriadau".
    let pdf =
        Pdf::load(&build_with(&Definitions::embedded(), &job_in("infographic", "large-print", "north-wales", "cy")));
    let page = (0..pdf.pages().len())
        .find(|&i| pdf.drawn_text(i).iter().any(|t| t.text == "Blwyddyn"))
        .expect("a page with the chart's header");
    let drawn = pdf.drawn_text(page);
    let header = drawn.iter().find(|t| t.text == "Blwyddyn").unwrap();
    let values = drawn.iter().find(|t| t.text == "Atgyfeiriadau").unwrap();
    assert!((header.y - values.y).abs() < 0.5, "one header line");
    // "Blwyddyn" is 8 letters: at least 4 times its type size wide (0.5 em a letter);
    // "2018", which set the column before, is about 2.4 times.
    let header_end = header.x + 4.0 * header.size;
    assert!(
        values.x > header_end,
        "Atgyfeiriadau at {} overlaps Blwyddyn ({} to at least {header_end})",
        values.x,
        header.x
    );
    // And the names are in the same column as their header.
    let year = drawn.iter().find(|t| t.text == "2018").unwrap();
    assert!((year.x - header.x).abs() < 0.5 && year.x < values.x);
}
