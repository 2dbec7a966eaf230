//! Pikchr through the reference C implementation, which the `pikchr` crate builds.
//!
//! Three guards: pikchr measures every non-ASCII character as one narrow Latin letter, so Hangul
//! labels overflow auto-sized boxes. We pad each wide character in a string literal with a
//! figure space (U+2007) before rendering, so the box is sized for the real width, and strip the
//! padding from the SVG afterwards (labels are centred, so removing it keeps them centred). The
//! crate's safe wrapper reads freed memory when given a class name, and never frees a rendered
//! SVG (its `Drop` tests `is_null()` the wrong way round; found by the `diagrams` fuzz target), so we call
//! the C function directly and free its buffer ourselves.

use std::ffi::{c_char, c_int, c_void, CStr, CString};

use pikchr::raw::PIKCHR_PLAINTEXT_ERRORS;

use super::RenderError;

const PAD: char = '\u{2007}';

extern "C" {
    /// The C library's `free`: pikchr() returns a buffer from `malloc`.
    fn free(ptr: *mut c_void);
}

/// Renders Pikchr source to SVG.
pub(super) fn render(text: &str) -> Result<String, RenderError> {
    let padded = pad_wide_strings(text);
    match run(&padded) {
        Ok(svg) => Ok(svg.replace(PAD, "")),
        Err(message) => Err(RenderError::syntax(
            error_summary(&message),
            error_line(&message),
        )),
    }
}

/// One call of the C renderer: the SVG, or pikchr's plain-text error message.
fn run(source: &str) -> Result<String, String> {
    let source = CString::new(source)
        .map_err(|_| "ERROR: the diagram contains a NUL character".to_string())?;
    let mut width: c_int = 0;
    let mut height: c_int = 0;
    // SAFETY: `source` is NUL-terminated and outlives the call; a null class means "no class";
    // `width` and `height` are valid for writes.
    let buffer: *mut c_char = unsafe {
        pikchr::raw::pikchr(
            source.as_ptr(),
            std::ptr::null(),
            PIKCHR_PLAINTEXT_ERRORS,
            &mut width,
            &mut height,
        )
    };
    if buffer.is_null() {
        return Err("ERROR: pikchr ran out of memory".into());
    }
    // SAFETY: pikchr returns a NUL-terminated buffer from `malloc`, which is copied here and
    // then freed exactly once.
    let text = unsafe { CStr::from_ptr(buffer) }
        .to_string_lossy()
        .into_owned();
    unsafe { free(buffer.cast()) };
    if width < 0 {
        Err(text)
    } else {
        Ok(text)
    }
}

/// East Asian wide characters are about one em; pikchr counts them as about half.
fn is_wide(ch: char) -> bool {
    matches!(ch as u32, 0x1100..=0x11FF | 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFF60)
}

fn pad_wide_strings(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut in_string = false;
    let mut pending = 0usize;
    let mut escaped = false;
    for ch in text.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if ch == '\\' {
                escaped = true;
            } else if ch == '"' {
                // Where the padding goes does not matter: labels are drawn with
                // `text-anchor="middle"` at the box centre, and the padding is stripped afterwards.
                out.extend(std::iter::repeat_n(PAD, pending));
                pending = 0;
                in_string = false;
                out.push(ch);
                continue;
            }
            if is_wide(ch) {
                pending += 1;
            }
            out.push(ch);
        } else {
            if ch == '"' {
                in_string = true;
            }
            out.push(ch);
        }
    }
    out
}

/// pikchr prints the source with `/*    N */` prefixes and a caret under the error.
fn error_line(message: &str) -> Option<usize> {
    let lines: Vec<&str> = message.lines().collect();
    let caret = lines
        .iter()
        .position(|line| line.trim_start().starts_with('^'))?;
    let numbered = lines[..caret]
        .iter()
        .rev()
        .find(|line| line.trim_start().starts_with("/*"))?;
    let digits: String = numbered
        .trim_start()
        .trim_start_matches("/*")
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn error_summary(message: &str) -> String {
    message
        .lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix("ERROR:")
                .map(|rest| rest.trim().to_string())
        })
        .unwrap_or_else(|| {
            message
                .lines()
                .last()
                .unwrap_or("pikchr error")
                .trim()
                .to_string()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hangul_boxes_are_wider_than_latin_measure() {
        let korean = render("box \"가용 영역 A\" fit").unwrap();
        let width = |svg: &str| -> f64 {
            let view = svg.split("viewBox=\"").nth(1).unwrap();
            view.split_whitespace().nth(2).unwrap().parse().unwrap()
        };
        let latin = render("box \"abcdefg\" fit").unwrap();
        assert!(width(&korean) > width(&latin) * 1.4, "{korean}");
        assert!(!korean.contains(PAD));
        // pikchr writes spaces inside labels as no-break spaces.
        assert!(
            korean.replace('\u{a0}', " ").contains(">가용 영역 A<"),
            "{korean}"
        );
    }

    #[test]
    fn errors_carry_the_line() {
        let error = render("box \"a\"\narrow\nbox \"b\" fiit\n").unwrap_err();
        assert_eq!(error.line, Some(3), "{error:?}");
        assert!(error.message.contains("syntax error"), "{error:?}");
    }
}
