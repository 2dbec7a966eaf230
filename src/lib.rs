//! studybook: a static-site generator for Korean-first study books.
//!
//! [`build`] reads like the table of contents of the pipeline:
//!
//! ```text
//! config::load → content::load → glossary::load → markdown::parse → diagrams::render
//!   → links::resolve → structure::build → render::pages → search::index → publish → site::write
//! ```
//!
//! Mistakes in the book become [`diagnostic::Diagnostic`]s; `Err` means the environment failed.
#![warn(missing_docs, unreachable_pub)]

pub mod body;
pub mod conceptmap;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod diagrams;
pub mod escape;
pub mod frontmatter;
pub mod glossary;
pub mod hash;
pub mod highlight;
pub mod history;
pub mod i18n;
pub mod links;
pub mod lint;
pub mod markdown;
pub mod math;
pub mod output;
pub mod publish;
pub mod quick;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod structure;
pub mod url;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::content::PageKind;
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
    pub search: search::postings::Cache,
}

impl Caches {
    /// Caches for one build that is not followed by another (`build`, `check`): nothing is kept
    /// that only a rebuild would read, which would hold a second copy of the site.
    pub fn for_one_build() -> Caches {
        Caches {
            highlighter: Arc::new(highlight::Highlighter::uncached()),
            docs: markdown::Cache::off(),
            rendered: render::Cache::off(),
            search: search::postings::Cache::off(),
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

/// Time spent in each stage, for profiling.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// (stage name, duration) in pipeline order.
    pub stages: Vec<(&'static str, Duration)>,
}

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

struct Clock {
    last: Instant,
    timings: Timings,
}

impl Clock {
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.timings.stages.push((stage, now - self.last));
        self.last = now;
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
    let assembled = assemble(options, Target::Disk)?;
    let mut report = assembled.report;
    // Pages were written into the staging folder as they were rendered; this copies the assets
    // and swaps the folder in. (A failed build dropped its staging folder instead.)
    if let (Some(site), Some(staging)) = (assembled.site, assembled.staging) {
        let started = Instant::now();
        report.n_files = staging.finish(&site.copies)?;
        let elapsed = started.elapsed();
        report.timings.stages.push(("write", elapsed));
        report.elapsed += elapsed;
    }
    Ok(report)
}

/// Builds the book at `options.root` into memory without writing anything: `serve`'s build. The
/// site is `None` when the book has errors (or in [`Mode::Check`]). `serve` has no build path of
/// its own, so what it serves equals what [`build`] writes.
pub fn build_in_memory(options: &Options) -> anyhow::Result<(Report, Option<Site>)> {
    let (report, built) = build_model(options)?;
    Ok((report, built.map(|(site, _)| site)))
}

/// [`build_in_memory`], also returning the [`Model`] the site was rendered from, so that `serve`
/// can re-render an edited page at once ([`quick`]) before the next full rebuild.
pub fn build_model(options: &Options) -> anyhow::Result<(Report, Option<(Site, Model)>)> {
    let assembled = assemble(options, Target::Memory)?;
    let mut report = assembled.report;
    if let Some(site) = &assembled.site {
        report.n_files = site.outputs.len() + site.copies.len();
    }
    Ok((report, assembled.site.zip(assembled.model)))
}

/// What the render stage read in a good build: everything needed to render one page again.
pub struct Model {
    /// Settings.
    pub config: config::Config,
    /// Pages and assets.
    pub content: content::Content,
    /// Parsed Markdown, by page index.
    pub docs: Vec<markdown::Doc>,
    /// Tree, sessions, tags.
    pub structure: structure::Structure,
    /// Resolved links and backlinks.
    pub resolved: links::Resolved,
    /// Rendered diagrams.
    pub figures: diagrams::Figures,
    /// The glossary.
    pub glossary: glossary::Glossary,
    /// Last-updated dates by page index.
    pub updated: Vec<Option<String>>,
    /// Compiled templates.
    pub templates: render::Templates,
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
            updated: &self.updated,
        }
    }
}

/// What the Markdown stage reads of a page.
pub(crate) fn markdown_input(page: &content::Page) -> markdown::Input<'_> {
    markdown::Input {
        source: &page.source,
        body_start: page.body_start,
        file: &page.file,
        is_question: page.kind == PageKind::Leaf && page.front.question.is_some(),
        drop_first_h1: page.title_from_heading,
    }
}

/// Where a build's site goes; only a disk build checks the output folder up front.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Disk,
    Memory,
}

struct Assembled {
    report: Report,
    site: Option<Site>,
    model: Option<Model>,
    /// A disk build's staging folder, holding every generated file already.
    staging: Option<site::Staging>,
}

