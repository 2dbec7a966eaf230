//! LaTeX math to MathML at build time, with pulldown-latex: no JavaScript, and it prints.
//!
//! Math is data, not markup: pulldown-latex copies some of it raw into the MathML (the
//! annotation, `\operatorname{…}`, and the character of an operator such as `<`), so `$0<p<1$`
//! would open a tag and crafted math could inject HTML. Everything taken from the source is
//! escaped here: the annotation and function names before rendering, and any `<`, `>` or `&`
//! the engine wrote as content after it. Nesting is capped before parsing, because the engine's
//! cost grows with the square of the depth (20,000 nested superscripts took ~4 s).

use pulldown_latex::config::DisplayMode;
use pulldown_latex::event::{Content, Event};
use pulldown_latex::{push_mathml, Parser, RenderConfig, Storage};

/// Deepest nesting of groups (`{…}`, `\left…\right`) accepted; real formulas stay under ten.
pub const MAX_DEPTH: usize = 64;

/// Renders `latex` to a `<math>` element, or returns the parser's complaint.
pub fn render(latex: &str, display: bool) -> Result<String, String> {
    check_characters(latex)?;
    check_depth(latex)?;
    check_numbers(latex)?;
    guarded(|| render_checked(latex, display))
}

/// Runs the engine ([`crate::engine::run`]), turning a panic inside it into an error for this one
/// formula instead of a crashed build: the `math` fuzz target found pulldown-latex slicing a
/// string inside a character (`\char` before a non-ASCII letter).
fn guarded(work: impl FnOnce() -> Result<String, String>) -> Result<String, String> {
    crate::engine::run(work).unwrap_or_else(|crate::engine::Panicked| {
        Err("the math engine (pulldown-latex) failed on this formula; simplify it, or write it as code (`…`) until the engine is fixed".to_string())
    })
}

/// Refuses what the engine reads as a number (`\char`, the column count of `alignat`) when it
/// starts with a non-ASCII character, which the engine cannot step over.
fn check_numbers(latex: &str) -> Result<(), String> {
    for (at, _) in latex.match_indices("\\char") {
        let rest = latex[at + "\\char".len()..].trim_start();
        if rest.chars().next().is_some_and(|c| !c.is_ascii()) {
            return Err("`\\char` takes a character number (0–255), e.g. `\\char65`".to_string());
        }
    }
    Ok(())
}

fn render_checked(latex: &str, display: bool) -> Result<String, String> {
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(latex, &storage).collect();
    if let Some(Err(error)) = events.iter().find(|event| event.is_err()) {
        return Err(error
            .to_string()
            .lines()
            .next()
            .unwrap_or("invalid math")
            .to_string());
    }
    let events: Vec<Event<'_>> = events.into_iter().filter_map(Result::ok).collect();
    let names: Vec<String> = events
        .iter()
        .filter_map(|event| match event {
            Event::Content(Content::Function(name)) => Some(escape(name)),
            _ => None,
        })
        .collect();
    let mut names = names.iter();
    let events = events.into_iter().map(|event| match event {
        Event::Content(Content::Function(_)) => Ok::<_, std::fmt::Error>(Event::Content(
            Content::Function(names.next().map_or("", String::as_str)),
        )),
        other => Ok(other),
    });
    let annotation = escape(latex);
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        annotation: Some(&annotation),
        ..RenderConfig::default()
    };
    let mut html = String::new();
    push_mathml(&mut html, events, config).map_err(|error| error.to_string())?;
    // The source was checked, but a command could still write such a character itself.
    if let Some(c) = html.chars().find(|&c| is_forbidden(c)) {
        return Err(format!(
            "the formula produces the character U+{:04X}, which a page cannot contain",
            u32::from(c)
        ));
    }
    // A display formula wider than the column scrolls sideways (style.css); keyboard users reach
    // that scroll with Tab. Its role stays `math`, so a screen reader still reads the formula.
    if display {
        html = html.replacen(
            "<math display=\"block\">",
            "<math display=\"block\" tabindex=\"0\">",
            1,
        );
    }
    Ok(escape_content(&html))
}

/// Refuses a control character (other than tab and line breaks) or a noncharacter: the engine
/// copies it into the MathML, where XML forbids it and the browser reports a broken document
/// (the `math` fuzz target found `\u{1}`).
fn check_characters(latex: &str) -> Result<(), String> {
    match latex.chars().find(|&c| is_forbidden(c)) {
        Some(c) => Err(format!(
            "math contains the control character U+{:04X}, which a page cannot contain; delete it (it is invisible in most editors)",
            u32::from(c)
        )),
        None => Ok(()),
    }
}

