//! HTTP client over `gloo-net`: base URL, bearer token, JSON helpers and typed errors.
//!
//! Nothing here unwraps data from the network: every failure becomes an [`ApiError`].

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use spotdesk_api::{ErrorBody, API_PREFIX, IDEMPOTENCY_KEY_HEADER};

/// How long a request may wait for the server's answer before failing with
/// [`ApiError::Timeout`], so a stalled server never leaves the UI spinning.
pub const REQUEST_TIMEOUT_MS: u32 = 15_000;

/// Why an API call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The request never got an HTTP answer (offline, DNS, CORS, aborted).
    Network(String),
    /// No answer within [`REQUEST_TIMEOUT_MS`]: the server may or may not have acted.
    Timeout,
    /// The server answered with a non-2xx status; `body` is its [`ErrorBody`] when it sent one,
    /// `retry_after` its `Retry-After` in seconds (sent with `429 rate_limited`).
    Http {
        status: u16,
        body: Option<ErrorBody>,
        retry_after: Option<u32>,
    },
    /// A 2xx answer whose body did not have the expected shape.
    Decode(String),
}

impl ApiError {
    /// The HTTP status, if the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether no answer came at all (offline, unreachable, timed out): the server may or may
    /// not have acted.
    pub fn is_no_answer(&self) -> bool {
        matches!(self, ApiError::Network(_) | ApiError::Timeout)
    }

    /// Seconds the server asked to wait before trying again (`Retry-After`), if it did.
    pub fn retry_after(&self) -> Option<u32> {
        match self {
            ApiError::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Per-field problems the server reported (empty for other errors).
    pub fn field_errors(&self) -> &[spotdesk_api::FieldError] {
        match self {
            ApiError::Http { body: Some(b), .. } => &b.fields,
            _ => &[],
        }
    }
}

/// A configured API client: cheap to clone, one per call site.
#[derive(Debug, Clone, PartialEq)]
pub struct Client {
    /// Origin (and optional path) the API lives under; empty = the page's own origin.
    base: String,
    /// Bearer token of the signed-in user.
    token: Option<String>,
}

impl Client {
    /// A client for `base` (may be empty) with an optional bearer token.
    pub fn new(base: impl Into<String>, token: Option<String>) -> Self {
        Self {
            base: base.into(),
            token,
        }
    }

    /// Full URL of an API path such as `/tickets`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}{}", self.base.trim_end_matches('/'), API_PREFIX, path)
    }

    /// The bearer token, for the one call that cannot go through `gloo-net` (an upload with
    /// progress, `super::imports`).
    pub(super) fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    fn auth(&self, rb: RequestBuilder) -> RequestBuilder {
        let rb = rb.header("Accept", "application/json");
        match &self.token {
            Some(t) => rb.header("Authorization", &format!("Bearer {t}")),
            None => rb,
        }
    }

    /// `GET path?query` decoded as JSON.
    pub async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, ApiError> {
        parse(&self.get_text(path, query).await?)
    }

    // The request/answer halves below are not generic: one copy of their futures serves every
    // endpoint, and only the JSON parsing is instantiated per response type (smaller wasm).

    /// `GET path?query`: the body of a 2xx answer.
    async fn get_text(&self, path: &str, query: &[(&str, String)]) -> Result<String, ApiError> {
        let rb = self.auth(Request::get(&self.url(path)));
        let rb = if query.is_empty() {
            rb
        } else {
            rb.query(query.iter().map(|(k, v)| (*k, v.as_str())))
        };
        let req = rb.build().map_err(|e| ApiError::Network(e.to_string()))?;
        body_text(send(req).await?).await
    }

    /// `GET path?query` as raw bytes, asking for the media type `accept` (binary bulk data).
    pub async fn get_bytes(
        &self,
        path: &str,
        query: &[(&str, String)],
        accept: &str,
    ) -> Result<Vec<u8>, ApiError> {
        let rb = self
            .auth(Request::get(&self.url(path)))
            .header("Accept", accept);
        let rb = if query.is_empty() {
            rb
        } else {
            rb.query(query.iter().map(|(k, v)| (*k, v.as_str())))
        };
        let req = rb.build().map_err(|e| ApiError::Network(e.to_string()))?;
        let resp = send(req).await?;
        if !resp.ok() {
            return Err(http_error(resp).await);
        }
        resp.binary()
            .await
            .map_err(|e| ApiError::Network(e.to_string()))
    }

    /// `POST path` with a JSON body, decoded as JSON. `idempotency_key` is sent as the
    /// [`IDEMPOTENCY_KEY_HEADER`] when given.
    pub async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        idempotency_key: Option<&str>,
    ) -> Result<T, ApiError> {
        let body = to_json(body)?;
        parse(&self.post_text(path, body, idempotency_key).await?)
    }

    /// `POST path` with the JSON text `body`: the body of a 2xx answer.
    async fn post_text(
        &self,
        path: &str,
        body: String,
        idempotency_key: Option<&str>,
    ) -> Result<String, ApiError> {
        let mut rb = self.auth(Request::post(&self.url(path)));
        if let Some(k) = idempotency_key {
            rb = rb.header(IDEMPOTENCY_KEY_HEADER, k);
        }
        let req = json_body(rb, body)?;
        body_text(send(req).await?).await
    }

