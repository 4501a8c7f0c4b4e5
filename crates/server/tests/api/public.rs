//! The unauthenticated status lookup: problems inside active areas, nothing personal.

use crate::common;

use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn point_inside_an_active_incident_reports_it_without_personal_data() {
    let s = common::start().await;
    let square = json!({"ring": [[30.0, 60.0], [30.1, 60.0], [30.1, 60.1], [30.0, 60.1]]});
    let incident = json!({
        "title": "Fibre cut at Ivanov's house, +79123456789",
        "area": square,
        "cause": "excavator damaged cable near flat 12",
        "expected_resolution": "2030-01-01T12:00:00Z",
        "public_note": {"en": "Internet outage in your area", "ru": "Нет интернета в вашем районе"},
    });
    let r = s
        .send(
            s.req(Method::POST, "/incidents", Some("coordinator"))
                .header("Idempotency-Key", "pub-1")
                .json(&incident),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["id"].as_i64().unwrap();

    let inside = s.get("/public/status?lat=60.05&long=30.05", None).await;
    assert_eq!(inside.status, 200, "{}", inside.text);
    let problems = inside.body["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["kind"], "incident");
    assert_eq!(problems[0]["summary"]["en"], "Internet outage in your area");
    assert_eq!(problems[0]["expected_fix"], "2030-01-01T12:00:00Z");
    for secret in ["Ivanov", "79123456789", "excavator", "flat 12", "Fibre cut"] {
        assert!(
            !inside.text.contains(secret),
            "leaked {secret}: {}",
            inside.text
        );
    }

    let outside = s.get("/public/status?lat=60.5&long=30.5", None).await;
    assert_eq!(outside.status, 200);
    assert_eq!(outside.body, json!({"problems": []}));

    // An unknown address and a clean place look the same.
    let unknown = s
        .get("/public/status?address=Nonexistent%20street%2099999", None)
        .await;
    assert_eq!(unknown.status, 200);
    assert_eq!(unknown.text, outside.text);

    // Resolved incidents are no longer reported.
    let r = s
        .patch(
            &format!("/incidents/{id}"),
            "coordinator",
            Some("\"1\""),
            &json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let after = s.get("/public/status?lat=60.05&long=30.05", None).await;
    assert_eq!(after.text, outside.text);
}

#[tokio::test]
async fn address_lookup_finds_spots() {
    let s = common::start().await;
    let addr = spotdesk_demo::gazetteer().addresses().nth(10).unwrap();
    let d = 0.002;
    let ring = json!([
        [addr.long - d, addr.lat - d],
        [addr.long + d, addr.lat - d],
        [addr.long + d, addr.lat + d],
        [addr.long - d, addr.lat + d]
    ]);
    let spot = json!({"key": "test-spot-1", "outline": {"ring": ring}, "priority": 3.5, "technology": "4g"});
    let r = s
        .send(
            s.req(Method::POST, "/spots", Some("coordinator"))
                .json(&spot),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let again = s
        .send(s.req(Method::POST, "/spots", Some("engineer")).json(&spot))
        .await;
    assert_eq!(again.status, 200);
    assert_eq!(again.body["id"], r.body["id"]);

    let q = addr.address_string();
    let res = s
        .send(
            s.client
                .get(s.url("/public/status"))
                .query(&[("address", q.as_str())]),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.text);
    let problems = res.body["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{}", res.text);
    assert_eq!(problems[0]["kind"], "spot");
}