/// Characters XML 1.0 does not allow in a document.
fn is_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Refuses math nested deeper than [`MAX_DEPTH`], counted on the source (`{`, `\left`) so that
/// the engine never sees it.
fn check_depth(latex: &str) -> Result<(), String> {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut rest = latex;
    while let Some(c) = rest.chars().next() {
        let mut step = c.len_utf8();
        match c {
            '\\' => {
                let name: String = rest[1..]
                    .chars()
                    .take_while(char::is_ascii_alphabetic)
                    .collect();
                match name.as_str() {
                    "left" | "begin" => depth += 1,
                    "right" | "end" => depth = depth.saturating_sub(1),
                    _ => {}
                }
                // `\{` and `\}` are braces to draw, not groups.
                step += if name.is_empty() {
                    rest[1..].chars().next().map_or(0, char::len_utf8)
                } else {
                    name.len()
                };
            }
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        deepest = deepest.max(depth);
        rest = &rest[step.min(rest.len())..];
    }
    if deepest > MAX_DEPTH {
        return Err(format!(
            "math is nested {deepest} levels deep; the limit is {MAX_DEPTH} (split the formula or simplify it)"
        ));
    }
    Ok(())
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes the `<`, `>` and `&` that the engine wrote as content (an operator's character)
/// rather than as markup. The engine's tags always start `<` + letter or `</`, its attribute
/// values hold no `<` or `>`, and its only entities are named or numeric; anything else is a
/// character of the formula.
fn escape_content(mathml: &str) -> String {
    let bytes = mathml.as_bytes();
    let mut out = String::with_capacity(mathml.len() + 16);
    let mut in_tag = false;
    let mut in_value = false;
    let mut copied = 0;
    for (idx, &byte) in bytes.iter().enumerate() {
        let replacement = match byte {
            // The engine writes `\big)` as `stretchy="true"minsize="1.2em"` (found by the
            // `math` fuzz target): XML needs a space between attributes.
            b'"' if in_tag => {
                in_value = !in_value;
                if in_value || !bytes.get(idx + 1).is_some_and(u8::is_ascii_alphabetic) {
                    continue;
                }
                "\" "
            }
            _ if in_value => continue,
            b'<' if !in_tag => {
                let next = bytes.get(idx + 1).copied().unwrap_or(b' ');
                if next.is_ascii_alphabetic() || next == b'/' {
                    in_tag = true;
                    continue;
                }
                "&lt;"
            }
            b'>' if in_tag => {
                in_tag = false;
                continue;
            }
            b'>' => "&gt;",
            b'&' if !in_tag && !is_entity(&mathml[idx..]) => "&amp;",
            _ => continue,
        };
        out.push_str(&mathml[copied..idx]);
        out.push_str(replacement);
        copied = idx + 1;
    }
    out.push_str(&mathml[copied..]);
    out
}

/// Whether `text` (starting at `&`) is an entity such as `&nbsp;`, `&lt;` or `&#8289;`.
fn is_entity(text: &str) -> bool {
    let body: String = text[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .take(12)
        .collect();
    !body.is_empty() && text[1 + body.len()..].starts_with(';')
}

#[cfg(test)]
mod tests {
    #[test]
    fn amdahl_renders_to_mathml() {
        let html = super::render(r"S = \frac{1}{(1-p) + p/N}", true).unwrap();
        assert!(html.starts_with("<math"), "{html}");
        assert!(html.contains("<mfrac>"), "{html}");
    }

    #[test]
    fn errors_are_reported() {
        assert!(super::render(r"\frac{1", false).is_err());
    }

    #[test]
    fn less_than_is_escaped_in_operators_and_the_annotation() {
        let html = super::render("0<p<1", false).unwrap();
        assert!(!html.contains("><<") && html.contains("&lt;"), "{html}");
        assert!(html.contains(">0&lt;p&lt;1</annotation>"), "{html}");
    }

    #[test]
    fn function_names_cannot_open_tags() {
        let html = super::render(r"\operatorname{<img src=x onerror=alert(1)>}", false).unwrap();
        assert!(!html.contains("<img"), "{html}");
    }

    #[test]
    fn attributes_are_separated() {
        let html = super::render(r"\big)", false).unwrap();
        assert!(html.contains("\" minsize="), "{html}");
    }

    #[test]
    fn control_characters_are_refused() {
        let error = super::render("x\u{1}", false).unwrap_err();
        assert!(error.contains("control character U+0001"), "{error}");
        assert!(super::render("x\ty", false).is_ok());
    }

    #[test]
    fn what_the_engine_would_panic_on_is_an_error() {
        // The `math` fuzz target's find (pulldown-latex 0.8 slices inside the `Е`).
        let error = super::render("o`\\i\\char\u{415}{rp}", false).unwrap_err();
        assert!(error.contains("character number"), "{error}");
        assert!(super::render("\\char65", false).is_ok());
        // The same engine path through a column count, which only the guard catches.
        let error = super::render("\\begin{alignat}{\u{415}}x\\end{alignat}", true).unwrap_err();
        assert!(error.contains("math engine"), "{error}");
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let deep = "x^{".repeat(100) + &"}".repeat(100);
        let error = super::render(&deep, false).unwrap_err();
        assert!(error.contains("nested 100 levels deep"), "{error}");
        assert!(super::render(r"\{ \{ \{ x \} \} \}", false).is_ok());
    }
}
