//! Watching the book: notify events → debounced batches of relevant changes.
//!
//! The book's own folders (`content/`, `theme/`, `diagrams/`, `glossary/`) are watched
//! recursively and the root folder flatly (for `book.toml`, and for those folders being created,
//! deleted or renamed, after which they are watched again). A plain folder of notes is its own
//! content, so it is watched whole. [`is_relevant`] drops what cannot change the site: the output
//! folder, hidden files (`.git/`, vim's `.swp`), and editors' backup and temp files; the saved
//! file's own event always follows a temp-then-rename save, so nothing is lost.
//!
//! [`Batch::collect`] waits until the events stop for [`QUIET`] ([`BURST_QUIET`] once several
//! files changed; at most [`MAX_WAIT`] in all), so a `git checkout` of a hundred files is one
//! rebuild while a single save is rebuilt at once.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use notify::{EventKind, RecursiveMode, Watcher as _};

use crate::config::Config;

/// Events closer together than this are one batch: short, because it adds to every save's
/// latency.
pub(crate) const QUIET: Duration = Duration::from_millis(8);

/// Once a batch touches several files (a checkout, a search-and-replace), the quiet period grows
/// to this, so that a writer slowed down by a busy machine still makes one rebuild.
pub(crate) const BURST_QUIET: Duration = Duration::from_millis(120);

/// A batch is cut this long after its first event even if events keep coming (long enough for a
/// checkout of a hundred files on a loaded 2-core machine, where CI saw one split at 300 ms).
pub(crate) const MAX_WAIT: Duration = Duration::from_millis(1500);

/// What the rebuild loop receives.
#[derive(Debug)]
pub(crate) enum Message {
    /// A file-system event.
    Fs(notify::Result<notify::Event>),
    /// Stop serving.
    Stop,
}

/// The folders that matter, from the book's `Config`.
#[derive(Debug, Clone)]
pub(crate) struct Dirs {
    /// The book root.
    pub(crate) root: PathBuf,
    /// `content/` (the root itself for a plain folder).
    pub(crate) content: PathBuf,
    /// `theme/`, `diagrams/`, `glossary/`.
    pub(crate) others: Vec<PathBuf>,
    /// Where `--out` writes; never a source of changes.
    pub(crate) output: PathBuf,
}

impl Dirs {
    /// The folders of `config`.
    pub(crate) fn new(config: &Config) -> Self {
        Dirs {
            root: config.root.clone(),
            content: config.content_dir.clone(),
            others: vec![
                config.theme_dir.clone(),
                config.diagrams_dir.clone(),
                config.glossary_dir.clone(),
            ],
            output: config.output_dir.clone(),
        }
    }

    fn watched(&self) -> impl Iterator<Item = &PathBuf> {
        std::iter::once(&self.content).chain(&self.others)
    }
}

/// True when a change to `path` can change the site.
pub(crate) fn is_relevant(dirs: &Dirs, path: &Path) -> bool {
    if path.starts_with(&dirs.output) {
        return false;
    }
    let Ok(rel) = path.strip_prefix(&dirs.root) else {
        return false;
    };
    let hidden = rel.components().any(|component| {
        let name = component.as_os_str().to_string_lossy();
        name.starts_with('.') && name != "." && name != ".."
    });
    if hidden || is_editor_scratch(path) {
        return false;
    }
    if rel == Path::new("book.toml") {
        return true;
    }
    if dirs.content == dirs.root {
        let first = rel.components().next().map(|c| c.as_os_str().to_owned());
        return !matches!(
            first.as_deref().and_then(|f| f.to_str()),
            Some("target" | "node_modules")
        );
    }
    dirs.watched().any(|dir| path.starts_with(dir))
}

/// Backups, autosaves and temp files of common editors.
fn is_editor_scratch(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
        return false;
    };
    name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

/// A notify watcher on the book's folders.
pub(crate) struct Watch {
    watcher: notify::RecommendedWatcher,
    dirs: Dirs,
}

