//! Assigning tickets, incidents and spots to a person (issue 22): who may be assigned (422
//! field `assignee_id` otherwise), who may assign (an engineer of another group may not),
//! `If-Match`, unassigning, the history, the `assignee=me` filter and `GET /users/assignable`.

use crate::common::{self, desk};

use serde_json::{json, Value};
use spotdesk_api::{Actor, Incident, Spot, Ticket, TicketPage};
use spotdesk_core::geo::circle_polygon;

/// A ticket of the network group (as the admin moved it there).
async fn network_ticket(s: &common::TestServer, key: &str) -> Ticket {
    let t = desk::new_ticket(s, "agent", key).await;
    let moved = s.move_ticket(&json!(t.id), &json!("line2-network")).await;
    serde_json::from_value(moved).unwrap()
}

/// The message of a 422 on `assignee_id` with field code `code`.
#[track_caller]
fn assignee_error(r: &common::Resp, code: &str) -> String {
    let body = r.assert_field_error(422, "validation_failed", "assignee_id");
    let f = body
        .fields
        .iter()
        .find(|f| f.field == "assignee_id")
        .unwrap();
    assert_eq!(f.code, code, "{}", r.text);
    f.message.clone()
}

fn names(people: &[Actor]) -> Vec<&str> {
    people.iter().map(|a| a.display_name.as_str()).collect()
}

#[tokio::test]
async fn a_ticket_is_assigned_within_its_group_and_unassigned() {
    let s = common::start().await;
    let t = network_ticket(&s, "as-1").await;
    assert_eq!(t.assignee, None);
    let (eng, eng_name) = desk::display_name(&s, "engineer").await;

    // The agent assigns it to the network engineer: the answer names them.
    let t = desk::patch_ok(&s, "agent", &t, json!({ "assignee_id": eng })).await;
    let a = t.assignee.clone().unwrap();
    assert_eq!((a.id.0, a.display_name.as_str()), (eng, eng_name.as_str()));
    let read = s.get(&format!("/tickets/{}", t.id), Some("engineer")).await;
    assert_eq!(read.ticket().assignee, t.assignee);

    // Recorded in the history with both ends.
    let h = desk::history(&s, t.id.0, "agent").await;
    let last = h.last().unwrap();
    let c = desk::change(last, "assignee");
    assert_eq!(c.from, Value::Null);
    assert_eq!(c.to["display_name"], json!(eng_name));

    // Sending the same assignee again changes nothing.
    let same = desk::patch_ok(&s, "agent", &t, json!({ "assignee_id": eng })).await;
    assert_eq!(same.version, t.version);

    // null unassigns.
    let t = desk::patch_ok(&s, "engineer", &t, json!({ "assignee_id": null })).await;
    assert_eq!(t.assignee, None);
    assert_eq!(t.version, same.version + 1);
}

#[tokio::test]
async fn a_person_who_may_not_work_on_it_is_a_field_error() {
    let s = common::start().await;
    let t = network_ticket(&s, "as-2").await;
    let (billing, _) = desk::display_name(&s, "engineer-billing").await;
    let (manager, _) = desk::display_name(&s, "manager").await;

    let r = desk::patch(&s, "agent", &t, json!({ "assignee_id": billing })).await;
    let why = assignee_error(&r, "not_assignable");
    assert!(
        why.contains("line2-billing") && why.contains("line2-network"),
        "{why}"
    );
    // A manager works on no tickets; an unknown id is unknown.
    let r = desk::patch(&s, "agent", &t, json!({ "assignee_id": manager })).await;
    assignee_error(&r, "not_assignable");
    let r = desk::patch(&s, "agent", &t, json!({ "assignee_id": 999_999 })).await;
    assignee_error(&r, "unknown");
    // Every problem of the body together.
    let r = desk::patch(
        &s,
        "agent",
        &t,
        json!({ "topic": "no-such-topic", "assignee_id": billing }),
    )
    .await;
    assignee_error(&r, "not_assignable");
    r.assert_field_error(422, "validation_failed", "topic");
    // Nothing changed.
    let now = s.get(&format!("/tickets/{}", t.id), Some("agent")).await;
    assert_eq!(now.ticket().version, t.version);
}

#[tokio::test]
async fn a_stale_version_is_412_and_moving_the_ticket_drops_its_engineer() {
    let s = common::start().await;
    let t = network_ticket(&s, "as-3").await;
    let (eng, _) = desk::display_name(&s, "engineer").await;
    let (agent, _) = desk::display_name(&s, "agent").await;
    let t2 = desk::patch_ok(&s, "engineer", &t, json!({ "assignee_id": eng })).await;
    // `t` is the version before: stale.
    desk::patch(&s, "agent", &t, json!({ "assignee_id": agent }))
        .await
        .assert_error(412, "version_conflict");

    // Moved to billing, the network engineer can no longer work on it.
    let moved = desk::patch_ok(
        &s,
        "agent",
        &t2,
        json!({ "agency_responsible": "line2-billing" }),
    )
    .await;
    assert_eq!(moved.assignee, None);
    // Moved with a new assignee of the new group, both are taken.
    let back = desk::patch_ok(
        &s,
        "agent",
        &moved,
        json!({ "agency_responsible": "line2-network", "assignee_id": eng }),
    )
    .await;
    assert_eq!(back.assignee.map(|a| a.id.0), Some(eng));
}

