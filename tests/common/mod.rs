//! Shared test helpers: build documents through the library or the binary, and read
//! PDFs back with lopdf (page boxes, text with sizes, the structure tree, annotations,
//! fonts) so tests assert on the real bytes, not on the tool's own model.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use handout::date::Date;
use handout::jobs::{Job, RegionSource};
use handout::load::Definitions;
use handout::render::RenderOptions;
use handout::session::Session;
use lopdf::{Dictionary, Document, Object, ObjectId};

pub const MM: f32 = 72.0 / 25.4;

/// A fixed PDF date, so tests do not depend on the content's edition date.
pub const DATE: Date = Date { year: 2026, month: 11, day: 25, hour: 12, minute: 0, second: 0 };

pub fn job(product: &str, variant: &str, region: &str) -> Job {
    Job {
        product: product.to_string(),
        variant: variant.to_string(),
        region: RegionSource::Id(region.to_string()),
        lang: "en-GB".to_string(),
    }
}

/// Build one PDF with the built-in definitions, panicking with the diagnostics on failure.
pub fn build(product: &str, variant: &str, region: &str) -> Vec<u8> {
    build_with(&Definitions::embedded(), &job(product, variant, region))
}

pub fn build_with(definitions: &Definitions, job: &Job) -> Vec<u8> {
    let session = Session::new(definitions.clone()).unwrap_or_else(|e| panic!("{e}"));
    let mut engine = session.text_engine();
    match session.build(job, &mut engine, Some(DATE), RenderOptions::default()) {
        Ok(built) => built.bytes,
        Err(e) => panic!("build failed:\n{e}"),
    }
}

/// The build's error messages, joined, for a job expected to fail. Every message is held
/// to the rule that people never read Rust's names for types.
pub fn build_error(definitions: &Definitions, job: &Job) -> String {
    let message = match Session::new(definitions.clone()) {
        Ok(session) => {
            let mut engine = session.text_engine();
            match session.build(job, &mut engine, Some(DATE), RenderOptions::default()) {
                Ok(_) => panic!("the build was expected to fail but succeeded"),
                Err(e) => e.to_string(),
            }
        }
        Err(e) => e.to_string(),
    };
    assert_no_rust_words(&message);
    message
}

/// Fails when a message shows a Rust type name (`f32`, `struct Colour`, `Option<..>`,
/// `alloc::string::String`): words a person editing TOML cannot act on.
pub fn assert_no_rust_words(message: &str) {
    const RUST: [&str; 14] = [
        "f32",
        "f64",
        "u8",
        "u16",
        "u32",
        "u64",
        "usize",
        "i32",
        "i64",
        "Option<",
        "Vec<",
        "::",
        "Spanned",
        "PhantomData",
    ];
    for word in message.split(|c: char| c.is_whitespace() || c == ',' || c == '`' || c == '(' || c == ')') {
        for rust in RUST {
            let hit = if rust.chars().all(char::is_alphanumeric) { word == rust } else { word.contains(rust) };
            assert!(!hit, "a Rust name `{rust}` in a message:\n{message}");
        }
    }
    for phrase in ["expected struct", "expected enum", "expected a map", "expected a sequence", "invalid type: map"] {
        assert!(!message.contains(phrase), "Rust's words `{phrase}` in a message:\n{message}");
    }
}

/// The project root (where the built-in definitions live).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty folder for one test, removed again when the test is done with it (so
/// test runs do not fill the temporary folder). Use it wherever a path is wanted.
pub struct TempDir(PathBuf);

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn temp_dir(name: &str) -> TempDir {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("handout-test-{}-{name}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    TempDir(dir)
}

/// A definitions folder holding a copy of one built-in file with `edit` applied to it.
pub fn overlay(name: &str, relative: &str, edit: impl FnOnce(String) -> String) -> (TempDir, Definitions) {
    let dir = temp_dir(name);
    write_overlay(&dir, relative, edit);
    let definitions = Definitions::with_overlay(&dir).unwrap();
    (dir, definitions)
}

/// Add an edited copy of a built-in file to an overlay folder.
pub fn write_overlay(dir: &Path, relative: &str, edit: impl FnOnce(String) -> String) {
    let original = std::fs::read_to_string(root().join(relative)).unwrap();
    let edited = edit(original.clone());
    assert_ne!(original, edited, "the edit to {relative} changed nothing");
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, edited).unwrap();
}

