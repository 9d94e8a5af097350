//! `cargo bench`: time the whole pipeline (load -> resolve -> compose -> check -> render)
//! per PDF, in-process, for every default product and variant; then the release builds as
//! a user runs them, whole process, with peak memory. Prints figures; asserts nothing, so
//! a busy machine cannot make it flake.
//!
//! In-process, three figures per PDF: the first document of a new session (its text
//! engine holds no set paragraphs yet), the same document again (every paragraph set
//! before, as when a document is rebuilt), and, for the standard leaflet, the average
//! over all 46 force regions built in one session, as a release builds them.

use std::time::{Duration, Instant};

use handout::date::Date;
use handout::jobs::{RegionSource, Selection, output_name};
use handout::load::Definitions;
use handout::render::RenderOptions;
use handout::session::Session;

const RUNS: usize = 30;
const DATE: Date = Date { year: 2026, month: 11, day: 25, hour: 0, minute: 0, second: 0 };

fn main() {
    let started = Instant::now();
    let session = Session::new(Definitions::embedded()).expect("built-in definitions load");
    println!("session start (product table, fonts, default region): {:.2} ms", ms(started.elapsed()));

    let jobs = session.jobs(&Selection::default()).expect("default jobs");
    println!("{:<44} {:>12} {:>12} {:>12} {:>8}", "pdf", "new session", "again", "again min", "size KB");
    for job in &jobs {
        // The first document of a fresh session and text engine, several times over.
        let mut first = Vec::new();
        for _ in 0..7 {
            let session = Session::new(Definitions::embedded()).expect("built-in definitions load");
            let mut engine = session.text_engine();
            let start = Instant::now();
            session.build(job, &mut engine, Some(DATE), RenderOptions::default()).expect("build");
            first.push(start.elapsed());
        }
        first.sort();
        let mut engine = session.text_engine();
        session.build(job, &mut engine, Some(DATE), RenderOptions::default()).expect("build");
        let mut again = Vec::with_capacity(RUNS);
        let mut size = 0;
        for _ in 0..RUNS {
            let start = Instant::now();
            let built = session.build(job, &mut engine, Some(DATE), RenderOptions::default()).expect("build");
            again.push(start.elapsed());
            size = built.bytes.len();
        }
        again.sort();
        let region = match &job.region {
            RegionSource::Id(id) => id.as_str(),
            RegionSource::File(_) | RegionSource::Given(_) => "file",
        };
        println!(
            "{:<44} {:>9.2} ms {:>9.2} ms {:>9.2} ms {:>8}",
            output_name(job, region),
            ms(first[first.len() / 2]),
            ms(again[RUNS / 2]),
            ms(again[0]),
            size.div_ceil(1024)
        );
    }

    // The HTML twin of each document, from its checked document: what `--html` adds.
    println!("{:<44} {:>12} {:>8}", "html twin", "median", "size KB");
    for job in &jobs {
        let mut engine = session.text_engine();
        let checked = session.check(job, &mut engine, Some(DATE)).expect("check");
        let mut times = Vec::with_capacity(RUNS);
        let mut size = 0;
        for _ in 0..RUNS {
            let start = Instant::now();
            size = handout::html::html(&checked.document, checked.profile).expect("html").len();
            times.push(start.elapsed());
        }
        times.sort();
        let name = output_name(job, "uk").replace(".pdf", ".html");
        println!("{name:<44} {:>9.3} ms {:>8}", ms(times[RUNS / 2]), size.div_ceil(1024));
    }

    // A release's view: every force's standard leaflet, one after another, one engine.
    let regions = session
        .jobs(&Selection {
            products: vec!["leaflet".into()],
            variants: vec!["standard".into()],
            regions: vec![RegionSource::Id("all".into())],
            langs: Vec::new(),
        })
        .expect("region jobs");
    let mut rounds = Vec::new();
    for _ in 0..5 {
        let mut engine = session.text_engine();
        let start = Instant::now();
        for job in &regions {
            session.build(job, &mut engine, Some(DATE), RenderOptions::default()).expect("build");
        }
        rounds.push(start.elapsed() / regions.len() as u32);
    }
    rounds.sort();
    println!(
        "standard leaflet, {} regions in one session: {:.2} ms per PDF (median of 5 rounds, fastest {:.2} ms)",
        regions.len(),
        ms(rounds[2]),
        ms(rounds[0])
    );

    // One leaflet in each script: Arabic (right to left, isolates, mirrored sheet) and
    // Tigrinya (Ethiopic) against English, same region, one engine each, set before.
    for lang in ["en-GB", "cy", "vi", "ti", "ar", "fa"] {
        let job = handout::jobs::Job {
            product: "leaflet".into(),
            variant: "standard".into(),
            region: RegionSource::Id("kent".into()),
            lang: lang.into(),
        };
        let mut engine = session.text_engine();
        session.build(&job, &mut engine, Some(DATE), RenderOptions::default()).expect("build");
        let mut times = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let start = Instant::now();
            session.build(&job, &mut engine, Some(DATE), RenderOptions::default()).expect("build");
            times.push(start.elapsed());
        }
        times.sort();
        println!(
            "standard leaflet, kent, {lang:<6} {:>9.2} ms median {:>9.2} ms min",
            ms(times[RUNS / 2]),
            ms(times[0])
        );
    }

    println!();
    println!("whole process, release binary (peak memory: the largest run so far)");
    // The issue-2 target: one leaflet, the whole process, under 8 ms.
    whole_process("handout build leaflet --variant standard", &["build", "leaflet", "--variant", "standard"], 31);
    whole_process("handout build leaflet (3 variants)", &["build", "leaflet"], 15);
    whole_process(
        "handout build leaflet --variant standard --region all",
        &["build", "leaflet", "--variant", "standard", "--region", "all"],
        5,
    );
    whole_process("handout build --all (2 products x 3 variants x 46 regions)", &["build", "--all"], 5);
    whole_process("handout build --all --jobs 1", &["build", "--all", "--jobs", "1"], 3);
    whole_process("handout build --all --print (web and print copies)", &["build", "--all", "--print"], 3);
    // Issue 20: the HTML twins may add at most 20% to a release's time.
    let without = whole_process("handout build --all (again, to compare with --html)", &["build", "--all"], 5);
    let with = whole_process("handout build --all --html (and every HTML twin)", &["build", "--all", "--html"], 5);
    println!("--html adds {:.1}% to the release's time", (with / without - 1.0) * 100.0);
    // The release matrix with every language (issue 16), a little more than asked: every
    // product and variant for every force in every language its content exists in (the
    // infographic and Easy Read leaflet in English, the standard and large-print leaflet
    // in all ten), web and print copies.
    whole_process("release matrix: --all --lang all --print", &["build", "--all", "--lang", "all", "--print"], 3);
}

