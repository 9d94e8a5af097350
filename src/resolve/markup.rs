//! Inline markup in content strings: `**strong**`, `[label](https://...)` links,
//! `[words]{lang=en-GB}` words in another language than the document's (a name kept in
//! English inside a Welsh sentence), and `{placeholder}` region values. Parsing yields
//! pieces; resolving placeholders is the caller's job, so this module knows nothing about
//! regions.

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
    /// Words in another language, `[words]{lang=tag}`: tagged with their own language so
    /// a screen reader says them in it. `offset` is the byte offset of `[`, for errors
    /// about the tag.
    Foreign {
        text: String,
        lang: String,
        strong: bool,
        offset: usize,
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
                // `[label](address)` is a link, `[words]{lang=tag}` a language span.
                let rest = &source[offset + 1..];
                let Some(label_end) = rest.find(']') else {
                    return Err((offset, "a `[` is never closed with `]`".to_string()));
                };
                let label = rest[..label_end].to_string();
                let after = &rest[label_end + 1..];
                let (piece, length) = if let Some(target) = after.strip_prefix('(') {
                    let Some(target_end) = target.find(')') else {
                        return Err((offset, "a link's `(address` is never closed with `)`".to_string()));
                    };
                    let piece = Piece::Link { label, target: target[..target_end].trim().to_string(), strong };
                    (piece, label_end + 2 + target_end + 1)
                } else if let Some(attribute) = after.strip_prefix('{') {
                    let Some(attribute_end) = attribute.find('}') else {
                        return Err((offset, "a language span's `{lang=...` is never closed with `}`".to_string()));
                    };
                    let Some(lang) = attribute[..attribute_end].trim().strip_prefix("lang=") else {
                        return Err((
                            offset,
                            "a `[words]{...}` span takes only a language: write `[words]{lang=en-GB}`".to_string(),
                        ));
                    };
                    if label.trim().is_empty() {
                        return Err((offset, "a language span has no words between `[` and `]`".to_string()));
                    }
                    let piece = Piece::Foreign { text: label, lang: lang.trim().to_string(), strong, offset };
                    (piece, label_end + 2 + attribute_end + 1)
                } else {
                    return Err((
                        offset,
                        "a `[` starts a link or a language span but is written neither `[label](address)` nor `[words]{lang=tag}`"
                            .to_string(),
                    ));
                };
                flush(&mut text, &mut pieces, strong);
                pieces.push(piece);
                let consumed = rest[..length].chars().count();
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
    fn language_spans() {
        let pieces = parse("Ffoniwch **[Relay UK]{lang=en-GB}** neu [Migrant Help]{ lang=en }.").unwrap();
        assert_eq!(
            pieces,
            vec![
                text("Ffoniwch ", false),
                Piece::Foreign { text: "Relay UK".into(), lang: "en-GB".into(), strong: true, offset: 11 },
                text(" neu ", false),
                Piece::Foreign { text: "Migrant Help".into(), lang: "en".into(), strong: false, offset: 40 },
                text(".", false),
            ]
        );
        // Parentheses inside a span are words, not a link.
        assert_eq!(
            parse("([Act (Scotland) 2015]{lang=en-GB})").unwrap()[1],
            Piece::Foreign { text: "Act (Scotland) 2015".into(), lang: "en-GB".into(), strong: false, offset: 1 }
        );
        assert!(parse("[x]{style=en}").unwrap_err().1.contains("only a language"));
        assert!(parse("[]{lang=en}").unwrap_err().1.contains("no words"));
        assert_eq!(parse("ab [cd]{lang=en").unwrap_err().0, 3);
    }

    #[test]
    fn unclosed_markup_is_an_error_with_its_offset() {
        assert_eq!(parse("ab **cd").unwrap_err().0, 3);
        assert_eq!(parse("ab {cd").unwrap_err().0, 3);
        assert!(parse("see [here]").is_err());
    }
}
