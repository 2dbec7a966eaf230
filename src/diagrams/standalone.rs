//! Each diagram also as a file of its own (`figures/<key>.svg`), linked from under its figure as
//! "크게 보기": on a phone that is one tap to the diagram alone, full screen, where the browser's
//! own pinch zoom works, with no JavaScript. The file takes its colours from the site's
//! stylesheet (the same theme variables as the inline copy, light and dark) and keeps the
//! engine's natural size.

use super::{svg, Engine};
use crate::output::Claim;

/// The folder of the standalone copies (`publish` writes them out).
pub const CLAIMS: &[Claim] = &[FIGURES];

const FIGURES: Claim = Claim::folder("figures/", "diagrams as standalone SVG files");

/// Where the standalone copy of the diagram with content key `key` is written, relative to the
/// site root. Keyed by content, so a diagram used on two pages is one file.
pub(super) fn path(key: u64) -> String {
    format!("{}{key:016x}.svg", FIGURES.path())
}

/// The standalone SVG document for an engine's output.
pub(super) fn document(engine_svg: &str, engine: Engine) -> String {
    let svg = svg::prefix_ids(engine_svg.trim(), "f");
    let own_style = match engine {
        // The inline copy gets these from `.diagram-pikchr svg` in style.css.
        Engine::Pikchr => "svg{font-size:15px}text{fill:var(--dg-text)}",
        Engine::Mermaid => "",
    };
    let style = format!(
        "<style>svg{{font-family:var(--font-sans);background:var(--dg-bg)}}{own_style}</style>"
    );
    let body = match svg.find('>') {
        Some(open_end) if svg.starts_with("<svg") => {
            format!("{}{style}{}", &svg[..=open_end], &svg[open_end + 1..])
        }
        _ => svg,
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?xml-stylesheet type=\"text/css\" href=\"../static/style.css\"?>\n{body}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_standalone_figure_links_the_theme_and_keeps_its_svg() {
        let doc = document(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><text>가</text></svg>",
            Engine::Pikchr,
        );
        assert!(doc.starts_with("<?xml version"), "{doc}");
        assert!(doc.contains("href=\"../static/style.css\""), "{doc}");
        assert!(
            doc.contains("viewBox=\"0 0 10 10\"><style>svg{font-family:var(--font-sans)"),
            "{doc}"
        );
        assert!(doc.contains("<text>가</text>"), "{doc}");
        assert_eq!(path(0xab), "figures/00000000000000ab.svg");
    }
}
