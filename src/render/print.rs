//! The print editions: every page in topic order on one page, answers open, each topic from a
//! new printed page and numbered as a study book is (`1`, `1.1`, `Q1`; `print.html` around
//! `print-article.html` per page), the list of editions of a big book, and the question sheet
//! (`questions.html`).

use rayon::prelude::*;

use super::pages::child_view;
use super::views::*;
use super::{Input, Job, Output, Renderer};
use crate::body::Href;
use crate::content::PageKind;
use crate::links::root_prefix;
use crate::output::Claim;
use crate::page::PageId;

/// Every print edition, the list of them and the question sheet (`print/questions/`) are written
/// under `print/`.
pub(super) const CLAIMS: &[Claim] = &[Claim::folder("print/", "print edition")];

/// A book with more pages than this gets one print edition per topic (and `print/` lists them):
/// one page of tens of megabytes is more than a browser can lay out or a printer should take.
pub const PRINT_WHOLE_MAX_PAGES: usize = 300;

/// One print edition: the pages of `order`, at `url`.
pub(super) struct Edition {
    url: String,
    title: String,
    order: Vec<PageId>,
}

/// What the book prints as.
pub(super) enum Editions {
    /// One edition at `print/`.
    Whole(Edition),
    /// A big book: one edition per topic, listed at `print/` (`print-editions.html`) with the
    /// pages outside every topic, which print on their own.
    PerTopic(Vec<Edition>),
}

impl Editions {
    pub(super) fn all(&self) -> &[Edition] {
        match self {
            Editions::Whole(edition) => std::slice::from_ref(edition),
            Editions::PerTopic(editions) => editions,
        }
    }
}

/// The whole book as one edition, or (for big books) one edition per topic.
pub(super) fn editions(input: &Input<'_>, strings: &crate::i18n::Strings) -> Editions {
    let whole = print_order(input);
    if whole.len() <= PRINT_WHOLE_MAX_PAGES {
        return Editions::Whole(Edition {
            url: "print/".into(),
            title: strings.print.into(),
            order: whole,
        });
    }
    Editions::PerTopic(
        (input.structure.topics.iter())
            .map(|topic| Edition {
                url: topic_edition_url(input, topic.page),
                title: format!("{} · {}", strings.print, input.pages[topic.page].title),
                order: topic.order.clone(),
            })
            .collect(),
    )
}

fn topic_edition_url(input: &Input<'_>, topic: PageId) -> String {
    format!("print/{}", input.pages[topic].url)
}

/// `print/` of a big book: the list of its topics' editions (`print-editions.html`).
pub(super) fn editions_index(input: &Input<'_>, strings: &crate::i18n::Strings) -> ListView {
    ListView {
        common: PageCommon::generated(Kind::Print, strings.print.into(), "print/".into()),
        // Each topic's edition, then the pages outside every topic, which print on their own.
        children: (input.structure.topic_pages())
            .map(|topic| ChildView {
                url: topic_edition_url(input, topic),
                children: Vec::new(),
                ..child_view(input, topic, 0)
            })
            .chain((input.structure.outside.iter()).map(|&id| child_view(input, id, 0)))
            .collect(),
    }
}

fn print_view(input: &Input<'_>, edition: &Edition) -> PrintView {
    let toc = (edition.order.iter().zip(numbers(input, &edition.order)))
        .map(|(&id, (depth, number))| PrintEntry {
            depth,
            id: print_anchor(&input.pages[id]),
            number,
            text: input.pages[id].title.clone(),
        })
        .collect();
    PrintView {
        common: PageCommon::generated(Kind::Print, edition.title.clone(), edition.url.clone()),
        toc,
        content: String::new(),
    }
}

/// Each page's depth below its topic and its number, in `order` (depth first): a topic `1`, its
/// sections `1.1`, their pages `1.1.1`, and a question its own `Q` number, as on its page. A page
/// outside every topic is numbered after the topics.
fn numbers(input: &Input<'_>, order: &[PageId]) -> Vec<(u8, String)> {
    let mut counters: Vec<u32> = Vec::new();
    (order.iter())
        .map(|&id| {
            let depth = depth(input, id);
            counters.truncate(depth + 1);
            counters.resize(depth + 1, 0);
            counters[depth] += 1;
            let number = match input.pages[id].front.question {
                Some(question) if input.pages[id].is_question() => format!("Q{question}"),
                _ => (counters.iter().map(u32::to_string))
                    .collect::<Vec<_>>()
                    .join("."),
            };
            (u8::try_from(depth).unwrap_or(u8::MAX), number)
        })
        .collect()
}

/// How many sections lie between `id` and its topic (0 for a topic or a page outside every topic).
fn depth(input: &Input<'_>, id: PageId) -> usize {
    let Some(topic) = input.structure.topic_page(id) else {
        return 0;
    };
    let mut depth = 0;
    let mut at = id;
    while at != topic {
        match input.structure.parent[at] {
            Some(parent) => at = parent,
            None => break,
        }
        depth += 1;
    }
    depth
}

