//! Diagnostics where authors look: `check --format github|json` name file, line and column, and
//! every mistake in `book.toml` comes with what was probably meant.

use std::process::Command;

use studybook::diagnostic::{Diagnostic, Position};

use crate::harness::*;

/// `studybook check --format FORMAT .` run inside the broken fixture: (exit code, stdout).
fn check_broken(format: &str) -> (Option<i32>, String) {
    let book = TestBook::fixture("broken");
    let output = Command::new(env!("CARGO_BIN_EXE_studybook"))
        .args(["check", "--format", format, "."])
        .current_dir(book.root())
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

#[test]
fn github_format_prints_an_annotation_per_finding() {
    let (code, stdout) = check_broken("github");
    assert_eq!(code, Some(1), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("::error ") || l.starts_with("::warning ")),
        "{stdout}"
    );
    let broken_link = lines
        .iter()
        .find(|l| l.contains("broken link `nope.md`"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        broken_link.starts_with("::error file=content/t/a.md,line=7,col=1,endLine=7,endColumn="),
        "{broken_link}"
    );
    assert!(
        broken_link.contains("%0Ahelp: "),
        "the help on its own line: {broken_link}"
    );
    assert!(
        stdout.contains("::error file=content/t/a.md,line=7,col=21,"),
        "the broken anchor: {stdout}"
    );
    assert!(
        stdout.contains("::warning file=content/t/c.md,line=7,col=1,"),
        "{stdout}"
    );
}

#[test]
fn json_format_is_one_document_with_file_line_and_column() {
    let (code, stdout) = check_broken("json");
    assert_eq!(code, Some(1));
    let document: serde_json::Value = serde_json::from_str(&stdout).expect("stdout is JSON only");
    assert_eq!(document["version"], 1);
    let diagnostics = document["diagnostics"].as_array().unwrap();
    assert_eq!(
        document["errors"].as_u64().unwrap() + document["warnings"].as_u64().unwrap(),
        diagnostics.len() as u64
    );
    let link = diagnostics
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .contains("broken link `nope.md`")
        })
        .unwrap_or_else(|| panic!("{stdout}"));
    assert_eq!(link["file"], "content/t/a.md");
    assert_eq!(
        (link["line"].as_u64(), link["column"].as_u64()),
        (Some(7), Some(1))
    );
    assert_eq!(link["end"]["line"], 7);
    assert!(link["end"]["column"].as_u64().unwrap() > 1);
    assert_eq!(link["severity"], "error");
    assert!(link["help"].is_string() && link["suggestions"].is_array());
    let front = diagnostics
        .iter()
        .find(|d| d["file"] == "content/t/b.md")
        .unwrap_or_else(|| panic!("{stdout}"));
    assert_eq!(
        (front["line"].as_u64(), front["column"].as_u64()),
        (Some(3), Some(9))
    );
}

#[test]
fn machine_formats_name_files_through_the_book_folder() {
    let book = TestBook::fixture("broken");
    let output = Command::new(env!("CARGO_BIN_EXE_studybook"))
        .args(["check", "--format", "github"])
        .arg(book.root().join("."))
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let expected = format!("file={}", book.root().join("content/t/a.md").display());
    assert!(
        stdout.contains(&expected.replace(':', "%3A").replace(',', "%2C")),
        "{stdout}"
    );
}

/// The diagnostics about `book.toml` when the book has `text` as its `book.toml`.
fn book_toml(text: &str) -> Vec<Diagnostic> {
    let book = TestBook::empty();
    book.write("book.toml", text);
    book.write("content/_index.md", "+++\ntitle = \"홈\"\n+++\n");
    book.check()
        .report
        .diagnostics
        .into_iter()
        .filter(|d| d.file.as_os_str() == "book.toml")
        .collect()
}

#[track_caller]
fn find<'a>(diagnostics: &'a [Diagnostic], message: &str) -> &'a Diagnostic {
    diagnostics
        .iter()
        .find(|d| d.message.contains(message))
        .unwrap_or_else(|| {
            panic!(
                "no `{message}` in {:#?}",
                diagnostics
                    .iter()
                    .map(|d| (&d.message, d.line()))
                    .collect::<Vec<_>>()
            )
        })
}

