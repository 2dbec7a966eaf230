//! UI strings in the book's language: Korean first, English second.

/// Every string the generator itself puts on a page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Strings {
    /// `lang` attribute value.
    pub lang: &'static str,
    /// Label above a question.
    pub question: &'static str,
    /// Summary of an open answer.
    pub hide_answer: &'static str,
    /// Summary of a closed answer.
    pub show_answer: &'static str,
    /// Callout titles.
    pub note: &'static str,
    /// Callout title for tips.
    pub tip: &'static str,
    /// Callout title for important notes.
    pub important: &'static str,
    /// Callout title for warnings.
    pub warning: &'static str,
    /// Callout title for cautions.
    pub caution: &'static str,
    /// Headings and labels used by the templates.
    pub on_this_page: &'static str,
    /// Backlinks heading.
    pub backlinks: &'static str,
    /// Related pages heading.
    pub related: &'static str,
    /// Previous page.
    pub prev: &'static str,
    /// Next page.
    pub next: &'static str,
    /// Home link.
    pub home: &'static str,
    /// Topics heading.
    pub topics: &'static str,
    /// Sessions heading.
    pub sessions: &'static str,
    /// Tags heading.
    pub tags: &'static str,
    /// Search placeholder.
    pub search_placeholder: &'static str,
    /// Search without JavaScript.
    pub search_needs_js: &'static str,
    /// No search results.
    pub search_no_results: &'static str,
    /// Link from the results box to the search page.
    pub search_see_all: &'static str,
    /// Number of results; `{n}` is replaced.
    pub search_count: &'static str,
    /// Topic filter, unset.
    pub search_all_topics: &'static str,
    /// Session filter, unset.
    pub search_all_sessions: &'static str,
    /// Button that shows more results.
    pub search_more: &'static str,
    /// The index could not be loaded.
    pub search_failed: &'static str,
    /// Skip link.
    pub skip_to_content: &'static str,
    /// Theme toggle.
    pub toggle_theme: &'static str,
    /// What the theme toggle's states are called: "화면 테마: 시스템 설정 따름".
    pub theme: &'static str,
    /// The theme that follows the system's setting.
    pub theme_system: &'static str,
    /// The light theme, chosen by the reader.
    pub theme_light: &'static str,
    /// The dark theme, chosen by the reader.
    pub theme_dark: &'static str,
    /// Navigation toggle.
    pub menu: &'static str,
    /// The link at the end of every page (and, with JavaScript, in the corner) back to the top.
    pub back_to_top: &'static str,
    /// 404 title.
    pub not_found: &'static str,
    /// 404 text.
    pub not_found_text: &'static str,
    /// "Session" label.
    pub session: &'static str,
    /// "Questions" label.
    pub questions: &'static str,
    /// Edit link.
    pub edit_page: &'static str,
    /// Last updated label.
    pub updated: &'static str,
    /// Glossary title.
    pub glossary: &'static str,
    /// The glossary's index by first letter (ㄱ–ㅎ, A–Z).
    pub glossary_index: &'static str,
    /// Exam mode toggle.
    pub exam_mode: &'static str,
    /// A question page whose answer is not written yet (`answer = "pending"`).
    pub answer_pending: &'static str,
    /// Progress marks.
    pub understood: &'static str,
    /// Progress marks.
    pub review: &'static str,
    /// Reading order heading.
    pub reading_order: &'static str,
    /// Print page title.
    pub print: &'static str,
    /// Concept map heading.
    pub concept_map: &'static str,
    /// The concept map's group for pages that sit outside every topic (directly in `content/`).
    pub outside_topics: &'static str,
    /// The sidebar's link to the home page's list of every topic, when it shows only some.
    pub all_topics: &'static str,
    /// Questions-only sheet title.
    pub question_sheet: &'static str,
    /// Who wrote the page, beside the last-updated date.
    pub authors: &'static str,
    /// Date of the last editorial review.
    pub reviewed: &'static str,
    /// The pages a question requires, listed before the answer.
    pub read_first: &'static str,
    /// The review page's title.
    pub review_title: &'static str,
    /// Link to the review page.
    pub review_link: &'static str,
    /// Where the marks live.
    pub review_local: &'static str,
    /// The review page without JavaScript.
    pub review_needs_js: &'static str,
    /// Heading of today's list.
    pub review_due: &'static str,
    /// Nothing is due.
    pub review_none_due: &'static str,
    /// No marks yet.
    pub review_nothing_marked: &'static str,
    /// Heading of the scheduled list.
    pub review_upcoming: &'static str,
    /// Nothing is scheduled.
    pub review_none_upcoming: &'static str,
    /// Label of a question's next review date.
    pub review_next: &'static str,
    /// Label of a question's Leitner box.
    pub review_box: &'static str,
    /// Heading of the per-topic counts.
    pub review_by_topic: &'static str,
    /// Column: questions in the topic.
    pub review_total: &'static str,
    /// Heading of export and import.
    pub review_backup: &'static str,
    /// Export button.
    pub review_export: &'static str,
    /// Import control.
    pub review_import: &'static str,
    /// After an import; `{n}` is replaced.
    pub review_imported: &'static str,
    /// A file that is not an export.
    pub review_import_failed: &'static str,
    /// What an import does.
    pub review_import_note: &'static str,
    /// Link under a diagram to its standalone SVG (full screen, zoomable).
    pub enlarge_diagram: &'static str,
    /// Cue under a figure or table wider than the screen.
    pub scroll_sideways: &'static str,
    /// Accessible name of a table's scroll region; a number follows.
    pub table: &'static str,
    /// Heading of the gathered footnotes.
    pub footnotes: &'static str,
    /// Accessible name of a footnote's way back to where it is cited.
    pub footnote_back: &'static str,
    /// Accessible name of the breadcrumbs.
    pub breadcrumbs: &'static str,
    /// Accessible name of the progress mark buttons.
    pub progress: &'static str,
    /// The question after the answer: how well the reader recalled it.
    pub grade_prompt: &'static str,
    /// Rating 1: not recalled.
    pub grade_again: &'static str,
    /// Rating 2: recalled with effort.
    pub grade_hard: &'static str,
    /// Rating 3: recalled.
    pub grade_good: &'static str,
    /// Rating 4: recalled at once.
    pub grade_easy: &'static str,
    /// The link to the next due question.
    pub next_question: &'static str,
    /// Next review: today.
    pub next_review_today: &'static str,
    /// The mock interview page's title.
    pub interview_title: &'static str,
    /// What the mock interview is.
    pub interview_lead: &'static str,
    /// Without JavaScript.
    pub interview_needs_js: &'static str,
    /// Which questions to draw.
    pub interview_from: &'static str,
    /// Draw the due questions.
    pub interview_due: &'static str,
    /// Draw questions not yet studied.
    pub interview_new: &'static str,
    /// Draw a topic's questions.
    pub interview_topic: &'static str,
    /// Draw a round's questions.
    pub interview_session: &'static str,
    /// How many questions.
    pub interview_count: &'static str,
    /// Start.
    pub interview_start: &'static str,
    /// Minutes, after the number.
    pub interview_minutes: &'static str,
    /// The timer ran out.
    pub interview_time_up: &'static str,
    /// Notes while answering.
    pub interview_notes: &'static str,
    /// Show the model answer's key points.
    pub interview_reveal: &'static str,
    /// The checklist's heading.
    pub interview_points: &'static str,
    /// Before the proposed grade.
    pub interview_proposed: &'static str,
    /// Link to the whole answer.
    pub interview_full_answer: &'static str,
    /// Nothing to draw.
    pub interview_empty: &'static str,
    /// The end.
    pub interview_done: &'static str,
    /// Start over.
    pub interview_again: &'static str,
    /// The next seven days.
    pub review_week: &'static str,
    /// Nothing in the next seven days.
    pub review_none_week: &'static str,
    /// Predicted recall now (FSRS retrievability).
    pub review_retention: &'static str,
    /// Questions with a review.
    pub review_studied: &'static str,
    /// The questions graded Again most often.
    pub review_most_again: &'static str,
    /// After a count.
    pub review_times: &'static str,
    /// The last grade.
    pub review_last_grade: &'static str,
    /// Start a mock interview of the due questions.
    pub review_start_interview: &'static str,
    /// The progress link's section.
    pub review_sync: &'static str,
    /// Make the progress link.
    pub review_sync_make: &'static str,
    /// Where the link's data goes.
    pub review_sync_note: &'static str,
    /// The link was copied.
    pub review_sync_copied: &'static str,
    /// A link was merged; {n} is a count.
    pub review_sync_merged: &'static str,
    /// A broken link.
    pub review_sync_failed: &'static str,
}

