//! Hierarchical point clustering for map zooms 0..=16, in the manner of Mapbox's
//! supercluster: Web-Mercator pixel space, radius 40 px at tile extent 512, min points 2.
//!
//! **Algorithm.** Level `max_zoom + 1` holds the points. Each level `z` is made from level
//! `z + 1` by greedy neighbourhood merging, exactly supercluster's rule and order: visit the
//! entries in the order they were produced (input order for points); an entry not yet
//! taken gathers every not-yet-taken entry within `r_z` (40 px at zoom `z`); if that adds
//! points and the total reaches `min_points`, they become one cluster at their
//! count-weighted centroid, otherwise the entry passes down alone. So the clusters are
//! supercluster's, up to the rounding of positions to 32-bit fixed point (a test compares
//! with a literal port).
//!
//! **Layout.** Positions are 32-bit fixed-point Web-Mercator coordinates; each level is
//! four flat `u32` columns (x, y, count, id: 16 bytes per entry, no per-point structs)
//! sorted by row (bands at most the level's radius high) and, within a row, by x. A
//! neighbour search visits the few rows within the radius, each by a row directory and a
//! binary search on x: a search box little larger than the radius (no tree, no hashing).
//! Ordering is an LSD radix sort of one packed `u64` per entry (row, x, entry index), and
//! columns are permuted one at a time, so a build's peak memory stays near twice the index.
//!
//! **Incremental insert (approximation).** [`ClusterIndex::insert`] adds the point to the
//! leaves and, at every zoom, adds 1 to the count of the nearest entry within the radius
//! (its position is not moved), or adds the point as a new single entry. Counts stay exact
//! (they always sum to the number of points at every zoom) and every new point is within
//! the radius of the entry that counts it; cluster positions and the grouping can differ a
//! little from a fresh build until [`ClusterIndex::rebuild`] (which gives exactly the
//! result of [`ClusterIndex::build`] on all points). Call it when idle or when
//! [`ClusterIndex::inserted_since_build`] grows large (e.g. above 1 % of the points).

mod level;
mod radix;

use crate::complaint::ComplaintSet;
use level::{cell_of, Cols, Level};

/// Options of a [`ClusterIndex`]; the defaults are supercluster's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClusterOptions {
    /// Cluster radius in pixels (default 40).
    pub radius: f64,
    /// Tile extent the radius is measured in (default 512).
    pub extent: f64,
    /// Minimum points to form a cluster (default 2).
    pub min_points: u32,
    /// Highest zoom with clusters (default 16); above it points are returned one by one.
    pub max_zoom: u8,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        Self {
            radius: 40.0,
            extent: 512.0,
            min_points: 2,
            max_zoom: 16,
        }
    }
}

/// A cluster (or a single point) returned by [`ClusterIndex::clusters`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cluster {
    /// Latitude of the (count-weighted) centre.
    pub lat: f64,
    /// Longitude of the centre.
    pub long: f64,
    /// Number of points.
    pub count: u32,
    /// For a single point (`count == 1`): the point's index in the input. For a cluster:
    /// `1 << 63 | zoom << 32 | index of a representative point` (see [`cluster_id_point`]).
    pub id: u64,
}

/// The representative point index inside a cluster id (and the point index of a single).
pub fn cluster_id_point(id: u64) -> u32 {
    id as u32
}

/// Anything with (lat, long) points addressable by index.
pub trait PointSource {
    /// Number of points (indices `0..len`).
    fn point_count(&self) -> usize;
    /// Point `i` as (lat, long) degrees.
    fn lat_long(&self, i: usize) -> (f64, f64);
}

impl PointSource for ComplaintSet {
    fn point_count(&self) -> usize {
        self.len()
    }
    fn lat_long(&self, i: usize) -> (f64, f64) {
        (f64::from(self.lat()[i]), f64::from(self.long()[i]))
    }
}

impl PointSource for [(f64, f64)] {
    fn point_count(&self) -> usize {
        self.len()
    }
    fn lat_long(&self, i: usize) -> (f64, f64) {
        self[i]
    }
}

