//! A file's text as diagnostics hold it: shared, with an index from byte offsets to lines and
//! columns, and the excerpt of a line that printers quote.
//!
//! Every finding in a file is located through one index, built when the first finding needs it,
//! so the cost of a finding does not depend on where it is: scanning from the start of the file
//! for each one made 8,000 broken links after 2 MB of text take 31.9 s (1.75 s before it). The
//! excerpt is a window around the column, never the whole line: 4,000 findings on a 56 KB line
//! printed 304 MB.

use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use unicode_width::UnicodeWidthChar;

use super::Position;

/// The text of a file that diagnostics point into (a page, `book.toml`, a glossary file, a
/// template). Cloning it shares the text and its index.
#[derive(Clone)]
pub struct SourceText(Arc<Inner>);

struct Inner {
    text: Box<str>,
    marks: OnceLock<Vec<Mark>>,
}

/// A place whose line and column are known: every line start, and within a line every
/// [`STRIDE`] bytes or so, so that locating an offset counts at most that many bytes.
#[derive(Debug, Clone, Copy)]
struct Mark {
    byte: u32,
    line: u32,
    column: u32,
}

/// Bytes between marks within a line.
const STRIDE: usize = 256;

impl SourceText {
    /// The text as a `str`.
    pub fn as_str(&self) -> &str {
        &self.0.text
    }

    /// The 1-based line and character column of byte `offset` (clamped to the text and to a
    /// character boundary).
    pub fn position(&self, offset: usize) -> Position {
        self.locate(offset).0
    }

    /// [`SourceText::position`], and the bytes counted to find it (for the cost test).
    fn locate(&self, offset: usize) -> (Position, usize) {
        let text = self.as_str();
        let offset = clamp_to_char_boundary(text, offset);
        let marks = self.marks();
        let idx = marks.partition_point(|mark| mark.byte as usize <= offset);
        let mark = marks.get(idx.saturating_sub(1)).copied().unwrap_or(START);
        let from = mark.byte as usize;
        let column = mark.column as usize + text[from..offset].chars().count();
        let position = Position {
            line: mark.line as usize,
            column,
        };
        (position, offset - from)
    }

    fn marks(&self) -> &[Mark] {
        self.0.marks.get_or_init(|| marks(self.as_str()))
    }

    /// The line around `span`, clipped to [`Excerpt::BEFORE`] and [`Excerpt::AFTER`] columns of
    /// the terminal either side of its start, control characters made visible.
    pub fn excerpt(&self, span: std::ops::Range<usize>) -> Excerpt {
        let text = self.as_str();
        let start = clamp_to_char_boundary(text, span.start);
        let end = clamp_to_char_boundary(text, span.end.max(start));
        let (from, clipped_before) = window_start(text, start);
        let (to, clipped_after) = window_end(text, start);
        let mut excerpt = String::new();
        if clipped_before {
            excerpt.push(ELLIPSIS);
        }
        let lead = excerpt.len();
        excerpt.push_str(&super::printable(&text[from..to]));
        if clipped_after {
            excerpt.push(ELLIPSIS);
        }
        // `printable` keeps one character for one, so character counts carry over.
        let column = 1 + usize::from(clipped_before) + text[from..start].chars().count();
        let span_start =
            lead + byte_len_of_chars(&excerpt[lead..], text[from..start].chars().count());
        let span_chars = text[start..end.min(to)].chars().count();
        let span_end = span_start + byte_len_of_chars(&excerpt[span_start..], span_chars);
        Excerpt {
            text: excerpt,
            column,
            span: span_start..span_end,
        }
    }
}

/// The first mark, where every text starts.
const START: Mark = Mark {
    byte: 0,
    line: 1,
    column: 1,
};

/// Marks at every line start and every [`STRIDE`] bytes within a line. Texts are capped at
/// 64 MiB when read, so offsets fit in `u32`; past that the index stops and locating counts
/// from the last mark (correct, only slower).
fn marks(text: &str) -> Vec<Mark> {
    let mut marks = vec![START];
    let (mut line, mut column, mut since) = (1u32, 1u32, 0usize);
    for (idx, byte) in text.bytes().enumerate() {
        let Ok(at) = u32::try_from(idx) else {
            break;
        };
        if byte == b'\n' {
            line += 1;
            column = 1;
            since = 0;
            marks.push(Mark {
                byte: at + 1,
                line,
                column,
            });
            continue;
        }
        // A byte that starts a character (not a UTF-8 continuation byte).
        if byte & 0xC0 != 0x80 {
            if since >= STRIDE {
                marks.push(Mark {
                    byte: at,
                    line,
                    column,
                });
                since = 0;
            }
            column += 1;
        }
        since += 1;
    }
    marks
}

/// Where a clipped excerpt is cut.
const ELLIPSIS: char = '…';

/// The part of a line a printer quotes for a finding, at most about [`Excerpt::BEFORE`] +
/// [`Excerpt::AFTER`] terminal columns wide whatever the line's length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The text, `…` where the line goes on; control characters shown as symbols.
    pub text: String,
    /// 1-based character column of the finding in `text` (not in the file).
    pub column: usize,
    /// The finding's bytes in `text` (the part of it on this line and in the window).
    pub span: std::ops::Range<usize>,
}

impl Excerpt {
    /// Terminal columns kept before the finding's start (Hangul takes two).
    pub const BEFORE: usize = 40;
    /// Terminal columns kept from the finding's start on.
    pub const AFTER: usize = 80;
}

