//! Per-client rate limit of the public endpoints (fixed windows, in memory).

use crate::error::{ApiError, ApiResult};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use spotdesk_api::codes;
use spotdesk_core::public::{hit, Verdict, Window};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// Clients remembered before old windows are swept.
const MAX_CLIENTS: usize = 100_000;

/// Request counters per client address.
#[derive(Debug)]
pub struct RateLimiter {
    limit: u32,
    window_secs: u64,
    clients: Mutex<HashMap<Option<IpAddr>, Window>>,
}

impl RateLimiter {
    /// A limiter allowing `limit` requests per `window_secs` per client (0 = unlimited).
    pub fn new(limit: u32, window_secs: u64) -> Self {
        Self {
            limit,
            window_secs,
            clients: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request of `client`; a 429 `rate_limited` error with `Retry-After` when over.
    pub fn check(&self, client: Option<IpAddr>) -> ApiResult<()> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let mut clients = match self.clients.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        if clients.len() >= MAX_CLIENTS {
            let window = self.window_secs;
            clients.retain(|_, w| w.start.saturating_add(window) > now);
        }
        let w = clients.entry(client).or_insert(Window {
            start: now,
            count: 0,
        });
        match hit(w, now, self.limit, self.window_secs) {
            Verdict::Allowed => Ok(()),
            Verdict::RetryAfter(secs) => Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                codes::RATE_LIMITED,
                format!("Too many requests from your address; try again in {secs} seconds."),
            )
            .with_header(header::RETRY_AFTER, HeaderValue::from(secs))),
        }
    }
}

/// The client's IP address (when the server knows it): the key of the public rate limit.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}
