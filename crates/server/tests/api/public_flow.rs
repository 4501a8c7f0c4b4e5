//! Public side: rate limit, subscriptions queued on a fix, ratings once, webhook delivery.

use crate::common;

use reqwest::Method;
use serde_json::{json, Value};
use spotdesk_server::notify::{deliver_pending, Adapter, WebhookAdapter};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

fn square() -> Value {
    json!({"ring": [[30.0, 60.0], [30.1, 60.0], [30.1, 60.1], [30.0, 60.1]]})
}

async fn create_incident(s: &common::TestServer, key: &str) -> i64 {
    let r = s
        .send(
            s.req(Method::POST, "/incidents", Some("coordinator"))
                .header("Idempotency-Key", key)
                .json(&json!({"title": "Cable cut", "area": square(),
                    "public_note": {"en": "No internet", "ru": "Нет интернета"}})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_i64().unwrap()
}

async fn subscribe(s: &common::TestServer, contact: &str, lat: f64, long: f64) -> common::Resp {
    s.send(
        s.req(Method::POST, "/public/subscriptions", None)
            .json(&json!({"contact": contact, "lat": lat, "long": long})),
    )
    .await
}

/// `(recipient, payload)` of queued subscriber messages.
/// `GET /ratings` as the manager, with `query`.
async fn rating_summary(s: &common::TestServer, query: &[(&str, String)]) -> Value {
    let r = s
        .send(s.req(Method::GET, "/ratings", Some("manager")).query(query))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body
}

async fn subscriber_messages(s: &common::TestServer) -> Vec<(String, Value)> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT recipient, payload FROM notification_outbox WHERE channel = 'subscription' ORDER BY id",
    )
    .fetch_all(&s.state.db)
    .await
    .unwrap();
    rows.into_iter()
        .map(|(r, p)| (r, serde_json::from_str(&p).unwrap()))
        .collect()
}

