//! The book's shape: the section tree, topics, prev/next, sessions, tags and reading order.
//!
//! Topics are the top-level folders of `content/`. Children sort by `order`, then question number,
//! then title. Each page's session is its own `session` or its nearest section's. Everything here
//! is computed from the pages alone, once per build: the orders other stages walk (a topic's
//! pages depth first, its questions, its reading order) are in [`Topic`], so no stage walks the
//! tree again.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::config::Config;
use crate::content::{Page, PageKind};
use crate::diagnostic::Diagnostic;
use crate::page::{PageId, PageVec};
use crate::session::SessionId;

/// A topic: its place in [`Structure::topics`], which is the book's order, so ids compare in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TopicId(usize);

impl TopicId {
    /// The topic's place among the topics (also its place in the search index's topic list).
    pub fn index(self) -> usize {
        self.0
    }
}

/// A top-level section and the orders derived from it.
#[derive(Debug, Clone)]
pub struct Topic {
    /// The topic's own page.
    pub page: PageId,
    /// Its pages depth first, its own page first: the book's order, which navigation, prev/next
    /// and the print edition follow.
    pub order: Vec<PageId>,
    /// The leaf pages of `order`, in that order (concept maps, the question sheet, review).
    pub leaves: Vec<PageId>,
    /// `leaves` in an order that respects `requires`.
    pub reading_order: Vec<PageId>,
}

/// The tree and the indexes derived from it.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    /// The home page (the root section); none when the root's page is a draft.
    pub home: Option<PageId>,
    /// Top-level sections in order.
    pub topics: Vec<Topic>,
    /// The leaf pages directly in `content/`, outside every topic, in order: after the topics
    /// wherever the book is walked as a whole (print edition, concept map, question sheet,
    /// review), so that no page is left out of them.
    pub outside: Vec<PageId>,
    /// For each page, its section (none for home).
    pub parent: PageVec<Option<PageId>>,
    /// For each section, its children in order.
    pub children: PageVec<Vec<PageId>>,
    /// For each page, its topic (none for home and the pages outside every topic).
    pub topic_pos: PageVec<Option<TopicId>>,
    /// For each page, the session it belongs to.
    pub session: PageVec<Option<SessionId>>,
    /// For each page, the previous and next page within its topic.
    pub prev_next: PageVec<(Option<PageId>, Option<PageId>)>,
    /// Tag → pages.
    pub tags: BTreeMap<String, Vec<PageId>>,
    /// Session id → its question pages in the round's order.
    pub sessions: BTreeMap<SessionId, Vec<PageId>>,
}

impl Structure {
    /// The topic `page` belongs to (none for home).
    pub fn topic(&self, page: PageId) -> Option<&Topic> {
        self.topic_pos[page].map(|topic| &self.topics[topic.index()])
    }

    /// The page of the topic `page` belongs to.
    pub fn topic_page(&self, page: PageId) -> Option<PageId> {
        self.topic(page).map(|topic| topic.page)
    }

    /// Whether `page` is a topic's own page.
    pub fn is_topic(&self, page: PageId) -> bool {
        self.topic_page(page) == Some(page)
    }

    /// The topics' pages, in order.
    pub fn topic_pages(&self) -> impl Iterator<Item = PageId> + '_ {
        self.topics.iter().map(|topic| topic.page)
    }

    /// Every topic's questions (leaf pages) in the book's order, then the pages outside every
    /// topic.
    pub fn leaves(&self) -> impl Iterator<Item = PageId> + '_ {
        (self.topics.iter())
            .flat_map(|topic| topic.leaves.iter().copied())
            .chain(self.outside.iter().copied())
    }
}

/// An optional value as a sort key that puts a missing value after every present one.
type MissingLast<T> = (bool, Option<T>);

fn missing_last<T: Ord>(value: Option<T>) -> MissingLast<T> {
    (value.is_none(), value)
}

fn sort_key(page: &Page) -> (MissingLast<i64>, MissingLast<u32>, String) {
    (
        missing_last(page.front.order),
        missing_last(page.front.question),
        page.title.clone(),
    )
}

