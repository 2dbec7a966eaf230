//! Short readable ASCII names for imported folders and pages, and titles for their front matter.
//!
//! Korean study questions are full of English terms (`HPA`, `Terraform`, `Self-healing`), and
//! those make file names a reader recognises: `q2-hpa.md`. A question is named after the term that
//! sets it apart from its siblings (used by it alone, emphasised in parentheses or bold, an
//! acronym); a scenario after the terms in its title or, failing that, its most frequent terms.
//! Hangul is never romanised: with no English term the name is the number (`q3.md`).

use std::collections::{HashMap, HashSet};

/// One ASCII term of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    /// Lowercase, e.g. `self-healing`.
    word: String,
    /// Written in parentheses, quotes or bold: the author pointing at it.
    emphasised: bool,
    /// Two or more capitals in at most six letters: `HPA`, `IaC`, `QUIC`.
    acronym: bool,
}

const STOP_WORDS: &[&str] = &[
    "as", "of", "the", "and", "or", "to", "in", "on", "for", "is", "an", "by", "vs", "with", "at",
    "from", "hint", "eg", "etc", "ok",
];

fn terms(text: &str) -> Vec<Term> {
    let mut out = Vec::new();
    let mut start = None;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for (pos, &(idx, c)) in bytes.iter().enumerate() {
        let in_word = c.is_ascii_alphanumeric() || (c == '-' && start.is_some());
        match (in_word, start) {
            (true, None) => start = Some((idx, pos)),
            (false, Some((begin, _))) => {
                out.extend(term(text, begin, idx));
                start = None;
            }
            _ => {}
        }
    }
    if let Some((begin, _)) = start {
        out.extend(term(text, begin, text.len()));
    }
    out
}

fn term(text: &str, begin: usize, end: usize) -> Option<Term> {
    let raw = text[begin..end].trim_end_matches('-');
    let n_letters = raw.chars().filter(char::is_ascii_alphabetic).count();
    let word = raw.to_ascii_lowercase();
    if n_letters < 2 || STOP_WORDS.contains(&word.as_str()) {
        return None;
    }
    let before = text[..begin].trim_end_matches(' ');
    let emphasised = before.ends_with(['(', '\'', '"', '‘', '“', '*']);
    let n_capitals = raw.chars().filter(char::is_ascii_uppercase).count();
    let acronym = n_capitals >= 2 && raw.len() <= 6;
    Some(Term {
        word,
        emphasised,
        acronym,
    })
}

/// The names of `questions` in order: `q2-hpa` after the term that sets the question apart, or
/// `q2` with no English term. Each question's terms are read once, and counted over all of
/// them once (naming each against all the others re-read every question per question).
pub(super) fn questions(questions: &[&str]) -> Vec<String> {
    let terms: Vec<Vec<Term>> = questions.iter().map(|text| terms(text)).collect();
    // In how many questions each word occurs.
    let mut in_questions: HashMap<&str, usize> = HashMap::new();
    for question in &terms {
        let words: HashSet<&str> = question.iter().map(|t| t.word.as_str()).collect();
        for word in words {
            *in_questions.entry(word).or_default() += 1;
        }
    }
    let score = |t: &Term| {
        let alone = in_questions.get(t.word.as_str()).is_some_and(|&n| n == 1);
        4 * usize::from(alone) + 2 * usize::from(t.emphasised) + usize::from(t.acronym)
    };
    let name = |(idx, question): (usize, &Vec<Term>)| {
        let mut best: Option<(usize, &Term)> = None;
        for term in question {
            let term_score = score(term);
            if best.is_none_or(|(s, _)| term_score > s) {
                best = Some((term_score, term));
            }
        }
        let number = idx + 1;
        match best {
            Some((_, term)) => {
                let name = parenthesised_phrase(questions[idx], &term.word)
                    .unwrap_or_else(|| term.word.clone());
                format!("q{number}-{}", shorten(&name))
            }
            None => format!("q{number}"),
        }
    };
    terms.iter().enumerate().map(name).collect()
}

