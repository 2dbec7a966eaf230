//! Splitting a page into TOML front matter and Markdown body.
//!
//! Front matter sits between two `+++` lines at the very top. Errors are re-anchored from the TOML
//! parser's offsets onto the file's own lines, so `title = 3` on line 2 is reported at line 2.

use std::ops::Range;

use serde::Deserialize;

/// The keys a page may set. Unknown keys are errors, so a typo never silently does nothing.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Page title; defaults to the first `#` heading, then the file name.
    pub title: Option<String>,
    /// One-sentence summary for meta tags and lists.
    pub description: Option<String>,
    /// The question's number within its scenario (question pages only).
    pub question: Option<u32>,
    /// Sort key within the folder; lower comes first.
    pub order: Option<i64>,
    /// Cross-cutting themes; each becomes a tag page.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Drafts are checked but not published.
    #[serde(default)]
    pub draft: bool,
    /// The study round this page (or folder, in `_index.md`) came from.
    pub session: Option<crate::session::SessionId>,
    /// Answers to read first, as paths relative to this page.
    #[serde(default)]
    pub requires: Vec<String>,
    /// A scenario's position within its study round (in `_index.md`), for the session pages.
    pub session_order: Option<u32>,
    /// Last-updated day, used when git history is not available: a TOML date or datetime, of
    /// which the day is kept (see [`crate::date::day_of_datetime`]).
    #[serde(default, deserialize_with = "crate::date::day_of_datetime")]
    pub updated: Option<crate::date::Date>,
    /// Who wrote the answer; replaces the names git gives (`[]` shows none).
    pub authors: Option<Vec<String>>,
    /// When someone last checked the answer is still right; `check` warns when it is old.
    pub reviewed: Option<crate::date::Date>,
    /// `answer = "pending"` on a question page whose answer is still to be written (what
    /// `studybook import` writes): `check` lists it and the page shows 답안 준비 중.
    #[serde(default)]
    pub answer: AnswerState,
    /// A question's stable id: the key of the reader's progress, so that progress survives a
    /// move or rename of the file (`new` and `import` write one; unique in the book).
    pub id: Option<String>,
    /// The answer's key points, for the mock interview's checklist; without it, the items of the
    /// answer's `## 핵심 요약` list are used.
    #[serde(default)]
    pub key_points: Vec<String>,
}

/// Whether a question page's answer has been written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnswerState {
    /// The page holds its answer (the default: no `answer` key).
    #[default]
    Written,
    /// Only the question and the answer's skeleton headings are there.
    Pending,
}

/// Why a page's front matter could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
    /// Byte span in the file.
    pub span: Range<usize>,
}

/// The result of splitting a file.
#[derive(Debug, Clone)]
pub struct Split {
    /// The parsed front matter (defaults when there was none).
    pub front: FrontMatter,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
    /// A non-fatal note, e.g. that YAML front matter was skipped.
    pub note: Option<FrontMatterError>,
}

