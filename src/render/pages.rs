//! The views of content pages: one per kind (home, topic, section, answer), and what they are
//! made of (breadcrumbs, sidebar, children, related pages, concept maps).

use std::collections::HashMap;

use serde::Serialize;

use super::views::*;
use super::Input;
use crate::config::Config;
use crate::content::{Page, PageKind, PageOrigin, PageRole};
use crate::links::root_prefix;
use crate::page::PageId;
use crate::structure::TopicId;

/// A content page's view, which also says which template renders it.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub(super) enum ContentPageView {
    /// The front page.
    Home(HomeView),
    /// A top-level section.
    Topic(TopicView),
    /// A folder below a topic.
    Scenario(SectionView),
    /// A question or a note.
    Leaf(QuestionView),
}

impl ContentPageView {
    /// The template that renders this kind.
    pub(super) fn template(&self) -> &'static str {
        match self {
            ContentPageView::Home(_) => "home.html",
            ContentPageView::Topic(_) => "topic.html",
            ContentPageView::Scenario(_) => "section.html",
            ContentPageView::Leaf(_) => "page.html",
        }
    }

    /// The part every content page has (where the body goes once it is filled in).
    pub(super) fn content_mut(&mut self) -> &mut ContentCommon {
        match self {
            ContentPageView::Home(view) => &mut view.content,
            ContentPageView::Topic(view) => &mut view.content,
            ContentPageView::Scenario(view) => &mut view.content,
            ContentPageView::Leaf(view) => &mut view.content,
        }
    }
}

/// The view of content page `id`, its body left empty (filled in only when the page must be
/// rendered again).
pub(super) fn view(input: &Input<'_>, id: PageId) -> ContentPageView {
    match input.pages[id].role() {
        PageRole::Home => ContentPageView::Home(HomeView {
            content: content_common(input, id, Kind::Home),
        }),
        PageRole::Topic => ContentPageView::Topic(TopicView {
            content: content_common(input, id, Kind::Section),
            reading_order: reading_order(input, id),
            concept_map: Some(topic_map(input, id)).filter(|svg| !svg.is_empty()),
        }),
        PageRole::Scenario => ContentPageView::Scenario(SectionView {
            content: content_common(input, id, Kind::Section),
        }),
        PageRole::Question | PageRole::Note => ContentPageView::Leaf(question_view(input, id)),
    }
}

fn question_view(input: &Input<'_>, id: PageId) -> QuestionView {
    let page = &input.pages[id];
    QuestionView {
        content: content_common(input, id, Kind::Page),
        question: page.front.question,
        pending: page.is_pending(),
        tags: page
            .front
            .tags
            .iter()
            .map(|tag| LinkView {
                title: tag.clone(),
                url: format!("tags/{}/", crate::slug::tag(tag)),
                pending: false,
            })
            .collect(),
        related: links(input, &related(input, id)),
        updated: input.updated.get(id).copied().flatten(),
        authors: input.authors.get(id).cloned().unwrap_or_default(),
        reviewed: page.front.reviewed,
        requires: links(input, &input.resolved.requires[id]),
        progress_key: progress_key(page),
    }
}

/// What the reader's progress for a page is stored under: its front matter `id`, which survives
/// a rename, else its URL (what marks were keyed on before ids existed).
pub(super) fn progress_key(page: &crate::content::Page) -> String {
    page.front.id.clone().unwrap_or_else(|| page.url.clone())
}

fn content_common(input: &Input<'_>, id: PageId, kind: Kind) -> ContentCommon {
    let page = &input.pages[id];
    let structure = input.structure;
    let (prev, next) = structure.prev_next[id];
    let depth = if kind == Kind::Home { 2 } else { 1 };
    ContentCommon {
        common: PageCommon {
            kind,
            title: page.title.clone(),
            description: description(input, id),
            url: page.url.clone(),
            root: root_prefix(&page.url),
            canonical: input
                .config
                .base_url
                .as_ref()
                .map(|base| format!("{base}{}", page.url)),
            topic_url: (structure.topic_page(id)).map(|topic| input.pages[topic].url.clone()),
            topic_nav: super::sidebar::topic_nav(input, id),
            nav_window: super::sidebar::topics_window(input, id),
        },
        content: String::new(),
        toc: toc(input, id),
        breadcrumbs: breadcrumbs(input, id),
        session: structure.session[id]
            .as_ref()
            .and_then(|id| input.config.session(id))
            .map(session_view),
        children: structure.children[id]
            .iter()
            .map(|&child| child_view(input, child, depth))
            .collect(),
        prev: prev.map(|id| link(&input.pages[id])),
        next: next.map(|id| link(&input.pages[id])),
        backlinks: links(input, &input.resolved.backlinks[id]),
        edit_url: edit_url(input.config, page),
        source_path: page.rel_path.clone(),
    }
}

