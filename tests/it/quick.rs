//! `serve`'s quick re-render of an edited page (`studybook::quick`): it must give the bytes a full
//! build gives, and refuse edits that other pages would show.

use std::path::PathBuf;

use studybook::{Caches, Mode, Options};

use crate::harness::TestBook;

const Q1_FILE: &str = "content/networking/handshakes/q1-tcp.md";
const Q1_OUTPUT: &str = "networking/handshakes/q1-tcp/index.html";

fn options(book: &TestBook) -> Options {
    Options {
        root: book.root().to_path_buf(),
        overrides: Default::default(),
        mode: Mode::Build,
        caches: Caches::default(),
    }
}

fn model(options: &Options) -> studybook::Model {
    let (report, built) = studybook::build_model(options).unwrap();
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
    built.expect("a good build has a model").1
}

fn edit(book: &TestBook, from: &str, to: &str) -> Vec<PathBuf> {
    let path = book.root().join(Q1_FILE);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "the fixture has `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    vec![path]
}

fn full_build_of(options: &Options, path: &str) -> Vec<u8> {
    let (_, site) = studybook::build_in_memory(options).unwrap();
    site.unwrap()
        .outputs
        .into_iter()
        .find(|output| output.path == path)
        .expect("the page is built")
        .bytes
}

#[test]
fn a_prose_edit_renders_the_page_exactly_as_a_full_build_does() {
    let book = TestBook::fixture("basic");
    let options = options(&book);
    let mut model = model(&options);
    let text = std::fs::read_to_string(book.root().join(Q1_FILE)).unwrap();
    let last_line = text.trim_end().lines().last().unwrap().to_string();
    let changed = edit(
        &book,
        &last_line,
        &format!("{last_line}\n\n빠르게 고친 문단 QUICK-EDIT\n"),
    );
    let outputs = studybook::quick::rerender(&mut model, &options.caches, &changed)
        .expect("a prose edit is quick")
        .pages;
    assert_eq!(outputs.len(), 1);
    assert_eq!(outputs[0].path, Q1_OUTPUT);
    let quick = String::from_utf8(outputs[0].bytes.clone()).unwrap();
    assert!(quick.contains("QUICK-EDIT"));
    let full = String::from_utf8(full_build_of(&options, Q1_OUTPUT)).unwrap();
    assert_eq!(quick, full, "the quick render equals the full build's");
}

#[test]
fn a_prose_edit_completed_from_the_model_leaves_the_site_a_fresh_build_makes() {
    use std::collections::HashMap;
    let book = TestBook::fixture("basic");
    let options = options(&book);
    let (_, built) = studybook::build_model(&options).unwrap();
    let (site, mut model) = built.unwrap();
    let mut served: HashMap<String, Vec<u8>> = (site.outputs.into_iter())
        .map(|o| (o.path, o.bytes))
        .collect();
    let text = std::fs::read_to_string(book.root().join(Q1_FILE)).unwrap();
    let last_line = text.trim_end().lines().last().unwrap().to_string();
    let changed = edit(
        &book,
        &last_line,
        &format!(
            "{last_line}

검색과 인쇄본에 들어갈 문단 COMPLETE-EDIT unheardofword
"
        ),
    );
    let edit = studybook::quick::rerender(&mut model, &options.caches, &changed).unwrap();
    let changes = studybook::quick::complete(&model, &options.caches, &edit)
        .expect("a prose edit is completed from the model");
    let written: Vec<&str> = changes.written.iter().map(|o| o.path.as_str()).collect();
    assert!(written.contains(&"print/index.html"), "{written:?}");
    assert!(written.iter().any(|path| path.starts_with("search/s/")));
    for output in edit.pages.into_iter().chain(changes.written) {
        served.insert(output.path, output.bytes);
    }
    for path in &changes.removed {
        served.remove(path);
    }
    let fresh_options = Options {
        caches: Caches::default(),
        ..options
    };
    let (_, fresh) = studybook::build_in_memory(&fresh_options).unwrap();
    let fresh: HashMap<String, Vec<u8>> = (fresh.unwrap().outputs.into_iter())
        .map(|o| (o.path, o.bytes))
        .collect();
    let mut paths: Vec<&String> = fresh.keys().chain(served.keys()).collect();
    paths.sort();
    paths.dedup();
    for path in paths {
        assert!(
            served.get(path) == fresh.get(path),
            "`{path}` differs from a fresh build"
        );
    }
}

#[test]
fn edits_that_other_pages_show_are_left_to_the_full_build() {
    let book = TestBook::fixture("basic");
    let options = options(&book);
    let text = std::fs::read_to_string(book.root().join(Q1_FILE)).unwrap();
    let title_line = text
        .lines()
        .find(|l| l.starts_with("title"))
        .unwrap()
        .to_string();
    let heading = text
        .lines()
        .find(|l| l.starts_with("## "))
        .unwrap()
        .to_string();
    let cases = [
        (
            title_line.clone(),
            "title = \"바뀐 제목\"".to_string(),
            "title",
        ),
        (heading.clone(), format!("{heading} 바뀜"), "heading"),
        (
            heading,
            format!("[링크](../../index.md)\n\n{}", "## 새 절"),
            "link",
        ),
    ];
    for (from, to, what) in cases {
        let mut model = model(&options);
        let original = std::fs::read_to_string(book.root().join(Q1_FILE)).unwrap();
        let changed = edit(&book, &from, &to);
        assert!(
            studybook::quick::rerender(&mut model, &options.caches, &changed).is_none(),
            "a changed {what} needs the full build"
        );
        std::fs::write(book.root().join(Q1_FILE), original).unwrap();
    }
    // Files that are not pages never take the quick path.
    let mut model = model(&options);
    let not_a_page = vec![book.root().join("book.toml")];
    assert!(studybook::quick::rerender(&mut model, &options.caches, &not_a_page).is_none());
}