/// Korean UI strings.
pub const KO: Strings = Strings {
    lang: "ko",
    question: "문제",
    hide_answer: "모범 답안 접기",
    show_answer: "모범 답안 보기",
    note: "참고",
    tip: "팁",
    important: "중요",
    warning: "주의",
    caution: "경고",
    on_this_page: "이 페이지에서",
    backlinks: "이 글을 참조하는 글",
    related: "관련 글",
    prev: "이전",
    next: "다음",
    home: "처음",
    topics: "주제",
    sessions: "회차",
    tags: "태그",
    search_placeholder: "검색",
    search_needs_js: "검색에는 JavaScript가 필요합니다",
    search_no_results: "검색 결과가 없습니다",
    search_see_all: "검색 결과 전체 보기",
    search_count: "검색 결과 {n}개",
    search_all_topics: "모든 주제",
    search_all_sessions: "모든 회차",
    search_more: "더 보기",
    search_failed: "검색 색인을 불러오지 못했습니다",
    skip_to_content: "본문으로 건너뛰기",
    toggle_theme: "다크 모드 전환",
    theme: "화면 테마",
    theme_system: "시스템 설정 따름",
    theme_light: "밝게",
    theme_dark: "어둡게",
    menu: "목차",
    back_to_top: "맨 위로",
    not_found: "페이지를 찾을 수 없습니다",
    not_found_text: "주소가 바뀌었거나 삭제된 페이지입니다. 처음 화면이나 검색에서 찾아보세요.",
    session: "회차",
    questions: "문제",
    edit_page: "이 페이지 고치기",
    updated: "마지막 수정",
    glossary: "용어집",
    glossary_index: "첫 글자로 찾기",
    exam_mode: "시험 모드",
    answer_pending: "답안 준비 중",
    understood: "이해함",
    review: "복습 필요",
    reading_order: "읽는 순서",
    print: "인쇄용 전체 보기",
    concept_map: "개념 지도",
    outside_topics: "기타",
    all_topics: "모든 주제 보기",
    question_sheet: "모의 면접 문제지",
    authors: "작성",
    reviewed: "검토",
    read_first: "먼저 읽기",
    review_title: "오늘의 복습",
    review_link: "복습",
    review_local: "복습 기록은 이 브라우저에만 저장됩니다. 서버나 계정은 없습니다. 다른 기기에서 이어 하려면 아래의 진도 링크나 파일 내보내기를 쓰세요.",
    review_needs_js: "복습 목록은 이 브라우저에 저장된 표시로 만들기 때문에 JavaScript가 필요합니다. JavaScript 없이도 모든 문제와 답안은 읽을 수 있습니다.",
    review_due: "오늘 복습할 문제",
    review_none_due: "오늘 복습할 문제가 없습니다.",
    review_nothing_marked: "아직 평가한 문제가 없습니다. 문제 페이지에서 답안을 읽은 뒤 ‘다시 · 어려움 · 알맞음 · 쉬움’ 중 하나를 누르면 여기에 모입니다.",
    review_upcoming: "예정된 복습",
    review_none_upcoming: "예정된 복습이 없습니다. 평가한 문제가 다음 복습 날짜와 함께 여기에 나옵니다.",
    review_next: "다음 복습",
    review_box: "상자",
    review_by_topic: "주제별 현황",
    review_total: "전체",
    review_backup: "내보내기와 가져오기",
    review_export: "표시 내보내기 (JSON 파일)",
    review_import: "표시 가져오기",
    review_imported: "표시 {n}개를 가져왔습니다.",
    review_import_failed: "가져오지 못했습니다. 이 사이트에서 내보낸 JSON 파일인지 확인하세요.",
    review_import_note: "가져온 기록은 이 브라우저의 기록과 합쳐집니다 (같은 문제는 복습 기록을 모두 모아 다시 계산합니다).",
    enlarge_diagram: "크게 보기",
    scroll_sideways: "← 옆으로 밀어서 보기 →",
    table: "표",
    footnotes: "각주",
    footnote_back: "본문으로 돌아가기",
    breadcrumbs: "현재 위치",
    progress: "학습 표시",
    grade_prompt: "떠올린 만큼 평가하세요",
    grade_again: "다시",
    grade_hard: "어려움",
    grade_good: "알맞음",
    grade_easy: "쉬움",
    next_question: "다음 문제 →",
    next_review_today: "오늘",
    interview_title: "모의 면접",
    interview_lead: "문제를 보고 제한 시간 안에 소리 내어 답한 뒤, 모범 답안의 핵심을 몇 개나 말했는지 체크합니다. 체크한 만큼 평가가 제안되고, 바꿀 수 있습니다.",
    interview_needs_js: "모의 면접은 타이머와 이 브라우저의 복습 기록을 쓰므로 JavaScript가 필요합니다. 문제와 답안은 JavaScript 없이도 읽을 수 있습니다.",
    interview_from: "문제 고르기",
    interview_due: "복습할 문제",
    interview_new: "아직 안 푼 문제",
    interview_topic: "주제",
    interview_session: "회차",
    interview_count: "문제 수",
    interview_start: "시작",
    interview_minutes: "분",
    interview_time_up: "시간 종료",
    interview_notes: "메모 (선택)",
    interview_reveal: "답안 보기",
    interview_points: "말한 핵심에 체크하세요",
    interview_proposed: "제안 평가",
    interview_full_answer: "전체 답안 읽기",
    interview_empty: "조건에 맞는 문제가 없습니다.",
    interview_done: "모의 면접을 마쳤습니다.",
    interview_again: "다시 시작",
    review_week: "앞으로 7일",
    review_none_week: "앞으로 7일 동안 예정된 복습이 없습니다.",
    review_retention: "예상 기억률",
    review_studied: "학습함",
    review_most_again: "‘다시’가 많은 문제",
    review_times: "회",
    review_last_grade: "마지막 평가",
    review_start_interview: "복습할 문제로 모의 면접",
    review_sync: "다른 기기로 옮기기",
    review_sync_make: "진도 링크 만들기",
    review_sync_note: "링크의 # 뒤에 진도가 압축되어 담깁니다. # 뒤는 서버로 보내지지 않습니다. 다른 기기에서 열면 그 기기의 진도와 합쳐집니다.",
    review_sync_copied: "링크를 복사했습니다.",
    review_sync_merged: "링크의 진도를 합쳤습니다 (문제 {n}개).",
    review_sync_failed: "링크의 진도를 읽지 못했습니다.",
};

