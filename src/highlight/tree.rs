//! tree-sitter for the languages most answers use: Python, Rust, YAML, Bash, JSON and HCL.
//!
//! syntect runs a grammar's regular expressions over every line (0.7–2.2 MB/s per core on the
//! benchmark corpus); tree-sitter parses once and runs a highlight query, 2–4× faster for the same
//! code, and highlighting was most of a build. Captures are given the TextMate scope whose colour
//! the themes already define ([`CAPTURES`]), so a token looks the same whichever engine coloured
//! it, and everything else (classes, CSS, contrast) is shared with the syntect path. Any failure
//! falls back to syntect. tree-sitter-hcl ships no highlight query; ours is `queries/hcl.scm`.
//!
//! The query is run here rather than through `tree-sitter-highlight`, whose rules this follows
//! exactly for one language without injections or local variables (a test compares the two on
//! every block of this book): its configuration compiles a second, empty query for injections,
//! and compiling any query walks the grammar's whole parse table (2–6 ms per language), and its
//! event loop re-sorts injection layers around every capture.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::OnceLock;

use tree_sitter::{
    Language, Node, ParseOptions, ParseState, Parser, Query, QueryCursor, QueryCursorOptions,
    QueryCursorState, StreamingIterator, Tree,
};

use super::budget::{Budget, OverBudget};
use super::Failure;

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

/// A language's compiled highlight query, and the [`CAPTURES`] entry each of its captures takes.
pub(super) struct Grammar {
    language: Language,
    query: Query,
    /// By the query's capture index: the [`CAPTURES`] position, `None` for an unstyled capture.
    styles: Vec<Option<usize>>,
}

/// Each language's grammar, made on first use (a book without Rust never pays for it);
/// `GRAMMARS[i]` belongs to `LANGUAGES[i]`.
static GRAMMARS: [OnceLock<Option<Grammar>>; LANGUAGES.len()] = [
    OnceLock::new(),
    OnceLock::new(),
    OnceLock::new(),
    OnceLock::new(),
    OnceLock::new(),
    OnceLock::new(),
];

/// A parser and a query cursor per thread: both keep buffers worth reusing, and neither is
/// shared between threads. Only buffers carry over from one block to the next, never a result:
/// the parser is reset before every parse (a parse stopped midway would otherwise resume) and
/// the cursor starts afresh on every query, so no output depends on which thread ran first.
struct Tools {
    parser: Parser,
    cursor: QueryCursor,
}

thread_local! {
    static TOOLS: RefCell<Tools> = RefCell::new(Tools {
        parser: Parser::new(),
        cursor: QueryCursor::new(),
    });
}

/// The language and highlight query of `token`, when tree-sitter does it.
pub(super) fn source(token: &str) -> Option<(Language, &'static str)> {
    Some(match token {
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
    })
}

fn grammar(token: &str) -> Option<&'static Grammar> {
    let idx = LANGUAGES.iter().position(|lang| *lang == token)?;
    GRAMMARS[idx]
        .get_or_init(|| {
            let (language, source) = source(token)?;
            let query = Query::new(&language, source).ok()?;
            let styles = query
                .capture_names()
                .iter()
                .map(|name| style_of(name))
                .collect();
            Some(Grammar {
                language,
                query,
                styles,
            })
        })
        .as_ref()
}

/// The [`CAPTURES`] entry a capture name takes: the one with the most dot-separated parts, all
/// of them among the name's (`function.method.call` takes `function`), the first on a tie. This
/// is `tree-sitter-highlight`'s rule, kept so that colours stay what they were.
fn style_of(capture: &str) -> Option<usize> {
    let parts: Vec<&str> = capture.split('.').collect();
    let mut best: Option<(usize, usize)> = None;
    for (idx, (name, _)) in CAPTURES.iter().enumerate() {
        let len = name.split('.').count();
        let fits = name.split('.').all(|part| parts.contains(&part));
        if fits && best.is_none_or(|(_, best_len)| len > best_len) {
            best = Some((idx, len));
        }
    }
    best.map(|(idx, _)| idx)
}

/// Compiles `token`'s grammar now, if tree-sitter does it and nobody has yet.
pub(super) fn prepare(token: &str) {
    grammar(token);
}

/// Whether `token` goes through tree-sitter.
pub(super) fn handles(token: &str) -> bool {
    LANGUAGES.contains(&token)
}

