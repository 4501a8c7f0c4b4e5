//! `POST /admin/imports/{kind}` and `GET /admin/imports/{kind}/{import_id}` (issue 21): a good
//! upload is imported and found by the geocoder (with its audit entry), a file with a bad row
//! is rejected with the row named and nothing imported, a 2 GB upload is refused before its
//! body is read, and only administrators may upload or look; a ticket history uploads as
//! `spotdesk-server import tickets` reads it (places from the register, the same file twice
//! adds nothing, `replace` takes a newer export), bad rows named, each import audited.

use crate::common::{start, Resp, TestServer};
use reqwest::Method;
use serde_json::Value;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A small register of a town the demo does not have.
const GOOD_CSV: &str = "\
id,address,lat,long,city,street,house,building
u1,\"г. Лесозаводск, ул. Камышовая, д. 12к2\",61.10,31.20,,,,
u2,\"г. Лесозаводск, ул. Камышовая, д. 14\",61.101,31.201,,,,
u3,\"Лесозаводск, Ольховый бульвар, 7\",61.11,31.21,Лесозаводск,Ольховый бульвар,7,
";

async fn upload(s: &TestServer, user: Option<&str>, query: &str, csv: &str) -> Resp {
    s.send(
        s.req(
            Method::POST,
            &format!("/admin/imports/addresses{query}"),
            user,
        )
        .header("Content-Type", "text/csv")
        .body(csv.to_owned()),
    )
    .await
}

