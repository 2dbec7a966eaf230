//! The site's namespace: every path a build writes, and who owns it.
//!
//! Before anything is rendered, every producer of the site declares what it writes, beside the
//! code that writes it: generated files and folders as [`Claim`]s (`search/` in `search`, `sw.js`
//! in `offline`, the print editions' `print/` in `render::print`, …), each content page
//! (`render::pages`), each content asset and theme static (`publish`). [`Namespace`] records one
//! owner for every path; two owners of one path are an error naming both, so a page, an asset
//! and a generated file can never silently replace each other. Then every file the build makes
//! passes [`Ledger::record`], which checks that its path was claimed by a generated owner and that
//! nothing writes it twice, so the claims cannot fall behind what the producers write. This module
//! is the mechanism only: it names no producer's paths.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostic::{display_path, shown_path, Diagnostic};

/// The file that marks a folder as studybook's output (it lists every file a build wrote).
pub const MARKER: &str = ".studybook-output";

/// One file of the finished site.
#[derive(Debug, Clone)]
pub struct Output {
    /// Path relative to the output folder, `/`-separated.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Who writes a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// A Markdown page (its file).
    Page(PathBuf),
    /// A file of `content/` copied as it is.
    Asset(PathBuf),
    /// A file of the book's `theme/static/`, copied as it is (it replaces a built-in static of
    /// the same name: that is what the folder is for).
    ThemeStatic(PathBuf),
    /// Something studybook generates, described for a reader ("the search page and index").
    Generated(&'static str),
}

impl Owner {
    fn describe(&self, root: &Path) -> String {
        match self {
            // A folder without an index file gets a page whose file is the folder itself.
            Owner::Page(file) if file.extension().is_none_or(|ext| ext != "md") => {
                format!(
                    "the page of the folder `{}/`",
                    shown_path(&display_path(root, file))
                )
            }
            Owner::Page(file) => format!("the page `{}`", shown_path(&display_path(root, file))),
            Owner::Asset(file) => format!("the file `{}`", shown_path(&display_path(root, file))),
            Owner::ThemeStatic(file) => {
                format!("the theme file `{}`", shown_path(&display_path(root, file)))
            }
            Owner::Generated(what) => format!("studybook's {what}"),
        }
    }

    fn source_file(&self) -> Option<&Path> {
        match self {
            Owner::Page(file) | Owner::Asset(file) | Owner::ThemeStatic(file) => Some(file),
            Owner::Generated(_) => None,
        }
    }
}

/// What a producer generates, declared beside the code that writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claim {
    /// The file, or the folder whose every file the producer writes.
    pub extent: Extent,
    /// What is generated there, for a reader ("search page and index").
    pub what: &'static str,
}

/// How much of the site a [`Claim`] takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extent {
    /// One file, relative to the output folder.
    File(&'static str),
    /// Every path under a folder (the prefix ends in `/`).
    Folder(&'static str),
}

impl Claim {
    /// One generated file at `path`.
    pub const fn file(path: &'static str, what: &'static str) -> Claim {
        Claim {
            extent: Extent::File(path),
            what,
        }
    }

    /// Every file under `prefix` (ending in `/`).
    pub const fn folder(prefix: &'static str, what: &'static str) -> Claim {
        Claim {
            extent: Extent::Folder(prefix),
            what,
        }
    }

    /// The file's path, or the folder's prefix: what the producer writes to (or under).
    pub const fn path(&self) -> &'static str {
        match self.extent {
            Extent::File(path) | Extent::Folder(path) => path,
        }
    }
}

/// Every claim, before anything is written.
#[derive(Debug)]
pub struct Namespace {
    /// The book's folder, which the conflicts' messages name files relative to.
    root: PathBuf,
    files: HashMap<String, Owner>,
    folders: Vec<(String, Owner)>,
    /// Paths with two owners, reported already: the second file written there is no news.
    conflicted: HashSet<String>,
    diagnostics: Vec<Diagnostic>,
}

