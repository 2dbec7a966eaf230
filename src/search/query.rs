//! A typed query → the keys to look up, grouped into terms and synonym slots; ported to
//! `search.js` as `parseQuery`.
//!
//! Each query word is a [`Term`]: a Hangul word needs all its bigrams (all but one when it has
//! three or more, so "가용성을" still finds "가용성"); a Latin word needs its whole-word key, or
//! its prefix key when it is the last word and still being typed; a run of three or more
//! consonant jamo is a 초성 query. Phrases that spell a glossary term ("state locking", "보안그룹") become a [`Slot`]
//! whose other spellings ("상태 잠금"; "security group", "SG") count as the same words.

use std::collections::HashMap;

use super::tokens::{self, Kind, Word, CHOSEONG_MAX, CHOSEONG_MIN, PREFIX_MAX, PREFIX_MIN};

/// One query word: the keys a page must have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Keys to look up.
    pub keys: Vec<String>,
    /// How many of them a page needs for the term to match.
    pub required: usize,
}

/// One way to spell a slot's words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Alternative {
    /// Its words.
    pub terms: Vec<Term>,
    /// Bigrams across the spaces inside it: not required, but they lift pages that have the words
    /// side by side.
    pub bonus: Vec<String>,
}

/// A run of query words, with its synonyms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// How many query words it covers.
    pub width: usize,
    /// The words as typed first, then the glossary's other spellings.
    pub alternatives: Vec<Alternative>,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// Slots in query order.
    pub slots: Vec<Slot>,
    /// Bigrams across the spaces between slots (see [`Alternative::bonus`]).
    pub bonus: Vec<String>,
}

impl Query {
    /// Every key any slot may look up, without repeats, in first-use order.
    pub fn all_keys(&self) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        let mut keys = Vec::new();
        for alternative in self.slots.iter().flat_map(|slot| &slot.alternatives) {
            let terms = alternative.terms.iter().flat_map(|term| &term.keys);
            for key in terms.chain(&alternative.bonus) {
                if seen.insert(key.as_str()) {
                    keys.push(key.clone());
                }
            }
        }
        for key in &self.bonus {
            if seen.insert(key.as_str()) {
                keys.push(key.clone());
            }
        }
        keys
    }
}

/// Glossary spellings by their letters with spaces and punctuation removed.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    groups: Vec<Vec<String>>,
    by_spelling: HashMap<String, Vec<usize>>,
    longest: usize,
}