impl PointSource for Vec<(f64, f64)> {
    fn point_count(&self) -> usize {
        self.len()
    }
    fn lat_long(&self, i: usize) -> (f64, f64) {
        self[i]
    }
}

/// Points as two parallel coordinate columns, borrowed (no copy): `lat[i]`, `long[i]`
/// (the shorter column bounds the count). Works for `f32` columns as in the ticket facts.
#[derive(Debug, Clone, Copy)]
pub struct LatLongColumns<'a, T> {
    /// Latitudes, degrees.
    pub lat: &'a [T],
    /// Longitudes, degrees.
    pub long: &'a [T],
}

impl<T: Copy + Into<f64>> PointSource for LatLongColumns<'_, T> {
    fn point_count(&self) -> usize {
        self.lat.len().min(self.long.len())
    }
    fn lat_long(&self, i: usize) -> (f64, f64) {
        (self.lat[i].into(), self.long[i].into())
    }
}

const SCALE: f64 = 4_294_967_296.0;

/// Fixed-point Web-Mercator position of a point; `None` for non-finite coordinates.
/// Latitudes beyond the Mercator limit clamp to the edge, longitudes to ±180.
pub fn project(lat: f64, long: f64) -> Option<(u32, u32)> {
    Some((project_x(long)?, project_y(lat)?))
}

/// The fixed-point x of a longitude (`None` when not finite); see [`project`].
pub fn project_x(long: f64) -> Option<u32> {
    long.is_finite()
        .then(|| to_fixed((long / 360.0 + 0.5).clamp(0.0, 1.0)))
}

/// The fixed-point y of a latitude (`None` when not finite); see [`project`].
pub fn project_y(lat: f64) -> Option<u32> {
    if !lat.is_finite() {
        return None;
    }
    let s = lat.to_radians().sin();
    let y = 0.5 - 0.25 * ((1.0 + s) / (1.0 - s)).ln() / std::f64::consts::PI;
    Some(to_fixed(if y.is_nan() { 0.5 } else { y.clamp(0.0, 1.0) }))
}

fn to_fixed(v: f64) -> u32 {
    (v * SCALE).min(SCALE - 1.0) as u32
}

/// Projected points collected one coordinate column at a time, so a caller holding the
/// input as two large arrays (a browser copying them into wasm memory) never needs both
/// copies and the index at once: [`ProjectedPoints::set_long`], [`ProjectedPoints::set_lat`],
/// then [`ClusterIndex::build_projected`]. The result equals [`ClusterIndex::build`] on the
/// same `(lat, long)` points.
#[derive(Debug, Clone, Default)]
pub struct ProjectedPoints {
    x: Vec<u32>,
    y: Vec<u32>,
    ok: Vec<bool>,
}

impl ProjectedPoints {
    /// Room for `n` points (all invalid until both coordinates are set).
    pub fn new(n: usize) -> Self {
        Self {
            x: vec![0; n],
            y: vec![0; n],
            ok: vec![false; n],
        }
    }

    /// Sets every point's longitude (`long[i]` for point `i`; extra values are ignored).
    pub fn set_long(&mut self, long: &[f64]) {
        for (i, &v) in long.iter().enumerate().take(self.x.len()) {
            match project_x(v) {
                Some(x) => {
                    self.x[i] = x;
                    self.ok[i] = true;
                }
                None => self.ok[i] = false,
            }
        }
    }

    /// Sets every point's latitude; a point is valid when both of its coordinates are
    /// finite and were set (call after [`ProjectedPoints::set_long`]).
    pub fn set_lat(&mut self, lat: &[f64]) {
        for (i, ok) in self.ok.iter_mut().enumerate() {
            match lat.get(i).and_then(|&v| project_y(v)) {
                Some(y) => self.y[i] = y,
                None => *ok = false,
            }
        }
    }
}

/// The (lat, long) of a fixed-point Mercator position.
pub fn unproject(x: u32, y: u32) -> (f64, f64) {
    let long = (f64::from(x) / SCALE - 0.5) * 360.0;
    let y2 = (180.0 - f64::from(y) / SCALE * 360.0).to_radians();
    let lat = 360.0 * y2.exp().atan() / std::f64::consts::PI - 90.0;
    (lat, long)
}

