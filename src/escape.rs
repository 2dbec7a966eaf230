//! HTML escaping for every stage, through pulldown-cmark's own escaper (`pulldown-cmark-escape`),
//! so the text studybook writes is escaped exactly like the HTML pulldown-cmark writes.

/// Escapes text for HTML element content (`&`, `<`, `>`).
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    text_into(&mut out, text);
    out
}

/// [`text`] appended to `out`.
pub fn text_into(out: &mut String, text: &str) {
    // Writing to a `String` cannot fail.
    let _ = pulldown_cmark_escape::escape_html_body_text(out, text);
}

/// Escapes text for a quoted HTML attribute (also `"` and `'`).
pub fn attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    attr_into(&mut out, text);
    out
}

/// [`attr`] appended to `out`.
pub fn attr_into(out: &mut String, text: &str) {
    // Writing to a `String` cannot fail.
    let _ = pulldown_cmark_escape::escape_html(out, text);
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_and_attributes() {
        assert_eq!(super::text("a<b & \"c\"'"), "a&lt;b &amp; \"c\"'");
        assert_eq!(
            super::attr("a<b & \"c\"'"),
            "a&lt;b &amp; &quot;c&quot;&#39;"
        );
        assert_eq!(super::attr("보안 그룹"), "보안 그룹");
    }
}
