//! `studybook serve`: build, serve over HTTP, watch, rebuild, reload.
//!
//! ```text
//! watch (notify, debounced) → rebuild: quick::rerender + quick::complete, or lib::build_model
//!                               → Snapshot → reload::Hub → open tabs
//!                                    ↑
//!                               http (server: a thread per connection) serves from it
//! ```
//!
//! A full rebuild is [`crate::build_model`], the pipeline `build` runs, with one set of
//! [`crate::Caches`] kept across rebuilds and the server's address as the base URL; it keeps the
//! files in memory and makes no service worker or web manifest. A prose-only edit is answered
//! outside that pipeline first: [`crate::quick`] re-renders the edited pages from the last good
//! [`crate::Model`] and (unless `--out` is given) makes the rest of the edit from the same model
//! instead of a full rebuild; `tests/it/quick.rs` compares those files with a fresh build's. A
//! served file is meant to equal what `build --base-url <the server's URL>` writes, except for
//! the reload script that `http` injects into HTML responses. The site is kept in memory (nothing
//! is written unless `--out` asks for it), and a failed rebuild leaves the last good snapshot in
//! place while the errors go to the terminal and to every open tab. Every rebuild, quick or full,
//! runs under `catch_unwind`, so even a bug in a stage cannot take the server down.

mod connection;
mod handler;
mod hosts;
mod http;
mod limits;
mod rebuild;
mod reload;
mod request;
mod response;
mod server;
mod snapshot;
mod watch;

use std::collections::HashSet;
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::Context as _;

use snapshot::Snapshot;

/// What `studybook serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The book's root folder.
    pub root: PathBuf,
    /// Address to bind, `127.0.0.1` unless the user asks otherwise.
    pub host: String,
    /// Port to bind.
    pub port: Port,
    /// Open the site in the default browser.
    pub open: bool,
    /// Also write every good build to this folder (as `build --out` would).
    pub out: Option<PathBuf>,
    /// Print rebuilds and errors to the terminal.
    pub verbose: bool,
}

/// The port to listen on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Port {
    /// `--port`: this port or a clear error when it is busy; 0 lets the system pick a free one.
    Given(u16),
    /// No `--port`: [`Port::DEFAULT`], or when it is busy the next free one of the nine after it.
    Default,
}

impl Port {
    /// The port tried first without `--port`.
    pub const DEFAULT: u16 = 3000;

    /// The first port to try and how many in a row.
    fn tries(self) -> (u16, u16) {
        match self {
            Port::Given(port) => (port, 1),
            Port::Default => (Port::DEFAULT, 10),
        }
    }
}

/// State shared by the HTTP connections, the reload streams and the rebuild loop.
pub(crate) struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    hub: reload::Hub,
    /// The book root, canonical: copied files are served only from inside it.
    book_root: PathBuf,
    /// `--host`: a name requests may carry in `Host` besides loopback ones ([`hosts::allowed`]).
    listen_host: String,
    /// While the full rebuild after a quick one runs: the files already final (see [`Shared::hold`]).
    settling: Mutex<Option<HashSet<String>>>,
    settled: Condvar,
}

/// Longest a request waits for a full rebuild to finish before getting what there is.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(30);

impl Shared {
    /// The snapshot being served now.
    pub(crate) fn current(&self) -> Arc<Snapshot> {
        Arc::clone(&crate::sync::read(&self.snapshot))
    }

    /// Holds back requests for every generated file except `ready` (and theme statics) until
    /// [`Shared::release`]: after a quick rebuild only the edited pages are known to be final.
    fn hold(&self, ready: HashSet<String>) {
        *crate::sync::lock(&self.settling) = Some(ready);
    }

    /// Lets held requests through.
    fn release(&self) {
        *crate::sync::lock(&self.settling) = None;
        self.settled.notify_all();
    }

    /// Waits while the output file `path` may still change in a running full rebuild; true if it
    /// waited (the snapshot may have been replaced meanwhile).
    pub(crate) fn wait_until_final(&self, path: &str) -> bool {
        if path.starts_with("static/") {
            return false;
        }
        let deadline = std::time::Instant::now() + SETTLE_TIMEOUT;
        let mut settling = crate::sync::lock(&self.settling);
        let mut waited = false;
        while settling.as_ref().is_some_and(|ready| !ready.contains(path)) {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                break;
            }
            waited = true;
            settling = crate::sync::wait_timeout(&self.settled, settling, left).0;
        }
        waited
    }

    fn replace(&self, snapshot: Arc<Snapshot>) {
        *crate::sync::write(&self.snapshot) = snapshot;
    }
}

/// A running server: dropping it (or [`Server::stop`]) shuts it down.
pub struct Server {
    addr: SocketAddr,
    url: String,
    shared: Arc<Shared>,
    /// Started after the first build: until then connections wait in the listen backlog.
    http: Option<server::HttpServer>,
    rebuilder: Option<JoinHandle<()>>,
    stop: Sender<watch::Message>,
    status: Arc<rebuild::Status>,
}

