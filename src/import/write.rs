//! Carries out a [`Plan`]: creates the new pages and adds the round to `book.toml`.
//!
//! Every page is opened with `create_new`, so a file that appeared since the plan was made (or a
//! clash the plan could not see, like a hidden file) is reported and skipped, never overwritten.
//! `book.toml` is edited with `toml_edit`, which keeps every other byte of the file as it was.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::plan::{FileAction, Plan, SessionPlan};
use super::{content_path, pages};

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WrittenFile {
    /// Created.
    Created(PathBuf),
    /// Left alone: it existed already.
    Skipped(PathBuf),
}

/// Everything an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// The pages, in plan order.
    pub files: Vec<WrittenFile>,
    /// Whether `book.toml` gained the session.
    pub session_added: bool,
}

impl Written {
    /// Pages created.
    pub fn n_created(&self) -> usize {
        self.files
            .iter()
            .filter(|f| matches!(f, WrittenFile::Created(_)))
            .count()
    }

    /// The lines `import` prints after the plan.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        for file in &self.files {
            if let WrittenFile::Skipped(path) = file {
                let _ = writeln!(out, "skipped {}: it already exists", path.display());
            }
        }
        if self.n_created() == 0 && !self.session_added {
            out.push_str("nothing to do: this round is already in the book\n");
        } else {
            let session = if self.session_added {
                ", added the session to book.toml"
            } else {
                ""
            };
            let _ = writeln!(out, "created {} pages{session}", self.n_created());
        }
        out
    }
}

/// Writes the plan's new files under `book_dir`. Every path is checked before the first file is
/// written, so that a folder linked out of the book stops the import with nothing written.
pub(super) fn apply(plan: &Plan, book_dir: &Path) -> anyhow::Result<Written> {
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for topic in &plan.new_topics {
        let path = content_path(book_dir, &format!("{}/_index.md", topic.slug));
        files.push((path, pages::topic(topic)));
    }
    for scenario in &plan.scenarios {
        if scenario.index == FileAction::Create {
            let path = content_path(book_dir, &format!("{}/_index.md", scenario.dir));
            files.push((path, pages::scenario(scenario, &plan.session.id)));
        }
        for question in &scenario.questions {
            if question.action == FileAction::Create {
                let path = content_path(book_dir, &question.path);
                files.push((path, pages::question(question)));
            }
        }
    }
    let book_toml = book_dir.join("book.toml");
    for path in (files.iter().map(|(path, _)| path)).chain(Some(&book_toml)) {
        crate::source_file::check_write(book_dir, path)?;
    }
    let mut written = Written::default();
    for (path, text) in &files {
        written.files.push(create(path, text)?);
    }
    if !plan.session.exists {
        add_session(&book_toml, &plan.session)?;
        written.session_added = true;
    }
    Ok(written)
}

fn create(path: &Path, text: &str) -> anyhow::Result<WrittenFile> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("failed to create `{}`", dir.display()))?;
    }
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    match file {
        Ok(mut file) => {
            file.write_all(text.as_bytes())
                .with_context(|| format!("failed to write `{}`", path.display()))?;
            Ok(WrittenFile::Created(path.to_path_buf()))
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            Ok(WrittenFile::Skipped(path.to_path_buf()))
        }
        Err(error) => Err(error).with_context(|| format!("failed to create `{}`", path.display())),
    }
}

/// Appends the session to `book.toml` (creating the file if there is none).
fn add_session(path: &Path, session: &SessionPlan) -> anyhow::Result<()> {
    let before = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => {
            return Err(error).with_context(|| format!("failed to read `{}`", path.display()))
        }
    };
    let after = with_session(&before, session)
        .with_context(|| format!("failed to edit `{}`", path.display()))?;
    std::fs::write(path, after).with_context(|| format!("failed to write `{}`", path.display()))
}

