//! An incident's impact: the area (drawn, from a spot, changed later), the affected services,
//! the customers estimated from coverage next to the linked ones, the business units to
//! inform with who informed them when, and proposal dismissals on the change stream.

use crate::common;

use common::{Resp, TestServer};
use reqwest::Method;
use serde_json::{json, Value};
use spotdesk_api::{CoverageCollection, Incident, IncidentProposal, Polygon, Spot, Technology};
use spotdesk_core::geo::circle_polygon;
use spotdesk_core::impact::{self, CoverageCell};
use std::time::Duration;

/// A real address of the demo city.
fn place() -> (f64, f64) {
    let a = spotdesk_demo::gazetteer().addresses().nth(3).unwrap();
    (a.lat, a.long)
}

async fn register(s: &TestServer, key: &str, body: Value) -> Resp {
    s.send(
        s.req(Method::POST, "/incidents", Some("coordinator"))
            .header("Idempotency-Key", key)
            .json(&body),
    )
    .await
}

async fn patch(s: &TestServer, user: &str, i: &Incident, body: Value) -> Resp {
    s.patch(
        &format!("/incidents/{}", i.id),
        user,
        Some(&format!("\"{}\"", i.version)),
        &body,
    )
    .await
}

fn incident(r: &Resp) -> Incident {
    serde_json::from_str(&r.text).unwrap()
}

/// Every coverage cell, read through the API.
async fn coverage(s: &TestServer) -> Vec<CoverageCell> {
    let mut cells = Vec::new();
    for t in Technology::ALL {
        let r = s
            .get(&format!("/coverage/{}", t.as_str()), Some("agent"))
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        let c: CoverageCollection = serde_json::from_str(&r.text).unwrap();
        cells.extend(c.features.into_iter().map(|f| CoverageCell {
            outline: Polygon {
                ring: f.geometry.coordinates[0].clone(),
            },
            technology: t.as_str().to_owned(),
        }));
    }
    cells
}

/// The stored area is the sent one (up to the last bit of the JSON float round trip).
fn assert_close(a: &Polygon, b: &Polygon) {
    assert_eq!(a.ring.len(), b.ring.len());
    for (p, q) in a.ring.iter().zip(&b.ring) {
        assert!(
            (p[0] - q[0]).abs() < 1e-9 && (p[1] - q[1]).abs() < 1e-9,
            "{p:?} vs {q:?}"
        );
    }
}

