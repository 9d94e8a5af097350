//! Layout definitions (`layouts/*.toml`): sheet size, bleed and safe area, the panels or
//! page flow that hold the content, the type styles and the colour palette. A layout
//! says where and how; it never holds the words.

use std::collections::{BTreeMap, HashSet};

use crate::load::Spanned;
use serde::Deserialize;

use crate::colour::Colour;
use crate::error::{Errors, Result, SourceFile};
use crate::kinds::{Align, BarDirection};
use crate::units::{Mm, Pt};

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// A human name, e.g. "DL roll-fold leaflet from A4 landscape".
    pub name: String,
    /// Panel ids in the order a reader meets them (and a screen reader reads them).
    #[serde(default)]
    pub reading_order: Vec<Spanned<String>>,
    /// Section ids read after everything else, wherever they are drawn: the roomy
    /// leaflet draws the force's website and email on the cover, and they are read after
    /// the national services and the force's own lines on the back.
    #[serde(default)]
    pub read_last: Vec<Spanned<String>>,
    pub sheet: Spanned<Sheet>,
    pub colours: BTreeMap<String, Colour>,
    pub styles: BTreeMap<String, Spanned<Style>>,
    #[serde(default)]
    pub list: ListStyle,
    #[serde(default)]
    pub contacts: ContactStyle,
    #[serde(default)]
    pub pictures: PictureStyle,
    #[serde(default)]
    pub figures: FigureStyle,
    /// How charts are drawn; needed only by layouts whose content has charts.
    pub charts: Option<Spanned<ChartStyle>>,
    #[serde(default, rename = "panel")]
    pub panels: Vec<Spanned<Panel>>,
    /// Instead of panels: the content flows over as many pages as it needs, inside the
    /// safe margin, sections in content order.
    pub flow: Option<Spanned<Flow>>,
}

/// A flowing layout (large print, Easy Read): A4 pages, filled top to bottom.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    /// The style of the page number in the footer; no page numbers when not given.
    pub footer_style: Option<Spanned<String>>,
    /// Height kept free for the footer above the bottom margin.
    #[serde(default)]
    pub footer_mm: Mm,
}

/// The finished sheet and what surrounds it.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Style {
    pub size_pt: Spanned<Pt>,
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

/// How bulleted lists are set.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Deserialize, schemars::JsonSchema)]
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
    /// A force's own lines (`{ local = true }`) set in a grid of their own, this many side
    /// by side, when there are at least two of them; with `columns` when left out.
    #[serde(default)]
    pub local_columns: Option<u32>,
    /// The styles of a force's own lines when they are set side by side (a column is
    /// narrower than a long number in `number_style`); the card styles above when left
    /// out. The national services and 999 always keep the card styles above.
    #[serde(default)]
    pub local_label_style: Option<String>,
    #[serde(default)]
    pub local_number_style: Option<String>,
    #[serde(default)]
    pub local_note_style: Option<String>,
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
            local_columns: None,
            local_label_style: None,
            local_number_style: None,
            local_note_style: None,
        }
    }
}

/// How pictograms beside blocks are set.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Deserialize, schemars::JsonSchema)]
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

