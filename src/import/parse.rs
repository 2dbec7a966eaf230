//! A round document's blocks → [`Round`]: the header, then scenarios with their questions.
//!
//! The document is read top to bottom in three states: the header (title, date, author), a
//! scenario's situation, and its questions. A scenario starts at a heading or, in a plain-text
//! round, at a short line that does not read as a sentence (`markers::title_shape`; one that ends
//! like a sentence only where the structure says it is a title, `Parser::is_title`). Within the
//! questions, paragraphs opening with a number or ordinal start a question and the paragraphs after
//! them continue it; when no question of a scenario is numbered, every paragraph is a question of
//! its own, except the parts a question announces (`다음 세 가지 측면에서`). Mistakes are
//! diagnostics naming the document's line, all of them in one pass.

use std::path::Path;

use crate::diagnostic::Diagnostic;

use super::blocks::{self, Block, BlockKind, LineRole};
use super::markers::{self, Ending, Opening};
use super::{Question, Round, Scenario};

/// Parses a round document. `file` names it in diagnostics.
pub fn round(file: &Path, source: &str) -> Result<Round, Vec<Diagnostic>> {
    let mut parser = Parser {
        file,
        round: Round::default(),
        scenario: None,
        state: State::Header,
        errors: Vec::new(),
        next: Next::default(),
    };
    let mut blocks = blocks::split(source, line_role).into_iter().peekable();
    while let Some(block) = blocks.next() {
        parser.next = blocks.peek().map(Next::of).unwrap_or_default();
        parser.block(block);
    }
    parser.finish_scenario();
    if parser.round.title.is_empty() {
        parser.error(
            1,
            "the document is empty",
            "a round starts with its title line, e.g. `백엔드 스터디 3회차`",
        );
    } else if parser.round.scenarios.is_empty() && parser.errors.is_empty() {
        let line = parser.round.line;
        parser.error(
            line,
            "no scenario found after the round's title",
            "write each scenario as a title line, its situation, a line `문제`, then its questions",
        );
    }
    if parser.errors.is_empty() {
        Ok(parser.round)
    } else {
        Err(parser.errors)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Header,
    Situation,
    Questions,
}

/// A scenario being read.
struct Draft {
    scenario: Scenario,
    /// The heading level of its title, `None` for a plain title line.
    level: Option<u8>,
    /// Whether its questions are numbered (then unnumbered paragraphs continue a question).
    numbered: bool,
    /// Paragraphs still owed to the last question (`다음 세 가지`).
    owed_parts: usize,
    /// The last question was a bare number (`문제 1`): its text is the next paragraph.
    awaiting_text: bool,
}

struct Parser<'a> {
    file: &'a Path,
    round: Round,
    scenario: Option<Draft>,
    state: State,
    errors: Vec<Diagnostic>,
    /// What the block after the current one is.
    next: Next,
}

/// What the parser needs to know of the block after the current one.
#[derive(Debug, Clone, Copy, Default)]
struct Next {
    /// A `상황` or `문제` line.
    marker: bool,
    /// A heading or a line that reads as a title wherever it stands.
    title: bool,
}

impl Next {
    fn of(block: &Block) -> Next {
        let text = heading_text(block);
        Next {
            marker: markers::is_situation_marker(text) || markers::is_questions_marker(text),
            title: match block.kind {
                BlockKind::Heading(..) => true,
                BlockKind::Text => markers::title_shape(text) == Some(Ending::Phrase),
                BlockKind::Code => false,
            },
        }
    }
}

