//! `handout watch`: it builds, rebuilds the documents a saved file affects (and only
//! those), shows the errors of a broken edit while keeping the last good PDF, and
//! rebuilds again once the edit is fixed. The watcher runs as a child process; each wait
//! is generous (60 s) because the machine is shared, and the child is killed at the end.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::*;
use handout::jobs::{RegionSource, Selection};
use handout::load::Definitions;
use handout::session::Session;
use handout::watch::{Affected, Inputs};

const WAIT: Duration = Duration::from_secs(60);

/// A running `handout watch`, its standard output and error read line by line.
struct Watching {
    child: Child,
    lines: Receiver<String>,
    /// Every line so far, standard error's marked `err: `.
    seen: Vec<String>,
    /// Where the lines of the latest edit start in `seen`: standard output and error are
    /// two pipes, so their lines may arrive in either order.
    mark: usize,
}

impl Watching {
    fn start(args: &[&str], cwd: &Path) -> Watching {
        let mut child = Command::new(env!("CARGO_BIN_EXE_handout"))
            .arg("watch")
            .args(args)
            .current_dir(cwd)
            .env("SOURCE_DATE_EPOCH", "1795608000")
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (sender, lines) = channel();
        let out = child.stdout.take().unwrap();
        let err = child.stderr.take().unwrap();
        let to_stdout = sender.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = to_stdout.send(line);
            }
        });
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = sender.send(format!("err: {line}"));
            }
        });
        Watching { child, lines, seen: Vec::new(), mark: 0 }
    }

    /// Lines from now on belong to the next edit.
    fn mark(&mut self) {
        while let Ok(line) = self.lines.try_recv() {
            self.seen.push(line);
        }
        self.mark = self.seen.len();
    }

    /// Wait for a line containing `text`, printed since the last [`Watching::mark`].
    fn wait_for_line(&mut self, text: &str) -> String {
        if let Some(line) = self.seen[self.mark..].iter().find(|l| l.contains(text)) {
            return line.clone();
        }
        let deadline = Instant::now() + WAIT;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(text) {
                        return line;
                    }
                }
                Err(_) => break,
            }
        }
        panic!("no line with `{text}` within {WAIT:?}; the watcher printed:\n{}", self.seen.join("\n"));
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Wait until the PDF at `path` exists and its text contains `text`.
fn wait_for_pdf_text(path: &Path, text: &str) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Ok(bytes) = std::fs::read(path)
            && let Ok(pdf) = std::panic::catch_unwind(|| Pdf::load(&bytes).text())
            && pdf.contains(text)
        {
            return pdf;
        }
        assert!(Instant::now() < deadline, "{} did not come to hold `{text}` within {WAIT:?}", path.display());
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, replace_once(text, from, to)).unwrap();
}

#[test]
fn watch_rebuilds_what_an_edit_affects_and_survives_a_broken_edit() {
    let tmp = temp_dir("watch-rebuild");
    let dir = tmp.join("force");
    let output = handout(
        &["init", dir.to_str().unwrap(), "--region", "kent", "--copy", "content/leaflet.standard.en-GB.toml"],
        &tmp,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let content = dir.join("content/leaflet.standard.en-GB.toml");
    let standard = dir.join("out/leaflet-standard-kent-en-GB.pdf");
    let easy_read = dir.join("out/leaflet-plain-language-kent-en-GB.pdf");

    let mut watching = Watching::start(&["leaflet", "--variant", "standard", "--variant", "plain-language"], &dir);
    watching.wait_for_line("built 2 of 2 documents");
    assert!(wait_for_pdf_text(&standard, "Spot the signs").contains("Kent"));
    let easy_read_before =
        (std::fs::read(&easy_read).unwrap(), std::fs::metadata(&easy_read).unwrap().modified().unwrap());

    watching.mark();
    // A save: the standard leaflet, which reads the file, is rebuilt; the Easy Read one
    // (set from its own content file) is not touched.
    edit(&content, "heading = \"Spot the signs\"", "heading = \"Signs to look for\"");
    wait_for_pdf_text(&standard, "Signs to look for");
    let rebuilt = watching.wait_for_line("rebuilt");
    assert!(rebuilt.starts_with("rebuilt 1 of 1 document in "), "{rebuilt}");
    assert!(rebuilt.ends_with(" ms"), "{rebuilt}");
    assert!(
        watching.seen.iter().any(|l| l == "changed: content/leaflet.standard.en-GB.toml"),
        "says what changed: {:?}",
        watching.seen
    );
    let easy_read_after =
        (std::fs::read(&easy_read).unwrap(), std::fs::metadata(&easy_read).unwrap().modified().unwrap());
    assert!(easy_read_before == easy_read_after, "the Easy Read leaflet does not read the edited file");

    // A broken save: the error with its file and line, and the last good PDF kept.
    let good = std::fs::read(&standard).unwrap();
    watching.mark();
    edit(&content, "heading = \"Signs to look for\"", "heading = \"Signs to look for");
    let line = line_of(&std::fs::read_to_string(&content).unwrap(), "heading = \"Signs to look for");
    let error = watching.wait_for_line("err: error:");
    assert!(error.contains(&format!("{}:{line}:", content.display())), "{error}");
    watching.wait_for_line("err: leaflet-standard-kent-en-GB.pdf was not rebuilt: its last good PDF is kept");
    let summary = watching.wait_for_line("rebuilt 0 of 1 document");
    assert!(summary.ends_with("1 with errors"), "{summary}");
    assert_eq!(std::fs::read(&standard).unwrap(), good, "the last good PDF is kept as it was");

    // Fixed: rebuilt again.
    watching.mark();
    edit(&content, "heading = \"Signs to look for", "heading = \"Watch for the signs\"");
    wait_for_pdf_text(&standard, "Watch for the signs");
    watching.wait_for_line("rebuilt 1 of 1 document");
}

#[test]
fn a_wrong_command_line_ends_the_watch_at_once() {
    let tmp = temp_dir("watch-usage");
    std::fs::create_dir_all(tmp.join("regions")).unwrap();
    let started = Instant::now();
    let output = handout(&["watch", "leaflt", "--defs", tmp.to_str().unwrap()], &tmp);
    assert!(started.elapsed() < WAIT);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("leaflt"), "{}", stderr(&output));
}

