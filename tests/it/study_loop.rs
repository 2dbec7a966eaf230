//! The study loop, round 2 (issue 31): FSRS grades after the answer, stable question ids, the mock
//! interview with its key points, the progress link, and `[study]` in book.toml.

use crate::browser::{run_script, StaticServer};
use crate::harness::*;

const Q1: &str = "content/networking/handshakes/q1-tcp.md";
const Q2: &str = "content/networking/handshakes/q2-quic.md";
const Q3: &str = "content/networking/handshakes/q3-udp.md";

/// Adds `lines` to the front matter of the page at `rel`.
fn with_front(book: &TestBook, rel: &str, lines: &str) {
    let text = std::fs::read_to_string(book.root().join(rel)).unwrap();
    book.write(rel, &text.replacen("+++\n", &format!("+++\n{lines}\n"), 1));
}

/// The basic fixture with a third question whose 핵심 요약 is a list, and ids on Q1 and Q3 (Q2
/// keeps its URL as its key, as a page without `id` does).
fn three_questions() -> TestBook {
    let book = TestBook::fixture("basic");
    with_front(&book, Q1, "id = \"net-tcp\"");
    book.write(
        Q3,
        "+++\ntitle = \"UDP\"\nquestion = 3\norder = 3\nid = \"net-udp\"\n+++\n\n> [!QUESTION]\n> UDP를 설명하시오.\n\n## 핵심 요약\n\n- 연결 없이 보낸다\n- 순서와 도착을 보장하지 않는다\n- **헤더**가 8바이트다\n\n## 더 보기\n\n본문.\n",
    );
    book
}

#[test]
fn a_mock_interview_fsrs_grades_migration_and_the_progress_link_in_chromium() {
    let built = three_questions().build().ok();
    let server = StaticServer::start(&built.out, "/study/");
    let Some(result) = run_script("study-loop.mjs", &[&server.url("/study/")]) else {
        return;
    };
    let checks = result["checks"].as_object().unwrap();
    assert!(checks.len() >= 30, "{result:#}");
}

#[test]
fn the_mock_interview_works_offline_under_a_sub_path() {
    let built = three_questions().build().ok();
    let out = built.out.to_string_lossy().to_string();
    let Some(result) = run_script("offline.mjs", &[&out, "review/interview/"]) else {
        return;
    };
    assert_eq!(result["interviewRuns"], true, "{result:#}");
}

#[test]
fn a_renamed_page_keeps_its_progress() {
    let book = three_questions();
    let site = tempfile::tempdir().unwrap();
    copy_dir(&book.build().ok().out, &site.path().join("old"));
    std::fs::remove_file(book.root().join(Q1)).unwrap();
    book.write(
        "content/networking/tcp-handshake.md",
        "+++\ntitle = \"TCP 3-way handshake\"\nquestion = 1\norder = 1\nid = \"net-tcp\"\n+++\n\n> [!QUESTION]\n> TCP 연결 수립 과정을 설명하시오.\n\n## 핵심 요약\n\nSYN, SYN-ACK, ACK로 1 RTT가 든다.\n",
    );
    let text = std::fs::read_to_string(book.root().join(Q2)).unwrap();
    book.write(Q2, &text.replace("q1-tcp.md", "../tcp-handshake.md"));
    let glossary = std::fs::read_to_string(book.root().join("glossary/terms.toml")).unwrap();
    book.write(
        "glossary/terms.toml",
        &glossary.replace("handshakes/q1-tcp.md", "tcp-handshake.md"),
    );
    copy_dir(&book.build().ok().out, &site.path().join("new"));
    // One origin, as a published book is before and after its reorganisation.
    let server = StaticServer::start(site.path(), "/");
    run_script(
        "study-rename.mjs",
        &[
            &server.url("/old/networking/handshakes/q1-tcp/"),
            &server.url("/new/networking/tcp-handshake/"),
            &server.url("/new/review/"),
        ],
    );
}

