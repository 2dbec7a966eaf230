//! Diagrams end to end: snapshots of each engine's SVG, a page embedding each kind twice, errors
//! reported by `check` with the diagram file's line, and light/dark restyling in Chromium.

use crate::browser::{run_script, StaticServer};
use crate::harness::*;
use studybook::diagrams::{render_one, Engine};

#[test]
fn mermaid_sequence_snapshot() {
    let svg = render_one(Engine::Mermaid, "sequenceDiagram\n  participant C as 클라이언트\n  participant S as 서버\n  C->>S: SYN\n  S-->>C: SYN-ACK\n  C->>S: ACK\n").unwrap();
    insta::assert_snapshot!(one_element_a_line(&svg));
}

#[test]
fn mermaid_state_snapshot() {
    let svg = render_one(Engine::Mermaid, "stateDiagram-v2\n  [*] --> 대기중\n  대기중 --> 처리중: 수신\n  처리중 --> 완료\n  처리중 --> 실패: 오류\n").unwrap();
    insta::assert_snapshot!(one_element_a_line(&svg));
}

#[test]
fn pikchr_nested_snapshot() {
    let svg = render_one(Engine::Pikchr, "VPC: box \"VPC 10.0.0.0/16\" wid 3 ht 1.6\nbox \"가용 영역 A\" wid 1.2 ht 1 at VPC.c - (0.7, 0)\nbox \"가용 영역 C\" wid 1.2 ht 1 at VPC.c + (0.7, 0)\n").unwrap();
    insta::assert_snapshot!(one_element_a_line(&svg));
}

#[test]
fn a_page_with_each_kind_twice_has_unique_ids_figures_and_captions() {
    let book = TestBook::fixture("basic");
    book.write(
        "content/twice.md",
        "+++\ntitle = \"둘씩\"\n+++\n\n![순서 하나](../diagrams/handshake.mmd)\n\n![순서 둘](../diagrams/handshake.mmd)\n\n![구조 하나](../diagrams/vpc.pikchr)\n\n![구조 둘](../diagrams/vpc.pikchr)\n",
    );
    let built = book.build().ok();
    let main = built.main("twice/");
    assert_eq!(
        main.matches("<figure class=\"diagram diagram-mermaid\">")
            .count(),
        2
    );
    assert_eq!(
        main.matches("<figure class=\"diagram diagram-pikchr\">")
            .count(),
        2
    );
    for caption in ["순서 하나", "순서 둘", "구조 하나", "구조 둘"] {
        assert!(
            main.contains(&format!("<figcaption><span>{caption}</span> ")),
            "{caption}"
        );
    }
    let ids: Vec<&str> = main
        .split(" id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    let unique: std::collections::HashSet<&&str> = ids.iter().collect();
    assert!(!ids.is_empty());
    assert_eq!(ids.len(), unique.len(), "duplicate ids: {ids:?}");
    for reference in main
        .split("url(#")
        .skip(1)
        .map(|rest| rest.split(')').next().unwrap())
    {
        assert!(
            unique.contains(&reference),
            "url(#{reference}) points nowhere"
        );
    }
}

#[test]
fn diagram_errors_are_reported_by_check_with_the_diagram_line() {
    let book = TestBook::fixture("basic");
    book.write(
        "diagrams/bad.mmd",
        "sequenceDiagram\n  A->>B: ok\n  A-xB: dropped arrow\n",
    );
    book.write("diagrams/bad.pikchr", "box \"a\"\narrow\nbox \"b\" fiit\n");
    book.write("content/bad.md", "+++\ntitle = \"bad\"\n+++\n\n![m](../diagrams/bad.mmd)\n\n![p](../diagrams/bad.pikchr)\n\n[broken](nope.md)\n");
    let built = book.check();
    let errors = built.error_lines();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("diagrams/bad.mmd:3:1") && e.contains("`-x`")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("diagrams/bad.pikchr:3:1") && e.contains("syntax error")),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("broken link")),
        "reported together with other errors: {errors:#?}"
    );
}

#[test]
fn diagrams_follow_the_theme_in_light_and_dark_mode() {
    let built = TestBook::fixture("basic").build().ok();
    let server = StaticServer::start(&built.out, "/");
    let Some(result) = run_script(
        "diagrams.mjs",
        &[&server.url("/networking/handshakes/q2-quic/")],
    ) else {
        return;
    };
    assert_ne!(
        result["colours"]["light"]["text"], result["colours"]["dark"]["text"],
        "{result}"
    );
}

