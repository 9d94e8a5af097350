//! The `handout` command line: parses arguments, calls the library, reports. Exit status:
//! 0 everything asked for was built (or checked clean); 1 an input or a check failed;
//! 2 the command line itself was wrong (unknown flag, product, variant or region).

#![forbid(unsafe_code)]

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use handout::error::{Diagnostic, Failure};
use handout::jobs::{RegionSource, Selection};

/// The most documents built at once (`--jobs`).
const MAX_JOBS: i64 = 64;
use handout::load::Definitions;
use handout::release::{Flags, Outcome, Release, Request, failures};
use handout::report;
use handout::session::Session;
use handout::workdir::WorkingFolder;

/// `--version`: the package version, the commit and the optional features built in.
const LONG_VERSION: &str =
    concat!(env!("CARGO_PKG_VERSION"), "\ncommit: ", env!("HANDOUT_COMMIT"), "\nfeatures: ", env!("HANDOUT_FEATURES"));

#[derive(Parser)]
#[command(
    name = "handout",
    version,
    long_version = LONG_VERSION,
    about = "Compose accessible, print-ready PDFs (leaflets, posters) from TOML definitions",
    long_about = "Compose accessible, print-ready PDFs from TOML definitions.\n\n\
        The binary carries default layouts, content, regions, fonts and pictures, so \
        `handout build` works with no files at all. `--defs DIR` overrides any of them \
        file by file from DIR/layouts, DIR/content, DIR/regions and DIR/assets."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build PDFs into the output folder (all products and variants for the default region
    /// when nothing is named).
    #[command(after_help = "Example:\n  handout build leaflet --variant large-print --region kent --print")]
    Build(BuildArgs),
    /// Build, then rebuild what each saved definition file affects, until stopped
    /// (Ctrl-C). Takes the flags of `build`. A document whose edit is broken keeps its
    /// last good PDF, and the errors are shown; no manifest is written (use `build`).
    #[command(
        after_help = "Example (in a working folder made by `handout init`):\n  handout watch leaflet --variant standard --region kent"
    )]
    Watch(BuildArgs),
    /// List the products, variants, languages and regions that can be built.
    #[command(after_help = "Example:\n  handout list --regions")]
    List(ListArgs),
    /// Check every product and variant against the accessibility rules (type sizes,
    /// contrast, alt text, headings, Easy Read readability) without writing PDFs. Exits 1
    /// if any rule is broken. `--region PATH` checks a region file: every problem in it,
    /// then every product and variant built with it.
    #[command(after_help = "Example:\n  handout check --region regions/kent.toml --format json")]
    Check(CheckArgs),
    /// Check PDFs as a print shop's preflight does (PDF/X-4 identification, output intent,
    /// page boxes, fonts, colour, total ink, image resolution, annotations in the bleed,
    /// transparency), reading each file itself. Exits 1 if any file fails.
    #[command(after_help = "Example:\n  handout preflight out/leaflet-standard-uk-en-GB-print.pdf")]
    Preflight(PreflightArgs),
    /// Region files for police forces.
    #[command(after_help = "Example:\n  handout region new kent --dir mine")]
    Region {
        #[command(subcommand)]
        command: RegionCommand,
    },
    /// Make DIR a working folder a force or print team can keep in version control: a
    /// handout.toml, the schema files for editors, a region template and copies of
    /// built-in files to change. Inside it, build and check use its files without --defs.
    #[command(
        after_help = "Example:\n  handout init kent-leaflets --region kent --copy content/leaflet.standard.en-GB.toml"
    )]
    Init(InitArgs),
    /// Print the JSON Schema of a kind of definition file, for editors (Taplo, Even Better
    /// TOML): region, content, layout, release, products or handout (handout.toml).
    #[command(after_help = "Example:\n  handout schema region > schema/region.json")]
    Schema {
        /// The kind of file.
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(handout::schema::kinds()))]
        kind: String,
    },
    /// Print a shell completion script, e.g. `handout completions bash >
    /// ~/.local/share/bash-completion/completions/handout`.
    #[command(after_help = "Example:\n  handout completions zsh > ~/.zfunc/_handout")]
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `handout man > handout.1`.
    #[command(after_help = "Example:\n  handout man | man -l -")]
    Man,
}

