//! The A3 infographic: figures, charts with generated alt text and data tables, sources,
//! and every kind of bad figure input.

mod common;

use std::sync::OnceLock;

use common::*;

const CONTENT: &str = "content/infographic.standard.en-GB.toml";

fn poster() -> &'static Pdf {
    static PDF: OnceLock<Pdf> = OnceLock::new();
    PDF.get_or_init(|| Pdf::load(&build("infographic", "standard", "uk")))
}

fn poster_error(name: &str, edit: impl FnOnce(String) -> String) -> (String, String) {
    let (dir, definitions) = overlay(name, CONTENT, edit);
    let message = build_error(&definitions, &job("infographic", "standard", "uk"));
    (message, std::fs::read_to_string(dir.join(CONTENT)).unwrap())
}

#[test]
fn one_a3_page_with_bleed() {
    let pdf = poster();
    assert_eq!(pdf.pages().len(), 1);
    let (w, h) = pdf.box_mm(0, "TrimBox");
    assert!((w - 297.0).abs() < 0.01 && (h - 420.0).abs() < 0.01, "TrimBox {w} x {h}");
    let (w, h) = pdf.box_mm(0, "BleedBox");
    assert!((w - 303.0).abs() < 0.01 && (h - 426.0).abs() < 0.01, "BleedBox {w} x {h}");
    assert_eq!(pdf.page_box(0, "CropBox"), pdf.page_box(0, "TrimBox"));
}

#[test]
fn every_figure_is_in_the_text() {
    let text = poster().text();
    for figure in [
        "23,411",
        "6,993",
        "10,627",
        "10,613",
        "12,727",
        "16,938",
        "17,004",
        "19,125",
        "about 122,000",
        "7,130",
        "8,622",
        "7,432",
        "12,903 (76%)",
        "4,088 (24%)",
        "33%",
        "49%",
        "28 million",
        "22 million",
    ] {
        assert!(text.contains(figure), "`{figure}` is not in the text");
    }
    for year in 2018..=2025 {
        assert!(text.contains(&year.to_string()));
    }
}

#[test]
fn the_bar_chart_is_a_figure_with_alt_text_from_its_data_and_a_table() {
    let structure = poster().structure();
    let figures: Vec<_> = structure.iter().filter(|e| e.tag == "Figure").collect();
    let bar =
        figures.iter().find(|f| f.alt.as_deref().is_some_and(|a| a.contains("Bar chart"))).expect("a bar chart figure");
    let alt = bar.alt.as_deref().unwrap();
    for needle in ["8 values, 2018 to 2025", "from zero", "Lowest: 6,993 in 2018", "Highest: 23,411 in 2025", "rises"] {
        assert!(alt.contains(needle), "`{needle}` missing from alt: {alt}");
    }
    // The table: a header row, then a row per year with the year as row header and the
    // value as data, read back as text.
    let table = structure.iter().position(|e| e.tag == "Table").expect("a Table");
    let rows: Vec<_> = structure[table + 1..]
        .iter()
        .take_while(|e| e.depth > structure[table].depth)
        .filter(|e| e.tag == "TR")
        .collect();
    assert_eq!(rows.len(), 9, "header + 8 years");
    assert_eq!(rows[0].text, "YearReferrals");
    assert_eq!(rows[1].text, "20186,993");
    assert_eq!(rows[8].text, "202523,411");
    let cells: Vec<_> =
        structure[table..].iter().filter(|e| e.tag == "TH" || e.tag == "TD").take(4).map(|e| e.tag.as_str()).collect();
    assert_eq!(cells, ["TH", "TH", "TH", "TD"]);
}

#[test]
fn proportional_charts_name_every_part_in_words_and_numbers() {
    let structure = poster().structure();
    let alts: Vec<&str> = structure.iter().filter(|e| e.tag == "Figure").filter_map(|e| e.alt.as_deref()).collect();
    let sex = alts.iter().find(|a| a.contains("by sex")).expect("the sex chart");
    assert!(sex.contains("Men and boys: 12,903 (76%)") && sex.contains("Women and girls: 4,088 (24%)"), "{sex}");
    let global = alts.iter().find(|a| a.contains("Forced labour")).expect("the global chart");
    assert!(global.contains("Forced labour: 28 million") && global.contains("estimate"), "{global}");
    assert!(alts.iter().all(|a| !a.is_empty()));
}

