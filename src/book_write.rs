//! Writing into a book: the one guard that every command writing there goes through (`init`,
//! `new`, `import`, the diagram cache), and the two ways they write.
//!
//! A book may come from a pull request, and any folder of it may be a symlink planted to lead
//! out (`glossary -> ~/.ssh`); a command's own input may name `..` (`--session ../../x`). So every
//! path is checked by [`Writer::check`] before a command writes its first file: it must be the
//! book root joined with plain names, and the nearest part of it that exists, symlinks followed,
//! must lie inside the book's real path.
//!
//! Every file is written whole to a temporary file beside it, synced, and then renamed into
//! place: over the old file ([`Writer::replace`]), or only where no file is ([`Writer::create_new`],
//! so a link planted at the name is never followed and nothing is overwritten). A full disk, a
//! crash or `kill -9` therefore leaves the old file or the new one, never a part of either
//! (`import` once left `book.toml` cut at 8,192 bytes on a full disk). A temporary file left by a
//! killed process is hidden (`.NAME.XXXXXX.tmp`), so no build reads it.
//!
//! Reading stays with `source_file`; this module only writes.

use std::fs::File;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use anyhow::Context as _;

/// Why a path of the book may not be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The path is not the book root joined with plain names: it climbs out with `..`, or names
    /// another folder.
    NotInside,
    /// It, or a folder on its way, is a symbolic link that leads outside the book, or is broken.
    LinkOut,
}

impl Refusal {
    /// What is wrong, for a message naming the path.
    pub fn reason(self) -> &'static str {
        match self {
            Refusal::NotInside => "it is not inside the book's folder (a name on its way is `..` or `.`)",
            Refusal::LinkOut => "it, or a folder on its way, is a symbolic link that leads outside the book (or is broken)",
        }
    }

    /// The next step.
    pub fn help(self) -> &'static str {
        match self {
            Refusal::NotInside => "use plain folder and file names, without `..`",
            Refusal::LinkOut => "replace the link with a real folder of the book, or remove it",
        }
    }
}

/// What [`Writer::create_new`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Created {
    /// The file was written.
    New,
    /// A file (or a link) of that name exists; it was left as it was.
    Existed,
}

/// Writes into one book, and only there.
#[derive(Debug, Clone)]
pub struct Writer {
    /// The root as given: paths to write are this joined with plain names.
    root: PathBuf,
    /// Its real path, which every written path must stay in.
    real_root: PathBuf,
}

impl Writer {
    /// A writer for the book at `root`, which must exist.
    pub fn new(root: &Path) -> anyhow::Result<Writer> {
        let real_root = root
            .canonicalize()
            .with_context(|| format!("failed to open the book folder `{}`", root.display()))?;
        Ok(Writer {
            root: root.to_path_buf(),
            real_root,
        })
    }

    /// The guard: whether `path` may be written.
    pub fn check(&self, path: &Path) -> Result<(), Refusal> {
        let rest = path
            .strip_prefix(&self.root)
            .map_err(|_| Refusal::NotInside)?;
        let plain = rest.components().all(|c| matches!(c, Component::Normal(_)));
        if !plain || rest.as_os_str().is_empty() {
            return Err(Refusal::NotInside);
        }
        if lands_inside(&self.real_root, path) {
            Ok(())
        } else {
            Err(Refusal::LinkOut)
        }
    }

    /// Checks every path before any is written: one error naming each refused path.
    pub fn check_all<'p>(&self, paths: impl IntoIterator<Item = &'p Path>) -> anyhow::Result<()> {
        let refused: Vec<String> = paths
            .into_iter()
            .filter_map(|path| {
                let refusal = self.check(path).err()?;
                Some(format!("`{}`: {}", path.display(), refusal.reason()))
            })
            .collect();
        match refused.as_slice() {
            [] => Ok(()),
            [one] => anyhow::bail!("refusing to write {one}; nothing was written"),
            many => anyhow::bail!(
                "refusing to write {} files, so nothing was written:\n  {}",
                many.len(),
                many.join("\n  ")
            ),
        }
    }

    /// Writes `bytes` to `path` unless a file (or link) of that name exists, making its folders.
    pub fn create_new(&self, path: &Path, bytes: &[u8]) -> anyhow::Result<Created> {
        self.refuse(path)?;
        let dir = self.make_folder(path)?;
        let options = Options {
            like: None,
            durability: Durability::Synced,
        };
        let temp = written_beside(&dir, path, options, |file| file.write_all(bytes))
            .with_context(|| format!("failed to write `{}`", path.display()))?;
        match temp.persist_noclobber(path) {
            Ok(_) => {
                sync_folder(&dir);
                Ok(Created::New)
            }
            Err(error) if error.error.kind() == std::io::ErrorKind::AlreadyExists => {
                Ok(Created::Existed)
            }
            Err(error) => {
                Err(error.error).with_context(|| format!("failed to create `{}`", path.display()))
            }
        }
    }

    /// Replaces `path` (or creates it) with `bytes`, whole or not at all, synced to disk.
    pub fn replace(&self, path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
        self.refuse(path)?;
        let dir = self.make_folder(path)?;
        replace_with(&dir, path, Durability::Synced, |file| file.write_all(bytes)).with_context(
            || {
                format!(
                    "failed to write `{}`; it was left as it was",
                    path.display()
                )
            },
        )
    }

    /// Like [`Writer::replace`] for a file the book can lose (a cache entry): whole or absent
    /// after a crash, but not synced, since syncing the diagram cache's files one by one cost
    /// ~7 ms each (190 ms for this repository's 26 diagrams, half a cold build). A power cut may
    /// leave an entry cut short; the cache checks each entry it reads and renders it again.
    pub fn replace_cache(&self, path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
        self.refuse(path)?;
        let dir = self.make_folder(path)?;
        replace_with(&dir, path, Durability::Unsynced, |file| {
            file.write_all(bytes)
        })
        .with_context(|| format!("failed to write `{}`", path.display()))
    }

    fn refuse(&self, path: &Path) -> anyhow::Result<()> {
        self.check(path).map_err(|refusal| {
            anyhow::anyhow!(
                "refusing to write `{}`: {}",
                path.display(),
                refusal.reason()
            )
        })
    }

    /// Makes the folder `path` goes in; checked again after, as a link may have appeared.
    fn make_folder(&self, path: &Path) -> anyhow::Result<PathBuf> {
        let dir = path.parent().unwrap_or(&self.root).to_path_buf();
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("failed to create `{}`", dir.display()))?;
        self.refuse(path)?;
        Ok(dir)
    }
}

