//! Links and names: cycles, pages that collide on one URL, folders, percent-encoding, repeats.

use unicode_normalization::UnicodeNormalization;

use super::{assert_nothing_written, book, findings};

#[test]
fn a_link_cycle_builds_with_backlinks_both_ways() {
    let book = book();
    book.write(
        "content/a.md",
        "# A\n\n[B로](b.md), [나 자신](a.md), [[b]]\n",
    );
    book.write("content/b.md", "# B\n\n[A로](a.md#a)\n");
    let built = book.build();
    assert_eq!(
        findings(&built),
        ["error content/b.md:3:1 broken anchor `#a`: `a.md` has no such heading"],
        "the title heading is dropped, so `#a` is not an anchor"
    );
    book.write("content/b.md", "# B\n\n[A로](a.md)\n");
    let built = book.build().ok();
    let a = built.main("a/");
    let b = built.main("b/");
    assert!(
        a.contains("href=\"../b/\">B로</a>") && a.contains("href=\"../a/\">나 자신</a>"),
        "{a}"
    );
    assert!(b.contains("href=\"../a/\">A로</a>"), "{b}");
    let backlinks =
        |main: &str| main[main.find("class=\"backlinks\"").expect("backlinks")..].to_string();
    assert!(backlinks(&a).contains(">B</a>"), "{a}");
    assert!(backlinks(&b).contains(">A</a>"), "{b}");
}

#[test]
fn two_pages_with_one_url_are_an_error_naming_both() {
    let book = book();
    book.write("content/Notes.md", "# 대문자\n");
    book.write("content/notes.md", "# 소문자\n");
    book.write("content/my notes.md", "# 공백\n");
    book.write("content/my-notes.md", "# 붙임표\n");
    book.write("content/topic.md", "# 주제 페이지\n");
    book.write("content/topic/q1.md", "# 주제 폴더\n");
    let built = book.build();
    assert_eq!(
        findings(&built),
        [
            "error content/my-notes.md this page has the same URL `/my-notes/` as `content/my notes.md`",
            "error content/notes.md this page has the same URL `/notes/` as `content/Notes.md`",
            "error content/topic this page has the same URL `/topic/` as `content/topic.md`",
        ]
    );
    let helps: Vec<String> = built
        .report
        .diagnostics
        .iter()
        .map(|d| d.help.clone().unwrap())
        .collect();
    assert!(helps[0].contains("differ only in punctuation"), "{helps:?}");
    assert!(helps[1].contains("differ only in case"), "{helps:?}");
    assert!(
        helps[2].contains("move `content/topic.md` to `content/topic/_index.md`"),
        "{helps:?}"
    );
    assert_nothing_written(&book);
}

#[test]
fn nfc_and_nfd_hangul_file_names_are_one_page_and_an_error() {
    let book = book();
    let nfd: String = "가용성".nfd().collect();
    assert_ne!(nfd, "가용성");
    book.write("content/가용성.md", "# NFC\n");
    book.write(&format!("content/{nfd}.md"), "# NFD\n");
    book.write("content/사진.png", "nfc");
    book.write(
        &format!("content/{}.png", "사진".nfd().collect::<String>()),
        "nfd",
    );
    let built = book.build();
    let findings = findings(&built);
    assert_eq!(findings.len(), 2, "{findings:#?}");
    assert!(findings.iter().any(|f| f.starts_with("error content/가용성.md this page has the same URL `/가용성/`")), "{findings:#?}");
    assert!(
        findings
            .iter()
            .any(|f| f.contains("사진.png") && f.contains("same path")),
        "{findings:#?}"
    );
    for diagnostic in &built.report.diagnostics {
        assert!(
            diagnostic
                .help
                .as_deref()
                .unwrap_or("")
                .contains("Unicode normalization (NFC and NFD"),
            "{:?}",
            diagnostic.help
        );
    }
    assert_nothing_written(&book);
    // With one of each, a link written in either form finds the page.
    std::fs::remove_file(book.root().join(format!("content/{nfd}.md"))).unwrap();
    std::fs::remove_file(
        book.root()
            .join(format!("content/{}.png", "사진".nfd().collect::<String>())),
    )
    .unwrap();
    book.write(
        "content/b.md",
        &format!("# b\n\n[nfd]({nfd}.md) [nfc](가용성.md)\n"),
    );
    let body = super::body(&book.build().ok(), "b/");
    assert_eq!(body.matches("href=\"../가용성/\"").count(), 2, "{body}");
}

