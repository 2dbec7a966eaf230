//! Rendered diagrams kept on disk between runs, in `<book>/.studybook-cache/diagrams/`.
//!
//! The engines are the slowest part of building a small book (a Mermaid flowchart takes 70–165 ms;
//! this repository's 26 diagrams cost a second, the rest of its build about a tenth of that), and
//! a diagram's SVG depends only on its engine, its source and the code that renders it. So each
//! successful render is stored under a stable hash of the engine and source, in a folder named for
//! the studybook version; a new version starts afresh. Failures are never stored (they must be
//! reported with their lines on every build). The cache is an optimisation only: a folder that
//! cannot be read or written is ignored, and deleting it is always safe. Hugo keeps its processed
//! images the same way (`resources/_gen`).

use std::path::PathBuf;
use std::sync::Arc;

use super::Engine;
use crate::config::Config;

/// Bump when the SVG a source renders to changes without a version change.
const FORMAT: u32 = 2;

/// The cache folder of one book.
pub(super) struct Store {
    root: PathBuf,
    dir: PathBuf,
}

impl Store {
    pub(super) fn new(config: &Config) -> Store {
        Store {
            root: config.root.clone(),
            dir: config
                .root
                .join(".studybook-cache")
                .join("diagrams")
                .join(format!("{}-{FORMAT}", env!("CARGO_PKG_VERSION"))),
        }
    }

    fn path(&self, engine: Engine, text: &str) -> PathBuf {
        // FNV-1a is fixed forever, unlike std's hasher, so the names survive compiler updates.
        let mut bytes = Vec::with_capacity(text.len() + 8);
        bytes.extend_from_slice(engine.name().as_bytes());
        bytes.push(0);
        bytes.extend_from_slice(text.as_bytes());
        let hash = crate::hash::stable(&bytes);
        self.dir
            .join(format!("{}-{hash:016x}-{}.svg", engine.name(), text.len()))
    }

    /// The stored SVG of `text`, if a previous run rendered it.
    pub(super) fn get(&self, engine: Engine, text: &str) -> Option<Arc<str>> {
        // Read like any file of the book: the cache may come with it (a FIFO, a link out).
        let svg = crate::source_file::read_text(&self.root, &self.path(engine, text))?;
        // A file cut short by a crash is not an SVG; render again.
        svg.trim_end().ends_with("</svg>").then(|| Arc::from(svg))
    }

    /// Stores a rendered SVG; failures are ignored (a read-only checkout just renders every time).
    pub(super) fn put(&self, engine: Engine, text: &str, svg: &str) {
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let path = self.path(engine, text);
        // Written beside and renamed, so that a reader never sees half a file.
        let temp = path.with_extension(format!("svg.{}.tmp", std::process::id()));
        if std::fs::write(&temp, svg).is_ok() && std::fs::rename(&temp, &path).is_err() {
            let _ = std::fs::remove_file(&temp);
        }
    }
}
