//! Micro-benchmarks for the hot paths, so that a regression shows up: Markdown to HTML,
//! highlighting, link resolution over a 1,000-page book, search indexing, laying out this book's
//! largest Mermaid flowchart (the vendored engine's speed-ups), writing the search files, a topic-sized concept map, and a whole build of a small book.
//! Run with `cargo bench`; whole-site comparisons with peers live in `bench/run.sh`.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use studybook::content::{Content, Page, PageKind};
use studybook::diagnostic::SourceText;
use studybook::frontmatter::FrontMatter;
use studybook::highlight::Highlighter;
use studybook::markdown::{self, Env, Input};
use studybook::page::PageVec;

const PAGE: &str = include_str!("../content/concurrency/parallel-image-processing/q4-amdahl.md");
const FLOWCHART: &str = include_str!("../diagrams/report-workers-job-states.mmd");
const CODE: &str = "resource \"aws_subnet\" \"app\" {\n  for_each          = local.azs\n  vpc_id            = aws_vpc.main.id\n  cidr_block        = cidrsubnet(\"10.0.0.0/16\", 8, 10 + each.key)\n  availability_zone = each.value\n}\n";

fn page(idx: usize, body: &str) -> Page {
    let source = SourceText::from(body);
    Page {
        rel_path: format!("t/p{idx}.md"),
        dir: "t".into(),
        file: format!("content/t/p{idx}.md").into(),
        kind: PageKind::Leaf,
        url: format!("t/p{idx}/"),
        source,
        front: FrontMatter::default(),
        body_start: 0,
        title: format!("p{idx}"),
        title_from_heading: false,
        origin: studybook::content::PageOrigin::File,
    }
}

/// A Rust block as answers have them: attributes, generics, macros, method calls.
const RUST: &str = r#"#[derive(Debug, Clone)]
struct Worker<'a> { name: &'a str, jobs: Vec<u32> }

impl<'a> Worker<'a> {
    fn run(&mut self) -> Result<usize, std::io::Error> {
        let done = self.jobs.iter().filter(|job| **job > 0).count();
        println!("{} finished {done} jobs", self.name);
        Ok(done)
    }
}
"#;

