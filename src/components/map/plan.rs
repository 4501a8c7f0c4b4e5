//! The street plan (`GET /public/street-plan`) drawn as the map's base where there are no
//! tiles: the service area's outline and its streets, with their names on the streets. Not
//! interactive (clicks and taps reach the map); names are set as text, never HTML.
//!
//! Names of every street at a city-wide zoom would cover each other, so below
//! [`ALL_NAMES_ZOOM`] only the [`MAJOR_STREETS`] longest are named (the container carries
//! `data-plan-names="major"`, and CSS hides the rest).

use leaflet::{
    LatLng, Layer, LayerGroup, Map, Polygon, Polyline, PolylineOptions, Tooltip, TooltipOptions,
};
use spotdesk_api::StreetPlan;
use wasm_bindgen::{JsCast, JsValue};

/// From this zoom on, every street is named.
pub const ALL_NAMES_ZOOM: f64 = 14.0;
/// Streets named at any zoom (the plan lists the longest first).
pub const MAJOR_STREETS: usize = 12;

fn latlngs(line: &[[f64; 2]]) -> js_sys::Array {
    line.iter()
        .map(|[lng, lat]| JsValue::from(LatLng::new(*lat, *lng)))
        .collect()
}

/// A `<span>` holding `text` as text.
fn label(text: &str, major: bool) -> Option<JsValue> {
    let doc = web_sys::window()?.document()?;
    let span = doc.create_element("span").ok()?;
    span.set_text_content(Some(text));
    span.set_class_name(if major {
        "street-name major"
    } else {
        "street-name"
    });
    Some(span.into())
}

/// A layer group of `plan`, added to `map`.
pub fn draw(map: &Map, plan: &StreetPlan) -> LayerGroup {
    let group = LayerGroup::new();
    if plan.outline.ring.len() >= 3 {
        let o = PolylineOptions::new();
        o.set_color("#5b6b7f".to_owned());
        o.set_weight(2.0);
        o.set_dash_array("6 6".to_owned());
        o.set_fill_color("#ffffff".to_owned());
        o.set_fill_opacity(0.55);
        o.set_interactive(false);
        let outline: Layer =
            Polygon::new_with_options(&latlngs(&plan.outline.ring), &o).unchecked_into();
        group.add_layer(&outline);
    }
    for (i, s) in plan.streets.iter().enumerate() {
        let o = PolylineOptions::new();
        o.set_color("#9aa7b6".to_owned());
        o.set_weight(if i < MAJOR_STREETS { 5.0 } else { 3.0 });
        o.set_interactive(false);
        let line: Layer = Polyline::new_with_options(&latlngs(&s.line), &o).unchecked_into();
        if let Some(text) = label(&s.name, i < MAJOR_STREETS) {
            let t = TooltipOptions::new();
            t.set_permanent(true);
            t.set_direction("center".to_owned());
            let _ = js_sys::Reflect::set(&t, &"className".into(), &"street-label".into());
            let tip = Tooltip::new(&t, Some(&line));
            tip.set_content(&text);
            line.bind_tooltip(&tip);
        }
        group.add_layer(&line);
    }
    group.add_to(map);
    group
}

/// Marks the container for CSS: every name shown, or only the major streets'.
pub fn show_names_for_zoom(map: &Map) {
    let el = map.get_container();
    let which = if map.get_zoom() >= ALL_NAMES_ZOOM {
        "all"
    } else {
        "major"
    };
    let _ = el.set_attribute("data-plan-names", which);
}
