//! The files a published site needs besides its pages: theme assets, highlight CSS, sitemap,
//! robots.txt, `.nojekyll`, `CNAME`, the Atom feed, and flashcard exports.

use std::path::PathBuf;

use crate::content::{Asset, PageKind};
use crate::highlight::Highlighter;
use crate::output::{Namespace, Output, Owner};
use crate::render::Input;
use crate::site::Copy;

/// Theme files built into the binary; a file of the same name in the book's `theme/static/`
/// replaces one.
const BUILTIN_STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../theme/static/style.css")),
    ("site.js", include_bytes!("../theme/static/site.js")),
    ("search.js", include_bytes!("../theme/static/search.js")),
    ("favicon.svg", include_bytes!("../theme/static/favicon.svg")),
    ("social.svg", include_bytes!("../theme/static/social.svg")),
    // Social networks do not show SVG previews; the PNG is the same picture rendered once.
    ("social.png", include_bytes!("../theme/static/social.png")),
];

/// The fixed files [`files`] writes, with what each is.
fn fixed_files(config: &crate::config::Config) -> Vec<(&'static str, &'static str)> {
    let mut files = vec![
        ("static/highlight.css", "highlighting stylesheet"),
        (".nojekyll", "GitHub Pages marker `.nojekyll`"),
        ("sitemap.xml", "sitemap"),
        ("robots.txt", "robots.txt"),
        ("atom.xml", "Atom feed"),
        ("flashcards.tsv", "flashcard deck"),
        ("questions.json", "question bank"),
    ];
    if config.cname.is_some() {
        files.push(("CNAME", "GitHub Pages `CNAME` (from `[site] cname`)"));
    }
    files
}

/// Claims what [`files`] and [`copies`] write: the built-in statics (a book's `theme/static/`
/// file of the same name replaces one, by design), the fixed files, content assets.
pub fn claim(config: &crate::config::Config, assets: &[Asset], namespace: &mut Namespace) {
    for (name, _) in BUILTIN_STATIC {
        namespace.claim(
            &format!("static/{name}"),
            Owner::Generated("built-in theme file"),
            &config.root,
        );
    }
    for (path, what) in fixed_files(config) {
        namespace.claim(path, Owner::Generated(what), &config.root);
    }
    for copy in theme_statics(config).0 {
        namespace.override_static(&copy.to, copy.from);
    }
    for asset in assets {
        namespace.claim(
            &asset.rel_path,
            Owner::Asset(asset.path.clone()),
            &config.root,
        );
    }
}

