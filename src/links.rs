//! Resolving every internal link and `#anchor` against all pages, and building backlinks.
//!
//! Links are written the way they work on GitHub (relative paths to `.md` files) or as wikilinks.
//! Each becomes a URL relative to the linking page, so the site works under any sub-path. A link
//! to a missing page, heading or file is a diagnostic naming file:line:column with the closest
//! existing targets as suggestions. This stage is pure: it reads the `Doc`s, never the disk.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use crate::body::Href;
use crate::config::LinkPolicy;
use crate::content::{Content, Page, PageKind};
use crate::diagnostic::{Diagnostic, Severity};
use crate::markdown::{Doc, LinkKind, LinkRef};
use crate::page::{PageId, PageVec};
use crate::suggest::Suggester;

/// The outcome for every page.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// For each page, where each of its `Doc::links` goes (in order), already relative.
    pub hrefs: PageVec<Vec<Href>>,
    /// For each page, the pages that link to it.
    pub backlinks: PageVec<Vec<PageId>>,
    /// For each page, the pages it links to.
    pub outlinks: PageVec<Vec<PageId>>,
    /// For each page, the pages named in its `requires`.
    pub requires: PageVec<Vec<PageId>>,
}

/// Where a link points.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Page(PageId, Option<String>),
    Asset(String, Option<String>),
}

/// Lookup tables over all pages, built once per build.
struct Index<'a> {
    pages: &'a PageVec<Page>,
    docs: &'a PageVec<Doc>,
    by_path: HashMap<&'a str, PageId>,
    by_dir: HashMap<&'a str, PageId>,
    by_stem: HashMap<String, Vec<PageId>>,
    assets: HashSet<&'a str>,
    /// Heading ids of each page, for anchor checks in constant time.
    anchors: PageVec<HashSet<&'a str>>,
    /// Suggestions for broken links, indexed the first time one is needed.
    page_names: OnceCell<Suggester>,
    asset_names: OnceCell<Suggester>,
    stem_names: OnceCell<Suggester>,
    heading_names: PageVec<OnceCell<Suggester>>,
}

impl<'a> Index<'a> {
    fn new(content: &'a Content, docs: &'a PageVec<Doc>) -> Self {
        let mut by_path = HashMap::new();
        let mut by_dir = HashMap::new();
        let mut by_stem: HashMap<String, Vec<PageId>> = HashMap::new();
        for (id, page) in content.pages.iter_enumerated() {
            by_path.insert(page.rel_path.as_str(), id);
            if page.kind == PageKind::Section {
                by_dir.insert(page.dir.as_str(), id);
            } else {
                let stem = page
                    .rel_path
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .trim_end_matches(".md");
                by_stem.entry(stem.to_lowercase()).or_default().push(id);
            }
        }
        let assets = content
            .assets
            .iter()
            .map(|asset| asset.rel_path.as_str())
            .collect();
        let anchors = docs.map(|doc| doc.outline.headings.iter().map(|h| h.id.as_str()).collect());
        Index {
            pages: &content.pages,
            docs,
            by_path,
            by_dir,
            by_stem,
            assets,
            anchors,
            page_names: OnceCell::new(),
            asset_names: OnceCell::new(),
            stem_names: OnceCell::new(),
            heading_names: docs.map(|_| OnceCell::new()),
        }
    }
}

/// Resolves the links of every page.
pub fn resolve(
    content: &Content,
    docs: &PageVec<Doc>,
    policy: LinkPolicy,
) -> (Resolved, Vec<Diagnostic>) {
    let index = Index::new(content, docs);
    let severity = match policy {
        LinkPolicy::Error => Severity::Error,
        LinkPolicy::Warn => Severity::Warning,
    };
    let mut resolved = Resolved {
        hrefs: PageVec::new(),
        backlinks: PageVec::filled(Vec::new(), docs.len()),
        outlinks: PageVec::filled(Vec::new(), docs.len()),
        requires: PageVec::filled(Vec::new(), docs.len()),
    };
    let mut diagnostics = Vec::new();
    for ((id, page), doc) in content.pages.iter_enumerated().zip(docs) {
        let mut hrefs = Vec::with_capacity(doc.outline.links.len());
        for link in &doc.outline.links {
            match resolve_one(&index, id, link) {
                Ok(target) => {
                    if let Target::Page(target, _) = target {
                        if target != id && !resolved.outlinks[id].contains(&target) {
                            resolved.outlinks[id].push(target);
                            resolved.backlinks[target].push(id);
                        }
                    }
                    hrefs.push(Href::To(href(page, &index, &target)));
                }
                Err(problem) => {
                    let mut diagnostic = Diagnostic::error(page.file.clone(), problem.message)
                        .at(&page.source, link.span.range())
                        .with_help(problem.help)
                        .with_suggestions(problem.suggestions);
                    diagnostic.severity = severity;
                    diagnostics.push(diagnostic);
                    hrefs.push(Href::Broken);
                }
            }
        }
        resolved.hrefs.push(hrefs);
        resolve_requires(&index, id, &mut resolved.requires[id], &mut diagnostics);
    }
    (resolved, diagnostics)
}

