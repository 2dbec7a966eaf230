//! Which folder is the book: the one the command was pointed at, or, when that folder has no
//! `book.toml`, the nearest parent that has one (as Zola does), so that `studybook check` works
//! from `content/networking/` too.
//!
//! The search stops at the top of a git repository (a folder holding `.git`): a book never spans
//! repositories, and a folder of notes inside some other project must not be taken for a book
//! found further up. A folder with no `book.toml` anywhere up is still a book when it holds
//! Markdown (plain-folder mode); one with neither is refused here, before any stage runs, so that
//! `build` in the wrong folder fails instead of writing a one-page site.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

/// The book a command works on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookDir {
    /// The book's folder as the command should pass it on: the folder given, or that folder
    /// followed by one `..` per level climbed (relative stays relative, so paths printed for
    /// GitHub annotations still start where the user is).
    pub root: PathBuf,
    /// How the folder was recognised.
    pub kind: BookKind,
}

/// How [`find`] recognised the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookKind {
    /// It has a `book.toml`; `levels_up` is 0 for the folder given.
    BookToml {
        /// How many parents up from the folder given.
        levels_up: usize,
    },
    /// No `book.toml` here or above, but Markdown notes: built as a plain folder.
    Plain,
}

impl BookDir {
    /// One line for stderr saying which book was found, e.g. `book: /home/me/study (book.toml)`.
    pub fn describe(&self) -> String {
        let shown = self
            .root
            .canonicalize()
            .unwrap_or_else(|_| self.root.clone());
        let how = match self.kind {
            BookKind::BookToml { .. } => "book.toml",
            BookKind::Plain => "a folder of Markdown notes, no book.toml",
        };
        format!("book: {} ({how})", shown.display())
    }
}

/// Finds the book for a command run on `start` (`.` by default). Fails when `start` is missing,
/// or when neither `start` nor any parent up to the repository's top has a `book.toml` and
/// `start` holds no Markdown file.
pub fn find(start: &Path) -> anyhow::Result<BookDir> {
    let absolute = start
        .canonicalize()
        .with_context(|| format!("failed to open the book folder `{}`", start.display()))?;
    if !absolute.is_dir() {
        // `config::load` says what is wrong with a file given as the book.
        return Ok(BookDir {
            root: start.to_path_buf(),
            kind: BookKind::Plain,
        });
    }
    if let Some(levels_up) = levels_to_book_toml(&absolute) {
        let mut root = start.to_path_buf();
        for _ in 0..levels_up {
            root.push("..");
        }
        return Ok(BookDir {
            root,
            kind: BookKind::BookToml { levels_up },
        });
    }
    if has_markdown(&absolute) {
        return Ok(BookDir {
            root: start.to_path_buf(),
            kind: BookKind::Plain,
        });
    }
    anyhow::bail!(
        "no book in `{}`: looked for `book.toml` there and in every parent folder{}, and for Markdown files (`*.md`) under it, and found neither; run `studybook init` to start a book, or pass the book's folder as the command's argument",
        absolute.display(),
        repository_note(&absolute)
    )
}

/// How many parents up `book.toml` is, stopping after the first folder that holds `.git`.
fn levels_to_book_toml(absolute: &Path) -> Option<usize> {
    for (levels_up, dir) in absolute.ancestors().enumerate() {
        // `symlink_metadata`, as `config::load` does: a `book.toml` that is a link or a FIFO is
        // still this book's, and `config` refuses it with an error naming it.
        if dir.join("book.toml").symlink_metadata().is_ok() {
            return Some(levels_up);
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

/// Names the repository's top when the search stopped there, so the message says where it ended.
fn repository_note(absolute: &Path) -> String {
    absolute
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(|top| format!(" up to the repository's top `{}`", top.display()))
        .unwrap_or_default()
}

/// Whether any visible file under `dir` is Markdown. Stops at the first one found.
fn has_markdown(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()))
        .filter_map(Result::ok)
        .any(|entry| {
            entry.file_type().is_file()
                && Path::new(entry.file_name())
                    .extension()
                    .is_some_and(|extension| extension.eq_ignore_ascii_case("md"))
        })
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_book_is_found_from_a_subfolder_and_the_path_stays_relative_to_it() {
        let dir = tempfile::tempdir().expect("a temp dir");
        std::fs::write(dir.path().join("book.toml"), "").expect("write");
        let deep = dir.path().join("content/networking");
        std::fs::create_dir_all(&deep).expect("mkdir");
        let found = find(&deep).expect("found");
        assert_eq!(found.kind, BookKind::BookToml { levels_up: 2 });
        assert_eq!(found.root, deep.join("..").join(".."));
        assert!(
            found.describe().ends_with("(book.toml)"),
            "{}",
            found.describe()
        );
    }

    #[test]
    fn a_folder_with_neither_book_toml_nor_markdown_is_refused() {
        let dir = tempfile::tempdir().expect("a temp dir");
        std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
        std::fs::write(dir.path().join("notes.txt"), "").expect("write");
        let error = find(dir.path()).expect_err("nothing to build").to_string();
        assert!(
            error.contains("book.toml") && error.contains("*.md"),
            "{error}"
        );
        std::fs::create_dir(dir.path().join("notes")).expect("mkdir");
        std::fs::write(dir.path().join("notes/a.md"), "# a").expect("write");
        assert_eq!(find(dir.path()).expect("plain").kind, BookKind::Plain);
    }

    #[test]
    fn the_search_stops_at_the_top_of_a_repository() {
        let dir = tempfile::tempdir().expect("a temp dir");
        std::fs::write(dir.path().join("book.toml"), "").expect("write");
        let project = dir.path().join("project");
        std::fs::create_dir_all(project.join(".git")).expect("mkdir");
        std::fs::write(project.join("README.md"), "# notes").expect("write");
        assert_eq!(find(&project).expect("plain").kind, BookKind::Plain);
    }
}