/// Splits `text` into front matter and body.
pub fn split(text: &str) -> Result<Split, FrontMatterError> {
    let Some(first_line) = text.lines().next() else {
        return Ok(Split {
            front: FrontMatter::default(),
            body_start: 0,
            note: None,
        });
    };
    let fence = first_line.trim_end();
    if fence != "+++" && fence != "---" {
        return Ok(Split {
            front: FrontMatter::default(),
            body_start: 0,
            note: None,
        });
    }
    let toml_start = line_end(text, 0);
    let Some((close_start, close_end)) = find_closing(text, toml_start, fence) else {
        if fence == "---" {
            // A lone `---` on line 1 is a thematic break in Markdown, not front matter.
            return Ok(Split {
                front: FrontMatter::default(),
                body_start: 0,
                note: None,
            });
        }
        return Err(FrontMatterError {
            message: "front matter opened with `+++` is never closed".into(),
            help: "add a line containing only `+++` after the last front matter key".into(),
            span: 0..first_line.len(),
        });
    };
    if fence == "---" {
        return Ok(Split {
            front: FrontMatter::default(),
            body_start: close_end,
            note: Some(FrontMatterError {
                message: "YAML front matter (`---`) is not read; it was skipped".into(),
                help: "write front matter as TOML between `+++` lines, e.g. `title = \"...\"`"
                    .into(),
                span: 0..first_line.len(),
            }),
        });
    }
    let toml_text = &text[toml_start..close_start];
    match toml::from_str::<FrontMatter>(toml_text) {
        Ok(front) => Ok(Split {
            front,
            body_start: close_end,
            note: None,
        }),
        Err(error) => {
            let span = error
                .span()
                .map(|span| toml_start + span.start..toml_start + span.end)
                .unwrap_or(toml_start..close_start);
            Err(FrontMatterError {
                message: format!("invalid front matter: {}", first_line_of(error.message())),
                help: "front matter is TOML: strings in double quotes, lists in `[...]`; keys are title, description, question, order, tags, draft, session, session_order, requires, updated, authors, reviewed, answer".into(),
                span,
            })
        }
    }
}

/// Where the body starts when the front matter block is closed but unreadable.
pub fn body_after_fence(text: &str) -> Option<usize> {
    let first = text.lines().next()?.trim_end();
    if first != "+++" {
        return None;
    }
    find_closing(text, line_end(text, 0), "+++").map(|(_, end)| end)
}

fn first_line_of(message: &str) -> &str {
    message.trim().lines().next().unwrap_or("")
}

/// Byte offset just past the line that starts at `start` (including its `\n`).
fn line_end(text: &str, start: usize) -> usize {
    text[start..]
        .find('\n')
        .map_or(text.len(), |idx| start + idx + 1)
}

fn find_closing(text: &str, mut pos: usize, fence: &str) -> Option<(usize, usize)> {
    while pos < text.len() {
        let end = line_end(text, pos);
        if text[pos..end].trim_end() == fence {
            return Some((pos, end));
        }
        pos = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_toml_front_matter() {
        let text = "+++\ntitle = \"헬스 체크\"\norder = 2\n+++\n# body\n";
        let split = split(text).unwrap();
        assert_eq!(split.front.title.as_deref(), Some("헬스 체크"));
        assert_eq!(&text[split.body_start..], "# body\n");
    }

    #[test]
    fn crlf_front_matter_works() {
        let text = "+++\r\ntitle = \"a\"\r\n+++\r\nbody";
        let split = split(text).unwrap();
        assert_eq!(split.front.title.as_deref(), Some("a"));
        assert_eq!(&text[split.body_start..], "body");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let error = split("+++\ntitle = \"a\"\n# body\n").unwrap_err();
        assert!(error.message.contains("never closed"));
    }

    #[test]
    fn wrong_type_points_into_the_file() {
        let text = "+++\ntitle = \"a\"\norder = \"first\"\n+++\n";
        let error = split(text).unwrap_err();
        assert_eq!(
            crate::diagnostic::SourceText::from(text)
                .position(error.span.start)
                .line,
            3,
            "{error:?}"
        );
    }

    #[test]
    fn answer_pending_is_read_and_other_values_are_errors() {
        let split = split("+++\nanswer = \"pending\"\n+++\n").unwrap();
        assert_eq!(split.front.answer, AnswerState::Pending);
        assert_eq!(split_default_answer(), AnswerState::Written);
        let error = split_err("+++\nanswer = \"later\"\n+++\n");
        assert!(error.contains("pending"), "{error}");
    }

    fn split_default_answer() -> AnswerState {
        split("+++\ntitle = \"a\"\n+++\n").unwrap().front.answer
    }

    fn split_err(text: &str) -> String {
        split(text).unwrap_err().message
    }

    #[test]
    fn unknown_key_is_an_error() {
        let error = split("+++\ntitel = \"a\"\n+++\n").unwrap_err();
        assert!(error.message.contains("titel"), "{}", error.message);
    }
}