fn resolve_requires(
    index: &Index<'_>,
    id: PageId,
    out: &mut Vec<PageId>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let page = &index.pages[id];
    for required in &page.front.requires {
        let link = LinkRef {
            dest: required.clone(),
            kind: LinkKind::Link,
            span: crate::markdown::Place::default(),
        };
        match resolve_one(index, id, &link) {
            Ok(Target::Page(target, _)) => out.push(target),
            Ok(Target::Asset(..)) | Err(_) => {
                let span = find_span(&page.source, required);
                diagnostics.push(
                    Diagnostic::error(page.file.clone(), format!("`requires` names `{required}`, which is not a page"))
                        .at(&page.source, span)
                        .with_help("write the path of an answer relative to this page, e.g. `q1-why-kubernetes.md`"),
                );
            }
        }
    }
}

fn find_span(source: &str, needle: &str) -> std::ops::Range<usize> {
    source
        .find(needle)
        .map_or(0..0, |start| start..start + needle.len())
}

/// Why a link could not be resolved.
struct Problem {
    message: String,
    help: String,
    /// The closest names, for an editor's quick fix (as `help` lists them).
    suggestions: Vec<String>,
}

fn resolve_one(index: &Index<'_>, id: PageId, link: &LinkRef) -> Result<Target, Problem> {
    let page = &index.pages[id];
    // Split before decoding: `c%23sharp%3F.md` is the file `c#sharp?.md`, not `c` + `#sharp?.md`.
    let (raw_path, anchor) = match link.dest.split_once('#') {
        Some((path, anchor)) => (path, Some(crate::url::decode(anchor))),
        None => (link.dest.as_str(), None),
    };
    let raw_path = raw_path.split('?').next().unwrap_or("");
    let decoded = crate::url::decode(raw_path);
    let path = decoded.as_str();
    let target = if link.kind == LinkKind::Wiki {
        resolve_wiki(index, path)?
    } else if path.is_empty() {
        Target::Page(id, None)
    } else {
        resolve_path(index, page, path, link.kind)?
    };
    match (target, anchor) {
        (Target::Page(target, _), Some(anchor)) if !anchor.is_empty() => {
            check_anchor(index, target, &anchor)?;
            Ok(Target::Page(target, Some(anchor)))
        }
        (Target::Asset(path, _), anchor) => Ok(Target::Asset(path, anchor)),
        (target, _) => Ok(target),
    }
}

