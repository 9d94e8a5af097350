//! `handout schema KIND`: JSON Schemas of the definition files, derived from the very types
//! the loader reads them into, so that an editor (Taplo, "Even Better TOML") can complete
//! and check a file as it is typed. `handout init` writes them to `schema/`, and region
//! templates point at theirs with a `#:schema` line.
//!
//! Draft-07 is used because TOML editor plugins read it; every struct denies unknown keys,
//! so the schema does too (`additionalProperties: false`). The loader checks more than a
//! schema can (phone numbers, contrast, file references): a file valid against its schema
//! can still be refused, with a message naming the line.

use schemars::generate::SchemaSettings;

/// Makes one kind's schema.
type Maker = fn() -> serde_json::Value;

/// The kinds of definition file, as `handout schema` names them, with their schema.
pub const ALL: [(&str, Maker); 6] = [
    ("region", region),
    ("content", content),
    ("layout", layout),
    ("release", release),
    ("products", products),
    ("handout", working_folder),
];

/// The names `handout schema` takes.
pub fn kinds() -> Vec<&'static str> {
    ALL.iter().map(|(kind, _)| *kind).collect()
}

/// The schema of one kind of file, by its name.
pub fn of(kind: &str) -> Option<serde_json::Value> {
    ALL.iter().find(|(k, _)| *k == kind).map(|(_, schema)| schema())
}

fn schema<T: schemars::JsonSchema>(title: &str) -> serde_json::Value {
    let mut schema = SchemaSettings::draft07().into_generator().into_root_schema_for::<T>();
    schema.insert("title".to_string(), title.into());
    schema.to_value()
}

fn region() -> serde_json::Value {
    schema::<crate::load::RegionFile>("handout region file (regions/<id>.toml)")
}

fn content() -> serde_json::Value {
    schema::<crate::load::Content>("handout content file (content/<set>.<lang>.toml)")
}

fn layout() -> serde_json::Value {
    schema::<crate::load::Layout>("handout layout file (layouts/<id>.toml)")
}

fn release() -> serde_json::Value {
    schema::<crate::release::ReleaseFile>("handout release file (release.toml)")
}

fn products() -> serde_json::Value {
    schema::<crate::load::Products>("handout product table (products.toml)")
}

fn working_folder() -> serde_json::Value {
    schema::<crate::workdir::Settings>("handout working folder (handout.toml)")
}
