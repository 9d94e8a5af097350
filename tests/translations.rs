//! Translated content files against the English ones they translate: the same sections
//! and blocks in the same order, the same numbers, placeholders and web addresses in
//! every piece of text (numbers and addresses never change in translation), the
//! glossary's fixed terms wherever the English uses them, and an honest `[translation]`
//! table.

mod common;

use std::collections::BTreeMap;

use common::root;
use toml::Value;

/// Every `content/<set>.<lang>.toml` that has a `[translation]` table, with its English.
fn translations() -> Vec<(String, String, Value, Value)> {
    let dir = root().join("content");
    let mut found = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml") && !n.starts_with("glossary."))
        .collect();
    names.sort();
    for name in names {
        let text = std::fs::read_to_string(dir.join(&name)).unwrap();
        let value: Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let Some(translation) = value.get("translation") else { continue };
        let from = translation["from"].as_str().unwrap();
        let stem = name.strip_suffix(".toml").unwrap();
        let (set, lang) = stem.rsplit_once('.').unwrap();
        let english_name = format!("{set}.{from}.toml");
        let english: Value = toml::from_str(&std::fs::read_to_string(dir.join(&english_name)).unwrap()).unwrap();
        found.push((name.clone(), lang.to_string(), value, english));
    }
    found
}

