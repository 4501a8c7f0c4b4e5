//! The SSE change stream: live events and replay after `Last-Event-ID`.

use crate::common;

use common::sse::Stream;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn changes_stream_live_and_replay_after_reconnect() {
    let s = common::start().await;
    let body = common::valid_ticket(&s.catalogue());
    let mut live = Stream::open(s.req(Method::GET, "/events", Some("agent"))).await;

    let t = s.create_ticket("agent", "ev-1", &body).await.ticket();
    let (id1, data) = live.next_change().await;
    assert_eq!(data["entity"], "ticket");
    assert_eq!(data["action"], "created");
    assert_eq!(data["id"], t.id.0);
    assert_eq!(data["seq"], id1);
    drop(live);

    // While disconnected: an update and another ticket.
    let r = s
        .patch(
            &format!("/tickets/{}", t.id),
            "agent",
            Some("\"1\""),
            &json!({"status_notes": "called back"}),
        )
        .await;
    assert_eq!(r.status, 200);
    let t2 = s.create_ticket("agent", "ev-1", &body).await;
    assert_eq!(
        t2.status, 200,
        "same key and body replays, no new event: {}",
        t2.text
    );
    let mut other = body.clone();
    other["description"] = json!("second ticket");
    let t3 = s.create_ticket("agent", "ev-3", &other).await.ticket();

    // Reconnect with Last-Event-ID (header) ...
    let mut replay = Stream::open(
        s.req(Method::GET, "/events", Some("agent"))
            .header("Last-Event-ID", id1.to_string()),
    )
    .await;
    let (id2, d2) = replay.next_change().await;
    assert!(id2 > id1);
    assert_eq!(
        (d2["id"].as_i64(), d2["action"].as_str()),
        (Some(t.id.0), Some("updated"))
    );
    let (id3, d3) = replay.next_change().await;
    assert!(id3 > id2);
    assert_eq!(
        (d3["id"].as_i64(), d3["action"].as_str()),
        (Some(t3.id.0), Some("created"))
    );

    // ... or with the query parameters EventSource can send: a single-use stream ticket.
    let ticket = s
        .send(s.req(Method::POST, "/events/stream-tickets", Some("agent")))
        .await;
    assert_eq!(ticket.status, 201, "{}", ticket.text);
    let ticket = ticket.body["ticket"].as_str().unwrap().to_owned();
    let url = s.url(&format!(
        "/events?last_event_id={id2}&stream_ticket={ticket}"
    ));
    let mut by_query = Stream::open(s.client.get(&url)).await;
    let (id, _) = by_query.next_change().await;
    assert_eq!(id, id3);

    // Then live events continue on the replayed stream.
    let inc = s
        .send(
            s.req(Method::POST, "/incidents", Some("coordinator"))
                .header("Idempotency-Key", "ev-i")
                .json(&json!({"title": "Outage"})),
        )
        .await;
    assert_eq!(inc.status, 201);
    let (id4, d4) = replay.next_change().await;
    assert!(id4 > id3);
    assert_eq!(d4["entity"], "incident");
}

