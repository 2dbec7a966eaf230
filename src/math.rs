//! LaTeX math to MathML at build time, with pulldown-latex: no JavaScript, and it prints.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{push_mathml, Parser, RenderConfig, Storage};

/// Renders `latex` to a `<math>` element, or returns the parser's complaint.
pub fn render(latex: &str, display: bool) -> Result<String, String> {
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
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        annotation: Some(latex),
        ..RenderConfig::default()
    };
    let mut html = String::new();
    push_mathml(&mut html, events.into_iter(), config).map_err(|error| error.to_string())?;
    Ok(html)
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
}
