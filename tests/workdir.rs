//! Working folders (`handout init`, `handout.toml`): inside one, `build` and `check` use its
//! files without `--defs` and say so first; outside one nothing changes; a checkout of
//! handout's own source whose definition files were edited gets a note.

mod common;

use common::*;

fn init(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["init", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    handout(&all, dir.parent().unwrap())
}

#[test]
fn init_writes_settings_schemas_a_region_template_and_copies() {
    let tmp = temp_dir("init-files");
    let dir = tmp.join("kent-leaflets");
    let output = init(&dir, &["--region", "kent", "--copy", "content/leaflet.standard.en-GB.toml"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let settings = std::fs::read_to_string(dir.join("handout.toml")).unwrap();
    assert!(settings.starts_with("#:schema ./schema/handout.json\n"), "{settings}");
    assert!(settings.contains("regions = [\"kent\"]"), "{settings}");
    assert!(settings.contains("#   content/leaflet.standard.en-GB.toml"), "says what it overrides: {settings}");
    let region = std::fs::read_to_string(dir.join("regions/kent.toml")).unwrap();
    assert!(region.starts_with("#:schema ../schema/region.json\n"), "{region}");
    assert!(region.contains("Kent Police"), "pre-filled from the built-in region");
    let copy = std::fs::read(dir.join("content/leaflet.standard.en-GB.toml")).unwrap();
    assert_eq!(copy, std::fs::read(root().join("content/leaflet.standard.en-GB.toml")).unwrap());
    for kind in ["region", "content", "layout", "release", "products", "handout"] {
        let text = std::fs::read_to_string(dir.join(format!("schema/{kind}.json"))).unwrap();
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#", "{kind}");
    }
    assert!(std::fs::read_to_string(dir.join(".gitignore")).unwrap().contains("/out/"));
    assert!(stdout(&output).contains(&format!("wrote {}", dir.join("handout.toml").display())), "{}", stdout(&output));
}

#[test]
fn inside_a_working_folder_build_uses_its_files_and_region_and_says_so_first() {
    let tmp = temp_dir("init-build");
    let dir = tmp.join("force");
    let output = init(&dir, &["--region", "kent", "--copy", "content/leaflet.standard.en-GB.toml"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let content = dir.join("content/leaflet.standard.en-GB.toml");
    let text = std::fs::read_to_string(&content).unwrap();
    std::fs::write(&content, replace_once(text, "heading = \"Spot the signs\"", "heading = \"Signs to look for\""))
        .unwrap();
    // From a folder below the working folder, as cargo finds Cargo.toml.
    let below = dir.join("notes");
    std::fs::create_dir_all(&below).unwrap();
    let output = handout(&["build", "leaflet", "--variant", "standard"], &below);
    assert!(output.status.success(), "{}", stderr(&output));
    let first = stderr(&output).lines().next().unwrap_or_default().to_string();
    assert_eq!(first, format!("using definitions from {} (handout.toml)", dir.display()));
    // The folder's region, into the folder's out/.
    let pdf = dir.join("out/leaflet-standard-kent-en-GB.pdf");
    let text = Pdf::load(&std::fs::read(&pdf).unwrap()).text();
    assert!(text.contains("Signs to look for"), "the folder's content file is used");
    assert!(!text.contains("Spot the signs"));
    assert!(text.contains("Kent Police"), "the folder's region is built by default");

    let output = handout(&["check", "leaflet", "--variant", "standard", "--format", "json"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).starts_with("using definitions from "), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("standard output stays JSON");
    assert!(report.to_string().contains("kent"), "{report}");
}

#[test]
fn outside_a_working_folder_nothing_changes_and_defs_wins_inside_one() {
    let tmp = temp_dir("init-outside");
    let output = handout(&["build", "leaflet", "--variant", "standard"], &tmp);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("using definitions"), "{}", stderr(&output));
    assert!(tmp.join("out/leaflet-standard-uk-en-GB.pdf").is_file());

    let dir = tmp.join("force");
    assert!(init(&dir, &["--region", "kent"]).status.success());
    let other = tmp.join("other");
    write_overlay(&other, "content/leaflet.standard.en-GB.toml", |t| {
        replace_once(t, "heading = \"Spot the signs\"", "heading = \"Look for the signs\"")
    });
    let output = handout(&["build", "leaflet", "--variant", "standard", "--defs", other.to_str().unwrap()], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("using definitions from"), "--defs is said on the command line already");
    let text = Pdf::load(&std::fs::read(dir.join("out/leaflet-standard-uk-en-GB.pdf")).unwrap()).text();
    assert!(text.contains("Look for the signs"));
}

#[test]
fn init_refuses_an_unknown_copy_and_existing_files_writing_nothing() {
    let tmp = temp_dir("init-refuse");
    let dir = tmp.join("force");
    let output = init(&dir, &["--copy", "content/leaflet.standrd.en-GB.toml"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("`content/leaflet.standrd.en-GB.toml` is not a built-in file"), "{err}");
    assert!(err.contains("did you mean `content/leaflet.standard.en-GB.toml`?"), "{err}");
    assert!(!dir.join("handout.toml").exists(), "nothing is written when anything is wrong");

    assert!(init(&dir, &[]).status.success());
    let output = init(&dir, &["--region", "kent"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("handout.toml already exists"), "{}", stderr(&output));
    assert!(!dir.join("regions/kent.toml").exists());
    let output = init(&dir, &["--region", "kent", "--force"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(std::fs::read_to_string(dir.join("handout.toml")).unwrap().contains("regions = [\"kent\"]"));
}

#[test]
fn a_broken_handout_toml_is_an_error_naming_its_line_and_key_never_skipped() {
    let tmp = temp_dir("init-broken");
    std::fs::write(tmp.join("handout.toml"), "regions = [\"kent\"]\nregoins = [\"essex\"]\n").unwrap();
    let output = handout(&["build", "leaflet"], &tmp);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("handout.toml:2:"), "{err}");
    assert!(err.contains("regoins"), "{err}");
    assert!(!tmp.join("out").exists());
}

#[test]
fn an_edited_checkout_of_handout_gets_a_note_that_the_built_in_files_are_used() {
    let tmp = temp_dir("init-checkout");
    std::fs::write(tmp.join("Cargo.toml"), "[package]\nname = \"handout\"\n").unwrap();
    std::fs::create_dir_all(tmp.join("content")).unwrap();
    std::fs::copy(root().join("content/leaflet.standard.en-GB.toml"), tmp.join("content/leaflet.standard.en-GB.toml"))
        .unwrap();
    // Unedited: no note.
    let output = handout(&["build", "leaflet", "--variant", "standard"], &tmp);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("note:"), "{}", stderr(&output));

    write_overlay(&tmp, "content/leaflet.standard.en-GB.toml", |t| {
        replace_once(t, "heading = \"Spot the signs\"", "heading = \"Signs to look for\"")
    });
    let output = handout(&["build", "leaflet", "--variant", "standard"], &tmp);
    assert!(output.status.success(), "{}", stderr(&output));
    let first = stderr(&output).lines().next().unwrap_or_default().to_string();
    assert!(
        first.starts_with(
            "note: using the built-in definitions, not the edited content/leaflet.standard.en-GB.toml in this checkout"
        ),
        "{first}"
    );
    assert!(first.contains(&format!("pass `--defs {}`", tmp.display())), "{first}");
    let text = Pdf::load(&std::fs::read(tmp.join("out/leaflet-standard-uk-en-GB.pdf")).unwrap()).text();
    assert!(text.contains("Spot the signs"), "the note tells the truth: the built-in file was used");
}
