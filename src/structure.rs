//! The book's shape: the section tree, topics, prev/next, sessions, tags and reading order.
//!
//! Topics are the top-level folders of `content/`. Children sort by `order`, then question number,
//! then title. Each page's session is its own `session` or its nearest section's. Everything here
//! is computed from the pages alone, once per build.

use std::collections::{BTreeMap, HashMap};

use crate::config::Config;
use crate::content::{Page, PageKind};
use crate::diagnostic::Diagnostic;

/// The tree and the indexes derived from it; all values are page indexes.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    /// The home page (the root section).
    pub home: usize,
    /// Top-level sections in order.
    pub topics: Vec<usize>,
    /// For each page, its section (none for home).
    pub parent: Vec<Option<usize>>,
    /// For each section, its children in order.
    pub children: Vec<Vec<usize>>,
    /// For each page, its topic (none for home).
    pub topic: Vec<Option<usize>>,
    /// For each page, the session id it belongs to.
    pub session: Vec<Option<String>>,
    /// For each topic (as in `topics`), its pages depth first, the topic's own page first: the
    /// book's order, which navigation, reading orders and the print edition follow.
    pub topic_orders: Vec<Vec<usize>>,
    /// For each page, the previous and next page within its topic.
    pub prev_next: Vec<(Option<usize>, Option<usize>)>,
    /// For each topic, its pages in an order that respects `requires`.
    pub reading_order: HashMap<usize, Vec<usize>>,
    /// Tag → pages.
    pub tags: BTreeMap<String, Vec<usize>>,
    /// Session id → its question pages in the round's order.
    pub sessions: BTreeMap<String, Vec<usize>>,
}

fn sort_key(page: &Page) -> (i64, u32, String) {
    (
        page.front.order.unwrap_or(i64::MAX),
        page.front.question.unwrap_or(u32::MAX),
        page.title.clone(),
    )
}

/// Builds the structure; unknown sessions and `requires` cycles are diagnostics.
pub fn build(
    config: &Config,
    pages: &[Page],
    requires: &[Vec<usize>],
) -> (Structure, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let n_pages = pages.len();
    let section_of_dir: HashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PageKind::Section)
        .map(|(i, p)| (p.dir.as_str(), i))
        .collect();
    let home = section_of_dir.get("").copied().unwrap_or(0);
    let mut parent = vec![None; n_pages];
    let mut children = vec![Vec::new(); n_pages];
    for (page_idx, page) in pages.iter().enumerate() {
        let parent_dir = match page.kind {
            PageKind::Section if page.dir.is_empty() => continue,
            PageKind::Section => page.dir.rsplit_once('/').map_or("", |(parent, _)| parent),
            PageKind::Leaf => page.dir.as_str(),
        };
        if let Some(&parent_idx) = section_of_dir.get(parent_dir) {
            parent[page_idx] = Some(parent_idx);
            children[parent_idx].push(page_idx);
        }
    }
    for list in &mut children {
        list.sort_by_key(|&idx| sort_key(&pages[idx]));
    }
    let topics = children[home]
        .iter()
        .copied()
        .filter(|&idx| pages[idx].kind == PageKind::Section)
        .collect::<Vec<_>>();
    let mut topic = vec![None; n_pages];
    let mut session = vec![None; n_pages];
    for page_idx in 0..n_pages {
        let mut cursor = Some(page_idx);
        while let Some(idx) = cursor {
            if session[page_idx].is_none() {
                session[page_idx] = pages[idx].front.session.clone();
            }
            if parent[idx] == Some(home) {
                topic[page_idx] = Some(idx);
            }
            cursor = parent[idx];
        }
    }
    check_sessions(config, pages, &mut diagnostics);
    let mut structure = Structure {
        home,
        topics,
        parent,
        children,
        topic,
        session,
        ..Structure::default()
    };
    structure.topic_orders = (structure.topics.iter())
        .map(|&topic| {
            let mut order = Vec::new();
            depth_first(&structure, topic, &mut order);
            order
        })
        .collect();
    structure.prev_next = prev_next(&structure, n_pages);
    structure.reading_order = reading_orders(&structure, pages, requires, &mut diagnostics);
    structure.tags = tags(pages);
    structure.sessions = sessions(&structure, pages);
    (structure, diagnostics)
}

