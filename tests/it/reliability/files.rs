//! The file system: symlink loops and escapes, output folders in odd places, unwritable
//! output, and files that disappear while the build runs.

use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};

use studybook::config::Overrides;
use studybook::{Caches, Mode, Options};

use super::{book, findings};
use crate::harness::*;

fn build_into(book: &TestBook, out: &Path) -> anyhow::Result<studybook::Report> {
    studybook::build(&Options {
        root: book.root().to_path_buf(),
        overrides: Overrides {
            output_dir: Some(out.to_path_buf()),
            base_url: None,
            audience: Default::default(),
        },
        mode: Mode::Build,
        caches: Caches::default(),
    })
}

/// Every file under `dir`, relative, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| !entry.file_type().is_dir())
        .map(|entry| {
            entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    files
}

#[test]
fn symlink_loops_are_skipped_with_a_warning() {
    let book = book();
    book.write("content/a.md", "# a\n");
    symlink("loop.md", book.root().join("content/loop.md")).unwrap();
    symlink("ping", book.root().join("content/pong")).unwrap();
    symlink("pong", book.root().join("content/ping")).unwrap();
    std::fs::create_dir_all(book.root().join("content/t")).unwrap();
    symlink("..", book.root().join("content/t/up")).unwrap();
    let built = book.build().ok();
    assert_eq!(
        findings(&built),
        [
            "warning content/loop.md symlink cannot be followed: Too many levels of symbolic links (os error 40)",
            "warning content/ping symlink cannot be followed: Too many levels of symbolic links (os error 40)",
            "warning content/pong symlink cannot be followed: Too many levels of symbolic links (os error 40)",
            "warning content/t/up symlinked folder is not followed",
        ]
    );
    assert!(built.exists("a/index.html") && !built.exists("t/up"));
}

#[test]
fn a_symlink_out_of_the_book_is_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "# 비밀\n").unwrap();
    std::fs::write(outside.path().join("key.pem"), "PRIVATE").unwrap();
    let outside_path = outside.path().canonicalize().unwrap();
    let book = book();
    book.write("content/a.md", "# a\n");
    symlink(
        outside_path.join("secret.md"),
        book.root().join("content/secret.md"),
    )
    .unwrap();
    symlink(
        outside_path.join("key.pem"),
        book.root().join("content/key.pem"),
    )
    .unwrap();
    symlink(&outside_path, book.root().join("content/elsewhere")).unwrap();
    book.write("notes/inside.md", "# 안쪽\n");
    symlink("../notes/inside.md", book.root().join("content/inside.md")).unwrap();
    let built = book.build().ok();
    let shown = outside_path.display();
    assert_eq!(
        findings(&built),
        [
            format!("warning content/elsewhere symlink leads outside the book (to `{shown}`) and is not followed"),
            format!("warning content/key.pem symlink leads outside the book (to `{shown}/key.pem`) and is not followed"),
            format!("warning content/secret.md symlink leads outside the book (to `{shown}/secret.md`) and is not followed"),
        ]
    );
    assert_eq!(
        files_under(&built.out)
            .iter()
            .filter(|f| f.contains("secret") || f.contains("key") || f.contains("elsewhere"))
            .count(),
        0
    );
    assert!(
        built.main("inside/").contains("안쪽"),
        "a link that stays inside the book is followed"
    );
}

#[test]
fn an_output_folder_inside_content_is_not_read_back_as_content() {
    let book = book();
    book.write("content/a.md", "# a\n");
    book.write("content/pic.png", "png");
    let out = book.root().join("content/site");
    let first = build_into(&book, &out).unwrap();
    assert!(!first.has_errors());
    let files = files_under(&out);
    // Written again through a path that names the same folder differently.
    let second = build_into(&book, &book.root().join("content/../content/./site")).unwrap();
    assert!(!second.has_errors());
    assert_eq!(second.n_files, first.n_files);
    assert_eq!(
        files_under(&out),
        files,
        "the second build did not copy the first one into itself"
    );
    // An old output folder left inside `content/` (it has the marker) is never content either.
    let third = build_into(&book, &book.root().join("public")).unwrap();
    assert_eq!(third.n_files, first.n_files);
    assert!(!book.root().join("public/site").exists());
}

