//! Search: the index files on disk answer the issue's queries, and in Chromium the box, the
//! keyboard and the search page work at the site root and under a sub-path, with search.js
//! parsing queries exactly as `studybook::search` does.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{json, Value};
use studybook::search::postings::Index;
use studybook::search::query::{self, Query, Synonyms};
use studybook::search::{rank, tokens};

use crate::browser::{run_script, StaticServer};
use crate::harness::*;

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The index as written, read back: postings from every shard, and each document's URL.
struct OnDisk {
    meta: Value,
    index: Index,
    urls: Vec<String>,
}

fn read_index(out: &Path) -> OnDisk {
    let dir = out.join("search");
    let meta = read_json(&dir.join("meta.json"));
    let n_shards = meta["shards"].as_u64().unwrap() as u32;
    let mut postings = HashMap::new();
    for shard in 0..n_shards {
        let keys = read_json(&dir.join(format!("s/{shard}.json")));
        for (key, list) in keys.as_object().unwrap() {
            assert_eq!(
                tokens::hash(key) % n_shards,
                shard,
                "key {key:?} is in the wrong shard"
            );
            let numbers: Vec<u64> = list
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_u64().unwrap())
                .collect();
            let mut doc = 0;
            let decoded = numbers
                .iter()
                .map(|&posting| {
                    doc += (posting >> 5) as u32;
                    (doc, (posting & 31) as u8)
                })
                .collect();
            postings.insert(key.clone(), decoded);
        }
    }
    let n_docs = meta["docTopic"].as_array().unwrap().len();
    let fragments = read_fragments(out, &meta);
    assert_eq!(fragments.len(), n_docs, "every document has its fragment");
    let urls = fragments
        .iter()
        .map(|fragment| fragment["u"].as_str().unwrap().to_string())
        .collect();
    OnDisk {
        meta,
        index: Index { postings, n_docs },
        urls,
    }
}