/// Replace exactly one occurrence of `from`.
pub fn replace_once(text: String, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` should occur once");
    text.replacen(from, to, 1)
}

/// The line (1-based) of the first occurrence of `needle` in `text`.
pub fn line_of(text: &str, needle: &str) -> usize {
    let at = text.find(needle).unwrap_or_else(|| panic!("`{needle}` not found"));
    text[..at].matches('\n').count() + 1
}

/// Run the `handout` binary.
pub fn handout(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handout"))
        .args(args)
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", "1795608000")
        .output()
        .expect("run handout")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A PDF read back for inspection.
pub struct Pdf {
    pub doc: Document,
}

/// A piece of text as drawn: its Unicode text, effective size in points, font and MCID.
#[derive(Clone, Debug)]
pub struct DrawnText {
    pub text: String,
    pub size: f32,
    pub font: String,
    pub mcid: Option<i64>,
    /// Where the text starts: across from the left and up from the bottom of the media
    /// box, in points (the baseline).
    pub x: f32,
    pub y: f32,
    /// Fill colour operands in force (`rg` -> 3 values, `k` -> 4 values).
    pub fill: Vec<f32>,
    pub fill_operator: String,
    /// Inside an /Artifact marked-content sequence.
    pub artifact: bool,
}

/// Something painted on a page.
#[derive(Clone, Debug)]
pub struct Painted {
    pub operator: String,
    /// [x0, y0, x1, y1] in page space.
    pub bbox: [f32; 4],
    /// The colour operator in force and its operands, e.g. ("K", [1, 1, 1, 1]).
    pub colour: (String, Vec<f32>),
    pub line_width: f32,
    pub artifact: bool,
}

impl Painted {
    /// Entirely inside `area` ([x0, y0, x1, y1]), with a little tolerance.
    pub fn inside(&self, area: [f32; 4]) -> bool {
        const EPS: f32 = 0.05;
        self.bbox[0] >= area[0] - EPS
            && self.bbox[1] >= area[1] - EPS
            && self.bbox[2] <= area[2] + EPS
            && self.bbox[3] <= area[3] + EPS
    }

    /// No part of it strictly inside `area`.
    pub fn outside(&self, area: [f32; 4]) -> bool {
        const EPS: f32 = 0.05;
        self.bbox[2] <= area[0] + EPS
            || self.bbox[0] >= area[2] - EPS
            || self.bbox[3] <= area[1] + EPS
            || self.bbox[1] >= area[3] - EPS
    }
}

/// One element of the structure tree, in tree order.
#[derive(Clone, Debug)]
pub struct Element {
    pub tag: String,
    pub depth: usize,
    pub title: Option<String>,
    pub alt: Option<String>,
    /// `/ActualText`: what a screen reader says instead of the content.
    pub actual_text: Option<String>,
    /// `/Lang`: the language of this element's words, when it is not its parent's.
    pub lang: Option<String>,
    /// The text of the marked content directly or indirectly under this element.
    pub text: String,
    /// (page index, MCID) of its marked content, in order.
    pub content: Vec<(usize, i64)>,
}

impl Pdf {
    pub fn load(bytes: &[u8]) -> Pdf {
        Pdf { doc: Document::load_mem(bytes).expect("a readable PDF") }
    }

    pub fn pages(&self) -> Vec<ObjectId> {
        self.doc.get_pages().values().copied().collect()
    }

    pub fn page_dict(&self, index: usize) -> &Dictionary {
        self.doc.get_dictionary(self.pages()[index]).unwrap()
    }

    /// A page box as [x0, y0, x1, y1] in points.
    pub fn page_box(&self, index: usize, name: &str) -> [f32; 4] {
        let array = self
            .resolve(self.page_dict(index).get(name.as_bytes()).unwrap_or_else(|_| panic!("no {name}")))
            .as_array()
            .unwrap();
        let values: Vec<f32> = array.iter().map(number).collect();
        [values[0], values[1], values[2], values[3]]
    }

    /// A box's width and height in millimetres.
    pub fn box_mm(&self, index: usize, name: &str) -> (f32, f32) {
        let [x0, y0, x1, y1] = self.page_box(index, name);
        ((x1 - x0) / MM, (y1 - y0) / MM)
    }

    pub fn resolve<'a>(&'a self, object: &'a Object) -> &'a Object {
        self.doc.dereference(object).map(|(_, o)| o).unwrap_or(object)
    }

    pub fn catalog(&self) -> &Dictionary {
        self.doc.catalog().unwrap()
    }

    pub fn catalog_string(&self, key: &str) -> Option<String> {
        let object = self.resolve(self.catalog().get(key.as_bytes()).ok()?);
        lopdf::decode_text_string(object).ok()
    }

    pub fn info_string(&self, key: &str) -> Option<String> {
        let info = self.doc.trailer.get(b"Info").ok()?;
        let info = self.resolve(info).as_dict().ok()?;
        lopdf::decode_text_string(self.resolve(info.get(key.as_bytes()).ok()?)).ok()
    }

    /// ToUnicode maps of a page's fonts, by resource name.
    fn unicode_maps(&self, page: ObjectId) -> HashMap<Vec<u8>, (String, HashMap<u16, String>)> {
        let mut maps = HashMap::new();
        for (name, font) in self.doc.get_page_fonts(page).unwrap_or_default() {
            let base = base_font(font);
            let mut map = HashMap::new();
            if let Ok(to_unicode) = font.get(b"ToUnicode")
                && let Ok(stream) = self.resolve(to_unicode).as_stream()
            {
                let data = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
                parse_cmap(&String::from_utf8_lossy(&data), &mut map);
            }
            maps.insert(name, (base, map));
        }
        maps
    }

    /// Every text-showing operation of a page, decoded to Unicode.
    pub fn drawn_text(&self, index: usize) -> Vec<DrawnText> {
        let page = self.pages()[index];
        let maps = self.unicode_maps(page);
        let content = lopdf::content::Content::decode(&self.doc.get_page_content(page)).unwrap();
        let mut runs = Vec::new();
        let mut font: Option<Vec<u8>> = None;
        let mut size = 0.0;
        // Transformation matrices [a b c d e f]: the current one, saved by q, and the text matrix.
        let mut ctm_stack: Vec<[f32; 6]> = vec![[1.0, 0.0, 0.0, 1.0, 0.0, 0.0]];
        let mut tm = [1.0f32, 0.0, 0.0, 1.0, 0.0, 0.0];
        let scale = |m: &[f32; 6]| (m[0] * m[3] - m[1] * m[2]).abs().sqrt();
        let mut marked: Vec<(String, Option<i64>)> = Vec::new();
        let mut fill: Vec<f32> = Vec::new();
        let mut fill_operator = String::new();
        let mut fill_stack: Vec<(Vec<f32>, String)> = Vec::new();
        for op in content.operations {
            let operands = &op.operands;
            match op.operator.as_str() {
                "q" => {
                    ctm_stack.push(*ctm_stack.last().unwrap());
                    fill_stack.push((fill.clone(), fill_operator.clone()));
                }
                "Q" => {
                    ctm_stack.pop();
                    if let Some((f, o)) = fill_stack.pop() {
                        fill = f;
                        fill_operator = o;
                    }
                }
                "cm" => {
                    let m: Vec<f32> = operands.iter().map(number).collect();
                    if let Some(top) = ctm_stack.last_mut() {
                        *top = multiply(&[m[0], m[1], m[2], m[3], m[4], m[5]], top);
                    }
                }
                "rg" | "k" | "g" | "sc" | "scn" => {
                    fill = operands.iter().map(number).collect();
                    fill_operator = op.operator.clone();
                }
                "Tf" => {
                    font = operands[0].as_name().ok().map(<[u8]>::to_vec);
                    size = number(&operands[1]);
                }
                "Tm" => {
                    let m: Vec<f32> = operands.iter().map(number).collect();
                    tm = [m[0], m[1], m[2], m[3], m[4], m[5]];
                }
                "BDC" | "BMC" => {
                    let tag = operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .map(|n| String::from_utf8_lossy(n).into_owned())
                        .unwrap_or_default();
                    let mcid = operands
                        .get(1)
                        .and_then(|o| o.as_dict().ok())
                        .and_then(|d| d.get(b"MCID").ok())
                        .and_then(|m| m.as_i64().ok());
                    marked.push((tag, mcid));
                }
                "EMC" => {
                    marked.pop();
                }
                "Tj" | "TJ" => {
                    let (base, map) = font.as_ref().and_then(|f| maps.get(f)).cloned().unwrap_or_default();
                    let mut text = String::new();
                    let strings: Vec<&Object> = if op.operator == "Tj" {
                        operands.iter().collect()
                    } else {
                        operands[0].as_array().map(|a| a.iter().collect()).unwrap_or_default()
                    };
                    for s in strings {
                        if let Ok(bytes) = s.as_str() {
                            for pair in bytes.chunks(2) {
                                let code = u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
                                text.push_str(map.get(&code).map(String::as_str).unwrap_or("\u{FFFD}"));
                            }
                        }
                    }
                    let ctm = ctm_stack.last().copied().unwrap_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
                    let page = multiply(&tm, &ctm);
                    runs.push(DrawnText {
                        text,
                        size: size * scale(&page),
                        x: page[4],
                        y: page[5],
                        font: base,
                        mcid: marked.iter().rev().find_map(|(_, m)| *m),
                        fill: fill.clone(),
                        fill_operator: fill_operator.clone(),
                        artifact: marked.iter().any(|(t, _)| t == "Artifact"),
                    });
                }
                _ => {}
            }
        }
        runs
    }

    /// Painting operators drawn outside any marked-content sequence (neither tagged
    /// content nor an artifact). PDF/UA requires none.
    pub fn untagged_paint_operations(&self, index: usize) -> Vec<String> {
        let page = self.pages()[index];
        let content = lopdf::content::Content::decode(&self.doc.get_page_content(page)).unwrap();
        let mut depth = 0usize;
        let mut untagged = Vec::new();
        for op in content.operations {
            match op.operator.as_str() {
                "BDC" | "BMC" => depth += 1,
                "EMC" => depth = depth.saturating_sub(1),
                "f" | "F" | "f*" | "S" | "s" | "B" | "B*" | "b" | "b*" | "Tj" | "TJ" | "'" | "\"" | "Do" | "sh"
                    if depth == 0 =>
                {
                    untagged.push(op.operator.clone())
                }
                _ => {}
            }
        }
        untagged
    }

    /// Everything painted on a page, with its bounding box in PDF page space (y up), its
    /// colour operator, and whether it was inside an artifact sequence.
    pub fn painted(&self, index: usize) -> Vec<Painted> {
        type M = [f32; 6];
        type Colour = (String, Vec<f32>);
        fn apply(m: M, x: f32, y: f32) -> (f32, f32) {
            (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
        }
        let page = self.pages()[index];
        let content = lopdf::content::Content::decode(&self.doc.get_page_content(page)).unwrap();
        let mut ctm: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let mut stack: Vec<(M, Colour, Colour, f32)> = Vec::new();
        let mut fill = (String::new(), Vec::new());
        let mut stroke = (String::new(), Vec::new());
        let mut line_width = 1.0f32;
        let mut path: Vec<(f32, f32)> = Vec::new();
        let mut marked: Vec<String> = Vec::new();
        let mut tm: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let mut out = Vec::new();
        let bbox = |points: &[(f32, f32)]| {
            let xs = points.iter().map(|p| p.0);
            let ys = points.iter().map(|p| p.1);
            [
                xs.clone().fold(f32::MAX, f32::min),
                ys.clone().fold(f32::MAX, f32::min),
                xs.fold(f32::MIN, f32::max),
                ys.fold(f32::MIN, f32::max),
            ]
        };
        for op in content.operations {
            let n: Vec<f32> = op.operands.iter().map(number).collect();
            match op.operator.as_str() {
                "q" => stack.push((ctm, fill.clone(), stroke.clone(), line_width)),
                "Q" => {
                    if let Some((m, f, s, w)) = stack.pop() {
                        ctm = m;
                        fill = f;
                        stroke = s;
                        line_width = w;
                    }
                }
                "cm" => ctm = multiply(&[n[0], n[1], n[2], n[3], n[4], n[5]], &ctm),
                "w" => line_width = n[0],
                "rg" | "k" | "g" | "sc" | "scn" => fill = (op.operator.clone(), n.clone()),
                "RG" | "K" | "G" | "SC" | "SCN" => stroke = (op.operator.clone(), n.clone()),
                "m" | "l" => path.push(apply(ctm, n[0], n[1])),
                "c" => {
                    path.push(apply(ctm, n[4], n[5]));
                }
                "re" => {
                    for (x, y) in [(n[0], n[1]), (n[0] + n[2], n[1] + n[3])] {
                        path.push(apply(ctm, x, y));
                    }
                }
                "BDC" | "BMC" => marked.push(
                    op.operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .map(|n| String::from_utf8_lossy(n).into_owned())
                        .unwrap_or_default(),
                ),
                "EMC" => {
                    marked.pop();
                }
                "Tm" => tm = [n[0], n[1], n[2], n[3], n[4], n[5]],
                "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "n" => {
                    if op.operator != "n" && !path.is_empty() {
                        let stroked = matches!(op.operator.as_str(), "S" | "s" | "B" | "B*" | "b" | "b*");
                        out.push(Painted {
                            operator: op.operator.clone(),
                            bbox: bbox(&path),
                            colour: if stroked { stroke.clone() } else { fill.clone() },
                            line_width,
                            artifact: marked.iter().any(|t| t == "Artifact"),
                        });
                    }
                    path.clear();
                }
                "Tj" | "TJ" => {
                    let (x, y) = apply(multiply(&tm, &ctm), 0.0, 0.0);
                    out.push(Painted {
                        operator: op.operator.clone(),
                        bbox: [x, y, x, y],
                        colour: fill.clone(),
                        line_width,
                        artifact: marked.iter().any(|t| t == "Artifact"),
                    });
                }
                "Do" => {
                    let points = [apply(ctm, 0.0, 0.0), apply(ctm, 1.0, 1.0)];
                    out.push(Painted {
                        operator: op.operator.clone(),
                        bbox: bbox(&points),
                        colour: fill.clone(),
                        line_width,
                        artifact: marked.iter().any(|t| t == "Artifact"),
                    });
                }
                _ => {}
            }
        }
        out
    }

    /// All text of all pages, in drawing order, lines joined with spaces.
    pub fn text(&self) -> String {
        (0..self.pages().len()).flat_map(|i| self.drawn_text(i)).map(|t| t.text).collect::<Vec<_>>().join("")
    }

    /// The structure tree, depth-first in tree (reading) order.
    pub fn structure(&self) -> Vec<Element> {
        let (page_index, texts) = self.marked_texts();
        let mut out = Vec::new();
        if let Some(kids) = self.structure_kids() {
            self.walk(kids, 0, None, &page_index, &texts, &mut out);
        }
        out
    }

    /// Each page's index by its object id, and the text drawn in each marked-content
    /// sequence by (page index, MCID): what a structure element's content points at.
    fn marked_texts(&self) -> (HashMap<ObjectId, usize>, HashMap<(usize, i64), String>) {
        let pages: HashMap<ObjectId, usize> = self.pages().iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let mut texts: HashMap<(usize, i64), String> = HashMap::new();
        for index in 0..self.pages().len() {
            for run in self.drawn_text(index) {
                if let Some(mcid) = run.mcid {
                    texts.entry((index, mcid)).or_default().push_str(&run.text);
                }
            }
        }
        (pages, texts)
    }

    /// The structure tree root's kids, if it has any.
    fn structure_kids(&self) -> Option<&Object> {
        let root = self.resolve(self.catalog().get(b"StructTreeRoot").expect("StructTreeRoot")).as_dict().unwrap();
        root.get(b"K").ok()
    }

    /// Every image XObject in the file.
    pub fn images(&self) -> Vec<&lopdf::Stream> {
        self.doc
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .filter(|s| s.dict.get(b"Subtype").ok().and_then(|t| t.as_name().ok()) == Some(b"Image"))
            .collect()
    }

    fn walk(
        &self,
        kids: &Object,
        depth: usize,
        page: Option<usize>,
        pages: &HashMap<ObjectId, usize>,
        texts: &HashMap<(usize, i64), String>,
        out: &mut Vec<Element>,
    ) -> (String, Vec<(usize, i64)>) {
        let mut text = String::new();
        let mut content = Vec::new();
        // The page an element names with /Pg, or else its parent's.
        let page_of = |d: &Dictionary| {
            d.get(b"Pg").ok().and_then(|p| p.as_reference().ok()).and_then(|r| pages.get(&r).copied()).or(page)
        };
        let items: Vec<&Object> = match self.resolve(kids) {
            Object::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        for item in items {
            match self.resolve(item) {
                Object::Integer(mcid) => {
                    if let Some(p) = page {
                        text.push_str(texts.get(&(p, *mcid)).map(String::as_str).unwrap_or(""));
                        content.push((p, *mcid));
                    }
                }
                Object::Dictionary(d) if d.has(b"S") => {
                    let tag = String::from_utf8_lossy(d.get(b"S").unwrap().as_name().unwrap()).into_owned();
                    let own_page = page_of(d);
                    let position = out.len();
                    out.push(Element {
                        tag,
                        depth,
                        title: d.get(b"T").ok().and_then(|t| lopdf::decode_text_string(self.resolve(t)).ok()),
                        alt: d.get(b"Alt").ok().and_then(|t| lopdf::decode_text_string(self.resolve(t)).ok()),
                        actual_text: d
                            .get(b"ActualText")
                            .ok()
                            .and_then(|t| lopdf::decode_text_string(self.resolve(t)).ok()),
                        lang: d.get(b"Lang").ok().and_then(|t| lopdf::decode_text_string(self.resolve(t)).ok()),
                        text: String::new(),
                        content: Vec::new(),
                    });
                    let (child_text, child_content) = match d.get(b"K") {
                        Ok(k) => self.walk(k, depth + 1, own_page, pages, texts, out),
                        Err(_) => (String::new(), Vec::new()),
                    };
                    out[position].text = child_text.clone();
                    out[position].content = child_content.clone();
                    text.push_str(&child_text);
                    content.extend(child_content);
                }
                Object::Dictionary(d) if d.has(b"MCID") => {
                    let own_page = page_of(d);
                    if let (Some(p), Ok(mcid)) = (own_page, d.get(b"MCID").and_then(Object::as_i64)) {
                        text.push_str(texts.get(&(p, mcid)).map(String::as_str).unwrap_or(""));
                        content.push((p, mcid));
                    }
                }
                _ => {} // object references to annotations (OBJR)
            }
        }
        (text, content)
    }

    /// The outline (bookmarks), depth-first: (depth, title), depth 0 at the top.
    pub fn outline(&self) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        if let Some(first) = self
            .catalog()
            .get(b"Outlines")
            .ok()
            .and_then(|o| self.resolve(o).as_dict().ok())
            .and_then(|o| o.get(b"First").ok())
        {
            self.outline_items(first, 0, &mut out);
        }
        out
    }

    fn outline_items(&self, first: &Object, depth: usize, out: &mut Vec<(usize, String)>) {
        let mut next = Some(first);
        while let Some(item) = next {
            let Ok(dict) = self.resolve(item).as_dict() else { break };
            let title = dict.get(b"Title").ok().and_then(|t| lopdf::decode_text_string(self.resolve(t)).ok());
            out.push((depth, title.unwrap_or_default()));
            if let Ok(child) = dict.get(b"First") {
                self.outline_items(child, depth + 1, out);
            }
            next = dict.get(b"Next").ok();
        }
    }

    /// What a screen reader reads, in tag order: the text of the marked content, except
    /// where an element gives `/ActualText` (said instead of its content) or is a
    /// `Figure` (its `/Alt` is said instead).
    pub fn heard(&self) -> String {
        let (pages, texts) = self.marked_texts();
        let mut out = String::new();
        if let Some(kids) = self.structure_kids() {
            self.hear(kids, None, &pages, &texts, &mut out);
        }
        out
    }

    fn hear(
        &self,
        kids: &Object,
        page: Option<usize>,
        pages: &HashMap<ObjectId, usize>,
        texts: &HashMap<(usize, i64), String>,
        out: &mut String,
    ) {
        let items: Vec<&Object> = match self.resolve(kids) {
            Object::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        let string =
            |d: &Dictionary, key: &[u8]| d.get(key).ok().and_then(|t| lopdf::decode_text_string(self.resolve(t)).ok());
        for item in items {
            match self.resolve(item) {
                Object::Integer(mcid) => {
                    if let Some(p) = page {
                        out.push_str(texts.get(&(p, *mcid)).map(String::as_str).unwrap_or(""));
                    }
                }
                Object::Dictionary(d) if d.has(b"S") => {
                    let own_page = d
                        .get(b"Pg")
                        .ok()
                        .and_then(|p| p.as_reference().ok())
                        .and_then(|r| pages.get(&r).copied())
                        .or(page);
                    let figure = d.get(b"S").ok().and_then(|s| s.as_name().ok()) == Some(b"Figure");
                    if let Some(said) = string(d, b"ActualText").or_else(|| figure.then(|| string(d, b"Alt")).flatten())
                    {
                        out.push_str(&said);
                    } else if let Ok(k) = d.get(b"K") {
                        self.hear(k, own_page, pages, texts, out);
                    }
                }
                Object::Dictionary(d) if d.has(b"MCID") => {
                    let own_page = d
                        .get(b"Pg")
                        .ok()
                        .and_then(|p| p.as_reference().ok())
                        .and_then(|r| pages.get(&r).copied())
                        .or(page);
                    if let (Some(p), Ok(mcid)) = (own_page, d.get(b"MCID").and_then(Object::as_i64)) {
                        out.push_str(texts.get(&(p, mcid)).map(String::as_str).unwrap_or(""));
                    }
                }
                _ => {}
            }
        }
    }

    /// Link annotations of a page: (URI, /Contents).
    pub fn links(&self, index: usize) -> Vec<(String, String)> {
        let Ok(annots) = self.page_dict(index).get(b"Annots") else { return Vec::new() };
        let mut links = Vec::new();
        for annot in self.resolve(annots).as_array().unwrap() {
            let dict = self.resolve(annot).as_dict().unwrap();
            if dict.get(b"Subtype").ok().and_then(|s| s.as_name().ok()) != Some(b"Link") {
                continue;
            }
            let uri = dict
                .get(b"A")
                .ok()
                .and_then(|a| self.resolve(a).as_dict().ok())
                .and_then(|a| a.get(b"URI").ok())
                .and_then(|u| u.as_str().ok())
                .map(|u| String::from_utf8_lossy(u).into_owned())
                .unwrap_or_default();
            let contents = dict
                .get(b"Contents")
                .ok()
                .and_then(|c| lopdf::decode_text_string(self.resolve(c)).ok())
                .unwrap_or_default();
            links.push((uri, contents));
        }
        links
    }

    /// Every font used on any page: (base name, has an embedded font file).
    pub fn fonts(&self) -> BTreeMap<String, bool> {
        let mut fonts = BTreeMap::new();
        for page in self.pages() {
            for (_, font) in self.doc.get_page_fonts(page).unwrap_or_default() {
                let base = base_font(font);
                let descendant = font
                    .get(b"DescendantFonts")
                    .ok()
                    .and_then(|d| self.resolve(d).as_array().ok())
                    .and_then(|a| a.first())
                    .and_then(|f| self.resolve(f).as_dict().ok());
                let descriptor = descendant
                    .or(Some(font))
                    .and_then(|f| f.get(b"FontDescriptor").ok())
                    .and_then(|d| self.resolve(d).as_dict().ok());
                let embedded =
                    descriptor.is_some_and(|d| d.has(b"FontFile2") || d.has(b"FontFile3") || d.has(b"FontFile"));
                fonts.insert(base, embedded);
            }
        }
        fonts
    }
}

/// A font dictionary's /BaseFont name.
fn base_font(font: &Dictionary) -> String {
    font.get(b"BaseFont")
        .ok()
        .and_then(|b| b.as_name().ok())
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default()
}

/// The matrix product `m` x `n` of two PDF transformation matrices [a b c d e f].
fn multiply(m: &[f32; 6], n: &[f32; 6]) -> [f32; 6] {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

pub fn number(object: &Object) -> f32 {
    match object {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        _ => f32::NAN,
    }
}

/// Read `bfchar` and `bfrange` entries of a ToUnicode CMap.
fn parse_cmap(text: &str, map: &mut HashMap<u16, String>) {
    let hex = |s: &str| -> Option<Vec<u16>> {
        let s = s.trim().trim_start_matches('<').trim_end_matches('>');
        (0..s.len()).step_by(4).map(|i| u16::from_str_radix(s.get(i..i + 4)?, 16).ok()).collect()
    };
    let decode = |units: &[u16]| String::from_utf16_lossy(units);
    let mut section = "";
    for line in text.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            section = "char";
            continue;
        }
        if line.ends_with("beginbfrange") {
            section = "range";
            continue;
        }
        if line.starts_with("endbf") {
            section = "";
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        match (section, parts.as_slice()) {
            ("char", [code, value]) => {
                if let (Some(code), Some(value)) = (hex(code), hex(value)) {
                    map.insert(code[0], decode(&value));
                }
            }
            ("range", [start, end, value]) if value.starts_with('<') => {
                if let (Some(s), Some(e), Some(v)) = (hex(start), hex(end), hex(value)) {
                    for (offset, code) in (s[0]..=e[0]).enumerate() {
                        let mut units = v.clone();
                        if let Some(last) = units.last_mut() {
                            *last += offset as u16;
                        }
                        map.insert(code, decode(&units));
                    }
                }
            }
            _ => {}
        }
    }
}

/// CIELAB (D50, relative to the medium) of packed 8-bit samples in `layout` through
/// `source`, via moxcms's Lab profile connected in Lab: the tests' own reading of a colour,
/// made apart from the crate's (`cmyk_difference` does the same inside it).
pub fn lab_of(
    source: &moxcms::ColorProfile,
    layout: moxcms::Layout,
    samples: &[u8],
    options: moxcms::TransformOptions,
) -> Vec<[f64; 3]> {
    let mut lab = moxcms::ColorProfile::new_lab();
    lab.pcs = moxcms::DataColorSpace::Lab;
    let t = source.create_transform_f64(layout, &lab, moxcms::Layout::Rgb, options).unwrap();
    let input: Vec<f64> = samples.iter().map(|&v| f64::from(v) / 255.0).collect();
    let mut out = vec![0f64; samples.len() / layout.channels() * 3];
    t.transform(&input, &mut out).unwrap();
    out.chunks_exact(3).map(|c| [c[0] * 100.0, c[1] * 255.0 - 128.0, c[2] * 255.0 - 128.0]).collect()
}
