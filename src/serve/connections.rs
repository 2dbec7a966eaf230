//! Keeping one HTTP connection from holding the workers.
//!
//! tiny_http reads every request a client pipelines, while the answers on one connection go out
//! in order: each request's writer waits (on a channel, with no timeout) until the previous
//! request of its connection has been answered. A client that sends many requests and never
//! reads would have each of the four workers wait its turn on that one socket, and the server
//! would answer nobody. So:
//!
//! - the listening socket gets a send timeout ([`WRITE_TIMEOUT`]), which Linux and the BSDs copy
//!   to every accepted connection, so a write to a client that does not read fails instead of
//!   blocking forever;
//! - a response body stops after [`RESPONSE_DEADLINE`] (see [`Deadline`]), so a client that reads
//!   a byte now and then cannot keep a worker either;
//! - a connection is answered by at most one worker at a time: one thread takes every request
//!   from tiny_http and [`Connections::admit`]s it, in the order tiny_http read them, either to a
//!   worker or to the backlog of the connection a worker is answering; that worker answers the
//!   backlog in order ([`Connections::answer`]), so other workers stay free. Admitting in one
//!   thread matters: when workers took requests from tiny_http themselves, a worker could take a
//!   connection's second request, claim the connection before the worker holding the first one
//!   did, and wait forever for the first answer, which sat in its own backlog;
//! - once an answer fails (or the server stops), the connection is dead: its backlog and later
//!   requests go to one reaper thread, which drops them without answering; the same happens
//!   to the requests a client pipelines after a reload stream ([`Answered::Kept`]), whose
//!   answers tiny_http would hold back until the stream ends.

use std::collections::{HashMap, VecDeque};
use std::io::Read;
use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Mutex, Weak};
use std::time::{Duration, Instant};

use tiny_http::Request;

/// Longest one write to a client may block.
pub(crate) const WRITE_TIMEOUT: Duration = Duration::from_secs(5);

/// Longest one response body may take to send.
pub(crate) const RESPONSE_DEADLINE: Duration = Duration::from_secs(30);

/// How long a dead connection's address is remembered (its later requests are dropped).
const DEAD_FOR: Duration = Duration::from_secs(120);

/// Gives every connection accepted on `listener` a send timeout.
pub(crate) fn set_write_timeout(listener: &TcpListener) -> std::io::Result<()> {
    socket2::SockRef::from(listener).set_write_timeout(Some(WRITE_TIMEOUT))
}

/// What an answer left of its connection.
#[derive(Debug, Clone)]
pub(crate) enum Answered {
    /// Answered in full: the connection's next request may follow.
    Done,
    /// Taken over by a thread that keeps writing to it (a reload stream) for as long as it
    /// holds the other end of this lease: until then tiny_http would hold the connection's next
    /// answer back, so its later requests are dropped instead of holding a worker that long.
    Kept(Weak<()>),
}

enum Connection {
    /// A worker is answering it; what it pipelined meanwhile waits here, in order.
    Busy(VecDeque<Request>),
    /// An answer failed (or the server is stopping) at this time: its requests are dropped.
    Dead(Instant),
    /// A reload stream holds it while the lease lives ([`Answered::Kept`]): its requests are
    /// dropped.
    Kept(Weak<()>),
}

type Active = HashMap<SocketAddr, Connection>;

/// The connections being answered now, by remote address.
pub(crate) struct Connections {
    active: Mutex<Active>,
    reaper: Mutex<Sender<Request>>,
    stopping: AtomicBool,
}

impl Connections {
    /// Starts the reaper thread.
    pub(crate) fn new() -> std::io::Result<Connections> {
        let (sender, receiver) = std::sync::mpsc::channel::<Request>();
        std::thread::Builder::new()
            .name("studybook-http-reaper".into())
            .spawn(move || {
                for request in receiver {
                    discard(request);
                }
            })?;
        Ok(Connections {
            active: Mutex::new(HashMap::new()),
            reaper: Mutex::new(sender),
            stopping: AtomicBool::new(false),
        })
    }

    /// Takes the next request tiny_http read, never blocking: returns it when a worker should
    /// [`Connections::answer`] it now, or queues it behind the worker answering its connection,
    /// or drops it when that connection is dead or kept. Must be called from one thread, in the
    /// order tiny_http hands the requests out.
    pub(crate) fn admit(&self, request: Request) -> Option<Request> {
        let Some(addr) = request.remote_addr().copied() else {
            return Some(request);
        };
        let Ok(mut active) = self.active.lock() else {
            self.reap(request);
            return None;
        };
        active.retain(|_, conn| match conn {
            Connection::Busy(_) => true,
            Connection::Dead(at) => at.elapsed() < DEAD_FOR,
            Connection::Kept(lease) => lease.strong_count() > 0,
        });
        match active.get_mut(&addr) {
            Some(Connection::Busy(backlog)) => backlog.push_back(request),
            Some(Connection::Dead(_) | Connection::Kept(_)) => self.reap(request),
            None => {
                active.insert(addr, Connection::Busy(VecDeque::new()));
                return Some(request);
            }
        }
        None
    }

