//! The JSON format for editors and scripts: one document, one stable schema (README.md,
//! "Diagnostics as JSON"). Fields are only ever added, under the same `version`.
//!
//! ```json
//! {"version": 1, "errors": 1, "warnings": 0, "diagnostics": [
//!   {"file": "content/t/a.md", "line": 7, "column": 1, "end": {"line": 7, "column": 15},
//!    "severity": "error", "message": "broken link `nope.md`: …", "help": "did you mean …?",
//!    "suggestions": ["t/b.md"]}]}
//! ```
//!
//! Lines and columns are 1-based, columns count characters (not bytes); `line`, `column` and
//! `end` are `null` when the finding is about a whole file.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use super::{Diagnostic, Position, Severity};

/// The schema's version; bumped only if a field changes meaning or goes away.
const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    end: Option<Position>,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    suggestions: &'a [String],
}

/// Every diagnostic in one JSON document, errors first, ending in a newline.
pub(super) fn render(diagnostics: &[Diagnostic], root: &Path) -> String {
    let n_errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let document = Document {
        version: VERSION,
        errors: n_errors,
        warnings: diagnostics.len() - n_errors,
        diagnostics: super::sorted(diagnostics)
            .into_iter()
            .map(|diagnostic| entry(diagnostic, root))
            .collect(),
    };
    let text = serde_json::to_string_pretty(&document)
        .expect("the document is strings and numbers, which always serialize");
    let mut text = escape_controls(&text);
    text.push('\n');
    text
}

/// serde_json writes C0 controls as `\u00XX` but DEL and C1 (U+0080–U+009F, which some
/// terminals obey like ESC sequences) raw; they can only be inside strings, where `\u00XX`
/// keeps every value exact (an editor needs the real file name) and the output plain ASCII
/// around them.
fn escape_controls(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_control() && !c.is_ascii_whitespace() {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

fn entry<'a>(diagnostic: &'a Diagnostic, root: &Path) -> Entry<'a> {
    let position = diagnostic.position;
    // Without the source text the end is the start.
    let end = diagnostic
        .end()
        .map(|(line, column)| Position { line, column })
        .or(position);
    Entry {
        file: super::path_from_cwd(root, &diagnostic.file),
        line: position.map(|position| position.line),
        column: position.map(|position| position.column),
        end,
        severity: diagnostic.severity,
        message: &diagnostic.message,
        help: diagnostic.help.as_deref(),
        suggestions: &diagnostic.suggestions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::SourceText;

    #[test]
    fn an_entry_has_every_field_of_the_schema() {
        let source = SourceText::from("[book]\ntitel = \"x\"\n");
        let diagnostic = Diagnostic::error("book.toml", "unknown key `titel` in `[book]`")
            .at(&source, 7..12)
            .with_help("did you mean `title`?")
            .with_suggestions(vec!["title".into()]);
        let value: serde_json::Value =
            serde_json::from_str(&render(&[diagnostic], Path::new("."))).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "version": 1, "errors": 1, "warnings": 0,
                "diagnostics": [{
                    "file": "book.toml", "line": 2, "column": 1,
                    "end": {"line": 2, "column": 6},
                    "severity": "error", "message": "unknown key `titel` in `[book]`",
                    "help": "did you mean `title`?", "suggestions": ["title"]
                }]
            })
        );
    }

    #[test]
    fn a_whole_file_finding_has_null_positions() {
        let diagnostic = Diagnostic::warning("content/a.md", "no links");
        let value: serde_json::Value =
            serde_json::from_str(&render(&[diagnostic], Path::new("."))).unwrap();
        let entry = &value["diagnostics"][0];
        assert!(entry["line"].is_null() && entry["column"].is_null() && entry["end"].is_null());
        assert_eq!(entry["help"], serde_json::Value::Null);
        assert_eq!(entry["suggestions"], serde_json::json!([]));
    }

    #[test]
    fn control_characters_are_escapes_and_values_stay_exact() {
        let file = "content/a\u{1b}\u{9b}2J\u{7f}.md";
        let diagnostic = Diagnostic::warning(file, "link `\u{1b}]52;c;aGk=\u{7}`");
        let text = render(&[diagnostic], Path::new("."));
        assert!(text.chars().all(|c| !c.is_control() || c == '\n'), "{text}");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["diagnostics"][0]["file"], file);
        assert_eq!(
            value["diagnostics"][0]["message"],
            "link `\u{1b}]52;c;aGk=\u{7}`"
        );
    }
}
