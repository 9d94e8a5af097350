//! Parsing one TOML file into a typed struct, turning every serde/TOML error into a
//! [`Diagnostic`] with file, line, column, the key path and a hint.

use std::sync::Arc;

use serde::de::DeserializeOwned;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::{Diagnostic, Errors, Result, SourceFile};
use crate::text_rule::{TextRule, code_point};

/// A parsed definition together with the text it came from (for locating later errors).
#[derive(Debug)]
pub struct Loaded<T> {
    pub file: Arc<SourceFile>,
    pub value: T,
}

/// Parse `source` as a `T`. Unknown keys, missing keys and wrong types are errors that name
/// the key, because every definition struct denies unknown fields.
pub(crate) fn parse_toml<T: DeserializeOwned>(source: SourceFile) -> Result<Loaded<T>> {
    parse_toml_with(source, TextRule::default())
}

/// Parse `source` as a `T`, holding every key and string value to the text `rule` first
/// (see [`crate::text_rule`]): this is the one place user text enters the tool.
pub(crate) fn parse_toml_with<T: DeserializeOwned>(source: SourceFile, rule: TextRule) -> Result<Loaded<T>> {
    let file = Arc::new(source);
    let table = match DeTable::parse(&file.text) {
        Ok(table) => table,
        Err(e) => return Err(syntax_error(&file, &e).into()),
    };
    let mut refused = Errors::default();
    text_rule_in_table(&file, rule, table.get_ref(), "", &mut refused);
    if !refused.is_empty() {
        return Err(refused);
    }
    let first = toml::de::Deserializer::from(table);
    // Most files are right: read them without tracking the key path, which costs a third
    // of the time, and read a file again with tracking only to say where it is wrong.
    if let Ok(value) = T::deserialize(first) {
        return Ok(Loaded { file, value });
    }
    let again = toml::de::Deserializer::parse(&file.text).map_err(|e| syntax_error(&file, &e))?;
    match serde_path_to_error::deserialize::<_, T>(again) {
        Ok(value) => Ok(Loaded { file, value }),
        // serde's path goes through the private field of `Spanned` values; users never see it.
        Err(e) => {
            let path = e.path().to_string().replace(".$__serde_spanned_private_value", "");
            Err(structure_error(&file, path, e.inner()).into())
        }
    }
}

/// What [`parse_toml_tolerant`] could read of a file, and every problem it found.
pub(crate) struct Tolerant<T> {
    pub file: Arc<SourceFile>,
    /// The file without the values that were wrong; `None` after a syntax error.
    pub value: Option<T>,
    pub problems: Errors,
}

/// Parse `source` as a `T`, reporting every mistake at once rather than the first: all
/// syntax errors (the parser recovers and goes on), or else every key that is unknown, of
/// the wrong type or missing. Each wrong value is reported, taken out and the rest read
/// again, so what comes back is the file without its wrong values, ready for the checks
/// of meaning to run on the rest. A table left without a required key by a value taken
/// out is dropped without a second message.
pub(crate) fn parse_toml_tolerant<T: DeserializeOwned>(source: SourceFile) -> Tolerant<T> {
    let file = Arc::new(source);
    let (mut table, syntax) = DeTable::parse_recoverable(&file.text);
    if !syntax.is_empty() {
        let problems = Errors(syntax.iter().map(|e| syntax_error(&file, e)).collect());
        return Tolerant { file: file.clone(), value: None, problems };
    }
    let mut problems = Errors::default();
    text_rule_in_table(&file, TextRule::default(), table.get_ref(), "", &mut problems);
    let mut removed = Removed::default();
    for refused in &problems.0 {
        if let Some(key) = &refused.key {
            removed.remove(table.get_mut(), key);
        }
    }
    // Each round takes one value out; a file has far fewer keys than this.
    for _ in 0..200 {
        let again = toml::de::Deserializer::from(table.clone());
        let error = match serde_path_to_error::deserialize::<_, T>(again) {
            Ok(value) => return Tolerant { file: file.clone(), value: Some(value), problems },
            Err(e) => e,
        };
        let path = error.path().to_string().replace(".$__serde_spanned_private_value", "");
        let path = if path == "." { String::new() } else { path };
        let message = error.inner().message();
        let missing = message.starts_with("missing field");
        // What to take out: the unknown key itself; the whole table a required key is
        // missing from; otherwise the value of the wrong type or name.
        let target = match between(message, "unknown field `", "`") {
            Some(field) if !path.ends_with(field) => join_key(&path, field),
            _ => path.clone(),
        };
        // A table whose required key was taken out in an earlier round is not a new mistake.
        if !(missing && removed.emptied(&path)) {
            problems.push(structure_error(&file, removed.original(&path), error.inner()));
        }
        if target.is_empty() || !removed.remove(table.get_mut(), &target) {
            break;
        }
    }
    Tolerant { file: file.clone(), value: None, problems }
}

