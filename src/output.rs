//! The site's namespace: every path a build writes, and who owns it.
//!
//! Before anything is rendered, [`Namespace::claim`] records an owner for every path the build
//! will write: each content page (`topic/q1/index.html`), each content asset, the book's theme
//! statics, the built-in statics, the fixed files (sitemap, feed, …) and, as whole folders, the
//! generated sections (`search/`, `tags/`, `print/`, …). Two owners of one path are an error
//! naming both, so a page, an asset and a generated file can never silently replace each other.
//! Then every file the build makes passes [`Ledger::record`], which checks that its path was
//! claimed by a generated owner and that nothing writes it twice, so the claims cannot fall behind
//! what the render stage writes.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostic::{display_path, Diagnostic};

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
                    display_path(root, file).display()
                )
            }
            Owner::Page(file) => format!("the page `{}`", display_path(root, file).display()),
            Owner::Asset(file) => format!("the file `{}`", display_path(root, file).display()),
            Owner::ThemeStatic(file) => {
                format!("the theme file `{}`", display_path(root, file).display())
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

/// Folders whose every file studybook generates, with what it generates there.
pub const GENERATED_FOLDERS: &[(&str, &str)] = &[
    ("search/", "search page and index"),
    ("glossary/", "glossary page"),
    ("print/", "print edition"),
    ("map/", "map of the book"),
    ("review/", "review page"),
    ("sessions/", "session (회차) pages"),
    ("tags/", "tag pages"),
];

/// Every claim, before anything is written.
#[derive(Debug, Default)]
pub struct Namespace {
    files: HashMap<String, Owner>,
    folders: Vec<(String, Owner)>,
    /// Paths with two owners, reported already: the second file written there is no news.
    conflicted: HashSet<String>,
    diagnostics: Vec<Diagnostic>,
}

impl Namespace {
    /// Claims the file `path` (relative to the output folder) for `owner`.
    pub fn claim(&mut self, path: &str, owner: Owner, root: &Path) {
        let key = crate::slug::nfc(path);
        if let Some(conflict) = self.owner_of(&key).cloned() {
            self.conflict(&key, &conflict, owner, root);
            self.conflicted.insert(key);
            return;
        }
        self.files.insert(key, owner);
    }

    /// Claims every path under `prefix` (ending in `/`) for a generated owner.
    pub fn claim_folder(&mut self, prefix: &str, owner: Owner) {
        self.folders.push((prefix.to_string(), owner));
    }

    /// A book's theme static replaces the built-in static of the same path, by design.
    pub fn override_static(&mut self, path: &str, file: PathBuf) {
        self.files
            .insert(crate::slug::nfc(path), Owner::ThemeStatic(file));
    }

    fn owner_of(&self, key: &str) -> Option<&Owner> {
        self.files.get(key).or_else(|| {
            self.folders
                .iter()
                .find(|(prefix, _)| key.starts_with(prefix.as_str()))
                .map(|(_, owner)| owner)
        })
    }

    fn conflict(&mut self, path: &str, first: &Owner, second: Owner, root: &Path) {
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
        .with_help(conflict_help(path, blamed, other));
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

fn conflict_help(path: &str, blamed: &Owner, other: &Owner) -> String {
    let reserved = GENERATED_FOLDERS
        .iter()
        .find(|(prefix, _)| path.starts_with(prefix));
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
    use super::{Namespace, Owner};
    use std::path::{Path, PathBuf};

    fn root() -> &'static Path {
        Path::new("/book")
    }

    #[test]
    fn a_page_inside_a_generated_folder_is_an_error_naming_both() {
        let mut namespace = Namespace::default();
        namespace.claim_folder("search/", Owner::Generated("search page and index"));
        namespace.claim(
            "search/index.html",
            Owner::Page(PathBuf::from("/book/content/search/_index.md")),
            root(),
        );
        let (_, diagnostics) = namespace.finish();
        assert_eq!(diagnostics.len(), 1);
        let message = &diagnostics[0].message;
        assert!(message.contains("content/search/_index.md"), "{message}");
        assert!(message.contains("search page and index"), "{message}");
        assert_eq!(diagnostics[0].line(), Some(1));
    }

    #[test]
    fn the_ledger_refuses_unclaimed_and_repeated_paths() {
        let mut namespace = Namespace::default();
        namespace.claim("sitemap.xml", Owner::Generated("sitemap"), root());
        namespace.claim(
            "a.png",
            Owner::Asset(PathBuf::from("/book/content/a.png")),
            root(),
        );
        let (ledger, diagnostics) = namespace.finish();
        assert!(diagnostics.is_empty());
        assert!(ledger.record("sitemap.xml").is_ok());
        assert!(ledger.record("sitemap.xml").is_err(), "written twice");
        assert!(ledger.record("feed.xml").is_err(), "never claimed");
        assert!(ledger.record("a.png").is_err(), "a copied file's path");
    }
}
