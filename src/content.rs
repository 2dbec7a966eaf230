//! Walking `content/` into [`Page`]s and [`Asset`]s.
//!
//! This stage reads files and nothing else: it splits front matter, settles each page's URL and
//! title, and lists the other files to copy. It does not know about HTML. Folders become sections;
//! `_index.md` (or, in a plain folder of notes, `index.md` / `README.md`) holds a section's own text.

mod clashes;
mod names;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{display_path, Diagnostic, SourceText};
use crate::frontmatter::{self, FrontMatter};
use crate::page::PageVec;
use crate::slug;

pub use names::{check_new_page, reserved_on_windows, Unfit};

/// Whether a page is a folder's own page or a leaf.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// A folder (topic, scenario, or the home page for the root).
    Section,
    /// A Markdown file.
    Leaf,
}

/// What a page is in the book: the one definition every stage uses (the Markdown stage, lints,
/// the views, print, the review page, the deck), computed from the page alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageRole {
    /// The root folder's page.
    Home,
    /// A top-level folder's page.
    Topic,
    /// A folder's page below a topic (a scenario, 상황, with its questions).
    Scenario,
    /// A Markdown file with `question = N`: an answer to grade, list and print one per page.
    Question,
    /// Any other Markdown file.
    Note,
}

/// One Markdown file (or a folder with no index file, synthesised).
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to `content/`, `/`-separated and NFC-normalised: the key links resolve to.
    pub rel_path: String,
    /// The folder this page lists under (`""` for the root), `/`-separated.
    pub dir: String,
    /// The file, relative to the book root, for diagnostics.
    pub file: PathBuf,
    /// Section or leaf.
    pub kind: PageKind,
    /// URL path relative to the site root, `""` for home, else ending in `/`.
    pub url: String,
    /// The whole file text (BOM removed).
    pub source: SourceText,
    /// Parsed front matter.
    pub front: FrontMatter,
    /// Byte offset of the Markdown body in `source`.
    pub body_start: usize,
    /// Display title.
    pub title: String,
    /// True when the title came from the body's first `#` heading (the renderer then drops it).
    pub title_from_heading: bool,
    /// A file of the book, or a folder given a page of its own.
    pub origin: PageOrigin,
}

/// Where a page comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageOrigin {
    /// A Markdown file under `content/`.
    File,
    /// A folder without an index file: a page with no text, so that navigation is complete
    /// (there is no file to edit).
    Folder,
}

impl Page {
    /// What the page is ([`PageRole`]).
    pub fn role(&self) -> PageRole {
        match self.kind {
            PageKind::Section if self.dir.is_empty() => PageRole::Home,
            PageKind::Section if !self.dir.contains('/') => PageRole::Topic,
            PageKind::Section => PageRole::Scenario,
            PageKind::Leaf if self.front.question.is_some() => PageRole::Question,
            PageKind::Leaf => PageRole::Note,
        }
    }

    /// Whether the page is a question ([`PageRole::Question`]).
    pub fn is_question(&self) -> bool {
        self.role() == PageRole::Question
    }

    /// Whether its answer is not written yet (`answer = "pending"`, as `new` and `import` make
    /// it): every list, link and map that names the page says so.
    pub fn is_pending(&self) -> bool {
        self.front.answer == crate::frontmatter::AnswerState::Pending
    }

    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.source[self.body_start..]
    }
}

/// A file under `content/` that is not Markdown (images, PDFs, ...), copied as is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Absolute source path.
    pub path: PathBuf,
    /// Path relative to `content/`, `/`-separated, NFC.
    pub rel_path: String,
}

/// Everything under `content/`.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// All pages, sections included, sorted by `rel_path`.
    pub pages: PageVec<Page>,
    /// Non-Markdown files.
    pub assets: Vec<Asset>,
}

