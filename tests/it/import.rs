//! `studybook import`: both seed rounds into an empty book, a third round into a copy of this
//! book, idempotence, `--dry-run`, and the command line's errors.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use studybook::import::{self, ImportOptions, Outcome};

use crate::harness::*;

fn round(name: &str) -> PathBuf {
    fixtures_dir().join("import").join(name)
}

const SEEDS: [&str; 2] = ["round-plain.txt", "round-markdown.txt"];

#[track_caller]
fn run(book: &TestBook, round_file: &Path, dry_run: bool) -> Outcome {
    let outcome = import::run(&ImportOptions {
        round_file: round_file.to_path_buf(),
        book_dir: book.root().to_path_buf(),
        dry_run,
        ..ImportOptions::default()
    })
    .expect("the environment should not fail");
    assert!(
        outcome.diagnostics.iter().all(|d| !d.is_error()),
        "{}",
        studybook::diagnostic::render(&outcome.diagnostics)
    );
    outcome
}

/// Every file under the book (but its output), path → bytes.
fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| !e.path().starts_with(root.join("public")))
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn pages_under(root: &Path) -> Vec<(PathBuf, String)> {
    files(&root.join("content"))
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|ext| ext == "md"))
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
        .collect()
}

/// Whitespace removed: "verbatim, whitespace aside".
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text inside a page's `> [!QUESTION]` callout.
fn callout(page: &str) -> Option<String> {
    let start = page.find("> [!QUESTION]\n")? + "> [!QUESTION]\n".len();
    let lines: Vec<&str> = page[start..]
        .lines()
        .take_while(|line| line.starts_with('>'))
        .map(|line| line.trim_start_matches('>').trim_start())
        .collect();
    Some(lines.join("\n"))
}

/// A scenario `_index.md`'s situation: everything after `## 상황`.
fn situation(page: &str) -> Option<&str> {
    page.split_once("## 상황\n").map(|(_, rest)| rest)
}

fn bare_book() -> TestBook {
    let book = TestBook::empty();
    book.write(
        "book.toml",
        "[book]\ntitle = \"스터디 답안\"\nlanguage = \"ko\"\n",
    );
    book
}

#[test]
fn both_seeds_into_an_empty_book_give_36_questions_filed_by_topic() {
    let book = bare_book();
    for seed in SEEDS {
        run(&book, &round(seed), false);
    }
    let pages = pages_under(book.root());
    let questions: Vec<&(PathBuf, String)> = pages
        .iter()
        .filter(|(_, text)| text.contains("> [!QUESTION]"))
        .collect();
    let scenarios: Vec<&(PathBuf, String)> = pages
        .iter()
        .filter(|(_, text)| text.contains("\nsession = "))
        .collect();
    assert_eq!(questions.len(), 36);
    assert_eq!(scenarios.len(), 8);
    for (path, _) in &questions {
        let name = path.to_string_lossy();
        assert!(name.is_ascii() && path.components().count() == 3, "{name}");
    }

    // Each question and situation is a piece of its seed, and together they leave no question out.
    let mut rest = SEEDS.map(|seed| squash(&std::fs::read_to_string(round(seed)).unwrap()));
    let pieces = questions
        .iter()
        .map(|(_, text)| callout(text).unwrap())
        .chain(
            scenarios
                .iter()
                .map(|(_, text)| situation(text).unwrap().to_string()),
        );
    for piece in pieces {
        let piece = squash(&piece);
        let seed = rest.iter_mut().find(|seed| seed.contains(&piece));
        let seed = seed.unwrap_or_else(|| panic!("not verbatim from a seed:\n{piece}"));
        *seed = seed.replacen(&piece, "|", 1);
    }
    for left in &rest {
        assert!(
            !left.contains("시오") && !left.contains("?") && left.chars().count() < 400,
            "text of the seed not in any page: {left}"
        );
    }

    let book_toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    assert!(book_toml.starts_with("[book]\ntitle = \"스터디 답안\"\nlanguage = \"ko\"\n"));
    assert_eq!(book_toml.matches("[[sessions]]").count(), 2);
    assert!(
        book_toml.contains("title = \"Django 백엔드 스터디 5회차\""),
        "{book_toml}"
    );

    let checked = book.check();
    assert!(checked.errors().is_empty(), "{}", checked.rendered());
    let pending = checked
        .warnings()
        .iter()
        .filter(|d| d.message.contains("answer not written yet"))
        .count();
    assert_eq!(pending, 36, "{}", checked.rendered());
}