/// Every file under the book's diagram cache.
fn cached_svgs(book: &TestBook) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(book.root().join(".studybook-cache"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| entry.into_path())
        .collect()
}

/// A book whose one page, `a/`, embeds `diagrams/NAME` holding `source`.
fn book_with_diagram(name: &str, source: &str) -> TestBook {
    let book = TestBook::empty();
    book.write("book.toml", "[book]\ntitle = \"캐시\"\n");
    book.write(&format!("diagrams/{name}"), source);
    book.write(
        "content/a.md",
        &format!("+++\ntitle = \"그림\"\n+++\n\n![그림](../diagrams/{name})\n"),
    );
    book
}

#[test]
fn rendered_diagrams_are_kept_on_disk_and_read_back_by_the_next_build() {
    let book = book_with_diagram("flow.mmd", "flowchart LR\n  A[요청] --> B[응답]\n");
    book.build().ok();
    let stored = cached_svgs(&book);
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert!(std::fs::read_to_string(&stored[0])
        .unwrap()
        .contains("<svg"));
    // The next build takes the stored SVG instead of running the engine.
    std::fs::write(
        &stored[0],
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>FROM-THE-CACHE</text></svg>\n",
    )
    .unwrap();
    assert!(book.build().ok().main("a/").contains("FROM-THE-CACHE"));
    // A file cut short (a crash while writing) is not trusted: the diagram is rendered again.
    std::fs::write(
        &stored[0],
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>CUT",
    )
    .unwrap();
    let main = book.build().ok().main("a/");
    assert!(!main.contains("CUT") && main.contains("요청"), "{main}");
    // A changed source is a different entry.
    book.write("diagrams/flow.mmd", "flowchart LR\n  A[요청] --> C[거절]\n");
    assert!(book.build().ok().main("a/").contains("거절"));
    assert_eq!(cached_svgs(&book).len(), 2);
}

#[test]
fn a_diagram_that_fails_is_never_cached_and_fails_every_build() {
    let book = book_with_diagram("bad.pikchr", "box \"열림\nline from nowhere\n");
    for _ in 0..2 {
        let built = book.build();
        assert!(
            built
                .errors()
                .iter()
                .any(|d| d.file.ends_with("bad.pikchr")),
            "{:?}",
            built.errors()
        );
    }
    assert!(cached_svgs(&book).is_empty());
}

#[test]
fn diagram_files_no_page_uses_are_not_errors_and_used_ones_are_reported_once() {
    // Files in diagrams/ are laid out ahead, beside the Markdown stage, before it is known which
    // pages use them: an unused broken file must stay silent, and a used one must be reported
    // once, by the stage that knows the page.
    let book = book_with_diagram("flow.mmd", "flowchart LR\n  A[요청] --> B[응답]\n");
    book.write(
        "diagrams/unused.mmd",
        "sequenceDiagram\n  A-xB: dropped arrow\n",
    );
    let built = book.build().ok();
    assert!(built.main("a/").contains("응답"));

    book.write(
        "content/b.md",
        "+++\ntitle = \"나쁜 그림\"\n+++\n\n![나쁨](../diagrams/unused.mmd)\n",
    );
    let built = book.build();
    let reports: Vec<String> = built
        .errors()
        .iter()
        .filter(|d| d.file.ends_with("unused.mmd"))
        .map(|d| format!("{} {}", d.location(), d.message))
        .collect();
    assert_eq!(reports.len(), 1, "{reports:#?}");
    assert!(
        reports[0].starts_with("diagrams/unused.mmd:2:1"),
        "{reports:#?}"
    );
}

#[test]
fn mermaid_flowchart_with_labels_snapshot() {
    // This book's largest flowchart goes through the engine's edge routing and label placement;
    // the snapshot pins mermaid-rs-renderer 0.3.1's output for it.
    let source = include_str!("../../diagrams/report-workers-job-states.mmd");
    let svg = render_one(Engine::Mermaid, source).unwrap();
    insta::assert_snapshot!(one_element_a_line(&svg));
}

/// An SVG with each element on a line of its own, so that a snapshot's change can be reviewed
/// (the engines write a whole figure on one line). Only the line breaks differ from the output.
fn one_element_a_line(svg: &str) -> String {
    svg.replace("><", ">\n<")
}
