//! Tera errors → diagnostics that name the template's file and line.
//!
//! Tera reports a syntax error with its position (` --> LINE:COL`) inside a snippet of its own,
//! and a render error (a missing variable, an unknown filter) with no position at all. Both are
//! anchored onto the template's text, the book's override in `theme/templates/` or else the
//! built-in one, so that the printer draws the offending line like any other diagnostic.

use std::path::{Path, PathBuf};

use super::BUILTIN_TEMPLATES;
use crate::config::Config;
use crate::diagnostic::{display_path, Diagnostic, SourceText};

/// The full chain of a tera error on one line per cause.
pub fn error_chain(error: &tera::Error) -> String {
    chain(error).join(": ").replace('\n', " ")
}

fn chain(error: &tera::Error) -> Vec<String> {
    let mut messages = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        messages.push(cause.to_string());
        source = cause.source();
    }
    messages
}

/// A template that does not compile.
pub(super) fn syntax(config: &Config, error: &tera::Error) -> Diagnostic {
    let messages = chain(error);
    let whole = messages.join("\n");
    let name = quoted(&whole).next().unwrap_or_default();
    let (file, text) = template_source(config, name);
    // The snippet ends with `= what is wrong`; without one, the last cause says it.
    let reason = whole
        .lines()
        .find_map(|line| line.trim().strip_prefix("= "))
        .map(str::to_string)
        .unwrap_or_else(|| {
            messages
                .last()
                .cloned()
                .unwrap_or_default()
                .replace('\n', " ")
        });
    let diagnostic = Diagnostic::error(file, format!("template error: {reason}")).with_help(
        "fix the tera syntax at the position shown; see https://keats.github.io/tera/docs/",
    );
    match (position(&whole), text) {
        (Some((line, col)), Some(text)) => {
            let start = offset(&text, line, col);
            diagnostic.at(&text, start..start)
        }
        (Some((line, col)), None) => diagnostic.at_line(line, col),
        _ => diagnostic,
    }
}

/// A template that failed while rendering `page_file`, with the chain of `message` from
/// `error_chain`. The line is that of the expression tera names, in the template it names last.
pub(super) fn render(
    config: &Config,
    template: &str,
    page_file: &Path,
    message: &str,
) -> Diagnostic {
    // The innermost template of the chain; other quoted words are filters, variables, macros.
    let name = quoted(message)
        .filter(|quoted| quoted.ends_with(".html") || quoted.ends_with(".xml"))
        .last()
        .unwrap_or(template);
    let (file, text) = template_source(config, name);
    let mut reason = message;
    while let Some(rest) = reason.strip_prefix("Failed to render '") {
        reason = rest.split_once("': ").map_or(rest, |(_, rest)| rest);
    }
    let diagnostic = Diagnostic::error(
        file,
        format!(
            "template `{template}` failed on `{}`: {reason}",
            page_file.display()
        ),
    )
    .with_help(
        "fix the template or the value it reads; without an override the built-in template is used",
    );
    let expression = message
        .split('`')
        .nth(1)
        .filter(|expression| !expression.is_empty());
    match (expression, text) {
        (Some(expression), Some(text)) => match text.find(expression) {
            Some(start) => diagnostic.at(&text, start..start + expression.len()),
            None => diagnostic,
        },
        _ => diagnostic,
    }
}

/// A cycle of templates or macros, which would recurse until the stack overflows.
pub(super) fn recursion(config: &Config, cycle: &super::guard::Cycle) -> Diagnostic {
    let (file, _) = template_source(config, &cycle.template);
    Diagnostic::error(
        file,
        format!("template `{}` runs itself again without end: {}", cycle.template, cycle.chain),
    )
    .with_help("a template may not include itself or call its own macro, directly or through others; use a `for` loop over the data instead")
}

/// The template named `name`: its path for diagnostics and its text, when known.
fn template_source(config: &Config, name: &str) -> (PathBuf, Option<SourceText>) {
    let path = config.theme_dir.join("templates").join(name);
    if let Some(text) = crate::source_file::read_text(&config.root, &path) {
        return (
            display_path(&config.root, &path),
            Some(SourceText::from(text)),
        );
    }
    let builtin = BUILTIN_TEMPLATES
        .iter()
        .find(|(builtin, _)| *builtin == name)
        .map(|(_, text)| SourceText::from(*text));
    (PathBuf::from(format!("theme/templates/{name}")), builtin)
}

/// Every `'quoted'` name in `text`, in order.
fn quoted(text: &str) -> impl Iterator<Item = &str> {
    text.split('\'').skip(1).step_by(2)
}

/// Tera reports positions as ` --> LINE:COL`.
fn position(message: &str) -> Option<(usize, usize)> {
    let idx = message.find("--> ")?;
    let pos: String = message[idx + 4..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let mut parts = pos.split(':').filter_map(|p| p.parse().ok());
    Some((parts.next()?, parts.next().unwrap_or(1)))
}

/// The byte offset of 1-based `line` and character `col` in `text`, clamped to the text.
fn offset(text: &str, line: usize, col: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[line_start.min(text.len())..];
    let in_line: usize = rest
        .chars()
        .take(col.saturating_sub(1))
        .take_while(|&c| c != '\n')
        .map(char::len_utf8)
        .sum();
    (line_start + in_line).min(text.len())
}