#[derive(Subcommand)]
enum RegionCommand {
    /// Write regions/<ID>.toml: a commented template with every field explained,
    /// pre-filled from the built-in region of the same id where there is one.
    New {
        /// The region id: lower case, digits and hyphens, e.g. avon-and-somerset.
        id: String,
        /// The folder to write regions/<ID>.toml in.
        #[arg(long, value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Args)]
struct InitArgs {
    /// The folder to make a working folder (made if it does not exist).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Write a region template regions/<ID>.toml and build that region by default.
    #[arg(long, value_name = "ID")]
    region: Option<String>,
    /// A built-in file to copy in for editing, by its path, e.g.
    /// content/leaflet.standard.en-GB.toml; repeat for several.
    #[arg(long = "copy", value_name = "PATH")]
    copies: Vec<String>,
    /// Replace files that exist.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct CheckArgs {
    /// Products to check; all when none is given.
    products: Vec<String>,
    /// Variants to check, e.g. `large-print`; repeat for several. All when not given.
    #[arg(long = "variant", value_name = "VARIANT")]
    variants: Vec<String>,
    /// A region id, `all`, or the path of a region file to check.
    #[arg(long = "region", value_name = "REGION|PATH")]
    regions: Vec<String>,
    /// A region file anywhere on disk to check; repeat for several.
    #[arg(long = "region-file", value_name = "PATH")]
    region_files: Vec<PathBuf>,
    /// Languages to check, e.g. `en-GB`; all available when not given.
    #[arg(long = "lang", value_name = "LANG")]
    langs: Vec<String>,
    #[command(flatten)]
    defs: DefsArg,
    /// `text` for people, `json` for CI.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Args)]
struct BuildArgs {
    /// Products to build, e.g. `leaflet`; all when none is given.
    products: Vec<String>,
    /// Variants to build, e.g. `standard`; repeat for several. All when not given.
    #[arg(long = "variant", value_name = "VARIANT")]
    variants: Vec<String>,
    /// Regions (police forces) to build for, e.g. `kent`; repeat for several, or `all` for
    /// every force. The force-neutral `uk` when not given.
    #[arg(long = "region", value_name = "REGION|PATH")]
    regions: Vec<String>,
    /// A region file anywhere on disk; repeat for several.
    #[arg(long = "region-file", value_name = "PATH")]
    region_files: Vec<PathBuf>,
    /// Languages to build, e.g. `en-GB`; all available when not given.
    #[arg(long = "lang", value_name = "LANG")]
    langs: Vec<String>,
    /// Where PDFs are written (default: out, or the release file's `out`).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    defs: DefsArg,
    /// Say which file each region value came from.
    #[arg(long)]
    explain: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
    /// On a terminal, also print one line per file written (the progress bar and the
    /// summary alone otherwise). Piped output always has one line per file.
    #[arg(long, short)]
    verbose: bool,
    /// Build everything: every product, variant and language for every force (`--region
    /// all` unless regions are named).
    #[arg(long)]
    all: bool,
    /// Also write print copies (`...-print.pdf`): PDF/X-4 in CMYK, crop and fold marks, a
    /// slug line, each checked by the preflight before it is written.
    #[arg(long)]
    print: bool,
    /// Also write each web copy's HTML twin (`...-<lang>.html`): one self-contained,
    /// accessible web page made from the same document, for a force's website.
    #[arg(long)]
    html: bool,
    /// Documents built at once, one per core when not given; page streams are compressed
    /// on as many more threads. The output is the same either way. 1 to 64: each worker
    /// holds a text engine and a document, so more than the cores only costs memory.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=MAX_JOBS))]
    jobs: Option<u16>,
    /// Build what a release file (e.g. release.toml) names: products, variants, regions,
    /// languages, print copies and the output folder.
    #[arg(long = "release", value_name = "FILE")]
    release: Option<PathBuf>,
    /// Also write a PNG proof of every page of every web copy. Only in a build with the
    /// `preview` feature (`cargo install --locked --path . --features preview`); hidden
    /// from the help of other builds.
    #[arg(long, hide = cfg!(not(feature = "preview")))]
    preview: bool,
}

#[derive(Args)]
struct PreflightArgs {
    /// The PDFs to check.
    #[arg(required = true, value_name = "FILE.pdf")]
    files: Vec<PathBuf>,
    /// The most ink (C+M+Y+K, percent) allowed anywhere inside the bleed.
    #[arg(long, value_name = "PERCENT", default_value_t = handout::pdfx::DEFAULT_INK_LIMIT)]
    ink_limit: u16,
}

#[derive(Args)]
struct ListArgs {
    /// Only the regions, with their force names.
    #[arg(long)]
    regions: bool,
    #[command(flatten)]
    defs: DefsArg,
}

#[derive(Args)]
struct DefsArg {
    /// A folder whose layouts/, content/, regions/ and assets/ override the built-in
    /// definitions, file by file.
    #[arg(long, value_name = "DIR")]
    defs: Option<PathBuf>,
}

/// Where this run's definitions come from, and what it says about that.
struct Source {
    definitions: Definitions,
    /// The regions a working folder's `handout.toml` builds when no `--region` is given.
    regions: Vec<String>,
    /// A working folder's `out/`, where its PDFs go unless `--out` or a release says otherwise.
    out: Option<PathBuf>,
}

impl DefsArg {
    /// `--defs DIR`; else the working folder holding the current folder (`handout.toml`),
    /// said on the first line of standard error; else the built-in definitions, with a note
    /// when the current folder is a checkout of handout whose definition files were edited.
    fn source(&self, quiet: bool) -> Result<Source, Failure> {
        if let Some(dir) = &self.defs {
            let definitions = Definitions::with_overlay(dir).map_err(|e| Failure::Usage(e.0))?;
            return Ok(Source { definitions, regions: Vec::new(), out: None });
        }
        let here = std::env::current_dir().unwrap_or_default();
        if let Some(folder) = WorkingFolder::find(&here).map_err(|e| Failure::Input(e.0))? {
            if !quiet {
                eprintln!("{}", folder.notice());
            }
            let definitions = folder.definitions().map_err(|e| Failure::Input(e.0))?;
            // Shown as `out/...` when run from the folder's top, as cargo shows `target/`.
            let out = if folder.root == here { PathBuf::from("out") } else { folder.root.join("out") };
            return Ok(Source { definitions, regions: folder.settings.regions, out: Some(out) });
        }
        if let Some((root, edits)) = handout::workdir::checkout_edits(&here)
            && !quiet
        {
            let shown: Vec<&str> = edits.iter().take(3).map(String::as_str).collect();
            let more = if edits.len() > 3 { format!(" and {} more", edits.len() - 3) } else { String::new() };
            eprintln!(
                "note: using the built-in definitions, not the edited {}{more} in this checkout ({}); \
                pass `--defs {}` to use them",
                shown.join(", "),
                root.display(),
                root.display()
            );
        }
        Ok(Source { definitions: Definitions::embedded(), regions: Vec::new(), out: None })
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build(args),
        Command::Watch(args) => watch(args),
        Command::List(args) => list(args),
        Command::Check(args) => check(args),
        Command::Preflight(args) => preflight(args),
        Command::Region { command: RegionCommand::New { id, dir, force } } => region_new(&id, &dir, force),
        Command::Init(args) => init(args),
        Command::Schema { kind } => {
            let schema = handout::schema::of(&kind).unwrap_or_default();
            let _ = writeln!(std::io::stdout().lock(), "{}", serde_json::to_string_pretty(&schema).unwrap_or_default());
            Ok(())
        }
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "handout", &mut std::io::stdout());
            Ok(())
        }
        Command::Man => {
            let man = clap_mangen::Man::new(<Cli as clap::CommandFactory>::command());
            man.render(&mut std::io::stdout())
                .map_err(|e| Failure::Input(vec![Diagnostic::error(format!("cannot write the manual page: {e}"))]))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let (diagnostics, code) = match failure {
                Failure::Input(d) => (d, 1),
                Failure::Usage(d) => (d, 2),
            };
            let mut stderr = std::io::stderr().lock();
            for diagnostic in diagnostics {
                let _ = writeln!(stderr, "{}", shown(diagnostic));
            }
            ExitCode::from(code)
        }
    }
}

/// Colour on a terminal only, and never when `NO_COLOR` is set (no-color.org).
fn colour_on_stderr() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// A diagnostic as standard error shows it: with the line of the file it is about.
fn shown(diagnostic: Diagnostic) -> String {
    diagnostic.with_excerpt_from(&handout::load::source_text).render(colour_on_stderr())
}

/// Print a line to standard output; a closed pipe (`handout list | head`) is not an error.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

fn session(definitions: Definitions) -> Result<Session, Failure> {
    Session::new(definitions).map_err(|e| Failure::Input(e.0))
}

/// `--region` values and `--region-file` paths as region sources: a `--region` value that
/// names a file (ends in `.toml` or exists) is a region file, in `build` as in `check`.
fn region_sources(regions: Vec<String>, files: Vec<PathBuf>) -> Vec<RegionSource> {
    let mut sources: Vec<RegionSource> = regions
        .into_iter()
        .map(|r| {
            let path = PathBuf::from(&r);
            if r.ends_with(".toml") || path.is_file() { RegionSource::File(path) } else { RegionSource::Id(r) }
        })
        .collect();
    sources.extend(files.into_iter().map(RegionSource::File));
    sources
}

/// The session and the request that `build`'s flags make (also each round of `watch`).
fn prepare(args: &BuildArgs, quiet: bool) -> Result<(Session, Request), Failure> {
    let source = args.defs.source(quiet)?;
    let mut session = session(source.definitions)?;
    // A working folder's regions, unless the command line or a release file names some.
    let named = !args.regions.is_empty() || !args.region_files.is_empty() || args.all || args.release.is_some();
    let regions = region_sources(if named { args.regions.clone() } else { source.regions }, args.region_files.clone());
    let request = Request::new(Flags {
        selection: Selection {
            products: args.products.clone(),
            variants: args.variants.clone(),
            regions,
            langs: args.langs.clone(),
        },
        print: args.print,
        html: args.html,
        out: args.out.clone().or(if args.release.is_some() { None } else { source.out }),
        jobs: args.jobs.map_or(0, usize::from),
        preview: args.preview,
        all: args.all,
        release: args.release.clone(),
    })?;
    session.set_print_settings(request.press.clone());
    Ok((session, request))
}

fn build(args: BuildArgs) -> Result<(), Failure> {
    let (session, request) = prepare(&args, args.quiet)?;
    let release = Release::prepare(&session, request)?;
    let out = release.out().to_path_buf();

    // A progress bar on a terminal; plain lines otherwise (logs, CI); nothing with --quiet.
    let quiet = args.quiet;
    let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(release.jobs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} documents, {elapsed} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let done = |outcome: &Outcome| {
        for output in &outcome.outputs {
            let wrote = format!("wrote {} ({} KB)", out.join(&output.file).display(), output.size.div_ceil(1024));
            let line = match &output.preflight {
                Some(preflight) => format!("{wrote}; preflight: {preflight}"),
                None => wrote,
            };
            match &bar {
                Some(bar) if args.verbose => bar.println(line),
                Some(_) => {}
                None if !quiet => say!("{line}"),
                None => {}
            }
        }
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    };
    let outcomes = release.run(&done)?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }

