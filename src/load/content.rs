//! Content definitions (`content/<set>.<lang>.toml`): the words of one product variant in one
//! language, as sections of blocks. Inline markup: `**strong**`, `[label](https://...)`, and
//! `{placeholders}` for region values such as `{contact.non_emergency}`.

use std::collections::{BTreeMap, HashSet};

use crate::load::Spanned;
use serde::Deserialize;
use toml::value::Datetime;

use super::words::Words;
use crate::date::PartialDate;
use crate::error::{Result, Rule, SourceFile};
use crate::jurisdiction::{Jurisdiction, Jurisdictions};
use crate::kinds::ChartKind;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Content {
    pub document: DocumentInfo,
    #[serde(rename = "section")]
    pub sections: Vec<Spanned<Section>>,
    /// Publications that statistics cite, by id: `[sources.home-office-2025]`.
    #[serde(default)]
    pub sources: BTreeMap<String, Spanned<SourceDef>>,
    /// The words the tool adds itself (around figures, in link descriptions and chart alt
    /// text, page numbers), so a translation can change them.
    #[serde(default)]
    pub words: Words,
    /// Whether this file is a translation, of what, and whether a qualified translator
    /// has reviewed it. An original (English) file has none.
    pub translation: Option<Translation>,
}

/// A translated content file says so (`[translation]`): the language it was translated
/// from, and whether it is a draft or has been reviewed, by whom and when.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    /// The language tag of the file it translates, e.g. `"en-GB"`.
    pub from: Spanned<String>,
    pub status: Spanned<TranslationStatus>,
    /// Who reviewed it (a qualified translator's name or organisation): needed when reviewed.
    pub reviewer: Option<Spanned<String>>,
    /// When it was reviewed: needed when reviewed.
    #[schemars(with = "Option<TomlDate>")]
    pub reviewed: Option<Spanned<Datetime>>,
}

impl Translation {
    fn validate(&self, file: &SourceFile, problems: &mut crate::error::Errors) {
        if *self.status.get_ref() != TranslationStatus::Reviewed {
            return;
        }
        if self.reviewer.as_ref().is_none_or(|r| r.get_ref().trim().is_empty()) {
            problems.push(
                file.error_at(&self.status.span(), "a reviewed translation does not say who reviewed it")
                    .key("translation.reviewer")
                    .hint("add reviewer = \"<the qualified translator>\", or set status = \"draft\""),
            );
        }
        if self.reviewed.is_none() {
            problems.push(
                file.error_at(&self.status.span(), "a reviewed translation does not say when it was reviewed")
                    .key("translation.reviewed")
                    .hint("add reviewed = 2026-12-01 (the day of the review)"),
            );
        }
    }
}

/// How far a translation has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TranslationStatus {
    /// Written but not reviewed: it builds with a warning, its print copy says "Draft
    /// translation - not for print", and a release refuses it unless allowed.
    Draft,
    /// Checked by a qualified translator, named in `reviewer`.
    Reviewed,
}

/// A publication a figure comes from, printed in the sources list, with what a fact
/// checker needs to keep the figure true: where to find it, which edition of which
/// series it is, whether its values are first published or revised, and when someone
/// last checked them against it.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceDef {
    pub publisher: Spanned<String>,
    pub title: Spanned<String>,
    /// When it was published: `"2026-02-19"`, or `"2023-06"` or `"2023"` when only that
    /// much is known.
    pub date: Spanned<String>,
    /// Where the publication can be read: an https address.
    pub url: Spanned<String>,
    /// The run of publications this is one edition of, e.g. `"nrm-statistics"`: editions
    /// of one series supersede each other (`handout check` compares them).
    pub series: Spanned<String>,
    /// Whether the values the content takes from it are as first published there, or
    /// revised figures for an earlier period.
    pub values: Spanned<Values>,
    /// The day someone last checked the content's values against the publication:
    /// `"2026-11-30"`.
    pub checked: Spanned<String>,
}

