//! Answering HTTP requests from the in-memory [`Snapshot`].
//!
//! A request path is checked and decoded by [`route`] (pure, unit-tested), then looked up by
//! [`resolve`] in the snapshot's map of output paths. Nothing is ever opened by request path, so
//! `..`, `%2e%2e`, backslashes, absolute paths and NUL bytes cannot reach a file outside the site;
//! they are refused before the lookup anyway, with 403. Files the build copies as they are (images,
//! theme statics) are read from the book when requested, after checking that the file, symlinks
//! resolved, is still inside the book.
//!
//! HTML responses get the live-reload script injected before `</body>`; that is the only way a
//! served file differs from the one `build` writes.

use std::path::Path;
use std::sync::Arc;

use super::handler::Reply;
use super::reload;
use super::request::{Method, Request};
use super::response::Response;
use super::snapshot::{BuildId, Entry, Snapshot};
use super::Shared;

/// The URL prefix of studybook's own endpoints; no book output lives under it.
pub(crate) const PREFIX: &str = "/__studybook/";

/// Where a request path leads, before looking at the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    /// A path inside the site: decoded, relative, `/`-separated, without `.` or `..`.
    Site {
        /// E.g. `networking/index.html`, `networking/` or `` (the home page).
        rel: String,
        /// The query string with its `?`, kept for redirects.
        query: String,
    },
    /// The Server-Sent Events stream of rebuilds.
    Events,
    /// One of studybook's scripts, by name (`live.js`, `worker.js`).
    Script(String),
    /// An attempt to leave the site: `..`, a backslash, NUL, an absolute or drive path.
    Forbidden,
    /// Not a path at all (`*`, `http://…`, a broken `%` escape).
    BadRequest,
}

/// Checks and decodes a request URL (as sent in the request line).
pub(crate) fn route(url: &str) -> Route {
    let (path, query) = match url.find(['?', '#']) {
        Some(idx) if url.as_bytes()[idx] == b'?' => {
            let query = &url[idx..];
            (&url[..idx], query.split('#').next().unwrap_or(""))
        }
        Some(idx) => (&url[..idx], ""),
        None => (url, ""),
    };
    let Some(path) = path.strip_prefix('/') else {
        return Route::BadRequest;
    };
    if let Some(name) = path.strip_prefix(&PREFIX[1..]) {
        return match name {
            "events" => Route::Events,
            "live.js" | "worker.js" => Route::Script(name.to_string()),
            _ => Route::Site {
                rel: format!("{}{name}", &PREFIX[1..]),
                query: String::new(),
            },
        };
    }
    let Some(decoded) = crate::url::decode_strict(path) else {
        return Route::BadRequest;
    };
    let Ok(decoded) = String::from_utf8(decoded) else {
        return Route::Forbidden;
    };
    if decoded.contains(['\\', '\0']) || decoded.starts_with('/') {
        return Route::Forbidden;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (idx, segment) in segments.iter().enumerate() {
        let drive = segment.len() >= 2 && segment.as_bytes()[1] == b':';
        if *segment == ".." || *segment == "." || drive || (segment.is_empty() && idx != last) {
            return Route::Forbidden;
        }
    }
    Route::Site {
        rel: decoded,
        query: query.to_string(),
    }
}

/// What a site path is in a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// The output path to send.
    File(String),
    /// A folder asked for without its trailing slash: redirect so relative links work.
    AddSlash,
    /// No such file.
    NotFound,
}

/// Maps a decoded site path to an output path: `a/` → `a/index.html`, `a` → redirect to `a/`.
pub(crate) fn resolve(snapshot: &Snapshot, rel: &str) -> Resolved {
    let candidate = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if snapshot.files.contains_key(&candidate) {
        Resolved::File(candidate)
    } else if !rel.is_empty()
        && !rel.ends_with('/')
        && snapshot.files.contains_key(&format!("{rel}/index.html"))
    {
        Resolved::AddSlash
    } else {
        Resolved::NotFound
    }
}

