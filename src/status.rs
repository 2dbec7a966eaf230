//! The progress line of `build` and `check`: on a terminal, the stage running now with what it is
//! handling (`markdown + diagram files: 2009 pages …`), overwritten in place as the next one
//! starts, so a long stage is named while the author waits for it; with `-v`, one line per
//! finished stage with its time. Nothing when stderr is not a terminal (CI logs, pipes) or with
//! `-q`.

use std::cell::Cell;
use std::io::{IsTerminal as _, Write as _};

use studybook::progress::{Count, Lap, Progress};

/// How the command shows a build's stages.
pub(crate) struct Status {
    /// Overwrite one status line (stderr is a terminal and not `-q`).
    live: bool,
    /// Print every stage's time (`-v`).
    timings: bool,
    /// Whether a status line is on screen and must be cleared.
    shown: Cell<bool>,
}

impl Status {
    pub(crate) fn new(quiet: bool, verbose: bool) -> Status {
        Status {
            live: !quiet && std::io::stderr().is_terminal(),
            timings: !quiet && verbose,
            shown: Cell::new(false),
        }
    }

    /// Clears the status line, so what follows starts on a clean line.
    pub(crate) fn clear(&self) {
        if self.shown.replace(false) {
            eprint!("\r\x1b[K");
        }
    }
}

/// `: 2009 pages`, or nothing.
fn shown_count(count: Option<Count>) -> String {
    count
        .map(|count| format!(": {} {}", count.n, count.what))
        .unwrap_or_default()
}

impl Progress for Status {
    fn begin(&self, stage: &'static str, count: Option<Count>) {
        if self.live {
            eprint!("\r\x1b[K{stage}{} …", shown_count(count));
            let _ = std::io::stderr().flush();
            self.shown.set(true);
        }
    }

    fn lap(&self, lap: &Lap) {
        if self.timings {
            self.clear();
            eprintln!(
                "  {:<26} {:>8.1} ms{}",
                lap.stage,
                lap.elapsed.as_secs_f64() * 1000.0,
                shown_count(lap.count)
            );
        }
    }
}

impl Drop for Status {
    fn drop(&mut self) {
        self.clear();
    }
}
