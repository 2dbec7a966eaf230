//! One connection's life on its own thread: read a request, answer it, and again while the
//! client keeps the connection, in the order the requests came.

use std::io::Read;
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use super::handler::{Handler, Reply};
use super::limits::Limits;
use super::request::{Ended, Method, Reader};
use super::response::Persist;

/// After an error answer, how long what the client still sends is read and dropped before
/// closing: closing with unread bytes makes the kernel reset the connection, and the client
/// may then lose the answer.
const LINGER: Duration = Duration::from_secs(1);

/// Serves `stream` until the client closes, goes idle, fails, or a reload stream takes it.
pub(crate) fn serve(stream: &TcpStream, limits: &Limits, handler: &Handler) {
    // Answers are written whole (head and body together when small): nothing to coalesce.
    let _ = stream.set_nodelay(true);
    if stream
        .set_write_timeout(Some(limits.write_timeout))
        .is_err()
    {
        return;
    }
    let mut reader = Reader::new(stream, limits);
    loop {
        let request = match reader.next() {
            Ok(request) => request,
            Err(Ended::Closed) => return,
            Err(Ended::Refused(response)) => {
                let mut out = stream;
                if response.write(&mut out, false, Persist::Close).is_ok() {
                    linger(stream);
                }
                return;
            }
        };
        match handler(&request) {
            Reply::Answer(response) => {
                let mut out = stream;
                let head_only = request.method == Method::Head;
                if response
                    .write(&mut out, head_only, request.persist)
                    .is_err()
                {
                    return;
                }
                if request.persist == Persist::Close {
                    linger(stream);
                    return;
                }
            }
            Reply::Takeover(run) => {
                run(stream);
                return;
            }
        }
    }
}

/// Closes our side and drops what the client sends until it closes too (or [`LINGER`] passes).
fn linger(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let until = Instant::now() + LINGER;
    let mut sink = [0u8; 8 * 1024];
    let mut reader = stream;
    loop {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match reader.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    }
}
