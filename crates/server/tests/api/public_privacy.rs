//! Crawl of every public answer with unique personal-data markers seeded in tickets,
//! comments, incidents and spots: none may appear.

use crate::common;

use reqwest::Method;
use serde_json::json;

/// Markers that exist nowhere but in the seeded private fields.
const MARKERS: [&str; 8] = [
    "Zqxname7731",
    "955731428",
    "kv. 4471",
    "Zqxnote5512",
    "Zqxcause9034",
    "Zqxtitle2208",
    "Zqxspotcause6610",
    "Zqxcomment3390",
];

#[tokio::test]
async fn no_public_answer_contains_seeded_personal_data() {
    let s = common::start_with(|c| c.public_rate_limit = 0).await;
    let cat = s.catalogue();
    let addr = spotdesk_demo::gazetteer().addresses().nth(3).unwrap();
    let d = 0.003;
    let ring = json!([
        [addr.long - d, addr.lat - d],
        [addr.long + d, addr.lat - d],
        [addr.long + d, addr.lat + d],
        [addr.long - d, addr.lat + d]
    ]);

    // A ticket at the address, with a comment.
    let mut t = common::valid_ticket(&cat);
    t["customer_name"] = json!("Zqxname7731");
    t["customer_phone"] = json!("+7 955 731-42-86");
    t["description"] = json!("No signal in kv. 4471, Zqxnote5512");
    let r = s.create_ticket("agent", "pii-t1", &t).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let tid = r.body["id"].as_i64().unwrap();
    let r = s
        .send(
            s.req(
                Method::POST,
                &format!("/tickets/{tid}/comments"),
                Some("agent"),
            )
            .header("Idempotency-Key", "pii-c1")
            .json(&json!({"text": "Zqxcomment3390"})),
        )
        .await;
    assert!(r.status < 300, "{}", r.text);

    // An incident and a spot over it, with private title and causes.
    let r = s
        .send(
            s.req(Method::POST, "/incidents", Some("coordinator"))
                .header("Idempotency-Key", "pii-i1")
                .json(
                    &json!({"title": "Zqxtitle2208 for Zqxname7731", "area": {"ring": ring},
                    "cause": "Zqxcause9034", "expected_resolution": "2031-05-01T10:00:00Z"}),
                ),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let r = s
        .send(s.req(Method::POST, "/spots", Some("coordinator")).json(
            &json!({"key": "pii-spot", "outline": {"ring": ring}, "priority": 2.0,
                "ticket_ids": [tid]}),
        ))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let spot = r.body["id"].as_i64().unwrap();
    let r = s
        .patch(
            &format!("/spots/{spot}"),
            "coordinator",
            Some("\"1\""),
            &json!({"cause": "Zqxspotcause6610", "status": "in_work"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    // Crawl: a grid of points over and around the area, the address itself, suggestions,
    // a subscription and the rating endpoints.
    let mut answers = Vec::new();
    let mut covered = 0;
    for i in -4..=4 {
        for j in -4..=4 {
            let lat = addr.lat + f64::from(i) * 0.001;
            let long = addr.long + f64::from(j) * 0.001;
            let r = s
                .get(&format!("/public/status?lat={lat}&long={long}"), None)
                .await;
            assert_eq!(r.status, 200, "{}", r.text);
            if !r.body["problems"].as_array().unwrap().is_empty() {
                covered += 1;
            }
            answers.push(r.text);
        }
    }
    assert!(covered > 0, "the crawl must see the seeded problems");
    // A point picked on the public map (sent rounded to 6 decimals) and subscribed there.
    let (lat, long) = (
        (addr.lat * 1e6).round() / 1e6,
        (addr.long * 1e6).round() / 1e6,
    );
    let r = s
        .get(&format!("/public/status?lat={lat}&long={long}"), None)
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(!r.body["problems"].as_array().unwrap().is_empty());
    answers.push(r.text);
    let r = s
        .send(
            s.req(Method::POST, "/public/subscriptions", None)
                .json(&json!({"contact": "pick@example.org", "lat": lat, "long": long})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    answers.push(r.text);
    let q = addr.address_string();
    for (path, key) in [("/public/status", "address"), ("/public/geocode", "q")] {
        let r = s
            .send(s.client.get(s.url(path)).query(&[(key, q.as_str())]))
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        answers.push(r.text);
    }
    let r = s
        .send(
            s.req(Method::POST, "/public/subscriptions", None)
                .json(&json!({"contact": "+7 900 000-00-01", "lat": addr.lat, "long": addr.long})),
        )
        .await;
    answers.push(r.text);
    let r = s
        .patch(
            &format!("/spots/{spot}"),
            "coordinator",
            Some("\"2\""),
            &json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let (payload,): (String,) = sqlx::query_as(
        "SELECT payload FROM notification_outbox WHERE channel = 'subscription' LIMIT 1",
    )
    .fetch_one(&s.state.db)
    .await
    .unwrap();
    answers.push(payload.clone());
    let token = serde_json::from_str::<serde_json::Value>(&payload).unwrap()["rating_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/public/ratings/{token}");
    for _ in 0..2 {
        let r = s
            .send(s.req(Method::POST, &path, None).json(&json!({"score": 5})))
            .await;
        answers.push(r.text);
    }
    let all = answers.join("\n");
    for m in MARKERS {
        assert!(!all.contains(m), "public answers leak {m}");
    }
    // No ticket id either.
    assert!(!all.contains(&format!("\"ticket_id\":{tid}")));
}