/// Builds the structure; unknown sessions and `requires` cycles are diagnostics.
pub fn build(
    config: &Config,
    pages: &PageVec<Page>,
    requires: &PageVec<Vec<PageId>>,
) -> (Structure, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let (home, parent, children) = tree(pages);
    let in_root = home.map_or(&[][..], |home| children[home].as_slice());
    let (topic_pages, outside): (Vec<PageId>, Vec<PageId>) = in_root
        .iter()
        .partition(|&&id| pages[id].kind == PageKind::Section);
    let (topic_pos, session) = topic_and_session(pages, &parent, &topic_pages);
    check_sessions(config, pages, &mut diagnostics);
    let topics = topic_pages
        .into_iter()
        .map(|page| {
            let mut order = Vec::new();
            depth_first(&children, page, &mut order);
            let leaves: Vec<PageId> = (order.iter().copied())
                .filter(|&id| pages[id].kind == PageKind::Leaf)
                .collect();
            let reading_order = reading_order(pages, &leaves, requires, &mut diagnostics);
            Topic {
                page,
                order,
                leaves,
                reading_order,
            }
        })
        .collect();
    let mut structure = Structure {
        home,
        topics,
        outside,
        parent,
        children,
        topic_pos,
        session,
        ..Structure::default()
    };
    structure.prev_next = prev_next(&structure, pages.len());
    structure.tags = tags(pages);
    structure.sessions = sessions(&structure, pages);
    (structure, diagnostics)
}

type Tree = (
    Option<PageId>,
    PageVec<Option<PageId>>,
    PageVec<Vec<PageId>>,
);

/// The home page, each page's section and each section's children in order.
fn tree(pages: &PageVec<Page>) -> Tree {
    let section_of_dir: HashMap<&str, PageId> = pages
        .iter_enumerated()
        .filter(|(_, p)| p.kind == PageKind::Section)
        .map(|(id, p)| (p.dir.as_str(), id))
        .collect();
    let home = section_of_dir.get("").copied();
    let mut parent = PageVec::filled(None, pages.len());
    let mut children = PageVec::filled(Vec::new(), pages.len());
    for (id, page) in pages.iter_enumerated() {
        let parent_dir = match page.kind {
            PageKind::Section if page.dir.is_empty() => continue,
            PageKind::Section => page.dir.rsplit_once('/').map_or("", |(parent, _)| parent),
            PageKind::Leaf => page.dir.as_str(),
        };
        if let Some(&section) = section_of_dir.get(parent_dir) {
            parent[id] = Some(section);
            children[section].push(id);
        }
    }
    for id in pages.ids() {
        children[id].sort_by_key(|&child| sort_key(&pages[child]));
    }
    (home, parent, children)
}

/// Each page's topic and session: its own, else its nearest section's.
fn topic_and_session(
    pages: &PageVec<Page>,
    parent: &PageVec<Option<PageId>>,
    topics: &[PageId],
) -> (PageVec<Option<TopicId>>, PageVec<Option<SessionId>>) {
    let position: HashMap<PageId, TopicId> = topics
        .iter()
        .enumerate()
        .map(|(pos, &id)| (id, TopicId(pos)))
        .collect();
    let mut topic = PageVec::filled(None, pages.len());
    let mut session = PageVec::filled(None, pages.len());
    for page in pages.ids() {
        let mut cursor = Some(page);
        while let Some(id) = cursor {
            if session[page].is_none() {
                session[page] = pages[id].front.session.clone();
            }
            if let Some(&pos) = position.get(&id) {
                topic[page] = Some(pos);
            }
            cursor = parent[id];
        }
    }
    (topic, session)
}

fn check_sessions(config: &Config, pages: &PageVec<Page>, diagnostics: &mut Vec<Diagnostic>) {
    for page in pages {
        let Some(id) = &page.front.session else {
            continue;
        };
        if config.book_file.sessions_known() && config.session(id).is_none() {
            let known: Vec<String> = config
                .sessions
                .iter()
                .map(|s| format!("`{}`", s.id))
                .collect();
            let span = page
                .source
                .find(id.as_str())
                .map_or(0..0, |start| start..start + id.as_str().len());
            diagnostics.push(
                Diagnostic::error(page.file.clone(), format!("unknown session `{id}`"))
                    .at(&page.source, span)
                    .with_help(if known.is_empty() {
                        "declare it in `book.toml` as `[[sessions]]` with `id`, `title`, `date`, `author`".to_string()
                    } else {
                        format!("sessions declared in `book.toml`: {}", known.join(", "))
                    }),
            );
        }
    }
}

