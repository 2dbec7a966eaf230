//! `book.toml` → [`Config`].
//!
//! `schema` walks the parsed file first and reports every unknown key (with the key it was
//! probably meant to be), every duplicate and every syntax error at once; then each section is
//! deserialized into its part of `BookToml` on its own, so that one wrong type does not hide the
//! next section's. The derived [`Config`] holds absolute paths and
//! settled values; later stages never look at raw TOML. A folder without `book.toml` is a valid book
//! too (plain-folder mode): the defaults below apply and broken links become warnings.

mod schema;

use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, SourceText};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct BookToml {
    #[serde(default)]
    book: BookSection,
    #[serde(default)]
    sessions: Vec<Session>,
    #[serde(default)]
    build: BuildSection,
    #[serde(default)]
    site: SiteSection,
    #[serde(default)]
    lint: LintSection,
    /// Where `output-dir` is written in the file, to point at it.
    #[serde(skip)]
    output_dir_at: Option<(SourceText, Range<usize>)>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct BookSection {
    title: Option<String>,
    description: Option<String>,
    language: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct BuildSection {
    output_dir: Option<PathBuf>,
    broken_links: Option<LinkPolicy>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SiteSection {
    url: Option<String>,
    repository: Option<String>,
    branch: Option<String>,
    cname: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct LintSection {
    review_max_age_days: Option<u32>,
}

/// How old a `reviewed` date may be before `check` warns, unless `book.toml` says otherwise.
pub const DEFAULT_REVIEW_MAX_AGE_DAYS: u32 = 365;

/// What a broken internal link is: an error that stops the build, or a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkPolicy {
    /// The build fails (the default with a `book.toml`).
    Error,
    /// The build goes on and lists them at the end (the default for a plain folder).
    Warn,
}

/// One study round ("회차") that questions came from.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// Stable id used by `session = "..."` in front matter, e.g. `2025-08-27`.
    pub id: String,
    /// Display title, e.g. "Django 백엔드 스터디 5회차".
    pub title: String,
    /// The date the round met, `YYYY-MM-DD`.
    #[serde(default)]
    pub date: String,
    /// Who wrote the questions.
    #[serde(default)]
    pub author: String,
}

/// Command-line values that override `book.toml`.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--out`: where to write the site.
    pub output_dir: Option<PathBuf>,
    /// `--base-url`: the absolute URL the site is published at.
    pub base_url: Option<String>,
}

/// Everything the build needs to know about the book, settled and absolute.
#[derive(Debug, Clone)]
pub struct Config {
    /// The book's root folder.
    pub root: PathBuf,
    /// `content/` (or the root itself for a plain folder with no `content/`).
    pub content_dir: PathBuf,
    /// `theme/`; may not exist, in which case the built-in theme is used.
    pub theme_dir: PathBuf,
    /// `diagrams/`.
    pub diagrams_dir: PathBuf,
    /// `glossary/`: `*.toml` files of terms.
    pub glossary_dir: PathBuf,
    /// Where the site is written.
    pub output_dir: PathBuf,
    /// The book's title.
    pub title: String,
    /// One-sentence description, used for meta tags.
    pub description: String,
    /// `ko` or `en`; picks the UI strings.
    pub language: String,
    /// Authors, shown in the footer and feed.
    pub authors: Vec<String>,
    /// The study rounds, in the order they were declared.
    pub sessions: Vec<Session>,
    /// Absolute base URL ending in `/`, when known.
    pub base_url: Option<String>,
    /// The repository's web URL, for "edit this page" links.
    pub repository: Option<String>,
    /// The branch the "edit this page" links point at.
    pub branch: String,
    /// Custom domain written to `CNAME`.
    pub cname: Option<String>,
    /// Broken links: error or warning.
    pub link_policy: LinkPolicy,
    /// Whether the book has a `book.toml` (false in plain-folder mode).
    pub has_book_toml: bool,
    /// `[lint] review-max-age-days`: an answer reviewed longer ago than this is flagged by `check`.
    pub review_max_age_days: u32,
    /// False when `book.toml` exists but could not be read or parsed (already an error): its
    /// sessions are unknown, so pages naming a session are not checked against them.
    pub book_toml_ok: bool,
}

/// Reads `root/book.toml` (if any) and applies `overrides`. Mistakes in the file come back as
/// diagnostics with defaults filled in, so that `check` can still report the rest of the book.
pub fn load(root: &Path, overrides: &Overrides) -> anyhow::Result<(Config, Vec<Diagnostic>)> {
    let root = root
        .canonicalize()
        .with_context(|| format!("failed to open the book folder `{}`", root.display()))?;
    if !root.is_dir() {
        anyhow::bail!(
            "`{}` is a file, not a book folder; pass the folder that holds `book.toml` and `content/` (or a folder of Markdown notes)",
            root.display()
        );
    }
    let book_toml_path = root.join("book.toml");
    let mut diagnostics = Vec::new();
    // Not `is_file()`: a FIFO or a link out of the book named `book.toml` is refused with an
    // error, not silently taken for plain-folder mode.
    let has_book_toml = book_toml_path.symlink_metadata().is_ok();
    let (raw, book_toml_ok) = if has_book_toml {
        read_book_toml(&root, &book_toml_path, &mut diagnostics)
    } else {
        (BookToml::default(), true)
    };
    let content_dir = if root.join("content").is_dir() || has_book_toml {
        root.join("content")
    } else {
        root.clone()
    };
    let output_dir = output_dir(&root, overrides, &raw, &mut diagnostics)?;
    let base_url = overrides
        .base_url
        .clone()
        .or(raw.site.url)
        .map(|url| normalize_base_url(&url));
    let title = raw.book.title.unwrap_or_else(|| {
        root.file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Study book".into())
    });
    check_sessions(&raw.sessions, &mut diagnostics);
    let config = Config {
        content_dir,
        theme_dir: root.join("theme"),
        diagrams_dir: root.join("diagrams"),
        glossary_dir: root.join("glossary"),
        output_dir,
        title,
        description: raw.book.description.unwrap_or_default(),
        language: raw.book.language.unwrap_or_else(|| "ko".into()),
        authors: raw.book.authors,
        sessions: raw.sessions,
        base_url,
        repository: raw
            .site
            .repository
            .map(|url| url.trim_end_matches('/').to_string()),
        branch: raw.site.branch.unwrap_or_else(|| "main".into()),
        cname: raw.site.cname.filter(|name| !name.trim().is_empty()),
        link_policy: raw.build.broken_links.unwrap_or(if has_book_toml {
            LinkPolicy::Error
        } else {
            LinkPolicy::Warn
        }),
        has_book_toml,
        review_max_age_days: raw
            .lint
            .review_max_age_days
            .unwrap_or(DEFAULT_REVIEW_MAX_AGE_DAYS),
        book_toml_ok,
        root,
    };
    Ok((config, diagnostics))
}

/// Reads and parses `book.toml`: the settings, and whether they were read whole (no syntax
/// error, no refusal).
fn read_book_toml(root: &Path, path: &Path, diagnostics: &mut Vec<Diagnostic>) -> (BookToml, bool) {
    match crate::source_file::read(root, path).map(String::from_utf8) {
        Ok(Ok(text)) => parse_book_toml(&text, diagnostics),
        Ok(Err(error)) => {
            diagnostics.push(crate::diagnostic::invalid_utf8("book.toml", error));
            (BookToml::default(), false)
        }
        Err(refusal) => {
            let mut diagnostic = refusal.diagnostic("book.toml");
            diagnostic.severity = crate::diagnostic::Severity::Error;
            diagnostics.push(diagnostic);
            (BookToml::default(), false)
        }
    }
}

/// The settings, and whether the file read without a syntax error.
fn parse_book_toml(text: &str, diagnostics: &mut Vec<Diagnostic>) -> (BookToml, bool) {
    // A BOM is invisible in editors, so positions are counted without it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut file = schema::parse(text, diagnostics);
    let language = file.string("book", "language");
    let output_dir_at = (file.string("build", "output-dir")).map(|(_, span)| (file.source(), span));
    let raw = BookToml {
        book: section(&mut file, "book", diagnostics),
        sessions: section(&mut file, "sessions", diagnostics),
        build: section(&mut file, "build", diagnostics),
        site: section(&mut file, "site", diagnostics),
        lint: section(&mut file, "lint", diagnostics),
        output_dir_at,
    };
    if let Some((language, span)) = language {
        diagnostics.extend(schema::check_language(&file, &language, span));
    }
    // After a syntax error the sessions may be incomplete (see `Config::book_toml_ok`).
    (raw, file.syntax_ok)
}

/// One section deserialized on its own; a mistake in it is reported and its defaults used.
fn section<T: DeserializeOwned + Default>(
    file: &mut schema::File<'_>,
    name: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> T {
    let Some(value) = file.take(name) else {
        return T::default();
    };
    let span = value.span();
    match T::deserialize(toml::de::ValueDeserializer::from(value)) {
        Ok(section) => section,
        Err(error) => {
            let span = error.span().unwrap_or(span);
            diagnostics.push(file.error(span, toml_message(&error)).with_help(
                "see the `book.toml` reference in README.md for the keys each section takes",
            ));
            T::default()
        }
    }
}

/// The first line of a TOML error, without the snippet toml draws itself (we draw our own).
pub fn toml_message(error: &toml::de::Error) -> String {
    let message = error.message().trim();
    let message = message.lines().next().unwrap_or(message);
    format!("invalid TOML: {message}")
}

fn check_sessions(sessions: &[Session], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    for session in sessions {
        if !seen.insert(session.id.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    "book.toml",
                    format!("session id `{}` is declared twice", session.id),
                )
                .with_help("give every `[[sessions]]` entry its own `id`"),
            );
        }
    }
}

fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    if path.is_absolute() {
        Ok(path.to_path_buf())
    } else {
        Ok(std::env::current_dir()
            .context("failed to read the current folder")?
            .join(path))
    }
}

/// Where the site is written: `--out`, else `output-dir`, else `public`; a folder the book names
/// must be inside it ([`output_outside`]).
fn output_dir(
    root: &Path,
    overrides: &Overrides,
    raw: &BookToml,
    diagnostics: &mut Vec<Diagnostic>,
) -> anyhow::Result<PathBuf> {
    if let Some(dir) = &overrides.output_dir {
        return Ok(settle(&absolute(dir)?));
    }
    let (dir, at) = match &raw.build.output_dir {
        Some(dir) => (root.join(dir), raw.output_dir_at.as_ref()),
        None => (root.join("public"), None),
    };
    let dir = settle(&dir);
    diagnostics.extend(output_outside(root, &dir, at));
    Ok(dir)
}

/// An error when the output folder a book names (`output-dir`, written `at`, or else `public`,
/// which may be a symlink) leads out of it. A book may come from a pull request, and one that
/// built into, say, a shell's start-up folder would plant its pages there; the command line's
/// `--out`, which the person running studybook typed, may name any folder and is not checked.
fn output_outside(
    root: &Path,
    output_dir: &Path,
    at: Option<&(SourceText, Range<usize>)>,
) -> Option<Diagnostic> {
    if output_dir.starts_with(root) {
        return None;
    }
    let shown = output_dir.display();
    let diagnostic = match at {
        Some((source, span)) => Diagnostic::error(
            "book.toml",
            format!("`output-dir` leads outside the book (to `{shown}`); a book builds only into a folder of its own"),
        )
        .at(source, span.clone())
        .with_help("name a folder inside the book, such as `public`, or pass `--out DIR` to build somewhere else"),
        None => Diagnostic::error(
            "public",
            format!("the output folder `public` is a symbolic link that leads outside the book (to `{shown}`); a book builds only into a folder of its own"),
        )
        .with_help("delete the link (studybook makes `public`), or pass `--out DIR` to build somewhere else"),
    };
    Some(diagnostic)
}

