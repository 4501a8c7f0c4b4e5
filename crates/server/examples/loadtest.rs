//! Load test: 80 % reads / 20 % writes against a server on SQLite over loopback, bounded in time.
//!
//! ```text
//! cargo run --release -p spotdesk-server --example loadtest -- [SECONDS] [CONNECTIONS] [URL]
//! ```
//!
//! Without a URL it starts the server in this process on a fresh SQLite file in a temp directory
//! with demo data (14 days x 40 tickets). Reads: the ticket list, one ticket, its comments, the
//! incident list; writes: new tickets and comments (each with its own idempotency key). Prints
//! requests/s, p50/p99 latency and errors, and exits 1 when the targets (>= 500 req/s, p99 <
//! 100 ms, no errors) are missed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use serde_json::{json, Value};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What one worker saw.
#[derive(Default)]
struct Tally {
    latencies_us: Vec<u64>,
    reads: u64,
    writes: u64,
    errors: Vec<String>,
}

/// A tiny xorshift generator: the mix of requests, not security.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seconds: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(20);
    let connections: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(8);
    let _dir;
    let base = match args.get(2) {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => {
            let dir = tempfile::tempdir().expect("temp dir");
            let mut config = spotdesk_server::Config::with_db(format!(
                "sqlite://{}",
                dir.path().join("load.db").display()
            ));
            config.demo = true;
            config.demo_days = 14;
            config.demo_tickets_per_day = 40;
            let state = spotdesk_server::prepare(config)
                .await
                .expect("server state");
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            tokio::spawn(spotdesk_server::serve(listener, state));
            _dir = dir;
            format!("http://{addr}")
        }
    };
    assert!(
        base.starts_with("http://127.0.0.1") || base.starts_with("http://localhost"),
        "loopback only"
    );
    let api = format!("{base}/api/v1");
    let client = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(connections)
        .build()
        .unwrap();
    let login: Value = client
        .post(format!("{api}/auth/login"))
        .json(&json!({"username": "agent", "password": "demo"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = Arc::new(login["token"].as_str().expect("token").to_owned());
    let page: Value = client
        .get(format!("{api}/tickets?limit=200"))
        .bearer_auth(token.as_str())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Arc<Vec<i64>> = Arc::new(
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| t["id"].as_i64())
            .collect(),
    );
    let ticket_body = Arc::new(json!({
        "service_code": "number-block", "kind": "incident", "channel": "phone",
        "topic": "lost-phone", "description": "Load test", "customer_phone": "+79125550199",
        "address_string": "Ленина, 1", "fields": {"block_reason": "lost"}
    }));
    let counter = Arc::new(AtomicU64::new(0));

    println!("load test: {connections} connections for {seconds} s against {base} (80 % reads, 20 % writes)");
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..connections)
        .map(|w| {
            let (client, api, token, ids, body, counter) = (
                client.clone(),
                api.clone(),
                token.clone(),
                ids.clone(),
                ticket_body.clone(),
                counter.clone(),
            );
            tokio::spawn(async move {
                let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (w as u64 + 1));
                let mut tally = Tally::default();
                while Instant::now() < until {
                    let id = ids[rng.below(ids.len() as u64) as usize];
                    let roll = rng.below(100);
                    let n = counter.fetch_add(1, Ordering::Relaxed);
                    let rb = match roll {
                        0..=29 => client.get(format!("{api}/tickets?limit=20")),
                        30..=59 => client.get(format!("{api}/tickets/{id}")),
                        60..=69 => client.get(format!("{api}/tickets/{id}/comments")),
                        70..=79 => client.get(format!("{api}/incidents?limit=50")),
                        80..=91 => client
                            .post(format!("{api}/tickets"))
                            .header("Idempotency-Key", format!("load-{w}-{n}"))
                            .json(body.as_ref()),
                        _ => client
                            .post(format!("{api}/tickets/{id}/comments"))
                            .header("Idempotency-Key", format!("load-c-{w}-{n}"))
                            .json(&json!({"text": "load test comment"})),
                    };
                    let t0 = Instant::now();
                    let result = rb.bearer_auth(token.as_str()).send().await;
                    let outcome = match result {
                        Ok(r) => {
                            let status = r.status();
                            match r.bytes().await {
                                Ok(_) if status.is_success() => Ok(()),
                                Ok(b) => Err(format!("{status}: {}", String::from_utf8_lossy(&b))),
                                Err(e) => Err(e.to_string()),
                            }
                        }
                        Err(e) => Err(e.to_string()),
                    };
                    tally
                        .latencies_us
                        .push(t0.elapsed().as_micros().try_into().unwrap_or(u64::MAX));
                    if roll < 80 {
                        tally.reads += 1;
                    } else {
                        tally.writes += 1;
                    }
                    if let Err(e) = outcome {
                        tally.errors.push(e);
                    }
                }
                tally
            })
        })
        .collect();
    let mut all = Tally::default();
    for w in workers {
        let t = w.await.unwrap();
        all.latencies_us.extend(t.latencies_us);
        all.reads += t.reads;
        all.writes += t.writes;
        all.errors.extend(t.errors);
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.latencies_us.sort_unstable();
    let pct = |p: f64| {
        let v = &all.latencies_us;
        if v.is_empty() {
            0.0
        } else {
            v[((v.len() as f64 - 1.0) * p).round() as usize] as f64 / 1000.0
        }
    };
    let total = all.latencies_us.len();
    let rps = total as f64 / elapsed;
    let (p50, p99) = (pct(0.50), pct(0.99));
    println!(
        "requests: {total} ({} reads, {} writes) in {elapsed:.1} s = {rps:.0} req/s",
        all.reads, all.writes
    );
    println!(
        "latency: p50 {p50:.1} ms, p99 {p99:.1} ms, max {:.1} ms",
        pct(1.0)
    );
    println!("errors: {}", all.errors.len());
    for e in all.errors.iter().take(5) {
        println!("  {e}");
    }
    let ok = rps >= 500.0 && p99 < 100.0 && all.errors.is_empty();
    println!(
        "targets (>= 500 req/s, p99 < 100 ms, 0 errors): {}",
        if ok { "met" } else { "MISSED" }
    );
    if !ok {
        std::process::exit(1);
    }
}
