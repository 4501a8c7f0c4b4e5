//! Many filled polygons (a coverage layer's view) drawn by one canvas renderer in a pane of
//! their own below the other shapes: tens of thousands of SVG paths would be slow to draw
//! and to pan. They are not interactive (clicks reach the shapes and the map) and carry no
//! text.

use leaflet::{Canvas, CanvasOptions, Layer, LayerGroup, Map, Polygon, PolylineOptions};
use wasm_bindgen::{JsCast, JsValue};

/// The pane, between the tiles (200) and the overlay pane (400) of the other shapes.
const PANE: &str = "spotdesk-areas";
const PANE_Z: &str = "350";

/// One filled polygon: rings of `[long, lat]` (the first the outer one, holes after).
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub rings: Vec<Vec<[f64; 2]>>,
    pub color: &'static str,
}

/// Polygons drawn alike.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Areas {
    pub items: Vec<Area>,
    /// 0..=1.
    pub fill_opacity: f64,
}

/// The canvas renderer of a map's areas, creating their pane on first use.
pub fn renderer(map: &Map) -> Canvas {
    let pane = map.create_pane_by_name(PANE);
    let _ = pane.style().set_property("z-index", PANE_Z);
    let o = CanvasOptions::new();
    o.set_pane(PANE.to_owned());
    Canvas::with_options(&o)
}

/// A layer group of `areas`, drawn by `renderer`, added to `map`.
pub fn draw(map: &Map, renderer: &Canvas, areas: &Areas) -> LayerGroup {
    let group = LayerGroup::new();
    for a in &areas.items {
        let rings: js_sys::Array = a
            .rings
            .iter()
            .map(|ring| JsValue::from(super::latlngs(ring)))
            .collect();
        let o = PolylineOptions::new();
        o.set_stroke(false);
        o.set_fill_color(a.color.to_owned());
        o.set_fill_opacity(areas.fill_opacity);
        o.set_interactive(false);
        o.set_renderer(renderer.clone().into());
        let p: Layer = Polygon::new_with_options(&rings, &o).unchecked_into();
        group.add_layer(&p);
    }
    group.add_to(map);
    group
}
