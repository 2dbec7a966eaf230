//! What the one-pass renderer emits: pulldown-cmark events, with typed holes between them.
//!
//! The events are written by pulldown-cmark's HTML writer in one run over the whole page (its
//! table and footnote state spans the page). The writer asks for the next event only after it
//! has written the previous one, so when the iterator meets a hole, everything before it is in
//! the buffer: the buffer becomes an HTML piece and the hole follows it.

use std::cell::RefCell;

use pulldown_cmark::Event;

use crate::body::{Body, Piece};

enum Out<'i> {
    Event(Event<'i>),
    Hole(Piece),
}

/// A page's (or a heading's) rendered events and holes, in order.
#[derive(Default)]
pub(super) struct Events<'i>(Vec<Out<'i>>);

impl<'i> Events<'i> {
    pub(super) fn push(&mut self, event: Event<'i>) {
        self.0.push(Out::Event(event));
    }

    /// A place only a later stage can fill (a link's URL, a glossary URL, a figure).
    pub(super) fn hole(&mut self, piece: Piece) {
        self.0.push(Out::Hole(piece));
    }

    pub(super) fn extend(&mut self, other: Events<'i>) {
        self.0.extend(other.0);
    }

    /// Takes the last event if `last` says so (a footnote's closing `</p>`, to write inside it).
    pub(super) fn pop_if(&mut self, last: impl Fn(&Event<'i>) -> bool) -> Option<Event<'i>> {
        match self.0.last() {
            Some(Out::Event(event)) if last(event) => match self.0.pop() {
                Some(Out::Event(event)) => Some(event),
                _ => None,
            },
            _ => None,
        }
    }

    /// Moves figures out of the paragraphs they were written in (a `<figure>` may not be inside a
    /// `<p>`): the text before and after each stays a paragraph of its own, and a paragraph left
    /// with nothing but white space disappears.
    pub(super) fn lift_figures(self) -> Self {
        use pulldown_cmark::{Tag, TagEnd};
        let mut out = Vec::with_capacity(self.0.len());
        let mut paragraph: Option<Vec<Out<'i>>> = None;
        for item in self.0 {
            match (&mut paragraph, item) {
                (None, Out::Event(Event::Start(Tag::Paragraph))) => paragraph = Some(Vec::new()),
                (None, item) => out.push(item),
                (Some(inner), Out::Event(Event::End(TagEnd::Paragraph))) => {
                    flush(&mut out, inner);
                    paragraph = None;
                }
                (Some(inner), Out::Hole(Piece::Figure(n))) => {
                    flush(&mut out, inner);
                    out.push(Out::Hole(Piece::Figure(n)));
                }
                (Some(inner), item) => inner.push(item),
            }
        }
        if let Some(mut inner) = paragraph {
            flush(&mut out, &mut inner);
        }
        Events(out)
    }

    /// Writes the HTML, cut into pieces at the holes.
    pub(super) fn into_body(self, capacity: usize) -> Body {
        let written = RefCell::new((Body::default(), String::with_capacity(capacity)));
        let events = self.0.into_iter().filter_map(|out| match out {
            Out::Event(event) => Some(event),
            Out::Hole(piece) => {
                let mut written = written.borrow_mut();
                let (body, buffer) = &mut *written;
                body.push_html(buffer);
                buffer.clear();
                body.push(piece);
                None
            }
        });
        // Writing into a `String` cannot fail.
        let _ = pulldown_cmark::html::write_html_fmt(Buffer(&written), events);
        let (mut body, rest) = written.into_inner();
        body.push_html(&rest);
        body.shrink_to_fit();
        body
    }
}

/// Writes what a paragraph holds so far as a paragraph, unless it is only white space.
fn flush<'i>(out: &mut Vec<Out<'i>>, inner: &mut Vec<Out<'i>>) {
    use pulldown_cmark::{Tag, TagEnd};
    let items = std::mem::take(inner);
    let blank = items.iter().all(|item| match item {
        Out::Event(Event::SoftBreak | Event::HardBreak) => true,
        Out::Event(Event::Text(text)) => text.trim().is_empty(),
        _ => false,
    });
    if !blank {
        out.push(Out::Event(Event::Start(Tag::Paragraph)));
        out.extend(items);
        out.push(Out::Event(Event::End(TagEnd::Paragraph)));
    }
}

/// The writer's end of the shared buffer.
struct Buffer<'a>(&'a RefCell<(Body, String)>);

impl std::fmt::Write for Buffer<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.0.borrow_mut().1.push_str(text);
        Ok(())
    }
}
