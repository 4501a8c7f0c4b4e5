//! Several server processes on one PostgreSQL database: a change made through one process
//! reaches the `GET /events` clients of every process (PostgreSQL LISTEN/NOTIFY).
//!
//! Runs in the PostgreSQL pass of the test suite (`SPOTDESK_TEST_DATABASE_URL`, see
//! `scripts/pg.sh`); without it there is no shared database and the test only says so.

use crate::common;

use serde_json::{json, Value};
use spotdesk_api::Catalogue;
use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A `spotdesk-server serve` child process, killed when dropped.
struct ServerProcess {
    child: Child,
    base: String,
    client: reqwest::Client,
}

impl ServerProcess {
    /// Starts the server binary on the database (seeding small demo data when asked) and
    /// waits for its `Spotdesk listening on http://ADDR` line.
    async fn start(db: &str, demo: bool) -> ServerProcess {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_spotdesk-server"));
        cmd.args(["serve", "--listen", "127.0.0.1:0", "--db", db])
            .env("RUST_LOG", "warn")
            .env_remove("SPOTDESK_DB")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if demo {
            cmd.args(["--demo", "--demo-days", "2", "--demo-tickets-per-day", "5"]);
        }
        let mut child = cmd.spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let line = tokio::task::spawn_blocking(move || {
            let mut line = String::new();
            BufReader::new(stdout).read_line(&mut line).map(|_| line)
        });
        let line = tokio::time::timeout(Duration::from_secs(60), line)
            .await
            .expect("the server did not start within 60 s")
            .unwrap()
            .unwrap();
        let base = line
            .trim()
            .strip_prefix("Spotdesk listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        ServerProcess {
            child,
            base,
            client: reqwest::Client::builder().no_proxy().build().unwrap(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}{}", self.base, spotdesk_api::API_PREFIX, path)
    }

    async fn login(&self, user: &str) -> String {
        let res = self
            .client
            .post(self.url("/auth/login"))
            .json(&json!({"username": user, "password": "demo"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let body: Value = res.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    /// Opens `GET /events` (starts with the next change).
    async fn events(&self, token: &str) -> EventStream {
        let res = self
            .client
            .get(self.url("/events"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        EventStream {
            res,
            buf: String::new(),
        }
    }

    /// Registers a ticket; returns its id.
    async fn create_ticket(&self, token: &str, key: &str) -> i64 {
        let cat: Catalogue = self
            .client
            .get(self.url("/catalogue"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let res = self
            .client
            .post(self.url("/tickets"))
            .bearer_auth(token)
            .header("Idempotency-Key", key)
            .json(&common::valid_ticket(&cat))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let body: Value = res.json().await.unwrap();
        body["id"].as_i64().unwrap()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An open SSE response, read frame by frame.
struct EventStream {
    res: reqwest::Response,
    buf: String,
}

impl EventStream {
    /// The id of the next ticket `created` change (skipping other changes, e.g. a spot the
    /// ticket updated).
    async fn next_ticket_created(&mut self) -> Value {
        loop {
            let change = self.next_change().await;
            if change["entity"] == "ticket" && change["action"] == "created" {
                return change["id"].clone();
            }
        }
    }

    /// The data of the next `change` event; panics after 15 s without one.
    async fn next_change(&mut self) -> Value {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let frame: String = self.buf.drain(..end + 2).collect();
                if frame.lines().any(|l| l.trim() == "event: change") {
                    let data = frame
                        .lines()
                        .find_map(|l| l.strip_prefix("data:"))
                        .expect("a change event has data");
                    return serde_json::from_str(data.trim()).unwrap();
                }
                continue;
            }
            let chunk = tokio::time::timeout_at(deadline, self.res.chunk())
                .await
                .expect("no change event within 15 s")
                .unwrap()
                .expect("the stream ended");
            self.buf.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}

#[tokio::test]
async fn a_change_through_one_server_reaches_the_clients_of_every_server() {
    let Some(db) = common::TestDb::postgres().await else {
        eprintln!(
            "{} is not set: the multi-process test needs PostgreSQL (scripts/pg.sh)",
            common::PG_ENV
        );
        return;
    };
    // The first process migrates and seeds; the second joins the same database.
    let a = ServerProcess::start(&db.url, true).await;
    let b = ServerProcess::start(&db.url, false).await;
    let (token_a, token_b) = (a.login("agent").await, b.login("agent2").await);
    let mut on_a = a.events(&token_a).await;
    let mut on_b = b.events(&token_b).await;

    // A change through A reaches B's client (and A's own).
    let id = a.create_ticket(&token_a, "cluster-1").await;
    for (name, stream) in [("B", &mut on_b), ("A", &mut on_a)] {
        assert_eq!(stream.next_ticket_created().await, json!(id), "{name}");
    }

    // And the other way round, in commit order.
    let second = b.create_ticket(&token_b, "cluster-2").await;
    let third = a.create_ticket(&token_a, "cluster-3").await;
    for (name, stream) in [("A", &mut on_a), ("B", &mut on_b)] {
        let ids = [
            stream.next_ticket_created().await,
            stream.next_ticket_created().await,
        ];
        assert_eq!(ids, [json!(second), json!(third)], "{name}");
    }

    // Concurrent writers on both processes: each client still sees every change exactly
    // once, in strictly increasing sequence order (writers are serialised cluster-wide, so
    // a sequence number never becomes visible after a higher one).
    let creates = (0..16).map(|i| {
        let (server, token) = if i % 2 == 0 {
            (&a, &token_a)
        } else {
            (&b, &token_b)
        };
        async move {
            server
                .create_ticket(token, &format!("cluster-burst-{i}"))
                .await
        }
    });
    let mut created: Vec<i64> = futures_util::future::join_all(creates).await;
    created.sort_unstable();
    for (name, stream) in [("A", &mut on_a), ("B", &mut on_b)] {
        let (mut seen, mut last_seq) = (Vec::new(), 0);
        while seen.len() < created.len() {
            let change = stream.next_change().await;
            let seq = change["seq"].as_i64().unwrap();
            assert!(seq > last_seq, "{name}: seq {seq} after {last_seq}");
            last_seq = seq;
            if change["entity"] == "ticket" && change["action"] == "created" {
                seen.push(change["id"].as_i64().unwrap());
            }
        }
        seen.sort_unstable();
        assert_eq!(seen, created, "{name}");
    }
    drop((a, b));
    drop(db);
}

#[tokio::test]
async fn a_catalogue_stored_by_another_process_replaces_every_cached_copy() {
    if std::env::var(common::PG_ENV).is_err() {
        eprintln!("{} is not set: the test needs PostgreSQL", common::PG_ENV);
        return;
    }
    let s = common::start().await;
    let mut cat = s.catalogue();
    let renamed = format!("{} (renamed elsewhere)", cat.services[0].name.en);
    cat.services[0].name.en.clone_from(&renamed);
    // What another server process does when an administrator saves the catalogue there: it
    // writes the row (this server's cache is not told directly).
    spotdesk_server::store::catalogue::store(&s.state.db, &cat, s.state.clock.now())
        .await
        .unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let served = s.get("/catalogue", Some("agent")).await;
        assert_eq!(served.status, 200, "{}", served.text);
        if served.body["services"][0]["name"]["en"] == renamed.as_str() {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the cached catalogue was not refreshed within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_configuration_saved_through_one_server_is_used_by_every_server() {
    let Some(db) = common::TestDb::postgres().await else {
        eprintln!("{} is not set: the test needs PostgreSQL", common::PG_ENV);
        return;
    };
    let a = ServerProcess::start(&db.url, true).await;
    let b = ServerProcess::start(&db.url, false).await;
    let (admin, agent) = (a.login("admin").await, b.login("agent").await);
    let mut on_b = b.events(&agent).await;

    // The administrator saves a new configuration through A.
    let read = a
        .client
        .get(a.url("/admin/configuration"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    let etag = read.headers()["etag"].to_str().unwrap().to_owned();
    let mut doc: Value = read.json().await.unwrap();
    let renamed = "Renamed on server A";
    doc["catalogue"]["services"][0]["name"]["en"] = json!(renamed);
    let saved = a
        .client
        .put(a.url("/admin/configuration"))
        .bearer_auth(&admin)
        .header("If-Match", &etag)
        .json(&doc["catalogue"])
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    let version = saved.json::<Value>().await.unwrap()["version"].clone();

    // B's open clients hear of it, and B serves it.
    loop {
        let change = on_b.next_change().await;
        if change["entity"] == "configuration" {
            assert_eq!(change["id"], version);
            break;
        }
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let served: Value = b
            .client
            .get(b.url("/catalogue"))
            .bearer_auth(&agent)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if served["services"][0]["name"]["en"] == renamed {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "server B still serves the old configuration after 10 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop((a, b));
    drop(db);
}
