//! Writing into the output folder: every file is written to a temporary file and renamed,
//! so a reader (or a killed build) never sees half a PDF.

use std::path::{Path, PathBuf};

/// Write `bytes` to `dir/name` atomically: a temporary file in the same folder, then a
/// rename, so a reader (or a killed build) never sees half a PDF. No fsync: it guards only
/// against a power cut, cost about 1 ms per file (the largest single cost of a one-leaflet
/// build), and a build is cheap to run again; the rename is what readers depend on.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let target = dir.join(name);
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        std::fs::rename(&temporary, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result.map(|()| target)
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
