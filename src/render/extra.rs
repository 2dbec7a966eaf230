//! Generated pages that have no Markdown source: sessions, tags, the glossary, search, 404 and
//! the print edition.

use rayon::prelude::*;

use super::views::*;
use super::{child_view, render_one, session_view, Input, Output, Renderer, Sink};
use crate::content::PageKind;
use crate::diagnostic::Diagnostic;
use crate::links::root_prefix;

fn generated(kind: &str, title: String, url: String, content: String) -> PageView {
    PageView {
        kind: kind.into(),
        title,
        root: root_prefix(&url),
        url,
        content,
        ..PageView::default()
    }
}

/// Renders every generated page.
pub(super) fn pages(renderer: &Renderer<'_>, input: &Input<'_>, sink: Sink<'_>) -> Vec<Diagnostic> {
    let strings = crate::i18n::for_language(&input.config.language);
    let mut views = Vec::new();
    views.push(("list.html", sessions_index(input, strings)));
    for session in &input.config.sessions {
        views.push(("list.html", session_page(input, session)));
    }
    // The tag index exists even without tags, because every page's navigation links to it.
    views.push(("list.html", tags_index(input, strings)));
    for (tag, members) in &input.structure.tags {
        let mut view = generated(
            "tag",
            format!("#{tag}"),
            format!("tags/{}/", crate::slug::tag(tag)),
            String::new(),
        );
        view.children = members
            .iter()
            .map(|&idx| child_view(input, idx, 0))
            .collect();
        views.push(("list.html", view));
    }
    if !input.glossary.terms.is_empty() {
        views.push(("glossary.html", glossary_page(input, strings)));
    }
    views.push((
        "search.html",
        generated(
            "search",
            strings
                .search_placeholder
                .split(' ')
                .next()
                .unwrap_or("검색")
                .into(),
            "search/".into(),
            String::new(),
        ),
    ));
    let mut diagnostics = Vec::new();
    let editions = editions(input, strings);
    if editions.len() > 1 {
        views.push(("list.html", editions_index(input, strings)));
    }
    for edition in &editions {
        match print_edition(renderer, input, edition) {
            Ok(output) => sink(output),
            Err(message) => diagnostics.push(template_failed(input, "print.html", &message)),
        }
    }
    let mut not_found = generated(
        "404",
        strings.not_found.into(),
        "404/".into(),
        String::new(),
    );
    not_found.root = input.config.base_path();
    views.push(("404.html", not_found));
    views.push(("print.html", question_sheet(input, strings)));
    views.push(("list.html", book_map(input, strings)));
    diagnostics.extend(
        views
            .into_par_iter()
            .filter_map(
                |(template, view)| match render_one(renderer, template, view, 0, |_| {}) {
                    Ok(output) => {
                        sink(output);
                        None
                    }
                    Err(message) => Some(template_failed(input, template, &message)),
                },
            )
            .collect::<Vec<_>>(),
    );
    diagnostics
}

/// A generated page's template failed: anchored to the template's line, like content pages.
fn template_failed(input: &Input<'_>, template: &str, message: &str) -> Diagnostic {
    super::errors::render(
        input.config,
        template,
        std::path::Path::new(template),
        message,
    )
}

fn sessions_index(input: &Input<'_>, strings: &crate::i18n::Strings) -> PageView {
    let mut view = generated(
        "sessions",
        strings.sessions.into(),
        "sessions/".into(),
        String::new(),
    );
    view.children = input
        .config
        .sessions
        .iter()
        .map(|session| ChildView {
            title: session.title.clone(),
            url: session_view(session).url,
            summary: Some(format!("{} · {}", session.date, session.author)),
            question: None,
            is_section: true,
            children: Vec::new(),
            session: Some(session.id.clone()),
        })
        .collect();
    view
}

