//! Caps on open connections: per client address and in total (`--max-connections-per-client`,
//! `--max-connections`), and a rate-limited warning about the connections refused.
//!
//! The accept loop ([`crate::listener`]) asks for a [`Permit`] before serving a connection and
//! holds it until the connection ends. IPv6 clients are counted per /64 network, since one
//! host usually has a whole /64 to pick addresses from.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Open connections, counted per client and in total.
#[derive(Debug)]
pub struct ConnectionLimiter {
    per_client: usize,
    total: usize,
    open: Mutex<Open>,
}

#[derive(Debug, Default)]
struct Open {
    total: usize,
    per_client: HashMap<IpAddr, usize>,
}

/// Why a connection was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Its client already has `--max-connections-per-client` open.
    PerClient,
    /// The server already has `--max-connections` open.
    Total,
}

/// One admitted connection; dropping it frees its place.
#[derive(Debug)]
pub struct Permit {
    limiter: Arc<ConnectionLimiter>,
    /// The per-client key, `None` when the connection is exempt from the per-client cap.
    client: Option<IpAddr>,
}

impl ConnectionLimiter {
    /// A limiter with these caps (0 = no cap).
    pub fn new(per_client: usize, total: usize) -> Arc<Self> {
        Arc::new(Self {
            per_client,
            total,
            open: Mutex::new(Open::default()),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Open> {
        match self.open.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Admits a connection from `ip` unless a cap is reached; `exempt` skips the per-client
    /// cap (a trusted reverse proxy carries many clients).
    pub fn try_acquire(self: &Arc<Self>, ip: IpAddr, exempt: bool) -> Result<Permit, Refused> {
        let mut open = self.lock();
        if self.total != 0 && open.total >= self.total {
            return Err(Refused::Total);
        }
        let client = if exempt || self.per_client == 0 {
            None
        } else {
            let key = client_key(ip);
            let n = open.per_client.entry(key).or_insert(0);
            if *n >= self.per_client {
                return Err(Refused::PerClient);
            }
            *n += 1;
            Some(key)
        };
        open.total += 1;
        Ok(Permit {
            limiter: Arc::clone(self),
            client,
        })
    }

    /// Connections open now (all clients).
    pub fn open(&self) -> usize {
        self.lock().total
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut open = self.limiter.lock();
        open.total = open.total.saturating_sub(1);
        if let Some(key) = self.client {
            if let Some(n) = open.per_client.get_mut(&key) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    open.per_client.remove(&key);
                }
            }
        }
    }
}

/// The per-client key: IPv4 (also IPv4-mapped IPv6) as is, other IPv6 as its /64 network.
pub fn client_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & (u128::MAX << 64))),
        v4 => v4,
    }
}

/// Warns about refused connections at most once per period, with the counts since the
/// previous warning (a flood must not flood the log too).
#[derive(Debug)]
pub struct RefusalLog {
    every: Duration,
    last: Option<Instant>,
    per_client: u64,
    total: u64,
}

impl RefusalLog {
    /// A log that warns at most once per `every`.
    pub fn new(every: Duration) -> Self {
        Self {
            every,
            last: None,
            per_client: 0,
            total: 0,
        }
    }

    /// Counts one refusal of a connection from `ip`; warns when the period has passed.
    pub fn record(&mut self, why: Refused, ip: IpAddr) {
        match why {
            Refused::PerClient => self.per_client += 1,
            Refused::Total => self.total += 1,
        }
        let now = Instant::now();
        if self
            .last
            .is_some_and(|t| now.duration_since(t) < self.every)
        {
            return;
        }
        tracing::warn!(
            over_client_cap = self.per_client,
            over_total_cap = self.total,
            latest = %ip,
            "refused connections over the connection caps (counts since the last warning)"
        );
        self.last = Some(now);
        self.per_client = 0;
        self.total = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or_else(|_| panic!("bad test address {s}"))
    }

    #[test]
    fn caps_per_client_and_in_total() {
        let l = ConnectionLimiter::new(2, 3);
        let a1 = l.try_acquire(ip("10.0.0.1"), false);
        let a2 = l.try_acquire(ip("10.0.0.1"), false);
        assert!(a1.is_ok() && a2.is_ok());
        assert_eq!(
            l.try_acquire(ip("10.0.0.1"), false).err(),
            Some(Refused::PerClient)
        );
        let b = l.try_acquire(ip("10.0.0.2"), false);
        assert!(b.is_ok());
        assert_eq!(
            l.try_acquire(ip("10.0.0.3"), false).err(),
            Some(Refused::Total)
        );
        drop(a1);
        assert_eq!(l.open(), 2);
        assert!(l.try_acquire(ip("10.0.0.1"), false).is_ok());
    }

    #[test]
    fn exempt_clients_and_zero_caps_are_not_counted_per_client() {
        let l = ConnectionLimiter::new(1, 0);
        let proxy = ip("10.0.0.7");
        let held: Vec<_> = (0..5).map(|_| l.try_acquire(proxy, true)).collect();
        assert!(held.iter().all(Result::is_ok));
        assert!(l.try_acquire(proxy, false).is_ok());
        let off = ConnectionLimiter::new(0, 0);
        let many: Vec<_> = (0..100).map(|_| off.try_acquire(proxy, false)).collect();
        assert!(many.iter().all(Result::is_ok));
        drop(many);
        assert_eq!(off.open(), 0);
        assert!(off.lock().per_client.is_empty());
    }

    #[test]
    fn ipv6_counts_per_64_and_mapped_ipv4_as_ipv4() {
        assert_eq!(client_key(ip("2001:db8:1:2:aaaa::1")), ip("2001:db8:1:2::"));
        assert_eq!(client_key(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
        let l = ConnectionLimiter::new(1, 0);
        let _first = l.try_acquire(ip("2001:db8::1"), false);
        assert_eq!(
            l.try_acquire(ip("2001:db8::2"), false).err(),
            Some(Refused::PerClient)
        );
        assert!(l.try_acquire(ip("2001:db8:0:1::1"), false).is_ok());
    }
}