/// An article's heading level: sections above the answers in them, and a page outside every
/// topic at a topic's level (under the last topic it would read as that topic's).
fn level(input: &Input<'_>, id: PageId) -> u8 {
    let outside = input.structure.topic_pos[id].is_none();
    if input.pages[id].kind == PageKind::Section || outside {
        2
    } else {
        3
    }
}

fn print_order(input: &Input<'_>) -> Vec<PageId> {
    (input.structure.topics.iter())
        .flat_map(|topic| topic.order.iter().copied())
        .chain(input.structure.outside.iter().copied())
        .collect()
}

/// A hash of what a print edition's content is made of (see `render::content_key`).
fn print_key(input: &Input<'_>, order: &[PageId]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for &id in order {
        let page = &input.pages[id];
        (&page.rel_path, &page.url, &page.title, page.is_question()).hash(&mut hasher);
        super::content_key(input, id).hash(&mut hasher);
    }
    hasher.finish()
}

/// A print edition, or the previous build's when nothing in it changed.
pub(super) fn print_edition(
    renderer: &Renderer<'_>,
    input: &Input<'_>,
    edition: &Edition,
) -> Result<Output, String> {
    let view = print_view(input, edition);
    let key = renderer.keep.then(|| {
        super::memo::key(
            (renderer.key, "print.html", print_key(input, &edition.order)),
            &view,
        )
    });
    super::remember(renderer, key, || {
        print_bytes(renderer, input, edition, view)
    })
}

/// The print editions that hold any of `ids`, rendered again (`serve`, after a prose edit).
pub(super) fn editions_with(
    renderer: &Renderer<'_>,
    input: &Input<'_>,
    ids: &[PageId],
) -> Result<Vec<Output>, String> {
    let strings = input.config.language.strings();
    (editions(input, strings).all().iter())
        .filter(|edition| edition.order.iter().any(|id| ids.contains(id)))
        .map(|edition| print_edition(renderer, input, edition))
        .collect()
}

/// Renders every page's article (a few pages at a time, in parallel) and the template around them.
fn print_bytes(
    renderer: &Renderer<'_>,
    input: &Input<'_>,
    edition: &Edition,
    mut view: PrintView,
) -> Result<Output, String> {
    const PAGES_AT_A_TIME: usize = 64;
    let root = view.common.root.clone();
    let estimate: usize = edition
        .order
        .iter()
        .map(|&id| input.docs[id].body.html_len() + 256)
        .sum();
    let mut content = String::with_capacity(estimate);
    let numbered: Vec<(PageId, String)> = (edition.order.iter().copied())
        .zip(view.toc.iter().map(|entry| entry.number.clone()))
        .collect();
    for chunk in numbered.chunks(PAGES_AT_A_TIME) {
        let articles: Vec<String> = chunk
            .par_iter()
            .map(|entry| print_article(renderer, input, entry.clone(), &root))
            .collect::<Result<_, _>>()?;
        for article in articles {
            content.push_str(&article);
        }
    }
    view.content = content;
    let job = Job {
        template: "print.html",
        path: super::page_path(&edition.url),
        content_key: 0,
    };
    super::render_view(renderer, &job, view, |_| {})
}

fn print_anchor(page: &crate::content::Page) -> String {
    format!("p-{}", crate::slug::segment(&page.rel_path))
}

/// One page of the print edition (`print-article.html`), its ids made unique on the combined
/// page.
fn print_article(
    renderer: &Renderer<'_>,
    input: &Input<'_>,
    (id, number): (PageId, String),
    root: &str,
) -> Result<String, String> {
    let page = &input.pages[id];
    let doc = &input.docs[id];
    let anchor = print_anchor(page);
    // Links inside the print page point at the online pages; diagrams are included.
    let hrefs: Vec<Href> = input.resolved.hrefs[id]
        .iter()
        .map(|href| match href {
            Href::To(url) => Href::To(rebase(url, &page.url, root)),
            Href::Broken => Href::Broken,
        })
        .collect();
    let body = doc.body.render(crate::body::Fill {
        root,
        hrefs: &hrefs,
        figures: &input.figures.figures[id],
    });
    // Every answer has a `핵심-요약`; on one page the ids must be made unique again.
    let body = name_landmarks(&prefix_ids(&body, &anchor), &page.title);
    let article = PrintArticleView {
        anchor,
        level: level(input, id),
        title: page.title.clone(),
        is_question: page.is_question(),
        depth: u8::try_from(depth(input, id)).unwrap_or(u8::MAX),
        number,
        body,
    };
    (renderer.contexts).with("article", &article, |context| {
        let bytes = super::run_template(renderer, "print-article.html", context)?;
        // tera writes only `str`s.
        String::from_utf8(bytes).map_err(|error| error.to_string())
    })
}

