//! studybook: a static-site generator for Korean-first study books.
//!
//! `assemble` (private) reads like the table of contents of the pipeline. It is shared by
//! [`build`] (writes the site), `check` ([`Mode::Check`]: writes nothing) and [`build_model`] /
//! [`build_in_memory`] (the site in memory, for `serve` and tests):
//!
//! ```text
//! config::load → site::Staging::begin (disk build) → content::load, glossary::load (git dates
//!   in a thread) → markdown ∥ diagrams::prerender ∥ render::templates → diagrams::render
//!   → links::resolve, structure::build (lints in check) → each producer's claims
//!   → render::pages ∥ search::index → publish::files, then (disk build) site::Staging::copy,
//!   offline::files → site::Staging::finish (build)
//! ```
//!
//! `serve` also re-renders outside this pipeline: after a prose-only edit, [`quick`] makes the
//! changed files from the last good [`Model`] instead of a full rebuild.
//!
//! Mistakes in the book become [`diagnostic::Diagnostic`]s; `Err` means the environment failed.
#![warn(missing_docs, unreachable_pub)]

pub mod body;
pub mod book_dir;
pub mod book_write;
pub mod conceptmap;
pub mod config;
pub mod content;
pub mod date;
pub mod deck;
pub mod diagnostic;
pub mod diagrams;
pub mod engine;
pub mod escape;
pub mod frontmatter;
pub mod glossary;
pub mod hash;
pub mod highlight;
pub mod history;
pub mod i18n;
pub mod import;
pub mod links;
pub mod lint;
pub mod markdown;
pub mod math;
pub mod messages;
pub mod offline;
pub mod output;
pub mod page;
pub mod progress;
pub mod publish;
pub mod quick;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod session;
pub mod site;
pub mod slug;
pub mod source_file;
pub mod structure;
pub mod suggest;
pub mod sync;
pub mod url;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::progress::Clock;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;

/// Whether to write the site or only report problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Build and write the site.
    Build,
    /// Report every problem (with the editor's lints) and write nothing.
    Check,
}

/// Caches that outlive one build (kept by `serve` across rebuilds).
#[derive(Debug, Clone, Default)]
pub struct Caches {
    /// Syntax highlighting, with its cache of highlighted blocks.
    pub highlighter: Arc<highlight::Highlighter>,
    /// Rendered diagrams by content hash.
    pub diagrams: diagrams::Cache,
    /// Parsed Markdown by a hash of the page and the glossary.
    pub docs: markdown::Cache,
    /// Last-updated dates from git, until the repository changes.
    pub history: history::Cache,
    /// Rendered pages by a hash of their views and the templates.
    pub rendered: render::Cache,
    /// Search documents' weighed keys by a hash of the document.
    pub search: search::Cache,
}

impl Caches {
    /// Caches for one build that is not followed by another (`build`, `check`): nothing is kept
    /// that only a rebuild would read, which would hold a second copy of the site.
    pub fn for_one_build() -> Caches {
        Caches {
            highlighter: Arc::new(highlight::Highlighter::uncached()),
            docs: markdown::Cache::off(),
            rendered: render::Cache::off(),
            search: search::Cache::off(),
            ..Caches::default()
        }
    }
}

/// What to build.
#[derive(Debug, Clone)]
pub struct Options {
    /// The book's root folder.
    pub root: PathBuf,
    /// Command-line overrides of `book.toml`.
    pub overrides: config::Overrides,
    /// Build or check.
    pub mode: Mode,
    /// Caches to reuse.
    pub caches: Caches,
}

pub use progress::Timings;

/// The outcome of a build.
#[derive(Debug, Clone)]
pub struct Report {
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// Number of content pages.
    pub n_pages: usize,
    /// Files written (0 when nothing was written).
    pub n_files: usize,
    /// Where the site was (or would be) written.
    pub output_dir: PathBuf,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Per-stage timings.
    pub timings: Timings,
}

impl Report {
    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The finished site in memory: what `site::write` puts on disk and what `serve` serves.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Generated files (pages, feeds, theme assets).
    pub outputs: Vec<render::Output>,
    /// Files copied as they are (content assets, the book's theme statics).
    pub copies: Vec<site::Copy>,
}

/// Builds (or checks) the book at `options.root` and writes the site (in [`Mode::Build`]).
pub fn build(options: &Options) -> anyhow::Result<Report> {
    build_observed(options, &progress::Silent)
}