    if !quiet {
        for warning in report::unique_warnings(&outcomes) {
            eprintln!("{}", shown(warning.clone()));
        }
    }
    if args.explain {
        let explanation = report::explanation(&session, &release.jobs);
        let _ = write!(std::io::stdout().lock(), "{}", handout::text_rule::terminal_safe(&explanation));
    }
    for preview in release.finish(&outcomes)? {
        match preview.pages {
            Ok(pages) if !quiet => say!("previewed {pages} page(s) of {}", preview.file),
            Ok(_) => {}
            Err(e) => eprintln!("warning: no preview of {}: {e}", preview.file),
        }
    }
    let failures = failures(&outcomes);
    if !quiet || !failures.is_empty() {
        eprintln!("{}", report::build_summary(&outcomes));
    }
    if failures.is_empty() { Ok(()) } else { Err(Failure::Input(failures)) }
}

/// `handout watch`: build everything selected once, then, after each change, rebuild the
/// documents that read a changed file. Errors are shown and the round's failed documents
/// keep their last good PDFs; only a wrong command line at the start ends the watch.
fn watch(args: BuildArgs) -> Result<(), Failure> {
    let region_files = region_sources(args.regions.clone(), args.region_files.clone())
        .into_iter()
        .filter_map(|r| match r {
            RegionSource::File(path) => Some(path),
            // The command line names regions by id or file; nothing is given in memory.
            RegionSource::Id(_) | RegionSource::Given(_) => None,
        })
        .collect();
    let inputs = handout::watch::inputs(args.defs.defs.as_deref(), region_files, args.release.as_deref())
        .map_err(|e| Failure::Input(e.0))?;
    let mut watcher = handout::watch::Watcher::start(inputs).map_err(|e| Failure::Input(e.0))?;
    let quiet = args.quiet;
    if !quiet {
        let folders: Vec<String> = watcher.folders().iter().map(|f| f.display().to_string()).collect();
        match folders.is_empty() {
            true => eprintln!(
                "watching nothing: only built-in definitions are used (pass --defs DIR or run in a working folder)"
            ),
            false => eprintln!("watching {} (Ctrl-C to stop)", folders.join(", ")),
        }
    }
    // Everything is built in the first round, and again after a round that could not start.
    let mut changed: Option<Vec<std::path::PathBuf>> = None;
    let mut first = true;
    loop {
        let started = std::time::Instant::now();
        changed = match watch_round(&args, watcher.inputs(), changed.as_deref(), first) {
            Ok(()) => Some(Vec::new()),
            // A command line naming what does not exist is wrong from the start.
            Err(Failure::Usage(diagnostics)) if first => return Err(Failure::Usage(diagnostics)),
            Err(Failure::Input(diagnostics) | Failure::Usage(diagnostics)) => {
                for diagnostic in diagnostics {
                    eprintln!("{}", shown(diagnostic));
                }
                eprintln!(
                    "nothing rebuilt ({} ms): the PDFs in the output folder are the last good ones; waiting for the next change",
                    started.elapsed().as_millis()
                );
                None
            }
        };
        first = false;
        changed_files(&mut watcher, &mut changed, quiet)?;
    }
}

