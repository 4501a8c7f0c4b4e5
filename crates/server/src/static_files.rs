//! The built SPA: static files, `index.html` with a per-response CSP nonce, client-route fallback.

use crate::error::ApiError;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rand::RngCore;
use std::path::Path;
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// Everything outside `/api/v1`: API-looking paths get a JSON 404; otherwise static files,
/// and `index.html` for anything that is not a file (client-side routes).
pub async fn fallback(State(state): State<AppState>, req: Request) -> Response {
    let path = req.uri().path().to_owned();
    if path == "/api" || path.starts_with("/api/") {
        return ApiError::route_not_found().into_response();
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return ApiError::method_not_allowed()
            .with_header(header::ALLOW, HeaderValue::from_static("GET, HEAD"))
            .into_response();
    }
    let Some(dir) = state.config.static_dir.clone() else {
        return ApiError::not_found("page (no --static-dir configured)").into_response();
    };
    if path == "/" || path == "/index.html" {
        return index(&state, &dir).await;
    }
    if path == "/config.json" {
        if let Some(res) = runtime_config(&state, &dir).await {
            return res;
        }
    }
    let served = match ServeDir::new(&dir)
        .append_index_html_on_directories(false)
        .oneshot(req)
        .await
    {
        Ok(res) => res,
        Err(never) => match never {},
    };
    if served.status() != StatusCode::NOT_FOUND {
        let mut res = served.map(Body::new);
        if res.status().is_success() && in_hashed_folder(&path) {
            res.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            );
        } else if path == "/config.json" {
            // Revalidated on every load (cheap: `Last-Modified` answers 304), so an edited
            // configuration reaches browsers at once. Nothing secret in it: `no-store` is not
            // needed.
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        }
        return res;
    }
    let last = path.rsplit('/').next().unwrap_or("");
    if last.contains('.') {
        ApiError::not_found("file").into_response()
    } else {
        index(&state, &dir).await
    }
}

/// Whether `path` is inside the build's content-hashed wasm folder (`/wasm-<16 hex>/…`,
/// crates/wasm-split): its name changes whenever anything in it does, so browsers may keep
/// its files (main module, loader, lazily loaded chunks) for good.
pub fn in_hashed_folder(path: &str) -> bool {
    let Some(rest) = path.strip_prefix("/wasm-") else {
        return false;
    };
    let Some((hash, file)) = rest.split_once('/') else {
        return false;
    };
    hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) && !file.is_empty()
}

/// `index.html` with a fresh nonce on every `<script>` and a matching strict CSP.
async fn index(state: &AppState, dir: &Path) -> Response {
    let html = match tokio::fs::read_to_string(dir.join("index.html")).await {
        Ok(html) => html,
        Err(e) => {
            tracing::warn!(error = %e, dir = %dir.display(), "cannot read index.html");
            return ApiError::not_found("index.html").into_response();
        }
    };
    let nonce = new_nonce();
    let html = add_nonce(&html, &nonce);
    let tile_url = effective_tile_url(state, dir).await;
    let csp = content_security_policy(&nonce, tile_url.as_deref().and_then(tile_origin).as_deref());
    let mut res = (StatusCode::OK, html).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}

/// The SPA's `config.json` with `tile_url` set from `--tile-url` (`None`: serve the file as is,
/// also with `Cache-Control: no-cache`).
async fn runtime_config(state: &AppState, dir: &Path) -> Option<Response> {
    let tile_url = state.config.tile_url.as_deref()?;
    let text = tokio::fs::read_to_string(dir.join("config.json"))
        .await
        .unwrap_or_else(|_| "{}".to_owned());
    let mut config: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).unwrap_or_default();
    config.insert(
        "tile_url".to_owned(),
        serde_json::Value::String(tile_url.to_owned()),
    );
    let mut res = axum::Json(config).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Some(res)
}

