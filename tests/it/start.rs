//! A book of one's own: `studybook init` writes a book that checks and builds clean, `new` fills
//! in what it can, and the workflows (this repository's and the one `init` writes) are valid YAML
//! that use the official actions at the versions chosen.

use std::path::Path;
use std::process::Command;

use studybook::scaffold::{self, Written};
use yaml_rust2::{Yaml, YamlLoader};

use crate::harness::*;

/// The current major version of each official action (looked up December 2026: each one's latest
/// release notes); every workflow here must use exactly these.
const ACTIONS: &[(&str, &str)] = &[
    ("actions/checkout", "v7"),
    ("actions/cache", "v5"),
    ("actions/configure-pages", "v6"),
    ("actions/upload-pages-artifact", "v5"),
    ("actions/deploy-pages", "v5"),
];

fn initialised() -> TestBook {
    let book = TestBook::empty();
    scaffold::init(book.root(), Some("나의 \"스터디\" 북"))
        .expect("init writes into an empty folder");
    book
}

#[test]
fn an_initialised_book_checks_and_builds_with_no_warnings() {
    let book = initialised();
    let checked = book.check();
    assert!(
        checked.report.diagnostics.is_empty(),
        "check:\n{}",
        checked.rendered()
    );
    assert!(
        checked.report.n_pages >= 4,
        "{} pages",
        checked.report.n_pages
    );
    // As the Pages workflow builds it: with the site's address.
    let built = book.build_at("https://me.github.io/my-study/").ok();
    assert!(
        built.report.diagnostics.is_empty(),
        "build:\n{}",
        built.rendered()
    );
    let home = built.html("");
    assert!(
        home.contains("나의 "),
        "the title with quotes parsed: {home}"
    );
    let answer = built.main("networking/first-connection/q1-three-way-handshake/");
    assert!(answer.contains("핵심 요약"), "{answer}");
    assert!(
        answer.contains("glossary"),
        "the glossary term is linked: {answer}"
    );
    let dead = dead_links(&built.out);
    assert!(dead.is_empty(), "dead links: {dead:?}");
}

#[test]
fn a_build_without_the_sites_address_warns_once() {
    let built = initialised().build().ok();
    let warnings = built.warnings();
    assert_eq!(warnings.len(), 1, "{}", built.rendered());
    assert!(
        warnings[0].message.contains("sitemap.xml"),
        "{}",
        warnings[0].message
    );
    assert!(
        warnings[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("--base-url"),
        "{:?}",
        warnings[0].help
    );
    assert!(initialised()
        .build_at("https://me.github.io/x/")
        .warnings()
        .is_empty());
}

#[test]
fn init_refuses_a_book_and_keeps_files_that_exist() {
    let book = initialised();
    let error = scaffold::init(book.root(), None).unwrap_err().to_string();
    assert!(error.contains("already has a book"), "{error}");

    let repository = TestBook::empty();
    repository.write(".gitignore", "/target\n");
    let written = scaffold::init(repository.root(), None).unwrap();
    assert!(
        written.contains(&Written::Kept(".gitignore".into())),
        "{written:?}"
    );
    assert!(
        written.contains(&Written::Created("book.toml".into())),
        "{written:?}"
    );
    assert_eq!(
        std::fs::read_to_string(repository.root().join(".gitignore")).unwrap(),
        "/target\n"
    );
}

#[test]
fn the_init_command_says_what_it_wrote_and_refuses_a_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("my-study");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_studybook"))
            .arg("init")
            .arg(&target)
            .output()
            .unwrap()
    };
    let first = run();
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(first.status.success(), "{stdout}");
    for file in [
        "book.toml",
        ".github/workflows/pages.yml",
        "glossary/terms.toml",
    ] {
        assert!(
            stdout.contains(&format!("created {}", target.join(file).display())),
            "{stdout}"
        );
    }
    let toml = std::fs::read_to_string(target.join("book.toml")).unwrap();
    assert!(
        toml.contains("title = \"my-study\""),
        "titled after the folder: {toml}"
    );
    let second = run();
    assert_eq!(second.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&second.stderr).contains("already has a book"));
}

#[test]
fn new_infers_the_question_and_takes_the_book_folder_as_an_argument() {
    let book = initialised();
    let output = Command::new(env!("CARGO_BIN_EXE_studybook"))
        .args(["new", "networking/first-connection/q2-slow-start"])
        .arg(book.root())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let path = book
        .root()
        .join("content/networking/first-connection/q2-slow-start.md");
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains("\nquestion = 2\n"), "{text}");
    assert!(text.contains("title = \"slow start\""), "{text}");
    book.check().ok();
}

