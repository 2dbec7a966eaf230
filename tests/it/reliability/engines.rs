//! Diagrams and templates with errors: the diagnostic names the diagram's or the template's own
//! file and line.

use super::{assert_nothing_written, book, findings, only_help};

#[test]
fn a_pikchr_syntax_error_names_the_diagram_file_and_line() {
    let book = book();
    book.write(
        "diagrams/vpc.pikchr",
        "box \"가\"\narrow\nbox \"나\" fiit\n",
    );
    book.write("content/a.md", "# a\n\n![구성](../diagrams/vpc.pikchr)\n");
    let built = book.build();
    assert_eq!(
        findings(&built),
        ["error diagrams/vpc.pikchr:3:1 diagram error: syntax error"]
    );
    assert!(only_help(&built).contains("syntax each engine supports"));
    assert!(
        built.rendered().contains("box \"나\" fiit"),
        "the line is shown: {}",
        built.rendered()
    );
    assert_nothing_written(&book);
}

#[test]
fn a_mermaid_syntax_error_names_the_diagram_file_and_line() {
    let book = book();
    book.write(
        "diagrams/flow.mmd",
        "flowchart LR\n  A[시작] --> B[끝]\n  B --> C[열림\n",
    );
    book.write("content/a.md", "# a\n\n![흐름](../diagrams/flow.mmd)\n");
    let built = book.build();
    assert_eq!(
        findings(&built),
        ["error diagrams/flow.mmd:3:1 diagram error: unbalanced `[` `]` on this line; the node would silently disappear"]
    );
    book.write(
        "diagrams/flow.mmd",
        "sequenceDiagram\n  A->>B: 안녕\n  A-xB: 사라짐\n",
    );
    let built = book.build();
    assert_eq!(
        findings(&built),
        ["error diagrams/flow.mmd:3:1 diagram error: arrow `-x` is not drawn by the renderer; use `->>` or `-->>`"]
    );
    book.write("diagrams/flow.mmd", "notADiagram\n  at all\n");
    let built = book.build();
    let findings = findings(&built);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(
        findings[0].starts_with("error diagrams/flow.mmd:1:1 diagram error: "),
        "{findings:?}"
    );
    assert_nothing_written(&book);
}

#[test]
fn a_fenced_diagram_error_names_the_page_line() {
    let book = book();
    book.write(
        "content/a.md",
        "+++\ntitle = \"a\"\n+++\n\n본문\n\n```pikchr\nbox \"a\"\narrow\nbox \"b\" fiit\n```\n\n```mermaid\nflowchart LR\n  A --> B[열림\n```\n",
    );
    let built = book.build();
    assert_eq!(
        findings(&built),
        [
            "error content/a.md:10:1 diagram error: syntax error",
            "error content/a.md:15:1 diagram error: unbalanced `[` `]` on this line; the node would silently disappear",
        ]
    );
}

#[test]
fn empty_diagrams_are_an_error_not_a_blank_figure() {
    let book = book();
    book.write("diagrams/empty.mmd", "");
    book.write("diagrams/empty.pikchr", "\n");
    book.write(
        "content/a.md",
        "# a\n\n![빈](../diagrams/empty.mmd)\n\n![빈](../diagrams/empty.pikchr)\n",
    );
    let built = book.build();
    assert_eq!(
        findings(&built),
        [
            "error diagrams/empty.mmd:1:1 diagram error: the diagram is empty",
            "error diagrams/empty.pikchr:1:1 diagram error: the diagram is empty",
        ]
    );
}

#[test]
fn a_template_syntax_error_names_the_template_file_and_line() {
    let book = book();
    book.write("content/a.md", "# a\n");
    book.write(
        "theme/templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<article>\n  {% if page.title %}\n  <h1>{{ page.title }}</h1>\n</article>\n{% endblock main %}\n",
    );
    let built = book.build();
    assert_eq!(
        findings(&built),
        ["error theme/templates/page.html:7:1 template error: unexpected tag; expected an `elif` tag, an `else` tag, an endif tag (`{% endif %}`), or some content"]
    );
    assert!(
        built.rendered().contains("{% endblock main %}"),
        "the line is drawn: {}",
        built.rendered()
    );
    assert!(only_help(&built).contains("fix the tera syntax"));
    assert_nothing_written(&book);
}

#[test]
fn a_template_render_error_names_the_template_line() {
    let book = book();
    book.write("content/a.md", "# a\n");
    book.write(
        "theme/templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<article>\n  <h1>{{ page.title }}</h1>\n  <p>{{ page.no_such_field.deeper }}</p>\n</article>\n{% endblock main %}\n",
    );
    let built = book.build();
    let findings = findings(&built);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(
        findings[0].starts_with(
            "error theme/templates/page.html:5:9 template `page.html` failed on `content/a.md`: "
        ),
        "{findings:?}"
    );
    assert!(
        findings[0].contains("page.no_such_field.deeper"),
        "{findings:?}"
    );
    assert_nothing_written(&book);
}

#[test]
fn diagram_and_template_files_that_are_not_utf8_are_errors_at_the_byte() {
    let book = book();
    super::write_bytes(
        &book,
        "diagrams/bad.mmd",
        b"flowchart LR\n  A[\xff] --> B\n",
    );
    book.write("content/a.md", "# a\n\n![나쁜](../diagrams/bad.mmd)\n");
    super::write_bytes(
        &book,
        "theme/templates/page.html",
        b"{% extends \"base.html\" %}\n\xfe\n",
    );
    let built = book.build();
    assert_eq!(
        findings(&built),
        [
            "error diagrams/bad.mmd:2:5 invalid UTF-8 at byte 17",
            "error theme/templates/page.html:2:1 invalid UTF-8 at byte 26",
        ]
    );
    assert_nothing_written(&book);
}

/// A formula the math engine panics on (a column count starting with a non-ASCII letter): the
/// author gets a warning for that formula (the rest is built), and no "panicked" message.
#[test]
fn an_engine_panic_is_reported_without_a_panic_message() {
    let book = book();
    book.write(
        "content/a.md",
        "# a\n\n$$\n\\begin{alignat}{\u{415}}x\\end{alignat}\n$$\n",
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_studybook"))
        .args(["build", "."])
        .current_dir(book.root())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");
    assert!(
        format!("{stdout}{stderr}").contains("the math engine (pulldown-latex) failed"),
        "{stdout}{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
