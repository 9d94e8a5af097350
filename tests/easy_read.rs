//! Easy Read done properly, read back from the PDFs: one sentence a line, every hard word
//! explained where it first appears, large numbers rounded in words, and a picture list
//! in docs/pictures.md that names every picture the content uses. And `handout check`
//! names each broken rule.

mod common;

use std::sync::OnceLock;

use common::*;
use handout::check::readability::split_sentences;

const LEAFLET: &str = "content/leaflet.plain-language.en-GB.toml";
const INFOGRAPHIC: &str = "content/infographic.plain-language.en-GB.toml";

fn pdf(product: &str) -> &'static Pdf {
    static PDFS: OnceLock<Vec<(String, Pdf)>> = OnceLock::new();
    let all = PDFS.get_or_init(|| {
        ["leaflet", "infographic"]
            .iter()
            .map(|p| (p.to_string(), Pdf::load(&build(p, "plain-language", "uk"))))
            .collect()
    });
    &all.iter().find(|(p, _)| p == product).expect("built").1
}

/// The text of every paragraph, heading and list body, in reading order.
fn lines(pdf: &Pdf) -> Vec<(String, String)> {
    pdf.structure()
        .into_iter()
        .filter(|e| e.tag == "P" || e.tag.starts_with('H') || e.tag == "LBody")
        .map(|e| (e.tag, e.text))
        .collect()
}

/// The content file's `[words] explain` list.
fn hard_words(file: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    let value: toml::Value = toml::from_str(&text).unwrap();
    value["words"]["explain"].as_array().unwrap().iter().map(|w| w.as_str().unwrap().to_string()).collect()
}

#[test]
fn one_sentence_a_line() {
    for product in ["leaflet", "infographic"] {
        let paragraphs: Vec<String> =
            lines(pdf(product)).into_iter().filter(|(tag, _)| tag == "P").map(|(_, text)| text).collect();
        assert!(paragraphs.len() >= 20, "{product}: {} lines", paragraphs.len());
        for text in &paragraphs {
            // Source lines ("Estimate. Source: ...") are not prose.
            if text.contains("Source: ") || text.contains("Sources: ") || text.contains(". Published ") {
                continue;
            }
            assert!(split_sentences(text).len() <= 1, "{product}: `{text}` holds two sentences");
        }
    }
}

#[test]
fn every_hard_word_is_explained_where_it_first_appears() {
    for (product, file) in [("leaflet", LEAFLET), ("infographic", INFOGRAPHIC)] {
        let texts: Vec<String> = lines(pdf(product)).into_iter().map(|(_, text)| text.to_lowercase()).collect();
        let words = hard_words(file);
        assert!(words.len() >= 5, "{product}: {words:?}");
        let mut used = 0;
        for word in &words {
            let word = word.to_lowercase();
            let whole = |text: &str| {
                text.match_indices(&word).any(|(i, _)| {
                    let before = text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                    let rest = &text[i + word.len()..];
                    let rest = rest.strip_prefix('s').filter(|r| !r.starts_with(char::is_alphanumeric)).unwrap_or(rest);
                    before && !rest.starts_with(char::is_alphanumeric)
                })
            };
            let Some(first) = texts.iter().position(|text| whole(text)) else { continue };
            used += 1;
            let explanation = [format!("{word} means "), format!("{word}s means ")];
            let explained = texts[first..].iter().take(2).any(|t| explanation.iter().any(|e| t.contains(e.as_str())));
            assert!(explained, "{product}: `{word}` first appears in `{}` and is not explained", texts[first]);
        }
        assert!(used >= 4, "{product}: {used} listed words are used");
    }
    // Words the audit found unexplained are explained or gone.
    let leaflet = pdf("leaflet").text();
    for word in ["immigration crime means", "textphone means", "debt means", "Kidnap means"] {
        assert!(leaflet.contains(word), "`{word}` missing");
    }
    assert!(!leaflet.to_lowercase().contains("cannabis"));
    let infographic = pdf("infographic").text();
    assert!(
        infographic.contains("NRM means National Referral Mechanism.")
            && infographic.contains("DtN means Duty to Notify.")
    );
}

#[test]
fn large_numbers_are_rounded_in_words() {
    let text = pdf("infographic").text();
    for rounded in ["more than 23,000", "nearly 7,000", "about 120,000"] {
        assert!(text.contains(rounded), "`{rounded}` missing");
    }
    for exact in ["23,411", "6,993", "122,000"] {
        assert!(!text.contains(exact), "`{exact}` is printed exactly");
    }
}