/// [`build`], telling `progress` about each stage as it finishes (the command line shows them
/// on a terminal).
pub fn build_observed(
    options: &Options,
    progress: &dyn progress::Progress,
) -> anyhow::Result<Report> {
    let assembled = assemble(options, Run::to_disk(options.mode), progress)?;
    let mut report = assembled.report;
    // Every file, copies included, was written into the staging folder as it was made; this
    // swaps the folder in. (A failed build dropped its staging folder instead.)
    if let Some(Built::Disk(staging)) = assembled.built {
        progress.begin("write", None);
        let started = Instant::now();
        report.n_files = staging.finish()?;
        let elapsed = started.elapsed();
        report.timings.stages.push(("write", elapsed));
        progress.lap(&progress::Lap {
            stage: "write",
            elapsed,
            count: Some(progress::Count {
                n: report.n_files,
                what: "files",
            }),
        });
        report.elapsed += elapsed;
    }
    Ok(report)
}

/// Builds the book at `options.root` into memory without writing anything: the same pipeline as
/// [`build`], except that the offline files (`sw.js`, the manifest) are only a disk build's. The
/// site is `None` when the book has errors (or in [`Mode::Check`]). `serve` calls [`build_model`]
/// for its full rebuilds, and answers prose-only edits with [`quick`] outside this pipeline.
pub fn build_in_memory(options: &Options) -> anyhow::Result<(Report, Option<Site>)> {
    let (report, built) = build_model(options)?;
    Ok((report, built.map(|(site, _)| site)))
}

/// [`build_in_memory`], also returning the [`Model`] the site was rendered from, so that `serve`
/// can re-render an edited page at once ([`quick`]) before the next full rebuild.
pub fn build_model(options: &Options) -> anyhow::Result<(Report, Option<(Site, Model)>)> {
    let assembled = assemble(options, Run::in_memory(options.mode), &progress::Silent)?;
    let mut report = assembled.report;
    let built = match assembled.built {
        Some(Built::Memory(site, model)) => Some((site, *model)),
        Some(Built::Disk(..)) | None => None,
    };
    if let Some((site, _)) = &built {
        report.n_files = site.outputs.len() + site.copies.len();
    }
    Ok((report, built))
}

/// What the render stage read in a good build: everything needed to render one page again.
pub struct Model {
    /// Settings.
    pub config: config::Config,
    /// Pages and assets.
    pub content: content::Content,
    /// Parsed Markdown, by page.
    pub docs: page::PageVec<markdown::Doc>,
    /// Tree, sessions, tags.
    pub structure: structure::Structure,
    /// Resolved links and backlinks.
    pub resolved: links::Resolved,
    /// Rendered diagrams.
    pub figures: diagrams::Figures,
    /// The glossary.
    pub glossary: glossary::Glossary,
    /// Last-updated dates and authors by page.
    pub history: history::History,
    /// Compiled templates.
    pub templates: render::Templates,
    /// The `?v=` of the theme's assets: a hash of the files published under `static/`.
    pub asset_version: String,
}

impl Model {
    /// The render stage's view of the model.
    pub fn input(&self) -> render::Input<'_> {
        render::Input {
            config: &self.config,
            pages: &self.content.pages,
            docs: &self.docs,
            structure: &self.structure,
            resolved: &self.resolved,
            figures: &self.figures,
            glossary: &self.glossary,
            updated: &self.history.updated,
            authors: &self.history.authors,
            asset_version: &self.asset_version,
        }
    }
}

/// What the Markdown stage reads of a page.
pub(crate) fn markdown_input(page: &content::Page) -> markdown::Input<'_> {
    markdown::Input {
        source: &page.source,
        body_start: page.body_start,
        file: &page.file,
        is_question: page.is_question(),
        drop_first_h1: page.title_from_heading,
    }
}

/// What one run of the pipeline makes: the real combinations of a [`Mode`] and where the site
/// goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    /// `build`: the site written to disk, through a staging folder.
    Disk,
    /// `serve` (and tests): the site kept in memory, with the model it was rendered from.
    Memory,
    /// `check`: every stage run, with the lints, and nothing written.
    Check,
}

impl Run {
    /// What [`build`] makes in `mode`.
    fn to_disk(mode: Mode) -> Run {
        match mode {
            Mode::Build => Run::Disk,
            Mode::Check => Run::Check,
        }
    }

    /// What [`build_model`] makes in `mode`.
    fn in_memory(mode: Mode) -> Run {
        match mode {
            Mode::Build => Run::Memory,
            Mode::Check => Run::Check,
        }
    }
}

