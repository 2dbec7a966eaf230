//! Build-time syntax highlighting, into short CSS classes: tree-sitter for the common languages
//! ([`tree`]), syntect for the rest.
//!
//! syntect's grammars come from two precompiled dumps loaded once per process: syntect's own, and
//! two-face's (bat's) for what syntect lacks (Terraform, Dockerfile, TOML, nginx, HTTP,
//! TypeScript). Where both have a language, syntect's older grammar is used: it was 25–60% faster
//! on the benchmark corpus, and highlighting is most of a build.
//!
//! Each token's style is resolved at build time in both themes (light and dark), and the pair
//! becomes one class named by its colours (`hl-d73a490f9758300`), so that one HTML serves both
//! themes and [`Highlighter::css`] lists only the pairs the book uses. syntect's own class output names every scope of every token
//! (`<span class="hl-punctuation hl-definition hl-string hl-begin hl-terraform">`) and made code
//! three quarters of a page's bytes. Results are cached by content hash so that `serve`
//! re-highlights only changed blocks.
//!
//! Every block gets a [`budget`] proportional to its size, counted in the engines' own steps; a
//! block that would take more (a line of 80,000 `(`, 200 KB of `[[` on one line) is plain text
//! with a warning, so highlighting costs at most a fixed amount per byte on any machine.

use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use syntect::highlighting::{Color, FontStyle, Highlighter as ThemeHighlighter, Style, Theme};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

mod budget;
mod tree;

use budget::Budget;

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

/// The grammar token a fence's language means (`tf` → `terraform`, `py` → `python`, …).
fn token(lang: &str) -> String {
    let lower = lang.trim().to_ascii_lowercase();
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == lower)
        .map_or(lower.clone(), |(_, real)| (*real).to_string())
}

/// Fence languages that mean "no highlighting" on purpose, so they never warn.
const PLAIN: &[&str] = &["", "text", "txt", "plain", "plaintext", "output", "log"];

/// What a fenced block turned into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Highlighted {
    /// Class-based spans for the block's lines, and the looks they use.
    Html(Arc<str>, Palette),
    /// The language is explicitly plain text.
    Plain,
    /// The language is unknown; the caller renders plain text and warns.
    Unknown,
    /// Highlighting the block would take more work than its size allows (see [`budget`]); the
    /// caller renders plain text and warns.
    OverBudget,
}

/// Why an engine gave no highlighting for a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    /// The engine cannot do it (no grammar, a grammar error): another may.
    Unable,
    /// It would cost more than the block's budget: no engine tries further.
    OverBudget,
}

/// The looks some code uses: a block's, or a page's blocks' together. [`Highlighter::css`] styles
/// exactly a palette, so a build's `highlight.css` is that of the code it holds, whatever the
/// highlighter highlighted for earlier builds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Palette(BTreeSet<Look>);

impl Palette {
    /// Adds `other`'s looks.
    pub fn extend(&mut self, other: &Palette) {
        self.0.extend(other.0.iter().copied());
    }
}

/// How a token looks in the light and the dark theme: colour and font style in each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Look {
    light: (u32, u8),
    dark: (u32, u8),
}

impl Look {
    fn new(light: Style, dark: Style, themes: &Themes) -> Look {
        Look {
            light: (
                rgb(light.foreground, themes.light_bg),
                font_bits(light.font_style),
            ),
            dark: (
                rgb(dark.foreground, themes.dark_bg),
                font_bits(dark.font_style),
            ),
        }
    }

    fn class(self) -> String {
        let mut class = String::with_capacity(19);
        self.class_into(&mut class);
        class
    }

    /// Appends [`Look::class`] (`hl-` and 16 hex digits at most) to `out` without `format!`:
    /// every span of every code block is written through here.
    fn class_into(self, out: &mut String) {
        out.push_str("hl-");
        push_hex(out, self.light.0, 6);
        push_hex(out, u32::from(self.light.1), 1);
        push_hex(out, self.dark.0, 6);
        push_hex(out, u32::from(self.dark.1), 1);
    }
}

