//! A catalogue of bad input (issue 11): every case builds a tiny book with the bad input and
//! asserts the exact outcome, either an error naming file:line:col with a next step, or correct
//! handling. No case may panic, hang, or leave a half-written output folder.
//!
//! Front matter and encodings are here; sizes and nesting in `reliability/sizes.rs`; links and
//! names in `reliability/names.rs`; the file system in `reliability/files.rs`; diagrams and
//! templates in `reliability/engines.rs`; attacks (script through diagrams and math, links out
//! of the book, special files, inputs whose cost grows faster than their size) in
//! `reliability/hostile.rs`; `serve`'s HTTP connections under clients that misbehave in
//! `reliability/connections.rs`; what `init`, `new` and `import` write into a book (and never
//! outside it, or half of) in `reliability/writes.rs`; costs that could grow faster than the input
//! (compared at n and 4n) and text quoted back to a terminal in `reliability/costs.rs`.

mod connections;
mod costs;
mod data;
mod engines;
// Symlinks, permission bits and file names Windows forbids: Unix only.
#[cfg(unix)]
mod files;
#[cfg(unix)]
mod hostile;
mod names;
mod sizes;
#[cfg(unix)]
mod writes;

use crate::harness::*;

/// A book with a minimal `book.toml`, ready for `write`.
pub(crate) fn book() -> TestBook {
    let book = TestBook::empty();
    // Published somewhere, so that a good build has nothing to say (see `start` for the warning
    // a build without an address gives).
    book.write(
        "book.toml",
        "[book]\ntitle = \"시험\"\n\n[site]\nurl = \"https://example.org/\"\n",
    );
    book
}

