//! Generated pages that have no Markdown source: sessions, tags, the glossary, search, 404, the
//! book map, the print editions, the question sheet and the review page (`review`), plus the
//! sitemap, feed and robots.txt.
//! Each kind has its own view and its own template.

use rayon::prelude::*;

use super::pages::{child_view, session_view};
use super::views::*;
use super::{page_path, render_one, Input, Job, Output, Renderer, Sink};
use crate::diagnostic::Diagnostic;
use crate::output::Claim;

/// A render waiting for the renderer: the typed view moved into a closure, so that pages of
/// different kinds wait in one list.
type Render = Box<dyn FnOnce(&Renderer<'_>) -> Result<Output, String> + Send>;

/// A generated page waiting to be rendered: its template (for error messages) and the render.
struct Generated {
    template: &'static str,
    render: Render,
}

/// A generated page rendered by `template` from `view` into `path`.
fn generated<V: serde::Serialize + Send + 'static>(
    template: &'static str,
    path: String,
    view: V,
) -> Generated {
    let job = Job {
        template,
        path,
        content_key: 0,
    };
    Generated {
        template,
        render: Box::new(move |renderer: &Renderer<'_>| render_one(renderer, &job, view, |_| {})),
    }
}

/// What [`pages`] writes itself: the generated pages' folders and the 404 page. (The print
/// editions' `print/` is `print`'s, the sitemap, feed and robots.txt are `feeds`', and the search
/// page goes into `search/`, which `search` claims with its index.)
pub(super) const CLAIMS: &[Claim] = &[
    Claim::folder("glossary/", "glossary page"),
    Claim::folder("map/", "map of the book"),
    Claim::folder("review/", "review page"),
    Claim::folder("sessions/", "session (회차) pages"),
    Claim::folder("tags/", "tag pages"),
    Claim::file("404.html", "404 page"),
];

/// Renders every generated page.
pub(super) fn pages(renderer: &Renderer<'_>, input: &Input<'_>, sink: Sink<'_>) -> Vec<Diagnostic> {
    let strings = input.config.language.strings();
    let mut jobs = lists(input, strings);
    if !input.glossary.terms.is_empty() {
        let view = super::glossary::view(input, strings);
        jobs.push(generated("glossary.html", page_path("glossary/"), view));
    }
    let search = PageCommon::generated(Kind::Search, search_title(strings), "search/".into());
    jobs.push(generated("search.html", page_path("search/"), search));
    let mut not_found =
        PageCommon::generated(Kind::NotFound, strings.not_found.into(), "404/".into());
    not_found.root = input.config.base_path();
    jobs.push(generated("404.html", "404.html".into(), not_found));
    let sheet = super::print::question_sheet(input, strings);
    jobs.push(generated(
        "questions.html",
        page_path("print/questions/"),
        sheet,
    ));
    jobs.push(generated(
        "map.html",
        page_path("map/"),
        book_map(input, strings),
    ));
    let review = super::review::page(input, strings);
    jobs.push(generated("review.html", page_path("review/"), review));
    let interview = super::review::interview(input, strings);
    jobs.push(generated(
        "interview.html",
        page_path("review/interview/"),
        interview,
    ));
    let mut diagnostics = print_editions(renderer, input, strings, &mut jobs, sink);
    diagnostics.extend(
        jobs.into_par_iter()
            .filter_map(|job| match (job.render)(renderer) {
                Ok(output) => {
                    sink(output);
                    None
                }
                Err(message) => Some(template_failed(input, job.template, &message)),
            })
            .collect::<Vec<_>>(),
    );
    for file in super::feeds::files(renderer, input) {
        match file {
            Ok(output) => sink(output),
            Err((template, message)) => {
                diagnostics.push(template_failed(input, template, &message))
            }
        }
    }
    diagnostics
}

/// The search page's title: the placeholder's first word ("검색").
fn search_title(strings: &crate::i18n::Strings) -> String {
    strings
        .search_placeholder
        .split(' ')
        .next()
        .unwrap_or("검색")
        .into()
}

/// The session and tag pages and their indexes.
fn lists(input: &Input<'_>, strings: &crate::i18n::Strings) -> Vec<Generated> {
    let mut jobs = vec![generated(
        "sessions.html",
        page_path("sessions/"),
        sessions_index(input, strings),
    )];
    for session in &input.config.sessions {
        let view = session_page(input, session);
        let url = view.common.url.clone();
        jobs.push(generated("session.html", page_path(&url), view));
    }
    // The tag index exists even without tags, because every page's navigation links to it.
    jobs.push(generated(
        "tags.html",
        page_path("tags/"),
        tags_index(input, strings),
    ));
    for (tag, members) in &input.structure.tags {
        let url = format!("tags/{}/", crate::slug::tag(tag));
        let view = ListView {
            common: PageCommon::generated(Kind::Tag, format!("#{tag}"), url.clone()),
            children: members.iter().map(|&id| child_view(input, id, 0)).collect(),
        };
        jobs.push(generated("tag.html", page_path(&url), view));
    }
    jobs
}

/// Renders the print editions at once (each streams its articles) and queues the list of them
/// that a big book gets.
fn print_editions(
    renderer: &Renderer<'_>,
    input: &Input<'_>,
    strings: &crate::i18n::Strings,
    jobs: &mut Vec<Generated>,
    sink: Sink<'_>,
) -> Vec<Diagnostic> {
    let editions = super::print::editions(input, strings);
    // Even a big book of one topic gets the list: `print/` is linked from every page.
    if let super::print::Editions::PerTopic(_) = editions {
        let view = super::print::editions_index(input, strings);
        jobs.push(generated("print-editions.html", page_path("print/"), view));
    }
    let mut diagnostics = Vec::new();
    for edition in editions.all() {
        match super::print::print_edition(renderer, input, edition) {
            Ok(output) => sink(output),
            Err(message) => diagnostics.push(template_failed(input, "print.html", &message)),
        }
    }
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

fn sessions_index(input: &Input<'_>, strings: &crate::i18n::Strings) -> ListView {
    let children = input
        .config
        .sessions
        .iter()
        .map(|session| {
            ChildView::group(
                session.title.clone(),
                session_view(session).url,
                Some(byline(session)),
                Some(session.id.clone()),
            )
        })
        .collect();
    ListView {
        common: PageCommon::generated(Kind::Sessions, strings.sessions.into(), "sessions/".into()),
        children,
    }
}

/// "date · author", the line under a round's title (either side may be empty).
fn byline(session: &crate::config::Session) -> String {
    let date = session.date.map(|date| date.to_string());
    format!("{} · {}", date.unwrap_or_default(), session.author)
}

fn session_page(input: &Input<'_>, session: &crate::config::Session) -> SessionPageView {
    let session_link = session_view(session);
    let mut common = PageCommon::generated(
        Kind::Session,
        session.title.clone(),
        session_link.url.clone(),
    );
    common.description = byline(session);
    SessionPageView {
        common,
        children: session_groups(input, session),
        session: session_link,
    }
}

/// The round's questions grouped under their scenario, in the round's order.
fn session_groups(input: &Input<'_>, session: &crate::config::Session) -> Vec<ChildView> {
    let mut groups: Vec<ChildView> = Vec::new();
    for &id in input
        .structure
        .sessions
        .get(&session.id)
        .into_iter()
        .flatten()
    {
        let scenario = input.structure.parent[id];
        let key_url = scenario
            .map(|s| input.pages[s].url.clone())
            .unwrap_or_default();
        if groups.last().map(|g| g.url.as_str()) != Some(key_url.as_str()) {
            let (title, summary) = match scenario {
                Some(s) => {
                    let topic = (input.structure.topic_page(s))
                        .map(|t| input.pages[t].title.clone())
                        .unwrap_or_default();
                    (input.pages[s].title.clone(), Some(topic))
                }
                None => (String::new(), None),
            };
            groups.push(ChildView::group(
                title,
                key_url,
                summary,
                Some(session.id.clone()),
            ));
        }
        if let Some(group) = groups.last_mut() {
            group.children.push(child_view(input, id, 0));
        }
    }
    groups
}

fn tags_index(input: &Input<'_>, strings: &crate::i18n::Strings) -> ListView {
    let children = input
        .structure
        .tags
        .iter()
        .map(|(tag, members)| {
            ChildView::group(
                format!("#{tag}"),
                format!("tags/{}/", crate::slug::tag(tag)),
                Some(members.len().to_string()),
                None,
            )
        })
        .collect();
    ListView {
        common: PageCommon::generated(Kind::Tags, strings.tags.into(), "tags/".into()),
        children,
    }
}

/// The whole book's concept map.
fn book_map(input: &Input<'_>, strings: &crate::i18n::Strings) -> MapView {
    let url = "map/";
    let members: Vec<_> = input.structure.leaves().collect();
    MapView {
        common: PageCommon::generated(Kind::Map, strings.concept_map.into(), url.into()),
        concept_map: Some(super::pages::concept_map(
            input,
            &members,
            url,
            strings.concept_map,
        ))
        .filter(|svg| !svg.is_empty()),
    }
}
