//! The matcher on the cases: tokens, query parsing, postings and ranking together.

use super::postings::{Entry, Index, Section};
use super::query::{self, Synonyms};
use super::rank;

fn doc(title: &str, heading: &str, body: &str) -> Entry {
    Entry {
        title: title.into(),
        url: format!("{title}/"),
        sections: vec![Section {
            anchor: Some("h".into()),
            heading: heading.into(),
            text: body.into(),
        }],
        ..Entry::default()
    }
}

/// Titles of the matching documents, best first.
fn search_with(entries: &[Entry], synonyms: &Synonyms, query: &str) -> Vec<String> {
    let index = Index::build(entries);
    rank::search(&index, &query::parse(query, synonyms))
        .into_iter()
        .map(|hit| entries[hit.doc as usize].title.clone())
        .collect()
}

/// Bodies titled `0`, `1`, …; returns the titles matching `query`, best first.
#[track_caller]
fn check(bodies: &[&str], query: &str, expected: &[&str]) {
    let entries: Vec<Entry> = bodies
        .iter()
        .enumerate()
        .map(|(i, body)| doc(&i.to_string(), "", body))
        .collect();
    assert_eq!(
        search_with(&entries, &Synonyms::default(), query),
        expected,
        "query {query:?}"
    );
}

#[test]
fn hangul_inside_compounds() {
    check(&["로드밸런서를 앞에 둔다", "밸런스 게임"], "밸런서", &["0"]);
    check(
        &["교착상태에 빠진다", "상태 코드", "태상"],
        "상태",
        &["0", "1"],
    );
}

#[test]
fn particles_after_the_word_and_in_the_query() {
    check(&["가용성을 높인다", "가용 영역"], "가용성", &["0"]);
    check(&["가용성이 중요하다", "가용 영역"], "가용성을", &["0"]);
}

#[test]
fn compounds_with_or_without_the_space() {
    check(&["보안 그룹을 붙인다", "안보 그룹"], "보안그룹", &["0"]);
    check(
        &["보안그룹을 붙인다", "보안 정책"],
        "보안 그룹",
        &["0", "1"],
    );
    check(&["헬스 체크가 실패하면", "체크인"], "헬스체크", &["0"]);
    check(&["헬스체크 경로"], "헬스 체크", &["0"]);
}

#[test]
fn english_in_any_case_and_while_typing() {
    check(&["NAT Gateway를 둔다", "nation"], "nat gateway", &["0"]);
    check(
        &["NAT Gateway를 둔다", "gateway keeper", "gate"],
        "nat gatew",
        &["0", "1"],
    );
    check(&["use NAT", "native"], "nat ", &["0"]);
}

#[test]
fn mixed_korean_and_english() {
    check(
        &["NAT 게이트웨이로 나간다", "게이트웨이", "NAT"],
        "nat 게이트웨이",
        &["0", "1", "2"],
    );
}

#[test]
fn choseong_queries_find_titles_and_headings() {
    let entries = [
        doc("교착상태를 피하는 법", "", ""),
        doc("d1", "교차 상태", ""),
        doc("상태 교착", "", ""),
        doc("d3", "", "본문의 교착상태는 초성으로 찾지 않는다"),
    ];
    let found = search_with(&entries, &Synonyms::default(), "ㄱㅊㅅㅌ");
    assert_eq!(found, ["교착상태를 피하는 법", "d1"]);
}

#[test]
fn single_syllables_match_word_starts() {
    check(&["락을 잡는다", "데드락"], "락", &["0"]);
}

#[test]
fn glossary_synonyms_in_both_directions() {
    let synonyms = Synonyms::new(vec![
        vec![
            "상태 잠금".into(),
            "state locking".into(),
            "state lock".into(),
        ],
        vec!["보안 그룹".into(), "security group".into(), "SG".into()],
    ]);
    let entries = [
        doc("d0", "", "상태 잠금을 켠다"),
        doc("d1", "", "Enable state locking"),
        doc("d2", "", "Attach an SG to the ENI"),
        doc("d3", "", "state machine"),
    ];
    // The words as typed come first, then the synonym, then a page with one of the words.
    assert_eq!(
        search_with(&entries, &synonyms, "state locking"),
        ["d1", "d0", "d3"]
    );
    assert_eq!(search_with(&entries, &synonyms, "상태잠금"), ["d0", "d1"]);
    assert_eq!(search_with(&entries, &synonyms, "보안그룹"), ["d2"]);
}

#[test]
fn title_beats_heading_beats_body() {
    let entries = [
        doc("body", "", &"교착상태 ".repeat(50)),
        doc("heading", "교착상태", ""),
        doc("교착상태 title", "", ""),
    ];
    assert_eq!(
        search_with(&entries, &Synonyms::default(), "교착상태"),
        ["교착상태 title", "heading", "body"]
    );
}

#[test]
fn more_words_matched_beats_fewer() {
    let entries = [
        doc("상태 잠금", "상태 잠금", "상태 잠금"),
        doc("both", "", "테라폼 상태 잠금"),
    ];
    assert_eq!(
        search_with(&entries, &Synonyms::default(), "테라폼 잠금"),
        ["both", "상태 잠금"]
    );
}

#[test]
fn complete_matches_beat_all_but_one() {
    let entries = [
        doc("보안 정책 그룹", "", ""),
        doc("complete", "", "보안그룹"),
    ];
    // "보안그룹" has three keys (보안, 안그, 그룹): the title has two of them, the body all three.
    assert_eq!(
        search_with(&entries, &Synonyms::default(), "보안그룹"),
        ["complete", "보안 정책 그룹"]
    );
}

#[test]
fn empty_and_punctuation_queries_find_nothing() {
    check(&["상태"], "", &[]);
    check(&["상태"], " ,.!? ", &[]);
    check(&["상태"], "ㅅ", &[]);
}

#[test]
fn synonyms_match_only_with_their_words_side_by_side() {
    let synonyms = Synonyms::new(vec![vec![
        "헬스 체크".into(),
        "health check".into(),
        "상태 확인".into(),
    ]]);
    let entries = [
        doc("d0", "", "상태 저장소를 다시 확인한다"),
        doc("d1", "", "상태 확인 주기는 30초"),
        doc("d2", "", "헬스체크 경로"),
    ];
    assert_eq!(search_with(&entries, &synonyms, "헬스체크"), ["d2", "d1"]);
}

#[test]
fn every_index_file_is_in_the_folder_search_claims() {
    let catalog = super::Catalog {
        entries: (0..40)
            .map(|i| doc(&format!("문서{i}"), "제목", "로드밸런서 교착상태 deadlock"))
            .collect(),
        ..super::Catalog::default()
    };
    let mut namespace = crate::output::Namespace::new(std::path::Path::new("/book"));
    namespace.declare(super::CLAIMS);
    let (ledger, _) = namespace.finish();
    let files = super::index_catalog(&catalog, &super::Cache::off());
    assert!(files.len() >= 3, "meta, a shard and documents");
    for file in files {
        assert!(ledger.record(&file.path).is_ok(), "{}", file.path);
    }
}