/// How a source's values stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Values {
    /// As the edition first published them (its own period's figures). A later edition
    /// may revise them, but what this edition published does not change.
    FirstPublished,
    /// Figures for an earlier period as this edition revised them: the latest only until
    /// the next edition.
    Revised,
}

/// What the PDF's metadata says about itself.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentInfo {
    /// The document title, shown by PDF readers instead of the file name.
    pub title: Spanned<String>,
    pub subject: Option<Spanned<String>>,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The edition, printed on the back with the date, e.g. "1.0".
    pub version: String,
    /// The edition date (`2026-11-25`); also the PDF's date unless SOURCE_DATE_EPOCH is set.
    #[schemars(with = "TomlDate")]
    pub date: Spanned<Datetime>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// What layouts use to place the section.
    pub id: String,
    pub heading: Option<Spanned<String>>,
    /// Heading level, 1 to 3; 2 unless given. The cover title is the one level-1 heading.
    pub level: Option<u8>,
    #[serde(default, rename = "block")]
    pub blocks: Vec<Spanned<Block>>,
}

/// One block. Exactly one of `text`, `heading`, `list`, `contacts` or `masthead` says what
/// kind of block it is; the other keys refine it.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// A paragraph.
    pub text: Option<Spanned<String>>,
    /// Several short paragraphs that belong together beside one picture: one sentence
    /// a line, as Easy Read sets them ("Kidnap means ..." under "Traffickers may kidnap").
    pub lines: Option<Vec<Spanned<String>>>,
    /// A sub-heading (level 3 unless `level` says otherwise).
    pub heading: Option<Spanned<String>>,
    /// A bulleted list, one string per item.
    pub list: Option<Vec<Spanned<String>>>,
    /// Contact cards: each a label, a number placeholder and a note; or `{ local = true }`
    /// for the region's own local lines.
    pub contacts: Option<Vec<Spanned<ContactEntry>>>,
    /// The force's logo, or its name set in type when it has none.
    pub masthead: Option<bool>,
    /// A headline figure: the number itself (`statistic = 23411`), with `label`, `source`
    /// and `date`.
    pub statistic: Option<Spanned<f64>>,
    /// A chart of `labels` and `values`: `bar`, or `proportional` (parts of a whole).
    pub chart: Option<Spanned<ChartKind>>,
    /// The list of every source the document's figures cite.
    pub source_list: Option<bool>,

    /// Statistic: the words after the number.
    pub label: Option<Spanned<String>>,
    /// Statistic: the figure is an estimate, and is printed as one ("about 122,000").
    #[serde(default)]
    pub estimate: bool,
    /// Statistic: print the figure rounded to two significant figures, in words a reader
    /// can hold: "more than 23,000", "nearly 7,000", "about 120,000" (an estimate). For
    /// Easy Read; the exact figure stays in the source.
    #[serde(default)]
    pub rounded: bool,
    /// Statistic or chart: text after each number, e.g. "%".
    pub unit: Option<Spanned<String>>,
    /// Chart: its title, printed above it.
    pub caption: Option<Spanned<String>>,
    /// Proportional chart: print each part's share of the whole beside its value (true
    /// unless set to false, e.g. where the parts are rounded estimates that do not add up
    /// to the published total).
    pub shares: Option<bool>,
    /// Chart: the name of each bar or part.
    pub labels: Option<Vec<Spanned<String>>>,
    /// Chart: one number per label, zero or more.
    pub values: Option<Vec<Spanned<f64>>>,
    /// Chart: the heading of the labels and of the values in its data table, e.g. "Year"
    /// and "Referrals".
    pub label_header: Option<Spanned<String>>,
    pub value_header: Option<Spanned<String>>,
    /// Where a figure comes from: a key of `[sources]`. Charts may give `sources`, one per
    /// value, instead.
    pub source: Option<Spanned<String>>,
    pub sources: Option<Vec<Spanned<String>>>,
    /// The period a figure is about, e.g. "2025" (charts: `dates`, one per value).
    pub date: Option<Spanned<String>>,
    pub dates: Option<Vec<Spanned<String>>>,

    pub level: Option<u8>,
    /// A layout style name; the block kind's default otherwise.
    pub style: Option<Spanned<String>>,
    /// A pictogram shown beside the block (a file in assets/icons/, without `.svg`).
    pub icon: Option<Spanned<String>>,
    /// What the pictogram means, for screen readers. Required with `icon` unless the
    /// pictogram is `decorative`.
    pub alt: Option<Spanned<String>>,
    /// The pictogram only decorates (the words say it all): it is an artifact, without alt.
    #[serde(default)]
    pub decorative: bool,

    /// Where the block is true: printed only for a region whose every jurisdiction is
    /// listed. Without it, the block is true everywhere.
    pub jurisdictions: Option<Spanned<Vec<Spanned<Jurisdiction>>>>,
    /// Blocks of a section with the same `one_of` say one thing for different
    /// jurisdictions: exactly one of them is printed, the one that fits the region most
    /// closely.
    pub one_of: Option<Spanned<String>>,
}

