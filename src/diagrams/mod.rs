//! Diagrams rendered inside the binary at build time: Mermaid (mermaid-rs-renderer) and Pikchr.
//!
//! Sources come from `diagrams/NAME.{mmd,pikchr}` embedded with image syntax, or from fenced
//! blocks. Each unique source is rendered once, in parallel, and cached by content hash across
//! rebuilds ([`Cache`]), so `serve` re-renders only what changed. The engines have sharp edges
//! (panics, silently dropped arrows, fixed element ids, Hangul measured as Latin); the guards live
//! in `mermaid` and `pikchr`, and every failure becomes a diagnostic naming the source line.

mod disk;
mod mermaid;
mod pikchr;
mod sanitize;
mod standalone;
mod svg;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

pub use standalone::CLAIMS;

use crate::body::Figure;
use crate::config::Config;
use crate::content::Page;
use crate::diagnostic::{display_path, Diagnostic, SourceText};
use crate::markdown::{DiagramRef, DiagramSource, Doc};
use crate::page::PageVec;

/// Largest diagram source accepted; beyond this the engines get slow and the page unreadable.
pub const MAX_SOURCE_BYTES: usize = 64 * 1024;

/// The two engines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Engine {
    /// Sequence, state and simple flowcharts.
    Mermaid,
    /// Architecture with nested groups.
    Pikchr,
}

impl Engine {
    fn from_name(name: &str) -> Option<Self> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".mmd") || lower.ends_with(".mermaid") || lower == "mermaid" {
            Some(Engine::Mermaid)
        } else if lower.ends_with(".pikchr") || lower == "pikchr" {
            Some(Engine::Pikchr)
        } else {
            None
        }
    }
}

/// A rendering failure, with the 1-based line within the diagram source when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError {
    /// What went wrong.
    pub message: String,
    /// Line in the diagram source (1-based), if known.
    pub line: Option<usize>,
    /// Whether the source is wrong or merely too big.
    pub fault: Fault,
}

/// What kind of failure a [`RenderError`] is, which decides where it points and what it advises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// The engine could not read the source: points at the line, advises on syntax.
    Syntax,
    /// The source is over a size or complexity budget: points at the whole diagram.
    Limit {
        /// What to do instead.
        help: &'static str,
    },
}

impl RenderError {
    pub(crate) fn syntax(message: impl Into<String>, line: Option<usize>) -> Self {
        RenderError {
            message: message.into(),
            line,
            fault: Fault::Syntax,
        }
    }

    pub(crate) fn limit(message: impl Into<String>, help: &'static str) -> Self {
        RenderError {
            message: message.into(),
            line: None,
            fault: Fault::Limit { help },
        }
    }
}

/// Rendered SVGs by content hash, kept across rebuilds by `serve`.
#[derive(Debug, Default, Clone)]
pub struct Cache {
    svgs: Arc<Mutex<SvgMap>>,
    /// Finished figure HTML by (SVG, position on the page, alt text): ids are prefixed per
    /// figure, which costs more than a rebuild can spare when nothing changed.
    figures: Arc<Mutex<HashMap<u64, Figure>>>,
}

type SvgMap = HashMap<u64, Result<Arc<str>, RenderError>>;

impl Cache {
    /// The sources (key, engine, text) that have no result in the cache yet.
    fn lacking<'a>(
        &self,
        sources: impl Iterator<Item = (u64, Engine, &'a str)>,
    ) -> Vec<(u64, Engine, &'a str)> {
        let svgs = crate::sync::lock(&self.svgs);
        sources
            .filter(|(key, _, _)| !svgs.contains_key(key))
            .collect()
    }
}

/// For each page, the figure HTML for each of its `Doc::diagrams`.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    /// `figures[page][diagram_idx]`, `None` where the diagram failed.
    pub figures: PageVec<Vec<Option<Figure>>>,
    /// Diagram files (relative to the book root) that some page uses.
    pub used_files: Vec<PathBuf>,
    /// Every rendered diagram once more as a file of its own, by path (the figures link to it).
    pub files: Vec<FigureFile>,
}

/// A diagram as a standalone SVG file (see `standalone`).
#[derive(Debug, Clone)]
pub struct FigureFile {
    /// Path relative to the site root, `figures/<key>.svg`.
    pub path: String,
    /// The SVG document.
    pub svg: String,
}

/// One diagram to render: where it is written and its text.
struct Job {
    engine: Engine,
    text: String,
    origin: Origin,
}

