//! The browser page's way into `handout`: a hand-written export layer over the library,
//! compiled to `wasm32-unknown-unknown`. The page writes a JSON request (and a logo's
//! bytes) into memory it asked for with [`alloc`], calls [`call`], and reads the reply
//! from [`reply_ptr`] / [`reply_len`]. A reply is a little-endian `u32` length, that many
//! bytes of JSON, then the binary parts the JSON points into (the PDF, each page's pixels).
//!
//! Requests (`op`):
//! - `catalogue`: the built-in regions (id, force name), products, variants and languages,
//!   and whether this build makes print copies (`print`);
//! - `region`: a built-in region file (`id`), as JSON for the form and as its text;
//! - `build`: a region file's text (+ the chosen logo), product, variant, lang ->
//!   the web PDF and its pages as RGBA pixels (rendered from the PDF's bytes by hayro), or
//!   the tool's diagnostics (file, line, column, key, message, hint), the same as the CLI's;
//!   a PDF comes with the warnings the CLI prints beside it (`warnings`). With
//!   `"print": true`, the print copy instead (PDF/X-4 for FOGRA39 at the 300% ink limit,
//!   as `handout build --print` makes it), in the same reply.
//! - `everything`: a region file's text (+ logo) -> one zip of every product x variant x
//!   the force's languages (the jobs `handout build --region-file` makes), with the region
//!   file and the logo beside them, or the diagnostics of the first job that fails.
//!
//! Everything here is pure computation; nothing is fetched or sent.

use std::cell::RefCell;
use std::sync::Arc;

use handout::error::Diagnostic;
use handout::jobs::{GivenRegion, Job, RegionSource, Selection};
use handout::load::{AttachedLogo, Definitions};
use handout::render::RenderOptions;
use handout::session::Session;
use serde::Deserialize;
use serde_json::{Value, json};

mod raster;
mod zip;

thread_local! {
    /// One session for the page's lifetime: fonts, layouts and content are loaded once.
    static SESSION: RefCell<Option<Result<Session, Vec<Diagnostic>>>> = const { RefCell::new(None) };
    /// The last reply, until the page has copied it out.
    static REPLY: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Memory for the page to write a request into; ownership passes back with [`call`].
#[unsafe(no_mangle)]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    Box::into_raw(vec![0u8; len].into_boxed_slice()).cast()
}

