//! The index on disk, under `search/`, split so that a query downloads only what it needs:
//!
//! - `meta.json`: format, version, shard count, tokenizer limits, topics and sessions (names and
//!   each document's, for the filters) and the glossary's synonym groups. Small; read first.
//! - `s/<n>.json`: shard `n` of the postings, `{"key": [Δdoc << 5 | weight, …]}`, holding the
//!   keys whose FNV-1a hash is `n` modulo the shard count. Documents ascend and are delta-coded;
//!   the weight (at most 28) rides in the low five bits, so each posting is one small number.
//! - `d/<doc>.json`: one document's title, URL and text by heading (capped), fetched only for the
//!   results shown, to build the snippet and the link to the heading where the match is.
//!
//! The shard count grows with the index so that a shard stays near [`TARGET_SHARD_BYTES`].
//! Everything is written in a fixed order, so that the same book gives the same bytes.

use std::fmt::Write as _;
use std::hash::Hasher as _;

use rayon::prelude::*;
use serde::Serialize;

use super::postings::{Entry, Index, WEIGHT_BITS};
use super::tokens::{self, CHOSEONG_MAX, CHOSEONG_MIN, PREFIX_MAX, PREFIX_MIN};
use super::Catalog;
use crate::hash::FastHasher as FxHasher;
use crate::output::Output;

/// The size a shard aims at, before compression.
pub const TARGET_SHARD_BYTES: usize = 8 * 1024;
/// Most shards a book gets.
pub const MAX_SHARDS: usize = 4096;
/// Longest text kept per section in a document file (for snippets).
pub const SECTION_CHARS: usize = 1500;
/// Longest text kept per document file.
pub const DOC_CHARS: usize = 8000;
/// Bump when the files change shape, so that old scripts fail loudly rather than misread.
pub const FORMAT: u32 = 1;

#[derive(Serialize)]
struct Meta<'a> {
    format: u32,
    version: String,
    shards: usize,
    prefix: [usize; 2],
    choseong: [usize; 2],
    topics: &'a [(String, String)],
    sessions: &'a [(String, String)],
    #[serde(rename = "docTopic")]
    doc_topic: Vec<i64>,
    #[serde(rename = "docSession")]
    doc_session: Vec<i64>,
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
    let fragments: Vec<Output> = catalog
        .entries
        .par_iter()
        .enumerate()
        .map(|(doc_idx, entry)| Output {
            path: format!("search/d/{doc_idx}.json"),
            bytes: fragment(entry),
        })
        .collect();
    let version = {
        // Eight bytes at a time: the files are megabytes, and the byte-wise FNV took 30 ms.
        let mut hasher = FxHasher::default();
        for output in shards.iter().chain(&fragments) {
            hasher.write(&output.bytes);
        }
        format!("{:08x}", hasher.finish() >> 32)
    };
    let index_of = |i: Option<usize>| i.map_or(-1, |i| i as i64);
    let meta = Meta {
        format: FORMAT,
        version,
        shards: shards.len(),
        prefix: [PREFIX_MIN, PREFIX_MAX],
        choseong: [CHOSEONG_MIN, CHOSEONG_MAX],
        topics: &catalog.topics,
        sessions: &catalog.sessions,
        doc_topic: catalog.entries.iter().map(|e| index_of(e.topic)).collect(),
        doc_session: catalog
            .entries
            .iter()
            .map(|e| index_of(e.session))
            .collect(),
        synonyms: catalog.synonyms.groups(),
    };
    let mut outputs = Vec::with_capacity(1 + shards.len() + fragments.len());
    outputs.push(Output {
        path: "search/meta.json".into(),
        bytes: serde_json::to_vec(&meta).unwrap_or_default(),
    });
    outputs.extend(shards);
    outputs.extend(fragments);
    outputs
}

/// One key's postings as JSON: `"key":[Δdoc << 5 | weight, …]`.
fn posting_json(key: &str, list: &[(u32, u8)]) -> String {
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
    let n_shards = total.div_ceil(TARGET_SHARD_BYTES).clamp(1, MAX_SHARDS);
    let mut bodies = vec![String::from("{"); n_shards];
    for (hash, json) in &encoded {
        let body = &mut bodies[*hash as usize % n_shards];
        if body.len() > 1 {
            body.push(',');
        }
        body.push_str(json);
    }
    bodies
        .into_iter()
        .enumerate()
        .map(|(shard, mut body)| {
            body.push('}');
            Output {
                path: format!("search/s/{shard}.json"),
                bytes: body.into_bytes(),
            }
        })
        .collect()
}

fn cap(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

fn fragment(entry: &Entry) -> Vec<u8> {
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
