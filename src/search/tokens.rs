//! The tokenizer shared by the index and `theme/static/search.js` (which ports it line for line).
//!
//! Text is NFC-normalised and lowercased, then split into words of three kinds: Hangul syllable
//! runs, compatibility-jamo runs (초성 queries), and other letters and digits (Latin, numbers).
//! A Hangul word yields its character bigrams, its first syllable, and the bigram that joins it
//! to the previous Hangul word when only whitespace separates them, so "보안그룹" and "보안 그룹"
//! share every key and "밸런서" (밸런, 런서) lies inside "로드밸런서". It also yields the 초성
//! prefixes of the Hangul run starting there ("교착 상태" → ㄱㅊㅅ, ㄱㅊㅅㅌ). Other words
//! yield the whole word and, for type-ahead, their prefixes of 3 to 12 characters, marked with a
//! trailing `*` so that they never collide with whole words.
//!
//! `tests/search/cases.json` holds the cases this, `query`, `rank` and `search.js` must all pass
//! (`tests/it/search_cases.rs` runs both languages on them).

use unicode_normalization::UnicodeNormalization;

/// Shortest Latin prefix that gets its own key.
pub const PREFIX_MIN: usize = 3;
/// Longest Latin prefix that gets its own key; longer typed words look up this prefix.
pub const PREFIX_MAX: usize = 12;
/// Shortest 초성 prefix that gets its own key: two consonants match too much to be useful, and
/// indexing them cost a fifth of all postings.
pub const CHOSEONG_MIN: usize = 3;
/// Longest 초성 prefix that gets its own key.
pub const CHOSEONG_MAX: usize = 4;

/// The 19 initial consonants in syllable order, as compatibility jamo.
const CHOSEONG: [char; 19] = [
    'ㄱ', 'ㄲ', 'ㄴ', 'ㄷ', 'ㄸ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅃ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅉ', 'ㅊ', 'ㅋ',
    'ㅌ', 'ㅍ', 'ㅎ',
];

/// What a word is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Hangul syllables (U+AC00–U+D7A3).
    Hangul,
    /// Hangul compatibility jamo (U+3131–U+318E), as typed for 초성 search.
    Jamo,
    /// Any other letters and digits.
    Other,
}

/// One word of normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    /// What it is made of.
    pub kind: Kind,
    /// The characters, normalised.
    pub chars: &'a [char],
    /// A Hangul word that follows another Hangul word with only whitespace between them.
    pub joined: bool,
}

/// NFC, then lowercase: the form every key and query is compared in.
pub fn normalize(text: &str) -> String {
    // Nearly all text is already NFC; the quick check skips the costly recomposition.
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
    {
        text.to_lowercase()
    } else {
        text.nfc().collect::<String>().to_lowercase()
    }
}

/// The characters of `text`, normalised, for [`words`].
pub fn chars(text: &str) -> Vec<char> {
    let mut chars = Vec::with_capacity(text.len() / 2);
    for c in text.chars() {
        match c {
            'A'..='Z' => chars.push(c.to_ascii_lowercase()),
            // Already NFC and without case: keep as is, skipping both table lookups. This is
            // nearly all of a Korean book, and saved a tenth of the indexing time.
            '\0'..='\x7f' | '\u{AC00}'..='\u{D7A3}' | '\u{3131}'..='\u{318E}' => chars.push(c),
            '·' | '×' | '–' | '—' | '‘' | '’' | '“' | '”' | '…' | '→' | '←' | '、' | '。' => {
                chars.push(c)
            }
            _ => return normalize(text).chars().collect(),
        }
    }
    chars
}

fn kind_of(c: char) -> Option<Kind> {
    match c {
        '\u{AC00}'..='\u{D7A3}' => Some(Kind::Hangul),
        '\u{3131}'..='\u{318E}' => Some(Kind::Jamo),
        c if c.is_alphanumeric() => Some(Kind::Other),
        _ => None,
    }
}

