//! Study features in headless Chromium: 시험 모드, progress marks, glossary tooltips, dark mode,
//! and accessibility (axe-core) on every kind of page.

use crate::browser::{assert_accessible, assert_checks_pass, run_script, StaticServer};
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
    assert_checks_pass(&result);
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
        "/review/",
    ];
    assert_accessible(&server, &pages);
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
    assert_eq!(fields.len(), 4, "front, back, tags, guid");
    assert!(
        fields[0].contains("TCP 연결 수립 과정을 설명하시오."),
        "{}",
        fields[0]
    );
    assert!(
        fields[1].contains("SYN, SYN-ACK, ACK로 1 RTT가 든다."),
        "{}",
        fields[1]
    );
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

#[test]
fn the_print_edition_holds_every_page_once_with_unique_ids() {
    let built = TestBook::fixture("basic").build().ok();
    let print = built.html("print/");
    assert!(print.contains("SYN, SYN-ACK, ACK로 1"), "the answers' text");
    let ids: Vec<&str> = print
        .split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let unique: std::collections::HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "ids repeat on the print page");
    assert!(ids.iter().any(|id| id.starts_with("p-")), "{ids:?}");
}

#[test]
fn a_big_book_gets_one_print_edition_per_topic() {
    let book = TestBook::empty();
    book.write("book.toml", "[book]\ntitle = \"큰 책\"\n");
    let per_topic = studybook::render::PRINT_WHOLE_MAX_PAGES / 2 + 1;
    for topic in ["alpha", "beta"] {
        book.write(
            &format!("content/{topic}/_index.md"),
            &format!("+++\ntitle = \"주제 {topic}\"\n+++\n"),
        );
        for idx in 0..per_topic {
            book.write(
                &format!("content/{topic}/p{idx:03}.md"),
                &format!("+++\ntitle = \"{topic} {idx}\"\n+++\n\n본문 {topic}-TEXT-{idx}\n"),
            );
        }
    }
    let built = book.build().ok();
    let index = built.main("print/");
    assert!(
        index.contains("print/alpha/") && index.contains("print/beta/"),
        "print/ lists the topic editions: {index}"
    );
    let alpha = built.html("print/alpha/");
    assert!(
        alpha.contains("alpha-TEXT-0") && alpha.contains(&format!("alpha-TEXT-{}", per_topic - 1))
    );
    assert!(
        !alpha.contains("beta-TEXT-"),
        "an edition holds its own topic only"
    );
    assert!(built.html("print/beta/").contains("beta-TEXT-3"));
}

#[test]
fn a_tag_on_every_page_relates_each_page_to_its_neighbours() {
    let book = TestBook::empty();
    book.write("book.toml", "[book]\ntitle = \"태그\"\n");
    book.write("content/t/_index.md", "+++\ntitle = \"주제\"\n+++\n");
    for idx in 0..150 {
        book.write(
            &format!("content/t/p{idx:03}.md"),
            &format!("+++\ntitle = \"쪽 {idx:03}\"\ntags = [\"공통\"]\n+++\n\n본문\n"),
        );
    }
    let built = book.build().ok();
    let last = built.html("t/p149/");
    let related = last
        .split("class=\"related\"")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("related pages");
    // Pages near it in the book, not the book's first pages (a tag on every page must not make
    // every page weigh every other one).
    let numbers: Vec<u32> = related
        .split("쪽 ")
        .skip(1)
        .map(|rest| rest[..3].parse().unwrap())
        .collect();
    assert_eq!(numbers.len(), 5, "{related}");
    assert!(numbers.iter().all(|&n| n >= 150 - 64), "{numbers:?}");
}

/// A book with a topic and a question directly in `content/`, outside every topic.
fn book_with_a_page_outside_every_topic() -> TestBook {
    let book = TestBook::empty();
    book.write("book.toml", "[book]\ntitle = \"지도\"\n");
    book.write("content/net/_index.md", "+++\ntitle = \"네트워크\"\n+++\n");
    book.write(
        "content/net/q1.md",
        "+++\ntitle = \"주제 안의 질문\"\nquestion = 1\n+++\n\n> [!QUESTION]\n> 안쪽 문제?\n\n[밖](../loose.md)\n\n본문 IN-MARK\n",
    );
    book.write(
        "content/loose.md",
        "+++\ntitle = \"주제 밖의 질문\"\nquestion = 2\n+++\n\n> [!QUESTION]\n> 바깥 문제?\n\n본문 OUT-MARK\n",
    );
    book
}

#[test]
fn a_page_outside_every_topic_is_in_the_sidebar_printed_mapped_and_asked_after_the_topics() {
    let built = book_with_a_page_outside_every_topic().build().ok();
    let print = built.main("print/");
    let (inside, outside) = (print.find("IN-MARK"), print.find("OUT-MARK"));
    assert!(
        inside.is_some() && outside > inside,
        "the print edition holds it, after the topics: {print}"
    );
    let sheet = built.main("print/questions/");
    assert!(
        sheet.contains("기타 · 주제 밖의 질문") && sheet.contains("바깥 문제?"),
        "{sheet}"
    );
    assert!(built.html("review/").contains("주제 밖의 질문"));
    let page = built.html("net/q1/");
    let sidebar = &page[page.find("class=\"nav-topics\"").expect("the sidebar")..];
    let sidebar = &sidebar[..sidebar.find("class=\"nav-extra\"").unwrap()];
    let (topic, outside) = (sidebar.find(">네트워크<"), sidebar.find(">주제 밖의 질문<"));
    assert!(
        topic.is_some() && outside > topic,
        "the sidebar lists it after the topics: {sidebar}"
    );

    let map = built.main("map/");
    let list = &map[map.find("class=\"cm-list").expect("the map's list")..];
    let groups: Vec<(&str, &str)> = list
        .split("<span class=\"cm-list-topic\">")
        .skip(1)
        .map(|group| group.split_once("</span>").unwrap())
        .collect();
    let names: Vec<&str> = groups.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, ["네트워크", "기타"], "{list}");
    let first = groups[0].1.split("</ul>").next().unwrap();
    assert!(first.contains(">Q1 주제 안의 질문<"), "{list}");
    assert!(
        !first.contains("<li><a href=\"../loose/\">"),
        "not listed as the first topic's: {list}"
    );
    assert!(groups[1].1.contains(">Q2 주제 밖의 질문<"), "{list}");
    let svg = &map[map.find("<svg class=\"concept-map\"").expect("a map")..];
    assert_eq!(
        svg.matches("class=\"cm-legend\"").count(),
        2,
        "the legend names its group"
    );
}

#[test]
fn a_big_books_print_index_links_the_pages_outside_every_topic() {
    let book = book_with_a_page_outside_every_topic();
    for idx in 0..studybook::render::PRINT_WHOLE_MAX_PAGES {
        book.write(
            &format!("content/net/p{idx:03}.md"),
            &format!("+++\ntitle = \"쪽 {idx}\"\n+++\n\n본문\n"),
        );
    }
    let built = book.build().ok();
    let index = built.main("print/");
    assert!(index.contains("print/net/"), "{index}");
    assert!(
        index.contains("loose/") && index.contains("주제 밖의 질문"),
        "{index}"
    );
}
