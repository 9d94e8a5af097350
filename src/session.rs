//! Running the pipeline. A [`Session`] loads what every build shares (the product table,
//! the fonts, the default region) once and keeps what documents share (layouts, content,
//! merged regions, pictograms); [`Session::build`] takes one [`Job`] through
//! load -> resolve -> compose -> check -> render and returns the PDF bytes.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

use crate::check;
use crate::compose::{self, Composed, TextEngine};
use crate::date::Date;
use crate::error::{Diagnostic, Errors, Result, Rule};
use crate::fonts::FontFiles;
use crate::jobs::{self, Job, RegionSource, Selection, output_name, unknown};
use crate::kinds::Profile;
use crate::load::{Content, DEFAULT_REGION, Definitions, Layout, Loaded, LoadedRegion, PictogramCache, Products};
use crate::pdfx::PrintSettings;
use crate::preflight::{self, Report};
use crate::render::{self, PdfFonts, RenderOptions};
use crate::resolve::{self, Document, Region};

/// A finished build of one copy (web or print) of one job.
pub struct Built {
    pub job: Job,
    /// `<product>-<variant>-<region>-<lang>.pdf`, or `...-print.pdf` for the print copy.
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// The preflight of a print copy, read back from its bytes; for print copies only.
    pub preflight: Option<Report>,
    /// The date written into the PDF.
    pub date: Date,
}

/// Every copy of one job, and the warnings about any of them (the checks' findings, and
/// the print copy's preflight warnings).
pub(crate) struct BuiltCopies {
    pub copies: Vec<Built>,
    pub warnings: Vec<Diagnostic>,
}

/// A composed document and its check findings, before rendering.
pub struct Checked {
    pub document: Document,
    pub composed: Composed,
    pub findings: Vec<Diagnostic>,
    /// Warnings about the figures' sources (editions, the list of sources), for
    /// `handout check`; a build does not repeat them.
    pub source_findings: Vec<Diagnostic>,
    pub region: Region,
    pub profile: Profile,
}

pub struct Session {
    pub definitions: Definitions,
    products: Loaded<Products>,
    fonts: FontFiles,
    pdf_fonts: PdfFonts,
    base_region: LoadedRegion,
    pictograms: PictogramCache,
    /// Layouts and content files, parsed once per session: every region of a release
    /// uses the same few (measured: parsing was about 8% of each document's build).
    layouts: Cached<String, Loaded<Layout>>,
    contents: Cached<(String, String), Loaded<Content>>,
    /// Regions merged over the default, once each: every product and variant of a
    /// release, and its manifest, use the same merge (and the same decoded logo).
    regions: Cached<RegionSource, Region>,
    /// What print copies are made for (press condition, ink limit).
    print: PrintSettings,
}

/// Definitions loaded once and shared by every thread; one that failed to load keeps
/// its errors, so each job that needs it reports them.
type Cached<K, V> = Mutex<HashMap<K, Result<Arc<V>>>>;

/// The value for `key`, loading it on first use.
fn cached<K: Eq + Hash, V>(cache: &Cached<K, V>, key: K, load: impl FnOnce() -> Result<V>) -> Result<Arc<V>> {
    // A poisoned lock only means another thread panicked; the map itself is still whole.
    let map = || cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(found) = map().get(&key) {
        return found.clone();
    }
    // Loaded without holding the lock, so other threads are not kept waiting. Two threads
    // loading the same key at once load the same value; the first one stored is kept.
    let loaded = load().map(Arc::new);
    map().entry(key).or_insert(loaded).clone()
}

impl Session {
    pub fn new(definitions: Definitions) -> Result<Session> {
        let products = definitions.products()?;
        let fonts = definitions.fonts()?;
        let pdf_fonts = PdfFonts::new(&fonts)?;
        let base_region = definitions.region(DEFAULT_REGION)?;
        Ok(Session {
            definitions,
            products,
            fonts,
            pdf_fonts,
            base_region,
            pictograms: PictogramCache::default(),
            layouts: Mutex::default(),
            contents: Mutex::default(),
            regions: Mutex::default(),
            print: PrintSettings::default(),
        })
    }

