//! An HTTP answer and writing it: status line, headers, `Content-Length`, then the body (none
//! for `HEAD`), all bounded in time.

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Longest one response body may take to send: a client that reads a byte now and then cannot
/// keep its thread (and its place under the connection cap) for longer.
pub(crate) const RESPONSE_DEADLINE: Duration = Duration::from_secs(30);

/// Bodies up to this size go out in the same write as the head: one packet for a small answer,
/// and no head waiting on Nagle's algorithm for the body.
const ONE_WRITE: usize = 64 * 1024;

/// What an answer says of its connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Persist {
    /// Kept for the next request, as HTTP/1.1 does unless told otherwise.
    Keep,
    /// Kept, said with `Connection: keep-alive`: an HTTP/1.0 client that asked for it waits for
    /// the server to close otherwise.
    KeepSaid,
    /// Closed after this answer: `Connection: close`.
    Close,
}

/// One answer, with its body in memory.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    /// The status code, e.g. 200.
    pub(crate) status: u16,
    /// Headers besides `Content-Length` and `Connection`, which [`Response::write`] adds.
    pub(crate) headers: Vec<(&'static str, String)>,
    /// The body, shared with the snapshot when it is a file served as it is.
    pub(crate) body: Arc<Vec<u8>>,
}

impl Response {
    /// An answer with these headers and body.
    pub(crate) fn new(
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: Arc<Vec<u8>>,
    ) -> Self {
        Response {
            status,
            headers,
            body,
        }
    }

    /// A short plain-text answer (errors).
    pub(crate) fn text(status: u16, text: &str) -> Self {
        Response::new(
            status,
            vec![("Content-Type", "text/plain; charset=utf-8".into())],
            Arc::new(text.as_bytes().to_vec()),
        )
    }

    /// The same answer with one more header.
    pub(crate) fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Writes the answer; `head_only` for `HEAD` (the length is still the body's); `persist`
    /// says whether the caller keeps the connection. Fails once [`RESPONSE_DEADLINE`] passes
    /// (each write blocks at most the socket's write timeout).
    pub(crate) fn write(
        &self,
        out: &mut impl Write,
        head_only: bool,
        persist: Persist,
    ) -> std::io::Result<()> {
        let until = Instant::now() + RESPONSE_DEADLINE;
        let mut head = self.head(persist).into_bytes();
        let body: &[u8] = if head_only { &[] } else { &self.body };
        if body.len() <= ONE_WRITE {
            head.extend_from_slice(body);
            write_until(out, &head, until)?;
        } else {
            write_until(out, &head, until)?;
            write_until(out, body, until)?;
        }
        out.flush()
    }

    fn head(&self, persist: Persist) -> String {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        match persist {
            Persist::Keep => {}
            Persist::KeepSaid => head.push_str("Connection: keep-alive\r\n"),
            Persist::Close => head.push_str("Connection: close\r\n"),
        }
        head.push_str("\r\n");
        head
    }
}

/// Writes all of `bytes`, looking at the deadline before each write.
fn write_until(out: &mut impl Write, mut bytes: &[u8], until: Instant) -> std::io::Result<()> {
    while !bytes.is_empty() {
        if Instant::now() > until {
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the client took too long to read the response",
            ));
        }
        match out.write(bytes) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => bytes = &bytes[n..],
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

/// The reason phrase of the status codes studybook sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        501 => "Not Implemented",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_has_the_length_and_no_body() {
        let response = Response::text(404, "not found\n").with_header("Cache-Control", "no-cache");
        let mut out = Vec::new();
        response.write(&mut out, true, Persist::Close).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nCache-Control: no-cache\r\nContent-Length: 10\r\nConnection: close\r\n\r\n"
        );
    }

    #[test]
    fn a_large_body_is_written_whole() {
        let body = vec![b'x'; 3 * ONE_WRITE + 5];
        let response = Response::new(200, Vec::new(), Arc::new(body.clone()));
        let mut out = Vec::new();
        response.write(&mut out, false, Persist::Keep).unwrap();
        assert!(out.ends_with(&body));
        assert!(out.starts_with(b"HTTP/1.1 200 OK\r\nContent-Length: 196613\r\n\r\n"));
    }
}
