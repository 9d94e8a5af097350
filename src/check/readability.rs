//! Plain-language measures for Easy Read: sentence length, Flesch reading ease, long
//! words, and possible passive voice. Phone numbers and web addresses count as one short
//! word each (they are read as a unit); headings, contact cards, source lines and the
//! sources list are not prose and are not scored. And the rules about Easy Read lines:
//! one sentence a line, every listed hard word explained where it first appears, large
//! figures rounded.

use super::lines::{LineKind, TextLine, text_lines};
use crate::error::{Diagnostic, Origin, Rule};
use crate::resolve::{Block, BlockContent, Document, Inline, Wrap};

/// Words and sentences of the prose, and the Flesch scores.
#[derive(Clone, Debug, PartialEq)]
pub struct Readability {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
    /// Flesch reading ease: 206.835 - 1.015 (words/sentences) - 84.6 (syllables/words).
    pub reading_ease: f64,
}

/// One sentence of prose and the block it is in.
pub struct Sentence<'a> {
    pub text: String,
    pub block: &'a Block,
}

/// The prose of a document, sentence by sentence, in reading order.
pub fn sentences(document: &Document) -> Vec<Sentence<'_>> {
    let mut out = Vec::new();
    for block in document.sections.iter().flat_map(|s| &s.blocks) {
        let texts: Vec<String> = match &block.content {
            BlockContent::Paragraph(inline) => vec![prose(inline)],
            BlockContent::Lines(lines) => lines.iter().map(prose).collect(),
            BlockContent::List(items) => items.iter().map(|i| prose(&i.body)).collect(),
            BlockContent::Statistic(s) => vec![format!("{} {}", s.value.text, prose(&s.label))],
            _ => Vec::new(),
        };
        for text in texts {
            out.extend(split_sentences(&text).into_iter().map(|text| Sentence { text, block }));
        }
    }
    out
}

/// The words of an inline text, with each number or address replaced by one word.
fn prose(inline: &Inline) -> String {
    inline
        .runs
        .iter()
        .map(|run| if run.link.is_some() && run.wrap != Wrap::Words { "number" } else { run.text.as_str() })
        .collect()
}

/// Split at `.`, `!` or `?` followed by a space or the end (so "1.0" stays whole).
pub fn split_sentences(text: &str) -> Vec<String> {
    let mut sentences = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        if matches!(c, '.' | '!' | '?') && chars.peek().is_none_or(|n| n.is_whitespace()) {
            if count_words(&current) > 0 {
                sentences.push(current.trim().to_string());
            }
            current.clear();
        }
    }
    if count_words(&current) > 0 {
        sentences.push(current.trim().to_string());
    }
    sentences
}

pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric))
}

pub fn count_words(text: &str) -> usize {
    words(text).count()
}

/// Syllables by vowel groups, with a silent final "e"; a number is one syllable.
pub(crate) fn syllables(word: &str) -> usize {
    let letters: String = word.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect();
    if letters.is_empty() {
        return 1;
    }
    let vowel = |c: char| "aeiouy".contains(c);
    let mut count = 0;
    let mut previous = false;
    for c in letters.chars() {
        let is_vowel = vowel(c);
        if is_vowel && !previous {
            count += 1;
        }
        previous = is_vowel;
    }
    if letters.ends_with('e') && !letters.ends_with("le") && count > 1 {
        count -= 1;
    }
    count.max(1)
}

pub fn measure<'a>(sentences: impl IntoIterator<Item = &'a str>) -> Readability {
    let sentences: Vec<&str> = sentences.into_iter().collect();
    let words: Vec<&str> = sentences.iter().flat_map(|s| words(s)).collect();
    let (w, s) = (words.len().max(1), sentences.len().max(1));
    let syllables: usize = words.iter().map(|w| syllables(w)).sum();
    let (wps, spw) = (w as f64 / s as f64, syllables as f64 / w as f64);
    Readability {
        words: words.len(),
        sentences: sentences.len(),
        syllables,
        reading_ease: 206.835 - 1.015 * wps - 84.6 * spw,
    }
}

/// Forms of "to be" and past participles that do not end in -ed.
const BE: [&str; 8] = ["am", "is", "are", "was", "were", "be", "been", "being"];
const IRREGULAR: [&str; 24] = [
    "made", "given", "taken", "held", "kept", "sold", "told", "found", "shown", "seen", "done", "paid", "brought",
    "caught", "hurt", "put", "sent", "set", "known", "moved", "born", "hidden", "beaten", "bought",
];

