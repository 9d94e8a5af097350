//! What a screen reader hears, read back from the PDFs' tag trees: every phone number and
//! text code is said digit by digit in its groups (its `/ActualText`, and the link's
//! description), a figure and its label are two words, and `handout check` names a
//! number typed into the words and two pieces of text with no space between them.

mod common;

use common::*;

const PRODUCTS: [&str; 2] = ["leaflet", "infographic"];
const VARIANTS: [&str; 3] = ["standard", "large-print", "plain-language"];

/// Every number the built-in regions print, and how it is said.
const SPOKEN: [(&str, &str); 8] = [
    ("999", "9 9 9"),
    ("101", "1 0 1"),
    ("18000", "1 8 0 0 0"),
    ("18001 101", "1 8 0 0 1, 1 0 1"),
    ("08000 121 700", "0 8 0 0 0, 1 2 1, 7 0 0"),
    ("0800 555 111", "0 8 0 0, 5 5 5, 1 1 1"),
    ("0800 40 50 40", "0 8 0 0, 4 0, 5 0, 4 0"),
    ("61016", "6 1 0 1 6"),
];

fn spoken(printed: &str) -> &'static str {
    SPOKEN.iter().find(|(p, _)| *p == printed).map(|(_, s)| *s).unwrap_or_else(|| panic!("`{printed}` is not listed"))
}

#[test]
fn every_number_is_spoken_digit_by_digit_in_every_product() {
    for region in ["uk", "british-transport-police"] {
        for product in PRODUCTS {
            for variant in VARIANTS {
                let what = format!("{product} {variant} {region}");
                let pdf = Pdf::load(&build(product, variant, region));
                let structure = pdf.structure();
                let numbers: Vec<_> = structure.iter().filter(|e| e.actual_text.is_some()).collect();
                assert!(numbers.len() >= 5, "{what}: {} numbers with a spoken form", numbers.len());
                for number in &numbers {
                    assert_eq!(number.tag, "Span", "{what}");
                    assert_eq!(number.actual_text.as_deref(), Some(spoken(&number.text)), "{what}");
                }
                // Heard as a screen reader reads the tree: no number in figures is left.
                let heard = pdf.heard();
                for (printed, said) in SPOKEN {
                    assert!(!heard.contains(printed), "{what}: `{printed}` is read as a quantity");
                    let shown = pdf.structure().iter().any(|e| e.text.contains(printed));
                    assert_eq!(heard.contains(said), shown, "{what}: `{said}`");
                }
                assert!(heard.contains("9 9 9") && heard.contains("0 8 0 0 0, 1 2 1, 7 0 0"), "{what}");
                // Link descriptions say the number the same way.
                let mut dialled = 0;
                for page in 0..pdf.pages().len() {
                    for (uri, contents) in pdf.links(page) {
                        let Some(digits) = uri.strip_prefix("tel:").or_else(|| uri.strip_prefix("sms:")) else {
                            continue;
                        };
                        let national = digits.replacen("+44", "0", 1);
                        let (printed, said) = SPOKEN
                            .iter()
                            .find(|(p, _)| p.replace(' ', "") == national)
                            .unwrap_or_else(|| panic!("{what}: {uri} is not listed"));
                        assert!(contents.ends_with(said), "{what}: `{contents}` for {uri}");
                        assert!(!contents.contains(printed), "{what}: `{contents}` has `{printed}` in figures");
                        dialled += 1;
                    }
                }
                assert!(dialled >= 5, "{what}: {dialled} phone links");
            }
        }
    }
}

#[test]
fn a_figure_and_its_label_are_two_words() {
    for variant in VARIANTS {
        let pdf = Pdf::load(&build("infographic", variant, "uk"));
        let paragraphs: Vec<String> = pdf.structure().iter().filter(|e| e.tag == "P").map(|e| e.text.clone()).collect();
        // Statistics: a figure ("23,411", "about 122,000", "more than 23,000") then words.
        let figure = |p: &&String| {
            p.split_whitespace().take(3).any(|w| w.contains(',') && w.starts_with(|c: char| c.is_ascii_digit()))
        };
        let statistics = paragraphs.iter().filter(figure).count();
        assert!(statistics >= 3, "{variant}: {statistics} statistics");
        for text in &paragraphs {
            let chars: Vec<char> = text.chars().collect();
            for pair in chars.windows(2) {
                let joined = (pair[0].is_ascii_digit() || pair[0] == '%') && pair[1].is_alphabetic();
                assert!(!joined, "{variant}: `{text}` runs a figure into a word");
            }
        }
    }
}

#[test]
fn check_names_a_phone_number_typed_into_the_words() {
    let file = "content/leaflet.standard.en-GB.toml";
    let (dir, definitions) =
        overlay("typed-number", file, |t| replace_once(t, "call {contact.emergency}.\"\nstyle", "call 999.\"\nstyle"));
    let edited = std::fs::read_to_string(dir.join(file)).unwrap();
    let message = build_error(&definitions, &job("leaflet", "standard", "uk"));
    assert!(message.contains("error[spoken-number]"), "{message}");
    assert!(message.contains("`999` is a phone number typed into the words"), "{message}");
    assert!(message.contains(&format!("{file}:{}:", line_of(&edited, "call 999."))), "{message}");

    // A link to a number described with the number in figures.
    let (_dir, definitions) = overlay("typed-link", file, |t| {
        replace_once(t, "call {contact.emergency}.\"\nstyle", "[call the police](tel:101).\"\nstyle")
    });
    let message = build_error(&definitions, &job("leaflet", "standard", "uk"));
    assert!(message.contains("error[spoken-number]"), "{message}");
    assert!(message.contains("has the number `101` in figures"), "{message}");
}

#[test]
fn check_names_two_pieces_of_text_with_no_space_between() {
    let file = "content/leaflet.standard.en-GB.toml";
    let (dir, definitions) = overlay("run-together", file, |t| {
        replace_once(t, "call {contact.emergency}.\"\nstyle", "call{contact.emergency}.\"\nstyle")
    });
    let edited = std::fs::read_to_string(dir.join(file)).unwrap();
    let message = build_error(&definitions, &job("leaflet", "standard", "uk"));
    assert!(message.contains("error[run-together]"), "{message}");
    assert!(message.contains("\"in danger now, call\" and \"999\" have no space between them"), "{message}");
    assert!(message.contains(&format!("{file}:{}:", line_of(&edited, "call{contact.emergency}"))), "{message}");
}
