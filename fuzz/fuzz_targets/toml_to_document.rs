//! One fuzz input is a force's region file and, after the first NUL byte (if any), the
//! leaflet's content file (`content/leaflet.standard.en-GB.toml`; the built-in one when
//! there is no NUL). Both go through load, resolve, compose and render as a `build`
//! would: any answer but a PDF or an error with a message (a panic, an abort, a hang
//! libFuzzer's `-timeout` catches, memory past `-rss_limit_mb`) is a finding.
//!
//! An input of an even number of bytes makes the standard leaflet, an odd number the
//! large-print one (the same words in another layout): one mutation that changes the
//! length moves an input between the two. The test forces' logos lie beside the region
//! file, so `file = "banner.png"` (or `crest.svg`, ...) names a real logo.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use handout::date::Date;
use handout::jobs::{Job, RegionSource};
use handout::load::Definitions;
use handout::session::Session;
use libfuzzer_sys::fuzz_target;

const DATE: Date = Date { year: 2026, month: 11, day: 25, hour: 12, minute: 0, second: 0 };

/// The logos of `tests/forces/`, for region files that name one.
const LOGOS: [(&str, &[u8]); 7] = [
    ("crest.svg", include_bytes!("../../tests/forces/crest.svg")),
    ("banner.png", include_bytes!("../../tests/forces/banner.png")),
    ("green.png", include_bytes!("../../tests/forces/green.png")),
    ("square.png", include_bytes!("../../tests/forces/square.png")),
    ("tall.png", include_bytes!("../../tests/forces/tall.png")),
    ("transparent.png", include_bytes!("../../tests/forces/transparent.png")),
    ("wide.png", include_bytes!("../../tests/forces/wide.png")),
];

/// A folder of this process's own for the two files (the loaders read files, as `build` does).
fn folder() -> &'static PathBuf {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("handout-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("defs/content")).unwrap();
        for (name, bytes) in LOGOS {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        dir
    })
}

thread_local! {
    /// The text engine (fonts loaded, shaping caches) outlives the sessions, as in `build`.
    static ENGINE: std::cell::RefCell<Option<handout::compose::TextEngine>> = const { std::cell::RefCell::new(None) };
}

fuzz_target!(|data: &[u8]| {
    let dir = folder();
    let (region, content) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], Some(&data[at + 1..])),
        None => (data, None),
    };
    let region_path = dir.join("force.toml");
    std::fs::write(&region_path, region).unwrap();
    let content_path = dir.join("defs/content/leaflet.standard.en-GB.toml");
    match content {
        Some(content) => std::fs::write(&content_path, content).unwrap(),
        None => {
            let _ = std::fs::remove_file(&content_path);
        }
    }
    let job = Job {
        product: "leaflet".into(),
        variant: if data.len() % 2 == 0 { "standard" } else { "large-print" }.into(),
        region: RegionSource::File(region_path),
        lang: "en-GB".into(),
    };
    // A fresh session each time: a session caches regions and content by name.
    let outcome = Definitions::with_overlay(&dir.join("defs")).and_then(Session::new).and_then(|session| {
        ENGINE.with_borrow_mut(|engine| {
            let engine = engine.get_or_insert_with(|| session.text_engine());
            session.build(&job, engine, Some(DATE), Default::default())
        })
    });
    // To see what `handout` answered when replaying an input by hand.
    if std::env::var_os("HANDOUT_FUZZ_SHOW").is_some() {
        match &outcome {
            Ok(built) => eprintln!("a PDF of {} bytes", built.bytes.len()),
            Err(errors) => eprintln!("{errors}"),
        }
    }
    match outcome {
        Ok(built) => assert!(built.bytes.starts_with(b"%PDF")),
        Err(errors) => assert!(!errors.0.is_empty() && errors.0.iter().all(|d| !d.message.is_empty())),
    }
});
