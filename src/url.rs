//! URLs: [`WebUrl`], the one type of an address that comes from a book's data (`[site] url`,
//! `repository`, `--base-url`), checked once where it is read; and percent-coding of URL paths,
//! decoding through the `percent-encoding` crate.

use percent_encoding::percent_decode_str;

/// An absolute `http(s)` URL from data, checked once: no other scheme (a `javascript:` link would
/// run when clicked), a host without user info (`https://github.com@evil.example`), and no
/// whitespace, control character or quote anywhere (a newline in a base URL would add lines to
/// `robots.txt`). A base URL ([`WebUrl::base`]) also has no empty path segment, so that no root
/// studybook derives from it can turn protocol-relative (`//evil.example/static/site.js`).
///
/// Not the `url` crate: that parses every URL a browser accepts (and brings ICU for IDNA); a
/// book needs the narrow form checked here, and the text kept as the author wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl(String);

impl WebUrl {
    /// An absolute `http(s)` URL, as written; surrounding spaces are dropped.
    pub fn parse(text: &str) -> Result<WebUrl, String> {
        let text = text.trim_matches(' ');
        if let Some(bad) = text.chars().find(|ch| {
            ch.is_control() || ch.is_whitespace() || matches!(ch, '"' | '<' | '>' | '\\' | '`')
        }) {
            return Err(format!("the URL holds {}, which no URL may", describe(bad)));
        }
        let Some(rest) = strip_scheme(text) else {
            return Err("not an absolute `http://` or `https://` URL".into());
        };
        let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let host = &rest[..host_end];
        if host.is_empty() {
            return Err("the URL names no host".into());
        }
        if host.contains('@') {
            return Err("the host holds `@` (user info), which hides where the link leads".into());
        }
        Ok(WebUrl(text.to_string()))
    }

    /// A base URL: absolute `http(s)`, no query or fragment, no empty path segment; ends in
    /// exactly one `/` (added when missing).
    pub fn base(text: &str) -> Result<WebUrl, String> {
        let url = WebUrl::parse(text)?;
        if url.0.contains(['?', '#']) {
            return Err("a base URL has no `?query` or `#fragment`".into());
        }
        let trimmed = url.0.trim_end_matches('/');
        if trimmed.len() < url.0.len().saturating_sub(1) || path_of(trimmed).contains("//") {
            return Err("the path has an empty segment (`//`), which would make links to it lead to another host".into());
        }
        Ok(WebUrl(format!("{trimmed}/")))
    }

    /// The URL without trailing slashes (a repository's web address, to append paths to).
    pub fn without_trailing_slash(self) -> WebUrl {
        let trimmed = self.0.trim_end_matches('/');
        if trimmed.len() == self.0.len() {
            return self;
        }
        WebUrl(trimmed.to_string())
    }

    /// The URL as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The path, from the `/` after the host (`/study/` for `https://x.github.io/study/`); `/`
    /// when there is none.
    pub fn path(&self) -> &str {
        match path_of(&self.0) {
            "" => "/",
            path => path,
        }
    }
}

impl std::ops::Deref for WebUrl {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for WebUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A character named so that it can be found: a space, a control character by its code point.
fn describe(ch: char) -> String {
    match ch {
        ' ' => "a space".into(),
        ch if ch.is_control() || ch.is_whitespace() => {
            format!("a control or space character (U+{:04X})", ch as u32)
        }
        ch => format!("`{ch}`"),
    }
}

/// What follows `http://` or `https://` (either case), or `None` for any other scheme.
fn strip_scheme(text: &str) -> Option<&str> {
    ["https://", "http://"].iter().find_map(|scheme| {
        let head = text.get(..scheme.len())?;
        head.eq_ignore_ascii_case(scheme)
            .then(|| &text[scheme.len()..])
    })
}

/// The path of a URL checked by [`WebUrl::parse`]: from the first `/` after the host.
fn path_of(url: &str) -> &str {
    let rest = strip_scheme(url).unwrap_or(url);
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    let rest = &rest[..end];
    rest.find('/').map_or("", |idx| &rest[idx..])
}

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
    use super::WebUrl;

    #[test]
    fn only_absolute_http_urls_without_control_characters_are_web_urls() {
        for bad in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "data:text/html,x",
            "//evil.example/",
            "/relative",
            "https://",
            "https://github.com@evil.example/x",
            "https://a.github.io/x\nDisallow: /",
            "https://a.github.io/\u{1b}]52;c;x\u{7}",
            "https://a.github.io/\"onmouseover=x",
            "https://a.github.io/a b",
        ] {
            assert!(WebUrl::parse(bad).is_err(), "{bad:?} was accepted");
        }
        let url = WebUrl::parse(" HTTPS://github.com/o/r/ ").unwrap();
        assert_eq!(url.as_str(), "HTTPS://github.com/o/r/");
        assert_eq!(
            url.without_trailing_slash().as_str(),
            "HTTPS://github.com/o/r"
        );
    }

    #[test]
    fn a_base_url_has_one_trailing_slash_and_no_empty_segment() {
        let base = WebUrl::base("https://a.github.io/study").unwrap();
        assert_eq!(base.as_str(), "https://a.github.io/study/");
        assert_eq!(base.path(), "/study/");
        assert_eq!(WebUrl::base("https://a.github.io").unwrap().path(), "/");
        assert_eq!(
            WebUrl::base("https://a.github.io/x/").unwrap().path(),
            "/x/"
        );
        for bad in [
            "https://owner.github.io//evil.example/",
            "https://a.github.io/x//",
            "https://a.github.io/x?y=1",
            "https://a.github.io/#x",
        ] {
            assert!(WebUrl::base(bad).is_err(), "{bad:?} was accepted");
        }
    }

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
