//! The questions as data for other tools: `flashcards.tsv` (an Anki deck) and `questions.json`
//! (the question bank, schema in README.md).
//!
//! Both come from one list of [`Question`]s, so a card and its bank entry never disagree. Pure:
//! it reads the render stage's [`Input`] and returns files.

use serde::Serialize;

use crate::date::Date;
use crate::escape;
use crate::output::{Claim, Output};
use crate::page::PageId;
use crate::render::Input;

/// One question page, as the deck and the bank describe it.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    /// The page title.
    pub title: String,
    /// The question's text (the `> [!QUESTION]` callout).
    pub question: String,
    /// The 핵심 요약 as plain text (`""` when the page has none).
    pub summary: String,
    /// The answer's key points (front matter `key_points`, else the 핵심 요약's items or
    /// sentences), as the mock interview lists them.
    pub key_points: Vec<String>,
    /// Front matter `id`: stable across renames, the key of a reader's progress.
    pub id: Option<String>,
    /// The topic's title (`""` outside a topic).
    pub topic: String,
    /// The scenario's title (the folder the question sits in), when it is not the topic itself.
    pub scenario: Option<String>,
    /// The study round's id.
    pub session: Option<crate::session::SessionId>,
    /// The question's number within its scenario.
    pub number: Option<u32>,
    /// The page's URL relative to the site root (`networking/q1-tcp/`).
    pub url: String,
    /// The answer page's URL: absolute when the base URL is known, else relative to the root.
    pub answer_url: String,
    /// The page's own tags.
    pub tags: Vec<String>,
    /// The pages to read first (`requires`).
    pub requires: Vec<Required>,
    /// Who wrote the answer, most recent first.
    pub authors: Vec<String>,
    /// The day of the last review, when recorded.
    pub reviewed: Option<Date>,
    /// The day of the last change, when known.
    pub updated: Option<Date>,
    /// The answer is not written yet (`answer = "pending"`): the page is in the bank, marked so
    /// that a script or a reader's tool can tell, and not in the deck, because a card
    /// with nothing on its back is no card.
    pub pending: bool,
}

/// A page a question requires.
#[derive(Debug, Clone, Serialize)]
pub struct Required {
    /// Its title.
    pub title: String,
    /// Its URL relative to the site root.
    pub url: String,
}

/// Every question page, in page order.
pub fn questions(input: &Input<'_>) -> Vec<Question> {
    (input.pages.ids())
        .filter_map(|id| question(input, id))
        .collect()
}

fn question(input: &Input<'_>, id: PageId) -> Option<Question> {
    let page = &input.pages[id];
    let doc = &input.docs[id];
    let (Some(text), true) = (&doc.outline.question, page.is_question()) else {
        return None;
    };
    let structure = input.structure;
    let topic = structure.topic_page(id);
    let scenario = structure.parent[id]
        .filter(|&parent| Some(parent) != topic && Some(parent) != structure.home)
        .map(|parent| input.pages[parent].title.clone());
    let base = input.config.base_url.as_deref().unwrap_or("");
    Some(Question {
        title: page.title.clone(),
        question: text.clone(),
        summary: doc.outline.summary.clone().unwrap_or_default(),
        key_points: crate::render::key_points(&page.front.key_points, &doc.outline),
        id: page.front.id.clone(),
        topic: topic
            .map(|id| input.pages[id].title.clone())
            .unwrap_or_default(),
        scenario,
        session: structure.session[id].clone(),
        number: page.front.question,
        url: page.url.clone(),
        answer_url: format!("{base}{}", crate::url::encode_path(&page.url)),
        tags: page
            .front
            .tags
            .iter()
            .map(|tag| tag.trim().to_string())
            .collect(),
        requires: input.resolved.requires[id]
            .iter()
            .map(|&id| Required {
                title: input.pages[id].title.clone(),
                url: input.pages[id].url.clone(),
            })
            .collect(),
        authors: input.authors.get(id).cloned().unwrap_or_default(),
        reviewed: page.front.reviewed,
        updated: input.updated.get(id).copied().flatten(),
        pending: page.is_pending(),
    })
}

const FLASHCARDS: Claim = Claim::file("flashcards.tsv", "flashcard deck");
const BANK: Claim = Claim::file("questions.json", "question bank");

/// What [`files`] writes.
pub const CLAIMS: &[Claim] = &[FLASHCARDS, BANK];

/// `flashcards.tsv` and `questions.json`.
pub fn files(input: &Input<'_>) -> Vec<Output> {
    let questions = questions(input);
    let bank = serde_json::to_vec_pretty(&questions)
        .expect("questions are strings, numbers and lists, which always serialise");
    vec![
        Output {
            path: FLASHCARDS.path().into(),
            bytes: flashcards(input, &questions).into_bytes(),
        },
        Output {
            path: BANK.path().into(),
            bytes: bank,
        },
    ]
}

/// An Anki deck: the file headers Anki reads (docs.ankiweb.net, "Importing → Text Files → File
/// Headers"), then one note per line: front, back, tags, and a GUID so that importing a newer
/// deck updates the cards instead of adding copies.
pub fn flashcards(input: &Input<'_>, questions: &[Question]) -> String {
    let strings = input.config.language.strings();
    let mut tsv = format!(
        "#separator:tab\n#html:true\n#deck:{}\n#tags column:3\n#guid column:4\n",
        field(&input.config.title)
    );
    for question in questions.iter().filter(|q| !q.pending) {
        let heading = question.scenario.as_deref().unwrap_or(&question.title);
        let front = format!(
            "<div class=\"sb-scenario\"><small>{}</small></div><div class=\"sb-question\">{}</div>",
            field(heading),
            field(&question.question)
        );
        let back = format!(
            "<div class=\"sb-summary\">{}</div><p><a href=\"{}\">{}</a></p>",
            field(&question.summary),
            field(&question.answer_url),
            field(strings.show_answer)
        );
        let guid = format!("studybook:{}", question.answer_url);
        tsv.push_str(&format!(
            "{front}\t{back}\t{}\t{}\n",
            tags(question).join(" "),
            field(&guid)
        ));
    }
    tsv
}

/// Text for an HTML field: escaped, on one line, without the separator.
fn field(text: &str) -> String {
    escape::attr(&text.replace(['\t', '\n', '\r'], " "))
}

/// Anki tags are separated by spaces: the topic, `session::ID` and the page's tags, each with
/// its inner spaces turned into `_`.
fn tags(question: &Question) -> Vec<String> {
    let tag = |text: &str| -> String {
        let joined = text.split_whitespace().collect::<Vec<_>>().join("_");
        joined.replace('"', "")
    };
    let mut tags: Vec<String> = Vec::new();
    let session = question
        .session
        .as_ref()
        .map(|id| format!("session::{}", tag(id.as_str())));
    let candidates = std::iter::once(tag(&question.topic))
        .chain(session)
        .chain(question.tags.iter().map(|text| tag(text)));
    for candidate in candidates {
        if !candidate.is_empty() && !tags.contains(&candidate) {
            tags.push(candidate);
        }
    }
    tags
}
