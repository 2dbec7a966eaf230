//! The book as an installable, offline-capable web app: `manifest.webmanifest` and a service
//! worker (`sw.js`) that precaches every page and asset of a book of up to
//! [`PRECACHE_MAX_PAGES`] pages (a bigger book precaches its assets and keeps the pages a reader
//! opens), versioned by a hash of every file of the build.
//!
//! Only `studybook build` writes these files. `serve` neither writes nor registers them: a page
//! served from a cache would never live-reload. site.js registers the worker, and links the
//! manifest, only on a page that has no live-reload script, and `live.js` unregisters any worker
//! left on the origin by an earlier static preview.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::output::{Claim, Output};

/// Books with more pages precache only their assets and home page.
pub const PRECACHE_MAX_PAGES: usize = 500;

/// An order-independent hash of every file a build writes, of the bytes written (files reach the
/// staging folder from many threads in no fixed order; `site::Staging` counts each), and their
/// paths: the worker handles only those (a book at an origin's root shares the origin with other
/// sites) and precaches the ones worth it.
#[derive(Debug, Default)]
pub struct Digest {
    sum: AtomicU64,
    paths: std::sync::Mutex<Vec<String>>,
}

impl Digest {
    /// Counts one generated file.
    pub fn add(&self, output: &Output) {
        self.add_part(&output.path, &output.bytes);
    }

    /// Counts a file by its path and bytes.
    pub fn add_part(&self, path: &str, bytes: &[u8]) {
        use std::hash::Hasher;
        let mut hasher = rustc_hash::FxHasher::default();
        hasher.write(path.as_bytes());
        hasher.write_u8(0);
        hasher.write(bytes);
        self.sum.fetch_add(hasher.finish(), Ordering::Relaxed);
        crate::sync::lock(&self.paths).push(path.to_string());
    }

    /// The paths counted, sorted.
    pub fn paths(&self) -> Vec<String> {
        let mut paths = crate::sync::lock(&self.paths).clone();
        paths.sort_unstable();
        paths
    }
}

/// What a reader may open offline without having opened it before: every page (the print
/// editions and the search index too, up to [`PRECACHE_MAX_PAGES`] pages), the theme's assets,
/// diagrams and the book's own images and media; not feeds or exports, which are read online.
fn worth_precaching(path: &str, whole_book: bool) -> bool {
    let extension = path.rsplit_once('.').map_or("", |(_, ext)| ext);
    let page = path.ends_with(".html") && (whole_book || path == "index.html");
    let search = path.starts_with("search/") && (whole_book || path == "search/meta.json");
    let asset = path.starts_with("static/") || path.starts_with("figures/");
    let media = MEDIA_EXTENSIONS
        .iter()
        .any(|known| extension.eq_ignore_ascii_case(known));
    page || search || asset || media
}

/// The files of a book's own folders that a page shows (copied as they are): images, and the
/// audio and video a page may embed.
const MEDIA_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "ico", "mp3", "mp4", "webm", "ogg",
];

const WORKER: Claim = Claim::file("sw.js", "service worker");
const MANIFEST: Claim = Claim::file("manifest.webmanifest", "web app manifest");

/// What [`files`] writes. Claimed in every build, so that a book's file at one of these paths is
/// an error in `serve` too, though only a disk build writes them.
pub const CLAIMS: &[Claim] = &[WORKER, MANIFEST];

/// The service worker and the manifest, for the files counted in `digest`.
pub fn files(config: &crate::config::Config, digest: &Digest) -> Vec<Output> {
    vec![
        worker(digest),
        Output {
            path: MANIFEST.path().into(),
            bytes: manifest(config).into_bytes(),
        },
    ]
}

fn worker(digest: &Digest) -> Output {
    let version = format!("{:016x}", digest.sum.load(Ordering::Relaxed));
    let paths = digest.paths();
    let n_pages = paths.iter().filter(|p| p.ends_with(".html")).count();
    let whole_book = n_pages <= PRECACHE_MAX_PAGES;
    let precache: Vec<String> = (paths.iter())
        .filter(|path| worth_precaching(path, whole_book))
        .map(|path| url_of(path))
        .collect();
    let json = |list: &[String]| serde_json::to_string(list).unwrap_or_else(|_| "[]".into());
    let worker = include_str!("sw.js")
        .replace("__VERSION__", &version)
        .replace("__PRECACHE__", &json(&precache))
        .replace("__PUBLISHED__", &json(&paths));
    Output {
        path: WORKER.path().into(),
        bytes: worker.into_bytes(),
    }
}

/// The URL a reader asks for: a folder for its `index.html`, encoded, relative to the root.
fn url_of(path: &str) -> String {
    let url = match path.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => folder,
        _ => path,
    };
    let url = crate::url::encode_path(url);
    if url.is_empty() {
        "./".into()
    } else {
        url
    }
}

fn manifest(config: &crate::config::Config) -> String {
    // Cut at 12 characters for a home-screen label, without the space a cut can end on.
    let short: String = config
        .title
        .chars()
        .take(12)
        .collect::<String>()
        .trim_end()
        .to_string();
    let value = serde_json::json!({
        "name": config.title,
        "short_name": short,
        "description": config.description,
        "lang": config.language.tag(),
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b57d0",
        "icons": [
            { "src": "static/favicon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any" },
            { "src": "static/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any" },
            { "src": "static/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any" },
            { "src": "static/icon-maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable" }
        ],
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(path: &str, bytes: &str) -> Output {
        Output {
            path: path.into(),
            bytes: bytes.as_bytes().to_vec(),
        }
    }

    fn version_of(worker: &Output) -> String {
        let worker = String::from_utf8(worker.bytes.clone()).unwrap();
        let start = worker.find("VERSION = \"").unwrap() + "VERSION = \"".len();
        worker[start..start + 16].to_string()
    }

    #[test]
    fn the_worker_precaches_pages_and_assets_and_changes_with_any_file() {
        let digest = Digest::default();
        for (path, text) in [
            ("index.html", "home"),
            ("orchestration/q1/index.html", "q1"),
            ("static/style.css", "css"),
            ("print/index.html", "print"),
            ("search/s/0a.json", "shard"),
        ] {
            digest.add(&output(path, text));
        }
        let first = worker(&digest);
        let text = String::from_utf8(first.bytes.clone()).unwrap();
        assert!(
            text.contains(r#"var PRECACHE = ["./","orchestration/q1/","print/","search/s/0a.json","static/style.css"];"#),
            "{text}"
        );
        assert!(
            text.contains(r#"var PUBLISHED = new Set(["index.html","orchestration/q1/index.html","print/index.html","search/s/0a.json","static/style.css"]);"#),
            "{text}"
        );
        let other = Digest::default();
        other.add(&output("index.html", "home, edited"));
        assert_ne!(version_of(&first), version_of(&worker(&other)));
    }

    #[test]
    fn the_files_are_the_ones_claimed() {
        let book = tempfile::tempdir().unwrap();
        let (config, _) = crate::config::load(book.path(), &Default::default()).unwrap();
        let mut namespace = crate::output::Namespace::new(book.path());
        namespace.declare(CLAIMS);
        let (ledger, _) = namespace.finish();
        for file in files(&config, &Digest::default()) {
            assert!(ledger.record(&file.path).is_ok(), "{}", file.path);
        }
    }
}
