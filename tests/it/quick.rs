//! `serve`'s quick re-render of an edited page (`studybook::quick`): it must give the bytes a full
//! build gives, and refuse edits that other pages would show.

use std::collections::BTreeMap;
use std::path::PathBuf;

use studybook::{Caches, Mode, Options};

use crate::harness::TestBook;

const Q1_FILE: &str = "content/networking/handshakes/q1-tcp.md";
const Q1_OUTPUT: &str = "networking/handshakes/q1-tcp/index.html";

fn options(book: &TestBook) -> Options {
    options_at(book.root())
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

/// A site as `serve` holds it: every generated file, and every copied file's bytes.
fn files_of(site: studybook::Site) -> BTreeMap<String, Vec<u8>> {
    let copies = (site.copies.into_iter()).map(|copy| (copy.to, std::fs::read(copy.from).unwrap()));
    let outputs = site
        .outputs
        .into_iter()
        .map(|output| (output.path, output.bytes));
    outputs.chain(copies).collect()
}

/// `serve` for one book: its caches, the last good model and the files it serves, changed the
/// way `serve::rebuild` changes them.
struct Served {
    options: Options,
    model: studybook::Model,
    files: BTreeMap<String, Vec<u8>>,
}

impl Served {
    fn start(book: &TestBook) -> Served {
        let options = options(book);
        let (_, built) = studybook::build_model(&options).unwrap();
        let (site, model) = built.expect("the book builds");
        Served {
            options,
            model,
            files: files_of(site),
        }
    }

    /// The quick path for an edit it must take; returns the paths it wrote.
    #[track_caller]
    fn quick(&mut self, changed: &[PathBuf]) -> Vec<String> {
        let caches = &self.options.caches;
        let edit = studybook::quick::rerender(&mut self.model, caches, changed)
            .unwrap_or_else(|| panic!("a prose-only edit of {changed:?} takes the quick path"));
        let changes = studybook::quick::complete(&self.model, caches, &edit)
            .expect("a prose-only edit is completed from the model");
        let written: Vec<String> = (edit.pages.iter().chain(&changes.written))
            .map(|output| output.path.clone())
            .collect();
        for output in edit.pages.into_iter().chain(changes.written) {
            self.files.insert(output.path, output.bytes);
        }
        for path in &changes.removed {
            self.files.remove(path);
        }
        written
    }

    /// An edit the quick path must refuse, then the full rebuild `serve` runs with its caches.
    #[track_caller]
    fn refused_then_rebuilt(&mut self, changed: &[PathBuf]) {
        let caches = &self.options.caches;
        assert!(
            studybook::quick::rerender(&mut self.model, caches, changed).is_none(),
            "{changed:?}: a new heading needs the full build"
        );
        let (_, built) = studybook::build_model(&self.options).unwrap();
        let (site, model) = built.expect("the edited book builds");
        self.model = model;
        self.files = files_of(site);
    }

    /// Every served file equals a fresh one-off build's (the CLI's).
    #[track_caller]
    fn assert_fresh(&self, step: &str) {
        let fresh_options = Options {
            caches: Caches::for_one_build(),
            ..options_at(&self.options.root)
        };
        let (_, fresh) = studybook::build_in_memory(&fresh_options).unwrap();
        let fresh = files_of(fresh.expect("the edited book builds"));
        let differing = crate::cache_modes::differing(&fresh, &self.files);
        assert!(
            differing.is_empty(),
            "{}, after {step}: serve's files differ from a fresh build in {differing:?}",
            self.options.root.display()
        );
    }
}

fn options_at(root: &std::path::Path) -> Options {
    Options {
        root: root.to_path_buf(),
        overrides: Default::default(),
        mode: Mode::Build,
        caches: Caches::default(),
    }
}

/// The book's Markdown pages that are not folders' pages, to edit.
fn leaf_files(book: &TestBook, model: &studybook::Model) -> Vec<PathBuf> {
    (model.content.pages.iter())
        .filter(|page| page.origin == studybook::content::PageOrigin::File)
        .filter(|page| page.kind == studybook::content::PageKind::Leaf)
        .map(|page| book.root().join(&page.file))
        .collect()
}

fn append(path: &PathBuf, text: &str) -> String {
    let original = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, format!("{}\n\n{text}\n", original.trim_end())).unwrap();
    original
}

/// Edits while `serve` runs, each compared with a fresh build: a paragraph added to a page, that
/// paragraph replaced, the page restored while another gains one (two pages at once), a new
/// heading (refused, then rebuilt with the caches), and a prose edit from the rebuilt model. The
/// served files include the search index, which the quick path updates in place.
fn assert_quick_path_equals_full_builds(book: &TestBook) {
    let mut served = Served::start(book);
    if leaf_files(book, &served.model).len() < 2 {
        // A one-page book (`theme_override`) gets a second page, for the two-page edit.
        book.write("content/quick-second.md", "# 둘째 쪽\n\n둘째 쪽의 문단\n");
        served = Served::start(book);
    }
    let [first, second] = [0, 1].map(|idx| leaf_files(book, &served.model)[idx].clone());
    let original = append(&first, "빠른 길에서 더한 문단 quickalpha");
    let written = served.quick(std::slice::from_ref(&first));
    assert!(
        written.iter().any(|path| path.starts_with("search/s/")),
        "a new word changes a search shard: {written:?}"
    );
    served.assert_fresh("a paragraph added");
    std::fs::write(&first, &original).unwrap();
    append(&first, "그 문단을 바꾼 문단 quickbeta");
    served.quick(std::slice::from_ref(&first));
    served.assert_fresh("the paragraph replaced");
    std::fs::write(&first, &original).unwrap();
    append(&second, "둘째 쪽에 더한 문단 quickgamma");
    served.quick(&[first.clone(), second.clone()]);
    served.assert_fresh("two pages edited at once");
    append(&first, "## 새 절 quickdelta");
    served.refused_then_rebuilt(std::slice::from_ref(&first));
    served.assert_fresh("a new heading, rebuilt");
    std::fs::write(&first, &original).unwrap();
    served.refused_then_rebuilt(std::slice::from_ref(&first));
    append(&second, "다시 빠른 길 quickepsilon");
    served.quick(std::slice::from_ref(&second));
    served.assert_fresh("a prose edit after the rebuild");
}

#[test]
fn the_quick_path_leaves_every_fixture_book_as_a_fresh_build_makes_it() {
    for fixture in crate::cache_modes::FIXTURE_BOOKS {
        assert_quick_path_equals_full_builds(&TestBook::fixture(fixture));
    }
}

#[test]
fn the_quick_path_leaves_this_repositorys_book_as_a_fresh_build_makes_it() {
    assert_quick_path_equals_full_builds(&TestBook::own_book());
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
