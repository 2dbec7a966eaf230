//! `serve`'s HTTP connections under clients that misbehave (issue 17): bursts, idle and slow
//! connections, more connections than the cap, request heads over the limits, pipelining.
//! The clients that pipeline and never read, and reload streams with requests after them, are
//! in `hostile.rs`.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use super::book;
use crate::harness::*;

/// `serve`'s limits (`src/serve/server.rs`): kept-alive connections wait 10 s for a request, a
/// head may take 10 s, and 128 connections are open at most.
const IDLE_TIMEOUT: Duration = Duration::from_secs(10);
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
const MAX_CONNECTIONS: usize = 128;

/// A book with one page, `/a/`, holding "정상 페이지".
fn one_page_book() -> TestBook {
    let book = book();
    book.write("content/a.md", "# 정상 페이지\n");
    book
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream
}

/// One answer on a kept-alive connection: its status, head and body (`Content-Length` long,
/// none after a `HEAD`).
fn read_reply(stream: &mut TcpStream, head_only: bool) -> (u16, String, Vec<u8>) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            other => panic!("the answer ended early ({other:?}): {head:?}"),
        }
    }
    let head = String::from_utf8(head).unwrap();
    let status = head[9..12].parse().unwrap();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("Content-Length: "))
        .map_or(0, |value| value.trim().parse().unwrap());
    let mut body = vec![0u8; if head_only { 0 } else { length }];
    stream.read_exact(&mut body).unwrap();
    (status, head, body)
}

