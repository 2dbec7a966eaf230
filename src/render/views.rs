//! The typed views templates see. Templates never reach into the model; everything they show is
//! here, with URLs relative to the site root (templates prefix them with `root`).

use serde::Serialize;

use crate::i18n::Strings;

/// A titled link.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Text.
    pub title: String,
    /// URL relative to the site root.
    pub url: String,
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
    /// Sub-entries (shown for the current topic only).
    pub children: Vec<NavItem>,
}

/// A study round.
#[derive(Debug, Clone, Serialize)]
pub struct SessionView {
    /// Id, e.g. `2025-08-27`.
    pub id: String,
    /// Title.
    pub title: String,
    /// Date.
    pub date: String,
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
    /// Sidebar: the topics (what is below the current topic comes with each page).
    pub nav: Vec<NavItem>,
    /// The study rounds.
    pub sessions: Vec<SessionView>,
    /// Whether there is a glossary page.
    pub has_glossary: bool,
    /// Cache-busting suffix for the stylesheet and script.
    pub asset_version: String,
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
    pub session: Option<String>,
}

/// Everything about the page being rendered.
#[derive(Debug, Clone, Serialize, Default)]
pub struct PageView {
    /// `home`, `section`, `page`, `session`, `sessions`, `tag`, `tags`, `glossary`, `search`, `404`.
    pub kind: String,
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
    /// Rendered body.
    pub content: String,
    /// Headings of level 2 and 3.
    pub toc: Vec<TocEntry>,
    /// Ancestors, home first.
    pub breadcrumbs: Vec<LinkView>,
    /// Previous page in the topic.
    pub prev: Option<LinkView>,
    /// Next page in the topic.
    pub next: Option<LinkView>,
    /// Pages linking here.
    pub backlinks: Vec<LinkView>,
    /// Pages sharing tags or links.
    pub related: Vec<LinkView>,
    /// Tags with their pages' URLs.
    pub tags: Vec<LinkView>,
    /// The page's study round.
    pub session: Option<SessionView>,
    /// Question number.
    pub question: Option<u32>,
    /// Its answer is not written yet (`answer = "pending"`): the page says 답안 준비 중.
    pub pending: bool,
    /// Children, for sections.
    pub children: Vec<ChildView>,
    /// URL of the topic this page is in (for expanding the sidebar).
    pub topic_url: Option<String>,
    /// The sidebar entries below the current topic (bounded in size).
    pub nav: Vec<NavItem>,
    /// Reading order (topic pages).
    pub reading_order: Vec<LinkView>,
    /// "Edit this page" link.
    pub edit_url: Option<String>,
    /// Last updated date.
    pub updated: Option<String>,
    /// Who wrote the page (front matter `authors`, else git), most recent first.
    pub authors: Vec<String>,
    /// `YYYY-MM-DD` of the last editorial review (front matter `reviewed`).
    pub reviewed: Option<String>,
    /// "먼저 읽기": the pages this one `requires`, shown before the answer.
    pub requires: Vec<LinkView>,
    /// The page's path relative to `content/` (progress marks key on it).
    pub source_path: String,
    /// A concept map: its SVG and list (topic pages and the book map).
    pub concept_map: Option<String>,
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
