//! `check` runs every stage `build` runs (rendering included) and writes nothing, so it reports
//! every error a build would (issue 16).

use crate::reliability::{book, errors_of};

#[test]
fn check_reports_a_template_render_error_that_build_reports() {
    let book = book();
    book.write("content/a.md", "# 가\n\n본문\n");
    // Parses, but fails while rendering: a filter applied to a value it cannot take.
    book.write(
        "theme/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.title | round }}{% endblock %}\n",
    );
    let checked = book.check();
    let built = book.build();
    let errors = errors_of(&built);
    assert_eq!(errors.len(), 1, "{}", built.rendered());
    assert!(
        errors[0].contains("theme/templates/page.html"),
        "{errors:?}"
    );
    assert_eq!(errors_of(&checked), errors_of(&built));
    assert!(!built.out.exists(), "nothing written by the failed build");
}

#[test]
fn check_writes_nothing() {
    let book = book();
    book.write("content/a.md", "# 가\n");
    let checked = book.check();
    assert!(!checked.report.has_errors(), "{}", checked.rendered());
    assert!(!checked.out.exists());
}
