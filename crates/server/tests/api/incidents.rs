//! Mass incidents: lifecycle, bulk linking, resolution with notifications, "still not
//! working", escalations on the test clock, and burst proposals.

use crate::common;

use common::{Resp, TestServer};
use reqwest::Method;
use serde_json::{json, Value};
use spotdesk_api::{
    EscalationRule, Incident, IncidentProposal, IncidentStatus, StillBrokenOutcome, Ticket,
    TicketStatus,
};
use spotdesk_core::geo::circle_polygon;

/// Where the tests' tickets are.
fn place() -> (f64, f64) {
    let a = spotdesk_demo::gazetteer().addresses().nth(3).unwrap();
    (a.lat, a.long)
}

/// Registers an incident as the coordinator.
async fn register(s: &TestServer, key: &str, body: Value) -> Incident {
    let r = s
        .send(
            s.req(Method::POST, "/incidents", Some("coordinator"))
                .header("Idempotency-Key", key)
                .json(&body),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    serde_json::from_str(&r.text).unwrap()
}

/// An incident over 500 m around [`place`] with an owner.
async fn incident_here(s: &TestServer, key: &str) -> Incident {
    let (lat, long) = place();
    let group = s.catalogue().groups[0].code.clone();
    register(
        s,
        key,
        json!({"title": "Outage", "area": circle_polygon(lat, long, 500.0, 24), "owner_group": group}),
    )
    .await
}

/// A ticket at [`place`] (plus a small shift) from `phone`.
async fn ticket(s: &TestServer, key: &str, phone: &str, shift: f64) -> Ticket {
    let (lat, long) = place();
    let mut body = common::valid_ticket(&s.catalogue());
    body["lat"] = json!(lat + shift);
    body["long"] = json!(long + shift);
    body["customer_phone"] = json!(phone);
    let r = s.create_ticket("agent", key, &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.ticket()
}

async fn get_incident(s: &TestServer, id: i64) -> Incident {
    let r = s
        .get(&format!("/incidents/{id}"), Some("coordinator"))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    serde_json::from_str(&r.text).unwrap()
}

async fn patch(s: &TestServer, i: &Incident, body: Value) -> Resp {
    s.patch(
        &format!("/incidents/{}", i.id),
        "coordinator",
        Some(&format!("\"{}\"", i.version)),
        &body,
    )
    .await
}

async fn set_status(s: &TestServer, i: &Incident, status: &str) -> Incident {
    let r = patch(s, i, json!({ "status": status })).await;
    assert_eq!(r.status, 200, "{status}: {}", r.text);
    serde_json::from_str(&r.text).unwrap()
}

async fn link(s: &TestServer, user: &str, id: i64, ids: &[i64]) -> Resp {
    s.send(
        s.req(
            Method::POST,
            &format!("/incidents/{id}/tickets"),
            Some(user),
        )
        .json(&json!({ "ticket_ids": ids })),
    )
    .await
}

async fn outbox_count(s: &TestServer, kind: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM notification_outbox WHERE kind = $1")
        .bind(kind)
        .fetch_one(&s.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn lifecycle_follows_the_documented_path_and_refuses_shortcuts() {
    let s = common::start().await;
    let i = incident_here(&s, "life").await;
    assert_eq!(i.status, IncidentStatus::Registered);

    // The same answer as tickets and spots: one field error naming the allowed moves.
    let r = patch(&s, &i, json!({"status": "confirmed"})).await;
    let e = r.assert_field_error(422, "validation_failed", "status");
    assert_eq!(e.fields.len(), 1);
    assert_eq!(e.fields[0].code, "invalid_transition");
    assert_eq!(
        e.fields[0].message,
        "cannot go from registered to confirmed; allowed next: diagnosis, in_work, resolved"
    );

    let i = set_status(&s, &i, "diagnosis").await;
    assert_eq!(i.status_since, Some(i.updated_at));
    let i = set_status(&s, &i, "in_work").await;
    let i = set_status(&s, &i, "resolved").await;
    assert!(i.resolved_at.is_some());
    let r = patch(&s, &i, json!({"status": "in_work"})).await;
    let e = r.assert_field_error(422, "validation_failed", "status");
    assert_eq!(e.fields[0].code, "invalid_transition");
    assert!(e.fields[0]
        .message
        .ends_with("allowed next: confirmed, reopened"));
    let i = set_status(&s, &i, "confirmed").await;
    assert!(!i.status.is_active());
    let i = set_status(&s, &i, "reopened").await;
    assert!(i.resolved_at.is_none());
    let i = set_status(&s, &i, "in_work").await;
    assert_eq!(i.status, IncidentStatus::InWork);
}

#[tokio::test]
async fn suggestions_bulk_link_and_resolution_notify_each_customer_once() {
    let s = common::start().await;
    let i = incident_here(&s, "bulk").await;
    let a = ticket(&s, "a", "+7 912 000-00-01", 0.0).await;
    let b = ticket(&s, "b", "+7 912 000-00-02", 0.0005).await;
    // The same customer calling twice is notified once.
    let c = ticket(&s, "c", "+7 912 000-00-01", -0.0005).await;
    let far = ticket(&s, "far", "+7 912 000-00-03", 0.2).await;

    let r = s
        .get(
            &format!("/incidents/{}/suggestions", i.id),
            Some("coordinator"),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let suggested: Vec<Ticket> = serde_json::from_str(&r.text).unwrap();
    let ids: Vec<i64> = suggested.iter().map(|t| t.id.0).collect();
    for t in [&a, &b, &c] {
        assert!(ids.contains(&t.id.0), "{} not suggested in {ids:?}", t.id);
    }
    assert!(
        !ids.contains(&far.id.0),
        "a ticket outside the area was suggested"
    );

    link(&s, "coordinator", i.id.0, &[a.id.0, 999_999])
        .await
        .assert_field_error(422, "validation_failed", "ticket_ids[1]");
    link(&s, "coordinator", i.id.0, &[])
        .await
        .assert_field_error(422, "validation_failed", "ticket_ids");
    // Engineers change only their own group's incidents.
    let r = link(&s, "engineer-billing", i.id.0, &[a.id.0]).await;
    assert_eq!(r.status, 403, "{}", r.text);
    assert_eq!(link(&s, "agent", i.id.0, &[a.id.0]).await.status, 403);

    let r = link(&s, "coordinator", i.id.0, &[a.id.0, b.id.0, c.id.0]).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let linked: Incident = serde_json::from_str(&r.text).unwrap();
    assert_eq!(linked.linked_tickets, 3);
    assert_eq!(linked.affected_linked, 2);
    // The area lies in the covered city: the coverage estimate is the larger figure.
    assert_eq!(linked.affected_customers, linked.affected_estimated.max(2));
    assert_eq!(linked.version, i.version + 1);
    let t: Ticket = s
        .get(&format!("/tickets/{}", a.id), Some("agent"))
        .await
        .ticket();
    assert_eq!(t.incident_id, Some(i.id));
    // Linked tickets are no longer suggested.
    let r = s
        .get(
            &format!("/incidents/{}/suggestions", i.id),
            Some("coordinator"),
        )
        .await;
    assert_eq!(r.body.as_array().unwrap().len(), 0, "{}", r.text);

    let before = outbox_count(&s, "fix_done").await;
    let r = patch(
        &s,
        &linked,
        json!({"status": "resolved", "resolution_note": "Cable repaired"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let resolved: Incident = serde_json::from_str(&r.text).unwrap();
    assert_eq!(resolved.notified_customers, 2);
    assert_eq!(outbox_count(&s, "fix_done").await - before, 2);
    for t in [&a, &b, &c] {
        let t = s
            .get(&format!("/tickets/{}", t.id), Some("agent"))
            .await
            .ticket();
        assert_eq!(t.status, TicketStatus::Resolved);
        assert_eq!(t.status_notes.as_deref(), Some("Cable repaired"));
    }
    let history = s
        .get(&format!("/tickets/{}/history", a.id), Some("agent"))
        .await;
    assert!(history.text.contains("resolved"), "{}", history.text);
}

#[tokio::test]
async fn still_broken_reopens_the_ticket_and_past_the_threshold_the_incident() {
    let s = common::start().await;
    let i = incident_here(&s, "sb").await;
    let a = ticket(&s, "a", "+7 912 000-00-11", 0.0).await;
    let b = ticket(&s, "b", "+7 912 000-00-12", 0.0).await;
    let c = ticket(&s, "c", "+7 912 000-00-13", 0.0).await;
    let other = ticket(&s, "o", "+7 912 000-00-14", 0.0).await;
    let r = link(&s, "coordinator", i.id.0, &[a.id.0, b.id.0, c.id.0]).await;
    let i: Incident = serde_json::from_str(&r.text).unwrap();
    let i = set_status(&s, &i, "in_work").await;
    let i = set_status(&s, &i, "resolved").await;

    let report = |t: i64| {
        s.send(
            s.req(
                Method::POST,
                &format!("/incidents/{}/still-broken", i.id),
                Some("agent"),
            )
            .json(&json!({ "ticket_id": t })),
        )
    };
    report(other.id.0)
        .await
        .assert_field_error(422, "validation_failed", "ticket_id");
    let (lat, long) = place();
    let clear = s
        .get(&format!("/public/status?lat={lat}&long={long}"), None)
        .await;
    assert!(
        clear.body["problems"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["state"] != "reported again"),
        "nobody reported it again yet: {}",
        clear.text
    );

    let r = report(a.id.0).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let out: StillBrokenOutcome = serde_json::from_str(&r.text).unwrap();
    assert_eq!(out.ticket.status, TicketStatus::Reopened);
    assert!(
        !out.incident_reopened,
        "one of three is below the threshold"
    );
    assert_eq!(out.incident.status, IncidentStatus::Resolved);
    assert_eq!(out.incident.still_broken_reports, 1);

    // The public answer at the place is not "all clear": reported again, being checked.
    let (lat, long) = place();
    let status = s
        .get(&format!("/public/status?lat={lat}&long={long}"), None)
        .await;
    assert_eq!(status.status, 200, "{}", status.text);
    assert_eq!(
        status.body["problems"][0]["state"], "reported again",
        "{}",
        status.text
    );
    // The reopened complaints of the incident, as its card lists them.
    let reopened = s
        .get(
            &format!("/tickets?incident_id={}&status=reopened", i.id),
            Some("coordinator"),
        )
        .await;
    let ids: Vec<i64> = reopened.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![a.id.0]);

    // The same customer again does not count twice.
    let out: StillBrokenOutcome = serde_json::from_str(&report(a.id.0).await.text).unwrap();
    assert!(!out.incident_reopened);

    let out: StillBrokenOutcome = serde_json::from_str(&report(b.id.0).await.text).unwrap();
    assert!(out.incident_reopened);
    assert_eq!(out.incident.status, IncidentStatus::Reopened);
    assert_eq!(
        get_incident(&s, i.id.0).await.status,
        IncidentStatus::Reopened
    );
}

#[tokio::test]
async fn escalations_fire_per_rule_on_the_test_clock_and_notify_the_next_level() {
    let s = common::start_with(|c| c.test_clock = true).await;
    let (lat, long) = place();
    let i = register(
        &s,
        "esc",
        json!({"title": "No owner", "area": circle_polygon(lat, long, 300.0, 12)}),
    )
    .await;
    let rules: Vec<EscalationRule> = i.escalations.iter().map(|e| e.rule).collect();
    assert_eq!(
        rules,
        vec![EscalationRule::NotTakenIntoWork, EscalationRule::NoOwner]
    );
    assert!(i.escalations.iter().all(|e| e.level == 0));
    let no_owner = &i.escalations[1];
    assert_eq!(
        no_owner.deadline,
        i.registered_at + chrono::Duration::minutes(15)
    );

    let clock = |offset: i64| {
        s.send(
            s.req(Method::POST, "/test/clock", Some("admin"))
                .json(&json!({ "offset_seconds": offset })),
        )
    };
    assert_eq!(clock(60).await.status, 200);
    assert_eq!(outbox_count(&s, "escalation").await, 0, "nothing due yet");

    // 20 minutes later: "no owner" fires level 1, "not taken into work" not yet.
    let r = clock(20 * 60).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(outbox_count(&s, "escalation").await, 1);
    let now = get_incident(&s, i.id.0).await;
    let level = |i: &Incident, rule| i.escalations.iter().find(|e| e.rule == rule).unwrap().level;
    assert_eq!(level(&now, EscalationRule::NoOwner), 1);
    assert_eq!(level(&now, EscalationRule::NotTakenIntoWork), 0);
    let recipient: String =
        sqlx::query_scalar("SELECT recipient FROM notification_outbox WHERE kind = 'escalation'")
            .fetch_one(&s.state.db)
            .await
            .unwrap();
    assert!(recipient.starts_with("shift-lead"), "{recipient}");

    // Re-evaluating at the same time fires nothing new.
    clock(20 * 60).await;
    assert_eq!(outbox_count(&s, "escalation").await, 1);

    // 90 minutes: no owner at level 2, not taken into work at level 2 (30 min + 60).
    clock(90 * 60).await;
    let now = get_incident(&s, i.id.0).await;
    assert_eq!(level(&now, EscalationRule::NoOwner), 2);
    assert_eq!(level(&now, EscalationRule::NotTakenIntoWork), 2);
    assert_eq!(outbox_count(&s, "escalation").await, 4);

    // Taking it into work with an owner ends both timers.
    let group = s.catalogue().groups[0].code.clone();
    let r = patch(&s, &now, json!({"status": "in_work", "owner_group": group})).await;
    let now: Incident = serde_json::from_str(&r.text).unwrap();
    assert!(now.escalations.is_empty(), "{:?}", now.escalations);

    // Non-admins may not move the clock; an out-of-range offset is refused.
    let r = s
        .send(
            s.req(Method::POST, "/test/clock", Some("coordinator"))
                .json(&json!({ "offset_seconds": 0 })),
        )
        .await;
    assert_eq!(r.status, 403);
    clock(-5)
        .await
        .assert_field_error(422, "validation_failed", "offset_seconds");
}

#[tokio::test]
async fn escalations_follow_the_catalogue_timings_and_notify_each_level() {
    use spotdesk_api::{EscalationLevel, EscalationSettings, EscalationTiming};
    let s = common::start_with(|c| c.test_clock = true).await;
    let mut cat = s.catalogue();
    cat.escalation = EscalationSettings {
        timings: vec![EscalationTiming {
            rule: EscalationRule::NoOwner,
            after_minutes: 5,
        }],
        levels: vec![
            EscalationLevel {
                level: 1,
                after_minutes: 0,
                notify: "night-lead".into(),
            },
            EscalationLevel {
                level: 2,
                after_minutes: 10,
                notify: "ops-director".into(),
            },
        ],
    };
    spotdesk_server::store::catalogue::store(&s.state.db, &cat, s.state.clock.now())
        .await
        .unwrap();
    s.state.set_catalogue(cat);
    let (lat, long) = place();
    let i = register(
        &s,
        "esc-settings",
        json!({"title": "No owner", "area": circle_polygon(lat, long, 300.0, 12)}),
    )
    .await;
    let no_owner = i
        .escalations
        .iter()
        .find(|e| e.rule == EscalationRule::NoOwner)
        .unwrap();
    assert_eq!(
        no_owner.deadline,
        i.registered_at + chrono::Duration::minutes(5)
    );
    assert_eq!(
        no_owner.next_at,
        Some(i.registered_at + chrono::Duration::minutes(5))
    );
    let clock = |offset: i64| {
        s.send(
            s.req(Method::POST, "/test/clock", Some("admin"))
                .json(&json!({ "offset_seconds": offset })),
        )
    };
    let recipients = || async {
        let rows: Vec<String> = sqlx::query_scalar(
            "SELECT recipient FROM notification_outbox WHERE kind = 'escalation' ORDER BY id",
        )
        .fetch_all(&s.state.db)
        .await
        .unwrap();
        rows
    };
    // 6 minutes: "no owner" at level 1 (its own 5 minutes), nothing else yet.
    assert_eq!(clock(6 * 60).await.status, 200);
    let got = recipients().await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].starts_with("night-lead"), "{got:?}");
    // 16 minutes: level 2, ten minutes after the deadline, to its own recipient; the ladder
    // has no third level.
    assert_eq!(clock(16 * 60).await.status, 200);
    let now = get_incident(&s, i.id.0).await;
    let timer = now
        .escalations
        .iter()
        .find(|e| e.rule == EscalationRule::NoOwner)
        .unwrap();
    assert_eq!((timer.level, timer.next_at), (2, None));
    let got = recipients().await;
    assert!(
        got.iter().filter(|r| r.starts_with("ops-director")).count() == 1,
        "{got:?}"
    );
}

#[tokio::test]
async fn the_test_clock_does_not_exist_by_default() {
    let s = common::start().await;
    let r = s
        .send(
            s.req(Method::POST, "/test/clock", Some("admin"))
                .json(&json!({ "offset_seconds": 3600 })),
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.text);
    assert_eq!(s.get("/test/clock", Some("admin")).await.status, 404);
}

/// Eight customers complaining at one place within minutes.
async fn burst(s: &TestServer, batch: u32, shift: f64) -> Vec<i64> {
    let mut ids = Vec::new();
    for n in 0..8 {
        let t = ticket(
            s,
            &format!("burst{batch}-{n}"),
            &format!("+7 913 {batch:03}-00-{n:02}"),
            shift,
        )
        .await;
        ids.push(t.id.0);
    }
    ids
}

async fn proposals(s: &TestServer, user: &str) -> Vec<IncidentProposal> {
    let r = s.get("/incidents/proposals", Some(user)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    serde_json::from_str(&r.text).unwrap()
}

#[tokio::test]
async fn bursts_become_proposals_that_are_accepted_or_dismissed_for_everyone() {
    let s = common::start().await;
    assert!(proposals(&s, "coordinator").await.is_empty());
    assert_eq!(
        s.get("/incidents/proposals", Some("agent")).await.status,
        403
    );

    let first = burst(&s, 1, 0.0).await;
    let list = proposals(&s, "coordinator").await;
    assert_eq!(list.len(), 1, "{list:?}");
    let p = &list[0];
    assert_eq!(p.customers, 8);
    assert!(first.iter().all(|t| p.ticket_ids.iter().any(|x| x.0 == *t)));

    // Dismissed by one coordinator, gone for the administrator too.
    let r = s
        .send(s.req(
            Method::POST,
            &format!("/incidents/proposals/{}/dismiss", p.key),
            Some("coordinator"),
        ))
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    assert!(proposals(&s, "admin").await.is_empty());

    // A second burst 3 km away is accepted: an incident with its tickets linked.
    let second = burst(&s, 2, 0.03).await;
    let list = proposals(&s, "admin").await;
    assert_eq!(list.len(), 1, "{list:?}");
    let key = list[0].key.clone();
    let accept = || {
        s.send(
            s.req(
                Method::POST,
                &format!("/incidents/proposals/{key}/accept"),
                Some("coordinator"),
            )
            .json(&json!({})),
        )
    };
    let r = accept().await;
    assert_eq!(r.status, 201, "{}", r.text);
    let i: Incident = serde_json::from_str(&r.text).unwrap();
    assert_eq!(i.linked_tickets, 8);
    assert_eq!(i.affected_linked, 8);
    assert_eq!(i.affected_customers, i.affected_estimated.max(8));
    assert_eq!(i.proposal_key.as_deref(), Some(key.as_str()));
    let t: Ticket = s
        .get(&format!("/tickets/{}", second[0]), Some("agent"))
        .await
        .ticket();
    assert_eq!(t.incident_id, Some(i.id));
    assert!(proposals(&s, "coordinator").await.is_empty());
    // Accepting twice answers the same incident.
    let again = accept().await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.body["id"], json!(i.id.0));
    // Unknown proposals are 404.
    let r = s
        .send(
            s.req(
                Method::POST,
                "/incidents/proposals/nope/accept",
                Some("coordinator"),
            )
            .json(&json!({})),
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.text);
}

#[tokio::test]
async fn burst_proposals_follow_the_catalogue_detection_settings() {
    let s = common::start().await;
    let mut cat = s.catalogue();
    // Eight customers are too few once a proposal needs nine.
    cat.detection.burst_min_customers = 9;
    spotdesk_server::store::catalogue::store(&s.state.db, &cat, s.state.clock.now())
        .await
        .unwrap();
    s.state.set_catalogue(cat.clone());
    burst(&s, 3, 0.0).await;
    assert!(proposals(&s, "coordinator").await.is_empty());
    cat.detection.burst_min_customers = 8;
    spotdesk_server::store::catalogue::store(&s.state.db, &cat, s.state.clock.now())
        .await
        .unwrap();
    s.state.set_catalogue(cat);
    let list = proposals(&s, "coordinator").await;
    assert_eq!(list.len(), 1, "{list:?}");
}
