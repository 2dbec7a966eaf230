//! Telling open tabs about rebuilds: a [`Hub`] holding the latest state, and one Server-Sent
//! Events stream per tab.
//!
//! The state is a single JSON message, `{build, since, changed, errors}`: the good build being
//! served, the build before it, the output paths that differ between the two, and the errors of
//! the latest rebuild (empty when it succeeded). Every message stands alone, so a tab that connects
//! late, or misses one, still knows what to do: if it shows `since` it applies `changed` (reload,
//! swap a stylesheet, or nothing), and otherwise it reloads. The browser side is `live.js`; it
//! shares one connection between all tabs through `worker.js` (a SharedWorker), because browsers
//! allow only six connections per host and a stream per tab would starve page loads.
//!
//! Each stream runs on its connection's thread, which sleeps on the hub's condition variable
//! and sends a comment every 15 s so that a closed tab is noticed. Streams are capped at
//! [`MAX_STREAMS`].

use std::io::Write;
use std::net::TcpStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use serde::Serialize;

use super::handler::Reply;
use super::response::Response;
use super::snapshot::BuildId;
use super::Shared;
use crate::diagnostic::{Diagnostic, Severity};

/// Open event streams beyond this are answered 503 (the browser retries). Each holds one of the
/// server's connections (`limits::MAX_CONNECTIONS`), so this is kept well below that cap for
/// page loads to find room; a browser needs only one (its tabs share it, see `live.js`).
pub(crate) const MAX_STREAMS: usize = 64;

/// How often an idle stream sends a comment, to find out that a tab has gone.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// One error for the overlay.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct ErrorView {
    /// `error` or `warning`.
    pub(crate) severity: Severity,
    /// `file:line:col`, or the file.
    pub(crate) location: String,
    /// What is wrong.
    pub(crate) message: String,
    /// What to do.
    pub(crate) help: Option<String>,
    /// The offending line around the finding, when known (a window of a long line, as the
    /// terminal shows it: `Diagnostic::excerpt`).
    pub(crate) line: Option<String>,
    /// 1-based column in `line` (not in the file), when known, for the caret.
    pub(crate) col: Option<usize>,
}

impl ErrorView {
    /// The overlay's view of a diagnostic.
    pub(crate) fn from_diagnostic(diagnostic: &Diagnostic) -> Self {
        let excerpt = diagnostic.excerpt();
        ErrorView {
            severity: diagnostic.severity,
            location: diagnostic.location(),
            message: diagnostic.message.clone(),
            help: diagnostic.help.clone(),
            col: excerpt.as_ref().map(|excerpt| excerpt.column),
            line: excerpt.map(|excerpt| excerpt.text),
        }
    }

    /// An error that is not about a file in the book (the environment failed, or a panic).
    pub(crate) fn general(message: String, help: &str) -> Self {
        ErrorView {
            severity: Severity::Error,
            location: String::new(),
            message,
            help: Some(help.to_string()),
            line: None,
            col: None,
        }
    }
}

/// What every tab is told.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct State {
    /// The build being served (none before the first good one).
    #[serde(serialize_with = "id_or_empty")]
    pub(crate) build: Option<BuildId>,
    /// The build served before it.
    #[serde(serialize_with = "id_or_empty")]
    pub(crate) since: Option<BuildId>,
    /// Output paths that differ between `since` and `build`.
    pub(crate) changed: Vec<String>,
    /// Errors of the latest rebuild; the last good build stays served meanwhile.
    pub(crate) errors: Vec<ErrorView>,
}

/// A build as the tabs read it: its id, or `""` for none.
fn id_or_empty<S: serde::Serializer>(build: &Option<BuildId>, out: S) -> Result<S::Ok, S::Error> {
    out.serialize_str(build.as_ref().map_or("", BuildId::as_str))
}

/// The latest state and the streams waiting for the next one.
#[derive(Default)]
pub(crate) struct Hub {
    inner: Mutex<Inner>,
    wake: Condvar,
    streams: AtomicUsize,
}

#[derive(Default)]
struct Inner {
    version: u64,
    message: Arc<str>,
    closed: bool,
}

impl Hub {
    /// Publishes a new state to every stream.
    pub(crate) fn publish(&self, state: &State) {
        let message: Arc<str> = serde_json::to_string(state)
            .unwrap_or_else(|_| "{}".into())
            .into();
        let mut inner = crate::sync::lock(&self.inner);
        inner.version += 1;
        inner.message = message;
        drop(inner);
        self.wake.notify_all();
    }

    /// Ends every stream (shutdown).
    pub(crate) fn close(&self) {
        crate::sync::lock(&self.inner).closed = true;
        self.wake.notify_all();
    }

