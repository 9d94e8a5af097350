//! Stage 1, **load**: find definition files (embedded defaults, then a user folder that
//! overrides them file by file) and parse them into typed structs that keep their source
//! spans, so every later error can name file, line, column and key.

mod content;
mod layout;
pub mod logo;
mod pictograms;
mod products;
mod region;
mod toml_file;
mod words;

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rust_embed::RustEmbed;
use sha2::{Digest, Sha256};

pub use content::*;
pub use layout::*;
pub(crate) use pictograms::PictogramCache;
pub use pictograms::{PictogramProblem, Pictograms};
pub use products::{DEFAULT_MAX_PAGES, Product, Products, Variant};
pub use region::*;
mod spanned;
pub use spanned::Spanned;
pub use toml_file::Loaded;
pub(crate) use toml_file::edit_distance;
pub(crate) use toml_file::{parse_toml, suggest};
pub use words::{ChartWords, LinkWords, PrintWords, Words};

use crate::error::{Diagnostic, Errors, Result, SourceFile};
use crate::fonts::{Face, FaceFiles, FontFiles};
use crate::units::Mm;

#[derive(RustEmbed)]
#[folder = "layouts/"]
struct EmbeddedLayouts;

#[derive(RustEmbed)]
#[folder = "content/"]
struct EmbeddedContent;

#[derive(RustEmbed)]
#[folder = "regions/"]
struct EmbeddedRegions;

#[derive(RustEmbed)]
#[folder = "assets/"]
struct EmbeddedAssets;

#[derive(RustEmbed)]
#[folder = "fonts/"]
#[include = "*.ttf"]
struct EmbeddedFonts;

/// The product table, built in. A `--defs` folder may override it with its own `products.toml`.
const PRODUCTS_TOML: &str = include_str!("../../products.toml");

/// The folders a definition set is made of. Each has an embedded copy.
const FOLDERS: [&str; 5] = ["layouts", "content", "regions", "assets", "fonts"];

/// One input of a build as the manifest lists it.
pub(crate) struct InputFile {
    /// Relative to the definitions root, for example `layouts/leaflet-dl.toml`.
    pub path: String,
    pub size: usize,
    pub sha256: [u8; 32],
}

/// The files below `dir`, named as rust-embed names built-in ones: relative to `dir`, with
/// `/` between folders. Links to folders are not followed, so a loop of links cannot trap
/// the walk; links to files are read like files.
fn files_below(dir: &Path, prefix: &str, names: &mut BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            files_below(&entry.path(), &format!("{name}/"), names);
        } else if entry.path().is_file() {
            names.insert(name);
        }
    }
}

/// The largest definition, region or release file read (TOML text), in bytes. The
/// biggest built-in file is under 40 KB; a megabyte is ample and keeps a runaway file
/// (or `/dev/zero`) from filling memory.
pub const TEXT_LIMIT: u64 = 1024 * 1024;
/// The largest file read from `assets/` (pictogram SVGs), in bytes.
pub const ASSET_LIMIT: u64 = 1024 * 1024;

/// Only regular files are read: a FIFO would wait for a writer, a device never ends.
fn regular_file(metadata: &std::fs::Metadata) -> std::result::Result<(), String> {
    let file_type = metadata.file_type();
    if file_type.is_file() {
        return Ok(());
    }
    let what = if file_type.is_dir() {
        "a folder"
    } else {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                "a FIFO (named pipe)"
            } else if file_type.is_char_device() || file_type.is_block_device() {
                "a device"
            } else if file_type.is_socket() {
                "a socket"
            } else {
                "not a regular file"
            }
        }
        #[cfg(not(unix))]
        "not a regular file"
    };
    Err(format!("it is {what}; only regular files are read"))
}

