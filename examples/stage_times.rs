//! Time each pipeline stage of one document (a profiling aid):
//! `cargo run --release --example stage_times -- leaflet plain-language`.
//! The first document of a process is shown apart from the later ones: it pays for cold
//! caches (shaping plans, segmenter data, font tables), which a one-leaflet build pays too.

use std::time::Instant;

use handout::jobs::{Job, RegionSource};
use handout::load::Definitions;
use handout::render::RenderOptions;
use handout::session::Session;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let product = args.first().map_or("leaflet", String::as_str);
    let variant = args.get(1).map_or("standard", String::as_str);
    let runs: usize = std::env::var("RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(20).max(2);

    let started = Instant::now();
    let session = Session::new(Definitions::embedded()).expect("definitions");
    let mut engine = session.text_engine();
    println!("session start and text engine: {:.2} ms", ms(started.elapsed().as_secs_f64()));

    let job = Job {
        product: product.into(),
        variant: variant.into(),
        region: RegionSource::Id("uk".into()),
        lang: "en-GB".into(),
    };
    // Seconds per stage for each run: resolve, compose, render.
    let mut stages: Vec<[f64; 3]> = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let document = session.resolve(&job, None).expect("resolve");
        let resolve = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let composed = handout::compose::compose(&document, &mut engine).expect("compose");
        let compose = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let _ = handout::render::render(
            &document,
            &composed,
            session.pdf_fonts(),
            &handout::render::LogoImages::default(),
            RenderOptions::default(),
            session.print_settings(),
        )
        .expect("render");
        stages.push([resolve, compose, t.elapsed().as_secs_f64()]);
    }
    let line = |label: &str, s: [f64; 3]| {
        println!(
            "{product} {variant}, {label}: load+resolve {:.2} ms, compose {:.2} ms, render {:.2} ms, total {:.2} ms",
            ms(s[0]),
            ms(s[1]),
            ms(s[2]),
            ms(s.iter().sum())
        )
    };
    line("first document", stages[0]);
    let later = &stages[1..];
    let mut median = [0.0; 3];
    for (stage, value) in median.iter_mut().enumerate() {
        let mut times: Vec<f64> = later.iter().map(|s| s[stage]).collect();
        times.sort_by(f64::total_cmp);
        *value = times[times.len() / 2];
    }
    line(&format!("median of the next {}", later.len()), median);
}

fn ms(seconds: f64) -> f64 {
    seconds * 1000.0
}
