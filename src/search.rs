//! The search index (see the search issue); written next to the site under `search/`.

use crate::render::{Input, Output};

/// Builds the search index files.
pub fn index(_input: &Input<'_>) -> Vec<Output> {
    Vec::new()
}
