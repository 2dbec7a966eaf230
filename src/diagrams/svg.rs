//! Post-processing rendered SVG for inlining into a page.

use std::collections::HashSet;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::Engine;
use crate::body::Figure;
use crate::i18n::Strings;

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

/// Wraps an SVG in a captioned, horizontally scrollable figure with a link to its standalone
/// file (`file`, relative to the site root): the one-tap, zero-JavaScript way to see a wide
/// diagram full screen and zoom it (site.js opens the same SVG in a zoomable dialog instead).
pub(super) fn figure(
    svg: &str,
    alt: &str,
    engine: Engine,
    file: &str,
    strings: &Strings,
) -> Figure {
    let class = match engine {
        Engine::Mermaid => "mermaid",
        Engine::Pikchr => "pikchr",
    };
    let svg = sized(svg.trim(), engine);
    let label = crate::escape::attr(alt);
    let aria = if alt.trim().is_empty() {
        String::new()
    } else {
        format!(" role=\"img\" aria-label=\"{label}\"")
    };
    let caption = if alt.trim().is_empty() {
        String::new()
    } else {
        format!("<span>{label}</span> ")
    };
    // `tabindex` lets keyboard users scroll a wide diagram on a phone; the hint is shown (by
    // site.js and CSS) only while the figure is wider than its column. The way to the site root
    // goes before `file`: a figure is shared by pages at any depth.
    Figure {
        head: format!(
            "<figure class=\"diagram diagram-{class}\"><div class=\"diagram-scroll\" tabindex=\"0\"{aria}>{svg}</div><p class=\"scroll-hint\" aria-hidden=\"true\">{}</p><figcaption>{caption}<a class=\"diagram-open\" href=\"",
            strings.scroll_sideways
        ),
        file: crate::escape::attr(file),
        tail: format!("\">{}</a></figcaption></figure>\n", strings.enlarge_diagram),
    }
}

/// The smallest label a diagram may show, in CSS px, at any screen width (ARCHITECTURE.md,
/// "Diagrams on small screens").
pub(super) const MIN_LABEL_PX: f64 = 11.0;

/// Lets a wide diagram shrink to the column, but never so far that its smallest label drops
/// under [`MIN_LABEL_PX`]; past that the figure scrolls sideways (with a cue) instead. The
/// engines' fixed `width`/`height` attributes are dropped in favour of the `viewBox`.
fn sized(svg: &str, engine: Engine) -> String {
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
    // A hair over the limit, so that rounding in the browser never lands at 10.99 px.
    let scale = ((MIN_LABEL_PX + 0.1) / smallest_font_px(svg, engine)).min(1.0);
    let min = (width * scale).ceil();
    format!(
        "{open} style=\"width:100%;max-width:{width:.0}px;min-width:{min:.0}px;height:auto\"{}",
        &svg[open_end..]
    )
}

/// The font size text takes in a figure without a `font-size` of its own: Pikchr's comes from
/// the theme (`.diagram-pikchr svg`), Mermaid's is inherited from the page (16 px on a phone).
fn base_font_px(engine: Engine) -> f64 {
    match engine {
        Engine::Pikchr => 15.0,
        Engine::Mermaid => 16.0,
    }
}

/// The smallest font size the SVG asks for, in its own units: `font-size="14"`, `"80%"` (of the
/// base) or `font-size:12px` in a style.
pub(super) fn smallest_font_px(svg: &str, engine: Engine) -> f64 {
    let base = base_font_px(engine);
    let mut smallest = base;
    for needle in ["font-size=\"", "font-size='", "font-size:"] {
        for (at, _) in svg.match_indices(needle) {
            let value = &svg[at + needle.len()..];
            let end = value
                .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '%'))
                .unwrap_or(value.len());
            let number = &value[..end];
            let px = match number.strip_suffix('%') {
                Some(percent) => percent.parse::<f64>().ok().map(|p| base * p / 100.0),
                None => number.parse::<f64>().ok(),
            };
            if let Some(px) = px.filter(|px| *px > 1.0) {
                smallest = smallest.min(px);
            }
        }
    }
    smallest
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
    use super::Engine;

    #[test]
    fn wide_diagrams_shrink_until_the_smallest_label_is_eleven_px_then_scroll() {
        // Text at 14 px may shrink to 11.1/14 of the natural width, and no further.
        let out = super::sized("<svg xmlns=\"x\" width=\"1050\" height=\"900\" viewBox=\"-50 -10 1050 900\"><text font-size=\"14\">a</text></svg>", Engine::Mermaid);
        assert_eq!(out, "<svg xmlns=\"x\" viewBox=\"-50 -10 1050 900\" style=\"width:100%;max-width:1050px;min-width:833px;height:auto\"><text font-size=\"14\">a</text></svg>");
        let pikchr = super::sized(
            "<svg xmlns='x' style='font-size:initial;' viewBox=\"0 0 200 100\">",
            Engine::Pikchr,
        );
        assert!(
            pikchr.contains("max-width:200px") && !pikchr.contains("font-size"),
            "{pikchr}"
        );
    }

    #[test]
    fn smallest_font_reads_attributes_percentages_and_styles() {
        let svg = "<svg><text font-size=\"14\">a</text><text font-size=\"80%\">b</text></svg>";
        assert_eq!(super::smallest_font_px(svg, Engine::Pikchr), 12.0);
        assert_eq!(
            super::smallest_font_px(
                "<svg><text style=\"font-size:13px\">a</text></svg>",
                Engine::Mermaid
            ),
            13.0
        );
        assert_eq!(
            super::smallest_font_px("<svg><text>a</text></svg>", Engine::Pikchr),
            15.0
        );
    }
}
