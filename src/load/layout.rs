//! Layout definitions (`layouts/*.toml`): sheet size, bleed and safe area, the panels or
//! page flow that hold the content, the type styles and the colour palette. A layout
//! says where and how; it never holds the words.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use toml::Spanned;

use super::colour::Colour;
use crate::error::{Diagnostic, Result, SourceFile};
use crate::units::{Mm, Pt};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// A human name, e.g. "DL roll-fold leaflet from A4 landscape".
    pub name: String,
    /// Panel ids in the order a reader meets them (and a screen reader reads them).
    #[serde(default)]
    pub reading_order: Vec<Spanned<String>>,
    pub sheet: Sheet,
    pub colours: BTreeMap<String, Colour>,
    pub styles: BTreeMap<String, Style>,
    #[serde(default)]
    pub list: ListStyle,
    #[serde(default)]
    pub contacts: ContactStyle,
    #[serde(default)]
    pub pictures: PictureStyle,
    #[serde(default)]
    pub figures: FigureStyle,
    /// How charts are drawn; needed only by layouts whose content has charts.
    pub charts: Option<ChartStyle>,
    #[serde(default, rename = "panel")]
    pub panels: Vec<Spanned<Panel>>,
    /// Instead of panels: the content flows over as many pages as it needs, inside the
    /// safe margin, sections in content order.
    pub flow: Option<Spanned<Flow>>,
}

/// A flowing layout (large print, Easy Read): A4 pages, filled top to bottom.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    /// The style of the page number in the footer; no page numbers when not given.
    pub footer_style: Option<Spanned<String>>,
    /// Height kept free for the footer above the bottom margin.
    #[serde(default)]
    pub footer_mm: Mm,
}

/// The finished sheet and what surrounds it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    /// Trim size: the finished, cut sheet.
    pub width_mm: Mm,
    pub height_mm: Mm,
    /// Printed beyond the trim on every side so backgrounds survive the cut.
    pub bleed_mm: Mm,
    /// Text and logos keep this far from the trim and from folds.
    pub safe_mm: Mm,
    /// Number of pages (sides) of a panel layout; each panel names its page. A flowing
    /// layout has as many pages as its content needs.
    #[serde(default = "one")]
    pub pages: u32,
    /// The colour of the paper (a colour name): the background for contrast checks.
    pub paper: Spanned<String>,
    /// Fold positions per page, from the left trim: `[[97, 197], [100, 200]]` for a roll fold.
    #[serde(default)]
    pub folds_mm: Vec<Vec<Mm>>,
    /// Space between the text of two panels that meet where there is no fold (posters);
    /// trim edges and folds always keep `safe_mm`.
    #[serde(default = "default_gutter")]
    pub gutter_mm: Mm,
}

fn default_gutter() -> Mm {
    Mm(10.0)
}

/// A text style: one entry of the type scale.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    pub size_pt: Pt,
    /// Line spacing as a multiple of the type size.
    #[serde(default = "default_line_height")]
    pub line_height: f32,
    #[serde(default)]
    pub bold: bool,
    /// Text colour (a colour name).
    pub colour: Spanned<String>,
    #[serde(default)]
    pub space_before_mm: Mm,
    #[serde(default)]
    pub space_after_mm: Mm,
    #[serde(default)]
    pub align: Align,
    /// A tinted box behind the text (a colour name), for call-outs.
    pub background: Option<Spanned<String>>,
    /// Space between the box edge and the text.
    #[serde(default)]
    pub padding_mm: Mm,
}

fn default_line_height() -> f32 {
    1.35
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Align {
    #[default]
    Start,
    Center,
}

/// How bulleted lists are set.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListStyle {
    /// The bullet character; it must be in the font.
    #[serde(default = "default_bullet")]
    pub bullet: String,
    /// Where item text starts, measured from the bullet.
    pub indent_mm: Mm,
    /// Extra space between items.
    pub item_space_mm: Mm,
}

fn default_bullet() -> String {
    "\u{2022}".to_string()
}

impl Default for ListStyle {
    fn default() -> Self {
        ListStyle { bullet: default_bullet(), indent_mm: Mm(5.0), item_space_mm: Mm(1.0) }
    }
}

/// How contact cards (a service, its number and a note) are set.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactStyle {
    pub label_style: String,
    pub number_style: String,
    pub note_style: String,
    /// Space between two contacts.
    pub gap_mm: Mm,
    /// Cards side by side in a row (1: one under another).
    #[serde(default = "one")]
    pub columns: u32,
}

fn one() -> u32 {
    1
}

impl Default for ContactStyle {
    fn default() -> Self {
        ContactStyle {
            label_style: "contact-label".to_string(),
            number_style: "contact-number".to_string(),
            note_style: "contact-note".to_string(),
            gap_mm: Mm(2.0),
            columns: 1,
        }
    }
}