/// Every document's fragment, in document order, from the files `meta.docFiles` lists.
fn read_fragments(out: &Path, meta: &Value) -> Vec<Value> {
    let firsts: Vec<u64> = meta["docFiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    let mut fragments = Vec::new();
    for (file_idx, &first) in firsts.iter().enumerate() {
        assert_eq!(
            first,
            fragments.len() as u64,
            "file {file_idx} starts at its first document"
        );
        let docs = read_json(&out.join(format!("search/d/{file_idx}.json")));
        fragments.extend(docs.as_array().unwrap().iter().cloned());
    }
    assert!(
        !out.join(format!("search/d/{}.json", firsts.len())).exists(),
        "no document file beyond those meta.json lists"
    );
    fragments
}

fn synonyms(meta: &Value) -> Synonyms {
    Synonyms::new(serde_json::from_value(meta["synonyms"].clone()).unwrap())
}

impl OnDisk {
    fn search(&self, query: &str) -> Vec<String> {
        let parsed = query::parse(query, &synonyms(&self.meta));
        rank::search(&self.index, &parsed)
            .into_iter()
            .map(|hit| self.urls[hit.doc as usize].clone())
            .collect()
    }
}

/// The queries both tests ask, with the page each must find among the first five.
const QUERIES: &[(&str, &str)] = &[
    ("밸런서", "network/vpc/q1-load-balancer/"),
    ("상태", "concurrency/locks/q1-deadlock/"),
    ("가용성", "network/vpc/q1-load-balancer/"),
    ("보안그룹", "network/vpc/q2-security-groups/"),
    ("보안 그룹", "network/vpc/q2-security-groups/"),
    ("헬스체크", "network/vpc/q1-load-balancer/"),
    ("nat gateway", "network/vpc/q3-nat/"),
    ("NAT 게이트웨이", "network/vpc/q3-nat/"),
    ("state locking", "iac/terraform/q1-locking/"),
    ("ㄱㅊㅅㅌ", "concurrency/locks/q1-deadlock/"),
    ("교착", "concurrency/locks/q1-deadlock/"),
];

#[test]
fn the_index_files_answer_the_issues_queries() {
    let built = TestBook::fixture("search").build().ok();
    let on_disk = read_index(&built.out);
    let meta = &on_disk.meta;
    assert_eq!(meta["format"], 2);
    assert_eq!(
        meta["prefix"],
        json!([tokens::PREFIX_MIN, tokens::PREFIX_MAX])
    );
    assert_eq!(
        meta["topics"],
        json!([
            ["네트워크", "network/"],
            ["코드형 인프라", "iac/"],
            ["동시성", "concurrency/"]
        ])
    );
    assert_eq!(meta["sessions"], json!([["r1", "1회차"], ["r2", "2회차"]]));
    assert_eq!(
        meta["synonyms"][2],
        json!(["상태 잠금", "state locking", "state lock"])
    );
    // 12 pages and 3 glossary entries, each with its topic and session.
    assert_eq!(on_disk.urls.len(), 15);
    let doc = |url: &str| on_disk.urls.iter().position(|u| u == url).unwrap();
    let deadlock = doc("concurrency/locks/q1-deadlock/");
    assert_eq!(meta["docTopic"][deadlock], 2);
    assert_eq!(meta["docSession"][deadlock], 1);
    assert_eq!(meta["docTopic"][doc("glossary/#term-state-locking")], 1);
    for (query, expected) in QUERIES {
        let found = on_disk.search(query);
        assert!(
            found.iter().take(5).any(|url| url == expected),
            "{query}: {expected} not among {found:?}"
        );
    }
    assert_eq!(
        on_disk.search("보안그룹")[0],
        "network/vpc/q2-security-groups/"
    );
    assert_eq!(
        on_disk.search("교착상태")[0],
        "concurrency/locks/q1-deadlock/"
    );
    assert!(on_disk.search("쿠버네티스").is_empty());
    // The snippet file has the text by heading, with anchors.
    let fragment = &read_fragments(&built.out, meta)[deadlock];
    assert_eq!(fragment["t"], "교착상태를 피하는 법");
    assert_eq!(fragment["s"][2][0], "락-순서");
}

#[test]
fn the_same_book_gives_the_same_index_bytes() {
    let first = TestBook::fixture("search").build().ok();
    let second = TestBook::fixture("search").build().ok();
    for file in ["search/meta.json", "search/s/0.json", "search/d/0.json"] {
        assert_eq!(
            std::fs::read(first.out.join(file)).unwrap(),
            std::fs::read(second.out.join(file)).unwrap(),
            "{file} differs between builds"
        );
    }
}

#[test]
fn this_books_own_answers_are_found() {
    let book = TestBook::empty();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["content", "diagrams", "glossary"] {
        copy_dir(&root.join(dir), &book.root().join(dir));
    }
    std::fs::copy(root.join("book.toml"), book.root().join("book.toml")).unwrap();
    let built = book.build().ok();
    let on_disk = read_index(&built.out);
    for (query, expected) in [
        ("보안그룹", "networking/securewallet-vpc/q4-sg-vs-nacl/"),
        ("헬스체크", "availability/booknook-v2/q4-health-checks/"),
        ("교착", "concurrency/parallel-image-processing/q5-deadlock/"),
        ("nat gateway", "networking/securewallet-vpc/q3-nat-gateway/"),
        ("state locking", "iac/terraform-adoption/q2-state-locking/"),
    ] {
        let found = on_disk.search(query);
        assert!(
            found.iter().take(5).any(|url| url == expected),
            "{query}: {expected} not among {:?}",
            &found[..found.len().min(8)]
        );
    }
}

/// A query as search.js's `parseQuery` returns it, minus its UI-only fields.
pub(crate) fn query_json(query: &Query) -> Value {
    json!({
        "slots": query.slots.iter().map(|slot| json!({
            "width": slot.width,
            "alternatives": slot.alternatives.iter().map(|a| json!({
                "terms": a.terms.iter().map(|t| json!({"keys": t.keys, "required": t.required})).collect::<Vec<_>>(),
                "bonus": a.bonus,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "bonus": query.bonus,
    })
}

fn browser_check(prefix: &str) {
    let built = TestBook::fixture("search").build().ok();
    let meta = read_json(&built.out.join("search/meta.json"));
    let synonyms = synonyms(&meta);
    let parse_cases = [
        "밸런서",
        "보안 그룹",
        "보안그룹",
        "가용성을",
        "nat gatew",
        "nat gateway ",
        "ㄱㅊㅅㅌ",
        "교ㅊ",
        "State Locking",
        "NAT 게이트웨이",
        "S3 버킷, 헬스체크!",
        "ＡＢＣ",
        "",
    ];
    let parse: Vec<Value> = parse_cases
        .iter()
        .map(|q| json!({"q": q, "expected": query_json(&query::parse(q, &synonyms))}))
        .collect();
    let hashes: serde_json::Map<String, Value> = ["", "a", "상태", "nat*", "ㄱㅊㅅㅌ", "😀"]
        .iter()
        .map(|k| (k.to_string(), json!(tokens::hash(k))))
        .collect();
    let on_disk = read_index(&built.out);
    let ranked: Vec<Value> = QUERIES
        .iter()
        .map(|(q, _)| q)
        .chain(&[
            "상태 잠금",
            "보안",
            "sg",
            "헬스 체크 경로",
            "nat gate",
            "주제",
            "constructor ",
        ])
        .map(|q| {
            let hits = rank::search(&on_disk.index, &query::parse(q, &synonyms));
            json!({"q": q, "expected": hits.iter().map(|h| h.doc).collect::<Vec<_>>()})
        })
        .collect();
    let typed = ["nat gateway", "state locking"];
    let spec = json!({
        "page": "network/vpc/q1-load-balancer/",
        "queries": QUERIES.iter().map(|(q, expect)| json!({"q": q, "expect": format!("{prefix}{expect}"), "type": typed.contains(q)})).collect::<Vec<_>>(),
        "nav": "상태",
        "searchPage": {"q": "상태", "expect": format!("{prefix}concurrency/locks/q1-deadlock/"), "topic": "iac/"},
        "groups": meta["synonyms"],
        "parse": parse,
        "rank": ranked,
        "hashes": hashes,
    });
    let spec_path = built.out.join("search-spec.json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    let server = StaticServer::start(&built.out, prefix);
    let Some(result) = run_script(
        "search.mjs",
        &[&server.url(prefix), spec_path.to_str().unwrap()],
    ) else {
        return;
    };
    assert_eq!(result["failures"], json!([]));
}

#[test]
fn chromium_finds_korean_and_english_at_the_root() {
    browser_check("/");
}

#[test]
fn chromium_finds_korean_and_english_under_a_sub_path() {
    browser_check("/study/");
}