impl Namespace {
    /// No claims yet, for the book at `root`.
    pub fn new(root: &Path) -> Namespace {
        Namespace {
            root: root.to_path_buf(),
            files: HashMap::new(),
            folders: Vec::new(),
            conflicted: HashSet::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Claims what a producer generates.
    pub fn declare(&mut self, claims: &[Claim]) {
        for claim in claims {
            match claim.extent {
                Extent::File(path) => self.claim(path, Owner::Generated(claim.what)),
                Extent::Folder(prefix) => self.claim_folder(prefix, Owner::Generated(claim.what)),
            }
        }
    }

    /// Claims the file `path` (relative to the output folder) for `owner`.
    pub fn claim(&mut self, path: &str, owner: Owner) {
        let key = crate::slug::nfc(path);
        if let Some(conflict) = self.owner_of(&key).cloned() {
            self.conflict(&key, &conflict, owner);
            self.conflicted.insert(key);
            return;
        }
        self.files.insert(key, owner);
    }

    /// Claims every path under `prefix` (ending in `/`) for a generated owner.
    fn claim_folder(&mut self, prefix: &str, owner: Owner) {
        self.folders.push((prefix.to_string(), owner));
    }

    /// A book's theme static replaces the built-in static of the same path, by design.
    pub fn override_static(&mut self, path: &str, file: PathBuf) {
        self.files
            .insert(crate::slug::nfc(path), Owner::ThemeStatic(file));
    }

    fn owner_of(&self, key: &str) -> Option<&Owner> {
        self.files
            .get(key)
            .or_else(|| self.folder_of(key).map(|(_, owner)| owner))
    }

    /// The claimed folder holding `key`, and its owner.
    fn folder_of(&self, key: &str) -> Option<&(String, Owner)> {
        (self.folders.iter()).find(|(prefix, _)| key.starts_with(prefix.as_str()))
    }

    fn conflict(&mut self, path: &str, first: &Owner, second: Owner) {
        let root = self.root.as_path();
        // Pages meeting at one URL, and assets whose names differ only in normalization, are
        // reported by `content` with the reason (case, punctuation, NFD).
        let same_kind = matches!(
            (first, &second),
            (Owner::Page(_), Owner::Page(_)) | (Owner::Asset(_), Owner::Asset(_))
        );
        if same_kind {
            return;
        }
        let (blamed, other) = match (first.source_file(), second.source_file()) {
            (_, Some(_)) => (&second, first),
            (Some(_), None) => (first, &second),
            (None, None) => (&second, first),
        };
        let file = blamed
            .source_file()
            .map_or_else(|| root.join("book.toml"), Path::to_path_buf);
        let mut diagnostic = Diagnostic::error(
            display_path(root, &file),
            format!(
                "{} and {} would both be written to `{path}`",
                blamed.describe(root),
                other.describe(root)
            ),
        )
        .with_help(conflict_help(path, blamed, other, self.folder_of(path)));
        if matches!(blamed, Owner::Page(_)) {
            diagnostic = diagnostic.at_line(1, 1);
        }
        self.diagnostics.push(diagnostic);
    }

    /// The errors found while claiming, and the ledger that checks what is written.
    pub fn finish(self) -> (Ledger, Vec<Diagnostic>) {
        let ledger = Ledger {
            files: self.files,
            folders: self.folders,
            conflicted: self.conflicted,
            written: Mutex::new(HashSet::new()),
        };
        (ledger, self.diagnostics)
    }
}

fn conflict_help(
    path: &str,
    blamed: &Owner,
    other: &Owner,
    folder: Option<&(String, Owner)>,
) -> String {
    let reserved = folder.and_then(|(prefix, owner)| match owner {
        Owner::Generated(what) => Some((prefix, what)),
        _ => None,
    });
    match (blamed, other, reserved) {
        (_, Owner::Generated(_), Some((prefix, what))) => format!(
            "`{prefix}` is reserved for studybook's {what}; rename the file or its folder (e.g. `{}`)",
            prefix.trim_end_matches('/').to_string() + "-notes/"
        ),
        (_, Owner::Generated(what), None) => format!(
            "studybook writes its {what} at `{path}`; rename or move the file (nothing of the book may replace a generated file)"
        ),
        (Owner::Asset(_), Owner::Page(_), _) | (Owner::Page(_), Owner::Asset(_), _) => {
            "a page's HTML is written to `index.html` in its folder; rename the file (or move it into another folder)".to_string()
        }
        _ => "rename or move one of them".to_string(),
    }
}

/// What every written file passes: its path must be claimed by a generated owner, once.
#[derive(Debug)]
pub struct Ledger {
    files: HashMap<String, Owner>,
    folders: Vec<(String, Owner)>,
    conflicted: HashSet<String>,
    written: Mutex<HashSet<String>>,
}

impl Ledger {
    /// Checks one generated file (pages included) as it is made; an error when it was not
    /// claimed, is claimed by a file of the book, or was already written.
    pub fn record(&self, path: &str) -> Result<(), Box<Diagnostic>> {
        let key = crate::slug::nfc(path);
        let owner = self.files.get(&key).or_else(|| {
            self.folders
                .iter()
                .find(|(prefix, _)| key.starts_with(prefix.as_str()))
                .map(|(_, owner)| owner)
        });
        let problem = match owner {
            None => Some("was not claimed before the build began"),
            Some(Owner::Asset(_) | Owner::ThemeStatic(_)) => Some("belongs to a copied file"),
            Some(Owner::Page(_) | Owner::Generated(_)) => None,
        };
        let reported = self.conflicted.contains(&key);
        let twice = !crate::sync::lock(&self.written).insert(key);
        if reported {
            return Ok(());
        }
        match (problem, twice) {
            (None, false) => Ok(()),
            (Some(problem), _) => Err(Box::new(internal(path, problem))),
            (None, true) => Err(Box::new(Diagnostic::error(
                PathBuf::from("book.toml"),
                format!("two generated files have the same path `{path}`"),
            )
            .with_help(
                "two names (tags, sessions, pages) became the same file name; rename one of them",
            ))),
        }
    }
}

fn internal(path: &str, problem: &str) -> Diagnostic {
    Diagnostic::error(
        PathBuf::from("book.toml"),
        format!("internal error: the output `{path}` {problem}"),
    )
    .with_help("this is a studybook bug; please report it with the book that shows it")
}

#[cfg(test)]
mod tests {
    use super::{Claim, Namespace, Owner};
    use std::path::{Path, PathBuf};

    fn namespace() -> Namespace {
        Namespace::new(Path::new("/book"))
    }

    #[test]
    fn a_page_inside_a_generated_folder_is_an_error_naming_both() {
        let mut namespace = namespace();
        namespace.declare(&[Claim::folder("search/", "search page and index")]);
        namespace.claim(
            "search/index.html",
            Owner::Page(PathBuf::from("/book/content/search/_index.md")),
        );
        let (_, diagnostics) = namespace.finish();
        assert_eq!(diagnostics.len(), 1);
        let message = &diagnostics[0].message;
        assert!(message.contains("content/search/_index.md"), "{message}");
        assert!(message.contains("search page and index"), "{message}");
        assert_eq!(diagnostics[0].line(), Some(1));
        let help = diagnostics[0].help.as_deref().unwrap_or_default();
        assert!(help.contains("`search/` is reserved"), "{help}");
    }

    #[test]
    fn the_ledger_refuses_unclaimed_and_repeated_paths() {
        let mut namespace = namespace();
        namespace.declare(&[Claim::file("sitemap.xml", "sitemap")]);
        namespace.claim("a.png", Owner::Asset(PathBuf::from("/book/content/a.png")));
        let (ledger, diagnostics) = namespace.finish();
        assert!(diagnostics.is_empty());
        assert!(ledger.record("sitemap.xml").is_ok());
        assert!(ledger.record("sitemap.xml").is_err(), "written twice");
        assert!(ledger.record("feed.xml").is_err(), "never claimed");
        assert!(ledger.record("a.png").is_err(), "a copied file's path");
    }

    #[test]
    fn a_producer_writing_outside_its_declared_claims_is_reported() {
        const CLAIMS: &[Claim] = &[
            Claim::folder("print/", "print edition"),
            Claim::file("sw.js", "service worker"),
        ];
        let mut namespace = namespace();
        namespace.declare(CLAIMS);
        let (ledger, diagnostics) = namespace.finish();
        assert!(diagnostics.is_empty());
        assert!(ledger.record("print/a/index.html").is_ok());
        assert!(ledger.record("sw.js").is_ok());
        let outside = ledger.record("printed/index.html").unwrap_err();
        assert!(
            outside
                .message
                .contains("`printed/index.html` was not claimed"),
            "{}",
            outside.message
        );
        assert!(ledger.record("sw.js.map").is_err(), "a file claims no more");
    }
}
