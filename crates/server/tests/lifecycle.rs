//! Agent desk lifecycle: history, comments, links, transitions, reassignment, location context.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Resp, TestServer};
use reqwest::Method;
use serde_json::{json, Value};
use spotdesk_api::{
    Comment, Incident, LocationContext, Spot, Ticket, TicketHistoryEntry, TicketStatus,
};
use spotdesk_core::geo::{circle_polygon, haversine_m};

/// Registers a valid ticket as `user`.
async fn new_ticket(s: &TestServer, user: &str, key: &str) -> Ticket {
    let r = s
        .create_ticket(user, key, &common::valid_ticket(&s.catalogue()))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.ticket()
}

/// Registers a ticket at a position.
async fn ticket_at(s: &TestServer, key: &str, lat: f64, long: f64) -> Ticket {
    let mut body = common::valid_ticket(&s.catalogue());
    body["lat"] = json!(lat);
    body["long"] = json!(long);
    let r = s.create_ticket("agent", key, &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.ticket()
}

/// `PATCH /tickets/{id}` as `user` against the ticket's current version.
async fn patch(s: &TestServer, user: &str, t: &Ticket, body: Value) -> Resp {
    s.patch(
        &format!("/tickets/{}", t.id),
        user,
        Some(&format!("\"{}\"", t.version)),
        &body,
    )
    .await
}

/// `PATCH` that must succeed; returns the new ticket.
async fn patch_ok(s: &TestServer, user: &str, t: &Ticket, body: Value) -> Ticket {
    let r = patch(s, user, t, body).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.ticket()
}

async fn history(s: &TestServer, id: i64, user: &str) -> Vec<TicketHistoryEntry> {
    let r = s.get(&format!("/tickets/{id}/history"), Some(user)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    serde_json::from_str(&r.text).unwrap()
}

async fn display_name(s: &TestServer, user: &str) -> (i64, String) {
    let me = s.get("/auth/me", Some(user)).await;
    (
        me.body["id"].as_i64().unwrap(),
        me.body["display_name"].as_str().unwrap().to_owned(),
    )
}

fn change<'a>(e: &'a TicketHistoryEntry, field: &str) -> &'a spotdesk_api::FieldChange {
    e.changes
        .iter()
        .find(|c| c.field == field)
        .unwrap_or_else(|| panic!("no change of {field} in {e:?}"))
}

/// `POST /tickets/{id}/comments`.
async fn comment(s: &TestServer, user: &str, id: i64, key: &str, text: &str) -> Resp {
    s.send(
        s.req(Method::POST, &format!("/tickets/{id}/comments"), Some(user))
            .header("Idempotency-Key", key)
            .json(&json!({ "text": text })),
    )
    .await
}

