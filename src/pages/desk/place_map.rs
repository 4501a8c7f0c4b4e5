//! A small map of the caller's place: the resolved address, and the incidents and spots that
//! cover it; without tiles, the register's streets around it (`components::map::plan`).

use crate::components::map::plan::use_street_plan;
use crate::components::map::{LeafletMap, Shape};
use crate::i18n::DeskMsg;
use crate::state::use_app;
use leptos::prelude::*;
use spotdesk_api::LocationContext;

/// Zoom of a street block.
const STREET_ZOOM: f64 = 15.0;

/// The map, shown once the address has coordinates.
#[component]
pub fn PlaceMap(
    #[prop(into)] coords: Signal<Option<(f64, f64)>>,
    #[prop(into)] context: Signal<Option<LocationContext>>,
) -> impl IntoView {
    let app = use_app();
    let (tile_url, tile_attribution) = app.config.with_untracked(|c| {
        c.as_ref()
            .map(|c| (c.tile_url.clone(), c.tile_attribution.clone()))
            .unwrap_or_default()
    });
    let plan = use_street_plan(tile_url.is_some());
    let key = move || {
        coords
            .get()
            .map(|(lat, long)| format!("place-{lat}-{long}"))
    };
    let shapes = Signal::derive(move || {
        let mut v = Vec::new();
        if let Some(ctx) = context.get() {
            for i in &ctx.incidents {
                v.push(Shape::Area {
                    key: format!("incident-{}", i.id),
                    ring: i.area.ring.clone(),
                    color: "#b3261e",
                    fill_opacity: 0.15,
                    popup: vec![i.title.clone()],
                });
            }
            for s in &ctx.spots {
                v.push(Shape::Area {
                    key: format!("spot-{}", s.id),
                    ring: s.outline.ring.clone(),
                    color: "#6a1b9a",
                    fill_opacity: 0.15,
                    popup: s.topic.clone().into_iter().collect(),
                });
            }
        }
        if let (Some((lat, long)), Some(key)) = (coords.get(), key()) {
            v.push(Shape::Dot {
                key,
                lat,
                long,
                radius: 8.0,
                color: "#1f5fae",
                popup: vec![],
            });
        }
        v
    });
    view! {
        <div class="place-map">
            <LeafletMap shapes=shapes focus=Signal::derive(key) tile_url=tile_url tile_attribution=tile_attribution
                label=Signal::derive(move || app.t(DeskMsg::PlaceMap)) focus_zoom=STREET_ZOOM plan=plan/>
        </div>
    }
}
