//! `handout watch`: which files to watch for a build's flags, which documents a changed
//! file affects, and the file watcher itself (notify, the watcher cargo-watch and
//! rust-analyzer use). An editor's save, often several writes and a rename, is gathered
//! into one change here rather than by notify's debouncer crates: notify-debouncer-mini
//! drops each event's kind, and a rebuild's own reading of the files it watches (inotify
//! reports opens) then started the next rebuild, without end. The command's loop, which
//! rebuilds and prints, is in `main.rs`, beside `build`.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher as _};

use crate::error::Diagnostic;
use crate::jobs::{Job, RegionSource};
use crate::session::Session;
use crate::workdir;

/// How long the watched files must stay unchanged before a rebuild starts. An editor's
/// save is a burst of writes and renames within a few milliseconds; 40 ms more gathers
/// them into one change and keeps a save-to-rebuilt time under 100 ms (see `cargo bench`).
pub const SETTLE: Duration = Duration::from_millis(40);

/// The folders of a definitions folder, watched with everything in them.
const FOLDERS: [&str; 4] = ["layouts", "content", "regions", "assets"];

/// What a build reads from disk, and so what `watch` watches.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    /// A `--defs` folder or working folder whose files override the built-in ones.
    pub overlay: Option<PathBuf>,
    /// Region files from anywhere (`--region PATH`, `--region-file`); their logos sit in
    /// the same folder.
    pub region_files: Vec<PathBuf>,
    /// Files that say what is built rather than how: `handout.toml`, a release file.
    pub settings: Vec<PathBuf>,
}

/// Which documents a change concerns.
#[derive(Debug, PartialEq, Eq)]
pub enum Affected {
    /// A file every document reads, or one that changes what is built.
    All,
    /// These documents, by their place in the job list (none: the file is not read).
    Some(Vec<usize>),
}

impl Inputs {
    /// The same inputs with every path absolute and links resolved, as the watcher
    /// reports them. A file that is missing keeps its folder's resolved path.
    pub fn resolved(&self) -> Inputs {
        Inputs {
            overlay: self.overlay.as_deref().map(resolve),
            region_files: self.region_files.iter().map(|p| resolve(p)).collect(),
            settings: self.settings.iter().map(|p| resolve(p)).collect(),
        }
    }

    /// The documents of `jobs` (made by `session`) that read `changed`. Inside the
    /// definitions folder: `products.toml` and the default region (`regions/uk.toml`)
    /// concern every document, a layout the variants set with it, a content file its
    /// set's documents in its language, a region file that region's documents, and a
    /// picture in `assets/` every document (a pictogram or a logo may be anywhere). A
    /// region file from elsewhere concerns its documents, and so does any other file in
    /// its folder (its logo). Paths must be resolved (see [`Inputs::resolved`]).
    pub fn affected(&self, session: &Session, jobs: &[Job], changed: &Path) -> Affected {
        let which = |keep: &dyn Fn(&Job) -> bool| {
            Affected::Some(jobs.iter().enumerate().filter(|(_, job)| keep(job)).map(|(i, _)| i).collect())
        };
        if self.settings.iter().any(|s| s == changed) {
            return Affected::All;
        }
        if self.region_files.iter().any(|r| r == changed) {
            return which(&|job| matches!(&job.region, RegionSource::File(path) if resolve(path) == changed));
        }
        if let Some(relative) = self.overlay.as_ref().and_then(|root| changed.strip_prefix(root).ok()) {
            let parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
            match parts.as_slice() {
                ["products.toml"] | ["regions", "uk.toml"] | ["assets", ..] => return Affected::All,
                // A definition folder made or removed as a whole.
                [folder] if FOLDERS.contains(folder) => return Affected::All,
                ["layouts", name] => {
                    let Some(layout) = name.strip_suffix(".toml") else { return Affected::Some(Vec::new()) };
                    return which(&|job| variant(session, job).is_some_and(|v| v.layout == layout));
                }
                ["content", name] => {
                    let Some(stem) = name.strip_suffix(".toml") else { return Affected::Some(Vec::new()) };
                    return which(&|job| {
                        variant(session, job).is_some_and(|v| stem == format!("{}.{}", v.content, job.lang))
                    });
                }
                ["regions", name] => {
                    let Some(id) = name.strip_suffix(".toml") else { return Affected::Some(Vec::new()) };
                    return which(&|job| job.region == RegionSource::Id(id.to_string()));
                }
                _ => {}
            }
        }
        // A logo beside a region file from elsewhere.
        let folder = changed.parent();
        if self.region_files.iter().any(|r| r.parent() == folder) && !is_scratch(changed) {
            return which(&|job| matches!(&job.region, RegionSource::File(path) if resolve(path).parent() == folder));
        }
        Affected::Some(Vec::new())
    }

    /// The folders to watch: the definitions folder's own files, each of its definition
    /// folders with everything in them (not the whole folder: its `out/`, `.git/` or a
    /// checkout's `target/` would flood the watcher), and the folders of the other files.
    fn watched(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let mut watched: Vec<(PathBuf, RecursiveMode)> = Vec::new();
        if let Some(root) = &self.overlay {
            watched.push((root.clone(), RecursiveMode::NonRecursive));
            for folder in FOLDERS {
                if root.join(folder).is_dir() {
                    watched.push((root.join(folder), RecursiveMode::Recursive));
                }
            }
        }
        for file in self.region_files.iter().chain(&self.settings) {
            let Some(folder) = file.parent() else { continue };
            let covered = watched
                .iter()
                .any(|(w, mode)| w == folder || (*mode == RecursiveMode::Recursive && folder.starts_with(w)));
            if !covered {
                watched.push((folder.to_path_buf(), RecursiveMode::NonRecursive));
            }
        }
        watched
    }
}

