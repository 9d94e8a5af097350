//! The document as a reader meets it: every heading, paragraph, list item, card line,
//! chart label and source line in reading order, each as the pieces of text that are
//! read one after another without a break (a statistic's value and its label are one
//! such line). The rules about what a screen reader hears and about Easy Read lines walk
//! this list.

use std::collections::HashMap;

use crate::compose::{Composed, Item, Role};
use crate::error::Origin;
use crate::resolve::{Block, BlockContent, Document, Inline, Leaf, LeafId, LinkId};

/// What kind of text a line is: the Easy Read rules look at prose only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum LineKind {
    Heading,
    /// Running text: a paragraph, a list item, a statistic and its label.
    Prose,
    /// Everything else: contact cards, chart labels and captions, source lines.
    Label,
}

/// One piece of a line, as resolve made it.
#[derive(Clone, Copy, Debug)]
pub struct Piece<'a> {
    pub leaf: LeafId,
    pub text: &'a str,
    /// The replacement text a screen reader says instead (phone numbers).
    pub spoken: Option<&'a str>,
    pub link: Option<LinkId>,
}

/// A line: pieces read as one element, where it comes from, and how messages name it.
#[derive(Debug)]
pub(crate) struct TextLine<'a> {
    pub kind: LineKind,
    pub pieces: Vec<Piece<'a>>,
    pub origin: &'a Origin,
    pub name: String,
    /// The first piece is a statistic's value, set on its own above the rest.
    pub value_first: bool,
}

impl TextLine<'_> {
    /// The words of the line as a reader meets them: a statistic's value is set apart
    /// from its label, and composing parts the two with a space.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for (index, piece) in self.pieces.iter().enumerate() {
            if index == 1 && self.value_first && !text.ends_with(char::is_whitespace) {
                text.push(' ');
            }
            text.push_str(piece.text);
        }
        text
    }
}

/// Every line of the document in reading order.
pub(crate) fn text_lines(document: &Document) -> Vec<TextLine<'_>> {
    let mut lines = Vec::new();
    for section in &document.sections {
        if let Some(heading) = &section.heading {
            let name = format!("the heading of section \"{}\"", section.id);
            lines.push(line(LineKind::Heading, inline(&heading.text), &heading.origin, name));
        }
        for block in &section.blocks {
            block_lines(block, &mut lines);
        }
    }
    lines
}

fn block_lines<'a>(block: &'a Block, lines: &mut Vec<TextLine<'a>>) {
    let at = |kind, pieces| line(kind, pieces, &block.origin, block.name.clone());
    match &block.content {
        BlockContent::Heading(heading) => lines.push(at(LineKind::Heading, inline(&heading.text))),
        BlockContent::Paragraph(text) => lines.push(at(LineKind::Prose, inline(text))),
        BlockContent::Lines(texts) => lines.extend(texts.iter().map(|text| at(LineKind::Prose, inline(text)))),
        BlockContent::ForceName(text) => lines.push(at(LineKind::Label, inline(text))),
        BlockContent::List(items) => lines.extend(items.iter().map(|item| at(LineKind::Prose, inline(&item.body)))),
        BlockContent::Contacts(cards) => {
            for card in cards {
                let parts = std::iter::once(&card.label).chain(&card.number).chain(&card.note);
                lines.extend(parts.map(|text| at(LineKind::Label, inline(text))));
            }
        }
        BlockContent::Statistic(statistic) => {
            let mut pieces = vec![leaf(&statistic.value)];
            pieces.extend(inline(&statistic.label));
            lines.push(TextLine { value_first: true, ..at(LineKind::Prose, pieces) });
        }
        BlockContent::Chart(chart) => {
            lines.push(at(LineKind::Label, inline(&chart.caption)));
            let headers = chart.label_header.iter().chain(&chart.value_header);
            let cells = chart.rows.iter().flat_map(|row| [&row.label, &row.value_text]);
            lines.extend(headers.chain(cells).map(|cell| at(LineKind::Label, vec![leaf(cell)])));
        }
        BlockContent::SourceList(items) => lines.extend(items.iter().map(|item| at(LineKind::Label, inline(item)))),
        BlockContent::Logo(_, _, name) => lines.push(at(LineKind::Label, inline(name))),
    }
    if let Some(citation) = &block.citation {
        lines.push(at(LineKind::Label, inline(citation)));
    }
}

fn line<'a>(kind: LineKind, pieces: Vec<Piece<'a>>, origin: &'a Origin, name: String) -> TextLine<'a> {
    TextLine { kind, pieces, origin, name, value_first: false }
}

fn inline(inline: &Inline) -> Vec<Piece<'_>> {
    inline
        .runs
        .iter()
        .map(|run| Piece { leaf: run.leaf, text: &run.text, spoken: run.spoken.as_deref(), link: run.link })
        .collect()
}

fn leaf(leaf: &Leaf) -> Piece<'_> {
    Piece { leaf: leaf.id, text: &leaf.text, spoken: None, link: None }
}

/// The text composed for each leaf, as its glyphs draw it (spaces included), in the
/// order it was placed.
pub fn drawn_text(composed: &Composed) -> HashMap<LeafId, String> {
    let mut drawn: HashMap<LeafId, String> = HashMap::new();
    for item in composed.pages.iter().flat_map(|page| &page.items) {
        if let Item::Text(text) = item
            && let Role::Content(leaf) = text.role
        {
            drawn.entry(leaf).or_default().push_str(&text.words());
        }
    }
    drawn
}
