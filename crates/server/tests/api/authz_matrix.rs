//! Authorisation matrix: every operation of the OpenAPI document, called anonymously and as
//! every role, must answer as [`MATRIX`] declares (allowed: 2xx; denied: 401 anonymous, 403
//! signed in). An operation of the document without a row fails the test, so a new endpoint
//! cannot ship without a decision on who may call it. Also: objects of one group are invisible
//! to engineers of another, and server-owned fields cannot be set by a client.

use crate::common;

use common::{valid_ticket, TestServer};
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// Who is asked, in column order of [`MATRIX`]: `None` is anonymous.
const CALLERS: [Option<&str>; 6] = [
    None,
    Some("agent"),
    Some("engineer"),
    Some("coordinator"),
    Some("manager"),
    Some("admin"),
];

/// operationId -> access per caller (anonymous, agent, engineer, coordinator, manager, admin):
/// `Y` allowed, `-` denied.
const MATRIX: &[(&str, &str)] = &[
    ("health", "YYYYYY"),
    ("openapi", "YYYYYY"),
    ("login", "YYYYYY"),
    ("logout", "-YYYYY"),
    ("me", "-YYYYY"),
    ("getCatalogue", "-YYYYY"),
    ("listTickets", "-YYYYY"),
    ("createTicket", "-YYY-Y"),
    ("ticketFacts", "-YYYYY"),
    ("getTicket", "-YYYYY"),
    ("patchTicket", "-YYY-Y"),
    ("getTicketHistory", "-YYYYY"),
    ("listTicketComments", "-YYYYY"),
    ("createTicketComment", "-YYY-Y"),
    ("listIncidents", "-YYYYY"),
    ("createIncident", "---Y-Y"),
    ("getIncident", "-YYYYY"),
    ("patchIncident", "--YY-Y"),
    ("listSpots", "-YYYYY"),
    ("createSpot", "--YY-Y"),
    ("getSpot", "-YYYYY"),
    ("patchSpot", "--YY-Y"),
    ("listAssignableUsers", "-YYYYY"),
    ("listCoverageLayers", "-YYYYY"),
    ("getCoverage", "-YYYYY"),
    ("geocode", "-YYYYY"),
    ("search", "-YYYYY"),
    ("getCustomerHistory", "-YYYYY"),
    ("getLocationContext", "-YYYYY"),
    ("publicStatus", "YYYYYY"),
    ("publicGeocode", "YYYYYY"),
    ("getStreetPlan", "YYYYYY"),
    ("publicSubscribe", "YYYYYY"),
    ("getRatingLink", "YYYYYY"),
    ("rateFix", "YYYYYY"),
    ("ratingSummary", "---YYY"),
    ("events", "-YYYYY"),
    ("createStreamTicket", "-YYYYY"),
    ("listOutbox", "---Y-Y"),
    ("listIncidentProposals", "---YYY"),
    ("acceptIncidentProposal", "---Y-Y"),
    ("dismissIncidentProposal", "---Y-Y"),
    ("incidentLinkSuggestions", "--YY-Y"),
    ("linkIncidentTickets", "--YY-Y"),
    ("reportStillBroken", "-YYY-Y"),
    ("getTestClock", "-----Y"),
    ("setTestClock", "-----Y"),
    ("changeOwnPassword", "-YYYYY"),
    ("listUsers", "-----Y"),
    ("createUser", "-----Y"),
    ("getUser", "-----Y"),
    ("patchUser", "-----Y"),
    ("resetUserPassword", "-----Y"),
    ("unlockUser", "-----Y"),
    ("listAuditLog", "-----Y"),
    ("getConfiguration", "-----Y"),
    ("putConfiguration", "-----Y"),
    ("checkConfiguration", "-----Y"),
    ("startImport", "-----Y"),
    ("getImport", "-----Y"),
];

/// The engineer's group: the objects probed belong to it, so group confinement is not what
/// decides the answers of the matrix.
const GROUP: &str = "line2-network";

