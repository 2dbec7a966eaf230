//! Markdown → [`Doc`]: a typed page body, plus everything later stages need to know.
//!
//! One pass over pulldown-cmark's events (with source offsets) produces the page body and records
//! headings, links, diagrams, the question and its 핵심 요약, and plain text for search. Link URLs,
//! glossary URLs and figures are left as typed holes in the [`Body`] because resolving them needs
//! every page (links), the page's place (glossary) or an engine (diagrams); the render stage fills
//! them from `links::resolve` and `diagrams`. This stage reads no files.

mod blocks;
mod cache;
mod flow;
mod notes;
pub use cache::{env_key, Cache};
mod inline;
mod out;

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser};

use crate::body::Body;
use crate::diagnostic::{Diagnostic, SourceText};
use crate::glossary::Matcher;
use crate::highlight::Highlighter;
use crate::i18n::Strings;
use crate::slug::UniqueIds;

/// A heading, for the table of contents and anchor checks.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The unique id (anchor) on this page.
    pub id: String,
    /// Plain text.
    pub text: String,
    /// Inside a question page's model answer (시험 모드 hides these from the contents too).
    pub in_answer: bool,
}

/// How a link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// `[text](dest)`.
    Link,
    /// `![alt](dest)` that is not a diagram.
    Image,
    /// `[[slug]]`, `[[slug#anchor]]`, `[[slug|text]]`.
    Wiki,
}

/// An internal link as written, with its place in the file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LinkRef {
    /// The destination exactly as written.
    pub dest: String,
    /// Link, image or wikilink.
    pub kind: LinkKind,
    /// Where it is written.
    pub span: Place,
}

impl LinkRef {
    /// What other pages see of the link: all but its place.
    fn key(&self) -> (&str, LinkKind) {
        let LinkRef {
            dest,
            kind,
            span: _,
        } = self;
        (dest, *kind)
    }
}

/// A byte span in a page's file (front matter included), for diagnostics.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Place(pub Range<usize>);

impl Place {
    /// The byte range.
    pub fn range(&self) -> Range<usize> {
        self.0.clone()
    }
}

/// Where a diagram's source comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DiagramSource {
    /// `![alt](../diagrams/x.mmd)`: a path relative to the page.
    File(String),
    /// A fenced ```` ```mermaid ```` or ```` ```pikchr ```` block.
    Inline {
        /// `mermaid` or `pikchr`.
        lang: String,
        /// The block's text.
        code: String,
    },
}

/// A diagram used by the page; its figure is the body's `Piece::Figure(index)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DiagramRef {
    /// File or inline source.
    pub source: DiagramSource,
    /// Alt text, used as the figure's caption and accessible name.
    pub alt: String,
    /// Where it is written.
    pub span: Place,
}

impl DiagramRef {
    /// What other pages see of the diagram: all but its place.
    fn key(&self) -> (&DiagramSource, &str) {
        let DiagramRef {
            source,
            alt,
            span: _,
        } = self;
        (source, alt)
    }
}

/// A run of text under one heading, for the search index.
#[derive(Debug, Clone, Default)]
pub struct TextSection {
    /// The heading's anchor (`None` for text before the first heading).
    pub anchor: Option<String>,
    /// The heading's text.
    pub heading: String,
    /// Plain text under it.
    pub text: String,
}

/// What the rest of the book reads of a page: its headings (others' anchors), links (backlinks,
/// hrefs), diagrams (figures), question, 핵심 요약 and glossary terms. When an edit leaves its
/// [`Outline::key`] equal, the edit changes only the page's own content, its search text and the
/// pages that embed it whole (print, feeds): `serve`'s quick path relies on that, so a field that
/// others read belongs here, where the key cannot forget it. Its own equality sees places too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Outline {
    /// All headings in order.
    pub headings: Vec<Heading>,
    /// Internal links in order.
    pub links: Vec<LinkRef>,
    /// Diagrams in order.
    pub diagrams: Vec<DiagramRef>,
    /// The question text of a question page (`> [!QUESTION]`).
    pub question: Option<String>,
    /// The text under `## 핵심 요약`.
    pub summary: Option<String>,
    /// The top-level list items under `## 핵심 요약`, as plain text: the mock interview's key
    /// points when the front matter names none.
    pub summary_items: Vec<String>,
    /// Ids of glossary terms this page links to.
    pub terms: Vec<String>,
}

