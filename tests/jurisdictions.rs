//! Three legal systems: each force prints the statements that are true where it works.
//! Scottish, Northern Irish and English forces (and the UK-wide default and British
//! Transport Police, which span jurisdictions) are built in every product and variant,
//! and the text read back from each PDF is checked for the right words and against the
//! wrong ones. Also: the errors for badly written jurisdiction blocks, and BTP's
//! textphone and text lines.

mod common;

use common::*;

/// Text without spaces or line breaks, so a phrase is found wherever a line breaks it.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn text_of(product: &str, variant: &str, region: &str) -> String {
    squash(&Pdf::load(&build(product, variant, region)).text())
}

/// Words that must appear in some builds and in no other.
struct Statement {
    what: &'static str,
    products: &'static [(&'static str, &'static str)],
    words: &'static str,
    regions: &'static [&'static str],
}

const LEAFLETS: &[(&str, &str)] = &[("leaflet", "standard"), ("leaflet", "large-print")];
const EASY_READ: &[(&str, &str)] = &[("leaflet", "plain-language")];
const POSTERS: &[(&str, &str)] = &[("infographic", "standard"), ("infographic", "large-print")];

const STATEMENTS: &[Statement] = &[
    Statement {
        what: "trafficking by travel (Modern Slavery Act s.2; NI Act s.2)",
        products: LEAFLETS,
        words: "Human trafficking means moving a person, or arranging their travel, so that they can be exploited. The journey",
        regions: &["kent", "northern-ireland"],
    },
    Statement {
        what: "trafficking without travel (Scotland)",
        products: LEAFLETS,
        words: "The person does not have to travel for it to be trafficking.",
        regions: &["scotland"],
    },
    Statement {
        what: "the definition that says where each part applies",
        products: LEAFLETS,
        words: "In Scotland, it can be trafficking with no journey at all.",
        regions: &["uk", "british-transport-police"],
    },
    Statement {
        what: "support in England and Wales",
        products: LEAFLETS,
        words: "In England and Wales, The Salvation Army runs this support",
        regions: &["kent"],
    },
    Statement {
        what: "support in Scotland",
        products: LEAFLETS,
        words: "In Scotland, adults can get at least 90 days of support",
        regions: &["scotland"],
    },
    Statement {
        what: "support in Northern Ireland",
        products: LEAFLETS,
        words: "In Northern Ireland, victims can ask the PSNI or Migrant Help for support.",
        regions: &["northern-ireland"],
    },
    Statement {
        what: "support that differs by nation",
        products: LEAFLETS,
        words: "Who gives this support differs between England and Wales, Scotland and Northern Ireland.",
        regions: &["uk", "british-transport-police"],
    },
    Statement {
        what: "Easy Read: trafficking is moving a person",
        products: EASY_READ,
        // The version for everywhere starts so too, then says where it differs (below).
        words: "Trafficking means moving a person to a new place to exploit them.",
        regions: &["kent", "northern-ireland", "uk", "british-transport-police"],
    },
    Statement {
        what: "Easy Read: trafficking in Scotland",
        products: EASY_READ,
        words: "Trafficking means moving, keeping or controlling a person to exploit them. The person does not have to go anywhere.",
        regions: &["scotland"],
    },
    Statement {
        what: "Easy Read: trafficking, saying where",
        products: EASY_READ,
        words: "In Scotland, it is trafficking even if the person stays in one place.",
        regions: &["uk", "british-transport-police"],
    },
    Statement {
        what: "the Duty to Notify, an England and Wales duty",
        products: POSTERS,
        words: "7,130Duty to Notify reports in 2025 from public bodies in England and Wales",
        regions: &["kent", "northern-ireland", "uk", "british-transport-police"],
    },
    Statement {
        what: "Scotland's own duty (HTE(S)A 2015 s.38)",
        products: POSTERS,
        words: "In Scotland, public bodies have a duty to tell Police Scotland about possible victims of trafficking (Human Trafficking and Exploitation (Scotland) Act 2015, section 38).",
        regions: &["scotland"],
    },
];

#[test]
fn each_force_prints_what_is_true_where_it_works_and_nothing_else() {
    let regions = ["scotland", "northern-ireland", "kent", "uk", "british-transport-police"];
    let products = [
        ("leaflet", "standard"),
        ("leaflet", "large-print"),
        ("leaflet", "plain-language"),
        ("infographic", "standard"),
        ("infographic", "large-print"),
        ("infographic", "plain-language"),
    ];
    for (product, variant) in products {
        for region in regions {
            let text = text_of(product, variant, region);
            for statement in STATEMENTS {
                let words = squash(statement.words);
                let expected = statement.products.contains(&(product, variant)) && statement.regions.contains(&region);
                assert_eq!(
                    text.contains(&words),
                    expected,
                    "{product} {variant} for {region}: \"{}\" ({}) should {}be printed",
                    statement.words,
                    statement.what,
                    if expected { "" } else { "not " }
                );
            }
            // Scotland's copies do not print the England and Wales figure at all (a source's
            // title may still name the statistics series).
            if region == "scotland" {
                assert!(
                    !text.contains("7,130") && !text.contains("DutytoNotifyreports"),
                    "{product} {variant} for Scotland prints the Duty to Notify figure"
                );
            }
        }
    }
}

