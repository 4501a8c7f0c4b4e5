//! `GET /search` ("find anything", issue 22): a ticket, incident or spot by number, a customer
//! by phone in any notation or by name in any case, addresses; engineers find only their
//! group's tickets and customers; bad queries get a field error. And `GET /tickets?q=` reads
//! phones typed with 8 and names.

use crate::common::{self, TestServer};
use serde_json::Value;

/// `GET /search?q=` as `user`; the body.
async fn find(s: &TestServer, user: &str, q: &str) -> Value {
    let r = s
        .send(
            s.req(reqwest::Method::GET, "/search", Some(user))
                .query(&[("q", q)]),
        )
        .await;
    assert_eq!(r.status, 200, "{q}: {}", r.text);
    r.body
}

/// The ids of a list of the answer.
fn ids(body: &Value, kind: &str) -> Vec<i64> {
    body[kind]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn one_box_finds_tickets_customers_incidents_spots_and_addresses() {
    let s = common::start().await;
    let mut body = common::valid_ticket(&s.catalogue());
    body["customer_phone"] = "+7 912 555-01-23".into();
    body["customer_name"] = "Анна Серебрякова".into();
    let r = s.create_ticket("agent", "search-1", &body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let ticket = r.ticket();

    // The phone in every common notation: the customer, and their ticket.
    for q in [
        "8 912 555-01-23",
        "+7 (912) 5550123",
        "9125550123",
        "89125550123",
    ] {
        let b = find(&s, "agent", q).await;
        assert_eq!(b["customers"][0]["phone"], "+79125550123", "{q}: {b}");
        assert_eq!(b["customers"][0]["name"], "Анна Серебрякова", "{q}");
        assert_eq!(b["customers"][0]["tickets"], 1, "{q}");
        assert_eq!(b["customers"][0]["open_tickets"], 1, "{q}");
        assert_eq!(ids(&b, "tickets"), vec![ticket.id.0], "{q}");
    }
    // The name in any case, whole or in part.
    for q in ["Серебрякова", "серебрякова", "анна серебрякова", "СЕРЕБРЯК"]
    {
        let b = find(&s, "agent", q).await;
        assert_eq!(b["customers"][0]["phone"], "+79125550123", "{q}: {b}");
        assert!(ids(&b, "tickets").contains(&ticket.id.0), "{q}");
    }
    // The ticket by its number, with or without a sign.
    for q in [
        format!("{}", ticket.id.0),
        format!("#{}", ticket.id.0),
        format!("№ {}", ticket.id.0),
    ] {
        let b = find(&s, "agent", &q).await;
        assert_eq!(ids(&b, "tickets")[0], ticket.id.0, "{q}");
    }
    // An incident and a spot by number; an incident by its title.
    let incidents = s.get("/incidents", Some("coordinator")).await;
    let incident = &incidents.body[0];
    let b = find(&s, "agent", &format!("№{}", incident["id"])).await;
    assert!(ids(&b, "incidents").contains(&incident["id"].as_i64().unwrap()));
    let title = incident["title"].as_str().unwrap();
    let b = find(&s, "agent", &title.to_lowercase()).await;
    assert!(
        ids(&b, "incidents").contains(&incident["id"].as_i64().unwrap()),
        "{title}: {b}"
    );
    let r = s
        .send(
            s.req(reqwest::Method::POST, "/spots", Some("admin"))
                .json(&serde_json::json!({
                    "key": "search-spot",
                    "outline": {"ring": [[30.2, 59.9], [30.4, 59.9], [30.4, 60.0], [30.2, 60.0]]},
                    "priority": 1.0
                })),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let spot = r.body["id"].as_i64().unwrap();
    let b = find(&s, "engineer", &format!("#{spot}")).await;
    assert_eq!(ids(&b, "spots"), vec![spot]);
    // An address of the register.
    let b = find(&s, "agent", "Ленина 12").await;
    assert_eq!(b["addresses"][0]["address_string"], "ул. Ленина, 12", "{b}");
    // Nothing is nothing.
    let b = find(&s, "agent", "Щщщщщ").await;
    for kind in ["tickets", "customers", "incidents", "spots", "addresses"] {
        assert_eq!(b[kind].as_array().unwrap().len(), 0, "{kind}: {b}");
    }

    // Engineers find only their group's tickets and customers.
    let group = ticket.agency_responsible.clone();
    for engineer in ["engineer", "engineer-billing", "engineer-infra"] {
        let me = s.get("/auth/me", Some(engineer)).await;
        let b = find(&s, engineer, "8 912 555-01-23").await;
        if me.body["group"] == group.as_str() {
            assert_eq!(ids(&b, "tickets"), vec![ticket.id.0], "{engineer}");
        } else {
            assert!(ids(&b, "tickets").is_empty(), "{engineer}: {b}");
            assert_eq!(b["customers"].as_array().unwrap().len(), 0, "{engineer}");
            let b = find(&s, engineer, &ticket.id.0.to_string()).await;
            assert!(!ids(&b, "tickets").contains(&ticket.id.0), "{engineer}");
        }
    }

    // The ticket list reads a phone typed with 8 and a name too.
    for q in ["8 912 555-01-23", "серебрякова"] {
        let r = s
            .send(
                s.req(reqwest::Method::GET, "/tickets", Some("agent"))
                    .query(&[("q", q)]),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(r.body["items"][0]["id"], ticket.id.0, "{q}");
    }
}

#[tokio::test]
async fn a_bad_query_is_named() {
    let s = common::start().await;
    let r = s.get("/search", Some("agent")).await;
    r.assert_field_error(400, "bad_request", "q");
    let long = "я".repeat(201);
    let r = s
        .send(
            s.req(reqwest::Method::GET, "/search", Some("agent"))
                .query(&[("q", long.as_str())]),
        )
        .await;
    let e = r.assert_field_error(400, "bad_request", "q");
    let message = serde_json::to_string(&e).unwrap();
    assert!(
        message.contains("at most 200 characters, you typed 201"),
        "{message}"
    );
    let r = s.get("/search?q=a%00b", Some("agent")).await;
    r.assert_field_error(400, "bad_request", "q");
    let r = s.get("/search?q=x", None).await;
    assert_eq!(r.status, 401);
}
