use std::path::Path;

use super::*;
use crate::date::Date;

const PLAIN: &str = include_str!("../../tests/fixtures/import/round-plain.txt");
const MARKDOWN: &str = include_str!("../../tests/fixtures/import/round-markdown.txt");

#[track_caller]
fn parse(source: &str) -> Round {
    match round(Path::new("round.txt"), source) {
        Ok(round) => round,
        Err(errors) => panic!("{}", crate::diagnostic::render(&errors)),
    }
}

#[track_caller]
fn errors(source: &str) -> Vec<(usize, String)> {
    match round(Path::new("round.txt"), source) {
        Ok(round) => panic!("expected errors, parsed {round:?}"),
        Err(errors) => errors
            .into_iter()
            .map(|d| {
                (
                    d.line().expect("every import error names a line"),
                    d.message,
                )
            })
            .collect(),
    }
}

fn counts(round: &Round) -> Vec<usize> {
    round.scenarios.iter().map(|s| s.questions.len()).collect()
}

#[test]
fn plain_seed_has_four_scenarios_of_four_questions() {
    let round = parse(PLAIN);
    assert_eq!(round.title, "Django 백엔드 스터디 5 회차 문제");
    assert_eq!(round.date, Date::parse("2025-08-27"));
    assert_eq!(round.author.as_deref(), Some("김호중"));
    assert_eq!(counts(&round), vec![4, 4, 4, 4]);
    let titles: Vec<&str> = round.scenarios.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        vec![
            "백엔드 - 논리적사고문제: 컨테이너 오케스트레이션 도입",
            "백엔드 - 논리적 사고 문제: Infrastructure as Code (IaC) 도입",
            "TCP/UDP 헤더 구조 기반 논리적 사고 문제",
            "네트워크 심화 통찰 기반 논리적 사고 문제",
        ]
    );
    let lines: Vec<usize> = round.scenarios.iter().map(|s| s.line).collect();
    assert_eq!(lines, vec![9, 32, 58, 74]);
}

#[test]
fn plain_seed_keeps_announced_parts_with_their_question() {
    let round = parse(PLAIN);
    let network = &round.scenarios[3];
    let third = &network.questions[2];
    assert!(third.text.starts_with("아키텍처적 해결책 (CDN/Edge):"));
    assert!(third.text.contains("\n\nTCP 연결의 분리:"));
    assert!(third
        .text
        .ends_with("커스텀 전송 프로토콜을 사용할 경우의 이점."));
    assert_eq!(third.line, 86);
    assert!(network.questions[3]
        .text
        .starts_with("프로토콜의 진화 (HTTP/3):"));
}

#[test]
fn plain_seed_situation_is_verbatim() {
    let round = parse(PLAIN);
    let situation = &round.scenarios[0].situation;
    assert_eq!(situation.len(), 5);
    assert!(situation[0].starts_with("한 소셜 커머스 플랫폼은"));
    assert!(situation[4].ends_with("잦은 배포 오류: 새로운 기능을 배포할 때마다 기존 컨테이너를 내리고 새 컨테이너를 올리는 과정에서 수 초간의 서비스 다운타임이 발생했으며, 가끔 설정 실수로 배포가 실패하여 이전 버전으로 되돌리는 데 큰 어려움을 겪었습니다.\n결국, 팀은 이런 문제를 근본적으로 해결하기 위해 Kubernetes 도입을 결정했습니다."));
    assert_eq!(
        round.scenarios[1].questions[1].text,
        "Terraform 의 핵심 개념인 **'상태 파일(State File)'**은 어떤 역할을 하며, 왜 중요한가요? 만약 두 명의 엔지니어가 동시에 각자의 컴퓨터에서 인프라 변경 작업을 진행할 때 발생할 수 있는 치명적인 문제를 제시하고, 이를 방지하기 위한 '원격 상태 저장소(Remote Backend)와 상태 잠금(State Locking)'의 필요성을 설명하시오."
    );
}

