//! Spotdesk API v1: the request and response types of the documented REST API.
//!
//! One crate, used by the SPA (as plain serde types) and by the reference server
//! (which also derives the OpenAPI document from them, behind the `openapi` feature).
//! Any backend that produces and accepts these shapes can serve the SPA.

pub mod admin;
pub mod assign;
pub mod auth;
pub mod catalogue;
pub mod configuration;
pub mod customer;
pub mod error;
pub mod events;
pub mod facts;
pub mod geo;
pub mod ids;
pub mod imports;
pub mod incident;
pub mod outbox;
pub mod public;
pub mod search;
pub mod settings;
pub mod spot;
pub mod ticket;

pub use admin::*;
pub use assign::*;
pub use auth::*;
pub use catalogue::*;
pub use configuration::*;
pub use customer::*;
pub use error::*;
pub use events::*;
pub use geo::*;
pub use ids::*;
pub use imports::*;
pub use incident::*;
pub use outbox::*;
pub use public::*;
pub use search::*;
pub use settings::*;
pub use spot::*;
pub use ticket::*;

/// Path prefix of every API v1 route, relative to the API base URL's origin.
pub const API_PREFIX: &str = "/api/v1";

/// Header carrying the client-chosen key that makes a create request idempotent.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";
