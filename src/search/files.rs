//! The index on disk, under `search/`, split so that a query downloads only what it needs:
//!
//! - `meta.json`: format, version, shard count, tokenizer limits, topics and sessions (names and
//!   each document's, for the filters) and the glossary's synonym groups. Small; read first.
//! - `s/<n>.json`: shard `n` of the postings, `{"key": [Δdoc << 5 | weight, …]}`, holding the
//!   keys whose FNV-1a hash is `n` modulo the shard count. Documents ascend and are delta-coded;
//!   the weight (at most 28) rides in the low five bits, so each posting is one small number.
//! - `d/<n>.json`: an array of consecutive documents, each its title, URL and text by heading
//!   (capped), fetched only for the results shown, to build the snippet and the link to the
//!   heading where the match is. `meta.json`'s `docFiles` lists the first document of each file.
//!
//! The shard count grows with the index so that a shard stays near [`TARGET_SHARD_BYTES`], and
//! documents are grouped into files near [`TARGET_DOCS_BYTES`]: one file per document was 40% of
//! the files a build writes (1,009 of 2,523 at 1,000 pages), each costing a create and a write,
//! while a reader's browser fetches a handful of them per query either way.
//! Everything is written in a fixed order, so that the same book gives the same bytes.

use std::fmt::Write as _;
use std::hash::Hasher as _;

use rayon::prelude::*;
use serde::Serialize;

use super::postings::{Entry, Index, WEIGHT_BITS};
use super::tokens::{self, CHOSEONG_MAX, CHOSEONG_MIN, PREFIX_MAX, PREFIX_MIN};
use super::{Catalog, SessionName, TopicName};
use crate::hash::FastHasher as FxHasher;
use crate::output::Output;
use crate::structure::TopicId;

/// The size a shard aims at, before compression.
pub const TARGET_SHARD_BYTES: usize = 8 * 1024;
/// Most shards a book gets.
pub const MAX_SHARDS: usize = 4096;
/// The size a file of documents aims at, before compression (a document alone may exceed it).
pub const TARGET_DOCS_BYTES: usize = 16 * 1024;
/// Longest text kept per section in a document file (for snippets).
pub const SECTION_CHARS: usize = 1500;
/// Longest text kept per document file.
pub const DOC_CHARS: usize = 8000;
/// Bump when the files change shape, so that old scripts fail loudly rather than misread.
pub const FORMAT: u32 = 2;

#[derive(Serialize)]
struct Meta<'a> {
    format: u32,
    version: String,
    shards: usize,
    prefix: [usize; 2],
    choseong: [usize; 2],
    topics: &'a [TopicName],
    sessions: &'a [SessionName],
    #[serde(rename = "docTopic")]
    doc_topic: Vec<i64>,
    #[serde(rename = "docSession")]
    doc_session: Vec<i64>,
    /// The first document of each file under `d/`, ascending.
    #[serde(rename = "docFiles")]
    doc_files: Vec<u32>,
    synonyms: &'a [Vec<String>],
}

#[derive(Serialize)]
struct Fragment<'a> {
    t: &'a str,
    u: &'a str,
    s: Vec<(&'a str, &'a str, String)>,
}

/// Serialises the index into its files.
pub fn write(catalog: &Catalog, index: &Index) -> Vec<Output> {
    let shards = shards(index);
    let (fragments, doc_files) = documents(catalog);
    let hashes: Vec<u64> = shards
        .iter()
        .chain(&fragments)
        .map(|output| file_hash(&output.bytes))
        .collect();
    let mut outputs = Vec::with_capacity(1 + shards.len() + fragments.len());
    outputs.push(meta(catalog, shards.len(), doc_files, &hashes));
    outputs.extend(shards);
    outputs.extend(fragments);
    outputs
}

/// A hash of one shard or document file, for the index's version.
pub(super) fn file_hash(bytes: &[u8]) -> u64 {
    // Eight bytes at a time: the files are megabytes, and the byte-wise FNV took 30 ms.
    let mut hasher = FxHasher::default();
    hasher.write(bytes);
    hasher.finish()
}

