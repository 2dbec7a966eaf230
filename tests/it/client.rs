//! A minimal HTTP/1.1 client for the serve tests: raw requests over loopback, and a reader for
//! the Server-Sent Events stream. No sleeps: every wait has a deadline.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// A parsed response.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `raw` as is and reads the whole reply (the request asks the server to close).
pub fn raw(addr: SocketAddr, raw: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).expect("connect to serve");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(raw).unwrap();
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    out
}

/// `METHOD path` with `Connection: close`.
pub fn request(addr: SocketAddr, method: &str, path: &str) -> Reply {
    let bytes = raw(
        addr,
        format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    );
    parse(&bytes)
}

pub fn get(addr: SocketAddr, path: &str) -> Reply {
    request(addr, "GET", path)
}

pub fn parse(bytes: &[u8]) -> Reply {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(bytes)));
    let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .expect("status line");
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: bytes[end + 4..].to_vec(),
    }
}

/// An open `/__studybook/events` stream.
pub struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    pub fn connect(addr: SocketAddr) -> Self {
        let mut stream = TcpStream::connect(addr).expect("connect to serve");
        stream
            .write_all(b"GET /__studybook/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        let deadline = Instant::now() + Duration::from_secs(10);
        // Skip the response head.
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) => panic!("event stream closed before its head ended"),
                Ok(_) if line == "\r\n" => break,
                Ok(_) => {}
                Err(_) if Instant::now() < deadline => {}
                Err(error) => panic!("no event stream head: {error}"),
            }
        }
        Events { reader }
    }

    /// The next `data:` message, or `None` when none comes within `timeout`.
    pub fn next(&mut self, timeout: Duration) -> Option<serde_json::Value> {
        let deadline = Instant::now() + timeout;
        let mut line = String::new();
        loop {
            if Instant::now() >= deadline {
                return None;
            }
            match self.reader.read_line(&mut line) {
                Ok(0) => return None,
                Ok(_) if line.ends_with('\n') => {
                    if let Some(data) = line.strip_prefix("data: ") {
                        return Some(serde_json::from_str(data.trim_end()).expect("event is JSON"));
                    }
                    line.clear();
                }
                // A timeout may leave half a line in `line`; keep reading onto it.
                Ok(_) | Err(_) => {}
            }
        }
    }

    /// Waits for a message satisfying `accept`, skipping others; panics after `timeout`.
    #[track_caller]
    pub fn wait_for(
        &mut self,
        what: &str,
        accept: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Some(message) = self.next(deadline - Instant::now()) {
                if accept(&message) {
                    return message;
                }
            }
        }
        panic!("no event: {what}");
    }
}

/// Polls `check` until it returns `Some`, for at most 20 s.
#[track_caller]
pub fn eventually<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::yield_now();
        std::thread::sleep(Duration::from_millis(5));
    }
}
