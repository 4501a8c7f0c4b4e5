//! Sign-in, sessions and role enforcement.

use crate::common;

use reqwest::Method;

#[tokio::test]
async fn login_me_logout() {
    let s = common::start().await;
    let r = s.login("agent", "demo").await;
    assert_eq!(r.status, 200, "{}", r.text);
    let token = r.body["token"].as_str().unwrap().to_owned();
    assert!(token.len() >= 43);
    assert_eq!(r.body["user"]["role"], "agent");
    assert!(r.body["user"].get("password").is_none() && !r.text.contains("argon2"));

    let me = s
        .send(s.client.get(s.url("/auth/me")).bearer_auth(&token))
        .await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["username"], "agent");

    let out = s
        .send(s.client.post(s.url("/auth/logout")).bearer_auth(&token))
        .await;
    assert_eq!(out.status, 204);
    let me = s
        .send(s.client.get(s.url("/auth/me")).bearer_auth(&token))
        .await;
    me.assert_error(401, "unauthenticated");
    // Other sessions of the same user are unaffected.
    assert_eq!(s.get("/auth/me", Some("agent")).await.status, 200);
}

/// Sessions expire by the server's one clock, like every other time rule: moving the test clock
/// past a session's length ends it (so a test that does signs in again), and a new sign-in
/// lasts from the moved "now".
#[tokio::test]
async fn sessions_expire_by_the_server_clock() {
    let s = common::start_with(|c| c.test_clock = true).await;
    assert_eq!(s.get("/auth/me", Some("agent")).await.status, 200);
    let hours = spotdesk_server::auth::SESSION_HOURS;
    let r = s
        .send(
            s.req(Method::POST, "/test/clock", Some("admin"))
                .json(&serde_json::json!({ "offset_seconds": hours * 3600 + 60 })),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    s.get("/auth/me", Some("agent"))
        .await
        .assert_error(401, "unauthenticated");
    s.get("/test/clock", Some("admin"))
        .await
        .assert_error(401, "unauthenticated");

    let r = s.login("admin", "demo").await;
    assert_eq!(r.status, 200, "{}", r.text);
    let expires: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(r.body["expires_at"].clone()).unwrap();
    assert!(
        expires
            > s.state.clock.now() + chrono::Duration::hours(hours) - chrono::Duration::minutes(1)
    );
    let token = r.body["token"].as_str().unwrap();
    let clock = s
        .send(s.client.get(s.url("/test/clock")).bearer_auth(token))
        .await;
    assert_eq!(clock.status, 200, "{}", clock.text);
    assert_eq!(clock.body["offset_seconds"], hours * 3600 + 60);
}

#[tokio::test]
async fn wrong_credentials_look_the_same() {
    let s = common::start().await;
    let wrong_pw = s.login("agent", "nope").await;
    let no_user = s.login("nobody", "demo").await;
    let a = wrong_pw.assert_error(401, "unauthenticated");
    let b = no_user.assert_error(401, "unauthenticated");
    assert_eq!(a, b);
}

#[tokio::test]
async fn anonymous_and_bad_tokens_get_401() {
    let s = common::start().await;
    for path in [
        "/auth/me",
        "/catalogue",
        "/tickets",
        "/tickets/1",
        "/incidents",
        "/spots",
        "/coverage/4g",
        "/geocode?q=a",
        "/events",
    ] {
        s.get(path, None).await.assert_error(401, "unauthenticated");
        let r = s
            .send(s.client.get(s.url(path)).bearer_auth("forged-token"))
            .await;
        r.assert_error(401, "unauthenticated");
        let r = s
            .send(
                s.client
                    .get(s.url(path))
                    .header("Authorization", "Basic YTpi"),
            )
            .await;
        r.assert_error(401, "unauthenticated");
    }
    let r = s
        .send(
            s.req(Method::POST, "/tickets", None)
                .json(&serde_json::json!({})),
        )
        .await;
    r.assert_error(401, "unauthenticated");
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
}

#[tokio::test]
async fn roles_are_enforced() {
    let s = common::start().await;
    let body = common::valid_ticket(&s.catalogue());
    s.create_ticket("manager", "m-1", &body)
        .await
        .assert_error(403, "forbidden");
    // Forbidden comes before any other problem with the request.
    s.send(s.req(Method::POST, "/tickets", Some("manager")))
        .await
        .assert_error(403, "forbidden");
    let incident = serde_json::json!({"title": "Outage"});
    let r = s
        .send(
            s.req(Method::POST, "/incidents", Some("agent"))
                .header("Idempotency-Key", "i-1")
                .json(&incident),
        )
        .await;
    r.assert_error(403, "forbidden");
    let r = s
        .send(
            s.req(Method::POST, "/incidents", Some("coordinator"))
                .header("Idempotency-Key", "i-1")
                .json(&incident),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(s.get("/tickets", Some("manager")).await.status, 200);
    assert_eq!(s.get("/catalogue", Some("manager")).await.status, 200);
    let r = s
        .patch(
            "/tickets/1",
            "manager",
            Some("\"1\""),
            &serde_json::json!({"status_notes": "x"}),
        )
        .await;
    r.assert_error(403, "forbidden");
}

#[tokio::test]
async fn engineers_see_only_their_group() {
    let s = common::start().await;
    let all = s.get("/tickets?limit=500", Some("admin")).await;
    let items = all.body["items"].as_array().unwrap();
    let other = items
        .iter()
        .find(|t| t["agency_responsible"] != "line2-network")
        .expect("a ticket of another group");
    let id = other["id"].as_i64().unwrap();
    s.get(&format!("/tickets/{id}"), Some("engineer"))
        .await
        .assert_error(404, "not_found");
    let r = s
        .patch(
            &format!("/tickets/{id}"),
            "engineer",
            Some("*"),
            &serde_json::json!({"status_notes": "x"}),
        )
        .await;
    r.assert_error(404, "not_found");
    assert_eq!(
        s.get(&format!("/tickets/{id}"), Some("coordinator"))
            .await
            .status,
        200
    );

    let mine = s.get("/tickets?limit=500", Some("engineer")).await;
    let mine = mine.body["items"].as_array().unwrap();
    assert!(mine
        .iter()
        .all(|t| t["agency_responsible"] == "line2-network"));
    if let Some(t) = mine.first() {
        let id = t["id"].as_i64().unwrap();
        assert_eq!(
            s.get(&format!("/tickets/{id}"), Some("engineer"))
                .await
                .status,
            200
        );
    }
}

#[tokio::test]
async fn control_characters_in_a_username_are_a_wrong_name_not_an_error() {
    // PostgreSQL refuses NUL in text: before the guard this was a 500 there.
    let s = common::start().await;
    for name in ["ad\u{0}min", "admin\n", "\u{7}"] {
        let r = s.login(name, "demo").await;
        r.assert_error(401, "unauthenticated");
    }
}
