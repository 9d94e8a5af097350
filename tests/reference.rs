//! Reference tests: readable dumps of what the tool makes, compared with files under
//! `tests/ref/`. A change to reading order, tags, alt text, bookmarks or an error message
//! then shows up as a diff in review, like typst's reference images.
//!
//! The dumps are read back from the PDF bytes (the tag tree and outline a screen reader
//! meets), not from the tool's own model. To accept a change on purpose, run
//! `HANDOUT_UPDATE_REFS=1 cargo test --test reference` and review the diff of `tests/ref/`.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::*;

/// Compare `actual` with `tests/ref/<name>`, or write it there when updating on purpose.
fn compare(name: &str, actual: &str) {
    let path = root().join("tests/ref").join(name);
    if std::env::var_os("HANDOUT_UPDATE_REFS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("{}: {e}\nrun `HANDOUT_UPDATE_REFS=1 cargo test --test reference` to write it", path.display())
    });
    if expected != actual {
        panic!("{} differs from what the tool makes now:\n{}", path.display(), first_difference(&expected, actual));
    }
}

/// The first lines where two texts part, with a little context, as a short diff.
fn first_difference(expected: &str, actual: &str) -> String {
    let (old, new): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let at = old.iter().zip(&new).position(|(a, b)| a != b).unwrap_or(old.len().min(new.len()));
    let mut out = format!("first difference at line {}:\n", at + 1);
    for line in &old[at.saturating_sub(2)..(at + 4).min(old.len())] {
        let _ = writeln!(out, "- {line}");
    }
    for line in &new[at.saturating_sub(2)..(at + 4).min(new.len())] {
        let _ = writeln!(out, "+ {line}");
    }
    out.push_str("(if the change is wanted: HANDOUT_UPDATE_REFS=1 cargo test --test reference)");
    out
}

/// Elements whose own words are worth printing: the ones a screen reader announces with
/// their text. Grouping elements (Sect, L, LI, Table, TR) print their tag alone.
const SPOKEN: [&str; 13] =
    ["P", "H1", "H2", "H3", "H4", "Lbl", "LBody", "TH", "TD", "Link", "Strong", "Span", "Caption"];

/// The tag tree in reading order, one element a line, indented by depth (with the
/// `/ActualText` a screen reader says instead of an element's words), then each page's
/// link annotations (target and description) and the outline.
fn tag_dump(pdf: &Pdf) -> String {
    let mut out = String::new();
    for element in pdf.structure() {
        let _ = write!(out, "{}{}", "  ".repeat(element.depth), element.tag);
        if let Some(title) = &element.title {
            let _ = write!(out, " title={title:?}");
        }
        if let Some(alt) = &element.alt {
            let _ = write!(out, " alt={alt:?}");
        }
        if let Some(actual) = &element.actual_text {
            let _ = write!(out, " actual={actual:?}");
        }
        if SPOKEN.contains(&element.tag.as_str()) && !element.text.is_empty() {
            let _ = write!(out, " {:?}", element.text);
        }
        out.push('\n');
    }
    out.push_str("\nlinks:\n");
    for page in 0..pdf.pages().len() {
        for (uri, contents) in pdf.links(page) {
            let _ = writeln!(out, "  page {}: {uri} {contents:?}", page + 1);
        }
    }
    out.push_str("\noutline:\n");
    for (depth, title) in pdf.outline() {
        let _ = writeln!(out, "{}{title}", "  ".repeat(depth + 1));
    }
    out
}

#[test]
fn tag_trees_of_the_default_documents() {
    for product in ["leaflet", "infographic"] {
        for variant in ["standard", "large-print", "plain-language"] {
            let pdf = Pdf::load(&build(product, variant, "uk"));
            compare(&format!("tags/{product}-{variant}-uk.txt"), &tag_dump(&pdf));
        }
    }
}

#[test]
fn tag_tree_of_a_force_with_its_own_lines() {
    // British Transport Police has its own numbers and a text line: cards differ from uk.
    let pdf = Pdf::load(&build("leaflet", "standard", "british-transport-police"));
    compare("tags/leaflet-standard-british-transport-police.txt", &tag_dump(&pdf));
}

/// One broken input: a built-in file with an edit, and the document built from it.
struct Case {
    name: &'static str,
    file: &'static str,
    edit: fn(String) -> String,
    product: &'static str,
    variant: &'static str,
}

const LEAFLET: &str = "content/leaflet.standard.en-GB.toml";
const EASY_LEAFLET: &str = "content/leaflet.plain-language.en-GB.toml";
const DL: &str = "layouts/leaflet-dl.toml";
const POSTER: &str = "content/infographic.standard.en-GB.toml";

