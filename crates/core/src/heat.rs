//! A heat grid for a map viewport: complaint density per screen cell, smoothed with a
//! Gaussian kernel, for the SPA to paint onto a canvas.
//!
//! **Algorithm.** Points are binned into a histogram of `cell_px`-pixel cells covering the
//! viewport plus a margin of the kernel radius, then smoothed by a separable Gaussian
//! (a horizontal and a vertical pass). Cost: one projection per point plus
//! `O(cells × kernel width)`; 100 000 points on a 1280 x 800 viewport take a few
//! milliseconds. [`HeatGrid::add`] stamps one more point's kernel into the grid, giving the
//! same result as recomputing (up to float rounding).

use crate::complaint::ComplaintSet;

/// What to draw: the viewport, the zoom and the look of the kernel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeatView {
    /// Viewport `[west, south, east, north]` in degrees (not crossing the antimeridian).
    pub bbox: [f64; 4],
    /// Map zoom (256-pixel tiles, as Leaflet).
    pub zoom: f64,
    /// Side of one grid cell in screen pixels (default 4).
    pub cell_px: f64,
    /// Kernel radius in screen pixels: three standard deviations (default 24).
    pub radius_px: f64,
}

impl HeatView {
    /// A view with the default cell size and radius.
    pub fn new(bbox: [f64; 4], zoom: f64) -> Self {
        Self {
            bbox,
            zoom,
            cell_px: 4.0,
            radius_px: 24.0,
        }
    }
}

/// Largest grid side in cells (larger views are clamped).
pub const MAX_SIDE: usize = 2048;

/// A density grid: `values[row * cols + col]`, row 0 at the north edge.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatGrid {
    /// Number of columns.
    pub cols: usize,
    /// Number of rows.
    pub rows: usize,
    /// Smoothed weight per cell, row-major from the north-west corner.
    pub values: Vec<f32>,
    /// Largest value (0 for an empty grid): divide by it to get 0..=1 intensities.
    pub max: f32,
    /// World pixel x of the grid's west edge at the view's zoom.
    pub origin_x: f64,
    /// World pixel y of the grid's north edge.
    pub origin_y: f64,
    /// Cell side in pixels.
    pub cell_px: f64,
    kernel: Vec<f32>,
    world_px: f64,
}

/// World pixel position of a point at a zoom with `world_px` pixels around the world.
fn world_px_of(lat: f64, long: f64, world_px: f64) -> Option<(f64, f64)> {
    let (x, y) = crate::cluster::project(lat, long)?;
    let s = world_px / 4_294_967_296.0;
    Some((f64::from(x) * s, f64::from(y) * s))
}

impl HeatGrid {
    /// The heat of weighted points `(lat, long, weight)` in a view. Non-finite points or
    /// weights are skipped.
    pub fn compute(view: &HeatView, points: impl IntoIterator<Item = (f64, f64, f32)>) -> Self {
        let mut g = Self::empty(view);
        let kr = g.kr();
        let (hc, hr) = (g.cols + 2 * kr, g.rows + 2 * kr);
        let mut hist = vec![0f32; hc * hr];
        for (lat, long, w) in points {
            if let Some((hx, hy)) = g.hist_cell(lat, long, w) {
                if hx < hc && hy < hr {
                    hist[hy * hc + hx] += w;
                }
            }
        }
        g.smooth(&hist);
        g
    }

    /// As [`HeatGrid::compute`] for points already projected with
    /// [`crate::cluster::project`] (fixed-point Web Mercator, weight 1 each): no
    /// trigonometry per point, so a layer over fixed points projects them once and redraws
    /// every view from the projections. Same result as `compute` on the same points.
    pub fn compute_projected(view: &HeatView, points: &[(u32, u32)]) -> Self {
        let mut g = Self::empty(view);
        let kr = g.kr() as f64;
        let (hc, hr) = (g.cols + 2 * g.kr(), g.rows + 2 * g.kr());
        let mut hist = vec![0f32; hc * hr];
        let s = g.world_px / 4_294_967_296.0;
        for &(x, y) in points {
            // The same arithmetic as `hist_cell`, so both paths bin identically.
            let (px, py) = (f64::from(x) * s, f64::from(y) * s);
            let hx = ((px - g.origin_x) / g.cell_px).floor() + kr;
            let hy = ((py - g.origin_y) / g.cell_px).floor() + kr;
            if hx >= 0.0 && hy >= 0.0 && hx < hc as f64 && hy < hr as f64 {
                hist[hy as usize * hc + hx as usize] += 1.0;
            }
        }
        g.smooth(&hist);
        g
    }

