//! Closing the loop on single tickets (issue 22): resolving asks for a note and a cause of
//! the ticket's service, tells the customer with a rating link whose rating becomes the
//! ticket's, and comments are internal notes or replies sent to the customer.

use crate::common;

use common::desk::*;
use common::TestServer;
use reqwest::Method;
use serde_json::{json, Value};
use spotdesk_api::{Catalogue, Comment, CommentKind, Ticket, TicketStatus};

/// The outbox rows about ticket `id`: (recipient, kind, payload), oldest first.
async fn messages(s: &TestServer, id: i64) -> Vec<(String, String, Value)> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT recipient, kind, payload FROM notification_outbox \
         WHERE CAST(json_extract(payload, '$.ticket_id') AS BIGINT) = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&s.state.db)
    .await
    .unwrap();
    rows.into_iter()
        .map(|(to, kind, payload)| (to, kind, serde_json::from_str(&payload).unwrap()))
        .collect()
}

/// The field errors of a 422 answer as (field, code).
fn fields(r: &common::Resp) -> Vec<(String, String)> {
    let body = r.assert_error(422, "validation_failed");
    body.fields.into_iter().map(|f| (f.field, f.code)).collect()
}

fn pair(field: &str, code: &str) -> (String, String) {
    (field.to_owned(), code.to_owned())
}

/// A cause code of another service that `t`'s service does not have.
fn foreign_cause(cat: &Catalogue, t: &Ticket) -> String {
    let own = &cat
        .services
        .iter()
        .find(|x| x.code == t.service_code)
        .unwrap()
        .resolution_causes;
    cat.services
        .iter()
        .flat_map(|x| &x.resolution_causes)
        .map(|c| c.code.clone())
        .find(|c| !own.iter().any(|o| &o.code == c))
        .expect("the default catalogue has causes no one service has all of")
}

#[tokio::test]
async fn resolving_asks_for_a_note_and_a_cause_of_the_service() {
    let s = common::start().await;
    let t = new_ticket(&s, "agent", "loop-1").await;
    let cat = s.catalogue();

    let r = patch(&s, "agent", &t, json!({"status": "resolved"})).await;
    assert_eq!(
        fields(&r),
        vec![
            pair("status_notes", "required"),
            pair("resolution_cause", "required")
        ]
    );
    let r = patch(
        &s,
        "agent",
        &t,
        json!({"status": "resolved", "status_notes": "  ", "resolution_cause": ""}),
    )
    .await;
    assert_eq!(
        fields(&r),
        vec![
            pair("status_notes", "required"),
            pair("resolution_cause", "required")
        ]
    );
    let other = foreign_cause(&cat, &t);
    let r = patch(
        &s,
        "agent",
        &t,
        json!({"status": "resolved", "status_notes": "Fixed", "resolution_cause": other}),
    )
    .await;
    assert_eq!(fields(&r), vec![pair("resolution_cause", "unknown_choice")]);
    // A cause goes only with resolving.
    let r = patch(
        &s,
        "agent",
        &t,
        json!({"status": "in_work", "resolution_cause": other}),
    )
    .await;
    assert_eq!(fields(&r), vec![pair("resolution_cause", "invalid")]);
    // Nothing was changed or sent.
    let now = s.get(&format!("/tickets/{}", t.id), Some("agent")).await;
    assert_eq!(now.ticket().version, t.version);
    assert!(messages(&s, t.id.0).await.is_empty());
}

