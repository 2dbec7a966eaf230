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
    ("actions/cache", "v6"),
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
        written.contains(&Written::Appended(
            ".gitignore".into(),
            vec!["/public".into(), "/.studybook-cache".into()]
        )),
        "{written:?}"
    );
    assert!(
        written.contains(&Written::Created("book.toml".into())),
        "{written:?}"
    );
    assert_eq!(
        std::fs::read_to_string(repository.root().join(".gitignore")).unwrap(),
        "/target\n# studybook: the built site and the diagram cache\n/public\n/.studybook-cache\n"
    );
}

#[test]
fn the_init_command_says_what_it_wrote_and_refuses_a_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("my-study");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_studybook"))
            .args(["init", "--lang", "en"])
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

/// The `run:` scripts of a list of workflow steps, in order.
fn run_steps(steps: &Yaml) -> Vec<&str> {
    steps
        .as_vec()
        .expect("a list of steps")
        .iter()
        .filter_map(|step| step["run"].as_str())
        .collect()
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

/// The permissions a job runs with: its own `permissions` when it has them (they replace the
/// workflow's entirely), else the workflow's; `(scope, level)` pairs, sorted.
fn job_permissions(workflow: &Yaml, job: &str) -> Vec<(String, String)> {
    let own = &workflow["jobs"][job]["permissions"];
    let granted = if own.is_badvalue() {
        &workflow["permissions"]
    } else {
        own
    };
    let mut pairs: Vec<(String, String)> = granted
        .as_hash()
        .unwrap_or_else(|| panic!("job `{job}` has no permissions map: {granted:?}"))
        .iter()
        .map(|(scope, level)| {
            (
                scope.as_str().unwrap_or_default().to_string(),
                level.as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    pairs.sort();
    pairs
}

#[track_caller]
fn assert_permissions(workflow: &Yaml, job: &str, expected: &[(&str, &str)]) {
    let mut expected: Vec<(String, String)> = expected
        .iter()
        .map(|(scope, level)| (scope.to_string(), level.to_string()))
        .collect();
    expected.sort();
    assert_eq!(job_permissions(workflow, job), expected, "job `{job}`");
}

/// Each job of the Pages workflow `init` writes gets exactly what its actions need:
/// configure-pages reads the Pages settings (`pages: read`, actions/configure-pages#188),
/// deploy-pages writes the deployment and proves the run's origin with an OIDC token.
#[test]
fn the_init_workflow_grants_each_job_what_its_actions_need() {
    let book = initialised();
    let workflow = yaml(&book.root().join(".github/workflows/pages.yml"));
    assert_permissions(&workflow, "check", &[("contents", "read")]);
    assert_permissions(
        &workflow,
        "build",
        &[("contents", "read"), ("pages", "read")],
    );
    assert_permissions(
        &workflow,
        "deploy",
        &[("id-token", "write"), ("pages", "write")],
    );
    let build_steps = workflow["jobs"]["build"]["steps"]
        .as_vec()
        .expect("build steps");
    assert!(
        build_steps
            .iter()
            .any(|step| step["uses"].as_str() == Some("actions/configure-pages@v6")),
        "the build job configures Pages: {build_steps:?}"
    );
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
    let runs_ci = run_steps(&ci["jobs"]["ci"]["steps"]);
    assert!(runs_ci.contains(&".ci/run"), "{runs_ci:?}");

    let release = yaml(&root.join(".github/workflows/release.yml"));
    assert_eq!(release["on"]["push"]["tags"][0].as_str(), Some("v*"));
    // Test where you ship: every system a release is built on also runs the suite.
    let family = |os: &str| os.split('-').next().unwrap_or(os).to_string();
    let mut tested = vec![family(ci["jobs"]["ci"]["runs-on"].as_str().unwrap())];
    tested.extend(
        ci["jobs"]["portable"]["strategy"]["matrix"]["os"]
            .as_vec()
            .unwrap()
            .iter()
            .filter_map(|os| os.as_str().map(family)),
    );
    for entry in release["jobs"]["binaries"]["strategy"]["matrix"]["include"]
        .as_vec()
        .unwrap()
    {
        let os = family(entry["os"].as_str().unwrap());
        assert!(
            tested.contains(&os),
            "releases ship on {os}, CI tests {tested:?}"
        );
    }
    let portable_runs = run_steps(&ci["jobs"]["portable"]["steps"]);
    assert!(
        portable_runs.contains(&"cargo test --locked"),
        "{portable_runs:?}"
    );
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
    let scripts: String = run_steps(&action["runs"]["steps"]).concat();
    assert!(scripts.contains("cargo install --git"), "the fallback");
    assert!(
        scripts.contains("--base-url"),
        "builds with the Pages address"
    );
}

/// Runs action.yml's install step with `curl` failing (no release reachable) and `cargo`
/// recording its arguments, and returns (cargo's arguments, the step's stdout).
#[cfg(unix)]
fn install_step(action_ref: &str, action_path_ref: &str) -> (String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let action = yaml(&root.join("action.yml"));
    let script = action["runs"]["steps"][0]["run"]
        .as_str()
        .expect("the install step is a script")
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let cargo_args = dir.path().join("cargo-args");
    let stub = |name: &str, body: &str| {
        let path = bin.join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    };
    stub("curl", "exit 22");
    stub(
        "cargo",
        &format!("echo \"$@\" > '{}'", cargo_args.display()),
    );
    let action_path = dir
        .path()
        .join("_actions/studybook/studybook")
        .join(action_path_ref);
    let output = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("INPUT_VERSION", "")
        .env("ACTION_REF", action_ref)
        .env("ACTION_REPOSITORY", "")
        .env("GITHUB_ACTION_PATH", &action_path)
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("RUNNER_TEMP", dir.path())
        .env("GITHUB_PATH", dir.path().join("github-path"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        std::fs::read_to_string(cargo_args).unwrap_or_default(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

/// Used at a tag, the action installs that tag's studybook, also when `github.action_ref` is
/// empty (nested composite runs): the tag then comes from the action's own path. Only a branch
/// falls back to the latest release, with a notice.
#[cfg(unix)]
#[test]
fn the_action_installs_the_tag_it_is_used_at() {
    let (cargo, _) = install_step("v0.1.0", "v0.1.0");
    assert!(cargo.contains("--tag v0.1.0"), "{cargo}");
    assert!(
        cargo.contains("--git https://github.com/studybook/studybook"),
        "{cargo}"
    );
    let (cargo, _) = install_step("", "v0.2.0");
    assert!(
        cargo.contains("--tag v0.2.0"),
        "ref from the action's path: {cargo}"
    );
    let (cargo, stdout) = install_step("main", "main");
    assert!(!cargo.contains("--tag"), "{cargo}");
    assert!(stdout.contains("not a release tag"), "{stdout}");
}
