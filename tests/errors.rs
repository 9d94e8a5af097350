//! Bad input: each case gets a clear error naming the file, the line and the key, with a
//! hint, and no PDF. Inputs are the built-in files with one thing broken, given through
//! an overlay folder exactly as a user's `--defs DIR` would.

mod common;

use common::*;

const CONTENT: &str = "content/leaflet.standard.en-GB.toml";
const LAYOUT: &str = "layouts/leaflet-dl.toml";

fn leaflet_error(name: &str, file: &str, edit: impl FnOnce(String) -> String) -> (String, String) {
    let (dir, definitions) = overlay(name, file, edit);
    let message = build_error(&definitions, &job("leaflet", "standard", "uk"));
    let edited = std::fs::read_to_string(dir.join(file)).unwrap();
    (message, edited)
}

/// The message names `path` (the user's copy) and the given line.
fn assert_names(message: &str, file: &str, line: usize) {
    let expected = format!("{file}:{line}:");
    assert!(message.contains(&expected), "expected `{expected}` in:\n{message}");
    assert!(message.contains("hint:"), "expected a hint in:\n{message}");
}

#[test]
fn toml_syntax_error() {
    let (message, edited) =
        leaflet_error("syntax", CONTENT, |t| replace_once(t, "version = \"1.0\"", "version = \"1.0"));
    assert_names(&message, CONTENT, line_of(&edited, "version = \"1.0"));
    assert!(message.contains("TOML syntax error"), "{message}");
}

#[test]
fn unknown_key_is_named_with_a_suggestion() {
    let (message, edited) = leaflet_error("unknown-key", LAYOUT, |t| replace_once(t, "bleed_mm = 3", "bleed_nm = 3"));
    assert_names(&message, LAYOUT, line_of(&edited, "bleed_nm"));
    assert!(message.contains("sheet.bleed_nm"), "{message}");
    assert!(message.contains("did you mean `bleed_mm`?"), "{message}");
}

#[test]
fn missing_required_field() {
    let (message, edited) = leaflet_error("missing", CONTENT, |t| replace_once(t, "version = \"1.0\"\n", ""));
    assert!(message.contains("missing field `version`"), "{message}");
    assert!(message.contains("document.version"), "{message}");
    assert_names(&message, CONTENT, line_of(&edited, "[document]"));
}

#[test]
fn wrong_type() {
    let (message, edited) = leaflet_error("wrong-type", LAYOUT, |t| {
        replace_once(t, "[styles.body]\nsize_pt = 14", "[styles.body]\nsize_pt = \"fourteen\"")
    });
    assert_names(&message, LAYOUT, line_of(&edited, "\"fourteen\""));
    assert!(message.contains("styles.body.size_pt"), "{message}");
    assert!(message.contains("invalid type"), "{message}");
}

#[test]
fn unknown_colour_format() {
    let (message, edited) = leaflet_error("colour-format", LAYOUT, |t| {
        replace_once(t, "alert = { rgb = \"#A4161A\"", "alert = { rgb = \"dark red\"")
    });
    assert_names(&message, LAYOUT, line_of(&edited, "dark red"));
    assert!(message.contains("unknown colour format `dark red`"), "{message}");
    assert!(message.contains("colours.alert.rgb"), "{message}");
}

#[test]
fn unknown_colour_name() {
    let (message, edited) =
        leaflet_error("colour-name", LAYOUT, |t| replace_once(t, "background = \"alert\"", "background = \"alret\""));
    assert_names(&message, LAYOUT, line_of(&edited, "\"alret\""));
    assert!(message.contains("unknown colour `alret`") && message.contains("did you mean `alert`?"), "{message}");
}

#[test]
fn unknown_placeholder() {
    let (message, edited) = leaflet_error("placeholder", CONTENT, |t| {
        replace_once(
            t,
            "If someone is in danger now, call {contact.emergency}.\"\nstyle",
            "If someone is in danger now, call {contact.emergancy}.\"\nstyle",
        )
    });
    assert_names(&message, CONTENT, line_of(&edited, "{contact.emergancy}"));
    assert!(message.contains("unknown placeholder `{contact.emergancy}`"), "{message}");
    assert!(message.contains("did you mean `{contact.emergency}`?"), "{message}");
    // The column points at the placeholder itself.
    let line = edited.lines().nth(line_of(&edited, "{contact.emergancy}") - 1).unwrap();
    let column = line.find("{contact.emergancy}").unwrap() + 1;
    assert!(message.contains(&format!(":{column}: ")), "column {column} in:\n{message}");
}

