//! Study features in headless Chromium: 시험 모드, progress marks, glossary tooltips, dark mode,
//! and accessibility (axe-core) on every kind of page.

use crate::browser::{run_script, StaticServer};
use crate::harness::*;

#[test]
fn exam_mode_progress_marks_glossary_tooltip_and_theme_work_in_a_browser() {
    let built = TestBook::fixture("basic").build().ok();
    let server = StaticServer::start(&built.out, "/");
    let Some(result) = run_script(
        "study.mjs",
        &[
            &server.url("/networking/handshakes/q1-tcp/"),
            &server.url("/networking/handshakes/q2-quic/"),
            &server.url("/networking/handshakes/"),
        ],
    ) else {
        return;
    };
    assert!(
        result["checks"]
            .as_object()
            .unwrap()
            .values()
            .all(|v| v == true),
        "{result}"
    );
}

#[test]
fn every_kind_of_page_has_no_serious_accessibility_violations() {
    let built = TestBook::fixture("basic").build().ok();
    let server = StaticServer::start(&built.out, "/");
    let pages = [
        "/",
        "/networking/",
        "/networking/handshakes/",
        "/networking/handshakes/q1-tcp/",
        "/sessions/r1/",
        "/tags/프로토콜/",
        "/glossary/",
        "/search/",
        "/map/",
    ];
    let urls: Vec<String> = pages.iter().map(|p| server.url(p)).collect();
    let args: Vec<&str> = urls.iter().map(String::as_str).collect();
    let Some(result) = run_script("axe.mjs", &args) else {
        return;
    };
    assert_eq!(
        result["problems"].as_array().map(Vec::len),
        Some(0),
        "{result:#}"
    );
}

#[test]
fn reading_order_respects_requires_and_a_cycle_is_an_error_naming_the_pages() {
    let book = TestBook::fixture("basic");
    // q1 now requires q2, which already requires q1: a cycle.
    let q1 = std::fs::read_to_string(book.root().join("content/networking/handshakes/q1-tcp.md"))
        .unwrap();
    book.write(
        "content/networking/handshakes/q1-tcp.md",
        &q1.replacen("order = 1\n", "order = 1\nrequires = [\"q2-quic.md\"]\n", 1),
    );
    let built = book.build();
    let cycle = built
        .errors()
        .iter()
        .find(|d| d.message.contains("cycle"))
        .map(|d| d.message.clone())
        .expect("a cycle error");
    assert!(
        cycle.contains("q1-tcp.md") && cycle.contains("q2-quic.md"),
        "{cycle}"
    );

    // Without the cycle, a page that requires another is listed after it even if ordered first.
    let book = TestBook::fixture("basic");
    book.write("content/networking/a-first.md", "+++\ntitle = \"먼저 정렬되지만 나중에 읽기\"\norder = 0\nrequires = [\"handshakes/q2-quic.md\"]\n+++\n본문\n");
    let built = book.build().ok();
    let main = built.main("networking/");
    let order = &main[main.find("id=\"reading-order\"").expect("reading order")..];
    assert!(
        order.find("QUIC").unwrap() < order.find("먼저 정렬되지만").unwrap(),
        "{order}"
    );
}

#[test]
fn flashcards_and_the_question_bank_hold_every_question_with_its_summary() {
    let built = TestBook::fixture("basic").build().ok();
    let tsv = std::fs::read_to_string(built.out.join("flashcards.tsv")).unwrap();
    let cards: Vec<&str> = tsv.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(cards.len(), 2, "{tsv}");
    let fields: Vec<&str> = cards[0].split('\t').collect();
    assert_eq!(fields.len(), 3);
    assert_eq!(fields[0], "TCP 연결 수립 과정을 설명하시오.");
    assert_eq!(fields[1], "SYN, SYN-ACK, ACK로 1 RTT가 든다.");
    assert!(
        fields[2].contains("네트워크") && fields[2].contains("session::r1"),
        "{}",
        fields[2]
    );
    let bank: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(built.out.join("questions.json")).unwrap())
            .unwrap();
    assert_eq!(bank[1]["question"], "QUIC을 설명하시오.");
    let sheet = built.main("print/questions/");
    assert!(
        sheet.contains("TCP 연결 수립 과정을 설명하시오.") && !sheet.contains("SYN-ACK"),
        "questions only"
    );
}
