//! The library behind `spotdesk-detect`: reading complaint files, running spot and burst
//! detection, and turning demo data into complaint records.
//!
//! Kept as a library so the integration tests and the evaluation on demo data share the
//! exact code the binary runs.

pub mod cli;
pub mod demo;
pub mod input;

pub use cli::{run, CliError};
pub use input::{read_complaints, Complaint, InputError};