#[tokio::test]
async fn public_lookups_are_rate_limited_with_a_clear_message() {
    let s = common::start_with(|c| c.public_rate_limit = 3).await;
    for _ in 0..3 {
        let r = s.get("/public/status?lat=60.5&long=30.5", None).await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let r = s.get("/public/status?lat=60.5&long=30.5", None).await;
    r.assert_error(429, "rate_limited");
    let wait: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    assert!(r.body["message"].as_str().unwrap().contains("try again"));
    // Staff endpoints are not affected.
    assert_eq!(s.get("/incidents", Some("coordinator")).await.status, 200);
}

#[tokio::test]
async fn a_fix_queues_one_message_per_subscriber_inside_the_area() {
    let s = common::start().await;
    let id = create_incident(&s, "sub-1").await;
    assert_eq!(
        subscribe(&s, "+7 900 111-22-33", 60.05, 30.05).await.status,
        201
    );
    assert_eq!(
        subscribe(&s, "anna@example.org", 60.02, 30.02).await.status,
        201
    );
    // Outside the area: never told about this incident.
    let far = subscribe(&s, "+7 900 999-99-99", 61.0, 31.0).await;
    assert_eq!(far.status, 201);
    // Same answer whether or not a problem is known.
    assert_eq!(
        far.text,
        subscribe(&s, "+7 900 888-88-88", 60.05, 30.05).await.text
    );
    subscribe(&s, "not a contact", 60.0, 30.0)
        .await
        .assert_field_error(422, "validation_failed", "contact");
    assert!(subscriber_messages(&s).await.is_empty());

    let r = s
        .patch(
            &format!("/incidents/{id}"),
            "coordinator",
            Some("\"1\""),
            &json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let msgs = subscriber_messages(&s).await;
    let recipients: Vec<&str> = msgs.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(
        recipients,
        ["+7 900 111-22-33", "anna@example.org", "+7 900 888-88-88"]
    );
    // Every message that went out is a customer notified (the card said 0 before: issue 22).
    assert_eq!(r.body["notified_customers"], 3, "{}", r.text);
    assert_eq!(msgs[0].1["source"], "incident");
    assert_eq!(msgs[0].1["source_id"], id);
    assert!(
        !msgs[0].1.to_string().contains("Cable cut"),
        "internal title leaked"
    );

    // Reopening and resolving again does not tell the same subscribers twice.
    let r = s
        .patch(
            &format!("/incidents/{id}"),
            "coordinator",
            Some("\"2\""),
            &json!({"status": "reopened"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = s
        .patch(
            &format!("/incidents/{id}"),
            "coordinator",
            Some("\"3\""),
            &json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(subscriber_messages(&s).await.len(), 3);
}

#[tokio::test]
async fn a_rating_link_works_once_and_feeds_the_summary() {
    let s = common::start().await;
    let id = create_incident(&s, "rate-1").await;
    assert_eq!(
        subscribe(&s, "+7 900 111-22-33", 60.05, 30.05).await.status,
        201
    );
    s.patch(
        &format!("/incidents/{id}"),
        "coordinator",
        Some("\"1\""),
        &json!({"status": "resolved"}),
    )
    .await;
    let token = subscriber_messages(&s).await[0].1["rating_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/public/ratings/{token}");
    // The page asks first: a good link says what it rates, and nothing more.
    let link = s.get(&path, None).await;
    assert_eq!(link.status, 200, "{}", link.text);
    assert_eq!(link.body, json!({"source": "incident"}));
    s.get("/public/ratings/nope", None)
        .await
        .assert_error(404, "not_found");

    s.send(s.req(Method::POST, &path, None).json(&json!({"score": 9})))
        .await
        .assert_field_error(422, "validation_failed", "score");
    s.send(
        s.req(Method::POST, "/public/ratings/nope", None)
            .json(&json!({"score": 4})),
    )
    .await
    .assert_error(404, "not_found");

    // The demo data has ratings of its own (all given before now): compare with them.
    let now = s.state.clock.now();
    let around_now = [
        ("from", (now - chrono::Duration::hours(1)).to_rfc3339()),
        ("to", (now + chrono::Duration::hours(1)).to_rfc3339()),
    ];
    let earlier = [("to", (now - chrono::Duration::hours(1)).to_rfc3339())];
    let (all0, around0, earlier0) = (
        rating_summary(&s, &[]).await,
        rating_summary(&s, &around_now).await,
        rating_summary(&s, &earlier).await,
    );
    let count = |v: &serde_json::Value| v["count"].as_i64().unwrap();

    let r = s
        .send(
            s.req(Method::POST, &path, None)
                .json(&json!({"score": 4, "comment": "Fast, thanks"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["source"], "incident");
    // Used: the page says so before showing a form.
    s.get(&path, None).await.assert_error(409, "already_rated");
    let again = s
        .send(s.req(Method::POST, &path, None).json(&json!({"score": 1})))
        .await;
    again.assert_error(409, "already_rated");
    assert!(again.body["message"]
        .as_str()
        .unwrap()
        .contains("already rated"));

    let sum = rating_summary(&s, &[]).await;
    assert_eq!(count(&sum), count(&all0) + 1);
    assert_eq!(
        sum["by_score"][3],
        all0["by_score"][3].as_i64().unwrap() + 1
    );
    let total = |v: &serde_json::Value| v["average"].as_f64().unwrap_or(0.0) * count(v) as f64;
    assert!((total(&sum) - total(&all0) - 4.0).abs() < 0.01 * count(&sum) as f64);
    assert_eq!(sum["recent"][0]["comment"], "Fast, thanks");
    // A period around now holds it; a period before does not.
    let around = rating_summary(&s, &around_now).await;
    assert_eq!(count(&around), count(&around0) + 1);
    assert_eq!(around["recent"][0]["score"], 4);
    let before = rating_summary(&s, &earlier).await;
    assert_eq!(before, earlier0);
    s.send(s.req(Method::GET, "/ratings", Some("manager")).query(&[
        ("from", now.to_rfc3339()),
        ("to", (now - chrono::Duration::hours(1)).to_rfc3339()),
    ]))
    .await
    .assert_field_error(400, "bad_request", "to");
    s.get("/ratings", Some("agent"))
        .await
        .assert_error(403, "forbidden");
    s.get("/ratings", None)
        .await
        .assert_error(401, "unauthenticated");
}

#[tokio::test]
async fn the_webhook_adapter_retries_until_the_receiver_accepts() {
    let s = common::start().await;
    let id = create_incident(&s, "hook-1").await;
    assert_eq!(
        subscribe(&s, "+7 900 111-22-33", 60.05, 30.05).await.status,
        201
    );
    s.patch(
        &format!("/incidents/{id}"),
        "coordinator",
        Some("\"1\""),
        &json!({"status": "resolved"}),
    )
    .await;

    // A receiver on loopback that fails its first call.
    let calls = Arc::new(AtomicUsize::new(0));
    let bodies = Arc::new(tokio::sync::Mutex::new(Vec::<Value>::new()));
    let app = {
        let calls = calls.clone();
        let bodies = bodies.clone();
        axum::Router::new().route(
            "/hook",
            axum::routing::post(move |axum::Json(body): axum::Json<Value>| {
                let calls = calls.clone();
                let bodies = bodies.clone();
                async move {
                    if calls.fetch_add(1, Ordering::SeqCst) == 0 {
                        return axum::http::StatusCode::INTERNAL_SERVER_ERROR;
                    }
                    bodies.lock().await.push(body);
                    axum::http::StatusCode::NO_CONTENT
                }
            }),
        )
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });

    let mut hook = WebhookAdapter::new(&url);
    hook.base_delay = Duration::from_millis(10);
    let adapter = Adapter::Webhook(hook);
    let before: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM notification_outbox WHERE sent_at IS NULL")
            .fetch_one(&s.state.db)
            .await
            .unwrap();
    let sent = deliver_pending(&s.state.db, &adapter, &s.state.clock)
        .await
        .unwrap();
    assert_eq!(i64::try_from(sent).unwrap(), before);
    assert!(
        calls.load(Ordering::SeqCst) >= 2,
        "the failed call was retried"
    );
    let got = bodies.lock().await.clone();
    let ours = got.iter().find(|b| b["channel"] == "subscription").unwrap();
    assert_eq!(ours["recipient"], "+7 900 111-22-33");
    assert_eq!(ours["kind"], "fix_done");
    assert_eq!(ours["payload"]["source_id"], id);
    let unsent: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM notification_outbox WHERE sent_at IS NULL")
            .fetch_one(&s.state.db)
            .await
            .unwrap();
    assert_eq!(unsent, 0);

    // A receiver that is gone: messages stay queued.
    subscribe(&s, "+7 900 222-22-22", 60.05, 30.05).await;
    let id2 = create_incident(&s, "hook-2").await;
    s.patch(
        &format!("/incidents/{id2}"),
        "coordinator",
        Some("\"1\""),
        &json!({"status": "resolved"}),
    )
    .await;
    let mut dead = WebhookAdapter::new("http://127.0.0.1:9/none");
    dead.base_delay = Duration::from_millis(1);
    dead.attempts = 2;
    assert_eq!(
        deliver_pending(&s.state.db, &Adapter::Webhook(dead), &s.state.clock)
            .await
            .unwrap(),
        0
    );
}

/// `(channel, recipient)` of every queued `fix_done` message, oldest first.
async fn fix_messages(s: &common::TestServer) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT channel, recipient FROM notification_outbox WHERE kind = 'fix_done' ORDER BY id",
    )
    .fetch_all(&s.state.db)
    .await
    .unwrap()
}

/// A ticket from `phone` inside the test square.
async fn complaint(s: &common::TestServer, key: &str, phone: &str) -> i64 {
    let mut t = common::valid_ticket(&s.catalogue());
    t["customer_phone"] = json!(phone);
    t["lat"] = json!(60.05);
    t["long"] = json!(30.05);
    let r = s.create_ticket("agent", key, &t).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_complainant_who_also_subscribed_gets_one_fixed_message() {
    let s = common::start().await;
    let id = create_incident(&s, "dedupe-1").await;
    let tid = complaint(&s, "dedupe-t1", "+7 912 700-11-22").await;
    let r = s
        .send(
            s.req(
                Method::POST,
                &format!("/incidents/{id}/tickets"),
                Some("coordinator"),
            )
            .json(&json!({ "ticket_ids": [tid] })),
        )
        .await;
    assert!(r.status < 300, "{}", r.text);
    // The same person subscribes, typing the number differently, and twice.
    assert_eq!(
        subscribe(&s, "8 (912) 700-11-22", 60.05, 30.05)
            .await
            .status,
        201
    );
    assert_eq!(
        subscribe(&s, "+79127001122", 60.06, 30.06).await.status,
        201
    );
    // Someone else, subscribed twice with e-mail in different case.
    assert_eq!(
        subscribe(&s, "Olga@Example.org", 60.05, 30.05).await.status,
        201
    );
    assert_eq!(
        subscribe(&s, "olga@example.org", 60.05, 30.05).await.status,
        201
    );
    let before = fix_messages(&s).await.len();
    s.resolve_incident(id).await;
    let msgs = fix_messages(&s).await[before..].to_vec();
    let to_customer: Vec<&(String, String)> = msgs
        .iter()
        .filter(|(_, r)| {
            r.replace([' ', '-', '(', ')', '+'], "")
                .ends_with("9127001122")
        })
        .collect();
    assert_eq!(
        to_customer.len(),
        1,
        "one message for the customer: {msgs:?}"
    );
    assert_eq!(to_customer[0].0, "sms", "the complainant's message is kept");
    let to_olga = msgs
        .iter()
        .filter(|(_, r)| r.eq_ignore_ascii_case("olga@example.org"))
        .count();
    assert_eq!(to_olga, 1, "{msgs:?}");
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    // Every subscription is closed: a later fix nearby tells nobody again.
    let open: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM public_subscriptions WHERE notified_at IS NULL")
            .fetch_one(&s.state.db)
            .await
            .unwrap();
    assert_eq!(open, 0);
}

#[tokio::test]
async fn a_spot_fix_tells_a_subscribing_complainant_once() {
    let s = common::start_with(|c| c.public_rate_limit = 0).await;
    let tid = complaint(&s, "dedupe-spot-t1", "+7 912 700-33-44").await;
    let r = s
        .send(s.req(Method::POST, "/spots", Some("coordinator")).json(
            &json!({"key": "dedupe-spot", "outline": square(), "priority": 1.0,
                "ticket_ids": [tid]}),
        ))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let spot = r.body["id"].as_i64().unwrap();
    assert_eq!(
        subscribe(&s, "+7 (912) 700 33 44", 60.05, 30.05)
            .await
            .status,
        201
    );
    assert_eq!(
        subscribe(&s, "+7 900 555-00-00", 60.05, 30.05).await.status,
        201
    );
    let before = fix_messages(&s).await.len();
    let r = s
        .patch(
            &format!("/spots/{spot}"),
            "coordinator",
            Some("\"1\""),
            &json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let msgs = fix_messages(&s).await[before..].to_vec();
    let channels: Vec<(&str, &str)> = msgs.iter().map(|(c, r)| (c.as_str(), r.as_str())).collect();
    assert_eq!(
        channels,
        [
            ("sms", "+79127003344"),
            ("subscription", "+7 900 555-00-00")
        ],
        "{msgs:?}"
    );
}
