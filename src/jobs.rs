//! What to build: a selection (products, variants, regions, languages; empty means all)
//! expands into jobs, one document each, and each job has the file name its PDF is
//! written under. Names that do not exist are refused here, before anything is built.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Diagnostic, Result};
use crate::load::{DEFAULT_REGION, Definitions, Products, suggest};
use crate::text_rule::is_id;

/// The `--region` value that stands for every force's region.
pub(crate) const ALL_REGIONS: &str = "all";
/// `--lang all`: every language a content set exists in.
pub(crate) const ALL_LANGUAGES: &str = "all";
/// What a force without its own `languages` publishes in by default.
pub(crate) const DEFAULT_LANGUAGE: &str = "en-GB";

/// Where a job's region comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RegionSource {
    /// A region the definitions carry: `regions/<id>.toml`.
    Id(String),
    /// A region file anywhere on disk (`--region-file`).
    File(PathBuf),
    /// A region file's text and the logo it names, given in memory (the browser page):
    /// read with the same parser and checks as a file.
    Given(Arc<GivenRegion>),
}

/// A region file that is not on disk: its name (`kent.toml`, as errors and output names
/// use it), its text, and the logo file chosen with it, if any.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GivenRegion {
    pub name: String,
    pub text: String,
    pub logo: Option<crate::load::AttachedLogo>,
}

impl RegionSource {
    /// The region's id, or a region file's name without `.toml`: the region part of
    /// output file names.
    pub fn name(&self) -> String {
        match self {
            RegionSource::Id(id) => id.clone(),
            RegionSource::File(path) => {
                path.file_stem().map_or_else(|| "region".into(), |s| s.to_string_lossy().into_owned())
            }
            RegionSource::Given(given) => {
                Path::new(&given.name).file_stem().map_or_else(|| "region".into(), |s| s.to_string_lossy().into_owned())
            }
        }
    }
}

/// One document to build: product x variant x region x language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub product: String,
    pub variant: String,
    pub region: RegionSource,
    pub lang: String,
}

/// What the user asked for; empty lists mean "all" (regions: the default region;
/// languages: each region's own default languages, `en-GB` unless its file names others).
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub products: Vec<String>,
    pub variants: Vec<String>,
    pub regions: Vec<RegionSource>,
    pub langs: Vec<String>,
}