#[test]
fn text_that_overflows_its_panel_names_the_block_and_millimetres() {
    let (message, edited) = leaflet_error("overflow", CONTENT, |t| {
        replace_once(
            t,
            "text = \"Poverty, isolation and little education make people easier to exploit.\"",
            &format!(
                "text = \"{}\"",
                "Poverty, isolation and little education make people easier to exploit. ".repeat(6)
            ),
        )
    });
    assert_names(&message, CONTENT, line_of(&edited, "text = \"Poverty"));
    assert!(message.contains("text does not fit"), "{message}");
    assert!(message.contains("section \"spot-the-signs\", block 3 (text)"), "{message}");
    assert!(message.contains("panel `inside-flap`"), "{message}");
    let mm: f32 = message
        .split(" runs ")
        .nth(1)
        .and_then(|r| r.split(" mm").next())
        .and_then(|n| n.parse().ok())
        .expect("an overflow in mm");
    assert!(mm > 5.0 && mm < 150.0, "{mm} mm");
}

#[test]
fn a_word_too_wide_for_its_panel() {
    let (message, _) = leaflet_error("wide", CONTENT, |t| {
        replace_once(
            t,
            "text = \"Someone may be a victim of modern slavery if they:\"",
            &format!("text = \"{} {}\"", "x".repeat(60), "y".repeat(60)),
        )
    });
    assert!(message.contains("wider than its space and cannot be broken"), "{message}");
    // Two over-wide lines in one paragraph make one error, naming the first.
    assert_eq!(message.matches("cannot be broken").count(), 1, "{message}");
    assert!(message.contains(&"x".repeat(60)), "{message}");
}

#[test]
fn a_character_the_font_cannot_draw() {
    let (message, edited) =
        leaflet_error("glyph", CONTENT, |t| replace_once(t, "\"Spot the signs\"", "\"Spot the signs \u{260E}\""));
    assert_names(&message, CONTENT, line_of(&edited, "Spot the signs \u{260E}"));
    assert!(message.contains("the font cannot draw `\u{260E}` (U+260E)"), "{message}");
}

#[test]
fn a_section_the_layout_does_not_place() {
    let (message, edited) = leaflet_error("unplaced", LAYOUT, |t| {
        replace_once(t, "sections = [\"control\", \"types\"]", "sections = [\"control\"]")
    });
    let _ = edited;
    assert!(message.contains("section `types` is not placed by layout"), "{message}");
    assert!(message.contains(&format!("{CONTENT}:")), "{message}");
}

#[test]
fn a_block_with_two_kinds() {
    let (message, edited) = leaflet_error("two-kinds", CONTENT, |t| {
        replace_once(
            t,
            "text = \"Someone may be a victim of modern slavery if they:\"",
            "text = \"Someone may be a victim:\"\nheading = \"Two\"",
        )
    });
    // The block's [[section.block]] header is the line before its text.
    assert_names(&message, CONTENT, line_of(&edited, "text = \"Someone may be a victim:\"") - 1);
    assert!(message.contains("this block is 2 kinds at once"), "{message}");
}

#[test]
fn the_binary_exits_non_zero_and_writes_no_pdf() {
    let (dir, _) = overlay("cli-bad", CONTENT, |t| replace_once(t, "version = \"1.0\"", "version = 1.0"));
    let out = dir.join("out");
    let output = handout(&["build", "--defs", dir.to_str().unwrap(), "--out", out.to_str().unwrap()], &dir);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("document.version"), "{}", stderr(&output));
    assert!(stderr(&output).contains("leaflet-standard-uk-en-GB.pdf was not built"), "{}", stderr(&output));
    let written: Vec<String> = std::fs::read_dir(&out)
        .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    // The variants that use the broken content are not written (not even in part); the
    // rest still build.
    assert!(
        !written.iter().any(|n| n.starts_with("leaflet-standard") || n.starts_with("leaflet-large-print")),
        "{written:?}"
    );
    assert!(
        written.iter().all(|n| (n.ends_with(".pdf") || n == "manifest.json") && !n.starts_with('.')),
        "no temporary files: {written:?}"
    );
    assert!(written.contains(&"infographic-standard-uk-en-GB.pdf".to_string()), "{written:?}");
}

