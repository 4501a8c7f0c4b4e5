//! Tickets: one customer contact each.
//!
//! The single-ticket slice maps onto Open311 GeoReport v2: `id` is `service_request_id`,
//! and `service_code`, `lat`, `long`, `address_string`, `status`, `expected_datetime`,
//! `agency_responsible` and `status_notes` keep their Open311 names and meaning
//! (Open311's two statuses `open`/`closed` are given by [`TicketStatus::open311`]).

use crate::ids::{CommentId, IncidentId, SpotId, TicketId, UserId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Something broke (incident) or the customer wants something done (service request).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TicketKind {
    Incident,
    ServiceRequest,
}

/// How the customer reached the centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Phone,
    Email,
    Office,
    Social,
    Partner,
}

impl Channel {
    /// Every channel, in display order.
    pub const ALL: [Channel; 5] = [
        Channel::Phone,
        Channel::Email,
        Channel::Office,
        Channel::Social,
        Channel::Partner,
    ];
}

/// Market segment of the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    Mass,
    Business,
    Vip,
}

impl Segment {
    /// Every segment, in display order.
    pub const ALL: [Segment; 3] = [Segment::Mass, Segment::Business, Segment::Vip];
}

/// Where a ticket is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    New,
    InWork,
    Waiting,
    /// Third-line work with a planned completion date (`Ticket::planned_at`).
    Planned,
    Resolved,
    Closed,
    Reopened,
}

impl TicketStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [TicketStatus; 7] = [
        TicketStatus::New,
        TicketStatus::InWork,
        TicketStatus::Waiting,
        TicketStatus::Planned,
        TicketStatus::Resolved,
        TicketStatus::Closed,
        TicketStatus::Reopened,
    ];

    /// Wire name, e.g. `in_work`.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::New => "new",
            TicketStatus::InWork => "in_work",
            TicketStatus::Waiting => "waiting",
            TicketStatus::Planned => "planned",
            TicketStatus::Resolved => "resolved",
            TicketStatus::Closed => "closed",
            TicketStatus::Reopened => "reopened",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether work is still owed (the SLA clock runs).
    pub fn is_open(self) -> bool {
        !matches!(self, TicketStatus::Resolved | TicketStatus::Closed)
    }

    /// The Open311 GeoReport v2 status: `open` or `closed`.
    pub fn open311(self) -> &'static str {
        if self.is_open() {
            "open"
        } else {
            "closed"
        }
    }
}

/// A registered ticket as returned by the API.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ticket {
    /// Open311 `service_request_id`.
    pub id: TicketId,
    /// Open311 `service_code`.
    pub service_code: String,
    pub kind: TicketKind,
    pub channel: Channel,
    pub topic: String,
    pub description: String,
    pub customer_phone: String,
    pub customer_name: Option<String>,
    /// Open311 `address_string`.
    pub address_string: String,
    /// Open311 `lat` (WGS84).
    pub lat: f64,
    /// Open311 `long` (WGS84).
    pub long: f64,
    pub segment: Option<Segment>,
    /// Customer lifetime value in the operator's currency.
    pub lifetime_value: Option<f64>,
    /// Support line 1, 2 or 3.
    pub line: u8,
    /// Open311 `agency_responsible`: the assignee group's code.
    pub agency_responsible: String,
    pub status: TicketStatus,
    /// Open311 `status_notes`.
    pub status_notes: Option<String>,
    /// Open311 `expected_datetime`: the SLA deadline.
    pub expected_datetime: DateTime<Utc>,
    /// Planned completion date, set with status `planned`.
    pub planned_at: Option<NaiveDate>,
    /// Service-specific field values, keyed by `FieldSpec::key`.
    pub fields: BTreeMap<String, serde_json::Value>,
    pub incident_id: Option<IncidentId>,
    pub spot_id: Option<SpotId>,
    pub created_by: Option<UserId>,
    /// Open311 `requested_datetime`.
    pub created_at: DateTime<Utc>,
    /// Open311 `updated_datetime`.
    pub updated_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// Optimistic-concurrency version; also sent as the `ETag` header (`"<version>"`).
    pub version: i64,
    /// Customer's rating of the fix (1-5), once given.
    pub rating: Option<u8>,
    /// A repeat contact: the same customer's (same phone's) newest other ticket registered at
    /// most 7 days before this one (`created_at`), of any service; `null` when there is none
    /// or the ticket has no phone. Kept up to date by the server, also when history is imported.
    #[serde(default)]
    pub repeat_of: Option<TicketId>,
    /// Why the ticket was resolved: a code of the service's `resolution_causes`, set when the
    /// ticket is resolved through `PATCH /tickets/{id}` and cleared when it is reopened.
    #[serde(default)]
    pub resolution_cause: Option<String>,
    /// The person working on it (`null`: nobody in particular). Set with `assignee_id`.
    #[serde(default)]
    pub assignee: Option<Actor>,
}

