//! Records the commit the binary was built from for `handout --version`. Without git (a
//! source archive, `cargo install` from a package) the version says so instead of failing.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(output.stdout).ok()?.trim().to_string();
    (output.status.success() && !text.is_empty()).then_some(text)
}

fn main() {
    let commit = git(&["rev-parse", "--short=12", "HEAD"]).map_or_else(
        || "unknown (built without git)".to_string(),
        |hash| match git(&["status", "--porcelain", "--untracked-files=no"]) {
            Some(_) => format!("{hash} with local changes"),
            None => hash,
        },
    );
    println!("cargo:rustc-env=HANDOUT_COMMIT={commit}");
    let features = if std::env::var_os("CARGO_FEATURE_PREVIEW").is_some() {
        "preview (PNG proofs with --preview)"
    } else {
        "none (--preview needs a build with `--features preview`)"
    };
    println!("cargo:rustc-env=HANDOUT_FEATURES={features}");
    // Build again when the checked-out commit moves (a worktree's HEAD is not in ./.git).
    for path in ["HEAD", "index"] {
        if let Some(file) = git(&["rev-parse", "--git-path", path]) {
            println!("cargo:rerun-if-changed={file}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
