//! `cargo bench`: time the whole pipeline (load -> resolve -> compose -> check -> render)
//! per PDF, in-process, for every default product and variant. Prints figures; asserts
//! nothing, so a busy machine cannot make it flake.

use std::time::{Duration, Instant};

use handout::build::{Selection, Session, output_name, RegionSource};
use handout::load::Definitions;
use handout::render::RenderOptions;
use handout::resolve::Date;

const RUNS: usize = 30;
const DATE: Date = Date { year: 2026, month: 11, day: 25, hour: 0, minute: 0, second: 0 };

fn main() {
    let started = Instant::now();
    let session = Session::new(Definitions::embedded()).expect("built-in definitions load");
    let mut engine = session.text_engine();
    println!("session start (product table, fonts, default region): {:.2} ms", ms(started.elapsed()));

    let jobs = session.jobs(&Selection::default()).expect("default jobs");
    println!("{:<44} {:>10} {:>10} {:>10}", "pdf", "median ms", "min ms", "size KB");
    for job in &jobs {
        for _ in 0..3 {
            session.build(job, &mut engine, Some(DATE), RenderOptions::default()).expect("build");
        }
        let mut times = Vec::with_capacity(RUNS);
        let mut size = 0;
        for _ in 0..RUNS {
            let start = Instant::now();
            let built = session.build(job, &mut engine, Some(DATE), RenderOptions::default()).expect("build");
            times.push(start.elapsed());
            size = built.bytes.len();
        }
        times.sort();
        let region = match &job.region {
            RegionSource::Id(id) => id.as_str(),
            RegionSource::File(_) => "file",
        };
        println!(
            "{:<44} {:>10.2} {:>10.2} {:>10}",
            output_name(job, region),
            ms(times[RUNS / 2]),
            ms(times[0]),
            size.div_ceil(1024)
        );
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
