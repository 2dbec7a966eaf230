//! The study loop (issue 21): the review page and its marks in a browser, the Anki deck and the
//! question bank, "먼저 읽기", authors from git, the `reviewed` lint, and the concept map's labels.

use crate::browser::{run_script, StaticServer};
use crate::harness::*;

const Q1: &str = "content/networking/handshakes/q1-tcp.md";
const Q2: &str = "content/networking/handshakes/q2-quic.md";

/// Adds `lines` to the front matter of the page at `rel`.
fn with_front(book: &TestBook, rel: &str, lines: &str) {
    let text = std::fs::read_to_string(book.root().join(rel)).unwrap();
    book.write(rel, &text.replacen("+++\n", &format!("+++\n{lines}\n"), 1));
}

#[test]
fn marks_drive_the_review_page_and_export_then_import_round_trips_under_a_sub_path() {
    let built = TestBook::fixture("basic").build().ok();
    let server = StaticServer::start(&built.out, "/study/");
    let download = tempfile::tempdir().unwrap();
    let Some(result) = run_script(
        "review.mjs",
        &[
            &server.url("/study/networking/handshakes/q1-tcp/"),
            &server.url("/study/review/"),
            &server.url("/study/map/"),
            download.path().to_str().unwrap(),
        ],
    ) else {
        return;
    };
    let checks = result["checks"].as_object().unwrap();
    assert!(checks.len() >= 12, "{result:#}");
    assert!(checks.values().all(|v| v == true), "{result:#}");
}

#[test]
fn the_review_page_lists_every_question_as_data_and_says_what_it_needs_without_javascript() {
    let built = TestBook::fixture("basic").build().ok();
    let main = built.main("review/");
    assert!(
        main.contains("<noscript>") && main.contains("JavaScript가 필요합니다"),
        "{main}"
    );
    assert!(
        main.contains("이 브라우저에만 저장됩니다"),
        "says where marks live"
    );
    let start =
        main.find("id=\"review-data\">").expect("embedded data") + "id=\"review-data\">".len();
    let json = &main[start..start + main[start..].find("</script>").unwrap()];
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    let urls: Vec<&str> = data["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        urls,
        [
            "networking/handshakes/q1-tcp/",
            "networking/handshakes/q2-quic/"
        ]
    );
    assert_eq!(data["questions"][0]["topic"], "네트워크");
    assert!(
        main.contains("src=\"../static/review.js"),
        "relative script URL"
    );
    // Linked from the header of every page and from the question page's study tools.
    let question = built.html("networking/handshakes/q1-tcp/");
    assert!(question.contains("class=\"review-nav\" href=\"../../../review/\""));
    assert!(question.contains("class=\"review-link\" href=\"../../../review/\""));
    assert!(built
        .html("")
        .contains("class=\"review-nav\" href=\"review/\""));
}

#[test]
fn flashcards_carry_the_answer_summary_a_link_and_tags_anki_can_read() {
    let book = TestBook::fixture("basic");
    let built = book.build_at("https://study.example.com/book/").ok();
    let tsv = std::fs::read_to_string(built.out.join("flashcards.tsv")).unwrap();
    let headers: Vec<&str> = tsv.lines().take_while(|l| l.starts_with('#')).collect();
    assert_eq!(
        headers,
        [
            "#separator:tab",
            "#html:true",
            "#deck:테스트 북",
            "#tags column:3",
            "#guid column:4"
        ]
    );
    let cards: Vec<Vec<&str>> = tsv
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(cards.len(), 2, "{tsv}");
    let (front, back, tags, guid) = (cards[0][0], cards[0][1], cards[0][2], cards[0][3]);
    assert!(
        front.contains("핸드셰이크") && front.contains("TCP 연결 수립 과정을 설명하시오."),
        "{front}"
    );
    assert!(back.contains("SYN, SYN-ACK, ACK로 1 RTT가 든다."), "{back}");
    assert!(
        back.contains("<a href=\"https://study.example.com/book/networking/handshakes/q1-tcp/\">"),
        "{back}"
    );
    let tags: Vec<&str> = tags.split(' ').collect();
    assert_eq!(tags, ["네트워크", "session::r1", "프로토콜", "지연_시간"]);
    assert_eq!(
        guid,
        "studybook:https://study.example.com/book/networking/handshakes/q1-tcp/"
    );

    // Without a base URL the link is relative to the site root.
    let built = TestBook::fixture("basic").build().ok();
    let tsv = std::fs::read_to_string(built.out.join("flashcards.tsv")).unwrap();
    assert!(
        tsv.contains("<a href=\"networking/handshakes/q1-tcp/\">"),
        "{tsv}"
    );
}