#[test]
fn markdown_seed_has_four_scenarios_of_five_questions() {
    let round = parse(MARKDOWN);
    assert_eq!(round.title, "백엔드 & 인프라 스터디 2 회차 문제");
    assert_eq!(round.date, Date::parse("2025-10-03"));
    assert_eq!(counts(&round), vec![5, 5, 5, 5]);
    assert_eq!(
        round.scenarios[2].title,
        "인프라 심층 탐구: 인프라 좀더 어려운거"
    );
    let first = &round.scenarios[0].questions[0];
    assert!(first.text.starts_with("첫째, 이 문제의 워크로드가"));
    assert_eq!(first.line, 29);
}

#[test]
fn markdown_seed_keeps_sub_headings_in_the_situation() {
    let round = parse(MARKDOWN);
    let situation = &round.scenarios[3].situation;
    assert!(situation.iter().any(|b| b == "#### 아키텍처 요구사항:"));
    assert!(situation.iter().all(|b| !b.contains("### 상황")));
}

#[test]
fn numbered_questions_with_bold_markers_and_tight_lines() {
    let round = parse(
        "# 3회차\n2025-11-01\n**작성자:** 이지은\n**캐시 전략**\n**상황**\n서비스가 느립니다.\n**문제**\n1. 캐시를 어디에 두겠습니까?\n2) TTL을 정하는 기준을 설명하시오.\n\n이유도 함께 쓰시오.\n**3.** 무효화 전략을 논하시오.\n",
    );
    assert_eq!(round.author.as_deref(), Some("이지은"));
    let scenario = &round.scenarios[0];
    assert_eq!(scenario.title, "캐시 전략");
    assert_eq!(scenario.situation, vec!["서비스가 느립니다."]);
    let texts: Vec<&str> = scenario.questions.iter().map(|q| q.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "캐시를 어디에 두겠습니까?",
            "TTL을 정하는 기준을 설명하시오.\n\n이유도 함께 쓰시오.",
            "무효화 전략을 논하시오.",
        ]
    );
}

#[test]
fn munje_n_on_its_own_line_takes_the_next_paragraph() {
    let round = parse(
        "스터디 4회차\n\n2025-12-01\n\n큐 설계\n\n주문이 몰립니다.\n\n문제 1\n\n큐를 도입하는 이유를 설명하시오.\n\n문제 2\n\n순서 보장을 설명하시오.\n",
    );
    let texts: Vec<&str> = round.scenarios[0]
        .questions
        .iter()
        .map(|q| q.text.as_str())
        .collect();
    assert_eq!(
        texts,
        vec![
            "큐를 도입하는 이유를 설명하시오.",
            "순서 보장을 설명하시오."
        ]
    );
    assert_eq!(round.scenarios[0].questions[1].line, 13);
}

#[test]
fn an_sql_line_in_a_scenario_is_a_code_block() {
    let round = parse(
        "스터디 5회차\n\n2025-12-08\n\n느린 쿼리\n\n다음 쿼리가 3초 걸립니다.\nSELECT * FROM orders WHERE status = 'paid' ORDER BY created_at;\n\n문제\n\n인덱스를 설계하시오.\n",
    );
    let situation = &round.scenarios[0].situation;
    assert_eq!(
        situation,
        &vec![
            "다음 쿼리가 3초 걸립니다.".to_string(),
            "```sql\nSELECT * FROM orders WHERE status = 'paid' ORDER BY created_at;\n```"
                .to_string(),
        ]
    );
}

