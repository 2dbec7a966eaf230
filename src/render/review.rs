//! The review page (`review/`): today's questions to study again, from the reviews this browser
//! keeps; and the mock interview (`review/interview/`), which asks them with a timer and grades
//! the spoken answer against its key points.
//!
//! The build knows the questions but not the marks (they live in the reader's `localStorage`), so
//! the page carries the list of questions as JSON inside a `<script type="application/json">`,
//! and `static/review.js` joins the two in the browser: no server, no fetch, and it works from a
//! sub-path or a `file:` URL because every link in it is relative to the page (`page.root`).

use serde::Serialize;

use super::views::{Kind, PageCommon, ReviewView, TopicCount};
use super::Input;
use crate::i18n::Strings;
use crate::page::PageId;

/// One question as the review page's script sees it.
#[derive(Debug, Serialize)]
struct Entry<'a> {
    /// The key of the reader's progress: front matter `id`, else the URL.
    key: String,
    /// URL relative to the site root (also the key of progress made before ids existed).
    url: &'a str,
    title: &'a str,
    number: Option<u32>,
    topic: &'a str,
    topic_url: &'a str,
    /// The study round's id and title, for drawing a round's questions.
    session: Option<&'a str>,
    session_title: Option<&'a str>,
}

/// One question as the mock interview asks it: the question and its key points.
#[derive(Debug, Serialize)]
struct InterviewEntry<'a> {
    #[serde(flatten)]
    entry: Entry<'a>,
    question: &'a str,
    points: Vec<String>,
}

/// What a script reads: the questions in book order and the strings it shows.
#[derive(Debug, Serialize)]
struct Data<T> {
    questions: Vec<T>,
    strings: &'static Strings,
}

/// The question pages, in book order.
fn question_ids<'a>(input: &'a Input<'_>) -> impl Iterator<Item = PageId> + 'a {
    (input.structure.leaves()).filter(|&id| input.pages[id].is_question())
}

fn entry<'a>(input: &'a Input<'_>, id: PageId) -> Entry<'a> {
    let page = &input.pages[id];
    let topic = input.structure.topic_page(id).map(|t| &input.pages[t]);
    let session = input.structure.session[id].as_ref();
    Entry {
        key: super::pages::progress_key(page),
        url: &page.url,
        title: &page.title,
        number: page.front.question,
        topic: topic.map_or("", |t| t.title.as_str()),
        topic_url: topic.map_or("", |t| t.url.as_str()),
        session: session.map(crate::session::SessionId::as_str),
        session_title: session
            .and_then(|s| input.config.session(s))
            .map(|s| s.title.as_str()),
    }
}

/// The review page's view; its content is the JSON the script reads.
pub(super) fn page(input: &Input<'_>, strings: &'static Strings) -> ReviewView {
    let questions: Vec<Entry<'_>> = question_ids(input).map(|id| entry(input, id)).collect();
    let mut topics: Vec<TopicCount> = Vec::new();
    for question in &questions {
        match topics.iter_mut().find(|t| t.title == question.topic) {
            Some(topic) => topic.total += 1,
            None => topics.push(TopicCount {
                title: question.topic.to_string(),
                url: question.topic_url.to_string(),
                total: 1,
            }),
        }
    }
    let json = serde_json::to_string(&Data { questions, strings })
        .expect("titles and URLs always serialise");
    let mut common =
        PageCommon::generated(Kind::Review, strings.review_title.into(), "review/".into());
    common.description = strings.review_local.into();
    ReviewView {
        common,
        content: script_safe(&json),
        topics,
    }
}

/// The mock interview's view (`review/interview/`): every question with its key points, so the
/// page works offline and from any sub-path without fetching anything.
pub(super) fn interview(input: &Input<'_>, strings: &'static Strings) -> ReviewView {
    let questions = question_ids(input)
        .filter_map(|id| {
            let outline = &input.docs[id].outline;
            Some(InterviewEntry {
                entry: entry(input, id),
                question: outline.question.as_deref()?,
                points: key_points(&input.pages[id].front.key_points, outline),
            })
        })
        .collect();
    let json = serde_json::to_string(&Data { questions, strings })
        .expect("titles, points and URLs always serialise");
    let mut common = PageCommon::generated(
        Kind::Interview,
        strings.interview_title.into(),
        "review/interview/".into(),
    );
    common.description = strings.interview_lead.into();
    ReviewView {
        common,
        content: script_safe(&json),
        topics: Vec::new(),
    }
}

/// The answer's key points: front matter `key_points` where the author named them, else the
/// items of the `## 핵심 요약` list, else the summary's sentences (most summaries are prose).
pub fn key_points(front: &[String], outline: &crate::markdown::Outline) -> Vec<String> {
    if !front.is_empty() {
        return front.iter().map(|p| p.trim().to_string()).collect();
    }
    if !outline.summary_items.is_empty() {
        return outline.summary_items.clone();
    }
    sentences(outline.summary.as_deref().unwrap_or(""))
}

/// Splits prose after `.`, `!` or `?` followed by a space (`0.059달러` stays whole).
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next_is_space = chars.peek().is_some_and(|&(_, n)| n.is_whitespace());
        if matches!(c, '.' | '!' | '?') && next_is_space {
            out.push(text[start..at + c.len_utf8()].trim().to_string());
            start = at + c.len_utf8();
        }
    }
    out.push(text[start..].trim().to_string());
    out.retain(|s| !s.is_empty());
    out
}

/// JSON that cannot end its `<script>` element early: `<` only ever occurs inside JSON strings,
/// where `\u003c` means the same.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    #[test]
    fn key_points_come_from_front_matter_then_the_summary_list_then_its_sentences() {
        let mut outline = crate::markdown::Outline {
            summary: Some("SYN을 보낸다. 0.5초 뒤 SYN-ACK가 온다! 끝".into()),
            ..Default::default()
        };
        assert_eq!(
            super::key_points(&[], &outline),
            ["SYN을 보낸다.", "0.5초 뒤 SYN-ACK가 온다!", "끝"]
        );
        outline.summary_items = vec!["하나".into(), "둘".into()];
        assert_eq!(super::key_points(&[], &outline), ["하나", "둘"]);
        assert_eq!(super::key_points(&[" 셋 ".into()], &outline), ["셋"]);
    }

    #[test]
    fn a_title_cannot_close_the_script_element() {
        let json = serde_json::to_string(&["</script><script>alert(1)</script>"]).unwrap();
        let safe = super::script_safe(&json);
        assert!(!safe.contains("</"), "{safe}");
        let back: Vec<String> = serde_json::from_str(&safe).unwrap();
        assert_eq!(back[0], "</script><script>alert(1)</script>");
    }
}
