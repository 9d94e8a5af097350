//! The product table (`products.toml`): products, their variants, and which layout and
//! content set make each one.

use serde::Deserialize;

use crate::error::{Diagnostic, Result, SourceFile};
use crate::kinds::Profile;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Products {
    #[serde(rename = "product")]
    pub products: Vec<Product>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub id: String,
    pub title: String,
    #[serde(rename = "variant")]
    pub variants: Vec<Variant>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub id: String,
    /// `layouts/<layout>.toml`.
    pub layout: String,
    /// A layout with more room for a force's own contacts, used instead of `layout` for a
    /// region whose values (local lines, website, email) do not fit `layout`. The
    /// force-neutral default and every force that fits keep `layout`.
    #[serde(default)]
    pub roomy_layout: Option<String>,
    /// The content set: `content/<content>.<lang>.toml`.
    pub content: String,
    /// Which accessibility rules the variant is checked against.
    pub profile: Profile,
    /// The most pages a document of this variant may have; more is an overflow error, so
    /// runaway text never becomes a 6,000-page leaflet. [`DEFAULT_MAX_PAGES`] if not given.
    #[serde(default = "default_max_pages")]
    pub max_pages: usize,
}

/// The page limit of a variant that does not state its own.
pub const DEFAULT_MAX_PAGES: usize = 24;

fn default_max_pages() -> usize {
    DEFAULT_MAX_PAGES
}

impl Products {
    pub(super) fn validate(&self, file: &SourceFile) -> Result<()> {
        let mut seen = std::collections::HashSet::new();
        for product in &self.products {
            if !seen.insert(product.id.as_str()) {
                return Err(Diagnostic::error(format!("product `{}` is listed twice", product.id))
                    .at(&file.start())
                    .hint("give each product a different id")
                    .into());
            }
            if product.variants.is_empty() {
                return Err(Diagnostic::error(format!("product `{}` has no variants", product.id))
                    .at(&file.start())
                    .hint("add a [[product.variant]] table")
                    .into());
            }
        }
        Ok(())
    }

    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }
}

impl Product {
    pub fn variant(&self, id: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.id == id)
    }
}