fn resolve_wiki(index: &Index<'_>, name: &str) -> Result<Target, Problem> {
    let key = crate::slug::nfc(name.trim()).to_lowercase();
    let key = key.trim_end_matches(".md");
    if let Some(&id) = index.by_path.get(format!("{key}.md").as_str()) {
        return Ok(Target::Page(id, None));
    }
    match index.by_stem.get(key).map(Vec::as_slice) {
        Some([only]) => Ok(Target::Page(*only, None)),
        Some(many) => Err(Problem {
            message: format!("wikilink `[[{name}]]` matches {} pages", many.len()),
            help: format!(
                "write the path to pick one: {}",
                many.iter()
                    .map(|&i| format!("`[[{}]]`", index.pages[i].rel_path.trim_end_matches(".md")))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            suggestions: many
                .iter()
                .map(|&i| format!("[[{}]]", index.pages[i].rel_path.trim_end_matches(".md")))
                .collect(),
        }),
        None => {
            let stems = index
                .stem_names
                .get_or_init(|| Suggester::new(index.by_stem.keys().map(String::as_str)));
            let (help, suggestions) = stems.suggest(key, "pages");
            Err(Problem {
                message: format!("wikilink `[[{name}]]` matches no page"),
                help,
                suggestions,
            })
        }
    }
}

fn resolve_path(
    index: &Index<'_>,
    page: &Page,
    path: &str,
    kind: LinkKind,
) -> Result<Target, Problem> {
    let joined = if let Some(absolute) = path.strip_prefix('/') {
        normalize(absolute)
    } else if page.dir.is_empty() {
        normalize(path)
    } else {
        normalize(&format!("{}/{path}", page.dir))
    };
    let Some(rel) = joined else {
        return Err(Problem {
            message: format!("link `{path}` leads outside `content/`"),
            help: "link to pages and files inside `content/`; diagrams are embedded from `diagrams/` with image syntax".into(),
            suggestions: Vec::new(),
        });
    };
    let rel = crate::slug::nfc(&rel);
    if kind != LinkKind::Image {
        if let Some(&id) = index.by_path.get(rel.as_str()) {
            return Ok(Target::Page(id, None));
        }
        if let Some(&id) = index.by_dir.get(rel.trim_end_matches('/')) {
            return Ok(Target::Page(id, None));
        }
    }
    if index.assets.contains(rel.as_str()) {
        return Ok(Target::Asset(rel, None));
    }
    let what = if rel.ends_with(".md") {
        "page"
    } else if path.ends_with('/') {
        "folder"
    } else {
        "file"
    };
    let candidates = if rel.ends_with(".md") || kind == LinkKind::Link {
        index
            .page_names
            .get_or_init(|| Suggester::new(index.by_path.keys().copied()))
    } else {
        index
            .asset_names
            .get_or_init(|| Suggester::new(index.assets.iter().copied()))
    };
    let (help, suggestions) = candidates.suggest(&rel, "files");
    Err(Problem {
        message: format!("broken link `{path}`: there is no {what} `{rel}`"),
        help,
        suggestions,
    })
}

fn check_anchor(index: &Index<'_>, target_id: PageId, anchor: &str) -> Result<(), Problem> {
    let doc = &index.docs[target_id];
    if index.anchors[target_id].contains(anchor) || anchor.starts_with("fn") {
        return Ok(());
    }
    let target = &index.pages[target_id];
    let (help, suggestions) = if doc.outline.headings.is_empty() {
        let help = format!(
            "`{}` has no headings; link to the page without `#{anchor}`",
            target.rel_path
        );
        (help, Vec::new())
    } else {
        index.heading_names[target_id]
            .get_or_init(|| Suggester::new(doc.outline.headings.iter().map(|h| h.id.as_str())))
            .suggest(anchor, "headings")
    };
    Err(Problem {
        message: format!(
            "broken anchor `#{anchor}`: `{}` has no such heading",
            target.rel_path
        ),
        help,
        suggestions,
    })
}

/// Resolves `.` and `..` in a `/`-separated path; `None` when it climbs above the root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// `../` repeated once per folder of the page's URL: the way back to the site root.
pub fn root_prefix(page_url: &str) -> String {
    "../".repeat(page_url.matches('/').count())
}

fn href(from: &Page, index: &Index<'_>, target: &Target) -> String {
    let root = root_prefix(&from.url);
    match target {
        Target::Page(target, anchor) => {
            let target_page = &index.pages[*target];
            let mut href = if target_page.url == from.url && anchor.is_some() {
                String::new()
            } else {
                let url = format!("{root}{}", crate::url::encode_path(&target_page.url));
                if url.is_empty() {
                    "./".to_string()
                } else {
                    url
                }
            };
            if let Some(anchor) = anchor {
                href.push('#');
                href.push_str(&crate::url::encode_path(anchor));
            }
            href
        }
        Target::Asset(path, anchor) => {
            let mut href = format!("{root}{}", crate::url::encode_path(path));
            if let Some(anchor) = anchor {
                href.push('#');
                href.push_str(anchor);
            }
            href
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_resolves_dots() {
        assert_eq!(normalize("a/b/../c/./d.md").as_deref(), Some("a/c/d.md"));
        assert_eq!(normalize("../x"), None);
    }

    #[test]
    fn root_prefix_counts_folders() {
        assert_eq!(root_prefix(""), "");
        assert_eq!(root_prefix("a/b/"), "../../");
    }
}