/// How pictograms beside blocks are set.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PictureStyle {
    /// The pictogram's width and height.
    pub size_mm: Mm,
    /// Space between the pictogram and the words beside it.
    pub gap_mm: Mm,
    /// Colour name; the body text colour when not given.
    pub colour: Option<Spanned<String>>,
    /// Height a force's logo is printed at (narrower if the frame is narrow).
    #[serde(default = "default_logo_height")]
    pub logo_height_mm: Mm,
}

fn default_logo_height() -> Mm {
    Mm(18.0)
}

impl Default for PictureStyle {
    fn default() -> Self {
        PictureStyle { size_mm: Mm(12.0), gap_mm: Mm(4.0), colour: None, logo_height_mm: default_logo_height() }
    }
}

/// How headline figures (statistics) are set: the number, the words after it, and the
/// line naming the source.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureStyle {
    pub value_style: String,
    pub label_style: String,
    pub note_style: String,
}

impl Default for FigureStyle {
    fn default() -> Self {
        FigureStyle {
            value_style: "figure-value".to_string(),
            label_style: "figure-label".to_string(),
            note_style: "source-note".to_string(),
        }
    }
}

/// How charts are drawn.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartStyle {
    /// The chart title above it.
    pub caption_style: String,
    /// Axis labels, bar names and part names.
    pub label_style: String,
    /// The number on each bar or part.
    pub value_style: String,
    /// Vertical bars (the default) or horizontal bars, which keep large labels readable
    /// on a narrow page.
    #[serde(default)]
    pub bars: BarDirection,
    /// Height of a vertical bar chart's drawing, labels included.
    pub height_mm: Mm,
    /// Height of a proportional chart's bar.
    pub part_height_mm: Mm,
    /// Colour names: bars, the zero line and axis text, and the light grid lines.
    pub bar: Spanned<String>,
    pub axis: Spanned<String>,
    pub grid: Spanned<String>,
    /// Colours of the parts of a proportional chart, in order; neighbours must differ by 3:1.
    pub palette: Vec<Spanned<String>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BarDirection {
    #[default]
    Vertical,
    Horizontal,
}

/// One panel (a fixed frame on a page) and the sections it holds.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Panel {
    pub id: String,
    /// 1-based page (side) number.
    pub page: u32,
    /// Left edge, from the left trim.
    pub x_mm: Mm,
    pub width_mm: Mm,
    /// Top edge, from the top trim.
    #[serde(default)]
    pub y_mm: Mm,
    /// Defaults to the rest of the sheet's height.
    pub height_mm: Option<Mm>,
    /// Extra inner space on top of the safe area.
    #[serde(default)]
    pub padding_mm: Mm,
    /// Content sections set from the top, in order.
    #[serde(default)]
    pub sections: Vec<Spanned<String>>,
    /// Content sections set against the bottom of the panel, in order.
    #[serde(default)]
    pub bottom_sections: Vec<Spanned<String>>,
    /// A fill for the whole panel (a colour name); it runs into the bleed at trim edges.
    pub background: Option<Spanned<String>>,
    /// A text colour that replaces the styles' colours in this panel (for dark panels).
    pub ink: Option<Spanned<String>>,
}

impl Panel {
    pub fn height(&self, sheet: &Sheet) -> Mm {
        self.height_mm.unwrap_or(sheet.height_mm - self.y_mm)
    }
}

