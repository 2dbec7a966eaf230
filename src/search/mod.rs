//! Search that works in Korean: a compact n-gram index built with the site, split into small
//! files, and read by `theme/static/search.js`.
//!
//! Prefix-only engines (Pagefind, mdBook's elasticlunr) miss "로드밸런서" for "밸런서" and
//! "교착상태" for "상태", because Korean writes compounds and particles without spaces. Here
//! Hangul is indexed as character bigrams (bridging the spaces between Hangul words), Latin words
//! as whole words plus type-ahead prefixes, and 초성 as prefixes of Hangul runs ([`tokens`]).
//! Queries become terms and glossary synonym slots ([`query`]), matched and ranked by
//! [`rank`] over [`postings`]; [`files`] writes the sharded index. The browser repeats
//! `tokens`, `query` and `rank` in JavaScript; the browser test checks that both agree.
//!
//! Documents are every page plus every glossary entry (linking to `glossary/#term-…`). This
//! stage reads only the earlier stages' results and touches no files.

mod cache;
pub mod files;
mod live;
pub mod postings;
pub mod query;
pub mod rank;
pub mod tokens;

#[cfg(test)]
mod tests;

pub use cache::Cache;
pub use live::Changes;

use crate::output::{Claim, Output};
use crate::render::Input;
use crate::session::SessionId;
use postings::{Entry, Index, Section};
use query::Synonyms;

/// What gets indexed, with the names the filters show.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Documents in index order.
    pub entries: Vec<Entry>,
    /// Topics, in the book's order (an entry's `topic` is a place here).
    pub topics: Vec<TopicName>,
    /// Sessions, as `book.toml` declares them (an entry's `session` is a place here).
    pub sessions: Vec<SessionName>,
    /// Glossary spellings that mean the same.
    pub synonyms: Synonyms,
}

/// A topic as the filters show it: its title and its page. `meta.json` writes it as
/// `[title, url]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicName {
    /// The topic page's title.
    pub title: String,
    /// The topic page's URL, relative to the site root.
    pub url: String,
}

/// A session as the filters show it. `meta.json` writes it as `[id, title]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionName {
    /// Its id.
    pub id: SessionId,
    /// Its title.
    pub title: String,
}

impl serde::Serialize for TopicName {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (&self.title, &self.url).serialize(serializer)
    }
}

impl serde::Serialize for SessionName {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (&self.id, &self.title).serialize(serializer)
    }
}

/// The folder of the index's [`files`], which also holds the page that reads them
/// (`search/index.html`, which `render` makes).
pub const CLAIMS: &[Claim] = &[Claim::folder("search/", "search page and index")];

/// Builds the search index files. With a `cache` that keeps things (`serve`), the last build's
/// index is updated in place where it can be ([`live`]): the same files, for less work.
pub fn index(input: &Input<'_>, cache: &Cache) -> Vec<Output> {
    index_catalog(&catalog(input), cache)
}

/// [`index`] of a catalog already collected.
pub fn index_catalog(catalog: &Catalog, cache: &Cache) -> Vec<Output> {
    let weights = &cache.weights;
    if cache.is_off() {
        return files::write(catalog, &Index::build_cached(&catalog.entries, weights));
    }
    // After a panic while updating, no index is kept (it may be half-updated): it is made afresh.
    let mut live = crate::sync::lock_or_reset(&cache.live);
    let updated = live
        .as_mut()
        .and_then(|live| live.update(catalog, weights))
        .is_some();
    if !updated {
        *live = Some(live::Live::fresh(catalog, weights));
    }
    live.as_ref().map(live::Live::outputs).unwrap_or_default()
}

/// Updates the index that `cache` kept from the last build to `input`, returning only the files
/// that changed; `None` (nothing done) when there is no such index or the documents are not the
/// same ones in the same order: then only [`index`] will do.
pub fn update(input: &Input<'_>, cache: &Cache) -> Option<Changes> {
    update_catalog(&catalog(input), cache)
}

/// [`update`] to a catalog already collected.
pub fn update_catalog(catalog: &Catalog, cache: &Cache) -> Option<Changes> {
    crate::sync::lock_or_reset(&cache.live)
        .as_mut()?
        .update(catalog, &cache.weights)
}

/// Collects the documents: pages in content order, then glossary entries.
pub fn catalog(input: &Input<'_>) -> Catalog {
    let structure = input.structure;
    let topics = structure
        .topic_pages()
        .map(|id| TopicName {
            title: input.pages[id].title.clone(),
            url: input.pages[id].url.clone(),
        })
        .collect();
    let sessions = input
        .config
        .sessions
        .iter()
        .map(|s| SessionName {
            id: s.id.clone(),
            title: s.title.clone(),
        })
        .collect();
    let session_pos = |id: &SessionId| input.config.sessions.iter().position(|s| s.id == *id);
    let mut entries: Vec<Entry> = Vec::with_capacity(input.pages.len());
    for ((id, page), doc) in input.pages.iter_enumerated().zip(input.docs) {
        entries.push(Entry {
            title: page.title.clone(),
            title_as_heading: false,
            url: page.url.clone(),
            tags: page.front.tags.clone(),
            sections: doc
                .sections
                .iter()
                .map(|s| Section {
                    anchor: s.anchor.clone(),
                    heading: s.heading.clone(),
                    text: s.text.clone(),
                })
                .collect(),
            topic: structure.topic_pos[id],
            session: structure.session[id].as_ref().and_then(session_pos),
        });
    }
    let mut groups = Vec::new();
    for term in &input.glossary.terms {
        let title = if term.en.is_empty() || term.en == term.ko {
            term.ko.clone()
        } else {
            format!("{} ({})", term.ko, term.en)
        };
        entries.push(Entry {
            title,
            title_as_heading: true,
            url: format!("glossary/#{}", term.id),
            tags: term.aliases.clone(),
            sections: vec![Section {
                anchor: None,
                heading: String::new(),
                text: term.definition.clone(),
            }],
            topic: term.answer.and_then(|page| structure.topic_pos[page]),
            session: None,
        });
        let mut group: Vec<String> = Vec::new();
        for spelling in std::iter::once(&term.ko)
            .chain(std::iter::once(&term.en))
            .chain(&term.aliases)
        {
            let spelling = crate::slug::nfc(spelling.trim());
            if !spelling.is_empty() && !group.contains(&spelling) {
                group.push(spelling);
            }
        }
        if group.len() > 1 {
            groups.push(group);
        }
    }
    Catalog {
        entries,
        topics,
        sessions,
        synonyms: Synonyms::new(groups),
    }
}
