//! Ticket create / idempotency / list / paging / read / update.

use crate::common;

use common::desk::{patch_ok, resolving};
use common::Resp;
use serde_json::{json, Value};
use spotdesk_api::TicketStatus;
use std::collections::HashSet;

async fn count_tickets(s: &common::TestServer) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM tickets")
        .fetch_one(&s.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn create_sets_server_fields_and_headers() {
    let s = common::start().await;
    let body = common::valid_ticket(&s.catalogue());
    let r = s.create_ticket("agent", "k-1", &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let t = r.ticket();
    assert_eq!(t.status, TicketStatus::New);
    assert_eq!(t.version, 1);
    assert_eq!(r.header("etag"), Some("\"1\""));
    assert_eq!(
        r.header("location").unwrap(),
        format!("/api/v1/tickets/{}", t.id)
    );
    assert_eq!(t.customer_phone, "+79123456789");
    assert!(t.expected_datetime > t.created_at);
    assert!(t.created_by.is_some());
    assert!((1..=3).contains(&t.line));
    assert!(!t.agency_responsible.is_empty());

    let g = s.get(&format!("/tickets/{}", t.id), Some("agent")).await;
    assert_eq!(g.status, 200);
    assert_eq!(g.header("etag"), Some("\"1\""));
    assert_eq!(g.ticket(), t);
}

#[tokio::test]
async fn address_without_coordinates_is_geocoded() {
    let s = common::start().await;
    let mut body = common::valid_ticket(&s.catalogue());
    let (lat, long) = (
        body["lat"].as_f64().unwrap(),
        body["long"].as_f64().unwrap(),
    );
    body.as_object_mut().unwrap().remove("lat");
    body.as_object_mut().unwrap().remove("long");
    let r = s.create_ticket("agent", "geo-1", &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let t = r.ticket();
    assert!((t.lat - lat).abs() < 1e-3 && (t.long - long).abs() < 1e-3);

    body["address_string"] = json!("Nowhere street 99999 qwxz");
    let r = s.create_ticket("agent", "geo-2", &body).await;
    r.assert_field_error(422, "validation_failed", "address_string");
}

#[tokio::test]
async fn idempotency_key_replays_and_detects_reuse() {
    let s = common::start().await;
    let before = count_tickets(&s).await;
    let body = common::valid_ticket(&s.catalogue());
    let first = s.create_ticket("agent", "same", &body).await;
    assert_eq!(first.status, 201);
    let again = s.create_ticket("agent", "same", &body).await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.ticket(), first.ticket());
    assert_eq!(count_tickets(&s).await, before + 1);

    let mut other = body.clone();
    other["description"] = json!("something else");
    s.create_ticket("agent", "same", &other)
        .await
        .assert_error(422, "idempotency_key_reused");
    // Keys are per user.
    assert_eq!(s.create_ticket("agent2", "same", &body).await.status, 201);
    assert_eq!(count_tickets(&s).await, before + 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_with_one_key_create_one_ticket() {
    let s = common::start().await;
    let before = count_tickets(&s).await;
    let body = common::valid_ticket(&s.catalogue());
    let requests = (0..8).map(|_| s.create_ticket("agent", "race", &body));
    let results = futures_util::future::join_all(requests).await;
    let ids: HashSet<i64> = results
        .iter()
        .map(|r| {
            assert!(
                r.status == 201 || r.status == 200,
                "{} {}",
                r.status,
                r.text
            );
            r.ticket().id.0
        })
        .collect();
    assert_eq!(ids.len(), 1);
    assert_eq!(results.iter().filter(|r| r.status == 201).count(), 1);
    assert_eq!(count_tickets(&s).await, before + 1);
}

#[tokio::test]
async fn validation_names_the_fields() {
    let s = common::start().await;
    let cat = s.catalogue();
    let mut body = common::valid_ticket(&cat);
    let field = common::required_field(&cat, &body);
    body["fields"].as_object_mut().unwrap().remove(&field);
    let r = s.create_ticket("agent", "v-1", &body).await;
    r.assert_field_error(422, "validation_failed", &format!("fields.{field}"));

    let mut body = common::valid_ticket(&cat);
    body["customer_phone"] = json!("call me maybe");
    body["service_code"] = json!("no-such-service");
    let r = s.create_ticket("agent", "v-2", &body).await;
    r.assert_field_error(422, "validation_failed", "customer_phone");
    r.assert_field_error(422, "validation_failed", "service_code");

    let r = s
        .send(
            s.req(reqwest::Method::POST, "/tickets", Some("agent"))
                .json(&common::valid_ticket(&cat)),
        )
        .await;
    r.assert_field_error(400, "bad_request", "Idempotency-Key");
    let long_key = "k".repeat(201);
    s.create_ticket("agent", &long_key, &common::valid_ticket(&cat))
        .await
        .assert_field_error(400, "bad_request", "Idempotency-Key");
    // The documented pattern is `^[!-~]+$`: a space inside is not a key (found by the
    // contract run, which had it accepted).
    s.create_ticket("agent", "two words", &common::valid_ticket(&cat))
        .await
        .assert_field_error(400, "bad_request", "Idempotency-Key");
}

/// Walks every page and checks order, no duplicates and no gaps.
async fn walk(s: &common::TestServer, user: &str, query: &str) -> Vec<Value> {
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!("/tickets?limit=7&{query}");
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let r = s.get(&path, Some(user)).await;
        assert_eq!(r.status, 200, "{}", r.text);
        let items = r.body["items"].as_array().unwrap();
        assert!(items.len() <= 7);
        seen.extend(items.iter().cloned());
        match r.body["next_cursor"].as_str() {
            Some(c) => {
                assert_eq!(items.len(), 7);
                cursor = Some(c.to_owned());
            }
            None => break,
        }
    }
    seen
}

#[tokio::test]
async fn cursor_paging_walks_everything_once() {
    let s = common::start().await;
    let total = count_tickets(&s).await as usize;
    assert!(total > 20, "demo data too small: {total}");
    for sort in ["created_desc", "created_asc", "deadline_asc"] {
        let all = walk(&s, "admin", &format!("sort={sort}")).await;
        let ids: HashSet<i64> = all.iter().map(|t| t["id"].as_i64().unwrap()).collect();
        assert_eq!(ids.len(), all.len(), "duplicates with {sort}");
        assert_eq!(all.len(), total, "gaps with {sort}");
        let key = if sort == "deadline_asc" {
            "expected_datetime"
        } else {
            "created_at"
        };
        let keys: Vec<(chrono::DateTime<chrono::Utc>, i64)> = all
            .iter()
            .map(|t| {
                (
                    serde_json::from_value(t[key].clone()).unwrap(),
                    t["id"].as_i64().unwrap(),
                )
            })
            .collect();
        let mut sorted = keys.clone();
        sorted.sort();
        if sort == "created_desc" {
            sorted.reverse();
        }
        assert_eq!(keys, sorted, "order of {sort}");
    }
    // A cursor of one order is refused by another.
    let r = s
        .get("/tickets?limit=2&sort=created_asc", Some("admin"))
        .await;
    let c = r.body["next_cursor"].as_str().unwrap();
    s.get(
        &format!("/tickets?cursor={c}&sort=deadline_asc"),
        Some("admin"),
    )
    .await
    .assert_field_error(400, "bad_request", "cursor");
    s.get("/tickets?cursor=not-a-cursor", Some("admin"))
        .await
        .assert_field_error(400, "bad_request", "cursor");
}

#[tokio::test]
async fn filters_combine() {
    let s = common::start().await;
    let all = walk(&s, "admin", "").await;
    let open: Vec<&Value> = all
        .iter()
        .filter(|t| t["status"] == "new" || t["status"] == "in_work")
        .collect();
    let got = walk(&s, "admin", "status=new,in_work").await;
    assert_eq!(got.len(), open.len());

    let line2 = walk(&s, "admin", "line=2").await;
    assert!(line2.iter().all(|t| t["line"] == 2));
    assert_eq!(line2.len(), all.iter().filter(|t| t["line"] == 2).count());

    let group = all[0]["agency_responsible"].as_str().unwrap().to_owned();
    let by_group = walk(&s, "admin", &format!("group={group}")).await;
    assert_eq!(
        by_group.len(),
        all.iter()
            .filter(|t| t["agency_responsible"] == group.as_str())
            .count()
    );

    let service = all[0]["service_code"].as_str().unwrap().to_owned();
    let by_service = walk(&s, "admin", &format!("service_code={service}")).await;
    assert_eq!(
        by_service.len(),
        all.iter()
            .filter(|t| t["service_code"] == service.as_str())
            .count()
    );

    let overdue = walk(&s, "admin", "overdue=true").await;
    let not_overdue = walk(&s, "admin", "overdue=false").await;
    assert_eq!(overdue.len() + not_overdue.len(), all.len());
    let now = s.state.clock.now();
    for t in &overdue {
        let deadline: chrono::DateTime<chrono::Utc> =
            serde_json::from_value(t["expected_datetime"].clone()).unwrap();
        assert!(deadline < now && t["status"] != "resolved" && t["status"] != "closed");
    }

    let mid: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(all[all.len() / 2]["created_at"].clone()).unwrap();
    let from = mid
        .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
        .replace('+', "%2B");
    let later = walk(&s, "admin", &format!("from={from}")).await;
    let earlier = walk(&s, "admin", &format!("to={from}")).await;
    assert_eq!(later.len() + earlier.len(), all.len());

    let body = common::valid_ticket(&s.catalogue());
    let mut body2 = body.clone();
    body2["description"] = json!("Zebra_50% unique marker");
    assert_eq!(s.create_ticket("agent", "q-1", &body2).await.status, 201);
    let found = walk(&s, "admin", "q=zebra_50%25").await;
    assert_eq!(found.len(), 1);
    assert!(walk(&s, "admin", "q=zebra_5x").await.is_empty());
}

#[tokio::test]
async fn patch_needs_if_match_and_records_history() {
    let s = common::start().await;
    let t = s
        .create_ticket("agent", "p-1", &common::valid_ticket(&s.catalogue()))
        .await
        .ticket();
    let path = format!("/tickets/{}", t.id);
    let change = json!({"status": "in_work", "status_notes": "looking into it"});

    s.patch(&path, "agent", None, &change)
        .await
        .assert_error(428, "precondition_required");
    s.patch(&path, "agent", Some("\"7\""), &change)
        .await
        .assert_error(412, "version_conflict");
    s.patch(&path, "agent", Some("garbage"), &change)
        .await
        .assert_field_error(400, "bad_request", "If-Match");

    let r = s.patch(&path, "agent", Some("\"1\""), &change).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let t2 = r.ticket();
    assert_eq!(t2.version, 2);
    assert_eq!(r.header("etag"), Some("\"2\""));
    assert_eq!(t2.status, TicketStatus::InWork);
    assert_eq!(t2.status_notes.as_deref(), Some("looking into it"));
    assert!(t2.updated_at >= t.updated_at);

    // The old version is now stale.
    s.patch(
        &path,
        "agent",
        Some("\"1\""),
        &json!({"status": "resolved"}),
    )
    .await
    .assert_error(412, "version_conflict");
    let r = s
        .patch(&path, "agent", Some("\"2\""), &resolving(&s, &t2, "fixed"))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.ticket().resolved_at.is_some());

    // A transition the lifecycle forbids.
    let r = s
        .patch(&path, "agent", Some("\"3\""), &json!({"status": "new"}))
        .await;
    r.assert_field_error(422, "validation_failed", "status");

    let history: Vec<(i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT version, changes, user_id FROM ticket_history WHERE ticket_id = $1 ORDER BY id",
    )
    .bind(t.id.0)
    .fetch_all(&s.state.db)
    .await
    .unwrap();
    // The registration, then the two accepted changes.
    assert_eq!(history.len(), 3);
    assert_eq!(history[0].0, 1);
    assert_eq!(history[1].0, 2);
    let changes: Value = serde_json::from_str(&history[1].1).unwrap();
    assert_eq!(changes["status"]["from"], "new");
    assert_eq!(changes["status"]["to"], "in_work");
    assert_eq!(changes["status_notes"]["to"], "looking into it");
    assert!(history[1].2.is_some());
}

#[tokio::test]
async fn search_text_combines_with_the_other_filters() {
    let s = common::start().await;
    let cat = s.catalogue();
    let mut body = common::valid_ticket(&cat);
    body["description"] = json!("Quokka marker ticket");
    body["customer_phone"] = json!("+7 (901) 555-12-34");
    let a = s.create_ticket("agent", "q-a", &body).await.ticket();
    let b = s
        .create_ticket("agent", "q-b2", &{
            let mut x = body.clone();
            x["description"] = json!("Another quokka marker");
            x
        })
        .await
        .ticket();
    patch_ok(&s, "agent", &b, json!({"status": "in_work"})).await;

    let ids = |r: Resp| -> Vec<i64> {
        r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect()
    };
    let mut both = ids(s.get("/tickets?q=QUOKKA", Some("admin")).await);
    both.sort();
    assert_eq!(both, vec![a.id.0, b.id.0]);
    assert_eq!(
        ids(s
            .get("/tickets?q=quokka&status=in_work", Some("admin"))
            .await),
        vec![b.id.0]
    );
    assert_eq!(
        ids(s.get("/tickets?q=quokka&status=new", Some("admin")).await),
        vec![a.id.0]
    );
    // Fresh tickets are not overdue.
    assert!(ids(s.get("/tickets?q=quokka&overdue=true", Some("admin")).await).is_empty());
    assert_eq!(
        ids(s
            .get("/tickets?q=quokka&overdue=false&status=new", Some("admin"))
            .await),
        vec![a.id.0]
    );
    assert!(ids(s
        .get("/tickets?q=quokka&line=3&group=nope", Some("admin"))
        .await)
    .is_empty());
    // A phone number as typed finds the stored E.164 form.
    let by_phone = ids(s.get("/tickets?q=901%20555-12", Some("admin")).await);
    assert!(
        by_phone.contains(&a.id.0) && by_phone.contains(&b.id.0),
        "{by_phone:?}"
    );

    // Overdue means open and past the deadline now.
    sqlx::query(
        "UPDATE tickets SET expected_datetime = '2000-01-01T00:00:00.000000Z' WHERE id IN ($1, $2)",
    )
    .bind(a.id.0)
    .bind(b.id.0)
    .execute(&s.state.db)
    .await
    .unwrap();
    let mut overdue = ids(s.get("/tickets?q=quokka&overdue=true", Some("admin")).await);
    overdue.sort();
    assert_eq!(overdue, vec![a.id.0, b.id.0]);
    let b2 = s
        .get(&format!("/tickets/{}", b.id), Some("admin"))
        .await
        .ticket();
    let done = resolving(&s, &b2, "fixed");
    patch_ok(&s, "agent", &b2, done).await;
    assert_eq!(
        ids(s.get("/tickets?q=quokka&overdue=true", Some("admin")).await),
        vec![a.id.0]
    );
}

#[tokio::test]
async fn registration_applies_the_hard_deadline_and_the_segment_rule() {
    use spotdesk_api::{HardDeadline, LocalizedText, RoutingRule, Segment};
    let s = common::start().await;
    let mut cat = s.catalogue();
    let body = common::valid_ticket(&cat);
    let code = body["service_code"].as_str().unwrap().to_string();
    // A draw 40 minutes from now (local time of the centre), long before 100 hours.
    let offset = chrono::FixedOffset::east_opt(cat.business_day.utc_offset_minutes * 60).unwrap();
    let draw = (s.state.clock.now() + chrono::Duration::minutes(40)).with_timezone(&offset);
    let minute_of_day =
        u16::try_from(chrono::Timelike::hour(&draw) * 60 + chrono::Timelike::minute(&draw))
            .unwrap();
    let service = cat.services.iter_mut().find(|x| x.code == code).unwrap();
    for p in &mut service.sla {
        p.hours = 100;
        p.business_hours = false;
        p.due_before = Some(HardDeadline {
            minute_of_day,
            weekdays: vec![],
            label: LocalizedText::new("the draw", "тираж"),
        });
    }
    let group = cat.groups.last().unwrap().clone();
    cat.routing.push(RoutingRule {
        id: 9_999,
        priority: -1,
        service_code: None,
        channel: None,
        kind: None,
        segment: Some(Segment::Business),
        line: group.line,
        group: group.code.clone(),
    });
    spotdesk_server::store::catalogue::store(&s.state.db, &cat, s.state.clock.now())
        .await
        .unwrap();
    s.state.set_catalogue(cat.clone());

    let r = s.create_ticket("agent", "draw-1", &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let t = r.ticket();
    assert!(t.expected_datetime <= t.created_at + chrono::Duration::minutes(41));
    let want = spotdesk_core::sla::compute(&cat, &code, t.kind, t.line, t.created_at).unwrap();
    assert_eq!(t.expected_datetime, want.deadline);
    assert_ne!(
        t.agency_responsible, group.code,
        "no segment: the rule does not apply"
    );

    let mut business = body.clone();
    business["segment"] = json!("business");
    let r = s.create_ticket("agent", "draw-2", &business).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let t = r.ticket();
    assert_eq!(
        (t.agency_responsible.as_str(), t.line),
        (group.code.as_str(), group.line)
    );
}
