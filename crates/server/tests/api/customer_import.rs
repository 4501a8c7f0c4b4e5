//! `spotdesk-server import customers` (issue 21) as a real process against a running test
//! server's database: counts per address of the imported register and per lat/long; an
//! incident over them reports the imported count and says it came from the customer register
//! (elsewhere the density model stays); bad rows named with nothing imported; re-import (no
//! change) and `--replace`; hostile files refused with a clear error; an import killed mid-way
//! leaves the previous counts.

use crate::common::desk::incident;
use crate::common::import_cli::{self, write};
use crate::common::{start, TestServer};
use spotdesk_api::{AffectedSource, Polygon};
use std::io::Write;
use std::path::Path;

/// A small address register far from the demo city.
const ADDRESSES: &str = "\
id,address,lat,long
h1,\"г. Приозёрск, ул. Заречная, д. 12\",60.100,30.200
h2,\"г. Приозёрск, ул. Заречная, д. 14\",60.101,30.201
h3,\"г. Приозёрск, ул. Лесная, д. 3\",60.300,30.400
";

/// Customers at h1 and h2 (inside the test area), at h3 (outside), and at a point inside.
const CUSTOMERS: &str = "\
address_id,lat,long,tech:4G,tech:fixed,service:internet,note
h1,,,120,30,,block A
h2,,,80,,5,
h3,,,1000,,,far away
,60.102,30.199,7,,,a kiosk
";

#[track_caller]
fn import_ok(s: &TestServer, file: &Path, args: &[&str]) -> String {
    import_cli::ok(
        &s.state.config.db,
        "customers",
        file,
        &[&["--quiet"], args].concat(),
    )
}

#[track_caller]
fn import_fails(s: &TestServer, file: &Path, wants: &[&str]) {
    import_cli::fails(&s.state.config.db, "customers", file, &["--quiet"], wants);
}

/// Starts a server with the small address register imported.
async fn with_register(dir: &Path) -> TestServer {
    let s = start().await;
    let file = write(dir, "addresses.csv", ADDRESSES.as_bytes());
    import_cli::ok(&s.state.config.db, "addresses", &file, &["--quiet"]);
    s
}

/// A square around h1 and h2 (not h3).
fn area() -> Polygon {
    Polygon {
        ring: vec![
            [30.19, 60.09],
            [30.21, 60.09],
            [30.21, 60.11],
            [30.19, 60.11],
        ],
    }
}

/// Every stored count, as `place|category|customers|lat|long`.
async fn rows(s: &TestServer) -> Vec<String> {
    let r: Vec<(String, String, i64, f64, f64)> = sqlx::query_as(
        "SELECT place_key, category, customers, lat, long FROM customer_counts \
         ORDER BY place_key, category",
    )
    .fetch_all(&s.state.db)
    .await
    .unwrap();
    r.into_iter()
        .map(|(p, c, n, lat, long)| format!("{p}|{c}|{n}|{lat}|{long}"))
        .collect()
}

#[tokio::test]
async fn an_incident_over_imported_customers_reports_them_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let s = with_register(dir.path()).await;
    let before = incident(&s, "cust-before", &area()).await;
    assert_eq!(before.affected_source, AffectedSource::DensityModel);

    let file = write(dir.path(), "customers.csv", CUSTOMERS.as_bytes());
    let out = import_ok(&s, &file, &[]);
    assert!(
        out.contains("imported 4 places (6 counts; 0 removed); the register has 6 counts, 1242 customers; ignored columns: note"),
        "{out}"
    );
    assert_eq!(rows(&s).await, rows_expected());

    // The running server uses the counts at once: 120 + 30 + 80 + 5 + 7 inside the area.
    let i = incident(&s, "cust-after", &area()).await;
    assert_eq!(
        (
            i.affected_estimated,
            i.affected_source,
            i.affected_customers
        ),
        (242, AffectedSource::CustomerRegister, 242)
    );
    // The same on a read, and in the JSON the SPA gets.
    let r = s
        .get(&format!("/incidents/{}", i.id.0), Some("coordinator"))
        .await;
    assert_eq!(r.body["affected_source"], "customer_register");
    assert_eq!(r.body["affected_estimated"], 242);
    // An area without counts (the demo city) keeps the density model.
    let city = Polygon {
        ring: vec![
            [43.99, 56.29],
            [44.01, 56.29],
            [44.01, 56.31],
            [43.99, 56.31],
        ],
    };
    let c = incident(&s, "cust-city", &city).await;
    assert_eq!(c.affected_source, AffectedSource::DensityModel);
    assert!(c.affected_estimated > 0);
    // Moving an incident's area re-estimates it, source included.
    let r = s
        .send(
            s.req(
                reqwest::Method::PATCH,
                &format!("/incidents/{}", c.id.0),
                Some("coordinator"),
            )
            .header("If-Match", format!("\"{}\"", c.version))
            .json(&serde_json::json!({ "area": area() })),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["affected_source"], "customer_register");
    assert_eq!(r.body["affected_estimated"], 242);
}

fn rows_expected() -> Vec<String> {
    [
        "a:h1|4g|120|60.1|30.2",
        "a:h1|fixed|30|60.1|30.2",
        "a:h2|4g|80|60.101|30.201",
        "a:h2|service:internet|5|60.101|30.201",
        "a:h3|4g|1000|60.3|30.4",
        "p:60.102,30.199|4g|7|60.102|30.199",
    ]
    .into_iter()
    .map(String::from)
    .collect()
}

