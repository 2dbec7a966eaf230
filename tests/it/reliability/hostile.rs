//! Input written by an attacker (issue 17): diagram and math sources that try to become script,
//! files that lead outside the book or never end, and inputs whose cost would grow faster than
//! their size. Content is trusted like code (raw HTML passes); nothing else is.

use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::{Duration, Instant};

use super::{book, findings};
use crate::harness::*;

/// Runs `work` on another thread and fails the test if it has not finished in `limit` (a hang
/// would otherwise hang the whole test run).
#[track_caller]
fn within<T: Send + 'static>(limit: Duration, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(work());
    });
    receiver
        .recv_timeout(limit)
        .unwrap_or_else(|_| panic!("did not finish within {limit:?}"))
}

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// Every file of the output, read as text where it is text.
fn all_output(out: &Path) -> String {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
        .collect()
}

#[test]
fn mermaid_links_never_become_script_whatever_their_spelling() {
    let book = book();
    book.write(
        "content/a.md",
        "# 그림\n\n```mermaid\nflowchart LR\n  A[시작] --> B[끝]\n  B --> C[웹]\n  CLICK A \"javascript:alert(1)\"\n  link B \"java\tscript:alert(2)\" _blank\n  click C \"https://example.com/?a=1&b=2\"\n  style C fill:#f9f,stroke:#333\n```\n\n뒤 문단\n",
    );
    let built = book.build().ok();
    let main = built.main("a/");
    let lower = main.to_lowercase();
    for bad in ["javascript", " on"] {
        assert!(!lower.contains(bad), "`{bad}` reached the page: {main}");
    }
    assert!(
        main.contains("href=\"https://example.com/?a=1&amp;b=2\""),
        "a web link stays: {main}"
    );
    assert!(main.contains("<p>뒤 문단</p>"), "{main}");
}

#[test]
fn mermaid_style_values_that_would_close_their_attribute_are_refused_by_line() {
    let book = book();
    book.write(
        "content/a.md",
        "# 그림\n\n```mermaid\nflowchart LR\n  A --> B\n  style A fill:red\"/><image href=x onerror=alert(3) x=\"\n```\n",
    );
    let built = book.build();
    assert_eq!(
        findings(&built),
        ["error content/a.md:6:1 diagram error: a style value holds a quote, `<`, `>`, `&` or `\\`; write plain CSS values such as `fill:#f9f,stroke:#333`"]
    );
    super::assert_nothing_written(&book);
}

#[test]
fn math_is_escaped_in_operators_annotations_and_function_names() {
    let book = book();
    book.write(
        "content/a.md",
        "# 수식\n\n확률 $0<p<1$ 과 $S = \\{x <i> y\\}$ 그리고 $\\operatorname{<img src=x onerror=alert(1)>}$\n\n뒤 문단\n",
    );
    let built = book.build().ok();
    let body = super::body(&built, "a/");
    assert!(!body.contains("<img") && !body.contains("<i>"), "{body}");
    assert!(
        body.contains("<annotation encoding=\"application/x-tex\">0&lt;p&lt;1</annotation>"),
        "{body}"
    );
    assert!(body.contains("<mo>&lt;</mo>"), "{body}");
    assert!(
        body.contains("<p>뒤 문단</p>"),
        "the rest of the page survives: {body}"
    );
}

#[test]
fn deeply_nested_math_is_refused_quickly_with_its_line() {
    let book = book();
    let deep = "x^{".repeat(50_000) + &"}".repeat(50_000);
    book.write("content/a.md", &format!("# 수식\n\n${deep}$\n"));
    let built = book.build();
    // Before the cap, 50,000 levels took ~25 s of layout alone. This message comes from the depth
    // count that runs before the formula is parsed (`math::render`), so no layout was attempted:
    // no clock needed.
    assert_eq!(
        findings(&built),
        ["warning content/a.md:3:1 math could not be rendered: math is nested 50000 levels deep; the limit is 64 (split the formula or simplify it)"]
    );
}

