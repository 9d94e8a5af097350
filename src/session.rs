//! Running the pipeline. A [`Session`] loads what every build shares (the product table,
//! the fonts, the default region) once and keeps what documents share (layouts, content,
//! merged regions, pictograms, logo images); [`Session::build`] takes one [`Job`] through
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
use crate::render::{self, LogoImages, PdfFonts, RenderOptions};
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
pub struct BuiltCopies {
    pub copies: Vec<Built>,
    pub warnings: Vec<Diagnostic>,
}

/// A region as far as its file reads ([`Session::read_region`]).
pub struct RegionReading {
    /// The file's right values laid over `uk`; `None` if the file could not be parsed.
    pub region: Option<Region>,
    pub problems: Errors,
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
    /// Logos as the PDF images copies draw, made once for all of a force's documents.
    logos: LogoImages,
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
            logos: LogoImages::default(),
        })
    }

    /// Make print copies for this press condition and ink limit (a release file's choice).
    /// Region files are read again: their written CMYK is held to this ink limit.
    pub fn set_print_settings(&mut self, print: PrintSettings) {
        self.print = print;
        self.regions = Mutex::default();
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
        let read = || {
            let reading = self.read_region(source)?;
            reading.problems.into_result()?;
            reading.region.ok_or_else(|| Errors::one(Diagnostic::error("the region file could not be read")))
        };
        // A region given in memory changes with every edit in the browser page: it is read
        // each time, not kept.
        if let RegionSource::Given(_) = source {
            return read();
        }
        let merged = cached(&self.regions, source.clone(), read)?;
        Ok(merged.as_ref().clone())
    }

    /// A region as far as its file reads: every problem in the file (syntax; or schema,
    /// meaning and numbers near the national ones, together), and the region made of the
    /// file's right values over `uk`, so `check` can also say what those do to each
    /// document. An error only when the region does not exist or cannot be read at all.
    pub fn read_region(&self, source: &RegionSource) -> Result<RegionReading> {
        let read = match source {
            RegionSource::Id(id) if id == DEFAULT_REGION => {
                let region = resolve::merge_region(&self.base_region, None)?;
                return Ok(RegionReading { region: Some(region), problems: Errors::default() });
            }
            RegionSource::Id(id) => self.definitions.read_region(id, self.print.ink_limit)?,
            RegionSource::File(path) => self.definitions.read_region_file(path, self.print.ink_limit)?,
            RegionSource::Given(given) => self.definitions.read_region_given(given, self.print.ink_limit)?,
        };
        let mut problems = read.problems;
        let region = read.region.and_then(|loaded| {
            if let Some(national) = &self.base_region.national {
                problems.0.extend(resolve::near_national(&loaded, national).0);
            }
            match resolve::merge_region(&self.base_region, Some(&loaded)) {
                Ok(region) => Some(region),
                Err(e) => {
                    problems.0.extend(e.0);
                    None
                }
            }
        });
        Ok(RegionReading { region, problems })
    }

    /// Load and resolve one job: the document tree, before composition.
    pub fn resolve(&self, job: &Job, date: Option<Date>) -> Result<Document> {
        Ok(self.resolve_with_region(job, self.region(&job.region)?, date)?.0)
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
        region: Region,
        date: Option<Date>,
    ) -> Result<(Document, Region, Profile, Arc<Loaded<Content>>)> {
        let variant = self.variant(job)?;
        self.resolve_in(job, &variant.layout, region, date)
    }

    fn variant(&self, job: &Job) -> Result<&crate::load::Variant> {
        let product = self.products().product(&job.product).ok_or_else(|| unknown("product", &job.product, &[]))?;
        Ok(product.variant(&job.variant).ok_or_else(|| unknown("variant", &job.variant, &[]))?)
    }

    /// Resolve a job with the layout `layout_id` (the variant's own or its roomy one).
    fn resolve_in(
        &self,
        job: &Job,
        layout_id: &str,
        region: Region,
        date: Option<Date>,
    ) -> Result<(Document, Region, Profile, Arc<Loaded<Content>>)> {
        let variant = self.variant(job)?;
        let layout = cached(&self.layouts, layout_id.to_string(), || self.definitions.layout(layout_id))?;
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
    /// A region file with mistakes fails the job with every one of them, and with what the
    /// rest of the file does to this document (an overflow, a contrast), so a force fixes
    /// everything in one pass.
    pub fn check(&self, job: &Job, engine: &mut TextEngine, date: Option<Date>) -> Result<Checked> {
        let mut problems = match self.region(&job.region) {
            Ok(region) => return self.check_with(job, region, engine, date),
            Err(problems) => problems,
        };
        if let Ok(RegionReading { region: Some(rest), .. }) = self.read_region(&job.region) {
            match self.check_with(job, rest, engine, date) {
                Ok(checked) => problems.0.extend(checked.findings.into_iter().filter(Diagnostic::is_error)),
                Err(errors) => problems.0.extend(errors.0),
            }
        }
        Err(problems)
    }

    /// [`Session::check`] with a region given rather than loaded for the job: what a
    /// region file's right values do to the document while the file still has mistakes.
    pub fn check_with(
        &self,
        job: &Job,
        region: Region,
        engine: &mut TextEngine,
        date: Option<Date>,
    ) -> Result<Checked> {
        let max_pages = self.variant(job)?.max_pages;
        let (mut document, mut region, mut profile, mut content) = self.resolve_with_region(job, region, date)?;
        let composed = match compose::compose_within(&document, engine, Some(max_pages)) {
            Ok(composed) => composed,
            // A region's own contacts that do not fit: the variant's roomy layout, if it
            // has one, arranges the same words with more room for them. When that does not
            // fit either, the errors are the variant's own layout's.
            Err(errors) => match self.variant(job)?.roomy_layout.as_deref() {
                Some(roomy) if errors.0.iter().all(|e| e.rule == Some(Rule::Overflow) && e.key.is_some()) => {
                    let resolved = self.resolve_in(job, roomy, region, date)?;
                    let composed = compose::compose_within(&resolved.0, engine, Some(max_pages)).map_err(|_| errors)?;
                    (document, region, profile, content) = resolved;
                    composed
                }
                _ => return Err(errors),
            },
        };
        let mut findings = check::check(&document, &composed, profile);
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
    pub fn build_copies(
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
            let bytes = render::render(
                &checked.document,
                &checked.composed,
                &self.pdf_fonts,
                &self.logos,
                *options,
                &self.print,
            )?;
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