/// Where a diagram's source is written.
enum Origin {
    /// A diagram file (`diagrams/x.mmd`), relative to the book.
    File(PathBuf),
    /// A fenced block of a page (its file, relative to the book), from the line after its fence.
    Fenced { page: PathBuf, first_line: usize },
}

impl Origin {
    fn file(&self) -> &Path {
        match self {
            Origin::File(file) | Origin::Fenced { page: file, .. } => file,
        }
    }

    /// The line of [`Origin::file`] where the source begins.
    fn first_line(&self) -> usize {
        match self {
            Origin::File(_) => 1,
            Origin::Fenced { first_line, .. } => *first_line,
        }
    }
}

/// Renders the files of `diagrams/` that the cache lacks, into the cache, so that [`render`]
/// finds them done. The build runs this beside the Markdown stage, before it is known which files
/// pages use: diagram layout is most of a cold build of a small book, and it need not wait.
/// Failures are cached like successes but reported only by [`render`], for files a page uses.
pub fn prerender(config: &Config, cache: &Cache) {
    let files: Vec<(Engine, String)> = walkdir::WalkDir::new(&config.diagrams_dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let engine = Engine::from_name(&entry.file_name().to_string_lossy())?;
            // Links out of the book and special files are reported by `render`, if used.
            let bytes = crate::source_file::read(&config.root, entry.path()).ok()?;
            Some((engine, String::from_utf8(bytes).ok()?))
        })
        .collect();
    let mut missing = cache.lacking(
        files
            .iter()
            .map(|(engine, text)| (hash(*engine, text), *engine, text.as_str())),
    );
    let rendered = render_missing(config, &mut missing);
    crate::sync::lock(&cache.svgs).extend(rendered);
}

/// Renders sources (from the disk cache when there), longest first: one diagram can take 30 ms,
/// and started last it would leave the other core idle at the end. Source length is a fair guess
/// at layout work; the key breaks ties so that the order does not depend on a hash map's.
fn render_missing(
    config: &Config,
    missing: &mut [(u64, Engine, &str)],
) -> Vec<(u64, Result<Arc<str>, RenderError>)> {
    missing.sort_unstable_by_key(|(key, _, text)| (std::cmp::Reverse(text.len()), *key));
    let stored = disk::Store::new(config);
    missing
        .par_iter()
        .with_max_len(1)
        .map(|(key, engine, text)| {
            // A stored SVG is sanitised again: the cache lives in the book, so it may be forged.
            let stored_svg = stored
                .get(*engine, text)
                .and_then(|svg| sanitize::sanitize(&svg).ok().map(Arc::<str>::from));
            let svg = stored_svg.map(Ok).unwrap_or_else(|| {
                let rendered = render_one(*engine, text).map(Arc::<str>::from);
                if let Ok(svg) = &rendered {
                    stored.put(*engine, text, svg);
                }
                rendered
            });
            (*key, svg)
        })
        .collect()
}

/// Each page's diagram jobs (`None` where the diagram cannot be read).
type PageJobs = PageVec<Vec<Option<Job>>>;

/// Renders every diagram the pages use.
pub fn render(
    config: &Config,
    pages: &PageVec<Page>,
    docs: &PageVec<Doc>,
    cache: &Cache,
) -> (Figures, Vec<Diagnostic>) {
    let (jobs, used_files, mut diagnostics) = collect_jobs(config, pages, docs);
    diagnostics.extend(disk::Store::new(config).refusal());
    let svgs = lay_out(config, cache, &jobs);
    let figures = make_figures(config, cache, &jobs, docs, &svgs, &mut diagnostics);
    let files = standalone_files(&jobs, &svgs);
    (
        Figures {
            figures,
            used_files,
            files,
        },
        diagnostics,
    )
}

/// Reads every diagram the pages use (reading is cheap; laying out is not), and the diagram
/// files used.
fn collect_jobs(
    config: &Config,
    pages: &PageVec<Page>,
    docs: &PageVec<Doc>,
) -> (PageJobs, Vec<PathBuf>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut used_files = Vec::new();
    let mut jobs = PageJobs::new();
    for (page, doc) in pages.iter().zip(docs) {
        let mut page_jobs = Vec::with_capacity(doc.outline.diagrams.len());
        for diagram in &doc.outline.diagrams {
            match job_for(config, page, diagram) {
                Ok(job) => {
                    if let Origin::File(file) = &job.origin {
                        used_files.push(file.clone());
                    }
                    page_jobs.push(Some(job));
                }
                Err(diagnostic) => {
                    diagnostics.push(*diagnostic);
                    page_jobs.push(None);
                }
            }
        }
        jobs.push(page_jobs);
    }
    used_files.sort();
    used_files.dedup();
    (jobs, used_files, diagnostics)
}