/// English UI strings.
pub const EN: Strings = Strings {
    lang: "en",
    question: "Question",
    hide_answer: "Hide answer",
    show_answer: "Show answer",
    note: "Note",
    tip: "Tip",
    important: "Important",
    warning: "Warning",
    caution: "Caution",
    on_this_page: "On this page",
    backlinks: "Linked from",
    related: "Related",
    prev: "Previous",
    next: "Next",
    home: "Home",
    topics: "Topics",
    sessions: "Sessions",
    tags: "Tags",
    search_placeholder: "Search",
    search_needs_js: "Search needs JavaScript",
    search_no_results: "No results",
    search_see_all: "See all results",
    search_count: "{n} results",
    search_all_topics: "All topics",
    search_all_sessions: "All sessions",
    search_more: "Show more",
    search_failed: "Could not load the search index",
    skip_to_content: "Skip to content",
    toggle_theme: "Toggle dark mode",
    theme: "Theme",
    theme_system: "as the system",
    theme_light: "light",
    theme_dark: "dark",
    menu: "Contents",
    back_to_top: "Back to top",
    not_found: "Page not found",
    not_found_text: "The page moved or was deleted. Try the home page or search.",
    session: "Session",
    questions: "Questions",
    edit_page: "Edit this page",
    updated: "Last updated",
    glossary: "Glossary",
    glossary_index: "Find by first letter",
    exam_mode: "Exam mode",
    answer_pending: "Answer in preparation",
    understood: "Understood",
    review: "Review",
    reading_order: "Reading order",
    print: "Print the whole book",
    concept_map: "Concept map",
    outside_topics: "Other",
    all_topics: "All topics",
    question_sheet: "Question sheet",
    authors: "Written by",
    reviewed: "Reviewed",
    read_first: "Read first",
    review_title: "Today's review",
    review_link: "Review",
    review_local: "Your reviews live in this browser only; there is no server or account. To continue on another device, use the progress link or the file export below.",
    review_needs_js: "The review list is made from the marks stored in this browser, so it needs JavaScript. Every question and answer reads fine without it.",
    review_due: "Due today",
    review_none_due: "Nothing is due today.",
    review_nothing_marked: "No marks yet. Mark questions as understood or to review on their pages and they gather here.",
    review_upcoming: "Coming up",
    review_none_upcoming: "Nothing scheduled. Questions marked understood appear here with their next review date.",
    review_next: "Next review",
    review_box: "Box",
    review_by_topic: "By topic",
    review_total: "Total",
    review_backup: "Export and import",
    review_export: "Export marks (JSON file)",
    review_import: "Import marks",
    review_imported: "Imported {n} marks.",
    review_import_failed: "Could not import: choose a JSON file exported from this site.",
    review_import_note: "An import merges with this browser's reviews (each question's reviews are pooled and its schedule recomputed).",
    enlarge_diagram: "Enlarge",
    scroll_sideways: "← scroll sideways →",
    table: "Table",
    footnotes: "Footnotes",
    footnote_back: "Back to the text",
    breadcrumbs: "Breadcrumbs",
    progress: "Progress",
    grade_prompt: "How well did you recall it?",
    grade_again: "Again",
    grade_hard: "Hard",
    grade_good: "Good",
    grade_easy: "Easy",
    next_question: "Next question →",
    next_review_today: "today",
    interview_title: "Mock interview",
    interview_lead: "Answer each question aloud within the time, then tick the key points of the model answer you covered. A grade is proposed from what you ticked; you can change it.",
    interview_needs_js: "The mock interview uses a timer and this browser's review history, so it needs JavaScript. Every question and answer reads fine without it.",
    interview_from: "Questions",
    interview_due: "Due questions",
    interview_new: "New questions",
    interview_topic: "Topic",
    interview_session: "Round",
    interview_count: "How many",
    interview_start: "Start",
    interview_minutes: "min",
    interview_time_up: "Time is up",
    interview_notes: "Notes (optional)",
    interview_reveal: "Show the answer",
    interview_points: "Tick the key points you covered",
    interview_proposed: "Proposed grade",
    interview_full_answer: "Read the whole answer",
    interview_empty: "No question matches.",
    interview_done: "The interview is over.",
    interview_again: "Start again",
    review_week: "The next 7 days",
    review_none_week: "Nothing is due in the next 7 days.",
    review_retention: "Predicted recall",
    review_studied: "Studied",
    review_most_again: "Most often Again",
    review_times: "×",
    review_last_grade: "Last grade",
    review_start_interview: "Mock interview of the due questions",
    review_sync: "Move to another device",
    review_sync_make: "Make a progress link",
    review_sync_note: "The progress is compressed after the # of the link, which is never sent to a server. Opening it on another device merges it with that device's progress.",
    review_sync_copied: "Link copied.",
    review_sync_merged: "Merged the progress from the link ({n} questions).",
    review_sync_failed: "Could not read the progress in the link.",
};

