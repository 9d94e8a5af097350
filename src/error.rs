//! Errors as values: every problem names where it is (file, line, column, key), what
//! was expected and how to fix it. One printer, [`Diagnostic`]'s `Display`, formats them.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use crate::text_rule::terminal_safe;

/// How serious a finding is: errors stop a build, warnings are reported and the build goes on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Warning,
    Error,
}

/// The rules `handout check` and `handout build` hold documents to, each with the name that
/// reports and `--format json` use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    AltText,
    Contrast,
    DialSize,
    ExactNumber,
    HeadingLevels,
    HeadingNesting,
    ImageResolution,
    Language,
    LongWords,
    MinTypeSize,
    MissingGlyph,
    OneSentencePerLine,
    Overflow,
    PassiveVoice,
    Preflight,
    ReadingEase,
    RunTogether,
    SafeArea,
    SentenceLength,
    /// A figure's edition superseded, or a period given from two editions.
    SourceEdition,
    /// A source printed beside a figure with no list of sources to be in.
    SourceList,
    /// A listed source no figure cites.
    SourceUnused,
    SpokenNumber,
    TextOnTint,
    Title,
    UnexplainedWord,
}

impl Rule {
    /// The rule's name, e.g. `min-type-size`.
    pub fn name(self) -> &'static str {
        match self {
            Rule::AltText => "alt-text",
            Rule::Contrast => "contrast",
            Rule::DialSize => "dial-size",
            Rule::ExactNumber => "exact-number",
            Rule::HeadingLevels => "heading-levels",
            Rule::HeadingNesting => "heading-nesting",
            Rule::ImageResolution => "image-resolution",
            Rule::Language => "language",
            Rule::LongWords => "long-words",
            Rule::MinTypeSize => "min-type-size",
            Rule::MissingGlyph => "missing-glyph",
            Rule::OneSentencePerLine => "one-sentence-per-line",
            Rule::Overflow => "overflow",
            Rule::PassiveVoice => "passive-voice",
            Rule::Preflight => "preflight",
            Rule::ReadingEase => "reading-ease",
            Rule::RunTogether => "run-together",
            Rule::SafeArea => "safe-area",
            Rule::SentenceLength => "sentence-length",
            Rule::SourceEdition => "source-edition",
            Rule::SourceList => "source-list",
            Rule::SourceUnused => "source-unused",
            Rule::SpokenNumber => "spoken-number",
            Rule::TextOnTint => "text-on-tint",
            Rule::Title => "title",
            Rule::UnexplainedWord => "unexplained-word",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A place in a definition file, already turned into a line and column (both 1-based).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    pub file: Arc<str>,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// One problem found in the inputs, the layout, or the composed document.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the user knows it, e.g. `content/leaflet.standard.en-GB.toml`.
    pub file: Option<Arc<str>>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The TOML key or block the problem is about, e.g. `section[2].block[0].text`.
    pub key: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    /// The rule that was broken, for `handout check`.
    pub rule: Option<Rule>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            line: None,
            column: None,
            key: None,
            message: readable(message.into()),
            hint: None,
            rule: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(message) }
    }

    pub(crate) fn in_file(mut self, file: impl Into<Arc<str>>) -> Diagnostic {
        self.file = Some(file.into());
        self
    }

    pub fn at(mut self, origin: &Origin) -> Diagnostic {
        self.file = Some(origin.file.clone());
        self.line = Some(origin.line);
        self.column = Some(origin.column);
        self
    }

    pub fn key(mut self, key: impl Into<String>) -> Diagnostic {
        self.key = Some(key.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(readable(hint.into()));
        self
    }

    pub fn rule(mut self, rule: Rule) -> Diagnostic {
        self.rule = Some(rule);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}")?;
        if let Some(rule) = self.rule {
            write!(f, "[{rule}]")?;
        }
        write!(f, ": ")?;
        // Everything here may hold user text (file names, values): escape what could move
        // the cursor, colour the terminal or reverse the text around it.
        if let Some(file) = &self.file {
            write!(f, "{}", terminal_safe(file))?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(column) = self.column {
                    write!(f, ":{column}")?;
                }
            }
            write!(f, ": ")?;
        }
        if let Some(key) = &self.key {
            write!(f, "{}: ", terminal_safe(key))?;
        }
        write!(f, "{}", terminal_safe(&self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", terminal_safe(hint))?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// The longest value quoted in `backticks` a message shows in full; longer ones are cut in
/// the middle, saying how long they were (a one-million-letter word made a 1 MB message).
pub const QUOTE_LIMIT: usize = 80;
/// The longest message or hint, in characters, after quoted values are cut.
pub const MESSAGE_LIMIT: usize = 1000;

/// `message` with long quoted values cut and the whole cut to [`MESSAGE_LIMIT`].
fn readable(message: String) -> String {
    if message.len() <= QUOTE_LIMIT {
        return message;
    }
    let mut out = String::new();
    for (i, part) in message.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        let length = part.chars().count();
        // Odd parts are inside backticks.
        if i % 2 == 1 && length > QUOTE_LIMIT {
            let head: String = part.chars().take(QUOTE_LIMIT - 20).collect();
            let tail: String = part.chars().skip(length - 10).collect();
            out.push_str(&format!("{head}…{tail} ({length} characters)"));
        } else {
            out.push_str(part);
        }
    }
    if out.chars().count() > MESSAGE_LIMIT {
        let total = out.chars().count();
        out = out.chars().take(MESSAGE_LIMIT).collect();
        out.push_str(&format!("… ({total} characters, cut)"));
    }
    out
}

/// A diagnostic as JSON reports write it (`check --format json`, the manifest's failures).
/// Keys in alphabetical order, as they have always been written.
impl serde::Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Finding<'a> {
            column: Option<usize>,
            file: Option<&'a str>,
            hint: Option<&'a str>,
            key: Option<&'a str>,
            line: Option<usize>,
            message: &'a str,
            rule: Option<&'static str>,
            severity: &'static str,
        }
        Finding {
            column: self.column,
            file: self.file.as_deref(),
            hint: self.hint.as_deref(),
            key: self.key.as_deref(),
            line: self.line,
            message: &self.message,
            rule: self.rule.map(Rule::name),
            severity: match self.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
        }
        .serialize(serializer)
    }
}

