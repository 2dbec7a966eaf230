//! The editor's lints run by `studybook check`: what a reviewer would flag in an answer.
//!
//! They are warnings: a question page whose answer is still pending (`answer = "pending"`, as
//! `studybook import` writes it; the other answer lints wait until it is written), one without
//! its 핵심 요약, an answer that links to no other answer, a `TODO` left in the text, a diagram
//! source no page uses, an answer whose `reviewed` date is older than
//! `[lint] review-max-age-days` (or lies in the future).

use std::collections::HashSet;

use crate::config::Config;
use crate::content::Page;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::diagrams::Figures;
use crate::frontmatter::AnswerState;
use crate::links::Resolved;
use crate::markdown::Doc;
use crate::page::PageVec;

/// The editorial lints over answers and diagrams.
pub fn answers(
    config: &Config,
    pages: &PageVec<Page>,
    docs: &PageVec<Doc>,
    resolved: &Resolved,
    figures: &Figures,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let is_answer = Page::is_question;
    // A book's first answer has nothing to link to yet (a new book from `studybook init`), and
    // a pending page (`new`, `import`) is not an answer one could link to yet.
    let n_answers = pages
        .iter()
        .filter(|page| is_answer(page) && page.front.answer != AnswerState::Pending)
        .count();
    for ((id, page), doc) in pages.iter_enumerated().zip(docs) {
        if !is_answer(page) {
            continue;
        }
        if page.front.answer == AnswerState::Pending {
            // The other lints judge an answer; a skeleton has none yet, so this one says it all.
            diagnostics.push(pending(page));
            continue;
        }
        if doc.outline.summary.is_none() {
            diagnostics.push(
                Diagnostic::warning(page.file.clone(), "question page has no `## 핵심 요약`")
                    .at(&page.source, page.body_start..page.body_start)
                    .with_help(
                        "add `## 핵심 요약` with 2–3 sentences that answer the question outright",
                    ),
            );
        }
        let links_to_answer = resolved.outlinks[id]
            .iter()
            .any(|&id| pages[id].is_question());
        if !links_to_answer && n_answers > 1 {
            diagnostics.push(
                Diagnostic::warning(page.file.clone(), "this answer links to no other answer")
                    .with_help("link related answers in the sentence where the idea connects, with a relative `.md` link"),
            );
        }
        if let Some(offset) = page.body().find("TODO") {
            let start = page.body_start + offset;
            diagnostics.push(
                Diagnostic::warning(page.file.clone(), "`TODO` left in the text")
                    .at(&page.source, start..start + 4)
                    .with_help("finish or remove it before publishing"),
            );
        }
    }
    diagnostics.extend(unused_diagrams(config, figures));
    diagnostics
}

/// Answers whose `reviewed` date is more than `config.review_max_age_days` before `today`, or
/// after it. Pages without `reviewed` are not flagged: the key is an editor's promise, and a book
/// that never made it should not drown in warnings.
pub fn reviews(config: &Config, pages: &PageVec<Page>, today: Date) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for page in pages {
        let Some(reviewed) = page.front.reviewed else {
            continue;
        };
        let age = today.days_since(reviewed);
        let (message, help) = if age > i64::from(config.review_max_age_days) {
            (
                format!("this answer was last reviewed on {reviewed}, {age} days ago"),
                format!(
                    "check that it is still right, then set `reviewed = \"{today}\"` (the limit is `[lint] review-max-age-days = {}` in book.toml)",
                    config.review_max_age_days
                ),
            )
        } else if age < 0 {
            (
                format!("`reviewed = \"{reviewed}\"` is a date in the future"),
                format!("write the day the answer was checked, e.g. `reviewed = \"{today}\"`"),
            )
        } else {
            continue;
        };
        let front = &page.source[..page.body_start.min(page.source.len())];
        let at = front.find("reviewed").unwrap_or(0);
        diagnostics.push(
            Diagnostic::warning(page.file.clone(), message)
                .at(&page.source, at..at + "reviewed".len())
                .with_help(help),
        );
    }
    diagnostics
}

fn pending(page: &Page) -> Diagnostic {
    let key = page.source[..page.body_start]
        .find("answer")
        .map_or(0..0, |start| start..start + "answer".len());
    Diagnostic::warning(page.file.clone(), "answer not written yet")
        .at(&page.source, key)
        .with_help(
            "write the answer under the skeleton's headings, then delete `answer = \"pending\"`",
        )
}

fn unused_diagrams(config: &Config, figures: &Figures) -> Vec<Diagnostic> {
    let used: HashSet<String> = figures
        .used_files
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    let Ok(entries) = std::fs::read_dir(&config.diagrams_dir) else {
        return Vec::new();
    };
    let mut names: Vec<std::path::PathBuf> =
        entries.filter_map(Result::ok).map(|e| e.path()).collect();
    names.sort();
    names
        .into_iter()
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "mmd" || ext == "pikchr")
        })
        .map(|path| crate::diagnostic::display_path(&config.root, &path))
        .filter(|shown| !used.contains(&shown.to_string_lossy().replace('\\', "/")))
        .map(|shown| {
            Diagnostic::warning(shown, "no page uses this diagram")
                .with_help("embed it with `![caption](../../../diagrams/NAME)` or delete it")
        })
        .collect()
}
