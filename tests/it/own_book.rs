//! This repository's own book builds cleanly and no link in it points nowhere.

use crate::harness::*;

#[test]
fn the_repository_book_builds_with_no_dead_links() {
    let built = TestBook::own_book().build().ok();
    assert!(
        built.warnings().is_empty(),
        "warnings:\n{}",
        built.rendered()
    );
    assert!(
        built.report.n_pages >= 36 + 8,
        "only {} pages",
        built.report.n_pages
    );
    let dead = dead_links(&built.out);
    assert!(
        dead.is_empty(),
        "{} dead links:\n{}",
        dead.len(),
        dead.join("\n")
    );
    // Every answer is a question page with its question and the answer in a <details>.
    let questions = std::fs::read_to_string(built.out.join("questions.json")).unwrap();
    let bank: Vec<serde_json::Value> = serde_json::from_str(&questions).unwrap();
    assert_eq!(bank.len(), 36, "the two rounds have 36 questions");
    assert!(
        bank.iter()
            .all(|q| !q["summary"].as_str().unwrap_or("").is_empty()),
        "every answer has a 핵심 요약"
    );
}

/// The house shape every answer keeps (`CONTENT.md`): between 2,000 and 5,000
/// characters, and 핵심 요약 → 실무 포인트 → 정리 → 참고 in that order, 참고 last. A review that
/// grows an answer past the bound, or drops a section while rewriting, fails here by file.
#[test]
fn every_answer_keeps_the_house_shape() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut answers = 0;
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with('q') && name.ends_with(".md")) {
            continue;
        }
        answers += 1;
        let shown = entry
            .path()
            .strip_prefix(&root)
            .unwrap()
            .display()
            .to_string();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let chars = text.chars().count();
        if !(2_000..=5_000).contains(&chars) {
            problems.push(format!("{shown}: {chars} characters, outside 2,000–5,000"));
        }
        let headings: Vec<&str> = text
            .lines()
            .filter_map(|line| line.strip_prefix("## "))
            .collect();
        let order: Vec<Option<usize>> = ["핵심 요약", "실무 포인트", "정리", "참고"]
            .iter()
            .map(|want| headings.iter().position(|h| h == want))
            .collect();
        let in_order = order.iter().all(Option::is_some) && order.windows(2).all(|w| w[0] < w[1]);
        if !in_order || headings.last() != Some(&"참고") {
            problems.push(format!("{shown}: sections {headings:?}"));
        }
    }
    assert_eq!(answers, 36, "the two rounds have 36 answers");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