/// One panel (a fixed frame on a page) and the sections it holds.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
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
        let mut problems = Errors::default();
        self.check_lengths(file, &mut problems);
        let sheet = self.sheet.get_ref();
        let sheet_span = self.sheet.span();
        if sheet.pages == 0 {
            problems.push(file.error_at(&sheet_span, "a layout needs at least one page").key("sheet.pages"));
        }
        if sheet.folds_mm.len() > sheet.pages as usize {
            problems.push(
                file.error_at(
                    &sheet_span,
                    format!("folds_mm lists {} pages but the sheet has {}", sheet.folds_mm.len(), sheet.pages),
                )
                .key("sheet.folds_mm"),
            );
        }
        if let Some(bad) = sheet.folds_mm.iter().flatten().find(|x| !(x.0 > 0.0 && x.0 < sheet.width_mm.0)) {
            problems.push(
                file.error_at(&sheet_span, format!("a fold at {} mm is outside the sheet", bad.0))
                    .key("sheet.folds_mm")
                    .hint("folds are measured from the left trim and lie inside the sheet"),
            );
        }
        for required in ["body", "h1", "h2", "h3"] {
            if !self.styles.contains_key(required) {
                problems.push(
                    file.error_at(&(0..0), format!("the layout has no `{required}` style"))
                        .key(format!("styles.{required}"))
                        .hint("every layout defines body, h1, h2 and h3"),
                );
            }
        }
        match (&self.flow, self.panels.is_empty()) {
            (Some(flow), false) => problems.push(
                file.error_at(&flow.span(), "a layout has either panels or a [flow], not both")
                    .key("flow")
                    .hint("remove the [flow] table or the [[panel]] tables"),
            ),
            (None, true) => problems.push(
                file.error_at(&(0..0), "the layout has no [[panel]] tables and no [flow]")
                    .hint("place content in panels, or add [flow] to flow it over pages"),
            ),
            _ => {}
        }
        // Lengths that do not make sense would make the panel checks below meaningless.
        problems.clone().into_result()?;

        let mut ids = HashSet::new();
        for (index, panel) in self.panels.iter().enumerate() {
            let span = panel.span();
            let panel = panel.get_ref();
            let key = format!("panel[{index}]");
            if !ids.insert(panel.id.as_str()) {
                problems.push(
                    file.error_at(&span, format!("panel id `{}` is used twice", panel.id)).key(format!("{key}.id")),
                );
            }
            if panel.page == 0 || panel.page > sheet.pages {
                problems.push(
                    file.error_at(
                        &span,
                        format!("page {} does not exist: the sheet has {} pages", panel.page, sheet.pages),
                    )
                    .key(format!("{key}.page")),
                );
            }
            for (name, value) in [("x_mm", panel.x_mm), ("y_mm", panel.y_mm), ("padding_mm", panel.padding_mm)] {
                if !(value.0 >= 0.0 && value.0.is_finite()) {
                    problems.push(
                        file.error_at(&span, format!("{name} is {}: it must be 0 or more", value.0))
                            .key(format!("{key}.{name}"))
                            .hint("lengths are millimetres from the top-left corner of the trimmed sheet"),
                    );
                }
            }
            let right = panel.x_mm + panel.width_mm;
            let bottom = panel.y_mm + panel.height(sheet);
            if !(panel.width_mm.0 > 0.0 && panel.height(sheet).0 > 0.0) {
                problems.push(
                    file.error_at(&span, format!("panel `{}` has no width or no height", panel.id))
                        .key(format!("{key}.width_mm"))
                        .hint("width_mm (and height_mm, if given) must be more than 0"),
                );
            } else if right.0 > sheet.width_mm.0 + 0.001 || bottom.0 > sheet.height_mm.0 + 0.001 {
                problems.push(
                    file.error_at(
                        &span,
                        format!(
                            "panel `{}` runs off the {} x {} mm sheet",
                            panel.id, sheet.width_mm.0, sheet.height_mm.0
                        ),
                    )
                    .key(key)
                    .hint("check x_mm, width_mm, y_mm and height_mm"),
                );
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
                    problems.push(
                        file.error_at(&b.span(), format!("panel `{}` overlaps panel `{}`", pb.id, pa.id))
                            .hint("panels on the same page must not overlap"),
                    );
                }
            }
        }

        let mut ordered = HashSet::new();
        for id in &self.reading_order {
            if !ids.contains(id.get_ref().as_str()) {
                problems.push(
                    file.error_at(
                        &id.span(),
                        format!("reading_order names panel `{}`, which does not exist", id.get_ref()),
                    )
                    .key("reading_order"),
                );
            } else if !ordered.insert(id.get_ref().as_str()) {
                problems.push(
                    file.error_at(&id.span(), format!("reading_order names panel `{}` twice", id.get_ref()))
                        .key("reading_order"),
                );
            }
        }
        if let Some(missing) = self.panels.iter().find(|p| !ordered.contains(p.get_ref().id.as_str())) {
            problems.push(
                file.error_at(
                    &missing.span(),
                    format!("panel `{}` is missing from reading_order", missing.get_ref().id),
                )
                .key("reading_order")
                .hint("list every panel once, in the order a reader meets them"),
            );
        }
        problems.into_result()
    }

    /// Every length and size in range: nothing negative or endless, nothing a page
    /// cannot hold, nothing zero that must show.
    fn check_lengths(&self, file: &SourceFile, problems: &mut Errors) {
        let sheet = self.sheet.get_ref();
        let sheet_span = self.sheet.span();
        let mut range =
            |value: f32, key: String, span: &std::ops::Range<usize>, low: f32, high: f32, zero_allowed: bool| {
                let ok = value.is_finite() && value <= high && if zero_allowed { value >= low } else { value > low };
                if !ok {
                    let lower = if zero_allowed { format!("from {low}") } else { format!("more than {low}") };
                    problems.push(
                        file.error_at(span, format!("{key} is {value}: it must be {lower} up to {high}"))
                            .key(key)
                            .hint("lengths are in millimetres and type sizes in points"),
                    );
                }
            };
        // The PDF limit is 14,400 points (5,080 mm) a side, print marks included.
        range(sheet.width_mm.0, "sheet.width_mm".into(), &sheet_span, 20.0, 5000.0, false);
        range(sheet.height_mm.0, "sheet.height_mm".into(), &sheet_span, 20.0, 5000.0, false);
        range(sheet.bleed_mm.0, "sheet.bleed_mm".into(), &sheet_span, 0.0, 25.0, true);
        let half = sheet.width_mm.0.min(sheet.height_mm.0) / 2.0;
        range(sheet.safe_mm.0, "sheet.safe_mm".into(), &sheet_span, 0.0, half, true);
        range(sheet.gutter_mm.0, "sheet.gutter_mm".into(), &sheet_span, 0.0, half, true);
        for (name, style) in &self.styles {
            let span = style.span();
            let style = style.get_ref();
            let key = |field: &str| format!("styles.{name}.{field}");
            range(style.size_pt.get_ref().0, key("size_pt"), &style.size_pt.span(), 0.0, 400.0, false);
            range(style.line_height, key("line_height"), &span, 1.0, 4.0, true);
            range(style.space_before_mm.0, key("space_before_mm"), &span, 0.0, 100.0, true);
            range(style.space_after_mm.0, key("space_after_mm"), &span, 0.0, 100.0, true);
            range(style.padding_mm.0, key("padding_mm"), &span, 0.0, 50.0, true);
        }
        let start = 0..0;
        range(self.list.indent_mm.0, "list.indent_mm".into(), &start, 0.0, 50.0, true);
        range(self.list.item_space_mm.0, "list.item_space_mm".into(), &start, 0.0, 50.0, true);
        range(self.contacts.gap_mm.0, "contacts.gap_mm".into(), &start, 0.0, 50.0, true);
        range(self.contacts.columns as f32, "contacts.columns".into(), &start, 1.0, 8.0, true);
        if let Some(local) = self.contacts.local_columns {
            range(local as f32, "contacts.local_columns".into(), &start, 1.0, 8.0, true);
        }
        range(self.pictures.size_mm.0, "pictures.size_mm".into(), &start, 0.0, 200.0, false);
        range(self.pictures.gap_mm.0, "pictures.gap_mm".into(), &start, 0.0, 50.0, true);
        range(self.pictures.logo_height_mm.0, "pictures.logo_height_mm".into(), &start, 0.0, 200.0, false);
        if let Some(charts) = &self.charts {
            let span = charts.span();
            let charts = charts.get_ref();
            range(charts.height_mm.0, "charts.height_mm".into(), &span, 20.0, 1000.0, true);
            range(charts.part_height_mm.0, "charts.part_height_mm".into(), &span, 2.0, 200.0, true);
        }
        if let Some(flow) = &self.flow {
            range(flow.get_ref().footer_mm.0, "flow.footer_mm".into(), &flow.span(), 0.0, half, true);
        }
    }

    /// Panels in reading order.
    pub(crate) fn panels_in_reading_order(&self) -> Vec<&Panel> {
        self.reading_order
            .iter()
            .filter_map(|id| self.panels.iter().map(Spanned::get_ref).find(|p| &p.id == id.get_ref()))
            .collect()
    }

    /// The x positions (from the left trim) of the folds on a 1-based page.
    pub fn folds(&self, page: u32) -> &[Mm] {
        let index = page.saturating_sub(1) as usize;
        self.sheet.get_ref().folds_mm.get(index).map_or(&[], Vec::as_slice)
    }
}
