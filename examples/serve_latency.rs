//! Save-to-served latency of `studybook serve`: the time from a page's file being written to the
//! new page being served over HTTP, after its reload event was sent. Run through
//! `bench/serve-latency.sh`, or:
//!
//! ```text
//! cargo run --release --example serve_latency -- BOOK_DIR PAGE_FILE [EDITS]
//! ```
//!
//! The book is copied into a temporary folder (made a git repository, as a real book is, so
//! that last-updated dates cost what they cost), served on a free loopback port, and `PAGE_FILE`
//! (relative to the book) is edited `EDITS` times (default 15), one edit at a time. At the end
//! every served file is compared with a fresh build of the final state, so caching cannot buy
//! speed with stale pages.

/// The allocator `studybook` itself uses (see `src/main.rs`), so that this measures what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use studybook::serve::{Port, ServeOptions, Server};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(book), Some(page)) = (args.first(), args.get(1)) else {
        anyhow::bail!("usage: serve_latency BOOK_DIR PAGE_FILE [EDITS]");
    };
    let n_edits: usize = args.get(2).map_or(Ok(15), |n| n.parse())?;
    let temp = tempfile::tempdir()?;
    copy_book(Path::new(book), temp.path())?;
    git_init(temp.path());
    let started = Instant::now();
    let server = Server::start(ServeOptions {
        root: temp.path().to_path_buf(),
        host: "127.0.0.1".into(),
        port: Port::Given(0),
        open: false,
        out: None,
        verbose: false,
    })?;
    println!(
        "first build and start: {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let url_path = page_url(page);
    let mut events = Events::connect(server.addr())?;
    events.next_data()?;
    let file = temp.path().join(page);
    let original = std::fs::read_to_string(&file)?;
    let output_path = format!("{}index.html", url_path.trim_start_matches('/'));
    let mut latencies = Vec::new();
    let mut settled = Vec::new();
    for edit in 0..n_edits {
        wait_idle(&server);
        let builds_before = server.n_builds();
        let marker = format!("BENCH-EDIT-{edit}");
        std::fs::write(&file, format!("{original}\n\n고친 문단 {marker}\n"))?;
        let written = Instant::now();
        // The event that lists the edited page (a later one may list the pages that depend on it).
        loop {
            let data = events.next_data()?;
            if data.contains("\"errors\":[]") && data.contains(&format!("\"{output_path}\"")) {
                break;
            }
        }
        let body = get(server.addr(), &url_path)?;
        let served = Instant::now();
        anyhow::ensure!(body.contains(&marker), "the served page lacks `{marker}`");
        latencies.push((served - written).as_secs_f64() * 1000.0);
        // Every file final: the full rebuild after the edit has been published.
        while server.n_builds() == builds_before || !server.is_idle() {
            std::thread::sleep(Duration::from_millis(1));
        }
        settled.push(written.elapsed().as_secs_f64() * 1000.0);
    }
    wait_idle(&server);
    verify(&server, temp.path())?;
    let median = |values: &mut Vec<f64>| {
        values.sort_by(f64::total_cmp);
        (
            values[values.len() / 2],
            values[0],
            values[values.len() - 1],
        )
    };
    let (page_median, page_min, page_max) = median(&mut latencies);
    let (all_median, all_min, all_max) = median(&mut settled);
    println!(
        "{n_edits} edits of {page}:\n  edited page served, reload sent: median {page_median:.1} ms (min {page_min:.1}, max {page_max:.1})\n  every file final (full rebuild published): median {all_median:.1} ms (min {all_min:.1}, max {all_max:.1})"
    );
    println!("all served files equal a fresh build of the final state");
    if std::env::var_os("STAGES").is_some() {
        print_stages(server.url(), temp.path(), &file)?;
    }
    Ok(())
}

