//! Build-time syntax highlighting with syntect, into CSS classes.
//!
//! The syntax set is two-face's precompiled dump (bat's grammars: syntect's defaults plus Terraform,
//! Dockerfile, TOML, nginx, HTTP, TypeScript), loaded once per process. Output uses `hl-` prefixed
//! classes so that one HTML serves both the light and the dark theme; [`Highlighter::css`] emits both
//! palettes. Results are cached by content hash so that `serve` re-highlights only changed blocks.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Languages written in fences that syntect knows under another token.
const ALIASES: &[(&str, &str)] = &[
    ("hcl", "terraform"),
    ("tf", "terraform"),
    ("terraform", "terraform"),
    ("shell", "bash"),
    ("sh", "bash"),
    ("zsh", "bash"),
    ("console", "bash"),
    ("yml", "yaml"),
    ("js", "javascript"),
    ("ts", "typescript"),
    ("py", "python"),
    ("docker", "dockerfile"),
    ("golang", "go"),
    ("jsonc", "json"),
    ("postgresql", "sql"),
    ("psql", "sql"),
];

/// Fence languages that mean "no highlighting" on purpose, so they never warn.
const PLAIN: &[&str] = &["", "text", "txt", "plain", "plaintext", "output", "log"];

/// What a fenced block turned into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Highlighted {
    /// Class-based spans for the block's lines.
    Html(Arc<str>),
    /// The language is explicitly plain text.
    Plain,
    /// The language is unknown; the caller renders plain text and warns.
    Unknown,
}

/// Owns the syntax set and a cache of highlighted blocks.
pub struct Highlighter {
    syntaxes: SyntaxSet,
    /// Highlighted blocks by hash; `None` for a one-off build, which highlights each block once.
    cache: Option<Mutex<HashMap<u64, Arc<str>>>>,
    /// [`css`], made on first use: it never changes, and making it costs a few milliseconds of
    /// every `serve` rebuild otherwise.
    css: std::sync::OnceLock<String>,
}

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Highlighter").finish_non_exhaustive()
    }
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl Highlighter {
    /// Loads the precompiled syntax dump (a few milliseconds; do it once).
    pub fn new() -> Self {
        Highlighter {
            syntaxes: two_face::syntax::extra_newlines(),
            cache: Some(Mutex::new(HashMap::new())),
            css: std::sync::OnceLock::new(),
        }
    }

    /// A highlighter that keeps nothing (for `build` and `check`).
    pub fn uncached() -> Self {
        Highlighter {
            cache: None,
            ..Highlighter::new()
        }
    }

    /// The highlighting CSS ([`css`]), made once per highlighter.
    pub fn css(&self) -> &str {
        self.css.get_or_init(css)
    }

    fn syntax(&self, lang: &str) -> Option<&SyntaxReference> {
        let lower = lang.to_ascii_lowercase();
        let token = ALIASES
            .iter()
            .find(|(alias, _)| *alias == lower)
            .map_or(lower.as_str(), |(_, real)| real);
        self.syntaxes
            .find_syntax_by_token(token)
            .or_else(|| self.syntaxes.find_syntax_by_extension(token))
    }

    /// Whether `lang` would be highlighted.
    pub fn knows(&self, lang: &str) -> bool {
        self.syntax(lang).is_some()
    }

    /// Highlights `code` written in `lang`.
    pub fn highlight(&self, lang: &str, code: &str) -> Highlighted {
        let lang = lang.trim();
        if PLAIN.contains(&lang.to_ascii_lowercase().as_str()) {
            return Highlighted::Plain;
        }
        let Some(syntax) = self.syntax(lang) else {
            return Highlighted::Unknown;
        };
        let key = {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            syntax.name.hash(&mut hasher);
            code.hash(&mut hasher);
            hasher.finish()
        };
        if let Some(hit) = self
            .cache
            .as_ref()
            .and_then(|cache| cache.lock().ok())
            .and_then(|cache| cache.get(&key).cloned())
        {
            return Highlighted::Html(hit);
        }
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            // A grammar that fails on a line (syntect reports, never panics) falls back to plain text.
            if generator
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                return Highlighted::Unknown;
            }
        }
        let html: Arc<str> = Arc::from(generator.finalize());
        if let Some(Ok(mut cache)) = self.cache.as_ref().map(Mutex::lock) {
            cache.insert(key, Arc::clone(&html));
        }
        Highlighted::Html(html)
    }
}

