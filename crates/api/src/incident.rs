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
    /// Every status, in lifecycle order.
    pub const ALL: [IncidentStatus; 6] = [
        IncidentStatus::Registered,
        IncidentStatus::Diagnosis,
        IncidentStatus::InWork,
        IncidentStatus::Resolved,
        IncidentStatus::Confirmed,
        IncidentStatus::Reopened,
    ];

    /// Wire name, e.g. `in_work`.
    pub fn as_str(self) -> &'static str {
        match self {
            IncidentStatus::Registered => "registered",
            IncidentStatus::Diagnosis => "diagnosis",
            IncidentStatus::InWork => "in_work",
            IncidentStatus::Resolved => "resolved",
            IncidentStatus::Confirmed => "confirmed",
            IncidentStatus::Reopened => "reopened",
        }
    }

    /// Whether the incident still affects customers.
    pub fn is_active(self) -> bool {
        !matches!(self, IncidentStatus::Resolved | IncidentStatus::Confirmed)
    }
}

/// A business unit to inform about an incident (e.g. sales, retail shops), with what it
/// should do after the fix, and whether it has been informed.
///
/// `informed_by` and `informed_at` are set by the server when `informed` turns true (and
/// cleared when it turns false); values sent by clients are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InformedUnit {
    pub unit: String,
    pub instructions: String,
    /// Whether the unit has been informed.
    #[serde(default)]
    pub informed: bool,
    /// Who marked the unit informed (display name; server-owned).
    #[serde(default)]
    pub informed_by: Option<String>,
    /// When the unit was marked informed (server-owned).
    #[serde(default)]
    pub informed_at: Option<DateTime<Utc>>,
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
    /// Estimated number of affected customers: the larger of `affected_linked` and
    /// `affected_estimated` (the linked customers are inside the area, so the two overlap).
    pub affected_customers: i64,
    /// Distinct customers (phones) of the linked tickets.
    #[serde(default)]
    pub affected_linked: i64,
    /// Customers estimated inside the area (0 without an area): from the operator's imported
    /// customer register when it has counts inside the area, else from the coverage layers'
    /// density model (see `spotdesk_core::impact`); `affected_source` says which.
    #[serde(default)]
    pub affected_estimated: i64,
    /// Where `affected_estimated` comes from.
    #[serde(default)]
    pub affected_source: AffectedSource,
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
    /// When the incident entered its current status.
    #[serde(default)]
    pub status_since: Option<DateTime<Utc>>,
    /// Customers notified by the last resolution (one `fix_done` message each).
    #[serde(default)]
    pub notified_customers: i64,
    /// Customers who said "still not working" since the last resolution.
    #[serde(default)]
    pub still_broken_reports: i64,
    /// The burst proposal this incident was registered from, if any.
    #[serde(default)]
    pub proposal_key: Option<String>,
    /// Escalation timers of the rules that apply now (computed on read).
    #[serde(default)]
    pub escalations: Vec<EscalationTimer>,
    /// The person working on it (`null`: nobody in particular). Set with `assignee_id`.
    #[serde(default)]
    pub assignee: Option<crate::Actor>,
}

/// Where an incident's estimate of affected customers comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AffectedSource {
    /// The counts of the operator's customer register (`spotdesk-server import customers`)
    /// at the places inside the area.
    CustomerRegister,
    /// The fallback: a fixed density per coverage layer serving the area
    /// (`spotdesk_core::impact::CUSTOMERS_PER_KM2_PER_LAYER`), used when the register has no
    /// counts inside the area.
    #[default]
    DensityModel,
}

impl AffectedSource {
    /// Wire name, e.g. `customer_register`.
    pub fn as_str(self) -> &'static str {
        match self {
            AffectedSource::CustomerRegister => "customer_register",
            AffectedSource::DensityModel => "density_model",
        }
    }

    /// Parses a wire name; anything unknown is the density model.
    pub fn parse(s: &str) -> Self {
        if s == "customer_register" {
            AffectedSource::CustomerRegister
        } else {
            AffectedSource::DensityModel
        }
    }
}

/// An escalation rule; each has its own timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EscalationRule {
    /// Still active after the expected resolution time.
    NotResolvedByExpected,
    /// In diagnosis for too long.
    DiagnosisTooLong,
    /// Registered (or reopened) and not taken into work.
    NotTakenIntoWork,
    /// No owner group.
    NoOwner,
}

/// The timer of one escalation rule on one incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EscalationTimer {
    pub rule: EscalationRule,
    /// When the rule fires (level 1).
    pub deadline: DateTime<Utc>,
    /// Highest escalation level already fired for this deadline (0: none yet).
    pub level: u8,
    /// When the next level fires, if there is one.
    pub next_at: Option<DateTime<Utc>>,
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
    /// New affected area (3..=10000 `[long, lat]` points).
    pub area: Option<Polygon>,
    /// Take the area from this spot's outline (unless `area` is given too) and link the spot.
    pub spot_id: Option<SpotId>,
    /// New list of affected services (catalogue codes).
    pub service_codes: Option<Vec<String>>,
    /// With `status: resolved`: the note written on every linked ticket (default: a standard text).
    pub resolution_note: Option<String>,
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

/// `POST /incidents/{id}/tickets` body: link tickets to the incident in bulk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IncidentLinkRequest {
    /// 1..=500 ticket ids.
    pub ticket_ids: Vec<crate::ids::TicketId>,
}

/// `POST /incidents/{id}/still-broken` body: a linked customer says the fix did not help.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StillBrokenReport {
    pub ticket_id: crate::ids::TicketId,
}

/// Answer of `POST /incidents/{id}/still-broken`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StillBrokenOutcome {
    /// The (reopened) ticket.
    pub ticket: crate::ticket::Ticket,
    /// The incident after the report.
    pub incident: Incident,
    /// Whether this report crossed the threshold and reopened the incident.
    pub incident_reopened: bool,
}

/// A mass incident proposed from a burst of similar complaints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncidentProposal {
    /// Stable key while the burst stays in the window.
    pub key: String,
    pub service_code: String,
    pub topic: String,
    pub area: Polygon,
    pub center_lat: f64,
    pub center_long: f64,
    pub ticket_ids: Vec<crate::ids::TicketId>,
    /// Distinct customers.
    pub customers: i64,
    pub window_start: DateTime<Utc>,
    pub window_end: DateTime<Utc>,
    /// Expected complaints over the window.
    pub expected: f64,
}

/// `POST /incidents/proposals/{key}/accept` body (all optional).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProposalAccept {
    /// Default: service and topic of the burst.
    pub title: Option<String>,
    pub owner_group: Option<String>,
    pub expected_resolution: Option<DateTime<Utc>>,
}

/// The server clock (`/test/clock`, only with the test-clock flag).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClockState {
    pub now: DateTime<Utc>,
    /// Seconds the clock runs ahead of real time.
    pub offset_seconds: i64,
}

/// `POST /test/clock` body: set how far the clock runs ahead of real time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ClockSet {
    /// 0..=31536000 (one year).
    pub offset_seconds: i64,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::IncidentStatus;

    #[test]
    fn status_names_are_the_wire_names() {
        for s in IncidentStatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }
}