#[test]
fn the_estimate_is_marked_as_an_estimate() {
    let text = poster().text();
    assert!(text.contains("about 122,000"));
    assert!(text.contains("Estimate. Source: Walk Free, May 2023"));
}

#[test]
fn sources_are_listed_with_publisher_title_and_date() {
    let text = poster().text();
    for needle in [
        "Home Office. Modern Slavery: NRM and DtN statistics, end of year summary 2025. Published 19 February 2026.",
        "National Crime Agency. National Referral Mechanism Statistics: End of Year Summary 2018. Published 20 March 2019.",
        "Walk Free. Global Slavery Index 2023",
        "Source: Home Office, February 2026",
    ] {
        assert!(text.contains(needle), "`{needle}` missing");
    }
}

#[test]
fn reading_order_is_title_figures_charts_contacts_sources() {
    let structure = poster().structure();
    let headings: Vec<&str> =
        structure.iter().filter(|e| e.tag.starts_with('H')).filter_map(|e| e.title.as_deref()).collect();
    assert_eq!(
        headings,
        [
            "Modern slavery in the UK: the figures",
            "Referrals have more than tripled since 2018",
            "Who is referred",
            "Kinds of exploitation",
            "Worried about someone? Report it",
            "Sources",
        ]
    );
    let text: String = structure.iter().filter(|e| e.tag == "Sect").map(|e| e.text.clone()).collect();
    let at = |needle: &str| text.find(needle).unwrap_or_else(|| panic!("`{needle}` not in tag text"));
    assert!(
        at("23,411") < at("about 122,000") && at("about 122,000") < at("7,130") && at("7,130") < at("Referrals have")
    );
    assert!(
        at("Worried about someone") < at("08000 121 700")
            && at("08000 121 700") < at("National Crime Agency. National Referral")
    );
}

#[test]
fn adding_a_year_changes_the_chart_with_no_code_change() {
    let (_dir, definitions) = overlay("new-year", CONTENT, |t| {
        let t = replace_once(t, "\"2024\", \"2025\"]\nvalues", "\"2024\", \"2025\", \"2026\"]\nvalues");
        let t = replace_once(t, "19125, 23411]", "19125, 23411, 25000]");
        let t = replace_once(t, "\"ho-eoy-2025\"]\ndates", "\"ho-eoy-2025\", \"ho-eoy-2025\"]\ndates");
        replace_once(t, "\"2024\", \"2025\"]\n\n", "\"2024\", \"2025\", \"2026\"]\n\n")
    });
    let pdf = Pdf::load(&build_with(&definitions, &job("infographic", "standard", "uk")));
    let structure = pdf.structure();
    let alt = structure.iter().filter_map(|e| e.alt.clone()).find(|a| a.contains("Bar chart")).unwrap();
    assert!(alt.contains("9 values, 2018 to 2026") && alt.contains("Highest: 25,000 in 2026"), "{alt}");
    assert!(pdf.text().contains("25,000"));
}

fn assert_error(message: &str, needle: &str, key: &str, file_line: Option<usize>) {
    assert!(message.contains(needle), "`{needle}` missing from:\n{message}");
    assert!(message.contains(key), "key `{key}` missing from:\n{message}");
    assert!(message.contains(CONTENT), "file missing from:\n{message}");
    if let Some(line) = file_line {
        assert!(message.contains(&format!("{CONTENT}:{line}:")), "line {line} missing from:\n{message}");
    }
}

#[test]
fn a_statistic_without_a_source_or_date() {
    let (message, edited) = poster_error("no-source", |t| replace_once(t, "source = \"walk-free-gsi-2023\"\n", ""));
    assert_error(
        &message,
        "this statistic has no `source`",
        ".source",
        Some(line_of(&edited, "statistic = 122000") - 1),
    );
    let (message, _) = poster_error("no-date", |t| {
        replace_once(t, "source = \"walk-free-gsi-2023\"\ndate = \"2021\"\n", "source = \"walk-free-gsi-2023\"\n")
    });
    assert_error(&message, "this statistic has no `date`", ".date", None);
}

