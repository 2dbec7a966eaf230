//! `studybook new TOPIC/SLUG`: a new page with its front matter filled in.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

/// Creates `content/TOPIC/SLUG.md` under `root` and returns its path.
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
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("failed to create `{}`", dir.display()))?;
    }
    let slug = name.rsplit('/').next().unwrap_or(name);
    let title = slug.replace(['-', '_'], " ");
    let text = format!(
        "+++\ntitle = \"{title}\"\n# question = 1            # the question's number in its scenario\norder = 100\ntags = []\n# requires = [\"q1-....md\"] # answers to read first\n+++\n\n> [!QUESTION]\n> 문제를 그대로 옮겨 적는다.\n\n## 핵심 요약\n\n질문에 바로 답하는 2–3문장.\n\n## 실무 포인트\n\n- \n\n## 정리\n\n## 참고\n\n- \n"
    );
    std::fs::write(&path, text).with_context(|| format!("failed to write `{}`", path.display()))?;
    Ok(path)
}
