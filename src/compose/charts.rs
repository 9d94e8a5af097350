//! Charts. A bar chart is bars on a zero baseline with a labelled value on every bar; a
//! proportional chart is one bar cut into parts, each part named in words and numbers
//! below it and joined to it by a leader line, so nothing depends on colour. The drawing
//! (bars, grid, ticks) belongs to the chart's Figure leaf; the names and values are the
//! leaves of its data table, so a screen reader gets every number as text.

use super::blocks::{BlockComposer, Frame, Line, Strip, merge};
use super::{GraphicContrast, Item, Role, TextKind};
use crate::colour::Colour;
use crate::error::{Diagnostic, Origin, Rule};
use crate::kinds::ChartKind;
use crate::resolve::{Chart, ChartStyles, format_number};
use crate::units::{Mm, Pt, Rect};

impl BlockComposer<'_> {
    pub(super) fn chart(&mut self, chart: &Chart, frame: Frame, name: &str, origin: &Origin) -> Vec<Strip> {
        let Some(styles) = self.document.styles.charts.clone() else { return Vec::new() };
        let caption_style = self.style(styles.caption);
        let mut parts = self.paragraph_lines(&chart.caption, caption_style, TextKind::Label, frame, name, origin);
        let drawing = match chart.kind {
            ChartKind::Bar if styles.horizontal => self.horizontal_bar_chart(chart, &styles, frame, name, origin),
            ChartKind::Bar => self.bar_chart(chart, &styles, frame, name, origin),
            ChartKind::Proportional => self.proportional_chart(chart, &styles, frame, name, origin),
        };
        parts.push(drawing);
        // The caption stays with its chart.
        vec![merge(parts, name, origin)]
    }

    fn contrast(&mut self, name: &str, origin: &Origin, what: String, foreground: Colour, background: Colour) {
        self.contrasts.push(GraphicContrast {
            block: name.into(),
            origin: origin.clone(),
            what,
            foreground,
            background,
        });
    }

    fn bar_chart(&mut self, chart: &Chart, styles: &ChartStyles, frame: Frame, name: &str, origin: &Origin) -> Strip {
        let label_style = self.style(styles.label);
        let value_style = self.style(styles.value);
        let figure = chart.figure;
        let width = frame.width;
        let height = styles.height;
        let gap = Mm(1.5).to_pt();
        let (top, ticks) = scale(chart, 4.0);

        let mut items = Vec::new();
        let tick_labels: Vec<Line> = ticks
            .iter()
            .map(|t| self.line(&format_number(*t), Role::Content(figure), label_style, frame, name, origin))
            .collect();
        let left = tick_labels.iter().map(|l| l.width).fold(Pt::ZERO, Pt::max) + gap;
        let line_label = label_style.size * label_style.line_height;
        let line_value = value_style.size * value_style.line_height;
        let plot_top = line_label + line_value + gap;
        let plot_bottom = height - line_label * 2.0 - gap;
        let plot_height = plot_bottom - plot_top;
        if plot_height.0 < Mm(15.0).to_pt().0 {
            self.problems.push(
                Diagnostic::error(format!(
                    "{name}: the chart is too short for its labels ({:.0} mm of drawing left)",
                    plot_height.to_mm().0
                ))
                .at(origin)
                .hint("raise charts.height_mm in the layout")
                .rule(Rule::Overflow),
            );
            return Strip::new(height, items, name, origin);
        }
        let y_of = |value: f64| plot_bottom - plot_height * (value / top) as f32;

        // Grid lines and tick labels: the scale, part of the drawing.
        for (tick, label) in ticks.iter().zip(tick_labels) {
            let y = y_of(*tick);
            let (colour, line) = if *tick == 0.0 { (styles.axis, Pt(1.0)) } else { (styles.grid, Pt(0.5)) };
            items.push(Item::Line {
                from: (left, y),
                to: (width, y),
                width: line,
                colour,
                role: Role::Content(figure),
            });
            let (w, h) = (label.width, label.height);
            items.extend(label.at(left - gap - w, y - h / 2.0));
        }
        if let Some(header) = &chart.value_header {
            items.extend(
                self.line(&header.text, Role::Content(header.id), label_style, frame, name, origin)
                    .at(Pt::ZERO, Pt::ZERO),
            );
        }

        let slot = (width - left) / chart.rows.len() as f32;
        let bar_width = slot * 0.62;
        let mut crowded = false;
        for (i, row) in chart.rows.iter().enumerate() {
            let x = left + slot * i as f32;
            let y = y_of(row.value);
            let bar = Rect::new(x + (slot - bar_width) / 2.0, y, bar_width, plot_bottom - y);
            if bar.height.0 > 0.0 {
                items.push(Item::Fill { rect: bar, colour: styles.bar, role: Role::Content(figure) });
            }
            let value =
                self.line(&row.value_text.text, Role::Content(row.value_text.id), value_style, frame, name, origin);
            let label = self.line(&row.label.text, Role::Content(row.label.id), label_style, frame, name, origin);
            crowded |= value.width.0 > slot.0 - 1.0 || label.width.0 > slot.0 - 1.0;
            let (vw, vh) = (value.width, value.height);
            // A patch of the background behind the value, so no grid line runs through it.
            let patch = Rect::new(x + (slot - vw) / 2.0 - Pt(1.5), y - vh, vw + Pt(3.0), vh);
            items.push(Item::Fill { rect: patch, colour: frame.background, role: Role::Decoration });
            items.extend(value.at(x + (slot - vw) / 2.0, y - vh));
            let lw = label.width;
            items.extend(label.at(x + (slot - lw) / 2.0, plot_bottom + gap));
        }
        self.contrast(name, origin, "the bars against their background".to_string(), styles.bar, frame.background);
        if crowded {
            self.problems.push(
                Diagnostic::error(format!("{name}: the chart's labels are wider than its bars and would overlap"))
                    .at(origin)
                    .hint("make the chart's panel wider, or use shorter labels or fewer bars")
                    .rule(Rule::Overflow),
            );
        }
        if let Some(header) = &chart.label_header {
            let label = self.line(&header.text, Role::Content(header.id), label_style, frame, name, origin);
            let lw = label.width;
            items.extend(label.at(left + (width - left - lw) / 2.0, plot_bottom + gap + line_label));
        }
        Strip::new(height, items, name, origin)
    }

    /// Bars across the page: names in a column on the left, each value just past its bar's
    /// end, the scale along the bottom.
    fn horizontal_bar_chart(
        &mut self,
        chart: &Chart,
        styles: &ChartStyles,
        frame: Frame,
        name: &str,
        origin: &Origin,
    ) -> Strip {
        let label_style = self.style(styles.label);
        let value_style = self.style(styles.value);
        let figure = chart.figure;
        let width = frame.width;
        let gap = Mm(2.0).to_pt();
        let (top, ticks) = scale(chart, 3.0);
        let mut items = Vec::new();

        let names: Vec<Line> = chart
            .rows
            .iter()
            .map(|r| self.line(&r.label.text, Role::Content(r.label.id), label_style, frame, name, origin))
            .collect();
        let values: Vec<Line> = chart
            .rows
            .iter()
            .map(|r| self.line(&r.value_text.text, Role::Content(r.value_text.id), value_style, frame, name, origin))
            .collect();
        let headers = match (&chart.label_header, &chart.value_header) {
            (Some(label), Some(value)) => Some((
                self.line(&label.text, Role::Content(label.id), label_style, frame, name, origin),
                self.line(&value.text, Role::Content(value.id), label_style, frame, name, origin),
            )),
            _ => None,
        };
        // The name column holds its header too: a longer word for "Year" ("Blwyddyn")
        // would otherwise run into the values' header.
        let header_width = headers.as_ref().map_or(Pt::ZERO, |(label, _)| label.width);
        let name_column = names.iter().map(|l| l.width).fold(header_width, Pt::max) + gap * 2.0;
        let widest_value = values.iter().map(|l| l.width).fold(Pt::ZERO, Pt::max);
        let line = (label_style.size * label_style.line_height).max(value_style.size * value_style.line_height);
        let row = line * 1.25;
        let bar_thickness = row * 0.7;
        let length = width - name_column - widest_value - gap;
        if length.0 < Mm(30.0).to_pt().0 {
            self.problems.push(
                Diagnostic::error(format!(
                    "{name}: the labels leave too little room for the bars ({:.0} mm)",
                    length.to_mm().0
                ))
                .at(origin)
                .hint("use shorter labels or a wider frame")
                .rule(Rule::Overflow),
            );
        }
        let x_of = |value: f64| name_column + length * (value / top) as f32;

        let mut y = Pt::ZERO;
        if let Some((label, value)) = headers {
            let h = label.height.max(value.height);
            items.extend(label.at(Pt::ZERO, y));
            items.extend(value.at(name_column, y));
            y += h + gap;
        }
        let rows_top = y;
        for ((row_data, label), value) in chart.rows.iter().zip(names).zip(values) {
            let bar_top = y + (row - bar_thickness) / 2.0;
            let end = x_of(row_data.value);
            if (end - name_column).0 > 0.0 {
                items.push(Item::Fill {
                    rect: Rect::new(name_column, bar_top, end - name_column, bar_thickness),
                    colour: styles.bar,
                    role: Role::Content(figure),
                });
            }
            let (lh, vh) = (label.height, value.height);
            items.extend(label.at(Pt::ZERO, y + (row - lh) / 2.0));
            items.extend(value.at(end + gap, y + (row - vh) / 2.0));
            y += row;
        }
        // The zero line, and a scale along the bottom with short ticks. No grid lines: they
        // would cross the values printed at the bars' ends.
        items.push(Item::Line {
            from: (name_column, rows_top),
            to: (name_column, y),
            width: Pt(1.0),
            colour: styles.axis,
            role: Role::Content(figure),
        });
        items.push(Item::Line {
            from: (name_column, y),
            to: (x_of(top), y),
            width: Pt(0.75),
            colour: styles.axis,
            role: Role::Content(figure),
        });
        let mut scale_height = Pt::ZERO;
        for tick in ticks {
            let x = x_of(tick);
            items.push(Item::Line {
                from: (x, y),
                to: (x, y + gap),
                width: Pt(0.75),
                colour: styles.axis,
                role: Role::Content(figure),
            });
            let label = self.line(&format_number(tick), Role::Content(figure), label_style, frame, name, origin);
            scale_height = scale_height.max(label.height);
            let w = label.width;
            items.extend(label.at((x - w / 2.0).max(Pt::ZERO).min(width - w), y + gap));
        }
        self.contrast(name, origin, "the bars against their background".to_string(), styles.bar, frame.background);
        let height = y + gap + scale_height;
        Strip::new(height, items, name, origin)
    }

    fn proportional_chart(
        &mut self,
        chart: &Chart,
        styles: &ChartStyles,
        frame: Frame,
        name: &str,
        origin: &Origin,
    ) -> Strip {
        let label_style = self.style(styles.label);
        let value_style = self.style(styles.value);
        let figure = chart.figure;
        let width = frame.width;
        let bar_height = styles.part_height;
        let gap = Pt(2.0);
        let space = Mm(3.0).to_pt();
        let total: f64 = chart.rows.iter().map(|r| r.value).sum();
        let usable = width - gap * (chart.rows.len().saturating_sub(1)) as f32;
        let mut items = Vec::new();
        let mut x = Pt::ZERO;
        // Labels go in rows under the bar; a label that would touch the one before it
        // drops to the next row. Each row remembers how far right it is filled.
        let mut rows_filled: Vec<Pt> = Vec::new();
        let mut bottom = bar_height;
        let palette = &styles.palette;
        for (i, row) in chart.rows.iter().enumerate() {
            let part_width = if total > 0.0 { usable * (row.value / total) as f32 } else { Pt::ZERO };
            let colour = palette[i % palette.len().max(1)];
            if part_width.0 > 0.0 {
                items.push(Item::Fill {
                    rect: Rect::new(x, Pt::ZERO, part_width, bar_height),
                    colour,
                    role: Role::Content(figure),
                });
            }
            self.contrast(
                name,
                origin,
                format!("part \"{}\" against the background", row.label.text),
                colour,
                frame.background,
            );
            if i > 0 {
                let before = palette[(i - 1) % palette.len().max(1)];
                self.contrast(
                    name,
                    origin,
                    format!("part \"{}\" against the part before it", row.label.text),
                    colour,
                    before,
                );
            }

            let label = self.line(&row.label.text, Role::Content(row.label.id), label_style, frame, name, origin);
            let value =
                self.line(&row.value_text.text, Role::Content(row.value_text.id), value_style, frame, name, origin);
            let block_width = label.width.max(value.width);
            let block_height = label.height + value.height;
            // Words start just right of the leader line, but never run past the chart.
            let label_x = (x + Pt(3.0)).min(width - block_width).max(Pt::ZERO);
            let row_index =
                rows_filled.iter().position(|filled| filled.0 + space.0 <= label_x.0).unwrap_or(rows_filled.len());
            if row_index == rows_filled.len() {
                rows_filled.push(Pt::ZERO);
            }
            rows_filled[row_index] = label_x + block_width;
            let top = bar_height + space + (block_height + space) * row_index as f32;
            // A leader line joins the part to its words.
            let lead_x = x + Pt(1.0).min(part_width / 2.0);
            items.push(Item::Line {
                from: (lead_x, bar_height),
                to: (lead_x, top),
                width: Pt(0.75),
                colour: styles.axis,
                role: Role::Content(figure),
            });
            let lh = label.height;
            items.extend(label.at(label_x, top));
            items.extend(value.at(label_x, top + lh));
            bottom = bottom.max(top + block_height);
            x += part_width + gap;
        }
        Strip::new(bottom, items, name, origin)
    }
}