/// What other pages read of an [`Outline`]: all of it but where things are written, so an edit
/// that only moves a link or a diagram (text added above it) leaves the key equal.
#[derive(Debug, PartialEq, Eq)]
pub struct OutlineKey<'a> {
    headings: &'a [Heading],
    links: Vec<(&'a str, LinkKind)>,
    diagrams: Vec<(&'a DiagramSource, &'a str)>,
    question: Option<&'a str>,
    summary: Option<&'a str>,
    summary_items: &'a [String],
    terms: &'a [String],
}

impl Outline {
    /// The outline without its places, for telling whether other pages see a change.
    pub fn key(&self) -> OutlineKey<'_> {
        // Destructured whole, so that a field added to any of them must be placed in the key.
        let Outline {
            headings,
            links,
            diagrams,
            question,
            summary,
            summary_items,
            terms,
        } = self;
        OutlineKey {
            headings,
            links: links.iter().map(LinkRef::key).collect(),
            diagrams: diagrams.iter().map(DiagramRef::key).collect(),
            question: question.as_deref(),
            summary: summary.as_deref(),
            summary_items,
            terms,
        }
    }
}

/// The rendered page and what it refers to.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// What other pages read of this one.
    pub outline: Outline,
    /// The page's HTML, with holes for internal link URLs, glossary URLs and figures.
    pub body: Body,
    /// Plain text by heading.
    pub sections: Vec<TextSection>,
    /// A hash of everything `parse` read to make this `Doc`, set by [`Cache`]; `None` when it was
    /// parsed without one. Later caches use it instead of hashing the body.
    pub source_key: Option<u64>,
    /// The looks of its highlighted code, for `highlight.css`.
    pub palette: crate::highlight::Palette,
}

/// What the parser needs to know about the page.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The whole file.
    pub source: &'a SourceText,
    /// Where the Markdown body starts.
    pub body_start: usize,
    /// The file, for diagnostics.
    pub file: &'a Path,
    /// Question pages wrap everything after the question in a `<details>`.
    pub is_question: bool,
    /// Drop the first `#` heading, because it became the page title.
    pub drop_first_h1: bool,
}

/// Shared, read-only helpers.
#[derive(Clone, Copy)]
pub struct Env<'a> {
    /// Syntax highlighting.
    pub highlighter: &'a Highlighter,
    /// Glossary term linking, when the book has a glossary.
    pub glossary: Option<&'a Matcher>,
    /// UI strings in the book's language.
    pub strings: &'a Strings,
}

/// The first word of every fence's info string in `source` (```` ```python ````, `~~~ yaml`),
/// found by a scan of its lines rather than a parse: an over-estimate at worst (a fence
/// shown inside another block), which is all that [`crate::highlight::Highlighter::prepare`]
/// needs.
pub fn fence_languages(source: &str) -> impl Iterator<Item = &str> {
    source.lines().filter_map(|line| {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let line = &line[indent..];
        let rest = (indent < 4)
            .then(|| {
                line.strip_prefix("```")
                    .or_else(|| line.strip_prefix("~~~"))
            })
            .flatten()?;
        let rest = rest.trim_start_matches(['`', '~']).trim_start();
        let lang = rest
            .split(|c: char| c.is_whitespace() || c == '{' || c == ',')
            .next()?;
        (!lang.is_empty()).then_some(lang)
    })
}

/// The Markdown extensions studybook turns on.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
}

/// Parses one page.
pub fn parse(input: Input<'_>, env: Env<'_>) -> (Doc, Vec<Diagnostic>) {
    let body = &input.source[input.body_start..];
    let events: Vec<(Event<'_>, Range<usize>)> = pulldown_cmark::utils::TextMergeWithOffset::new(
        Parser::new_ext(body, options()).into_offset_iter(),
    )
    .collect();
    let mut state = State::new(input, env);
    let mut idx = 0;
    while idx < events.len() {
        idx = state.event(&events, idx);
    }
    state.finish()
}