/// `meta.json`; its version is a hash of the hashes of the shard and document files, in order
/// (a hash of hashes, so that `serve` re-hashes only the files an edit changed).
pub(super) fn meta(
    catalog: &Catalog,
    n_shards: usize,
    doc_files: Vec<u32>,
    file_hashes: &[u64],
) -> Output {
    let version = {
        let mut hasher = FxHasher::default();
        for hash in file_hashes {
            hasher.write_u64(*hash);
        }
        format!("{:08x}", hasher.finish() >> 32)
    };
    let index_of = |i: Option<usize>| i.map_or(-1, |i| i as i64);
    let meta = Meta {
        format: FORMAT,
        version,
        shards: n_shards,
        prefix: [PREFIX_MIN, PREFIX_MAX],
        choseong: [CHOSEONG_MIN, CHOSEONG_MAX],
        topics: &catalog.topics,
        sessions: &catalog.sessions,
        doc_topic: (catalog.entries.iter())
            .map(|e| index_of(e.topic.map(TopicId::index)))
            .collect(),
        doc_session: catalog
            .entries
            .iter()
            .map(|e| index_of(e.session))
            .collect(),
        doc_files,
        synonyms: catalog.synonyms.groups(),
    };
    Output {
        path: "search/meta.json".into(),
        bytes: serde_json::to_vec(&meta).unwrap_or_default(),
    }
}

/// One key's postings as JSON: `"key":[Δdoc << 5 | weight, …]`.
pub(super) fn posting_json(key: &str, list: &[(u32, u8)]) -> String {
    let mut out = serde_json::to_string(key).unwrap_or_default();
    out.push_str(":[");
    let mut previous = 0;
    for (pos, &(doc, weight)) in list.iter().enumerate() {
        if pos > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "{}",
            (doc - previous) << WEIGHT_BITS | u32::from(weight)
        );
        previous = doc;
    }
    out.push(']');
    out
}

fn shards(index: &Index) -> Vec<Output> {
    let mut keys: Vec<(&String, &Vec<(u32, u8)>)> = index.postings.iter().collect();
    keys.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    let encoded: Vec<(u32, String)> = keys
        .par_iter()
        .map(|(key, list)| (tokens::hash(key), posting_json(key, list)))
        .collect();
    let total: usize = encoded.iter().map(|(_, json)| json.len() + 1).sum();
    let n_shards = shard_count(total);
    let mut members: Vec<Vec<&str>> = vec![Vec::new(); n_shards];
    for (hash, json) in &encoded {
        members[*hash as usize % n_shards].push(json);
    }
    members
        .into_iter()
        .enumerate()
        .map(|(shard, jsons)| shard_file(shard, jsons))
        .collect()
}

/// How many shards postings of `total` bytes (each key's JSON and a comma) are split into.
pub(super) fn shard_count(total: usize) -> usize {
    total.div_ceil(TARGET_SHARD_BYTES).clamp(1, MAX_SHARDS)
}

/// Shard `shard`: its keys' JSON (in key order) as one object.
pub(super) fn shard_file<'a>(shard: usize, jsons: impl IntoIterator<Item = &'a str>) -> Output {
    let mut body = String::from("{");
    for json in jsons {
        if body.len() > 1 {
            body.push(',');
        }
        body.push_str(json);
    }
    body.push('}');
    Output {
        path: format!("search/s/{shard}.json"),
        bytes: body.into_bytes(),
    }
}

/// The document files and the first document of each: consecutive documents' fragments, a file
/// closed before it would pass [`TARGET_DOCS_BYTES`].
fn documents(catalog: &Catalog) -> (Vec<Output>, Vec<u32>) {
    let fragments: Vec<Vec<u8>> = catalog.entries.par_iter().map(fragment).collect();
    group(&fragments, 0, 0)
}

/// [`documents`] from document `first_doc` on, which starts file `first_file`: the files from
/// there and their first documents. (Grouping is greedy from the front, so the files before a
/// changed document stay as they were.)
pub(super) fn group(
    fragments: &[impl AsRef<[u8]>],
    first_doc: usize,
    first_file: usize,
) -> (Vec<Output>, Vec<u32>) {
    let mut files: Vec<Output> = Vec::new();
    let mut firsts: Vec<u32> = Vec::new();
    let mut body: Vec<u8> = Vec::new();
    for (doc_idx, fragment) in fragments.iter().enumerate().skip(first_doc) {
        let fragment = fragment.as_ref();
        if !body.is_empty() && body.len() + fragment.len() + 2 > TARGET_DOCS_BYTES {
            body.push(b']');
            files.push(docs_file(
                first_file + files.len(),
                std::mem::take(&mut body),
            ));
        }
        if body.is_empty() {
            firsts.push(doc_idx as u32);
            body.push(b'[');
        } else {
            body.push(b',');
        }
        body.extend_from_slice(fragment);
    }
    if !body.is_empty() {
        body.push(b']');
        files.push(docs_file(first_file + files.len(), body));
    }
    (files, firsts)
}