/// Walks the content folder. Unreadable or malformed files become diagnostics, never panics.
pub fn load(config: &Config) -> (Content, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let (markdown_files, assets, dirs) = walk(config, &mut diagnostics);
    let loaded: Vec<(Option<Page>, Vec<Diagnostic>)> = markdown_files
        .par_iter()
        .map(|path| read_page(config, path))
        .collect();
    let mut pages = Vec::with_capacity(loaded.len() + dirs.len());
    for (page, page_diagnostics) in loaded {
        diagnostics.extend(page_diagnostics);
        pages.extend(page);
    }
    mark_sections(&mut pages);
    add_missing_sections(config, &dirs, &mut pages);
    pages.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    clashes::check_urls(&pages, &mut diagnostics);
    clashes::check_ids(&pages, &mut diagnostics);
    clashes::check_name_lengths(&pages, &mut diagnostics);
    clashes::check_assets(config, &assets, &mut diagnostics);
    let pages = pages.into_iter().collect();
    (Content { pages, assets }, diagnostics)
}

type Walked = (Vec<PathBuf>, Vec<Asset>, Vec<String>);

/// Deepest folder nesting under `content/`. Every page shows its ancestors (breadcrumbs, each a
/// link as long as the depth), so output grows with the cube of the depth: 1,500 nested folders
/// wrote 4.4 GB. Real books stay under six.
pub const MAX_FOLDER_DEPTH: usize = 32;

/// A folder nested deeper than `MAX_FOLDER_DEPTH` is an error and left out: every level adds to
/// every page's breadcrumbs and navigation.
fn too_deep(config: &Config, entry: &walkdir::DirEntry, diagnostics: &mut Vec<Diagnostic>) -> bool {
    let deep = entry.depth() > MAX_FOLDER_DEPTH && entry.file_type().is_dir();
    if deep {
        diagnostics.push(
            Diagnostic::error(
                display_path(&config.root, entry.path()),
                format!("folders are nested more than {MAX_FOLDER_DEPTH} deep here; this folder was left out"),
            )
            .with_help("flatten the folders; every level adds to every page's navigation"),
        );
    }
    deep
}

/// The entry, or `None` (with a warning) when it could not be read.
fn readable(
    config: &Config,
    entry: walkdir::Result<walkdir::DirEntry>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<walkdir::DirEntry> {
    match entry {
        Ok(entry) => Some(entry),
        Err(error) => {
            let path = error
                .path()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| config.content_dir.clone());
            diagnostics.push(
                Diagnostic::warning(
                    display_path(&config.root, &path),
                    format!("could not read this entry: {error}"),
                )
                .with_help("check the file's permissions; it was left out of the site"),
            );
            None
        }
    }
}

fn walk(config: &Config, diagnostics: &mut Vec<Diagnostic>) -> Walked {
    let mut markdown_files = Vec::new();
    let mut assets = Vec::new();
    let mut dirs = vec![String::new()];
    if !config.content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(
                display_path(&config.root, &config.content_dir),
                "the content folder does not exist",
            )
            .with_help(
                "create `content/` and put Markdown pages in it, or run `studybook new TOPIC/SLUG`",
            ),
        );
        return (markdown_files, assets, dirs);
    }
    if let Some(refusal) = linked_out(config) {
        diagnostics.push(refusal);
        return (markdown_files, assets, dirs);
    }
    let skip = names::skipped_dirs(config);
    let walker = walkdir::WalkDir::new(&config.content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .min_depth(1)
        .into_iter()
        .filter_entry(|entry| {
            names::left_out(&skip, entry.path(), entry.file_type().is_dir()).is_none()
        });
    let mut walker = walker;
    while let Some(entry) = walker.next() {
        let Some(entry) = readable(config, entry, diagnostics) else {
            continue;
        };
        let path = entry.path();
        diagnostics.extend(names::reserved(config, path));
        if too_deep(config, &entry, diagnostics) {
            walker.skip_current_dir();
            continue;
        }
        let Some(rel) = rel_path(&config.content_dir, path) else {
            continue;
        };
        let file_type = entry.file_type();
        let target = if file_type.is_symlink() {
            match symlink_target(config, path, diagnostics) {
                Some(target) => target,
                None => continue,
            }
        } else {
            path.to_path_buf()
        };
        if target.is_dir() {
            if file_type.is_symlink() {
                diagnostics.push(
                    Diagnostic::warning(
                        display_path(&config.root, path),
                        "symlinked folder is not followed",
                    )
                    .with_help("move the folder into `content/` or link its files one by one"),
                );
            } else if !rel.is_empty() {
                dirs.push(rel);
            }
        } else if let Err(refusal) = crate::source_file::check(&config.root, &target, u64::MAX) {
            // A FIFO, socket or device: opening it would block the build (or `serve`).
            diagnostics.push(refusal.diagnostic(display_path(&config.root, path)));
        } else if is_markdown(path) {
            markdown_files.push(path.to_path_buf());
        } else {
            assets.push(Asset {
                path: target,
                rel_path: rel,
            });
        }
    }
    (markdown_files, assets, dirs)
}

