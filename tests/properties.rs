//! A property test (issue 13): region and content files made from the real ones, some
//! left as they are and most broken a little (a key dropped, a value of the wrong type,
//! hostile characters, a long string, a number one digit off, a wrong colour), go through
//! load, resolve, compose and render. Whatever they hold, the answer is a PDF or an error
//! with a message, never a panic, and quickly; a good share of the cases build (so the
//! generator reaches compose and render, not only the parser) and others are refused.
//! The seed is fixed and the case count short so `cargo test` stays fast and repeatable;
//! run longer with `PROPTEST_CASES=2000 cargo test --test properties` (the same seed,
//! more cases).

mod common;

use common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// Real files a case starts from: force files without a logo, and the leaflet's words
/// (used by its standard and large-print variants).
const REGIONS: [&str; 4] =
    ["regions/kent.toml", "tests/forces/contacts.toml", "tests/forces/blue.toml", "tests/forces/bilingual-name.toml"];
const CONTENT: &str = "content/leaflet.standard.en-GB.toml";

/// One change to one `key = value` line of a file.
#[derive(Clone, Debug)]
enum Mutation {
    /// Remove the line.
    DropKey,
    /// Give the key a value of another type.
    ChangeType(&'static str),
    /// Put a character into a string value.
    Insert(char),
    /// Replace a string value with one this long.
    LongString(usize),
    /// Add, drop or change one digit of the first number in the value.
    OneDigitOff(u8),
    /// Replace any colour in the value with this one.
    Colour(&'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::DropKey),
        prop::sample::select(vec!["42", "true", "[1, 2]", "{ a = 1 }", "\"\"", "1979-05-27"])
            .prop_map(Mutation::ChangeType),
        prop::sample::select(vec!['\u{202e}', '\u{200b}', '\t', '\u{7}', '\u{85}', '\u{feff}', 'é', '{', '}', '\\'])
            .prop_map(Mutation::Insert),
        prop::sample::select(vec![60usize, 200, 1999, 2001]).prop_map(Mutation::LongString),
        (0u8..3).prop_map(Mutation::OneDigitOff),
        prop::sample::select(vec!["#FFFFFF", "#000000", "#12345", "#GGGGGG", "#FFFF00", "red"])
            .prop_map(Mutation::Colour),
    ]
}

/// Apply `mutation` to the `pick`-th (modulo their count) line that sets a key.
fn mutate(text: &str, pick: usize, mutation: &Mutation) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let settable: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with('#') && l.contains(" = "))
        .map(|(i, _)| i)
        .collect();
    let Some(&index) = settable.get(pick % settable.len().max(1)) else { return text.to_string() };
    let line = lines[index].clone();
    let (key, value) = line.split_once(" = ").expect("a settable line");
    let quoted = value.trim().starts_with('"') && value.trim().ends_with('"') && value.trim().len() >= 2;
    let new = match mutation {
        Mutation::DropKey => None,
        Mutation::ChangeType(other) => Some(format!("{key} = {other}")),
        Mutation::Insert(c) if quoted => {
            let inner = &value.trim()[1..value.trim().len() - 1];
            let at = inner.char_indices().nth(inner.chars().count() / 2).map_or(inner.len(), |(i, _)| i);
            let c = match c {
                '\\' => "\\\\".to_string(),
                '\t' => "\\t".to_string(),
                c if c.is_control() => format!("\\u{:04X}", u32::from(*c)),
                c => c.to_string(),
            };
            Some(format!("{key} = \"{}{c}{}\"", &inner[..at], &inner[at..]))
        }
        Mutation::LongString(length) => {
            let words = "Report it to the police. ".chars().cycle().take(*length).collect::<String>();
            Some(format!("{key} = \"{words}\""))
        }
        Mutation::OneDigitOff(how) => {
            let digit = value.char_indices().find(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i);
            digit.map(|i| {
                let (before, after) = value.split_at(i);
                let changed = match how {
                    0 => format!("{before}{}", &after[1..]),
                    1 => format!("{before}7{after}"),
                    _ => format!("{before}{}{}", if after.starts_with('9') { '1' } else { '9' }, &after[1..]),
                };
                format!("{key} = {changed}")
            })
        }
        Mutation::Colour(colour) => match value.find('#') {
            Some(i) if value.len() >= i + 7 => Some(format!("{key} = {}{colour}{}", &value[..i], &value[i + 7..])),
            _ => Some(format!("{key} = \"{colour}\"")),
        },
        Mutation::Insert(_) => Some(line.clone()),
    };
    match new {
        Some(new) => lines[index] = new,
        None => {
            lines.remove(index);
        }
    }
    lines.join("\n") + "\n"
}

/// A case: which region file, which variant, and up to two changes to each file (none
/// in about a third of the cases, so that many files stay valid).
#[derive(Clone, Debug)]
struct Case {
    region: usize,
    large_print: bool,
    region_changes: Vec<(usize, Mutation)>,
    content_changes: Vec<(usize, Mutation)>,
}

