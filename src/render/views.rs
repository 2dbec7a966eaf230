//! The typed views templates see. Templates never reach into the model; everything they show is
//! here, with URLs relative to the site root (templates prefix them with `root`).
//!
//! Each page kind has its own view, rendered by its own template, so a template gets exactly the
//! fields its kind has and picks what to show by which template it is, not by testing a kind
//! string. Every page view flattens a [`PageCommon`] (what `base.html` reads), so the variable
//! names (`page.title`, `page.children`, …) are the same in every template that has the field.

use serde::Serialize;

use crate::date::Date;
use crate::i18n::Strings;

/// A titled link.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Text.
    pub title: String,
    /// URL relative to the site root.
    pub url: String,
    /// The page's answer is not written yet: the link says 답안 준비 중.
    pub pending: bool,
}

/// One entry of the sidebar tree.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    /// Text.
    pub title: String,
    /// URL relative to the site root.
    pub url: String,
    /// Question number, for question pages.
    pub question: Option<u32>,
    /// Whether this entry is the page being rendered (`aria-current`).
    pub current: bool,
    /// Its answer is not written yet: the entry says 답안 준비 중.
    pub pending: bool,
    /// Sub-entries (shown for the current topic only).
    pub children: Vec<NavItem>,
}

/// A study round.
#[derive(Debug, Clone, Serialize)]
pub struct SessionView {
    /// Id, e.g. `2025-08-27`.
    pub id: crate::session::SessionId,
    /// Title.
    pub title: String,
    /// The day the round met, when `book.toml` says (`null` in templates otherwise).
    pub date: Option<Date>,
    /// Author.
    pub author: String,
    /// URL of the session page.
    pub url: String,
}

/// What every page shares: the book and its navigation.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Book title.
    pub title: String,
    /// Book description.
    pub description: String,
    /// Language tag.
    pub lang: String,
    /// UI strings.
    pub strings: &'static Strings,
    /// Absolute base URL, when known.
    pub base_url: Option<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Every topic, then the first pages outside every topic (the 404 page lists them; the
    /// home page lists the topics from its children).
    pub nav: Vec<NavItem>,
    /// The sidebar's topic list on most pages: the first [`NAV_WINDOW`](super::sidebar) topics,
    /// then the first pages outside every topic. A page in a later topic has its own window
    /// (`page.nav_window`), so that every page's size stays independent of the number of topics
    /// (1,000 topics listed on each of 1,000 pages wrote 311 MB).
    pub nav_head: Vec<NavItem>,
    /// Whether the sidebar leaves topics out (then it links to the home page's full list).
    pub nav_clipped: bool,
    /// The study rounds.
    pub sessions: Vec<SessionView>,
    /// Whether there is a glossary page.
    pub has_glossary: bool,
    /// Cache-busting suffix for the stylesheet and script.
    pub asset_version: String,
    /// `[study]`: the review schedule's desired retention, the interview timer.
    pub study: crate::config::Study,
}

/// A child listed on a section page.
#[derive(Debug, Clone, Serialize)]
pub struct ChildView {
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// Description or 핵심 요약.
    pub summary: Option<String>,
    /// Question number.
    pub question: Option<u32>,
    /// Its answer is not written yet (`answer = "pending"`).
    pub pending: bool,
    /// Whether it is a section.
    pub is_section: bool,
    /// Its own children (one more level, for the home page and topics).
    pub children: Vec<ChildView>,
    /// Session id, for the progress counters.
    pub session: Option<crate::session::SessionId>,
    /// The key of the reader's progress: front matter `id`, else the URL.
    pub progress_key: String,
}

impl ChildView {
    /// An entry that stands for a group of pages rather than one page: a session, a scenario of
    /// a session, a tag. Listed like a section, with no children of its own yet.
    pub fn group(
        title: String,
        url: String,
        summary: Option<String>,
        session: Option<crate::session::SessionId>,
    ) -> Self {
        ChildView {
            title,
            summary,
            question: None,
            pending: false,
            is_section: true,
            children: Vec::new(),
            progress_key: url.clone(),
            url,
            session,
        }
    }
}

