//! Block-level elements: headings with anchors, highlighted code and fenced diagrams, callouts,
//! and the question / answer structure of question pages.

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel};

use super::out::Events;
use super::{DiagramRef, DiagramSource, Heading, Place, State, TextSection};
use crate::body::Piece;
use crate::highlight::Highlighted;

/// A heading whose inner HTML is collected until it ends, so that its id can come from its text.
pub(super) struct HeadingBuilder<'i> {
    level: HeadingLevel,
    explicit_id: Option<String>,
    pub(super) inner: Events<'i>,
    pub(super) text: String,
    dropped: bool,
}

/// A fenced or indented code block being collected.
pub(super) struct CodeBuilder {
    lang: String,
    code: String,
    range: Range<usize>,
}

/// What an open blockquote turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Quote {
    Plain,
    Callout,
    Question,
}

/// The `[!KIND]` markers studybook understands beyond GitHub's five.
const CUSTOM_CALLOUTS: &[&str] = &["QUESTION"];

impl<'i> State<'i, '_> {
    pub(super) fn start_heading(
        &mut self,
        level: HeadingLevel,
        id: Option<&str>,
        _range: &Range<usize>,
    ) {
        let dropped = level == HeadingLevel::H1 && self.input.drop_first_h1 && !self.seen_h1;
        if level == HeadingLevel::H1 {
            self.seen_h1 = true;
        }
        self.capturing_summary = false;
        self.heading = Some(HeadingBuilder {
            level,
            explicit_id: id.map(str::to_string),
            inner: Events::default(),
            text: String::new(),
            dropped,
        });
    }

    pub(super) fn end_heading(&mut self) {
        let Some(heading) = self.heading.take() else {
            return;
        };
        if heading.dropped {
            return;
        }
        let text = heading.text.trim().to_string();
        let base = heading
            .explicit_id
            .clone()
            .unwrap_or_else(|| crate::slug::heading_id(&text));
        let id = self.ids.claim(&base);
        let level = heading.level as u8;
        let escaped_id = crate::escape::attr(&id);
        self.out.push(Event::Html(
            format!("<h{level} id=\"{escaped_id}\">").into(),
        ));
        self.out.extend(heading.inner);
        self.out.push(Event::Html(
            format!("<a class=\"anchor\" href=\"#{escaped_id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{level}>\n").into(),
        ));
        self.capturing_summary = is_summary_heading(&text);
        self.doc.sections.push(TextSection {
            anchor: Some(id.clone()),
            heading: text.clone(),
            text: String::new(),
        });
        self.doc.outline.headings.push(Heading {
            level,
            id,
            text,
            in_answer: self.answer_open,
        });
    }

    pub(super) fn start_code(&mut self, kind: &CodeBlockKind<'_>, range: &Range<usize>) {
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info
                .split([' ', ',', '{'])
                .next()
                .unwrap_or("")
                .trim()
                .to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        self.code = Some(CodeBuilder {
            lang,
            code: String::new(),
            range: range.clone(),
        });
    }

    /// Inside a code block only text and its end matter.
    pub(super) fn code_event(
        &mut self,
        event: &Event<'i>,
        _range: &Range<usize>,
        idx: usize,
    ) -> usize {
        match event {
            Event::Text(text) => {
                if let Some(code) = &mut self.code {
                    code.code.push_str(text);
                }
            }
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => {
                if let Some(code) = self.code.take() {
                    self.finish_code(code);
                }
            }
            _ => {}
        }
        idx + 1
    }

    fn finish_code(&mut self, code: CodeBuilder) {
        let lang = code.lang.to_ascii_lowercase();
        if lang == "mermaid" || lang == "pikchr" {
            let diagram_idx = self.doc.outline.diagrams.len();
            self.doc.outline.diagrams.push(DiagramRef {
                source: DiagramSource::Inline {
                    lang,
                    code: code.code,
                },
                alt: String::new(),
                span: Place(self.span(&code.range)),
            });
            self.sink().hole(Piece::Figure(diagram_idx));
            self.sink().push(Event::Html("\n".into()));
            return;
        }
        self.record_text(&code.code);
        let lang_attr = crate::escape::attr(&code.lang);
        let inner = self.highlighted(&code);
        let html = if code.lang.is_empty() {
            format!("<pre class=\"code\" tabindex=\"0\"><code>{inner}</code></pre>\n")
        } else {
            format!("<pre class=\"code\" tabindex=\"0\" data-lang=\"{lang_attr}\"><code class=\"language-{lang_attr}\">{inner}</code></pre>\n")
        };
        self.sink().push(Event::Html(html.into()));
    }

    /// A code block's HTML inside `<code>`: highlighted, or escaped text with a warning at the
    /// block when the language is unknown or highlighting it would cost too much.
    fn highlighted(&mut self, code: &CodeBuilder) -> String {
        let (message, help) = match self.env.highlighter.highlight(&code.lang, &code.code) {
            Highlighted::Html(html, palette) => {
                self.doc.palette.extend(&palette);
                return html.to_string();
            }
            Highlighted::Plain => return crate::escape::text(&code.code),
            Highlighted::Unknown => (
                format!("unknown code language `{}`; the block is shown without highlighting", code.lang),
                "use one of python, rust, go, java, javascript, typescript, bash, yaml, json, toml, hcl, sql, dockerfile, nginx, http, or `text`",
            ),
            Highlighted::OverBudget => (
                format!("this `{}` block would take too long to highlight; it is shown without highlighting", code.lang),
                "very long lines or brackets that never close make highlighting slow out of proportion to the block's size; break the lines, or mark the block `text`",
            ),
        };
        self.warn(&code.range, message, help);
        crate::escape::text(&code.code)
    }

    /// Opens a blockquote, a GitHub callout, or a `[!QUESTION]` (found by looking at its first text).
    pub(super) fn start_quote(
        &mut self,
        kind: Option<BlockQuoteKind>,
        events: &[(Event<'i>, Range<usize>)],
        idx: usize,
    ) -> usize {
        if let Some(kind) = kind {
            let (class, title) = callout_label(kind, self.env.strings);
            self.quotes.push(Quote::Callout);
            self.sink().push(Event::Html(
                format!("<aside class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{title}</p>\n").into(),
            ));
            return idx + 1;
        }
        let custom = match (events.get(idx + 1), events.get(idx + 2)) {
            (
                Some((Event::Start(pulldown_cmark::Tag::Paragraph), _)),
                Some((Event::Text(text), _)),
            ) => custom_callout(text),
            _ => None,
        };
        let Some((name, rest)) = custom else {
            self.quotes.push(Quote::Plain);
            self.sink().push(events[idx].0.clone());
            return idx + 1;
        };
        debug_assert_eq!(name, "QUESTION");
        self.quotes.push(Quote::Question);
        self.question_text = Some(String::new());
        let label = self.env.strings.question;
        self.out.push(Event::Html(
            format!("<section class=\"question\" aria-label=\"{label}\"><p class=\"question-label\">{label}</p>\n").into(),
        ));
        self.out.push(Event::Start(pulldown_cmark::Tag::Paragraph));
        // Skip the `[!QUESTION]` text and the line break after it; keep whatever followed on that line.
        let mut next = idx + 3;
        if !rest.is_empty() {
            self.text(&CowStr::from(rest.to_string()));
        } else if matches!(
            events.get(next),
            Some((Event::SoftBreak | Event::HardBreak, _))
        ) {
            next += 1;
        }
        next
    }

    pub(super) fn end_quote(&mut self) {
        match self.quotes.pop() {
            Some(Quote::Callout) => self.sink().push(Event::Html("</aside>\n".into())),
            Some(Quote::Question) => {
                self.doc.outline.question = self.question_text.take();
                self.out.push(Event::Html("</section>\n".into()));
                if self.input.is_question && !self.answer_open {
                    self.answer_open = true;
                    let strings = self.env.strings;
                    self.out.push(Event::Html(
                        format!(
                            "<details class=\"answer\" open><summary><span class=\"when-open\">{}</span><span class=\"when-closed\">{}</span></summary><div class=\"answer-body\">\n",
                            strings.hide_answer, strings.show_answer
                        )
                        .into(),
                    ));
                }
            }
            _ => self
                .sink()
                .push(Event::End(pulldown_cmark::TagEnd::BlockQuote(None))),
        }
    }
}

fn is_summary_heading(text: &str) -> bool {
    let text = text.trim();
    text == "핵심 요약"
        || text.eq_ignore_ascii_case("summary")
        || text.eq_ignore_ascii_case("key points")
}

/// `[!QUESTION] rest of line` → ("QUESTION", "rest of line").
fn custom_callout(text: &str) -> Option<(&'static str, &str)> {
    let rest = text.trim_start().strip_prefix("[!")?;
    let close = rest.find(']')?;
    let name = rest[..close].to_ascii_uppercase();
    let known = CUSTOM_CALLOUTS.iter().find(|known| **known == name)?;
    Some((known, rest[close + 1..].trim_start()))
}

fn callout_label(
    kind: BlockQuoteKind,
    strings: &crate::i18n::Strings,
) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", strings.note),
        BlockQuoteKind::Tip => ("tip", strings.tip),
        BlockQuoteKind::Important => ("important", strings.important),
        BlockQuoteKind::Warning => ("warning", strings.warning),
        BlockQuoteKind::Caution => ("caution", strings.caution),
    }
}