/// Wait for the next change; add its files to `changed` (left `None`: rebuild all).
fn changed_files(
    watcher: &mut handout::watch::Watcher,
    changed: &mut Option<Vec<std::path::PathBuf>>,
    quiet: bool,
) -> Result<(), Failure> {
    let files = watcher.wait_for_change().map_err(|e| Failure::Input(e.0))?;
    if !quiet {
        let root = watcher.inputs().overlay.clone().unwrap_or_default();
        let names: Vec<String> =
            files.iter().map(|f| f.strip_prefix(&root).unwrap_or(f).display().to_string()).collect();
        say!("changed: {}", names.join(", "));
    }
    if let Some(list) = changed {
        list.extend(files);
    }
    Ok(())
}

/// One round of `watch`: the documents `changed` affects (all of them when `changed` is
/// None), built into the output folder; a failed one keeps its last good PDF.
fn watch_round(
    args: &BuildArgs,
    inputs: &handout::watch::Inputs,
    changed: Option<&[std::path::PathBuf]>,
    first: bool,
) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    let quiet = args.quiet;
    // The first round says where definitions come from, as `build` does; later ones do not.
    let (session, request) = prepare(args, quiet || !first)?;
    let release = Release::prepare(&session, request)?;
    let mut chosen = vec![false; release.jobs.len()];
    match changed {
        None => chosen.fill(true),
        Some(files) => {
            for file in files {
                match inputs.affected(&session, &release.jobs, file) {
                    handout::watch::Affected::All => chosen.fill(true),
                    handout::watch::Affected::Some(indices) => indices.into_iter().for_each(|i| chosen[i] = true),
                }
            }
        }
    }
    let jobs: Vec<_> = release.jobs.iter().zip(&chosen).filter(|(_, c)| **c).map(|(j, _)| j.clone()).collect();
    if jobs.is_empty() {
        if !quiet {
            say!("no document being watched reads it; nothing rebuilt");
        }
        return Ok(());
    }
    let out = release.out().to_path_buf();
    let done = |outcome: &Outcome| {
        if quiet {
            return;
        }
        for output in &outcome.outputs {
            say!("wrote {} ({} KB)", out.join(&output.file).display(), output.size.div_ceil(1024));
        }
    };
    let outcomes = release.run_jobs(&jobs, true, &done)?;
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| !o.errors.is_empty()).collect();
    for outcome in &failed {
        for diagnostic in &outcome.errors {
            eprintln!("{}", shown(diagnostic.clone()));
        }
        let kept = if out.join(&outcome.name).is_file() { "its last good PDF is kept" } else { "it has no PDF yet" };
        eprintln!("{} was not rebuilt: {kept}", outcome.name);
    }
    if !quiet {
        for warning in report::unique_warnings(&outcomes) {
            eprintln!("{}", shown(warning.clone()));
        }
        let documents = if jobs.len() == 1 { "document" } else { "documents" };
        let errors = if failed.is_empty() { String::new() } else { format!(", {} with errors", failed.len()) };
        say!(
            "{} {} of {} {documents} in {} ms{errors}",
            if first { "built" } else { "rebuilt" },
            jobs.len() - failed.len(),
            jobs.len(),
            started.elapsed().as_millis()
        );
    }
    Ok(())
}