#[test]
fn an_output_path_under_a_regular_file_is_a_clear_error() {
    let book = book();
    book.write("content/a.md", "# a\n");
    book.write("notes.txt", "mine");
    let out = book.root().join("notes.txt/public");
    let error = format!("{:#}", build_into(&book, &out).unwrap_err());
    assert_eq!(
        error,
        format!(
            "cannot write the site into `{}`: `{}` is a file, not a folder; choose another `--out`",
            out.display(),
            book.root().join("notes.txt").display()
        )
    );
    let error = format!(
        "{:#}",
        build_into(&book, &book.root().join("notes.txt")).unwrap_err()
    );
    assert!(error.contains("is a file, not a folder"), "{error}");
    assert_eq!(
        std::fs::read_to_string(book.root().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_read_only_output_parent_fails_cleanly() {
    let book = book();
    book.write("content/a.md", "# a\n");
    let locked = book.root().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = locked.join("probe");
    if std::fs::write(&probe, "").is_ok() {
        // Root (CAP_DAC_OVERRIDE) ignores permission bits, so there is nothing to test; `.ci/run`
        // runs the suite as an unprivileged user with STUDYBOOK_REQUIRE_UNPRIVILEGED=1, where
        // skipping is a failure.
        assert!(
            std::env::var("STUDYBOOK_REQUIRE_UNPRIVILEGED").is_err(),
            "this test must run as a user that permission bits apply to"
        );
        eprintln!("skipped: permissions are not enforced for this user (running as root); .ci/run runs it unprivileged");
        std::fs::remove_file(&probe).unwrap();
        return;
    }
    let error = format!(
        "{:#}",
        build_into(&book, &locked.join("public")).unwrap_err()
    );
    assert!(
        error.contains("failed to create") && error.contains("Permission denied"),
        "{error}"
    );
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(
        std::fs::read_dir(&locked).unwrap().next().is_none(),
        "nothing half-written"
    );
}

#[test]
fn an_asset_deleted_before_the_copy_fails_and_keeps_the_previous_site() {
    let book = book();
    book.write("content/a.md", "# a\n");
    book.write("content/pic.png", "png");
    book.build().ok();
    let before = files_under(&book.out());
    let overrides = Overrides {
        output_dir: Some(book.out()),
        base_url: None,
        audience: Default::default(),
    };
    let (config, _) = studybook::config::load(book.root(), &overrides).unwrap();
    let (content, _) = studybook::content::load(&config);
    std::fs::remove_file(book.root().join("content/pic.png")).unwrap();
    let (copies, _) = studybook::publish::copies(&config, &content.assets);
    let error = format!(
        "{:#}",
        studybook::site::write(&config, &[], &copies).unwrap_err()
    );
    assert_eq!(
        error,
        format!(
            "failed to copy `{}` (was it deleted during the build?): No such file or directory (os error 2)",
            config.content_dir.join("pic.png").display()
        )
    );
    assert_eq!(
        files_under(&book.out()),
        before,
        "the previous site is intact"
    );
    assert_eq!(leftovers(book.root()), Vec::<String>::new());
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".studybook-"))
        .collect()
}

/// Files appear and disappear while builds run: every build either succeeds or reports the
/// missing file, and `public/` is always a whole site.
#[test]
fn files_deleted_while_builds_run_never_break_the_site() {
    let book = book();
    for i in 0..40 {
        book.write(
            &format!("content/p{i}.md"),
            &format!("# p{i}\n\n![사진](churn.png)\n"),
        );
    }
    book.write("content/churn.png", "png");
    book.build().ok();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let churn_root: PathBuf = book.root().join("content");
    let churner = {
        let stop = std::sync::Arc::clone(&stop);
        std::thread::spawn(move || {
            let mut n = 0u32;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = std::fs::remove_file(churn_root.join("churn.png"));
                let _ = std::fs::remove_file(churn_root.join("churn.md"));
                std::thread::yield_now();
                let _ = std::fs::write(churn_root.join("churn.png"), "png");
                let _ = std::fs::write(churn_root.join("churn.md"), "# churn\n");
                n += 1;
            }
            n
        })
    };
    let (mut n_ok, mut n_reported) = (0, 0);
    for _ in 0..15 {
        match build_into(&book, &book.out()) {
            Ok(report) if !report.has_errors() => n_ok += 1,
            Ok(report) => {
                n_reported += 1;
                for diagnostic in &report.diagnostics {
                    let text = format!("{} {}", diagnostic.location(), diagnostic.message);
                    assert!(
                        text.contains("churn") && diagnostic.help.is_some(),
                        "unexpected: {text}"
                    );
                }
            }
            Err(error) => {
                n_reported += 1;
                let text = format!("{error:#}");
                assert!(
                    text.contains("churn") && text.contains("deleted during the build"),
                    "{text}"
                );
            }
        }
        let files = files_under(&book.out());
        assert!(
            files.contains(&"p39/index.html".to_string())
                && files.contains(&".studybook-output".to_string()),
            "public/ is a whole site: {files:?}"
        );
        assert!(
            leftovers(book.root()).is_empty(),
            "{:?}",
            leftovers(book.root())
        );
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let n_churns = churner.join().unwrap();
    eprintln!("{n_ok} clean builds, {n_reported} reported a vanished file, {n_churns} deletions");
}
