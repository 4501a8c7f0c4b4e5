//! `spotdesk-server import tickets` (issue 21) as a real process against a running test
//! server's database: past tickets become ordinary tickets (read, history, list, the facts the
//! dashboards and detection use) with their past times, statuses and SLA deadlines, and
//! nothing announced or sent; bad rows named with nothing imported; the same file twice
//! changes nothing, `--replace` overwrites from a newer export; Open311 GeoReport v2 column
//! names with places from the address register; an import killed mid-way leaves the previous
//! tickets; a successful import is in the audit log (actor `cli`), a refused one is not.

use crate::common::desk::history;
use crate::common::import_cli::{self, write, Outcome, BIN};
use crate::common::{start, TestServer};
use reqwest::Method;
use spotdesk_api::facts::TicketFacts;
use spotdesk_api::{Ticket, TicketStatus};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// Three past tickets in Spotdesk's column names (and one column that is not read).
const GOOD: &str = "\
external_id,service_code,created_at,status,resolved_at,channel,topic,description,customer_phone,customer_name,lat,long,address,group,line,expected_datetime,note
old-1,mobile-data,2026-11-02 10:00,closed,2026-11-02T15:00:00+03:00,email,no-data,No data since morning,8 912 345-67-89,Ivan Petrov,60.1,30.2,\"Приозёрск, Заречная 12\",,,,x
old-2,billing-dispute,2026-11-03T09:00:00Z,in_work,,phone,wrong-charge,Charged twice,+7 912 000-11-22,,60.2,30.3,,line2-billing,2,2026-11-05T09:00:00Z,
old-3,home-internet,2026-11-04 08:30:15,,,,,,,,60.3,30.4,,,,,
";

fn db(s: &TestServer) -> String {
    s.state.config.db.clone()
}

fn run(s: &TestServer, kind: &str, file: &Path, args: &[&str]) -> Outcome {
    import_cli::run(&db(s), kind, file, &[&["--quiet"], args].concat())
}

#[track_caller]
fn import_ok(s: &TestServer, file: &Path, args: &[&str]) -> String {
    import_cli::ok(&db(s), "tickets", file, &[&["--quiet"], args].concat())
}

#[track_caller]
fn import_fails(s: &TestServer, file: &Path, wants: &[&str]) {
    import_cli::fails(&db(s), "tickets", file, &["--quiet"], wants);
}

/// The id of the ticket imported under a previous-system id.
async fn id_of(s: &TestServer, external: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM tickets WHERE external_id = $1")
        .bind(external)
        .fetch_one(&s.state.db)
        .await
        .unwrap()
}

async fn ticket(s: &TestServer, external: &str) -> Ticket {
    let id = id_of(s, external).await;
    let r = s.get(&format!("/tickets/{id}"), Some("admin")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.ticket()
}

async fn scalar(s: &TestServer, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&s.state.db)
        .await
        .unwrap()
}

/// Every ticket with its history, as text: what "nothing changed" compares.
async fn snapshot(s: &TestServer) -> Vec<String> {
    let rows: Vec<(i64, String, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT t.id, t.status, t.updated_at, t.version, t.external_id FROM tickets t ORDER BY t.id",
    )
    .fetch_all(&s.state.db)
    .await
    .unwrap();
    let mut out: Vec<String> = rows.into_iter().map(|r| format!("{r:?}")).collect();
    let history: Vec<(i64, i64, String, String)> =
        sqlx::query_as("SELECT ticket_id, version, at, changes FROM ticket_history ORDER BY id")
            .fetch_all(&s.state.db)
            .await
            .unwrap();
    out.extend(history.into_iter().map(|h| format!("{h:?}")));
    out
}

