use std::collections::BTreeMap;
use std::path::Path;

use super::*;
use crate::import::book::{ImportedScenario, TopicWords};
use crate::import::parse;

const PLAIN: &str = include_str!("../../tests/fixtures/import/round-plain.txt");
const MARKDOWN: &str = include_str!("../../tests/fixtures/import/round-markdown.txt");

#[track_caller]
fn plan_with(source: &str, book: &Book, options: &ImportOptions) -> Result<Plan, Vec<Diagnostic>> {
    let round = parse::round(Path::new("round.txt"), source).expect("the round parses");
    make(&round, book, Path::new("round.txt"), options)
}

#[track_caller]
fn plan(source: &str, book: &Book) -> Plan {
    plan_with(source, book, &ImportOptions::default()).expect("the plan has no errors")
}

fn paths(plan: &Plan) -> Vec<String> {
    plan.scenarios
        .iter()
        .flat_map(|s| s.questions.iter().map(|q| q.path.clone()))
        .collect()
}

#[test]
fn plain_seed_into_an_empty_book() {
    let plan = plan(PLAIN, &Book::default());
    assert_eq!(plan.session.id.as_str(), "2025-08-27");
    assert_eq!(plan.session.title, "Django 백엔드 스터디 5회차");
    assert_eq!(plan.session.author, "김호중");
    assert!(!plan.session.exists);
    let dirs: Vec<&str> = plan.scenarios.iter().map(|s| s.dir.as_str()).collect();
    assert_eq!(
        dirs,
        // New topics are named from the scenario's title (`IaC`), and no folder repeats its
        // topic's name (`kafka/kafka/`).
        vec![
            "kubernetes/docker-compose-hpa",
            "iac/terraform-aws",
            "tcp/udp-number",
            "tcp/http-handshake"
        ],
        "{}",
        plan.describe()
    );
    assert_eq!(plan.new_topics.len(), 3);
    assert_eq!(plan.scenarios[1].title, "Infrastructure as Code (IaC) 도입");
    assert_eq!(paths(&plan)[1], "kubernetes/docker-compose-hpa/q2-hpa.md");
    assert_eq!(plan.n_new_files(), 3 + 4 + 16);
    let unique: std::collections::HashSet<String> = paths(&plan).into_iter().collect();
    assert_eq!(unique.len(), 16);
}

#[test]
fn names_are_ascii() {
    for source in [PLAIN, MARKDOWN] {
        let plan = plan(source, &Book::default());
        for path in paths(&plan) {
            assert!(
                path.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-/.".contains(c)),
                "{path}"
            );
        }
    }
}

fn book_with_topic() -> Book {
    Book {
        topics: vec![TopicWords {
            slug: "orchestration".into(),
            title: "컨테이너 오케스트레이션".into(),
            keys: vec![
                "Kubernetes".into(),
                "파드".into(),
                "HPA".into(),
                "롤링 업데이트".into(),
            ],
        }],
        orders: [(String::new(), 6), ("orchestration".to_string(), 1)].into(),
        ..Book::default()
    }
}

#[test]
fn a_scenario_goes_to_the_topic_sharing_its_words() {
    let plan = plan(PLAIN, &book_with_topic());
    let first = &plan.scenarios[0];
    assert_eq!(first.topic, "orchestration");
    assert!(
        matches!(&first.placement, Placement::Matched(words) if words.contains(&"hpa".to_string()))
    );
    assert_eq!(first.order, 2);
    assert_eq!(plan.new_topics[0].order, 7);
}

#[test]
fn topic_option_overrides_the_proposal() {
    let options = ImportOptions {
        topics: BTreeMap::from([(1, "platform".to_string())]),
        ..ImportOptions::default()
    };
    let plan = plan_with(PLAIN, &book_with_topic(), &options).unwrap();
    assert_eq!(plan.scenarios[0].topic, "platform");
    assert_eq!(plan.scenarios[0].placement, Placement::Chosen);
    assert!(plan.new_topics.iter().any(|t| t.slug == "platform"));
}

#[test]
fn topic_option_beyond_the_scenarios_is_an_error() {
    let options = ImportOptions {
        topics: BTreeMap::from([(9, "x".to_string())]),
        ..ImportOptions::default()
    };
    let errors = plan_with(PLAIN, &Book::default(), &options).unwrap_err();
    assert!(
        errors[0].message.contains("has 4 scenarios"),
        "{}",
        errors[0].message
    );
}