/// What lies between the end of the last word and the current character.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Gap {
    Nothing,
    Spaces,
    Other,
}

/// Splits normalised characters into words.
pub fn words(chars: &[char]) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    let mut current: Option<(Kind, usize, bool)> = None;
    let mut previous: Option<Kind> = None;
    let mut gap = Gap::Other;
    for (idx, &c) in chars.iter().enumerate() {
        let kind = kind_of(c);
        if let Some((current_kind, start, joined)) = current {
            if kind == Some(current_kind) {
                continue;
            }
            words.push(Word {
                kind: current_kind,
                chars: &chars[start..idx],
                joined,
            });
            previous = Some(current_kind);
            gap = Gap::Nothing;
            current = None;
        }
        match kind {
            Some(kind) => {
                let joined =
                    kind == Kind::Hangul && previous == Some(Kind::Hangul) && gap == Gap::Spaces;
                current = Some((kind, idx, joined));
            }
            None if c.is_whitespace() && gap != Gap::Other => gap = Gap::Spaces,
            None => gap = Gap::Other,
        }
    }
    if let Some((kind, start, joined)) = current {
        words.push(Word {
            kind,
            chars: &chars[start..],
            joined,
        });
    }
    words
}

/// The initial consonant of a Hangul syllable.
pub fn choseong(syllable: char) -> Option<char> {
    let offset = u32::from(syllable).checked_sub(0xAC00)?;
    CHOSEONG.get((offset / 588) as usize).copied()
}

/// What a key is, for the index to treat kinds differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// A Hangul bigram or first syllable, or a jamo word.
    Gram,
    /// A whole Latin (or other non-Hangul) word; its [`prefixes`] are not emitted.
    Word,
    /// A 초성 prefix.
    Choseong,
}

/// Calls `emit` with every key of `text` (repeats included, in text order).
pub fn keys(text: &str, mut emit: impl FnMut(&[char])) {
    let mut prefix = Vec::new();
    typed_keys(text, |key, kind| {
        emit(key);
        if kind == KeyKind::Word {
            prefixes(key, &mut prefix, &mut emit);
        }
    });
}

/// Like [`keys`], with each key's kind, and a word without its [`prefixes`]: the index expands
/// them once per distinct word rather than once per use.
pub fn typed_keys(text: &str, mut emit: impl FnMut(&[char], KeyKind)) {
    let chars = chars(text);
    let words = words(&chars);
    let mut key: Vec<char> = Vec::new();
    for (word_idx, word) in words.iter().enumerate() {
        match word.kind {
            Kind::Hangul => hangul_keys(&words, word_idx, &mut key, &mut emit),
            Kind::Jamo => emit(word.chars, KeyKind::Gram),
            Kind::Other => emit(word.chars, KeyKind::Word),
        }
    }
}

/// The type-ahead keys of a Latin word: its first 3 to 12 characters, then `*`.
pub fn prefixes(word: &[char], buffer: &mut Vec<char>, emit: &mut impl FnMut(&[char])) {
    for len in PREFIX_MIN..=word.len().min(PREFIX_MAX) {
        buffer.clear();
        buffer.extend_from_slice(&word[..len]);
        buffer.push('*');
        emit(buffer);
    }
}

fn hangul_keys(
    words: &[Word<'_>],
    word_idx: usize,
    key: &mut Vec<char>,
    emit: &mut impl FnMut(&[char], KeyKind),
) {
    let word = &words[word_idx];
    emit(&word.chars[..1], KeyKind::Gram);
    if word.joined {
        if let Some(&last) = words[word_idx - 1].chars.last() {
            emit(&[last, word.chars[0]], KeyKind::Gram);
        }
    }
    for pair in word.chars.windows(2) {
        emit(pair, KeyKind::Gram);
    }
    // 초성 prefixes of the run of joined Hangul words starting here.
    key.clear();
    let run = std::iter::once(word).chain(
        words[word_idx + 1..]
            .iter()
            .take_while(|w| w.kind == Kind::Hangul && w.joined),
    );
    'run: for next in run {
        for &syllable in next.chars {
            let Some(initial) = choseong(syllable) else {
                break 'run;
            };
            key.push(initial);
            if key.len() >= CHOSEONG_MIN {
                emit(key, KeyKind::Choseong);
            }
            if key.len() == CHOSEONG_MAX {
                break 'run;
            }
        }
    }
}