#[test]
fn a_link_to_a_folder_goes_to_its_section_page() {
    let book = book();
    book.write("content/a.md", "# a\n\n[슬래시](t/) [없이](t) [인덱스](t/_index.md) [사진 폴더](pics/) [없는 폴더](nope/)\n");
    book.write("content/t/q.md", "# q\n\n[위로](../) [여기](./)\n");
    book.write("content/pics/p.png", "png");
    let built = book.build();
    assert_eq!(
        findings(&built),
        ["error content/a.md:3:53 broken link `nope/`: there is no folder `nope`"]
    );
    book.write(
        "content/a.md",
        "# a\n\n[슬래시](t/) [없이](t) [인덱스](t/_index.md) [사진 폴더](pics/)\n",
    );
    let built = book.build().ok();
    let main = built.main("a/");
    assert_eq!(main.matches("href=\"../t/\"").count(), 3, "{main}");
    assert!(main.contains("href=\"../pics/\""), "{main}");
    let q = built.main("t/q/");
    assert!(
        q.contains("href=\"../../\">위로</a>") && q.contains("href=\"../../t/\">여기</a>"),
        "{q}"
    );
    assert!(
        built.exists("pics/index.html"),
        "a folder of images still has a page"
    );
}

#[test]
fn percent_encoded_hangul_links_resolve() {
    let book = book();
    book.write("content/가용성.md", "# 가용성\n\n## 개요\n");
    book.write("content/my notes.md", "# notes\n");
    book.write(
        "content/b.md",
        "# b\n\n[인코딩](%EA%B0%80%EC%9A%A9%EC%84%B1.md) [앵커](%EA%B0%80%EC%9A%A9%EC%84%B1.md#%EA%B0%9C%EC%9A%94) [공백](my%20notes.md) [깨진](%EA%B0%80%EC%9A%A9.md) [나쁜 인코딩](%E1%84.md)\n",
    );
    let built = book.build();
    assert_eq!(
        findings(&built),
        [
            "error content/b.md:3:115 broken link `가용.md`: there is no page `가용.md`",
            "error content/b.md:3:143 broken link `%E1%84.md`: there is no page `%E1%84.md`",
        ]
    );
    book.write(
        "content/b.md",
        "# b\n\n[인코딩](%EA%B0%80%EC%9A%A9%EC%84%B1.md) [앵커](%EA%B0%80%EC%9A%A9%EC%84%B1.md#%EA%B0%9C%EC%9A%94) [공백](my%20notes.md)\n",
    );
    let main = book.build().ok().main("b/");
    assert!(main.contains("href=\"../가용성/\">인코딩</a>"), "{main}");
    assert!(main.contains("href=\"../가용성/#개요\">앵커</a>"), "{main}");
    assert!(main.contains("href=\"../my-notes/\">공백</a>"), "{main}");
}

#[test]
fn a_heading_repeated_50_times_gets_50_unique_anchors() {
    let book = book();
    let text: String = (0..50)
        .map(|i| format!("## 개요\n\n본문 {i}\n\n"))
        .collect();
    book.write("content/a.md", &format!("# 반복\n\n{text}## 개요-1\n"));
    book.write(
        "content/b.md",
        "# b\n\n[마지막](a.md#개요-49) [손으로 쓴](a.md#개요-1-1)\n",
    );
    let built = book.build().ok();
    let html = built.html("a/");
    let mut ids: Vec<String> = html
        .split("<h2 id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .filter(|id| id.starts_with("개요"))
        .collect();
    assert_eq!(ids.len(), 51);
    assert_eq!(ids[0], "개요");
    assert_eq!(ids[49], "개요-49");
    assert_eq!(
        ids[50], "개요-1-1",
        "the author's own `개요-1` does not clash"
    );
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 51, "all unique");
    // Both contents (above the text on narrow screens, beside it on wide ones) list each.
    let beside = &html[html.find("<nav class=\"page-toc\"").unwrap()..];
    assert_eq!(
        beside[..beside.find("</nav>").unwrap()]
            .matches("<a href=\"#개요-")
            .count(),
        50,
        "the table of contents lists each"
    );
    assert_eq!(html.matches("<a href=\"#개요-").count(), 100);
    let b = built.main("b/");
    assert!(
        b.contains("href=\"../a/#개요-49\"") && b.contains("href=\"../a/#개요-1-1\""),
        "{b}"
    );
    assert!(dead_links_ok(&built.out));
}

fn dead_links_ok(out: &std::path::Path) -> bool {
    let dead = crate::harness::dead_links(out);
    assert!(dead.is_empty(), "{dead:#?}");
    true
}

#[test]
fn a_percent_sign_before_hangul_is_a_broken_link_not_a_crash() {
    let book = book();
    book.write("content/a.md", "# a\n\n[깨진](혼잡%2는.md)\n");
    let built = book.build();
    assert_eq!(
        findings(&built),
        ["error content/a.md:3:1 broken link `혼잡%2는.md`: there is no page `혼잡%2는.md`"]
    );
}
