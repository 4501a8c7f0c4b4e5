//! A schematic street plan drawn from the address register alone: where there are no map
//! tiles (the default set-up has none), a map still shows the service area's outline and its
//! streets with their names, so a customer can find their place by eye.
//!
//! A street's line is its houses in number order, smoothed (odd and even numbers stand on
//! opposite sides, so a running mean over [`SMOOTH_HOUSES`] consecutive numbers walks down
//! the middle) and simplified with Douglas–Peucker to [`LINE_TOLERANCE_M`]. The outline is
//! the convex hull of every house, pushed out by [`OUTLINE_MARGIN_M`]. Only the
//! [`MAX_STREETS`] streets with the most houses are drawn, so a big city's plan stays small
//! enough for a phone.

use crate::simplify::simplify_line;
use crate::sort::sort_by_key;

/// Consecutive houses (by number) averaged into one point of a street's middle line.
pub const SMOOTH_HOUSES: usize = 4;
/// Douglas–Peucker tolerance of a street line, in metres.
pub const LINE_TOLERANCE_M: f64 = 15.0;
/// How far the outline stands outside the outermost houses, in metres.
pub const OUTLINE_MARGIN_M: f64 = 150.0;
/// Most streets in a plan (those with the most houses).
pub const MAX_STREETS: usize = 400;

/// Metres per degree of latitude (and of longitude at the equator), near enough for drawing.
const M_PER_DEG: f64 = 111_320.0;

/// One house of the register: its street's display name, number and position.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanHouse {
    /// The street as people read it (e.g. `ул. Ленина`).
    pub street: String,
    /// House number without letter or building.
    pub number: u32,
    pub lat: f64,
    pub long: f64,
}

/// A street of the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanStreet {
    pub name: String,
    /// The middle line as `[long, lat]` positions (GeoJSON order), at least two.
    pub line: Vec<[f64; 2]>,
    /// Houses the line was drawn from.
    pub houses: usize,
}

/// The outline and the streets.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StreetPlan {
    /// Closed ring of `[long, lat]` around every house; empty without houses.
    pub outline: Vec<[f64; 2]>,
    /// Streets with at least two distinct positions, most houses first.
    pub streets: Vec<PlanStreet>,
}

/// Local plane in metres around a reference latitude (equirectangular).
#[derive(Debug, Clone, Copy)]
struct Plane {
    cos_lat: f64,
}

impl Plane {
    fn to_xy(self, long: f64, lat: f64) -> [f64; 2] {
        [long * M_PER_DEG * self.cos_lat, lat * M_PER_DEG]
    }
    fn to_long_lat(self, p: [f64; 2]) -> [f64; 2] {
        [p[0] / (M_PER_DEG * self.cos_lat), p[1] / M_PER_DEG]
    }
}

/// The plan of `houses` (any order; houses without a usable position are skipped).
pub fn street_plan(houses: &[PlanHouse]) -> StreetPlan {
    let houses: Vec<&PlanHouse> = houses
        .iter()
        .filter(|h| crate::geo::valid_lat_long(h.lat, h.long))
        .collect();
    if houses.is_empty() {
        return StreetPlan::default();
    }
    let mean_lat = houses.iter().map(|h| h.lat).sum::<f64>() / houses.len() as f64;
    let plane = Plane {
        cos_lat: mean_lat.to_radians().cos().max(0.01),
    };
    let points: Vec<[f64; 2]> = houses.iter().map(|h| plane.to_xy(h.long, h.lat)).collect();
    let outline = grown_hull(&points, OUTLINE_MARGIN_M)
        .into_iter()
        .map(|p| plane.to_long_lat(p))
        .collect();

    let mut by_street: std::collections::BTreeMap<&str, Vec<(u32, [f64; 2])>> =
        std::collections::BTreeMap::new();
    for (h, p) in houses.iter().zip(&points) {
        by_street.entry(&h.street).or_default().push((h.number, *p));
    }
    let mut streets: Vec<PlanStreet> = by_street
        .into_iter()
        .filter_map(|(name, mut hs)| {
            sort_by_key(&mut hs, |(n, p)| (*n, ordered(p[0]), ordered(p[1])));
            let line = middle_line(&hs.iter().map(|(_, p)| *p).collect::<Vec<_>>());
            (line.len() >= 2).then(|| PlanStreet {
                name: name.to_owned(),
                line: line.into_iter().map(|p| plane.to_long_lat(p)).collect(),
                houses: hs.len(),
            })
        })
        .collect();
    sort_by_key(&mut streets, |s| {
        (std::cmp::Reverse(s.houses), s.name.clone())
    });
    streets.truncate(MAX_STREETS);
    drop_shared_place(&mut streets);
    StreetPlan { outline, streets }
}

