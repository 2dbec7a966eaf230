//! Documents → postings: for every key, the documents that have it and how strongly.
//!
//! A key's weight in a document adds up its fields: [`TITLE`] when the title has it, [`HEADING`]
//! when a heading or tag has it, and 1 to [`BODY_MAX`] for the body (1 + log2 of the count), so
//! that a title match always beats a heading match, which always beats body text.

use std::collections::HashMap;
use std::hash::{Hash, Hasher as _};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::tokens::{self, KeyKind};
use crate::hash::{FastHasher as FxHasher, FastMap};

/// Weight of a key in the title.
pub const TITLE: u8 = 16;
/// Weight of a key in a heading or tag.
pub const HEADING: u8 = 8;
/// Most weight body text alone can give a key.
pub const BODY_MAX: u8 = 4;

// Any body text weighs less than a heading, and a heading with body text less than a title.
const _: () = assert!(BODY_MAX < HEADING && HEADING + BODY_MAX < TITLE);
/// Bits a weight takes in the shard files (`Δdoc << WEIGHT_BITS | weight`).
pub const WEIGHT_BITS: u32 = 5;
const _: () = assert!(((TITLE + HEADING + BODY_MAX) as u32) < 1 << WEIGHT_BITS);

/// Text under one heading of a document.
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// The heading's anchor (none before the first heading).
    pub anchor: Option<String>,
    /// The heading's text.
    pub heading: String,
    /// Plain text under it.
    pub text: String,
}

/// One searchable document: a page or a glossary entry.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// Shown as the result's title.
    pub title: String,
    /// Weighs the title as a heading rather than a title (glossary entries, so that the answer
    /// explaining a term comes before its definition).
    pub title_as_heading: bool,
    /// URL relative to the site root.
    pub url: String,
    /// Tags, weighed like headings.
    pub tags: Vec<String>,
    /// The text by heading.
    pub sections: Vec<Section>,
    /// The topic (its place in the catalog's topics list).
    pub topic: Option<crate::structure::TopicId>,
    /// Index into the sessions list.
    pub session: Option<usize>,
}

/// Postings for every key; documents are numbered in `Entry` order.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Key → (document, weight), documents ascending.
    pub postings: HashMap<String, Vec<(u32, u8)>>,
    /// Number of documents.
    pub n_docs: usize,
}

#[derive(Default, Clone, Copy)]
struct Stats {
    title: bool,
    heading: bool,
    body: u32,
}

impl Stats {
    fn merge(&mut self, other: Stats) {
        self.title |= other.title;
        self.heading |= other.heading;
        self.body += other.body;
    }
}

impl Stats {
    fn weight(self) -> u8 {
        let mut weight = 0;
        if self.title {
            weight += TITLE;
        }
        if self.heading {
            weight += HEADING;
        }
        if self.body > 0 {
            let log2 = (u32::BITS - 1 - self.body.leading_zeros()) as u8;
            weight += (1 + log2).min(BODY_MAX);
        }
        weight
    }
}

/// A key of up to four characters of the Basic Multilingual Plane packed into a number, 16 bits
/// each: every Hangul, 초성 and short Latin key. Counting them needs no allocation, which made
/// indexing three times faster than `String` keys.
fn pack(key: &[char]) -> Option<u64> {
    if key.len() > 4 {
        return None;
    }
    let mut packed = 0u64;
    for &c in key {
        let code = u32::from(c);
        if code == 0 || code > 0xFFFF {
            return None;
        }
        packed = packed << 16 | u64::from(code);
    }
    Some(packed << (16 * (4 - key.len())))
}

fn unpack(packed: u64) -> String {
    (0..4)
        .rev()
        .map(|slot| ((packed >> (16 * slot)) & 0xFFFF) as u32)
        .filter(|&code| code != 0)
        .filter_map(char::from_u32)
        .collect()
}

/// Keys are merged across documents in this many independent parts, in parallel.
const PARTITIONS: usize = 16;

/// The part of the merge a key goes to: the top bits of a multiplicative hash.
fn partition(hash: u64) -> usize {
    (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 60) as usize % PARTITIONS
}

