//! `serve`'s transport on hyper 1 + hyper-util + tokio: what would replace studybook's `server`,
//! `connection`, `request`, `response`, `limits` and `handler`. Serves a built site from memory
//! with the `Host` check, a Server-Sent Events reload stream (a line on stdin publishes a
//! reload), and the limits hyper can express.
//!
//! Usage: `hyper-serve SITE_DIR PORT [LISTEN_HOST]`

mod site;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{combinators::BoxBody, BodyExt, Full, Limited};
use hyper::body::{Body, Frame, Incoming};
use hyper::header::{HeaderValue, CONTENT_TYPE, HOST};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch, Semaphore};
use tokio_io_timeout::TimeoutStream;

/// The limits of ARCHITECTURE.md's "HTTP to serve" row that hyper (or a few lines here) can hold.
const MAX_CONNECTIONS: usize = 128;
const MAX_STREAMS: usize = 64;
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
const MAX_HEAD: usize = 16 * 1024;
const MAX_HEADERS: usize = 64;
const MAX_BODY: usize = 64 * 1024;
const KEEPALIVE: Duration = Duration::from_secs(15);
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
const REFUSED: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 21\r\nRetry-After: 1\r\nConnection: close\r\n\r\ntoo many connections\n";

type Reply = Response<BoxBody<Bytes, Infallible>>;

struct App {
    site: site::Site,
    listen_host: String,
    reload: watch::Sender<u64>,
    streams: AtomicUsize,
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(port)) = (args.get(1), args.get(2).and_then(|p| p.parse::<u16>().ok()))
    else {
        eprintln!("usage: hyper-serve SITE_DIR PORT [LISTEN_HOST]");
        std::process::exit(2);
    };
    let listen_host = args.get(3).cloned().unwrap_or_else(|| "127.0.0.1".into());
    let app = Arc::new(App {
        site: site::Site::read(std::path::Path::new(dir))?,
        listen_host,
        reload: watch::channel(0).0,
        streams: AtomicUsize::new(0),
    });
    let publisher = Arc::clone(&app);
    std::thread::spawn(move || {
        for _ in std::io::stdin().lines() {
            publisher.reload.send_modify(|build| *build += 1);
        }
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    runtime.block_on(accept_loop(addr, app))
}

/// Accepts for ever; a connection past [`MAX_CONNECTIONS`] gets a 503 and is closed.
async fn accept_loop(addr: SocketAddr, app: Arc<App>) -> std::io::Result<()> {
    let listener = TcpListener::bind(addr).await?;
    println!("listening on http://{}", listener.local_addr()?);
    let permits = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let mut stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                eprintln!("warning: accepting a connection failed ({error}); retrying");
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let Ok(permit) = Arc::clone(&permits).try_acquire_owned() else {
            tokio::spawn(async move {
                let _ = tokio::time::timeout(Duration::from_millis(200), stream.write_all(REFUSED))
                    .await;
            });
            continue;
        };
        let _ = stream.set_nodelay(true);
        let mut stream = TimeoutStream::new(stream);
        stream.set_write_timeout(Some(WRITE_TIMEOUT));
        let app = Arc::clone(&app);
        tokio::spawn(async move {
            let _permit = permit;
            let service = service_fn(move |request| {
                let app = Arc::clone(&app);
                async move { Ok::<_, Infallible>(handle(&app, request).await) }
            });
            let mut builder = http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .max_buf_size(MAX_HEAD)
                .max_headers(MAX_HEADERS);
            let _ = builder
                .serve_connection(TokioIo::new(Box::pin(stream)), service)
                .await;
        });
    }
}

async fn handle(app: &Arc<App>, request: Request<Incoming>) -> Reply {
    let host = request
        .headers()
        .get(HOST)
        .and_then(|value| value.to_str().ok());
    if !site::host_allowed(host, &app.listen_host) {
        return plain(StatusCode::FORBIDDEN, "forbidden: unknown Host\n");
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
    }
    let path = request.uri().path().to_string();
    if Limited::new(request.into_body(), MAX_BODY)
        .collect()
        .await
        .is_err()
    {
        return plain(StatusCode::PAYLOAD_TOO_LARGE, "request body too large\n");
    }
    if path == "/__studybook/events" {
        return events(app);
    }
    match app.site.get(&path) {
        Some((bytes, content_type)) => bytes_reply(StatusCode::OK, content_type, bytes),
        None => match app.site.not_found() {
            Some(page) => bytes_reply(StatusCode::NOT_FOUND, "text/html; charset=utf-8", page),
            None => plain(StatusCode::NOT_FOUND, "not found\n"),
        },
    }
}

fn bytes_reply(status: StatusCode, content_type: &'static str, bytes: &[u8]) -> Reply {
    let mut response = Response::new(Full::new(Bytes::copy_from_slice(bytes)).boxed());
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn plain(status: StatusCode, text: &'static str) -> Reply {
    bytes_reply(status, "text/plain; charset=utf-8", text.as_bytes())
}

/// The reload stream: the current build, then each new one, and a comment every [`KEEPALIVE`];
/// past [`MAX_STREAMS`], a 503.
fn events(app: &Arc<App>) -> Reply {
    if app.streams.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
        app.streams.fetch_sub(1, Ordering::SeqCst);
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "too many open reload streams\n",
        );
    }
    let (sender, receiver) = mpsc::channel::<Bytes>(4);
    let app = Arc::clone(app);
    let mut builds = app.reload.subscribe();
    tokio::spawn(async move {
        let mut message = Bytes::from_static(b"retry: 1000\n\n");
        loop {
            builds.mark_unchanged();
            if sender.send(message).await.is_err() {
                break;
            }
            message = match tokio::time::timeout(KEEPALIVE, builds.changed()).await {
                Ok(Ok(())) => Bytes::from(format!("data: {}\n\n", *builds.borrow())),
                Ok(Err(_)) => break,
                Err(_) => Bytes::from_static(b": keep-alive\n\n"),
            };
        }
        app.streams.fetch_sub(1, Ordering::SeqCst);
    });
    let mut response = Response::new(Events(receiver).boxed());
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream; charset=utf-8"),
    );
    headers.insert("cache-control", HeaderValue::from_static("no-cache"));
    response
}

/// A body fed by the stream's task; it ends when the task drops its sender.
struct Events(mpsc::Receiver<Bytes>);

impl Body for Events {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0
            .poll_recv(cx)
            .map(|chunk| chunk.map(|bytes| Ok(Frame::data(bytes))))
    }
}
