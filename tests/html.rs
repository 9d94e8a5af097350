//! The HTML twin (issue 20), read back as text and compared with the PDF of the same
//! document: a screen reader hears the same words in the same order from both; headings,
//! lists, tables, links and pictures are the same elements; text from a region file cannot
//! inject markup; `build --html` writes the page beside the PDF and lists it in the
//! manifest. The browser checks (Nu Html Checker, axe-core) are in `tests/browser.rs`.

mod common;

use std::collections::HashMap;

use common::*;
use handout::load::Definitions;
use handout::session::{Checked, Session};

/// The documents compared: each product and variant, in force regions whose contacts
/// differ (a text number, long names, several local lines).
const DOCUMENTS: [(&str, &str, &str); 7] = [
    ("leaflet", "standard", "uk"),
    ("leaflet", "large-print", "metropolitan"),
    ("leaflet", "plain-language", "british-transport-police"),
    ("leaflet", "standard", "scotland"),
    ("infographic", "standard", "uk"),
    ("infographic", "large-print", "northern-ireland"),
    ("infographic", "plain-language", "british-transport-police"),
];

fn checked(definitions: &Definitions, product: &str, variant: &str, region: &str) -> Checked {
    let session = Session::new(definitions.clone()).unwrap_or_else(|e| panic!("{e}"));
    session
        .check(&job(product, variant, region), &mut session.text_engine(), Some(DATE))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The page and the web PDF of one document.
fn twin(product: &str, variant: &str, region: &str) -> (String, Pdf, Checked) {
    let checked = checked(&Definitions::embedded(), product, variant, region);
    let page = handout::html::html(&checked.document, checked.profile).unwrap_or_else(|e| panic!("{e}"));
    (page, Pdf::load(&build(product, variant, region)), checked)
}

/// `&amp;` and the other references the page writes, back to characters.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// The value of `name="..."` in a start tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[start..].find('"').map(|end| &tag[start..start + end])
}

/// What a screen reader says of the page's body, in order: its text, except that an
/// element with `aria-label` is said by its label and an `aria-hidden` one not at all,
/// and an image by its `alt`. The page is the tool's own, well-formed output (the Nu Html
/// Checker vouches for that in `tests/browser.rs`), so a scan of its tags suffices.
fn heard(page: &str) -> String {
    // A number's link is said by its description (the digits), as the PDF says its
    // `/ActualText`; `links_holding_numbers_are_named_as_printed_and_described_digit_by_digit`
    // checks the name.
    let descriptions: HashMap<&str, String> = start_tags(page, "span")
        .into_iter()
        .filter(|tag| tag.ends_with(" hidden>"))
        .map(|tag| {
            let id = attribute(tag, "id").expect("a description has an id");
            let at = page.find(tag).unwrap() + tag.len();
            (id, unescape(&page[at..at + page[at..].find("</span>").unwrap()]))
        })
        .collect();
    let start = page.find("<body").expect("a body");
    let end = page.find("</body>").expect("a body") + "</body>".len();
    let body = &page[start..end];
    let mut out = String::new();
    let mut open: Vec<String> = Vec::new();
    // The depth of `open` at which a labelled or hidden element started.
    let mut silent: Option<usize> = None;
    let mut at = 0;
    while at < body.len() {
        if body[at..].starts_with('<') {
            let end = at + body[at..].find('>').expect("a tag ends");
            let tag = &body[at + 1..end];
            at = end + 1;
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(open.pop().as_deref(), Some(name.trim()), "tags are nested");
                if silent == Some(open.len()) {
                    silent = None;
                }
                continue;
            }
            let name = tag.split([' ', '/']).next().unwrap_or("");
            let void = tag.ends_with('/') || matches!(name, "img" | "meta" | "br");
            if silent.is_none() {
                let label = attribute(tag, "aria-label");
                let described = attribute(tag, "aria-describedby").map(|id| descriptions[id].as_str());
                let label = described.or(label);
                if let Some(label) = label.or_else(|| (name == "img").then(|| attribute(tag, "alt")).flatten()) {
                    out.push_str(&unescape(label));
                    out.push(' ');
                }
                let hidden = attribute(tag, "aria-hidden") == Some("true") || tag.ends_with(" hidden");
                if !void && (label.is_some() || hidden) {
                    silent = Some(open.len());
                }
            }
            if !void {
                open.push(name.to_string());
            }
        } else {
            let end = body[at..].find('<').map_or(body.len(), |n| at + n);
            if silent.is_none() {
                out.push_str(&unescape(&body[at..end]));
            }
            at = end;
        }
    }
    assert!(open.is_empty(), "unclosed: {open:?}");
    out
}

