//! A coverage layer cut to what a map view can show: the polygons meeting the visible box,
//! simplified to about one screen pixel at the view's zoom, with the ones too small to see
//! merged into pixel-grid blocks, and the whole answer held under a vertex cap.
//!
//! The server runs it for `GET /coverage/{layer}?bbox=&zoom=` (a region's tens of thousands of
//! polygons would otherwise freeze the page); the checks of the two parameters are here too,
//! so every backend and client reads them alike.
//!
//! Screen pixels are Web Mercator's at 256-pixel tiles, as Leaflet draws: at zoom `z` one pixel
//! spans `360 / (256 · 2^z)` degrees of longitude and that times `cos(lat)` of latitude.

use crate::simplify::{ring_area, simplify_ring, Ring};
use spotdesk_api::{field_codes as code, FieldError};
use std::collections::BTreeMap;

/// Highest zoom accepted (Leaflet's tile layers stop well before).
pub const MAX_ZOOM: f64 = 24.0;
/// Most positions (of every ring) in one answer with a zoom.
pub const MAX_VIEW_VERTICES: usize = 60_000;
/// A polygon whose box is under this many pixels both ways is merged into the pixel grid.
pub const SMALL_PX: f64 = 2.0;
/// Over the vertex cap, the size under which polygons are merged doubles up to this first.
pub const MAX_SMALL_PX: f64 = 32.0;
/// Side of a merge-grid block, in pixels.
pub const BLOCK_PX: f64 = 2.0;
/// How many times the merge size, then the tolerance, may double to get under the vertex cap.
const MAX_COARSENINGS: u32 = 16;

/// `west, south, east, north` in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewBox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl ViewBox {
    /// Whether a box given as `(min_lat, max_lat, min_long, max_long)` meets this one.
    pub fn meets(&self, (min_lat, max_lat, min_long, max_long): (f64, f64, f64, f64)) -> bool {
        max_lat >= self.south
            && min_lat <= self.north
            && max_long >= self.west
            && min_long <= self.east
    }
}

/// What a view asks for: either, both or neither.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct View {
    /// Only polygons meeting this box.
    pub bbox: Option<ViewBox>,
    /// Simplified for this zoom (and capped at [`MAX_VIEW_VERTICES`]).
    pub zoom: Option<f64>,
}

/// Reads `bbox=west,south,east,north` (degrees, west < east, south < north, no crossing of
/// the antimeridian) and `zoom` (0 ..= [`MAX_ZOOM`], fractions allowed). Every problem is a
/// field error (`invalid` when unreadable, `out_of_range` when outside those bounds).
pub fn parse_view(bbox: Option<&str>, zoom: Option<&str>) -> Result<View, Vec<FieldError>> {
    let mut errors = Vec::new();
    let bbox = bbox.and_then(|b| match parse_bbox(b) {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(e);
            None
        }
    });
    let zoom = zoom.and_then(|z| match parse_zoom(z) {
        Ok(v) => Some(v),
        Err(e) => {
            errors.push(e);
            None
        }
    });
    if errors.is_empty() {
        Ok(View { bbox, zoom })
    } else {
        Err(errors)
    }
}

fn parse_bbox(s: &str) -> Result<ViewBox, FieldError> {
    let nums: Vec<Option<f64>> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>().ok().filter(|v| v.is_finite()))
        .collect();
    let [Some(west), Some(south), Some(east), Some(north)] = nums[..] else {
        return Err(FieldError::new(
            "bbox",
            code::INVALID,
            "bbox must be four numbers: west,south,east,north",
        ));
    };
    let lon = |v: f64| (-180.0..=180.0).contains(&v);
    let lat = |v: f64| (-90.0..=90.0).contains(&v);
    if !(lon(west) && lon(east) && lat(south) && lat(north)) || west >= east || south >= north {
        return Err(FieldError::new(
            "bbox",
            code::OUT_OF_RANGE,
            "bbox needs -180 <= west < east <= 180 and -90 <= south < north <= 90",
        ));
    }
    Ok(ViewBox {
        west,
        south,
        east,
        north,
    })
}

fn parse_zoom(s: &str) -> Result<f64, FieldError> {
    let z: f64 = s
        .trim()
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| FieldError::new("zoom", code::INVALID, "zoom must be a number"))?;
    if !(0.0..=MAX_ZOOM).contains(&z) {
        return Err(FieldError::new(
            "zoom",
            code::OUT_OF_RANGE,
            "zoom must be between 0 and 24",
        ));
    }
    Ok(z)
}

/// One polygon of a layer: its rings (`[long, lat]`, the first the outer one) and quality.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub quality: f64,
    pub rings: Vec<Ring>,
}

