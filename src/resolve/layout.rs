//! Resolving a layout: colour names become colours (with the region's brand colours laid
//! over `primary` and `on-primary`), style names become [`StyleId`]s, millimetres become
//! points, and each content section is placed in exactly one panel.

use std::collections::HashMap;

use crate::load::Spanned;

use super::document::{
    ChartStyles, ContactStyles, FigureStyles, FlowFrame, Footer, PageGeometry, Panel, Style, StyleId, StyleSheet,
};
use super::region::Region;
use crate::colour::{Colour, Rgb};
use crate::error::{Diagnostic, Errors, Result, SourceFile};
use crate::load::{Content, Layout, Loaded, suggest};
use crate::units::{Pt, Rect};

pub(super) struct ResolvedLayout {
    pub page: PageGeometry,
    pub styles: StyleSheet,
    names: HashMap<String, StyleId>,
    pub picture_colour: Colour,
    pub picture_size: Pt,
    pub logo_height: Pt,
    colours: HashMap<String, Colour>,
}

pub(super) fn resolve(layout: &Loaded<Layout>, region: &Region) -> Result<ResolvedLayout> {
    let file = &layout.file;
    let value = &layout.value;
    let mut colours: HashMap<String, Colour> = value.colours.iter().map(|(k, v)| (k.clone(), *v)).collect();
    if let Some(brand) = region.brand {
        colours.insert("primary".to_string(), brand.primary);
        colours.insert("on-primary".to_string(), brand.on_primary);
    }
    // Chart colours with a force's brand: derived from it, so every 3:1 a chart needs holds.
    let chart_colours = match (&region.brand, &value.charts, colours.get("paper")) {
        (Some(_), Some(charts), Some(paper)) => {
            let names: Vec<&String> = std::iter::once(charts.get_ref().bar.get_ref())
                .chain(charts.get_ref().palette.iter().map(|p| p.get_ref()))
                .collect();
            let given: Vec<Rgb> = names.iter().filter_map(|n| colours.get(n.as_str()).map(|c| c.rgb)).collect();
            derive_chart_colours(paper.rgb, &given).map(|derived| (names, derived))
        }
        _ => None,
    };
    let mut problems = Errors::default();
    let known: Vec<&str> = value.colours.keys().map(String::as_str).collect();
    let colour = |name: &Spanned<String>, key: &str, problems: &mut Errors| -> Colour {
        colours.get(name.get_ref()).copied().unwrap_or_else(|| {
            problems.push(unknown_colour(file, name, key, &known));
            value.colours.values().next().copied().unwrap_or(BLACK)
        })
    };

    let mut styles = Vec::new();
    let mut names = HashMap::new();
    for (name, spanned) in &value.styles {
        let style = spanned.get_ref();
        let key = format!("styles.{name}");
        names.insert(name.clone(), StyleId(styles.len()));
        styles.push(Style {
            name: name.clone(),
            size: *style.size_pt.get_ref(),
            line_height: style.line_height,
            bold: style.bold,
            colour: colour(&style.colour, &format!("{key}.colour"), &mut problems),
            space_before: style.space_before_mm.to_pt(),
            space_after: style.space_after_mm.to_pt(),
            align: style.align,
            background: style.background.as_ref().map(|b| colour(b, &format!("{key}.background"), &mut problems)),
            padding: style.padding_mm.to_pt(),
            origin: file.origin(&spanned.span()),
            size_origin: file.origin(&style.size_pt.span()),
            colour_origin: file.origin(&style.colour.span()),
            background_origin: style.background.as_ref().map(|b| file.origin(&b.span())),
        });
    }
    let sheet = value.sheet.get_ref();
    let paper = colour(&sheet.paper, "sheet.paper", &mut problems);
    let picture_colour = match &value.pictures.colour {
        Some(name) => colour(name, "pictures.colour", &mut problems),
        None => names.get("body").map_or(paper, |id| styles[id.0].colour),
    };
    let contacts = &value.contacts;
    let figures = {
        let f = &value.figures;
        match (names.get(&f.value_style), names.get(&f.label_style), names.get(&f.note_style)) {
            (Some(&value), Some(&label), Some(&note)) => Some(FigureStyles { value, label, note }),
            _ => None,
        }
    };
    let charts = value.charts.as_ref().map(|c| {
        let c = c.get_ref();
        let style_of = |name: &str, key: &str, problems: &mut Errors| -> StyleId {
            names.get(name).copied().unwrap_or_else(|| {
                problems.push(
                    Diagnostic::error(format!("the chart style `{name}` is not defined"))
                        .at(&file.start())
                        .key(format!("charts.{key}"))
                        .hint(format!("define [styles.{name}] or name another style")),
                );
                StyleId(0)
            })
        };
        // The derived colour at `index` (0 the bar, then the palette), where it differs.
        let chart_colour = |index: usize, given: Colour| -> Colour {
            match chart_colours.as_ref().and_then(|(_, derived)| derived.get(index)) {
                Some(rgb) if *rgb != given.rgb => Colour { rgb: *rgb, cmyk: crate::pdfx::srgb_to_press_cmyk(rgb.0) },
                _ => given,
            }
        };
        // Colours the region file gives itself win over the layout's and the derived ones.
        let own = region.chart.as_ref().map(|(own, _)| own);
        let palette: Vec<Colour> = match own.filter(|own| !own.parts.is_empty()) {
            Some(own) => own.parts.clone(),
            None => c
                .palette
                .iter()
                .enumerate()
                .map(|(i, p)| chart_colour(i + 1, colour(p, &format!("charts.palette[{i}]"), &mut problems)))
                .collect(),
        };
        let bar = chart_colour(0, colour(&c.bar, "charts.bar", &mut problems));
        ChartStyles {
            caption: style_of(&c.caption_style, "caption_style", &mut problems),
            label: style_of(&c.label_style, "label_style", &mut problems),
            value: style_of(&c.value_style, "value_style", &mut problems),
            horizontal: c.bars == crate::kinds::BarDirection::Horizontal,
            height: c.height_mm.to_pt(),
            part_height: c.part_height_mm.to_pt(),
            bar: own.and_then(|own| own.bar).unwrap_or(bar),
            axis: colour(&c.axis, "charts.axis", &mut problems),
            grid: colour(&c.grid, "charts.grid", &mut problems),
            palette,
        }
    });
    if let Some(c) = &value.charts
        && c.get_ref().palette.is_empty()
    {
        problems.push(
            Diagnostic::error("the chart palette is empty")
                .at(&file.origin(&c.span()))
                .key("charts.palette")
                .hint("name at least one colour"),
        );
    }
    let stylesheet = StyleSheet {
        styles: Vec::new(),
        list_bullet: value.list.bullet.clone(),
        list_indent: value.list.indent_mm.to_pt(),
        list_item_space: value.list.item_space_mm.to_pt(),
        contacts: match (
            names.get(&contacts.label_style),
            names.get(&contacts.number_style),
            names.get(&contacts.note_style),
        ) {
            (Some(&label), Some(&number), Some(&note)) => Some(ContactStyles {
                label,
                number,
                note,
                gap: contacts.gap_mm.to_pt(),
                columns: contacts.columns.max(1) as usize,
                local_columns: contacts.local_columns.map_or(contacts.columns, |c| c).max(1) as usize,
                local: [
                    (&contacts.local_label_style, label, "local_label_style"),
                    (&contacts.local_number_style, number, "local_number_style"),
                    (&contacts.local_note_style, note, "local_note_style"),
                ]
                .map(|(name, card, key)| match name {
                    None => card,
                    Some(name) => names.get(name).copied().unwrap_or_else(|| {
                        problems.push(
                            Diagnostic::error(format!("the contact style `{name}` is not defined"))
                                .at(&file.start())
                                .key(format!("contacts.{key}"))
                                .hint(format!("define [styles.{name}] or name another style")),
                        );
                        card
                    }),
                }),
            }),
            _ => None,
        },
        picture_gap: value.pictures.gap_mm.to_pt(),
        figures,
        charts,
    };
    // Panel colours are checked here too, so every unknown name is reported at once.
    for (index, panel) in value.panels.iter().enumerate() {
        let panel = panel.get_ref();
        if let Some(b) = &panel.background {
            colour(b, &format!("panel[{index}].background"), &mut problems);
        }
        if let Some(i) = &panel.ink {
            colour(i, &format!("panel[{index}].ink"), &mut problems);
        }
    }
    problems.into_result()?;

    let page = PageGeometry {
        trim_width: sheet.width_mm.to_pt(),
        trim_height: sheet.height_mm.to_pt(),
        bleed: sheet.bleed_mm.to_pt(),
        safe: sheet.safe_mm.to_pt(),
        pages: sheet.pages as usize,
        folds: (1..=sheet.pages).map(|p| value.folds(p).iter().map(|x| x.to_pt()).collect()).collect(),
        paper,
    };
    Ok(ResolvedLayout {
        page,
        styles: StyleSheet { styles, ..stylesheet },
        names,
        picture_colour,
        picture_size: value.pictures.size_mm.to_pt(),
        logo_height: value.pictures.logo_height_mm.to_pt(),
        colours,
    })
}