/// Follows an import to its final state.
async fn finish(s: &TestServer, started: &Resp) -> Value {
    assert_eq!(started.status, 202, "{}", started.text);
    let location = started.header("location").unwrap().to_owned();
    let path = location
        .strip_prefix(spotdesk_api::API_PREFIX)
        .unwrap()
        .to_owned();
    for _ in 0..600 {
        let r = s.get(&path, Some("admin")).await;
        assert_eq!(r.status, 200, "{}", r.text);
        if ["done", "rejected", "failed"].contains(&r.body["state"].as_str().unwrap()) {
            return r.body;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the import did not end");
}

/// Addresses whose id is `LIKE pattern`.
async fn count(s: &TestServer, pattern: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM addresses WHERE id LIKE $1")
        .bind(pattern)
        .fetch_one(&s.state.db)
        .await
        .unwrap()
}

async fn imported(s: &TestServer) -> i64 {
    count(s, "u%").await
}

async fn geocodes(s: &TestServer, q: &str) -> bool {
    let r = s
        .send(
            s.req(Method::GET, "/geocode", Some("agent"))
                .query(&[("q", q)]),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["address_string"].as_str().unwrap().contains("Камышовая"))
}

#[tokio::test]
async fn a_good_upload_is_imported_followed_and_audited() {
    let s = start().await;
    let started = upload(&s, Some("admin"), "", GOOD_CSV).await;
    assert_eq!(started.body["kind"], "addresses");
    let job = finish(&s, &started).await;
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!(job["result"]["rows"], 3, "{job}");
    assert_eq!(job["result"]["added"], 3, "{job}");
    assert_eq!(job["result"]["removed"], 0, "{job}");
    assert_eq!(job["progress"]["rows_done"], 3, "{job}");
    assert_eq!(job["by"], "admin");
    assert_eq!(imported(&s).await, 3);
    assert!(geocodes(&s, "Камышовая 12к2").await);

    // The same file again: nothing new.
    let again = finish(&s, &upload(&s, Some("admin"), "", GOOD_CSV).await).await;
    assert_eq!(again["state"], "done", "{again}");
    assert_eq!(again["result"]["added"], 0, "{again}");
    assert_eq!(again["result"]["updated"], 3, "{again}");

    let audit = s
        .get("/admin/audit?action=import.addresses", Some("admin"))
        .await;
    assert_eq!(audit.status, 200, "{}", audit.text);
    let entries = audit.body["items"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{}", audit.text);
    assert_eq!(entries[0]["actor"]["username"], "admin");
    assert_eq!(entries[0]["object_kind"], "import");
    assert_eq!(entries[1]["after"]["rows"], 3, "{}", audit.text);
    assert_eq!(entries[1]["after"]["added"], 3, "{}", audit.text);
}

#[tokio::test]
async fn a_bad_row_is_named_and_nothing_is_imported() {
    let s = start().await;
    let job = finish(&s, &upload(&s, Some("admin"), "", GOOD_CSV).await).await;
    assert_eq!(job["state"], "done", "{job}");
    // Another file, with one bad latitude on line 3, replacing the register.
    let fixed = GOOD_CSV
        .replace("u1,", "v1,")
        .replace("u2,", "v2,")
        .replace("u3,", "v3,");
    let bad = fixed.replace("61.101,31.201", "95.5,31.201");
    let job = finish(&s, &upload(&s, Some("admin"), "?replace=true", &bad).await).await;
    assert_eq!(job["state"], "rejected", "{job}");
    let report = &job["report"];
    assert_eq!(report["unit"], "line", "{job}");
    assert_eq!(report["rows"], 3, "{job}");
    assert_eq!(report["bad_rows"], 1, "{job}");
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{job}");
    assert_eq!(problems[0]["row"], 3, "{job}");
    assert_eq!(problems[0]["column"], "lat", "{job}");
    assert_eq!(report["counts"][0]["column"], "lat", "{job}");
    assert_eq!(report["counts"][0]["count"], 1, "{job}");
    assert!(job["result"].is_null());
    // Nothing of it was written, and `replace` removed nothing.
    assert_eq!(count(&s, "v%").await, 0);
    assert_eq!(count(&s, "u%").await, 3);

    // A file-level problem: a missing column.
    let job = finish(
        &s,
        &upload(&s, Some("admin"), "", "id,address,lat\nx,y,1\n").await,
    )
    .await;
    assert_eq!(job["state"], "rejected", "{job}");
    assert!(job["error"].as_str().unwrap().contains("long"), "{job}");

    // The fixed file then imports.
    let job = finish(&s, &upload(&s, Some("admin"), "", &fixed).await).await;
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!(count(&s, "v%").await, 3);
}

#[tokio::test]
async fn a_2_gb_upload_is_refused_before_its_body_is_read() {
    let s = start().await;
    // Only the head is sent: the answer must come without the body.
    let addr = s.base.strip_prefix("http://").unwrap().to_owned();
    let mut tcp = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST {}/admin/imports/addresses HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: text/csv\r\nContent-Length: 2147483648\r\n\r\nid,address,lat,long\n",
        spotdesk_api::API_PREFIX,
        s.token("admin")
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(10), tcp.read(&mut answer))
        .await
        .expect("an answer before the body")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("payload_too_large"), "{answer}");

    // And the slot is free again: a good file imports.
    let job = finish(&s, &upload(&s, Some("admin"), "", GOOD_CSV).await).await;
    assert_eq!(job["state"], "done", "{job}");
}

#[tokio::test]
async fn only_administrators_upload_or_look() {
    let s = start().await;
    for user in ["agent", "engineer", "coordinator", "manager"] {
        upload(&s, Some(user), "", GOOD_CSV)
            .await
            .assert_error(403, "forbidden");
    }
    upload(&s, None, "", GOOD_CSV)
        .await
        .assert_error(401, "unauthenticated");
    assert_eq!(imported(&s).await, 0);

    let started = upload(&s, Some("admin"), "", GOOD_CSV).await;
    let path = format!("/admin/imports/addresses/{}", started.body["id"]);
    finish(&s, &started).await;
    s.get(&path, Some("manager"))
        .await
        .assert_error(403, "forbidden");
    s.get(&path, None)
        .await
        .assert_error(401, "unauthenticated");
    // Another kind's path, an unknown id, an unknown kind, a body neither CSV nor GeoJSON.
    let other = format!("/admin/imports/coverage/{}", started.body["id"]);
    s.get(&other, Some("admin"))
        .await
        .assert_error(404, "not_found");
    s.get("/admin/imports/addresses/12345", Some("admin"))
        .await
        .assert_error(404, "not_found");
    s.send(
        s.req(Method::POST, "/admin/imports/streets", Some("admin"))
            .header("Content-Type", "text/csv")
            .body(GOOD_CSV),
    )
    .await
    .assert_error(400, "bad_request");
    s.send(
        s.req(Method::POST, "/admin/imports/addresses", Some("admin"))
            .header("Content-Type", "text/plain")
            .body(GOOD_CSV),
    )
    .await
    .assert_error(415, "unsupported_media_type");
    s.send(
        s.req(
            Method::POST,
            "/admin/imports/addresses?format=csv",
            Some("admin"),
        )
        .body(""),
    )
    .await
    .assert_field_error(422, "validation_failed", "body");
}

/// Uploads `body` as `content_type` to `/admin/imports/{kind}{query}` as the administrator.
async fn upload_kind(
    s: &TestServer,
    kind: &str,
    query: &str,
    content_type: &str,
    body: String,
) -> Resp {
    s.send(
        s.req(
            Method::POST,
            &format!("/admin/imports/{kind}{query}"),
            Some("admin"),
        )
        .header("Content-Type", content_type)
        .body(body),
    )
    .await
}

/// Two squares: one of the operator's `fixed` layer, one without a `technology` property.
fn coverage_file() -> String {
    let square = |lat: f64, long: f64| {
        let h = 0.01;
        serde_json::json!([[
            [long - h, lat - h],
            [long + h, lat - h],
            [long + h, lat + h],
            [long - h, lat + h],
            [long - h, lat - h]
        ]])
    };
    serde_json::json!({
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": square(61.1, 31.2)},
             "properties": {"technology": "fixed", "quality": 0.9}},
            {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": square(61.2, 31.3)},
             "properties": {}},
        ]
    })
    .to_string()
}

