//! "Nothing lost" (issue 11): `build` never deletes a file it did not write, refuses output
//! folders that hold the book or somebody else's files, and a killed build leaves the previous
//! site whole. Every test works in its own temporary folder; none points `--out` at `/` or `~`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use studybook::config::Overrides;
use studybook::{Caches, Mode, Options};

use crate::harness::*;

fn build_into(root: &Path, out: &Path) -> anyhow::Result<studybook::Report> {
    studybook::build(&Options {
        root: root.to_path_buf(),
        overrides: Overrides {
            output_dir: Some(out.to_path_buf()),
            base_url: None,
            audience: Default::default(),
        },
        mode: Mode::Build,
        caches: Caches::default(),
    })
}

/// Every file under `dir` with its contents, to compare a folder before and after.
pub(crate) fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(entry.path()).unwrap())
        })
        .collect()
}

/// A book inside `<tmp>/shelf/book`, so that there are folders above it to refuse.
fn shelved_book() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("shelf/book");
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("book.toml"), "[book]\ntitle = \"책\"\n").unwrap();
    std::fs::write(root.join("content/a.md"), "# a\n").unwrap();
    std::fs::write(tmp.path().join("shelf/other.txt"), "someone else's").unwrap();
    (tmp, root)
}

#[test]
fn the_book_its_content_and_every_folder_above_it_are_refused() {
    let (tmp, root) = shelved_book();
    let before = snapshot(tmp.path());
    let root = root.canonicalize().unwrap();
    let cases = [
        (root.clone(), format!("refusing to write the site into the book's own folder (`{}`); choose another `--out`, e.g. `public/`", root.display())),
        (root.join("content"), format!("refusing to write the site into `content/` (`{}`); choose another `--out`, e.g. `public/`", root.join("content").display())),
        (root.join("content/../."), format!("refusing to write the site into the book's own folder (`{}`); choose another `--out`, e.g. `public/`", root.display())),
    ];
    for (out, expected) in cases {
        let error = format!("{:#}", build_into(&root, &out).unwrap_err());
        assert_eq!(error, expected);
    }
    for above in [
        root.parent().unwrap(),
        root.parent().unwrap().parent().unwrap(),
    ] {
        let error = format!("{:#}", build_into(&root, above).unwrap_err());
        assert_eq!(
            error,
            format!("refusing to write the site into `{}`, which contains the book; choose a folder inside or beside it, e.g. `public/`", above.display())
        );
    }
    assert_eq!(snapshot(tmp.path()), before, "nothing was touched");
}

#[test]
fn files_that_no_build_wrote_stop_the_next_build() {
    let (_tmp, root) = shelved_book();
    let out = root.join("public");
    build_into(&root, &out).unwrap();
    std::fs::write(out.join("mine.txt"), "my notes").unwrap();
    std::fs::create_dir_all(out.join("a/deep")).unwrap();
    std::fs::write(out.join("a/deep/draft.md"), "draft").unwrap();
    let before = snapshot(&out);
    let error = format!("{:#}", build_into(&root, &out).unwrap_err());
    assert_eq!(
        error,
        format!("`{}` holds 2 file(s) that no earlier build wrote, e.g. `a/deep/draft.md`; refusing to replace them. Move them out (into `content/` to publish them) and build again", out.canonicalize().unwrap().display())
    );
    assert_eq!(snapshot(&out), before, "nothing was deleted");
    // A file the build wrote and the author edited is the build's to replace.
    std::fs::remove_file(out.join("mine.txt")).unwrap();
    std::fs::remove_dir_all(out.join("a/deep")).unwrap();
    std::fs::write(out.join("a/index.html"), "edited by hand").unwrap();
    let report = build_into(&root, &out).unwrap();
    assert!(!report.has_errors());
    assert!(std::fs::read_to_string(out.join("a/index.html"))
        .unwrap()
        .contains("<!DOCTYPE html>"));
    // An output folder with files and no marker was never ours.
    let foreign = root.join("site");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("index.html"), "hand-made").unwrap();
    let error = format!("{:#}", build_into(&root, &foreign).unwrap_err());
    assert!(error.contains("holds files that studybook did not write (no `.studybook-output` marker), e.g. `index.html`"), "{error}");
    assert_eq!(
        std::fs::read_to_string(foreign.join("index.html")).unwrap(),
        "hand-made"
    );
}