    /// Smooths a histogram (margins included) into `values` and sets `max`.
    fn smooth(&mut self, hist: &[f32]) {
        let g = self;
        let kr = g.kr();
        let (hc, hr) = (g.cols + 2 * kr, g.rows + 2 * kr);
        // Horizontal pass: hist (hc x hr) -> tmp (cols x hr).
        let mut tmp = vec![0f32; g.cols * hr];
        for r in 0..hr {
            let row = &hist[r * hc..(r + 1) * hc];
            if row.iter().all(|&v| v == 0.0) {
                continue;
            }
            for c in 0..g.cols {
                let mut acc = 0f32;
                for (i, k) in g.kernel.iter().enumerate() {
                    acc += k * row[c + i];
                }
                tmp[r * g.cols + c] = acc;
            }
        }
        // Vertical pass: tmp -> values (cols x rows).
        for r in 0..g.rows {
            for (i, k) in g.kernel.iter().enumerate() {
                let src = &tmp[(r + i) * g.cols..(r + i + 1) * g.cols];
                let dst = &mut g.values[r * g.cols..(r + 1) * g.cols];
                for (d, s) in dst.iter_mut().zip(src) {
                    *d += k * s;
                }
            }
        }
        g.max = g.values.iter().copied().fold(0.0, f32::max);
    }

    /// The heat of every complaint of a set (weight 1 each).
    pub fn from_set(view: &HeatView, set: &ComplaintSet) -> Self {
        Self::compute(
            view,
            set.lat()
                .iter()
                .zip(set.long())
                .map(|(&a, &b)| (f64::from(a), f64::from(b), 1.0)),
        )
    }

    /// An all-zero grid for a view.
    fn empty(view: &HeatView) -> Self {
        let cell_px = if view.cell_px.is_finite() && view.cell_px >= 1.0 {
            view.cell_px
        } else {
            4.0
        };
        let radius = if view.radius_px.is_finite() && view.radius_px > 0.0 {
            view.radius_px.min(512.0)
        } else {
            24.0
        };
        let zoom = if view.zoom.is_finite() {
            view.zoom.clamp(0.0, 24.0)
        } else {
            0.0
        };
        let world_px = 256.0 * 2f64.powf(zoom);
        let [w, s, e, n] = view.bbox;
        let (x0, y0) = world_px_of(n, w, world_px).unwrap_or((0.0, 0.0));
        let (x1, y1) = world_px_of(s, e, world_px).unwrap_or((0.0, 0.0));
        let side = |a: f64, b: f64| (((b - a) / cell_px).ceil().max(0.0) as usize).min(MAX_SIDE);
        let (cols, rows) = (side(x0, x1), side(y0, y1));
        let kr = (radius / cell_px).ceil() as usize;
        let sigma = radius / 3.0;
        let kernel = (0..=2 * kr)
            .map(|i| {
                let d = (i as f64 - kr as f64) * cell_px;
                (-(d * d) / (2.0 * sigma * sigma)).exp() as f32
            })
            .collect();
        Self {
            cols,
            rows,
            values: vec![0.0; cols * rows],
            max: 0.0,
            origin_x: x0.floor(),
            origin_y: y0.floor(),
            cell_px,
            kernel,
            world_px,
        }
    }

    fn kr(&self) -> usize {
        self.kernel.len() / 2
    }

    /// Histogram cell (margin included) of a point, if it can touch the grid.
    fn hist_cell(&self, lat: f64, long: f64, w: f32) -> Option<(usize, usize)> {
        if !w.is_finite() {
            return None;
        }
        let (px, py) = world_px_of(lat, long, self.world_px)?;
        let kr = self.kr() as f64;
        let hx = ((px - self.origin_x) / self.cell_px).floor() + kr;
        let hy = ((py - self.origin_y) / self.cell_px).floor() + kr;
        (hx >= 0.0 && hy >= 0.0 && hx < 1e9 && hy < 1e9).then_some((hx as usize, hy as usize))
    }