/// Entries at most this many in a level's insert list before it is merged into the
/// sorted part.
const COMPACT_AT: usize = 4096;

/// The cluster index: one `Level` per zoom `0..=max_zoom`, plus the leaves.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterIndex {
    options: ClusterOptions,
    /// `levels[z]` for `z in 0..=max_zoom`, `levels[max_zoom + 1]` = the points.
    levels: Vec<Level>,
    next_id: u32,
    indexed: usize,
    inserted: usize,
}

impl ClusterIndex {
    /// Index of the points of `src` with the default options.
    pub fn build<S: PointSource + ?Sized>(src: &S) -> Self {
        Self::build_with(src, ClusterOptions::default())
    }

    /// Index of the points of `src`; points with non-finite coordinates are skipped (their
    /// indices are not reused).
    pub fn build_with<S: PointSource + ?Sized>(src: &S, options: ClusterOptions) -> Self {
        let options = sanitize(options);
        let n = src.point_count();
        let mut leaves = Cols::with_capacity(n);
        for i in 0..n {
            let (lat, long) = src.lat_long(i);
            if let Some((x, y)) = project(lat, long) {
                leaves.push(x, y, 1, i.min(u32::MAX as usize) as u32);
            }
        }
        Self::from_leaves(options, n, leaves)
    }

    /// Index of projected points with the default options (see [`ProjectedPoints`]).
    pub fn build_projected(p: ProjectedPoints) -> Self {
        let options = sanitize(ClusterOptions::default());
        let n = p.x.len();
        let leaves = if p.ok.iter().all(|&v| v) {
            // Every point valid: the columns become the leaves without a copy.
            Cols {
                x: p.x,
                y: p.y,
                n: vec![1; n],
                id: (0..n).map(|i| i.min(u32::MAX as usize) as u32).collect(),
            }
        } else {
            let mut c = Cols::with_capacity(n);
            for i in (0..n).filter(|&i| p.ok[i]) {
                c.push(p.x[i], p.y[i], 1, i.min(u32::MAX as usize) as u32);
            }
            c
        };
        Self::from_leaves(options, n, leaves)
    }

    /// The index over `leaves` (ids below `n`; new points get ids from `n` on).
    fn from_leaves(options: ClusterOptions, n: usize, leaves: Cols) -> Self {
        let mut me = Self {
            options,
            levels: Vec::new(),
            next_id: n.min(u32::MAX as usize) as u32,
            indexed: leaves.len(),
            inserted: 0,
        };
        me.build_levels(leaves);
        me
    }

    /// Row bits of level `z`: rows are the largest power of two at most the radius of
    /// zoom `z - 1` (twice zoom `z`'s) high, at least one unit, so a search within that
    /// radius (building zoom `z - 1`) spans three or four rows, an insert's two or three.
    fn bits(&self, z: u32) -> u32 {
        let r = (self.radius_fp(z) * 2.0).max(1.0);
        32u32
            .saturating_sub(r.log2().floor().clamp(0.0, 32.0) as u32)
            .min(31)
    }

    /// The x shift within the rows of level `z`: an eighth of a row height.
    fn xs(&self, z: u32) -> u32 {
        (32 - self.bits(z)).saturating_sub(3)
    }

    /// Radius at zoom `z` in fixed-point units.
    fn radius_fp(&self, z: u32) -> f64 {
        self.options.radius / (self.options.extent * 2f64.powi(z as i32)) * SCALE
    }

    /// Builds every zoom from the leaves, given in input order.
    fn build_levels(&mut self, leaves: Cols) {
        let top = u32::from(self.options.max_zoom) + 1;
        let mut levels = vec![Level::default(); top as usize + 1];
        let (leaf_level, mut visit) = Level::sorted(leaves, self.bits(top), self.xs(top));
        levels[top as usize] = leaf_level;
        for z in (0..top).rev() {
            let (level, v) = self.cluster_level(&levels[z as usize + 1], visit, z);
            levels[z as usize] = level;
            visit = v;
        }
        self.levels = levels;
    }

