//! `studybook serve` over a temp copy of a fixture, on a free loopback port: edits reload,
//! deletions 404, errors reach the overlay and clear, traversal never leaves the site, and
//! served pages equal built ones except for the injected script.

use std::time::Duration;

use serde_json::Value;
use studybook::serve::{Port, ServeOptions, Server};

use crate::client::{self, eventually, get, Events};
use crate::harness::{tail, TestBook};

const Q1: &str = "/networking/handshakes/q1-tcp/";
const Q1_FILE: &str = "content/networking/handshakes/q1-tcp.md";

/// Starts `serve` on `book` at a free local port.
pub(crate) fn serve(book: &TestBook) -> Server {
    Server::start(ServeOptions {
        root: book.root().to_path_buf(),
        host: "127.0.0.1".into(),
        port: Port::Given(0),
        open: false,
        out: None,
        verbose: false,
    })
    .expect("serve starts")
}

fn append(book: &TestBook, rel: &str, text: &str) {
    let path = book.root().join(rel);
    let mut old = std::fs::read_to_string(&path).unwrap();
    old.push_str(text);
    std::fs::write(path, old).unwrap();
}

fn build_of(message: &Value) -> String {
    message["build"].as_str().unwrap().to_string()
}

/// Waits for the next good build after `since` and returns its message.
#[track_caller]
fn next_build(events: &mut Events, since: &str) -> Value {
    events.wait_for("a new build", |m| {
        m["build"] != since && m["errors"].as_array().is_some_and(Vec::is_empty)
    })
}

#[test]
fn an_edit_sends_a_reload_event_and_serves_the_new_page() {
    let book = TestBook::fixture("basic");
    let server = serve(&book);
    let mut events = Events::connect(server.addr());
    let first = events.next(Duration::from_secs(10)).expect("initial state");
    let before = build_of(&first);
    assert_eq!(first["errors"], Value::Array(Vec::new()));

    append(&book, Q1_FILE, "\n새로 쓴 문단 EDIT-ONE\n");
    let message = next_build(&mut events, &before);
    assert_eq!(message["since"], before.as_str());
    let changed: Vec<&str> = message["changed"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        changed.contains(&"networking/handshakes/q1-tcp/index.html"),
        "{changed:?}"
    );
    assert!(
        !changed.contains(&"networking/handshakes/q2-quic/index.html"),
        "{changed:?}"
    );

    let page = get(server.addr(), Q1);
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("EDIT-ONE"));
    // A prose edit is published twice: the page alone, then the full rebuild (see quick.rs). The
    // page may be fetched after either, and must carry the build that the event announcing it
    // named.
    let mut announced = message;
    if !html.contains(&live_script_of(&announced)) {
        announced = next_build(&mut events, &build_of(&announced));
    }
    assert!(
        html.contains(&live_script_of(&announced)),
        "{}",
        tail(&html, 300)
    );
}

/// The reload script tag, at the end of the body, of a page from the build `message` announced.
fn live_script_of(message: &Value) -> String {
    format!(
        "<script src=\"/__studybook/live.js\" data-build=\"{}\" defer></script></body>",
        build_of(message)
    )
}

#[test]
fn served_files_equal_built_files_except_the_script() {
    let book = TestBook::fixture("basic");
    let server = serve(&book);
    let built = book.build_at(server.url()).ok();
    for (url, file) in [
        ("/", "index.html"),
        (Q1, "networking/handshakes/q1-tcp/index.html"),
        ("/static/style.css", "static/style.css"),
        ("/sitemap.xml", "sitemap.xml"),
        (
            "/networking/handshakes/%EA%B7%B8%EB%A6%BC.png",
            "networking/handshakes/그림.png",
        ),
    ] {
        let served = get(server.addr(), url);
        assert_eq!(served.status, 200, "{url}");
        let on_disk = std::fs::read(built.out.join(file)).unwrap();
        let mut body = served.text();
        if let Some(start) = body.find("<script src=\"/__studybook/live.js\"") {
            let end = body[start..].find("</script>").unwrap() + start + "</script>".len();
            body.replace_range(start..end, "");
            // The theme's assets carry no real `?v=` in serve (it sends `no-cache`).
            let on_disk = without_asset_versions(&String::from_utf8_lossy(&on_disk));
            assert_eq!(without_asset_versions(&body), on_disk, "{url}");
        } else {
            assert_eq!(served.body, on_disk, "{url}");
        }
    }
}

