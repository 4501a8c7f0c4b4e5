//! Moving a ticket: links to incidents and spots, status transitions, reassignment.

use crate::common;

use common::desk::*;
use reqwest::Method;
use serde_json::{json, Value};
use spotdesk_api::TicketStatus;
use spotdesk_core::geo::circle_polygon;

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
