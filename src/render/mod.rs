//! Pages → HTML files, with tera.
//!
//! Templates are compiled once per build: the built-in theme is embedded in the binary, and files
//! in the book's `theme/templates/` replace built-in ones of the same name. Templates see only the
//! views in `views`. Pages render in parallel; the shared [`SiteView`] is serialised once.

mod errors;
mod extra;
mod memo;
pub mod views;

pub use memo::Cache;

use std::collections::HashMap;

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::config::Config;
use crate::content::{Page, PageKind};
use crate::diagnostic::Diagnostic;
use crate::diagrams::Figures;
use crate::glossary::Glossary;
use crate::links::{root_prefix, Resolved};
use crate::markdown::Doc;
use crate::structure::Structure;
use views::*;

pub use crate::output::Output;

/// Everything the renderer reads. Built by `lib::build` from the earlier stages' results.
pub struct Input<'a> {
    /// Settings.
    pub config: &'a Config,
    /// All pages.
    pub pages: &'a [Page],
    /// Their parsed Markdown.
    pub docs: &'a [Doc],
    /// Tree, sessions, tags.
    pub structure: &'a Structure,
    /// Resolved links and backlinks.
    pub resolved: &'a Resolved,
    /// Rendered diagrams.
    pub figures: &'a Figures,
    /// The glossary.
    pub glossary: &'a Glossary,
    /// Last-updated dates by page index.
    pub updated: &'a [Option<String>],
}

const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../theme/templates/base.html")),
    (
        "macros.html",
        include_str!("../../theme/templates/macros.html"),
    ),
    ("page.html", include_str!("../../theme/templates/page.html")),
    (
        "section.html",
        include_str!("../../theme/templates/section.html"),
    ),
    ("home.html", include_str!("../../theme/templates/home.html")),
    ("list.html", include_str!("../../theme/templates/list.html")),
    (
        "glossary.html",
        include_str!("../../theme/templates/glossary.html"),
    ),
    ("404.html", include_str!("../../theme/templates/404.html")),
    (
        "search.html",
        include_str!("../../theme/templates/search.html"),
    ),
    (
        "print.html",
        include_str!("../../theme/templates/print.html"),
    ),
];

/// The compiled templates and a hash of their sources (the render cache's first key part).
pub struct Templates {
    /// The compiled templates (shared with the cache, which keeps them while the sources stay).
    pub tera: std::sync::Arc<Tera>,
    /// A hash of every template's name and text.
    pub key: u64,
}

/// Compiles the templates: built-in ones, then the book's overrides. Templates compiled by an
/// earlier build with the same `cache` and the same sources are reused.
pub fn templates(config: &Config, cache: &Cache) -> (Option<Templates>, Vec<Diagnostic>) {
    let mut sources: HashMap<String, String> = BUILTIN_TEMPLATES
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect();
    let mut diagnostics = Vec::new();
    let mut warnings = Vec::new();
    let dir = config.theme_dir.join("templates");
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.extension().is_none_or(|ext| ext != "html") {
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            let shown = crate::diagnostic::display_path(&config.root, &path);
            match crate::source_file::read(&config.root, &path).map(String::from_utf8) {
                Ok(Ok(text)) => {
                    sources.insert(name, text);
                }
                Ok(Err(invalid)) => {
                    diagnostics.push(crate::diagnostic::invalid_utf8(shown, invalid));
                }
                // A link out of the book or a FIFO is skipped: the built-in template stays.
                Err(refusal) if refusal.is_skippable() => {
                    warnings.push(refusal.diagnostic(shown));
                }
                Err(refusal) => diagnostics.push(refusal.diagnostic(shown).with_help(
                    "check the file's permissions, or remove it to use the built-in template",
                )),
            }
        }
    }
    if !diagnostics.is_empty() {
        diagnostics.extend(warnings);
        return (None, diagnostics);
    }
    let list: Vec<(String, String)> = sources.into_iter().collect();
    let key = {
        let mut sorted: Vec<&(String, String)> = list.iter().collect();
        sorted.sort();
        memo::key(&sorted, &())
    };
    if let Some(tera) = cache.templates(key) {
        return (Some(Templates { tera, key }), warnings);
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default escaper also turns `/` into `&#x2F;`, which bloats every URL; HTML does not
    // need it in text or quoted attributes.
    tera.set_escape_fn(crate::escape::attr);
    match tera.add_raw_templates(list) {
        Ok(()) => {
            let tera = std::sync::Arc::new(tera);
            cache.keep_templates(key, std::sync::Arc::clone(&tera));
            (Some(Templates { tera, key }), warnings)
        }
        Err(error) => {
            warnings.push(errors::syntax(config, &error));
            (None, warnings)
        }
    }
}

