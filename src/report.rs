//! What `handout` reports. For `check`: per document, every finding (errors and warnings,
//! each with file, line, block and rule) and the prose's reading ease, as text for people
//! and as JSON for CI (its layout is in `docs/formats.md`). For `build`: the warnings once
//! each, where each region value came from, and the summary and failures at the end.

use serde::Serialize;

use crate::check::readability;
use crate::compose::TextEngine;
use crate::date::Date;
use crate::date::source_date_epoch;
use crate::error::{Diagnostic, Failure, at_most_per_file};
use crate::jobs::Selection;
use crate::jobs::{Job, RegionSource};
use crate::release::Outcome;
use crate::resolve::Region;
use crate::session::Session;
use std::collections::HashMap;

/// The outcome of checking one document, or one region file on its own.
pub struct DocumentReport {
    /// The PDF it would be (`<product>-<variant>-<region>-<lang>.pdf`), or the region file.
    pub name: String,
    /// True for a region file checked before any document was built from it.
    pub region_file: bool,
    pub findings: Vec<Diagnostic>,
    /// Flesch reading ease of the prose, when the document could be resolved.
    pub reading_ease: Option<f64>,
    pub pages: Option<usize>,
}

impl DocumentReport {
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.findings.len() - self.errors()
    }
}

/// Check one job: load, resolve, compose and run every rule, without rendering.
pub(crate) fn check_job(session: &Session, job: &Job, engine: &mut TextEngine, date: Option<Date>) -> DocumentReport {
    let name = job.file_name();
    match session.check(job, engine, date) {
        Ok(checked) => {
            let sentences = readability::sentences(&checked.document);
            let ease = (!sentences.is_empty())
                .then(|| readability::measure(sentences.iter().map(|s| s.text.as_str())).reading_ease);
            DocumentReport {
                name,
                region_file: false,
                findings: at_most_per_file(checked.findings.into_iter().chain(checked.source_findings).collect()),
                reading_ease: ease,
                pages: Some(checked.composed.pages.len()),
            }
        }
        Err(errors) => DocumentReport {
            name,
            region_file: false,
            findings: at_most_per_file(errors.0),
            reading_ease: None,
            pages: None,
        },
    }
}

/// The report of a region file with mistakes: every problem in it at once; `None` if it
/// has none (it is then checked through its documents, as any region). With it, the
/// region made of the file's right values, to check what those do to each document.
pub fn check_region(session: &Session, source: &RegionSource) -> Option<(DocumentReport, Option<Region>)> {
    let (region, problems) = match session.read_region(source) {
        Ok(reading) if reading.problems.is_empty() => return None,
        Ok(reading) => (reading.region, reading.problems),
        Err(errors) => (None, errors),
    };
    // In the file's order, so a force can work down it.
    let mut problems = problems.0;
    problems.sort_by_key(|p| (p.line, p.column));
    let report = DocumentReport {
        name: region_file_name(source),
        region_file: true,
        findings: at_most_per_file(problems),
        reading_ease: None,
        pages: None,
    };
    Some((report, region))
}

fn region_file_name(source: &RegionSource) -> String {
    match source {
        RegionSource::Id(id) => format!("regions/{id}.toml"),
        RegionSource::File(path) => path.display().to_string(),
        RegionSource::Given(given) => given.name.clone(),
    }
}

/// Check what `selection` names. A region file with mistakes is reported on its own,
/// every problem in it at once; its documents are then checked with the rest of the file
/// (its right values over the defaults), and listed when that finds more to fix, so one
/// run says everything a force must change.
pub fn check(session: &Session, selection: Selection) -> Result<Vec<DocumentReport>, Failure> {
    let jobs = session.jobs(&selection).map_err(|e| Failure::Usage(e.0))?;
    let date = source_date_epoch().map_err(|e| Failure::Usage(e.0))?;
    let mut sources: Vec<&RegionSource> = Vec::new();
    for job in &jobs {
        if !sources.contains(&&job.region) {
            sources.push(&job.region);
        }
    }
    let mut reports = Vec::new();
    let mut broken: HashMap<&RegionSource, Option<Region>> = HashMap::new();
    for source in sources {
        if let Some((report, rest)) = check_region(session, source) {
            reports.push(report);
            broken.insert(source, rest);
        }
    }
    let mut engine = session.text_engine();
    for job in &jobs {
        let report = match broken.get(&job.region) {
            None => check_job(session, job, &mut engine, date),
            // A file that could not be parsed has no rest to check.
            Some(None) => continue,
            Some(Some(rest)) => {
                let mut report = match session.check_with(job, rest.clone(), &mut engine, date) {
                    Ok(checked) => at_most_per_file(checked.findings),
                    Err(errors) => at_most_per_file(errors.0),
                };
                report.retain(Diagnostic::is_error);
                if report.is_empty() {
                    continue;
                }
                DocumentReport {
                    name: format!("{} (with the rest of {})", job.file_name(), region_file_name(&job.region)),
                    region_file: false,
                    findings: report,
                    reading_ease: None,
                    pages: None,
                }
            }
        };
        reports.push(report);
    }
    Ok(reports)
}

