//! Data that would become script or send a reader elsewhere (issue 28): addresses from
//! `book.toml` and the command line, templates (data, like everything but Markdown), and the
//! `Host` a request to `serve` names.

use std::process::Command;

use super::book;
use crate::harness::*;

/// Runs the built `studybook` with `args` in `book`; (exit code, stdout, stderr).
fn cli(book: &TestBook, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_studybook"))
        .args(args)
        .current_dir(book.root())
        .envs(env.iter().copied())
        .output()
        .expect("run studybook");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn with_page(book: &TestBook) -> &TestBook {
    book.write("content/t/_index.md", "+++\ntitle = \"주제\"\n+++\n")
        .write("content/t/a.md", "+++\ntitle = \"문서\"\n+++\n본문\n")
}

#[test]
fn addresses_in_book_toml_must_be_http_urls_and_are_errors_at_their_lines() {
    let book = TestBook::empty();
    book.write(
        "book.toml",
        "[book]\ntitle = \"시험\"\n\n[site]\n\
         url = \"https://owner.github.io//evil.example/\"\n\
         repository = \"javascript:alert(document.domain)\"\n\
         branch = \"main\\\" onclick=\\\"x\"\n\
         cname = \"book.example.org\\nevil.example\"\n",
    );
    with_page(&book);
    let built = book.build();
    let lines = built.error_lines();
    assert_eq!(
        lines.len(),
        4,
        "every address is reported at once: {lines:#?}"
    );
    for (line, key) in [(5, "url"), (6, "repository"), (7, "branch"), (8, "cname")] {
        assert!(
            lines.iter().any(|l| l.contains(&format!(":{line}:")) && l.contains(&format!("`[site] {key}`"))),
            "{key} at line {line}: {lines:#?}"
        );
    }
    assert!(!book.out().exists(), "a failed build writes no site");

    let base = TestBook::empty();
    base.write(
        "book.toml",
        "[book]\ntitle = \"시험\"\n\n[site]\nurl = \"https://a.github.io/x\\nDisallow: /\"\n",
    );
    with_page(&base);
    let lines = base.build().error_lines();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("book.toml:5:") && l.contains("control")),
        "{lines:#?}"
    );
}

#[test]
fn a_good_repository_gives_an_edit_link_with_its_branch_encoded() {
    let book = TestBook::empty();
    book.write(
        "book.toml",
        "[book]\ntitle = \"시험\"\n\n[site]\nurl = \"https://example.org/\"\nrepository = \"https://github.com/o/r/\"\nbranch = \"release/v1\"\n",
    );
    with_page(&book);
    let html = book.build().ok().html("t/a/");
    assert!(
        html.contains("href=\"https://github.com/o/r/edit/release/v1/content/t/a.md\""),
        "{html}"
    );
}

#[test]
fn a_base_url_from_the_command_line_that_could_lead_elsewhere_is_refused() {
    let book = book();
    with_page(&book);
    for url in [
        "https://owner.github.io//evil.example/",
        "//evil.example/",
        "javascript:alert(1)",
        "https://a.github.io/x\nDisallow: /",
    ] {
        let (code, _, stderr) = cli(&book, &["build", "--base-url", url], &[]);
        assert_eq!(code, 2, "{url:?}: {stderr}");
        assert!(stderr.contains("--base-url"), "{url:?}: {stderr}");
        assert!(!book.out().exists(), "{url:?} wrote a site");
    }
    let (code, _, stderr) = cli(
        &book,
        &["build", "--base-url", "https://owner.github.io/study"],
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    let not_found = std::fs::read_to_string(book.out().join("404.html")).unwrap();
    let srcs: Vec<String> = urls_in(&not_found);
    assert!(
        srcs.iter().any(|url| url.starts_with("/study/static/")),
        "{srcs:?}"
    );
    assert!(!srcs.iter().any(|url| url.starts_with("//")), "{srcs:?}");
    let robots = std::fs::read_to_string(book.out().join("robots.txt")).unwrap();
    assert_eq!(robots.matches("Disallow").count(), 0, "{robots}");
}

#[test]
fn templates_cannot_read_the_environment_even_to_throw_it() {
    let book = book();
    with_page(&book);
    book.write(
        "theme/templates/page.html",
        "{{ throw(message=get_env(name=\"STUDYBOOK_SECRET\")) }}",
    );
    let secret = [("STUDYBOOK_SECRET", "hunter2-secret")];
    let (code, stdout, stderr) = cli(&book, &["check", "--format", "github"], &secret);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        !stdout.contains("hunter2") && !stderr.contains("hunter2"),
        "{stdout}{stderr}"
    );
    assert!(
        stdout.contains("not available to a book's templates"),
        "{stdout}"
    );

    book.write(
        "theme/templates/page.html",
        "{{ get_env(name=\"STUDYBOOK_SECRET\", default=\"x\") }}",
    );
    let (code, _, _) = cli(&book, &["build"], &secret);
    assert_eq!(code, 1);
    assert!(!book.out().exists());
}

