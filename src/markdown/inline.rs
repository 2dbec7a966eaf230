//! Inline elements: internal links and images leave their URL as a hole in the body, glossary
//! terms get linked, math becomes MathML.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag};

use super::{DiagramRef, DiagramSource, LinkKind, LinkRef, Place, State};
use crate::body::Piece;

/// File extensions that make an image a diagram embed.
const DIAGRAM_EXTENSIONS: &[&str] = &[".mmd", ".mermaid", ".pikchr"];

/// True for links that leave the site: a scheme (`https:`, `mailto:`) or a protocol-relative `//`.
pub(crate) fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(colon) => {
            let scheme = &dest[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
        }
        None => false,
    }
}

impl<'i> State<'i, '_> {
    pub(super) fn start_link(
        &mut self,
        link_type: LinkType,
        dest: &CowStr<'i>,
        title: &CowStr<'i>,
        id: &CowStr<'i>,
        range: &Range<usize>,
    ) {
        self.link_depth += 1;
        if is_external(dest) || matches!(link_type, LinkType::Email) {
            self.sink().push(Event::Start(Tag::Link {
                link_type,
                dest_url: dest.clone(),
                title: title.clone(),
                id: id.clone(),
            }));
            return;
        }
        let kind = if matches!(link_type, LinkType::WikiLink { .. }) {
            LinkKind::Wiki
        } else {
            LinkKind::Link
        };
        let link_idx = self.doc.outline.links.len();
        let span = self.span(range);
        self.doc.outline.links.push(LinkRef {
            dest: dest.to_string(),
            kind,
            span: Place(span),
        });
        // What pulldown-cmark writes for a link, with the URL left to the render stage.
        let sink = self.sink();
        sink.push(Event::InlineHtml("<a href=\"".into()));
        sink.hole(Piece::LinkHref(link_idx));
        sink.push(Event::InlineHtml(link_title_end(title).into()));
    }

    /// Renders `![alt](dest)` itself (alt text needs collecting), returning the index after it.
    pub(super) fn image(
        &mut self,
        events: &[(Event<'i>, Range<usize>)],
        idx: usize,
        dest: &CowStr<'i>,
        title: &CowStr<'i>,
    ) -> usize {
        let range = events[idx].1.clone();
        let mut alt = String::new();
        let mut depth = 0usize;
        let mut next = idx + 1;
        while let Some((event, _)) = events.get(next) {
            next += 1;
            match event {
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(pulldown_cmark::TagEnd::Image) if depth == 0 => break,
                Event::End(pulldown_cmark::TagEnd::Image) => depth -= 1,
                Event::Text(text) | Event::Code(text) | Event::InlineMath(text) => {
                    alt.push_str(text)
                }
                _ => {}
            }
        }
        let lower = dest.to_ascii_lowercase();
        let path_part = lower.split(['#', '?']).next().unwrap_or("");
        if !is_external(dest)
            && DIAGRAM_EXTENSIONS
                .iter()
                .any(|ext| path_part.ends_with(ext))
        {
            let diagram_idx = self.doc.outline.diagrams.len();
            self.doc.outline.diagrams.push(DiagramRef {
                source: DiagramSource::File(dest.to_string()),
                alt,
                span: Place(self.span(&range)),
            });
            self.sink().hole(Piece::Figure(diagram_idx));
            return next;
        }
        self.sink().push(Event::InlineHtml("<img src=\"".into()));
        if is_external(dest) {
            self.sink()
                .push(Event::InlineHtml(crate::escape::attr(dest).into()));
        } else {
            let link_idx = self.doc.outline.links.len();
            let span = self.span(&range);
            self.doc.outline.links.push(LinkRef {
                dest: dest.to_string(),
                kind: LinkKind::Image,
                span: Place(span),
            });
            self.sink().hole(Piece::LinkHref(link_idx));
        }
        let title_attr = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", crate::escape::attr(title))
        };
        self.sink().push(Event::InlineHtml(
            format!(
                "\" alt=\"{}\"{title_attr} loading=\"lazy\">",
                crate::escape::attr(&alt)
            )
            .into(),
        ));
        next
    }

    pub(super) fn text(&mut self, text: &CowStr<'i>) {
        match strong_pieces(text) {
            None => {
                self.record_text(text);
                self.emit_text(text.clone());
            }
            Some(pieces) => {
                for (strong, piece) in pieces {
                    self.record_text(&piece);
                    if strong {
                        self.sink().push(Event::Html("<strong>".into()));
                    }
                    self.emit_text(piece.into());
                    if strong {
                        self.sink().push(Event::Html("</strong>".into()));
                    }
                }
            }
        }
    }

    /// Emits text, linking glossary terms where allowed.
    fn emit_text(&mut self, text: CowStr<'i>) {
        let linkable = self.link_depth == 0 && self.heading.is_none();
        if let (true, Some(glossary)) = (linkable, self.env.glossary) {
            if let Some(linked) = glossary.link_terms(&text, &mut self.terms_used) {
                let sink = self.sink();
                for piece in linked.into_pieces() {
                    match piece {
                        Piece::Html(html) => sink.push(Event::InlineHtml(html.into())),
                        hole => sink.hole(hole),
                    }
                }
                return;
            }
        }
        self.sink().push(Event::Text(text));
    }

    pub(super) fn math(&mut self, latex: &CowStr<'i>, display: bool, range: &Range<usize>) {
        self.record_text(latex);
        match crate::math::render(latex, display) {
            Ok(mathml) => self.sink().push(Event::Html(mathml.into())),
            Err(message) => {
                self.warn(
                    range,
                    format!("math could not be rendered: {message}"),
                    "check the LaTeX between the `$` signs; write `\\$` for a literal dollar sign",
                );
                self.sink().push(Event::Html(
                    format!(
                        "<code class=\"math-error\">{}</code>",
                        crate::escape::text(latex)
                    )
                    .into(),
                ));
            }
        }
    }
}

