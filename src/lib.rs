//! `handout` composes accessible, print-ready PDFs from TOML definitions.
//!
//! One pipeline, four stages, each taking the previous stage's output and nothing else:
//! [`load`] (find and parse definitions) -> [`resolve`] (pick a product variant, apply the
//! region, produce a semantic document tree) -> [`compose`] (set text and flow it into the
//! layout's panels) -> [`render`] (draw with krilla and write the tag tree in reading order).
//! [`check`] holds the accessibility rules, which run on the composed document.

pub mod error;
pub mod load;
pub mod units;
pub mod resolve;
pub mod compose;
pub mod render;
pub mod check;
pub mod build;
pub mod report;
pub mod region_template;
pub mod release;
#[cfg(feature = "preview")]
pub mod preview;
