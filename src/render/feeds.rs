//! The machine-read files: `sitemap.xml`, `atom.xml` and `robots.txt`, each from its template
//! (`.xml` templates are autoescaped like HTML; the built-in ones escape text nodes with `text`).

use super::views::*;
use super::{Input, Output, Renderer};
use crate::content::PageKind;
use crate::date::Date;
use crate::output::Claim;
use crate::page::PageId;

/// The files made here (each template's name is its output's path).
pub(super) const CLAIMS: &[Claim] = &[
    Claim::file("sitemap.xml", "sitemap"),
    Claim::file("atom.xml", "Atom feed"),
    Claim::file("robots.txt", "robots.txt"),
];

/// The three files, or for each that fails, its template's name and tera's message.
pub(super) fn files(
    renderer: &Renderer<'_>,
    input: &Input<'_>,
) -> Vec<Result<Output, (&'static str, String)>> {
    vec![
        render(renderer, "sitemap.xml", "sitemap", &sitemap(input)),
        render(renderer, "atom.xml", "feed", &feed(input)),
        render(renderer, "robots.txt", "robots", &robots(input)),
    ]
}

/// Renders `template` (which is also the output's path) with `view` as `name`, beside `site`.
fn render(
    renderer: &Renderer<'_>,
    template: &'static str,
    name: &str,
    view: &impl serde::Serialize,
) -> Result<Output, (&'static str, String)> {
    let rendered = (renderer.contexts).with(name, view, |context| {
        super::run_template(renderer, template, context)
    });
    match rendered {
        Ok(bytes) => Ok(Output {
            path: template.into(),
            bytes,
        }),
        Err(message) => Err((template, message)),
    }
}

/// `url` (relative to the site root) made absolute with the base URL, or root-relative without.
fn absolute(input: &Input<'_>, url: &str) -> String {
    format!("{}{url}", input.config.base_url.as_deref().unwrap_or("/"))
}

fn sitemap(input: &Input<'_>) -> SitemapView {
    let urls = (input.pages.iter_enumerated())
        .map(|(id, page)| SitemapUrl {
            loc: absolute(input, &crate::url::encode_path(&page.url)),
            lastmod: input.updated.get(id).copied().flatten(),
        })
        .collect();
    SitemapView { urls }
}

fn robots(input: &Input<'_>) -> RobotsView {
    RobotsView {
        sitemap_url: absolute(input, "sitemap.xml"),
    }
}

/// The day the feed gives an entry whose page has no known day, and the feed itself when it
/// has no entries: Atom requires an `<updated>` on both, and the sitemap, which does not, leaves
/// `<lastmod>` out instead. Undated entries sort as of this day.
const UNDATED: Date = match Date::from_ymd(2025, 1, 1) {
    Some(date) => date,
    None => panic!("2025-01-01 is a day"),
};

/// An entry's (or the feed's) `<updated>`: its day, else [`UNDATED`].
fn atom_updated(day: Option<Date>) -> Date {
    day.unwrap_or(UNDATED)
}

/// The answers (leaf pages), newest date first, at most 50.
fn feed(input: &Input<'_>) -> FeedView {
    let config = input.config;
    let date_of = |id: PageId| atom_updated(input.updated.get(id).copied().flatten());
    let mut leaves: Vec<PageId> = (input.pages.ids())
        .filter(|&id| input.pages[id].kind == PageKind::Leaf)
        .collect();
    leaves.sort_by_key(|&id| std::cmp::Reverse(date_of(id)));
    let entries: Vec<FeedEntry> = leaves
        .into_iter()
        .take(50)
        .map(|id| FeedEntry {
            title: xml_chars(&input.pages[id].title),
            url: absolute(input, &crate::url::encode_path(&input.pages[id].url)),
            updated: date_of(id),
            summary: xml_chars(
                input.docs[id]
                    .outline
                    .summary
                    .as_deref()
                    .unwrap_or_default(),
            ),
        })
        .collect();
    FeedView {
        lang: config.language.tag().to_string(),
        title: xml_chars(&config.title),
        url: absolute(input, ""),
        self_url: absolute(input, "atom.xml"),
        updated: atom_updated(entries.first().map(|entry| entry.updated)),
        authors: xml_chars(&config.authors.join(", ")),
        entries,
    }
}

/// Drops the characters XML 1.0 forbids (control characters other than tab and newlines,
/// U+FFFE, U+FFFF): one of them in a title made the whole feed invalid. Escaping is the
/// template's.
fn xml_chars(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r')
                || !(c.is_control() || c == '\u{fffe}' || c == '\u{ffff}')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_undated_entry_is_updated_on_the_named_day() {
        assert_eq!(super::atom_updated(None).to_string(), "2025-01-01");
        let day = crate::date::Date::parse("2024-12-31");
        assert_eq!(super::atom_updated(day), day.unwrap());
    }
}