/// A process id that is not running, for leftovers of a "dead" build.
fn dead_pid() -> u32 {
    (4_000_000..4_100_000)
        .find(|pid| !Path::new(&format!("/proc/{pid}")).exists())
        .unwrap()
}

/// A book big enough that writing it takes a while.
fn big_book(n_pages: usize, version: &str) -> TestBook {
    let book = TestBook::empty();
    book.write("book.toml", "[book]\ntitle = \"큰 책\"\n");
    let text: String = (0..30)
        .map(|i| format!("문단 {i}: {version} 판의 본문이다.\n\n"))
        .collect();
    for i in 0..n_pages {
        book.write(
            &format!("content/t{}/p{i}.md", i % 20),
            &format!("# p{i}\n\n{text}"),
        );
    }
    book
}

fn rewrite_pages(book: &TestBook, n_pages: usize, version: &str) {
    for i in 0..n_pages {
        book.write(
            &format!("content/t{}/p{i}.md", i % 20),
            &format!("# p{i}\n\n{version}\n"),
        );
    }
}

fn leftovers(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".studybook-"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_build_killed_mid_write_leaves_the_previous_site_intact() {
    let n_pages = 2000;
    let book = big_book(n_pages, "첫째");
    let out = book.out();
    book.build().ok();
    let first = snapshot(&out);
    assert!(first.len() > n_pages);
    rewrite_pages(&book, n_pages, "둘째");
    let mut child = Command::new(env!("CARGO_BIN_EXE_studybook"))
        .arg("build")
        .arg(book.root())
        .arg("--out")
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let staging = book
        .root()
        .join(format!(".public.studybook-staging-{}", child.id()));
    let deadline = Instant::now() + Duration::from_secs(300);
    while !staging.exists() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it began writing"
        );
        assert!(Instant::now() < deadline, "the build never began writing");
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    let status = child.wait().unwrap();
    assert!(!status.success(), "killed mid-write, not finished");
    assert_eq!(snapshot(&out), first, "the previous site is whole");
    assert_eq!(
        leftovers(book.root()),
        [staging.file_name().unwrap().to_string_lossy()]
    );
    // The next build clears the leftover and publishes the new site.
    book.build().ok();
    assert!(leftovers(book.root()).is_empty());
    let page = std::fs::read_to_string(out.join("t0/p0/index.html")).unwrap();
    assert!(page.contains("둘째") && !page.contains("첫째"));
}

#[test]
fn a_build_killed_between_its_renames_gets_the_site_back_even_if_the_next_build_fails() {
    let book = big_book(5, "첫째");
    let out = book.out();
    book.build().ok();
    let first = snapshot(&out);
    // The state a kill between "move the old site aside" and "move the new one in" leaves.
    let aside = book
        .root()
        .join(format!(".public.studybook-old-{}", dead_pid()));
    std::fs::rename(&out, &aside).unwrap();
    book.write("content/broken.md", "[깨진](없음.md)\n");
    let built = book.build();
    assert!(built.report.has_errors());
    assert_eq!(
        snapshot(&out),
        first,
        "restored before the failed build reported"
    );
    assert!(leftovers(book.root()).is_empty());
}

#[test]
fn a_running_builds_staging_folder_is_left_alone() {
    let book = big_book(5, "첫째");
    let mut sleeper = Command::new("sleep").arg("60").spawn().unwrap();
    let busy = book
        .root()
        .join(format!(".public.studybook-staging-{}", sleeper.id()));
    std::fs::create_dir_all(&busy).unwrap();
    std::fs::write(busy.join("half.html"), "being written").unwrap();
    let stale = book
        .root()
        .join(format!(".public.studybook-staging-{}", dead_pid()));
    std::fs::create_dir_all(&stale).unwrap();
    book.build().ok();
    assert!(
        busy.join("half.html").exists(),
        "another live build's folder"
    );
    assert!(!stale.exists(), "a dead build's folder is cleared");
    sleeper.kill().unwrap();
    sleeper.wait().unwrap();
}