#[tokio::test]
async fn resolving_tells_the_customer_and_the_link_rates_the_ticket() {
    let s = common::start().await;
    let t = new_ticket(&s, "agent", "loop-2").await;
    let body = resolving(&s, &t, "Router replaced, the line works again");
    let cause = body["resolution_cause"].as_str().unwrap().to_owned();
    let done = patch_ok(&s, "agent", &t, body).await;
    assert_eq!(done.status, TicketStatus::Resolved);
    assert_eq!(done.resolution_cause.as_deref(), Some(cause.as_str()));
    assert_eq!(
        done.status_notes.as_deref(),
        Some("Router replaced, the line works again")
    );
    let h = history(&s, t.id.0, "agent").await;
    assert_eq!(
        change(h.last().unwrap(), "resolution_cause").to,
        json!(cause)
    );

    // One message to the customer's phone: the note and a rating token, nothing internal.
    let sent = messages(&s, t.id.0).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    let (to, kind, payload) = &sent[0];
    assert_eq!(
        (to.as_str(), kind.as_str()),
        (t.customer_phone.as_str(), "fix_done")
    );
    assert_eq!(payload["source"], "ticket");
    assert_eq!(payload["source_id"], t.id.0);
    assert_eq!(payload["note"], "Router replaced, the line works again");
    let token = payload["rating_token"].as_str().unwrap().to_owned();
    assert!(!payload.to_string().contains(&cause), "{payload}");

    // The link works once; the rating becomes the ticket's.
    let path = format!("/public/ratings/{token}");
    let link = s.get(&path, None).await;
    assert_eq!(link.status, 200, "{}", link.text);
    assert_eq!(link.body, json!({"source": "ticket"}));
    let r = s
        .send(
            s.req(Method::POST, &path, None)
                .json(&json!({"score": 5, "comment": "Quick!"})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body["source"], "ticket");
    let rated = s
        .get(&format!("/tickets/{}", t.id), Some("agent"))
        .await
        .ticket();
    assert_eq!(rated.rating, Some(5));
    s.get(&path, None).await.assert_error(409, "already_rated");

    // Reopened: the cause goes; resolved again: a new message with a new link.
    let reopened = patch_ok(&s, "agent", &rated, json!({"status": "reopened"})).await;
    assert_eq!(reopened.resolution_cause, None);
    let again = resolving(&s, &reopened, "Replaced the cable too");
    patch_ok(&s, "agent", &reopened, again).await;
    let sent = messages(&s, t.id.0).await;
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(sent[1].2["note"], "Replaced the cable too");
    let second = sent[1].2["rating_token"].as_str().unwrap();
    assert_ne!(second, token);
    let link = s.get(&format!("/public/ratings/{second}"), None).await;
    assert_eq!(link.status, 200, "{}", link.text);
    s.get(&path, None).await.assert_error(409, "already_rated");
}

#[tokio::test]
async fn replies_go_to_the_customer_and_notes_stay_inside() {
    let s = common::start().await;
    let t = new_ticket(&s, "agent", "loop-3").await;
    let id = t.id.0;

    // The default kind is a note: no message.
    let r = comment(&s, "agent", id, "n1", "Customer sounded upset").await;
    assert_eq!(r.status, 201, "{}", r.text);
    let note: Comment = serde_json::from_str(&r.text).unwrap();
    assert_eq!(note.kind, CommentKind::Note);
    let r = comment_of(&s, "engineer", id, "n2", "Checked the port", "note").await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert!(messages(&s, id).await.is_empty());

    // A reply is a comment of its kind and a message to the customer's phone.
    let text = format!("Your request {id} is in work. We will call you back.");
    let r = comment_of(&s, "agent", id, "r1", &format!("  {text} "), "reply").await;
    assert_eq!(r.status, 201, "{}", r.text);
    let reply: Comment = serde_json::from_str(&r.text).unwrap();
    assert_eq!(
        (reply.kind, reply.text.as_str()),
        (CommentKind::Reply, text.as_str())
    );
    let sent = messages(&s, id).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    let (to, kind, payload) = &sent[0];
    assert_eq!(
        (to.as_str(), kind.as_str()),
        (t.customer_phone.as_str(), "reply")
    );
    assert_eq!(payload["text"], text.as_str());
    assert_eq!(payload["comment_id"], reply.id.0);
    assert!(payload.get("rating_token").is_none(), "{payload}");
    // Replayed with the same key: the same reply, no second message.
    let r = comment_of(&s, "agent", id, "r1", &format!("  {text} "), "reply").await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(messages(&s, id).await.len(), 1);

    // The list says which is which; staff's outbox view shows the reply's text.
    let list = s
        .get(&format!("/tickets/{id}/comments"), Some("agent"))
        .await;
    let list: Vec<Comment> = serde_json::from_str(&list.text).unwrap();
    let kinds: Vec<CommentKind> = list.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        vec![CommentKind::Note, CommentKind::Note, CommentKind::Reply]
    );

    // A reply is short; a kind must be known; managers still only read.
    comment_of(&s, "agent", id, "r2", &"x".repeat(1001), "reply")
        .await
        .assert_field_error(422, "validation_failed", "text");
    comment_of(&s, "agent", id, "r3", "hi", "sms")
        .await
        .assert_field_error(400, "bad_request", "kind");
    comment_of(&s, "manager", id, "r4", "hi", "reply")
        .await
        .assert_error(403, "forbidden");
    assert_eq!(messages(&s, id).await.len(), 1);
}

#[tokio::test]
async fn the_configuration_check_refuses_repeated_causes_and_bad_templates() {
    let s = common::start().await;
    let mut cat = s.catalogue();
    let first = cat.services[0].resolution_causes[0].clone();
    cat.services[0].resolution_causes.push(first);
    let dup = format!(
        "services[0].resolution_causes[{}].code",
        cat.services[0].resolution_causes.len() - 1
    );
    cat.services[1].reply_templates[0].text.ru = "Обращение {номер}".into();
    cat.services[1].reply_templates[0].text.en = "Request {number}".into();
    let r = s
        .send(
            s.req(Method::POST, "/admin/configuration/check", Some("admin"))
                .json(&cat),
        )
        .await;
    let body = r.assert_field_error(422, "validation_failed", &dup);
    let got: Vec<(String, String)> = body.fields.into_iter().map(|f| (f.field, f.code)).collect();
    assert_eq!(
        got,
        vec![
            pair(&dup, "duplicate"),
            pair("services[1].reply_templates[0].text.en", "invalid"),
            pair("services[1].reply_templates[0].text.ru", "invalid"),
        ]
    );
}