#[test]
fn links_out_of_the_book_are_refused_in_every_folder_the_build_reads() {
    let outside = tempfile::tempdir().unwrap();
    let outside = outside.path().canonicalize().unwrap();
    std::fs::write(
        outside.join("diagram.mmd"),
        "flowchart LR\n  SECRET1 --> X\n",
    )
    .unwrap();
    std::fs::write(outside.join("page.html"), "SECRET2 {{ page.title }}").unwrap();
    std::fs::write(
        outside.join("terms.toml"),
        "[[term]]\nko = \"SECRET3\"\nen = \"x\"\ndefinition = \"SECRET3\"\n",
    )
    .unwrap();
    std::fs::write(outside.join("extra.css"), "SECRET4").unwrap();
    let book = book();
    book.write("content/a.md", "# a\n\n![그림](../diagrams/d.mmd)\n");
    for (link, target) in [
        ("diagrams/d.mmd", "diagram.mmd"),
        ("theme/templates/page.html", "page.html"),
        ("glossary/terms.toml", "terms.toml"),
        ("theme/static/extra.css", "extra.css"),
    ] {
        let path = book.root().join(link);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        symlink(outside.join(target), path).unwrap();
    }
    let built = book.build();
    assert_eq!(
        findings(&built),
        [
            "error content/a.md:3:1 diagram `../diagrams/d.mmd` cannot be read: it is a symlink that leads outside the book, so it is not read",
            "warning glossary/terms.toml skipped: it is a symlink that leads outside the book, so it is not read",
            "warning theme/static/extra.css skipped: it is a symlink that leads outside the book, so it is not read",
            "warning theme/templates/page.html skipped: it is a symlink that leads outside the book, so it is not read",
        ]
    );
    assert!(!built.rendered().contains("SECRET"), "{}", built.rendered());
    // Without the diagram the book builds, and nothing from outside is published.
    book.write("content/a.md", "# a\n");
    let built = book.build().ok();
    assert!(!all_output(&built.out).contains("SECRET"));
}

#[test]
fn fifos_and_other_special_files_are_skipped_never_opened() {
    let book = book();
    book.write("content/a.md", "# a\n\n본문\n");
    for fifo in [
        "content/pipe.md",
        "content/pipe.png",
        "glossary/pipe.toml",
        "diagrams/pipe.mmd",
        "theme/templates/page.html",
        "theme/static/pipe.css",
    ] {
        mkfifo(&book.root().join(fifo));
    }
    let root = book.root().to_path_buf();
    let report = within(Duration::from_secs(60), move || {
        studybook::build(&studybook::Options {
            root: root.clone(),
            overrides: studybook::config::Overrides {
                output_dir: Some(root.join("public")),
                base_url: None,
                audience: Default::default(),
            },
            mode: studybook::Mode::Build,
            caches: studybook::Caches::default(),
        })
        .unwrap()
    });
    let mut lines: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.location(), d.message))
        .collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            "content/pipe.md skipped: it is a named pipe (FIFO), not a regular file",
            "content/pipe.png skipped: it is a named pipe (FIFO), not a regular file",
            "glossary/pipe.toml skipped: it is a named pipe (FIFO), not a regular file",
            "theme/static/pipe.css skipped: it is a named pipe (FIFO), not a regular file",
            "theme/templates/page.html skipped: it is a named pipe (FIFO), not a regular file",
        ]
    );
    assert!(!report.has_errors());
    assert!(book.out().join("a/index.html").is_file());
}

#[test]
fn a_page_over_the_size_cap_is_an_error_naming_it() {
    let book = book();
    book.write("content/a.md", "# a\n");
    // Sparse: 65 MiB of size, no disk.
    let file = std::fs::File::create(book.root().join("content/huge.md")).unwrap();
    file.set_len(65 * 1024 * 1024).unwrap();
    let built = book.check();
    assert_eq!(
        findings(&built),
        ["error content/huge.md could not read this file: it is 65 MiB; the limit is 64 MiB"]
    );
}

