//! The glossary: `glossary/*.toml` → [`Glossary`], and the [`Matcher`] that links the first
//! mention of each term in every answer.
//!
//! Matching is Hangul-aware. A Korean term must start at a word boundary but may be followed by
//! anything, so "가용성을" (with the particle 을) matches 가용성 while "고가용성" does not match it.
//! Latin terms need a boundary on both sides and match in any case. Longer terms win, so 고가용성
//! beats 가용성 where both are defined. Code, links and headings are never touched (the Markdown
//! stage only offers plain text outside them).
//!
//! A term's `answer` is found among the book's pages as the glossary is read (the one lookup,
//! in NFC as page paths are), so every later reader has a [`PageId`].

use std::collections::{HashMap, HashSet};
use std::path::Path;

use aho_corasick::{AhoCorasick, MatchKind};
use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::body::{Body, Piece};
use crate::content::Page;
use crate::diagnostic::{Diagnostic, SourceText};
use crate::page::{PageId, PageVec};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    #[serde(default)]
    term: Vec<RawTerm>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    ko: String,
    #[serde(default)]
    en: String,
    #[serde(default)]
    aliases: Vec<String>,
    definition: String,
    answer: Option<toml::Spanned<String>>,
}

/// One glossary entry.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    /// Anchor on the glossary page.
    pub id: String,
    /// Korean name.
    pub ko: String,
    /// English name.
    pub en: String,
    /// Other spellings.
    pub aliases: Vec<String>,
    /// One-line definition.
    pub definition: String,
    /// The answer that explains it: the page its `answer` (a path relative to `content/`)
    /// names. Not part of the entry as the Markdown stage sees it (`markdown::env_key`).
    #[serde(skip)]
    pub answer: Option<PageId>,
    /// Where the entry was written, for diagnostics: file, source and span of `answer`.
    #[serde(skip)]
    pub origin: Option<(std::path::PathBuf, SourceText, std::ops::Range<usize>)>,
}

/// All terms, sorted by Korean name.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    /// The entries.
    pub terms: Vec<Term>,
}

/// Reads every `*.toml` in `dir` (none is fine), each entry's `answer` found among `pages`: an
/// `answer` that names no page is an error.
pub fn load(
    root: &Path,
    dir: &Path,
    pages: &PageVec<Page>,
) -> anyhow::Result<(Glossary, Vec<Diagnostic>)> {
    let mut diagnostics = Vec::new();
    let mut terms = Vec::new();
    if !dir.is_dir() {
        return Ok((Glossary::default(), diagnostics));
    }
    let answers = Answers::new(pages);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("failed to read `{}`", dir.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    for path in files {
        let shown = crate::diagnostic::display_path(root, &path);
        let text = match crate::source_file::read(root, &path).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(invalid)) => {
                diagnostics.push(crate::diagnostic::invalid_utf8(shown, invalid));
                continue;
            }
            Err(refusal) => {
                diagnostics.push(refusal.diagnostic(shown));
                continue;
            }
        };
        let source = SourceText::from(text.as_str());
        match toml::from_str::<GlossaryFile>(&text) {
            Ok(file) => {
                for raw in file.term {
                    terms.push(term_from_raw(
                        raw,
                        &shown,
                        &source,
                        &answers,
                        &mut diagnostics,
                    ));
                }
            }
            Err(error) => {
                let mut diagnostic = Diagnostic::error(shown.clone(), crate::config::toml_message(&error))
                    .with_help("each entry is `[[term]]` with `ko`, `en`, `aliases`, `definition` and `answer`");
                if let Some(span) = error.span() {
                    diagnostic = diagnostic.at(&source, span);
                }
                diagnostics.push(diagnostic);
            }
        }
    }
    terms.sort_by(|a, b| a.ko.cmp(&b.ko));
    dedupe_ids(&mut terms, &mut diagnostics);
    Ok((Glossary { terms }, diagnostics))
}

fn clean(text: &str) -> String {
    text.trim().to_string()
}

/// The pages an entry's `answer` may name, by path relative to `content/`: the one place that
/// turns an `answer` into a page.
struct Answers<'a> {
    by_path: HashMap<&'a str, PageId>,
}

impl<'a> Answers<'a> {
    fn new(pages: &'a PageVec<Page>) -> Self {
        Answers {
            by_path: (pages.iter_enumerated())
                .map(|(id, page)| (page.rel_path.as_str(), id))
                .collect(),
        }
    }

    /// The page `answer` names, compared in NFC as page paths are.
    fn find(&self, answer: &str) -> Option<PageId> {
        self.by_path.get(crate::slug::nfc(answer).as_str()).copied()
    }
}

