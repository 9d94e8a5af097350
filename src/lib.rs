//! `handout` composes accessible, print-ready PDFs from TOML definitions.
//!
//! One pipeline, four stages, each taking the previous stage's output and nothing else:
//! [`load`] (find and parse definitions) -> [`resolve`] (pick a product variant, apply the
//! region, produce a semantic document tree) -> [`compose`] (set text and flow it into the
//! layout's panels) -> [`render`] (draw with krilla and write the tag tree in reading order).
//! [`check`] holds the accessibility rules, which run on the composed document. Print copies
//! are made PDF/X-4 by [`pdfx`] and judged by [`preflight`], which reads the PDF itself.

#![forbid(unsafe_code)]
// Without the command line (the browser build) the release's helpers (manifest, output
// folder, SOURCE_DATE_EPOCH) are compiled but not called.
#![cfg_attr(not(feature = "cli"), allow(dead_code))]

pub mod check;
pub mod colour;
pub mod compose;
pub mod contacts;
pub mod date;
pub mod error;
pub mod fonts;
pub mod html;
pub mod jobs;
pub mod jurisdiction;
pub mod kinds;
pub mod load;
pub mod output;
pub mod pdfx;
pub mod phone;
pub mod preflight;
#[cfg(feature = "preview")]
pub mod preview;
pub mod region_template;
#[cfg(feature = "cli")]
pub mod release;
pub mod render;
#[cfg(feature = "cli")]
pub mod report;
pub mod resolve;
#[cfg(feature = "cli")]
pub mod schema;
pub mod session;
pub mod template;
pub mod text_rule;
pub mod units;
#[cfg(feature = "cli")]
pub mod watch;
#[cfg(feature = "cli")]
pub mod workdir;