#[test]
fn a_scenario_without_questions_is_an_error_at_its_line() {
    let found =
        errors("# 회차\n\n## 첫 상황\n\n본문\n\n## 둘째\n\n### 문제\n\n첫째, 설명하시오.\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 3);
    assert!(
        found[0]
            .1
            .contains("`첫 상황` has no questions: it has no `문제` line"),
        "{found:?}"
    );
}

#[test]
fn a_question_outside_any_scenario_is_an_error_at_its_line() {
    let found = errors("회차\n\n2025-01-01\n\n문제\n\n1. 설명하시오.\n");
    assert_eq!(found[0], (5, "question outside any scenario".to_string()));
}

#[test]
fn an_empty_questions_section_is_an_error_at_the_munje_line() {
    let found = errors("회차\n\n제목\n\n본문입니다.\n\n문제\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 7);
    assert!(
        found[0]
            .1
            .contains("its `문제` line is followed by no question"),
        "{found:?}"
    );
}

#[test]
fn all_errors_are_reported_at_once() {
    let found = errors("# 회차\n\n## 하나\n\n본문\n\n## 둘\n\n본문\n\n### 문제\n\n1. 질문입니다.\n\n## 셋\n\n본문\n");
    let lines: Vec<usize> = found.iter().map(|(line, _)| *line).collect();
    assert_eq!(lines, vec![3, 15]);
}

#[test]
fn an_empty_document_is_an_error() {
    assert_eq!(errors("\n\n")[0].0, 1);
}

#[test]
fn a_question_number_of_four_digits_is_an_error_not_part_of_the_question_before() {
    let found =
        errors("회차\n\n제목\n\n본문입니다.\n\n문제\n\n999. 설명하시오.\n\n1000. 설명하시오.\n");
    assert_eq!(
        found,
        [(
            11,
            "question number `1000` has more than 3 digits".to_string()
        )]
    );
    let round = parse(
        "회차\n\n제목\n\n본문입니다.\n\n문제\n\n1. 첫 질문.\n\n2025. 8. 27. 에 장애가 있었다.\n",
    );
    assert_eq!(round.scenarios[0].questions.len(), 1, "a date is prose");
}

/// Scenario titles written as sentences (`…을 설계한다`, `…하라`, `…할까`), in each place a
/// title stands: first after the header, in bold, above a `상황` line, or above `문제` in a
/// scenario with no situation; and the same endings inside a situation or a question stay
/// prose.
#[test]
fn titles_ending_like_sentences_start_scenarios() {
    let plain = parse(
        "스터디 6회차\n\n2026-01-10\n\n결제 시스템의 재시도를 설계한다\n\n결제가 가끔 두 번 됩니다.\n\n문제\n\n1. 멱등 키를 설명하시오.\n\n주문 서비스의 장애 대응을 설계하라\n\n상황\n\n주문이 멈췄다\n\n문제\n\n1. 서킷 브레이커를 설명하시오.\n\n캐시를 어디에 둘까\n\n문제\n\n1. 캐시 위치를 설명하시오.\n",
    );
    let titles: Vec<&str> = plain.scenarios.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "결제 시스템의 재시도를 설계한다",
            "주문 서비스의 장애 대응을 설계하라",
            "캐시를 어디에 둘까"
        ]
    );
    assert_eq!(plain.scenarios[1].situation, ["주문이 멈췄다"]);
    let bold = parse(
        "**스터디 6회차**\n\n날짜: 2026-01-10\n\n**첫 시나리오**\n\n본문.\n\n**문제**\n\n1. 설명하시오.\n\n**읽기 부하를 복제본으로 나눈다**\n\n본문.\n\n**문제**\n\n1. 복제 지연을 설명하시오.\n",
    );
    assert_eq!(bold.scenarios[1].title, "읽기 부하를 복제본으로 나눈다");
    // Unnumbered questions ending in 다, with no marker under them, stay questions.
    let prose = parse(
        "스터디 6회차\n\n2026-01-10\n\n큐 설계\n\n주문이 몰린다\n\n문제\n\n큐를 도입하는 이유를 설명한다\n\n순서 보장을 설명한다\n",
    );
    assert_eq!(prose.scenarios.len(), 1);
    assert_eq!(prose.scenarios[0].questions.len(), 2);
}

#[test]
fn a_sentence_under_the_header_followed_by_a_title_is_no_title() {
    let found = errors(
        "스터디 6회차\n\n2026-01-10\n\n이번 회차는 운영을 다룬다\n\n결제 API의 SLO 정하기\n\n본문.\n\n문제\n\n1. 설명하시오.\n",
    );
    assert_eq!(found, [(5, "expected a scenario title here".to_string())]);
}
