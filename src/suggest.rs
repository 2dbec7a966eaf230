//! "Did you mean …?" for a name that matches nothing (a broken link's page, file, wikilink or
//! heading), without comparing it with every name.
//!
//! Edit distance against every page for every broken link was quadratic: 4,000 notes with one
//! broken link each took 25–41 s. [`Suggester`] indexes the names by character trigram once;
//! a query counts the trigrams it shares with each name (skipping trigrams most names have, such
//! as `.md`), and only the few names sharing the most are ranked by edit distance.

use std::collections::HashMap;

/// How many of the best trigram matches are ranked by edit distance.
const SHORTLIST: usize = 24;

/// Longest part of a name compared by edit distance (its cost is the product of the lengths).
const MAX_COMPARED_CHARS: usize = 200;

/// Names indexed by trigram.
pub struct Suggester {
    names: Vec<String>,
    grams: HashMap<[char; 3], Vec<u32>>,
    /// Trigrams in more names than this say nothing about closeness and are skipped.
    common: usize,
}

impl Suggester {
    /// Indexes `names` (sorted, so that ties between equally close names are stable).
    pub fn new<'a>(names: impl Iterator<Item = &'a str>) -> Self {
        let mut names: Vec<String> = names.map(str::to_string).collect();
        names.sort_unstable();
        names.dedup();
        let mut grams: HashMap<[char; 3], Vec<u32>> = HashMap::new();
        for (name_idx, name) in names.iter().enumerate() {
            let mut seen = trigrams(name);
            seen.sort_unstable();
            seen.dedup();
            for gram in seen {
                grams.entry(gram).or_default().push(name_idx as u32);
            }
        }
        let common = (names.len() / 4).max(64);
        Suggester {
            names,
            grams,
            common,
        }
    }

    /// The closest three names to `wanted`, as help text naming `what` they are.
    pub fn suggest(&self, wanted: &str, what: &str) -> (String, Vec<String>) {
        let mut shared: HashMap<u32, u32> = HashMap::new();
        for gram in trigrams(wanted) {
            match self.grams.get(&gram) {
                Some(names) if names.len() <= self.common => {
                    for &name_idx in names {
                        *shared.entry(name_idx).or_default() += 1;
                    }
                }
                _ => {}
            }
        }
        let mut shortlist: Vec<(u32, u32)> = shared.into_iter().collect();
        shortlist.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        shortlist.truncate(SHORTLIST);
        if self.names.len() <= SHORTLIST {
            shortlist = (0..self.names.len() as u32).map(|idx| (idx, 0)).collect();
        }
        let wanted = clip(wanted);
        let mut scored: Vec<(f64, &str)> = shortlist
            .iter()
            .map(|&(name_idx, _)| {
                let name = self.names[name_idx as usize].as_str();
                (strsim::normalized_levenshtein(wanted, clip(name)), name)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        let best: Vec<String> = scored
            .iter()
            .filter(|(score, _)| *score > 0.3)
            .take(3)
            .map(|(_, name)| name.to_string())
            .collect();
        let help = if best.is_empty() {
            format!("check the spelling; no similar {what} exist")
        } else {
            let listed: Vec<String> = best.iter().map(|name| format!("`{name}`")).collect();
            format!("did you mean {}?", listed.join(", "))
        };
        (help, best)
    }
}

/// The name's trigrams, lowercased, with its ends marked so that short names have some.
fn trigrams(name: &str) -> Vec<[char; 3]> {
    let chars: Vec<char> = std::iter::once('\0')
        .chain(
            name.chars()
                .take(MAX_COMPARED_CHARS)
                .flat_map(char::to_lowercase),
        )
        .chain(std::iter::once('\0'))
        .collect();
    chars.windows(3).map(|w| [w[0], w[1], w[2]]).collect()
}

fn clip(name: &str) -> &str {
    match name.char_indices().nth(MAX_COMPARED_CHARS) {
        Some((end, _)) => &name[..end],
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::Suggester;

    #[test]
    fn the_closest_names_are_suggested() {
        let names: Vec<String> = (0..5000).map(|i| format!("notes/note-{i:04}.md")).collect();
        let suggester = Suggester::new(names.iter().map(String::as_str));
        let (help, suggestions) = suggester.suggest("notes/note-1234x.md", "pages");
        assert!(
            help.starts_with("did you mean `notes/note-1234.md`"),
            "{help}"
        );
        assert_eq!(suggestions[0], "notes/note-1234.md");
        assert_eq!(
            Suggester::new(["a.md"].into_iter()).suggest("zzzzzzzzzzzz", "pages"),
            (
                "check the spelling; no similar pages exist".to_string(),
                Vec::new()
            )
        );
    }
}