/// Where the excerpt of a finding at `start` begins, and whether that cuts the line.
fn window_start(text: &str, start: usize) -> (usize, bool) {
    let mut width = 0;
    let mut from = start;
    for (idx, c) in text[..start].char_indices().rev() {
        if c == '\n' {
            return (from, false);
        }
        width += c.width().unwrap_or(1);
        if width > Excerpt::BEFORE {
            return (from, true);
        }
        from = idx;
    }
    (from, false)
}

/// Where the excerpt of a finding at `start` ends (before any `\r\n`), and whether that cuts
/// the line.
fn window_end(text: &str, start: usize) -> (usize, bool) {
    let mut width = 0;
    for (idx, c) in text[start..].char_indices() {
        if c == '\n' {
            let line_end = start + idx;
            let before_cr = text[..line_end]
                .strip_suffix('\r')
                .map_or(line_end, str::len);
            return (before_cr.max(start), false);
        }
        width += c.width().unwrap_or(1);
        if width > Excerpt::AFTER {
            return (start + idx, true);
        }
    }
    (text.len(), false)
}

/// The byte length of the first `n` characters of `text`.
fn byte_len_of_chars(text: &str, n: usize) -> usize {
    text.char_indices()
        .nth(n)
        .map_or(text.len(), |(idx, _)| idx)
}

pub(super) fn clamp_to_char_boundary(source: &str, offset: usize) -> usize {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl Deref for SourceText {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for SourceText {
    fn from(text: &str) -> Self {
        SourceText::from(text.to_string())
    }
}

impl From<String> for SourceText {
    fn from(text: String) -> Self {
        SourceText(Arc::new(Inner {
            text: text.into_boxed_str(),
            marks: OnceLock::new(),
        }))
    }
}

impl fmt::Debug for SourceText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for SourceText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SourceText {}

impl std::hash::Hash for SourceText {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the index says of every offset equals counting from the start of the text.
    #[test]
    fn positions_match_counting_from_the_start() {
        let line = "쿠버네티스 rolling update를 설명하시오. ".repeat(20);
        let text = format!("첫 줄\r\n{line}\n\n{line}\nend");
        let source = SourceText::from(text.as_str());
        for offset in (0..=text.len()).filter(|&offset| text.is_char_boundary(offset)) {
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |idx| idx + 1);
            let column = text[line_start..offset].chars().count() + 1;
            assert_eq!(
                source.position(offset),
                Position { line, column },
                "{offset}"
            );
        }
        // Inside a character: the character's start.
        let inside = text.find('첫').unwrap() + 1;
        assert_eq!(source.position(inside), Position { line: 1, column: 1 });
    }

    /// `k` findings after `prefix` bytes of text: the bytes counted to locate them all, index
    /// included.
    fn bytes_counted(prefix_lines: usize, findings: usize) -> usize {
        let mut text =
            "쿠버네티스 롤링 업데이트 문단입니다. 새 파드를 하나씩 띄운다.\n".repeat(prefix_lines);
        let first = text.len();
        text.push_str(&"[x](missing.md) 깨진 링크 ".repeat(findings));
        let source = SourceText::from(text);
        let index = source.marks().len() + source.len();
        let step = "[x](missing.md) 깨진 링크 ".len();
        let located: usize = (0..findings)
            .map(|idx| source.locate(first + idx * step).1)
            .sum();
        index + located
    }

    #[test]
    fn locating_a_finding_costs_the_same_wherever_it_is() {
        // n vs 4n: four times the text before four times the findings.
        let (n, four_n) = (bytes_counted(2_000, 500), bytes_counted(8_000, 2_000));
        assert!(
            four_n <= 5 * n,
            "{n} bytes counted for n, {four_n} for 4n (more than 5×)"
        );
    }

    #[test]
    fn excerpts_of_a_long_line_are_clipped_around_the_column_in_characters() {
        let line = format!("{}[x](gone.md){}", "가".repeat(1_000), "b".repeat(1_000));
        let source = SourceText::from(format!("# 제목\n{line}\n"));
        let start = source.find("[x]").unwrap();
        let excerpt = source.excerpt(start..start + "[x](gone.md)".len());
        // 20 wide characters (40 columns) before, 80 columns from the finding on.
        let expected = format!("…{}[x](gone.md){}…", "가".repeat(20), "b".repeat(68));
        assert_eq!(excerpt.text, expected);
        assert_eq!(excerpt.column, 22);
        assert_eq!(&excerpt.text[excerpt.span.clone()], "[x](gone.md)");
    }

    #[test]
    fn excerpts_keep_short_lines_whole_and_show_control_characters() {
        let source = SourceText::from("a\r\nx \u{1b}]52;c;aGk=\u{7} [y](z)\r\nb");
        let start = source.find("[y]").unwrap();
        let excerpt = source.excerpt(start..start + 6);
        assert_eq!(excerpt.text, "x \u{241b}]52;c;aGk=\u{2407} [y](z)");
        assert_eq!(excerpt.column, 16);
        assert_eq!(&excerpt.text[excerpt.span], "[y](z)");
    }

    #[test]
    fn a_span_over_several_lines_is_cut_at_the_first_line_end() {
        let source = SourceText::from("ab [x\ny](z) c");
        let excerpt = source.excerpt(3..11);
        assert_eq!(excerpt.text, "ab [x");
        assert_eq!(&excerpt.text[excerpt.span], "[x");
    }
}
