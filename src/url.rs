//! Percent-coding of URL paths: decoding through the `percent-encoding` crate.

use percent_encoding::percent_decode_str;

/// Percent-encodes what may not stand in an href's path as it is: the characters that would end
/// or change it. Hangul and other non-ASCII text stay readable, as written (browsers encode them
/// on request); `percent-encoding` always escapes non-ASCII, so this one replacement is by hand.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for ch in path.chars() {
        match ch {
            ' ' => out.push_str("%20"),
            '"' => out.push_str("%22"),
            '#' => out.push_str("%23"),
            '%' => out.push_str("%25"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '?' => out.push_str("%3F"),
            '`' => out.push_str("%60"),
            ch if ch.is_ascii_control() => out.push_str(&format!("%{:02X}", ch as u32)),
            _ => out.push(ch),
        }
    }
    out
}

/// Decodes `%XX` escapes (links to Hangul file names are often written percent-encoded); text
/// whose escapes do not make UTF-8 is returned as written.
pub fn decode(text: &str) -> String {
    match percent_decode_str(text).decode_utf8() {
        Ok(decoded) => decoded.into_owned(),
        Err(_) => text.to_string(),
    }
}

/// Decodes a request path strictly: `None` when a `%` is not followed by two hex digits.
pub fn decode_strict(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let well_formed = bytes.iter().enumerate().all(|(idx, &byte)| {
        byte != b'%'
            || bytes
                .get(idx + 1..idx + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    well_formed.then(|| percent_decode_str(text).collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_keep_hangul_and_encode_what_would_break_them() {
        assert_eq!(
            super::encode_path("네트워크/c#sharp?/a b/"),
            "네트워크/c%23sharp%3F/a%20b/"
        );
        assert_eq!(super::encode_path("100%"), "100%25");
    }

    #[test]
    fn decoding_reads_hangul_and_leaves_broken_text() {
        assert_eq!(super::decode("%EB%84%A4%ED%8A%B8"), "네트");
        assert_eq!(super::decode("c%23sharp%3F.md"), "c#sharp?.md");
        assert_eq!(super::decode("%FF"), "%FF");
        assert_eq!(super::decode_strict("a%2"), None);
        assert_eq!(super::decode_strict("a%20b"), Some(b"a b".to_vec()));
    }
}
