//! Progress of an import on the terminal (standard error): rows done, rows per second and,
//! when the total is known, the time left. On a terminal one line is rewritten in place;
//! otherwise (a log, a test) a line is written every few seconds.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// One phase of an import (checking, writing), reporting as rows go by.
#[derive(Debug)]
pub struct Progress {
    phase: &'static str,
    total: Option<u64>,
    started: Instant,
    last: Instant,
    every: Duration,
    tty: bool,
    quiet: bool,
}

impl Progress {
    /// Starts a phase; `total` when the number of rows is known; `quiet` prints nothing.
    pub fn new(phase: &'static str, total: Option<u64>, quiet: bool) -> Self {
        let tty = std::io::stderr().is_terminal();
        let now = Instant::now();
        if !quiet && !tty {
            eprintln!("{phase}: started");
        }
        Self {
            phase,
            total,
            started: now,
            last: now,
            every: if tty {
                Duration::from_millis(250)
            } else {
                Duration::from_secs(2)
            },
            tty,
            quiet,
        }
    }

    /// Reports `done` rows when it is time to.
    pub fn tick(&mut self, done: u64) {
        if self.quiet || self.last.elapsed() < self.every {
            return;
        }
        self.last = Instant::now();
        self.print(done, false);
    }

    /// Reports the end of the phase.
    pub fn finish(&mut self, done: u64) {
        if !self.quiet {
            self.print(done, true);
        }
    }

    fn print(&self, done: u64, end: bool) {
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        let rate = done as f64 / secs;
        let mut line = match self.total {
            Some(t) => format!("{}: {done} of {t} rows, {rate:.0} rows/s", self.phase),
            None => format!("{}: {done} rows, {rate:.0} rows/s", self.phase),
        };
        if end {
            line.push_str(&format!(", done in {secs:.1} s"));
        } else if let Some(t) = self.total {
            if rate > 0.0 && t >= done {
                line.push_str(&format!(", about {:.0} s left", (t - done) as f64 / rate));
            }
        }
        let mut err = std::io::stderr().lock();
        let _ = if self.tty {
            write!(err, "\r{line}\x1b[K{}", if end { "\n" } else { "" })
        } else {
            writeln!(err, "{line}")
        };
        let _ = err.flush();
    }
}