/// A good build's site, as its run keeps it.
enum Built {
    /// Every file, copies included, is in the staging folder already; [`site::Staging::finish`]
    /// swaps it in.
    Disk(site::Staging),
    /// The site in memory and the model it was rendered from (`serve` re-renders from it).
    Memory(Site, Box<Model>),
}

struct Assembled {
    report: Report,
    /// `None` when the book has errors, and in `check`.
    built: Option<Built>,
}

/// The pipeline up to the finished site, shared by [`build`], [`build_in_memory`] and `check`
/// (which runs every stage, so it reports every error a build would, and writes nothing).
fn assemble(
    options: &Options,
    run: Run,
    progress: &dyn progress::Progress,
) -> anyhow::Result<Assembled> {
    let mut clock = Clock::start(progress);
    clock.begin("load", None);
    let (config, mut diagnostics) = config::load(&options.root, &options.overrides)?;
    let destination = Destination::begin(run, &config)?;
    let mut loaded = load(options, run, config, &mut diagnostics)?;
    let n_pages = loaded.content.pages.len();
    clock.counted(progress::pages(n_pages));
    clock.begin("markdown + diagram files", progress::pages(n_pages));
    let (docs, templates) = parse_pages(options, &loaded, &mut diagnostics);
    clock.begin("diagrams", None);
    let (figures, found) = diagrams::render(
        &loaded.config,
        &loaded.content.pages,
        &docs,
        &options.caches.diagrams,
    );
    diagnostics.extend(found);
    clock.begin("links", progress::pages(n_pages));
    let (resolved, structure) = connect(run, &loaded, &docs, &figures, &mut diagnostics);
    let (ledger, found) = claim_outputs(&loaded);
    diagnostics.extend(found);
    let (templates, found) = templates;
    diagnostics.extend(found);
    let Some(templates) = templates else {
        return Ok(report(
            diagnostics,
            loaded.content.pages.len(),
            &loaded.config,
            clock,
        ));
    };
    clock.begin("history", None);
    let history = page_history(options, run, &mut loaded);
    // `serve` sends every file with `no-cache`, so it needs no `?v=`; one that changed with the
    // stylesheet would change every page, and open tabs would reload instead of swapping it.
    let asset_version = match run {
        Run::Disk | Run::Check => publish::asset_version(
            &loaded.config,
            &publish::highlight_css(&options.caches.highlighter, &docs),
        ),
        Run::Memory => "serve".to_string(),
    };
    let model = Model {
        asset_version,
        config: loaded.config,
        content: loaded.content,
        glossary: loaded.glossary,
        docs,
        structure,
        resolved,
        figures,
        history,
        templates,
    };
    let sink = OutputSink::new(&ledger, destination);
    let copies = render_site(options, &model, &sink, &mut clock);
    let (destination, found) = sink.finish();
    diagnostics.extend(found);
    let good = !diagnostics.iter().any(Diagnostic::is_error);
    // Only a site written to disk is published (`serve` previews on localhost, where relative
    // links are right); a failed build has more pressing news.
    if good && run == Run::Disk {
        diagnostics.extend(publish::unaddressed(&model.config));
    }
    let n_pages = model.content.pages.len();
    let mut assembled = report(diagnostics, n_pages, &model.config, clock);
    if good {
        assembled.built = destination.built(copies, model);
    }
    Ok(assembled)
}

/// What the load stage read: settings, pages and assets, the glossary, and the git dates
/// being read beside the next stages.
struct Loaded {
    config: config::Config,
    content: content::Content,
    glossary: glossary::Glossary,
    dates: Option<std::thread::JoinHandle<history::History>>,
}

