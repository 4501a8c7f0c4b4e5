//! The complaint heat layer: the core crate's [`HeatGrid`] for the visible box, painted one
//! pixel per grid cell on an off-screen canvas and laid over the map as an image (Leaflet
//! stretches it smoothly), so 100 000+ complaints cost one image, not one layer each.

use crate::components::map::{MapView, Overlay};
use spotdesk_core::cluster::unproject;
use spotdesk_core::complaint::ComplaintSet;
use spotdesk_core::heat::{HeatGrid, HeatView};

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
/// Colour of a normalised intensity 0..=1: transparent → yellow → orange → red.
pub fn ramp(v: f32) -> [u8; 4] {
    let v = if v.is_finite() {
        v.clamp(0.0, 1.0)
    } else {
        0.0
    };
    if v < 0.02 {
        return [0, 0, 0, 0];
    }
    let (r, g, b) = if v < 0.5 {
        let t = v / 0.5;
        (255.0, 235.0 - 90.0 * t, 60.0 - 40.0 * t)
    } else {
        let t = (v - 0.5) / 0.5;
        (255.0 - 55.0 * t, 145.0 - 125.0 * t, 20.0)
    };
    let a = 60.0 + 170.0 * v.sqrt();
    [r as u8, g as u8, b as u8, a as u8]
}

/// `[west, south, east, north]` of a grid computed for `zoom`.
pub fn grid_bbox(g: &HeatGrid, zoom: f64) -> [f64; 4] {
    let world_px = 256.0 * 2f64.powf(zoom);
    let to_fixed = |px: f64| ((px / world_px).clamp(0.0, 1.0) * 4_294_967_295.0) as u32;
    let (x0, y0) = (g.origin_x, g.origin_y);
    let x1 = x0 + g.cols as f64 * g.cell_px;
    let y1 = y0 + g.rows as f64 * g.cell_px;
    let (north, west) = unproject(to_fixed(x0), to_fixed(y0));
    let (south, east) = unproject(to_fixed(x1), to_fixed(y1));
    [west, south, east, north]
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
/// RGBA pixels of a grid, one per cell, row 0 at the north.
pub fn pixels(g: &HeatGrid) -> Vec<u8> {
    let max = if g.max > 0.0 { g.max } else { 1.0 };
    g.values.iter().flat_map(|&v| ramp(v / max)).collect()
}

/// The heat of the complaints with index in `range` for a view, as an overlay; `None` when
/// nothing is visible (or off the browser).
pub fn heat_overlay(set: &ComplaintSet, range: (usize, usize), view: MapView) -> Option<Overlay> {
    let (lo, hi) = range;
    let hv = HeatView::new(view.bbox, view.zoom);
    let points = (lo..hi).map(|i| (f64::from(set.lat()[i]), f64::from(set.long()[i]), 1.0));
    let grid = HeatGrid::compute(&hv, points);
    if grid.max <= 0.0 || grid.cols == 0 || grid.rows == 0 {
        return None;
    }
    let url = paint(&grid)?;
    Some(Overlay {
        url,
        bbox: grid_bbox(&grid, view.zoom),
        opacity: 0.85,
    })
}

/// A PNG `data:` URL of the grid, drawn on an off-screen canvas.
#[cfg(target_arch = "wasm32")]
fn paint(g: &HeatGrid) -> Option<String> {
    use wasm_bindgen::{Clamped, JsCast};
    let doc = web_sys::window()?.document()?;
    let canvas: web_sys::HtmlCanvasElement = doc.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(g.cols as u32);
    canvas.set_height(g.rows as u32);
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let data = pixels(g);
    let image = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
        Clamped(&data),
        g.cols as u32,
        g.rows as u32,
    )
    .ok()?;
    ctx.put_image_data(&image, 0.0, 0.0).ok()?;
    canvas.to_data_url().ok()
}

/// Natively (tests) there is no canvas.
#[cfg(not(target_arch = "wasm32"))]
fn paint(_: &HeatGrid) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramp_is_transparent_at_zero_and_opaque_red_at_one() {
        assert_eq!(ramp(0.0)[3], 0);
        assert_eq!(ramp(f32::NAN)[3], 0);
        let hot = ramp(1.0);
        assert!(hot[0] > 150 && hot[1] < 60 && hot[3] > 200, "{hot:?}");
        assert!(ramp(0.3)[3] < ramp(0.9)[3]);
    }

    #[test]
    fn grid_box_covers_the_view() {
        let view = HeatView::new([43.9, 56.2, 44.1, 56.4], 12.0);
        let g = HeatGrid::compute(&view, [(56.3, 44.0, 1.0)]);
        let [w, s, e, n] = grid_bbox(&g, 12.0);
        assert!(w <= 43.9 + 1e-3 && e >= 44.1 - 1e-3, "{w} {e}");
        assert!(s <= 56.2 + 1e-3 && n >= 56.4 - 1e-3, "{s} {n}");
        assert_eq!(pixels(&g).len(), g.cols * g.rows * 4);
    }
}