    /// Waits until the state is newer than `seen` or `timeout` passes. `Err` when closed;
    /// `Ok(None)` on timeout.
    fn wait(&self, seen: u64, timeout: Duration) -> Result<Option<(u64, Arc<str>)>, ()> {
        let inner = crate::sync::lock(&self.inner);
        let (inner, _) = crate::sync::wait_timeout_while(&self.wake, inner, timeout, |inner| {
            !inner.closed && inner.version == seen
        });
        if inner.closed {
            return Err(());
        }
        Ok((inner.version != seen).then(|| (inner.version, Arc::clone(&inner.message))))
    }

    /// The number of open streams.
    pub(crate) fn n_streams(&self) -> usize {
        self.streams.load(Ordering::Relaxed)
    }
}

/// Takes over the request's connection (see [`Reply::Takeover`]) and streams states to it
/// until the hub closes or a write fails; past [`MAX_STREAMS`], a 503 the browser retries.
pub(crate) fn stream(shared: &Arc<Shared>) -> Reply {
    let hub = &shared.hub;
    if hub.streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
        hub.streams.fetch_sub(1, Ordering::SeqCst);
        let response =
            Response::text(503, "too many open reload streams\n").with_header("Retry-After", "5");
        return Reply::Answer(response);
    }
    let open = Open(Arc::clone(shared));
    Reply::Takeover(Box::new(move |socket: &TcpStream| {
        let mut writer = socket;
        let _ = send_all(&mut writer, &open.0.hub);
        drop(open);
    }))
}

/// One open stream, counted in [`Hub::n_streams`] until dropped.
struct Open(Arc<Shared>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.hub.streams.fetch_sub(1, Ordering::SeqCst);
    }
}

fn send_all(writer: &mut dyn Write, hub: &Hub) -> std::io::Result<()> {
    writer.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\nX-Accel-Buffering: no\r\nConnection: close\r\n\r\nretry: 1000\n\n",
    )?;
    writer.flush()?;
    let mut seen = u64::MAX;
    loop {
        let timeout = if seen == u64::MAX {
            Duration::ZERO
        } else {
            KEEPALIVE
        };
        match hub.wait(seen, timeout) {
            Err(()) => return Ok(()),
            Ok(Some((version, message))) => {
                seen = version;
                writer.write_all(format!("data: {message}\n\n").as_bytes())?;
            }
            Ok(None) => writer.write_all(b": keep-alive\n\n")?,
        }
        writer.flush()?;
    }
}

/// studybook's browser scripts, by name.
pub(crate) fn script(name: &str) -> &'static str {
    match name {
        "worker.js" => include_str!("worker.js"),
        _ => include_str!("live.js"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_gets_the_current_state_then_each_new_one() {
        let hub = Hub::default();
        hub.publish(&State {
            build: Some(BuildId::new("x", 1)),
            ..State::default()
        });
        let (version, message) = hub.wait(u64::MAX, Duration::ZERO).unwrap().unwrap();
        assert!(message.contains("\"build\":\"x-1\""), "{message}");
        assert_eq!(hub.wait(version, Duration::ZERO).unwrap(), None);
        hub.publish(&State {
            build: Some(BuildId::new("x", 2)),
            since: Some(BuildId::new("x", 1)),
            changed: vec!["a/index.html".into()],
            errors: Vec::new(),
        });
        let (_, message) = hub.wait(version, Duration::ZERO).unwrap().unwrap();
        assert!(message.contains("\"since\":\"x-1\""), "{message}");
        hub.close();
        assert!(hub.wait(version, Duration::from_secs(5)).is_err());
    }

    /// A thread that panicked holding the hub's lock must not stop every tab's live reload.
    #[test]
    fn a_state_is_published_after_a_holder_panicked() {
        let hub = Hub::default();
        let poisoned = std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    let _held = crate::sync::lock(&hub.inner);
                    panic!("a holder fails");
                })
                .join()
        });
        assert!(poisoned.is_err());
        hub.publish(&State {
            build: Some(BuildId::new("x", 1)),
            ..State::default()
        });
        let (version, message) = hub.wait(0, Duration::ZERO).unwrap().unwrap();
        assert_eq!(version, 1);
        assert!(message.contains("\"build\":\"x-1\""), "{message}");
    }

    #[test]
    fn no_build_yet_is_told_as_an_empty_id() {
        let message = serde_json::to_string(&State::default()).unwrap();
        assert_eq!(
            message,
            r#"{"build":"","since":"","changed":[],"errors":[]}"#
        );
    }

    #[test]
    fn errors_carry_place_and_line() {
        let source = crate::diagnostic::SourceText::from("a\nbroken [x](y.md)\n");
        let diagnostic = Diagnostic::error("content/a.md", "broken link `y.md`")
            .at(&source, 9..16)
            .with_help("fix it");
        let view = ErrorView::from_diagnostic(&diagnostic);
        assert_eq!(view.location, "content/a.md:2:8");
        assert_eq!(view.line.as_deref(), Some("broken [x](y.md)"));
        assert_eq!(view.col, Some(8));
    }
}
