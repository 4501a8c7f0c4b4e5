//! A global grid of roughly square cells (about 280 m by default) used as the "areas" of spot
//! and burst detection, plus the convex hull used for their outlines.
//!
//! Rows are bands of `cell_deg` degrees of latitude. Within each whole degree of latitude
//! the cell width in longitude is `cell_deg` times a factor ≈ 1/cos(latitude), rounded to a
//! quarter, so cells stay close to square at any latitude and every client computes the
//! same cell for the same point (the rounding leaves a wide margin against floating-point
//! differences between platforms; a test checks it).

use spotdesk_api::Polygon;

/// One cell of a [`CellGrid`]: row (latitude band) and column within the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellId {
    /// Latitude band: `floor(lat / cell_deg)`.
    pub row: i32,
    /// Column: `floor(long / width_of_row)`.
    pub col: i32,
}

impl CellId {
    /// The cell packed into one sortable number (row-major order).
    pub fn key(self) -> u64 {
        (u64::from(self.row as u32 ^ 0x8000_0000) << 32) | u64::from(self.col as u32 ^ 0x8000_0000)
    }

    /// The inverse of [`CellId::key`].
    pub fn from_key(k: u64) -> Self {
        Self {
            row: ((k >> 32) as u32 ^ 0x8000_0000) as i32,
            col: (k as u32 ^ 0x8000_0000) as i32,
        }
    }
}

/// A global grid of cells `cell_deg` degrees of latitude high.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellGrid {
    /// Cell height in degrees of latitude (0.0025 ≈ 278 m).
    pub cell_deg: f64,
}

impl Default for CellGrid {
    fn default() -> Self {
        Self { cell_deg: 0.0025 }
    }
}

/// The width factor of the whole-degree latitude band `band` (1/cos of its middle, rounded
/// to a quarter, at most 16).
fn width_factor(band: i32) -> f64 {
    let mid = (f64::from(band) + 0.5).clamp(-89.5, 89.5);
    let c = mid.to_radians().cos().max(1.0 / 16.0);
    ((4.0 / c).round() / 4.0).clamp(1.0, 16.0)
}

impl CellGrid {
    /// A grid with cells `cell_deg` degrees high (clamped to 0.0001..=10).
    pub fn new(cell_deg: f64) -> Self {
        let cell_deg = if cell_deg.is_finite() {
            cell_deg.clamp(0.0001, 10.0)
        } else {
            0.0025
        };
        Self { cell_deg }
    }

    fn band_of_row(&self, row: i32) -> i32 {
        ((f64::from(row) + 0.5) * self.cell_deg).floor() as i32
    }

    /// Cell width in degrees of longitude in a row.
    pub fn row_width(&self, row: i32) -> f64 {
        self.cell_deg * width_factor(self.band_of_row(row))
    }

    /// The cell of a point; `None` for non-finite or out-of-range coordinates.
    pub fn cell(&self, lat: f64, long: f64) -> Option<CellId> {
        if !crate::geo::valid_lat_long(lat, long) {
            return None;
        }
        let row = (lat / self.cell_deg).floor() as i32;
        let col = (long / self.row_width(row)).floor() as i32;
        Some(CellId { row, col })
    }

    /// Bounds of a cell: `(south, west, north, east)` in degrees.
    pub fn bounds(&self, c: CellId) -> (f64, f64, f64, f64) {
        let w = self.row_width(c.row);
        let s = f64::from(c.row) * self.cell_deg;
        let west = f64::from(c.col) * w;
        (s, west, s + self.cell_deg, west + w)
    }

    /// Centre of a cell, `(lat, long)`.
    pub fn center(&self, c: CellId) -> (f64, f64) {
        let (s, w, n, e) = self.bounds(c);
        ((s + n) / 2.0, (w + e) / 2.0)
    }

    /// The cells within `radius` cells of `c` (itself included): rows `row ± radius`, and in
    /// each row every cell overlapping `c`'s longitude span widened by `radius` of `c`'s
    /// widths (rows of another latitude band have other widths). Appends to `out`.
    pub fn neighbourhood(&self, c: CellId, radius: i32, out: &mut Vec<CellId>) {
        let w = self.row_width(c.row);
        for dr in -radius..=radius {
            let row = c.row.saturating_add(dr);
            let w2 = self.row_width(row);
            if w2 == w {
                for dc in -radius..=radius {
                    out.push(CellId {
                        row,
                        col: c.col.saturating_add(dc),
                    });
                }
            } else {
                let west = (f64::from(c.col) - f64::from(radius)) * w;
                let east = (f64::from(c.col) + 1.0 + f64::from(radius)) * w;
                let (a, b) = ((west / w2).floor() as i32, (east / w2).ceil() as i32 - 1);
                for col in a..=b {
                    out.push(CellId { row, col });
                }
            }
        }
    }