/// The values a tolerant parse took out, to say later keys in the file's own numbering
/// (`contact.local[2]` stays `[2]` after `[1]` is taken out).
#[derive(Default)]
struct Removed {
    /// Paths as written in the file.
    paths: Vec<String>,
    /// For each list, the original indices of the items taken out.
    items: Vec<(String, usize)>,
}

impl Removed {
    /// `path` (in this round's numbering) in the file's numbering.
    fn original(&self, path: &str) -> String {
        let mut out = String::new();
        let mut rest = path;
        while let Some(open) = rest.find('[') {
            let Some(close) = rest[open..].find(']').map(|c| open + c) else { break };
            out.push_str(&rest[..open]);
            let Ok(mut index) = rest[open + 1..close].parse::<usize>() else {
                out.push_str(&rest[open..=close]);
                rest = &rest[close + 1..];
                continue;
            };
            let mut gone: Vec<usize> = self.items.iter().filter(|(list, _)| *list == out).map(|(_, i)| *i).collect();
            gone.sort_unstable();
            for taken in gone {
                if taken <= index {
                    index += 1;
                }
            }
            out.push_str(&format!("[{index}]"));
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// Whether a value inside `path` (this round's numbering) was taken out before.
    fn emptied(&self, path: &str) -> bool {
        let path = self.original(path);
        let inner =
            |p: &String| path.is_empty() || p.starts_with(&format!("{path}.")) || p.starts_with(&format!("{path}["));
        self.paths.iter().any(inner)
    }

    /// Take the value at `path` (this round's numbering) out of `table`; false if there is
    /// no such value.
    fn remove(&mut self, table: &mut DeTable, path: &str) -> bool {
        let original = self.original(path);
        let mut segments: Vec<(&str, Vec<usize>)> = Vec::new();
        for part in path.split('.') {
            let (name, indices) = part.split_once('[').map_or((part, ""), |(n, i)| (n, i));
            let indices: Vec<usize> = indices.split('[').filter_map(|i| i.trim_end_matches(']').parse().ok()).collect();
            segments.push((name, indices));
        }
        let Some(((last_name, last_indices), parents)) = segments.split_last() else { return false };
        let mut current = table;
        for (name, indices) in parents {
            let Some(value) = find(current, name).and_then(|v| item_at(v.get_mut(), indices)) else { return false };
            let DeValue::Table(inner) = value else { return false };
            current = inner;
        }
        let done = match last_indices.split_last() {
            None => {
                let key = current.iter().map(|(key, _)| key).find(|key| key.get_ref() == last_name).cloned();
                key.is_some_and(|key| current.remove(&key).is_some())
            }
            Some((last, outer)) => {
                let Some(value) = find(current, last_name).and_then(|v| item_at(v.get_mut(), outer)) else {
                    return false;
                };
                match value {
                    DeValue::Array(items) if *last < items.len() => {
                        // A TOML list cannot drop an item in place: keep the others.
                        let mut kept = toml::de::DeArray::new();
                        for (i, item) in items.iter().enumerate() {
                            if i != *last {
                                kept.push(item.clone());
                            }
                        }
                        *items = kept;
                        let list = original.rsplit_once('[').map_or(String::new(), |(list, _)| list.to_string());
                        let index = original
                            .rsplit_once('[')
                            .and_then(|(_, i)| i.trim_end_matches(']').parse().ok())
                            .unwrap_or(*last);
                        self.items.push((list, index));
                        true
                    }
                    _ => false,
                }
            }
        };
        if done {
            self.paths.push(original);
        }
        done
    }
}

fn find<'t, 'i>(table: &'t mut DeTable<'i>, name: &str) -> Option<&'t mut Spanned<DeValue<'i>>> {
    table.iter_mut().find(|(key, _)| key.get_ref() == name).map(|(_, value)| value)
}

/// The most characters one string value may hold. The longest built-in one is under 200;
/// a leaflet paragraph of 2,000 characters is already far too long to read.
pub const STRING_LIMIT: usize = 2000;

fn text_rule_in_table(file: &SourceFile, rule: TextRule, table: &DeTable, path: &str, refused: &mut Errors) {
    for (key, value) in table {
        let path = join_key(path, key.get_ref());
        text_rule_in_string(file, rule, key.get_ref(), key.span(), &path, refused);
        text_rule_in_value(file, rule, value, &path, refused);
    }
}

fn text_rule_in_value(file: &SourceFile, rule: TextRule, value: &Spanned<DeValue>, path: &str, refused: &mut Errors) {
    match value.get_ref() {
        DeValue::String(text) => text_rule_in_string(file, rule, text, value.span(), path, refused),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                text_rule_in_value(file, rule, item, &format!("{path}[{i}]"), refused);
            }
        }
        DeValue::Table(table) => text_rule_in_table(file, rule, table, path, refused),
        _ => {}
    }
}

