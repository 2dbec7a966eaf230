//! `serve`'s first answer to an edit: re-render only the edited pages, before the full rebuild.
//!
//! Most saves while writing change a page's prose and nothing the rest of the book shows of it:
//! its title, front matter, headings, links, diagrams, question and summary stay the same. Then
//! every other page's HTML is unchanged except the ones that embed this page whole (the print
//! edition, feeds, the search index), and this page can be rendered at once from the previous
//! build's [`Model`] with the new text. `serve` publishes that page first and runs the full
//! rebuild right after, which redoes everything from disk (and holds back requests for any other
//! file until it is done), so an edit this module misjudges costs a second reload, never a stale
//! page.

use std::path::{Path, PathBuf};

use crate::markdown::{self, Doc};
use crate::output::Output;
use crate::page::PageId;
use crate::{content, glossary, i18n, render, Caches, Model};

/// Re-renders the pages of `changed` files into `model`, or `None` when the edit is not a
/// prose-only edit of existing pages (or has any problem): then only a full build will do.
pub fn rerender(model: &mut Model, caches: &Caches, changed: &[PathBuf]) -> Option<Vec<Output>> {
    if changed.is_empty() {
        return None;
    }
    let mut edited = Vec::with_capacity(changed.len());
    for path in changed {
        let id = page_of(model, path)?;
        let old = &model.content.pages[id];
        let page = content::reread_page(&model.config, old)?;
        if page.front != old.front
            || page.title != old.title
            || page.title_from_heading != old.title_from_heading
        {
            return None;
        }
        let doc = parse(model, caches, &page)?;
        if doc.outline != model.docs[id].outline {
            return None;
        }
        edited.push((id, page, doc));
    }
    let ids: Vec<PageId> = edited.iter().map(|(id, _, _)| *id).collect();
    for (id, page, doc) in edited {
        model.content.pages[id] = page;
        model.docs[id] = doc;
    }
    render::some_pages(&model.templates, &model.input(), &ids)
}

/// The page whose source is `path`, if it is one of the book's Markdown pages.
fn page_of(model: &Model, path: &Path) -> Option<PageId> {
    let root = &model.config.root;
    let relative = path
        .strip_prefix(root)
        .ok()
        .map(Path::to_path_buf)
        .or_else(|| {
            let canonical_root = root.canonicalize().ok()?;
            let canonical = path.canonicalize().ok()?;
            canonical
                .strip_prefix(&canonical_root)
                .ok()
                .map(Path::to_path_buf)
        })?;
    model.content.pages.position(|page| page.file == relative)
}

/// Parses `page` as the full build does (through the same cache, so that the full rebuild that
/// follows finds it parsed). `None` if the page now has any diagnostic.
fn parse(model: &Model, caches: &Caches, page: &content::Page) -> Option<Doc> {
    let matcher = glossary::Matcher::new(&model.glossary);
    let env = markdown::Env {
        highlighter: &caches.highlighter,
        glossary: (!model.glossary.terms.is_empty()).then_some(&matcher),
        strings: i18n::for_language(&model.config.language),
    };
    let env_key = markdown::env_key(&model.glossary, &model.config.language);
    let (_, doc, diagnostics) = caches.docs.parse(crate::markdown_input(page), env, env_key);
    diagnostics.is_empty().then_some(doc)
}
