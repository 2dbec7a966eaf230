//! Mistakes in the book, reported with a place and a next step.
//!
//! Every stage returns its findings as [`Diagnostic`]s instead of failing on the first one, so that a
//! build reports all of its errors at once. The printer uses `codespan-reporting`, which draws the
//! offending line with a caret the way rustc does; we keep the source text shared
//! ([`SourceText`], with its index of lines) so that a diagnostic can be printed long after the
//! stage that made it has finished.
//!
//! Text from a book reaches a terminal only through [`printable`]: a file name, a link target or
//! a quoted line could otherwise hold escape sequences (colours, a cleared screen, an OSC 52
//! write to the clipboard) that the terminal would obey.
//!
//! The same list prints three ways ([`Format`]), one file each: `human` for a terminal, `github`
//! for workflow annotations on a pull request, `json` for editors and scripts.

mod github;
mod human;
mod json;
mod text;

use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};

pub use text::{Excerpt, SourceText};

/// How bad a finding is. Errors stop `site::write`; warnings are listed and the site is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The book is wrong; nothing is written.
    Error,
    /// Worth fixing; the site is still built.
    Warning,
}

/// A place in a file, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// One finding, anchored to a file and, when known, a byte span in it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the book root where possible.
    pub file: PathBuf,
    /// Where in the file; `None` when the whole file is meant.
    pub position: Option<Position>,
    /// What is wrong, lowercase, code names in backticks.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// The file's text and the span within it, for drawing the offending line.
    pub source: Option<(SourceText, Range<usize>)>,
    /// Replacements the author probably meant (`title` for `titel`), closest first; editors offer
    /// them as quick fixes, so each is the exact text, without backticks.
    pub suggestions: Vec<String>,
}

impl Diagnostic {
    /// An error about a whole file.
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    /// A warning about a whole file.
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    fn new(severity: Severity, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            file: file.into(),
            position: None,
            message: message.into(),
            help: None,
            source: None,
            suggestions: Vec::new(),
        }
    }

    /// Anchors the diagnostic at a byte offset range of `source`, computing line and column.
    pub fn at(mut self, source: &SourceText, span: Range<usize>) -> Self {
        let start = text::clamp_to_char_boundary(source, span.start);
        let end = text::clamp_to_char_boundary(source, span.end.max(start));
        self.position = Some(source.position(start));
        self.source = Some((source.clone(), start..end));
        self
    }

    /// Anchors the diagnostic at a known 1-based line and column without source text.
    pub fn at_line(mut self, line: usize, column: usize) -> Self {
        self.position = Some(Position { line, column });
        self
    }

    /// The 1-based line, when a position is known.
    pub fn line(&self) -> Option<usize> {
        self.position.map(|position| position.line)
    }

    /// Adds the "what to do" line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds "did you mean" candidates (see [`Diagnostic::suggestions`]).
    pub fn with_suggestions(mut self, suggestions: Vec<String>) -> Self {
        self.suggestions = suggestions;
        self
    }

    /// 1-based line and column just past the span, when the source is known.
    pub fn end(&self) -> Option<(usize, usize)> {
        let (source, span) = self.source.as_ref()?;
        let end = source.position(span.end);
        Some((end.line, end.column))
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, or just the file when no position is known.
    pub fn location(&self) -> String {
        let file = shown_path(&self.file);
        match self.position {
            None => file,
            Some(Position { line, column }) => format!("{file}:{line}:{column}"),
        }
    }

    /// The part of the offending line a printer quotes, if the source is known: a window around
    /// the column, never the whole line (see [`Excerpt`]).
    pub fn excerpt(&self) -> Option<Excerpt> {
        let (source, span) = self.source.as_ref()?;
        Some(source.excerpt(span.clone()))
    }
}