/// The output folder as the file system names it: `.` and `..` resolved and the part that exists
/// canonicalised, so that later stages can compare it with the paths they walk.
fn settle(path: &Path) -> PathBuf {
    let mut lexical = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                lexical.pop();
            }
            other => lexical.push(other),
        }
    }
    let mut missing = Vec::new();
    let mut existing = lexical.as_path();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            return missing
                .iter()
                .rev()
                .fold(canonical, |path: PathBuf, name| path.join(name));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_os_string());
                existing = parent;
            }
            _ => return lexical,
        }
    }
}

/// Ensures a base URL ends in exactly one `/`.
fn normalize_base_url(url: &str) -> String {
    format!("{}/", url.trim().trim_end_matches('/'))
}

impl Config {
    /// The path part of the base URL (`/study/` for `https://x.github.io/study/`), `/` when unknown.
    pub fn base_path(&self) -> String {
        let Some(url) = &self.base_url else {
            return "/".into();
        };
        let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
        match after_scheme.find('/') {
            Some(idx) => after_scheme[idx..].to_string(),
            None => "/".into(),
        }
    }

    /// The session declared with `id`, if any.
    pub fn session(&self, id: &str) -> Option<&Session> {
        self.sessions.iter().find(|session| session.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (BookToml, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let (raw, _) = parse_book_toml(text, &mut diagnostics);
        (raw, diagnostics)
    }

    #[test]
    fn unknown_key_names_the_key_and_line() {
        let (_, diagnostics) = parse("[book]\ntitle = \"x\"\ntitel = \"y\"\n");
        assert_eq!(diagnostics.len(), 1);
        assert!(
            diagnostics[0].message.contains("titel"),
            "{}",
            diagnostics[0].message
        );
        assert_eq!(diagnostics[0].line(), Some(3));
    }

    #[test]
    fn base_url_path_is_extracted() {
        assert_eq!(
            normalize_base_url("https://a.github.io/study"),
            "https://a.github.io/study/"
        );
    }
}