/// `text` with the value of every `?v=` taken out.
fn without_asset_versions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("?v=") {
        out.push_str(&rest[..at + 3]);
        rest = rest[at + 3..].trim_start_matches(|ch: char| ch.is_ascii_alphanumeric());
    }
    out.push_str(rest);
    out
}

#[test]
fn a_deleted_page_answers_404_with_the_books_404_page() {
    let book = TestBook::fixture("basic");
    let server = serve(&book);
    let mut events = Events::connect(server.addr());
    let before = build_of(&events.next(Duration::from_secs(10)).unwrap());
    assert_eq!(
        get(server.addr(), "/networking/handshakes/q2-quic/").status,
        200
    );
    // q1 links to q2, so take the links out too, or the build would (rightly) fail.
    std::fs::remove_file(book.root().join("content/networking/handshakes/q2-quic.md")).unwrap();
    std::fs::write(
        book.root().join(Q1_FILE),
        "+++\ntitle = \"TCP\"\n+++\n\n본문만 남았다.\n",
    )
    .unwrap();
    next_build(&mut events, &before);
    let gone = get(server.addr(), "/networking/handshakes/q2-quic/");
    assert_eq!(gone.status, 404);
    assert!(gone
        .header("Content-Type")
        .unwrap()
        .starts_with("text/html"));
    assert!(
        gone.text().contains("data-not-found"),
        "404 pages reload on any change"
    );
    let not_found_page = get(server.addr(), "/404.html").text();
    let title = &not_found_page[not_found_page.find("<title>").unwrap()..];
    assert!(gone
        .text()
        .contains(&title[..title.find("</title>").unwrap()]));
}

#[test]
fn a_broken_edit_shows_errors_and_keeps_the_good_site_until_fixed() {
    let book = TestBook::fixture("basic");
    let server = serve(&book);
    let mut events = Events::connect(server.addr());
    let good = build_of(&events.next(Duration::from_secs(10)).unwrap());
    let original = std::fs::read_to_string(book.root().join(Q1_FILE)).unwrap();

    append(&book, Q1_FILE, "\n[깨진 링크](nowhere.md) BROKEN-MARK\n");
    let failed = events.wait_for("errors", |m| {
        m["errors"].as_array().is_some_and(|e| !e.is_empty())
    });
    assert_eq!(failed["build"], good.as_str(), "the last good build stays");
    let error = &failed["errors"][0];
    let lines = original.lines().count();
    assert_eq!(
        error["location"],
        format!("{Q1_FILE}:{}:1", lines + 2).as_str(),
        "{error}"
    );
    assert!(error["message"].as_str().unwrap().contains("nowhere.md"));
    assert_eq!(error["line"], "[깨진 링크](nowhere.md) BROKEN-MARK");
    let page = get(server.addr(), Q1).text();
    assert!(
        !page.contains("BROKEN-MARK"),
        "the last good site is served"
    );

    std::fs::write(
        book.root().join(Q1_FILE),
        format!("{original}\nFIXED-MARK\n"),
    )
    .unwrap();
    let fixed = next_build(&mut events, &good);
    assert_eq!(fixed["errors"], Value::Array(Vec::new()));
    assert!(get(server.addr(), Q1).text().contains("FIXED-MARK"));
}

#[test]
fn traversal_never_reaches_a_file_outside_the_site() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET").unwrap();
    let book = TestBook::fixture("basic");
    // A theme file that is a symlink leading out: `build` copies it, `serve` refuses it.
    std::fs::create_dir_all(book.root().join("theme/static")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, book.root().join("theme/static/leak.txt")).unwrap();
    let server = serve(&book);
    let secret_rel = secret.display().to_string();
    let attempts = [
        "/../../../../../../etc/passwd".to_string(),
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd".into(),
        "/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd".into(),
        "/..%5c..%5c..%5cetc%5cpasswd".into(),
        "/static/..\\..\\..\\etc\\passwd".into(),
        format!("/{secret_rel}"),
        format!("/%2f{}", secret_rel.trim_start_matches('/')),
        "/index.html%00.css".into(),
        "/static/leak.txt".into(),
        "//etc/passwd".into(),
        "http://127.0.0.1/etc/passwd".into(),
    ];
    for path in attempts {
        let bytes = client::raw(
            server.addr(),
            format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("TOP-SECRET") && !text.contains("root:"),
            "{path}: {text}"
        );
        let status = client::parse(&bytes).status;
        assert!(matches!(status, 400 | 403 | 404), "{path}: {status}");
    }
}

