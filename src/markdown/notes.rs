//! Footnotes the way GitHub shows them: each reference a numbered superscript link, and every
//! definition gathered at the end of the page in one numbered list whose entries link back (↩)
//! to each place they are cited. pulldown-cmark would leave each definition where it is written,
//! without a way back.
//!
//! A definition's events are collected by swapping the page's event list out while it is open,
//! so whatever a definition holds (code, lists, links) is rendered by the usual code paths.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, TagEnd};

use super::out::Events;
use super::State;
use crate::slug::UniqueIds;

/// The footnotes of one page.
#[derive(Default)]
pub(super) struct Notes<'i> {
    /// Labels in the order of their first reference: the number is the position plus one.
    cited: Vec<String>,
    /// Per cited label: its number, anchor and the ids of its references, in order. The number
    /// is kept here so that a reference never searches `cited` (80,000 footnotes took 11 s).
    anchors: HashMap<String, Cited>,
    /// Definitions by label, as events.
    defined: HashMap<String, Events<'i>>,
    /// The open definition's label and the page events set aside meanwhile.
    open: Option<(String, Events<'i>)>,
    /// Labels looked at while numbering references: the unit the cost test counts.
    #[cfg(test)]
    examined: usize,
}

/// A cited footnote.
struct Cited {
    number: usize,
    anchor: String,
    refs: Vec<String>,
}

/// One reference to a footnote, as the page shows it.
struct Reference {
    number: usize,
    anchor: String,
    id: String,
}

impl Notes<'_> {
    /// Numbers a reference to `label` (the first reference of a label gives it the next number)
    /// and claims the ids of its anchor and of the reference.
    fn cite(&mut self, label: &str, ids: &mut UniqueIds) -> Reference {
        #[cfg(test)]
        {
            self.examined += 1;
        }
        let cited = match self.anchors.entry(label.to_string()) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => {
                self.cited.push(label.to_string());
                let number = self.cited.len();
                let anchor = ids.claim(&format!("fn-{number}"));
                let refs = Vec::new();
                entry.insert(Cited {
                    number,
                    anchor,
                    refs,
                })
            }
        };
        let base = format!("fnref-{}", cited.number);
        let wanted = if cited.refs.is_empty() {
            base
        } else {
            format!("{base}-{}", cited.refs.len() + 1)
        };
        let id = ids.claim(&wanted);
        cited.refs.push(id.clone());
        Reference {
            number: cited.number,
            anchor: cited.anchor.clone(),
            id,
        }
    }
}

impl<'i> State<'i, '_> {
    /// `[^label]` in the text: a superscript link to the definition, with an id to come back to.
    pub(super) fn footnote_reference(&mut self, label: &CowStr<'i>) {
        let Reference { number, anchor, id } = self.notes.cite(label, &mut self.ids);
        self.record_text(&format!("[{number}]"));
        self.sink().push(Event::Html(
            format!(
                "<sup class=\"footnote-ref\"><a href=\"#{anchor}\" id=\"{id}\">{number}</a></sup>"
            )
            .into(),
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
            let Some(Cited { anchor, refs, .. }) = self.notes.anchors.remove(&label) else {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Cites `n` labels, each twice (the second time after all the others), and returns the
    /// labels looked at.
    fn examined_citing(n: usize) -> usize {
        let mut notes = Notes::default();
        let mut ids = UniqueIds::default();
        for round in 0..2 {
            for idx in 0..n {
                let reference = notes.cite(&format!("n{idx}"), &mut ids);
                assert_eq!(reference.number, idx + 1);
                let expected = if round == 0 {
                    format!("fnref-{}", idx + 1)
                } else {
                    format!("fnref-{}-2", idx + 1)
                };
                assert_eq!(reference.id, expected);
                assert_eq!(reference.anchor, format!("fn-{}", idx + 1));
            }
        }
        notes.examined
    }

    #[test]
    fn numbering_references_costs_the_same_per_reference_at_any_count() {
        let (n, four_n) = (examined_citing(2_000), examined_citing(8_000));
        assert!(
            four_n <= 4 * n + 16,
            "{n} labels examined for n, {four_n} for 4n"
        );
    }
}