    /// `POST path` without a body, its answer decoded as JSON.
    pub async fn post_bare<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        parse(&self.post_bare_text(path).await?)
    }

    /// `POST path` without a body: the body of a 2xx answer.
    async fn post_bare_text(&self, path: &str) -> Result<String, ApiError> {
        let req = self
            .auth(Request::post(&self.url(path)))
            .build()
            .map_err(|e| ApiError::Network(e.to_string()))?;
        body_text(send(req).await?).await
    }

    /// `POST path` without a body, ignoring any response body.
    pub async fn post_empty(&self, path: &str) -> Result<(), ApiError> {
        let req = self
            .auth(Request::post(&self.url(path)))
            .build()
            .map_err(|e| ApiError::Network(e.to_string()))?;
        let resp = send(req).await?;
        if resp.ok() {
            Ok(())
        } else {
            Err(http_error(resp).await)
        }
    }

    /// `PATCH path` with `If-Match: etag`; returns the decoded body and the new `ETag`.
    pub async fn patch<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        etag: &str,
    ) -> Result<(T, Option<String>), ApiError> {
        let body = to_json(body)?;
        let (text, new_etag) = self.patch_text(path, body, etag).await?;
        Ok((parse(&text)?, new_etag))
    }

    /// `PUT path` with `If-Match: etag` (a whole document replaced); returns the decoded body
    /// and the new `ETag`.
    pub async fn put<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
        etag: &str,
    ) -> Result<(T, Option<String>), ApiError> {
        let body = to_json(body)?;
        let rb = self.auth(Request::put(&self.url(path)));
        let (text, new_etag) = self.write_text(rb, body, etag).await?;
        Ok((parse(&text)?, new_etag))
    }

    /// `PATCH path` with the JSON text `body`: the body of a 2xx answer and its `ETag`.
    async fn patch_text(
        &self,
        path: &str,
        body: String,
        etag: &str,
    ) -> Result<(String, Option<String>), ApiError> {
        let rb = self.auth(Request::patch(&self.url(path)));
        self.write_text(rb, body, etag).await
    }

    /// A conditional write (`PATCH`, `PUT`) with `If-Match: etag` and the JSON text `body`:
    /// the body of a 2xx answer and its `ETag`.
    async fn write_text(
        &self,
        rb: RequestBuilder,
        body: String,
        etag: &str,
    ) -> Result<(String, Option<String>), ApiError> {
        let rb = rb.header("If-Match", etag);
        let req = json_body(rb, body)?;
        let resp = send(req).await?;
        let new_etag = resp.headers().get("ETag");
        Ok((body_text(resp).await?, new_etag))
    }
}

/// Fetches any same-origin JSON document (not under the API prefix), e.g. `/config.json`.
pub async fn get_static<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let req = Request::get(url)
        .build()
        .map_err(|e| ApiError::Network(e.to_string()))?;
    parse(&body_text(send(req).await?).await?)
}

/// Sends `req`; fails with [`ApiError::Timeout`] when no answer comes in time.
async fn send(req: Request) -> Result<Response, ApiError> {
    use std::future::Future;
    use std::task::Poll;
    let mut answer = std::pin::pin!(req.send());
    let mut timer = std::pin::pin!(gloo_timers::future::TimeoutFuture::new(REQUEST_TIMEOUT_MS));
    std::future::poll_fn(|cx| {
        if let Poll::Ready(r) = answer.as_mut().poll(cx) {
            return Poll::Ready(r.map_err(|e| ApiError::Network(e.to_string())));
        }
        if timer.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Err(ApiError::Timeout));
        }
        Poll::Pending
    })
    .await
}

/// What gloo-net's `RequestBuilder::json` does, with the body already serialised by [`to_json`].
fn json_body(rb: RequestBuilder, body: String) -> Result<Request, ApiError> {
    rb.header("Content-Type", "application/json")
        .body(body)
        .map_err(|e| ApiError::Decode(e.to_string()))
}

/// A request body as JSON text (a failure reads as gloo-net's `json` would report it).
fn to_json<B: Serialize>(body: &B) -> Result<String, ApiError> {
    serde_json::to_string(body).map_err(|e| ApiError::Decode(e.to_string()))
}

/// The body text of a 2xx answer; any other status becomes [`ApiError::Http`].
async fn body_text(resp: Response) -> Result<String, ApiError> {
    if !resp.ok() {
        return Err(http_error(resp).await);
    }
    resp.text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))
}

pub(super) fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::Decode(e.to_string()))
}

async fn http_error(resp: Response) -> ApiError {
    let status = resp.status();
    let retry_after = resp
        .headers()
        .get("Retry-After")
        .and_then(|v| parse_retry_after(&v));
    let body = resp
        .text()
        .await
        .ok()
        .and_then(|t| serde_json::from_str::<ErrorBody>(&t).ok());
    ApiError::Http {
        status,
        body,
        retry_after,
    }
}

/// `Retry-After` as delta-seconds (the server never sends the HTTP-date form), capped at a day.
pub fn parse_retry_after(value: &str) -> Option<u32> {
    value.trim().parse::<u32>().ok().map(|s| s.min(86_400))
}

/// A fresh random idempotency key (UUID v4 text) from `crypto.getRandomValues`, falling
/// back to time + `Math.random` where Web Crypto is unavailable.
pub fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok())
        .unwrap_or(false);
    if !filled {
        let now = js_sys::Date::now() as u64;
        bytes[..8].copy_from_slice(&now.to_le_bytes());
        for b in bytes[8..].iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}
