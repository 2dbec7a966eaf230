//! Writing the site: everything goes to a staging folder beside the output, which is swapped in
//! only when complete. A failed or interrupted build leaves the previous site untouched, and a
//! successful one leaves no stale file of a deleted page.
//!
//! `build` never deletes a folder it did not write: the output folder carries a marker file, and
//! a non-empty folder without it is refused, as are the book's own folders and their ancestors.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use rayon::prelude::*;

use crate::config::Config;
use crate::offline::Digest;
use crate::output::{Output, MARKER};

/// A file to copy into the site.
#[derive(Debug, Clone)]
pub struct Copy {
    /// Source path.
    pub from: PathBuf,
    /// Destination relative to the output folder.
    pub to: String,
}

/// Refuses output folders that would destroy the book or somebody else's files: the book's own
/// folders, any folder above the book, a path through a regular file, and a folder holding files
/// that no earlier build wrote (the marker lists every file a build wrote).
pub fn check_output_dir(config: &Config) -> anyhow::Result<()> {
    let out = normalize(&config.output_dir);
    let forbidden = [
        (&config.root, "the book's own folder"),
        (&config.content_dir, "`content/`"),
        (&config.theme_dir, "`theme/`"),
        (&config.diagrams_dir, "`diagrams/`"),
        (&config.glossary_dir, "`glossary/`"),
    ];
    for (dir, what) in forbidden {
        if out == normalize(dir) {
            bail!("refusing to write the site into {what} (`{}`); choose another `--out`, e.g. `public/`", out.display());
        }
    }
    if normalize(&config.root).starts_with(&out) {
        bail!("refusing to write the site into `{}`, which contains the book; choose a folder inside or beside it, e.g. `public/`", out.display());
    }
    for ancestor in out.ancestors() {
        if std::fs::metadata(ancestor).is_ok_and(|meta| !meta.is_dir()) {
            bail!(
                "cannot write the site into `{}`: `{}` is a file, not a folder; choose another `--out`",
                out.display(),
                ancestor.display()
            );
        }
    }
    if !out.is_dir() {
        return Ok(());
    }
    let foreign = foreign_files(&out)?;
    if let Some(first) = foreign.first() {
        if !out.join(MARKER).exists() {
            bail!(
                "`{}` holds files that studybook did not write (no `{MARKER}` marker), e.g. `{first}`; refusing to replace them. Empty it or choose another `--out`",
                out.display()
            );
        }
        bail!(
            "`{}` holds {} file(s) that no earlier build wrote, e.g. `{first}`; refusing to replace them. Move them out (into `content/` to publish them) and build again",
            out.display(),
            foreign.len()
        );
    }
    Ok(())
}

/// Files in the output folder that the marker does not list (all of them when it has none).
fn foreign_files(out: &Path) -> anyhow::Result<Vec<String>> {
    let listed: HashSet<String> = match std::fs::read_to_string(out.join(MARKER)) {
        Ok(text) => text
            .lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(crate::slug::nfc)
            .collect(),
        Err(_) => HashSet::new(),
    };
    let mut foreign = Vec::new();
    for entry in walkdir::WalkDir::new(out)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry
            .with_context(|| format!("failed to read the output folder `{}`", out.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(out)
            .unwrap_or(entry.path())
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if rel != MARKER && !listed.contains(&crate::slug::nfc(&rel)) {
            foreign.push(rel);
        }
    }
    Ok(foreign)
}

fn normalize(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| {
        // The output folder may not exist yet; canonicalise its parent instead.
        match (path.parent(), path.file_name()) {
            (Some(parent), Some(name)) => parent
                .canonicalize()
                .map(|p| p.join(name))
                .unwrap_or_else(|_| path.to_path_buf()),
            _ => path.to_path_buf(),
        }
    })
}

/// Writes `outputs` and `copies` into a staging folder and swaps it in for the output folder.
pub fn write(config: &Config, outputs: &[Output], copies: &[Copy]) -> anyhow::Result<usize> {
    let staging = Staging::begin(config)?;
    outputs.par_iter().for_each(|output| staging.put(output));
    staging.copy(copies);
    staging.finish()
}

