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