/// The most messages shown about one file; the rest are counted in one more message.
pub const MESSAGES_PER_FILE: usize = 20;

/// `findings` with at most [`MESSAGES_PER_FILE`] about any one file (findings without a
/// file count as one more "file"), then, for each file with more, one message counting
/// the rest: a file with 100,000 broken sections gave 21 MB of messages.
pub fn at_most_per_file(findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut shown: std::collections::HashMap<Option<Arc<str>>, (usize, Severity)> = Default::default();
    let mut kept = Vec::new();
    let mut order = Vec::new();
    for finding in findings {
        let entry = shown.entry(finding.file.clone()).or_insert_with(|| {
            order.push(finding.file.clone());
            (0, Severity::Warning)
        });
        entry.0 += 1;
        if entry.0 <= MESSAGES_PER_FILE {
            kept.push(finding);
        } else {
            entry.1 = entry.1.max(finding.severity);
        }
    }
    for file in order {
        let (count, severity) = shown[&file];
        if count > MESSAGES_PER_FILE {
            let rest = count - MESSAGES_PER_FILE;
            let mut note =
                Diagnostic::error(format!("and {rest} more message{} like these", if rest == 1 { "" } else { "s" }))
                    .hint("fix the ones above and run again to see the rest");
            note.severity = severity;
            note.file = file;
            kept.push(note);
        }
    }
    kept
}

/// Why a command failed, which decides the exit status.
#[derive(Debug)]
pub enum Failure {
    /// Bad inputs or failed checks: exit 1.
    Input(Vec<Diagnostic>),
    /// A wrong command line: exit 2.
    Usage(Vec<Diagnostic>),
}

/// One or more diagnostics: what a stage returns when it cannot go on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Errors(pub Vec<Diagnostic>);

impl Errors {
    pub fn one(diagnostic: Diagnostic) -> Errors {
        Errors(vec![diagnostic])
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// `Ok(())` when nothing here is an error (warnings alone do not fail).
    pub(crate) fn into_result(self) -> Result<(), Errors> {
        if self.has_errors() { Err(self) } else { Ok(()) }
    }
}

impl From<Diagnostic> for Errors {
    fn from(diagnostic: Diagnostic) -> Errors {
        Errors::one(diagnostic)
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

pub type Result<T, E = Errors> = std::result::Result<T, E>;

/// The text of one definition file, kept so byte spans can become lines and columns.
#[derive(Debug)]
pub struct SourceFile {
    pub name: Arc<str>,
    pub text: String,
    /// The byte offset where each line starts: every block and run keeps its origin, so
    /// finding a line must not mean counting the newlines before it each time.
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<Arc<str>>, text: String) -> SourceFile {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        SourceFile { name: name.into(), text, line_starts }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub(crate) fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts[line - 1];
        let column = self.text[line_start..offset].chars().count() + 1;
        (line, column)
    }

    pub(crate) fn origin(&self, span: &Range<usize>) -> Origin {
        let (line, column) = self.line_column(span.start);
        Origin { file: self.name.clone(), line, column }
    }

    /// An error located at a span of this file.
    pub(crate) fn error_at(&self, span: &Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message).at(&self.origin(span))
    }

    pub fn start(&self) -> Origin {
        Origin { file: self.name.clone(), line: 1, column: 1 }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_twenty_messages_per_file_then_a_count() {
        let many: Vec<Diagnostic> = (0..25)
            .map(|i| Diagnostic::error(format!("problem {i}")).in_file("a.toml"))
            .chain([Diagnostic::warning("other").in_file("b.toml")])
            .collect();
        let kept = at_most_per_file(many);
        assert_eq!(kept.len(), 22);
        assert_eq!(kept[19].message, "problem 19");
        assert_eq!(kept[20].file.as_deref(), Some("b.toml"));
        assert_eq!(kept[21].message, "and 5 more messages like these");
        assert_eq!((kept[21].file.as_deref(), kept[21].severity), (Some("a.toml"), Severity::Error));
    }

    #[test]
    fn offsets_become_lines_and_columns() {
        let file = SourceFile::new("a.toml", "one\ntwo = 2\n\nfour".to_string());
        assert_eq!(file.line_column(0), (1, 1));
        assert_eq!(file.line_column(4), (2, 1));
        assert_eq!(file.line_column(10), (2, 7));
        assert_eq!(file.line_column(13), (4, 1));
        assert_eq!(file.line_column(999), (4, 5));
        // The newline itself belongs to its line; columns count characters, not bytes.
        assert_eq!(file.line_column(3), (1, 4));
        let file = SourceFile::new("b.toml", "é = 1\nx = \"ü\" ".to_string());
        assert_eq!(file.line_column(3), (1, 3));
        assert_eq!(file.line_column(15), (2, 8));
        assert_eq!(file.line_column(13), (2, 6), "inside a character: its start");
    }

    #[test]
    fn display_names_file_line_key_and_hint() {
        let file = SourceFile::new("content/x.toml", "a = 1\nb = 2\n".to_string());
        let d = file.error_at(&(6..7), "expected a string").key("b").hint("put it in quotes");
        assert_eq!(d.to_string(), "error: content/x.toml:2:1: b: expected a string\n  hint: put it in quotes");
    }
}
