//! Makes an engine's SVG safe to inline: diagram sources are data, never script.
//!
//! The SVG is parsed (roxmltree) and written out again from the tree, so nothing the engine
//! copied from the source can survive as markup unless it is an element and attribute we allow:
//! elements outside a fixed list of drawing elements are dropped with their children, every
//! `on…` attribute is dropped, links keep only `http(s)`, `mailto` and relative targets, paint
//! and `style` values that could fetch or run something are dropped, and all text and attribute
//! values are escaped again. Filtering source lines instead (`click …`) missed other spellings
//! and the `link` keyword, and a style value could close its attribute and add an element.
//! The result of a disk-cached SVG is sanitised too: the cache lives inside the book, so a
//! pull request can bring its own.

use roxmltree::{Document, Node, NodeType, ParsingOptions};

use super::RenderError;

/// Drawing elements an engine may emit; anything else (script, foreignObject, animate, set,
/// iframe, style…) is dropped with its content.
const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "defs",
    "marker",
    "title",
    "desc",
    "a",
    "stop",
    "linearGradient",
    "radialGradient",
    "clipPath",
    "mask",
    "pattern",
    "symbol",
    "use",
    "image",
];

/// Attributes whose value is a URL.
const LINKS: &[&str] = &["href"];

/// Parses `svg` and writes it back with only safe elements, attributes and values.
pub(super) fn sanitize(svg: &str) -> Result<String, RenderError> {
    let options = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    let document = Document::parse_with_options(svg, options).map_err(|error| RenderError::syntax(format!(
            "the diagram engine produced SVG that does not parse ({error}); simplify the labels or styles"
        ), None))?;
    let root = document.root_element();
    if root.tag_name().name() != "svg" {
        return Err(RenderError::syntax(
            "the diagram engine produced no `<svg>` element",
            None,
        ));
    }
    let mut out = String::with_capacity(svg.len());
    write_element(&mut out, root, true);
    Ok(out)
}

fn write_element(out: &mut String, node: Node<'_, '_>, is_root: bool) {
    let name = node.tag_name().name();
    if !ELEMENTS.contains(&name) {
        return;
    }
    out.push('<');
    out.push_str(name);
    if is_root {
        out.push_str(" xmlns=\"http://www.w3.org/2000/svg\"");
        if node
            .namespaces()
            .any(|ns| ns.uri() == "http://www.w3.org/1999/xlink")
        {
            out.push_str(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"");
        }
    }
    for attribute in node.attributes() {
        let local = attribute.name();
        let qualified = match attribute.namespace() {
            Some("http://www.w3.org/1999/xlink") => format!("xlink:{local}"),
            Some("http://www.w3.org/XML/1998/namespace") => format!("xml:{local}"),
            Some(_) => continue,
            None => local.to_string(),
        };
        if !is_safe_attribute(name, local, attribute.value()) {
            continue;
        }
        out.push(' ');
        out.push_str(&qualified);
        out.push_str("=\"");
        escape_into(out, attribute.value());
        out.push('"');
    }
    if !node.has_children() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for child in node.children() {
        match child.node_type() {
            NodeType::Element => write_element(out, child, false),
            NodeType::Text => escape_into(out, child.text().unwrap_or("")),
            _ => {}
        }
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Whether an attribute may stay: no event handlers, links and paint that cannot run or fetch
/// anything but an image of the diagram's own.
fn is_safe_attribute(element: &str, name: &str, value: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("on") || lower == "attributename" || lower == "values" {
        return false;
    }
    if LINKS.contains(&lower.as_str()) {
        return is_safe_url(value) || (element == "image" && is_raster_data(value));
    }
    is_safe_value(value)
}

/// `http(s)`, `mailto`, in-document and relative URLs; browsers ignore tabs and newlines inside
/// a scheme (`java\tscript:`), so they are removed before looking.
pub(crate) fn is_safe_url(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    let scheme_end = compact.find(':');
    let path_start = compact.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (None, _) => true,
        (Some(colon), Some(path)) if path < colon => true,
        (Some(colon), _) => {
            let scheme = compact[..colon].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
    }
}

fn is_raster_data(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    ["png", "jpeg", "gif", "webp"]
        .iter()
        .any(|kind| lower.starts_with(&format!("data:image/{kind};base64,")))
}

/// A paint or style value that fetches nothing and runs nothing: `url(#id)` only, no CSS
/// escapes that could spell something else, no `expression()`, imports or script URLs.
fn is_safe_value(value: &str) -> bool {
    let lower: String = value
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if lower.contains('\\')
        || lower.contains("expression(")
        || lower.contains("javascript:")
        || lower.contains('@')
        || lower.contains('<')
    {
        return false;
    }
    let mut rest = lower.as_str();
    while let Some(pos) = rest.find("url(") {
        let target = rest[pos + 4..].trim_start_matches(['"', '\'']);
        if !target.starts_with('#') {
            return false;
        }
        rest = &rest[pos + 4..];
    }
    true
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[track_caller]
    fn check(svg: &str, expected: &str) {
        assert_eq!(sanitize(svg).unwrap(), expected);
    }

    #[test]
    fn handlers_scripts_and_script_links_are_dropped() {
        check(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(1)</script><a href=\"JaVa\tScRiPt:alert(1)\"><rect ONCLICK=\"x\" fill=\"red\"/></a></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><a><rect fill=\"red\"/></a></svg>",
        );
    }

    #[test]
    fn web_and_relative_links_stay() {
        check(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><a href=\"https://example.com/?a=1&amp;b=2\" xlink:href=\"../x.html#y\">t</a></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"><a href=\"https://example.com/?a=1&amp;b=2\" xlink:href=\"../x.html#y\">t</a></svg>",
        );
    }

    #[test]
    fn style_values_that_fetch_are_dropped() {
        check(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect style=\"fill:url(https://x/y)\" fill=\"url(#g)\" stroke=\"u\\72l(x)\"/></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect fill=\"url(#g)\"/></svg>",
        );
    }

    #[test]
    fn text_is_escaped_again_and_malformed_svg_is_an_error() {
        check(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>a &lt;b&gt; &amp; c</text></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>a &lt;b&gt; &amp; c</text></svg>",
        );
        assert!(sanitize("<svg><rect fill=\"a\"\"/></svg>").is_err());
    }
}