/// Writes raw bytes (for encodings `write` cannot express).
pub(crate) fn write_bytes(book: &TestBook, rel: &str, bytes: &[u8]) {
    let path = book.root().join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Every diagnostic as `severity location message`, in the printer's order.
pub(crate) fn findings(built: &Built) -> Vec<String> {
    let mut all: Vec<&studybook::diagnostic::Diagnostic> =
        built.report.diagnostics.iter().collect();
    all.sort_by_key(|d| (d.severity, d.file.clone(), d.position));
    all.iter()
        .map(|d| {
            let severity = if d.is_error() { "error" } else { "warning" };
            format!("{severity} {} {}", d.location(), d.message)
        })
        .collect()
}

/// Only the errors of [`findings`] (`check` adds editorial warnings of its own).
pub(crate) fn errors_of(built: &Built) -> Vec<String> {
    findings(built)
        .into_iter()
        .filter(|line| line.starts_with("error"))
        .collect()
}

/// The help of the only diagnostic.
#[track_caller]
pub(crate) fn only_help(built: &Built) -> String {
    assert_eq!(built.report.diagnostics.len(), 1, "{}", built.rendered());
    built.report.diagnostics[0].help.clone().unwrap_or_default()
}

/// The page's own text: what the Markdown became, without navigation, backlinks or headers.
#[track_caller]
pub(crate) fn body(built: &Built, url: &str) -> String {
    let main = built.main(url);
    let start = main.find("</header>").expect("page header") + "</header>".len();
    let end = main
        .find("<footer class=\"page-meta\">")
        .expect("page footer");
    main[start..end].to_string()
}

/// A failed build wrote nothing: no output folder and no staging folder beside it.
#[track_caller]
pub(crate) fn assert_nothing_written(book: &TestBook) {
    assert!(!book.out().exists(), "a failed build wrote `public/`");
    let leftovers: Vec<String> = std::fs::read_dir(book.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("studybook-"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

#[test]
fn invalid_toml_front_matter_names_the_line_and_column() {
    let book = book();
    book.write(
        "content/a.md",
        "+++\ntitle = \"제목\"\ndescription = 설명 없이\n+++\n\n본문\n",
    );
    let built = book.build();
    assert_eq!(
        findings(&built),
        ["error content/a.md:3:15 invalid front matter: string values must be quoted, expected literal string"]
    );
    assert!(only_help(&built).contains("strings in double quotes"));
    assert_nothing_written(&book);
}

#[test]
fn front_matter_never_closed_points_at_the_opening_fence() {
    let book = book();
    book.write("content/a.md", "+++\ntitle = \"제목\"\n\n# 본문\n\n긴 글\n");
    let built = book.build();
    assert_eq!(
        findings(&built),
        ["error content/a.md:1:1 front matter opened with `+++` is never closed"]
    );
    assert_eq!(
        only_help(&built),
        "add a line containing only `+++` after the last front matter key"
    );
    assert_nothing_written(&book);
}

#[test]
fn front_matter_of_the_wrong_type_names_the_value() {
    let book = book();
    book.write(
        "content/a.md",
        "+++\ntitle = \"a\"\norder = \"first\"\n+++\n",
    );
    book.write("content/b.md", "+++\ntags = \"network\"\n+++\n");
    book.write("content/c.md", "+++\ntitle = 3\n+++\n");
    book.write("content/d.md", "+++\ndraft = \"yes\"\n+++\n");
    let built = book.build();
    assert_eq!(
        findings(&built),
        [
            "error content/a.md:3:9 invalid front matter: invalid type: string \"first\", expected i64",
            "error content/b.md:2:8 invalid front matter: invalid type: string \"network\", expected a sequence",
            "error content/c.md:2:9 invalid front matter: invalid type: integer `3`, expected a string",
            "error content/d.md:2:9 invalid front matter: invalid type: string \"yes\", expected a boolean",
        ]
    );
    assert_nothing_written(&book);
}

#[test]
fn unknown_keys_in_book_toml_and_front_matter_are_errors_with_the_key() {
    let book = TestBook::empty();
    book.write(
        "book.toml",
        "[book]\ntitle = \"t\"\ntitel = \"u\"\n\n[buld]\noutput-dir = \"out\"\n",
    );
    book.write("content/a.md", "+++\ntitel = \"a\"\n+++\n");
    let built = book.build();
    let findings = findings(&built);
    // Every mistake at once, each with the key it was probably meant to be.
    assert_eq!(findings.len(), 3, "{findings:#?}");
    assert_eq!(
        findings[0], "error book.toml:3:1 unknown key `titel` in `[book]`",
        "{findings:#?}"
    );
    assert_eq!(
        findings[1], "error book.toml:5:2 unknown top-level key `buld`",
        "{findings:#?}"
    );
    assert!(
        findings[2].starts_with("error content/a.md:2:1 invalid front matter: unknown field `titel`, expected one of `title`, "),
        "{findings:#?}"
    );
    let rendered = built.rendered();
    assert!(
        rendered.contains("help: did you mean `title`?"),
        "{rendered}"
    );
    assert!(
        rendered.contains("help: did you mean `build`?"),
        "{rendered}"
    );
    assert_nothing_written(&book);
    // Once the first key is fixed the unknown section is still an error, on its own line.
    book.write(
        "book.toml",
        "[book]\ntitle = \"t\"\n\n[buld]\noutput-dir = \"out\"\n",
    );
    book.write("content/a.md", "# a\n");
    let built = book.build();
    let findings = super::reliability::findings(&built);
    assert_eq!(findings.len(), 1);
    assert!(
        findings[0].starts_with("error book.toml:4:2 unknown top-level key `buld`"),
        "{findings:?}"
    );
}

#[test]
fn a_utf8_bom_is_ignored_and_positions_stay_right() {
    let book = TestBook::empty();
    book.write("book.toml", "\u{feff}[book]\ntitle = \"BOM 책\"\n");
    book.write(
        "content/a.md",
        "\u{feff}+++\ntitle = \"BOM 페이지\"\n+++\n\n[깨진](없음.md)\n",
    );
    book.write("content/b.md", "\u{feff}# BOM 제목\n\n본문\n");
    let built = book.build();
    assert_eq!(
        findings(&built),
        ["error content/a.md:5:1 broken link `없음.md`: there is no page `없음.md`"]
    );
    book.write("content/a.md", "\u{feff}+++\ntitle = \"BOM 페이지\"\n+++\n");
    let built = book.build().ok();
    assert!(
        built.html("a/").contains("<title>BOM 페이지"),
        "front matter read"
    );
    assert!(built.html("").contains("BOM 책"), "book.toml read");
    assert!(
        built.main("b/").contains("<h1>BOM 제목</h1>"),
        "{}",
        built.main("b/")
    );
    // An error on the first line of a file with a BOM is still at column 1.
    book.write("book.toml", "\u{feff}[bok]\n");
    let built = book.build();
    assert!(
        findings(&built)[0].starts_with("error book.toml:1:2 unknown top-level key `bok`"),
        "{:?}",
        findings(&built)
    );
}

#[test]
fn crlf_line_endings_keep_line_numbers_and_clean_ids() {
    let book = TestBook::empty();
    book.write(
        "book.toml",
        "[book]\r\ntitle = \"CRLF\"\r\n[build]\r\nbroken-links = \"never\"\r\n",
    );
    book.write(
        "content/a.md",
        "+++\r\ntitle = \"CRLF\"\r\n+++\r\n\r\n## 개요\r\n\r\n```python\r\nx = 1\r\n```\r\n\r\n[깨진](없음.md)\r\n",
    );
    book.write(
        "content/b.md",
        "+++\r\ntitle = \"b\"\r\norder = \"x\"\r\n+++\r\n",
    );
    let built = book.build();
    let findings = findings(&built);
    assert_eq!(findings.len(), 3, "{findings:#?}");
    assert!(
        findings[0].starts_with("error book.toml:4:16 invalid TOML: unknown variant `never`"),
        "{findings:#?}"
    );
    assert_eq!(
        findings[1],
        "error content/a.md:11:1 broken link `없음.md`: there is no page `없음.md`"
    );
    assert_eq!(
        findings[2],
        "error content/b.md:3:9 invalid front matter: invalid type: string \"x\", expected i64"
    );
    book.write("book.toml", "[book]\r\ntitle = \"CRLF\"\r\n");
    book.write(
        "content/a.md",
        "+++\r\ntitle = \"CRLF\"\r\n+++\r\n\r\n## 개요\r\n\r\n본문 [b](b.md#끝)\r\n",
    );
    book.write("content/b.md", "# 제목\r\n\r\n## 끝\r\n");
    let built = book.build().ok();
    let main = built.main("a/");
    assert!(main.contains("<h2 id=\"개요\">"), "{main}");
    assert!(main.contains("href=\"../b/#끝\""), "{main}");
    assert!(
        !main.contains('\r'),
        "no carriage returns in the HTML: {main:?}"
    );
    assert!(built.main("b/").contains("<h1>제목</h1>"));
}

#[test]
fn invalid_utf8_is_an_error_at_the_first_bad_byte() {
    let book = book();
    write_bytes(
        &book,
        "content/bad.md",
        b"+++\ntitle = \"a\"\n+++\n\n\xec\xa2\x8b\xec\x9d\x80 \xec\xa4\x84\nab\xff\xfe\n",
    );
    let built = book.build();
    assert_eq!(
        findings(&built),
        ["error content/bad.md:6:3 invalid UTF-8 at byte 34"]
    );
    assert!(only_help(&built).contains("save the file as UTF-8"));
    assert_nothing_written(&book);
    write_bytes(&book, "content/bad.md", b"# ok\n");
    write_bytes(&book, "book.toml", b"[book]\ntitle = \"\xff\"\n");
    let built = book.build();
    assert_eq!(
        findings(&built),
        ["error book.toml:2:10 invalid UTF-8 at byte 16"]
    );
}

#[test]
fn empty_files_build() {
    let book = TestBook::empty();
    book.write("book.toml", "");
    book.write("content/empty.md", "");
    book.write("content/only-front.md", "+++\n+++\n");
    book.write("content/blank.md", "\n\n   \n");
    book.write("content/t/_index.md", "");
    // With an address, so that the only possible finding is about the empty files.
    let built = book.build_at("https://example.org/").ok();
    assert!(built.report.diagnostics.is_empty(), "{}", built.rendered());
    assert!(built.main("empty/").contains("<h1>empty</h1>"));
    assert!(built.main("only-front/").contains("<h1>only front</h1>"));
    assert!(built.exists("blank/index.html") && built.exists("t/index.html"));
    let name = book
        .root()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        built.html("").contains(&format!("<title>{name}")),
        "title from the folder name"
    );
}

#[test]
fn raw_html_script_is_kept_while_a_script_title_is_escaped() {
    let book = book();
    book.write(
        "content/x.md",
        "+++\ntitle = \"<script>alert(1)</script>\"\ndescription = \"\\\"><script>alert(2)</script>\"\n+++\n\n<script>console.log('kept')</script>\n",
    );
    let built = book.build().ok();
    let html = built.html("x/");
    assert_eq!(
        html.matches("<script>console.log").count(),
        1,
        "the author's raw script: {html}"
    );
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(html.contains("<script>console.log('kept')</script>"));
    assert!(
        html.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        html.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"),
        "{html}"
    );
    assert!(
        html.contains("content=\"&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;\""),
        "{html}"
    );
    let home = built.html("");
    assert!(!home.contains("<script>alert"), "escaped in navigation too");
}

#[test]
fn private_use_characters_in_a_page_are_just_text() {
    // Links and figures are typed holes in the page body, not characters in the HTML, so nothing
    // an author writes can be taken for one.
    let book = book();
    book.write("diagrams/d.pikchr", "box \"d\"\n");
    book.write(
        "content/a.md",
        "# a\n\n[b](b.md) ![d](../diagrams/d.pikchr)\n\n쓴 그대로: \u{E000}L0\u{E001} \u{E000}D0\u{E001}, `%EE%80%80L0%EE%80%81`, 100%EE%80%80 끝\n",
    );
    book.write("content/b.md", "# b\n");
    let built = book.build().ok();
    assert_eq!(findings(&built), Vec::<String>::new());
    let body = body(&built, "a/");
    assert_eq!(
        body.matches("<svg").count(),
        1,
        "one figure, not two: {body}"
    );
    assert_eq!(body.matches("href=\"../b/\"").count(), 1, "{body}");
    assert!(
        body.contains("쓴 그대로: \u{E000}L0\u{E001} \u{E000}D0\u{E001}, <code>%EE%80%80L0%EE%80%81</code>, 100%EE%80%80 끝"),
        "{body}"
    );
}