impl Parser<'_> {
    fn error(&mut self, line: usize, message: impl Into<String>, help: &str) {
        self.errors.push(
            Diagnostic::error(self.file, message)
                .at_line(line, 1)
                .with_help(help),
        );
    }

    fn block(&mut self, block: Block) {
        match self.state {
            State::Header => self.header(block),
            State::Situation => self.situation(block),
            State::Questions => self.question(block),
        }
    }

    fn header(&mut self, block: Block) {
        let text = heading_text(&block);
        if self.round.title.is_empty() && block.kind != BlockKind::Code {
            self.round.title = markers::plain(text).to_string();
            self.round.line = block.line;
        } else if let Some(date) = markers::date(text).filter(|_| self.round.date.is_none()) {
            self.round.date = Some(date);
        } else if let Some(author) = markers::author(text).filter(|_| self.round.author.is_none()) {
            self.round.author = Some(author);
        } else if markers::is_questions_marker(text) || markers::opening(text).is_some() {
            self.error(
                block.line,
                "question outside any scenario",
                "put the scenario's title line (and its situation) before its questions",
            );
        } else if markers::is_situation_marker(text) {
            self.error(
                block.line,
                "situation with no scenario title",
                "put the scenario's title on a line of its own before `상황`",
            );
        } else if self.is_title(&block) {
            self.start_scenario(&block);
        } else {
            self.error(
                block.line,
                "expected a scenario title here",
                "after the round's title, date and author, each scenario starts with its title on a line of its own",
            );
        }
    }

    fn situation(&mut self, block: Block) {
        let text = heading_text(&block);
        if markers::is_questions_marker(text) {
            self.state = State::Questions;
            self.draft().scenario.questions_line = Some(block.line);
        } else if markers::is_situation_marker(text) {
            // `### 상황` right under the title: the situation starts here, nothing to keep.
        } else if self.ends_scenario(&block) {
            self.start_scenario(&block);
        } else if matches!(
            markers::opening(text),
            Some(Opening::Number(_) | Opening::TooLong(_))
        ) && text.trim_start().starts_with("문제")
        {
            // `문제 1.` opens the questions even without a `문제` line before it.
            self.state = State::Questions;
            self.question(block);
        } else {
            self.draft().scenario.situation.push(block.text);
        }
    }

    fn question(&mut self, block: Block) {
        let text = heading_text(&block).to_string();
        if self.ends_scenario(&block) {
            self.start_scenario(&block);
        } else if markers::is_questions_marker(&text) || markers::is_situation_marker(&text) {
            let title = self.draft().scenario.title.clone();
            self.error(
                block.line,
                format!(
                    "`{}` follows the questions of `{title}` with no scenario title before it",
                    markers::plain(&text)
                ),
                "start the next scenario with its title on a line of its own",
            );
        } else if block.kind == BlockKind::Code {
            self.continue_question(block, &text);
        } else if let Some(opening) = markers::opening(&text) {
            self.numbered_question(block.line, opening, &text);
        } else if block.kind == BlockKind::Text
            && self.is_title(&block)
            && !self.draft().awaiting_text
        {
            self.start_scenario(&block);
        } else {
            self.continue_question(block, &text);
        }
    }

    /// A paragraph opening with a number or ordinal: the next question.
    fn numbered_question(&mut self, line: usize, opening: Opening<'_>, text: &str) {
        let question_text = match opening {
            Opening::Ordinal => text.trim().to_string(),
            Opening::Number(rest) => rest.to_string(),
            Opening::TooLong(number) => {
                return self.error(
                    line,
                    format!(
                        "question number `{number}` has more than {} digits",
                        markers::MAX_NUMBER_DIGITS
                    ),
                    "a scenario holds at most 999 numbered questions: split it in two, each with its own title line",
                );
            }
        };
        let draft = self.draft();
        draft.numbered = true;
        draft.owed_parts = 0;
        draft.awaiting_text = question_text.is_empty();
        draft.scenario.questions.push(Question {
            text: question_text,
            line,
        });
    }

    /// A paragraph that is not a numbered question: it continues the last question or, in a
    /// scenario whose questions are not numbered, starts the next one.
    fn continue_question(&mut self, block: Block, text: &str) {
        let draft = self.draft();
        let continues = draft.awaiting_text
            || draft.numbered
            || draft.owed_parts > 0
            || block.kind == BlockKind::Code
            || markers::is_list_item(text);
        match draft.scenario.questions.last_mut() {
            Some(last) if continues => {
                if !last.text.is_empty() {
                    last.text.push_str("\n\n");
                }
                last.text.push_str(&block.text);
                draft.owed_parts = draft.owed_parts.saturating_sub(1);
                draft.awaiting_text = false;
            }
            _ => {
                draft.owed_parts = markers::announced_parts(text);
                draft.scenario.questions.push(Question {
                    text: block.text,
                    line: block.line,
                });
            }
        }
    }

    /// Whether `block` is the title of the next scenario: a heading no deeper than the current
    /// scenario's own (or any `#`/`##` heading after a plain title line).
    fn ends_scenario(&self, block: &Block) -> bool {
        let BlockKind::Heading(level, _) = block.kind else {
            return false;
        };
        match self.scenario.as_ref().and_then(|draft| draft.level) {
            Some(own) => level <= own,
            None => level <= 2,
        }
    }

    /// Whether `block` is a scenario's title. A line ending like a sentence (`…을 설계한다`) is
    /// one in bold, right above a `상황`/`문제` line, or where a title must come (right after the
    /// round's header) unless a plainer title follows it; elsewhere it is the last line of a
    /// situation or a question.
    fn is_title(&self, block: &Block) -> bool {
        match &block.kind {
            BlockKind::Heading(..) => true,
            BlockKind::Code => false,
            BlockKind::Text => match markers::title_shape(&block.text) {
                Some(Ending::Phrase) => true,
                Some(Ending::Sentence) => {
                    markers::is_bold_line(&block.text)
                        || self.next.marker
                        || (self.state == State::Header && !self.next.title)
                }
                None => false,
            },
        }
    }

    fn start_scenario(&mut self, block: &Block) {
        self.finish_scenario();
        let level = match block.kind {
            BlockKind::Heading(level, _) => Some(level),
            _ => None,
        };
        self.scenario = Some(Draft {
            scenario: Scenario {
                title: markers::plain(heading_text(block)).to_string(),
                line: block.line,
                ..Scenario::default()
            },
            level,
            numbered: false,
            owed_parts: 0,
            awaiting_text: false,
        });
        self.state = State::Situation;
    }

    fn finish_scenario(&mut self) {
        let Some(draft) = self.scenario.take() else {
            return;
        };
        let scenario = draft.scenario;
        if scenario.questions.is_empty() {
            let (line, what) = match scenario.questions_line {
                Some(line) => (line, "its `문제` line is followed by no question"),
                None => (scenario.line, "it has no `문제` line"),
            };
            self.error(
                line,
                format!("scenario `{}` has no questions: {what}", scenario.title),
                "write the questions after a line `문제`, one paragraph each (or numbered `1.`, `첫째,`)",
            );
        } else if let Some(question) = scenario.questions.iter().find(|q| q.text.trim().is_empty())
        {
            let line = question.line;
            self.error(
                line,
                format!("question with no text in scenario `{}`", scenario.title),
                "write the question's text after its number",
            );
        } else {
            self.round.scenarios.push(scenario);
        }
    }

    fn draft(&mut self) -> &mut Draft {
        self.scenario
            .as_mut()
            .expect("situation and question states always have a scenario")
    }
}

/// Structure written without blank lines: markers, the date and the author stand alone, and so
/// does a title right above a `상황`/`문제` line; a numbered question starts a block.
fn line_role(line: &str, next: &str) -> LineRole {
    let marker =
        |text: &str| markers::is_situation_marker(text) || markers::is_questions_marker(text);
    let header = markers::date(line).is_some() || markers::author(line).is_some();
    // A title ending like a sentence is told by the `상황` line under it.
    let title_above_marker = match markers::title_shape(line) {
        Some(Ending::Phrase) => marker(next),
        Some(Ending::Sentence) => markers::is_situation_marker(next),
        None => false,
    };
    if marker(line) || header || title_above_marker {
        LineRole::Alone
    } else if markers::opening(line).is_some() {
        LineRole::Starts
    } else {
        LineRole::Plain
    }
}

/// A heading's text without its `#`s; any other block's text.
fn heading_text(block: &Block) -> &str {
    match &block.kind {
        BlockKind::Heading(_, text) => text,
        _ => &block.text,
    }
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