pub use errors::error_chain;
pub use extra::PRINT_WHOLE_MAX_PAGES;

/// What every render needs: the templates, the shared context, and the cache of outputs.
pub(crate) struct Renderer<'a> {
    tera: &'a Tera,
    base: Context,
    /// Hash of the templates and the site view.
    key: u64,
    previous: HashMap<u64, std::sync::Arc<Output>>,
    rendered: std::sync::Mutex<HashMap<u64, std::sync::Arc<Output>>>,
    /// Whether to remember renders in `rendered` (not in a one-off build).
    keep: bool,
}

/// Claims what [`pages`] writes: every content page, the 404 page and the generated folders.
pub fn claim(config: &Config, pages: &[Page], namespace: &mut crate::output::Namespace) {
    use crate::output::{Owner, GENERATED_FOLDERS};
    for (prefix, what) in GENERATED_FOLDERS {
        namespace.claim_folder(prefix, Owner::Generated(what));
    }
    namespace.claim("404.html", Owner::Generated("404 page"), &config.root);
    for page in pages {
        namespace.claim(
            &format!("{}index.html", page.url),
            Owner::Page(page.file.clone()),
            &config.root,
        );
    }
}

/// Renders every page and the generated pages (sessions, tags, glossary, 404, search, print).
/// Pages whose views did not change since the previous build with the same `cache` are not
/// rendered again.
pub fn pages(
    templates: &Templates,
    input: &Input<'_>,
    cache: &Cache,
    sink: Sink<'_>,
) -> Vec<Diagnostic> {
    let mut renderer = renderer(templates, input, cache.take());
    renderer.keep = cache.keeps_outputs();
    let diagnostics = render_all(&renderer, input, sink);
    cache.keep(renderer.rendered.into_inner().unwrap_or_default());
    diagnostics
}

/// Where finished files go as soon as they are made: `build` writes them into its staging folder
/// at once (so the whole site is never in memory), `serve` keeps them. Called from many threads.
pub type Sink<'s> = &'s (dyn Fn(Output) + Sync);

fn renderer<'a>(
    templates: &'a Templates,
    input: &Input<'_>,
    previous: HashMap<u64, std::sync::Arc<Output>>,
) -> Renderer<'a> {
    let site = site_view(input);
    Renderer {
        tera: &templates.tera,
        base: {
            let mut context = Context::new();
            context.insert("site", &site);
            context
        },
        key: memo::key(templates.key, &site),
        previous,
        rendered: std::sync::Mutex::new(HashMap::new()),
        keep: false,
    }
}

fn render_all(renderer: &Renderer<'_>, input: &Input<'_>, sink: Sink<'_>) -> Vec<Diagnostic> {
    let mut diagnostics: Vec<Diagnostic> = (0..input.pages.len())
        .into_par_iter()
        .filter_map(|page_idx| match render_page(renderer, input, page_idx) {
            Ok(output) => {
                sink(output);
                None
            }
            Err(diagnostic) => Some(*diagnostic),
        })
        .collect();
    diagnostics.extend(extra::pages(renderer, input, sink));
    diagnostics
}

/// Renders the content page `page_idx` (or returns its previous render).
fn render_page(
    renderer: &Renderer<'_>,
    input: &Input<'_>,
    page_idx: usize,
) -> Result<Output, Box<Diagnostic>> {
    let view = page_view(input, page_idx);
    let template = match (input.pages[page_idx].kind, page_idx == input.structure.home) {
        (_, true) => "home.html",
        (PageKind::Section, _) => "section.html",
        (PageKind::Leaf, _) => "page.html",
    };
    let fill = |view: &mut PageView| {
        view.content = input.docs[page_idx].body.render(crate::body::Fill {
            root: &view.root,
            hrefs: &input.resolved.hrefs[page_idx],
            figures: &input.figures.figures[page_idx],
        });
    };
    render_one(renderer, template, view, content_key(input, page_idx), fill).map_err(|message| {
        Box::new(errors::render(
            input.config,
            template,
            &input.pages[page_idx].file,
            &message,
        ))
    })
}