fn check_sessions(config: &Config, pages: &[Page], diagnostics: &mut Vec<Diagnostic>) {
    for page in pages {
        let Some(id) = &page.front.session else {
            continue;
        };
        if config.book_toml_ok && config.session(id).is_none() {
            let known: Vec<String> = config
                .sessions
                .iter()
                .map(|s| format!("`{}`", s.id))
                .collect();
            let span = page
                .source
                .find(id.as_str())
                .map_or(0..0, |start| start..start + id.len());
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
fn depth_first(structure: &Structure, start: usize, out: &mut Vec<usize>) {
    out.push(start);
    for &child in &structure.children[start] {
        depth_first(structure, child, out);
    }
}

fn prev_next(structure: &Structure, n_pages: usize) -> Vec<(Option<usize>, Option<usize>)> {
    let mut result = vec![(None, None); n_pages];
    for order in &structure.topic_orders {
        for (pos, &idx) in order.iter().enumerate() {
            let prev = pos.checked_sub(1).map(|p| order[p]);
            let next = order.get(pos + 1).copied();
            result[idx] = (prev, next);
        }
    }
    result
}

/// Kahn's algorithm over each topic's depth-first order, so that ties keep the book's order and
/// every page comes after the pages it `requires`.
fn reading_orders(
    structure: &Structure,
    pages: &[Page],
    requires: &[Vec<usize>],
    diagnostics: &mut Vec<Diagnostic>,
) -> HashMap<usize, Vec<usize>> {
    let mut orders = HashMap::new();
    for (&topic, order) in structure.topics.iter().zip(&structure.topic_orders) {
        let mut order = order.clone();
        order.retain(|&idx| pages[idx].kind == PageKind::Leaf);
        let position: HashMap<usize, usize> = order
            .iter()
            .enumerate()
            .map(|(pos, &idx)| (idx, pos))
            .collect();
        let mut indegree = vec![0usize; order.len()];
        let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); order.len()];
        for (pos, &idx) in order.iter().enumerate() {
            for required in requires.get(idx).into_iter().flatten() {
                if let Some(&required_pos) = position.get(required) {
                    indegree[pos] += 1;
                    dependents[required_pos].push(pos);
                }
            }
        }
        let mut ready: std::collections::BTreeSet<usize> =
            (0..order.len()).filter(|&p| indegree[p] == 0).collect();
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
        if sorted.len() < order.len() {
            let stuck: Vec<String> = (0..order.len())
                .filter(|&p| indegree[p] > 0)
                .map(|p| format!("`{}`", pages[order[p]].rel_path))
                .collect();
            let first = &pages[order[(0..order.len()).find(|&p| indegree[p] > 0).unwrap_or(0)]];
            diagnostics.push(
                Diagnostic::error(
                    first.file.clone(),
                    format!("`requires` forms a cycle among {}", stuck.join(", ")),
                )
                .with_help(
                    "remove one of the `requires` entries so that some page can be read first",
                ),
            );
            sorted.extend(
                (0..order.len())
                    .filter(|&p| indegree[p] > 0)
                    .map(|p| order[p]),
            );
        }
        orders.insert(topic, sorted);
    }
    orders
}

/// Pages by tag. Tags that share a URL (`Kubernetes`, `kubernetes`) are one tag, named by the
/// spelling that sorts first, so the page and its title do not depend on the order pages load.
fn tags(pages: &[Page]) -> BTreeMap<String, Vec<usize>> {
    let mut by_slug: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (page_idx, page) in pages.iter().enumerate() {
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
            if members.last() != Some(&page_idx) {
                members.push(page_idx);
            }
        }
    }
    by_slug.into_values().collect()
}

fn sessions(structure: &Structure, pages: &[Page]) -> BTreeMap<String, Vec<usize>> {
    let mut sessions: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (page_idx, page) in pages.iter().enumerate() {
        if page.kind != PageKind::Leaf {
            continue;
        }
        if let Some(id) = &structure.session[page_idx] {
            sessions.entry(id.clone()).or_default().push(page_idx);
        }
    }
    let topic_pos: HashMap<usize, usize> = structure
        .topics
        .iter()
        .enumerate()
        .map(|(pos, &idx)| (idx, pos))
        .collect();
    for list in sessions.values_mut() {
        list.sort_by_key(|&idx| {
            let scenario = structure.parent[idx];
            let scenario_order = scenario
                .and_then(|s| pages[s].front.session_order)
                .unwrap_or(u32::MAX);
            let topic = structure.topic[idx]
                .and_then(|t| topic_pos.get(&t).copied())
                .unwrap_or(usize::MAX);
            (
                scenario_order,
                topic,
                scenario.map(|s| sort_key(&pages[s])),
                sort_key(&pages[idx]),
            )
        });
    }
    sessions
}