/// The whole English phrase in parentheses that starts with `word`: `에러 버짓(Error Budget)`
/// names its question `error-budget`, not `error`. Two or three words only; longer
/// runs are explanations, not terms.
fn parenthesised_phrase(text: &str, word: &str) -> Option<String> {
    text.split('(').skip(1).find_map(|after| {
        let inside = after.split(')').next()?;
        let words: Vec<String> = inside
            .split_whitespace()
            .map(|w| w.to_ascii_lowercase())
            .collect();
        let is_phrase = (2..=3).contains(&words.len())
            && words.first().is_some_and(|first| first == word)
            && words
                .iter()
                .all(|w| w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        is_phrase.then(|| words.join("-"))
    })
}

/// A scenario's folder name: the terms of its title (`iac`, `tcp-udp`), else its two most
/// frequent terms (`kubernetes-docker-compose`), else `None`.
pub(super) fn scenario(title: &str, text: &str) -> Option<String> {
    let title_terms = terms(title);
    let score = |t: &Term| 2 * usize::from(t.emphasised) + usize::from(t.acronym);
    if let Some(top) = title_terms.iter().map(score).max() {
        let words: Vec<&str> = title_terms
            .iter()
            .filter(|t| score(t) == top)
            .take(2)
            .map(|t| t.word.as_str())
            .collect();
        return Some(shorten(&words.join("-")));
    }
    let frequent = frequent_terms(&prose(text));
    (!frequent.is_empty()).then(|| {
        shorten(
            &frequent
                .iter()
                .take(2)
                .cloned()
                .collect::<Vec<_>>()
                .join("-"),
        )
    })
}

/// A new topic's folder name: the scenario title's leading term (`Kafka 컨슈머 랙` → `kafka`),
/// else the most frequent term of its prose. Code is left out: an SQL line's `id` or `select`
/// names no subject.
pub(super) fn topic(title: &str, text: &str) -> Option<String> {
    let title_terms = terms(title);
    let score = |t: &Term| 2 * usize::from(t.emphasised) + usize::from(t.acronym);
    if let Some(top) = title_terms.iter().map(score).max() {
        let best = title_terms.iter().find(|t| score(t) == top)?;
        return Some(shorten(&best.word));
    }
    frequent_terms(&prose(text))
        .first()
        .map(|word| shorten(word))
}

/// A scenario folder's name when the usual one would repeat its topic's: the two most frequent
/// terms of its prose other than the topic's own (`kafka/consumer-lag/`, not `kafka/kafka/`).
pub(super) fn scenario_besides(text: &str, topic: &str) -> Option<String> {
    let words: Vec<String> = frequent_terms(&prose(text))
        .into_iter()
        .filter(|word| word != topic)
        .take(2)
        .collect();
    (!words.is_empty()).then(|| shorten(&words.join("-")))
}

/// `text` without its fenced code blocks.
fn prose(text: &str) -> String {
    let mut in_code = false;
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Terms by how often they occur, most frequent first, ties in order of first use.
fn frequent_terms(text: &str) -> Vec<String> {
    let mut tally = Tally::default();
    for term in terms(text) {
        tally.add(term.word);
    }
    tally.by_frequency()
}

/// How often each word occurs, in the order of first use: a map, because a round document can
/// hold tens of thousands of distinct words (looking each up in a list of those seen was
/// quadratic: 40.8 s for a 630 KB document).
#[derive(Default)]
struct Tally {
    counts: Vec<(String, usize)>,
    position: HashMap<String, usize>,
    /// Words looked at to count one: the unit the cost test compares.
    #[cfg(test)]
    examined: usize,
}

impl Tally {
    fn add(&mut self, word: String) {
        #[cfg(test)]
        {
            self.examined += 1;
        }
        match self.position.get(&word) {
            Some(&idx) => self.counts[idx].1 += 1,
            None => {
                self.position.insert(word.clone(), self.counts.len());
                self.counts.push((word, 1));
            }
        }
    }

    /// Most frequent first; a stable sort keeps ties in order of first use.
    fn by_frequency(mut self) -> Vec<String> {
        self.counts.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        self.counts.into_iter().map(|(word, _)| word).collect()
    }
}

/// At most 32 characters, cut at a `-`.
fn shorten(word: &str) -> String {
    let word = word.trim_matches('-');
    if word.len() <= 32 {
        return word.to_string();
    }
    let cut = word[..32].rfind('-').unwrap_or(32);
    word[..cut].to_string()
}

/// A scenario's display title: the part after a `분류: ` prefix, without a trailing
/// `(기반) 논리적 사고 문제`.
pub(super) fn scenario_title(title: &str) -> String {
    let after_prefix = title
        .rsplit_once(": ")
        .map_or(title, |(_, rest)| rest)
        .trim();
    let mut out = after_prefix;
    for suffix in ["논리적 사고 문제", "논리적사고문제", "사고 문제"] {
        if let Some(stem) = out.strip_suffix(suffix) {
            out = stem.trim_end();
            out = out.strip_suffix("기반").map_or(out, str::trim_end);
            break;
        }
    }
    if out.is_empty() { title.trim() } else { out }.to_string()
}

/// A round's display title: `5 회차` joined to `5회차`, a trailing `문제` dropped.
pub(super) fn round_title(title: &str) -> String {
    let title = title.trim();
    let title = title.strip_suffix("문제").map_or(title, str::trim_end);
    let mut out = String::with_capacity(title.len());
    let mut rest = title;
    while let Some(idx) = rest.find(" 회차") {
        let digit_before = rest[..idx]
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_digit());
        out.push_str(&rest[..idx]);
        if !digit_before {
            out.push(' ');
        }
        out.push_str("회차");
        rest = &rest[idx + " 회차".len()..];
    }
    out.push_str(rest);
    out
}

/// A question page's title: its lead-in (`헤더 오버헤드 관점: …` → `헤더 오버헤드 관점`), else its
/// first sentence, cut to about 40 characters.
pub(super) fn question_title(text: &str) -> String {
    let first_line = text.lines().next().unwrap_or("").trim();
    let first_line = strip_ordinal(first_line).replace("**", "");
    if let Some((lead, _)) = first_line.split_once(": ") {
        let n_chars = lead.chars().count();
        if (2..=30).contains(&n_chars) && !lead.ends_with(['.', '?', '다']) {
            return lead.trim().to_string();
        }
    }
    let sentence = first_line
        .split_inclusive(['.', '?', '!'])
        .next()
        .unwrap_or(&first_line)
        .trim_end_matches(['.', '?', '!'])
        .trim();
    cut(sentence, 40)
}

fn strip_ordinal(text: &str) -> &str {
    match text.split_once([',', ' ']) {
        Some((head, rest)) if head.ends_with('째') && head.chars().count() <= 3 => {
            rest.trim_start()
        }
        _ => text,
    }
}

/// `text` in at most about `max` characters, cut between words, never inside one: a term cut in
/// half (`Horizontal Po…`) reads as a typo. A parenthesis left open by the cut goes too. A first
/// word longer than `max` is kept whole.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut kept = String::new();
    for word in text.split(' ').filter(|word| !word.is_empty()) {
        let n_chars = kept.chars().count() + usize::from(!kept.is_empty()) + word.chars().count();
        if n_chars > max && !kept.is_empty() {
            break;
        }
        if !kept.is_empty() {
            kept.push(' ');
        }
        kept.push_str(word);
    }
    if let Some(open) = kept
        .rfind('(')
        .filter(|&open| open > 0 && !kept[open..].contains(')'))
    {
        kept.truncate(open);
    }
    format!("{}…", kept.trim_end_matches([',', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    const K8S: [&str; 4] = [
        "기존 docker-compose 환경의 문제점들을 Kubernetes 의 핵심 기능과 연결하여 설명하시오.",
        "Kubernetes 의 **HPA(Horizontal Pod Autoscaler)**를 어떻게 구성할 수 있을까요? 파라미터(minReplicas, maxReplicas)의 역할을 설명하시오.",
        "Kubernetes 는 어떻게 해결하나요? Pod, Node, ReplicaSet 의 관계를 통해 Kubernetes 의 '자동 복구(Self-healing)' 메커니즘을 설명하시오.",
        "무중단 배포 전략을 설명하시오.",
    ];

    #[test]
    fn titles_are_cut_between_words_and_before_an_open_parenthesis() {
        assert_eq!(
            cut(
                "Kubernetes 의 HPA(Horizontal Pod Autoscaler)를 어떻게 구성할 수 있을까요",
                30
            ),
            "Kubernetes 의 HPA…"
        );
        assert_eq!(
            cut(
                "복합 인덱스의 컬럼 순서를 정하는 기준과 카디널리티의 관계를 설명",
                20
            ),
            "복합 인덱스의 컬럼 순서를 정하는…"
        );
        assert_eq!(cut("짧은 제목", 20), "짧은 제목");
    }

    #[test]
    fn a_term_in_parentheses_names_the_question_whole() {
        let questions = [
            "SLI와 SLO의 차이를 설명하시오.",
            "에러 버짓(Error Budget)과 번 레이트(burn rate) 알림을 설명하시오.",
        ];
        assert_eq!(super::questions(&questions)[1], "q2-error-budget");
    }

    #[test]
    fn a_new_topic_is_named_from_the_title_and_never_from_code() {
        assert_eq!(
            topic("Kafka 컨슈머 랙 누적", "Kafka 컨슈머 랙 누적\n파티션").as_deref(),
            Some("kafka")
        );
        let text = "게시판 검색 지연\n```sql\nSELECT id FROM posts WHERE id = 1 AND id > 2;\n```\nB-Tree 인덱스와 B-Tree 탐색";
        assert_eq!(topic("게시판 검색 지연", text).as_deref(), Some("b-tree"));
        assert_eq!(
            scenario_besides("Kafka consumer lag, consumer lag, Kafka consumer", "kafka")
                .as_deref(),
            Some("consumer-lag")
        );
    }

    #[test]
    fn questions_are_named_after_their_distinctive_term() {
        assert_eq!(
            questions(&K8S),
            ["q1-docker-compose", "q2-hpa", "q3-self-healing", "q4"]
        );
    }

    /// The words looked at to rank the terms of a text with `n` distinct terms, each used twice.
    fn examined_ranking(n: usize) -> usize {
        let text: String = (0..2 * n).map(|idx| format!("term{}x ", idx % n)).collect();
        let mut tally = Tally::default();
        for term in terms(&text) {
            tally.add(term.word);
        }
        let examined = tally.examined;
        let ranked = tally.by_frequency();
        assert_eq!(ranked.len(), n);
        assert_eq!(ranked[..2], ["term0x", "term1x"]);
        examined
    }

    #[test]
    fn ranking_terms_costs_the_same_per_term_however_many_are_distinct() {
        let (n, four_n) = (examined_ranking(5_000), examined_ranking(20_000));
        assert!(
            four_n <= 4 * n + 16,
            "{n} words examined for n, {four_n} for 4n"
        );
    }

    #[test]
    fn scenarios_are_named_after_title_terms_or_frequent_ones() {
        assert_eq!(
            scenario("Infrastructure as Code (IaC) 도입", "").as_deref(),
            Some("iac")
        );
        assert_eq!(
            scenario("TCP/UDP 헤더 구조", "").as_deref(),
            Some("tcp-udp")
        );
        assert_eq!(
            scenario("컨테이너 오케스트레이션 도입", &K8S.join("\n")).as_deref(),
            Some("kubernetes-pod")
        );
        assert_eq!(scenario("캐시", "캐시를 설명하시오"), None);
        assert_eq!(
            topic("컨테이너 오케스트레이션 도입", &K8S.join("\n")).as_deref(),
            Some("kubernetes")
        );
    }

    #[test]
    fn titles() {
        assert_eq!(
            scenario_title("백엔드 - 논리적사고문제: 컨테이너 오케스트레이션 도입"),
            "컨테이너 오케스트레이션 도입"
        );
        assert_eq!(
            scenario_title("TCP/UDP 헤더 구조 기반 논리적 사고 문제"),
            "TCP/UDP 헤더 구조"
        );
        assert_eq!(scenario_title("캐시 전략"), "캐시 전략");
        assert_eq!(
            round_title("Django 백엔드 스터디 5 회차 문제"),
            "Django 백엔드 스터디 5회차"
        );
        assert_eq!(round_title("# 스터디 2회차"), "# 스터디 2회차");
        assert_eq!(
            question_title("헤더 오버헤드 관점: TCP 와 UDP 의 최소 헤더 크기를 비교하시오."),
            "헤더 오버헤드 관점"
        );
        assert_eq!(
            question_title("첫째, 현재 V1 아키텍처가 가진 근본적인 취약점을 단일 실패 지점의 관점에서 분석하십시오. 사용자가"),
            "현재 V1 아키텍처가 가진 근본적인 취약점을 단일 실패 지점의 관점에서…"
        );
        assert_eq!(question_title("TTL을 정하시오."), "TTL을 정하시오");
    }
}