fn term_from_raw(
    raw: RawTerm,
    file: &Path,
    source: &SourceText,
    answers: &Answers<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Term {
    let id_base = if raw.en.trim().is_empty() {
        &raw.ko
    } else {
        &raw.en
    };
    let (answer, span) = match &raw.answer {
        Some(written) => {
            let found = answers.find(written.get_ref());
            if found.is_none() {
                diagnostics.push(
                    Diagnostic::error(file, format!("glossary term `{}` points to `{}`, which is not a page", raw.ko.trim(), written.get_ref()))
                        .at(source, written.span())
                        .with_help("`answer` is a path relative to `content/`, e.g. `networking/last-mile/q1-round-trips.md`"),
                );
            }
            (found, written.span())
        }
        None => (None, 0..0),
    };
    let origin = Some((file.to_path_buf(), source.clone(), span));
    Term {
        id: format!("term-{}", crate::slug::segment(id_base)),
        ko: clean(&raw.ko),
        en: clean(&raw.en),
        aliases: raw
            .aliases
            .into_iter()
            .map(|a| clean(&a))
            .filter(|a| !a.is_empty())
            .collect(),
        definition: clean(&raw.definition),
        answer,
        origin,
    }
}

fn dedupe_ids(terms: &mut [Term], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    for term in terms.iter() {
        if !seen.insert(term.id.clone()) {
            if let Some((file, source, span)) = &term.origin {
                diagnostics.push(
                    Diagnostic::warning(
                        file.clone(),
                        format!("glossary term `{}` is defined more than once", term.ko),
                    )
                    .at(source, span.clone())
                    .with_help("keep one entry per term; the first one is used"),
                );
            }
        }
    }
}

/// One searchable spelling of a term.
#[derive(Debug, Clone)]
struct Pattern {
    term_idx: usize,
    latin: bool,
}

/// Links the first mention of each term on a page to the glossary.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    patterns: Vec<Pattern>,
    terms: Vec<(String, String)>,
    /// Every spelling, matched ignoring ASCII case. Matching runs on the text itself, never on a
    /// lowercased copy: lowercasing changes byte lengths outside ASCII ("İ", the Kelvin sign), and
    /// offsets found in the copy would cut the original inside a character.
    automaton: Option<AhoCorasick>,
}

impl Matcher {
    /// Prepares the spellings of every term, longest first.
    pub fn new(glossary: &Glossary) -> Self {
        let mut patterns = Vec::new();
        let mut needles: Vec<&str> = Vec::new();
        let mut seen_ids = HashSet::new();
        let mut terms = Vec::new();
        for term in &glossary.terms {
            if !seen_ids.insert(term.id.clone()) {
                continue;
            }
            let term_idx = terms.len();
            terms.push((term.id.clone(), term.definition.clone()));
            for spelling in std::iter::once(&term.ko)
                .chain(std::iter::once(&term.en))
                .chain(term.aliases.iter())
            {
                if spelling.chars().count() < 2 {
                    continue;
                }
                patterns.push(Pattern {
                    term_idx,
                    latin: spelling.is_ascii(),
                });
                needles.push(spelling);
            }
        }
        // One pass over the text for all spellings (searching for each spelling in turn was half
        // of this repository's build).
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(true)
            .build(needles)
            .ok();
        Matcher {
            patterns,
            terms,
            automaton,
        }
    }

    /// The id of term number `term_idx` (as counted in the `used` set of [`Matcher::link_terms`]).
    pub fn term_id(&self, term_idx: usize) -> &str {
        &self.terms[term_idx].0
    }

    /// Returns `text` as HTML with the first mention of each not-yet-used term linked (the
    /// entry's URL left as a [`Piece::TermHref`] hole), or `None` when nothing matched (the caller
    /// then emits the text as is).
    pub fn link_terms(&self, text: &str, used: &mut HashSet<usize>) -> Option<Body> {
        if self.patterns.is_empty() {
            return None;
        }
        let automaton = self.automaton.as_ref()?;
        // Every mention at a word boundary; then, left to right, the longest at each place. A
        // term already linked still takes its place (and is left as text), so that a longer term
        // mentioned again ("Horizontal Pod Autoscaler") shields the shorter one inside ("Pod").
        let mut mentions: Vec<(usize, usize, usize)> = automaton
            .find_overlapping_iter(text)
            .filter_map(|found| {
                let pattern = &self.patterns[found.pattern().as_usize()];
                boundary_ok(text, found.start(), found.end(), pattern.latin).then_some((
                    found.start(),
                    found.end(),
                    pattern.term_idx,
                ))
            })
            .collect();
        if mentions.is_empty() {
            return None;
        }
        mentions.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut html = Body::default();
        let mut pos = 0;
        let mut matched = false;
        for (start, end, term_idx) in mentions {
            if start < pos {
                continue;
            }
            html.push_html(&crate::escape::text(&text[pos..start]));
            if used.contains(&term_idx) {
                html.push_html(&crate::escape::text(&text[start..end]));
                pos = end;
                continue;
            }
            let (id, definition) = &self.terms[term_idx];
            // The definition sits beside the link, not in it, so that it describes the term
            // (`aria-describedby`) instead of becoming part of its name. A term is linked once
            // per page, so its id is unique on the page.
            html.push_html("<span class=\"term-wrap\"><a class=\"term\" href=\"");
            html.push(Piece::TermHref(id.clone()));
            html.push_html(&format!(
                "\" aria-describedby=\"def-{0}\">{1}</a><span class=\"term-def\" id=\"def-{0}\" role=\"tooltip\">{2}</span></span>",
                crate::escape::attr(id),
                crate::escape::text(&text[start..end]),
                crate::escape::text(definition)
            ));
            used.insert(term_idx);
            pos = end;
            matched = true;
        }
        if !matched {
            return None;
        }
        html.push_html(&crate::escape::text(&text[pos..]));
        Some(html)
    }
}