#[test]
fn an_imported_question_page_shows_answer_pending() {
    let book = bare_book();
    let outcome = run(&book, &round("round-plain.txt"), false);
    let plan = outcome.plan.unwrap();
    let hpa = &plan.scenarios[0].questions[1];
    assert!(hpa.path.ends_with("/q2-hpa.md"), "{}", hpa.path);
    let built = book.build().ok();
    let url = hpa.path.trim_end_matches(".md").to_string() + "/";
    let main = built.main(&url);
    assert!(main.contains("답안 준비 중"), "{main}");
    assert!(main.contains("HPA(Horizontal Pod Autoscaler)"), "{main}");
    // The question bank lists it; the Anki deck waits for an answer to put on the card's back.
    let bank = std::fs::read_to_string(built.out.join("questions.json")).unwrap();
    let deck = std::fs::read_to_string(built.out.join("flashcards.tsv")).unwrap();
    assert!(bank.contains("Horizontal Pod Autoscaler"));
    assert!(!deck.contains("Horizontal Pod Autoscaler"), "{deck}");
    let bank: serde_json::Value = serde_json::from_str(&bank).unwrap();
    let entry = bank
        .as_array()
        .and_then(|questions| {
            questions.iter().find(|q| {
                q["question"]
                    .as_str()
                    .is_some_and(|t| t.contains("Horizontal Pod"))
            })
        })
        .expect("the bank lists the pending question");
    assert_eq!(entry["pending"], serde_json::Value::Bool(true), "{entry}");
}

#[test]
fn importing_twice_changes_nothing_and_says_so() {
    let book = bare_book();
    run(&book, &round("round-markdown.txt"), false);
    let before = files(book.root());
    let again = run(&book, &round("round-markdown.txt"), false);
    assert_eq!(files(book.root()), before);
    let written = again.written.as_ref().unwrap();
    assert_eq!(written.n_created(), 0);
    assert!(!written.session_added);
    let summary = import::summary(&again);
    assert!(summary.contains("nothing to do"), "{summary}");
    assert!(summary.contains("(exists, skipped)"), "{summary}");
}

#[test]
fn a_glossary_answer_that_names_no_page_stops_the_import_as_it_stops_the_build() {
    let book = bare_book();
    book.write(
        "glossary/terms.toml",
        "[[term]]\nko = \"왕복 시간\"\ndefinition = \"정의.\"\nanswer = \"networking/nowhere.md\"\n",
    );
    let before = files(book.root());
    let outcome = import::run(&ImportOptions {
        round_file: round("round-markdown.txt"),
        book_dir: book.root().to_path_buf(),
        ..ImportOptions::default()
    })
    .expect("the environment should not fail");
    let errors: Vec<&str> = (outcome.diagnostics.iter())
        .filter(|d| d.is_error())
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        errors,
        ["glossary term `왕복 시간` points to `networking/nowhere.md`, which is not a page"]
    );
    assert_eq!(files(book.root()), before, "nothing written");
}

#[test]
fn dry_run_prints_the_plan_and_writes_nothing() {
    let book = bare_book();
    let before = files(book.root());
    let outcome = run(&book, &round("round-plain.txt"), true);
    assert_eq!(files(book.root()), before);
    assert!(outcome.written.is_none());
    let summary = import::summary(&outcome);
    assert!(summary.contains("q2-hpa.md"), "{summary}");
    assert!(
        summary.contains("dry run: nothing was written"),
        "{summary}"
    );
}

/// This repository's book: content, glossary and `book.toml`.
fn this_book() -> TestBook {
    let book = TestBook::empty();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["content", "glossary"] {
        copy_dir(&root.join(dir), &book.root().join(dir));
    }
    std::fs::copy(root.join("book.toml"), book.root().join("book.toml")).unwrap();
    book
}

