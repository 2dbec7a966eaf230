//! The caches never change what a build writes. The CLI builds once with no caches
//! (`Caches::for_one_build`); `serve` and the rest of this suite keep them across builds
//! (`Caches::default()`), the second build finding almost everything already made. Every fixture
//! book and this repository's book must come out byte for byte the same all three ways.

use std::collections::BTreeMap;
use std::path::Path;

use studybook::{config::Overrides, Caches, Mode, Options};

use crate::harness::*;

fn build(book: &TestBook, caches: &Caches, out: &Path) -> BTreeMap<String, Vec<u8>> {
    let options = Options {
        root: book.root().to_path_buf(),
        overrides: Overrides {
            output_dir: Some(out.to_path_buf()),
            base_url: Some("https://example.org/book/".into()),
            audience: studybook::config::Audience::Readers,
        },
        mode: Mode::Build,
        caches: caches.clone(),
    };
    let report = studybook::build(&options).expect("the build runs");
    assert!(
        !report.diagnostics.iter().any(|d| d.is_error()),
        "{}",
        studybook::diagnostic::render(&report.diagnostics)
    );
    crate::nothing_lost::snapshot(out)
}

/// Every fixture that is a book (the others are import sources, diagrams, or fail on purpose).
pub(crate) const FIXTURE_BOOKS: [&str; 4] = ["basic", "plain_notes", "search", "theme_override"];

/// The paths whose files differ between two sites (one missing counts), sorted.
pub(crate) fn differing<'a>(
    expected: &'a BTreeMap<String, Vec<u8>>,
    got: &'a BTreeMap<String, Vec<u8>>,
) -> Vec<&'a String> {
    let mut paths: Vec<&String> = (expected.keys().chain(got.keys()))
        .filter(|path| expected.get(*path) != got.get(*path))
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

fn assert_same_in_every_cache_mode(book: &TestBook) {
    let outs = tempfile::tempdir().unwrap();
    let one_off = build(book, &Caches::for_one_build(), &outs.path().join("one-off"));
    let kept = Caches::default();
    let cold = build(book, &kept, &outs.path().join("cold"));
    let warm = build(book, &kept, &outs.path().join("warm"));
    for (name, other) in [
        ("a build with serve's caches", &cold),
        ("the same build again, from its caches", &warm),
    ] {
        let differing = differing(&one_off, other);
        assert!(
            differing.is_empty(),
            "{name} differs from a one-off build in {differing:?}"
        );
    }
}

#[test]
fn every_fixture_book_builds_the_same_with_and_without_caches() {
    for fixture in FIXTURE_BOOKS {
        assert_same_in_every_cache_mode(&TestBook::fixture(fixture));
    }
}

#[test]
fn this_repositorys_book_builds_the_same_with_and_without_caches() {
    assert_same_in_every_cache_mode(&TestBook::own_book());
}

#[test]
fn a_rebuild_after_an_edit_from_the_caches_equals_a_fresh_build() {
    let book = TestBook::fixture("basic");
    let kept = Caches::default();
    let outs = tempfile::tempdir().unwrap();
    book.write(
        "content/networking/extra.md",
        "+++\ntitle = \"코드\"\n+++\n```sql\nSELECT 1;\n```\n\n```go\nfunc main() {}\n```\n",
    );
    build(&book, &kept, &outs.path().join("before"));
    // The page and its colours go: what the caches remember of them must not reach the site.
    std::fs::remove_file(book.root().join("content/networking/extra.md")).unwrap();
    let warm = build(&book, &kept, &outs.path().join("after"));
    let fresh = build(&book, &Caches::for_one_build(), &outs.path().join("fresh"));
    let differing = differing(&fresh, &warm);
    assert!(
        differing.is_empty(),
        "the rebuild differs from a fresh build in {differing:?}"
    );
}