fn flowchart(n_edges: usize) -> String {
    let mut text = String::from("flowchart LR\n");
    for idx in 0..n_edges {
        text.push_str(&format!("  N{} --> N{}\n", idx % 97, (idx * 7 + 1) % 101));
    }
    text
}

#[test]
fn a_flowchart_too_complex_to_lay_out_is_refused_before_layout() {
    let book = book();
    book.write("content/a.md", "# a\n\n![큰 그림](../diagrams/big.mmd)\n");
    book.write("diagrams/big.mmd", &flowchart(500));
    let built = book.check();
    // This message comes from the size check that runs before layout (`check_budget`), so the
    // graph was never laid out: no clock needed.
    assert_eq!(
        findings(&built),
        ["error diagrams/big.mmd diagram error: diagram is too complex to lay out: 101 nodes and 500 edges; the limit is 200 nodes and 100 edges"]
    );
    assert_eq!(
        super::only_help(&built),
        "split it into smaller diagrams (one per step or per group)"
    );
}

#[test]
fn an_oversized_diagram_names_the_file_without_syntax_help() {
    let book = book();
    book.write("content/a.md", "# a\n\n![큰 그림](../diagrams/big.mmd)\n");
    book.write(
        "diagrams/big.mmd",
        &format!("flowchart LR\n%% {}\n  A --> B\n", "x".repeat(70 * 1024)),
    );
    let built = book.check();
    assert_eq!(
        findings(&built),
        ["error diagrams/big.mmd diagram error: diagram source is 70 KiB; the limit is 64 KiB"]
    );
    assert_eq!(super::only_help(&built), "split it into smaller diagrams");
}

/// `n` notes in one folder, each linking to the next one, correctly or with a typo.
fn notes(n: usize, typo: &str) -> TestBook {
    let book = book();
    for idx in 0..n {
        book.write(
            &format!("content/notes/note-{idx:04}.md"),
            &format!(
                "# 노트 {idx}\n\n[다음](note-{:04}{typo}.md)\n",
                (idx + 1) % n
            ),
        );
    }
    book
}

/// How long suggesting names for `n` broken links among `n` note names takes: the quickest of
/// three rounds, since load elsewhere (other tests run in parallel) only ever adds time.
fn suggesting_time(n: usize) -> Duration {
    let names: Vec<String> = (0..n)
        .map(|idx| format!("notes/note-{idx:04}.md"))
        .collect();
    let suggester = studybook::suggest::Suggester::new(names.iter().map(String::as_str));
    let wanted: Vec<String> = (0..n)
        .map(|idx| format!("notes/note-{idx:04}x.md"))
        .collect();
    (0..3)
        .map(|_| {
            let started = Instant::now();
            for name in &wanted {
                std::hint::black_box(suggester.suggest(name, "pages"));
            }
            started.elapsed()
        })
        .min()
        .unwrap()
}

#[test]
fn broken_link_suggestions_do_not_compare_every_pair() {
    let n = 2000;
    let built = notes(n, "x").check();
    let errors = built.errors();
    assert_eq!(errors.len(), n);
    let first = errors
        .iter()
        .find(|d| d.file.ends_with("note-0000.md"))
        .unwrap();
    assert_eq!(
        first.message,
        "broken link `note-0001x.md`: there is no page `notes/note-0001x.md`"
    );
    assert!(
        first
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `notes/note-0001.md`"),
        "{:?}",
        first.help
    );
    // A cost ratio, not a time: four times the names and broken links must cost well under
    // sixteen times as much, which comparing every pair would (it made 2,000 broken notes 12-20
    // times slower to check than good ones). About five today.
    let (quarter, full) = (suggesting_time(n / 4), suggesting_time(n));
    let ratio = full.as_secs_f64() / quarter.as_secs_f64();
    assert!(
        ratio < 10.0,
        "{n} suggestions took {full:?}, {} took {quarter:?}: {ratio:.1} times as long",
        n / 4
    );
}

