//! The search index kept between `serve` rebuilds, so that an edit re-indexes only the documents
//! that changed and rewrites only the files they are in.
//!
//! [`Live`] holds what the last build wrote: each document's weighed keys and fragment, every
//! key's postings and their JSON, each shard's keys, and the files with their hashes.
//! [`Live::update`] takes a catalog of the same documents in the same order (a page added,
//! removed or moved starts afresh with [`Live::fresh`]): a changed document's old keys leave the
//! postings and its new ones join them, only the shards holding a touched key are joined again
//! (all of them when the shard count changes), and the document files are grouped again from the
//! file of the first changed document on. The files always equal [`files::write`]'s for the same
//! catalog (the tests compare them), so a rebuild's cost follows the edit, not the book.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::files::{self, file_hash};
use super::postings::{doc_key, Index, Weighed, Weights};
use super::{tokens, Catalog};
use crate::output::Output;

/// The index of the last build, ready to be updated.
pub(crate) struct Live {
    docs: Vec<Doc>,
    /// Key → its postings and their JSON.
    keys: HashMap<String, Posted>,
    /// Σ (JSON length + 1) over the keys, which decides the shard count.
    total: usize,
    /// Each shard's keys, sorted.
    shard_keys: Vec<Vec<String>>,
    shards: Vec<Output>,
    shard_hashes: Vec<u64>,
    doc_files: Vec<Output>,
    doc_hashes: Vec<u64>,
    /// The first document of each document file.
    firsts: Vec<u32>,
    meta: Output,
}

/// What the index holds of one document.
struct Doc {
    /// [`doc_key`] of its entry.
    key: u64,
    url: String,
    weighed: Arc<Weighed>,
    fragment: Vec<u8>,
}

#[derive(Default)]
struct Posted {
    list: Vec<(u32, u8)>,
    json: String,
}

/// The files an update wrote (only those whose bytes changed) and removed.
#[derive(Debug, Default)]
pub struct Changes {
    /// New or changed files.
    pub written: Vec<Output>,
    /// Paths of files the index no longer has.
    pub removed: Vec<String>,
}

impl Live {
    /// Indexes `catalog` from scratch (weighing through `cache`).
    pub(crate) fn fresh(catalog: &Catalog, cache: &Weights) -> Live {
        let index = Index::build_cached(&catalog.entries, cache);
        let docs: Vec<Doc> = (catalog.entries.par_iter())
            .map(|entry| {
                let (key, weighed) = cache.weigh(entry);
                Doc {
                    key,
                    url: entry.url.clone(),
                    weighed,
                    fragment: files::fragment(entry),
                }
            })
            .collect();
        let keys: HashMap<String, Posted> = (index.postings.into_par_iter())
            .map(|(key, list)| {
                let json = files::posting_json(&key, &list);
                (key, Posted { list, json })
            })
            .collect();
        let total = keys.values().map(|posted| posted.json.len() + 1).sum();
        let fragments: Vec<&[u8]> = docs.iter().map(|doc| doc.fragment.as_slice()).collect();
        let (doc_files, firsts) = files::group(&fragments, 0, 0);
        let mut live = Live {
            doc_hashes: doc_files.iter().map(|f| file_hash(&f.bytes)).collect(),
            docs,
            keys,
            total,
            shard_keys: Vec::new(),
            shards: Vec::new(),
            shard_hashes: Vec::new(),
            doc_files,
            firsts,
            meta: Output {
                path: String::new(),
                bytes: Vec::new(),
            },
        };
        live.reshard();
        live.meta = live.meta(catalog);
        live
    }

    /// Every file, in [`files::write`]'s order.
    pub(crate) fn outputs(&self) -> Vec<Output> {
        std::iter::once(&self.meta)
            .chain(&self.shards)
            .chain(&self.doc_files)
            .cloned()
            .collect()
    }

    /// Applies `catalog`, or `None` (changing nothing) when its documents are not the same ones
    /// in the same order.
    pub(crate) fn update(&mut self, catalog: &Catalog, cache: &Weights) -> Option<Changes> {
        if catalog.entries.len() != self.docs.len() {
            return None;
        }
        let keys: Vec<u64> = catalog.entries.par_iter().map(doc_key).collect();
        let changed: Vec<usize> = (0..keys.len())
            .filter(|&doc| {
                keys[doc] != self.docs[doc].key || catalog.entries[doc].url != self.docs[doc].url
            })
            .collect();
        let mut changes = Changes::default();
        let mut touched: HashSet<String> = HashSet::new();
        for &doc in &changed {
            let entry = &catalog.entries[doc];
            let (key, weighed) = cache.weigh(entry);
            let old = std::mem::replace(&mut self.docs[doc].weighed, Arc::clone(&weighed));
            self.docs[doc].key = key;
            self.docs[doc].url.clone_from(&entry.url);
            self.docs[doc].fragment = files::fragment(entry);
            if !Arc::ptr_eq(&old, &weighed) {
                self.repost(doc as u32, &old, &weighed, &mut touched);
            }
        }
        cache.keep(
            self.docs
                .iter()
                .map(|d| (d.key, Arc::clone(&d.weighed)))
                .collect(),
        );
        self.rejoin_shards(touched, &mut changes);
        if let Some(&first) = changed.iter().min() {
            self.regroup(first, &mut changes);
        }
        let meta = self.meta(catalog);
        if meta.bytes != self.meta.bytes {
            self.meta = meta;
            changes.written.push(self.meta.clone());
        }
        Some(changes)
    }