/// A term starts at a word boundary; Latin terms also end at one, Korean terms may be followed by
/// a particle (any Hangul).
fn boundary_ok(text: &str, start: usize, end: usize, latin: bool) -> bool {
    let before = text[..start].chars().next_back();
    if before.is_some_and(|c| c.is_alphanumeric()) {
        return false;
    }
    if latin {
        let after = text[end..].chars().next();
        return !after.is_some_and(|c| c.is_ascii_alphanumeric());
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> Matcher {
        let term = |ko: &str, en: &str, aliases: &[&str]| Term {
            id: format!("term-{}", crate::slug::segment(en)),
            ko: ko.into(),
            en: en.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            definition: format!("{ko}의 정의"),
            answer: None,
            origin: None,
        };
        Matcher::new(&Glossary {
            terms: vec![
                term("가용성", "Availability", &[]),
                term("고가용성", "High availability", &["HA"]),
                term(
                    "수평 파드 오토스케일러",
                    "Horizontal Pod Autoscaler",
                    &["HPA"],
                ),
            ],
        })
    }

    fn link(text: &str) -> Option<String> {
        matcher()
            .link_terms(text, &mut HashSet::new())
            .map(|body| body.outline())
    }

    #[test]
    fn particles_after_korean_terms_match() {
        let html = link("가용성을 높인다").unwrap();
        assert!(
            html.contains(">가용성</a><span class=\"term-def\""),
            "{html}"
        );
        assert!(html.ends_with("을 높인다"), "{html}");
    }

    #[test]
    fn longer_term_wins_and_compounds_do_not_match_the_shorter() {
        let html = link("고가용성이 목표다").unwrap();
        assert!(html.contains("term-high-availability"), "{html}");
        assert!(!html.contains("term-availability\""), "{html}");
    }

    #[test]
    fn latin_aliases_need_word_boundaries() {
        assert!(link("HPA를 켠다")
            .unwrap()
            .contains("term-horizontal-pod-autoscaler"));
        assert_eq!(link("CHPAX"), None);
    }

    #[test]
    fn only_the_first_mention_is_linked() {
        let m = matcher();
        let mut used = HashSet::new();
        assert!(
            m.link_terms("가용성 가용성", &mut used)
                .unwrap()
                .outline()
                .matches("class=\"term\"")
                .count()
                == 1
        );
        assert_eq!(m.link_terms("가용성", &mut used), None);
    }

    #[test]
    fn a_term_inside_an_already_linked_longer_term_is_not_linked() {
        let glossary_terms = Matcher::new(&Glossary {
            terms: vec![
                Term {
                    id: "term-pod".into(),
                    ko: "파드".into(),
                    en: "Pod".into(),
                    aliases: vec![],
                    definition: "d".into(),
                    answer: None,
                    origin: None,
                },
                Term {
                    id: "term-hpa".into(),
                    ko: "수평 파드 오토스케일러".into(),
                    en: "Horizontal Pod Autoscaler".into(),
                    aliases: vec![],
                    definition: "d".into(),
                    answer: None,
                    origin: None,
                },
            ],
        });
        let mut used = HashSet::new();
        let first = glossary_terms
            .link_terms("Horizontal Pod Autoscaler를 쓴다", &mut used)
            .unwrap()
            .outline();
        assert!(
            first.contains("term-hpa") && !first.contains("term-pod"),
            "{first}"
        );
        let again = glossary_terms
            .link_terms("다시 Horizontal Pod Autoscaler와 Pod", &mut used)
            .unwrap()
            .outline();
        assert_eq!(again.matches("class=\"term\"").count(), 1, "{again}");
        assert!(
            again.contains("term-pod") && again.contains(">Pod</a>"),
            "the standalone Pod is linked: {again}"
        );
    }

    #[test]
    fn text_is_escaped() {
        let html = link("<b>가용성</b>").unwrap();
        assert!(html.starts_with("&lt;b&gt;"), "{html}");
    }
}