/// Refuse a string the text rule does not allow, pointing at the character itself when it
/// is written as it is, or at the string when it is written as an escape (`\u202E`).
fn text_rule_in_string(
    file: &SourceFile,
    rule: TextRule,
    text: &str,
    span: std::ops::Range<usize>,
    key: &str,
    refused: &mut Errors,
) {
    // Checked before anything sets the text: shaping a 10 MB paragraph took 2 GB and 13 s.
    if text.len() > STRING_LIMIT {
        let characters = text.chars().count();
        if characters > STRING_LIMIT {
            refused.push(
                file.error_at(
                    &span,
                    format!("this text is {characters} characters; one value may hold at most {STRING_LIMIT}"),
                )
                .key(key.to_string())
                .hint("split it into several paragraphs or blocks"),
            );
            return;
        }
    }
    let Some((_, c, what)) = rule.first_refused(text) else { return };
    let written = file.text.get(span.clone()).unwrap_or("");
    let at = match written.find(c) {
        Some(offset) => span.start + offset..span.start + offset + c.len_utf8(),
        None => span,
    };
    let joiner = matches!(c, '\u{200C}' | '\u{200D}');
    let hint = if joiner {
        "delete it; joiners are allowed only in content files of languages that need them (docs/limits.md)"
    } else {
        "delete it (it is invisible in most editors: retype the words around it)"
    };
    refused.push(
        file.error_at(&at, format!("{} is {what}; text may not contain it", code_point(c)))
            .key(key.to_string())
            .hint(hint),
    );
}

fn syntax_error(file: &SourceFile, error: &toml::de::Error) -> Diagnostic {
    let span = error.span().unwrap_or(0..0);
    let message = first_line(error.message());
    file.error_at(&span, format!("TOML syntax error: {message}"))
        .hint("check quotes, brackets and `=` on this line; text values go in \"double quotes\"")
}

fn structure_error(file: &SourceFile, path: String, error: &toml::de::Error) -> Diagnostic {
    let span = error.span().unwrap_or(0..0);
    let message = plain_message(&first_line(error.message()));
    let mut key = if path == "." { String::new() } else { path };
    let hint;
    if let Some(field) = between(&message, "unknown field `", "`") {
        let expected = message.split_once("expected ").map(|(_, rest)| rest).unwrap_or("");
        let allowed: Vec<&str> = expected
            .split(['`', ','])
            .map(|s| s.trim().trim_start_matches("one of").trim().trim_start_matches("or ").trim())
            .filter(|s| !s.is_empty())
            .collect();
        hint = match suggest(field, allowed.iter().copied()) {
            Some(close) => format!("did you mean `{close}`? Allowed here: {expected}"),
            None if expected.is_empty() => "remove this key".to_string(),
            None => format!("allowed keys here: {expected}"),
        };
        // serde's path stops at the table; the unknown key itself is the interesting part.
        if !key.ends_with(field) {
            key = join_key(&key, field);
        }
    } else if let Some(field) = between(&message, "missing field `", "`") {
        hint = format!("add `{field} = ...` to this table");
        key = join_key(&key, field);
    } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
        hint = match message.split_once("expected ") {
            Some((_, expected)) => format!("write {} here", plain_type(expected)),
            None => "check the value's type".to_string(),
        };
    } else if message.starts_with("unknown variant") {
        hint = match message.split_once("expected ") {
            Some((_, expected)) => format!("use {expected}"),
            None => "check the spelling".to_string(),
        };
    } else {
        hint = "check this value against the examples in the built-in definitions".to_string();
    }
    let mut diagnostic = file.error_at(&span, message).hint(hint);
    if !key.is_empty() {
        diagnostic = diagnostic.key(key);
    }
    diagnostic
}