#[test]
fn the_question_bank_has_the_answer_url_tags_requires_and_summary() {
    let book = TestBook::fixture("basic");
    with_front(
        &book,
        Q2,
        "reviewed = \"2025-06-01\"\nauthors = [\"편집자\"]",
    );
    let built = book.build_at("https://study.example.com/").ok();
    let bank: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(built.out.join("questions.json")).unwrap())
            .unwrap();
    let q2 = &bank[1];
    assert_eq!(q2["question"], "QUIC을 설명하시오.");
    assert_eq!(q2["summary"], "QUIC은 UDP 위의 전송 프로토콜이다.");
    assert_eq!(
        q2["answer_url"],
        "https://study.example.com/networking/handshakes/q2-quic/"
    );
    assert_eq!(q2["url"], "networking/handshakes/q2-quic/");
    assert_eq!(q2["tags"], serde_json::json!(["프로토콜"]));
    assert_eq!(
        q2["requires"],
        serde_json::json!([{"title": "TCP 3-way handshake", "url": "networking/handshakes/q1-tcp/"}])
    );
    assert_eq!(q2["scenario"], "핸드셰이크");
    assert_eq!(q2["session"], "r1");
    assert_eq!(q2["number"], 2);
    assert_eq!(q2["authors"], serde_json::json!(["편집자"]));
    assert_eq!(q2["reviewed"], "2025-06-01");
    assert!(bank[0]["reviewed"].is_null());
}

#[test]
fn read_first_links_the_required_pages_before_the_answer() {
    let built = TestBook::fixture("basic").build().ok();
    let main = built.main("networking/handshakes/q2-quic/");
    let read_first = main.find("class=\"read-first\"").expect("먼저 읽기");
    let answer = main.find("details class=\"answer\"").expect("the answer");
    assert!(read_first < answer, "먼저 읽기 comes before the answer");
    let block = &main[read_first..answer];
    assert!(
        block.contains("먼저 읽기")
            && block.contains("href=\"../../../networking/handshakes/q1-tcp/\""),
        "{block}"
    );
    assert!(
        !built
            .main("networking/handshakes/q1-tcp/")
            .contains("read-first"),
        "q1 requires nothing"
    );
}

/// Runs git in `root` with fixed dates; false when git is missing or fails.
fn git(root: &std::path::Path, args: &[&str]) -> bool {
    std::process::Command::new("git")
        .args(args)
        .current_dir(root)
        .env("GIT_AUTHOR_DATE", "2024-02-03T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2024-02-03T10:00:00Z")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", root)
        .output()
        .is_ok_and(|output| output.status.success())
}

fn commit_as(root: &std::path::Path, name: &str, message: &str) -> bool {
    git(root, &["add", "-A"])
        && git(
            root,
            &[
                "-c",
                &format!("user.name={name}"),
                "-c",
                &format!("user.email={message}@example.com"),
                "commit",
                "-qm",
                message,
            ],
        )
}

#[test]
fn authors_come_from_git_newest_first_without_emails_and_front_matter_overrides() {
    let book = TestBook::fixture("basic");
    assert!(
        !book
            .build()
            .ok()
            .html("networking/handshakes/q1-tcp/")
            .contains("작성:"),
        "no git and no front matter: no authors"
    );
    if !git(book.root(), &["init", "-q"]) {
        eprintln!("git is not available; skipping");
        return;
    }
    assert!(commit_as(book.root(), "김철수", "first"));
    let q1 = std::fs::read_to_string(book.root().join(Q1)).unwrap();
    book.write(Q1, &format!("{q1}\n고친 문단.\n"));
    assert!(commit_as(book.root(), "Lee Younghee", "second"));
    book.write(Q1, &format!("{q1}\n다시 고친 문단.\n"));
    assert!(commit_as(book.root(), "김철수", "third"));
    with_front(&book, Q2, "authors = [\"편집자\", \"검토자\"]");
    let built = book.build().ok();
    let q1_meta = built.main("networking/handshakes/q1-tcp/");
    assert!(
        q1_meta.contains("<span class=\"authors\">작성: 김철수, Lee Younghee</span>"),
        "{q1_meta}"
    );
    assert!(!q1_meta.contains("@example.com"), "no e-mail addresses");
    let q2_meta = built.main("networking/handshakes/q2-quic/");
    assert!(
        q2_meta.contains("작성: 편집자, 검토자"),
        "front matter wins: {q2_meta}"
    );
    let q2 = std::fs::read_to_string(book.root().join(Q2)).unwrap();
    book.write(
        Q2,
        &q2.replace("authors = [\"편집자\", \"검토자\"]", "authors = []"),
    );
    assert!(
        !book
            .build()
            .ok()
            .main("networking/handshakes/q2-quic/")
            .contains("작성:"),
        "`authors = []` shows none"
    );
}