#[test]
fn the_picture_list_names_every_picture_and_what_it_means() {
    let list = std::fs::read_to_string(root().join("docs/pictures.md")).unwrap();
    let icons: Vec<String> = std::fs::read_dir(root().join("assets/icons"))
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().to_string_lossy().strip_suffix(".svg").map(str::to_string))
        .collect();
    // Every picture a content file uses is in the list, with the product it is used in.
    for entry in std::fs::read_dir(root().join("content")).unwrap() {
        let path = entry.unwrap().path();
        // A language's glossary (content/glossary.<lang>.toml) is not a content file.
        if path.file_name().unwrap().to_string_lossy().starts_with("glossary.") {
            continue;
        }
        let value: toml::Value = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let sections = value["section"].as_array().unwrap();
        for block in sections.iter().flat_map(|s| s.get("block").and_then(|b| b.as_array()).into_iter().flatten()) {
            let Some(icon) = block.get("icon").and_then(|i| i.as_str()) else { continue };
            assert!(icons.iter().any(|i| i == icon), "{}: no icon `{icon}`", path.display());
            let row = list.lines().find(|l| l.starts_with(&format!("| `{icon}` ")));
            let row = row.unwrap_or_else(|| panic!("`{icon}` ({}) is not in docs/pictures.md", path.display()));
            // The content set: a translation's pictures are its English's.
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let stem = name
                .strip_suffix(".toml")
                .and_then(|n| n.rsplit_once('.'))
                .map_or(name.clone(), |(set, _)| set.to_string());
            assert!(row.contains(&stem), "docs/pictures.md: `{icon}` is not listed as used in {stem}");
        }
    }
    // And every picture in the list exists.
    for line in list.lines().filter(|l| l.starts_with("| `")) {
        let name = line.trim_start_matches("| `").split('`').next().unwrap();
        assert!(icons.iter().any(|i| i == name), "docs/pictures.md lists `{name}`, which is not in assets/icons");
    }
}

fn easy_read_error(name: &str, file: &str, product: &str, edit: impl FnOnce(String) -> String) -> (String, String) {
    let (dir, definitions) = overlay(name, file, edit);
    let message = build_error(&definitions, &job(product, "plain-language", "uk"));
    (message, std::fs::read_to_string(dir.join(file)).unwrap())
}

#[test]
fn check_names_two_sentences_on_one_line() {
    let (message, edited) = easy_read_error("two-sentences", LEAFLET, "leaflet", |t| {
        replace_once(
            t,
            "lines = [\n    \"Is this happening to you?\",\n    \"It is **not your fault**.\",\n]",
            "text = \"Is this happening to you? It is **not your fault**.\"",
        )
    });
    assert!(message.contains("error[one-sentence-per-line]"), "{message}");
    assert!(
        message.contains("2 sentences share one line: \"Is this happening to you? It is not your fault.\""),
        "{message}"
    );
    assert!(message.contains(&format!("{LEAFLET}:{}:", line_of(&edited, "text = \"Is this happening"))), "{message}");
}

#[test]
fn check_names_a_hard_word_not_explained() {
    let (message, edited) = easy_read_error("unexplained", LEAFLET, "leaflet", |t| {
        replace_once(
            t,
            "lines = [\n    \"Traffickers may **kidnap** the person.\",\n    \"Kidnap means taking a person away by force.\",\n]",
            "text = \"Traffickers may **kidnap** the person.\"",
        )
    });
    assert!(message.contains("error[unexplained-word]"), "{message}");
    assert!(message.contains("\"kidnap\" first appears here (\"Traffickers may kidnap the person.\")"), "{message}");
    assert!(message.contains(&format!("{LEAFLET}:{}:", line_of(&edited, "Traffickers may **kidnap**"))), "{message}");

    // A word on the list used in the sources, where it is not explained.
    let (message, _) = easy_read_error("unexplained-source", INFOGRAPHIC, "infographic", |t| {
        replace_once(t, "    \"NRM means National Referral Mechanism.\",\n", "")
    });
    assert!(message.contains("\"NRM\" first appears here (\"Home Office. Modern Slavery: NRM and DtN"), "{message}");

    // The list itself is required.
    let (message, _) = easy_read_error("no-list", INFOGRAPHIC, "infographic", |t| {
        replace_once(
            t,
            "explain = [\"modern slavery\", \"victim\", \"NRM\", \"DtN\", \"textphone\", \"anonymous\"]\n",
            "",
        )
    });
    assert!(message.contains("the Easy Read content lists no words that need explaining"), "{message}");
}

#[test]
fn check_names_a_large_number_given_exactly() {
    let (message, edited) = easy_read_error("exact", INFOGRAPHIC, "infographic", |t| {
        replace_once(t, "statistic = 23411\nrounded = true\n", "statistic = 23411\n")
    });
    assert!(message.contains("error[exact-number]"), "{message}");
    assert!(message.contains("`23,411` is a large number given exactly"), "{message}");
    assert!(message.contains(&format!("{INFOGRAPHIC}:{}:", line_of(&edited, "statistic = 23411"))), "{message}");
}