#[test]
fn head_types_caching_and_odd_requests() {
    let book = TestBook::fixture("basic");
    let server = serve(&book);
    let addr = server.addr();
    let head = client::request(addr, "HEAD", Q1);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(head.header("Cache-Control"), Some("no-cache"));
    for (path, content_type) in [
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/static/site.js", "text/javascript; charset=utf-8"),
        ("/static/favicon.svg", "image/svg+xml; charset=utf-8"),
        ("/questions.json", "application/json; charset=utf-8"),
        ("/networking/handshakes/%EA%B7%B8%EB%A6%BC.png", "image/png"),
    ] {
        assert_eq!(
            get(addr, path).header("Content-Type"),
            Some(content_type),
            "{path}"
        );
    }
    let redirect = get(addr, "/networking?x=1");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("Location"), Some("/networking/?x=1"));
    assert_eq!(client::request(addr, "POST", "/").status, 405);
    for garbage in [
        &b"\x00\x01\x02 garbage\r\n\r\n"[..],
        b"GET\r\n\r\n",
        b"GET / HTTP/9.9\r\nHost: localhost\r\n\r\n",
        b"GET /%zz HTTP/1.1\r\nConnection: close\r\n\r\n",
        b"GET / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\nshort",
    ] {
        let _ = client::raw(addr, garbage);
    }
    assert_eq!(
        get(addr, "/").status,
        200,
        "still serving after malformed requests"
    );
}

#[test]
fn a_burst_of_a_hundred_files_is_one_rebuild() {
    let book = TestBook::fixture("basic");
    let server = serve(&book);
    eventually("idle after the first build", || {
        server.is_idle().then_some(())
    });
    let before = server.n_builds();
    for idx in 0..100 {
        book.write(
            &format!("content/networking/burst/p{idx:03}.md"),
            &format!("+++\ntitle = \"페이지 {idx}\"\n+++\n\n본문 {idx}\n"),
        );
    }
    eventually("the burst's rebuild", || {
        (server.n_builds() > before && server.is_idle()).then_some(())
    });
    assert_eq!(server.n_builds(), before + 1);
    assert_eq!(get(server.addr(), "/networking/burst/p099/").status, 200);
}

#[test]
fn temp_then_rename_saves_and_renamed_folders_are_seen() {
    let book = TestBook::fixture("basic");
    let server = serve(&book);
    let mut events = Events::connect(server.addr());
    let build = build_of(&events.next(Duration::from_secs(10)).unwrap());
    // The way vim, VS Code and JetBrains save: write elsewhere, then rename over the file.
    let path = book.root().join(Q1_FILE);
    let temp = book
        .root()
        .join("content/networking/handshakes/q1-tcp.md___jb_tmp___");
    let text = std::fs::read_to_string(&path).unwrap() + "\nRENAMED-SAVE\n";
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &path).unwrap();
    next_build(&mut events, &build);
    assert!(get(server.addr(), Q1).text().contains("RENAMED-SAVE"));
    // An edit can be published twice (the page first, then what depends on it): from here on,
    // wait for the effect rather than count events.
    let addr = server.addr();
    book.write(
        "content/extra/note.md",
        "+++\ntitle = \"메모\"\n+++\n\n메모\n",
    );
    eventually("the new page", || {
        (get(addr, "/extra/note/").status == 200).then_some(())
    });
    let root = book.root();
    std::fs::rename(root.join("content/extra"), root.join("content/moved")).unwrap();
    eventually("the moved page", || {
        (get(addr, "/moved/note/").status == 200).then_some(())
    });
    assert_eq!(get(addr, "/extra/note/").status, 404);
    std::fs::remove_dir_all(root.join("content/moved")).unwrap();
    eventually("the deleted folder's page gone", || {
        (get(addr, "/moved/note/").status == 404).then_some(())
    });
}

