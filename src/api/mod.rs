//! The only module that speaks HTTP. One file per API resource; all of them go through
//! [`client::Client`], which adds the base URL, the bearer token and typed errors.
//!
//! The module covers the whole API surface the SPA will use; calls that no page makes yet
//! (incident/ticket updates, spot registration) are kept, hence the `dead_code` allowance.
#![allow(dead_code)]

pub mod admin;
pub mod auth;
pub mod catalogue;
pub mod client;
pub mod config;
pub mod configuration;
pub mod coverage;
pub mod customers;
pub mod facts;
pub mod geocode;
pub mod imports;
pub mod incidents;
pub mod live;
pub mod location;
pub mod public;
pub mod search;
pub mod spots;
pub mod tickets;
pub mod users;

pub use client::{ApiError, Client};
