//! Page ids: which page of the book a value is about, as a type of its own.
//!
//! Every stage keeps what it knows per page in a [`PageVec`] addressed by a [`PageId`] (rustc's
//! `IndexVec`, rust-analyzer's `la-arena`), so a page cannot be mistaken for a heading, a
//! topic's position or a diagram's, and a per-page table cannot be read with any other number.
//! Written here rather than taken from `index_vec` or `typed-index-collections`: the book needs one
//! id type and the dozen methods below, which read more plainly than a macro-made type.

use std::ops::{Index, IndexMut};

use rayon::prelude::*;

/// A page of the book: its place in `Content::pages` (which is sorted by `rel_path`, so ids
/// compare in that order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageId(u32);

impl PageId {
    fn new(index: usize) -> PageId {
        PageId(u32::try_from(index).expect("a book has fewer than 2³² pages"))
    }

    /// The page's place among the pages: also the number of its search document, as the search
    /// index lists the pages first, in this order.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One value per page, read and written by [`PageId`] only.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageVec<T> {
    items: Vec<T>,
}

impl<T> PageVec<T> {
    /// No pages.
    pub fn new() -> Self {
        PageVec { items: Vec::new() }
    }

    /// `value` for each of `len` pages.
    pub fn filled(value: T, len: usize) -> Self
    where
        T: Clone,
    {
        PageVec {
            items: vec![value; len],
        }
    }

    /// Adds the next page's value and returns its id.
    pub fn push(&mut self, value: T) -> PageId {
        self.items.push(value);
        PageId::new(self.items.len() - 1)
    }

    /// The number of pages.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when there are no pages.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Page `id`'s value, if there is such a page.
    pub fn get(&self, id: PageId) -> Option<&T> {
        self.items.get(id.index())
    }

    /// Every page's id, in order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = PageId> + ExactSizeIterator {
        (0..self.items.len()).map(PageId::new)
    }

    /// Every page's id, in order, for a parallel loop.
    pub fn par_ids(&self) -> impl IndexedParallelIterator<Item = PageId> {
        (0..self.items.len()).into_par_iter().map(PageId::new)
    }

    /// The values in page order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// The values in page order, each with its page's id.
    pub fn iter_enumerated(&self) -> impl DoubleEndedIterator<Item = (PageId, &T)> {
        self.ids().zip(&self.items)
    }

    /// The values in page order, as a slice (for rayon, `zip` and the like).
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    /// A value per page made from this one's, same ids.
    pub fn map<'a, U>(&'a self, f: impl FnMut(&'a T) -> U) -> PageVec<U> {
        self.items.iter().map(f).collect()
    }

    /// The id of the first page whose value matches.
    pub fn position(&self, found: impl FnMut(&T) -> bool) -> Option<PageId> {
        self.items.iter().position(found).map(PageId::new)
    }

    /// Keeps the pages whose value matches. Ids change: only for building the list, before any
    /// id has been handed out (`content::drop_drafts`).
    pub fn retain(&mut self, keep: impl FnMut(&T) -> bool) {
        self.items.retain(keep);
    }
}

impl<T> Default for PageVec<T> {
    fn default() -> Self {
        PageVec::new()
    }
}

impl<T> Index<PageId> for PageVec<T> {
    type Output = T;

    fn index(&self, id: PageId) -> &T {
        &self.items[id.index()]
    }
}

impl<T> IndexMut<PageId> for PageVec<T> {
    fn index_mut(&mut self, id: PageId) -> &mut T {
        &mut self.items[id.index()]
    }
}

impl<T> FromIterator<T> for PageVec<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        PageVec {
            items: iter.into_iter().collect(),
        }
    }
}

impl<T> Extend<T> for PageVec<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        self.items.extend(iter);
    }
}

impl<T> IntoIterator for PageVec<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a PageVec<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_handed_out_in_order_and_read_back_their_values() {
        let mut pages = PageVec::new();
        let a = pages.push("a");
        let b = pages.push("b");
        assert!(a < b);
        assert_eq!((pages[a], pages[b]), ("a", "b"));
        assert_eq!(pages.ids().collect::<Vec<_>>(), [a, b]);
        assert_eq!(pages.iter_enumerated().last(), Some((b, &"b")));
        assert_eq!(pages.position(|&p| p == "b"), Some(b));
        let lengths = pages.map(|p| p.len());
        assert_eq!(lengths[b], 1);
        assert_eq!(pages.par_ids().collect::<Vec<_>>(), [a, b]);
    }
}
