//! The fact record: docs/facts.md agrees with the content files; every source carries
//! what a fact checker needs (and bad records are load errors naming file, line and key);
//! `handout check` warns when a figure's edition is superseded, a year is counted on two
//! bases, a listed source is cited by nothing, or a printed source has no list to be in.

mod common;

use common::*;
use handout::load::{Block, BlockKind, Content, Definitions, Values};
use handout::resolve::format_number;

/// The rows of the first table under `## heading` in a markdown file, header left out.
fn table(markdown: &str, heading: &str) -> Vec<Vec<String>> {
    let start = markdown.find(&format!("\n## {heading}\n")).unwrap_or_else(|| panic!("no `## {heading}`"));
    markdown[start..]
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2)
        .map(|line| line.trim_matches('|').split('|').map(|cell| cell.trim().to_string()).collect())
        .collect()
}

const FILES: [&str; 4] =
    ["infographic.standard", "infographic.plain-language", "leaflet.standard", "leaflet.plain-language"];

fn contents() -> Vec<(&'static str, Content)> {
    let definitions = Definitions::embedded();
    FILES
        .iter()
        .map(|file| (*file, definitions.content(file, "en-GB").unwrap_or_else(|e| panic!("{e}")).value))
        .collect()
}

fn facts_md() -> String {
    std::fs::read_to_string(root().join("docs/facts.md")).unwrap()
}

/// Figure-like words: a number with thousands separators, a percentage, "N million".
fn figures_in(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut found = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let bare = word.trim_matches(|c: char| !c.is_ascii_digit() && c != '%' && c != ',').trim_end_matches(',');
        if bare.is_empty() || !bare.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        if words.get(i + 1).is_some_and(|next| next.starts_with("million")) {
            found.push(format!("{bare} million"));
        } else if bare.ends_with('%') || (bare.contains(',') && bare.len() >= 5) {
            found.push(bare.to_string());
        }
    }
    found
}

/// The words a block prints around its figures (markup removed).
fn words_of(block: &Block) -> String {
    let parts = [&block.label, &block.caption, &block.text];
    parts.iter().filter_map(|p| p.as_ref()).map(|s| s.get_ref().replace("**", "")).collect::<Vec<_>>().join(" ")
}