fn docs_file(file_idx: usize, bytes: Vec<u8>) -> Output {
    Output {
        path: format!("search/d/{file_idx}.json"),
        bytes,
    }
}

fn cap(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

/// A document's entry in its file: title, URL and capped text by heading.
pub(super) fn fragment(entry: &Entry) -> Vec<u8> {
    let mut budget = DOC_CHARS;
    let mut sections = Vec::with_capacity(entry.sections.len());
    for section in &entry.sections {
        let text = cap(&section.text, SECTION_CHARS.min(budget));
        budget = budget.saturating_sub(text.chars().count());
        sections.push((
            section.anchor.as_deref().unwrap_or(""),
            section.heading.as_str(),
            text,
        ));
    }
    serde_json::to_vec(&Fragment {
        t: &entry.title,
        u: &entry.url,
        s: sections,
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::postings::Section;

    fn catalog(bodies: &[String]) -> Catalog {
        Catalog {
            entries: bodies
                .iter()
                .enumerate()
                .map(|(idx, body)| Entry {
                    title: format!("문서 {idx}"),
                    url: format!("d{idx}/"),
                    sections: vec![Section {
                        text: body.clone(),
                        ..Section::default()
                    }],
                    ..Entry::default()
                })
                .collect(),
            ..Catalog::default()
        }
    }

    /// The documents read back from the files, in order, checking `firsts` against them.
    fn read_back(files: &[Output], firsts: &[u32]) -> Vec<serde_json::Value> {
        assert_eq!(files.len(), firsts.len());
        let mut docs = Vec::new();
        for (file_idx, file) in files.iter().enumerate() {
            assert_eq!(file.path, format!("search/d/{file_idx}.json"));
            assert_eq!(firsts[file_idx] as usize, docs.len());
            let group: Vec<serde_json::Value> = serde_json::from_slice(&file.bytes).unwrap();
            assert!(!group.is_empty(), "file {file_idx} is empty");
            docs.extend(group);
        }
        docs
    }

    #[test]
    fn small_documents_share_a_file_in_order() {
        let bodies: Vec<String> = (0..50).map(|idx| format!("짧은 본문 {idx}")).collect();
        let (files, firsts) = documents(&catalog(&bodies));
        assert_eq!(firsts, [0], "fifty short documents fit one file");
        let docs = read_back(&files, &firsts);
        let urls: Vec<&str> = docs.iter().map(|doc| doc["u"].as_str().unwrap()).collect();
        assert_eq!(
            urls,
            (0..50).map(|idx| format!("d{idx}/")).collect::<Vec<_>>()
        );
    }

    #[test]
    fn files_stay_near_the_target_and_big_documents_stand_alone() {
        // ~4.5 KB each (1,500 Hangul syllables), and one over the target on its own.
        let mut bodies: Vec<String> = (0..20).map(|_| "가".repeat(SECTION_CHARS)).collect();
        bodies[7] = "나".repeat(DOC_CHARS);
        let mut long = catalog(&bodies);
        long.entries[7].sections = (0..6)
            .map(|_| Section {
                text: "나".repeat(SECTION_CHARS),
                ..Section::default()
            })
            .collect();
        let (files, firsts) = documents(&long);
        let docs = read_back(&files, &firsts);
        assert_eq!(docs.len(), 20);
        let alone = firsts.iter().position(|&first| first == 7).unwrap();
        assert_eq!(
            firsts[alone + 1],
            8,
            "the big document has a file of its own"
        );
        assert!(files[alone].bytes.len() > TARGET_DOCS_BYTES);
        for (file_idx, file) in files.iter().enumerate() {
            if file_idx != alone {
                assert!(file.bytes.len() <= TARGET_DOCS_BYTES, "file {file_idx}");
            }
        }
        assert!(files.len() < 12, "{} files for 20 documents", files.len());
    }

    #[test]
    fn meta_lists_the_first_document_of_each_file() {
        let bodies: Vec<String> = (0..30).map(|_| "다".repeat(SECTION_CHARS)).collect();
        let catalog = catalog(&bodies);
        let outputs = write(&catalog, &Index::build(&catalog.entries));
        let meta: serde_json::Value = serde_json::from_slice(&outputs[0].bytes).unwrap();
        assert_eq!(meta["format"], FORMAT);
        let (_, firsts) = documents(&catalog);
        assert_eq!(meta["docFiles"], serde_json::json!(firsts));
        let n_doc_files = outputs
            .iter()
            .filter(|output| output.path.starts_with("search/d/"))
            .count();
        assert_eq!(n_doc_files, firsts.len());
    }
}
