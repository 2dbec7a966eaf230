//! A parsed [`Round`] and the [`Book`] → a [`Plan`]: the session, each scenario's topic and
//! folder, each question's file, and which of them already exist.
//!
//! Pure: the book is what `book::read` found, so plans are tested with strings. A scenario
//! imported before (same session and `session_order`) keeps its folder and only its missing
//! questions get files; otherwise `--topic` or the best-matching topic (`topics::best`) or a new
//! topic folder takes it.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::session::SessionId;

use super::book::{Book, ImportedScenario};
use super::{evidence, names, subjects, topics, ImportOptions, Round, Scenario};

/// Everything an import will write, decided before anything is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The round's `[[sessions]]` entry.
    pub session: SessionPlan,
    /// Topic folders to create, with their `_index.md`.
    pub new_topics: Vec<NewTopic>,
    /// One per scenario, in document order.
    pub scenarios: Vec<ScenarioPlan>,
}

/// The round's entry in `book.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionPlan {
    /// `id`: `--session` or the document's date.
    pub id: SessionId,
    /// `title`, e.g. `Django 백엔드 스터디 5회차`.
    pub title: String,
    /// `date`, when the document gives one.
    pub date: Option<crate::date::Date>,
    /// `author`, or empty.
    pub author: String,
    /// Whether `book.toml` declares it already (then it is left as is).
    pub exists: bool,
}

/// A topic folder the import creates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTopic {
    /// Folder name under `content/`.
    pub slug: String,
    /// Its title.
    pub title: String,
    /// Its `order` among the topics.
    pub order: i64,
}

/// Why a scenario goes where it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// It was imported before; its folder stays.
    AlreadyImported,
    /// `--topic N=SLUG`.
    Chosen,
    /// An existing topic shares these words with it.
    Matched(Vec<String>),
    /// No topic of the book fits: a topic this import makes (shared with the round's other
    /// scenarios on the same subject).
    NewTopic {
        /// The terms of a known subject the scenario uses (`subjects`), which name the topic;
        /// empty when it is named after the scenario's own terms.
        subject: Vec<String>,
        /// The book's topic sharing the most words, and those words, when some were shared but
        /// too few name its subject (`evidence::convincing`). The plan shows them so the author
        /// can overrule with `--topic`.
        nearest: Option<(String, Vec<String>)>,
    },
}

/// What happens to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileAction {
    /// Written by this import.
    Create,
    /// Already in the book (imported before); left untouched.
    Exists,
}

/// One scenario's folder and pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioPlan {
    /// 1-based number in the document (its `session_order`).
    pub number: usize,
    /// The title written to `_index.md`.
    pub title: String,
    /// The topic folder.
    pub topic: String,
    /// Why that topic.
    pub placement: Placement,
    /// The scenario's folder relative to `content/`.
    pub dir: String,
    /// Its `order` within the topic.
    pub order: i64,
    /// Whether its `_index.md` is written.
    pub index: FileAction,
    /// The situation's Markdown.
    pub situation: String,
    /// One per question.
    pub questions: Vec<QuestionPlan>,
}

/// One question's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionPlan {
    /// 1-based number in its scenario.
    pub number: u32,
    /// The page's path relative to `content/`.
    pub path: String,
    /// The page's title.
    pub title: String,
    /// The question's Markdown, verbatim.
    pub text: String,
    /// Whether it is written.
    pub action: FileAction,
}

