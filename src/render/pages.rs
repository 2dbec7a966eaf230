//! The views of content pages: one per kind (home, topic, section, answer), and what they are
//! made of (breadcrumbs, sidebar, children, related pages, concept maps).

use std::collections::HashMap;

use serde::Serialize;

use super::views::*;
use super::Input;
use crate::config::Config;
use crate::content::{Page, PageKind};
use crate::links::root_prefix;

/// A content page's view, which also says which template renders it.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub(super) enum ContentPageView {
    /// The front page.
    Home(HomeView),
    /// A top-level section.
    Topic(TopicView),
    /// Any other section.
    Section(SectionView),
    /// A leaf page.
    Question(QuestionView),
}

impl ContentPageView {
    /// The template that renders this kind.
    pub(super) fn template(&self) -> &'static str {
        match self {
            ContentPageView::Home(_) => "home.html",
            ContentPageView::Topic(_) => "topic.html",
            ContentPageView::Section(_) => "section.html",
            ContentPageView::Question(_) => "page.html",
        }
    }

    /// The part every content page has (where the body goes once it is filled in).
    pub(super) fn content_mut(&mut self) -> &mut ContentCommon {
        match self {
            ContentPageView::Home(view) => &mut view.content,
            ContentPageView::Topic(view) => &mut view.content,
            ContentPageView::Section(view) => &mut view.content,
            ContentPageView::Question(view) => &mut view.content,
        }
    }
}

/// The view of content page `page_idx`, its body left empty (filled in only when the page must be
/// rendered again).
pub(super) fn view(input: &Input<'_>, page_idx: usize) -> ContentPageView {
    let structure = input.structure;
    let is_home = page_idx == structure.home;
    let is_topic = structure.topics.contains(&page_idx);
    match (input.pages[page_idx].kind, is_home) {
        (_, true) => ContentPageView::Home(HomeView {
            content: content_common(input, page_idx, Kind::Home),
        }),
        (PageKind::Section, false) if is_topic => ContentPageView::Topic(TopicView {
            content: content_common(input, page_idx, Kind::Section),
            reading_order: reading_order(input, page_idx),
            concept_map: Some(topic_map(input, page_idx)).filter(|svg| !svg.is_empty()),
        }),
        (PageKind::Section, false) => ContentPageView::Section(SectionView {
            content: content_common(input, page_idx, Kind::Section),
        }),
        (PageKind::Leaf, false) => ContentPageView::Question(question_view(input, page_idx)),
    }
}

fn question_view(input: &Input<'_>, page_idx: usize) -> QuestionView {
    let page = &input.pages[page_idx];
    QuestionView {
        content: content_common(input, page_idx, Kind::Page),
        question: page.front.question,
        pending: page.front.answer == crate::frontmatter::AnswerState::Pending,
        tags: page
            .front
            .tags
            .iter()
            .map(|tag| LinkView {
                title: tag.clone(),
                url: format!("tags/{}/", crate::slug::tag(tag)),
            })
            .collect(),
        related: links(input, &related(input, page_idx)),
        updated: input.updated.get(page_idx).cloned().flatten(),
        authors: input.authors.get(page_idx).cloned().unwrap_or_default(),
        reviewed: page.front.reviewed.map(|date| date.to_string()),
        requires: links(input, &input.resolved.requires[page_idx]),
    }
}

fn content_common(input: &Input<'_>, page_idx: usize, kind: Kind) -> ContentCommon {
    let page = &input.pages[page_idx];
    let structure = input.structure;
    let (prev, next) = structure.prev_next[page_idx];
    let depth = if kind == Kind::Home { 2 } else { 1 };
    ContentCommon {
        common: PageCommon {
            kind,
            title: page.title.clone(),
            description: description(input, page_idx),
            url: page.url.clone(),
            root: root_prefix(&page.url),
            canonical: input
                .config
                .base_url
                .as_ref()
                .map(|base| format!("{base}{}", page.url)),
            topic_url: structure.topic[page_idx].map(|idx| input.pages[idx].url.clone()),
            nav: topic_nav(input, page_idx),
        },
        content: String::new(),
        toc: toc(input, page_idx),
        breadcrumbs: breadcrumbs(input, page_idx),
        session: structure.session[page_idx]
            .as_deref()
            .and_then(|id| input.config.session(id))
            .map(session_view),
        children: structure.children[page_idx]
            .iter()
            .map(|&child| child_view(input, child, depth))
            .collect(),
        prev: prev.map(|idx| link(&input.pages[idx])),
        next: next.map(|idx| link(&input.pages[idx])),
        backlinks: links(input, &input.resolved.backlinks[page_idx]),
        edit_url: edit_url(input.config, page),
        source_path: page.rel_path.clone(),
    }
}