/// Each figure the content prints: (file, section, value, period, source).
fn figures(file: &str, content: &Content) -> Vec<[String; 5]> {
    let mut out = Vec::new();
    for section in &content.sections {
        let section = section.get_ref();
        for block in &section.blocks {
            let block = block.get_ref();
            let unit = block.unit.as_ref().map_or("", |u| u.get_ref().as_str());
            let date = block.date.as_ref().map(|d| d.get_ref().clone()).unwrap_or_default();
            let mut add = |value: String, period: &str, source: &str| {
                out.push([file.to_string(), section.id.clone(), value, period.to_string(), source.to_string()])
            };
            let single = block.source.as_ref().map(|s| s.get_ref().clone());
            match block.kind() {
                BlockKind::Statistic => {
                    let source = single.clone().unwrap();
                    add(
                        format!("{}{unit}", format_number(*block.statistic.as_ref().unwrap().get_ref())),
                        &date,
                        &source,
                    );
                    for figure in figures_in(&words_of(block)) {
                        add(figure, &date, &source);
                    }
                }
                BlockKind::Chart => {
                    let values = block.values.as_ref().unwrap();
                    for (i, value) in values.iter().enumerate() {
                        let source =
                            block.sources.as_ref().map_or_else(|| single.clone().unwrap(), |s| s[i].get_ref().clone());
                        let period = block.dates.as_ref().map_or(date.clone(), |d| d[i].get_ref().clone());
                        add(format!("{}{unit}", format_number(*value.get_ref())), &period, &source);
                    }
                    for figure in figures_in(&words_of(block)) {
                        add(figure, &date, single.as_deref().unwrap_or_default());
                    }
                }
                BlockKind::Text if block.source.is_some() || block.sources.is_some() => {
                    let sources: Vec<String> = single
                        .iter()
                        .cloned()
                        .chain(block.sources.iter().flatten().map(|s| s.get_ref().clone()))
                        .collect();
                    for source in &sources {
                        // The words are in the table; the test below checks they are printed.
                        add(String::new(), &date, source);
                    }
                    for figure in figures_in(&words_of(block)) {
                        for source in &sources {
                            add(figure.clone(), &date, source);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

#[test]
fn every_source_in_the_content_has_its_row_and_the_rows_agree_with_it() {
    let rows = table(&facts_md(), "Sources");
    assert!(rows.len() >= 10, "{rows:?}");
    let contents = contents();
    for row in &rows {
        assert_eq!(row.len(), 8, "{row:?}");
        assert!(
            contents.iter().any(|(_, c)| c.sources.contains_key(&row[0])),
            "`{}` is in docs/facts.md but in no content file",
            row[0]
        );
    }
    for (file, content) in &contents {
        for (id, source) in &content.sources {
            let s = source.get_ref();
            let row = rows
                .iter()
                .find(|r| r[0] == *id)
                .unwrap_or_else(|| panic!("{file}: source `{id}` has no row in docs/facts.md"));
            let values = match s.values.get_ref() {
                Values::FirstPublished => "first-published",
                Values::Revised => "revised",
            };
            let record = [
                id.as_str(),
                s.publisher.get_ref(),
                s.title.get_ref(),
                s.date.get_ref(),
                s.url.get_ref(),
                s.series.get_ref(),
                values,
                s.checked.get_ref(),
            ];
            assert_eq!(
                row.iter().map(String::as_str).collect::<Vec<_>>(),
                record,
                "{file}: `{id}` differs from its row"
            );
        }
    }
}

#[test]
fn every_printed_figure_has_its_row_and_every_row_is_printed() {
    let markdown = facts_md();
    let rows = table(&markdown, "Figures");
    let sources = table(&markdown, "Sources");
    let contents = contents();
    let expected: Vec<[String; 5]> = contents.iter().flat_map(|(file, content)| figures(file, content)).collect();
    assert!(expected.len() > 30, "{expected:?}");
    let key = |row: &[String]| [row[0].clone(), row[1].clone(), row[2].clone(), row[3].clone(), row[4].clone()];

    // Content to table: each figure, and each source a text cites, has a row.
    for figure in &expected {
        let found = rows.iter().any(|row| {
            let k = key(row);
            k[0] == figure[0]
                && k[1] == figure[1]
                && k[3] == figure[3]
                && k[4] == figure[4]
                && (figure[2].is_empty() || k[2] == figure[2])
        });
        assert!(found, "no row in docs/facts.md for {figure:?}");
    }
    // Table to content: each row is a figure the content prints, as the table says.
    for row in &rows {
        assert_eq!(row.len(), 9, "{row:?}");
        let (file, content) =
            contents.iter().find(|(f, _)| *f == row[0]).unwrap_or_else(|| panic!("{row:?}: no such file"));
        let printed = expected
            .iter()
            .any(|f| f[0] == row[0] && f[1] == row[1] && f[2] == row[2] && f[3] == row[3] && f[4] == row[4]);
        let in_words =
            content.sections.iter().filter(|s| s.get_ref().id == row[1]).flat_map(|s| &s.get_ref().blocks).any(|b| {
                let b = b.get_ref();
                let cites = b.source.iter().chain(b.sources.iter().flatten()).any(|s| *s.get_ref() == row[4]);
                let period = b.date.as_ref().is_some_and(|d| *d.get_ref() == row[3]);
                cites && period && words_of(b).contains(&row[2])
            });
        assert!(printed || in_words, "{file}: the row {row:?} matches no figure the content prints");
        // The publisher, date and address are the source's.
        let source = sources.iter().find(|s| s[0] == row[4]).unwrap_or_else(|| panic!("{row:?}: unknown source"));
        assert_eq!([&row[5], &row[6], &row[7]], [&source[1], &source[3], &source[4]], "{row:?}");
        let basis = if source[6] == "revised" { "revised" } else { "first published" };
        assert!(row[8].starts_with(basis), "{row:?}: the basis starts with `{basis}`");
    }
}

const POSTER: &str = "content/infographic.standard.en-GB.toml";

fn poster_error(name: &str, edit: impl FnOnce(String) -> String) -> (String, String) {
    let (dir, definitions) = overlay(name, POSTER, edit);
    let message = build_error(&definitions, &job("infographic", "standard", "uk"));
    (message, std::fs::read_to_string(dir.join(POSTER)).unwrap())
}

fn assert_error_at(message: &str, edited: &str, line_text: &str, key: &str, needle: &str) {
    let line = line_of(edited, line_text);
    assert!(message.contains(&format!("{POSTER}:{line}:")), "line {line} missing from:\n{message}");
    assert!(message.contains(&format!(": {key}: ")), "key `{key}` missing from:\n{message}");
    assert!(message.contains(needle), "`{needle}` missing from:\n{message}");
    assert!(message.contains("hint:"), "no hint in:\n{message}");
}

/// The lines of the 2024 summary's record, for edits.
const RECORD_2024: &str = "url = \"https://gov.uk/government/statistics/modern-slavery-nrm-and-dtn-statistics-end-of-year-summary-2024\"\nseries = \"nrm-statistics\"\nvalues = \"first-published\"\nchecked = \"2026-11-30\"";

#[test]
fn a_source_without_an_address_or_with_a_bad_one_is_refused() {
    let (message, edited) = poster_error("no-url", |t| {
        replace_once(
            t,
            RECORD_2024,
            "series = \"nrm-statistics\"\nvalues = \"first-published\"\nchecked = \"2026-11-30\"",
        )
    });
    assert!(message.contains("missing field `url`"), "{message}");
    assert!(message.contains("sources.ho-eoy-2024.url"), "{message}");
    assert!(message.contains("hint: add `url = ...`"), "{message}");
    assert!(message.contains(POSTER) && !edited.contains("summary-2024\"\nseries"));

    let (message, edited) = poster_error("http-url", |t| {
        replace_once(
            t,
            "url = \"https://gov.uk/government/statistics/modern-slavery",
            "url = \"http://gov.uk/government/statistics/modern-slavery",
        )
    });
    assert_error_at(&message, &edited, "url = \"http://gov.uk", "sources.ho-eoy-2024.url", "must start with https://");
}

#[test]
fn values_series_and_checked_dates_are_checked() {
    let (message, edited) = poster_error("values", |t| {
        replace_once(t, RECORD_2024, &RECORD_2024.replace("\"first-published\"", "\"first published\""))
    });
    let line = line_of(&edited, "values = \"first published\"");
    assert!(message.contains(&format!("{POSTER}:{line}:")), "{message}");
    assert!(message.contains("sources.ho-eoy-2024.values"), "{message}");
    assert!(message.contains("unknown variant `first published`") && message.contains("first-published"), "{message}");

    let (message, edited) = poster_error("series", |t| {
        replace_once(t, RECORD_2024, &RECORD_2024.replace("\"nrm-statistics\"", "\"NRM statistics\""))
    });
    assert_error_at(
        &message,
        &edited,
        "series = \"NRM statistics\"",
        "sources.ho-eoy-2024.series",
        "`NRM statistics` is not a series id",
    );

    let (message, edited) =
        poster_error("early", |t| replace_once(t, RECORD_2024, &RECORD_2024.replace("2026-11-30", "2025-03-05")));
    assert_error_at(
        &message,
        &edited,
        "checked = \"2025-03-05\"",
        "sources.ho-eoy-2024.checked",
        "checked on 2025-03-05 but published on 2025-03-06",
    );

    let (message, edited) =
        poster_error("month", |t| replace_once(t, RECORD_2024, &RECORD_2024.replace("2026-11-30", "2026-11")));
    assert_error_at(
        &message,
        &edited,
        "checked = \"2026-11\"",
        "sources.ho-eoy-2024.checked",
        "`2026-11` is not a day",
    );
}

/// `handout check` of the standard poster with an edited copy of its content: the
/// report's warnings for one rule.
fn check_warnings(name: &str, rule: &str, edit: impl FnOnce(String) -> String) -> (Vec<String>, String) {
    let (dir, _) = overlay(name, POSTER, edit);
    let output = handout(&["check", "infographic", "--variant", "standard", "--defs", dir.to_str().unwrap()], &dir);
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "warnings do not fail the check:\n{report}");
    let warnings = report.lines().filter(|l| l.contains(&format!("warning[{rule}]"))).map(str::to_string).collect();
    (warnings, std::fs::read_to_string(dir.join(POSTER)).unwrap())
}

#[test]
fn a_revised_figure_from_an_older_edition_than_the_newest_cited_is_a_warning() {
    let (warnings, edited) = check_warnings("revised", "source-edition", |t| {
        replace_once(t, RECORD_2024, &RECORD_2024.replace("first-published", "revised"))
    });
    // The 2024 summary is cited twice (the 2024 bar, and UK nationals in 2024).
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    let line = line_of(&edited, "sources = [\"nca-eoy-2018\", \"ho-eoy-2019\"");
    assert!(warnings[0].contains(&format!("{POSTER}:{line}:")), "{warnings:?}");
    assert!(warnings[0].contains("section[5].block[0].sources[6]"), "{warnings:?}");
    assert!(
        warnings[0].contains("`ho-eoy-2024` (2025-03-06) gives a revised figure, but the content also cites `ho-eoy-2025` (2026-02-19), a newer edition of `nrm-statistics`"),
        "{warnings:?}"
    );
}

#[test]
fn one_year_from_two_editions_of_a_series_is_a_warning() {
    // The sex chart's 2023 figures taken from the 2024 summary, while the bar and the
    // age figures for 2023 come from the 2023 summary: 2023 on two bases.
    let (warnings, edited) = check_warnings("two-bases", "source-edition", |t| {
        replace_once(
            t,
            "values = [12903, 4088]\nsource = \"ho-eoy-2023\"",
            "values = [12903, 4088]\nsource = \"ho-eoy-2024\"",
        )
    });
    assert_eq!(warnings.len(), 2, "the 2023 bar and the age figure: {warnings:?}");
    let age = line_of(&edited, "statistic = 8622") + 3;
    assert!(warnings.iter().any(|w| w.contains(&format!("{POSTER}:{age}:"))), "{warnings:?}");
    assert!(warnings.iter().all(|w| w.contains("counted on two bases") && w.contains("`ho-eoy-2024`")), "{warnings:?}");
}

#[test]
fn a_listed_source_nothing_cites_is_a_warning() {
    let (warnings, edited) = check_warnings("unused", "source-unused", |t| {
        replace_once(
            t,
            "[sources.ho-eoy-2019]",
            "[sources.care-2020]\npublisher = \"CARE\"\ntitle = \"Press release\"\ndate = \"2020-04-02\"\nurl = \"https://care.org.uk/news\"\nseries = \"care-news\"\nvalues = \"first-published\"\nchecked = \"2026-11-30\"\n\n[sources.ho-eoy-2019]",
        )
    });
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains(&format!("{POSTER}:{}:", line_of(&edited, "[sources.care-2020]"))), "{warnings:?}");
    assert!(
        warnings[0].contains("sources.care-2020: the source `care-2020` is listed but no figure cites it"),
        "{warnings:?}"
    );
}

#[test]
fn a_printed_source_with_no_list_of_sources_to_be_in_is_a_warning() {
    let (warnings, edited) = check_warnings("no-list", "source-list", |t| {
        replace_once(t, "source_list = true\n", "text = \"Sources are on our website.\"\n")
    });
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains(&format!("{POSTER}:{}:", line_of(&edited, "statistic = 23411"))), "{warnings:?}");
    assert!(
        warnings[0]
            .contains("\"Source: Home Office, February 2026\" is printed, but the document has no list of sources"),
        "{warnings:?}"
    );
}

#[test]
fn the_built_in_content_checks_without_source_warnings() {
    let dir = temp_dir("facts-clean");
    let output = handout(&["check", "--region", "scotland", "--region", "british-transport-police"], &dir);
    let report = stdout(&output);
    assert!(output.status.success(), "{report}");
    assert!(!report.contains("warning[source"), "{report}");
    assert!(report.contains("checked 12 documents: 0 errors, 0 warnings"), "{report}");
}