/// Run the release binary `runs` times; print the median wall time and the peak memory,
/// and return the median in milliseconds.
fn whole_process(label: &str, args: &[&str], runs: usize) -> f64 {
    let binary = env!("CARGO_BIN_EXE_handout");
    let out = std::env::temp_dir().join(format!("handout-bench-{}", std::process::id()));
    let mut times = Vec::new();
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(&out);
        let start = Instant::now();
        let status = std::process::Command::new(binary)
            .args(args)
            .args(["--quiet", "--out", out.to_str().unwrap_or("out")])
            .env("SOURCE_DATE_EPOCH", "1795608000")
            .status()
            .expect("run handout");
        times.push(start.elapsed());
        assert!(status.success(), "{label} failed");
    }
    let count = |extension: &str| {
        std::fs::read_dir(&out)
            .map(|d| d.flatten().filter(|e| e.file_name().to_string_lossy().ends_with(extension)).count())
            .unwrap_or(0)
    };
    let (pdfs, pages) = (count(".pdf"), count(".html"));
    let _ = std::fs::remove_dir_all(&out);
    times.sort();
    let pages = if pages > 0 { format!(" {pages:>4} HTML") } else { String::new() };
    println!(
        "{label:<62} {:>8.1} ms median {:>8.1} ms min {:>6} PDFs{pages} {:>8.1} MB peak",
        ms(times[runs / 2]),
        ms(times[0]),
        pdfs,
        peak_child_memory_mb()
    );
    ms(times[runs / 2])
}

/// The largest resident set of any child process so far (Linux reports kilobytes).
fn peak_child_memory_mb() -> f64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a complete rusage struct into the pointer it is given.
    let ok = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()) } == 0;
    if !ok {
        return f64::NAN;
    }
    // SAFETY: getrusage succeeded, so the struct is initialised.
    let usage = unsafe { usage.assume_init() };
    usage.ru_maxrss as f64 / 1024.0
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