fn without_whitespace(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Where two texts first differ, with some of each around it.
fn first_difference(a: &str, b: &str) -> String {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let at = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
    let around = |t: &[char]| t[at.saturating_sub(60)..(at + 60).min(t.len())].iter().collect::<String>();
    format!("at character {at}:\n html: …{}…\n pdf:  …{}…", around(&a), around(&b))
}

#[test]
fn the_page_says_the_same_words_in_the_same_order_as_the_pdf_tag_tree() {
    for (product, variant, region) in DOCUMENTS {
        let (page, pdf, checked) = twin(product, variant, region);
        // The PDF's list labels (bullets) are text in its tag tree; a `ul` draws its own.
        let bullet = &checked.document.styles.list_bullet;
        let from_pdf = without_whitespace(&pdf.heard().replace(bullet.as_str(), ""));
        let from_page = without_whitespace(&heard(&page));
        assert!(from_pdf.len() > 500, "{product}-{variant}-{region}: the PDF says almost nothing");
        assert!(
            from_page == from_pdf,
            "{product}-{variant}-{region}: the page and the PDF differ {}",
            first_difference(&from_page, &from_pdf)
        );
    }
}

/// The elements `<name ...>` of a page, as their start tags.
fn start_tags<'a>(page: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    let mut tags = Vec::new();
    let mut rest = page;
    while let Some(at) = rest.find(&open) {
        let tag_end = at + rest[at..].find('>').unwrap();
        let next = rest.as_bytes().get(at + open.len()).copied();
        if matches!(next, Some(b' ' | b'>' | b'/')) {
            tags.push(&rest[at..=tag_end]);
        }
        rest = &rest[tag_end..];
    }
    tags
}

/// The text inside each `<name>...</name>`, tags removed, whitespace collapsed.
fn texts_of(page: &str, name: &str) -> Vec<String> {
    let (open, close) = (format!("<{name}>"), format!("</{name}>"));
    let mut texts = Vec::new();
    let mut rest = page;
    while let Some(at) = rest.find(&open) {
        let inner_start = at + open.len();
        let end = inner_start + rest[inner_start..].find(&close).unwrap();
        let mut text = String::new();
        let mut in_tag = false;
        for c in rest[inner_start..end].chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        texts.push(unescape(&text).split_whitespace().collect::<Vec<_>>().join(" "));
        rest = &rest[end..];
    }
    texts
}