/// `value` in lower-case hex, zero-padded to at least `width` digits (`{:0width$x}`).
fn push_hex(out: &mut String, value: u32, width: usize) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let digits = (value.max(1).ilog2() / 4 + 1) as usize;
    for shift in (0..digits.max(width)).rev() {
        out.push(char::from(DIGITS[(value >> (4 * shift) & 0xf) as usize]));
    }
}

/// A colour as `0xRRGGBB`, blended over the theme's background when it is translucent.
fn rgb(color: Color, background: Color) -> u32 {
    let alpha = u32::from(color.a);
    let blend = |c: u8, b: u8| (u32::from(c) * alpha + u32::from(b) * (255 - alpha)) / 255;
    blend(color.r, background.r) << 16
        | blend(color.g, background.g) << 8
        | blend(color.b, background.b)
}

fn font_bits(style: FontStyle) -> u8 {
    u8::from(style.contains(FontStyle::BOLD))
        | u8::from(style.contains(FontStyle::ITALIC)) << 1
        | u8::from(style.contains(FontStyle::UNDERLINE)) << 2
}

/// The two themes and their defaults.
struct Themes {
    light: Theme,
    dark: Theme,
    light_bg: Color,
    dark_bg: Color,
    /// Text in the themes' default colours gets no span.
    plain: Look,
}

impl Themes {
    fn load() -> Themes {
        let themes = two_face::theme::extra();
        let light = themes
            .get(two_face::theme::EmbeddedThemeName::InspiredGithub)
            .clone();
        let dark = themes
            .get(two_face::theme::EmbeddedThemeName::OneHalfDark)
            .clone();
        let background =
            |theme: &Theme, fallback: Color| theme.settings.background.unwrap_or(fallback);
        let light_bg = background(&light, Color::WHITE);
        let dark_bg = background(&dark, Color::BLACK);
        let foreground =
            |theme: &Theme, fallback: Color| theme.settings.foreground.unwrap_or(fallback);
        let plain = Look {
            light: (rgb(foreground(&light, Color::BLACK), light_bg), 0),
            dark: (rgb(foreground(&dark, Color::WHITE), dark_bg), 0),
        };
        Themes {
            light,
            dark,
            light_bg,
            dark_bg,
            plain,
        }
    }
}

/// A highlighted block: its HTML and the looks it uses.
type Block = (Arc<str>, Palette);

/// Decompresses one of syntect's precompiled grammar sets.
type LoadSet = fn() -> SyntaxSet;

/// Owns the syntax set, the themes, the looks used so far and a cache of highlighted blocks.
pub struct Highlighter {
    /// syntect's own grammars: 25–60% faster than bat's newer ones for the languages both have.
    /// Loaded on first use, like `extras`: decompressing the two dumps is ~15 ms of CPU, and a
    /// book whose code is all in [`tree`]'s languages never needs either.
    syntaxes: OnceLock<SyntaxSet>,
    /// two-face's (bat's) grammars, for the languages syntect lacks (Terraform, Dockerfile, …).
    extras: OnceLock<SyntaxSet>,
    themes: Themes,
    /// Highlighted blocks and their looks by hash; `None` for a one-off build, which highlights
    /// each block once.
    cache: Option<Mutex<HashMap<u64, Block>>>,
    /// The look of each tree-sitter capture ([`tree::CAPTURES`]), from the same themes.
    capture_looks: Vec<Look>,
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
    /// Loads the themes (a few milliseconds; do it once). The grammars are loaded when a block
    /// first needs them.
    pub fn new() -> Self {
        let themes = Themes::load();
        let light = ThemeHighlighter::new(&themes.light);
        let dark = ThemeHighlighter::new(&themes.dark);
        let capture_looks = tree::CAPTURES
            .iter()
            .map(|(_, scope)| {
                let stack = Scope::new(scope)
                    .map(|scope| vec![scope])
                    .unwrap_or_default();
                Look::new(
                    light.style_for_stack(&stack),
                    dark.style_for_stack(&stack),
                    &themes,
                )
            })
            .collect();
        Highlighter {
            syntaxes: OnceLock::new(),
            extras: OnceLock::new(),
            themes,
            cache: Some(Mutex::new(HashMap::new())),
            capture_looks,
        }
    }