fn check(args: CheckArgs) -> Result<(), Failure> {
    let source = args.defs.source(false)?;
    let session = session(source.definitions)?;
    let named = !args.regions.is_empty() || !args.region_files.is_empty();
    let regions = region_sources(if named { args.regions } else { source.regions }, args.region_files);
    let selection = Selection { products: args.products, variants: args.variants, regions, langs: args.langs };
    let reports = report::check(&session, selection)?;
    match args.format {
        Format::Text => {
            let _ = write!(std::io::stdout().lock(), "{}", report::text(&reports));
        }
        Format::Json => say!("{}", serde_json::to_string_pretty(&report::json(&reports)).unwrap_or_default()),
    }
    // The report already lists every problem; the exit status says whether there were any.
    if reports.iter().any(|r| r.errors() > 0) { Err(Failure::Input(Vec::new())) } else { Ok(()) }
}

fn preflight(args: PreflightArgs) -> Result<(), Failure> {
    let limits = handout::preflight::Limits { ink_limit: args.ink_limit, ..Default::default() };
    let mut failed = Vec::new();
    for file in &args.files {
        // A PDF to judge: any size a print file has, but never a FIFO or a device.
        let bytes = handout::load::read_input(file, 1 << 30).map_err(|e| {
            Failure::Usage(vec![
                Diagnostic::error(format!("cannot read {}: {e}", file.display())).hint("check the path"),
            ])
        })?;
        let report = handout::preflight::inspect(&bytes, &limits);
        say!("{}: {}", file.display(), if report.passed() { "passed" } else { "FAILED" });
        for line in report.lines() {
            say!("  {line}");
        }
        if !report.passed() {
            failed.push(file);
        }
    }
    if failed.is_empty() {
        return Ok(());
    }
    Err(Failure::Input(
        failed.into_iter().map(|file| Diagnostic::error(format!("{} failed the preflight", file.display()))).collect(),
    ))
}

