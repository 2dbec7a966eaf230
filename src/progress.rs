//! What a build tells the person waiting for it while it runs: each stage as it starts, with how
//! many things it is handling, and as it finishes, with how long it took.
//!
//! The library only reports stages to a [`Progress`] the caller passes in; whether and how to
//! show them (a status line on a terminal, nothing in CI, timings with `-v`) is the command
//! line's business. No global state: the observer is an argument of [`crate::build_observed`].

use std::time::{Duration, Instant};

/// Time spent in each stage, for profiling.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// (stage name, duration) in pipeline order.
    pub stages: Vec<(&'static str, Duration)>,
}

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

/// Receives each stage of a build as it starts and as it finishes; one stage runs at a time.
/// Called from the building thread only.
pub trait Progress {
    /// A stage started: what the build is doing from now on, and what it is handling, when that
    /// is known before the stage runs.
    fn begin(&self, stage: &'static str, count: Option<Count>);
    /// A stage finished.
    fn lap(&self, lap: &Lap);
}

/// Shows nothing: the progress of library callers, tests and `serve`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn begin(&self, _stage: &'static str, _count: Option<Count>) {}
    fn lap(&self, _lap: &Lap) {}
}

/// Times the stages of one build, keeping every lap for the report and telling `progress` as
/// each stage starts and finishes. A stage runs until the next one begins or the clock stops.
pub(crate) struct Clock<'a> {
    pub(crate) started: Instant,
    /// The stage running now, with its count and when it started.
    running: Option<(&'static str, Option<Count>, Instant)>,
    timings: Timings,
    progress: &'a dyn Progress,
}

impl<'a> Clock<'a> {
    pub(crate) fn start(progress: &'a dyn Progress) -> Clock<'a> {
        Clock {
            started: Instant::now(),
            running: None,
            timings: Timings::default(),
            progress,
        }
    }

    /// Finishes the running stage, if any, and starts `stage`; `count` says what it handles.
    pub(crate) fn begin(&mut self, stage: &'static str, count: Option<Count>) {
        self.finish_running();
        self.progress.begin(stage, count);
        self.running = Some((stage, count, Instant::now()));
    }

    /// What the running stage handled, learnt only as it ran (the pages `load` found).
    pub(crate) fn counted(&mut self, count: Option<Count>) {
        if let Some((_, running_count, _)) = &mut self.running {
            *running_count = count;
        }
    }

    /// Finishes the running stage and returns every stage's time.
    pub(crate) fn stop(mut self) -> Timings {
        self.finish_running();
        self.timings
    }

    fn finish_running(&mut self) {
        let Some((stage, count, since)) = self.running.take() else {
            return;
        };
        let elapsed = since.elapsed();
        self.timings.stages.push((stage, elapsed));
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    /// Every call, in order: `begin STAGE` or `lap STAGE`.
    #[derive(Default)]
    struct Recorded(RefCell<Vec<String>>);

    impl Progress for Recorded {
        fn begin(&self, stage: &'static str, count: Option<Count>) {
            let count = count.map(|c| format!(" {}", c.n)).unwrap_or_default();
            self.0.borrow_mut().push(format!("begin {stage}{count}"));
        }
        fn lap(&self, lap: &Lap) {
            let count = lap.count.map(|c| format!(" {}", c.n)).unwrap_or_default();
            self.0
                .borrow_mut()
                .push(format!("lap {}{count}", lap.stage));
        }
    }

    #[test]
    fn a_stage_is_announced_when_it_starts_and_timed_when_the_next_one_does() {
        let recorded = Recorded::default();
        let mut clock = Clock::start(&recorded);
        clock.begin("load", None);
        clock.counted(pages(4));
        clock.begin("links", pages(4));
        let timings = clock.stop();
        assert_eq!(
            *recorded.0.borrow(),
            ["begin load", "lap load 4", "begin links 4", "lap links 4"]
        );
        let stages: Vec<&str> = timings.stages.iter().map(|(stage, _)| *stage).collect();
        assert_eq!(stages, ["load", "links"]);
    }
}