/// A possible passive: a form of "be", maybe "not", then a past participle. A heuristic
/// that flags phrases for a person to look at; it never fails a build.
pub(crate) fn passive_phrase(sentence: &str) -> Option<String> {
    let words: Vec<String> =
        words(sentence).map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()).collect();
    for (i, word) in words.iter().enumerate() {
        if !BE.contains(&word.as_str()) {
            continue;
        }
        let mut j = i + 1;
        if words.get(j).is_some_and(|w| w == "not") {
            j += 1;
        }
        let Some(next) = words.get(j) else { continue };
        let participle = (next.ends_with("ed") && next.len() > 4) || IRREGULAR.contains(&next.as_str());
        if participle {
            return Some(words[i..=j].join(" "));
        }
    }
    None
}

/// English words that are not words of the other languages handout is written in (so not
/// "a", "to", "do", "on" or "are", which are Welsh, Polish or Romanian words too).
const ENGLISH_FUNCTION_WORDS: [&str; 20] = [
    "the", "and", "you", "your", "is", "of", "for", "not", "with", "they", "their", "can", "if", "this", "that", "who",
    "what", "how", "when", "be",
];

/// Sentences of a document in another language that read as English: at least two English
/// function words, and at least a quarter of the sentence's words. A name kept in
/// English ("The Salvation Army") has one at most.
pub(crate) fn untranslated(document: &Document) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for sentence in sentences(document) {
        let words: Vec<String> =
            words(&sentence.text).map(|w| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase()).collect();
        let english = words.iter().filter(|w| ENGLISH_FUNCTION_WORDS.contains(&w.as_str())).count();
        if english >= 2 && english * 4 >= words.len() {
            findings.push(
                Diagnostic::warning(format!(
                    "{}: this sentence looks untranslated (English in a `{}` document): \"{}\"",
                    sentence.block.name, document.meta.lang, sentence.text
                ))
                .at(&sentence.block.origin)
                .hint("translate it; if the words come from a region file, they are the force's own")
                .rule(Rule::Untranslated),
            );
        }
    }
    findings
}

/// The Easy Read rules: every sentence at most 15 words (error), reading ease at least 70
/// (error), words of 5 or more syllables (warning), possible passive voice (warning).
/// Sentence length holds for any language; the other three measure English (Flesch's
/// formula, English syllables, forms of "be") and run only on English documents.
pub fn easy_read(document: &Document) -> (Readability, Vec<Diagnostic>) {
    let english = document.meta.is_english();
    const MAX_WORDS: usize = 15;
    const MIN_EASE: f64 = 70.0;
    let sentences = sentences(document);
    let readability = measure(sentences.iter().map(|s| s.text.as_str()));
    let mut findings = Vec::new();
    let mut long_words: Vec<String> = Vec::new();
    for sentence in &sentences {
        let count = count_words(&sentence.text);
        if count > MAX_WORDS {
            findings.push(
                Diagnostic::error(format!(
                    "{}: a sentence has {count} words (Easy Read: at most {MAX_WORDS}): \"{}\"",
                    sentence.block.name, sentence.text
                ))
                .at(&sentence.block.origin)
                .hint("split it into two sentences, one idea each")
                .rule(Rule::SentenceLength),
            );
        }
        if !english {
            continue;
        }
        for (position, word) in words(&sentence.text).enumerate() {
            let bare = word.trim_matches(|c: char| !c.is_alphabetic());
            // A capital inside a sentence marks a name ("Constabulary", "Crimestoppers"):
            // names are not everyday words a writer can swap for shorter ones.
            let is_name = position > 0 && bare.chars().next().is_some_and(char::is_uppercase);
            if !is_name && syllables(bare) >= 5 && !long_words.iter().any(|w| w.eq_ignore_ascii_case(bare)) {
                long_words.push(bare.to_string());
                findings.push(
                    Diagnostic::warning(format!(
                        "{}: \"{bare}\" has {} syllables",
                        sentence.block.name,
                        syllables(bare)
                    ))
                    .at(&sentence.block.origin)
                    .hint("use a shorter everyday word, or explain this one in the next sentence")
                    .rule(Rule::LongWords),
                );
            }
        }
        if let Some(phrase) = passive_phrase(&sentence.text) {
            findings.push(
                Diagnostic::warning(format!("{}: possible passive voice, \"{phrase}\"", sentence.block.name))
                    .at(&sentence.block.origin)
                    .hint("say who does what (active voice), where that reads better")
                    .rule(Rule::PassiveVoice),
            );
        }
    }
    if english && readability.reading_ease < MIN_EASE {
        let content = Origin { file: document.meta.content_file.clone(), line: 1, column: 1 };
        findings.push(
            Diagnostic::error(format!(
                "the Flesch reading ease is {:.1}; Easy Read needs at least {MIN_EASE}",
                readability.reading_ease
            ))
            .at(&content)
            .hint("use shorter sentences and shorter, everyday words")
            .rule(Rule::ReadingEase),
        );
    }
    (readability, findings)
}