impl Watch {
    /// Starts watching; events go to `sender`.
    pub(crate) fn start(dirs: Dirs, sender: Sender<Message>) -> anyhow::Result<Self> {
        let watcher = notify::recommended_watcher(move |event| {
            let _ = sender.send(Message::Fs(event));
        })
        .context("failed to start watching the book for changes")?;
        let mut watch = Watch { watcher, dirs };
        if watch.dirs.content == watch.dirs.root {
            watch
                .watcher
                .watch(&watch.dirs.root, RecursiveMode::Recursive)
                .with_context(|| format!("failed to watch `{}`", watch.dirs.root.display()))?;
        } else {
            watch
                .watcher
                .watch(&watch.dirs.root, RecursiveMode::NonRecursive)
                .with_context(|| format!("failed to watch `{}`", watch.dirs.root.display()))?;
            watch.rewatch();
        }
        Ok(watch)
    }

    /// Watches the book's folders again: after one was created, deleted or renamed, its old watch
    /// (if any) no longer sees it.
    pub(crate) fn rewatch(&mut self) {
        if self.dirs.content == self.dirs.root {
            return;
        }
        let dirs: Vec<PathBuf> = self.dirs.watched().cloned().collect();
        for dir in dirs {
            let _ = self.watcher.unwatch(&dir);
            if dir.is_dir() {
                let _ = self.watcher.watch(&dir, RecursiveMode::Recursive);
            }
        }
    }

    /// The folders watched.
    pub(crate) fn dirs(&self) -> &Dirs {
        &self.dirs
    }
}

/// Changes collected over one quiet period.
#[derive(Debug, Default)]
pub(crate) struct Batch {
    /// Some change can affect the site.
    pub(crate) relevant: bool,
    /// One of the watched folders itself was created, removed or renamed.
    pub(crate) rewatch: bool,
    /// The relevant paths, for the terminal.
    pub(crate) paths: Vec<PathBuf>,
    /// Serving should stop.
    pub(crate) stop: bool,
    /// The watcher reported an error (e.g. too many watches).
    pub(crate) error: Option<String>,
    /// A folder was created: a checkout, copy, unzip or import is writing files, so the batch
    /// waits as for a burst from its first event on (a loaded machine can stall the writer for
    /// longer than [`QUIET`] between its first and second file).
    pub(crate) folder_created: bool,
}

impl Batch {
    /// Starts with `first` and takes further messages until the events go quiet.
    pub(crate) fn collect(first: Message, receiver: &Receiver<Message>, dirs: &Dirs) -> Batch {
        let mut batch = Batch::default();
        batch.add(first, dirs);
        let first = Instant::now();
        while !batch.stop {
            let now = Instant::now();
            let limit = first + MAX_WAIT;
            if now >= limit {
                break;
            }
            let quiet = if batch.paths.len() > 2 || batch.folder_created {
                BURST_QUIET
            } else {
                QUIET
            };
            match receiver.recv_timeout(quiet.min(limit - now)) {
                Ok(message) => batch.add(message, dirs),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => batch.stop = true,
            }
        }
        batch
    }