#[test]
fn a_statistic_citing_an_unknown_source() {
    let (message, edited) = poster_error("unknown-source", |t| {
        replace_once(t, "source = \"walk-free-gsi-2023\"", "source = \"walk-free-gsi-2032\"")
    });
    assert_error(
        &message,
        "unknown source `walk-free-gsi-2032`",
        ".source",
        Some(line_of(&edited, "walk-free-gsi-2032")),
    );
    assert!(message.contains("did you mean `walk-free-gsi-2023`?"), "{message}");
}

#[test]
fn negative_and_non_numeric_values() {
    let (message, edited) = poster_error("negative", |t| replace_once(t, "19125, 23411]", "19125, -23411]"));
    assert_error(&message, "`-23411` is not a count", "values[7]", Some(line_of(&edited, "-23411")));
    let (message, edited) = poster_error("non-numeric", |t| replace_once(t, "19125, 23411]", "19125, \"lots\"]"));
    assert_error(&message, "invalid type: string \"lots\"", "values[7]", Some(line_of(&edited, "\"lots\"")));
    let (message, _) = poster_error("negative-statistic", |t| replace_once(t, "statistic = 7130", "statistic = -7130"));
    assert_error(&message, "`-7130` is not a count", ".statistic", None);
    let (message, edited) =
        poster_error("huge-statistic", |t| replace_once(t, "statistic = 7130", "statistic = 71307130713071"));
    assert_error(&message, "is too large for a figure", ".statistic", Some(line_of(&edited, "71307130713071")));
    // Quoted as written: formatted, 1e308 would be a 309-digit number in the message.
    let (message, _) = poster_error("1e308-statistic", |t| replace_once(t, "statistic = 7130", "statistic = 1e308"));
    assert_error(&message, "`1e308` is too large for a figure", ".statistic", None);
    assert!(message.len() < 600, "{} bytes:\n{message}", message.len());
}

#[test]
fn an_empty_series() {
    let (message, edited) = poster_error("empty", |t| {
        let t = replace_once(t, "labels = [\"Forced labour\", \"Forced marriage\"]", "labels = []");
        replace_once(t, "values = [28, 22]", "values = []")
    });
    assert_error(
        &message,
        "the chart's series is empty",
        ".values",
        Some(line_of(&edited, "chart = \"proportional\"\ncaption = \"Worldwide") - 1),
    );
}

#[test]
fn labels_and_values_of_different_lengths() {
    let (message, _) = poster_error("lengths", |t| replace_once(t, "19125, 23411]", "19125]"));
    assert_error(&message, "the chart has 8 labels but 7 values", ".values", None);
}

#[test]
fn percentages_that_do_not_add_up_to_100() {
    let (message, _) = poster_error("percent", |t| {
        replace_once(t, "values = [28, 22]\nunit = \" million\"", "values = [56, 54]\nunit = \"%\"")
    });
    assert_error(&message, "the parts add up to 110%, not 100%", ".values", None);
}

