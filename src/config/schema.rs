//! What `book.toml` may hold, checked against the file as parsed with its spans, so that one run
//! reports every mistake: each unknown key with the key it was probably meant to be, each
//! duplicate key with where it was first set, a `language` the UI has no strings for.
//!
//! serde's `deny_unknown_fields` stops at the first unknown key and knows no spans of the keys it
//! did not expect, so the walk happens here, on `toml::de::DeTable` (toml's own parse tree, which
//! keeps every key's and value's byte range); unknown keys are reported and removed, and only
//! then is each section deserialized on its own, so a wrong type in `[site]` does not hide one in
//! `[book]`.

use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostic::{closest, Diagnostic, Position, SourceText};
use crate::i18n::Language;

/// A section of `book.toml` and the keys it takes.
type Section = (&'static str, &'static [&'static str]);

/// The sections of `book.toml`, each with the keys of the serde struct it is deserialized into
/// (so a key added to the struct is a key this walk accepts). `sessions` is an array of tables.
fn sections() -> [Section; 6] {
    use super::{BookSection, BuildSection, LintSection, Session, SiteSection, StudySection};
    [
        ("book", keys::<BookSection>()),
        ("sessions", keys::<Session>()),
        ("build", keys::<BuildSection>()),
        ("site", keys::<SiteSection>()),
        ("lint", keys::<LintSection>()),
        ("study", keys::<StudySection>()),
    ]
}

/// The keys a struct's derived `Deserialize` reads, as written in the file (`rename_all`
/// applied): it passes them to [`serde::Deserializer::deserialize_struct`], which
/// [`FieldNames`] records before refusing to give any value.
fn keys<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    // Always an error: `FieldNames` only records the names, it has no values to give.
    let _ = T::deserialize(FieldNames(&mut fields));
    fields
}

/// A deserializer that records the field names a struct asks for.
struct FieldNames<'a>(&'a mut &'static [&'static str]);

impl<'de> serde::Deserializer<'de> for FieldNames<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("only a struct has field names"))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(serde::de::Error::custom("field names recorded"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// Slips for a language tag that edit distance does not catch: `kr` is Kanuri, though it is
/// Korea's country code and a common guess for Korean.
const LANGUAGE_SLIPS: &[(&str, &str)] = &[
    ("kr", "ko"),
    ("kor", "ko"),
    ("korean", "ko"),
    ("한국어", "ko"),
    ("eng", "en"),
    ("english", "en"),
];

/// The parsed file, with its source for anchoring diagnostics.
pub(super) struct File<'i> {
    source: SourceText,
    /// What remains after unknown keys were removed.
    pub(super) root: DeTable<'i>,
    /// No syntax error: everything written was read.
    pub(super) syntax_ok: bool,
}

/// Parses `text`, reporting syntax errors (duplicate keys among them) and unknown keys, and
/// returns what is left to deserialize.
pub(super) fn parse<'i>(text: &'i str, diagnostics: &mut Vec<Diagnostic>) -> File<'i> {
    let source = SourceText::from(text);
    let (root, errors) = DeTable::parse_recoverable(text);
    let mut root = root.into_inner();
    for error in &errors {
        diagnostics.push(syntax_error(&source, &root, error));
    }
    // After a syntax error the keys that follow it are read in the wrong place; reporting them as
    // unknown would only repeat that one mistake, so they are pruned silently.
    // (A duplicate key is not such a mistake: everything around it was read where it stands.)
    let misread = errors
        .iter()
        .any(|error| !error.message().starts_with("duplicate key"));
    let mut pruned = Vec::new();
    prune_top_level(&source, &mut root, &mut pruned);
    if !misread {
        diagnostics.extend(pruned);
    }
    File {
        source,
        root,
        syntax_ok: !misread,
    }
}