#[test]
fn british_transport_police_says_where_its_textphone_number_goes_and_texts_are_texts() {
    for (product, variant) in [("leaflet", "standard"), ("leaflet", "plain-language"), ("infographic", "standard")] {
        let pdf = Pdf::load(&build(product, variant, "british-transport-police"));
        let text = squash(&pdf.text());
        assert!(
            text.contains(&squash("the local police force, not British Transport Police")),
            "{product} {variant}: the textphone line must say it does not reach BTP"
        );
        assert!(text.contains("18001101"));
        let links: Vec<(String, String)> = (0..pdf.pages().len()).flat_map(|i| pdf.links(i)).collect();
        let sms: Vec<_> = links.iter().filter(|(uri, _)| uri.starts_with("sms:")).collect();
        assert!(!sms.is_empty(), "{product} {variant}: BTP's text line is linked: {links:?}");
        for (uri, alt) in &sms {
            assert_eq!(uri, "sms:61016");
            assert_eq!(alt, "Text British Transport Police on 6 1 0 1 6", "{product} {variant}: a text link says Text");
        }
        assert!(links.iter().all(|(_, alt)| !alt.starts_with("Call Text")), "{links:?}");
    }
    // A territorial force's textphone line reaches its own area's police.
    let kent = squash(&Pdf::load(&build("leaflet", "standard", "kent")).text());
    assert!(kent.contains(&squash("Textphone (Relay UK) to your local police18001 101")), "{kent}");
    assert!(!kent.contains("notBritishTransportPolice"));
}

const LEAFLET: &str = "content/leaflet.standard.en-GB.toml";

fn leaflet_error(name: &str, region: &str, edit: impl FnOnce(String) -> String) -> (String, String) {
    let (dir, definitions) = overlay(name, LEAFLET, edit);
    let message = build_error(&definitions, &job("leaflet", "standard", region));
    (message, std::fs::read_to_string(dir.join(LEAFLET)).unwrap())
}

/// The Scottish version of the definition, as the content writes it.
const SCOTTISH: &str = "one_of = \"definition\"\njurisdictions = [\"scotland\"]";

#[test]
fn a_region_with_no_version_of_a_statement_is_an_error_naming_section_region_and_line() {
    // Without the version for every jurisdiction, British Transport Police (England,
    // Wales and Scotland) has no definition that is true everywhere it works.
    let (message, edited) = leaflet_error("no-version", "british-transport-police", |t| {
        let all = "[[section.block]]\none_of = \"definition\"\ntext = ";
        replace_once(t, all, "[[section.block]]\none_of = \"definition\"\njurisdictions = [\"england-wales\"]\ntext = ")
    });
    let line = line_of(&edited, "one_of = \"definition\"");
    assert!(message.contains(&format!("{LEAFLET}:{line}:")), "{message}");
    assert!(message.contains("section[4].block[0].one_of"), "{message}");
    assert!(
        message.contains("section \"what-is-it\": no block of `one_of = \"definition\"` is true everywhere region `british-transport-police` (england-wales, scotland) works"),
        "{message}"
    );
    assert!(message.contains("hint: add a version whose `jurisdictions` include england-wales, scotland"), "{message}");
}

#[test]
fn two_versions_that_fit_a_region_equally_are_an_error() {
    let (message, _) = leaflet_error("tie", "kent", |t| {
        let t = replace_once(
            t,
            "jurisdictions = [\"england-wales\", \"northern-ireland\"]\ntext = \"Human",
            "jurisdictions = [\"england-wales\", \"scotland\"]\ntext = \"Human",
        );
        replace_once(t, SCOTTISH, "one_of = \"definition\"\njurisdictions = [\"england-wales\", \"northern-ireland\"]")
    });
    assert!(
        message.contains("blocks 1 and 2 of `one_of = \"definition\"` fit region `kent` (england-wales) equally well"),
        "{message}"
    );
}

#[test]
fn badly_written_jurisdictions_are_load_errors_with_line_key_and_hint() {
    let (message, edited) = leaflet_error("unknown", "uk", |t| {
        replace_once(
            t,
            "jurisdictions = [\"scotland\"]\ntext = \"Human",
            "jurisdictions = [\"scotand\"]\ntext = \"Human",
        )
    });
    assert!(message.contains(&format!("{LEAFLET}:{}:", line_of(&edited, "scotand"))), "{message}");
    assert!(message.contains("unknown variant `scotand`"), "{message}");
    assert!(message.contains("england-wales") && message.contains("hint:"), "{message}");

    let (message, _) = leaflet_error("twice", "uk", |t| {
        replace_once(t, SCOTTISH, "one_of = \"definition\"\njurisdictions = [\"scotland\", \"scotland\"]")
    });
    assert!(message.contains("section[4].block[1].jurisdictions: `scotland` is listed twice"), "{message}");

    let (message, _) = leaflet_error("same-set", "uk", |t| {
        replace_once(t, SCOTTISH, "one_of = \"definition\"\njurisdictions = [\"northern-ireland\", \"england-wales\"]")
    });
    assert!(
        message
            .contains("block 1 and block 2 of `one_of = \"definition\"` are both for england-wales, northern-ireland"),
        "{message}"
    );

    let (message, edited) = leaflet_error("lonely", "uk", |t| {
        replace_once(
            t,
            "one_of = \"support\"\njurisdictions = [\"scotland\"]",
            "one_of = \"suport\"\njurisdictions = [\"scotland\"]",
        )
    });
    assert!(message.contains(&format!("{LEAFLET}:{}:", line_of(&edited, "suport"))), "{message}");
    assert!(message.contains("only this block has `one_of = \"suport\"` in its section"), "{message}");
    assert!(message.contains("hint: blocks with the same `one_of`"), "{message}");
}
