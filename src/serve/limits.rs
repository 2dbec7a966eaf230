//! The HTTP server's limits on connections and time: what each connection thread and the
//! request reader are held to.

use std::time::Duration;

/// Most connections open at once; the next ones are answered 503 and closed. Each holds a
/// thread and two file descriptors (its socket and the registry's clone), so 128 stays well
/// under the usual limit of 1,024 descriptors while being far more than a writer's browsers
/// open (six per host each, one shared reload stream).
pub(crate) const MAX_CONNECTIONS: usize = 128;

/// Longest one write to a client may block (a client that does not read).
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);

/// Longest a request head (and its small body) may take to arrive once it has started: a
/// client that sends its headers slowly, or stops, is answered 408 and closed.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// Longest a kept-alive connection may wait for its next request before it is closed.
const IDLE_TIMEOUT: Duration = Duration::from_secs(10);

/// The server's limits; the constants above, smaller in tests.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    /// [`MAX_CONNECTIONS`].
    pub(crate) max_connections: usize,
    /// [`WRITE_TIMEOUT`].
    pub(crate) write_timeout: Duration,
    /// [`HEAD_TIMEOUT`].
    pub(crate) head_timeout: Duration,
    /// [`IDLE_TIMEOUT`].
    pub(crate) idle_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: MAX_CONNECTIONS,
            write_timeout: WRITE_TIMEOUT,
            head_timeout: HEAD_TIMEOUT,
            idle_timeout: IDLE_TIMEOUT,
        }
    }
}