#[test]
fn folders_nested_past_the_limit_are_an_error_and_output_stays_small() {
    let book = book();
    let mut dir = String::from("content");
    for level in 0..40 {
        dir.push_str(&format!("/d{level}"));
        book.write(&format!("{dir}/p.md"), "# 쪽\n");
    }
    let built = book.build();
    let errors = built.error_lines();
    let deepest = (0..32)
        .map(|l| format!("d{l}"))
        .collect::<Vec<_>>()
        .join("/");
    assert_eq!(
        errors,
        [format!("content/{deepest}/d32 folders are nested more than 32 deep here; this folder was left out")]
    );
}

#[test]
fn the_feed_parses_with_control_characters_and_datetimes() {
    let book = book();
    book.write(
        "content/a.md",
        "+++\ntitle = \"제목\\u0001 끝\\u001b\"\nupdated = 2024-05-01T10:00:00+09:00\n+++\n본문\n",
    );
    book.write(
        "content/b.md",
        "+++\ntitle = \"시각만\"\nupdated = 10:00:00\n+++\n본문\n",
    );
    let built = book.build().ok();
    let feed = built.html("atom.xml");
    let document = roxmltree::Document::parse(&feed).expect("the feed parses");
    let updated: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("updated"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(
        updated,
        [
            "2025-01-01T00:00:00Z",
            "2025-01-01T00:00:00Z",
            "2024-05-01T00:00:00Z"
        ]
    );
    assert!(feed.contains("<title>제목 끝</title>"), "{feed}");
}

#[test]
fn long_hangul_tags_fit_file_names_and_case_variants_share_a_page() {
    let long = "가".repeat(100);
    let build = || {
        let book = book();
        book.write(
            "content/a.md",
            &format!("+++\ntitle = \"a\"\ntags = [\"Kubernetes\", \"{long}\"]\n+++\n"),
        );
        book.write(
            "content/b.md",
            "+++\ntitle = \"b\"\ntags = [\"kubernetes\"]\n+++\n",
        );
        let built = book.build().ok();
        let tag_page = built.main("tags/kubernetes/");
        let mut names: Vec<String> = std::fs::read_dir(built.out.join("tags"))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        (tag_page, names)
    };
    let (tag_page, names) = build();
    assert!(tag_page.contains("#Kubernetes"), "{tag_page}");
    assert!(
        tag_page.contains("a/") && tag_page.contains("b/"),
        "both pages are listed: {tag_page}"
    );
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.iter().all(|n| n.len() <= 255), "{names:?}");
    assert_eq!(build(), (tag_page, names), "the same on every build");
}

#[test]
fn glossary_linking_survives_text_whose_lowercase_changes_length() {
    let book = book();
    book.write(
        "glossary/terms.toml",
        "[[term]]\nko = \"켈빈\"\nen = \"Kelvin\"\ndefinition = \"온도 <b>단위</b>\"\n",
    );
    book.write(
        "content/a.md",
        "# a\n\nİİ\u{212a} 다음 KELVIN 과 İstanbul kelvin\n",
    );
    let built = book.build().ok();
    let body = super::body(&built, "a/");
    assert!(
        body.contains(">KELVIN</a><span class=\"term-def\""),
        "{body}"
    );
    assert!(
        body.contains("온도 &lt;b&gt;단위&lt;/b&gt;"),
        "definitions are text: {body}"
    );
    assert_eq!(findings(&built), Vec::<String>::new());
}

