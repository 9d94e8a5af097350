//! Working folders: a folder a force's or print shop's team keeps in version control, with a
//! `handout.toml` at its top. `handout init DIR` makes one; inside one (found by walking up
//! from the current folder, as cargo finds `Cargo.toml`), `build`, `check`, `list` and
//! `watch` read its `layouts/`, `content/`, `regions/` and `assets/` over the built-in files
//! without `--defs`. Outside one nothing changes.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Diagnostic, Errors, Result, SourceFile};
use crate::load::{Definitions, TEXT_LIMIT, read_input};

/// The file that marks a working folder.
pub const FILE_NAME: &str = "handout.toml";

/// What `handout.toml` says.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "handout.toml", description = "A handout working folder (made by `handout init`).")]
pub struct Settings {
    /// The regions (police forces) `build`, `check` and `watch` use when no `--region` is
    /// given, e.g. `["kent"]`: ids of files in this folder's `regions/` or built-in ones.
    #[serde(default)]
    pub regions: Vec<String>,
}

/// A working folder found above the current folder.
#[derive(Debug)]
pub struct WorkingFolder {
    /// The folder holding `handout.toml`.
    pub root: PathBuf,
    pub settings: Settings,
}

impl WorkingFolder {
    /// The working folder holding `start` or one of its parents, if any: the nearest
    /// `handout.toml` wins. A `handout.toml` that cannot be read or parsed is an error,
    /// never skipped (the build would silently use the built-in files).
    pub fn find(start: &Path) -> Result<Option<WorkingFolder>> {
        for folder in start.ancestors() {
            let path = folder.join(FILE_NAME);
            if std::fs::symlink_metadata(&path).is_err() {
                continue;
            }
            let name = path.display().to_string();
            let bytes = read_input(&path, TEXT_LIMIT).map_err(|why| {
                Diagnostic::error(format!("cannot read {FILE_NAME}: {why}"))
                    .in_file(name.clone())
                    .hint("fix or remove it: it marks the folder whose definitions handout uses")
            })?;
            let text = String::from_utf8(bytes).map_err(|_| {
                Diagnostic::error("the file is not UTF-8 text").in_file(name.clone()).hint("save it as UTF-8")
            })?;
            let settings = crate::load::parse_toml::<Settings>(SourceFile::new(name, text))?.value;
            return Ok(Some(WorkingFolder { root: folder.to_path_buf(), settings }));
        }
        Ok(None)
    }

    /// The definitions: the built-in ones, overridden by this folder's files.
    pub fn definitions(&self) -> Result<Definitions> {
        Definitions::with_overlay(&self.root)
    }

    /// The first line `build` and `check` print when they use this folder.
    pub fn notice(&self) -> String {
        format!("using definitions from {} ({FILE_NAME})", self.root.display())
    }
}

/// When `start` is inside a checkout of handout's own source (a `Cargo.toml` naming the
/// package `handout`, beside `content/`), the checkout's definition files that differ from
/// the ones built into this binary. Those edits reach a build only through `--defs`
/// (or by rebuilding the binary), so `build` says so rather than quietly ignoring them.
pub fn checkout_edits(start: &Path) -> Option<(PathBuf, Vec<String>)> {
    let root = start.ancestors().find(|folder| {
        folder.join("content").is_dir()
            && std::fs::read_to_string(folder.join("Cargo.toml"))
                .is_ok_and(|text| text.lines().any(|l| l.replace(' ', "") == "name=\"handout\""))
    })?;
    let edits = crate::load::differs_from_built_in(root);
    (!edits.is_empty()).then(|| (root.to_path_buf(), edits))
}

/// What `handout init` is asked to do.
pub struct Init<'a> {
    pub dir: &'a Path,
    /// A region id to write a template for and to build by default.
    pub region: Option<&'a str>,
    /// Built-in files to copy in, by their path (`content/leaflet.standard.en-GB.toml`).
    pub copies: &'a [String],
    /// Replace files that exist.
    pub force: bool,
}