impl Piece {
    /// `(min_lat, max_lat, min_long, max_long)` of the outer ring; `None` when it is empty.
    pub fn bounds(&self) -> Option<(f64, f64, f64, f64)> {
        self.rings.first()?.iter().fold(None, |acc, [lng, lat]| {
            Some(match acc {
                None => (*lat, *lat, *lng, *lng),
                Some((a, b, c, d)) => (a.min(*lat), b.max(*lat), c.min(*lng), d.max(*lng)),
            })
        })
    }

    /// Positions of every ring.
    pub fn vertices(&self) -> usize {
        self.rings.iter().map(Vec::len).sum()
    }
}

/// What [`for_view`] made of a layer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ViewPieces {
    /// The polygons to draw (simplified ones first, then merged blocks).
    pub pieces: Vec<Piece>,
    /// Polygons meeting the box, before simplification.
    pub polygons_in_box: usize,
    /// Polygons too small to see (or, over the cap, to matter), drawn as merged blocks instead.
    pub merged: usize,
    /// Size in pixels under which polygons were merged.
    pub small_px: f64,
    /// Tolerance used, in pixels (1 unless the cap made it coarser).
    pub tolerance_px: f64,
    /// Whether polygons were left out to stay under the cap (after every coarsening).
    pub truncated: bool,
}

impl ViewPieces {
    /// Positions of every ring of every piece.
    pub fn vertices(&self) -> usize {
        self.pieces.iter().map(Piece::vertices).sum()
    }
}

/// Degrees of longitude one screen pixel spans at `zoom`.
pub fn degrees_per_pixel(zoom: f64) -> f64 {
    360.0 / (256.0 * 2f64.powf(zoom))
}

/// Web Mercator pixel `y` of a latitude at `zoom` (0 at the top, latitude clamped to the
/// projection's ±85.05°).
fn mercator_y(lat: f64, zoom: f64) -> f64 {
    let phi = lat.clamp(-85.051_128, 85.051_128).to_radians();
    let world = 256.0 * 2f64.powf(zoom);
    (1.0 - (phi.tan() + 1.0 / phi.cos()).ln() / std::f64::consts::PI) / 2.0 * world
}

/// The latitude at Web Mercator pixel `y` at `zoom`.
fn mercator_lat(y: f64, zoom: f64) -> f64 {
    let world = 256.0 * 2f64.powf(zoom);
    let n = std::f64::consts::PI * (1.0 - 2.0 * y / world);
    n.sinh().atan().to_degrees()
}

/// The polygons of `pieces` that `view` shows, as [`ViewPieces`]. Without a zoom they are
/// only filtered by the box (unchanged otherwise, no cap); with one, each is simplified to
/// about a pixel (`simplify_ring` in pixel coordinates: holes that vanish are dropped, a
/// polygon whose outer ring vanishes or whose box is under [`SMALL_PX`] pixels is merged
/// into a [`BLOCK_PX`] grid of blocks carrying the best quality they hold, neighbours of
/// equal quality in a row joined). While the answer holds more than `max_vertices`
/// positions, first the size under which polygons are merged doubles (up to
/// [`MAX_SMALL_PX`]: a region of thousands of cells a few pixels wide becomes a fine raster),
/// then the tolerance and the blocks. Positions are rounded to a tenth of a pixel's degrees.
pub fn for_view(pieces: &[Piece], view: &View, max_vertices: usize) -> ViewPieces {
    let visible: Vec<&Piece> = pieces
        .iter()
        .filter(|p| match (view.bbox, p.bounds()) {
            (Some(b), Some(bounds)) => b.meets(bounds),
            (None, Some(_)) => true,
            (_, None) => false,
        })
        .collect();
    let Some(zoom) = view.zoom else {
        return ViewPieces {
            polygons_in_box: visible.len(),
            pieces: visible.into_iter().cloned().collect(),
            tolerance_px: 0.0,
            ..Default::default()
        };
    };
    let (mut scale, mut small) = (1.0, SMALL_PX);
    for _ in 0..MAX_COARSENINGS {
        let out = at_scale(&visible, zoom, scale, small);
        if out.vertices() <= max_vertices {
            return out;
        }
        if small < MAX_SMALL_PX {
            small *= 2.0;
        } else {
            scale *= 2.0;
        }
    }
    let mut out = at_scale(&visible, zoom, scale, small);
    let mut total = 0;
    out.pieces.retain(|p| {
        total += p.vertices();
        total <= max_vertices
    });
    out.truncated = true;
    out
}

