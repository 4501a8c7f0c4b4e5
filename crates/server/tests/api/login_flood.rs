//! A flood of wrong sign-ins neither runs unbounded password checks nor leaves the process
//! holding their memory. One test only: it measures this process's resident memory, which
//! other tests running alongside would disturb.

use crate::common;

use futures_util::future::join_all;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Concurrent sign-ins of the flood.
const FLOOD: usize = 500;

/// How much the resident memory may grow from idle to after the flood.
const MAX_GROWTH_KIB: u64 = 300 * 1024;

/// This process's resident set (`VmRSS`), in KiB.
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_wrong_sign_ins_is_bounded_in_work_and_memory() {
    // Every request names its own client address (127.0.0.1 is a trusted proxy) and its own
    // username, so no throttle counter reaches its limit: only the bound on password checks
    // stands between the flood and argon2.
    let s = common::start_with(|c| c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle = rss_kib();

    let peak = Arc::new(AtomicU64::new(idle));
    let sampler = {
        let peak = peak.clone();
        tokio::spawn(async move {
            loop {
                peak.fetch_max(rss_kib(), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    let url = s.url("/auth/login");
    let started = std::time::Instant::now();
    let requests = (0..FLOOD).map(|i| {
        let (client, url) = (s.client.clone(), url.clone());
        async move {
            let res = client
                .post(url)
                .header(
                    "X-Forwarded-For",
                    format!("10.77.{}.{}", i / 250, i % 250 + 1),
                )
                .json(&json!({"username": format!("flood-{i}"), "password": "wrong"}))
                .send()
                .await
                .unwrap_or_else(|e| panic!("request {i}: {e}"));
            let status = res.status().as_u16();
            let retry_after = res.headers().contains_key("retry-after");
            let body: serde_json::Value = res.json().await.unwrap_or_default();
            (
                status,
                retry_after,
                body["code"].as_str().unwrap_or("").to_owned(),
            )
        }
    });
    let results = join_all(requests).await;
    let took = started.elapsed();
    tokio::time::sleep(Duration::from_millis(500)).await;
    sampler.abort();
    let after = rss_kib();
    let peak = peak.load(Ordering::Relaxed).max(after);

    let mut by_status: BTreeMap<u16, usize> = BTreeMap::new();
    for (status, _, _) in &results {
        *by_status.entry(*status).or_default() += 1;
    }
    eprintln!(
        "{FLOOD} concurrent wrong sign-ins in {took:?}: {by_status:?}; RSS idle {} MiB, \
         peak {} MiB, after {} MiB",
        idle / 1024,
        peak / 1024,
        after / 1024
    );
    for (status, retry_after, code) in &results {
        match status {
            401 => assert_eq!(code, "unauthenticated"),
            503 => assert!(code == "busy" && *retry_after, "503 {code} {retry_after}"),
            429 => assert!(code == "rate_limited" && *retry_after, "429 {code}"),
            other => panic!("unexpected status {other} ({code})"),
        }
    }
    let held_back =
        by_status.get(&503).copied().unwrap_or(0) + by_status.get(&429).copied().unwrap_or(0);
    assert!(held_back > 0, "nothing was held back: {by_status:?}");
    assert!(
        after < idle + MAX_GROWTH_KIB,
        "RSS grew from {idle} KiB to {after} KiB"
    );
    assert!(
        peak < idle + MAX_GROWTH_KIB,
        "RSS peaked at {peak} KiB (idle {idle} KiB)"
    );
}
