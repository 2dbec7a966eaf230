//! Which names under `content/` a build shows, and which every system can hold.
//!
//! The walker leaves out hidden files and folders, the output folder (and, in a plain folder of
//! notes, the book's own theme, diagrams and glossary), and any folder holding an earlier build's
//! output. `new` and `import` refuse to make a page there by the same rule ([`check_new_page`]):
//! a page that no build shows is a page lost. Windows cannot hold `con`, `prn`, `aux`, `nul`,
//! `com1`–`com9` or `lpt1`–`lpt9`, with any extension and in any case; a book must check out and
//! build there too, so the walker reports such names and `new` and `import` refuse them.

use std::path::{Path, PathBuf};

use super::clashes::MAX_NAME_BYTES;
use super::MAX_FOLDER_DEPTH;
use crate::config::Config;
use crate::diagnostic::{display_path, Diagnostic};

/// Why a name under `content/` is never shown, or cannot be written everywhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unfit {
    /// Empty, `.` or `..`: not a name.
    NotAName(String),
    /// Over [`MAX_NAME_BYTES`].
    TooLong(String),
    /// Starts with `.`: the walker skips it.
    Hidden(String),
    /// Reserved by Windows.
    ReservedOnWindows(String),
    /// The output folder, or a book folder inside a plain folder's content.
    BookFolder(String),
    /// A folder holding an earlier build's output marker.
    OldOutput(String),
    /// Folders nested deeper than [`MAX_FOLDER_DEPTH`].
    TooDeep,
}

impl Unfit {
    /// What is wrong with the name.
    pub fn reason(&self) -> String {
        match self {
            Unfit::NotAName(name) => format!("`{name}` is not a folder or file name"),
            Unfit::TooLong(name) => format!(
                "`{}…` is {} bytes long; file systems allow {MAX_NAME_BYTES}",
                name.chars().take(20).collect::<String>(),
                name.len()
            ),
            Unfit::Hidden(name) => {
                format!("`{name}` is hidden (its name starts with `.`), and no build shows what is hidden")
            }
            Unfit::ReservedOnWindows(name) => reserved_reason(name),
            Unfit::BookFolder(name) => format!(
                "`{name}` is the book's output folder or one of its own folders, which no build reads as content"
            ),
            Unfit::OldOutput(name) => format!(
                "`{name}` holds a site studybook built (it has `{}`), which no build reads as content",
                crate::output::MARKER
            ),
            Unfit::TooDeep => format!(
                "folders are nested more than {MAX_FOLDER_DEPTH} deep, and no build shows a page that deep"
            ),
        }
    }

    /// The next step.
    pub fn help(&self) -> &'static str {
        match self {
            Unfit::NotAName(_) => "write the page as TOPIC/SLUG, e.g. `networking/tcp-handshake`",
            Unfit::TooLong(_) => "shorten the name",
            Unfit::Hidden(_) => "drop the leading `.`",
            Unfit::ReservedOnWindows(_) => RESERVED_HELP,
            Unfit::BookFolder(_) | Unfit::OldOutput(_) => "pick another folder under `content/`",
            Unfit::TooDeep => "flatten the folders; every level adds to every page's navigation",
        }
    }
}

const RESERVED_HELP: &str =
    "rename it; Windows reserves con, prn, aux, nul, com1–com9 and lpt1–lpt9, with any extension";

fn reserved_reason(name: &str) -> String {
    format!("`{name}` is a reserved name on Windows: the book cannot be checked out or built there")
}

/// Whether Windows refuses `name` as a file or folder name: a reserved device name, in any case,
/// alone or before an extension (`nul.txt`, `LPT1.tar.gz`), trailing spaces ignored as Windows
/// ignores them.
pub fn reserved_on_windows(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let stem = stem.to_ascii_lowercase();
    if matches!(stem.as_str(), "con" | "prn" | "aux" | "nul") {
        return true;
    }
    let Some(number) = stem
        .strip_prefix("com")
        .or_else(|| stem.strip_prefix("lpt"))
    else {
        return false;
    };
    let mut digits = number.chars();
    let digit = digits.next();
    digits.next().is_none() && digit.is_some_and(|d| matches!(d, '1'..='9' | '¹' | '²' | '³'))
}