impl Server {
    /// Binds, builds the book once, and starts serving, watching and rebuilding. A book with
    /// errors still starts (the errors are shown); an unusable folder or a busy port is `Err`.
    pub fn start(options: ServeOptions) -> anyhow::Result<Server> {
        let listener = bind(&options)?;
        let addr = listener
            .local_addr()
            .context("failed to read the bound address")?;
        let url = format!("http://{}/", display_addr(&options.host, addr));
        let book_root = options.root.canonicalize().with_context(|| {
            format!(
                "failed to open the book folder `{}`",
                options.root.display()
            )
        })?;
        let shared = Arc::new(Shared {
            snapshot: RwLock::new(Arc::new(Snapshot::default())),
            hub: reload::Hub::default(),
            book_root,
            listen_host: options.host.clone(),
            settling: Mutex::new(None),
            settled: Condvar::new(),
        });
        let (sender, receiver) = std::sync::mpsc::channel();
        let mut rebuilder =
            rebuild::Rebuilder::new(&options, &url, Arc::clone(&shared), sender.clone())?;
        rebuilder.first_build();
        let status = rebuilder.status();
        let rebuilder = std::thread::Builder::new()
            .name("studybook-rebuild".into())
            .spawn(move || rebuilder.run(receiver))
            .context("failed to start the rebuild thread")?;
        let answering = Arc::clone(&shared);
        let handler = Arc::new(move |request: &request::Request| http::handle(request, &answering));
        let http = server::HttpServer::start(listener, limits::Limits::default(), handler)
            .context("failed to start the HTTP server")?;
        Ok(Server {
            addr,
            url,
            shared,
            http: Some(http),
            rebuilder: Some(rebuilder),
            stop: sender,
            status,
        })
    }

    /// The site's address, `http://127.0.0.1:3000/`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many builds have finished (the first one included), successful or not.
    pub fn n_builds(&self) -> u64 {
        self.status.n_builds()
    }

    /// True while the rebuild loop waits for changes (no batch being collected or built).
    pub fn is_idle(&self) -> bool {
        self.status.is_idle()
    }

    /// The number of open reload streams.
    pub fn n_streams(&self) -> usize {
        self.shared.hub.n_streams()
    }

    /// Stops watching, ends the reload streams, and closes every connection.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let _ = self.stop.send(watch::Message::Stop);
        if let Some(rebuilder) = self.rebuilder.take() {
            let _ = rebuilder.join();
        }
        self.shared.hub.close();
        if let Some(mut http) = self.http.take() {
            http.stop();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Binds the listener; a busy port is a clear error, or, when no `--port` was given, moves on
/// to the next free port.
fn bind(options: &ServeOptions) -> anyhow::Result<TcpListener> {
    let (first, attempts) = options.port.tries();
    let mut last_error = None;
    for offset in 0..attempts {
        let port = first.saturating_add(offset);
        match TcpListener::bind((options.host.as_str(), port)) {
            Ok(listener) => {
                if offset > 0 && options.verbose {
                    eprintln!("port {first} is in use; serving on port {port} instead");
                }
                return Ok(listener);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AddrInUse => {
                last_error = Some(error);
            }
            Err(error) => {
                return Err(error).with_context(|| {
                    format!(
                        "failed to listen on {}:{port}; check `--host` (an address of this machine, e.g. 127.0.0.1)",
                        options.host
                    )
                });
            }
        }
    }
    let tried = if attempts == 1 {
        format!("port {first} is")
    } else {
        format!("ports {first}–{} are", first.saturating_add(attempts - 1))
    };
    let os_error = last_error.map_or_else(String::new, |error| format!(" ({error})"));
    anyhow::bail!(
        "{tried} already in use on {}{os_error}; is another `studybook serve` running? Choose another port with `--port 4000`, or `--port 0` for any free one",
        options.host
    )
}

/// `host:port`, with brackets for IPv6 and `127.0.0.1` shown for an unspecified address's
/// local URL.
fn display_addr(host: &str, addr: SocketAddr) -> String {
    let host = if addr.ip().is_unspecified() {
        "127.0.0.1"
    } else {
        host
    };
    if host.contains(':') {
        format!("[{host}]:{}", addr.port())
    } else {
        format!("{host}:{}", addr.port())
    }
}

/// Runs `studybook serve` until Ctrl-C.
pub fn run(options: ServeOptions) -> anyhow::Result<()> {
    let host = options.host.clone();
    let open = options.open;
    let server = Server::start(options)?;
    eprintln!("serving on {}  (Ctrl-C to stop)", server.url());
    if !matches!(host.as_str(), "127.0.0.1" | "localhost" | "::1") {
        eprintln!("warning: `--host {host}` makes the site reachable from other machines");
    }
    if open {
        open_browser(server.url());
    }
    let (sender, receiver) = std::sync::mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = sender.send(());
    })
    .context("failed to install the Ctrl-C handler")?;
    let _ = receiver.recv();
    eprintln!("\nstopping");
    server.stop();
    Ok(())
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(command)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(error) = spawned {
        eprintln!(
            "warning: could not open a browser with `{command}` ({error}); open {url} yourself"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::Port;

    #[test]
    fn only_the_default_port_moves_on_when_busy() {
        assert_eq!(Port::Default.tries(), (3000, 10));
        assert_eq!(Port::Given(3000).tries(), (3000, 1));
        assert_eq!(Port::Given(0).tries(), (0, 1));
    }
}