#[tokio::test]
async fn coverage_and_customer_files_upload_like_addresses() {
    let s = start().await;
    // Coverage: GeoJSON, the layer of the feature without one from `technology`.
    let job = finish(
        &s,
        &upload_kind(
            &s,
            "coverage",
            "?technology=LTE",
            "application/geo+json",
            coverage_file(),
        )
        .await,
    )
    .await;
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!(job["kind"], "coverage");
    assert_eq!(job["result"]["rows"], 2, "{job}");
    assert_eq!(job["result"]["added"], 2, "{job}");
    let layers = job["result"]["layers"].as_array().unwrap();
    assert!(
        layers
            .iter()
            .any(|l| l["layer"] == "fixed" && l["polygons"] == 1),
        "{job}"
    );
    let fixed = s.get("/coverage/fixed", Some("engineer")).await;
    assert_eq!(fixed.status, 200, "{}", fixed.text);
    assert_eq!(
        fixed.body["features"].as_array().unwrap().len(),
        1,
        "{}",
        fixed.text
    );
    // The same file again adds nothing.
    let again = finish(
        &s,
        &upload_kind(
            &s,
            "coverage",
            "?technology=LTE",
            "application/geo+json",
            coverage_file(),
        )
        .await,
    )
    .await;
    assert_eq!(again["result"]["added"], 0, "{again}");
    assert_eq!(again["result"]["updated"], 2, "{again}");

    // Customers: CSV of counts per point, per technology.
    let csv = "lat,long,tech:4g,customers\n61.1,31.2,40,\n61.2,31.3,,15\n".to_owned();
    let job = finish(
        &s,
        &upload_kind(&s, "customers", "", "text/csv", csv.clone()).await,
    )
    .await;
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!(job["result"]["rows"], 2, "{job}");
    assert_eq!(job["result"]["added"], 2, "{job}");
    assert_eq!(job["result"]["customers"], 55, "{job}");
    let again = finish(&s, &upload_kind(&s, "customers", "", "text/csv", csv).await).await;
    assert_eq!(again["result"]["added"], 0, "{again}");
    assert_eq!(again["result"]["customers"], 55, "{again}");

    // A bad count is named; nothing changes.
    let bad = "lat,long,customers\n61.3,31.4,12\n61.4,31.5,-3\n".to_owned();
    let job = finish(&s, &upload_kind(&s, "customers", "", "text/csv", bad).await).await;
    assert_eq!(job["state"], "rejected", "{job}");
    assert_eq!(job["report"]["problems"][0]["row"], 3, "{job}");
    assert_eq!(job["report"]["problems"][0]["column"], "count", "{job}");
    assert_eq!(
        job["report"]["problems"][0]["detail"], "column customers: -3; allowed 0..1000000",
        "{job}"
    );

    let audit = s
        .get("/admin/audit?action=import.coverage", Some("admin"))
        .await;
    assert_eq!(
        audit.body["items"].as_array().unwrap().len(),
        2,
        "{}",
        audit.text
    );
    assert_eq!(
        audit.body["items"][0]["after"]["technology"], "4g",
        "{}",
        audit.text
    );
}

