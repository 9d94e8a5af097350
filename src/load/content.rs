//! Content definitions (`content/<set>.<lang>.toml`): the words of one product variant in one
//! language, as sections of blocks. Inline markup: `**strong**`, `[label](https://...)`, and
//! `{placeholders}` for region values such as `{contact.non_emergency}`.

use std::collections::HashSet;

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use crate::error::{Result, SourceFile};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Content {
    pub document: DocumentInfo,
    #[serde(rename = "section")]
    pub sections: Vec<Spanned<Section>>,
}

/// What the PDF's metadata says about itself.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentInfo {
    /// The document title, shown by PDF readers instead of the file name.
    pub title: Spanned<String>,
    pub subject: Option<Spanned<String>>,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The edition, printed on the back with the date, e.g. "1.0".
    pub version: String,
    /// The edition date (`2026-11-25`); also the PDF's date unless SOURCE_DATE_EPOCH is set.
    pub date: Spanned<Datetime>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// What layouts use to place the section.
    pub id: String,
    pub heading: Option<Spanned<String>>,
    /// Heading level, 1 to 3; 2 unless given. The cover title is the one level-1 heading.
    pub level: Option<u8>,
    #[serde(default, rename = "block")]
    pub blocks: Vec<Spanned<Block>>,
}

/// One block. Exactly one of `text`, `heading`, `list`, `contacts` or `masthead` says what
/// kind of block it is; the other keys refine it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    /// A paragraph.
    pub text: Option<Spanned<String>>,
    /// A sub-heading (level 3 unless `level` says otherwise).
    pub heading: Option<Spanned<String>>,
    /// A bulleted list, one string per item.
    pub list: Option<Vec<Spanned<String>>>,
    /// Contact cards: each a label, a number placeholder and a note; or `{ local = true }`
    /// for the region's own local lines.
    pub contacts: Option<Vec<Spanned<ContactEntry>>>,
    /// The force's logo, or its name set in type when it has none.
    pub masthead: Option<bool>,

    pub level: Option<u8>,
    /// A layout style name; the block kind's default otherwise.
    pub style: Option<Spanned<String>>,
    /// A pictogram shown beside the block (a file in assets/icons/, without `.svg`).
    pub icon: Option<Spanned<String>>,
    /// What the pictogram means, for screen readers. Required with `icon`.
    pub alt: Option<Spanned<String>>,
}

/// One contact card as content writes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactEntry {
    /// What the line is for, e.g. "Police, non-emergency".
    pub label: Option<Spanned<String>>,
    /// A phone or web placeholder, e.g. `{contact.non_emergency}`.
    pub number: Option<Spanned<String>>,
    /// A short line under the number (hours, "100% anonymous").
    pub note: Option<Spanned<String>>,
    /// Stands for the region's local lines (label, number and hours from the region file).
    #[serde(default)]
    pub local: bool,
    /// Leave the card out when the region has no value for `number` (e.g. no website).
    #[serde(default)]
    pub optional: bool,
}

/// The kind of a block, found from which key it sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Text,
    Heading,
    List,
    Contacts,
    Masthead,
}

impl Block {
    pub const KINDS: &'static str = "text, heading, list, contacts or masthead";

    fn kinds(&self) -> Vec<BlockKind> {
        let mut kinds = Vec::new();
        if self.text.is_some() {
            kinds.push(BlockKind::Text);
        }
        if self.heading.is_some() {
            kinds.push(BlockKind::Heading);
        }
        if self.list.is_some() {
            kinds.push(BlockKind::List);
        }
        if self.contacts.is_some() {
            kinds.push(BlockKind::Contacts);
        }
        if self.masthead == Some(true) {
            kinds.push(BlockKind::Masthead);
        }
        kinds
    }

    /// The block's kind. Call after [`Content`] validation, which proves there is exactly one.
    pub fn kind(&self) -> BlockKind {
        self.kinds().first().copied().unwrap_or(BlockKind::Text)
    }
}

