//! Rule `heading-nesting`: a sub-heading belongs to the heading above it. A heading of
//! level 3 or more nests (in a screen reader's outline of headings, and in the
//! bookmarks) under the nearest heading before it of a lower level; on a sheet of panels
//! that parent must be in the same panel, or the sub-heading nests under a part of the
//! page it is not part of (the poster's "Sources" under "Worried about someone? Report
//! it").

use crate::error::{Diagnostic, Rule};
use crate::resolve::{BlockContent, Document, Heading};

pub(crate) fn heading_nesting(document: &Document) -> Vec<Diagnostic> {
    if document.panels.is_empty() {
        // Flowing pages have no regions: a heading's parent is wherever it falls.
        return Vec::new();
    }
    let panel_of = |section: usize| {
        document.panels.iter().find(|p| p.sections.contains(&section) || p.bottom_sections.contains(&section))
    };
    // Every heading in reading order, with the index of its section.
    let mut headings: Vec<(usize, &Heading)> = Vec::new();
    for (index, section) in document.sections.iter().enumerate() {
        headings.extend(section.heading.iter().map(|h| (index, h)));
        headings.extend(section.blocks.iter().filter_map(|b| match &b.content {
            BlockContent::Heading(h) => Some((index, h)),
            _ => None,
        }));
    }
    let mut findings = Vec::new();
    for (position, &(section, heading)) in headings.iter().enumerate() {
        if heading.level < 3 {
            continue;
        }
        let Some(&(parent_section, parent)) = headings[..position].iter().rev().find(|(_, h)| h.level < heading.level)
        else {
            continue;
        };
        let (here, there) = (panel_of(section), panel_of(parent_section));
        if let (Some(here), Some(there)) = (here, there)
            && here.id != there.id
        {
            findings.push(
                Diagnostic::error(format!(
                    "heading \"{}\" (level {}) nests under \"{}\", which is in panel `{}`, not in its own panel `{}`",
                    heading.text.plain_text(),
                    heading.level,
                    parent.text.plain_text(),
                    there.id,
                    here.id
                ))
                .at(&heading.origin)
                .hint(format!(
                    "give it level {} so it stands beside \"{}\" rather than under it",
                    parent.level,
                    parent.text.plain_text()
                ))
                .rule(Rule::HeadingNesting),
            );
        }
    }
    findings
}