/// The meta description: the front matter's, the 핵심 요약, the first paragraph, or the book's.
fn description(input: &Input<'_>, id: PageId) -> String {
    let page = &input.pages[id];
    let doc = &input.docs[id];
    page.front
        .description
        .clone()
        .or_else(|| doc.outline.summary.clone())
        .or_else(|| {
            doc.sections
                .iter()
                .map(|s| s.text.as_str())
                .find(|t| !t.is_empty())
                .map(str::to_string)
        })
        .map(|text| truncate(&text, 150))
        .unwrap_or_else(|| input.config.description.clone())
}

fn toc(input: &Input<'_>, id: PageId) -> Vec<TocEntry> {
    input.docs[id]
        .outline
        .headings
        .iter()
        .filter(|h| h.level == 2 || h.level == 3)
        .map(|h| TocEntry {
            level: h.level,
            id: h.id.clone(),
            text: h.text.clone(),
            in_answer: h.in_answer,
        })
        .collect()
}

/// Ancestors, home first.
fn breadcrumbs(input: &Input<'_>, id: PageId) -> Vec<LinkView> {
    let mut breadcrumbs = Vec::new();
    let mut cursor = input.structure.parent[id];
    while let Some(id) = cursor {
        breadcrumbs.push(link(&input.pages[id]));
        cursor = input.structure.parent[id];
    }
    breadcrumbs.reverse();
    breadcrumbs
}

fn reading_order(input: &Input<'_>, topic: PageId) -> Vec<LinkView> {
    let order = input
        .structure
        .topic(topic)
        .map(|topic| &topic.reading_order[..]);
    links(input, order.unwrap_or_default())
}

/// Links to the pages `ids`, in that order.
fn links(input: &Input<'_>, ids: &[PageId]) -> Vec<LinkView> {
    ids.iter().map(|&id| link(&input.pages[id])).collect()
}

pub(super) fn link(page: &Page) -> LinkView {
    LinkView {
        title: page.title.clone(),
        url: page.url.clone(),
        pending: page.is_pending(),
    }
}

/// The view of a session, shared by page footers and session pages.
pub fn session_view(session: &crate::config::Session) -> SessionView {
    SessionView {
        id: session.id.clone(),
        title: session.title.clone(),
        date: session.date,
        author: session.author.clone(),
        url: format!("sessions/{}/", crate::slug::session(session.id.as_str())),
    }
}

/// A child's entry, with `depth` more levels below it.
pub(super) fn child_view(input: &Input<'_>, id: PageId, depth: usize) -> ChildView {
    let page = &input.pages[id];
    let doc = &input.docs[id];
    let children = if depth > 0 {
        input.structure.children[id]
            .iter()
            .map(|&child| child_view(input, child, depth - 1))
            .collect()
    } else {
        Vec::new()
    };
    ChildView {
        title: page.title.clone(),
        url: page.url.clone(),
        summary: page
            .front
            .description
            .clone()
            .or_else(|| doc.outline.summary.clone())
            .map(|s| truncate(&s, 160)),
        question: page.front.question,
        pending: page.is_pending(),
        is_section: page.kind == PageKind::Section,
        children,
        session: input.structure.session[id].clone(),
        progress_key: progress_key(page),
    }
}

/// Shortens to `max` characters at a character boundary, with an ellipsis.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max).collect();
    out.push('…');
    out
}