#[test]
fn headings_are_the_pdf_headings_at_the_same_levels_with_one_h1() {
    for (product, variant, region) in DOCUMENTS {
        let (page, pdf, _) = twin(product, variant, region);
        assert_eq!(start_tags(&page, "h1").len(), 1, "{product}-{variant}-{region}: one h1");
        let from_pdf: Vec<(String, String)> = pdf
            .structure()
            .into_iter()
            .filter(|e| e.tag.len() == 2 && e.tag.starts_with('H') && e.tag[1..].parse::<u8>().is_ok())
            .map(|e| (e.tag.to_lowercase(), e.text.split_whitespace().collect::<Vec<_>>().join(" ")))
            .collect();
        // The page's headings in page order: find each `<hN>` wherever it is.
        let mut from_page: Vec<(usize, String, String)> = Vec::new();
        for level in 1..=6 {
            let name = format!("h{level}");
            let mut rest_at = 0;
            for text in texts_of(&page, &name) {
                let at = rest_at + page[rest_at..].find(&format!("<{name}>")).unwrap();
                rest_at = at + 1;
                from_page.push((at, name.clone(), text));
            }
        }
        from_page.sort();
        let from_page: Vec<(String, String)> = from_page.into_iter().map(|(_, n, t)| (n, t)).collect();
        assert!(from_pdf.len() >= 3, "{product}-{variant}-{region}: {from_pdf:?}");
        assert_eq!(from_page, from_pdf, "{product}-{variant}-{region}");
    }
}

#[test]
fn lists_are_lists_with_the_pdf_items() {
    for (product, variant, region) in DOCUMENTS {
        let (page, pdf, _) = twin(product, variant, region);
        let structure = pdf.structure();
        let count = |tag: &str| structure.iter().filter(|e| e.tag == tag).count();
        let lists = start_tags(&page, "ul").len() + start_tags(&page, "ol").len();
        assert!(lists > 0, "{product}-{variant}-{region}");
        assert_eq!(lists, count("L"), "{product}-{variant}-{region}: lists");
        assert_eq!(start_tags(&page, "li").len(), count("LI"), "{product}-{variant}-{region}: list items");
    }
}

#[test]
fn each_chart_is_a_figure_with_a_caption_its_description_and_a_table_with_scoped_headers() {
    let (page, pdf, checked) = twin("infographic", "standard", "uk");
    let charts: Vec<&handout::resolve::Chart> = checked
        .document
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match &b.content {
            handout::resolve::BlockContent::Chart(chart) => Some(chart),
            _ => None,
        })
        .collect();
    assert!(!charts.is_empty());
    let figures: Vec<&str> = page.split("<figure>").skip(1).map(|f| &f[..f.find("</figure>").unwrap()]).collect();
    assert_eq!(figures.len(), charts.len());
    let structure = pdf.structure();
    let pdf_alts: Vec<&str> = structure.iter().filter(|e| e.tag == "Figure").filter_map(|e| e.alt.as_deref()).collect();
    for (figure, chart) in figures.iter().zip(&charts) {
        assert!(figure.starts_with("\n<figcaption>"), "the caption comes first: {figure}");
        // The description is the PDF Figure's alt text, word for word.
        let description = handout::html::escape(&chart.alt);
        assert!(figure.contains(&format!("<p class=\"description\">{description}</p>")), "{figure}");
        assert!(pdf_alts.contains(&chart.alt.as_str()), "the PDF has the same description");
        assert!(figure.contains("<table>"), "{figure}");
        assert_eq!(start_tags(figure, "th").iter().filter(|t| t.contains("scope=\"row\"")).count(), chart.rows.len());
        assert_eq!(start_tags(figure, "td").len(), chart.rows.len());
        if chart.label_header.is_some() {
            assert_eq!(start_tags(figure, "th").iter().filter(|t| t.contains("scope=\"col\"")).count(), 2);
        }
        for row in &chart.rows {
            let escaped = handout::html::escape(&row.value_text.text);
            assert!(figure.contains(&format!(">{escaped}</td>")), "{} is in the table", row.value_text.text);
        }
    }
    let count = |tag: &str| structure.iter().filter(|e| e.tag == tag).count();
    assert_eq!(start_tags(&page, "th").len(), count("TH"));
    assert_eq!(start_tags(&page, "td").len(), count("TD"));
}

