//! What a block of a round document says about the document's structure.
//!
//! The rounds are written by hand, in several shapes: `### 상황` or a bare `상황` line, `문제`
//! or `**문제**`, questions opening with 첫째/둘째, `1.`, `문제 1` or nothing at all. Each
//! function here recognises one of those signals in one block's text; `parse` decides what they
//! mean in context.

use crate::date::Date;

/// `**상황**` → `상황`: surrounding bold or italic markers and a trailing colon removed.
pub(super) fn plain(text: &str) -> &str {
    let mut text = text.trim();
    loop {
        let before = text;
        for mark in ["**", "__", "*", "_"] {
            if let Some(inner) = text
                .strip_prefix(mark)
                .and_then(|rest| rest.strip_suffix(mark))
            {
                text = inner.trim();
            }
        }
        text = text.trim_end_matches([':', '：']).trim();
        if text == before {
            return text;
        }
    }
}

/// A line that opens a scenario's situation: `상황`, `### 상황`, `**상황:**`.
pub(super) fn is_situation_marker(text: &str) -> bool {
    matches!(plain(text), "상황" | "시나리오" | "배경")
}

/// A line that opens a scenario's questions: `문제`, `### 문제`, `**문제**`, `질문`.
pub(super) fn is_questions_marker(text: &str) -> bool {
    matches!(plain(text), "문제" | "문제들" | "질문" | "질문들")
}

/// The round's date, from a line holding only a date (`2025-08-27`, `2025.8.27`,
/// `날짜: 2025-08-27`) that the calendar has.
pub(super) fn date(text: &str) -> Option<Date> {
    let text = text.replace("**", "");
    let text = plain(&text);
    let text = ["날짜", "일시", "일자"]
        .iter()
        .find_map(|label| text.strip_prefix(label))
        .map_or(text, |rest| rest.trim_start_matches([' ', ':', '：']));
    let parts: Vec<&str> = text.trim_end_matches('.').split(['-', '.', '/']).collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str, max: u32| {
        s.trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=max).contains(n))
    };
    let (year, month, day) = (number(year, 9999)?, number(month, 12)?, number(day, 31)?);
    let year = i32::try_from(year).ok().filter(|year| *year >= 1000)?;
    Date::from_ymd(year, month, day)
}

/// The author's name from `작성자 : 김호중` (or `출제자`, bold or not).
pub(super) fn author(text: &str) -> Option<String> {
    let text = text.replace("**", "");
    let rest = ["작성자", "출제자"]
        .iter()
        .find_map(|label| text.trim().strip_prefix(label))?;
    let name = rest.trim_start_matches([' ', ':', '：']).trim();
    let short = !name.is_empty() && name.chars().count() <= 30 && !name.contains('\n');
    short.then(|| name.to_string())
}

/// How a question paragraph opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Opening<'a> {
    /// 첫째, 둘째, …: prose, kept in the question text.
    Ordinal,
    /// `1.`, `1)`, `Q1.`, `문제 1:`, `**2.**`: numbering, dropped from the question text, which is
    /// the rest (empty when the number stands on its own line and the text follows).
    Number(&'a str),
    /// Numbered like a question, but with more than [`MAX_NUMBER_DIGITS`] digits (`1000.`): an
    /// error, never a paragraph folded into the question before it.
    TooLong(&'a str),
}

/// Most digits of a question number: a scenario holds at most 999 numbered questions.
pub(super) const MAX_NUMBER_DIGITS: usize = 3;

const ORDINALS: &[&str] = &[
    "첫째",
    "둘째",
    "셋째",
    "넷째",
    "다섯째",
    "여섯째",
    "일곱째",
    "여덟째",
    "아홉째",
    "열째",
];

/// Whether `text` opens with a question number or ordinal.
pub(super) fn opening(text: &str) -> Option<Opening<'_>> {
    let trimmed = text.trim_start();
    for ordinal in ORDINALS {
        if let Some(rest) = trimmed.strip_prefix(ordinal) {
            if rest.is_empty() || rest.starts_with([',', '.', ':', ')', ' ', '，']) {
                return Some(Opening::Ordinal);
            }
        }
    }
    let (digits, rest) = numbered(trimmed)?;
    if digits.len() <= MAX_NUMBER_DIGITS {
        Some(Opening::Number(rest))
    } else if rest.starts_with(|c: char| c.is_ascii_digit()) {
        // `2025. 8. 27.`: a date written the Korean way, prose.
        None
    } else {
        Some(Opening::TooLong(digits))
    }
}

