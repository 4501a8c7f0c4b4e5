//! The SSE change stream: live events and replay after `Last-Event-ID`.

#![allow(clippy::unwrap_used)]

mod common;

use reqwest::Method;
use serde_json::{json, Value};
use std::time::Duration;

/// An open event stream, parsed frame by frame.
struct Stream {
    res: reqwest::Response,
    buf: String,
}

impl Stream {
    async fn open(rb: reqwest::RequestBuilder) -> Stream {
        let res = rb.send().await.unwrap();
        assert_eq!(res.status(), 200);
        let ct = res.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(ct.starts_with("text/event-stream"), "{ct}");
        Stream {
            res,
            buf: String::new(),
        }
    }

    /// The next `change` event as (id, data), skipping comments; panics after 10 s.
    async fn next_change(&mut self) -> (i64, Value) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let frame: String = self.buf.drain(..end + 2).collect();
                let (mut event, mut id, mut data) = (None, None, None);
                for line in frame.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        event = Some(v.trim().to_owned());
                    } else if let Some(v) = line.strip_prefix("id:") {
                        id = Some(v.trim().parse::<i64>().unwrap());
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data = Some(serde_json::from_str::<Value>(v.trim()).unwrap());
                    }
                }
                if event.as_deref() == Some("change") {
                    return (id.unwrap(), data.unwrap());
                }
                continue;
            }
            let chunk = tokio::time::timeout_at(deadline, self.res.chunk())
                .await
                .expect("no event within 10 s");
            let chunk = chunk.unwrap().expect("stream ended");
            self.buf.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}

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

    // ... or with the query parameters EventSource can send.
    let token = s.token("agent").to_owned();
    let url = s.url(&format!("/events?last_event_id={id2}&access_token={token}"));
    let mut by_query = Stream::open(s.client.get(url)).await;
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
