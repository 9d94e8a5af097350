//! Figures: statistics, charts and the sources list. Numbers are formatted here, every
//! figure gets a line naming its source, and each chart's alt text is written from its
//! data (what it shows, its range, highest and lowest, and its trend), so the alt text
//! can never disagree with the numbers drawn.

use crate::load::Spanned;

use super::Resolver;
use super::document::{BlockContent, Chart, ChartRow, Inline, Leaf, Statistic, Wrap};
use crate::date::PartialDate;
use crate::kinds::ChartKind;
use crate::load::{self, ChartWords};
use crate::template::fill;

impl Resolver<'_> {
    pub(super) fn statistic(&mut self, block: &load::Block, key: &str) -> Option<BlockContent> {
        let value = *block.statistic.as_ref()?.get_ref();
        let unit = block.unit.as_ref().map_or("", |u| u.get_ref().as_str());
        let (shown, qualifier) = if block.rounded {
            let near = round_to_two_figures(value);
            let qualifier = if block.estimate {
                Some(&self.words.about)
            } else if near < value {
                Some(&self.words.more_than)
            } else if near > value {
                Some(&self.words.nearly)
            } else {
                None
            };
            (near, qualifier)
        } else {
            (value, block.estimate.then_some(&self.words.about))
        };
        let mut text = format!("{}{unit}", format_number(shown));
        if let Some(qualifier) = qualifier {
            text = format!("{qualifier} {text}");
        }
        let label = self.inline(block.label.as_ref()?, &format!("{key}.label"));
        Some(BlockContent::Statistic(Statistic { value: Leaf { id: self.leaf(), text }, label }))
    }

    pub(super) fn chart(&mut self, block: &load::Block, key: &str) -> Option<BlockContent> {
        let kind = *block.chart.as_ref()?.get_ref();
        let labels = block.labels.as_ref()?;
        let values: Vec<f64> = block.values.as_ref()?.iter().map(|v| *v.get_ref()).collect();
        let percent = block.unit.as_ref().is_some_and(|u| u.get_ref() == "%");
        let unit = block.unit.as_ref().map_or("", |u| u.get_ref().as_str());
        let total: f64 = values.iter().sum();
        let shares = block.shares.unwrap_or(true);
        let texts: Vec<String> = values
            .iter()
            .map(|&v| match kind {
                ChartKind::Proportional if shares && !percent && total > 0.0 => {
                    format!("{}{unit} ({}%)", format_number(v), (v / total * 100.0).round())
                }
                _ => format!("{}{unit}", format_number(v)),
            })
            .collect();
        let caption = self.inline(block.caption.as_ref()?, &format!("{key}.caption"));
        let label_texts: Vec<String> = labels.iter().map(|l| l.get_ref().trim().to_string()).collect();
        let alt = chart_alt(&self.words.charts, kind, &caption.plain_text(), &label_texts, &values, &texts);
        let rows = label_texts
            .into_iter()
            .zip(values.iter().zip(texts))
            .map(|(label, (&value, text))| ChartRow {
                label: Leaf { id: self.leaf(), text: label },
                value,
                value_text: Leaf { id: self.leaf(), text },
            })
            .collect();
        Some(BlockContent::Chart(Chart {
            kind,
            caption,
            alt,
            figure: self.leaf(),
            label_header: block
                .label_header
                .as_ref()
                .map(|h| Leaf { id: self.leaf(), text: h.get_ref().trim().to_string() }),
            value_header: block
                .value_header
                .as_ref()
                .map(|h| Leaf { id: self.leaf(), text: h.get_ref().trim().to_string() }),
            rows,
        }))
    }

    /// "Source: Home Office, February 2026" (publishers joined when a chart cites several).
    pub(super) fn citation(&mut self, block: &load::Block) -> Option<Inline> {
        let ids: Vec<&Spanned<String>> = block.source.iter().chain(block.sources.iter().flatten()).collect();
        if ids.is_empty() {
            return None;
        }
        // One source: "Home Office, February 2026". Several: the publishers only; the
        // sources list has every title and date.
        let several = ids.len() > 1;
        let mut parts: Vec<String> = Vec::new();
        for id in ids {
            let Some(source) = self.sources.get(id.get_ref()) else { continue };
            if !self.cited.contains(id.get_ref()) {
                self.cited.push(id.get_ref().clone());
            }
            let source = source.get_ref();
            // The month is enough beside a figure; the sources list gives the day.
            let when =
                PartialDate::parse(source.date.get_ref()).map(|d| self.words.date(PartialDate { day: None, ..d }));
            let part = match when {
                Some(when) if !several => format!("{}, {when}", source.publisher.get_ref()),
                _ => source.publisher.get_ref().clone(),
            };
            if !parts.contains(&part) {
                parts.push(part);
            }
        }
        let word = if parts.len() > 1 { &self.words.sources } else { &self.words.source };
        let mut text = format!("{word}: {}", parts.join("; "));
        if block.estimate {
            text = format!("{}. {text}", self.words.estimate);
        }
        Some(self.plain_inline(&text))
    }

    /// The sources cited so far in the document, in order of first citation. Called for
    /// `source_list` blocks, which the content places after the figures they list.
    pub(super) fn source_list(&mut self) -> BlockContent {
        let mut items = Vec::new();
        for id in self.cited.clone() {
            let Some(source) = self.sources.get(&id) else { continue };
            let source = source.get_ref();
            let published = PartialDate::parse(source.date.get_ref()).map(|d| self.words.date(d)).unwrap_or_default();
            let publisher = self.run(format!("{}. ", source.publisher.get_ref()), false, None, Wrap::Words);
            // The title is the link (underlined); its full stop is not.
            let title = source.title.get_ref().trim_end_matches('.').to_string();
            let url = source.url.get_ref().trim();
            let link = self.link(url.to_string(), format!("{} ({url})", source.title.get_ref()));
            let title = self.run(title, false, Some(link), Wrap::Words);
            let date = self.run(format!(". {} {published}.", self.words.published), false, None, Wrap::Words);
            items.push(Inline { runs: vec![publisher, title, date] });
        }
        BlockContent::SourceList(items)
    }

    /// A text block that states a figure must cite it.
    pub(super) fn unsourced_figure(&mut self, text: &Spanned<String>, key: &str) {
        if let Some(figure) = states_a_figure(text.get_ref()) {
            self.problems.push(
                self.file
                    .error_at(
                        &text.span(),
                        format!("this text states a figure (`{figure}`) but does not say where it comes from"),
                    )
                    .key(format!("{key}.source"))
                    .hint("add `source = \"<id from [sources]>\"` and `date = \"<period>\"` to the block"),
            );
        }
    }
}