    /// Moves document `doc` from the keys of `old` to those of `new`, noting every key whose
    /// posting changed (an added paragraph leaves most of a page's keys and weights as they were,
    /// and re-encoding a common key's postings costs as much as the whole book has of it).
    fn repost(&mut self, doc: u32, old: &Weighed, new: &Weighed, touched: &mut HashSet<String>) {
        let mut before: HashMap<String, u8> = old.keys().collect();
        for (key, weight) in new.keys() {
            if before.remove(&key) == Some(weight) {
                continue;
            }
            let posted = self.keys.entry(key.clone()).or_default();
            match posted.list.binary_search_by_key(&doc, |&(d, _)| d) {
                Ok(at) => posted.list[at].1 = weight,
                Err(at) => posted.list.insert(at, (doc, weight)),
            }
            touched.insert(key);
        }
        for (key, _) in before {
            if let Some(posted) = self.keys.get_mut(&key) {
                if let Ok(at) = posted.list.binary_search_by_key(&doc, |&(d, _)| d) {
                    posted.list.remove(at);
                }
            }
            touched.insert(key);
        }
    }

    /// Encodes the touched keys again and rewrites the shards they are in (every shard when the
    /// shard count changes).
    fn rejoin_shards(&mut self, touched: HashSet<String>, changes: &mut Changes) {
        let (mut added, mut dropped) = (Vec::new(), Vec::new());
        for key in &touched {
            let Some(posted) = self.keys.get_mut(key) else {
                continue;
            };
            // A key new in this update has no JSON yet.
            let is_new = posted.json.is_empty();
            if !is_new {
                self.total -= posted.json.len() + 1;
            }
            if posted.list.is_empty() {
                self.keys.remove(key);
                if !is_new {
                    dropped.push(key);
                }
                continue;
            }
            posted.json = files::posting_json(key, &posted.list);
            self.total += posted.json.len() + 1;
            if is_new {
                added.push(key);
            }
        }
        let n_shards = files::shard_count(self.total);
        if n_shards != self.shards.len() {
            let old_count = self.shards.len();
            self.reshard();
            changes.written.extend(self.shards.iter().cloned());
            changes
                .removed
                .extend((n_shards..old_count).map(|shard| format!("search/s/{shard}.json")));
            return;
        }
        for key in added {
            let keys = &mut self.shard_keys[shard_of(key, n_shards)];
            if let Err(at) = keys.binary_search(key) {
                keys.insert(at, key.clone());
            }
        }
        for key in dropped {
            let keys = &mut self.shard_keys[shard_of(key, n_shards)];
            if let Ok(at) = keys.binary_search(key) {
                keys.remove(at);
            }
        }
        let mut shards: Vec<usize> = touched.iter().map(|key| shard_of(key, n_shards)).collect();
        shards.sort_unstable();
        shards.dedup();
        for shard in shards {
            let file = self.shard_file(shard);
            if file.bytes != self.shards[shard].bytes {
                self.shard_hashes[shard] = file_hash(&file.bytes);
                changes.written.push(file.clone());
                self.shards[shard] = file;
            }
        }
    }

    /// Distributes every key over the shards and writes them all.
    fn reshard(&mut self) {
        let n_shards = files::shard_count(self.total);
        let mut sorted: Vec<&String> = self.keys.keys().collect();
        sorted.par_sort_unstable();
        let mut shard_keys: Vec<Vec<String>> = vec![Vec::new(); n_shards];
        for key in sorted {
            shard_keys[shard_of(key, n_shards)].push(key.clone());
        }
        self.shard_keys = shard_keys;
        self.shards = (0..n_shards)
            .into_par_iter()
            .map(|shard| self.shard_file(shard))
            .collect();
        self.shard_hashes = self.shards.iter().map(|s| file_hash(&s.bytes)).collect();
    }

    fn shard_file(&self, shard: usize) -> Output {
        let jsons = self.shard_keys[shard]
            .iter()
            .map(|key| self.keys[key].json.as_str());
        files::shard_file(shard, jsons)
    }

    /// Groups the document files again from the one holding document `first` on.
    fn regroup(&mut self, first: usize, changes: &mut Changes) {
        let file = self
            .firsts
            .partition_point(|&start| start as usize <= first)
            - 1;
        let fragments: Vec<&[u8]> = self.docs.iter().map(|d| d.fragment.as_slice()).collect();
        let (files, firsts) = files::group(&fragments, self.firsts[file] as usize, file);
        let old_files = self.doc_files.split_off(file);
        self.doc_hashes.truncate(file);
        self.firsts.truncate(file);
        self.firsts.extend(firsts);
        for output in files {
            let idx = self.doc_files.len();
            if old_files
                .get(idx - file)
                .is_none_or(|old| old.bytes != output.bytes)
            {
                changes.written.push(output.clone());
            }
            self.doc_hashes.push(file_hash(&output.bytes));
            self.doc_files.push(output);
        }
        let removed = self.doc_files.len()..file + old_files.len();
        changes
            .removed
            .extend(removed.map(|idx| format!("search/d/{idx}.json")));
    }

