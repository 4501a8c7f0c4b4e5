//! The committed OpenAPI document is current, and every documented operation is routed.

use crate::common;

use reqwest::Method;

const COMMITTED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../openapi/spotdesk-v1.json"
);

#[test]
fn committed_document_is_current() {
    let generated = spotdesk_server::openapi::document_json();
    let committed = std::fs::read_to_string(COMMITTED).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/spotdesk-v1.json is out of date; regenerate it with\n\n    \
         cargo run -p spotdesk-server -- openapi > openapi/spotdesk-v1.json\n"
    );
}

#[test]
fn document_describes_errors_and_security() {
    let doc = serde_json::to_value(spotdesk_server::openapi::document()).unwrap();
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            let has_error = responses.keys().any(|s| s.starts_with('4'));
            let trivial = path == "/health" || path == "/openapi.json";
            assert!(
                trivial || has_error,
                "{method} {path} documents no error response"
            );
            let public = trivial || path.starts_with("/public/") || path == "/auth/login";
            assert_eq!(
                !public,
                op.get("security").is_some(),
                "{method} {path}: security"
            );
        }
    }
}

/// Every documented (method, path) reaches a handler: never the API's `route_not_found`
/// fallback nor 405. (The router is built from the same handlers as the document, so the
/// converse holds by construction.)
#[tokio::test]
async fn every_documented_operation_is_routed() {
    let s = common::start().await;
    let doc = serde_json::to_value(spotdesk_server::openapi::document()).unwrap();
    let mut count = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        let concrete = path.replace("{id}", "1").replace("{technology}", "4g");
        for method in item.as_object().unwrap().keys() {
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            // Sign out a session nobody else in this test uses.
            let user = if concrete == "/auth/logout" {
                "agent2"
            } else {
                "admin"
            };
            let mut rb = s.req(m.clone(), &concrete, Some(user));
            if concrete == "/events" {
                rb = rb.timeout(std::time::Duration::from_millis(500));
                let res = rb.send().await.unwrap();
                assert_eq!(res.status(), 200);
                count += 1;
                continue;
            }
            if m != Method::GET {
                rb = rb.json(&serde_json::json!({}));
            }
            let r = s.send(rb).await;
            assert_ne!(r.status, 405, "{method} {path}: {}", r.text);
            assert!(r.status < 500, "{method} {path}: {}", r.text);
            assert_ne!(r.status, 401, "{method} {path}: {}", r.text);
            if r.status == 404 {
                assert_ne!(
                    r.body["code"], "route_not_found",
                    "{method} {path} is not routed"
                );
            }
            count += 1;
        }
    }
    assert!(count >= 20, "only {count} operations documented");
}

/// The request examples of the document are accepted by a server with the catalogue it starts
/// with: a reader (or a generator) copying one gets a created object, not a 422.
#[tokio::test]
async fn documented_examples_are_accepted() {
    let s = common::start().await;
    let doc = serde_json::to_value(spotdesk_server::openapi::document()).unwrap();
    let example = |name: &str| doc["components"]["schemas"][name]["examples"][0].clone();
    let cases = [
        ("NewTicket", "/tickets", "agent"),
        ("NewIncident", "/incidents", "coordinator"),
        ("NewSpot", "/spots", "coordinator"),
    ];
    for (schema, path, user) in cases {
        let body = example(schema);
        assert!(body.is_object(), "{schema} has no example");
        let r = s
            .send(
                s.req(Method::POST, path, Some(user))
                    .header("Idempotency-Key", format!("example-{schema}"))
                    .json(&body),
            )
            .await;
        assert_eq!(r.status, 201, "{schema}: {}", r.text);
    }
    let login = example("LoginRequest");
    let r = s
        .send(s.req(Method::POST, "/auth/login", None).json(&login))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
}

/// A phone is the same language wherever the document takes one.
#[test]
fn phone_patterns_agree() {
    let doc = serde_json::to_value(spotdesk_server::openapi::document()).unwrap();
    let body =
        &doc["components"]["schemas"]["NewTicket"]["properties"]["customer_phone"]["pattern"];
    let path = &doc["paths"]["/customers/{phone}"]["get"]["parameters"][0]["schema"]["pattern"];
    assert!(body.is_string());
    assert_eq!(body, path);
}
