//! Writing new files for authors: `studybook init` (a whole book, in `init`) and `studybook new`
//! (one answer page with its front matter filled in).
//!
//! Every value written into TOML goes through the toml crate's serializer, so a title with a
//! quote or a backslash still parses; nothing here overwrites a file that exists.

mod init;

use std::path::{Path, PathBuf};

use anyhow::bail;

use crate::i18n::Language;

pub use init::{init, Written};

/// Creates `content/TOPIC/SLUG.md` under `root` and returns its path. A name like
/// `q3-retransmission` is the answer to question 3 of its scenario, so `question = 3` is filled in.
/// Refuses a name no build would show (`content::check_new_page`: hidden, in the output, too
/// deep, reserved on Windows) and a page that would land outside the book.
pub fn new_page(root: &Path, name: &str) -> anyhow::Result<PathBuf> {
    let name = name.trim().trim_end_matches(".md").trim_matches('/');
    if name.is_empty() {
        bail!(
            "`{name}` is not a page name; write it as TOPIC/SLUG, e.g. `networking/tcp-handshake`"
        );
    }
    let (config, _) = crate::config::load(root, &crate::config::Overrides::default())?;
    let rel = format!("{name}.md");
    if let Err(unfit) = crate::content::check_new_page(&config, &rel) {
        bail!(
            "cannot create `{rel}` in `content/`: {}; {}",
            unfit.reason(),
            unfit.help()
        );
    }
    let path = rel
        .split('/')
        .fold(root.join("content"), |path, part| path.join(part));
    let slug = name.rsplit('/').next().unwrap_or(name);
    let lang = Language::of_book(root).unwrap_or_default();
    let writer = crate::book_write::Writer::new(root)?;
    match writer.create_new(&path, page_text(slug, lang, &question_id(name)).as_bytes())? {
        crate::book_write::Created::New => Ok(path),
        crate::book_write::Created::Existed => bail!(
            "`{}` already exists; pick another name or edit that file",
            path.display()
        ),
    }
}

/// The question number of an answer named `qN-…` (or just `qN`).
fn question_number(slug: &str) -> Option<u32> {
    let rest = slug.strip_prefix(['q', 'Q'])?;
    let digits = rest.split('-').next().unwrap_or(rest);
    digits.parse().ok().filter(|&n| n > 0)
}

/// A question's stable `id`, made once from where its page is created (`networking/q1-tcp` →
/// `networking-q1-tcp`) and kept in its front matter, so that moving the file later does not
/// change it. Letters outside ASCII are left out and a short hash of the whole path is added,
/// so two Korean names do not meet at one id.
pub fn question_id(path: &str) -> String {
    let path = path.trim_end_matches(".md");
    let mut id: String = (path.chars())
        .map(|c| {
            if c == '/' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    id.truncate(48);
    let lossy = id.chars().count() != path.chars().count() || path.len() > 48;
    if lossy || id.trim_matches('-').is_empty() {
        let hash = crate::hash::stable(path.as_bytes()) & 0xff_ffff;
        id = format!("{}-{hash:06x}", id.trim_matches('-'));
    }
    id.trim_matches('-').to_string()
}

/// The text of a new answer page in the book's language: front matter with its stable `id` and
/// `answer = "pending"` (so that `check` lists it and the site marks it until the answer is
/// written, as for the pages `import` makes), the question callout and the house headings.
fn page_text(slug: &str, lang: Language, id: &str) -> String {
    let number = question_number(slug);
    let words = match number {
        Some(_) => slug.split_once('-').map_or("", |(_, rest)| rest),
        None => slug,
    };
    let mut title = words.replace(['-', '_'], " ").trim().to_string();
    if title.is_empty() {
        title = slug.to_string();
    }
    let text = PageText::of(lang);
    let question = match number {
        Some(number) => format!("question = {number}"),
        None => format!("# question = 1            {}", text.question_comment),
    };
    format!(
        "+++\ntitle = {}\nid = \"{id}\"\n{question}\norder = {}\nanswer = \"pending\"    {}\ntags = []\n# requires = [\"q1-....md\"] {}\n+++\n\n> [!QUESTION]\n> {}\n\n{}",
        toml_string(&title),
        number.unwrap_or(100),
        text.pending_comment,
        text.requires_comment,
        text.question,
        text.body,
    )
}

/// The words of a new page, by language.
struct PageText {
    question_comment: &'static str,
    pending_comment: &'static str,
    requires_comment: &'static str,
    question: &'static str,
    body: &'static str,
}

impl PageText {
    fn of(lang: Language) -> PageText {
        match lang {
            Language::Korean => PageText {
                question_comment: "# 시나리오 안에서 이 질문의 번호",
                pending_comment: "# 답을 다 쓰면 이 줄을 지운다",
                requires_comment: "# 먼저 읽을 답",
                question: "문제를 그대로 옮겨 적는다.",
                body: "## 핵심 요약\n\n질문에 바로 답하는 2–3문장.\n\n## 실무 포인트\n\n- \n\n## 정리\n\n## 참고\n\n- \n",
            },
            Language::English => PageText {
                question_comment: "# the question's number in its scenario",
                pending_comment: "# delete this line once the answer is written",
                requires_comment: "# answers to read first",
                question: "Copy the question here as it was asked.",
                body: "## Summary\n\nTwo or three sentences that answer the question.\n\n## In practice\n\n- \n\n## Wrap-up\n\n## References\n\n- \n",
            },
        }
    }
}

/// `text` as a TOML basic string, quotes included, escaped by the toml crate.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_the_path_and_hangul_names_get_a_hash() {
        assert_eq!(question_id("networking/q1-tcp"), "networking-q1-tcp");
        let korean = question_id("네트워크/q1-연결");
        assert!(
            korean.starts_with("q1--") || korean.starts_with("q1-"),
            "{korean}"
        );
        assert_ne!(korean, question_id("네트워크/q1-해제"));
        assert!(question_id("가").len() == 6, "{}", question_id("가"));
    }

    #[test]
    fn a_q_number_fills_in_the_question() {
        let text = page_text("q3-tcp-retransmission", Language::Korean, "x");
        assert!(text.contains("\nquestion = 3\n"), "{text}");
        assert!(text.contains("title = \"tcp retransmission\""), "{text}");
        assert!(text.contains("order = 3"), "{text}");
        let text = page_text("overview", Language::Korean, "x");
        assert!(text.contains("# question = 1"), "{text}");
        assert!(text.contains("\nanswer = \"pending\""), "{text}");
        assert_eq!(question_number("quic"), None);
        assert_eq!(question_number("q12"), Some(12));
    }

    #[test]
    fn an_english_book_gets_english_comments_and_headings() {
        let text = page_text("q1-tls", Language::English, "q1-tls");
        assert!(text.contains("## Summary"), "{text}");
        assert!(!text.contains("핵심"), "{text}");
        let parsed: toml::Table = toml::from_str(
            text.trim_start_matches("+++\n")
                .split("+++")
                .next()
                .unwrap_or_default(),
        )
        .unwrap();
        assert_eq!(parsed["answer"].as_str(), Some("pending"));
    }

    #[test]
    fn a_title_with_quotes_and_backslashes_still_parses() {
        let title = toml_string("say \"hi\" \\ bye");
        let parsed: toml::Table = toml::from_str(&format!("title = {title}")).unwrap();
        assert_eq!(parsed["title"].as_str(), Some("say \"hi\" \\ bye"));
    }
}
