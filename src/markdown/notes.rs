//! Footnotes the way GitHub shows them: each reference a numbered superscript link, and every
//! definition gathered at the end of the page in one numbered list whose entries link back (↩)
//! to each place they are cited. pulldown-cmark would leave each definition where it is written,
//! without a way back.
//!
//! A definition's events are collected by swapping the page's event list out while it is open,
//! so whatever a definition holds (code, lists, links) is rendered by the usual code paths.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, TagEnd};

use super::out::Events;
use super::State;

/// The footnotes of one page.
#[derive(Default)]
pub(super) struct Notes<'i> {
    /// Labels in the order of their first reference: the number is the position plus one.
    cited: Vec<String>,
    /// Per cited label: its anchor and the ids of its references, in order.
    anchors: HashMap<String, (String, Vec<String>)>,
    /// Definitions by label, as events.
    defined: HashMap<String, Events<'i>>,
    /// The open definition's label and the page events set aside meanwhile.
    open: Option<(String, Events<'i>)>,
}

impl<'i> State<'i, '_> {
    /// `[^label]` in the text: a superscript link to the definition, with an id to come back to.
    pub(super) fn footnote_reference(&mut self, label: &CowStr<'i>) {
        let label = label.to_string();
        if !self.notes.anchors.contains_key(&label) {
            self.notes.cited.push(label.clone());
            let number = self.notes.cited.len();
            let anchor = self.ids.claim(&format!("fn-{number}"));
            self.notes
                .anchors
                .insert(label.clone(), (anchor, Vec::new()));
        }
        let number = 1 + self
            .notes
            .cited
            .iter()
            .position(|l| *l == label)
            .unwrap_or(0);
        let Some((anchor, refs)) = self.notes.anchors.get(&label) else {
            return;
        };
        let base = format!("fnref-{number}");
        let wanted = if refs.is_empty() {
            base
        } else {
            format!("{base}-{}", refs.len() + 1)
        };
        let anchor = anchor.clone();
        let ref_id = self.ids.claim(&wanted);
        if let Some((_, refs)) = self.notes.anchors.get_mut(&label) {
            refs.push(ref_id.clone());
        }
        self.record_text(&format!("[{number}]"));
        self.sink().push(Event::Html(
            format!("<sup class=\"footnote-ref\"><a href=\"#{anchor}\" id=\"{ref_id}\">{number}</a></sup>").into(),
        ));
    }

    /// `[^label]: …` starts: set the page's events aside until it ends.
    pub(super) fn start_footnote(&mut self, label: &CowStr<'i>) {
        let page = std::mem::take(&mut self.out);
        self.notes.open = Some((label.to_string(), page));
    }

    pub(super) fn end_footnote(&mut self) {
        let Some((label, page)) = self.notes.open.take() else {
            return;
        };
        let events = std::mem::replace(&mut self.out, page);
        self.notes.defined.entry(label).or_insert(events);
    }

    /// The gathered list, or nothing when no footnote is cited. Definitions nobody cites are
    /// dropped, as GitHub does.
    pub(super) fn footnotes_section(&mut self) -> Events<'i> {
        let mut out = Events::default();
        if self.notes.cited.is_empty() {
            return out;
        }
        let strings = self.env.strings;
        out.push(Event::Html(
            format!(
                "<section class=\"footnotes\" aria-label=\"{0}\"><h2 class=\"footnotes-title\">{0}</h2>\n<ol>\n",
                strings.footnotes
            )
            .into(),
        ));
        for label in std::mem::take(&mut self.notes.cited) {
            let Some((anchor, refs)) = self.notes.anchors.remove(&label) else {
                continue;
            };
            let mut body = self.notes.defined.remove(&label).unwrap_or_default();
            let back: String = refs
                .iter()
                .enumerate()
                .map(|(idx, ref_id)| {
                    let mark = if idx == 0 { String::new() } else { format!("<sup>{}</sup>", idx + 1) };
                    format!(
                        " <a class=\"footnote-back\" href=\"#{ref_id}\" aria-label=\"{}\">↩{mark}</a>",
                        strings.footnote_back
                    )
                })
                .collect();
            out.push(Event::Html(format!("<li id=\"{anchor}\">").into()));
            // The links back go at the end of the last paragraph, as on GitHub.
            let paragraph_end = body.pop_if(|event| matches!(event, Event::End(TagEnd::Paragraph)));
            out.extend(body);
            out.push(Event::Html(back.into()));
            if let Some(end) = paragraph_end {
                out.push(end);
            }
            out.push(Event::Html("</li>\n".into()));
        }
        out.push(Event::Html("</ol>\n</section>\n".into()));
        out
    }
}
