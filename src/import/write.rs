//! Carries out a [`Plan`]: checks every file it makes (`prepare`, which a dry run runs too), then
//! creates the new pages and adds the round to `book.toml` (`apply`).
//!
//! Everything goes through the book's `book_write::Writer`: a page is created only where no file
//! is, so a file that appeared since the plan was made is reported and skipped, never
//! overwritten; `book.toml` is edited with `toml_edit`, which keeps every other byte of the file
//! as it was, and replaced whole or not at all.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use super::plan::{FileAction, Plan, SessionPlan};
use super::{content_path, pages};
use crate::book_write::{Created, Writer};
use crate::config::Config;
use crate::diagnostic::Diagnostic;

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

/// Every file an import writes, with its text, each one checked.
pub(super) struct Files {
    writer: Writer,
    /// The pages, in plan order.
    pages: Vec<(PathBuf, String)>,
    /// `book.toml` with the session added, when the session is new.
    book_toml: Option<(PathBuf, String)>,
}

/// Makes and checks every file of the plan: each page's name by the content walker's rule
/// (`content::check_new_page`), each path by the book's write guard, and the edit of
/// `book.toml`. A dry run stops here, so it finds every error the real run would; the real run
/// writes nothing unless all pass. Errors name the file that would be written.
pub(super) fn prepare(
    plan: &Plan,
    config: &Config,
    book_dir: &Path,
) -> Result<Files, Vec<Diagnostic>> {
    let writer = Writer::new(book_dir)
        .map_err(|error| vec![Diagnostic::error(book_dir, format!("{error:#}"))])?;
    let mut errors = Vec::new();
    let mut pages = Vec::new();
    for (rel, text) in page_texts(plan) {
        let shown = Path::new("content").join(&rel);
        let path = content_path(book_dir, &rel);
        let problem = match crate::content::check_new_page(config, &rel) {
            Err(unfit) => Some((unfit.reason(), unfit.help())),
            Ok(()) => (writer.check(&path).err())
                .map(|refusal| (refusal.reason().to_string(), refusal.help())),
        };
        match problem {
            Some((reason, help)) => errors.push(cannot_write(shown, reason, help)),
            None => pages.push((path, text)),
        }
    }
    let book_toml = if plan.session.exists {
        None
    } else {
        edited_book_toml(&writer, book_dir, &plan.session)
            .map_err(|error| errors.push(*error))
            .ok()
    };
    if errors.is_empty() {
        Ok(Files {
            writer,
            pages,
            book_toml,
        })
    } else {
        Err(errors)
    }
}

fn cannot_write(shown: PathBuf, reason: String, help: &str) -> Diagnostic {
    Diagnostic::error(shown, format!("cannot write here: {reason}")).with_help(help)
}

/// Each new page of the plan, relative to `content/`, with its text.
fn page_texts(plan: &Plan) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for topic in &plan.new_topics {
        files.push((format!("{}/_index.md", topic.slug), pages::topic(topic)));
    }
    for scenario in &plan.scenarios {
        if scenario.index == FileAction::Create {
            let text = pages::scenario(scenario, plan.session.id.as_str());
            files.push((format!("{}/_index.md", scenario.dir), text));
        }
        for question in &scenario.questions {
            if question.action == FileAction::Create {
                files.push((question.path.clone(), pages::question(question)));
            }
        }
    }
    files
}

/// `book.toml` and its text with the session added (the file is created if there is none).
fn edited_book_toml(
    writer: &Writer,
    book_dir: &Path,
    session: &SessionPlan,
) -> Result<(PathBuf, String), Box<Diagnostic>> {
    let path = book_dir.join("book.toml");
    if let Err(refusal) = writer.check(&path) {
        let reason = refusal.reason().into();
        return Err(Box::new(cannot_write(
            "book.toml".into(),
            reason,
            refusal.help(),
        )));
    }
    let before = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => {
            let message = format!("cannot read it: {error}");
            let diagnostic = Diagnostic::error("book.toml", message);
            return Err(Box::new(
                diagnostic.with_help("check the file's permissions"),
            ));
        }
    };
    with_session(&before, session)
        .map(|after| (path, after))
        .map_err(|error| {
            let message = format!("cannot add the session: {error:#}");
            Box::new(Diagnostic::error("book.toml", message).with_help(
                "add the round as a `[[sessions]]` table by hand, or fix the file and import again",
            ))
        })
}

