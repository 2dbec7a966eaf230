//! Last-updated dates: from git history when the book is a git checkout, else from front matter.
//!
//! One `git log` over the whole content folder gives every file's latest commit date, so the cost
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

/// The dates git gave, and the state of the repository they were read from.
#[derive(Debug, Clone, Default)]
pub struct Cache {
    dates: Arc<Mutex<Option<(RepoState, Dates)>>>,
}

type Dates = Arc<HashMap<String, String>>;

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

fn cached_git_dates(config: &Config, cache: &Cache) -> Arc<HashMap<String, String>> {
    let state = repo_state(config);
    if let (Some(state), Ok(cached)) = (&state, cache.dates.lock()) {
        if let Some((cached_state, dates)) = cached.as_ref() {
            if cached_state == state {
                return Arc::clone(dates);
            }
        }
    }
    let dates = Arc::new(git_dates(config).unwrap_or_default());
    if let (Some(state), Ok(mut cached)) = (state, cache.dates.lock()) {
        *cached = Some((state, Arc::clone(&dates)));
    }
    dates
}

/// For each page, `YYYY-MM-DD` of its last change, when known.
pub fn updated_dates(config: &Config, pages: &[Page], cache: &Cache) -> Vec<Option<String>> {
    let from_git = cached_git_dates(config, cache);
    pages
        .iter()
        .map(|page| {
            let key = page.file.to_string_lossy().replace('\\', "/");
            from_git
                .get(&key)
                .cloned()
                // Only the date: the feed, sitemap and pages show days, and a TOML datetime with
                // an offset (`…T10:00:00+09:00`) or a bare time (`10:00:00`) is not one.
                .or_else(|| {
                    page.front
                        .updated
                        .and_then(|updated| updated.date)
                        .map(|date| date.to_string())
                })
        })
        .collect()
}

fn git_dates(config: &Config) -> Option<HashMap<String, String>> {
    if !config.root.join(".git").exists() {
        return None;
    }
    let output = Command::new("git")
        .arg("-C")
        .arg(&config.root)
        .args([
            "log",
            "--format=%x00%cs",
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
    let text = String::from_utf8_lossy(&output.stdout);
    let prefix = git_prefix(config)?;
    let mut dates = HashMap::new();
    let mut current = String::new();
    for field in text.split('\0') {
        let field = field.trim_matches('\n');
        if field.len() == 10 && field.as_bytes()[4] == b'-' && field.as_bytes()[7] == b'-' {
            current = field.to_string();
        } else if !field.is_empty() && !current.is_empty() {
            let path = field.strip_prefix(&prefix).unwrap_or(field);
            dates
                .entry(crate::slug::nfc(path))
                .or_insert_with(|| current.clone());
        }
    }
    Some(dates)
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