/// The `rating_token` of the newest queued `fix_done` message on `channel`.
async fn rating_token(s: &common::TestServer, channel: &str) -> String {
    let payload: String = sqlx::query_scalar(
        "SELECT payload FROM notification_outbox WHERE kind = 'fix_done' AND channel = $1 \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(channel)
    .fetch_one(&s.state.db)
    .await
    .unwrap();
    let payload: Value = serde_json::from_str(&payload).unwrap();
    payload["rating_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_stored_rating_is_announced_and_carries_the_rated_ticket() {
    let s = common::start().await;
    // A complaint inside an incident's area, linked to it, and a public subscriber there too.
    let body = common::valid_ticket(&s.catalogue());
    let ticket = s.create_ticket("agent", "rate-ev-t", &body).await.ticket();
    let (lat, long) = (ticket.lat, ticket.long);
    let ring = json!([
        [long - 0.01, lat - 0.01],
        [long + 0.01, lat - 0.01],
        [long + 0.01, lat + 0.01],
        [long - 0.01, lat + 0.01]
    ]);
    let inc = s
        .send(
            s.req(Method::POST, "/incidents", Some("coordinator"))
                .header("Idempotency-Key", "rate-ev-i")
                .json(&json!({"title": "Rated outage", "area": {"ring": ring}})),
        )
        .await;
    assert_eq!(inc.status, 201, "{}", inc.text);
    let incident = inc.body["id"].as_i64().unwrap();
    let r = s
        .send(
            s.req(
                Method::POST,
                &format!("/incidents/{incident}/tickets"),
                Some("coordinator"),
            )
            .json(&json!({ "ticket_ids": [ticket.id.0] })),
        )
        .await;
    assert!(r.status < 300, "{}", r.text);
    let sub = s
        .send(
            s.req(Method::POST, "/public/subscriptions", None)
                .json(&json!({"contact": "neighbour@example.org", "lat": lat, "long": long})),
        )
        .await;
    assert_eq!(sub.status, 201, "{}", sub.text);
    s.resolve_incident(incident).await;
    let complainant = rating_token(&s, "sms").await;
    let subscriber = rating_token(&s, "subscription").await;

    // A dashboard's stream, from now on.
    let last: i64 = sqlx::query_scalar("SELECT MAX(seq) FROM events")
        .fetch_one(&s.state.db)
        .await
        .unwrap();
    let mut live = Stream::open(
        s.req(Method::GET, "/events", Some("manager"))
            .header("Last-Event-ID", last.to_string()),
    )
    .await;

    // Each stored rating is announced at once as a change of what was fixed.
    for (token, score) in [(&complainant, 5), (&subscriber, 2)] {
        let r = s
            .send(
                s.req(Method::POST, &format!("/public/ratings/{token}"), None)
                    .json(&json!({ "score": score })),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        let (seq, change) = live.next_change().await;
        assert!(seq > last);
        assert_eq!(change["entity"], "incident", "{change}");
        assert_eq!(change["id"], incident);
        assert_eq!(change["action"], "updated");
    }
    // A second rating with the same link is refused and announces nothing: the next change
    // on the stream is the ticket created after it.
    let again = s
        .send(
            s.req(
                Method::POST,
                &format!("/public/ratings/{complainant}"),
                None,
            )
            .json(&json!({ "score": 1 })),
        )
        .await;
    again.assert_error(409, "already_rated");
    let mut other = body.clone();
    other["description"] = json!("after the ratings");
    let later = s
        .create_ticket("agent", "rate-ev-t2", &other)
        .await
        .ticket();
    let (_, change) = live.next_change().await;
    assert_eq!(
        (change["entity"].as_str(), change["id"].as_i64()),
        (Some("ticket"), Some(later.id.0))
    );

    // The summary tells which ticket (service, group, line) the complainant's rating is
    // about; the subscriber's has no ticket.
    let sum = s.get("/ratings", Some("manager")).await;
    assert_eq!(sum.status, 200, "{}", sum.text);
    let recent = sum.body["recent"].as_array().unwrap();
    let by_score = |n: i64| recent.iter().find(|r| r["score"] == n).unwrap();
    let rated = by_score(5);
    assert_eq!(rated["ticket_id"], ticket.id.0);
    assert_eq!(rated["service_code"], json!(ticket.service_code));
    assert_eq!(rated["group"], json!(ticket.agency_responsible));
    assert_eq!(rated["line"], json!(ticket.line));
    let anonymous = by_score(2);
    assert_eq!(anonymous["source"], "incident");
    for key in ["ticket_id", "service_code", "group", "line"] {
        assert!(anonymous.get(key).is_none(), "{anonymous}");
    }

    // A rating of a fixed ticket without an invitation row (as the demo's past has them) is
    // about that ticket.
    sqlx::query(
        "INSERT INTO fix_ratings (token_hash, source, source_id, score, comment, rated_at) \
         VALUES ('no-invitation', 'ticket', $1, 3, NULL, $2)",
    )
    .bind(later.id.0)
    .bind(spotdesk_server::db::ts(s.state.clock.now()))
    .execute(&s.state.db)
    .await
    .unwrap();
    let sum = s.get("/ratings", Some("manager")).await;
    let recent = sum.body["recent"].as_array().unwrap();
    let of_ticket = recent.iter().find(|r| r["score"] == 3).unwrap();
    assert_eq!(of_ticket["source"], "ticket");
    assert_eq!(of_ticket["ticket_id"], later.id.0);
    assert_eq!(of_ticket["service_code"], json!(later.service_code));
    assert_eq!(of_ticket["line"], json!(later.line));
}