fn load(
    options: &Options,
    run: Run,
    mut config: config::Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> anyhow::Result<Loaded> {
    let (mut content, found) = content::load(&config);
    diagnostics.extend(found);
    content::drop_drafts(&config, &mut content);
    if let Some(title) = content::plain_folder_title(&config, &content) {
        config.title = title;
    }
    // Last-updated dates come from `git log`, a process that mostly waits: start it now, beside
    // the Markdown and diagram stages, rather than in line before the render.
    let dates = (run != Run::Check).then(|| {
        let (config, pages, cache) = (
            config.clone(),
            content.pages.clone(),
            options.caches.history.clone(),
        );
        std::thread::spawn(move || history::read(&config, &pages, &cache))
    });
    let (glossary, found) = glossary::load(&config.root, &config.glossary_dir, &content.pages)?;
    diagnostics.extend(found);
    Ok(Loaded {
        config,
        content,
        glossary,
        dates,
    })
}

/// Parses every page (in parallel), while the diagram files are laid out beside it (they are
/// most of a cold build of a small book; the diagram stage then finds them in the cache) and the
/// templates are compiled (~15 ms of tera's parser, which would otherwise run alone later).
fn parse_pages(
    options: &Options,
    loaded: &Loaded,
    diagnostics: &mut Vec<Diagnostic>,
) -> (page::PageVec<markdown::Doc>, Compiled) {
    let matcher = glossary::Matcher::new(&loaded.glossary);
    let env = markdown::Env {
        highlighter: &options.caches.highlighter,
        glossary: (!loaded.glossary.terms.is_empty()).then_some(&matcher),
        strings: loaded.config.language.strings(),
    };
    let env_key = markdown::env_key(&loaded.glossary, loaded.config.language.tag());
    let cache = &options.caches.docs;
    let pages = loaded.content.pages.as_slice();
    let (parsed, ((), templates)): (Vec<(u64, markdown::Doc, Vec<Diagnostic>)>, _) = rayon::join(
        || {
            let langs: Vec<&str> = (pages.par_iter())
                .flat_map_iter(|page| {
                    markdown::fence_languages(page.source.get(page.body_start..).unwrap_or(""))
                })
                .collect();
            options.caches.highlighter.prepare(langs);
            (pages.par_iter())
                .map(|page| cache.parse(markdown_input(page), env, env_key))
                .collect()
        },
        || {
            rayon::join(
                || diagrams::prerender(&loaded.config, &options.caches.diagrams),
                || render::templates(&loaded.config, &options.caches.rendered),
            )
        },
    );
    let mut docs = page::PageVec::new();
    let mut doc_keys = std::collections::HashSet::with_capacity(parsed.len());
    for (key, doc, found) in parsed {
        doc_keys.insert(key);
        docs.push(doc);
        diagnostics.extend(found);
    }
    cache.retain(&doc_keys);
    (docs, templates)
}

/// The compiled templates (none if they failed) and what compiling them found.
type Compiled = (Option<render::Templates>, Vec<Diagnostic>);

/// Links, the book's structure and (in `check`) the lints.
fn connect(
    run: Run,
    loaded: &Loaded,
    docs: &page::PageVec<markdown::Doc>,
    figures: &diagrams::Figures,
    diagnostics: &mut Vec<Diagnostic>,
) -> (links::Resolved, structure::Structure) {
    let (config, content) = (&loaded.config, &loaded.content);
    let (resolved, found) = links::resolve(content, docs, config.link_policy);
    diagnostics.extend(found);
    let (structure, found) = structure::build(config, &content.pages, &resolved.requires);
    diagnostics.extend(found);
    if run == Run::Check {
        diagnostics.extend(lint::answers(
            config,
            &content.pages,
            docs,
            &resolved,
            figures,
        ));
        diagnostics.extend(lint::reviews(config, &content.pages, date::Date::today()));
    }
    (resolved, structure)
}

/// Claims every output path before anything is rendered (see [`output`]), as each producer
/// declares it beside the code that writes it. A generated folder claimed before a page or an
/// asset under it is the error; `figures/` comes after the pages, which may live there (a
/// diagram's file name is never a page's), and before the assets, which may not.
fn claim_outputs(loaded: &Loaded) -> (output::Ledger, Vec<Diagnostic>) {
    let (config, content) = (&loaded.config, &loaded.content);
    let mut namespace = output::Namespace::new(&config.root);
    namespace.declare(search::CLAIMS);
    render::claim(&content.pages, &mut namespace);
    namespace.declare(deck::CLAIMS);
    namespace.declare(offline::CLAIMS);
    namespace.declare(diagrams::CLAIMS);
    publish::claim(config, &content.assets, &mut namespace);
    namespace.finish()
}

/// The git dates and authors started in [`load`], or (in `check`) none.
fn page_history(options: &Options, run: Run, loaded: &mut Loaded) -> history::History {
    let n_pages = loaded.content.pages.len();
    match run {
        Run::Check => history::History {
            updated: page::PageVec::filled(None, n_pages),
            authors: page::PageVec::filled(Vec::new(), n_pages),
        },
        Run::Disk | Run::Memory => match loaded.dates.take().and_then(|dates| dates.join().ok()) {
            Some(history) => history,
            None => history::read(
                &loaded.config,
                &loaded.content.pages,
                &options.caches.history,
            ),
        },
    }
}

/// Renders the pages and the search index together (they read the same model and nothing of
/// each other, so each fills the other's sequential stretches), then the published files; returns
/// the files published as they are (a disk build has copied them into its staging folder already,
/// before the offline files; `serve` reads them on request).
fn render_site(
    options: &Options,
    model: &Model,
    sink: &OutputSink<'_>,
    clock: &mut Clock<'_>,
) -> Vec<site::Copy> {
    let input = model.input();
    let put = |output: output::Output| sink.put(output);
    clock.begin(
        "render + search",
        progress::pages(model.content.pages.len()),
    );
    let (found, ()) = rayon::join(
        || render::pages(&model.templates, &input, &options.caches.rendered, &put),
        || {
            search::index(&input, &options.caches.search)
                .into_par_iter()
                .for_each(put)
        },
    );
    sink.report(found);
    clock.begin("publish", None);
    publish::files(&input, &options.caches.highlighter)
        .into_iter()
        .for_each(put);
    let (copies, found) = publish::copies(&model.config, &model.content.assets);
    sink.report(found);
    if let Some(staging) = sink.staging() {
        // The worker's version hashes the bytes the staging folder holds: the copies go in first.
        staging.copy(&copies);
        offline::files(&model.config, staging.published())
            .into_iter()
            .for_each(put);
    }
    copies
}

/// Where a run's finished files go.
enum Destination {
    /// A disk build's staging folder.
    Staging(site::Staging),
    /// `serve` keeps the site in memory.
    Memory(std::sync::Mutex<Vec<output::Output>>),
    /// `check` writes nothing.
    Nowhere,
}

/// Every finished file passes here: checked against the claims, then sent to its destination.
struct OutputSink<'a> {
    ledger: &'a output::Ledger,
    destination: Destination,
    diagnostics: std::sync::Mutex<Vec<Diagnostic>>,
}

