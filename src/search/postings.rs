//! Documents → postings: for every key, the documents that have it and how strongly.
//!
//! A key's weight in a document adds up its fields: [`TITLE`] when the title has it, [`HEADING`]
//! when a heading or tag has it, and 1 to [`BODY_MAX`] for the body (1 + log2 of the count), so
//! that a title match always beats a heading match, which always beats body text.

use std::collections::HashMap;

use rayon::prelude::*;

use super::tokens;

/// Weight of a key in the title.
pub const TITLE: u8 = 16;
/// Weight of a key in a heading or tag.
pub const HEADING: u8 = 8;
/// Most weight body text alone can give a key.
pub const BODY_MAX: u8 = 4;

/// Text under one heading of a document.
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// The heading's anchor (none before the first heading).
    pub anchor: Option<String>,
    /// The heading's text.
    pub heading: String,
    /// Plain text under it.
    pub text: String,
}

/// One searchable document: a page or a glossary entry.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// Shown as the result's title.
    pub title: String,
    /// Weighs the title as a heading rather than a title (glossary entries, so that the answer
    /// explaining a term comes before its definition).
    pub title_as_heading: bool,
    /// URL relative to the site root.
    pub url: String,
    /// Tags, weighed like headings.
    pub tags: Vec<String>,
    /// The text by heading.
    pub sections: Vec<Section>,
    /// Index into the topics list.
    pub topic: Option<usize>,
    /// Index into the sessions list.
    pub session: Option<usize>,
}

/// Postings for every key; documents are numbered in `Entry` order.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Key → (document, weight), documents ascending.
    pub postings: HashMap<String, Vec<(u32, u8)>>,
    /// Number of documents.
    pub n_docs: usize,
}

#[derive(Default, Clone, Copy)]
struct Stats {
    title: bool,
    heading: bool,
    body: u32,
}

impl Stats {
    fn weight(self) -> u8 {
        let mut weight = 0;
        if self.title {
            weight += TITLE;
        }
        if self.heading {
            weight += HEADING;
        }
        if self.body > 0 {
            let log2 = (u32::BITS - 1 - self.body.leading_zeros()) as u8;
            weight += (1 + log2).min(BODY_MAX);
        }
        weight
    }
}

/// The keys of one document with their weights, sorted by key.
fn weigh(entry: &Entry) -> Vec<(String, u8)> {
    let mut stats: HashMap<String, Stats> = HashMap::new();
    let mut add = |text: &str, field: fn(&mut Stats)| {
        tokens::keys(text, |key| match stats.get_mut(key) {
            Some(s) => field(s),
            None => {
                let mut s = Stats::default();
                field(&mut s);
                stats.insert(key.to_string(), s);
            }
        })
    };
    if entry.title_as_heading {
        add(&entry.title, |s| s.heading = true);
    } else {
        add(&entry.title, |s| s.title = true);
    }
    for tag in &entry.tags {
        add(tag, |s| s.heading = true);
    }
    for section in &entry.sections {
        add(&section.heading, |s| s.heading = true);
        add(&section.text, |s| s.body += 1);
    }
    let mut weighed: Vec<(String, u8)> = stats
        .into_iter()
        .map(|(key, s)| (key, s.weight()))
        .filter(|(_, weight)| *weight > 0)
        .collect();
    weighed.sort_unstable();
    weighed
}

impl Index {
    /// Indexes the documents (in parallel; the result does not depend on thread timing).
    pub fn build(entries: &[Entry]) -> Index {
        let per_doc: Vec<Vec<(String, u8)>> = entries.par_iter().map(weigh).collect();
        let mut postings: HashMap<String, Vec<(u32, u8)>> = HashMap::new();
        for (doc_idx, keys) in per_doc.into_iter().enumerate() {
            let doc = doc_idx as u32;
            for (key, weight) in keys {
                match postings.get_mut(&key) {
                    Some(list) => list.push((doc, weight)),
                    None => {
                        postings.insert(key, vec![(doc, weight)]);
                    }
                }
            }
        }
        Index {
            postings,
            n_docs: entries.len(),
        }
    }

    /// The weight of `key` in `doc`, if it has the key.
    pub fn weight(&self, key: &str, doc: u32) -> Option<u8> {
        let list = self.postings.get(key)?;
        list.binary_search_by_key(&doc, |&(d, _)| d)
            .ok()
            .map(|pos| list[pos].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(title: &str, heading: &str, body: &str) -> Entry {
        Entry {
            title: title.into(),
            sections: vec![Section {
                anchor: Some("h".into()),
                heading: heading.into(),
                text: body.into(),
            }],
            ..Entry::default()
        }
    }

    #[test]
    fn fields_add_up_and_title_beats_heading_beats_body() {
        let index = Index::build(&[
            entry("상태", "", ""),
            entry("", "상태", ""),
            entry("", "", &"상태 ".repeat(100)),
            entry("상태", "상태", "상태"),
        ]);
        assert_eq!(index.weight("상태", 0), Some(TITLE));
        assert_eq!(index.weight("상태", 1), Some(HEADING));
        assert_eq!(index.weight("상태", 2), Some(BODY_MAX));
        assert_eq!(index.weight("상태", 3), Some(TITLE + HEADING + 1));
        assert!(BODY_MAX < HEADING && HEADING + BODY_MAX < TITLE);
    }

    #[test]
    fn body_weight_grows_with_the_log_of_the_count() {
        let index = Index::build(&[
            entry("", "", "락"),
            entry("", "", "락 락"),
            entry("", "", "락 락 락 락"),
        ]);
        assert_eq!(index.weight("락", 0), Some(1));
        assert_eq!(index.weight("락", 1), Some(2));
        assert_eq!(index.weight("락", 2), Some(3));
        assert_eq!(index.weight("락", 3), None);
    }
}