/// `1.`, `1)`, `(1)`, `Q1.`, `문제 1`, `[문제 1]`, each optionally in `**`: the number's digits
/// and the text after it.
fn numbered(text: &str) -> Option<(&str, &str)> {
    let (bold, text) = match text.strip_prefix("**") {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let text = text.strip_prefix('[').unwrap_or(text);
    let (labelled, text) = ["문제", "Q", "q"]
        .iter()
        .find_map(|label| text.strip_prefix(label))
        .map_or((false, text), |rest| (true, rest.trim_start()));
    let text = text.strip_prefix('(').unwrap_or(text);
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    // Nine digits at most: anything longer is no question number, whatever follows.
    if digits == 0 || digits > 9 {
        return None;
    }
    let (number, after) = text.split_at(digits);
    let mut rest = after.trim_start_matches([')', ']']);
    let closed = rest.len() < after.len();
    if let Some(stripped) = rest.strip_prefix(['.', ':', '：']) {
        rest = stripped;
    } else if !closed && !labelled {
        // `10 배` or `2025-08-27` is prose, not a number opening a question.
        return None;
    }
    if bold {
        rest = rest.trim_start().strip_prefix("**")?;
    }
    if !rest.is_empty() && !rest.starts_with([' ', '\n']) {
        return None;
    }
    Some((number, rest.trim_start()))
}

/// How a line that has a title's shape ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ending {
    /// A phrase (`캐시 전략`, `결제 API의 SLO 정하기`): a title wherever it stands.
    Phrase,
    /// A verb's ending with no punctuation (`…을 설계한다`, `…을 설계하라`, `…할까`): the rounds
    /// write titles this way too, but so they write the last line of a situation or a question,
    /// so the parser takes it as a title only where the document's structure says so.
    Sentence,
}

/// Whether `text` has a title's shape (one short line, not a marker, number, date or author,
/// not ending in punctuation), and how it ends; `None` when it has not.
pub(super) fn title_shape(text: &str) -> Option<Ending> {
    let text = plain(text);
    if text.is_empty() || text.contains('\n') || text.chars().count() > 80 {
        return None;
    }
    if opening(text).is_some() || is_questions_marker(text) || is_situation_marker(text) {
        return None;
    }
    if text.starts_with('(') || date(text).is_some() || author(text).is_some() {
        // `(힌트: …)` is a note on the question before it.
        return None;
    }
    match text.chars().last().unwrap_or(' ') {
        '.' | '?' | '!' | '。' | '…' | ';' | ',' | '"' | '\'' => None,
        '다' | '요' | '오' | '죠' | '까' | '라' | '네' => Some(Ending::Sentence),
        _ => Some(Ending::Phrase),
    }
}

/// Whether the whole of `text` is in bold (`**…**`): the author marking a line as a heading.
pub(super) fn is_bold_line(text: &str) -> bool {
    let text = text.trim();
    text.len() > 4 && text.starts_with("**") && text.ends_with("**") && !text.contains('\n')
}

/// How many following paragraphs a question announces as its parts: `다음 세 가지 측면에서`
/// → 3. Zero when it announces none.
pub(super) fn announced_parts(text: &str) -> usize {
    text.match_indices("다음")
        .chain(text.match_indices("아래"))
        .find_map(|(at, _)| count_before_kinds(&text[at..]))
        .unwrap_or(0)
}

/// `다음 세 가지…` → 3: the count right before `가지`, which must follow 다음/아래 closely (or it
/// is some other list).
fn count_before_kinds(after: &str) -> Option<usize> {
    let kinds = after.find("가지")?;
    let before = after[..kinds].trim_end();
    if before.chars().count() > 12 {
        return None;
    }
    let word = before.rsplit(' ').next().unwrap_or("");
    let korean = [
        ("두", 2),
        ("세", 3),
        ("네", 4),
        ("다섯", 5),
        ("여섯", 6),
        ("일곱", 7),
        ("여덟", 8),
        ("아홉", 9),
        ("열", 10),
    ];
    korean
        .iter()
        .find(|(name, _)| *name == word)
        .map(|&(_, n)| n)
        .or_else(|| word.parse::<usize>().ok().filter(|n| (2..=10).contains(n)))
}