/// The one-pass renderer's state. Blocks (headings, code, callouts) live in `blocks`, inline
/// elements (links, images, text, math) in `inline`.
struct State<'i, 'e> {
    input: Input<'i>,
    env: Env<'e>,
    out: out::Events<'i>,
    doc: Doc,
    diagnostics: Vec<Diagnostic>,
    ids: UniqueIds,
    heading: Option<blocks::HeadingBuilder<'i>>,
    code: Option<blocks::CodeBuilder>,
    quotes: Vec<blocks::Quote>,
    question_text: Option<String>,
    answer_open: bool,
    capturing_summary: bool,
    /// How deep inside a list item of the summary the text is (0: not in one).
    summary_item_depth: usize,
    link_depth: usize,
    seen_h1: bool,
    terms_used: std::collections::HashSet<usize>,
    notes: notes::Notes<'i>,
    n_tables: usize,
}

impl<'i, 'e> State<'i, 'e> {
    fn new(input: Input<'i>, env: Env<'e>) -> Self {
        State {
            input,
            env,
            out: out::Events::default(),
            doc: Doc {
                sections: vec![TextSection::default()],
                ..Doc::default()
            },
            diagnostics: Vec::new(),
            ids: UniqueIds::default(),
            heading: None,
            code: None,
            quotes: Vec::new(),
            question_text: None,
            answer_open: false,
            capturing_summary: false,
            summary_item_depth: 0,
            link_depth: 0,
            seen_h1: false,
            terms_used: Default::default(),
            notes: notes::Notes::default(),
            n_tables: 0,
        }
    }

