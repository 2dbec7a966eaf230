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
    /// Navigation toggle.
    pub menu: &'static str,
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
    menu: "목차",
    not_found: "페이지를 찾을 수 없습니다",
    not_found_text: "주소가 바뀌었거나 삭제된 페이지입니다. 처음 화면이나 검색에서 찾아보세요.",
    session: "회차",
    questions: "문제",
    edit_page: "이 페이지 고치기",
    updated: "마지막 수정",
    glossary: "용어집",
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
    review_local: "표시(이해함 · 복습 필요)는 이 브라우저에만 저장됩니다. 서버나 계정은 없습니다. 다른 기기나 브라우저에서 이어 하려면 아래에서 파일로 내보낸 뒤 그곳에서 가져오세요.",
    review_needs_js: "복습 목록은 이 브라우저에 저장된 표시로 만들기 때문에 JavaScript가 필요합니다. JavaScript 없이도 모든 문제와 답안은 읽을 수 있습니다.",
    review_due: "오늘 복습할 문제",
    review_none_due: "오늘 복습할 문제가 없습니다.",
    review_nothing_marked: "아직 표시한 문제가 없습니다. 문제 페이지에서 ‘이해함’이나 ‘복습 필요’를 누르면 여기에 모입니다.",
    review_upcoming: "예정된 복습",
    review_none_upcoming: "예정된 복습이 없습니다. ‘이해함’으로 표시한 문제가 다음 복습 날짜와 함께 여기에 나옵니다.",
    review_next: "다음 복습",
    review_box: "상자",
    review_by_topic: "주제별 현황",
    review_total: "전체",
    review_backup: "내보내기와 가져오기",
    review_export: "표시 내보내기 (JSON 파일)",
    review_import: "표시 가져오기",
    review_imported: "표시 {n}개를 가져왔습니다.",
    review_import_failed: "가져오지 못했습니다. 이 사이트에서 내보낸 JSON 파일인지 확인하세요.",
    review_import_note: "가져오면 이 브라우저의 표시를 파일의 것으로 바꿉니다.",
    enlarge_diagram: "크게 보기",
    scroll_sideways: "← 옆으로 밀어서 보기 →",
    table: "표",
    footnotes: "각주",
    footnote_back: "본문으로 돌아가기",
    breadcrumbs: "현재 위치",
    progress: "학습 표시",
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
    menu: "Contents",
    not_found: "Page not found",
    not_found_text: "The page moved or was deleted. Try the home page or search.",
    session: "Session",
    questions: "Questions",
    edit_page: "Edit this page",
    updated: "Last updated",
    glossary: "Glossary",
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
    review_local: "Marks (understood · review) live in this browser only; there is no server or account. To continue on another device or browser, export them to a file below and import it there.",
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
    review_import_note: "Importing replaces this browser's marks with the file's.",
    enlarge_diagram: "Enlarge",
    scroll_sideways: "← scroll sideways →",
    table: "Table",
    footnotes: "Footnotes",
    footnote_back: "Back to the text",
    breadcrumbs: "Breadcrumbs",
    progress: "Progress",
};

/// The strings for a language tag; anything not English gets Korean.
pub fn for_language(language: &str) -> &'static Strings {
    if language.to_ascii_lowercase().starts_with("en") {
        &EN
    } else {
        &KO
    }
}