    /// The convex hull of the given cells' corners as a polygon (`[long, lat]` ring,
    /// counter-clockwise, not closed).
    pub fn outline(&self, cells: &[CellId]) -> Polygon {
        let mut pts = Vec::with_capacity(cells.len() * 4);
        for &c in cells {
            let (s, w, n, e) = self.bounds(c);
            pts.extend_from_slice(&[[w, s], [e, s], [e, n], [w, n]]);
        }
        Polygon {
            ring: convex_hull(pts),
        }
    }
}

/// Convex hull (Andrew's monotone chain) of `[x, y]` points, counter-clockwise, without the
/// closing point; non-finite points are dropped; collinear points are removed.
pub fn convex_hull(mut pts: Vec<[f64; 2]>) -> Vec<[f64; 2]> {
    pts.retain(|p| p[0].is_finite() && p[1].is_finite());
    // A short list (four corners per cell of one outline): the shared sort, not std's copy.
    crate::sort::sort_by(&mut pts, |a, b| {
        a[0].total_cmp(&b[0]).then(a[1].total_cmp(&b[1]))
    });
    pts.dedup();
    if pts.len() < 3 {
        return pts;
    }
    let cross = |o: [f64; 2], a: [f64; 2], b: [f64; 2]| {
        (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
    };
    let mut hull: Vec<[f64; 2]> = Vec::with_capacity(pts.len() + 1);
    for &p in &pts {
        while hull.len() >= 2 && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= 0.0 {
            hull.pop();
        }
        hull.push(p);
    }
    let lower = hull.len() + 1;
    for &p in pts.iter().rev().skip(1) {
        while hull.len() >= lower && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= 0.0 {
            hull.pop();
        }
        hull.push(p);
    }
    hull.pop();
    hull
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_roughly_square_at_56_degrees_north() {
        let g = CellGrid::default();
        let c = g.cell(56.3013, 44.0017).expect("valid");
        let (s, w, n, e) = g.bounds(c);
        let h = crate::geo::haversine_m(s, w, n, w);
        let wd = crate::geo::haversine_m(s, w, s, e);
        assert!((270.0..290.0).contains(&h), "{h}");
        assert!((250.0..320.0).contains(&wd), "{wd}");
        assert!(s <= 56.3013 && 56.3013 < n && w <= 44.0017 && 44.0017 < e);
        assert_eq!(CellId::from_key(c.key()), c);
        assert_eq!(g.cell(f64::NAN, 1.0), None);
    }

    #[test]
    fn width_factors_are_far_from_rounding_edges() {
        // Platform differences in `cos` are ~1e-16; quarter rounding must not be near a tie.
        for band in -90..90 {
            let mid = (f64::from(band) + 0.5).to_radians().cos().max(1.0 / 16.0);
            let x = 4.0 / mid;
            assert!((x - x.floor() - 0.5).abs() > 1e-9, "band {band}");
        }
    }

    #[test]
    fn neighbourhood_counts() {
        let g = CellGrid::default();
        let c = g.cell(56.3, 44.0).expect("valid");
        let mut v = Vec::new();
        g.neighbourhood(c, 1, &mut v);
        assert_eq!(v.len(), 9);
        assert!(v.contains(&c));
    }

    #[test]
    fn hull_of_square_with_inner_point() {
        let h = convex_hull(vec![
            [0.0, 0.0],
            [1.0, 0.0],
            [1.0, 1.0],
            [0.0, 1.0],
            [0.5, 0.5],
        ]);
        assert_eq!(h.len(), 4);
        let g = CellGrid::default();
        let c = g.cell(56.3013, 44.0017).expect("valid");
        let p = g.outline(&[
            c,
            CellId {
                row: c.row,
                col: c.col + 1,
            },
        ]);
        assert_eq!(p.ring.len(), 4);
        assert!(crate::geo::point_in_polygon(56.3013, 44.0017, &p));
    }
}
