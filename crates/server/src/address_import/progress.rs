//! Progress of an import on the terminal (standard error): rows done, rows per second and,
//! when the total is known, the time left. On a terminal one line is rewritten in place;
//! otherwise (a log, a test) a line is written every few seconds. An import run by the server
//! for an upload (`crate::import_jobs`) runs inside [`observe`], and every phase also reports
//! into that [`Sink`], which the job's status answers from.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

tokio::task_local! {
    static SINK: Arc<Sink>;
}

/// Where an observed import's phases report: the phase, rows done, the total when known.
#[derive(Debug)]
pub struct Sink {
    phase: Mutex<(&'static str, Instant)>,
    done: AtomicU64,
    /// `u64::MAX`: not known.
    total: AtomicU64,
}

impl Default for Sink {
    fn default() -> Self {
        Self {
            phase: Mutex::new(("checking", Instant::now())),
            done: AtomicU64::new(0),
            total: AtomicU64::new(u64::MAX),
        }
    }
}

/// What a [`Sink`] holds now.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The phase (`checking`, `writing`).
    pub phase: &'static str,
    /// Rows done in it.
    pub done: u64,
    /// Its rows, when known.
    pub total: Option<u64>,
    /// Time since the phase started.
    pub elapsed: Duration,
}

impl Sink {
    /// The current phase and its counts.
    pub fn snapshot(&self) -> Snapshot {
        let (phase, started) = *self.phase.lock().unwrap_or_else(|e| e.into_inner());
        let total = self.total.load(Ordering::Relaxed);
        Snapshot {
            phase,
            done: self.done.load(Ordering::Relaxed),
            total: (total != u64::MAX).then_some(total),
            elapsed: started.elapsed(),
        }
    }

    fn start(&self, phase: &'static str, total: Option<u64>) {
        *self.phase.lock().unwrap_or_else(|e| e.into_inner()) = (phase, Instant::now());
        self.done.store(0, Ordering::Relaxed);
        self.total
            .store(total.unwrap_or(u64::MAX), Ordering::Relaxed);
    }
}

/// Runs `fut` (an import) with its progress also reported into `sink`.
pub async fn observe<F: std::future::Future>(sink: Arc<Sink>, fut: F) -> F::Output {
    SINK.scope(sink, fut).await
}

/// Reports into the observing sink, if any.
fn to_sink(f: impl FnOnce(&Sink)) {
    let _ = SINK.try_with(|s| f(s));
}

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
        to_sink(|s| s.start(phase, total));
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
        to_sink(|s| s.done.store(done, Ordering::Relaxed));
        if self.quiet || self.last.elapsed() < self.every {
            return;
        }
        self.last = Instant::now();
        self.print(done, false);
    }

    /// Reports the end of the phase.
    pub fn finish(&mut self, done: u64) {
        to_sink(|s| s.done.store(done, Ordering::Relaxed));
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
