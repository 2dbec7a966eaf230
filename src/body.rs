//! The typed body of a rendered page: finished HTML with holes for what only later stages know.
//!
//! The Markdown stage renders a page before links are resolved (that needs every page) and before
//! diagrams are laid out (that needs an engine), and the glossary's URL depends on where the page
//! is. Instead of writing placeholder text into the HTML for a later pass to find, it leaves those
//! places as typed [`Piece`]s; [`Body::render`] fills them from a [`Fill`]. Nothing ever searches
//! rendered HTML, so an author's own text can never be mistaken for a hole.

use std::fmt::Write as _;

/// One run of a page body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Piece {
    /// Finished HTML.
    Html(String),
    /// The URL of the page's internal link number `n` (its `Doc::links[n]`), attribute-escaped.
    LinkHref(usize),
    /// The URL of a glossary entry, by the term's id: `{root}glossary/#{id}`.
    TermHref(String),
    /// The figure of the page's diagram number `n` (its `Doc::diagrams[n]`).
    Figure(usize),
}

/// What fills a body's holes for one page.
#[derive(Debug, Clone, Copy)]
pub struct Fill<'a> {
    /// The relative path from the page to the site root (`../../`), for glossary links.
    pub root: &'a str,
    /// Resolved targets of the page's internal links, by link number.
    pub hrefs: &'a [Href],
    /// Finished figures of the page's diagrams, by diagram number; `None` where a diagram failed
    /// (reported where it was laid out), which writes nothing.
    pub figures: &'a [Option<Figure>],
}

/// Where one of a page's internal links goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Href {
    /// A URL relative to the linking page.
    To(String),
    /// Nowhere: the target is missing (reported where links are resolved). Written as `#`.
    Broken,
}

impl Href {
    /// The URL written in the page.
    pub fn url(&self) -> &str {
        match self {
            Href::To(url) => url,
            Href::Broken => "#",
        }
    }
}

/// A finished `<figure>`, with the way back to the site root left open before `file` (its link
/// to the diagram's standalone SVG): one figure is shared by pages at every depth, and by the
/// print edition.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Figure {
    /// HTML up to the link's `href` value.
    pub head: String,
    /// The standalone SVG's path from the site root, attribute-escaped.
    pub file: String,
    /// HTML after it.
    pub tail: String,
}

impl Figure {
    /// Bytes written, the root not counted.
    pub fn html_len(&self) -> usize {
        self.head.len() + self.file.len() + self.tail.len()
    }

    /// Appends the figure as seen from a page whose way to the root is `root`.
    pub fn write(&self, out: &mut String, root: &str) {
        out.push_str(&self.head);
        out.push_str(root);
        out.push_str(&self.file);
        out.push_str(&self.tail);
    }
}

/// A page body: a sequence of [`Piece`]s, adjacent HTML merged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Body {
    pieces: Vec<Piece>,
}

impl Body {
    /// Appends HTML, merged with the HTML before it.
    pub fn push_html(&mut self, html: &str) {
        if html.is_empty() {
            return;
        }
        match self.pieces.last_mut() {
            Some(Piece::Html(last)) => last.push_str(html),
            _ => self.pieces.push(Piece::Html(html.to_string())),
        }
    }

    /// Appends a piece (HTML is merged with the HTML before it).
    pub fn push(&mut self, piece: Piece) {
        match piece {
            Piece::Html(html) => self.push_html(&html),
            other => self.pieces.push(other),
        }
    }

    /// The pieces in order.
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// The pieces in order, owned.
    pub fn into_pieces(self) -> Vec<Piece> {
        self.pieces
    }

    /// Bytes of finished HTML (holes not counted), for sizing buffers.
    pub fn html_len(&self) -> usize {
        self.pieces
            .iter()
            .map(|piece| match piece {
                Piece::Html(html) => html.len(),
                _ => 0,
            })
            .sum()
    }

