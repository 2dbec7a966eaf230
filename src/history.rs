//! Last-updated dates and authors: from git history when the book is a git checkout, else from
//! front matter (`updated`, `authors`; front matter `authors` always wins over git).
//!
//! One `git log` over the whole content folder gives every file's latest commit date and the
//! names of everyone who committed to it (most recent first, no e-mail addresses), so the cost
//! does not grow with one process per page. [`Cache`] keeps that answer across `serve` rebuilds
//! until the repository's `HEAD`, reflog or index changes (a commit, checkout or pull), because
//! spawning git costs more than the rest of a rebuild.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use crate::config::Config;
use crate::content::Page;
use crate::date::Date;
use crate::page::PageVec;

/// What git gave, and the state of the repository it was read from.
#[derive(Debug, Clone, Default)]
pub struct Cache {
    dates: Arc<Mutex<Option<(RepoState, Files)>>>,
}

/// What git says about one file.
#[derive(Debug, Clone, PartialEq)]
struct FileHistory {
    /// The day of the latest commit that touched it.
    updated: Date,
    /// Commit authors' names, most recent first, each once.
    authors: Vec<String>,
}

type Files = Arc<HashMap<String, FileHistory>>;

/// What the pages show about their history, by page.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The day of each page's last change, when known.
    pub updated: PageVec<Option<Date>>,
    /// Who wrote each page: front matter `authors`, else git's names (may be empty).
    pub authors: PageVec<Vec<String>>,
}

type RepoState = (PathBuf, PathBuf, Vec<Option<(u64, SystemTime)>>);

/// What changes when history does: the `HEAD`, reflog and index files of the git directory.
fn repo_state(config: &Config) -> Option<RepoState> {
    let dot_git = config.root.join(".git");
    let git_dir = if dot_git.is_file() {
        // A worktree: `.git` names the real git directory.
        let text = std::fs::read_to_string(&dot_git).ok()?;
        let dir = PathBuf::from(text.trim().strip_prefix("gitdir:")?.trim());
        if dir.is_absolute() {
            dir
        } else {
            config.root.join(dir)
        }
    } else {
        dot_git
    };
    let stamp = |path: &Path| {
        let metadata = std::fs::metadata(path).ok()?;
        Some((metadata.len(), metadata.modified().ok()?))
    };
    let stamps = ["HEAD", "logs/HEAD", "index"]
        .iter()
        .map(|name| stamp(&git_dir.join(name)))
        .collect();
    Some((config.root.clone(), config.content_dir.clone(), stamps))
}

fn cached_git_files(config: &Config, cache: &Cache) -> Files {
    let state = repo_state(config);
    if let Some(state) = &state {
        if let Some((cached_state, dates)) = crate::sync::lock(&cache.dates).as_ref() {
            if cached_state == state {
                return Arc::clone(dates);
            }
        }
    }
    let dates = Arc::new(git_files(config).unwrap_or_default());
    if let Some(state) = state {
        *crate::sync::lock(&cache.dates) = Some((state, Arc::clone(&dates)));
    }
    dates
}

/// Each page's last-change date and authors.
pub fn read(config: &Config, pages: &PageVec<Page>, cache: &Cache) -> History {
    let from_git = cached_git_files(config, cache);
    let (updated, authors) = pages
        .iter()
        .map(|page| {
            let key = page.file.to_string_lossy().replace('\\', "/");
            let git = from_git.get(&key);
            let updated = git.map(|file| file.updated).or(page.front.updated);
            let authors = match (&page.front.authors, git) {
                (Some(names), _) => names.clone(),
                (None, Some(file)) => file.authors.clone(),
                (None, None) => Vec::new(),
            };
            (updated, authors)
        })
        .unzip();
    History { updated, authors }
}

/// Marks a commit's line in our `git log` format; paths never start with it.
const COMMIT: char = '\u{1e}';
/// Separates a commit's date from its author's name.
const FIELD: char = '\u{1f}';

fn git_files(config: &Config) -> Option<HashMap<String, FileHistory>> {
    if !config.root.join(".git").exists() {
        return None;
    }
    let output = Command::new("git")
        .arg("-C")
        .arg(&config.root)
        .args([
            "log",
            // `%aN` applies `.mailmap`, so one person's two spellings become one name.
            "--format=%x00%x1e%cs%x1f%aN",
            "--name-only",
            "--no-renames",
            "-z",
            "--",
        ])
        .arg(&config.content_dir)
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let prefix = git_prefix(config)?;
    Some(parse_log(&String::from_utf8_lossy(&output.stdout), &prefix))
}

/// Reads `git log`'s output (newest commit first) into each file's latest date and authors.
fn parse_log(text: &str, prefix: &str) -> HashMap<String, FileHistory> {
    let mut files: HashMap<String, FileHistory> = HashMap::new();
    let (mut date, mut author) = (None, String::new());
    for field in text.split('\0') {
        let field = field.trim_matches('\n');
        if let Some(commit) = field.strip_prefix(COMMIT) {
            let (commit_date, name) = commit.split_once(FIELD).unwrap_or((commit, ""));
            date = Date::parse(commit_date);
            author = name.trim().to_string();
        } else if let Some(date) = date.filter(|_| !field.is_empty()) {
            let path = field.strip_prefix(prefix).unwrap_or(field);
            let file = files
                .entry(crate::slug::nfc(path))
                .or_insert_with(|| FileHistory {
                    updated: date,
                    authors: Vec::new(),
                });
            if !author.is_empty() && !file.authors.contains(&author) {
                file.authors.push(author.clone());
            }
        }
    }
    files
}

/// Paths from `git log` are relative to the repository root; the book may sit in a subfolder.
fn git_prefix(config: &Config) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(&config.root)
        .args(["rev-parse", "--show-prefix"])
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::parse_log;

    #[test]
    fn newest_date_and_authors_newest_first_each_once() {
        let log = "\0\u{1e}2025-03-02\u{1f}이영희\0\nbook/content/a.md\0book/content/b.md\0\0\u{1e}2025-01-01\u{1f}Kim\0\nbook/content/a.md\0\0\u{1e}2024-12-01\u{1f}이영희\0\nbook/content/a.md\0";
        let files = parse_log(log, "book/");
        let a = &files["content/a.md"];
        assert_eq!(a.updated.to_string(), "2025-03-02");
        assert_eq!(a.authors, ["이영희", "Kim"]);
        assert_eq!(files["content/b.md"].authors, ["이영희"]);
    }
}