/// The key a Hangul bigram makes.
pub fn bigram(first: char, second: char) -> String {
    [first, second].iter().collect()
}

/// FNV-1a (32-bit) over UTF-8, the shard of a key; `search.js` computes the same with `Math.imul`.
pub fn hash(key: &str) -> u32 {
    key.bytes().fold(0x811c_9dc5, |hash: u32, byte| {
        (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, expected: &[&str]) {
        let mut got = Vec::new();
        keys(text, |key| got.push(key.iter().collect::<String>()));
        assert_eq!(got, expected, "keys of {text:?}");
    }

    #[test]
    fn hangul_words_give_first_syllable_bigrams_and_choseong() {
        check("밸런서", &["밸", "밸런", "런서", "ㅂㄹㅅ"]);
    }

    #[test]
    fn whitespace_between_hangul_words_is_bridged() {
        check(
            "보안 그룹",
            &["보", "보안", "ㅂㅇㄱ", "ㅂㅇㄱㄹ", "그", "안그", "그룹"],
        );
    }

    #[test]
    fn punctuation_between_hangul_words_is_not_bridged() {
        let mut got = Vec::new();
        keys("보안, 그룹", |key| {
            got.push(key.iter().collect::<String>())
        });
        assert!(!got.contains(&"안그".to_string()), "{got:?}");
        assert!(!got.contains(&"ㅂㅇㄱ".to_string()), "{got:?}");
    }

    #[test]
    fn latin_words_are_lowercased_with_prefixes() {
        check("NAT", &["nat", "nat*"]);
        check(
            "Gateway",
            &["gateway", "gat*", "gate*", "gatew*", "gatewa*", "gateway*"],
        );
        check("s3", &["s3"]);
    }

    #[test]
    fn long_latin_words_stop_at_the_longest_prefix() {
        let mut got = Vec::new();
        keys("internationalization", |key| {
            got.push(key.iter().collect::<String>())
        });
        assert_eq!(got.last().map(String::as_str), Some("internationa*"));
        assert_eq!(got.len(), 1 + PREFIX_MAX - PREFIX_MIN + 1);
    }

    #[test]
    fn latin_next_to_hangul_splits_and_does_not_bridge() {
        check("ALB를", &["alb", "alb*", "를"]);
        let chars = chars("보안 ALB 그룹");
        let words = words(&chars);
        assert!(words.iter().all(|w| !w.joined), "{words:?}");
    }

    #[test]
    fn decomposed_hangul_is_composed_first() {
        let nfd: String = "상태".nfd().collect();
        assert_ne!(nfd, "상태");
        check(&nfd, &["상", "상태"]);
    }

    #[test]
    fn the_fast_path_agrees_with_normalize() {
        for text in ["NAT Gateway를 · 둔다 → 끝…", "Ünïcode É", "ΣΑΣ", "ﬁ ǅ Ⅻ"]
        {
            let slow: Vec<char> = normalize(text).chars().collect();
            assert_eq!(chars(text), slow, "{text}");
        }
    }

    #[test]
    fn choseong_of_syllables() {
        assert_eq!(choseong('교'), Some('ㄱ'));
        assert_eq!(choseong('착'), Some('ㅊ'));
        assert_eq!(choseong('힣'), Some('ㅎ'));
        assert_eq!(choseong('a'), None);
    }

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(hash(""), 0x811c_9dc5);
        assert_eq!(hash("a"), 0xe40c_292c);
        assert_eq!(hash("foobar"), 0xbf9c_f968);
    }
}
