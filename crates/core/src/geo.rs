//! Small geometry on WGS84 coordinates: distances and point-in-polygon.

use spotdesk_api::Polygon;

/// Mean Earth radius in metres.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Great-circle distance in metres between two points given as (lat, long) degrees.
pub fn haversine_m(lat1: f64, long1: f64, lat2: f64, long2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (long2 - long1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * a.sqrt().min(1.0).asin()
}

/// Whether a (lat, long) lies inside a polygon's ring (even-odd rule; edges count as inside
/// only by chance). Rings with fewer than three points contain nothing.
pub fn point_in_polygon(lat: f64, long: f64, polygon: &Polygon) -> bool {
    let ring = &polygon.ring;
    if ring.len() < 3 {
        return false;
    }
    let mut inside = false;
    let mut j = ring.len() - 1;
    for i in 0..ring.len() {
        let [xi, yi] = ring[i];
        let [xj, yj] = ring[j];
        if (yi > lat) != (yj > lat) {
            let x_cross = (xj - xi) * (lat - yi) / (yj - yi) + xi;
            if long < x_cross {
                inside = !inside;
            }
        }
        j = i;
    }
    inside
}

/// Distance in metres from a (lat, long) to a polygon: 0 inside it, else to its nearest edge
/// (on a local flat projection around the point, good to well under 1 % at city scale).
/// `None` for a ring of fewer than three points.
pub fn distance_to_polygon_m(lat: f64, long: f64, polygon: &Polygon) -> Option<f64> {
    let ring = &polygon.ring;
    if ring.len() < 3 {
        return None;
    }
    if point_in_polygon(lat, long, polygon) {
        return Some(0.0);
    }
    // Metres per degree at the point.
    let my = EARTH_RADIUS_M.to_radians();
    let mx = my * lat.to_radians().cos();
    let xy = |p: &[f64; 2]| ((p[0] - long) * mx, (p[1] - lat) * my);
    let mut best = f64::INFINITY;
    for i in 0..ring.len() {
        let (ax, ay) = xy(&ring[i]);
        let (bx, by) = xy(&ring[(i + 1) % ring.len()]);
        let (dx, dy) = (bx - ax, by - ay);
        let len2 = dx * dx + dy * dy;
        // The point is the origin: project it on the segment.
        let t = if len2 > 0.0 {
            (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let (px, py) = (ax + t * dx, ay + t * dy);
        best = best.min((px * px + py * py).sqrt());
    }
    Some(best)
}

/// Whether a coordinate pair is a finite, valid WGS84 position.
pub fn valid_lat_long(lat: f64, long: f64) -> bool {
    lat.is_finite()
        && long.is_finite()
        && (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&long)
}

/// A regular polygon approximating a circle of `radius_m` around a point (for areas drawn
/// from a centre and radius). `sides` is clamped to at least 3.
pub fn circle_polygon(lat: f64, long: f64, radius_m: f64, sides: usize) -> Polygon {
    let sides = sides.max(3);
    let dlat = (radius_m / EARTH_RADIUS_M).to_degrees();
    let dlong = dlat / lat.to_radians().cos().max(1e-6);
    let ring = (0..sides)
        .map(|i| {
            let a = i as f64 / sides as f64 * std::f64::consts::TAU;
            [long + dlong * a.cos(), lat + dlat * a.sin()]
        })
        .collect();
    Polygon { ring }
}

/// Whether two polygons share area or touch: an edge of one crosses an edge of the other,
/// or one lies wholly inside the other. Rings with fewer than three points overlap nothing.
pub fn polygons_overlap(a: &Polygon, b: &Polygon) -> bool {
    if a.ring.len() < 3 || b.ring.len() < 3 {
        return false;
    }
    let (ab, bb) = (bbox(a), bbox(b));
    if ab.0 > bb.2 || bb.0 > ab.2 || ab.1 > bb.3 || bb.1 > ab.3 {
        return false;
    }
    let inside = |p: &Polygon, q: &Polygon| q.ring.iter().any(|&[x, y]| point_in_polygon(y, x, p));
    if inside(a, b) || inside(b, a) {
        return true;
    }
    edges(a).any(|(p1, p2)| edges(b).any(|(q1, q2)| segments_cross(p1, p2, q1, q2)))
}

/// `(min_x, min_y, max_x, max_y)` of a ring (x = long, y = lat).
fn bbox(p: &Polygon) -> (f64, f64, f64, f64) {
    p.ring.iter().fold(
        (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ),
        |(a, b, c, d), &[x, y]| (a.min(x), b.min(y), c.max(x), d.max(y)),
    )
}

/// The closed ring's edges.
fn edges(p: &Polygon) -> impl Iterator<Item = ([f64; 2], [f64; 2])> + '_ {
    let n = p.ring.len();
    (0..n).map(move |i| (p.ring[i], p.ring[(i + 1) % n]))
}

/// Whether segments p1-p2 and q1-q2 intersect (touching counts).
fn segments_cross(p1: [f64; 2], p2: [f64; 2], q1: [f64; 2], q2: [f64; 2]) -> bool {
    let orient = |a: [f64; 2], b: [f64; 2], c: [f64; 2]| {
        (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    };
    let (d1, d2) = (orient(q1, q2, p1), orient(q1, q2, p2));
    let (d3, d4) = (orient(p1, p2, q1), orient(p1, p2, q2));
    let on = |a: [f64; 2], b: [f64; 2], c: [f64; 2]| {
        c[0] >= a[0].min(b[0])
            && c[0] <= a[0].max(b[0])
            && c[1] >= a[1].min(b[1])
            && c[1] <= a[1].max(b[1])
    };
    ((d1 > 0.0) != (d2 > 0.0)
        && (d3 > 0.0) != (d4 > 0.0)
        && d1 != 0.0
        && d2 != 0.0
        && d3 != 0.0
        && d4 != 0.0)
        || (d1 == 0.0 && on(q1, q2, p1))
        || (d2 == 0.0 && on(q1, q2, p2))
        || (d3 == 0.0 && on(p1, p2, q1))
        || (d4 == 0.0 && on(p1, p2, q2))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn square() -> Polygon {
        Polygon {
            ring: vec![[44.0, 56.0], [44.1, 56.0], [44.1, 56.1], [44.0, 56.1]],
        }
    }

    #[test]
    fn distance_to_a_polygon_is_zero_inside_and_to_the_nearest_edge_outside() {
        let sq = square();
        assert_eq!(distance_to_polygon_m(56.05, 44.05, &sq), Some(0.0));
        // 0.01 degree of latitude south of the bottom edge: about 1.11 km.
        let d = distance_to_polygon_m(55.99, 44.05, &sq).unwrap();
        assert!(
            (d - haversine_m(55.99, 44.05, 56.0, 44.05)).abs() < 2.0,
            "{d}"
        );
        // Beyond a corner: the distance to the corner.
        let d = distance_to_polygon_m(55.99, 43.99, &sq).unwrap();
        assert!(
            (d - haversine_m(55.99, 43.99, 56.0, 44.0)).abs() < 5.0,
            "{d}"
        );
        assert_eq!(
            distance_to_polygon_m(56.0, 44.0, &Polygon { ring: vec![] }),
            None
        );
    }

    proptest! {
        /// The distance is never more than to the nearest corner, and 0 exactly inside.
        #[test]
        fn distance_is_at_most_the_nearest_corner(lat in 55.9f64..56.2, long in 43.9f64..44.2) {
            let sq = square();
            let d = distance_to_polygon_m(lat, long, &sq).unwrap();
            let nearest_corner = sq.ring.iter().map(|p| haversine_m(lat, long, p[1], p[0])).fold(f64::INFINITY, f64::min);
            prop_assert!(d <= nearest_corner * 1.01 + 1.0);
            prop_assert_eq!(d == 0.0, point_in_polygon(lat, long, &sq));
        }
    }

    #[test]
    fn haversine_known_distance() {
        // One degree of latitude is about 111.2 km.
        let d = haversine_m(56.0, 44.0, 57.0, 44.0);
        assert!((d - 111_195.0).abs() < 100.0, "{d}");
        assert_eq!(haversine_m(56.0, 44.0, 56.0, 44.0), 0.0);
    }

    #[test]
    fn inside_and_outside_a_square() {
        assert!(point_in_polygon(56.05, 44.05, &square()));
        assert!(!point_in_polygon(56.2, 44.05, &square()));
        assert!(!point_in_polygon(56.05, 43.9, &square()));
        assert!(!point_in_polygon(
            56.05,
            44.05,
            &Polygon {
                ring: vec![[44.0, 56.0], [44.1, 56.1]]
            }
        ));
    }

    #[test]
    fn validates_coordinates() {
        assert!(valid_lat_long(56.3, 44.0));
        assert!(!valid_lat_long(91.0, 44.0));
        assert!(!valid_lat_long(f64::NAN, 44.0));
    }

    #[test]
    fn overlapping_crossing_nested_and_apart_polygons() {
        let sq = square();
        let shifted = Polygon {
            ring: sq.ring.iter().map(|[x, y]| [x + 0.05, y + 0.05]).collect(),
        };
        let far = Polygon {
            ring: sq.ring.iter().map(|[x, y]| [x + 1.0, *y]).collect(),
        };
        let inner = circle_polygon(56.05, 44.05, 200.0, 12);
        // A cross: edges cross, no vertex of either inside the other.
        let wide = Polygon {
            ring: vec![[43.9, 56.04], [44.2, 56.04], [44.2, 56.06], [43.9, 56.06]],
        };
        let tall = Polygon {
            ring: vec![[44.04, 55.9], [44.06, 55.9], [44.06, 56.2], [44.04, 56.2]],
        };
        assert!(polygons_overlap(&sq, &shifted));
        assert!(polygons_overlap(&sq, &inner) && polygons_overlap(&inner, &sq));
        assert!(polygons_overlap(&wide, &tall));
        assert!(!polygons_overlap(&sq, &far));
        assert!(!polygons_overlap(&sq, &Polygon { ring: vec![] }));
    }

    proptest! {
        #[test]
        fn overlap_is_symmetric_and_matches_distance_for_circles(
            lat in 50.0f64..60.0, long in 30.0f64..50.0,
            r1 in 50.0f64..800.0, r2 in 50.0f64..800.0, d in 0.0f64..3000.0,
        ) {
            let a = circle_polygon(lat, long, r1, 16);
            let dlat = (d / EARTH_RADIUS_M).to_degrees();
            let b = circle_polygon(lat + dlat, long, r2, 16);
            prop_assert_eq!(polygons_overlap(&a, &b), polygons_overlap(&b, &a));
            // Polygons are inscribed in their circles: clearly apart circles never overlap,
            // clearly overlapping ones always do.
            if d > (r1 + r2) * 1.01 {
                prop_assert!(!polygons_overlap(&a, &b));
            }
            if d < (r1 + r2) * 0.9 {
                prop_assert!(polygons_overlap(&a, &b));
            }
        }

        #[test]
        fn circle_contains_its_centre_and_not_far_points(lat in -60.0f64..60.0, long in -170.0f64..170.0, r in 50.0f64..5000.0) {
            let c = circle_polygon(lat, long, r, 24);
            prop_assert!(point_in_polygon(lat, long, &c));
            let far_lat = lat + (3.0 * r / EARTH_RADIUS_M).to_degrees();
            prop_assert!(!point_in_polygon(far_lat, long, &c));
        }
    }
}
