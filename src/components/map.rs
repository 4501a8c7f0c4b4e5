//! A Leaflet map (through the `leaflet` crate) drawing plain Rust [`Shape`]s.
//!
//! Popups are DOM nodes whose text is set with `textContent`, never HTML strings, so data
//! from the server cannot inject markup. Works without a tile layer: the container's CSS
//! background shows instead. Many filled polygons without text (a coverage layer) go through
//! [`areas`] instead of [`Shape`]s: one canvas, redrawn only when they change.

pub mod areas;
pub mod plan;

use areas::Areas;

use leaflet::{
    CircleMarker, Evented, ImageOverlay, ImageOverlayOptions, LatLng, LatLngBounds, Layer,
    LayerGroup, Map, MapOptions, PathOptions, Polygon, PolylineOptions, TileLayer,
    TileLayerOptions,
};
use leptos::html::Div;
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// What the map shows: `bbox = [west, south, east, north]` degrees and the zoom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapView {
    pub bbox: [f64; 4],
    pub zoom: f64,
}

/// An image stretched over a box (e.g. a heat layer painted on a canvas).
#[derive(Debug, Clone, PartialEq)]
pub struct Overlay {
    /// Image URL (a `data:` URL is allowed by the CSP).
    pub url: String,
    /// `[west, south, east, north]` degrees.
    pub bbox: [f64; 4],
    /// 0..=1.
    pub opacity: f64,
}

/// JS property carrying a shape's key on its layer, read by the shared click handler.
const KEY_PROP: &str = "__spotdeskKey";

/// Something to draw. Coordinates follow GeoJSON order where noted.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A filled polygon; `ring` holds `[long, lat]` pairs.
    Area {
        key: String,
        ring: Vec<[f64; 2]>,
        color: &'static str,
        fill_opacity: f64,
        popup: Vec<String>,
    },
    /// A circle of `radius` pixels at a point.
    Dot {
        key: String,
        lat: f64,
        long: f64,
        radius: f64,
        color: &'static str,
        popup: Vec<String>,
    },
}

impl Shape {
    fn key(&self) -> &str {
        match self {
            Shape::Area { key, .. } | Shape::Dot { key, .. } => key,
        }
    }

    /// `(min_lat, min_long, max_lat, max_long)` of the shape.
    fn bounds(&self) -> Option<(f64, f64, f64, f64)> {
        match self {
            Shape::Area { ring, .. } => ring_bounds(ring),
            Shape::Dot { lat, long, .. } => Some((*lat, *long, *lat, *long)),
        }
    }
}

/// `(min_lat, min_long, max_lat, max_long)` of a ring of `[long, lat]`; `None` when empty.
fn ring_bounds(ring: &[[f64; 2]]) -> Option<(f64, f64, f64, f64)> {
    ring.iter()
        .fold(None, |acc, [lng, lat]| Some(extend(acc, *lat, *lng)))
}

/// A Leaflet array of `LatLng` from `[long, lat]` positions (GeoJSON order).
fn latlngs(positions: &[[f64; 2]]) -> js_sys::Array {
    positions
        .iter()
        .map(|[lng, lat]| JsValue::from(LatLng::new(*lat, *lng)))
        .collect()
}

fn extend(acc: Option<(f64, f64, f64, f64)>, lat: f64, lng: f64) -> (f64, f64, f64, f64) {
    match acc {
        None => (lat, lng, lat, lng),
        Some((a, b, c, d)) => (a.min(lat), b.min(lng), c.max(lat), d.max(lng)),
    }
}

/// Where the map looks before any data arrives (Moscow).
pub const DEFAULT_CENTER: (f64, f64) = (55.75, 37.62);