#[test]
fn a_scenario_imported_before_keeps_its_folder_and_pages() {
    let book = Book {
        scenarios: vec![ImportedScenario {
            dir: "orchestration/kubernetes-adoption".into(),
            session: "2025-08-27".into(),
            session_order: 1,
            questions: BTreeMap::from([(2, "orchestration/kubernetes-adoption/q2-hpa.md".into())]),
        }],
        sessions: vec!["2025-08-27".into()],
        taken: [
            "orchestration",
            "orchestration/kubernetes-adoption",
            "orchestration/kubernetes-adoption/q2-hpa.md",
        ]
        .map(String::from)
        .into(),
        ..book_with_topic()
    };
    let plan = plan(PLAIN, &book);
    assert!(plan.session.exists);
    let first = &plan.scenarios[0];
    assert_eq!(first.placement, Placement::AlreadyImported);
    assert_eq!(first.index, FileAction::Exists);
    assert_eq!(first.questions[1].action, FileAction::Exists);
    assert_eq!(first.questions[0].action, FileAction::Create);
    assert_eq!(
        first.questions[0].path,
        "orchestration/kubernetes-adoption/q1-docker-compose.md"
    );
}

#[test]
fn taken_names_get_a_number() {
    let book = Book {
        taken: ["kubernetes", "kubernetes/docker-compose-hpa"]
            .map(String::from)
            .into(),
        topics: vec![TopicWords {
            slug: "kubernetes".into(),
            title: "k".into(),
            keys: vec![],
        }],
        ..Book::default()
    };
    let plan = plan(PLAIN, &book);
    assert_eq!(plan.scenarios[0].dir, "kubernetes/docker-compose-hpa-2");
}

#[test]
fn no_date_and_no_session_option_is_an_error_at_the_title() {
    let source = "스터디\n\n제목\n\n본문입니다.\n\n문제\n\n설명하시오.\n";
    let errors = plan_with(source, &Book::default(), &ImportOptions::default()).unwrap_err();
    assert_eq!(errors[0].line(), Some(1));
    assert!(errors[0]
        .help
        .as_deref()
        .unwrap_or("")
        .contains("--session"));
    let options = ImportOptions {
        session: Some("round-7".into()),
        ..ImportOptions::default()
    };
    let plan = plan_with(source, &Book::default(), &options).unwrap();
    assert_eq!(plan.session.id.as_str(), "round-7");
    assert_eq!(plan.scenarios[0].dir, "topic-1/round-7-1");
    assert_eq!(
        plan.scenarios[0].questions[0].path,
        "topic-1/round-7-1/q1.md"
    );
}

/// A round of `n` scenarios alike: one topic, one folder name, two questions each.
fn alike_scenarios(n: usize) -> String {
    let mut source = String::from("스터디 5 회차 문제\n\n2025-08-27\n\n작성자 : 김호중\n");
    for idx in 0..n {
        source.push_str(&format!(
            "\n백엔드 - 논리적사고문제: 컨테이너 도입 {idx}\n\n한 플랫폼은 docker-compose 를 사용했습니다.\n\n문제\n\nKubernetes 의 핵심 기능과 연결하여 설명하시오.\n\nHPA 를 어떻게 구성할 수 있을까요?\n"
        ));
    }
    source
}

/// Plans `n` scenarios alike: the names tried, and the last scenario's folder.
fn names_tried(n: usize) -> (usize, String) {
    let round = parse::round(Path::new("round.txt"), &alike_scenarios(n)).expect("it parses");
    assert_eq!(round.scenarios.len(), n);
    let book = Book::default();
    let mut planner = Planner::new(&book);
    let options = ImportOptions::default();
    let mut last = String::new();
    for (idx, scenario) in round.scenarios.iter().enumerate() {
        last = planner
            .scenario(idx + 1, scenario, "2025-08-27", &options)
            .dir;
    }
    (planner.tried, last)
}

#[test]
fn planning_a_scenario_costs_the_same_however_many_came_before() {
    let ((n, last), (four_n, four_last)) = (names_tried(300), names_tried(1_200));
    // The folder name never repeats its topic's (`kafka/consumer-lag/`, not `kafka/kafka/`).
    assert_eq!(last, "docker-compose/kubernetes-hpa-300");
    assert_eq!(four_last, "docker-compose/kubernetes-hpa-1200");
    assert!(
        four_n <= 5 * n,
        "{n} names tried for n scenarios, {four_n} for 4n"
    );
}
