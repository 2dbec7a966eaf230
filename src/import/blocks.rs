//! A round document → its blocks: paragraphs, headings and code, each with its first line.
//!
//! Blank lines separate paragraphs; a Markdown heading is always a block of its own, because the
//! `.txt` rounds put titles right above their text. Code is kept verbatim: a fenced block stays as
//! written, and lines that look like code (an SQL statement, a shell command, an indented line with
//! no Hangul) become a fenced block of their own, so that the Markdown the import writes shows
//! them as code instead of joining them into prose. Nothing here knows what a scenario is.

/// What a block is, as far as its text alone says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum BlockKind {
    /// A Markdown heading: its level (1–6) and its text without the `#`s.
    Heading(u8, String),
    /// Prose: one or more lines.
    Text,
    /// A fenced code block, fences included.
    Code,
}

/// One block of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Block {
    /// Heading, prose or code.
    pub(super) kind: BlockKind,
    /// The block's lines as written (trailing spaces removed), joined with `\n`.
    pub(super) text: String,
    /// 1-based line of the block's first line.
    pub(super) line: usize,
}

/// Where a line of prose stands in its paragraph, as the caller's structure sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LineRole {
    /// An ordinary line: it joins the paragraph it is in.
    Plain,
    /// It starts a new block, and following lines may join it (a numbered question).
    Starts,
    /// A block on its own (a `문제` line, a date, a title above `상황`).
    Alone,
}

/// Splits `source` into blocks. CRLF and a BOM are accepted. `role` sees each line of prose and
/// the line after it, so that structure written without blank lines still splits.
///
/// A document that hardly uses blank lines (fewer than one per four lines) writes one paragraph
/// per line, so there every line is a block of its own.
pub(super) fn split(source: &str, role: impl Fn(&str, &str) -> LineRole) -> Vec<Block> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let lines: Vec<&str> = source
        .split('\n')
        .map(|line| line.trim_end_matches('\r').trim_end())
        .collect();
    let n_blank = lines.iter().filter(|line| line.is_empty()).count();
    let n_text = lines.len() - n_blank;
    let line_per_paragraph = n_text > 3 && n_blank * 4 < n_text;
    let mut splitter = Splitter::default();
    let mut idx = 0;
    while idx < lines.len() {
        let line = lines[idx];
        let line_no = idx + 1;
        if let Some(fence) = fence_of(line) {
            splitter.flush();
            idx = splitter.fenced(&lines, idx, fence);
            continue;
        }
        if line.trim().is_empty() {
            splitter.flush();
        } else if let Some((level, text)) = heading(line) {
            splitter.flush();
            splitter.push(BlockKind::Heading(level, text), line.to_string(), line_no);
        } else if let Some(lang) = code_language(line) {
            splitter.code_line(line, lang, line_no);
        } else {
            let next = lines.get(idx + 1).copied().unwrap_or("");
            match role(line, next) {
                _ if line_per_paragraph => splitter.flush(),
                LineRole::Plain => {}
                LineRole::Starts | LineRole::Alone => splitter.flush(),
            }
            splitter.text_line(line, line_no);
            if line_per_paragraph || role(line, next) == LineRole::Alone {
                splitter.flush();
            }
        }
        idx += 1;
    }
    splitter.flush();
    splitter.blocks
}

/// Accumulates the open paragraph or run of code lines.
#[derive(Default)]
struct Splitter {
    blocks: Vec<Block>,
    open: Vec<String>,
    open_line: usize,
    /// The language of the open run of code lines; `None` while a paragraph is open.
    open_code: Option<&'static str>,
}

impl Splitter {
    fn push(&mut self, kind: BlockKind, text: String, line: usize) {
        self.blocks.push(Block { kind, text, line });
    }

    fn flush(&mut self) {
        if self.open.is_empty() {
            return;
        }
        let lines = std::mem::take(&mut self.open);
        let (kind, text) = match self.open_code.take() {
            Some(lang) => (
                BlockKind::Code,
                format!("```{lang}\n{}\n```", lines.join("\n")),
            ),
            None => (BlockKind::Text, lines.join("\n")),
        };
        self.push(kind, text, self.open_line);
    }

    fn start(&mut self, line_no: usize, code: Option<&'static str>) {
        self.open_line = line_no;
        self.open_code = code;
    }

    fn text_line(&mut self, line: &str, line_no: usize) {
        if self.open_code.is_some() {
            self.flush();
        }
        if self.open.is_empty() {
            self.start(line_no, None);
        }
        self.open.push(line.to_string());
    }

    fn code_line(&mut self, line: &str, lang: &'static str, line_no: usize) {
        if self.open_code.is_none() {
            self.flush();
        }
        if self.open.is_empty() {
            self.start(line_no, Some(lang));
        }
        self.open.push(line.to_string());
    }

    /// Takes a fenced block starting at `start` and returns the index after its closing fence
    /// (or the end of the document, if it is never closed: the rest is code, as CommonMark says).
    fn fenced(&mut self, lines: &[&str], start: usize, fence: &str) -> usize {
        let mut end = start + 1;
        while end < lines.len() && !lines[end].trim_start().starts_with(fence) {
            end += 1;
        }
        let last = end.min(lines.len() - 1);
        let mut text = lines[start..=last].join("\n");
        if end >= lines.len() {
            text.push('\n');
            text.push_str(fence);
        }
        self.push(BlockKind::Code, text, start + 1);
        end + 1
    }
}

fn fence_of(line: &str) -> Option<&'static str> {
    let trimmed = line.trim_start();
    if trimmed.starts_with("```") {
        Some("```")
    } else if trimmed.starts_with("~~~") {
        Some("~~~")
    } else {
        None
    }
}

