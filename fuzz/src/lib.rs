//! The fuzz targets' bodies, shared with the regression test (`tests/it/fuzz_regressions.rs`
//! includes this file), so that a saved crashing input replays through exactly the code the
//! fuzzer ran. Each function takes the raw input and panics only when studybook misbehaves.

use std::path::PathBuf;
use std::sync::OnceLock;

use studybook::body::Piece;
use studybook::config::LinkPolicy;
use studybook::content::{Content, Page, PageKind};
use studybook::diagnostic::{self, Diagnostic, SourceText};
use studybook::diagrams::{self, Engine};
use studybook::frontmatter::{self, FrontMatter};
use studybook::highlight::Highlighter;
use studybook::{i18n, links, markdown};

/// Front matter as `content::load` reads it: BOM stripped, split, errors anchored and printed.
pub fn frontmatter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let source = SourceText::from(text);
    match frontmatter::split(&source) {
        Ok(split) => {
            assert!(split.body_start <= source.len(), "body starts past the end");
            assert!(
                source.is_char_boundary(split.body_start),
                "body starts mid-character"
            );
            if let Some(note) = split.note {
                print_one(&source, note.span, &note.message);
            }
        }
        Err(error) => {
            if let Some(body_start) = frontmatter::body_after_fence(&source) {
                assert!(
                    source.is_char_boundary(body_start),
                    "body starts mid-character"
                );
            }
            assert!(
                error.span.start <= error.span.end,
                "reversed span {:?}",
                error.span
            );
            print_one(&source, error.span, &error.message);
        }
    }
}

fn print_one(source: &SourceText, span: std::ops::Range<usize>, message: &str) {
    let diagnostic = Diagnostic::error("content/fuzz.md", message).at(source, span);
    assert!(
        diagnostic.line().is_some_and(|line| line >= 1),
        "diagnostic without a line"
    );
    let _ = diagnostic::render(&[diagnostic]);
}

fn highlighter() -> &'static Highlighter {
    static HIGHLIGHTER: OnceLock<Highlighter> = OnceLock::new();
    HIGHLIGHTER.get_or_init(Highlighter::default)
}

/// Two pages (`a.md` at the root and `t/b.md` in a folder, split at the first NUL byte) parsed
/// to HTML, their links resolved against each other, and the placeholders filled in.
pub fn markdown_links(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (first, second) = text.split_once('\0').unwrap_or((text, ""));
    let pages = [
        section("", "", "_index.md"),
        leaf("a.md", "", "a/", first),
        section("t", "t/", "t/_index.md"),
        leaf("t/b.md", "t", "t/b/", second),
    ]
    .into_iter()
    .collect();
    let content = Content {
        pages,
        assets: vec![studybook::content::Asset {
            path: PathBuf::from("/nonexistent/t/pic.png"),
            rel_path: "t/pic.png".into(),
        }],
    };
    let env = markdown::Env {
        highlighter: highlighter(),
        glossary: None,
        strings: i18n::Language::Korean.strings(),
    };
    let mut docs = studybook::page::PageVec::new();
    let mut diagnostics = Vec::new();
    for page in &content.pages {
        let input = markdown::Input {
            source: &page.source,
            body_start: page.body_start,
            file: &page.file,
            is_question: page.kind == PageKind::Leaf,
            drop_first_h1: page.title_from_heading,
        };
        let (doc, page_diagnostics) = markdown::parse(input, env);
        docs.push(doc);
        diagnostics.extend(page_diagnostics);
    }
    for policy in [LinkPolicy::Error, LinkPolicy::Warn] {
        let (resolved, link_diagnostics) = links::resolve(&content, &docs, policy);
        assert_eq!(resolved.hrefs.len(), docs.len());
        for ((page, doc), hrefs) in content.pages.iter().zip(&docs).zip(&resolved.hrefs) {
            assert_eq!(hrefs.len(), doc.outline.links.len(), "one href per link");
            let figures = vec![None; doc.outline.diagrams.len()];
            let root = links::root_prefix(&page.url);
            let html = doc.body.render(studybook::body::Fill {
                root: &root,
                hrefs,
                figures: &figures,
            });
            // Every hole has its own entry: no index twice, none past the end. Not in source
            // order: footnote definitions are written at the end of the body, links and all
            // (found by this target: a link in a footnote came after later ones). A dropped
            // first `#` heading takes its links' holes with it, so there may be fewer holes
            // than links, never more.
            let distinct_below = |mut holes: Vec<usize>, n: usize| {
                holes.sort_unstable();
                holes.windows(2).all(|pair| pair[0] < pair[1]) && holes.iter().all(|&h| h < n)
            };
            let holes = |want: fn(&Piece) -> Option<usize>| -> Vec<usize> {
                doc.body.pieces().iter().filter_map(want).collect()
            };
            let link_holes = holes(|p| match p {
                Piece::LinkHref(n) => Some(*n),
                _ => None,
            });
            assert!(
                distinct_below(link_holes, doc.outline.links.len()),
                "a link hole without its link"
            );
            let figure_holes = holes(|p| match p {
                Piece::Figure(n) => Some(*n),
                _ => None,
            });
            assert!(
                distinct_below(figure_holes, doc.outline.diagrams.len()),
                "a figure hole without its diagram"
            );
            assert!(html.len() >= doc.body.html_len());
        }
        diagnostics.extend(link_diagnostics);
    }
    let _ = diagnostic::render(&diagnostics);
}