/// The meta description: the front matter's, the 핵심 요약, the first paragraph, or the book's.
fn description(input: &Input<'_>, page_idx: usize) -> String {
    let page = &input.pages[page_idx];
    let doc = &input.docs[page_idx];
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

fn toc(input: &Input<'_>, page_idx: usize) -> Vec<TocEntry> {
    input.docs[page_idx]
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
fn breadcrumbs(input: &Input<'_>, page_idx: usize) -> Vec<LinkView> {
    let mut breadcrumbs = Vec::new();
    let mut cursor = input.structure.parent[page_idx];
    while let Some(idx) = cursor {
        breadcrumbs.push(link(&input.pages[idx]));
        cursor = input.structure.parent[idx];
    }
    breadcrumbs.reverse();
    breadcrumbs
}

fn reading_order(input: &Input<'_>, topic: usize) -> Vec<LinkView> {
    input
        .structure
        .reading_order
        .get(&topic)
        .into_iter()
        .flatten()
        .map(|&idx| link(&input.pages[idx]))
        .collect()
}

/// Links to the pages `indexes`, in that order.
fn links(input: &Input<'_>, indexes: &[usize]) -> Vec<LinkView> {
    indexes.iter().map(|&idx| link(&input.pages[idx])).collect()
}

pub(super) fn link(page: &Page) -> LinkView {
    LinkView {
        title: page.title.clone(),
        url: page.url.clone(),
    }
}

pub(super) fn nav_item(input: &Input<'_>, page_idx: usize) -> NavItem {
    let page = &input.pages[page_idx];
    NavItem {
        title: page.title.clone(),
        url: page.url.clone(),
        question: page.front.question,
        current: false,
        children: Vec::new(),
    }
}

/// Most entries a section shows in the sidebar. Longer sections show a window around the current
/// page (and link to the section page for the rest), so that every page's size stays independent
/// of the book's size instead of growing with it.
const NAV_WINDOW: usize = 40;

/// The sidebar below the current topic: its children, and the children of every section on the
/// way down to the current page.
fn topic_nav(input: &Input<'_>, page_idx: usize) -> Vec<NavItem> {
    let Some(topic) = input.structure.topic[page_idx] else {
        return Vec::new();
    };
    let mut ancestors = std::collections::HashSet::new();
    let mut cursor = Some(page_idx);
    while let Some(idx) = cursor {
        ancestors.insert(idx);
        cursor = input.structure.parent[idx];
    }
    nav_children(input, topic, &ancestors, page_idx)
}

fn nav_children(
    input: &Input<'_>,
    section: usize,
    open: &std::collections::HashSet<usize>,
    current: usize,
) -> Vec<NavItem> {
    let children = &input.structure.children[section];
    let focus = children
        .iter()
        .position(|idx| open.contains(idx))
        .unwrap_or(0);
    let start = focus
        .saturating_sub(NAV_WINDOW / 2)
        .min(children.len().saturating_sub(NAV_WINDOW));
    children
        .iter()
        .skip(start)
        .take(NAV_WINDOW)
        .map(|&child| {
            let mut item = nav_item(input, child);
            item.current = child == current;
            if open.contains(&child) && input.pages[child].kind == PageKind::Section {
                item.children = nav_children(input, child, open, current);
            }
            item
        })
        .collect()
}

/// The view of a session, shared by page footers and session pages.
pub fn session_view(session: &crate::config::Session) -> SessionView {
    SessionView {
        id: session.id.clone(),
        title: session.title.clone(),
        date: session.date.clone(),
        author: session.author.clone(),
        url: format!("sessions/{}/", crate::slug::segment(&session.id)),
    }
}

/// A child's entry, with `depth` more levels below it.
pub(super) fn child_view(input: &Input<'_>, page_idx: usize, depth: usize) -> ChildView {
    let page = &input.pages[page_idx];
    let doc = &input.docs[page_idx];
    let children = if depth > 0 {
        input.structure.children[page_idx]
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
        pending: page.front.answer == crate::frontmatter::AnswerState::Pending,
        is_section: page.kind == PageKind::Section,
        children,
        session: input.structure.session[page_idx].clone(),
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

/// The leaf pages under `section`, depth first.
pub(crate) fn leaves_under(input: &Input<'_>, section: usize, out: &mut Vec<usize>) {
    for &child in &input.structure.children[section] {
        match input.pages[child].kind {
            PageKind::Leaf => out.push(child),
            PageKind::Section => leaves_under(input, child, out),
        }
    }
}

/// A topic's questions plus the answers in other topics they link to, and the links among them.
fn topic_map(input: &Input<'_>, topic: usize) -> String {
    let mut members = Vec::new();
    leaves_under(input, topic, &mut members);
    let own: std::collections::HashSet<usize> = members.iter().copied().collect();
    let mut neighbours: Vec<usize> = members
        .iter()
        .flat_map(|&idx| {
            input.resolved.outlinks[idx]
                .iter()
                .chain(&input.resolved.backlinks[idx])
        })
        .copied()
        .filter(|idx| !own.contains(idx) && input.pages[*idx].kind == PageKind::Leaf)
        .collect();
    neighbours.sort_by_key(|&idx| (input.structure.topic[idx], idx));
    neighbours.dedup();
    members.extend(neighbours);
    let title = format!(
        "{}: {}",
        crate::i18n::for_language(&input.config.language).concept_map,
        input.pages[topic].title
    );
    concept_map(input, &members, &input.pages[topic].url, &title)
}

/// Draws the map of `members` for a page at `from_url`.
pub(crate) fn concept_map(
    input: &Input<'_>,
    members: &[usize],
    from_url: &str,
    title: &str,
) -> String {
    let root = root_prefix(from_url);
    let topic_pos: HashMap<usize, usize> = input
        .structure
        .topics
        .iter()
        .enumerate()
        .map(|(pos, &idx)| (idx, pos))
        .collect();
    let set: std::collections::HashSet<usize> = members.iter().copied().collect();
    let nodes: Vec<crate::conceptmap::Node> = members
        .iter()
        .map(|&idx| {
            let page = &input.pages[idx];
            let label = match page.front.question {
                Some(q) => format!("Q{q} {}", page.title),
                None => page.title.clone(),
            };
            crate::conceptmap::Node {
                label,
                href: format!("{root}{}", page.url),
                group: input.structure.topic[idx]
                    .and_then(|t| topic_pos.get(&t).copied())
                    .unwrap_or(0),
                page: idx,
            }
        })
        .collect();
    let edges: Vec<(usize, usize)> = members
        .iter()
        .flat_map(|&idx| {
            input.resolved.outlinks[idx]
                .iter()
                .filter(|t| set.contains(t))
                .map(move |&t| (idx, t))
        })
        .collect();
    let groups: Vec<String> = input
        .structure
        .topics
        .iter()
        .map(|&t| input.pages[t].title.clone())
        .collect();
    crate::conceptmap::html(&nodes, &edges, &groups, title)
}

fn edit_url(config: &Config, page: &Page) -> Option<String> {
    let repository = config.repository.as_ref()?;
    if page.source.is_empty() {
        return None;
    }
    let path = page.file.to_string_lossy().replace('\\', "/");
    Some(format!(
        "{repository}/edit/{}/{}",
        config.branch,
        crate::url::encode_path(&path)
    ))
}

/// How many pages around a page's own place in a tag's list count as sharing the tag.
const RELATED_TAG_WINDOW: usize = 64;

/// Pages that share tags or links with this one, best first, at most five.
fn related(input: &Input<'_>, page_idx: usize) -> Vec<usize> {
    let page = &input.pages[page_idx];
    if page.kind != PageKind::Leaf {
        return Vec::new();
    }
    let mut scores: HashMap<usize, usize> = HashMap::new();
    for tag in &page.front.tags {
        let members = input
            .structure
            .tags
            .get(tag.trim())
            .map_or(&[][..], Vec::as_slice);
        // Only the pages nearest in the book: a tag on thousands of pages would otherwise make
        // every page scan all of them (quadratic in the book's size), and says little anyway.
        let at = members.partition_point(|&other| other < page_idx);
        let start = at
            .saturating_sub(RELATED_TAG_WINDOW / 2)
            .min(members.len().saturating_sub(RELATED_TAG_WINDOW));
        for &other in members.iter().skip(start).take(RELATED_TAG_WINDOW) {
            *scores.entry(other).or_default() += 1;
        }
    }
    for &other in input.resolved.outlinks[page_idx]
        .iter()
        .chain(&input.resolved.backlinks[page_idx])
    {
        *scores.entry(other).or_default() += 2;
    }
    scores.remove(&page_idx);
    let mut ranked: Vec<(usize, usize)> = scores
        .into_iter()
        .filter(|(idx, _)| input.pages[*idx].kind == PageKind::Leaf)
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.into_iter().take(5).map(|(idx, _)| idx).collect()
}
