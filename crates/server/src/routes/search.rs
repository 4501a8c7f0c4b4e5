//! `GET /search?q=`: "find anything" from one search box (issue 22). The text is read by
//! core's `find::parse_find`: a number names a ticket, incident or spot; a phone in any
//! notation names a customer; other text matches customers' names, tickets' words and
//! addresses of the register.

use crate::access;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::escalation;
use crate::extract::ApiQuery;
use crate::geocoder;
use crate::openapi::responses::SignedIn;
use crate::state::AppState;
use crate::store::{incidents, search as store, spots, tickets};
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use spotdesk_api::{
    field_codes, ErrorBody, IncidentId, SearchResults, SpotId, TicketId, TicketSort, SEARCH_LIMIT,
    SEARCH_MAX_CHARS,
};
use spotdesk_core::find::parse_find;
use utoipa::IntoParams;

/// Most addresses in an answer (the desk's address box lists more).
const ADDRESSES: usize = 5;

/// The `?q=` of `GET /search`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// What was typed, 1..=200 characters: `123`, `#123`, `8 912 345-67-89`, `Иванов`,
    /// `Ленина 12`, words of a ticket. Leading and trailing white space is ignored; what
    /// remains is not empty and has no control characters (the pattern says exactly that).
    #[param(
        required = true,
        max_length = 200,
        pattern = r"^[ \t\n\x0b\f\r\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*[^\x00-\x1f\x7f-\x9f]*[^ \t\n\x0b\f\r\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*[ \t\n\x0b\f\r\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$"
    )]
    pub q: Option<String>,
}

/// Finds tickets, customers, incidents, spots and addresses from one text, each kind best
/// first and at most 10 (addresses 5). A number finds the ticket, incident and spot with that
/// number; a phone in any common notation (`8 912 345-67-89`, `+7 (912) 3456789`,
/// `9123456789`) finds the customer and their tickets; other text finds customers by name
/// (any case), tickets by description, address, topic, customer name or previous system's
/// id, incidents by title, and addresses. Engineers find only their group's tickets and
/// customers.
#[utoipa::path(get, path = "/search", tag = "search", operation_id = "search",
    security(("bearer" = [])),
    params(SearchQuery),
    responses(
        (status = 200, description = "What was found, by kind (possibly nothing)", body = SearchResults),
        (status = 400, description = "`q` missing, blank or longer than 200 characters", body = ErrorBody),
        SignedIn,
    ))]
pub async fn search(
    State(state): State<AppState>,
    user: AuthUser,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> ApiResult<Json<SearchResults>> {
    access::SEARCH.check(&user)?;
    let text = query.q.as_deref().map(str::trim).unwrap_or("");
    if text.is_empty() {
        return Err(ApiError::bad_field(
            "q",
            field_codes::REQUIRED,
            "type a number, a phone, a name or an address",
        ));
    }
    let typed = text.chars().count();
    if typed > SEARCH_MAX_CHARS {
        return Err(ApiError::bad_field(
            "q",
            field_codes::TOO_LONG,
            format!("at most {SEARCH_MAX_CHARS} characters, you typed {typed}"),
        ));
    }
    crate::address_query::check_plain("q", text)?;
    let find = parse_find(text);
    let scope = access::ticket_scope(&user).map(str::to_owned);
    let limit = SEARCH_LIMIT as i64;
    let mut found = SearchResults::default();
    if find.is_empty() {
        return Ok(Json(found));
    }

    if let Some(n) = find.number {
        if let Some(t) = tickets::get(&state.db, TicketId(n)).await? {
            if access::may_see_ticket(&user, &t) {
                found.tickets.push(t);
            }
        }
        if let Some(i) = incidents::get(&state.db, IncidentId(n)).await? {
            found.incidents.push(i);
        }
        if let Some(s) = spots::get(&state.db, SpotId(n)).await? {
            found.spots.push(s);
        }
    }
    let spec = tickets::ListSpec {
        statuses: Vec::new(),
        service_code: None,
        line: None,
        group: None,
        incident_id: None,
        assignee: None,
        overdue: None,
        q: Some(text.to_owned()),
        from: None,
        to: None,
        sort: TicketSort::CreatedDesc,
        after: None,
        limit: SEARCH_LIMIT as u32,
        visible_group: scope.clone(),
        now: state.clock.now(),
    };
    for t in tickets::list(&state.db, &spec).await? {
        if found.tickets.len() < SEARCH_LIMIT && !found.tickets.iter().any(|x| x.id == t.id) {
            found.tickets.push(t);
        }
    }
    let name = find
        .text
        .as_deref()
        .filter(|t| t.chars().any(char::is_alphabetic));
    found.customers = store::customers(
        &state.db,
        find.phone.as_deref(),
        name,
        scope.as_deref(),
        limit,
    )
    .await?;
    if let Some(words) = name {
        for i in store::incidents_by_title(&state.db, words, limit).await? {
            if found.incidents.len() < SEARCH_LIMIT && !found.incidents.iter().any(|x| x.id == i.id)
            {
                found.incidents.push(i);
            }
        }
        found.addresses = geocoder::search(&state, words, ADDRESSES).await?;
    }
    escalation::attach(&state, &mut found.incidents).await?;
    Ok(Json(found))
}