    /// A highlighter that keeps no blocks (for `build` and `check`).
    pub fn uncached() -> Self {
        Highlighter {
            cache: None,
            ..Highlighter::new()
        }
    }

    /// The highlighting CSS: light by default, dark under `[data-theme="dark"]` and under the
    /// system's dark preference unless the reader picked light; every colour at least 4.5:1 on
    /// the code background. Covers exactly the looks of `palette`.
    pub fn css(&self, palette: &Palette) -> String {
        let used: Vec<Look> = palette.0.iter().copied().collect();
        css_for(&used, self.themes.plain)
    }

    /// The grammar for `token` ([`token`]) and the set it belongs to (a grammar may include
    /// others of its set).
    fn syntax(&self, token: &str) -> Option<(&SyntaxSet, &SyntaxReference)> {
        let syntaxes: [(&OnceLock<SyntaxSet>, LoadSet); 2] = [
            (&self.syntaxes, SyntaxSet::load_defaults_newlines),
            (&self.extras, two_face::syntax::extra_newlines),
        ];
        syntaxes.into_iter().find_map(|(set, load)| {
            let set = set.get_or_init(load);
            set.find_syntax_by_token(token)
                .or_else(|| set.find_syntax_by_extension(token))
                .map(|syntax| (set, syntax))
        })
    }

