//! `TestBook`: copy a fixture into a temp dir, build it, look at the output.

use std::path::{Path, PathBuf};

use studybook::diagnostic::Diagnostic;
use studybook::{config::Overrides, Caches, Mode, Options, Report};

/// A fixture book copied into its own temporary folder.
pub struct TestBook {
    /// Shared with every `Built`, so that `TestBook::fixture(..).build()` keeps the folder alive.
    pub dir: std::rc::Rc<tempfile::TempDir>,
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

impl TestBook {
    /// Copies `tests/fixtures/<name>` into a new temp dir.
    pub fn fixture(name: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&fixtures_dir().join(name), dir.path());
        TestBook {
            dir: std::rc::Rc::new(dir),
        }
    }

    /// A copy of this repository's own book (content, diagrams, glossary, theme, book.toml).
    pub fn own_book() -> Self {
        let book = TestBook::empty();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in ["content", "diagrams", "glossary", "theme"] {
            copy_dir(&root.join(dir), &book.root().join(dir));
        }
        std::fs::copy(root.join("book.toml"), book.root().join("book.toml")).unwrap();
        book
    }

    /// An empty book to fill with `write`.
    pub fn empty() -> Self {
        TestBook {
            dir: std::rc::Rc::new(tempfile::tempdir().expect("temp dir")),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file relative to the book root, creating folders.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    fn run(&self, mode: Mode, base_url: Option<&str>) -> Built {
        let options = Options {
            root: self.root().to_path_buf(),
            overrides: Overrides {
                output_dir: Some(self.out()),
                base_url: base_url.map(str::to_string),
                // As the published build: the site-address warning is part of what tests see.
                audience: studybook::config::Audience::Readers,
            },
            mode,
            caches: Caches::default(),
        };
        let report = studybook::build(&options).expect("the environment should not fail");
        Built {
            report,
            out: self.out(),
            _dir: std::rc::Rc::clone(&self.dir),
        }
    }

    pub fn build(&self) -> Built {
        self.run(Mode::Build, None)
    }

    pub fn build_at(&self, base_url: &str) -> Built {
        self.run(Mode::Build, Some(base_url))
    }

    pub fn check(&self) -> Built {
        self.run(Mode::Check, None)
    }
}

pub struct Built {
    pub report: Report,
    pub out: PathBuf,
    _dir: std::rc::Rc<tempfile::TempDir>,
}

impl Built {
    /// Panics with the rendered diagnostics when the build had errors.
    #[track_caller]
    pub fn ok(self) -> Self {
        assert!(
            !self.report.has_errors(),
            "build failed:\n{}",
            studybook::diagnostic::render(&self.report.diagnostics)
        );
        self
    }

    pub fn errors(&self) -> Vec<&Diagnostic> {
        self.report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect()
    }

    /// Each error as "location message", for asserting on what a user reads.
    pub fn error_lines(&self) -> Vec<String> {
        self.errors()
            .iter()
            .map(|d| format!("{} {}", d.location(), d.message))
            .collect()
    }

    pub fn warnings(&self) -> Vec<&Diagnostic> {
        self.report
            .diagnostics
            .iter()
            .filter(|d| !d.is_error())
            .collect()
    }

    /// The diagnostics as the CLI prints them, with the temp path removed.
    pub fn rendered(&self) -> String {
        studybook::diagnostic::render(&self.report.diagnostics)
    }

    /// The whole HTML of `url` (`""` for home, `a/b/` for pages, or a file path).
    #[track_caller]
    pub fn html(&self, url: &str) -> String {
        let path = if url.is_empty() || url.ends_with('/') {
            self.out.join(url).join("index.html")
        } else {
            self.out.join(url)
        };
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("no output {}: {e}", path.display()))
    }

    /// Only the `<main>` element of `url`, so that assertions ignore the navigation.
    #[track_caller]
    pub fn main(&self, url: &str) -> String {
        let html = self.html(url);
        let start = html.find("<main").expect("page has <main>");
        let end = html.find("</main>").expect("page has </main>");
        html[start..end].to_string()
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.out.join(rel).exists()
    }
}

/// The last `chars` characters of `text`, for failure messages (a byte slice could split Hangul).
pub fn tail(text: &str, chars: usize) -> String {
    let skip = text.chars().count().saturating_sub(chars);
    text.chars().skip(skip).collect()
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every `href="…"` and `src="…"` value in `html`.
pub fn urls_in(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(pos) = rest.find(attr) {
            let after = &rest[pos + attr.len()..];
            let end = after.find('"').unwrap_or(after.len());
            urls.push(after[..end].replace("&amp;", "&"));
            rest = &after[end..];
        }
    }
    urls
}

/// Every internal link and anchor in every HTML file under `out` that points nowhere.
pub fn dead_links(out: &Path) -> Vec<String> {
    let mut dead = Vec::new();
    let mut ids_cache: std::collections::HashMap<PathBuf, std::collections::HashSet<String>> =
        Default::default();
    for entry in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|ext| ext != "html")
            || path.file_name().is_some_and(|n| n == "404.html")
        {
            continue;
        }
        let html = std::fs::read_to_string(path).unwrap();
        for url in urls_in(&html) {
            if url.contains("://")
                || url.starts_with("mailto:")
                || url.starts_with("data:")
                || url.starts_with("javascript:")
            {
                continue;
            }
            let (target_part, anchor) = match url.split_once('#') {
                Some((t, a)) => (t.to_string(), Some(percent_decode(a))),
                None => (url.clone(), None),
            };
            let target_part = target_part.split('?').next().unwrap_or("").to_string();
            let target = if target_part.is_empty() {
                path.to_path_buf()
            } else {
                let joined = path.parent().unwrap().join(percent_decode(&target_part));
                if target_part.ends_with('/') || joined.is_dir() {
                    joined.join("index.html")
                } else {
                    joined
                }
            };
            let target = normalize(&target);
            if !target.exists() {
                dead.push(format!(
                    "{} → {url} (no file {})",
                    path.strip_prefix(out).unwrap().display(),
                    target.display()
                ));
                continue;
            }
            if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
                let ids = ids_cache.entry(target.clone()).or_insert_with(|| {
                    ids_in(&std::fs::read_to_string(&target).unwrap_or_default())
                });
                if !ids.contains(&anchor) {
                    dead.push(format!(
                        "{} → {url} (no id `{anchor}`)",
                        path.strip_prefix(out).unwrap().display()
                    ));
                }
            }
        }
    }
    dead
}

fn ids_in(html: &str) -> std::collections::HashSet<String> {
    let mut ids = std::collections::HashSet::new();
    let mut rest = html;
    while let Some(pos) = rest.find(" id=\"") {
        let after = &rest[pos + 5..];
        let end = after.find('"').unwrap_or(after.len());
        ids.insert(after[..end].replace("&amp;", "&").replace("&quot;", "\""));
        rest = &after[end..];
    }
    ids
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

pub fn percent_decode(text: &str) -> String {
    studybook::url::decode(text)
}
