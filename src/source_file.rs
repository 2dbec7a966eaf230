//! Reading one of the book's own files: every reader of the book (`book.toml`, `content/`,
//! `glossary/`, `diagrams/`, `theme/templates/`, `theme/static/`, the diagram cache, and `serve`
//! answering a request) goes through here.
//!
//! A book may come from a pull request, so nothing in it may make studybook read outside it or
//! hang. A file is therefore checked before it is opened: its real path (after every symlink, of
//! the file and of its folders) must lie inside the book root, it must be a regular file (opening
//! a FIFO blocks until someone writes to it; a device may never end), and it must be under a size
//! cap. A refusal says which of these failed and never shows the content of the file a link
//! points to. Listing folders stays with each reader; this module only answers "may I read this
//! file, and what is in it".

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// Largest text source read (a page, template, glossary file or `book.toml`). A 20 MB page
/// builds in a couple of seconds; beyond this a file is far more likely a mistake.
pub const MAX_TEXT_BYTES: u64 = 64 * 1024 * 1024;

/// Largest file `serve` reads into memory to answer one request for a copied asset.
pub const MAX_ASSET_BYTES: u64 = 512 * 1024 * 1024;

/// Why a file of the book was not read.
#[derive(Debug)]
pub enum Refusal {
    /// A symlink (of the file or one of its folders) leads outside the book.
    Outside,
    /// The symlink is broken or loops.
    Broken(std::io::Error),
    /// Not a regular file: a FIFO, socket, device or folder.
    NotRegular(&'static str),
    /// Over the size cap.
    TooLarge {
        /// The file's size.
        bytes: u64,
        /// The cap it exceeds.
        limit: u64,
    },
    /// The file could not be read (permissions, deleted meanwhile).
    Io(std::io::Error),
}

impl Refusal {
    /// What went wrong, for a message about the file.
    pub fn reason(&self) -> String {
        match self {
            Refusal::Outside => {
                "it is a symlink that leads outside the book, so it is not read".into()
            }
            Refusal::Broken(error) => format!("it is a symlink that cannot be followed ({error})"),
            Refusal::NotRegular(kind) => format!("it is a {kind}, not a regular file"),
            Refusal::TooLarge { bytes, limit } => format!(
                "it is {} MiB; the limit is {} MiB",
                bytes.div_ceil(1024 * 1024),
                limit / (1024 * 1024)
            ),
            Refusal::Io(error) => format!("it cannot be read: {error}"),
        }
    }

    /// The next step for the author.
    pub fn help(&self) -> &'static str {
        match self {
            Refusal::Outside => "copy the file into the book, or remove the link",
            Refusal::Broken(_) => "the link is broken or loops; remove or fix it",
            Refusal::NotRegular(_) => "remove it from the book; only regular files are read",
            Refusal::TooLarge { .. } => "split the file into smaller ones",
            Refusal::Io(_) => "check the file's permissions; build again if it was being changed",
        }
    }

    /// Whether the file can simply be left out (a link or special file: a warning), rather than
    /// being a file the book needs that failed (an error).
    pub fn is_skippable(&self) -> bool {
        matches!(
            self,
            Refusal::Outside | Refusal::Broken(_) | Refusal::NotRegular(_)
        )
    }

    /// A diagnostic naming `shown` (the file relative to the book): a warning that the file is
    /// skipped, or an error when it is too large or unreadable.
    pub fn diagnostic(&self, shown: impl Into<PathBuf>) -> Diagnostic {
        let diagnostic = if self.is_skippable() {
            Diagnostic::warning(shown, format!("skipped: {}", self.reason()))
        } else {
            Diagnostic::error(
                shown,
                format!("could not read this file: {}", self.reason()),
            )
        };
        diagnostic.with_help(self.help())
    }
}

/// The real path of `path` if it may be read: inside `root` (which must be canonical) and a
/// regular file of at most `limit` bytes. Looks at the file's type before anything opens it.
pub fn check(root: &Path, path: &Path, limit: u64) -> Result<PathBuf, Refusal> {
    let link = std::fs::symlink_metadata(path).map_err(Refusal::Io)?;
    let real = path.canonicalize().map_err(|error| {
        if link.file_type().is_symlink() {
            Refusal::Broken(error)
        } else {
            Refusal::Io(error)
        }
    })?;
    if !real.starts_with(root) {
        return Err(Refusal::Outside);
    }
    let metadata = std::fs::metadata(&real).map_err(Refusal::Io)?;
    if !metadata.is_file() {
        return Err(Refusal::NotRegular(kind(&metadata.file_type())));
    }
    if metadata.len() > limit {
        return Err(Refusal::TooLarge {
            bytes: metadata.len(),
            limit,
        });
    }
    Ok(real)
}

/// Reads a text source of the book ([`MAX_TEXT_BYTES`] at most) as bytes.
pub fn read(root: &Path, path: &Path) -> Result<Vec<u8>, Refusal> {
    read_capped(root, path, MAX_TEXT_BYTES)
}

/// Reads a file of the book of at most `limit` bytes, after [`check`].
pub fn read_capped(root: &Path, path: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
    let real = check(root, path, limit)?;
    let file = std::fs::File::open(&real).map_err(Refusal::Io)?;
    let mut bytes = Vec::new();
    // The file may grow between the check and the read: read one byte past the cap to know.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Refusal::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Refusal::TooLarge {
            bytes: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Reads a text source as UTF-8; `None` on any refusal or invalid UTF-8 (for callers that only
/// want to show a line again, and have reported the file's problems elsewhere).
pub fn read_text(root: &Path, path: &Path) -> Option<String> {
    read(root, path)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
}

#[cfg(unix)]
fn kind(file_type: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "named pipe (FIFO)"
    } else if file_type.is_socket() {
        "socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "device file"
    } else if file_type.is_dir() {
        "folder"
    } else {
        "special file"
    }
}

#[cfg(not(unix))]
fn kind(file_type: &std::fs::FileType) -> &'static str {
    if file_type.is_dir() {
        "folder"
    } else {
        "special file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_inside_are_read_and_links_out_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let book = root.join("book");
        std::fs::create_dir(&book).unwrap();
        std::fs::write(book.join("a.md"), "본문").unwrap();
        std::fs::write(root.join("secret"), "token").unwrap();
        assert_eq!(read(&book, &book.join("a.md")).unwrap(), "본문".as_bytes());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("secret"), book.join("s.md")).unwrap();
            let refusal = read(&book, &book.join("s.md")).unwrap_err();
            assert!(matches!(refusal, Refusal::Outside), "{refusal:?}");
            assert!(!refusal.diagnostic("s.md").message.contains("token"));
        }
        assert!(matches!(
            read_capped(&book, &book.join("a.md"), 3),
            Err(Refusal::TooLarge { bytes: 6, limit: 3 })
        ));
        assert!(matches!(
            read(&book, &book),
            Err(Refusal::NotRegular("folder"))
        ));
    }
}