#[tokio::test]
async fn a_format_or_layer_name_the_kind_does_not_take_is_refused_by_field() {
    let s = start().await;
    upload_kind(&s, "coverage", "", "text/csv", "a,b\n1,2\n".into())
        .await
        .assert_field_error(422, "validation_failed", "format");
    upload_kind(&s, "customers", "", "application/geo+json", coverage_file())
        .await
        .assert_field_error(422, "validation_failed", "format");
    upload_kind(
        &s,
        "addresses",
        "?technology=4g",
        "text/csv",
        GOOD_CSV.into(),
    )
    .await
    .assert_field_error(422, "validation_failed", "technology");
    upload_kind(
        &s,
        "coverage",
        "?technology=4%20g%3Cb%3E",
        "application/geo+json",
        coverage_file(),
    )
    .await
    .assert_field_error(422, "validation_failed", "technology");
    // Nothing was started: the slot is free and a good file imports.
    let job = finish(&s, &upload(&s, Some("admin"), "", GOOD_CSV).await).await;
    assert_eq!(job["state"], "done", "{job}");
}

/// Past tickets: one placed by its point, one by an address of the register uploaded above
/// (`u3`), one Open311-style closed one; a column that is not read.
const TICKETS_CSV: &str = "\
external_id,service_code,created_at,status,resolved_at,lat,long,address_id,customer_phone,note
h-1,mobile-data,2026-11-02 10:00,closed,2026-11-02T15:00:00+03:00,60.1,30.2,,8 912 345-67-89,x
h-2,home-internet,2026-11-03T09:00:00Z,in_work,,,,u3,,
h-3,billing-dispute,2026-11-04 08:30,,,60.3,30.4,,,
";

