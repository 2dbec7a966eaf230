//! Pages → HTML files, with tera.
//!
//! Templates are compiled once per build: the built-in theme is embedded in the binary, and files
//! in the book's `theme/templates/` replace built-in ones of the same name. Templates see only the
//! views in `views`. Pages render in parallel; the shared [`SiteView`] is serialised once.

mod errors;
mod extra;
mod feeds;
mod glossary;
mod guard;
mod memo;
mod pages;
mod print;
mod review;

pub use review::key_points;
mod sidebar;
pub mod views;

pub use memo::Cache;

use std::collections::HashMap;

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::config::Config;
use crate::content::Page;
use crate::diagnostic::Diagnostic;
use crate::diagrams::Figures;
use crate::glossary::Glossary;
use crate::links::Resolved;
use crate::markdown::Doc;
use crate::output::{Namespace, Owner};
use crate::page::{PageId, PageVec};
use crate::structure::Structure;
use pages::ContentPageView;
pub use pages::{session_view, truncate};
use views::*;

pub use crate::output::Output;

/// Everything the renderer reads. Built by `lib::build` from the earlier stages' results.
pub struct Input<'a> {
    /// Settings.
    pub config: &'a Config,
    /// All pages.
    pub pages: &'a PageVec<Page>,
    /// Their parsed Markdown.
    pub docs: &'a PageVec<Doc>,
    /// Tree, sessions, tags.
    pub structure: &'a Structure,
    /// Resolved links and backlinks.
    pub resolved: &'a Resolved,
    /// Rendered diagrams.
    pub figures: &'a Figures,
    /// The glossary.
    pub glossary: &'a Glossary,
    /// Last-updated days by page.
    pub updated: &'a PageVec<Option<crate::date::Date>>,
    /// Authors by page (front matter, else git), most recent first.
    pub authors: &'a PageVec<Vec<String>>,
    /// The `?v=` of the theme's assets ([`crate::publish::asset_version`]).
    pub asset_version: &'a str,
}

/// A built-in template: its name and its text, embedded in the binary.
macro_rules! builtin {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../../theme/templates/", $name)),
        )
    };
}

/// The built-in theme: one template per generated file kind, so that a book's
/// `theme/templates/<name>` can replace any of them.
const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    builtin!("base.html"),
    builtin!("macros.html"),
    builtin!("page.html"),
    builtin!("section.html"),
    builtin!("topic.html"),
    builtin!("home.html"),
    builtin!("list.html"),
    builtin!("sessions.html"),
    builtin!("session.html"),
    builtin!("tags.html"),
    builtin!("tag.html"),
    builtin!("print-editions.html"),
    builtin!("map.html"),
    builtin!("glossary.html"),
    builtin!("404.html"),
    builtin!("search.html"),
    builtin!("print.html"),
    builtin!("print-article.html"),
    builtin!("review.html"),
    builtin!("interview.html"),
    builtin!("questions.html"),
    builtin!("sitemap.xml"),
    builtin!("atom.xml"),
    builtin!("robots.txt"),
];

/// The file name endings of templates (`.html` and `.xml` ones are autoescaped).
const TEMPLATE_EXTENSIONS: [&str; 3] = ["html", "xml", "txt"];

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
    let diagnostics = read_overrides(config, &mut sources);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return (None, diagnostics);
    }
    // Warnings (a skipped link out of the book, a FIFO) go with whatever the compile gives.
    let (templates, mut found) = compile(config, cache, sources);
    let mut all = diagnostics;
    all.append(&mut found);
    (templates, all)
}