    fn meta(&self, catalog: &Catalog) -> Output {
        let hashes: Vec<u64> = self
            .shard_hashes
            .iter()
            .chain(&self.doc_hashes)
            .copied()
            .collect();
        files::meta(catalog, self.shards.len(), self.firsts.clone(), &hashes)
    }
}

fn shard_of(key: &str, n_shards: usize) -> usize {
    tokens::hash(key) as usize % n_shards
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::postings::{Entry, Section};

    fn entry(idx: usize, body: &str) -> Entry {
        Entry {
            title: format!("문서 {idx}"),
            url: format!("d{idx}/"),
            sections: vec![Section {
                anchor: Some("h".into()),
                heading: "헤딩".into(),
                text: body.into(),
            }],
            ..Entry::default()
        }
    }

    fn catalog(bodies: &[String]) -> Catalog {
        Catalog {
            entries: (bodies.iter().enumerate())
                .map(|(idx, body)| entry(idx, body))
                .collect(),
            ..Catalog::default()
        }
    }

    /// The files of `live` as a fresh build writes them, after applying `changes` to `served`.
    #[track_caller]
    fn check(
        live: &Live,
        catalog: &Catalog,
        served: &mut HashMap<String, Vec<u8>>,
        changes: Changes,
    ) {
        for output in changes.written {
            served.insert(output.path, output.bytes);
        }
        for path in changes.removed {
            served.remove(&path);
        }
        let fresh = files::write(catalog, &Index::build(&catalog.entries));
        assert_eq!(live.outputs().len(), fresh.len());
        for (ours, theirs) in live.outputs().iter().zip(&fresh) {
            assert_eq!(ours.path, theirs.path);
            assert!(ours.bytes == theirs.bytes, "{} differs", ours.path);
        }
        let fresh: HashMap<String, Vec<u8>> =
            fresh.into_iter().map(|o| (o.path, o.bytes)).collect();
        assert!(
            *served == fresh,
            "the changed files do not make the fresh index"
        );
    }

    #[test]
    fn updates_write_exactly_the_files_a_fresh_index_has() {
        let cache = Weights::default();
        let mut bodies: Vec<String> = (0..300)
            .map(|idx| {
                format!(
                    "본문 {idx} 교착상태 deadlock{} 가시성 {}",
                    idx % 7,
                    "락 ".repeat(idx % 50)
                )
            })
            .collect();
        let mut catalog = catalog(&bodies);
        let mut live = Live::fresh(&catalog, &cache);
        let mut served: HashMap<String, Vec<u8>> = live
            .outputs()
            .into_iter()
            .map(|o| (o.path, o.bytes))
            .collect();
        check(&live, &catalog, &mut served, Changes::default());
        // A word added, a document grown past a file boundary, one emptied, one given a new title.
        let edits: [(usize, String); 4] = [
            (5, "본문 5 새로운단어 uniqueword".into()),
            (120, "가".repeat(5000)),
            (200, String::new()),
            (0, "본문 0".into()),
        ];
        for (doc, body) in edits {
            bodies[doc] = body;
            catalog = self::catalog(&bodies);
            if doc == 0 {
                catalog.entries[0].title = "완전히 다른 제목".into();
            }
            let changes = live.update(&catalog, &cache).expect("same documents");
            assert!(!changes.written.is_empty());
            check(&live, &catalog, &mut served, changes);
        }
        // Enough new text to need more shards.
        for (doc, body) in bodies.iter_mut().enumerate() {
            body.push_str(&format!(" word{doc}x 단어{doc}"));
        }
        catalog = self::catalog(&bodies);
        let changes = live.update(&catalog, &cache).unwrap();
        check(&live, &catalog, &mut served, changes);
        // And back: fewer shards, removed files.
        bodies.iter_mut().for_each(|body| body.clear());
        catalog = self::catalog(&bodies);
        let changes = live.update(&catalog, &cache).unwrap();
        assert!(!changes.removed.is_empty());
        check(&live, &catalog, &mut served, changes);
    }

    #[test]
    fn other_documents_or_another_order_start_afresh() {
        let cache = Weights::default();
        let bodies: Vec<String> = (0..3).map(|idx| format!("본문 {idx}")).collect();
        let mut live = Live::fresh(&catalog(&bodies), &cache);
        assert!(live.update(&catalog(&bodies[..2]), &cache).is_none());
        let unchanged = live.update(&catalog(&bodies), &cache).unwrap();
        assert!(unchanged.written.is_empty() && unchanged.removed.is_empty());
    }
}
