//! A new user's first hour, through the built `studybook` binary as they would run it: a fresh
//! `init` in a temporary folder, commands run from its subfolders, with and without a terminal
//! (issue 32).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `studybook ARGS` in `cwd` outside CI (so a build is the author's preview), with an
/// English locale that the book's own `language` must win over.
fn studybook(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_studybook"))
        .args(args)
        .current_dir(cwd)
        .env_remove("CI")
        .env("LANG", "en_US.UTF-8")
        .env("NO_COLOR", "1")
        .output()
        .expect("the studybook binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A fresh book from `studybook init my-study` in a temporary folder: (the folder, the book).
fn fresh_book() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let init = studybook(dir.path(), &["init", "my-study"]);
    assert!(init.status.success(), "{}", stderr(&init));
    let book = dir.path().join("my-study");
    (dir, book)
}

#[test]
fn a_fresh_init_builds_through_the_cli_with_no_warnings() {
    let (_dir, book) = fresh_book();
    let built = studybook(&book, &["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let said = stderr(&built);
    assert!(!said.contains("warning"), "a preview build: {said}");
    let home = std::fs::read_to_string(book.join("public/index.html")).expect("the home page");
    // round-1 has neither date nor author: its title alone, no dangling "·".
    let round = home.find("1회차</a>").expect("the home page lists round-1");
    let after = &home[round..round + 40.min(home.len() - round)];
    assert!(!after.contains('·') && !after.contains("muted"), "{after}");
    let checked = studybook(&book, &["check"]);
    assert!(checked.status.success(), "{}", stderr(&checked));
    assert!(
        !stderr(&checked).contains("warning"),
        "{}",
        stderr(&checked)
    );
    // The published build (CI) without the site's address still says what it lacks.
    let in_ci = Command::new(env!("CARGO_BIN_EXE_studybook"))
        .arg("build")
        .current_dir(&book)
        .env("CI", "true")
        .output()
        .expect("runs");
    assert!(in_ci.status.success());
    assert!(stderr(&in_ci).contains("--base-url"), "{}", stderr(&in_ci));
}

#[test]
fn check_from_a_subfolder_finds_the_book_and_says_which() {
    let (_dir, book) = fresh_book();
    let topic = book.join("content/networking");
    let checked = studybook(&topic, &["check"]);
    let said = stderr(&checked);
    assert!(checked.status.success(), "{said}");
    let root = book.canonicalize().expect("the book exists");
    assert!(
        said.lines()
            .next()
            .is_some_and(|line| line == format!("book: {} (book.toml)", root.display())),
        "{said}"
    );
    assert!(!said.contains("unknown session"), "{said}");
    // `build` from a subfolder writes the book's own `public/`, not one inside the subfolder.
    let built = studybook(&topic, &["build", "-q"]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(book.join("public/index.html").is_file());
    assert!(!topic.join("public").exists());
    // `new` from a subfolder files the page in the book.
    let new = studybook(
        &topic,
        &["new", "networking/first-connection/q2-slow-start"],
    );
    assert!(new.status.success(), "{}", stderr(&new));
    assert!(book
        .join("content/networking/first-connection/q2-slow-start.md")
        .is_file());
}

#[test]
fn a_folder_with_no_book_and_no_markdown_is_an_error_and_notes_still_build() {
    let dir = tempfile::tempdir().expect("a temp dir");
    // A repository's top ends the search for `book.toml`, whatever lies above the temp dir.
    std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
    let empty = studybook(dir.path(), &["build"]);
    assert_eq!(empty.status.code(), Some(2), "{}", stderr(&empty));
    let said = stderr(&empty);
    assert!(
        said.contains("book.toml") && said.contains("*.md"),
        "{said}"
    );
    assert!(said.contains("studybook init"), "{said}");
    assert!(!dir.path().join("public").exists());
    let checked = studybook(dir.path(), &["check"]);
    assert_eq!(checked.status.code(), Some(2), "{}", stderr(&checked));

    std::fs::write(dir.path().join("tcp.md"), "# TCP\n\n세 번 악수한다.\n").expect("write");
    let notes = studybook(dir.path(), &["build"]);
    assert!(notes.status.success(), "{}", stderr(&notes));
    assert!(
        stderr(&notes).contains("(a folder of Markdown notes, no book.toml)"),
        "{}",
        stderr(&notes)
    );
    assert!(dir.path().join("public/tcp/index.html").is_file());
}

#[test]
fn init_adds_the_missing_lines_to_an_existing_gitignore_and_says_so() {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join(".gitignore"), "/target\npublic/").expect("write");
    let init = studybook(dir.path(), &["init"]);
    assert!(init.status.success(), "{}", stderr(&init));
    let ignore = std::fs::read_to_string(dir.path().join(".gitignore")).expect("read");
    assert_eq!(
        ignore,
        "/target\npublic/\n# studybook: the built site and the diagram cache\n/.studybook-cache\n"
    );
    let said = stdout(&init);
    assert!(
        said.contains(".gitignore") && said.contains("/.studybook-cache"),
        "{said}"
    );
    // A second `init` elsewhere with everything present leaves the file alone.
    let again = tempfile::tempdir().expect("a temp dir");
    std::fs::write(
        again.path().join(".gitignore"),
        "public\n.studybook-cache/\n",
    )
    .expect("write");
    assert!(studybook(again.path(), &["init"]).status.success());
    assert_eq!(
        std::fs::read_to_string(again.path().join(".gitignore")).expect("read"),
        "public\n.studybook-cache/\n"
    );
}

#[cfg(unix)]
#[test]
fn init_refuses_a_gitignore_that_links_out_and_replaces_a_plain_one_whole_with_its_mode() {
    use std::os::unix::fs::PermissionsExt as _;
    let outside = tempfile::tempdir().expect("a temp dir");
    std::fs::write(outside.path().join("ignore"), "/target\n").expect("write");
    let dir = tempfile::tempdir().expect("a temp dir");
    std::os::unix::fs::symlink(outside.path().join("ignore"), dir.path().join(".gitignore"))
        .expect("link");
    let init = studybook(dir.path(), &["init"]);
    assert!(!init.status.success());
    assert!(
        stderr(&init).contains("leads outside the book")
            && stderr(&init).contains("nothing was written"),
        "{}",
        stderr(&init)
    );
    assert_eq!(
        std::fs::read_to_string(outside.path().join("ignore")).expect("read"),
        "/target\n"
    );
    assert!(!dir.path().join("book.toml").exists());
    // A completed file is replaced whole, with the mode it had.
    let plain = tempfile::tempdir().expect("a temp dir");
    let ignore = plain.path().join(".gitignore");
    std::fs::write(&ignore, "/target\n").expect("write");
    std::fs::set_permissions(&ignore, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    assert!(studybook(plain.path(), &["init"]).status.success());
    let metadata = std::fs::metadata(&ignore).expect("metadata");
    assert_eq!(metadata.permissions().mode() & 0o777, 0o640);
    assert!(std::fs::read_to_string(&ignore)
        .expect("read")
        .ends_with("/public\n/.studybook-cache\n"));
}

/// GitHub's heading anchors: lowercase, punctuation other than `-` and `_` dropped, spaces as `-`.
fn github_anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

#[test]
fn the_book_toml_init_writes_links_to_a_heading_the_readme_has() {
    let (_dir, book) = fresh_book();
    let toml = std::fs::read_to_string(book.join("book.toml")).expect("read");
    let anchor = toml
        .split("https://github.com/studybook/studybook#")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("book.toml links to README.md's reference");
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("read");
    let anchors: Vec<String> = readme
        .lines()
        .filter_map(|line| line.strip_prefix('#'))
        .map(|line| github_anchor(line.trim_start_matches('#')))
        .collect();
    assert!(
        anchors.iter().any(|a| a == anchor),
        "#{anchor} in {anchors:?}"
    );
}

#[test]
fn a_new_page_is_pending_until_written_and_the_sample_answer_stays_quiet() {
    let (_dir, book) = fresh_book();
    let new = studybook(&book, &["new", "networking/first-connection/q2-slow-start"]);
    assert!(new.status.success(), "{}", stderr(&new));
    // The book is Korean, so `new` speaks Korean although LANG is English.
    assert!(stdout(&new).contains("만듦"), "{}", stdout(&new));
    let page =
        std::fs::read_to_string(book.join("content/networking/first-connection/q2-slow-start.md"))
            .expect("read");
    assert!(page.contains("\nanswer = \"pending\""), "{page}");
    assert!(page.contains("# 답을 다 쓰면 이 줄을 지운다"), "{page}");
    let checked = studybook(&book, &["check"]);
    let said = stderr(&checked);
    assert!(checked.status.success(), "{said}");
    assert!(said.contains("answer not written yet"), "{said}");
    assert!(said.contains("q2-slow-start.md"), "{said}");
    assert!(!said.contains("links to no other answer"), "{said}");
    // On the site it says so, and does not ask the reader to grade an answer that is not there.
    let built = studybook(&book, &["build", "-q"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let page = std::fs::read_to_string(
        book.join("public/networking/first-connection/q2-slow-start/index.html"),
    )
    .expect("the pending page is built");
    assert!(page.contains("답안 준비 중"), "{page}");
    assert!(!page.contains("data-rating="), "no grading buttons: {page}");
    let sample = std::fs::read_to_string(
        book.join("public/networking/first-connection/q1-three-way-handshake/index.html"),
    )
    .expect("the sample answer is built");
    assert!(
        sample.contains("data-rating=\"3\""),
        "a written answer keeps them"
    );
    // Lists mark it, and the progress counters ("이해함 0 / N") leave it out.
    for listing in ["public/index.html", "public/networking/index.html"] {
        let html = std::fs::read_to_string(book.join(listing)).expect("built");
        let at = html.find("slow start").expect("the pending page is listed");
        let item = &html[html[..at].rfind("<li").unwrap_or(0)..];
        let item = &item[..item.find("</li>").unwrap_or(item.len())];
        assert!(item.contains("답안 준비 중"), "{listing}: {item}");
        assert!(!item.contains("data-progress-item"), "{listing}: {item}");
    }
}

#[test]
fn new_and_init_follow_the_books_language_or_lang() {
    let (_dir, book) = fresh_book();
    let toml = std::fs::read_to_string(book.join("book.toml")).expect("read");
    std::fs::write(
        book.join("book.toml"),
        toml.replace("language = \"ko\"", "language = \"en\""),
    )
    .expect("write");
    let new = studybook(&book, &["new", "networking/tls"]);
    assert!(stdout(&new).starts_with("created "), "{}", stdout(&new));
    let page = std::fs::read_to_string(book.join("content/networking/tls.md")).expect("read");
    assert!(
        page.contains("## Summary") && !page.contains("핵심"),
        "{page}"
    );
    assert!(
        page.contains("# delete this line once the answer is written"),
        "{page}"
    );
    let korean = studybook(&book, &["new", "networking/udp", "--lang", "ko"]);
    assert!(stdout(&korean).starts_with("만듦"), "{}", stdout(&korean));
    let dir = tempfile::tempdir().expect("a temp dir");
    let init = studybook(dir.path(), &["init", "book", "--lang", "en"]);
    assert!(stdout(&init).contains("created "), "{}", stdout(&init));
    assert!(stdout(&init).contains("next:"), "{}", stdout(&init));
}

#[test]
fn progress_shows_only_on_a_terminal_and_timings_with_v() {
    let (_dir, book) = fresh_book();
    let piped = studybook(&book, &["build"]);
    assert!(!stderr(&piped).contains('✓'), "{}", stderr(&piped));
    let verbose = studybook(&book, &["build", "-v"]);
    let said = stderr(&verbose);
    for stage in [
        "load",
        "markdown + diagram files",
        "render + search",
        "write",
    ] {
        assert!(
            said.lines()
                .any(|line| line.trim_start().starts_with(stage) && line.contains(" ms")),
            "{stage} in {said}"
        );
    }
    assert!(said.contains("pages"), "{said}");
    for args in [
        &["-q", "build"][..],
        &["check", "-q"],
        &["new", "-q", "networking/quiet"],
    ] {
        let quiet = studybook(&book, args);
        assert!(quiet.status.success(), "{args:?}: {}", stderr(&quiet));
        assert_eq!(stdout(&quiet), "", "{args:?}");
        // `check` still lists what it finds (the quiet page is pending); nothing else is said.
        if args[0] != "check" {
            assert_eq!(stderr(&quiet), "", "{args:?}");
        }
    }
    // On a terminal (`script` gives the command one), each stage shows as it starts, with what
    // it is handling, and is overwritten by the next: the line names what is running now.
    let Ok(on_tty) = Command::new("script")
        .args([
            "-qec",
            &format!("{} build", env!("CARGO_BIN_EXE_studybook")),
            "/dev/null",
        ])
        .current_dir(&book)
        .env_remove("CI")
        .output()
    else {
        eprintln!("skipped the terminal half: no `script` command");
        return;
    };
    let shown = stdout(&on_tty);
    let lines: Vec<&str> = shown
        .split("\r\x1b[K")
        .skip(1)
        .filter(|line| !line.is_empty())
        .take_while(|line| !line.contains("built") && !line.contains("빌드"))
        .collect();
    // The fresh book's four pages and the quiet one made above.
    let n_pages = "5 pages";
    assert_eq!(
        lines,
        [
            "load …".to_string(),
            format!("markdown + diagram files: {n_pages} …"),
            "diagrams …".to_string(),
            format!("links: {n_pages} …"),
            "history …".to_string(),
            format!("render + search: {n_pages} …"),
            "publish …".to_string(),
            "write …".to_string(),
        ],
        "{shown:?}"
    );
}

#[test]
fn completions_are_written_for_each_shell() {
    let dir = tempfile::tempdir().expect("a temp dir");
    for (shell, marker) in [
        ("bash", "_studybook()"),
        ("zsh", "#compdef studybook"),
        ("fish", "complete -c studybook"),
    ] {
        let output = studybook(dir.path(), &["completions", shell]);
        assert!(output.status.success(), "{shell}: {}", stderr(&output));
        let script = stdout(&output);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("import"), "{shell} completes subcommands");
    }
}

#[test]
fn import_adds_its_round_after_round_1_and_its_commented_keys() {
    let (_dir, book) = fresh_book();
    let before = std::fs::read_to_string(book.join("book.toml")).expect("read");
    let round_file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/round-index.md");
    let round_file = round_file.to_str().expect("a UTF-8 path");
    let import = studybook(&book, &["import", "-q", round_file]);
    assert!(import.status.success(), "{}", stderr(&import));
    let after = std::fs::read_to_string(book.join("book.toml")).expect("read");
    // Round 1's block ends with its commented-out keys; the new round comes after them and
    // before `[build]`, and nothing else moves.
    let round_1_end = "# author = \"출제자\"\n";
    let added = "\n[[sessions]]\nid = \"2026-03-12\"\ntitle = \"데이터 스터디 8회차\"\ndate = \"2026-03-12\"\nauthor = \"최유나\"\n";
    assert_eq!(
        after,
        before.replacen(round_1_end, &format!("{round_1_end}{added}"), 1),
        "{after}"
    );
    let parsed: toml::Table = toml::from_str(&after).expect("book.toml still parses");
    assert_eq!(parsed["sessions"].as_array().map(Vec::len), Some(2));
    let checked = studybook(&book, &["check", "-q"]);
    assert!(checked.status.success(), "{}", stderr(&checked));
    // A second import changes nothing.
    let again = studybook(&book, &["import", "-q", round_file]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        std::fs::read_to_string(book.join("book.toml")).expect("read"),
        after
    );
}

#[test]
fn build_and_check_summaries_follow_the_books_language_or_lang() {
    let (_dir, book) = fresh_book();
    // A Korean book speaks Korean although LANG is English.
    let built = studybook(&book, &["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(
        stdout(&built).starts_with("빌드 완료: 페이지 4개 (파일 "),
        "{}",
        stdout(&built)
    );
    let checked = studybook(&book, &["check"]);
    assert!(
        stderr(&checked).ends_with("검사 완료: 페이지 4개, 오류 없음\n"),
        "{}",
        stderr(&checked)
    );
    // `--lang` overrides the book.
    let english = studybook(&book, &["build", "--lang", "en"]);
    assert!(
        stdout(&english).starts_with("built 4 pages ("),
        "{}",
        stdout(&english)
    );
    let english = studybook(&book, &["check", "--lang", "en"]);
    assert!(
        stderr(&english).ends_with("checked 4 pages: no errors\n"),
        "{}",
        stderr(&english)
    );
    // An English book speaks English, and says so when the build fails.
    let toml = std::fs::read_to_string(book.join("book.toml")).expect("read");
    std::fs::write(
        book.join("book.toml"),
        toml.replace("language = \"ko\"", "language = \"en\""),
    )
    .expect("write");
    let built = studybook(&book, &["build"]);
    assert!(
        stdout(&built).starts_with("built 4 pages ("),
        "{}",
        stdout(&built)
    );
    std::fs::write(book.join("content/broken.md"), "+++\ntitle = \n+++\n").expect("write");
    let failed = studybook(&book, &["build"]);
    assert!(
        stderr(&failed).contains("build failed: nothing was written"),
        "{}",
        stderr(&failed)
    );
    std::fs::write(book.join("book.toml"), &toml).expect("write");
    let failed = studybook(&book, &["build"]);
    assert!(stderr(&failed).contains("빌드 실패"), "{}", stderr(&failed));
}

/// The `<li>`, `<a>` or other element of `html` around the first occurrence of `needle`,
/// from the `open` tag before it to the `close` tag after it.
fn element_around<'a>(html: &'a str, needle: &str, open: &str, close: &str) -> &'a str {
    let at = html
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in the page"));
    let start = html[..at + needle.len()]
        .rfind(open)
        .expect("an opening tag");
    let end = at + html[at..].find(close).expect("a closing tag") + close.len();
    &html[start..end]
}

#[test]
fn a_pending_page_is_marked_in_the_sidebar_the_reading_order_and_the_concept_map() {
    let (_dir, book) = fresh_book();
    let new = studybook(
        &book,
        &["new", "-q", "networking/first-connection/q2-slow-start"],
    );
    assert!(new.status.success(), "{}", stderr(&new));
    let built = studybook(&book, &["build", "-q"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let read = |path: &str| std::fs::read_to_string(book.join("public").join(path)).expect(path);
    let mark = "<span class=\"pending-mark muted\">답안 준비 중</span>";
    let written = read("networking/first-connection/q1-three-way-handshake/index.html");
    let sidebar = element_around(&written, "<nav id=\"sidebar\"", "<nav", "</nav>");
    let entry = element_around(sidebar, "q2-slow-start/\"", "<li", "</li>");
    assert!(
        entry.starts_with("<li class=\"pending\">") && entry.contains(mark),
        "{entry}"
    );
    let own = element_around(sidebar, "q1-three-way-handshake/\"", "<li", "</li>");
    assert!(!own.contains("답안 준비 중"), "{own}");
    let next = element_around(&written, "rel=\"next\"", "<a", "</a>");
    assert!(
        next.contains("q2-slow-start/") && next.contains(mark),
        "{next}"
    );
    // From the pending page, the way back to the written answer carries no mark.
    let pending = read("networking/first-connection/q2-slow-start/index.html");
    let prev = element_around(&pending, "rel=\"prev\"", "<a", "</a>");
    assert!(!prev.contains("pending-mark"), "{prev}");
    // The book's map and the topic's: a hollow node named with the mark, and a marked entry.
    for map in ["map/index.html", "networking/index.html"] {
        let html = read(map);
        let node = element_around(&html, "q2-slow-start/\"><title>", "<a", "</a>");
        assert!(
            node.contains("(답안 준비 중)</title>") && node.contains("cm-pending"),
            "{map}: {node}"
        );
        let listed = element_around(&html, "q2-slow-start/\">Q2", "<li", "</li>");
        assert!(listed.contains(mark), "{map}: {listed}");
        let written = element_around(&html, "q1-three-way-handshake/\"><title>", "<a", "</a>");
        assert!(!written.contains("cm-pending"), "{map}: {written}");
    }
}