    /// Frees growth slack: every page's body is kept until the print edition is made.
    pub fn shrink_to_fit(&mut self) {
        for piece in &mut self.pieces {
            if let Piece::Html(html) = piece {
                html.shrink_to_fit();
            }
        }
        self.pieces.shrink_to_fit();
    }

    /// The page's HTML with every hole filled. A hole whose number has no entry (which the stages
    /// that make `Fill` never allow) is written as a broken link, or as a failed diagram.
    pub fn render(&self, fill: Fill<'_>) -> String {
        let figures_len: usize = fill.figures.iter().flatten().map(Figure::html_len).sum();
        let mut out = String::with_capacity(self.html_len() + figures_len + 64);
        self.render_into(&mut out, fill);
        out
    }

    /// [`Body::render`] into an existing buffer.
    pub fn render_into(&self, out: &mut String, fill: Fill<'_>) {
        for piece in &self.pieces {
            match piece {
                Piece::Html(html) => out.push_str(html),
                Piece::LinkHref(n) => {
                    let href = fill.hrefs.get(*n).unwrap_or(&Href::Broken);
                    crate::escape::attr_into(out, href.url());
                }
                Piece::TermHref(id) => {
                    out.push_str(fill.root);
                    out.push_str("glossary/#");
                    crate::escape::attr_into(out, id);
                }
                Piece::Figure(n) => {
                    if let Some(Some(figure)) = fill.figures.get(*n) {
                        figure.write(out, fill.root);
                    }
                }
            }
        }
    }

    /// The HTML with holes shown as `{link N}`, `{term ID}`, `{figure N}`: for tests and debugging.
    pub fn outline(&self) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Html(html) => out.push_str(html),
                Piece::LinkHref(n) => {
                    let _ = write!(out, "{{link {n}}}");
                }
                Piece::TermHref(id) => {
                    let _ = write!(out, "{{term {id}}}");
                }
                Piece::Figure(n) => {
                    let _ = write!(out, "{{figure {n}}}");
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{Body, Fill, Href, Piece};

    #[test]
    fn holes_are_filled_and_escaped() {
        let mut body = Body::default();
        body.push_html("<p><a href=\"");
        body.push(Piece::LinkHref(0));
        body.push_html("\">x</a> <a class=\"term\" href=\"");
        body.push(Piece::TermHref("tcp".into()));
        body.push_html("\">TCP</a></p>");
        body.push(Piece::Figure(0));
        let fill = Fill {
            root: "../",
            hrefs: &[Href::To("a/?q=\"1\"&b".to_string())],
            figures: &[Some(super::Figure {
                head: "<figure><a href=\"".into(),
                file: "figures/f.svg".into(),
                tail: "\">F</a></figure>".into(),
            })],
        };
        assert_eq!(
            body.render(fill),
            "<p><a href=\"a/?q=&quot;1&quot;&amp;b\">x</a> <a class=\"term\" href=\"../glossary/#tcp\">TCP</a></p><figure><a href=\"../figures/f.svg\">F</a></figure>"
        );
    }

    #[test]
    fn adjacent_html_is_merged_and_missing_entries_are_harmless() {
        let mut body = Body::default();
        body.push_html("a");
        body.push(Piece::Html("b".into()));
        body.push(Piece::LinkHref(3));
        body.push(Piece::Figure(9));
        assert_eq!(body.pieces().len(), 3);
        let fill = Fill {
            root: "",
            hrefs: &[],
            figures: &[],
        };
        assert_eq!(body.render(fill), "ab#");
        assert_eq!(body.outline(), "ab{link 3}{figure 9}");
    }

    #[test]
    fn broken_links_write_a_hash_and_failed_diagrams_nothing() {
        let mut body = Body::default();
        body.push_html("<a href=\"");
        body.push(Piece::LinkHref(0));
        body.push_html("\">");
        body.push(Piece::Figure(0));
        let fill = Fill {
            root: "",
            hrefs: &[Href::Broken],
            figures: &[None],
        };
        assert_eq!(body.render(fill), "<a href=\"#\">");
    }
}
