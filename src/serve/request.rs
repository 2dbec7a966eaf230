//! Reading one request at a time from a connection: the head parsed by `httparse`, within size
//! and time limits, and any small body read and thrown away.
//!
//! Only what `serve` needs is kept of a request: its method, target and whether the client
//! wants the connection kept. Bytes after the head (a pipelined next request) stay buffered for
//! the next [`Reader::next`], so one connection's requests are read in order by one thread.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::limits::Limits;
use super::response::{Persist, Response};

/// The longest request head (request line and headers) read: larger is answered 431.
pub(crate) const MAX_HEAD: usize = 16 * 1024;

/// The most headers a request may have: more is answered 431. Browsers send about 15.
const MAX_HEADERS: usize = 64;

/// The largest request body read (and thrown away) to keep the connection: larger is answered
/// 413 and the connection closed. `serve` takes no uploads; this only lets a stray small body
/// (a `POST` answered 405) not end the connection.
pub(crate) const MAX_BODY: u64 = 64 * 1024;

/// What a request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Method {
    /// `GET`.
    Get,
    /// `HEAD`: the answer's head without its body.
    Head,
    /// Anything else (answered 405).
    Other(String),
}

/// One request, as far as `serve` looks at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    /// The method.
    pub(crate) method: Method,
    /// The request target as sent, e.g. `/a/?q=1`.
    pub(crate) target: String,
    /// The `Host` header as sent (`localhost:3000`), if any.
    pub(crate) host: Option<String>,
    /// Whether the connection is kept after the answer: HTTP/1.1 unless `Connection: close`,
    /// HTTP/1.0 only with `Connection: keep-alive`.
    pub(crate) persist: Persist,
}

/// A request's body, from its headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Body {
    length: u64,
    /// `Expect: 100-continue`: the client waits for a go-ahead before sending the body.
    expects_continue: bool,
}

/// The result of parsing what has been read so far.
#[derive(Debug)]
enum Parsed {
    /// The head is not complete yet.
    Partial,
    /// A complete head of `len` bytes.
    Complete {
        request: Request,
        len: usize,
        body: Body,
    },
    /// Answer this (an error) and close.
    Refused(Response),
}

/// Why no request was read.
#[derive(Debug)]
pub(crate) enum Ended {
    /// The client closed, went idle past the idle timeout, or the socket failed: close quietly.
    Closed,
    /// Answer this (an error status) and close.
    Refused(Response),
}

/// Reads requests from one connection, keeping what was read past each head.
pub(crate) struct Reader<'a> {
    stream: &'a TcpStream,
    buffer: Vec<u8>,
    limits: &'a Limits,
}

enum Fill {
    Closed,
    TimedOut,
}

impl<'a> Reader<'a> {
    /// A reader of `stream` under `limits`' timeouts.
    pub(crate) fn new(stream: &'a TcpStream, limits: &'a Limits) -> Self {
        Reader {
            stream,
            buffer: Vec::new(),
            limits,
        }
    }

    /// The next request: its first byte may take up to the idle timeout, the rest of its head
    /// and body up to the head timeout.
    pub(crate) fn next(&mut self) -> Result<Request, Ended> {
        if self.buffer.is_empty() {
            let deadline = Instant::now() + self.limits.idle_timeout;
            if self.fill(deadline).is_err() {
                return Err(Ended::Closed);
            }
        }
        let deadline = Instant::now() + self.limits.head_timeout;
        loop {
            match parse(&self.buffer) {
                Parsed::Complete { request, len, body } => {
                    self.buffer.drain(..len);
                    self.skip_body(body, deadline)?;
                    return Ok(request);
                }
                Parsed::Refused(response) => return Err(Ended::Refused(response)),
                Parsed::Partial if self.buffer.len() >= MAX_HEAD => {
                    return Err(Ended::Refused(too_large()))
                }
                Parsed::Partial => match self.fill(deadline) {
                    Ok(()) => {}
                    Err(Fill::Closed) => return Err(Ended::Closed),
                    Err(Fill::TimedOut) => return Err(Ended::Refused(timed_out())),
                },
            }
        }
    }