#[test]
fn percent_encoded_hash_and_question_mark_reach_the_real_file() {
    let book = book();
    book.write("content/c#sharp?.md", "# C#\n\n## 개요\n");
    book.write(
        "content/a.md",
        "# a\n\n[씨샵](c%23sharp%3F.md) 과 [개요](c%23sharp%3F.md#개요)\n",
    );
    let built = book.build().ok();
    assert_eq!(findings(&built), Vec::<String>::new());
}

#[test]
fn a_draft_section_hides_its_children() {
    let book = book();
    book.write("content/a.md", "# a\n");
    book.write(
        "content/wip/_index.md",
        "+++\ntitle = \"작업 중\"\ndraft = true\n+++\n",
    );
    book.write("content/wip/b.md", "# b\n");
    book.write("content/wip/deeper/c.md", "# c\n");
    book.write("content/wip/pic.png", "PNG");
    let built = book.build().ok();
    assert!(built.exists("a/index.html"));
    assert!(
        !built.exists("wip"),
        "nothing under a draft section is published"
    );
}

#[test]
fn a_draft_home_page_hides_its_text_and_the_book_keeps_its_home_and_topics() {
    let book = book();
    book.write(
        "content/_index.md",
        "+++\ntitle = \"준비 중인 홈\"\ndraft = true\n+++\n\n아직 비밀인 소개\n",
    );
    book.write("content/t/_index.md", "+++\ntitle = \"주제\"\n+++\n");
    book.write(
        "content/t/q1.md",
        "+++\ntitle = \"질문\"\nquestion = 1\n+++\n",
    );
    let built = book.build().ok();
    let home = built.html("");
    assert!(home.contains("data-kind=\"home\""), "{home}");
    assert!(!home.contains("준비 중인 홈") && !home.contains("아직 비밀인 소개"));
    assert!(
        home.contains("href=\"t/\""),
        "the home page lists the topic"
    );
    let topic = built.html("t/");
    assert!(
        topic.contains("data-kind=\"section\""),
        "the topic is not taken for the home page: {topic}"
    );
    assert!(
        topic.contains("href=\"../t/\" aria-current=\"page\""),
        "the sidebar has the topic: {topic}"
    );
}

#[test]
fn a_book_toml_syntax_error_is_the_only_error() {
    let book = TestBook::empty();
    book.write("book.toml", "[book\ntitle = \"시험\"\n");
    book.write(
        "content/a.md",
        "+++\ntitle = \"a\"\nsession = \"s1\"\n+++\n",
    );
    let built = book.check();
    let errors: Vec<String> = built.errors().iter().map(|d| d.location()).collect();
    assert_eq!(errors, ["book.toml:1:6"], "{}", built.rendered());
}

#[test]
fn building_a_file_is_a_clear_error() {
    let book = book();
    book.write("content/a.md", "# a\n");
    let error = studybook::build(&studybook::Options {
        root: book.root().join("content/a.md"),
        overrides: studybook::config::Overrides::default(),
        mode: studybook::Mode::Check,
        caches: studybook::Caches::default(),
    })
    .map(|_| ())
    .expect_err("a file is not a book");
    let message = format!("{error:#}");
    assert!(
        message.ends_with("a.md` is a file, not a book folder; pass the folder that holds `book.toml` and `content/` (or a folder of Markdown notes)"),
        "{message}"
    );
}

#[test]
fn clients_that_pipeline_and_never_read_do_not_starve_the_server() {
    use std::io::Write;
    let book = book();
    book.write("content/a.md", "# 정상 페이지\n");
    super::write_bytes(&book, "content/big.bin", &vec![b'x'; 4 << 20]);
    let server = crate::serve::serve(&book);
    let addr = server.addr();
    // More clients than workers, each asking for 80 MiB and reading none of it.
    let hogs: Vec<std::net::TcpStream> = (0..6)
        .map(|_| {
            let mut stream = std::net::TcpStream::connect(addr).unwrap();
            let requests = "GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n".repeat(20);
            stream.write_all(requests.as_bytes()).unwrap();
            stream
        })
        .collect();
    // Wait until the server is answering every hog (a byte has arrived for each), rather than
    // for a fixed time: then each holds a connection thread blocked in its write.
    for hog in &hogs {
        hog.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        assert_eq!(hog.peek(&mut [0u8; 1]).unwrap(), 1, "the hog is answered");
    }
    let started = answer_a_bystander(addr);
    // Without waiting for a hog's write to time out (5 s): each hog holds only its own
    // connection's thread. The clock is the thing tested here: an answer that waited for a
    // timeout would still come, only later.
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    // Stopping while the hogs still hold their connections: their sockets are shut down, which
    // ends the blocked writes at once.
    stops_promptly(server);
    drop(hogs);
}