#[tokio::test]
async fn the_same_file_twice_changes_nothing_and_replace_removes_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let s = with_register(dir.path()).await;
    let file = write(dir.path(), "customers.csv", CUSTOMERS.as_bytes());
    import_ok(&s, &file, &[]);
    let first = rows(&s).await;
    import_ok(&s, &file, &[]);
    assert_eq!(rows(&s).await, first);

    // Without --replace a smaller file only updates; with it, the rest goes.
    let file = write(dir.path(), "one.csv", b"address_id;customers\nh1;50\n");
    import_ok(&s, &file, &[]);
    assert_eq!(rows(&s).await.len(), first.len() + 1);
    let out = import_ok(&s, &file, &["--replace"]);
    assert!(out.contains("(1 counts; 7 removed)"), "{out}");
    assert_eq!(rows(&s).await, vec!["a:h1|all|50|60.1|30.2".to_owned()]);
}

#[tokio::test]
async fn bad_rows_are_named_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let s = with_register(dir.path()).await;
    let mut bad = Vec::new();
    bad.extend_from_slice(b"address_id,lat,long,tech:4g,service:tv\n");
    bad.extend_from_slice(b"h1,,,10,\n"); // 2: good
    bad.extend_from_slice(b"nope,,,10,\n"); // 3: unknown address
    bad.extend_from_slice(b"h2,,,-1,x\n"); // 4: negative, not a number
    bad.extend_from_slice(b"h1,,,3,\n"); // 5: duplicate place
    bad.extend_from_slice(b",95,30,1,\n"); // 6: lat out of range
    bad.extend_from_slice(b",,,1,\n"); // 7: no place
    bad.extend_from_slice(b"h\xff,,,1,\n"); // 8: not UTF-8
    bad.extend_from_slice(b"h3,,,,\n"); // 9: no counts
    bad.extend_from_slice(b"h3,,\n"); // 10: fields
    let file = write(dir.path(), "bad.csv", &bad);
    import_fails(
        &s,
        &file,
        &[
            "8 of 9 rows have problems; nothing was imported",
            "line 3, address_id: unknown address id (\"nope\" is not in the address register)",
            "line 4, count: out of range (column tech:4g: -1; allowed 0..1000000)",
            "line 4, count: not a whole number (column service:tv: \"x\")",
            "line 5, row: duplicate place (also on line 2)",
            "line 6, lat: out of range (95; allowed -90..90)",
            "line 7, lat: missing",
            "line 8, address_id: not valid UTF-8",
            "line 9, count: no counts",
            "line 10, row: wrong number of fields (3 fields, the header has 5)",
        ],
    );
    assert!(rows(&s).await.is_empty());
}

#[tokio::test]
async fn hostile_files_get_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let s = with_register(dir.path()).await;
    let file = write(dir.path(), "cols.csv", b"lat,tech:4g\n1,2\n");
    import_fails(&s, &file, &["needs address_id, or lat and long"]);
    let file = write(dir.path(), "nocount.csv", b"address_id,people\nh1,2\n");
    import_fails(&s, &file, &["no count column"]);
    let file = write(dir.path(), "badtech.csv", b"address_id,tech:4 g\nh1,2\n");
    import_fails(&s, &file, &["\"4 g\" is not a layer name"]);
    let mut long = b"address_id,customers\nh1,\"".to_vec();
    long.extend(std::iter::repeat_n(b'1', 200_000));
    let file = write(dir.path(), "long.csv", &long);
    import_fails(&s, &file, &["a line longer than"]);
    let file = write(dir.path(), "head.csv", b"address_id,\xff\nh1,2\n");
    import_fails(&s, &file, &["header field 2 is not valid UTF-8"]);
    let big = dir.path().join("big.csv");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(5 << 30)
        .unwrap();
    import_fails(&s, &big, &["the file is 5368709120 bytes; at most"]);
    assert!(rows(&s).await.is_empty());
}

#[tokio::test]
async fn a_killed_import_leaves_the_previous_counts() {
    let dir = tempfile::tempdir().unwrap();
    let s = with_register(dir.path()).await;
    let file = write(dir.path(), "customers.csv", CUSTOMERS.as_bytes());
    import_ok(&s, &file, &[]);
    let before = rows(&s).await;
    assert_eq!(before, rows_expected());

    // A big file that replaces every count, killed while it writes: the old counts are
    // already deleted in its transaction then. 300,000 places: on 2 busy cores they are
    // checked in about 1.5 s and PostgreSQL writes them in about 6 s (SQLite in 50), well past
    // the kill.
    let big = dir.path().join("big.csv");
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
        writeln!(w, "lat,long,customers,tech:4g").unwrap();
        for i in 0..300_000u32 {
            writeln!(
                w,
                "50.{:03},20.{:03},{},{}",
                i / 1000,
                i % 1000,
                i % 500 + 1,
                i % 7
            )
            .unwrap();
        }
    }
    import_cli::kill_while_writing(&s.state.config.db, "customers", &big, &["--replace"]).await;

    assert_eq!(rows(&s).await, before);
    // Incidents still count the register's customers.
    let i = incident(&s, "cust-killed", &area()).await;
    assert_eq!(
        (i.affected_estimated, i.affected_source),
        (242, AffectedSource::CustomerRegister)
    );
    // The database is not left locked: the next import goes through.
    let out = import_ok(&s, &file, &[]);
    assert!(
        out.contains("imported 4 places (6 counts; 0 removed)"),
        "{out}"
    );
}
