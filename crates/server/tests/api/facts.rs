//! `GET /tickets/facts`: the binary bulk download decodes to what the JSON API says.

use crate::common;

use reqwest::Method;
use serde_json::json;
use spotdesk_api::facts::{TicketFacts, TICKET_FACTS_MEDIA_TYPE};
use spotdesk_api::{Incident, Ticket};
use spotdesk_core::complaint::customer_hash;
use spotdesk_core::geo::circle_polygon;

async fn facts(s: &common::TestServer, user: &str, query: &str) -> TicketFacts {
    let res = s
        .req(Method::GET, &format!("/tickets/facts{query}"), Some(user))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers().get("content-type").unwrap(),
        TICKET_FACTS_MEDIA_TYPE
    );
    TicketFacts::decode(&res.bytes().await.unwrap()).unwrap()
}

async fn create(s: &common::TestServer, key: &str, extra: serde_json::Value) -> Ticket {
    let mut body = common::valid_ticket(&s.catalogue());
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let r = s.create_ticket("agent", key, &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.ticket()
}

#[tokio::test]
async fn facts_mirror_the_tickets_including_transfers_and_known_problems() {
    let s = common::start().await;
    let plain = create(&s, "f-1", json!({})).await;
    let area = circle_polygon(plain.lat, plain.long, 500.0, 16);
    let r = s
        .send(
            s.req(Method::POST, "/incidents", Some("coordinator"))
                .header("Idempotency-Key", "f-inc")
                .json(&json!({ "title": "Outage", "area": area })),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let incident: Incident = serde_json::from_str(&r.text).unwrap();
    let known = create(&s, "f-2", json!({ "incident_id": incident.id })).await;

    // Pass the plain ticket to a group of another line: a transfer.
    let cat = s.catalogue();
    let other = cat.groups.iter().find(|g| g.line != plain.line).unwrap();
    let r = s
        .patch(
            &format!("/tickets/{}", plain.id),
            "agent",
            Some("\"1\""),
            &json!({ "agency_responsible": other.code }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let moved = r.ticket();

    let f = facts(&s, "manager", "").await;
    let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM tickets")
        .fetch_one(&s.state.db)
        .await
        .unwrap();
    assert_eq!(f.len() as i64, total);
    assert!(f.created.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    let row = |id: i64| {
        let i = f.id.iter().position(|&x| i64::from(x) == id).unwrap();
        f.row(i).unwrap()
    };
    let a = row(moved.id.0);
    assert_eq!(a.created, moved.created_at.timestamp());
    assert_eq!(a.deadline, moved.expected_datetime.timestamp());
    assert_eq!(a.group, moved.agency_responsible);
    assert_eq!(
        (a.line, a.status, a.kind),
        (moved.line, moved.status, moved.kind)
    );
    assert_eq!(a.customer, customer_hash(&moved.customer_phone));
    assert!((f64::from(a.lat) - moved.lat).abs() < 1e-4);
    assert!(a.transferred && !a.known_problem);
    assert_eq!(a.resolved, None);

    let b = row(known.id.0);
    assert!(!b.transferred && b.known_problem);
    assert_eq!(b.incident, Some(u32::try_from(incident.id.0).unwrap()));
}

#[tokio::test]
async fn facts_follow_the_period_and_the_engineers_group() {
    let s = common::start().await;
    let t = create(&s, "p-1", json!({})).await;
    let from = (t.created_at - chrono::Duration::minutes(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let to = (t.created_at + chrono::Duration::minutes(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let window = facts(&s, "agent", &format!("?from={from}&to={to}")).await;
    assert!(window.id.iter().any(|&id| i64::from(id) == t.id.0));
    let (lo, hi) = (t.created_at.timestamp() - 60, t.created_at.timestamp() + 60);
    assert!(window.created.iter().all(|&c| (lo..hi).contains(&c)));
    assert_eq!(facts(&s, "agent", &format!("?from={to}")).await.len(), 0);

    // Engineers see only their group's tickets, as in GET /tickets.
    let group: String =
        sqlx::query_scalar("SELECT group_code FROM users WHERE username = 'engineer'")
            .fetch_one(&s.state.db)
            .await
            .unwrap();
    let theirs: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM tickets WHERE agency_responsible = $1")
            .bind(&group)
            .fetch_one(&s.state.db)
            .await
            .unwrap();
    let f = facts(&s, "engineer", "").await;
    assert!(
        theirs > 0,
        "the demo data gives the engineer's group tickets"
    );
    assert_eq!(f.len() as i64, theirs);
    assert!(f.group.iter().all(|&g| f.groups[usize::from(g)] == group));
}

#[tokio::test]
async fn bad_periods_and_anonymous_callers_get_error_bodies() {
    let s = common::start().await;
    let r = s
        .get(
            "/tickets/facts?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
            Some("agent"),
        )
        .await;
    r.assert_field_error(400, "bad_request", "to");
    let r = s.get("/tickets/facts?from=yesterday", Some("agent")).await;
    assert_eq!(r.status, 400, "{}", r.text);
    s.get("/tickets/facts", None)
        .await
        .assert_error(401, "unauthenticated");
}
