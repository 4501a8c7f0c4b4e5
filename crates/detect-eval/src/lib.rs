//! Labelled evaluation of spot and burst detection (issue 23).
//!
//! A seeded synthetic city ([`city`], [`generate`]) with planted hotspots, outages and a
//! city-wide spike, and decoys that fooled the old detection (recurring local peaks, dense
//! steady centres, repeat callers); every method ([`methods`]) is replayed the way a
//! scheduled job runs it ([`replay`]) and scored against the planted truth ([`score`]).
//! `bench/DETECTION.md` holds the committed table; `cargo run -p spotdesk-detect-eval
//! --release -- --seed 1 --size full` prints it.

pub mod city;
pub mod generate;
pub mod methods;
pub mod replay;
pub mod score;
pub mod table;

/// Seconds per minute, hour and day.
pub const MINUTE: i64 = 60;
/// Seconds per hour.
pub const HOUR: i64 = 3600;
/// Seconds per day.
pub const DAY: i64 = 86_400;
