//! The SPA: static files, index.html with per-response CSP nonces, client-route fallback.

use crate::common;

const INDEX: &str = r#"<!doctype html><html><head>
<script src="/leaflet/leaflet.js" nonce="{{__TRUNK NONCE__}}"></script>
<link rel="modulepreload" href="/app.js">
<script type="module">import init from '/app.js'; init();</script>
</head><body></body></html>"#;

const TILES: &str = "https://{s}.tile.example.org/{z}/{x}/{y}.png";

async fn spa_server() -> (common::TestServer, tempfile::TempDir) {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), INDEX).unwrap();
    std::fs::write(
        dist.path().join("app.js"),
        "export default function init() {}",
    )
    .unwrap();
    std::fs::write(dist.path().join("config.json"), r#"{"api_base": ""}"#).unwrap();
    // The split build's content-hashed folder (crates/wasm-split): a lazily loaded chunk.
    let chunks = dist.path().join("wasm-0123456789abcdef");
    std::fs::create_dir(&chunks).unwrap();
    std::fs::write(chunks.join("split_map.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let dir = dist.path().to_owned();
    let s = common::start_with(move |c| {
        c.static_dir = Some(dir);
        c.tile_url = Some(TILES.to_owned());
    })
    .await;
    (s, dist)
}

fn nonce_of(csp: &str) -> String {
    let start = csp.find("'nonce-").unwrap() + "'nonce-".len();
    csp[start..].split('\'').next().unwrap().to_owned()
}

#[tokio::test]
async fn index_gets_a_fresh_nonce_and_strict_csp() {
    let (s, _dist) = spa_server().await;
    let a = s.send(s.client.get(format!("{}/", s.base))).await;
    assert_eq!(a.status, 200);
    assert!(a.header("content-type").unwrap().starts_with("text/html"));
    let csp = a.header("content-security-policy").unwrap().to_owned();
    for part in [
        "default-src 'self'",
        "'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data: https://*.tile.example.org",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(part), "{part} missing from {csp}");
    }
    let nonce = nonce_of(&csp);
    assert!(nonce.len() >= 22);
    assert_eq!(
        a.text.matches(&format!("nonce=\"{nonce}\"")).count(),
        2,
        "{}",
        a.text
    );
    assert!(!a.text.contains("TRUNK NONCE"));
    assert_eq!(a.header("x-frame-options"), Some("DENY"));

    let b = s.send(s.client.get(format!("{}/index.html", s.base))).await;
    assert_ne!(
        nonce_of(b.header("content-security-policy").unwrap()),
        nonce
    );
}

#[tokio::test]
async fn client_routes_fall_back_to_index_but_api_and_files_do_not() {
    let (s, _dist) = spa_server().await;
    for route in ["/tickets/42", "/login", "/map/coverage"] {
        let r = s.send(s.client.get(format!("{}{route}", s.base))).await;
        assert_eq!(r.status, 200, "{route}");
        assert!(r.text.contains("<!doctype html>"), "{route}");
        assert!(r.header("content-security-policy").is_some());
    }
    let js = s.send(s.client.get(format!("{}/app.js", s.base))).await;
    assert_eq!(js.status, 200);
    assert!(js.text.contains("export default"));
    assert_eq!(js.header("x-content-type-options"), Some("nosniff"));

    s.send(s.client.get(format!("{}/missing.js", s.base)))
        .await
        .assert_error(404, "not_found");
    s.send(s.client.get(format!("{}/api/v1/nope", s.base)))
        .await
        .assert_error(404, "route_not_found");
    s.send(s.client.get(format!("{}/api/other", s.base)))
        .await
        .assert_error(404, "route_not_found");
    s.send(s.client.post(format!("{}/", s.base)))
        .await
        .assert_error(405, "method_not_allowed");
    s.send(s.client.get(format!("{}/Cargo.toml", s.base)))
        .await
        .assert_error(404, "not_found");

    // A page chunk: served as wasm, cacheable for good (its folder name is its hash); other
    // files and index.html are not.
    let chunk = s
        .send(
            s.client
                .get(format!("{}/wasm-0123456789abcdef/split_map.wasm", s.base)),
        )
        .await;
    assert_eq!(chunk.status, 200);
    assert_eq!(chunk.header("content-type"), Some("application/wasm"));
    assert_eq!(
        chunk.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(js.header("cache-control"), None);
    s.send(
        s.client
            .get(format!("{}/wasm-0123456789abcdef/split_gone.wasm", s.base)),
    )
    .await
    .assert_error(404, "not_found");

    let config = s
        .send(s.client.get(format!("{}/config.json", s.base)))
        .await;
    assert_eq!(config.status, 200);
    assert_eq!(config.body["tile_url"], TILES);
    assert_eq!(config.body["api_base"], "");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let (s, _dist) = spa_server().await;
    let urls = [
        format!("{}/", s.base),
        format!("{}/tickets/42", s.base),
        format!("{}/app.js", s.base),
        format!("{}/missing.js", s.base),
        s.url("/health"),
        s.url("/tickets"),
        s.url("/no-such-route"),
    ];
    for url in urls {
        let r = s.send(s.client.get(&url)).await;
        for (name, want) in [
            ("x-content-type-options", "nosniff"),
            ("x-frame-options", "DENY"),
            ("referrer-policy", "no-referrer"),
            ("cross-origin-opener-policy", "same-origin"),
            ("cross-origin-resource-policy", "same-origin"),
        ] {
            assert_eq!(r.header(name), Some(want), "{name} on {url}");
        }
        let pp = r.header("permissions-policy").unwrap_or("");
        assert!(
            pp.contains("camera=()"),
            "permissions-policy on {url}: {pp}"
        );
        let csp = r.header("content-security-policy").unwrap_or("");
        assert!(
            csp.contains("frame-ancestors 'none'"),
            "CSP on {url}: {csp}"
        );
        assert!(csp.contains("base-uri 'none'"), "CSP on {url}: {csp}");
        for bad in ["'unsafe-eval'", "'unsafe-inline'"] {
            assert!(!csp.contains(bad), "{bad} in the CSP of {url}: {csp}");
        }
        let is_page = r
            .header("content-type")
            .is_some_and(|ct| ct.starts_with("text/html"));
        if is_page {
            assert!(csp.contains("'wasm-unsafe-eval'"), "{url}: {csp}");
            assert!(csp.contains("script-src 'self' 'nonce-"), "{url}: {csp}");
        } else {
            assert!(csp.starts_with("default-src 'none'"), "{url}: {csp}");
        }
    }
}

/// `config.json` is revalidated on every load, whether the server rewrites it (`--tile-url`)
/// or serves the built file as is, so an edited configuration reaches browsers.
#[tokio::test]
async fn config_json_is_never_cached_unchecked() {
    let (rewritten, _dist) = spa_server().await;
    let r = rewritten
        .send(
            rewritten
                .client
                .get(format!("{}/config.json", rewritten.base)),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("cache-control"), Some("no-cache"));

    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), INDEX).unwrap();
    std::fs::write(dist.path().join("config.json"), r#"{"api_base": ""}"#).unwrap();
    let dir = dist.path().to_owned();
    let s = common::start_with(move |c| c.static_dir = Some(dir)).await;
    let r = s
        .send(s.client.get(format!("{}/config.json", s.base)))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["api_base"], "");
    assert_eq!(r.header("cache-control"), Some("no-cache"));
    // A revalidation that finds the file unchanged says so, still without a lifetime.
    let modified = r.header("last-modified").unwrap().to_owned();
    let again = s
        .send(
            s.client
                .get(format!("{}/config.json", s.base))
                .header("if-modified-since", modified),
        )
        .await;
    assert_eq!(again.status, 304);
    assert_eq!(again.header("cache-control"), Some("no-cache"));
}
