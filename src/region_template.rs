//! `handout region new ID`: a commented region file a communications officer can fill
//! in without reading any other documentation, pre-filled from the built-in region of the
//! same id where there is one.

use crate::load::LoadedRegion;

/// Is `id` usable as a region id (and file name)?
pub fn valid_id(id: &str) -> bool {
    crate::text_rule::is_id(id)
}

/// The text of a new region file for `id`.
pub fn template(id: &str, known: Option<&LoadedRegion>) -> String {
    let value = |v: Option<String>| v.map_or_else(|| "\"\"".to_string(), |v| toml_string(&v));
    let name = value(known.and_then(|k| k.name.as_ref().map(|n| n.value.clone())));
    let short_name = known.and_then(|k| k.short_name.as_ref().map(|n| toml_words(&n.value)));
    let website = known.and_then(|k| k.website.as_ref().map(|w| w.value.url.clone()));
    // A new force's jurisdictions are left empty (an error) until someone fills them in.
    let jurisdictions = known
        .and_then(|k| k.jurisdictions.as_ref())
        .map_or_else(String::new, |j| j.value.iter().map(|j| toml_string(j.id())).collect::<Vec<_>>().join(", "));
    let reaches = known.and_then(|k| k.textphone_reaches.as_ref().map(|r| toml_words(&r.value)));
    // A value already written as TOML (words given per language are an inline table).
    let commented_toml = |key: &str, v: Option<String>, example: &str| match v {
        Some(v) => format!("{key} = {v}"),
        None => format!("# {key} = \"{example}\""),
    };
    let commented =
        |key: &str, v: Option<String>, example: &str| commented_toml(key, v.map(|v| toml_string(&v)), example);
    let number = |v: Option<&crate::load::Sourced<crate::phone::PhoneNumber>>| v.map(|n| n.value.display.clone());
    let (emergency, non_emergency, text_emergency, text_non_emergency) = match known {
        Some(k) => (
            number(k.emergency.as_ref()),
            number(k.non_emergency.as_ref()),
            number(k.textphone_emergency.as_ref()),
            number(k.textphone_non_emergency.as_ref()),
        ),
        None => (None, None, None, None),
    };
    let mut local = String::new();
    for line in known.map(|k| k.local.as_slice()).unwrap_or_default() {
        local.push_str(&format!(
            "\n[[contact.local]]\nlabel = {}\nnumber = {}\n{}text = {}\n",
            toml_words(&line.label),
            toml_string(&line.number.display),
            line.hours.as_ref().map(|h| format!("hours = {}\n", toml_words(h))).unwrap_or_default(),
            line.number.kind == crate::phone::PhoneKind::TextShortCode,
        ));
    }
    if local.is_empty() {
        local = "\n# [[contact.local]]\n# label = \"Modern slavery team\"\n# number = \"01632 960000\"\n# hours = \"Monday to Friday, 9am to 5pm\"\n# text = false\n".to_string();
    }
    let source =
        if known.is_some() { "built-in region of the same name" } else { "nothing: no built-in region has this id" };
    format!(
        r##"#:schema ../schema/region.json
# Region file: {id}
#
# The line above points editors (Taplo, Even Better TOML) at the schema `handout init`
# writes beside regions/; `handout schema region` prints it.
#
# Made by `handout region new {id}`, pre-filled from the {source}.
# Fill in or correct the values, then check the file and build with it:
#
#     handout check --region regions/{id}.toml
#     handout build --region-file regions/{id}.toml
#
# Lines starting with # are notes and are ignored. Anything left out falls back to the
# force-neutral default (999, 101, Relay UK 18000 and 18001 101). The Modern Slavery &
# Exploitation Helpline and Crimestoppers numbers are the same on every leaflet and are
# not set here.

[force]
# The force's official name, exactly as it should be printed on the cover. Required; at
# most 60 characters (a bilingual name such as "Dyfed-Powys Police / Heddlu Dyfed-Powys"
# fits). It is always set in type, beside the logo when there is one.
name = {name}
# How the force is named inside a sentence: "call ___ on 101". At most 60 characters,
# with no full stop, ! or ? in it that would end the sentence ("St Albans", not "St. Albans").
{short_name}
# Where the force works, which decides the legal text printed (the law on trafficking
# differs): "england-wales", "scotland", "northern-ireland", or several for a force
# working in more than one (British Transport Police: "england-wales", "scotland").
# Required.
jurisdictions = [{jurisdictions}]
# The force's website: a full https:// address. It is printed without https:// and www.,
# and printed that way it may be at most 50 characters.
{website}
# An email address for the public, if one should be printed: at most 60 characters.
# email = "modern.slavery@example.police.uk"

# The force's logo, if it has one it may use. Both lines are needed together. The file
# must be an SVG, PNG or JPEG in the same folder as this file (or a folder below it), at
# most 20 MB and 40 megapixels. It prints about 18 mm high, so it needs at least 150 pixels
# per inch at that size (about 110 pixels high), and 300 (about 215 pixels high) to print
# sharply. Transparent PNGs are fine. Any shape from 1:4 (tall) to 4:1 (wide) fits: logos
# are sized by area, on a white plate with clear space, so one in the brand colour shows.
# Give the logo for light backgrounds: a white (reversed) logo would vanish on the plate.
# [logo]
# file = "logo.png"
# alt = "{alt} logo"

[contact]
# Numbers: digits and spaces only, or a leading + for +44. Each is checked for the right
# number of digits for its kind. Your spacing is kept when it starts with a group of at
# least three digits followed by groups of two or more (0800 40 50 40); otherwise the
# number is printed in the usual UK groups (0800 555 111). Premium-rate (09) and
# personal (070) numbers are refused: callers may have no money for the call.
{emergency}
{non_emergency}
{text_emergency}
{text_non_emergency}
# Whom the textphone number above reaches, in words that follow "Textphone (Relay UK)
# to". Relay UK's 18001 101 reaches the local territorial force; a force it does not
# reach says so here. At most 52 characters, no full stop, ! or ? inside.
{reaches}

# Local lines: repeat the whole [[contact.local]] block for each line, at most 4 (each a
# label of at most 40 characters, a number, and hours of at most 50). `hours` is printed
# under the number; `text = true` marks a text (SMS) number. Every product holds four
# lines at these limits, with a website and an email; the national helpline and 999
# always come first.
{local}
# Brand colours: `primary` fills the leaflet's cover and the poster's title band;
# `on_primary` is the text on it. They must contrast by at least 4.5:1, and by 7:1 for
# the large-print copies (UKAAF); the build says if they do not, and names the nearest
# colour that passes. Each has an sRGB value for screens and may give CMYK inks for print:
# left out, CMYK is derived from the sRGB for the press (FOGRA39); given, it must print
# within CIEDE2000 15 of the sRGB and use at most the release's ink limit (300% unless the
# release file's `ink_limit` says otherwise).
# [brand]
# primary = {{ rgb = "#14284B", cmyk = [100, 80, 25, 35] }}
# on_primary = {{ rgb = "#FFFFFF", cmyk = [0, 0, 0, 0] }}

# Chart colours (optional): left out, they are derived from `primary` so that every chart
# part contrasts 3:1 with the paper and with its neighbours. Given, each must do so itself
# (charts are drawn on white paper): `bar` draws bar charts, `parts` the parts of a
# proportional chart in order (1 to 8 colours, repeated if a chart has more parts), each
# at least 3:1 from the white paper and from the part before it. A colour that fails is
# an error here whose hint names the nearest colour that passes. CMYK as for [brand].
# [chart]
# bar = {{ rgb = "#14284B" }}
# parts = [{{ rgb = "#14284B" }}, {{ rgb = "#B85C00", cmyk = [0, 55, 100, 28] }}]
"##,
        short_name = commented_toml("short_name", short_name, "the Example Police"),
        website = commented("website", website, "https://www.example.police.uk"),
        alt = known.and_then(|k| k.name.as_ref().map(|n| n.value.clone())).unwrap_or_else(|| "The force's".to_string()),
        emergency = commented("emergency", emergency, "999"),
        non_emergency = commented("non_emergency", non_emergency, "101"),
        text_emergency = commented("textphone_emergency", text_emergency, "18000"),
        text_non_emergency = commented("textphone_non_emergency", text_non_emergency, "18001 101"),
        reaches = commented_toml("textphone_reaches", reaches, "your local police"),
    )
}

fn toml_string(value: &str) -> String {
    toml::Value::String(value.to_string()).to_string()
}

/// Region words as a region file writes them: a string when English only, else an
/// inline table by language, English first.
fn toml_words(words: &crate::contacts::RegionWords) -> String {
    if words.translated.is_empty() {
        return toml_string(&words.english);
    }
    let mut entries = vec![format!("en-GB = {}", toml_string(&words.english))];
    entries.extend(words.translated.iter().map(|(lang, text)| format!("{lang} = {}", toml_string(text))));
    format!("{{ {} }}", entries.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_ids_are_kebab_case() {
        assert!(valid_id("avon-and-somerset"));
        assert!(!valid_id("Avon"));
        assert!(!valid_id("../etc"));
        assert!(!valid_id("a b"));
        assert!(!valid_id("-a"));
    }
}