/// Ids of the objects the probes address.
struct Targets {
    ticket: i64,
    incident: i64,
    spot: i64,
    /// Key of an open incident proposal of the demo data, if the detector finds one.
    proposal: Option<String>,
    /// An account made for the probes of account administration.
    user: i64,
    /// A finished address import.
    import: i64,
}

/// A one-row address file the import probes upload.
const IMPORT_CSV: &str = "id,address,lat,long\nauthz-1,\"Authz, 1\",59.95,30.3\n";

/// Every (method, path, operationId) of the document.
fn operations() -> Vec<(Method, String, String)> {
    let doc: Value = serde_json::from_str(spotdesk_server::openapi::document_json()).unwrap();
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Ok(m) = Method::from_bytes(method.to_uppercase().as_bytes()) else {
                continue;
            };
            if op.get("operationId").is_none() {
                continue;
            }
            let id = op["operationId"].as_str().unwrap().to_owned();
            ops.push((m, path.clone(), id));
        }
    }
    ops
}

fn square() -> Value {
    json!({"ring": [[30.20, 59.90], [30.40, 59.90], [30.40, 60.00], [30.20, 60.00]]})
}

/// Objects of [`GROUP`] for the probes to read and change.
async fn targets(s: &TestServer) -> Targets {
    let page = s.get("/tickets?limit=500", Some("admin")).await;
    let ticket = page.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["agency_responsible"] == GROUP)
        .expect("a demo ticket of the engineer's group")["id"]
        .as_i64()
        .unwrap();
    let inc = s
        .send(
            s.req(Method::POST, "/incidents", Some("admin"))
                .header("Idempotency-Key", "authz-incident")
                .json(&json!({"title": "Authz target", "owner_group": GROUP, "area": square()})),
        )
        .await;
    assert_eq!(inc.status, 201, "{}", inc.text);
    let spot = s
        .send(s.req(Method::POST, "/spots", Some("admin")).json(&json!({
            "key": "authz-target", "outline": square(), "priority": 1.0, "group": GROUP
        })))
        .await;
    assert!(spot.status == 201 || spot.status == 200, "{}", spot.text);
    let incident = inc.body["id"].as_i64().unwrap();
    // The ticket is linked to the incident, so "still broken" has a ticket to report.
    let link = s
        .send(
            s.req(
                Method::POST,
                &format!("/incidents/{incident}/tickets"),
                Some("admin"),
            )
            .json(&json!({"ticket_ids": [ticket]})),
        )
        .await;
    assert_eq!(link.status, 200, "{}", link.text);
    let proposals = s.get("/incidents/proposals", Some("admin")).await;
    assert_eq!(proposals.status, 200, "{}", proposals.text);
    let proposal = proposals.body[0]["key"].as_str().map(str::to_owned);
    let user = s
        .send(
            s.req(Method::POST, "/admin/users", Some("admin"))
                .header("Idempotency-Key", "authz-user")
                .json(&json!({"username": "authz-target", "role": "agent"})),
        )
        .await;
    assert_eq!(user.status, 201, "{}", user.text);
    let import = s
        .send(
            s.req(Method::POST, "/admin/imports/addresses", Some("admin"))
                .header("Content-Type", "text/csv")
                .body(IMPORT_CSV),
        )
        .await;
    assert_eq!(import.status, 202, "{}", import.text);
    let import = import.body["id"].as_i64().unwrap();
    // Finished, so the probe's own upload finds the one import slot free.
    for _ in 0..200 {
        let r = s
            .get(&format!("/admin/imports/addresses/{import}"), Some("admin"))
            .await;
        if r.body["state"] == "done" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    Targets {
        ticket,
        incident,
        spot: spot.body["id"].as_i64().unwrap(),
        proposal,
        user: user.body["user"]["id"].as_i64().unwrap(),
        import,
    }
}

