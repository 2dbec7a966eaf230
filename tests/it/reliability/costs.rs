//! Inputs whose cost would grow faster than their size (issue 28): each compares n with 4n in a
//! unit that does not depend on the machine (bytes written, units of work counted), never in
//! seconds. Counts inside the engines are unit tests beside the code:
//! `highlight::tests::blocks_built_to_be_slow_cost_four_times_as_much_at_four_times_the_size`,
//! `markdown::notes::tests::numbering_references_costs_the_same_per_reference_at_any_count`,
//! `diagnostic::text::tests::locating_a_finding_costs_the_same_wherever_it_is`,
//! `diagnostic::human::tests::findings_on_a_long_line_print_a_window_of_it_each`,
//! `import::names::tests::ranking_terms_costs_the_same_per_term_however_many_are_distinct` and
//! `import::plan::tests::planning_a_scenario_costs_the_same_however_many_came_before`; these are
//! the ones a user sees.
//!
//! Also here: text from a book quoted back to a terminal or a CI log (control characters).

use std::path::Path;
use std::process::Command;

use super::book;
use crate::harness::*;

/// `studybook check BOOK [ARGS]`: stdout and stderr.
fn check_cli(book: &Path, args: &[&str]) -> (String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_studybook"))
        .arg("check")
        .arg(book)
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A book whose page has `n` broken links on one line.
fn links_on_one_line(n: usize) -> TestBook {
    let book = book();
    let links: String = (0..n)
        .map(|idx| format!("[x](gone{idx}.md) 깨진 링크 "))
        .collect();
    book.write("content/a.md", &format!("# 한 줄\n\n{links}\n"));
    book
}

#[test]
fn findings_on_a_long_line_print_a_window_of_it_not_the_whole_line_each() {
    let printed = |n: usize| {
        let (_, stderr) = check_cli(links_on_one_line(n).root(), &[]);
        assert_eq!(
            stderr.matches("broken link").count(),
            n,
            "{}",
            tail(&stderr, 500)
        );
        stderr.len()
    };
    let (n, four_n) = (printed(100), printed(400));
    // The whole line each time was 16× (n findings × a line n long).
    assert!(four_n <= 5 * n, "{n} bytes for n findings, {four_n} for 4n");
}

/// The C0 and C1 control characters a terminal acts on (tab and line feed aside), and the
/// bidirectional formatting characters that reorder what it draws ("Trojan Source").
#[cfg(unix)]
fn controls(text: &str) -> Vec<char> {
    let bidi = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    text.chars()
        .filter(|&c| bidi(c) || (c.is_control() && c != '\n' && c != '\t'))
        .collect()
}

/// A page whose name and text hold escape sequences: colours, a cleared screen, an OSC 52 write
/// to the clipboard, a CSI in its one-byte C1 form, a carriage return, a right-to-left override.
/// (A link destination holds control characters only between `<>`.)
#[cfg(unix)]
fn hostile_names_and_text() -> TestBook {
    let book = book();
    book.write(
        "content/a\u{1b}[2J,b:c%.md",
        "# 이름\n\n\u{1b}]52;c;ZWNobyBoaQ==\u{7} [x](<\u{1b}[31mred\u{9b}1m.md>)\r 덮어쓰기\n",
    );
    book.write(
        "content/b.md",
        "# 방향\n\n[y](q1-\u{202e}dm.exe\u{2066}.md)\n",
    );
    book
}

// File names with control characters and `:`, which Windows forbids.
#[cfg(unix)]
#[test]
fn control_characters_from_a_book_never_reach_the_terminal_raw() {
    let book = hostile_names_and_text();
    let (stdout, stderr) = check_cli(book.root(), &[]);
    assert_eq!(controls(&stdout), [], "{stdout:?}");
    assert_eq!(controls(&stderr), [], "{stderr:?}");
    assert!(stderr.contains("content/a␛[2J,b:c%.md:3:"), "{stderr}");
    assert!(
        stderr.contains("␛]52;c;ZWNobyBoaQ==␇ [x](<␛[31mred\u{fffd}1m.md>)␍"),
        "{stderr}"
    );
    assert!(
        stderr.contains("[y](q1-\u{fffd}dm.exe\u{fffd}.md)"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn github_annotations_escape_file_names_and_show_control_characters() {
    let book = hostile_names_and_text();
    let (stdout, _) = check_cli(book.root(), &["--format", "github"]);
    assert_eq!(controls(&stdout), [], "{stdout:?}");
    let root = book.root().display().to_string();
    let annotation = stdout
        .lines()
        .find(|line| line.starts_with("::error "))
        .unwrap_or_else(|| panic!("no error annotation in {stdout}"));
    // Properties escape `%`, `:` and `,` (the root is a temporary folder: no `:` or `,` in it).
    let file = format!("file={root}/content/a␛[2J%2Cb%3Ac%25.md,line=3,");
    assert!(
        annotation.starts_with(&format!("::error {file}")),
        "{annotation}"
    );
    let (_, message) = annotation.split_once(",title=studybook::").unwrap();
    assert!(
        message.starts_with("broken link `␛[31mred\u{fffd}1m.md`"),
        "{message}"
    );
}

#[test]
fn a_block_too_costly_to_highlight_is_plain_text_with_a_warning_at_its_line() {
    let book = book();
    let parens = "(".repeat(20_000);
    let brackets = "<a ".repeat(20_000);
    book.write(
        "content/a.md",
        &format!("# 코드\n\n```python\n{parens}\n```\n\n```cpp\n{brackets}\n```\n\n```python\nx = (1, 2)\n```\n"),
    );
    let built = book.build().ok();
    let warnings: Vec<String> = built
        .warnings()
        .iter()
        .map(|d| format!("{} {}", d.location(), d.message))
        .collect();
    assert_eq!(
        warnings,
        [
            "content/a.md:3:1 this `python` block would take too long to highlight; it is shown without highlighting",
            "content/a.md:7:1 this `cpp` block would take too long to highlight; it is shown without highlighting",
        ]
    );
    let main = built.main("a/");
    assert!(main.contains(&format!(
        "<code class=\"language-python\">{parens}\n</code>"
    )));
    assert!(main.contains(&format!(
        "<code class=\"language-cpp\">{}\n</code>",
        "&lt;a ".repeat(20_000)
    )));
    assert!(
        main.contains("<span class=\"hl-"),
        "the small block is highlighted"
    );
}

/// A book of `n` topics of one page each, built: the bytes of the topics' pages.
fn topic_pages_bytes(n: usize) -> (usize, Built) {
    let book = book();
    for idx in 0..n {
        book.write(
            &format!("content/t{idx:04}/_index.md"),
            &format!("+++\ntitle = \"주제 {idx:04}\"\n+++\n\n본문 {idx}\n"),
        );
    }
    let built = book.build().ok();
    let bytes = (0..n)
        .map(|idx| built.html(&format!("t{idx:04}/")).len())
        .sum();
    (bytes, built)
}

#[test]
fn the_sidebar_lists_a_window_of_the_topics_not_every_topic_on_every_page() {
    let ((n, _), (four_n, built)) = (topic_pages_bytes(50), topic_pages_bytes(200));
    // Every topic on every page was 16× (4n pages, each listing 4n topics).
    assert!(four_n <= 5 * n, "{n} bytes for n topics, {four_n} for 4n");
    let page = built.html("t0150/");
    let sidebar = &page[page.find("nav-topics").unwrap()..page.find("nav-extra").unwrap()];
    assert_eq!(sidebar.matches("<li>").count(), 40, "{sidebar}");
    assert!(
        sidebar.contains("href=\"../t0150/\" aria-current=\"page\""),
        "{sidebar}"
    );
    assert!(
        sidebar.contains("<a href=\"../#topics\">모든 주제 보기</a>"),
        "{sidebar}"
    );
    // The home page still lists them all.
    let home = built.main("");
    assert_eq!(home.matches("<li class=\"topic\"").count(), 200);
}
