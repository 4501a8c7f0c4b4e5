//! `GET /location/context`: incidents, spots and nearby tickets at an address.

use crate::common;

use common::desk::*;
use common::TestServer;
use serde_json::json;
use spotdesk_api::{LocationContext, Ticket};
use spotdesk_core::geo::{circle_polygon, haversine_m};

/// Every ticket, via the list (as admin).
async fn all_tickets(s: &TestServer) -> Vec<Ticket> {
    let r = s.get("/tickets?limit=500", Some("admin")).await;
    assert!(r.body["next_cursor"].is_null(), "more than 500 tickets");
    serde_json::from_value(r.body["items"].clone()).unwrap()
}

async fn context(s: &TestServer, user: &str, query: &str) -> LocationContext {
    let r = s
        .get(&format!("/location/context?{query}"), Some(user))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    serde_json::from_str(&r.text).unwrap()
}

#[tokio::test]
async fn location_context_finds_incidents_spots_and_nearby_tickets() {
    let s = common::start().await;
    let mine = new_ticket(&s, "agent", "loc-1").await;
    let (lat, long) = (mine.lat, mine.long);
    let near = incident(&s, "loc-inc", &circle_polygon(lat, long, 400.0, 24)).await;
    let far = incident(&s, "loc-far", &circle_polygon(lat + 0.1, long, 400.0, 24)).await;
    let resolved = incident(&s, "loc-res", &circle_polygon(lat, long, 400.0, 24)).await;
    let r = s
        .patch(
            &format!("/incidents/{}", resolved.id),
            "coordinator",
            Some("*"),
            &json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let sp = spot(&s, "loc-spot", &circle_polygon(lat, long, 300.0, 24)).await;
    // A ticket about 150 m north, and a resolved one next to the point.
    let north = ticket_at(&s, "loc-2", lat + 150.0 / 111_195.0, long).await;
    let done = ticket_at(&s, "loc-3", lat, long + 0.0001).await;
    let resolve = resolving(&s, &done, "fixed");
    patch_ok(&s, "agent", &done, resolve).await;

    let q = format!("lat={lat}&long={long}");
    let ctx = context(&s, "agent", &q).await;
    let ids: Vec<_> = ctx.incidents.iter().map(|i| i.id).collect();
    assert!(ids.contains(&near.id), "{ids:?}");
    assert!(
        !ids.contains(&far.id) && !ids.contains(&resolved.id),
        "{ids:?}"
    );
    assert_eq!(
        ctx.spots.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![sp.id]
    );

    // Nearby: open, within 300 m, nearest first, at most 20, exactly the nearest ones.
    let check = |ctx: &LocationContext, radius: f64, all: &[Ticket]| {
        let got: Vec<(i64, f64)> = ctx
            .nearby_tickets
            .iter()
            .map(|n| (n.ticket.id.0, n.distance_m))
            .collect();
        assert!(got.len() <= 20);
        assert!(got.windows(2).all(|w| w[0].1 <= w[1].1), "{got:?}");
        let mut expected: Vec<(f64, i64)> = all
            .iter()
            .filter(|t| t.status.is_open())
            .map(|t| (haversine_m(lat, long, t.lat, t.long), t.id.0))
            .filter(|(d, _)| *d <= radius)
            .collect();
        expected.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        expected.truncate(20);
        let expected: Vec<(i64, f64)> = expected.into_iter().map(|(d, i)| (i, d)).collect();
        assert_eq!(got.len(), expected.len());
        for ((gi, gd), (ei, ed)) in got.iter().zip(&expected) {
            assert!((gd - ed).abs() < 1e-6, "{gi} {gd} vs {ei} {ed}");
        }
        for n in &ctx.nearby_tickets {
            assert!(n.ticket.status.is_open() && n.distance_m <= radius);
        }
    };
    let all = all_tickets(&s).await;
    check(&ctx, 300.0, &all);
    let ids: Vec<_> = ctx.nearby_tickets.iter().map(|n| n.ticket.id).collect();
    assert!(ids.contains(&mine.id) && ids.contains(&north.id), "{ids:?}");
    assert!(!ids.contains(&done.id));
    let d = ctx
        .nearby_tickets
        .iter()
        .find(|n| n.ticket.id == north.id)
        .unwrap()
        .distance_m;
    assert!((d - 150.0).abs() < 2.0, "{d}");

    // A small radius leaves the northern ticket out; a large one follows the same rules.
    let ctx = context(&s, "agent", &format!("{q}&radius_m=100")).await;
    check(&ctx, 100.0, &all);
    assert!(ctx.nearby_tickets.iter().all(|n| n.ticket.id != north.id));
    let ctx = context(&s, "agent", &format!("{q}&radius_m=5000")).await;
    check(&ctx, 5000.0, &all);

    // Service filter, and engineers only see their group's tickets.
    let ctx = context(
        &s,
        "agent",
        &format!("{q}&radius_m=5000&service_code={}", mine.service_code),
    )
    .await;
    assert!(ctx
        .nearby_tickets
        .iter()
        .all(|n| n.ticket.service_code == mine.service_code));
    let ctx = context(&s, "engineer", &format!("{q}&radius_m=5000")).await;
    assert!(ctx
        .nearby_tickets
        .iter()
        .all(|n| n.ticket.agency_responsible == "line2-network"));
    assert_eq!(ctx.incidents.len(), 1);
    let ctx = context(&s, "manager", &q).await;
    assert!(!ctx.nearby_tickets.is_empty());
}

#[tokio::test]
async fn location_context_names_bad_parameters() {
    let s = common::start().await;
    for (query, field, code) in [
        ("long=44.0", "lat", "required"),
        ("lat=56.3", "long", "required"),
        ("lat=abc&long=44.0", "lat", "invalid"),
        ("lat=95&long=44.0", "lat", "out_of_range"),
        ("lat=NaN&long=44.0", "lat", "out_of_range"),
        ("lat=56.3&long=181", "long", "out_of_range"),
        ("lat=56.3&long=44.0&radius_m=5", "radius_m", "out_of_range"),
        (
            "lat=56.3&long=44.0&radius_m=5001",
            "radius_m",
            "out_of_range",
        ),
        (
            "lat=56.3&long=44.0&radius_m=inf",
            "radius_m",
            "out_of_range",
        ),
        ("lat=56.3&long=44.0&radius_m=far", "radius_m", "invalid"),
    ] {
        let r = s
            .get(&format!("/location/context?{query}"), Some("agent"))
            .await;
        let e = r.assert_field_error(400, "bad_request", field);
        assert_eq!(e.fields[0].code, code, "{query}: {}", r.text);
    }
    let ctx = context(&s, "agent", "lat=0&long=0&radius_m=10").await;
    assert!(ctx.incidents.is_empty() && ctx.spots.is_empty() && ctx.nearby_tickets.is_empty());
}