fn session_page(input: &Input<'_>, session: &crate::config::Session) -> PageView {
    let session_link = session_view(session);
    let mut view = generated(
        "session",
        session.title.clone(),
        session_link.url.clone(),
        String::new(),
    );
    view.description = format!("{} · {}", session.date, session.author);
    // Group the round's questions under their scenario, in the round's order.
    let mut groups: Vec<ChildView> = Vec::new();
    for &idx in input
        .structure
        .sessions
        .get(&session.id)
        .into_iter()
        .flatten()
    {
        let scenario = input.structure.parent[idx];
        let key_url = scenario
            .map(|s| input.pages[s].url.clone())
            .unwrap_or_default();
        if groups.last().map(|g| g.url.as_str()) != Some(key_url.as_str()) {
            let (title, summary) = match scenario {
                Some(s) => {
                    let topic = input.structure.topic[s]
                        .map(|t| input.pages[t].title.clone())
                        .unwrap_or_default();
                    (input.pages[s].title.clone(), Some(topic))
                }
                None => (String::new(), None),
            };
            groups.push(ChildView {
                title,
                url: key_url,
                summary,
                question: None,
                is_section: true,
                children: Vec::new(),
                session: Some(session.id.clone()),
            });
        }
        if let Some(group) = groups.last_mut() {
            group.children.push(child_view(input, idx, 0));
        }
    }
    view.children = groups;
    view.session = Some(session_link);
    view
}

fn tags_index(input: &Input<'_>, strings: &crate::i18n::Strings) -> PageView {
    let mut view = generated("tags", strings.tags.into(), "tags/".into(), String::new());
    view.children = input
        .structure
        .tags
        .iter()
        .map(|(tag, members)| ChildView {
            title: format!("#{tag}"),
            url: format!("tags/{}/", crate::slug::tag(tag)),
            summary: Some(members.len().to_string()),
            question: None,
            is_section: true,
            children: Vec::new(),
            session: None,
        })
        .collect();
    view
}

/// The glossary: every term with its definition, its explaining answer and the answers using it.
fn glossary_page(input: &Input<'_>, strings: &crate::i18n::Strings) -> PageView {
    let root = "../";
    let by_path: std::collections::HashMap<&str, usize> = input
        .pages
        .iter()
        .enumerate()
        .map(|(idx, page)| (page.rel_path.as_str(), idx))
        .collect();
    let mut html = String::from("<dl class=\"glossary\">\n");
    for term in &input.glossary.terms {
        let users: Vec<usize> = input
            .docs
            .iter()
            .enumerate()
            .filter(|(_, doc)| doc.outline.terms.iter().any(|id| id == &term.id))
            .map(|(idx, _)| idx)
            .collect();
        html.push_str(&format!(
            "<dt id=\"{}\"><span lang=\"ko\">{}</span>{}</dt>\n<dd><p>{}</p>",
            term.id,
            crate::escape::text(&term.ko),
            if term.en.is_empty() {
                String::new()
            } else {
                format!(
                    " <span class=\"term-en\" lang=\"en\">{}</span>",
                    crate::escape::text(&term.en)
                )
            },
            crate::escape::text(&term.definition)
        ));
        if let Some(&idx) = term
            .answer
            .as_deref()
            .and_then(|answer| by_path.get(answer))
        {
            html.push_str(&format!(
                "<p class=\"term-answer\">→ <a href=\"{root}{}\">{}</a></p>",
                input.pages[idx].url,
                crate::escape::text(&input.pages[idx].title)
            ));
        }
        if !users.is_empty() {
            let links: Vec<String> = users
                .iter()
                .map(|&idx| {
                    format!(
                        "<a href=\"{root}{}\">{}</a>",
                        input.pages[idx].url,
                        crate::escape::text(&input.pages[idx].title)
                    )
                })
                .collect();
            html.push_str(&format!(
                "<p class=\"term-users\">{}: {}</p>",
                strings.backlinks,
                links.join(", ")
            ));
        }
        html.push_str("</dd>\n");
    }
    html.push_str("</dl>\n");
    let mut english: Vec<&crate::glossary::Term> = input
        .glossary
        .terms
        .iter()
        .filter(|t| !t.en.is_empty())
        .collect();
    english.sort_by_key(|t| t.en.to_lowercase());
    html.push_str("<h2 id=\"english-index\">English index</h2>\n<ul class=\"glossary-en\">\n");
    for term in english {
        html.push_str(&format!(
            "<li lang=\"en\"><a href=\"#{}\">{}</a> — {}</li>\n",
            term.id,
            crate::escape::text(&term.en),
            crate::escape::text(&term.ko)
        ));
    }
    html.push_str("</ul>\n");
    generated(
        "glossary",
        strings.glossary.into(),
        "glossary/".into(),
        html,
    )
}