/// Depth-first order of a section's subtree, the section first.
fn depth_first(children: &PageVec<Vec<PageId>>, start: PageId, out: &mut Vec<PageId>) {
    out.push(start);
    for &child in &children[start] {
        depth_first(children, child, out);
    }
}

fn prev_next(structure: &Structure, n_pages: usize) -> PageVec<(Option<PageId>, Option<PageId>)> {
    let mut result = PageVec::filled((None, None), n_pages);
    for topic in &structure.topics {
        let order = &topic.order;
        for (pos, &id) in order.iter().enumerate() {
            let prev = pos.checked_sub(1).map(|p| order[p]);
            let next = order.get(pos + 1).copied();
            result[id] = (prev, next);
        }
    }
    result
}

/// Kahn's algorithm over a topic's questions in the book's order, so that ties keep that order
/// and every page comes after the pages it `requires`.
fn reading_order(
    pages: &PageVec<Page>,
    order: &[PageId],
    requires: &PageVec<Vec<PageId>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<PageId> {
    let position: HashMap<PageId, usize> = order
        .iter()
        .enumerate()
        .map(|(pos, &id)| (id, pos))
        .collect();
    let mut indegree = vec![0usize; order.len()];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); order.len()];
    for (pos, &id) in order.iter().enumerate() {
        for required in requires.get(id).into_iter().flatten() {
            if let Some(&required_pos) = position.get(required) {
                indegree[pos] += 1;
                dependents[required_pos].push(pos);
            }
        }
    }
    let mut ready: BTreeSet<usize> = (0..order.len()).filter(|&p| indegree[p] == 0).collect();
    let mut sorted = Vec::with_capacity(order.len());
    while let Some(pos) = ready.pop_first() {
        sorted.push(order[pos]);
        for &dependent in &dependents[pos] {
            indegree[dependent] -= 1;
            if indegree[dependent] == 0 {
                ready.insert(dependent);
            }
        }
    }
    let stuck: Vec<PageId> = (0..order.len())
        .filter(|&p| indegree[p] > 0)
        .map(|p| order[p])
        .collect();
    if let Some(&first) = stuck.first() {
        let names: Vec<String> = (stuck.iter())
            .map(|&id| format!("`{}`", pages[id].rel_path))
            .collect();
        diagnostics.push(
            Diagnostic::error(
                pages[first].file.clone(),
                format!("`requires` forms a cycle among {}", names.join(", ")),
            )
            .with_help("remove one of the `requires` entries so that some page can be read first"),
        );
        sorted.extend(stuck);
    }
    sorted
}

/// Pages by tag. Tags that share a URL (`Kubernetes`, `kubernetes`) are one tag, named by the
/// spelling that sorts first, so the page and its title do not depend on the order pages load.
fn tags(pages: &PageVec<Page>) -> BTreeMap<String, Vec<PageId>> {
    let mut by_slug: BTreeMap<String, (String, Vec<PageId>)> = BTreeMap::new();
    for (id, page) in pages.iter_enumerated() {
        for tag in &page.front.tags {
            let tag = tag.trim();
            if tag.is_empty() {
                continue;
            }
            let (name, members) = by_slug
                .entry(crate::slug::tag(tag))
                .or_insert_with(|| (tag.to_string(), Vec::new()));
            if tag < name.as_str() {
                *name = tag.to_string();
            }
            if members.last() != Some(&id) {
                members.push(id);
            }
        }
    }
    by_slug.into_values().collect()
}

fn sessions(structure: &Structure, pages: &PageVec<Page>) -> BTreeMap<SessionId, Vec<PageId>> {
    let mut sessions: BTreeMap<SessionId, Vec<PageId>> = BTreeMap::new();
    for (id, page) in pages.iter_enumerated() {
        if !page.is_question() {
            continue;
        }
        if let Some(session) = &structure.session[id] {
            sessions.entry(session.clone()).or_default().push(id);
        }
    }
    for list in sessions.values_mut() {
        list.sort_by_key(|&id| {
            let scenario = structure.parent[id];
            (
                missing_last(scenario.and_then(|s| pages[s].front.session_order)),
                missing_last(structure.topic_pos[id]),
                scenario.map(|s| sort_key(&pages[s])),
                sort_key(&pages[id]),
            )
        });
    }
    sessions
}
