//! Administration of people: accounts (`/admin/users`), one-time passwords and their change
//! (`POST /auth/password`), disabling (sessions and live streams end), sign-in delays, the
//! password policy, the audit log (`/admin/audit`), and the command line
//! (`spotdesk-server admin …`) as a real process on a fresh database, followed by signing in to
//! a real server on it. On SQLite, and on PostgreSQL with `SPOTDESK_TEST_DATABASE_URL`.

use crate::common;

use common::sse::Stream;
use common::{Resp, TestDb, TestServer};
use reqwest::Method;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A first password an administrator gives (any account; it contains no username used here).
const GIVEN: &str = "Amber kettle 4417 north";
/// The password users choose for themselves.
const OWN: &str = "Violet harbour 8812 south";

/// `POST /admin/users` as the admin.
async fn create(s: &TestServer, key: &str, body: &Value) -> Resp {
    s.send(
        s.req(Method::POST, "/admin/users", Some("admin"))
            .header("Idempotency-Key", key)
            .json(body),
    )
    .await
}

/// `POST /auth/password` with `token`.
async fn change_password(s: &TestServer, token: &str, current: &str, new: &str) -> Resp {
    s.send(
        s.client
            .post(s.url("/auth/password"))
            .bearer_auth(token)
            .json(&json!({"current_password": current, "new_password": new})),
    )
    .await
}

/// A signed-in request with any token.
async fn get_as(s: &TestServer, path: &str, token: &str) -> Resp {
    s.send(s.client.get(s.url(path)).bearer_auth(token)).await
}

