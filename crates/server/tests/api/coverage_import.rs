//! `spotdesk-server import coverage` (issue 21) as a real process against a running test
//! server's database: a good file (operator names, MultiPolygons, `--technology`) served at
//! once by `GET /coverage/{layer}` and used by the impact estimate, bad features named with
//! nothing imported, re-import (no change), `--replace` of one layer, and hostile files (deep
//! nesting, invalid UTF-8, a 2 GB file, too many vertices) refused with a clear error, and an
//! import killed mid-way (the previous layers stay).

use crate::common::desk::incident;
use crate::common::import_cli::{self, write, Outcome};
use crate::common::{start, TestServer};
use serde_json::{json, Value};
use spotdesk_api::{AffectedSource, CoverageCollection, Polygon};
use std::io::Write;
use std::path::Path;

/// Runs `spotdesk-server import coverage --db DB FILE --quiet [args]`.
fn import(s: &TestServer, file: &Path, args: &[&str]) -> Outcome {
    import_cli::run(
        &s.state.config.db,
        "coverage",
        file,
        &[&["--quiet"], args].concat(),
    )
}

#[track_caller]
fn import_ok(s: &TestServer, file: &Path, args: &[&str]) -> String {
    import_cli::ok(
        &s.state.config.db,
        "coverage",
        file,
        &[&["--quiet"], args].concat(),
    )
}

#[track_caller]
fn import_fails(s: &TestServer, file: &Path, wants: &[&str]) -> String {
    import_cli::fails(&s.state.config.db, "coverage", file, &["--quiet"], wants)
}

/// A closed square ring around `(lat, long)`.
fn square(lat: f64, long: f64, half: f64) -> Vec<[f64; 2]> {
    vec![
        [long - half, lat - half],
        [long + half, lat - half],
        [long + half, lat + half],
        [long - half, lat + half],
        [long - half, lat - half],
    ]
}

fn feature(geometry: Value, properties: Value) -> Value {
    json!({"type": "Feature", "geometry": geometry, "properties": properties})
}

fn collection(features: Vec<Value>) -> Vec<u8> {
    serde_json::to_vec(&json!({"type": "FeatureCollection", "features": features})).unwrap()
}

/// A region far from the demo city: a 4G square, a fixed-line MultiPolygon of two squares,
/// and an LTE square without a `technology` property (given by `--technology`).
fn good_file() -> Vec<u8> {
    collection(vec![
        feature(
            json!({"type": "Polygon", "coordinates": [square(60.10, 30.20, 0.05)]}),
            json!({"technology": "4G", "quality": 0.8, "name": "cell 1"}),
        ),
        feature(
            json!({"type": "MultiPolygon", "coordinates": [
                [square(60.10, 30.20, 0.05)], [square(61.0, 31.0, 0.01)]]}),
            json!({"technology": "fixed"}),
        ),
        feature(
            json!({"type": "Polygon", "coordinates": [square(62.0, 32.0, 0.01)]}),
            json!({}),
        ),
    ])
}

async fn layer(s: &TestServer, name: &str) -> (u16, Vec<Vec<Vec<[f64; 2]>>>) {
    let r = s.get(&format!("/coverage/{name}"), Some("agent")).await;
    if r.status != 200 {
        return (r.status, Vec::new());
    }
    let c: CoverageCollection = serde_json::from_str(&r.text).unwrap();
    (
        200,
        c.features
            .into_iter()
            .map(|f| f.geometry.coordinates)
            .collect(),
    )
}

/// The same ring up to the float parsing of JSON.
#[track_caller]
fn assert_close(a: &[[f64; 2]], b: &[[f64; 2]]) {
    assert_eq!(a.len(), b.len());
    for (p, q) in a.iter().zip(b) {
        assert!(
            (p[0] - q[0]).abs() < 1e-9 && (p[1] - q[1]).abs() < 1e-9,
            "{a:?} vs {b:?}"
        );
    }
}

/// Every stored coverage row, as `id|technology|quality|geometry`.
async fn rows(s: &TestServer) -> Vec<String> {
    let r: Vec<(i64, String, f64, String)> = sqlx::query_as(
        "SELECT id, technology, quality, geometry FROM coverage_features ORDER BY id",
    )
    .fetch_all(&s.state.db)
    .await
    .unwrap();
    r.into_iter()
        .map(|(id, t, q, g)| format!("{id}|{t}|{q}|{g}"))
        .collect()
}

