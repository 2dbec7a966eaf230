//! Parsed pages kept across `serve` rebuilds, keyed by a hash of everything [`parse`] reads.
//!
//! `parse` is a pure function of the page's text and flags and of the environment (glossary,
//! language; the highlighter never changes), so a page whose key is unchanged gets the same `Doc`
//! back without parsing. Only the keys used by the latest build are kept, so the cache holds one
//! book's worth of pages however long `serve` runs.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use super::{parse, Doc, Env, Input};
use crate::diagnostic::Diagnostic;

type Parsed = Arc<(Doc, Vec<Diagnostic>)>;

/// Parsed pages by content hash; cheap to clone (shared).
#[derive(Debug, Clone, Default)]
pub struct Cache {
    docs: Arc<Mutex<HashMap<u64, Parsed>>>,
    /// Parse without storing anything: a one-off build never asks twice.
    off: bool,
}

/// A hash of what the environment contributes to every page: the glossary and UI strings.
pub fn env_key(glossary: &crate::glossary::Glossary, language: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    language.hash(&mut hasher);
    serde_json::to_vec(&glossary.terms)
        .unwrap_or_default()
        .hash(&mut hasher);
    hasher.finish()
}

fn key(input: &Input<'_>, env_key: u64) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    env_key.hash(&mut hasher);
    input.source.hash(&mut hasher);
    input.body_start.hash(&mut hasher);
    input.file.hash(&mut hasher);
    input.is_question.hash(&mut hasher);
    input.drop_first_h1.hash(&mut hasher);
    hasher.finish()
}

impl Cache {
    /// A cache that stores nothing (for `build` and `check`, which parse each page once).
    pub fn off() -> Cache {
        Cache {
            off: true,
            ..Cache::default()
        }
    }

    /// `parse(input, env)`, or the stored result of the same call; also returns the key.
    pub fn parse(
        &self,
        input: Input<'_>,
        env: Env<'_>,
        env_key: u64,
    ) -> (u64, Doc, Vec<Diagnostic>) {
        let key = key(&input, env_key);
        if self.off {
            let (mut doc, diagnostics) = parse(input, env);
            doc.source_key = Some(key);
            return (key, doc, diagnostics);
        }
        let hit = crate::sync::lock(&self.docs).get(&key).cloned();
        let parsed = hit.unwrap_or_else(|| {
            let (mut doc, diagnostics) = parse(input, env);
            doc.source_key = Some(key);
            let parsed = Arc::new((doc, diagnostics));
            crate::sync::lock(&self.docs).insert(key, Arc::clone(&parsed));
            parsed
        });
        (key, parsed.0.clone(), parsed.1.clone())
    }

    /// Forgets every page not in `keys` (the pages of the latest build).
    pub fn retain(&self, keys: &HashSet<u64>) {
        crate::sync::lock(&self.docs).retain(|key, _| keys.contains(key));
    }
}
