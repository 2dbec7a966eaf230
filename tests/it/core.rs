//! The generator core: links, anchors, backlinks, TOC, highlighting, callouts, math, diagrams,
//! plain-folder mode, errors with exact positions, atomic output.

use crate::harness::*;

const Q1: &str = "networking/handshakes/q1-tcp/";
const Q2: &str = "networking/handshakes/q2-quic/";

#[test]
fn relative_md_links_and_wikilinks_resolve_to_relative_urls() {
    let built = TestBook::fixture("basic").build().ok();
    let main = built.main(Q1);
    assert!(
        main.contains("href=\"../../../networking/handshakes/q2-quic/#0-rtt-재개\""),
        "{main}"
    );
    assert!(main.contains(">별칭 링크</a>"));
    assert!(
        main.contains("href=\"../../../networking/handshakes/q2-quic/\">q2-quic</a>"),
        "plain wikilink: {main}"
    );
    assert!(
        dead_links(&built.out).is_empty(),
        "{:?}",
        dead_links(&built.out)
    );
}

#[test]
fn repeated_korean_headings_get_unique_anchors_and_a_toc() {
    let built = TestBook::fixture("basic").build().ok();
    let html = built.html(Q1);
    assert!(html.contains("<h2 id=\"롤링-업데이트\">"));
    assert!(html.contains("<h2 id=\"롤링-업데이트-1\">"));
    assert!(
        html.contains("<a href=\"#롤링-업데이트-1\">롤링 업데이트</a>"),
        "toc entry"
    );
    assert!(html.contains("class=\"anchor\" href=\"#핵심-요약\""));
}

#[test]
fn backlinks_and_related_pages_are_shown() {
    let built = TestBook::fixture("basic").build().ok();
    let main = built.main(Q2);
    let backlinks = &main[main.find("class=\"backlinks\"").expect("backlinks section")..];
    assert!(backlinks.contains("TCP 3-way handshake"), "{backlinks}");
    assert!(main.contains("class=\"related\""));
}

#[test]
fn code_is_highlighted_at_build_time_including_hcl() {
    let built = TestBook::fixture("basic").build().ok();
    let main = built.main(Q1);
    assert!(main.contains("data-lang=\"python\""));
    assert!(main.contains("data-lang=\"hcl\""));
    assert!(main.matches("class=\"hl-").count() > 5, "{main}");
    let css = std::fs::read_to_string(built.out.join("static/highlight.css")).unwrap();
    assert!(css.contains("[data-theme=\"dark\"] .hl-"));
}

#[test]
fn callouts_math_tables_footnotes_and_tasks_render() {
    let built = TestBook::fixture("basic").build().ok();
    let main = built.main(Q1);
    assert!(main.contains("<aside class=\"callout callout-tip\""));
    assert!(main.contains("<section class=\"question\""));
    assert!(main.contains("<details class=\"answer\" open>"));
    assert!(
        main.contains("<math") && main.contains("<mfrac>"),
        "MathML at build time"
    );
    assert!(main.contains("<table>"));
    // Footnotes are gathered at the end (GitHub's way): `phone::footnotes_…` checks the markup.
    assert!(main.contains("<section class=\"footnotes\""));
    assert!(main.contains("type=\"checkbox\""));
}

#[test]
fn diagrams_are_inline_svg_figures_with_unique_ids() {
    let built = TestBook::fixture("basic").build().ok();
    let main = built.main(Q2);
    assert_eq!(main.matches("<figure class=\"diagram").count(), 2);
    assert!(main.contains("<figcaption><span>핸드셰이크 순서</span> <a class=\"diagram-open\""));
    assert!(main.contains("aria-label=\"핸드셰이크 순서\""));
    let ids: Vec<&str> = main
        .split(" id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    let unique: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "duplicate ids on one page");
    let q1 = built.main(Q1);
    assert!(
        q1.contains("diagram-pikchr") && q1.contains("가용\u{a0}영역\u{a0}A"),
        "pikchr keeps Hangul labels"
    );
    assert!(
        !built.html(Q2).contains("<script src=\"https://"),
        "no diagram JavaScript"
    );
}

#[test]
fn sessions_tags_glossary_and_home_pages_exist() {
    let built = TestBook::fixture("basic").build().ok();
    let session = built.main("sessions/r1/");
    assert!(session.contains("TCP 3-way handshake") && session.contains("QUIC"));
    assert!(
        session.find("TCP 3-way").unwrap() < session.find("QUIC</a>").unwrap(),
        "in question order"
    );
    assert!(built.main("tags/프로토콜/").contains("QUIC"));
    let glossary = built.main("glossary/");
    assert!(glossary.contains("id=\"term-round-trip-time\""));
    let home = built.main("");
    assert!(home.contains("네트워크") && home.contains("핸드셰이크") && home.contains("Q1"));
    assert!(built.exists("404.html") && built.exists("sitemap.xml"));
    let html = built.html(Q1);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ko\">"));
    assert!(
        html.contains("aria-current=\"page\""),
        "sidebar marks the current page"
    );
}