/// The documents a changed file concerns, as `watch` chooses them.
#[test]
fn a_changed_file_concerns_the_documents_that_read_it() {
    let tmp = temp_dir("watch-affected");
    std::fs::create_dir_all(tmp.join("regions")).unwrap();
    let elsewhere = tmp.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let force = elsewhere.join("force.toml");
    std::fs::write(&force, "[force]\nname = \"Kent Police\"\njurisdictions = [\"england-wales\"]\n").unwrap();
    let session = Session::new(Definitions::with_overlay(&tmp).unwrap()).unwrap();
    let jobs = session
        .jobs(&Selection {
            products: vec!["leaflet".into(), "infographic".into()],
            variants: Vec::new(),
            regions: vec![RegionSource::Id("kent".into()), RegionSource::File(force.clone())],
            langs: vec!["en-GB".into()],
        })
        .unwrap();
    let inputs =
        Inputs { overlay: Some(tmp.to_path_buf()), region_files: vec![force.clone()], settings: Vec::new() }.resolved();
    let root = inputs.overlay.clone().unwrap();
    let names = |file: PathBuf| -> Vec<String> {
        match inputs.affected(&session, &jobs, &file) {
            Affected::All => vec!["all".into()],
            Affected::Some(indices) => indices
                .into_iter()
                .map(|i| format!("{} {} {}", jobs[i].product, jobs[i].variant, jobs[i].region.name()))
                .collect(),
        }
    };
    assert_eq!(
        names(root.join("content/leaflet.standard.en-GB.toml")),
        // Large print is set from the standard leaflet's words too.
        ["leaflet standard kent", "leaflet standard force", "leaflet large-print kent", "leaflet large-print force"]
    );
    assert!(names(root.join("content/leaflet.standard.cy.toml")).is_empty(), "a language not built");
    let infographic_layout =
        session.products().products.iter().find(|p| p.id == "infographic").unwrap().variants[0].layout.clone();
    let by_layout = names(root.join(format!("layouts/{infographic_layout}.toml")));
    assert!(!by_layout.is_empty() && by_layout.iter().all(|n| n.starts_with("infographic ")), "{by_layout:?}");
    let kent = names(root.join("regions/kent.toml"));
    assert!(!kent.is_empty() && kent.iter().all(|n| n.ends_with(" kent")), "{kent:?}");
    let outside = names(std::fs::canonicalize(&force).unwrap());
    assert!(!outside.is_empty() && outside.iter().all(|n| n.ends_with(" force")), "{outside:?}");
    // Its logo, beside it.
    assert_eq!(names(std::fs::canonicalize(&elsewhere).unwrap().join("crest.png")), outside);
    for everything in ["products.toml", "regions/uk.toml", "assets/pictograms/phone.svg"] {
        assert_eq!(names(root.join(everything)), ["all"], "{everything}");
    }
    assert!(names(root.join("notes.md")).is_empty());
    assert!(names(root.join("content/.leaflet.standard.en-GB.toml.swp")).is_empty());
}

#[test]
fn a_broken_handout_toml_stops_no_watch_and_a_fix_rebuilds_everything() {
    let tmp = temp_dir("watch-settings");
    let dir = tmp.join("force");
    let output = handout(&["init", dir.to_str().unwrap(), "--region", "kent"], &tmp);
    assert!(output.status.success(), "{}", stderr(&output));
    let settings = dir.join("handout.toml");
    let pdf = dir.join("out/leaflet-standard-kent-en-GB.pdf");

    let mut watching = Watching::start(&["leaflet", "--variant", "standard"], &dir);
    watching.wait_for_line("built 1 of 1 document");
    let good = std::fs::read(&pdf).unwrap();

    // handout.toml says which regions to build: broken, nothing can be built.
    watching.mark();
    edit(&settings, "regions = [\"kent\"]", "regions = [\"kent\"");
    let error = watching.wait_for_line("err: error:");
    assert!(error.contains("handout.toml"), "{error}");
    watching.wait_for_line("err: nothing rebuilt");
    assert_eq!(std::fs::read(&pdf).unwrap(), good, "the last good PDF is kept");

    // Fixed, to another force: its leaflet is built.
    watching.mark();
    edit(&settings, "regions = [\"kent\"", "regions = [\"essex\"]");
    watching.wait_for_line("rebuilt 1 of 1 document");
    assert!(wait_for_pdf_text(&dir.join("out/leaflet-standard-essex-en-GB.pdf"), "Essex").contains("Essex Police"));
}
