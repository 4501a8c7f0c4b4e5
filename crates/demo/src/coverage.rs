//! The operator's coverage map: hexagonal cells per radio technology with a quality 0..1.

use crate::rhythm::normal;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use spotdesk_api::{CoverageFeature, CoverageProperties, GeoJsonPolygon, Technology};
use spotdesk_core::geo::EARTH_RADIUS_M;

/// Centre of the demo city.
pub const CITY_CENTER: (f64, f64) = (56.30, 44.00);

/// A place where the network is poor, made to coincide with complaint hotspots.
#[derive(Debug, Clone, Copy)]
pub struct WeakArea {
    /// Centre latitude.
    pub lat: f64,
    /// Centre longitude.
    pub long: f64,
    /// Radius in metres.
    pub radius_m: f64,
    /// Quality multiplier inside (0..1, lower is worse).
    pub factor: f64,
}

/// Cell size and reach of one technology layer.
struct Layer {
    tech: Technology,
    /// Hexagon circumradius, metres.
    cell_m: f64,
    /// Cells farther than this from the centre are not built, metres.
    reach_m: f64,
    /// Quality at the centre and its loss per kilometre.
    base: f64,
    per_km: f64,
}

const LAYERS: [Layer; 4] = [
    Layer {
        tech: Technology::G2,
        cell_m: 600.0,
        reach_m: 9_000.0,
        base: 0.9,
        per_km: 0.02,
    },
    Layer {
        tech: Technology::G3,
        cell_m: 450.0,
        reach_m: 6_000.0,
        base: 0.85,
        per_km: 0.05,
    },
    Layer {
        tech: Technology::G4,
        cell_m: 300.0,
        reach_m: 7_000.0,
        base: 0.92,
        per_km: 0.05,
    },
    Layer {
        tech: Technology::G5,
        cell_m: 220.0,
        reach_m: 2_000.0,
        base: 0.9,
        per_km: 0.15,
    },
];

/// Metres east/north of the centre to (lat, long).
fn to_lat_long(x: f64, y: f64) -> (f64, f64) {
    let (lat0, long0) = CITY_CENTER;
    let lat = lat0 + (y / EARTH_RADIUS_M).to_degrees();
    let long = long0 + (x / (EARTH_RADIUS_M * lat0.to_radians().cos())).to_degrees();
    (lat, long)
}

/// (lat, long) to metres east/north of the centre.
fn to_xy(lat: f64, long: f64) -> (f64, f64) {
    let (lat0, long0) = CITY_CENTER;
    (
        (long - long0).to_radians() * EARTH_RADIUS_M * lat0.to_radians().cos(),
        (lat - lat0).to_radians() * EARTH_RADIUS_M,
    )
}

/// Builds every layer: 2G everywhere in big cells, 3G/4G over most of the city, 5G only in
/// the centre. Quality falls off with distance from the centre, with some noise, and drops
/// sharply inside `weak` areas. The city spans about 10 x 8 km around [`CITY_CENTER`].
pub fn coverage(rng: &mut ChaCha8Rng, weak: &[WeakArea]) -> Vec<CoverageFeature> {
    let (half_w, half_h) = (5_600.0, 4_600.0);
    let weak_xy: Vec<((f64, f64), &WeakArea)> =
        weak.iter().map(|w| (to_xy(w.lat, w.long), w)).collect();
    let mut out = Vec::new();
    for layer in &LAYERS {
        let r = layer.cell_m;
        let dx = 3f64.sqrt() * r;
        let dy = 1.5 * r;
        let rows = (half_h / dy).ceil() as i32;
        let cols = (half_w / dx).ceil() as i32;
        for row in -rows..=rows {
            for col in -cols..=cols {
                let shift = if row.rem_euclid(2) == 1 {
                    dx / 2.0
                } else {
                    0.0
                };
                let (cx, cy) = (f64::from(col) * dx + shift, f64::from(row) * dy);
                if cx.abs() > half_w || cy.abs() > half_h {
                    continue;
                }
                let d = cx.hypot(cy);
                if d > layer.reach_m {
                    continue;
                }
                let mut q = layer.base - layer.per_km * d / 1000.0 + 0.06 * normal(rng);
                for ((wx, wy), w) in &weak_xy {
                    if (cx - wx).hypot(cy - wy) < w.radius_m + r * 0.5 {
                        // 2G in big cells suffers less than the capacity layers.
                        let f = if layer.tech == Technology::G2 {
                            (w.factor + 1.0) / 2.0
                        } else {
                            w.factor
                        };
                        q *= f;
                    }
                }
                // A few random blind spots of the capacity layers.
                if layer.tech != Technology::G2 && rng.gen_bool(0.03) {
                    q *= 0.4;
                }
                let quality = (q.clamp(0.02, 1.0) * 100.0).round() / 100.0;
                let ring: Vec<[f64; 2]> = (0..=6)
                    .map(|k| {
                        let a = std::f64::consts::PI / 180.0 * (30.0 + 60.0 * f64::from(k % 6));
                        let (lat, long) = to_lat_long(cx + r * a.cos(), cy + r * a.sin());
                        [(long * 1e6).round() / 1e6, (lat * 1e6).round() / 1e6]
                    })
                    .collect();
                out.push(CoverageFeature {
                    kind: "Feature".into(),
                    geometry: GeoJsonPolygon {
                        kind: "Polygon".into(),
                        coordinates: vec![ring],
                    },
                    properties: CoverageProperties {
                        technology: layer.tech.as_str().to_owned(),
                        quality,
                    },
                });
            }
        }
    }
    out
}