/// Compiles `sources`, or returns the compiled templates of an earlier build with the same ones.
fn compile(
    config: &Config,
    cache: &Cache,
    sources: HashMap<String, String>,
) -> (Option<Templates>, Vec<Diagnostic>) {
    let list: Vec<(String, String)> = sources.into_iter().collect();
    let key = {
        let mut sorted: Vec<&(String, String)> = list.iter().collect();
        sorted.sort();
        memo::key(&sorted, &())
    };
    if let Some(tera) = cache.templates(key) {
        return (Some(Templates { tera, key }), Vec::new());
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default escaper also turns `/` into `&#x2F;`, which bloats every URL; HTML does not
    // need it in text or quoted attributes.
    tera.set_escape_fn(crate::escape::attr);
    tera.register_filter("text", TextFilter);
    guard::restrict(&mut tera);
    match tera.add_raw_templates(list) {
        Ok(()) => {
            let cycles = guard::recursion(&tera);
            if !cycles.is_empty() {
                let errors = cycles.iter().map(|cycle| errors::recursion(config, cycle));
                return (None, errors.collect());
            }
            let tera = std::sync::Arc::new(tera);
            cache.keep_templates(key, std::sync::Arc::clone(&tera));
            (Some(Templates { tera, key }), Vec::new())
        }
        Err(error) => (None, vec![errors::syntax(config, &error)]),
    }
}

/// Reads the book's `theme/templates/` into `sources`, replacing built-in templates of the same
/// name; a file that cannot be read is an error, one that is not the book's to read a warning.
fn read_overrides(config: &Config, sources: &mut HashMap<String, String>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let dir = config.theme_dir.join("templates");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return diagnostics;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let is_template = path
            .extension()
            .is_some_and(|ext| TEMPLATE_EXTENSIONS.iter().any(|known| ext == *known));
        if !is_template {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let shown = crate::diagnostic::display_path(&config.root, &path);
        match crate::source_file::read(&config.root, &path).map(String::from_utf8) {
            Ok(Ok(text)) => {
                sources.insert(name, text);
            }
            Ok(Err(invalid)) => diagnostics.push(crate::diagnostic::invalid_utf8(shown, invalid)),
            // A link out of the book or a FIFO is skipped with a warning: the built-in one stays.
            Err(refusal) if refusal.is_skippable() => diagnostics.push(refusal.diagnostic(shown)),
            Err(refusal) => diagnostics.push(refusal.diagnostic(shown).with_help(
                "check the file's permissions, or remove it to use the built-in template",
            )),
        }
    }
    diagnostics
}

/// `{{ x | text }}`: escapes `&`, `<` and `>` only, for element content (quotes need no escaping
/// there), and marks the result safe. The built-in theme uses it where the generated pages wrote
/// text this way before they had templates, so that their bytes stayed the same.
struct TextFilter;

impl tera::Filter for TextFilter {
    fn filter(
        &self,
        value: &tera::Value,
        _args: &HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let text = match value {
            tera::Value::String(text) => crate::escape::text(text),
            other => crate::escape::text(&other.to_string()),
        };
        Ok(tera::Value::String(text))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

pub use errors::error_chain;
pub use print::PRINT_WHOLE_MAX_PAGES;

/// What every render needs: the templates, the shared context, and the cache of outputs.
pub(crate) struct Renderer<'a> {
    tera: &'a Tera,
    contexts: Contexts,
    /// Hash of the templates and the site view.
    key: u64,
    previous: HashMap<u64, std::sync::Arc<Output>>,
    rendered: std::sync::Mutex<HashMap<u64, std::sync::Arc<Output>>>,
    /// Whether to remember renders in `rendered` (not in a one-off build).
    keep: bool,
}

/// Claims what [`pages`] writes, as each part declares it: the generated pages
/// ([`extra::CLAIMS`]), the print editions ([`print::CLAIMS`]), the sitemap, feed and robots.txt
/// ([`feeds::CLAIMS`]), then every content page ([`claim_pages`]). The search page goes into
/// `search/`, which `search` claims with its index.
pub fn claim(pages: &PageVec<Page>, namespace: &mut Namespace) {
    namespace.declare(extra::CLAIMS);
    namespace.declare(print::CLAIMS);
    namespace.declare(feeds::CLAIMS);
    claim_pages(pages, namespace);
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
    cache.keep(crate::sync::into_inner(renderer.rendered));
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
        contexts: Contexts::new({
            let mut context = Context::new();
            context.insert("site", &site);
            context.insert("strings", &site.strings);
            context
        }),
        key: memo::key(templates.key, &site),
        previous,
        rendered: std::sync::Mutex::new(HashMap::new()),
        keep: false,
    }
}

fn render_all(renderer: &Renderer<'_>, input: &Input<'_>, sink: Sink<'_>) -> Vec<Diagnostic> {
    let mut diagnostics: Vec<Diagnostic> = (input.pages.par_ids())
        .filter_map(|id| match render_page(renderer, input, id) {
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

/// Claims the file of every content page, where [`render_page`] writes it.
fn claim_pages(pages: &PageVec<Page>, namespace: &mut Namespace) {
    for page in pages {
        namespace.claim(&page_path(&page.url), Owner::Page(page.file.clone()));
    }
}

/// Renders the content page `id` (or returns its previous render).
fn render_page(
    renderer: &Renderer<'_>,
    input: &Input<'_>,
    id: PageId,
) -> Result<Output, Box<Diagnostic>> {
    let view = pages::view(input, id);
    let job = Job {
        template: view.template(),
        path: page_path(&input.pages[id].url),
        content_key: content_key(input, id),
    };
    let fill = |view: &mut ContentPageView| {
        let content = view.content_mut();
        content.content = input.docs[id].body.render(crate::body::Fill {
            root: &content.common.root,
            hrefs: &input.resolved.hrefs[id],
            figures: &input.figures.figures[id],
        });
    };
    render_one(renderer, &job, view, fill).map_err(|message| {
        Box::new(errors::render(
            input.config,
            job.template,
            &input.pages[id].file,
            &message,
        ))
    })
}

/// The file a page at `url` is written to.
fn page_path(url: &str) -> String {
    format!("{url}index.html")
}

/// Renders the content pages `ids` alone, exactly as [`pages`] would, without reading or
/// changing a cache: `serve`'s first answer to an edit. `None` if a template fails.
pub fn some_pages(templates: &Templates, input: &Input<'_>, ids: &[PageId]) -> Option<Vec<Output>> {
    let renderer = renderer(templates, input, HashMap::new());
    ids.iter()
        .map(|&id| render_page(&renderer, input, id).ok())
        .collect()
}

/// Renders the print editions holding any of the pages `ids`, exactly as [`pages`] would, without
/// a cache: what a prose edit of those pages changes besides the pages themselves. `None` if a
/// template fails.
pub fn print_editions_with(
    templates: &Templates,
    input: &Input<'_>,
    ids: &[PageId],
) -> Option<Vec<Output>> {
    let renderer = renderer(templates, input, HashMap::new());
    print::editions_with(&renderer, input, ids).ok()
}

/// A hash of what a page's content is made of (its `Doc`, link targets and figures), so that an
/// unchanged page is recognised without filling in its content.
pub(super) fn content_key(input: &Input<'_>, id: PageId) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let doc = &input.docs[id];
    match doc.source_key {
        Some(source_key) => source_key.hash(&mut hasher),
        None => doc.body.hash(&mut hasher),
    }
    input.resolved.hrefs[id].hash(&mut hasher);
    input.figures.figures[id].hash(&mut hasher);
    hasher.finish()
}

/// One render: the template, the file it makes, and a hash of what the render's `fill` adds.
pub(super) struct Job {
    /// The template's name.
    template: &'static str,
    /// The output file, relative to the site's root.
    path: String,
    /// Must change whenever what `fill` adds to the view does (0 when it adds nothing).
    content_key: u64,
}

/// Renders `view` as `page` with `job`'s template, or returns the same render from the previous
/// build. `fill` completes the view before a render.
fn render_one<V: serde::Serialize>(
    renderer: &Renderer<'_>,
    job: &Job,
    view: V,
    fill: impl FnOnce(&mut V),
) -> Result<Output, String> {
    let key = renderer.keep.then(|| {
        memo::key(
            (renderer.key, job.template, &job.path, job.content_key),
            &view,
        )
    });
    remember(renderer, key, || render_view(renderer, job, view, fill))
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
    crate::sync::lock(&renderer.rendered).insert(key, std::sync::Arc::clone(&output));
    Ok(Output::clone(&output))
}

/// Runs tera on `view` (as `page`), completed by `fill`.
fn render_view<V: serde::Serialize>(
    renderer: &Renderer<'_>,
    job: &Job,
    mut view: V,
    fill: impl FnOnce(&mut V),
) -> Result<Output, String> {
    fill(&mut view);
    let bytes = (renderer.contexts).with("page", &view, |context| {
        run_template(renderer, job.template, context)
    })?;
    Ok(Output {
        path: job.path.clone(),
        bytes,
    })
}

/// tera contexts holding `site`, reused from render to render: cloning the site's value (its
/// strings, topics and rounds) for every page was 2% of a build's instructions.
///
/// Besides `site` and the view, a context holds two shorthands the built-in templates use:
/// `strings` (`site.strings`) and `root` (the view's `root`, when it has one). tera looks a
/// dotted name up one segment at a time, allocating twice per segment, and these two are a fifth
/// of a page's lookups: `root` costs no allocation, `strings.x` two fewer than `site.strings.x`.
struct Contexts {
    base: Context,
    free: std::sync::Mutex<Vec<Context>>,
}

impl Contexts {
    fn new(base: Context) -> Contexts {
        Contexts {
            base,
            free: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// Runs `render` with a context holding `site` and `view` as `name`; `name` is taken out
    /// again before the context goes back for the next render.
    fn with<R>(
        &self,
        name: &str,
        view: &impl serde::Serialize,
        render: impl FnOnce(&Context) -> R,
    ) -> R {
        let reused = crate::sync::lock(&self.free).pop();
        let mut context = reused.unwrap_or_else(|| self.base.clone());
        context.insert(name, view);
        let root = context.get(name).and_then(|view| view.get("root")).cloned();
        if let Some(root) = root {
            context.insert("root", &root);
        }
        let result = render(&context);
        context.remove(name);
        context.remove("root");
        crate::sync::lock(&self.free).push(context);
        result
    }
}

/// tera's output for `template` as bytes. `Tera::render` returns a `String` by checking the whole
/// buffer as UTF-8 once more (3–4% of a build's CPU); the bytes are written to a file anyway, and
/// tera only ever writes `str`s into them.
fn run_template(
    renderer: &Renderer<'_>,
    template: &str,
    context: &tera::Context,
) -> Result<Vec<u8>, String> {
    let mut page = guard::Capped::new();
    match renderer.tera.render_to(template, context, &mut page) {
        Ok(()) => Ok(page.bytes),
        Err(_) if page.overflowed => Err(format!(
            "the output passed {} MiB, the most one file may hold; does a loop run away?",
            guard::MAX_PAGE_BYTES >> 20
        )),
        Err(error) => Err(error_chain(&error)),
    }
}

fn site_view(input: &Input<'_>) -> SiteView {
    let config = input.config;
    // The topics, then the pages outside every topic (a window of them, like a section's
    // entries: the sidebar is on every page, and the home page lists them all).
    let outside = (input.structure.outside.iter().copied()).take(sidebar::NAV_WINDOW);
    let nav = (input.structure.topic_pages())
        .chain(outside)
        .map(|id| sidebar::nav_item(input, id))
        .collect();
    let nav_clipped = input.structure.topics.len() > sidebar::NAV_WINDOW;
    let sessions = config.sessions.iter().map(session_view).collect();
    SiteView {
        title: config.title.clone(),
        description: config.description.clone(),
        lang: config.language.tag().to_string(),
        strings: config.language.strings(),
        base_url: config.base_url.as_ref().map(|url| url.to_string()),
        authors: config.authors.clone(),
        nav,
        nav_head: sidebar::topics_from(input, 0),
        nav_clipped,
        sessions,
        has_glossary: !input.glossary.terms.is_empty(),
        asset_version: input.asset_version.to_string(),
        study: config.study,
    }
}