/// Whether a new client is answered (tried every 20 ms) within `limit`.
fn answered_within(addr: SocketAddr, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if is_answered(addr) {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Reads until the server closes: what came, and how long it took.
fn until_closed(stream: &mut TcpStream) -> (String, Duration) {
    let started = Instant::now();
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    (
        String::from_utf8_lossy(&out).into_owned(),
        started.elapsed(),
    )
}

#[test]
fn a_burst_of_forty_connections_is_answered_at_once() {
    let book = one_page_book();
    let server = crate::serve::serve(&book);
    let mut streams: Vec<TcpStream> = (0..40).map(|_| connect(server.addr())).collect();
    for stream in &mut streams {
        stream
            .write_all(b"GET /a/ HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .unwrap();
    }
    for (n, stream) in streams.iter_mut().enumerate() {
        let (status, _, body) = read_reply(stream, false);
        assert_eq!(status, 200, "connection {n}");
        assert!(String::from_utf8_lossy(&body).contains("정상 페이지"));
    }
    // tiny_http 0.12 left some of such a burst queued without a thread until others closed. Here
    // every connection is held open throughout, so a queued one could only have been answered
    // after the server closed others (their idle timeout): all forty still answer.
    for (n, stream) in streams.iter_mut().enumerate() {
        stream
            .write_all(b"GET /a/ HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .unwrap();
        assert_eq!(read_reply(stream, false).0, 200, "connection {n} again");
    }
}

#[test]
fn idle_and_slow_connections_are_closed_and_keep_nobody_waiting() {
    let book = one_page_book();
    let server = crate::serve::serve(&book);
    let addr = server.addr();
    // More than tiny_http's pool had threads: silent ones, and kept-alive ones after an answer.
    let mut idle: Vec<TcpStream> = (0..20).map(|_| connect(addr)).collect();
    for stream in &mut idle[..10] {
        stream
            .write_all(b"GET /a/ HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .unwrap();
        assert_eq!(read_reply(stream, false).0, 200);
    }
    let mut slow = connect(addr);
    slow.write_all(b"GET /a/ HTTP/1.1\r\nHost: loc").unwrap();
    let started = Instant::now();
    let (status, _, _) = read_reply(&mut connect_and_ask(addr, "/a/"), false);
    assert_eq!(status, 200);
    // Answered while the slow connection still waits for its head (no 408 yet): the bystander
    // did not wait for a timeout to free a thread.
    slow.set_nonblocking(true).unwrap();
    let waiting = slow.peek(&mut [0u8; 1]);
    assert!(
        waiting
            .as_ref()
            .is_err_and(|e| e.kind() == std::io::ErrorKind::WouldBlock),
        "the slow connection was already answered or closed: {waiting:?}"
    );
    slow.set_nonblocking(false).unwrap();
    let (text, _) = until_closed(&mut slow);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    for (n, stream) in idle.iter_mut().enumerate() {
        let (text, _) = until_closed(stream);
        assert_eq!(text, "", "connection {n}");
    }
    // The idle timeout itself is the thing tested here, so this one reads the clock.
    let took = started.elapsed();
    assert!(
        took >= IDLE_TIMEOUT - Duration::from_secs(1)
            && took < IDLE_TIMEOUT + Duration::from_secs(4),
        "closed after {took:?}"
    );
}

fn connect_and_ask(addr: SocketAddr, path: &str) -> TcpStream {
    let mut stream = connect(addr);
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    stream
}

/// Whether a new client asking for `/a/` gets a 200 within a second; a refused connection
/// (a 503, perhaps closed before the request is written) is a no, not a failure.
fn is_answered(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect(addr) else {
        return false;
    };
    let mut first = [0u8; 12];
    stream
        .set_read_timeout(Some(Duration::from_secs(1)))
        .is_ok()
        && stream
            .write_all(b"GET /a/ HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .is_ok()
        && stream.read_exact(&mut first).is_ok()
        && &first == b"HTTP/1.1 200"
}

#[test]
fn connections_over_the_cap_get_503_until_others_close() {
    let book = one_page_book();
    let server = crate::serve::serve(&book);
    let addr = server.addr();
    let mut held: Vec<TcpStream> = (0..MAX_CONNECTIONS)
        .map(|_| connect_and_ask(addr, "/a/"))
        .collect();
    for stream in &mut held {
        assert_eq!(read_reply(stream, false).0, 200);
    }
    // Asked nothing: an over-the-cap connection is answered at once and closed.
    let (text, _) = until_closed(&mut connect(addr));
    assert!(text.starts_with("HTTP/1.1 503"), "{text:.200}");
    assert!(text.contains("Retry-After: 1\r\n"), "{text}");
    held.truncate(MAX_CONNECTIONS - 4);
    let served = answered_within(addr, Duration::from_secs(5));
    assert!(served, "served again once some connections closed");
    drop(held);
}

#[test]
fn request_heads_over_the_limits_are_refused() {
    let book = one_page_book();
    let server = crate::serve::serve(&book);
    let addr = server.addr();
    let long = format!(
        "GET /a/ HTTP/1.1\r\nHost: localhost\r\nX-Long: {}\r\n\r\n",
        "a".repeat(20_000)
    );
    let many = format!(
        "GET /a/ HTTP/1.1\r\nHost: localhost\r\n{}\r\n",
        "X-Many: 1\r\n".repeat(100)
    );
    for (request, status) in [
        (long.as_str(), 431),
        (many.as_str(), 431),
        ("\x00\x01\x02 garbage\r\n\r\n", 400),
        ("GET / HTTP/9.9\r\nHost: localhost\r\n\r\n", 400),
        (
            "POST /a/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: 99999999\r\n\r\n",
            413,
        ),
        (
            "POST /a/ HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            501,
        ),
    ] {
        let mut stream = connect(addr);
        stream.write_all(request.as_bytes()).unwrap();
        let (text, took) = until_closed(&mut stream);
        assert!(
            text.starts_with(&format!("HTTP/1.1 {status} ")),
            "{:.60}: {text:.200}",
            request
        );
        assert!(text.contains("Connection: close\r\n"), "{text}");
        // Refused on the head, not after waiting for the rest: a wait would last the head
        // timeout. This bounds only a failure.
        assert!(took < HEAD_TIMEOUT, "{took:?}");
    }
    // A small body is read and dropped: the 405 keeps the connection for the next request.
    let mut stream = connect(addr);
    stream
        .write_all(b"POST /a/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello")
        .unwrap();
    let (status, head, _) = read_reply(&mut stream, false);
    assert_eq!(status, 405);
    assert!(head.contains("Allow: GET, HEAD\r\n"), "{head}");
    stream
        .write_all(b"GET /a/ HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    assert_eq!(read_reply(&mut stream, false).0, 200);
    // A client that waits for a go-ahead before its body gets one, not a hang.
    stream
        .write_all(
            b"POST /a/ HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n",
        )
        .unwrap();
    let mut go_ahead = [0u8; 25];
    stream.read_exact(&mut go_ahead).unwrap();
    assert_eq!(&go_ahead, b"HTTP/1.1 100 Continue\r\n\r\n");
    stream.write_all(b"hello").unwrap();
    assert_eq!(read_reply(&mut stream, false).0, 405);
}

#[test]
fn pipelined_requests_are_answered_in_order_on_one_connection() {
    let book = one_page_book();
    let server = crate::serve::serve(&book);
    let mut stream = connect(server.addr());
    stream
        .write_all(
            b"GET /a/ HTTP/1.1\r\nHost: localhost\r\n\r\nHEAD /a/ HTTP/1.1\r\nHost: localhost\r\n\r\nGET /nowhere/ HTTP/1.1\r\nHost: localhost\r\n\r\nGET /a HTTP/1.1\r\nHost: localhost\r\n\r\nGET /a/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
    let (status, head, page) = read_reply(&mut stream, false);
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&page).contains("정상 페이지"));
    assert!(
        head.contains("Content-Type: text/html; charset=utf-8\r\n"),
        "{head}"
    );
    let (status, head, body) = read_reply(&mut stream, true);
    assert_eq!(status, 200);
    assert!(
        head.contains(&format!("Content-Length: {}\r\n", page.len())),
        "HEAD tells the GET's length: {head}"
    );
    assert!(body.is_empty());
    assert_eq!(read_reply(&mut stream, false).0, 404);
    let (status, head, _) = read_reply(&mut stream, false);
    assert_eq!(status, 301);
    assert!(head.contains("Location: /a/\r\n"), "{head}");
    let (status, head, _) = read_reply(&mut stream, false);
    assert_eq!(status, 200);
    assert!(head.contains("Connection: close\r\n"), "{head}");
    let (rest, _) = until_closed(&mut stream);
    assert_eq!(rest, "", "closed after the request that asked");
}

/// Run at two limits one apart: out of descriptors, either `accept` fails or it takes the last
/// one and the registry's clone fails, depending on how many are free, and both must be said.
#[test]
fn running_out_of_descriptors_pauses_accepting_and_never_ends_it() {
    for limit in [64, 65] {
        run_out_of_descriptors(limit);
    }
}

fn run_out_of_descriptors(limit: u32) {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let book = one_page_book();
    // `serve` with few descriptors, so that held connections exhaust them and `accept` fails
    // with EMFILE (tiny_http's accept thread ended on the first such error, for good).
    let spawned = Command::new("prlimit")
        .arg(format!("--nofile={limit}:{limit}"))
        .arg(env!("CARGO_BIN_EXE_studybook"))
        .args(["serve", &book.root().display().to_string(), "--port", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(child) = spawned else {
        eprintln!("test skipped: `prlimit` (util-linux) is not installed");
        return;
    };
    let mut child = Killed(child);
    let (lines, receiver) = std::sync::mpsc::channel();
    let stderr = std::io::BufReader::new(child.0.stderr.take().unwrap());
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let url = receiver
        .iter()
        .find_map(|line| line.strip_prefix("serving on ").map(str::to_string))
        .expect("serve starts");
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let held: Vec<TcpStream> = (0..100).map(|_| connect(addr)).collect();
    // Wait for the warning while the connections are held, rather than for a fixed time: on a
    // loaded machine the server may take a while to accept its way to the limit.
    let warned = |line: &String| line.contains("accepting a connection failed");
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut said: Vec<String> = Vec::new();
    while said.is_empty() && Instant::now() < deadline {
        if let Ok(line) = receiver.recv_timeout(Duration::from_millis(100)) {
            said.extend(Some(line).filter(warned));
        }
    }
    assert!(
        !said.is_empty(),
        "limit {limit}: warned that accepting failed while descriptors ran out"
    );
    // Time is the thing tested: the server keeps retrying `accept` (10 ms, then backing off)
    // while descriptors are out, and must warn once, not once per retry; this lets it retry a
    // few times before the descriptors are freed.
    std::thread::sleep(Duration::from_millis(300));
    drop(held);
    let served = answered_within(addr, Duration::from_secs(10));
    drop(child);
    // The child is gone, so its stderr ends and the reader thread drops the sender: this
    // collects every line it printed.
    said.extend(receiver.iter().filter(warned));
    assert!(
        served,
        "limit {limit}: accepting again once descriptors were free"
    );
    assert_eq!(said.len(), 1, "said once, not once per retry: {said:?}");
    assert!(said[0].contains("Too many open files"), "{said:?}");
}

/// A child process killed when dropped, so that a failing test does not leave it running.
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