#[tokio::test]
async fn a_good_file_is_served_at_once_and_used_by_the_estimate() {
    let s = start().await;
    let dir = tempfile::tempdir().unwrap();
    let before_4g = layer(&s, "4g").await.1.len();
    assert_eq!(layer(&s, "fixed").await.0, 404);
    // Before: nothing covers the far region, so the density model finds nobody.
    let area = Polygon {
        ring: square(60.10, 30.20, 0.02)[..4].to_vec(),
    };
    let i = incident(&s, "cov-before", &area).await;
    assert_eq!(
        (i.affected_estimated, i.affected_source),
        (0, AffectedSource::DensityModel)
    );

    let file = write(dir.path(), "coverage.geojson", &good_file());
    let out = import_ok(&s, &file, &["--technology", "LTE"]);
    assert!(
        out.contains("imported 3 features (4 polygons: 4 added"),
        "{out}"
    );
    // The running server serves the new layers without a restart.
    let (status, fixed) = layer(&s, "fixed").await;
    assert_eq!((status, fixed.len()), (200, 2));
    assert_close(&fixed[0][0], &square(60.10, 30.20, 0.05));
    assert_eq!(layer(&s, "4g").await.1.len(), before_4g + 2);
    assert_eq!(layer(&s, "FIXED").await.1.len(), 2);
    // Two layers (4g, fixed) cover the area: 2 x 400 per km² (about 4.96 km²).
    let i = incident(&s, "cov-after", &area).await;
    assert_eq!(i.affected_source, AffectedSource::DensityModel);
    let km2 = spotdesk_core::impact::area_km2(&area);
    let want = (km2 * 800.0).round() as i64;
    assert!(
        (i.affected_estimated - want).abs() <= want / 50,
        "{} vs {want}",
        i.affected_estimated
    );
}

#[tokio::test]
async fn the_same_file_twice_changes_nothing_and_replace_swaps_one_layer() {
    let s = start().await;
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "coverage.geojson", &good_file());
    import_ok(&s, &file, &["--technology", "lte"]);
    let first = rows(&s).await;
    let out = import_ok(&s, &file, &["--technology", "lte"]);
    assert!(out.contains("0 added, 4 already there; 0 removed"), "{out}");
    assert_eq!(rows(&s).await, first);

    // --replace with one fixed polygon: the other fixed polygon goes, 4g stays.
    let one = collection(vec![feature(
        json!({"type": "Polygon", "coordinates": [square(61.0, 31.0, 0.01)]}),
        json!({"technology": "Fixed"}),
    )]);
    let before_4g = layer(&s, "4g").await.1.len();
    let file = write(dir.path(), "one.geojson", &one);
    let out = import_ok(&s, &file, &["--replace"]);
    assert!(out.contains("0 added, 1 already there; 1 removed"), "{out}");
    let fixed = layer(&s, "fixed").await.1;
    assert_eq!(fixed.len(), 1);
    assert_close(&fixed[0][0], &square(61.0, 31.0, 0.01));
    assert_eq!(layer(&s, "4g").await.1.len(), before_4g);
}

#[tokio::test]
async fn bad_features_are_named_and_nothing_is_imported() {
    let s = start().await;
    let dir = tempfile::tempdir().unwrap();
    let before = rows(&s).await;
    let bad = collection(vec![
        // 1: good
        feature(
            json!({"type": "Polygon", "coordinates": [square(60.0, 30.0, 0.01)]}),
            json!({"technology": "4g"}),
        ),
        // 2: not closed
        feature(
            json!({"type": "Polygon", "coordinates": [[[30.0, 60.0], [30.1, 60.0], [30.1, 60.1], [30.0, 60.1]]]}),
            json!({"technology": "4g"}),
        ),
        // 3: three positions
        feature(
            json!({"type": "Polygon", "coordinates": [[[30.0, 60.0], [30.1, 60.0], [30.0, 60.0]]]}),
            json!({"technology": "4g"}),
        ),
        // 4: latitude out of range
        feature(
            json!({"type": "Polygon", "coordinates": [square(95.0, 30.0, 0.01)]}),
            json!({"technology": "4g"}),
        ),
        // 5: a point, 6: no technology, 7: a bad layer name and quality
        feature(
            json!({"type": "Point", "coordinates": [30.0, 60.0]}),
            json!({"technology": "4g"}),
        ),
        feature(
            json!({"type": "Polygon", "coordinates": [square(60.0, 30.0, 0.02)]}),
            json!({}),
        ),
        feature(
            json!({"type": "Polygon", "coordinates": [square(60.0, 30.0, 0.03)]}),
            json!({"technology": "5G <script>", "quality": 2}),
        ),
        // 8: a position of one number
        feature(
            json!({"type": "Polygon", "coordinates": [[[30.0], [30.1, 60.0], [30.1, 60.1], [30.0]]]}),
            json!({"technology": "4g"}),
        ),
    ]);
    let file = write(dir.path(), "bad.geojson", &bad);
    import_fails(
        &s,
        &file,
        &[
            "7 of 8 rows have problems; nothing was imported",
            "feature 2, coordinates: ring not closed",
            "feature 3, coordinates: ring with fewer than 4 positions",
            "feature 4, coordinates: out of range",
            "feature 5, geometry: not a Polygon or MultiPolygon (\"Point\")",
            "feature 6, technology: missing",
            "feature 7, technology: not a layer name",
            "feature 7, quality: out of range",
            "feature 8, coordinates: a position is not 2 or 3 numbers",
        ],
    );
    assert_eq!(rows(&s).await, before);
}

