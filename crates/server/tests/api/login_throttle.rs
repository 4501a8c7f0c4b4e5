//! Brute-force protection of `POST /auth/login`: growing delays per (account, address), per
//! account and per address, answered 429 with `Retry-After` without checking the password,
//! ended by the clock, a successful sign-in or an administrator.
//!
//! The servers trust 127.0.0.1 as a reverse proxy, so each request names its client address in
//! `X-Forwarded-For`; requests without it come from 127.0.0.1, where the demo users signed in
//! at start (their known address).

use crate::common;

use common::{Resp, TestServer};
use reqwest::Method;
use serde_json::json;
use spotdesk_server::store::login_throttle::unlock_account;

/// A server that believes 127.0.0.1's `X-Forwarded-For` and lets tests move its clock.
async fn start() -> TestServer {
    common::start_with(|c| {
        c.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
        c.test_clock = true;
    })
    .await
}

/// `POST /auth/login` from client address `from` (`None`: 127.0.0.1 itself).
async fn login(s: &TestServer, user: &str, password: &str, from: Option<&str>) -> Resp {
    let mut rb = s
        .req(Method::POST, "/auth/login", None)
        .json(&json!({"username": user, "password": password}));
    if let Some(addr) = from {
        rb = rb.header("X-Forwarded-For", addr);
    }
    s.send(rb).await
}

/// Asserts a 429 `rate_limited`; returns its `Retry-After`.
#[track_caller]
fn assert_locked(r: &Resp) -> i64 {
    r.assert_error(429, "rate_limited");
    r.header("retry-after")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("429 without a numeric Retry-After: {:?}", r.headers))
}