/// One capture as the cursor gave it, copied out (the cursor reuses its memory on every step).
#[derive(Clone, Copy)]
struct Capture {
    start: usize,
    end: usize,
    node: usize,
    index: u32,
    match_id: u32,
    /// Whether the match has captures besides this one (only then can dropping it matter).
    shared: bool,
}

/// Calls `emit(capture, text)` for every piece of `code` in order (`capture` indexes
/// [`CAPTURES`], `None` for default text), spending `budget` on the parse and the query.
/// [`Failure::Unable`] when tree-sitter cannot do this block (the caller then uses syntect);
/// nothing is emitted unless it succeeds.
pub(super) fn highlight(
    token: &str,
    code: &str,
    budget: &mut Budget,
    mut emit: impl FnMut(Option<usize>, &str),
) -> Result<(), Failure> {
    let grammar = grammar(token).ok_or(Failure::Unable)?;
    TOOLS.with(|tools| {
        let mut tools = tools.try_borrow_mut().map_err(|_| Failure::Unable)?;
        let Tools { parser, cursor } = &mut *tools;
        parser
            .set_language(&grammar.language)
            .map_err(|_| Failure::Unable)?;
        let tree = parse(parser, code, budget)?;
        // The query's hidden cost, paid before it runs (see `budget`). A tree whose worst case
        // (every node scanning every later one) fits what is left cannot run over, so it is not
        // walked: every ordinary block would pay a second traversal for nothing (9% of a
        // 1,000-page build's instructions).
        let count = u64::try_from(tree.root_node().descendant_count()).unwrap_or(u64::MAX);
        if count.saturating_add(count.saturating_mul(count + 1) / 2) <= budget.left() {
            budget.spend(count)?;
        } else {
            let (nodes, scans) = sibling_scans(tree.root_node());
            budget.spend(nodes)?;
            budget.spend(scans)?;
        }
        for (capture, text) in query(cursor, grammar, &tree, code, budget)? {
            emit(capture, text);
        }
        Ok(())
    })
}

/// Work tree-sitter does between two calls of a progress callback (its
/// `OP_COUNT_PER_PARSER_TIMEOUT_CHECK` and `OP_COUNT_PER_QUERY_TIMEOUT_CHECK`).
const STEPS_PER_CALLBACK: u64 = 100;

/// Parses `code`, stopping when `budget` runs out.
fn parse(parser: &mut Parser, code: &str, budget: &mut Budget) -> Result<Tree, Failure> {
    let mut over = false;
    let mut progress = |_: &ParseState| {
        over = budget.spend(STEPS_PER_CALLBACK).is_err();
        over
    };
    parser.reset();
    let bytes = code.as_bytes();
    let tree = parser.parse_with_options(
        &mut |at: usize, _| bytes.get(at..).unwrap_or_default(),
        None,
        Some(ParseOptions::new().progress_callback(&mut progress)),
    );
    if over {
        return Err(Failure::OverBudget);
    }
    tree.ok_or(Failure::Unable)
}

/// Runs the highlight query over `tree`: the pieces of `code` and their styles, checked whole
/// before any is emitted; stops when `budget` runs out.
fn query<'code>(
    cursor: &mut QueryCursor,
    grammar: &Grammar,
    tree: &Tree,
    code: &'code str,
    budget: &mut Budget,
) -> Result<Vec<(Option<usize>, &'code str)>, Failure> {
    let mut over = false;
    let mut progress = |_: &QueryCursorState| {
        over = budget.spend(STEPS_PER_CALLBACK).is_err();
        over
    };
    let options = QueryCursorOptions::new().progress_callback(&mut progress);
    let mut captures =
        cursor.captures_with_options(&grammar.query, tree.root_node(), code.as_bytes(), options);
    let pieces = spans(&grammar.styles, code, || {
        captures.advance();
        captures.get().map(|(found, idx)| {
            let capture = found.captures[*idx];
            Capture {
                start: capture.node.start_byte(),
                end: capture.node.end_byte(),
                node: capture.node.id(),
                index: capture.index,
                match_id: found.id(),
                shared: found.captures.len() > 1,
            }
        })
    });
    drop(captures);
    // A stopped cursor just ends: its pieces would leave the rest of the block plain.
    if over {
        return Err(Failure::OverBudget);
    }
    pieces.ok_or(Failure::Unable)
}

