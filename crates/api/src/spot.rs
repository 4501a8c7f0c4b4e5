//! Spots: complaint hotspots about network quality.

use crate::catalogue::LocalizedText;
use crate::geo::Polygon;
use crate::ids::SpotId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Lifecycle of a spot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SpotStatus {
    Registered,
    InWork,
    Resolved,
}

impl SpotStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [SpotStatus; 3] = [
        SpotStatus::Registered,
        SpotStatus::InWork,
        SpotStatus::Resolved,
    ];

    /// Wire name, e.g. `in_work`.
    pub fn as_str(self) -> &'static str {
        match self {
            SpotStatus::Registered => "registered",
            SpotStatus::InWork => "in_work",
            SpotStatus::Resolved => "resolved",
        }
    }
}

/// A registered spot as returned by the API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Spot {
    pub id: SpotId,
    /// Deterministic key of the detected candidate: two clients registering the same
    /// candidate get the same spot.
    pub key: String,
    pub status: SpotStatus,
    pub outline: Polygon,
    pub center_lat: f64,
    pub center_long: f64,
    pub topic: Option<String>,
    /// The radio technology the complaints are about (`null`: any).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::Technology>))]
    pub technology: Option<String>,
    pub complaints: i64,
    pub priority: f64,
    pub group: Option<String>,
    pub cause: Option<String>,
    pub public_note: Option<LocalizedText>,
    pub expected_fix: Option<NaiveDate>,
    pub registered_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub version: i64,
    /// The person working on it (`null`: nobody in particular). Set with `assignee_id`.
    #[serde(default)]
    pub assignee: Option<crate::Actor>,
}

/// `POST /spots` body: register a detected candidate (idempotent by `key`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewSpot {
    pub key: String,
    pub outline: Polygon,
    pub topic: Option<String>,
    /// The radio technology the complaints are about (`null`: any; another value is 422
    /// `unknown_choice`).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::Technology>))]
    pub technology: Option<String>,
    pub priority: f64,
    pub group: Option<String>,
    #[serde(default)]
    pub ticket_ids: Vec<crate::ids::TicketId>,
}

/// `PATCH /spots/{id}` body. Requires `If-Match`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SpotPatch {
    pub status: Option<SpotStatus>,
    pub group: Option<String>,
    pub cause: Option<String>,
    pub public_note: Option<LocalizedText>,
    pub expected_fix: Option<NaiveDate>,
    /// Assigns it to a person (a user id), or unassigns it (`null`); absent: unchanged. The
    /// person must be an active user who may work on it, else 422 field `assignee_id`
    /// (`unknown`, `not_assignable`).
    #[serde(
        default,
        deserialize_with = "crate::assign::assignee_patch",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::UserId>, nullable))]
    pub assignee_id: Option<Option<crate::UserId>>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::SpotStatus;

    #[test]
    fn status_names_are_the_wire_names() {
        for s in SpotStatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }
}