/// Plans the import of `round` into `book`. Errors name the document (`file`) or the option.
pub fn make(
    round: &Round,
    book: &Book,
    file: &Path,
    options: &ImportOptions,
) -> Result<Plan, Vec<Diagnostic>> {
    let session = session(round, book, file, options)?;
    let mut errors = Vec::new();
    for (&number, slug) in &options.topics {
        if let Err(problem) = super::check_id(slug, "a topic folder name") {
            errors.push(option_error(
                file,
                &format!("--topic {number}={slug}"),
                problem,
            ));
        }
        if number > round.scenarios.len() {
            errors.push(
                Diagnostic::error(
                    file,
                    format!(
                        "`--topic {number}={slug}`: the document has {} scenarios",
                        round.scenarios.len()
                    ),
                )
                .with_help(
                    "scenarios are numbered from 1 in document order; `--dry-run` lists them",
                ),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut planner = Planner::new(book);
    let scenarios = round
        .scenarios
        .iter()
        .enumerate()
        .map(|(idx, scenario)| planner.scenario(idx + 1, scenario, session.id.as_str(), options))
        .collect();
    Ok(Plan {
        session,
        new_topics: planner.new_topics,
        scenarios,
    })
}

fn session(
    round: &Round,
    book: &Book,
    file: &Path,
    options: &ImportOptions,
) -> Result<SessionPlan, Vec<Diagnostic>> {
    let date_id = round.date.map(|date| date.to_string());
    let Some(id) = options.session.clone().or(date_id) else {
        return Err(vec![Diagnostic::error(
            file,
            "the document has no date to name the session by",
        )
        .at_line(round.line, 1)
        .with_help(
            "add a `YYYY-MM-DD` line under the title, or pass `--session ID`",
        )]);
    };
    if let Err(problem) = super::check_id(&id, "a session id") {
        return Err(vec![option_error(
            file,
            &format!("--session {id}"),
            problem,
        )]);
    }
    let id = SessionId::from(id);
    Ok(SessionPlan {
        exists: book.sessions.contains(&id),
        title: names::round_title(&round.title),
        date: round.date,
        author: round.author.clone().unwrap_or_default(),
        id,
    })
}

/// A command-line option that cannot be used: `option` (as typed) and what is wrong with it.
fn option_error(file: &Path, option: &str, problem: String) -> Diagnostic {
    let shown: String = option.chars().take(100).collect();
    Diagnostic::error(file, format!("`{shown}`: {problem}"))
        .with_help("pick another name; it becomes a folder of the book")
}

/// Hands out names, remembering the ones this plan already took.
///
/// Every question it answers per scenario is a lookup, so that planning costs the same per
/// scenario however many came before: a document of thousands of scenarios searched the
/// book's imported scenarios, the new topics and every name taken so far for each one, and
/// tried every earlier suffix of a popular name again.
struct Planner<'a> {
    book: &'a Book,
    /// The book's imported scenarios by `session` and `session_order` (the first of a pair).
    imported: HashMap<(&'a str, usize), &'a ImportedScenario>,
    /// The book's topic folders.
    book_topics: HashSet<&'a str>,
    /// Paths this plan took, lowercase.
    taken: HashSet<String>,
    /// Per folder (lowercase), how many of `taken` are in it.
    taken_in: HashMap<String, usize>,
    /// Per name (lowercase, with its extension), the suffix [`Planner::unique`] last gave.
    suffixes: HashMap<String, u32>,
    new_topics: Vec<NewTopic>,
    new_slugs: HashSet<String>,
    /// The folder this plan gave each subject (`subjects`), so the round's scenarios on one
    /// subject share it.
    subject_slugs: HashMap<&'static str, String>,
    /// Names tried: the unit the cost test compares.
    #[cfg(test)]
    tried: usize,
}

impl<'a> Planner<'a> {
    fn new(book: &'a Book) -> Self {
        let mut imported = HashMap::new();
        for scenario in &book.scenarios {
            let order = usize::try_from(scenario.session_order).unwrap_or(usize::MAX);
            imported
                .entry((scenario.session.as_str(), order))
                .or_insert(scenario);
        }
        Planner {
            book,
            imported,
            book_topics: book.topics.iter().map(|t| t.slug.as_str()).collect(),
            taken: HashSet::new(),
            taken_in: HashMap::new(),
            suffixes: HashMap::new(),
            new_topics: Vec::new(),
            new_slugs: HashSet::new(),
            subject_slugs: HashMap::new(),
            #[cfg(test)]
            tried: 0,
        }
    }

    fn is_taken(&mut self, rel: &str) -> bool {
        #[cfg(test)]
        {
            self.tried += 1;
        }
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let rel = rel.to_lowercase();
        self.book.taken.contains(&rel)
            || self.taken.contains(&rel)
            || crate::content::reserved_on_windows(name)
    }

    fn take(&mut self, rel: &str) {
        let rel = rel.to_lowercase();
        let dir = parent(&rel);
        if self.taken.insert(rel) {
            *self.taken_in.entry(dir).or_default() += 1;
        }
    }

    /// `name`, or `name-2`, `name-3`, …: the first whose path (`extension` added) is not
    /// taken. The search starts at the suffix this name last got, as names are never freed.
    fn unique(&mut self, name: &str, extension: &str) -> String {
        let key = format!("{name}{extension}").to_lowercase();
        let mut suffix = self.suffixes.get(&key).copied().unwrap_or(1);
        loop {
            let candidate = match suffix {
                1 => name.to_string(),
                n => format!("{name}-{n}"),
            };
            if !self.is_taken(&format!("{candidate}{extension}")) {
                self.suffixes.insert(key, suffix);
                return candidate;
            }
            suffix += 1;
        }
    }

    fn scenario(
        &mut self,
        number: usize,
        scenario: &Scenario,
        session: &str,
        options: &ImportOptions,
    ) -> ScenarioPlan {
        let title = names::scenario_title(&scenario.title);
        let text = scenario_text(scenario);
        let imported = self.imported.get(&(session, number)).copied();
        let (topic, placement, dir, index) = match imported {
            Some(imported) => (
                imported.dir.split('/').next().unwrap_or("").to_string(),
                Placement::AlreadyImported,
                imported.dir.clone(),
                FileAction::Exists,
            ),
            None => {
                let (topic, placement) = self.topic(number, &title, &text, options);
                let base = names::scenario(&scenario.title, &text)
                    .filter(|base| !repeats(&topic, base))
                    .or_else(|| names::scenario_besides(&text, &topic))
                    .unwrap_or_else(|| format!("{session}-{number}"));
                let dir = self.unique(&format!("{topic}/{base}"), "");
                self.take(&dir);
                (topic, placement, dir, FileAction::Create)
            }
        };
        let order = self.next_order(&topic);
        let questions = self.questions(scenario, &dir, imported);
        ScenarioPlan {
            number,
            title,
            topic,
            placement,
            dir,
            order,
            index,
            situation: scenario.situation.join("\n\n"),
            questions,
        }
    }

    /// `--topic`, else the best-matching topic, else a new topic folder: named after the
    /// scenario's subject when it is a known one, else after its own terms.
    fn topic(
        &mut self,
        number: usize,
        title: &str,
        text: &str,
        options: &ImportOptions,
    ) -> (String, Placement) {
        if let Some(slug) = options.topics.get(&number) {
            self.ensure_topic(slug, title);
            return (slug.clone(), Placement::Chosen);
        }
        let nearest = match topics::best(&self.book.topics, text) {
            Some((topic, shared)) if evidence::convincing(topic, &shared) => {
                return (topic.slug.clone(), Placement::Matched(shared));
            }
            Some((topic, shared)) => Some((topic.slug.clone(), shared)),
            None => None,
        };
        if let Some((subject, terms)) = subjects::best(text) {
            return self.subject_topic(subject, terms, nearest);
        }
        let new_topic = Placement::NewTopic {
            subject: Vec::new(),
            nearest,
        };
        let scenario_title = text.lines().next().unwrap_or_default();
        let base = names::topic(scenario_title, text).unwrap_or_else(|| format!("topic-{number}"));
        if self.book_topics.contains(base.as_str()) {
            // The scenario's main term is a topic's very name: that is the topic.
            return (base.clone(), Placement::Matched(vec![base]));
        }
        if self.new_slugs.contains(&base) {
            return (base, new_topic);
        }
        let slug = self.unique(&base, "");
        self.ensure_topic(&slug, title);
        (slug, new_topic)
    }

    /// The topic named after `subject`: the book's own folder of that name, else the one this
    /// plan made for it, else a new one.
    fn subject_topic(
        &mut self,
        subject: &'static subjects::Subject,
        terms: Vec<String>,
        nearest: Option<(String, Vec<String>)>,
    ) -> (String, Placement) {
        if self.book_topics.contains(subject.slug) {
            return (subject.slug.to_string(), Placement::Matched(terms));
        }
        let slug = match self.subject_slugs.get(subject.slug) {
            Some(slug) => slug.clone(),
            None => {
                let slug = self.unique(subject.slug, "");
                self.ensure_topic(&slug, subject.title);
                self.subject_slugs.insert(subject.slug, slug.clone());
                slug
            }
        };
        let placement = Placement::NewTopic {
            subject: terms,
            nearest,
        };
        (slug, placement)
    }

    /// Plans `content/SLUG/_index.md` unless the topic exists.
    fn ensure_topic(&mut self, slug: &str, title: &str) {
        if self.book_topics.contains(slug) || self.new_slugs.contains(slug) {
            return;
        }
        self.take(slug);
        self.new_slugs.insert(slug.to_string());
        let order = self.next_order("");
        self.new_topics.push(NewTopic {
            slug: slug.to_string(),
            title: title.to_string(),
            order,
        });
    }

    /// One more than the highest `order` in `dir`, counting what this plan adds there.
    fn next_order(&self, dir: &str) -> i64 {
        let highest = self.book.orders.get(dir).copied().unwrap_or(0);
        let added = self.taken_in.get(&dir.to_lowercase()).copied().unwrap_or(0);
        highest + i64::try_from(added).unwrap_or(0)
    }

    fn questions(
        &mut self,
        scenario: &Scenario,
        dir: &str,
        imported: Option<&ImportedScenario>,
    ) -> Vec<QuestionPlan> {
        let texts: Vec<&str> = scenario.questions.iter().map(|q| q.text.as_str()).collect();
        let names = names::questions(&texts);
        let mut plans = Vec::new();
        for ((idx, question), name) in scenario.questions.iter().enumerate().zip(names) {
            let number = u32::try_from(idx + 1).unwrap_or(u32::MAX);
            let existing = imported.and_then(|s| s.questions.get(&number));
            let (path, action) = match existing {
                Some(path) => (path.clone(), FileAction::Exists),
                None => {
                    let stem = self.unique(&format!("{dir}/{name}"), ".md");
                    let path = format!("{stem}.md");
                    self.take(&path);
                    (path, FileAction::Create)
                }
            };
            plans.push(QuestionPlan {
                number,
                path,
                title: names::question_title(&question.text),
                text: question.text.clone(),
                action,
            });
        }
        plans
    }
}

fn parent(rel: &str) -> String {
    rel.rsplit_once('/')
        .map_or(String::new(), |(dir, _)| dir.to_string())
}

/// Whether a scenario folder named `base` would repeat its topic's name (`kafka/kafka/`), which
/// tells a reader nothing the topic did not.
fn repeats(topic: &str, base: &str) -> bool {
    format!("-{base}-").contains(&format!("-{topic}-"))
}

/// Everything a scenario says, for matching it to a topic and naming it.
fn scenario_text(scenario: &Scenario) -> String {
    let mut text = scenario.title.clone();
    for part in scenario
        .situation
        .iter()
        .chain(scenario.questions.iter().map(|q| &q.text))
    {
        text.push('\n');
        text.push_str(part);
    }
    text
}

/// Why a scenario gets a topic of its own, as the plan prints it: the subject's terms it uses,
/// and the book's nearest topic with the words that were too few.
fn new_topic_evidence(
    number: usize,
    subject: &[String],
    nearest: Option<&(String, Vec<String>)>,
) -> String {
    let mut why = if subject.is_empty() {
        "new topic".to_string()
    } else {
        format!("new topic on its subject: {}", subject.join(", "))
    };
    if let Some((nearest, shared)) = nearest {
        let _ = write!(
            why,
            "; {nearest}/ shares only {}, too little to file it there; `--topic {number}={nearest}` to choose it",
            shared.join(", ")
        );
    }
    why
}

impl Plan {
    /// The plan as `import` prints it: session, then each scenario's folder and files.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        let session = &self.session;
        let state = if session.exists {
            "already in book.toml"
        } else {
            "new"
        };
        let _ = writeln!(out, "session `{}`: {} ({state})", session.id, session.title);
        for topic in &self.new_topics {
            let _ = writeln!(out, "new topic {}/ `{}`", topic.slug, topic.title);
        }
        for scenario in &self.scenarios {
            let why = match &scenario.placement {
                Placement::AlreadyImported => "imported before".to_string(),
                Placement::Chosen => "chosen with --topic".to_string(),
                Placement::Matched(words) => format!("shares: {}", words.join(", ")),
                Placement::NewTopic { subject, nearest } => {
                    new_topic_evidence(scenario.number, subject, nearest.as_ref())
                }
            };
            let _ = writeln!(
                out,
                "scenario {} `{}` → {}/ ({why})",
                scenario.number, scenario.title, scenario.dir
            );
            for question in &scenario.questions {
                let state = match question.action {
                    FileAction::Create => "",
                    FileAction::Exists => " (exists, skipped)",
                };
                let _ = writeln!(out, "  문제 {} → {}{state}", question.number, question.path);
            }
        }
        out
    }

    /// How many files the plan writes (pages, plus `book.toml` when the session is new).
    pub fn n_new_files(&self) -> usize {
        self.new_topics.len()
            + self
                .scenarios
                .iter()
                .map(|s| {
                    usize::from(s.index == FileAction::Create)
                        + s.questions
                            .iter()
                            .filter(|q| q.action == FileAction::Create)
                            .count()
                })
                .sum::<usize>()
    }
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