/// A warning when `content/` itself is a symlink that leads outside the book (or is broken):
/// then it is not walked at all, as any other folder linked out is not (walkdir would follow the
/// link at its root and make a page of every folder out there).
fn linked_out(config: &Config) -> Option<Diagnostic> {
    let inside =
        (config.content_dir.canonicalize()).is_ok_and(|real| real.starts_with(&config.root));
    (!inside).then(|| {
        let refusal = crate::source_file::Refusal::Outside;
        Diagnostic::warning(
            display_path(&config.root, &config.content_dir),
            format!("skipped: {}", refusal.reason()),
        )
        .with_help(
            "make `content` a folder of the book (move the pages into it), or remove the link",
        )
    })
}

/// Resolves a symlink, refusing loops and targets outside the book (with a warning each).
fn symlink_target(
    config: &Config,
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<PathBuf> {
    let shown = display_path(&config.root, path);
    match path.canonicalize() {
        Ok(target) if target.starts_with(&config.root) => Some(target),
        Ok(target) => {
            diagnostics.push(
                Diagnostic::warning(
                    shown,
                    format!(
                        "symlink leads outside the book (to `{}`) and is not followed",
                        target.display()
                    ),
                )
                .with_help("copy the file into the book, or remove the link"),
            );
            None
        }
        Err(error) => {
            diagnostics.push(
                Diagnostic::warning(shown, format!("symlink cannot be followed: {error}"))
                    .with_help("the link is broken or loops; remove or fix it"),
            );
            None
        }
    }
}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| ext.eq_ignore_ascii_case("md"))
}

fn rel_path(base: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| slug::nfc(&c.as_os_str().to_string_lossy()))
        .collect();
    Some(parts.join("/"))
}

/// A plain folder of notes (no `book.toml`) names itself with its README's first heading.
pub fn plain_folder_title(config: &Config, content: &Content) -> Option<String> {
    if !config.book_file.is_plain_folder() {
        return None;
    }
    content
        .pages
        .iter()
        .find(|p| p.kind == PageKind::Section && p.dir.is_empty() && p.title_from_heading)
        .map(|home| home.title.clone())
}

/// Leaves drafts out of the site: a draft page, and everything under a draft section's folder
/// (its `_index.md` stands for the folder; publishing the children would publish the draft).
/// A draft home page hides only its own text: the root keeps a folder's page (as a folder
/// without `_index.md` would), so the book still has a home for its topics to hang from.
pub fn drop_drafts(config: &Config, content: &mut Content) {
    let hidden: std::collections::HashSet<String> = content
        .pages
        .iter()
        .filter(|page| page.front.draft && page.kind == PageKind::Section && !page.dir.is_empty())
        .map(|page| page.dir.clone())
        .collect();
    // Each folder on the way down is looked up: linear in depth, not in the number of drafts.
    let under_hidden = |rel: &str| {
        rel.match_indices('/')
            .map(|(end, _)| &rel[..end])
            .chain(std::iter::once(rel))
            .any(|dir| hidden.contains(dir))
    };
    let draft_home = (content.pages.iter())
        .any(|page| page.front.draft && page.kind == PageKind::Section && page.dir.is_empty());
    content
        .pages
        .retain(|page| !page.front.draft && !under_hidden(&page.dir));
    if draft_home {
        let mut pages: Vec<Page> = std::mem::take(&mut content.pages).into_iter().collect();
        add_missing_sections(config, &[String::new()], &mut pages);
        pages.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
        content.pages = pages.into_iter().collect();
    }
    content
        .assets
        .retain(|asset| !under_hidden(&asset.rel_path));
}