/// Whether the walker skips this name: hidden files and folders (`.git`, editors' files).
pub(super) fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|name| name.starts_with('.') && name != ".")
}

/// Folders inside `content/` that are never content: the output, and in a plain folder (where
/// `content/` is the root) the book's own theme, diagrams and glossary.
pub(super) fn skipped_dirs(config: &Config) -> Vec<PathBuf> {
    let mut skip = vec![config.output_dir.clone()];
    if config.content_dir == config.root {
        skip.extend([
            config.theme_dir.clone(),
            config.diagrams_dir.clone(),
            config.glossary_dir.clone(),
        ]);
        skip.push(config.root.join("target"));
        skip.push(config.root.join("node_modules"));
    }
    skip
}

/// The walker's rule for one entry below `content/` (`skip` from [`skipped_dirs`]): why it is
/// left out, if it is. A folder holding an output marker is one an earlier build wrote (after
/// `--out` changed, say): reading it back would publish the site inside itself.
pub(super) fn left_out(skip: &[PathBuf], path: &Path, is_dir: bool) -> Option<Unfit> {
    let name = path.file_name().unwrap_or_default();
    let shown = || name.to_string_lossy().into_owned();
    if is_hidden(name) {
        Some(Unfit::Hidden(shown()))
    } else if skip.iter().any(|dir| path == dir) {
        Some(Unfit::BookFolder(shown()))
    } else if is_dir && path.join(crate::output::MARKER).is_file() {
        Some(Unfit::OldOutput(shown()))
    } else {
        None
    }
}

/// A name under `content/` that Windows cannot hold: an error naming the file.
pub(super) fn reserved(config: &Config, path: &Path) -> Option<Diagnostic> {
    let name = path.file_name()?.to_string_lossy();
    reserved_on_windows(&name).then(|| {
        Diagnostic::error(display_path(&config.root, path), reserved_reason(&name))
            .with_help(RESERVED_HELP)
    })
}

/// Whether a new page at `rel` (relative to `content/`, `/`-separated, with its `.md`) would be
/// shown by a build on every system: the walker's rule for each folder and the file on its way,
/// plus names Windows refuses and the depth limit. `new` and `import` write into `content/`
/// even in a plain folder of notes that has none yet, so that is where the rule is applied.
pub fn check_new_page(config: &Config, rel: &str) -> Result<(), Unfit> {
    let skip = skipped_dirs(config);
    let parts: Vec<&str> = rel.split('/').collect();
    let mut path = config.root.join("content");
    for (idx, part) in parts.iter().enumerate() {
        if part.is_empty() || *part == "." || *part == ".." {
            return Err(Unfit::NotAName((*part).to_string()));
        }
        if part.len() > MAX_NAME_BYTES {
            return Err(Unfit::TooLong((*part).to_string()));
        }
        path.push(part);
        let is_dir = idx + 1 < parts.len();
        if let Some(unfit) = left_out(&skip, &path, is_dir) {
            return Err(unfit);
        }
        if reserved_on_windows(part) {
            return Err(Unfit::ReservedOnWindows((*part).to_string()));
        }
    }
    if parts.len() - 1 > MAX_FOLDER_DEPTH {
        return Err(Unfit::TooDeep);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_reserved_names_with_any_extension_and_case() {
        for name in [
            "con",
            "CON",
            "nul.txt",
            "Aux.md",
            "prn",
            "com1",
            "LPT9.tar.gz",
            "com¹",
            "nul .md",
        ] {
            assert!(reserved_on_windows(name), "{name}");
        }
        for name in [
            "console",
            "con1",
            "com0",
            "com10",
            "lpt",
            "nullable.md",
            "q1-con.md",
            ".con",
        ] {
            assert!(!reserved_on_windows(name), "{name}");
        }
    }
}