/// The rules about Easy Read lines (a line is a paragraph, one of a block's `lines`, a
/// list item or a statistic with its label):
/// - `one-sentence-per-line`: a line holds one sentence;
/// - `unexplained-word`: each word of the content's `[words] explain` list is explained
///   where it first appears (headings, cards and sources included), in that line or the
///   next, by a sentence saying "<word> means ..."; the list itself is required;
/// - `exact-number`: no large figure is given exactly ("23,411"): two significant
///   figures, in words a reader can hold ("more than 23,000").
pub(crate) fn easy_read_lines(document: &Document) -> Vec<Diagnostic> {
    let lines = text_lines(document);
    let mut findings = Vec::new();
    for line in lines.iter().filter(|line| line.kind == LineKind::Prose) {
        let text = line.text();
        let sentences = split_sentences(&text);
        if sentences.len() > 1 {
            findings.push(
                Diagnostic::error(format!("{}: {} sentences share one line: \"{}\"", line.name, sentences.len(), text.trim()))
                    .at(line.origin)
                    .hint("Easy Read sets one sentence a line: give each its own line (`lines = [...]` keeps them beside one picture)")
                    .rule(Rule::OneSentencePerLine),
            );
        }
        if let Some(figure) = exact_figure(&text) {
            findings.push(
                Diagnostic::error(format!(
                    "{}: `{figure}` is a large number given exactly; Easy Read rounds it so a reader can hold it",
                    line.name
                ))
                .at(line.origin)
                .hint("round it in the words (\"more than 23,000\"), or give the statistic `rounded = true`")
                .rule(Rule::ExactNumber),
            );
        }
    }
    findings.extend(unexplained_words(document, &lines));
    findings
}

/// Words of the glossary list not explained where they first appear.
fn unexplained_words(document: &Document, lines: &[TextLine]) -> Vec<Diagnostic> {
    let glossary = &document.glossary;
    if glossary.words.is_empty() {
        let content = Origin { file: document.meta.content_file.clone(), line: 1, column: 1 };
        return vec![
            Diagnostic::error("the Easy Read content lists no words that need explaining")
                .at(&content)
                .key("words.explain")
                .hint("list the hard words the document uses, e.g. explain = [\"exploitation\", \"debt\"]; each must be explained where it first appears")
                .rule(Rule::UnexplainedWord),
        ];
    }
    let texts: Vec<String> = lines.iter().map(TextLine::text).collect();
    let mut findings = Vec::new();
    for word in &glossary.words {
        let Some(first) = texts.iter().position(|text| !occurrences(text, word).is_empty()) else { continue };
        let explained = texts[first..].iter().take(2).any(|text| explains(text, word, &glossary.means));
        if !explained {
            let line = &lines[first];
            findings.push(
                Diagnostic::error(format!(
                    "{}: \"{word}\" first appears here (\"{}\") and is not explained in this line or the next",
                    line.name,
                    texts[first].trim()
                ))
                .at(line.origin)
                .hint(format!(
                    "follow it with a line saying \"{word} {} ...\", or use an everyday word instead ([words] explain lists the words that need explaining)",
                    glossary.means
                ))
                .rule(Rule::UnexplainedWord),
            );
        }
    }
    findings
}

/// Where `word` (or its plural) stands as a whole word in `text`, ignoring case: the
/// byte offset just after each occurrence.
fn occurrences(text: &str, word: &str) -> Vec<usize> {
    let (text, word) = (text.to_lowercase(), word.to_lowercase());
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    let mut found = Vec::new();
    for (start, _) in text.match_indices(&word) {
        if !boundary(text[..start].chars().next_back()) {
            continue;
        }
        let mut end = start + word.len();
        if text[end..].starts_with('s') && boundary(text[end + 1..].chars().next()) {
            end += 1;
        }
        if boundary(text[end..].chars().next()) {
            found.push(end);
        }
    }
    found
}

