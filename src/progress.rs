//! What a build tells the person waiting for it while it runs: each stage as it finishes, with
//! how many things it handled and how long it took.
//!
//! The library only reports [`Lap`]s to a [`Progress`] the caller passes in; whether and how to
//! show them (a status line on a terminal, nothing in CI, timings with `-v`) is the command
//! line's business. No global state: the observer is an argument of [`crate::build_observed`].

use std::time::{Duration, Instant};

/// One finished stage of a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lap {
    /// The stage's name, e.g. `load` or `render + search`.
    pub stage: &'static str,
    /// How long the stage took.
    pub elapsed: Duration,
    /// What the stage handled, when that is a count worth showing (`2009 pages`).
    pub count: Option<Count>,
}

/// A number of things of one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    /// How many.
    pub n: usize,
    /// Of what, in the plural (`pages`, `files`).
    pub what: &'static str,
}

/// Receives each stage of a build as it finishes. Called from the building thread only.
pub trait Progress {
    /// A stage finished.
    fn lap(&self, lap: &Lap);
}

/// Shows nothing: the progress of library callers, tests and `serve`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn lap(&self, _lap: &Lap) {}
}

/// Times the stages of one build, keeping every lap for the report and telling `progress`.
pub(crate) struct Clock<'a> {
    pub(crate) started: Instant,
    last: Instant,
    pub(crate) timings: crate::Timings,
    progress: &'a dyn Progress,
}

impl<'a> Clock<'a> {
    pub(crate) fn start(progress: &'a dyn Progress) -> Clock<'a> {
        let now = Instant::now();
        Clock {
            started: now,
            last: now,
            timings: crate::Timings::default(),
            progress,
        }
    }

    /// A stage finished; `count` says what it handled.
    pub(crate) fn lap(&mut self, stage: &'static str, count: Option<Count>) {
        let now = Instant::now();
        let elapsed = now - self.last;
        self.timings.stages.push((stage, elapsed));
        self.last = now;
        self.progress.lap(&Lap {
            stage,
            elapsed,
            count,
        });
    }
}

/// `n` pages, the count most stages report.
pub(crate) fn pages(n: usize) -> Option<Count> {
    Some(Count { n, what: "pages" })
}