/// The whole book on one page, in topic order, answers open, one question per printed page.
/// The print edition without its content (see [`print_content`]).
/// A book with more pages than this gets one print edition per topic (and `print/` lists them):
/// one page of tens of megabytes is more than a browser can lay out or a printer should take.
pub const PRINT_WHOLE_MAX_PAGES: usize = 300;

/// One print edition: the pages of `order`, at `url`.
struct Edition {
    url: String,
    title: String,
    order: Vec<usize>,
}

/// The whole book as one edition, or (for big books) one edition per topic.
fn editions(input: &Input<'_>, strings: &crate::i18n::Strings) -> Vec<Edition> {
    let whole = print_order(input);
    if whole.len() <= PRINT_WHOLE_MAX_PAGES {
        return vec![Edition {
            url: "print/".into(),
            title: strings.print.into(),
            order: whole,
        }];
    }
    input
        .structure
        .topics
        .iter()
        .zip(&input.structure.topic_orders)
        .map(|(&topic, order)| Edition {
            url: topic_edition_url(input, topic),
            title: format!("{} · {}", strings.print, input.pages[topic].title),
            order: order.clone(),
        })
        .collect()
}

fn topic_edition_url(input: &Input<'_>, topic: usize) -> String {
    format!("print/{}", input.pages[topic].url)
}

/// `print/` of a big book: the list of its topics' editions.
fn editions_index(input: &Input<'_>, strings: &crate::i18n::Strings) -> PageView {
    let mut view = generated(
        "print",
        strings.print.into(),
        "print/".into(),
        String::new(),
    );
    view.children = input
        .structure
        .topics
        .iter()
        .map(|&topic| ChildView {
            url: topic_edition_url(input, topic),
            children: Vec::new(),
            ..child_view(input, topic, 0)
        })
        .collect();
    view
}

fn print_view(input: &Input<'_>, edition: &Edition) -> PageView {
    let toc = edition
        .order
        .iter()
        .map(|&idx| {
            let page = &input.pages[idx];
            TocEntry {
                level: if page.kind == PageKind::Section { 2 } else { 3 },
                id: format!("p-{}", crate::slug::segment(&page.rel_path)),
                text: page.title.clone(),
            }
        })
        .collect();
    let mut view = generated(
        "print",
        edition.title.clone(),
        edition.url.clone(),
        String::new(),
    );
    view.toc = toc;
    view
}

fn print_order(input: &Input<'_>) -> Vec<usize> {
    input.structure.topic_orders.concat()
}

/// A hash of what a print edition's content is made of (see `render::content_key`).
fn print_key(input: &Input<'_>, order: &[usize]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for &idx in order {
        let page = &input.pages[idx];
        (
            &page.rel_path,
            &page.url,
            &page.title,
            page.kind == PageKind::Leaf,
        )
            .hash(&mut hasher);
        super::content_key(input, idx).hash(&mut hasher);
    }
    hasher.finish()
}

/// A print edition, or the previous build's when nothing in it changed.
fn print_edition(
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
        print_bytes(renderer, input, view, &edition.order)
    })
}

/// Renders every page's article (a few pages at a time, in parallel) and the template around them.
fn print_bytes(
    renderer: &Renderer<'_>,
    input: &Input<'_>,
    mut view: PageView,
    order: &[usize],
) -> Result<Output, String> {
    const PAGES_AT_A_TIME: usize = 64;
    let root = view.root.clone();
    let estimate: usize = order
        .iter()
        .map(|&idx| input.docs[idx].body.html_len() + 256)
        .sum();
    let mut content = String::with_capacity(estimate);
    for chunk in order.chunks(PAGES_AT_A_TIME) {
        let articles: Vec<String> = chunk
            .par_iter()
            .map(|&idx| print_article(input, idx, &root))
            .collect();
        for article in articles {
            content.push_str(&article);
        }
    }
    view.content = content;
    super::render_view(renderer, "print.html", view, |_| {})
}