/// Answer one request. `request` and `logo` were made by [`alloc`] with these lengths (a
/// null `logo` for none) and are freed here. Returns the reply's length.
///
/// # Safety
/// The pointers must come from [`alloc`] with exactly these lengths, and not be used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn call(request: *mut u8, request_len: usize, logo: *mut u8, logo_len: usize) -> usize {
    // SAFETY: the caller passes buffers from `alloc` with their lengths, once.
    let take = |ptr: *mut u8, len: usize| unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)) };
    let request = take(request, request_len);
    let logo = (!logo.is_null()).then(|| take(logo, logo_len).into_vec());
    let reply = answer(&request, logo);
    REPLY.with(|r| {
        *r.borrow_mut() = reply;
        r.borrow().len()
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn reply_ptr() -> *const u8 {
    REPLY.with(|r| r.borrow().as_ptr())
}

#[unsafe(no_mangle)]
pub extern "C" fn reply_len() -> usize {
    REPLY.with(|r| r.borrow().len())
}

#[derive(Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
enum Request {
    Catalogue,
    Region { id: String },
    Build(BuildRequest),
    Everything(EverythingRequest),
}

#[derive(Deserialize)]
struct EverythingRequest {
    region_name: String,
    region_text: String,
    logo_name: Option<String>,
}

#[derive(Deserialize)]
struct BuildRequest {
    /// The region file's name, `kent.toml`: errors and the PDF's file name use it.
    region_name: String,
    region_text: String,
    /// The chosen logo's file name (its bytes come beside the request).
    logo_name: Option<String>,
    product: String,
    variant: String,
    lang: String,
    /// Preview resolution in pixels per inch; no preview when 0.
    #[serde(default)]
    preview_ppi: f32,
    /// The print copy rather than the web copy.
    #[serde(default)]
    print: bool,
}

/// A reply: JSON and the binary parts it points into (`[offset, length]` after the JSON).
struct Reply {
    json: Value,
    parts: Vec<u8>,
}

/// Append `bytes` to a reply's binary parts; where they are, for the JSON.
fn part(parts: &mut Vec<u8>, bytes: &[u8]) -> Value {
    let at = parts.len();
    parts.extend_from_slice(bytes);
    json!([at, bytes.len()])
}

impl Reply {
    fn into_bytes(self) -> Vec<u8> {
        let json = serde_json::to_vec(&self.json).unwrap_or_else(|_| b"{}".to_vec());
        let mut out = Vec::with_capacity(4 + json.len() + self.parts.len());
        out.extend_from_slice(&(json.len() as u32).to_le_bytes());
        out.extend_from_slice(&json);
        out.extend_from_slice(&self.parts);
        out
    }
}

fn failed(diagnostics: &[Diagnostic]) -> Value {
    json!({ "ok": false, "diagnostics": diagnostics })
}

/// One request's reply, as [`call`] leaves it for the page: what the exported functions
/// do, without the pointers (the tests call it natively).
pub fn answer(request: &[u8], logo: Option<Vec<u8>>) -> Vec<u8> {
    let mut reply = Reply { json: Value::Null, parts: Vec::new() };
    reply.json = match serde_json::from_slice::<Request>(request) {
        Err(e) => failed(&[Diagnostic::error(format!("the page sent a request the engine does not know: {e}"))]),
        Ok(request) => with_session(|session| match request {
            Request::Catalogue => Ok(catalogue(session)),
            Request::Region { id } => region(&session.definitions, &id),
            Request::Build(build) => build_pdf(session, build, logo, &mut reply.parts),
            Request::Everything(request) => everything(session, request, logo, &mut reply.parts),
        })
        .unwrap_or_else(|d| failed(&d)),
    };
    reply.into_bytes()
}

fn with_session(f: impl FnOnce(&Session) -> Result<Value, Vec<Diagnostic>>) -> Result<Value, Vec<Diagnostic>> {
    SESSION.with(|cell| {
        let mut slot = cell.borrow_mut();
        let session = slot.get_or_insert_with(|| Session::new(Definitions::embedded()).map_err(|e| e.0));
        match session {
            Ok(session) => f(session),
            Err(errors) => Err(errors.clone()),
        }
    })
}

fn catalogue(session: &Session) -> Value {
    let definitions = &session.definitions;
    let regions: Vec<Value> = definitions
        .region_ids()
        .into_iter()
        .filter_map(|id| {
            let region = session.region(&RegionSource::Id(id.clone())).ok()?;
            Some(json!({ "id": id, "name": region.name }))
        })
        .collect();
    let products: Vec<Value> = session
        .products()
        .products
        .iter()
        .map(|product| {
            let variants: Vec<Value> = product
                .variants
                .iter()
                .map(|v| json!({ "id": v.id, "languages": definitions.languages(&v.content) }))
                .collect();
            json!({ "id": product.id, "title": product.title, "variants": variants })
        })
        .collect();
    // Every build makes print copies since colour management is moxcms (Rust) everywhere;
    // the page still asks, so that it never offers what an engine cannot make.
    json!({ "ok": true, "regions": regions, "products": products, "print": true })
}

/// A built-in region file, parsed as TOML into JSON for the form, and its text.
fn region(definitions: &Definitions, id: &str) -> Result<Value, Vec<Diagnostic>> {
    if !definitions.region_ids().iter().any(|known| known == id) {
        return Err(vec![Diagnostic::error(format!("unknown region `{id}`"))]);
    }
    let file = definitions
        .read(&format!("regions/{id}.toml"))
        .map_err(|e| e.0)?
        .ok_or_else(|| vec![Diagnostic::error(format!("unknown region `{id}`"))])?;
    let text = String::from_utf8_lossy(&file.bytes).into_owned();
    let table: toml::Table =
        toml::from_str(&text).map_err(|e| vec![Diagnostic::error(format!("regions/{id}.toml: {e}"))])?;
    Ok(json!({ "ok": true, "id": id, "text": text, "region": table }))
}

fn build_pdf(
    session: &Session,
    request: BuildRequest,
    logo: Option<Vec<u8>>,
    parts: &mut Vec<u8>,
) -> Result<Value, Vec<Diagnostic>> {
    let region = given(request.region_name, request.region_text, request.logo_name, logo);
    let job = Job { product: request.product, variant: request.variant, region, lang: request.lang };
    let mut engine = session.text_engine();
    // No date: the PDF carries the content's edition date, as the CLI does without
    // SOURCE_DATE_EPOCH, so the same region file gives the same bytes in both.
    let options = [RenderOptions { print: request.print }];
    let mut copies = session.build_copies(&job, &mut engine, None, &options, false).map_err(|e| e.0)?;
    let warnings = copies.warnings;
    let built = copies.copies.pop().ok_or_else(|| vec![Diagnostic::error("nothing was rendered")])?;
    let pdf = part(parts, &built.bytes);
    let mut pages = Vec::new();
    if request.preview_ppi > 0.0 {
        for page in raster::pages(&built.bytes, request.preview_ppi).map_err(|e| vec![Diagnostic::error(e)])? {
            let pixels = part(parts, &page.rgba);
            pages.push(json!({ "width": page.width, "height": page.height, "pixels": pixels }));
        }
    }
    Ok(json!({ "ok": true, "file_name": built.file_name, "pdf": pdf, "pages": pages, "warnings": warnings }))
}

/// A region given in memory, with the logo chosen for it.
fn given(name: String, text: String, logo_name: Option<String>, logo: Option<Vec<u8>>) -> RegionSource {
    let logo = match (logo_name, logo) {
        (Some(name), Some(bytes)) => Some(AttachedLogo { name, bytes: Arc::new(bytes) }),
        _ => None,
    };
    RegionSource::Given(Arc::new(GivenRegion { name, text, logo }))
}

/// Everything for the force in one zip, in a folder named after the region file:
/// `kent/kent.toml`, the logo beside it (so `handout build --region-file` works in the
/// unzipped folder), and each PDF the command line would build from that file.
fn everything(
    session: &Session,
    request: EverythingRequest,
    logo: Option<Vec<u8>>,
    parts: &mut Vec<u8>,
) -> Result<Value, Vec<Diagnostic>> {
    let logo_entry = request.logo_name.clone().zip(logo.clone());
    let region_file = request.region_name.clone();
    let region_text = request.region_text.clone();
    let region = given(request.region_name, request.region_text, request.logo_name, logo);
    let folder = region.name();
    let selection = Selection { regions: vec![region], ..Selection::default() };
    let jobs = session.jobs(&selection).map_err(|e| e.0)?;
    let copies = [RenderOptions { print: false }, RenderOptions { print: true }];
    let mut engine = session.text_engine();
    let mut entries = vec![zip::Entry { path: format!("{folder}/{region_file}"), bytes: region_text.into_bytes() }];
    if let Some((name, bytes)) = logo_entry {
        entries.push(zip::Entry { path: format!("{folder}/{name}"), bytes });
    }
    let mut date = None;
    let mut names = Vec::new();
    for job in &jobs {
        let built = session.build_copies(job, &mut engine, None, &copies, false).map_err(|e| e.0)?;
        for copy in built.copies {
            date.get_or_insert(copy.date);
            names.push(copy.file_name.clone());
            entries.push(zip::Entry { path: format!("{folder}/{}", copy.file_name), bytes: copy.bytes });
        }
    }
    let date = date.ok_or_else(|| vec![Diagnostic::error("nothing was built")])?;
    let bytes = zip::stored(&entries, date).map_err(|e| vec![Diagnostic::error(e)])?;
    let zip = part(parts, &bytes);
    Ok(json!({ "ok": true, "file_name": format!("{folder}-everything.zip"), "zip": zip, "pdfs": names }))
}
