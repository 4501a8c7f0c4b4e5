//! Helpers of the agent-desk tests: tickets, patches, history, comments, incidents, spots.

use super::{Resp, TestServer};
use reqwest::Method;
use serde_json::{json, Value};
use spotdesk_api::{Incident, Spot, Ticket, TicketHistoryEntry};

/// Registers a valid ticket as `user`.
pub async fn new_ticket(s: &TestServer, user: &str, key: &str) -> Ticket {
    let r = s
        .create_ticket(user, key, &super::valid_ticket(&s.catalogue()))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.ticket()
}

/// Registers a ticket at a position.
pub async fn ticket_at(s: &TestServer, key: &str, lat: f64, long: f64) -> Ticket {
    let mut body = super::valid_ticket(&s.catalogue());
    body["lat"] = json!(lat);
    body["long"] = json!(long);
    let r = s.create_ticket("agent", key, &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.ticket()
}

/// `PATCH /tickets/{id}` as `user` against the ticket's current version.
pub async fn patch(s: &TestServer, user: &str, t: &Ticket, body: Value) -> Resp {
    s.patch(
        &format!("/tickets/{}", t.id),
        user,
        Some(&format!("\"{}\"", t.version)),
        &body,
    )
    .await
}

/// `PATCH` that must succeed; returns the new ticket.
pub async fn patch_ok(s: &TestServer, user: &str, t: &Ticket, body: Value) -> Ticket {
    let r = patch(s, user, t, body).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.ticket()
}

/// A patch body resolving `t` with `note` and the first resolution cause of its service.
pub fn resolving(s: &TestServer, t: &Ticket, note: &str) -> Value {
    let cat = s.catalogue();
    let cause = cat
        .services
        .iter()
        .find(|x| x.code == t.service_code)
        .and_then(|x| x.resolution_causes.first())
        .map(|c| c.code.clone());
    json!({"status": "resolved", "status_notes": note, "resolution_cause": cause})
}

/// `POST /tickets/{id}/comments` of `kind` (`note` or `reply`).
pub async fn comment_of(
    s: &TestServer,
    user: &str,
    id: i64,
    key: &str,
    text: &str,
    kind: &str,
) -> Resp {
    s.send(
        s.req(Method::POST, &format!("/tickets/{id}/comments"), Some(user))
            .header("Idempotency-Key", key)
            .json(&json!({ "text": text, "kind": kind })),
    )
    .await
}

pub async fn history(s: &TestServer, id: i64, user: &str) -> Vec<TicketHistoryEntry> {
    let r = s.get(&format!("/tickets/{id}/history"), Some(user)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    serde_json::from_str(&r.text).unwrap()
}

pub async fn display_name(s: &TestServer, user: &str) -> (i64, String) {
    let me = s.get("/auth/me", Some(user)).await;
    (
        me.body["id"].as_i64().unwrap(),
        me.body["display_name"].as_str().unwrap().to_owned(),
    )
}

pub fn change<'a>(e: &'a TicketHistoryEntry, field: &str) -> &'a spotdesk_api::FieldChange {
    e.changes
        .iter()
        .find(|c| c.field == field)
        .unwrap_or_else(|| panic!("no change of {field} in {e:?}"))
}

/// `POST /tickets/{id}/comments`.
pub async fn comment(s: &TestServer, user: &str, id: i64, key: &str, text: &str) -> Resp {
    s.send(
        s.req(Method::POST, &format!("/tickets/{id}/comments"), Some(user))
            .header("Idempotency-Key", key)
            .json(&json!({ "text": text })),
    )
    .await
}

/// Registers an incident over `area` as the coordinator.
pub async fn incident(s: &TestServer, key: &str, area: &spotdesk_api::Polygon) -> Incident {
    let r = s
        .send(
            s.req(Method::POST, "/incidents", Some("coordinator"))
                .header("Idempotency-Key", key)
                .json(&json!({ "title": format!("Outage {key}"), "area": area })),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    serde_json::from_str(&r.text).unwrap()
}

/// Registers a spot over `outline` as the coordinator.
pub async fn spot(s: &TestServer, key: &str, outline: &spotdesk_api::Polygon) -> Spot {
    let r = s
        .send(
            s.req(Method::POST, "/spots", Some("coordinator"))
                .json(&json!({ "key": key, "outline": outline, "priority": 1.0 })),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    serde_json::from_str(&r.text).unwrap()
}

pub async fn count(s: &TestServer, sql: &str, id: i64) -> i64 {
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(&s.state.db)
        .await
        .unwrap()
}
