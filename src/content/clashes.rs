//! Files that would meet at one URL or one output path: names that differ only in case,
//! punctuation or Unicode normalization (macOS writes Hangul file names in NFD), and a page
//! beside a folder of the same name.

use std::collections::HashMap;

use super::{Asset, Page, PageKind};
use crate::config::Config;
use crate::diagnostic::{display_path, Diagnostic};
use crate::slug;

/// Longest file or folder name most file systems accept, in bytes.
pub(super) const MAX_NAME_BYTES: usize = 255;

/// A URL segment over [`MAX_NAME_BYTES`] cannot be written as a folder: an error naming the
/// page, instead of "File name too long" with no file named. (Lowercasing can lengthen a name:
/// `İ` becomes two characters.)
pub(super) fn check_name_lengths(pages: &[Page], diagnostics: &mut Vec<Diagnostic>) {
    for page in pages {
        if let Some(long) = page.url.split('/').find(|s| s.len() > MAX_NAME_BYTES) {
            diagnostics.push(
                Diagnostic::error(
                    page.file.clone(),
                    format!(
                        "this page's URL has a segment of {} bytes (`{}…`); file systems allow {MAX_NAME_BYTES}",
                        long.len(),
                        long.chars().take(20).collect::<String>()
                    ),
                )
                .with_help("shorten the file or folder name"),
            );
        }
    }
}

pub(super) fn check_urls(pages: &[Page], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Page> = HashMap::new();
    for page in pages {
        if let Some(first) = seen.get(page.url.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    page.file.clone(),
                    format!(
                        "this page has the same URL `/{}` as `{}`",
                        page.url,
                        first.file.display()
                    ),
                )
                .with_help(same_url_help(first, page)),
            );
        } else {
            seen.insert(&page.url, page);
        }
    }
}

/// Two pages with one front matter `id` would share the reader's progress: an error at the
/// second page's `id` line, naming the first file. An id must also be usable as a storage key
/// and in a URL fragment, so only ASCII letters, digits, `-` and `_` are taken.
pub(super) fn check_ids(pages: &[Page], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Page> = HashMap::new();
    for page in pages {
        let Some(id) = page.front.id.as_deref() else {
            continue;
        };
        let span = id_span(page, id);
        let well_formed = !id.is_empty()
            && id.len() <= 64
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !well_formed {
            diagnostics.push(
                Diagnostic::error(page.file.clone(), format!("`id = {id:?}` is not a usable id"))
                    .at(&page.source, span)
                    .with_help("use up to 64 ASCII letters, digits, `-` and `_`, e.g. `id = \"networking-q1-tcp\"`"),
            );
        } else if let Some(first) = seen.get(id) {
            diagnostics.push(
                Diagnostic::error(
                    page.file.clone(),
                    format!(
                        "this page has the same `id = \"{id}\"` as `{}`",
                        first.file.display()
                    ),
                )
                .at(&page.source, span)
                .with_help(format!(
                    "ids key the readers' progress, so each question needs its own: change the id of the newer page (`{}` or `{}`), keeping the older one",
                    first.file.display(),
                    page.file.display()
                )),
            );
        } else {
            seen.insert(id, page);
        }
    }
}

/// Where the `id` key's value is written in the front matter (the key's line, not another key
/// whose value happens to contain the same text).
fn id_span(page: &Page, id: &str) -> std::ops::Range<usize> {
    let front = &page.source[..page.body_start.min(page.source.len())];
    let mut offset = 0;
    for line in front.split_inclusive('\n') {
        let key = line.trim_start();
        let is_id = key
            .strip_prefix("id")
            .is_some_and(|rest| rest.trim_start().starts_with('='));
        if let (true, Some(at)) = (is_id, line.find(id)) {
            return offset + at..offset + at + id.len();
        }
        offset += line.len();
    }
    0..0
}

/// Says why two files meet at one URL, since the names usually look different on screen (or,
/// for NFC and NFD, look exactly the same).
fn same_url_help(first: &Page, second: &Page) -> String {
    let name = |page: &Page| {
        page.file
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    // A folder without an index file gets a page whose `file` is the folder itself.
    let is_folder = |page: &Page| {
        page.kind == PageKind::Section && page.file.extension().is_none_or(|ext| ext != "md")
    };
    let (leaf, section) = match (first.kind, second.kind) {
        (PageKind::Leaf, PageKind::Section) => (first, second),
        (PageKind::Section, PageKind::Leaf) => (second, first),
        _ => return name_clash_help(&name(first), &name(second)),
    };
    if is_folder(section) {
        format!(
            "the page `{}` and the folder `{}/` both become `/{}`; move `{}` to `{}/_index.md` to make it the folder's own page",
            leaf.file.display(),
            section.file.display(),
            leaf.url,
            leaf.file.display(),
            section.file.display()
        )
    } else {
        format!(
            "`{}` and the folder page `{}` both become `/{}`; merge them or rename one",
            leaf.file.display(),
            section.file.display(),
            leaf.url
        )
    }
}

fn name_clash_help(first: &str, second: &str) -> String {
    if first != second && slug::nfc(first) == slug::nfc(second) {
        "the two names are the same text in different Unicode normalization (NFC and NFD; macOS writes NFD), so they look identical: delete or rename one of them".into()
    } else if slug::nfc(first).to_lowercase() == slug::nfc(second).to_lowercase() {
        "the names differ only in case, and URLs are lowercase: rename one of them".into()
    } else {
        "the names differ only in punctuation or spacing, which URLs leave out: rename one of them"
            .into()
    }
}

/// Two files whose names differ only in Unicode normalization would be copied to one path.
pub(super) fn check_assets(config: &Config, assets: &[Asset], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Asset> = HashMap::new();
    for asset in assets {
        if let Some(first) = seen.get(asset.rel_path.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    display_path(&config.root, &asset.path),
                    format!(
                        "this file has the same path `{}` in the site as `{}`",
                        asset.rel_path,
                        crate::diagnostic::shown_path(&display_path(&config.root, &first.path))
                    ),
                )
                .with_help(name_clash_help(
                    &asset.path.to_string_lossy(),
                    &first.path.to_string_lossy(),
                )),
            );
        } else {
            seen.insert(&asset.rel_path, asset);
        }
    }
}
