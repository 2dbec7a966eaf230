//! One owner per output path (issue 16): a page, an asset, a theme file and a generated file can
//! never silently replace each other; two claims on one path are an error naming both, reported
//! by `check` as by `build`, before anything is written.

use crate::harness::*;
use crate::reliability::{book, errors_of};

/// The only error's location and message, after a `check` and a `build` that must agree; the
/// previous site must survive the failed build.
#[track_caller]
fn the_clash(book: &TestBook) -> String {
    book.write("content/ok.md", "# 괜찮은 페이지\n");
    let checked = book.check();
    let built = book.build();
    assert_eq!(
        errors_of(&checked),
        errors_of(&built),
        "check and build agree"
    );
    let errors = built.errors();
    assert_eq!(errors.len(), 1, "{}", built.rendered());
    assert!(
        !built.out.join("ok/index.html").exists(),
        "a failed build writes nothing"
    );
    format!("{} {}", errors[0].location(), errors[0].message)
}

#[test]
fn a_page_where_a_generated_page_goes_is_an_error_naming_both() {
    for (file, generated) in [
        ("content/search/_index.md", "search page and index"),
        ("content/tags/_index.md", "tag pages"),
        ("content/glossary.md", "glossary page"),
        ("content/print.md", "print edition"),
        ("content/map.md", "map of the book"),
        ("content/sessions.md", "session (회차) pages"),
    ] {
        let book = book();
        book.write(file, "+++\ntitle = \"내 페이지\"\n+++\n\n본문\n");
        let clash = the_clash(&book);
        assert!(
            clash.starts_with(&format!("{file}:1:1 the page `{file}`")),
            "{clash}"
        );
        assert!(clash.contains(generated), "{clash}");
    }
}

#[test]
fn an_asset_where_a_generated_file_goes_is_an_error_naming_both() {
    for (file, path, generated) in [
        (
            "content/static/style.css",
            "static/style.css",
            "built-in theme file",
        ),
        ("content/sitemap.xml", "sitemap.xml", "sitemap"),
        ("content/atom.xml", "atom.xml", "Atom feed"),
        ("content/404.html", "404.html", "404 page"),
    ] {
        let book = book();
        book.write(file, "mine\n");
        let clash = the_clash(&book);
        assert_eq!(
            clash,
            format!("{file} the file `{file}` and studybook's {generated} would both be written to `{path}`")
        );
    }
}

#[test]
fn a_folder_of_content_where_a_generated_folder_goes_is_an_error_for_its_page_and_its_files() {
    let book = book();
    book.write("content/a.md", "# 가\n");
    book.write("content/search/meta.json", "{}\n");
    let built = book.build();
    let errors = crate::reliability::errors_of(&built);
    assert_eq!(
        errors,
        [
            "error content/search:1:1 the page of the folder `content/search/` and studybook's search page and index would both be written to `search/index.html`",
            "error content/search/meta.json the file `content/search/meta.json` and studybook's search page and index would both be written to `search/meta.json`",
        ]
    );
}

#[test]
fn an_asset_under_figures_is_told_that_the_folder_is_reserved_and_a_page_there_is_not() {
    let book = book();
    book.write("content/figures/a.svg", "<svg/>\n");
    let clash = the_clash(&book);
    assert_eq!(
        clash,
        "content/figures/a.svg the file `content/figures/a.svg` and studybook's diagrams as standalone SVG files would both be written to `figures/a.svg`"
    );
    let help = crate::reliability::only_help(&book.build());
    assert!(
        help.starts_with("`figures/` is reserved for studybook's diagrams as standalone SVG files"),
        "{help}"
    );
    // A page's file is `index.html` in its folder, never a diagram's `figures/<key>.svg`.
    let book = crate::reliability::book();
    book.write("content/figures/_index.md", "# 그림 모음\n");
    assert!(book.build().ok().exists("figures/index.html"));
}

#[test]
fn every_fixture_book_writes_only_what_its_producers_claimed() {
    for fixture in crate::cache_modes::FIXTURE_BOOKS {
        let book = TestBook::fixture(fixture);
        let mut reports = vec![book.check().report, book.build().report];
        let options = studybook::Options {
            root: book.root().to_path_buf(),
            overrides: Default::default(),
            mode: studybook::Mode::Build,
            caches: studybook::Caches::default(),
        };
        reports.push(studybook::build_in_memory(&options).unwrap().0);
        for report in reports {
            let internal: Vec<&String> = (report.diagnostics.iter())
                .map(|diagnostic| &diagnostic.message)
                .filter(|message| message.contains("internal error"))
                .collect();
            assert!(internal.is_empty(), "{fixture}: {internal:?}");
        }
    }
}

#[test]
fn an_asset_where_a_page_goes_is_an_error_naming_both() {
    let book = book();
    book.write("content/topic/_index.md", "# 주제\n");
    book.write("content/topic/index.html", "<p>mine</p>\n");
    let clash = the_clash(&book);
    assert_eq!(
        clash,
        "content/topic/index.html the file `content/topic/index.html` and the page `content/topic/_index.md` would both be written to `topic/index.html`"
    );
}

#[test]
fn two_pages_at_one_url_are_an_error_naming_both() {
    let book = book();
    book.write("content/a-b.md", "# 하나\n");
    book.write("content/A B.md", "# 둘\n");
    let clash = the_clash(&book);
    assert!(clash.contains("the same URL `/a-b/`"), "{clash}");
}

#[test]
fn a_theme_static_replaces_the_built_in_one_by_design() {
    let book = book();
    book.write("content/a.md", "# 가\n");
    book.write("theme/static/style.css", "body { color: red }\n");
    let built = book.build().ok();
    assert_eq!(
        std::fs::read_to_string(built.out.join("static/style.css")).unwrap(),
        "body { color: red }\n"
    );
}

#[test]
fn two_builds_of_this_book_are_byte_identical() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let outs: Vec<tempfile::TempDir> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    let trees: Vec<_> = outs
        .iter()
        .map(|out| {
            let site = out.path().join("site");
            let report = studybook::build(&studybook::Options {
                root: root.to_path_buf(),
                overrides: studybook::config::Overrides {
                    output_dir: Some(site.clone()),
                    base_url: None,
                    audience: Default::default(),
                },
                mode: studybook::Mode::Build,
                caches: studybook::Caches::for_one_build(),
            })
            .unwrap();
            assert!(!report.has_errors());
            tree(&site)
        })
        .collect();
    assert!(
        trees[0].len() > 100,
        "the whole book: {} files",
        trees[0].len()
    );
    let differing: Vec<&String> = trees[0]
        .iter()
        .filter(|(path, bytes)| trees[1].get(*path) != Some(bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(differing.is_empty(), "differ between builds: {differing:?}");
    assert_eq!(trees[0].len(), trees[1].len());
}

fn tree(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let rel = entry.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(entry.path()).unwrap(),
            )
        })
        .collect()
}