#[test]
fn the_version_names_the_commit_when_built_from_git() {
    let output = Command::new(env!("CARGO_BIN_EXE_studybook"))
        .arg("--version")
        .output()
        .unwrap();
    let version = String::from_utf8_lossy(&output.stdout);
    assert!(
        version.starts_with(&format!("studybook {}", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
    let in_git = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .is_ok_and(|o| o.status.success());
    if in_git {
        assert!(version.contains(" ("), "a commit in parentheses: {version}");
    }
}

fn yaml(path: &Path) -> Yaml {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut docs = YamlLoader::load_from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not YAML: {e}", path.display()));
    assert_eq!(docs.len(), 1, "{}", path.display());
    docs.remove(0)
}

/// Every `uses:` value anywhere in the document.
fn uses(node: &Yaml, found: &mut Vec<String>) {
    match node {
        Yaml::Hash(hash) => {
            for (key, value) in hash {
                if key.as_str() == Some("uses") {
                    found.extend(value.as_str().map(str::to_string));
                }
                uses(value, found);
            }
        }
        Yaml::Array(items) => items.iter().for_each(|item| uses(item, found)),
        _ => {}
    }
}

#[track_caller]
fn assert_official_actions_current(path: &Path, node: &Yaml) -> Vec<String> {
    let mut found = Vec::new();
    uses(node, &mut found);
    for used in &found {
        let Some((name, version)) = used.split_once('@') else {
            panic!("{}: `{used}` has no version", path.display());
        };
        if let Some((_, expected)) = ACTIONS.iter().find(|(action, _)| *action == name) {
            assert_eq!(version, *expected, "{}: {used}", path.display());
        } else {
            assert!(
                !name.starts_with("actions/"),
                "{}: {used} is an official action missing from ACTIONS",
                path.display()
            );
        }
    }
    found
}

#[test]
fn the_init_workflow_publishes_with_the_action_and_checks_pull_requests() {
    let book = initialised();
    let path = book.root().join(".github/workflows/pages.yml");
    let workflow = yaml(&path);
    let used = assert_official_actions_current(&path, &workflow);
    for (action, _) in &ACTIONS[2..] {
        assert!(
            used.iter().any(|u| u.starts_with(action)),
            "{action} in {used:?}"
        );
    }
    let action = format!("studybook/studybook@v{}", env!("CARGO_PKG_VERSION"));
    assert!(used.contains(&action), "{action} in {used:?}");
    let on = &workflow["on"];
    assert!(
        !on["push"].is_badvalue() && !on["pull_request"].is_badvalue(),
        "{on:?}"
    );
    let deploy = &workflow["jobs"]["deploy"]["permissions"];
    assert_eq!(deploy["pages"].as_str(), Some("write"));
    assert_eq!(deploy["id-token"].as_str(), Some("write"));
    let check = &workflow["jobs"]["check"];
    assert!(check["if"].as_str().unwrap_or("").contains("pull_request"));
    let step = check["steps"]
        .as_vec()
        .and_then(|steps| {
            steps
                .iter()
                .find(|s| s["uses"].as_str() == Some(action.as_str()))
        })
        .expect("the check job uses the action");
    assert_eq!(step["with"]["command"].as_str(), Some("check"));
}

#[test]
fn this_repositorys_workflows_and_action_are_valid_and_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["pages.yml", "ci.yml", "release.yml"] {
        let path = root.join(".github/workflows").join(name);
        assert_official_actions_current(&path, &yaml(&path));
    }
    let ci = yaml(&root.join(".github/workflows/ci.yml"));
    assert!(!ci["on"]["push"].is_badvalue() && !ci["on"]["pull_request"].is_badvalue());
    let runs_ci: Vec<&str> = ci["jobs"]["ci"]["steps"]
        .as_vec()
        .unwrap()
        .iter()
        .filter_map(|step| step["run"].as_str())
        .collect();
    assert!(runs_ci.contains(&".ci/run"), "{runs_ci:?}");

    let release = yaml(&root.join(".github/workflows/release.yml"));
    assert_eq!(release["on"]["push"]["tags"][0].as_str(), Some("v*"));
    let targets: Vec<&str> = release["jobs"]["binaries"]["strategy"]["matrix"]["include"]
        .as_vec()
        .unwrap()
        .iter()
        .filter_map(|entry| entry["target"].as_str())
        .collect();
    for target in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(targets.contains(&target), "{target} in {targets:?}");
    }

    let action = yaml(&root.join("action.yml"));
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    for input in ["command", "book-dir", "base-url", "version"] {
        assert!(!action["inputs"][input].is_badvalue(), "input {input}");
    }
    let scripts: String = action["runs"]["steps"]
        .as_vec()
        .unwrap()
        .iter()
        .filter_map(|step| step["run"].as_str())
        .collect();
    assert!(scripts.contains("cargo install --git"), "the fallback");
    assert!(
        scripts.contains("--base-url"),
        "builds with the Pages address"
    );
}