impl Block {
    /// Where the block is true: its `jurisdictions`, or everywhere. Call after validation.
    pub(crate) fn true_in(&self) -> Jurisdictions {
        match &self.jurisdictions {
            Some(list) => list.get_ref().iter().map(|j| *j.get_ref()).collect(),
            None => Jurisdictions::ALL,
        }
    }
}

/// One contact card as content writes it.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactEntry {
    /// What the line is for, e.g. "Police, non-emergency".
    pub label: Option<Spanned<String>>,
    /// A phone or web placeholder, e.g. `{contact.non_emergency}`, printed large.
    pub number: Option<Spanned<String>>,
    /// A short line under the number (hours, "100% anonymous"), or the card's value
    /// itself when there is no number: an email address is too long to print large.
    pub note: Option<Spanned<String>>,
    /// Stands for the region's local lines (label, number and hours from the region file).
    #[serde(default)]
    pub local: bool,
    /// Leave the card out when the region has no value for `number` (or for `note` when
    /// the card has no number), e.g. a force without a website.
    #[serde(default)]
    pub optional: bool,
}

/// The kind of a block, found from which key it sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Text,
    Lines,
    Heading,
    List,
    Contacts,
    Masthead,
    Statistic,
    Chart,
    SourceList,
}

impl Block {
    pub(crate) const KINDS: &'static str =
        "text, lines, heading, list, contacts, masthead, statistic, chart or source_list";

    fn kinds(&self) -> Vec<BlockKind> {
        let mut kinds = Vec::new();
        if self.text.is_some() {
            kinds.push(BlockKind::Text);
        }
        if self.lines.is_some() {
            kinds.push(BlockKind::Lines);
        }
        if self.heading.is_some() {
            kinds.push(BlockKind::Heading);
        }
        if self.list.is_some() {
            kinds.push(BlockKind::List);
        }
        if self.contacts.is_some() {
            kinds.push(BlockKind::Contacts);
        }
        if self.masthead == Some(true) {
            kinds.push(BlockKind::Masthead);
        }
        if self.statistic.is_some() {
            kinds.push(BlockKind::Statistic);
        }
        if self.chart.is_some() {
            kinds.push(BlockKind::Chart);
        }
        if self.source_list == Some(true) {
            kinds.push(BlockKind::SourceList);
        }
        kinds
    }

    /// The block's kind. Call after [`Content`] validation, which proves there is exactly one.
    pub fn kind(&self) -> BlockKind {
        self.kinds().first().copied().unwrap_or(BlockKind::Text)
    }
}

