//! Filling in the Markdown stage's placeholders once links are resolved and diagrams rendered.
//!
//! A placeholder is `U+E000 KIND PAYLOAD U+E001` (see `markdown::marker`). The Markdown stage
//! replaces an author's own U+E000 and U+E001, so every raw one here is ours; the percent-encoded
//! form counts only as a link's whole `href`, so `%EE%80%80` written in the text stays text.

/// Replaces the Markdown stage's placeholders: `L` links, `G` glossary terms, `D` diagrams.
/// pulldown-cmark percent-encodes hrefs, so a link placeholder arrives as
/// `href="%EE%80%80…%EE%80%81"`; anything that is not a whole placeholder in its place is kept.
pub fn fill_markers(html: &str, root: &str, hrefs: &[String], figures: &[String]) -> String {
    const FORMS: [(&str, &str); 2] = [("\u{E000}", "\u{E001}"), ("%EE%80%80", "%EE%80%81")];
    let mut out =
        String::with_capacity(html.len() + figures.iter().map(String::len).sum::<usize>());
    // The next opening of each form, searched again only once passed, so the scan stays linear.
    let mut next: [Option<usize>; 2] = [html.find(FORMS[0].0), html.find(FORMS[1].0)];
    let mut pos = 0;
    loop {
        for (form, found) in next.iter_mut().enumerate() {
            if found.is_some_and(|at| at < pos) {
                *found = html[pos..].find(FORMS[form].0).map(|at| pos + at);
            }
        }
        let Some((form, start)) = next
            .iter()
            .enumerate()
            .filter_map(|(form, at)| at.map(|at| (form, at)))
            .min_by_key(|&(_, at)| at)
        else {
            break;
        };
        let (open, close) = FORMS[form];
        let inner_start = start + open.len();
        let end = html[inner_start..]
            .find(close)
            .filter(|&len| len <= 256)
            .map(|len| inner_start + len);
        // Only a link's whole `href` is ever percent-encoded; elsewhere it is the author's text.
        let in_place = form == 0 || html[..start].ends_with("href=\"");
        let replacement = end
            .filter(|_| in_place)
            .and_then(|end| placeholder(&html[inner_start..end], root, hrefs, figures));
        out.push_str(&html[pos..start]);
        match (replacement, end) {
            (Some(text), Some(end)) => {
                out.push_str(&text);
                pos = end + close.len();
            }
            _ => {
                out.push_str(open);
                pos = inner_start;
            }
        }
    }
    out.push_str(&html[pos..]);
    out
}

/// The text for one placeholder's inside (`L3`, `Gterm-id`, `D0`), or `None` if it is not one.
fn placeholder(inner: &str, root: &str, hrefs: &[String], figures: &[String]) -> Option<String> {
    let mut chars = inner.chars();
    let kind = chars.next()?;
    let payload = chars.as_str();
    if payload.is_empty() || payload.contains(|c: char| c.is_whitespace() || "<>\"'&".contains(c)) {
        return None;
    }
    match kind {
        'L' => Some(crate::markdown::escape_attr(
            payload
                .parse::<usize>()
                .ok()
                .and_then(|i| hrefs.get(i))
                .map_or("#", String::as_str),
        )),
        'G' => Some(format!("{root}glossary/#{payload}")),
        'D' => Some(
            payload
                .parse::<usize>()
                .ok()
                .and_then(|i| figures.get(i))
                .cloned()
                .unwrap_or_default(),
        ),
        _ => None,
    }
}
