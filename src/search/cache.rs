//! What the search stage keeps from one `serve` build to the next: documents' weighed keys
//! ([`Weights`]) and the last index with its files ([`Live`], updated in place by the next build).

use std::sync::{Arc, Mutex};

use super::live::Live;
use super::postings::Weights;

/// The search stage's cache. Cheap to clone (shared); [`Cache::off`] keeps nothing.
#[derive(Clone, Default)]
pub struct Cache {
    /// Weighed keys by document.
    pub(super) weights: Weights,
    /// The last build's index and files.
    pub(super) live: Arc<Mutex<Option<Live>>>,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("search::Cache").finish_non_exhaustive()
    }
}

impl Cache {
    /// A cache that keeps nothing (for one-off builds).
    pub fn off() -> Cache {
        Cache {
            weights: Weights::off(),
            live: Arc::default(),
        }
    }

    /// Whether nothing is kept (a one-off build).
    pub(super) fn is_off(&self) -> bool {
        self.weights.is_off()
    }
}