impl Content {
    /// The pictograms the blocks name (`icon = "..."`), each once.
    pub(crate) fn pictogram_names(&self) -> impl Iterator<Item = &str> {
        let mut names: Vec<&str> = self
            .sections
            .iter()
            .flat_map(|s| &s.get_ref().blocks)
            .filter_map(|b| b.get_ref().icon.as_ref().map(|i| i.get_ref().as_str()))
            .collect();
        names.sort_unstable();
        names.dedup();
        names.into_iter()
    }

    pub(super) fn validate(&self, file: &SourceFile) -> Result<()> {
        let mut problems = crate::error::Errors::default();
        self.words.validate(file, &mut problems);
        if let Some(translation) = &self.translation {
            translation.validate(file, &mut problems);
        }
        if self.document.title.get_ref().trim().is_empty() {
            problems.push(
                file.error_at(&self.document.title.span(), "the document title is empty")
                    .key("document.title")
                    .hint("PDF/UA needs a title; readers show it instead of the file name"),
            );
        }
        for (id, source) in &self.sources {
            source_record(id, source.get_ref(), file, &mut problems);
        }
        let mut ids = HashSet::new();
        for (s, section) in self.sections.iter().enumerate() {
            let span = section.span();
            let section = section.get_ref();
            let key = format!("section[{s}]");
            if !ids.insert(section.id.as_str()) {
                problems.push(
                    file.error_at(&span, format!("section id `{}` is used twice", section.id))
                        .key(format!("{key}.id"))
                        .hint("give each section its own id"),
                );
            }
            if let Some(level) = section.level {
                if !(1..=3).contains(&level) {
                    problems.push(
                        file.error_at(&span, format!("heading level {level} is not 1, 2 or 3"))
                            .key(format!("{key}.level")),
                    );
                }
                if section.heading.is_none() {
                    problems.push(
                        file.error_at(&span, "`level` is set but the section has no heading")
                            .key(format!("{key}.level")),
                    );
                }
            }
            variants(section, &key, file, &mut problems);
            for (b, block) in section.blocks.iter().enumerate() {
                let block_key = format!("{key}.block[{b}]");
                let kinds = block.get_ref().kinds();
                match kinds.len() {
                    1 => {}
                    0 => problems.push(
                        file.error_at(&block.span(), "this block says nothing")
                            .key(block_key.clone())
                            .hint(format!("give it one of: {}", Block::KINDS)),
                    ),
                    _ => problems.push(
                        file.error_at(&block.span(), format!("this block is {} kinds at once", kinds.len()))
                            .key(block_key.clone())
                            .hint(format!("a block has exactly one of: {}; split it in two", Block::KINDS)),
                    ),
                }
                let block_span = block.span();
                let block = block.get_ref();
                if let Some(level) = block.level
                    && (block.heading.is_none() || !(2..=3).contains(&level))
                {
                    problems.push(
                        file.error_at(&block_span, "a block heading's level is 2 or 3")
                            .key(format!("{block_key}.level")),
                    );
                }
                if let (Some(icon), None, false) = (&block.icon, &block.alt, block.decorative) {
                    problems.push(
                        file.error_at(&icon.span(), format!("the picture `{}` has no alt text", icon.get_ref()))
                            .key(format!("{block_key}.alt"))
                            .hint("add `alt = \"...\"` saying what the picture shows, for screen-reader users, or `decorative = true` if the words say it all")
                            .rule(Rule::AltText),
                    );
                }
                if let Some(alt) = &block.alt
                    && alt.get_ref().trim().is_empty()
                {
                    problems.push(
                        file.error_at(&alt.span(), "the alt text is empty")
                            .key(format!("{block_key}.alt"))
                            .hint("say in a few words what the picture shows")
                            .rule(Rule::AltText),
                    );
                }
                let texts = block
                    .text
                    .iter()
                    .chain(&block.heading)
                    .chain(block.list.iter().flatten())
                    .chain(block.lines.iter().flatten());
                for text in texts {
                    if text.get_ref().trim().is_empty() {
                        problems.push(
                            file.error_at(&text.span(), "this text is empty")
                                .key(block_key.clone())
                                .hint("write the words, or remove the block"),
                        );
                    }
                }
                for (c, entry) in block.contacts.iter().flatten().enumerate() {
                    let e = entry.get_ref();
                    let complete = if e.local {
                        e.label.is_none() && e.number.is_none() && e.note.is_none()
                    } else {
                        e.label.is_some() && (e.number.is_some() || e.note.is_some())
                    };
                    if !complete {
                        problems.push(
                            file.error_at(&entry.span(), "a contact has a `label` and a `number` or a `note` (or both), or is `{ local = true }` alone")
                                .key(format!("{block_key}.contacts[{c}]")),
                        );
                    }
                }
                figures(block, &block_span, &block_key, &self.sources, file, &mut problems);
                if block.list.as_ref().is_some_and(Vec::is_empty)
                    || block.contacts.as_ref().is_some_and(Vec::is_empty)
                    || block.lines.as_ref().is_some_and(Vec::is_empty)
                {
                    problems.push(file.error_at(&block_span, "the list has no items").key(block_key.clone()));
                }
            }
        }
        problems.into_result()
    }
}