/// Stage timings of a rebuild with warm caches after one edit of `page` (set `STAGES=N` for N
/// warm-up builds), to see where the time goes.
fn print_stages(url: &str, root: &Path, page: &Path) -> anyhow::Result<()> {
    let options = studybook::Options {
        root: root.to_path_buf(),
        overrides: studybook::config::Overrides {
            output_dir: None,
            base_url: Some(url.to_string()),
            audience: Default::default(),
        },
        mode: studybook::Mode::Build,
        caches: studybook::Caches::default(),
    };
    let rounds: usize = std::env::var("STAGES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2);
    for _ in 1..rounds.max(2) {
        studybook::build_in_memory(&options)?;
    }
    let text = std::fs::read_to_string(page)?;
    std::fs::write(page, format!("{text}\n\nSTAGES-EDIT\n"))?;
    let (report, _) = studybook::build_in_memory(&options)?;
    for (stage, duration) in &report.timings.stages {
        println!("  {stage:<10} {:>8.1} ms", duration.as_secs_f64() * 1000.0);
    }
    println!(
        "  total      {:>8.1} ms",
        report.elapsed.as_secs_f64() * 1000.0
    );
    Ok(())
}

/// `a/b.md` → `/a/b/`; `a/_index.md` → `/a/`.
fn page_url(page: &str) -> String {
    let rel = page.strip_prefix("content/").unwrap_or(page);
    let stem = rel.trim_end_matches(".md");
    let stem = stem
        .strip_suffix("/_index")
        .or_else(|| stem.strip_suffix("_index"))
        .unwrap_or(stem);
    if stem.is_empty() {
        "/".into()
    } else {
        format!("/{}/", stem.trim_end_matches('/'))
    }
}

fn wait_idle(server: &Server) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !server.is_idle() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Compares every served file with a fresh in-memory build (new caches) of the final state.
fn verify(server: &Server, root: &Path) -> anyhow::Result<()> {
    let options = studybook::Options {
        root: root.to_path_buf(),
        overrides: studybook::config::Overrides {
            output_dir: None,
            base_url: Some(server.url().to_string()),
            audience: Default::default(),
        },
        mode: studybook::Mode::Build,
        caches: studybook::Caches::default(),
    };
    let (report, site) = studybook::build_in_memory(&options)?;
    let site = site
        .ok_or_else(|| anyhow::anyhow!("the final state has errors: {:?}", report.diagnostics))?;
    for output in &site.outputs {
        let url = format!("/{}", output.path);
        let served = get_bytes(server.addr(), &encode(&url))?;
        let served = strip_script(served);
        if served != output.bytes {
            let dump = std::env::temp_dir().join("serve-latency-diff");
            std::fs::create_dir_all(&dump)?;
            std::fs::write(dump.join("served"), &served)?;
            std::fs::write(dump.join("fresh"), &output.bytes)?;
            anyhow::bail!(
                "`{}` differs from a fresh build (both written to `{}`)",
                output.path,
                dump.display()
            );
        }
    }
    Ok(())
}

fn encode(url: &str) -> String {
    url.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn strip_script(mut bytes: Vec<u8>) -> Vec<u8> {
    let needle = b"<script src=\"/__studybook/live.js\"";
    if let Some(start) = bytes.windows(needle.len()).rposition(|w| w == needle) {
        let end_tag = b"</script>";
        if let Some(len) = bytes[start..]
            .windows(end_tag.len())
            .position(|w| w == end_tag)
        {
            bytes.drain(start..start + len + end_tag.len());
        }
    }
    bytes
}

fn get(addr: SocketAddr, path: &str) -> anyhow::Result<String> {
    Ok(String::from_utf8_lossy(&get_bytes(addr, path)?).into_owned())
}

fn get_bytes(addr: SocketAddr, path: &str) -> anyhow::Result<Vec<u8>> {
    let mut stream = TcpStream::connect(addr)?;
    stream.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
    )?;
    let mut out = Vec::new();
    stream.read_to_end(&mut out)?;
    let end = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| anyhow::anyhow!("no response head for {path}"))?;
    anyhow::ensure!(
        out.starts_with(b"HTTP/1.1 200"),
        "{path}: {}",
        String::from_utf8_lossy(&out[..end])
    );
    Ok(out.split_off(end + 4))
}

struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn connect(addr: SocketAddr) -> anyhow::Result<Self> {
        let mut stream = TcpStream::connect(addr)?;
        stream.write_all(b"GET /__studybook/events HTTP/1.1\r\nHost: x\r\n\r\n")?;
        stream.set_read_timeout(Some(Duration::from_secs(60)))?;
        Ok(Events {
            reader: BufReader::new(stream),
        })
    }

    fn next_data(&mut self) -> anyhow::Result<String> {
        let mut line = String::new();
        loop {
            line.clear();
            anyhow::ensure!(
                self.reader.read_line(&mut line)? > 0,
                "the event stream closed"
            );
            if let Some(data) = line.strip_prefix("data: ") {
                return Ok(data.to_string());
            }
        }
    }
}

fn copy_book(from: &Path, to: &Path) -> anyhow::Result<()> {
    for name in ["book.toml", "content", "theme", "diagrams", "glossary"] {
        let source = from.join(name);
        if source.is_file() {
            std::fs::copy(&source, to.join(name))?;
        } else if source.is_dir() {
            for entry in walkdir::WalkDir::new(&source) {
                let entry = entry?;
                let target: PathBuf = to.join(name).join(entry.path().strip_prefix(&source)?);
                if entry.file_type().is_dir() {
                    std::fs::create_dir_all(&target)?;
                } else {
                    std::fs::copy(entry.path(), &target)?;
                }
            }
        }
    }
    Ok(())
}

fn git_init(root: &Path) {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
    };
    let _ = git(&["init", "-q"]);
    let _ = git(&["add", "-A"]);
    let _ = git(&[
        "-c",
        "user.name=bench",
        "-c",
        "user.email=bench@example.com",
        "commit",
        "-qm",
        "bench",
    ]);
}
