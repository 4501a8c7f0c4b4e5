//! The unauthenticated status-at-location answer: no personal data, ever.

use crate::catalogue::LocalizedText;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What kind of known problem covers a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A mass incident.
    Incident,
    /// A network-quality hotspot.
    Spot,
}

/// `GET /public/status?lat=&long=` (or `?address=`) answer.
///
/// An unknown place and a known place without problems give the same answer: an empty list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicStatus {
    pub problems: Vec<PublicProblem>,
}

/// One known problem, in plain language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicProblem {
    pub kind: ProblemKind,
    /// Plain-language summary in both languages.
    pub summary: LocalizedText,
    pub since: DateTime<Utc>,
    pub expected_fix: Option<DateTime<Utc>>,
    pub last_update: DateTime<Utc>,
    /// Plain-language state, e.g. `being fixed`, `fixed`.
    pub state: String,
}

/// Query of the public status endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PublicStatusQuery {
    pub lat: Option<f64>,
    pub long: Option<f64>,
    /// Free-text address, geocoded by the server; used when `lat`/`long` are absent.
    pub address: Option<String>,
}
