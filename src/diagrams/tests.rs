use super::*;

fn mermaid(src: &str) -> String {
    render_one(Engine::Mermaid, src).unwrap()
}

#[test]
fn mermaid_sequence_snapshot_has_participants_and_messages() {
    let svg = mermaid("sequenceDiagram\n  participant C as 클라이언트\n  participant S as 서버\n  C->>S: SYN\n  S-->>C: SYN-ACK\n");
    assert!(svg.starts_with("<svg"), "{svg}");
    for text in ["클라이언트", "서버", "SYN", "SYN-ACK"] {
        assert!(svg.contains(text), "missing {text}");
    }
}

#[test]
fn bom_and_control_characters_are_normalised() {
    let svg = mermaid("\u{feff}flowchart LR\n  A[시작\u{7}] --> B[끝]\n");
    assert!(!svg.contains('\u{7}'));
}

#[test]
fn malformed_input_is_an_error_not_a_panic() {
    // Each outcome pinned: an error that says what is wrong, or an SVG that is well-formed XML.
    for (src, expected) in [
        (
            // The engine is lenient here: the unfinished group still lays out.
            "architecture-beta\n  group api(cloud)[API\n  service db(database)[Database] in",
            "svg",
        ),
        (
            "flowchart LR\n A --> ",
            "error: unexpected token 'flowchart LR' at 1:1; expected invalid flowchart edge syntax: A -->",
        ),
        (
            "%%{init: 3}%%\n",
            "error: unexpected token '%%{init: 3}%%' at 1:1; expected invalid Mermaid init directive syntax",
        ),
        (
            "notADiagram at all",
            "error: unexpected token 'notADiagram at all' at 1:1; expected unknown or missing Mermaid diagram header",
        ),
    ] {
        let outcome = match render_one(Engine::Mermaid, src) {
            Ok(svg) => {
                assert!(roxmltree::Document::parse(&svg).is_ok(), "{src:?}: {svg}");
                "svg".to_string()
            }
            Err(error) => format!("error: {}", error.message),
        };
        assert_eq!(outcome, expected, "{src:?}");
    }
}

#[test]
fn javascript_click_links_are_stripped() {
    let svg = mermaid("flowchart LR\n  A --> B\n  click A \"javascript:alert(1)\"\n");
    assert!(!svg.contains("javascript:"));
}

#[test]
fn oversized_sources_are_refused() {
    let big = format!(
        "flowchart LR\n{}",
        "  A --> B\n".repeat(MAX_SOURCE_BYTES / 8)
    );
    let error = render_one(Engine::Mermaid, &big).unwrap_err();
    assert!(error.message.contains("limit"));
}

#[test]
fn ids_are_prefixed_and_references_follow() {
    let svg = mermaid("flowchart LR\n  A --> B\n");
    let one = svg::prefix_ids(&svg, "d1");
    let two = svg::prefix_ids(&svg, "d2");
    let ids = |s: &str| -> Vec<String> {
        s.split("id=\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap().to_string())
            .collect()
    };
    let first = ids(&one);
    assert!(!first.is_empty());
    assert!(first.iter().all(|id| id.starts_with("d1-")), "{first:?}");
    assert!(ids(&two).iter().all(|id| !first.contains(id)));
    assert!(
        !one.contains("<style"),
        "engine styles would leak onto the page"
    );
    assert!(one.contains("var(--dg-"), "colours come from the theme");
}

#[test]
fn output_is_deterministic() {
    let src = "stateDiagram-v2\n  [*] --> 대기중\n  대기중 --> 처리중: 수신\n  처리중 --> 완료\n";
    assert_eq!(mermaid(src), mermaid(src));
}

#[test]
fn pikchr_renders_nested_boxes() {
    let svg = render_one(
        Engine::Pikchr,
        "VPC: box \"VPC\" wid 3 ht 2\nbox \"AZ-a\" wid 1.2 ht 1.5 at VPC.c\n",
    )
    .unwrap();
    assert!(svg.contains("<svg") && svg.contains("AZ-a"));
}