/// The request of one probe: a valid call of `op`, so only authorisation can refuse it.
async fn probe(
    s: &TestServer,
    t: &Targets,
    method: &Method,
    path: &str,
    op: &str,
    caller: Option<&str>,
    n: usize,
) -> u16 {
    let concrete = path
        .replace(
            "{id}",
            &match op {
                op if op.contains("Incident")
                    || op.starts_with("incident")
                    || op == "reportStillBroken" =>
                {
                    t.incident
                }
                op if op.contains("Spot") => t.spot,
                op if op.contains("User") => t.user,
                _ => t.ticket,
            }
            .to_string(),
        )
        .replace("{technology}", "4g")
        .replace("{kind}", "addresses")
        .replace("{phone}", "+79123456789")
        .replace("{import_id}", &t.import.to_string())
        .replace(
            "{key}",
            t.proposal.as_deref().unwrap_or("authz-no-such-proposal"),
        );
    let query = match op {
        "ticketFacts" => "?from=2020-01-01T00:00:00Z",
        "geocode" | "publicGeocode" | "search" => "?q=Lenina",
        "getLocationContext" | "publicStatus" => "?lat=59.95&long=30.3",
        _ => "",
    };
    let key = format!("authz-{op}-{n}");
    let mut rb = s.req(method.clone(), &format!("{concrete}{query}"), caller);
    rb = match op {
        "login" => rb.json(&json!({"username": "agent", "password": "demo"})),
        "logout" => {
            // A fresh session, so the probe does not end the one the other probes use.
            let fresh = s.login(caller.unwrap_or("agent"), "demo").await;
            let rb = s.client.post(s.url(path));
            match caller {
                Some(_) => rb.bearer_auth(fresh.body["token"].as_str().unwrap()),
                None => rb,
            }
        }
        "createTicket" => rb
            .header("Idempotency-Key", key)
            .json(&valid_ticket(&s.catalogue())),
        "createTicketComment" => rb
            .header("Idempotency-Key", key)
            .json(&json!({"text": "authz probe"})),
        "createIncident" => rb
            .header("Idempotency-Key", key)
            .json(&json!({"title": "Authz probe", "owner_group": GROUP})),
        "createSpot" => rb.json(&json!({"key": key, "outline": square(), "priority": 0.5})),
        "patchTicket" => rb
            .header("If-Match", "*")
            .json(&json!({"customer_name": format!("Probe {n}")})),
        "patchIncident" | "patchSpot" => rb
            .header("If-Match", "*")
            .json(&json!({"cause": format!("probe {n}")})),
        "publicSubscribe" => {
            rb.json(&json!({"contact": "+7 900 000-00-00", "lat": 59.95, "long": 30.3}))
        }
        "rateFix" | "getRatingLink" => {
            // A fresh one-time rating link per probe.
            let token = format!("authz-rate-{n}-{}", caller.unwrap_or("anonymous"));
            sqlx::query(
                "INSERT INTO public_subscriptions (contact, lat, long, created_at, notified_at, \
                 source, source_id, token_hash) VALUES ('x', 0, 0, '2026-01-01T00:00:00Z', \
                 '2026-01-01T00:00:00Z', 'incident', $1, $2)",
            )
            .bind(t.incident)
            .bind(spotdesk_server::auth::hash_token(&token))
            .execute(&s.state.db)
            .await
            .unwrap();
            let rb = s.req(method.clone(), &path.replace("{token}", &token), caller);
            if op == "rateFix" {
                rb.json(&json!({"score": 5}))
            } else {
                rb
            }
        }
        "acceptIncidentProposal" => rb.json(&json!({})),
        "dismissIncidentProposal" => rb,
        "linkIncidentTickets" => rb.json(&json!({"ticket_ids": [t.ticket]})),
        "reportStillBroken" => rb.json(&json!({"ticket_id": t.ticket})),
        "setTestClock" => rb.json(&json!({"offset_seconds": 0})),
        "changeOwnPassword" => {
            // A fresh session changes the caller's password; the test then puts "demo" back
            // and signs the caller in again (the change ended their other sessions).
            let user = caller.unwrap_or("agent");
            let fresh = s.login(user, "demo").await;
            let rb = s
                .client
                .post(s.url(path))
                .json(&json!({"current_password": "demo", "new_password": "quiet harbour lamp 7"}));
            match caller {
                Some(_) => rb.bearer_auth(fresh.body["token"].as_str().unwrap()),
                None => rb,
            }
        }
        "createUser" => rb
            .header("Idempotency-Key", key)
            .json(&json!({"username": format!("probe-user-{n}"), "role": "agent"})),
        "patchUser" => rb
            .header("If-Match", "*")
            .json(&json!({"display_name": format!("Probe {n}")})),
        "resetUserPassword" | "unlockUser" => rb,
        // The configuration as it is: an administrator's PUT changes nothing.
        "putConfiguration" => rb.header("If-Match", "*").json(&s.catalogue()),
        "checkConfiguration" => rb.json(&s.catalogue()),
        "createStreamTicket" => rb,
        "startImport" => rb.header("Content-Type", "text/csv").body(IMPORT_CSV),
        _ if *method == Method::GET => rb,
        _ => panic!("{op}: no probe request; add one to authz_matrix.rs"),
    };
    // Only the status matters; the event stream never ends, so bodies are not read.
    rb.send().await.unwrap().status().as_u16()
}

