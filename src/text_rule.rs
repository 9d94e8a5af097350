//! The one rule for text a user gives the tool (content, region values, alt text, keys,
//! ids taken from file names): no character that changes how the text around it is shown
//! without being seen itself. Bidirectional embeddings, overrides and isolates can make
//! "Kent \u{202e}ecilop\u{202c} Police" print as "Kent police Police"; zero-width
//! characters hide words from search and from screen readers; control characters (TAB
//! included) are not text at all, and PDF/UA refuses some of them.
//!
//! The rule runs where definitions are parsed ([`crate::load`]'s TOML reader), so `check`
//! and `build` cannot disagree. The engine may still insert bidi isolates of its own (for
//! example around phone numbers in right-to-left text): the rule is for user text only.
//!
//! A joiner is allowed where a language's spelling needs one: ZERO WIDTH NON-JOINER and
//! ZERO WIDTH JOINER in the languages of [`JOINER_LANGUAGES`] (Persian, Arabic, Urdu,
//! Kurdish, Pashto, and the Indic languages that use them in conjuncts).
//! [`terminal_safe`] escapes the same characters in anything printed to a terminal.

use std::fmt::Write as _;

/// Languages (primary subtag of a BCP 47 tag) whose writing uses ZWNJ and ZWJ as part of
/// correct spelling: Persian, Arabic, Urdu, Pashto, Kurdish (Sorani), Sindhi, and Hindi,
/// Marathi, Nepali, Bengali, Gujarati, Punjabi, Tamil, Telugu, Kannada, Malayalam, Sinhala.
pub const JOINER_LANGUAGES: [&str; 18] =
    ["fa", "ar", "ur", "ps", "ckb", "ku", "sd", "hi", "mr", "ne", "bn", "gu", "pa", "ta", "te", "kn", "ml", "si"];

/// Which text is being checked: the language it is written in, when the file says.
#[derive(Clone, Copy, Debug, Default)]
pub struct TextRule<'a> {
    pub language: Option<&'a str>,
}

impl TextRule<'_> {
    /// Does this rule allow joiners (ZWNJ, ZWJ)?
    fn allows_joiners(&self) -> bool {
        let Some(language) = self.language else { return false };
        let primary = language.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        JOINER_LANGUAGES.contains(&primary.as_str())
    }

    /// The first character of `text` the rule refuses: its byte offset, the character and
    /// what it is. A line break is allowed (multi-line strings); other controls are not.
    pub fn first_refused(&self, text: &str) -> Option<(usize, char, &'static str)> {
        text.char_indices().find_map(|(at, c)| {
            if c == '\n' || (c == '\r' && text[at + 1..].starts_with('\n')) {
                return None;
            }
            let what = deceptive(c)?;
            if self.allows_joiners() && matches!(c, '\u{200C}' | '\u{200D}') {
                return None;
            }
            Some((at, c, what))
        })
    }
}

/// What `c` is, if it is a character the rule refuses.
pub fn deceptive(c: char) -> Option<&'static str> {
    Some(match c {
        '\t' => "a TAB (control character)",
        '\u{0}'..='\u{1F}' | '\u{7F}' => "a control character",
        '\u{80}'..='\u{9F}' => "a C1 control character",
        '\u{202A}'..='\u{202E}' => "a bidirectional embedding or override control",
        '\u{2066}'..='\u{2069}' => "a bidirectional isolate control",
        '\u{200E}' | '\u{200F}' | '\u{061C}' => "an invisible direction mark",
        '\u{200B}' => "ZERO WIDTH SPACE (invisible)",
        '\u{200C}' => "ZERO WIDTH NON-JOINER (invisible; allowed only in languages that need it)",
        '\u{200D}' => "ZERO WIDTH JOINER (invisible; allowed only in languages that need it)",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE / byte order mark (invisible)",
        '\u{2028}' | '\u{2029}' => "a line or paragraph separator",
        '\u{00AD}' | '\u{034F}' | '\u{180E}' | '\u{2060}'..='\u{2064}' | '\u{206A}'..='\u{206F}' => {
            "an invisible formatting character"
        }
        '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' => "an invisible filler character",
        '\u{FFF9}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}' => "an invisible formatting character",
        _ => return None,
    })
}

/// A code point as people write it: `U+202E`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// `text` with every character the rule refuses written as `\u{...}`, so that printing it
/// to a terminal cannot move the cursor, change colours or reverse the text around it.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c != '\n' && deceptive(c).is_some();
    if !text.contains(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{{{:04x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Is `id` a valid region id (and file name part): 1 to 60 lower-case ASCII letters,
/// digits and hyphens, not starting or ending with a hyphen?
pub fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 60
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_overrides_controls_and_invisibles() {
        let rule = TextRule::default();
        assert_eq!(rule.first_refused("Kent \u{202e}ecilop\u{202c} Police").map(|r| r.1), Some('\u{202e}'));
        for c in ['\t', '\u{b}', '\u{85}', '\u{200b}', '\u{200d}', '\u{feff}', '\u{2066}'] {
            let text = format!("a{c}b");
            assert_eq!(rule.first_refused(&text), Some((1, c, deceptive(c).unwrap())), "{c:?}");
        }
        assert_eq!(rule.first_refused("Kent Police\nline two\r\n"), None);
        assert_eq!(rule.first_refused("Café – “quoted” £5"), None);
    }

    #[test]
    fn joiners_only_where_the_language_needs_them() {
        let persian = "می\u{200C}خواهم";
        assert!(TextRule { language: Some("fa") }.first_refused(persian).is_none());
        assert!(TextRule { language: Some("fa-IR") }.first_refused(persian).is_none());
        assert!(TextRule { language: Some("en-GB") }.first_refused(persian).is_some());
        assert!(TextRule::default().first_refused(persian).is_some());
        // A joiner allowance is not an override allowance.
        assert!(TextRule { language: Some("ar") }.first_refused("a\u{202e}b").is_some());
    }

    #[test]
    fn terminal_text_is_escaped() {
        assert_eq!(terminal_safe("a\u{1b}[31mb\u{202e}"), "a\\u{001b}[31mb\\u{202e}");
        assert_eq!(terminal_safe("plain"), "plain");
    }

    #[test]
    fn ids() {
        assert!(is_id("avon-and-somerset"));
        assert!(!is_id("Kent"));
        assert!(!is_id("kent\u{1b}"));
        assert!(!is_id(""));
    }
}
