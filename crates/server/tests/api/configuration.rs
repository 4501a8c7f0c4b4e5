//! Administration of the configuration (`/admin/configuration`): export and import with
//! If-Match, all-or-nothing validation naming each bad row, services and groups in use,
//! retired services and the tickets they keep, the audit entry, the change event, access.
//! On SQLite, and on PostgreSQL with `SPOTDESK_TEST_DATABASE_URL` (the second server process
//! is in `cluster.rs`).

use crate::common;

use common::sse::Stream;
use common::{desk, Resp, TestServer};
use reqwest::Method;
use serde_json::{json, Value};
use spotdesk_api::{Catalogue, ConfigurationDocument};

/// `GET /admin/configuration` as the admin: the document and its ETag.
async fn read(s: &TestServer) -> (ConfigurationDocument, String) {
    let r = s.get("/admin/configuration", Some("admin")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let etag = r.header("etag").unwrap().to_owned();
    (serde_json::from_str(&r.text).unwrap(), etag)
}

/// `PUT /admin/configuration` as the admin with `If-Match: etag`.
async fn put(s: &TestServer, etag: &str, cat: &Catalogue) -> Resp {
    s.send(
        s.req(Method::PUT, "/admin/configuration", Some("admin"))
            .header("If-Match", etag)
            .json(cat),
    )
    .await
}

/// `POST /admin/configuration/check` as `user`.
async fn check(s: &TestServer, user: &str, cat: &Catalogue) -> Resp {
    s.send(
        s.req(Method::POST, "/admin/configuration/check", Some(user))
            .json(cat),
    )
    .await
}

/// The index of the service of a `valid_ticket` body.
fn service_index(cat: &Catalogue, body: &Value) -> usize {
    let code = body["service_code"].as_str().unwrap();
    cat.services.iter().position(|s| s.code == code).unwrap()
}

#[tokio::test]
async fn the_configuration_round_trips_with_its_version() {
    let s = common::start().await;
    let (doc, etag) = read(&s).await;
    assert_eq!(etag, format!("\"{}\"", doc.version));
    assert_eq!(doc.catalogue, s.catalogue());

    // Sending it back unchanged changes nothing, not even the version.
    let r = put(&s, &etag, &doc.catalogue).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.header("etag"), Some(etag.as_str()));

    // A change: the next version, who made it, and every reader's catalogue at once.
    let mut cat = doc.catalogue.clone();
    cat.services[0].name.en = "Renamed by the administrator".into();
    cat.detection.spot_threshold = 4.5;
    let preview = check(&s, "admin", &cat).await;
    assert_eq!(preview.status, 200, "{}", preview.text);
    assert_eq!(
        preview.body["changes"],
        json!([
            format!("services[{}]: changed", cat.services[0].code),
            "detection: changed"
        ])
    );
    assert_eq!(
        read(&s).await.0.version,
        doc.version,
        "check changes nothing"
    );
    let r = put(&s, &etag, &cat).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let stored: ConfigurationDocument = serde_json::from_str(&r.text).unwrap();
    assert_eq!(stored.version, doc.version + 1);
    assert_eq!(r.header("etag").unwrap(), format!("\"{}\"", stored.version));
    let (_, admin_name) = desk::display_name(&s, "admin").await;
    assert_eq!(stored.updated_by.as_deref(), Some(admin_name.as_str()));
    assert!(stored.updated_at.is_some());
    assert_eq!(stored.catalogue, cat);
    let served = s.get("/catalogue", Some("agent")).await;
    assert_eq!(
        served.body["services"][0]["name"]["en"],
        "Renamed by the administrator"
    );
    assert_eq!(read(&s).await.0, stored);

    // Without If-Match: 428, like every update.
    let r = s
        .send(
            s.req(Method::PUT, "/admin/configuration", Some("admin"))
                .json(&cat),
        )
        .await;
    r.assert_error(428, "precondition_required");
}

