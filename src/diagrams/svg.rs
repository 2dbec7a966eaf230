//! Post-processing rendered SVG for inlining into a page.

use std::collections::HashSet;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::Engine;

/// Where an SVG names or references an id: the text before the id, and the character after it.
const ID_SITES: [(&str, char); 4] = [
    ("id=\"", '"'),
    ("id='", '\''),
    ("url(#", ')'),
    ("href=\"#", '"'),
];

static SITES: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(ID_SITES.map(|(before, _)| before))
        .expect("fixed patterns")
});

/// Engine colours and the theme variables they become: each Mermaid placeholder in both cases,
/// and Pikchr's black.
static COLOURS: LazyLock<(AhoCorasick, Vec<&'static str>)> = LazyLock::new(|| {
    let mut from = Vec::new();
    let mut to = Vec::new();
    for (placeholder, variable) in super::mermaid::PALETTE {
        from.push(placeholder.to_string());
        to.push(*variable);
        from.push(placeholder.to_uppercase());
        to.push(*variable);
    }
    from.push("rgb(0,0,0)".into());
    to.push("var(--dg-line)");
    let matcher = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(&from)
        .expect("fixed patterns");
    (matcher, to)
});

/// Makes every `id` in `svg` unique on the page by prefixing it, together with the references to
/// it (`url(#id)`, `href="#id"`), and swaps engine colours for theme CSS variables. One pass for
/// the ids and one for the colours: a replace per id and colour cost ~8 ms for this book's 26
/// figures, on the critical path of every build.
pub(super) fn prefix_ids(svg: &str, prefix: &str) -> String {
    let mut ids: HashSet<&str> = HashSet::new();
    for quote in ['"', '\''] {
        let needle = format!("id={quote}");
        let mut rest = svg;
        while let Some(pos) = rest.find(&needle) {
            let after = &rest[pos + needle.len()..];
            if let Some(end) = after.find(quote) {
                ids.insert(&after[..end]);
            }
            rest = after;
        }
    }
    let text = strip_style_elements(svg);
    let mut out = String::with_capacity(text.len() + 2 * ids.len() * (prefix.len() + 1));
    let mut copied = 0;
    for site in SITES.find_iter(&text) {
        let (_, after) = ID_SITES[site.pattern().as_usize()];
        let start = site.end();
        let Some(len) = text[start..].find(after) else {
            continue;
        };
        if ids.contains(&text[start..start + len]) {
            out.push_str(&text[copied..start]);
            out.push_str(prefix);
            out.push('-');
            copied = start;
        }
    }
    out.push_str(&text[copied..]);
    let (colours, variables) = &*COLOURS;
    colours.replace_all(&out, variables)
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
    let svg = sized(svg.trim());
    let label = crate::escape::attr(alt);
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

/// Lets a wide diagram shrink to the column, but not below 60% of its natural size (beyond that
/// its text would be unreadable on a phone, so the figure scrolls sideways instead). The engines'
/// fixed `width`/`height` attributes are dropped in favour of the `viewBox`.
fn sized(svg: &str) -> String {
    let Some(open_end) = svg.find('>') else {
        return svg.to_string();
    };
    let Some(width) = view_box_width(&svg[..open_end]) else {
        return svg.to_string();
    };
    // Drop `width="…"`, `height="…"` and any `style` on the root element only.
    let mut open = svg[..open_end].to_string();
    for attr in [" width=\"", " height=\"", " style='", " style=\""] {
        if let Some(start) = open.find(attr) {
            let quote = if attr.ends_with('\'') { '\'' } else { '"' };
            let value_start = start + attr.len();
            if let Some(len) = open[value_start..].find(quote) {
                open.replace_range(start..value_start + len + 1, "");
            }
        }
    }
    let min = (width * 0.6).round();
    format!(
        "{open} style=\"width:100%;max-width:{width:.0}px;min-width:{min:.0}px;height:auto\"{}",
        &svg[open_end..]
    )
}

fn view_box_width(open: &str) -> Option<f64> {
    let start = open.find("viewBox=")? + "viewBox=".len();
    let quote = open[start..].chars().next()?;
    let value = &open[start + 1..];
    let end = value.find(quote)?;
    value[..end]
        .split_whitespace()
        .nth(2)?
        .parse()
        .ok()
        .filter(|w: &f64| *w > 0.0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn wide_diagrams_shrink_to_sixty_percent_then_scroll() {
        let out = super::sized("<svg xmlns=\"x\" width=\"1050\" height=\"900\" viewBox=\"-50 -10 1050 900\"><g/></svg>");
        assert_eq!(out, "<svg xmlns=\"x\" viewBox=\"-50 -10 1050 900\" style=\"width:100%;max-width:1050px;min-width:630px;height:auto\"><g/></svg>");
        let pikchr =
            super::sized("<svg xmlns='x' style='font-size:initial;' viewBox=\"0 0 200 100\">");
        assert!(
            pikchr.contains("max-width:200px") && !pikchr.contains("font-size"),
            "{pikchr}"
        );
    }
}
