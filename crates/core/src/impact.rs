//! How many customers a mass incident affects.
//!
//! Two figures, shown side by side on the board:
//!
//! * **linked**: distinct customers (phones) of the tickets linked to the incident, an exact
//!   count of the customers who complained;
//! * **estimated from coverage**: the customers the network serves inside the incident's
//!   area, most of whom never call.
//!
//! The coverage layers carry no subscriber counts, only where each radio technology serves
//! and how well. The operator builds capacity layers (3G, 4G, 5G) where its customers are,
//! so the number of technology layers serving a point is used as a proxy for customer
//! density: every layer serving a point adds [`CUSTOMERS_PER_KM2_PER_LAYER`] customers per
//! square kilometre. A suburb served by 2G only counts 400 per km², a city centre with all
//! four layers 1 600 per km²; a city of about 11 x 9 km with 2.9 layers on average comes to
//! roughly 120 000 customers, a plausible base for a leading operator in a city of 400 000
//! people.
//!
//! The estimate samples the area on a regular grid ([`GRID`] x [`GRID`] points over its
//! bounding box), counts the layers serving each sample inside the area and multiplies the
//! mean by the area's size. The linked customers live inside the area, so they are part of
//! the estimate: the incident's impact is the larger of the two ([`affected`]), never their sum.

use crate::geo::{point_in_polygon, EARTH_RADIUS_M};
use spotdesk_api::Polygon;

/// Customers per square kilometre added by each technology layer that serves a point.
pub const CUSTOMERS_PER_KM2_PER_LAYER: f64 = 400.0;
/// Samples per side of the grid laid over the area's bounding box.
pub const GRID: usize = 40;

/// One coverage cell: its outline and technology (cells of one technology do not overlap).
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageCell {
    pub outline: Polygon,
    /// Technology name, e.g. `4g`; cells with the same name form one layer.
    pub technology: String,
}

/// The area of a polygon in square kilometres (equirectangular projection around its mean
/// latitude; exact enough for city-sized areas). Fewer than three points: 0.
pub fn area_km2(p: &Polygon) -> f64 {
    let n = p.ring.len();
    if n < 3 {
        return 0.0;
    }
    let lat0 = p.ring.iter().map(|q| q[1]).sum::<f64>() / n as f64;
    let kx = lat0.to_radians().cos() * EARTH_RADIUS_M.to_radians() / 1000.0;
    let ky = EARTH_RADIUS_M.to_radians() / 1000.0;
    let mut twice = 0.0;
    for i in 0..n {
        let [x1, y1] = p.ring[i];
        let [x2, y2] = p.ring[(i + 1) % n];
        twice += (x1 * kx) * (y2 * ky) - (x2 * kx) * (y1 * ky);
    }
    (twice / 2.0).abs()
}

/// `(min_long, min_lat, max_long, max_lat)` of a ring.
pub fn bounds(p: &Polygon) -> Option<(f64, f64, f64, f64)> {
    p.ring.iter().fold(None, |acc, &[x, y]| {
        Some(match acc {
            None => (x, y, x, y),
            Some((a, b, c, d)) => (a.min(x), b.min(y), c.max(x), d.max(y)),
        })
    })
}

/// The mean number of technology layers serving the samples inside `area` (0 when no
/// sample falls inside).
pub fn mean_layers(area: &Polygon, cells: &[CoverageCell]) -> f64 {
    let Some((x0, y0, x1, y1)) = bounds(area) else {
        return 0.0;
    };
    let boxes: Vec<Option<(f64, f64, f64, f64)>> =
        cells.iter().map(|c| bounds(&c.outline)).collect();
    let (mut inside, mut layers) = (0usize, 0usize);
    let mut techs: Vec<&str> = Vec::new();
    for i in 0..GRID {
        for j in 0..GRID {
            let x = x0 + (x1 - x0) * (i as f64 + 0.5) / GRID as f64;
            let y = y0 + (y1 - y0) * (j as f64 + 0.5) / GRID as f64;
            if !point_in_polygon(y, x, area) {
                continue;
            }
            inside += 1;
            techs.clear();
            for (c, b) in cells.iter().zip(&boxes) {
                let Some((a, b2, c2, d)) = *b else { continue };
                if x < a || x > c2 || y < b2 || y > d || techs.contains(&c.technology.as_str()) {
                    continue;
                }
                if point_in_polygon(y, x, &c.outline) {
                    techs.push(&c.technology);
                }
            }
            layers += techs.len();
        }
    }
    if inside == 0 {
        0.0
    } else {
        layers as f64 / inside as f64
    }
}