async fn facts(s: &TestServer, query: &str) -> TicketFacts {
    let res = s
        .req(
            Method::GET,
            &format!("/tickets/facts{query}"),
            Some("manager"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    TicketFacts::decode(&res.bytes().await.unwrap()).unwrap()
}

fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(s).unwrap().into()
}

#[tokio::test]
async fn a_good_file_becomes_ordinary_past_tickets() {
    let s = start().await;
    let dir = tempfile::tempdir().unwrap();
    let events = scalar(&s, "SELECT COUNT(*) FROM events").await;
    let outbox = scalar(&s, "SELECT COUNT(*) FROM notification_outbox").await;
    let file = write(dir.path(), "history.csv", GOOD.as_bytes());
    let out = import_ok(&s, &file, &[]);
    assert!(
        out.contains(
            "imported 3 tickets (3 added, 0 updated, 0 already there); 3 imported tickets in all; ignored columns: note"
        ),
        "{out}"
    );

    // Closed, routed as a new mobile-data incident would have been, its SLA deadline from its
    // creation time (line 2: 24 hours around the clock), the phone as the desk writes it.
    let t1 = ticket(&s, "old-1").await;
    assert_eq!(t1.status, TicketStatus::Closed);
    assert_eq!(t1.created_at, at("2026-11-02T10:00:00Z"));
    assert_eq!(t1.resolved_at, Some(at("2026-11-02T12:00:00Z")));
    assert_eq!(t1.updated_at, at("2026-11-02T12:00:00Z"));
    assert_eq!(
        (t1.line, t1.agency_responsible.as_str()),
        (2, "line2-network")
    );
    assert_eq!(t1.expected_datetime, at("2026-11-03T10:00:00Z"));
    assert_eq!(t1.customer_phone, "+79123456789");
    assert_eq!(t1.customer_name.as_deref(), Some("Ivan Petrov"));
    assert_eq!(t1.address_string, "Приозёрск, Заречная 12");
    assert_eq!(t1.topic, "no-data");
    assert_eq!(t1.created_by, None);
    // Its history: the registration, then the closing at its resolution time.
    let h = history(&s, t1.id.0, "admin").await;
    assert_eq!(h.len(), 2, "{h:?}");
    assert_eq!(h[1].at, at("2026-11-02T12:00:00Z"));
    assert!(h[1]
        .changes
        .iter()
        .any(|c| c.field == "status" && c.to == "closed"));

    // The file's group, line and deadline win over routing and the SLA.
    let t2 = ticket(&s, "old-2").await;
    assert_eq!(t2.status, TicketStatus::InWork);
    assert_eq!(t2.resolved_at, None);
    assert_eq!(
        (t2.line, t2.agency_responsible.as_str()),
        (2, "line2-billing")
    );
    assert_eq!(t2.expected_datetime, at("2026-11-05T09:00:00Z"));

    // Only what a row must have: a new ticket, phone channel, the service's routing.
    let t3 = ticket(&s, "old-3").await;
    assert_eq!(t3.status, TicketStatus::New);
    assert_eq!(t3.created_at, at("2026-11-04T08:30:15Z"));
    assert_eq!(t3.customer_phone, "");
    assert_eq!(history(&s, t3.id.0, "admin").await.len(), 1);

    // The dashboards' and detection's facts have them, each phone-less one its own customer.
    let f = facts(&s, "?from=2026-11-01T00:00:00Z&to=2026-11-05T00:00:00Z").await;
    assert_eq!(f.len(), 3);
    let facts: Vec<_> = (0..f.len()).map(|i| f.row(i).unwrap()).collect();
    let f1 = facts.iter().find(|x| i64::from(x.id) == t1.id.0).unwrap();
    assert_eq!(f1.resolved, Some(at("2026-11-02T12:00:00Z").timestamp()));
    assert_eq!(f1.group, "line2-network");
    assert_eq!(
        f1.customer,
        spotdesk_core::complaint::customer_hash("+79123456789")
    );
    // The ticket list shows them too.
    let r = s
        .get("/tickets?status=in_work&limit=200", Some("admin"))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(
        r.text.contains(&format!("\"id\":{}", t2.id.0)),
        "{}",
        r.text
    );

    // None is a repeat contact (different phones, and old-3 has none)...
    assert_eq!(
        (t1.repeat_of, t2.repeat_of, t3.repeat_of),
        (None, None, None)
    );
    // ...until a call of old-1's customer two days before it is imported: then old-1 is one.
    let earlier = "external_id,service_code,created_at,customer_phone,lat,long\n\
                   old-0,mobile-data,2026-10-31 10:00,+7 912 345 67 89,60.1,30.2\n";
    let file = write(dir.path(), "earlier.csv", earlier.as_bytes());
    import_ok(&s, &file, &[]);
    let t0 = ticket(&s, "old-0").await;
    assert_eq!(ticket(&s, "old-1").await.repeat_of, Some(t0.id));
    assert_eq!(t0.repeat_of, None);

    // Nothing announced, nobody messaged.
    assert_eq!(scalar(&s, "SELECT COUNT(*) FROM events").await, events);
    assert_eq!(
        scalar(&s, "SELECT COUNT(*) FROM notification_outbox").await,
        outbox
    );
}

#[tokio::test]
async fn a_command_line_import_is_in_the_audit_log() {
    let s = start().await;
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "history.csv", GOOD.as_bytes());
    import_ok(&s, &file, &[]);
    import_ok(&s, &file, &["--replace"]);
    // A refused file writes no entry.
    let bad = write(
        dir.path(),
        "bad.csv",
        b"external_id,service_code,created_at,lat,long
x1,no-such-service,2026-11-02 10:00,60.1,30.2
",
    );
    import_fails(&s, &bad, &["line 2, service_code: unknown service"]);

    let audit = s
        .get("/admin/audit?action=import.tickets", Some("admin"))
        .await;
    assert_eq!(audit.status, 200, "{}", audit.text);
    let entries = audit.body["items"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{}", audit.text);
    for e in entries {
        assert_eq!(e["actor"]["username"], "cli", "{e}");
        assert!(e["actor"]["id"].is_null(), "{e}");
        assert_eq!(e["object_kind"], "import", "{e}");
        assert_eq!(e["after"]["kind"], "tickets", "{e}");
        assert_eq!(e["after"]["format"], "csv", "{e}");
        assert_eq!(e["after"]["bytes"], GOOD.len(), "{e}");
        assert_eq!(e["after"]["rows"], 3, "{e}");
        assert_eq!(e["after"]["removed"], 0, "{e}");
    }
    // Newest first: the second run left the three as they were.
    assert_eq!(entries[0]["after"]["replace"], true, "{}", audit.text);
    assert_eq!(entries[0]["after"]["added"], 0, "{}", audit.text);
    assert_eq!(entries[0]["after"]["unchanged"], 3, "{}", audit.text);
    assert_eq!(entries[1]["after"]["replace"], false, "{}", audit.text);
    assert_eq!(entries[1]["after"]["added"], 3, "{}", audit.text);
    assert_eq!(entries[1]["after"]["total"], 3, "{}", audit.text);

    // The other kinds' command lines write theirs too, by `cli`.
    let register = write(
        dir.path(),
        "addresses.csv",
        "id,address,lat,long\nh1,\"г. Приозёрск, ул. Заречная, д. 12\",60.100,30.200\n".as_bytes(),
    );
    let o = run(&s, "addresses", &register, &[]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let audit = s
        .get("/admin/audit?action=import.addresses", Some("admin"))
        .await;
    let entries = audit.body["items"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{}", audit.text);
    assert_eq!(entries[0]["actor"]["username"], "cli", "{}", audit.text);
    assert_eq!(entries[0]["after"]["added"], 1, "{}", audit.text);
}

#[tokio::test]
async fn bad_rows_are_named_and_nothing_is_imported() {
    let s = start().await;
    let dir = tempfile::tempdir().unwrap();
    let before = snapshot(&s).await;
    let mut bad = Vec::new();
    bad.extend_from_slice(
        b"external_id,service_code,created_at,updated_at,status,resolved_at,lat,long,customer_phone,group,line\n",
    );
    bad.extend_from_slice(b"a1,mobile-data,2026-11-02 10:00,,,,60.1,30.2,,,\n"); // 2: good
    bad.extend_from_slice(b"a2,no-such-service,2026-11-02 10:00,,,,60.1,30.2,,,\n"); // 3
    bad.extend_from_slice(b"a3,sms,02.11.2026 10:00,,,,60.1,30.2,,,\n"); // 4
    bad.extend_from_slice(b"a4,sms,2099-01-01 00:00,,,,60.1,30.2,,,\n"); // 5
    bad.extend_from_slice(b"a1,sms,2026-11-02 10:00,,,,60.1,30.2,,,\n"); // 6
    bad.extend_from_slice(b"a6,sms,2026-11-02 10:00,,,,,,,,\n"); // 7
    bad.extend_from_slice(b"a7,sms,2026-11-02 10:00,,open,2026-11-03 10:00,60.1,30.2,,,\n"); // 8
    bad.extend_from_slice(b"a8,sms,2026-11-02 10:00,,closed,2026-11-01 10:00,60.1,30.2,,,\n"); // 9
    bad.extend_from_slice(b"a9,sms,2026-11-02 10:00,,done,,95,30.2,,,\n"); // 10
    bad.extend_from_slice(b"a10,sms,2026-11-02 10:00,,,,60.1,30.2,call me,nobody,7\n"); // 11
    bad.extend_from_slice(b"a11,sms,2026-11-02 10:00,,closed,,60.1,30.2,,,\n"); // 12
    bad.extend_from_slice(b"a12,sms\n"); // 13
    let file = write(dir.path(), "bad.csv", &bad);
    import_fails(
        &s,
        &file,
        &[
            "11 of 12 rows have problems; nothing was imported",
            "line 3, service_code: unknown service (\"no-such-service\" is not a service code of the catalogue)",
            "line 4, created_at: not a time (\"02.11.2026 10:00\"; RFC 3339 or YYYY-MM-DD HH:MM[:SS] (UTC))",
            "line 5, created_at: in the future (2099-01-01 00:00)",
            "line 6, external_id: duplicate id (\"a1\" also on line 2)",
            "line 7, lat: missing (no lat/long and no address_id)",
            "line 8, resolved_at: not resolved (the status is new)",
            "line 9, resolved_at: before the creation time",
            "line 10, status: unknown value (\"done\"; one of open, closed,",
            "line 10, lat: out of range (95; allowed -90..90)",
            "line 11, customer_phone: not a phone number (\"call me\")",
            "line 11, group: unknown group (\"nobody\" is not a group of the catalogue)",
            "line 11, line: unknown value (\"7\"; one of 1, 2, 3)",
            "line 12, resolved_at: missing (a closed ticket needs its resolution time)",
            "line 13, row: wrong number of fields (2 fields, the header has 11)",
        ],
    );
    assert_eq!(snapshot(&s).await, before);

    // A file that cannot be read as a whole says why.
    let file = write(dir.path(), "cols.csv", b"id,lat,long\n1,60,30\n");
    import_fails(
        &s,
        &file,
        &["the header line lacks service_code, created_at (or requested_datetime)"],
    );
    let file = write(
        dir.path(),
        "twice.csv",
        b"external_id,service_request_id\n1,2\n",
    );
    import_fails(
        &s,
        &file,
        &["the header has columns \"external_id\" and \"service_request_id\", which mean the same"],
    );
    let file = write(
        dir.path(),
        "empty.csv",
        b"external_id,service_code,created_at,lat,long\n",
    );
    import_fails(&s, &file, &["the file has no rows"]);
    assert_eq!(snapshot(&s).await, before);
}

#[tokio::test]
async fn the_same_file_twice_changes_nothing_and_replace_takes_a_newer_export() {
    let s = start().await;
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "history.csv", GOOD.as_bytes());
    import_ok(&s, &file, &[]);
    let first = snapshot(&s).await;
    let out = import_ok(&s, &file, &[]);
    assert!(
        out.contains(
            "imported 3 tickets (0 added, 0 updated, 3 already there); 3 imported tickets in all"
        ),
        "{out}"
    );
    assert_eq!(snapshot(&s).await, first);
    // --replace with the same file: nothing differs, nothing is written.
    let out = import_ok(&s, &file, &["--replace"]);
    assert!(
        out.contains("(0 added, 0 updated, 3 already there)"),
        "{out}"
    );
    assert_eq!(snapshot(&s).await, first);

    // A newer export: old-2 was resolved since, and there is one more ticket. Without
    // --replace only the new one is added; with it, old-2 follows the file.
    let newer = GOOD.replace(
        "old-2,billing-dispute,2026-11-03T09:00:00Z,in_work,,",
        "old-2,billing-dispute,2026-11-03T09:00:00Z,resolved,2026-11-04T10:00:00Z,",
    ) + "old-4,sms,2026-11-04 09:00,,,,,,,,60.3,30.4,,,,,\n";
    let file = write(dir.path(), "newer.csv", newer.as_bytes());
    let out = import_ok(&s, &file, &[]);
    assert!(
        out.contains("(1 added, 0 updated, 3 already there); 4 imported"),
        "{out}"
    );
    assert_eq!(ticket(&s, "old-2").await.status, TicketStatus::InWork);
    let out = import_ok(&s, &file, &["--replace"]);
    assert!(
        out.contains("(0 added, 1 updated, 3 already there)"),
        "{out}"
    );
    let t2 = ticket(&s, "old-2").await;
    assert_eq!(t2.status, TicketStatus::Resolved);
    assert_eq!(t2.resolved_at, Some(at("2026-11-04T10:00:00Z")));
    let h = history(&s, t2.id.0, "admin").await;
    let last = h.last().unwrap();
    assert!(
        last.changes
            .iter()
            .any(|c| c.field == "status" && c.to == "resolved"),
        "{h:?}"
    );
    // And again: nothing more.
    let again = snapshot(&s).await;
    import_ok(&s, &file, &["--replace"]);
    assert_eq!(snapshot(&s).await, again);
}

#[tokio::test]
async fn open311_column_names_and_register_addresses_are_accepted() {
    let s = start().await;
    let dir = tempfile::tempdir().unwrap();
    let register = write(
        dir.path(),
        "addresses.csv",
        "id,address,lat,long\nh1,\"г. Приозёрск, ул. Заречная, д. 12\",60.100,30.200\n".as_bytes(),
    );
    let o = run(&s, "addresses", &register, &[]);
    assert_eq!(o.code, Some(0), "{}{}", o.stdout, o.stderr);
    let file = write(
        dir.path(),
        "open311.csv",
        "service_request_id;status;status_notes;service_name;service_code;description;agency_responsible;service_notice;requested_datetime;updated_datetime;expected_datetime;address;address_id;zipcode;lat;long;media_url;first_name;last_name;phone\n\
         638344;closed;Fixed the cell;Mobile data;mobile-data;No data;;;2026-11-01T08:00:00-05:00;2026-11-01T20:00:00-05:00;;;h1;188760;;;;Anna;Smirnova;+7 912 555 44 33\n\
         638345;open;;Home internet;home-internet;Slow;line2-network;;2026-11-02T10:00:00Z;2026-11-02T11:00:00Z;;ул. Лесная, 3;;;60.3;30.4;;;;\n"
            .as_bytes(),
    );
    let out = import_ok(&s, &file, &[]);
    assert!(
        out.contains("imported 2 tickets (2 added, 0 updated, 0 already there); 2 imported tickets in all; ignored columns: service_name, service_notice, zipcode, media_url"),
        "{out}"
    );
    // Closed without a resolution time: its last update; the place and address from the
    // register; the name from its parts.
    let a = ticket(&s, "638344").await;
    assert_eq!(a.status, TicketStatus::Closed);
    assert_eq!(a.created_at, at("2026-11-01T13:00:00Z"));
    assert_eq!(a.resolved_at, Some(at("2026-11-02T01:00:00Z")));
    assert_eq!((a.lat, a.long), (60.1, 30.2));
    assert_eq!(a.address_string, "г. Приозёрск, ул. Заречная, д. 12");
    assert_eq!(a.customer_name.as_deref(), Some("Anna Smirnova"));
    assert_eq!(a.status_notes.as_deref(), Some("Fixed the cell"));
    // Open is a new ticket, still open, in the file's group.
    let b = ticket(&s, "638345").await;
    assert_eq!(b.status, TicketStatus::New);
    assert_eq!(b.resolved_at, None);
    assert_eq!(b.updated_at, at("2026-11-02T11:00:00Z"));
    assert_eq!(b.agency_responsible, "line2-network");
    assert_eq!(b.address_string, "ул. Лесная, 3");

    // An address id the register lacks, and an id twice, are bad rows naming the column.
    let file = write(
        dir.path(),
        "unknown.csv",
        b"service_request_id,service_code,requested_datetime,address_id\n9,sms,2026-11-01 10:00,nope\n9,sms,2026-11-01 11:00,h1\n",
    );
    import_fails(
        &s,
        &file,
        &[
            "line 2, address_id: unknown address id (\"nope\" is not in the address register)",
            "line 3, service_request_id: duplicate id (\"9\" also on line 2)",
        ],
    );
}

#[tokio::test]
async fn a_killed_import_leaves_the_previous_tickets() {
    let s = start().await;
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "history.csv", GOOD.as_bytes());
    import_ok(&s, &file, &[]);
    let before = snapshot(&s).await;

    // A big file, killed while it writes.
    let big = dir.path().join("big.csv");
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
        writeln!(
            w,
            "external_id,service_code,created_at,status,resolved_at,lat,long"
        )
        .unwrap();
        for i in 0..60_000u32 {
            writeln!(
                w,
                "big-{i},mobile-data,2026-10-{:02} 10:{:02},closed,2026-10-{:02} 18:00,60.{i:05},30.5",
                i % 28 + 1,
                i % 60,
                i % 28 + 1
            )
            .unwrap();
        }
    }
    let mut child = Command::new(BIN)
        .args(["import", "tickets", "--db", &db(&s)])
        .arg(&big)
        .env_remove("SPOTDESK_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut seen = String::new();
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        seen.push_str(&line);
        seen.push('\n');
        if line == "writing: started" {
            break;
        }
    }
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert!(
        seen.contains("writing: "),
        "the import ended before writing:\n{seen}"
    );
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "killed mid-way, yet: {seen}");

    assert_eq!(snapshot(&s).await, before);
    // The database is not left locked: the next import goes through.
    let out = import_ok(&s, &file, &[]);
    assert!(out.contains("3 already there"), "{out}");
}