impl Content {
    pub(super) fn validate(&self, file: &SourceFile) -> Result<()> {
        let mut problems = crate::error::Errors::default();
        if self.document.title.get_ref().trim().is_empty() {
            problems.push(
                file.error_at(&self.document.title.span(), "the document title is empty")
                    .key("document.title")
                    .hint("PDF/UA needs a title; readers show it instead of the file name"),
            );
        }
        let mut ids = HashSet::new();
        for (s, section) in self.sections.iter().enumerate() {
            let span = section.span();
            let section = section.get_ref();
            let key = format!("section[{s}]");
            if !ids.insert(section.id.as_str()) {
                problems.push(
                    file.error_at(&span, format!("section id `{}` is used twice", section.id))
                        .key(format!("{key}.id"))
                        .hint("give each section its own id"),
                );
            }
            if let Some(level) = section.level {
                if !(1..=3).contains(&level) {
                    problems.push(
                        file.error_at(&span, format!("heading level {level} is not 1, 2 or 3"))
                            .key(format!("{key}.level")),
                    );
                }
                if section.heading.is_none() {
                    problems.push(
                        file.error_at(&span, "`level` is set but the section has no heading")
                            .key(format!("{key}.level")),
                    );
                }
            }
            for (b, block) in section.blocks.iter().enumerate() {
                let block_key = format!("{key}.block[{b}]");
                let kinds = block.get_ref().kinds();
                match kinds.len() {
                    1 => {}
                    0 => problems.push(
                        file.error_at(&block.span(), "this block says nothing")
                            .key(block_key.clone())
                            .hint(format!("give it one of: {}", Block::KINDS)),
                    ),
                    _ => problems.push(
                        file.error_at(&block.span(), format!("this block is {} kinds at once", kinds.len()))
                            .key(block_key.clone())
                            .hint(format!("a block has exactly one of: {}; split it in two", Block::KINDS)),
                    ),
                }
                let block_span = block.span();
                let block = block.get_ref();
                if let Some(level) = block.level {
                    if block.heading.is_none() || !(2..=3).contains(&level) {
                        problems.push(
                            file.error_at(&block_span, "a block heading's level is 2 or 3")
                                .key(format!("{block_key}.level")),
                        );
                    }
                }
                if let (Some(icon), None) = (&block.icon, &block.alt) {
                    problems.push(
                        file.error_at(&icon.span(), format!("the picture `{}` has no alt text", icon.get_ref()))
                            .key(format!("{block_key}.alt"))
                            .hint("add `alt = \"...\"` saying what the picture shows, for screen-reader users"),
                    );
                }
                if let Some(alt) = &block.alt {
                    if alt.get_ref().trim().is_empty() {
                        problems.push(
                            file.error_at(&alt.span(), "the alt text is empty")
                                .key(format!("{block_key}.alt"))
                                .hint("say in a few words what the picture shows"),
                        );
                    }
                }
                let texts = block.text.iter().chain(&block.heading).chain(block.list.iter().flatten());
                for text in texts {
                    if text.get_ref().trim().is_empty() {
                        problems.push(
                            file.error_at(&text.span(), "this text is empty")
                                .key(block_key.clone())
                                .hint("write the words, or remove the block"),
                        );
                    }
                }
                for (c, entry) in block.contacts.iter().flatten().enumerate() {
                    let e = entry.get_ref();
                    let complete = if e.local {
                        e.label.is_none() && e.number.is_none() && e.note.is_none()
                    } else {
                        e.label.is_some() && e.number.is_some()
                    };
                    if !complete {
                        problems.push(
                            file.error_at(&entry.span(), "a contact has a `label` and a `number` (and may have a `note`), or is `{ local = true }` alone")
                                .key(format!("{block_key}.contacts[{c}]")),
                        );
                    }
                }
                if block.list.as_ref().is_some_and(Vec::is_empty) || block.contacts.as_ref().is_some_and(Vec::is_empty) {
                    problems.push(
                        file.error_at(&block_span, "the list has no items")
                            .key(block_key.clone()),
                    );
                }
            }
        }
        problems.into_result()
    }
}
