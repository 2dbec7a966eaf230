//! Writing the site: everything goes to a staging folder beside the output, which is swapped in
//! only when complete. A failed or interrupted build leaves the previous site untouched, and a
//! successful one leaves no stale file of a deleted page.
//!
//! `build` never deletes a folder it did not write: the output folder carries a marker file, and
//! a non-empty folder without it is refused, as are the book's own folders and their ancestors.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use rayon::prelude::*;

use crate::config::Config;
use crate::render::Output;

/// The file that marks a folder as studybook's output.
pub const MARKER: &str = ".studybook-output";

/// A file to copy into the site.
#[derive(Debug, Clone)]
pub struct Copy {
    /// Source path.
    pub from: PathBuf,
    /// Destination relative to the output folder.
    pub to: String,
}

/// FNV-1a, for short content hashes (asset versions) that must not change between runs.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Refuses output folders that would destroy the book or somebody else's files.
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
    if out.is_dir() && !out.join(MARKER).exists() {
        let has_files = std::fs::read_dir(&out)
            .map(|mut entries| entries.next().is_some())
            .unwrap_or(false);
        if has_files {
            bail!(
                "`{}` holds files that studybook did not write (no `{MARKER}` marker); refusing to replace them. Empty it or choose another `--out`",
                out.display()
            );
        }
    }
    Ok(())
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
    recover_interrupted(parent, &name, &out)?;
    if staging.exists() {
        std::fs::remove_dir_all(&staging)
            .with_context(|| format!("failed to clear `{}`", staging.display()))?;
    }
    let result = fill(&staging, outputs, copies);
    if let Err(error) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(error);
    }
    if out.exists() {
        std::fs::rename(&out, &old).with_context(|| {
            format!("failed to move the previous site `{}` aside", out.display())
        })?;
    }
    if let Err(error) = std::fs::rename(&staging, &out) {
        // Put the previous site back; the new one stays in staging for inspection.
        let _ = std::fs::rename(&old, &out);
        return Err(error)
            .with_context(|| format!("failed to move the new site into `{}`", out.display()));
    }
    if old.exists() {
        std::fs::remove_dir_all(&old).with_context(|| {
            format!("failed to remove the previous site at `{}`", old.display())
        })?;
    }
    Ok(outputs.len() + copies.len())
}

/// A build killed between its two renames leaves the previous site in `.NAME.studybook-old-*`
/// and no output folder: put it back. Leftover staging folders are removed.
fn recover_interrupted(parent: &Path, name: &str, out: &Path) -> anyhow::Result<()> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if file_name.starts_with(&format!(".{name}.studybook-old-")) {
            if !out.exists() && path.join(MARKER).exists() {
                std::fs::rename(&path, out)
                    .with_context(|| format!("failed to restore `{}`", out.display()))?;
            } else {
                let _ = std::fs::remove_dir_all(&path);
            }
        } else if file_name.starts_with(&format!(".{name}.studybook-staging-")) {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
    Ok(())
}

fn fill(staging: &Path, outputs: &[Output], copies: &[Copy]) -> anyhow::Result<()> {
    std::fs::create_dir_all(staging)
        .with_context(|| format!("failed to create `{}`", staging.display()))?;
    outputs.par_iter().try_for_each(|output| {
        let path = staging.join(&output.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("failed to create `{}`", dir.display()))?;
        }
        std::fs::write(&path, &output.bytes)
            .with_context(|| format!("failed to write `{}`", path.display()))
    })?;
    copies.par_iter().try_for_each(|copy| {
        let path = staging.join(&copy.to);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("failed to create `{}`", dir.display()))?;
        }
        std::fs::copy(&copy.from, &path)
            .map(|_| ())
            .with_context(|| {
                format!(
                    "failed to copy `{}` (was it deleted during the build?)",
                    copy.from.display()
                )
            })
    })?;
    std::fs::write(
        staging.join(MARKER),
        "This folder is written by studybook; it is replaced on every build.\n",
    )
    .context("failed to write the output marker")?;
    Ok(())
}
