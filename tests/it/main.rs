//! Integration tests: each builds a tiny fixture book from `tests/fixtures/<case>/` in a temp dir
//! and asserts on the HTML (see `harness`). One test binary, a module per feature.

mod harness;

mod browser;
mod core;
mod own_book;
mod search;