impl Layout {
    pub(super) fn validate(&self, file: &SourceFile) -> Result<()> {
        let sheet = &self.sheet;
        let positive = [
            ("sheet.width_mm", sheet.width_mm.0),
            ("sheet.height_mm", sheet.height_mm.0),
            ("sheet.safe_mm", sheet.safe_mm.0 + 1.0),
            ("sheet.bleed_mm", sheet.bleed_mm.0 + 1.0),
        ];
        for (key, value) in positive {
            if !(value > 0.0 && value.is_finite()) {
                return Err(Diagnostic::error("must be a positive length in millimetres")
                    .at(&file.start())
                    .key(key)
                    .into());
            }
        }
        if sheet.pages == 0 {
            return Err(Diagnostic::error("a layout needs at least one page")
                .at(&file.start())
                .key("sheet.pages")
                .into());
        }
        if sheet.folds_mm.len() > sheet.pages as usize {
            return Err(Diagnostic::error(format!(
                "folds_mm lists {} pages but the sheet has {}",
                sheet.folds_mm.len(),
                sheet.pages
            ))
            .at(&file.start())
            .key("sheet.folds_mm")
            .into());
        }
        if let Some(bad) = sheet.folds_mm.iter().flatten().find(|x| !(x.0 > 0.0 && x.0 < sheet.width_mm.0)) {
            return Err(Diagnostic::error(format!("a fold at {} mm is outside the sheet", bad.0))
                .at(&file.start())
                .key("sheet.folds_mm")
                .into());
        }
        for required in ["body", "h1", "h2", "h3"] {
            if !self.styles.contains_key(required) {
                return Err(Diagnostic::error(format!("the layout has no `{required}` style"))
                    .at(&file.start())
                    .key(format!("styles.{required}"))
                    .hint("every layout defines body, h1, h2 and h3")
                    .into());
            }
        }
        for (name, style) in &self.styles {
            if !(style.size_pt.0 > 0.0 && style.line_height >= 1.0) {
                return Err(Diagnostic::error("a style needs a positive size_pt and a line_height of at least 1.0")
                    .at(&file.origin(&style.colour.span()))
                    .key(format!("styles.{name}"))
                    .into());
            }
        }

        match (&self.flow, self.panels.is_empty()) {
            (Some(flow), false) => {
                return Err(file
                    .error_at(&flow.span(), "a layout has either panels or a [flow], not both")
                    .key("flow")
                    .hint("remove the [flow] table or the [[panel]] tables")
                    .into());
            }
            (None, true) => {
                return Err(Diagnostic::error("the layout has no [[panel]] tables and no [flow]")
                    .at(&file.start())
                    .hint("place content in panels, or add [flow] to flow it over pages")
                    .into());
            }
            _ => {}
        }
        let mut ids = HashSet::new();
        for (index, panel) in self.panels.iter().enumerate() {
            let span = panel.span();
            let panel = panel.get_ref();
            let key = format!("panel[{index}]");
            if !ids.insert(panel.id.as_str()) {
                return Err(file
                    .error_at(&span, format!("panel id `{}` is used twice", panel.id))
                    .key(format!("{key}.id"))
                    .into());
            }
            if panel.page == 0 || panel.page > sheet.pages {
                return Err(file
                    .error_at(&span, format!("page {} does not exist: the sheet has {} pages", panel.page, sheet.pages))
                    .key(format!("{key}.page"))
                    .into());
            }
            let right = panel.x_mm + panel.width_mm;
            let bottom = panel.y_mm + panel.height(sheet);
            if panel.x_mm.0 < 0.0
                || panel.y_mm.0 < 0.0
                || right.0 > sheet.width_mm.0 + 0.001
                || bottom.0 > sheet.height_mm.0 + 0.001
                || panel.width_mm.0 <= 0.0
                || panel.height(sheet).0 <= 0.0
            {
                return Err(file
                    .error_at(
                        &span,
                        format!(
                            "panel `{}` does not fit on the {} x {} mm sheet",
                            panel.id, sheet.width_mm.0, sheet.height_mm.0
                        ),
                    )
                    .key(key)
                    .hint("check x_mm, width_mm, y_mm and height_mm")
                    .into());
            }
        }
        // Panels on one page must not overlap: each piece of paper belongs to one panel.
        for (i, a) in self.panels.iter().enumerate() {
            for b in &self.panels[i + 1..] {
                let (pa, pb) = (a.get_ref(), b.get_ref());
                let overlap = pa.page == pb.page
                    && pa.x_mm.0 < (pb.x_mm + pb.width_mm).0 - 0.001
                    && pb.x_mm.0 < (pa.x_mm + pa.width_mm).0 - 0.001
                    && pa.y_mm.0 < (pb.y_mm + pb.height(sheet)).0 - 0.001
                    && pb.y_mm.0 < (pa.y_mm + pa.height(sheet)).0 - 0.001;
                if overlap {
                    return Err(file
                        .error_at(&b.span(), format!("panel `{}` overlaps panel `{}`", pb.id, pa.id))
                        .hint("panels on the same page must not overlap")
                        .into());
                }
            }
        }

        let mut ordered = HashSet::new();
        for id in &self.reading_order {
            if !ids.contains(id.get_ref().as_str()) {
                return Err(file
                    .error_at(&id.span(), format!("reading_order names panel `{}`, which does not exist", id.get_ref()))
                    .key("reading_order")
                    .into());
            }
            if !ordered.insert(id.get_ref().as_str()) {
                return Err(file
                    .error_at(&id.span(), format!("reading_order names panel `{}` twice", id.get_ref()))
                    .key("reading_order")
                    .into());
            }
        }
        if let Some(missing) = self.panels.iter().find(|p| !ordered.contains(p.get_ref().id.as_str())) {
            return Err(file
                .error_at(&missing.span(), format!("panel `{}` is missing from reading_order", missing.get_ref().id))
                .key("reading_order")
                .hint("list every panel once, in the order a reader meets them")
                .into());
        }
        Ok(())
    }

    /// Panels in reading order.
    pub fn panels_in_reading_order(&self) -> Vec<&Panel> {
        self.reading_order
            .iter()
            .filter_map(|id| self.panels.iter().map(Spanned::get_ref).find(|p| &p.id == id.get_ref()))
            .collect()
    }

    /// The x positions (from the left trim) of the folds on a 1-based page.
    pub fn folds(&self, page: u32) -> &[Mm] {
        let index = page.saturating_sub(1) as usize;
        self.sheet.folds_mm.get(index).map_or(&[], Vec::as_slice)
    }
}