/// [`for_view`] at a tolerance of `scale` pixels, merging polygons under `small_px` pixels
/// (or under the blocks' size, whichever is larger).
fn at_scale(visible: &[&Piece], zoom: f64, scale: f64, small_px: f64) -> ViewPieces {
    let small_px = small_px.max(SMALL_PX * scale);
    let dpp = degrees_per_pixel(zoom);
    let round = rounder(dpp * scale / 10.0);
    let mut pieces = Vec::new();
    // Block (column, row) in Web Mercator pixels / block side -> best quality.
    let mut blocks: BTreeMap<(i64, i64), f64> = BTreeMap::new();
    let block = BLOCK_PX * scale;
    let mut merged = 0;
    for p in visible {
        let Some((min_lat, max_lat, min_long, max_long)) = p.bounds() else {
            continue;
        };
        let mid_lat = (min_lat + max_lat) / 2.0;
        // Pixels per degree here: longitude everywhere, latitude shrunk by cos(lat).
        let kx = 1.0 / dpp;
        let ky = 1.0 / (dpp * mid_lat.to_radians().cos().max(1e-6));
        let small = (max_long - min_long) * kx < small_px && (max_lat - min_lat) * ky < small_px;
        let simplified = if small {
            None
        } else {
            simplify_piece(p, kx, ky, scale, &round)
        };
        match simplified {
            Some(s) => pieces.push(s),
            None => {
                merged += 1;
                let cx = ((min_long + max_long) / 2.0 + 180.0) * kx;
                let cy = mercator_y(mid_lat, zoom);
                let key = ((cy / block).floor() as i64, (cx / block).floor() as i64);
                let q = blocks.entry(key).or_insert(p.quality);
                *q = q.max(p.quality);
            }
        }
    }
    pieces.extend(block_runs(&blocks, block, dpp, zoom, &round));
    ViewPieces {
        pieces,
        polygons_in_box: visible.len(),
        merged,
        small_px,
        tolerance_px: scale,
        truncated: false,
    }
}

/// A piece simplified in pixel coordinates; `None` when its outer ring vanishes.
fn simplify_piece(
    p: &Piece,
    kx: f64,
    ky: f64,
    tolerance: f64,
    round: &dyn Fn(f64) -> f64,
) -> Option<Piece> {
    let mut rings = Vec::with_capacity(p.rings.len());
    for (i, ring) in p.rings.iter().enumerate() {
        let px: Ring = ring.iter().map(|[x, y]| [x * kx, y * ky]).collect();
        match simplify_ring(&px, tolerance) {
            Some(s) => {
                let mut back: Ring = Vec::with_capacity(s.len());
                for [x, y] in s {
                    let q = [round(x / kx), round(y / ky)];
                    if back.last() != Some(&q) {
                        back.push(q);
                    }
                }
                if back.len() >= 4 && ring_area(&back) > 0.0 {
                    rings.push(back);
                } else if i == 0 {
                    return None;
                }
            }
            None if i == 0 => return None,
            None => {}
        }
    }
    Some(Piece {
        quality: p.quality,
        rings,
    })
}

/// Rounds to the power of ten at or below `step` degrees (at least a micro-degree).
fn rounder(step: f64) -> impl Fn(f64) -> f64 {
    let decimals = (-step.max(1e-6).log10()).ceil().clamp(0.0, 6.0) as i32;
    let f = 10f64.powi(decimals);
    move |v: f64| (v * f).round() / f
}

/// The merge blocks as rectangles, neighbours in a row with equal quality joined.
fn block_runs(
    blocks: &BTreeMap<(i64, i64), f64>,
    block: f64,
    dpp: f64,
    zoom: f64,
    round: &dyn Fn(f64) -> f64,
) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut run: Option<(i64, i64, i64, f64)> = None; // row, first column, last column, quality
    let flush = |r: (i64, i64, i64, f64), out: &mut Vec<Piece>| {
        let (row, c0, c1, quality) = r;
        let west = round(c0 as f64 * block * dpp - 180.0);
        let east = round((c1 + 1) as f64 * block * dpp - 180.0);
        let north = round(mercator_lat(row as f64 * block, zoom));
        let south = round(mercator_lat((row + 1) as f64 * block, zoom));
        out.push(Piece {
            quality,
            rings: vec![vec![
                [west, south],
                [east, south],
                [east, north],
                [west, north],
                [west, south],
            ]],
        });
    };
    for (&(row, col), &q) in blocks {
        run = match run {
            Some((r, c0, c1, rq)) if r == row && c1 + 1 == col && rq == q => Some((r, c0, col, q)),
            Some(prev) => {
                flush(prev, &mut out);
                Some((row, col, col, q))
            }
            None => Some((row, col, col, q)),
        };
    }
    if let Some(prev) = run {
        flush(prev, &mut out);
    }
    out
}

#[cfg(test)]
mod tests;
