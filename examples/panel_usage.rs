//! Print how full each panel of a product variant is (a layout designer's aid):
//! `cargo run --example panel_usage -- infographic standard [region id or file] [defs folder]`.
//! Panels that overflow are reported by the normal build error instead.

use handout::jobs::{Job, RegionSource};
use handout::load::Definitions;
use handout::session::Session;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let product = args.first().map_or("leaflet", String::as_str);
    let variant = args.get(1).map_or("standard", String::as_str);
    let region = args.get(2).map_or("uk", String::as_str);
    let definitions = match args.get(3) {
        Some(dir) => Definitions::with_overlay(std::path::Path::new(dir)).expect("definitions folder"),
        None => Definitions::embedded(),
    };
    let session = Session::new(definitions).expect("definitions");
    let mut engine = session.text_engine();
    let job = Job {
        product: product.into(),
        variant: variant.into(),
        region: if region.ends_with(".toml") {
            RegionSource::File(region.into())
        } else {
            RegionSource::Id(region.into())
        },
        lang: "en-GB".into(),
    };
    match session.resolve(&job, None) {
        Ok(document) => {
            for (panel, used, available) in handout::compose::measure(&document, &mut engine) {
                let flag = if used.0 > available.0 { "  OVERFLOWS" } else { "" };
                println!("{panel:<20} {:>6.1} of {:>6.1} mm{flag}", used.to_mm().0, available.to_mm().0);
            }
        }
        Err(e) => eprintln!("{e}"),
    }
}