/// Customers estimated from the coverage inside `area` (see the module documentation).
pub fn estimate_from_coverage(area: &Polygon, cells: &[CoverageCell]) -> i64 {
    let est = area_km2(area) * mean_layers(area, cells) * CUSTOMERS_PER_KM2_PER_LAYER;
    if est.is_finite() && est > 0.0 {
        // Bounded by the whole planet's surface times four layers: fits an i64.
        est.round().min(1e15) as i64
    } else {
        0
    }
}

/// The incident's impact: the linked customers are inside the area, so the larger figure.
pub fn affected(linked: i64, estimated: i64) -> i64 {
    linked.max(estimated).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::circle_polygon;

    fn square(lat: f64, long: f64, half_deg: f64) -> Polygon {
        Polygon {
            ring: vec![
                [long - half_deg, lat - half_deg],
                [long + half_deg, lat - half_deg],
                [long + half_deg, lat + half_deg],
                [long - half_deg, lat + half_deg],
            ],
        }
    }

    fn cell(p: Polygon, t: &str) -> CoverageCell {
        CoverageCell {
            outline: p,
            technology: t.to_owned(),
        }
    }

    #[test]
    fn area_of_a_circle_matches_pi_r_squared() {
        let c = circle_polygon(56.3, 44.0, 1000.0, 90);
        let a = area_km2(&c);
        assert!((a - std::f64::consts::PI).abs() < 0.02, "{a}");
        assert_eq!(area_km2(&Polygon::default()), 0.0);
    }

    #[test]
    fn estimate_counts_layers_inside_the_area_only() {
        let area = circle_polygon(56.3, 44.0, 500.0, 48);
        let km2 = area_km2(&area);
        // Two layers cover the whole area, a third covers nothing of it.
        let cells = vec![
            cell(square(56.3, 44.0, 0.05), "2g"),
            cell(square(56.3, 44.0, 0.05), "4g"),
            cell(square(56.5, 44.5, 0.01), "5g"),
        ];
        let est = estimate_from_coverage(&area, &cells);
        let want = km2 * 2.0 * CUSTOMERS_PER_KM2_PER_LAYER;
        assert!((est as f64 - want).abs() < 1.0, "{est} vs {want}");
        // Two overlapping cells of one technology count once.
        let dup = vec![
            cell(square(56.3, 44.0, 0.05), "2g"),
            cell(square(56.3, 44.0, 0.04), "2g"),
        ];
        let one = estimate_from_coverage(&area, &dup);
        assert!((one as f64 - km2 * CUSTOMERS_PER_KM2_PER_LAYER).abs() < 1.0);
    }

    #[test]
    fn half_covered_area_gets_about_half() {
        let area = square(56.3, 44.0, 0.01);
        // A 2G cell over the western half only.
        let west = Polygon {
            ring: vec![[43.98, 56.28], [44.0, 56.28], [44.0, 56.32], [43.98, 56.32]],
        };
        let est = estimate_from_coverage(&area, &[cell(west, "2g")]) as f64;
        let full = area_km2(&area) * CUSTOMERS_PER_KM2_PER_LAYER;
        assert!((est / full - 0.5).abs() < 0.05, "{est} of {full}");
    }

    #[test]
    fn no_area_or_no_coverage_estimates_nothing() {
        let cells = vec![cell(square(56.3, 44.0, 0.05), "2g")];
        assert_eq!(estimate_from_coverage(&Polygon::default(), &cells), 0);
        assert_eq!(estimate_from_coverage(&square(56.3, 44.0, 0.01), &[]), 0);
    }

    #[test]
    fn impact_is_the_larger_figure() {
        assert_eq!(affected(12, 300), 300);
        assert_eq!(affected(12, 0), 12);
        assert_eq!(affected(-1, -5), 0);
    }
}
