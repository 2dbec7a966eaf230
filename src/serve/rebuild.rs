//! The rebuild loop: wait for a batch of changes, build in memory, swap the snapshot, tell the
//! tabs, print to the terminal.
//!
//! Changes that arrive during a rebuild queue up and start the next one, so the newest state of
//! the book is always the last one built. A build that returns `Err` (the environment failed) or
//! panics is reported like a book error; after a panic the caches are dropped, since a stage may
//! have left one half-updated.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;
use std::time::Instant;

use super::reload::{ErrorView, State};
use super::snapshot::{self, BuildId, ReloadKind, Snapshot};
use super::watch::{Batch, Dirs, Message, Watch};
use super::{ServeOptions, Shared};
use crate::config::{self, Overrides};
use crate::diagnostic::{self, Diagnostic};
use crate::{quick, Caches, Mode, Options, Report, Site};

/// At most this many errors go to the overlay (the terminal gets all of them).
const MAX_OVERLAY_ERRORS: usize = 50;

/// Progress of the loop, for tests and benchmarks.
#[derive(Debug, Default)]
pub(crate) struct Status {
    n_builds: AtomicU64,
    idle: AtomicBool,
}

impl Status {
    pub(crate) fn n_builds(&self) -> u64 {
        self.n_builds.load(Ordering::SeqCst)
    }

    pub(crate) fn is_idle(&self) -> bool {
        self.idle.load(Ordering::SeqCst)
    }
}

/// Owns the build options and caches, the watcher, and the last published state.
pub(crate) struct Rebuilder {
    options: Options,
    out: Option<PathBuf>,
    shared: Arc<Shared>,
    watch: Watch,
    instance: String,
    generation: u64,
    state: State,
    n_warnings: usize,
    status: Arc<Status>,
    verbose: bool,
    /// The last good build's model, for quick re-renders of edited pages.
    model: Option<crate::Model>,
    /// How long the quick re-render of the current rebuild took, when there was one.
    quick: Option<std::time::Duration>,
}