    /// Reads and drops a body of `body.length` bytes.
    fn skip_body(&mut self, body: Body, deadline: Instant) -> Result<(), Ended> {
        let buffered = self.buffer.len().min(body.length as usize);
        self.buffer.drain(..buffered);
        let mut left = body.length - buffered as u64;
        if left > 0 && body.expects_continue {
            let mut stream = self.stream;
            if stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").is_err() {
                return Err(Ended::Closed);
            }
        }
        while left > 0 {
            match self.fill(deadline) {
                Ok(()) => {}
                Err(Fill::Closed) => return Err(Ended::Closed),
                Err(Fill::TimedOut) => return Err(Ended::Refused(timed_out())),
            }
            let take = self.buffer.len().min(left as usize);
            self.buffer.drain(..take);
            left -= take as u64;
        }
        Ok(())
    }

    /// Reads what arrives before `deadline` onto the buffer.
    fn fill(&mut self, deadline: Instant) -> Result<(), Fill> {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Fill::TimedOut);
        }
        // At least a millisecond: a zero timeout would mean none.
        let timeout = left.max(Duration::from_millis(1));
        self.stream
            .set_read_timeout(Some(timeout))
            .map_err(|_| Fill::Closed)?;
        let mut chunk = [0u8; 8 * 1024];
        let mut stream = self.stream;
        match stream.read(&mut chunk) {
            Ok(0) => Err(Fill::Closed),
            Ok(n) => {
                self.buffer.extend_from_slice(&chunk[..n]);
                Ok(())
            }
            Err(error) if is_timeout(&error) => Err(Fill::TimedOut),
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => Ok(()),
            Err(_) => Err(Fill::Closed),
        }
    }
}

fn is_timeout(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    )
}

/// Parses a request head from the start of `bytes`.
fn parse(bytes: &[u8]) -> Parsed {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut head = httparse::Request::new(&mut headers);
    let len = match head.parse(bytes) {
        Ok(httparse::Status::Partial) => return Parsed::Partial,
        Ok(httparse::Status::Complete(len)) => len,
        Err(httparse::Error::TooManyHeaders) => return Parsed::Refused(too_large()),
        Err(error) => {
            return Parsed::Refused(Response::text(400, &format!("bad request: {error}\n")))
        }
    };
    if len > MAX_HEAD {
        return Parsed::Refused(too_large());
    }
    let (Some(method), Some(target), Some(version)) = (head.method, head.path, head.version) else {
        return Parsed::Refused(Response::text(400, "bad request\n"));
    };
    let headers = head.headers;
    if headers
        .iter()
        .any(|h| h.name.eq_ignore_ascii_case("transfer-encoding"))
    {
        return Parsed::Refused(Response::text(
            501,
            "a request body with Transfer-Encoding is not supported\n",
        ));
    }
    let length = match content_length(headers) {
        Ok(length) => length,
        Err(response) => return Parsed::Refused(response),
    };
    let persist = persist(version, headers);
    let expects_continue = tokens(headers, "expect")
        .iter()
        .any(|t| t.eq_ignore_ascii_case("100-continue"));
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        other => Method::Other(other.to_string()),
    };
    Parsed::Complete {
        request: Request {
            method,
            target: target.to_string(),
            host: (headers.iter())
                .find(|header| header.name.eq_ignore_ascii_case("host"))
                .map(|header| String::from_utf8_lossy(header.value).into_owned()),
            persist,
        },
        len,
        body: Body {
            length,
            expects_continue,
        },
    }
}

