//! The part that stays whichever server is kept (in studybook: `snapshot`, `http`, `hosts`): a
//! built site read into memory at start, a URL path to a file, and the `Host` check.

use std::collections::HashMap;
use std::path::Path;

/// Every file of the site, by path relative to its root (`/` separators).
pub struct Site {
    files: HashMap<String, Vec<u8>>,
}

impl Site {
    /// Reads every file under `root`.
    pub fn read(root: &Path) -> std::io::Result<Site> {
        let mut files = HashMap::new();
        let mut folders = vec![root.to_path_buf()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder)? {
                let path = entry?.path();
                if path.is_dir() {
                    folders.push(path);
                } else if let Ok(rel) = path.strip_prefix(root) {
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    files.insert(rel, std::fs::read(&path)?);
                }
            }
        }
        Ok(Site { files })
    }

    /// The file a URL path names (`/` and `/a/` name their `index.html`), with its type.
    pub fn get(&self, url: &str) -> Option<(&[u8], &'static str)> {
        let path = url
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .trim_start_matches('/');
        if path.split('/').any(|part| part == "..") {
            return None;
        }
        let candidates = if path.is_empty() || path.ends_with('/') {
            vec![format!("{path}index.html")]
        } else {
            vec![path.to_string(), format!("{path}/index.html")]
        };
        candidates
            .into_iter()
            .find_map(|rel| Some((self.files.get(&rel)?.as_slice(), content_type(&rel))))
    }

    /// The site's 404 page, if it has one.
    pub fn not_found(&self) -> Option<&[u8]> {
        self.files.get("404.html").map(Vec::as_slice)
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// studybook's `hosts::allowed`: an IP address, `localhost`, `*.localhost` or the listening host.
pub fn host_allowed(host: Option<&str>, listen_host: &str) -> bool {
    let Some(host) = host else {
        return true;
    };
    let host = host.trim();
    let name = if let Some(bracketed) = host.strip_prefix('[') {
        bracketed.split(']').next().unwrap_or(bracketed)
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
            _ => host,
        }
    };
    if name.parse::<std::net::IpAddr>().is_ok() {
        return true;
    }
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost") || name.eq_ignore_ascii_case(listen_host)
}
