//! Running the headless-Chromium scripts in `tests/browser/` from `cargo test`.
//!
//! The scripts use playwright-core with Debian's `/usr/bin/chromium` (no browser download). When
//! Chromium or the npm packages are missing, the browser tests print "skipped" (past the test
//! harness's output capture, so it shows) and pass, unless `STUDYBOOK_REQUIRE_BROWSER=1` is set
//! (as `.ci/run` does), in which case they fail.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::thread::JoinHandle;

/// A static file server for a built site, mounted under `prefix` (`/` or `/study/`).
///
/// Plain `std::net`, one thread per connection, `Connection: close`. Written when `serve` used
/// tiny_http 0.12, whose task pool could leave a new connection queued behind a kept-alive one
/// (its `spawn` counted a waiting worker that had already been woken), which stalled Chromium's
/// parallel fetches of search shards; `serve`'s own server now has a thread per connection too.
pub struct StaticServer {
    pub port: u16,
    stop: Arc<std::sync::atomic::AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    pub fn start(root: &Path, prefix: &str) -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
        let port = listener.local_addr().expect("tcp listener").port();
        let root = root.to_path_buf();
        let prefix = prefix.to_string();
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (root, prefix) = (root.clone(), prefix.clone());
                std::thread::spawn(move || serve_one(stream, &root, &prefix));
            }
        });
        StaticServer {
            port,
            stop,
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = std::net::TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "tsv" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Reads one request and answers it, then closes the connection.
fn serve_one(mut stream: std::net::TcpStream, root: &Path, prefix: &str) {
    use std::io::{Read, Write};
    let mut head = Vec::new();
    let mut buffer = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buffer[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let url = head.split_whitespace().nth(1).unwrap_or("/");
    let (status, content_type, body) = respond(root, prefix, url);
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(header.as_bytes());
    let _ = stream.write_all(&body);
}

fn respond(root: &Path, prefix: &str, url: &str) -> (&'static str, &'static str, Vec<u8>) {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let decoded = studybook::url::decode(path);
    let file = decoded.strip_prefix(prefix).map(|rel| {
        let mut file = root.to_path_buf();
        for part in rel
            .split('/')
            .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        {
            file.push(part);
        }
        if file.is_dir() {
            file.push("index.html");
        }
        file
    });
    match file.filter(|f| f.is_file()) {
        Some(file) => match std::fs::read(&file) {
            Ok(bytes) => ("200 OK", content_type(&file), bytes),
            Err(_) => ("500 Internal Server Error", "text/plain", Vec::new()),
        },
        None => (
            "404 Not Found",
            "text/html; charset=utf-8",
            std::fs::read(root.join("404.html")).unwrap_or_else(|_| b"not found".to_vec()),
        ),
    }
}

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// Why the browser tests cannot run here, if they cannot (shared with `tests/summary.rs`,
/// which says so once at the end of `cargo test`'s output).
fn missing() -> Option<String> {
    crate::browser_env::missing(&browser_dir())
}

/// Runs axe-core on `pages` of `server` and asserts no serious or critical violation (skipped
/// like every browser test when Chromium is missing).
#[track_caller]
pub fn assert_accessible(server: &StaticServer, pages: &[&str]) {
    let urls: Vec<String> = pages.iter().map(|p| server.url(p)).collect();
    let args: Vec<&str> = urls.iter().map(String::as_str).collect();
    let Some(result) = run_script("axe.mjs", &args) else {
        return;
    };
    assert_eq!(
        result["problems"].as_array().map(Vec::len),
        Some(0),
        "{result:#}"
    );
}

/// Asserts that every check a browser script reported (`result.checks`, name → bool) passed.
#[track_caller]
pub fn assert_checks_pass(result: &serde_json::Value) {
    let checks = result["checks"]
        .as_object()
        .expect("the script reports `checks`");
    assert!(checks.values().all(|v| v == true), "{result:#}");
}

/// Runs `tests/browser/<script>` with `args` and returns its JSON result; `None` when the browser
/// tests cannot run here and are not required. Panics when the script reports failure.
#[track_caller]
pub fn run_script(script: &str, args: &[&str]) -> Option<serde_json::Value> {
    let (result, stderr) = run_script_reporting(script, args)?;
    assert!(
        result["ok"] == serde_json::Value::Bool(true),
        "`{script}` failed: {result:#}\nstderr:\n{stderr}"
    );
    Some(result)
}

/// Like [`run_script`], but returns the result (and the script's stderr) whether or not it
/// reports `ok`: for tests that expect a check to find problems.
pub fn run_script_reporting(script: &str, args: &[&str]) -> Option<(serde_json::Value, String)> {
    if let Some(reason) = missing() {
        if std::env::var("STUDYBOOK_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!("browser tests are required but cannot run: {reason}");
        }
        // Straight to the terminal: the test harness captures `eprintln!` of a passing test, and a
        // skipped browser test must not look like a passed one.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "browser test `{script}` skipped: {reason} (STUDYBOOK_REQUIRE_BROWSER=1 makes this a failure)"
        );
        return None;
    }
    let output = Command::new("node")
        .arg(browser_dir().join(script))
        .args(args)
        .current_dir(browser_dir())
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = stdout
        .lines()
        .find_map(|line| line.strip_prefix("RESULT "))
        .unwrap_or_else(|| {
            panic!("`{script}` printed no result\nstdout:\n{stdout}\nstderr:\n{stderr}")
        });
    let result: serde_json::Value = serde_json::from_str(line).expect("result is JSON");
    Some((result, stderr.into_owned()))
}

#[test]
fn chromium_renders_a_built_page_with_javascript() {
    let built = crate::harness::TestBook::fixture("basic").build().ok();
    let server = StaticServer::start(&built.out, "/");
    let Some(result) = run_script(
        "smoke.mjs",
        &[&server.url("/networking/handshakes/q1-tcp/")],
    ) else {
        return;
    };
    assert_eq!(result["lang"], "ko");
    assert!(result["title"].as_str().unwrap().contains("TCP"));
}