/// A language the UI has strings for: `[book] language`, settled once in `config`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    /// `ko`, the default.
    #[default]
    Korean,
    /// `en`.
    English,
}

impl Language {
    /// Every language, for `book.toml`'s check and its suggestions.
    pub const ALL: [Language; 2] = [Language::Korean, Language::English];

    /// The tag `book.toml` and `lang="…"` use.
    pub fn tag(self) -> &'static str {
        match self {
            Language::Korean => "ko",
            Language::English => "en",
        }
    }

    /// The language whose tag is exactly `tag`.
    pub fn from_tag(tag: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|language| language.tag() == tag)
    }

    /// The language of a locale or `--lang` value: its primary subtag (before `_`, `-`, `.` or
    /// `@`), in any case, is a tag (`en`, `EN`, `en_US.UTF-8`, `ko-KR`); `None` for anything
    /// else (`C.UTF-8`, `english`).
    pub fn from_locale(code: &str) -> Option<Language> {
        let code = code.trim();
        let primary = code.split(['_', '-', '.', '@']).next().unwrap_or(code);
        Language::from_tag(&primary.to_ascii_lowercase())
    }

    /// The UI strings.
    pub fn strings(self) -> &'static Strings {
        match self {
            Language::Korean => &KO,
            Language::English => &EN,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn a_locale_is_read_by_its_primary_subtag() {
        for (code, language) in [
            ("ko", Some(Language::Korean)),
            (" EN ", Some(Language::English)),
            ("en_US.UTF-8", Some(Language::English)),
            ("ko-KR", Some(Language::Korean)),
            ("ko_KR.UTF-8@hangul", Some(Language::Korean)),
            ("C.UTF-8", None),
            ("english", None),
            ("kor", None),
            ("", None),
        ] {
            assert_eq!(Language::from_locale(code), language, "{code:?}");
        }
    }
}