    /// Level `z` from level `z + 1` (`prev`, with no pending inserts), visiting `prev`'s
    /// entries in `visit` order (supercluster's order); returns the level and its own
    /// visiting order.
    fn cluster_level(&self, prev: &Level, visit: Vec<u32>, z: u32) -> (Level, Vec<u32>) {
        let m = &prev.main;
        let len = m.len();
        let (bits, xs) = (prev.bits, prev.xs);
        let r = self.radius_fp(z);
        let r2 = r * r;
        let ri = r.ceil().min(f64::from(u32::MAX)) as u32;
        // Directory of `prev` (temporary): the first entry of each cell, row-major over
        // the entries' bounding box (the entries are sorted by row and x, so by cell too).
        // Cells are a row high and as narrow as the row height allows while the directory
        // stays within about two slots per entry; a binary search finds the window's start
        // within its first cell.
        let cell = |v: u32| cell_of(v, bits);
        let (min_row, max_row) = match (m.y.first(), m.y.last()) {
            (Some(&a), Some(&b)) => (cell(a), cell(b)),
            _ => (0, 0),
        };
        let (min_x, max_x) =
            m.x.iter()
                .fold((u32::MAX, 0), |(a, b), &x| (a.min(x), b.max(x)));
        let (min_x, max_x) = if len == 0 { (0, 0) } else { (min_x, max_x) };
        let rows = (max_row - min_row) as usize + 1;
        let mut col_shift = 32 - bits;
        while col_shift < 32
            && rows.saturating_mul(((max_x - min_x) >> col_shift) as usize + 1) > 2 * len + 4096
        {
            col_shift += 1;
        }
        // A function of `x >> xs`, so the sorted order is also column order.
        let col = |x: u32| {
            if col_shift >= 32 {
                0
            } else {
                ((x >> xs) - (min_x >> xs)) >> (col_shift - xs)
            }
        };
        let max_col = col(max_x);
        let ncols = max_col as usize + 1;
        let slot = |x: u32, y: u32| (cell(y) - min_row) as usize * ncols + col(x) as usize;
        let mut dir = vec![0u32; rows * ncols + 1];
        for k in 0..len {
            dir[slot(m.x[k], m.y[k]) + 1] += 1;
        }
        for k in 1..dir.len() {
            dir[k] += dir[k - 1];
        }
        let mut done = vec![false; len];
        let mut neigh: Vec<usize> = Vec::new();
        let mut out = Cols::with_capacity(len);
        let min_points = u64::from(self.options.min_points);
        for &vi in &visit {
            let i = vi as usize;
            if done[i] {
                continue;
            }
            done[i] = true;
            neigh.clear();
            let (xu, yu) = (m.x[i], m.y[i]);
            let (xi, yi) = (f64::from(xu), f64::from(yu));
            let (xa, xb) = (xu.saturating_sub(ri), xu.saturating_add(ri));
            let (a, b) = (xa >> xs, xb >> xs);
            let row0 = cell(yu.saturating_sub(ri)).max(min_row);
            let row1 = cell(yu.saturating_add(ri)).min(max_row);
            let col0 = col(xa.clamp(min_x, max_x)) as usize;
            let col1 = col(xb.clamp(min_x, max_x)) as usize;
            for row in row0..=row1 {
                let base = (row - min_row) as usize * ncols;
                let (s, e) = (dir[base + col0] as usize, dir[base + col1 + 1] as usize);
                // Skip the entries left of the window within the first cell only.
                let seg = &m.x[s..dir[base + col0 + 1] as usize];
                let mut j = s + seg.partition_point(|&x| (x >> xs) < a);
                while j < e && (m.x[j] >> xs) <= b {
                    if !done[j] {
                        let (dx, dy) = (f64::from(m.x[j]) - xi, f64::from(m.y[j]) - yi);
                        if dx * dx + dy * dy <= r2 {
                            neigh.push(j);
                        }
                    }
                    j += 1;
                }
            }
            let own = u64::from(m.n[i]);
            let total: u64 = own + neigh.iter().map(|&j| u64::from(m.n[j])).sum::<u64>();
            if total > own && total >= min_points {
                let (mut wx, mut wy) = (xi * own as f64, yi * own as f64);
                for &j in &neigh {
                    done[j] = true;
                    let w = f64::from(m.n[j]);
                    wx += f64::from(m.x[j]) * w;
                    wy += f64::from(m.y[j]) * w;
                }
                let t = total as f64;
                let fx = |v: f64| (v / t).round().clamp(0.0, SCALE - 1.0) as u32;
                out.push(
                    fx(wx),
                    fx(wy),
                    total.min(u64::from(u32::MAX)) as u32,
                    m.id[i],
                );
            } else {
                out.push(m.x[i], m.y[i], m.n[i], m.id[i]);
                for &j in &neigh {
                    done[j] = true;
                    out.push(m.x[j], m.y[j], m.n[j], m.id[j]);
                }
            }
        }
        drop((visit, done, dir));
        // Sorting gathers each column into an exact-size one, so `out`'s spare capacity is
        // freed too.
        Level::sorted(out, self.bits(z), self.xs(z))
    }

