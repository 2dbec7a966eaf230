//! One line at the end of `cargo test` saying whether the browser tests ran. Without Chromium
//! they pass without running their browser half (each prints "skipped" as it goes), and libtest's
//! "N passed" would otherwise count them as passed; this binary, with no test harness of its
//! own, prints a summary the user sees whatever `--nocapture` says.

#[path = "it/browser_env.rs"]
mod browser_env;

fn main() {
    let browser_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let required = std::env::var("STUDYBOOK_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    match browser_env::missing(&browser_dir) {
        None => println!("browser tests: ran (Chromium and tests/browser/node_modules found)"),
        Some(reason) if required => {
            eprintln!("browser tests: required but cannot run: {reason}");
            std::process::exit(1);
        }
        Some(reason) => println!(
            "browser tests: SKIPPED — {reason}; the tests in tests/it that drive Chromium passed without their browser checks (STUDYBOOK_REQUIRE_BROWSER=1 makes this a failure)"
        ),
    }
}
