//! A property test (issue 13): generated region files, valid and broken, go through load,
//! resolve, compose and render. Whatever they hold, the answer is a PDF or an error with
//! a message, never a panic, and quickly. The seed is fixed and the case count short so
//! `cargo test` stays fast and repeatable; run longer with
//! `PROPTEST_CASES=5000 cargo test --test properties`.

mod common;

use common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// Pieces a region file is made of: good lines, broken lines and hostile text.
fn line() -> impl Strategy<Value = String> {
    let text = prop_oneof![
        Just("Kent Police".to_string()),
        "[a-zA-Z ]{0,30}",
        "\\PC{0,40}",
        Just("Kent \u{202e}ecilop\u{202c} Police".to_string()),
        Just("tab\there".to_string()),
        Just("x".repeat(2500)),
    ];
    prop_oneof![
        text.clone().prop_map(|t| format!("name = {:?}", t)),
        text.clone().prop_map(|t| format!("short_name = {:?}", t)),
        Just("jurisdictions = [\"england-wales\"]".to_string()),
        Just("jurisdictions = [\"mars\"]".to_string()),
        Just("website = \"https://www.kent.police.uk\"".to_string()),
        text.clone().prop_map(|t| format!("email = {:?}", t)),
        Just("[force]".to_string()),
        Just("[contact]".to_string()),
        Just("non_emergency = \"101\"".to_string()),
        Just("non_emergency = \"12\"".to_string()),
        "[a-z_]{1,10} = [0-9]{1,5}",
        "\\PC{0,20}",
    ]
}

fn region_file() -> impl Strategy<Value = String> {
    (proptest::collection::vec(line(), 0..12), any::<bool>()).prop_map(|(lines, header)| {
        let mut text = if header { "[force]\n".to_string() } else { String::new() };
        text.push_str(&lines.join("\n"));
        text
    })
}

#[test]
fn any_region_file_gives_a_pdf_or_an_error_never_a_panic() {
    let config = Config { cases: 24, failure_persistence: None, ..Config::default() };
    let seed = [7u8; 32];
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed));
    let dir = temp_dir("properties");
    let session = handout::session::Session::new(handout::load::Definitions::embedded()).unwrap();
    let engine = std::cell::RefCell::new(session.text_engine());
    let (built, refused) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
    runner
        .run(&region_file(), |text| {
            let path = dir.join("force.toml");
            std::fs::write(&path, &text).unwrap();
            let job = handout::jobs::Job {
                product: "leaflet".into(),
                variant: "standard".into(),
                region: handout::jobs::RegionSource::File(path.clone()),
                lang: "en-GB".into(),
            };
            // A fresh session per case: the session caches regions by path.
            let session = handout::session::Session::new(handout::load::Definitions::embedded()).unwrap();
            let start = std::time::Instant::now();
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                session.build(&job, &mut engine.borrow_mut(), Some(DATE), Default::default())
            }));
            let outcome = result.map_err(|_| TestCaseError::fail(format!("panicked on:\n{text}")))?;
            match outcome {
                Ok(pdf) => {
                    prop_assert!(pdf.bytes.starts_with(b"%PDF"));
                    built.set(built.get() + 1);
                }
                Err(errors) => {
                    prop_assert!(!errors.0.is_empty());
                    prop_assert!(errors.0.iter().all(|d| !d.message.is_empty()));
                    refused.set(refused.get() + 1);
                }
            }
            prop_assert!(start.elapsed().as_secs() < 20, "took {:?}", start.elapsed());
            Ok(())
        })
        .unwrap();
    drop(session);
    eprintln!("{} built, {} refused", built.get(), refused.get());
    assert!(refused.get() > 0, "the generator makes broken files too");
}