/// `POST /tickets` body. Server-owned fields (id, status, deadline, version...) are absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewTicket {
    /// A service of the catalogue (`GET /catalogue`), not retired.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, example = "home-internet"))]
    pub service_code: String,
    pub kind: Option<TicketKind>,
    pub channel: Option<Channel>,
    /// One of the service's topics (`value`), required when the service lists any.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub topic: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 4000))]
    pub description: String,
    /// As people type it; stored in E.164. Spaces, dashes, dots, brackets and no-break spaces
    /// are ignored; Russian numbers (`8 912 …`, `+7 912 …`, a bare 10-digit `912 …`) become
    /// `+7` and 10 digits; any other number needs a leading `+` and 8 to 15 digits, the first
    /// not 0. The pattern is exactly what is accepted.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = r"^\s*(?:[ ().\u00a0-]*[0-9](?:[ ().\u00a0-]*[0-9]){9}|[ ().\u00a0-]*[78](?:[ ().\u00a0-]*[0-9]){10}|\+[ ().\u00a0-]*[1-9](?:[ ().\u00a0-]*[0-9]){7,14})[ ().\u00a0-]*\s*$",
            example = "+7 912 345-67-89"
        )
    )]
    pub customer_phone: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub customer_name: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub address_string: String,
    #[cfg_attr(feature = "openapi", schema(minimum = -90, maximum = 90))]
    pub lat: Option<f64>,
    #[cfg_attr(feature = "openapi", schema(minimum = -180, maximum = 180))]
    pub long: Option<f64>,
    pub segment: Option<Segment>,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1e12))]
    pub lifetime_value: Option<f64>,
    /// Requested support line; routing rules may override it.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 3))]
    pub line: Option<u8>,
    #[serde(default)]
    pub fields: BTreeMap<String, serde_json::Value>,
    pub incident_id: Option<IncidentId>,
    pub spot_id: Option<SpotId>,
}

/// `PATCH /tickets/{id}` body: only the present fields change. Requires `If-Match`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TicketPatch {
    pub status: Option<TicketStatus>,
    /// Open311 `status_notes`. Resolving (status `resolved`) needs a non-blank note in the same
    /// patch: the resolution note, which is also sent to the customer.
    pub status_notes: Option<String>,
    /// Why the ticket is resolved: one of the service's `resolution_causes` (by `code`).
    /// Required when resolving a ticket whose service has causes; accepted only with status
    /// `resolved`.
    pub resolution_cause: Option<String>,
    pub description: Option<String>,
    pub customer_name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 255))]
    pub line: Option<u8>,
    pub agency_responsible: Option<String>,
    pub planned_at: Option<NaiveDate>,
    pub topic: Option<String>,
    pub fields: Option<BTreeMap<String, serde_json::Value>>,
    /// Links the ticket to a mass incident.
    pub incident_id: Option<IncidentId>,
    /// Links the ticket to a spot.
    pub spot_id: Option<SpotId>,
    /// Assigns it to a person (a user id), or unassigns it (`null`); absent: unchanged. The
    /// person must be an active user who may work on it, else 422 field `assignee_id`
    /// (`unknown`, `not_assignable`).
    #[serde(
        default,
        deserialize_with = "crate::assign::assignee_patch",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<UserId>, nullable))]
    pub assignee_id: Option<Option<UserId>>,
}

/// Sort orders for the ticket list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TicketSort {
    /// Newest first (default).
    #[default]
    CreatedDesc,
    CreatedAsc,
    /// Earliest SLA deadline first.
    DeadlineAsc,
}

