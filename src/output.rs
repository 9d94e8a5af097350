//! Writing into the output folder: every file is written to a temporary file and renamed,
//! so a reader (or a killed build) never sees half a PDF, and `manifest.json`, written
//! last, lists what the build read and wrote (its layout is in `docs/formats.md`).

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::Diagnostic;
use crate::preflight::Report;

/// Write `bytes` to `dir/name` atomically: a temporary file in the same folder, then a
/// rename, so a reader (or a killed build) never sees half a PDF. No fsync: it guards only
/// against a power cut, cost about 1 ms per file (the largest single cost of a one-leaflet
/// build), and a build is cheap to run again; the rename is what readers depend on.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let target = dir.join(name);
    let temporary = dir.join(temporary_name(name));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&temporary)?;
        file.write_all(bytes)?;
        std::fs::rename(&temporary, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result.map(|()| target)
}

/// What every temporary file of handout's is called between: `.<name>.handout-` ...
/// `.tmp`. Only files named so are ever removed as leftovers; a user's `.notes.tmp` is not.
const TEMPORARY_MARK: &str = ".handout-";

/// `.<name>.handout-<pid>-<n>.tmp`: unique to this process and to this write, so two
/// threads writing one name (or two processes, whatever the lock) never share a file.
fn temporary_name(name: &str) -> String {
    static WRITES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!(".{name}{TEMPORARY_MARK}{}-{n}.tmp", std::process::id())
}

/// Is `name` one of handout's temporary files?
fn is_temporary(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".tmp") && name.contains(TEMPORARY_MARK)
}

/// The output folder, held for one build: an exclusive lock on the folder itself (no lock
/// file is left behind), released when this is dropped or the process ends.
#[derive(Debug)]
pub struct FolderLock {
    _folder: std::fs::File,
}

/// Lock `out` for one build, or say that another build holds it. A second build into the
/// same folder fails at once rather than waiting: two builds into one folder would leave
/// a manifest describing only one of them, which is a mistake worth hearing about.
pub fn lock_folder(out: &Path) -> crate::error::Result<FolderLock> {
    let cannot = |e: std::io::Error| {
        Diagnostic::error(format!("cannot use the output folder {}: {e}", out.display()))
            .hint("check that it is a folder you can write to")
    };
    std::fs::create_dir_all(out).map_err(&cannot)?;
    let folder = std::fs::File::open(out).map_err(&cannot)?;
    match folder.try_lock() {
        Ok(()) => Ok(FolderLock { _folder: folder }),
        Err(std::fs::TryLockError::WouldBlock) => {
            Err(Diagnostic::error(format!("another handout build is writing into {}", out.display()))
                .hint("wait for it to finish, or give this build another --out folder")
                .into())
        }
        Err(std::fs::TryLockError::Error(e)) => Err(cannot(e).into()),
    }
}

/// The manifest's file name in the output folder.
pub(crate) const MANIFEST: &str = "manifest.json";

/// The version of the manifest's layout (`docs/formats.md`); raised when a field changes
/// meaning or goes away, not when one is added.
pub(crate) const MANIFEST_SCHEMA: u32 = 1;

/// `manifest.json`: what a build read and wrote, for CI. Fields are in alphabetical order,
/// as the manifest has always been written.
#[derive(Debug, Serialize)]
pub struct Manifest {
    /// The date written into the PDFs: `2026-11-25T12:00:00Z (SOURCE_DATE_EPOCH)`, or a
    /// sentence saying it was not fixed.
    pub date: String,
    /// Every document that was not built, with the reasons.
    pub failures: Vec<Failed>,
    /// Every file the build could read (built-in or overriding), with its hash.
    pub inputs: Vec<Input>,
    /// Every file written, sorted by name.
    pub outputs: Vec<Written>,
    pub schema_version: u32,
    pub tool: Tool,
}

#[derive(Debug, Serialize)]
pub struct Failed {
    /// The web copy's file name.
    pub document: String,
    pub errors: Vec<Diagnostic>,
    /// PDFs of this document an earlier build left, removed because this build's inputs
    /// no longer make them.
    pub removed: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Input {
    /// Relative to the definitions root (`layouts/leaflet-dl.toml`), or as given.
    pub path: String,
    /// Lower-case hexadecimal SHA-256 of the file's bytes.
    pub sha256: String,
    pub size: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Written {
    /// `web` or `print`.
    pub copy: &'static str,
    /// The date written into the PDF.
    pub date: String,
    pub file: String,
    pub language: String,
    /// A print copy's preflight, read back from its bytes; `null` for web copies.
    pub preflight: Option<PreflightRecord>,
    pub product: String,
    /// The region id, or a region file's name without `.toml`.
    pub region: String,
    pub sha256: String,
    pub size: u64,
    pub variant: String,
}

/// What the preflight found in a print copy.
#[derive(Clone, Debug, Serialize)]
pub struct PreflightRecord {
    pub checks: Vec<CheckRecord>,
    pub passed: bool,
    /// The line printed beside the file when it was written.
    pub summary: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct CheckRecord {
    /// The check's name, e.g. `output-intent`.
    pub check: &'static str,
    /// `pass`, `warn` or `fail`.
    pub outcome: String,
    pub problems: Vec<String>,
    pub summary: String,
}

impl PreflightRecord {
    pub fn of(report: &Report) -> PreflightRecord {
        PreflightRecord {
            checks: report
                .results
                .iter()
                .map(|r| CheckRecord {
                    check: r.check.name(),
                    outcome: format!("{:?}", r.outcome).to_lowercase(),
                    problems: r.problems.clone(),
                    summary: r.summary.clone(),
                })
                .collect(),
            passed: report.passed(),
            summary: report.headline.clone(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

impl Tool {
    pub fn this() -> Tool {
        Tool { name: "handout", version: env!("CARGO_PKG_VERSION") }
    }
}

/// Write the manifest into `out`, pretty-printed like every earlier manifest.
pub(crate) fn write_manifest(out: &Path, manifest: &Manifest) -> std::io::Result<PathBuf> {
    let text = serde_json::to_string_pretty(manifest).map_err(std::io::Error::other)?;
    write_atomic(out, MANIFEST, text.as_bytes())
}

/// Remove what an interrupted build may have left: handout's temporary files (no other
/// build is writing them: the caller holds the folder's lock), and the manifest, so the
/// manifest on disk only ever describes a finished build.
pub(crate) fn clear_leftovers(out: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(out)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_temporary(&name) {
            std::fs::remove_file(entry.path())?;
        }
    }
    match std::fs::remove_file(out.join(MANIFEST)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Lower-case hexadecimal, as the manifest writes hashes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes.iter().flat_map(|b| [DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 15)]]).map(char::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_leaves_no_temporary_file() {
        let dir = std::env::temp_dir().join(format!("handout-atomic-{}", std::process::id()));
        let path = write_atomic(&dir, "a.pdf", b"%PDF").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF");
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, [std::ffi::OsString::from("a.pdf")]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