/// Read a user's file: only a regular file (not a folder, FIFO or device, which could
/// block or never end), and at most `limit` bytes. The error says why, in words.
pub fn read_input(path: &Path, limit: u64) -> std::result::Result<Vec<u8>, String> {
    use std::io::Read;
    let too_big = |size: u64| format!("it is {size} bytes; at most {limit} bytes are read");
    // Look before opening: opening a FIFO for reading waits for a writer.
    let metadata = std::fs::metadata(path).map_err(|e| e.to_string())?;
    regular_file(&metadata)?;
    if metadata.len() > limit {
        return Err(too_big(metadata.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    // The file may have been swapped between the look and the open: look again, and never
    // read more than the limit whatever the file claims.
    regular_file(&file.metadata().map_err(|e| e.to_string())?)?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A built-in file, by its path relative to the definitions root.
fn embedded_file(relative: &str) -> Option<rust_embed::EmbeddedFile> {
    let (folder, rest) = relative.split_once('/')?;
    match folder {
        "layouts" => EmbeddedLayouts::get(rest),
        "content" => EmbeddedContent::get(rest),
        "regions" => EmbeddedRegions::get(rest),
        "assets" => EmbeddedAssets::get(rest),
        "fonts" => EmbeddedFonts::get(rest),
        _ => None,
    }
}

/// The text of a definition file by the name diagnostics give it: a path on disk for a
/// user's file, or a built-in file's relative path. For showing the line an error is on.
pub fn source_text(name: &str) -> Option<String> {
    let path = Path::new(name);
    if path.is_file() {
        return std::fs::read_to_string(path).ok();
    }
    if name == "products.toml" {
        return Some(PRODUCTS_TOML.to_string());
    }
    embedded_file(name).and_then(|file| String::from_utf8(file.data.into_owned()).ok())
}

/// The definition files under `root` (a checkout of handout's source) that differ from
/// the copies built into this binary, or that it does not carry: edits a build without
/// `--defs` would not see.
pub fn differs_from_built_in(root: &Path) -> Vec<String> {
    let mut names = BTreeSet::new();
    for folder in ["layouts", "content", "regions", "assets"] {
        let mut below = BTreeSet::new();
        files_below(&root.join(folder), "", &mut below);
        names.extend(below.into_iter().map(|name| format!("{folder}/{name}")));
    }
    let same = |relative: &str, bytes: &[u8]| match embedded_file(relative) {
        Some(file) => file.data.as_ref() == bytes,
        None => relative == "products.toml" && PRODUCTS_TOML.as_bytes() == bytes,
    };
    let mut differing: Vec<String> = names
        .into_iter()
        .filter(|relative| std::fs::read(root.join(relative)).is_ok_and(|bytes| !same(relative, &bytes)))
        .collect();
    if std::fs::read(root.join("products.toml")).is_ok_and(|bytes| !same("products.toml", &bytes)) {
        differing.insert(0, "products.toml".to_string());
    }
    differing
}

/// One definition file, from the binary or from the user's folder.
pub struct DefinitionFile {
    /// The name errors use: the relative path for built-in files, the real path otherwise.
    pub name: Arc<str>,
    pub bytes: Cow<'static, [u8]>,
    /// Where the file is on disk, when it came from a user folder.
    pub path: Option<PathBuf>,
}

impl DefinitionFile {
    /// The file as UTF-8 text, or an error naming it.
    pub(crate) fn into_source(self) -> Result<SourceFile> {
        match String::from_utf8(self.bytes.into_owned()) {
            Ok(text) => Ok(SourceFile::new(self.name, text)),
            Err(e) => Err(Diagnostic::error(format!(
                "the file is not UTF-8 text (bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
            .in_file(self.name)
            .hint("save it as UTF-8 from your editor")
            .into()),
        }
    }
}

/// Where definitions come from: the embedded defaults, overridden file by file by an
/// optional user folder (`--defs DIR`) holding `layouts/`, `content/`, `regions/`, `assets/`.
#[derive(Clone, Debug, Default)]
pub struct Definitions {
    overlay: Option<PathBuf>,
    /// What print asks of a logo, worked out from the layouts once, when a logo is first read.
    logo_need: Arc<OnceLock<logo::PrintNeed>>,
}

/// A folder or file in a `--defs` folder whose name is one typo away from one the tool
/// reads (`layout/` for `layouts/`) would be ignored without a word, and the build would
/// quietly use the built-in files instead: refuse it, naming the right spelling. Other
/// names (`src/`, `out/`, notes) are left alone, so a whole project folder can be used.
/// Every override in `dir` that exists but cannot be read (no permission, a broken link, a
/// link loop, a folder with a file's name) is an error naming it and why: it is never
/// skipped in favour of the built-in file. A folder holding none of the definition folders
/// is an error too (`--defs mine/content` is one level too deep).
fn unreadable_entries(dir: &Path) -> Result<()> {
    let mut problems = Errors::default();
    let holds_any = FOLDERS.iter().any(|f| dir.join(f).is_dir()) || dir.join("products.toml").is_file();
    if !holds_any {
        let inside = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let hint = if FOLDERS.contains(&inside.as_str()) {
            format!(
                "pass the folder that holds {inside}/, not {inside}/ itself: --defs {}",
                dir.parent().map_or(".".into(), |p| if p.as_os_str().is_empty() {
                    ".".into()
                } else {
                    p.display().to_string()
                })
            )
        } else {
            "a definitions folder holds layouts/, content/, regions/ or assets/ (run `handout region new` or copy a built-in file there)".to_string()
        };
        problems.push(
            Diagnostic::error(format!(
                "definitions folder `{}` holds none of layouts/, content/, regions/, assets/",
                dir.display()
            ))
            .hint(hint),
        );
    }
    let mut stack: Vec<(std::path::PathBuf, usize)> = FOLDERS.iter().map(|f| (dir.join(f), 0)).collect();
    stack.push((dir.join("products.toml"), 0));
    while let Some((path, depth)) = stack.pop() {
        let Ok(link) = std::fs::symlink_metadata(&path) else { continue };
        let reason = match std::fs::metadata(&path) {
            Err(e) if link.file_type().is_symlink() => Some(format!("it is a link that cannot be followed ({e})")),
            Err(e) => Some(e.to_string()),
            Ok(meta) if meta.is_dir() => {
                let named_like_a_file =
                    path.extension().is_some_and(|e| ["toml", "svg", "png", "jpg"].contains(&&*e.to_string_lossy()));
                if named_like_a_file {
                    Some("it is a folder, not a file".to_string())
                } else if depth < 4 {
                    match std::fs::read_dir(&path) {
                        Ok(entries) => {
                            stack.extend(entries.flatten().map(|e| (e.path(), depth + 1)));
                            None
                        }
                        Err(e) => Some(e.to_string()),
                    }
                } else {
                    None
                }
            }
            // Look before opening: opening a FIFO waits for a writer.
            Ok(meta) => regular_file(&meta).err().or_else(|| std::fs::File::open(&path).err().map(|e| e.to_string())),
        };
        if let Some(reason) = reason {
            problems.push(
                Diagnostic::error(format!("`{}` cannot be read: {reason}", path.display()))
                    .hint("fix or remove it; an override that cannot be read is never replaced by the built-in file"),
            );
        }
    }
    problems.into_result()
}

fn misspelt_entries(dir: &Path) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
    let mut problems = Errors::default();
    let mut names: Vec<(String, bool)> =
        entries.flatten().map(|e| (e.file_name().to_string_lossy().into_owned(), e.path().is_dir())).collect();
    names.sort();
    for (name, is_dir) in names {
        let known: &[&str] = if is_dir { &FOLDERS } else { &["products.toml"] };
        if known.contains(&name.as_str()) {
            continue;
        }
        let lowercase = name.to_lowercase();
        let near =
            known.iter().copied().find(|k| *k == lowercase).or_else(|| suggest(&lowercase, known.iter().copied()));
        if let Some(meant) = near {
            let slash = if is_dir { "/" } else { "" };
            problems.push(
                Diagnostic::error(format!(
                    "`{name}{slash}` in {} is not read: did you mean `{meant}{slash}`?",
                    dir.display()
                ))
                .hint(
                    "rename it; the definitions folder reads layouts/, content/, regions/, assets/ and products.toml",
                ),
            );
        }
    }
    problems.into_result()
}

impl Definitions {
    /// Only what the binary carries.
    pub fn embedded() -> Definitions {
        Definitions { overlay: None, logo_need: Arc::default() }
    }

    /// The embedded defaults, with the files of `dir` taking precedence.
    pub fn with_overlay(dir: &Path) -> Result<Definitions> {
        if !dir.is_dir() {
            return Err(Diagnostic::error(format!(
                "definitions folder `{}` does not exist or is not a folder",
                dir.display()
            ))
            .hint("pass a folder that holds layouts/, content/, regions/ or assets/")
            .into());
        }
        misspelt_entries(dir)?;
        unreadable_entries(dir)?;
        Ok(Definitions { overlay: Some(dir.to_path_buf()), logo_need: Arc::default() })
    }

    /// Read `folder/name` (for example `layouts/leaflet-dl.toml`), the user's copy first.
    /// A user's file that cannot be read (a FIFO, a device, a folder, too large) is an
    /// error, never a quiet fall back to the built-in copy.
    pub fn read(&self, relative: &str) -> Result<Option<DefinitionFile>> {
        if let Some((path, bytes)) = self.overlay_file(relative)? {
            return Ok(Some(DefinitionFile {
                name: path.display().to_string().into(),
                bytes: Cow::Owned(bytes),
                path: Some(path),
            }));
        }
        if relative == "products.toml" {
            return Ok(Some(DefinitionFile {
                name: relative.into(),
                bytes: Cow::Borrowed(PRODUCTS_TOML.as_bytes()),
                path: None,
            }));
        }
        Ok(embedded_file(relative).map(|file| DefinitionFile { name: relative.into(), bytes: file.data, path: None }))
    }

    /// Read a definition file as text, or say which file is missing.
    pub(crate) fn read_source(&self, relative: &str, what: &str) -> Result<SourceFile> {
        match self.read(relative)? {
            Some(file) => file.into_source(),
            None => Err(Diagnostic::error(format!("{what} `{relative}` was not found"))
                .hint(match &self.overlay {
                    Some(dir) => format!("it is neither built in nor in `{}`; check the name", dir.display()),
                    None => "it is not built in; check the name, or pass --defs DIR".to_string(),
                })
                .into()),
        }
    }

    /// The files in one folder, built-in and user's together, sorted: names relative to
    /// the folder, with `/` before the files of a subfolder (`icons/phone.svg`).
    pub fn list(&self, folder: &str) -> Vec<String> {
        debug_assert!(FOLDERS.contains(&folder));
        let mut names: BTreeSet<String> = match folder {
            "layouts" => EmbeddedLayouts::iter().map(Cow::into_owned).collect(),
            "content" => EmbeddedContent::iter().map(Cow::into_owned).collect(),
            "regions" => EmbeddedRegions::iter().map(Cow::into_owned).collect(),
            "assets" => EmbeddedAssets::iter().map(Cow::into_owned).collect(),
            "fonts" => EmbeddedFonts::iter().map(Cow::into_owned).collect(),
            _ => BTreeSet::new(),
        };
        if let Some(dir) = &self.overlay {
            files_below(&dir.join(folder), "", &mut names);
        }
        names.into_iter().collect()
    }

    /// Every built-in or overriding file that a build can read, with its size and SHA-256:
    /// what `out/manifest.json` lists. Built-in files carry the hash rust-embed computed
    /// when the binary was built, so a build does not hash the fonts again.
    pub(crate) fn all_files(&self) -> Vec<InputFile> {
        let mut relatives = vec!["products.toml".to_string()];
        for folder in FOLDERS {
            // Fonts always come from the binary (see `font`), whatever a --defs folder holds.
            let names = if folder == "fonts" {
                EmbeddedFonts::iter().map(Cow::into_owned).collect()
            } else {
                self.list(folder)
            };
            relatives.extend(names.into_iter().map(|name| format!("{folder}/{name}")));
        }
        let mut files = Vec::new();
        for relative in relatives {
            let from_user =
                if relative.starts_with("fonts/") { None } else { self.overlay_file(&relative).ok().flatten() };
            let (size, sha256) = match (from_user, embedded_file(&relative)) {
                (Some((_, bytes)), _) => (bytes.len(), Sha256::digest(&bytes).into()),
                (None, Some(file)) => (file.data.len(), file.metadata.sha256_hash()),
                (None, None) if relative == "products.toml" => {
                    (PRODUCTS_TOML.len(), Sha256::digest(PRODUCTS_TOML.as_bytes()).into())
                }
                (None, None) => continue,
            };
            files.push(InputFile { path: relative, size, sha256 });
        }
        files
    }

    /// Every built-in definition file by its path (`content/leaflet.standard.en-GB.toml`),
    /// fonts left out: what `handout init --copy` can copy into a working folder.
    pub fn built_in_files(&self) -> Vec<String> {
        let mut files = vec!["products.toml".to_string()];
        for folder in ["layouts", "content", "regions", "assets"] {
            files.extend(Definitions::embedded().list(folder).into_iter().map(|name| format!("{folder}/{name}")));
        }
        files
    }

    /// The bytes of `relative` in the user's definitions folder, if it is there.
    fn overlay_file(&self, relative: &str) -> Result<Option<(PathBuf, Vec<u8>)>> {
        let Some(dir) = &self.overlay else { return Ok(None) };
        let path = dir.join(relative);
        if !path.exists() {
            return Ok(None);
        }
        let limit = if relative.starts_with("assets/") { ASSET_LIMIT } else { TEXT_LIMIT };
        let bytes = read_input(&path, limit).map_err(|why| {
            Diagnostic::error(why)
                .in_file(path.display().to_string())
                .hint("replace it with the definition file itself")
        })?;
        Ok(Some((path, bytes)))
    }

    pub fn products(&self) -> Result<Loaded<Products>> {
        let source = self.read_source("products.toml", "product table")?;
        let loaded = parse_toml::<Products>(source)?;
        loaded.value.validate(&loaded.file)?;
        Ok(loaded)
    }

    pub fn layout(&self, id: &str) -> Result<Loaded<Layout>> {
        let source = self.read_source(&format!("layouts/{id}.toml"), "layout")?;
        let loaded = parse_toml::<Layout>(source)?;
        loaded.value.validate(&loaded.file)?;
        Ok(loaded)
    }

    pub fn content(&self, content: &str, lang: &str) -> Result<Loaded<Content>> {
        let source = self.read_source(&format!("content/{content}.{lang}.toml"), "content file")?;
        let rule = crate::text_rule::TextRule { language: Some(lang) };
        let loaded = toml_file::parse_toml_with::<Content>(source, rule)?;
        loaded.value.validate(&loaded.file)?;
        Ok(loaded)
    }

    /// The languages a content set exists in, from the file names `content/<set>.<lang>.toml`.
    pub fn languages(&self, content: &str) -> Vec<String> {
        let prefix = format!("{content}.");
        self.list("content")
            .iter()
            .filter_map(|name| name.strip_prefix(&prefix)?.strip_suffix(".toml"))
            .filter(|lang| !lang.contains('.'))
            .map(str::to_string)
            .collect()
    }

    /// The ids of the regions this definition set carries (`regions/<id>.toml`; files in
    /// subfolders of `regions/` are not regions).
    pub fn region_ids(&self) -> Vec<String> {
        self.list("regions")
            .iter()
            .filter(|name| !name.contains('/'))
            .filter_map(|name| name.strip_suffix(".toml"))
            .map(str::to_string)
            .collect()
    }

    /// What print asks of a force's logo: the tallest logo frame
    /// (`pictures.logo_height_mm`) of the layouts the product table uses, so that a logo is
    /// decoded at what the largest of them prints and no larger. A layout that cannot be
    /// read is left out here (building with it reports why).
    pub fn logo_need(&self) -> logo::PrintNeed {
        *self.logo_need.get_or_init(|| {
            let layouts: BTreeSet<String> = self
                .products()
                .map(|p| p.value.products.iter().flat_map(|p| p.variants.iter().map(|v| v.layout.clone())).collect())
                .unwrap_or_default();
            let tallest = layouts
                .iter()
                .filter_map(|id| self.layout(id).ok())
                .map(|layout| layout.value.pictures.logo_height_mm)
                .fold(None, |tallest: Option<Mm>, h| Some(tallest.map_or(h, |t| if h.0 > t.0 { h } else { t })));
            logo::PrintNeed {
                largest_logo_height: tallest.unwrap_or_else(|| layout::PictureStyle::default().logo_height_mm),
            }
        })
    }

    /// A region by id, from `regions/<id>.toml`.
    pub fn region(&self, id: &str) -> Result<LoadedRegion> {
        self.read_region(id, crate::pdfx::DEFAULT_INK_LIMIT)?.into_result()
    }

    /// A region by id as far as its file reads, with every problem in it; an error only
    /// when there is no such region or its file cannot be read.
    pub fn read_region(&self, id: &str, ink_limit: u16) -> Result<RegionRead> {
        let file = self.read(&format!("regions/{id}.toml"))?.ok_or_else(|| {
            let known = self.region_ids();
            let mut d = Diagnostic::error(format!("unknown region `{id}`"));
            d = match suggest(id, known.iter().map(String::as_str)) {
                Some(close) => d.hint(format!("did you mean `{close}`? `handout list --regions` shows them all")),
                None => d.hint("`handout list --regions` shows the regions; `--region-file PATH` takes any file"),
            };
            d
        })?;
        let base = file.path.as_ref().and_then(|p| p.parent().map(Path::to_path_buf));
        Ok(LoadedRegion::read(file.into_source()?, id, base, None, id == DEFAULT_REGION, ink_limit, self.logo_need()))
    }

    /// A region file anywhere on disk (`--region-file PATH`) as far as it reads, with every
    /// problem in it.
    pub(crate) fn read_region_file(&self, path: &Path, ink_limit: u16) -> Result<RegionRead> {
        let bytes = read_input(path, TEXT_LIMIT).map_err(|why| {
            Diagnostic::error(format!("cannot read region file: {why}"))
                .in_file(path.display().to_string())
                .hint("check the path: a region file is a TOML file")
        })?;
        let file = DefinitionFile {
            name: path.display().to_string().into(),
            bytes: Cow::Owned(bytes),
            path: Some(path.to_path_buf()),
        };
        let id = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "region".to_string());
        // A bare file name ("kent.toml") lives in the current folder.
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        Ok(LoadedRegion::read(
            file.into_source()?,
            &id,
            Some(folder.to_path_buf()),
            None,
            false,
            ink_limit,
            self.logo_need(),
        ))
    }

    /// A region file given as text, with the logo it names (the browser page): the same
    /// parser and checks as [`Definitions::region_file`], so the errors are the same.
    pub(crate) fn read_region_given(&self, given: &crate::jobs::GivenRegion, ink_limit: u16) -> Result<RegionRead> {
        if given.text.len() as u64 > TEXT_LIMIT {
            return Err(Diagnostic::error(format!(
                "the region file is {} bytes; at most {TEXT_LIMIT} are read",
                given.text.len()
            ))
            .in_file(given.name.clone())
            .hint("a region file is a short TOML file")
            .into());
        }
        let file = DefinitionFile {
            name: given.name.as_str().into(),
            bytes: Cow::Owned(given.text.clone().into_bytes()),
            path: None,
        };
        let id = Path::new(&given.name)
            .file_stem()
            .map_or_else(|| "region".to_string(), |s| s.to_string_lossy().into_owned());
        Ok(LoadedRegion::read_attached(file.into_source()?, &id, given.logo.as_ref(), ink_limit, self.logo_need()))
    }

    /// The bytes of a font file shipped in `fonts/`.
    pub fn font(&self, name: &str) -> Result<Cow<'static, [u8]>> {
        EmbeddedFonts::get(name).map(|f| f.data).ok_or_else(|| {
            Diagnostic::error(format!("font `{name}` is not built in"))
                .hint("the fonts are embedded from fonts/ at build time")
                .into()
        })
    }
}

impl Definitions {
    /// The embedded faces, shared by text setting and PDF writing.
    pub fn fonts(&self) -> Result<FontFiles> {
        let mut faces = Vec::new();
        for face in Face::ALL {
            let [regular, bold] = face.files();
            faces.push(FaceFiles {
                face,
                regular: Arc::new(self.font(regular)?.into_owned()),
                bold: Arc::new(self.font(bold)?.into_owned()),
            });
        }
        Ok(FontFiles { faces })
    }
}