#[test]
fn every_book_toml_mistake_is_reported_at_once_with_a_suggestion() {
    let diagnostics = book_toml(
        "[book]\ntitel = \"x\"\nlanguage = \"kr\"\n\n[build]\nbroken-link = \"warn\"\n\n[site]\nurl = \"https://a.org/\"\nurl = \"https://b.org/\"\n",
    );
    assert!(
        diagnostics.iter().all(Diagnostic::is_error),
        "{diagnostics:#?}"
    );
    assert_eq!(diagnostics.len(), 4, "{diagnostics:#?}");

    let titel = find(&diagnostics, "unknown key `titel` in `[book]`");
    assert_eq!(titel.position, Some(Position { line: 2, column: 1 }));
    assert!(titel
        .help
        .as_deref()
        .unwrap()
        .contains("did you mean `title`?"));
    assert_eq!(titel.suggestions.first().map(String::as_str), Some("title"));

    let language = find(&diagnostics, "`language = \"kr\"`");
    assert_eq!(
        language.position,
        Some(Position {
            line: 3,
            column: 12
        })
    );
    assert!(language
        .help
        .as_deref()
        .unwrap()
        .contains("did you mean `\"ko\"`?"));
    assert_eq!(language.suggestions, ["\"ko\""]);

    let broken = find(&diagnostics, "unknown key `broken-link` in `[build]`");
    assert_eq!(broken.line(), Some(6));
    assert!(broken
        .help
        .as_deref()
        .unwrap()
        .contains("did you mean `broken-links`?"));
    assert_eq!(
        broken.suggestions.first().map(String::as_str),
        Some("broken-links")
    );

    let duplicate = find(&diagnostics, "duplicate key `url`");
    assert_eq!(
        duplicate.position,
        Some(Position {
            line: 10,
            column: 1
        })
    );
    assert!(
        duplicate
            .help
            .as_deref()
            .unwrap()
            .contains("first set at book.toml:9:1"),
        "{:?}",
        duplicate.help
    );
}

#[test]
fn a_key_in_the_wrong_section_says_where_it_belongs() {
    let diagnostics = book_toml("title = \"x\"\n[book]\nurl = \"https://a.org/\"\n");
    let top = find(&diagnostics, "unknown top-level key `title`");
    assert!(
        top.help.as_deref().unwrap().contains("belongs in `[book]`"),
        "{:?}",
        top.help
    );
    let url = find(&diagnostics, "unknown key `url` in `[book]`");
    assert!(
        url.help.as_deref().unwrap().contains("belongs in `[site]`"),
        "{:?}",
        url.help
    );
}

#[test]
fn a_repeated_table_names_its_first_header() {
    let diagnostics = book_toml("[book]\ntitle = \"a\"\n\n[book]\ndescription = \"b\"\n");
    let duplicate = find(&diagnostics, "duplicate key `book`");
    assert_eq!(duplicate.line(), Some(4));
    assert!(
        duplicate
            .help
            .as_deref()
            .unwrap()
            .contains("first set at book.toml:1:2"),
        "{:?}",
        duplicate.help
    );
}

#[test]
fn languages_the_ui_has_pass_and_others_fail() {
    assert!(book_toml("[book]\nlanguage = \"en\"\n").is_empty());
    assert!(book_toml("[book]\nlanguage = \"ko\"\n").is_empty());
    let region = book_toml("[book]\nlanguage = \"ko-KR\"\n");
    assert_eq!(region.len(), 1);
    assert_eq!(region[0].suggestions, ["\"ko\""]);
    let unknown = book_toml("[book]\nlanguage = \"fr\"\n");
    assert_eq!(unknown.len(), 1);
    assert!(unknown[0].suggestions.is_empty());
}

#[test]
fn a_wrong_type_in_one_section_does_not_hide_the_next() {
    let diagnostics = book_toml("[book]\ntitle = 3\n\n[build]\nbroken-links = \"maybe\"\n");
    assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
    assert_eq!(find(&diagnostics, "invalid type").line(), Some(2));
    assert_eq!(find(&diagnostics, "maybe").line(), Some(5));
}
