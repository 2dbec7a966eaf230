//! Study features in headless Chromium: 시험 모드, progress marks, glossary tooltips, dark mode,
//! and accessibility (axe-core) on every kind of page.

use crate::browser::{run_script, StaticServer};
use crate::harness::*;

#[test]
fn exam_mode_progress_marks_glossary_tooltip_and_theme_work_in_a_browser() {
    let built = TestBook::fixture("basic").build().ok();
    let server = StaticServer::start(&built.out, "/");
    let Some(result) = run_script(
        "study.mjs",
        &[
            &server.url("/networking/handshakes/q1-tcp/"),
            &server.url("/networking/handshakes/q2-quic/"),
            &server.url("/networking/handshakes/"),
        ],
    ) else {
        return;
    };
    assert!(
        result["checks"]
            .as_object()
            .unwrap()
            .values()
            .all(|v| v == true),
        "{result}"
    );
}

#[test]
fn every_kind_of_page_has_no_serious_accessibility_violations() {
    let built = TestBook::fixture("basic").build().ok();
    let server = StaticServer::start(&built.out, "/");
    let pages = [
        "/",
        "/networking/",
        "/networking/handshakes/",
        "/networking/handshakes/q1-tcp/",
        "/sessions/r1/",
        "/tags/프로토콜/",
        "/glossary/",
        "/search/",
        "/map/",
    ];
    let urls: Vec<String> = pages.iter().map(|p| server.url(p)).collect();
    let args: Vec<&str> = urls.iter().map(String::as_str).collect();
    let Some(result) = run_script("axe.mjs", &args) else {
        return;
    };
    assert_eq!(
        result["problems"].as_array().map(Vec::len),
        Some(0),
        "{result:#}"
    );
}