/// The record of one source: publisher and title written, dates that are dates (the
/// check not before the publication), an https address, a series id.
fn source_record(id: &str, source: &SourceDef, file: &SourceFile, problems: &mut crate::error::Errors) {
    let key = |name: &str| format!("sources.{id}.{name}");
    for (value, name) in [(&source.publisher, "publisher"), (&source.title, "title")] {
        if value.get_ref().trim().is_empty() {
            problems.push(
                file.error_at(&value.span(), format!("the source's {name} is empty"))
                    .key(key(name))
                    .hint("write it as the publication gives it"),
            );
        }
    }
    let published = PartialDate::parse(source.date.get_ref());
    if published.is_none() {
        problems.push(
            file.error_at(&source.date.span(), format!("`{}` is not a date", source.date.get_ref()))
                .key(key("date"))
                .hint("write \"2026-02-19\", or \"2023-06\" or \"2023\" when the day or month is not known"),
        );
    }
    if let Err(why) = crate::contacts::Website::parse(source.url.get_ref().trim()) {
        problems.push(
            file.error_at(&source.url.span(), why)
                .key(key("url"))
                .hint("give the address where the publication itself can be read, e.g. https://www.gov.uk/government/statistics/..."),
        );
    }
    let series = source.series.get_ref();
    if series.is_empty() || !series.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        problems.push(
            file.error_at(&source.series.span(), format!("`{series}` is not a series id"))
                .key(key("series"))
                .hint("name the run of editions in lower-case words joined by hyphens, e.g. \"nrm-statistics\"; every edition of one series uses the same id"),
        );
    }
    match PartialDate::parse(source.checked.get_ref()) {
        Some(checked @ PartialDate { day: Some(_), .. }) => {
            let start = |d: PartialDate| (d.year, d.month.unwrap_or(1), d.day.unwrap_or(1));
            if let Some(published) = published
                && start(checked) < start(published)
            {
                problems.push(
                    file.error_at(
                        &source.checked.span(),
                        format!("checked on {} but published on {}", source.checked.get_ref(), source.date.get_ref()),
                    )
                    .key(key("checked"))
                    .hint("`checked` is the day someone last compared the content's values with the publication, so it comes after `date`"),
                );
            }
        }
        _ => problems.push(
            file.error_at(&source.checked.span(), format!("`{}` is not a day", source.checked.get_ref()))
                .key(key("checked"))
                .hint("write the day the values were last checked against the publication, e.g. \"2026-11-30\""),
        ),
    }
}

