//! The words the tool itself prints or speaks, as a content file's `[words]` table gives
//! them (English when it does not): around figures ("Source", "about"), page numbers, link
//! descriptions for screen readers ("Call ... on ...") and the sentences of a chart's
//! generated alt text. A translation changes them here, not in code.
//!
//! Templates hold `{names}` that the tool fills in; each template's names are checked when
//! the file is loaded, so a misspelt name is an error rather than a printed `{nmber}`.

use serde::Deserialize;

use crate::date::PartialDate;
use crate::error::{Diagnostic, Errors, SourceFile};
use crate::template::names_in;

/// Words the tool prints or speaks. English by default.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Words {
    /// Before a figure's source: "Source: Home Office, February 2026".
    pub source: String,
    /// Before several sources: "Sources: National Crime Agency; Home Office".
    pub sources: String,
    /// Before an estimate's value: "about 122,000".
    pub about: String,
    /// In a figure's source line when it is an estimate: "Estimate. Source: ...".
    pub estimate: String,
    /// In the sources list: "Published 19 February 2026".
    pub published: String,
    /// Month names, January first.
    pub months: [String; 12],
    /// The footer of flowing layouts: "Page {page} of {pages}".
    pub page_number: String,
    /// Added to the title of a large-print variant, which shares its words with the
    /// standard one: "Modern slavery in the UK: the figures. Large print".
    pub large_print: String,
    /// Before a figure rounded down: "more than 23,000".
    pub more_than: String,
    /// Before a figure rounded up: "nearly 7,000".
    pub nearly: String,
    /// Easy Read: words a reader may not know. Each is explained where it first appears,
    /// in that line or the next, by a sentence saying "<word> means ...", or not used.
    /// `handout check` holds an Easy Read document to its content's list.
    pub explain: Vec<String>,
    /// The word that explains another: "Kidnap **means** taking a person away by force".
    pub means: String,
    /// How links are described to screen readers.
    pub links: LinkWords,
    /// The sentences of a chart's alt text, written from its data.
    pub charts: ChartWords,
    /// The print copy's slug line, outside the trim: for the print shop and the force.
    pub print: PrintWords,
}

/// The slug line of a print copy. The engine puts the file's ids (product, variant,
/// region, language) before these words and its own name and version after them.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PrintWords {
    /// "version {version} | {date} | page {page} of {pages} | trim {width} x {height} mm,
    /// bleed {bleed} mm": the sizes in millimetres, the date as 2026-11-30.
    pub slug: String,
    /// First on the slug of a draft translation: "Draft translation - not for print".
    pub draft: String,
}

/// Link descriptions (a PDF link annotation's `/Contents`, read out by screen readers).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct LinkWords {
    /// A phone number: "Call {service} on {number}".
    pub call: String,
    /// A text (SMS) number: "Text {service} on {number}". A label that already starts
    /// with the words before `{service}` ("Text British Transport Police") is not given
    /// them twice.
    pub text: String,
    /// The service 999 reaches.
    pub emergency_services: String,
    /// The force's non-emergency line: "{force} (non-emergency)".
    pub non_emergency: String,
    /// Relay UK's emergency number (18000).
    pub relay_emergency: String,
    /// Relay UK before the non-emergency number (18001 101).
    pub relay_non_emergency: String,
    /// An email address: "Email: {address}".
    pub email: String,
    /// A web address: "Website: {address}".
    pub website: String,
}

/// A chart's alt text. `{caption}` is the chart's title; values are printed as on the chart.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ChartWords {
    /// What a bar chart shows, its range and extremes.
    pub bar: String,
    /// Its trend, when every step goes up.
    pub rises: String,
    /// Its trend, when every step goes down.
    pub falls: String,
    /// Its trend, when it ends higher after going both ways.
    pub overall_rises: String,
    /// Its trend, when it ends lower after going both ways.
    pub overall_falls: String,
    /// Its trend, when it ends where it started after going both ways.
    pub level: String,
    /// A count of steps, "1 time" and "{count} times", for `{ups}` and `{downs}`.
    pub one_time: String,
    pub times: String,
    /// What a proportional chart shows: every part, and the largest.
    pub proportional: String,
    /// One part of a proportional chart, in `{parts}`.
    pub part: String,
}

impl Default for Words {
    fn default() -> Self {
        let months = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        Words {
            source: "Source".to_string(),
            sources: "Sources".to_string(),
            about: "about".to_string(),
            estimate: "Estimate".to_string(),
            published: "Published".to_string(),
            months: months.map(str::to_string),
            page_number: "Page {page} of {pages}".to_string(),
            large_print: "Large print".to_string(),
            more_than: "more than".to_string(),
            nearly: "nearly".to_string(),
            explain: Vec::new(),
            means: "means".to_string(),
            links: LinkWords::default(),
            charts: ChartWords::default(),
            print: PrintWords::default(),
        }
    }
}

impl Default for PrintWords {
    fn default() -> Self {
        PrintWords {
            slug: "version {version} | {date} | page {page} of {pages} | trim {width} x {height} mm, bleed {bleed} mm"
                .to_string(),
            draft: "Draft translation - not for print".to_string(),
        }
    }
}

impl Default for LinkWords {
    fn default() -> Self {
        LinkWords {
            call: "Call {service} on {number}".to_string(),
            text: "Text {service} on {number}".to_string(),
            emergency_services: "the emergency services".to_string(),
            non_emergency: "{force} (non-emergency)".to_string(),
            relay_emergency: "Relay UK in an emergency".to_string(),
            relay_non_emergency: "Relay UK for the police non-emergency line".to_string(),
            email: "Email: {address}".to_string(),
            website: "Website: {address}".to_string(),
        }
    }
}

