//! `studybook import ROUND_FILE`: a round's question document → the book's pages, filed by topic.
//!
//! Four steps, each its own module: `parse` reads the document (`blocks` splits it, `markers`
//! recognises its signals) into a [`Round`]; `book` reads what the book already has (topics and
//! their words, scenarios already imported, names taken); `plan` files each scenario under a topic
//! (`topics` scores the match against the book's topics, `subjects` names a new topic
//! after a known field, `names` makes the ASCII file names) and decides every file; `write`
//! checks every file the plan makes before any is written, then creates them (`pages` has their
//! text) and adds the round to `book.toml` (`toml_layout` finds where: after the last round and
//! the comments that belong to it). Only `book` and `write` touch the filesystem, so
//! parsing and planning are tested with strings.
//!
//! Importing never overwrites or edits a page: a scenario already imported (same `session` and
//! `session_order`) keeps its folder, a question already there (same `question` number) is
//! skipped, and every file is created with `create_new`, so a clash is reported, not clobbered.

mod blocks;
mod book;
mod evidence;
mod markers;
mod names;
mod pages;
pub mod parse;
pub mod plan;
mod subjects;
mod toml_layout;
mod topics;
mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::diagnostic::Diagnostic;

pub use book::{Book, ImportedScenario, TopicWords};
pub use plan::{FileAction, Placement, Plan};
pub use write::{Written, WrittenFile};

/// One round's document, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Round {
    /// The title line, e.g. `Django 백엔드 스터디 5 회차 문제`.
    pub title: String,
    /// 1-based line of the title.
    pub line: usize,
    /// The round's day, when the document gives one.
    pub date: Option<crate::date::Date>,
    /// Who wrote the questions, when the document says.
    pub author: Option<String>,
    /// The scenarios in document order.
    pub scenarios: Vec<Scenario>,
}

/// One scenario ("상황") and its questions ("문제").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scenario {
    /// The title line without heading or bold markers.
    pub title: String,
    /// 1-based line of the title.
    pub line: usize,
    /// The situation's blocks, verbatim Markdown (code as fenced blocks).
    pub situation: Vec<String>,
    /// 1-based line of the `문제` line, when there is one.
    pub questions_line: Option<usize>,
    /// The questions in order.
    pub questions: Vec<Question>,
}

/// One question, verbatim (numbering like `1.` dropped, 첫째/둘째 kept: they are prose).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Question {
    /// The question's Markdown; paragraphs separated by a blank line.
    pub text: String,
    /// 1-based line where it starts.
    pub line: usize,
}

/// What `studybook import` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The round document (`.txt` or `.md`).
    pub round_file: PathBuf,
    /// The book's folder.
    pub book_dir: PathBuf,
    /// `--session ID`: the round's id in `book.toml` (default: the document's date).
    pub session: Option<String>,
    /// `--topic N=SLUG`: scenario number → topic folder, overriding the proposal.
    pub topics: BTreeMap<usize, String>,
    /// `--dry-run`: plan and print, write nothing.
    pub dry_run: bool,
}

/// What an import did (or, for a dry run, would do).
#[derive(Debug)]
pub struct Outcome {
    /// The plan, always.
    pub plan: Option<Plan>,
    /// The files written; `None` for a dry run or when there were errors.
    pub written: Option<Written>,
    /// Mistakes in the document or the options; nothing is written when one is an error.
    pub diagnostics: Vec<Diagnostic>,
}

/// The round document, which may be anywhere (the author names it) and may be a pipe
/// (`<(…)`), but not bigger than a text source of the book may be.
fn read_round(path: &Path) -> anyhow::Result<Vec<u8>> {
    use std::io::Read as _;
    let limit = crate::source_file::MAX_TEXT_BYTES;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(limit + 1).read_to_end(&mut bytes))
        .with_context(|| format!("failed to read `{}`", path.display()))?;
    if bytes.len() as u64 > limit {
        anyhow::bail!(
            "`{}` is over {} MiB, far more than a round's document; check that it is the right file",
            path.display(),
            limit / (1024 * 1024)
        );
    }
    Ok(bytes)
}

