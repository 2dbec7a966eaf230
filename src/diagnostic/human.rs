//! The terminal format: rustc-style snippets drawn by codespan-reporting, numbered, with a count.

use std::fmt::Write as _;

use super::{Diagnostic, Severity};

/// Renders diagnostics the way rustc does, numbered, followed by a one-line count.
pub fn render(diagnostics: &[Diagnostic]) -> String {
    use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
    use codespan_reporting::files::SimpleFile;
    use codespan_reporting::term;

    let config = term::Config::default();
    let mut out = String::new();
    let sorted = super::sorted(diagnostics);
    for (idx, diagnostic) in sorted.iter().enumerate() {
        let numbered = format!("[{}/{}] {}", idx + 1, sorted.len(), diagnostic.message);
        let mut report = match diagnostic.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        }
        .with_message(numbered);
        if let Some(help) = &diagnostic.help {
            report = report.with_notes(vec![format!("help: {help}")]);
        }
        let name = diagnostic.file.display().to_string();
        match &diagnostic.source {
            Some((source, span)) => {
                let file = SimpleFile::new(name, source.as_ref());
                let report = report.with_labels(vec![Label::primary((), span.clone())]);
                match term::emit_into_string(&config, &file, &report) {
                    Ok(text) => out.push_str(&text),
                    Err(_) => fallback(&mut out, diagnostic),
                }
            }
            None => fallback(&mut out, diagnostic),
        }
    }
    let n_errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let n_warnings = diagnostics.len() - n_errors;
    if !diagnostics.is_empty() {
        let _ = writeln!(out, "{n_errors} error(s), {n_warnings} warning(s)");
    }
    out
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
    use std::sync::Arc;

    #[test]
    fn render_names_file_line_and_help() {
        let source: Arc<str> = Arc::from("line one\nbroken [x](y.md) here\n");
        let d = Diagnostic::error("content/a.md", "broken link `y.md`")
            .at(&source, 16..23)
            .with_help("did you mean `x.md`?");
        let text = render(&[d]);
        assert!(text.contains("content/a.md:2:8"), "{text}");
        assert!(text.contains("help: did you mean"), "{text}");
        assert!(text.contains("broken [x](y.md) here"), "{text}");
    }
}