impl<'i> File<'i> {
    /// An error anchored at `span` of the file.
    pub(super) fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error("book.toml", message).at(&self.source, span)
    }

    /// The file's text, for anchoring a diagnostic made later.
    pub(super) fn source(&self) -> SourceText {
        self.source.clone()
    }

    /// The string at `section.key` and its span, when it is one.
    pub(super) fn string(&self, section: &str, key: &str) -> Option<(String, Range<usize>)> {
        let value = self.root.get(section)?.get_ref().get(key)?;
        let text = value.get_ref().as_str()?;
        Some((text.to_string(), value.span()))
    }

    /// Where `section.key` is written, whatever its type.
    pub(super) fn span(&self, section: &str, key: &str) -> Option<Range<usize>> {
        Some(self.root.get(section)?.get_ref().get(key)?.span())
    }

    /// Takes one section out for deserializing on its own.
    pub(super) fn take(&mut self, section: &str) -> Option<Spanned<DeValue<'i>>> {
        self.root.remove(section)
    }
}

fn syntax_error(source: &SourceText, root: &DeTable<'_>, error: &toml::de::Error) -> Diagnostic {
    let message = super::toml_message(error);
    let Some(span) = error.span() else {
        return Diagnostic::error("book.toml", message);
    };
    if error.message().starts_with("duplicate key") {
        let key = source[span.clone()]
            .trim()
            .trim_matches(['"', '\''])
            .to_string();
        let first = first_key_before(root, &key, span.start)
            .or_else(|| header_before(source, &key, span.start));
        let mut diagnostic = Diagnostic::error("book.toml", format!("duplicate key `{key}`"));
        diagnostic = match first {
            Some(first) => {
                let Position { line, column } = source.position(first.start);
                diagnostic.with_help(format!(
                    "`{key}` was first set at book.toml:{line}:{column}; keep one of the two (TOML sets each key once)"
                ))
            }
            None => diagnostic.with_help("keep one of the two (TOML sets each key once)"),
        };
        return diagnostic.at(source, span);
    }
    Diagnostic::error("book.toml", message)
        .with_help("see the `book.toml` reference in README.md for the keys each section takes")
        .at(source, span)
}

/// The span of the last key named `key` that starts before `before`, anywhere in the tree: the
/// parser kept the first of two duplicates, and the nearest earlier one is the one it clashes
/// with.
fn first_key_before(table: &DeTable<'_>, key: &str, before: usize) -> Option<Range<usize>> {
    let mut best: Option<Range<usize>> = None;
    let mut consider = |span: Range<usize>| {
        if span.start < before && best.as_ref().is_none_or(|b| span.start > b.start) {
            best = Some(span);
        }
    };
    for (name, value) in table.iter() {
        if name.get_ref() == key {
            consider(name.span());
        }
        for nested in nested_tables(value.get_ref()) {
            if let Some(span) = first_key_before(nested, key, before) {
                consider(span);
            }
        }
    }
    best
}

/// A table header `[key]` before `before`: when a header is repeated, the parser's tree holds
/// the table under the second header's span, so the first is found in the text.
fn header_before(source: &str, key: &str, before: usize) -> Option<Range<usize>> {
    let wanted = format!("[{key}]");
    let mut offset = 0;
    let mut found = None;
    for line in source[..before].split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.trim_end() == wanted {
            let start = offset + (line.len() - trimmed.len()) + 1;
            found = Some(start..start + key.len());
        }
        offset += line.len();
    }
    found
}

fn nested_tables<'a, 'i>(value: &'a DeValue<'i>) -> Vec<&'a DeTable<'i>> {
    match value {
        DeValue::Table(table) => vec![table],
        DeValue::Array(array) => array
            .iter()
            .filter_map(|item| item.get_ref().as_table())
            .collect(),
        _ => Vec::new(),
    }
}