/// `book_toml` with one more `[[sessions]]` entry, placed after the last one (or at the end),
/// every other byte kept.
pub(super) fn with_session(book_toml: &str, session: &SessionPlan) -> anyhow::Result<String> {
    let document: toml_edit::DocumentMut =
        book_toml.parse().context("`book.toml` is not valid TOML")?;
    let mut entry = toml_edit::Table::new();
    entry["id"] = toml_edit::value(session.id.as_str());
    entry["title"] = toml_edit::value(session.title.as_str());
    if !session.date.is_empty() {
        entry["date"] = toml_edit::value(session.date.as_str());
    }
    if !session.author.is_empty() {
        entry["author"] = toml_edit::value(session.author.as_str());
    }
    let mut sessions = toml_edit::ArrayOfTables::new();
    sessions.push(entry);
    let mut alone = toml_edit::DocumentMut::new();
    alone.insert("sessions", toml_edit::Item::ArrayOfTables(sessions));
    let block = alone.to_string();
    let at = insertion_point(book_toml, &document);
    let (head, tail) = book_toml.split_at(at);
    let mut out = String::with_capacity(book_toml.len() + block.len() + 2);
    out.push_str(head);
    if !head.is_empty() && !head.ends_with('\n') {
        out.push('\n');
    }
    if !head.is_empty() && !head.ends_with("\n\n") {
        out.push('\n');
    }
    out.push_str(&block);
    if !tail.is_empty() && !tail.starts_with('\n') {
        out.push('\n');
    }
    out.push_str(tail);
    let count = |text: &str| {
        text.parse::<toml::Table>()
            .ok()
            .and_then(|t| t.get("sessions").and_then(|s| s.as_array()).map(Vec::len))
    };
    if count(&out) != Some(count(book_toml).unwrap_or(0) + 1) {
        anyhow::bail!("`book.toml` declares `sessions` in a form `import` cannot extend; add the round as a `[[sessions]]` table by hand");
    }
    Ok(out)
}

/// The byte offset just after the last `[[sessions]]` entry: where the next table's header
/// starts (with the blank lines and comments above it kept below), or the end of the file.
fn insertion_point(text: &str, document: &toml_edit::DocumentMut) -> usize {
    if !document.contains_key("sessions") {
        return text.len();
    }
    let mut in_sessions = false;
    let mut end = text.len();
    let mut offset = 0;
    let mut last_content_end = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            let is_session = trimmed.starts_with("[[sessions]]");
            if in_sessions && !is_session {
                end = last_content_end.unwrap_or(offset);
                in_sessions = false;
            }
            if is_session {
                in_sessions = true;
                end = text.len();
            }
        }
        offset += line.len();
        if in_sessions && !trimmed.is_empty() && !trimmed.starts_with('#') {
            last_content_end = Some(offset);
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> SessionPlan {
        SessionPlan {
            id: "2025-12-01".into(),
            title: "스터디 3회차".into(),
            date: "2025-12-01".into(),
            author: "이지은".into(),
            exists: false,
        }
    }

    #[test]
    fn a_session_goes_after_the_last_one_and_nothing_else_moves() {
        let before = "[book]\ntitle = \"책\" # 제목\n\n[[sessions]]\nid = \"a\"\ntitle = \"A\"\n\n# 빌드 설정\n[build]\noutput-dir = \"public\"\n";
        let after = with_session(before, &session()).unwrap();
        assert_eq!(
            after,
            "[book]\ntitle = \"책\" # 제목\n\n[[sessions]]\nid = \"a\"\ntitle = \"A\"\n\n[[sessions]]\nid = \"2025-12-01\"\ntitle = \"스터디 3회차\"\ndate = \"2025-12-01\"\nauthor = \"이지은\"\n\n# 빌드 설정\n[build]\noutput-dir = \"public\"\n"
        );
        let parsed: toml::Table = toml::from_str(&after).unwrap();
        assert_eq!(parsed["sessions"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn a_bare_book_toml_gets_its_first_session_at_the_end() {
        let after = with_session("[book]\ntitle = \"책\"", &session()).unwrap();
        assert!(
            after.starts_with("[book]\ntitle = \"책\"\n\n[[sessions]]\nid = \"2025-12-01\""),
            "{after}"
        );
        assert_eq!(
            with_session("", &session()).unwrap().lines().next(),
            Some("[[sessions]]")
        );
    }

    #[test]
    fn an_existing_file_is_skipped_and_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t/s/q1.md");
        assert_eq!(
            create(&path, "new").unwrap(),
            WrittenFile::Created(path.clone())
        );
        assert_eq!(
            create(&path, "newer").unwrap(),
            WrittenFile::Skipped(path.clone())
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let written = Written {
            files: vec![WrittenFile::Skipped(path.clone())],
            session_added: false,
        };
        let text = written.describe();
        assert!(
            text.contains("skipped") && text.contains("nothing to do"),
            "{text}"
        );
    }

    #[test]
    fn invalid_toml_is_an_error() {
        assert!(with_session("[book\n", &session()).is_err());
    }
}