#[test]
fn links_holding_numbers_are_named_as_printed_and_described_digit_by_digit_as_the_pdf_says_them() {
    let mut sms = 0;
    for (product, variant, region) in DOCUMENTS {
        let (page, pdf, _) = twin(product, variant, region);
        let mut from_page: Vec<String> = start_tags(&page, "a")
            .into_iter()
            .filter(|a| attribute(a, "href").is_some_and(|h| h.starts_with("tel:") || h.starts_with("sms:")))
            .map(|a| {
                sms += usize::from(attribute(a, "href").unwrap().starts_with("sms:"));
                // Named by what it shows: no aria-label replaces the printed number.
                assert!(attribute(a, "aria-label").is_none(), "{a}");
                let id = attribute(a, "aria-describedby").unwrap_or_else(|| panic!("{a} has no description"));
                let description = format!("<span id=\"{id}\" hidden>");
                let at = page.find(&description).unwrap_or_else(|| panic!("no {description}")) + description.len();
                unescape(&page[at..at + page[at..].find("</span>").unwrap()])
            })
            .collect();
        let mut from_pdf: Vec<String> = pdf.structure().into_iter().filter_map(|e| e.actual_text).collect();
        assert!(!from_pdf.is_empty(), "{product}-{variant}-{region}");
        for name in &from_page {
            assert!(
                name.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == ','),
                "{product}-{variant}-{region}: `{name}` is read digit by digit"
            );
        }
        from_page.sort();
        from_pdf.sort();
        assert_eq!(from_page, from_pdf, "{product}-{variant}-{region}");
    }
    assert!(sms > 0, "British Transport Police's text number is an sms: link");
}

#[test]
fn meaningful_pictures_are_named_images_and_decorative_ones_are_hidden() {
    let (page, pdf, checked) = twin("leaflet", "plain-language", "british-transport-police");
    let named: Vec<String> = start_tags(&page, "svg")
        .into_iter()
        .filter(|s| attribute(s, "role") == Some("img"))
        .map(|s| unescape(attribute(s, "aria-label").expect("a named picture")))
        .collect();
    let hidden = start_tags(&page, "svg").into_iter().filter(|s| attribute(s, "aria-hidden") == Some("true")).count();
    let pictures: Vec<&handout::resolve::Picture> =
        checked.document.sections.iter().flat_map(|s| &s.blocks).filter_map(|b| b.picture.as_ref()).collect();
    let decorative = pictures.iter().filter(|p| p.alt == handout::resolve::Alt::Decorative).count();
    assert!(pictures.len() > 10, "Easy Read has a picture beside every point");
    assert_eq!(named.len() + hidden, pictures.len(), "every picture is an svg");
    assert_eq!(hidden, decorative);
    // The names are the PDF's Figure alt texts, in the same order.
    let from_pdf: Vec<String> =
        pdf.structure().into_iter().filter(|e| e.tag == "Figure").filter_map(|e| e.alt).collect();
    assert_eq!(named, from_pdf);
    // Every picture sits beside its point.
    assert_eq!(page.matches("<div class=\"point\"><svg").count(), pictures.len());
}

#[test]
fn the_page_is_self_contained_with_language_and_direction() {
    for (product, variant, region) in DOCUMENTS {
        let (page, _, _) = twin(product, variant, region);
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\" dir=\"ltr\">"), "{}", &page[..80]);
        assert!(!page.contains("<script"), "no script");
        assert!(!page.contains("<link"), "no external style sheet");
        assert!(!page.contains("url("), "no fetched resource from CSS");
        for tag in start_tags(&page, "img") {
            assert!(attribute(tag, "src").is_some_and(|s| s.starts_with("data:")), "{tag}");
        }
        assert!(page.contains("@media print"), "a print style sheet");
        assert!(page.contains("prefers-color-scheme:dark"), "a dark scheme");
        assert!(page.len() < 60 * 1024, "{product}-{variant}-{region}: {} bytes", page.len());
    }
}