impl Rebuilder {
    /// Prepares the build options (base URL = the server's) and starts watching.
    pub(crate) fn new(
        serve: &ServeOptions,
        url: &str,
        shared: Arc<Shared>,
        sender: Sender<Message>,
    ) -> anyhow::Result<Self> {
        let overrides = Overrides {
            output_dir: serve.out.clone(),
            base_url: Some(url.to_string()),
            audience: Default::default(),
        };
        let (config, _) = config::load(&serve.root, &overrides)?;
        if serve.out.is_some() {
            crate::site::check_output_dir(&config)?;
        }
        let watch = Watch::start(Dirs::new(&config), sender)?;
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |duration| duration.as_nanos());
        let seed = format!("{}-{started}", std::process::id());
        let instance = format!("{:06x}", crate::hash::stable(seed.as_bytes()) & 0xff_ffff);
        Ok(Rebuilder {
            options: Options {
                root: serve.root.clone(),
                overrides,
                mode: Mode::Build,
                caches: Caches::default(),
            },
            out: serve.out.clone(),
            shared,
            watch,
            instance,
            generation: 0,
            state: State::default(),
            n_warnings: 0,
            status: Arc::new(Status::default()),
            verbose: serve.verbose,
            model: None,
            quick: None,
        })
    }

    /// The loop's progress counters.
    pub(crate) fn status(&self) -> Arc<Status> {
        Arc::clone(&self.status)
    }

    /// The build before serving starts; its state is published even when it fails.
    pub(crate) fn first_build(&mut self) {
        self.rebuild(&[]);
        if self.generation == 0 {
            self.shared.hub.publish(&self.state);
        }
    }

    /// Rebuilds on every relevant batch of changes until told to stop.
    pub(crate) fn run(mut self, receiver: Receiver<Message>) {
        loop {
            self.status.idle.store(true, Ordering::SeqCst);
            let Ok(first) = receiver.recv() else { return };
            self.status.idle.store(false, Ordering::SeqCst);
            let batch = Batch::collect(first, &receiver, self.watch.dirs());
            if batch.stop {
                return;
            }
            if batch.rewatch {
                self.watch.rewatch();
            }
            if let (Some(error), true) = (&batch.error, self.verbose) {
                eprintln!("warning: watching the book failed: {error}; restart `serve` if changes stop showing");
            }
            if batch.relevant {
                self.rebuild(&batch.paths);
            }
        }
    }

    fn rebuild(&mut self, paths: &[PathBuf]) {
        let started = Instant::now();
        let edit = self.quick_rebuild(paths);
        self.quick = edit.as_ref().map(|_| started.elapsed());
        if edit.is_some_and(|edit| self.finish_edit(&edit, started, paths)) {
            self.status.n_builds.fetch_add(1, Ordering::SeqCst);
            self.shared.release();
            return;
        }
        let result = catch_unwind(AssertUnwindSafe(|| crate::build_model(&self.options)));
        self.status.n_builds.fetch_add(1, Ordering::SeqCst);
        match result {
            Ok(Ok((report, Some((site, model))))) => {
                self.model = Some(model);
                self.publish_site(&report, site, started, paths);
            }
            Ok(Ok((report, None))) => {
                self.model = None;
                self.publish_errors(&report);
            }
            Ok(Err(error)) => {
                self.model = None;
                self.publish_failure(ErrorView::general(
                    format!("{error:#}"),
                    "fix the problem above; the last good site is still served",
                ));
            }
            Err(panic) => {
                self.model = None;
                self.options.caches = Caches::default();
                let message = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("unknown panic");
                self.publish_failure(ErrorView::general(
                    format!("studybook crashed while rebuilding: {message}"),
                    "this is a bug in studybook; please report it with the change that caused it. The last good site is still served, and the next change rebuilds",
                ));
            }
        }
        // Whatever the full rebuild did, requests held back by the quick one may go on now.
        self.shared.release();
    }

    /// Publishes the edited pages alone when the change allows it ([`crate::quick`]), holding back
    /// requests for every other generated file until the full rebuild that follows is published.
    /// The edit it published, if it did.
    fn quick_rebuild(&mut self, paths: &[PathBuf]) -> Option<quick::Edit> {
        if paths.is_empty() || !self.state.errors.is_empty() {
            return None;
        }
        let model = self.model.as_mut()?;
        let caches = &self.options.caches;
        let mut edit =
            match catch_unwind(AssertUnwindSafe(|| quick::rerender(model, caches, paths))) {
                Ok(edit) => edit?,
                Err(_) => {
                    self.model = None;
                    return None;
                }
            };
        let old = self.shared.current();
        if old.is_empty() {
            return None;
        }
        let (snapshot, changed) =
            old.with_changes(self.next_build_id(), std::mem::take(&mut edit.pages), &[]);
        if changed.is_empty() {
            return None;
        }
        self.shared.hold(changed.iter().cloned().collect());
        self.publish_snapshot(&old, snapshot, changed);
        Some(edit)
    }

    /// Publishes the rest of a prose-only edit made from the model ([`quick::complete`]) instead
    /// of a full rebuild; false when that cannot be done (then the full rebuild runs). Not with
    /// `--out`, which writes whole sites.
    fn finish_edit(&mut self, edit: &quick::Edit, started: Instant, paths: &[PathBuf]) -> bool {
        let (Some(model), None) = (self.model.as_ref(), &self.out) else {
            return false;
        };
        let caches = &self.options.caches;
        let changes = match catch_unwind(AssertUnwindSafe(|| quick::complete(model, caches, edit)))
        {
            Ok(Some(changes)) => changes,
            Ok(None) => return false,
            Err(_) => {
                // The index may be half-updated: start afresh.
                self.model = None;
                self.options.caches = Caches::default();
                return false;
            }
        };
        let old = self.shared.current();
        let (snapshot, changed) =
            old.with_changes(self.next_build_id(), changes.written, &changes.removed);
        let n_changed = changed.len();
        if !changed.is_empty() {
            self.publish_snapshot(&old, snapshot, changed);
        }
        if self.verbose {
            let quick = self.quick.unwrap_or_default().as_secs_f64() * 1000.0;
            eprintln!(
                "{} changed → page shown in {quick:.0} ms, every file in {:.0} ms: {} more file(s) differ, reloading",
                self.shown(paths),
                started.elapsed().as_secs_f64() * 1000.0,
                n_changed,
            );
        }
        true
    }

    fn next_build_id(&self) -> BuildId {
        BuildId::new(&self.instance, self.generation + 1)
    }

    /// Serves `snapshot` (the build after `old`) and tells the tabs what changed.
    fn publish_snapshot(&mut self, old: &Snapshot, snapshot: Snapshot, changed: Vec<String>) {
        self.generation += 1;
        self.state = State {
            build: snapshot.build_id.clone(),
            since: old.build_id.clone(),
            changed,
            errors: Vec::new(),
        };
        self.shared.replace(Arc::new(snapshot));
        self.shared.hub.publish(&self.state);
    }

    fn publish_site(&mut self, report: &Report, site: Site, started: Instant, paths: &[PathBuf]) {
        let disk_copy = self.out.is_some().then(|| site.clone());
        let old = self.shared.current();
        let had_errors = !self.state.errors.is_empty();
        let snapshot = Snapshot::new(self.next_build_id(), site);
        // A tab can only show a build from this server once there is one: nothing to list before.
        let changed = if old.is_empty() {
            Vec::new()
        } else {
            snapshot::changed(&old, &snapshot)
        };
        let summary = (changed.len(), snapshot::reload_kind(&changed));
        self.state.errors.clear();
        if !changed.is_empty() || old.is_empty() {
            self.publish_snapshot(&old, snapshot, changed);
        } else if had_errors {
            self.shared.hub.publish(&self.state);
        }
        let elapsed = started.elapsed();
        if self.verbose {
            self.print_success(report, paths, (had_errors, summary), elapsed);
        }
        if let (Some(site), Some(out)) = (disk_copy, &self.out) {
            if let Err(error) = self.write(&site) {
                let message = format!("error: {error:#} (writing `{}`)", out.display());
                eprintln!("{}", diagnostic::printable(&message));
            }
        }
    }

    fn write(&self, site: &Site) -> anyhow::Result<()> {
        let (config, _) = config::load(&self.options.root, &self.options.overrides)?;
        crate::site::write(&config, &site.outputs, &site.copies)?;
        Ok(())
    }

    fn print_success(
        &mut self,
        report: &Report,
        paths: &[PathBuf],
        (had_errors, (n_changed, kind)): (bool, (usize, ReloadKind)),
        elapsed: std::time::Duration,
    ) {
        let warnings: Vec<Diagnostic> = report.diagnostics.clone();
        if paths.is_empty() || warnings.len() != self.n_warnings {
            eprint!("{}", diagnostic::render(&warnings));
        }
        self.n_warnings = warnings.len();
        let ms = elapsed.as_secs_f64() * 1000.0;
        if paths.is_empty() {
            eprintln!("built {} pages in {ms:.0} ms", report.n_pages);
            return;
        }
        let what = match kind {
            ReloadKind::Nothing => "nothing to reload",
            ReloadKind::StylesOnly => "styles swapped",
            ReloadKind::Pages => "reloading",
        };
        let fixed = if had_errors { "errors fixed; " } else { "" };
        let quick = self.quick.map_or(String::new(), |quick| {
            format!("page shown in {:.0} ms, ", quick.as_secs_f64() * 1000.0)
        });
        eprintln!(
            "{} changed → {quick}rebuilt in {ms:.0} ms: {fixed}{n_changed} file(s) differ, {what}",
            self.shown(paths)
        );
    }

    fn shown(&self, paths: &[PathBuf]) -> String {
        let root = &self.watch.dirs().root;
        // Name a file that is still there: a save through a temporary file (sed -i, some editors)
        // also reports the temporary name, which is gone by now.
        let first = paths
            .iter()
            .find(|path| path.exists())
            .or(paths.first())
            .map(|path| diagnostic::shown_path(&diagnostic::display_path(root, path)))
            .unwrap_or_default();
        // A file name is the book's data: a terminal must not obey what it holds.
        let first = diagnostic::printable(&first).into_owned();
        match paths.len() {
            0 | 1 => first,
            n => format!("{first} and {} more", n - 1),
        }
    }

    fn publish_errors(&mut self, report: &Report) {
        let errors: Vec<ErrorView> = report
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.is_error())
            .take(MAX_OVERLAY_ERRORS)
            .map(ErrorView::from_diagnostic)
            .collect();
        self.state.errors = errors;
        self.shared.hub.publish(&self.state);
        if self.verbose {
            eprint!("{}", diagnostic::render(&report.diagnostics));
            eprintln!("build failed: still serving the last good site; the errors are shown in the browser too");
        }
    }

    fn publish_failure(&mut self, error: ErrorView) {
        if self.verbose {
            let help = error.help.as_deref().unwrap_or("");
            let message = format!("error: {}\n  = help: {help}", error.message);
            eprintln!("{}", diagnostic::printable(&message));
        }
        self.state.errors = vec![error];
        self.shared.hub.publish(&self.state);
    }
}