/// Tickets imported under a previous-system id `LIKE pattern`.
async fn imported_tickets(s: &TestServer, pattern: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM tickets WHERE external_id LIKE $1")
        .bind(pattern)
        .fetch_one(&s.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_ticket_history_uploads_like_the_command_line_and_is_audited() {
    let s = start().await;
    // The register first: a ticket may be placed by one of its addresses.
    let job = finish(&s, &upload(&s, Some("admin"), "", GOOD_CSV).await).await;
    assert_eq!(job["state"], "done", "{job}");

    let started = upload_kind(&s, "tickets", "", "text/csv", TICKETS_CSV.into()).await;
    assert_eq!(started.body["kind"], "tickets", "{}", started.text);
    let job = finish(&s, &started).await;
    assert_eq!(job["state"], "done", "{job}");
    let result = &job["result"];
    assert_eq!(result["rows"], 3, "{job}");
    assert_eq!(result["added"], 3, "{job}");
    assert_eq!(result["updated"], 0, "{job}");
    assert_eq!(result["unchanged"], 0, "{job}");
    assert_eq!(result["removed"], 0, "{job}");
    assert_eq!(result["total"], 3, "{job}");
    assert_eq!(
        result["ignored_columns"],
        serde_json::json!(["note"]),
        "{job}"
    );
    assert_eq!(job["progress"]["rows_done"], 3, "{job}");

    // Visible through the API as ordinary tickets, with their past times and places.
    let id: i64 = sqlx::query_scalar("SELECT id FROM tickets WHERE external_id = 'h-2'")
        .fetch_one(&s.state.db)
        .await
        .unwrap();
    let t = s.get(&format!("/tickets/{id}"), Some("admin")).await;
    assert_eq!(t.status, 200, "{}", t.text);
    assert_eq!(t.body["service_code"], "home-internet", "{}", t.text);
    assert_eq!(t.body["status"], "in_work", "{}", t.text);
    assert_eq!(t.body["created_at"], "2026-11-03T09:00:00Z", "{}", t.text);
    // Placed at the register's address u3, with its text.
    assert_eq!(t.body["lat"], 61.11, "{}", t.text);
    assert!(
        t.body["address_string"]
            .as_str()
            .unwrap()
            .contains("Ольховый бульвар"),
        "{}",
        t.text
    );

    // The same file again: nothing new, the three left as they were.
    let again = finish(
        &s,
        &upload_kind(&s, "tickets", "", "text/csv", TICKETS_CSV.into()).await,
    )
    .await;
    assert_eq!(again["state"], "done", "{again}");
    assert_eq!(again["result"]["added"], 0, "{again}");
    assert_eq!(again["result"]["unchanged"], 3, "{again}");
    // A newer export with `replace`: h-2 was resolved since.
    let newer = TICKETS_CSV.replace(
        "h-2,home-internet,2026-11-03T09:00:00Z,in_work,,",
        "h-2,home-internet,2026-11-03T09:00:00Z,resolved,2026-11-04T10:00:00Z,",
    );
    let replaced = finish(
        &s,
        &upload_kind(&s, "tickets", "?replace=true", "text/csv", newer).await,
    )
    .await;
    assert_eq!(replaced["state"], "done", "{replaced}");
    assert_eq!(replaced["result"]["updated"], 1, "{replaced}");
    assert_eq!(replaced["result"]["unchanged"], 2, "{replaced}");
    assert_eq!(imported_tickets(&s, "h-%").await, 3);

    let audit = s
        .get("/admin/audit?action=import.tickets", Some("admin"))
        .await;
    assert_eq!(audit.status, 200, "{}", audit.text);
    let entries = audit.body["items"].as_array().unwrap();
    assert_eq!(entries.len(), 3, "{}", audit.text);
    assert_eq!(entries[0]["actor"]["username"], "admin", "{}", audit.text);
    assert_eq!(entries[0]["object_kind"], "import", "{}", audit.text);
    assert_eq!(entries[0]["object_id"], replaced["id"], "{}", audit.text);
    assert_eq!(entries[0]["after"]["replace"], true, "{}", audit.text);
    assert_eq!(entries[0]["after"]["updated"], 1, "{}", audit.text);
    assert_eq!(entries[2]["after"]["added"], 3, "{}", audit.text);
    assert_eq!(
        entries[2]["after"]["bytes"],
        TICKETS_CSV.len(),
        "{}",
        audit.text
    );
}

#[tokio::test]
async fn a_ticket_history_with_a_bad_row_is_named_and_nothing_is_imported() {
    let s = start().await;
    let tickets = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM tickets")
        .fetch_one(&s.state.db)
        .await
        .unwrap();
    // Line 3 has a service the catalogue does not have, line 4 an address id the register
    // does not have.
    let bad = TICKETS_CSV
        .replace("h-2,home-internet,", "h-2,no-such-service,")
        .replace(",u3,", ",nope,");
    let job = finish(&s, &upload_kind(&s, "tickets", "", "text/csv", bad).await).await;
    assert_eq!(job["state"], "rejected", "{job}");
    let report = &job["report"];
    assert_eq!(report["unit"], "line", "{job}");
    assert_eq!(report["rows"], 3, "{job}");
    assert_eq!(report["bad_rows"], 1, "{job}");
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems[0]["row"], 3, "{job}");
    assert_eq!(problems[0]["column"], "service_code", "{job}");
    assert_eq!(problems[0]["reason"], "unknown service", "{job}");
    assert!(job["result"].is_null(), "{job}");
    // Nothing was written, and no audit entry.
    assert_eq!(imported_tickets(&s, "h-%").await, 0);
    let all = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM tickets")
        .fetch_one(&s.state.db)
        .await
        .unwrap();
    assert_eq!(all, tickets);
    let audit = s
        .get("/admin/audit?action=import.tickets", Some("admin"))
        .await;
    assert_eq!(
        audit.body["items"].as_array().unwrap().len(),
        0,
        "{}",
        audit.text
    );

    // With the service fixed, the unknown address id is named by its column.
    let bad = TICKETS_CSV.replace(",u3,", ",nope,");
    let job = finish(&s, &upload_kind(&s, "tickets", "", "text/csv", bad).await).await;
    assert_eq!(job["state"], "rejected", "{job}");
    assert_eq!(job["report"]["problems"][0]["row"], 3, "{job}");
    assert_eq!(
        job["report"]["problems"][0]["column"], "address_id",
        "{job}"
    );
    assert_eq!(imported_tickets(&s, "h-%").await, 0);

    // A ticket history is CSV and takes no layer name.
    upload_kind(&s, "tickets", "", "application/geo+json", coverage_file())
        .await
        .assert_field_error(422, "validation_failed", "format");
    upload_kind(
        &s,
        "tickets",
        "?technology=4g",
        "text/csv",
        TICKETS_CSV.into(),
    )
    .await
    .assert_field_error(422, "validation_failed", "technology");
}
