//! Templates: text with `{names}` that the tool fills in, as the content's `[words]` and
//! the region placeholders write them. One way of writing and filling them, used by every
//! stage.

/// `template` with each `{name}` replaced by its value. Names not given stay as they are
/// (load has already refused templates with names the tool does not fill).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    for piece in pieces(template) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Name(name) => match values.iter().find(|(key, _)| *key == name) {
                Some((_, value)) => out.push_str(value),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

/// The `{names}` a template uses, in order.
pub(crate) fn names_in(template: &str) -> impl Iterator<Item = &str> {
    pieces(template).into_iter().filter_map(|piece| match piece {
        Piece::Name(name) => Some(name),
        Piece::Text(_) => None,
    })
}

/// A piece of a template: words as written, or a `{name}` to fill in.
#[derive(Debug, PartialEq)]
pub enum Piece<'a> {
    Text(&'a str),
    Name(&'a str),
}

/// A template in its pieces, in order: the one reading of `{name}` that filling, load's
/// check of the names and the print slug (where each value must stay a run of its own, a
/// number inside right-to-left words) share. A name is what stands between a `}` and the
/// last `{` before it; a brace without its pair is text.
pub fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    // Where the text not yet given out starts, and where to look for the next `}`.
    let (mut start, mut from) = (0, 0);
    while let Some(close) = template[from..].find('}').map(|i| from + i) {
        if let Some(open) = template[start..close].rfind('{').map(|i| start + i) {
            if open > start {
                out.push(Piece::Text(&template[start..open]));
            }
            out.push(Piece::Name(&template[open + 1..close]));
            start = close + 1;
        }
        from = close + 1;
    }
    if start < template.len() {
        out.push(Piece::Text(&template[start..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_filled_by_name() {
        let filled = fill("Call {service} on {number}", &[("service", "Kent Police"), ("number", "101")]);
        assert_eq!(filled, "Call Kent Police on 101");
        assert_eq!(fill("Page {page} of {pages}", &[("pages", "5"), ("page", "2")]), "Page 2 of 5");
        assert_eq!(names_in("{a} and {b}, not }c{").collect::<Vec<_>>(), ["a", "b"]);
        // One reading of braces for all three: the name is what follows the last `{`.
        assert_eq!(names_in("{a{b}").collect::<Vec<_>>(), ["b"]);
        assert_eq!(pieces("{a{b}"), [Piece::Text("{a"), Piece::Name("b")]);
        assert_eq!(fill("{a{b} {c}", &[("b", "B")]), "{aB {c}");
        // A value is put in as it is: a `{name}` inside it is not filled in turn.
        assert_eq!(fill("{force} on {number}", &[("force", "Ask {number}"), ("number", "101")]), "Ask {number} on 101");
        assert_eq!(
            pieces("page {page} of {pages}, {open"),
            [
                Piece::Text("page "),
                Piece::Name("page"),
                Piece::Text(" of "),
                Piece::Name("pages"),
                Piece::Text(", {open")
            ]
        );
    }
}