/// `text` (the words as read, markup gone) explains `word`: "<word> means ...".
fn explains(text: &str, word: &str, means: &str) -> bool {
    let lower = text.to_lowercase();
    let means = format!(" {} ", means.to_lowercase());
    occurrences(text, word).into_iter().any(|end| lower[end..].starts_with(&means))
}

/// The first figure of a thousand or more written with more than two significant
/// figures: "23,411", "122,500". Years and other figures without a separator are left.
fn exact_figure(text: &str) -> Option<String> {
    for token in text.split(|c: char| !(c.is_ascii_digit() || c == ',')) {
        let token = token.trim_matches(',');
        let grouped = token.contains(',')
            && token.split(',').skip(1).all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()));
        if !grouped {
            continue;
        }
        let digits: String = token.chars().filter(char::is_ascii_digit).collect();
        if digits.trim_end_matches('0').len() > 2 {
            return Some(token.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_of_common_words() {
        for (word, expected) in [
            ("police", 2),
            ("help", 1),
            ("exploitation", 4),
            ("trafficking", 3),
            ("people", 2),
            ("anonymous", 4),
            ("communication", 5),
            ("23,411", 1),
            ("the", 1),
        ] {
            assert_eq!(syllables(word), expected, "{word}");
        }
    }

    #[test]
    fn sentences_split_at_full_stops_but_not_decimals() {
        assert_eq!(
            split_sentences("Version 1.0, November 2026. Call 999! Is it safe?"),
            ["Version 1.0, November 2026.", "Call 999!", "Is it safe?"]
        );
        assert_eq!(split_sentences("No full stop at the end"), ["No full stop at the end"]);
        assert_eq!(count_words("In danger now? Call 999."), 5);
    }

    #[test]
    fn flesch_reading_ease_of_known_text() {
        // 2 sentences, 10 words, 10 syllables: 206.835 - 1.015 * 5 - 84.6 * 1 = 117.16.
        let r = measure(["The cat sat on the mat.", "The dog ran to me."]);
        assert_eq!((r.sentences, r.words, r.syllables), (2, 11, 11));
        assert!((r.reading_ease - (206.835 - 1.015 * 5.5 - 84.6)).abs() < 1e-9);
        // Long words and long sentences score lower.
        let hard = measure([
            "Exploitation necessitates considerable organisational sophistication and administrative coordination.",
        ]);
        assert!(hard.reading_ease < 0.0, "{}", hard.reading_ease);
    }

    #[test]
    fn hard_words_are_found_whole_and_explained_by_means() {
        assert_eq!(occurrences("Traffickers take victims away.", "victim").len(), 1);
        assert!(occurrences("Exploitation is a crime.", "exploit").is_empty());
        assert_eq!(occurrences("NRM means National Referral Mechanism.", "NRM").len(), 1);
        assert!(explains("Kidnap means taking a person away by force.", "kidnap", "means"));
        assert!(explains("A debt means money you owe.", "debt", "means"));
        assert!(!explains("Traffickers may kidnap the person.", "kidnap", "means"));
        assert!(!explains("It means a debt.", "debt", "means"));
    }

    #[test]
    fn large_exact_figures_are_found() {
        assert_eq!(exact_figure("23,411 times in 2025"), Some("23,411".into()));
        assert_eq!(exact_figure("about 122,500 people"), Some("122,500".into()));
        assert_eq!(exact_figure("more than 23,000 times in 2025"), None);
        assert_eq!(exact_figure("nearly 7,000 times, about 3 in 4"), None);
        assert_eq!(exact_figure("In 2023, 30% of them"), None);
    }

    #[test]
    fn passive_voice_is_flagged_as_a_phrase() {
        assert_eq!(passive_phrase("People were referred for help."), Some("were referred".to_string()));
        assert_eq!(passive_phrase("Some people are forced to work."), Some("are forced".to_string()));
        assert_eq!(passive_phrase("The person is not paid."), Some("is not paid".to_string()));
        assert_eq!(passive_phrase("Call the police if you are worried."), Some("are worried".to_string()));
        assert_eq!(passive_phrase("The person is not free to leave."), None);
        assert_eq!(passive_phrase("Traffickers force people to work."), None);
    }
}