/// Blocks for different jurisdictions: each list names jurisdictions once, and blocks
/// that share a `one_of` are two or more, each true in a different set of jurisdictions.
fn variants(section: &Section, key: &str, file: &SourceFile, problems: &mut crate::error::Errors) {
    // Per `one_of`: each version's block index, its `one_of` value and where it is true.
    type Versions<'a> = Vec<(usize, &'a Spanned<String>, Jurisdictions)>;
    let mut groups: BTreeMap<&str, Versions> = BTreeMap::new();
    for (b, block) in section.blocks.iter().enumerate() {
        let block = block.get_ref();
        let block_key = format!("{key}.block[{b}]");
        let set = match &block.jurisdictions {
            Some(list) => {
                match super::region::jurisdiction_set(file, list, &format!("{block_key}.jurisdictions"), problems) {
                    Some(set) => set,
                    None => continue,
                }
            }
            None => Jurisdictions::ALL,
        };
        if let Some(id) = &block.one_of {
            if id.get_ref().trim().is_empty() {
                problems.push(
                    file.error_at(&id.span(), "`one_of` is empty")
                        .key(format!("{block_key}.one_of"))
                        .hint("name the statement the blocks share, e.g. one_of = \"definition\""),
                );
                continue;
            }
            groups.entry(id.get_ref().as_str()).or_default().push((b, id, set));
        }
    }
    for (id, members) in groups {
        if let [(b, span, _)] = members.as_slice() {
            problems.push(
                file.error_at(&span.span(), format!("only this block has `one_of = \"{id}\"` in its section"))
                    .key(format!("{key}.block[{b}].one_of"))
                    .hint("blocks with the same `one_of` are versions of one statement for different jurisdictions: give the other versions the same `one_of`, or remove it"),
            );
        }
        for (i, (b, span, set)) in members.iter().enumerate() {
            if let Some((first, _, _)) = members[..i].iter().find(|(_, _, other)| other == set) {
                problems.push(
                    file.error_at(&span.span(), format!("block {} and block {} of `one_of = \"{id}\"` are both for {set}", first + 1, b + 1))
                        .key(format!("{key}.block[{b}].jurisdictions"))
                        .hint("each version of a statement covers a different set of jurisdictions; merge the two or change one's `jurisdictions`"),
                );
            }
        }
    }
}

