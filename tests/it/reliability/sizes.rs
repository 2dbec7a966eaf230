//! Huge and deeply nested input: it builds, in bounded time, with the structure intact.

use std::time::{Duration, Instant};

use super::{body, book};
use crate::harness::tail;

/// Generous bounds for a debug build on a shared 2-core machine; the point is "not a hang".
const BUDGET: Duration = Duration::from_secs(120);

#[test]
fn a_20_mb_page_builds_in_reasonable_time() {
    let book = book();
    let mut text = String::from("+++\ntitle = \"큰 페이지\"\n+++\n\n");
    let paragraph = "쿠버네티스의 롤링 업데이트는 새 파드를 하나씩 띄우고 준비되면 옛 파드를 내린다. The rollout keeps `maxUnavailable` pods down at most, and [links](b.md) still resolve.\n\n";
    let mut n_sections = 0;
    while text.len() < 20 * 1024 * 1024 {
        text.push_str(&format!("## 절 {n_sections}\n\n"));
        for _ in 0..40 {
            text.push_str(paragraph);
        }
        text.push_str("```python\nfor pod in pods:\n    drain(pod)\n```\n\n");
        n_sections += 1;
    }
    book.write("content/big.md", &text);
    book.write("content/b.md", "# b\n");
    let started = Instant::now();
    let built = book.build().ok();
    let elapsed = started.elapsed();
    assert!(elapsed < BUDGET, "took {elapsed:?}");
    let body = body(&built, "big/");
    assert!(body.len() > 20 * 1024 * 1024);
    assert!(body.contains(&format!("<h2 id=\"절-{}\">", n_sections - 1)));
    assert_eq!(body.matches("href=\"../b/\"").count(), 40 * n_sections);
    eprintln!("20 MB page ({n_sections} sections) built in {elapsed:?}");
}

#[test]
fn ten_thousand_nested_blockquotes_build() {
    let book = book();
    let depth = 10_000;
    book.write(
        "content/deep.md",
        &format!("# 깊은 인용\n\n{} 바닥\n\n끝\n", ">".repeat(depth)),
    );
    let started = Instant::now();
    let built = book.build().ok();
    assert!(started.elapsed() < BUDGET, "took {:?}", started.elapsed());
    let main = built.main("deep/");
    assert_eq!(main.matches("<blockquote>").count(), depth);
    assert_eq!(main.matches("</blockquote>").count(), depth);
    assert!(
        main.contains("<p>바닥</p>") && main.contains("<p>끝</p>"),
        "{}",
        tail(&main, 300)
    );
}

#[test]
fn ten_thousand_nested_list_items_build() {
    let book = book();
    let depth = 10_000;
    book.write(
        "content/deep.md",
        &format!("# 깊은 목록\n\n{}바닥\n\n끝\n", "- ".repeat(depth)),
    );
    let started = Instant::now();
    let built = book.build().ok();
    assert!(started.elapsed() < BUDGET, "took {:?}", started.elapsed());
    let main = body(&built, "deep/");
    assert_eq!(main.matches("<ul>").count(), depth);
    assert_eq!(main.matches("<li>").count(), depth);
    assert_eq!(main.matches("</li>").count(), depth);
    assert!(main.contains("바닥") && main.contains("<p>끝</p>"));
}

#[test]
fn a_5000_column_table_builds() {
    let book = book();
    let columns = 5_000;
    let header: String = (0..columns).map(|i| format!("| 열{i} ")).collect();
    let rule = "|---".repeat(columns);
    let row: String = (0..columns).map(|i| format!("| {i} ")).collect();
    book.write(
        "content/wide.md",
        &format!("# 넓은 표\n\n{header}|\n{rule}|\n{row}|\n{row}|\n"),
    );
    let started = Instant::now();
    let built = book.build().ok();
    assert!(started.elapsed() < BUDGET, "took {:?}", started.elapsed());
    let main = built.main("wide/");
    assert_eq!(main.matches("<th>").count(), columns);
    assert_eq!(main.matches("<td>").count(), 2 * columns);
    assert!(main.contains("<th>열4999</th>"));
}
