//! Mass incidents: one fault hitting many customers.

use crate::catalogue::LocalizedText;
use crate::geo::Polygon;
use crate::ids::{IncidentId, SpotId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Lifecycle of a mass incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IncidentStatus {
    Registered,
    Diagnosis,
    InWork,
    Resolved,
    /// Resolution confirmed: closed.
    Confirmed,
    Reopened,
}

impl IncidentStatus {
    /// Whether the incident still affects customers.
    pub fn is_active(self) -> bool {
        !matches!(self, IncidentStatus::Resolved | IncidentStatus::Confirmed)
    }
}

/// A business unit to inform about an incident, with what it should do after the fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InformedUnit {
    pub unit: String,
    pub instructions: String,
}

/// A mass incident as returned by the API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Incident {
    pub id: IncidentId,
    pub title: String,
    pub status: IncidentStatus,
    /// Affected area.
    pub area: Polygon,
    pub service_codes: Vec<String>,
    pub topic: Option<String>,
    /// Estimated number of affected customers.
    pub affected_customers: i64,
    pub owner_group: Option<String>,
    pub cause: Option<String>,
    /// Public, plain-language description shown to customers.
    pub public_note: Option<LocalizedText>,
    pub expected_resolution: Option<DateTime<Utc>>,
    pub informed_units: Vec<InformedUnit>,
    pub spot_id: Option<SpotId>,
    pub linked_tickets: i64,
    pub registered_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub version: i64,
}

/// `POST /incidents` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewIncident {
    pub title: String,
    pub area: Option<Polygon>,
    #[serde(default)]
    pub service_codes: Vec<String>,
    pub topic: Option<String>,
    pub owner_group: Option<String>,
    pub cause: Option<String>,
    pub public_note: Option<LocalizedText>,
    pub expected_resolution: Option<DateTime<Utc>>,
    #[serde(default)]
    pub informed_units: Vec<InformedUnit>,
    pub spot_id: Option<SpotId>,
}

/// `PATCH /incidents/{id}` body. Requires `If-Match`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IncidentPatch {
    pub title: Option<String>,
    pub status: Option<IncidentStatus>,
    pub owner_group: Option<String>,
    pub cause: Option<String>,
    pub public_note: Option<LocalizedText>,
    pub expected_resolution: Option<DateTime<Utc>>,
    pub informed_units: Option<Vec<InformedUnit>>,
}
