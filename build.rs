//! Puts the commit into `studybook --version` (`studybook 0.1.0 (323088d 2026-12-01)`).
//!
//! The commit comes from `git` when this is a git checkout of studybook itself (a clone, or
//! `cargo install --git`, whose checkout keeps its `.git`); `STUDYBOOK_COMMIT` in the environment
//! names it for a build from a tarball; otherwise the version stands alone. A checkout nested in
//! some other repository must not borrow that repository's commit, so git's top level has to be
//! this package's folder.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=STUDYBOOK_COMMIT");
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let commit = std::env::var("STUDYBOOK_COMMIT")
        .ok()
        .filter(|commit| !commit.trim().is_empty())
        .map(|commit| commit.trim().to_string())
        .or_else(|| git_commit(&manifest_dir));
    let version = env!("CARGO_PKG_VERSION");
    let full = match commit {
        Some(commit) => format!("{version} ({commit})"),
        None => version.to_string(),
    };
    println!("cargo:rustc-env=STUDYBOOK_VERSION={full}");
}

/// `323088d 2026-12-01` for HEAD, when `dir` is the top of a git work tree.
fn git_commit(dir: &Path) -> Option<String> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    if Path::new(&top).canonicalize().ok()? != dir.canonicalize().ok()? {
        return None;
    }
    // Rebuild when HEAD moves: HEAD itself (a checkout) and the branch it points at (a commit),
    // which is a file of its own or a line of `packed-refs`. Only paths that exist are named:
    // cargo reruns the script, and so recompiles the crate, on every build while a named path
    // is missing (a repository whose refs were never packed has no `packed-refs`). A branch
    // without a file of its own is watched through its folder, where a commit will write one.
    let watch = |path: &Path| println!("cargo:rerun-if-changed={}", path.display());
    let git_path = |name: &str| git(dir, &["rev-parse", "--git-path", name]).map(|p| dir.join(p));
    for path in ["HEAD", "packed-refs"].into_iter().filter_map(git_path) {
        if path.exists() {
            watch(&path);
        }
    }
    if let Some(path) = git(dir, &["symbolic-ref", "-q", "HEAD"]).and_then(|b| git_path(&b)) {
        match (path.exists(), path.parent()) {
            (true, _) => watch(&path),
            (false, Some(folder)) if folder.exists() => watch(folder),
            _ => {}
        }
    }
    git(dir, &["log", "-1", "--format=%h %cs"])
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let text = text.trim();
    (output.status.success() && !text.is_empty()).then(|| text.to_string())
}
