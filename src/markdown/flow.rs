//! Tables on a phone: every table sits in a focusable, named scroll region (a region that
//! scrolls must be reachable by keyboard: axe's `scrollable-region-focusable`), so a wide one
//! scrolls by itself instead of widening the page. (Figures are lifted out of paragraphs by
//! `out::Events::lift_figures`.)

use pulldown_cmark::{Event, TagEnd};

use super::State;

impl<'i> State<'i, '_> {
    pub(super) fn start_table(&mut self, event: &Event<'i>) {
        self.n_tables += 1;
        let label = format!("{} {}", self.env.strings.table, self.n_tables);
        self.sink().push(Event::Html(
            format!("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{label}\">").into(),
        ));
        self.sink().push(event.clone());
    }

    pub(super) fn end_table(&mut self) {
        self.sink().push(Event::End(TagEnd::Table));
        self.sink().push(Event::Html("</div>\n".into()));
    }
}