/// The top of a value axis and its ticks from zero: about `divisions` round steps that
/// reach the largest value.
fn scale(chart: &Chart, divisions: f64) -> (f64, Vec<f64>) {
    let max = chart.rows.iter().map(|r| r.value).fold(0.0, f64::max);
    let step = nice_step(max / divisions);
    let top = ((max / step).ceil() * step).max(step);
    let ticks = (0..).map(|i| f64::from(i) * step).take_while(|t| *t <= top + step * 1e-9).collect();
    (top, ticks)
}

/// A round step for an axis: 1, 2, 2.5 or 5 times a power of ten, at least `raw`.
fn nice_step(raw: f64) -> f64 {
    if raw <= 0.0 || !raw.is_finite() {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * magnitude).find(|step| *step >= raw).unwrap_or(10.0 * magnitude)
}

#[cfg(test)]
mod tests {
    use super::{nice_step, scale};
    use crate::kinds::ChartKind;
    use crate::resolve::{Chart, ChartRow, Inline, Leaf, LeafId};

    fn chart(values: &[f64]) -> Chart {
        let leaf = || Leaf { id: LeafId(0), text: String::new() };
        Chart {
            kind: ChartKind::Bar,
            caption: Inline::default(),
            alt: String::new(),
            figure: LeafId(0),
            label_header: None,
            value_header: None,
            rows: values.iter().map(|&value| ChartRow { label: leaf(), value, value_text: leaf() }).collect(),
        }
    }

    #[test]
    fn the_scale_starts_at_zero_reaches_past_the_highest_bar_in_round_steps() {
        let (top, ticks) = scale(&chart(&[6993.0, 10611.0, 23411.0]), 4.0);
        assert_eq!(top, 30000.0);
        assert_eq!(ticks, [0.0, 10000.0, 20000.0, 30000.0]);
        // A highest value on a step: the top is that step, not one more.
        let (top, ticks) = scale(&chart(&[40.0, 80.0]), 4.0);
        assert_eq!((top, ticks.len()), (80.0, 5));
        // All zero: still a scale, one step high.
        assert_eq!(scale(&chart(&[0.0, 0.0]), 4.0), (1.0, vec![0.0, 1.0]));
    }

    #[test]
    fn axis_steps_are_round() {
        assert_eq!(nice_step(23411.0 / 4.0), 10000.0);
        assert_eq!(nice_step(4000.0), 5000.0);
        assert_eq!(nice_step(1.8), 2.0);
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(nice_step(120.0), 200.0);
    }
}