/// `## 제목` → `(2, "제목")`. A `#` without a space after it (`#hashtag`) is prose.
fn heading(line: &str) -> Option<(u8, String)> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    let level = u8::try_from(hashes).expect("at most 6 hashes");
    Some((level, rest.trim().trim_end_matches('#').trim().to_string()))
}

const SQL_KEYWORDS: &[&str] = &[
    "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP", "WITH", "EXPLAIN",
];

/// The fence language for a line that is code, or `None` for prose. A line with Hangul outside
/// quotes is always prose: Korean sentences mention `SELECT` or end in `;` too.
fn code_language(line: &str) -> Option<&'static str> {
    if has_hangul_outside_quotes(line) {
        return None;
    }
    let trimmed = line.trim();
    let first = trimmed.split_whitespace().next().unwrap_or("");
    let lower = trimmed.to_ascii_lowercase();
    let sql_first = SQL_KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(first));
    let sql_rest = [" from ", " into ", " set ", " table ", " where ", " as "]
        .iter()
        .any(|k| lower.contains(k));
    if sql_first && (first.chars().all(|c| c.is_ascii_uppercase()) || sql_rest) {
        return Some("sql");
    }
    if trimmed.starts_with("$ ") {
        return Some("console");
    }
    let indented = line.starts_with("    ") || line.starts_with('\t');
    let ends_like_code = trimmed.ends_with(';') || trimmed.ends_with('{') || trimmed == "}";
    (indented || ends_like_code).then_some("text")
}

fn has_hangul_outside_quotes(line: &str) -> bool {
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match quote {
            Some(open) if c == open => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' || c == '`' => quote = Some(c),
            None if is_hangul(c) => return true,
            None => {}
        }
    }
    false
}

/// Hangul syllables and jamo.
pub(super) fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Vec<(BlockKind, String, usize)> {
        split(source, |line, _| match line {
            "문제" => LineRole::Alone,
            _ if line.starts_with("1.") => LineRole::Starts,
            _ => LineRole::Plain,
        })
        .into_iter()
        .map(|b| (b.kind, b.text, b.line))
        .collect()
    }

    #[test]
    fn blank_lines_separate_paragraphs_and_lines_are_counted() {
        let blocks = kinds("\n\n제목\n\n첫 문단\n둘째 줄\n\n\n셋째\n");
        assert_eq!(
            blocks,
            vec![
                (BlockKind::Text, "제목".into(), 3),
                (BlockKind::Text, "첫 문단\n둘째 줄".into(), 5),
                (BlockKind::Text, "셋째".into(), 9),
            ]
        );
    }

    #[test]
    fn a_heading_stands_alone_even_without_blank_lines() {
        let blocks = kinds("## 상황\n본문\n### 문제\n");
        assert_eq!(blocks[0].0, BlockKind::Heading(2, "상황".into()));
        assert_eq!(blocks[1], (BlockKind::Text, "본문".into(), 2));
        assert_eq!(blocks[2].0, BlockKind::Heading(3, "문제".into()));
        assert_eq!(kinds("#태그")[0].0, BlockKind::Text);
    }

    #[test]
    fn an_sql_line_inside_a_paragraph_becomes_a_code_block() {
        let blocks = kinds("느린 쿼리는 다음과 같습니다.\nSELECT * FROM orders WHERE user_id = 7;\n이 쿼리가 문제입니다.\n");
        assert_eq!(blocks.len(), 3, "{blocks:?}");
        assert_eq!(
            blocks[1],
            (
                BlockKind::Code,
                "```sql\nSELECT * FROM orders WHERE user_id = 7;\n```".into(),
                2
            )
        );
        assert_eq!(blocks[2].2, 3);
    }

    #[test]
    fn korean_prose_mentioning_sql_stays_prose() {
        assert_eq!(
            kinds("SELECT 문을 줄이는 방법을 설명하시오;")[0].0,
            BlockKind::Text
        );
        assert_eq!(
            kinds("SELECT name FROM users WHERE name = '홍길동';")[0].0,
            BlockKind::Code
        );
    }

    #[test]
    fn fenced_code_is_kept_verbatim_with_blank_lines() {
        let blocks = kinds("앞\n\n```sql\nSELECT 1;\n\n문제\n```\n뒤\n");
        assert_eq!(blocks[1].0, BlockKind::Code);
        assert_eq!(blocks[1].1, "```sql\nSELECT 1;\n\n문제\n```");
        assert_eq!(blocks[2], (BlockKind::Text, "뒤".into(), 8));
    }

    #[test]
    fn structural_lines_split_a_paragraph() {
        let blocks = kinds("상황 본문\n문제\n1. 첫 질문\n이어지는 줄\n\n둘째 문단\n");
        let texts: Vec<&str> = blocks.iter().map(|b| b.1.as_str()).collect();
        assert_eq!(
            texts,
            vec!["상황 본문", "문제", "1. 첫 질문\n이어지는 줄", "둘째 문단"]
        );
    }

    #[test]
    fn a_document_without_blank_lines_has_a_paragraph_per_line() {
        let blocks = kinds("제목\n첫째 줄\n둘째 줄\n셋째 줄\n넷째 줄\n");
        assert_eq!(blocks.len(), 5);
        assert_eq!(blocks[4], (BlockKind::Text, "넷째 줄".into(), 5));
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let blocks = kinds("\u{feff}제목\r\n\r\n본문\r\n");
        assert_eq!(blocks[0], (BlockKind::Text, "제목".into(), 1));
        assert_eq!(blocks[1], (BlockKind::Text, "본문".into(), 3));
    }
}