/// The nodes under `root` (walked to find the rest), and what running a query over it costs
/// besides its steps: for every node, the later siblings the query cursor looks along for a
/// named one (`ts_tree_cursor_current_status`), `m(m + 1)/2` for a run of `m` unnamed
/// siblings, which error recovery makes as long as the block (80,000 `(` in one node).
fn sibling_scans(root: Node<'_>) -> (u64, u64) {
    let triangle = |run: u64| run.saturating_mul(run + 1) / 2;
    let mut cursor = root.walk();
    let (mut nodes, mut units) = (0u64, 0u64);
    // The run of unnamed siblings so far at each level open, innermost last.
    let mut runs: Vec<u64> = vec![0];
    loop {
        nodes += 1;
        if let Some(run) = runs.last_mut() {
            if cursor.node().is_named() {
                units = units.saturating_add(triangle(*run));
                *run = 0;
            } else {
                *run += 1;
            }
        }
        if cursor.goto_first_child() {
            runs.push(0);
            continue;
        }
        while !cursor.goto_next_sibling() {
            units = units.saturating_add(triangle(runs.pop().unwrap_or(0)));
            if !cursor.goto_parent() {
                return (nodes, units);
            }
        }
    }
}

impl From<OverBudget> for Failure {
    fn from(_: OverBudget) -> Failure {
        Failure::OverBudget
    }
}

