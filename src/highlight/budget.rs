//! How much work highlighting one block may take: an allowance proportional to the block's size,
//! counted in the engines' own steps, so that the outcome never depends on the machine's speed.
//!
//! Both engines have inputs whose cost grows with the square of their size (80,000 `(`
//! in a Python block took 9.8 s; `{[(` in Rust, `[[` in JSON, YAML or Markdown and `<a ` in C++
//! took over 60 s for 200 KB, 11–24× per 4× of input):
//!
//! - tree-sitter parses with error recovery into one node with thousands of unnamed children,
//!   and its query cursor, on entering each of them, looks along the later siblings for a named
//!   one (`ts_tree_cursor_current_status`): a run of `m` unnamed siblings costs `m²/2`. That cost
//!   is predicted from the tree before the query runs ([`sibling_scans`](super::tree)); parse
//!   operations and query steps are counted through tree-sitter's progress callbacks, which
//!   also stop either when the allowance runs out.
//! - syntect's regular expressions search a line from each token to its end, so a line of `ℓ`
//!   bytes may cost `ℓ²`; a block is refused before the first line when the sum over its lines
//!   would pass the allowance (a weighted mean line length of about 1 KiB).
//!
//! A block over its allowance is shown as plain text with a warning at its line.

/// Units every block may spend whatever its size.
const BASE: u64 = 1 << 20;

/// Units per byte of the block. Ordinary code spends about 5 (parse operations 2.5, query
/// steps 2.3, sibling scans 0.5 per byte on the benchmark corpus and this book).
const PER_BYTE: u64 = 64;

/// A syntect line of `ℓ` bytes counts `ℓ² / LINE_DIVISOR` units, so that lines averaging
/// `PER_BYTE × LINE_DIVISOR` bytes (weighted by length) fit.
const LINE_DIVISOR: u64 = 16;

/// The units left for one block, and those spent so far.
#[derive(Debug)]
pub(super) struct Budget {
    left: u64,
    spent: u64,
}

/// Highlighting a block would take more than its [`Budget`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct OverBudget;

impl Budget {
    /// The allowance of `code`.
    pub(super) fn for_block(code: &str) -> Budget {
        let bytes = u64::try_from(code.len()).unwrap_or(u64::MAX);
        Budget {
            left: BASE.saturating_add(PER_BYTE.saturating_mul(bytes)),
            spent: 0,
        }
    }

    /// Takes `units` from the allowance for work about to be done (or just done: at most one
    /// progress callback's worth); refuses, taking nothing, when they are not left.
    pub(super) fn spend(&mut self, units: u64) -> Result<(), OverBudget> {
        let left = self.left.checked_sub(units).ok_or(OverBudget)?;
        self.left = left;
        self.spent = self.spent.saturating_add(units);
        Ok(())
    }

    /// Units still allowed.
    pub(super) fn left(&self) -> u64 {
        self.left
    }

    /// Units spent so far (the cost tests compare these at n and 4n).
    pub(super) fn spent(&self) -> u64 {
        self.spent
    }

    /// Spends what syntect may take for `code` (see the module's comment) before it starts:
    /// one unit per byte for measuring its lines, then their squared lengths.
    pub(super) fn spend_on_lines(&mut self, code: &str) -> Result<(), OverBudget> {
        self.spend(u64::try_from(code.len()).unwrap_or(u64::MAX))?;
        let squares = code
            .split_inclusive('\n')
            .map(|line| u64::try_from(line.len()).unwrap_or(u64::MAX))
            .fold(0u64, |sum, len| {
                sum.saturating_add(len.saturating_mul(len) / LINE_DIVISOR)
            });
        self.spend(squares)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_allowance_grows_with_the_block() {
        let mut small = Budget::for_block("x");
        assert_eq!(small.spend(BASE), Ok(()));
        assert_eq!(small.spend(PER_BYTE + 1), Err(OverBudget));
        assert_eq!(small.spent(), BASE, "refused units are not spent");
        assert_eq!(small.spend(PER_BYTE), Ok(()));
        let mut large = Budget::for_block(&"x".repeat(1_000));
        assert_eq!(large.spend(BASE + 1_000 * PER_BYTE), Ok(()));
        assert_eq!(large.spend(1), Err(OverBudget));
    }

    #[test]
    fn syntect_blocks_are_weighed_by_their_lines_squared() {
        // 200 KB in lines of 100 bytes fits; the same bytes as one line does not.
        let short_lines = format!("{}\n", "x".repeat(99)).repeat(2_000);
        assert_eq!(
            Budget::for_block(&short_lines).spend_on_lines(&short_lines),
            Ok(())
        );
        let one_line = "x".repeat(200_000);
        let mut budget = Budget::for_block(&one_line);
        assert_eq!(budget.spend_on_lines(&one_line), Err(OverBudget));
        // Lines of 1 KiB fit, whatever their number.
        let long_lines = format!("{}\n", "x".repeat(1_023)).repeat(200);
        assert_eq!(
            Budget::for_block(&long_lines).spend_on_lines(&long_lines),
            Ok(())
        );
    }
}