/// `html` with the page's title before the name of each landmark a page names the same way as
/// every other ("문제", "표 1"), so that the combined page's landmarks stay distinguishable
/// (axe: landmark-unique).
fn name_landmarks(html: &str, title: &str) -> String {
    let title = crate::escape::attr(title);
    html.replace(
        "<section class=\"question\" aria-label=\"",
        &format!("<section class=\"question\" aria-label=\"{title} · "),
    )
    .replace(
        " role=\"region\" aria-label=\"",
        &format!(" role=\"region\" aria-label=\"{title} · "),
    )
}

/// `html` with `prefix-` put before every id and every same-page reference to one (`id="`,
/// `href="#`, `url(#`, and each id of an `aria-describedby`/`-labelledby`/`-controls` list),
/// in one pass.
fn prefix_ids(html: &str, prefix: &str) -> String {
    const OPENERS: [&str; 3] = ["id=\"", "href=\"#", "url(#"];
    const ID_LISTS: [&str; 3] = [
        "aria-describedby=\"",
        "aria-labelledby=\"",
        "aria-controls=\"",
    ];
    let mut out = String::with_capacity(html.len() + html.len() / 32);
    let mut rest = html;
    while let Some(at) = rest.find(['"', '#']) {
        let end = at + 1;
        out.push_str(&rest[..end]);
        rest = &rest[end..];
        if ID_LISTS.iter().any(|opener| out.ends_with(opener)) {
            let close = rest.find('"').unwrap_or(rest.len());
            let ids: Vec<String> = rest[..close]
                .split_ascii_whitespace()
                .map(|id| format!("{prefix}-{id}"))
                .collect();
            out.push_str(&ids.join(" "));
            rest = &rest[close..];
        } else if OPENERS.iter().any(|opener| out.ends_with(opener)) {
            out.push_str(prefix);
            out.push('-');
        }
    }
    out.push_str(rest);
    out
}

/// The questions only, in topic order, for a mock interview (`questions.html`).
pub(super) fn question_sheet(
    input: &Input<'_>,
    strings: &crate::i18n::Strings,
) -> QuestionSheetView {
    let questions = (input.structure.leaves())
        .filter_map(|id| {
            let question = input.docs[id].outline.question.as_ref()?;
            let topic = (input.structure.topic_page(id))
                .map_or(strings.outside_topics, |t| &input.pages[t].title)
                .to_string();
            Some(SheetEntry {
                topic,
                title: input.pages[id].title.clone(),
                question: question.clone(),
            })
        })
        .collect();
    QuestionSheetView {
        common: PageCommon::generated(
            Kind::Print,
            strings.question_sheet.into(),
            "print/questions/".into(),
        ),
        questions,
    }
}

/// Turns an href relative to `page_url` into one relative to the print page.
fn rebase(href: &str, page_url: &str, print_root: &str) -> String {
    if href.starts_with('#') || href.contains("://") {
        return href.to_string();
    }
    let page_root = root_prefix(page_url);
    match href.strip_prefix(page_root.as_str()) {
        Some(site_relative) => format!("{print_root}{site_relative}"),
        None => href.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{name_landmarks, prefix_ids};

    #[test]
    fn each_pages_question_and_table_regions_are_named_after_it() {
        assert_eq!(
            name_landmarks(
                r#"<section class="question" aria-label="문제"><div class="table-scroll" tabindex="0" role="region" aria-label="표 1">"#,
                "A & B"
            ),
            r#"<section class="question" aria-label="A &amp; B · 문제"><div class="table-scroll" tabindex="0" role="region" aria-label="A &amp; B · 표 1">"#
        );
    }

    #[test]
    fn ids_and_same_page_references_get_the_prefix_and_nothing_else_changes() {
        let html = r##"<h2 id="핵심-요약">요약</h2><a href="#핵심-요약">#</a><a href="../x/#y">x</a><path fill="url(#g)"/><p>"인용" #태그</p>"##;
        assert_eq!(
            prefix_ids(html, "p-a"),
            r##"<h2 id="p-a-핵심-요약">요약</h2><a href="#p-a-핵심-요약">#</a><a href="../x/#y">x</a><path fill="url(#p-a-g)"/><p>"인용" #태그</p>"##
        );
    }

    #[test]
    fn each_id_of_an_aria_reference_list_gets_the_prefix() {
        let html = r##"<a aria-describedby="def-a">a</a><span id="def-a"></span><input aria-controls="x  y">"##;
        assert_eq!(
            prefix_ids(html, "p-b"),
            r##"<a aria-describedby="p-b-def-a">a</a><span id="p-b-def-a"></span><input aria-controls="p-b-x p-b-y">"##
        );
    }
}
