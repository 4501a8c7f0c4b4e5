//! Test harness: a real server on 127.0.0.1 (ephemeral port) over a SQLite file in a temp
//! directory, filled with small demo data, with a session for every demo user.
//!
//! With `SPOTDESK_TEST_DATABASE_URL=postgres://USER@HOST:PORT/DB` (a server the tests may
//! create databases on; `scripts/pg.sh` starts a throwaway one) every test server gets a fresh
//! PostgreSQL database instead, dropped when the test ends.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod desk;
pub mod import_cli;
pub mod sse;

use reqwest::header::HeaderMap;
use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};
use spotdesk_api::{Catalogue, ErrorBody, FieldKind, Ticket};
use spotdesk_server::{AppState, Config};
use std::collections::HashMap;
use tempfile::TempDir;

/// Demo accounts (password `demo`).
pub const USERS: [&str; 8] = [
    "agent",
    "agent2",
    "engineer",
    "engineer-billing",
    "engineer-infra",
    "coordinator",
    "manager",
    "admin",
];

/// A running test server.
pub struct TestServer {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    /// Bearer token per username.
    pub tokens: HashMap<String, String>,
    _db: TestDb,
    _dir: TempDir,
}

/// The environment variable naming the PostgreSQL server of the PostgreSQL test run.
pub const PG_ENV: &str = "SPOTDESK_TEST_DATABASE_URL";

/// The database of one test: a SQLite file, or a fresh PostgreSQL database that is dropped
/// (with any connections still open) when this value is.
pub struct TestDb {
    /// The sqlx URL the server uses.
    pub url: String,
    /// `(admin URL, database name)` of a PostgreSQL database to drop.
    postgres: Option<(String, String)>,
}

impl TestDb {
    /// A fresh database: PostgreSQL when [`PG_ENV`] is set, else a SQLite file in `dir`.
    pub async fn new(dir: &std::path::Path) -> TestDb {
        match TestDb::postgres().await {
            Some(db) => db,
            None => TestDb {
                url: format!("sqlite://{}", dir.join("spotdesk.db").display()),
                postgres: None,
            },
        }
    }

    /// A fresh PostgreSQL database, `None` when [`PG_ENV`] is not set.
    pub async fn postgres() -> Option<TestDb> {
        use sqlx::{Connection as _, Executor as _};
        use std::sync::atomic::{AtomicU32, Ordering};
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let admin = std::env::var(PG_ENV).ok().filter(|u| !u.is_empty())?;
        // Only to make the database name unique: not a time any rule sees.
        #[allow(clippy::disallowed_methods)]
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let name = format!(
            "spotdesk_test_{}_{}_{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let mut conn = sqlx::PgConnection::connect(&admin)
            .await
            .unwrap_or_else(|e| panic!("{PG_ENV}={admin}: {e}"));
        conn.execute(format!("CREATE DATABASE \"{name}\"").as_str())
            .await
            .unwrap();
        conn.close().await.unwrap();
        let mut url = reqwest::Url::parse(&admin).unwrap();
        url.set_path(&format!("/{name}"));
        Some(TestDb {
            url: url.to_string(),
            postgres: Some((admin, name)),
        })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin, name)) = self.postgres.take() else {
            return;
        };
        // Drop may run inside the test's runtime: use a thread with its own.
        let dropped = std::thread::spawn(move || {
            use sqlx::{Connection as _, Executor as _};
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                let mut conn = sqlx::PgConnection::connect(&admin).await?;
                conn.execute(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)").as_str())
                    .await?;
                conn.close().await
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop a test database: {dropped:?}");
        }
    }
}

/// A response, read whole.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    /// The body as JSON (`Null` when it is not JSON).
    pub body: Value,
}

impl Resp {
    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts an error response with this status and code; returns the parsed body.
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: &str) -> ErrorBody {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.text
        );
        let ct = self.header("content-type").unwrap_or("");
        assert!(
            ct.starts_with("application/json"),
            "error content type {ct:?}: {}",
            self.text
        );
        let body: ErrorBody = serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not an ErrorBody ({e}): {}", self.text));
        assert_eq!(body.code, code, "unexpected code: {}", self.text);
        body
    }

    /// Asserts an error naming `field`; returns the body.
    #[track_caller]
    pub fn assert_field_error(&self, status: u16, code: &str, field: &str) -> ErrorBody {
        let body = self.assert_error(status, code);
        assert!(
            body.fields.iter().any(|f| f.field == field),
            "no field error on {field}: {}",
            self.text
        );
        body
    }

    /// The body as a ticket.
    #[track_caller]
    pub fn ticket(&self) -> Ticket {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not a ticket ({e}): {}", self.text))
    }
}

/// Starts a server with 3 days x 20 tickets of demo data.
pub async fn start() -> TestServer {
    start_with(|_| {}).await
}

/// Starts a server after adjusting the configuration.
pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(dir.path()).await;
    let mut config = Config::with_db(db.url.clone());
    config.demo = true;
    config.demo_days = 3;
    config.demo_tickets_per_day = 20;
    adjust(&mut config);
    let state = spotdesk_server::prepare(config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    // The real accept loop (connection limits, client addresses); it runs until the test's
    // runtime ends.
    tokio::spawn(spotdesk_server::listener::serve_until(
        listener,
        state.clone(),
        std::future::pending(),
    ));
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let mut server = TestServer {
        base,
        client,
        state,
        tokens: HashMap::new(),
        _db: db,
        _dir: dir,
    };
    let logins = USERS.iter().map(|u| server.login(u, "demo"));
    let results = futures_util::future::join_all(logins).await;
    for (user, r) in USERS.iter().zip(results) {
        assert_eq!(r.status, 200, "login {user}: {}", r.text);
        server.tokens.insert(
            (*user).to_owned(),
            r.body["token"].as_str().unwrap().to_owned(),
        );
    }
    server
}