#[test]
fn a_missing_or_broken_icon() {
    let (message, edited) = poster_error("icon-missing", |t| replace_once(t, "icon = \"tools\"", "icon = \"toolz\""));
    assert_error(&message, "there is no icon `toolz`", ".icon", Some(line_of(&edited, "\"toolz\"")));
    assert!(message.contains("did you mean `tools`?"), "{message}");

    let (dir, _) = overlay("icon-broken", CONTENT, |t| replace_once(t, "icon = \"tools\"", "icon = \"broken\""));
    std::fs::create_dir_all(dir.join("assets/icons")).unwrap();
    std::fs::write(dir.join("assets/icons/broken.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"><path d=").unwrap();
    let definitions = handout::load::Definitions::with_overlay(&dir).unwrap();
    let message = build_error(&definitions, &job("infographic", "standard", "uk"));
    assert!(message.contains("broken.svg` is not valid SVG"), "{message}");
}

#[test]
fn text_overflowing_its_block() {
    let (message, edited) = poster_error("overflow", |t| {
        replace_once(
            t,
            "label = \"Duty to Notify reports in 2025 from public bodies in England and Wales, about adults who did not agree to be referred: the most ever.\"",
            &format!(
                "label = \"{}\"",
                "Duty to Notify reports in 2025, about adults who did not agree to be referred. ".repeat(4)
            ),
        )
    });
    // An overflow has no key of its own: the block's name stands in for it.
    let block = "section \"duty-to-notify\", block 1 (statistic)";
    assert_error(&message, "text does not fit", block, Some(line_of(&edited, "statistic = 7130")));
    assert!(message.contains("past the bottom of panel `duty-to-notify`"), "{message}");
    assert!(message.contains("layouts/infographic-a3.toml:"), "the hint names the panel's place: {message}");
}

#[test]
fn a_figure_in_prose_without_a_source() {
    let (message, _) = poster_error("unsourced", |t| {
        replace_once(
            t,
            "text = \"More people than ever are referred as possible victims. Anyone can report it.\"",
            "text = \"More than 20,000 people were referred last year.\"",
        )
    });
    assert!(message.contains("this text states a figure (`20,000`) but does not say where it comes from"), "{message}");
}

#[test]
fn chart_colours_that_do_not_contrast_are_refused() {
    let (_dir, definitions) = overlay("chart-contrast", "layouts/infographic-a3.toml", |t| {
        replace_once(t, "accent = { rgb = \"#B85C00\"", "accent = { rgb = \"#1B3060\"")
    });
    let message = build_error(&definitions, &job("infographic", "standard", "uk"));
    assert!(message.contains("error[contrast]"), "{message}");
    assert!(message.contains("against the part before it (#1B3060 on #14284B)"), "{message}");
    assert!(message.contains("charts need at least 3:1"), "{message}");
}

#[test]
fn everything_drawn_is_tagged_or_an_artifact() {
    assert_eq!(poster().untagged_paint_operations(0), Vec::<String>::new());
}

#[test]
fn pictograms_are_decorative_and_vector() {
    // The pictures beside the figures repeat their words: artifacts, not read out.
    let structure = poster().structure();
    let alts: Vec<&str> = structure.iter().filter(|e| e.tag == "Figure").filter_map(|e| e.alt.as_deref()).collect();
    assert_eq!(alts.len(), 3, "the three charts only: {alts:?}");
    assert!(alts.iter().all(|alt| alt.contains("chart") || alt.contains("bar")), "{alts:?}");
    // No raster images: the pictograms are drawn as paths.
    let pdf = poster();
    assert_eq!(pdf.images().len(), 0);
}

#[test]
fn nothing_on_the_standard_products_is_below_12_point() {
    for product in ["leaflet", "infographic"] {
        for region in ["uk", "british-transport-police"] {
            let pdf = Pdf::load(&build(product, "standard", region));
            for page in 0..pdf.pages().len() {
                for run in pdf.drawn_text(page) {
                    assert!(run.size >= 12.0 - 0.01, "{product} {region}: `{}` is {} pt", run.text, run.size);
                }
            }
        }
    }
}

#[test]
fn numbers_to_dial_are_as_large_as_the_words_beside_them() {
    let drawn = poster().drawn_text(0);
    let size_of = |start: &str| drawn.iter().find(|t| t.text.starts_with(start)).map(|t| t.size).expect(start);
    // The Relay UK numbers sit in the cards' notes, under the cards' labels.
    let label = size_of("Someone in danger now");
    for number in ["18000", "18001 101"] {
        assert!(
            size_of(number) >= label - 0.01,
            "`{number}` at {} pt, its card's label at {label} pt",
            size_of(number)
        );
    }
}

#[test]
fn check_names_small_print_and_a_number_smaller_than_its_words() {
    let layout = "layouts/infographic-a3.toml";
    let (dir, definitions) = overlay("small-print", layout, |t| {
        replace_once(t, "[styles.source-note]\nsize_pt = 12", "[styles.source-note]\nsize_pt = 11")
    });
    let edited = std::fs::read_to_string(dir.join(layout)).unwrap();
    let message = build_error(&definitions, &job("infographic", "standard", "uk"));
    assert!(message.contains("error[min-type-size]"), "{message}");
    assert!(message.contains("the standard (Clear Print) minimum is 12 pt"), "{message}");
    let line = line_of(&edited, "[styles.source-note]\nsize_pt = 11") + 1;
    assert!(message.contains(&format!("{layout}:{line}:")), "{message}");

    // The cards' labels grow past their notes, where the Relay UK numbers are.
    let (dir, definitions) = overlay("dial-size", layout, |t| {
        replace_once(t, "[styles.contact-label]\nsize_pt = 12", "[styles.contact-label]\nsize_pt = 13")
    });
    let edited = std::fs::read_to_string(dir.join(layout)).unwrap();
    let message = build_error(&definitions, &job("infographic", "standard", "uk"));
    assert!(message.contains("error[dial-size]"), "{message}");
    assert!(
        message.contains("the number `18000` is set at 12 pt, smaller than the 13 pt words around it"),
        "{message}"
    );
    let line = line_of(&edited, "[styles.contact-note]\nsize_pt = 12") + 1;
    assert!(message.contains(&format!("{layout}:{line}:")), "{message}");
}

#[test]
fn source_links_are_underlined_in_their_colour() {
    let pdf = poster();
    let drawn = pdf.drawn_text(0);
    let painted = pdf.painted(0);
    let links: Vec<_> = drawn.iter().filter(|t| t.text.starts_with("Modern Slavery: NRM and DtN statistics")).collect();
    assert!(links.len() >= 3, "{}", links.len());
    for link in links {
        let under = painted.iter().find(|p| {
            p.operator == "S"
                && p.artifact
                && (p.bbox[0] - link.x).abs() < 0.5
                && link.y - p.bbox[1] > 0.5
                && link.y - p.bbox[1] < link.size * 0.3
        });
        let under = under.unwrap_or_else(|| panic!("`{}` has no underline", link.text));
        assert_eq!(under.colour.1, link.fill, "the underline is in the link's colour");
        assert!(under.bbox[2] - under.bbox[0] > 100.0, "it runs under the title");
    }
    // Phone numbers and printed addresses show what they are, and are not underlined.
    let number = drawn.iter().find(|t| t.text == "999").unwrap();
    assert!(!painted.iter().any(|p| p.operator == "S"
        && (p.bbox[0] - number.x).abs() < 0.5
        && number.y > p.bbox[1]
        && number.y - p.bbox[1] < number.size * 0.3));
}

#[test]
fn chart_parts_that_carry_meaning_reach_4_5_to_1_against_the_paper() {
    use handout::load::Definitions;
    use handout::session::Session;
    let session = Session::new(Definitions::embedded()).unwrap();
    let mut engine = session.text_engine();
    for variant in ["standard", "large-print"] {
        let checked = session.check(&job("infographic", variant, "uk"), &mut engine, Some(DATE)).unwrap();
        let pairs = &checked.composed.graphic_contrasts;
        let on_paper: Vec<_> = pairs
            .iter()
            .filter(|p| p.what.contains("against their background") || p.what.contains("against the background"))
            .collect();
        assert!(on_paper.len() >= 5, "{variant}: {} parts", on_paper.len());
        for pair in on_paper {
            let ratio = pair.foreground.rgb.contrast_ratio(pair.background.rgb);
            assert!(ratio >= 4.5, "{variant}: {} is {ratio:.2}:1", pair.what);
        }
        // Neighbouring parts still differ by WCAG's 3:1 (a white gap parts them too).
        for pair in pairs.iter().filter(|p| p.what.contains("the part before it")) {
            assert!(pair.foreground.rgb.contrast_ratio(pair.background.rgb) >= 3.0, "{variant}: {}", pair.what);
        }
    }
}