/// The tile URL the SPA will use: `--tile-url`, else `tile_url` of the built `config.json`.
async fn effective_tile_url(state: &AppState, dir: &Path) -> Option<String> {
    if let Some(url) = &state.config.tile_url {
        return Some(url.clone());
    }
    let text = tokio::fs::read_to_string(dir.join("config.json"))
        .await
        .ok()?;
    let config: serde_json::Value = serde_json::from_str(&text).ok()?;
    config.get("tile_url")?.as_str().map(str::to_owned)
}

/// 128 random bits, base64.
fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    STANDARD.encode(bytes)
}

/// The placeholder Trunk writes with `create_nonce = true` (`nonce="{{__TRUNK NONCE__}}"`).
pub const TRUNK_NONCE_PLACEHOLDER: &str = "{{__TRUNK NONCE__}}";

/// Puts the nonce on every `<script` tag (case-insensitive): Trunk's placeholders are
/// replaced, and tags without a `nonce` attribute get one.
pub fn add_nonce(html: &str, nonce: &str) -> String {
    let html = html.replace(TRUNK_NONCE_PLACEHOLDER, nonce);
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len() + 64);
    let mut pos = 0;
    while let Some(found) = lower[pos..].find("<script") {
        let end = pos + found + "<script".len();
        out.push_str(&html[pos..end]);
        let is_tag = matches!(html[end..].chars().next(), Some(c) if c.is_ascii_whitespace() || c == '>' || c == '/');
        let tag_end = lower[end..].find('>').map_or(lower.len(), |i| end + i);
        if is_tag && !lower[end..tag_end].contains("nonce=") {
            out.push_str(&format!(" nonce=\"{nonce}\""));
        }
        pos = end;
    }
    out.push_str(&html[pos..]);
    out
}

/// The origin of a tile URL template for `img-src`, `{s}` subdomains becoming `*`;
/// `None` for anything that is not a plain http(s) origin.
pub fn tile_origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?.replace("{s}", "*");
    let ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '*'));
    ok.then(|| format!("{scheme}://{host}"))
}

/// The CSP of `index.html`.
pub fn content_security_policy(nonce: &str, tile_origin: Option<&str>) -> String {
    let img = match tile_origin {
        Some(o) => format!("'self' data: {o}"),
        None => "'self' data:".to_owned(),
    };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src {img}; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_go_on_every_script_tag() {
        let html =
            r#"<head><script type="module">x</script><SCRIPT src="a.js"></SCRIPT><scripts></head>"#;
        let out = add_nonce(html, "N");
        assert_eq!(out.matches("nonce=\"N\"").count(), 2);
        assert!(out.contains("<scripts>"));
    }

    #[test]
    fn only_the_hashed_wasm_folder_is_immutable() {
        assert!(in_hashed_folder("/wasm-0123456789abcdef/split_map.wasm"));
        assert!(in_hashed_folder("/wasm-0123456789abcdef/__wasm_split.js"));
        assert!(!in_hashed_folder("/wasm-0123456789abcdef/"));
        assert!(!in_hashed_folder("/wasm-0123/app.js"));
        assert!(!in_hashed_folder("/wasm-0123456789abcdeg/app.js"));
        assert!(!in_hashed_folder("/config.json"));
        assert!(!in_hashed_folder("/leaflet/leaflet.js"));
    }

    #[test]
    fn tile_origins() {
        assert_eq!(
            tile_origin("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png").as_deref(),
            Some("https://*.tile.openstreetmap.org")
        );
        assert_eq!(
            tile_origin("http://localhost:8081/t/{z}/{x}/{y}.png").as_deref(),
            Some("http://localhost:8081")
        );
        assert_eq!(tile_origin("javascript:alert(1)"), None);
        assert_eq!(tile_origin("https://evil.org;script-src *"), None);
    }

    #[test]
    fn trunk_placeholders_are_filled_not_duplicated() {
        let html = r#"<script src="/a.js" nonce="{{__TRUNK NONCE__}}"></script><script type="module">x</script>"#;
        let out = add_nonce(html, "N");
        assert_eq!(out.matches("nonce=").count(), 2);
        assert_eq!(out.matches("nonce=\"N\"").count(), 2);
    }
}
