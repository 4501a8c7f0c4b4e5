//! The coverage map at region scale (issue 21): `GET /coverage` lists the layers (the
//! standard technologies and the imported ones), and `GET /coverage/{layer}?bbox=&zoom=`
//! answers only what a map view shows, simplified for its zoom; a bad view is 422 naming its
//! field; without parameters the answer is the whole layer as before.

use crate::common::{start, TestServer};
use serde_json::{json, Value};
use spotdesk_api::{field_codes, CoverageCollection, CoverageLayers};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_spotdesk-server");

/// A round polygon of `n` positions, `r` degrees of latitude across, around `(lat, long)`.
fn circle(lat: f64, long: f64, r: f64, n: usize) -> Vec<[f64; 2]> {
    let k = 1.0 / lat.to_radians().cos();
    let mut v: Vec<[f64; 2]> = (0..n)
        .map(|i| {
            let a = i as f64 / n as f64 * std::f64::consts::TAU;
            [long + r * k * a.cos(), lat + r * a.sin()]
        })
        .collect();
    v.push(v[0]);
    v
}

/// Imports a FeatureCollection of `(layer, quality, ring)` polygons through the command line.
fn import(s: &TestServer, polygons: &[(&str, f64, Vec<[f64; 2]>)]) {
    let features: Vec<Value> = polygons
        .iter()
        .map(|(layer, q, ring)| {
            json!({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                   "properties": {"technology": layer, "quality": q}})
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("coverage.geojson");
    std::fs::write(
        &file,
        serde_json::to_vec(&json!({"type": "FeatureCollection", "features": features})).unwrap(),
    )
    .unwrap();
    let out = Command::new(BIN)
        .args(["import", "coverage", "--db", &s.state.config.db, "--quiet"])
        .arg(&file)
        .env_remove("SPOTDESK_DB")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A region of `rows` x `cols` detailed cells (64 positions each) of layer `fixed`, 0.02°
/// apart from (59.0, 30.0), and one far away at (65.0, 40.0).
fn region(s: &TestServer, rows: usize, cols: usize) {
    let mut p = Vec::new();
    for i in 0..rows * cols {
        let (lat, long) = (
            59.0 + (i / cols) as f64 * 0.02,
            30.0 + (i % cols) as f64 * 0.04,
        );
        p.push((
            "fixed",
            [0.2, 0.5, 0.9][i % 3],
            circle(lat, long, 0.008, 64),
        ));
    }
    p.push(("fixed", 1.0, circle(65.0, 40.0, 0.01, 64)));
    import(s, &p);
}

async fn layer(s: &TestServer, query: &str) -> CoverageCollection {
    let r = s
        .get(&format!("/coverage/fixed{query}"), Some("agent"))
        .await;
    assert_eq!(r.status, 200, "{query}: {}", r.text);
    serde_json::from_str(&r.text).unwrap()
}

fn positions(c: &CoverageCollection) -> usize {
    c.features
        .iter()
        .flat_map(|f| &f.geometry.coordinates)
        .map(Vec::len)
        .sum()
}

#[tokio::test]
async fn coverage_map_answers_only_the_polygons_meeting_the_box() {
    let s = start().await;
    region(&s, 5, 5);
    // Without parameters: every polygon as stored (the documented call is unchanged).
    let all = layer(&s, "").await;
    assert_eq!(all.features.len(), 26);
    assert_eq!(positions(&all), 26 * 65);
    // A box round the far polygon only.
    let far = layer(&s, "?bbox=39.9,64.9,40.1,65.1").await;
    assert_eq!(far.features.len(), 1);
    assert_eq!(far.features[0].properties.quality, 1.0);
    assert_eq!(far.features[0].geometry, all.features[25].geometry);
    // A box touching the first row of the region (up to its polygons' edges) only.
    let row = layer(&s, "?bbox=29.9,58.95,30.3,59.005").await;
    assert_eq!(row.features.len(), 5);
    // A box with nothing in it: an empty collection, not 404.
    let none = layer(&s, "?bbox=0,0,1,1").await;
    assert!(none.features.is_empty());
    // A standard technology without cells in the box is empty too.
    let r = s
        .get("/coverage/5g?bbox=0,0,1,1&zoom=3", Some("agent"))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    // An unknown layer stays 404 with a view.
    let r = s
        .get("/coverage/wifi?bbox=0,0,1,1&zoom=3", Some("agent"))
        .await;
    assert_eq!(r.status, 404, "{}", r.text);
}

#[tokio::test]
async fn coverage_map_simplifies_for_the_zoom() {
    let s = start().await;
    region(&s, 10, 10);
    let bbox = "bbox=29.5,58.5,34.5,61.5";
    let raw = positions(&layer(&s, &format!("?{bbox}")).await);
    let z13 = layer(&s, &format!("?{bbox}&zoom=13")).await;
    let z10 = layer(&s, &format!("?{bbox}&zoom=10")).await;
    let z6 = layer(&s, &format!("?{bbox}&zoom=6")).await;
    assert_eq!(raw, 100 * 65);
    // Each step out needs fewer positions; close in every cell is still drawn.
    assert!(positions(&z13) < raw, "{} vs {raw}", positions(&z13));
    assert!(positions(&z10) < positions(&z13));
    assert!(positions(&z6) < positions(&z10));
    assert_eq!(z13.features.len(), 100);
    assert_eq!(z10.features.len(), 100);
    // At zoom 6 a cell is about a pixel: they become a few blocks, not 100 polygons.
    assert!(z6.features.len() < 100, "{}", z6.features.len());
    assert!(!z6.features.is_empty());
    for f in z13.features.iter().chain(&z6.features) {
        let ring = &f.geometry.coordinates[0];
        assert!(ring.len() >= 4 && ring.first() == ring.last(), "{ring:?}");
        assert_eq!(f.properties.technology, "fixed");
    }
    // The best quality of a block is kept.
    assert!(z6.features.iter().any(|f| f.properties.quality == 0.9));
}

#[tokio::test]
async fn coverage_map_refuses_bad_views_naming_the_field() {
    let s = start().await;
    for (query, want) in [
        ("bbox=1,2,3", vec![("bbox", field_codes::INVALID)]),
        ("bbox=a,b,c,d", vec![("bbox", field_codes::INVALID)]),
        ("bbox=10,50,5,60", vec![("bbox", field_codes::OUT_OF_RANGE)]),
        ("bbox=0,-95,1,1", vec![("bbox", field_codes::OUT_OF_RANGE)]),
        ("bbox=-190,0,1,1", vec![("bbox", field_codes::OUT_OF_RANGE)]),
        ("bbox=0,0,1,1&zoom=x", vec![("zoom", field_codes::INVALID)]),
        ("zoom=NaN", vec![("zoom", field_codes::INVALID)]),
        ("zoom=25", vec![("zoom", field_codes::OUT_OF_RANGE)]),
        ("zoom=-1", vec![("zoom", field_codes::OUT_OF_RANGE)]),
        (
            "bbox=&zoom=",
            vec![
                ("bbox", field_codes::INVALID),
                ("zoom", field_codes::INVALID),
            ],
        ),
    ] {
        let r = s.get(&format!("/coverage/4g?{query}"), Some("agent")).await;
        assert_eq!(r.status, 422, "{query}: {}", r.text);
        assert_eq!(r.body["code"], "validation_failed");
        let got: Vec<(String, String)> = r.body["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["field"].as_str().unwrap().to_owned(),
                    f["code"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let want: Vec<(String, String)> = want
            .into_iter()
            .map(|(f, c)| (f.to_owned(), c.to_owned()))
            .collect();
        assert_eq!(got, want, "{query}");
    }
    // Anonymous callers are told to sign in before anything is read.
    let r = s.get("/coverage/4g?zoom=x", None).await;
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn coverage_map_lists_standard_and_imported_layers() {
    let s = start().await;
    import(
        &s,
        &[
            ("fixed", 0.7, circle(60.0, 30.0, 0.01, 16)),
            ("fixed", 0.7, circle(60.5, 31.0, 0.01, 16)),
            ("LTE", 0.9, circle(60.0, 30.0, 0.01, 16)),
        ],
    );
    let r = s.get("/coverage", Some("engineer")).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let list: CoverageLayers = serde_json::from_str(&r.text).unwrap();
    let names: Vec<&str> = list.layers.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(&names[..4], ["2g", "3g", "4g", "5g"]);
    assert!(list.layers[..4].iter().all(|l| l.standard));
    let fixed = list.layers.iter().find(|l| l.name == "fixed").unwrap();
    assert!(!fixed.standard);
    assert_eq!(fixed.polygons, 2);
    let [w, so, e, n] = fixed.bbox.unwrap();
    assert!(
        w < 30.0 && e > 31.0 && so < 60.0 && n > 60.5,
        "{:?}",
        fixed.bbox
    );
    // LTE is stored as 4g, beside whatever the database had.
    let g4 = list.layers.iter().find(|l| l.name == "4g").unwrap();
    assert!(g4.polygons >= 1 && g4.bbox.is_some());
}
