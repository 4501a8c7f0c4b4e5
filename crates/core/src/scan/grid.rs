//! The scan's square cells and the dense rectangle of them a run works on.

/// Metres per degree of latitude.
const M_PER_DEG: f64 = 111_195.0;

/// Square cells of `cell_m` metres: rows by latitude, columns by longitude scaled by the
/// cosine of a fixed reference latitude (a whole degree, taken from the first complaint),
/// so every client that saw the same first complaint computes the same cells.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cells {
    /// Cell side in metres.
    pub cell_m: f64,
    /// `cos` of the reference latitude.
    pub col_scale: f64,
}

impl Cells {
    /// Cells of `cell_m` metres for a service area near latitude `lat`.
    pub fn new(cell_m: f64, lat: f64) -> Self {
        let cell_m = if cell_m.is_finite() {
            cell_m.clamp(50.0, 5000.0)
        } else {
            250.0
        };
        let col_scale = lat.round().clamp(-85.0, 85.0).to_radians().cos();
        Self { cell_m, col_scale }
    }

    /// `(row, col)` of a point.
    pub fn cell(&self, lat: f64, long: f64) -> (i32, i32) {
        let row = (lat * M_PER_DEG / self.cell_m).floor();
        let col = (long * M_PER_DEG * self.col_scale / self.cell_m).floor();
        (row.clamp(-1e9, 1e9) as i32, col.clamp(-1e9, 1e9) as i32)
    }

    /// Centre `(lat, long)` of a cell.
    pub fn center(&self, row: i32, col: i32) -> (f64, f64) {
        let lat = (f64::from(row) + 0.5) * self.cell_m / M_PER_DEG;
        let long = (f64::from(col) + 0.5) * self.cell_m / (M_PER_DEG * self.col_scale);
        (lat, long)
    }
}

/// A dense rectangle of cells, rows `row0..row0 + rows`, columns `col0..col0 + cols`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rect {
    /// First row.
    pub row0: i32,
    /// First column.
    pub col0: i32,
    /// Number of rows.
    pub rows: usize,
    /// Number of columns.
    pub cols: usize,
}

impl Rect {
    /// The smallest rectangle holding every cell of `cells`, widened by `margin` cells.
    pub fn around(cells: impl Iterator<Item = (i32, i32)>, margin: i32) -> Option<Self> {
        let (mut r0, mut r1, mut c0, mut c1) = (i32::MAX, i32::MIN, i32::MAX, i32::MIN);
        for (r, c) in cells {
            r0 = r0.min(r);
            r1 = r1.max(r);
            c0 = c0.min(c);
            c1 = c1.max(c);
        }
        if r0 > r1 {
            return None;
        }
        let (r0, c0) = (r0.saturating_sub(margin), c0.saturating_sub(margin));
        let (r1, c1) = (r1.saturating_add(margin), c1.saturating_add(margin));
        Some(Self {
            row0: r0,
            col0: c0,
            rows: usize::try_from(i64::from(r1) - i64::from(r0) + 1).unwrap_or(0),
            cols: usize::try_from(i64::from(c1) - i64::from(c0) + 1).unwrap_or(0),
        })
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.rows * self.cols
    }

    /// Whether the rectangle has no cells.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Dense index of a cell, `None` outside.
    pub fn index(&self, row: i32, col: i32) -> Option<usize> {
        let r = usize::try_from(i64::from(row) - i64::from(self.row0)).ok()?;
        let c = usize::try_from(i64::from(col) - i64::from(self.col0)).ok()?;
        (r < self.rows && c < self.cols).then_some(r * self.cols + c)
    }

    /// Whether `other` lies inside.
    pub fn contains(&self, other: &Rect) -> bool {
        other.row0 >= self.row0
            && other.col0 >= self.col0
            && i64::from(other.row0) + other.rows as i64 <= i64::from(self.row0) + self.rows as i64
            && i64::from(other.col0) + other.cols as i64 <= i64::from(self.col0) + self.cols as i64
    }
}

/// A summed-area table over a dense rectangle: sums over any square in O(1).
#[derive(Debug, Clone, Default)]
pub struct Summed {
    rows: usize,
    cols: usize,
    sums: Vec<f64>,
}

impl Summed {
    /// Builds the table of `values` (row-major, `rows × cols`).
    pub fn build(&mut self, values: &[f64], rows: usize, cols: usize) {
        self.rows = rows;
        self.cols = cols;
        self.sums.clear();
        self.sums.resize((rows + 1) * (cols + 1), 0.0);
        let w = cols + 1;
        for r in 0..rows {
            let mut run = 0.0;
            for c in 0..cols {
                run += values[r * cols + c];
                self.sums[(r + 1) * w + c + 1] = self.sums[r * w + c + 1] + run;
            }
        }
    }

    /// Sum over rows `r - k ..= r + k`, columns `c - k ..= c + k` (clipped to the table).
    pub fn square(&self, r: usize, c: usize, k: usize) -> f64 {
        let r0 = r.saturating_sub(k);
        let c0 = c.saturating_sub(k);
        let r1 = (r + k + 1).min(self.rows);
        let c1 = (c + k + 1).min(self.cols);
        let w = self.cols + 1;
        self.sums[r1 * w + c1] - self.sums[r0 * w + c1] - self.sums[r1 * w + c0]
            + self.sums[r0 * w + c0]
    }

    /// Sum of everything.
    pub fn total(&self) -> f64 {
        self.sums.last().copied().unwrap_or(0.0)
    }
}
