//! `spotdesk-server import addresses` (issue 21) as a real process against the test server's
//! database, and the geocoder finding what it imported: a good CSV and GeoJSON, a file with bad
//! rows (named, nothing imported), re-import (no change), `--replace`, and an import killed
//! mid-way (the previous addresses stay).

use crate::common::import_cli::{self, write, Outcome, BIN};
use crate::common::{start, TestServer};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// A small register of a city the demo does not have.
const GOOD_CSV: &str = "\
id,address,lat,long,city,street,house,building
z1,\"г. Приозёрск, ул. Заречная, д. 12к2\",60.10,30.20,,,,
z2,\"г. Приозёрск, ул. Заречная, д. 14\",60.101,30.201,,,,
z3,\"Приозёрск, Сосновый бульвар, 7\",60.11,30.21,Приозёрск,Сосновый бульвар,7,
z4,\"Приозёрск, Сосновый бульвар, 9 стр 1\",60.111,30.211,Приозёрск,Сосновый бульвар,9,стр 1
z5,\"Приозёрск, Вокзальная ул., 12/3\",60.12,30.22,,,,
";

/// Runs `spotdesk-server import addresses --db DB FILE [args]`.
fn import(db: &str, file: &Path, args: &[&str]) -> Outcome {
    import_cli::run(db, "addresses", file, args)
}

#[track_caller]
fn import_ok(db: &str, file: &Path, args: &[&str]) -> String {
    import_cli::ok(db, "addresses", file, args)
}

/// Every stored address, as `id|address|lat|long|place|house`.
async fn rows(s: &TestServer) -> Vec<String> {
    let r: Vec<(String, String, f64, f64, String, String)> = sqlx::query_as(
        "SELECT id, address, lat, long, place, house_key FROM addresses ORDER BY id",
    )
    .fetch_all(&s.state.db)
    .await
    .unwrap();
    r.into_iter()
        .map(|(id, a, lat, long, p, h)| format!("{id}|{a}|{lat}|{long}|{p}|{h}"))
        .collect()
}

/// The best staff geocode answer for `q`: its address and latitude.
async fn best(s: &TestServer, q: &str) -> Option<(String, f64)> {
    let r = s
        .send(
            s.req(reqwest::Method::GET, "/geocode", Some("agent"))
                .query(&[("q", q)]),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let first = r.body["results"].get(0)?;
    Some((
        first["address_string"].as_str().unwrap().to_owned(),
        first["lat"].as_f64().unwrap(),
    ))
}

fn db(s: &TestServer) -> String {
    s.state.config.db.clone()
}

#[tokio::test]
async fn a_good_file_is_found_by_the_geocoder_typos_included() {
    let s = start().await;
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "addresses.csv", GOOD_CSV.as_bytes());
    // The test server's register is the demo city's (`--demo` imports it): replaced here.
    let out = import_ok(&db(&s), &file, &["--quiet", "--replace"]);
    assert!(out.contains("imported 5 addresses"), "{out}");
    assert_eq!(best(&s, "Ленина 1").await, None, "the demo city is gone");
    // Exact, with a corpus; another spelling; a typo; a fraction; a building; Latin.
    for (q, want) in [
        ("Заречная 12к2", "г. Приозёрск, ул. Заречная, д. 12к2"),
        (
            "ул Заречная д 12 корп 2",
            "г. Приозёрск, ул. Заречная, д. 12к2",
        ),
        ("Зоречная 14", "г. Приозёрск, ул. Заречная, д. 14"),
        ("Вокзальная 12/3", "Приозёрск, Вокзальная ул., 12/3"),
        (
            "сосновый бульвар 9 стр 1",
            "Приозёрск, Сосновый бульвар, 9 стр 1",
        ),
        ("Sosnovyy 7", "Приозёрск, Сосновый бульвар, 7"),
    ] {
        let (address, _) = best(&s, q).await.unwrap_or_else(|| panic!("{q}: nothing"));
        assert_eq!(address, want, "{q}");
    }
    // A missing house gives the nearest one; no house gives the street.
    assert_eq!(
        best(&s, "Заречная 13").await.unwrap().0,
        "г. Приозёрск, ул. Заречная, д. 12к2"
    );
    assert_eq!(
        best(&s, "Заречн").await.unwrap().0,
        "г. Приозёрск, ул. Заречная"
    );
    // The public search reads the same register.
    let r = s
        .get(
            "/public/geocode?q=%D0%97%D0%B0%D1%80%D0%B5%D1%87%D0%BD%D0%B0%D1%8F%2014",
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.body["results"][0]["address_string"],
        "г. Приозёрск, ул. Заречная, д. 14"
    );

    // The same register as GeoJSON (numbers as ids, the id of the feature) adds nothing new.
    let geo = serde_json::json!({
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": "z1", "geometry": {"type": "Point", "coordinates": [30.20, 60.10]},
             "properties": {"address": "г. Приозёрск, ул. Заречная, д. 12к2"}},
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [30.30, 60.30]},
             "properties": {"id": 77, "address": "Приозёрск, ул. Лесная, 3"}}
        ]
    });
    let file = write(dir.path(), "more.geojson", geo.to_string().as_bytes());
    let out = import_ok(&db(&s), &file, &["--quiet"]);
    assert!(
        out.contains("imported 2 addresses") && out.contains("has 6"),
        "{out}"
    );
    assert_eq!(
        best(&s, "Лесная 3").await.unwrap(),
        ("Приозёрск, ул. Лесная, 3".into(), 60.30)
    );
}