const BLACK: Colour = Colour { rgb: crate::colour::Rgb([0, 0, 0]), cmyk: crate::colour::Cmyk([0.0, 0.0, 0.0, 100.0]) };

fn unknown_colour(file: &SourceFile, name: &Spanned<String>, key: &str, known: &[&str]) -> Diagnostic {
    let hint = match suggest(name.get_ref(), known.iter().copied()) {
        Some(close) => format!("did you mean `{close}`? Colours are defined in [colours]: {}", known.join(", ")),
        None => format!("colours are defined in [colours]: {}", known.join(", ")),
    };
    file.error_at(&name.span(), format!("unknown colour `{}`", name.get_ref())).key(key.to_string()).hint(hint)
}

impl ResolvedLayout {
    pub fn style(&self, name: &str) -> Option<StyleId> {
        self.names.get(name).copied()
    }

    pub(crate) fn style_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.names.keys().cloned().collect();
        names.sort();
        names
    }

    /// The first of `names` the layout defines (the last is always defined).
    pub(crate) fn first_style(&self, names: &[&str]) -> String {
        names.iter().find(|n| self.names.contains_key(**n)).or(names.last()).map_or_else(String::new, |n| n.to_string())
    }

    pub(crate) fn heading_style(&self, level: u8) -> StyleId {
        self.names.get(&format!("h{level}")).or_else(|| self.names.get("h2")).copied().unwrap_or(StyleId(0))
    }

    /// Content section indices in reading order. Every section must be placed exactly once
    /// and every placed section must exist.
    pub(crate) fn section_order(
        &self,
        layout: &Loaded<Layout>,
        content: &Content,
        content_file: &SourceFile,
    ) -> Result<Vec<usize>> {
        // A flowing layout reads the content in its own order.
        if layout.value.flow.is_some() {
            return Ok((0..content.sections.len()).collect());
        }
        let ids = super::section_ids(content);
        let mut problems = Errors::default();
        let mut order = Vec::new();
        let mut placed: HashMap<usize, &str> = HashMap::new();
        for panel in layout.value.panels_in_reading_order() {
            for id in panel.sections.iter().chain(&panel.bottom_sections) {
                match ids.get(id.get_ref().as_str()) {
                    Some(&index) => {
                        if let Some(other) = placed.insert(index, &panel.id) {
                            problems.push(
                                layout
                                    .file
                                    .error_at(
                                        &id.span(),
                                        format!(
                                            "section `{}` is placed twice (panels `{other}` and `{}`)",
                                            id.get_ref(),
                                            panel.id
                                        ),
                                    )
                                    .hint("place each section in one panel"),
                            );
                        } else {
                            order.push(index);
                        }
                    }
                    None => {
                        let known: Vec<&str> = ids.keys().copied().collect();
                        let mut d = layout.file.error_at(
                            &id.span(),
                            format!(
                                "panel `{}` places section `{}`, which {} does not have",
                                panel.id,
                                id.get_ref(),
                                content_file.name
                            ),
                        );
                        if let Some(close) = suggest(id.get_ref(), known) {
                            d = d.hint(format!("did you mean `{close}`?"));
                        }
                        problems.push(d);
                    }
                }
            }
        }
        for (index, section) in content.sections.iter().enumerate() {
            if !placed.contains_key(&index) {
                problems.push(
                    content_file
                        .error_at(
                            &section.span(),
                            format!("section `{}` is not placed by layout {}", section.get_ref().id, layout.file.name),
                        )
                        .hint("add its id to a panel's `sections` in the layout, or remove the section"),
                );
            }
        }
        for id in &layout.value.read_last {
            match ids.get(id.get_ref().as_str()) {
                Some(index) if order.contains(index) => {
                    order.retain(|i| i != index);
                    order.push(*index);
                }
                _ => problems.push(
                    layout
                        .file
                        .error_at(
                            &id.span(),
                            format!("read_last names section `{}`, which no panel places", id.get_ref()),
                        )
                        .key("read_last")
                        .hint("name a section that one of the layout's panels places"),
                ),
            }
        }
        problems.into_result()?;
        Ok(order)
    }

    /// The page frame of a flowing layout.
    pub fn flow(&self, layout: &Loaded<Layout>, template: &str) -> Result<Option<FlowFrame>> {
        let Some(flow) = &layout.value.flow else { return Ok(None) };
        let page = &self.page;
        let footer_height = flow.get_ref().footer_mm.to_pt();
        let full = Rect::new(Pt::ZERO, Pt::ZERO, page.trim_width, page.trim_height).inset(page.safe);
        let content = Rect::new(full.x, full.y, full.width, full.height - footer_height);
        let footer = match &flow.get_ref().footer_style {
            Some(name) => match self.style(name.get_ref()) {
                Some(style) => Some(Footer {
                    style,
                    area: Rect::new(full.x, content.bottom(), full.width, footer_height),
                    template: template.to_string(),
                }),
                None => {
                    return Err(layout
                        .file
                        .error_at(&name.span(), format!("unknown style `{}`", name.get_ref()))
                        .key("flow.footer_style")
                        .hint(format!("the layout defines: {}", self.style_names().join(", ")))
                        .into());
                }
            },
            None => None,
        };
        if content.height.0 <= 0.0 || content.width.0 <= 0.0 {
            return Err(layout
                .file
                .error_at(&flow.span(), "the margins and footer leave no room for text")
                .key("flow")
                .into());
        }
        Ok(Some(FlowFrame { content, footer, origin: layout.file.origin(&flow.span()) }))
    }

    /// A panel's text area: the safe distance in from every edge that is a trim edge or a
    /// fold, and half the gutter in from edges shared with another panel.
    fn content_area(&self, frame: Rect, page: usize, gutter: Pt) -> Rect {
        let geometry = &self.page;
        let near = |a: Pt, b: Pt| (a.0 - b.0).abs() < 0.01;
        let folds = geometry.folds.get(page).map(Vec::as_slice).unwrap_or(&[]);
        let is_fold = |x: Pt| folds.iter().any(|f| near(*f, x));
        let vertical = |x: Pt| {
            if near(x, Pt::ZERO) || near(x, geometry.trim_width) || is_fold(x) { geometry.safe } else { gutter / 2.0 }
        };
        let horizontal =
            |y: Pt| if near(y, Pt::ZERO) || near(y, geometry.trim_height) { geometry.safe } else { gutter / 2.0 };
        let (left, right) = (vertical(frame.x), vertical(frame.right()));
        let (top, bottom) = (horizontal(frame.y), horizontal(frame.bottom()));
        Rect::new(frame.x + left, frame.y + top, frame.width - left - right, frame.height - top - bottom)
    }

    /// The layout's panels with sections as indices into the reading-ordered section list.
    pub fn panels(&self, order: &[usize], layout: &Loaded<Layout>, content: &Content) -> Vec<Panel> {
        let ids = super::section_ids(content);
        let position = |id: &Spanned<String>| -> Option<usize> {
            let content_index = ids.get(id.get_ref().as_str())?;
            order.iter().position(|i| i == content_index)
        };
        let value = &layout.value;
        value
            .panels_in_reading_order()
            .into_iter()
            .map(|panel| {
                let frame = Rect::new(
                    panel.x_mm.to_pt(),
                    panel.y_mm.to_pt(),
                    panel.width_mm.to_pt(),
                    panel.height(value.sheet.get_ref()).to_pt(),
                );
                let content = self
                    .content_area(frame, panel.page as usize - 1, value.sheet.get_ref().gutter_mm.to_pt())
                    .inset(panel.padding_mm.to_pt());
                let span = value.panels.iter().find(|p| p.get_ref().id == panel.id).map_or(0..0, Spanned::span);
                Panel {
                    id: panel.id.clone(),
                    page: panel.page as usize - 1,
                    frame,
                    content,
                    background: panel.background.as_ref().and_then(|b| self.colours.get(b.get_ref()).copied()),
                    background_origin: panel.background.as_ref().map(|b| layout.file.origin(&b.span())),
                    ink: panel.ink.as_ref().and_then(|i| self.colours.get(i.get_ref()).copied()),
                    sections: panel.sections.iter().filter_map(position).collect(),
                    bottom_sections: panel.bottom_sections.iter().filter_map(position).collect(),
                    origin: layout.file.origin(&span),
                }
            })
            .collect()
    }
}

/// Chart colours for a force's brand. `given[0]` is the single-series bar colour and the rest
/// the palette, in order. Each becomes the nearest colour (towards black or white) that
/// contrasts 3:1 with the paper and with every palette colour before it (WCAG 1.4.11); if
/// no colour can follow, the first palette colour is darkened step by step until one can.
fn derive_chart_colours(paper: Rgb, given: &[Rgb]) -> Option<Vec<Rgb>> {
    let (bar, palette) = given.split_first()?;
    let bar = bar.nearest_contrasting(&[paper], 3.0)?;
    let first = *palette.first()?;
    for step in 0..=20 {
        let start = first.mix(Rgb([0, 0, 0]), f64::from(step) / 20.0);
        let mut chosen: Vec<Rgb> = Vec::new();
        for (i, colour) in palette.iter().enumerate() {
            let colour = if i == 0 { start } else { *colour };
            let against: Vec<Rgb> = std::iter::once(paper).chain(chosen.iter().copied()).collect();
            match colour.nearest_contrasting(&against, 3.0) {
                Some(c) => chosen.push(c),
                None => break,
            }
        }
        if chosen.len() == palette.len() {
            return Some(std::iter::once(bar).chain(chosen).collect());
        }
    }
    None
}
