//! Live streams are as safe as the rest of the API: no token in a URL, a stream ends with
//! its session, and a reader learns only of changes to what they may see.

use crate::common;

use common::sse::Stream;
use common::TestServer;
use reqwest::Method;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// A fresh session of `user` (not the harness's own, which other steps keep using).
async fn fresh_token(s: &TestServer, user: &str) -> String {
    let r = s.login(user, "demo").await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["token"].as_str().unwrap().to_owned()
}

/// A stream opened with `Authorization: Bearer token`.
async fn stream_of(s: &TestServer, token: &str) -> Stream {
    Stream::open(s.client.get(s.url("/events")).bearer_auth(token)).await
}

/// Reads frames until the stream's `signed-out` event; panics after `secs` seconds or if the
/// stream ends without one. Returns how long it took.
async fn until_signed_out(stream: &mut Stream, secs: u64) -> Duration {
    let start = Instant::now();
    loop {
        let f = stream
            .next_frame(secs)
            .await
            .expect("the stream ended without a signed-out event");
        if f.event.as_deref() == Some("signed-out") {
            assert_eq!(f.data.unwrap()["reason"], "session_ended");
            // ... and then the stream closes.
            assert!(stream.next_frame(5).await.is_none(), "the stream went on");
            return start.elapsed();
        }
    }
}

#[tokio::test]
async fn a_stream_ends_within_seconds_of_its_session() {
    let s = common::start().await;

    // Logout on this server: at once.
    let token = fresh_token(&s, "coordinator").await;
    let mut stream = stream_of(&s, &token).await;
    let out = s
        .send(s.client.post(s.url("/auth/logout")).bearer_auth(&token))
        .await;
    assert_eq!(out.status, 204, "{}", out.text);
    let took = until_signed_out(&mut stream, 10).await;
    assert!(took < Duration::from_secs(3), "took {took:?}");

    // The session removed behind this process's back (another server's logout, a disabled
    // user, a changed password): within the sweep period.
    let token = fresh_token(&s, "coordinator").await;
    let mut stream = stream_of(&s, &token).await;
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(spotdesk_server::auth::hash_token(&token))
        .execute(&s.state.db)
        .await
        .unwrap();
    let took = until_signed_out(&mut stream, 10).await;
    assert!(took < Duration::from_secs(6), "took {took:?}");

    // Expiry: the stream ends when the session does, without any request.
    let token = fresh_token(&s, "coordinator").await;
    let soon = s.state.clock.now() + chrono::Duration::seconds(2);
    sqlx::query("UPDATE sessions SET expires_at = $1 WHERE token_hash = $2")
        .bind(spotdesk_server::db::ts(soon))
        .bind(spotdesk_server::auth::hash_token(&token))
        .execute(&s.state.db)
        .await
        .unwrap();
    let mut stream = stream_of(&s, &token).await;
    let took = until_signed_out(&mut stream, 10).await;
    assert!(took < Duration::from_secs(6), "took {took:?}");
    // The expired token opens nothing.
    let r = s
        .send(s.client.get(s.url("/events")).bearer_auth(&token))
        .await;
    r.assert_error(401, "unauthenticated");
}