/// Writes the checked files: `book.toml` first (replaced whole or not at all), so that a full
/// disk stops the import before any page is written, then each page, never over a file that
/// appeared since the plan was made.
pub(super) fn apply(files: &Files) -> anyhow::Result<Written> {
    let mut written = Written::default();
    if let Some((path, text)) = &files.book_toml {
        files.writer.replace(path, text.as_bytes())?;
        written.session_added = true;
    }
    for (path, text) in &files.pages {
        let file = match files.writer.create_new(path, text.as_bytes())? {
            Created::New => WrittenFile::Created(path.clone()),
            Created::Existed => WrittenFile::Skipped(path.clone()),
        };
        written.files.push(file);
    }
    Ok(written)
}

/// `book_toml` with one more `[[sessions]]` entry, placed after the last one and the comments
/// that belong to it (or after the last table), every other byte kept.
pub(super) fn with_session(book_toml: &str, session: &SessionPlan) -> anyhow::Result<String> {
    let mut entry = toml_edit::Table::new();
    entry["id"] = toml_edit::value(session.id.as_str());
    entry["title"] = toml_edit::value(session.title.as_str());
    if let Some(date) = session.date {
        entry["date"] = toml_edit::value(date.to_string());
    }
    if !session.author.is_empty() {
        entry["author"] = toml_edit::value(session.author.as_str());
    }
    let mut sessions = toml_edit::ArrayOfTables::new();
    sessions.push(entry);
    let mut alone = toml_edit::DocumentMut::new();
    alone.insert("sessions", toml_edit::Item::ArrayOfTables(sessions));
    let block = alone.to_string();
    let at = super::toml_layout::insertion_point(book_toml, "sessions")
        .context("`book.toml` is not valid TOML")?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> SessionPlan {
        SessionPlan {
            id: "2025-12-01".into(),
            title: "스터디 3회차".into(),
            date: crate::date::Date::parse("2025-12-01"),
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
        let files = |text: &str| Files {
            writer: Writer::new(dir.path()).unwrap(),
            pages: vec![(path.clone(), text.to_string())],
            book_toml: None,
        };
        let first = apply(&files("new")).unwrap();
        assert_eq!(first.files, [WrittenFile::Created(path.clone())]);
        let second = apply(&files("newer")).unwrap();
        assert_eq!(second.files, [WrittenFile::Skipped(path.clone())]);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let text = second.describe();
        assert!(
            text.contains("skipped") && text.contains("nothing to do"),
            "{text}"
        );
    }

    #[test]
    fn a_planned_path_out_of_content_is_an_error_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let book_dir = dir.path().join("book");
        std::fs::create_dir(&book_dir).unwrap();
        std::fs::write(book_dir.join("book.toml"), "[book]\ntitle = \"책\"\n").unwrap();
        let (config, _) = crate::config::load(&book_dir, &Default::default()).unwrap();
        let source = "회차\n\n2025-01-01\n\n캐시 전략\n\n본문입니다.\n\n문제\n\n1. 설명하시오.\n";
        let file = Path::new("round.txt");
        let round = super::super::parse::round(file, source).unwrap();
        let options = super::super::ImportOptions::default();
        let mut plan =
            super::super::plan::make(&round, &Default::default(), file, &options).unwrap();
        plan.scenarios[0].questions[0].path = "topic-1/../../../escaped.md".into();
        let Err(errors) = prepare(&plan, &config, &book_dir) else {
            panic!("a path out of `content/` passed")
        };
        let messages: Vec<String> = errors
            .iter()
            .map(|d| format!("{} {}", d.location(), d.message))
            .collect();
        assert_eq!(
            messages,
            ["content/topic-1/../../../escaped.md cannot write here: `..` is not a folder or file name"]
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert_eq!(std::fs::read_dir(&book_dir).unwrap().count(), 1);
    }

    #[test]
    fn invalid_toml_is_an_error() {
        assert!(with_session("[book\n", &session()).is_err());
    }
}