/// The pieces of text of a content file in order, each with a path naming it.
fn pieces(content: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let document = &content["document"];
    out.push(("document.title".to_string(), document["title"].as_str().unwrap().to_string()));
    if let Some(subject) = document.get("subject") {
        out.push(("document.subject".to_string(), subject.as_str().unwrap().to_string()));
    }
    for (s, section) in content["section"].as_array().unwrap().iter().enumerate() {
        let id = section["id"].as_str().unwrap();
        if let Some(heading) = section.get("heading") {
            out.push((format!("section {id} heading"), heading.as_str().unwrap().to_string()));
        }
        let Some(blocks) = section.get("block").and_then(Value::as_array) else { continue };
        for (b, block) in blocks.iter().enumerate() {
            let at = format!("section[{s}] {id} block[{b}]");
            let table = block.as_table().unwrap();
            for (key, value) in table {
                match value {
                    Value::String(text) => out.push((format!("{at}.{key}"), text.clone())),
                    Value::Array(items) => {
                        for (i, item) in items.iter().enumerate() {
                            match item {
                                Value::String(text) => out.push((format!("{at}.{key}[{i}]"), text.clone())),
                                Value::Table(entry) => {
                                    for (k, v) in entry {
                                        if let Value::String(text) = v {
                                            out.push((format!("{at}.{key}[{i}].{k}"), text.clone()));
                                        }
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

/// A content string with its language spans' markup taken away (`[Relay UK]{lang=en-GB}`
/// is "Relay UK"), and the words of those spans.
fn without_spans(text: &str) -> (String, Vec<String>) {
    let (mut out, mut spans) = (String::new(), Vec::new());
    let mut rest = text;
    while let Some(end) = rest.find("]{lang=") {
        let start = rest[..end].rfind('[').expect("a span opens with [");
        let close = end + rest[end..].find('}').expect("a span's {lang=...} closes");
        out.push_str(&rest[..start]);
        out.push_str(&rest[start + 1..end]);
        spans.push(rest[start + 1..end].to_string());
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    (out, spans)
}

/// What must come through a translation unchanged: `{placeholders}`, runs of digits and
/// web addresses, in order.
fn fixed_parts(text: &str) -> Vec<String> {
    let (text, _) = without_spans(text);
    let text = text.as_str();
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let end = rest[start..].find('}').map_or(rest.len(), |e| start + e + 1);
        parts.push(rest[start..end].to_string());
        rest = &rest[end..];
    }
    let without: String = {
        let mut s = String::new();
        let mut depth = 0;
        for c in text.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ if depth == 0 => s.push(c),
                _ => {}
            }
        }
        s
    };
    let mut digits = String::new();
    for c in without.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if !digits.is_empty() {
            parts.push(std::mem::take(&mut digits));
        }
    }
    for word in without.split(|c: char| c.is_whitespace() || c == '(' || c == ')') {
        if word.starts_with("https://") {
            parts.push(word.to_string());
        }
    }
    parts
}

/// Region values that are English prose rather than names or numbers ("your local
/// police"): a translation may say them in its own words instead of printing them, or
/// print them (a region file can give them in the translation's language).
const ENGLISH_PROSE: [&str; 2] = ["{contact.textphone_reaches}", "{force.short_name}"];

/// Keys of a block whose values are names or dates rather than words.
const NOT_WORDS: [&str; 7] = ["one_of", "style", "icon", "source", "sources", "date", "dates"];

#[test]
fn translations_keep_the_structure_numbers_and_addresses_of_the_english() {
    let all = translations();
    assert!(!all.is_empty(), "no translated content files found");
    for (name, _, translated, english) in &all {
        let (ours, theirs) = (pieces(translated), pieces(english));
        let paths = |p: &[(String, String)]| p.iter().map(|(path, _)| path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&ours), paths(&theirs), "{name}: not the same sections, blocks and keys as the English");
        for ((path, text), (_, english_text)) in ours.iter().zip(&theirs) {
            // Style names and jurisdiction lists are not words.
            if path.ends_with(".style") || path.ends_with(".one_of") {
                assert_eq!(text, english_text, "{name}: {path}");
                continue;
            }
            let english_parts: Vec<String> =
                fixed_parts(english_text).into_iter().filter(|p| !ENGLISH_PROSE.contains(&p.as_str())).collect();
            let our_parts: Vec<String> =
                fixed_parts(text).into_iter().filter(|p| !ENGLISH_PROSE.contains(&p.as_str())).collect();
            assert_eq!(
                our_parts, english_parts,
                "{name}: {path}: numbers, placeholders or addresses differ from the English\n  {text}\n  {english_text}"
            );
        }
        for key in ["version", "date"] {
            assert_eq!(translated["document"][key], english["document"][key], "{name}: document.{key}");
        }
    }
}

#[test]
fn every_translation_says_what_it_is_and_uses_its_glossary() {
    for (name, lang, translated, english) in translations() {
        let translation = translated["translation"].as_table().unwrap();
        let status = translation["status"].as_str().unwrap();
        assert!(["draft", "reviewed"].contains(&status), "{name}: status {status}");
        if status == "reviewed" {
            assert!(translation.contains_key("reviewer") && translation.contains_key("reviewed"), "{name}");
        }
        let glossary_path = root().join(format!("content/glossary.{lang}.toml"));
        let glossary: Value = toml::from_str(
            &std::fs::read_to_string(&glossary_path)
                .unwrap_or_else(|_| panic!("{name}: no content/glossary.{lang}.toml")),
        )
        .unwrap();
        assert_eq!(glossary["language"].as_str(), Some(lang.as_str()), "{}", glossary_path.display());
        let terms: BTreeMap<String, Vec<String>> = glossary["terms"]
            .as_table()
            .unwrap()
            .iter()
            .map(|(k, v)| {
                (k.to_lowercase(), v.as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_lowercase()).collect())
            })
            .collect();
        let mut uses = 0;
        for ((path, text), (_, english_text)) in pieces(&translated).iter().zip(&pieces(&english)) {
            // Names of things (icons, sources, versions of a block) and dates are not words.
            let key = path.rsplit('.').next().unwrap_or("");
            let key = key.split('[').next().unwrap_or(key);
            if NOT_WORDS.contains(&key) {
                continue;
            }
            let (text, english_text) = (text.to_lowercase(), english_text.to_lowercase());
            // A name kept in English and marked so (`[... Exploitation ... Act]{lang=en-GB}`)
            // keeps its English words.
            let (_, spans) = without_spans(&text);
            for (term, forms) in &terms {
                if english_text.contains(term.as_str()) {
                    uses += 1;
                    assert!(
                        forms.iter().any(|f| text.contains(f.as_str()))
                            || spans.iter().any(|s| s.contains(term.as_str())),
                        "{name}: {path}: the English says \"{term}\" but the translation has none of {forms:?}:\n  {text}"
                    );
                }
            }
        }
        assert!(uses > 0, "{name}: the glossary's terms were never checked");
    }
}
