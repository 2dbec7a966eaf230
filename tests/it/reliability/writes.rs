//! Writes outside the book, and lost files (issue 28): every command that writes into a book
//! (`init`, `new`, `import`, the diagram cache) writes only inside it, checks every path before
//! the first file, replaces a file it rewrites whole or not at all, and makes only names a build
//! will show on every system.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use studybook::import::{self, ImportOptions};

use super::hostile::listing;
use super::{book, errors_of, findings};

fn studybook(args: &[&str], paths: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_studybook"))
        .args(args)
        .args(paths)
        .output()
        .unwrap()
}

/// A round whose scenario has no English term: its folder is named after the session
/// (`SESSION-1`) and its topic is new (`topic-1`).
const KOREAN_ROUND: &str =
    "스터디 9회차\n\n2025-12-24\n\n캐시 전략\n\n상황\n\n주문 조회가 느리다.\n\n문제\n\n1. 캐시를 어디에 둘지 설명하시오.\n";

/// A book in a folder of its own inside `outer`, so that a write beside the book shows.
fn book_inside(outer: &Path) -> PathBuf {
    let root = outer.join("book");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join("book.toml"), "[book]\ntitle = \"스터디\"\n").unwrap();
    std::fs::write(outer.join("round.txt"), KOREAN_ROUND).unwrap();
    root
}

#[test]
fn an_import_session_that_climbs_out_of_the_book_is_refused_and_nothing_is_written() {
    let outer = tempfile::tempdir().unwrap();
    let root = book_inside(outer.path());
    let round = outer.path().join("round.txt");
    let before = listing(outer.path());
    for dry_run in [true, false] {
        let mut args = vec!["import", "--session", "../../../escaped"];
        args.extend(dry_run.then_some("--dry-run"));
        let output = studybook(&args, &[&round, &root]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("`../../../escaped` is not a session id"),
            "{stderr}"
        );
        assert_eq!(listing(outer.path()), before, "nothing written anywhere");
    }
    // The library refuses it too, as a mistake in the options: nothing written.
    let outcome = import::run(&ImportOptions {
        round_file: round,
        book_dir: root.clone(),
        session: Some("../../../escaped".into()),
        ..ImportOptions::default()
    })
    .unwrap();
    let messages: Vec<&str> = (outcome.diagnostics.iter())
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        ["`--session ../../../escaped`: `../../../escaped` is not a session id: use lowercase ASCII letters, digits and `-`, at most 64 bytes"]
    );
    assert!(outcome.written.is_none());
    assert_eq!(listing(outer.path()), before, "nothing written anywhere");
}

#[test]
fn an_overlong_session_fails_the_dry_run_as_it_fails_the_real_run_and_nothing_is_written() {
    let outer = tempfile::tempdir().unwrap();
    let root = book_inside(outer.path());
    let round = outer.path().join("round.txt");
    let before = listing(outer.path());
    let long = "a".repeat(300);
    for dry_run in [true, false] {
        let mut args = vec!["import", "--session", &long];
        args.extend(dry_run.then_some("--dry-run"));
        let output = studybook(&args, &[&round, &root]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "dry run {dry_run}: {stderr}");
        assert!(stderr.contains("at most 64 bytes"), "{stderr}");
        assert_eq!(listing(outer.path()), before, "nothing written");
    }
}

#[test]
fn a_dry_run_finds_the_errors_the_real_run_would_before_anything_is_written() {
    let outside = tempfile::tempdir().unwrap();
    let outer = tempfile::tempdir().unwrap();
    let root = book_inside(outer.path());
    // The topic folder the import would use is a link out of the book.
    std::fs::create_dir(root.join("content")).unwrap();
    symlink(outside.path(), root.join("content/topic-1")).unwrap();
    let before = listing(outer.path());
    for dry_run in [true, false] {
        let outcome = import::run(&ImportOptions {
            round_file: outer.path().join("round.txt"),
            book_dir: root.clone(),
            dry_run,
            ..ImportOptions::default()
        })
        .expect("a link out of the book is a mistake in the book, not a failure to run");
        let messages: Vec<String> = (outcome.diagnostics.iter())
            .filter(|d| d.is_error())
            .map(|d| format!("{} {}", d.location(), d.message))
            .collect();
        assert_eq!(
            messages,
            [
                "content/topic-1/_index.md cannot write here: it, or a folder on its way, is a symbolic link that leads outside the book (or is broken)",
                "content/topic-1/2025-12-24-1/_index.md cannot write here: it, or a folder on its way, is a symbolic link that leads outside the book (or is broken)",
                "content/topic-1/2025-12-24-1/q1.md cannot write here: it, or a folder on its way, is a symbolic link that leads outside the book (or is broken)",
            ],
            "dry run {dry_run}"
        );
        assert!(outcome.written.is_none());
        assert_eq!(listing(outside.path()), Vec::<String>::new());
        assert_eq!(listing(outer.path()), before);
    }
}