    /// Make print copies for this press condition and ink limit (a release file's choice).
    pub fn set_print_settings(&mut self, print: PrintSettings) {
        self.print = print;
    }

    pub fn print_settings(&self) -> &PrintSettings {
        &self.print
    }

    /// The krilla fonts every render of this session shares.
    pub fn pdf_fonts(&self) -> &PdfFonts {
        &self.pdf_fonts
    }

    pub fn products(&self) -> &Products {
        &self.products.value
    }

    /// A text engine for this session's fonts; make one per thread.
    pub fn text_engine(&self) -> TextEngine {
        TextEngine::new(&self.fonts)
    }

    /// Expand a selection into jobs, refusing names that do not exist (a usage error).
    pub fn jobs(&self, selection: &Selection) -> Result<Vec<Job>> {
        // A region file with mistakes is reported when its documents are built (bad input,
        // not a wrong command line), so here it just has no languages of its own.
        jobs::expand(selection, self.products(), &self.definitions, &|region| {
            Ok(self.region(region).ok().and_then(|r| r.languages.clone()))
        })
    }

    /// The complete region for a job: the region's file laid over `uk`.
    pub fn region(&self, source: &RegionSource) -> Result<Region> {
        // A region given in memory changes with every edit in the browser page: it is read
        // each time, not kept.
        if let RegionSource::Given(given) = source {
            return resolve::merge_region(&self.base_region, Some(&self.definitions.region_given(given)?));
        }
        let merged = cached(&self.regions, source.clone(), || match source {
            RegionSource::Id(id) if id == DEFAULT_REGION => resolve::merge_region(&self.base_region, None),
            RegionSource::Id(id) => resolve::merge_region(&self.base_region, Some(&self.definitions.region(id)?)),
            RegionSource::File(path) => {
                resolve::merge_region(&self.base_region, Some(&self.definitions.region_file(path)?))
            }
            RegionSource::Given(given) => {
                resolve::merge_region(&self.base_region, Some(&self.definitions.region_given(given)?))
            }
        })?;
        Ok(merged.as_ref().clone())
    }

    /// Load and resolve one job: the document tree, before composition.
    pub fn resolve(&self, job: &Job, date: Option<Date>) -> Result<Document> {
        Ok(self.resolve_with_region(job, date)?.0)
    }

    /// The document of a job with what made it: its region, profile and content.
    /// The content file a job is set from (loaded once per session).
    pub fn content(&self, job: &Job) -> Result<Arc<Loaded<Content>>> {
        let product = self.products().product(&job.product).ok_or_else(|| unknown("product", &job.product, &[]))?;
        let variant = product.variant(&job.variant).ok_or_else(|| unknown("variant", &job.variant, &[]))?;
        cached(&self.contents, (variant.content.clone(), job.lang.clone()), || {
            self.definitions.content(&variant.content, &job.lang)
        })
    }

    fn resolve_with_region(
        &self,
        job: &Job,
        date: Option<Date>,
    ) -> Result<(Document, Region, Profile, Arc<Loaded<Content>>)> {
        let product = self.products().product(&job.product).ok_or_else(|| unknown("product", &job.product, &[]))?;
        let variant = product.variant(&job.variant).ok_or_else(|| unknown("variant", &job.variant, &[]))?;
        let region = self.region(&job.region)?;
        let layout = cached(&self.layouts, variant.layout.clone(), || self.definitions.layout(&variant.layout))?;
        let content = cached(&self.contents, (variant.content.clone(), job.lang.clone()), || {
            self.definitions.content(&variant.content, &job.lang)
        })?;
        let document = resolve::resolve(&resolve::Inputs {
            product: &job.product,
            variant: &job.variant,
            lang: &job.lang,
            layout: &layout,
            content: &content,
            region: &region,
            pictograms: &self.pictograms.load(&self.definitions, content.value.pictogram_names()),
            date,
            profile: variant.profile,
        })?;
        Ok((document, region, variant.profile, content))
    }

