//! The same site on std::net + httparse, a thread per connection, no limits: only to measure what
//! hyper, hyper-util and tokio add to a binary and a cold build (not a server to keep).
//!
//! Usage: `baseline SITE_DIR PORT`

mod site;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(port)) = (args.get(1), args.get(2).and_then(|p| p.parse::<u16>().ok()))
    else {
        eprintln!("usage: baseline SITE_DIR PORT");
        std::process::exit(2);
    };
    let site: &'static site::Site =
        Box::leak(Box::new(site::Site::read(std::path::Path::new(dir))?));
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    println!("listening on http://{}", listener.local_addr()?);
    for stream in listener.incoming().flatten() {
        std::thread::spawn(move || serve(stream, site));
    }
    Ok(())
}

fn serve(mut stream: TcpStream, site: &site::Site) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut request = httparse::Request::new(&mut headers);
        let used = match request.parse(&buffer) {
            Ok(httparse::Status::Complete(used)) => used,
            Ok(httparse::Status::Partial) if buffer.len() < 16 * 1024 => {
                match stream.read(&mut chunk) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => {
                        buffer.extend_from_slice(&chunk[..n]);
                        continue;
                    }
                }
            }
            _ => return,
        };
        let host = request
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case("host"));
        let host = host.and_then(|h| std::str::from_utf8(h.value).ok());
        let (status, body, content_type) = if !site::host_allowed(host, "127.0.0.1") {
            ("403 Forbidden", &b"forbidden\n"[..], "text/plain")
        } else {
            match site.get(request.path.unwrap_or("/")) {
                Some((bytes, content_type)) => ("200 OK", bytes, content_type),
                None => (
                    "404 Not Found",
                    site.not_found().unwrap_or(b"not found\n"),
                    "text/html",
                ),
            }
        };
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        if stream
            .write_all(head.as_bytes())
            .and_then(|()| stream.write_all(body))
            .is_err()
        {
            return;
        }
        buffer.drain(..used);
    }
}
