//! Whether the words a scenario shares with a topic would convince its author.
//!
//! `topics::best` counts shared words, and a topic's words include every word of its
//! description, so common ones (`급증`, `운영`, `비용`, `트래픽`) filed a round on database indexes
//! under `availability/`. Here each shared word is weighed by where the topic has it:
//! a whole key — a tag, a glossary term answered in the topic, a section's title — is the author
//! naming the subject (strong); a word cut out of a longer title or description is incidental
//! (weak). Kept apart from `topics` so that the matching there can change on its own.

use super::book::TopicWords;

/// Strong words needed on their own.
const MIN_STRONG: usize = 2;
/// With a single strong word, the shared words needed in all.
const MIN_WITH_ONE_STRONG: usize = 5;

/// True when `shared` (words of `topic` found in the scenario) names the topic's subject: at
/// least [`MIN_STRONG`] whole keys, or one whole key among [`MIN_WITH_ONE_STRONG`] shared words.
pub(super) fn convincing(topic: &TopicWords, shared: &[String]) -> bool {
    let n_strong = shared
        .iter()
        .filter(|word| is_whole_key(topic, word))
        .count();
    n_strong >= MIN_STRONG || (n_strong == 1 && shared.len() >= MIN_WITH_ONE_STRONG)
}

/// Whether `word` is one of the topic's keys as written (ignoring case and spaces), rather than
/// a word cut out of a longer key, and specific enough to name a subject: a two-syllable Korean
/// word (`운영`, `비용`, `설계`) is a tag of half the topics of any book and turns up in any
/// question, so only a Latin term, a phrase or a longer Korean word counts.
fn is_whole_key(topic: &TopicWords, word: &str) -> bool {
    let n_chars = word.chars().filter(|c| !c.is_whitespace()).count();
    let specific = word.chars().any(|c| c.is_ascii_alphabetic()) || n_chars >= 3;
    if !specific {
        return false;
    }
    let squash = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let word = squash(word);
    topic.keys.iter().any(|key| squash(key) == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topic(keys: &[&str]) -> TopicWords {
        TopicWords {
            slug: "availability".into(),
            title: "가용성".into(),
            keys: keys.iter().map(|key| key.to_string()).collect(),
        }
    }

    fn words(words: &[&str]) -> Vec<String> {
        words.iter().map(|word| word.to_string()).collect()
    }

    #[test]
    fn words_cut_from_a_description_are_not_evidence() {
        let availability = topic(&[
            "단일 실패 지점을 없애고 트래픽 급증에도 운영 비용을 지키는 설계",
            "비용",
            "SPOF",
        ]);
        assert!(!convincing(
            &availability,
            &words(&["트래픽", "급증", "운영", "비용"])
        ));
    }

    #[test]
    fn generic_two_syllable_tags_are_not_evidence() {
        let availability = topic(&["운영", "비용", "가용성", "SPOF"]);
        assert!(!convincing(&availability, &words(&["운영", "비용"])));
        assert!(convincing(&availability, &words(&["가용성", "spof"])));
    }

    #[test]
    fn tags_and_glossary_terms_are() {
        let orchestration = topic(&["Kubernetes", "HPA", "파드", "쿠버네티스로 배포하는 원리"]);
        assert!(convincing(&orchestration, &words(&["kubernetes", "hpa"])));
        assert!(convincing(
            &orchestration,
            &words(&["kubernetes", "배포하는", "원리", "쿠버네티스로", "x"])
        ));
    }
}