/// `GET /tickets` query parameters. All filters are optional and combine with AND.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct TicketQuery {
    /// Comma-separated statuses, e.g. `new,in_work`.
    pub status: Option<String>,
    pub service_code: Option<String>,
    #[cfg_attr(feature = "openapi", param(minimum = 0, maximum = 255))]
    pub line: Option<u8>,
    /// Assignee group (`agency_responsible`).
    pub group: Option<String>,
    /// Only tickets linked to this mass incident.
    pub incident_id: Option<IncidentId>,
    /// Assigned person: a user id, or `me` for the caller.
    pub assignee: Option<String>,
    /// `true`: only open tickets past their deadline.
    pub overdue: Option<bool>,
    /// Text search in description, address, phone and topic.
    pub q: Option<String>,
    /// Created at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Created before this instant.
    pub to: Option<DateTime<Utc>>,
    pub sort: Option<TicketSort>,
    /// Opaque cursor from a previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// Page size, 1..=500 (default 50).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 500))]
    pub limit: Option<u32>,
}

/// One page of tickets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketPage {
    pub items: Vec<Ticket>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// Who did something, as shown in histories and comments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Actor {
    pub id: UserId,
    pub display_name: String,
}

/// One field's change in a ticket's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    /// Ticket field name, e.g. `status` or `agency_responsible`.
    pub field: String,
    pub from: serde_json::Value,
    pub to: serde_json::Value,
}

/// One entry of `GET /tickets/{id}/history`: who changed what, when, giving which version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketHistoryEntry {
    pub at: DateTime<Utc>,
    /// `None` for changes made by the system (e.g. an incident's resolution).
    pub by: Option<Actor>,
    /// The ticket version this change produced (1 = creation).
    pub version: i64,
    pub changes: Vec<FieldChange>,
}

/// A comment on a ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    pub id: CommentId,
    pub ticket_id: TicketId,
    pub author: Actor,
    pub text: String,
    pub at: DateTime<Utc>,
    /// An internal note, or a reply that was sent to the customer.
    #[serde(default)]
    pub kind: CommentKind,
}

/// What a comment is: staff's internal note, or a reply to the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CommentKind {
    /// Seen by staff only.
    #[default]
    Note,
    /// Also sent to the customer's phone (through the notification outbox, kind `reply`).
    Reply,
}

impl CommentKind {
    /// Wire name: `note` or `reply`.
    pub fn as_str(self) -> &'static str {
        match self {
            CommentKind::Note => "note",
            CommentKind::Reply => "reply",
        }
    }
}

/// `POST /tickets/{id}/comments` body (with an `Idempotency-Key` header).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    /// 1..=4000 characters (a reply: 1..=1000).
    pub text: String,
    /// `note` (default) stays internal; `reply` is also sent to the customer's phone.
    #[serde(default)]
    pub kind: CommentKind,
}

/// `GET /location/context?lat=&long=`: what is already known at a place, for the agent to
/// answer a caller at once and link the call instead of opening a duplicate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocationContext {
    /// Active incidents whose area contains the point.
    pub incidents: Vec<crate::incident::Incident>,
    /// Unresolved spots whose outline contains the point.
    pub spots: Vec<crate::spot::Spot>,
    /// Open tickets within `radius_m` of the point, nearest first (at most 20).
    pub nearby_tickets: Vec<NearbyTicket>,
}

/// An open ticket near a place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NearbyTicket {
    pub ticket: Ticket,
    /// Distance from the queried point in metres.
    pub distance_m: f64,
}

/// Query of `GET /location/context`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct LocationQuery {
    #[cfg_attr(feature = "openapi", param(minimum = -90, maximum = 90))]
    pub lat: f64,
    #[cfg_attr(feature = "openapi", param(minimum = -180, maximum = 180))]
    pub long: f64,
    /// Radius for nearby tickets, 10..=5000 m (default 300).
    #[cfg_attr(feature = "openapi", param(minimum = 10, maximum = 5000))]
    pub radius_m: Option<f64>,
    /// Only nearby tickets of this service.
    pub service_code: Option<String>,
}