fn partition_of_str(key: &str) -> usize {
    let mut hasher = FxHasher::default();
    hasher.write(key.as_bytes());
    partition(hasher.finish())
}

/// Documents' weighed keys kept across `serve` rebuilds, by a hash of the document: an edit
/// re-weighs only the documents that changed (weighing was most of the index's time). Cheap to
/// clone (shared); [`Weights::off`] keeps nothing.
#[derive(Clone, Default)]
pub struct Weights {
    weighed: Arc<Mutex<HashMap<u64, Arc<Weighed>>>>,
    off: bool,
}

impl std::fmt::Debug for Weights {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("search::Weights").finish_non_exhaustive()
    }
}

impl Weights {
    /// Weights that keep nothing (for one-off builds).
    pub fn off() -> Weights {
        Weights {
            off: true,
            ..Weights::default()
        }
    }

    /// Whether nothing is kept (a one-off build).
    pub(super) fn is_off(&self) -> bool {
        self.off
    }

    /// `entry`'s weighed keys, from the cache when an equal document was weighed last time.
    pub(super) fn weigh(&self, entry: &Entry) -> (u64, Arc<Weighed>) {
        if self.off {
            return (0, Arc::new(weigh(entry)));
        }
        let key = doc_key(entry);
        let hit = crate::sync::lock(&self.weighed).get(&key).cloned();
        let weighed = hit.unwrap_or_else(|| Arc::new(weigh(entry)));
        (key, weighed)
    }

    /// Keeps exactly `used` for the next build.
    pub(super) fn keep(&self, used: HashMap<u64, Arc<Weighed>>) {
        if !self.off {
            *crate::sync::lock(&self.weighed) = used;
        }
    }
}

/// A hash of everything [`weigh`] reads of a document.
pub(super) fn doc_key(entry: &Entry) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (&entry.title, entry.title_as_heading, &entry.tags).hash(&mut hasher);
    for section in &entry.sections {
        (&section.anchor, &section.heading, &section.text).hash(&mut hasher);
    }
    hasher.finish()
}

/// The keys of one document with their weights, by merge part; in no particular order.
pub(super) struct Weighed {
    packed: Vec<Vec<(u64, u8)>>,
    long: Vec<Vec<(String, u8)>>,
}

impl Weighed {
    /// Every key with its weight, in no particular order.
    pub(super) fn keys(&self) -> impl Iterator<Item = (String, u8)> + '_ {
        let packed = (self.packed.iter().flatten()).map(|&(key, weight)| (unpack(key), weight));
        let long = (self.long.iter().flatten()).map(|(key, weight)| (key.clone(), *weight));
        packed.chain(long)
    }
}

/// 초성 keys come from titles, headings and tags only: 초성 search finds pages by their names,
/// and indexing body text this way cost almost a third of all postings.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Choseong {
    Index,
    Skip,
}

#[derive(Default)]
struct Counter {
    packed: FastMap<u64, Stats>,
    long: FastMap<String, Stats>,
    /// Latin words, whose prefix keys are added once per word by [`Counter::finish`].
    words: FastMap<String, Stats>,
    buffer: String,
}

/// Applies `change` to the stats of `key` in `map`, allocating the key only when it is new.
fn bump(
    map: &mut FastMap<String, Stats>,
    buffer: &mut String,
    key: &[char],
    change: impl FnOnce(&mut Stats),
) {
    buffer.clear();
    buffer.extend(key);
    if let Some(stats) = map.get_mut(buffer.as_str()) {
        change(stats);
        return;
    }
    let mut stats = Stats::default();
    change(&mut stats);
    map.insert(buffer.clone(), stats);
}

impl Counter {
    /// Counts the keys of `text` into `field`; 초성 keys only when `choseong` says so.
    fn add(&mut self, text: &str, field: fn(&mut Stats), choseong: Choseong) {
        tokens::typed_keys(text, |key, kind| match kind {
            KeyKind::Word => bump(&mut self.words, &mut self.buffer, key, field),
            KeyKind::Choseong if choseong == Choseong::Skip => {}
            KeyKind::Gram | KeyKind::Choseong => match pack(key) {
                Some(packed) => field(self.packed.entry(packed).or_default()),
                None => bump(&mut self.long, &mut self.buffer, key, field),
            },
        });
    }

