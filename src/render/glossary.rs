//! The glossary page's view: every term with its definition, the answer that explains it and the
//! pages that use it, plus an index by English name. `glossary.html` lays it out.

use super::pages::link;
use super::views::*;
use super::Input;

/// The glossary's view (only built when the book has terms).
pub(super) fn view(input: &Input<'_>, strings: &crate::i18n::Strings) -> GlossaryView {
    let terms: Vec<TermView> = input
        .glossary
        .terms
        .iter()
        .map(|term| TermView {
            id: term.id.clone(),
            ko: term.ko.clone(),
            en: term.en.clone(),
            definition: term.definition.clone(),
            answer: term.answer.map(|id| link(&input.pages[id])),
            users: users(input, &term.id),
        })
        .collect();
    let english = english_index(input);
    let letters = letters(&terms, &english);
    GlossaryView {
        common: PageCommon::generated(Kind::Glossary, strings.glossary.into(), "glossary/".into()),
        terms,
        english,
        letters,
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
            anchor: None,
        })
        .collect();
    english.sort_by_key(|entry| entry.en.to_lowercase());
    let mut last = None;
    for entry in &mut english {
        let letter = latin_initial(&entry.en);
        if letter.is_some() && letter != last {
            entry.anchor = letter.map(|l| format!("en-{}", l.to_ascii_lowercase()));
        }
        last = letter;
    }
    english
}

/// The index by first letter (the glossary is a long page): each Hangul initial
/// consonant leads to the first term filed under it, each Latin letter to the English index.
fn letters(terms: &[TermView], english: &[TermIndexEntry]) -> Vec<LetterView> {
    let mut letters: Vec<LetterView> = Vec::new();
    for term in terms {
        let Some(initial) = term.ko.chars().next().and_then(hangul_initial) else {
            continue;
        };
        if !letters.iter().any(|l| l.letter.starts_with(initial)) {
            letters.push(LetterView {
                letter: initial.to_string(),
                target: term.id.clone(),
            });
        }
    }
    letters.sort_by(|a, b| a.letter.cmp(&b.letter));
    letters.extend(english.iter().filter_map(|entry| {
        Some(LetterView {
            letter: latin_initial(&entry.en)?.to_string(),
            target: entry.anchor.clone()?,
        })
    }));
    letters
}

/// The initial consonant of a Hangul syllable, with the doubled ones filed under their single
/// consonant as Korean dictionaries do (ㄲ under ㄱ).
fn hangul_initial(syllable: char) -> Option<char> {
    const INITIALS: [char; 19] = [
        'ㄱ', 'ㄱ', 'ㄴ', 'ㄷ', 'ㄷ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅂ', 'ㅅ', 'ㅅ', 'ㅇ', 'ㅈ', 'ㅈ', 'ㅊ',
        'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ',
    ];
    let offset = u32::from(syllable).checked_sub(0xAC00)?;
    INITIALS.get(usize::try_from(offset / 588).ok()?).copied()
}

/// The upper-case first letter of an English name, if it starts with one.
fn latin_initial(name: &str) -> Option<char> {
    name.chars()
        .next()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    #[test]
    fn hangul_initials_file_doubled_consonants_under_the_single_one() {
        assert_eq!(super::hangul_initial('가'), Some('ㄱ'));
        assert_eq!(super::hangul_initial('까'), Some('ㄱ'));
        assert_eq!(super::hangul_initial('힣'), Some('ㅎ'));
        assert_eq!(super::hangul_initial('A'), None);
        assert_eq!(super::latin_initial("tcp"), Some('T'));
        assert_eq!(super::latin_initial("202 Accepted"), None);
    }
}
