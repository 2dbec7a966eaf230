//! `serve`'s HTTP server on `std::net`: an accept loop that never ends on an error, one thread
//! per connection up to [`super::limits::MAX_CONNECTIONS`], and a registry of the open sockets so that
//! [`HttpServer::stop`] can close them all at once.
//!
//! A connection's requests are read and answered in order by its own thread (`connection`), so
//! pipelining needs nothing special, and a client that does not read holds only its own thread,
//! for at most one write timeout per write and [`super::response::RESPONSE_DEADLINE`] per answer.

use std::collections::HashMap;
use std::net::{Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::connection;
use super::handler::Handler;
use super::limits::Limits;
use super::response::{Persist, Response};

/// Writing the 503 to a connection over the cap is done by the accept thread: this bounds it.
const REFUSE_WRITE_TIMEOUT: Duration = Duration::from_millis(200);

/// How long [`HttpServer::stop`] waits for the connection threads after closing their sockets.
const STOP_WAIT: Duration = Duration::from_secs(2);

/// The first and the longest pause after a failed `accept`.
const BACKOFF_FIRST: Duration = Duration::from_millis(10);
const BACKOFF_MAX: Duration = Duration::from_millis(500);

/// A running server.
pub(crate) struct HttpServer {
    registry: Arc<Registry>,
    /// Where to connect to wake the accept loop.
    wake: SocketAddr,
    accept: Option<JoinHandle<()>>,
}

impl HttpServer {
    /// Serves `listener` with `handler` on threads of its own.
    pub(crate) fn start(
        listener: TcpListener,
        limits: Limits,
        handler: Arc<Handler>,
    ) -> std::io::Result<HttpServer> {
        let wake = wake_addr(listener.local_addr()?);
        let registry = Arc::new(Registry::default());
        let accepting = Arc::clone(&registry);
        let accept = std::thread::Builder::new()
            .name("studybook-http-accept".into())
            .spawn(move || {
                let limits = Arc::new(limits);
                accept_loop(
                    || listener.accept().map(|(stream, _)| stream),
                    &accepting.stopping,
                    |stream| admit(stream, &accepting, &limits, &handler),
                    |error| eprintln!("warning: accepting a connection failed ({error}); retrying"),
                );
            })?;
        Ok(HttpServer {
            registry,
            wake,
            accept: Some(accept),
        })
    }

    /// The number of open connections.
    #[cfg(test)]
    pub(crate) fn n_open(&self) -> usize {
        crate::sync::lock(&self.registry.open).sockets.len()
    }

    /// Stops accepting, closes every open connection (ending reload streams and blocked
    /// writes), and waits a little for their threads.
    pub(crate) fn stop(&mut self) {
        if self.registry.stopping.swap(true, Ordering::SeqCst) {
            return;
        }
        // The accept loop sees the flag once `accept` returns.
        let _ = TcpStream::connect_timeout(&self.wake, Duration::from_millis(200));
        self.registry.close_all(STOP_WAIT);
        if let Some(accept) = self.accept.take() {
            let deadline = Instant::now() + Duration::from_secs(1);
            while !accept.is_finished() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(5));
            }
            if accept.is_finished() {
                let _ = accept.join();
            }
        }
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The loopback address that reaches a listener bound to `addr` (an unspecified address is
/// reached through loopback).
fn wake_addr(addr: SocketAddr) -> SocketAddr {
    match addr {
        SocketAddr::V4(v4) if v4.ip().is_unspecified() => (Ipv4Addr::LOCALHOST, v4.port()).into(),
        SocketAddr::V6(v6) if v6.ip().is_unspecified() => (Ipv6Addr::LOCALHOST, v6.port()).into(),
        other => other,
    }
}

/// Accepts until `stopping`, handing each connection to `take`. An error never ends it: the
/// usual ones are passing (out of descriptors or memory, a connection aborted before it was
/// accepted), so it pauses, doubling from [`BACKOFF_FIRST`] to [`BACKOFF_MAX`], and tries again;
/// `report` hears of each kind of error once.
///
/// `take` fails when the connection could not be given what it needs (a descriptor for the
/// registry's clone, a thread): the same shortage as a failed `accept`, so it is handled the same
/// way. Otherwise which of the two calls ran out first would depend on how many descriptors
/// happened to be free, and a server one descriptor short would accept and drop connections in
/// a loop without a word.
pub(crate) fn accept_loop(
    mut accept: impl FnMut() -> std::io::Result<TcpStream>,
    stopping: &AtomicBool,
    mut take: impl FnMut(TcpStream) -> std::io::Result<()>,
    mut report: impl FnMut(&std::io::Error),
) {
    let mut pause: Option<Duration> = None;
    let mut reported: Vec<(std::io::ErrorKind, Option<i32>)> = Vec::new();
    while !stopping.load(Ordering::SeqCst) {
        let taken = accept().and_then(|stream| {
            if stopping.load(Ordering::SeqCst) {
                Ok(())
            } else {
                take(stream)
            }
        });
        match taken {
            Ok(()) => pause = None,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let key = (error.kind(), error.raw_os_error());
                if !reported.contains(&key) {
                    report(&error);
                    reported.push(key);
                }
                let wait = pause.map_or(BACKOFF_FIRST, |last| (last * 2).min(BACKOFF_MAX));
                std::thread::sleep(wait);
                pause = Some(wait);
            }
        }
    }
}

/// Gives `stream` a thread of its own, or answers 503 when [`Limits::max_connections`] are open.
/// Out of descriptors (the registry's clone) or threads, the shortage is the error, for the
/// accept loop to report and back off on; the stream is answered 503 or, without a thread,
/// closed.
fn admit(
    stream: TcpStream,
    registry: &Arc<Registry>,
    limits: &Arc<Limits>,
    handler: &Arc<Handler>,
) -> std::io::Result<()> {
    let entry = match registry.enter(&stream, limits.max_connections) {
        Entered::In(entry) => entry,
        Entered::Full => {
            refuse(&stream);
            return Ok(());
        }
        Entered::Short(error) => {
            refuse(&stream);
            return Err(error);
        }
        Entered::Stopping => return Ok(()),
    };
    let (limits, handler) = (Arc::clone(limits), Arc::clone(handler));
    // A thread that cannot start drops its closure: the stream closes and the entry leaves.
    std::thread::Builder::new()
        .name("studybook-http".into())
        .spawn(move || {
            connection::serve(&stream, &limits, &*handler);
            drop(entry);
        })
        .map(|_| ())
}

/// Answers 503 and closes, from the accept thread, so within [`REFUSE_WRITE_TIMEOUT`].
fn refuse(stream: &TcpStream) {
    let _ = stream.set_write_timeout(Some(REFUSE_WRITE_TIMEOUT));
    let response = Response::text(503, "too many open connections; try again shortly\n")
        .with_header("Retry-After", "1");
    let mut out = stream;
    let _ = response.write(&mut out, false, Persist::Close);
    let _ = stream.shutdown(Shutdown::Write);
}

/// The open connections, each by a clone of its socket, to shut them down on stop.
#[derive(Default)]
struct Registry {
    open: Mutex<Open>,
    /// Signalled when a connection leaves.
    left: Condvar,
    stopping: AtomicBool,
}

#[derive(Default)]
struct Open {
    next: u64,
    sockets: HashMap<u64, TcpStream>,
}

enum Entered {
    In(Entry),
    /// [`Limits::max_connections`] are open.
    Full,
    /// The registry's clone of the socket could not be made (out of descriptors).
    Short(std::io::Error),
    Stopping,
}

/// A connection's place in the registry, given up when dropped.
struct Entry {
    registry: Arc<Registry>,
    id: u64,
}

impl Drop for Entry {
    fn drop(&mut self) {
        crate::sync::lock(&self.registry.open)
            .sockets
            .remove(&self.id);
        self.registry.left.notify_all();
    }
}

impl Registry {
    fn enter(self: &Arc<Self>, stream: &TcpStream, max: usize) -> Entered {
        let mut open = crate::sync::lock(&self.open);
        // Checked under the lock, so that `close_all` sees every connection let in.
        if self.stopping.load(Ordering::SeqCst) {
            return Entered::Stopping;
        }
        if open.sockets.len() >= max {
            return Entered::Full;
        }
        // Without a clone it could not be closed on stop; out of descriptors, it is refused.
        let clone = match stream.try_clone() {
            Ok(clone) => clone,
            Err(error) => return Entered::Short(error),
        };
        let id = open.next;
        open.next += 1;
        open.sockets.insert(id, clone);
        Entered::In(Entry {
            registry: Arc::clone(self),
            id,
        })
    }

    /// Shuts every open socket down and waits up to `bound` for their threads to leave.
    fn close_all(&self, bound: Duration) {
        let deadline = Instant::now() + bound;
        let mut open = crate::sync::lock(&self.open);
        for socket in open.sockets.values() {
            let _ = socket.shutdown(Shutdown::Both);
        }
        while !open.sockets.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            open = crate::sync::wait_timeout(&self.left, open, left).0;
        }
    }
}

#[cfg(test)]
mod tests;