#[tokio::test]
async fn a_drawn_area_is_estimated_from_coverage_and_linked_customers_count_next_to_it() {
    let s = common::start().await;
    let (lat, long) = place();
    let area = circle_polygon(lat, long, 600.0, 32);
    let services: Vec<String> = s.catalogue().services[..2]
        .iter()
        .map(|x| x.code.clone())
        .collect();
    let r = register(
        &s,
        "drawn",
        json!({"title": "Base station down", "area": area, "service_codes": services}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let i = incident(&r);
    let cells = coverage(&s).await;
    assert_close(&i.area, &area);
    let want = impact::estimate_from_coverage(&i.area, &cells);
    assert!(want > 0, "the demo city is covered at its own addresses");
    assert_eq!(i.affected_estimated, want);
    assert_eq!(i.affected_linked, 0);
    assert_eq!(i.affected_customers, want);
    assert_eq!(i.service_codes, services);

    // A bigger area estimates more.
    let big = circle_polygon(lat, long, 1200.0, 32);
    let r = patch(&s, "coordinator", &i, json!({"area": big})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let bigger = incident(&r);
    assert_close(&bigger.area, &big);
    assert_eq!(
        bigger.affected_estimated,
        impact::estimate_from_coverage(&bigger.area, &cells)
    );
    assert!(bigger.affected_estimated > i.affected_estimated * 3);

    // An area outside the city has no coverage: the linked customers are the impact.
    let far = circle_polygon(lat + 1.0, long + 1.0, 500.0, 16);
    let r = patch(&s, "coordinator", &bigger, json!({"area": far})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let outside = incident(&r);
    assert_eq!(outside.affected_estimated, 0);
    let mut body = common::valid_ticket(&s.catalogue());
    body["lat"] = json!(lat + 1.0);
    body["long"] = json!(long + 1.0);
    let mut ids = Vec::new();
    for (n, phone) in ["+7 912 100-00-01", "+7 912 100-00-02", "+7 912 100-00-01"]
        .iter()
        .enumerate()
    {
        body["customer_phone"] = json!(phone);
        let t = s.create_ticket("agent", &format!("far-{n}"), &body).await;
        assert_eq!(t.status, 201, "{}", t.text);
        ids.push(t.ticket().id.0);
    }
    let r = s
        .send(
            s.req(
                Method::POST,
                &format!("/incidents/{}/tickets", i.id),
                Some("coordinator"),
            )
            .json(&json!({ "ticket_ids": ids })),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let linked = incident(&r);
    assert_eq!(linked.affected_linked, 2);
    assert_eq!(linked.affected_customers, 2);
    // Back in the city: the estimate wins, the linked count stays visible.
    let r = patch(&s, "coordinator", &linked, json!({"area": area})).await;
    let back = incident(&r);
    assert_eq!(back.affected_linked, 2);
    assert_eq!(back.affected_estimated, want);
    assert_eq!(back.affected_customers, want.max(2));
}

#[tokio::test]
async fn the_area_comes_from_a_spot_on_registration_and_on_edit() {
    let s = common::start().await;
    let (lat, long) = place();
    let outline = circle_polygon(lat, long, 300.0, 12);
    let r = s
        .send(s.req(Method::POST, "/spots", Some("coordinator")).json(
            &json!({"key": "impact-spot", "outline": outline, "topic": "no-signal",
                    "technology": "4g", "priority": 2.0, "ticket_ids": []}),
        ))
        .await;
    assert!(r.status == 201 || r.status == 200, "{}", r.text);
    let spot: Spot = serde_json::from_str(&r.text).unwrap();

    let r = register(
        &s,
        "from-spot",
        json!({"title": "Spot outage", "spot_id": spot.id}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let i = incident(&r);
    assert_eq!(i.area, spot.outline);
    assert_eq!(i.spot_id, Some(spot.id));
    assert!(i.affected_estimated > 0);

    // Registered without an area, then given the spot's outline by an edit.
    let r = register(&s, "later", json!({"title": "Later"})).await;
    let bare = incident(&r);
    assert_eq!(bare.affected_estimated, 0);
    let r = patch(&s, "coordinator", &bare, json!({"spot_id": spot.id})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let edited = incident(&r);
    assert_eq!(edited.area, spot.outline);
    assert_eq!(edited.spot_id, Some(spot.id));
    assert_eq!(edited.affected_estimated, i.affected_estimated);

    // Unknown spots, services and broken areas name their field.
    patch(&s, "coordinator", &edited, json!({"spot_id": 999_999}))
        .await
        .assert_field_error(422, "validation_failed", "spot_id");
    patch(
        &s,
        "coordinator",
        &edited,
        json!({"service_codes": ["nope"]}),
    )
    .await
    .assert_field_error(422, "validation_failed", "service_codes[0]");
    let code = s.catalogue().services[0].code.clone();
    patch(
        &s,
        "coordinator",
        &edited,
        json!({"service_codes": [code, code]}),
    )
    .await
    .assert_field_error(422, "validation_failed", "service_codes[1]");
    patch(
        &s,
        "coordinator",
        &edited,
        json!({"area": {"ring": [[44.0, 56.3], [44.1, 56.3]]}}),
    )
    .await
    .assert_field_error(422, "validation_failed", "area");
    // Services change alone.
    let r = patch(&s, "coordinator", &edited, json!({"service_codes": [code]})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(incident(&r).service_codes, vec![code]);
}

#[tokio::test]
async fn units_are_marked_informed_by_the_server_with_who_and_when() {
    let s = common::start().await;
    let r = register(
        &s,
        "units",
        json!({"title": "Billing outage", "informed_units": [
            // Who and when are the server's: a client cannot claim them.
            {"unit": " sales ", "instructions": "Offer the retention bonus after the fix",
             "informed": false, "informed_by": "someone else", "informed_at": "2020-01-01T00:00:00Z"},
            {"unit": "retail shops", "instructions": "Restart the payment terminals"}
        ]}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let i = incident(&r);
    assert_eq!(i.informed_units.len(), 2);
    assert_eq!(i.informed_units[0].unit, "sales");
    assert!(!i.informed_units[0].informed);
    assert_eq!(i.informed_units[0].informed_by, None);
    assert_eq!(i.informed_units[0].informed_at, None);

    let mut units = serde_json::to_value(&i.informed_units).unwrap();
    units[1]["informed"] = json!(true);
    units[1]["informed_by"] = json!("forged");
    let r = patch(&s, "coordinator", &i, json!({ "informed_units": units })).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let marked = incident(&r);
    let shops = &marked.informed_units[1];
    assert!(shops.informed);
    assert_eq!(shops.informed_by.as_deref(), Some("Елена Морозова"));
    assert_eq!(shops.informed_at, Some(marked.updated_at));
    assert!(!marked.informed_units[0].informed);

    // Adding a unit later keeps who and when of the informed one, whoever edits.
    let mut units = serde_json::to_value(&marked.informed_units).unwrap();
    units
        .as_array_mut()
        .unwrap()
        .push(json!({"unit": "partners", "instructions": ""}));
    let r = patch(&s, "admin", &marked, json!({ "informed_units": units })).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let added = incident(&r);
    assert_eq!(added.informed_units.len(), 3);
    assert_eq!(
        added.informed_units[1].informed_by.as_deref(),
        Some("Елена Морозова")
    );
    assert_eq!(added.informed_units[1].informed_at, shops.informed_at);

    // Unmarking clears who and when; duplicates and blank names are refused.
    let mut units = serde_json::to_value(&added.informed_units).unwrap();
    units[1]["informed"] = json!(false);
    let r = patch(&s, "admin", &added, json!({ "informed_units": units })).await;
    let cleared = incident(&r);
    assert_eq!(cleared.informed_units[1].informed_by, None);
    assert_eq!(cleared.informed_units[1].informed_at, None);
    patch(
        &s,
        "coordinator",
        &cleared,
        json!({"informed_units": [{"unit": "Sales", "instructions": ""}, {"unit": "sales ", "instructions": ""}]}),
    )
    .await
    .assert_field_error(422, "validation_failed", "informed_units[1].unit");
    patch(
        &s,
        "coordinator",
        &cleared,
        json!({"informed_units": [{"unit": "  ", "instructions": ""}]}),
    )
    .await
    .assert_field_error(422, "validation_failed", "informed_units[0].unit");
}

/// Reads SSE frames until a `change` event arrives; panics after 10 s.
async fn next_change(res: &mut reqwest::Response, buf: &mut String) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(end) = buf.find("\n\n") {
            let frame: String = buf.drain(..end + 2).collect();
            if frame
                .lines()
                .any(|l| l.trim() == "event: change" || l.trim() == "event:change")
            {
                let data = frame.lines().find_map(|l| l.strip_prefix("data:")).unwrap();
                return serde_json::from_str(data.trim()).unwrap();
            }
            continue;
        }
        let chunk = tokio::time::timeout_at(deadline, res.chunk())
            .await
            .expect("no change event within 10 s")
            .unwrap()
            .expect("stream ended");
        buf.push_str(&String::from_utf8_lossy(&chunk));
    }
}

#[tokio::test]
async fn a_dismissal_goes_out_on_the_change_stream_once() {
    let s = common::start().await;
    let (lat, long) = place();
    let mut body = common::valid_ticket(&s.catalogue());
    body["lat"] = json!(lat);
    body["long"] = json!(long);
    for n in 0..8 {
        body["customer_phone"] = json!(format!("+7 913 555-00-{n:02}"));
        let r = s.create_ticket("agent", &format!("b-{n}"), &body).await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let r = s.get("/incidents/proposals", Some("coordinator")).await;
    let list: Vec<IncidentProposal> = serde_json::from_str(&r.text).unwrap();
    assert_eq!(list.len(), 1, "{}", r.text);
    let key = list[0].key.clone();

    let mut res = s
        .req(Method::GET, "/events", Some("admin"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let mut buf = String::new();
    let dismiss = || {
        s.send(s.req(
            Method::POST,
            &format!("/incidents/proposals/{key}/dismiss"),
            Some("coordinator"),
        ))
    };
    assert_eq!(dismiss().await.status, 204);
    let change = next_change(&mut res, &mut buf).await;
    assert_eq!(change["entity"], "proposal");
    assert_eq!(change["action"], "updated");
    // Dismissing again changes nothing and writes no event.
    let before: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE entity = 'proposal'")
        .fetch_one(&s.state.db)
        .await
        .unwrap();
    assert_eq!(before, 1);
    assert_eq!(dismiss().await.status, 204);
    let after: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE entity = 'proposal'")
        .fetch_one(&s.state.db)
        .await
        .unwrap();
    assert_eq!(after, 1);
}
