//! Inline markup in content strings: `**strong**`, `[label](https://...)` links and
//! `{placeholder}` region values. Parsing yields pieces; resolving placeholders is the
//! caller's job, so this module knows nothing about regions.

/// One piece of a marked-up string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Text {
        text: String,
        strong: bool,
    },
    Link {
        label: String,
        target: String,
        strong: bool,
    },
    /// `{name}`, with the byte offset of `{` in the source string.
    Placeholder {
        name: String,
        strong: bool,
        offset: usize,
    },
}

/// Split a content string into pieces. Errors carry the byte offset they refer to.
pub fn parse(source: &str) -> Result<Vec<Piece>, (usize, String)> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut strong = false;
    let mut strong_start = 0;
    let mut chars = source.char_indices().peekable();
    let flush = |text: &mut String, pieces: &mut Vec<Piece>, strong: bool| {
        if !text.is_empty() {
            pieces.push(Piece::Text { text: std::mem::take(text), strong });
        }
    };
    while let Some((offset, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, escaped)) => text.push(escaped),
                None => return Err((offset, "a `\\` at the end of the text escapes nothing".to_string())),
            },
            '*' if chars.peek().is_some_and(|&(_, next)| next == '*') => {
                chars.next();
                flush(&mut text, &mut pieces, strong);
                strong = !strong;
                strong_start = offset;
            }
            '{' => {
                let rest = &source[offset + 1..];
                let Some(end) = rest.find('}') else {
                    return Err((offset, "a `{` is never closed with `}`".to_string()));
                };
                let name = rest[..end].trim().to_string();
                flush(&mut text, &mut pieces, strong);
                pieces.push(Piece::Placeholder { name, strong, offset });
                for _ in 0..rest[..=end].chars().count() {
                    chars.next();
                }
            }
            '[' => {
                let rest = &source[offset + 1..];
                let parsed = rest.find("](").and_then(|label_end| {
                    let after = &rest[label_end + 2..];
                    after.find(')').map(|target_end| (label_end, target_end, &after[..target_end]))
                });
                let Some((label_end, target_end, target)) = parsed else {
                    return Err((offset, "a `[` starts a link but is not written `[label](address)`".to_string()));
                };
                flush(&mut text, &mut pieces, strong);
                pieces.push(Piece::Link {
                    label: rest[..label_end].to_string(),
                    target: target.trim().to_string(),
                    strong,
                });
                let consumed = rest[..label_end + 2 + target_end + 1].chars().count();
                for _ in 0..consumed {
                    chars.next();
                }
            }
            // Line breaks and runs of spaces (from multi-line TOML strings) become one space;
            // a no-break space (U+00A0) is kept as written.
            ' ' | '\n' | '\r' | '\t' => {
                if !text.ends_with(' ') {
                    text.push(' ');
                }
            }
            _ => text.push(c),
        }
    }
    if strong {
        return Err((strong_start, "`**` opens bold text that is never closed".to_string()));
    }
    flush(&mut text, &mut pieces, strong);
    trim_ends(&mut pieces);
    Ok(pieces)
}

/// Remove white space at the very start and end of the text.
fn trim_ends(pieces: &mut Vec<Piece>) {
    if let Some(Piece::Text { text, .. }) = pieces.first_mut() {
        *text = text.trim_start_matches(' ').to_string();
    }
    if let Some(Piece::Text { text, .. }) = pieces.last_mut() {
        *text = text.trim_end_matches(' ').to_string();
    }
    pieces.retain(|p| !matches!(p, Piece::Text { text, .. } if text.is_empty()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str, strong: bool) -> Piece {
        Piece::Text { text: t.to_string(), strong }
    }

    #[test]
    fn strong_links_and_placeholders() {
        let pieces = parse("Call **{contact.emergency}** or see [our site](https://a.uk) now").unwrap();
        assert_eq!(
            pieces,
            vec![
                text("Call ", false),
                Piece::Placeholder { name: "contact.emergency".into(), strong: true, offset: 7 },
                text(" or see ", false),
                Piece::Link { label: "our site".into(), target: "https://a.uk".into(), strong: false },
                text(" now", false),
            ]
        );
    }

    #[test]
    fn escapes_and_unicode() {
        assert_eq!(parse("a \\*not bold\\* – ok").unwrap(), vec![text("a *not bold* – ok", false)]);
        assert_eq!(parse("’{x}’").unwrap()[1], Piece::Placeholder { name: "x".into(), strong: false, offset: 3 });
    }

    #[test]
    fn line_breaks_and_space_runs_collapse() {
        assert_eq!(parse("\n  one\n   two  **three**\n").unwrap(), vec![text("one two ", false), text("three", true)]);
        assert_eq!(parse("a\u{a0}b").unwrap(), vec![text("a\u{a0}b", false)]);
    }

    #[test]
    fn unclosed_markup_is_an_error_with_its_offset() {
        assert_eq!(parse("ab **cd").unwrap_err().0, 3);
        assert_eq!(parse("ab {cd").unwrap_err().0, 3);
        assert!(parse("see [here]").is_err());
    }
}
