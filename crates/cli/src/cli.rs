//! Argument handling and the detection run of `spotdesk-detect`.

use crate::demo;
use crate::input::{read_complaints, Complaint};
use chrono::{DateTime, Utc};
use serde::Serialize;
use spotdesk_core::bursts::{detect_bursts, BurstParams, BurstProposal};
use spotdesk_core::complaint::ComplaintSet;
use spotdesk_core::spots::{detect_spots, SpotCandidate, SpotParams};
use std::path::PathBuf;

/// Usage text.
pub const USAGE: &str = "\
spotdesk-detect: detect complaint spots and mass-incident bursts in a file of complaints

USAGE:
  spotdesk-detect --input FILE.{json,csv} [--now RFC3339] [--kind spots|bursts|both]
                  [--network-quality CODE,CODE,...]
  spotdesk-detect --generate-demo N_DAYS [--seed N] [--per-day N] [--now RFC3339]

INPUT: a JSON array of API tickets or of records
  {id, lat, long, created_at, customer, service_code, topic, segment?, lifetime_value?},
  or CSV with a header naming those columns.
--now             detect as of this instant (default: the latest complaint's time)
--kind            what to detect (default both)
--network-quality services whose complaints count for spots (default: the shipped
                  catalogue's network-quality services)
--generate-demo   print N_DAYS of seeded demo complaints as JSON (to try the tool:
                  spotdesk-detect --generate-demo 30 > demo.json;
                  spotdesk-detect --input demo.json)

Exit codes: 0 ok, 2 bad arguments or bad input (the message names row and column).";

/// A failure with its exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError {
    /// Process exit code (2 for bad arguments or input).
    pub code: i32,
    /// Message for stderr.
    pub message: String,
}

fn bad(message: impl Into<String>) -> CliError {
    CliError {
        code: 2,
        message: message.into(),
    }
}

/// What to detect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Spots,
    Bursts,
    Both,
}

/// The JSON printed on success.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The instant of detection.
    pub now: DateTime<Utc>,
    /// Complaints read.
    pub complaints: usize,
    /// Of them, about network-quality services (the input of spot detection).
    pub network_quality_complaints: usize,
    /// Spot candidates (absent with `--kind bursts`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spots: Option<Vec<SpotCandidate>>,
    /// Burst proposals (absent with `--kind spots`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bursts: Option<Vec<BurstProposal>>,
}

fn parse_time(s: &str) -> Result<DateTime<Utc>, CliError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| bad(format!("--now {s:?}: not an RFC 3339 time ({e})")))
}

/// Runs the tool on its arguments (without the program name); returns what to print on
/// stdout.
pub fn run(args: &[String]) -> Result<String, CliError> {
    let mut input: Option<PathBuf> = None;
    let mut now: Option<DateTime<Utc>> = None;
    let mut kind = Kind::Both;
    let mut nq: Option<Vec<String>> = None;
    let mut gen_days: Option<u32> = None;
    let mut seed: u64 = 42;
    let mut per_day: u32 = 200;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| bad(format!("{name} needs a value\n\n{USAGE}")))
        };
        match a.as_str() {
            "-h" | "--help" => return Ok(format!("{USAGE}\n")),
            "--input" => input = Some(PathBuf::from(value("--input")?)),
            "--now" => now = Some(parse_time(&value("--now")?)?),
            "--kind" => {
                kind = match value("--kind")?.as_str() {
                    "spots" => Kind::Spots,
                    "bursts" => Kind::Bursts,
                    "both" => Kind::Both,
                    other => {
                        return Err(bad(format!("--kind {other:?}: use spots, bursts or both")))
                    }
                }
            }
            "--network-quality" => {
                nq = Some(
                    value("--network-quality")?
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .collect(),
                )
            }
            "--generate-demo" => {
                let v = value("--generate-demo")?;
                gen_days = Some(
                    v.parse()
                        .ok()
                        .filter(|d| (1..=3650).contains(d))
                        .ok_or_else(|| {
                            bad(format!("--generate-demo {v:?}: a number of days 1..=3650"))
                        })?,
                );
            }
            "--seed" => {
                let v = value("--seed")?;
                seed = v
                    .parse()
                    .map_err(|_| bad(format!("--seed {v:?}: not a number")))?;
            }
            "--per-day" => {
                let v = value("--per-day")?;
                per_day = v
                    .parse()
                    .ok()
                    .filter(|d| (1..=100_000).contains(d))
                    .ok_or_else(|| bad(format!("--per-day {v:?}: a number 1..=100000")))?;
            }
            other => return Err(bad(format!("unknown argument {other:?}\n\n{USAGE}"))),
        }
    }
    if let Some(days) = gen_days {
        let end = now.unwrap_or_else(Utc::now);
        let data = demo::generate_demo(seed, days, per_day, end);
        return serde_json::to_string_pretty(&demo::complaints(&data))
            .map(|s| s + "\n")
            .map_err(|e| CliError {
                code: 1,
                message: format!("cannot write JSON: {e}"),
            });
    }
    let Some(path) = input else {
        return Err(bad(format!("--input is required\n\n{USAGE}")));
    };
    let complaints = read_complaints(&path).map_err(|e| bad(format!("{}: {e}", path.display())))?;
    let nq = nq.unwrap_or_else(demo::network_quality_services);
    let report = detect(&complaints, now, kind, &nq);
    serde_json::to_string_pretty(&report)
        .map(|s| s + "\n")
        .map_err(|e| CliError {
            code: 1,
            message: format!("cannot write JSON: {e}"),
        })
}

fn detect(
    complaints: &[Complaint],
    now: Option<DateTime<Utc>>,
    kind: Kind,
    nq: &[String],
) -> Report {
    let now = now
        .or_else(|| complaints.iter().map(|c| c.created_at).max())
        .unwrap_or_else(Utc::now);
    let mut all = ComplaintSet::with_capacity(complaints.len());
    let mut quality = ComplaintSet::new();
    for c in complaints {
        all.push(&c.record());
        if nq.contains(&c.service_code) {
            quality.push(&c.record());
        }
    }
    let spots = (kind != Kind::Bursts).then(|| detect_spots(&quality, now, &SpotParams::default()));
    let bursts = (kind != Kind::Spots).then(|| detect_bursts(&all, now, &BurstParams::default()));
    Report {
        now,
        complaints: all.len(),
        network_quality_complaints: quality.len(),
        spots,
        bursts,
    }
}
