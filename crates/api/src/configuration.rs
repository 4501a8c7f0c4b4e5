//! `GET`/`PUT /admin/configuration`: the whole configuration as one versioned document, for
//! the administration section's editors and for moving a configuration between systems.

use crate::catalogue::Catalogue;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The configuration as stored: the catalogue document with its version.
///
/// `PUT /admin/configuration` takes the `catalogue` back with `If-Match: <version>`; it is
/// validated whole (every error names its path, e.g. `services[2].sla[0].hours`) and applied
/// all-or-nothing. Exporting is `GET`; importing on another system is `PUT` of the exported
/// `catalogue` with that system's current version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConfigurationDocument {
    /// Incremented by every change; send it as `If-Match` with `PUT`.
    pub version: i64,
    /// When it last changed (absent before the first change through the API).
    pub updated_at: Option<DateTime<Utc>>,
    /// Who last changed it (display name), if anyone has through the API.
    pub updated_by: Option<String>,
    pub catalogue: Catalogue,
}

/// `POST /admin/configuration/check` answer: what a `PUT` of this catalogue would change,
/// without changing anything (errors come back as a 422 `validation_failed` like the `PUT`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConfigurationCheck {
    /// One line per changed entry, e.g. `services[mobile-data]: changed`.
    pub changes: Vec<String>,
}
