//! CORS: an SPA hosted on another origin may call the API only when that origin is configured.

use crate::common;

use reqwest::Method;

async fn preflight(server: &common::TestServer, origin: &str) -> reqwest::Response {
    server
        .client
        .request(Method::OPTIONS, format!("{}/api/v1/tickets", server.base))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "authorization,content-type,idempotency-key",
        )
        .send()
        .await
        .expect("preflight request")
}

#[tokio::test]
async fn configured_origin_is_allowed_with_the_api_headers() {
    let server =
        common::start_with(|c| c.cors_origins = vec!["https://desk.example.org".into()]).await;
    let r = preflight(&server, "https://desk.example.org").await;
    let allow = |h: &str| {
        r.headers()
            .get(h)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    assert_eq!(
        allow("access-control-allow-origin"),
        "https://desk.example.org"
    );
    assert!(allow("access-control-allow-headers").contains("idempotency-key"));
    assert!(allow("access-control-allow-methods").contains("post"));

    let r = server
        .client
        .get(format!("{}/api/v1/catalogue", server.base))
        .header("Origin", "https://desk.example.org")
        .bearer_auth(&server.tokens["agent"])
        .send()
        .await
        .expect("get");
    let expose = r
        .headers()
        .get("access-control-expose-headers")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(expose.to_ascii_lowercase().contains("etag"), "{expose}");
}

#[tokio::test]
async fn other_origins_get_no_cors_grant() {
    let server =
        common::start_with(|c| c.cors_origins = vec!["https://desk.example.org".into()]).await;
    let r = preflight(&server, "https://evil.example.com").await;
    assert!(r.headers().get("access-control-allow-origin").is_none());
    let server = common::start().await;
    let r = preflight(&server, "https://desk.example.org").await;
    assert!(r.headers().get("access-control-allow-origin").is_none());
}

/// The SPA says "try again in N seconds" from `Retry-After`; a browser hides that header from
/// a cross-origin page unless the answer exposes it, so a 429 must.
#[tokio::test]
async fn a_rate_limited_answer_exposes_retry_after() {
    let server = common::start_with(|c| {
        c.cors_origins = vec!["https://desk.example.org".into()];
        c.public_rate_limit = 1;
    })
    .await;
    let url = format!("{}/api/v1/public/status?lat=55.75&long=37.61", server.base);
    let get = || {
        server
            .client
            .get(&url)
            .header("Origin", "https://desk.example.org")
            .send()
    };
    assert!(get().await.expect("first").status().is_success());
    let r = get().await.expect("second");
    assert_eq!(r.status(), 429);
    assert!(r.headers().get("retry-after").is_some());
    let expose = r
        .headers()
        .get("access-control-expose-headers")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    for h in spotdesk_server::cors::EXPOSED_HEADERS {
        assert!(expose.contains(h), "{h} not exposed: {expose}");
    }
}

/// The preflight grants every method and request header the document says a backend must.
#[tokio::test]
async fn the_preflight_grants_what_the_document_lists() {
    let server =
        common::start_with(|c| c.cors_origins = vec!["https://desk.example.org".into()]).await;
    let r = server
        .client
        .request(Method::OPTIONS, format!("{}/api/v1/tickets/1", server.base))
        .header("Origin", "https://desk.example.org")
        .header("Access-Control-Request-Method", "PATCH")
        .header(
            "Access-Control-Request-Headers",
            spotdesk_server::cors::ALLOWED_HEADERS.join(","),
        )
        .send()
        .await
        .expect("preflight");
    let get = |h: &str| {
        r.headers()
            .get(h)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    for m in spotdesk_server::cors::ALLOWED_METHODS {
        assert!(get("access-control-allow-methods").contains(&m.as_str().to_ascii_lowercase()));
    }
    for h in spotdesk_server::cors::ALLOWED_HEADERS {
        assert!(get("access-control-allow-headers").contains(h), "{h}");
    }
    let doc: serde_json::Value = server
        .client
        .get(format!("{}/api/v1/openapi.json", server.base))
        .send()
        .await
        .expect("document")
        .json()
        .await
        .expect("json");
    let text = doc["info"]["description"].as_str().unwrap_or("");
    for h in spotdesk_server::cors::EXPOSED_HEADERS
        .iter()
        .chain(&spotdesk_server::cors::ALLOWED_HEADERS)
    {
        assert!(
            text.contains(&format!("`{h}`")),
            "the document does not name {h}"
        );
    }
}
