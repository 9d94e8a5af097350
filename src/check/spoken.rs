//! What a screen reader hears. Two rules on the composed document:
//!
//! - `spoken-number`: every phone number and text code is spoken digit by digit. One
//!   printed from a `{placeholder}` carries that spoken form (render writes it as
//!   `/ActualText`); a number typed into the words, or into a link's description, has
//!   none, and a speech engine reads "999" as "nine hundred and ninety-nine".
//! - `run-together`: two pieces of text read one after the other in the same element (a
//!   statistic's value and its label, a placeholder and the word after it) are parted by
//!   a space in the text itself; otherwise text extraction, braille displays and speech
//!   get one word ("23,411potential").

use super::lines::{TextLine, drawn_text, text_lines};
use crate::compose::Composed;
use crate::error::{Diagnostic, Origin, Rule};
use crate::phone::PhoneNumber;
use crate::resolve::Document;

/// Phone numbers without a spoken form, in the words and in link descriptions.
pub(crate) fn spoken_numbers(document: &Document) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for line in text_lines(document) {
        for piece in line.pieces.iter().filter(|piece| piece.spoken.is_none()) {
            if let Some(number) = phone_number_in(piece.text) {
                findings.push(typed_number(&line, &number));
            }
        }
    }
    let content = Origin { file: document.meta.content_file.clone(), line: 1, column: 1 };
    for link in &document.links {
        if let Some(number) = phone_number_in(&link.alt) {
            findings.push(
                Diagnostic::error(format!(
                    "the description of the link to {} (\"{}\") has the number `{number}` in figures; a screen reader reads it as a quantity",
                    link.uri, link.alt
                ))
                .at(&content)
                .hint("a link to a phone number is described with the number digit by digit (\"9 9 9\")")
                .rule(Rule::SpokenNumber),
            );
        }
    }
    findings
}

fn typed_number(line: &TextLine, number: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "{}: `{number}` is a phone number typed into the words; a screen reader would read it as a quantity",
        line.name
    ))
    .at(line.origin)
    .hint("put the number in the region file and write its placeholder, e.g. {contact.non_emergency}; placeholders are printed with a spoken form, digit by digit")
    .rule(Rule::SpokenNumber)
}

/// The first phone number or text code written in figures in `text`: digit groups
/// parted by single spaces that [`PhoneNumber::parse`] accepts ("999", "18001 101",
/// "0800 555 111"). Quantities ("23,411", "1.5", "30%") and years are not numbers to dial.
pub(crate) fn phone_number_in(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        // Not the middle of a figure: "7,101" holds no 101.
        let continues = i > 0
            && (is_part_of_number(chars[i - 1])
                || matches!(chars[i - 1], ',' | '.') && i > 1 && chars[i - 2].is_ascii_digit());
        let starts_token = chars[i].is_ascii_digit() && !continues;
        if !starts_token {
            i += 1;
            continue;
        }
        // Digit groups parted by one space each.
        let mut groups: Vec<String> = Vec::new();
        let mut j = i;
        loop {
            let start = j;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            groups.push(chars[start..j].iter().collect());
            let more = j + 1 < chars.len() && matches!(chars[j], ' ' | '\u{a0}') && chars[j + 1].is_ascii_digit();
            if !more {
                break;
            }
            j += 1;
        }
        // A figure with a separator, decimal point or unit is a quantity, not a number to dial.
        let quantity = j < chars.len()
            && (is_part_of_number(chars[j])
                || matches!(chars[j], ',' | '.') && chars.get(j + 1).is_some_and(char::is_ascii_digit));
        // Digits one by one ("9 9 9") are a number already written to be spoken.
        let spoken = groups.len() > 1 && groups.iter().all(|g| g.len() == 1);
        if !quantity && !spoken {
            for count in (1..=groups.len()).rev() {
                let candidate = groups[..count].join(" ");
                if PhoneNumber::parse(&candidate).is_ok() {
                    return Some(candidate);
                }
            }
        }
        i = j.max(i + 1);
    }
    None
}

/// Characters that continue a figure or a word it is part of ("23,411", "1.5", "A1").
fn is_part_of_number(c: char) -> bool {
    c.is_alphanumeric() || c == '%' || c == '_'
}

/// Brackets and quotation marks that open: the word after one is a word of its own.
const OPENING: [char; 8] = ['(', '[', '{', '\u{201C}', '\u{2018}', '\u{AB}', '\u{2039}', '\u{201E}'];

/// Pieces of one line that would be read as one word.
pub(crate) fn run_together(document: &Document, composed: &Composed) -> Vec<Diagnostic> {
    let drawn = drawn_text(composed);
    let mut findings = Vec::new();
    for line in text_lines(document) {
        for pair in line.pieces.windows(2) {
            let (Some(before), Some(after)) = (drawn.get(&pair[0].leaf), drawn.get(&pair[1].leaf)) else { continue };
            // An opening bracket or quotation mark starts the word after it: "(Relay UK" is
            // read as a word in brackets, whichever piece each half comes from.
            let joined = before.chars().last().is_some_and(|c| !c.is_whitespace() && !OPENING.contains(&c))
                && after.chars().next().is_some_and(char::is_alphanumeric);
            if joined {
                // Up to 20 characters either side of the join, enough to find it.
                let tail: String = before.chars().rev().take(20).collect::<Vec<_>>().into_iter().rev().collect();
                let tail = tail.trim_start();
                let head: String = after.chars().take(20).collect();
                let head = head.trim_end();
                findings.push(
                    Diagnostic::error(format!(
                        "{}: \"{tail}\" and \"{head}\" have no space between them, so they are read as one word (\"{tail}{head}\")",
                        line.name
                    ))
                    .at(line.origin)
                    .hint("put a space between them in the words")
                    .rule(Rule::RunTogether),
                );
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::phone_number_in;

    #[test]
    fn phone_numbers_in_words_are_found() {
        assert_eq!(phone_number_in("In danger? Call 999."), Some("999".into()));
        assert_eq!(phone_number_in("Textphone: 18001 101 for the police"), Some("18001 101".into()));
        assert_eq!(phone_number_in("call 0800 555 111 now"), Some("0800 555 111".into()));
        assert_eq!(phone_number_in("text 61016"), Some("61016".into()));
    }

    #[test]
    fn quantities_years_and_versions_are_not_phone_numbers() {
        for text in [
            "23,411 potential victims",
            "In 2023, about 3 in 4",
            "Version 1.0, November 2026.",
            "100% anonymous",
            "from 2018 to 2025",
            "about 122,000 people",
            "summary-2025",
            "WCMS_854733",
            "7,101 people",
            "Call Relay UK on 1 8 0 0 1, 1 0 1",
        ] {
            assert_eq!(phone_number_in(text), None, "{text}");
        }
    }
}
