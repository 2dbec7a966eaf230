//! tree-sitter for the languages most answers use: Python, Rust, YAML, Bash, JSON and HCL.
//!
//! syntect runs a grammar's regular expressions over every line (0.7–2.2 MB/s per core on the
//! benchmark corpus); tree-sitter parses once and runs a highlight query, 2–4× faster for the same
//! code, and highlighting was most of a build. Captures are given the TextMate scope whose colour
//! the themes already define ([`CAPTURES`]), so a token looks the same whichever engine coloured
//! it, and everything else (classes, CSS, contrast) is shared with the syntect path. Any failure
//! falls back to syntect. tree-sitter-hcl ships no highlight query; ours is `queries/hcl.scm`.

use std::cell::RefCell;
use std::sync::OnceLock;

use tree_sitter_highlight::{HighlightConfiguration, HighlightEvent, Highlighter};

/// Capture names styled, each with the scope whose theme style it takes. Others (e.g. plain
/// `variable`) are left in the default text colour. A capture such as `function.method.call`
/// takes the longest listed prefix.
pub(super) const CAPTURES: &[(&str, &str)] = &[
    ("attribute", "entity.other.attribute-name"),
    ("boolean", "constant.language"),
    ("comment", "comment.line"),
    ("constant", "constant.other"),
    ("constant.builtin", "constant.language"),
    ("constructor", "entity.name.type"),
    ("escape", "constant.character.escape"),
    ("function", "entity.name.function"),
    ("function.builtin", "support.function"),
    ("function.macro", "entity.name.function"),
    ("keyword", "keyword.control"),
    ("label", "entity.name.label"),
    ("module", "entity.name.namespace"),
    ("number", "constant.numeric"),
    ("operator", "keyword.operator"),
    ("property", "variable.other.member"),
    ("string", "string.quoted"),
    ("string.special", "string.regexp"),
    ("tag", "entity.name.tag"),
    ("type", "entity.name.type"),
    ("type.builtin", "storage.type"),
    ("variable.builtin", "variable.language"),
    ("variable.parameter", "variable.parameter"),
];

/// The languages highlighted here, by the token fences use (after aliases).
const LANGUAGES: &[&str] = &["python", "rust", "yaml", "bash", "json", "terraform"];

/// Each language's compiled query, made on first use (a book without Rust never pays for it);
/// `CONFIGS[i]` belongs to `LANGUAGES[i]`.
static CONFIGS: [OnceLock<Option<HighlightConfiguration>>; LANGUAGES.len()] = [
    OnceLock::new(),
    OnceLock::new(),
    OnceLock::new(),
    OnceLock::new(),
    OnceLock::new(),
    OnceLock::new(),
];

thread_local! {
    /// tree-sitter's highlighter keeps parser state and is not shared between threads.
    static HIGHLIGHTER: RefCell<Highlighter> = RefCell::new(Highlighter::new());
}

fn config(token: &str) -> Option<&'static HighlightConfiguration> {
    let idx = LANGUAGES.iter().position(|lang| *lang == token)?;
    CONFIGS[idx]
        .get_or_init(|| {
            let (language, query) = match token {
                "python" => (
                    tree_sitter_python::LANGUAGE.into(),
                    tree_sitter_python::HIGHLIGHTS_QUERY,
                ),
                "rust" => (
                    tree_sitter_rust::LANGUAGE.into(),
                    tree_sitter_rust::HIGHLIGHTS_QUERY,
                ),
                "yaml" => (
                    tree_sitter_yaml::LANGUAGE.into(),
                    tree_sitter_yaml::HIGHLIGHTS_QUERY,
                ),
                "bash" => (
                    tree_sitter_bash::LANGUAGE.into(),
                    tree_sitter_bash::HIGHLIGHT_QUERY,
                ),
                "json" => (
                    tree_sitter_json::LANGUAGE.into(),
                    tree_sitter_json::HIGHLIGHTS_QUERY,
                ),
                "terraform" => (
                    tree_sitter_hcl::LANGUAGE.into(),
                    include_str!("queries/hcl.scm"),
                ),
                _ => return None,
            };
            let mut config = HighlightConfiguration::new(language, token, query, "", "").ok()?;
            let names: Vec<&str> = CAPTURES.iter().map(|(name, _)| *name).collect();
            config.configure(&names);
            Some(config)
        })
        .as_ref()
}

/// Whether `token` goes through tree-sitter.
pub(super) fn handles(token: &str) -> bool {
    LANGUAGES.contains(&token)
}

/// Calls `emit(capture, text)` for every piece of `code` in order (`capture` indexes
/// [`CAPTURES`], `None` for default text). `None` when tree-sitter cannot do this block; the
/// caller then uses syntect.
pub(super) fn highlight(
    token: &str,
    code: &str,
    mut emit: impl FnMut(Option<usize>, &str),
) -> Option<()> {
    let config = config(token)?;
    HIGHLIGHTER.with(|highlighter| {
        let mut highlighter = highlighter.try_borrow_mut().ok()?;
        let events = highlighter
            .highlight(config, code.as_bytes(), None, |_| None)
            .ok()?;
        // Check first, emit after: a failure half-way must leave nothing emitted.
        let mut pieces: Vec<(Option<usize>, &str)> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        for event in events {
            match event.ok()? {
                HighlightEvent::Source { start, end } => {
                    pieces.push((open.last().copied(), code.get(start..end)?));
                }
                HighlightEvent::HighlightStart(capture) => open.push(capture.0),
                HighlightEvent::HighlightEnd => {
                    open.pop();
                }
            }
        }
        for (capture, text) in pieces {
            emit(capture, text);
        }
        Some(())
    })
}
