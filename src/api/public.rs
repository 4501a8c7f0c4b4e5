//! The public (no sign-in) endpoints: status at a place, address suggestions, subscriptions
//! and fix ratings.

use super::client::{ApiError, Client};
use chrono::{DateTime, SecondsFormat, Utc};
use spotdesk_api::{
    GeocodeResponse, PublicStatus, Rating, RatingLink, RatingRequest, RatingSummary, StreetPlan,
    SubscriptionAccepted, SubscriptionRequest,
};

/// Known problems at a free-text address (geocoded by the server).
pub async fn status_at_address(c: &Client, address: &str) -> Result<PublicStatus, ApiError> {
    c.get("/public/status", &[("address", address.to_owned())])
        .await
}

/// Known problems at coordinates.
pub async fn status_at(c: &Client, lat: f64, long: f64) -> Result<PublicStatus, ApiError> {
    c.get(
        "/public/status",
        &[("lat", lat.to_string()), ("long", long.to_string())],
    )
    .await
}

/// The outline and streets of the service area, for a map without tiles.
pub async fn street_plan(c: &Client) -> Result<StreetPlan, ApiError> {
    c.get("/public/street-plan", &[]).await
}

/// Address suggestions for what was typed so far.
pub async fn suggest(c: &Client, q: &str) -> Result<GeocodeResponse, ApiError> {
    c.get("/public/geocode", &[("q", q.to_owned())]).await
}

/// Asks to be told when the problem at the address is fixed.
pub async fn subscribe(
    c: &Client,
    req: &SubscriptionRequest,
) -> Result<SubscriptionAccepted, ApiError> {
    c.post("/public/subscriptions", req, None).await
}

/// Rates a fix with the token from the customer's link.
pub async fn rate(c: &Client, token: &str, req: &RatingRequest) -> Result<Rating, ApiError> {
    c.post(&format!("/public/ratings/{}", link_token(token)), req, None)
        .await
}

/// `GET /public/ratings/{token}`: whether a rating link can still be used (404 unknown, 409
/// used).
pub async fn rating_link(c: &Client, token: &str) -> Result<RatingLink, ApiError> {
    c.get(&format!("/public/ratings/{}", link_token(token)), &[])
        .await
}

/// The token as it may go into a path: only the characters tokens are made of.
fn link_token(token: &str) -> String {
    token
        .chars()
        .filter(|ch| ch.is_ascii_alphanumeric() || *ch == '-' || *ch == '_')
        .collect()
}

/// `GET /ratings?from=&to=`: the fix ratings customers gave in `[from, to)` (managers,
/// coordinators, admins), each with its date.
pub async fn ratings(
    c: &Client,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<RatingSummary, ApiError> {
    let instant = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    c.get("/ratings", &[("from", instant(from)), ("to", instant(to))])
        .await
}