/// Which kind of page a view is for. Templates do not need it (each kind has its template); it
/// is written into `<body data-kind>` because `search.js` finds the search page by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The book's front page.
    Home,
    /// A section (topic or scenario).
    Section,
    /// A leaf page (an answer).
    Page,
    /// One study round.
    Session,
    /// The list of study rounds.
    Sessions,
    /// One tag's pages.
    Tag,
    /// The list of tags.
    Tags,
    /// The glossary.
    Glossary,
    /// The search page.
    Search,
    /// The not-found page.
    #[serde(rename = "404")]
    NotFound,
    /// A print edition, its index, or the question sheet.
    Print,
    /// The book's concept map.
    Map,
    /// The review page.
    Review,
    /// The mock interview (모의 면접).
    Interview,
}

/// What every page view has: `base.html` reads these and nothing else of `page`.
#[derive(Debug, Clone, Serialize)]
pub struct PageCommon {
    /// The page's kind (see [`Kind`]).
    pub kind: Kind,
    /// Title.
    pub title: String,
    /// Meta description.
    pub description: String,
    /// URL relative to the site root (`""` for home).
    pub url: String,
    /// The way back to the site root from this page (`../../`), or the base path for 404.
    pub root: String,
    /// Absolute canonical URL, when the base URL is known.
    pub canonical: Option<String>,
    /// URL of the topic this page is in (for expanding the sidebar); content pages only.
    pub topic_url: Option<String>,
    /// The sidebar entries below the current topic (bounded in size), as HTML (see
    /// `render::sidebar`); empty for a page outside any topic.
    pub topic_nav: String,
    /// The sidebar's topic list around this page's topic, when that topic is past
    /// `site.nav_head`; empty otherwise (and `base.html` shows `site.nav_head`).
    pub nav_window: Vec<NavItem>,
}

impl PageCommon {
    /// A generated page's common part: no description, no place in the sidebar.
    pub fn generated(kind: Kind, title: String, url: String) -> PageCommon {
        PageCommon {
            kind,
            title,
            description: String::new(),
            root: crate::links::root_prefix(&url),
            url,
            canonical: None,
            topic_url: None,
            topic_nav: String::new(),
            nav_window: Vec::new(),
        }
    }
}

/// What a content page has besides [`PageCommon`], whatever its kind.
#[derive(Debug, Clone, Serialize)]
pub struct ContentCommon {
    /// The common part.
    #[serde(flatten)]
    pub common: PageCommon,
    /// Rendered body.
    pub content: String,
    /// Headings of level 2 and 3.
    pub toc: Vec<TocEntry>,
    /// Ancestors, home first.
    pub breadcrumbs: Vec<LinkView>,
    /// The page's study round.
    pub session: Option<SessionView>,
    /// Children, for sections.
    pub children: Vec<ChildView>,
    /// Previous page in the topic.
    pub prev: Option<LinkView>,
    /// Next page in the topic.
    pub next: Option<LinkView>,
    /// Pages linking here.
    pub backlinks: Vec<LinkView>,
    /// "Edit this page" link.
    pub edit_url: Option<String>,
    /// The page's path relative to `content/` (progress marks key on it).
    pub source_path: String,
}

/// A leaf page, an answer (`page.html`).
#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    /// What every content page has.
    #[serde(flatten)]
    pub content: ContentCommon,
    /// Question number.
    pub question: Option<u32>,
    /// Its answer is not written yet (`answer = "pending"`): the page says 답안 준비 중.
    pub pending: bool,
    /// Tags with their pages' URLs.
    pub tags: Vec<LinkView>,
    /// Pages sharing tags or links.
    pub related: Vec<LinkView>,
    /// The day of the last change, when known.
    pub updated: Option<Date>,
    /// Who wrote the page (front matter `authors`, else git), most recent first.
    pub authors: Vec<String>,
    /// The day of the last editorial review (front matter `reviewed`).
    pub reviewed: Option<Date>,
    /// "먼저 읽기": the pages this one `requires`, shown before the answer.
    pub requires: Vec<LinkView>,
    /// The key of the reader's progress: front matter `id`, else the URL (`study.js`).
    pub progress_key: String,
}