/// CSS for both palettes: light by default, dark under `[data-theme="dark"]` and under the system's
/// dark preference unless the reader picked light.
pub fn css() -> String {
    let themes = two_face::theme::extra();
    let light = themes.get(two_face::theme::EmbeddedThemeName::InspiredGithub);
    let dark = themes.get(two_face::theme::EmbeddedThemeName::OneHalfDark);
    let light_css = css_for_theme_with_class_style(light, CLASS_STYLE).unwrap_or_default();
    let dark_css = css_for_theme_with_class_style(dark, CLASS_STYLE).unwrap_or_default();
    let light_css = ensure_contrast(&strip_backgrounds(&light_css), LIGHT_CODE_BG);
    let dark_css = ensure_contrast(&strip_backgrounds(&dark_css), DARK_CODE_BG);
    let mut out = light_css;
    out.push_str(&scope(&dark_css, "[data-theme=\"dark\"]"));
    out.push_str("@media (prefers-color-scheme: dark) {\n");
    out.push_str(&scope(&dark_css, ":root:not([data-theme=\"light\"])"));
    out.push_str("}\n");
    out
}

/// The code block backgrounds of the site theme (`--bg-code` in style.css).
const LIGHT_CODE_BG: (u8, u8, u8) = (0xf6, 0xf8, 0xfa);
const DARK_CODE_BG: (u8, u8, u8) = (0x16, 0x1b, 0x22);

/// WCAG AA for normal text.
const MIN_CONTRAST: f64 = 4.5;

fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// WCAG contrast ratio of two colours.
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Bundled themes have token colours too faint for their background (InspiredGitHub's greens and
/// teals are about 3:1): move each colour towards black or white until it reaches 4.5:1.
fn ensure_contrast(css: &str, background: (u8, u8, u8)) -> String {
    let towards: f64 = if luminance(background) > 0.5 {
        0.0
    } else {
        255.0
    };
    let mut out = String::with_capacity(css.len());
    for line in css.lines() {
        let fixed = line
            .trim()
            .strip_prefix("color: #")
            .and_then(|rest| rest.strip_suffix(';'))
            .filter(|hex| hex.len() == 6)
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .map(|value| {
                let mut color = ((value >> 16) as u8, (value >> 8) as u8, value as u8);
                let mut steps = 0;
                while contrast(color, background) < MIN_CONTRAST && steps < 40 {
                    let step =
                        |c: u8| (f64::from(c) + (towards - f64::from(c)) * 0.1).round() as u8;
                    color = (step(color.0), step(color.1), step(color.2));
                    steps += 1;
                }
                format!(" color: #{:02x}{:02x}{:02x};", color.0, color.1, color.2)
            });
        out.push_str(fixed.as_deref().unwrap_or(line));
        out.push('\n');
    }
    out
}

/// The code background comes from the site theme, so that blocks match the page in both modes.
fn strip_backgrounds(css: &str) -> String {
    css.lines()
        .filter(|line| !line.trim_start().starts_with("background-color"))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn scope(css: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    for line in css.lines() {
        if let Some(selectors) = line.strip_suffix(" {").filter(|s| s.starts_with('.')) {
            let scoped: Vec<String> = selectors
                .split(", ")
                .map(|s| format!("{prefix} {s}"))
                .collect();
            out.push_str(&scoped.join(", "));
            out.push_str(" {\n");
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_languages_are_known() {
        let highlighter = Highlighter::new();
        for lang in [
            "python",
            "rust",
            "go",
            "java",
            "javascript",
            "typescript",
            "bash",
            "yaml",
            "json",
            "toml",
            "hcl",
            "terraform",
            "sql",
            "dockerfile",
            "nginx",
            "http",
        ] {
            assert!(highlighter.knows(lang), "no grammar for {lang}");
        }
    }

    #[test]
    fn hcl_gets_classes() {
        let highlighter = Highlighter::new();
        let Highlighted::Html(html) =
            highlighter.highlight("hcl", "resource \"aws_s3_bucket\" \"b\" {}\n")
        else {
            panic!("hcl should highlight")
        };
        assert!(html.contains("class=\"hl-"), "{html}");
    }

    #[test]
    fn unknown_and_plain_are_told_apart() {
        let highlighter = Highlighter::new();
        assert_eq!(highlighter.highlight("text", "x"), Highlighted::Plain);
        assert_eq!(highlighter.highlight("klingon", "x"), Highlighted::Unknown);
    }

    #[test]
    fn every_token_colour_meets_wcag_aa_on_its_background() {
        let css = css();
        let (light, dark) = css.split_once("[data-theme=\"dark\"]").unwrap();
        for (part, background) in [(light, LIGHT_CODE_BG), (dark, DARK_CODE_BG)] {
            for hex in part
                .lines()
                .filter_map(|l| l.trim().strip_prefix("color: #"))
                .map(|h| h.trim_end_matches(';'))
            {
                let value = u32::from_str_radix(hex, 16).unwrap();
                let color = ((value >> 16) as u8, (value >> 8) as u8, value as u8);
                assert!(
                    contrast(color, background) >= MIN_CONTRAST,
                    "#{hex} is too faint"
                );
            }
        }
    }

    #[test]
    fn css_has_both_palettes() {
        let css = css();
        assert!(css.contains("[data-theme=\"dark\"] .hl-"));
        assert!(css.contains("prefers-color-scheme: dark"));
    }
}
