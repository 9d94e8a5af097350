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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_filled_by_name() {
        let filled = fill("Call {service} on {number}", &[("service", "Kent Police"), ("number", "101")]);
        assert_eq!(filled, "Call Kent Police on 101");
        assert_eq!(fill("Page {page} of {pages}", &[("pages", "5"), ("page", "2")]), "Page 2 of 5");
        assert_eq!(names_in("{a} and {b}, not }c{").collect::<Vec<_>>(), ["a", "b"]);
    }
}
