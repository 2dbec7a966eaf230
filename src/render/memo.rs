//! Rendered files kept across `serve` rebuilds, keyed by a hash of everything a render reads.
//!
//! Rendering is a pure function of the templates, the site view, the template name and the page
//! view, so a page whose views are unchanged gets its previous bytes back without running tera.
//! The key hashes the views' JSON (what tera itself would see), so nothing can go stale: any
//! change to a title in the navigation, a backlink or a summary changes the key of every page that
//! shows it. Only the keys of the latest build are kept.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use super::Output;

/// Rendered outputs by key; cheap to clone (shared).
#[derive(Clone, Default)]
pub struct Cache {
    outputs: Arc<Mutex<HashMap<u64, Arc<Output>>>>,
    templates: Arc<Mutex<Option<Compiled>>>,
    /// Keep no outputs: a one-off build renders each page once.
    off: bool,
}

/// Templates and the hash of their sources.
type Compiled = (u64, Arc<tera::Tera>);

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("render::Cache").finish_non_exhaustive()
    }
}

impl Cache {
    /// A cache that keeps no rendered pages (for `build`, which renders each page once and would
    /// otherwise hold a second copy of the whole site).
    pub fn off() -> Cache {
        Cache {
            off: true,
            ..Cache::default()
        }
    }

    /// Whether rendered pages are kept.
    pub(super) fn keeps_outputs(&self) -> bool {
        !self.off
    }

    /// The templates compiled from sources with hash `key`, if they are the last ones compiled.
    pub(super) fn templates(&self, key: u64) -> Option<Arc<tera::Tera>> {
        let templates = crate::sync::lock(&self.templates);
        let (cached_key, tera) = templates.as_ref()?;
        (*cached_key == key).then(|| Arc::clone(tera))
    }

    /// Keeps compiled templates for the next build.
    pub(super) fn keep_templates(&self, key: u64, tera: Arc<tera::Tera>) {
        *crate::sync::lock(&self.templates) = Some((key, tera));
    }

    /// Takes the previous build's outputs out for lookups during this one.
    pub(super) fn take(&self) -> HashMap<u64, Arc<Output>> {
        std::mem::take(&mut *crate::sync::lock(&self.outputs))
    }

    /// Keeps exactly this build's outputs for the next one.
    pub(super) fn keep(&self, outputs: HashMap<u64, Arc<Output>>) {
        *crate::sync::lock(&self.outputs) = outputs;
    }
}

/// Feeds serialised JSON straight into a hasher, without building the string.
struct HashWriter<'h>(&'h mut std::collections::hash_map::DefaultHasher);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A hash of `parts` and of `value`'s JSON.
pub(super) fn key(parts: impl Hash, value: &impl serde::Serialize) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    parts.hash(&mut hasher);
    // A value that cannot be serialised cannot be rendered either; its key only has to differ
    // from real ones, and tera reports the error.
    let _ = serde_json::to_writer(HashWriter(&mut hasher), value);
    hasher.finish()
}