#[test]
fn check_warns_about_an_answer_not_reviewed_for_a_year_and_the_page_shows_the_date() {
    let book = TestBook::fixture("basic");
    with_front(&book, Q1, "reviewed = \"2000-01-02\"");
    let today = studybook::date::Date::today().to_string();
    with_front(&book, Q2, &format!("reviewed = {today}"));
    let checked = book.check();
    let stale: Vec<_> = checked
        .warnings()
        .into_iter()
        .filter(|d| d.message.contains("last reviewed"))
        .collect();
    assert_eq!(stale.len(), 1, "{}", checked.rendered());
    assert!(stale[0].file.ends_with("q1-tcp.md"), "{:?}", stale[0].file);
    assert_eq!(stale[0].line(), Some(2), "points at the `reviewed` key");
    assert!(stale[0].message.contains("2000-01-02"));
    assert!(stale[0]
        .help
        .as_deref()
        .unwrap_or("")
        .contains("review-max-age-days"));
    let built = book.build().ok();
    assert!(built
        .main("networking/handshakes/q1-tcp/")
        .contains("검토: <time datetime=\"2000-01-02\">2000-01-02</time>"));

    // The limit is the book's to set.
    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    book.write(
        "book.toml",
        &format!("{toml}\n[lint]\nreview-max-age-days = 100000\n"),
    );
    assert!(!book.check().rendered().contains("last reviewed"));

    // A date that does not exist is an error at its line, saying how to write one.
    let q1 = std::fs::read_to_string(book.root().join(Q1)).unwrap();
    book.write(Q1, &q1.replace("2000-01-02", "2025-02-30"));
    let built = book.check();
    let error = built.errors().into_iter().next().expect("an error").clone();
    assert!(
        error.message.contains("2025-02-30") && error.message.contains("YYYY-MM-DD"),
        "{}",
        error.message
    );
    assert_eq!(error.line(), Some(2));
}

#[test]
fn concept_map_labels_are_at_least_11_px_fit_the_map_and_keep_their_full_title() {
    let book = TestBook::fixture("basic");
    let long = "Kubernetes 도입이 운영 부담을 줄이는가 아니면 새로운 복잡성을 더하는가";
    let q1 = std::fs::read_to_string(book.root().join(Q1)).unwrap();
    book.write(
        Q1,
        &q1.replace(
            "title = \"TCP 3-way handshake\"",
            &format!("title = \"{long}\""),
        ),
    );
    let built = book.build().ok();
    let map = built.main("map/");
    let svg = &map[map.find("<svg class=\"concept-map\"").expect("a map")..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    let attr = |tag: &str, name: &str| -> f64 {
        let start = tag
            .find(&format!(" {name}=\""))
            .unwrap_or_else(|| panic!("{name} in {tag}"))
            + name.len()
            + 3;
        tag[start..start + tag[start..].find('"').unwrap()]
            .parse()
            .unwrap()
    };
    let root = &svg[..svg.find('>').unwrap()];
    let view_box: Vec<f64> = {
        let start = root.find("viewBox=\"").unwrap() + 9;
        root[start..start + root[start..].find('"').unwrap()]
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect()
    };
    // Drawn at its own size: one unit of the map is one CSS pixel.
    assert_eq!(attr(root, "width"), view_box[2]);
    assert_eq!(attr(root, "height"), view_box[3]);
    let texts: Vec<&str> = svg
        .split("<text")
        .skip(1)
        .map(|t| &t[..t.find('>').unwrap()])
        .collect();
    assert!(texts.len() >= 3, "labels and legend");
    for text in &texts {
        assert!(attr(text, "font-size") >= 11.0, "{text}");
    }
    let css = std::fs::read_to_string(built.out.join("static/style.css")).unwrap();
    assert!(
        css.contains(".cm-label { fill: var(--text); font-size: 13px; }"),
        "the CSS agrees"
    );
    // Every label fits between its node and the edge of the map.
    for label in svg.split("class=\"cm-label\"").skip(1) {
        let shown = &label[label.find('>').unwrap() + 1..label.find("</text>").unwrap()];
        assert!(
            studybook::conceptmap::text_width(shown) <= studybook::conceptmap::LABEL_ROOM,
            "{shown}"
        );
    }
    // The long title is abbreviated on the map and whole on hover and in the accessible name,
    // which the <title> gives (issue 30: an aria-label must contain the visible text word for
    // word, and the abbreviation's "…" breaks that).
    assert!(svg.contains(&format!("<title>Q1 {long}</title>")), "{svg}");
    assert!(!svg.contains(&format!("aria-label=\"Q1 {long}\"")));
    // And the list that phones show holds it whole too.
    assert!(map.contains(&format!(">Q1 {long}</a>")), "list fallback");
}