fn leaf(rel_path: &str, dir: &str, url: &str, text: &str) -> Page {
    let source = SourceText::from(text);
    let (front, body_start) = match frontmatter::split(&source) {
        Ok(split) => (split.front, split.body_start),
        Err(_) => (
            FrontMatter::default(),
            frontmatter::body_after_fence(&source).unwrap_or(source.len()),
        ),
    };
    Page {
        rel_path: rel_path.into(),
        dir: dir.into(),
        file: PathBuf::from("content").join(rel_path),
        kind: PageKind::Leaf,
        url: url.into(),
        title: front.title.clone().unwrap_or_else(|| rel_path.into()),
        source,
        front,
        body_start,
        title_from_heading: false,
        origin: studybook::content::PageOrigin::File,
    }
}

fn section(dir: &str, url: &str, rel_path: &str) -> Page {
    Page {
        rel_path: rel_path.into(),
        dir: dir.into(),
        file: PathBuf::from("content").join(dir),
        kind: PageKind::Section,
        url: url.into(),
        source: SourceText::from(""),
        front: FrontMatter::default(),
        body_start: 0,
        title: dir.into(),
        title_from_heading: false,
        origin: studybook::content::PageOrigin::Folder,
    }
}

/// One diagram source: the first byte picks the engine (even: Mermaid, odd: Pikchr).
pub fn diagrams(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let engine = if selector % 2 == 0 {
        Engine::Mermaid
    } else {
        Engine::Pikchr
    };
    match diagrams::render_one(engine, text) {
        Ok(svg) => assert!(svg.contains("<svg"), "not an SVG: {svg:.200}"),
        Err(error) => assert!(!error.message.is_empty(), "an error without a message"),
    }
}

/// Mermaid source to SVG: whatever the source says (links, styles, labels), the SVG is
/// well-formed XML with no script, no `on…` attribute and no link other than http(s), mailto
/// or relative.
pub fn mermaid_output(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(svg) = diagrams::render_one(Engine::Mermaid, text) else {
        return;
    };
    let document = roxmltree::Document::parse(&svg)
        .unwrap_or_else(|error| panic!("the SVG does not parse ({error}): {svg:.300}"));
    for node in document.descendants().filter(roxmltree::Node::is_element) {
        let name = node.tag_name().name().to_ascii_lowercase();
        assert!(
            !matches!(
                name.as_str(),
                "script" | "foreignobject" | "iframe" | "animate" | "set"
            ),
            "element `{name}` in the SVG"
        );
        for attribute in node.attributes() {
            assert!(
                !attribute.name().to_ascii_lowercase().starts_with("on"),
                "event handler `{}` in the SVG",
                attribute.name()
            );
            let compact: String = attribute
                .value()
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            assert!(
                !compact.contains("javascript:") && !compact.contains("vbscript:"),
                "script URL in `{}`: {}",
                attribute.name(),
                attribute.value()
            );
            if attribute.name() == "href" && compact.starts_with("data:") {
                assert!(name == "image", "a data: link on `{name}`");
            }
        }
    }
}