impl TestServer {
    /// Signs every demo user in again (after the test clock jumped past their sessions' end).
    pub async fn sign_in_again(&mut self) {
        for user in USERS {
            let r = self.login(user, "demo").await;
            assert_eq!(r.status, 200, "login {user}: {}", r.text);
            self.tokens.insert(
                (*user).to_owned(),
                r.body["token"].as_str().unwrap().to_owned(),
            );
        }
    }

    /// Full URL of an API path (`/tickets` -> `http://…/api/v1/tickets`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}{}", self.base, spotdesk_api::API_PREFIX, path)
    }

    /// The bearer token of a demo user.
    pub fn token(&self, user: &str) -> &str {
        self.tokens
            .get(user)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("no token for {user}"))
    }

    /// A request to an API path, signed in as `user` (or anonymous).
    pub fn req(&self, method: Method, path: &str, user: Option<&str>) -> RequestBuilder {
        let rb = self.client.request(method, self.url(path));
        match user {
            Some(u) => rb.bearer_auth(self.token(u)),
            None => rb,
        }
    }

    /// Sends and reads the whole response.
    pub async fn send(&self, rb: RequestBuilder) -> Resp {
        let res = rb.send().await.unwrap();
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Resp {
            status,
            headers,
            text,
            body,
        }
    }

    /// `GET` as `user`.
    pub async fn get(&self, path: &str, user: Option<&str>) -> Resp {
        self.send(self.req(Method::GET, path, user)).await
    }

    /// `POST /auth/login`.
    pub async fn login(&self, username: &str, password: &str) -> Resp {
        self.send(
            self.req(Method::POST, "/auth/login", None)
                .json(&json!({"username": username, "password": password})),
        )
        .await
    }

    /// `POST /tickets` as `user` with an idempotency key.
    pub async fn create_ticket(&self, user: &str, key: &str, body: &Value) -> Resp {
        self.send(
            self.req(Method::POST, "/tickets", Some(user))
                .header("Idempotency-Key", key)
                .json(body),
        )
        .await
    }

    /// Moves a ticket to `group` as the admin; answers the ticket as it then is.
    pub async fn move_ticket(&self, id: &Value, group: &Value) -> Value {
        let r = self
            .patch(
                &format!("/tickets/{id}"),
                "admin",
                Some("*"),
                &json!({ "agency_responsible": group }),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        r.body
    }

    /// `PATCH` with an optional `If-Match`.
    pub async fn patch(
        &self,
        path: &str,
        user: &str,
        if_match: Option<&str>,
        body: &Value,
    ) -> Resp {
        let mut rb = self.req(Method::PATCH, path, Some(user)).json(body);
        if let Some(m) = if_match {
            rb = rb.header("If-Match", m);
        }
        self.send(rb).await
    }

    /// Resolves incident `id` as the coordinator, against its current ETag.
    pub async fn resolve_incident(&self, id: i64) {
        let path = format!("/incidents/{id}");
        let etag = self
            .get(&path, Some("coordinator"))
            .await
            .header("etag")
            .expect("an incident has an ETag")
            .to_owned();
        let r = self
            .patch(
                &path,
                "coordinator",
                Some(&etag),
                &json!({"status": "resolved"}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }

    /// The catalogue the server uses.
    pub fn catalogue(&self) -> Catalogue {
        Catalogue::clone(&self.state.catalogue())
    }
}

/// A JSON value a field of this kind accepts.
fn sample_value(kind: &FieldKind) -> Value {
    match kind {
        FieldKind::Text { .. } => json!("sample"),
        FieldKind::Number { min, .. } => json!(min),
        FieldKind::Date => json!("2025-06-01"),
        FieldKind::Choice { options } => json!(options[0].value),
        FieldKind::MultiChoice { options } => json!([options[0].value]),
    }
}

/// A valid `NewTicket` body for the first service that has a required field (so tests can
/// leave it out), at a real address of the demo city.
pub fn valid_ticket(cat: &Catalogue) -> Value {
    let service = cat
        .services
        .iter()
        .find(|s| s.fields.iter().any(|f| f.required))
        .unwrap_or(&cat.services[0]);
    let fields: serde_json::Map<String, Value> = service
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| (f.key.clone(), sample_value(&f.kind)))
        .collect();
    let addr = spotdesk_demo::gazetteer().addresses().nth(3).unwrap();
    json!({
        "service_code": service.code,
        "kind": service.sla[0].kind,
        "channel": "phone",
        "topic": service.topics.first().map(|t| t.value.clone()).unwrap_or_else(|| "other".into()),
        "description": "No connection since morning",
        "customer_phone": "+7 912 345-67-89",
        "customer_name": "Test Customer",
        "address_string": addr.address_string(),
        "lat": addr.lat,
        "long": addr.long,
        "fields": fields,
    })
}

/// The name of a required field of the service in a [`valid_ticket`] body.
pub fn required_field(cat: &Catalogue, body: &Value) -> String {
    let code = body["service_code"].as_str().unwrap();
    let service = cat.services.iter().find(|s| s.code == code).unwrap();
    service
        .fields
        .iter()
        .find(|f| f.required)
        .expect("the service has a required field")
        .key
        .clone()
}