/// An interactive map. `focus` names the key of a shape to pan to and open.
#[component]
pub fn LeafletMap(
    #[prop(into)] shapes: Signal<Vec<Shape>>,
    #[prop(into)] focus: Signal<Option<String>>,
    /// Tile URL template from `config.json`; `None` = no base map.
    tile_url: Option<String>,
    tile_attribution: Option<String>,
    /// Accessible name of the map region.
    #[prop(into)]
    label: Signal<&'static str>,
    /// With a zoom level, focusing a shape also zooms there (and re-focuses whenever the
    /// shapes change); without, focusing only pans.
    #[prop(optional)]
    focus_zoom: Option<f64>,
    /// Called with the visible box and zoom after every move or zoom (and once at start).
    #[prop(optional)]
    on_view: Option<Callback<MapView>>,
    /// Called with a shape's key when it is clicked.
    #[prop(optional)]
    on_select: Option<Callback<String>>,
    /// An image over the map (drawn below the shapes' popups, above the tiles).
    #[prop(optional)]
    overlay: Option<Signal<Option<Overlay>>>,
    /// Where the map first looks: `(lat, long, zoom)`; default a city-wide view of Moscow.
    #[prop(optional)]
    start: Option<(f64, f64, f64)>,
    /// Never fit the view to the shapes (a picking map: the view stays where the user put
    /// it; without tiles Leaflet has no zoom limit, and fitting a single point breaks it).
    #[prop(optional)]
    keep_view: bool,
    /// Called with `(lat, long)` of every click on the map (also on a shape).
    #[prop(optional)]
    on_click: Option<Callback<(f64, f64)>>,
    /// Filled polygons drawn below the shapes on one canvas; the previous ones stay until
    /// the next arrive.
    #[prop(optional)]
    areas: Option<Signal<Option<Arc<Areas>>>>,
    /// `[west, south, east, north]` the first fit also takes in (e.g. where the areas are):
    /// `None` while not known yet (the first fit waits for it), `Some(None)` when there is none.
    #[prop(optional)]
    fit_hint: Option<Signal<Option<Option<[f64; 4]>>>>,
    /// The street plan drawn as the base (for maps without tiles); when the map looks at
    /// a place outside the plan's outline, it moves to the outline once.
    #[prop(optional)]
    plan: Option<Signal<Option<Arc<spotdesk_api::StreetPlan>>>>,
) -> impl IntoView {
    let node = NodeRef::<Div>::new();
    let map: StoredValue<Option<(Map, LayerGroup)>, LocalStorage> = StoredValue::new_local(None);
    let drawn: StoredValue<Vec<(String, Layer)>, LocalStorage> = StoredValue::new_local(Vec::new());
    let fitted = StoredValue::new(false);
    let image: StoredValue<Option<ImageOverlay>, LocalStorage> = StoredValue::new_local(None);
    // The areas' canvas renderer (made once) and what it draws now.
    let area_layer: StoredValue<(Option<leaflet::Canvas>, Option<LayerGroup>), LocalStorage> =
        StoredValue::new_local((None, None));
    // One click handler for every shape: it reads the key stored on the clicked layer.
    let click: StoredValue<Option<js_sys::Function>, LocalStorage> =
        StoredValue::new_local(on_select.map(|cb| {
            Closure::<dyn Fn(JsValue)>::new(move |ev: JsValue| {
                let key = js_sys::Reflect::get(&ev, &"target".into())
                    .and_then(|t| js_sys::Reflect::get(&t, &KEY_PROP.into()))
                    .ok()
                    .and_then(|k| k.as_string());
                if let Some(k) = key {
                    cb.run(k);
                }
            })
            .into_js_value()
            .unchecked_into()
        }));

    Effect::new(move |_| {
        let Some(el) = node.get() else { return };
        if map.with_value(|m| m.is_none()) {
            let Ok(m) = Map::new_with_element(&el, &map_options()) else {
                return;
            };
            // The zoom, for people's tests and for CSS (e.g. which street names show).
            let mz = m.clone();
            let zoomed = Closure::<dyn Fn(JsValue)>::new(move |_| {
                let _ = mz
                    .get_container()
                    .set_attribute("data-zoom", &mz.get_zoom().to_string());
            });
            m.unchecked_ref::<Evented>()
                .on("zoomend", zoomed.as_ref().unchecked_ref());
            zoomed.forget();
            let (lat, long, zoom) = start.unwrap_or((DEFAULT_CENTER.0, DEFAULT_CENTER.1, 10.0));
            m.set_view(&LatLng::new(lat, long), zoom);
            if let Some(url) = &tile_url {
                let opts = TileLayerOptions::new();
                if let Some(a) = &tile_attribution {
                    opts.set_attribution(a.clone());
                }
                TileLayer::new_options(url, &opts).add_to(&m);
            }
            let group = LayerGroup::new();
            group.add_to(&m);
            if let Some(cb) = on_click {
                let clicked = Closure::<dyn Fn(JsValue)>::new(move |ev: JsValue| {
                    let at = js_sys::Reflect::get(&ev, &"latlng".into()).ok();
                    let coord = |name: &str| {
                        at.as_ref()
                            .and_then(|l| js_sys::Reflect::get(l, &name.into()).ok())
                            .and_then(|v| v.as_f64())
                    };
                    if let (Some(lat), Some(lng)) = (coord("lat"), coord("lng")) {
                        cb.run((lat, lng));
                    }
                });
                m.unchecked_ref::<Evented>()
                    .on("click", clicked.as_ref().unchecked_ref());
                clicked.forget();
            }
            if let Some(cb) = on_view {
                let mm = m.clone();
                let report = Closure::<dyn Fn(JsValue)>::new(move |_| cb.run(view_of(&mm)));
                m.unchecked_ref::<Evented>()
                    .on("moveend", report.as_ref().unchecked_ref());
                report.forget();
                cb.run(view_of(&m));
            }
            map.set_value(Some((m, group)));
        }
        let shapes = shapes.get();
        let hint = fit_hint.map(|h| h.get());
        let hint_pending = matches!(hint, Some(None));
        let hint = hint.flatten().flatten();
        map.with_value(|m| {
            let Some((m, group)) = m else { return };
            group.clear_layers();
            let handler = click.with_value(Clone::clone);
            let layers: Vec<(String, Layer)> = shapes
                .iter()
                .map(|s| {
                    let layer = draw(s);
                    if let Some(f) = &handler {
                        let _ = js_sys::Reflect::set(&layer, &KEY_PROP.into(), &s.key().into());
                        layer.unchecked_ref::<Evented>().on("click", f);
                    }
                    (s.key().to_owned(), layer)
                })
                .collect();
            for (_, l) in &layers {
                group.add_layer(l);
            }
            drawn.set_value(layers);
            if !keep_view && !fitted.get_value() && !hint_pending {
                let hinted = hint.map(|[w, s, e, n]| (s, w, n, e));
                if let Some((a, b, c, d)) = shapes
                    .iter()
                    .filter_map(Shape::bounds)
                    .chain(hinted)
                    .reduce(|x, y| {
                        let e = extend(Some(x), y.0, y.1);
                        extend(Some(e), y.2, y.3)
                    })
                {
                    // The container may have got its size after the map was created (e.g.
                    // a map in a form section that just opened): measure it again first.
                    m.invalidate_size(false);
                    m.fit_bounds_with_options(
                        &LatLngBounds::new(&LatLng::new(a, b), &LatLng::new(c, d)),
                        &no_animation(),
                    );
                    fitted.set_value(true);
                }
            }
        });
    });

    Effect::new(move |_| {
        let Some(areas) = areas else { return };
        let next = areas.get();
        let _ = map.try_with_value(|m| {
            let Some((m, _)) = m else { return };
            area_layer.update_value(|(renderer, drawn)| {
                let r = renderer.get_or_insert_with(|| areas::renderer(m));
                // The new ones drawn first, then the old removed: no blank frame between.
                let new = next.map(|a| areas::draw(m, r, &a));
                if let Some(old) = drawn.take() {
                    old.remove();
                }
                *drawn = new;
            });
        });
    });

    let plan_layer: StoredValue<Option<LayerGroup>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        let Some(next) = plan.and_then(|p| p.get()) else {
            return;
        };
        let _ = map.try_with_value(|m| {
            let Some((m, _)) = m else { return };
            plan_layer.update_value(|old| {
                if let Some(o) = old.take() {
                    o.remove();
                } else {
                    // First drawing: names are sorted out again after every move (a zoom ends
                    // with one too) and resize.
                    let mm = m.clone();
                    let again = Closure::<dyn Fn(JsValue)>::new(move |_| plan::declutter(&mm));
                    m.unchecked_ref::<Evented>()
                        .on("moveend resize", again.as_ref().unchecked_ref());
                    again.forget();
                    look_at_plan(m, &next);
                }
                *old = Some(plan::draw(m, &next));
                plan::declutter(m);
            });
        });
    });

    Effect::new(move |_| {
        let Some(overlay) = overlay else { return };
        let next = overlay.get();
        let _ = map.try_with_value(|m| {
            let Some((m, _)) = m else { return };
            image.update_value(|old| {
                if let Some(o) = old.take() {
                    o.remove();
                }
                if let Some(o) = next {
                    let [w, s, e, n] = o.bbox;
                    let opts = ImageOverlayOptions::new();
                    opts.set_opacity(o.opacity);
                    opts.set_interactive(false);
                    let layer = ImageOverlay::new_with_options(
                        &o.url,
                        &LatLngBounds::new(&LatLng::new(s, w), &LatLng::new(n, e)),
                        &opts,
                    );
                    layer.add_to(m);
                    *old = Some(layer);
                }
            });
        });
    });

    Effect::new(move |_| {
        let Some(key) = focus.get() else { return };
        if focus_zoom.is_some() {
            shapes.track();
        }
        // After the drawing effect has run for the same change.
        request_animation_frame(move || {
            let hit = drawn
                .try_with_value(|d| d.iter().find(|(k, _)| *k == key).map(|(_, l)| l.clone()))
                .flatten();
            let _ = map.try_with_value(|m| {
                if let (Some((m, _)), Some(layer)) = (m, hit) {
                    if let Some(center) = center_of(&layer) {
                        match focus_zoom {
                            Some(z) => {
                                m.set_view_with_options(&center, z, &no_animation());
                            }
                            None => {
                                m.pan_to_with_options(&center, &no_animation());
                            }
                        }
                    }
                    if focus_zoom.is_none() {
                        layer.open_popup();
                    }
                }
            });
        });
    });

    on_cleanup(move || {
        let _ = map.try_with_value(|m| {
            if let Some((m, _)) = m {
                // Stop running pan animations first: removing mid-animation makes Leaflet
                // throw from its animation frame (`_leaflet_pos` of undefined).
                m.stop();
                m.remove();
            }
        });
    });

    view! { <div class="map" node_ref=node role="region" aria-label=move || label.get() data-testid="map"></div> }
}

