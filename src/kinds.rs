//! The small closed sets of choices that definitions make and every later stage reads: how
//! a style aligns text, which kind of chart a block is, which way bars run, and which
//! accessibility profile a variant is checked against.

use serde::Deserialize;

/// Where a paragraph's lines sit in their frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Align {
    #[default]
    Start,
    Center,
}

/// What a chart block draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ChartKind {
    /// Vertical bars from a zero baseline, one per label, each labelled with its value.
    Bar,
    /// One bar divided into parts of a whole, each part labelled in words and numbers.
    Proportional,
}

/// Which way a layout draws bar charts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum BarDirection {
    #[default]
    Vertical,
    Horizontal,
}

/// The accessibility guidance a variant follows; each has its rules in `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    /// RNIB Clear Print: body at least 12 pt, WCAG AA contrast.
    Standard,
    /// UKAAF large print: nothing below 16 pt, contrast at least 7:1.
    LargePrint,
    /// Easy Read: body at least 16 pt, short plain sentences, a picture for each point.
    EasyRead,
}
