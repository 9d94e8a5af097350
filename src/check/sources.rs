//! The fact record: warnings for `handout check` about the sources figures cite, so
//! figures stay true as new editions come out. A figure whose revised value comes from an
//! older edition of a series than the newest the content cites may have been revised
//! again; two figures for one period from two editions of a series count it on two bases;
//! a source listed but cited by nothing is a stale record; and a source printed beside a
//! figure belongs in the document's printed list of sources. These are warnings: the
//! figures are not wrong until someone checks the newer edition.

use std::collections::{BTreeMap, BTreeSet};

use crate::load::Spanned;

use crate::date::PartialDate;
use crate::error::{Diagnostic, Rule, SourceFile};
use crate::load::{BlockKind, Content, SourceDef, Values};
use crate::resolve::{BlockContent, Document};

/// One figure's use of one source, for one period.
struct Citation<'a> {
    id: &'a Spanned<String>,
    period: Option<&'a str>,
    /// The citing block: section and block index.
    block: (usize, usize),
    key: String,
}

/// Every source each figure of the content cites, whatever region it is printed for.
fn citations(content: &Content) -> Vec<Citation<'_>> {
    let mut out = Vec::new();
    for (s, section) in content.sections.iter().enumerate() {
        for (b, block) in section.get_ref().blocks.iter().enumerate() {
            let block = block.get_ref();
            let key = format!("section[{s}].block[{b}]");
            let date = block.date.as_ref().map(|d| d.get_ref().as_str());
            if let Some(id) = &block.source {
                match (&block.dates, block.kind()) {
                    // A chart with one source and a date per value cites it for each.
                    (Some(dates), BlockKind::Chart) => out.extend(dates.iter().map(|d| Citation {
                        id,
                        period: Some(d.get_ref().as_str()),
                        block: (s, b),
                        key: format!("{key}.source"),
                    })),
                    _ => out.push(Citation { id, period: date, block: (s, b), key: format!("{key}.source") }),
                }
            }
            for (i, id) in block.sources.iter().flatten().enumerate() {
                // A chart's sources line up with its dates; a text's share its one date.
                let period = match &block.dates {
                    Some(dates) => dates.get(i).map(|d| d.get_ref().as_str()),
                    None => date,
                };
                out.push(Citation { id, period, block: (s, b), key: format!("{key}.sources[{i}]") });
            }
        }
    }
    out
}

/// The first moment a partial date can mean, for ordering editions.
fn start(source: &SourceDef) -> (u16, u8, u8) {
    PartialDate::parse(source.date.get_ref()).map_or((0, 0, 0), |d| (d.year, d.month.unwrap_or(1), d.day.unwrap_or(1)))
}

/// Warnings about the content's sources as a whole (the same for every region).
pub(crate) fn content_sources(content: &Content, file: &SourceFile) -> Vec<Diagnostic> {
    let sources = &content.sources;
    let citations = citations(content);
    let source = |c: &Citation| sources.get(c.id.get_ref()).map(Spanned::get_ref);
    let mut findings = Vec::new();

    // The newest edition of each series that the content cites.
    let mut newest: BTreeMap<&str, &str> = BTreeMap::new();
    for citation in &citations {
        let Some(cited) = source(citation) else { continue };
        let series = cited.series.get_ref().as_str();
        let id = citation.id.get_ref().as_str();
        let entry = newest.entry(series).or_insert(id);
        if start(cited) > start(sources[*entry].get_ref()) {
            *entry = id;
        }
    }

    for citation in &citations {
        let Some(cited) = source(citation) else { continue };
        let id = citation.id.get_ref();
        let series = cited.series.get_ref();
        let latest_id = newest[series.as_str()];
        let latest = sources[latest_id].get_ref();
        if *cited.values.get_ref() == Values::Revised && start(latest) > start(cited) {
            findings.push(
                warning_at(
                    file,
                    &citation.id.span(),
                    format!(
                        "`{id}` ({}) gives a revised figure, but the content also cites `{latest_id}` ({}), a newer edition of `{series}` that may revise it again",
                        cited.date.get_ref(),
                        latest.date.get_ref()
                    ),
                )
                .key(citation.key.clone())
                .hint(format!("look the figure up in `{latest_id}` (or its data tables) and cite that edition"))
                .rule(Rule::SourceEdition),
            );
        }
        // Another figure for the same period from a newer edition of the same series. (One
        // block may cite several editions for a run of years, each for its own year.)
        let Some(period) = citation.period else { continue };
        let newer = citations
            .iter()
            .filter(|other| other.period == Some(period) && other.block != citation.block)
            .filter_map(|other| Some((other, source(other)?)))
            .filter(|(_, other)| other.series.get_ref() == series && start(other) > start(cited))
            .max_by_key(|(_, other)| start(other));
        if let Some((other, _)) = newer {
            findings.push(
                warning_at(
                    file,
                    &citation.id.span(),
                    format!(
                        "this figure for {period} comes from `{id}`, but {} gives {period} from `{}`, a newer edition of `{series}`: {period} is counted on two bases",
                        other.key,
                        other.id.get_ref()
                    ),
                )
                .key(citation.key.clone())
                .hint(format!("take every figure for {period} from one edition, or say on the page which edition each comes from"))
                .rule(Rule::SourceEdition),
            );
        }
    }

    let cited: BTreeSet<&str> = citations.iter().map(|c| c.id.get_ref().as_str()).collect();
    for (id, listed) in sources {
        if !cited.contains(id.as_str()) {
            findings.push(
                warning_at(file, &listed.span(), format!("the source `{id}` is listed but no figure cites it"))
                    .key(format!("sources.{id}"))
                    .hint("remove it, or cite it from the figure it supports (`source = \"...\"`)")
                    .rule(Rule::SourceUnused),
            );
        }
    }
    findings
}

/// A printed source beside a figure that the document's list of sources does not show,
/// because the document has no list of sources.
pub(crate) fn printed_sources(document: &Document) -> Vec<Diagnostic> {
    let blocks = || document.sections.iter().flat_map(|s| &s.blocks);
    if blocks().any(|b| matches!(b.content, BlockContent::SourceList(_))) {
        return Vec::new();
    }
    let Some(first) = blocks().find(|b| b.citation.is_some()) else { return Vec::new() };
    let printed = first.citation.as_ref().map(|c| c.plain_text()).unwrap_or_default();
    vec![
        Diagnostic::warning(format!(
            "{}: \"{printed}\" is printed, but the document has no list of sources to give its title, date and address",
            first.name
        ))
        .at(&first.origin)
        .hint("add a block `source_list = true` after the figures")
        .rule(Rule::SourceList),
    ]
}

fn warning_at(file: &SourceFile, span: &std::ops::Range<usize>, message: String) -> Diagnostic {
    Diagnostic::warning(message).at(&file.origin(span))
}