/// The pipeline up to the finished site, shared by [`build`] and [`build_in_memory`].
fn assemble(options: &Options, target: Target) -> anyhow::Result<Assembled> {
    let started = Instant::now();
    let mut clock = Clock {
        last: started,
        timings: Timings::default(),
    };
    let (mut config, mut diagnostics) = config::load(&options.root, &options.overrides)?;
    // A disk build checks the output folder before any work and writes each file into the
    // staging folder as soon as it is made; dropped unfinished (errors), the folder goes away.
    let staging = if options.mode == Mode::Build && target == Target::Disk {
        Some(site::Staging::begin(&config)?)
    } else {
        None
    };
    let (mut content, content_diagnostics) = content::load(&config);
    diagnostics.extend(content_diagnostics);
    content.pages.retain(|page| !page.front.draft);
    if !config.has_book_toml {
        // A plain folder of notes names itself with its README's first heading.
        if let Some(home) = content
            .pages
            .iter()
            .find(|p| p.kind == PageKind::Section && p.dir.is_empty() && p.title_from_heading)
        {
            config.title = home.title.clone();
        }
    }
    // Last-updated dates come from `git log`, a process that mostly waits: start it now, beside
    // the Markdown and diagram stages, rather than in line before the render.
    let dates = (options.mode == Mode::Build).then(|| {
        let (config, pages, cache) = (
            config.clone(),
            content.pages.clone(),
            options.caches.history.clone(),
        );
        std::thread::spawn(move || history::updated_dates(&config, &pages, &cache))
    });
    let (glossary, glossary_diagnostics) = glossary::load(&config.root, &config.glossary_dir)?;
    diagnostics.extend(glossary_diagnostics);
    let matcher = glossary::Matcher::new(&glossary);
    clock.lap("load");

    let strings = i18n::for_language(&config.language);
    let env = markdown::Env {
        highlighter: &options.caches.highlighter,
        glossary: (!glossary.terms.is_empty()).then_some(&matcher),
        strings,
    };
    let env_key = markdown::env_key(&glossary, &config.language);
    // Diagram files are laid out beside the Markdown stage (they are most of a cold build of a
    // small book); the diagram stage below then finds them in the cache.
    let (parsed, ()): (Vec<(u64, markdown::Doc, Vec<Diagnostic>)>, ()) = rayon::join(
        || {
            content
                .pages
                .par_iter()
                .map(|page| {
                    options
                        .caches
                        .docs
                        .parse(markdown_input(page), env, env_key)
                })
                .collect()
        },
        || diagrams::prerender(&config, &options.caches.diagrams),
    );
    let mut docs = Vec::with_capacity(parsed.len());
    let mut doc_keys = std::collections::HashSet::with_capacity(parsed.len());
    for (key, doc, doc_diagnostics) in parsed {
        doc_keys.insert(key);
        docs.push(doc);
        diagnostics.extend(doc_diagnostics);
    }
    options.caches.docs.retain(&doc_keys);
    clock.lap("markdown + diagram files");

    let (figures, diagram_diagnostics) =
        diagrams::render(&config, &content.pages, &docs, &options.caches.diagrams);
    diagnostics.extend(diagram_diagnostics);
    clock.lap("diagrams");

    let (resolved, link_diagnostics) = links::resolve(&content, &docs, config.link_policy);
    diagnostics.extend(link_diagnostics);
    diagnostics.extend(lint::glossary_answers(&glossary, &content.pages));
    let (structure, structure_diagnostics) =
        structure::build(&config, &content.pages, &resolved.requires);
    diagnostics.extend(structure_diagnostics);
    if options.mode == Mode::Check {
        diagnostics.extend(lint::answers(
            &config,
            &content.pages,
            &docs,
            &resolved,
            &figures,
        ));
    }
    clock.lap("links");

    let n_pages = content.pages.len();
    let mut report = Report {
        diagnostics,
        n_pages,
        n_files: 0,
        output_dir: config.output_dir.clone(),
        elapsed: Duration::ZERO,
        timings: Timings::default(),
    };
    let (templates, template_diagnostics) = render::templates(&config, &options.caches.rendered);
    report.diagnostics.extend(template_diagnostics);
    let Some(templates) = templates else {
        return Ok(finish(report, None, clock, started));
    };
    if options.mode == Mode::Check || report.has_errors() {
        return Ok(finish(report, None, clock, started));
    }
    let updated = match dates.and_then(|dates| dates.join().ok()) {
        Some(updated) => updated,
        None => history::updated_dates(&config, &content.pages, &options.caches.history),
    };
    clock.lap("history");
    let input = render::Input {
        config: &config,
        pages: &content.pages,
        docs: &docs,
        structure: &structure,
        resolved: &resolved,
        figures: &figures,
        glossary: &glossary,
        updated: &updated,
    };
    // `serve` keeps the files; a disk build has written them already.
    let kept = std::sync::Mutex::new(Vec::new());
    let sink = |output: render::Output| match &staging {
        Some(staging) => staging.put(&output),
        None => {
            if let Ok(mut kept) = kept.lock() {
                kept.push(output);
            }
        }
    };
    // Pages and the search index read the same model and nothing of each other: made together,
    // each fills the other's sequential stretches (the print edition, the postings merge).
    let (render_diagnostics, ()) = rayon::join(
        || render::pages(&templates, &input, &options.caches.rendered, &sink),
        || {
            search::index(&input, &options.caches.search)
                .into_par_iter()
                .for_each(sink)
        },
    );
    report.diagnostics.extend(render_diagnostics);
    clock.lap("render + search");
    publish::files(&input, &options.caches.highlighter)
        .into_iter()
        .for_each(&sink);
    let copies = publish::copies(&config, &content.assets);
    clock.lap("publish");
    if report.has_errors() {
        return Ok(finish(report, None, clock, started));
    }
    let outputs = kept.into_inner().unwrap_or_default();
    let site = Site { outputs, copies };
    // Only `serve` re-renders from the model; a disk build drops it at once.
    let model = (target == Target::Memory).then(|| Model {
        config: config.clone(),
        content,
        docs,
        structure,
        resolved,
        figures,
        glossary,
        updated,
        templates,
    });
    let mut assembled = finish(report, Some(site), clock, started);
    assembled.model = model;
    assembled.staging = staging;
    Ok(assembled)
}

fn finish(mut report: Report, site: Option<Site>, clock: Clock, started: Instant) -> Assembled {
    report.timings = clock.timings;
    report.elapsed = started.elapsed();
    Assembled {
        report,
        site,
        model: None,
        staging: None,
    }
}