/// Registers an incident over `area` as the coordinator.
async fn incident(s: &TestServer, key: &str, area: &spotdesk_api::Polygon) -> Incident {
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
async fn spot(s: &TestServer, key: &str, outline: &spotdesk_api::Polygon) -> Spot {
    let r = s
        .send(
            s.req(Method::POST, "/spots", Some("coordinator"))
                .json(&json!({ "key": key, "outline": outline, "priority": 1.0 })),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    serde_json::from_str(&r.text).unwrap()
}

async fn count(s: &TestServer, sql: &str, id: i64) -> i64 {
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(&s.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn history_lists_creation_and_every_change() {
    let s = common::start().await;
    let t = new_ticket(&s, "agent", "h-1").await;
    let t2 = patch_ok(&s, "agent", &t, json!({"status": "in_work"})).await;
    let t3 = patch_ok(
        &s,
        "coordinator",
        &t2,
        json!({"status_notes": "waiting for the field team", "description": "No signal at all"}),
    )
    .await;
    assert_eq!(t3.version, 3);

    let h = history(&s, t.id.0, "agent").await;
    assert_eq!(
        h.iter().map(|e| e.version).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    let (agent_id, agent_name) = display_name(&s, "agent").await;
    let (coord_id, coord_name) = display_name(&s, "coordinator").await;

    // Registration: who, when, the initial values from null.
    let by = h[0].by.as_ref().unwrap();
    assert_eq!(
        (by.id.0, by.display_name.as_str()),
        (agent_id, agent_name.as_str())
    );
    assert_eq!(h[0].at, t.created_at);
    let status = change(&h[0], "status");
    assert_eq!((&status.from, &status.to), (&Value::Null, &json!("new")));
    assert_eq!(
        change(&h[0], "agency_responsible").to,
        json!(t.agency_responsible)
    );
    assert_eq!(change(&h[0], "line").to, json!(t.line));
    assert_eq!(change(&h[0], "service_code").to, json!(t.service_code));
    assert!(h[0].changes.iter().all(|c| c.from.is_null()));
    assert!(h[0].changes.iter().all(|c| c.field != "incident_id"));

    let status = change(&h[1], "status");
    assert_eq!(
        (&status.from, &status.to),
        (&json!("new"), &json!("in_work"))
    );
    assert_eq!(h[1].by.as_ref().unwrap().display_name, agent_name);
    assert_eq!(h[1].at, t2.updated_at);
    assert_eq!(h[1].changes.len(), 1, "{:?}", h[1].changes);

    assert_eq!(h[2].by.as_ref().unwrap().id.0, coord_id);
    assert_eq!(h[2].by.as_ref().unwrap().display_name, coord_name);
    assert_eq!(h[2].at, t3.updated_at);
    let d = change(&h[2], "description");
    assert_eq!(d.from, json!("No connection since morning"));
    assert_eq!(d.to, json!("No signal at all"));
    assert_eq!(
        change(&h[2], "status_notes").to,
        json!("waiting for the field team")
    );
    assert!(h.windows(2).all(|w| w[0].at <= w[1].at));

    // A no-op patch records nothing.
    let same = patch_ok(&s, "agent", &t3, json!({"status": "in_work"})).await;
    assert_eq!(same.version, 3);
    assert_eq!(history(&s, t.id.0, "agent").await.len(), 3);

    // Demo tickets have a creation entry too; other roles may read; bad ids.
    let h = history(&s, 1, "manager").await;
    assert_eq!(h[0].version, 1);
    s.get("/tickets/99999999/history", Some("admin"))
        .await
        .assert_error(404, "not_found");
    s.get("/tickets/abc/history", Some("admin"))
        .await
        .assert_field_error(400, "bad_request", "id");
}

#[tokio::test]
async fn history_of_tickets_registered_before_creation_entries_is_rebuilt() {
    let s = common::start().await;
    let t = new_ticket(&s, "agent", "legacy-1").await;
    let t = patch_ok(&s, "agent", &t, json!({"status": "in_work"})).await;
    let t = patch_ok(&s, "agent", &t, json!({"agency_responsible": "line3-it"})).await;
    // Simulate a database written before creation entries existed.
    sqlx::query("DELETE FROM ticket_history WHERE ticket_id = $1 AND version = 1")
        .bind(t.id.0)
        .execute(&s.state.db)
        .await
        .unwrap();
    let h = history(&s, t.id.0, "admin").await;
    assert_eq!(
        h.iter().map(|e| e.version).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert_eq!(h[0].at, t.created_at);
    assert_eq!(change(&h[0], "status").to, json!("new"));
    assert_eq!(
        change(&h[0], "agency_responsible").to,
        change(&h[2], "agency_responsible").from
    );
    assert_eq!(change(&h[0], "line").to, change(&h[2], "line").from);
    assert_eq!(
        h[0].by.as_ref().unwrap().display_name,
        display_name(&s, "agent").await.1
    );
}

#[tokio::test]
async fn comments_are_listed_replayed_and_validated() {
    let s = common::start().await;
    let t = new_ticket(&s, "agent", "c-1").await;
    let id = t.id.0;
    const UPDATES: &str = "SELECT COUNT(*) FROM events WHERE entity = 'ticket' AND entity_id = $1 AND action = 'updated'";
    let events_before = count(&s, UPDATES, id).await;

    let r = comment(&s, "agent", id, "k1", "  Customer called again  ").await;
    assert_eq!(r.status, 201, "{}", r.text);
    let c1: Comment = serde_json::from_str(&r.text).unwrap();
    assert_eq!(c1.text, "Customer called again");
    assert_eq!(c1.ticket_id, t.id);
    assert_eq!(c1.author.display_name, display_name(&s, "agent").await.1);

    // Same key and body: the same comment, 200. Same key, other body or ticket: 422.
    let again = comment(&s, "agent", id, "k1", "  Customer called again  ").await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(serde_json::from_str::<Comment>(&again.text).unwrap(), c1);
    comment(&s, "agent", id, "k1", "something else")
        .await
        .assert_error(422, "idempotency_key_reused");
    comment(&s, "agent", 1, "k1", "  Customer called again  ")
        .await
        .assert_error(422, "idempotency_key_reused");

    let r = comment(&s, "coordinator", id, "k1", "Field team booked").await;
    assert_eq!(r.status, 201, "{}", r.text);
    let c2: Comment = serde_json::from_str(&r.text).unwrap();

    let list = s
        .get(&format!("/tickets/{id}/comments"), Some("manager"))
        .await;
    assert_eq!(list.status, 200, "{}", list.text);
    let list: Vec<Comment> = serde_json::from_str(&list.text).unwrap();
    assert_eq!(list, vec![c1, c2]);

    // Comments do not change the ticket's version, but are announced.
    let g = s.get(&format!("/tickets/{id}"), Some("agent")).await;
    assert_eq!(g.ticket().version, 1);
    assert_eq!(g.ticket().updated_at, t.updated_at);
    assert_eq!(count(&s, UPDATES, id).await, events_before + 2);

    // Text rules.
    comment(&s, "agent", id, "k2", "   ")
        .await
        .assert_field_error(422, "validation_failed", "text");
    comment(&s, "agent", id, "k3", &"x".repeat(4001))
        .await
        .assert_field_error(422, "validation_failed", "text");
    let ok = comment(&s, "agent", id, "k4", &"я".repeat(4000)).await;
    assert_eq!(ok.status, 201, "{}", ok.text);
    let r = s
        .send(
            s.req(
                Method::POST,
                &format!("/tickets/{id}/comments"),
                Some("agent"),
            )
            .header("Idempotency-Key", "k5")
            .json(&json!({"text": "x", "extra": 1})),
        )
        .await;
    r.assert_field_error(400, "bad_request", "extra");
    let r = s
        .send(
            s.req(
                Method::POST,
                &format!("/tickets/{id}/comments"),
                Some("agent"),
            )
            .json(&json!({"text": "no key"})),
        )
        .await;
    r.assert_field_error(400, "bad_request", "Idempotency-Key");

    // Unknown and malformed ids.
    comment(&s, "agent", 99_999_999, "k6", "hello")
        .await
        .assert_error(404, "not_found");
    s.get("/tickets/99999999/comments", Some("agent"))
        .await
        .assert_error(404, "not_found");
    s.get("/tickets/x/comments", Some("agent"))
        .await
        .assert_field_error(400, "bad_request", "id");
}

#[tokio::test]
async fn comments_respect_roles_and_groups() {
    let s = common::start().await;
    let t = new_ticket(&s, "agent", "cr-1").await;
    let t = patch_ok(
        &s,
        "admin",
        &t,
        json!({"agency_responsible": "line2-billing"}),
    )
    .await;
    let id = t.id.0;
    // Engineers of another group do not see the ticket at all.
    comment(&s, "engineer", id, "e1", "hello")
        .await
        .assert_error(404, "not_found");
    s.get(&format!("/tickets/{id}/comments"), Some("engineer"))
        .await
        .assert_error(404, "not_found");
    s.get(&format!("/tickets/{id}/history"), Some("engineer"))
        .await
        .assert_error(404, "not_found");
    // Managers read only.
    comment(&s, "manager", id, "m1", "hello")
        .await
        .assert_error(403, "forbidden");
    assert_eq!(
        s.get(&format!("/tickets/{id}/comments"), Some("manager"))
            .await
            .status,
        200
    );
    // Once the ticket is the engineer's group's, they may comment.
    let t = patch_ok(
        &s,
        "agent",
        &t,
        json!({"agency_responsible": "line2-network"}),
    )
    .await;
    let r = comment(&s, "engineer", t.id.0, "e1", "on it").await;
    assert_eq!(r.status, 201, "{}", r.text);
    for user in ["agent", "coordinator", "admin"] {
        let r = comment(&s, user, id, &format!("{user}-1"), "note").await;
        assert_eq!(r.status, 201, "{user}: {}", r.text);
    }
}

#[tokio::test]
async fn new_endpoints_reject_anonymous_callers() {
    let s = common::start().await;
    for path in [
        "/tickets/1/history",
        "/tickets/1/comments",
        "/location/context?lat=56.3&long=44.0",
    ] {
        s.get(path, None).await.assert_error(401, "unauthenticated");
        s.send(s.client.get(s.url(path)).bearer_auth("forged"))
            .await
            .assert_error(401, "unauthenticated");
    }
    let r = s
        .send(
            s.req(Method::POST, "/tickets/1/comments", None)
                .header("Idempotency-Key", "a")
                .json(&json!({"text": "x"})),
        )
        .await;
    r.assert_error(401, "unauthenticated");
    // Forbidden comes before any other problem with the request.
    s.send(s.req(Method::POST, "/tickets/abc/comments", Some("manager")))
        .await
        .assert_error(403, "forbidden");
}

#[tokio::test]
async fn tickets_link_to_existing_incidents_and_spots() {
    let s = common::start().await;
    let t = new_ticket(&s, "agent", "l-1").await;
    let area = circle_polygon(t.lat, t.long, 500.0, 16);
    let a = incident(&s, "inc-a", &area).await;
    let b = incident(&s, "inc-b", &area).await;

    let r = patch(&s, "agent", &t, json!({"incident_id": 99_999_999})).await;
    let e = r.assert_field_error(422, "validation_failed", "incident_id");
    assert_eq!(e.fields[0].code, "unknown");
    let r = patch(&s, "agent", &t, json!({"spot_id": 99_999_999})).await;
    let e = r.assert_field_error(422, "validation_failed", "spot_id");
    assert_eq!(e.fields[0].code, "unknown");

    let t2 = patch_ok(&s, "agent", &t, json!({"incident_id": a.id})).await;
    assert_eq!(t2.incident_id, Some(a.id));
    assert_eq!(t2.version, 2);
    let linked = |id: i64| {
        let s = &s;
        async move {
            let r = s.get(&format!("/incidents/{id}"), Some("agent")).await;
            r.body["linked_tickets"].as_i64().unwrap()
        }
    };
    assert_eq!(linked(a.id.0).await, 1);

    // Linking elsewhere moves the link.
    let t3 = patch_ok(&s, "agent", &t2, json!({"incident_id": b.id})).await;
    assert_eq!(t3.incident_id, Some(b.id));
    assert_eq!((linked(a.id.0).await, linked(b.id.0).await), (0, 1));

    let sp = spot(&s, "spot-l-1", &area).await;
    let t4 = patch_ok(&s, "coordinator", &t3, json!({"spot_id": sp.id})).await;
    assert_eq!(t4.spot_id, Some(sp.id));
    let r = s.get(&format!("/spots/{}", sp.id), Some("agent")).await;
    assert_eq!(r.body["complaints"], 1);

    let h = history(&s, t.id.0, "agent").await;
    assert_eq!(h.len(), 4);
    let c = change(&h[1], "incident_id");
    assert_eq!((&c.from, &c.to), (&Value::Null, &json!(a.id)));
    let c = change(&h[2], "incident_id");
    assert_eq!((&c.from, &c.to), (&json!(a.id), &json!(b.id)));
    assert_eq!(change(&h[3], "spot_id").to, json!(sp.id));
}

#[tokio::test]
async fn the_lifecycle_refuses_bad_moves() {
    let s = common::start().await;
    let t = new_ticket(&s, "agent", "lc-1").await;

    // Planned needs a date; a date needs planned.
    let r = patch(&s, "agent", &t, json!({"status": "planned"})).await;
    let e = r.assert_field_error(422, "validation_failed", "planned_at");
    assert_eq!(e.fields[0].code, "required");
    let r = patch(&s, "agent", &t, json!({"planned_at": "2030-01-15"})).await;
    let e = r.assert_field_error(422, "validation_failed", "planned_at");
    assert_eq!(e.fields[0].code, "invalid");
    let planned = patch_ok(
        &s,
        "agent",
        &t,
        json!({"status": "planned", "planned_at": "2030-01-15"}),
    )
    .await;
    assert_eq!(planned.status, TicketStatus::Planned);
    assert_eq!(planned.planned_at.unwrap().to_string(), "2030-01-15");
    let moved = patch_ok(&s, "agent", &planned, json!({"planned_at": "2030-02-01"})).await;
    assert_eq!(moved.planned_at.unwrap().to_string(), "2030-02-01");

    // Topic must be one of the service's.
    let r = patch(&s, "agent", &moved, json!({"topic": "no-such-topic"})).await;
    let e = r.assert_field_error(422, "validation_failed", "topic");
    assert_eq!(e.fields[0].code, "unknown_choice");

    // new -> closed is allowed (duplicates); closed -> in_work is not.
    let other = new_ticket(&s, "agent", "lc-2").await;
    let closed = patch_ok(&s, "agent", &other, json!({"status": "closed"})).await;
    assert!(closed.resolved_at.is_some());
    let r = patch(&s, "agent", &closed, json!({"status": "in_work"})).await;
    let e = r.assert_field_error(422, "validation_failed", "status");
    assert_eq!(e.fields[0].code, "invalid_transition");
    assert_eq!(
        e.fields[0].message,
        "cannot go from closed to in_work; allowed next: reopened"
    );
    let r = patch(&s, "agent", &moved, json!({"status": "new"})).await;
    let e = r.assert_field_error(422, "validation_failed", "status");
    assert_eq!(e.fields[0].code, "invalid_transition");
    let reopened = patch_ok(&s, "agent", &closed, json!({"status": "reopened"})).await;
    assert!(reopened.resolved_at.is_none());
}

#[tokio::test]
async fn reassignment_follows_the_group_line() {
    let s = common::start().await;
    let cat = s.catalogue();
    let line3 = cat.groups.iter().find(|g| g.line == 3).unwrap();
    let t = new_ticket(&s, "agent", "ra-1").await;
    assert_ne!(t.line, 3);

    let unknown = patch(&s, "agent", &t, json!({"agency_responsible": "nope"})).await;
    let e = unknown.assert_field_error(422, "validation_failed", "agency_responsible");
    assert_eq!(e.fields[0].code, "unknown");

    // The group alone: its line follows, and the deadline is recomputed for it.
    let t2 = patch_ok(&s, "agent", &t, json!({"agency_responsible": line3.code})).await;
    assert_eq!(
        (t2.line, t2.agency_responsible.as_str()),
        (3, line3.code.as_str())
    );
    let sla = spotdesk_core::sla::compute(&cat, &t.service_code, t.kind, 3, t.created_at).unwrap();
    assert_eq!(t2.expected_datetime, sla.deadline);
    let h = history(&s, t.id.0, "agent").await;
    let last = h.last().unwrap();
    assert_eq!(change(last, "line").to, json!(3));
    assert_eq!(change(last, "agency_responsible").to, json!(line3.code));

    // The line alone keeps the group; both together are taken as sent.
    let t3 = patch_ok(&s, "agent", &t2, json!({"line": 2})).await;
    assert_eq!(
        (t3.line, t3.agency_responsible.as_str()),
        (2, line3.code.as_str())
    );
    let t4 = patch_ok(
        &s,
        "agent",
        &t3,
        json!({"line": 1, "agency_responsible": "line2-network"}),
    )
    .await;
    assert_eq!(
        (t4.line, t4.agency_responsible.as_str()),
        (1, "line2-network")
    );
    // The receiving group's engineer now sees it, and can pass it on to line 3.
    let t5 = patch_ok(
        &s,
        "engineer",
        &t4,
        json!({"agency_responsible": "line3-infrastructure"}),
    )
    .await;
    assert_eq!(t5.line, 3);
    s.get(&format!("/tickets/{}", t.id), Some("engineer"))
        .await
        .assert_error(404, "not_found");
    assert_eq!(
        s.get(&format!("/tickets/{}", t.id), Some("engineer-infra"))
            .await
            .status,
        200
    );
}

/// Every ticket, via the list (as admin).
async fn all_tickets(s: &TestServer) -> Vec<Ticket> {
    let r = s.get("/tickets?limit=500", Some("admin")).await;
    assert!(r.body["next_cursor"].is_null(), "more than 500 tickets");
    serde_json::from_value(r.body["items"].clone()).unwrap()
}

async fn context(s: &TestServer, user: &str, query: &str) -> LocationContext {
    let r = s
        .get(&format!("/location/context?{query}"), Some(user))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    serde_json::from_str(&r.text).unwrap()
}

#[tokio::test]
async fn location_context_finds_incidents_spots_and_nearby_tickets() {
    let s = common::start().await;
    let mine = new_ticket(&s, "agent", "loc-1").await;
    let (lat, long) = (mine.lat, mine.long);
    let near = incident(&s, "loc-inc", &circle_polygon(lat, long, 400.0, 24)).await;
    let far = incident(&s, "loc-far", &circle_polygon(lat + 0.1, long, 400.0, 24)).await;
    let resolved = incident(&s, "loc-res", &circle_polygon(lat, long, 400.0, 24)).await;
    let r = s
        .patch(
            &format!("/incidents/{}", resolved.id),
            "coordinator",
            Some("*"),
            &json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let sp = spot(&s, "loc-spot", &circle_polygon(lat, long, 300.0, 24)).await;
    // A ticket about 150 m north, and a resolved one next to the point.
    let north = ticket_at(&s, "loc-2", lat + 150.0 / 111_195.0, long).await;
    let done = ticket_at(&s, "loc-3", lat, long + 0.0001).await;
    patch_ok(&s, "agent", &done, json!({"status": "resolved"})).await;

    let q = format!("lat={lat}&long={long}");
    let ctx = context(&s, "agent", &q).await;
    let ids: Vec<_> = ctx.incidents.iter().map(|i| i.id).collect();
    assert!(ids.contains(&near.id), "{ids:?}");
    assert!(
        !ids.contains(&far.id) && !ids.contains(&resolved.id),
        "{ids:?}"
    );
    assert_eq!(
        ctx.spots.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![sp.id]
    );

    // Nearby: open, within 300 m, nearest first, at most 20, exactly the nearest ones.
    let check = |ctx: &LocationContext, radius: f64, all: &[Ticket]| {
        let got: Vec<(i64, f64)> = ctx
            .nearby_tickets
            .iter()
            .map(|n| (n.ticket.id.0, n.distance_m))
            .collect();
        assert!(got.len() <= 20);
        assert!(got.windows(2).all(|w| w[0].1 <= w[1].1), "{got:?}");
        let mut expected: Vec<(f64, i64)> = all
            .iter()
            .filter(|t| t.status.is_open())
            .map(|t| (haversine_m(lat, long, t.lat, t.long), t.id.0))
            .filter(|(d, _)| *d <= radius)
            .collect();
        expected.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        expected.truncate(20);
        let expected: Vec<(i64, f64)> = expected.into_iter().map(|(d, i)| (i, d)).collect();
        assert_eq!(got.len(), expected.len());
        for ((gi, gd), (ei, ed)) in got.iter().zip(&expected) {
            assert!((gd - ed).abs() < 1e-6, "{gi} {gd} vs {ei} {ed}");
        }
        for n in &ctx.nearby_tickets {
            assert!(n.ticket.status.is_open() && n.distance_m <= radius);
        }
    };
    let all = all_tickets(&s).await;
    check(&ctx, 300.0, &all);
    let ids: Vec<_> = ctx.nearby_tickets.iter().map(|n| n.ticket.id).collect();
    assert!(ids.contains(&mine.id) && ids.contains(&north.id), "{ids:?}");
    assert!(!ids.contains(&done.id));
    let d = ctx
        .nearby_tickets
        .iter()
        .find(|n| n.ticket.id == north.id)
        .unwrap()
        .distance_m;
    assert!((d - 150.0).abs() < 2.0, "{d}");

    // A small radius leaves the northern ticket out; a large one follows the same rules.
    let ctx = context(&s, "agent", &format!("{q}&radius_m=100")).await;
    check(&ctx, 100.0, &all);
    assert!(ctx.nearby_tickets.iter().all(|n| n.ticket.id != north.id));
    let ctx = context(&s, "agent", &format!("{q}&radius_m=5000")).await;
    check(&ctx, 5000.0, &all);

    // Service filter, and engineers only see their group's tickets.
    let ctx = context(
        &s,
        "agent",
        &format!("{q}&radius_m=5000&service_code={}", mine.service_code),
    )
    .await;
    assert!(ctx
        .nearby_tickets
        .iter()
        .all(|n| n.ticket.service_code == mine.service_code));
    let ctx = context(&s, "engineer", &format!("{q}&radius_m=5000")).await;
    assert!(ctx
        .nearby_tickets
        .iter()
        .all(|n| n.ticket.agency_responsible == "line2-network"));
    assert_eq!(ctx.incidents.len(), 1);
    let ctx = context(&s, "manager", &q).await;
    assert!(!ctx.nearby_tickets.is_empty());
}

#[tokio::test]
async fn location_context_names_bad_parameters() {
    let s = common::start().await;
    for (query, field, code) in [
        ("long=44.0", "lat", "required"),
        ("lat=56.3", "long", "required"),
        ("lat=abc&long=44.0", "lat", "invalid"),
        ("lat=95&long=44.0", "lat", "out_of_range"),
        ("lat=NaN&long=44.0", "lat", "out_of_range"),
        ("lat=56.3&long=181", "long", "out_of_range"),
        ("lat=56.3&long=44.0&radius_m=5", "radius_m", "out_of_range"),
        (
            "lat=56.3&long=44.0&radius_m=5001",
            "radius_m",
            "out_of_range",
        ),
        (
            "lat=56.3&long=44.0&radius_m=inf",
            "radius_m",
            "out_of_range",
        ),
        ("lat=56.3&long=44.0&radius_m=far", "radius_m", "invalid"),
    ] {
        let r = s
            .get(&format!("/location/context?{query}"), Some("agent"))
            .await;
        let e = r.assert_field_error(400, "bad_request", field);
        assert_eq!(e.fields[0].code, code, "{query}: {}", r.text);
    }
    let ctx = context(&s, "agent", "lat=0&long=0&radius_m=10").await;
    assert!(ctx.incidents.is_empty() && ctx.spots.is_empty() && ctx.nearby_tickets.is_empty());
}

#[tokio::test]
async fn search_text_combines_with_the_other_filters() {
    let s = common::start().await;
    let cat = s.catalogue();
    let mut body = common::valid_ticket(&cat);
    body["description"] = json!("Quokka marker ticket");
    body["customer_phone"] = json!("+7 (901) 555-12-34");
    let a = s.create_ticket("agent", "q-a", &body).await.ticket();
    let b = s
        .create_ticket("agent", "q-b2", &{
            let mut x = body.clone();
            x["description"] = json!("Another quokka marker");
            x
        })
        .await
        .ticket();
    patch_ok(&s, "agent", &b, json!({"status": "in_work"})).await;

    let ids = |r: Resp| -> Vec<i64> {
        r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect()
    };
    let mut both = ids(s.get("/tickets?q=QUOKKA", Some("admin")).await);
    both.sort();
    assert_eq!(both, vec![a.id.0, b.id.0]);
    assert_eq!(
        ids(s
            .get("/tickets?q=quokka&status=in_work", Some("admin"))
            .await),
        vec![b.id.0]
    );
    assert_eq!(
        ids(s.get("/tickets?q=quokka&status=new", Some("admin")).await),
        vec![a.id.0]
    );
    // Fresh tickets are not overdue.
    assert!(ids(s.get("/tickets?q=quokka&overdue=true", Some("admin")).await).is_empty());
    assert_eq!(
        ids(s
            .get("/tickets?q=quokka&overdue=false&status=new", Some("admin"))
            .await),
        vec![a.id.0]
    );
    assert!(ids(s
        .get("/tickets?q=quokka&line=3&group=nope", Some("admin"))
        .await)
    .is_empty());
    // A phone number as typed finds the stored E.164 form.
    let by_phone = ids(s.get("/tickets?q=901%20555-12", Some("admin")).await);
    assert!(
        by_phone.contains(&a.id.0) && by_phone.contains(&b.id.0),
        "{by_phone:?}"
    );

    // Overdue means open and past the deadline now.
    sqlx::query(
        "UPDATE tickets SET expected_datetime = '2000-01-01T00:00:00.000000Z' WHERE id IN ($1, $2)",
    )
    .bind(a.id.0)
    .bind(b.id.0)
    .execute(&s.state.db)
    .await
    .unwrap();
    let mut overdue = ids(s.get("/tickets?q=quokka&overdue=true", Some("admin")).await);
    overdue.sort();
    assert_eq!(overdue, vec![a.id.0, b.id.0]);
    let b2 = s
        .get(&format!("/tickets/{}", b.id), Some("admin"))
        .await
        .ticket();
    patch_ok(&s, "agent", &b2, json!({"status": "resolved"})).await;
    assert_eq!(
        ids(s.get("/tickets?q=quokka&overdue=true", Some("admin")).await),
        vec![a.id.0]
    );
}