/// Drops a city name every street's name starts with (`Заречье, ул. Кирова` is drawn as
/// `ул. Кирова` when every street is in Заречье): on a plan of one city it is noise.
fn drop_shared_place(streets: &mut [PlanStreet]) {
    let place_of = |name: &str| name.split_once(", ").map(|(p, _)| p.to_owned());
    let Some(first) = streets.first().and_then(|s| place_of(&s.name)) else {
        return;
    };
    if streets.len() < 2
        || !streets
            .iter()
            .all(|s| place_of(&s.name).as_deref() == Some(first.as_str()))
    {
        return;
    }
    for s in streets.iter_mut() {
        if let Some((_, rest)) = s.name.split_once(", ") {
            s.name = rest.to_owned();
        }
    }
}

/// A total order key for a finite float (positions are finite here).
fn ordered(v: f64) -> i64 {
    (v * 100.0).round() as i64
}

/// The running mean of `points` (in number order) over [`SMOOTH_HOUSES`], simplified; the
/// first and last houses keep the ends where they are.
fn middle_line(points: &[[f64; 2]]) -> Vec<[f64; 2]> {
    if points.len() < 2 {
        return Vec::new();
    }
    let w = SMOOTH_HOUSES.min(points.len());
    let mut line = Vec::with_capacity(points.len() - w + 3);
    line.push(points[0]);
    for win in points.windows(w) {
        let n = win.len() as f64;
        let x = win.iter().map(|p| p[0]).sum::<f64>() / n;
        let y = win.iter().map(|p| p[1]).sum::<f64>() / n;
        line.push([x, y]);
    }
    if let Some(last) = points.last() {
        line.push(*last);
    }
    line.dedup_by(|a, b| (a[0] - b[0]).hypot(a[1] - b[1]) < 0.5);
    if line.len() < 2 {
        return Vec::new();
    }
    simplify_line(&line, LINE_TOLERANCE_M)
}

/// The convex hull of `points` (Andrew's monotone chain), each corner pushed `margin` away
/// from the hull's centre, closed. A single point or a line gets a square or a band around it.
fn grown_hull(points: &[[f64; 2]], margin: f64) -> Vec<[f64; 2]> {
    let mut pts = points.to_vec();
    sort_by_key(&mut pts, |p| (ordered(p[0]), ordered(p[1])));
    pts.dedup_by(|a, b| ordered(a[0]) == ordered(b[0]) && ordered(a[1]) == ordered(b[1]));
    let cross = |o: [f64; 2], a: [f64; 2], b: [f64; 2]| {
        (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
    };
    let mut hull: Vec<[f64; 2]> = Vec::with_capacity(pts.len() + 1);
    for pass in [pts.clone(), pts.iter().rev().copied().collect()] {
        let start = hull.len();
        for p in pass {
            while hull.len() >= start + 2
                && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= 0.0
            {
                hull.pop();
            }
            hull.push(p);
        }
        hull.pop();
    }
    if hull.len() < 3 {
        // Everything on one point or one line: a box around it, `margin` wide on every side.
        let (x0, x1) = pts
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                (a.min(p[0]), b.max(p[0]))
            });
        let (y0, y1) = pts
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                (a.min(p[1]), b.max(p[1]))
            });
        let (x0, x1, y0, y1) = (x0 - margin, x1 + margin, y0 - margin, y1 + margin);
        return vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
    }
    let n = hull.len() as f64;
    let c = [
        hull.iter().map(|p| p[0]).sum::<f64>() / n,
        hull.iter().map(|p| p[1]).sum::<f64>() / n,
    ];
    let mut ring: Vec<[f64; 2]> = hull
        .iter()
        .map(|p| {
            let (dx, dy) = (p[0] - c[0], p[1] - c[1]);
            let d = dx.hypot(dy);
            if d > 0.0 {
                [p[0] + dx / d * margin, p[1] + dy / d * margin]
            } else {
                [p[0] + margin, p[1]]
            }
        })
        .collect();
    if let Some(first) = ring.first().copied() {
        ring.push(first);
    }
    ring
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