fn prune_top_level(source: &SourceText, root: &mut DeTable<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let sections = sections();
    let names: Vec<&str> = sections.iter().map(|(name, _)| *name).collect();
    let mut unknown = Vec::new();
    for (key, _) in root.iter() {
        if !names.contains(&key.get_ref().as_ref()) {
            unknown.push((key.get_ref().to_string(), key.span()));
        }
    }
    for (key, span) in &unknown {
        diagnostics.push(unknown_top_level(source, key, span.clone(), &names));
        root.remove(key.as_str());
    }
    for (section, keys) in sections {
        let Some(value) = root.get_mut(section) else {
            continue;
        };
        match value.get_mut() {
            DeValue::Table(table) => prune_section(source, section, keys, table, diagnostics),
            DeValue::Array(array) => {
                for item in array.iter_mut() {
                    if let DeValue::Table(table) = item.get_mut() {
                        prune_section(source, section, keys, table, diagnostics);
                    }
                }
            }
            // A section of the wrong type is reported when it is deserialized.
            _ => {}
        }
    }
}

fn unknown_top_level(
    source: &SourceText,
    key: &str,
    span: Range<usize>,
    names: &[&str],
) -> Diagnostic {
    let diagnostic = Diagnostic::error("book.toml", format!("unknown top-level key `{key}`"));
    let diagnostic = if let Some(home) = section_of(key) {
        let home = header(home);
        diagnostic.with_help(format!(
            "`{key}` belongs in `{home}`: move it below the `{home}` line"
        ))
    } else {
        let sections: Vec<String> = names
            .iter()
            .map(|name| format!("`{}`", header(name)))
            .collect();
        let otherwise = format!("book.toml has {}", sections.join(", "));
        did_you_mean(diagnostic, key, names, &otherwise)
    };
    diagnostic.at(source, span)
}

fn prune_section(
    source: &SourceText,
    section: &str,
    keys: &[&str],
    table: &mut DeTable<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let written = header(section);
    let mut unknown = Vec::new();
    for (key, _) in table.iter() {
        let name = key.get_ref().as_ref();
        if keys.contains(&name) {
            continue;
        }
        let diagnostic =
            Diagnostic::error("book.toml", format!("unknown key `{name}` in `{written}`"));
        let takes: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
        let takes = format!("`{written}` takes {}", takes.join(", "));
        // `author` in `[book]` is a slip for `authors`, not a key that belongs in a session.
        let near = closest(name, keys.iter().copied(), 1)
            .first()
            .is_some_and(|best| strsim::normalized_levenshtein(name, best) >= 0.75);
        let diagnostic = match section_of(name).filter(|home| *home != section) {
            Some(home) if !near => {
                diagnostic.with_help(format!("`{name}` belongs in `{}`; {takes}", header(home)))
            }
            _ => did_you_mean(diagnostic, name, keys, &takes),
        };
        diagnostics.push(diagnostic.at(source, key.span()));
        unknown.push(name.to_string());
    }
    for name in unknown {
        table.remove(name.as_str());
    }
}

/// Adds "did you mean `x`?" (and the candidates as suggestions) when a known name is close,
/// and `otherwise` as the help line when none is.
fn did_you_mean(
    diagnostic: Diagnostic,
    wanted: &str,
    known: &[&str],
    otherwise: &str,
) -> Diagnostic {
    let close = closest(wanted, known.iter().copied(), 3);
    match close.first() {
        Some(best) => diagnostic
            .with_help(format!("did you mean `{best}`? {otherwise}"))
            .with_suggestions(close.iter().map(|c| c.to_string()).collect()),
        None => diagnostic.with_help(otherwise.to_string()),
    }
}

/// How the section's header is written: `[book]`, `[[sessions]]`.
fn header(section: &str) -> String {
    if section == "sessions" {
        "[[sessions]]".to_string()
    } else {
        format!("[{section}]")
    }
}

/// The section that takes `key`, for a key written in the wrong place (`title` above `[book]`).
fn section_of(key: &str) -> Option<&'static str> {
    sections()
        .into_iter()
        .find(|(_, keys)| keys.contains(&key))
        .map(|(section, _)| section)
}

