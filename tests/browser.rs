//! The HTML twins as browsers and checkers see them (issue 20): the Nu Html Checker (the
//! W3C validator, `vnu-jar` from npm, on Java) finds no error in any page of the default
//! and built-in region sets, and axe-core in headless Chromium finds no violation in any
//! variant's page at 1280 and 320 CSS px (and at 320 px in the dark scheme and without
//! the style sheet), where nothing
//! scrolls sideways and no request leaves the file. Screenshots are saved under
//! `target/tmp/html-screenshots/`.
//!
//! These need Java, Node, Chromium and `npm ci` in `tests/html`; `.ci/run` installs them.
//! A missing tool fails the test (it does not skip), saying so.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use handout::jobs::{RegionSource, Selection};
use handout::load::Definitions;
use handout::session::Session;

const SETUP: &str = "run .ci/run once: it installs chromium and java, and runs `npm ci` in tests/html";

fn tools() -> PathBuf {
    let folder = root().join("tests/html");
    for needed in
        ["node_modules/vnu-jar/build/dist/vnu.jar", "node_modules/axe-core/axe.min.js", "node_modules/puppeteer-core"]
    {
        assert!(folder.join(needed).exists(), "tests/html/{needed} is missing: {SETUP}");
    }
    folder
}

fn run(command: &mut Command, what: &str) -> std::process::Output {
    command.output().unwrap_or_else(|e| panic!("cannot run {what}: {e}; {SETUP}"))
}

/// Every page of the default set (every product and variant for `uk`) and of every
/// built-in force region, written into a fresh folder.
fn pages(name: &str) -> (PathBuf, Vec<PathBuf>) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let session = Session::new(Definitions::embedded()).unwrap();
    let mut jobs = session.jobs(&Selection::default()).unwrap();
    let all = Selection { regions: vec![RegionSource::Id("all".into())], ..Selection::default() };
    jobs.extend(session.jobs(&all).unwrap());
    let mut files = Vec::new();
    for job in &jobs {
        let document = session.resolve(job, Some(DATE)).unwrap_or_else(|e| panic!("{}: {e}", job.file_name()));
        let profile = session.products().product(&job.product).and_then(|p| p.variant(&job.variant)).unwrap().profile;
        let page = handout::html::html(&document, profile).unwrap();
        let file = dir.join(job.file_name().replace(".pdf", ".html"));
        std::fs::write(&file, page).unwrap();
        files.push(file);
    }
    (dir, files)
}

#[test]
fn the_nu_html_checker_finds_no_error_in_any_page() {
    let folder = tools();
    let (dir, files) = pages("html-vnu");
    assert!(files.len() > 250, "the default set and every force: {}", files.len());
    // One run over the folder: Java starts once for every page.
    let output = run(
        Command::new("java")
            .arg("-jar")
            .arg(folder.join("node_modules/vnu-jar/build/dist/vnu.jar"))
            .args(["--errors-only", "--skip-non-html", "--format", "text"])
            .arg(&dir),
        "java (the Nu Html Checker)",
    );
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let problems: Vec<&str> = report.lines().filter(|l| !l.contains("Document checking completed")).collect();
    assert!(output.status.success() && problems.is_empty(), "the Nu Html Checker found errors:\n{report}");
}

#[test]
fn axe_finds_no_violation_and_nothing_scrolls_sideways_at_320_px() {
    let folder = tools();
    let (_dir, files) = pages("html-axe");
    // Each product and variant for `uk`, and the force whose contacts are the fullest (a
    // text number, textphone lines) in each variant of the leaflet.
    let chosen: Vec<&Path> = files
        .iter()
        .filter(|f| {
            let name = f.file_name().unwrap().to_string_lossy();
            name.contains("-uk-") || name.starts_with("leaflet-") && name.contains("-british-transport-police-")
        })
        .map(PathBuf::as_path)
        .collect();
    assert_eq!(chosen.len(), 9);
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("html-screenshots");
    let output =
        run(Command::new("node").arg(folder.join("axe.js")).arg(&shots).args(&chosen), "node (axe-core in Chromium)");
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "axe-core in Chromium:\n{report}");
    // A line per page and view, each with no violation.
    assert_eq!(report.matches(": 0 violations").count(), chosen.len() * 4, "{report}");
    for file in &chosen {
        let name = file.file_stem().unwrap().to_string_lossy();
        for view in ["1280", "320", "320-dark", "320-no-css"] {
            let shot = shots.join(format!("{name}-{view}.png"));
            assert!(std::fs::metadata(&shot).is_ok_and(|m| m.len() > 1000), "{} saved", shot.display());
        }
    }
}
