//! Where a new `[[name]]` table goes in a hand-written TOML file (`book.toml`): right after the
//! last complete table of that kind, or of any kind when there is none yet.
//!
//! A table is complete with its sub-tables and with the comments that belong to it. `toml_edit`
//! keeps the comments between two tables as the decor of the *next* header, which is right for a
//! comment introducing that table (`# 빌드 설정` above `[build]`) but wrong for a commented-out
//! key of the table above (`# date = "2026-01-01"` under round 1, as `init` writes it); so the
//! comments are assigned here, by layout:
//! - comment lines right under a table's last key, with no blank line between, are that table's;
//! - but when that run of comments also touches the next header, only its leading commented-out
//!   keys stay above, and the rest introduces the header below;
//! - a comment paragraph standing between blank lines introduces what follows.
//!
//! Tables are found with `toml_edit`'s spans, not by looking for `[` at the start of a line, so
//! a multi-line array whose lines start with `[` is no header.

use std::ops::Range;

/// One table header of the document, with what belongs to it.
#[derive(Debug)]
struct Header {
    /// The dotted key of the table (`["sessions"]`).
    path: Vec<String>,
    /// Whether it is an entry of an array of tables (`[[…]]`).
    array: bool,
    /// The header's bytes.
    span: Range<usize>,
    /// Where its last key's value ends (the header's end when it has none).
    content_end: usize,
}

/// The byte offset in `text` where a new `[[name]]` entry goes: after the last `[[name]]`
/// entry and everything that belongs to it, else after the last table, else at the end.
pub(super) fn insertion_point(text: &str, name: &str) -> Result<usize, toml_edit::TomlError> {
    let document = toml_edit::Document::parse(text)?;
    let mut headers = Vec::new();
    collect(document.as_table(), &mut Vec::new(), &mut headers);
    headers.sort_by_key(|header| header.span.start);
    let target = headers
        .iter()
        .rposition(|header| header.array && header.path == [name])
        .or_else(|| headers.len().checked_sub(1));
    let Some(target) = target else {
        return Ok(text.len());
    };
    // The entry's own sub-tables (`[sessions.extra]`) come with it.
    let own = &headers[target].path;
    let n_inside = headers[target + 1..]
        .iter()
        .take_while(|header| header.path.len() > own.len() && header.path.starts_with(own))
        .count();
    let region = &headers[target..=target + n_inside];
    let content_end = region.iter().map(|h| h.content_end).max().unwrap_or(0);
    let next_header = headers
        .get(target + n_inside + 1)
        .map(|header| line_start(text, header.span.start));
    Ok(end_with_comments(text, content_end, next_header))
}

/// Every table with a header under `table`, depth first.
fn collect(table: &toml_edit::Table, path: &mut Vec<String>, out: &mut Vec<Header>) {
    for (key, item) in table.iter() {
        path.push(key.to_string());
        match item {
            toml_edit::Item::Table(child) => {
                if !child.is_dotted() {
                    push_header(child, path, false, out);
                }
                collect(child, path, out);
            }
            toml_edit::Item::ArrayOfTables(entries) => {
                for child in entries.iter() {
                    push_header(child, path, true, out);
                    collect(child, path, out);
                }
            }
            toml_edit::Item::Value(_) | toml_edit::Item::None => {}
        }
        path.pop();
    }
}

fn push_header(table: &toml_edit::Table, path: &[String], array: bool, out: &mut Vec<Header>) {
    // An implicit table (`a` of `[a.b]`) has no header of its own.
    let Some(span) = table.span() else { return };
    let content_end = table
        .get_values()
        .iter()
        .filter_map(|(_, value)| value.span())
        .map(|value| value.end)
        .fold(span.end, usize::max);
    out.push(Header {
        path: path.to_vec(),
        array,
        span,
        content_end,
    });
}

/// The start of the line holding byte `at`.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |newline| newline + 1)
}

/// After the line holding the table's last value, the comment lines that belong to the table
/// (see the module's rules); `next_header` is the start of the next header's line, if any.
fn end_with_comments(text: &str, content_end: usize, next_header: Option<usize>) -> usize {
    let mut end = text[content_end..]
        .find('\n')
        .map_or(text.len(), |newline| content_end + newline + 1);
    let limit = next_header.unwrap_or(text.len());
    let mut run = Vec::new();
    let mut offset = end;
    for line in text[end..limit].split_inclusive('\n') {
        if !line.trim_start().starts_with('#') {
            break;
        }
        offset += line.len();
        run.push((line, offset));
    }
    let touches_next = next_header == Some(offset);
    for (line, line_end) in run {
        if touches_next && !is_commented_key(line) {
            break;
        }
        end = line_end;
    }
    end
}

/// `# date = "2026-01-01"`: a key the author may uncomment, which belongs to the table above.
fn is_commented_key(line: &str) -> bool {
    let body = line.trim_start().trim_start_matches('#').trim_start();
    let key_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || "_-.\"".contains(c)))
        .unwrap_or(body.len());
    key_len > 0 && body[key_len..].trim_start().starts_with('=')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` with `|` marking where the new table goes; checks the point found.
    #[track_caller]
    fn check(marked: &str) {
        let at = marked.find('|').expect("the test marks the point");
        let text = marked.replacen('|', "", 1);
        assert_eq!(
            insertion_point(&text, "sessions").unwrap(),
            at,
            "expected the point at `|` in:\n{marked}"
        );
    }

    #[test]
    fn commented_keys_under_a_table_stay_with_it() {
        check("[book]\ntitle = \"t\"\n\n# 회차마다 하나씩.\n[[sessions]]\nid = \"round-1\"\n# date = \"2026-01-01\"\n# author = \"출제자\"\n|\n[build]\noutput-dir = \"public\"\n");
    }

    #[test]
    fn a_comment_introducing_the_next_table_stays_with_it() {
        check("[[sessions]]\nid = \"a\"\n|\n# 빌드 설정\n[build]\n");
        check("[[sessions]]\nid = \"a\"\n# date = \"x\"\n|# 빌드 설정\n[build]\n");
        check("[[sessions]]\nid = \"a\"\n# 메모\n|\n# [site]\n# url = \"u\"\n");
    }

    #[test]
    fn the_last_entry_with_its_sub_tables() {
        check("[[sessions]]\nid = \"a\"\n[sessions.extra]\nx = 1\n|[[sessions]]\nid = \"b\"\n[sessions.extra]\nx = 2\n|\n[build]\n".replacen('|', "", 1).as_str());
    }

    #[test]
    fn with_no_entry_after_the_last_table_and_its_comments() {
        check("title = \"t\"\n\n[build]\nout = [\n  [1, 2],\n]\n# 메모\n|\n# [site]\n");
        check("title = \"t\"\n|");
    }

    #[test]
    fn a_multi_line_array_is_not_a_header() {
        check("[[sessions]]\nid = \"a\"\ntags = [\n[\"x\"],\n]\n|");
    }
}