/// Whether a file written at `path` lands inside `real_root` (a canonical path): the nearest
/// part of `path` that exists already, symlinks followed, must lie inside it, so that neither
/// the file (a link planted in its place, broken links included) nor a folder on its way leads
/// out.
fn lands_inside(real_root: &Path, path: &Path) -> bool {
    let mut existing = path;
    while existing.symlink_metadata().is_err() {
        match existing.parent() {
            Some(parent) => existing = parent,
            None => return false,
        }
    }
    existing
        .canonicalize()
        .is_ok_and(|real| real.starts_with(real_root))
}

/// Whether a written file is synced to disk before it is renamed into place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Durability {
    /// A file of the author's: synced, so not even a power cut leaves the new name on a part.
    Synced,
    /// A cache entry, checked when read.
    Unsynced,
}

/// How a file is written: with the permissions of the file it replaces (`None`: the umask's),
/// synced or not.
struct Options {
    like: Option<std::fs::Permissions>,
    durability: Durability,
}

/// `write` into a new hidden temporary file in `dir`: the file to rename into place.
fn written_beside(
    dir: &Path,
    path: &Path,
    options: Options,
    write: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> std::io::Result<tempfile::NamedTempFile> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // As `File::create` would: 0666 less the umask (tempfile's own default is 0600).
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir)?;
    write(temp.as_file_mut())?;
    if let Some(permissions) = options.like {
        temp.as_file().set_permissions(permissions)?;
    }
    if options.durability == Durability::Synced {
        // On disk before the rename, or a power cut could leave the new name on an empty file.
        temp.as_file().sync_all()?;
    }
    Ok(temp)
}

/// Writes a temporary file with `write` and renames it over `path`. On any error the temporary
/// file is removed and `path` is as it was.
fn replace_with(
    dir: &Path,
    path: &Path,
    durability: Durability,
    write: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let like = std::fs::metadata(path).ok().map(|meta| meta.permissions());
    let temp = written_beside(dir, path, Options { like, durability }, write)?;
    temp.persist(path).map_err(|error| error.error)?;
    if durability == Durability::Synced {
        sync_folder(dir);
    }
    Ok(())
}

/// Makes a rename in `dir` durable. Best effort: some file systems cannot sync a folder, and
/// the rename has happened either way.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_rewrite_leaves_the_old_file_whole_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.toml");
        std::fs::write(&path, "[book]\ntitle = \"내 책\"\n").unwrap();
        // The disk fills up after part of the new text is written.
        let failed = replace_with(dir.path(), &path, Durability::Synced, |file| {
            file.write_all(b"[book]\n")?;
            Err(std::io::Error::from_raw_os_error(28))
        });
        assert_eq!(failed.unwrap_err().raw_os_error(), Some(28));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "[book]\ntitle = \"내 책\"\n"
        );
        assert_eq!(names(dir.path()), ["book.toml"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_rewrite_keeps_the_files_permissions() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::new(dir.path()).unwrap();
        let path = dir.path().join("book.toml");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        writer.replace(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn create_new_never_overwrites_and_never_follows_a_planted_link() {
        let outside = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::new(dir.path()).unwrap();
        let page = dir.path().join("t/s/q1.md");
        assert_eq!(writer.create_new(&page, b"new").unwrap(), Created::New);
        assert_eq!(
            writer.create_new(&page, b"newer").unwrap(),
            Created::Existed
        );
        assert_eq!(std::fs::read_to_string(&page).unwrap(), "new");
        assert_eq!(names(&dir.path().join("t/s")), ["q1.md"]);
        let planted = dir.path().join("t/s/q2.md");
        std::os::unix::fs::symlink(outside.path().join("x.md"), &planted).unwrap();
        assert_eq!(writer.check(&planted), Err(Refusal::LinkOut));
        assert!(writer.create_new(&planted, b"x").is_err());
        assert_eq!(names(outside.path()), Vec::<String>::new());
    }

    #[cfg(unix)]
    #[test]
    fn paths_that_climb_out_or_lead_out_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::new(dir.path()).unwrap();
        let root = dir.path();
        std::os::unix::fs::symlink(outside.path(), root.join("linked")).unwrap();
        assert_eq!(writer.check(&root.join("content/a.md")), Ok(()));
        assert_eq!(
            writer.check(&root.join("content/../../x")),
            Err(Refusal::NotInside)
        );
        assert_eq!(writer.check(outside.path()), Err(Refusal::NotInside));
        assert_eq!(writer.check(root), Err(Refusal::NotInside));
        assert_eq!(
            writer.check(&root.join("linked/new/a.md")),
            Err(Refusal::LinkOut)
        );
        let error = writer
            .check_all(
                [root.join("a.md"), root.join("linked/b.md")]
                    .iter()
                    .map(PathBuf::as_path),
            )
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("linked/b.md")
                && !error.contains("a.md`:")
                && error.contains("nothing was written"),
            "{error}"
        );
    }
}
