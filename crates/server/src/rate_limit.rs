//! Per-client rate limit of the public endpoints (fixed windows, in memory).
//!
//! The client is the TCP peer address. Behind a reverse proxy every request comes from the
//! proxy, so all customers would share one window: `--trusted-proxy` (opt-in) names the
//! proxies whose `X-Forwarded-For` is believed. Only when the connection comes from a
//! trusted proxy is the header read, right to left, skipping further trusted proxies; the
//! first other address is the client. From anyone else the header is ignored (it is trivially
//! forged), so without the setting nothing changes.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use chrono::{DateTime, Utc};
use spotdesk_api::codes;
use spotdesk_core::public::{hit, Verdict, Window};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;
use std::sync::Mutex;

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

    /// Counts one request of `client` at `now` (the server clock's); a 429 `rate_limited` error
    /// with `Retry-After` when over.
    pub fn check(&self, client: Option<IpAddr>, now: DateTime<Utc>) -> ApiResult<()> {
        let now = u64::try_from(now.timestamp()).unwrap_or(0);
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

/// A trusted reverse proxy: one address (`10.0.0.7`, `::1`) or a network (`10.0.0.0/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrustedProxy {
    net: IpAddr,
    prefix: u8,
}

impl TrustedProxy {
    /// Whether `ip` lies in this network (an IPv4-mapped IPv6 address counts as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (self.net, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(n) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(n) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

/// `::ffff:1.2.3.4` as `1.2.3.4`; anything else unchanged.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

impl FromStr for TrustedProxy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let net = canonical(
            addr.parse::<IpAddr>()
                .map_err(|_| format!("`{s}` is not an IP address or CIDR network"))?,
        );
        let max = if net.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("`{s}`: the prefix length is 0..={max}"))?,
        };
        Ok(Self { net, prefix })
    }
}

/// The address the rate limit counts for a request from `peer` with these headers.
///
/// `X-Forwarded-For` is read only when `peer` is a trusted proxy; then the rightmost entry
/// that is not itself a trusted proxy is the client (entries left of it could be forged by
/// the client). An unreadable header falls back to `peer`.
pub fn client_ip(
    peer: Option<IpAddr>,
    headers: &HeaderMap,
    trusted: &[TrustedProxy],
) -> Option<IpAddr> {
    let p = canonical(peer?);
    let peer = Some(p);
    let is_trusted = |ip: IpAddr| trusted.iter().any(|t| t.contains(ip));
    if !is_trusted(p) {
        return peer;
    }
    let mut hops: Vec<IpAddr> = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        let Ok(text) = value.to_str() else {
            return peer;
        };
        for part in text.split(',') {
            match parse_hop(part) {
                Some(ip) => hops.push(ip),
                None => return peer,
            }
        }
    }
    Some(
        hops.iter()
            .rev()
            .copied()
            .find(|ip| !is_trusted(*ip))
            // Every hop is a trusted proxy: the leftmost is the closest thing to a client.
            .or_else(|| hops.first().copied())
            .unwrap_or(p),
    )
}

/// One `X-Forwarded-For` entry: an address, possibly `[v6]:port` or `v4:port`.
fn parse_hop(part: &str) -> Option<IpAddr> {
    let part = part.trim();
    if let Ok(ip) = part.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Ok(sa) = part.parse::<SocketAddr>() {
        return Some(canonical(sa.ip()));
    }
    part.strip_prefix('[')
        .and_then(|r| r.strip_suffix(']'))
        .and_then(|r| r.parse::<IpAddr>().ok())
        .map(canonical)
}

/// The client's IP address (when the server knows it): the key of the public rate limit.
/// See [`client_ip`] for how a trusted proxy's `X-Forwarded-For` is used.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(ClientAddr(client_ip(
            peer,
            &parts.headers,
            &state.config.trusted_proxies,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or_else(|_| panic!("bad test address {s}"))
    }

    fn proxies(list: &[&str]) -> Vec<TrustedProxy> {
        list.iter()
            .map(|s| s.parse().unwrap_or_else(|e| panic!("{e}")))
            .collect()
    }

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(
                "x-forwarded-for",
                HeaderValue::from_str(v).unwrap_or_else(|_| panic!("{v}")),
            );
        }
        h
    }

    #[test]
    fn networks_parse_and_match() {
        let t: TrustedProxy = "10.1.0.0/16".parse().unwrap_or_else(|e| panic!("{e}"));
        assert!(t.contains(ip("10.1.200.3")));
        assert!(!t.contains(ip("10.2.0.1")));
        assert!(t.contains(ip("::ffff:10.1.0.9")));
        let one: TrustedProxy = "127.0.0.1".parse().unwrap_or_else(|e| panic!("{e}"));
        assert!(one.contains(ip("127.0.0.1")) && !one.contains(ip("127.0.0.2")));
        let v6: TrustedProxy = "fd00::/8".parse().unwrap_or_else(|e| panic!("{e}"));
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        let all: TrustedProxy = "0.0.0.0/0".parse().unwrap_or_else(|e| panic!("{e}"));
        assert!(all.contains(ip("8.8.8.8")));
        for bad in ["", "10.0.0.0/33", "::/129", "proxy", "10.0.0.0/x", "1.2.3"] {
            assert!(bad.parse::<TrustedProxy>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_proxy() {
        let t = proxies(&["10.0.0.0/8"]);
        let h = xff(&["203.0.113.9"]);
        // From the proxy: the forwarded client.
        assert_eq!(
            client_ip(Some(ip("10.0.0.2")), &h, &t),
            Some(ip("203.0.113.9"))
        );
        // From anyone else: the header is ignored.
        assert_eq!(
            client_ip(Some(ip("198.51.100.1")), &h, &t),
            Some(ip("198.51.100.1"))
        );
        // Without the setting the header never counts.
        assert_eq!(
            client_ip(Some(ip("10.0.0.2")), &h, &[]),
            Some(ip("10.0.0.2"))
        );
        // No header: the proxy itself.
        assert_eq!(
            client_ip(Some(ip("10.0.0.2")), &HeaderMap::new(), &t),
            Some(ip("10.0.0.2"))
        );
        assert_eq!(client_ip(None, &h, &t), None);
    }

    #[test]
    fn a_forged_leftmost_entry_does_not_change_the_client() {
        let t = proxies(&["10.0.0.0/8"]);
        // The client sent "1.1.1.1" itself; the proxy appended the real peer.
        let h = xff(&["1.1.1.1, 203.0.113.9"]);
        assert_eq!(
            client_ip(Some(ip("10.0.0.2")), &h, &t),
            Some(ip("203.0.113.9"))
        );
        // Two proxies in a row, and two header lines.
        let h = xff(&["1.1.1.1, 203.0.113.9", "10.0.0.5"]);
        assert_eq!(
            client_ip(Some(ip("10.0.0.2")), &h, &t),
            Some(ip("203.0.113.9"))
        );
        // Ports and brackets are understood; garbage falls back to the peer.
        let h = xff(&["[2001:db8::7]:4711, 203.0.113.9:80"]);
        assert_eq!(
            client_ip(Some(ip("10.0.0.2")), &h, &t),
            Some(ip("203.0.113.9"))
        );
        let h = xff(&["not an address"]);
        assert_eq!(
            client_ip(Some(ip("10.0.0.2")), &h, &t),
            Some(ip("10.0.0.2"))
        );
    }
}