    /// Compiles, in parallel, the tree-sitter grammars that fences in `langs` will need, so that
    /// no thread parsing pages waits for another to finish compiling one (Rust's query alone
    /// is ~30 ms); languages tree-sitter does not do are ignored.
    pub fn prepare<'l>(&self, langs: impl IntoIterator<Item = &'l str>) {
        use rayon::prelude::*;
        let mut tokens: Vec<String> = langs
            .into_iter()
            .map(token)
            .filter(|token| tree::handles(token))
            .collect();
        tokens.sort();
        tokens.dedup();
        tokens.par_iter().for_each(|token| tree::prepare(token));
    }

    /// Whether `lang` would be highlighted.
    pub fn knows(&self, lang: &str) -> bool {
        let token = token(lang);
        tree::handles(&token) || self.syntax(&token).is_some()
    }

    /// Highlights `code` written in `lang`.
    pub fn highlight(&self, lang: &str, code: &str) -> Highlighted {
        self.highlight_counted(lang, code).0
    }

    /// [`Highlighter::highlight`], and the budget units it spent (the cost tests compare these).
    fn highlight_counted(&self, lang: &str, code: &str) -> (Highlighted, u64) {
        // No alias maps to a plain-text name, so the token answers both questions.
        let token = token(lang);
        if PLAIN.contains(&token.as_str()) {
            return (Highlighted::Plain, 0);
        }
        let mut budget = Budget::for_block(code);
        let highlighted = match self.highlight_within(&token, code, &mut budget) {
            Ok(Some((html, palette))) => Highlighted::Html(html, palette),
            Ok(None) | Err(Failure::Unable) => Highlighted::Unknown,
            Err(Failure::OverBudget) => Highlighted::OverBudget,
        };
        (highlighted, budget.spent())
    }

    /// tree-sitter when it does the language, else syntect; `Ok(None)` when neither knows it.
    fn highlight_within(
        &self,
        token: &str,
        code: &str,
        budget: &mut Budget,
    ) -> Result<Option<Block>, Failure> {
        // The grammar's name keys the cache (tree-sitter's languages by their token), so that a
        // block in another language with the same text is not taken for this one.
        let key = |grammar: &str| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            grammar.hash(&mut hasher);
            code.hash(&mut hasher);
            hasher.finish()
        };
        let mut done = None;
        if tree::handles(token) {
            let key = key(token);
            if let Some(hit) = self.cached(key) {
                return Ok(Some(hit));
            }
            match self.tree_html(token, code, budget) {
                Ok(html) => done = Some((key, html)),
                Err(Failure::OverBudget) => return Err(Failure::OverBudget),
                Err(Failure::Unable) => {}
            }
        }
        // syntect's grammars are touched only when tree-sitter does not do this block.
        let (key, (html, used)) = match done {
            Some(done) => done,
            None => {
                let Some((set, syntax)) = self.syntax(token) else {
                    return Ok(None);
                };
                let key = key(&syntax.name);
                if let Some(hit) = self.cached(key) {
                    return Ok(Some(hit));
                }
                budget.spend_on_lines(code)?;
                // A grammar that fails on a line (syntect reports, never panics) means plain
                // text.
                (key, self.to_html(set, syntax, code).ok_or(Failure::Unable)?)
            }
        };
        let html: Arc<str> = Arc::from(html);
        let palette = Palette(used);
        if let Some(cache) = &self.cache {
            crate::sync::lock(cache).insert(key, (Arc::clone(&html), palette.clone()));
        }
        Ok(Some((html, palette)))
    }

    /// The block cached under `key`, in `serve`.
    fn cached(&self, key: u64) -> Option<Block> {
        crate::sync::lock(self.cache.as_ref()?).get(&key).cloned()
    }

    /// tree-sitter's highlighting of `code` ([`tree`]), in the same classes as syntect's.
    fn tree_html(
        &self,
        token: &str,
        code: &str,
        budget: &mut Budget,
    ) -> Result<(String, BTreeSet<Look>), Failure> {
        let mut out = Spans::new(self.themes.plain, code.len());
        tree::highlight(token, code, budget, |capture, text| {
            let look = capture
                .and_then(|idx| self.capture_looks.get(idx).copied())
                .unwrap_or(self.themes.plain);
            out.push(look, text);
        })?;
        Ok(out.finish())
    }

    /// Parses once and styles every token in both themes; the spans of equal looks are merged.
    ///
    /// A token's look depends only on its scope stack, and the same stacks recur all through a
    /// book, so looks are remembered per stack (per thread): resolving theme selectors for every
    /// token in two themes cost as much as parsing.
    fn to_html(
        &self,
        set: &SyntaxSet,
        syntax: &SyntaxReference,
        code: &str,
    ) -> Option<(String, BTreeSet<Look>)> {
        let themes = &self.themes;
        let light = ThemeHighlighter::new(&themes.light);
        let dark = ThemeHighlighter::new(&themes.dark);
        let mut parser = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut out = Spans::new(themes.plain, code.len());
        LOOKS.with(|looks| {
            let mut looks = looks.borrow_mut();
            let mut look_of = |stack: &ScopeStack| {
                let scopes = stack.as_slice();
                if let Some(look) = looks.get(scopes) {
                    return *look;
                }
                let look = Look::new(
                    light.style_for_stack(scopes),
                    dark.style_for_stack(scopes),
                    themes,
                );
                looks.insert(scopes.to_vec(), look);
                look
            };
            for line in LinesWithEndings::from(code) {
                let ops = parser.parse_line(line, set).ok()?;
                let mut pos = 0;
                for (at, op) in &ops {
                    let at = (*at).min(line.len());
                    if at > pos {
                        out.push(look_of(&stack), &line[pos..at]);
                        pos = at;
                    }
                    stack.apply(op).ok()?;
                }
                if pos < line.len() {
                    out.push(look_of(&stack), &line[pos..]);
                }
            }
            Some(())
        })?;
        Some(out.finish())
    }
}

thread_local! {
    /// Looks by scope stack: a memo of a pure function, since both themes are built in (the same
    /// for the whole process). Per thread, so no lock; whichever thread fills an entry first, it
    /// holds the same look, so no output depends on which thread highlighted what.
    static LOOKS: std::cell::RefCell<HashMap<Vec<Scope>, Look>> =
        std::cell::RefCell::new(HashMap::new());
}

/// HTML of highlighted text: a span per run of one look, none for the plain look.
struct Spans {
    html: String,
    plain: Look,
    current: Look,
    run: String,
    used: BTreeSet<Look>,
}