#[test]
fn a_session_id_over_255_bytes_builds_into_a_bounded_folder() {
    let book = book();
    let id = "가".repeat(100);
    book.write(
        "book.toml",
        &format!("[book]\ntitle = \"t\"\n\n[site]\nurl = \"https://example.org/\"\n\n[[sessions]]\nid = \"{id}\"\ntitle = \"긴 회차\"\n"),
    );
    book.write(
        "content/a.md",
        &format!("+++\ntitle = \"a\"\nsession = \"{id}\"\n+++\n\n본문\n"),
    );
    assert_eq!(errors_of(&book.check()), Vec::<String>::new());
    let built = book.build().ok();
    let sessions: Vec<String> = listing(&built.out.join("sessions"))
        .into_iter()
        .filter(|path| path.ends_with("index.html") && path.contains('/'))
        .collect();
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    let folder = sessions[0].split('/').next().unwrap();
    assert!(folder.len() <= 120, "{} bytes: {folder}", folder.len());
    assert!(built.html("a/").contains(&format!("sessions/{folder}/")));
}

#[test]
fn init_refuses_folders_linked_out_of_the_book_before_writing_anything() {
    let outside = tempfile::tempdir().unwrap();
    for linked in ["glossary", ".github"] {
        let dir = tempfile::tempdir().unwrap();
        symlink(outside.path(), dir.path().join(linked)).unwrap();
        let error = studybook::scaffold::init(dir.path(), Some("책")).unwrap_err();
        let message = format!("{error:#}");
        assert!(
            message.contains("symbolic link that leads outside the book")
                && message.contains(linked),
            "{message}"
        );
        assert_eq!(listing(outside.path()), Vec::<String>::new(), "{linked}");
        assert_eq!(listing(dir.path()), [linked], "nothing written in the book");
    }
}

#[test]
fn a_content_folder_linked_out_of_the_book_is_not_walked() {
    let outside = tempfile::tempdir().unwrap();
    for folder in ["one", "two", "three"] {
        let dir = outside.path().join(folder);
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("secret.md"), "# 비밀\n").unwrap();
    }
    let book = book();
    symlink(outside.path(), book.root().join("content")).unwrap();
    let built = book.build();
    assert_eq!(
        findings(&built),
        ["warning content skipped: it is a symlink that leads outside the book, so it is not read"]
    );
    let pages: Vec<&str> = (built.report.diagnostics.iter())
        .map(|d| d.message.as_str())
        .collect();
    assert!(!built.out.join("one").exists(), "{pages:?}");
    assert!(listing(&built.out)
        .iter()
        .all(|path| !path.contains("secret")));
}

fn numbered_round(n_questions: usize) -> String {
    let mut text =
        "스터디 10회차\n\n2025-12-31\n\n캐시 전략\n\n상황\n\n주문 조회가 느리다.\n\n문제\n\n"
            .to_string();
    for number in 1..=n_questions {
        text.push_str(&format!("{number}. {number}번째 경우를 설명하시오.\n\n"));
    }
    text
}

#[test]
fn a_round_of_120_numbered_questions_imports_as_120_pages() {
    let outer = tempfile::tempdir().unwrap();
    let root = book_inside(outer.path());
    let round = outer.path().join("round.txt");
    std::fs::write(&round, numbered_round(120)).unwrap();
    let outcome = import::run(&ImportOptions {
        round_file: round,
        book_dir: root.clone(),
        ..ImportOptions::default()
    })
    .unwrap();
    assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
    let plan = outcome.plan.unwrap();
    let questions = &plan.scenarios[0].questions;
    assert_eq!(questions.len(), 120);
    assert_eq!(questions[119].path, "topic-1/2025-12-31-1/q120.md");
    let q100 = std::fs::read_to_string(root.join("content/topic-1/2025-12-31-1/q100.md")).unwrap();
    assert!(q100.contains("100번째 경우를 설명하시오."), "{q100}");
    assert!(!q100.contains("101번째"), "{q100}");
}

