//! The street plan (`GET /public/street-plan`) drawn as the map's base where there are no
//! tiles: the service area's outline and its streets, with their names on the streets. Not
//! interactive (clicks and taps reach the map); names are set as text, never HTML.
//!
//! Names of every street at a city-wide zoom would cover each other: after every zoom or move
//! [`declutter`] hides each name that would overlap one of a longer street (the plan lists the
//! longest first), so zooming in names more streets.

use super::latlngs;
use crate::api::{self, Client};
use crate::state::use_app;
use leaflet::{
    Layer, LayerGroup, Map, Polygon, Polyline, PolylineOptions, Tooltip, TooltipOptions,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use spotdesk_api::StreetPlan;
use std::sync::Arc;
use wasm_bindgen::{JsCast, JsValue};

/// Streets drawn with a wider line (the plan lists the longest first).
const MAJOR_STREETS: usize = 12;
/// Room kept free around a shown name, in pixels.
const NAME_GAP_PX: f64 = 4.0;

/// A `<span>` holding `text` as text.
fn label(text: &str) -> Option<JsValue> {
    let doc = web_sys::window()?.document()?;
    let span = doc.create_element("span").ok()?;
    span.set_text_content(Some(text));
    span.set_class_name("street-name");
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
        if let Some(text) = label(&s.name) {
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

/// Shows each street name that fits: inside the map and clear of the names shown before it
/// (longer streets first); hides the others.
pub fn declutter(map: &Map) {
    let container = map.get_container();
    let Ok(labels) = container.query_selector_all(".street-label") else {
        return;
    };
    let frame = container.get_bounding_client_rect();
    let mut shown: Vec<[f64; 4]> = Vec::new();
    for i in 0..labels.length() {
        let Some(el) = labels
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            continue;
        };
        let r = el.get_bounding_client_rect();
        let b = [
            r.left() - NAME_GAP_PX,
            r.top() - NAME_GAP_PX,
            r.right() + NAME_GAP_PX,
            r.bottom() + NAME_GAP_PX,
        ];
        let inside = r.left() >= frame.left()
            && r.right() <= frame.right()
            && r.top() >= frame.top()
            && r.bottom() <= frame.bottom();
        let clear = !shown
            .iter()
            .any(|s| b[0] < s[2] && s[0] < b[2] && b[1] < s[3] && s[1] < b[3]);
        let show = inside && clear && r.width() > 0.0;
        if show {
            shown.push(b);
        }
        let _ = el
            .style()
            .set_property("visibility", if show { "visible" } else { "hidden" });
    }
}

thread_local! {
    /// The plan fetched once per page load (the register changes by imports, rarely).
    static FETCHED: std::cell::RefCell<Option<Arc<StreetPlan>>> = const { std::cell::RefCell::new(None) };
}

/// The street plan for a map without tiles (`None` while loading, on failure, or when the
/// map has tiles: `has_tiles`). Fetched once per page load and shared by every map.
pub fn use_street_plan(has_tiles: bool) -> Signal<Option<Arc<StreetPlan>>> {
    if has_tiles {
        return Signal::stored(None);
    }
    if let Some(p) = FETCHED.with(|f| f.borrow().clone()) {
        return Signal::stored(Some(p));
    }
    let app = use_app();
    let plan = RwSignal::new(None::<Arc<StreetPlan>>);
    spawn_local(async move {
        // Public: no token, the same answer for everyone.
        let c = Client::new(app.api_base(), None);
        if let Ok(p) = api::public::street_plan(&c).await {
            let p = Arc::new(p);
            FETCHED.with(|f| *f.borrow_mut() = Some(p.clone()));
            let _ = plan.try_set(Some(p));
        }
    });
    plan.into()
}
