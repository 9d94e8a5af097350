//! Running the pipeline. A [`Session`] loads what every build shares (the product table,
//! the fonts, the default region) once; [`Session::build`] takes one [`Job`] through
//! load -> resolve -> compose -> check -> render and returns the PDF bytes.

use std::collections::HashMap;
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::check;
use crate::compose::{self, Composed, TextEngine};
use crate::error::{Diagnostic, Errors, Result, Rule};
use crate::fonts::FontFiles;
use crate::kinds::Profile;
use crate::load::{
    Content, DEFAULT_REGION, Definitions, Layout, Loaded, LoadedRegion, PictogramCache, Products, suggest,
};
use crate::pdfx::PrintSettings;
use crate::preflight::{self, Report};
use crate::render::{self, PdfFonts, RenderOptions};
use crate::resolve::{self, Date, Document, Region};

/// The `--region` value that stands for every force's region.
pub const ALL_REGIONS: &str = "all";

/// Where a job's region comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RegionSource {
    /// A region the definitions carry: `regions/<id>.toml`.
    Id(String),
    /// A region file anywhere on disk (`--region-file`).
    File(PathBuf),
}

impl RegionSource {
    /// The region's id, or a region file's name without `.toml`: the region part of
    /// output file names.
    pub fn name(&self) -> String {
        match self {
            RegionSource::Id(id) => id.clone(),
            RegionSource::File(path) => {
                path.file_stem().map_or_else(|| "region".into(), |s| s.to_string_lossy().into_owned())
            }
        }
    }
}

/// One document to build: product x variant x region x language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub product: String,
    pub variant: String,
    pub region: RegionSource,
    pub lang: String,
}

/// What the user asked for; empty lists mean "all" (regions: the default region).
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub products: Vec<String>,
    pub variants: Vec<String>,
    pub regions: Vec<RegionSource>,
    pub langs: Vec<String>,
}

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

/// A composed document and its check findings, before rendering.
pub struct Checked {
    pub document: Document,
    pub composed: Composed,
    pub findings: Vec<Diagnostic>,
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
        let products = self.products();
        let all_products: Vec<&str> = products.products.iter().map(|p| p.id.as_str()).collect();
        for name in &selection.products {
            if products.product(name).is_none() {
                return Err(unknown("product", name, &all_products).into());
            }
        }
        let mut known_variants: Vec<&str> =
            products.products.iter().flat_map(|p| p.variants.iter().map(|v| v.id.as_str())).collect();
        known_variants.sort();
        known_variants.dedup();
        for name in &selection.variants {
            if !known_variants.contains(&name.as_str()) {
                return Err(unknown("variant", name, &known_variants).into());
            }
        }
        let known_regions = self.definitions.region_ids();
        // `all` stands for every force's region (not the force-neutral default).
        let mut expanded = Vec::new();
        for region in &selection.regions {
            match region {
                RegionSource::Id(id) if id == ALL_REGIONS => expanded
                    .extend(known_regions.iter().filter(|r| *r != DEFAULT_REGION).map(|r| RegionSource::Id(r.clone()))),
                other => expanded.push(other.clone()),
            }
        }
        for region in &expanded {
            if let RegionSource::Id(id) = region
                && !known_regions.contains(id)
            {
                return Err(unknown("region", id, &known_regions.iter().map(String::as_str).collect::<Vec<_>>())
                    .hint("`handout list --regions` shows them; `--region-file PATH` takes a file anywhere")
                    .into());
            }
        }
        let regions = if expanded.is_empty() { vec![RegionSource::Id(DEFAULT_REGION.to_string())] } else { expanded };

