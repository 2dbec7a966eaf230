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
use crate::session::SessionId;
use crate::url::WebUrl;

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
    lint: LintSection,
    /// `[study]`, checked for its ranges where it is written ([`study_settings`]).
    #[serde(skip)]
    study: Study,
    /// Where `output-dir` is written in the file, to point at it.
    #[serde(skip)]
    output_dir_at: Option<(SourceText, Range<usize>)>,
    /// `[site] url` and `repository`, checked where they are written ([`site_urls`]).
    #[serde(skip)]
    urls: SiteUrls,
}

/// What `[site]` gives that reaches a link or a published file, checked: the addresses as
/// [`WebUrl`]s, the branch and the custom domain (a wrong one is an error at its line).
#[derive(Debug, Default)]
struct SiteUrls {
    url: Option<WebUrl>,
    repository: Option<WebUrl>,
    branch: Option<String>,
    cname: Option<String>,
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

/// `[site]`'s keys and types, deserialized only to report a wrong one; the values are read with
/// their positions and checked by [`site_urls`].
#[allow(dead_code)]
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

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct StudySection {
    retention: Option<f64>,
    interview_minutes: Option<u32>,
}

/// `[study]`: how the reader's review schedule and the mock interview behave.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Study {
    /// FSRS's desired retention: the chance of recalling an answer on the day it is due.
    pub retention: f64,
    /// The mock interview's timer for one question, in minutes.
    pub interview_minutes: u32,
}

impl Default for Study {
    fn default() -> Self {
        // FSRS's own default retention; three minutes is a typical spoken interview answer.
        Study {
            retention: 0.9,
            interview_minutes: 3,
        }
    }
}

/// The retentions FSRS is meant for: below 0.7 the intervals grow past what a reader remembers,
/// above 0.97 the reviews multiply for little gain (open-spaced-repetition's own advice).
const RETENTION_RANGE: std::ops::RangeInclusive<f64> = 0.7..=0.97;
/// A timer of one to sixty minutes per question.
const INTERVIEW_MINUTES_RANGE: std::ops::RangeInclusive<u32> = 1..=60;

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
    pub id: SessionId,
    /// Display title, e.g. "Django 백엔드 스터디 5회차".
    pub title: String,
    /// The day the round met, when known.
    #[serde(default)]
    pub date: Option<crate::date::Date>,
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
    /// Who the build is for; decides whether a missing site address is worth a warning.
    pub audience: Audience,
}

/// Who a disk build is for. The command line says `Readers` in CI (where the site is
/// published); a build on the author's machine is a preview, whose relative links work without
/// the site's address.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Audience {
    /// A preview on the author's machine (the default).
    #[default]
    Author,
    /// The published site.
    Readers,
}

/// The book's `book.toml`, as far as reading it went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookFile {
    /// There is none: a plain folder of notes.
    Absent,
    /// Read and parsed (its mistakes, if any, are diagnostics).
    Read,
    /// It exists but could not be read or parsed (already an error): its settings are defaults
    /// and its sessions are unknown.
    Unreadable,
}

impl BookFile {
    /// True for a plain folder of notes, read where it lies rather than published as a book.
    pub fn is_plain_folder(self) -> bool {
        self == BookFile::Absent
    }

    /// Whether the book's sessions are all known, so that a page naming another is a mistake.
    pub fn sessions_known(self) -> bool {
        self != BookFile::Unreadable
    }

    /// What a broken link is unless `[build] broken-links` says: a book's stop the build, a
    /// plain folder's are warnings.
    fn link_policy(self) -> LinkPolicy {
        if self.is_plain_folder() {
            LinkPolicy::Warn
        } else {
            LinkPolicy::Error
        }
    }
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
    /// Picks the UI strings and `lang="…"` (an unknown `language` is an error; Korean then).
    pub language: crate::i18n::Language,
    /// Authors, shown in the footer and feed.
    pub authors: Vec<String>,
    /// The study rounds, in the order they were declared.
    pub sessions: Vec<Session>,
    /// Absolute base URL ending in `/`, when known.
    pub base_url: Option<WebUrl>,
    /// The repository's web URL (no trailing `/`), for "edit this page" links.
    pub repository: Option<WebUrl>,
    /// The branch the "edit this page" links point at.
    pub branch: String,
    /// Custom domain written to `CNAME`.
    pub cname: Option<String>,
    /// Broken links: error or warning.
    pub link_policy: LinkPolicy,
    /// The book's `book.toml`: absent (plain-folder mode), read, or unreadable.
    pub book_file: BookFile,
    /// `[lint] review-max-age-days`: an answer reviewed longer ago than this is flagged by `check`.
    pub review_max_age_days: u32,
    /// `[study]`: desired retention and the mock interview's timer.
    pub study: Study,
    /// Who the build is for (from [`Overrides::audience`]).
    pub audience: Audience,
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
    let (raw, book_file) = if book_toml_path.symlink_metadata().is_ok() {
        read_book_toml(&root, &book_toml_path, &mut diagnostics)
    } else {
        (BookToml::default(), BookFile::Absent)
    };
    let content_dir = if root.join("content").is_dir() || !book_file.is_plain_folder() {
        root.join("content")
    } else {
        root.clone()
    };
    let output_dir = output_dir(&root, overrides, &raw, &mut diagnostics)?;
    let base_url = match &overrides.base_url {
        Some(url) => Some(WebUrl::base(url).map_err(|problem| {
            anyhow::anyhow!("`--base-url {url:?}`: {problem}; pass the absolute address the site is published at, such as `https://owner.github.io/book/`")
        })?),
        None => raw.urls.url,
    };
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
        language: (raw.book.language.as_deref())
            .and_then(crate::i18n::Language::from_tag)
            .unwrap_or_default(),
        authors: raw.book.authors,
        sessions: raw.sessions,
        base_url,
        repository: raw.urls.repository,
        branch: raw.urls.branch.unwrap_or_else(|| "main".into()),
        cname: raw.urls.cname.filter(|name| !name.is_empty()),
        link_policy: raw.build.broken_links.unwrap_or(book_file.link_policy()),
        book_file,
        review_max_age_days: raw
            .lint
            .review_max_age_days
            .unwrap_or(DEFAULT_REVIEW_MAX_AGE_DAYS),
        study: raw.study,
        audience: overrides.audience,
        root,
    };
    Ok((config, diagnostics))
}

