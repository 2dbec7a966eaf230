//! Post-processing rendered SVG for inlining into a page.

use super::Engine;
use crate::markdown::escape_attr;

/// Makes every `id` in `svg` unique on the page by prefixing it, together with the references to
/// it (`url(#id)`, `href="#id"`), and swaps engine colours for theme CSS variables.
pub(super) fn prefix_ids(svg: &str, prefix: &str) -> String {
    let mut ids: Vec<String> = Vec::new();
    for quote in ['"', '\''] {
        let needle = format!("id={quote}");
        let mut rest = svg;
        while let Some(pos) = rest.find(&needle) {
            let after = &rest[pos + needle.len()..];
            if let Some(end) = after.find(quote) {
                ids.push(after[..end].to_string());
            }
            rest = after;
        }
    }
    ids.sort_by_key(|id| std::cmp::Reverse(id.len()));
    ids.dedup();
    let mut out = strip_style_elements(svg);
    for id in &ids {
        for (from, to) in [
            (format!("id=\"{id}\""), format!("id=\"{prefix}-{id}\"")),
            (format!("id='{id}'"), format!("id='{prefix}-{id}'")),
            (format!("url(#{id})"), format!("url(#{prefix}-{id})")),
            (
                format!("href=\"#{id}\""),
                format!("href=\"#{prefix}-{id}\""),
            ),
        ] {
            out = out.replace(&from, &to);
        }
    }
    for (placeholder, variable) in super::mermaid::PALETTE {
        out = out
            .replace(placeholder, variable)
            .replace(&placeholder.to_uppercase(), variable);
    }
    // Pikchr draws in black; route its colours through the theme as well.
    out.replace("rgb(0,0,0)", "var(--dg-line)")
}

/// Engines emit `<style>svg{…}</style>`, which would restyle every SVG on the page once inlined.
fn strip_style_elements(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(start) = rest.find("<style") {
        out.push_str(&rest[..start]);
        match rest[start..].find("</style>") {
            Some(end) => rest = &rest[start + end + "</style>".len()..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Wraps an SVG in a captioned, horizontally scrollable figure.
pub(super) fn figure(svg: &str, alt: &str, engine: Engine) -> String {
    let class = match engine {
        Engine::Mermaid => "mermaid",
        Engine::Pikchr => "pikchr",
    };
    let svg = svg.trim();
    let label = escape_attr(alt);
    let caption = if alt.trim().is_empty() {
        String::new()
    } else {
        format!("<figcaption>{label}</figcaption>")
    };
    let aria = if alt.trim().is_empty() {
        String::new()
    } else {
        format!(" role=\"img\" aria-label=\"{label}\"")
    };
    // `tabindex` lets keyboard users scroll a wide diagram on a phone.
    format!("<figure class=\"diagram diagram-{class}\"><div class=\"diagram-scroll\" tabindex=\"0\"{aria}>{svg}</div>{caption}</figure>\n")
}
