//! The terminal format: rustc-style snippets drawn by codespan-reporting, numbered, with a count.
//!
//! codespan-reporting is given the finding's [`Excerpt`] (a window of its line, not the file), so
//! what is printed per finding is bounded whatever the line's length; [`Snippet`] tells it the
//! real line and column for the `-->` line and the gutter. Everything printed passes
//! [`printable`](super::printable) once, at the end.

use std::fmt::Write as _;
use std::ops::Range;

use codespan_reporting::files::{Error as FilesError, Files};

use super::{Diagnostic, Excerpt, Severity};

/// Renders diagnostics the way rustc does, numbered, followed by a one-line count.
pub fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    let sorted = super::sorted(diagnostics);
    for (idx, diagnostic) in sorted.iter().enumerate() {
        let numbered = format!("[{}/{}] {}", idx + 1, sorted.len(), diagnostic.message);
        match snippet(diagnostic).map(|snippet| emit(&snippet, diagnostic, numbered)) {
            Some(Ok(text)) => out.push_str(&text),
            _ => fallback(&mut out, diagnostic),
        }
    }
    let n_errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let n_warnings = diagnostics.len() - n_errors;
    if !diagnostics.is_empty() {
        let _ = writeln!(out, "{n_errors} error(s), {n_warnings} warning(s)");
    }
    super::printable(&out).into_owned()
}

/// One diagnostic drawn by codespan-reporting over its snippet.
fn emit(snippet: &Snippet, diagnostic: &Diagnostic, message: String) -> Result<String, FilesError> {
    use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
    use codespan_reporting::term;

    let mut report = match diagnostic.severity {
        Severity::Error => Report::error(),
        Severity::Warning => Report::warning(),
    }
    .with_message(message)
    .with_labels(vec![Label::primary((), snippet.excerpt.span.clone())]);
    if let Some(help) = &diagnostic.help {
        report = report.with_notes(vec![format!("help: {help}")]);
    }
    term::emit_into_string(&term::Config::default(), snippet, &report)
}

/// A finding's excerpt as the one line of a "file" codespan-reporting draws, at its real line
/// number, with columns counted from the finding's real column.
struct Snippet {
    name: String,
    excerpt: Excerpt,
    line: usize,
    column: usize,
}

fn snippet(diagnostic: &Diagnostic) -> Option<Snippet> {
    let position = diagnostic.position?;
    Some(Snippet {
        name: super::shown_path(&diagnostic.file),
        excerpt: diagnostic.excerpt()?,
        line: position.line,
        column: position.column,
    })
}

impl<'a> Files<'a> for Snippet {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.excerpt.text)
    }

    fn line_index(&'a self, (): (), _byte_index: usize) -> Result<usize, FilesError> {
        Ok(0)
    }

    fn line_number(&'a self, (): (), _line_index: usize) -> Result<usize, FilesError> {
        Ok(self.line)
    }

    /// The file's column: the finding's, moved by the characters between it and `byte_index`.
    fn column_number(
        &'a self,
        (): (),
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let text = &self.excerpt.text;
        let at = self.excerpt.span.start;
        let chars = |range: Range<usize>| text.get(range).map_or(0, |part| part.chars().count());
        Ok(if byte_index >= at {
            self.column + chars(at..byte_index)
        } else {
            self.column.saturating_sub(chars(byte_index..at))
        })
    }

    fn line_range(&'a self, (): (), _line_index: usize) -> Result<Range<usize>, FilesError> {
        Ok(0..self.excerpt.text.len())
    }
}

fn fallback(out: &mut String, diagnostic: &Diagnostic) {
    let label = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let _ = writeln!(
        out,
        "{label}: {}\n  --> {}",
        diagnostic.message,
        diagnostic.location()
    );
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "  = help: {help}");
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::SourceText;

    #[test]
    fn render_names_file_line_and_help() {
        let source = SourceText::from("line one\nbroken [x](y.md) here\n");
        let d = Diagnostic::error("content/a.md", "broken link `y.md`")
            .at(&source, 16..23)
            .with_help("did you mean `x.md`?");
        let text = render(&[d]);
        assert!(text.contains("content/a.md:2:8"), "{text}");
        assert!(text.contains("help: did you mean"), "{text}");
        assert!(text.contains("broken [x](y.md) here"), "{text}");
    }

    /// `n` broken links on one line of the file: the bytes printed for them.
    fn printed_for_findings_on_one_line(n: usize) -> usize {
        let link = "[x](gone.md) 깨진 링크 ";
        let source = SourceText::from(format!("# 제목\n\n{}\n", link.repeat(n)));
        let diagnostics: Vec<Diagnostic> = (0..n)
            .map(|idx| {
                let start = "# 제목\n\n".len() + idx * link.len();
                Diagnostic::error("content/a.md", "broken link `gone.md`")
                    .at(&source, start..start + "[x](gone.md)".len())
            })
            .collect();
        render(&diagnostics).len()
    }

    #[test]
    fn findings_on_a_long_line_print_a_window_of_it_each() {
        let (n, four_n) = (
            printed_for_findings_on_one_line(200),
            printed_for_findings_on_one_line(800),
        );
        assert!(four_n <= 5 * n, "{n} bytes for n findings, {four_n} for 4n");
    }

    #[test]
    fn the_caret_stays_under_the_finding_after_hangul_and_clipping() {
        let line = format!("{}여기 [x](gone.md) 뒤", "가나다라 ".repeat(30));
        let source = SourceText::from(format!("첫 줄\n{line}\n"));
        let start = source.find("[x]").unwrap();
        let text = render(&[Diagnostic::error("content/a.md", "broken link `gone.md`")
            .at(&source, start..start + "[x](gone.md)".len())]);
        let column = line[..line.find("[x]").unwrap()].chars().count() + 1;
        assert!(text.contains(&format!("content/a.md:2:{column}")), "{text}");
        let lines: Vec<&str> = text.lines().collect();
        let quoted = lines.iter().find(|l| l.contains("[x](gone.md)")).unwrap();
        let carets = lines.iter().find(|l| l.contains("^^^")).unwrap();
        // Terminal columns: Hangul is two wide.
        let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
        let at = quoted.find("[x]").unwrap();
        let caret = carets.find('^').unwrap();
        assert_eq!(width(&quoted[..at]), width(&carets[..caret]), "{text}");
        assert!(quoted.contains("…"), "{text}");
        assert!(width(quoted) < 140, "{text}");
    }

    #[test]
    fn control_characters_from_the_book_are_shown_as_symbols() {
        let source = SourceText::from("# a\n\u{1b}[2J\u{1b}]52;c;aGk=\u{7} [x](\u{1b}[31m.md)\n");
        let start = source.find("[x]").unwrap();
        let diagnostic = Diagnostic::error("content/\u{1b}[1m.md", "broken link `\u{1b}[31m.md`")
            .at(&source, start..start + 12)
            .with_help("remove `\u{9b}`");
        let text = render(&[diagnostic]);
        assert!(
            text.chars().all(|c| !c.is_control() || c == '\n'),
            "{text:?}"
        );
        assert!(text.contains("␛[2J␛]52;c;aGk=␇ [x](␛[31m.md)"), "{text}");
        assert!(text.contains("content/␛[1m.md:2:"), "{text}");
    }
}
