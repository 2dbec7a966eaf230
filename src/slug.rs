//! Turning names into URL segments and heading ids.
//!
//! Hangul (and every other letter) is kept as written: `## 롤링 업데이트` becomes `#롤링-업데이트`, never
//! a romanisation, because Korean readers share and type these URLs. Everything is NFC-normalised
//! first, since macOS writes Hangul file names in NFD and the two must meet as the same name.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

/// NFC-normalises a string.
pub fn nfc(text: &str) -> String {
    text.nfc().collect()
}

/// GitHub-style heading id: lowercase, letters/digits/`-`/`_` kept, spaces become `-`, other
/// punctuation dropped.
pub fn heading_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for ch in text.trim().nfc() {
        if ch.is_alphanumeric() || ch == '_' || ch == '-' {
            id.extend(ch.to_lowercase());
        } else if ch.is_whitespace() {
            id.push('-');
        }
    }
    if id.is_empty() {
        "section".into()
    } else {
        id
    }
}

/// A URL path segment for a file or folder name: like [`heading_id`], but runs of spaces and
/// punctuation collapse into one `-` so that `My Notes (2024)` becomes `my-notes-2024`.
pub fn segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_dash = false;
    for ch in name.nfc() {
        if ch.is_alphanumeric() || ch == '_' {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(ch.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    if out.is_empty() {
        "page".into()
    } else {
        out
    }
}

/// Longest generated segment (a tag's or a session's page) kept as written; a longer one is cut
/// and given a hash of the whole, so that it stays unique and fits in a file name (255 bytes;
/// 100 Hangul syllables are 300).
const MAX_GENERATED_BYTES: usize = 120;

/// The URL segment of a tag's page: [`segment`], so that tags differing only in case or
/// punctuation share one page, [`bounded`].
pub fn tag(tag: &str) -> String {
    bounded(segment(tag))
}

/// The URL segment of a session's page: [`segment`] of its id, [`bounded`] (an id is any string
/// of `book.toml`).
pub fn session(id: &str) -> String {
    bounded(segment(id))
}

/// `segment` as it is when it fits in [`MAX_GENERATED_BYTES`], else cut there with a hash of the
/// whole: every path segment the build makes from a name in the book goes through here.
fn bounded(segment: String) -> String {
    if segment.len() <= MAX_GENERATED_BYTES {
        return segment;
    }
    let mut end = MAX_GENERATED_BYTES - 9;
    while !segment.is_char_boundary(end) {
        end -= 1;
    }
    let mut hasher = fnv::FnvHasher::default();
    std::hash::Hasher::write(&mut hasher, segment.as_bytes());
    let hash = std::hash::Hasher::finish(&hasher) as u32;
    format!("{}-{hash:08x}", &segment[..end])
}

/// Hands out unique ids within one page: the second `개요` becomes `개요-1`, and so on.
#[derive(Debug, Default)]
pub struct UniqueIds {
    used: HashMap<String, usize>,
}

impl UniqueIds {
    /// Returns `base`, or `base-N` with the smallest N that is still free.
    pub fn claim(&mut self, base: &str) -> String {
        if !self.used.contains_key(base) {
            self.used.insert(base.to_string(), 0);
            return base.to_string();
        }
        let mut n = self.used[base];
        loop {
            n += 1;
            let candidate = format!("{base}-{n}");
            if !self.used.contains_key(&candidate) {
                self.used.insert(base.to_string(), n);
                self.used.insert(candidate.clone(), 0);
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_keep_hangul() {
        assert_eq!(heading_id("롤링 업데이트"), "롤링-업데이트");
        assert_eq!(heading_id("TCP vs. UDP: 헤더"), "tcp-vs-udp-헤더");
    }

    #[test]
    fn nfd_and_nfc_meet() {
        let nfd: String = "가용성".nfd().collect();
        assert_ne!(nfd, "가용성");
        assert_eq!(segment(&nfd), segment("가용성"));
    }

    #[test]
    fn segments_collapse_punctuation() {
        assert_eq!(segment("My Notes (2024)"), "my-notes-2024");
        assert_eq!(segment("!!!"), "page");
    }

    #[test]
    fn unique_ids_count_up() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("a"), "a");
        assert_eq!(ids.claim("a"), "a-1");
        assert_eq!(ids.claim("a-1"), "a-1-1");
        assert_eq!(ids.claim("a"), "a-2");
    }
}