impl Spans {
    fn new(plain: Look, capacity: usize) -> Spans {
        Spans {
            html: String::with_capacity(capacity * 2),
            plain,
            current: plain,
            run: String::new(),
            used: BTreeSet::new(),
        }
    }

    fn push(&mut self, look: Look, text: &str) {
        if text.is_empty() {
            return;
        }
        // Whitespace looks the same in every colour: it joins the run it is in.
        if look != self.current && !text.trim().is_empty() {
            self.flush();
            self.current = look;
        }
        self.run.push_str(text);
    }

    fn flush(&mut self) {
        if self.run.is_empty() {
            return;
        }
        if self.current == self.plain {
            crate::escape::text_into(&mut self.html, &self.run);
        } else {
            self.used.insert(self.current);
            self.html.push_str("<span class=\"");
            self.current.class_into(&mut self.html);
            self.html.push_str("\">");
            crate::escape::text_into(&mut self.html, &self.run);
            self.html.push_str("</span>");
        }
        self.run.clear();
    }

    fn finish(mut self) -> (String, BTreeSet<Look>) {
        self.flush();
        self.html.shrink_to_fit();
        (self.html, self.used)
    }
}

/// CSS for `looks`, plus the default text colours of code blocks.
fn css_for(looks: &[Look], plain: Look) -> String {
    let rule = |selector: &str, (color, font): (u32, u8), background: (u8, u8, u8)| {
        let (r, g, b) = readable(
            ((color >> 16) as u8, (color >> 8) as u8, color as u8),
            background,
        );
        format!(
            "{selector} {{ color: #{r:02x}{g:02x}{b:02x}; font-weight: {}; font-style: {}; text-decoration: {}; }}\n",
            if font & 1 != 0 { "bold" } else { "normal" },
            if font & 2 != 0 { "italic" } else { "normal" },
            if font & 4 != 0 { "underline" } else { "none" },
        )
    };
    let mut light = rule("pre.code code", plain.light, LIGHT_CODE_BG);
    let mut dark = rule("pre.code code", plain.dark, DARK_CODE_BG);
    for look in looks {
        let class = format!(".{}", look.class());
        light.push_str(&rule(&class, look.light, LIGHT_CODE_BG));
        dark.push_str(&rule(&class, look.dark, DARK_CODE_BG));
    }
    // Dark on screens only: paper is white whatever the system theme.
    let mut out = light;
    out.push_str("@media screen {\n");
    out.push_str(&scope(&dark, "[data-theme=\"dark\"]"));
    out.push_str("}\n@media screen and (prefers-color-scheme: dark) {\n");
    out.push_str(&scope(&dark, ":root:not([data-theme=\"light\"])"));
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
/// teals are about 3:1): move a colour towards black or white until it reaches 4.5:1.
fn readable(mut color: (u8, u8, u8), background: (u8, u8, u8)) -> (u8, u8, u8) {
    let towards: f64 = if luminance(background) > 0.5 {
        0.0
    } else {
        255.0
    };
    let mut steps = 0;
    while contrast(color, background) < MIN_CONTRAST && steps < 40 {
        let step = |c: u8| (f64::from(c) + (towards - f64::from(c)) * 0.1).round() as u8;
        color = (step(color.0), step(color.1), step(color.2));
        steps += 1;
    }
    color
}

/// `css` (one rule a line) with every rule's selector under `prefix`.
fn scope(css: &str, prefix: &str) -> String {
    css.lines()
        .map(|rule| format!("{prefix} {rule}\n"))
        .collect()
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
        let Highlighted::Html(html, _) =
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

    /// The CSS for a block in each of several languages.
    fn used_css() -> String {
        let highlighter = Highlighter::new();
        let mut palette = Palette::default();
        for (lang, code) in [
            (
                "python",
                "def f(x):\n    # 주석\n    return \"문자열\" + str(42)\n",
            ),
            ("rust", "fn main() { let x: u32 = 1; println!(\"{x}\"); }\n"),
            (
                "hcl",
                "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\" # note\n}\n",
            ),
            (
                "yaml",
                "apiVersion: v1\nkind: Pod # c\nspec:\n  replicas: 3\n",
            ),
            ("bash", "for f in *.md; do echo \"$f\"; done\n"),
            ("json", "{\"a\": [1, true, null]}\n"),
        ] {
            let Highlighted::Html(_, used) = highlighter.highlight(lang, code) else {
                panic!("{lang} should highlight")
            };
            palette.extend(&used);
        }
        highlighter.css(&palette)
    }

    #[test]
    fn every_token_colour_meets_wcag_aa_on_its_background() {
        let css = used_css();
        let (light, dark) = css.split_once("[data-theme=\"dark\"]").unwrap();
        let mut checked = 0;
        for (part, background) in [(light, LIGHT_CODE_BG), (dark, DARK_CODE_BG)] {
            for hex in part.split("color: #").skip(1).map(|rest| &rest[..6]) {
                let value = u32::from_str_radix(hex, 16).unwrap();
                let color = ((value >> 16) as u8, (value >> 8) as u8, value as u8);
                assert!(
                    contrast(color, background) >= MIN_CONTRAST,
                    "#{hex} is too faint"
                );
                checked += 1;
            }
        }
        assert!(checked > 20, "only {checked} colours");
    }

    #[test]
    fn css_has_both_palettes_and_a_rule_for_every_class_used() {
        let highlighter = Highlighter::new();
        let Highlighted::Html(html, palette) =
            highlighter.highlight("python", "def f():\n    return 1\n")
        else {
            panic!("python should highlight")
        };
        let css = highlighter.css(&palette);
        assert!(css.contains("[data-theme=\"dark\"] .hl-"));
        assert!(css.contains("prefers-color-scheme: dark"));
        let classes: Vec<&str> = classes_of(&html).collect();
        assert!(classes.len() >= 2, "{html}");
        for class in classes {
            assert!(css.contains(&format!(".{class} {{")), "no rule for {class}");
        }
    }

    #[test]
    fn one_span_per_run_of_one_look_and_text_kept_exactly() {
        let highlighter = Highlighter::new();
        let code = "x = \"a < b && c\"  # 설명\nprint(x)\n";
        let Highlighted::Html(html, _) = highlighter.highlight("python", code) else {
            panic!("python should highlight")
        };
        assert!(
            !html.contains("<span class=\"hl-source"),
            "no scope chains: {html}"
        );
        assert_eq!(text_of(&html), code);
    }

    #[test]
    fn classes_are_the_formatted_colours() {
        for (light, dark) in [
            ((0x000000, 0), (0x000000, 0)),
            ((0xd73a49, 0), (0xf97583, 1)),
            ((0x0000ff, 7), (0xffffff, 4)),
            ((0x123456, 15), (0xabcdef, 2)),
        ] {
            let look = Look { light, dark };
            let expected = format!("hl-{:06x}{:x}{:06x}{:x}", light.0, light.1, dark.0, dark.1);
            assert_eq!(look.class(), expected);
        }
    }

    /// The class of every element in highlighted HTML, in order.
    fn classes_of(html: &str) -> impl Iterator<Item = &str> {
        html.split("class=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
    }

    /// The text of highlighted HTML, unescaped.
    fn text_of(html: &str) -> String {
        html.split('<')
            .map(|piece| piece.split_once('>').map_or(piece, |(_, text)| text))
            .collect::<String>()
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    #[test]
    fn tree_sitter_languages_keep_the_text_and_colour_keywords_strings_and_comments_apart() {
        let highlighter = Highlighter::new();
        for (lang, code) in [
            (
                "python",
                "def f(x):  # 설명\n    return \"a < b\" if x else None\n",
            ),
            (
                "rust",
                "fn main() { // 설명\n    let s = \"a < b\"; if s.is_empty() { return; }\n}\n",
            ),
            (
                "yaml",
                "# 설명\nkind: Pod\nspec:\n  enabled: true\n  name: \"a < b\"\n",
            ),
            (
                "bash",
                "# 설명\nif [ -f \"$f\" ]; then echo \"a < b\"; fi\n",
            ),
            ("json", "{\"name\": \"a < b\", \"n\": 3, \"ok\": true}\n"),
            ("hcl", "# 설명\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = \"a < b\"\n  count  = 2\n  tags   = { Name = upper(var.name) }\n}\n"),
        ] {
            assert!(
                tree::highlight(&token(lang), code, &mut Budget::for_block(code), |_, _| {})
                    .is_ok(),
                "{lang} goes through tree-sitter, not the syntect fallback"
            );
            let Highlighted::Html(html, palette) = highlighter.highlight(lang, code) else {
                panic!("{lang} should highlight")
            };
            assert_eq!(text_of(&html), code, "{lang}: {html}");
            let classes: BTreeSet<&str> = classes_of(&html).collect();
            assert!(classes.len() >= 2, "{lang} has {classes:?}: {html}");
            let css = highlighter.css(&palette);
            for class in classes {
                assert!(
                    css.contains(&format!(".{class} {{")),
                    "{lang}: no rule for {class}"
                );
            }
        }
    }

    #[test]
    fn a_capture_looks_like_the_scope_it_stands_for() {
        let highlighter = Highlighter::new();
        let comment = tree::CAPTURES
            .iter()
            .position(|(name, _)| *name == "comment")
            .unwrap();
        // Comments are grey-ish and distinct from plain text in both themes.
        assert_ne!(highlighter.capture_looks[comment], highlighter.themes.plain);
        let keyword = tree::CAPTURES
            .iter()
            .position(|(name, _)| *name == "keyword")
            .unwrap();
        assert_ne!(
            highlighter.capture_looks[keyword],
            highlighter.capture_looks[comment]
        );
    }

    /// Blocks built to make an engine's cost grow with the square of their size, as
    /// a language and the text repeated.
    const QUADRATIC: &[(&str, &str)] = &[
        ("python", "("),
        ("rust", "{[("),
        ("json", "[["),
        ("yaml", "[["),
        ("bash", "$("),
        ("markdown", "[["),
        ("cpp", "<a "),
    ];

    #[test]
    fn blocks_built_to_be_slow_cost_four_times_as_much_at_four_times_the_size() {
        let highlighter = Highlighter::uncached();
        for (lang, unit) in QUADRATIC {
            let cost = |n: usize| highlighter.highlight_counted(lang, &unit.repeat(n));
            let ((_, n), (four_n_result, four_n)) = (cost(5_000), cost(20_000));
            assert!(
                four_n <= 5 * n,
                "{lang} `{unit}`: {n} units for n, {four_n} for 4n"
            );
            assert_eq!(four_n_result, Highlighted::OverBudget, "{lang} `{unit}`");
        }
    }

    #[test]
    fn ordinary_code_is_highlighted_at_any_size() {
        let highlighter = Highlighter::uncached();
        for (lang, code) in [
            (
                "python",
                "def f(x):\n    return [(x + 1) * 2, {\"k\": (3, 4)}]  # 주석\n",
            ),
            (
                "rust",
                "fn f(v: &[u8]) -> Option<(u8, u8)> { Some((v[0], v[1])) }\n",
            ),
            (
                "json",
                "{\"a\": [[1, 2], [3, {\"b\": [4]}]], \"c\": null},\n",
            ),
            (
                "yaml",
                "- name: web\n  ports: [[80, 443], [8080]]\n  env: {A: \"1\"}\n",
            ),
            (
                "cpp",
                "template <typename T> std::vector<T> f(const T& a) { return {a, a}; }\n",
            ),
            (
                "markdown",
                "- [[위키 링크]] 와 [링크](a.md), `코드`와 **강조**\n",
            ),
        ] {
            let cost = |n: usize| {
                let (highlighted, units) = highlighter.highlight_counted(lang, &code.repeat(n));
                assert!(matches!(highlighted, Highlighted::Html(..)), "{lang} ×{n}");
                units
            };
            let (n, four_n) = (cost(500), cost(2_000));
            assert!(four_n <= 5 * n, "{lang}: {n} units for n, {four_n} for 4n");
        }
    }
}