#[test]
fn templates_that_recurse_are_errors_naming_them_not_crashes() {
    for (name, text, shown) in [
        (
            "page.html",
            "{% include \"page.html\" %}",
            "`page.html` → `page.html`",
        ),
        (
            "page.html",
            "{% import \"macros.html\" as m %}{{ m::again(n=1) }}",
            "macro `again` of `macros.html` → macro `again` of `macros.html`",
        ),
    ] {
        let book = book();
        with_page(&book);
        book.write(&format!("theme/templates/{name}"), text);
        book.write(
            "theme/templates/macros.html",
            "{% macro again(n) %}{{ self::again(n=n + 1) }}{% endmacro again %}",
        );
        for command in ["build", "check"] {
            let (code, _, stderr) = cli(&book, &[command], &[]);
            assert_eq!(code, 1, "{command} {text}: {stderr}");
            assert!(stderr.contains("runs itself again without end"), "{stderr}");
            assert!(stderr.contains(shown), "{stderr}");
            assert!(stderr.contains("theme/templates/"), "{stderr}");
        }
    }
}

#[test]
fn a_template_that_writes_without_end_stops_at_the_cap_with_an_error() {
    let book = book();
    with_page(&book);
    let kilobyte = "x".repeat(1024);
    book.write(
        "theme/templates/page.html",
        &format!("{{% for i in range(end=100000) %}}{{% for j in range(end=100000) %}}{kilobyte}{{% endfor %}}{{% endfor %}}"),
    );
    let (code, _, stderr) = cli(&book, &["build"], &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("the most one file may hold"), "{stderr}");
    assert!(!book.out().exists());

    book.write(
        "theme/templates/page.html",
        "{% for i in range(end=1000000000) %}x{% endfor %}",
    );
    let (code, _, stderr) = cli(&book, &["build"], &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("more than the 100000"), "{stderr}");
}

#[test]
fn serve_answers_only_loopback_names_addresses_and_its_own_host() {
    let book = TestBook::fixture("basic");
    let server = crate::serve::serve(&book);
    let addr = server.addr();
    let ask = |host: &str, path: &str| {
        let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        crate::client::parse(&crate::client::raw(addr, request.as_bytes())).status
    };
    let port = addr.port();
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("book.localhost:{port}"),
    ] {
        assert_eq!(ask(&host, "/"), 200, "{host}");
    }
    for path in ["/", "/__studybook/events", "/__studybook/live.js"] {
        assert_eq!(
            ask(&format!("rebound.evil.example:{port}"), path),
            403,
            "{path}"
        );
    }
}

#[test]
fn the_service_worker_of_a_book_at_an_origin_root_leaves_other_sites_alone_and_keeps_images() {
    let book = book();
    with_page(&book);
    let png = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("theme/static/social.png");
    std::fs::copy(png, book.root().join("content/t/photo.png")).unwrap();
    book.write(
        "content/t/b.md",
        "+++\ntitle = \"그림\"\n+++\n![구성도](photo.png)\n",
    );
    let built = book.build_at("https://owner.github.io/").ok();
    let out = built.out.to_string_lossy().to_string();
    let Some(result) = crate::browser::run_script("origin-root.mjs", &[&out, "t/b/"]) else {
        return;
    };
    assert_eq!(result["otherOffline"], "(network error)", "{result:#}");
}