        let mut jobs = Vec::new();
        let mut languages_seen = Vec::new();
        for product in &products.products {
            if !selection.products.is_empty() && !selection.products.contains(&product.id) {
                continue;
            }
            for variant in &product.variants {
                if !selection.variants.is_empty() && !selection.variants.contains(&variant.id) {
                    continue;
                }
                let langs = self.definitions.languages(&variant.content);
                languages_seen.extend(langs.iter().cloned());
                for lang in langs {
                    if !selection.langs.is_empty() && !selection.langs.contains(&lang) {
                        continue;
                    }
                    for region in &regions {
                        jobs.push(Job {
                            product: product.id.clone(),
                            variant: variant.id.clone(),
                            region: region.clone(),
                            lang: lang.clone(),
                        });
                    }
                }
            }
        }
        for lang in &selection.langs {
            if !languages_seen.contains(lang) {
                return Err(
                    unknown("language", lang, &languages_seen.iter().map(String::as_str).collect::<Vec<_>>()).into()
                );
            }
        }
        // Two jobs must never write the same file (two region files of the same name).
        let mut names: HashMap<String, &RegionSource> = HashMap::new();
        for job in &jobs {
            if let Some(other) = names.insert(output_name(job, &job.region.name()), &job.region)
                && *other != job.region
            {
                return Err(Diagnostic::error(format!(
                    "{} and {} would both write {}",
                    describe(other),
                    describe(&job.region),
                    output_name(job, &job.region.name())
                ))
                .hint("rename one of the region files: its name becomes part of the PDF's name")
                .into());
            }
        }
        if jobs.is_empty() {
            return Err(Diagnostic::error("nothing to build: no product has that variant")
                .hint("`handout list` shows what can be built")
                .into());
        }
        Ok(jobs)
    }

    /// The complete region for a job: the region's file laid over `uk`.
    pub fn region(&self, source: &RegionSource) -> Result<Region> {
        let merged = cached(&self.regions, source.clone(), || match source {
            RegionSource::Id(id) if id == DEFAULT_REGION => resolve::merge_region(&self.base_region, None),
            RegionSource::Id(id) => resolve::merge_region(&self.base_region, Some(&self.definitions.region(id)?)),
            RegionSource::File(path) => {
                resolve::merge_region(&self.base_region, Some(&self.definitions.region_file(path)?))
            }
        })?;
        Ok(merged.as_ref().clone())
    }

    /// Load and resolve one job: the document tree, before composition.
    pub fn resolve(&self, job: &Job, date: Option<Date>) -> Result<Document> {
        Ok(self.resolve_with_region(job, date)?.0)
    }

    fn resolve_with_region(&self, job: &Job, date: Option<Date>) -> Result<(Document, Region, Profile)> {
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
        })?;
        Ok((document, region, variant.profile))
    }

    /// Load, resolve, compose and check one job, without rendering.
    pub fn check(&self, job: &Job, engine: &mut TextEngine, date: Option<Date>) -> Result<Checked> {
        let (document, region, profile) = self.resolve_with_region(job, date)?;
        let composed = compose::compose(&document, engine)?;
        let findings = check::check(&document, &composed, profile);
        Ok(Checked { document, composed, findings, region, profile })
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
        let mut built = self.build_copies(job, engine, date, &[options])?;
        built.copies.pop().ok_or_else(|| Errors::one(Diagnostic::error("nothing was rendered")))
    }

    /// Compose and check a job once, then render each copy asked for (web and print).
    pub fn build_copies(
        &self,
        job: &Job,
        engine: &mut TextEngine,
        date: Option<Date>,
        copies: &[RenderOptions],
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
                let report = preflight::inspect(&bytes, &self.print.limits());
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
        Ok(BuiltCopies { copies: built, warnings })
    }
}

fn describe(region: &RegionSource) -> String {
    match region {
        RegionSource::Id(id) => format!("region `{id}`"),
        RegionSource::File(path) => format!("region file {}", path.display()),
    }
}

/// `<product>-<variant>-<region>-<lang>.pdf`
pub fn output_name(job: &Job, region_id: &str) -> String {
    format!("{}-{}-{}-{}.pdf", job.product, job.variant, region_id, job.lang)
}

fn unknown(what: &str, name: &str, known: &[&str]) -> Diagnostic {
    let mut d = Diagnostic::error(format!("unknown {what} `{name}`"));
    d = match suggest(name, known.iter().copied()) {
        Some(close) => d.hint(format!("did you mean `{close}`? Known: {}", known.join(", "))),
        None if known.is_empty() => d,
        None => d.hint(format!("known {what}s: {}", known.join(", "))),
    };
    d
}

/// The PDF date from `SOURCE_DATE_EPOCH` (seconds since 1970, UTC), if set.
pub fn source_date_epoch() -> Result<Option<Date>> {
    let Ok(value) = std::env::var("SOURCE_DATE_EPOCH") else { return Ok(None) };
    let seconds: i64 = value.trim().parse().map_err(|_| {
        Diagnostic::error(format!("SOURCE_DATE_EPOCH is `{value}`, not a whole number of seconds"))
            .hint("set it to a Unix time, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)")
    })?;
    Date::from_unix(seconds).map(Some).ok_or_else(|| {
        Diagnostic::error(format!("SOURCE_DATE_EPOCH {seconds} is outside the years 1970 to 9999")).into()
    })
}

impl Date {
    /// The UTC calendar date and time of a Unix timestamp (Howard Hinnant's civil_from_days).
    pub fn from_unix(seconds: i64) -> Option<Date> {
        if !(0..=253_402_300_799).contains(&seconds) {
            return None;
        }
        let days = seconds.div_euclid(86_400);
        let time = seconds.rem_euclid(86_400);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Some(Date {
            year,
            month,
            day,
            hour: (time / 3_600) as u8,
            minute: (time % 3_600 / 60) as u8,
            second: (time % 60) as u8,
        })
    }
}

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
    fn unix_time_to_date() {
        assert_eq!(Date::from_unix(0), Some(Date { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0 }));
        // 2026-11-25T18:33:57Z
        assert_eq!(
            Date::from_unix(1_795_631_637),
            Some(Date { year: 2026, month: 11, day: 25, hour: 18, minute: 33, second: 57 })
        );
        // A leap day.
        assert_eq!(Date::from_unix(951_782_400).map(|d| (d.year, d.month, d.day)), Some((2000, 2, 29)));
        assert_eq!(Date::from_unix(-1), None);
    }

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