    /// The options in use.
    pub fn options(&self) -> ClusterOptions {
        self.options
    }

    /// Number of indexed points (points with finite coordinates).
    pub fn len(&self) -> usize {
        self.indexed
    }

    /// Whether no point is indexed.
    pub fn is_empty(&self) -> bool {
        self.indexed == 0
    }

    /// Points inserted with [`ClusterIndex::insert`] since the last build or rebuild.
    pub fn inserted_since_build(&self) -> usize {
        self.inserted
    }

    /// Clusters and single points at `zoom` (floored; above `max_zoom` every point alone)
    /// whose centre lies in `bbox = [west, south, east, north]` (degrees; a box crossing
    /// the antimeridian has `west > east`; a box 360° wide is the whole world).
    pub fn clusters(&self, bbox: [f64; 4], zoom: f64) -> Vec<Cluster> {
        let top = u32::from(self.options.max_zoom) + 1;
        let z = if zoom.is_finite() {
            zoom.floor().clamp(0.0, f64::from(top)) as u32
        } else if zoom > 0.0 {
            top
        } else {
            0
        };
        let mut out = Vec::new();
        let Some(level) = self.levels.get(z as usize) else {
            return out;
        };
        let [w, s, e, n] = bbox;
        if [w, s, e, n].iter().any(|v| v.is_nan()) {
            return out;
        }
        let wrap = |l: f64| ((l + 180.0).rem_euclid(360.0)) - 180.0;
        let (s, n) = (s.clamp(-90.0, 90.0), n.clamp(-90.0, 90.0));
        let spans: Vec<(f64, f64)> = if e - w >= 360.0 {
            vec![(-180.0, 180.0)]
        } else {
            let (w2, e2) = (wrap(w), if e == 180.0 { 180.0 } else { wrap(e) });
            if w2 > e2 {
                vec![(w2, 180.0), (-180.0, e2)]
            } else {
                vec![(w2, e2)]
            }
        };
        for (west, east) in spans {
            let (Some((x0, y0)), Some((x1, y1))) = (project(n, west), project(s, east)) else {
                continue;
            };
            self.range(level, z, (x0, y0, x1, y1), &mut out);
        }
        out
    }

    fn range(
        &self,
        level: &Level,
        z: u32,
        (x0, y0, x1, y1): (u32, u32, u32, u32),
        out: &mut Vec<Cluster>,
    ) {
        if x0 > x1 || y0 > y1 {
            return;
        }
        let mut emit = |c: &Cols, i: usize| {
            let (x, y) = (c.x[i], c.y[i]);
            if (x0..=x1).contains(&x) && (y0..=y1).contains(&y) {
                let (lat, long) = unproject(x, y);
                let id = if c.n[i] == 1 {
                    u64::from(c.id[i])
                } else {
                    (1u64 << 63) | (u64::from(z) << 32) | u64::from(c.id[i])
                };
                out.push(Cluster {
                    lat,
                    long,
                    count: c.n[i],
                    id,
                });
            }
        };
        level.for_each_in_box((x0, y0, x1, y1), |i| emit(&level.main, i));
        for i in 0..level.extra.len() {
            emit(&level.extra, i);
        }
    }

