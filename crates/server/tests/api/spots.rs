//! Spots over real HTTP and SQLite: one spot per candidate, distinct customers, routing by
//! topic, forward-only status, group rights, and one outbox message per complainant.

use crate::common;

use reqwest::Method;
use serde_json::{json, Value};
use spotdesk_api::{OutboxMessage, Spot, Ticket};
use spotdesk_core::geo::circle_polygon;

/// A ticket at the test address from the given customer phone.
async fn complaint(s: &common::TestServer, key: &str, phone: &str) -> Ticket {
    let mut body = common::valid_ticket(&s.catalogue());
    body["customer_phone"] = json!(phone);
    let r = s.create_ticket("agent", key, &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.ticket()
}

/// `POST /spots` as the coordinator.
async fn register(s: &common::TestServer, body: &Value) -> (u16, Spot) {
    let r = s
        .send(
            s.req(Method::POST, "/spots", Some("coordinator"))
                .json(body),
        )
        .await;
    assert!(r.status == 200 || r.status == 201, "{}", r.text);
    (r.status, serde_json::from_str(&r.text).unwrap())
}

fn candidate(key: &str, lat: f64, long: f64, topic: &str, tickets: &[&Ticket]) -> Value {
    json!({
        "key": key,
        "outline": circle_polygon(lat, long, 300.0, 12),
        "topic": topic,
        "technology": "4g",
        "priority": 3.5,
        "ticket_ids": tickets.iter().map(|t| t.id).collect::<Vec<_>>(),
    })
}

async fn outbox(s: &common::TestServer, spot: i64) -> Vec<OutboxMessage> {
    let r = s
        .get(
            &format!("/admin/outbox?source=spot&source_id={spot}"),
            Some("admin"),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(!r.text.contains("rating_token"), "tokens stay secret");
    serde_json::from_str(&r.text).unwrap()
}

#[tokio::test]
async fn a_candidate_registered_twice_is_one_spot_counting_distinct_customers() {
    let s = common::start().await;
    let a = complaint(&s, "s-a", "+7 912 000-00-01").await;
    let a2 = complaint(&s, "s-a2", "+7 912 000-00-01").await;
    let b = complaint(&s, "s-b", "+7 912 000-00-02").await;
    let c = complaint(&s, "s-c", "+7 912 000-00-03").await;
    let (lat, long) = (a.lat, a.long);

    let (status, first) = register(
        &s,
        &candidate("k1", lat, long, "weak-signal", &[&a, &a2, &b]),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(
        first.complaints, 2,
        "the same customer twice is one complaint"
    );
    assert_eq!(
        first.group.as_deref(),
        Some("line3-infrastructure"),
        "radio topic"
    );

    // The same key again (another client): the same spot.
    let (status, again) = register(&s, &candidate("k1", lat, long, "weak-signal", &[&a])).await;
    assert_eq!((status, again.id), (200, first.id));

    // Another key, overlapping outline, same topic: merged, with the new customer.
    let (status, merged) = register(
        &s,
        &candidate("k2", lat + 0.001, long, "weak-signal", &[&b, &c]),
    )
    .await;
    assert_eq!((status, merged.id), (200, first.id));
    assert_eq!(merged.complaints, 3);
    assert_eq!(merged.key, "k1");

    // Same place, another topic: a spot of its own, routed to network support.
    let (status, other) = register(&s, &candidate("k3", lat, long, "slow-data", &[&c])).await;
    assert_eq!(status, 201);
    assert_ne!(other.id, first.id);
    assert_eq!(other.group.as_deref(), Some("line2-network"));

    // Far away, same topic: its own spot too.
    let (status, far) =
        register(&s, &candidate("k4", lat + 0.05, long, "weak-signal", &[&c])).await;
    assert_eq!(status, 201);
    assert_ne!(far.id, first.id);

    let r = s.get("/spots", Some("agent")).await;
    let list: Vec<Spot> = serde_json::from_str(&r.text).unwrap();
    assert_eq!(list.len(), 3);
}

#[tokio::test]
async fn two_clients_registering_at_once_get_one_spot() {
    let s = common::start().await;
    let a = complaint(&s, "c-a", "+7 912 000-00-11").await;
    let body = candidate("race", a.lat, a.long, "no-data", &[&a]);
    let send = || {
        s.send(
            s.req(Method::POST, "/spots", Some("coordinator"))
                .json(&body),
        )
    };
    let (r1, r2) = tokio::join!(send(), send());
    let mut statuses = [r1.status, r2.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 201], "{} / {}", r1.text, r2.text);
    assert_eq!(r1.body["id"], r2.body["id"]);
}

#[tokio::test]
async fn status_moves_forward_in_the_groups_hands_and_resolving_notifies_each_complainant_once() {
    let s = common::start().await;
    let phones = [
        "+7 912 000-00-21",
        "+7 912 000-00-22",
        "+7 912 000-00-21",
        "+7 912 000-00-23",
    ];
    let mut tickets = Vec::new();
    for (i, p) in phones.iter().enumerate() {
        tickets.push(complaint(&s, &format!("r-{i}"), p).await);
    }
    let refs: Vec<&Ticket> = tickets.iter().collect();
    let (_, spot) = register(
        &s,
        &candidate("life", tickets[0].lat, tickets[0].long, "slow-data", &refs),
    )
    .await;
    assert_eq!(spot.group.as_deref(), Some("line2-network"));
    assert_eq!(spot.complaints, 3);
    let path = format!("/spots/{}", spot.id.0);

    // Another group's engineer and an agent may not touch it.
    s.patch(
        &path,
        "engineer-infra",
        Some("\"1\""),
        &json!({"status": "in_work"}),
    )
    .await
    .assert_error(403, "forbidden");
    s.patch(&path, "agent", Some("\"1\""), &json!({"status": "in_work"}))
        .await
        .assert_error(403, "forbidden");

    // Its own group's engineer works it.
    let r = s
        .patch(
            &path,
            "engineer",
            Some("\"1\""),
            &json!({"status": "in_work", "cause": "Sector antenna tilt", "expected_fix": "2030-01-15"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.header("etag"), Some("\"2\""));
    assert!(
        outbox(&s, spot.id.0).await.is_empty(),
        "nothing before resolution"
    );

    // Backwards is refused.
    let e = s
        .patch(
            &path,
            "engineer",
            Some("\"2\""),
            &json!({"status": "registered"}),
        )
        .await
        .assert_field_error(422, "validation_failed", "status");
    assert_eq!(e.fields[0].code, "invalid_transition");
    assert!(e.fields[0].message.contains("; allowed next: "));
    // A stale version is a conflict.
    s.patch(
        &path,
        "engineer",
        Some("\"1\""),
        &json!({"status": "resolved"}),
    )
    .await
    .assert_error(412, "version_conflict");

    let r = s
        .patch(
            &path,
            "engineer",
            Some("\"2\""),
            &json!({"status": "resolved", "public_note": {"en": "Fixed", "ru": "Исправлено"}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.body["resolved_at"].is_string());

    let msgs = outbox(&s, spot.id.0).await;
    let mut recipients: Vec<&str> = msgs.iter().map(|m| m.recipient.as_str()).collect();
    recipients.sort_unstable();
    let mut want: Vec<String> = tickets.iter().map(|t| t.customer_phone.clone()).collect();
    want.sort_unstable();
    want.dedup();
    assert_eq!(recipients, want, "one message per distinct complainant");
    assert!(msgs.iter().all(|m| m.kind == "fix_done"
        && m.source.as_deref() == Some("spot")
        && m.note.as_deref() == Some("Исправлено")));
    // The repeat caller is answered about their newest ticket.
    let repeat = msgs
        .iter()
        .find(|m| m.recipient == tickets[2].customer_phone)
        .unwrap();
    assert_eq!(repeat.ticket_id, Some(tickets[2].id.0));

    // Resolved is final; repeating "resolved" changes nothing and queues nothing.
    let e = s
        .patch(
            &path,
            "engineer",
            Some("\"3\""),
            &json!({"status": "in_work"}),
        )
        .await
        .assert_field_error(422, "validation_failed", "status");
    assert_eq!(e.fields[0].code, "invalid_transition");
    assert_eq!(
        e.fields[0].message,
        "cannot go from resolved to in_work; allowed next: none"
    );
    let r = s
        .patch(
            &path,
            "coordinator",
            Some("\"3\""),
            &json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(outbox(&s, spot.id.0).await.len(), want.len());
    // A registration after resolution is a new spot, not a reopened one.
    let (status, fresh) = register(
        &s,
        &candidate(
            "life-2",
            tickets[0].lat,
            tickets[0].long,
            "slow-data",
            &refs[..1],
        ),
    )
    .await;
    assert_eq!(status, 201);
    assert_ne!(fresh.id, spot.id);
}

#[tokio::test]
async fn the_outbox_is_for_coordinators_and_admins_and_checks_its_filters() {
    let s = common::start().await;
    s.get("/admin/outbox", Some("agent"))
        .await
        .assert_error(403, "forbidden");
    s.get("/admin/outbox", Some("engineer"))
        .await
        .assert_error(403, "forbidden");
    s.get("/admin/outbox", None)
        .await
        .assert_error(401, "unauthenticated");
    s.get("/admin/outbox?source=planet", Some("admin"))
        .await
        .assert_field_error(400, "bad_request", "source");
    s.get("/admin/outbox?limit=0", Some("coordinator"))
        .await
        .assert_field_error(400, "bad_request", "limit");
    s.get("/admin/outbox?source_id=abc", Some("coordinator"))
        .await
        .assert_error(400, "bad_request");
    let r = s
        .get(
            "/admin/outbox?source=incident&source_id=999",
            Some("coordinator"),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body, json!([]));
}

#[tokio::test]
async fn engineers_without_the_spots_group_are_refused_and_bad_transitions_name_the_field() {
    let s = common::start().await;
    let a = complaint(&s, "g-a", "+7 912 000-00-31").await;
    let (_, spot) = register(&s, &candidate("grp", a.lat, a.long, "call-drops", &[&a])).await;
    assert_eq!(spot.group.as_deref(), Some("line3-infrastructure"));
    let path = format!("/spots/{}", spot.id.0);
    s.patch(&path, "engineer", Some("\"1\""), &json!({"cause": "x"}))
        .await
        .assert_error(403, "forbidden");
    let r = s
        .patch(
            &path,
            "engineer-infra",
            Some("\"1\""),
            &json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(outbox(&s, spot.id.0).await.len(), 1);
}
