//! Pictograms (`assets/icons/<name>.svg`): read and parsed here, once per session, so that
//! resolve never touches a file. Each must be filled paths only: render draws them in one
//! layout colour (sRGB in the web copy, CMYK in the print copy), so strokes, text and
//! embedded images could not be coloured and are refused.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use super::Definitions;

/// The pictograms one content file names, each parsed or with the reason it cannot be.
#[derive(Clone, Debug, Default)]
pub struct Pictograms {
    by_name: BTreeMap<String, Result<Arc<usvg::Tree>, PictogramProblem>>,
}

/// Why a named pictogram cannot be drawn.
#[derive(Clone, Debug, PartialEq)]
pub enum PictogramProblem {
    /// No `assets/icons/<name>.svg`; `known` lists the names there are, for suggestions.
    Missing { known: Vec<String> },
    /// The file is there but is not a pictogram this tool can draw.
    Invalid { file: Arc<str>, why: String },
}

impl Pictograms {
    /// The pictogram called `name`, or why there is none; `None` if it was never asked for.
    pub fn get(&self, name: &str) -> Option<&Result<Arc<usvg::Tree>, PictogramProblem>> {
        self.by_name.get(name)
    }
}

/// Pictograms parsed so far, shared by every document (and thread) of a session: the Easy
/// Read leaflet alone draws 36 of them in each of 47 regions.
#[derive(Default)]
pub(crate) struct PictogramCache(Mutex<HashMap<String, Result<Arc<usvg::Tree>, PictogramProblem>>>);

impl PictogramCache {
    /// The pictograms called `names`, from the cache or read from `definitions`.
    pub fn load<'a>(&self, definitions: &Definitions, names: impl IntoIterator<Item = &'a str>) -> Pictograms {
        let mut by_name = BTreeMap::new();
        for name in names {
            let cached = self.0.lock().ok().and_then(|cache| cache.get(name).cloned());
            let pictogram = cached.unwrap_or_else(|| {
                let read = read(definitions, name);
                if let Ok(mut cache) = self.0.lock() {
                    cache.insert(name.to_string(), read.clone());
                }
                read
            });
            by_name.insert(name.to_string(), pictogram);
        }
        Pictograms { by_name }
    }
}

fn read(definitions: &Definitions, name: &str) -> Result<Arc<usvg::Tree>, PictogramProblem> {
    let relative = format!("assets/icons/{name}.svg");
    let file = definitions.read(&relative).map_err(|errors| PictogramProblem::Invalid {
        file: relative.as_str().into(),
        why: errors.0.first().map(|d| d.message.clone()).unwrap_or_default(),
    })?;
    let Some(file) = file else {
        let known = definitions
            .list("assets")
            .into_iter()
            .filter_map(|n| n.strip_prefix("icons/").and_then(|n| n.strip_suffix(".svg")).map(str::to_string))
            .collect();
        return Err(PictogramProblem::Missing { known });
    };
    let invalid = |why: String| PictogramProblem::Invalid { file: file.name.clone(), why };
    // The colour is the layout's, given when drawing; the file's own fill is not used.
    let svg = String::from_utf8_lossy(&file.bytes);
    let tree =
        usvg::Tree::from_str(&svg, &usvg::Options::default()).map_err(|e| invalid(format!("is not valid SVG: {e}")))?;
    filled_paths_only(tree.root()).map_err(invalid)?;
    Ok(Arc::new(tree))
}

/// Pictograms are drawn in one layout colour, so they must be filled paths only.
fn filled_paths_only(group: &usvg::Group) -> Result<(), String> {
    for node in group.children() {
        match node {
            usvg::Node::Group(inner) => filled_paths_only(inner)?,
            usvg::Node::Path(path) if path.stroke().is_some() => {
                return Err("has a stroke; pictograms are filled shapes only (convert strokes to outlines)".to_string());
            }
            usvg::Node::Path(_) => {}
            usvg::Node::Text(_) => return Err("contains text; convert it to paths".to_string()),
            usvg::Node::Image(_) => return Err("contains an embedded image; pictograms are vector paths".to_string()),
        }
    }
    Ok(())
}