/// The rest of a link's opening tag after its URL, as pulldown-cmark writes it.
fn link_title_end(title: &str) -> String {
    if title.is_empty() {
        "\">".to_string()
    } else {
        format!("\" title=\"{}\">", crate::escape::attr(title))
    }
}

/// CommonMark does not close `**` between punctuation and a letter, which is how Korean is
/// written: `**'가용성'**을` stays literal asterisks. Text that still holds `**…**` pairs after
/// parsing is split into plain and strong pieces here; `None` when there is nothing to do.
pub(crate) fn strong_pieces(text: &str) -> Option<Vec<(bool, String)>> {
    if text.matches("**").count() < 2 {
        return None;
    }
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("**") {
        let after_open = &rest[open + 2..];
        let Some(close) = after_open.find("**") else {
            break;
        };
        let inner = &after_open[..close];
        if inner.is_empty()
            || inner.starts_with(char::is_whitespace)
            || inner.ends_with(char::is_whitespace)
        {
            break;
        }
        if open > 0 {
            pieces.push((false, rest[..open].to_string()));
        }
        pieces.push((true, inner.to_string()));
        rest = &after_open[close + 2..];
    }
    if pieces.is_empty() {
        return None;
    }
    if !rest.is_empty() {
        pieces.push((false, rest.to_string()));
    }
    Some(pieces)
}

#[cfg(test)]
mod tests {
    use super::strong_pieces;

    #[test]
    fn korean_strong_after_punctuation_is_recovered() {
        let pieces = strong_pieces("**'Head-of-Line Blocking 제거'**와 이점").unwrap();
        assert_eq!(
            pieces,
            vec![
                (true, "'Head-of-Line Blocking 제거'".to_string()),
                (false, "와 이점".to_string())
            ]
        );
        assert_eq!(strong_pieces("a ** b ** c"), None);
        assert_eq!(strong_pieces("no stars"), None);
    }
}
