//! Bad input anywhere gives a 4xx with a parseable `ErrorBody`, never a 5xx or plain text.

use crate::common;

use reqwest::Method;
use serde_json::json;

/// Every endpoint that takes a JSON body: (method, path, needs Idempotency-Key / If-Match).
const BODY_ENDPOINTS: [(&str, &str); 8] = [
    ("POST", "/auth/login"),
    ("POST", "/tickets"),
    ("PATCH", "/tickets/1"),
    ("POST", "/incidents"),
    ("PATCH", "/incidents/1"),
    ("POST", "/spots"),
    ("PATCH", "/spots/1"),
    ("POST", "/tickets"),
];

fn with_preconditions(s: &common::TestServer, method: &str, path: &str) -> reqwest::RequestBuilder {
    let m = Method::from_bytes(method.as_bytes()).unwrap();
    s.req(m, path, Some("admin"))
        .header("Idempotency-Key", "bad-input")
        .header("If-Match", "*")
}

#[tokio::test]
async fn malformed_json_wrong_types_unknown_fields() {
    let s = common::start().await;
    for (method, path) in BODY_ENDPOINTS {
        let rb = with_preconditions(&s, method, path)
            .header("Content-Type", "application/json")
            .body("{\"title\": ");
        s.send(rb).await.assert_error(400, "bad_request");

        let rb = with_preconditions(&s, method, path)
            .header("Content-Type", "application/json")
            .body("[1, 2]");
        let r = s.send(rb).await;
        assert_eq!(r.status, 400, "{method} {path}: {}", r.text);
        r.assert_error(400, "bad_request");

        let rb = with_preconditions(&s, method, path)
            .header("Content-Type", "text/plain")
            .body("{}");
        s.send(rb).await.assert_error(415, "unsupported_media_type");

        let rb = with_preconditions(&s, method, path);
        s.send(rb).await.assert_error(415, "unsupported_media_type");
    }
    // Wrong types and unknown fields name the field.
    let cases = [
        ("/tickets", json!({"service_code": 12})),
        ("/tickets", json!({"service_code": "x", "lat": "north"})),
        ("/tickets", json!({"service_code": "x", "line": -1})),
        ("/tickets", json!({"service_code": "x", "kind": "disaster"})),
        ("/tickets", json!({"service_code": "x", "is_vip": true})),
        ("/incidents", json!({"title": ["a"]})),
        (
            "/incidents",
            json!({"title": "t", "area": {"ring": "square"}}),
        ),
        (
            "/spots",
            json!({"key": "k", "outline": {"ring": []}, "priority": "high"}),
        ),
    ];
    let fields = [
        "service_code",
        "lat",
        "line",
        "kind",
        "is_vip",
        "title",
        "area.ring",
        "priority",
    ];
    for ((path, body), field) in cases.iter().zip(fields) {
        let r = s
            .send(with_preconditions(&s, "POST", path).json(body))
            .await;
        r.assert_field_error(400, "bad_request", field);
    }
    let r = s
        .send(with_preconditions(&s, "PATCH", "/tickets/1").json(&json!({"status": "exploded"})))
        .await;
    r.assert_field_error(400, "bad_request", "status");
    let r = s
        .send(with_preconditions(&s, "PATCH", "/tickets/1").json(&json!({"colour": "red"})))
        .await;
    r.assert_field_error(400, "bad_request", "colour");
    let r = s
        .send(with_preconditions(&s, "POST", "/tickets").json(&json!({"topic": "x"})))
        .await;
    r.assert_field_error(400, "bad_request", "service_code");
}

#[tokio::test]
async fn bad_path_ids() {
    let s = common::start().await;
    for base in ["/tickets", "/incidents", "/spots"] {
        for id in ["abc", "1.5", "99999999999999999999999", "-"] {
            let r = s.get(&format!("{base}/{id}"), Some("admin")).await;
            r.assert_field_error(400, "bad_request", "id");
            let r = s
                .send(with_preconditions(&s, "PATCH", &format!("{base}/{id}")).json(&json!({})))
                .await;
            r.assert_field_error(400, "bad_request", "id");
        }
        s.get(&format!("{base}/987654"), Some("admin"))
            .await
            .assert_error(404, "not_found");
        let r = s
            .send(with_preconditions(&s, "PATCH", &format!("{base}/987654")).json(&json!({})))
            .await;
        r.assert_error(404, "not_found");
    }
    s.get("/coverage/6g", Some("admin"))
        .await
        .assert_error(404, "not_found");
}

#[tokio::test]
async fn bad_query_values() {
    let s = common::start().await;
    let cases = [
        ("/tickets?limit=abc", "limit"),
        ("/tickets?limit=0", "limit"),
        ("/tickets?limit=501", "limit"),
        ("/tickets?line=x", "line"),
        ("/tickets?line=7", "line"),
        ("/tickets?overdue=perhaps", "overdue"),
        ("/tickets?from=yesterday", "from"),
        ("/tickets?to=2024-13-45T00:00:00Z", "to"),
        ("/tickets?sort=random", "sort"),
        ("/tickets?status=new,lost", "status"),
        ("/tickets?cursor=%%%", "cursor"),
        ("/incidents?limit=-1", "limit"),
        ("/incidents?active=maybe", "active"),
        ("/spots?limit=100000", "limit"),
        ("/geocode", "q"),
        ("/geocode?q=", "q"),
        ("/geocode?q=%20%20", "q"),
        ("/public/status", "address"),
        ("/public/status?lat=55.7", "long"),
        ("/public/status?lat=north&long=1", "lat"),
        ("/public/status?lat=95&long=1", "lat"),
        ("/events?last_event_id=x", "last_event_id"),
    ];
    for (path, field) in cases {
        let r = s.get(path, Some("admin")).await;
        r.assert_field_error(400, "bad_request", field);
    }
    let long = "a".repeat(201);
    s.get(&format!("/geocode?q={long}"), Some("admin"))
        .await
        .assert_field_error(400, "bad_request", "q");
    s.get(&format!("/public/status?address={long}"), None)
        .await
        .assert_field_error(400, "bad_request", "address");
    let r = s
        .send(
            s.req(Method::GET, "/events", Some("admin"))
                .header("Last-Event-ID", "yesterday"),
        )
        .await;
    r.assert_field_error(400, "bad_request", "Last-Event-ID");
}