fn bench(c: &mut Criterion) {
    let highlighter = Highlighter::new();
    let env = Env {
        highlighter: &highlighter,
        glossary: None,
        strings: &studybook::i18n::KO,
    };
    let source = SourceText::from(PAGE);
    c.bench_function("markdown: one real answer to HTML", |b| {
        b.iter(|| {
            let input = Input {
                source: &source,
                body_start: 0,
                file: Path::new("a.md"),
                is_question: true,
                drop_first_h1: false,
            };
            black_box(markdown::parse(input, env))
        })
    });
    // criterion calls each bench's closure once per sample, so a counter there would repeat its
    // blocks from the second sample on: the highlighting benches use a highlighter without a cache.
    let uncached = Highlighter::uncached();
    c.bench_function("highlight: HCL block, uncached", |b| {
        b.iter(|| {
            let highlighted = uncached.highlight("hcl", CODE);
            assert!(matches!(
                highlighted,
                studybook::highlight::Highlighted::Html(..)
            ));
            black_box(highlighted)
        })
    });
    c.bench_function("highlight: Rust block through tree-sitter, uncached", |b| {
        b.iter(|| {
            let highlighted = uncached.highlight("rust", RUST);
            assert!(matches!(
                highlighted,
                studybook::highlight::Highlighted::Html(..)
            ));
            black_box(highlighted)
        })
    });
    let pages: PageVec<Page> = (0..1000)
        .map(|idx| {
            page(
                idx,
                &format!(
                    "# 제목 {idx}\n\n[다음](p{}.md#제목-{}) [[p{}]] [앞](p{}.md)\n",
                    (idx + 1) % 1000,
                    (idx + 1) % 1000,
                    (idx + 7) % 1000,
                    (idx + 999) % 1000
                ),
            )
        })
        .collect();
    let docs: PageVec<markdown::Doc> = pages
        .iter()
        .map(|p| {
            let input = Input {
                source: &p.source,
                body_start: 0,
                file: Path::new("a.md"),
                is_question: false,
                drop_first_h1: false,
            };
            markdown::parse(input, env).0
        })
        .collect();
    let content = Content {
        pages,
        assets: Vec::new(),
    };
    c.bench_function("links: resolve 3,000 links over 1,000 pages", |b| {
        b.iter(|| {
            black_box(studybook::links::resolve(
                &content,
                &docs,
                studybook::config::LinkPolicy::Error,
            ))
        })
    });
    // 200 answer-sized documents (the real answer's text with a number each, so keys differ).
    let entries: Vec<studybook::search::postings::Entry> = (0..200)
        .map(|idx| studybook::search::postings::Entry {
            title: format!("암달의 법칙 {idx}"),
            url: format!("t/p{idx}/"),
            tags: vec!["동시성".into(), "성능".into()],
            sections: vec![studybook::search::postings::Section {
                anchor: Some("본문".into()),
                heading: "본문".into(),
                text: format!("{idx} {PAGE}"),
            }],
            ..Default::default()
        })
        .collect();
    c.bench_function("search: index 200 answer-sized documents", |b| {
        b.iter(|| black_box(studybook::search::postings::Index::build(&entries)))
    });
    let catalog = studybook::search::Catalog {
        entries: entries.clone(),
        ..Default::default()
    };
    let index = studybook::search::postings::Index::build(&entries);
    c.bench_function(
        "search: index files (shards, grouped fragments) of 200 documents",
        |b| b.iter(|| black_box(studybook::search::files::write(&catalog, &index))),
    );
    // serve after a one-paragraph edit: the kept index updated in place (search::live).
    let cache = studybook::search::Cache::default();
    studybook::search::index_catalog(&catalog, &cache);
    let mut edited = catalog.clone();
    edited.entries[100].sections[0]
        .text
        .push_str("\n\n고친 문단 하나 edited");
    let mut flip = false;
    c.bench_function(
        "search: update the kept index of 200 documents after a one-paragraph edit",
        |b| {
            b.iter(|| {
                flip = !flip;
                let next = if flip { &edited } else { &catalog };
                black_box(studybook::search::update_catalog(next, &cache))
            })
        },
    );
    c.bench_function("diagrams: this book's largest Mermaid flowchart", |b| {
        b.iter(|| {
            black_box(studybook::diagrams::render_one(
                studybook::diagrams::Engine::Mermaid,
                FLOWCHART,
            ))
        })
    });
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
    let out = tempfile::tempdir().expect("temp dir");
    let options = studybook::Options {
        root: fixture,
        overrides: studybook::config::Overrides {
            output_dir: Some(out.path().join("site")),
            base_url: None,
            audience: Default::default(),
        },
        mode: studybook::Mode::Build,
        caches: studybook::Caches::default(),
    };
    // A topic-sized concept map (list only above the circle's limit): each node's links used to
    // be found by scanning every edge, quadratic in the topic's size.
    let nodes: Vec<studybook::conceptmap::Node> = (0..1_000)
        .map(|idx| studybook::conceptmap::Node {
            label: format!("Q{idx} 질문 제목"),
            href: format!("t/p{idx}/"),
            group: idx % 8,
            pending: None,
        })
        .collect();
    let edges: Vec<studybook::conceptmap::Edge> = (0..1_000)
        .flat_map(|idx| (1..=3).map(move |step| (idx, (idx + step * 37) % 1_000)))
        .collect();
    let groups: Vec<String> = (0..8).map(|idx| format!("주제 {idx}")).collect();
    c.bench_function("conceptmap: 1,000 questions, 3,000 links", |b| {
        b.iter(|| studybook::conceptmap::html(black_box(&nodes), &edges, &groups, "개념 지도"))
    });
    c.bench_function("build: the basic fixture book, warm caches", |b| {
        b.iter(|| black_box(studybook::build(&options).expect("builds")))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
