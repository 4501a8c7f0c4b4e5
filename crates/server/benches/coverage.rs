//! Coverage at region scale (issue 21): generate a region's worth of coverage polygons
//! (default 30,000 cells of 48 to 96 positions, 0.8 to 3 km across, over about 4° x 2.5°),
//! import them with `coverage_import::import` (the code of `spotdesk-server import
//! coverage`), then answer views of the layer as `GET /coverage/{layer}` does (the store's
//! query, the GeoJSON parsed, core's `coverage_view::for_view`, the answer serialised): the
//! whole layer without parameters, the whole region at the low zooms a region fits in, and a
//! city at a street zoom. Prints features, positions, bytes (raw and gzip, as the server sends
//! it) and the median time of 3 answers. Measurements only; the figures seen are in README's
//! "Your coverage".
//!
//! ```sh
//! cargo bench -p spotdesk-server --bench coverage -- --n 30000
//! cargo bench -p spotdesk-server --bench coverage -- --db postgres://USER@HOST/DB
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used)]

use flate2::write::GzEncoder;
use serde_json::json;
use spotdesk_api::{CoverageCollection, CoverageFeature, CoverageProperties, GeoJsonPolygon};
use spotdesk_core::coverage_view::{for_view, parse_view, Piece, MAX_VIEW_VERTICES};
use spotdesk_server::coverage_import::{self, Options};
use spotdesk_server::db;
use spotdesk_server::store::coverage as store;
use std::io::Write;
use std::time::Instant;

/// The region: `[west, south, east, north]`.
const REGION: [f64; 4] = [40.0, 55.0, 44.0, 57.5];

/// A seeded xorshift source of numbers in `0..1`.
fn rng(seed: u64) -> impl FnMut() -> f64 {
    let mut s = seed.max(1);
    move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Cell `i`: an irregular ring round a random place of the region, closed.
fn cell(next: &mut impl FnMut() -> f64) -> (Vec<[f64; 2]>, f64) {
    let [w, s, e, n] = REGION;
    let (lat, long) = (s + next() * (n - s), w + next() * (e - w));
    let radius_km = 0.4 + next() * 1.1;
    let sides = 48 + (next() * 48.0) as usize;
    let k = 1.0 / lat.to_radians().cos();
    let mut ring: Vec<[f64; 2]> = (0..sides)
        .map(|j| {
            let a = j as f64 / sides as f64 * std::f64::consts::TAU;
            let r = radius_km * (0.8 + 0.4 * next()) / 111.0;
            [long + r * k * a.cos(), lat + r * a.sin()]
        })
        .collect();
    ring.push(ring[0]);
    let quality = [0.2, 0.45, 0.7, 0.95][(next() * 4.0) as usize % 4];
    (ring, quality)
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// One answer as the route makes it: the JSON bytes and the collection.
async fn answer(
    pool: &db::Pool,
    bbox: Option<&str>,
    zoom: Option<&str>,
) -> (Vec<u8>, CoverageCollection, String) {
    let view = parse_view(bbox, zoom).unwrap();
    let rows = store::layer_polygons(pool, "4g", view.bbox).await.unwrap();
    let polygons: Vec<(f64, GeoJsonPolygon)> = rows
        .into_iter()
        .map(|(q, g)| (q, serde_json::from_str(&g).unwrap()))
        .collect();
    let feature = |quality, coordinates| CoverageFeature {
        kind: "Feature".into(),
        geometry: GeoJsonPolygon {
            kind: "Polygon".into(),
            coordinates,
        },
        properties: CoverageProperties {
            technology: "4g".into(),
            quality,
        },
    };
    let mut how = String::from("as stored");
    let features: Vec<CoverageFeature> = if view.zoom.is_none() {
        polygons
            .into_iter()
            .map(|(q, g)| feature(q, g.coordinates))
            .collect()
    } else {
        let pieces: Vec<Piece> = polygons
            .into_iter()
            .map(|(quality, g)| Piece {
                quality,
                rings: g.coordinates,
            })
            .collect();
        let shown = for_view(&pieces, &view, MAX_VIEW_VERTICES);
        how = format!(
            "{} merged under {} px, tolerance {} px{}",
            shown.merged,
            shown.small_px,
            shown.tolerance_px,
            if shown.truncated { ", truncated" } else { "" }
        );
        shown
            .pieces
            .into_iter()
            .map(|p| feature(p.quality, p.rings))
            .collect()
    };
    let c = CoverageCollection {
        kind: "FeatureCollection".into(),
        features,
    };
    (serde_json::to_vec(&c).unwrap(), c, how)
}

fn gzip_len(bytes: &[u8]) -> usize {
    let mut e = GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

fn main() {
    let n: usize = arg("--n").and_then(|v| v.parse().ok()).unwrap_or(30_000);
    let dir = tempfile::tempdir().unwrap();
    let url = arg("--db")
        .unwrap_or_else(|| format!("sqlite://{}", dir.path().join("bench.db").display()));
    let mut next = rng(21);
    let features: Vec<serde_json::Value> = (0..n)
        .map(|_| {
            let (ring, q) = cell(&mut next);
            json!({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                   "properties": {"technology": "4g", "quality": q}})
        })
        .collect();
    let file = dir.path().join("coverage.geojson");
    std::fs::write(
        &file,
        serde_json::to_vec(&json!({"type": "FeatureCollection", "features": features})).unwrap(),
    )
    .unwrap();
    println!(
        "generated {n} polygons, {:.0} MB of GeoJSON",
        std::fs::metadata(&file).unwrap().len() as f64 / 1e6
    );

    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let pool = db::connect(&url).await.unwrap();
        db::migrate(&pool).await.unwrap();
        let started = Instant::now();
        let options = Options {
            technology: None,
            replace: true,
            quiet: true,
        };
        let summary = coverage_import::import(&pool, &file, &options)
            .await
            .unwrap();
        println!(
            "import: {summary}; {:.1} s on {}",
            started.elapsed().as_secs_f64(),
            url.split(':').next().unwrap_or("")
        );
        let [w, s, e, no] = REGION;
        let region = format!("{w},{s},{e},{no}");
        let city = "41.8,56.1,42.2,56.3";
        let views: [(&str, Option<&str>, Option<&str>); 6] = [
            ("whole layer, no parameters (before)", None, None),
            ("whole region, bbox only", Some(&region), None),
            ("whole region, zoom 7", Some(&region), Some("7")),
            ("whole region, zoom 8", Some(&region), Some("8")),
            ("whole region, zoom 9", Some(&region), Some("9")),
            ("a city, zoom 12", Some(city), Some("12")),
        ];
        println!("| view | features | positions | JSON | gzip | answer (median of 3) | how |");
        println!("|---|---:|---:|---:|---:|---:|---|");
        for (name, bbox, zoom) in views {
            let mut times = Vec::new();
            let mut last = None;
            for _ in 0..3 {
                let t = Instant::now();
                let a = answer(&pool, bbox, zoom).await;
                times.push(t.elapsed().as_secs_f64() * 1000.0);
                last = Some(a);
            }
            times.sort_by(f64::total_cmp);
            let (bytes, c, how) = last.unwrap();
            let positions: usize = c
                .features
                .iter()
                .flat_map(|f| &f.geometry.coordinates)
                .map(Vec::len)
                .sum();
            println!(
                "| {name} | {} | {positions} | {:.2} MB | {:.2} MB | {:.0} ms | {how} |",
                c.features.len(),
                bytes.len() as f64 / 1e6,
                gzip_len(&bytes) as f64 / 1e6,
                times[1]
            );
        }
    });
}
