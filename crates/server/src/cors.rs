//! Cross-origin use of the API: an SPA (or any browser client) hosted on another origin may
//! call the API when its origin is configured (`--cors-origins`, `SPOTDESK_CORS_ORIGINS`). The lists below are the whole
//! contract: the reference server grants exactly these, and the API document prints them
//! ([`crate::openapi`]), so a second backend knows what it must allow and expose.

use axum::http::{HeaderName, HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// Methods a cross-origin client uses.
pub const ALLOWED_METHODS: [Method; 5] = [
    Method::GET,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
];

/// Request headers a cross-origin client sends beyond the CORS-safelisted ones: the session
/// token, JSON bodies, the media type asked for (`Accept` of the binary facts), conditional
/// updates, idempotent creates, and resuming the change stream.
pub const ALLOWED_HEADERS: [&str; 6] = [
    "authorization",
    "content-type",
    "accept",
    "if-match",
    "idempotency-key",
    "last-event-id",
];

/// Response headers a cross-origin client must be able to read: the version of an object for
/// its next update (`ETag`), where a created object lives (`Location`), and how long to wait
/// after `429 rate_limited` or `503 busy` (`Retry-After`; without it a browser hides the
/// header and the page can only guess).
pub const EXPOSED_HEADERS: [&str; 3] = ["etag", "location", "retry-after"];

/// How long a browser may cache a preflight answer, in seconds.
pub const MAX_AGE_SECS: u64 = 600;

/// The CORS layer: only the configured origins, only the lists above. Origins that are not
/// valid header values are skipped with a warning.
pub fn layer(origins: &[String]) -> CorsLayer {
    let allowed: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| match HeaderValue::from_str(o.trim()) {
            Ok(v) => Some(v),
            Err(_) => {
                tracing::warn!(origin = %o, "ignoring an invalid CORS origin");
                None
            }
        })
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(allowed))
        .allow_methods(ALLOWED_METHODS)
        .allow_headers(ALLOWED_HEADERS.map(HeaderName::from_static))
        .expose_headers(EXPOSED_HEADERS.map(HeaderName::from_static))
        .max_age(std::time::Duration::from_secs(MAX_AGE_SECS))
}

/// The paragraph of the API document on cross-origin use.
pub fn describe() -> String {
    let list = |items: &[&str]| {
        items
            .iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "**Cross-origin use.** A browser client on another origin (the SPA served from a CDN, \
say) needs CORS. A backend must answer the preflight (`OPTIONS`) of a configured origin \
allowing the methods {methods} and the request headers {headers} (header names are \
case-insensitive), and on every answer, errors included, expose the response headers \
{exposed} (`Access-Control-Expose-Headers`): the SPA reads `ETag` for the next update, \
`Location` of a created object, and `Retry-After` after `429 rate_limited` and `503 busy` \
(delta-seconds; without the exposure a browser hides it and the page can only guess). No \
cookies are used, so credentials need not be allowed. The reference server grants exactly \
this to the origins given with `--cors-origins` / `SPOTDESK_CORS_ORIGINS` (preflight cached {max_age} s) and nothing \
to any other origin; the change stream (`GET /events`) is opened with `stream_ticket` in \
the URL because `EventSource` sends no headers.",
        methods = list(&ALLOWED_METHODS.iter().map(Method::as_str).collect::<Vec<_>>()),
        headers = list(&ALLOWED_HEADERS),
        exposed = list(&EXPOSED_HEADERS),
        max_age = MAX_AGE_SECS,
    )
}
