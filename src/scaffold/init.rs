//! `studybook init [DIR]`: a book that builds and checks clean at once.
//!
//! The files are the ones under `src/scaffold/book/`, embedded in the binary: `book.toml`, a home
//! page, one topic with one scenario and one answer in the house shape, a glossary, `.gitignore`
//! and a GitHub Pages workflow that uses this repository's action (so the book's repository
//! needs no Rust). They are stored as `gitignore` and `github/`, without the dot, so that they do
//! not act on this repository itself.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use crate::book_write::Created;

/// One file of the scaffold: where it goes and its text, with `{{title}}` and `{{action}}` to
/// fill in.
struct Template {
    path: &'static str,
    text: &'static str,
}

macro_rules! template {
    ($path:literal, $stored:literal) => {
        Template {
            path: $path,
            text: include_str!(concat!("book/", $stored)),
        }
    };
}

const TEMPLATES: &[Template] = &[
    template!("book.toml", "book.toml"),
    template!("content/_index.md", "content/_index.md"),
    template!(
        "content/networking/_index.md",
        "content/networking/_index.md"
    ),
    template!(
        "content/networking/first-connection/_index.md",
        "content/networking/first-connection/_index.md"
    ),
    template!(
        "content/networking/first-connection/q1-three-way-handshake.md",
        "content/networking/first-connection/q1-three-way-handshake.md"
    ),
    template!("glossary/terms.toml", "glossary/terms.toml"),
    template!(".gitignore", "gitignore"),
    template!(".github/workflows/pages.yml", "github/workflows/pages.yml"),
];

/// What `init` did with each file of the scaffold, relative to the book folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Written new.
    Created(PathBuf),
    /// Already there, so left as it was.
    Kept(PathBuf),
    /// Already there (a repository's `.gitignore`), and these lines were added at its end.
    Appended(PathBuf, Vec<String>),
}

/// Writes a new book into `dir` (created if missing), titled `title` or after the folder.
/// Refuses a folder that already holds a book; never overwrites a file.
pub fn init(dir: &Path, title: Option<&str>) -> anyhow::Result<Vec<Written>> {
    for marker in ["book.toml", "content"] {
        if dir.join(marker).exists() {
            bail!(
                "`{}` already has a book (it has `{marker}`); run `studybook init` in a new or empty folder, or `studybook new TOPIC/SLUG` to add a page to this one",
                dir.display()
            );
        }
    }
    std::fs::create_dir_all(dir)
        .with_context(|| format!("failed to create `{}`", dir.display()))?;
    let title = match title {
        Some(title) => title.trim().to_string(),
        None => folder_name(dir)?,
    };
    // Every file is checked before the first is written: `glossary/` or `.github/` may be
    // links out of the folder (a repository's own, or planted).
    let writer = crate::book_write::Writer::new(dir)?;
    let paths: Vec<PathBuf> = TEMPLATES.iter().map(|t| dir.join(t.path)).collect();
    writer.check_all(paths.iter().map(PathBuf::as_path))?;
    let mut written = Vec::new();
    for (template, path) in TEMPLATES.iter().zip(&paths) {
        let rel = PathBuf::from(template.path);
        if template.path == ".gitignore" && path.exists() {
            written.push(complete_gitignore(&writer, dir, path, rel)?);
            continue;
        }
        match writer.create_new(path, fill(template.text, &title).as_bytes())? {
            Created::New => written.push(Written::Created(rel)),
            Created::Existed => written.push(Written::Kept(rel)),
        }
    }
    Ok(written)
}

/// The lines of the scaffold's `.gitignore` (the build's output and the diagram cache).
fn ignored_lines() -> impl Iterator<Item = &'static str> {
    include_str!("book/gitignore")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// Adds the scaffold's ignore lines that an existing `.gitignore` lacks, so that `git add .`
/// does not commit `public/` and the cache. `public`, `public/`, `/public` and `/public/` all
/// count as present. The file keeps every byte it had; the lines go at its end, written whole
/// or not at all (`book_write`).
fn complete_gitignore(
    writer: &crate::book_write::Writer,
    dir: &Path,
    path: &Path,
    rel: PathBuf,
) -> anyhow::Result<Written> {
    // Only a regular file inside the folder (`source_file`): a FIFO would block the read, and a
    // link may lead out of the folder. Such a file, or one that is not UTF-8, is left alone.
    let root = dir
        .canonicalize()
        .with_context(|| format!("failed to open `{}`", dir.display()))?;
    let Some(text) = crate::source_file::read_text(&root, path) else {
        return Ok(Written::Kept(rel));
    };
    let present = |line: &str| {
        let name = line.trim_matches('/');
        text.lines()
            .map(|existing| existing.trim().trim_matches('/'))
            .any(|existing| existing == name)
    };
    let missing: Vec<String> = ignored_lines()
        .filter(|line| !present(line))
        .map(str::to_string)
        .collect();
    if missing.is_empty() {
        return Ok(Written::Kept(rel));
    }
    let mut completed = text;
    if !completed.is_empty() && !completed.ends_with('\n') {
        completed.push('\n');
    }
    completed.push_str("# studybook: the built site and the diagram cache\n");
    for line in &missing {
        completed.push_str(line);
        completed.push('\n');
    }
    writer.replace(path, completed.as_bytes())?;
    Ok(Written::Appended(rel, missing))
}

/// The folder's own name, the natural title of a new book (`my-study` for `init my-study`).
fn folder_name(dir: &Path) -> anyhow::Result<String> {
    let dir = dir
        .canonicalize()
        .with_context(|| format!("failed to open `{}`", dir.display()))?;
    Ok(dir
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "스터디 북".to_string()))
}

fn fill(text: &str, title: &str) -> String {
    text.replace("{{title}}", &super::toml_string(title))
        .replace("{{action}}", &action_ref())
}

/// The action the Pages workflow uses: this repository at the tag of the running version, so a
/// book keeps building with the studybook that made it until someone moves the pin.
fn action_ref() -> String {
    let repository = env!("CARGO_PKG_REPOSITORY");
    let repository = repository
        .trim_end_matches('/')
        .trim_start_matches("https://github.com/");
    format!("{repository}@v{}", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_action_is_pinned_to_this_version() {
        let action = action_ref();
        assert!(
            action.ends_with(&format!("@v{}", env!("CARGO_PKG_VERSION"))),
            "{action}"
        );
        assert!(!action.contains("https://"), "{action}");
    }

    #[test]
    fn a_title_is_written_as_a_toml_string() {
        let text = fill(TEMPLATES[0].text, "C:\\ \"따옴표\"");
        let parsed: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(parsed["book"]["title"].as_str(), Some("C:\\ \"따옴표\""));
    }
}
