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
//!
//! [`complete`] then makes the rest of such an edit from the same model: only the edited pages'
//! own HTML, the print editions holding them, the search index (updated in place) and the
//! published files can differ from the last build, because every other file reads of a page only
//! what the prose-only test kept equal (title, front matter, outline). Its files are the full
//! rebuild's, so `serve` publishes them instead of rebuilding (tests and
//! `examples/serve_latency.rs` compare every served file with a fresh build).

use std::path::{Path, PathBuf};

use crate::markdown::{self, Doc};
use crate::output::Output;
use crate::page::PageId;
use crate::{content, glossary, history, publish, render, search, Caches, Model};

/// A prose-only edit, rendered.
#[derive(Debug)]
pub struct Edit {
    /// The edited pages.
    pub ids: Vec<PageId>,
    /// Their new HTML files.
    pub pages: Vec<Output>,
}

/// Re-renders the pages of `changed` files into `model`, or `None` when the edit is not a
/// prose-only edit of existing pages (or has any problem): then only a full build will do.
pub fn rerender(model: &mut Model, caches: &Caches, changed: &[PathBuf]) -> Option<Edit> {
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
        if doc.outline.key() != model.docs[id].outline.key() {
            return None;
        }
        edited.push((id, page, doc));
    }
    let ids: Vec<PageId> = edited.iter().map(|(id, _, _)| *id).collect();
    for (id, page, doc) in edited {
        model.content.pages[id] = page;
        model.docs[id] = doc;
    }
    let pages = render::some_pages(&model.templates, &model.input(), &ids)?;
    Some(Edit { ids, pages })
}

/// Every other file `edit` (applied to `model` by [`rerender`]) changes, as the full rebuild
/// would make them: the print editions holding the pages, the search index files that changed
/// and the published files (theme assets, `highlight.css`, figures, the question bank), or `None`
/// when something outside the pages changed too (git's dates) or a template fails.
pub fn complete(model: &Model, caches: &Caches, edit: &Edit) -> Option<search::Changes> {
    let history = history::read(&model.config, &model.content.pages, &caches.history);
    if history.updated != model.history.updated || history.authors != model.history.authors {
        return None;
    }
    let input = model.input();
    let print = render::print_editions_with(&model.templates, &input, &edit.ids)?;
    let mut changes = search::update(&input, &caches.search)?;
    changes.written.extend(print);
    changes
        .written
        .extend(publish::files(&input, &caches.highlighter));
    // The parsed pages the model holds, and no older versions of the edited ones.
    let keys = model.docs.iter().filter_map(|doc| doc.source_key).collect();
    caches.docs.retain(&keys);
    Some(changes)
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
        strings: model.config.language.strings(),
    };
    let env_key = markdown::env_key(&model.glossary, model.config.language.tag());
    let (_, doc, diagnostics) = caches.docs.parse(crate::markdown_input(page), env, env_key);
    diagnostics.is_empty().then_some(doc)
}