fn init(args: InitArgs) -> Result<(), Failure> {
    let request = handout::workdir::Init {
        dir: &args.dir,
        region: args.region.as_deref(),
        copies: &args.copies,
        force: args.force,
    };
    let written = handout::workdir::init(&request).map_err(|e| Failure::Input(e.0))?;
    for path in &written {
        say!("wrote {}", path.display());
    }
    let check = match &args.region {
        Some(id) => format!("fill in regions/{id}.toml, then "),
        None => String::new(),
    };
    say!("next: {check}run `handout check` and `handout build` inside {}", args.dir.display());
    Ok(())
}

fn region_new(id: &str, dir: &std::path::Path, force: bool) -> Result<(), Failure> {
    if !handout::region_template::valid_id(id) {
        return Err(Failure::Usage(vec![
            Diagnostic::error(format!("`{id}` is not a region id"))
                .hint("use lower-case letters, digits and hyphens, e.g. avon-and-somerset"),
        ]));
    }
    let definitions = Definitions::embedded();
    // Pre-fill from the built-in region of the same id, if there is one.
    let known = definitions.region_ids().contains(&id.to_string()).then(|| definitions.region(id).ok()).flatten();
    let text = handout::region_template::template(id, known.as_ref());
    let folder = dir.join("regions");
    let path = folder.join(format!("{id}.toml"));
    if path.exists() && !force {
        return Err(Failure::Input(vec![
            Diagnostic::error(format!("{} already exists", path.display()))
                .hint("edit it, or pass --force to replace it with a fresh template"),
        ]));
    }
    let written = handout::output::write_atomic(&folder, &format!("{id}.toml"), text.as_bytes())
        .map_err(|e| Failure::Input(vec![Diagnostic::error(format!("cannot write {}: {e}", path.display()))]))?;
    say!("wrote {}", written.display());
    say!("next: fill it in, then run `handout check --region {}`", written.display());
    Ok(())
}