/// The error for a `language` the UI has no strings for, or `None` when it has.
pub(super) fn check_language(
    file: &File<'_>,
    value: &str,
    span: Range<usize>,
) -> Option<Diagnostic> {
    if Language::from_tag(value).is_some() {
        return None;
    }
    let lowered = value.trim().to_lowercase();
    let slip = LANGUAGE_SLIPS
        .iter()
        .find(|(slip, _)| *slip == lowered)
        .map(|(_, meant)| *meant);
    let primary = lowered.split(['-', '_']).next().unwrap_or("");
    let meant = slip.or_else(|| Language::from_tag(primary).map(Language::tag));
    let message =
        format!("`language = \"{value}\"` is not a language studybook has UI strings for");
    let diagnostic = file.error(span, message);
    Some(match meant {
        Some(meant) => diagnostic
            .with_help(format!(
                "did you mean `\"{meant}\"`? `language` is `\"ko\"` (한국어) or `\"en\"` (English)"
            ))
            .with_suggestions(vec![format!("\"{meant}\"")]),
        None => diagnostic.with_help("`language` is `\"ko\"` (한국어) or `\"en\"` (English)"),
    })
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Diagnostic;

    fn walk(text: &str) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        let _ = super::parse(text, &mut diagnostics);
        diagnostics
    }

    #[test]
    fn keys_are_the_structs_field_names_as_written_in_the_file() {
        assert_eq!(
            super::keys::<super::super::BuildSection>(),
            ["output-dir", "broken-links"]
        );
        assert_eq!(
            super::keys::<super::super::Session>(),
            ["id", "title", "date", "author"]
        );
        assert!(super::sections().iter().all(|(_, keys)| !keys.is_empty()));
    }

    #[test]
    fn every_key_of_every_struct_passes_the_walk() {
        let mut text = String::new();
        for (section, keys) in super::sections() {
            text.push_str(&format!("{}\n", super::header(section)));
            for key in keys {
                text.push_str(&format!("{key} = 0\n"));
            }
        }
        let found = walk(&text);
        assert!(found.is_empty(), "{text}\n{found:#?}");
    }

    #[test]
    fn an_unknown_key_is_reported_with_the_one_it_was_meant_to_be() {
        let found = walk("[build]\noutput_dir = \"out\"\n[study]\nretension = 0.9\n");
        let found: Vec<(&str, Option<&str>, &[String])> = (found.iter())
            .map(|d| {
                (
                    d.message.as_str(),
                    d.help.as_deref(),
                    d.suggestions.as_slice(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "unknown key `output_dir` in `[build]`",
                    Some("did you mean `output-dir`? `[build]` takes `output-dir`, `broken-links`"),
                    &["output-dir".to_string()][..],
                ),
                (
                    "unknown key `retension` in `[study]`",
                    Some("did you mean `retention`? `[study]` takes `retention`, `interview-minutes`"),
                    &["retention".to_string()][..],
                ),
            ]
        );
    }

    #[test]
    fn a_file_setting_every_key_with_a_value_of_its_type_is_read_without_a_word() {
        let text = "[book]\ntitle = \"t\"\ndescription = \"d\"\nlanguage = \"en\"\nauthors = [\"a\"]\n\
                    [[sessions]]\nid = \"1\"\ntitle = \"t\"\ndate = \"2025-01-01\"\nauthor = \"a\"\n\
                    [build]\noutput-dir = \"out\"\nbroken-links = \"warn\"\n\
                    [site]\nurl = \"https://x.org/\"\nrepository = \"https://g/x\"\nbranch = \"main\"\ncname = \"x.org\"\n\
                    [lint]\nreview-max-age-days = 30\n\
                    [study]\nretention = 0.9\ninterview-minutes = 5\n";
        let mut diagnostics = Vec::new();
        let _ = super::super::parse_book_toml(text, &mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    }
}