/// The body length the headers give (0 without `Content-Length`); differing or unreadable
/// lengths are 400, more than [`MAX_BODY`] is 413.
fn content_length(headers: &[httparse::Header]) -> Result<u64, Response> {
    let mut length = None;
    for header in headers {
        if !header.name.eq_ignore_ascii_case("content-length") {
            continue;
        }
        let value = std::str::from_utf8(header.value).unwrap_or("").trim();
        let parsed = (!value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()))
            .then(|| value.parse::<u64>().ok())
            .flatten();
        match (parsed, length) {
            (None, _) => return Err(Response::text(400, "bad request: invalid Content-Length\n")),
            (Some(new), Some(old)) if new != old => {
                return Err(Response::text(
                    400,
                    "bad request: conflicting Content-Length\n",
                ))
            }
            (Some(new), _) => length = Some(new),
        }
    }
    match length.unwrap_or(0) {
        length if length > MAX_BODY => Err(Response::text(
            413,
            "a request body this large is not accepted\n",
        )),
        length => Ok(length),
    }
}

/// Whether the connection is kept: HTTP/1.1 unless `Connection: close`, HTTP/1.0 only with
/// `Connection: keep-alive`.
fn persist(version: u8, headers: &[httparse::Header]) -> Persist {
    let connection = tokens(headers, "connection");
    let said = |token: &str| connection.iter().any(|t| t.eq_ignore_ascii_case(token));
    match version {
        _ if said("close") => Persist::Close,
        0 if said("keep-alive") => Persist::KeepSaid,
        0 => Persist::Close,
        _ => Persist::Keep,
    }
}

/// The comma-separated tokens of every `name` header.
fn tokens<'h>(headers: &'h [httparse::Header], name: &str) -> Vec<&'h str> {
    headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case(name))
        .filter_map(|h| std::str::from_utf8(h.value).ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect()
}

fn too_large() -> Response {
    Response::text(431, "the request head is too large\n")
}

fn timed_out() -> Response {
    Response::text(408, "the request head took too long to arrive\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete(bytes: &[u8]) -> (Request, usize, Body) {
        match parse(bytes) {
            Parsed::Complete { request, len, body } => (request, len, body),
            other => panic!("{other:?}"),
        }
    }

    fn refused(bytes: &[u8]) -> u16 {
        match parse(bytes) {
            Parsed::Refused(response) => response.status,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn keep_alive_follows_the_version_and_connection_header() {
        let (request, len, _) = complete(b"GET /a/ HTTP/1.1\r\nHost: x\r\n\r\nGET /b/");
        assert_eq!(request.method, Method::Get);
        assert_eq!(request.target, "/a/");
        assert_eq!(request.persist, Persist::Keep);
        assert_eq!(len, 29);
        let (request, _, _) = complete(b"HEAD / HTTP/1.1\r\nConnection: Keep-Alive, close\r\n\r\n");
        assert_eq!(
            (request.method, request.persist),
            (Method::Head, Persist::Close)
        );
        let persist = |bytes: &[u8]| complete(bytes).0.persist;
        assert_eq!(persist(b"GET / HTTP/1.0\r\n\r\n"), Persist::Close);
        assert_eq!(
            persist(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"),
            Persist::KeepSaid
        );
    }

    #[test]
    fn bodies_are_measured_and_capped() {
        let (_, _, body) =
            complete(b"POST / HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        assert_eq!(
            body,
            Body {
                length: 5,
                expects_continue: true
            }
        );
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n"),
            413
        );
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"),
            400
        );
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
            400
        );
        assert_eq!(
            refused(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"),
            501
        );
    }

    #[test]
    fn malformed_and_oversized_heads_are_refused() {
        assert_eq!(refused(b"\x00\x01\x02 garbage\r\n\r\n"), 400);
        assert_eq!(refused(b"GET / HTTP/9.9\r\n\r\n"), 400);
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X-A: b\r\n".repeat(MAX_HEADERS + 1)
        );
        assert_eq!(refused(many.as_bytes()), 431);
        let long = format!("GET / HTTP/1.1\r\nX-A: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        assert_eq!(refused(long.as_bytes()), 431);
        assert!(matches!(parse(b"GET / HTTP/1.1\r\nHost"), Parsed::Partial));
    }
}