/// Renders the content pages `page_indexes` alone, exactly as [`pages`] would, without reading or
/// changing a cache: `serve`'s first answer to an edit. `None` if a template fails.
pub fn some_pages(
    templates: &Templates,
    input: &Input<'_>,
    page_indexes: &[usize],
) -> Option<Vec<Output>> {
    let renderer = renderer(templates, input, HashMap::new());
    page_indexes
        .iter()
        .map(|&page_idx| render_page(&renderer, input, page_idx).ok())
        .collect()
}

/// A hash of what a page's content is made of (its `Doc`, link targets and figures), so that an
/// unchanged page is recognised without filling in its content.
pub(super) fn content_key(input: &Input<'_>, page_idx: usize) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let doc = &input.docs[page_idx];
    match doc.source_key {
        Some(source_key) => source_key.hash(&mut hasher),
        None => doc.body.hash(&mut hasher),
    }
    input.resolved.hrefs[page_idx].hash(&mut hasher);
    input.figures.figures[page_idx].hash(&mut hasher);
    hasher.finish()
}

/// Renders `view` with `template` into `view.url/index.html` (or the view's own file for 404),
/// or returns the same render from the previous build. `fill` completes the view before a render;
/// `content_key` must change whenever what `fill` adds does.
fn render_one(
    renderer: &Renderer<'_>,
    template: &str,
    view: PageView,
    content_key: u64,
    fill: impl FnOnce(&mut PageView),
) -> Result<Output, String> {
    let key = renderer
        .keep
        .then(|| memo::key((renderer.key, template, content_key), &view));
    remember(renderer, key, || {
        render_view(renderer, template, view, fill)
    })
}

/// The previous build's output of `key`, or `make`'s, kept for the next build; just `make`'s
/// without a key (a renderer that keeps nothing computes none).
fn remember(
    renderer: &Renderer<'_>,
    key: Option<u64>,
    make: impl FnOnce() -> Result<Output, String>,
) -> Result<Output, String> {
    let Some(key) = key else {
        return make();
    };
    let output = match renderer.previous.get(&key) {
        Some(output) => std::sync::Arc::clone(output),
        None => std::sync::Arc::new(make()?),
    };
    if let Ok(mut rendered) = renderer.rendered.lock() {
        rendered.insert(key, std::sync::Arc::clone(&output));
    }
    Ok(Output::clone(&output))
}

/// Runs tera on `view`, completed by `fill`.
fn render_view(
    renderer: &Renderer<'_>,
    template: &str,
    mut view: PageView,
    fill: impl FnOnce(&mut PageView),
) -> Result<Output, String> {
    fill(&mut view);
    let mut context = renderer.base.clone();
    context.insert("page", &view);
    let html = renderer
        .tera
        .render(template, &context)
        .map_err(|error| error_chain(&error))?;
    let path = if view.kind == "404" {
        "404.html".to_string()
    } else {
        format!("{}index.html", view.url)
    };
    Ok(Output {
        path,
        bytes: html.into_bytes(),
    })
}

fn link(page: &Page) -> LinkView {
    LinkView {
        title: page.title.clone(),
        url: page.url.clone(),
    }
}

fn site_view(input: &Input<'_>) -> SiteView {
    let config = input.config;
    let nav = input
        .structure
        .topics
        .iter()
        .map(|&topic| nav_item(input, topic))
        .collect();
    let sessions = config.sessions.iter().map(session_view).collect();
    let version = format!(
        "{:x}",
        crate::hash::stable(include_str!("../../theme/static/style.css").as_bytes()) & 0xffffff
    );
    SiteView {
        title: config.title.clone(),
        description: config.description.clone(),
        lang: config.language.clone(),
        strings: crate::i18n::for_language(&config.language),
        base_url: config.base_url.clone(),
        authors: config.authors.clone(),
        nav,
        sessions,
        has_glossary: !input.glossary.terms.is_empty(),
        asset_version: version,
    }
}