/// Moves the map to the plan's outline when it looks at a place outside it (e.g. the
/// configured centre is another city's).
fn look_at_plan(m: &Map, plan: &spotdesk_api::StreetPlan) {
    let ring = &plan.outline.ring;
    if ring.len() < 3 {
        return;
    }
    let c = m.get_center();
    if spotdesk_core::geo::point_in_polygon(c.lat(), c.lng(), &plan.outline) {
        return;
    }
    if let Some((a, b, cc, d)) = ring_bounds(ring) {
        m.fit_bounds_with_options(
            &LatLngBounds::new(&LatLng::new(a, b), &LatLng::new(cc, d)),
            &no_animation(),
        );
    }
}

/// The visible box and zoom of a map.
fn view_of(m: &Map) -> MapView {
    let b = m.get_bounds();
    let (sw, ne) = (b.get_south_west(), b.get_north_east());
    MapView {
        bbox: [sw.lng(), sw.lat(), ne.lng(), ne.lat()],
        zoom: m.get_zoom(),
    }
}

/// Lowest and highest zoom of every map: a city region to a house. Without tiles Leaflet has
/// no limits of its own, so one strong pinch could fly to zoom 30 or out to the whole globe.
pub const MIN_ZOOM: f64 = 5.0;
pub const MAX_ZOOM: f64 = 19.0;

