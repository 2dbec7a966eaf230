//! Subjects a study round's scenarios are about, known by their terms, for scenarios the book has
//! no topic for.
//!
//! Without them a new topic is named after the scenario's leading English term, so that two
//! scenarios on one subject whose words do not overlap became two topics: a round on
//! observability made `api/` (from "결제 API의 SLO") and `distributed/` (from "Distributed
//! Tracing"), although an author would file SLOs and tracing together. The terms of a
//! field are knowledge no word count recovers, so they are written down here: a scenario using
//! [`MIN_TERMS`] of one subject's terms is filed under a topic named after that subject, shared
//! with the other scenarios of the round on it. The book's own topics are matched first
//! (`topics`, `evidence`); a subject is only the name and grouping of a topic the book lacks.
//!
//! Each subject lists terms specific to it (an SLO, a B-Tree, a consumer group), never words any
//! backend question uses (`서비스`, `지연`, `성능`). Extend the table when a round's subject is
//! missing: a subject needs no code.

use super::topics::Haystack;

/// A field of study and the terms that name it.
#[derive(Debug)]
pub(super) struct Subject {
    /// The topic folder it gets.
    pub(super) slug: &'static str,
    /// The topic's title.
    pub(super) title: &'static str,
    /// Terms of the field, Korean and English, matched as `topics` matches a topic's words.
    terms: &'static [&'static str],
}

/// Distinct terms of a subject a scenario must use to be filed under it: one could be a passing
/// mention (a CPU graph in an SLO question), two are the scenario's subject.
pub(super) const MIN_TERMS: usize = 2;

const SUBJECTS: &[Subject] = &[
    Subject {
        slug: "observability",
        title: "관측 가능성",
        terms: &[
            "관측 가능성",
            "observability",
            "SLI",
            "SLO",
            "SLA",
            "에러 버짓",
            "error budget",
            "번 레이트",
            "burn rate",
            "분산 추적",
            "distributed tracing",
            "trace",
            "span",
            "OpenTelemetry",
            "Prometheus",
            "Grafana",
            "p99",
            "p95",
            "메트릭",
            "모니터링",
        ],
    },
    Subject {
        slug: "database",
        title: "데이터베이스",
        terms: &[
            "인덱스",
            "B-Tree",
            "B+Tree",
            "composite index",
            "covering index",
            "실행 계획",
            "EXPLAIN",
            "격리 수준",
            "isolation level",
            "MVCC",
            "정규화",
            "샤딩",
            "sharding",
            "데드락",
            "deadlock",
        ],
    },
    Subject {
        slug: "messaging",
        title: "메시지 큐",
        terms: &[
            "메시지 큐",
            "message queue",
            "Kafka",
            "카프카",
            "RabbitMQ",
            "컨슈머",
            "consumer",
            "consumer lag",
            "프로듀서",
            "producer",
            "리밸런싱",
            "rebalancing",
            "exactly-once",
            "at-least-once",
            "DLQ",
        ],
    },
];

/// The subject whose terms `text` uses most, with those terms (lowercase, in the subject's
/// order), if it uses at least [`MIN_TERMS`]. Ties go to the earlier subject.
pub(super) fn best(text: &str) -> Option<(&'static Subject, Vec<String>)> {
    let haystack = Haystack::new(text);
    let mut best: Option<(&Subject, Vec<String>)> = None;
    for subject in SUBJECTS {
        let used: Vec<String> = subject
            .terms
            .iter()
            .map(|term| term.to_lowercase())
            .filter(|term| haystack.contains(term))
            .collect();
        if used.len() >= MIN_TERMS && best.as_ref().is_none_or(|(_, b)| used.len() > b.len()) {
            best = Some((subject, used));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject_of(text: &str) -> Option<&'static str> {
        best(text).map(|(subject, _)| subject.slug)
    }

    #[test]
    fn slos_and_tracing_are_one_subject_though_they_share_no_word() {
        assert_eq!(
            subject_of("결제 API의 SLO 정하기. SLI와 SLO, SLA의 차이. 번 레이트(burn rate) 알림"),
            Some("observability")
        );
        assert_eq!(
            subject_of("분산 추적(Distributed Tracing)에서 trace와 span을 설명하시오"),
            Some("observability")
        );
    }

    #[test]
    fn one_passing_term_is_no_subject() {
        assert_eq!(
            subject_of("Kubernetes HPA가 CPU를 보고 파드를 늘린다. SLO"),
            None
        );
        assert_eq!(subject_of("트랜잭션과 서비스의 지연"), None);
    }

    #[test]
    fn the_subject_using_most_terms_wins() {
        assert_eq!(
            subject_of("Kafka 컨슈머 그룹의 리밸런싱, 멱등성 프로듀서와 트랜잭션, 인덱스"),
            Some("messaging")
        );
        assert_eq!(
            subject_of("B-Tree 인덱스와 복합 인덱스(Composite Index)의 컬럼 순서"),
            Some("database")
        );
    }
}
