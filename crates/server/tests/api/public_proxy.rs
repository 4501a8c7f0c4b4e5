//! The public rate limit behind a reverse proxy: `X-Forwarded-For` counts only when the
//! connection comes from a configured trusted proxy.

use spotdesk_server::Config;

/// A server that knows its peers' addresses (as in production), with a limit of 2 per minute.
async fn start(trusted: &[&str]) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::with_db(format!(
        "sqlite://{}",
        dir.path().join("spotdesk.db").display()
    ));
    config.public_rate_limit = 2;
    config.trusted_proxies = trusted.iter().map(|t| t.parse().unwrap()).collect();
    let state = spotdesk_server::prepare(config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/api/v1", listener.local_addr().unwrap());
    let app = spotdesk_server::build_app(state);
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    (base, dir)
}

/// Status of one look-up sent with this `X-Forwarded-For` (if any).
async fn lookup(base: &str, forwarded: Option<&str>) -> u16 {
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let mut req = client.get(format!("{base}/public/status?lat=60.5&long=30.5"));
    if let Some(f) = forwarded {
        req = req.header("X-Forwarded-For", f);
    }
    req.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_window() {
    let (base, _dir) = start(&["127.0.0.0/8"]).await;
    assert_eq!(lookup(&base, Some("203.0.113.5")).await, 200);
    assert_eq!(lookup(&base, Some("203.0.113.5")).await, 200);
    assert_eq!(lookup(&base, Some("203.0.113.5")).await, 429);
    // Another customer behind the same proxy is not blocked by the first one.
    assert_eq!(lookup(&base, Some("203.0.113.6")).await, 200);
    // A client cannot escape by prepending a made-up address: the proxy's entry counts.
    assert_eq!(lookup(&base, Some("10.9.9.9, 203.0.113.5")).await, 429);
}

#[tokio::test]
async fn without_the_setting_the_header_is_ignored() {
    let (base, _dir) = start(&[]).await;
    assert_eq!(lookup(&base, Some("203.0.113.5")).await, 200);
    assert_eq!(lookup(&base, Some("203.0.113.6")).await, 200);
    // Forged addresses do not buy new windows: the connection's address counts.
    assert_eq!(lookup(&base, Some("203.0.113.7")).await, 429);
    assert_eq!(lookup(&base, None).await, 429);
}

#[tokio::test]
async fn a_proxy_that_is_not_trusted_does_not_get_its_header_believed() {
    // Only some other host is trusted; the loopback peer is not.
    let (base, _dir) = start(&["10.0.0.7"]).await;
    assert_eq!(lookup(&base, Some("203.0.113.5")).await, 200);
    assert_eq!(lookup(&base, Some("203.0.113.6")).await, 200);
    assert_eq!(lookup(&base, Some("203.0.113.8")).await, 429);
}