#[tokio::test]
async fn oversize_body_unknown_route_wrong_method() {
    let s = common::start().await;
    let big = format!("{{\"description\": \"{}\"}}", "x".repeat(1024 * 1024 + 10));
    let rb = with_preconditions(&s, "POST", "/tickets")
        .header("Content-Type", "application/json")
        .body(big);
    s.send(rb).await.assert_error(413, "payload_too_large");

    s.get("/no-such-thing", Some("admin"))
        .await
        .assert_error(404, "route_not_found");
    s.get("/no-such-thing", None)
        .await
        .assert_error(404, "route_not_found");
    s.get("/tickets/1/attachments", Some("admin"))
        .await
        .assert_error(404, "route_not_found");
    let r = s
        .send(s.client.get(format!("{}/api/v2/tickets", s.base)))
        .await;
    r.assert_error(404, "route_not_found");

    for (method, path) in [
        ("DELETE", "/tickets/1"),
        ("PUT", "/tickets"),
        ("POST", "/catalogue"),
        ("GET", "/auth/logout"),
    ] {
        let r = s
            .send(s.req(
                Method::from_bytes(method.as_bytes()).unwrap(),
                path,
                Some("admin"),
            ))
            .await;
        r.assert_error(405, "method_not_allowed");
    }
}

#[tokio::test]
async fn bad_input_never_breaks_the_server() {
    let s = common::start().await;
    let junk = [
        "null",
        "true",
        "\"string\"",
        "{\"service_code\": null}",
        "{\"service_code\": \"x\", \"fields\": {\"a\": {\"deep\": [1, 2, {\"x\": null}]}}}",
        "{\"service_code\": \"x\", \"lat\": 1e999}",
        "{\"title\": \"\\ud800\"}",
        "{\"key\": \"k\", \"outline\": {\"ring\": [[1, 2, 3]]}, \"priority\": 1}",
    ];
    for (method, path) in BODY_ENDPOINTS {
        for body in junk {
            let rb = with_preconditions(&s, method, path)
                .header("Content-Type", "application/json")
                .body(body);
            let r = s.send(rb).await;
            assert!(
                (400..500).contains(&r.status),
                "{method} {path} {body}: {} {}",
                r.status,
                r.text
            );
            let _: spotdesk_api::ErrorBody = serde_json::from_str(&r.text).unwrap();
        }
    }
    // Semantic problems in otherwise well-formed bodies are 422 with fields.
    let r = s
        .send(
            with_preconditions(&s, "POST", "/incidents")
                .json(&json!({"title": "  ", "owner_group": "nope"})),
        )
        .await;
    r.assert_field_error(422, "validation_failed", "title");
    r.assert_field_error(422, "validation_failed", "owner_group");
    let spot =
        json!({"key": "", "outline": {"ring": [[1.0, 2.0]]}, "priority": 1.0, "technology": "6g"});
    let r = s
        .send(with_preconditions(&s, "POST", "/spots").json(&spot))
        .await;
    r.assert_field_error(422, "validation_failed", "key");
    r.assert_field_error(422, "validation_failed", "outline");
    r.assert_field_error(422, "validation_failed", "technology");
    // The server still works.
    assert_eq!(s.get("/health", None).await.status, 200);
}

#[tokio::test]
async fn security_headers_everywhere() {
    let s = common::start().await;
    for r in [
        s.get("/health", None).await,
        s.get("/nope", None).await,
        s.get("/tickets", None).await,
    ] {
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"));
        assert_eq!(r.header("x-frame-options"), Some("DENY"));
    }
}

/// A text that is too long is answered with what is allowed and what was sent, as counts a
/// client can put in its own language and as an English message (issue 22: "say what is
/// wrong and what is allowed").
#[tokio::test]
async fn too_long_says_the_limit_and_the_length() {
    let s = common::start().await;
    let mut body = common::valid_ticket(&s.catalogue());
    body["description"] = "ж".repeat(4_321).into();
    body["customer_name"] = "N".repeat(205).into();
    let r = s.create_ticket("agent", "too-long", &body).await;
    let e = r.assert_field_error(422, "validation_failed", "description");
    let description = e.fields.iter().find(|f| f.field == "description").unwrap();
    assert_eq!(description.code, "too_long");
    assert_eq!(
        (description.limit, description.actual),
        (Some(4_000), Some(4_321))
    );
    assert_eq!(
        description.message,
        "at most 4000 characters, you typed 4321"
    );
    let name = e
        .fields
        .iter()
        .find(|f| f.field == "customer_name")
        .unwrap();
    assert_eq!((name.limit, name.actual), (Some(200), Some(205)));
    // Other problems carry no counts (the fields are left out of the JSON).
    let mut body = common::valid_ticket(&s.catalogue());
    body["customer_phone"] = "not a phone".into();
    let r = s.create_ticket("agent", "bad-phone", &body).await;
    assert!(!r.text.contains("\"limit\""), "{}", r.text);
}