    fn add_stats(&mut self, key: &[char], stats: Stats) {
        match pack(key) {
            Some(packed) => self.packed.entry(packed).or_default().merge(stats),
            None => bump(&mut self.long, &mut self.buffer, key, |s| s.merge(stats)),
        }
    }

    /// Adds every word with its prefixes, then gives each key its weight.
    fn finish(mut self) -> Weighed {
        let words = std::mem::take(&mut self.words);
        let mut chars: Vec<char> = Vec::new();
        let mut prefix: Vec<char> = Vec::new();
        for (word, stats) in words {
            chars.clear();
            chars.extend(word.chars());
            self.add_stats(&chars, stats);
            tokens::prefixes(&chars, &mut prefix, &mut |key| self.add_stats(key, stats));
        }
        let mut weighed = Weighed {
            packed: vec![Vec::new(); PARTITIONS],
            long: vec![Vec::new(); PARTITIONS],
        };
        for (key, stats) in self.packed {
            weighed.packed[partition(key)].push((key, stats.weight()));
        }
        for (key, stats) in self.long {
            weighed.long[partition_of_str(&key)].push((key, stats.weight()));
        }
        weighed
    }
}

fn weigh(entry: &Entry) -> Weighed {
    // Sized for a typical answer, so that the maps rarely grow while counting.
    let mut counter = Counter {
        packed: FastMap::with_capacity_and_hasher(2048, Default::default()),
        ..Counter::default()
    };
    if entry.title_as_heading {
        counter.add(&entry.title, |s| s.heading = true, Choseong::Index);
    } else {
        counter.add(&entry.title, |s| s.title = true, Choseong::Index);
    }
    for tag in &entry.tags {
        counter.add(tag, |s| s.heading = true, Choseong::Index);
    }
    for section in &entry.sections {
        counter.add(&section.heading, |s| s.heading = true, Choseong::Index);
        counter.add(&section.text, |s| s.body += 1, Choseong::Skip);
    }
    counter.finish()
}

impl Index {
    /// Indexes the documents (in parallel; the result does not depend on thread timing).
    ///
    /// Documents are weighed a batch at a time and merged into the postings at once, so that only
    /// one batch's keys exist besides the postings (all documents' keys at once were a third of a
    /// big build's peak memory).
    pub fn build(entries: &[Entry]) -> Index {
        Index::build_cached(entries, &Weights::off())
    }

    /// [`Index::build`], taking unchanged documents' keys from `cache`.
    pub fn build_cached(entries: &[Entry], cache: &Weights) -> Index {
        const BATCH: usize = 128;
        let mut used = HashMap::new();
        type Postings = Vec<(u32, u8)>;
        type Part = (FastMap<u64, Postings>, FastMap<String, Postings>);
        let mut parts: Vec<Part> = (0..PARTITIONS).map(|_| Part::default()).collect();
        for (batch_idx, batch) in entries.chunks(BATCH).enumerate() {
            let weighed: Vec<(u64, Arc<Weighed>)> =
                batch.par_iter().map(|entry| cache.weigh(entry)).collect();
            let first_doc = batch_idx * BATCH;
            // Each part takes its keys of the batch's documents in document order, so postings
            // come out sorted.
            parts
                .par_iter_mut()
                .enumerate()
                .for_each(|(part_idx, (packed, long))| {
                    for (offset, (_, doc)) in weighed.iter().enumerate() {
                        let doc_idx = (first_doc + offset) as u32;
                        for &(key, weight) in &doc.packed[part_idx] {
                            packed.entry(key).or_default().push((doc_idx, weight));
                        }
                        for (key, weight) in &doc.long[part_idx] {
                            match long.get_mut(key) {
                                Some(list) => list.push((doc_idx, *weight)),
                                None => {
                                    long.insert(key.clone(), vec![(doc_idx, *weight)]);
                                }
                            }
                        }
                    }
                });
            if !cache.off {
                used.extend(weighed);
            }
        }
        cache.keep(used);
        let merged: Vec<Vec<(String, Postings)>> = parts
            .into_par_iter()
            .map(|(packed, long)| {
                packed
                    .into_iter()
                    .map(|(key, list)| (unpack(key), list))
                    .chain(long)
                    .collect()
            })
            .collect();
        let postings: HashMap<String, Postings> = merged.into_iter().flatten().collect();
        Index {
            postings,
            n_docs: entries.len(),
        }
    }