/// How `check` (and `build`) print their diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// rustc-style snippets for a terminal, on stderr.
    #[default]
    Human,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`), on stdout, so that each
    /// finding shows on the pull request's diff.
    Github,
    /// One JSON document on stdout (schema in README.md, "Diagnostics as JSON").
    Json,
}

impl Format {
    /// The diagnostics in this format. `root` is the book folder as the user named it: `github`
    /// and `json` give paths from the current folder through it, which is what a workflow's
    /// annotations and an editor need (`human` keeps them relative to the book).
    pub fn render(self, diagnostics: &[Diagnostic], root: &Path) -> String {
        match self {
            Format::Human => human::render(diagnostics),
            Format::Github => github::render(diagnostics, root),
            Format::Json => json::render(diagnostics, root),
        }
    }
}

pub use human::render;

/// Errors first, then warnings, each by file and position: the order every format prints in.
fn sorted(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
    sorted
        .sort_by(|a, b| (a.severity, &a.file, a.position).cmp(&(b.severity, &b.file, b.position)));
    sorted
}

/// The file as seen from the current folder: the book folder joined with the book-relative
/// path, without a leading `./`.
fn path_from_cwd(root: &Path, file: &Path) -> String {
    let joined = if file.is_absolute() {
        file.to_path_buf()
    } else {
        root.join(file)
    };
    let parts: PathBuf = joined
        .components()
        .filter(|part| *part != std::path::Component::CurDir)
        .collect();
    shown_path(&parts)
}

/// A path as diagnostics show it: its parts joined by `/` on every system. On Windows
/// `Path::display` would mix `\` with the `/` of the book-relative names the stages build
/// (`content\topic/q1.md`); on Unix a `\` inside a file name stays what it is.
pub(crate) fn shown_path(path: &Path) -> String {
    let mut out = String::new();
    for part in path.components() {
        match part {
            std::path::Component::Prefix(prefix) => {
                out.push_str(&prefix.as_os_str().to_string_lossy())
            }
            std::path::Component::RootDir => out.push('/'),
            other => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(&other.as_os_str().to_string_lossy());
            }
        }
    }
    out
}

/// The candidates closest to `wanted` by edit distance, best first, at most `n`, and only those
/// similar enough to be a likely slip.
pub fn closest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|candidate| (strsim::normalized_levenshtein(wanted, candidate), candidate))
        .filter(|(score, _)| *score > 0.3)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

/// `text` as it may be shown on a terminal: every control character but tab and line feed (C0,
/// DEL and C1: ESC, the BEL ending an OSC 52 clipboard write, CR that returns over a line) is
/// replaced by a visible symbol of one character (`␛` for ESC, `␇` for BEL, `�` for C1), and so
/// is every bidirectional formatting character (U+202A–U+202E, U+2066–U+2069, the marks U+200E,
/// U+200F and U+061C), which reorder what a terminal or a CI log shows ("Trojan Source",
/// CVE-2021-42574): a file name could otherwise read as another. One character for one, so that
/// columns still count right. Every printer of text from a book goes through this.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.contains(hidden) {
        return Cow::Borrowed(text);
    }
    let shown = text
        .chars()
        .map(|c| match c {
            _ if !hidden(c) => c,
            // The Control Pictures block draws C0 at U+2400 + code and DEL at U+2421.
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            _ => '\u{fffd}',
        })
        .collect();
    Cow::Owned(shown)
}

/// Whether `c` must not reach a terminal as it is (see [`printable`]).
fn hidden(c: char) -> bool {
    let bidi = matches!(
        c,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}'
    );
    bidi || (c.is_control() && c != '\t' && c != '\n')
}

/// The error for a file that is not UTF-8, anchored at its first bad byte.
pub fn invalid_utf8(file: impl Into<PathBuf>, error: std::string::FromUtf8Error) -> Diagnostic {
    let valid = error.utf8_error().valid_up_to();
    let bytes = error.into_bytes();
    let prefix = SourceText::from(String::from_utf8_lossy(&bytes[..valid]).into_owned());
    Diagnostic::error(file, format!("invalid UTF-8 at byte {valid}"))
        .at(&prefix, valid..valid)
        .with_help("save the file as UTF-8 (most editors: \"Save with Encoding\" → UTF-8)")
}

/// Makes `path` relative to `root` for display; leaves it alone when it is outside.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_with_slashes_on_every_system() {
        let joined = Path::new("content").join("topic-1/../q1.md");
        assert_eq!(shown_path(&joined), "content/topic-1/../q1.md");
        assert_eq!(
            shown_path(Path::new("/book/content/a.md")),
            "/book/content/a.md"
        );
        assert_eq!(shown_path(Path::new("./a.md")), "./a.md");
        #[cfg(windows)]
        assert_eq!(
            shown_path(Path::new(r"C:\book\content\a.md")),
            "C:/book/content/a.md"
        );
        #[cfg(unix)]
        assert_eq!(shown_path(Path::new(r"content/a\b.md")), r"content/a\b.md");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = SourceText::from("첫 줄\n둘째 줄 여기");
        let offset = text.find("여기").unwrap();
        assert_eq!(text.position(offset), Position { line: 2, column: 6 });
    }

    #[test]
    fn crlf_lines_are_counted_once() {
        let text = SourceText::from("a\r\nb\r\nc");
        let c = text.find('c').unwrap();
        assert_eq!(text.position(c), Position { line: 3, column: 1 });
    }

    #[test]
    fn control_characters_become_symbols_but_tabs_and_newlines_stay() {
        let osc52 = "a\u{1b}]52;c;aGk=\u{7}b\r\tc\nd\u{7f}\u{9b}e";
        assert_eq!(printable(osc52), "a␛]52;c;aGk=␇b␍\tc\nd␡\u{fffd}e");
        assert!(matches!(printable("깨끗한 줄"), Cow::Borrowed(_)));
    }

    #[test]
    fn bidirectional_controls_become_visible_one_for_one() {
        // "Trojan Source": after U+202E a terminal draws the rest of the name right to left.
        let name = "q1-\u{202e}dm.exe\u{2066}x\u{2069}\u{200f}";
        let shown = printable(name);
        assert_eq!(shown, "q1-\u{fffd}dm.exe\u{fffd}x\u{fffd}\u{fffd}");
        assert_eq!(shown.chars().count(), name.chars().count());
    }
}
