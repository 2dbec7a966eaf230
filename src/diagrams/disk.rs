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
use crate::book_write::Writer;
use crate::config::Config;
use crate::diagnostic::Diagnostic;

/// The cache's folder in the book.
const CACHE_DIR: &str = ".studybook-cache";

/// Bump when the SVG a source renders to changes without a version change.
const FORMAT: u32 = 2;

/// The cache folder of one book.
pub(super) struct Store {
    root: PathBuf,
    dir: PathBuf,
    /// The book's writer when the folder is inside the book: `.studybook-cache` (or a folder in
    /// it) may be a symlink that leads out, and writing through it would put files outside.
    writer: Option<Writer>,
}

impl Store {
    pub(super) fn new(config: &Config) -> Store {
        let dir = (config.root)
            .join(CACHE_DIR)
            .join("diagrams")
            .join(format!("{}-{FORMAT}", env!("CARGO_PKG_VERSION")));
        let writer = Writer::new(&config.root)
            .ok()
            .filter(|writer| writer.check(&dir).is_ok());
        Store {
            writer,
            root: config.root.clone(),
            dir,
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
        self.writer.as_ref()?;
        // Read like any file of the book: the cache may come with it (a FIFO, a link out).
        let svg = crate::source_file::read_text(&self.root, &self.path(engine, text))?;
        // A file cut short by a crash is not an SVG; render again.
        svg.trim_end().ends_with("</svg>").then(|| Arc::from(svg))
    }

    /// Stores a rendered SVG; failures are ignored (a read-only checkout just renders every time).
    /// Written beside and renamed (`book_write`), so that a reader never sees half a file.
    pub(super) fn put(&self, engine: Engine, text: &str, svg: &str) {
        if let Some(writer) = &self.writer {
            let _ = writer.replace_cache(&self.path(engine, text), svg.as_bytes());
        }
    }

    /// A warning when the cache folder is a symlink out of the book (then it is not used).
    pub(super) fn refusal(&self) -> Option<Diagnostic> {
        let top = self.root.join(CACHE_DIR);
        if self.writer.is_some() || top.symlink_metadata().is_err() {
            return None;
        }
        Some(
            Diagnostic::warning(
                CACHE_DIR,
                format!("`{CACHE_DIR}` leads outside the book (a symbolic link): diagrams are neither read from it nor stored in it"),
            )
            .with_help(format!("delete the link; studybook makes `{CACHE_DIR}` itself when it is missing")),
        )
    }
}