    /// The weight of `key` in `doc`, if it has the key.
    pub fn weight(&self, key: &str, doc: u32) -> Option<u8> {
        let list = self.postings.get(key)?;
        list.binary_search_by_key(&doc, |&(d, _)| d)
            .ok()
            .map(|pos| list[pos].1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(title: &str, heading: &str, body: &str) -> Entry {
        Entry {
            title: title.into(),
            sections: vec![Section {
                anchor: Some("h".into()),
                heading: heading.into(),
                text: body.into(),
            }],
            ..Entry::default()
        }
    }

    #[test]
    fn fields_add_up_and_title_beats_heading_beats_body() {
        let index = Index::build(&[
            entry("상태", "", ""),
            entry("", "상태", ""),
            entry("", "", &"상태 ".repeat(100)),
            entry("상태", "상태", "상태"),
        ]);
        assert_eq!(index.weight("상태", 0), Some(TITLE));
        assert_eq!(index.weight("상태", 1), Some(HEADING));
        assert_eq!(index.weight("상태", 2), Some(BODY_MAX));
        assert_eq!(index.weight("상태", 3), Some(TITLE + HEADING + 1));
    }

    #[test]
    fn a_cached_build_after_an_edit_equals_a_fresh_one() {
        let cache = Weights::default();
        let mut docs = vec![
            entry("상태", "헤딩", "본문 하나"),
            entry("락", "", "deadline"),
            entry("큐", "", "SQS 가시성 제한 시간"),
        ];
        Index::build_cached(&docs, &cache);
        docs[1] = entry("락", "", "deadlock 교착상태");
        docs.swap(0, 2);
        let cached = Index::build_cached(&docs, &cache);
        assert_eq!(cached.postings, Index::build(&docs).postings);
        assert_eq!(
            crate::sync::lock(&cache.weighed).len(),
            3,
            "only this build's documents are kept"
        );
    }

    #[test]
    fn latin_prefixes_gather_every_word_they_start() {
        let index = Index::build(&[entry("Deadlock", "", "deadline deadline")]);
        assert_eq!(index.weight("deadlock", 0), Some(TITLE));
        assert_eq!(index.weight("deadline", 0), Some(2));
        assert_eq!(index.weight("dead*", 0), Some(TITLE + 2));
        assert_eq!(index.weight("deadl*", 0), Some(TITLE + 2));
        assert_eq!(index.weight("deadlo*", 0), Some(TITLE));
        assert_eq!(index.weight("deadli*", 0), Some(2));
        assert_eq!(index.weight("de*", 0), None);
    }

    #[test]
    fn short_keys_pack_and_unpack() {
        for key in ["상", "상태", "ㄱㅊㅅㅌ", "nat*", "s3"] {
            let chars: Vec<char> = key.chars().collect();
            assert_eq!(unpack(pack(&chars).unwrap()), key);
        }
        assert_eq!(pack(&['a', 'b', 'c', 'd', 'e']), None);
        assert_eq!(pack(&['😀']), None);
    }

    #[test]
    fn body_weight_grows_with_the_log_of_the_count() {
        let index = Index::build(&[
            entry("", "", "락"),
            entry("", "", "락 락"),
            entry("", "", "락 락 락 락"),
        ]);
        assert_eq!(index.weight("락", 0), Some(1));
        assert_eq!(index.weight("락", 1), Some(2));
        assert_eq!(index.weight("락", 2), Some(3));
        assert_eq!(index.weight("락", 3), None);
    }
}
