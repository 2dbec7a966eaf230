use std::path::Path;

use super::*;
use crate::glossary::{Glossary, Matcher, Term};
use crate::highlight::Highlighter;

fn parse_with(md: &str, is_question: bool, glossary: Option<&Matcher>) -> (Doc, Vec<Diagnostic>) {
    let highlighter = Highlighter::new();
    let source = SourceText::from(md);
    let input = Input {
        source: &source,
        body_start: 0,
        file: Path::new("content/t.md"),
        is_question,
        drop_first_h1: false,
    };
    let env = Env {
        highlighter: &highlighter,
        glossary,
        strings: &crate::i18n::KO,
    };
    parse(input, env)
}

#[track_caller]
fn check(md: &str, expected: &str) {
    let (doc, _) = parse_with(md, false, None);
    assert!(
        doc.body.outline().contains(expected),
        "expected {expected:?} in:\n{}",
        doc.body.outline()
    );
}

#[test]
fn heading_ids_keep_hangul() {
    check("## 롤링 업데이트", r#"<h2 id="롤링-업데이트">"#);
}

#[test]
fn repeated_headings_get_unique_ids() {
    let (doc, _) = parse_with(&"## 개요\n\n".repeat(50), false, None);
    let ids: std::collections::HashSet<_> =
        doc.outline.headings.iter().map(|h| h.id.clone()).collect();
    assert_eq!(ids.len(), 50);
    assert!(ids.contains("개요-49"));
}

#[test]
fn code_is_highlighted_with_classes() {
    check(
        "```python\ndef f():\n    return 1\n```\n",
        r#"<pre class="code" tabindex="0" data-lang="python"><code class="language-python"><span class="hl-"#,
    );
}

#[test]
fn unknown_language_warns_with_line() {
    let (doc, diagnostics) = parse_with("text\n\n```klingon\nx\n```\n", false, None);
    assert!(doc
        .body
        .outline()
        .contains("<pre class=\"code\" tabindex=\"0\" data-lang=\"klingon\">"));
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].line(), Some(3));
    assert!(diagnostics[0].message.contains("klingon"));
}

#[test]
fn github_callouts_render_as_asides() {
    check(
        "> [!WARNING]\n> 조심\n",
        r#"<aside class="callout callout-warning" role="note"><p class="callout-title">주의</p>"#,
    );
}

#[test]
fn question_callout_opens_the_answer_details() {
    let (doc, _) = parse_with(
        "> [!QUESTION]\n> **HPA**를 설명하시오.\n\n## 핵심 요약\n\n요약 문장.\n\n## 본문\n\n내용\n",
        true,
        None,
    );
    assert!(
        doc.body.outline().contains("<section class=\"question\""),
        "{}",
        doc.body.outline()
    );
    assert!(
        doc.body
            .outline()
            .contains("<details class=\"answer\" open>"),
        "{}",
        doc.body.outline()
    );
    assert!(
        doc.body.outline().trim_end().ends_with("</div></details>"),
        "{}",
        doc.body.outline()
    );
    assert_eq!(doc.outline.question.as_deref(), Some("HPA를 설명하시오."));
    assert_eq!(doc.outline.summary.as_deref(), Some("요약 문장."));
    assert!(!doc.body.outline().contains("[!QUESTION]"));
}

#[test]
fn math_becomes_mathml() {
    check("$$\nS = \\frac{1}{(1-p) + p/N}\n$$\n", "<math");
    check("속도 $x^2$ 이다", "<math");
}

#[test]
fn internal_links_leave_their_url_as_a_hole_with_spans() {
    let (doc, _) = parse_with("앞 문장 [HPA](../q2-hpa.md#동작-원리) 뒤", false, None);
    assert_eq!(doc.outline.links.len(), 1);
    assert_eq!(doc.outline.links[0].dest, "../q2-hpa.md#동작-원리");
    assert_eq!(
        &"앞 문장 [HPA](../q2-hpa.md#동작-원리) 뒤"[doc.outline.links[0].span.range()],
        "[HPA](../q2-hpa.md#동작-원리)"
    );
    let filled = doc.body.render(crate::body::Fill {
        root: "",
        hrefs: &[crate::body::Href::To("../hpa/#x".to_string())],
        figures: &[],
    });
    assert!(filled.contains("<a href=\"../hpa/#x\">HPA</a>"), "{filled}");
}

#[test]
fn external_links_are_left_alone() {
    let (doc, _) = parse_with("[RFC](https://www.rfc-editor.org/rfc/rfc9293)", false, None);
    assert!(doc.outline.links.is_empty());
    assert!(doc
        .body
        .outline()
        .contains("href=\"https://www.rfc-editor.org/rfc/rfc9293\""));
}

