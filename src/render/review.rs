//! The review page (`review/`): today's questions to study again, from the marks this browser
//! keeps.
//!
//! The build knows the questions but not the marks (they live in the reader's `localStorage`), so
//! the page carries the list of questions as JSON inside a `<script type="application/json">`,
//! and `static/review.js` joins the two in the browser: no server, no fetch, and it works from a
//! sub-path or a `file:` URL because every link in it is relative to the page (`page.root`).

use serde::Serialize;

use super::views::{Kind, PageCommon, ReviewView};
use super::Input;
use crate::i18n::Strings;

/// One question as the review page's script sees it.
#[derive(Debug, Serialize)]
struct Entry<'a> {
    /// URL relative to the site root: the key of the page's mark.
    url: &'a str,
    title: &'a str,
    number: Option<u32>,
    topic: &'a str,
    topic_url: &'a str,
}

/// What the script reads: the questions in book order and the strings it shows.
#[derive(Debug, Serialize)]
struct Data<'a> {
    questions: Vec<Entry<'a>>,
    strings: &'static Strings,
}

/// The review page's view; its content is the JSON the script reads.
pub(super) fn page(input: &Input<'_>, strings: &'static Strings) -> ReviewView {
    let questions = (input.structure.leaves())
        .filter(|&id| input.pages[id].is_question())
        .map(|id| {
            let topic = input.structure.topic_page(id).map(|t| &input.pages[t]);
            Entry {
                url: &input.pages[id].url,
                title: &input.pages[id].title,
                number: input.pages[id].front.question,
                topic: topic.map_or("", |t| t.title.as_str()),
                topic_url: topic.map_or("", |t| t.url.as_str()),
            }
        })
        .collect();
    let json = serde_json::to_string(&Data { questions, strings })
        .expect("titles and URLs always serialise");
    let mut common =
        PageCommon::generated(Kind::Review, strings.review_title.into(), "review/".into());
    common.description = strings.review_local.into();
    ReviewView {
        common,
        content: script_safe(&json),
    }
}

/// JSON that cannot end its `<script>` element early: `<` only ever occurs inside JSON strings,
/// where `\u003c` means the same.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_title_cannot_close_the_script_element() {
        let json = serde_json::to_string(&["</script><script>alert(1)</script>"]).unwrap();
        let safe = super::script_safe(&json);
        assert!(!safe.contains("</"), "{safe}");
        let back: Vec<String> = serde_json::from_str(&safe).unwrap();
        assert_eq!(back[0], "</script><script>alert(1)</script>");
    }
}
