//! Matching and ranking a [`Query`] against an [`Index`]; `search.js` ports it as `rank`.
//!
//! Pages are ordered by how many query words they match, then by how many of those they match
//! completely (every key, not all but one), then by score: each matched word adds the mean weight
//! of its keys, and the bigrams bridging spaced words add half their weight. A slot matched
//! through a glossary synonym counts as all of its words, but only when the synonym is there
//! whole, its Hangul words side by side ("상태 확인" is not "상태 … 확인"); its score is scaled
//! to the slot's width and by [`SYNONYM`], so that the words as typed win ties.

use super::postings::Index;
use super::query::{Alternative, Query, Term};

/// What a word found through a synonym weighs against the word as typed.
pub const SYNONYM: f64 = 0.9;

/// One matching document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Document number.
    pub doc: u32,
    /// Query words matched.
    pub matched: usize,
    /// Query words matched with every key.
    pub complete: usize,
    /// Weight of the matches.
    pub score: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Outcome {
    matched: usize,
    complete: usize,
    score: f64,
}

impl Outcome {
    fn better_than(self, other: Outcome) -> bool {
        (self.matched, self.complete) > (other.matched, other.complete)
            || ((self.matched, self.complete) == (other.matched, other.complete)
                && self.score > other.score)
    }
}

fn term(index: &Index, term: &Term, doc: u32) -> Option<(bool, f64)> {
    let mut present = 0;
    let mut sum = 0.0;
    for key in &term.keys {
        if let Some(weight) = index.weight(key, doc) {
            present += 1;
            sum += f64::from(weight);
        }
    }
    (present >= term.required).then(|| (present == term.keys.len(), sum / term.keys.len() as f64))
}

fn bonus(index: &Index, keys: &[String], doc: u32) -> f64 {
    keys.iter()
        .filter_map(|key| index.weight(key, doc))
        .map(|weight| f64::from(weight) / 2.0)
        .sum()
}

fn alternative(index: &Index, alternative: &Alternative, doc: u32) -> Outcome {
    let mut outcome = Outcome::default();
    for t in &alternative.terms {
        if let Some((complete, score)) = term(index, t, doc) {
            outcome.matched += 1;
            outcome.complete += usize::from(complete);
            outcome.score += score;
        }
    }
    outcome.score += bonus(index, &alternative.bonus, doc);
    outcome
}

fn evaluate(index: &Index, query: &Query, doc: u32) -> Outcome {
    let mut total = Outcome::default();
    for slot in &query.slots {
        let mut best = alternative(index, &slot.alternatives[0], doc);
        for other in &slot.alternatives[1..] {
            // A synonym counts only whole, and with its Hangul words side by side.
            if !other
                .bonus
                .iter()
                .all(|key| index.weight(key, doc).is_some())
            {
                continue;
            }
            let outcome = alternative(index, other, doc);
            let n_terms = other.terms.len();
            if outcome.matched < n_terms {
                continue;
            }
            let scaled = Outcome {
                matched: slot.width,
                complete: if outcome.complete == n_terms {
                    slot.width
                } else {
                    0
                },
                score: (outcome.score - bonus(index, &other.bonus, doc)) * slot.width as f64
                    / n_terms as f64
                    * SYNONYM,
            };
            if scaled.better_than(best) {
                best = scaled;
            }
        }
        total.matched += best.matched;
        total.complete += best.complete;
        total.score += best.score;
    }
    total.score += bonus(index, &query.bonus, doc);
    total
}

/// Every document matching at least one query word, best first (ties in document order).
pub fn search(index: &Index, query: &Query) -> Vec<Hit> {
    let mut candidates: Vec<u32> = query
        .slots
        .iter()
        .flat_map(|slot| &slot.alternatives)
        .flat_map(|alternative| &alternative.terms)
        .flat_map(|term| &term.keys)
        .filter_map(|key| index.postings.get(key))
        .flat_map(|list| list.iter().map(|&(doc, _)| doc))
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    let mut hits: Vec<Hit> = candidates
        .into_iter()
        .filter_map(|doc| {
            let outcome = evaluate(index, query, doc);
            (outcome.matched > 0).then_some(Hit {
                doc,
                matched: outcome.matched,
                complete: outcome.complete,
                score: outcome.score,
            })
        })
        .collect();
    hits.sort_by(|a, b| {
        (b.matched, b.complete)
            .cmp(&(a.matched, a.complete))
            .then(b.score.total_cmp(&a.score))
            .then(a.doc.cmp(&b.doc))
    });
    hits
}