/// A site being written: files go into a staging folder beside the output folder as soon as they
/// are made (so that `build` never holds the whole site in memory), copied files too, and
/// [`Staging::finish`] swaps it in. Dropped unfinished (the build failed), it removes the staging
/// folder and the previous site stays as it was.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    staging: PathBuf,
    old: PathBuf,
    /// Every file written, by path and the bytes written: the marker lists the paths, and the
    /// offline worker is versioned by the hash ([`Staging::published`]).
    published: Digest,
    /// Folders made so far: asking the file system again for each of a folder's files was a
    /// failing `mkdir` and a `stat` per file (1,463 of each at 1,000 pages).
    made: std::sync::Mutex<HashSet<PathBuf>>,
    /// The first write that failed; the rest are skipped.
    failed: std::sync::Mutex<Option<anyhow::Error>>,
    finished: bool,
}

impl Staging {
    /// Checks the output folder (see the module comment) and makes an empty staging folder.
    pub fn begin(config: &Config) -> anyhow::Result<Staging> {
        recover_interrupted(config)?;
        check_output_dir(config)?;
        let out = normalize(&config.output_dir);
        let parent = out
            .parent()
            .context("the output folder has no parent folder")?;
        std::fs::create_dir_all(parent)
            .with_context(|| format!("failed to create `{}`", parent.display()))?;
        let name = out
            .file_name()
            .context("the output folder has no name")?
            .to_string_lossy()
            .into_owned();
        let staging = parent.join(format!(".{name}.studybook-staging-{}", std::process::id()));
        let old = parent.join(format!(".{name}.studybook-old-{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging)
                .with_context(|| format!("failed to clear `{}`", staging.display()))?;
        }
        std::fs::create_dir_all(&staging)
            .with_context(|| format!("failed to create `{}`", staging.display()))?;
        Ok(Staging {
            out,
            staging,
            old,
            published: Digest::default(),
            made: std::sync::Mutex::new(HashSet::new()),
            failed: std::sync::Mutex::new(None),
            finished: false,
        })
    }

    /// Writes one generated file (from any thread). A failure is kept for [`Staging::finish`].
    pub fn put(&self, output: &Output) {
        if crate::sync::lock(&self.failed).is_some() {
            return;
        }
        let path = self.staging.join(&output.path);
        let result = path
            .parent()
            .map_or(Ok(()), |dir| self.make_folder(dir))
            .and_then(|()| {
                std::fs::write(&path, &output.bytes)
                    .with_context(|| format!("failed to write `{}`", path.display()))
            });
        match result {
            Ok(()) => self.published.add(output),
            Err(error) => self.fail(error),
        }
    }

    /// Copies `copies` in (from many threads), counting the bytes written as [`Staging::put`]
    /// does. A failure is kept for [`Staging::finish`].
    pub fn copy(&self, copies: &[Copy]) {
        if crate::sync::lock(&self.failed).is_some() {
            return;
        }
        if let Err(error) = copies.par_iter().try_for_each(|copy| self.copy_one(copy)) {
            self.fail(error);
        }
    }

    /// Reads the file and writes those bytes, with its permissions (as `std::fs::copy` would):
    /// what is counted is what is published.
    fn copy_one(&self, copy: &Copy) -> anyhow::Result<()> {
        let path = self.staging.join(&copy.to);
        if let Some(dir) = path.parent() {
            self.make_folder(dir)?;
        }
        let unreadable = || {
            format!(
                "failed to copy `{}` (was it deleted during the build?)",
                copy.from.display()
            )
        };
        let bytes = std::fs::read(&copy.from).with_context(unreadable)?;
        let permissions = std::fs::metadata(&copy.from)
            .with_context(unreadable)?
            .permissions();
        std::fs::write(&path, &bytes)
            .and_then(|()| std::fs::set_permissions(&path, permissions))
            .with_context(|| format!("failed to write `{}`", path.display()))?;
        self.published.add_part(&copy.to, &bytes);
        Ok(())
    }

    /// The files written so far (generated and copied), for the offline worker.
    pub fn published(&self) -> &Digest {
        &self.published
    }

    fn fail(&self, error: anyhow::Error) {
        crate::sync::lock(&self.failed).get_or_insert(error);
    }

    /// Makes `dir` and its parents unless this staging folder made it already.
    fn make_folder(&self, dir: &Path) -> anyhow::Result<()> {
        if crate::sync::lock(&self.made).contains(dir) {
            return Ok(());
        }
        std::fs::create_dir_all(dir)
            .with_context(|| format!("failed to create `{}`", dir.display()))?;
        crate::sync::lock(&self.made).insert(dir.to_path_buf());
        Ok(())
    }

    /// Writes the marker and swaps the staging folder in. Returns the number of files.
    pub fn finish(mut self) -> anyhow::Result<usize> {
        if let Some(error) = crate::sync::lock(&self.failed).take() {
            return Err(error);
        }
        let paths = self.published.paths();
        let n_files = paths.len();
        // Written last: a staging folder without its marker is incomplete.
        let mut marker = String::from(
            "# This folder is written by studybook and replaced on every build.\n# The files it wrote, one a line; any other file here makes the next build stop.\n",
        );
        for path in &paths {
            marker.push_str(path);
            marker.push('\n');
        }
        std::fs::write(self.staging.join(MARKER), marker)
            .context("failed to write the output marker")?;
        self.swap()?;
        self.finished = true;
        Ok(n_files)
    }

    fn swap(&self) -> anyhow::Result<()> {
        let (out, staging, old) = (&self.out, &self.staging, &self.old);
        if out.exists() {
            std::fs::rename(out, old).with_context(|| {
                format!("failed to move the previous site `{}` aside", out.display())
            })?;
        }
        if let Err(error) = std::fs::rename(staging, out) {
            // Put the previous site back; dropping `self` removes the new one.
            let _ = std::fs::rename(old, out);
            return Err(error)
                .with_context(|| format!("failed to move the new site into `{}`", out.display()));
        }
        if old.exists() {
            std::fs::remove_dir_all(old).with_context(|| {
                format!("failed to remove the previous site at `{}`", old.display())
            })?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Puts back what an interrupted build left. A build killed between its two renames leaves the
/// previous site in `.NAME.studybook-old-PID` and no output folder: it is moved back. Staging and
/// old folders of builds that are no longer running are removed; those of a build still running
/// (another `build` or `serve` on the same book) are left alone.
pub fn recover_interrupted(config: &Config) -> anyhow::Result<()> {
    let out = normalize(&config.output_dir);
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return Ok(());
    };
    let name = name.to_string_lossy();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    let old_prefix = format!(".{name}.studybook-old-");
    let staging_prefix = format!(".{name}.studybook-staging-");
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let pid = if let Some(pid) = file_name.strip_prefix(&old_prefix) {
            pid
        } else if let Some(pid) = file_name.strip_prefix(&staging_prefix) {
            pid
        } else {
            continue;
        };
        if is_running(pid) {
            continue;
        }
        if file_name.starts_with(&old_prefix) && !out.exists() && path.join(MARKER).exists() {
            std::fs::rename(&path, &out)
                .with_context(|| format!("failed to restore `{}`", out.display()))?;
        } else {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
    Ok(())
}

/// True when `pid` names another process that is still alive. Where there is no `/proc`, every
/// leftover is taken to be stale, as it almost always is.
fn is_running(pid: &str) -> bool {
    let Ok(pid) = pid.parse::<u32>() else {
        return false;
    };
    if pid == std::process::id() {
        // Our own folders from this process are never in use at this point.
        return false;
    }
    let proc = Path::new("/proc");
    proc.join("self").exists() && proc.join(pid.to_string()).exists()
}

#[cfg(test)]
mod tests {
    use super::{Copy, Output, Staging};

    /// A staging folder of a page and a copied `a.png` holding `image`: the offline worker it
    /// versions, and the number of files `finish` reports.
    fn worker_over(image: &str) -> (Vec<u8>, usize) {
        let book = tempfile::tempdir().unwrap();
        std::fs::write(book.path().join("a.png"), image).unwrap();
        let overrides = crate::config::Overrides {
            output_dir: Some(book.path().join("public")),
            ..Default::default()
        };
        let (config, _) = crate::config::load(book.path(), &overrides).unwrap();
        let staging = Staging::begin(&config).unwrap();
        staging.put(&Output {
            path: "index.html".into(),
            bytes: b"home".to_vec(),
        });
        staging.copy(&[Copy {
            from: book.path().join("a.png"),
            to: "a.png".into(),
        }]);
        let worker = crate::offline::files(&config, staging.published()).remove(0);
        assert_eq!(worker.path, "sw.js");
        let n_files = staging.finish().unwrap();
        let marker = std::fs::read_to_string(book.path().join("public").join(super::MARKER));
        assert!(marker.unwrap().ends_with("\na.png\nindex.html\n"));
        (worker.bytes, n_files)
    }

    #[test]
    fn the_offline_worker_is_versioned_by_the_copied_bytes_too() {
        let (first, n_files) = worker_over("image");
        assert_eq!(n_files, 2, "the page and the copy");
        let text = String::from_utf8(first.clone()).unwrap();
        assert!(text.contains(r#"["a.png","index.html"]"#), "{text}");
        assert_eq!(
            first,
            worker_over("image").0,
            "the same site, the same worker"
        );
        assert_ne!(first, worker_over("image, edited").0);
    }
}
