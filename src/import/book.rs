//! What the book already has, as far as an import needs to know: its topics and their words,
//! the scenarios already imported, the names taken, the sessions declared.
//!
//! Read with the build's own loaders (`config`, `content`, `glossary`), so a page the build sees
//! is a page the import sees.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use crate::config::{self, Overrides};
use crate::content::{self, PageKind};
use crate::diagnostic::Diagnostic;
use crate::glossary;
use crate::page::PageVec;
use crate::session::SessionId;

/// A topic (a folder right under `content/`) and the words that describe it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TopicWords {
    /// The folder name.
    pub slug: String,
    /// Its title.
    pub title: String,
    /// Phrases that point at it: title and description words, its pages' tags and scenario
    /// titles, and the glossary terms answered in it.
    pub keys: Vec<String>,
}

/// A scenario section imported before: its folder and the questions it holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportedScenario {
    /// The folder, relative to `content/`.
    pub dir: String,
    /// Its `session`.
    pub session: SessionId,
    /// Its `session_order`.
    pub session_order: u32,
    /// Question number → the page's path relative to `content/`.
    pub questions: BTreeMap<u32, String>,
}

/// The book as an import sees it.
#[derive(Debug, Clone, Default)]
pub struct Book {
    /// Topics, in folder order.
    pub topics: Vec<TopicWords>,
    /// Scenarios that carry a `session` and `session_order`.
    pub scenarios: Vec<ImportedScenario>,
    /// Every path under `content/` that is taken (files and folders), `/`-separated.
    pub taken: HashSet<String>,
    /// Folder (`""` for `content/` itself) → the highest `order` among its children.
    pub orders: HashMap<String, i64>,
    /// Session ids declared in `book.toml`.
    pub sessions: Vec<SessionId>,
}

/// Reads the book at `root`, with its settings. Diagnostics are the build's own (a broken
/// `book.toml` is an error).
pub(super) fn read(root: &Path) -> anyhow::Result<(Book, config::Config, Vec<Diagnostic>)> {
    let (config, mut diagnostics) = config::load(root, &Overrides::default())?;
    // A bare `book.toml` with no `content/` yet is an empty book to import into, not an error.
    let (content, content_diagnostics) = if config.content_dir.is_dir() {
        content::load(&config)
    } else {
        (content::Content::default(), Vec::new())
    };
    diagnostics.extend(content_diagnostics);
    let (glossary, glossary_diagnostics) =
        glossary::load(&config.root, &config.glossary_dir, &content.pages)?;
    diagnostics.extend(
        glossary_diagnostics
            .into_iter()
            .filter(Diagnostic::is_error),
    );
    let mut book = Book {
        sessions: config.sessions.iter().map(|s| s.id.clone()).collect(),
        topics: topic_words(&content.pages, &glossary),
        ..Book::default()
    };
    for page in &content.pages {
        let dir = folder_of(&page.rel_path);
        mark_taken(&mut book.taken, &page.rel_path);
        if let Some(order) = page.front.order {
            let parent = parent_of(&dir, page.kind);
            let entry = book.orders.entry(parent).or_insert(order);
            *entry = (*entry).max(order);
        }
        note_scenario(&mut book.scenarios, page, &dir);
    }
    for page in content.pages.iter().filter(|p| p.kind == PageKind::Leaf) {
        let (Some(number), Some((dir, _))) = (page.front.question, page.rel_path.rsplit_once('/'))
        else {
            continue;
        };
        if let Some(scenario) = book.scenarios.iter_mut().find(|s| s.dir == dir) {
            scenario.questions.insert(number, page.rel_path.clone());
        }
    }
    for asset in &content.assets {
        mark_taken(&mut book.taken, &asset.rel_path);
    }
    Ok((book, config, diagnostics))
}

/// Each topic's title and words: its own title and description, its scenarios' titles, its
/// pages' tags, and the glossary terms whose answer is one of its pages.
fn topic_words(pages: &PageVec<content::Page>, glossary: &glossary::Glossary) -> Vec<TopicWords> {
    let mut topics: BTreeMap<String, TopicWords> = BTreeMap::new();
    for page in pages {
        let dir = folder_of(&page.rel_path);
        let Some(slug) = dir.split('/').next().filter(|slug| !slug.is_empty()) else {
            continue;
        };
        let topic = topics
            .entry(slug.to_string())
            .or_insert_with(|| TopicWords {
                slug: slug.to_string(),
                title: slug.to_string(),
                keys: Vec::new(),
            });
        if page.kind == PageKind::Section {
            topic.keys.push(page.title.clone());
            if !dir.contains('/') {
                topic.title = page.title.clone();
                topic.keys.extend(page.front.description.clone());
            }
        }
        topic.keys.extend(page.front.tags.iter().cloned());
    }
    for term in &glossary.terms {
        let Some(answer) = term.answer else { continue };
        let slug = pages[answer].rel_path.split('/').next().unwrap_or("");
        if let Some(topic) = topics.get_mut(slug) {
            topic.keys.push(term.ko.clone());
            topic.keys.push(term.en.clone());
            topic.keys.extend(term.aliases.iter().cloned());
        }
    }
    topics.into_values().collect()
}

/// Records a scenario section that carries `session` and `session_order`.
fn note_scenario(scenarios: &mut Vec<ImportedScenario>, page: &content::Page, dir: &str) {
    if page.kind != PageKind::Section {
        return;
    }
    if let (Some(session), Some(order)) = (&page.front.session, page.front.session_order) {
        scenarios.push(ImportedScenario {
            dir: dir.to_string(),
            session: session.clone(),
            session_order: order,
            questions: BTreeMap::new(),
        });
    }
}

/// The folder a page describes (a section) or lives in (a leaf).
fn folder_of(rel_path: &str) -> String {
    rel_path
        .rsplit_once('/')
        .map_or(String::new(), |(dir, _)| dir.to_string())
}

/// The folder whose children's `order` a page's `order` competes with.
fn parent_of(dir: &str, kind: PageKind) -> String {
    match kind {
        PageKind::Leaf => dir.to_string(),
        PageKind::Section => dir
            .rsplit_once('/')
            .map_or(String::new(), |(parent, _)| parent.to_string()),
    }
}

/// Marks `rel` and every folder above it as taken, compared case-insensitively (a case-only
/// difference is a URL clash for the build).
fn mark_taken(taken: &mut HashSet<String>, rel: &str) {
    let mut path = String::new();
    for part in rel.split('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str(part);
        taken.insert(path.to_lowercase());
    }
}