/// Generated files.
pub fn files(input: &Input<'_>, highlighter: &Highlighter) -> Vec<Output> {
    let config = input.config;
    let mut outputs = Vec::new();
    let overrides = config.theme_dir.join("static");
    for (name, text) in BUILTIN_STATIC {
        // An override that `copies` refuses (a link out of the book, a FIFO) keeps the built-in.
        let overridden =
            crate::source_file::check(&config.root, &overrides.join(name), u64::MAX).is_ok();
        if !overridden {
            outputs.push(Output {
                path: format!("static/{name}"),
                bytes: text.to_vec(),
            });
        }
    }
    outputs.push(Output {
        path: "static/highlight.css".into(),
        bytes: highlighter.css().as_bytes().to_vec(),
    });
    outputs.push(Output {
        path: ".nojekyll".into(),
        bytes: Vec::new(),
    });
    if let Some(cname) = &config.cname {
        outputs.push(Output {
            path: "CNAME".into(),
            bytes: format!("{}\n", cname.trim()).into_bytes(),
        });
    }
    outputs.push(sitemap(input));
    outputs.push(robots(input));
    outputs.push(feed(input));
    outputs.extend(flashcards(input));
    outputs
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
                    to: format!("static/{name}"),
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

fn absolute(input: &Input<'_>, url: &str) -> String {
    format!(
        "{}{url}",
        input.config.base_url.clone().unwrap_or_else(|| "/".into())
    )
}

fn sitemap(input: &Input<'_>) -> Output {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (page_idx, page) in input.pages.iter().enumerate() {
        xml.push_str(&format!(
            "  <url><loc>{}</loc>",
            xml_text(&absolute(input, &crate::url::encode_path(&page.url)))
        ));
        if let Some(Some(date)) = input.updated.get(page_idx) {
            xml.push_str(&format!("<lastmod>{}</lastmod>", xml_text(date)));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    Output {
        path: "sitemap.xml".into(),
        bytes: xml.into_bytes(),
    }
}

fn robots(input: &Input<'_>) -> Output {
    let text = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        absolute(input, "sitemap.xml")
    );
    Output {
        path: "robots.txt".into(),
        bytes: text.into_bytes(),
    }
}

/// An Atom feed of the answers (question pages), newest date first.
/// Escapes text for XML and drops the characters XML 1.0 forbids (control characters other
/// than tab and newlines, U+FFFE, U+FFFF): one of them in a title made the whole feed invalid.
fn xml_text(text: &str) -> String {
    let allowed = text.chars().filter(|&c| {
        matches!(c, '\t' | '\n' | '\r') || !(c.is_control() || c == '\u{fffe}' || c == '\u{ffff}')
    });
    crate::escape::text(&allowed.collect::<String>())
}

fn feed(input: &Input<'_>) -> Output {
    let config = input.config;
    let mut entries: Vec<usize> = (0..input.pages.len())
        .filter(|&idx| input.pages[idx].kind == PageKind::Leaf)
        .collect();
    let date_of = |idx: usize| {
        input
            .updated
            .get(idx)
            .cloned()
            .flatten()
            .unwrap_or_else(|| "2025-01-01".into())
    };
    entries.sort_by_key(|&idx| std::cmp::Reverse(date_of(idx)));
    let newest = entries
        .first()
        .map(|&idx| date_of(idx))
        .unwrap_or_else(|| "2025-01-01".into());
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link href=\"{}\"/>\n  <link rel=\"self\" href=\"{}\"/>\n  <updated>{newest}T00:00:00Z</updated>\n  <author><name>{}</name></author>\n",
        xml_text(&config.language),
        xml_text(&config.title),
        xml_text(&absolute(input, "")),
        xml_text(&absolute(input, "")),
        xml_text(&absolute(input, "atom.xml")),
        xml_text(&config.authors.join(", ")),
    );
    for idx in entries.into_iter().take(50) {
        let page = &input.pages[idx];
        let url = absolute(input, &crate::url::encode_path(&page.url));
        let summary = input.docs[idx].outline.summary.clone().unwrap_or_default();
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            xml_text(&page.title),
            xml_text(&url),
            xml_text(&url),
            date_of(idx),
            xml_text(&summary)
        ));
    }
    xml.push_str("</feed>\n");
    Output {
        path: "atom.xml".into(),
        bytes: xml.into_bytes(),
    }
}

/// An Anki-importable TSV deck (question, 핵심 요약, tags) and a JSON question bank.
fn flashcards(input: &Input<'_>) -> Vec<Output> {
    let mut tsv = String::from("#separator:tab\n#html:false\n#tags column:3\n");
    let mut bank = Vec::new();
    for (idx, page) in input.pages.iter().enumerate() {
        let doc = &input.docs[idx];
        let (Some(question), PageKind::Leaf) = (&doc.outline.question, page.kind) else {
            continue;
        };
        let summary = doc.outline.summary.clone().unwrap_or_default();
        let topic = input.structure.topic[idx]
            .map(|t| input.pages[t].title.clone())
            .unwrap_or_default();
        let session = input.structure.session[idx].clone().unwrap_or_default();
        let tag = |text: &str| text.split_whitespace().collect::<Vec<_>>().join("_");
        let clean = |text: &str| text.replace(['\t', '\n', '\r'], " ");
        tsv.push_str(&format!(
            "{}\t{}\t{} session::{}\n",
            clean(question),
            clean(&summary),
            tag(&topic),
            tag(&session)
        ));
        bank.push(serde_json::json!({
            "title": page.title,
            "question": question,
            "summary": summary,
            "topic": topic,
            "session": session,
            "url": page.url,
            "number": page.front.question,
        }));
    }
    vec![
        Output {
            path: "flashcards.tsv".into(),
            bytes: tsv.into_bytes(),
        },
        Output {
            path: "questions.json".into(),
            bytes: serde_json::to_vec_pretty(&bank).unwrap_or_default(),
        },
    ]
}
