//! Writing new files for authors: `studybook init` (a whole book, in `init`) and `studybook new`
//! (one answer page with its front matter filled in).
//!
//! Every value written into TOML goes through the toml crate's serializer, so a title with a
//! quote or a backslash still parses; nothing here overwrites a file that exists.

mod init;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

pub use init::{init, Written};

/// Creates `content/TOPIC/SLUG.md` under `root` and returns its path. A name like
/// `q3-retransmission` is the answer to question 3 of its scenario, so `question = 3` is filled in.
pub fn new_page(root: &Path, name: &str) -> anyhow::Result<PathBuf> {
    let name = name.trim().trim_end_matches(".md").trim_matches('/');
    if name.is_empty()
        || name
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
    {
        bail!(
            "`{name}` is not a page name; write it as TOPIC/SLUG, e.g. `networking/tcp-handshake`"
        );
    }
    let path = root.join("content").join(format!("{name}.md"));
    if path.exists() {
        bail!(
            "`{}` already exists; pick another name or edit that file",
            path.display()
        );
    }
    crate::source_file::check_write(root, &path)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("failed to create `{}`", dir.display()))?;
    }
    let slug = name.rsplit('/').next().unwrap_or(name);
    // `create_new`: never through a link that appeared at the page's name.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .with_context(|| format!("failed to create `{}`", path.display()))?;
    std::io::Write::write_all(&mut file, page_text(slug, &question_id(name)).as_bytes())
        .with_context(|| format!("failed to write `{}`", path.display()))?;
    Ok(path)
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

fn page_text(slug: &str, id: &str) -> String {
    let number = question_number(slug);
    let words = match number {
        Some(_) => slug.split_once('-').map_or("", |(_, rest)| rest),
        None => slug,
    };
    let mut title = words.replace(['-', '_'], " ").trim().to_string();
    if title.is_empty() {
        title = slug.to_string();
    }
    let question = match number {
        Some(number) => format!("question = {number}"),
        None => "# question = 1            # the question's number in its scenario".to_string(),
    };
    format!(
        "+++\ntitle = {}\nid = \"{id}\"\n{question}\norder = {}\ntags = []\n# requires = [\"q1-....md\"] # answers to read first\n+++\n\n> [!QUESTION]\n> 문제를 그대로 옮겨 적는다.\n\n## 핵심 요약\n\n질문에 바로 답하는 2–3문장.\n\n## 실무 포인트\n\n- \n\n## 정리\n\n## 참고\n\n- \n",
        toml_string(&title),
        number.unwrap_or(100)
    )
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
        let text = page_text("q3-tcp-retransmission", "x");
        assert!(text.contains("\nquestion = 3\n"), "{text}");
        assert!(text.contains("title = \"tcp retransmission\""), "{text}");
        assert!(text.contains("order = 3"), "{text}");
        let text = page_text("overview", "x");
        assert!(text.contains("# question = 1"), "{text}");
        assert_eq!(question_number("quic"), None);
        assert_eq!(question_number("q12"), Some(12));
    }

    #[test]
    fn a_title_with_quotes_and_backslashes_still_parses() {
        let title = toml_string("say \"hi\" \\ bye");
        let parsed: toml::Table = toml::from_str(&format!("title = {title}")).unwrap();
        assert_eq!(parsed["title"].as_str(), Some("say \"hi\" \\ bye"));
    }
}