#[test]
fn requests_pipelined_after_a_reload_stream_do_not_hold_workers() {
    use std::io::Write;
    let book = book();
    book.write("content/a.md", "# 정상 페이지\n");
    let server = crate::serve::serve(&book);
    let addr = server.addr();
    // A reload stream takes its connection's thread for the stream's life, and what was
    // pipelined after it is never answered; each stream holds one thread, and other clients
    // get threads of their own. (One at a time, as the test was written for tiny_http, whose
    // pool left connections arriving in a burst without a thread; see `connections.rs`.)
    let streams: Vec<std::net::TcpStream> = (0..20)
        .map(|n| {
            let mut stream = std::net::TcpStream::connect(addr).unwrap();
            stream
                .write_all(
                    b"GET /__studybook/events HTTP/1.1\r\nHost: localhost\r\n\r\nGET /a/ HTTP/1.1\r\nHost: localhost\r\n\r\n",
                )
                .unwrap();
            let deadline = Instant::now() + Duration::from_secs(10);
            while server.n_streams() <= n && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
            assert_eq!(server.n_streams(), n + 1, "stream {n} did not open");
            stream
        })
        .collect();
    let started = answer_a_bystander(addr);
    // As above, the bystander must not wait for a timeout (5 s) to free a thread.
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.n_streams(), 20, "every stream is open");
    stops_promptly(server);
    drop(streams);
}

/// A new client asks for `/a/` (the page "정상 페이지") and must get it; returns when it asked.
fn answer_a_bystander(addr: std::net::SocketAddr) -> Instant {
    use std::io::{Read, Write};
    let started = Instant::now();
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(40)))
        .unwrap();
    stream
        .write_all(b"GET /a/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply);
    assert!(
        reply.starts_with("HTTP/1.1 200") && reply.contains("정상 페이지"),
        "no answer after {:?}: {:.200}",
        started.elapsed(),
        reply
    );
    started
}

/// Stopping while hostile clients still hold their connections is prompt: their sockets are
/// shut down (well under one write timeout, 5 s).
/// The clock is the thing tested: without the shutdown, stopping would still end, after the
/// write timeout.
fn stops_promptly(server: studybook::serve::Server) {
    let stopping = Instant::now();
    server.stop();
    assert!(
        stopping.elapsed() < Duration::from_secs(3),
        "stopping took {:?}",
        stopping.elapsed()
    );
}