/// Checks of statistics and charts: every figure has a source and a date, values are
/// numbers from zero to a million million, series are not empty and line up with their labels, and
/// percentages of a whole add up to 100.
fn figures(
    block: &Block,
    span: &std::ops::Range<usize>,
    key: &str,
    sources: &BTreeMap<String, Spanned<SourceDef>>,
    file: &SourceFile,
    problems: &mut crate::error::Errors,
) {
    let kind = block.kind();
    let mut misplaced = |present: bool, name: &str, belongs: &str| {
        if present {
            problems.push(
                file.error_at(span, format!("`{name}` only goes with {belongs}"))
                    .key(format!("{key}.{name}"))
                    .hint("remove it, or check the block's kind key"),
            );
        }
    };
    let is_chart = kind == BlockKind::Chart;
    let is_statistic = kind == BlockKind::Statistic;
    misplaced(!is_statistic && block.label.is_some(), "label", "`statistic`");
    misplaced(!is_statistic && block.estimate, "estimate", "`statistic`");
    misplaced(!is_statistic && block.rounded, "rounded", "`statistic`");
    for (present, name) in [
        (block.caption.is_some(), "caption"),
        (block.labels.is_some(), "labels"),
        (block.values.is_some(), "values"),
        (block.label_header.is_some(), "label_header"),
        (block.value_header.is_some(), "value_header"),
        (block.dates.is_some(), "dates"),
        (block.shares.is_some(), "shares"),
    ] {
        misplaced(!is_chart && present, name, "`chart`");
    }
    misplaced(!(is_chart || is_statistic) && block.unit.is_some(), "unit", "`statistic` or `chart`");
    let is_prose = matches!(kind, BlockKind::Text | BlockKind::Lines);
    let cites = is_prose || matches!(kind, BlockKind::Statistic | BlockKind::Chart);
    misplaced(!cites && block.source.is_some(), "source", "`statistic`, `chart`, `text` or `lines`");
    misplaced(!(is_chart || is_prose) && block.sources.is_some(), "sources", "`chart`, `text` or `lines`");
    misplaced(!cites && block.date.is_some(), "date", "`statistic`, `chart`, `text` or `lines`");

    let mut check_source = |id: &Spanned<String>, key: String, problems: &mut crate::error::Errors| {
        if !sources.contains_key(id.get_ref()) {
            let known: Vec<&str> = sources.keys().map(String::as_str).collect();
            let hint = match super::suggest(id.get_ref(), known.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!(
                    "add a [sources.{}] table with publisher, title, date, url, series, values and checked",
                    id.get_ref()
                ),
            };
            problems.push(file.error_at(&id.span(), format!("unknown source `{}`", id.get_ref())).key(key).hint(hint));
        }
    };
    if let Some(source) = &block.source {
        check_source(source, format!("{key}.source"), problems);
    }
    if is_prose {
        for (i, source) in block.sources.iter().flatten().enumerate() {
            check_source(source, format!("{key}.sources[{i}]"), problems);
        }
        let cited = block.source.is_some() || block.sources.is_some();
        if cited != block.date.is_some() {
            problems.push(
                file.error_at(span, "a text that cites a source gives both `source` (or `sources`) and `date`")
                    .key(format!("{key}.{}", if cited { "date" } else { "source" }))
                    .hint("`date` is the period the figure is about, e.g. \"2025\""),
            );
        }
    }

    match kind {
        BlockKind::Statistic => {
            if let Some(value) = &block.statistic {
                check_figure(*value.get_ref(), &value.span(), &format!("{key}.statistic"), file, problems);
            }
            for (missing, name, hint) in [
                (block.label.is_none(), "label", "add `label = \"...\"`: the words after the number"),
                (
                    block.source.is_none(),
                    "source",
                    "every figure names its source: add `source = \"<id from [sources]>\"`",
                ),
                (block.date.is_none(), "date", "every figure says when it is about: add `date = \"2025\"`"),
            ] {
                if missing {
                    problems.push(
                        file.error_at(span, format!("this statistic has no `{name}`"))
                            .key(format!("{key}.{name}"))
                            .hint(hint),
                    );
                }
            }
        }
        BlockKind::Chart => chart(block, span, key, file, &mut check_source, problems),
        _ => {}
    }
}