#[tokio::test]
async fn bad_rows_are_named_and_nothing_is_imported() {
    let s = start().await;
    let before = rows(&s).await;
    assert!(before.len() > 1000, "the demo city's register");
    let dir = tempfile::tempdir().unwrap();
    let mut bad = Vec::new();
    bad.extend_from_slice(b"id,address,lat,long\n");
    bad.extend_from_slice("a1,\"ул. Заречная, 1\",60.1,30.2\n".as_bytes()); // line 2: good
    bad.extend_from_slice("a2,\"ул. Заречная, 2\",95,30.2\n".as_bytes()); // 3: lat
    bad.extend_from_slice("a1,\"ул. Заречная, 3\",60.1,30.2\n".as_bytes()); // 4: duplicate
    bad.extend_from_slice(b"a4,\"\xff\xfe, 4\",60.1,30.2\n"); // 5: not UTF-8
    bad.extend_from_slice("a5,,60.1,abc\n".as_bytes()); // 6: address, long
    bad.extend_from_slice("a6,\"ул. Заречная, 6\",60.1\n".as_bytes()); // 7: fields
    let file = write(dir.path(), "bad.csv", &bad);
    let o = import(&db(&s), &file, &["--quiet"]);
    assert_eq!(o.code, Some(1), "{}{}", o.stdout, o.stderr);
    for want in [
        "5 of 6 rows have problems; nothing was imported",
        "line 3, lat: out of range (95; allowed -90..90)",
        "line 4, id: duplicate id (a1 also on line 2)",
        "line 5, address: not valid UTF-8",
        "line 6, address: missing",
        "line 6, long: not a number (\"abc\")",
        "line 7, row: wrong number of fields (3 fields, the header has 4)",
        "line 7, long: missing",
        "lat: out of range: 1",
    ] {
        assert!(o.stderr.contains(want), "{want:?} not in:\n{}", o.stderr);
    }
    assert_eq!(rows(&s).await, before);

    // Whole-file problems: a missing column, not GeoJSON, a line without end.
    let file = write(dir.path(), "cols.csv", b"id,address,latitude\n1,x,1\n");
    let o = import(&db(&s), &file, &["--quiet"]);
    assert_eq!(o.code, Some(1));
    assert!(
        o.stderr.contains("lacks the required column(s) long"),
        "{}",
        o.stderr
    );
    let file = write(
        dir.path(),
        "x.geojson",
        b"{\"type\": \"Feature\", \"features\": [[[[",
    );
    let o = import(&db(&s), &file, &["--quiet"]);
    assert_eq!(o.code, Some(1));
    assert!(
        o.stderr.contains("not a GeoJSON FeatureCollection"),
        "{}",
        o.stderr
    );
    let mut long = b"id,address,lat,long\n1,\"".to_vec();
    long.extend(std::iter::repeat_n(b'a', 200_000));
    let file = write(dir.path(), "long.csv", &long);
    let o = import(&db(&s), &file, &["--quiet"]);
    assert_eq!(o.code, Some(1));
    assert!(o.stderr.contains("a line longer than"), "{}", o.stderr);
    assert_eq!(rows(&s).await, before);
}

#[tokio::test]
async fn importing_the_same_file_twice_changes_nothing_and_replace_removes_the_rest() {
    let s = start().await;
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "addresses.csv", GOOD_CSV.as_bytes());
    import_ok(&db(&s), &file, &["--quiet", "--replace"]);
    let first = rows(&s).await;
    assert_eq!(first.len(), 5);
    import_ok(&db(&s), &file, &["--quiet"]);
    assert_eq!(rows(&s).await, first);

    // Without --replace a smaller file only updates; with it, the rest goes.
    let smaller = "id,address,lat,long\nz1,\"г. Приозёрск, ул. Заречная, д. 12к2\",60.5,30.5\n";
    let file = write(dir.path(), "one.csv", smaller.as_bytes());
    import_ok(&db(&s), &file, &["--quiet"]);
    assert_eq!(rows(&s).await.len(), 5);
    assert_eq!(best(&s, "Заречная 12к2").await.unwrap().1, 60.5);
    let out = import_ok(&db(&s), &file, &["--quiet", "--replace"]);
    assert!(out.contains("(4 removed)"), "{out}");
    assert_eq!(rows(&s).await.len(), 1);
    // The removed streets are no longer found.
    assert_eq!(best(&s, "Сосновый 7").await, None);
}

#[tokio::test]
async fn a_killed_import_leaves_the_previous_addresses() {
    let s = start().await;
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "addresses.csv", GOOD_CSV.as_bytes());
    import_ok(&db(&s), &file, &["--quiet"]);
    let before = rows(&s).await;

    // A big file that replaces everything, killed while it writes.
    let big = dir.path().join("big.csv");
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
        writeln!(w, "id,address,lat,long").unwrap();
        for i in 0..300_000u32 {
            writeln!(
                w,
                "b{i},\"ул. Новая {}, {}\",59.{i:06},30.5",
                i % 997,
                i % 300 + 1
            )
            .unwrap();
        }
    }
    let mut child = Command::new(BIN)
        .args(["import", "addresses", "--replace", "--db", &db(&s)])
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

    assert_eq!(rows(&s).await, before);
    assert_eq!(
        best(&s, "Заречная 14").await.unwrap().0,
        "г. Приозёрск, ул. Заречная, д. 14"
    );
    // The database is not left locked: the next import goes through.
    import_ok(&db(&s), &file, &["--quiet"]);
}
