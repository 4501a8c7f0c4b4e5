//! `/tickets`: list, create, read, update, history and comments.

use super::client::{ApiError, Client};
use chrono::SecondsFormat;
use spotdesk_api::{
    Comment, CommentKind, NewComment, NewTicket, Ticket, TicketHistoryEntry, TicketId, TicketPage,
    TicketPatch, TicketQuery, TicketSort,
};

/// `GET /tickets` with the query's filters as URL parameters.
pub async fn list(c: &Client, q: &TicketQuery) -> Result<TicketPage, ApiError> {
    c.get("/tickets", &query_params(q)).await
}

/// `POST /tickets` with an `Idempotency-Key`: retrying with the same key and body never
/// creates a second ticket.
pub async fn create(c: &Client, t: &NewTicket, idempotency_key: &str) -> Result<Ticket, ApiError> {
    c.post("/tickets", t, Some(idempotency_key)).await
}

/// `GET /tickets/{id}`.
pub async fn get(c: &Client, id: TicketId) -> Result<Ticket, ApiError> {
    c.get(&format!("/tickets/{id}"), &[]).await
}

/// `PATCH /tickets/{id}` with `If-Match: etag`.
pub async fn update(
    c: &Client,
    id: TicketId,
    patch: &TicketPatch,
    etag: &str,
) -> Result<(Ticket, Option<String>), ApiError> {
    c.patch(&format!("/tickets/{id}"), patch, etag).await
}

/// The URL parameters of a [`TicketQuery`] (absent filters are left out).
pub fn query_params(q: &TicketQuery) -> Vec<(&'static str, String)> {
    let mut p = Vec::new();
    let mut push = |k: &'static str, v: Option<String>| {
        if let Some(v) = v {
            p.push((k, v));
        }
    };
    push("status", q.status.clone());
    push("service_code", q.service_code.clone());
    push("line", q.line.map(|l| l.to_string()));
    push("group", q.group.clone());
    push("incident_id", q.incident_id.map(|i| i.0.to_string()));
    push("assignee", q.assignee.clone());
    push("overdue", q.overdue.map(|b| b.to_string()));
    push("q", q.q.clone());
    push(
        "from",
        q.from.map(|d| d.to_rfc3339_opts(SecondsFormat::Secs, true)),
    );
    push(
        "to",
        q.to.map(|d| d.to_rfc3339_opts(SecondsFormat::Secs, true)),
    );
    push(
        "sort",
        q.sort.map(|s| {
            match s {
                TicketSort::CreatedDesc => "created_desc",
                TicketSort::CreatedAsc => "created_asc",
                TicketSort::DeadlineAsc => "deadline_asc",
            }
            .to_owned()
        }),
    );
    push("cursor", q.cursor.clone());
    push("limit", q.limit.map(|l| l.to_string()));
    p
}

/// `GET /tickets/{id}/history`, oldest first.
pub async fn history(c: &Client, id: TicketId) -> Result<Vec<TicketHistoryEntry>, ApiError> {
    c.get(&format!("/tickets/{id}/history"), &[]).await
}

/// `GET /tickets/{id}/comments`, oldest first.
pub async fn comments(c: &Client, id: TicketId) -> Result<Vec<Comment>, ApiError> {
    c.get(&format!("/tickets/{id}/comments"), &[]).await
}

/// `POST /tickets/{id}/comments` with an `Idempotency-Key`: a retry never adds it twice. A
/// `reply` is also sent to the customer.
pub async fn add_comment(
    c: &Client,
    id: TicketId,
    text: &str,
    kind: CommentKind,
    idempotency_key: &str,
) -> Result<Comment, ApiError> {
    let body = NewComment {
        text: text.to_owned(),
        kind,
    };
    c.post(
        &format!("/tickets/{id}/comments"),
        &body,
        Some(idempotency_key),
    )
    .await
}

/// The `If-Match` value for a ticket version: `"<version>"`.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}