/// Expand a selection into jobs, refusing names that do not exist (a usage error).
/// `region_languages` gives the languages a region's file names as its default.
pub(crate) fn expand(
    selection: &Selection,
    products: &Products,
    definitions: &Definitions,
    region_languages: &dyn Fn(&RegionSource) -> Result<Option<Vec<String>>>,
) -> Result<Vec<Job>> {
    let all_products: Vec<&str> = products.products.iter().map(|p| p.id.as_str()).collect();
    for name in &selection.products {
        if products.product(name).is_none() {
            return Err(unknown("product", name, &all_products).into());
        }
    }
    let mut known_variants: Vec<&str> =
        products.products.iter().flat_map(|p| p.variants.iter().map(|v| v.id.as_str())).collect();
    known_variants.sort();
    known_variants.dedup();
    for name in &selection.variants {
        if !known_variants.contains(&name.as_str()) {
            return Err(unknown("variant", name, &known_variants).into());
        }
    }
    let known_regions = definitions.region_ids();
    // `all` stands for every force's region (not the force-neutral default).
    let mut expanded = Vec::new();
    for region in &selection.regions {
        match region {
            RegionSource::Id(id) if id == ALL_REGIONS => expanded
                .extend(known_regions.iter().filter(|r| *r != DEFAULT_REGION).map(|r| RegionSource::Id(r.clone()))),
            other => expanded.push(other.clone()),
        }
    }
    // The same region named twice (`--region kent --region kent`, or `all` and `kent`) is
    // built once: two jobs writing one file would race for it.
    let mut seen = std::collections::HashSet::new();
    expanded.retain(|region| seen.insert(region.clone()));
    for region in &expanded {
        if let RegionSource::File(path) = region
            && !is_id(&region.name())
        {
            return Err(Diagnostic::error(format!(
                "the region file's name `{}` cannot be a region id",
                region.name()
            ))
            .in_file(path.display().to_string())
            .hint("a region file's name (without .toml) becomes part of the PDF's name: rename it using only a-z, 0-9 and -, e.g. kent.toml")
            .into());
        }
        if let RegionSource::Id(id) = region
            && !known_regions.contains(id)
        {
            return Err(unknown("region", id, &known_regions.iter().map(String::as_str).collect::<Vec<_>>()).into());
        }
    }
    let regions = if expanded.is_empty() { vec![RegionSource::Id(DEFAULT_REGION.to_string())] } else { expanded };
    let every_language = selection.langs.iter().any(|l| l == ALL_LANGUAGES);
    let named: Vec<&String> = selection.langs.iter().filter(|l| *l != ALL_LANGUAGES).collect();
    // Without --lang, each region gets the languages its file names (en-GB otherwise).
    let mut defaults = Vec::with_capacity(regions.len());
    for region in &regions {
        let languages = if selection.langs.is_empty() { region_languages(region)? } else { None };
        defaults.push(languages.unwrap_or_else(|| vec![DEFAULT_LANGUAGE.to_string()]));
    }

    let mut jobs = Vec::new();
    let mut languages_seen = std::collections::BTreeSet::new();
    for product in &products.products {
        if !selection.products.is_empty() && !selection.products.contains(&product.id) {
            continue;
        }
        for variant in &product.variants {
            if !selection.variants.is_empty() && !selection.variants.contains(&variant.id) {
                continue;
            }
            let langs = definitions.languages(&variant.content);
            languages_seen.extend(langs.iter().cloned());
            for lang in langs {
                if !every_language && !named.is_empty() && !named.contains(&&lang) {
                    continue;
                }
                for (region, defaults) in regions.iter().zip(&defaults) {
                    if selection.langs.is_empty() && !defaults.contains(&lang) {
                        continue;
                    }
                    jobs.push(Job {
                        product: product.id.clone(),
                        variant: variant.id.clone(),
                        region: region.clone(),
                        lang: lang.clone(),
                    });
                }
            }
        }
    }
    // Each language once, in order, after the word that asks for all of them.
    let known: Vec<&str> = std::iter::once(ALL_LANGUAGES).chain(languages_seen.iter().map(String::as_str)).collect();
    for lang in named {
        if !known.contains(&lang.as_str()) {
            return Err(unknown("language", lang, &known).into());
        }
    }
    // Two jobs must never write the same file (two region files of the same name).
    let mut names: HashMap<String, &RegionSource> = HashMap::new();
    for job in &jobs {
        if let Some(other) = names.insert(output_name(job, &job.region.name()), &job.region)
            && *other != job.region
        {
            return Err(Diagnostic::error(format!(
                "{} and {} would both write {}",
                describe(other),
                describe(&job.region),
                output_name(job, &job.region.name())
            ))
            .hint("rename one of the region files: its name becomes part of the PDF's name")
            .into());
        }
    }
    if jobs.is_empty() {
        return Err(Diagnostic::error("nothing to build: no product has that variant")
            .hint("`handout list` shows what can be built")
            .into());
    }
    Ok(jobs)
}

fn describe(region: &RegionSource) -> String {
    match region {
        RegionSource::Id(id) => format!("region `{id}`"),
        RegionSource::File(path) => format!("region file {}", path.display()),
        RegionSource::Given(given) => format!("region file {}", given.name),
    }
}

impl Job {
    /// The web copy's file name, for messages: the region part from its id or file name.
    pub fn file_name(&self) -> String {
        output_name(self, &self.region.name())
    }
}

/// `<product>-<variant>-<region>-<lang>.pdf`
pub fn output_name(job: &Job, region_id: &str) -> String {
    format!("{}-{}-{}-{}.pdf", job.product, job.variant, region_id, job.lang)
}

/// An unknown product, variant, region or language: the closest known name (letter case
/// aside: `Kent` is `kent`, `en-gb` is `en-GB`), and the list when it is short enough to read.
pub(crate) fn unknown(what: &str, name: &str, known: &[&str]) -> Diagnostic {
    let d = Diagnostic::error(format!("unknown {what} `{name}`"));
    let lower = name.to_lowercase();
    let close = known.iter().copied().find(|k| k.to_lowercase() == lower).or_else(|| {
        let lowered: Vec<String> = known.iter().map(|k| k.to_lowercase()).collect();
        let best = suggest(&lower, lowered.iter().map(String::as_str))?;
        known.iter().copied().find(|k| k.to_lowercase() == best)
    });
    let listed = if what == "region" {
        format!("`handout list --regions` shows all {}; `--region-file PATH` takes a file anywhere", known.len())
    } else {
        format!("known {what}s: {}", known.join(", "))
    };
    match close {
        Some(close) => d.hint(format!("did you mean `{close}`? {}", capitalised(&listed))),
        None if known.is_empty() => d,
        None => d.hint(listed),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}