#[test]
fn glossary_terms_link_first_mention_with_particles() {
    let book = TestBook::fixture("basic");
    book.write("content/networking/handshakes/q3.md", "+++\ntitle = \"Q3\"\n+++\n\n왕복 시간을 줄인다. 왕복 시간은 다시 링크하지 않는다. `왕복 시간` 코드.\n");
    let built = book.build().ok();
    let main = built.main("networking/handshakes/q3/");
    assert_eq!(main.matches("class=\"term\"").count(), 1, "{main}");
    assert!(main.contains(
        "href=\"../../../glossary/#term-round-trip-time\" aria-describedby=\"def-term-round-trip-time\">왕복 시간</a><span class=\"term-def\""
    ));
}

#[test]
fn a_glossary_answer_names_its_page_in_nfc_wherever_it_is_shown() {
    let book = TestBook::fixture("basic");
    book.write(
        "content/networking/handshakes/왕복.md",
        "+++\ntitle = \"왕복 정리\"\n+++\n\n본문.\n",
    );
    // The answer as macOS writes Hangul names: decomposed (NFD).
    let nfd: String = "networking/handshakes/왕복.md"
        .chars()
        .flat_map(|c| match u32::from(c) {
            code @ 0xAC00..=0xD7A3 => {
                let s = code - 0xAC00;
                let lead = char::from_u32(0x1100 + s / 588).unwrap();
                let vowel = char::from_u32(0x1161 + (s % 588) / 28).unwrap();
                let tail = (s % 28 != 0).then(|| char::from_u32(0x11A7 + s % 28).unwrap());
                [Some(lead), Some(vowel), tail]
            }
            _ => [Some(c), None, None],
        })
        .flatten()
        .collect();
    assert_ne!(nfd, "networking/handshakes/왕복.md");
    book.write(
        "glossary/terms.toml",
        &format!("[[term]]\nko = \"왕복 시간\"\nen = \"Round-trip time\"\ndefinition = \"정의.\"\nanswer = \"{nfd}\"\n"),
    );
    let built = book.build().ok();
    let glossary = built.main("glossary/");
    assert!(glossary.contains("왕복 정리</a>"), "{glossary}");
    let meta = built.html("search/meta.json");
    assert!(meta.contains("\"docTopic\":[-1,0,0,0,0,0,0]"), "{meta}");
}

#[test]
fn a_glossary_answer_that_names_no_page_is_one_error_at_the_answer() {
    let book = TestBook::fixture("basic");
    book.write(
        "glossary/terms.toml",
        "[[term]]\nko = \"왕복 시간\"\ndefinition = \"정의.\"\nanswer = \"networking/nowhere.md\"\n",
    );
    for built in [book.build(), book.check()] {
        assert_eq!(
            built.error_lines(),
            ["glossary/terms.toml:4:10 glossary term `왕복 시간` points to `networking/nowhere.md`, which is not a page"],
        );
    }
}

#[test]
fn titles_from_front_matter_are_escaped_but_raw_html_is_kept() {
    let book = TestBook::fixture("basic");
    book.write(
        "content/x.md",
        "+++\ntitle = \"<script>alert(1)</script>\"\n+++\n\n<script>console.log('kept')</script>\n",
    );
    let built = book.build().ok();
    let html = built.html("x/");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || html.contains("&lt;script&gt;alert(1)"),
        "title escaped"
    );
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("<script>console.log('kept')</script>"));
}

#[test]
fn plain_folder_of_notes_builds_with_hangul_names_and_warnings() {
    let built = TestBook::fixture("plain_notes").build().ok();
    assert_eq!(built.warnings().len(), 1, "{}", built.rendered());
    assert!(built.warnings()[0].message.contains("없는파일.md"));
    let page = built.main("네트워크-노트/tcp-정리/");
    assert!(
        page.contains("<h1>TCP 정리</h1>"),
        "title from the first heading: {page}"
    );
    assert_eq!(
        page.matches("<h1").count(),
        1,
        "the heading became the title, not a second h1"
    );
    assert!(
        page.contains("href=\"../../네트워크-노트/심화/혼잡-제어/#cubic\""),
        "{page}"
    );
    assert!(
        page.contains("src=\"../../네트워크%20노트/사진.png\""),
        "{page}"
    );
    assert!(
        built.exists("네트워크 노트/사진.png"),
        "assets keep their paths"
    );
    assert!(
        built.main("").contains("내 노트"),
        "README.md is the home page"
    );
}

