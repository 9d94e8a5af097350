//! The release workflow (`.github/workflows/release.yml`) cannot run here, so this test
//! runs its `build` job's `run:` steps, the same commands in the same order, as GitHub's
//! runner would: each with `bash -eo pipefail`, in a temporary folder that holds what the
//! job's `uses:` steps would put there (release.toml from the checkout, the binary at
//! bin/handout), with lines a step appends to `$GITHUB_PATH` put on the next steps' PATH.
//! A flag the command line no longer has, or a file the job no longer makes, fails it.
//! `.github/workflows/ci.yml` is parsed and checked for the three systems.

mod common;

use std::process::Command;

use common::*;
use handout::load::Definitions;
use yaml_rust2::{Yaml, YamlLoader};

fn workflow(name: &str) -> Yaml {
    let text = std::fs::read_to_string(root().join(".github/workflows").join(name)).unwrap();
    YamlLoader::load_from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}")).remove(0)
}

fn steps<'a>(workflow: &'a Yaml, job: &str) -> &'a Vec<Yaml> {
    workflow["jobs"][job]["steps"].as_vec().unwrap_or_else(|| panic!("job `{job}` has no steps"))
}

#[test]
#[cfg(unix)]
fn the_release_workflows_build_job_runs_here() {
    let release = workflow("release.yml");
    assert!(release["on"]["push"]["tags"].as_vec().is_some(), "runs on a tag");
    let steps = steps(&release, "build");

    let tmp = temp_dir("release-workflow");
    // What the `uses:` steps do on GitHub: check out the repository, download the binary.
    std::fs::copy(root().join("release.toml"), tmp.join("release.toml")).unwrap();
    std::fs::create_dir_all(tmp.join("bin")).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_handout"), tmp.join("bin/handout")).unwrap();
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(uses.iter().any(|u| u.starts_with("actions/checkout@")), "{uses:?}");
    assert!(uses.iter().any(|u| u.starts_with("actions/download-artifact@")), "{uses:?}");

    let github_path = tmp.join("github-path");
    std::fs::write(&github_path, "").unwrap();
    // The runner's PATH without any folder holding a `handout`, so the steps must find
    // the one the workflow put on the PATH.
    let system_path: Vec<std::path::PathBuf> = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .filter(|folder| !folder.join("handout").exists())
        .collect();
    let mut ran = 0;
    for step in steps {
        let Some(script) = step["run"].as_str() else { continue };
        let name = step["name"].as_str().unwrap_or(script);
        assert!(!script.contains("${{"), "step `{name}`: an expression cannot run outside GitHub");
        let added: Vec<std::path::PathBuf> =
            std::fs::read_to_string(&github_path).unwrap().lines().rev().map(Into::into).collect();
        let path = std::env::join_paths(added.iter().chain(&system_path)).unwrap();
        let output = Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(&tmp)
            .env("PATH", path)
            .env("GITHUB_PATH", &github_path)
            .env("GITHUB_WORKSPACE", tmp.as_os_str())
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "step `{name}` failed:\n{script}\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        ran += 1;
    }
    assert!(ran >= 3, "the build job runs the tool");

    // What the job uploads exists, and is the release: every force's PDFs, print copies,
    // and the manifest listing them.
    let upload = steps.iter().find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("actions/upload-artifact@")));
    let paths = upload.and_then(|s| s["with"]["path"].as_str()).expect("the job uploads what it made");
    for file in paths.lines().map(str::trim).filter(|l| !l.is_empty()) {
        assert!(tmp.join(file).is_file(), "{file} was not made");
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(tmp.join("dist/manifest.json")).unwrap()).unwrap();
    let outputs = manifest["outputs"].as_array().unwrap();
    // Every built-in region but the force-neutral `uk`.
    let forces = Definitions::embedded().region_ids().len() - 1;
    assert!(forces >= 46, "{forces}");
    // Two products x three variants x every force, each a web and a print copy.
    assert_eq!(outputs.len(), 2 * 3 * forces * 2, "{}", manifest["outputs"]);
    assert!(outputs.iter().any(|o| o["file"] == "leaflet-standard-kent-en-GB-print.pdf"));
    assert!(manifest["failures"].as_array().unwrap().is_empty(), "{}", manifest["failures"]);
    let packed = Command::new("tar").arg("-tzf").arg(tmp.join("dist/handout-pdfs.tar.gz")).output().unwrap();
    let listed = String::from_utf8_lossy(&packed.stdout);
    assert!(
        listed.contains("pdfs/manifest.json") && listed.contains("pdfs/leaflet-standard-kent-en-GB.pdf"),
        "{listed}"
    );

    // The publish job attaches the binaries and the PDFs.
    let publish = steps_text(&release, "publish");
    assert!(publish.contains("handout-pdfs.tar.gz") && publish.contains("manifest.json"), "{publish}");
    let binaries = release["jobs"]["binaries"]["strategy"]["matrix"]["include"].as_vec().unwrap();
    let systems: Vec<&str> = binaries.iter().filter_map(|b| b["os"].as_str()).collect();
    assert_eq!(systems, ["ubuntu-latest", "macos-latest", "windows-latest"]);
}

/// Every `run:` script and `with:` value of a job, as one text.
fn steps_text(workflow: &Yaml, job: &str) -> String {
    let mut text = String::new();
    for step in steps(workflow, job) {
        text.push_str(step["run"].as_str().unwrap_or_default());
        if let Some(with) = step["with"].as_hash() {
            for value in with.values() {
                text.push_str(value.as_str().unwrap_or_default());
            }
        }
        text.push('\n');
    }
    text
}

#[test]
fn ci_builds_and_tests_on_linux_macos_and_windows() {
    let ci = workflow("ci.yml");
    let include = ci["jobs"]["test"]["strategy"]["matrix"]["include"].as_vec().unwrap();
    let systems: Vec<&str> = include.iter().filter_map(|b| b["os"].as_str()).collect();
    assert_eq!(systems, ["ubuntu-latest", "macos-latest", "windows-latest"]);
    let text = steps_text(&ci, "test");
    for command in [
        "cargo fmt --check",
        "cargo clippy --locked --all-targets -- -D warnings",
        "cargo build --locked",
        "cargo test --locked",
    ] {
        assert!(text.contains(command), "ci.yml runs `{command}`");
    }
    // The same checks as .ci/run, which the README points to.
    let local = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    for command in ["cargo fmt --check", "cargo test", "npm ci --no-audit --no-fund"] {
        assert!(local.contains(command) && text.contains(command), "{command}");
    }
}