/// A figure to two significant figures, as a reader holds it: 23,411 -> 23,000;
/// 6,993 -> 7,000. Figures under 100 are kept as they are.
pub(crate) fn round_to_two_figures(value: f64) -> f64 {
    if value < 100.0 {
        return value;
    }
    let step = 10f64.powf(value.log10().floor() - 1.0);
    (value / step).round() * step
}

/// A number with thousands separators: 23411 -> "23,411"; 1.5 -> "1.5".
pub fn format_number(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    let whole = rounded.trunc() as u64;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let tenth = ((rounded - rounded.trunc()) * 10.0).round() as u64;
    if tenth > 0 { format!("{grouped}.{tenth}") } else { grouped }
}

/// The first figure-like token in prose: a number with a thousands separator, a
/// percentage, or a number of millions. Years and small counts are not figures.
fn states_a_figure(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, word) in words.iter().enumerate() {
        let bare = word.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '%' && c != ',');
        let bare = bare.trim_end_matches(',');
        let digits = bare.chars().filter(char::is_ascii_digit).count();
        let grouped = bare.contains(',')
            && bare.split(',').skip(1).all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
            && digits >= 4;
        let percent = digits > 0 && bare.ends_with('%');
        let millions = digits > 0
            && words
                .get(i + 1)
                .is_some_and(|next| next.trim_matches(|c: char| !c.is_alphabetic()).eq_ignore_ascii_case("million"));
        if grouped || percent || millions {
            return Some(bare.to_string());
        }
    }
    None
}