#[tokio::test]
async fn no_token_rides_in_a_url() {
    let s = common::start().await;
    let token = s.token("agent").to_owned();
    let r = s
        .send(
            s.client
                .get(s.url(&format!("/events?access_token={token}"))),
        )
        .await;
    r.assert_error(400, "bad_request");
    assert_eq!(r.body["fields"][0]["field"], "access_token", "{}", r.text);

    // A stream ticket opens one stream, once.
    let t = s
        .send(s.req(Method::POST, "/events/stream-tickets", Some("agent")))
        .await;
    assert_eq!(t.status, 201, "{}", t.text);
    let ticket = t.body["ticket"].as_str().unwrap().to_owned();
    assert_ne!(ticket, token);
    let expires: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(t.body["expires_at"].clone()).unwrap();
    assert!(expires <= s.state.clock.now() + chrono::Duration::seconds(61));
    let url = s.url(&format!("/events?stream_ticket={ticket}"));
    let first = Stream::open(s.client.get(&url)).await;
    let again = s.send(s.client.get(&url)).await;
    again.assert_error(401, "unauthenticated");
    drop(first);
    // Unknown and anonymous requests for tickets are refused.
    let r = s
        .send(s.client.get(s.url("/events?stream_ticket=made-up")))
        .await;
    r.assert_error(401, "unauthenticated");
    let r = s
        .send(s.req(Method::POST, "/events/stream-tickets", None))
        .await;
    r.assert_error(401, "unauthenticated");

    // An expired ticket opens nothing.
    let t = s
        .send(s.req(Method::POST, "/events/stream-tickets", Some("agent")))
        .await;
    let ticket = t.body["ticket"].as_str().unwrap().to_owned();
    sqlx::query("UPDATE stream_tickets SET expires_at = '2000-01-01T00:00:00Z'")
        .execute(&s.state.db)
        .await
        .unwrap();
    let r = s
        .send(
            s.client
                .get(s.url(&format!("/events?stream_ticket={ticket}"))),
        )
        .await;
    r.assert_error(401, "unauthenticated");

    // A ticket's stream belongs to its session: it ends at the session's logout.
    let token = fresh_token(&s, "agent").await;
    let t = s
        .send(
            s.client
                .post(s.url("/events/stream-tickets"))
                .bearer_auth(&token),
        )
        .await;
    let ticket = t.body["ticket"].as_str().unwrap().to_owned();
    let mut stream = Stream::open(
        s.client
            .get(s.url(&format!("/events?stream_ticket={ticket}"))),
    )
    .await;
    let out = s
        .send(s.client.post(s.url("/auth/logout")).bearer_auth(&token))
        .await;
    assert_eq!(out.status, 204);
    until_signed_out(&mut stream, 10).await;
}

/// The `n`-th open demo ticket, moved by the admin to `group`; as the admin then sees it.
async fn ticket_of(s: &TestServer, n: usize, group: &str) -> Value {
    let page = s.get("/tickets?limit=500", Some("admin")).await;
    let open = page.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| !matches!(t["status"].as_str(), Some("resolved" | "closed")))
        .nth(n)
        .expect("open demo tickets");
    s.move_ticket(&open["id"], &json!(group)).await
}

#[tokio::test]
async fn an_engineer_learns_only_of_their_groups_tickets() {
    let s = common::start().await;
    let me = s.get("/auth/me", Some("engineer-billing")).await;
    let own_group = me.body["group"].as_str().unwrap().to_owned();
    let other_group = s.get("/auth/me", Some("engineer")).await.body["group"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(own_group, other_group);
    let theirs = ticket_of(&s, 0, &other_group).await;
    let ours = ticket_of(&s, 1, &own_group).await;
    let last: i64 = sqlx::query_scalar("SELECT MAX(seq) FROM events")
        .fetch_one(&s.state.db)
        .await
        .unwrap();
    let mut live = Stream::open(s.req(Method::GET, "/events", Some("engineer-billing"))).await;
    let mut all = Stream::open(s.req(Method::GET, "/events", Some("coordinator"))).await;
    for (t, name) in [(&theirs, "Other group"), (&ours, "Own group")] {
        let r = s
            .patch(
                &format!("/tickets/{}", t["id"]),
                "admin",
                Some("*"),
                &json!({ "customer_name": name }),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    // The other group's change is not on the engineer's stream; it is on the coordinator's.
    let (_, first) = live.next_change().await;
    assert_eq!(first["id"], ours["id"], "{first}");
    let (_, a) = all.next_change().await;
    let (_, b) = all.next_change().await;
    assert_eq!(
        (a["id"].clone(), b["id"].clone()),
        (theirs["id"].clone(), ours["id"].clone())
    );
    // Nor in a replay.
    let mut replay = Stream::open(
        s.req(Method::GET, "/events", Some("engineer-billing"))
            .header("Last-Event-ID", last.to_string()),
    )
    .await;
    let (_, first) = replay.next_change().await;
    assert_eq!(first["id"], ours["id"], "{first}");
    // Incidents are everyone's: an incident change reaches the engineer too.
    let inc = s
        .send(
            s.req(Method::POST, "/incidents", Some("coordinator"))
                .header("Idempotency-Key", "streams-inc")
                .json(&json!({"title": "Everyone sees this"})),
        )
        .await;
    assert_eq!(inc.status, 201, "{}", inc.text);
    let (_, change) = live.next_change().await;
    assert_eq!(change["entity"], "incident", "{change}");
}