/// A section below a topic, or a section outside any topic (`section.html`).
#[derive(Debug, Clone, Serialize)]
pub struct SectionView {
    /// What every content page has.
    #[serde(flatten)]
    pub content: ContentCommon,
}

/// A topic: a top-level section, with its reading order and concept map (`topic.html`).
#[derive(Debug, Clone, Serialize)]
pub struct TopicView {
    /// What every content page has.
    #[serde(flatten)]
    pub content: ContentCommon,
    /// Reading order of the topic's pages.
    pub reading_order: Vec<LinkView>,
    /// The topic's concept map: its SVG and list.
    pub concept_map: Option<String>,
}

/// The book's front page (`home.html`); `children` holds two levels below each topic.
#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    /// What every content page has.
    #[serde(flatten)]
    pub content: ContentCommon,
}

/// A generated list of pages (`sessions.html`, `tags.html`, `tag.html`, `print-editions.html`).
#[derive(Debug, Clone, Serialize)]
pub struct ListView {
    /// The common part.
    #[serde(flatten)]
    pub common: PageCommon,
    /// The entries.
    pub children: Vec<ChildView>,
}

/// One study round's page (`session.html`): its questions grouped by scenario.
#[derive(Debug, Clone, Serialize)]
pub struct SessionPageView {
    /// The common part.
    #[serde(flatten)]
    pub common: PageCommon,
    /// One entry per scenario, the round's questions as its children.
    pub children: Vec<ChildView>,
    /// The round.
    pub session: SessionView,
}

/// The book's concept map (`map.html`).
#[derive(Debug, Clone, Serialize)]
pub struct MapView {
    /// The common part.
    #[serde(flatten)]
    pub common: PageCommon,
    /// The map: its SVG and list (none for a book without questions).
    pub concept_map: Option<String>,
}

/// The review page (`review.html`).
#[derive(Debug, Clone, Serialize)]
pub struct ReviewView {
    /// The common part.
    #[serde(flatten)]
    pub common: PageCommon,
    /// The questions and strings `review.js` reads, as JSON that is safe inside `<script>`.
    pub content: String,
    /// The topics and their question counts, written as the table's rows so that the page does
    /// not shift when the script fills in the reader's numbers (empty on the interview page).
    pub topics: Vec<TopicCount>,
}

/// One row of the review page's table.
#[derive(Debug, Clone, Serialize)]
pub struct TopicCount {
    /// The topic's title (`""` outside every topic).
    pub title: String,
    /// Its URL relative to the site root.
    pub url: String,
    /// How many questions it has.
    pub total: usize,
}

/// The glossary page (`glossary.html`).
#[derive(Debug, Clone, Serialize)]
pub struct GlossaryView {
    /// The common part.
    #[serde(flatten)]
    pub common: PageCommon,
    /// Every term, by Korean name.
    pub terms: Vec<TermView>,
    /// The terms with an English name, by English name.
    pub english: Vec<TermIndexEntry>,
    /// The index by first letter: ㄱ–ㅎ into the terms, then A–Z into the English index.
    pub letters: Vec<LetterView>,
}

/// One letter of the glossary's index and the entry it leads to.
#[derive(Debug, Clone, Serialize)]
pub struct LetterView {
    /// The letter shown: a Hangul initial consonant (ㄲ is filed under ㄱ) or an upper-case
    /// Latin letter.
    pub letter: String,
    /// The anchor of the first entry under it.
    pub target: String,
}

/// One glossary entry.
#[derive(Debug, Clone, Serialize)]
pub struct TermView {
    /// Anchor.
    pub id: String,
    /// Korean name.
    pub ko: String,
    /// English name (may be empty).
    pub en: String,
    /// One-line definition.
    pub definition: String,
    /// The answer that explains the term.
    pub answer: Option<LinkView>,
    /// The pages that use the term.
    pub users: Vec<LinkView>,
}

