//! Ticket history: the creation entry and every change, who made it, before and after.

use crate::common;

use common::desk::*;
use serde_json::{json, Value};

#[tokio::test]
async fn history_lists_creation_and_every_change() {
    let s = common::start().await;
    let t = new_ticket(&s, "agent", "h-1").await;
    let t2 = patch_ok(&s, "agent", &t, json!({"status": "in_work"})).await;
    let t3 = patch_ok(
        &s,
        "coordinator",
        &t2,
        json!({"status_notes": "waiting for the field team", "description": "No signal at all"}),
    )
    .await;
    assert_eq!(t3.version, 3);

    let h = history(&s, t.id.0, "agent").await;
    assert_eq!(
        h.iter().map(|e| e.version).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    let (agent_id, agent_name) = display_name(&s, "agent").await;
    let (coord_id, coord_name) = display_name(&s, "coordinator").await;

    // Registration: who, when, the initial values from null.
    let by = h[0].by.as_ref().unwrap();
    assert_eq!(
        (by.id.0, by.display_name.as_str()),
        (agent_id, agent_name.as_str())
    );
    assert_eq!(h[0].at, t.created_at);
    let status = change(&h[0], "status");
    assert_eq!((&status.from, &status.to), (&Value::Null, &json!("new")));
    assert_eq!(
        change(&h[0], "agency_responsible").to,
        json!(t.agency_responsible)
    );
    assert_eq!(change(&h[0], "line").to, json!(t.line));
    assert_eq!(change(&h[0], "service_code").to, json!(t.service_code));
    assert!(h[0].changes.iter().all(|c| c.from.is_null()));
    assert!(h[0].changes.iter().all(|c| c.field != "incident_id"));

    let status = change(&h[1], "status");
    assert_eq!(
        (&status.from, &status.to),
        (&json!("new"), &json!("in_work"))
    );
    assert_eq!(h[1].by.as_ref().unwrap().display_name, agent_name);
    assert_eq!(h[1].at, t2.updated_at);
    assert_eq!(h[1].changes.len(), 1, "{:?}", h[1].changes);

    assert_eq!(h[2].by.as_ref().unwrap().id.0, coord_id);
    assert_eq!(h[2].by.as_ref().unwrap().display_name, coord_name);
    assert_eq!(h[2].at, t3.updated_at);
    let d = change(&h[2], "description");
    assert_eq!(d.from, json!("No connection since morning"));
    assert_eq!(d.to, json!("No signal at all"));
    assert_eq!(
        change(&h[2], "status_notes").to,
        json!("waiting for the field team")
    );
    assert!(h.windows(2).all(|w| w[0].at <= w[1].at));

    // A no-op patch records nothing.
    let same = patch_ok(&s, "agent", &t3, json!({"status": "in_work"})).await;
    assert_eq!(same.version, 3);
    assert_eq!(history(&s, t.id.0, "agent").await.len(), 3);

    // Demo tickets have a creation entry too; other roles may read; bad ids.
    let h = history(&s, 1, "manager").await;
    assert_eq!(h[0].version, 1);
    s.get("/tickets/99999999/history", Some("admin"))
        .await
        .assert_error(404, "not_found");
    s.get("/tickets/abc/history", Some("admin"))
        .await
        .assert_field_error(400, "bad_request", "id");
}

#[tokio::test]
async fn history_of_tickets_registered_before_creation_entries_is_rebuilt() {
    let s = common::start().await;
    let t = new_ticket(&s, "agent", "legacy-1").await;
    let t = patch_ok(&s, "agent", &t, json!({"status": "in_work"})).await;
    let t = patch_ok(&s, "agent", &t, json!({"agency_responsible": "line3-it"})).await;
    // Simulate a database written before creation entries existed.
    sqlx::query("DELETE FROM ticket_history WHERE ticket_id = $1 AND version = 1")
        .bind(t.id.0)
        .execute(&s.state.db)
        .await
        .unwrap();
    let h = history(&s, t.id.0, "admin").await;
    assert_eq!(
        h.iter().map(|e| e.version).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert_eq!(h[0].at, t.created_at);
    assert_eq!(change(&h[0], "status").to, json!("new"));
    assert_eq!(
        change(&h[0], "agency_responsible").to,
        change(&h[2], "agency_responsible").from
    );
    assert_eq!(change(&h[0], "line").to, change(&h[2], "line").from);
    assert_eq!(
        h[0].by.as_ref().unwrap().display_name,
        display_name(&s, "agent").await.1
    );
}