    /// Load, resolve, compose and check one job, without rendering.
    pub fn check(&self, job: &Job, engine: &mut TextEngine, date: Option<Date>) -> Result<Checked> {
        let (document, region, profile, content) = self.resolve_with_region(job, date)?;
        let composed = compose::compose(&document, engine)?;
        let mut findings = check::check(&document, &composed, profile);
        let max_pages = self
            .products()
            .product(&job.product)
            .and_then(|p| p.variant(&job.variant))
            .map_or(crate::load::DEFAULT_MAX_PAGES, |v| v.max_pages);
        if composed.pages.len() > max_pages {
            findings.push(
                Diagnostic::error(format!(
                    "the {} {} is {} pages long; at most {max_pages} are allowed",
                    job.variant,
                    job.product,
                    composed.pages.len()
                ))
                .in_file(content.file.name.clone())
                .rule(Rule::Overflow)
                .hint("shorten the text, or raise max_pages for this variant in products.toml"),
            );
        }
        let mut source_findings = check::sources::content_sources(&content.value, &content.file);
        source_findings.extend(check::sources::printed_sources(&document));
        Ok(Checked { document, composed, findings, source_findings, region, profile })
    }

    /// Build one copy of one job's PDF. Fails if any check finds an error: no PDF that
    /// breaks an accessibility rule is ever produced.
    pub fn build(
        &self,
        job: &Job,
        engine: &mut TextEngine,
        date: Option<Date>,
        options: RenderOptions,
    ) -> Result<Built> {
        let mut built = self.build_copies(job, engine, date, &[options], false)?;
        built.copies.pop().ok_or_else(|| Errors::one(Diagnostic::error("nothing was rendered")))
    }

    /// Compose and check a job once, then render each copy asked for (web and print) and,
    /// with `html`, the HTML twin (`...-<lang>.html`), made from the same checked document.
    pub(crate) fn build_copies(
        &self,
        job: &Job,
        engine: &mut TextEngine,
        date: Option<Date>,
        copies: &[RenderOptions],
        html: bool,
    ) -> Result<BuiltCopies> {
        let checked = self.check(job, engine, date)?;
        let (errors, mut warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            checked.findings.into_iter().partition(Diagnostic::is_error);
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
        let mut built = Vec::new();
        for options in copies {
            let bytes = render::render(&checked.document, &checked.composed, &self.pdf_fonts, *options, &self.print)?;
            let mut file_name = output_name(job, &checked.region.id);
            let mut preflight = None;
            if options.print {
                file_name = file_name.replace(".pdf", "-print.pdf");
                // The print copy is judged as a print shop would, from its bytes; one that
                // fails is not written.
                let limits = preflight::Limits { ink_limit: self.print.ink_limit, ..preflight::Limits::default() };
                let report = preflight::inspect(&bytes, &limits);
                let finding = |level: fn(String) -> Diagnostic, text: String| {
                    level(format!("{file_name}: preflight: {text}")).rule(Rule::Preflight)
                };
                if !report.passed() {
                    return Err(Errors(
                        report
                            .failures()
                            .into_iter()
                            .map(|f| {
                                finding(Diagnostic::error, f)
                                    .hint("`handout preflight FILE` lists every check; an ink or colour finding names the colour to change")
                            })
                            .collect(),
                    ));
                }
                warnings.extend(report.warnings().into_iter().map(|w| finding(Diagnostic::warning, w)));
                preflight = Some(report);
            }
            built.push(Built { job: job.clone(), file_name, bytes, preflight, date: checked.document.meta.date });
        }
        if html {
            let page = crate::html::html(&checked.document, checked.profile)?;
            let file_name = output_name(job, &checked.region.id).replace(".pdf", ".html");
            built.push(Built {
                job: job.clone(),
                file_name,
                bytes: page.into_bytes(),
                preflight: None,
                date: checked.document.meta.date,
            });
        }
        Ok(BuiltCopies { copies: built, warnings })
    }
}