/// A paragraph that continues the previous one as a list item: `- `, `* `, `• `, `①`.
pub(super) fn is_list_item(text: &str) -> bool {
    let text = text.trim_start();
    text.starts_with(['-', '*', '•', '·', '▪', '◦'])
        && text.chars().nth(1).is_some_and(char::is_whitespace)
        || text.starts_with(|c: char| ('\u{2460}'..='\u{2473}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_ignore_bold_hashes_are_already_gone_and_colons() {
        assert!(is_situation_marker("**상황**"));
        assert!(is_situation_marker("상황:"));
        assert!(is_questions_marker("문제"));
        assert!(is_questions_marker("**문제:**"));
        assert!(!is_questions_marker("문제 1"));
    }

    #[test]
    fn dates_and_authors() {
        let day = |date: Option<Date>| date.map(|date| date.to_string());
        assert_eq!(day(date("2025-08-27")).as_deref(), Some("2025-08-27"));
        assert_eq!(day(date("날짜: 2025.8.7")).as_deref(), Some("2025-08-07"));
        assert_eq!(date("2025-13-01"), None);
        assert_eq!(date("2025.2.30"), None, "not a day of the calendar");
        assert_eq!(day(date("2024.2.29")).as_deref(), Some("2024-02-29"));
        assert_eq!(date("5 회차"), None);
        assert_eq!(author("작성자 : 김호중").as_deref(), Some("김호중"));
        assert_eq!(author("**작성자:** 이지은").as_deref(), Some("이지은"));
        assert_eq!(author("작성자"), None);
    }

    #[test]
    fn question_openings() {
        assert_eq!(opening("첫째, 이 문제의"), Some(Opening::Ordinal));
        assert_eq!(
            opening("1. 설명하시오."),
            Some(Opening::Number("설명하시오."))
        );
        assert_eq!(
            opening("2) 설명하시오."),
            Some(Opening::Number("설명하시오."))
        );
        assert_eq!(
            opening("(3) 설명하시오."),
            Some(Opening::Number("설명하시오."))
        );
        assert_eq!(opening("문제 1"), Some(Opening::Number("")));
        assert_eq!(opening("문제 2: 설명"), Some(Opening::Number("설명")));
        assert_eq!(opening("[문제 3] 설명"), Some(Opening::Number("설명")));
        assert_eq!(opening("**4.** 설명"), Some(Opening::Number("설명")));
        assert_eq!(opening("Q5. 설명"), Some(Opening::Number("설명")));
        assert_eq!(
            opening("120. 설명하시오."),
            Some(Opening::Number("설명하시오."))
        );
        assert_eq!(opening("문제 999"), Some(Opening::Number("")));
        assert_eq!(opening("1000. 설명하시오."), Some(Opening::TooLong("1000")));
        assert_eq!(opening("2025. 8. 27. 장애가 났다"), None);
        assert_eq!(opening("10 배 이상"), None);
        assert_eq!(opening("2025-08-27"), None);
        assert_eq!(opening("3-Tier 아키텍처: 웹"), None);
        assert_eq!(opening("첫째날에는"), None);
    }

    fn is_title_like(text: &str) -> bool {
        title_shape(text) == Some(Ending::Phrase)
    }

    #[test]
    fn titles_are_short_lines_that_are_not_sentences() {
        assert!(is_title_like("TCP/UDP 헤더 구조 기반 논리적 사고 문제"));
        assert!(is_title_like(
            "백엔드 - 논리적사고문제: 컨테이너 오케스트레이션 도입"
        ));
        assert!(is_title_like("**캐시 전략**"));
        assert!(!is_title_like(
            "콘텐츠 캐싱: 자주 보는 영상 콘텐츠를 엣지에 캐싱하는 것의 효과."
        ));
        assert!(!is_title_like("어떻게 개선하는가?"));
        assert!(!is_title_like("문제"));
        assert!(!is_title_like("1. 캐시 전략"));
        assert!(!is_title_like("한 줄\n두 줄"));
    }

    #[test]
    fn titles_ending_like_a_sentence_are_told_apart_from_phrases() {
        assert_eq!(title_shape("캐시 전략"), Some(Ending::Phrase));
        assert_eq!(title_shape("결제 API의 SLO 정하기"), Some(Ending::Phrase));
        for sentence in [
            "주문 시스템의 장애 대응을 설계한다",
            "**결제 서비스의 재시도를 설계한다**",
            "읽기 복제본으로 부하를 나눠 보라",
            "캐시를 어디에 둘까",
            "트래픽 급증에 대비해요",
        ] {
            assert_eq!(title_shape(sentence), Some(Ending::Sentence), "{sentence}");
        }
        assert_eq!(title_shape("장애를 설계했다."), None);
        assert!(is_bold_line("**결제 서비스의 재시도를 설계한다**"));
        assert!(!is_bold_line("결제 서비스의 **재시도**"));
    }

    #[test]
    fn announced_parts_counts_korean_and_digits() {
        assert_eq!(announced_parts("다음 세 가지 측면에서 설명하시오."), 3);
        assert_eq!(announced_parts("아래 2가지를 설명하시오."), 2);
        assert_eq!(
            announced_parts("3 가지 관점(탄력성, 가용성, 배포 안정성)에서 설명하시오."),
            0
        );
        assert_eq!(
            announced_parts("다음과 같은 문제들이 발생했습니다. 네 가지"),
            0
        );
    }

    #[test]
    fn list_items() {
        assert!(is_list_item("- 항목"));
        assert!(is_list_item("① 항목"));
        assert!(!is_list_item("-1도"));
        assert!(!is_list_item("**굵게**"));
    }
}