/// Splits `code` into pieces with the style each is shown in, from the captures in the order
/// the cursor yields them (by start, then by pattern).
///
/// `tree-sitter-highlight`'s rules: of the patterns that capture one node, the last in the query
/// wins, and a losing match's other captures are dropped (it removes the match from the cursor;
/// here its id is remembered and its later captures skipped); a styled capture's span nests
/// inside any span still open around it; unstyled captures only take part in choosing.
fn spans<'code>(
    styles: &[Option<usize>],
    code: &'code str,
    mut next_capture: impl FnMut() -> Option<Capture>,
) -> Option<Vec<(Option<usize>, &'code str)>> {
    // Matches with other captures that lost a node to a later pattern (a set: a long block
    // can have many, and every capture is looked up).
    let mut dropped: HashSet<u32> = HashSet::new();
    let mut pull = |dropped: &HashSet<u32>| loop {
        match next_capture() {
            Some(capture) if !dropped.is_empty() && dropped.contains(&capture.match_id) => continue,
            found => return found,
        }
    };
    let mut pieces = Vec::new();
    // The styles open at `offset` and where each ends, innermost last.
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut offset = 0;
    let piece = |pieces: &mut Vec<_>, open: &[(usize, usize)], to: usize, offset: &mut usize| {
        if *offset < to {
            pieces.push((open.last().map(|(style, _)| *style), code.get(*offset..to)?));
            *offset = to;
        }
        Some(())
    };
    let mut pending = pull(&dropped);
    while let Some(first) = pending {
        if let Some(&(_, end)) = open.last() {
            if end <= first.start {
                piece(&mut pieces, &open, end, &mut offset)?;
                open.pop();
                continue;
            }
        }
        let mut winner = first;
        pending = pull(&dropped);
        while let Some(later) = pending.filter(|later| later.node == winner.node) {
            if winner.shared {
                dropped.insert(winner.match_id);
            }
            winner = later;
            pending = pull(&dropped);
        }
        if let Some(style) = styles.get(winner.index as usize).copied().flatten() {
            piece(&mut pieces, &open, winner.start, &mut offset)?;
            open.push((style, winner.end));
        }
    }
    while let Some((_, end)) = open.last().copied() {
        piece(&mut pieces, &open, end, &mut offset)?;
        open.pop();
    }
    piece(&mut pieces, &open, code.len(), &mut offset)?;
    Some(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    type Pieces = Vec<(Option<usize>, String)>;

    fn ours(token: &str, code: &str) -> Pieces {
        let mut pieces = Vec::new();
        let mut budget = Budget::for_block(code);
        highlight(token, code, &mut budget, |style, text| {
            pieces.push((style, text.to_string()))
        })
        .expect("tree-sitter highlights it");
        pieces
    }

    /// What `tree-sitter-highlight` makes of the same block, as pieces.
    fn theirs(token: &str, code: &str) -> Pieces {
        use tree_sitter_highlight::{HighlightConfiguration, HighlightEvent, Highlighter};
        let (language, query) = source(token).expect("a tree-sitter language");
        let mut config = HighlightConfiguration::new(language, token, query, "", "").unwrap();
        let names: Vec<&str> = CAPTURES.iter().map(|(name, _)| *name).collect();
        config.configure(&names);
        let mut highlighter = Highlighter::new();
        let mut open = Vec::new();
        let mut pieces = Vec::new();
        for event in highlighter
            .highlight(&config, code.as_bytes(), None, |_| None)
            .unwrap()
        {
            match event.unwrap() {
                HighlightEvent::Source { start, end } => {
                    pieces.push((open.last().copied(), code[start..end].to_string()))
                }
                HighlightEvent::HighlightStart(style) => open.push(style.0),
                HighlightEvent::HighlightEnd => {
                    open.pop();
                }
            }
        }
        pieces
    }

    /// Every fenced block of this book's answers in a tree-sitter language, with its token.
    fn book_blocks() -> Vec<(String, String)> {
        let mut blocks = Vec::new();
        let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        for entry in walkdir::WalkDir::new(content) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|ext| ext != "md") {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let mut lines = text.lines();
            while let Some(line) = lines.next() {
                let Some(lang) = line.trim_start().strip_prefix("```") else {
                    continue;
                };
                let token = super::super::token(lang);
                let body: Vec<&str> = lines
                    .by_ref()
                    .take_while(|l| !l.trim_start().starts_with("```"))
                    .collect();
                if handles(&token) {
                    blocks.push((token, body.join("\n") + "\n"));
                }
            }
        }
        blocks
    }

    #[test]
    fn pieces_are_what_tree_sitter_highlight_makes_of_every_block_of_this_book() {
        let blocks = book_blocks();
        assert!(blocks.len() >= 30, "{} blocks", blocks.len());
        for (token, code) in &blocks {
            assert_eq!(ours(token, code), theirs(token, code), "{token}:\n{code}");
        }
    }

    #[test]
    fn pieces_match_tree_sitter_highlight_where_patterns_compete_for_a_node() {
        // Several patterns capture one node (the last in the query wins), captures nest, and a
        // match with several captures loses one of its nodes to a later pattern.
        let cases = [
            ("python", "print(f\"{x!r:>{width}} {len(ys)}\")\nclass A(B): pass\nMAX_N = None\n"),
            ("rust", "#[derive(Debug)]\nstruct S<'a> { x: &'a str }\nfn main() { println!(\"{}\", Self::new().x); std::mem::drop(S::<'_>::f()); }\n"),
            ("bash", "for f in *.md; do echo \"$f\" | grep -v -e x >> out.txt; done\nfunction g() { local a=$(ls -la); }\n"),
            ("yaml", "a: {b: \"c\", 'd': [1, true, null]}\n- ? key\n  : &anchor value\n"),
            ("json", "{\"a\": [1, 2.5e3, true, null, \"\\u0041\"]}\n"),
            ("terraform", "resource \"aws_s3_bucket\" \"b\" {\n  count = var.n > 0 ? 1 : 0\n  tags = { Name = \"${local.p}-x\" }\n}\n"),
        ];
        for (token, code) in cases {
            assert_eq!(ours(token, code), theirs(token, code), "{token}:\n{code}");
        }
    }

    #[test]
    fn a_match_that_loses_a_node_loses_its_other_captures() {
        // Match 1 captures "abc" and "ghi"; match 2, a later pattern, also captures "abc" and
        // wins it, so match 1 is dropped and "ghi" stays plain (as tree-sitter-highlight's
        // `remove` of the losing match does). Match 3 loses "jkl" but has no other capture.
        let capture = |start, end, node, index, match_id, shared| Capture {
            start,
            end,
            node,
            index,
            match_id,
            shared,
        };
        let mut stream = vec![
            capture(0, 3, 1, 0, 1, true),
            capture(0, 3, 1, 1, 2, false),
            capture(8, 11, 3, 0, 1, true),
            capture(12, 15, 4, 0, 3, false),
            capture(12, 15, 4, 1, 4, false),
        ]
        .into_iter();
        let pieces = spans(&[Some(0), Some(1)], "abc def ghi jkl", || stream.next()).unwrap();
        assert_eq!(
            pieces,
            [(Some(1), "abc"), (None, " def ghi "), (Some(1), "jkl")]
        );
    }

    #[test]
    fn capture_names_take_the_entry_with_the_most_parts() {
        let position = |name: &str| CAPTURES.iter().position(|(entry, _)| *entry == name);
        assert_eq!(style_of("function.method.call"), position("function"));
        assert_eq!(style_of("function.builtin"), position("function.builtin"));
        assert_eq!(style_of("punctuation.bracket"), None);
        assert_eq!(style_of("variable"), None);
    }
}
