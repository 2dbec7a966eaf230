//! Mermaid through mermaid-rs-renderer, with guards for its known traps.
//!
//! - It can panic on malformed input: rendering runs under [`crate::engine::run`].
//! - It silently drops some valid arrows (`-x`, `--x`, `-)`, `--)`) and nodes after an unclosed
//!   `[`, and rejects `->>+`: [`lint`] finds these lines first and names them.
//! - Its text measurement depends on installed fonts and writes a cache under `$HOME`: we use its
//!   fast text metrics, which are deterministic and touch no files.
//! - Layout cost grows much faster than the source (a 500-edge flowchart took ~31 s): a graph
//!   over [`MAX_EDGES`] edges or [`MAX_NODES`] nodes is refused before layout.
//! - It copies links and style values into the SVG: the output goes through `sanitize`.

use mermaid_rs_renderer::ir::DiagramKind;
use mermaid_rs_renderer::{compute_layout, parse_mermaid_strict, render_svg, RenderOptions, Theme};

use super::RenderError;

/// Placeholder colours handed to the engine, swapped for theme CSS variables afterwards, so that
/// light mode, dark mode and print restyle the same SVG.
pub(super) const PALETTE: &[(&str, &str)] = &[
    ("#a00001", "var(--dg-fill)"),
    ("#a00002", "var(--dg-text)"),
    ("#a00003", "var(--dg-stroke)"),
    ("#a00004", "var(--dg-line)"),
    ("#a00005", "var(--dg-fill-2)"),
    ("#a00006", "var(--dg-fill-3)"),
    ("#a00007", "var(--dg-bg)"),
    ("#a00008", "var(--dg-cluster)"),
    ("#a00009", "var(--dg-cluster-stroke)"),
    ("#a0000a", "transparent"),
    ("#a0000e", "var(--dg-note)"),
    ("#a0000f", "var(--dg-note-stroke)"),
];

fn theme() -> Theme {
    let mut theme = Theme::modern();
    theme.font_family = "var(--font-sans)".into();
    theme.primary_color = "#a00001".into();
    theme.primary_text_color = "#a00002".into();
    theme.primary_border_color = "#a00003".into();
    theme.line_color = "#a00004".into();
    theme.secondary_color = "#a00005".into();
    theme.tertiary_color = "#a00006".into();
    theme.edge_label_background = "#a00007".into();
    theme.cluster_background = "#a00008".into();
    theme.cluster_border = "#a00009".into();
    theme.background = "#a0000a".into();
    theme.sequence_actor_fill = "#a00001".into();
    theme.sequence_actor_border = "#a00003".into();
    theme.sequence_actor_line = "#a00004".into();
    theme.sequence_note_fill = "#a0000e".into();
    theme.sequence_note_border = "#a0000f".into();
    theme.sequence_activation_fill = "#a00005".into();
    theme.sequence_activation_border = "#a00003".into();
    theme.text_color = "#a00002".into();
    theme
}

/// Most edges laid out in one diagram; see [`MAX_NODES`].
pub(super) const MAX_EDGES: usize = 100;
/// Most nodes laid out in one diagram. Layout time measured (debug build, engine at opt-level 3,
/// on the shared 2-core machine under load ~20): 50 edges 4.5 s, 100 edges 10.8 s, 150 edges 70 s;
/// unloaded, the issue saw 500 edges take ~31 s. The cost jumps past 100, and this book's largest
/// flowchart has 11 edges.
pub(super) const MAX_NODES: usize = 200;

/// Renders Mermaid source to SVG, or explains which line is at fault.
pub(super) fn render(text: &str) -> Result<String, RenderError> {
    lint(text)?;
    let mut options = RenderOptions {
        theme: theme(),
        ..RenderOptions::default()
    };
    options.layout.fast_text_metrics = true;
    let outcome = crate::engine::run(|| {
        let parsed = parse_mermaid_strict(text).map_err(Refused::Syntax)?;
        let drawn = parsed.graph.edges.len();
        // Sequence diagrams are laid out in one pass down the page; messages cost little.
        let n_edges = if parsed.graph.kind == DiagramKind::Sequence {
            0
        } else {
            drawn
        };
        check_budget(parsed.graph.nodes.len(), n_edges).map_err(Refused::Budget)?;
        let layout = compute_layout(&parsed.graph, &options.theme, &options.layout);
        Ok::<_, Refused>((render_svg(&layout, &options.theme, &options.layout), drawn))
    });
    match outcome {
        Ok(Ok((svg, drawn))) => {
            check_edges(text, drawn)?;
            Ok(svg)
        }
        Ok(Err(Refused::Syntax(error))) => {
            let message = error.to_string();
            Err(RenderError::syntax(message.clone(), line_in_message(&message)))
        }
        Ok(Err(Refused::Budget(error))) => Err(error),
        Err(crate::engine::Panicked) => Err(RenderError::syntax(
            "the Mermaid renderer crashed on this diagram (a bug in the engine, triggered by this input)",
            None,
        )),
    }
}

/// Why the engine was stopped before drawing.
enum Refused {
    Syntax(mermaid_rs_renderer::ParseError),
    Budget(RenderError),
}

/// Refuses a graph whose layout would take longer than a build should, before laying it out.
fn check_budget(n_nodes: usize, n_edges: usize) -> Result<(), RenderError> {
    if n_edges <= MAX_EDGES && n_nodes <= MAX_NODES {
        return Ok(());
    }
    Err(RenderError::limit(
        format!("diagram is too complex to lay out: {n_nodes} nodes and {n_edges} edges; the limit is {MAX_NODES} nodes and {MAX_EDGES} edges"),
        "split it into smaller diagrams (one per step or per group)",
    ))
}

