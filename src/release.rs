//! Building many PDFs at once, as `handout build` and CI do. A [`Request`] is what the
//! command line and a release file ask for together; [`Release::prepare`] turns it into
//! jobs, [`Release::run`] builds them in parallel (worker threads, one text engine each,
//! every PDF written atomically) and [`Release::finish`] writes previews and
//! `manifest.json`, which lists every input with its hash and every finished output with
//! its size and hash. Output does not depend on the number of threads: each job is built
//! on its own, and results are listed in job order.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::date::Date;
use crate::date::source_date_epoch;
use crate::error::{Diagnostic, Errors, Failure, Result, SourceFile};
use crate::jobs::{Job, RegionSource, Selection};
use crate::load::{Loaded, parse_toml, suggest};
use crate::output::{self, Manifest, clear_leftovers, hex, write_atomic};
use crate::pdfx::{self, PrintCondition, PrintSettings};
use crate::preflight::Report;
use crate::render::RenderOptions;
use crate::session::{BuiltCopies, Session};

/// What a release builds (`release.toml`): each list empty means "all".
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReleaseFile {
    #[serde(default)]
    pub products: Vec<String>,
    #[serde(default)]
    pub variants: Vec<String>,
    /// Region ids, or `"all"` for every force.
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default)]
    pub languages: Vec<String>,
    /// Also write print copies.
    #[serde(default)]
    pub print: bool,
    /// Also write the HTML twin of every web copy (`...-<lang>.html`).
    #[serde(default)]
    pub html: bool,
    /// The press condition print copies are made for (their PDF/X-4 output intent):
    /// `FOGRA39` (coated paper, the default) or `FOGRA29` (uncoated).
    pub print_condition: Option<crate::load::Spanned<String>>,
    /// The most ink the print shop accepts anywhere on the sheet, in percent (C+M+Y+K);
    /// 300 when not given.
    pub ink_limit: Option<crate::load::Spanned<i64>>,
    /// The output folder, relative to the release file.
    pub out: Option<String>,
    /// Build draft translations too (their print copies say "Draft translation - not for
    /// print"). A release refuses them otherwise: what it makes goes to the public.
    #[serde(default)]
    pub allow_draft_translations: bool,
}

impl ReleaseFile {
    pub fn load(path: &Path) -> Result<Loaded<ReleaseFile>> {
        let bytes = crate::load::read_input(path, crate::load::TEXT_LIMIT).map_err(|why| {
            Diagnostic::error(format!("cannot read the release file: {why}"))
                .in_file(path.display().to_string())
                .hint("check the path")
        })?;
        let file = crate::load::DefinitionFile {
            name: path.display().to_string().into(),
            bytes: bytes.into(),
            path: Some(path.to_path_buf()),
        };
        parse_toml(file.into_source()?)
    }

