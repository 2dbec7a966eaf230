//! The text of the pages an import writes, in the house shape: a topic's `_index.md`, a
//! scenario's `_index.md` (`session`, `session_order`, `## 상황` verbatim) and a question page
//! (`question`, `order`, `answer = "pending"`, the question verbatim in `> [!QUESTION]`, then the
//! answer's skeleton headings).

use super::plan::{NewTopic, QuestionPlan, ScenarioPlan};

/// The answer skeleton's headings, in the order the book writes them.
pub(super) const SKELETON: &[&str] = &["핵심 요약", "실무 포인트", "정리", "참고"];

/// A TOML basic string, escaped.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// `content/TOPIC/_index.md`.
pub(super) fn topic(topic: &NewTopic) -> String {
    format!(
        "+++\ntitle = {}\norder = {}\n+++\n",
        quoted(&topic.title),
        topic.order
    )
}

/// `content/TOPIC/SCENARIO/_index.md`.
pub(super) fn scenario(scenario: &ScenarioPlan, session: &str) -> String {
    let mut text = format!(
        "+++\ntitle = {}\nsession = {}\nsession_order = {}\norder = {}\n+++\n\n## 상황\n",
        quoted(&scenario.title),
        quoted(session),
        scenario.number,
        scenario.order
    );
    if !scenario.situation.trim().is_empty() {
        text.push('\n');
        text.push_str(scenario.situation.trim_end());
        text.push('\n');
    }
    text
}

/// A question page with its answer still to write.
pub(super) fn question(question: &QuestionPlan) -> String {
    let mut text = format!(
        "+++\ntitle = {}\nid = {}\nquestion = {}\norder = {}\nanswer = \"pending\"\n+++\n\n> [!QUESTION]\n",
        quoted(&question.title),
        quoted(&crate::scaffold::question_id(&question.path)),
        question.number,
        question.number
    );
    for line in question.text.trim_end().lines() {
        if line.is_empty() {
            text.push_str(">\n");
        } else {
            text.push_str("> ");
            text.push_str(line);
            text.push('\n');
        }
    }
    for heading in SKELETON {
        text.push_str("\n## ");
        text.push_str(heading);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::plan::{FileAction, Placement};

    #[test]
    fn question_page_quotes_every_line_and_ends_with_the_skeleton() {
        let page = question(&QuestionPlan {
            number: 2,
            path: "t/s/q2.md".into(),
            title: "\"따옴표\" 제목".into(),
            text: "첫 문단\n\n```sql\nSELECT 1;\n```".into(),
            action: FileAction::Create,
        });
        assert_eq!(
            page,
            "+++\ntitle = '\"따옴표\" 제목'\nid = \"t-s-q2\"\nquestion = 2\norder = 2\nanswer = \"pending\"\n+++\n\n> [!QUESTION]\n> 첫 문단\n>\n> ```sql\n> SELECT 1;\n> ```\n\n## 핵심 요약\n\n## 실무 포인트\n\n## 정리\n\n## 참고\n"
        );
        let (front, _) = page[4..].split_once("+++").unwrap();
        let parsed: crate::frontmatter::FrontMatter = toml::from_str(front).unwrap();
        assert_eq!(parsed.title.as_deref(), Some("\"따옴표\" 제목"));
    }

    #[test]
    fn scenario_index_has_session_and_situation() {
        let page = scenario(
            &ScenarioPlan {
                number: 3,
                title: "캐시".into(),
                topic: "t".into(),
                placement: Placement::NewTopic {
                    subject: Vec::new(),
                    nearest: None,
                },
                dir: "t/s".into(),
                order: 1,
                index: FileAction::Create,
                situation: "상황입니다.".into(),
                questions: Vec::new(),
            },
            "2025-01-01",
        );
        assert_eq!(
            page,
            "+++\ntitle = \"캐시\"\nsession = \"2025-01-01\"\nsession_order = 3\norder = 1\n+++\n\n## 상황\n\n상황입니다.\n"
        );
    }
}
