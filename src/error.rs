//! Errors as values: every problem names where it is (file, line, column, key), what
//! was expected and how to fix it. One printer, [`Diagnostic`]'s `Display`, formats them.

use std::borrow::Cow;
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
    /// A draft translation, not yet reviewed by a qualified translator.
    Translation,
    UnexplainedWord,
    /// English sentences left in a translated content file.
    Untranslated,
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
            Rule::Translation => "translation",
            Rule::UnexplainedWord => "unexplained-word",
            Rule::Untranslated => "untranslated",
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
    /// The line of the file the problem is on, shown under the message with the offending
    /// part underlined. Not part of the JSON reports: they carry line and column.
    pub excerpt: Option<Box<Excerpt>>,
}

/// One line of a definition file and the part of it a diagnostic is about.
#[derive(Clone, Debug, PartialEq)]
pub struct Excerpt {
    /// The line's text, without its line break.
    pub text: String,
    /// The bytes of `text` to underline (at least one character is underlined when the
    /// line has any; an empty range at the end of the line points just past it).
    pub span: Range<usize>,
}

impl Excerpt {
    /// The excerpt of a whole file's text for a byte span, which may run over several
    /// lines: only its first line is shown, underlined to the line's end.
    fn of(text: &str, span: &Range<usize>) -> Excerpt {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[line_start..line_end].trim_end_matches('\r');
        let from = (start - line_start).min(line.len());
        let to = floor_char_boundary(line, span.end.saturating_sub(line_start).clamp(from, line.len()));
        Excerpt { text: line.to_string(), span: from..to }.at_least_one_character()
    }

    /// The excerpt of one line for a 1-based column (in characters), when only the line
    /// and column are known: the underline covers the TOML value or word that starts there.
    pub fn at_column(line: &str, column: usize) -> Excerpt {
        let line = line.trim_end_matches(['\r', '\n']);
        let from = line.char_indices().nth(column.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
        let rest = &line[from..];
        let length = if let Some(quoted) = rest.strip_prefix('"') {
            quoted.find('"').map_or(rest.len(), |end| end + 2)
        } else {
            rest.find([' ', '\t', ',', ']', '}']).unwrap_or(rest.len())
        };
        Excerpt { text: line.to_string(), span: from..from + length }.at_least_one_character()
    }

    fn at_least_one_character(mut self) -> Excerpt {
        if self.span.is_empty()
            && let Some(c) = self.text[self.span.start..].chars().next()
        {
            self.span.end = self.span.start + c.len_utf8();
        }
        self
    }
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
            excerpt: None,
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

impl Diagnostic {
    /// The first line: level, rule, `file:line:col`, key and message, as scripts grep it.
    fn headline(&self) -> String {
        let mut line = String::new();
        if let Some(file) = &self.file {
            // Everything here may hold user text (file names, values): escape what could
            // move the cursor, colour the terminal or reverse the text around it.
            line.push_str(&terminal_safe(file));
            if let Some(number) = self.line {
                line.push_str(&format!(":{number}"));
                if let Some(column) = self.column {
                    line.push_str(&format!(":{column}"));
                }
            }
            line.push_str(": ");
        }
        if let Some(key) = &self.key {
            line.push_str(&format!("{}: ", terminal_safe(key)));
        }
        line.push_str(&terminal_safe(&self.message));
        line
    }

    /// The diagnostic as people read it: the headline, then the offending line of the file
    /// with the part in question underlined, then the hint. `colour` adds terminal colours
    /// (callers decide: a terminal, and no `NO_COLOR`).
    pub fn render(&self, colour: bool) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let headline = self.headline();
        let mut title = level.primary_title(headline.as_str());
        if let Some(rule) = self.rule {
            title = title.id(rule.name());
        }
        let mut group = Group::with_title(title);
        // A line holding a character that could deceive a terminal (the text rule's own
        // errors point at one) is not shown: escaping it would move the underline.
        let excerpt = self.excerpt.as_ref().filter(|e| matches!(terminal_safe(&e.text), Cow::Borrowed(_)));
        if let Some(excerpt) = excerpt {
            group = group.element(
                Snippet::source(excerpt.text.as_str())
                    .line_start(self.line.unwrap_or(1))
                    .annotation(AnnotationKind::Primary.span(excerpt.span.clone())),
            );
        }
        let renderer = if colour { Renderer::styled() } else { Renderer::plain() };
        match (&self.hint, excerpt) {
            (Some(hint), Some(_)) => {
                let hint = terminal_safe(hint);
                group = group.element(Level::HELP.with_name("hint").message(hint.as_ref()));
                renderer.render(&[group])
            }
            // With no line to show, the hint sits under the message as it always has.
            (Some(hint), None) => format!("{}\n  hint: {}", renderer.render(&[group]), terminal_safe(hint)),
            (None, _) => renderer.render(&[group]),
        }
    }

    /// Fill in the excerpt from the file on disk or built in, for a diagnostic that was
    /// made from a line and column rather than a span of a file in hand. `read` returns a
    /// file's text by the name diagnostics use.
    pub fn with_excerpt_from(mut self, read: &dyn Fn(&str) -> Option<String>) -> Diagnostic {
        if self.excerpt.is_none()
            && let (Some(file), Some(number), Some(column)) = (&self.file, self.line, self.column)
            && let Some(text) = read(file)
            && let Some(line) = text.lines().nth(number - 1)
        {
            self.excerpt = Some(Box::new(Excerpt::at_column(line, column)));
        }
        self
    }
}

/// Without colour: what logs, files and tests see.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
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
        let mut diagnostic = Diagnostic::error(message).at(&self.origin(span));
        diagnostic.excerpt = Some(Box::new(Excerpt::of(&self.text, span)));
        diagnostic
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
        assert_eq!(
            d.to_string(),
            "error: content/x.toml:2:1: b: expected a string\n  |\n2 | b = 2\n  | ^\n  |\n  = hint: put it in quotes"
        );
        let without_line = Diagnostic::error("unknown region `kentt`").hint("did you mean `kent`?");
        assert_eq!(without_line.to_string(), "error: unknown region `kentt`\n  hint: did you mean `kent`?");
        assert!(!d.render(false).contains('\u{1b}'), "no colour unless asked");
        assert!(d.render(true).contains('\u{1b}'), "colour when asked");
    }

    #[test]
    fn an_excerpt_underlines_a_quoted_value_or_a_word() {
        let e = Excerpt::at_column("size_pt = \"14\" # big", 11);
        assert_eq!(&e.text[e.span.clone()], "\"14\"");
        let e = Excerpt::at_column("colour = inc", 10);
        assert_eq!(&e.text[e.span.clone()], "inc");
        let e = Excerpt::of("a = 1\nb = \"x\ny\"\n", &(10..15));
        assert_eq!((e.text.as_str(), &e.text[e.span.clone()]), ("b = \"x", "\"x"), "a span over two lines: its first");
    }
}
