//! Templates: text with `{names}` that the tool fills in, as the content's `[words]` and
//! the region placeholders write them. One way of writing and filling them, used by every
//! stage.

/// `template` with each `{name}` replaced by its value. Names not given stay as they are
/// (load has already refused templates with names the tool does not fill).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The `{names}` a template uses, in order.
pub(crate) fn names_in(template: &str) -> impl Iterator<Item = &str> {
    template.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

/// A piece of a template: words as written, or a `{name}` to fill in.
#[derive(Debug, PartialEq)]
pub enum Piece<'a> {
    Text(&'a str),
    Name(&'a str),
}

/// A template in its pieces, in order, for filling where each value must stay a run of
/// its own (a number inside right-to-left words). A `{` with no `}` after it is text.
pub fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        let Some((name, tail)) = after.split_once('}') else { break };
        if !before.is_empty() {
            out.push(Piece::Text(before));
        }
        out.push(Piece::Name(name));
        rest = tail;
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
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