/// Lays out the distinct sources the cache lacks, in parallel; every source's outcome by key.
fn lay_out(config: &Config, cache: &Cache, jobs: &PageJobs) -> SvgMap {
    let mut unique: HashMap<u64, (Engine, &str)> = HashMap::new();
    for job in jobs.iter().flatten().flatten() {
        unique
            .entry(hash(job.engine, &job.text))
            .or_insert((job.engine, &job.text));
    }
    let mut missing = cache.lacking(
        unique
            .iter()
            .map(|(key, (engine, text))| (*key, *engine, *text)),
    );
    let rendered = render_missing(config, &mut missing);
    let mut shared = crate::sync::lock(&cache.svgs);
    shared.extend(rendered);
    shared.clone()
}

/// Each page's figures (`None` where a diagram failed, reported here), reusing the
/// previous build's figure of the same source, place and caption.
fn make_figures(
    config: &Config,
    cache: &Cache,
    jobs: &PageJobs,
    docs: &PageVec<Doc>,
    svgs: &SvgMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> PageVec<Vec<Option<Figure>>> {
    let mut figure_cache = std::mem::take(&mut *crate::sync::lock(&cache.figures));
    let mut used_figures = HashMap::with_capacity(figure_cache.len());
    let mut figures = PageVec::new();
    let strings = config.language.strings();
    for (page_jobs, doc) in jobs.iter().zip(docs) {
        let mut page_figures = Vec::with_capacity(page_jobs.len());
        for (diagram_idx, (job, diagram)) in page_jobs.iter().zip(&doc.outline.diagrams).enumerate()
        {
            let Some(job) = job else {
                page_figures.push(None);
                continue;
            };
            let key = hash(job.engine, &job.text);
            match svgs.get(&key) {
                Some(Ok(svg)) => {
                    let figure_key = {
                        let mut hasher = std::collections::hash_map::DefaultHasher::new();
                        (key, diagram_idx, &diagram.alt, strings.lang).hash(&mut hasher);
                        hasher.finish()
                    };
                    let file = standalone::path(key);
                    let figure = figure_cache.remove(&figure_key).unwrap_or_else(|| {
                        let prefix = format!("d{:x}-{diagram_idx}", key & 0xffff_ffff);
                        let inline = svg::prefix_ids(svg, &prefix);
                        svg::figure(&inline, &diagram.alt, job.engine, &file, strings)
                    });
                    page_figures.push(Some(figure.clone()));
                    used_figures.insert(figure_key, figure);
                }
                Some(Err(error)) => {
                    diagnostics.push(render_diagnostic(config, job, error));
                    page_figures.push(None);
                }
                None => page_figures.push(None),
            }
        }
        figures.push(page_figures);
    }
    *crate::sync::lock(&cache.figures) = used_figures;
    figures
}

/// Every laid-out diagram once as a standalone SVG file, by path (one per distinct source).
fn standalone_files(jobs: &PageJobs, svgs: &SvgMap) -> Vec<FigureFile> {
    let mut files = std::collections::BTreeMap::new();
    for job in jobs.iter().flatten().flatten() {
        let key = hash(job.engine, &job.text);
        if let Some(Ok(svg)) = svgs.get(&key) {
            files
                .entry(standalone::path(key))
                .or_insert_with(|| standalone::document(svg, job.engine));
        }
    }
    files
        .into_iter()
        .map(|(path, svg)| FigureFile { path, svg })
        .collect()
}

impl Engine {
    fn name(self) -> &'static str {
        match self {
            Engine::Mermaid => "mermaid",
            Engine::Pikchr => "pikchr",
        }
    }
}

fn hash(engine: Engine, text: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    engine.hash(&mut hasher);
    text.hash(&mut hasher);
    hasher.finish()
}

/// Renders one source with its engine. Never panics: engine panics become errors.
pub fn render_one(engine: Engine, text: &str) -> Result<String, RenderError> {
    let text = normalize(text)?;
    let svg = match engine {
        Engine::Mermaid => mermaid::render(&text),
        Engine::Pikchr => pikchr::render(&text),
    }?;
    sanitize::sanitize(&svg)
}

