//! The search case table (`tests/search/cases.json`) on both implementations of search: the Rust
//! that builds the index (`studybook::search`) and its JavaScript port that reads it
//! (`theme/static/search.js`, run in Node by `tests/search/cases.mjs`). A change to either that
//! changes how text is split, queries are parsed, keys are hashed or pages are ranked fails its
//! side of the table.

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};
use studybook::search::postings::{Entry, Index, Section};
use studybook::search::query::{self, Synonyms};
use studybook::search::{files, rank, tokens, Catalog};

fn table() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/cases.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn strings(value: &Value) -> Vec<String> {
    (value.as_array().unwrap().iter())
        .map(|item| item.as_str().unwrap().to_string())
        .collect()
}

fn synonyms(groups: &Value) -> Synonyms {
    let groups = groups
        .as_array()
        .map_or(Vec::new(), |groups| groups.iter().map(strings).collect());
    Synonyms::new(groups)
}

/// A ranking case's documents: a title, one heading and its body text.
fn entries(ranking: &Value) -> Vec<Entry> {
    let field = |doc: &Value, name: &str| doc[name].as_str().unwrap_or("").to_string();
    let docs = ranking["docs"].as_array().unwrap();
    (docs.iter().enumerate())
        .map(|(doc_idx, doc)| Entry {
            title: field(doc, "title"),
            url: format!("d{doc_idx}/"),
            sections: vec![Section {
                anchor: Some("h".into()),
                heading: field(doc, "heading"),
                text: field(doc, "body"),
            }],
            ..Entry::default()
        })
        .collect()
}

/// Fails listing every case where `got` is not the table's value.
#[track_caller]
fn assert_no_failures(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} case(s) differ from tests/search/cases.json:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_rust_tokenizer_gives_the_tables_words_and_keys() {
    let mut failures = Vec::new();
    for case in table()["texts"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        let chars = tokens::chars(text);
        let words: Vec<Value> = (tokens::words(&chars).iter())
            .map(|word| {
                let kind = match word.kind {
                    tokens::Kind::Hangul => "hangul",
                    tokens::Kind::Jamo => "jamo",
                    tokens::Kind::Other => "other",
                };
                json!([kind, word.chars.iter().collect::<String>(), word.joined])
            })
            .collect();
        if json!(words) != case["words"] {
            failures.push(format!("words of {text:?}: rust {}", json!(words)));
        }
        let mut keys = Vec::new();
        tokens::keys(text, |key| keys.push(key.iter().collect::<String>()));
        if keys != strings(&case["keys"]) {
            failures.push(format!("keys of {text:?}: rust {keys:?}"));
        }
    }
    assert_no_failures(&failures);
}

#[test]
fn the_rust_parser_gives_the_tables_queries() {
    let mut failures = Vec::new();
    for case in table()["queries"].as_array().unwrap() {
        let q = case["q"].as_str().unwrap();
        let parsed = crate::search::query_json(&query::parse(q, &synonyms(&case["groups"])));
        if parsed != case["parsed"] {
            failures.push(format!("query {q:?}: rust {parsed}"));
        }
    }
    assert_no_failures(&failures);
}

#[test]
fn the_rust_hash_gives_the_tables_values() {
    let mut failures = Vec::new();
    for (key, expected) in table()["hashes"].as_object().unwrap() {
        let hash = tokens::hash(key);
        if Some(u64::from(hash)) != expected.as_u64() {
            failures.push(format!("hash of {key:?}: rust {hash}"));
        }
    }
    assert_no_failures(&failures);
}

#[test]
fn the_rust_ranking_gives_the_tables_order() {
    let mut failures = Vec::new();
    for (ranking_idx, ranking) in table()["rankings"].as_array().unwrap().iter().enumerate() {
        let entries = entries(ranking);
        let index = Index::build(&entries);
        let synonyms = synonyms(&ranking["groups"]);
        for case in ranking["queries"].as_array().unwrap() {
            let q = case["q"].as_str().unwrap();
            let order: Vec<&str> = rank::search(&index, &query::parse(q, &synonyms))
                .iter()
                .map(|hit| entries[hit.doc as usize].title.as_str())
                .collect();
            if order != strings(&case["order"]) {
                failures.push(format!(
                    "ranking {ranking_idx}, query {q:?}: rust {order:?}"
                ));
            }
        }
    }
    assert_no_failures(&failures);
}

/// Writes each ranking's index files as a build does, under `dir/rank-<n>/search/`.
fn write_indexes(table: &Value, dir: &Path) {
    for (ranking_idx, ranking) in table["rankings"].as_array().unwrap().iter().enumerate() {
        let entries = entries(ranking);
        let index = Index::build(&entries);
        let catalog = Catalog {
            entries,
            synonyms: synonyms(&ranking["groups"]),
            ..Catalog::default()
        };
        for output in files::write(&catalog, &index) {
            let path = dir.join(format!("rank-{ranking_idx}")).join(&output.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, output.bytes).unwrap();
        }
    }
}

#[test]
fn search_js_gives_the_tables_words_queries_hashes_and_order() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sites = tempfile::tempdir().unwrap();
    write_indexes(&table(), sites.path());
    let output = Command::new("node")
        .arg(root.join("tests/search/cases.mjs"))
        .arg(root.join("tests/search/cases.json"))
        .arg(root.join("theme/static/search.js"))
        .arg(sites.path())
        .output()
        .expect("node runs (it is needed for the JavaScript half of the search case table)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "node failed: {}{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    let result: Value = serde_json::from_str(&stdout).unwrap();
    assert_no_failures(&strings(&result["failures"]));
}
