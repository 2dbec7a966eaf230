//! The sidebar's entries below the current topic, written as HTML here rather than by a
//! template loop.
//!
//! They are up to [`NAV_WINDOW`] entries and their children on every page, and in tera each one
//! cost half a dozen variable lookups: the loop was 8% of a 500-page build's instructions.
//! mdBook renders its table of contents in Rust (the `{{#toc}}` helper) for the same reason.
//! `base.html` places the result with `{{ page.topic_nav | safe }}`; the list's look is the
//! stylesheet's (`.sidebar ul ul`, `.sidebar a`, `[aria-current]`), as before.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::views::NavItem;
use super::Input;
use crate::content::PageKind;
use crate::escape::attr_into;
use crate::page::PageId;

pub(super) fn nav_item(input: &Input<'_>, id: PageId) -> NavItem {
    let page = &input.pages[id];
    NavItem {
        title: page.title.clone(),
        url: page.url.clone(),
        question: page.front.question,
        current: false,
        pending: page.is_pending(),
        children: Vec::new(),
    }
}

/// Most entries a section shows in the sidebar. Longer sections show a window around the current
/// page (and link to the section page for the rest), so that every page's size stays independent
/// of the book's size instead of growing with it.
pub(super) const NAV_WINDOW: usize = 40;

/// Levels of entries the sidebar shows below a topic: its children, and the children of the one
/// on the way to the current page.
const NAV_LEVELS: usize = 2;

/// The sidebar below the current topic: its children, and the children of the section on the way
/// down to the current page ([`NAV_LEVELS`]).
fn topic_items(input: &Input<'_>, id: PageId) -> Vec<NavItem> {
    let Some(topic) = input.structure.topic_page(id) else {
        return Vec::new();
    };
    let mut ancestors = HashSet::new();
    let mut cursor = Some(id);
    while let Some(id) = cursor {
        ancestors.insert(id);
        cursor = input.structure.parent[id];
    }
    nav_children(input, topic, &ancestors, id, NAV_LEVELS)
}

fn nav_children(
    input: &Input<'_>,
    section: PageId,
    open: &HashSet<PageId>,
    current: PageId,
    levels: usize,
) -> Vec<NavItem> {
    let children = &input.structure.children[section];
    let focus = children
        .iter()
        .position(|id| open.contains(id))
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
            let opens = open.contains(&child) && input.pages[child].kind == PageKind::Section;
            if opens && levels > 1 {
                item.children = nav_children(input, child, open, current, levels - 1);
            }
            item
        })
        .collect()
}

/// The sidebar's topic list from topic `start` on: [`NAV_WINDOW`] topics, then the first
/// [`NAV_WINDOW`] pages outside every topic.
pub(super) fn topics_from(input: &Input<'_>, start: usize) -> Vec<NavItem> {
    let structure = input.structure;
    let topics = structure.topic_pages().skip(start).take(NAV_WINDOW);
    let outside = structure.outside.iter().copied().take(NAV_WINDOW);
    topics
        .chain(outside)
        .map(|id| nav_item(input, id))
        .collect()
}

/// The sidebar's topic list around the topic of page `id`, as a section's entries are shown
/// around the current page; empty when it would be the first window (`site.nav_head`, which
/// every page shares) or the page is in no topic.
pub(super) fn topics_window(input: &Input<'_>, id: PageId) -> Vec<NavItem> {
    let n_topics = input.structure.topics.len();
    let Some(focus) = input.structure.topic_pos[id] else {
        return Vec::new();
    };
    let start = (focus.index())
        .saturating_sub(NAV_WINDOW / 2)
        .min(n_topics.saturating_sub(NAV_WINDOW));
    if start == 0 {
        return Vec::new();
    }
    topics_from(input, start)
}

/// The sidebar below the current topic as HTML (`<ul>` of entries, each section on the way to
/// the current page opened one level), or nothing for a page outside any topic.
pub(super) fn topic_nav(input: &Input<'_>, id: PageId) -> String {
    let items = topic_items(input, id);
    let root = crate::links::root_prefix(&input.pages[id].url);
    let mut html = String::new();
    if !items.is_empty() {
        let pending = input.config.language.strings().answer_pending;
        write_list(&mut html, &items, &root, pending);
    }
    html
}

/// `items` and their children as nested `<ul>`s; an entry whose answer is not written yet is
/// marked with `pending` (답안 준비 중) as the topic lists mark it.
fn write_list(out: &mut String, items: &[NavItem], root: &str, pending: &str) {
    out.push_str("<ul>\n");
    for item in items {
        out.push_str(if item.pending {
            "<li class=\"pending\"><a href=\""
        } else {
            "<li><a href=\""
        });
        attr_into(out, root);
        attr_into(out, &item.url);
        out.push('"');
        if item.current {
            out.push_str(" aria-current=\"page\"");
        }
        out.push('>');
        if let Some(question) = item.question {
            let _ = write!(out, "Q{question}. ");
        }
        attr_into(out, &item.title);
        out.push_str("</a>");
        if item.pending {
            out.push_str(" <span class=\"pending-mark muted\">");
            attr_into(out, pending);
            out.push_str("</span>");
        }
        if !item.children.is_empty() {
            write_list(out, &item.children, root, pending);
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>");
}