    /// Adds one point's kernel (incremental update; same result as recomputing).
    pub fn add(&mut self, lat: f64, long: f64, weight: f32) {
        let Some((hx, hy)) = self.hist_cell(lat, long, weight) else {
            return;
        };
        let (hx, hy) = (hx as i64, hy as i64);
        for (j, kj) in self.kernel.iter().enumerate() {
            let r = hy - j as i64;
            if r < 0 || r >= self.rows as i64 {
                continue;
            }
            for (i, ki) in self.kernel.iter().enumerate() {
                let c = hx - i as i64;
                if c < 0 || c >= self.cols as i64 {
                    continue;
                }
                let v = &mut self.values[r as usize * self.cols + c as usize];
                *v += weight * ki * kj;
                self.max = self.max.max(*v);
            }
        }
    }

    /// Value at a cell (0 outside).
    pub fn get(&self, col: usize, row: usize) -> f32 {
        if col < self.cols && row < self.rows {
            self.values[row * self.cols + col]
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const VIEW: [f64; 4] = [43.9, 56.25, 44.1, 56.35];

    #[test]
    fn peak_at_the_point() {
        let v = HeatView::new(VIEW, 14.0);
        let g = HeatGrid::compute(&v, [(56.3, 44.0, 1.0)]);
        assert!(g.cols > 100 && g.rows > 100);
        let (mut best, mut at) = (0.0, 0);
        for (i, &x) in g.values.iter().enumerate() {
            if x > best {
                best = x;
                at = i;
            }
        }
        assert_eq!(best, g.max);
        assert!((g.max - 1.0).abs() < 1e-6);
        let (c, r) = (at % g.cols, at / g.cols);
        assert!((c as f64 - g.cols as f64 / 2.0).abs() < 3.0, "{c}");
        assert!((r as f64 - g.rows as f64 / 2.0).abs() < 3.0, "{r}");
        assert_eq!(g.get(0, 0), 0.0);
    }

    #[test]
    fn projected_equals_compute() {
        let v = HeatView::new(VIEW, 12.5);
        let pts: Vec<(f64, f64)> = (0..500)
            .map(|i| {
                (
                    56.2 + (i % 37) as f64 * 0.005,
                    43.85 + (i % 53) as f64 * 0.006,
                )
            })
            .collect();
        let a = HeatGrid::compute(&v, pts.iter().map(|&(la, lo)| (la, lo, 1.0)));
        let proj: Vec<(u32, u32)> = pts
            .iter()
            .filter_map(|&(la, lo)| crate::cluster::project(la, lo))
            .collect();
        let b = HeatGrid::compute_projected(&v, &proj);
        assert_eq!(a, b);
        assert!(a.max > 0.0);
    }

    #[test]
    fn add_equals_recompute() {
        let v = HeatView::new(VIEW, 13.0);
        let pts = [
            (56.3, 44.0, 1.0),
            (56.301, 44.002, 2.0),
            (56.26, 43.91, 1.0),
        ];
        let mut g = HeatGrid::compute(&v, pts[..2].iter().copied());
        g.add(pts[2].0, pts[2].1, pts[2].2);
        let full = HeatGrid::compute(&v, pts.iter().copied());
        assert_eq!(g.values.len(), full.values.len());
        for (a, b) in g.values.iter().zip(&full.values) {
            assert!((a - b).abs() < 1e-4);
        }
        assert!((g.max - full.max).abs() < 1e-4);
    }

    proptest! {
        #[test]
        fn never_panics(
            pts in proptest::collection::vec((-100.0f64..100.0, -200.0f64..200.0, -5.0f32..5.0), 0..50),
            zoom in prop_oneof![0.0f64..15.0, Just(f64::NAN), Just(-3.0)],
            cell in prop_oneof![2.0f64..16.0, Just(f64::NAN)],
        ) {
            let v = HeatView { bbox: [-0.01, -0.01, 0.01, 0.01], zoom, cell_px: cell, radius_px: 20.0 };
            let mut g = HeatGrid::compute(&v, pts.iter().copied().chain([(f64::NAN, 0.0, 1.0)]));
            g.add(0.0, 0.0, 1.0);
            g.add(f64::NAN, 0.0, 1.0);
            prop_assert!(g.values.len() == g.cols * g.rows);
        }
    }
}
