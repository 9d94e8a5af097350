//! The command line as users and CI scripts call it: names of commands, flags and output
//! files are an interface.

mod common;

use common::*;

#[test]
fn build_with_no_arguments_writes_the_default_pdfs_from_embedded_definitions() {
    let dir = temp_dir("cli-default");
    let output = handout(&["build"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    let pdf = dir.join("out/leaflet-standard-uk-en-GB.pdf");
    assert!(pdf.is_file(), "{}", stdout(&output));
    assert!(stdout(&output).contains("wrote out/leaflet-standard-uk-en-GB.pdf"), "{}", stdout(&output));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.7"));
    // No temporary files are left beside the output.
    let names: Vec<String> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| (n.ends_with(".pdf") || n == "manifest.json") && !n.starts_with('.')), "{names:?}");
    assert_eq!(names.len(), 7, "six PDFs and the manifest: {names:?}");
}

#[test]
fn build_one_product_variant_and_region_into_a_folder() {
    let dir = temp_dir("cli-one");
    let out = dir.join("elsewhere");
    let output =
        handout(&["build", "leaflet", "--variant", "standard", "--region", "uk", "--out", out.to_str().unwrap()], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(out.join("leaflet-standard-uk-en-GB.pdf").is_file());
}

#[test]
fn source_date_epoch_sets_the_document_date() {
    let dir = temp_dir("cli-date");
    let output = handout(&["build", "leaflet", "--quiet"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).is_empty(), "--quiet prints nothing: {}", stdout(&output));
    let pdf = Pdf::load(&std::fs::read(dir.join("out/leaflet-standard-uk-en-GB.pdf")).unwrap());
    // SOURCE_DATE_EPOCH=1795608000 is 2026-11-25T12:00:00Z.
    let date = pdf.info_string("CreationDate").unwrap();
    assert!(date.starts_with("D:20261125120000"), "{date}");
}

#[test]
fn defs_folder_overrides_one_file_and_keeps_the_rest() {
    let (dir, _) = overlay("cli-defs", "content/leaflet.standard.en-GB.toml", |t| {
        replace_once(t, "heading = \"Spot the signs\"", "heading = \"Signs to look for\"")
    });
    let output = handout(&["build", "--defs", dir.to_str().unwrap(), "--out", dir.join("out").to_str().unwrap()], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    let pdf = Pdf::load(&std::fs::read(dir.join("out/leaflet-standard-uk-en-GB.pdf")).unwrap());
    let text = pdf.text();
    assert!(text.contains("Signs to look for"));
    assert!(!text.contains("Spot the signs"));
    assert!(text.contains("08000 121 700"), "the region still comes from the built-in definitions");
}

#[test]
fn list_shows_products_variants_languages_and_regions() {
    let dir = temp_dir("cli-list");
    let output = handout(&["list"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for expected in ["leaflet", "--variant standard", "en-GB", "uk"] {
        assert!(text.contains(expected), "`{expected}` missing from:\n{text}");
    }
    let output = handout(&["list", "--regions"], &dir);
    assert!(stdout(&output).contains("uk"), "{}", stdout(&output));
    assert!(!stdout(&output).contains("products:"));
}

#[test]
fn files_in_a_subfolder_of_regions_are_not_regions() {
    // A --defs folder is read all the way down (icons live in assets/icons/), but an old
    // copy kept in regions/old/ must not become a region called `old/kent`.
    let dir = temp_dir("cli-old-regions");
    std::fs::create_dir_all(dir.join("defs/regions/old")).unwrap();
    std::fs::copy(root().join("regions/kent.toml"), dir.join("defs/regions/old/kent.toml")).unwrap();
    let output = handout(&["list", "--regions", "--defs", "defs"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("kent") && !text.contains("old"), "{text}");
}

#[test]
fn explain_says_where_region_values_came_from() {
    let dir = temp_dir("cli-explain");
    let output = handout(&["build", "leaflet", "--explain"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("contact.non_emergency = 101  (from regions/uk.toml)"), "{text}");
}

#[test]
fn usage_errors_exit_2() {
    let dir = temp_dir("cli-usage-flag");
    let output = handout(&["build", "--no-such-flag"], &dir);
    assert_eq!(output.status.code(), Some(2));
    let output = handout(&["build", "--defs", "/no/such/folder"], &dir);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("does not exist"), "{}", stderr(&output));
}

#[test]
fn a_misspelt_folder_in_defs_is_named_not_silently_ignored() {
    let dir = temp_dir("cli-defs-misspelt");
    std::fs::create_dir_all(dir.join("layout")).unwrap();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("product.toml"), "").unwrap();
    let output = handout(&["build", "--defs", dir.to_str().unwrap(), "--out", "out"], &dir);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("`layout/` in") && message.contains("did you mean `layouts/`?"), "{message}");
    assert!(message.contains("did you mean `products.toml`?"), "{message}");
    assert!(!message.contains("src"), "unrelated folders are left alone: {message}");
    assert!(!dir.join("out").exists());
}

#[test]
fn an_override_that_cannot_be_read_is_an_error_not_a_fallback() {
    let dir = temp_dir("unreadable-override");
    std::fs::create_dir_all(dir.join("defs/content")).unwrap();
    std::fs::create_dir_all(dir.join("defs/layouts/leaflet-dl.toml")).unwrap();
    std::os::unix::fs::symlink(dir.join("missing.toml"), dir.join("defs/content/leaflet.standard.en-GB.toml")).unwrap();
    let output = handout(&["build", "leaflet", "--defs", "defs", "--quiet"], &dir);
    let errors = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{errors}");
    assert!(
        errors
            .contains("defs/content/leaflet.standard.en-GB.toml` cannot be read: it is a link that cannot be followed"),
        "{errors}"
    );
    assert!(errors.contains("defs/layouts/leaflet-dl.toml` cannot be read: it is a folder, not a file"), "{errors}");
    assert!(!dir.join("out").exists(), "nothing is built");
}

#[test]
fn a_defs_folder_one_level_too_deep_or_empty_is_an_error_with_a_hint() {
    let dir = temp_dir("defs-too-deep");
    std::fs::create_dir_all(dir.join("mine/content")).unwrap();
    let output = handout(&["build", "leaflet", "--defs", "mine/content", "--quiet"], &dir);
    let errors = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{errors}");
    assert!(errors.contains("holds none of layouts/, content/, regions/, assets/"), "{errors}");
    assert!(errors.contains("--defs mine"), "{errors}");
    let output = handout(&["build", "leaflet", "--defs", "mine/content/", "--quiet"], &dir);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn build_region_accepts_a_file_path_like_check() {
    let dir = temp_dir("build-region-path");
    let file = root().join("tests/forces/blue.toml");
    let output =
        handout(&["build", "leaflet", "--variant", "standard", "--region", file.to_str().unwrap(), "--quiet"], &dir);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(dir.join("out/leaflet-standard-blue-en-GB.pdf").is_file());
}

#[test]
fn did_you_mean_for_regions_and_languages_ignores_letter_case() {
    let dir = temp_dir("cli-did-you-mean");
    for (args, meant) in [
        (&["build", "--region", "kentt"][..], "did you mean `kent`?"),
        (&["build", "--region", "Kent"][..], "did you mean `kent`?"),
        (&["build", "--lang", "en-gb"][..], "did you mean `en-GB`?"),
    ] {
        let output = handout(args, &dir);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        let message = stderr(&output);
        assert!(message.contains(meant), "{args:?}: {message}");
        assert!(message.matches("en-GB").count() <= 2, "the language is named once, not once per variant: {message}");
        assert_no_rust_words(&message);
    }
}

#[test]
fn an_error_in_a_file_shows_the_line_underlined_without_colour_when_piped() {
    let (dir, _) = overlay("cli-excerpt", "layouts/leaflet-dl.toml", |t| {
        replace_once(t, "[styles.body]\nsize_pt = 14", "[styles.body]\nsize_pt = \"14\"")
    });
    let output = handout(
        &["build", "leaflet", "--defs", dir.to_str().unwrap(), "--out", dir.join("out").to_str().unwrap()],
        &dir,
    );
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("expected a number"), "{message}");
    assert!(message.contains("| size_pt = \"14\"\n"), "the line itself: {message}");
    assert!(message.contains("|           ^^^^\n"), "the value underlined: {message}");
    assert!(message.contains("= hint: write a number"), "{message}");
    assert!(!message.contains('\u{1b}'), "no colour codes in a pipe: {message:?}");
    assert_no_rust_words(&message);
}

#[test]
fn completions_man_page_version_and_help_for_every_flag() {
    let dir = temp_dir("cli-completions");
    for shell in ["bash", "zsh", "fish"] {
        let output = handout(&["completions", shell], &dir);
        assert!(output.status.success(), "{shell}: {}", stderr(&output));
        let script = stdout(&output);
        assert!(script.contains("handout") && script.contains("--region") && script.contains("preflight"), "{shell}");
    }
    let man = stdout(&handout(&["man"], &dir));
    assert!(man.starts_with(".ie") || man.contains(".TH handout"), "{}", &man[..man.len().min(200)]);
    assert!(man.contains("build"), "the manual lists the subcommands");
    let version = stdout(&handout(&["--version"], &dir));
    assert!(version.contains("commit: ") && version.contains("features: "), "{version}");
    for command in ["build", "check", "list", "preflight", "completions", "man"] {
        let help = stdout(&handout(&[command, "--help"], &dir));
        assert!(help.contains("Example:"), "`{command} --help` has an example:\n{help}");
        // Every flag has a line of help after its name.
        for line in help.lines().filter(|l| l.trim_start().starts_with("--")) {
            let words = line.split_whitespace().count();
            assert!(words > 2, "`{command} --help`: a flag without help: `{line}`");
        }
    }
    let build_help = stdout(&handout(&["build", "--help"], &dir));
    assert_eq!(build_help.contains("--preview"), cfg!(feature = "preview"), "--preview only where it works");
}