fn print_anchor(page: &crate::content::Page) -> String {
    format!("p-{}", crate::slug::segment(&page.rel_path))
}

/// One page of the print edition, its ids made unique on the combined page.
fn print_article(input: &Input<'_>, idx: usize, root: &str) -> String {
    let page = &input.pages[idx];
    let doc = &input.docs[idx];
    let anchor = print_anchor(page);
    let level = if page.kind == PageKind::Section { 2 } else { 3 };
    // Links inside the print page point at the online pages; diagrams are included.
    let hrefs: Vec<String> = input.resolved.hrefs[idx]
        .iter()
        .map(|href| rebase(href, &page.url, root))
        .collect();
    let body = doc.body.render(crate::body::Fill {
        root,
        hrefs: &hrefs,
        figures: &input.figures.figures[idx],
    });
    // Every answer has a `핵심-요약`; on one page the ids must be made unique again.
    let body = prefix_ids(&body, &anchor);
    let class = if page.kind == PageKind::Leaf {
        "print-page print-question"
    } else {
        "print-page"
    };
    format!(
        "<article class=\"{class}\" id=\"{anchor}\"><h{level}>{}</h{level}>\n{body}</article>\n",
        crate::escape::text(&page.title)
    )
}

/// `html` with `prefix-` put before every id and every same-page reference to one (`id="`,
/// `href="#`, `url(#`), in one pass.
fn prefix_ids(html: &str, prefix: &str) -> String {
    const OPENERS: [&str; 3] = ["id=\"", "href=\"#", "url(#"];
    let mut out = String::with_capacity(html.len() + html.len() / 32);
    let mut rest = html;
    while let Some(at) = rest.find(['"', '#']) {
        let end = at + 1;
        out.push_str(&rest[..end]);
        if OPENERS.iter().any(|opener| out.ends_with(opener)) {
            out.push_str(prefix);
            out.push('-');
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The questions only, in topic order, for a mock interview.
fn question_sheet(input: &Input<'_>, strings: &crate::i18n::Strings) -> PageView {
    let url = "print/questions/";
    let mut html = String::from("<ol class=\"question-sheet\">\n");
    let mut order = Vec::new();
    for &topic in &input.structure.topics {
        super::leaves_under(input, topic, &mut order);
    }
    for idx in order {
        let Some(question) = &input.docs[idx].outline.question else {
            continue;
        };
        let topic = input.structure.topic[idx]
            .map(|t| input.pages[t].title.as_str())
            .unwrap_or("");
        html.push_str(&format!(
            "<li><p class=\"sheet-meta\">{} · {}</p><p>{}</p></li>\n",
            crate::escape::text(topic),
            crate::escape::text(&input.pages[idx].title),
            crate::escape::text(question)
        ));
    }
    html.push_str("</ol>\n");
    generated("print", strings.question_sheet.into(), url.into(), html)
}

/// The whole book's concept map.
fn book_map(input: &Input<'_>, strings: &crate::i18n::Strings) -> PageView {
    let url = "map/";
    let mut members = Vec::new();
    for &topic in &input.structure.topics {
        super::leaves_under(input, topic, &mut members);
    }
    let mut view = generated("map", strings.concept_map.into(), url.into(), String::new());
    view.concept_map = Some(super::concept_map(
        input,
        &members,
        url,
        strings.concept_map,
    ))
    .filter(|svg| !svg.is_empty());
    view
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
    use super::prefix_ids;

    #[test]
    fn ids_and_same_page_references_get_the_prefix_and_nothing_else_changes() {
        let html = r##"<h2 id="핵심-요약">요약</h2><a href="#핵심-요약">#</a><a href="../x/#y">x</a><path fill="url(#g)"/><p>"인용" #태그</p>"##;
        assert_eq!(
            prefix_ids(html, "p-a"),
            r##"<h2 id="p-a-핵심-요약">요약</h2><a href="#p-a-핵심-요약">#</a><a href="../x/#y">x</a><path fill="url(#p-a-g)"/><p>"인용" #태그</p>"##
        );
    }
}