/// Runs an import. `Err` means the environment failed (an unreadable file, a failed write).
pub fn run(options: &ImportOptions) -> anyhow::Result<Outcome> {
    let file = crate::diagnostic::display_path(&options.book_dir, &options.round_file);
    let bytes = read_round(&options.round_file)?;
    let source = match String::from_utf8(bytes) {
        Ok(source) => source,
        Err(error) => return Ok(failed(vec![crate::diagnostic::invalid_utf8(file, error)])),
    };
    let round = match parse::round(&file, &source) {
        Ok(round) => round,
        Err(diagnostics) => return Ok(failed(diagnostics)),
    };
    let (book, config, mut diagnostics) = book::read(&options.book_dir)?;
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Ok(failed(diagnostics));
    }
    // Planned and every file checked the same way for a dry run and a real one, so the dry run
    // finds every error the real run would, and the real run writes nothing before all pass.
    let checked = plan::make(&round, &book, &file, options)
        .and_then(|plan| Ok((write::prepare(&plan, &config, &options.book_dir)?, plan)));
    let (files, plan) = match checked {
        Ok(checked) => checked,
        Err(errors) => {
            diagnostics.extend(errors);
            return Ok(failed(diagnostics));
        }
    };
    let written = if options.dry_run {
        None
    } else {
        Some(write::apply(&files)?)
    };
    Ok(Outcome {
        plan: Some(plan),
        written,
        diagnostics,
    })
}

fn failed(diagnostics: Vec<Diagnostic>) -> Outcome {
    Outcome {
        plan: None,
        written: None,
        diagnostics,
    }
}

/// Longest topic folder name or session id `import` takes. The names it makes from them
/// (`SESSION-N` for a scenario without an English term) then stay far below the 255 bytes a
/// file name may have, and a session id far below a page's URL segment.
pub const MAX_ID_BYTES: usize = 64;

/// Parses one `--topic N=SLUG` value.
pub fn parse_topic_option(value: &str) -> Result<(usize, String), String> {
    let (number, slug) = value
        .split_once('=')
        .ok_or_else(|| format!("`{value}` is not N=SLUG, e.g. `--topic 2=networking`"))?;
    let number: usize = number
        .trim()
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("`{number}` is not a scenario number (1, 2, …)"))?;
    let slug = slug.trim().trim_matches('/');
    check_id(slug, "a topic folder name")?;
    Ok((number, slug.to_string()))
}

/// Parses `--session ID`: the round's id in `book.toml`, which also names the folders of its
/// scenarios that have no English term, so it is held to a topic folder's rule.
pub fn parse_session_option(value: &str) -> Result<String, String> {
    check_id(value, "a session id")?;
    Ok(value.to_string())
}

/// A topic folder or a session id: lowercase ASCII letters, digits and `-`, at most
/// [`MAX_ID_BYTES`], and no name Windows reserves (`aux`, `con`, …). `what` names it.
fn check_id(value: &str, what: &str) -> Result<(), String> {
    let valid = !value.is_empty()
        && value.len() <= MAX_ID_BYTES
        && (value.chars()).all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid {
        let shown: String = value.chars().take(80).collect();
        return Err(format!(
            "`{shown}` is not {what}: use lowercase ASCII letters, digits and `-`, at most {MAX_ID_BYTES} bytes"
        ));
    }
    if crate::content::reserved_on_windows(value) {
        return Err(crate::content::Unfit::ReservedOnWindows(value.to_string()).reason());
    }
    Ok(())
}

/// The text `studybook import` prints: the plan, then what was written.
pub fn summary(outcome: &Outcome) -> String {
    let mut out = String::new();
    if let Some(plan) = &outcome.plan {
        out.push_str(&plan.describe());
    }
    if let Some(written) = &outcome.written {
        out.push_str(&written.describe());
    } else if outcome.plan.is_some() {
        out.push_str("dry run: nothing was written\n");
    }
    out
}

/// `Path` of a content-relative `/`-separated path.
fn content_path(book_dir: &Path, rel: &str) -> PathBuf {
    rel.split('/')
        .fold(book_dir.join("content"), |path, part| path.join(part))
}