#[test]
fn broken_inputs_report_every_error_with_file_line_column() {
    let book = TestBook::fixture("broken");
    book.write("public/index.html", "previous site");
    book.write("public/.studybook-output", "index.html\n");
    let built = book.build();
    let errors = built.error_lines();
    let expect = [
        ("content/t/a.md:7:1", "broken link `nope.md`"),
        ("content/t/a.md:7:21", "broken anchor `#없는-제목`"),
        ("content/t/b.md:3:9", "invalid front matter"),
        ("content/t/a.md:3:12", "unknown session `r9`"),
    ];
    for (location, message) in expect {
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with(location) && e.contains(message)),
            "missing {location} {message} in {errors:#?}"
        );
    }
    assert!(
        built.rendered().contains("help: did you mean"),
        "{}",
        built.rendered()
    );
    let warnings: Vec<String> = built.warnings().iter().map(|d| d.location()).collect();
    assert!(
        warnings.contains(&"content/t/c.md:7:1".to_string()),
        "unknown language warning: {warnings:?}"
    );
    assert_eq!(
        std::fs::read_to_string(book.out().join("index.html")).unwrap(),
        "previous site",
        "failed build left the old site"
    );
}

#[test]
fn check_writes_nothing_and_reports_lints() {
    let book = TestBook::fixture("basic");
    book.write(
        "content/networking/handshakes/q9.md",
        "+++\ntitle = \"Q9\"\nquestion = 9\n+++\n\n> [!QUESTION]\n> 문제\n\nTODO 쓰기\n",
    );
    let built = book.check();
    assert!(!book.out().exists());
    let lints: Vec<String> = built.warnings().iter().map(|d| d.message.clone()).collect();
    assert!(lints.iter().any(|m| m.contains("핵심 요약")), "{lints:?}");
    assert!(lints.iter().any(|m| m.contains("TODO")), "{lints:?}");
    assert!(
        lints.iter().any(|m| m.contains("links to no other answer")),
        "{lints:?}"
    );
}

#[test]
fn a_theme_template_overrides_the_builtin_one() {
    let built = TestBook::fixture("theme_override").build().ok();
    assert!(built
        .html("p/")
        .contains("<div class=\"custom-page\">CUSTOM P</div>"));
}

#[test]
fn deleted_pages_leave_no_stale_output() {
    let book = TestBook::fixture("basic");
    book.build().ok();
    assert!(book.out().join(Q2).exists());
    std::fs::remove_file(book.root().join("content/networking/handshakes/q2-quic.md")).unwrap();
    std::fs::write(
        book.root().join("content/networking/handshakes/q1-tcp.md"),
        "+++\ntitle = \"TCP\"\nquestion = 1\n+++\n\n본문\n",
    )
    .unwrap();
    book.build().ok();
    assert!(!book.out().join(Q2).exists());
    assert!(book.out().join(Q1).exists());
}

#[test]
fn output_folder_with_foreign_files_is_refused() {
    let book = TestBook::fixture("basic");
    book.write("public/notes.txt", "mine");
    let options = studybook::Options {
        root: book.root().to_path_buf(),
        overrides: studybook::config::Overrides {
            output_dir: Some(book.out()),
            base_url: None,
            audience: Default::default(),
        },
        mode: studybook::Mode::Build,
        caches: Default::default(),
    };
    let error = studybook::build(&options).unwrap_err().to_string();
    assert!(error.contains("did not write"), "{error}");
    assert_eq!(
        std::fs::read_to_string(book.out().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn new_creates_a_page_with_front_matter() {
    let book = TestBook::fixture("basic");
    let path = studybook::scaffold::new_page(book.root(), "networking/udp").unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.starts_with("+++\ntitle = \"udp\""));
    assert!(
        studybook::scaffold::new_page(book.root(), "networking/udp").is_err(),
        "never overwrites"
    );
    book.build().ok();
}

#[test]
fn base_url_gives_canonical_links_an_absolute_sitemap_and_a_404_that_works_at_any_depth() {
    let built = TestBook::fixture("basic")
        .build_at("https://example.github.io/study/")
        .ok();
    let html = built.html(Q1);
    assert!(html.contains("<link rel=\"canonical\" href=\"https://example.github.io/study/networking/handshakes/q1-tcp/\">"));
    assert!(
        html.contains("href=\"../../../static/style.css"),
        "internal URLs stay relative"
    );
    let sitemap = std::fs::read_to_string(built.out.join("sitemap.xml")).unwrap();
    assert!(sitemap
        .contains("<loc>https://example.github.io/study/networking/handshakes/q1-tcp/</loc>"));
    let not_found = built.html("404.html");
    assert!(
        not_found.contains("href=\"/study/static/style.css"),
        "404 links use the base path"
    );
    assert!(!not_found.contains("href=\"../"));
}
