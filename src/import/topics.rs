//! Which existing topic a scenario belongs to: the topic whose words the scenario uses most.
//!
//! A topic's words are phrases (`로드 밸런서`, `Kubernetes`, `SPOF`); a scenario uses one when its
//! text contains it. Latin phrases must match whole words (`ASG` is not in `ASGARD`); Hangul
//! phrases match inside words, because Korean attaches particles (`컨테이너를`) and writes
//! compounds with or without spaces (`보안그룹`, `보안 그룹`), so spaces are ignored on both sides.
//! A topic needs [`MIN_SHARED`] distinct shared words: fewer is a coincidence, and the scenario
//! gets a topic of its own.

use std::collections::BTreeSet;

use super::blocks::is_hangul;
use super::book::TopicWords;

/// Distinct words a scenario must share with a topic to be filed under it.
pub(super) const MIN_SHARED: usize = 3;

/// The best topic for `text` and the words they share, if it shares at least [`MIN_SHARED`].
/// Ties go to the earlier topic.
pub(super) fn best<'a>(
    topics: &'a [TopicWords],
    text: &str,
) -> Option<(&'a TopicWords, Vec<String>)> {
    let haystack = Haystack::new(text);
    let mut best: Option<(&TopicWords, Vec<String>)> = None;
    for topic in topics {
        let shared = shared_words(topic, &haystack);
        if shared.len() >= MIN_SHARED && best.as_ref().is_none_or(|(_, b)| shared.len() > b.len()) {
            best = Some((topic, shared));
        }
    }
    best
}

/// The text to search, in the two forms matching needs (`subjects` matches its terms the same
/// way).
pub(super) struct Haystack {
    /// Lowercased, for Latin whole-word matches.
    lower: String,
    /// Lowercased with whitespace removed, for Hangul phrases.
    squashed: String,
}

impl Haystack {
    pub(super) fn new(text: &str) -> Self {
        let lower = text.to_lowercase();
        let squashed = lower.chars().filter(|c| !c.is_whitespace()).collect();
        Haystack { lower, squashed }
    }

    /// Whether the text uses `key` (lowercase): a Hangul phrase anywhere, spaces ignored; a Latin
    /// one as whole words.
    pub(super) fn contains(&self, key: &str) -> bool {
        if key.chars().any(is_hangul) {
            let key: String = key.chars().filter(|c| !c.is_whitespace()).collect();
            return self.squashed.contains(&key);
        }
        whole_word(&self.lower, key)
    }
}

fn whole_word(text: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric();
    text.match_indices(word).any(|(start, _)| {
        let before = text[..start].chars().next_back();
        let after = text[start + word.len()..].chars().next();
        // A Latin word may be followed by a Korean particle (`HPA를`), not by more Latin letters.
        !before.is_some_and(|c| is_word(c) && !is_hangul(c))
            && !after.is_some_and(|c| is_word(c) && !is_hangul(c))
    })
}

/// The topic's words that occur in the text, each once, in the topic's order of keys.
fn shared_words(topic: &TopicWords, haystack: &Haystack) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut shared = Vec::new();
    for key in topic.keys.iter().flat_map(|key| words_of(key)) {
        if seen.insert(key.clone()) && haystack.contains(&key) {
            shared.push(key);
        }
    }
    shared
}

/// Words too common in study questions to say anything about the topic.
const STOP_WORDS: &[&str] = &[
    "문제",
    "도입",
    "설계",
    "원리",
    "방법",
    "이유",
    "관점",
    "과정",
    "구조",
    "기반",
    "다룬다",
    "한다",
    "통해",
    "위한",
    "대한",
    "있는",
    "없는",
    "하는",
    "그리고",
    "the",
    "and",
    "for",
    "with",
    "of",
];

const PARTICLES: &[&str] = &[
    "으로", "에서", "에게", "까지", "부터", "처럼", "과", "와", "을", "를", "이", "가", "은", "는",
    "의", "로", "에", "도",
];

/// A key's matchable words: a short phrase (a glossary term, a tag) is one word as written; a
/// title or description is split into words, Korean particles dropped (`Kubernetes로` →
/// `kubernetes`, `원리를` → `원리`).
fn words_of(key: &str) -> Vec<String> {
    let key = key.trim().to_lowercase();
    if key.chars().count() <= 24 && !key.contains([',', '.', '(', ')']) {
        return keep(key).into_iter().collect();
    }
    key.split(|c: char| c.is_whitespace() || ",.()·/:;\"'`".contains(c))
        .map(strip_particle)
        .filter_map(|word| keep(word.to_string()))
        .collect()
}

fn strip_particle(word: &str) -> &str {
    if !word.chars().last().is_some_and(is_hangul) {
        // `Kubernetes로`: drop the Hangul tail of a Latin word.
        let latin_end = word
            .char_indices()
            .find(|(_, c)| is_hangul(*c))
            .map_or(word.len(), |(idx, _)| idx);
        if latin_end > 0 {
            return &word[..latin_end];
        }
    }
    for particle in PARTICLES {
        if let Some(stem) = word.strip_suffix(particle) {
            if stem.chars().count() >= 2 {
                return stem;
            }
        }
    }
    word
}

fn keep(word: String) -> Option<String> {
    let long_enough = word.chars().count() >= 2;
    (long_enough && !STOP_WORDS.contains(&word.as_str())).then_some(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(slug: &str, keys: &[&str]) -> TopicWords {
        TopicWords {
            slug: slug.into(),
            title: slug.into(),
            keys: keys.iter().map(|k| k.to_string()).collect(),
        }
    }

    #[test]
    fn the_topic_sharing_most_words_wins() {
        let topics = [
            topic("networking", &["TCP", "UDP", "지연 시간", "패킷"]),
            topic(
                "orchestration",
                &["Kubernetes", "파드", "HPA", "롤링 업데이트"],
            ),
        ];
        let (found, shared) = best(
            &topics,
            "Kubernetes 의 HPA를 구성하고 롤링업데이트 방식과 파드를 설명하시오",
        )
        .unwrap();
        assert_eq!(found.slug, "orchestration");
        assert_eq!(shared, vec!["kubernetes", "파드", "hpa", "롤링 업데이트"]);
    }

    #[test]
    fn too_few_shared_words_is_no_topic() {
        let topics = [topic("networking", &["TCP", "UDP", "패킷", "지연 시간"])];
        assert!(best(&topics, "TCP 연결과 캐시를 설명하시오").is_none());
    }

    #[test]
    fn latin_words_match_whole_words_only() {
        let haystack = Haystack::new("ASGARD 서버와 HPA를");
        assert!(!haystack.contains("asg"));
        assert!(haystack.contains("hpa"));
    }

    #[test]
    fn descriptions_split_into_words_without_particles() {
        assert_eq!(
            words_of("Kubernetes로 탄력성, 가용성, 무중단 배포를 얻는 원리"),
            vec!["kubernetes", "탄력성", "가용성", "무중단", "배포", "얻는"]
        );
        assert_eq!(words_of("로드 밸런서"), vec!["로드 밸런서"]);
    }
}
