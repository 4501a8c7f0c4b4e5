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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn square() -> Polygon {
        Polygon {
            ring: vec![[44.0, 56.0], [44.1, 56.0], [44.1, 56.1], [44.0, 56.1]],
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

    proptest! {
        #[test]
        fn circle_contains_its_centre_and_not_far_points(lat in -60.0f64..60.0, long in -170.0f64..170.0, r in 50.0f64..5000.0) {
            let c = circle_polygon(lat, long, r, 24);
            prop_assert!(point_in_polygon(lat, long, &c));
            let far_lat = lat + (3.0 * r / EARTH_RADIUS_M).to_degrees();
            prop_assert!(!point_in_polygon(far_lat, long, &c));
        }
    }
}