/// The product variant a job builds (its layout and content set).
fn variant<'s>(session: &'s Session, job: &Job) -> Option<&'s crate::load::Variant> {
    let product = session.products().products.iter().find(|p| p.id == job.product)?;
    product.variants.iter().find(|v| v.id == job.variant)
}

/// An editor's backup or swap file (`kent.toml~`, `.kent.toml.swp`, vim's `4913`), or a
/// hidden file: never a definition.
fn is_scratch(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.chars().all(|c| c.is_ascii_digit())
}

/// A file that was made and is gone again, with a name no definition file has: an
/// editor's or a tool's temporary (`sed -i` writes `content/sedHVjWtz`, then renames it).
fn is_gone_temporary(path: &Path) -> bool {
    let definition = path
        .extension()
        .is_some_and(|e| ["toml", "png", "jpg", "jpeg", "svg"].contains(&e.to_string_lossy().to_lowercase().as_str()));
    !definition && !path.exists()
}

/// `path` made absolute with its links resolved; a file that does not exist (between an
/// editor's delete and its rename) keeps its name under its resolved folder.
fn resolve(path: &Path) -> PathBuf {
    if let Ok(full) = std::fs::canonicalize(path) {
        return full;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent().and_then(|p| std::fs::canonicalize(p).ok()), absolute.file_name()) {
        (Some(folder), Some(name)) => folder.join(name),
        _ => absolute,
    }
}

/// A file watcher over a build's inputs.
pub struct Watcher {
    watcher: notify::RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    inputs: Inputs,
}

/// A change to what a file holds: made, written, renamed or removed. Opening and reading
/// a file (as every rebuild does) and changes to its times or permissions are not.
fn is_edit(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any => true,
        EventKind::Modify(notify::event::ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Other => false,
    }
}

impl Watcher {
    /// Start watching `inputs` (resolved, see [`Inputs::resolved`]).
    pub fn start(inputs: Inputs) -> crate::error::Result<Watcher> {
        let (sender, events) = channel();
        let mut watcher = notify::recommended_watcher(sender).map_err(|e| {
            Diagnostic::error(format!("cannot watch files: {e}"))
                .hint("on Linux, raise fs.inotify.max_user_watches; `handout build` works without watching")
        })?;
        for (folder, mode) in inputs.watched() {
            watcher.watch(&folder, mode).map_err(|e| {
                Diagnostic::error(format!("cannot watch {}: {e}", folder.display()))
                    .hint("check that the folder exists and can be read")
            })?;
        }
        Ok(Watcher { watcher, events, inputs })
    }

    /// The folders watched, for the first line `watch` prints.
    pub fn folders(&self) -> Vec<PathBuf> {
        self.inputs.watched().into_iter().map(|(folder, _)| folder).collect()
    }

    /// Wait for the next change and return the files that changed, sorted, once none has
    /// changed for [`SETTLE`]; editors' scratch files and folders are left out. A
    /// definition folder made after the start (`content/`, once a first file is copied
    /// in) is watched from then on. An error means the watcher itself stopped.
    pub fn wait_for_change(&mut self) -> crate::error::Result<Vec<PathBuf>> {
        let stopped = || Diagnostic::error("the file watcher stopped");
        let mut changed: Vec<PathBuf> = Vec::new();
        loop {
            let event = if changed.is_empty() {
                self.events.recv().map_err(|_| stopped())?
            } else {
                match self.events.recv_timeout(SETTLE) {
                    Ok(event) => event,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return Err(stopped().into()),
                }
            };
            let event = event.map_err(|e| Diagnostic::error(format!("the file watcher failed: {e}")))?;
            if !is_edit(&event.kind) {
                continue;
            }
            for path in event.paths {
                if let Some(root) = &self.inputs.overlay
                    && path.parent() == Some(root.as_path())
                    && path.is_dir()
                    && FOLDERS.iter().any(|f| path.file_name() == Some(std::ffi::OsStr::new(f)))
                {
                    // A new definition folder: watch it, and rebuild from what it holds.
                    let _ = self.watcher.watch(&path, RecursiveMode::Recursive);
                    changed.push(path);
                    continue;
                }
                if path.is_dir() || is_scratch(&path) || is_gone_temporary(&path) {
                    continue;
                }
                changed.push(path);
            }
        }
        changed.sort();
        changed.dedup();
        Ok(changed)
    }

    /// The resolved inputs this watcher watches.
    pub fn inputs(&self) -> &Inputs {
        &self.inputs
    }
}

/// The inputs of a build: the definitions folder (`--defs`, else the working folder
/// holding the current folder), region files, and the files that say what is built.
pub fn inputs(defs: Option<&Path>, region_files: Vec<PathBuf>, release: Option<&Path>) -> crate::error::Result<Inputs> {
    let mut settings: Vec<PathBuf> = release.into_iter().map(Path::to_path_buf).collect();
    let overlay = match defs {
        Some(dir) => Some(dir.to_path_buf()),
        None => {
            let here = std::env::current_dir().unwrap_or_default();
            workdir::WorkingFolder::find(&here)?.map(|folder| {
                settings.push(folder.root.join(workdir::FILE_NAME));
                folder.root
            })
        }
    };
    Ok(Inputs { overlay, region_files, settings }.resolved())
}