#[test]
fn wikilinks_are_recorded() {
    let (doc, _) = parse_with("[[q2-hpa|HPA 답안]]", false, None);
    assert_eq!(doc.outline.links.len(), 1);
    assert_eq!(doc.outline.links[0].kind, LinkKind::Wiki);
}

#[test]
fn diagram_images_and_fences_become_figures() {
    let (doc, _) = parse_with(
        "![VPC 설계](../../diagrams/vpc.pikchr)\n\n```mermaid\nflowchart LR\n A-->B\n```\n",
        false,
        None,
    );
    assert_eq!(doc.outline.diagrams.len(), 2);
    assert_eq!(doc.outline.diagrams[0].alt, "VPC 설계");
    assert!(matches!(
        doc.outline.diagrams[1].source,
        DiagramSource::Inline { .. }
    ));
}

#[test]
fn raw_html_is_kept_as_written() {
    check(
        "<script>console.log(1)</script>\n",
        "<script>console.log(1)</script>",
    );
}

#[test]
fn glossary_terms_are_linked_outside_code_links_and_headings() {
    let glossary = Glossary {
        terms: vec![Term {
            id: "term-availability".into(),
            ko: "가용성".into(),
            en: "Availability".into(),
            aliases: vec![],
            definition: "정의".into(),
            answer: None,
            origin: None,
        }],
    };
    let matcher = Matcher::new(&glossary);
    let (doc, _) = parse_with(
        "## 가용성\n\n`가용성` [가용성](x.md) 가용성을 높인다\n",
        false,
        Some(&matcher),
    );
    assert_eq!(
        doc.body.outline().matches("class=\"term\"").count(),
        1,
        "{}",
        doc.body.outline()
    );
    assert!(
        doc.body.outline().contains("<h2 id=\"가용성\">가용성<a"),
        "{}",
        doc.body.outline()
    );
    assert!(doc.body.outline().contains("<code>가용성</code>"));
}

#[test]
fn deep_nesting_does_not_overflow() {
    let (doc, _) = parse_with(&format!("{}x", "> ".repeat(10_000)), false, None);
    assert!(doc.body.outline().contains('x'));
    let (doc, _) = parse_with(&"- a\n".repeat(10_000), false, None);
    assert!(doc.body.outline().contains("<li>a</li>"));
}

#[test]
fn search_sections_follow_headings() {
    let (doc, _) = parse_with(
        "머리말\n\n## 첫째\n\n본문 하나\n\n## 둘째\n\n본문 둘\n",
        false,
        None,
    );
    let anchors: Vec<_> = doc.sections.iter().map(|s| s.anchor.clone()).collect();
    assert_eq!(
        anchors,
        vec![None, Some("첫째".into()), Some("둘째".into())]
    );
    assert_eq!(doc.sections[2].text, "본문 둘");
}

#[test]
fn strong_before_a_hangul_particle_renders() {
    check(
        "**UDP 기반의 QUIC(HTTP/3)**를 도입한다",
        "<strong>UDP 기반의 QUIC(HTTP/3)</strong>를 도입한다",
    );
}

#[test]
fn search_text_keeps_table_cells_apart() {
    let (doc, _) = parse_with(
        "| 항목 | 보안 그룹 |\n|---|---|\n| 범위 | ENI |\n",
        false,
        None,
    );
    assert_eq!(doc.sections[0].text, "항목 보안 그룹 범위 ENI");
}

#[test]
fn fence_languages_are_the_first_word_of_each_fence_info() {
    let source = "text\n```python\nx\n```\n  ~~~ yaml {title=\"a\"}\n    ```rust\n```\n````bash,ignore\n```\n";
    let langs: Vec<&str> = super::fence_languages(source).collect();
    // An indented (code-block) line is no fence; a closing fence has no language.
    assert_eq!(langs, ["python", "yaml", "bash"]);
}

#[test]
fn the_outline_key_ignores_places_but_not_targets() {
    let doc = |md: &str| parse_with(md, false, None).0;
    let before = doc("[A](a.md)\n\n![D](../diagrams/d.mmd)\n");
    let moved = doc("새 문장.\n\n[A](a.md)\n\n![D](../diagrams/d.mmd)\n");
    assert_ne!(before.outline, moved.outline, "the places differ");
    assert_eq!(before.outline.key(), moved.outline.key());
    let retargeted = doc("새 문장.\n\n[A](b.md)\n\n![D](../diagrams/d.mmd)\n");
    assert_ne!(before.outline.key(), retargeted.outline.key());
    let recaptioned = doc("[A](a.md)\n\n![E](../diagrams/d.mmd)\n");
    assert_ne!(before.outline.key(), recaptioned.outline.key());
}