    /// Answers an admitted `request` with `answer`, and then whatever its connection pipelined
    /// meanwhile, until the backlog is empty, an answer fails or keeps the connection, or the
    /// server stops.
    pub(crate) fn answer(
        &self,
        request: Request,
        answer: impl Fn(Request) -> std::io::Result<Answered>,
    ) {
        let Some(addr) = request.remote_addr().copied() else {
            if self.is_stopping() {
                self.reap(request);
            } else {
                let _ = answer(request);
            }
            return;
        };
        let mut next = Some(request);
        while let Some(request) = next {
            let after = if self.is_stopping() {
                self.reap(request);
                Connection::Dead(Instant::now())
            } else {
                match answer(request) {
                    Ok(Answered::Done) => Connection::Busy(VecDeque::new()),
                    Ok(Answered::Kept(lease)) => Connection::Kept(lease),
                    Err(_) => Connection::Dead(Instant::now()),
                }
            };
            let Ok(mut active) = self.active.lock() else {
                return;
            };
            let Some(conn) = active.get_mut(&addr) else {
                return;
            };
            let Connection::Busy(backlog) = conn else {
                return;
            };
            if !matches!(after, Connection::Busy(_)) {
                // Handed over under the lock, so that nothing admitted later overtakes them.
                backlog.drain(..).for_each(|request| self.reap(request));
                *conn = after;
                return;
            }
            next = backlog.pop_front();
            if next.is_none() {
                active.remove(&addr);
            }
        }
    }

    /// Stops answering: from now on, admitted and queued requests are dropped unanswered.
    pub(crate) fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
    }

    fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    fn reap(&self, request: Request) {
        if let Ok(reaper) = self.reaper.lock() {
            let _ = reaper.send(request);
        }
    }
}

/// Drops a request without answering it. Dropping a `Request` itself would write a 500 to a
/// client that does not read (up to [`WRITE_TIMEOUT`] each); taking its writer and dropping
/// that writes nothing, and lets the connection's next writer go. It may still flush what
/// tiny_http buffered for the connection, which is why this runs on the reaper thread.
fn discard(request: Request) {
    drop(request.into_writer());
}

/// A response body that fails once its deadline has passed, which ends the write.
pub(crate) struct Deadline<R> {
    inner: R,
    until: Instant,
}

impl<R: Read> Deadline<R> {
    /// `inner`, readable until [`RESPONSE_DEADLINE`] from now.
    pub(crate) fn new(inner: R) -> Self {
        Deadline {
            inner,
            until: Instant::now() + RESPONSE_DEADLINE,
        }
    }
}

impl<R: Read> Read for Deadline<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if Instant::now() > self.until {
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the client took too long to read the response",
            ));
        }
        self.inner.read(buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::sync::Arc;

    fn request(port: u16, path: &str) -> Request {
        tiny_http::TestRequest::new()
            .with_remote_addr(SocketAddr::from(([127, 0, 0, 1], port)))
            .with_path(path)
            .into()
    }

    /// Answers with a recorder: the paths answered, in order; `fail` makes that path's answer
    /// fail, and `/kept` is kept while `lease` lives.
    fn answer_all(
        connections: &Connections,
        first: Request,
        fail: &str,
        lease: &Arc<()>,
    ) -> Vec<String> {
        let answered = RefCell::new(Vec::new());
        connections.answer(first, |request| {
            answered.borrow_mut().push(request.url().to_string());
            match request.url() {
                url if url == fail => Err(std::io::Error::from(std::io::ErrorKind::TimedOut)),
                "/kept" => Ok(Answered::Kept(Arc::downgrade(lease))),
                _ => Ok(Answered::Done),
            }
        });
        answered.into_inner()
    }

    #[test]
    fn a_connection_is_answered_in_order_by_the_worker_that_took_its_first_request() {
        let connections = Connections::new().unwrap();
        let first = connections
            .admit(request(1, "/1"))
            .expect("a new connection");
        assert!(connections.admit(request(1, "/2")).is_none(), "queued");
        assert!(connections.admit(request(1, "/3")).is_none(), "queued");
        let other = connections
            .admit(request(2, "/other"))
            .expect("another connection");
        assert_eq!(
            answer_all(&connections, first, "", &Arc::new(())),
            ["/1", "/2", "/3"]
        );
        assert_eq!(
            answer_all(&connections, other, "", &Arc::new(())),
            ["/other"]
        );
        // Answered, so no longer active: its next request goes to a worker again.
        assert!(connections.admit(request(1, "/4")).is_some());
    }

    #[test]
    fn a_failed_answer_drops_the_backlog_and_later_requests() {
        let connections = Connections::new().unwrap();
        let first = connections.admit(request(1, "/1")).unwrap();
        assert!(connections.admit(request(1, "/2")).is_none());
        assert_eq!(answer_all(&connections, first, "/1", &Arc::new(())), ["/1"]);
        assert!(connections.admit(request(1, "/3")).is_none(), "dead");
        assert!(
            connections.admit(request(2, "/a")).is_some(),
            "others still answered"
        );
    }

    #[test]
    fn requests_after_a_kept_connection_are_dropped_while_it_is_kept() {
        let connections = Connections::new().unwrap();
        let lease = Arc::new(());
        let first = connections.admit(request(1, "/kept")).unwrap();
        assert!(connections.admit(request(1, "/2")).is_none());
        assert_eq!(answer_all(&connections, first, "", &lease), ["/kept"]);
        assert!(connections.admit(request(1, "/3")).is_none(), "kept");
        drop(lease);
        assert!(connections.admit(request(1, "/4")).is_some(), "let go");
    }

    #[test]
    fn nothing_is_answered_once_stopping() {
        let connections = Connections::new().unwrap();
        let first = connections.admit(request(1, "/1")).unwrap();
        assert!(connections.admit(request(1, "/2")).is_none());
        connections.stop();
        assert!(answer_all(&connections, first, "", &Arc::new(())).is_empty());
    }
}