#[test]
fn region_text_cannot_inject_markup() {
    let hostile = r#"Evil <script>alert("x")</script> & 'Co' Police"#;
    let (_dir, definitions) = overlay("html-escape", "regions/british-transport-police.toml", |text| {
        replace_once(text, "\nname = \"British Transport Police\"", &format!("\nname = {}", toml_string(hostile)))
    });
    let checked = checked(&definitions, "leaflet", "standard", "british-transport-police");
    let page = handout::html::html(&checked.document, checked.profile).unwrap();
    assert!(!page.contains("<script"), "{page}");
    assert!(!page.contains("alert(\"x\")"), "quotes are escaped");
    assert!(page.contains("Evil &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39; Police"));
    // Still the same words when read.
    assert!(heard(&page).contains(hostile));
}

fn toml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn build_html_writes_each_page_beside_its_pdf_and_lists_it_in_the_manifest() {
    let dir = temp_dir("html-build");
    let out = dir.join("out");
    let output = handout(&["build", "leaflet", "--html", "--out", out.to_str().unwrap()], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("built 3 PDFs and 3 web pages from 3 documents"), "{}", stderr(&output));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let outputs = manifest["outputs"].as_array().unwrap();
    for variant in ["standard", "large-print", "plain-language"] {
        let name = format!("leaflet-{variant}-uk-en-GB.html");
        let bytes = std::fs::read(out.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let entry = outputs.iter().find(|o| o["file"] == name.as_str()).unwrap_or_else(|| panic!("{name} listed"));
        assert_eq!(entry["copy"], "html");
        assert_eq!(entry["size"], bytes.len());
        use sha2::Digest;
        assert_eq!(entry["sha256"], handout::output::hex(&sha2::Sha256::digest(&bytes)));
        assert!(out.join(format!("leaflet-{variant}-uk-en-GB.pdf")).is_file());
    }
    // Byte for byte the same when built again.
    let again = dir.join("again");
    let output = handout(&["build", "leaflet", "--html", "--out", again.to_str().unwrap()], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    for variant in ["standard", "large-print", "plain-language"] {
        let name = format!("leaflet-{variant}-uk-en-GB.html");
        assert_eq!(std::fs::read(out.join(&name)).unwrap(), std::fs::read(again.join(&name)).unwrap(), "{name}");
    }
    // Without --html there is no page.
    let plain = dir.join("plain");
    let output = handout(&["build", "leaflet", "--variant", "standard", "--out", plain.to_str().unwrap()], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!plain.join("leaflet-standard-uk-en-GB.html").exists());
}

#[test]
fn a_release_file_asks_for_pages_with_html_true() {
    let dir = temp_dir("html-release");
    std::fs::write(
        dir.join("release.toml"),
        "products = [\"infographic\"]\nvariants = [\"standard\"]\nhtml = true\nout = \"site\"\n",
    )
    .unwrap();
    let output = handout(&["build", "--release", "release.toml"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    let page = std::fs::read_to_string(dir.join("site/infographic-standard-uk-en-GB.html")).unwrap();
    assert!(page.contains("<figure>"));
}

#[test]
fn a_right_to_left_page_keeps_numbers_left_to_right_and_marks_english_region_words() {
    let dir = temp_dir("html-arabic");
    let out = dir.join("out");
    let args = ["build", "leaflet", "--variant", "standard", "--region", "kent", "--lang", "ar", "--html", "--out"];
    let output = handout(&[&args[..], &[out.to_str().unwrap()]].concat(), &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    let page = std::fs::read_to_string(out.join("leaflet-standard-kent-ar.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">"), "{}", &page[..80]);
    let numbers: Vec<&str> = start_tags(&page, "span").into_iter().filter(|t| t.contains("nowrap")).collect();
    assert!(!numbers.is_empty(), "numbers are marked");
    assert!(numbers.iter().all(|t| attribute(t, "dir") == Some("ltr")), "{numbers:?}");
    // The force's name comes from its region file, in English, inside the Arabic page.
    assert!(page.contains(" lang=\"en-GB\">Kent Police</"), "the force's name is marked as English");
}