/// Every entry under `dir`, as paths relative to it, sorted.
pub(super) fn listing(dir: &Path) -> Vec<String> {
    let mut all: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .map(|entry| {
            entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    all.sort();
    all
}

#[test]
fn nothing_is_written_through_a_link_out_of_the_book() {
    let outside = tempfile::tempdir().unwrap();
    let outside = outside.path().canonicalize().unwrap();
    let book = book();
    book.write(
        "content/a.md",
        "# a\n\n```mermaid\nflowchart LR\n  A --> B\n```\n",
    );
    // The diagram cache: a build stores rendered diagrams in `.studybook-cache/`.
    symlink(&outside, book.root().join(".studybook-cache")).unwrap();
    let built = book.build();
    assert_eq!(
        findings(&built),
        ["warning .studybook-cache `.studybook-cache` leads outside the book (a symbolic link): diagrams are neither read from it nor stored in it"]
    );
    assert!(
        built.ok().html("a/").contains("<svg"),
        "the diagram is drawn"
    );
    assert_eq!(
        listing(&outside),
        Vec::<String>::new(),
        "nothing cached out there"
    );

    // `studybook new`, into a topic folder that is a link, or onto a link planted at its name.
    symlink(&outside, book.root().join("content/linked")).unwrap();
    symlink(
        outside.join("planted.md"),
        book.root().join("content/q9-planted.md"),
    )
    .unwrap();
    for name in ["linked/q1-through", "q9-planted"] {
        let error = studybook::scaffold::new_page(book.root(), name).unwrap_err();
        assert!(
            format!("{error:#}").contains("symbolic link that leads outside the book"),
            "{error:#}"
        );
    }
    assert_eq!(listing(&outside), Vec::<String>::new(), "no page out there");

    // `studybook import`, with the topic folders it would write linked out: nothing at all is
    // written, in or out of the book.
    let imported = TestBook::empty();
    imported.write(
        "book.toml",
        "[book]\ntitle = \"스터디\"\nlanguage = \"ko\"\n",
    );
    symlink(&outside, imported.root().join("content")).unwrap();
    let before = listing(imported.root());
    let outcome = studybook::import::run(&studybook::import::ImportOptions {
        round_file: fixtures_dir().join("import/round-markdown.txt"),
        book_dir: imported.root().to_path_buf(),
        ..Default::default()
    })
    .expect("a link out of the book is a mistake in the book, reported");
    let refused = (outcome.diagnostics.iter())
        .filter(|d| d.is_error())
        .filter(|d| {
            d.message
                .contains("symbolic link that leads outside the book")
        })
        .count();
    assert_eq!(
        refused,
        outcome.diagnostics.len() - 1,
        "{:?}",
        outcome.diagnostics
    );
    assert!(refused > 0 && outcome.written.is_none());
    assert_eq!(listing(&outside), Vec::<String>::new(), "no page out there");
    assert_eq!(listing(imported.root()), before, "and none in the book");
}

/// `studybook build BOOK [ARGS]`, as a user runs it (no `--out` unless given): exit status and
/// stderr.
fn build_cli(book: &Path, args: &[&str]) -> (bool, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_studybook"))
        .arg("build")
        .arg(book)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_book_cannot_name_an_output_folder_outside_itself_but_the_command_line_can() {
    let outside = tempfile::tempdir().unwrap();
    let outside = outside.path().canonicalize().unwrap();
    let book = book();
    book.write("content/a.md", "# a\n");
    let target = outside.join("site");
    book.write(
        "book.toml",
        &format!(
            "[book]\ntitle = \"t\"\n\n[build]\noutput-dir = \"{}\"\n",
            target.display()
        ),
    );
    let (ok, stderr) = build_cli(book.root(), &[]);
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("`output-dir` leads outside the book") && stderr.contains("book.toml:5:14"),
        "{stderr}"
    );
    assert!(!target.exists(), "nothing written out there");
    // The same folder named on the command line is the user's choice.
    let (ok, stderr) = build_cli(book.root(), &["--out", &target.display().to_string()]);
    assert!(ok, "{stderr}");
    assert!(target.join("index.html").is_file());

    // `public` committed as a link to an empty folder outside.
    book.write("book.toml", "[book]\ntitle = \"t\"\n");
    let empty = outside.join("empty");
    std::fs::create_dir(&empty).unwrap();
    symlink(&empty, book.root().join("public")).unwrap();
    let (ok, stderr) = build_cli(book.root(), &[]);
    assert!(!ok, "{stderr}");
    assert!(
        stderr
            .contains("the output folder `public` is a symbolic link that leads outside the book"),
        "{stderr}"
    );
    assert_eq!(
        listing(&empty),
        Vec::<String>::new(),
        "nothing written there"
    );
}