/// Alt text for a chart, written from its data in the content's words.
fn chart_alt(
    words: &ChartWords,
    kind: ChartKind,
    caption: &str,
    labels: &[String],
    values: &[f64],
    texts: &[String],
) -> String {
    let caption = caption.trim_end_matches('.');
    let n = values.len();
    if n == 0 {
        return caption.to_string();
    }
    let count = n.to_string();
    let extreme =
        |better: fn(f64, f64) -> bool| (0..n).fold(0, |best, i| if better(values[i], values[best]) { i } else { best });
    let (low, high) = (extreme(|a, b| a < b), extreme(|a, b| a > b));
    match kind {
        ChartKind::Bar => {
            let ups = values.windows(2).filter(|w| w[1] > w[0]).count();
            let downs = values.windows(2).filter(|w| w[1] < w[0]).count();
            let times = |count: usize| match count {
                1 => words.one_time.clone(),
                _ => fill(&words.times, &[("count", &count.to_string())]),
            };
            let (ups_text, downs_text) = (times(ups), times(downs));
            let template = match (ups, downs) {
                _ if n < 2 => None,
                (ups, _) if ups == n - 1 => Some(&words.rises),
                (_, downs) if downs == n - 1 => Some(&words.falls),
                _ if values[n - 1] > values[0] => Some(&words.overall_rises),
                _ if values[n - 1] < values[0] => Some(&words.overall_falls),
                _ => Some(&words.level),
            };
            let summary = fill(
                &words.bar,
                &[
                    ("caption", caption),
                    ("count", &count),
                    ("first", &labels[0]),
                    ("last", &labels[n - 1]),
                    ("lowest_value", &texts[low]),
                    ("lowest", &labels[low]),
                    ("highest_value", &texts[high]),
                    ("highest", &labels[high]),
                ],
            );
            match template {
                Some(template) => {
                    let trend = fill(
                        template,
                        &[
                            ("first", &labels[0]),
                            ("last", &labels[n - 1]),
                            ("first_value", &texts[0]),
                            ("last_value", &texts[n - 1]),
                            ("ups", &ups_text),
                            ("downs", &downs_text),
                        ],
                    );
                    format!("{summary} {trend}")
                }
                None => summary,
            }
        }
        ChartKind::Proportional => {
            let parts: Vec<String> =
                labels.iter().zip(texts).map(|(l, t)| fill(&words.part, &[("label", l), ("value", t)])).collect();
            fill(
                &words.proportional,
                &[("caption", caption), ("count", &count), ("parts", &parts.join("; ")), ("largest", &labels[high])],
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_in_thousands() {
        assert_eq!(format_number(23411.0), "23,411");
        assert_eq!(format_number(122000.0), "122,000");
        assert_eq!(format_number(999.0), "999");
        assert_eq!(format_number(1234567.0), "1,234,567");
        assert_eq!(format_number(1.5), "1.5");
        assert_eq!(format_number(0.0), "0");
    }

    #[test]
    fn figures_are_rounded_to_two_significant_figures() {
        assert_eq!(round_to_two_figures(23411.0), 23000.0);
        assert_eq!(round_to_two_figures(6993.0), 7000.0);
        assert_eq!(round_to_two_figures(122000.0), 120000.0);
        assert_eq!(round_to_two_figures(7130.0), 7100.0);
        assert_eq!(round_to_two_figures(43.0), 43.0);
    }

    #[test]
    fn figures_in_prose_are_found() {
        assert_eq!(states_a_figure("In 2025, 23,411 people were referred."), Some("23,411".into()));
        assert_eq!(states_a_figure("Labour was 30% of referrals"), Some("30%".into()));
        assert_eq!(states_a_figure("about 50 million people"), Some("50".into()));
        assert_eq!(states_a_figure("Since 2015, in 4 years, call 999 or 101"), None);
    }

    #[test]
    fn bar_chart_alt_names_range_extremes_and_trend() {
        let labels: Vec<String> = ["2018", "2019", "2020"].map(String::from).to_vec();
        let words = ChartWords::default();
        let alt = chart_alt(
            &words,
            ChartKind::Bar,
            "Referrals by year",
            &labels,
            &[6993.0, 10611.0, 10601.0],
            &["6,993".into(), "10,611".into(), "10,601".into()],
        );
        assert_eq!(
            alt,
            "Referrals by year. Bar chart of 3 values, 2018 to 2020, on a scale from zero. Lowest: 6,993 in 2018. \
             Highest: 10,611 in 2019. Overall it rises, from 6,993 in 2018 to 10,601 in 2020; it goes up 1 time and down 1 time."
        );
        let alt =
            chart_alt(&words, ChartKind::Bar, "Up", &labels, &[1.0, 2.0, 3.0], &["1".into(), "2".into(), "3".into()]);
        assert!(alt.ends_with("It rises at every step, from 1 in 2018 to 3 in 2020."), "{alt}");
    }

    #[test]
    fn proportional_alt_lists_every_part() {
        let labels: Vec<String> = ["Men and boys", "Women and girls"].map(String::from).to_vec();
        let alt = chart_alt(
            &ChartWords::default(),
            ChartKind::Proportional,
            "Sex",
            &labels,
            &[76.0, 24.0],
            &["76%".into(), "24%".into()],
        );
        assert_eq!(
            alt,
            "Sex. One bar divided into 2 parts. Men and boys: 76%; Women and girls: 24%. The largest part is Men and boys."
        );
    }
}
