//! This repository's own book builds cleanly and no link in it points nowhere.

use crate::harness::*;

#[test]
fn the_repository_book_builds_with_no_dead_links() {
    let book = TestBook::empty();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["content", "diagrams", "glossary", "theme"] {
        copy_dir(&root.join(dir), &book.root().join(dir));
    }
    std::fs::copy(root.join("book.toml"), book.root().join("book.toml")).unwrap();
    let built = book.build().ok();
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