/// Reads and parses `book.toml`: the settings, and whether they were read whole (no syntax
/// error, no refusal).
fn read_book_toml(
    root: &Path,
    path: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> (BookToml, BookFile) {
    match crate::source_file::read(root, path).map(String::from_utf8) {
        Ok(Ok(text)) => parse_book_toml(&text, diagnostics),
        Ok(Err(error)) => {
            diagnostics.push(crate::diagnostic::invalid_utf8("book.toml", error));
            (BookToml::default(), BookFile::Unreadable)
        }
        Err(refusal) => {
            let mut diagnostic = refusal.diagnostic("book.toml");
            diagnostic.severity = crate::diagnostic::Severity::Error;
            diagnostics.push(diagnostic);
            (BookToml::default(), BookFile::Unreadable)
        }
    }
}

/// The settings, and whether the file read without a syntax error.
fn parse_book_toml(text: &str, diagnostics: &mut Vec<Diagnostic>) -> (BookToml, BookFile) {
    // A BOM is invisible in editors, so positions are counted without it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut file = schema::parse(text, diagnostics);
    let language = file.string("book", "language");
    let output_dir_at = (file.string("build", "output-dir")).map(|(_, span)| (file.source(), span));
    let urls = site_urls(&file, diagnostics);
    let study_spans = [
        file.span("study", "retention"),
        file.span("study", "interview-minutes"),
    ];
    // Deserialized only for its errors (a wrong type, an unknown key): the values are `urls`.
    section::<SiteSection>(&mut file, "site", diagnostics);
    let raw = BookToml {
        book: section(&mut file, "book", diagnostics),
        sessions: section(&mut file, "sessions", diagnostics),
        build: section(&mut file, "build", diagnostics),
        lint: section(&mut file, "lint", diagnostics),
        study: Study::default(),
        output_dir_at,
        urls,
    };
    if let Some((language, span)) = language {
        diagnostics.extend(schema::check_language(&file, &language, span));
    }
    let study = section::<StudySection>(&mut file, "study", diagnostics);
    let raw = BookToml {
        study: study_settings(&file, &study, study_spans, diagnostics),
        ..raw
    };
    // After a syntax error the sessions may be incomplete (see `BookFile::sessions_known`).
    let read = if file.syntax_ok {
        BookFile::Read
    } else {
        BookFile::Unreadable
    };
    (raw, read)
}

/// `[study]` with its defaults, each value outside its range an error at its line.
fn study_settings(
    file: &schema::File<'_>,
    raw: &StudySection,
    [retention_at, minutes_at]: [Option<Range<usize>>; 2],
    diagnostics: &mut Vec<Diagnostic>,
) -> Study {
    let mut study = Study::default();
    match (raw.retention, retention_at) {
        (Some(value), Some(span)) if !RETENTION_RANGE.contains(&value) => diagnostics.push(
            file.error(span, format!("`retention = {value}` is outside 0.7–0.97"))
                .with_help("`[study] retention` is the chance of recalling an answer when it is due; 0.9 is FSRS's default"),
        ),
        (Some(value), _) => study.retention = value,
        (None, _) => {}
    }
    match (raw.interview_minutes, minutes_at) {
        (Some(value), Some(span)) if !INTERVIEW_MINUTES_RANGE.contains(&value) => diagnostics.push(
            file.error(span, format!("`interview-minutes = {value}` is outside 1–60"))
                .with_help("`[study] interview-minutes` is the mock interview's timer per question; the default is 3"),
        ),
        (Some(value), _) => study.interview_minutes = value,
        (None, _) => {}
    }
    study
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
        if !seen.insert(&session.id) {
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

/// `[site] url` (a base URL) and `repository` checked; a wrong one is an error at its line and
/// left out, so that no page links to it.
fn site_urls(file: &schema::File<'_>, diagnostics: &mut Vec<Diagnostic>) -> SiteUrls {
    fn checked<T>(
        file: &schema::File<'_>,
        diagnostics: &mut Vec<Diagnostic>,
        key: &str,
        parse: fn(&str) -> Result<T, String>,
    ) -> Option<T> {
        let (text, span) = file.string("site", key)?;
        parse(&text)
            .map_err(|problem| {
                let message = format!("`[site] {key}` cannot be used: {problem}");
                diagnostics.push(file.error(span, message).with_help(site_example(key)));
            })
            .ok()
    }
    SiteUrls {
        url: checked(file, diagnostics, "url", WebUrl::base),
        repository: checked(file, diagnostics, "repository", |text| {
            WebUrl::parse(text).map(WebUrl::without_trailing_slash)
        }),
        branch: checked(file, diagnostics, "branch", branch_name),
        cname: checked(file, diagnostics, "cname", domain_name),
    }
}

fn site_example(key: &str) -> &'static str {
    match key {
        "repository" => "write the repository's absolute address, such as `https://github.com/owner/book`",
        "branch" => "write the branch's name, such as `main`",
        "cname" => "write the domain alone, such as `book.example.org`",
        _ => "write the absolute address the site is published at, such as `https://owner.github.io/book/`",
    }
}

/// A branch name as it may stand in an edit link's path: git's own rules, in the part that
/// matters here (no `..`, no space, control character or character git refuses).
fn branch_name(text: &str) -> Result<String, String> {
    let refused =
        |ch: char| ch.is_control() || ch.is_whitespace() || "~^:?*[\\#%\"<>`".contains(ch);
    if text.is_empty() || text.contains("..") || text.starts_with('/') || text.chars().any(refused)
    {
        return Err(format!("{text:?} is not a branch name git accepts"));
    }
    Ok(text.to_string())
}

/// A custom domain for `CNAME`: letters, digits, `-` and `.` only (the file is one line that
/// GitHub Pages reads as the domain), or empty for none.
fn domain_name(text: &str) -> Result<String, String> {
    let text = text.trim();
    let allowed = |ch: char| ch.is_ascii_alphanumeric() || ch == '-' || ch == '.';
    if !text.chars().all(allowed) || text.starts_with(['.', '-']) {
        return Err(format!(
            "{text:?} is not a domain name (letters, digits, `-` and `.`)"
        ));
    }
    Ok(text.to_string())
}

impl Config {
    /// The path part of the base URL (`/study/` for `https://x.github.io/study/`), `/` when unknown.
    pub fn base_path(&self) -> String {
        self.base_url.as_ref().map_or("/", WebUrl::path).to_string()
    }

    /// The session declared with `id`, if any.
    pub fn session(&self, id: &SessionId) -> Option<&Session> {
        self.sessions.iter().find(|session| session.id == *id)
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
    fn a_round_date_is_read_as_a_day_where_it_is_written() {
        let round = |date: &str| format!("[[sessions]]\nid = \"a\"\ntitle = \"t\"\n{date}\n");
        for date in ["date = \"2025-08-27\"", "date = 2025-08-27"] {
            let (raw, diagnostics) = parse(&round(date));
            assert!(diagnostics.is_empty(), "{diagnostics:?}");
            assert_eq!(raw.sessions[0].date, crate::date::Date::parse("2025-08-27"));
        }
        assert_eq!(parse(&round("")).0.sessions[0].date, None);
        let (_, diagnostics) = parse(&round("date = \"August 27\""));
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(diagnostics[0].message.contains("`August 27` is not a date"));
        assert_eq!(diagnostics[0].line(), Some(4));
    }

    #[test]
    fn a_site_address_that_is_not_http_is_an_error_at_its_line() {
        let (raw, diagnostics) = parse(
            "[site]\nurl = \"https://a.github.io//evil.example/\"\nrepository = \"javascript:alert(1)\"\n",
        );
        assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");
        assert_eq!(diagnostics[0].line(), Some(2));
        assert_eq!(diagnostics[1].line(), Some(3));
        assert!(diagnostics[1].message.contains("`[site] repository`"));
        assert!(raw.urls.url.is_none() && raw.urls.repository.is_none());
    }

    #[test]
    fn a_syntax_error_leaves_the_sessions_unknown() {
        let mut diagnostics = Vec::new();
        let (_, broken) = parse_book_toml("[book]\ntitle = \n", &mut diagnostics);
        assert_eq!(broken, BookFile::Unreadable);
        assert!(!broken.sessions_known() && !broken.is_plain_folder());
        let (_, read) = parse_book_toml("[book]\ntitle = \"x\"\n", &mut diagnostics);
        assert_eq!(read, BookFile::Read);
        assert!(read.sessions_known() && !read.is_plain_folder());
        assert!(BookFile::Absent.sessions_known() && BookFile::Absent.is_plain_folder());
        assert_eq!(BookFile::Absent.link_policy(), LinkPolicy::Warn);
        assert_eq!(BookFile::Unreadable.link_policy(), LinkPolicy::Error);
    }
}
