//! Whether the headless-browser tests can run here: Chromium, node and the npm packages of
//! `tests/browser/`. Shared by `tests/it/browser.rs` and the `summary` test binary.

use std::path::Path;
use std::process::Command;

/// Why the browser tests cannot run, or `None` when they can.
pub fn missing(browser_dir: &Path) -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!(
            "no Chromium at {chromium} (apt-get install -y chromium)"
        ));
    }
    if !browser_dir.join("node_modules/playwright-core").exists() {
        return Some("tests/browser/node_modules is missing (cd tests/browser && npm ci)".into());
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Some("node is not installed".into());
    }
    None
}
