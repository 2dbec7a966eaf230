//! The `studybook` command line: parse arguments, call the library, map the outcome to an exit
//! code (0 built, 1 the book has errors, 2 studybook could not run).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory as _, Parser, Subcommand};
use studybook::i18n::Language;

mod status;

/// mimalloc instead of glibc malloc: the build allocates millions of small strings (syntect
/// tokens, HTML pieces) across threads, and glibc's malloc/free showed up as ~12% of a profile.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use studybook::diagnostic::{Diagnostic, Format};
use studybook::{config::Overrides, diagnostic, Caches, Mode, Options};

#[derive(Parser)]
#[command(
    name = "studybook",
    // The version and, when built from a git checkout, the commit (see build.rs).
    version = env!("STUDYBOOK_VERSION"),
    about = "Build Korean-first study books: Markdown answers and diagrams to a cross-linked static site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only errors and warnings: no progress, no summary
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print how long each stage took
    #[arg(short, long, global = true)]
    verbose: bool,
    /// The language of messages for the author: `ko` or `en` [default: the book's `language`,
    /// else `LANG`, else `ko`]
    #[arg(long, global = true, value_parser = parse_lang)]
    lang: Option<Language>,
}

/// How much the command says, and in which language; from the global flags.
#[derive(Debug, Clone, Copy)]
struct Ui {
    quiet: bool,
    verbose: bool,
    lang: Option<Language>,
}

impl Ui {
    /// The messages' language for the book at `root` (see `Language::choose`).
    fn lang_for(self, root: &Path) -> Language {
        let locale = std::env::var("LANG").ok();
        Language::choose(self.lang, Language::of_book(root), locale.as_deref())
    }

    /// Finds the book for a command run on `dir` (in a parent folder when `dir` has no
    /// `book.toml`) and says which one on stderr.
    fn find_book(self, dir: &Path) -> anyhow::Result<PathBuf> {
        let found = studybook::book_dir::find(dir)?;
        if !self.quiet {
            eprintln!("{}", found.describe());
        }
        Ok(found.root)
    }
}

fn parse_lang(code: &str) -> Result<Language, String> {
    Language::from_locale(code)
        .ok_or_else(|| format!("`{code}` is not a language studybook speaks; use `ko` or `en`"))
}