#[tokio::test]
async fn hostile_files_get_a_clear_error_and_change_nothing() {
    let s = start().await;
    let dir = tempfile::tempdir().unwrap();
    let before = rows(&s).await;
    // Deeply nested arrays (the JSON cousin of a billion-laughs file).
    let mut deep = br#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"technology":"4g"},"geometry":{"type":"Polygon","coordinates":"#.to_vec();
    deep.extend(std::iter::repeat_n(b'[', 100_000));
    deep.extend(std::iter::repeat_n(b']', 100_000));
    deep.extend(b"}}]}");
    let file = write(dir.path(), "deep.geojson", &deep);
    import_fails(
        &s,
        &file,
        &["not a GeoJSON FeatureCollection", "recursion limit"],
    );

    // Invalid UTF-8 inside a string.
    let mut bad_utf8 = br#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"technology":"4"#.to_vec();
    bad_utf8.extend([0xff, 0xfe]);
    bad_utf8.extend(br#""},"geometry":null}]}"#);
    let file = write(dir.path(), "utf8.geojson", &bad_utf8);
    import_fails(&s, &file, &["not a GeoJSON FeatureCollection (line 1"]);

    // A 2 GB file (sparse: it takes no disk) is refused before reading.
    let big = dir.path().join("big.geojson");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(2 << 30)
        .unwrap();
    import_fails(&s, &big, &["the file is 2147483648 bytes; at most"]);

    // Too many vertices in one feature.
    let ring: Vec<[f64; 2]> = (0..100_001)
        .map(|i| {
            [
                30.0 + (i % 1000) as f64 * 1e-5,
                60.0 + (i / 1000) as f64 * 1e-5,
            ]
        })
        .chain([[30.0, 60.0]])
        .collect();
    let mut ring = ring;
    ring[0] = [30.0, 60.0];
    let many = collection(vec![feature(
        json!({"type": "Polygon", "coordinates": [ring]}),
        json!({"technology": "4g"}),
    )]);
    let file = write(dir.path(), "many.geojson", &many);
    import_fails(
        &s,
        &file,
        &["coordinates: too many vertices (100002; at most 100000"],
    );

    // Not GeoJSON at all, an empty collection, a bad --technology.
    let file = write(dir.path(), "x.geojson", b"id,address\n1,2\n");
    import_fails(&s, &file, &["not a GeoJSON FeatureCollection"]);
    let file = write(dir.path(), "empty.geojson", &collection(vec![]));
    import_fails(&s, &file, &["the file has no features"]);
    let o = import(
        &s,
        &write(dir.path(), "g.geojson", &good_file()),
        &["--technology", "a b"],
    );
    assert_eq!(o.code, Some(1));
    assert!(o.stderr.contains("is not a layer name"), "{}", o.stderr);

    assert_eq!(rows(&s).await, before);
    // The server still answers.
    assert_eq!(s.get("/coverage/4g", Some("agent")).await.status, 200);
}

#[tokio::test]
async fn a_killed_import_leaves_the_previous_layers() {
    let s = start().await;
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "coverage.geojson", &good_file());
    import_ok(&s, &file, &["--technology", "LTE"]);
    let before = rows(&s).await;
    let fixed = layer(&s, "fixed").await.1;

    // A big file of the same layers (4g and fixed) that replaces them, killed while it
    // writes: the old polygons of both layers are already deleted in its transaction then.
    // 150,000 polygons: on 2 busy cores a debug build reads them in about 10 s and PostgreSQL
    // writes them in 3 to 5 s (SQLite in 30), well past the kill.
    let big = dir.path().join("big.geojson");
    {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
        write!(w, r#"{{"type":"FeatureCollection","features":["#).unwrap();
        for i in 0..150_000u32 {
            let (lat, long) = (
                50.0 + f64::from(i / 300) * 0.01,
                20.0 + f64::from(i % 300) * 0.01,
            );
            let ring: Vec<String> = square(lat, long, 0.004)
                .iter()
                .map(|[x, y]| format!("[{x:.6},{y:.6}]"))
                .collect();
            write!(
                w,
                r#"{}{{"type":"Feature","properties":{{"technology":"{}"}},"geometry":{{"type":"Polygon","coordinates":[[{}]]}}}}"#,
                if i == 0 { "" } else { "," },
                if i % 2 == 0 { "4G" } else { "fixed" },
                ring.join(",")
            )
            .unwrap();
        }
        write!(w, "]}}").unwrap();
    }
    import_cli::kill_while_writing(&s.state.config.db, "coverage", &big, &["--replace"]).await;

    // Every polygon as it was (the demo's 4g ones too), none of the big file's.
    assert_eq!(rows(&s).await, before);
    assert_eq!(layer(&s, "fixed").await.1, fixed);
    // The database is not left locked: the next import goes through.
    let out = import_ok(&s, &file, &["--technology", "LTE"]);
    assert!(out.contains("0 added, 4 already there; 0 removed"), "{out}");
}