/// A new account that has chosen its own password ([`OWN`]); returns its id and the token of
/// a session of it.
async fn ready_user(
    s: &TestServer,
    username: &str,
    role: &str,
    group: Option<&str>,
) -> (i64, String) {
    let r = create(
        s,
        &format!("ready-{username}"),
        &json!({"username": username, "role": role, "group": group, "password": GIVEN}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.body["user"]["id"].as_i64().unwrap();
    let login = s.login(username, GIVEN).await;
    assert_eq!(login.status, 200, "{}", login.text);
    let token = login.body["token"].as_str().unwrap().to_owned();
    let r = change_password(s, &token, GIVEN, OWN).await;
    assert_eq!(r.status, 200, "{}", r.text);
    (id, token)
}

/// The account `id` as the admin reads it, and its ETag.
async fn account(s: &TestServer, id: i64) -> (Value, String) {
    let r = s.get(&format!("/admin/users/{id}"), Some("admin")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let etag = r.header("etag").unwrap().to_owned();
    (r.body, etag)
}

/// The audit entries of account `id`, newest first.
async fn audit_of(s: &TestServer, id: i64) -> Vec<Value> {
    let r = s
        .get(
            &format!("/admin/audit?object_kind=user&object_id={id}&limit=500"),
            Some("admin"),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn admins_create_read_list_and_change_accounts() {
    let s = common::start().await;

    // Given password: no password in the answer; must be changed at first sign-in.
    let body = json!({"username": "anna.k", "display_name": "Anna K.", "role": "engineer",
                      "group": "line2-network", "password": GIVEN});
    let r = create(&s, "anna", &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let anna = r.body["user"]["id"].as_i64().unwrap();
    assert_eq!(r.body["one_time_password"], Value::Null);
    assert_eq!(r.body["user"]["must_change_password"], true);
    assert_eq!(r.body["user"]["disabled"], false);
    assert_eq!(r.body["user"]["group"], "line2-network");
    assert_eq!(r.header("etag"), Some("\"1\""));
    assert_eq!(
        r.header("location"),
        Some(format!("/api/v1/admin/users/{anna}").as_str())
    );
    assert!(!r.text.contains(GIVEN));

    // The same key and body again: the same account, still no password; another body: 422.
    let again = create(&s, "anna", &body).await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.body["user"]["id"].as_i64(), Some(anna));
    let mut other = body.clone();
    other["display_name"] = json!("Someone else");
    create(&s, "anna", &other)
        .await
        .assert_error(422, "idempotency_key_reused");

    // Generated: answered once, 24 characters, and it signs in.
    let r = create(&s, "boris", &json!({"username": "boris", "role": "agent"})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let generated = r.body["one_time_password"].as_str().unwrap().to_owned();
    assert_eq!(generated.len(), 24, "{generated}");
    assert_eq!(r.body["user"]["display_name"], "boris");
    let login = s.login("boris", &generated).await;
    assert_eq!(login.status, 200, "{}", login.text);
    assert_eq!(login.body["user"]["must_change_password"], true);

    // Bad input: every problem named by its field.
    let r = create(&s, "dup", &json!({"username": "anna.k", "role": "agent"})).await;
    r.assert_field_error(422, "validation_failed", "username");
    assert_eq!(r.body["fields"][0]["code"], "duplicate");
    let r = create(
        &s,
        "bad",
        &json!({"username": "Bad Name", "role": "agent", "group": "no-such-group",
                "display_name": "  ", "password": "short"}),
    )
    .await;
    let e = r.assert_error(422, "validation_failed");
    let codes: Vec<(&str, &str)> = e
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("username", "invalid"),
            ("display_name", "required"),
            ("group", "unknown"),
            ("password", "too_short"),
        ],
        "{}",
        r.text
    );
    assert!(e.fields[2].message.contains("line2-network"), "{}", r.text);
    let r = create(&s, "role", &json!({"username": "carl", "role": "boss"})).await;
    r.assert_field_error(400, "bad_request", "role");
    let r = create(&s, "cli", &json!({"username": "cli", "role": "admin"})).await;
    r.assert_field_error(422, "validation_failed", "username");
    let r = create(
        &s,
        "extra",
        &json!({"username": "dora", "role": "agent", "password_hash": "x"}),
    )
    .await;
    r.assert_field_error(400, "bad_request", "password_hash");

    // Read, list.
    let (a, etag) = account(&s, anna).await;
    assert_eq!(etag, "\"1\"");
    assert_eq!(a["username"], "anna.k");
    assert!(a.get("password_hash").is_none() && !a.to_string().contains("argon2"));
    let list = s.get("/admin/users", Some("admin")).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let names: Vec<&str> = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
    assert!(names.contains(&"anna.k") && names.contains(&"boris") && names.contains(&"agent"));
    s.get("/admin/users/999999", Some("admin"))
        .await
        .assert_error(404, "not_found");

    // Change: If-Match required and checked; the group can be emptied; nothing-changes is a no-op.
    let path = format!("/admin/users/{anna}");
    s.patch(&path, "admin", None, &json!({"display_name": "Anna"}))
        .await
        .assert_error(428, "precondition_required");
    let r = s
        .patch(
            &path,
            "admin",
            Some("\"1\""),
            &json!({"display_name": "Anna Karenina", "group": ""}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.header("etag"), Some("\"2\""));
    assert_eq!(r.body["display_name"], "Anna Karenina");
    assert_eq!(r.body["group"], Value::Null);
    let r = s
        .patch(&path, "admin", Some("\"1\""), &json!({"role": "manager"}))
        .await;
    r.assert_error(412, "version_conflict");
    assert_eq!(r.header("etag"), Some("\"2\""));
    let r = s
        .patch(
            &path,
            "admin",
            Some("\"2\""),
            &json!({"display_name": "Anna Karenina"}),
        )
        .await;
    assert_eq!(r.header("etag"), Some("\"2\""), "{}", r.text);
    let r = s
        .patch(
            &path,
            "admin",
            Some("*"),
            &json!({"group": "nowhere", "display_name": ""}),
        )
        .await;
    let e = r.assert_error(422, "validation_failed");
    assert_eq!(e.fields.len(), 2, "{}", r.text);
    let r = s
        .patch(&path, "admin", Some("*"), &json!({"username": "x"}))
        .await;
    r.assert_field_error(400, "bad_request", "username");

    // Only administrators.
    for who in ["agent", "manager", "coordinator"] {
        s.get("/admin/users", Some(who))
            .await
            .assert_error(403, "forbidden");
    }
}

#[tokio::test]
async fn two_administrators_changing_one_account_one_wins_the_other_gets_412() {
    let s = common::start().await;
    let (id, _) = ready_user(&s, "zoe", "agent", None).await;
    let (_, etag) = account(&s, id).await;
    let path = format!("/admin/users/{id}");
    let first = json!({"display_name": "Zoe A"});
    let second = json!({"role": "coordinator"});
    let (a, b) = tokio::join!(
        s.patch(&path, "admin", Some(&etag), &first),
        s.patch(&path, "admin", Some(&etag), &second),
    );
    let mut statuses = [a.status, b.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 412], "{} / {}", a.text, b.text);
    let (won, lost) = if a.status == 200 { (a, b) } else { (b, a) };
    lost.assert_error(412, "version_conflict");
    assert_eq!(lost.header("etag"), won.header("etag"));
    let (now, _) = account(&s, id).await;
    // Exactly the winner's change happened.
    assert_eq!(
        (now["display_name"] == "Zoe A", now["role"] == "coordinator"),
        (
            won.body["display_name"] == "Zoe A",
            won.body["role"] == "coordinator"
        )
    );
    assert_eq!(
        now["display_name"] == "Zoe A",
        now["role"] != "coordinator",
        "only one of the two changes: {now}"
    );
}

#[tokio::test]
async fn a_one_time_password_must_be_changed_at_the_next_sign_in() {
    let s = common::start().await;
    let (id, first_session) = ready_user(&s, "olga", "agent", None).await;
    assert_eq!(
        get_as(&s, "/tickets?limit=1", &first_session).await.status,
        200
    );

    // The reset answers a new one-time password and ends every session of the user at once.
    let r = s
        .send(s.req(
            Method::POST,
            &format!("/admin/users/{id}/password-reset"),
            Some("admin"),
        ))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let one_time = r.body["one_time_password"].as_str().unwrap().to_owned();
    assert_eq!(r.body["user"]["must_change_password"], true);
    get_as(&s, "/auth/me", &first_session)
        .await
        .assert_error(401, "unauthenticated");
    s.login("olga", OWN)
        .await
        .assert_error(401, "unauthenticated");

    // Signing in with it: the session may only change the password, see itself, sign out.
    let login = s.login("olga", &one_time).await;
    assert_eq!(login.status, 200, "{}", login.text);
    assert_eq!(login.body["user"]["must_change_password"], true);
    let token = login.body["token"].as_str().unwrap().to_owned();
    let other = s.login("olga", &one_time).await.body["token"]
        .as_str()
        .unwrap()
        .to_owned();
    for path in ["/tickets?limit=1", "/catalogue", "/incidents"] {
        get_as(&s, path, &token)
            .await
            .assert_error(403, "password_change_required");
    }
    let r = s
        .send(
            s.client
                .post(s.url("/events/stream-tickets"))
                .bearer_auth(&token),
        )
        .await;
    r.assert_error(403, "password_change_required");
    let r = s
        .send(s.client.get(s.url("/events")).bearer_auth(&token))
        .await;
    r.assert_error(403, "password_change_required");
    let me = get_as(&s, "/auth/me", &token).await;
    assert_eq!(me.status, 200, "{}", me.text);
    assert_eq!(me.body["must_change_password"], true);

    // Wrong or weak: said by field.
    change_password(&s, &token, "not it at all 123", "Saffron lantern 5521 west")
        .await
        .assert_field_error(422, "validation_failed", "current_password");
    let r = change_password(&s, &token, &one_time, &one_time).await;
    r.assert_field_error(422, "validation_failed", "new_password");
    assert!(r.text.contains("must differ"), "{}", r.text);
    let r = change_password(&s, &token, &one_time, "olga-is-my-name!").await;
    assert_eq!(
        r.body["fields"][0]["code"], "contains_username",
        "{}",
        r.text
    );
    let r = change_password(&s, &token, "", "tiny").await;
    let e = r.assert_error(422, "validation_failed");
    assert_eq!(e.fields.len(), 2, "{}", r.text);

    // Changed: the flag clears, this session goes on, the other one ends.
    let r = change_password(&s, &token, &one_time, "Saffron lantern 5521 west").await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["must_change_password"], false);
    assert_eq!(get_as(&s, "/tickets?limit=1", &token).await.status, 200);
    get_as(&s, "/auth/me", &other)
        .await
        .assert_error(401, "unauthenticated");
    let login = s.login("olga", "Saffron lantern 5521 west").await;
    assert_eq!(
        login.body["user"]["must_change_password"], false,
        "{}",
        login.text
    );
    s.login("olga", &one_time)
        .await
        .assert_error(401, "unauthenticated");
    let (a, _) = account(&s, id).await;
    assert_eq!(a["must_change_password"], false);
    assert!(a["password_changed_at"].is_string());
}

#[tokio::test]
async fn the_password_policy_says_what_is_wrong_and_what_is_allowed() {
    let s = common::start().await;
    let cases = [
        ("short", "too_short", "at least 12"),
        (
            &"long passphrase ".repeat(17) as &str,
            "too_long",
            "at most 256",
        ),
        ("qwerty123456", "too_common", "most common"),
        ("Password2024!", "too_common", "most common"),
        ("aaaaaaaaaaaaaaaa", "too_common", "repeat"),
        ("abcdefghijklmnop", "too_common", "sequence"),
        (
            "my name is petr.v and more",
            "contains_username",
            "username",
        ),
        ("tab\there and there", "invalid", "control characters"),
    ];
    for (n, (password, code, says)) in cases.iter().enumerate() {
        let r = create(
            &s,
            &format!("policy-{n}"),
            &json!({"username": "petr.v", "role": "agent", "password": password}),
        )
        .await;
        let e = r.assert_field_error(422, "validation_failed", "password");
        assert_eq!(e.fields[0].code, *code, "{password}: {}", r.text);
        assert!(e.fields[0].message.contains(says), "{password}: {}", r.text);
    }
    // Long passphrases in any script are welcome; no composition rules.
    for (n, password) in [
        "correct horse battery staple",
        "ёлки-палки лес густой",
        &"long passphrase ".repeat(16),
    ]
    .iter()
    .enumerate()
    {
        let r = create(
            &s,
            &format!("ok-{n}"),
            &json!({"username": format!("ok{n}"), "role": "agent", "password": password}),
        )
        .await;
        assert_eq!(r.status, 201, "{password}: {}", r.text);
        assert_eq!(s.login(&format!("ok{n}"), password).await.status, 200);
    }
}

#[tokio::test]
async fn disabling_a_user_ends_their_sessions_and_streams_at_once() {
    let s = common::start().await;
    let (id, token) = ready_user(&s, "ivan", "coordinator", None).await;
    let mut stream = Stream::open(s.client.get(s.url("/events")).bearer_auth(&token)).await;
    let (_, etag) = account(&s, id).await;
    let started = Instant::now();
    let r = s
        .patch(
            &format!("/admin/users/{id}"),
            "admin",
            Some(&etag),
            &json!({"disabled": true}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["disabled"], true);
    loop {
        let f = stream
            .next_frame(10)
            .await
            .expect("the stream ended without signed-out");
        if f.event.as_deref() == Some("signed-out") {
            break;
        }
    }
    assert!(stream.next_frame(5).await.is_none(), "the stream went on");
    let took = started.elapsed();
    assert!(took < Duration::from_secs(3), "took {took:?}");
    get_as(&s, "/auth/me", &token)
        .await
        .assert_error(401, "unauthenticated");
    // The right password gets exactly the answer of a wrong one.
    let right = s.login("ivan", OWN).await;
    let wrong = s.login("ivan", "not the password at all").await;
    right.assert_error(401, "unauthenticated");
    assert_eq!(
        (right.status, right.body.clone()),
        (wrong.status, wrong.body)
    );

    // Enabled again, the same password works.
    let (_, etag) = account(&s, id).await;
    let r = s
        .patch(
            &format!("/admin/users/{id}"),
            "admin",
            Some(&etag),
            &json!({"disabled": false}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(s.login("ivan", OWN).await.status, 200);

    // A new role or group ends the sessions too (an open stream carries the old group's
    // tickets); a new display name does not.
    let login = s.login("ivan", OWN).await;
    let token = login.body["token"].as_str().unwrap().to_owned();
    let r = s
        .patch(
            &format!("/admin/users/{id}"),
            "admin",
            Some("*"),
            &json!({"display_name": "Ivan P."}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(get_as(&s, "/auth/me", &token).await.status, 200);
    let r = s
        .patch(
            &format!("/admin/users/{id}"),
            "admin",
            Some("*"),
            &json!({"role": "engineer", "group": "line2-billing"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    get_as(&s, "/auth/me", &token)
        .await
        .assert_error(401, "unauthenticated");

    // The last enabled administrator stays one.
    let admin_id = s.get("/auth/me", Some("admin")).await.body["id"]
        .as_i64()
        .unwrap();
    let path = format!("/admin/users/{admin_id}");
    s.patch(&path, "admin", Some("*"), &json!({"disabled": true}))
        .await
        .assert_field_error(422, "validation_failed", "disabled");
    s.patch(&path, "admin", Some("*"), &json!({"role": "manager"}))
        .await
        .assert_field_error(422, "validation_failed", "role");
}

#[tokio::test]
async fn unlocking_lifts_the_sign_in_delays_of_an_account() {
    let s = common::start().await;
    let (id, _) = ready_user(&s, "kira", "agent", None).await;
    for _ in 0..5 {
        s.login("kira", "not my password, sorry")
            .await
            .assert_error(401, "unauthenticated");
    }
    s.login("kira", OWN).await.assert_error(429, "rate_limited");
    let (a, _) = account(&s, id).await;
    assert!(a["locked_until"].is_string(), "{a}");
    let list = s.get("/admin/users", Some("admin")).await;
    let listed = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(listed["locked_until"], a["locked_until"]);
    let r = s
        .send(s.req(
            Method::POST,
            &format!("/admin/users/{id}/unlock"),
            Some("admin"),
        ))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["locked_until"], Value::Null);
    assert_eq!(s.login("kira", OWN).await.status, 200);
    let entry = &audit_of(&s, id).await[0];
    assert_eq!(entry["action"], "user.unlock");
    assert!(entry["before"]["locked_until"].is_string(), "{entry}");
    assert_eq!(entry["after"]["counters_removed"], 2, "{entry}");
    s.send(s.req(Method::POST, "/admin/users/424242/unlock", Some("admin")))
        .await
        .assert_error(404, "not_found");
}

#[tokio::test]
async fn the_audit_log_keeps_who_did_what_before_and_after_never_a_secret() {
    let s = common::start().await;
    let (id, _) = ready_user(&s, "lena", "agent", None).await;
    let r = s
        .patch(
            &format!("/admin/users/{id}"),
            "admin",
            Some("*"),
            &json!({"role": "engineer", "group": "line2-network"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    s.patch(
        &format!("/admin/users/{id}"),
        "admin",
        Some("*"),
        &json!({"disabled": true}),
    )
    .await;
    s.patch(
        &format!("/admin/users/{id}"),
        "admin",
        Some("*"),
        &json!({"disabled": false}),
    )
    .await;
    let reset = s
        .send(s.req(
            Method::POST,
            &format!("/admin/users/{id}/password-reset"),
            Some("admin"),
        ))
        .await;
    let one_time = reset.body["one_time_password"].as_str().unwrap().to_owned();

    let entries = audit_of(&s, id).await;
    let actions: Vec<&str> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "user.password_reset",
            "user.enable",
            "user.disable",
            "user.update",
            "user.password_change",
            "user.create",
        ]
    );
    let admin_id = s.get("/auth/me", Some("admin")).await.body["id"].clone();
    let by = |e: &Value| (e["actor"]["username"].clone(), e["actor"]["id"].clone());
    assert_eq!(by(&entries[0]), (json!("admin"), admin_id.clone()));
    assert_eq!(
        by(&entries[4]),
        (json!("lena"), json!(id)),
        "changed by herself"
    );
    let create = &entries[5];
    assert_eq!(create["before"], Value::Null);
    assert_eq!(create["after"]["username"], "lena");
    assert_eq!(create["after"]["must_change_password"], true);
    let update = &entries[3];
    assert_eq!(
        (
            update["before"]["role"].clone(),
            update["after"]["role"].clone()
        ),
        (json!("agent"), json!("engineer"))
    );
    assert_eq!(update["after"]["group"], "line2-network");
    assert_eq!(
        (
            entries[2]["before"]["disabled"].clone(),
            entries[2]["after"]["disabled"].clone()
        ),
        (json!(false), json!(true))
    );
    assert_eq!(entries[0]["after"]["must_change_password"], true);
    assert!(entries
        .windows(2)
        .all(|w| w[0]["id"].as_i64() > w[1]["id"].as_i64()));

    // Nothing secret anywhere in the table.
    let rows: Vec<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT before_json, after_json FROM audit_log")
            .fetch_all(&s.state.db)
            .await
            .unwrap();
    let text = format!("{rows:?}");
    for secret in ["argon2", "password_hash", GIVEN, OWN, one_time.as_str()] {
        assert!(!text.contains(secret), "{secret} in the audit log");
    }

    // Filters and paging.
    let page = |q: &str| {
        let s = &s;
        let q = q.to_owned();
        async move {
            let r = s.get(&format!("/admin/audit?{q}"), Some("admin")).await;
            assert_eq!(r.status, 200, "{q}: {}", r.text);
            r.body
        }
    };
    let p = page("action=user.password_&object_kind=user").await;
    let found: Vec<&str> = p["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        found.iter().all(|a| a.starts_with("user.password_")),
        "{found:?}"
    );
    assert!(found.contains(&"user.password_reset") && found.contains(&"user.password_change"));
    let p = page("actor=lena").await;
    assert!(p["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["actor"]["username"] == "lena"));
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let q = match &cursor {
            Some(c) => format!("object_id={id}&limit=2&cursor={c}"),
            None => format!("object_id={id}&limit=2"),
        };
        let p = page(&q).await;
        seen.extend(
            p["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["id"].clone()),
        );
        match p["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    let all: Vec<Value> = entries.iter().map(|e| e["id"].clone()).collect();
    assert_eq!(seen, all);
    let future = (s.state.clock.now() + chrono::Duration::hours(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let p = page(&format!("from={future}")).await;
    assert_eq!(p["items"], json!([]));
    let r = s.get("/admin/audit?actor=%00", Some("admin")).await;
    r.assert_field_error(400, "bad_request", "actor");
    let r = s.get("/admin/audit?cursor=nonsense", Some("admin")).await;
    r.assert_field_error(400, "bad_request", "cursor");
    let r = s
        .get(
            "/admin/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z",
            Some("admin"),
        )
        .await;
    r.assert_field_error(400, "bad_request", "to");
    s.get("/admin/audit", Some("coordinator"))
        .await
        .assert_error(403, "forbidden");
}

// ---- The command line, as a real process ----

/// The server binary cargo built for these tests.
const BIN: &str = env!("CARGO_BIN_EXE_spotdesk-server");

/// What an `admin` command did.
struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `spotdesk-server admin <args>` with `stdin` as its standard input.
fn admin(db: &str, args: &[&str], stdin: &str) -> Outcome {
    let mut child = Command::new(BIN)
        .arg("admin")
        .args(args)
        .args(["--db", db])
        .env_remove("SPOTDESK_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let outcome = Outcome {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!outcome.stderr.contains("panicked"), "{}", outcome.stderr);
    outcome
}

/// `admin` that must succeed; returns its stdout.
#[track_caller]
fn admin_ok(db: &str, args: &[&str], stdin: &str) -> String {
    let o = admin(db, args, stdin);
    assert_eq!(o.code, Some(0), "{args:?}: {}{}", o.stdout, o.stderr);
    o.stdout
}

/// `admin` that must fail with exit code `code`; returns its stderr.
#[track_caller]
fn admin_fails(db: &str, args: &[&str], stdin: &str, code: i32) -> String {
    let o = admin(db, args, stdin);
    assert_eq!(o.code, Some(code), "{args:?}: {}{}", o.stdout, o.stderr);
    o.stderr
}

/// `spotdesk-server serve` as a real process on `db`, without `--demo`; killed when dropped.
struct Served {
    child: Child,
    base: String,
    /// Lines of its log (stderr) so far.
    log: mpsc::Receiver<String>,
}

impl Served {
    fn start(db: &str) -> Served {
        let mut child = Command::new(BIN)
            .args(["serve", "--db", db, "--listen", "127.0.0.1:0"])
            .env_remove("SPOTDESK_DEMO")
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, log) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let base = line
            .trim()
            .strip_prefix("Spotdesk listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        Served { child, base, log }
    }

    /// The log lines written so far (waiting up to `secs` for one containing `needle`).
    fn log_until(&self, needle: &str, secs: u64) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(secs);
        let mut lines = Vec::new();
        while Instant::now() < deadline {
            match self.log.recv_timeout(Duration::from_millis(200)) {
                Ok(line) => {
                    let found = line.contains(needle);
                    lines.push(line);
                    if found {
                        break;
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        lines
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        // Our own child, by its handle.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `POST /auth/login` against a served process.
async fn login_at(client: &reqwest::Client, served: &Served, user: &str, pw: &str) -> (u16, Value) {
    let r = client
        .post(served.url("/auth/login"))
        .json(&json!({"username": user, "password": pw}))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn the_command_line_makes_the_first_administrator_of_a_fresh_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(dir.path()).await;
    let url = db.url.clone();
    let client = reqwest::Client::builder().no_proxy().build().unwrap();

    // First start, no --demo: nobody can sign in, no tickets; the log says what to do.
    let served = Served::start(&url);
    let log = served.log_until("admin create-user", 20).join("\n");
    let hint = log
        .lines()
        .find(|l| l.contains("admin create-user"))
        .unwrap_or_else(|| panic!("no first-administrator hint in:\n{log}"));
    assert!(hint.contains("INFO"), "{hint}");
    assert!(hint.contains("default"), "{hint}");
    assert!(
        hint.contains("--role admin") && hint.contains("--db '"),
        "{hint}"
    );
    let (status, _) = login_at(&client, &served, "admin", "demo").await;
    assert_eq!(status, 401);
    drop(served);
    let pool = spotdesk_server::db::connect(&url).await.unwrap();
    let counts: (i64, i64) =
        sqlx::query_as("SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM tickets)")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(counts, (0, 0));

    // Bad input: a clear sentence and a non-zero exit, never a panic, nothing written.
    let create = [
        "create-user",
        "--username",
        "boss",
        "--role",
        "admin",
        "--display-name",
        "The Boss",
    ];
    let err = admin_fails(
        &url,
        &["create-user", "--username", "boss", "--role", "root"],
        "",
        2,
    );
    assert!(
        err.contains("possible values") && err.contains("admin"),
        "{err}"
    );
    let err = admin_fails(
        &url,
        &[
            "create-user",
            "--username",
            "x1",
            "--role",
            "engineer",
            "--group",
            "nowhere",
        ],
        "Amber kettle 4417 north\n",
        1,
    );
    assert!(
        err.contains("--group") && err.contains("line2-network"),
        "{err}"
    );
    let err = admin_fails(&url, &create, "short\n", 1);
    assert!(
        err.contains("password") && err.contains("too_short"),
        "{err}"
    );
    let err = admin_fails(&url, &create, "qwerty123456\n", 1);
    assert!(err.contains("too_common"), "{err}");
    let err = admin_fails(&url, &create, "", 1);
    assert!(err.contains("no password on standard input"), "{err}");
    let err = admin_fails(
        &url,
        &["create-user", "--username", "Boss!", "--role", "admin"],
        "x\n",
        1,
    );
    assert!(err.contains("--username"), "{err}");
    let err = admin_fails(&url, &["disable-user", "--username", "nobody"], "", 1);
    assert!(err.contains("no account is named \"nobody\""), "{err}");
    let none: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(none, 0);

    // The first administrator (own password), and an engineer with a one-time password.
    let boss_pw = "Granite meadow 3391 east";
    let mut args = create.to_vec();
    args.push("--no-password-change");
    let out = admin_ok(&url, &args, &format!("{boss_pw}\n"));
    assert!(out.contains("created admin \"boss\""), "{out}");
    let err = admin_fails(&url, &args, &format!("{boss_pw}\n"), 1);
    assert!(err.contains("duplicate"), "{err}");
    let out = admin_ok(
        &url,
        &[
            "create-user",
            "--username",
            "egor",
            "--role",
            "engineer",
            "--group",
            "line2-network",
        ],
        "Amber kettle 4417 north\r\n",
    );
    assert!(
        out.contains("must be changed at the first sign-in"),
        "{out}"
    );

    // A server on that database: the administrator signs in over HTTP and sees the accounts.
    let served = Served::start(&url);
    let (status, body) = login_at(&client, &served, "boss", boss_pw).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["user"]["role"], "admin");
    assert_eq!(body["user"]["must_change_password"], false);
    let boss = body["token"].as_str().unwrap().to_owned();
    let users: Value = client
        .get(served.url("/admin/users"))
        .bearer_auth(&boss)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["boss", "egor"]);
    assert_eq!(users[1]["group"], "line2-network");

    // The engineer changes the one-time password, opens a stream; the command line disables
    // them while the server runs: the stream ends within seconds (the server's sweep).
    let (status, body) = login_at(&client, &served, "egor", "Amber kettle 4417 north").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["user"]["must_change_password"], true);
    let egor = body["token"].as_str().unwrap().to_owned();
    let r = client
        .post(served.url("/auth/password"))
        .bearer_auth(&egor)
        .json(&json!({"current_password": "Amber kettle 4417 north", "new_password": OWN}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let mut stream = Stream::open(client.get(served.url("/events")).bearer_auth(&egor)).await;
    let started = Instant::now();
    let out = admin_ok(&url, &["disable-user", "--username", "egor"], "");
    assert!(
        out.contains("disabled \"egor\"") && out.contains("ended 1 session"),
        "{out}"
    );
    loop {
        let f = stream
            .next_frame(10)
            .await
            .expect("the stream ended without signed-out");
        if f.event.as_deref() == Some("signed-out") {
            break;
        }
    }
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    let (status, _) = login_at(&client, &served, "egor", OWN).await;
    assert_eq!(status, 401);
    let out = admin_ok(&url, &["enable-user", "--username", "egor"], "");
    assert!(out.contains("enabled"), "{out}");

    // Failed sign-ins delay the engineer; the command line lifts the delay.
    for _ in 0..5 {
        login_at(&client, &served, "egor", "not my password, sorry").await;
    }
    let (status, _) = login_at(&client, &served, "egor", OWN).await;
    assert_eq!(status, 429);
    let out = admin_ok(&url, &["unlock", "--username", "egor"], "");
    assert!(
        out.contains("lifted the sign-in delays of \"egor\""),
        "{out}"
    );
    let (status, _) = login_at(&client, &served, "egor", OWN).await;
    assert_eq!(status, 200);

    // A reset from the command line: a one-time password to change at the next sign-in.
    let out = admin_ok(
        &url,
        &["reset-password", "--username", "egor"],
        "Copper willow 6620 dusk\n",
    );
    assert!(out.contains("must be changed at the next sign-in"), "{out}");
    let (status, body) = login_at(&client, &served, "egor", "Copper willow 6620 dusk").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["user"]["must_change_password"], true);

    // The command line's changes are in the audit log, by `cli`.
    let audit: Value = client
        .get(served.url("/admin/audit?actor=cli"))
        .bearer_auth(&boss)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "user.password_reset",
            "user.unlock",
            "user.enable",
            "user.disable",
            "user.create",
            "user.create",
        ]
    );
    assert!(audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["actor"] == json!({"id": null, "username": "cli"})));
    // The administrator exists now: the hint is not logged again.
    drop(served);
    let served = Served::start(&url);
    let log = served.log_until("no administrator account yet", 3);
    assert!(
        !log.iter().any(|l| l.contains("admin create-user")),
        "{log:?}"
    );
    pool.close().await;
}