    /// Where rendered events go: into the heading being built, or the page.
    fn sink(&mut self) -> &mut out::Events<'i> {
        match &mut self.heading {
            Some(heading) => &mut heading.inner,
            None => &mut self.out,
        }
    }

    /// Byte span in the whole file for a body-relative range.
    fn span(&self, range: &Range<usize>) -> Range<usize> {
        self.input.body_start + range.start..self.input.body_start + range.end
    }

    fn warn(&mut self, range: &Range<usize>, message: String, help: &str) {
        let span = self.span(range);
        self.diagnostics.push(
            Diagnostic::warning(self.input.file, message)
                .at(self.input.source, span)
                .with_help(help),
        );
    }

    /// Appends plain text to the search section, the question and the summary being captured.
    fn record_text(&mut self, text: &str) {
        if let Some(heading) = &mut self.heading {
            heading.text.push_str(text);
            return;
        }
        if let Some(question) = &mut self.question_text {
            question.push_str(text);
        }
        if self.capturing_summary {
            self.doc
                .outline
                .summary
                .get_or_insert_with(String::new)
                .push_str(text);
            if self.summary_item_depth > 0 {
                if let Some(item) = self.doc.outline.summary_items.last_mut() {
                    item.push_str(text);
                }
            }
        }
        if let Some(section) = self.doc.sections.last_mut() {
            section.text.push_str(text);
        }
    }

    fn event(&mut self, events: &[(Event<'i>, Range<usize>)], idx: usize) -> usize {
        let (event, range) = &events[idx];
        if self.code.is_some() {
            return self.code_event(event, range, idx);
        }
        match event {
            Event::Start(pulldown_cmark::Tag::Heading { level, id, .. }) => {
                self.start_heading(*level, id.as_deref(), range)
            }
            Event::End(pulldown_cmark::TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(pulldown_cmark::Tag::CodeBlock(kind)) => self.start_code(kind, range),
            Event::Start(pulldown_cmark::Tag::BlockQuote(kind)) => {
                return self.start_quote(*kind, events, idx)
            }
            Event::End(pulldown_cmark::TagEnd::BlockQuote(_)) => self.end_quote(),
            Event::Start(pulldown_cmark::Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.start_link(*link_type, dest_url, title, id, range),
            Event::End(pulldown_cmark::TagEnd::Link) => {
                self.link_depth = self.link_depth.saturating_sub(1);
                self.sink().push(event.clone());
            }
            Event::Start(pulldown_cmark::Tag::Image {
                dest_url, title, ..
            }) => return self.image(events, idx, dest_url, title),
            Event::Text(text) => self.text(text),
            Event::Code(code) => {
                self.record_text(code);
                self.sink().push(event.clone());
            }
            Event::TaskListMarker(done) => self.task_list_marker(*done),
            Event::FootnoteReference(label) => self.footnote_reference(label),
            Event::Start(pulldown_cmark::Tag::FootnoteDefinition(label)) => {
                self.start_footnote(label)
            }
            Event::End(pulldown_cmark::TagEnd::FootnoteDefinition) => self.end_footnote(),
            Event::Start(pulldown_cmark::Tag::Table(_)) => self.start_table(event),
            Event::End(pulldown_cmark::TagEnd::Table) => self.end_table(),
            Event::InlineMath(latex) => self.math(latex, false, range),
            Event::DisplayMath(latex) => self.math(latex, true, range),
            Event::SoftBreak | Event::HardBreak => {
                self.record_text(" ");
                self.sink().push(event.clone());
            }
            // Table cells and rows end without text; keep their words apart for search.
            Event::End(pulldown_cmark::TagEnd::TableCell) => {
                self.record_text(" ");
                self.sink().push(event.clone());
            }
            Event::Start(pulldown_cmark::Tag::Item) if self.capturing_summary => {
                self.start_summary_item(event)
            }
            Event::End(pulldown_cmark::TagEnd::Item) if self.summary_item_depth > 0 => {
                self.summary_item_depth -= 1;
                self.record_text("\n");
                self.sink().push(event.clone());
            }
            Event::End(pulldown_cmark::TagEnd::Paragraph)
            | Event::End(pulldown_cmark::TagEnd::Item)
            | Event::End(pulldown_cmark::TagEnd::TableHead)
            | Event::End(pulldown_cmark::TagEnd::TableRow) => {
                self.record_text("\n");
                self.sink().push(event.clone());
            }
            other => self.sink().push(other.clone()),
        }
        idx + 1
    }

    /// pulldown-cmark's checkbox has no accessible name; this one has.
    fn task_list_marker(&mut self, done: bool) {
        let (checked, label) = if done {
            (" checked", "완료")
        } else {
            ("", "미완료")
        };
        self.sink().push(Event::Html(
            format!("<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> ").into(),
        ));
    }

    /// An item of the `## 핵심 요약` list: a key point (nested items belong to the top-level
    /// point they explain).
    fn start_summary_item(&mut self, event: &Event<'i>) {
        if self.summary_item_depth == 0 {
            self.doc.outline.summary_items.push(String::new());
        }
        self.summary_item_depth += 1;
        self.sink().push(event.clone());
    }

    fn finish(mut self) -> (Doc, Vec<Diagnostic>) {
        // Footnotes close the answer they belong to (시험 모드 hides them with it).
        let footnotes = self.footnotes_section();
        self.out.extend(footnotes);
        if self.answer_open {
            self.out.push(Event::Html("</div></details>\n".into()));
        }
        let capacity = self.input.source.len() * 2;
        self.doc.body = std::mem::take(&mut self.out)
            .lift_figures()
            .into_body(capacity);
        if let Some(glossary) = self.env.glossary {
            let mut terms: Vec<String> = (self.terms_used.iter())
                .map(|&term_idx| glossary.term_id(term_idx).to_string())
                .collect();
            terms.sort_unstable();
            self.doc.outline.terms = terms;
        }
        if let Some(summary) = &mut self.doc.outline.summary {
            *summary = collapse_whitespace(summary);
        }
        if let Some(question) = &mut self.doc.outline.question {
            *question = collapse_whitespace(question);
        }
        for item in &mut self.doc.outline.summary_items {
            *item = collapse_whitespace(item);
        }
        self.doc
            .outline
            .summary_items
            .retain(|item| !item.is_empty());
        for section in &mut self.doc.sections {
            section.text = collapse_whitespace(&section.text);
        }
        self.doc
            .sections
            .retain(|section| section.anchor.is_some() || !section.text.is_empty());
        (self.doc, self.diagnostics)
    }
}

fn collapse_whitespace(text: &str) -> String {
    // Straight into one `String`: this runs over every section's text (the search index's input).
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests;