/// An entry of the glossary's English index.
#[derive(Debug, Clone, Serialize)]
pub struct TermIndexEntry {
    /// Anchor of the entry.
    pub id: String,
    /// English name.
    pub en: String,
    /// Korean name.
    pub ko: String,
    /// The anchor of the first entry under its letter (`en-a`), on that entry only.
    pub anchor: Option<String>,
}

/// A print edition's frame (`print.html`); its articles come from `print-article.html`.
#[derive(Debug, Clone, Serialize)]
pub struct PrintView {
    /// The common part.
    #[serde(flatten)]
    pub common: PageCommon,
    /// One entry per article, in print order.
    pub toc: Vec<PrintEntry>,
    /// The articles (`print-article.html` renders), as HTML.
    pub content: String,
}

/// A print edition's contents entry: the article's number in the book's tree, as a printed
/// study book numbers it (a topic `1`, its sections `1.1`, a question by its own `Q1`).
#[derive(Debug, Clone, Serialize)]
pub struct PrintEntry {
    /// Depth below the topic: 0 for a topic (or a page outside every topic), 1 for its sections…
    pub depth: u8,
    /// Anchor.
    pub id: String,
    /// The number printed before the title: `1`, `1.2`, `Q3`.
    pub number: String,
    /// Title.
    pub text: String,
}

/// One page of a print edition (`print-article.html`, as `article`).
#[derive(Debug, Clone, Serialize)]
pub struct PrintArticleView {
    /// The article's id, which prefixes every id inside it.
    pub anchor: String,
    /// Heading level: 2 for sections, 3 for answers.
    pub level: u8,
    /// Title.
    pub title: String,
    /// Whether it is an answer (a leaf page).
    pub is_question: bool,
    /// Depth below the topic (0: a topic, which starts a printed page).
    pub depth: u8,
    /// The number printed before the title, as in the contents.
    pub number: String,
    /// The page's body, links pointing at the online pages.
    pub body: String,
}

/// The question sheet (`questions.html`): every question without its answer.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionSheetView {
    /// The common part.
    #[serde(flatten)]
    pub common: PageCommon,
    /// The questions in topic order.
    pub questions: Vec<SheetEntry>,
}

/// One question of the sheet.
#[derive(Debug, Clone, Serialize)]
pub struct SheetEntry {
    /// The topic's title.
    pub topic: String,
    /// The answer page's title.
    pub title: String,
    /// The question.
    pub question: String,
}

/// `sitemap.xml` (as `sitemap`).
#[derive(Debug, Clone, Serialize)]
pub struct SitemapView {
    /// Every content page.
    pub urls: Vec<SitemapUrl>,
}

/// One `<url>` of the sitemap.
#[derive(Debug, Clone, Serialize)]
pub struct SitemapUrl {
    /// Absolute, percent-encoded URL.
    pub loc: String,
    /// The day of the last change, when known (no `<lastmod>` otherwise).
    pub lastmod: Option<Date>,
}

/// `atom.xml` (as `feed`): the answers, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct FeedView {
    /// Language tag.
    pub lang: String,
    /// Book title.
    pub title: String,
    /// Absolute URL of the site.
    pub url: String,
    /// Absolute URL of the feed.
    pub self_url: String,
    /// The newest entry's day.
    pub updated: Date,
    /// Authors, comma-separated.
    pub authors: String,
    /// At most 50 entries.
    pub entries: Vec<FeedEntry>,
}

/// One entry of the feed.
#[derive(Debug, Clone, Serialize)]
pub struct FeedEntry {
    /// Title.
    pub title: String,
    /// Absolute, percent-encoded URL (also the entry's id).
    pub url: String,
    /// The day of the last change (Atom requires one; see `feeds::atom_updated`).
    pub updated: Date,
    /// 핵심 요약.
    pub summary: String,
}

/// `robots.txt` (as `robots`).
#[derive(Debug, Clone, Serialize)]
pub struct RobotsView {
    /// Absolute URL of the sitemap.
    pub sitemap_url: String,
}

/// A table-of-contents entry.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// Anchor.
    pub id: String,
    /// Text.
    pub text: String,
    /// In the model answer: hidden from the contents in 시험 모드 as the answer is.
    pub in_answer: bool,
}
