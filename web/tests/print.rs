//! The page's print copies (issue 18), built natively through the same request function the
//! WebAssembly exports call: a force's region file with a logo, asked for with
//! `"print": true`, gives byte for byte the file `handout build --print --region-file`
//! writes from the same file (no SOURCE_DATE_EPOCH in either: both carry the content's
//! edition date), and that file passes the preflight.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// A reply's JSON and the bytes of the part `pointer` (`[offset, length]`) names.
fn reply(bytes: &[u8]) -> (Value, &[u8]) {
    let length = u32::from_le_bytes(bytes[..4].try_into().unwrap()) as usize;
    let json: Value = serde_json::from_slice(&bytes[4..4 + length]).unwrap();
    (json, &bytes[4 + length..])
}

fn part<'a>(parts: &'a [u8], pointer: &Value) -> &'a [u8] {
    let at = pointer[0].as_u64().unwrap() as usize;
    &parts[at..at + pointer[1].as_u64().unwrap() as usize]
}

/// The command line's binary, built by cargo (a test of this crate cannot name another
/// package's binary); it is the same workspace, so this is usually already built.
fn handout_binary() -> PathBuf {
    let built = Command::new(env!("CARGO"))
        .current_dir(root())
        .args(["build", "--quiet", "-p", "handout", "--bin", "handout"])
        .status()
        .expect("cargo runs");
    assert!(built.success(), "the handout binary builds");
    Path::new(env!("CARGO_TARGET_TMPDIR")).parent().unwrap().join("debug/handout")
}

fn build(region_name: &str, region_text: &str, logo: (&str, Vec<u8>), print: Option<bool>) -> Vec<u8> {
    let mut request = json!({
        "op": "build",
        "region_name": region_name,
        "region_text": region_text,
        "logo_name": logo.0,
        "product": "leaflet",
        "variant": "standard",
        "lang": "en-GB",
    });
    if let Some(print) = print {
        request["print"] = json!(print);
    }
    handout_web::answer(&serde_json::to_vec(&request).unwrap(), Some(logo.1))
}

/// The CLI's print copy of `region_name` (beside its logo in a fresh folder), by name.
fn cli_print_copy(region_name: &str, text: &str, logo: (&str, &[u8]), file_name: &str) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("web-print").join(region_name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(region_name), text).unwrap();
    std::fs::write(dir.join(logo.0), logo.1).unwrap();
    let cli = Command::new(handout_binary())
        .current_dir(&dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .args(["build", "leaflet", "--variant", "standard", "--lang", "en-GB", "--print"])
        .args(["--region-file", region_name, "--out", "out"])
        .output()
        .unwrap();
    assert!(cli.status.success(), "{}", String::from_utf8_lossy(&cli.stderr));
    std::fs::read(dir.join("out").join(file_name)).unwrap()
}

#[test]
fn the_page_s_print_copy_is_the_command_line_s_byte_for_byte_and_passes_the_preflight() {
    // A logo on its plate with brand colours given in CMYK (checked through the press
    // profile), and a transparent logo, whose edges are flattened in CMYK.
    for (region_name, logo_name) in
        [("logo-in-brand-colour.toml", "green.png"), ("transparent-logo.toml", "transparent.png")]
    {
        let forces = root().join("tests/forces");
        let text = std::fs::read_to_string(forces.join(region_name)).unwrap();
        let logo = std::fs::read(forces.join(logo_name)).unwrap();

        let bytes = build(region_name, &text, (logo_name, logo.clone()), Some(true));
        let (json, parts) = reply(&bytes);
        assert_eq!(json["ok"], true, "{region_name}: {json}");
        let file_name = json["file_name"].as_str().unwrap();
        let stem = region_name.trim_end_matches(".toml");
        assert_eq!(file_name, format!("leaflet-standard-{stem}-en-GB-print.pdf"));
        let pdf = part(parts, &json["pdf"]);
        let contains = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
        assert!(contains(b"/GTS_PDFX"), "{region_name}: a PDF/X output intent");
        assert!(contains(b"/DeviceCMYK"), "{region_name}: the logo separated into CMYK");

        let from_cli = cli_print_copy(region_name, &text, (logo_name, &logo), file_name);
        assert!(
            pdf == from_cli.as_slice(),
            "{region_name}: the page's print copy ({} bytes) differs from the CLI's ({} bytes)",
            pdf.len(),
            from_cli.len()
        );

        let report = handout::preflight::inspect(pdf, &handout::preflight::Limits::default());
        assert!(report.passed(), "{region_name}: {:#?}", report.failures());
    }
}

#[test]
fn without_print_the_page_still_makes_the_web_copy() {
    let forces = root().join("tests/forces");
    let text = std::fs::read_to_string(forces.join("logo-in-brand-colour.toml")).unwrap();
    let logo = std::fs::read(forces.join("green.png")).unwrap();
    for print in [None, Some(false)] {
        let bytes = build("logo-in-brand-colour.toml", &text, ("green.png", logo.clone()), print);
        let (json, parts) = reply(&bytes);
        assert_eq!(json["file_name"], "leaflet-standard-logo-in-brand-colour-en-GB.pdf", "{json}");
        let pdf = part(parts, &json["pdf"]);
        assert!(!pdf.windows(9).any(|w| w == b"/GTS_PDFX"), "no PDF/X output intent in a web copy");
    }
}