/// The options every map starts with: bounded zoom, and a trackpad pinch (which browsers send
/// as wheel events with big deltas) that moves about one level per gesture instead of several.
fn map_options() -> MapOptions {
    let o = MapOptions::new();
    o.set_min_zoom(MIN_ZOOM);
    o.set_max_zoom(MAX_ZOOM);
    o.set_wheel_px_per_zoom_level(120.0);
    o.set_bounce_at_zoom_limits(false);
    o
}

/// `{animate: false}`: jumps instead of animating, so a page change never races an animation.
fn no_animation() -> JsValue {
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"animate".into(), &false.into());
    o.into()
}

/// A Leaflet layer for a shape, with its popup bound.
fn draw(s: &Shape) -> Layer {
    let (layer, lines): (Layer, &Vec<String>) = match s {
        Shape::Area {
            ring,
            color,
            fill_opacity,
            popup,
            ..
        } => {
            let o = PolylineOptions::new();
            o.set_color((*color).to_owned());
            o.set_fill_color((*color).to_owned());
            o.set_fill_opacity(*fill_opacity);
            o.set_weight(1.0);
            (
                Polygon::new_with_options(&latlngs(ring), &o).unchecked_into(),
                popup,
            )
        }
        Shape::Dot {
            lat,
            long,
            radius,
            color,
            popup,
            ..
        } => {
            let o = PathOptions::new();
            o.set_color((*color).to_owned());
            o.set_fill_color((*color).to_owned());
            o.set_fill_opacity(0.8);
            o.set_weight(2.0);
            let _ = js_sys::Reflect::set(&o, &"radius".into(), &(*radius).into());
            (
                CircleMarker::new_with_options(&LatLng::new(*lat, *long), &o).unchecked_into(),
                popup,
            )
        }
    };
    if let Some(content) = popup_node(lines) {
        // No auto-pan: the list already pans to the shape, and it avoids animations.
        let o = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&o, &"autoPan".into(), &false.into());
        layer.bind_popup_with_options(&content, &o);
    }
    layer
}

/// A `<div>` with one `<p>` per line, text set through `textContent` (never parsed as HTML).
fn popup_node(lines: &[String]) -> Option<JsValue> {
    if lines.is_empty() {
        return None;
    }
    let doc = web_sys::window()?.document()?;
    let div = doc.create_element("div").ok()?;
    div.set_class_name("map-popup");
    for line in lines {
        let p = doc.create_element("p").ok()?;
        p.set_text_content(Some(line));
        div.append_child(&p).ok()?;
    }
    Some(div.into())
}

/// The centre of a drawn layer (`getLatLng` for dots, `getCenter` for polygons).
fn center_of(layer: &Layer) -> Option<LatLng> {
    for method in ["getLatLng", "getCenter"] {
        let f = js_sys::Reflect::get(layer, &method.into()).ok()?;
        if let Some(f) = f.dyn_ref::<js_sys::Function>() {
            // getCenter throws on a polygon that is not on the map yet; treat that as "no centre".
            if let Ok(v) = f.call0(layer) {
                if v.is_object() {
                    return Some(v.unchecked_into::<LatLng>());
                }
            }
        }
    }
    None
}