/// Make `dir` a working folder; returns the files written, in order.
pub fn init(request: &Init) -> Result<Vec<PathBuf>> {
    let embedded = Definitions::embedded();
    let mut problems = Errors::default();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();

    if let Some(id) = request.region {
        if !crate::region_template::valid_id(id) {
            problems.push(
                Diagnostic::error(format!("`{id}` is not a region id"))
                    .hint("use lower-case letters, digits and hyphens, e.g. avon-and-somerset"),
            );
        } else {
            let known = embedded.region_ids().contains(&id.to_string()).then(|| embedded.region(id).ok()).flatten();
            files.push((
                format!("regions/{id}.toml"),
                crate::region_template::template(id, known.as_ref()).into_bytes(),
            ));
        }
    }
    let built_in = embedded.built_in_files();
    for copy in request.copies {
        let relative = copy.replace('\\', "/");
        match embedded.read(&relative).ok().flatten().filter(|_| built_in.contains(&relative)) {
            Some(file) => files.push((relative, file.bytes.into_owned())),
            None => {
                let hint = match crate::load::suggest(&relative, built_in.iter().map(String::as_str)) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "name a built-in file by its path, e.g. content/leaflet.standard.en-GB.toml; `handout list` shows the products and their files".to_string(),
                };
                problems.push(Diagnostic::error(format!("`{copy}` is not a built-in file")).hint(hint));
            }
        }
    }
    for (kind, schema) in crate::schema::ALL {
        let text = serde_json::to_string_pretty(&schema()).unwrap_or_default() + "\n";
        files.push((format!("schema/{kind}.json"), text.into_bytes()));
    }
    files.insert(0, (FILE_NAME.to_string(), settings_text(request, &files).into_bytes()));
    if !request.dir.join(".gitignore").exists() {
        files.push((".gitignore".to_string(), b"# Built PDFs: made again by `handout build`.\n/out/\n".to_vec()));
    }

    if !request.force {
        for (relative, _) in &files {
            let path = request.dir.join(relative);
            // The schema files are the tool's own and always brought up to date.
            if path.exists() && !relative.starts_with("schema/") {
                problems.push(
                    Diagnostic::error(format!("{} already exists", path.display()))
                        .hint("keep it, or pass --force to replace it"),
                );
            }
        }
    }
    problems.into_result()?;

    let mut written = Vec::new();
    for (relative, bytes) in files {
        let path = request.dir.join(&relative);
        let (folder, name) = (path.parent().unwrap_or(request.dir), path.file_name().unwrap_or_default());
        let done = crate::output::write_atomic(folder, &name.to_string_lossy(), &bytes)
            .map_err(|e| Diagnostic::error(format!("cannot write {}: {e}", path.display())))?;
        written.push(done);
    }
    Ok(written)
}

/// The text of a new `handout.toml`: what the folder overrides and what it builds.
fn settings_text(request: &Init, files: &[(String, Vec<u8>)]) -> String {
    let overrides: Vec<&str> = files
        .iter()
        .map(|(relative, _)| relative.as_str())
        .filter(|r| ["layouts/", "content/", "regions/", "assets/"].iter().any(|f| r.starts_with(f)))
        .collect();
    let listed = if overrides.is_empty() {
        "#   (none yet)\n".to_string()
    } else {
        overrides.iter().map(|r| format!("#   {r}\n")).collect()
    };
    let regions = match request.region {
        Some(id) => format!("regions = [\"{id}\"]\n"),
        None => "# regions = [\"kent\"]\n".to_string(),
    };
    format!(
        "#:schema ./schema/handout.json\n\
        # A handout working folder, made by `handout init`.\n\
        #\n\
        # Inside this folder (or any folder below it), `handout build`, `check`, `list` and\n\
        # `watch` read the files in layouts/, content/, regions/ and assets/ here in place of\n\
        # the built-in files of the same name, file by file; every other file comes from the\n\
        # handout binary. They say so on their first line. When this file was written, the\n\
        # folder overrode:\n\
        #\n\
        {listed}\
        #\n\
        # Copy in another built-in file to change it: `handout init . --copy PATH`.\n\
        # The schema/ folder describes each kind of file for editors (Taplo, Even Better TOML).\n\
        \n\
        # The regions (police forces) built and checked when no --region is given.\n\
        {regions}"
    )
}
