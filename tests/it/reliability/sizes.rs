//! Huge and deeply nested input: it builds, with the structure intact, at a cost that grows with
//! its size and not faster.

use std::time::{Duration, Instant};

use super::{body, book};
use crate::harness::{tail, Built, TestBook};

/// Builds `book`, and how long that took.
fn timed_build(book: &TestBook) -> (Built, Duration) {
    let started = Instant::now();
    let built = book.build().ok();
    (built, started.elapsed())
}

/// The quickest of three builds of `book`: load elsewhere (other tests run in parallel) only
/// ever adds time, so the quickest is the nearest to the build's own cost.
fn quickest_build(book: &TestBook) -> (Built, Duration) {
    let (mut built, mut quickest) = timed_build(book);
    for _ in 0..2 {
        let (again, took) = timed_build(book);
        (built, quickest) = (again, quickest.min(took));
    }
    (built, quickest)
}

/// A cost ratio rather than a time, so that a slow or busy machine does not fail it: the full
/// size must cost about four times a quarter of it (linear work; fixed costs only lower the
/// ratio), not sixteen (quadratic).
#[track_caller]
fn assert_linear(what: &str, quarter: Duration, full: Duration) {
    let ratio = full.as_secs_f64() / quarter.as_secs_f64();
    eprintln!("{what}: {full:?} against {quarter:?} for a quarter ({ratio:.1} times)");
    assert!(
        ratio < 8.0,
        "{what}: the full size took {full:?}, a quarter of it {quarter:?} ({ratio:.1} times)"
    );
}

/// A book with one page of `size` bytes in sections of prose, links and code; and its sections.
fn big_page(size: usize) -> (TestBook, usize) {
    let book = book();
    let mut text = String::from("+++\ntitle = \"큰 페이지\"\n+++\n\n");
    let paragraph = "쿠버네티스의 롤링 업데이트는 새 파드를 하나씩 띄우고 준비되면 옛 파드를 내린다. The rollout keeps `maxUnavailable` pods down at most, and [links](b.md) still resolve.\n\n";
    let mut n_sections = 0;
    while text.len() < size {
        text.push_str(&format!("## 절 {n_sections}\n\n"));
        for _ in 0..40 {
            text.push_str(paragraph);
        }
        text.push_str("```python\nfor pod in pods:\n    drain(pod)\n```\n\n");
        n_sections += 1;
    }
    book.write("content/big.md", &text);
    book.write("content/b.md", "# b\n");
    (book, n_sections)
}

#[test]
fn a_20_mb_page_builds_in_reasonable_time() {
    let size = 20 * 1024 * 1024;
    let (book, n_sections) = big_page(size);
    let (built, elapsed) = timed_build(&book);
    let body = body(&built, "big/");
    assert!(body.len() > size);
    assert!(body.contains(&format!("<h2 id=\"절-{}\">", n_sections - 1)));
    assert_eq!(body.matches("href=\"../b/\"").count(), 40 * n_sections);
    eprintln!("20 MB page ({n_sections} sections) built in {elapsed:?}");
    let (_, quarter) = timed_build(&big_page(size / 4).0);
    assert_linear("a 20 MB page", quarter, elapsed);
}

#[test]
fn ten_thousand_nested_blockquotes_build() {
    let quotes = |depth: usize| {
        let book = book();
        book.write(
            "content/deep.md",
            &format!("# 깊은 인용\n\n{} 바닥\n\n끝\n", ">".repeat(depth)),
        );
        book
    };
    let depth = 10_000;
    let (built, full) = quickest_build(&quotes(depth));
    let (_, quarter) = quickest_build(&quotes(depth / 4));
    assert_linear("nested blockquotes", quarter, full);
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
    let items = |depth: usize| {
        let book = book();
        book.write(
            "content/deep.md",
            &format!("# 깊은 목록\n\n{}바닥\n\n끝\n", "- ".repeat(depth)),
        );
        book
    };
    let depth = 10_000;
    let (built, full) = quickest_build(&items(depth));
    let (_, quarter) = quickest_build(&items(depth / 4));
    assert_linear("nested list items", quarter, full);
    let main = body(&built, "deep/");
    assert_eq!(main.matches("<ul>").count(), depth);
    assert_eq!(main.matches("<li>").count(), depth);
    assert_eq!(main.matches("</li>").count(), depth);
    assert!(main.contains("바닥") && main.contains("<p>끝</p>"));
}

#[test]
fn a_5000_column_table_builds() {
    let table = |columns: usize| {
        let book = book();
        let header: String = (0..columns).map(|i| format!("| 열{i} ")).collect();
        let rule = "|---".repeat(columns);
        let row: String = (0..columns).map(|i| format!("| {i} ")).collect();
        book.write(
            "content/wide.md",
            &format!("# 넓은 표\n\n{header}|\n{rule}|\n{row}|\n{row}|\n"),
        );
        book
    };
    let columns = 5_000;
    let (built, full) = quickest_build(&table(columns));
    let (_, quarter) = quickest_build(&table(columns / 4));
    assert_linear("a wide table", quarter, full);
    let main = built.main("wide/");
    assert_eq!(main.matches("<th>").count(), columns);
    assert_eq!(main.matches("<td>").count(), 2 * columns);
    assert!(main.contains("<th>열4999</th>"));
}