#[derive(Subcommand)]
enum Command {
    /// Build the book into `public/` (or `[build] output-dir`, or `--out`)
    Build {
        /// The book's folder (holding `book.toml` and `content/`), or any folder of Markdown notes
        #[arg(default_value = ".")]
        book_dir: PathBuf,
        /// Where to write the site
        #[arg(long)]
        out: Option<PathBuf>,
        /// The absolute URL the site is published at, e.g. https://me.github.io/study/
        #[arg(long)]
        base_url: Option<String>,
        /// Print how long each stage took (the same as `-v`)
        #[arg(long, hide = true)]
        timings: bool,
    },
    /// Report every problem in the book (and the editor's lints); write nothing
    Check {
        /// The book's folder
        #[arg(default_value = ".")]
        book_dir: PathBuf,
        /// How to print the findings: for a terminal, as GitHub annotations, or as JSON
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Start a new book: book.toml, a first answer, a glossary and a GitHub Pages workflow
    Init {
        /// The folder to create the book in (made if missing; must not hold a book yet)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The book's title [default: the folder's name]
        #[arg(long)]
        title: Option<String>,
    },
    /// Create a page with its front matter filled in: `studybook new networking/tcp-handshake`
    New {
        /// TOPIC/SLUG (a path under `content/`, without `.md`); `qN-…` answers question N
        name: String,
        /// The book's folder
        #[arg(default_value = ".")]
        book_dir: PathBuf,
    },
    /// File a round's question document into the book: one page per question, by topic
    Import {
        /// The round's document (`.txt` or `.md`)
        round_file: PathBuf,
        /// The book's folder
        #[arg(default_value = ".")]
        book_dir: PathBuf,
        /// The round's id in `book.toml` [default: the document's date]
        #[arg(long, value_parser = studybook::import::parse_session_option)]
        session: Option<String>,
        /// Put scenario N under topic folder SLUG instead of the proposed one (repeatable)
        #[arg(long, value_name = "N=SLUG", value_parser = studybook::import::parse_topic_option)]
        topic: Vec<(usize, String)>,
        /// Print the plan (scenario → folder, question → file) and write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Print a shell completion script: `studybook completions bash > ~/.local/share/bash-completion/completions/studybook`
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell
        shell: clap_complete::Shell,
    },
    /// Build, serve with live reload, and rebuild on every change
    Serve {
        /// The book's folder
        #[arg(default_value = ".")]
        book_dir: PathBuf,
        /// Port to listen on [default: 3000, or the next free one]; 0 picks any free port
        #[arg(long)]
        port: Option<u16>,
        /// Address to bind; the default keeps the server private to this machine
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
        /// Also write every good build here (the site is served from memory either way)
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ui = Ui {
        quiet: cli.quiet,
        verbose: cli.verbose,
        lang: cli.lang,
    };
    match run(cli.command, ui) {
        Ok(code) => code,
        Err(error) => {
            // The chain may quote the book's data (a file name, an `output-dir`).
            eprintln!("error: {}", diagnostic::printable(&format!("{error:#}")));
            ExitCode::from(2)
        }
    }
}

fn check(book_dir: &Path, format: Format, ui: Ui) -> anyhow::Result<ExitCode> {
    let book_dir = ui.find_book(book_dir)?;
    let options = Options {
        root: book_dir.clone(),
        overrides: Overrides::default(),
        mode: Mode::Check,
        caches: Caches::for_one_build(),
    };
    let report = studybook::build_observed(&options, &status::Status::new(ui.quiet, ui.verbose))?;
    print_diagnostics(format, &report.diagnostics, &book_dir);
    if report.has_errors() {
        return Ok(ExitCode::from(1));
    }
    // Machine formats own stdout; the summary is for people.
    if !ui.quiet {
        eprintln!("{}", ui.lang_for(&book_dir).checked(report.n_pages));
    }
    Ok(ExitCode::SUCCESS)
}

fn init(dir: &Path, title: Option<&str>, ui: Ui) -> anyhow::Result<ExitCode> {
    use studybook::scaffold::Written;
    let written = studybook::scaffold::init(dir, title)?;
    if ui.quiet {
        return Ok(ExitCode::SUCCESS);
    }
    let lang = ui.lang_for(dir);
    for written in written {
        let line = match written {
            Written::Created(path) => lang.created(&dir.join(path)),
            Written::Kept(path) => lang.kept(&dir.join(path)),
            Written::Appended(path, lines) => lang.appended(&dir.join(path), &lines),
        };
        println!("{line}");
    }
    println!("{}", lang.after_init(dir));
    Ok(ExitCode::SUCCESS)
}

fn new_page(name: &str, book_dir: &Path, ui: Ui) -> anyhow::Result<ExitCode> {
    let root = ui.find_book(book_dir)?;
    let path = studybook::scaffold::new_page(&root, name)?;
    if !ui.quiet {
        println!("{}", ui.lang_for(&root).after_new(&path));
    }
    Ok(ExitCode::SUCCESS)
}

/// `studybook build`: the site, then one line saying where it went (or why nothing was written).
fn build(options: Options, timings: bool, ui: Ui) -> anyhow::Result<ExitCode> {
    let status = status::Status::new(ui.quiet, ui.verbose || timings);
    let report = studybook::build_observed(&options, &status)?;
    status.clear();
    eprint!("{}", diagnostic::render(&report.diagnostics));
    let out = report.output_dir.display().to_string();
    let out = diagnostic::printable(&out);
    let lang = ui.lang_for(&options.root);
    if report.has_errors() {
        eprintln!("{}", lang.build_failed(&out));
        return Ok(ExitCode::from(1));
    }
    if !ui.quiet {
        let millis = report.elapsed.as_secs_f64() * 1000.0;
        println!(
            "{}",
            lang.built(report.n_pages, report.n_files, &out, millis)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `studybook import`: the plan, then what was written; 1 when the document has mistakes.
fn import(options: studybook::import::ImportOptions) -> anyhow::Result<ExitCode> {
    let outcome = studybook::import::run(&options)?;
    eprint!("{}", diagnostic::render(&outcome.diagnostics));
    let summary = studybook::import::summary(&outcome);
    print!("{}", diagnostic::printable(&summary));
    let failed = outcome
        .diagnostics
        .iter()
        .any(diagnostic::Diagnostic::is_error);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Human diagnostics go to stderr, beside the progress lines; GitHub annotations and JSON go to
/// stdout, where the runner and scripts read them.
fn print_diagnostics(format: Format, diagnostics: &[Diagnostic], book_dir: &std::path::Path) {
    let text = format.render(diagnostics, book_dir);
    match format {
        Format::Human => eprint!("{text}"),
        Format::Github | Format::Json => print!("{text}"),
    }
}

fn run(command: Command, ui: Ui) -> anyhow::Result<ExitCode> {
    match command {
        Command::Build {
            book_dir,
            out,
            base_url,
            timings,
        } => {
            let options = Options {
                root: ui.find_book(&book_dir)?,
                overrides: Overrides {
                    output_dir: out,
                    base_url,
                    audience: audience(),
                },
                mode: Mode::Build,
                caches: Caches::for_one_build(),
            };
            build(options, timings, ui)
        }
        Command::Check { book_dir, format } => check(&book_dir, format, ui),
        Command::Init { dir, title } => init(&dir, title.as_deref(), ui),
        Command::New { name, book_dir } => new_page(&name, &book_dir, ui),
        Command::Import {
            round_file,
            book_dir,
            session,
            topic,
            dry_run,
        } => import(studybook::import::ImportOptions {
            round_file,
            book_dir: ui.find_book(&book_dir)?,
            session,
            topics: topic.into_iter().collect(),
            dry_run,
        }),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "studybook",
                &mut std::io::stdout(),
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            book_dir,
            port,
            host,
            open,
            out,
        } => {
            studybook::serve::run(studybook::serve::ServeOptions {
                root: ui.find_book(&book_dir)?,
                host,
                port: port.map_or(
                    studybook::serve::Port::Default,
                    studybook::serve::Port::Given,
                ),
                open,
                out,
                verbose: !ui.quiet,
            })?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Who the build is for: a CI run (`CI` set, as GitHub Actions and every other CI service do)
/// publishes the site for readers, where a missing site address breaks the sitemap and feed; on
/// the author's machine it is a preview, and the warning would only be noise.
fn audience() -> studybook::config::Audience {
    let in_ci = std::env::var_os("CI").is_some_and(|value| !value.is_empty() && value != "false");
    if in_ci {
        studybook::config::Audience::Readers
    } else {
        studybook::config::Audience::Author
    }
}
