//! The files a published site needs besides its pages: theme assets, highlight CSS, each diagram
//! as a standalone SVG (`figures/`, claimed by `diagrams`, which names them), `.nojekyll`,
//! `CNAME`, and flashcard exports (`deck`'s, which claims them). (The offline files of a disk
//! build are `offline`'s; the sitemap, feed and robots.txt have templates, so `render` makes and
//! claims them.)

use std::path::PathBuf;

use crate::content::Asset;
use crate::highlight::Highlighter;
use crate::output::{Claim, Namespace, Output, Owner};
use crate::render::Input;
use crate::site::Copy;

/// Theme files built into the binary; a file of the same name in the book's `theme/static/`
/// replaces one.
const BUILTIN_STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../theme/static/style.css")),
    ("site.js", include_bytes!("../theme/static/site.js")),
    ("search.js", include_bytes!("../theme/static/search.js")),
    ("review.js", include_bytes!("../theme/static/review.js")),
    ("study.js", include_bytes!("../theme/static/study.js")),
    (
        "interview.js",
        include_bytes!("../theme/static/interview.js"),
    ),
    ("fsrs.js", include_bytes!("../theme/static/fsrs.js")),
    (
        "fsrs.LICENSE.txt",
        include_bytes!("../theme/static/fsrs.LICENSE.txt"),
    ),
    ("favicon.svg", include_bytes!("../theme/static/favicon.svg")),
    ("social.svg", include_bytes!("../theme/static/social.svg")),
    // Social networks do not show SVG previews; the PNG is the same picture rendered once.
    ("social.png", include_bytes!("../theme/static/social.png")),
    // Installable square icons (the manifest's "any" and "maskable", and iOS's home screen), the
    // favicon rendered once by Chromium: a browser wants PNGs here, not the SVG.
    (
        "icon-192.png",
        include_bytes!("../theme/static/icon-192.png"),
    ),
    (
        "icon-512.png",
        include_bytes!("../theme/static/icon-512.png"),
    ),
    (
        "icon-maskable-512.png",
        include_bytes!("../theme/static/icon-maskable-512.png"),
    ),
    (
        "apple-touch-icon.png",
        include_bytes!("../theme/static/apple-touch-icon.png"),
    ),
];

const HIGHLIGHT_CSS: Claim = Claim::file("static/highlight.css", "highlighting stylesheet");
const NOJEKYLL: Claim = Claim::file(".nojekyll", "GitHub Pages marker `.nojekyll`");
const CNAME: Claim = Claim::file("CNAME", "GitHub Pages `CNAME` (from `[site] cname`)");

/// Claims what [`files`] and [`copies`] write themselves: the built-in statics (a book's
/// `theme/static/` file of the same name replaces one, by design), `highlight.css`, `.nojekyll`,
/// `CNAME` (with `[site] cname`), then the content assets.
pub fn claim(config: &crate::config::Config, assets: &[Asset], namespace: &mut Namespace) {
    for (name, _) in BUILTIN_STATIC {
        namespace.claim(&static_path(name), Owner::Generated("built-in theme file"));
    }
    namespace.declare(&[HIGHLIGHT_CSS, NOJEKYLL]);
    if config.cname.is_some() {
        namespace.declare(&[CNAME]);
    }
    for copy in theme_statics(config).0 {
        namespace.override_static(&copy.to, copy.from);
    }
    for asset in assets {
        namespace.claim(&asset.rel_path, Owner::Asset(asset.path.clone()));
    }
}

/// Where a theme file (built in, or the book's) is published.
fn static_path(name: &str) -> String {
    format!("static/{name}")
}

/// The `?v=` that pages put after the theme's stylesheets and scripts, so that a browser fetches
/// them again when they change: a hash of what `static/` publishes (the book's own files where
/// it has them, the built-in ones otherwise) and of the highlighting CSS.
pub fn asset_version(config: &crate::config::Config, highlight_css: &str) -> String {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    let overrides = theme_statics(config).0;
    for copy in &overrides {
        hasher.write(copy.to.as_bytes());
        hasher.write(&std::fs::read(&copy.from).unwrap_or_default());
    }
    for (name, text) in builtins_kept(&overrides) {
        hasher.write(name.as_bytes());
        hasher.write(text);
    }
    hasher.write(highlight_css.as_bytes());
    format!("{:x}", hasher.finish() & 0xffffff)
}

/// `highlight.css` for the code of this build's pages (their palettes together), so that colours
/// of code a page no longer has are not kept (a `Highlighter` outlives builds in `serve`).
pub fn highlight_css(
    highlighter: &Highlighter,
    docs: &crate::page::PageVec<crate::markdown::Doc>,
) -> String {
    let mut palette = crate::highlight::Palette::default();
    for doc in docs {
        palette.extend(&doc.palette);
    }
    highlighter.css(&palette)
}