    /// Adds one message.
    pub(crate) fn add(&mut self, message: Message, dirs: &Dirs) {
        let event = match message {
            Message::Stop => {
                self.stop = true;
                return;
            }
            Message::Fs(Err(error)) => {
                self.error = Some(error.to_string());
                return;
            }
            Message::Fs(Ok(event)) => event,
        };
        if matches!(
            event.kind,
            EventKind::Create(notify::event::CreateKind::Folder)
        ) {
            self.folder_created = true;
        }
        if matches!(event.kind, EventKind::Access(kind) if kind != notify::event::AccessKind::Close(notify::event::AccessMode::Write))
        {
            return;
        }
        for path in &event.paths {
            if dirs.watched().any(|dir| dir == path) && dirs.content != dirs.root {
                self.rewatch = true;
            }
            if is_relevant(dirs, path) {
                self.relevant = true;
                if !self.paths.contains(path) {
                    self.paths.push(path.clone());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs() -> Dirs {
        Dirs {
            root: "/book".into(),
            content: "/book/content".into(),
            others: vec![
                "/book/theme".into(),
                "/book/diagrams".into(),
                "/book/glossary".into(),
            ],
            output: "/book/public".into(),
        }
    }

    #[track_caller]
    fn check(path: &str, expected: bool) {
        assert_eq!(is_relevant(&dirs(), Path::new(path)), expected, "{path}");
    }

    #[test]
    fn book_sources_are_relevant() {
        check("/book/content/a/b.md", true);
        check("/book/content/a", true);
        check("/book/content", true);
        check("/book/theme/static/style.css", true);
        check("/book/diagrams/x.mmd", true);
        check("/book/glossary/terms.toml", true);
        check("/book/book.toml", true);
    }

    #[test]
    fn output_hidden_and_scratch_files_are_not() {
        check("/book/public/index.html", false);
        check("/book/.git/index", false);
        check("/book/content/.a.md.swp", false);
        check("/book/content/a.md~", false);
        check("/book/content/4913", false);
        check("/book/content/#a.md#", false);
        check("/book/content/a.md___jb_tmp___", false);
        check("/book/README.md", false);
        check("/elsewhere/content/a.md", false);
    }

    #[test]
    fn a_plain_folder_is_its_own_content() {
        let mut dirs = dirs();
        dirs.content = dirs.root.clone();
        assert!(is_relevant(&dirs, Path::new("/book/notes/a.md")));
        assert!(!is_relevant(&dirs, Path::new("/book/target/debug/x")));
        assert!(!is_relevant(&dirs, Path::new("/book/public/a/index.html")));
    }

    #[test]
    fn a_new_folder_waits_for_the_files_written_into_it() {
        let send_later = |first: notify::Event, second: notify::Event| {
            let (sender, receiver) = std::sync::mpsc::channel();
            sender.send(Message::Fs(Ok(first))).unwrap();
            std::thread::spawn(move || {
                // Longer than QUIET, well inside BURST_QUIET: a writer stalled by a busy machine.
                std::thread::sleep(Duration::from_millis(40));
                let _ = sender.send(Message::Fs(Ok(second)));
            });
            let first = receiver.recv().unwrap();
            Batch::collect(first, &receiver, &dirs()).paths.len()
        };
        let file = |name: &str| {
            notify::Event::new(EventKind::Create(notify::event::CreateKind::File))
                .add_path(PathBuf::from(format!("/book/content/new/{name}")))
        };
        let folder = notify::Event::new(EventKind::Create(notify::event::CreateKind::Folder))
            .add_path(PathBuf::from("/book/content/new"));
        assert_eq!(send_later(folder, file("a.md")), 2, "one batch");
        let edit = notify::Event::new(EventKind::Modify(notify::event::ModifyKind::Any))
            .add_path(PathBuf::from("/book/content/a.md"));
        assert_eq!(
            send_later(edit, file("b.md")),
            1,
            "a single save is not held back"
        );
    }

    #[test]
    fn a_burst_of_events_is_one_batch() {
        let (sender, receiver) = std::sync::mpsc::channel();
        for idx in 0..100 {
            let event = notify::Event::new(EventKind::Modify(notify::event::ModifyKind::Any))
                .add_path(PathBuf::from(format!("/book/content/p{idx}.md")));
            sender.send(Message::Fs(Ok(event))).unwrap();
        }
        sender.send(Message::Stop).unwrap();
        let first = receiver.recv().unwrap();
        let batch = Batch::collect(first, &receiver, &dirs());
        assert!(batch.relevant && batch.stop);
        assert_eq!(batch.paths.len(), 100);
    }

    #[test]
    fn reading_a_file_is_not_a_change() {
        let mut batch = Batch::default();
        let event = notify::Event::new(EventKind::Access(notify::event::AccessKind::Open(
            notify::event::AccessMode::Any,
        )))
        .add_path(PathBuf::from("/book/content/a.md"));
        batch.add(Message::Fs(Ok(event)), &dirs());
        assert!(!batch.relevant);
    }

    #[test]
    fn a_recreated_content_folder_is_watched_again() {
        let mut batch = Batch::default();
        let event = notify::Event::new(EventKind::Create(notify::event::CreateKind::Folder))
            .add_path(PathBuf::from("/book/content"));
        batch.add(Message::Fs(Ok(event)), &dirs());
        assert!(batch.rewatch && batch.relevant);
    }
}