fn nav_item(input: &Input<'_>, page_idx: usize) -> NavItem {
    let page = &input.pages[page_idx];
    NavItem {
        title: page.title.clone(),
        url: page.url.clone(),
        question: page.front.question,
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
    nav_children(input, topic, &ancestors)
}

fn nav_children(
    input: &Input<'_>,
    section: usize,
    open: &std::collections::HashSet<usize>,
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
            if open.contains(&child) && input.pages[child].kind == PageKind::Section {
                item.children = nav_children(input, child, open);
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

fn child_view(input: &Input<'_>, page_idx: usize, depth: usize) -> ChildView {
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

fn page_view(input: &Input<'_>, page_idx: usize) -> PageView {
    let page = &input.pages[page_idx];
    let doc = &input.docs[page_idx];
    let structure = input.structure;
    let root = root_prefix(&page.url);
    // The content is filled in by `render_one` only when the page must be rendered again.
    let content = String::new();
    let mut breadcrumbs = Vec::new();
    let mut cursor = structure.parent[page_idx];
    while let Some(idx) = cursor {
        breadcrumbs.push(link(&input.pages[idx]));
        cursor = structure.parent[idx];
    }
    breadcrumbs.reverse();
    let (prev, next) = structure.prev_next[page_idx];
    let is_home = page_idx == structure.home;
    let depth = if is_home { 2 } else { 1 };
    let description = page
        .front
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
        .unwrap_or_else(|| input.config.description.clone());
    let reading_order = if structure.topics.contains(&page_idx) {
        structure
            .reading_order
            .get(&page_idx)
            .into_iter()
            .flatten()
            .map(|&idx| link(&input.pages[idx]))
            .collect()
    } else {
        Vec::new()
    };
    PageView {
        kind: if is_home {
            "home"
        } else if page.kind == PageKind::Section {
            "section"
        } else {
            "page"
        }
        .into(),
        title: page.title.clone(),
        description,
        url: page.url.clone(),
        canonical: input
            .config
            .base_url
            .as_ref()
            .map(|base| format!("{base}{}", page.url)),
        root,
        content,
        toc: doc
            .outline
            .headings
            .iter()
            .filter(|h| h.level == 2 || h.level == 3)
            .map(|h| TocEntry {
                level: h.level,
                id: h.id.clone(),
                text: h.text.clone(),
            })
            .collect(),
        breadcrumbs,
        prev: prev.map(|idx| link(&input.pages[idx])),
        next: next.map(|idx| link(&input.pages[idx])),
        backlinks: input.resolved.backlinks[page_idx]
            .iter()
            .map(|&idx| link(&input.pages[idx]))
            .collect(),
        related: related(input, page_idx)
            .into_iter()
            .map(|idx| link(&input.pages[idx]))
            .collect(),
        tags: page
            .front
            .tags
            .iter()
            .map(|tag| LinkView {
                title: tag.clone(),
                url: format!("tags/{}/", crate::slug::tag(tag)),
            })
            .collect(),
        session: structure.session[page_idx]
            .as_deref()
            .and_then(|id| input.config.session(id))
            .map(session_view),
        question: page.front.question,
        children: structure.children[page_idx]
            .iter()
            .map(|&child| child_view(input, child, depth))
            .collect(),
        topic_url: structure.topic[page_idx].map(|idx| input.pages[idx].url.clone()),
        nav: topic_nav(input, page_idx),
        reading_order,
        edit_url: edit_url(input.config, page),
        updated: input.updated.get(page_idx).cloned().flatten(),
        source_path: page.rel_path.clone(),
        concept_map: structure
            .topics
            .contains(&page_idx)
            .then(|| topic_map(input, page_idx))
            .filter(|svg| !svg.is_empty()),
    }
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
                label: truncate(&label, 18),
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
    crate::conceptmap::svg(&nodes, &edges, &groups, title)
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

/// Pages that share tags or links with this one, best first, at most five.
/// How many pages around a page's own place in a tag's list count as sharing the tag.
const RELATED_TAG_WINDOW: usize = 64;

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
