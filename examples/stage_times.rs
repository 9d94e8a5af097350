//! Time each pipeline stage of one document (a profiling aid):
//! `cargo run --release --example stage_times -- leaflet plain-language`.

use std::time::Instant;

use handout::build::{Job, RegionSource, Session};
use handout::load::Definitions;
use handout::render::RenderOptions;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let product = args.first().map_or("leaflet", String::as_str);
    let variant = args.get(1).map_or("standard", String::as_str);
    let session = Session::new(Definitions::embedded()).expect("definitions");
    let mut engine = session.text_engine();
    let job = Job {
        product: product.into(),
        variant: variant.into(),
        region: RegionSource::Id("uk".into()),
        lang: "en-GB".into(),
    };
    let runs: u32 = std::env::var("RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(20);
    let (mut resolve, mut compose, mut render) = (0.0, 0.0, 0.0);
    for _ in 0..runs {
        let t = Instant::now();
        let document = session.resolve(&job, None).expect("resolve");
        resolve += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let composed = handout::compose::compose(&document, &mut engine).expect("compose");
        compose += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let fonts =
            handout::render::PdfFonts::new(&handout::load::FontFiles::embedded(&session.definitions).unwrap()).unwrap();
        let _ = handout::render::render(&document, &composed, &fonts, RenderOptions::default()).expect("render");
        render += t.elapsed().as_secs_f64();
    }
    let ms = |s: f64| s * 1000.0 / f64::from(runs);
    println!(
        "{product} {variant}: load+resolve {:.2} ms, compose {:.2} ms, render {:.2} ms",
        ms(resolve),
        ms(compose),
        ms(render)
    );
}