#[tokio::test]
async fn of_two_administrators_editing_one_version_the_second_gets_412() {
    let s = common::start().await;
    let (doc, etag) = read(&s).await;
    let mut first = doc.catalogue.clone();
    first.services[0].name.en = "First editor".into();
    let mut second = doc.catalogue.clone();
    second.services[1].name.en = "Second editor".into();
    second.pre_holiday_short_minutes = 60;

    // Both at once: exactly one wins.
    let (a, b) = tokio::join!(put(&s, &etag, &first), put(&s, &etag, &second));
    let (won, lost, winner) = match (a.status, b.status) {
        (200, 412) => (a, b, &first),
        (412, 200) => (b, a, &second),
        other => panic!("expected one 200 and one 412, got {other:?}"),
    };
    let body = lost.assert_error(412, "version_conflict");
    assert!(
        body.message.contains(&(doc.version + 1).to_string()),
        "{}",
        body.message
    );
    assert_eq!(lost.header("etag"), won.header("etag"));
    let (now, _) = read(&s).await;
    assert_eq!(&now.catalogue, winner, "nothing of the loser is applied");
    assert_eq!(now.version, doc.version + 1);

    // The loser read again and re-applied: now it goes through.
    let (_, etag) = read(&s).await;
    let r = put(&s, &etag, &first).await;
    assert_eq!(r.status, 200, "{}", r.text);
}

#[tokio::test]
async fn an_import_with_one_bad_row_changes_nothing_and_names_the_row() {
    let s = common::start().await;
    let (doc, etag) = read(&s).await;
    let mut cat = doc.catalogue.clone();
    cat.services[0].name.en = "A good change in the same import".into();
    cat.services[3].sla[0].hours = 0;
    let code = cat.services[3].code.clone();
    for r in [put(&s, &etag, &cat).await, check(&s, "admin", &cat).await] {
        let body = r.assert_field_error(422, "validation_failed", "services[3].sla[0].hours");
        assert_eq!(body.fields.len(), 1, "{body:?}");
        assert_eq!(body.fields[0].code, "out_of_range");
        assert!(body.fields[0].message.contains(&code), "{body:?}");
    }
    let (now, now_etag) = read(&s).await;
    assert_eq!(now, doc, "nothing applied");
    assert_eq!(now_etag, etag);

    // Several problems are reported together, each by its path.
    let mut cat = doc.catalogue.clone();
    let dup = cat.services[0].code.clone();
    cat.services[1].code = dup;
    cat.routing[0].group = "no-such-group".into();
    cat.escalation.levels[1].level = 5;
    let r = put(&s, &etag, &cat).await;
    r.assert_field_error(422, "validation_failed", "services[1].code");
    r.assert_field_error(422, "validation_failed", "routing[0].group");
    r.assert_field_error(422, "validation_failed", "escalation.levels[1].level");
}

#[tokio::test]
async fn a_used_service_or_group_is_retired_never_removed() {
    let s = common::start().await;
    let ticket = desk::new_ticket(&s, "agent", "config-used").await;
    let (doc, etag) = read(&s).await;

    let mut cat = doc.catalogue.clone();
    cat.services.retain(|x| x.code != ticket.service_code);
    cat.routing
        .retain(|r| r.service_code.as_deref() != Some(ticket.service_code.as_str()));
    let r = put(&s, &etag, &cat).await;
    let body = r.assert_field_error(422, "validation_failed", "services");
    let used = body.fields.iter().find(|f| f.field == "services").unwrap();
    assert_eq!(used.code, "in_use");
    assert!(
        used.message.contains(&ticket.service_code),
        "{}",
        used.message
    );

    let mut cat = doc.catalogue.clone();
    cat.groups.retain(|g| g.code != ticket.agency_responsible);
    let r = put(&s, &etag, &cat).await;
    let body = r.assert_field_error(422, "validation_failed", "groups");
    assert!(body
        .fields
        .iter()
        .any(|f| f.field == "groups" && f.code == "in_use"));
    assert_eq!(read(&s).await.0, doc);
}