/// One line per language: its status (the original, or a translation: draft or reviewed)
/// and the products and variants it exists for.
fn language_lines(session: &handout::session::Session) -> Vec<String> {
    use std::collections::BTreeMap;
    let definitions = &session.definitions;
    let mut languages: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for product in &session.products().products {
        for variant in &product.variants {
            for lang in definitions.languages(&variant.content) {
                let status = match definitions.content(&variant.content, &lang) {
                    Err(_) => "(content file has errors: run handout check)".to_string(),
                    Ok(content) => match &content.value.translation {
                        None => "original".to_string(),
                        Some(t) => match (t.status.get_ref(), &t.reviewer, &t.reviewed) {
                            (handout::load::TranslationStatus::Reviewed, Some(who), Some(when)) => format!(
                                "translation from {}, reviewed by {} on {}",
                                t.from.get_ref(),
                                who.get_ref(),
                                when.get_ref()
                            ),
                            _ => format!("draft translation from {} (not reviewed)", t.from.get_ref()),
                        },
                    },
                };
                let entry = languages.entry(lang).or_insert_with(|| (status, Vec::new()));
                entry.1.push(format!("{} {}", product.id, variant.id));
            }
        }
    }
    languages
        .into_iter()
        .map(|(lang, (status, products))| format!("{lang:<6} {status}: {}", products.join(", ")))
        .collect()
}

fn list(args: ListArgs) -> Result<(), Failure> {
    let session = session(args.defs.source(false)?.definitions)?;
    let definitions = &session.definitions;
    if !args.regions {
        say!("products:");
        for product in &session.products().products {
            say!("  {}  ({})", product.id, product.title);
            for variant in &product.variants {
                let langs = definitions.languages(&variant.content);
                say!(
                    "    --variant {:<16} layout {}, content {}, languages: {}",
                    variant.id,
                    variant.layout,
                    variant.content,
                    langs.join(", ")
                );
            }
        }
        say!("languages:");
        for line in language_lines(&session) {
            say!("  {line}");
        }
        say!("regions:");
    }
    for id in definitions.region_ids() {
        let name = session
            .region(&RegionSource::Id(id.clone()))
            .map(|r| match r.languages {
                Some(languages) => format!("{}  (languages: {})", r.name, languages.join(", ")),
                None => r.name,
            })
            .unwrap_or_else(|e| format!("(invalid: {})", e.0.len()));
        say!("  {id:<28} {name}");
    }
    Ok(())
}