/// serde's words for what it found and expected are Rust's (`expected f32`, `expected
/// struct Colour`, `invalid type: map`): say them in TOML's words.
fn plain_message(message: &str) -> String {
    let Some((before, expected)) = message.split_once(", expected ") else { return message.to_string() };
    let before = before
        .replace("invalid type: map", "invalid type: a table")
        .replace("invalid type: sequence", "invalid type: a list")
        .replace("invalid type: floating point", "invalid type: number")
        .replace("invalid type: integer", "invalid type: whole number");
    let expected = match expected.trim() {
        "f32" | "f64" => "a number".to_string(),
        "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" => "a whole number".to_string(),
        "a sequence" => "a list".to_string(),
        "a map" => "a table".to_string(),
        other if other.starts_with("struct ") || other.starts_with("a struct") => "a table".to_string(),
        other if other.starts_with("enum ") => "one of the names listed in the hint".to_string(),
        other => other.to_string(),
    };
    format!("{before}, expected {expected}")
}

/// What to write for the expected type, in words a TOML writer knows.
fn plain_type(expected: &str) -> String {
    match expected.trim() {
        "a number" | "f32" | "f64" => "a number (no quotes), e.g. 12 or 2.5".to_string(),
        "a whole number" | "u8" | "u16" | "u32" | "u64" | "usize" | "i64" => "a whole number (no quotes)".to_string(),
        "a list" => "a list in [square brackets]".to_string(),
        "a table" => "a table: `[name]` on its own line, or `{ key = value }`".to_string(),
        "a boolean" => "true or false (no quotes)".to_string(),
        "a string" => "text in \"double quotes\"".to_string(),
        "a sequence" => "a list in [square brackets]".to_string(),
        other => other.to_string(),
    }
}

fn join_key(path: &str, field: &str) -> String {
    if path.is_empty() { field.to_string() } else { format!("{path}.{field}") }
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or("").trim().to_string()
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = text.split_once(start)?.1;
    Some(rest.split_once(end)?.0)
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a typo.
pub(crate) fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Edit distance counting a swap of two neighbouring letters as one edit (the commonest
/// typo), i.e. the optimal string alignment distance.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// The item `indices` deep in nested arrays (`[2][0]`), or `value` itself for none.
fn item_at<'v, 'a>(mut value: &'v mut DeValue<'a>, indices: &[usize]) -> Option<&'v mut DeValue<'a>> {
    for i in indices {
        let DeValue::Array(items) = value else { return None };
        value = items.get_mut(*i)?.get_mut();
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Table {
        id: String,
        size: Option<f32>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        item: Vec<Table>,
    }

    fn error_of(text: &str) -> Diagnostic {
        let file = SourceFile::new("t.toml", text.to_string());
        parse_toml::<Doc>(file).unwrap_err().0.remove(0)
    }

    #[test]
    fn unknown_key_names_key_line_and_suggests() {
        let d = error_of("[[item]]\nid = \"a\"\n[[item]]\nid = \"b\"\nsise = 3\n");
        assert_eq!((d.line, d.column), (Some(5), Some(1)));
        assert_eq!(d.key.as_deref(), Some("item[1].sise"));
        assert!(d.hint.unwrap().contains("did you mean `size`?"));
    }

    #[test]
    fn missing_key_is_named() {
        let d = error_of("[[item]]\nsize = 3\n");
        assert_eq!(d.key.as_deref(), Some("item[0].id"));
        assert!(d.message.contains("missing field `id`"));
    }

    #[test]
    fn wrong_type_names_expected() {
        let d = error_of("[[item]]\nid = \"a\"\nsize = \"big\"\n");
        assert_eq!(d.line, Some(3));
        assert_eq!(d.key.as_deref(), Some("item[0].size"));
        assert!(d.message.contains("invalid type"), "{}", d.message);
    }

    #[test]
    fn syntax_error_has_line() {
        let d = error_of("[[item]]\nid = \"a\n");
        assert_eq!(d.line, Some(2));
        assert!(d.message.starts_with("TOML syntax error"));
    }

    #[test]
    fn suggestions_only_for_close_words() {
        assert_eq!(suggest("stanard", ["standard", "large-print"]), Some("standard"));
        assert_eq!(suggest("zzz", ["standard", "large-print"]), None);
        assert_eq!(suggest("alret", ["alert", "paper"]), Some("alert"), "a swap is one edit");
    }
}