/// Puts the demo password back on `user` and signs them in again (after the probe of
/// `changeOwnPassword` changed it and ended their other sessions).
async fn restore_demo_password(s: &mut TestServer, user: &str) {
    let hash = spotdesk_server::auth::hash_password("demo").unwrap();
    sqlx::query("UPDATE users SET password_hash = $1 WHERE username = $2")
        .bind(hash)
        .bind(user)
        .execute(&s.state.db)
        .await
        .unwrap();
    let r = s.login(user, "demo").await;
    assert_eq!(r.status, 200, "{}", r.text);
    s.tokens.insert(
        user.to_owned(),
        r.body["token"].as_str().unwrap().to_owned(),
    );
}

#[tokio::test]
async fn every_operation_answers_every_caller_as_declared() {
    // The test clock is on so that its (admin-only) operations exist to be probed; the public
    // rate limit is raised, since every public operation is probed six times from one address.
    let mut s = common::start_with(|c| {
        c.test_clock = true;
        c.public_rate_limit = 1000;
    })
    .await;
    let t = targets(&s).await;
    let ops = operations();
    let declared: BTreeSet<&str> = MATRIX.iter().map(|(op, _)| *op).collect();
    let missing: Vec<&str> = ops
        .iter()
        .map(|(_, _, op)| op.as_str())
        .filter(|op| !declared.contains(op))
        .collect();
    assert!(
        missing.is_empty(),
        "operations without a row in the authorisation matrix: {missing:?}"
    );
    // The document states the same rule for each operation.
    let doc: Value = serde_json::from_str(spotdesk_server::openapi::document_json()).unwrap();
    for (_, path, op) in &ops {
        let row = MATRIX.iter().find(|(o, _)| o == op).unwrap().1;
        let item = &doc["paths"][path.as_str()];
        let operation = item
            .as_object()
            .unwrap()
            .values()
            .find(|o| o["operationId"] == op.as_str())
            .unwrap();
        let access = &operation["x-spotdesk-access"];
        let roles: Vec<&str> = access["roles"]
            .as_array()
            .unwrap_or_else(|| panic!("{op}: no x-spotdesk-access"))
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        let documented: String = CALLERS
            .iter()
            .map(|c| match c {
                None if access["anonymous"] == true => 'Y',
                None => '-',
                Some(user) => {
                    let role = user.split('-').next().unwrap();
                    if roles.contains(&role) {
                        'Y'
                    } else {
                        '-'
                    }
                }
            })
            .collect();
        assert_eq!(documented, row, "{op}: the document states another rule");
        let text = operation["description"].as_str().unwrap_or_default();
        assert!(
            text.contains("**Who may call it:**")
                && text.contains("**An engineer of another group:**"),
            "{op}: the description does not state the rule"
        );
    }
    let mut wrong = Vec::new();
    for (n, (method, path, op)) in ops.iter().enumerate() {
        let row = MATRIX.iter().find(|(o, _)| o == op).unwrap().1;
        assert_eq!(row.len(), CALLERS.len(), "{op}: one column per caller");
        for (caller, access) in CALLERS.iter().zip(row.chars()) {
            let status = probe(&s, &t, method, path, op, *caller, n).await;
            if let (true, Some(user)) = (op == "changeOwnPassword", caller) {
                restore_demo_password(&mut s, user).await;
            }
            let who = caller.unwrap_or("anonymous");
            let ok = match (access, caller) {
                // Without a proposal in the demo data, accepting can only say "no such
                // proposal" to those allowed to ask.
                ('Y', _) if op == "acceptIncidentProposal" && t.proposal.is_none() => status == 404,
                ('Y', _) => (200..300).contains(&status),
                (_, None) => status == 401,
                _ => status == 403,
            };
            if !ok {
                wrong.push(format!(
                    "{method} {path} ({op}) as {who}: {status}, declared {access}"
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "authorisation mismatches:\n{}",
        wrong.join("\n")
    );
    for op in declared {
        assert!(
            ops.iter().any(|(_, _, o)| o == op),
            "matrix row {op} names no operation of the document"
        );
    }
}

#[tokio::test]
async fn objects_of_another_group_are_invisible_to_engineers() {
    let s = common::start().await;
    let t = targets(&s).await;
    // engineer-billing is not in GROUP: the ticket does not exist for them.
    let path = format!("/tickets/{}", t.ticket);
    s.get(&path, Some("engineer-billing"))
        .await
        .assert_error(404, "not_found");
    for sub in ["comments", "history"] {
        let r = s
            .get(&format!("{path}/{sub}"), Some("engineer-billing"))
            .await;
        assert_eq!(r.status, 404, "{sub}: {}", r.text);
    }
    let r = s
        .patch(
            &path,
            "engineer-billing",
            Some("*"),
            &json!({"customer_name": "X"}),
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.text);
    let list = s.get("/tickets?limit=500", Some("engineer-billing")).await;
    let items = list.body["items"].as_array().unwrap();
    assert!(items.iter().all(|i| i["agency_responsible"] != GROUP));
    // The owning group's engineer does see it.
    assert_eq!(s.get(&path, Some("engineer")).await.status, 200);
}

#[tokio::test]
async fn server_owned_fields_cannot_be_set_by_a_client() {
    let s = common::start().await;
    let t = targets(&s).await;
    let owned = [
        ("id", json!(424242)),
        ("version", json!(99)),
        ("created_at", json!("2000-01-01T00:00:00Z")),
        ("registered_at", json!("2000-01-01T00:00:00Z")),
        ("updated_at", json!("2000-01-01T00:00:00Z")),
        ("deadline", json!("2000-01-01T00:00:00Z")),
        ("history", json!([])),
        ("status_history", json!([])),
        ("author", json!({"id": 1})),
        ("linked_tickets", json!(1000)),
    ];
    let cat = s.catalogue();
    for (field, value) in &owned {
        let mut body = valid_ticket(&cat);
        body[*field] = value.clone();
        let r = s
            .create_ticket("admin", &format!("owned-{field}"), &body)
            .await;
        assert_eq!(r.status, 400, "POST /tickets with {field}: {}", r.text);

        let mut inc = json!({"title": "Owned", "owner_group": GROUP});
        inc[*field] = value.clone();
        let r = s
            .send(
                s.req(Method::POST, "/incidents", Some("admin"))
                    .header("Idempotency-Key", format!("owned-inc-{field}"))
                    .json(&inc),
            )
            .await;
        assert_eq!(r.status, 400, "POST /incidents with {field}: {}", r.text);

        let mut spot =
            json!({"key": format!("owned-{field}"), "outline": square(), "priority": 1.0});
        spot[*field] = value.clone();
        let r = s
            .send(s.req(Method::POST, "/spots", Some("admin")).json(&spot))
            .await;
        assert_eq!(r.status, 400, "POST /spots with {field}: {}", r.text);

        let patch = json!({ *field: value.clone() });
        for path in [
            format!("/tickets/{}", t.ticket),
            format!("/incidents/{}", t.incident),
            format!("/spots/{}", t.spot),
        ] {
            let r = s.patch(&path, "admin", Some("*"), &patch).await;
            assert_eq!(r.status, 400, "PATCH {path} with {field}: {}", r.text);
        }
        let mut comment = json!({"text": "owned"});
        comment[*field] = value.clone();
        let r = s
            .send(
                s.req(
                    Method::POST,
                    &format!("/tickets/{}/comments", t.ticket),
                    Some("admin"),
                )
                .header("Idempotency-Key", format!("owned-c-{field}"))
                .json(&comment),
            )
            .await;
        assert_eq!(r.status, 400, "POST comment with {field}: {}", r.text);
    }
    // Nothing changed: the ticket still has the id and a plausible version.
    let g = s
        .get(&format!("/tickets/{}", t.ticket), Some("admin"))
        .await;
    assert_eq!(g.body["id"].as_i64(), Some(t.ticket));
    assert_ne!(g.body["version"], json!(99));
}

/// A request of one operation about one ticket id (and a key to keep requests apart).
type Probe<'a> = Box<dyn Fn(i64, &str) -> reqwest::RequestBuilder + 'a>;

/// An answer reduced to what a caller can tell apart: status, code and field problems.
fn shape(r: &common::Resp) -> (u16, Value, Value) {
    let fields: Vec<Value> = r.body["fields"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|x| json!([x["field"], x["code"], x["message"]]))
                .collect()
        })
        .unwrap_or_default();
    (r.status, r.body["code"].clone(), Value::Array(fields))
}

#[tokio::test]
async fn another_groups_ticket_answers_as_a_missing_one_wherever_its_id_arrives() {
    let s = common::start().await;
    let t = targets(&s).await;
    let outsider = "engineer-billing";
    let own = s.get("/auth/me", Some(outsider)).await.body["group"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(own, GROUP);
    // The outsider's own incident, over the same area, so only the ticket can be refused.
    let inc = s
        .send(
            s.req(Method::POST, "/incidents", Some("admin"))
                .header("Idempotency-Key", "authz-own-incident")
                .json(&json!({"title": "Billing's own", "owner_group": own, "area": square()})),
        )
        .await;
    assert_eq!(inc.status, 201, "{}", inc.text);
    let own_incident = inc.body["id"].as_i64().unwrap();
    let before = s
        .get(&format!("/tickets/{}", t.ticket), Some("admin"))
        .await;
    let comments_before = s
        .get(&format!("/tickets/{}/comments", t.ticket), Some("admin"))
        .await;
    let missing: i64 = 999_999_999;

    // Every operation that takes a ticket id, in its path or its body.
    let probes: Vec<(&str, Probe<'_>)> = vec![
        (
            "getTicket",
            Box::new(|id, _| s.req(Method::GET, &format!("/tickets/{id}"), Some(outsider))),
        ),
        (
            "getTicketHistory",
            Box::new(|id, _| {
                s.req(
                    Method::GET,
                    &format!("/tickets/{id}/history"),
                    Some(outsider),
                )
            }),
        ),
        (
            "listTicketComments",
            Box::new(|id, _| {
                s.req(
                    Method::GET,
                    &format!("/tickets/{id}/comments"),
                    Some(outsider),
                )
            }),
        ),
        (
            "patchTicket",
            Box::new(|id, _| {
                s.req(Method::PATCH, &format!("/tickets/{id}"), Some(outsider))
                    .header("If-Match", "*")
                    .json(&json!({"customer_name": "Taken over"}))
            }),
        ),
        (
            "createTicketComment",
            Box::new(|id, k| {
                s.req(
                    Method::POST,
                    &format!("/tickets/{id}/comments"),
                    Some(outsider),
                )
                .header("Idempotency-Key", format!("authz-c-{k}"))
                .json(&json!({"text": "not yours"}))
            }),
        ),
        (
            "linkIncidentTickets",
            Box::new(|id, _| {
                s.req(
                    Method::POST,
                    &format!("/incidents/{own_incident}/tickets"),
                    Some(outsider),
                )
                .json(&json!({"ticket_ids": [id]}))
            }),
        ),
        (
            "reportStillBroken",
            Box::new(|id, _| {
                s.req(
                    Method::POST,
                    &format!("/incidents/{}/still-broken", t.incident),
                    Some(outsider),
                )
                .json(&json!({"ticket_id": id}))
            }),
        ),
        (
            "createSpot",
            Box::new(|id, k| {
                s.req(Method::POST, "/spots", Some(outsider)).json(&json!({
                    "key": format!("authz-indirect-{k}"),
                    "outline": {"ring": [[30.50, 60.10], [30.51, 60.10], [30.51, 60.11]]},
                    "priority": 1.0,
                    "ticket_ids": [id],
                }))
            }),
        ),
    ];
    for (op, request) in &probes {
        let real = s.send(request(t.ticket, &format!("{op}-real"))).await;
        let none = s.send(request(missing, &format!("{op}-none"))).await;
        assert!(
            real.status >= 400,
            "{op}: another group's ticket was served: {}",
            real.text
        );
        assert_eq!(
            shape(&real),
            shape(&none),
            "{op}: {} vs {}",
            real.text,
            none.text
        );
    }

    // Nothing changed.
    let after = s
        .get(&format!("/tickets/{}", t.ticket), Some("admin"))
        .await;
    assert_eq!(before.body, after.body);
    let comments_after = s
        .get(&format!("/tickets/{}/comments", t.ticket), Some("admin"))
        .await;
    assert_eq!(comments_before.body, comments_after.body);
    let own = s
        .get(&format!("/incidents/{own_incident}"), Some("admin"))
        .await;
    assert_eq!(own.body["linked_tickets"], 0, "{}", own.text);
    let spots = s.get("/spots?limit=1000", Some("admin")).await;
    assert!(spots.body.as_array().unwrap().iter().all(|sp| {
        !sp["key"]
            .as_str()
            .unwrap_or_default()
            .starts_with("authz-indirect-")
    }));

    // Suggestions: another group's incident is not the outsider's to link to; on their own
    // incident they see only their own group's tickets. One fresh open ticket of each group
    // is put inside the area, so there is something of both to suggest.
    let page = s.get("/tickets?limit=500", Some("admin")).await;
    let own_group = s.get("/auth/me", Some(outsider)).await.body["group"].clone();
    let open: Vec<&Value> = page.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| {
            i["id"] != t.ticket
                && i["incident_id"].is_null()
                && !matches!(i["status"].as_str(), Some("resolved" | "closed"))
        })
        .take(2)
        .collect();
    for (open, group) in open.into_iter().zip([own_group.clone(), json!(GROUP)]) {
        s.move_ticket(&open["id"], &group).await;
        sqlx::query("UPDATE tickets SET lat = 59.95, long = 30.30, created_at = $1 WHERE id = $2")
            .bind(spotdesk_server::db::ts(s.state.clock.now()))
            .bind(open["id"].as_i64().unwrap())
            .execute(&s.state.db)
            .await
            .unwrap();
    }
    let r = s
        .get(
            &format!("/incidents/{}/suggestions", t.incident),
            Some(outsider),
        )
        .await;
    r.assert_error(403, "forbidden");
    let r = s
        .get(
            &format!("/incidents/{own_incident}/suggestions"),
            Some(outsider),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let everyone = s
        .get(
            &format!("/incidents/{own_incident}/suggestions"),
            Some("admin"),
        )
        .await;
    for item in r.body.as_array().unwrap() {
        assert_eq!(item["agency_responsible"], own_group, "{item}");
    }
    assert!(
        everyone
            .body
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["agency_responsible"] != own_group),
        "the probe needs other groups' tickets in the area"
    );
}