fn cases() -> Vec<Case> {
    let case = |name, file, edit, product, variant| Case { name, file, edit, product, variant };
    vec![
        case(
            "toml-syntax",
            LEAFLET,
            |t| replace_once(t, "version = \"1.0\"", "version = \"1.0"),
            "leaflet",
            "standard",
        ),
        case("unknown-key", DL, |t| replace_once(t, "bleed_mm = 3", "bleed_nm = 3"), "leaflet", "standard"),
        case(
            "wrong-type",
            DL,
            |t| replace_once(t, "[styles.body]\nsize_pt = 14", "[styles.body]\nsize_pt = \"14\""),
            "leaflet",
            "standard",
        ),
        case("unknown-colour", DL, |t| t.replacen("colour = \"ink\"", "colour = \"inc\"", 1), "leaflet", "standard"),
        case(
            "unknown-placeholder",
            LEAFLET,
            |t| {
                replace_once(
                    t,
                    "call {contact.emergency}.\"\nstyle = \"emergency\"",
                    "call {contact.emergancy}.\"\nstyle = \"emergency\"",
                )
            },
            "leaflet",
            "standard",
        ),
        case(
            "overflow",
            LEAFLET,
            |t| {
                replace_once(
                    t,
                    "Poverty, isolation and little education make people easier to exploit.",
                    &"Poverty, isolation and little education make people easier to exploit. ".repeat(12),
                )
            },
            "leaflet",
            "standard",
        ),
        case(
            "missing-glyph",
            LEAFLET,
            |t| replace_once(t, "Learn the signs.", "Learn the signs \u{0928}."),
            "leaflet",
            "standard",
        ),
        case(
            "unplaced-section",
            LEAFLET,
            |t| t + "\n[[section]]\nid = \"extra\"\n\n[[section.block]]\ntext = \"More.\"\n",
            "leaflet",
            "standard",
        ),
        case(
            "two-kinds",
            LEAFLET,
            |t| {
                replace_once(
                    t,
                    "text = \"Someone may be a victim of modern slavery if they:\"",
                    "text = \"Someone may be a victim of modern slavery if they:\"\nheading = \"Two\"",
                )
            },
            "leaflet",
            "standard",
        ),
        case(
            "small-type",
            DL,
            |t| replace_once(t, "[styles.body]\nsize_pt = 14", "[styles.body]\nsize_pt = 9"),
            "leaflet",
            "standard",
        ),
        case("low-contrast", DL, low_contrast, "leaflet", "standard"),
        case("long-easy-read-sentence", EASY_LEAFLET, long_easy_read_sentence, "leaflet", "plain-language"),
        case("unknown-icon", EASY_LEAFLET, |t| t.replacen("icon = \"", "icon = \"x", 1), "leaflet", "plain-language"),
        case("chart-lengths", POSTER, |t| t.replacen("values = [", "values = [1, ", 1), "infographic", "standard"),
        case("unknown-source", POSTER, |t| t.replacen("source = \"", "source = \"x", 1), "infographic", "standard"),
    ]
}

/// The body colour swapped for a pale grey: too little contrast on white paper.
fn low_contrast(text: String) -> String {
    replace_once(text, "ink = { rgb = \"#1A1A1A\"", "ink = { rgb = \"#BBBBBB\"")
}

/// The first Easy Read paragraph made into one sentence of far more than 15 words.
fn long_easy_read_sentence(text: String) -> String {
    let at = text.find("text = \"").expect("a paragraph") + "text = \"".len();
    let long =
        "people can be made to work for very little money and they cannot leave the place where they live or work ";
    format!("{}{long}{}", &text[..at], &text[at..])
}

/// Messages with the temporary folder's path made stable.
fn stable(message: &str, dir: &Path) -> String {
    message.replace(&dir.display().to_string(), "<defs>")
}

#[test]
fn diagnostics_for_broken_inputs() {
    let mut out = String::new();
    for case in cases() {
        let (dir, definitions) = overlay(case.name, case.file, case.edit);
        let job = job(case.product, case.variant, "uk");
        let message = build_error(&definitions, &job);
        let _ = writeln!(
            out,
            "## {} ({} {} from {})\n{}\n",
            case.name,
            case.product,
            case.variant,
            case.file,
            stable(&message, &dir)
        );
    }
    compare("diagnostics/broken-inputs.txt", &out);
}

#[test]
fn diagnostics_for_a_broken_region_file() {
    let dir = temp_dir("ref-region");
    let path = dir.join("testshire.toml");
    std::fs::write(
        &path,
        "[force]\nname = \"\"\nwebsite = \"http://testshire.police.uk\"\nemail = \"not an address\"\n\n[contact]\nnon_emergency = \"0800 555 11\"\nemergency = \"101\"\n\n[[contact.local]]\nlabel = \"Rural crime\"\nnumber = \"09012 345 678\"\n\n[brand]\nprimary = { rgb = \"#777777\", cmyk = [0, 0, 0, 60] }\non_primary = { rgb = \"#888888\", cmyk = [0, 0, 0, 50] }\n",
    )
    .unwrap();
    let output = handout(&["check", "--region", path.to_str().unwrap()], &dir);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    compare("diagnostics/region-file.txt", &stable(&stdout(&output), &dir));
}

#[test]
fn diagnostics_for_command_line_mistakes() {
    let dir = temp_dir("ref-usage");
    let mut out = String::new();
    for args in [
        vec!["build", "leaflat"],
        vec!["build", "leaflet", "--variant", "standrd"],
        vec!["build", "--region", "kentt"],
        vec!["build", "--lang", "fr-FR"],
        vec!["build", "--defs", "no-such-folder"],
        vec!["check", "--region", "missing.toml"],
    ] {
        let output = handout(&args, &dir);
        let _ = writeln!(
            out,
            "## handout {} (exit {:?})\n{}{}",
            args.join(" "),
            output.status.code(),
            stdout(&output),
            stderr(&output)
        );
    }
    compare("diagnostics/command-line.txt", &stable(&out, &dir));
}