/// Reads `old`'s file again as `load` would have: a folder's page stays its folder's page. `None` when the file now has a problem (a full build reports it).
pub fn reread_page(config: &Config, old: &Page) -> Option<Page> {
    let path = config.root.join(&old.file);
    let (page, diagnostics) = read_page(config, &path);
    let mut page = page.filter(|_| diagnostics.is_empty())?;
    if old.kind == PageKind::Section {
        make_section(&mut page);
    }
    Some(page)
}

fn read_page(config: &Config, path: &Path) -> (Option<Page>, Vec<Diagnostic>) {
    let file = display_path(&config.root, path);
    let bytes = match crate::source_file::read(&config.root, path) {
        Ok(bytes) => bytes,
        Err(crate::source_file::Refusal::Io(error)) => {
            let diagnostic = Diagnostic::error(file, format!("could not read this page: {error}"))
                .with_help(
                "the file may have been deleted or made unreadable during the build; build again",
            );
            return (None, vec![diagnostic]);
        }
        Err(refusal) => return (None, vec![refusal.diagnostic(file)]),
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => return (None, vec![crate::diagnostic::invalid_utf8(file, error)]),
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    let source = SourceText::from(text);
    let mut diagnostics = Vec::new();
    let split = match frontmatter::split(&source) {
        Ok(split) => split,
        Err(error) => {
            diagnostics.push(
                Diagnostic::error(file.clone(), error.message)
                    .at(&source, error.span.clone())
                    .with_help(error.help),
            );
            // Keep the page (with default front matter) so that links to it still resolve and
            // the rest of the book is checked; the error above stops the build anyway.
            let body_start = frontmatter::body_after_fence(&source).unwrap_or(source.len());
            frontmatter::Split {
                front: FrontMatter::default(),
                body_start,
                note: None,
            }
        }
    };
    if let Some(note) = &split.note {
        diagnostics.push(
            Diagnostic::warning(file.clone(), note.message.clone())
                .at(&source, note.span.clone())
                .with_help(note.help.clone()),
        );
    }
    let rel_path = rel_path(&config.content_dir, path).unwrap_or_default();
    let dir = rel_path
        .rsplit_once('/')
        .map_or(String::new(), |(dir, _)| dir.to_string());
    let stem = path
        .file_stem()
        .map(|s| slug::nfc(&s.to_string_lossy()))
        .unwrap_or_default();
    let heading_title = first_h1(&source[split.body_start..]);
    let (title, title_from_heading) = match (&split.front.title, heading_title) {
        (Some(title), _) => (title.clone(), false),
        (None, Some(heading)) => (heading, true),
        (None, None) => (stem.replace(['-', '_'], " "), false),
    };
    let url = leaf_url(&dir, &stem);
    let page = Page {
        rel_path,
        dir,
        file,
        kind: PageKind::Leaf,
        url,
        source,
        front: split.front,
        body_start: split.body_start,
        title,
        title_from_heading,
        origin: PageOrigin::File,
    };
    (Some(page), diagnostics)
}

/// The text of the first ATX `# ` heading, if the body has one before any other heading.
fn first_h1(body: &str) -> Option<String> {
    let mut in_fence = false;
    for line in body.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if in_fence {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("# ") {
            let title = rest.trim().trim_end_matches('#').trim();
            return (!title.is_empty()).then(|| title.to_string());
        }
        if trimmed.starts_with("##") {
            return None;
        }
    }
    None
}

fn dir_url(dir: &str) -> String {
    if dir.is_empty() {
        return String::new();
    }
    let mut url: String = dir
        .split('/')
        .map(slug::segment)
        .collect::<Vec<_>>()
        .join("/");
    url.push('/');
    url
}

fn leaf_url(dir: &str, stem: &str) -> String {
    format!("{}{}/", dir_url(dir), slug::segment(stem))
}

/// Turns `_index.md` into its folder's section page; in plain folders `index.md` or `README.md`
/// serve when there is no `_index.md`.
fn mark_sections(pages: &mut [Page]) {
    let mut has_underscore_index: HashMap<String, bool> = HashMap::new();
    for page in pages.iter() {
        if page.rel_path.ends_with("_index.md") && file_name(&page.rel_path) == "_index.md" {
            has_underscore_index.insert(page.dir.clone(), true);
        }
    }
    let mut claimed: HashMap<String, bool> = HashMap::new();
    let mut order: Vec<usize> = (0..pages.len()).collect();
    // `_index.md` first, then `index.md`, then `README.md`, so that the first claimant wins.
    order.sort_by_key(|&idx| index_rank(file_name(&pages[idx].rel_path)));
    for idx in order {
        let page = &mut pages[idx];
        let name = file_name(&page.rel_path).to_lowercase();
        let is_index = match name.as_str() {
            "_index.md" => true,
            "index.md" | "readme.md" => !has_underscore_index.contains_key(&page.dir),
            _ => false,
        };
        if is_index && !claimed.contains_key(&page.dir) {
            claimed.insert(page.dir.clone(), true);
            make_section(page);
        }
    }
}

/// Makes `page` its folder's page: the folder's URL, and the folder's name as title if the page
/// names none.
fn make_section(page: &mut Page) {
    page.kind = PageKind::Section;
    page.url = dir_url(&page.dir);
    if page.front.title.is_none() && !page.title_from_heading {
        page.title = section_title_fallback(&page.dir);
    }
}

fn index_rank(name: &str) -> u8 {
    match name.to_lowercase().as_str() {
        "_index.md" => 0,
        "index.md" => 1,
        "readme.md" => 2,
        _ => 3,
    }
}

fn file_name(rel_path: &str) -> &str {
    rel_path.rsplit('/').next().unwrap_or(rel_path)
}

fn section_title_fallback(dir: &str) -> String {
    let last = dir.rsplit('/').next().unwrap_or(dir);
    if last.is_empty() {
        String::new()
    } else {
        last.replace(['-', '_'], " ")
    }
}

/// Every folder gets a section page, even without an index file, so that navigation is complete.
fn add_missing_sections(config: &Config, dirs: &[String], pages: &mut Vec<Page>) {
    let present: std::collections::HashSet<String> = pages
        .iter()
        .filter(|p| p.kind == PageKind::Section)
        .map(|p| p.dir.clone())
        .collect();
    for dir in dirs {
        if present.contains(dir) {
            continue;
        }
        let title = if dir.is_empty() {
            config.title.clone()
        } else {
            section_title_fallback(dir)
        };
        pages.push(Page {
            rel_path: if dir.is_empty() {
                "_index.md".into()
            } else {
                format!("{dir}/_index.md")
            },
            dir: if dir.is_empty() {
                String::new()
            } else {
                dir.clone()
            },
            file: display_path(&config.root, &config.content_dir.join(dir)),
            kind: PageKind::Section,
            url: dir_url(dir),
            source: SourceText::from(""),
            front: FrontMatter::default(),
            body_start: 0,
            title,
            title_from_heading: false,
            origin: PageOrigin::Folder,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_h1_skips_code_fences() {
        assert_eq!(
            first_h1("```\n# not\n```\n# 제목\n").as_deref(),
            Some("제목")
        );
        assert_eq!(first_h1("## sub\n# late\n"), None);
    }

    #[test]
    fn urls_are_pretty_and_hangul() {
        assert_eq!(
            leaf_url("networking/vpc", "q1 서브넷"),
            "networking/vpc/q1-서브넷/"
        );
        assert_eq!(dir_url(""), "");
    }
}