/// `Content-Type` by extension, with a charset for text.
pub(crate) fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path)
        .first_raw()
        .unwrap_or("application/octet-stream");
    let textual = mime.starts_with("text/")
        || matches!(
            mime,
            "application/json" | "application/javascript" | "application/xml" | "image/svg+xml"
        );
    if textual {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

/// Inserts `tag` before the last `</body>` (any case), or appends it when there is none.
pub(crate) fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    let needle = b"</body";
    let at = html
        .windows(needle.len())
        .rposition(|window| window.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The script tag every served HTML page gets. `not_found` pages reload on any change, because
/// the page they stand for may have just been created.
fn live_tag(build_id: Option<&BuildId>, not_found: bool) -> String {
    format!(
        "<script src=\"{PREFIX}live.js\" data-build=\"{}\"{} defer></script>",
        build_id.map_or("", BuildId::as_str),
        if not_found { " data-not-found" } else { "" }
    )
}

/// The headers every answer carries: its type, no caching (a reload must get the new page), and
/// no type sniffing.
fn common_headers(content_type: &str) -> Vec<(&'static str, String)> {
    vec![
        ("Content-Type", content_type.to_string()),
        ("Cache-Control", "no-cache".to_string()),
        ("X-Content-Type-Options", "nosniff".to_string()),
    ]
}

/// An answer with the common headers; always sent with `Content-Length` (never chunked), so
/// `HEAD` tells the size.
fn respond_bytes(status: u16, content_type: &str, bytes: impl Into<Arc<Vec<u8>>>) -> Response {
    Response::new(status, common_headers(content_type), bytes.into())
}

fn plain(status: u16, text: &str) -> Response {
    respond_bytes(
        status,
        "text/plain; charset=utf-8",
        text.as_bytes().to_vec(),
    )
}

/// Answers one request; a reload stream takes its connection over.
pub(crate) fn handle(request: &Request, shared: &Arc<Shared>) -> Reply {
    if matches!(request.method, Method::Other(_)) {
        let response =
            plain(405, "only GET and HEAD are supported\n").with_header("Allow", "GET, HEAD");
        return Reply::Answer(response);
    }
    if !super::hosts::allowed(request.host.as_deref(), &shared.listen_host) {
        let response = plain(
            403,
            "forbidden: this server answers only localhost, an IP address or the --host it listens on\n",
        );
        return Reply::Answer(response);
    }
    let response = match route(&request.target) {
        Route::Events if request.method == Method::Get => return reload::stream(shared),
        Route::Events => respond_bytes(200, "text/event-stream", Vec::new()),
        Route::Script(name) => respond_bytes(
            200,
            "text/javascript; charset=utf-8",
            reload::script(&name).as_bytes().to_vec(),
        ),
        Route::Forbidden => plain(403, "forbidden: this path leads outside the site\n"),
        Route::BadRequest => plain(400, "bad request: the path must start with `/`\n"),
        Route::Site { rel, query } => {
            let mut snapshot = shared.current();
            // Any answer but a copied file may still change (or appear) in the full rebuild that
            // follows a quick one.
            let key = match resolve(&snapshot, &rel) {
                Resolved::File(path) => {
                    (!matches!(snapshot.files.get(&path), Some(Entry::File { .. }))).then_some(path)
                }
                Resolved::AddSlash | Resolved::NotFound => Some(rel.clone()),
            };
            if let Some(key) = key {
                if shared.wait_until_final(&key) {
                    snapshot = shared.current();
                }
            }
            site_response(&snapshot, &shared.book_root, &request.target, &rel, &query)
        }
    };
    Reply::Answer(response)
}

fn site_response(
    snapshot: &Snapshot,
    book_root: &Path,
    url: &str,
    rel: &str,
    query: &str,
) -> Response {
    if snapshot.is_empty() {
        let page = inject(NO_SITE_YET.as_bytes(), &live_tag(None, true));
        return respond_bytes(503, "text/html; charset=utf-8", page);
    }
    match resolve(snapshot, rel) {
        Resolved::File(path) => match read(snapshot, book_root, &path) {
            Some(bytes) => file_response(snapshot, 200, &path, bytes),
            None => not_found(snapshot, book_root),
        },
        Resolved::AddSlash => {
            let path = url.split(['?', '#']).next().unwrap_or(url);
            let location = format!("{path}/{query}");
            respond_bytes(301, "text/plain; charset=utf-8", Vec::new())
                .with_header("Location", location)
        }
        Resolved::NotFound => not_found(snapshot, book_root),
    }
}

fn not_found(snapshot: &Snapshot, book_root: &Path) -> Response {
    match read(snapshot, book_root, "404.html") {
        Some(bytes) => file_response(snapshot, 404, "404.html", bytes),
        None => plain(404, "not found\n"),
    }
}

fn file_response(snapshot: &Snapshot, status: u16, path: &str, bytes: Arc<Vec<u8>>) -> Response {
    let content_type = content_type(path);
    if content_type.starts_with("text/html") {
        let tag = live_tag(snapshot.build_id.as_ref(), status == 404);
        return respond_bytes(status, &content_type, inject(&bytes, &tag));
    }
    // Shared with the snapshot, not copied.
    respond_bytes(status, &content_type, bytes)
}

/// The bytes of an output path; copied files are read now, and only from inside the book.
fn read(snapshot: &Snapshot, book_root: &Path, path: &str) -> Option<Arc<Vec<u8>>> {
    match snapshot.files.get(path)? {
        Entry::Bytes(bytes) => Some(Arc::clone(bytes)),
        // Checked before opening: a FIFO put in place of an asset must not block its thread.
        Entry::File { source, .. } => {
            crate::source_file::read_capped(book_root, source, crate::source_file::MAX_ASSET_BYTES)
                .ok()
                .map(Arc::new)
        }
    }
}

/// Served for every path until the first build succeeds.
const NO_SITE_YET: &str = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>studybook: the book has errors</title></head>\n<body><h1>The book has errors</h1><p>The first build failed, so there is no site to show yet. The errors are listed here and in the terminal; this page reloads by itself once they are fixed.</p></body></html>\n";

#[cfg(test)]
mod tests {
    use super::*;

    fn site(rel: &str) -> Route {
        Route::Site {
            rel: rel.into(),
            query: String::new(),
        }
    }

    #[test]
    fn plain_paths_are_decoded() {
        assert_eq!(route("/"), site(""));
        assert_eq!(route("/a/b/"), site("a/b/"));
        assert_eq!(route("/%EA%B7%B8%EB%A6%BC.png"), site("그림.png"));
        assert_eq!(
            route("/a/?q=1#x"),
            Route::Site {
                rel: "a/".into(),
                query: "?q=1".into()
            }
        );
    }

    #[test]
    fn traversal_is_forbidden() {
        for url in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2fetc%2fpasswd",
            "/a/%2e%2e/%2e%2e/x",
            "/..%5c..%5cwindows",
            "/a\\..\\b",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/a%00.html",
            "/C:/Windows/win.ini",
            "/./index.html",
            "/a//b",
            "/%ff%fe",
        ] {
            assert_eq!(route(url), Route::Forbidden, "{url}");
        }
    }

    #[test]
    fn non_paths_are_bad_requests() {
        for url in ["*", "http://example.com/", "", "/%zz", "/%4"] {
            assert_eq!(route(url), Route::BadRequest, "{url}");
        }
    }

    #[test]
    fn own_endpoints_are_recognised() {
        assert_eq!(route("/__studybook/events"), Route::Events);
        assert_eq!(
            route("/__studybook/live.js"),
            Route::Script("live.js".into())
        );
    }

    fn snapshot(paths: &[&str]) -> Snapshot {
        let outputs = paths
            .iter()
            .map(|path| crate::output::Output {
                path: path.to_string(),
                bytes: Vec::new(),
            })
            .collect();
        Snapshot::new(
            BuildId::new("t", 1),
            crate::Site {
                outputs,
                copies: Vec::new(),
            },
        )
    }

    #[test]
    fn urls_map_to_output_files() {
        let snapshot = snapshot(&["index.html", "a/index.html", "static/style.css"]);
        assert_eq!(resolve(&snapshot, ""), Resolved::File("index.html".into()));
        assert_eq!(
            resolve(&snapshot, "a/"),
            Resolved::File("a/index.html".into())
        );
        assert_eq!(resolve(&snapshot, "a"), Resolved::AddSlash);
        assert_eq!(
            resolve(&snapshot, "static/style.css"),
            Resolved::File("static/style.css".into())
        );
        assert_eq!(resolve(&snapshot, "b/"), Resolved::NotFound);
        assert_eq!(resolve(&snapshot, "static/"), Resolved::NotFound);
    }

    #[test]
    fn the_script_names_the_build_or_none_yet() {
        assert_eq!(
            live_tag(Some(&BuildId::new("a1", 2)), false),
            format!("<script src=\"{PREFIX}live.js\" data-build=\"a1-2\" defer></script>")
        );
        assert!(live_tag(None, true).contains(" data-build=\"\" data-not-found "));
    }

    #[test]
    fn script_goes_before_the_last_body_end() {
        let out = inject(b"<body>x</BODY></html>", "<s>");
        assert_eq!(out, b"<body>x<s></BODY></html>");
        assert_eq!(inject(b"no body", "<s>"), b"no body<s>");
        assert_eq!(inject(b"", "<s>"), b"<s>");
    }

    #[test]
    fn text_types_carry_a_charset() {
        for path in ["a.html", "a.css", "a.js", "a.json", "a.svg", "a.xml"] {
            assert!(content_type(path).ends_with("charset=utf-8"), "{path}");
        }
        assert_eq!(content_type("그림.PNG"), "image/png");
    }
}