/// Sets the server clock `seconds` ahead of real time.
async fn set_clock(s: &TestServer, seconds: i64) {
    let r = s
        .send(
            s.req(Method::POST, "/test/clock", Some("admin"))
                .json(&json!({"offset_seconds": seconds})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
}

/// Stored failures of one counter (0 when there is no row).
async fn failures(s: &TestServer, scope: &str, username: &str, address: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT failures FROM login_throttle WHERE scope = $1 AND username = $2 AND address = $3",
    )
    .bind(scope)
    .bind(username)
    .bind(address)
    .fetch_optional(&s.state.db)
    .await
    .unwrap()
    .unwrap_or(0)
}

const ATTACKER: &str = "198.51.100.7";

#[tokio::test]
async fn wrong_passwords_lock_the_pair_until_the_clock_moves_past_the_delay() {
    let s = start().await;
    for n in 1..=5 {
        let r = login(&s, "agent", "guess", Some(ATTACKER)).await;
        assert_eq!(r.status, 401, "failure {n}: {}", r.text);
    }
    // From the 5th failure on, this address waits 30 s for this account.
    let wait = assert_locked(&login(&s, "agent", "guess", Some(ATTACKER)).await);
    assert!((1..=30).contains(&wait), "Retry-After {wait}");
    // The right password during the delay gets the same 429: the password is not looked at.
    let wait2 = assert_locked(&login(&s, "agent", "demo", Some(ATTACKER)).await);
    assert!(wait2 <= wait);
    // ... not even a password check is waited for: with every check taken, still an instant 429.
    {
        let mut held = Vec::new();
        while let Ok(Ok(p)) = tokio::time::timeout(
            std::time::Duration::from_millis(100),
            s.state.password_checks.acquire(),
        )
        .await
        {
            held.push(p);
        }
        let started = std::time::Instant::now();
        assert_locked(&login(&s, "agent", "demo", Some(ATTACKER)).await);
        assert!(started.elapsed() < std::time::Duration::from_millis(1500));
    }
    // Refused attempts are not counted.
    assert_eq!(failures(&s, "pair", "agent", ATTACKER).await, 5);

    // The owner, from their own address or another one, is not held back.
    assert_eq!(login(&s, "agent", "demo", None).await.status, 200);
    assert_eq!(
        login(&s, "agent", "demo", Some("198.51.100.8"))
            .await
            .status,
        200
    );
    // ... and that does not free the attacker's address.
    assert_locked(&login(&s, "agent", "demo", Some(ATTACKER)).await);

    // Once the clock is past the delay, the right password works from there too.
    set_clock(&s, 31).await;
    let r = login(&s, "agent", "demo", Some(ATTACKER)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(failures(&s, "pair", "agent", ATTACKER).await, 0);
}

#[tokio::test]
async fn delays_double_up_to_fifteen_minutes_and_refused_attempts_do_not_extend_them() {
    let s = start().await;
    for _ in 0..5 {
        assert_eq!(
            login(&s, "coordinator", "guess", Some(ATTACKER))
                .await
                .status,
            401
        );
    }
    let mut clock = 0;
    let mut seen = Vec::new();
    for expected in [30, 60, 120, 240, 480, 900, 900] {
        let wait = assert_locked(&login(&s, "coordinator", "guess", Some(ATTACKER)).await);
        assert!(
            wait <= expected && wait > expected - 5,
            "Retry-After {wait}, expected about {expected}"
        );
        // Hammering during the delay changes nothing.
        for _ in 0..3 {
            let again = assert_locked(&login(&s, "coordinator", "guess", Some(ATTACKER)).await);
            assert!(again <= wait);
        }
        seen.push(wait);
        clock += expected + 1;
        set_clock(&s, clock).await;
        // The next failure is counted and starts the next, longer delay.
        assert_eq!(
            login(&s, "coordinator", "guess", Some(ATTACKER))
                .await
                .status,
            401
        );
    }
    assert_eq!(failures(&s, "pair", "coordinator", ATTACKER).await, 12);
    // The lock ends by itself even after many failures: at most 15 minutes.
    let wait = assert_locked(&login(&s, "coordinator", "demo", Some(ATTACKER)).await);
    assert!(wait <= 900, "{seen:?} then {wait}");
    set_clock(&s, clock + 901).await;
    assert_eq!(
        login(&s, "coordinator", "demo", Some(ATTACKER))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn a_successful_sign_in_resets_the_count() {
    let s = start().await;
    let from = Some("198.51.100.20");
    for _ in 0..4 {
        assert_eq!(login(&s, "engineer", "typo", from).await.status, 401);
    }
    assert_eq!(login(&s, "engineer", "demo", from).await.status, 200);
    assert_eq!(failures(&s, "pair", "engineer", "198.51.100.20").await, 0);
    assert_eq!(failures(&s, "account", "engineer", "").await, 0);
    // Four more typos are again allowed; the fifth failure starts the delay.
    for _ in 0..5 {
        assert_eq!(login(&s, "engineer", "typo", from).await.status, 401);
    }
    assert_locked(&login(&s, "engineer", "demo", from).await);
}

#[tokio::test]
async fn guessing_from_many_addresses_locks_the_account_but_not_its_owners_address() {
    let s = start().await;
    // 20 addresses, one guess each: no pair reaches its limit, the account does.
    for i in 1..=20 {
        let r = login(&s, "manager", "guess", Some(&format!("203.0.113.{i}"))).await;
        assert_eq!(r.status, 401, "guess {i}: {}", r.text);
    }
    assert_eq!(failures(&s, "account", "manager", "").await, 20);
    // A new address is held back, whatever the password.
    assert_locked(&login(&s, "manager", "demo", Some("203.0.113.99")).await);
    // The owner's address (where they signed in before) is not: failing on purpose elsewhere
    // cannot lock them out. Their sign-in resets the account's count.
    let r = login(&s, "manager", "demo", None).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(failures(&s, "account", "manager", "").await, 0);
    assert_eq!(
        login(&s, "manager", "demo", Some("203.0.113.99"))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn one_address_trying_many_accounts_is_held_back() {
    let s = start().await;
    let sprayer = Some("192.0.2.66");
    // Made-up usernames count like real ones (throttling tells nothing about which exist).
    for i in 0..30 {
        let r = login(&s, &format!("user-{i}"), "Summer2024!", sprayer).await;
        assert_eq!(r.status, 401, "try {i}: {}", r.text);
    }
    assert_locked(&login(&s, "agent2", "Summer2024!", sprayer).await);
    assert_locked(&login(&s, "agent2", "demo", sprayer).await);
    // Other addresses are not affected.
    assert_eq!(
        login(&s, "agent2", "demo", Some("192.0.2.67")).await.status,
        200
    );
    // A day later the counters are forgotten and their rows deleted.
    set_clock(&s, 25 * 3600).await;
    assert_eq!(
        login(&s, "user-0", "Summer2024!", sprayer).await.status,
        401
    );
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_throttle")
        .fetch_one(&s.state.db)
        .await
        .unwrap();
    assert_eq!(rows, 3, "only the counters of the newest failure stay");
    assert_eq!(failures(&s, "address", "", "192.0.2.66").await, 1);
}

#[tokio::test]
async fn an_administrator_can_lift_an_accounts_lock() {
    let s = start().await;
    for _ in 0..5 {
        login(&s, "agent", "guess", Some(ATTACKER)).await;
    }
    assert_locked(&login(&s, "agent", "demo", Some(ATTACKER)).await);
    assert_eq!(unlock_account(&s.state.db, "agent").await.unwrap(), 2);
    assert_eq!(login(&s, "agent", "demo", Some(ATTACKER)).await.status, 200);
    assert_eq!(unlock_account(&s.state.db, "agent").await.unwrap(), 0);
}

#[tokio::test]
async fn the_delays_hold_across_server_processes_on_one_database() {
    let a = start().await;
    // A second server on the same database (as a second process would be).
    let b = spotdesk_server::prepare((*a.state.config).clone())
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let b_url = format!(
        "http://{}{}/auth/login",
        listener.local_addr().unwrap(),
        spotdesk_api::API_PREFIX
    );
    let app = spotdesk_server::build_app(b);
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    let login_b = |password: &'static str, from: &'static str| {
        let rb = a
            .client
            .post(&b_url)
            .header("X-Forwarded-For", from)
            .json(&json!({"username": "agent2", "password": password}));
        a.send(rb)
    };
    for _ in 0..5 {
        assert_eq!(
            login(&a, "agent2", "guess", Some(ATTACKER)).await.status,
            401
        );
    }
    assert_locked(&login_b("demo", ATTACKER).await);
    assert_eq!(login_b("demo", "198.51.100.9").await.status, 200);
}
