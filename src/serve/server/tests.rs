//! The server against a trivial handler, with limits small enough to watch them act.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::*;
use crate::serve::handler::Reply;
use crate::serve::request::Request;

const MS: Duration = Duration::from_millis(1);

fn limits() -> Limits {
    Limits {
        max_connections: 3,
        write_timeout: 300 * MS,
        head_timeout: 300 * MS,
        idle_timeout: 300 * MS,
    }
}

/// Answers `ok <target>`; `/stream` takes the connection over and writes until it fails.
fn start(limits: Limits) -> (HttpServer, SocketAddr) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let handler = Arc::new(|request: &Request| {
        if request.target == "/stream" {
            return Reply::Takeover(Box::new(|socket: &TcpStream| {
                let mut out = socket;
                while out.write_all(b"data\n").is_ok() {
                    std::thread::sleep(10 * MS);
                }
            }));
        }
        Reply::Answer(Response::text(200, &format!("ok {}", request.target)))
    });
    (HttpServer::start(listener, limits, handler).unwrap(), addr)
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream
}

/// Sends a keep-alive GET and reads its answer (whose length is known to be small).
fn get(stream: &mut TcpStream, target: &str) -> String {
    write!(stream, "GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut buffer = vec![0u8; 1024];
    let n = stream.read(&mut buffer).unwrap();
    String::from_utf8_lossy(&buffer[..n]).into_owned()
}

/// Reads until the server closes; returns what came and how long it took.
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
fn the_accept_loop_survives_accept_errors() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (accepted, _) = listener.accept().unwrap();
    let mut results: Vec<std::io::Result<TcpStream>> = vec![
        Ok(accepted),
        Err(std::io::Error::from(std::io::ErrorKind::ConnectionAborted)),
        Err(std::io::Error::from_raw_os_error(24)), // EMFILE
        Err(std::io::Error::from_raw_os_error(24)),
        Err(std::io::Error::from_raw_os_error(24)),
    ];
    let stopping = AtomicBool::new(false);
    let (mut taken, mut reports) = (0, Vec::new());
    let started = Instant::now();
    accept_loop(
        || results.pop().unwrap(),
        &stopping,
        |_| {
            taken += 1;
            stopping.store(true, Ordering::SeqCst);
            Ok(())
        },
        |error| reports.push(error.to_string()),
    );
    assert_eq!(taken, 1, "the connection after the errors is taken");
    assert_eq!(reports.len(), 2, "each kind said once: {reports:?}");
    // 10 + 20 + 40 + 80 ms of backing off.
    assert!(started.elapsed() >= 150 * MS, "{:?}", started.elapsed());
    drop(client);
}

/// Out of descriptors, `accept` may succeed and the registry's clone fail instead (which one
/// depends on how many descriptors are free): that must be said and backed off the same way.
#[test]
fn a_connection_that_cannot_be_taken_counts_as_a_failed_accept() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let clients: Vec<TcpStream> = (0..4).map(|_| TcpStream::connect(addr).unwrap()).collect();
    let stopping = AtomicBool::new(false);
    let (mut tries, mut reports) = (0, Vec::new());
    let started = Instant::now();
    accept_loop(
        || listener.accept().map(|(stream, _)| stream),
        &stopping,
        |_| {
            tries += 1;
            if tries == 4 {
                stopping.store(true, Ordering::SeqCst);
                return Ok(());
            }
            Err(std::io::Error::from_raw_os_error(24))
        },
        |error| reports.push(error.to_string()),
    );
    assert_eq!(tries, 4, "the loop went on after each failure");
    assert_eq!(reports.len(), 1, "said once: {reports:?}");
    assert!(reports[0].contains("os error 24"), "{reports:?}");
    // 10 + 20 + 40 ms of backing off.
    assert!(started.elapsed() >= 70 * MS, "{:?}", started.elapsed());
    drop(clients);
}

#[test]
fn idle_and_slow_connections_are_closed() {
    let (server, addr) = start(limits());
    let mut silent = connect(addr);
    let mut kept = connect(addr);
    assert!(get(&mut kept, "/a").ends_with("ok /a"));
    let mut slow = connect(addr);
    slow.write_all(b"GET / HTTP/1.1\r\nHo").unwrap();
    for (stream, expect) in [
        (&mut silent, ""),
        (&mut kept, ""),
        (&mut slow, "HTTP/1.1 408"),
    ] {
        let (text, took) = until_closed(stream);
        assert!(text.starts_with(expect), "{text}");
        assert!(took < 1500 * MS, "closed after {took:?}");
    }
    drop(server);
}

#[test]
fn connections_over_the_cap_get_503_until_others_close() {
    let (server, addr) = start(limits());
    let mut held: Vec<TcpStream> = (0..3).map(|_| connect(addr)).collect();
    for stream in &mut held {
        assert!(get(stream, "/").starts_with("HTTP/1.1 200"));
    }
    let (text, _) = until_closed(&mut connect(addr));
    assert!(text.starts_with("HTTP/1.1 503"), "{text}");
    assert!(text.contains("Retry-After: 1\r\n"), "{text}");
    drop(held.pop());
    let deadline = Instant::now() + Duration::from_secs(2);
    while server.n_open() >= 3 && Instant::now() < deadline {
        std::thread::sleep(5 * MS);
    }
    assert!(get(&mut connect(addr), "/again").ends_with("ok /again"));
}

#[test]
fn stop_closes_open_connections_and_takeovers_at_once() {
    let (mut server, addr) = start(Limits {
        idle_timeout: Duration::from_secs(60),
        ..limits()
    });
    let mut idle = connect(addr);
    assert!(get(&mut idle, "/").starts_with("HTTP/1.1 200"));
    let mut stream = connect(addr);
    stream.write_all(b"GET /stream HTTP/1.1\r\n\r\n").unwrap();
    let mut first = [0u8; 5];
    stream.read_exact(&mut first).unwrap();
    let started = Instant::now();
    server.stop();
    assert!(started.elapsed() < 1500 * MS, "{:?}", started.elapsed());
    assert_eq!(server.n_open(), 0);
    let (text, _) = until_closed(&mut idle);
    assert_eq!(text, "");
    let _ = until_closed(&mut stream);
    assert!(TcpStream::connect(addr).is_err(), "no longer listening");
}

#[test]
fn http_1_0_keeps_the_connection_only_when_asked_and_says_so() {
    let (_server, addr) = start(limits());
    let mut kept = connect(addr);
    kept.write_all(b"GET /1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        .unwrap();
    let mut buffer = vec![0u8; 1024];
    let n = kept.read(&mut buffer).unwrap();
    let first = String::from_utf8_lossy(&buffer[..n]).into_owned();
    assert!(first.contains("Connection: keep-alive\r\n"), "{first}");
    kept.write_all(b"GET /2 HTTP/1.0\r\n\r\n").unwrap();
    let (second, _) = until_closed(&mut kept);
    assert!(
        second.contains("Connection: close\r\n") && second.ends_with("ok /2"),
        "{second}"
    );
}