fn case() -> impl Strategy<Value = Case> {
    let changes = || {
        prop_oneof![
            2 => Just(Vec::new()),
            3 => proptest::collection::vec((any::<usize>(), mutation()), 1..3),
        ]
    };
    (0..REGIONS.len(), any::<bool>(), changes(), changes()).prop_map(
        |(region, large_print, region_changes, content_changes)| Case {
            region,
            large_print,
            region_changes,
            content_changes,
        },
    )
}

#[test]
fn any_region_and_content_file_gives_a_pdf_or_an_error_never_a_panic() {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64);
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let seed = [7u8; 32];
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed));
    let dir = temp_dir("properties");
    let engine = std::cell::RefCell::new(
        handout::session::Session::new(handout::load::Definitions::embedded()).unwrap().text_engine(),
    );
    let (built, refused) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
    let original_region: Vec<String> =
        REGIONS.iter().map(|path| std::fs::read_to_string(root().join(path)).unwrap()).collect();
    let original_content = std::fs::read_to_string(root().join(CONTENT)).unwrap();
    runner
        .run(&case(), |case| {
            let mut region = original_region[case.region].clone();
            for (pick, change) in &case.region_changes {
                region = mutate(&region, *pick, change);
            }
            let mut content = original_content.clone();
            for (pick, change) in &case.content_changes {
                content = mutate(&content, *pick, change);
            }
            let path = dir.join("force.toml");
            std::fs::write(&path, &region).unwrap();
            std::fs::create_dir_all(dir.join("defs/content")).unwrap();
            std::fs::write(dir.join("defs").join(CONTENT), &content).unwrap();
            let job = handout::jobs::Job {
                product: "leaflet".into(),
                variant: if case.large_print { "large-print" } else { "standard" }.into(),
                region: handout::jobs::RegionSource::File(path.clone()),
                lang: "en-GB".into(),
            };
            let start = std::time::Instant::now();
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                // A fresh session per case: a session caches regions and content by name.
                let definitions = handout::load::Definitions::with_overlay(&dir.join("defs"))?;
                let session = handout::session::Session::new(definitions)?;
                session.build(&job, &mut engine.borrow_mut(), Some(DATE), Default::default())
            }));
            let outcome =
                result.map_err(|_| TestCaseError::fail(format!("panicked on {case:?}:\n{region}\n---\n{content}")))?;
            match outcome {
                Ok(pdf) => {
                    prop_assert!(pdf.bytes.starts_with(b"%PDF"));
                    built.set(built.get() + 1);
                }
                Err(errors) => {
                    prop_assert!(!errors.0.is_empty());
                    prop_assert!(errors.0.iter().all(|d| !d.message.is_empty()), "{errors:?}");
                    refused.set(refused.get() + 1);
                }
            }
            prop_assert!(start.elapsed().as_secs() < 20, "took {:?} on {case:?}", start.elapsed());
            Ok(())
        })
        .unwrap();
    let (built, refused) = (built.get(), refused.get());
    eprintln!("{built} built, {refused} refused");
    // With the fixed seed and 64 cases (18 built, 46 refused; 426 of 1,500 with more): about a third leave both files as they are, and
    // many changes still leave a valid file (a long but allowed string, a key that has a
    // default). At least a quarter must build, so compose and render are reached.
    assert!(built * 4 >= built + refused, "only {built} of {} built", built + refused);
    assert!(refused > 0, "the generator makes broken files too");
}

#[test]
fn the_mutations_change_what_they_say() {
    let text = "# comment = no\n[force]\nname = \"Kent Police\"\nnumber = \"01622 690690\"\ncolour = \"#14284B\"\n";
    assert_eq!(
        mutate(text, 0, &Mutation::DropKey),
        "# comment = no\n[force]\nnumber = \"01622 690690\"\ncolour = \"#14284B\"\n"
    );
    assert!(mutate(text, 0, &Mutation::ChangeType("42")).contains("name = 42\n"));
    assert!(mutate(text, 0, &Mutation::Insert('\u{202e}')).contains("name = \"Kent \u{202e}Police\"\n"));
    assert!(mutate(text, 0, &Mutation::Insert('\t')).contains("name = \"Kent \\tPolice\"\n"));
    assert!(mutate(text, 1, &Mutation::OneDigitOff(0)).contains("number = \"1622 690690\"\n"));
    assert!(mutate(text, 1, &Mutation::OneDigitOff(2)).contains("number = \"91622 690690\"\n"));
    assert!(mutate(text, 2, &Mutation::Colour("#12345")).contains("colour = \"#12345\"\n"));
    assert_eq!(mutate(text, 0, &Mutation::LongString(2001)).lines().nth(2).unwrap().len(), 2001 + 9);
}
