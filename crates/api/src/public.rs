//! The unauthenticated status-at-location answer: no personal data, ever.

use crate::catalogue::LocalizedText;
use crate::geo::Polygon;
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
    /// How the problem stands.
    pub state: PublicState,
}

/// How a known problem stands, as the public page says it (the wire values are plain words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PublicState {
    /// Known, the cause is being looked for: an incident registered or in diagnosis, a spot
    /// not yet in work.
    #[serde(rename = "investigating")]
    Investigating,
    /// Being worked on: an incident past diagnosis, a spot in work.
    #[serde(rename = "being fixed")]
    BeingFixed,
    /// Marked fixed in the last 7 days, but a customer of it has reported it again since:
    /// being checked (an incident resolved or confirmed with "still not working" reports).
    #[serde(rename = "reported again")]
    ReportedAgain,
}

/// Query of the public status endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PublicStatusQuery {
    #[cfg_attr(feature = "openapi", param(minimum = -90, maximum = 90))]
    pub lat: Option<f64>,
    #[cfg_attr(feature = "openapi", param(minimum = -180, maximum = 180))]
    pub long: Option<f64>,
    /// Free-text address, geocoded by the server; used when `lat`/`long` are absent.
    pub address: Option<String>,
}

/// `POST /public/subscriptions` body: tell `contact` when the problem at the place is fixed.
/// The place is `lat`/`long`, or else a free-text `address`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubscriptionRequest {
    /// Phone number or e-mail address to notify.
    pub contact: String,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub address: Option<String>,
}

/// Answer to a subscription. The same whether or not a problem is known at the place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubscriptionAccepted {
    /// Always `subscribed`.
    pub status: String,
}

/// `GET /public/ratings/{token}`: a rating link that can still be used. An unknown link is
/// 404 and a used one 409 `already_rated`, so the page says so before the form is filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingLink {
    /// What was fixed: `incident` or `spot` (nothing more: the link reveals no details).
    pub source: String,
}

/// `POST /public/ratings/{token}` body: a 1-5 score and an optional comment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingRequest {
    /// 1 (bad) to 5 (excellent).
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub score: i64,
    pub comment: Option<String>,
}

/// One recorded rating, as managers see it (no customer contact).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rating {
    /// `spot`, `incident` or `ticket`: what was fixed.
    pub source: String,
    pub source_id: i64,
    pub score: i64,
    pub comment: Option<String>,
    pub rated_at: DateTime<Utc>,
    /// The rated customer's ticket (in `GET /ratings` only): the one a complainant's "fixed"
    /// message was for, or the fixed ticket itself. Absent for a public subscriber's rating of
    /// a spot or incident, which has no ticket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_id: Option<i64>,
    /// That ticket's service code (what the dashboards' service filter matches).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_code: Option<String>,
    /// That ticket's assignee group code (`agency_responsible`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// That ticket's support line, 1..=3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u8>,
}

/// `GET /ratings` query: the period the ratings were given in (both ends optional).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct RatingQuery {
    /// Rated at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Rated before this instant.
    pub to: Option<DateTime<Utc>>,
}

/// `GET /ratings` answer: totals and the newest ratings, for dashboards.
///
/// Without a period: all ratings, and the newest 100 listed. With `from` or `to`: the totals
/// and the list cover the period, newest first, at most 10 000 listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingSummary {
    pub count: i64,
    /// Mean score, absent without ratings.
    pub average: Option<f64>,
    /// Number of ratings with score 1, 2, 3, 4, 5.
    pub by_score: Vec<i64>,
    /// Newest first (see the limits above).
    pub recent: Vec<Rating>,
}

/// A schematic plan of the service area drawn from the address register, for maps without
/// tiles: the area's outline and its streets with their names. Public (no personal data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StreetPlan {
    /// Around every house of the register, 150 m out; an empty ring without a register.
    pub outline: Polygon,
    /// The streets with the most houses (at most 400), most first.
    pub streets: Vec<PlanStreet>,
}

/// One street of a [`StreetPlan`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanStreet {
    /// The street as the register names it, e.g. `ул. Ленина`.
    pub name: String,
    /// Its middle line as `[long, lat]` positions (GeoJSON order), at least two.
    pub line: Vec<[f64; 2]>,
}
