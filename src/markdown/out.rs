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

/// The writer's end of the shared buffer.
struct Buffer<'a>(&'a RefCell<(Body, String)>);

impl std::fmt::Write for Buffer<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.0.borrow_mut().1.push_str(text);
        Ok(())
    }
}