#[test]
fn new_refuses_names_no_build_would_show_or_windows_could_hold() {
    let book = book();
    book.write("content/a.md", "# a\n");
    // An earlier build's output inside `content/`, which the walker never reads.
    book.write("content/old-site/.studybook-output", "");
    let refused = [
        (".hidden/q1-x", "`.hidden` is hidden"),
        ("topic/.q1-x", "`.q1-x.md` is hidden"),
        ("old-site/q1-x", "`old-site` holds a site studybook built"),
        ("con/q1-x", "`con` is a reserved name on Windows"),
        ("topic/NUL", "`NUL.md` is a reserved name on Windows"),
        (
            "topic/lpt1.notes",
            "`lpt1.notes.md` is a reserved name on Windows",
        ),
        ("topic/Com9", "`Com9.md` is a reserved name on Windows"),
    ];
    for (name, reason) in refused {
        let error = studybook::scaffold::new_page(book.root(), name).unwrap_err();
        let message = format!("{error:#}");
        assert!(message.contains(reason), "{name}: {message}");
    }
    let deep = vec!["d"; 40].join("/") + "/q1";
    let message = format!(
        "{:#}",
        studybook::scaffold::new_page(book.root(), &deep).unwrap_err()
    );
    assert!(message.contains("nested more than 32"), "{message}");
    assert_eq!(
        listing(&book.root().join("content")),
        ["a.md", "old-site", "old-site/.studybook-output"]
    );
    // `con1`, `com10` and `console` are ordinary names.
    for name in ["con1/q1", "t/com10", "t/console"] {
        studybook::scaffold::new_page(book.root(), name).unwrap();
    }
}

#[test]
fn import_refuses_windows_reserved_topic_folders() {
    let outer = tempfile::tempdir().unwrap();
    let root = book_inside(outer.path());
    let round = outer.path().join("round.txt");
    let before = listing(outer.path());
    let output = studybook(&["import", "--topic", "1=aux"], &[&round, &root]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("`aux` is a reserved name on Windows"),
        "{stderr}"
    );
    assert_eq!(listing(outer.path()), before);
}

#[test]
fn check_reports_windows_reserved_names_in_the_content() {
    let book = book();
    book.write("content/aux/q1.md", "# q1\n");
    book.write("content/t/con.md", "# con\n");
    book.write("content/t/prn.png", "png");
    book.write("content/t/console.md", "# console\n");
    let checked = book.check();
    assert_eq!(
        errors_of(&checked),
        [
            "error content/aux `aux` is a reserved name on Windows: the book cannot be checked out or built there",
            "error content/t/con.md `con.md` is a reserved name on Windows: the book cannot be checked out or built there",
            "error content/t/prn.png `prn.png` is a reserved name on Windows: the book cannot be checked out or built there",
        ]
    );
}

/// Unmounts the tmpfs at the path when the test ends, however it ends.
struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// A 64 KiB tmpfs at `dir`, or why there cannot be one here (not root, no `mount`).
fn small_disk(dir: &Path) -> Result<Mounted, String> {
    std::fs::create_dir(dir).unwrap();
    let output = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(dir)
        .output()
        .map_err(|error| error.to_string())?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).trim().to_string());
    }
    Ok(Mounted(dir.to_path_buf()))
}

/// Fills the disk holding `dir`, then frees `n_blocks` of 4 KiB.
fn fill_leaving(dir: &Path, n_blocks: u64) {
    use std::io::Write as _;
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).unwrap();
    while file.write_all(&[b'x'; 4096]).is_ok() {}
    let len = std::fs::metadata(&path).unwrap().len() / 4096 * 4096;
    file.set_len(len - n_blocks * 4096).unwrap();
}

#[test]
fn an_import_on_a_full_disk_leaves_book_toml_whole() {
    let outer = tempfile::tempdir().unwrap();
    let disk = outer.path().join("disk");
    let _mounted = match small_disk(&disk) {
        Ok(mounted) => mounted,
        Err(reason) => {
            eprintln!("skipped: cannot mount a small tmpfs here ({reason}); the unit test in `book_write` injects the failure instead");
            return;
        }
    };
    let root = disk.join("book");
    std::fs::create_dir(&root).unwrap();
    // Just under five blocks: the session's few lines need a sixth.
    let mut book_toml = "[book]\ntitle = \"스터디\"\n".to_string();
    let note = "# 설정에 대한 사용자의 메모, 지워지면 안 된다\n";
    while book_toml.len() + note.len() < 20_400 {
        book_toml.push_str(note);
    }
    book_toml.push_str(&"#".repeat(20_469 - book_toml.len()));
    book_toml.push('\n');
    std::fs::write(root.join("book.toml"), &book_toml).unwrap();
    let round = outer.path().join("round.txt");
    std::fs::write(&round, KOREAN_ROUND).unwrap();
    // Room for the three new pages, but not for a second copy of `book.toml`.
    fill_leaving(&disk, 3);
    let output = studybook(&["import"], &[&round, &root]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("book.toml"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(root.join("book.toml")).unwrap(),
        book_toml,
        "book.toml is whole"
    );
    let stray: Vec<String> = (listing(&root).into_iter())
        .filter(|path| !path.starts_with("content") && path != "book.toml")
        .collect();
    assert_eq!(stray, Vec::<String>::new(), "no temporary file left");
}
