//! Keeping one HTTP connection from holding the workers.
//!
//! tiny_http reads every request a client pipelines, while the answers on one connection go out
//! in order: a client that sends many requests and never reads would have each of the four
//! workers wait its turn on that one socket, and the server would answer nobody. So:
//!
//! - the listening socket gets a send timeout ([`WRITE_TIMEOUT`]), which Linux and the BSDs copy
//!   to every accepted connection, so a write to a client that does not read fails instead of
//!   blocking forever;
//! - a response body stops after [`RESPONSE_DEADLINE`] (see [`Deadline`]), so a client that reads
//!   a byte now and then cannot keep a worker either;
//! - a connection is answered by at most one worker at a time: requests that arrive while it is
//!   being answered wait in its backlog, and that worker answers them in order, so other workers
//!   stay free;
//! - once an answer fails, the connection is dead: its backlog and later requests go to one
//!   reaper thread, which drops them (tiny_http then writes a 500 it cannot deliver).

use std::collections::{HashMap, VecDeque};
use std::io::Read;
use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc::Sender;
use std::sync::Mutex;
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

#[derive(Default)]
struct Connection {
    backlog: VecDeque<Request>,
    dead_since: Option<Instant>,
}

/// The connections being answered now, by remote address.
pub(crate) struct Connections {
    active: Mutex<HashMap<SocketAddr, Connection>>,
    reaper: Mutex<Sender<Request>>,
}

impl Connections {
    /// Starts the reaper thread.
    pub(crate) fn new() -> std::io::Result<Connections> {
        let (sender, receiver) = std::sync::mpsc::channel::<Request>();
        std::thread::Builder::new()
            .name("studybook-http-reaper".into())
            .spawn(move || {
                // Dropping answers with a 500, which blocks at most `WRITE_TIMEOUT`.
                for request in receiver {
                    drop(request);
                }
            })?;
        Ok(Connections {
            active: Mutex::new(HashMap::new()),
            reaper: Mutex::new(sender),
        })
    }

    /// Answers `request` with `answer`, and then whatever its connection pipelined meanwhile; or
    /// queues it behind the worker already answering its connection and returns at once.
    pub(crate) fn dispatch(
        &self,
        request: Request,
        answer: impl Fn(Request) -> std::io::Result<()>,
    ) {
        let Some(addr) = request.remote_addr().copied() else {
            let _ = answer(request);
            return;
        };
        {
            let Ok(mut active) = self.active.lock() else {
                return;
            };
            active.retain(|_, conn| conn.dead_since.is_none_or(|at| at.elapsed() < DEAD_FOR));
            match active.get_mut(&addr) {
                Some(conn) if conn.dead_since.is_some() => return self.reap(request),
                Some(conn) => return conn.backlog.push_back(request),
                None => {
                    active.insert(addr, Connection::default());
                }
            }
        }
        let mut next = Some(request);
        while let Some(request) = next {
            let failed = answer(request).is_err();
            let Ok(mut active) = self.active.lock() else {
                return;
            };
            let Some(conn) = active.get_mut(&addr) else {
                return;
            };
            if failed {
                conn.dead_since = Some(Instant::now());
                let backlog: Vec<Request> = conn.backlog.drain(..).collect();
                drop(active);
                backlog.into_iter().for_each(|request| self.reap(request));
                return;
            }
            next = conn.backlog.pop_front();
            if next.is_none() {
                active.remove(&addr);
            }
        }
    }

    fn reap(&self, request: Request) {
        if let Ok(reaper) = self.reaper.lock() {
            let _ = reaper.send(request);
        }
    }
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