#[tokio::test]
async fn a_retired_service_takes_no_new_tickets_and_keeps_its_old_ones() {
    let s = common::start().await;
    let old = desk::new_ticket(&s, "agent", "config-retired-old").await;
    let (doc, etag) = read(&s).await;
    let mut cat = doc.catalogue.clone();
    let body = common::valid_ticket(&cat);
    let i = service_index(&cat, &body);
    assert_eq!(cat.services[i].code, old.service_code);
    cat.services[i].retired = true;
    // And a new required extra field and standard field the old ticket does not have.
    let mut imei = cat.services[i].fields[0].clone();
    imei.key = "imei_new".into();
    imei.kind = spotdesk_api::FieldKind::Text { max_len: 20 };
    imei.required = true;
    cat.services[i].fields.push(imei);
    cat.services[i].form.customer_name = spotdesk_api::FieldPresence::Required;
    let r = put(&s, &etag, &cat).await;
    assert_eq!(r.status, 200, "{}", r.text);
    cat.services[i].retired = false;
    let r = check(&s, "admin", &cat).await;
    assert_eq!(
        r.body["changes"],
        json!([format!("services[{}]: unretired", old.service_code)])
    );

    // No new ticket for it.
    let r = s.create_ticket("agent", "config-retired-new", &body).await;
    let e = r.assert_field_error(422, "validation_failed", "service_code");
    assert!(e
        .fields
        .iter()
        .any(|f| f.field == "service_code" && f.code == "retired"));

    // The old one is read, listed, counted and moved on without the new fields.
    let r = s.get(&format!("/tickets/{}", old.id), Some("agent")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let list = s
        .get(
            &format!("/tickets?service_code={}&limit=500", old.service_code),
            Some("manager"),
        )
        .await;
    assert_eq!(list.status, 200, "{}", list.text);
    assert!(
        list.text.contains(&format!("\"id\":{}", old.id)),
        "{}",
        list.text
    );
    let facts = s
        .get("/tickets/facts?from=2020-01-01T00:00:00Z", Some("manager"))
        .await;
    assert_eq!(facts.status, 200);
    let moved = desk::patch_ok(
        &s,
        "admin",
        &old,
        json!({"status": "in_work", "status_notes": "on it"}),
    )
    .await;
    assert_eq!(moved.status, spotdesk_api::TicketStatus::InWork);
    let done = desk::resolving(&s, &moved, "fixed");
    let resolved = desk::patch_ok(&s, "admin", &moved, done).await;
    assert_eq!(resolved.status, spotdesk_api::TicketStatus::Resolved);
}

#[tokio::test]
async fn the_audit_log_has_each_changed_entry_before_and_after() {
    let s = common::start().await;
    let (doc, etag) = read(&s).await;
    let mut cat = doc.catalogue.clone();
    let code = cat.services[2].code.clone();
    let before_hours = cat.services[2].sla[0].hours;
    cat.services[2].sla[0].hours = before_hours + 5;
    let removed = cat.routing.remove(0);
    let r = put(&s, &etag, &cat).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let version = r.body["version"].as_i64().unwrap();

    let log = s
        .get("/admin/audit?object_kind=configuration", Some("admin"))
        .await;
    assert_eq!(log.status, 200, "{}", log.text);
    let entries = log.body["items"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "one entry per change: {}", log.text);
    let e = &entries[0];
    assert_eq!(e["action"], "configuration.update");
    assert_eq!(e["actor"]["username"], "admin");
    assert_eq!(e["object_id"], version);
    let key = format!("services[{code}]");
    assert_eq!(e["before"][&key]["sla"][0]["hours"], before_hours);
    assert_eq!(e["after"][&key]["sla"][0]["hours"], before_hours + 5);
    let rule = format!("routing[{}]", removed.id);
    assert_eq!(e["before"][&rule]["id"], removed.id);
    assert!(e["after"].get(&rule).is_none(), "{e}");
    // Unchanged entries are not in it.
    let other = format!("services[{}]", cat.services[0].code);
    assert!(e["before"].get(&other).is_none(), "{e}");
}

#[tokio::test]
async fn open_clients_hear_of_a_new_configuration() {
    let s = common::start().await;
    let mut live = Stream::open(s.req(Method::GET, "/events", Some("engineer"))).await;
    let (doc, etag) = read(&s).await;
    let mut cat = doc.catalogue.clone();
    cat.holidays
        .push(chrono::NaiveDate::from_ymd_opt(2031, 1, 2).unwrap());
    let r = put(&s, &etag, &cat).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let (_, change) = live.next_change().await;
    assert_eq!(change["entity"], "configuration");
    assert_eq!(change["action"], "updated");
    assert_eq!(change["id"], doc.version + 1);
}

#[tokio::test]
async fn only_administrators_read_or_change_the_configuration() {
    let s = common::start().await;
    let cat = s.catalogue();
    for user in ["agent", "engineer", "coordinator", "manager"] {
        s.get("/admin/configuration", Some(user))
            .await
            .assert_error(403, "forbidden");
        s.send(
            s.req(Method::PUT, "/admin/configuration", Some(user))
                .header("If-Match", "*")
                .json(&cat),
        )
        .await
        .assert_error(403, "forbidden");
        check(&s, user, &cat).await.assert_error(403, "forbidden");
    }
    s.get("/admin/configuration", None)
        .await
        .assert_error(401, "unauthenticated");
}