#[test]
fn an_edit_shows_its_page_first_and_holds_back_what_depends_on_it_until_final() {
    let book = TestBook::fixture("basic");
    let server = serve(&book);
    let mut events = Events::connect(server.addr());
    let before = build_of(&events.next(Duration::from_secs(10)).expect("initial state"));
    append(&book, Q1_FILE, "\n새로 쓴 문단 HELD-BACK-CHECK\n");
    let first = next_build(&mut events, &before);
    let changed: Vec<&str> = first["changed"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    // The quick re-render publishes the edited page alone.
    assert_eq!(changed, ["networking/handshakes/q1-tcp/index.html"]);
    assert!(get(server.addr(), Q1).text().contains("HELD-BACK-CHECK"));
    // Files that embed the page are asked for at once: the answer waits for the full rebuild
    // rather than serving the old print edition or search document.
    assert!(get(server.addr(), "/print/")
        .text()
        .contains("HELD-BACK-CHECK"));
    let doc = (0..200)
        .map(|idx| get(server.addr(), &format!("/search/d/{idx}.json")))
        .take_while(|response| response.status == 200)
        .any(|response| response.text().contains("HELD-BACK-CHECK"));
    assert!(doc, "the search document of the page has the new text");
    let second = next_build(&mut events, &build_of(&first));
    assert_eq!(second["since"], first["build"]);
    let later: Vec<&str> = second["changed"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(later.contains(&"print/index.html"), "{later:?}");
    assert!(
        !later.contains(&"networking/handshakes/q1-tcp/index.html"),
        "{later:?}"
    );
}

#[test]
fn many_open_reload_streams_do_not_starve_page_loads() {
    let book = TestBook::fixture("basic");
    let server = serve(&book);
    let streams: Vec<Events> = (0..50).map(|_| Events::connect(server.addr())).collect();
    eventually("50 streams", || (server.n_streams() >= 50).then_some(()));
    // The streams stay open until the end, so a starved load would never be answered: `get`
    // fails at its read deadline, which bounds only that failure. No clock is needed.
    for _ in 0..20 {
        assert_eq!(get(server.addr(), Q1).status, 200);
    }
    drop(streams);
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let book = TestBook::fixture("basic");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let error = Server::start(ServeOptions {
        root: book.root().to_path_buf(),
        host: "127.0.0.1".into(),
        port: Port::Given(port),
        open: false,
        out: None,
        verbose: false,
    })
    .err()
    .expect("the port is taken");
    let message = format!("{error:#}");
    assert!(
        message.contains(&format!("port {port} is already in use")),
        "{message}"
    );
    assert!(message.contains("--port"), "{message}");
}

#[test]
fn a_book_that_fails_first_still_serves_its_errors() {
    let book = TestBook::fixture("basic");
    append(&book, Q1_FILE, "\n[깨진](nowhere.md)\n");
    let server = serve(&book);
    let page = get(server.addr(), "/");
    assert_eq!(page.status, 503);
    assert!(page.text().contains("/__studybook/live.js"));
    let mut events = Events::connect(server.addr());
    let first = events.next(Duration::from_secs(10)).unwrap();
    assert_eq!(first["build"], "");
    assert!(!first["errors"].as_array().unwrap().is_empty());
    let text = std::fs::read_to_string(book.root().join(Q1_FILE)).unwrap();
    std::fs::write(
        book.root().join(Q1_FILE),
        text.replace("[깨진](nowhere.md)", ""),
    )
    .unwrap();
    next_build(&mut events, "");
    assert_eq!(get(server.addr(), "/").status, 200);
}

#[test]
fn chromium_reloads_an_edited_page_keeping_its_scroll_position() {
    let book = TestBook::fixture("basic");
    let server = serve(&book);
    let url = format!("{}{}", server.url().trim_end_matches('/'), Q1);
    let root = book.root().display().to_string();
    let Some(result) = crate::browser::run_script("reload.mjs", &[&url, &root, Q1_FILE]) else {
        return;
    };
    eprintln!("{result}");
    assert!(
        result["steps"]["reload"]["reloaded"].as_bool().unwrap(),
        "{result}"
    );
}