#[test]
fn a_third_round_into_this_book_only_adds_files_and_a_session() {
    let book = this_book();
    let before = files(book.root());
    let outcome = run(&book, &round("round-third.md"), false);
    let after = files(book.root());
    for (path, bytes) in &before {
        if path != Path::new("book.toml") {
            assert_eq!(after.get(path), Some(bytes), "{} changed", path.display());
        }
    }
    let old_toml = String::from_utf8(before[Path::new("book.toml")].clone()).unwrap();
    let new_toml = String::from_utf8(after[Path::new("book.toml")].clone()).unwrap();
    let added = "[[sessions]]\nid = \"2025-11-14\"\ntitle = \"데이터베이스 스터디 3회차\"\ndate = \"2025-11-14\"\nauthor = \"이지은\"\n\n";
    assert_eq!(new_toml.replacen(added, "", 1), old_toml, "{new_toml}");
    let plan = outcome.plan.unwrap();
    let counts: Vec<usize> = plan.scenarios.iter().map(|s| s.questions.len()).collect();
    assert_eq!(counts, vec![3, 2]);
    let new_pages: Vec<&PathBuf> = after.keys().filter(|p| !before.contains_key(*p)).collect();
    assert_eq!(new_pages.len(), plan.n_new_files(), "{new_pages:?}");
    assert!(new_pages.iter().all(|p| p.starts_with("content")));
    let situation = std::fs::read_to_string(
        book.root()
            .join("content")
            .join(&plan.scenarios[0].dir)
            .join("_index.md"),
    )
    .unwrap();
    assert!(
        situation.contains("\n```sql\nSELECT * FROM orders WHERE user_id = 42 ORDER BY created_at DESC LIMIT 20;\n```\n"),
        "{situation}"
    );
}

#[test]
fn a_seed_already_in_this_book_is_recognised_and_nothing_changes() {
    let book = this_book();
    let before = files(book.root());
    let outcome = run(&book, &round("round-plain.txt"), false);
    assert_eq!(files(book.root()), before);
    let plan = outcome.plan.unwrap();
    assert_eq!(plan.scenarios[0].dir, "orchestration/kubernetes-adoption");
    assert!(plan.session.exists);
    assert_eq!(plan.n_new_files(), 0, "{}", plan.describe());
}

#[test]
fn the_command_reports_document_errors_with_their_line_and_exits_1() {
    let book = bare_book();
    book.write(
        "round.txt",
        "스터디 9회차\n\n2025-12-24\n\n문제\n\n1. 설명하시오.\n",
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_studybook"))
        .arg("import")
        .arg(book.root().join("round.txt"))
        .arg(book.root())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("question outside any scenario"), "{stderr}");
    assert!(stderr.contains("round.txt:5:1"), "{stderr}");
    assert!(!book.root().join("content").exists());
}

#[test]
fn the_command_dry_run_lists_the_plan() {
    let book = bare_book();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_studybook"))
        .args(["import", "--dry-run", "--topic", "2=iac"])
        .arg(round("round-plain.txt"))
        .arg(book.root())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("scenario 2 `Infrastructure as Code (IaC) 도입` → iac/"),
        "{stdout}"
    );
    assert!(stdout.contains("chosen with --topic"), "{stdout}");
    assert!(!book.root().join("content").exists());
}

#[test]
fn a_round_file_over_the_size_cap_is_refused_naming_it() {
    let book = bare_book();
    let huge = book.root().join("huge.txt");
    let file = std::fs::File::create(&huge).unwrap();
    // Sparse: the size without the writing.
    file.set_len(studybook::source_file::MAX_TEXT_BYTES + 1)
        .unwrap();
    let error = import::run(&ImportOptions {
        round_file: huge,
        book_dir: book.root().to_path_buf(),
        ..ImportOptions::default()
    })
    .expect_err("refused");
    let message = format!("{error:#}");
    assert!(
        message.contains("huge.txt") && message.contains("is over 64 MiB"),
        "{message}"
    );
}