    /// The press condition and ink limit the release names, checked.
    pub fn print_settings(&self, file: &SourceFile) -> Result<PrintSettings> {
        let mut errors = Errors::default();
        let condition = match &self.print_condition {
            None => &pdfx::FOGRA39,
            Some(name) => PrintCondition::find(name.get_ref()).unwrap_or_else(|| {
                let known: Vec<&str> = pdfx::CONDITIONS.iter().map(|c| c.identifier).collect();
                let hint = match suggest(name.get_ref(), known.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`? FOGRA39 is coated paper, FOGRA29 uncoated"),
                    None => "FOGRA39 is coated paper (the default), FOGRA29 uncoated".to_string(),
                };
                errors.push(
                    file.error_at(&name.span(), format!("unknown print condition `{}`", name.get_ref()))
                        .key("print_condition")
                        .hint(hint),
                );
                &pdfx::FOGRA39
            }),
        };
        let ink_limit = match &self.ink_limit {
            None => pdfx::DEFAULT_INK_LIMIT,
            Some(limit) => {
                match u16::try_from(*limit.get_ref()) {
                    Ok(value) if pdfx::INK_LIMITS.contains(&value) => value,
                    _ => {
                        errors.push(
                        file.error_at(
                            &limit.span(),
                            format!(
                                "an ink limit of {}% is outside {}% to {}%",
                                limit.get_ref(),
                                pdfx::INK_LIMITS.start(),
                                pdfx::INK_LIMITS.end()
                            ),
                        )
                        .key("ink_limit")
                        .hint("the total of C, M, Y and K the print shop accepts, e.g. 300 (coated) or 260 (newsprint)"),
                    );
                        pdfx::DEFAULT_INK_LIMIT
                    }
                }
            }
        };
        if errors.0.is_empty() { Ok(PrintSettings::new(condition, ink_limit)) } else { Err(errors) }
    }

    pub fn selection(&self) -> Selection {
        Selection {
            products: self.products.clone(),
            variants: self.variants.clone(),
            regions: self.regions.iter().map(|r| RegionSource::Id(r.clone())).collect(),
            langs: self.languages.clone(),
        }
    }
}

/// What the command line asks a build for, before a release file is read.
#[derive(Clone, Debug, Default)]
pub struct Flags {
    pub selection: Selection,
    pub print: bool,
    /// Also write each document's HTML twin.
    pub html: bool,
    pub out: Option<PathBuf>,
    /// Documents built at once; 0 means one per core.
    pub jobs: usize,
    pub preview: bool,
    /// Every product, variant and language for every force, unless regions are named.
    pub all: bool,
    /// A release file naming a subset to build (`release.toml`).
    pub release: Option<PathBuf>,
}

/// What one build makes: the command line and its release file together.
#[derive(Clone, Debug)]
pub struct Request {
    pub selection: Selection,
    pub print: bool,
    /// Also write each document's HTML twin.
    pub html: bool,
    pub out: PathBuf,
    /// Documents built at once; 0 means one per core.
    pub jobs: usize,
    pub preview: bool,
    /// What print copies are made for: the release file's press condition and ink limit,
    /// or the defaults.
    pub press: PrintSettings,
    /// A release that did not allow draft translations: building one is an error.
    pub refuse_drafts: bool,
}

impl Request {
    /// A release file names the subset a release builds; flags given as well add to it. A
    /// release file that is not there is a wrong command line; one with mistakes is bad
    /// input.
    pub fn new(flags: Flags) -> std::result::Result<Request, Failure> {
        let Flags { mut selection, mut print, mut html, mut out, jobs, preview, all, release } = flags;
        let mut press = PrintSettings::default();
        let mut refuse_drafts = false;
        if let Some(path) = &release {
            let loaded = ReleaseFile::load(path)
                .map_err(|e| if path.is_file() { Failure::Input(e.0) } else { Failure::Usage(e.0) })?;
            press = loaded.value.print_settings(&loaded.file).map_err(|e| Failure::Input(e.0))?;
            let file = loaded.value;
            refuse_drafts = !file.allow_draft_translations;
            let named = file.selection();
            selection.products.extend(named.products);
            selection.variants.extend(named.variants);
            selection.langs.extend(named.langs);
            // Regions in the order jobs are built: the release file's, then the flags'.
            selection.regions = [named.regions, selection.regions].concat();
            print |= file.print;
            html |= file.html;
            if out.is_none() {
                out = file.out.map(|o| path.parent().unwrap_or(Path::new(".")).join(o));
            }
        }
        if all && selection.regions.is_empty() {
            selection.regions.push(RegionSource::Id(crate::jobs::ALL_REGIONS.to_string()));
        }
        if preview && !cfg!(feature = "preview") {
            return Err(Failure::Usage(vec![
                Diagnostic::error("this handout was built without PNG previews")
                    .hint("build it with `cargo build --release --features preview` to use --preview"),
            ]));
        }
        Ok(Request {
            selection,
            print,
            html,
            out: out.unwrap_or_else(|| PathBuf::from("out")),
            jobs,
            preview,
            press,
            refuse_drafts,
        })
    }
}

/// A request turned into jobs, with the date to write into every PDF.
pub struct Release<'a> {
    session: &'a Session,
    request: Request,
    pub jobs: Vec<Job>,
    date: Option<Date>,
    /// The output folder's lock, taken by [`Release::run`] and held until the release is
    /// dropped, so the manifest is written under it too.
    lock: Mutex<Option<output::FolderLock>>,
}

/// A release goes to the public: each draft translation it names is an error, once per
/// content file, before anything is built.
fn refuse_drafts(session: &Session, jobs: &[Job]) -> Result<()> {
    let mut errors = Errors::default();
    let mut seen = std::collections::HashSet::new();
    for job in jobs {
        let content = session.content(job)?;
        let Some(translation) = &content.value.translation else { continue };
        if *translation.status.get_ref() == crate::load::TranslationStatus::Draft
            && seen.insert(content.file.name.clone())
        {
            errors.push(
                content
                    .file
                    .error_at(&translation.status.span(), "a release cannot include a draft translation")
                    .key("translation.status")
                    .hint("have it reviewed and set status = \"reviewed\", leave its language out of the release's `languages`, or set allow_draft_translations = true in the release file"),
            );
        }
    }
    errors.into_result()
}

impl<'a> Release<'a> {
    /// The jobs a request names; unknown names and a bad `SOURCE_DATE_EPOCH` are usage
    /// errors, found before anything is built.
    pub fn prepare(session: &'a Session, request: Request) -> std::result::Result<Release<'a>, Failure> {
        let jobs = session.jobs(&request.selection).map_err(|e| Failure::Usage(e.0))?;
        let date = source_date_epoch().map_err(|e| Failure::Usage(e.0))?;
        if request.refuse_drafts {
            refuse_drafts(session, &jobs).map_err(|e| Failure::Input(e.0))?;
        }
        Ok(Release { session, request, jobs, date, lock: Mutex::new(None) })
    }

    pub fn out(&self) -> &Path {
        &self.request.out
    }

    /// Build every job; `done` is called (from worker threads) as each job ends.
    pub fn run(&self, done: &(dyn Fn(&Outcome) + Sync)) -> std::result::Result<Vec<Outcome>, Failure> {
        self.run_jobs(&self.jobs, false, done)
    }

    /// Build `jobs` (some of this release's). With `keep_failed`, a document that fails
    /// keeps the PDFs an earlier build left, as `handout watch` does while an edit is
    /// broken (a release removes them, see [`remove_stale`]).
    pub fn run_jobs(
        &self,
        jobs: &[Job],
        keep_failed: bool,
        done: &(dyn Fn(&Outcome) + Sync),
    ) -> std::result::Result<Vec<Outcome>, Failure> {
        let lock = output::lock_folder(&self.request.out).map_err(|e| Failure::Input(e.0))?;
        *self.lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(lock);
        let options = Options {
            out: self.request.out.clone(),
            print: self.request.print,
            html: self.request.html,
            jobs: self.request.jobs,
            date: self.date,
            keep_failed,
        };
        run(self.session, jobs, &options, done).map_err(|e| {
            Failure::Input(vec![Diagnostic::error(format!(
                "cannot use the output folder {}: {e}",
                self.request.out.display()
            ))])
        })
    }

    /// After the documents: PNG previews (with `--preview`), then the manifest, last, so
    /// it only ever describes a finished build. Returns a line to print per preview.
    pub fn finish(&self, outcomes: &[Outcome]) -> std::result::Result<Vec<Previewed>, Failure> {
        let previews = self.previews(outcomes);
        let manifest = manifest(self.session, &self.jobs, outcomes, self.date);
        output::write_manifest(&self.request.out, &manifest).map_err(|e| {
            // The documents' own failures come first: a manifest that cannot be written
            // must not hide why 271 PDFs were not built.
            let mut all = failures(outcomes);
            all.push(
                Diagnostic::error(format!("cannot write {}: {e}", self.request.out.join(output::MANIFEST).display()))
                    .hint("check that the output folder is writable and has space"),
            );
            Failure::Input(all)
        })?;
        Ok(previews)
    }

    #[cfg(feature = "preview")]
    fn previews(&self, outcomes: &[Outcome]) -> Vec<Previewed> {
        if !self.request.preview {
            return Vec::new();
        }
        let web = outcomes.iter().flat_map(|o| &o.outputs).filter(|o| !o.print && !o.html);
        web.map(|output| Previewed {
            file: output.file.clone(),
            pages: crate::preview::write_pngs(&self.request.out, &output.file).map(|files| files.len()),
        })
        .collect()
    }

    #[cfg(not(feature = "preview"))]
    fn previews(&self, _: &[Outcome]) -> Vec<Previewed> {
        Vec::new()
    }
}

/// The PNG proofs of one web copy: how many pages, or why there are none.
pub struct Previewed {
    pub file: String,
    pub pages: std::result::Result<usize, String>,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub out: PathBuf,
    pub print: bool,
    /// Also write each document's HTML twin.
    pub html: bool,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    pub date: Option<Date>,
    /// Keep a failed document's PDFs from an earlier build (`handout watch`).
    pub keep_failed: bool,
}

/// One file written.
#[derive(Clone, Debug)]
pub struct Output {
    pub file: String,
    pub size: u64,
    pub sha256: String,
    pub print: bool,
    /// The HTML twin of the web copy.
    pub html: bool,
    pub preflight: Option<Report>,
    /// The date written into the PDF, `YYYY-MM-DDTHH:MM:SSZ`.
    pub date: String,
}

/// What became of one job.
#[derive(Debug)]
pub struct Outcome {
    pub job: Job,
    /// The web copy's file name, for messages.
    pub name: String,
    pub outputs: Vec<Output>,
    pub warnings: Vec<Diagnostic>,
    pub errors: Vec<Diagnostic>,
    /// PDFs of a failed document that an earlier build left in the folder, now removed.
    pub removed: Vec<String>,
}

/// Build every job, in parallel. `done` is called (from worker threads) as each job ends.
pub fn run(
    session: &Session,
    jobs: &[Job],
    options: &Options,
    done: &(dyn Fn(&Outcome) + Sync),
) -> std::io::Result<Vec<Outcome>> {
    std::fs::create_dir_all(&options.out)?;
    clear_leftovers(&options.out)?;
    let mut copies = vec![RenderOptions { print: false }];
    if options.print {
        copies.push(RenderOptions { print: true });
    }
    // krilla compresses each page's stream on rayon's global pool. `--jobs N` sizes it
    // too, so N threads build documents and at most N more compress their pages; one
    // document needs one (it draws a page while the one before is compressed), and saying
    // so spares reading the cgroup's limits. 0 is rayon's default, one per core. An error
    // only means the pool already exists (a second run in one process).
    let compressors = if options.jobs == 0 && jobs.len() <= 1 { 1 } else { options.jobs };
    let _ = rayon::ThreadPoolBuilder::new().num_threads(compressors).build_global();
    // Plain threads, not a rayon pool: on a rayon worker, krilla waits for a page stream
    // by running other queued work. On a pool of whole documents that nests documents on
    // one stack until it overflows (`build --all` did).
    let workers = match options.jobs {
        // Asking how many cores there are reads the cgroup's limits: not for one job.
        _ if jobs.len() <= 1 => 1,
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    }
    .min(jobs.len());
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(jobs.iter().map(|_| None).collect());
    let worker = || work(session, jobs, &next, &copies, options, done, &results);
    if workers <= 1 {
        // One worker needs no thread of its own: starting one costs more than it saves.
        worker();
    } else {
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(worker);
            }
        });
    }
    let results = results.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    let outcomes =
        results.into_iter().zip(jobs).map(|(outcome, job)| outcome.unwrap_or_else(|| crashed(job))).collect();
    Ok(outcomes)
}

/// One worker: take the next job until none is left, and put each outcome in its place
/// in `results` as soon as it is known. A job that panics (a bug) is reported as failed
/// on its own, and the worker goes on with a fresh text engine.
fn work(
    session: &Session,
    jobs: &[Job],
    next: &AtomicUsize,
    copies: &[RenderOptions],
    options: &Options,
    done: &(dyn Fn(&Outcome) + Sync),
    results: &Mutex<Vec<Option<Outcome>>>,
) {
    let mut engine = session.text_engine();
    loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(job) = jobs.get(index) else { break };
        let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            build_one(session, &mut engine, job, copies, options)
        }));
        let mut outcome = built.unwrap_or_else(|_| {
            engine = session.text_engine();
            crashed(job)
        });
        if !outcome.errors.is_empty() && !options.keep_failed {
            outcome.removed = remove_stale(&options.out, job, &outcome);
        }
        done(&outcome);
        let mut results = results.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        results[index] = Some(outcome);
    }
}

/// A failed document's PDFs from an earlier build (web and print copy) no longer match
/// their inputs: remove them, so the folder never offers one for publishing. Returns the
/// names removed; a copy this build did write is kept (the manifest lists it).
fn remove_stale(out: &Path, job: &Job, outcome: &Outcome) -> Vec<String> {
    let web = job.file_name();
    let print = web.replace(".pdf", "-print.pdf");
    [web, print]
        .into_iter()
        .filter(|name| !outcome.outputs.iter().any(|o| &o.file == name))
        .filter(|name| std::fs::remove_file(out.join(name)).is_ok())
        .collect()
}

/// The outcome of a job whose build panicked.
fn crashed(job: &Job) -> Outcome {
    Outcome {
        job: job.clone(),
        name: job.file_name(),
        outputs: Vec::new(),
        warnings: Vec::new(),
        removed: Vec::new(),
        errors: vec![
            Diagnostic::error("the build stopped unexpectedly").hint("this is a bug in handout; please report it"),
        ],
    }
}

fn build_one(
    session: &Session,
    engine: &mut crate::compose::TextEngine,
    job: &Job,
    copies: &[RenderOptions],
    options: &Options,
) -> Outcome {
    let name = job.file_name();
    match session.build_copies(job, engine, options.date, copies, options.html) {
        Ok(BuiltCopies { copies, warnings }) => {
            let mut outputs = Vec::new();
            let mut errors = Vec::new();
            for copy in copies {
                match write_atomic(&options.out, &copy.file_name, &copy.bytes) {
                    Ok(_) => outputs.push(Output {
                        html: copy.file_name.ends_with(".html"),
                        file: copy.file_name,
                        size: copy.bytes.len() as u64,
                        sha256: hex(&Sha256::digest(&copy.bytes)),
                        print: copy.preflight.is_some(),
                        preflight: copy.preflight,
                        date: copy.date.timestamp(),
                    }),
                    Err(e) => errors.push(
                        Diagnostic::error(format!("cannot write {}: {e}", options.out.join(&copy.file_name).display()))
                            .hint("check that the output folder is writable and has space"),
                    ),
                }
            }
            Outcome { job: job.clone(), name, outputs, warnings, errors, removed: Vec::new() }
        }
        Err(errors) => Outcome {
            job: job.clone(),
            name,
            outputs: Vec::new(),
            warnings: Vec::new(),
            errors: crate::error::at_most_per_file(errors.0),
            removed: Vec::new(),
        },
    }
}

/// `manifest.json`: the tool version, the date written into the PDFs, every input file
/// (built-in or overriding, plus region files from elsewhere) with its hash, every output
/// with its size and hash, and every failure.
pub fn manifest(session: &Session, jobs: &[Job], outcomes: &[Outcome], date: Option<Date>) -> Manifest {
    let mut inputs: Vec<output::Input> = session
        .definitions
        .all_files()
        .into_iter()
        .map(|file| output::Input { path: file.path, sha256: hex(&file.sha256), size: file.size })
        .collect();
    // Region files from elsewhere, and the logos any region uses.
    let mut regions: Vec<&RegionSource> = jobs.iter().map(|j| &j.region).collect();
    regions.sort_by_key(|r| r.name());
    regions.dedup();
    let mut extra: Vec<(String, Vec<u8>)> = Vec::new();
    for region in regions {
        if let RegionSource::File(path) = region
            && let Ok(bytes) = crate::load::read_input(path, crate::load::TEXT_LIMIT)
        {
            extra.push((path.display().to_string(), bytes));
        }
        if let Ok(Some(logo)) = session.region(region).map(|r| r.logo) {
            extra.push((logo.path.display().to_string(), logo.bytes.as_ref().clone()));
        }
    }
    // The press profile print copies embed (built into the binary, like the fonts).
    if outcomes.iter().flat_map(|o| &o.outputs).any(|o| o.print) {
        let condition = session.print_settings().condition;
        extra.push((condition.profile_path.to_string(), condition.profile.to_vec()));
    }
    extra.sort();
    extra.dedup();
    for (path, bytes) in extra {
        inputs.push(output::Input { path, sha256: hex(&Sha256::digest(&bytes)), size: bytes.len() });
    }
    let mut outputs: Vec<output::Written> = outcomes
        .iter()
        .flat_map(|o| {
            o.outputs.iter().map(move |out| output::Written {
                copy: if out.print {
                    "print"
                } else if out.html {
                    "html"
                } else {
                    "web"
                },
                date: out.date.clone(),
                file: out.file.clone(),
                language: o.job.lang.clone(),
                preflight: out.preflight.as_ref().map(output::PreflightRecord::of),
                product: o.job.product.clone(),
                region: o.job.region.name(),
                sha256: out.sha256.clone(),
                size: out.size,
                variant: o.job.variant.clone(),
            })
        })
        .collect();
    outputs.sort_by(|a, b| a.file.cmp(&b.file));
    let failures = outcomes
        .iter()
        .filter(|o| !o.errors.is_empty())
        .map(|o| output::Failed { document: o.name.clone(), errors: o.errors.clone(), removed: o.removed.clone() })
        .collect();
    let date = match date {
        Some(d) => format!("{} (SOURCE_DATE_EPOCH)", d.timestamp()),
        None => "not fixed: each output's date is its content file's edition date".to_string(),
    };
    Manifest { date, failures, inputs, outputs, schema_version: output::MANIFEST_SCHEMA, tool: output::Tool::this() }
}

/// Every failed document, then its errors: what a failed build ends with.
pub fn failures(outcomes: &[Outcome]) -> Vec<Diagnostic> {
    let mut failures = Vec::new();
    for outcome in outcomes.iter().filter(|o| !o.errors.is_empty()) {
        let mut failed = Diagnostic::error(format!("{} was not built", outcome.name));
        if !outcome.removed.is_empty() {
            failed = failed.hint(format!(
                "removed {} left by an earlier build: its inputs no longer make it",
                outcome.removed.join(" and ")
            ));
        }
        failures.push(failed);
        failures.extend(outcome.errors.iter().cloned());
    }
    failures
}