#[test]
fn pages_carry_their_progress_key_and_the_interview_its_key_points() {
    let built = three_questions().build().ok();
    let q1 = built.main("networking/handshakes/q1-tcp/");
    assert!(q1.contains("data-key=\"net-tcp\""), "{q1}");
    let answer = q1.find("details class=\"answer\"").unwrap();
    let grades = q1
        .find("class=\"grade-panel")
        .expect("grades after the answer");
    assert!(answer < grades);
    assert!(built
        .main("networking/handshakes/q2-quic/")
        .contains("data-key=\"networking/handshakes/q2-quic/\""));
    let page = built.main("review/interview/");
    let start = page.find("id=\"interview-data\">").unwrap() + "id=\"interview-data\">".len();
    let json = &page[start..start + page[start..].find("</script>").unwrap()];
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    let q3 = &data["questions"][2];
    assert_eq!(q3["key"], "net-udp");
    assert_eq!(q3["question"], "UDP를 설명하시오.");
    assert_eq!(
        q3["points"],
        serde_json::json!([
            "연결 없이 보낸다",
            "순서와 도착을 보장하지 않는다",
            "헤더가 8바이트다"
        ])
    );
    assert_eq!(data["questions"][0]["session_title"], "1회차");
    assert!(page.contains("data-minutes=\"3\""));
    assert!(
        page.contains("src=\"../../static/fsrs.js"),
        "relative script URL"
    );
    // The question bank carries the id and the key points too.
    let bank: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(built.out.join("questions.json")).unwrap())
            .unwrap();
    assert_eq!(bank[0]["id"], "net-tcp");
    assert_eq!(bank[2]["key_points"][2], "헤더가 8바이트다");
    let licence = std::fs::read_to_string(built.out.join("static/fsrs.LICENSE.txt")).unwrap();
    assert!(licence.contains("MIT License"));
}

#[test]
fn key_points_in_front_matter_win_and_the_timer_and_retention_come_from_book_toml() {
    let book = three_questions();
    with_front(&book, Q2, "key_points = [\"UDP 위\", \"0-RTT\"]");
    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    book.write(
        "book.toml",
        &format!("{toml}\n[study]\nretention = 0.85\ninterview-minutes = 5\n"),
    );
    let built = book.build().ok();
    let page = built.main("review/interview/");
    assert!(page.contains("data-minutes=\"5\""));
    assert!(page.contains("[\"UDP 위\",\"0-RTT\"]"), "{page}");
    assert!(built.html("review/").contains("data-retention=\"0.85\""));
}

#[test]
fn a_study_setting_out_of_range_is_an_error_at_its_line() {
    let book = TestBook::fixture("basic");
    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    let lines = toml.lines().count();
    book.write(
        "book.toml",
        &format!("{toml}[study]\nretention = 1.5\ninterview-minutes = 0\n"),
    );
    let checked = book.check();
    let errors = checked.errors();
    assert_eq!(errors.len(), 2, "{}", checked.rendered());
    assert!(
        errors[0].message.contains("retention = 1.5"),
        "{}",
        errors[0].message
    );
    assert_eq!(errors[0].line(), Some(lines + 2));
    assert!(errors[1].message.contains("interview-minutes = 0"));
    assert_eq!(errors[1].line(), Some(lines + 3));
    book.write("book.toml", &format!("{toml}[study]\nretension = 0.9\n"));
    assert!(
        book.check().rendered().contains("retention"),
        "suggests the key"
    );
}

#[test]
fn a_duplicate_id_is_an_error_naming_both_files() {
    let book = three_questions();
    with_front(&book, Q2, "id = \"net-tcp\"");
    let checked = book.check();
    let lines = checked.error_lines();
    assert_eq!(lines.len(), 1, "{}", checked.rendered());
    let error = checked.errors()[0];
    assert!(error.file.ends_with("q2-quic.md"), "{:?}", error.file);
    assert_eq!(error.line(), Some(2), "at the `id` line");
    assert!(error.message.contains("q1-tcp.md"), "{}", error.message);
    let text = std::fs::read_to_string(book.root().join(Q2)).unwrap();
    book.write(Q2, &text.replace("id = \"net-tcp\"", "id = \"빈 칸\""));
    assert!(book.check().rendered().contains("not a usable id"));
}

#[test]
fn the_review_and_interview_pages_have_no_serious_accessibility_violations() {
    let built = three_questions().build().ok();
    let server = StaticServer::start(&built.out, "/");
    run_script(
        "axe.mjs",
        &[
            &server.url("/review/"),
            &server.url("/review/interview/"),
            &server.url("/networking/handshakes/q1-tcp/"),
        ],
    );
}
