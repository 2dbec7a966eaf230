//! The GitHub Actions format: one workflow command per finding, so that a broken link shows as an
//! annotation on the line of the pull request that broke it.
//!
//! `::error file=F,line=L,col=C,endLine=…,endColumn=…,title=T::MESSAGE`, as GitHub documents
//! ("Workflow commands for GitHub Actions"). The runner reads commands from stdout and splits
//! properties on `,` and the message from them on `::`, so values are escaped the way
//! `@actions/core` does it: `%`, CR and LF everywhere, and `:` and `,` in properties too. The
//! log shows other control characters as a terminal would (colours, OSC sequences), so they are
//! made visible by [`printable`](super::printable), as for the terminal format.

use std::fmt::Write as _;
use std::path::Path;

use super::{Diagnostic, Severity};

/// Every diagnostic as a workflow command, errors first, one line each.
pub(super) fn render(diagnostics: &[Diagnostic], root: &Path) -> String {
    let mut out = String::new();
    for diagnostic in super::sorted(diagnostics) {
        let _ = writeln!(out, "{}", command(diagnostic, root));
    }
    out
}

fn command(diagnostic: &Diagnostic, root: &Path) -> String {
    let name = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut properties = vec![format!(
        "file={}",
        escape_property(&super::path_from_cwd(root, &diagnostic.file))
    )];
    if let Some(position) = diagnostic.position {
        properties.push(format!("line={}", position.line));
        properties.push(format!("col={}", position.column));
        if let Some((end_line, end_col)) = diagnostic.end() {
            properties.push(format!("endLine={end_line}"));
            // GitHub reads endColumn only on a one-line annotation.
            if end_line == position.line {
                properties.push(format!("endColumn={end_col}"));
            }
        }
    }
    properties.push(format!("title={}", escape_property("studybook")));
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!(
        "::{name} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

/// The message part: `%` first, so that the escapes it introduces are not escaped again; CR and
/// LF become escapes before the other control characters become symbols.
fn escape_data(text: &str) -> String {
    let escaped = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    super::printable(&escaped).into_owned()
}

/// A property value, which may not hold the `,` and `:` that separate properties and message.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::SourceText;

    #[test]
    fn an_error_names_file_line_column_and_escapes_the_message() {
        let source = SourceText::from("첫 줄\n깨진 [x](y.md) 링크\n");
        let start = source.find("[x]").unwrap();
        let diagnostic = Diagnostic::error("content/a,b.md", "broken link `y.md`: 100% gone")
            .at(&source, start..start + 8)
            .with_help("did you mean `x.md`?");
        let line = render(&[diagnostic], Path::new("."));
        assert_eq!(
            line,
            "::error file=content/a%2Cb.md,line=2,col=4,endLine=2,endColumn=12,title=studybook\
             ::broken link `y.md`: 100%25 gone%0Ahelp: did you mean `x.md`?\n"
        );
    }

    #[test]
    fn a_whole_file_warning_has_no_position_and_paths_go_through_the_book_folder() {
        let diagnostic = Diagnostic::warning("book.toml", "a\r\nb");
        let line = render(&[diagnostic], Path::new("./books/ko"));
        assert_eq!(
            line,
            "::warning file=books/ko/book.toml,title=studybook::a%0D%0Ab\n"
        );
    }

    #[test]
    fn control_characters_in_file_names_and_messages_never_reach_the_log() {
        let diagnostic = Diagnostic::error(
            "content/a\u{1b}[2J,b:c%\n.md",
            "broken link `\u{1b}]52;c;aGk=\u{7}`",
        );
        let line = render(&[diagnostic], Path::new("."));
        assert_eq!(
            line,
            "::error file=content/a␛[2J%2Cb%3Ac%25%0A.md,title=studybook\
             ::broken link `␛]52;c;aGk=␇`\n"
        );
    }

    #[test]
    fn properties_escape_colons() {
        assert_eq!(escape_property("C:\\x,y%"), "C%3A\\x%2Cy%25");
    }
}