/// A topic's questions plus the answers in other topics they link to, and the links among them.
fn topic_map(input: &Input<'_>, topic: PageId) -> String {
    let mut members = (input.structure.topic(topic))
        .map(|topic| topic.leaves.clone())
        .unwrap_or_default();
    let own: std::collections::HashSet<PageId> = members.iter().copied().collect();
    let mut neighbours: Vec<PageId> = members
        .iter()
        .flat_map(|&id| {
            input.resolved.outlinks[id]
                .iter()
                .chain(&input.resolved.backlinks[id])
        })
        .copied()
        .filter(|id| !own.contains(id) && input.pages[*id].kind == PageKind::Leaf)
        .collect();
    neighbours.sort_by_key(|&id| (input.structure.topic_page(id), id));
    neighbours.dedup();
    members.extend(neighbours);
    let title = format!(
        "{}: {}",
        input.config.language.strings().concept_map,
        input.pages[topic].title
    );
    concept_map(input, &members, &input.pages[topic].url, &title)
}

/// Draws the map of `members` for a page at `from_url`.
pub(crate) fn concept_map(
    input: &Input<'_>,
    members: &[PageId],
    from_url: &str,
    title: &str,
) -> String {
    let root = root_prefix(from_url);
    let strings = input.config.language.strings();
    // The legend: each topic, then one group for pages outside every topic, if there are any.
    let mut groups: Vec<String> = (input.structure.topic_pages())
        .map(|topic| input.pages[topic].title.clone())
        .collect();
    let outside = groups.len();
    if members
        .iter()
        .any(|&id| input.structure.topic_pos[id].is_none())
    {
        groups.push(strings.outside_topics.to_string());
    }
    let position: HashMap<PageId, usize> = members
        .iter()
        .enumerate()
        .map(|(pos, &id)| (id, pos))
        .collect();
    let nodes: Vec<crate::conceptmap::Node> = members
        .iter()
        .map(|&id| {
            let page = &input.pages[id];
            let label = match page.front.question {
                Some(q) => format!("Q{q} {}", page.title),
                None => page.title.clone(),
            };
            crate::conceptmap::Node {
                label,
                href: format!("{root}{}", page.url),
                group: (input.structure.topic_pos[id]).map_or(outside, TopicId::index),
                pending: page.is_pending().then_some(strings.answer_pending),
            }
        })
        .collect();
    let edges: Vec<crate::conceptmap::Edge> = members
        .iter()
        .enumerate()
        .flat_map(|(from, &id)| {
            (input.resolved.outlinks[id].iter())
                .filter_map(|target| position.get(target))
                .map(move |&to| (from, to))
        })
        .collect();
    crate::conceptmap::html(&nodes, &edges, &groups, title)
}

fn edit_url(config: &Config, page: &Page) -> Option<String> {
    let repository = config.repository.as_ref()?;
    if page.origin == PageOrigin::Folder {
        return None;
    }
    let path = page.file.to_string_lossy().replace('\\', "/");
    Some(format!(
        "{repository}/edit/{}/{}",
        crate::url::encode_path(&config.branch),
        crate::url::encode_path(&path)
    ))
}

/// How many pages around a page's own place in a tag's list count as sharing the tag.
const RELATED_TAG_WINDOW: usize = 64;

/// Pages that share tags or links with this one, best first, at most five.
fn related(input: &Input<'_>, id: PageId) -> Vec<PageId> {
    let page = &input.pages[id];
    if page.kind != PageKind::Leaf {
        return Vec::new();
    }
    let mut scores: HashMap<PageId, usize> = HashMap::new();
    for tag in &page.front.tags {
        let members = input
            .structure
            .tags
            .get(tag.trim())
            .map_or(&[][..], Vec::as_slice);
        // Only the pages nearest in the book: a tag on thousands of pages would otherwise make
        // every page scan all of them (quadratic in the book's size), and says little anyway.
        let at = members.partition_point(|&other| other < id);
        let start = at
            .saturating_sub(RELATED_TAG_WINDOW / 2)
            .min(members.len().saturating_sub(RELATED_TAG_WINDOW));
        for &other in members.iter().skip(start).take(RELATED_TAG_WINDOW) {
            *scores.entry(other).or_default() += 1;
        }
    }
    for &other in input.resolved.outlinks[id]
        .iter()
        .chain(&input.resolved.backlinks[id])
    {
        *scores.entry(other).or_default() += 2;
    }
    scores.remove(&id);
    let mut ranked: Vec<(PageId, usize)> = scores
        .into_iter()
        .filter(|(id, _)| input.pages[*id].kind == PageKind::Leaf)
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.into_iter().take(5).map(|(id, _)| id).collect()
}