impl Default for ChartWords {
    fn default() -> Self {
        let trend = "from {first_value} in {first} to {last_value} in {last}";
        let both_ways = format!("{trend}; it goes up {{ups}} and down {{downs}}.");
        ChartWords {
            bar: "{caption}. Bar chart of {count} values, {first} to {last}, on a scale from zero. \
                  Lowest: {lowest_value} in {lowest}. Highest: {highest_value} in {highest}."
                .to_string(),
            rises: format!("It rises at every step, {trend}."),
            falls: format!("It falls at every step, {trend}."),
            overall_rises: format!("Overall it rises, {both_ways}"),
            overall_falls: format!("Overall it falls, {both_ways}"),
            level: format!("It ends where it started, {both_ways}"),
            one_time: "1 time".to_string(),
            times: "{count} times".to_string(),
            proportional: "{caption}. One bar divided into {count} parts. {parts}. The largest part is {largest}."
                .to_string(),
            part: "{label}: {value}".to_string(),
        }
    }
}

impl Words {
    /// A date in words, as precise as it is given: "19 February 2026", "February 2026"
    /// or "2026".
    pub fn date(&self, date: PartialDate) -> String {
        date.in_words(&self.months)
    }

    /// Every template with the names it may use, keyed as the content file writes it.
    fn templates(&self) -> Vec<(&'static str, &str, &'static [&'static str])> {
        const TREND: &[&str] = &["first", "last", "first_value", "last_value", "ups", "downs"];
        let links = &self.links;
        let charts = &self.charts;
        vec![
            ("words.page_number", &self.page_number, &["page", "pages"]),
            ("words.large_print", &self.large_print, &[]),
            ("words.more_than", &self.more_than, &[]),
            ("words.nearly", &self.nearly, &[]),
            ("words.means", &self.means, &[]),
            ("words.links.call", &links.call, &["service", "number"]),
            ("words.links.text", &links.text, &["service", "number"]),
            ("words.links.emergency_services", &links.emergency_services, &[]),
            ("words.links.non_emergency", &links.non_emergency, &["force"]),
            ("words.links.relay_emergency", &links.relay_emergency, &[]),
            ("words.links.relay_non_emergency", &links.relay_non_emergency, &[]),
            ("words.links.email", &links.email, &["address"]),
            ("words.links.website", &links.website, &["address"]),
            (
                "words.charts.bar",
                &charts.bar,
                &["caption", "count", "first", "last", "lowest", "lowest_value", "highest", "highest_value"],
            ),
            ("words.charts.rises", &charts.rises, TREND),
            ("words.charts.falls", &charts.falls, TREND),
            ("words.charts.overall_rises", &charts.overall_rises, TREND),
            ("words.charts.overall_falls", &charts.overall_falls, TREND),
            ("words.charts.level", &charts.level, TREND),
            ("words.charts.one_time", &charts.one_time, &[]),
            ("words.charts.times", &charts.times, &["count"]),
            ("words.charts.proportional", &charts.proportional, &["caption", "count", "parts", "largest"]),
            ("words.charts.part", &charts.part, &["label", "value"]),
            ("words.print.slug", &self.print.slug, &["version", "date", "page", "pages", "width", "height", "bleed"]),
            ("words.print.draft", &self.print.draft, &[]),
        ]
    }

    /// Every `{name}` in every template is one the tool fills in there.
    pub(super) fn validate(&self, file: &SourceFile, problems: &mut Errors) {
        for (key, template, allowed) in self.templates() {
            // An empty description leaves a link or a chart with nothing to say.
            if template.trim().is_empty() {
                problems.push(
                    Diagnostic::error("this text is empty")
                        .at(&file.start())
                        .key(key)
                        .hint("write the words, or remove the line to use the English default"),
                );
            }
            for name in names_in(template) {
                if !allowed.contains(&name) {
                    let hint = match allowed {
                        [] => "this text takes no {names}; write it out in full".to_string(),
                        _ => format!(
                            "it may use {}",
                            allowed.iter().map(|n| format!("{{{n}}}")).collect::<Vec<_>>().join(", ")
                        ),
                    };
                    problems.push(
                        Diagnostic::error(format!("`{{{name}}}` is not filled in here"))
                            .at(&file.start())
                            .key(key)
                            .hint(hint),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_name_in_a_template_is_refused() {
        let mut words = Words::default();
        words.links.call = "Ffoniwch {servce} ar {number}".to_string();
        let file = SourceFile::new("content/x.cy.toml", String::new());
        let mut problems = Errors::default();
        words.validate(&file, &mut problems);
        assert_eq!(problems.0.len(), 1, "{problems}");
        let d = &problems.0[0];
        assert_eq!(d.key.as_deref(), Some("words.links.call"));
        assert!(d.message.contains("`{servce}`"), "{}", d.message);
        assert!(d.hint.as_deref().unwrap().contains("{service}, {number}"), "{d}");
    }

    #[test]
    fn an_empty_template_is_refused() {
        let mut words = Words::default();
        words.links.website = " ".to_string();
        let mut problems = Errors::default();
        words.validate(&SourceFile::new("content/x.toml", String::new()), &mut problems);
        assert_eq!(problems.0.len(), 1, "{problems}");
        assert_eq!(problems.0[0].key.as_deref(), Some("words.links.website"));
        assert!(problems.0[0].message.contains("empty"), "{problems}");
    }

    #[test]
    fn the_english_defaults_use_only_their_own_names() {
        let mut problems = Errors::default();
        Words::default().validate(&SourceFile::new("x", String::new()), &mut problems);
        assert!(problems.is_empty(), "{problems}");
    }
}