fn chart(
    block: &Block,
    span: &std::ops::Range<usize>,
    key: &str,
    file: &SourceFile,
    check_source: &mut impl FnMut(&Spanned<String>, String, &mut crate::error::Errors),
    problems: &mut crate::error::Errors,
) {
    let bar = block.chart.as_ref().map(|c| *c.get_ref()) == Some(ChartKind::Bar);
    for (missing, name) in [
        (block.caption.is_none(), "caption"),
        (block.labels.is_none(), "labels"),
        (block.values.is_none(), "values"),
        (bar && block.label_header.is_none(), "label_header"),
        (bar && block.value_header.is_none(), "value_header"),
    ] {
        if missing {
            problems.push(
                file.error_at(span, format!("this chart has no `{name}`"))
                    .key(format!("{key}.{name}"))
                    .hint("a chart needs caption, labels and values; a bar chart also label_header and value_header (its axis titles)"),
            );
        }
    }
    let (Some(labels), Some(values)) = (&block.labels, &block.values) else { return };
    if values.is_empty() {
        problems.push(
            file.error_at(span, "the chart's series is empty")
                .key(format!("{key}.values"))
                .hint("give at least one value"),
        );
        return;
    }
    if labels.len() != values.len() {
        problems.push(
            file.error_at(span, format!("the chart has {} labels but {} values", labels.len(), values.len()))
                .key(format!("{key}.values"))
                .hint("give exactly one value per label, in the same order"),
        );
    }
    for (i, value) in values.iter().enumerate() {
        check_figure(*value.get_ref(), &value.span(), &format!("{key}.values[{i}]"), file, problems);
    }
    match (&block.source, &block.sources) {
        (None, None) => problems
            .push(file.error_at(span, "this chart has no `source`").key(format!("{key}.source")).hint(
            "every figure names its source: `source = \"<id>\"` for all values, or `sources = [...]`, one per value",
        )),
        (Some(_), Some(_)) => problems.push(
            file.error_at(span, "give `source` (for all values) or `sources` (one per value), not both")
                .key(format!("{key}.sources")),
        ),
        (None, Some(sources)) => {
            if sources.len() != values.len() {
                problems.push(
                    file.error_at(span, format!("the chart has {} sources for {} values", sources.len(), values.len()))
                        .key(format!("{key}.sources"))
                        .hint("give one source per value, in the same order"),
                );
            }
            for (i, source) in sources.iter().enumerate() {
                check_source(source, format!("{key}.sources[{i}]"), problems);
            }
        }
        (Some(_), None) => {}
    }
    match (&block.date, &block.dates) {
        (None, None) => {
            problems.push(file.error_at(span, "this chart has no `date`").key(format!("{key}.date")).hint(
                "every figure says when it is about: `date = \"2018 to 2025\"`, or `dates = [...]`, one per value",
            ))
        }
        (Some(_), Some(_)) => {
            problems.push(file.error_at(span, "give `date` or `dates`, not both").key(format!("{key}.dates")))
        }
        (None, Some(dates)) if dates.len() != values.len() => problems.push(
            file.error_at(span, format!("the chart has {} dates for {} values", dates.len(), values.len()))
                .key(format!("{key}.dates"))
                .hint("give one date per value, in the same order"),
        ),
        _ => {}
    }
    let percent = block.unit.as_ref().is_some_and(|u| u.get_ref() == "%");
    if block.chart.as_ref().map(|c| *c.get_ref()) == Some(ChartKind::Proportional) && percent {
        let total: f64 = values.iter().map(|v| *v.get_ref()).sum();
        // Each share is rounded to a whole percent, so the parts may miss 100 by one or so.
        let tolerance = 0.5 * values.len() as f64;
        if (total - 100.0).abs() > tolerance.max(1.0) {
            problems.push(
                file.error_at(span, format!("the parts add up to {total}%, not 100%"))
                    .key(format!("{key}.values"))
                    .hint(
                        "a proportional chart shows the parts of one whole; check each percentage against the source",
                    ),
            );
        }
    }
}

/// The largest figure a leaflet can print: beyond it the number is surely a typo (a
/// pasted digit string), and formatting it would fill the panel with digits.
const LARGEST_FIGURE: f64 = 1e12;

fn check_figure(
    value: f64,
    span: &std::ops::Range<usize>,
    key: &str,
    file: &SourceFile,
    problems: &mut crate::error::Errors,
) {
    // Quoted as the file writes it: `1e308` formatted is a 309-digit number.
    let written = file.text.get(span.clone()).map_or_else(|| value.to_string(), |text| text.trim().to_string());
    let problem = if !value.is_finite() || value < 0.0 {
        format!("`{written}` is not a count: figures are numbers of zero or more")
    } else if value > LARGEST_FIGURE {
        format!("`{written}` is too large for a figure on a leaflet (the most is a million million)")
    } else {
        return;
    };
    problems.push(file.error_at(span, problem).key(key.to_string()).hint("check the figure against its source"));
}

/// How editors see a TOML date such as `2026-11-25` (`handout schema`): TOML editor
/// plugins hand dates to JSON Schema as text.
struct TomlDate;

impl schemars::JsonSchema for TomlDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "TomlDate".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "description": "A TOML date, e.g. 2026-11-25 (not quoted)." })
    }
}
