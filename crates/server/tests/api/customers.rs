//! `GET /customers/{phone}` (a caller's history, issue 22) and the repeat-contact flag
//! (`Ticket::repeat_of`): a ticket is a repeat contact when the same phone registered another
//! ticket in the 7 days before it.

use crate::common::{self, desk, TestServer};
use reqwest::Method;
use serde_json::{json, Value};
use spotdesk_api::Ticket;

/// Registers a ticket from `phone` as the agent.
async fn call(s: &TestServer, key: &str, phone: &str) -> Ticket {
    let mut body = common::valid_ticket(&s.catalogue());
    body["customer_phone"] = phone.into();
    body["customer_name"] = "Пётр Лавров".into();
    let r = s.create_ticket("agent", key, &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.ticket()
}

/// Moves the server's clock to `days` after now (and signs everyone in again).
async fn days_later(s: &mut TestServer, days: i64) {
    let r = s
        .send(
            s.req(Method::POST, "/test/clock", Some("admin"))
                .json(&json!({ "offset_seconds": days * 86_400 })),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    s.sign_in_again().await;
}

async fn history(s: &TestServer, user: &str, phone: &str) -> Value {
    let r = s.get(&format!("/customers/{phone}"), Some(user)).await;
    assert_eq!(r.status, 200, "{phone}: {}", r.text);
    r.body
}

fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_call_back_within_seven_days_is_a_repeat_contact_and_the_history_shows_it_all() {
    let mut s = common::start_with(|c| c.test_clock = true).await;
    let first = call(&s, "repeat-1", "+7 912 555-02-34").await;
    assert_eq!(first.repeat_of, None, "a first contact");
    let second = call(&s, "repeat-2", "8 (912) 555 02 34").await;
    assert_eq!(
        second.repeat_of,
        Some(first.id),
        "any notation is the same customer"
    );
    let other = call(&s, "repeat-other", "+7 912 555-99-99").await;
    assert_eq!(other.repeat_of, None, "another customer");

    days_later(&mut s, 8).await;
    let late = call(&s, "repeat-3", "9125550234").await;
    assert_eq!(late.repeat_of, None, "8 days after the last contact");
    days_later(&mut s, 9).await;
    let again = call(&s, "repeat-4", "+79125550234").await;
    assert_eq!(again.repeat_of, Some(late.id));
    // The flag is on the ticket as read later and in the list.
    let read = s
        .get(&format!("/tickets/{}", again.id), Some("agent"))
        .await;
    assert_eq!(read.body["repeat_of"], late.id.0);
    let list = s.get("/tickets?q=9125550234", Some("agent")).await;
    let flagged: Vec<&Value> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| !t["repeat_of"].is_null())
        .collect();
    assert_eq!(flagged.len(), 2, "{}", list.text);

    // An incident over the place of the calls: on the history.
    let (lat, long) = (first.lat, first.long);
    let area: spotdesk_api::Polygon = serde_json::from_value(json!({"ring": [
        [long - 0.01, lat - 0.01], [long + 0.01, lat - 0.01],
        [long + 0.01, lat + 0.01], [long - 0.01, lat + 0.01]
    ]}))
    .unwrap();
    let incident = desk::incident(&s, "repeat-incident", &area).await;

    // The history in any notation (percent-encoded spaces and brackets included).
    for phone in ["+79125550234", "8%20(912)%20555-02-34", "9125550234"] {
        let h = history(&s, "agent", phone).await;
        assert_eq!(h["phone"], "+79125550234");
        assert_eq!(h["name"], "Пётр Лавров");
        assert_eq!(
            ids(&h["tickets"]),
            vec![again.id.0, late.id.0, second.id.0, first.id.0],
            "newest first"
        );
        assert_eq!(h["total_tickets"], 4);
        assert_eq!(h["open_tickets"], 4);
        assert_eq!(h["repeat_contacts"], 2);
        assert_eq!(h["repeat_window_days"], 7);
        assert!(ids(&h["incidents"]).contains(&incident.id.0), "{h}");
    }

    // Resolved tickets are no longer open.
    desk::patch_ok(&s, "agent", &first, json!({"status": "in_work"})).await;
    let h = history(&s, "agent", "+79125550234").await;
    assert_eq!(h["tickets"][3]["status"], "in_work");

    // Engineers see only their group's tickets of the customer.
    let group = first.agency_responsible.clone();
    for engineer in ["engineer", "engineer-billing", "engineer-infra"] {
        let me = s.get("/auth/me", Some(engineer)).await;
        let h = history(&s, engineer, "+79125550234").await;
        let mine = if me.body["group"] == group.as_str() {
            4
        } else {
            0
        };
        assert_eq!(h["total_tickets"], mine, "{engineer}");
        assert_eq!(h["tickets"].as_array().unwrap().len(), mine as usize);
    }
}

#[tokio::test]
async fn a_number_nobody_called_from_is_an_empty_history_and_a_non_number_a_field_error() {
    let s = common::start().await;
    let h = history(&s, "agent", "+79990001122").await;
    assert_eq!(h["total_tickets"], 0);
    assert_eq!(h["tickets"], json!([]));
    assert_eq!(h["name"], Value::Null);
    for bad in ["abc", "12", "%2B7912%23"] {
        let r = s.get(&format!("/customers/{bad}"), Some("agent")).await;
        let e = r.assert_field_error(400, "bad_request", "phone");
        assert!(!e.fields[0].message.is_empty(), "{bad}");
    }
    let r = s.get("/customers/+79125550234", None).await;
    assert_eq!(r.status, 401);
}
