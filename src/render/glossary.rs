//! The glossary page's view: every term with its definition, the answer that explains it and the
//! pages that use it, plus an index by English name. `glossary.html` lays it out.

use super::pages::link;
use super::views::*;
use super::Input;
use crate::page::PageId;

/// The glossary's view (only built when the book has terms).
pub(super) fn view(input: &Input<'_>, strings: &crate::i18n::Strings) -> GlossaryView {
    let by_path: std::collections::HashMap<&str, PageId> = (input.pages.iter_enumerated())
        .map(|(id, page)| (page.rel_path.as_str(), id))
        .collect();
    let terms = input
        .glossary
        .terms
        .iter()
        .map(|term| TermView {
            id: term.id.clone(),
            ko: term.ko.clone(),
            en: term.en.clone(),
            definition: term.definition.clone(),
            answer: term
                .answer
                .as_deref()
                .and_then(|answer| by_path.get(answer))
                .map(|&id| link(&input.pages[id])),
            users: users(input, &term.id),
        })
        .collect();
    GlossaryView {
        common: PageCommon::generated(Kind::Glossary, strings.glossary.into(), "glossary/".into()),
        terms,
        english: english_index(input),
    }
}

/// The pages whose text links the term `id`, in book order.
fn users(input: &Input<'_>, id: &str) -> Vec<LinkView> {
    (input.docs.iter_enumerated())
        .filter(|(_, doc)| doc.outline.terms.iter().any(|term| term == id))
        .map(|(page, _)| link(&input.pages[page]))
        .collect()
}

/// The terms that have an English name, sorted by it (case-insensitively).
fn english_index(input: &Input<'_>) -> Vec<TermIndexEntry> {
    let mut english: Vec<TermIndexEntry> = input
        .glossary
        .terms
        .iter()
        .filter(|term| !term.en.is_empty())
        .map(|term| TermIndexEntry {
            id: term.id.clone(),
            en: term.en.clone(),
            ko: term.ko.clone(),
        })
        .collect();
    english.sort_by_key(|entry| entry.en.to_lowercase());
    english
}