fn kind(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with("%%"))
        .and_then(|line| line.split_whitespace().next())
        .unwrap_or("")
}

/// Finds the constructs the engine mishandles, before it gets the chance to drop them quietly.
fn lint(text: &str) -> Result<(), RenderError> {
    let kind = kind(text);
    for (idx, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with("%%") || trimmed.is_empty() {
            continue;
        }
        let line_no = Some(idx + 1);
        if kind == "sequenceDiagram" {
            for arrow in ["--x", "-x", "--)", "-)"] {
                if let Some(pos) = trimmed.find(arrow) {
                    if trimmed[..pos].chars().last().is_some_and(|c| c != '-')
                        && is_message(trimmed)
                    {
                        return Err(RenderError::syntax(
                            format!(
                                "arrow `{arrow}` is not drawn by the renderer; use `->>` or `-->>`"
                            ),
                            line_no,
                        ));
                    }
                }
            }
            if trimmed.contains(">>+") || trimmed.contains(">>-") {
                return Err(RenderError::syntax("activation shorthand (`->>+` / `->>-`) is not supported; remove the `+` or `-`", line_no));
            }
        }
        check_style_line(trimmed, line_no)?;
        if kind.starts_with("flowchart") || kind == "graph" {
            let opens = trimmed.matches('[').count();
            let closes = trimmed.matches(']').count();
            if opens != closes {
                return Err(RenderError::syntax(
                    "unbalanced `[` `]` on this line; the node would silently disappear",
                    line_no,
                ));
            }
        }
    }
    Ok(())
}

/// The engine copies `style`, `classDef` and `linkStyle` values into SVG attributes as written,
/// so a quote would end the attribute. `sanitize` makes any output safe (malformed SVG is
/// refused); this names the line instead of blaming the engine.
fn check_style_line(trimmed: &str, line_no: Option<usize>) -> Result<(), RenderError> {
    let keyword = trimmed.split_whitespace().next().unwrap_or("");
    let styled = ["style", "classdef", "linkstyle"]
        .iter()
        .any(|k| keyword.eq_ignore_ascii_case(k));
    if styled && trimmed.contains(['"', '\'', '<', '>', '&', '\\']) {
        return Err(RenderError::syntax(
            "a style value holds a quote, `<`, `>`, `&` or `\\`; write plain CSS values such as `fill:#f9f,stroke:#333`",
            line_no,
        ));
    }
    Ok(())
}

fn is_message(line: &str) -> bool {
    line.contains(':')
        && !line.starts_with("Note")
        && !line.starts_with("participant")
        && !line.starts_with("actor")
}

/// Counts the arrows written in a flowchart or sequence diagram and compares with what was laid out.
fn check_edges(text: &str, drawn: usize) -> Result<(), RenderError> {
    let kind = kind(text);
    let mut expected = 0;
    let mut first_arrow_line = None;
    for (idx, line) in text.lines().enumerate().skip(1) {
        let trimmed = line.trim();
        if trimmed.starts_with("%%") || trimmed.starts_with("Note") || trimmed.starts_with("note") {
            continue;
        }
        let count = if kind == "sequenceDiagram" {
            usize::from(trimmed.contains("->") && is_message(trimmed))
        } else if kind.starts_with("flowchart") || kind == "graph" {
            count_flow_arrows(trimmed)
        } else {
            0
        };
        if count > 0 && first_arrow_line.is_none() {
            first_arrow_line = Some(idx + 1);
        }
        expected += count;
    }
    if expected > drawn {
        return Err(RenderError::syntax(format!("{expected} arrows are written but only {drawn} were drawn; an arrow form the renderer does not support was dropped"), first_arrow_line));
    }
    Ok(())
}

fn count_flow_arrows(line: &str) -> usize {
    let mut count = 0;
    let mut rest = line;
    while let Some(pos) = rest.find(['-', '=']) {
        let tail = &rest[pos..];
        let run = tail
            .chars()
            .take_while(|c| matches!(c, '-' | '=' | '.'))
            .count();
        let after = tail[run..].chars().next();
        let is_arrow = run >= 2
            && (after.is_some_and(|c| matches!(c, '>' | 'x' | 'o'))
                || tail[..run].ends_with("--") && run >= 3);
        if is_arrow {
            count += 1;
        }
        let advance = run.max(1);
        rest = &tail[advance.min(tail.len())..];
    }
    count
}

fn line_in_message(message: &str) -> Option<usize> {
    let idx = message.find("line ")?;
    let digits: String = message[idx + 5..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok().filter(|&line| line > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_are_counted() {
        assert_eq!(count_flow_arrows("A --> B --> C"), 2);
        assert_eq!(count_flow_arrows("A -->|yes| B"), 1);
        assert_eq!(count_flow_arrows("A[x-y] --- B"), 1);
    }

    #[test]
    fn dropped_sequence_arrows_are_named() {
        let error = render("sequenceDiagram\n  A->>B: hi\n  A-xB: lost\n").unwrap_err();
        assert_eq!(error.line, Some(3), "{error:?}");
        assert!(error.message.contains("`-x`"), "{error:?}");
    }

    #[test]
    fn unclosed_bracket_is_named() {
        let error = render("flowchart LR\n  A[ok] --> B[broken\n").unwrap_err();
        assert_eq!(error.line, Some(2));
    }

    #[test]
    fn activation_shorthand_is_rejected_with_a_line() {
        let error = render("sequenceDiagram\n  A->>+B: hi\n").unwrap_err();
        assert_eq!(error.line, Some(2));
    }
}