/// The letters of a phrase, for comparing spellings: "NAT GW" and "nat-gw" both give `natgw`.
fn squash(words: &[Word<'_>]) -> String {
    words.iter().flat_map(|w| w.chars.iter()).collect()
}

impl Synonyms {
    /// Indexes groups of spellings that mean the same (a glossary term's ko, en and aliases).
    pub fn new(groups: Vec<Vec<String>>) -> Self {
        let mut by_spelling: HashMap<String, Vec<usize>> = HashMap::new();
        let mut longest = 0;
        for (group_idx, group) in groups.iter().enumerate() {
            for spelling in group {
                let chars = tokens::chars(spelling);
                let words = tokens::words(&chars);
                let key = squash(&words);
                if key.is_empty() {
                    continue;
                }
                longest = longest.max(words.len());
                let list = by_spelling.entry(key).or_default();
                if !list.contains(&group_idx) {
                    list.push(group_idx);
                }
            }
        }
        Synonyms {
            groups,
            by_spelling,
            longest,
        }
    }

    /// The groups, as written into `meta.json`.
    pub fn groups(&self) -> &[Vec<String>] {
        &self.groups
    }
}

/// Parses what the reader typed. The last word is still being typed unless the query ends with
/// whitespace.
pub fn parse(query: &str, synonyms: &Synonyms) -> Query {
    let chars = tokens::chars(query);
    let open_last = chars.last().is_some_and(|c| !c.is_whitespace());
    let words: Vec<Word<'_>> = tokens::words(&chars)
        .into_iter()
        .filter(|w| w.kind != Kind::Jamo || is_choseong_query(w.chars))
        .collect();
    let mut query = Query::default();
    let mut start = 0;
    while start < words.len() {
        let max_width = synonyms.longest.min(words.len() - start);
        let found = (1..=max_width).rev().find_map(|width| {
            let key = squash(&words[start..start + width]);
            synonyms.by_spelling.get(&key).map(|groups| (width, groups))
        });
        let is_last = |end: usize| open_last && end == words.len();
        let (width, groups) = found.map_or((1, None), |(w, g)| (w, Some(g)));
        let end = start + width;
        let mut alternatives = vec![alternative(&words[start..end], is_last(end))];
        for &group_idx in groups.into_iter().flatten() {
            for spelling in &synonyms.groups[group_idx] {
                let spelled_chars = tokens::chars(spelling);
                let spelled = tokens::words(&spelled_chars);
                let candidate = alternative(&spelled, false);
                if !candidate.terms.is_empty() && !alternatives.contains(&candidate) {
                    alternatives.push(candidate);
                }
            }
        }
        if start > 0 && words[start].joined {
            if let Some(&last) = words[start - 1].chars.last() {
                query
                    .bonus
                    .push(tokens::bigram(last, words[start].chars[0]));
            }
        }
        if !alternatives[0].terms.is_empty() {
            query.slots.push(Slot {
                width,
                alternatives,
            });
        }
        start = end;
    }
    query
}

/// A run of three or more initial consonants (a lone jamo is a syllable still being typed, and
/// two are not indexed).
fn is_choseong_query(chars: &[char]) -> bool {
    chars.len() >= CHOSEONG_MIN && chars.iter().all(|c| ('ㄱ'..='ㅎ').contains(c))
}

fn alternative(words: &[Word<'_>], open_last: bool) -> Alternative {
    let mut result = Alternative::default();
    for (word_idx, word) in words.iter().enumerate() {
        let open = open_last && word_idx + 1 == words.len();
        if let Some(term) = term(word, open) {
            result.terms.push(term);
        }
        if word.joined && word_idx > 0 {
            if let Some(&last) = words[word_idx - 1].chars.last() {
                result.bonus.push(tokens::bigram(last, word.chars[0]));
            }
        }
    }
    result
}

fn term(word: &Word<'_>, open: bool) -> Option<Term> {
    let mut keys: Vec<String> = Vec::new();
    match word.kind {
        Kind::Hangul if word.chars.len() == 1 => keys.push(word.chars[0].to_string()),
        Kind::Hangul => {
            for pair in word.chars.windows(2) {
                let key = tokens::bigram(pair[0], pair[1]);
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
        Kind::Jamo => keys.push(word.chars.iter().take(CHOSEONG_MAX).collect()),
        Kind::Other if open && word.chars.len() >= PREFIX_MIN => {
            let mut key: String = word.chars.iter().take(PREFIX_MAX).collect();
            key.push('*');
            keys.push(key);
        }
        Kind::Other => keys.push(word.chars.iter().collect()),
    }
    if keys.is_empty() {
        return None;
    }
    let required = if keys.len() >= 3 {
        keys.len() - 1
    } else {
        keys.len()
    };
    Some(Term { keys, required })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_of(query: &str) -> Vec<Vec<String>> {
        let parsed = parse(query, &Synonyms::default());
        parsed
            .slots
            .iter()
            .flat_map(|slot| slot.alternatives[0].terms.iter().map(|t| t.keys.clone()))
            .collect()
    }

    #[test]
    fn hangul_terms_are_bigrams() {
        assert_eq!(keys_of("밸런서"), vec![vec!["밸런", "런서"]]);
        assert_eq!(keys_of("락"), vec![vec!["락"]]);
    }

    #[test]
    fn the_last_latin_word_is_a_prefix_while_typing() {
        assert_eq!(keys_of("nat gate"), vec![vec!["nat"], vec!["gate*"]]);
        assert_eq!(keys_of("nat gateway "), vec![vec!["nat"], vec!["gateway"]]);
        assert_eq!(keys_of("na"), vec![vec!["na"]]);
    }

    #[test]
    fn choseong_runs_are_one_term_and_lone_jamo_are_dropped() {
        assert_eq!(keys_of("ㄱㅊㅅㅌ"), vec![vec!["ㄱㅊㅅㅌ"]]);
        assert_eq!(keys_of("보안ㄱ"), vec![vec!["보안"]]);
        assert!(keys_of("ㄱㅊ").is_empty());
    }

    #[test]
    fn long_hangul_terms_allow_one_missing_key() {
        let parsed = parse("가용성을", &Synonyms::default());
        assert_eq!(parsed.slots[0].alternatives[0].terms[0].required, 2);
    }

    #[test]
    fn spaced_hangul_words_carry_a_bonus_bigram() {
        let parsed = parse("보안 그룹", &Synonyms::default());
        assert_eq!(parsed.all_keys(), vec!["보안", "그룹", "안그"]);
        let parsed = parse(
            "보안 그룹",
            &Synonyms::new(vec![vec!["보안 그룹".into(), "security group".into()]]),
        );
        assert_eq!(parsed.slots.len(), 1);
        assert_eq!(parsed.slots[0].alternatives[0].bonus, vec!["안그"]);
    }

    #[test]
    fn synonyms_match_with_or_without_spaces() {
        let synonyms = Synonyms::new(vec![vec![
            "상태 잠금".into(),
            "state locking".into(),
            "state lock".into(),
        ]]);
        let parsed = parse("terraform state locking", &synonyms);
        assert_eq!(parsed.slots.len(), 2);
        assert_eq!(parsed.slots[1].width, 2);
        // As typed (`locking*`, still being typed), then 상태 잠금, state locking, state lock.
        assert_eq!(parsed.slots[1].alternatives.len(), 4);
        let korean = parse("상태잠금", &synonyms);
        assert_eq!(korean.slots[0].alternatives.len(), 4);
        assert_eq!(
            korean.slots[0].alternatives[0].terms[0].keys,
            ["상태", "태잠", "잠금"]
        );
    }
}
