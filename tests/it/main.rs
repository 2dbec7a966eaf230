//! Integration tests: each builds a tiny fixture book from `tests/fixtures/<case>/` in a temp dir
//! and asserts on the HTML (see `harness`). One test binary, a module per feature.

mod client;
mod harness;

mod browser;
mod browser_env;
mod cache_modes;
mod check;
mod core;
mod diagnostics;
mod diagrams;
mod first_hour;
mod fuzz_regressions;
mod import;
mod import_placement;
mod namespace;
mod nothing_lost;
mod own_book;
mod phone;
mod publish;
mod quick;
mod reliability;
mod review;
mod search;
mod search_cases;
mod serve;
mod start;
mod study;
mod study_loop;
mod templates;
