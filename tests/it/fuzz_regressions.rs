//! Replays every input the fuzzers found a bug with (`tests/fuzz-regressions/<target>/`) through
//! the same functions the fuzz targets call (`fuzz/src/lib.rs`, included here), so that a fixed
//! bug stays fixed. The fuzz runs themselves (`fuzz/run.sh`) are not part of CI.

#[path = "../../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod targets;

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.file_name().is_some_and(|name| name != ".gitkeep"))
        .collect();
    inputs.sort();
    for path in &inputs {
        let data = std::fs::read(path).unwrap();
        eprintln!("replaying {}", path.display());
        run(&data);
    }
    inputs.len()
}

#[test]
fn frontmatter_regressions_replay() {
    assert!(
        replay("frontmatter", targets::frontmatter) > 0,
        "no inputs replayed"
    );
}

#[test]
fn markdown_links_regressions_replay() {
    replay("markdown_links", targets::markdown_links);
}

#[test]
fn diagrams_regressions_replay() {
    replay("diagrams", targets::diagrams);
}

#[test]
fn math_regressions_replay() {
    assert!(replay("math", targets::math) > 0, "no inputs replayed");
}

#[test]
fn mermaid_output_regressions_replay() {
    assert!(
        replay("mermaid_output", targets::mermaid_output) > 0,
        "no inputs replayed"
    );
}

#[test]
fn templates_regressions_replay() {
    assert!(
        replay("templates", targets::templates) > 0,
        "no inputs replayed"
    );
}