/// Strips a BOM, unifies line endings and drops control characters (they make invalid SVG).
fn normalize(text: &str) -> Result<String, RenderError> {
    if text.len() > MAX_SOURCE_BYTES {
        return Err(RenderError::limit(
            format!(
                "diagram source is {} KiB; the limit is {} KiB",
                text.len() / 1024,
                MAX_SOURCE_BYTES / 1024
            ),
            "split it into smaller diagrams",
        ));
    }
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    if text.trim().is_empty() {
        return Err(RenderError::syntax("the diagram is empty", None));
    }
    Ok(text
        .chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .collect())
}

fn job_for(config: &Config, page: &Page, diagram: &DiagramRef) -> Result<Job, Box<Diagnostic>> {
    match &diagram.source {
        DiagramSource::Inline { lang, code } => {
            let engine = Engine::from_name(lang).unwrap_or(Engine::Mermaid);
            let first_line = page.source.position(diagram.span.0.start).line + 1;
            Ok(Job {
                engine,
                text: code.clone(),
                origin: Origin::Fenced {
                    page: page.file.clone(),
                    first_line,
                },
            })
        }
        DiagramSource::File(dest) => {
            let error = |message: String, help: &str| {
                Box::new(
                    Diagnostic::error(page.file.clone(), message)
                        .at(&page.source, diagram.span.range())
                        .with_help(help),
                )
            };
            let dest = crate::url::decode(dest);
            let engine = Engine::from_name(&dest).ok_or_else(|| {
                error(
                    format!("`{dest}` is not a diagram"),
                    "use `.mmd` or `.pikchr`",
                )
            })?;
            let page_dir = config
                .root
                .join(&page.file)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            let path = lexical_join(&page_dir, &dest);
            if !path.starts_with(&config.root) {
                return Err(error(
                    format!("diagram `{dest}` is outside the book"),
                    "keep diagram sources in `diagrams/`",
                ));
            }
            let bytes = crate::source_file::read(&config.root, &path).map_err(|refusal| {
                let help = match refusal {
                    crate::source_file::Refusal::Io(_) => format!(
                        "the path is relative to this page; diagrams that exist: {}",
                        list_diagrams(&config.diagrams_dir)
                    ),
                    _ => refusal.help().to_string(),
                };
                error(
                    format!("diagram `{dest}` cannot be read: {}", refusal.reason()),
                    &help,
                )
            })?;
            let text = String::from_utf8(bytes).map_err(|invalid| {
                Box::new(crate::diagnostic::invalid_utf8(
                    display_path(&config.root, &path),
                    invalid,
                ))
            })?;
            Ok(Job {
                engine,
                text,
                origin: Origin::File(display_path(&config.root, &path)),
            })
        }
    }
}

fn list_diagrams(dir: &Path) -> String {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    if names.is_empty() {
        "none".into()
    } else {
        names
            .into_iter()
            .take(8)
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Joins `rel` onto `base`, resolving `..` without touching the file system.
fn lexical_join(base: &Path, rel: &str) -> PathBuf {
    let mut out = base.to_path_buf();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn render_diagnostic(config: &Config, job: &Job, error: &RenderError) -> Diagnostic {
    let help = match error.fault {
        Fault::Syntax => "see ARCHITECTURE.md (Diagrams) for the syntax each engine supports",
        Fault::Limit { help } => help,
    };
    let mut diagnostic = Diagnostic::error(
        job.origin.file().to_path_buf(),
        format!("diagram error: {}", error.message),
    )
    .with_help(help);
    // A budget is about the whole diagram: a file is named alone, a fence by its first line.
    if error.fault != Fault::Syntax && matches!(job.origin, Origin::File(_)) {
        return diagnostic;
    }
    let line = job.origin.first_line() + error.line.unwrap_or(1) - 1;
    if let Some(text) =
        crate::source_file::read_text(&config.root, &config.root.join(job.origin.file()))
    {
        let source = SourceText::from(text.as_str());
        let start = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum::<usize>();
        let end = text[start.min(text.len())..]
            .find('\n')
            .map_or(text.len(), |i| start + i);
        diagnostic = diagnostic.at(&source, start.min(text.len())..end);
    } else {
        diagnostic = diagnostic.at_line(line, 1);
    }
    diagnostic
}

#[cfg(test)]
mod tests;