#[test]
fn unknown_product_variant_or_region_is_a_usage_error() {
    let dir = temp_dir("cli-usage");
    for (args, needle) in [
        (vec!["build", "leaflat"], "unknown product `leaflat`"),
        (vec!["build", "leaflet", "--variant", "standrd"], "unknown variant `standrd`"),
        (vec!["build", "--region", "kentt"], "unknown region `kentt`"),
        (vec!["build", "--lang", "fr-FR"], "unknown language `fr-FR`"),
    ] {
        let output = handout(&args, &dir);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains(needle), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains("hint:"), "{args:?}: {}", stderr(&output));
    }
    assert!(!dir.join("out").exists(), "no output folder for a usage error");
}

#[test]
fn no_panic_on_truncated_or_mangled_definitions() {
    // Cut definition files at many points, mangle bytes, and set every number in a layout
    // to 0, -1 and a huge value: every build must end in a PDF or an error, never a panic.
    let mut cases = 0;
    let jobs = |file: &str| -> Vec<handout::jobs::Job> {
        match file {
            f if f.contains("easy-read") || f.contains("plain-language") => {
                vec![job("leaflet", "plain-language", "uk")]
            }
            f if f.contains("infographic") => vec![job("infographic", "standard", "uk")],
            _ => vec![job("leaflet", "standard", "uk"), job("leaflet", "plain-language", "uk")],
        }
    };
    let mut try_build = |file: &str, text: String, what: String| {
        let dir = temp_dir("mangled");
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        let definitions = handout::load::Definitions::with_overlay(&dir).unwrap();
        for job in jobs(file) {
            let result = std::panic::catch_unwind(|| {
                let Ok(session) = handout::session::Session::new(definitions.clone()) else { return };
                let mut engine = session.text_engine();
                let _ = session.build(&job, &mut engine, Some(DATE), Default::default());
            });
            assert!(result.is_ok(), "panic on {file}: {what}");
            cases += 1;
        }
    };
    for file in [
        CONTENT,
        LAYOUT,
        "regions/uk.toml",
        "layouts/leaflet-easy-read.toml",
        "content/leaflet.plain-language.en-GB.toml",
        "layouts/infographic-a3.toml",
    ] {
        let original = std::fs::read_to_string(root().join(file)).unwrap();
        let cuts: Vec<usize> = (1..original.len()).step_by(401).filter(|i| original.is_char_boundary(*i)).collect();
        for (n, cut) in cuts.into_iter().enumerate() {
            let mut mangled = original[..cut].to_string();
            if n % 2 == 1 {
                mangled.push_str(&original[cut..].replacen('=', "", 1).replacen('"', "'", 1));
            }
            try_build(file, mangled, format!("cut at byte {cut}"));
        }
        if file.starts_with("layouts/") {
            // Every number in turn replaced by an edge value.
            let lines: Vec<&str> = original.lines().collect();
            for (index, line) in lines.iter().enumerate() {
                let Some((key, value)) = line.split_once(" = ") else { continue };
                if value.parse::<f64>().is_err() {
                    continue;
                }
                for edge in ["0", "-1", "1e30"] {
                    let mut edited = lines.clone();
                    let replaced = format!("{key} = {edge}");
                    edited[index] = &replaced;
                    try_build(file, edited.join("\n"), format!("{key} = {edge}"));
                }
            }
        }
    }
    assert!(cases > 100, "only {cases} cases ran");
}

#[test]
fn negative_or_absurd_lengths_are_refused_together() {
    let (message, edited) = leaflet_error("lengths", LAYOUT, |t| {
        let t = replace_once(t, "background = \"tint\"\npadding_mm = 3", "background = \"tint\"\npadding_mm = -30");
        let t = replace_once(t, "item_space_mm = 1.2", "item_space_mm = -20");
        replace_once(t, "height_mm = 210", "height_mm = 1e12")
    });
    assert!(message.contains("styles.callout.padding_mm is -30: it must be from 0 up to 50"), "{message}");
    assert!(message.contains("list.item_space_mm is -20"), "{message}");
    assert!(message.contains("sheet.height_mm is 1000000000000: it must be more than 20 up to 5000"), "{message}");
    assert_names(&message, LAYOUT, line_of(&edited, "[styles.callout]"));
    assert_names(&message, LAYOUT, line_of(&edited, "[sheet]"));
}

#[test]
fn a_zero_size_picture_is_an_error_not_a_panic() {
    let (_dir, definitions) =
        overlay("zero-picture", "layouts/leaflet-easy-read.toml", |t| replace_once(t, "size_mm = 26", "size_mm = 0"));
    let message = build_error(&definitions, &job("leaflet", "plain-language", "uk"));
    assert!(message.contains("pictures.size_mm is 0: it must be more than 0"), "{message}");
}