    /// Adds one point (see the module documentation for the approximation made); returns
    /// its index (the next index after the build's input and earlier inserts), or `None`
    /// when its coordinates are not finite (the index is used up all the same).
    pub fn insert(&mut self, lat: f64, long: f64) -> Option<u32> {
        let id = self.next_id;
        self.next_id = self.next_id.saturating_add(1);
        let (x, y) = project(lat, long)?;
        let top = u32::from(self.options.max_zoom) + 1;
        for z in (0..=top).rev() {
            let r = self.radius_fp(z);
            let level = &mut self.levels[z as usize];
            if z == top {
                level.extra.push(x, y, 1, id);
            } else {
                add_to_nearest(level, x, y, id, r);
            }
            if level.extra.len() > COMPACT_AT {
                level.compact();
            }
        }
        self.indexed += 1;
        self.inserted += 1;
        Some(id)
    }

    /// Rebuilds every zoom from the points: afterwards the index equals a fresh
    /// [`ClusterIndex::build`] of all points (inserted ones included, by index).
    pub fn rebuild(&mut self) {
        let top = u32::from(self.options.max_zoom) as usize + 1;
        let Some(leaves) = self.levels.get_mut(top) else {
            return;
        };
        let mut leaves = std::mem::take(leaves);
        leaves.compact();
        // Restore input order so the result matches a fresh build exactly.
        let m = leaves.main;
        let mut order: Vec<usize> = (0..m.len()).collect();
        // std's sort on purpose: hot, over every complaint (STD_SORT_ALLOWED in tests/tidy.rs).
        #[allow(clippy::disallowed_methods)]
        order.sort_by_key(|&i| m.id[i]);
        let mut cols = Cols::with_capacity(m.len());
        for i in order {
            cols.push(m.x[i], m.y[i], m.n[i], m.id[i]);
        }
        self.build_levels(cols);
        self.inserted = 0;
    }
}

/// Counts a new point into the nearest entry of `level` within `r` (fixed-point units), or
/// adds it as a single entry.
fn add_to_nearest(level: &mut Level, x: u32, y: u32, id: u32, r: f64) {
    let ri = r.ceil().min(f64::from(u32::MAX)) as u32;
    let bbox = (
        x.saturating_sub(ri),
        y.saturating_sub(ri),
        x.saturating_add(ri),
        y.saturating_add(ri),
    );
    let d2 = |cx: u32, cy: u32| {
        let (dx, dy) = (f64::from(cx) - f64::from(x), f64::from(cy) - f64::from(y));
        dx * dx + dy * dy
    };
    let mut best: Option<(f64, bool, usize)> = None;
    level.for_each_in_box(bbox, |i| {
        let d = d2(level.main.x[i], level.main.y[i]);
        if d <= r * r && best.is_none_or(|b| d < b.0) {
            best = Some((d, true, i));
        }
    });
    for i in 0..level.extra.len() {
        let d = d2(level.extra.x[i], level.extra.y[i]);
        if d <= r * r && best.is_none_or(|b| d < b.0) {
            best = Some((d, false, i));
        }
    }
    match best {
        Some((_, true, i)) => level.main.n[i] = level.main.n[i].saturating_add(1),
        Some((_, false, i)) => level.extra.n[i] = level.extra.n[i].saturating_add(1),
        None => level.extra.push(x, y, 1, id),
    }
}

fn sanitize(o: ClusterOptions) -> ClusterOptions {
    let d = ClusterOptions::default();
    ClusterOptions {
        radius: if o.radius.is_finite() && o.radius > 0.0 {
            o.radius
        } else {
            d.radius
        },
        extent: if o.extent.is_finite() && o.extent > 0.0 {
            o.extent
        } else {
            d.extent
        },
        min_points: o.min_points.max(1),
        max_zoom: o.max_zoom.min(24),
    }
}

#[cfg(test)]
mod tests;