/// LaTeX to MathML: the result is one well-formed `<math>` element, whatever the source, and
/// nothing from the source becomes markup (no element or attribute outside MathML's).
pub fn math(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for display in [false, true] {
        let Ok(mathml) = studybook::math::render(text, display) else {
            continue;
        };
        // `&nbsp;` is the one HTML entity the engine writes; XML does not know it.
        let xml = mathml.replace("&nbsp;", "&#160;");
        let document = roxmltree::Document::parse(&xml)
            .unwrap_or_else(|error| panic!("the MathML does not parse ({error}): {xml:.300}"));
        let root = document.root_element();
        assert_eq!(root.tag_name().name(), "math", "not a math element");
        for node in document.descendants().filter(roxmltree::Node::is_element) {
            let name = node.tag_name().name();
            assert!(
                name.starts_with('m') || matches!(name, "semantics" | "annotation" | "none"),
                "element `{name}` in the MathML"
            );
            for attribute in node.attributes() {
                assert!(
                    !attribute.name().to_ascii_lowercase().starts_with("on"),
                    "event handler `{}` in the MathML",
                    attribute.name()
                );
            }
        }
    }
}

/// A value no template can reach (it is in the environment, which templates may not read).
const ENVIRONMENT_CANARY: &str = "studybook-fuzz-canary-5e1f";

/// A one-page book whose `theme/templates/` holds what the fuzzer writes: made once per process.
fn template_book() -> &'static std::path::Path {
    static BOOK: OnceLock<tempfile::TempDir> = OnceLock::new();
    BOOK.get_or_init(|| {
        // Set before any thread of the fuzzed builds starts.
        std::env::set_var("STUDYBOOK_FUZZ_SECRET", ENVIRONMENT_CANARY);
        let dir = tempfile::tempdir().expect("a temporary folder");
        let write = |path: &str, text: &str| {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("book.toml", "[book]\ntitle = \"퍼징\"\nlanguage = \"ko\"\n");
        write("content/_index.md", "# 퍼징\n");
        write("content/net/_index.md", "+++\ntitle = \"네트워크\"\n+++\n");
        write(
            "content/net/q1-tcp.md",
            "+++\ntitle = \"TCP\"\nquestion = 1\n+++\n\n> [!QUESTION]\n> 왜?\n\n## 핵심 요약\n\n본문\n",
        );
        dir
    })
    .path()
}

/// Templates are data: whatever a book's `page.html` and a partial it may include (`x.html`)
/// say (the input, split at the first NUL byte), a build ends in a site or in diagnostics, never
/// in a panic or a stack overflow; no file exceeds the cap; and nothing of the process's
/// environment reaches a page or a message (`get_env` is refused).
pub fn templates(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (page, partial) = text.split_once('\0').unwrap_or((text, ""));
    let root = template_book();
    let templates = root.join("theme/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("page.html"), page).unwrap();
    std::fs::write(templates.join("x.html"), partial).unwrap();
    let options = studybook::Options {
        root: root.to_path_buf(),
        overrides: studybook::config::Overrides::default(),
        mode: studybook::Mode::Build,
        caches: studybook::Caches::for_one_build(),
    };
    let (report, site) = studybook::build_in_memory(&options).expect("the environment is fine");
    for format in [diagnostic::Format::Human, diagnostic::Format::Github] {
        let printed = format.render(&report.diagnostics, root);
        assert!(
            !printed.contains(ENVIRONMENT_CANARY),
            "the environment in {printed:.300}"
        );
    }
    for output in site.iter().flat_map(|site| &site.outputs) {
        assert!(
            output.bytes.len() <= 64 << 20,
            "`{}` is {} bytes",
            output.path,
            output.bytes.len()
        );
        let leaked = output
            .bytes
            .windows(ENVIRONMENT_CANARY.len())
            .any(|window| window == ENVIRONMENT_CANARY.as_bytes());
        assert!(!leaked, "the environment in `{}`", output.path);
    }
}