/// The built-in statics that no accepted file of the book's `theme/static/` replaces (one that
/// was refused, a link out of the book say, replaces nothing: the site still gets a stylesheet).
fn builtins_kept(overrides: &[Copy]) -> impl Iterator<Item = (&'static str, &'static [u8])> + '_ {
    BUILTIN_STATIC.iter().copied().filter(move |(name, _)| {
        !(overrides.iter()).any(|copy| copy.to.strip_prefix("static/") == Some(*name))
    })
}

/// Generated files.
pub fn files(input: &Input<'_>, highlighter: &Highlighter) -> Vec<Output> {
    let config = input.config;
    let mut outputs = Vec::new();
    let overrides = theme_statics(config).0;
    for (name, text) in builtins_kept(&overrides) {
        outputs.push(Output {
            path: static_path(name),
            bytes: text.to_vec(),
        });
    }
    // A book's own `theme/static/highlight.css` replaces the generated one, as its other
    // statics replace the built-in ones (`claim` hands the path to the copy).
    if !overrides.iter().any(|copy| copy.to == HIGHLIGHT_CSS.path()) {
        outputs.push(Output {
            path: HIGHLIGHT_CSS.path().into(),
            bytes: highlight_css(highlighter, input.docs).into_bytes(),
        });
    }
    outputs.extend(input.figures.files.iter().map(|file| Output {
        path: file.path.clone(),
        bytes: file.svg.as_bytes().to_vec(),
    }));
    outputs.push(Output {
        path: NOJEKYLL.path().into(),
        bytes: Vec::new(),
    });
    if let Some(cname) = &config.cname {
        outputs.push(Output {
            path: CNAME.path().into(),
            bytes: format!("{}\n", cname.trim()).into_bytes(),
        });
    }
    outputs.extend(crate::deck::files(input));
    outputs
}

/// The warning for a book published without its address: sitemap, robots.txt and the feed must
/// hold absolute URLs, and without `[site] url` or `--base-url` they would point at `/`. Not for
/// a plain folder of notes (no `book.toml`), which is read where it lies rather than published.
pub fn unaddressed(config: &crate::config::Config) -> Option<crate::diagnostic::Diagnostic> {
    // A preview on the author's machine works with relative links; the warning is for the
    // build that is published (CI), where the sitemap and feed would point at `/`.
    let preview = config.audience == crate::config::Audience::Author;
    if config.base_url.is_some() || config.book_file.is_plain_folder() || preview {
        return None;
    }
    Some(
        crate::diagnostic::Diagnostic::warning(
            "book.toml",
            "`sitemap.xml`, `robots.txt` and `atom.xml` need the site's address, and none is set: their links point at `/`",
        )
        .with_help(
            "set `url` under `[site]` (e.g. `url = \"https://me.github.io/my-book/\"`) or pass `--base-url`; the Pages workflow passes it",
        ),
    )
}

/// Files copied as they are: content assets and the book's own theme statics. A theme static
/// that is a symlink out of the book or not a regular file is left out with a warning.
pub fn copies(
    config: &crate::config::Config,
    assets: &[Asset],
) -> (Vec<Copy>, Vec<crate::diagnostic::Diagnostic>) {
    let mut copies: Vec<Copy> = assets
        .iter()
        .map(|asset| Copy {
            from: asset.path.clone(),
            to: asset.rel_path.clone(),
        })
        .collect();
    let (statics, diagnostics) = theme_statics(config);
    copies.extend(statics);
    (copies, diagnostics)
}

/// The book's own `theme/static/` files. One that is a symlink out of the book or not a
/// regular file is left out with a warning.
fn theme_statics(
    config: &crate::config::Config,
) -> (Vec<Copy>, Vec<crate::diagnostic::Diagnostic>) {
    let mut copies = Vec::new();
    let mut diagnostics = Vec::new();
    let dir = config.theme_dir.join("static");
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut entries: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            let Some(name) = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
            else {
                continue;
            };
            if path.symlink_metadata().is_ok_and(|m| m.is_dir()) {
                continue;
            }
            match crate::source_file::check(&config.root, &path, u64::MAX) {
                Ok(real) => copies.push(Copy {
                    to: static_path(&name),
                    from: real,
                }),
                Err(refusal) => diagnostics
                    .push(refusal.diagnostic(crate::diagnostic::display_path(&config.root, &path))),
            }
        }
    }
    copies.sort_by(|a, b| a.to.cmp(&b.to));
    (copies, diagnostics)
}
