//! What `handout check` reports: per document, every finding (errors and warnings, each
//! with file, line, block and rule) and the prose's reading ease; as text for people and
//! as JSON for CI.

use serde_json::{Value, json};

use crate::check::readability;
use crate::compose::TextEngine;
use crate::date::Date;
use crate::error::{Diagnostic, Severity};
use crate::jobs::{Job, RegionSource, output_name};
use crate::session::Session;

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

/// The web copy's file name of a job, for messages.
pub fn job_name(job: &Job) -> String {
    output_name(job, &job.region.name())
}

/// Check one job: load, resolve, compose and run every rule, without rendering.
pub fn check_job(session: &Session, job: &Job, engine: &mut TextEngine, date: Option<Date>) -> DocumentReport {
    let name = job_name(job);
    match session.check(job, engine, date) {
        Ok(checked) => {
            let sentences = readability::sentences(&checked.document);
            let ease = (!sentences.is_empty())
                .then(|| readability::measure(sentences.iter().map(|s| s.text.as_str())).reading_ease);
            DocumentReport {
                name,
                region_file: false,
                findings: checked.findings.into_iter().chain(checked.source_findings).collect(),
                reading_ease: ease,
                pages: Some(checked.composed.pages.len()),
            }
        }
        Err(errors) => DocumentReport { name, region_file: false, findings: errors.0, reading_ease: None, pages: None },
    }
}

/// Load and check a region on its own (every problem in the file at once, brand colours,
/// national numbers); `None` if it is sound.
pub fn check_region(session: &Session, source: &RegionSource) -> Option<DocumentReport> {
    let name = match source {
        RegionSource::Id(id) => format!("regions/{id}.toml"),
        RegionSource::File(path) => path.display().to_string(),
    };
    match session.region(source) {
        Ok(_) => None,
        Err(errors) => {
            Some(DocumentReport { name, region_file: true, findings: errors.0, reading_ease: None, pages: None })
        }
    }
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
    // Only region files are reported when one is broken: no document was built.
    let what = if reports.iter().all(|r| r.region_file) { "region file" } else { "document" };
    out.push_str(&format!(
        "checked {} {what}{}: {errors} error{}, {warnings} warning{}\n",
        reports.len(),
        plural(reports.len()),
        plural(errors),
        plural(warnings)
    ));
    out
}

/// The report for CI.
pub fn json(reports: &[DocumentReport]) -> Value {
    let documents: Vec<Value> = reports
        .iter()
        .map(|r| {
            json!({
                "document": r.name,
                "region_file": r.region_file,
                "ok": r.errors() == 0,
                "pages": r.pages,
                "reading_ease": r.reading_ease.map(|e| (e * 10.0).round() / 10.0),
                "findings": r.findings.iter().map(finding).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "ok": reports.iter().all(|r| r.errors() == 0),
        "errors": reports.iter().map(DocumentReport::errors).sum::<usize>(),
        "warnings": reports.iter().map(DocumentReport::warnings).sum::<usize>(),
        "documents": documents,
    })
}

pub fn finding(d: &Diagnostic) -> Value {
    json!({
        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "rule": d.rule.map(crate::error::Rule::name),
        "file": d.file.as_deref(),
        "line": d.line,
        "column": d.column,
        "key": d.key,
        "message": d.message,
        "hint": d.hint,
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
