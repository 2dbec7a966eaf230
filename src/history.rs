//! Last-updated dates: from git history when the book is a git checkout, else from front matter.
//!
//! One `git log` over the whole content folder gives every file's latest commit date, so the cost
//! does not grow with one process per page.

use std::collections::HashMap;
use std::process::Command;

use crate::config::Config;
use crate::content::Page;

/// For each page, `YYYY-MM-DD` of its last change, when known.
pub fn updated_dates(config: &Config, pages: &[Page]) -> Vec<Option<String>> {
    let from_git = git_dates(config).unwrap_or_default();
    pages
        .iter()
        .map(|page| {
            let key = page.file.to_string_lossy().replace('\\', "/");
            from_git
                .get(&key)
                .cloned()
                .or_else(|| page.front.updated.map(|date| date.to_string()))
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