/// The report for people.
pub fn text(reports: &[DocumentReport]) -> String {
    let mut out = String::new();
    for report in reports {
        let status = match (report.errors(), report.warnings()) {
            (0, 0) => "ok".to_string(),
            (0, w) => format!("ok, {w} warning{}", plural(w)),
            (e, w) => format!("{e} error{}, {w} warning{}", plural(e), plural(w)),
        };
        let mut facts = Vec::new();
        if let Some(pages) = report.pages {
            facts.push(format!("{pages} page{}", plural(pages)));
        }
        if let Some(ease) = report.reading_ease {
            facts.push(format!("reading ease {ease:.1}"));
        }
        let facts = if facts.is_empty() { String::new() } else { format!(" ({})", facts.join(", ")) };
        out.push_str(&format!("{}: {status}{facts}\n", report.name));
        for finding in &report.findings {
            for line in finding.to_string().lines() {
                out.push_str(&format!("  {line}\n"));
            }
        }
    }
    let errors: usize = reports.iter().map(DocumentReport::errors).sum();
    let warnings: usize = reports.iter().map(DocumentReport::warnings).sum();
    let files = reports.iter().filter(|r| r.region_file).count();
    let documents = reports.len() - files;
    let mut what = Vec::new();
    if files > 0 {
        what.push(format!("{files} region file{}", plural(files)));
    }
    if documents > 0 || files == 0 {
        what.push(format!("{documents} document{}", plural(documents)));
    }
    out.push_str(&format!(
        "checked {}: {errors} error{}, {warnings} warning{}\n",
        what.join(" and "),
        plural(errors),
        plural(warnings)
    ));
    out
}

/// The warnings of a build, each printed once however many documents produced it (the
/// same place and the same words from every region).
pub fn unique_warnings(outcomes: &[Outcome]) -> Vec<&Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    outcomes.iter().flat_map(|o| &o.warnings).filter(|w| seen.insert(w.to_string())).collect()
}

/// `--explain`: for each region built, which file each of its values came from.
pub fn explanation(session: &Session, jobs: &[Job]) -> String {
    let mut out = String::new();
    let mut explained: Vec<&RegionSource> = Vec::new();
    for job in jobs {
        if explained.contains(&&job.region) {
            continue;
        }
        explained.push(&job.region);
        if let Ok(region) = session.region(&job.region) {
            out.push_str(&format!("region {}:\n", region.id));
            for (key, value, file) in &region.explanation {
                out.push_str(&format!("  {key} = {value}  (from {file})\n"));
            }
        }
    }
    out
}

/// "built 12 PDFs from 6 documents; 1 failed", with "and 6 web pages" after the PDFs
/// when HTML twins were written.
pub fn build_summary(outcomes: &[Outcome]) -> String {
    let pages: usize = outcomes.iter().flat_map(|o| &o.outputs).filter(|o| o.html).count();
    let built: usize = outcomes.iter().map(|o| o.outputs.len()).sum::<usize>() - pages;
    let failed = outcomes.iter().filter(|o| !o.errors.is_empty()).count();
    let pages = match pages {
        0 => String::new(),
        n => format!(" and {n} web page{}", plural(n)),
    };
    format!(
        "built {built} PDF{}{pages} from {} document{}{}",
        plural(built),
        outcomes.len(),
        plural(outcomes.len()),
        if failed == 0 { String::new() } else { format!("; {failed} failed") }
    )
}

/// The version of the JSON report's layout (`docs/formats.md`); raised when a field changes
/// meaning or goes away, not when one is added.
pub(crate) const REPORT_SCHEMA: u32 = 1;

/// `handout check --format json`. Fields are in alphabetical order, as the report has
/// always been written.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    pub documents: Vec<JsonDocument<'a>>,
    pub errors: usize,
    /// True when no document has an error.
    pub ok: bool,
    pub schema_version: u32,
    pub warnings: usize,
}

#[derive(Debug, Serialize)]
pub struct JsonDocument<'a> {
    /// The PDF it would be, or the region file.
    pub document: &'a str,
    pub findings: &'a [Diagnostic],
    pub ok: bool,
    pub pages: Option<usize>,
    /// Flesch reading ease of the prose, to one decimal place.
    pub reading_ease: Option<f64>,
    /// True for a region file checked before any document was built from it.
    pub region_file: bool,
}

/// The report for CI.
pub fn json(reports: &[DocumentReport]) -> JsonReport<'_> {
    let documents = reports
        .iter()
        .map(|r| JsonDocument {
            document: &r.name,
            findings: &r.findings,
            ok: r.errors() == 0,
            pages: r.pages,
            reading_ease: r.reading_ease.map(|e| (e * 10.0).round() / 10.0),
            region_file: r.region_file,
        })
        .collect();
    JsonReport {
        documents,
        errors: reports.iter().map(DocumentReport::errors).sum(),
        ok: reports.iter().all(|r| r.errors() == 0),
        schema_version: REPORT_SCHEMA,
        warnings: reports.iter().map(DocumentReport::warnings).sum(),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
