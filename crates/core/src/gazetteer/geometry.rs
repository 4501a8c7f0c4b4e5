//! Where houses stand: a street's polyline in a local flat projection, and houses spread
//! evenly along it, odd numbers on the left of the direction of travel, even on the right.

use super::House;

/// Sideways offset of a house from the street axis, in metres.
pub(super) const HOUSE_OFFSET_M: f64 = 12.0;
/// Mean Earth radius, metres.
pub(super) const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Houses `first, first + step, ...` (`count` of them, at least 1) spread evenly along the
/// polyline through `points` (at least 2), odd numbers [`HOUSE_OFFSET_M`] to the left of the
/// direction of travel and even ones to the right; and the polyline's middle point.
pub(super) fn place_houses(
    points: &[(f64, f64)],
    first: u32,
    step: u32,
    count: u32,
) -> (Vec<House>, (f64, f64)) {
    let line_geom = Polyline::new(points);
    let mut houses = Vec::with_capacity(count as usize);
    for k in 0..count {
        let number = first + k * step;
        let t = if count == 1 {
            0.5
        } else {
            0.03 + 0.94 * f64::from(k) / f64::from(count - 1)
        };
        let side = if number % 2 == 1 { 1.0 } else { -1.0 };
        let (lat, long) = line_geom.point_at(t, side * HOUSE_OFFSET_M);
        houses.push(House { number, lat, long });
    }
    let middle = line_geom.point_at(0.5, 0.0);
    (houses, middle)
}

/// A polyline in a local flat projection (metres east/north of its first point).
struct Polyline {
    lat0: f64,
    long0: f64,
    cos0: f64,
    /// Points in metres.
    xy: Vec<(f64, f64)>,
    /// Cumulative length at each point, metres.
    cum: Vec<f64>,
}

impl Polyline {
    fn new(points: &[(f64, f64)]) -> Self {
        let (lat0, long0) = points[0];
        let cos0 = lat0.to_radians().cos().max(0.01);
        let xy: Vec<(f64, f64)> = points
            .iter()
            .map(|&(lat, long)| {
                (
                    (long - long0).to_radians() * EARTH_RADIUS_M * cos0,
                    (lat - lat0).to_radians() * EARTH_RADIUS_M,
                )
            })
            .collect();
        let mut cum = vec![0.0];
        for w in xy.windows(2) {
            let d = (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1);
            cum.push(cum.last().copied().unwrap_or(0.0) + d);
        }
        Self {
            lat0,
            long0,
            cos0,
            xy,
            cum,
        }
    }

    /// The point at fraction `t` (0..=1) of the length, moved `offset` metres to the left of
    /// the direction of travel (negative: right). Returns `(lat, long)`.
    fn point_at(&self, t: f64, offset: f64) -> (f64, f64) {
        let total = self.cum.last().copied().unwrap_or(0.0);
        let s = t.clamp(0.0, 1.0) * total;
        let mut seg = 0;
        while seg + 2 < self.xy.len() && self.cum[seg + 1] < s {
            seg += 1;
        }
        let (a, b) = (self.xy[seg], self.xy[seg + 1]);
        let len = self.cum[seg + 1] - self.cum[seg];
        let (mut x, mut y) = a;
        if len > 1e-9 {
            let f = ((s - self.cum[seg]) / len).clamp(0.0, 1.0);
            let (dx, dy) = ((b.0 - a.0) / len, (b.1 - a.1) / len);
            x += (b.0 - a.0) * f - dy * offset;
            y += (b.1 - a.1) * f + dx * offset;
        }
        let lat = self.lat0 + (y / EARTH_RADIUS_M).to_degrees();
        let long = self.long0 + (x / (EARTH_RADIUS_M * self.cos0)).to_degrees();
        // Round to 1e-6 degrees (about 0.1 m): plenty for a house, short in JSON.
        ((lat * 1e6).round() / 1e6, (long * 1e6).round() / 1e6)
    }
}