impl Destination {
    /// Where `run` puts its files. A disk build checks the output folder before any work and
    /// writes each file into a staging folder as soon as it is made; dropped unfinished (errors),
    /// the folder goes away.
    fn begin(run: Run, config: &config::Config) -> anyhow::Result<Destination> {
        Ok(match run {
            Run::Disk => Destination::Staging(site::Staging::begin(config)?),
            Run::Memory => Destination::Memory(Default::default()),
            Run::Check => Destination::Nowhere,
        })
    }

    /// The site of a good build that went here (none in `check`). Only `serve` re-renders from
    /// the model; a disk build drops it at once.
    fn built(self, copies: Vec<site::Copy>, model: Model) -> Option<Built> {
        match self {
            Destination::Staging(staging) => Some(Built::Disk(staging)),
            Destination::Memory(kept) => {
                let outputs = sync::into_inner(kept);
                Some(Built::Memory(Site { outputs, copies }, Box::new(model)))
            }
            Destination::Nowhere => None,
        }
    }
}

impl<'a> OutputSink<'a> {
    fn new(ledger: &'a output::Ledger, destination: Destination) -> Self {
        OutputSink {
            ledger,
            destination,
            diagnostics: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// A disk build's staging folder: the only build that writes the offline files (`serve`
    /// must never hand its live-reloading pages to a service worker).
    fn staging(&self) -> Option<&site::Staging> {
        match &self.destination {
            Destination::Staging(staging) => Some(staging),
            Destination::Memory(_) | Destination::Nowhere => None,
        }
    }

    fn put(&self, output: output::Output) {
        if let Err(diagnostic) = self.ledger.record(&output.path) {
            self.report(vec![*diagnostic]);
            return;
        }
        match &self.destination {
            Destination::Staging(staging) => staging.put(&output),
            Destination::Memory(kept) => sync::lock(kept).push(output),
            Destination::Nowhere => {}
        }
    }

    fn report(&self, found: Vec<Diagnostic>) {
        sync::lock(&self.diagnostics).extend(found);
    }

    /// The destination, holding every file, and the problems found.
    fn finish(self) -> (Destination, Vec<Diagnostic>) {
        let diagnostics = sync::into_inner(self.diagnostics);
        (self.destination, diagnostics)
    }
}

/// The report of a build that ends here, with nothing built yet.
fn report(
    diagnostics: Vec<Diagnostic>,
    n_pages: usize,
    config: &config::Config,
    clock: Clock<'_>,
) -> Assembled {
    Assembled {
        report: Report {
            diagnostics,
            n_pages,
            n_files: 0,
            output_dir: config.output_dir.clone(),
            elapsed: clock.started.elapsed(),
            timings: clock.stop(),
        },
        built: None,
    }
}
