//! Ticket comments: listing, idempotent replay, validation, roles and groups.

use crate::common;

use common::desk::*;
use reqwest::Method;
use serde_json::json;
use spotdesk_api::Comment;

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