#[tokio::test]
async fn an_engineer_of_another_group_cannot_take_or_assign() {
    let s = common::start().await;
    // A ticket of another group does not exist for them.
    let t = network_ticket(&s, "as-4").await;
    let (billing, _) = desk::display_name(&s, "engineer-billing").await;
    desk::patch(
        &s,
        "engineer-billing",
        &t,
        json!({ "assignee_id": billing }),
    )
    .await
    .assert_error(404, "not_found");

    // Another group's incident and spot are 403.
    let area = circle_polygon(56.05, 44.05, 500.0, 8);
    let i: Incident = desk::incident(&s, "as-inc", &area).await;
    let r = s
        .patch(
            &format!("/incidents/{}", i.id),
            "coordinator",
            Some(&format!("\"{}\"", i.version)),
            &json!({ "owner_group": "line2-network" }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let i: Incident = serde_json::from_str(&r.text).unwrap();
    let r = s
        .patch(
            &format!("/incidents/{}", i.id),
            "engineer-billing",
            Some(&format!("\"{}\"", i.version)),
            &json!({ "assignee_id": billing }),
        )
        .await;
    r.assert_error(403, "forbidden");

    // The network engineer takes it; the coordinator cannot give it to billing's engineer.
    let (eng, eng_name) = desk::display_name(&s, "engineer").await;
    let r = s
        .patch(
            &format!("/incidents/{}", i.id),
            "engineer",
            Some(&format!("\"{}\"", i.version)),
            &json!({ "assignee_id": eng }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let i: Incident = serde_json::from_str(&r.text).unwrap();
    assert_eq!(
        i.assignee.as_ref().map(|a| a.display_name.as_str()),
        Some(eng_name.as_str())
    );
    assert_eq!(i.version, 3);
    let r = s
        .patch(
            &format!("/incidents/{}", i.id),
            "coordinator",
            Some(&format!("\"{}\"", i.version)),
            &json!({ "assignee_id": billing }),
        )
        .await;
    assignee_error(&r, "not_assignable");
    let r = s
        .patch(
            &format!("/incidents/{}", i.id),
            "coordinator",
            Some(&format!("\"{}\"", i.version)),
            &json!({ "status": "confirmed", "assignee_id": billing }),
        )
        .await;
    assignee_error(&r, "not_assignable");
    r.assert_field_error(422, "validation_failed", "status");

    // A spot of the network group: billing's engineer may not take it, the network one may.
    let sp: Spot = desk::spot(&s, "as-spot", &area).await;
    let r = s
        .patch(
            &format!("/spots/{}", sp.id),
            "coordinator",
            Some(&format!("\"{}\"", sp.version)),
            &json!({ "group": "line2-network" }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let sp: Spot = serde_json::from_str(&r.text).unwrap();
    s.patch(
        &format!("/spots/{}", sp.id),
        "engineer-billing",
        Some(&format!("\"{}\"", sp.version)),
        &json!({ "assignee_id": billing }),
    )
    .await
    .assert_error(403, "forbidden");
    let r = s
        .patch(
            &format!("/spots/{}", sp.id),
            "engineer",
            Some(&format!("\"{}\"", sp.version)),
            &json!({ "assignee_id": eng }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let sp: Spot = serde_json::from_str(&r.text).unwrap();
    assert_eq!(sp.assignee.map(|a| a.id.0), Some(eng));
    // Stale: 412; null unassigns.
    s.patch(
        &format!("/spots/{}", sp.id),
        "engineer",
        Some("\"1\""),
        &json!({ "assignee_id": null }),
    )
    .await
    .assert_error(412, "version_conflict");
    let r = s
        .patch(
            &format!("/spots/{}", sp.id),
            "engineer",
            Some(&format!("\"{}\"", sp.version)),
            &json!({ "assignee_id": null }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        serde_json::from_str::<Spot>(&r.text).unwrap().assignee,
        None
    );
}

#[tokio::test]
async fn my_queue_lists_what_is_assigned_to_me() {
    let s = common::start().await;
    let mine = network_ticket(&s, "as-5").await;
    let other = network_ticket(&s, "as-6").await;
    let (agent, _) = desk::display_name(&s, "agent").await;
    let (eng, _) = desk::display_name(&s, "engineer").await;
    desk::patch_ok(&s, "agent", &mine, json!({ "assignee_id": agent })).await;
    desk::patch_ok(&s, "agent", &other, json!({ "assignee_id": eng })).await;

    let page = |r: common::Resp| -> Vec<i64> {
        assert_eq!(r.status, 200, "{}", r.text);
        let p: TicketPage = serde_json::from_str(&r.text).unwrap();
        p.items.iter().map(|t| t.id.0).collect()
    };
    assert_eq!(
        page(s.get("/tickets?assignee=me", Some("agent")).await),
        vec![mine.id.0]
    );
    assert_eq!(
        page(s.get("/tickets?assignee=me", Some("engineer")).await),
        vec![other.id.0]
    );
    assert_eq!(
        page(
            s.get(&format!("/tickets?assignee={eng}"), Some("agent"))
                .await
        ),
        vec![other.id.0]
    );
    assert!(page(s.get("/tickets?assignee=me", Some("coordinator")).await).is_empty());
    s.get("/tickets?assignee=someone", Some("agent"))
        .await
        .assert_field_error(400, "bad_request", "assignee");
}

#[tokio::test]
async fn the_assignable_people_are_who_could_change_it() {
    let s = common::start().await;
    let list = |path: &'static str| {
        let s = &s;
        async move {
            let r = s.get(path, Some("agent")).await;
            assert_eq!(r.status, 200, "{}", r.text);
            serde_json::from_str::<Vec<Actor>>(&r.text).unwrap()
        }
    };
    let (_, eng) = desk::display_name(&s, "engineer").await;
    let (_, billing) = desk::display_name(&s, "engineer-billing").await;
    let (_, agent) = desk::display_name(&s, "agent").await;
    let (_, coordinator) = desk::display_name(&s, "coordinator").await;
    let (_, manager) = desk::display_name(&s, "manager").await;

    let tickets = list("/users/assignable?group=line2-network").await;
    let n = names(&tickets);
    assert!(
        n.contains(&eng.as_str()) && n.contains(&agent.as_str()),
        "{n:?}"
    );
    assert!(n.contains(&coordinator.as_str()), "{n:?}");
    assert!(
        !n.contains(&billing.as_str()) && !n.contains(&manager.as_str()),
        "{n:?}"
    );
    let mut sorted = n.clone();
    sorted.sort();
    assert_eq!(n, sorted, "by display name");

    let incidents = list("/users/assignable?work=incident&group=line2-network").await;
    let n = names(&incidents);
    assert!(
        n.contains(&eng.as_str()) && n.contains(&coordinator.as_str()),
        "{n:?}"
    );
    assert!(!n.contains(&agent.as_str()), "{n:?}");

    let spots = list("/users/assignable?work=spot").await;
    let n = names(&spots);
    assert!(
        !n.contains(&eng.as_str()) && n.contains(&coordinator.as_str()),
        "{n:?}"
    );

    // Only ids and names: nothing else of the account.
    let r = s.get("/users/assignable", Some("engineer")).await;
    assert_eq!(r.status, 200);
    for p in r.body.as_array().unwrap() {
        let keys: Vec<&String> = p.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["display_name", "id"]);
    }
    s.get("/users/assignable?work=nothing", Some("agent"))
        .await
        .assert_error(400, "bad_request");
    assert_eq!(s.get("/users/assignable", None).await.status, 401);
}

#[tokio::test]
async fn the_facts_carry_assignees_only_for_a_client_that_asks() {
    let s = common::start().await;
    let body = |query: &'static str| {
        let s = &s;
        async move {
            let res = s
                .req(
                    reqwest::Method::GET,
                    &format!("/tickets/facts{query}"),
                    Some("manager"),
                )
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            res.bytes().await.unwrap().to_vec()
        }
    };
    // Nobody assigned yet: version 1 even when version 2 is asked for.
    assert_eq!(body("?version=2").await[4], 1);

    let t = network_ticket(&s, "as-7").await;
    let (eng, eng_name) = desk::display_name(&s, "engineer").await;
    desk::patch_ok(&s, "agent", &t, json!({ "assignee_id": eng })).await;

    let old = body("").await;
    assert_eq!(old[4], 1, "a version-1 client gets version 1");
    let new = body("?version=2").await;
    assert_eq!(new[4], 2);
    let f = spotdesk_api::facts::TicketFacts::decode(&new).unwrap();
    let i = f.id.iter().position(|&id| i64::from(id) == t.id.0).unwrap();
    let who = f.assignee_of(i).unwrap();
    assert_eq!(
        (i64::from(who.id), who.name.as_str()),
        (eng, eng_name.as_str())
    );
    let assigned = (0..f.len()).filter(|&j| f.assignee_of(j).is_some()).count();
    assert_eq!(assigned, 1);
}
