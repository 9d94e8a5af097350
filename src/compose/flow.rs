//! Flowing layouts (large print, Easy Read): strips fill A4 pages top to bottom, as many
//! pages as the content needs. A heading never ends a page (it keeps with what follows),
//! the first and last two lines of a paragraph stay together, a list item or picture
//! row is never split, and a short last line (the version) never stands alone on a page.
//! Page numbers go in the footer as artifacts.

use super::blocks::{BlockComposer, Frame, Strip};
use super::{Page, Role, spacing, stack_height};
use crate::error::{Diagnostic, Errors, Origin, Rule};
use crate::resolve::{FlowFrame, Footer};
use crate::template::fill;
use crate::units::Pt;

/// Place strips on as many pages as they need.
pub(super) fn place(mut strips: Vec<Strip>, flow: &FlowFrame, problems: &mut Errors) -> Vec<Page> {
    let area = flow.content;
    // A short last strip (the version line) never stands alone on the last page: the
    // strip before it goes with it.
    if let [.., before, last] = strips.as_mut_slice()
        && last.height.0 < area.height.0 / 5.0
    {
        before.keep_with_next = true;
    }
    let mut pages = vec![Page::default()];
    let mut y = area.y;
    let mut previous_after: Option<Pt> = None;
    let mut starts_chain = true;
    for index in 0..strips.len() {
        let strip = &strips[index];
        if starts_chain {
            // The strips this one must stay with: it and every following strip up to and
            // including the first that does not keep with the next.
            let end = (index..strips.len()).find(|&j| !strips[j].keep_with_next).unwrap_or(strips.len() - 1);
            let chain = stack_height(&strips[index..=end]);
            let lead = spacing(previous_after, strip.space_before);
            let fits_here = (y + lead + chain).0 <= area.bottom().0 + 0.01;
            let fits_a_page = chain.0 <= area.height.0 + 0.01;
            if !fits_here && fits_a_page && y.0 > area.y.0 {
                pages.push(Page::default());
                y = area.y;
                previous_after = None;
            }
        }
        let mut lead = spacing(previous_after, strip.space_before);
        if (y + lead + strip.height).0 > area.bottom().0 + 0.01 && y.0 > area.y.0 {
            pages.push(Page::default());
            y = area.y;
            lead = Pt::ZERO;
        }
        if strip.height.0 > area.height.0 + 0.01 {
            problems.push(
                Diagnostic::error(format!(
                    "text does not fit: {} is {:.1} mm taller than a whole page",
                    strip.block,
                    (strip.height - area.height).to_mm().0
                ))
                .at(&strip.origin)
                .hint("split the block, or shorten it; type is never shrunk to fit")
                .rule(Rule::Overflow),
            );
        }
        y += lead;
        let (height, space_after, keep_with_next) = (strip.height, strip.space_after, strip.keep_with_next);
        // Later strips are still measured (for chains), but none looks back at the items.
        let items = std::mem::take(&mut strips[index].items);
        let page = pages.last_mut().expect("there is always a page");
        page.items.extend(items.into_iter().map(|item| super::shift(item, area.x, y)));
        y += height;
        previous_after = Some(space_after);
        starts_chain = !keep_with_next;
    }
    pages
}

/// "Page 2 of 5" in each page's footer, as an artifact.
pub(super) fn page_numbers(
    pages: &mut [Page],
    footer: &Footer,
    origin: &Origin,
    frame: Frame,
    composer: &mut BlockComposer,
) {
    let total = pages.len();
    let style = composer.style(footer.style);
    for (index, page) in pages.iter_mut().enumerate() {
        let text = fill(&footer.template, &[("page", &(index + 1).to_string()), ("pages", &total.to_string())]);
        let line = composer.line(&text, Role::Footer, style, frame, "the page footer", origin);
        let y = footer.area.bottom() - line.height;
        // At the start of the line: the left, or the right in a right-to-left language.
        let x = if composer.rtl() { footer.area.right() - line.width } else { footer.area.x };
        page.items.extend(line.at(x, y));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::colour::{Cmyk, Colour, Rgb};
    use crate::compose::{Item, Role};
    use crate::units::Rect;

    fn origin() -> Origin {
        Origin { file: "content/test.toml".into(), line: 3, column: 1 }
    }

    fn strip(height: f32, keep_with_next: bool) -> Strip {
        let ink = Colour { rgb: Rgb([0, 0, 0]), cmyk: Cmyk([0.0, 0.0, 0.0, 100.0]) };
        let fill = Item::Fill {
            rect: Rect::new(Pt::ZERO, Pt::ZERO, Pt(5.0), Pt(height)),
            colour: ink,
            role: Role::Decoration,
        };
        Strip { keep_with_next, ..Strip::new(Pt(height), vec![fill], "block", &origin()) }
    }

    fn frame() -> FlowFrame {
        FlowFrame { content: Rect::new(Pt(10.0), Pt(10.0), Pt(100.0), Pt(100.0)), footer: None, origin: origin() }
    }

    fn page_tops(pages: &[Page]) -> Vec<Vec<f32>> {
        pages
            .iter()
            .map(|page| {
                page.items
                    .iter()
                    .map(|item| match item {
                        Item::Fill { rect, .. } => rect.y.0,
                        _ => f32::NAN,
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn strips_fill_a_page_then_go_on_to_the_next() {
        let mut problems = Errors::default();
        let pages = place(vec![strip(40.0, false), strip(40.0, false), strip(40.0, false)], &frame(), &mut problems);
        assert!(problems.is_empty());
        assert_eq!(page_tops(&pages), [vec![10.0, 50.0], vec![10.0]]);
    }

    #[test]
    fn a_short_last_line_never_stands_alone_on_a_page() {
        let mut problems = Errors::default();
        let pages = place(vec![strip(45.0, false), strip(45.0, false), strip(12.0, false)], &frame(), &mut problems);
        assert_eq!(page_tops(&pages), [vec![10.0], vec![10.0, 55.0]]);
        // A last strip of a fifth of the page or more may start the page alone.
        let pages = place(vec![strip(45.0, false), strip(45.0, false), strip(20.0, false)], &frame(), &mut problems);
        assert_eq!(page_tops(&pages), [vec![10.0, 55.0], vec![10.0]]);
        assert!(problems.is_empty());
    }

    #[test]
    fn a_heading_never_ends_a_page() {
        let mut problems = Errors::default();
        // The heading would fit at 80 to 95, but what it keeps with would not.
        let strips = vec![strip(70.0, false), strip(15.0, true), strip(30.0, false)];
        let pages = place(strips, &frame(), &mut problems);
        assert!(problems.is_empty());
        assert_eq!(page_tops(&pages), [vec![10.0], vec![10.0, 25.0]]);
    }

    #[test]
    fn a_strip_taller_than_a_page_is_an_overflow() {
        let mut problems = Errors::default();
        let pages = place(vec![strip(130.0, false)], &frame(), &mut problems);
        assert_eq!(pages.len(), 1);
        assert_eq!(problems.0.len(), 1);
        assert!(problems.0[0].message.contains("10.6 mm taller than a whole page"), "{problems}");
        assert_eq!(problems.0[0].line, Some(3));
    }
}
