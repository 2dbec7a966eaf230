//! Publishing to GitHub Pages: the site works under a project sub-path, every internal URL
//! answers, the 404 page works at any depth, and the generated XML and workflow parse.

use std::collections::{BTreeSet, VecDeque};
use std::io::{Read, Write};

use crate::browser::{run_script, StaticServer};
use crate::harness::*;

const BASE: &str = "https://example.github.io/study/";

/// A minimal HTTP/1.0 GET against the test server: (status, body).
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let encoded: String = path
        .chars()
        .map(|c| {
            if c.is_ascii() && c != ' ' {
                c.to_string()
            } else {
                c.to_string().bytes().map(|b| format!("%{b:02X}")).collect()
            }
        })
        .collect();
    write!(stream, "GET {encoded} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Resolves `href` against the directory of `from` (both absolute paths on the server).
fn join(from: &str, href: &str) -> String {
    let href = href
        .split('#')
        .next()
        .unwrap_or("")
        .split('?')
        .next()
        .unwrap_or("");
    if href.is_empty() {
        return from.to_string();
    }
    if href.starts_with('/') {
        return href.to_string();
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in href.split('/') {
        match part {
            ".." => {
                if parts.len() > 1 {
                    parts.pop();
                }
            }
            "." => {}
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if joined.is_empty() {
        "/".into()
    } else {
        joined
    }
}

fn internal(url: &str) -> bool {
    !(url.contains("://")
        || url.starts_with("mailto:")
        || url.starts_with('#')
        || url.starts_with("data:"))
}

#[test]
fn the_site_works_under_a_project_sub_path_and_every_internal_url_answers() {
    let built = TestBook::fixture("basic").build_at(BASE).ok();
    let server = StaticServer::start(&built.out, "/study/");
    let mut queue = VecDeque::from(["/study/".to_string()]);
    let mut seen = BTreeSet::new();
    let mut failures = Vec::new();
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) {
            continue;
        }
        if !path.starts_with("/study/") {
            failures.push(format!("{path} escapes /study/"));
            continue;
        }
        let decoded = percent_decode(&path);
        let (status, body) = get(server.port, &decoded);
        if status != 200 {
            failures.push(format!("{path} answered {status}"));
            continue;
        }
        if decoded.ends_with('/') || decoded.ends_with(".html") {
            for url in urls_in(&body).into_iter().filter(|u| internal(u)) {
                queue.push_back(join(&path, &url));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(seen.len() >= 15, "crawled only {seen:?}");
    for must in [
        "/study/static/style.css",
        "/study/static/site.js",
        "/study/networking/handshakes/q1-tcp/",
    ] {
        assert!(seen.contains(must), "{must} was never linked");
    }
}

#[test]
fn the_404_page_works_from_a_deep_unknown_url() {
    let built = TestBook::fixture("basic").build_at(BASE).ok();
    let server = StaticServer::start(&built.out, "/study/");
    let (status, body) = get(server.port, "/study/a/b/c/없는/페이지/");
    assert_eq!(status, 404);
    let urls: Vec<String> = urls_in(&body).into_iter().filter(|u| internal(u)).collect();
    assert!(!urls.is_empty());
    for url in urls {
        assert!(
            url.starts_with("/study/"),
            "404 links must not be relative: {url}"
        );
        assert_eq!(get(server.port, &percent_decode(&url)).0, 200, "{url}");
    }
}

#[test]
fn sitemap_feed_robots_and_pages_files_are_valid() {
    let book = TestBook::fixture("basic");
    book.write(
        "book.toml",
        &format!(
            "{}\n[site]\ncname = \"study.example.com\"\n",
            std::fs::read_to_string(book.root().join("book.toml")).unwrap()
        ),
    );
    let built = book.build_at(BASE).ok();
    let sitemap = std::fs::read_to_string(built.out.join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap parses");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        locs.len() >= 5 && locs.iter().all(|l| l.starts_with(BASE)),
        "{locs:?}"
    );
    let feed = std::fs::read_to_string(built.out.join("atom.xml")).unwrap();
    let feed_doc = roxmltree::Document::parse(&feed).expect("feed parses");
    assert!(
        feed_doc
            .descendants()
            .filter(|n| n.has_tag_name("entry"))
            .count()
            >= 2
    );
    let robots = std::fs::read_to_string(built.out.join("robots.txt")).unwrap();
    assert!(robots.contains(&format!("Sitemap: {BASE}sitemap.xml")));
    assert!(built.exists(".nojekyll"));
    assert_eq!(
        std::fs::read_to_string(built.out.join("CNAME"))
            .unwrap()
            .trim(),
        "study.example.com"
    );
    let html = built.html("networking/handshakes/q1-tcp/");
    for tag in [
        "<link rel=\"canonical\"",
        "<meta name=\"description\"",
        "<meta property=\"og:title\"",
        "<meta name=\"twitter:card\"",
        "rel=\"icon\"",
    ] {
        assert!(html.contains(tag), "missing {tag}");
    }
}

#[test]
fn the_workflow_parses_and_uses_the_official_pages_actions() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/pages.yml"),
    )
    .unwrap();
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).expect("workflow is YAML");
    let workflow = &docs[0];
    assert_eq!(workflow["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(workflow["permissions"]["id-token"].as_str(), Some("write"));
    assert!(workflow["concurrency"]["group"].as_str().is_some());
    let uses: Vec<String> = ["build", "deploy"]
        .iter()
        .flat_map(|job| {
            workflow["jobs"][*job]["steps"]
                .as_vec()
                .cloned()
                .unwrap_or_default()
        })
        .filter_map(|step| step["uses"].as_str().map(str::to_string))
        .collect();
    for action in [
        "actions/checkout@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
        "actions/configure-pages@",
    ] {
        assert!(
            uses.iter().any(|u| u.starts_with(action)),
            "{action} missing from {uses:?}"
        );
    }
    assert!(text.contains("--base-url"));
}

#[test]
fn a_reader_follows_links_through_a_topic_under_the_sub_path() {
    let built = TestBook::fixture("basic").build_at(BASE).ok();
    let server = StaticServer::start(&built.out, "/study/");
    let Some(result) = run_script("navigate.mjs", &[&server.url("/study/")]) else {
        return;
    };
    assert_eq!(
        result["visited"].as_array().map(Vec::len),
        Some(4),
        "{result}"
    );
}

#[test]
fn a_folder_without_an_index_file_has_no_edit_link_and_an_empty_index_file_has_one() {
    let book = TestBook::fixture("basic");
    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    book.write(
        "book.toml",
        &format!("{toml}\n[site]\nrepository = \"https://github.com/me/study\"\n"),
    );
    book.write("content/bare/x.md", "# x\n");
    book.write("content/empty/_index.md", "");
    book.write("content/empty/y.md", "# y\n");
    let built = book.build().ok();
    assert!(
        !built.html("bare/").contains("/edit/"),
        "there is no file to edit"
    );
    let empty = built.html("empty/");
    assert!(
        empty.contains("/edit/main/content/empty/_index.md\""),
        "an empty file is still a file: {empty}"
    );
}

#[test]
fn edit_links_and_last_updated_dates_come_from_the_repository_and_git() {
    let book = TestBook::fixture("basic");
    let toml = std::fs::read_to_string(book.root().join("book.toml")).unwrap();
    book.write(
        "book.toml",
        &format!(
            "{toml}\n[site]\nrepository = \"https://github.com/me/study\"\nbranch = \"trunk\"\n"
        ),
    );
    book.write(
        "content/dated.md",
        "+++\ntitle = \"D\"\nupdated = 2025-03-04\n+++\n본문\n",
    );
    let built = book.build().ok();
    let html = built.html("networking/handshakes/q1-tcp/");
    assert!(html.contains("href=\"https://github.com/me/study/edit/trunk/content/networking/handshakes/q1-tcp.md\""), "edit link");
    assert!(
        !html.contains("<time"),
        "no git and no front matter date: no date shown"
    );
    assert!(built
        .html("dated/")
        .contains("<time datetime=\"2025-03-04\">"));

    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(book.root())
            .env("GIT_AUTHOR_DATE", "2024-02-03T10:00:00Z")
            .env("GIT_COMMITTER_DATE", "2024-02-03T10:00:00Z")
            .output();
        status.map(|o| o.status.success()).unwrap_or(false)
    };
    if !git(&["init", "-q"]) {
        eprintln!("git is not available; skipping the git half of this test");
        return;
    }
    assert!(git(&["add", "-A"]));
    assert!(git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-qm",
        "init"
    ]));
    let built = book.build().ok();
    assert!(
        built
            .html("networking/handshakes/q1-tcp/")
            .contains("<time datetime=\"2024-02-03\">"),
        "date from git"
    );
}

/// The `?v=` after `static/style.css` in the home page.
fn asset_version(built: &Built) -> String {
    let html = built.html("");
    let start = html
        .find("static/style.css?v=")
        .expect("a versioned stylesheet")
        + "static/style.css?v=".len();
    html[start..]
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect()
}

#[test]
fn the_asset_version_follows_the_books_own_stylesheet_and_the_highlighting() {
    let book = TestBook::fixture("basic");
    let first = asset_version(&book.build().ok());
    book.write("theme/static/style.css", "body { color: red }\n");
    let own = asset_version(&book.build().ok());
    assert_ne!(first, own, "a book's own style.css must change the ?v=");
    book.write("theme/static/style.css", "body { color: blue }\n");
    let edited = asset_version(&book.build().ok());
    assert_ne!(
        own, edited,
        "an edit of the book's style.css must change the ?v="
    );
    book.write(
        "content/networking/extra.md",
        "+++\ntitle = \"코드\"\n+++\n```sql\nSELECT 1;\n```\n",
    );
    assert_ne!(
        edited,
        asset_version(&book.build().ok()),
        "new highlighting colours change highlight.css and so the ?v="
    );
}

#[cfg(unix)]
#[test]
fn a_stylesheet_linked_out_of_the_book_is_refused_and_the_built_in_one_ships() {
    let book = TestBook::fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("style.css"), "body { color: red }").unwrap();
    std::fs::create_dir_all(book.root().join("theme/static")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("style.css"),
        book.root().join("theme/static/style.css"),
    )
    .unwrap();
    let built = book.build().ok();
    assert!(
        built
            .warnings()
            .iter()
            .any(|w| w.file.ends_with("theme/static/style.css")),
        "{}",
        built.rendered()
    );
    let css =
        std::fs::read_to_string(built.out.join("static/style.css")).expect("a stylesheet ships");
    assert!(
        !css.contains("color: red") && css.len() > 1000,
        "{}",
        &css[..css.len().min(200)]
    );
}

#[test]
fn a_books_own_highlight_css_replaces_the_generated_one() {
    let book = TestBook::fixture("basic");
    book.write("theme/static/highlight.css", ".k { color: teal }\n");
    let built = book.build().ok();
    let css = std::fs::read_to_string(built.out.join("static/highlight.css")).unwrap();
    assert_eq!(css, ".k { color: teal }\n");
}
