//! `GET /customers/{phone}`: a caller's history (issue 22), so a repeat caller is recognised
//! at once: their tickets and how they stand, open incidents and spots where they called from,
//! and the ratings they gave.

use crate::access;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::escalation;
use crate::extract::ApiPath;
use crate::openapi::responses::SignedIn;
use crate::state::AppState;
use crate::store::{customer_history, incidents, spots, tickets};
use axum::extract::State;
use axum::Json;
use chrono::Duration;
use spotdesk_api::{field_codes, CustomerHistory, ErrorBody, CUSTOMER_TICKETS_LIMIT};
use spotdesk_core::geo::point_in_polygon;
use spotdesk_core::phone::{normalize_phone, PhoneError};
use spotdesk_core::repeat_contact;

/// How far back the places of a customer's tickets are checked against active incidents and
/// spots.
const PLACES_DAYS: i64 = 90;
/// Most ratings in an answer.
const RATINGS: i64 = 20;

/// A customer's history by phone number, in any common notation (`+79123456789`,
/// `8 912 345-67-89` percent-encoded, `9123456789`): their tickets the caller may see (newest
/// first, at most 100, each flagged `repeat_of` when it is a repeat contact: another ticket of
/// the same phone in the 7 days before it), counts of all, open and repeat tickets, the active
/// incidents and unresolved spots covering the places of their tickets of the last 90 days,
/// and the fix ratings they gave. A number nobody called from answers an empty history (200),
/// not 404, so the desk can show "first contact". Engineers see only their group's tickets and
/// ratings. A `phone` that is not a phone number is 400 naming `phone`.
#[utoipa::path(get, path = "/customers/{phone}", tag = "search", operation_id = "getCustomerHistory",
    security(("bearer" = [])),
    params(("phone" = String, Path, pattern = r"^\s*(?:[ ().\u00a0-]*[0-9](?:[ ().\u00a0-]*[0-9]){9}|[ ().\u00a0-]*[78](?:[ ().\u00a0-]*[0-9]){10}|\+[ ().\u00a0-]*[1-9](?:[ ().\u00a0-]*[0-9]){7,14})[ ().\u00a0-]*\s*$", description = "The customer's phone number in any common notation (the pattern of `NewTicket.customer_phone`)")),
    responses(
        (status = 200, description = "The customer's history (empty for a first contact)", body = CustomerHistory),
        (status = 400, description = "`phone` is not a phone number", body = ErrorBody),
        SignedIn,
    ))]
pub async fn customer_history(
    State(state): State<AppState>,
    user: AuthUser,
    ApiPath(phone): ApiPath<String>,
) -> ApiResult<Json<CustomerHistory>> {
    access::CUSTOMER_HISTORY.check(&user)?;
    let phone = normalize_phone(&phone).map_err(|e| {
        let why = match e {
            PhoneError::Empty => "type the customer's phone number",
            PhoneError::BadCharacter => {
                "a phone number has digits, spaces, dashes, dots and brackets only"
            }
            PhoneError::BadLength => {
                "a phone number has 10 digits (912 345-67-89), 11 starting with 8 or 7, or 8 to 15 after +"
            }
        };
        ApiError::bad_field("phone", field_codes::INVALID, why)
    })?;
    let scope = access::ticket_scope(&user);
    let found = tickets::of_customer(&state.db, &phone, scope, CUSTOMER_TICKETS_LIMIT).await?;
    let (total_tickets, open_tickets, repeat_contacts) =
        customer_history::counts(&state.db, &phone, scope).await?;
    let since = state.clock.now() - Duration::days(PLACES_DAYS);
    let places = customer_history::places(&state.db, &phone, scope, since).await?;
    let covers = |area: &spotdesk_api::Polygon| {
        places
            .iter()
            .any(|&(lat, long)| point_in_polygon(lat, long, area))
    };
    let (mut active_incidents, active_spots) = if places.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        let i = incidents::list(&state.db, true, u32::MAX).await?;
        let s = spots::list(&state.db, true, u32::MAX).await?;
        (
            i.into_iter().filter(|i| covers(&i.area)).collect(),
            s.into_iter().filter(|s| covers(&s.outline)).collect(),
        )
    };
    escalation::attach(&state, &mut active_incidents).await?;
    let ratings = customer_history::ratings(&state.db, &phone, scope, RATINGS).await?;
    let name = found
        .iter()
        .find_map(|t| t.customer_name.clone().filter(|n| !n.trim().is_empty()));
    Ok(Json(CustomerHistory {
        phone,
        name,
        tickets: found,
        total_tickets,
        open_tickets,
        repeat_contacts,
        repeat_window_days: repeat_contact::WINDOW_DAYS,
        incidents: active_incidents,
        spots: active_spots,
        ratings,
    }))
}
