//! What the commands tell a book's author after they ran (`init`, `new`, and the one-line
//! summaries of `build` and `check`), in the book's language: Korean first, English second,
//! like the site's own strings (`i18n`).
//!
//! Diagnostics stay English for now: they quote code names and are matched by tools; these are
//! the lines an author reads after each command.

use std::path::Path;

use crate::i18n::Language;

/// The messages are in the book's language: the methods here are [`Language`]'s, by what they
/// say.
impl Language {
    /// The messages' language: `flag` (`--lang`) first, then the book's `language`, then the
    /// `LANG` locale (`locale`), then Korean. The book's language wins over the locale because
    /// the author of a Korean book reads its files and messages together.
    pub fn choose(
        flag: Option<Language>,
        book: Option<Language>,
        locale: Option<&str>,
    ) -> Language {
        flag.or(book)
            .or_else(|| locale.and_then(Language::from_locale))
            .unwrap_or_default()
    }

    /// The `language` of the book at `root`, read without a full `config::load` (which would
    /// report the whole file's mistakes): `None` without a readable `book.toml`. Read through
    /// `source_file`, so a `book.toml` that is a FIFO or a link out of the book is not opened.
    pub fn of_book(root: &Path) -> Option<Language> {
        let root = root.canonicalize().ok()?;
        let text = crate::source_file::read_text(&root, &root.join("book.toml"))?;
        let table: toml::Table = toml::from_str(&text).ok()?;
        Language::from_locale(table.get("book")?.get("language")?.as_str()?)
    }

    /// "created PATH".
    pub fn created(self, path: &Path) -> String {
        match self {
            Language::Korean => format!("만듦   {}", path.display()),
            Language::English => format!("created {}", path.display()),
        }
    }

    /// "kept PATH (it exists)".
    pub fn kept(self, path: &Path) -> String {
        match self {
            Language::Korean => format!("그대로 {} (이미 있음)", path.display()),
            Language::English => format!("kept    {} (it exists)", path.display()),
        }
    }

    /// "added LINES to PATH".
    pub fn appended(self, path: &Path, lines: &[String]) -> String {
        let lines = lines.join(", ");
        match self {
            Language::Korean => format!(
                "추가   {}에 {lines} (빌드 결과와 캐시는 커밋하지 않는다)",
                path.display()
            ),
            Language::English => format!(
                "added   {lines} to {} (the build's output and cache are not committed)",
                path.display()
            ),
        }
    }

    /// What to do after `init`.
    pub fn after_init(self, dir: &Path) -> String {
        match self {
            Language::Korean => format!(
                "\n다음: `studybook serve {}`로 고치며 바로 보고, GitHub에 올린 뒤 Pages를 켜면(Settings → Pages → Source: GitHub Actions) 게시된다",
                dir.display()
            ),
            Language::English => format!(
                "\nnext: `studybook serve {}` to write with live reload; push to GitHub and turn on Pages (Settings → Pages → Source: GitHub Actions) to publish",
                dir.display()
            ),
        }
    }

    /// `build`'s last line: how many pages and files went where, and how long it took.
    pub fn built(self, n_pages: usize, n_files: usize, out: &str, millis: f64) -> String {
        match self {
            Language::Korean => {
                format!("빌드 완료: 페이지 {n_pages}개 (파일 {n_files}개) → {out}, {millis:.0} ms")
            }
            Language::English => {
                format!("built {n_pages} pages ({n_files} files) into {out} in {millis:.0} ms")
            }
        }
    }

    /// `build`'s last line when the book has errors: nothing was replaced.
    pub fn build_failed(self, out: &str) -> String {
        match self {
            Language::Korean => {
                format!("빌드 실패: 아무것도 쓰지 않았다. `{out}`의 이전 사이트는 그대로다")
            }
            Language::English => format!(
                "build failed: nothing was written; the previous site in `{out}` is untouched"
            ),
        }
    }

    /// `check`'s last line when the book has no errors.
    pub fn checked(self, n_pages: usize) -> String {
        match self {
            Language::Korean => format!("검사 완료: 페이지 {n_pages}개, 오류 없음"),
            Language::English => format!("checked {n_pages} pages: no errors"),
        }
    }

    /// What `new` made and what to do with it.
    pub fn after_new(self, path: &Path) -> String {
        match self {
            Language::Korean => format!(
                "만듦   {}\n답을 쓰고 나서 front matter의 `answer = \"pending\"` 줄을 지운다 (그때까지 `studybook check`가 \"answer not written yet\"으로 알려 준다)",
                path.display()
            ),
            Language::English => format!(
                "created {}\nwrite the answer, then delete the `answer = \"pending\"` line of its front matter (until then `studybook check` lists it as not written yet)",
                path.display()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_books_language_is_read_from_book_toml() {
        let dir = tempfile::tempdir().expect("a temp dir");
        assert_eq!(Language::of_book(dir.path()), None);
        std::fs::write(dir.path().join("book.toml"), "[book]\nlanguage = \"en\"\n").expect("write");
        assert_eq!(Language::of_book(dir.path()), Some(Language::English));
    }

    #[test]
    fn the_flag_wins_then_the_book_then_the_locale() {
        assert_eq!(
            Language::choose(Some(Language::English), Some(Language::Korean), None),
            Language::English
        );
        assert_eq!(
            Language::choose(None, Some(Language::English), Some("ko_KR.UTF-8")),
            Language::English
        );
        assert_eq!(
            Language::choose(None, None, Some("en_US.UTF-8")),
            Language::English
        );
        assert_eq!(
            Language::choose(None, None, Some("C.UTF-8")),
            Language::Korean
        );
    }
}
