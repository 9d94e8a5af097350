//! The JSON Schemas `handout schema` prints (and `handout init` writes for editors) accept
//! every built-in definition file and refuse broken ones, checked with an independent JSON
//! Schema validator.

mod common;

use common::*;

/// A TOML document as the JSON a TOML editor plugin validates: dates become text.
fn json_of(value: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => J::from(f),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(items) => J::Array(items.into_iter().map(json_of).collect()),
        toml::Value::Table(table) => J::Object(table.into_iter().map(|(k, v)| (k, json_of(v))).collect()),
    }
}

fn validator(kind: &str) -> jsonschema::Validator {
    let schema = handout::schema::of(kind).unwrap();
    jsonschema::draft7::new(&schema).unwrap_or_else(|e| panic!("the {kind} schema is not a valid schema: {e}"))
}

/// The errors of one file against a schema, as text.
fn errors(validator: &jsonschema::Validator, text: &str) -> Vec<String> {
    let document = json_of(toml::from_str::<toml::Value>(text).unwrap());
    validator.iter_errors(&document).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

fn toml_files(folder: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(root().join(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{folder}");
    files
}

#[test]
fn every_built_in_file_is_valid_against_its_schema() {
    let mut checked = 0;
    for (kind, files) in [
        ("region", toml_files("regions")),
        // content/glossary.<lang>.toml files are glossaries, not content sets.
        (
            "content",
            toml_files("content").into_iter().filter(|p| !p.to_string_lossy().contains("/glossary.")).collect(),
        ),
        ("layout", toml_files("layouts")),
        ("release", vec![root().join("release.toml")]),
        ("products", vec![root().join("products.toml")]),
    ] {
        let validator = validator(kind);
        for file in files {
            let problems = errors(&validator, &std::fs::read_to_string(&file).unwrap());
            assert!(problems.is_empty(), "{} against the {kind} schema: {problems:#?}", file.display());
            checked += 1;
        }
    }
    assert!(checked > 60, "{checked} files");
}

#[test]
fn broken_files_fail_validation_at_the_broken_key() {
    let region = std::fs::read_to_string(root().join("regions/kent.toml")).unwrap();
    let regions = validator("region");
    // An unknown key, as a typo makes it.
    let typo = region.replacen("[force]\n", "[force]\nnmae = \"Kent\"\n", 1);
    assert_ne!(typo, region);
    let problems = errors(&regions, &typo);
    assert!(problems.iter().any(|p| p.contains("nmae") && p.contains("/force")), "{problems:?}");
    // A colour that is not "#RRGGBB".
    let colour = format!("{region}\n[brand]\nprimary = {{ rgb = \"navy\" }}\non_primary = {{ rgb = \"#FFFFFF\" }}\n");
    let problems = errors(&regions, &colour);
    assert!(problems.iter().any(|p| p.contains("navy") && p.contains("/brand")), "{problems:?}");
    let good = colour.replace("\"navy\"", "\"#14284B\"");
    assert!(errors(&regions, &good).is_empty(), "{:?}", errors(&regions, &good));

    let layout = std::fs::read_to_string(root().join("layouts/leaflet-dl.toml")).unwrap();
    let wrong_type = layout.replacen("size_pt = ", "size_pt = \"big\" # ", 1);
    let problems = errors(&validator("layout"), &wrong_type);
    assert!(problems.iter().any(|p| p.contains("\"big\"") && p.contains("size_pt")), "{problems:?}");

    let release = "products = [\"leaflet\"]\nprint = \"yes\"\n";
    let problems = errors(&validator("release"), release);
    assert!(problems.iter().any(|p| p.contains("/print")), "{problems:?}");
}

#[test]
fn the_region_template_and_handout_toml_are_valid_and_the_command_prints_the_same_schema() {
    let tmp = temp_dir("schema-template");
    let output = handout(&["init", "force", "--region", "new-force"], &tmp);
    assert!(output.status.success(), "{}", stderr(&output));
    let template = std::fs::read_to_string(tmp.join("force/regions/new-force.toml")).unwrap();
    assert!(errors(&validator("region"), &template).is_empty(), "{:?}", errors(&validator("region"), &template));
    let settings = std::fs::read_to_string(tmp.join("force/handout.toml")).unwrap();
    assert!(errors(&validator("handout"), &settings).is_empty());

    for kind in handout::schema::kinds() {
        let output = handout(&["schema", kind], &tmp);
        assert!(output.status.success(), "{}", stderr(&output));
        let printed: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        assert_eq!(printed, handout::schema::of(kind).unwrap(), "{kind}");
        let written = std::fs::read_to_string(tmp.join(format!("force/schema/{kind}.json"))).unwrap();
        assert_eq!(serde_json::from_str::<serde_json::Value>(&written).unwrap(), printed, "{kind}");
    }
    let output = handout(&["schema", "regoin"], &tmp);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("region"), "{}", stderr(&output));
}
