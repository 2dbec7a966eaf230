//! Where `import` files a round on a subject the book has no topic for (issue 32): three round
//! documents written for these tests, whose right placement was written down before running
//! `import` (tests/fixtures/import/README.md), imported with `--dry-run` through the binary into
//! this repository's book and into a fresh `init`.

use std::path::Path;
use std::process::Command;

use crate::harness::*;

const ROUNDS: [&str; 3] = ["round-observability.md", "round-index.md", "round-queue.md"];

/// This repository's book (content, glossary, book.toml) in a temp folder.
fn this_book() -> TestBook {
    let book = TestBook::empty();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["content", "glossary"] {
        copy_dir(&root.join(dir), &book.root().join(dir));
    }
    std::fs::copy(root.join("book.toml"), book.root().join("book.toml")).expect("copy");
    book
}

fn fresh_book() -> TestBook {
    let book = TestBook::empty();
    studybook::scaffold::init(book.root(), None).expect("init");
    book
}

/// `studybook import ROUND BOOK --dry-run`'s plan.
fn plan(book: &TestBook, round: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_studybook"))
        .args(["import", "--dry-run", "-q"])
        .arg(fixtures_dir().join("import").join(round))
        .arg(book.root())
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{round}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The folder each scenario goes to: `scenario N `TITLE` → DIR/ (…)`.
fn scenario_dirs(plan: &str) -> Vec<String> {
    plan.lines()
        .filter(|line| line.starts_with("scenario "))
        .filter_map(|line| line.split(" → ").nth(1))
        .map(|rest| rest.split(" (").next().unwrap_or(rest).to_string())
        .collect()
}

#[track_caller]
fn assert_no_segment_repeats(plan: &str) {
    for line in plan.lines().filter(|line| line.contains(" → ")) {
        let path = line.split(" → ").nth(1).unwrap_or_default();
        let path = path.split(" (").next().unwrap_or(path);
        let segments: Vec<&str> = path
            .trim_end_matches('/')
            .split('/')
            .map(|s| s.trim_end_matches(".md"))
            .collect();
        for (idx, segment) in segments.iter().enumerate() {
            assert!(
                !segments[..idx].contains(segment),
                "`{segment}` twice in {path}:\n{plan}"
            );
        }
    }
}

#[test]
fn rounds_on_new_subjects_get_new_topics_in_this_book() {
    let book = this_book();
    for round in ROUNDS {
        let plan = plan(&book, round);
        for dir in scenario_dirs(&plan) {
            let topic = dir.split('/').next().unwrap_or_default();
            assert!(
                ![
                    "availability",
                    "networking",
                    "async-processing",
                    "concurrency",
                    "iac",
                    "orchestration"
                ]
                .contains(&topic),
                "{round} filed under the book's `{topic}/` on incidental words:\n{plan}"
            );
        }
        assert!(plan.contains("new topic"), "{plan}");
        assert_no_segment_repeats(&plan);
    }
}

#[test]
fn in_a_fresh_book_no_folder_repeats_its_parent_and_code_names_nothing() {
    let book = fresh_book();
    for round in ROUNDS.iter().chain(&["round-third.md"]) {
        let plan = plan(&book, round);
        assert_no_segment_repeats(&plan);
        for code_word in ["/id-", "/select", "/sql", "-sql/", "user-id"] {
            if *round != "round-third.md" {
                assert!(!plan.contains(code_word), "{round}: {code_word} in\n{plan}");
            }
        }
    }
    let observability = plan(&book, "round-observability.md");
    assert!(
        !observability.contains("cpu.md") && observability.contains("sli"),
        "the SLI/SLO question is named after SLI/SLO:\n{observability}"
    );
    assert!(
        observability.contains("q2-error-budget.md"),
        "{observability}"
    );
}

/// The dry run says which topic came closest and why it was not enough, and how to overrule.
#[test]
fn the_dry_run_prints_the_evidence_it_turned_down() {
    let plan = plan(&this_book(), "round-index.md");
    assert!(
        plan.contains("availability/ shares only") && plan.contains("`--topic 1=availability`"),
        "{plan}"
    );
}

/// SLOs and distributed tracing share no word, but an author files them under one topic
/// (tests/fixtures/import/README.md): both scenarios go to one new topic, in this book and in
/// a fresh one, and the dry run names the terms that decided it.
#[test]
fn the_observability_round_is_one_new_topic() {
    for book in [this_book(), fresh_book()] {
        let plan = plan(&book, "round-observability.md");
        let topics: Vec<String> = scenario_dirs(&plan)
            .iter()
            .map(|dir| dir.split('/').next().unwrap_or_default().to_string())
            .collect();
        assert_eq!(topics, ["observability", "observability"], "{plan}");
        assert_eq!(
            plan.matches("new topic observability/").count(),
            1,
            "{plan}"
        );
        assert!(
            plan.contains("new topic on its subject: sli, slo, sla")
                && plan.contains(
                    "new topic on its subject: 분산 추적, distributed tracing, trace, span"
                ),
            "{plan}"
        );
        assert_no_segment_repeats(&plan);
    }
}
