//! The HTTP worker pool: one thread takes every request from tiny_http and hands each to a
//! worker, starting another worker (up to [`MAX_WORKERS`]) when all are busy.
//!
//! One thread takes them all so that a connection's requests are admitted in the order tiny_http
//! read them (see `connections`). The pool grows because a worker answering a client that does
//! not read is held for a write timeout or two: with a fixed four, five such clients would make
//! everyone else wait that long; with sixteen, it takes sixteen.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use anyhow::Context as _;
use tiny_http::Request;

use super::{http, Shared};

/// Workers started with the server.
const MIN_WORKERS: usize = 4;

/// Most workers at once (reload streams have threads of their own).
const MAX_WORKERS: usize = 16;

/// The workers, owned by the admitting thread.
struct Pool {
    jobs: Sender<Request>,
    queue: Arc<Mutex<Receiver<Request>>>,
    /// Workers waiting for a request (or for the lock to wait for one).
    idle: Arc<AtomicUsize>,
    handles: Vec<JoinHandle<()>>,
    shared: Arc<Shared>,
}

/// Starts [`MIN_WORKERS`] workers and the admitting thread, which ends (after the workers it
/// started) once `http` is unblocked.
pub(crate) fn start(
    http: &Arc<tiny_http::Server>,
    shared: &Arc<Shared>,
) -> anyhow::Result<JoinHandle<()>> {
    let (jobs, queue) = std::sync::mpsc::channel();
    let mut pool = Pool {
        jobs,
        queue: Arc::new(Mutex::new(queue)),
        idle: Arc::new(AtomicUsize::new(0)),
        handles: Vec::new(),
        shared: Arc::clone(shared),
    };
    for _ in 0..MIN_WORKERS {
        pool.add_worker()?;
    }
    let http = Arc::clone(http);
    std::thread::Builder::new()
        .name("studybook-http-admit".into())
        .spawn(move || {
            while let Ok(request) = http.recv() {
                if let Some(request) = pool.shared.connections.admit(request) {
                    pool.run(request);
                }
            }
            pool.close();
        })
        .context("failed to start the HTTP admitting thread")
}

impl Pool {
    /// Hands `request` to an idle worker, or to a new one when none is idle and the pool may
    /// grow (otherwise it waits for the first worker free).
    fn run(&mut self, request: Request) {
        if self.idle.load(Ordering::SeqCst) == 0 && self.handles.len() < MAX_WORKERS {
            // Not fatal: the workers there are will answer it.
            let _ = self.add_worker();
        }
        let _ = self.jobs.send(request);
    }

    fn add_worker(&mut self) -> anyhow::Result<()> {
        let queue = Arc::clone(&self.queue);
        let idle = Arc::clone(&self.idle);
        let shared = Arc::clone(&self.shared);
        let handle = std::thread::Builder::new()
            .name(format!("studybook-http-{}", self.handles.len()))
            .spawn(move || loop {
                idle.fetch_add(1, Ordering::SeqCst);
                // The lock is held while waiting, so one idle worker waits and the others wait
                // for the lock; it is released before answering.
                let next = queue.lock().ok().and_then(|queue| queue.recv().ok());
                idle.fetch_sub(1, Ordering::SeqCst);
                let Some(request) = next else {
                    return;
                };
                shared
                    .connections
                    .answer(request, |request| http::handle(request, &shared));
            })
            .context("failed to start an HTTP worker thread")?;
        self.handles.push(handle);
        Ok(())
    }

    /// Lets the workers finish what is queued (dropped unanswered once the server stops) and
    /// waits for them.
    fn close(self) {
        drop(self.jobs);
        for handle in self.handles {
            let _ = handle.join();
        }
    }
}
